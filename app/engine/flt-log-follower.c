/* flt-log-follower.c: the output of a project's containers, as lines
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One reader thread per container; with follow, an /events stream adds
 * readers for containers that start later, as docker compose logs -f does.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-container-info.h"
#include "flt-json-stream.h"
#include "flt-log-follower.h"

struct _FltLogFollower
{
  FltEngine *engine;
  FltProject *project;
  GStrv services;
  gboolean follow;
  gboolean timestamps;
  char *tail;
  gint64 since;
  FltLogFunc func;
  FltLogContainerFunc container_func;
  gpointer user_data;

  GMutex lock;              /* serialises callbacks and guards what follows */
  GCond done;
  GHashTable *attached;     /* container ID → TRUE while a reader runs */
  GPtrArray *threads;
  guint running;
  GError *error;            /* the first reader error that ends the run */
  GCancellable *cancellable;
};

typedef struct
{
  FltLogFollower *self;
  char *id;
  char *name;
  char *service;
  int number;
  gint64 since;
  gboolean from_event;
} Reader;

static void
reader_free (Reader *reader)
{
  g_free (reader->id);
  g_free (reader->name);
  g_free (reader->service);
  g_free (reader);
}

FltLogFollower *
flt_log_follower_new (FltEngine           *engine,
                      FltProject          *project,
                      const FltLogOptions *options,
                      FltLogFunc           func,
                      FltLogContainerFunc  container_func,
                      gpointer             user_data)
{
  FltLogFollower *self = g_new0 (FltLogFollower, 1);

  self->engine = g_object_ref (engine);
  self->project = g_object_ref (project);
  if (options != NULL)
    {
      self->services = g_strdupv ((char **) options->services);
      self->follow = options->follow;
      self->timestamps = options->timestamps;
      self->tail = g_strdup (options->tail);
      self->since = options->since;
    }
  self->func = func;
  self->container_func = container_func;
  self->user_data = user_data;
  g_mutex_init (&self->lock);
  g_cond_init (&self->done);
  self->attached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->threads = g_ptr_array_new ();
  return self;
}

void
flt_log_follower_free (FltLogFollower *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_ptr_array_unref (self->threads);
  g_hash_table_unref (self->attached);
  g_clear_error (&self->error);
  g_object_unref (self->engine);
  g_object_unref (self->project);
  g_strfreev (self->services);
  g_free (self->tail);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->done);
  g_free (self);
}

typedef struct
{
  Reader *reader;
  gboolean timestamps;
} LineContext;

static void
on_line (FltLogStream  stream,
         const char   *text,
         gsize         length,
         gpointer      user_data)
{
  LineContext *ctx = user_data;
  FltLogFollower *self = ctx->reader->self;
  FltLogLine line;

  line.container = ctx->reader->name;
  line.service = ctx->reader->service;
  line.number = ctx->reader->number;
  line.stream = stream;
  line.timestamp = -1;
  line.text = text;
  line.length = length;

  if (ctx->timestamps)
    {
      gint64 ns;
      const char *rest = flt_log_split_timestamp (text, length, &ns);

      if (rest != NULL)
        {
          line.timestamp = ns;
          line.length = length - (rest - text);
          line.text = rest;
        }
    }

  g_mutex_lock (&self->lock);
  self->func (&line, self->user_data);
  g_mutex_unlock (&self->lock);
}

static gboolean
is_tty (FltLogFollower *self,
        const char     *id)
{
  g_autofree char *path = g_strdup_printf ("/containers/%s/json", id);
  g_autoptr(JsonNode) reply = flt_engine_call (self->engine, "GET", path, NULL, NULL, self->cancellable, NULL);
  JsonObject *config;

  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    return FALSE;
  config = json_object_get_object_member (json_node_get_object (reply), "Config");
  return config != NULL && json_object_get_boolean_member_with_default (config, "Tty", FALSE);
}

static void
set_error (FltLogFollower *self,
           GError         *error)
{
  g_mutex_lock (&self->lock);
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&self->lock);
  /* Without the engine nothing more will come: stop the others too. */
  g_cancellable_cancel (self->cancellable);
}

