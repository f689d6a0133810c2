/* flt-runner.c: the runner object, its operations' shared state, and the
 * asynchronous wrappers
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-progress-report.h"
#include "flt-runner-private.h"

G_DEFINE_FINAL_TYPE (FltRunner, flt_runner, G_TYPE_OBJECT)
G_DEFINE_QUARK (flt-runner-error-quark, flt_runner_error)

static void
flt_runner_finalize (GObject *object)
{
  FltRunner *self = FLT_RUNNER (object);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_clear_object (&self->engine);
  g_clear_object (&self->project);
  g_mutex_clear (&self->progress_lock);

  G_OBJECT_CLASS (flt_runner_parent_class)->finalize (object);
}

static void
flt_runner_class_init (FltRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_runner_finalize;
}

static void
flt_runner_init (FltRunner *self)
{
  g_mutex_init (&self->progress_lock);
}

FltRunner *
flt_runner_new (FltEngine  *engine,
                FltProject *project)
{
  FltRunner *self = g_object_new (FLT_TYPE_RUNNER, NULL);

  self->engine = g_object_ref (engine);
  self->project = g_object_ref (project);
  return self;
}

FltEngine *
flt_runner_get_engine (FltRunner *self)
{
  return self->engine;
}

FltProject *
flt_runner_get_project (FltRunner *self)
{
  return self->project;
}

/**
 * flt_runner_set_progress_func:
 * @func: (nullable): called for every step, from the working thread in the
 *   blocking calls and in the caller's main context in the asynchronous
 *   ones
 */
void
flt_runner_set_progress_func (FltRunner       *self,
                              FltProgressFunc  func,
                              gpointer         user_data,
                              GDestroyNotify   destroy)
{
  g_mutex_lock (&self->progress_lock);
  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
  g_mutex_unlock (&self->progress_lock);
}

/* Reports a step: straight to the progress function in a blocking call,
 * or posted to the caller's main context in an asynchronous one. */
void
_flt_runner_progress (FltOperation     *op,
                      FltProgressState  state,
                      const char       *kind,
                      const char       *name,
                      const char       *service,
                      double            fraction,
                      const char       *format,
                      ...)
{
  g_autofree char *text = NULL;
  FltProgress progress;
  va_list args;

  if (op->progress_func == NULL)
    return;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  progress.kind = kind;
  progress.name = name;
  progress.service = service;
  progress.text = text;
  progress.state = state;
  progress.fraction = fraction;
  /* One line at a time, whichever thread reports. */
  _flt_progress_report (op->progress_func, op->progress_data, op->deliver_to, &op->progress_lock, &progress);
}

/* Operations */

static void
free_container_array (gpointer data)
{
  g_ptr_array_unref (data);
}

FltOperation *
_flt_operation_new (FltRunner    *runner,
                    GMainContext *deliver_to,
                    GCancellable *cancellable)
{
  FltOperation *op = g_new0 (FltOperation, 1);

  g_mutex_lock (&runner->progress_lock);
  op->progress_func = runner->progress_func;
  op->progress_data = runner->progress_data;
  g_mutex_unlock (&runner->progress_lock);
  op->deliver_to = deliver_to ? g_main_context_ref (deliver_to) : NULL;
  g_mutex_init (&op->progress_lock);

  op->runner = runner;
  op->engine = runner->engine;
  op->project = runner->project;
  op->cancellable = cancellable;
  g_mutex_init (&op->lock);
  op->containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_container_array);
  op->image_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  op->orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_container_info_unref);
  g_cond_init (&op->converged_changed);
  return op;
}

void
_flt_operation_free (FltOperation *op)
{
  g_clear_pointer (&op->deliver_to, g_main_context_unref);
  g_mutex_clear (&op->progress_lock);
  g_hash_table_unref (op->containers);
  g_hash_table_unref (op->image_ids);
  g_ptr_array_unref (op->orphans);
  g_clear_pointer (&op->converged, g_hash_table_unref);
  g_cond_clear (&op->converged_changed);
  g_mutex_clear (&op->lock);
  g_free (op);
}

/* The service's containers, made on first use; the caller holds op->lock
 * when other threads may be about. */
GPtrArray *
_flt_operation_containers_of (FltOperation *op,
                              const char   *service)
{
  GPtrArray *list = g_hash_table_lookup (op->containers, service);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_container_info_unref);
      g_hash_table_insert (op->containers, g_strdup (service), list);
    }
  return list;
}

