/* flt-graph-live.c: the graph's live part, from the engine
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-graph-live.h"

/* As the sidebar has it (flt-service-status.c): an exit with any code
 * but 0 is a problem, and so is the kernel killing it for memory. */
static gboolean
exited_cleanly (const FltContainerState *c)
{
  return !c->oom_killed && c->exit_code == 0;
}

static FltGraphState
replica_state (const FltContainerState *c)
{
  if (c->restarting || c->status == FLT_CONTAINER_RESTARTING)
    return FLT_GRAPH_STATE_RESTARTING;

  switch (c->status)
    {
    case FLT_CONTAINER_RUNNING:
      switch (c->health)
        {
        case FLT_HEALTH_STARTING: return FLT_GRAPH_STATE_STARTING;
        case FLT_HEALTH_HEALTHY: return FLT_GRAPH_STATE_HEALTHY;
        case FLT_HEALTH_UNHEALTHY: return FLT_GRAPH_STATE_UNHEALTHY;
        case FLT_HEALTH_NONE:
        default: return FLT_GRAPH_STATE_RUNNING;
        }
    case FLT_CONTAINER_CREATED: return FLT_GRAPH_STATE_CREATED;
    case FLT_CONTAINER_PAUSED: return FLT_GRAPH_STATE_PAUSED;
    case FLT_CONTAINER_DEAD: return FLT_GRAPH_STATE_DEAD;
    case FLT_CONTAINER_EXITED:
      return exited_cleanly (c) ? FLT_GRAPH_STATE_EXITED : FLT_GRAPH_STATE_FAILED;
    case FLT_CONTAINER_REMOVING:
    case FLT_CONTAINER_RESTARTING:
    default:
      return FLT_GRAPH_STATE_EXITED;
    }
}

/* "172.18.0.2 · web-alias": the addresses the containers have on the
 * network, then the aliases the file gives. */
static char *
network_label (GPtrArray            *containers,
               FltNetworkState      *network,
               FltNetworkAttachment *attachment)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; containers != NULL && network != NULL && i < containers->len; i++)
    {
      FltContainerState *c = g_ptr_array_index (containers, i);
      const FltAttachmentState *a = flt_container_state_get_attachment (c, network->name);
      const char *ip = a && a->ipv4 && *a->ipv4 ? a->ipv4 : flt_network_state_get_member_ipv4 (network, c->id);

      if (ip == NULL || *ip == '\0')
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, ip);
    }
  if (s->len == 0)
    return g_string_free (s, TRUE);

  if (attachment != NULL && attachment->aliases != NULL && attachment->aliases[0] != NULL)
    {
      g_autofree char *aliases = g_strjoinv (", ", attachment->aliases);

      g_string_append_printf (s, " · %s", aliases);
    }
  return g_string_free (s, FALSE);
}

static FltNetworkAttachment *
find_attachment (FltService *service,
                 const char *key)
{
  GPtrArray *networks = service ? flt_service_get_networks (service) : NULL;

  for (guint i = 0; networks != NULL && i < networks->len; i++)
    {
      FltNetworkAttachment *a = g_ptr_array_index (networks, i);

      if (g_strcmp0 (a->network, key) == 0)
        return a;
    }
  return NULL;
}