static gpointer
read_container (gpointer data)
{
  Reader *reader = data;
  FltLogFollower *self = reader->self;
  g_autoptr(FltLogDemuxer) demuxer = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GString *path = g_string_new (NULL);
  LineContext ctx = { reader, self->timestamps };
  guint8 *buffer = g_malloc (65536);

  g_string_printf (path, "/containers/%s/logs?stdout=1&stderr=1&follow=%d&timestamps=%d",
                   reader->id, self->follow ? 1 : 0, self->timestamps ? 1 : 0);
  if (reader->since > 0)
    g_string_append_printf (path, "&since=%" G_GINT64_FORMAT, reader->since);
  else if (self->tail != NULL && !reader->from_event)
    g_string_append_printf (path, "&tail=%s", self->tail);

  demuxer = flt_log_demuxer_new (is_tty (self, reader->id));
  stream = flt_engine_open_stream (self->engine, "GET", path->str, NULL, NULL, NULL, self->cancellable, &error);
  g_string_free (path, TRUE);

  if (stream != NULL && self->container_func != NULL)
    {
      g_mutex_lock (&self->lock);
      self->container_func (reader->name, reader->service, TRUE, self->user_data);
      g_mutex_unlock (&self->lock);
    }

  while (stream != NULL)
    {
      gssize n = g_input_stream_read (stream, buffer, 65536, self->cancellable, &error);

      if (n <= 0)
        break;
      if (!flt_log_demuxer_feed (demuxer, buffer, n, on_line, &ctx, &error))
        break;
    }
  flt_log_demuxer_finish (demuxer, on_line, &ctx);
  g_free (buffer);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
    {
      if (error->domain == G_IO_ERROR)
        set_error (self, g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                                      _("the Docker Engine stopped sending the output of %s: %s"),
                                      reader->name, error->message));
      else
        set_error (self, g_steal_pointer (&error));
    }

  g_mutex_lock (&self->lock);
  if (self->container_func != NULL && stream != NULL)
    self->container_func (reader->name, reader->service, FALSE, self->user_data);
  g_hash_table_remove (self->attached, reader->id);
  self->running--;
  g_cond_broadcast (&self->done);
  g_mutex_unlock (&self->lock);

  reader_free (reader);
  return NULL;
}

static gboolean
wanted (FltLogFollower *self,
        const char     *service)
{
  if (service == NULL || flt_project_get_service (self->project, service) == NULL)
    return FALSE;
  return self->services == NULL || self->services[0] == NULL ||
         g_strv_contains ((const char * const *) self->services, service);
}

static void
attach (FltLogFollower *self,
        const char     *id,
        const char     *name,
        const char     *service,
        int             number,
        gint64          since,
        gboolean        from_event)
{
  Reader *reader;

  g_mutex_lock (&self->lock);
  if (g_hash_table_contains (self->attached, id))
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  g_hash_table_insert (self->attached, g_strdup (id), GINT_TO_POINTER (TRUE));
  self->running++;
  g_mutex_unlock (&self->lock);

  reader = g_new0 (Reader, 1);
  reader->self = self;
  reader->id = g_strdup (id);
  reader->name = g_strdup (name);
  reader->service = g_strdup (service);
  reader->number = number;
  reader->since = since;
  reader->from_event = from_event;
  g_ptr_array_add (self->threads, g_thread_new ("flotilla-logs", read_container, reader));
}

static void
on_event (JsonNode *value,
          gpointer  user_data)
{
  FltLogFollower *self = user_data;
  JsonObject *event, *actor, *attributes;
  const char *action, *id, *service, *number;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return;
  event = json_node_get_object (value);
  action = json_object_get_string_member_with_default (event, "Action", json_object_get_string_member_with_default (event, "status", ""));
  if (!g_str_equal (action, "start"))
    return;
  actor = json_object_get_object_member (event, "Actor");
  attributes = actor ? json_object_get_object_member (actor, "Attributes") : NULL;
  id = actor ? json_object_get_string_member_with_default (actor, "ID", NULL) : NULL;
  service = attributes ? json_object_get_string_member_with_default (attributes, "com.docker.compose.service", NULL) : NULL;
  number = attributes ? json_object_get_string_member_with_default (attributes, "com.docker.compose.container-number", NULL) : NULL;
  if (id == NULL || !wanted (self, service) ||
      g_strcmp0 (json_object_get_string_member_with_default (attributes, "com.docker.compose.oneoff", "False"), "True") == 0)
    return;

  attach (self, id, json_object_get_string_member_with_default (attributes, "name", id), service,
          number ? (int) g_ascii_strtoll (number, NULL, 10) : 0,
          json_object_get_int_member_with_default (event, "time", 0), TRUE);
}