/* For links, volumes_from and `service:` modes: the first container of a
 * service, by name. */
char *
_flt_operation_lookup (const char *service,
                       gpointer    user_data)
{
  FltOperation *op = user_data;
  GPtrArray *list;
  char *name = NULL;

  g_mutex_lock (&op->lock);
  list = g_hash_table_lookup (op->containers, service);
  if (list != NULL && list->len > 0)
    name = g_strdup (((FltContainerInfo *) g_ptr_array_index (list, 0))->name);
  g_mutex_unlock (&op->lock);

  return name;
}

/**
 * _flt_operation_wait_converged:
 *
 * While up makes containers and starts them at once: waits until
 * @service's containers have been made (or failed to be).  Returns at once
 * when up is not doing both, and when the operation is cancelled.
 *
 * Returns: whether the service's containers were made
 */
gboolean
_flt_operation_wait_converged (FltOperation *op,
                               const char   *service)
{
  gpointer value = NULL;
  gboolean found = FALSE;

  g_mutex_lock (&op->lock);
  if (op->converged == NULL)
    {
      g_mutex_unlock (&op->lock);
      return TRUE;
    }
  while (!(found = g_hash_table_lookup_extended (op->converged, service, NULL, &value)) &&
         !g_cancellable_is_cancelled (op->cancellable))
    g_cond_wait_until (&op->converged_changed, &op->lock,
                       g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
  g_mutex_unlock (&op->lock);

  return found && GPOINTER_TO_INT (value);
}

void
_flt_operation_set_converged (FltOperation *op,
                              const char   *service,
                              gboolean      made)
{
  g_mutex_lock (&op->lock);
  if (op->converged != NULL)
    {
      g_hash_table_insert (op->converged, g_strdup (service), GINT_TO_POINTER (made));
      g_cond_broadcast (&op->converged_changed);
    }
  g_mutex_unlock (&op->lock);
}

/**
 * _flt_operation_list:
 *
 * Lists the project's containers — whoever made them — into
 * op->containers by service; those of services the file does not have
 * are orphans.
 */
gboolean
_flt_operation_list (FltOperation  *op,
                     gboolean       include_oneoff,
                     GError       **error)
{
  g_autofree char *label = g_strdup_printf ("%s=%s", FLT_LABEL_PROJECT, flt_project_get_name (op->project));
  g_autofree char *filters = flt_engine_filters ("label", label, NULL);
  g_autofree char *path = g_strdup_printf ("/containers/json?all=1&%s", filters);
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *array;
  GHashTableIter iter;
  gpointer value;

  reply = flt_engine_call (op->engine, "GET", path, NULL, NULL, op->cancellable, error);
  if (reply == NULL)
    return error == NULL || *error == NULL;
  if (!JSON_NODE_HOLDS_ARRAY (reply))
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PROTOCOL, _("the Docker Engine sent a container list that is not a list"));
      return FALSE;
    }

  g_mutex_lock (&op->lock);
  g_hash_table_remove_all (op->containers);
  g_ptr_array_set_size (op->orphans, 0);

  array = json_node_get_array (reply);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      FltContainerInfo *info;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      info = flt_container_info_new_from_json (json_node_get_object (element));
      if ((info->oneoff && !include_oneoff) || info->service == NULL)
        {
          flt_container_info_unref (info);
          continue;
        }
      if (flt_project_get_service (op->project, info->service) == NULL)
        g_ptr_array_add (op->orphans, info);
      else
        g_ptr_array_add (_flt_operation_containers_of (op, info->service), info);
    }

  g_hash_table_iter_init (&iter, op->containers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_sort (value, flt_container_info_compare_number);
  g_mutex_unlock (&op->lock);

  return TRUE;
}

/* Targets */

static gboolean
add_with_dependencies (FltRunner   *self,
                       FltService  *service,
                       GHashTable  *chosen,
                       gboolean     with_dependencies)
{
  g_auto(GStrv) deps = NULL;

  if (g_hash_table_contains (chosen, flt_service_get_name (service)))
    return TRUE;
  g_hash_table_add (chosen, (gpointer) flt_service_get_name (service));

  if (!with_dependencies)
    return TRUE;

  deps = flt_service_dup_dependency_names (service);
  for (guint i = 0; deps[i] != NULL; i++)
    {
      FltService *dep = flt_project_get_service (self->project, deps[i]);

      if (dep != NULL)
        add_with_dependencies (self, dep, chosen, TRUE);
    }
  return TRUE;
}

