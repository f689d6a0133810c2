/* flt-stack-logs.c: the output of a stack's services, from
 * /services/{id}/logs
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One reader thread per service.  The engine gathers the lines of every
 * task of a service, on whichever node it runs, into one stream framed
 * like a container's; with details=1 each line begins with the task it
 * came from ("com.docker.swarm.task.id=…"), which names the replica and
 * its node here.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-stack.h"

#define TASK_ATTRIBUTE "com.docker.swarm.task.id"

typedef struct
{
  char *name;       /* "web.2@node1": what a line is prefixed with */
  char *service;
  int slot;
} TaskName;

typedef struct
{
  FltStack *stack;
  FltLogFunc func;
  gpointer user_data;
  gboolean follow;
  gboolean timestamps;
  char *tail;
  gint64 since;

  GMutex lock;             /* serialises callbacks; guards what follows */
  GHashTable *tasks;       /* task ID → TaskName */
  GError *error;           /* the first reader error */
  GCancellable *cancellable;
} Logs;

typedef struct
{
  Logs *logs;
  char *id;
  char *service;
  gboolean tty;
} Reader;

static void
task_name_free (TaskName *name)
{
  g_free (name->name);
  g_free (name->service);
  g_free (name);
}

static void
reader_free (Reader *reader)
{
  g_free (reader->id);
  g_free (reader->service);
  g_free (reader);
}

static TaskName *
task_name_new (const FltStackTask *task)
{
  TaskName *name = g_new0 (TaskName, 1);

  name->service = g_strdup (task->service);
  name->slot = task->slot;
  if (task->slot > 0)
    name->name = task->node ? g_strdup_printf ("%s.%d@%s", task->service, task->slot, task->node)
                            : g_strdup_printf ("%s.%d", task->service, task->slot);
  else
    name->name = task->node ? g_strdup_printf ("%s@%s", task->service, task->node) : g_strdup (task->service);
  return name;
}

/* Learns the stack's tasks, including the ones that have stopped: their
 * lines are still in the logs. */
static void
refresh_tasks (Logs *logs)
{
  g_autoptr(GPtrArray) tasks = flt_stack_list_tasks (logs->stack, TRUE, logs->cancellable, NULL);

  g_mutex_lock (&logs->lock);
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      FltStackTask *task = g_ptr_array_index (tasks, i);

      g_hash_table_replace (logs->tasks, g_strdup (task->id), task_name_new (task));
    }
  g_mutex_unlock (&logs->lock);
}

/* The task ID among "k=v,k=v" details. */
static char *
task_of (const char *details,
         gsize       length)
{
  g_autofree char *copy = g_strndup (details, length);
  g_auto(GStrv) pairs = g_strsplit (copy, ",", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    if (g_str_has_prefix (pairs[i], TASK_ATTRIBUTE "="))
      return g_uri_unescape_string (pairs[i] + strlen (TASK_ATTRIBUTE "="), NULL);
  return NULL;
}

static void
on_line (FltLogStream  stream,
         const char   *text,
         gsize         length,
         gpointer      user_data)
{
  Reader *reader = user_data;
  Logs *logs = reader->logs;
  g_autofree char *task = NULL;
  const char *space;
  TaskName *name;
  FltLogLine line;
  gint64 ns;
  const char *rest = flt_log_split_timestamp (text, length, &ns);

  line.timestamp = -1;
  if (rest != NULL)
    {
      if (logs->timestamps)
        line.timestamp = ns;
      length -= rest - text;
      text = rest;
    }

  /* "com.docker.swarm.node.id=…,…,com.docker.swarm.task.id=… message" */
  space = memchr (text, ' ', length);
  if (space != NULL && memchr (text, '=', space - text) != NULL)
    {
      task = task_of (text, space - text);
      length -= space + 1 - text;
      text = space + 1;
    }

  if (task != NULL)
    {
      g_mutex_lock (&logs->lock);
      name = g_hash_table_lookup (logs->tasks, task);
      g_mutex_unlock (&logs->lock);
      if (name == NULL)
        {
          refresh_tasks (logs);
          g_mutex_lock (&logs->lock);
          /* A task Swarm no longer knows keeps the service's name. */
          if (!g_hash_table_contains (logs->tasks, task))
            {
              TaskName *unknown = g_new0 (TaskName, 1);

              unknown->name = g_strdup (reader->service);
              unknown->service = g_strdup (reader->service);
              g_hash_table_insert (logs->tasks, g_strdup (task), unknown);
            }
          g_mutex_unlock (&logs->lock);
        }
    }

  g_mutex_lock (&logs->lock);
  name = task ? g_hash_table_lookup (logs->tasks, task) : NULL;
  line.container = name ? name->name : reader->service;
  line.service = reader->service;
  line.number = name ? name->slot : 0;
  line.stream = stream;
  line.text = text;
  line.length = length;
  logs->func (&line, logs->user_data);
  g_mutex_unlock (&logs->lock);
}

static void
set_error (Logs   *logs,
           GError *error)
{
  g_mutex_lock (&logs->lock);
  if (logs->error == NULL)
    logs->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&logs->lock);
  g_cancellable_cancel (logs->cancellable);
}