/* Follows the project's start events until cancelled or the engine goes. */
static gboolean
watch_events (FltLogFollower  *self,
              gint64           since,
              GError         **error)
{
  g_autofree char *label = g_strdup_printf ("com.docker.compose.project=%s", flt_project_get_name (self->project));
  g_autofree char *filters = flt_engine_filters ("type", "container", "label", label, "event", "start", NULL);
  g_autofree char *path = g_strdup_printf ("/events?since=%" G_GINT64_FORMAT "&%s", since, filters);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(FltJsonStream) parser = flt_json_stream_new ();
  g_autoptr(GError) local_error = NULL;
  char buffer[8192];

  stream = flt_engine_open_stream (self->engine, "GET", path, NULL, NULL, NULL, self->cancellable, error);
  if (stream == NULL)
    return FALSE;

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, self->cancellable, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return TRUE;
          g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                       _("the Docker Engine stopped answering: %s"), local_error->message);
          return FALSE;
        }
      if (n == 0)
        {
          g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                       _("the Docker Engine closed its event stream; is it still running?"));
          return FALSE;
        }
      flt_json_stream_feed (parser, buffer, n, on_event, self, NULL);
    }
}

/**
 * flt_log_follower_run:
 *
 * Blocks until every stream has ended (without follow) or until
 * @cancellable is cancelled (with follow).  Losing the engine is an error.
 */
/* The caller's cancellable stops the follower's own, which every reader
 * thread watches. */
static void
cancel_own_cb (GCancellable *cancellable,
               gpointer      own)
{
  g_cancellable_cancel (own);
}

gboolean
flt_log_follower_run (FltLogFollower  *self,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autofree char *label = g_strdup_printf ("com.docker.compose.project=%s", flt_project_get_name (self->project));
  g_autofree char *filters = flt_engine_filters ("label", label, NULL);
  g_autofree char *path = g_strdup_printf ("/containers/json?all=1&%s", filters);
  g_autoptr(GCancellable) own = g_cancellable_new ();
  g_autoptr(JsonNode) reply = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gulong handler = 0;
  gboolean ok = TRUE;

  self->cancellable = own;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_own_cb), own, NULL);

  reply = flt_engine_call (self->engine, "GET", path, NULL, NULL, own, error);
  if (reply == NULL || !JSON_NODE_HOLDS_ARRAY (reply))
    {
      g_cancellable_disconnect (cancellable, handler);
      return FALSE;
    }

  {
    JsonArray *array = json_node_get_array (reply);
    g_autoptr(GPtrArray) containers = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_container_info_unref);

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        FltContainerInfo *c = flt_container_info_new_from_json (json_array_get_object_element (array, i));

        if (!c->oneoff && wanted (self, c->service))
          g_ptr_array_add (containers, c);
        else
          flt_container_info_unref (c);
      }
    g_ptr_array_sort (containers, flt_container_info_compare_number);
    for (guint i = 0; i < containers->len; i++)
      {
        FltContainerInfo *c = g_ptr_array_index (containers, i);

        attach (self, c->id, c->name, c->service, c->number, self->since, FALSE);
      }
  }

  if (self->follow)
    {
      g_autoptr(GError) local_error = NULL;

      if (!watch_events (self, now, &local_error) && !g_cancellable_is_cancelled (own))
        set_error (self, g_steal_pointer (&local_error));
      g_cancellable_cancel (own);
    }

  g_mutex_lock (&self->lock);
  while (self->running > 0)
    g_cond_wait (&self->done, &self->lock);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      ok = FALSE;
    }
  g_mutex_unlock (&self->lock);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  self->cancellable = NULL;
  return ok;
}