/**
 * _flt_runner_targets:
 * @services: (nullable): the services asked for; %NULL: every enabled one
 *
 * Returns: (transfer container) (element-type FltService): the services to
 *   work on, dependencies before dependents
 */
GPtrArray *
_flt_runner_targets (FltRunner          *self,
                     const char * const *services,
                     gboolean            with_dependencies,
                     GError            **error)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) cycle = NULL;
  g_auto(GStrv) order = NULL;
  GPtrArray *list = flt_project_get_service_list (self->project);
  GPtrArray *targets;

  if (services != NULL && services[0] != NULL)
    {
      for (guint i = 0; services[i] != NULL; i++)
        {
          FltService *service = flt_project_get_service (self->project, services[i]);

          if (service == NULL)
            {
              g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_UNKNOWN_SERVICE,
                           _("there is no service called “%s” in the project"), services[i]);
              return NULL;
            }
          add_with_dependencies (self, service, chosen, with_dependencies);
        }
    }
  else
    {
      for (guint i = 0; i < list->len; i++)
        {
          FltService *service = g_ptr_array_index (list, i);

          if (flt_service_get_enabled (service))
            add_with_dependencies (self, service, chosen, with_dependencies);
        }
    }

  /* Every service, in an order that puts dependencies first. */
  targets = g_ptr_array_new ();
  {
    g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
    gboolean progress = TRUE;

    while (progress)
      {
        progress = FALSE;
        for (guint i = 0; i < list->len; i++)
          {
            FltService *service = g_ptr_array_index (list, i);
            g_auto(GStrv) deps = NULL;
            gboolean ready = TRUE;

            if (!g_hash_table_contains (chosen, flt_service_get_name (service)) ||
                g_hash_table_contains (placed, flt_service_get_name (service)))
              continue;
            deps = flt_service_dup_dependency_names (service);
            for (guint j = 0; deps[j] != NULL && ready; j++)
              if (g_hash_table_contains (chosen, deps[j]) && !g_hash_table_contains (placed, deps[j]) &&
                  !g_str_equal (deps[j], flt_service_get_name (service)))
                ready = FALSE;
            if (!ready)
              continue;
            g_hash_table_add (placed, (gpointer) flt_service_get_name (service));
            g_ptr_array_add (targets, service);
            progress = TRUE;
          }
      }

    if (targets->len < g_hash_table_size (chosen))
      {
        g_ptr_array_unref (targets);
        g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_INVALID,
                     _("the services’ dependencies form a cycle; fix the cycle that validation reports"));
        return NULL;
      }
  }

  return targets;
}

/**
 * _flt_runner_levels:
 *
 * Returns: (transfer full) (element-type GPtrArray): @targets in levels:
 *   each level's services depend only on earlier levels, so a level can be
 *   worked on in parallel
 */
GPtrArray *
_flt_runner_levels (FltRunner *self,
                    GPtrArray *targets)
{
  g_autoptr(GHashTable) level_of = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *levels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < targets->len; i++)
    {
      FltService *service = g_ptr_array_index (targets, i);
      g_auto(GStrv) deps = flt_service_dup_dependency_names (service);
      guint level = 0;

      for (guint j = 0; deps[j] != NULL; j++)
        if (g_hash_table_contains (level_of, deps[j]))
          level = MAX (level, GPOINTER_TO_UINT (g_hash_table_lookup (level_of, deps[j])));
      /* Levels are stored plus one, so that 0 means "not a target". */
      g_hash_table_insert (level_of, (gpointer) flt_service_get_name (service), GUINT_TO_POINTER (level + 1));
      while (levels->len <= level)
        g_ptr_array_add (levels, g_ptr_array_new ());
      g_ptr_array_add (g_ptr_array_index (levels, level), service);
    }

  return levels;
}

/**
 * _flt_runner_create_dependencies:
 *
 * The services whose containers must exist before this one's can be
 * created, because its create call names them: links, volumes_from and
 * `service:` network, ipc, pid and uts modes.  A depends_on alone orders
 * the start, not the create.
 *
 * Returns: (transfer full): the names
 */
