/* flt-stack-state.c: a stack on a Swarm as it is now, kept up to date
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Swarm sends no events for tasks, and `docker stack ps` polls; so does
 * this: it lists the stack's services and all their tasks in a worker
 * thread, often while Swarm is still placing, starting or replacing tasks
 * and seldom once everything runs, and says "changed" in the main context
 * it was started in only when something a person could see changed.
 */

#include <string.h>

#include "flt-stack-state.h"

struct _FltStackState
{
  GObject parent_instance;

  FltEngine *engine;
  FltStack *stack;
  GCancellable *cancellable;    /* while started */
  GPtrArray *services;          /* FltStackService, sorted by service */
  GPtrArray *tasks;             /* FltStackTask */
  char *fingerprint;
  char *error;
  guint timeout_id;
  gboolean asking;
  gboolean ask_again;           /* a refresh came while asking */
  gboolean known;
};

G_DEFINE_FINAL_TYPE (FltStackState, flt_stack_state, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void ask (FltStackState *self);

/* The pure parts */

/**
 * flt_stack_service_status_compute:
 * @service: (nullable): the Swarm service; %NULL when the stack has none
 *   for this compose service
 * @tasks: (element-type FltStackTask): the stack's tasks, any service's
 *
 * Sums a service's tasks up as the sidebar shows a service's containers:
 * its wanted count against the tasks running, and, while none runs, why.
 */
void
flt_stack_service_status_compute (FltServiceStatus      *status,
                                  const FltStackService *service,
                                  GPtrArray             *tasks)
{
  gboolean starting = FALSE, failed = FALSE;
  gint64 newest_failure = G_MININT64;

  g_return_if_fail (status != NULL);

  *status = (FltServiceStatus) { FLT_SERVICE_NOT_CREATED, 0, 0, 0 };
  if (service == NULL)
    return;

  status->n_containers = service->replicas;
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      const FltStackTask *task = g_ptr_array_index (tasks, i);

      if (g_strcmp0 (task->service_id, service->id) != 0)
        continue;
      if (task->desired == FLT_TASK_RUNNING && task->state == FLT_TASK_RUNNING)
        status->n_running++;
      else if (task->desired == FLT_TASK_RUNNING && task->state < FLT_TASK_RUNNING)
        starting = TRUE;
      if ((task->state == FLT_TASK_FAILED || task->state == FLT_TASK_REJECTED) &&
          task->timestamp > newest_failure)
        {
          failed = TRUE;
          newest_failure = task->timestamp;
          /* A rejected task never ran: it has no code of its own. */
          status->exit_code = task->exit_code != 0 ? task->exit_code : 1;
        }
    }

  if (status->n_containers == 0)
    status->kind = FLT_SERVICE_NOT_CREATED;
  else if (status->n_running >= status->n_containers)
    status->kind = FLT_SERVICE_RUNNING;
  else if (status->n_running > 0)
    status->kind = FLT_SERVICE_PARTIAL;
  else if (failed)
    status->kind = FLT_SERVICE_EXITED;
  else if (starting)
    status->kind = FLT_SERVICE_STARTING;
  else
    status->kind = FLT_SERVICE_CREATED;
  if (status->kind != FLT_SERVICE_EXITED)
    status->exit_code = 0;
}

static gboolean
update_in_progress (const FltStackService *service)
{
  return service->update_state != NULL &&
         (g_str_equal (service->update_state, "updating") ||
          g_str_equal (service->update_state, "rollback_started"));
}

/**
 * flt_stack_state_next_interval:
 *
 * Returns: milliseconds until the next look: short while a service has
 *   fewer tasks running than it wants, updates, or has a task on its way
 *   up or down; long once all is still
 */
guint
flt_stack_state_next_interval (GPtrArray *services,
                               GPtrArray *tasks)
{
  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      const FltStackService *service = g_ptr_array_index (services, i);

      if (service->running != service->replicas || update_in_progress (service))
        return FLT_STACK_STATE_BUSY_MS;
    }
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      const FltStackTask *task = g_ptr_array_index (tasks, i);

      if (task->desired == FLT_TASK_RUNNING && task->state != FLT_TASK_RUNNING)
        return FLT_STACK_STATE_BUSY_MS;
      if (task->desired != FLT_TASK_RUNNING && !flt_task_state_is_final (task->state))
        return FLT_STACK_STATE_BUSY_MS;
    }
  return FLT_STACK_STATE_SETTLED_MS;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * flt_stack_state_fingerprint:
 *
 * Returns: (transfer full): one string of everything shown of @services
 *   and @tasks, whatever order the engine listed them in: two listings
 *   look the same exactly when their fingerprints are equal
 */
