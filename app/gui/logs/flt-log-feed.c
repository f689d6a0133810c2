/* flt-log-feed.c: log lines from any thread into a buffer, a frame at a time
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reader threads copy each line into a pending batch under a mutex; the
 * first line of a batch schedules one delivery in the feed's main context,
 * no sooner than FLT_LOG_FEED_INTERVAL_MS after the last.  However fast
 * lines come, the main loop sees one short call per frame, never one per
 * line.  Tests and benchmarks push through the very same path.
 *
 * Lines that would only be evicted on arrival (more pending than the
 * buffer holds) are dropped before they cost the main loop anything.
 */

#include <string.h>

#include <glib/gi18n.h>

#include "flt-log-feed.h"
#include "flt-log-follower.h"
#include "flt-stack.h"

/* A pending batch is closed at this many lines, so that dropping the
 * oldest pending lines can free whole batches. */
#define BATCH_LINES 65536

struct _FltLogFeed
{
  GObject       parent_instance;

  FltLogBuffer *buffer;
  GMainContext *context;

  GMutex        lock;            /* guards what follows */
  GQueue        pending;         /* FltLogBatch, oldest first */
  guint         n_pending;
  guint         capacity;        /* the buffer's, readable from any thread */
  guint64       dropped;
  GSource      *flush_source;
  gint64        last_flush;
  GHashTable   *seen;            /* container → gint64 *: its latest timestamp */
  GHashTable   *resume;          /* container → gint64 *: skip lines up to this */
  char         *seen_name;       /* the container of the last line, and its slot */
  gint64       *seen_slot;
};

G_DEFINE_FINAL_TYPE (FltLogFeed, flt_log_feed, G_TYPE_OBJECT)

/* Auxiliary methods */

static gint64 *
seen_slot_locked (FltLogFeed *self,
                  const char *container)
{
  gint64 *slot;

  /* Lines come in runs from one container. */
  if (self->seen_name != NULL && strcmp (self->seen_name, container) == 0)
    return self->seen_slot;

  slot = g_hash_table_lookup (self->seen, container);
  if (slot == NULL)
    {
      slot = g_new (gint64, 1);
      *slot = -1;
      g_hash_table_insert (self->seen, g_strdup (container), slot);
    }
  g_free (self->seen_name);
  self->seen_name = g_strdup (container);
  self->seen_slot = slot;
  return slot;
}

/* Whether @line was shown before a restart of the follower. */
static gboolean
is_repeat_locked (FltLogFeed       *self,
                  const FltLogLine *line)
{
  gint64 *until;

  if (line->timestamp < 0 || line->container == NULL)
    return FALSE;

  if (self->resume != NULL && (until = g_hash_table_lookup (self->resume, line->container)) != NULL)
    {
      if (line->timestamp <= *until)
        return TRUE;
      g_hash_table_remove (self->resume, line->container);
      if (g_hash_table_size (self->resume) == 0)
        g_clear_pointer (&self->resume, g_hash_table_unref);
    }

  *seen_slot_locked (self, line->container) = line->timestamp;
  return FALSE;
}

static gboolean
flush_cb (gpointer user_data)
{
  flt_log_feed_flush (FLT_LOG_FEED (user_data));
  return G_SOURCE_REMOVE;
}

static void
schedule_flush_locked (FltLogFeed *self)
{
  gint64 now, delay_ms;

  if (self->flush_source != NULL || self->n_pending == 0)
    return;

  now = g_get_monotonic_time ();
  delay_ms = (self->last_flush + FLT_LOG_FEED_INTERVAL_MS * 1000 - now) / 1000;
  self->flush_source = g_timeout_source_new (CLAMP (delay_ms, 0, FLT_LOG_FEED_INTERVAL_MS));
  g_source_set_static_name (self->flush_source, "[flotilla] log feed");
  g_source_set_callback (self->flush_source, flush_cb, g_object_ref (self), g_object_unref);
  g_source_attach (self->flush_source, self->context);
}

static void
push_locked (FltLogFeed       *self,
             const FltLogLine *line)
{
  FltLogBatch *tail = g_queue_peek_tail (&self->pending);

  if (is_repeat_locked (self, line))
    return;

  if (tail == NULL || flt_log_batch_get_length (tail) >= BATCH_LINES)
    {
      tail = flt_log_batch_new ();
      g_queue_push_tail (&self->pending, tail);
    }
  flt_log_batch_add (tail, line);
  self->n_pending++;

  /* More than the buffer holds is waiting: the oldest would only be
   * evicted on arrival. */
  while (self->pending.length > 1)
    {
      FltLogBatch *head = g_queue_peek_head (&self->pending);
      guint n = flt_log_batch_get_length (head);

      if (self->n_pending - n < self->capacity)
        break;
      g_queue_pop_head (&self->pending);
      self->n_pending -= n;
      self->dropped += n;
      flt_log_batch_free (head);
    }
}

