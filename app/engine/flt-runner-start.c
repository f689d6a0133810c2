/* flt-runner-start.c: starting services in dependency order, each as soon
 * as what it depends on has reached its condition
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-runner-private.h"

/* How often a condition is checked: short, because up waits on it. */
#define POLL_INTERVAL_US (100 * 1000)

typedef enum { PENDING, STARTED, FAILED } ServiceState;

typedef struct
{
  FltOperation *op;
  GMutex lock;
  GCond changed;
  GHashTable *states;       /* service name → ServiceState */
  GHashTable *failures;     /* service name → message */
} Scheduler;

typedef struct
{
  Scheduler *scheduler;
  FltService *service;
  GError *error;
} Job;

static ServiceState
state_of (Scheduler  *s,
          const char *service)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (s->states, service, NULL, &value))
    return STARTED;   /* not part of this run: judged by the engine below */
  return GPOINTER_TO_INT (value);
}

static void
set_state (Scheduler    *s,
           const char   *service,
           ServiceState  state,
           const char   *failure)
{
  g_mutex_lock (&s->lock);
  g_hash_table_insert (s->states, (gpointer) service, GINT_TO_POINTER (state));
  if (failure != NULL)
    g_hash_table_insert (s->failures, (gpointer) service, g_strdup (failure));
  g_cond_broadcast (&s->changed);
  g_mutex_unlock (&s->lock);
}

static gpointer
copy_container (gconstpointer src,
                gpointer      data)
{
  return flt_container_info_ref ((FltContainerInfo *) src);
}

/* The service's containers, freshly inspected. */
static GPtrArray *
inspect_containers (FltOperation  *op,
                    const char    *service,
                    GError       **error)
{
  g_autoptr(GPtrArray) list = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_container_info_unref);

  g_mutex_lock (&op->lock);
  list = g_ptr_array_copy (_flt_operation_containers_of (op, service),
                           copy_container, NULL);
  g_ptr_array_set_free_func (list, (GDestroyNotify) flt_container_info_unref);
  g_mutex_unlock (&op->lock);

  for (guint i = 0; i < list->len; i++)
    {
      FltContainerInfo *c = g_ptr_array_index (list, i);
      g_autofree char *path = g_strdup_printf ("/containers/%s/json", c->id);
      g_autoptr(JsonNode) reply = flt_engine_call (op->engine, "GET", path, NULL, NULL, op->cancellable, error);

      if (reply == NULL)
        {
          g_ptr_array_unref (result);
          return NULL;
        }
      if (JSON_NODE_HOLDS_OBJECT (reply))
        {
          g_mutex_lock (&op->lock);
          flt_container_info_update_from_inspect (c, json_node_get_object (reply));
          g_mutex_unlock (&op->lock);
        }
      g_ptr_array_add (result, flt_container_info_ref (c));
    }

  return result;
}

/* The last health check's output, for saying why a service is unhealthy. */
static char *
last_health_output (FltOperation *op,
                    const char   *id)
{
  g_autofree char *path = g_strdup_printf ("/containers/%s/json", id);
  g_autoptr(JsonNode) reply = flt_engine_call (op->engine, "GET", path, NULL, NULL, op->cancellable, NULL);
  JsonObject *state, *health;
  JsonArray *log;

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    return NULL;
  state = json_object_get_object_member (json_node_get_object (reply), "State");
  health = state && json_object_has_member (state, "Health") ? json_object_get_object_member (state, "Health") : NULL;
  log = health && json_object_has_member (health, "Log") ? json_object_get_array_member (health, "Log") : NULL;
  if (log == NULL || json_array_get_length (log) == 0)
    return NULL;
  return g_strstrip (g_strdup (json_object_get_string_member_with_default (
    json_array_get_object_element (log, json_array_get_length (log) - 1), "Output", "")));
}

typedef enum { WAITING, MET, BROKEN } Verdict;