static gpointer
read_service (gpointer data)
{
  Reader *reader = data;
  Logs *logs = reader->logs;
  g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (reader->tty);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = g_uri_escape_string (reader->id, NULL, FALSE);
  GString *path = g_string_new (NULL);
  guint8 *buffer = g_malloc (65536);

  /* Timestamps always: they come before the details, and are dropped
   * again unless asked for. */
  g_string_printf (path, "/services/%s/logs?stdout=1&stderr=1&details=1&timestamps=1&follow=%d",
                   escaped, logs->follow ? 1 : 0);
  if (logs->since > 0)
    g_string_append_printf (path, "&since=%" G_GINT64_FORMAT, logs->since);
  if (logs->tail != NULL)
    g_string_append_printf (path, "&tail=%s", logs->tail);

  stream = flt_engine_open_stream (flt_stack_get_engine (logs->stack), "GET", path->str, NULL, NULL, NULL,
                                   logs->cancellable, &error);
  g_string_free (path, TRUE);
  while (stream != NULL)
    {
      gssize n = g_input_stream_read (stream, buffer, 65536, logs->cancellable, &error);

      if (n <= 0)
        break;
      if (!flt_log_demuxer_feed (demuxer, buffer, n, on_line, reader, &error))
        break;
    }
  flt_log_demuxer_finish (demuxer, on_line, reader);
  g_free (buffer);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
    {
      if (error->domain == G_IO_ERROR)
        set_error (logs, g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                                      _("the Docker Engine stopped sending the output of %s: %s"),
                                      reader->service, error->message));
      else
        set_error (logs, g_steal_pointer (&error));
    }

  reader_free (reader);
  return NULL;
}

static void
cancel_own_cb (GCancellable *cancellable,
               gpointer      own)
{
  g_cancellable_cancel (own);
}

/**
 * flt_stack_logs:
 * @options: the services (%NULL: all of the stack's), follow, timestamps,
 *   tail and since, as for a project
 * @func: called for each line, from reader threads, one line at a time;
 *   a line's container is its task ("web.2@node1") and its number the
 *   task's slot
 *
 * Reads the stack's service logs.  Blocks until every stream ends
 * (without follow) or @cancellable is cancelled (with follow).
 */
gboolean
flt_stack_logs (FltStack             *self,
                const FltLogOptions  *options,
                FltLogFunc            func,
                gpointer              user_data,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GCancellable) own = g_cancellable_new ();
  const char * const *wanted = options ? options->services : NULL;
  Logs logs = { 0 };
  gulong handler = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (FLT_IS_STACK (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  services = flt_stack_list_services (self, cancellable, error);
  if (services == NULL)
    return FALSE;
  if (services->len == 0)
    {
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                   _("there is no stack called %s on this Swarm; deploy it first"), flt_stack_get_name (self));
      return FALSE;
    }
  for (guint i = 0; wanted != NULL && wanted[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < services->len && !found; j++)
        found = g_str_equal (((FltStackService *) g_ptr_array_index (services, j))->service, wanted[i]);
      if (!found)
        {
          g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                       _("the stack %s has no service called %s"), flt_stack_get_name (self), wanted[i]);
          return FALSE;
        }
    }

  logs.stack = self;
  logs.func = func;
  logs.user_data = user_data;
  logs.follow = options && options->follow;
  logs.timestamps = options && options->timestamps;
  logs.tail = options && options->tail && !g_str_equal (options->tail, "all") ? g_strdup (options->tail) : NULL;
  logs.since = options ? options->since : 0;
  logs.cancellable = own;
  logs.tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) task_name_free);
  g_mutex_init (&logs.lock);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_own_cb), own, NULL);

  refresh_tasks (&logs);
  for (guint i = 0; i < services->len; i++)
    {
      FltStackService *service = g_ptr_array_index (services, i);
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) spec = NULL;
      JsonObject *container = NULL;
      Reader *reader;

      if (wanted != NULL && wanted[0] != NULL && !g_strv_contains (wanted, service->service))
        continue;

      /* A TTY service's stream is raw, not framed. */
      path = g_strdup_printf ("/services/%s", service->id);
      spec = flt_engine_call (flt_stack_get_engine (self), "GET", path, NULL, NULL, own, NULL);
      if (spec != NULL && JSON_NODE_HOLDS_OBJECT (spec))
        {
          JsonObject *object = json_node_get_object (spec);
          JsonNode *node = json_object_get_member (object, "Spec");

          node = node && JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_member (json_node_get_object (node), "TaskTemplate") : NULL;
          node = node && JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_member (json_node_get_object (node), "ContainerSpec") : NULL;
          container = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        }

      reader = g_new0 (Reader, 1);
      reader->logs = &logs;
      reader->id = g_strdup (service->id);
      reader->service = g_strdup (service->service);
      reader->tty = container != NULL && json_object_get_boolean_member_with_default (container, "TTY", FALSE);
      g_ptr_array_add (threads, g_thread_new ("flotilla-stack-logs", read_service, reader));
    }

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  if (logs.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&logs.error));
      ok = FALSE;
    }
  else if (!logs.follow && g_cancellable_is_cancelled (cancellable))
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  g_hash_table_unref (logs.tasks);
  g_free (logs.tail);
  g_mutex_clear (&logs.lock);
  return ok;
}