/* Public API */

static void
buffer_capacity_cb (FltLogFeed   *self,
                    GParamSpec   *pspec,
                    FltLogBuffer *buffer)
{
  g_mutex_lock (&self->lock);
  self->capacity = flt_log_buffer_get_capacity (buffer);
  g_mutex_unlock (&self->lock);
}

FltLogFeed *
flt_log_feed_new (FltLogBuffer *buffer)
{
  FltLogFeed *self;

  g_return_val_if_fail (FLT_IS_LOG_BUFFER (buffer), NULL);

  self = g_object_new (FLT_TYPE_LOG_FEED, NULL);
  self->buffer = g_object_ref (buffer);
  self->capacity = flt_log_buffer_get_capacity (buffer);
  g_signal_connect_object (buffer, "notify::capacity", G_CALLBACK (buffer_capacity_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}

FltLogBuffer *
flt_log_feed_get_buffer (FltLogFeed *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FEED (self), NULL);
  return self->buffer;
}

/**
 * flt_log_feed_push:
 *
 * Queues a copy of @line for the buffer.  May be called from any thread;
 * the line reaches the buffer within about a frame.
 */
void
flt_log_feed_push (FltLogFeed       *self,
                   const FltLogLine *line)
{
  flt_log_feed_push_lines (self, line, 1);
}

void
flt_log_feed_push_lines (FltLogFeed       *self,
                         const FltLogLine *lines,
                         guint             n_lines)
{
  g_return_if_fail (FLT_IS_LOG_FEED (self));
  g_return_if_fail (lines != NULL || n_lines == 0);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < n_lines; i++)
    push_locked (self, &lines[i]);
  schedule_flush_locked (self);
  g_mutex_unlock (&self->lock);
}