static Verdict
judge (FltOperation   *op,
       FltDependency  *dependency,
       char          **why,
       GError        **error)
{
  g_autoptr(GPtrArray) containers = inspect_containers (op, dependency->service, error);
  gboolean all = TRUE;

  if (containers == NULL)
    return BROKEN;
  if (containers->len == 0)
    {
      *why = g_strdup_printf (_("%s has no container"), dependency->service);
      return BROKEN;
    }

  for (guint i = 0; i < containers->len; i++)
    {
      FltContainerInfo *c = g_ptr_array_index (containers, i);

      switch (dependency->condition)
        {
        case FLT_CONDITION_HEALTHY:
          if (c->health == FLT_HEALTH_HEALTHY)
            continue;
          if (c->health == FLT_HEALTH_UNHEALTHY)
            {
              g_autofree char *output = last_health_output (op, c->id);

              *why = output && *output
                     ? g_strdup_printf (_("%s is unhealthy: %s"), c->name, output)
                     : g_strdup_printf (_("%s is unhealthy"), c->name);
              return BROKEN;
            }
          if (c->status == FLT_CONTAINER_EXITED || c->status == FLT_CONTAINER_DEAD)
            {
              *why = g_strdup_printf (_("%s exited with code %d before it was healthy"), c->name, c->exit_code);
              return BROKEN;
            }
          if (c->health == FLT_HEALTH_NONE && c->status == FLT_CONTAINER_RUNNING)
            {
              *why = g_strdup_printf (_("%s has no healthcheck, so it can never be healthy; "
                                        "add one or use condition: service_started"), c->name);
              return BROKEN;
            }
          all = FALSE;
          break;

        case FLT_CONDITION_COMPLETED_SUCCESSFULLY:
          if (c->status == FLT_CONTAINER_EXITED || c->status == FLT_CONTAINER_DEAD)
            {
              if (c->exit_code == 0)
                continue;
              *why = g_strdup_printf (_("%s exited with code %d"), c->name, c->exit_code);
              return BROKEN;
            }
          all = FALSE;
          break;

        case FLT_CONDITION_STARTED:
        default:
          if (c->status == FLT_CONTAINER_RUNNING || c->status == FLT_CONTAINER_EXITED ||
              c->status == FLT_CONTAINER_RESTARTING)
            continue;
          all = FALSE;
          break;
        }
    }

  return all ? MET : WAITING;
}

static gboolean
wait_for (Job            *job,
          FltDependency  *dependency,
          GError        **error)
{
  Scheduler *s = job->scheduler;
  FltOperation *op = s->op;
  const char *service = flt_service_get_name (job->service);
  gboolean announced = FALSE;

  /* First the dependency's own start, then its condition. */
  g_mutex_lock (&s->lock);
  while (state_of (s, dependency->service) == PENDING && !g_cancellable_is_cancelled (op->cancellable))
    {
      gint64 until = g_get_monotonic_time () + POLL_INTERVAL_US;

      g_cond_wait_until (&s->changed, &s->lock, until);
    }
  if (state_of (s, dependency->service) == FAILED)
    {
      const char *why = g_hash_table_lookup (s->failures, dependency->service);

      g_mutex_unlock (&s->lock);
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_DEPENDENCY,
                   _("the service %s was not started because %s failed: %s"),
                   service, dependency->service, why ? why : "?");
      return FALSE;
    }
  g_mutex_unlock (&s->lock);

  for (;;)
    {
      g_autofree char *why = NULL;
      Verdict verdict;

      if (g_cancellable_set_error_if_cancelled (op->cancellable, error))
        return FALSE;

      verdict = judge (op, dependency, &why, error);
      if (verdict == MET)
        break;
      if (verdict == BROKEN)
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          if (!dependency->required)
            {
              _flt_runner_progress (op, FLT_PROGRESS_WARNING, "Service", service, service, -1,
                                    _("Optional dependency %s failed (%s); starting anyway"),
                                    dependency->service, why);
              break;
            }
          g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_DEPENDENCY,
                       _("the service %s was not started: %s"), service, why);
          return FALSE;
        }

      if (!announced)
        {
          _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Service", service, service, -1,
                                dependency->condition == FLT_CONDITION_HEALTHY
                                ? _("Waiting for %s to be healthy")
                                : dependency->condition == FLT_CONDITION_COMPLETED_SUCCESSFULLY
                                ? _("Waiting for %s to complete")
                                : _("Waiting for %s to start"),
                                dependency->service);
          announced = TRUE;
        }
      g_usleep (POLL_INTERVAL_US);
    }

  /* Close the wait the progress announced, so that it does not read as
   * still going (or as cut short) once up is done. */
  if (announced)
    _flt_runner_progress (op, FLT_PROGRESS_DONE, "Service", service, service, -1,
                          dependency->condition == FLT_CONDITION_HEALTHY
                          ? _("%s is healthy")
                          : dependency->condition == FLT_CONDITION_COMPLETED_SUCCESSFULLY
                          ? _("%s completed successfully")
                          : _("%s has started"),
                          dependency->service);
  return TRUE;
}

