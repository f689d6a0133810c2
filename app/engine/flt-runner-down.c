/* flt-runner-down.c: down, stop, start, restart, ps, build and pull
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-runner-private.h"

static gboolean
fatal (const GError *error)
{
  return flt_engine_error_is_gone (error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

gboolean
_flt_runner_stop_container (FltOperation      *op,
                            FltContainerInfo  *container,
                            int                timeout,
                            GError           **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  guint status = 0;

  if (container->status == FLT_CONTAINER_EXITED || container->status == FLT_CONTAINER_CREATED ||
      container->status == FLT_CONTAINER_DEAD)
    return TRUE;

  _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Container", container->name, container->service, -1,
                        _("Stopping"));
  /* Without ?t= the engine waits the container's own StopTimeout. */
  path = timeout >= 0 ? g_strdup_printf ("/containers/%s/stop?t=%d", container->id, timeout)
                      : g_strdup_printf ("/containers/%s/stop", container->id);
  flt_engine_call (op->engine, "POST", path, NULL, &status, op->cancellable, &local_error);
  if (local_error != NULL && !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
    {
      _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Container", container->name, container->service, -1,
                            "%s", local_error->message);
      if (fatal (local_error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                     _("the container %s of the service %s cannot be stopped: %s"),
                     container->name, container->service, local_error->message);
      return FALSE;
    }

  g_mutex_lock (&op->lock);
  container->status = FLT_CONTAINER_EXITED;
  g_mutex_unlock (&op->lock);
  /* Translators: the state of one container, shown after its name in the progress of Down */
  _flt_runner_progress (op, FLT_PROGRESS_DONE, "Container", container->name, container->service, 1, _("Stopped"));
  return TRUE;
}

gboolean
_flt_runner_remove_container (FltOperation      *op,
                              FltContainerInfo  *container,
                              gboolean           volumes,
                              GError           **error)
{
  g_autofree char *path = g_strdup_printf ("/containers/%s?force=1%s", container->id, volumes ? "&v=1" : "");
  g_autoptr(GError) local_error = NULL;

  _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Container", container->name, container->service, -1,
                        _("Removing"));
  flt_engine_call (op->engine, "DELETE", path, NULL, NULL, op->cancellable, &local_error);
  /* Gone already, or being removed: either way it is going. */
  if (local_error != NULL && !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND) &&
      !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONFLICT))
    {
      _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Container", container->name, container->service, -1,
                            "%s", local_error->message);
      if (fatal (local_error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                     _("the container %s of the service %s cannot be removed: %s"),
                     container->name, container->service, local_error->message);
      return FALSE;
    }

  /* Translators: a container's state, after its name in the progress of Down */
  _flt_runner_progress (op, FLT_PROGRESS_DONE, "Container", container->name, container->service, 1, C_("container", "Removed"));
  return TRUE;
}

typedef enum { STOP, REMOVE, STOP_AND_REMOVE, RESTART } ContainerStep;

typedef struct
{
  FltOperation *op;
  FltContainerInfo *container;
  ContainerStep step;
  int timeout;
  gboolean volumes;
  GError *error;
} ContainerJob;

static gpointer
run_container_job (gpointer data)
{
  ContainerJob *job = data;

  switch (job->step)
    {
    case STOP:
      _flt_runner_stop_container (job->op, job->container, job->timeout, &job->error);
      break;
    case REMOVE:
      _flt_runner_remove_container (job->op, job->container, job->volumes, &job->error);
      break;
    case STOP_AND_REMOVE:
      if (_flt_runner_stop_container (job->op, job->container, job->timeout, &job->error))
        _flt_runner_remove_container (job->op, job->container, job->volumes, &job->error);
      break;
    case RESTART:
    default:
      {
        g_autofree char *path = job->timeout >= 0
                                ? g_strdup_printf ("/containers/%s/restart?t=%d", job->container->id, job->timeout)
                                : g_strdup_printf ("/containers/%s/restart", job->container->id);

        _flt_runner_progress (job->op, FLT_PROGRESS_WORKING, "Container", job->container->name,
                              job->container->service, -1, _("Restarting"));
        flt_engine_call (job->op->engine, "POST", path, NULL, NULL, job->op->cancellable, &job->error);
        if (job->error == NULL)
          _flt_runner_progress (job->op, FLT_PROGRESS_DONE, "Container", job->container->name,
                                job->container->service, 1, _("Restarted"));
      }
      break;
    }
  return NULL;
}