GStrv
_flt_runner_create_dependencies (FltService *service)
{
  static const char * const modes[] = { "network_mode", "ipc", "pid", "uts" };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *links = flt_service_get_links (service);
  const FltNode *volumes_from = flt_service_get_field (service, "volumes_from");

  /* Itself, so that it is never its own dependency. */
  g_hash_table_add (seen, g_strdup (flt_service_get_name (service)));

  for (guint i = 0; i < links->len; i++)
    {
      const char *name = ((FltLink *) g_ptr_array_index (links, i))->service;

      if (g_hash_table_add (seen, g_strdup (name)))
        g_strv_builder_add (builder, name);
    }

  for (guint i = 0; flt_node_is_sequence (volumes_from) && i < volumes_from->n_items; i++)
    {
      const FltNode *item = volumes_from->items[i];
      g_auto(GStrv) parts = NULL;

      if (!flt_node_is_scalar (item) || g_str_has_prefix (item->value, "container:"))
        continue;
      parts = g_strsplit (item->value, ":", 2);
      if (g_hash_table_add (seen, g_strdup (parts[0])))
        g_strv_builder_add (builder, parts[0]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      const FltNode *mode = flt_service_get_field (service, modes[i]);

      if (flt_node_is_scalar (mode) && g_str_has_prefix (mode->value, "service:"))
        {
          const char *name = mode->value + strlen ("service:");

          if (g_hash_table_add (seen, g_strdup (name)))
            g_strv_builder_add (builder, name);
        }
    }

  return g_strv_builder_end (builder);
}

/* Plans */

static void
plan_action_free (FltPlanAction *action)
{
  g_free (action->service);
  g_free (action->container);
  g_free (action->container_id);
  g_strfreev (action->reasons);
  g_free (action);
}

FltPlan *
_flt_plan_new (void)
{
  FltPlan *plan = g_new0 (FltPlan, 1);

  plan->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_action_free);
  plan->networks = g_ptr_array_new_with_free_func (g_free);
  plan->volumes = g_ptr_array_new_with_free_func (g_free);
  plan->builds = g_ptr_array_new_with_free_func (g_free);
  plan->pulls = g_ptr_array_new_with_free_func (g_free);
  return plan;
}

void
flt_plan_free (FltPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->actions);
  g_ptr_array_unref (plan->networks);
  g_ptr_array_unref (plan->volumes);
  g_ptr_array_unref (plan->builds);
  g_ptr_array_unref (plan->pulls);
  g_free (plan);
}

const char *
flt_action_kind_to_string (FltActionKind kind)
{
  switch (kind)
    {
    case FLT_ACTION_CREATE:
      /* Translators: what up would do to a container */
      return C_("plan", "create");
    case FLT_ACTION_RECREATE:
      return C_("plan", "recreate");
    case FLT_ACTION_KEEP:
      return C_("plan", "keep");
    case FLT_ACTION_START:
      return C_("plan", "start");
    case FLT_ACTION_SCALE_DOWN:
      return C_("plan", "remove (scale down)");
    case FLT_ACTION_REMOVE_ORPHAN:
    default:
      return C_("plan", "remove orphan");
    }
}

/**
 * flt_progress_describe_item:
 * @kind: an #FltProgress's kind ("Container", "Network"…)
 * @name: its name
 *
 * Returns: (transfer full): what a progress line calls the item, translated:
 *   "Container web-1"
 */
char *
flt_progress_describe_item (const char *kind,
                            const char *name)
{
  if (g_strcmp0 (kind, "Container") == 0)
    /* Translators: a progress line: %s is a container's name */
    return g_strdup_printf (_("Container %s"), name);
  if (g_strcmp0 (kind, "Network") == 0)
    /* Translators: a progress line: %s is a network's name */
    return g_strdup_printf (_("Network %s"), name);
  if (g_strcmp0 (kind, "Volume") == 0)
    /* Translators: a progress line: %s is a volume's name */
    return g_strdup_printf (_("Volume %s"), name);
  if (g_strcmp0 (kind, "Image") == 0)
    /* Translators: a progress line: %s is an image reference */
    return g_strdup_printf (_("Image %s"), name);
  if (g_strcmp0 (kind, "Service") == 0)
    /* Translators: a progress line: %s is a service's name */
    return g_strdup_printf (_("Service %s"), name);
  return g_strdup (name);
}

