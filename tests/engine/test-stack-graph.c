/* test-stack-graph.c: a stack's tasks as replicas on the graph
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "flt-stack-graph.h"

static FltProject *
load (const char *text)
{
  g_autoptr(FltDocument) doc = flt_document_new (text, -1, "compose.yaml");
  FltProjectOptions options = { 0 };

  return flt_project_new (&doc, 1, &options);
}

static FltStackTask *
task (const char   *id,
      const char   *service,
      int           slot,
      const char   *node,
      FltTaskState  desired,
      FltTaskState  state,
      gint64        timestamp)
{
  FltStackTask *t = g_new0 (FltStackTask, 1);

  t->id = g_strdup (id);
  t->service = g_strdup (service);
  t->slot = slot;
  t->node_id = g_strdup (node);
  t->node = g_strdup (node);
  t->desired = desired;
  t->state = state;
  t->timestamp = timestamp;
  t->container_id = g_strdup_printf ("container-of-%s", id);
  return t;
}

static const FltGraphReplica *
replica (const FltGraphNode *node,
         int                 number)
{
  for (guint i = 0; i < node->replicas->len; i++)
    if (((FltGraphReplica *) g_ptr_array_index (node->replicas, i))->number == number)
      return g_ptr_array_index (node->replicas, i);
  return NULL;
}

static void
test_replicas (void)
{
  g_autoptr(FltProject) project = load ("name: demo\n"
                                        "services:\n"
                                        "  es:\n    image: x\n"
                                        "  web:\n    image: x\n"
                                        "  agent:\n    image: x\n    deploy:\n      mode: global\n");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_stack_task_free);
  const FltGraphNode *web, *es, *agent;

  /* web.1 runs; web.2 failed and its replacement is starting; web.3 only
   * failed; the agent runs on two nodes. */
  g_ptr_array_add (tasks, task ("t1", "web", 1, "n1", FLT_TASK_RUNNING, FLT_TASK_RUNNING, 100));
  g_ptr_array_add (tasks, task ("t2", "web", 2, "n1", FLT_TASK_SHUTDOWN, FLT_TASK_FAILED, 100));
  g_ptr_array_add (tasks, task ("t3", "web", 2, "n2", FLT_TASK_RUNNING, FLT_TASK_STARTING, 50));
  g_ptr_array_add (tasks, task ("t4", "web", 3, "n2", FLT_TASK_SHUTDOWN, FLT_TASK_FAILED, 90));
  g_ptr_array_add (tasks, task ("t5", "web", 3, "n2", FLT_TASK_SHUTDOWN, FLT_TASK_REJECTED, 80));
  g_ptr_array_add (tasks, task ("t6", "agent", 0, "n1", FLT_TASK_RUNNING, FLT_TASK_RUNNING, 10));
  g_ptr_array_add (tasks, task ("t7", "agent", 0, "n2", FLT_TASK_RUNNING, FLT_TASK_PREPARING, 10));

  g_assert_false (flt_graph_get_live (graph));
  flt_graph_apply_stack (graph, tasks);
  g_assert_true (flt_graph_get_live (graph));

  web = flt_graph_lookup_node (graph, "service:web");
  g_assert_nonnull (web);
  g_assert_cmpuint (web->replicas->len, ==, 3);
  g_assert_cmpint (replica (web, 1)->state, ==, FLT_GRAPH_STATE_RUNNING);
  g_assert_cmpstr (replica (web, 1)->name, ==, "web.1@n1");
  g_assert_cmpstr (replica (web, 1)->container_id, ==, "container-of-t1");
  /* The task Swarm wants running wins over a newer failed one. */
  g_assert_cmpint (replica (web, 2)->state, ==, FLT_GRAPH_STATE_STARTING);
  g_assert_cmpstr (replica (web, 2)->name, ==, "web.2@n2");
  /* Without one, the newest says how the slot is doing. */
  g_assert_cmpint (replica (web, 3)->state, ==, FLT_GRAPH_STATE_FAILED);
  g_assert_cmpstr (replica (web, 3)->container_id, ==, "container-of-t4");

  agent = flt_graph_lookup_node (graph, "service:agent");
  g_assert_cmpuint (agent->replicas->len, ==, 2);

  es = flt_graph_lookup_node (graph, "service:es");
  g_assert_cmpuint (es->replicas->len, ==, 0);

  /* Removed from the Swarm: no task, no replica. */
  g_ptr_array_set_size (tasks, 0);
  flt_graph_apply_stack (graph, tasks);
  web = flt_graph_lookup_node (graph, "service:web");
  g_assert_cmpuint (web->replicas->len, ==, 0);
}

/* On a Swarm the stack's own networks are overlays, unless the file
 * names another driver; external ones keep what the file says. */
static void
test_networks (void)
{
  g_autoptr(FltProject) project = load ("name: demo\n"
                                        "services:\n"
                                        "  web:\n    image: x\n    networks: [front, back, outside]\n"
                                        "networks:\n"
                                        "  front: {}\n"
                                        "  back:\n    driver: weave\n"
                                        "  outside:\n    external: true\n");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_stack_task_free);
  g_autofree char *outside = g_strdup (flt_graph_lookup_node (graph, "network:outside")->detail);

  g_ptr_array_add (tasks, task ("t1", "web", 1, "n1", FLT_TASK_RUNNING, FLT_TASK_RUNNING, 100));
  flt_graph_apply_stack (graph, tasks);
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:front")->detail, ==, "overlay");
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:back")->detail, ==, "weave");
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:outside")->detail, ==, outside);
}

static void
test_states (void)
{
  g_assert_cmpint (flt_task_state_to_graph_state (FLT_TASK_PENDING), ==, FLT_GRAPH_STATE_CREATED);
  g_assert_cmpint (flt_task_state_to_graph_state (FLT_TASK_PREPARING), ==, FLT_GRAPH_STATE_STARTING);
  g_assert_cmpint (flt_task_state_to_graph_state (FLT_TASK_RUNNING), ==, FLT_GRAPH_STATE_RUNNING);
  g_assert_cmpint (flt_task_state_to_graph_state (FLT_TASK_COMPLETE), ==, FLT_GRAPH_STATE_EXITED);
  g_assert_cmpint (flt_task_state_to_graph_state (FLT_TASK_SHUTDOWN), ==, FLT_GRAPH_STATE_EXITED);
  g_assert_cmpint (flt_task_state_to_graph_state (FLT_TASK_REJECTED), ==, FLT_GRAPH_STATE_FAILED);
  g_assert_cmpint (flt_task_state_to_graph_state (FLT_TASK_ORPHANED), ==, FLT_GRAPH_STATE_DEAD);

  /* The engine's words both ways, and which states are final. */
  for (int s = FLT_TASK_NEW; s <= FLT_TASK_UNKNOWN; s++)
    g_assert_cmpint (flt_task_state_from_string (flt_task_state_to_string (s)), ==, s);
  g_assert_cmpint (flt_task_state_from_string ("nonsense"), ==, FLT_TASK_UNKNOWN);
  g_assert_false (flt_task_state_is_final (FLT_TASK_RUNNING));
  g_assert_true (flt_task_state_is_final (FLT_TASK_FAILED));
  g_assert_false (flt_task_state_is_final (FLT_TASK_UNKNOWN));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stack-graph/replicas", test_replicas);
  g_test_add_func ("/stack-graph/states", test_states);
  g_test_add_func ("/stack-graph/networks", test_networks);

  return g_test_run ();
}