/* Runs @step on every container of @containers at once. */
static gboolean
run_on_containers (FltOperation  *op,
                   GPtrArray     *containers,
                   ContainerStep  step,
                   int            timeout,
                   gboolean       volumes,
                   GError       **error)
{
  g_autofree ContainerJob *jobs = g_new0 (ContainerJob, containers->len);
  g_autofree GThread **threads = g_new0 (GThread *, containers->len);
  GError *first = NULL;

  for (guint i = 0; i < containers->len; i++)
    {
      jobs[i].op = op;
      jobs[i].container = g_ptr_array_index (containers, i);
      jobs[i].step = step;
      jobs[i].timeout = timeout;
      jobs[i].volumes = volumes;
      threads[i] = g_thread_new ("flotilla-container", run_container_job, &jobs[i]);
    }
  for (guint i = 0; i < containers->len; i++)
    {
      g_thread_join (threads[i]);
      if (jobs[i].error != NULL && first == NULL)
        first = jobs[i].error;
      else
        g_clear_error (&jobs[i].error);
    }

  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}

/* The containers of @levels' services, level by level, in reverse when
 * @reverse: for stopping dependents before what they depend on. */
static gboolean
by_levels (FltOperation  *op,
           GPtrArray     *targets,
           gboolean       reverse,
           ContainerStep  step,
           int            timeout,
           gboolean       volumes,
           GError       **error)
{
  g_autoptr(GPtrArray) levels = _flt_runner_levels (op->runner, targets);

  for (guint k = 0; k < levels->len; k++)
    {
      GPtrArray *level = g_ptr_array_index (levels, reverse ? levels->len - 1 - k : k);
      g_autoptr(GPtrArray) containers = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_container_info_unref);

      g_mutex_lock (&op->lock);
      for (guint i = 0; i < level->len; i++)
        {
          GPtrArray *list = _flt_operation_containers_of (op, flt_service_get_name (g_ptr_array_index (level, i)));

          for (guint j = 0; j < list->len; j++)
            g_ptr_array_add (containers, flt_container_info_ref (g_ptr_array_index (list, j)));
        }
      g_mutex_unlock (&op->lock);

      if (containers->len > 0 && !run_on_containers (op, containers, step, timeout, volumes, error))
        return FALSE;
    }
  return TRUE;
}

/* Stopping (and removing) in reverse dependency order, each service as
 * soon as every service that depends on it has stopped: a service's
 * containers are removed while its dependencies stop, not before. */

typedef struct
{
  GMutex lock;
  GCond changed;
  GHashTable *stopped;      /* service name → TRUE: stopped; FALSE: failed */
} Teardown;

typedef struct
{
  FltOperation *op;
  Teardown *teardown;
  FltService *service;
  GPtrArray *dependents;    /* names of target services that depend on it */
  gboolean remove;
  int timeout;
  gboolean volumes;
  GError *error;
} TeardownJob;

static void
teardown_mark (Teardown   *t,
               const char *service,
               gboolean    stopped)
{
  g_mutex_lock (&t->lock);
  g_hash_table_insert (t->stopped, (gpointer) service, GINT_TO_POINTER (stopped));
  g_cond_broadcast (&t->changed);
  g_mutex_unlock (&t->lock);
}

