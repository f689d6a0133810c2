/* test-service-status.c: folding replicas' states into one
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>

#include "flt-service-status.h"

typedef struct
{
  FltContainerStatus status;
  FltHealth health;
  int exit_code;
  gboolean restarting;
  gboolean oneoff;
} Replica;

typedef struct
{
  const char *name;
  Replica replicas[4];
  guint n_replicas;
  FltServiceStatusKind kind;
  const char *text;
  const char *style;
} Case;

#define R(s, h, code) { FLT_CONTAINER_##s, FLT_HEALTH_##h, code, FALSE, FALSE }

static const Case cases[] = {
  { "none", { }, 0, FLT_SERVICE_NOT_CREATED, "Not created", "dim-label" },
  { "created", { R (CREATED, NONE, 0) }, 1, FLT_SERVICE_CREATED, "Created", "dim-label" },
  { "running", { R (RUNNING, NONE, 0) }, 1, FLT_SERVICE_RUNNING, "Running", "success" },
  { "healthy", { R (RUNNING, HEALTHY, 0), R (RUNNING, HEALTHY, 0) }, 2, FLT_SERVICE_HEALTHY, "Healthy", "success" },
  { "starting", { R (RUNNING, STARTING, 0), R (RUNNING, HEALTHY, 0) }, 2, FLT_SERVICE_STARTING, "Starting", "warning" },
  { "one-unhealthy", { R (RUNNING, HEALTHY, 0), R (RUNNING, UNHEALTHY, 0) }, 2, FLT_SERVICE_UNHEALTHY, "Unhealthy", "error" },
  { "exited-ok", { R (EXITED, NONE, 0) }, 1, FLT_SERVICE_EXITED, "Exited with code 0", "dim-label" },
  { "exited-failed", { R (EXITED, NONE, 0), R (EXITED, NONE, 137) }, 2, FLT_SERVICE_EXITED, "Exited with code 137", "error" },
  { "partial", { R (RUNNING, NONE, 0), R (EXITED, NONE, 1), R (RUNNING, NONE, 0) }, 3, FLT_SERVICE_PARTIAL, "2 of 3 running", "warning" },
  { "restarting", { R (RUNNING, NONE, 0), { FLT_CONTAINER_EXITED, FLT_HEALTH_NONE, 1, TRUE, FALSE } }, 2, FLT_SERVICE_RESTARTING, "Restarting", "error" },
  { "paused", { R (PAUSED, NONE, 0) }, 1, FLT_SERVICE_PAUSED, "Paused", "warning" },
  { "oneoff-ignored", { R (RUNNING, NONE, 0), { FLT_CONTAINER_EXITED, FLT_HEALTH_NONE, 2, FALSE, TRUE } }, 2, FLT_SERVICE_RUNNING, "Running", "success" },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GPtrArray) containers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  FltServiceStatus status;

  for (guint i = 0; i < c->n_replicas; i++)
    {
      FltContainerState *state = g_new0 (FltContainerState, 1);

      state->status = c->replicas[i].status;
      state->health = c->replicas[i].health;
      state->exit_code = c->replicas[i].exit_code;
      state->restarting = c->replicas[i].restarting;
      state->oneoff = c->replicas[i].oneoff;
      g_ptr_array_add (containers, state);
    }

  flt_service_status_compute (&status, containers);
  text = flt_service_status_describe (&status);
  g_assert_cmpint (status.kind, ==, c->kind);
  g_assert_cmpstr (text, ==, c->text);
  g_assert_cmpstr (flt_service_status_style_class (&status), ==, c->style);
  g_assert_cmpint (flt_service_status_is_up (&status), ==, status.n_running > 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/service-status/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  return g_test_run ();
}
