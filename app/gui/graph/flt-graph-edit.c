/* flt-graph-edit.c: what drawing an edge in the graph writes into the file
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A service dropped onto another service comes to depend on it; dropped
 * onto a network, it joins it.  Each is one minimal patch on the document
 * (one undo step), written in the form the file already uses: a list
 * gets an item, a mapping a key, a flow collection stays flow.  What
 * Compose would refuse (a circle of dependencies, a network for a service
 * with network_mode) is refused here first, with the reason.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-graph-edit.h"

G_DEFINE_QUARK (flt-graph-edit-error-quark, flt_graph_edit_error)

typedef enum
{
  PLAN_DEPENDS_ON,
  PLAN_NETWORK,
} PlanKind;

typedef struct
{
  PlanKind    kind;
  FltService *service;      /* the one the file changes */
  const char *target;       /* a service name or a network key */
} Plan;

/* "service:web" → "web" when @id is of @prefix, else NULL */
static const char *
id_name (const char *id,
         const char *prefix)
{
  gsize length = strlen (prefix);

  if (id != NULL && strncmp (id, prefix, length) == 0 && id[length] == ':')
    return id + length + 1;
  return NULL;
}

/* Whether @from must start after @to, following depends_on, links,
 * volumes_from and service: modes, the way Compose orders services. */
static gboolean
reaches (FltProject *project,
         const char *from,
         const char *to,
         GHashTable *visited)
{
  FltService *service;
  g_auto(GStrv) names = NULL;

  if (g_str_equal (from, to))
    return TRUE;
  if (!g_hash_table_add (visited, (gpointer) from))
    return FALSE;
  service = flt_project_get_service (project, from);
  if (service == NULL)
    return FALSE;
  names = flt_service_dup_dependency_names (service);
  for (guint i = 0; names[i] != NULL; i++)
    {
      /* @visited keeps the services' own names, which outlive @names. */
      FltService *next = flt_project_get_service (project, names[i]);

      if (next != NULL && reaches (project, flt_service_get_name (next), to, visited))
        return TRUE;
    }
  return FALSE;
}

static FltService *
file_service (FltProject  *project,
              const char  *name,
              GError     **error)
{
  FltService *service = flt_project_get_service (project, name);

  if (service == NULL)
    g_set_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_NOT_IN_FILE,
                 /* Translators: %s is a service name; an orphan is a container
                  * the engine still has from an earlier version of the file */
                 _("%s is not a service of this file (it is a leftover container); add it to the file first"),
                 name);
  return service;
}

static gboolean
plan_depends_on (FltProject  *project,
                 const char  *source,
                 const char  *target,
                 Plan        *plan,
                 GError     **error)
{
  g_autoptr(GHashTable) visited = NULL;
  FltService *service;
  GPtrArray *depends_on;

  if (g_str_equal (source, target))
    {
      g_set_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_SELF,
                   /* Translators: %s is a service name */
                   _("%s cannot depend on itself; drop the edge onto another service"), source);
      return FALSE;
    }
  if ((service = file_service (project, source, error)) == NULL ||
      file_service (project, target, error) == NULL)
    return FALSE;

  depends_on = flt_service_get_depends_on (service);
  for (guint i = 0; i < depends_on->len; i++)
    {
      FltDependency *dependency = g_ptr_array_index (depends_on, i);

      if (g_strcmp0 (dependency->service, target) == 0)
        {
          g_set_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_DUPLICATE,
                       /* Translators: both are service names */
                       _("%s already depends on %s"), source, target);
          return FALSE;
        }
    }

  visited = g_hash_table_new (g_str_hash, g_str_equal);
  if (reaches (project, target, source, visited))
    {
      g_set_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_CYCLE,
                   /* Translators: %1$s and %2$s are service names.  Compose
                    * refuses to start services that wait for each other. */
                   _("Cannot make %1$s depend on %2$s: %2$s already depends on %1$s, directly or "
                     "through other services, and Compose refuses services that wait for each other"),
                   source, target);
      return FALSE;
    }

  plan->kind = PLAN_DEPENDS_ON;
  plan->service = service;
  plan->target = target;
  return TRUE;
}

static gboolean
plan_network (FltProject  *project,
              const char  *source,
              const char  *network,
              Plan        *plan,
              GError     **error)
{
  FltService *service;
  GPtrArray *attachments;
  const char *mode;

  if ((service = file_service (project, source, error)) == NULL)
    return FALSE;
  if (flt_project_is_legacy (project))
    {
      g_set_error_literal (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_UNSUPPORTED,
                           _("This file has the first Compose format, without “services:”, which has no "
                             "networks; move its services under “services:” to use networks"));
      return FALSE;
    }
  if (flt_project_get_network (project, network) == NULL)
    {
      g_set_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_NOT_IN_FILE,
                   /* Translators: %s is a network's name */
                   _("The network %s is not in the file; add it under “networks:” first"), network);
      return FALSE;
    }

  mode = flt_service_get_network_mode (service);
  if (mode != NULL)
    {
      g_set_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_NETWORK_MODE,
                   /* Translators: %1$s is a service name, %2$s its network_mode
                    * ("host", "none", "service:db"…) */
                   _("%1$s has network_mode “%2$s”, which keeps it off the project's networks; "
                     "remove network_mode to let it join one"),
                   source, mode);
      return FALSE;
    }

  attachments = flt_service_get_networks (service);
  for (guint i = 0; i < attachments->len; i++)
    {
      FltNetworkAttachment *attachment = g_ptr_array_index (attachments, i);

      if (g_strcmp0 (attachment->network, network) == 0)
        {
          if (attachment->node == NULL)
            g_set_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_DUPLICATE,
                         /* Translators: %1$s is a service, %2$s a network ("default") */
                         _("%1$s is already on %2$s: a service without “networks:” joins it"),
                         source, network);
          else
            g_set_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_DUPLICATE,
                         /* Translators: %1$s is a service, %2$s a network */
                         _("%1$s is already on %2$s"), source, network);
          return FALSE;
        }
    }

  plan->kind = PLAN_NETWORK;
  plan->service = service;
  plan->target = network;
  return TRUE;
}