static gpointer
teardown_service (gpointer data)
{
  TeardownJob *job = data;
  FltOperation *op = job->op;
  Teardown *t = job->teardown;
  const char *name = flt_service_get_name (job->service);
  g_autoptr(GPtrArray) containers = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_container_info_unref);
  const char *failed = NULL;

  g_mutex_lock (&t->lock);
  for (guint i = 0; i < job->dependents->len && failed == NULL; i++)
    {
      const char *dependent = g_ptr_array_index (job->dependents, i);
      gpointer value = NULL;

      while (!g_hash_table_lookup_extended (t->stopped, dependent, NULL, &value) &&
             !g_cancellable_is_cancelled (op->cancellable))
        g_cond_wait_until (&t->changed, &t->lock, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
      if (!GPOINTER_TO_INT (value))
        failed = dependent;
    }
  g_mutex_unlock (&t->lock);

  if (g_cancellable_set_error_if_cancelled (op->cancellable, &job->error))
    {
      teardown_mark (t, name, FALSE);
      return NULL;
    }
  /* What depends on it is still running: leave it be. */
  if (failed != NULL)
    {
      g_set_error (&job->error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_DEPENDENCY,
                   _("the service %s was left running because %s could not be stopped"), name, failed);
      teardown_mark (t, name, FALSE);
      return NULL;
    }

  g_mutex_lock (&op->lock);
  {
    GPtrArray *list = _flt_operation_containers_of (op, name);

    for (guint i = 0; i < list->len; i++)
      g_ptr_array_add (containers, flt_container_info_ref (g_ptr_array_index (list, i)));
  }
  g_mutex_unlock (&op->lock);

  if (containers->len > 0 && !run_on_containers (op, containers, STOP, job->timeout, FALSE, &job->error))
    {
      teardown_mark (t, name, FALSE);
      return NULL;
    }
  teardown_mark (t, name, TRUE);

  if (job->remove && containers->len > 0)
    run_on_containers (op, containers, REMOVE, job->timeout, job->volumes, &job->error);
  return NULL;
}

static gboolean
in_reverse_order (FltOperation  *op,
                  GPtrArray     *targets,
                  gboolean       remove,
                  int            timeout,
                  gboolean       volumes,
                  GError       **error)
{
  Teardown t;
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree TeardownJob *jobs = g_new0 (TeardownJob, targets->len);
  g_autofree GThread **threads = g_new0 (GThread *, targets->len);
  GError *first = NULL;

  g_mutex_init (&t.lock);
  g_cond_init (&t.changed);
  t.stopped = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < targets->len; i++)
    {
      jobs[i].op = op;
      jobs[i].teardown = &t;
      jobs[i].service = g_ptr_array_index (targets, i);
      jobs[i].dependents = g_ptr_array_new ();
      jobs[i].remove = remove;
      jobs[i].timeout = timeout;
      jobs[i].volumes = volumes;
      g_hash_table_insert (index, (gpointer) flt_service_get_name (jobs[i].service), &jobs[i]);
    }
  for (guint i = 0; i < targets->len; i++)
    {
      g_auto(GStrv) deps = flt_service_dup_dependency_names (jobs[i].service);
      const char *name = flt_service_get_name (jobs[i].service);

      for (guint j = 0; deps[j] != NULL; j++)
        {
          TeardownJob *dep = g_hash_table_lookup (index, deps[j]);

          if (dep != NULL && dep != &jobs[i])
            g_ptr_array_add (dep->dependents, (gpointer) name);
        }
    }

  for (guint i = 0; i < targets->len; i++)
    threads[i] = g_thread_new ("flotilla-teardown", teardown_service, &jobs[i]);

  /* Dependents come later in @targets: the last failure that is not a
   * consequence of another is the cause. */
  for (guint i = 0; i < targets->len; i++)
    g_thread_join (threads[i]);
  for (guint k = targets->len; k > 0; k--)
    {
      TeardownJob *job = &jobs[k - 1];

      if (job->error != NULL && first == NULL &&
          !g_error_matches (job->error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_DEPENDENCY))
        first = g_steal_pointer (&job->error);
    }
  for (guint i = 0; i < targets->len; i++)
    {
      if (jobs[i].error != NULL && first == NULL)
        first = g_steal_pointer (&jobs[i].error);
      g_clear_error (&jobs[i].error);
      g_ptr_array_unref (jobs[i].dependents);
    }

  g_hash_table_unref (t.stopped);
  g_cond_clear (&t.changed);
  g_mutex_clear (&t.lock);

  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}