char *
flt_stack_state_fingerprint (GPtrArray *services,
                             GPtrArray *tasks)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      const FltStackService *s = g_ptr_array_index (services, i);

      g_ptr_array_add (lines, g_strdup_printf ("s %s %s %" G_GUINT64_FORMAT " %u/%u %s %s %s", s->id, s->service,
                                               s->version, s->running, s->replicas, s->ports ? s->ports : "",
                                               s->update_state ? s->update_state : "", s->image ? s->image : ""));
    }
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      const FltStackTask *t = g_ptr_array_index (tasks, i);

      g_ptr_array_add (lines, g_strdup_printf ("t %s %s %d %s %s %d %d %s %s %d %s", t->id, t->service, t->slot,
                                               t->node_id ? t->node_id : "", t->node ? t->node : "",
                                               t->desired, t->state, t->container_id ? t->container_id : "",
                                               t->error ? t->error : "", t->exit_code, t->ports ? t->ports : ""));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Asking */

typedef struct
{
  GPtrArray *services;
  GPtrArray *tasks;
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->services, g_ptr_array_unref);
  g_clear_pointer (&listing->tasks, g_ptr_array_unref);
  g_free (listing);
}

static int
compare_services (gconstpointer a,
                  gconstpointer b)
{
  const FltStackService *left = *(const FltStackService * const *) a;
  const FltStackService *right = *(const FltStackService * const *) b;

  return g_strcmp0 (left->service, right->service);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FltStack *stack = task_data;
  g_autoptr(GError) error = NULL;
  Listing *listing = g_new0 (Listing, 1);

  listing->services = flt_stack_list_services (stack, cancellable, &error);
  if (listing->services != NULL)
    listing->tasks = flt_stack_list_tasks (stack, TRUE, cancellable, &error);
  if (error != NULL)
    {
      listing_free (listing);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_sort (listing->services, compare_services);
  g_task_return_pointer (task, listing, (GDestroyNotify) listing_free);
}

static gboolean
ask_cb (gpointer user_data)
{
  FltStackState *self = user_data;

  self->timeout_id = 0;
  ask (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (FltStackState *self,
          guint          milliseconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, milliseconds, ask_cb, self, NULL);
}

/* An engine that is in no Swarm, or no longer a manager, has no stack. */
static gboolean
means_no_stack (const GError *error)
{
  return error->domain == FLT_STACK_ERROR || g_error_matches (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_FAILED);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FltStackState) self = user_data;
  g_autoptr(GError) error = NULL;
  Listing *listing = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *fingerprint = NULL;
  gboolean changed = FALSE;
  guint interval = FLT_STACK_STATE_SETTLED_MS;

  self->asking = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    {
      g_clear_pointer (&listing, listing_free);
      return;
    }

  if (listing == NULL && !means_no_stack (error))
    {
      /* The engine is away: keep what was seen and say why. */
      changed = g_strcmp0 (self->error, error->message) != 0;
      g_free (self->error);
      self->error = g_strdup (error->message);
    }
  else
    {
      GPtrArray *services = listing ? listing->services : NULL;
      GPtrArray *tasks = listing ? listing->tasks : NULL;

      fingerprint = flt_stack_state_fingerprint (services, tasks);
      changed = !self->known || self->error != NULL || g_strcmp0 (fingerprint, self->fingerprint) != 0;
      g_clear_pointer (&self->error, g_free);
      g_clear_pointer (&self->services, g_ptr_array_unref);
      g_clear_pointer (&self->tasks, g_ptr_array_unref);
      self->services = services ? g_ptr_array_ref (services)
                                : g_ptr_array_new_with_free_func ((GDestroyNotify) flt_stack_service_free);
      self->tasks = tasks ? g_ptr_array_ref (tasks)
                          : g_ptr_array_new_with_free_func ((GDestroyNotify) flt_stack_task_free);
      g_free (self->fingerprint);
      self->fingerprint = g_steal_pointer (&fingerprint);
      self->known = TRUE;
      interval = flt_stack_state_next_interval (self->services, self->tasks);
    }
  g_clear_pointer (&listing, listing_free);

  if (self->ask_again)
    {
      self->ask_again = FALSE;
      interval = 0;
    }
  schedule (self, interval);
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
ask (FltStackState *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable == NULL)
    return;
  if (self->asking)
    {
      self->ask_again = TRUE;
      return;
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->asking = TRUE;
  task = g_task_new (self, self->cancellable, listed_cb, g_object_ref (self));
  g_task_set_source_tag (task, ask);
  g_task_set_task_data (task, g_object_ref (self->stack), g_object_unref);
  g_task_run_in_thread (task, list_thread);
}

/* Public */

/**
 * flt_stack_state_new:
 * @name: the stack's name, which is the project's
 *
 * Returns: (transfer full): a state that knows nothing until started
 */
FltStackState *
flt_stack_state_new (FltEngine  *engine,
                     const char *name)
{
  FltStackState *self;

  g_return_val_if_fail (FLT_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (FLT_TYPE_STACK_STATE, NULL);
  self->engine = g_object_ref (engine);
  self->stack = flt_stack_new (engine, NULL, name);
  return self;
}

const char *
flt_stack_state_get_name (FltStackState *self)
{
  g_return_val_if_fail (FLT_IS_STACK_STATE (self), NULL);

  return flt_stack_get_name (self->stack);
}

FltEngine *
flt_stack_state_get_engine (FltStackState *self)
{
  g_return_val_if_fail (FLT_IS_STACK_STATE (self), NULL);

  return self->engine;
}

/* Starts looking, now and then again and again, until stopped. */
void
flt_stack_state_start (FltStackState *self)
{
  g_return_if_fail (FLT_IS_STACK_STATE (self));

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  ask (self);
}

void
flt_stack_state_stop (FltStackState *self)
{
  g_return_if_fail (FLT_IS_STACK_STATE (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->asking = FALSE;
  self->ask_again = FALSE;
}

/* Looks now: a deploy or a removal has just happened. */
void
flt_stack_state_refresh (FltStackState *self)
{
  g_return_if_fail (FLT_IS_STACK_STATE (self));

  ask (self);
}

/* Whether the state has had its first answer. */
gboolean
flt_stack_state_is_known (FltStackState *self)
{
  g_return_val_if_fail (FLT_IS_STACK_STATE (self), FALSE);

  return self->known;
}

/* Whether the engine has a service of the stack. */
gboolean
flt_stack_state_is_deployed (FltStackState *self)
{
  g_return_val_if_fail (FLT_IS_STACK_STATE (self), FALSE);

  return self->services != NULL && self->services->len > 0;
}

/* Why the last look failed while the engine was away, or %NULL. */
const char *
flt_stack_state_get_error (FltStackState *self)
{
  g_return_val_if_fail (FLT_IS_STACK_STATE (self), NULL);

  return self->error;
}

/**
 * flt_stack_state_get_services:
 *
 * Returns: (transfer none) (nullable) (element-type FltStackService): the
 *   stack's services by compose service name, until the next "changed"
 */
GPtrArray *
flt_stack_state_get_services (FltStackState *self)
{
  g_return_val_if_fail (FLT_IS_STACK_STATE (self), NULL);

  return self->services;
}

/**
 * flt_stack_state_get_tasks:
 *
 * Returns: (transfer none) (nullable) (element-type FltStackTask): all
 *   the stack's tasks, ended ones too, until the next "changed"
 */
GPtrArray *
flt_stack_state_get_tasks (FltStackState *self)
{
  g_return_val_if_fail (FLT_IS_STACK_STATE (self), NULL);

  return self->tasks;
}

/**
 * flt_stack_state_get_service_status:
 *
 * Returns: whether the stack has @service; @status is set either way
 */
gboolean
flt_stack_state_get_service_status (FltStackState    *self,
                                    const char       *service,
                                    FltServiceStatus *status)
{
  const FltStackService *found = NULL;

  g_return_val_if_fail (FLT_IS_STACK_STATE (self), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);

  for (guint i = 0; self->services != NULL && i < self->services->len && found == NULL; i++)
    {
      const FltStackService *s = g_ptr_array_index (self->services, i);

      if (g_strcmp0 (s->service, service) == 0)
        found = s;
    }
  flt_stack_service_status_compute (status, found, self->tasks);
  return found != NULL;
}

/**
 * flt_stack_state_dup_service_names:
 *
 * Returns: (transfer full): the stack's compose services, one line each,
 *   in order: what a log follower must follow
 */
char *
flt_stack_state_dup_service_names (FltStackState *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (FLT_IS_STACK_STATE (self), NULL);

  for (guint i = 0; self->services != NULL && i < self->services->len; i++)
    {
      g_string_append (out, ((FltStackService *) g_ptr_array_index (self->services, i))->service);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* GObject */

static void
flt_stack_state_dispose (GObject *object)
{
  FltStackState *self = FLT_STACK_STATE (object);

  flt_stack_state_stop (self);
  g_clear_object (&self->stack);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (flt_stack_state_parent_class)->dispose (object);
}

static void
flt_stack_state_finalize (GObject *object)
{
  FltStackState *self = FLT_STACK_STATE (object);

  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_free (self->fingerprint);
  g_free (self->error);

  G_OBJECT_CLASS (flt_stack_state_parent_class)->finalize (object);
}

static void
flt_stack_state_class_init (FltStackStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_stack_state_dispose;
  object_class->finalize = flt_stack_state_finalize;

  /**
   * FltStackState::changed:
   *
   * The services, their tasks, or whether the engine answers changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
flt_stack_state_init (FltStackState *self)
{
}