static gboolean
make_plan (FltProject  *project,
           const char  *source_id,
           const char  *target_id,
           Plan        *plan,
           GError     **error)
{
  const char *source = id_name (source_id, "service");
  const char *target;

  if (project == NULL)
    {
      g_set_error_literal (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_UNSUPPORTED,
                           _("The file has errors to fix before the graph can change it"));
      return FALSE;
    }
  if (source != NULL && (target = id_name (target_id, "service")) != NULL)
    return plan_depends_on (project, source, target, plan, error);
  if (source != NULL && (target = id_name (target_id, "network")) != NULL)
    return plan_network (project, source, target, plan, error);

  g_set_error_literal (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_UNSUPPORTED,
                       _("Drag from a service onto another service to make it depend on that one, "
                         "or onto a network to join it"));
  return FALSE;
}

/* The key @key under @parent: in flow style where the file is. */
static gboolean
add_mapping_key (FltDocument  *document,
                 const char   *parent,
                 const FltNode *node,
                 const char   *key,
                 const char   *flow_value,
                 const char   *block_value,
                 GError      **error)
{
  g_autofree char *path = flt_path_append_key (parent, key);

  return flt_document_set_value (document, path, node->flow ? flow_value : block_value,
                                 FLT_EDIT_YAML, error);
}

static gboolean
write_depends_on (FltDocument  *document,
                  const Plan   *plan,
                  GError      **error)
{
  g_autofree char *path = flt_path_append_key (flt_service_get_path (plan->service), "depends_on");
  const FltNode *node = flt_document_lookup (document, path, NULL);

  /* The long form says how long to wait; "started" is what the short
   * form means, so the new entry behaves like the list's. */
  if (node != NULL && node->kind == FLT_NODE_MAPPING)
    return add_mapping_key (document, path, node, plan->target,
                            "{condition: service_started}", "condition: service_started", error);
  return flt_document_add_item (document, path, plan->target, FLT_EDIT_NONE, error);
}

static gboolean
write_network (FltDocument  *document,
               FltProject   *project,
               const Plan   *plan,
               GError      **error)
{
  g_autofree char *path = flt_path_append_key (flt_service_get_path (plan->service), "networks");
  const FltNode *node = flt_document_lookup (document, path, NULL);

  if (node != NULL && node->kind == FLT_NODE_MAPPING)
    return add_mapping_key (document, path, node, plan->target, "{}", "{}", error);
  if (node == NULL && flt_project_get_network (project, "default") != NULL)
    {
      /* Without "networks:" the service is on the default network; naming
       * only the new one would take it off that one, and away from the
       * services it talks to there.  One patch, one undo step. */
      g_autoptr(GString) value = g_string_new ("- default\n- ");
      g_autofree char *item = flt_yaml_encode_new_scalar (plan->target, TRUE, FALSE);

      g_string_append (value, item);
      return flt_document_set_value (document, path, value->str, FLT_EDIT_YAML, error);
    }
  return flt_document_add_item (document, path, plan->target, FLT_EDIT_NONE, error);
}

/**
 * flt_graph_edit_can_connect:
 * @project: (nullable): the project as the graph shows it
 * @source_id: the node the drag started on ("service:web")
 * @target_id: the node it would end on
 *
 * Returns: whether flt_graph_edit_connect() would change the file; for
 *   the highlight while dragging
 */
gboolean
flt_graph_edit_can_connect (FltProject *project,
                            const char *source_id,
                            const char *target_id)
{
  Plan plan;

  return make_plan (project, source_id, target_id, &plan, NULL);
}

/**
 * flt_graph_edit_connect:
 * @document: the file to change
 * @project: (nullable): the project built from it, current
 * @source_id: the service the edge starts at ("service:web")
 * @target_id: a service ("service:es") or a network ("network:backend")
 * @message: (out) (optional): what was done, as a sentence for a toast
 *
 * Makes @source_id depend on the service @target_id, or join the network
 * @target_id, as one edit of @document.
 *
 * Returns: %TRUE if the file changed; %FALSE with @error saying why not
 *   (%FLT_GRAPH_EDIT_ERROR, or the document's own)
 */
gboolean
flt_graph_edit_connect (FltDocument  *document,
                        FltProject   *project,
                        const char   *source_id,
                        const char   *target_id,
                        char        **message,
                        GError      **error)
{
  Plan plan;
  gboolean written;

  g_return_val_if_fail (FLT_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (project == NULL || FLT_IS_PROJECT (project), FALSE);

  if (!make_plan (project, source_id, target_id, &plan, error))
    return FALSE;

  if (plan.kind == PLAN_DEPENDS_ON)
    written = write_depends_on (document, &plan, error);
  else
    written = write_network (document, project, &plan, error);
  if (!written)
    return FALSE;

  if (message != NULL)
    {
      if (plan.kind == PLAN_DEPENDS_ON)
        /* Translators: both are service names: the first now starts after the second */
        *message = g_strdup_printf (_("%s now depends on %s"), flt_service_get_name (plan.service), plan.target);
      else
        /* Translators: %1$s is a service, %2$s the network it joined */
        *message = g_strdup_printf (_("%1$s joined the network %2$s"), flt_service_get_name (plan.service),
                                    plan.target);
    }
  return TRUE;
}
