/* flt-stack-graph.c: a stack's tasks on the project's graph
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a Swarm a service's replicas are its tasks, spread over nodes: each
 * becomes a badge on the service's card, named after its slot and node
 * ("web.2@node1"), in the colour of its state.
 */

#include "flt-stack-graph.h"

/* Where a task is in its life, in the graph's colours: on its way up,
 * running, ended (by a stop or a completed job) or failed. */
FltGraphState
flt_task_state_to_graph_state (FltTaskState state)
{
  switch (state)
    {
    case FLT_TASK_NEW:
    case FLT_TASK_ALLOCATED:
    case FLT_TASK_PENDING:
    case FLT_TASK_ASSIGNED:
    case FLT_TASK_ACCEPTED:
      return FLT_GRAPH_STATE_CREATED;
    case FLT_TASK_PREPARING:
    case FLT_TASK_READY:
    case FLT_TASK_STARTING:
      return FLT_GRAPH_STATE_STARTING;
    case FLT_TASK_RUNNING:
      return FLT_GRAPH_STATE_RUNNING;
    case FLT_TASK_COMPLETE:
    case FLT_TASK_SHUTDOWN:
    case FLT_TASK_REMOVE:
      return FLT_GRAPH_STATE_EXITED;
    case FLT_TASK_FAILED:
    case FLT_TASK_REJECTED:
      return FLT_GRAPH_STATE_FAILED;
    case FLT_TASK_ORPHANED:
      return FLT_GRAPH_STATE_DEAD;
    case FLT_TASK_UNKNOWN:
    default:
      return FLT_GRAPH_STATE_UNKNOWN;
    }
}

static char *
slot_key (const FltStackTask *task)
{
  /* Replicated tasks by slot, global ones (slot 0) by node. */
  return task->slot > 0 ? g_strdup_printf ("%s\n%d", task->service, task->slot)
                        : g_strdup_printf ("%s\n@%s", task->service, task->node_id ? task->node_id : "");
}

/**
 * flt_graph_apply_stack:
 * @tasks: (element-type FltStackTask): the stack's tasks, as
 *   flt_stack_list_tasks() gives them (with @all, so that a slot whose
 *   task keeps failing shows the failure)
 *
 * Makes @graph live with one replica per slot (per node for global
 * services): the task Swarm wants running there, else the newest one.
 * Services without tasks get none.
 */
void
flt_graph_apply_stack (FltGraph  *graph,
                       GPtrArray *tasks)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_service = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  FltProject *project;

  g_return_if_fail (FLT_IS_GRAPH (graph));
  g_return_if_fail (tasks != NULL);

  project = flt_graph_get_project (graph);

  for (guint i = 0; i < tasks->len; i++)
    {
      FltStackTask *task = g_ptr_array_index (tasks, i);
      char *key = slot_key (task);
      FltStackTask *current = g_hash_table_lookup (chosen, key);

      if (current == NULL)
        {
          g_hash_table_insert (chosen, key, task);
          g_ptr_array_add (order, task);
          continue;
        }
      g_free (key);
      if ((task->desired == FLT_TASK_RUNNING && current->desired != FLT_TASK_RUNNING) ||
          (task->desired == current->desired && task->timestamp > current->timestamp))
        {
          g_hash_table_replace (chosen, slot_key (task), task);
          g_ptr_array_remove (order, current);
          g_ptr_array_add (order, task);
        }
    }

  for (guint i = 0; i < order->len; i++)
    {
      FltStackTask *task = g_ptr_array_index (order, i);
      GPtrArray *replicas = g_hash_table_lookup (by_service, task->service);
      g_autofree char *name = NULL;

      if (replicas == NULL)
        {
          replicas = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_graph_replica_free);
          g_hash_table_insert (by_service, task->service, replicas);
        }
      if (task->slot > 0)
        name = task->node ? g_strdup_printf ("%s.%d@%s", task->service, task->slot, task->node)
                          : g_strdup_printf ("%s.%d", task->service, task->slot);
      else
        name = g_strdup_printf ("%s@%s", task->service, task->node ? task->node : "");
      g_ptr_array_add (replicas, flt_graph_replica_new (task->container_id ? task->container_id : task->id,
                                                        name, task->slot,
                                                        flt_task_state_to_graph_state (task->state)));
    }

  flt_graph_freeze (graph);
  flt_graph_set_live (graph, TRUE);
  for (guint i = 0; i < flt_graph_get_n_nodes (graph); i++)
    {
      const FltGraphNode *node = flt_graph_get_node (graph, i);
      GPtrArray *replicas;

      if (node->kind != FLT_GRAPH_NODE_SERVICE || node->orphan)
        continue;
      replicas = g_hash_table_lookup (by_service, node->name);
      if (replicas != NULL)
        {
          flt_graph_set_replicas (graph, node->name, replicas);
        }
      else
        {
          g_autoptr(GPtrArray) none = g_ptr_array_new ();

          flt_graph_set_replicas (graph, node->name, none);
        }
    }
  /* The stack's own networks are overlays unless the file says which. */
  for (guint i = 0; project != NULL && i < flt_graph_get_n_nodes (graph); i++)
    {
      const FltGraphNode *node = flt_graph_get_node (graph, i);
      FltNetwork *network;
      const char *driver;

      if (node->kind != FLT_GRAPH_NODE_NETWORK)
        continue;
      network = flt_project_get_network (project, node->name);
      if (network == NULL || flt_network_get_external (network))
        continue;
      driver = flt_network_get_driver (network);
      flt_graph_set_network_detail (graph, node->name, driver != NULL && *driver != '\0' ? driver : "overlay");
    }
  flt_graph_thaw (graph);
}