gboolean
_flt_runner_down (FltRunner            *self,
                  const FltDownOptions *options,
                  GMainContext         *deliver_to,
                  GCancellable         *cancellable,
                  GError              **error)
{
  FltOperation *op = _flt_operation_new (self, deliver_to, cancellable);
  g_autoptr(GPtrArray) targets = NULL;
  GPtrArray *all = flt_project_get_service_list (self->project);
  int timeout = options ? options->timeout : -1;
  gboolean volumes = options && options->volumes;
  gboolean ok;

  /* Down takes every service of the file, whatever profiles are on: what
   * an earlier up made with other profiles goes too. */
  targets = g_ptr_array_new ();
  {
    g_auto(GStrv) names = NULL;
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; i < all->len; i++)
      g_strv_builder_add (builder, flt_service_get_name (g_ptr_array_index (all, i)));
    names = g_strv_builder_end (builder);
    g_ptr_array_unref (targets);
    targets = _flt_runner_targets (self, (const char * const *) names, FALSE, error);
  }

  ok = targets != NULL &&
       flt_engine_connect (self->engine, cancellable, error) &&
       _flt_operation_list (op, TRUE, error) &&
       in_reverse_order (op, targets, TRUE, timeout, volumes, error);

  if (ok && op->orphans->len > 0)
    {
      if (options && options->remove_orphans)
        ok = run_on_containers (op, op->orphans, STOP_AND_REMOVE, timeout, volumes, error);
      else
        for (guint i = 0; i < op->orphans->len; i++)
          {
            FltContainerInfo *c = g_ptr_array_index (op->orphans, i);

            _flt_runner_progress (op, FLT_PROGRESS_WARNING, "Container", c->name, c->service, -1,
                                  _("Orphan: its service is not in the file; --remove-orphans removes it"));
          }
    }

  if (ok)
    ok = _flt_runner_remove_networks (op, error);
  if (ok && volumes)
    ok = _flt_runner_remove_volumes (op, error);

  _flt_operation_free (op);
  return ok;
}

/**
 * flt_runner_down:
 *
 * Stops and removes the project's containers (dependents first), its
 * networks and, with @options->volumes, its named volumes — also those
 * made by docker-compose or docker compose.
 */
gboolean
flt_runner_down (FltRunner            *self,
                 const FltDownOptions *options,
                 GCancellable         *cancellable,
                 GError              **error)
{
  return _flt_runner_down (self, options, NULL, cancellable, error);
}

static gboolean
by_levels_operation (FltOperation       *op,
                     const char * const *services,
                     ContainerStep       step,
                     gboolean            reverse,
                     int                 timeout,
                     GError            **error)
{
  FltRunner *self = op->runner;
  g_autoptr(GPtrArray) targets = _flt_runner_targets (self, services, FALSE, error);

  if (targets == NULL || !flt_engine_connect (self->engine, op->cancellable, error) ||
      !_flt_operation_list (op, FALSE, error))
    return FALSE;
  if (step == STOP && reverse)
    return in_reverse_order (op, targets, FALSE, timeout, FALSE, error);
  return by_levels (op, targets, reverse, step, timeout, FALSE, error);
}

static gboolean
start_operation (FltOperation       *op,
                 const char * const *services,
                 GError            **error)
{
  FltRunner *self = op->runner;
  g_autoptr(GPtrArray) targets = _flt_runner_targets (self, services, FALSE, error);

  return targets != NULL &&
         flt_engine_connect (self->engine, op->cancellable, error) &&
         _flt_operation_list (op, FALSE, error) &&
         _flt_runner_start_services (op, targets, error);
}

static gboolean
build_operation (FltOperation       *op,
                 const char * const *services,
                 GError            **error)
{
  FltRunner *self = op->runner;
  g_autoptr(GPtrArray) targets = _flt_runner_targets (self, services, FALSE, error);
  gboolean ok = targets != NULL && flt_engine_connect (self->engine, op->cancellable, error);

  for (guint i = 0; ok && i < targets->len; i++)
    ok = _flt_runner_build_image (op, g_ptr_array_index (targets, i), error);
  return ok;
}

static gboolean
pull_operation (FltOperation       *op,
                const char * const *services,
                GError            **error)
{
  FltRunner *self = op->runner;
  g_autoptr(GPtrArray) targets = _flt_runner_targets (self, services, FALSE, error);
  gboolean ok = targets != NULL && flt_engine_connect (self->engine, op->cancellable, error);

  for (guint i = 0; ok && i < targets->len; i++)
    {
      FltService *service = g_ptr_array_index (targets, i);

      /* What is built is not pulled. */
      if (flt_service_get_image (service) == NULL)
        continue;
      ok = _flt_runner_pull_image (op, service, error);
    }
  return ok;
}