/* How many lines wait for the main loop; any thread. */
guint
flt_log_feed_get_pending (FltLogFeed *self)
{
  guint n;

  g_return_val_if_fail (FLT_IS_LOG_FEED (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_pending;
  g_mutex_unlock (&self->lock);
  return n;
}

/* How many lines were dropped because more were waiting than the buffer
 * could hold. */
guint64
flt_log_feed_get_dropped (FltLogFeed *self)
{
  guint64 n;

  g_return_val_if_fail (FLT_IS_LOG_FEED (self), 0);

  g_mutex_lock (&self->lock);
  n = self->dropped;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * flt_log_feed_flush:
 *
 * Hands every pending line to the buffer now.  This is what the feed does
 * by itself once per interval; tests call it to skip the wait.
 */
void
flt_log_feed_flush (FltLogFeed *self)
{
  GQueue batches = G_QUEUE_INIT;
  FltLogBatch *batch;

  g_return_if_fail (FLT_IS_LOG_FEED (self));

  g_mutex_lock (&self->lock);
  batches = self->pending;
  g_queue_init (&self->pending);
  self->n_pending = 0;
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  self->last_flush = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);

  /* Keep the feed alive: a handler of the buffer may drop the last
   * reference the caller had. */
  g_object_ref (self);
  while ((batch = g_queue_pop_head (&batches)) != NULL)
    flt_log_buffer_append_batch (self->buffer, batch);
  g_object_unref (self);
}

/* Following the engine */

typedef struct
{
  FltEngine  *engine;
  FltProject *project;
  char       *stack;      /* a Swarm stack's name, instead of the project's containers */
  gint64      since;
  char       *tail;
} FollowData;

static void
follow_data_free (FollowData *data)
{
  g_clear_object (&data->engine);
  g_clear_object (&data->project);
  g_free (data->stack);
  g_free (data->tail);
  g_free (data);
}

static void
follow_line_cb (const FltLogLine *line,
                gpointer          user_data)
{
  flt_log_feed_push (FLT_LOG_FEED (user_data), line);
}

static gpointer
follow_thread (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  FltLogFeed *self = g_task_get_source_object (task);
  FollowData *data = g_task_get_task_data (task);
  g_autoptr(FltLogFollower) follower = NULL;
  g_autoptr(GError) error = NULL;
  FltLogOptions options = {
    .services = NULL,
    .follow = TRUE,
    .timestamps = TRUE,
    .tail = data->tail,
    .since = data->since,
  };

  if (data->stack != NULL)
    {
      g_autoptr(FltStack) stack = flt_stack_new (data->engine, NULL, data->stack);

      /* Returns once every reader thread has ended. */
      if (flt_stack_logs (stack, &options, follow_line_cb, self, g_task_get_cancellable (task), &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  follower = flt_log_follower_new (data->engine, data->project, &options,
                                   follow_line_cb, NULL, self);
  if (flt_log_follower_run (follower, g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));

  /* Joins the reader threads, which push into the feed. */
  g_clear_pointer (&follower, flt_log_follower_free);
  return NULL;
}

/* A follow of either kind: the project's containers, or a stack's
 * services when @stack is given. */
static void
follow_start (FltLogFeed          *self,
              FltEngine           *engine,
              FltProject          *project,
              const char          *stack,
              gboolean             resume,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  FollowData *data = g_new0 (FollowData, 1);

  g_task_set_source_tag (task, flt_log_feed_follow_async);
  data->engine = g_object_ref (engine);
  data->project = project ? g_object_ref (project) : NULL;
  data->stack = g_strdup (stack);
  /* The first look goes back as far as the buffer can hold. */
  data->tail = g_strdup_printf ("%u", self->capacity);

  if (resume)
    {
      GHashTableIter iter;
      gpointer key, value;
      gint64 latest = -1;

      g_mutex_lock (&self->lock);
      g_clear_pointer (&self->resume, g_hash_table_unref);
      if (g_hash_table_size (self->seen) > 0)
        self->resume = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, self->seen);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_insert (self->resume, g_strdup (key), g_memdup2 (value, sizeof (gint64)));
          latest = MAX (latest, *(gint64 *) value);
        }
      g_mutex_unlock (&self->lock);

      /* The engine counts whole seconds: lines of that second come again
       * and the resume table drops them. */
      if (latest >= 0)
        data->since = MAX (latest / G_GINT64_CONSTANT (1000000000), 1);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) follow_data_free);

  g_thread_unref (g_thread_new ("flotilla-log-feed", follow_thread, g_object_ref (task)));
}

/**
 * flt_log_feed_follow_async:
 * @resume: go on from the lines already seen, after a restart, instead of
 *   starting with the last lines each container wrote
 *
 * Follows the output of every service of @project until @cancellable is
 * cancelled or the engine goes away, and completes then.  The follower
 * blocks, so it runs in a thread of its own rather than in the shared
 * pool of GTask threads, which a long stream would hold on to.
 */
void
flt_log_feed_follow_async (FltLogFeed          *self,
                           FltEngine           *engine,
                           FltProject          *project,
                           gboolean             resume,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FLT_IS_LOG_FEED (self));
  g_return_if_fail (FLT_IS_ENGINE (engine));
  g_return_if_fail (FLT_IS_PROJECT (project));

  follow_start (self, engine, project, NULL, resume, cancellable, callback, user_data);
}

/**
 * flt_log_feed_follow_stack_async:
 * @stack: the name of a stack on @engine's Swarm
 * @resume: as for flt_log_feed_follow_async()
 *
 * Follows the service logs of every service @stack has now, each line
 * named after its task ("web.2@node1"), until @cancellable is cancelled,
 * the engine goes away or the stack's services are all removed.  Finish
 * with flt_log_feed_follow_finish().
 */
void
flt_log_feed_follow_stack_async (FltLogFeed          *self,
                                 FltEngine           *engine,
                                 const char          *stack,
                                 gboolean             resume,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FLT_IS_LOG_FEED (self));
  g_return_if_fail (FLT_IS_ENGINE (engine));
  g_return_if_fail (stack != NULL);

  follow_start (self, engine, NULL, stack, resume, cancellable, callback, user_data);
}

gboolean
flt_log_feed_follow_finish (FltLogFeed    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (FLT_IS_LOG_FEED (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
flt_log_feed_dispose (GObject *object)
{
  FltLogFeed *self = FLT_LOG_FEED (object);

  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (flt_log_feed_parent_class)->dispose (object);
}

static void
flt_log_feed_finalize (GObject *object)
{
  FltLogFeed *self = FLT_LOG_FEED (object);

  /* A scheduled flush holds a reference: none is left by now. */
  g_assert (self->flush_source == NULL || g_source_is_destroyed (self->flush_source));
  g_clear_pointer (&self->flush_source, g_source_unref);
  g_queue_clear_full (&self->pending, (GDestroyNotify) flt_log_batch_free);
  g_hash_table_unref (self->seen);
  g_clear_pointer (&self->resume, g_hash_table_unref);
  g_free (self->seen_name);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (flt_log_feed_parent_class)->finalize (object);
}

static void
flt_log_feed_class_init (FltLogFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_log_feed_dispose;
  object_class->finalize = flt_log_feed_finalize;
}

static void
flt_log_feed_init (FltLogFeed *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