/* Links, volumes_from and service: modes need the other service running,
 * as depends_on with service_started. */
static GPtrArray *
dependencies_of (FltService *service)
{
  GPtrArray *deps = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_dependency_free);
  GPtrArray *declared = flt_service_get_depends_on (service);
  g_auto(GStrv) implied = flt_service_dup_dependency_names (service);

  for (guint i = 0; i < declared->len; i++)
    {
      FltDependency *d = g_ptr_array_index (declared, i);
      FltDependency *copy = g_new0 (FltDependency, 1);

      copy->service = g_strdup (d->service);
      copy->condition = d->condition;
      copy->required = d->required;
      g_ptr_array_add (deps, copy);
    }
  for (guint i = 0; implied[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < deps->len && !seen; j++)
        seen = g_str_equal (((FltDependency *) g_ptr_array_index (deps, j))->service, implied[i]);
      if (!seen && !g_str_equal (implied[i], flt_service_get_name (service)))
        {
          FltDependency *d = g_new0 (FltDependency, 1);

          d->service = g_strdup (implied[i]);
          d->condition = FLT_CONDITION_STARTED;
          d->required = TRUE;
          g_ptr_array_add (deps, d);
        }
    }
  return deps;
}

/* An engine killed in the middle of starting @c may leave its containerd
 * task behind: once it is back, every start of @c then fails with "task
 * ID: already exists" (moby#38346 fixed the same for the container
 * object, not for the task), and only a new container gets past it. */
static gboolean
is_stale_task (const GError     *error,
               FltContainerInfo *c)
{
  return error != NULL && error->domain == FLT_ENGINE_ERROR &&
         strstr (error->message, c->id) != NULL && g_str_has_suffix (error->message, "already exists");
}

static gboolean
start_container (FltOperation      *op,
                 FltContainerInfo  *c,
                 GError           **error)
{
  g_autofree char *path = g_strdup_printf ("/containers/%s/start", c->id);

  flt_engine_call (op->engine, "POST", path, NULL, NULL, op->cancellable, error);
  return error == NULL || *error == NULL;
}

static gboolean
start_containers (Job     *job,
                  GError **error)
{
  FltOperation *op = job->scheduler->op;
  const char *service = flt_service_get_name (job->service);
  g_autoptr(GPtrArray) list = NULL;

  g_mutex_lock (&op->lock);
  list = g_ptr_array_copy (_flt_operation_containers_of (op, service), copy_container, NULL);
  g_ptr_array_set_free_func (list, (GDestroyNotify) flt_container_info_unref);
  g_mutex_unlock (&op->lock);

  for (guint i = 0; i < list->len; i++)
    {
      FltContainerInfo *c = g_ptr_array_index (list, i);
      g_autoptr(GError) local_error = NULL;

      if (c->status == FLT_CONTAINER_RUNNING)
        continue;

      _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Container", c->name, service, -1, _("Starting"));
      if (!start_container (op, c, &local_error) && is_stale_task (local_error, c))
        {
          g_debug ("%s: %s; making it anew", c->name, local_error->message);
          g_clear_error (&local_error);
          c = _flt_runner_recreate_container (op, job->service, c, &local_error);
          if (c != NULL)
            {
              _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Container", c->name, service, -1,
                                    _("Starting"));
              start_container (op, c, &local_error);
            }
          else
            c = g_ptr_array_index (list, i);
        }
      if (local_error != NULL)
        {
          _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Container", c->name, service, -1, "%s",
                                local_error->message);
          if (flt_engine_error_is_gone (local_error) ||
              g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                         _("the container %s of the service %s cannot be started: %s"),
                         c->name, service, local_error->message);
          return FALSE;
        }
      g_mutex_lock (&op->lock);
      c->status = FLT_CONTAINER_RUNNING;
      g_mutex_unlock (&op->lock);
      /* Translators: the state of one container, shown after its name in the progress of Up */
      _flt_runner_progress (op, FLT_PROGRESS_DONE, "Container", c->name, service, 1, _("Started"));
    }

  return TRUE;
}