/**
 * flt_plan_count_disruptive:
 *
 * Returns: how many existing containers the plan recreates or removes:
 *   what a person should see before it happens
 */
guint
flt_plan_count_disruptive (const FltPlan *plan)
{
  guint n = 0;

  g_return_val_if_fail (plan != NULL, 0);

  for (guint i = 0; i < plan->actions->len; i++)
    {
      const FltPlanAction *action = g_ptr_array_index (plan->actions, i);

      if (action->kind == FLT_ACTION_RECREATE || action->kind == FLT_ACTION_SCALE_DOWN ||
          action->kind == FLT_ACTION_REMOVE_ORPHAN)
        n++;
    }
  return n;
}

/* Asynchronous wrappers: the blocking calls in a worker thread, with
 * progress carried over to the caller's main context. */

typedef enum { OP_UP, OP_DOWN, OP_PLAN, OP_COMMAND } OpKind;

typedef struct
{
  OpKind kind;
  FltUpOptions up;
  FltDownOptions down;
  FltRunnerCommand command;
  int timeout;
  GStrv services;
  GHashTable *scale;
  GMainContext *context;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_strfreev (data->services);
  g_clear_pointer (&data->scale, g_hash_table_unref);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  FltRunner *self = source_object;
  TaskData *data = task_data;
  GError *error = NULL;

  switch (data->kind)
    {
    case OP_UP:
      if (_flt_runner_up (self, &data->up, data->context, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case OP_DOWN:
      if (_flt_runner_down (self, &data->down, data->context, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case OP_COMMAND:
      if (_flt_runner_command (self, data->command, (const char * const *) data->services,
                               data->timeout, data->context, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case OP_PLAN:
    default:
      {
        FltPlan *plan = _flt_runner_plan (self, &data->up, data->context, cancellable, &error);

        if (plan == NULL)
          g_task_return_error (task, error);
        else
          g_task_return_pointer (task, plan, (GDestroyNotify) flt_plan_free);
      }
      break;
    }
}

static void
start_task (FltRunner           *self,
            TaskData            *data,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  data->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, run_thread);
}

static void
copy_up_options (TaskData           *data,
                 const FltUpOptions *options)
{
  if (options == NULL)
    return;
  data->up = *options;
  data->services = g_strdupv ((char **) options->services);
  data->up.services = (const char * const *) data->services;
  data->scale = options->scale ? g_hash_table_ref (options->scale) : NULL;
  data->up.scale = data->scale;
}

void
flt_runner_up_async (FltRunner           *self,
                     const FltUpOptions  *options,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->kind = OP_UP;
  copy_up_options (data, options);
  start_task (self, data, flt_runner_up_async, cancellable, callback, user_data);
}

gboolean
flt_runner_up_finish (FltRunner     *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
flt_runner_down_async (FltRunner            *self,
                       const FltDownOptions *options,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->kind = OP_DOWN;
  if (options != NULL)
    data->down = *options;
  else
    data->down.timeout = -1;
  start_task (self, data, flt_runner_down_async, cancellable, callback, user_data);
}

gboolean
flt_runner_down_finish (FltRunner     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
flt_runner_plan_async (FltRunner           *self,
                       const FltUpOptions  *options,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->kind = OP_PLAN;
  copy_up_options (data, options);
  start_task (self, data, flt_runner_plan_async, cancellable, callback, user_data);
}

FltPlan *
flt_runner_plan_finish (FltRunner     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * flt_runner_command_async:
 * @services: (nullable): the services to act on; %NULL for all
 * @timeout: for stop and restart: seconds before killing; -1 for the
 *   containers' own
 *
 * Stops, starts, restarts, builds or pulls in a worker thread, with
 * progress delivered like flt_runner_up_async()'s.
 */
void
flt_runner_command_async (FltRunner           *self,
                          FltRunnerCommand     command,
                          const char * const  *services,
                          int                  timeout,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->kind = OP_COMMAND;
  data->command = command;
  data->timeout = timeout;
  data->services = g_strdupv ((char **) services);
  start_task (self, data, flt_runner_command_async, cancellable, callback, user_data);
}

gboolean
flt_runner_command_finish (FltRunner     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