gboolean
_flt_runner_command (FltRunner          *self,
                     FltRunnerCommand    command,
                     const char * const *services,
                     int                 timeout,
                     GMainContext       *deliver_to,
                     GCancellable       *cancellable,
                     GError            **error)
{
  FltOperation *op = _flt_operation_new (self, deliver_to, cancellable);
  gboolean ok;

  switch (command)
    {
    case FLT_RUNNER_STOP:
      ok = by_levels_operation (op, services, STOP, TRUE, timeout, error);
      break;
    case FLT_RUNNER_RESTART:
      ok = by_levels_operation (op, services, RESTART, FALSE, timeout, error);
      break;
    case FLT_RUNNER_START:
      ok = start_operation (op, services, error);
      break;
    case FLT_RUNNER_BUILD:
      ok = build_operation (op, services, error);
      break;
    case FLT_RUNNER_PULL:
    default:
      ok = pull_operation (op, services, error);
      break;
    }

  _flt_operation_free (op);
  return ok;
}

gboolean
flt_runner_stop (FltRunner          *self,
                 const char * const *services,
                 int                 timeout,
                 GCancellable       *cancellable,
                 GError            **error)
{
  return _flt_runner_command (self, FLT_RUNNER_STOP, services, timeout, NULL, cancellable, error);
}

gboolean
flt_runner_restart (FltRunner          *self,
                    const char * const *services,
                    int                 timeout,
                    GCancellable       *cancellable,
                    GError            **error)
{
  return _flt_runner_command (self, FLT_RUNNER_RESTART, services, timeout, NULL, cancellable, error);
}

/**
 * flt_runner_start:
 *
 * Starts existing containers in dependency order, waiting for depends_on
 * conditions; it creates nothing (that is up).
 */
gboolean
flt_runner_start (FltRunner          *self,
                  const char * const *services,
                  GCancellable       *cancellable,
                  GError            **error)
{
  return _flt_runner_command (self, FLT_RUNNER_START, services, -1, NULL, cancellable, error);
}

gboolean
flt_runner_build (FltRunner          *self,
                  const char * const *services,
                  GCancellable       *cancellable,
                  GError            **error)
{
  return _flt_runner_command (self, FLT_RUNNER_BUILD, services, -1, NULL, cancellable, error);
}

gboolean
flt_runner_pull (FltRunner          *self,
                 const char * const *services,
                 GCancellable       *cancellable,
                 GError            **error)
{
  return _flt_runner_command (self, FLT_RUNNER_PULL, services, -1, NULL, cancellable, error);
}

/**
 * flt_runner_list:
 * @all: stopped containers too
 * @orphans: containers of services the file does not have too
 *
 * The project's containers, inspected for their health and exit code, as
 * `ps` shows them.
 *
 * Returns: (transfer full) (element-type FltContainerInfo): the containers
 */
GPtrArray *
flt_runner_list (FltRunner     *self,
                 gboolean       all,
                 gboolean       orphans,
                 GCancellable  *cancellable,
                 GError       **error)
{
  FltOperation *op = _flt_operation_new (self, NULL, cancellable);
  GPtrArray *result = NULL;
  GPtrArray *services = flt_project_get_service_list (self->project);

  if (flt_engine_connect (self->engine, cancellable, error) && _flt_operation_list (op, FALSE, error))
    {
      g_autoptr(GPtrArray) candidates = g_ptr_array_new ();

      result = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_container_info_unref);
      for (guint i = 0; i < services->len; i++)
        {
          GPtrArray *list = _flt_operation_containers_of (op, flt_service_get_name (g_ptr_array_index (services, i)));

          for (guint j = 0; j < list->len; j++)
            g_ptr_array_add (candidates, g_ptr_array_index (list, j));
        }
      for (guint i = 0; orphans && i < op->orphans->len; i++)
        g_ptr_array_add (candidates, g_ptr_array_index (op->orphans, i));

      for (guint i = 0; i < candidates->len; i++)
        {
          FltContainerInfo *c = g_ptr_array_index (candidates, i);
          g_autofree char *path = g_strdup_printf ("/containers/%s/json", c->id);
          g_autoptr(JsonNode) reply = NULL;

          if (!all && c->status != FLT_CONTAINER_RUNNING && c->status != FLT_CONTAINER_RESTARTING &&
              c->status != FLT_CONTAINER_PAUSED)
            continue;
          reply = flt_engine_call (self->engine, "GET", path, NULL, NULL, cancellable, NULL);
          if (reply != NULL && JSON_NODE_HOLDS_OBJECT (reply))
            flt_container_info_update_from_inspect (c, json_node_get_object (reply));
          g_ptr_array_add (result, flt_container_info_ref (c));
        }
    }

  _flt_operation_free (op);
  return result;
}
