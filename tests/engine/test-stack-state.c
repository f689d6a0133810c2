/* test-stack-state.c: what the window shows of a stack, from its services
 * and tasks, and when it looks again
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state against a real Swarm is tested in the window's stack test;
 * here its sums, its pace and its fingerprint, and a state whose engine
 * does not answer.
 */

#include <glib/gstdio.h>

#include "flt-stack-state.h"

static FltStackTask *
task (const char   *id,
      const char   *service,
      int           slot,
      FltTaskState  desired,
      FltTaskState  state,
      gint64        timestamp,
      int           exit_code)
{
  FltStackTask *t = g_new0 (FltStackTask, 1);

  t->id = g_strdup (id);
  t->service = g_strdup (service);
  t->service_id = g_strdup_printf ("id-%s", service);
  t->slot = slot;
  t->node_id = g_strdup ("n1");
  t->node = g_strdup ("node1");
  t->desired = desired;
  t->state = state;
  t->timestamp = timestamp;
  t->exit_code = exit_code;
  return t;
}

static FltStackService *
service (const char *name,
         guint       replicas,
         guint       running)
{
  FltStackService *s = g_new0 (FltStackService, 1);

  s->id = g_strdup_printf ("id-%s", name);
  s->name = g_strdup_printf ("demo_%s", name);
  s->service = g_strdup (name);
  s->version = 7;
  s->replicas = replicas;
  s->running = running;
  return s;
}

static GPtrArray *
new_tasks (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) flt_stack_task_free);
}

static GPtrArray *
new_services (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) flt_stack_service_free);
}

static void
test_status (void)
{
  g_autoptr(GPtrArray) tasks = new_tasks ();
  FltStackService *web = service ("web", 2, 1);
  FltServiceStatus status;

  /* Not in the stack. */
  flt_stack_service_status_compute (&status, NULL, tasks);
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_NOT_CREATED);

  /* No task yet: Swarm has not placed them. */
  flt_stack_service_status_compute (&status, web, tasks);
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_CREATED);
  g_assert_cmpuint (status.n_containers, ==, 2);
  g_assert_cmpuint (status.n_running, ==, 0);

  /* One on its way up: starting. */
  g_ptr_array_add (tasks, task ("t1", "web", 1, FLT_TASK_RUNNING, FLT_TASK_PREPARING, 10, 0));
  flt_stack_service_status_compute (&status, web, tasks);
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_STARTING);

  /* One failed before its replacement came: exited with its code, and
   * the newest failure's code at that. */
  g_ptr_array_add (tasks, task ("t0", "web", 2, FLT_TASK_SHUTDOWN, FLT_TASK_FAILED, 5, 2));
  g_ptr_array_add (tasks, task ("t2", "web", 2, FLT_TASK_SHUTDOWN, FLT_TASK_FAILED, 20, 3));
  flt_stack_service_status_compute (&status, web, tasks);
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_EXITED);
  g_assert_cmpint (status.exit_code, ==, 3);

  /* One running of two: partial, whatever failed before. */
  g_ptr_array_add (tasks, task ("t3", "web", 2, FLT_TASK_RUNNING, FLT_TASK_RUNNING, 30, 0));
  flt_stack_service_status_compute (&status, web, tasks);
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_PARTIAL);
  g_assert_cmpuint (status.n_running, ==, 1);
  g_assert_cmpint (status.exit_code, ==, 0);

  /* Both: running.  Another service's tasks do not count. */
  g_ptr_array_add (tasks, task ("t4", "web", 1, FLT_TASK_RUNNING, FLT_TASK_RUNNING, 40, 0));
  g_ptr_array_add (tasks, task ("t5", "es", 1, FLT_TASK_RUNNING, FLT_TASK_RUNNING, 40, 0));
  flt_stack_service_status_compute (&status, web, tasks);
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_RUNNING);
  g_assert_cmpuint (status.n_running, ==, 2);
  g_assert_cmpuint (status.n_containers, ==, 2);

  /* Scaled to nothing. */
  web->replicas = 0;
  flt_stack_service_status_compute (&status, web, NULL);
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_NOT_CREATED);
  flt_stack_service_free (web);
}

static void
test_rejected (void)
{
  g_autoptr(GPtrArray) tasks = new_tasks ();
  FltStackService *web = service ("web", 1, 0);
  FltServiceStatus status;

  /* Rejected (an image the node cannot find): never ran, still a failure
   * with a code that is not 0. */
  g_ptr_array_add (tasks, task ("t1", "web", 1, FLT_TASK_SHUTDOWN, FLT_TASK_REJECTED, 10, 0));
  g_ptr_array_add (tasks, task ("t2", "web", 1, FLT_TASK_RUNNING, FLT_TASK_PENDING, 20, 0));
  flt_stack_service_status_compute (&status, web, tasks);
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_EXITED);
  g_assert_cmpint (status.exit_code, !=, 0);
  flt_stack_service_free (web);
}