static char *
network_detail (FltNetworkState *network)
{
  GString *s = g_string_new (network->driver);

  for (guint i = 0; network->subnets != NULL && network->subnets[i] != NULL; i++)
    g_string_append_printf (s, s->len > 0 ? " · %s" : "%s", network->subnets[i]);
  return g_string_free (s, s->len == 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * flt_graph_apply_state:
 * @graph: the graph of the project's file
 * @state: the project as the engine has it
 *
 * Makes @graph's live part equal to @state: each service's containers and
 * their states, orphans (containers of services the file does not have),
 * the addresses on network edges and the networks' subnets.  One
 * "state-changed" (or "changed", if orphans came or went) at the end.
 */
void
flt_graph_apply_state (FltGraph        *graph,
                       FltProjectState *state)
{
  g_autoptr(GPtrArray) containers = NULL;
  g_autoptr(GHashTable) by_service = NULL;   /* service → GPtrArray of FltContainerState */
  g_autoptr(GPtrArray) services = NULL;
  FltProject *project;
  guint n_nodes;

  g_return_if_fail (FLT_IS_GRAPH (graph));
  g_return_if_fail (FLT_IS_PROJECT_STATE (state));

  project = flt_graph_get_project (graph);
  containers = flt_project_state_list_containers (state);
  by_service = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  services = g_ptr_array_new ();

  for (guint i = 0; i < containers->len; i++)
    {
      FltContainerState *c = g_ptr_array_index (containers, i);
      GPtrArray *list;

      /* `run` containers are not replicas of the service. */
      if (c->oneoff || c->service == NULL)
        continue;
      list = g_hash_table_lookup (by_service, c->service);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_service, c->service, list);
          g_ptr_array_add (services, c->service);
        }
      g_ptr_array_add (list, c);
    }

  flt_graph_freeze (graph);
  flt_graph_set_live (graph, TRUE);

  /* Services of the file, and orphans that are gone. */
  n_nodes = flt_graph_get_n_nodes (graph);
  {
    g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < n_nodes; i++)
      {
        const FltGraphNode *node = flt_graph_get_node (graph, i);
        GPtrArray *list;
        g_autoptr(GPtrArray) replicas = NULL;

        if (node->kind != FLT_GRAPH_NODE_SERVICE)
          continue;
        list = g_hash_table_lookup (by_service, node->name);
        if (node->orphan && list == NULL)
          {
            g_ptr_array_add (gone, g_strdup (node->name));
            continue;
          }
        replicas = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_graph_replica_free);
        for (guint k = 0; list != NULL && k < list->len; k++)
          {
            FltContainerState *c = g_ptr_array_index (list, k);

            g_ptr_array_add (replicas, flt_graph_replica_new (c->id, c->name, c->number, replica_state (c)));
          }
        flt_graph_set_replicas (graph, node->name, replicas);
      }
    for (guint i = 0; i < gone->len; i++)
      flt_graph_remove_orphan (graph, g_ptr_array_index (gone, i));
  }

  /* Containers of services the file does not have. */
  g_ptr_array_sort (services, compare_strings);
  for (guint i = 0; i < services->len; i++)
    {
      const char *name = g_ptr_array_index (services, i);
      g_autofree char *id = g_strconcat ("service:", name, NULL);
      const FltGraphNode *node = flt_graph_lookup_node (graph, id);
      GPtrArray *list;
      g_autoptr(GPtrArray) replicas = NULL;

      if (node != NULL && !node->orphan)
        continue;
      list = g_hash_table_lookup (by_service, name);
      replicas = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_graph_replica_free);
      for (guint k = 0; k < list->len; k++)
        {
          FltContainerState *c = g_ptr_array_index (list, k);

          g_ptr_array_add (replicas, flt_graph_replica_new (c->id, c->name, c->number, replica_state (c)));
        }
      flt_graph_add_orphan (graph, name, replicas);
    }

  /* Addresses on the service → network edges. */
  for (guint i = 0; i < flt_graph_get_n_edges (graph); i++)
    {
      const FltGraphEdge *edge = flt_graph_get_edge (graph, i);
      const char *service, *key;
      g_autoptr(FltNetworkState) network = NULL;
      g_autofree char *label = NULL;

      if (edge->kind != FLT_GRAPH_EDGE_NETWORK
          || !g_str_has_prefix (edge->source_id, "service:")
          || !g_str_has_prefix (edge->target_id, "network:"))
        continue;
      service = edge->source_id + strlen ("service:");
      key = edge->target_id + strlen ("network:");
      network = flt_project_state_find_network_by_key (state, key);
      label = network_label (g_hash_table_lookup (by_service, service), network,
                             find_attachment (project ? flt_project_get_service (project, service) : NULL, key));
      /* NULL: back to the file's label while it has no address. */
      flt_graph_set_edge_label (graph, edge->source_id, edge->target_id, FLT_GRAPH_EDGE_NETWORK, label);
    }

  /* Subnets the engine picked. */
  for (guint i = 0; i < flt_graph_get_n_nodes (graph); i++)
    {
      const FltGraphNode *node = flt_graph_get_node (graph, i);
      g_autoptr(FltNetworkState) network = NULL;
      g_autofree char *detail = NULL;

      if (node->kind != FLT_GRAPH_NODE_NETWORK)
        continue;
      network = flt_project_state_find_network_by_key (state, node->name);
      if (network != NULL)
        detail = network_detail (network);
      flt_graph_set_network_detail (graph, node->name, detail);
    }

  flt_graph_thaw (graph);
}