static gpointer
run_job (gpointer data)
{
  Job *job = data;
  g_autoptr(GPtrArray) deps = dependencies_of (job->service);
  const char *service = flt_service_get_name (job->service);
  FltOperation *op = job->scheduler->op;

  /* Under up, the service's containers may still be in the making. */
  if (!_flt_operation_wait_converged (op, service) &&
      !g_cancellable_set_error_if_cancelled (op->cancellable, &job->error))
    g_set_error (&job->error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                 _("the containers of the service %s could not be made"), service);

  for (guint i = 0; i < deps->len && job->error == NULL; i++)
    if (!wait_for (job, g_ptr_array_index (deps, i), &job->error))
      break;

  if (job->error == NULL)
    start_containers (job, &job->error);

  if (job->error != NULL)
    {
      _flt_runner_progress (job->scheduler->op, FLT_PROGRESS_ERROR, "Service", service, service, -1,
                            "%s", job->error->message);
      set_state (job->scheduler, service, FAILED, job->error->message);
    }
  else
    set_state (job->scheduler, service, STARTED, NULL);

  return NULL;
}

/**
 * _flt_runner_start_services:
 *
 * Starts every target's containers that are not running, each service once
 * its dependencies have met their conditions; services that do not wait
 * on each other start at the same time.  A failure stops the services
 * that depend on the one that failed, and is returned.
 */
gboolean
_flt_runner_start_services (FltOperation  *op,
                            GPtrArray     *targets,
                            GError       **error)
{
  Scheduler s = { op };
  g_autofree Job *jobs = g_new0 (Job, targets->len);
  g_autofree GThread **threads = g_new0 (GThread *, targets->len);
  GError *first = NULL;

  g_mutex_init (&s.lock);
  g_cond_init (&s.changed);
  s.states = g_hash_table_new (g_str_hash, g_str_equal);
  s.failures = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < targets->len; i++)
    g_hash_table_insert (s.states, (gpointer) flt_service_get_name (g_ptr_array_index (targets, i)),
                         GINT_TO_POINTER (PENDING));

  for (guint i = 0; i < targets->len; i++)
    {
      jobs[i].scheduler = &s;
      jobs[i].service = g_ptr_array_index (targets, i);
      threads[i] = g_thread_new ("flotilla-start", run_job, &jobs[i]);
    }

  /* The first failure in dependency order is the cause; the others follow
   * from it. */
  for (guint i = 0; i < targets->len; i++)
    {
      g_thread_join (threads[i]);
      if (jobs[i].error != NULL && first == NULL &&
          !g_error_matches (jobs[i].error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_DEPENDENCY))
        first = g_steal_pointer (&jobs[i].error);
    }
  for (guint i = 0; i < targets->len; i++)
    {
      if (jobs[i].error != NULL && first == NULL)
        first = g_steal_pointer (&jobs[i].error);
      g_clear_error (&jobs[i].error);
    }

  g_hash_table_unref (s.states);
  g_hash_table_unref (s.failures);
  g_cond_clear (&s.changed);
  g_mutex_clear (&s.lock);

  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}