static void
test_interval (void)
{
  g_autoptr(GPtrArray) services = new_services ();
  g_autoptr(GPtrArray) tasks = new_tasks ();
  FltStackService *web;
  FltStackTask *old;

  /* Nothing deployed: nothing moves. */
  g_assert_cmpuint (flt_stack_state_next_interval (NULL, NULL), ==, FLT_STACK_STATE_SETTLED_MS);
  g_assert_cmpuint (flt_stack_state_next_interval (services, tasks), ==, FLT_STACK_STATE_SETTLED_MS);

  web = service ("web", 2, 2);
  g_ptr_array_add (services, web);
  g_ptr_array_add (tasks, task ("t1", "web", 1, FLT_TASK_RUNNING, FLT_TASK_RUNNING, 10, 0));
  g_ptr_array_add (tasks, task ("t2", "web", 2, FLT_TASK_RUNNING, FLT_TASK_RUNNING, 10, 0));
  old = task ("t0", "web", 2, FLT_TASK_SHUTDOWN, FLT_TASK_RUNNING, 5, 0);
  g_ptr_array_add (tasks, old);

  /* A task told to stop that still runs: look again soon. */
  g_assert_cmpuint (flt_stack_state_next_interval (services, tasks), ==, FLT_STACK_STATE_BUSY_MS);
  old->state = FLT_TASK_SHUTDOWN;
  g_assert_cmpuint (flt_stack_state_next_interval (services, tasks), ==, FLT_STACK_STATE_SETTLED_MS);

  /* Fewer running than wanted, or a rolling update. */
  web->running = 1;
  g_assert_cmpuint (flt_stack_state_next_interval (services, tasks), ==, FLT_STACK_STATE_BUSY_MS);
  web->running = 2;
  web->update_state = g_strdup ("updating");
  g_assert_cmpuint (flt_stack_state_next_interval (services, tasks), ==, FLT_STACK_STATE_BUSY_MS);
  g_free (web->update_state);
  web->update_state = g_strdup ("completed");
  g_assert_cmpuint (flt_stack_state_next_interval (services, tasks), ==, FLT_STACK_STATE_SETTLED_MS);

  /* A task on its way up. */
  ((FltStackTask *) g_ptr_array_index (tasks, 0))->state = FLT_TASK_STARTING;
  g_assert_cmpuint (flt_stack_state_next_interval (services, tasks), ==, FLT_STACK_STATE_BUSY_MS);
  g_assert_cmpuint (FLT_STACK_STATE_BUSY_MS, <, FLT_STACK_STATE_SETTLED_MS);
}

static void
test_fingerprint (void)
{
  g_autoptr(GPtrArray) services = new_services ();
  g_autoptr(GPtrArray) tasks = new_tasks ();
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autofree char *empty = flt_stack_state_fingerprint (NULL, NULL);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *scaled = NULL;

  g_assert_cmpstr (empty, ==, "");

  g_ptr_array_add (services, service ("web", 2, 2));
  g_ptr_array_add (tasks, task ("t1", "web", 1, FLT_TASK_RUNNING, FLT_TASK_RUNNING, 10, 0));
  g_ptr_array_add (tasks, task ("t2", "web", 2, FLT_TASK_RUNNING, FLT_TASK_RUNNING, 10, 0));
  first = flt_stack_state_fingerprint (services, tasks);

  /* The engine lists in any order: the same. */
  g_ptr_array_add (reversed, g_ptr_array_index (tasks, 1));
  g_ptr_array_add (reversed, g_ptr_array_index (tasks, 0));
  again = flt_stack_state_fingerprint (services, reversed);
  g_assert_cmpstr (first, ==, again);

  /* A task moved to another node: not the same. */
  g_free (((FltStackTask *) g_ptr_array_index (tasks, 1))->node);
  ((FltStackTask *) g_ptr_array_index (tasks, 1))->node = g_strdup ("node2");
  moved = flt_stack_state_fingerprint (services, tasks);
  g_assert_cmpstr (first, !=, moved);

  /* Scaled: not the same either. */
  ((FltStackService *) g_ptr_array_index (services, 0))->replicas = 3;
  scaled = flt_stack_state_fingerprint (services, tasks);
  g_assert_cmpstr (moved, !=, scaled);
}

static void
changed_cb (FltStackState *state,
            gboolean      *changed)
{
  *changed = TRUE;
}

/* An engine that is not there: the state says why once, is not deployed,
 * and knows no service. */
static void
test_no_engine (void)
{
  g_autofree char *dir = g_dir_make_tmp ("flt-stack-state-XXXXXX", NULL);
  g_autofree char *uri = g_strdup_printf ("unix://%s/docker.sock", dir);
  g_autoptr(FltEndpoint) endpoint = flt_endpoint_parse (uri, "test", NULL);
  g_autoptr(FltEngine) engine = flt_engine_new (endpoint);
  g_autoptr(FltStackState) state = flt_stack_state_new (engine, "demo");
  FltServiceStatus status;
  gboolean changed = FALSE;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_cmpstr (flt_stack_state_get_name (state), ==, "demo");
  g_assert_true (flt_stack_state_get_engine (state) == engine);
  g_assert_false (flt_stack_state_is_known (state));
  g_assert_false (flt_stack_state_is_deployed (state));

  g_signal_connect (state, "changed", G_CALLBACK (changed_cb), &changed);
  flt_stack_state_start (state);
  while (!changed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (changed);
  g_assert_nonnull (flt_stack_state_get_error (state));
  g_assert_false (flt_stack_state_is_deployed (state));
  g_assert_false (flt_stack_state_get_service_status (state, "web", &status));
  g_assert_cmpint (status.kind, ==, FLT_SERVICE_NOT_CREATED);
  {
    g_autofree char *names = flt_stack_state_dup_service_names (state);

    g_assert_cmpstr (names, ==, "");
  }
  flt_stack_state_stop (state);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stack-state/status", test_status);
  g_test_add_func ("/stack-state/status/rejected", test_rejected);
  g_test_add_func ("/stack-state/interval", test_interval);
  g_test_add_func ("/stack-state/fingerprint", test_fingerprint);
  g_test_add_func ("/stack-state/no-engine", test_no_engine);
  return g_test_run ();
}
