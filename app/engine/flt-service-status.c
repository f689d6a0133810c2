/* flt-service-status.c: one line for what a service's containers are doing
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar shows every service's state at a glance; a service can have
 * several replicas, so this folds their states into the one a person
 * needs to know first: a problem wins over "running".
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "flt-service-status.h"

/**
 * flt_service_status_compute:
 * @containers: (element-type FltContainerState): the service's containers,
 *   one-off ones included or not
 */
void
flt_service_status_compute (FltServiceStatus *status,
                            GPtrArray        *containers)
{
  guint n_unhealthy = 0, n_starting = 0, n_healthy = 0, n_restarting = 0;
  guint n_paused = 0, n_created = 0, n_exited = 0;

  g_return_if_fail (status != NULL);

  *status = (FltServiceStatus) { FLT_SERVICE_NOT_CREATED, 0, 0, 0 };

  for (guint i = 0; containers != NULL && i < containers->len; i++)
    {
      FltContainerState *c = g_ptr_array_index (containers, i);

      if (c->oneoff)
        continue;
      status->n_containers++;
      if (c->restarting || c->status == FLT_CONTAINER_RESTARTING)
        n_restarting++;
      else if (c->status == FLT_CONTAINER_PAUSED)
        n_paused++;
      else if (c->status == FLT_CONTAINER_RUNNING)
        {
          status->n_running++;
          if (c->health == FLT_HEALTH_UNHEALTHY)
            n_unhealthy++;
          else if (c->health == FLT_HEALTH_STARTING)
            n_starting++;
          else if (c->health == FLT_HEALTH_HEALTHY)
            n_healthy++;
        }
      else if (c->status == FLT_CONTAINER_CREATED)
        n_created++;
      else
        {
          n_exited++;
          if (status->exit_code == 0)
            status->exit_code = c->exit_code;
        }
    }

  if (status->n_containers == 0)
    status->kind = FLT_SERVICE_NOT_CREATED;
  else if (n_restarting > 0)
    status->kind = FLT_SERVICE_RESTARTING;
  else if (n_unhealthy > 0)
    status->kind = FLT_SERVICE_UNHEALTHY;
  else if (status->n_running > 0 && status->n_running < status->n_containers - n_paused)
    status->kind = FLT_SERVICE_PARTIAL;
  else if (n_paused > 0 && status->n_running == 0)
    status->kind = FLT_SERVICE_PAUSED;
  else if (n_starting > 0)
    status->kind = FLT_SERVICE_STARTING;
  else if (status->n_running > 0)
    status->kind = n_healthy == status->n_running ? FLT_SERVICE_HEALTHY : FLT_SERVICE_RUNNING;
  else if (n_exited > 0)
    status->kind = FLT_SERVICE_EXITED;
  else
    status->kind = FLT_SERVICE_CREATED;
}

/**
 * flt_service_status_describe:
 *
 * Returns: (transfer full): a short translated phrase for the sidebar,
 *   such as "Exited with code 137" or "2 of 3 running"
 */
char *
flt_service_status_describe (const FltServiceStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);

  switch (status->kind)
    {
    case FLT_SERVICE_NOT_CREATED:
      return g_strdup (C_("service state", "Not created"));
    case FLT_SERVICE_CREATED:
      return g_strdup (C_("service state", "Created"));
    case FLT_SERVICE_STARTING:
      return g_strdup (C_("service state", "Starting"));
    case FLT_SERVICE_RUNNING:
      return g_strdup (C_("service state", "Running"));
    case FLT_SERVICE_HEALTHY:
      return g_strdup (C_("service state", "Healthy"));
    case FLT_SERVICE_UNHEALTHY:
      return g_strdup (C_("service state", "Unhealthy"));
    case FLT_SERVICE_RESTARTING:
      return g_strdup (C_("service state", "Restarting"));
    case FLT_SERVICE_PAUSED:
      return g_strdup (C_("service state", "Paused"));
    case FLT_SERVICE_EXITED:
      /* Translators: %d is the exit code of the service's container */
      return g_strdup_printf (C_("service state", "Exited with code %d"), status->exit_code);
    case FLT_SERVICE_PARTIAL:
    default:
      /* Translators: "2 of 3 running": replicas of one service */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u running", "%u of %u running",
                                           status->n_containers),
                              status->n_running, status->n_containers);
    }
}

/**
 * flt_service_status_style_class:
 *
 * Returns: the CSS class the GUI colours the state with: "success",
 *   "warning", "error" or "dim-label"
 */
const char *
flt_service_status_style_class (const FltServiceStatus *status)
{
  g_return_val_if_fail (status != NULL, "dim-label");

  switch (status->kind)
    {
    case FLT_SERVICE_RUNNING:
    case FLT_SERVICE_HEALTHY:
      return "success";
    case FLT_SERVICE_STARTING:
    case FLT_SERVICE_PAUSED:
    case FLT_SERVICE_PARTIAL:
      return "warning";
    case FLT_SERVICE_UNHEALTHY:
    case FLT_SERVICE_RESTARTING:
      return "error";
    case FLT_SERVICE_EXITED:
      return status->exit_code != 0 ? "error" : "dim-label";
    case FLT_SERVICE_NOT_CREATED:
    case FLT_SERVICE_CREATED:
    default:
      return "dim-label";
    }
}

/* Whether the service counts as up for the project's summary. */
gboolean
flt_service_status_is_up (const FltServiceStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  return status->n_running > 0;
}
