/* flt-runner-resources.c: what containers need first: images, networks
 * and volumes
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-build-context.h"
#include "flt-json-stream.h"
#include "flt-runner-private.h"

/* Images */

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* The local image's ID, or NULL when the engine does not have it. */
static char *
image_id (FltOperation  *op,
          const char    *reference,
          GError       **error)
{
  g_autofree char *escaped = escape (reference);
  g_autofree char *path = g_strdup_printf ("/images/%s/json", escaped);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = flt_engine_call (op->engine, "GET", path, NULL, NULL, op->cancellable, &local_error);

  if (reply == NULL)
    {
      if (!g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND) && local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (reply))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (reply), "Id", NULL));
}

typedef struct
{
  FltOperation *op;
  FltService *service;
  const char *reference;
  char *error;
  char *last_line;
  GHashTable *layers;       /* pull: layer → fraction */
} StreamState;

static gboolean
read_json_stream (FltOperation      *op,
                  GInputStream      *stream,
                  FltJsonValueFunc   func,
                  StreamState       *state,
                  GError           **error)
{
  g_autoptr(FltJsonStream) parser = flt_json_stream_new ();
  char buffer[16384];

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, op->cancellable, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                         _("the Docker Engine stopped answering: %s"), local_error->message);
          return FALSE;
        }
      if (n == 0)
        break;
      /* A line the stream cannot read is skipped: progress is advisory. */
      flt_json_stream_feed (parser, buffer, n, func, state, NULL);
    }
  flt_json_stream_finish (parser, func, state, NULL);
  return TRUE;
}

static void
on_build_message (JsonNode *value,
                  gpointer  user_data)
{
  StreamState *state = user_data;
  JsonObject *object;
  const char *text;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return;
  object = json_node_get_object (value);

  text = json_object_get_string_member_with_default (object, "error", NULL);
  if (text != NULL)
    {
      g_free (state->error);
      state->error = g_strdup (text);
      return;
    }

  text = json_object_get_string_member_with_default (object, "stream", NULL);
  if (text != NULL)
    {
      g_autofree char *line = g_strstrip (g_strdup (text));

      if (*line == '\0')
        return;
      g_free (state->last_line);
      state->last_line = g_strdup (line);
      if (g_str_has_prefix (line, "Step "))
        _flt_runner_progress (state->op, FLT_PROGRESS_WORKING, "Image", state->reference,
                              flt_service_get_name (state->service), -1, "%s", line);
    }
}

/* key=value pairs of a build's args or labels as a JSON object, for the
 * query string. */
static char *
key_values_json (FltOperation *op,
                 GPtrArray    *kvs,
                 gboolean      from_environment)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  FltEnvironment *environment = flt_project_get_environment (op->project);

  json_builder_begin_object (b);
  for (guint i = 0; i < kvs->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (kvs, i);
      const char *value = kv->has_value ? kv->value
                          : from_environment ? flt_environment_lookup (environment, kv->name, NULL) : "";

      if (value == NULL)
        continue;
      json_builder_set_member_name (b, kv->name);
      json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  return escape (text);
}

gboolean
_flt_runner_build_image (FltOperation  *op,
                         FltService    *service,
                         GError       **error)
{
  const FltBuild *build = flt_service_get_build (service);
  g_autofree char *reference = flt_service_image_ref (op->project, service);
  g_autofree char *context = NULL;
  g_autofree char *dockerfile = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  GString *path;
  StreamState state = { op, service, reference, NULL, NULL, NULL };
  char *id;
  const char *service_name = flt_service_get_name (service);

  if (build == NULL)
    return TRUE;

  _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Image", reference, service_name, -1, _("Building"));

  context = build->context ? (g_path_is_absolute (build->context)
                              ? g_strdup (build->context)
                              : g_canonicalize_filename (build->context, flt_project_get_working_dir (op->project)))
                           : g_strdup (flt_project_get_working_dir (op->project));
  tar = flt_build_context_create (context, build->dockerfile, build->dockerfile_inline, &dockerfile, &local_error);
  if (tar == NULL)
    {
      _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Image", reference, service_name, -1, "%s", local_error->message);
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                   _("the service %s cannot be built: %s"), service_name, local_error->message);
      return FALSE;
    }

  path = g_string_new ("/build?rm=1&forcerm=1");
  {
    g_autofree char *t = escape (reference);
    g_autofree char *d = escape (dockerfile);

    g_string_append_printf (path, "&t=%s&dockerfile=%s", t, d);
  }
  if (build->target != NULL)
    {
      g_autofree char *target = escape (build->target);

      g_string_append_printf (path, "&target=%s", target);
    }
  if (build->args != NULL && build->args->len > 0)
    {
      g_autofree char *args = key_values_json (op, build->args, TRUE);

      g_string_append_printf (path, "&buildargs=%s", args);
    }
  if (build->labels != NULL && build->labels->len > 0)
    {
      g_autofree char *labels = key_values_json (op, build->labels, FALSE);

      g_string_append_printf (path, "&labels=%s", labels);
    }
  if (build->network != NULL)
    {
      g_autofree char *network = escape (build->network);

      g_string_append_printf (path, "&networkmode=%s", network);
    }
  if (build->shm_size > 0)
    g_string_append_printf (path, "&shmsize=%" G_GINT64_FORMAT, build->shm_size);

  stream = flt_engine_open_stream (op->engine, "POST", path->str, tar, "application/x-tar", NULL,
                                   op->cancellable, &local_error);
  g_string_free (path, TRUE);
  if (stream == NULL || !read_json_stream (op, stream, on_build_message, &state, &local_error))
    {
      _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Image", reference, service_name, -1, "%s", local_error->message);
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                   _("building the image of the service %s failed: %s"), service_name, local_error->message);
      return FALSE;
    }

  if (state.error != NULL)
    {
      _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Image", reference, service_name, -1, "%s", state.error);
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                   _("building the image of the service %s failed: %s"), service_name, state.error);
      g_free (state.error);
      g_free (state.last_line);
      return FALSE;
    }
  g_free (state.last_line);

  id = image_id (op, reference, error);
  if (id == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                     _("building the image of the service %s gave no image %s"), service_name, reference);
      return FALSE;
    }

  g_mutex_lock (&op->lock);
  g_hash_table_insert (op->image_ids, g_strdup (service_name), id);
  g_mutex_unlock (&op->lock);
  _flt_runner_progress (op, FLT_PROGRESS_DONE, "Image", reference, service_name, 1, _("Built"));
  return TRUE;
}

/* "registry:5000/team/app:1.2" → fromImage "registry:5000/team/app", tag
 * "1.2"; digests go in the tag. */
static void
split_reference (const char  *reference,
                 char       **name,
                 char       **tag)
{
  const char *at = strchr (reference, '@');
  const char *slash = strrchr (reference, '/');
  const char *colon;

  if (at != NULL)
    {
      *name = g_strndup (reference, at - reference);
      *tag = g_strdup (at + 1);
      return;
    }

  colon = strrchr (reference, ':');
  if (colon != NULL && (slash == NULL || colon > slash))
    {
      *name = g_strndup (reference, colon - reference);
      *tag = g_strdup (colon + 1);
    }
  else
    {
      *name = g_strdup (reference);
      *tag = g_strdup ("latest");
    }
}

static void
on_pull_message (JsonNode *value,
                 gpointer  user_data)
{
  StreamState *state = user_data;
  JsonObject *object, *detail;
  const char *text, *id, *status;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return;
  object = json_node_get_object (value);

  text = json_object_get_string_member_with_default (object, "error", NULL);
  if (text != NULL)
    {
      g_free (state->error);
      state->error = g_strdup (text);
      return;
    }

  id = json_object_get_string_member_with_default (object, "id", NULL);
  status = json_object_get_string_member_with_default (object, "status", NULL);
  detail = json_object_has_member (object, "progressDetail") &&
           JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "progressDetail"))
           ? json_object_get_object_member (object, "progressDetail") : NULL;

  if (id != NULL && status != NULL)
    {
      double fraction = -1;
      double sum = 0;
      guint n = 0;
      GHashTableIter iter;
      gpointer v;

      if (detail != NULL && json_object_get_int_member_with_default (detail, "total", 0) > 0)
        fraction = (double) json_object_get_int_member_with_default (detail, "current", 0) /
                   (double) json_object_get_int_member (detail, "total");
      else if (g_str_equal (status, "Download complete") || g_str_equal (status, "Pull complete") ||
               g_str_equal (status, "Already exists"))
        fraction = 1;
      if (fraction >= 0)
        {
          g_hash_table_insert (state->layers, g_strdup (id), g_memdup2 (&fraction, sizeof fraction));
          g_hash_table_iter_init (&iter, state->layers);
          while (g_hash_table_iter_next (&iter, NULL, &v))
            {
              sum += *(double *) v;
              n++;
            }
          _flt_runner_progress (state->op, FLT_PROGRESS_WORKING, "Image", state->reference,
                                flt_service_get_name (state->service), sum / n,
                                _("Pulling %d%%"), (int) (100 * sum / n));
        }
    }
}

/* The registry credentials of ~/.docker/config.json, base64 JSON for the
 * X-Registry-Auth header; NULL when there are none. */
static char *
registry_auth (const char *image_name)
{
  g_autofree char *dir = g_getenv ("DOCKER_CONFIG") ? g_strdup (g_getenv ("DOCKER_CONFIG"))
                         : g_build_filename (g_get_home_dir (), ".docker", NULL);
  g_autofree char *config = g_build_filename (dir, "config.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *registry = NULL;
  const char *slash = strchr (image_name, '/');
  JsonObject *auths, *entry = NULL;
  const char *auth;

  if (!json_parser_load_from_file (parser, config, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  /* A first part with a dot, a colon or "localhost" is a registry. */
  if (slash != NULL && (memchr (image_name, '.', slash - image_name) != NULL ||
                        memchr (image_name, ':', slash - image_name) != NULL ||
                        strncmp (image_name, "localhost/", 10) == 0))
    registry = g_strndup (image_name, slash - image_name);
  else
    registry = g_strdup ("https://index.docker.io/v1/");

  auths = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "auths");
  if (auths != NULL && json_object_has_member (auths, registry))
    entry = json_object_get_object_member (auths, registry);
  auth = entry ? json_object_get_string_member_with_default (entry, "auth", NULL) : NULL;
  if (auth == NULL)
    return NULL;

  {
    gsize length = 0;
    g_autofree guchar *decoded = g_base64_decode (auth, &length);
    g_autofree char *pair = g_strndup ((char *) decoded, length);
    char *colon = strchr (pair, ':');
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *json = NULL;
    char *encoded, *p;

    if (colon == NULL)
      return NULL;
    *colon = '\0';
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "username");
    json_builder_add_string_value (b, pair);
    json_builder_set_member_name (b, "password");
    json_builder_add_string_value (b, colon + 1);
    json_builder_set_member_name (b, "serveraddress");
    json_builder_add_string_value (b, registry);
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    json = json_to_string (root, FALSE);
    encoded = g_base64_encode ((const guchar *) json, strlen (json));
    /* base64url, as the engine expects */
    for (p = encoded; *p; p++)
      *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    return encoded;
  }
}

gboolean
_flt_runner_pull_image (FltOperation  *op,
                        FltService    *service,
                        GError       **error)
{
  g_autofree char *reference = flt_service_image_ref (op->project, service);
  g_autofree char *name = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *escaped_name = NULL;
  g_autofree char *escaped_tag = NULL;
  g_autofree char *path = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GHashTable) layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  StreamState state = { op, service, reference, NULL, NULL, layers };
  const char *service_name = flt_service_get_name (service);
  const char *headers[3] = { NULL, NULL, NULL };
  char *id;

  split_reference (reference, &name, &tag);
  escaped_name = escape (name);
  escaped_tag = escape (tag);
  path = g_strdup_printf ("/images/create?fromImage=%s&tag=%s", escaped_name, escaped_tag);
  auth = registry_auth (name);
  if (auth != NULL)
    {
      headers[0] = "X-Registry-Auth";
      headers[1] = auth;
    }

  _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Image", reference, service_name, 0, _("Pulling"));
  stream = flt_engine_open_stream (op->engine, "POST", path, NULL, NULL, headers, op->cancellable, &local_error);
  if (stream == NULL || !read_json_stream (op, stream, on_pull_message, &state, &local_error))
    {
      _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Image", reference, service_name, -1, "%s", local_error->message);
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                   _("the image %s of the service %s cannot be pulled: %s"),
                   reference, service_name, local_error->message);
      return FALSE;
    }
  if (state.error != NULL)
    {
      _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Image", reference, service_name, -1, "%s", state.error);
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                   _("the image %s of the service %s cannot be pulled: %s"),
                   reference, service_name, state.error);
      g_free (state.error);
      return FALSE;
    }

  id = image_id (op, reference, error);
  if (id == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                     _("the image %s of the service %s is still missing after the pull"),
                     reference, service_name);
      return FALSE;
    }

  g_mutex_lock (&op->lock);
  g_hash_table_insert (op->image_ids, g_strdup (service_name), id);
  g_mutex_unlock (&op->lock);
  _flt_runner_progress (op, FLT_PROGRESS_DONE, "Image", reference, service_name, 1, _("Pulled"));
  return TRUE;
}

/**
 * _flt_runner_ensure_images:
 * @plan: (nullable): when given, only record what would be built or
 *   pulled
 *
 * Makes sure every target has its image: builds what has a build section
 * and is missing (or always, with --build), pulls the rest when missing,
 * as pull_policy says.
 */
gboolean
_flt_runner_ensure_images (FltOperation       *op,
                           GPtrArray          *targets,
                           const FltUpOptions *options,
                           FltPlan            *plan,
                           GError            **error)
{
  /* Images found so far, by reference: services often share one.  Builds
   * and pulls change what the engine has, so they empty it. */
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < targets->len; i++)
    {
      FltService *service = g_ptr_array_index (targets, i);
      const char *policy = flt_service_get_pull_policy (service);
      g_autofree char *reference = flt_service_image_ref (op->project, service);
      g_autofree char *id = NULL;
      gboolean buildable = flt_service_get_build (service) != NULL && !(options && options->no_build);
      gboolean build = FALSE, pull = FALSE;

      id = g_strdup (g_hash_table_lookup (found, reference));
      if (id == NULL)
        {
          g_autoptr(GError) local_error = NULL;

          id = image_id (op, reference, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (id != NULL)
            g_hash_table_insert (found, g_strdup (reference), g_strdup (id));
        }

      if (buildable && (id == NULL || (options && options->build) || g_strcmp0 (policy, "build") == 0))
        build = TRUE;
      else if (g_strcmp0 (policy, "always") == 0 && !buildable)
        pull = TRUE;
      else if (id == NULL)
        {
          if (g_strcmp0 (policy, "never") == 0)
            {
              g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                           _("the image %s of the service %s is not on the engine, and pull_policy is never; "
                             "build or load it first"),
                           reference, flt_service_get_name (service));
              return FALSE;
            }
          pull = TRUE;
        }

      if (plan != NULL)
        {
          if (build)
            g_ptr_array_add (plan->builds, g_strdup (flt_service_get_name (service)));
          if (pull)
            g_ptr_array_add (plan->pulls, g_strdup (reference));
          if (id != NULL)
            g_hash_table_insert (op->image_ids, g_strdup (flt_service_get_name (service)), g_steal_pointer (&id));
          continue;
        }

      if (build)
        {
          g_hash_table_remove_all (found);
          if (!_flt_runner_build_image (op, service, error))
            return FALSE;
        }
      else if (pull)
        {
          g_hash_table_remove_all (found);
          if (!_flt_runner_pull_image (op, service, error))
            return FALSE;
        }
      else
        {
          g_mutex_lock (&op->lock);
          g_hash_table_insert (op->image_ids, g_strdup (flt_service_get_name (service)), g_steal_pointer (&id));
          g_mutex_unlock (&op->lock);
        }
    }

  return TRUE;
}

/* Networks */

static GPtrArray *
used_networks (FltOperation *op,
               GPtrArray    *targets)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < targets->len; i++)
    {
      GPtrArray *networks = flt_service_get_networks (g_ptr_array_index (targets, i));

      if (flt_service_get_network_mode (g_ptr_array_index (targets, i)) != NULL)
        continue;
      for (guint j = 0; j < networks->len; j++)
        {
          FltNetworkAttachment *a = g_ptr_array_index (networks, j);
          gboolean seen = FALSE;

          for (guint k = 0; k < keys->len && !seen; k++)
            seen = g_str_equal (g_ptr_array_index (keys, k), a->network);
          if (!seen)
            g_ptr_array_add (keys, g_strdup (a->network));
        }
    }
  return keys;
}

/* The network called exactly @name: the engine's lookup also matches ID
 * prefixes, so the name is checked. */
static JsonObject *
find_network (FltOperation  *op,
              const char    *name,
              JsonNode     **holder,
              GError       **error)
{
  g_autofree char *escaped = escape (name);
  g_autofree char *path = g_strdup_printf ("/networks/%s", escaped);
  g_autoptr(GError) local_error = NULL;
  JsonNode *reply = flt_engine_call (op->engine, "GET", path, NULL, NULL, op->cancellable, &local_error);

  *holder = NULL;
  if (reply == NULL)
    {
      if (local_error != NULL && !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (reply) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (reply), "Name", NULL), name) != 0)
    {
      json_node_unref (reply);
      return NULL;
    }
  *holder = reply;
  return json_node_get_object (reply);
}

static JsonNode *
network_body (FltOperation *op,
              const char   *key,
              const char   *name)
{
  FltNetwork *network = flt_project_get_network (op->project, key);
  const FltNode *node = network ? flt_network_get_node (network) : NULL;
  const FltNode *ipam = flt_node_lookup (node, "ipam");
  const FltNode *config = flt_node_lookup (ipam, "config");
  const FltNode *driver_opts = flt_node_lookup (node, "driver_opts");
  GPtrArray *labels = network ? flt_network_get_labels (network) : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "Driver");
  json_builder_add_string_value (b, network && flt_network_get_driver (network) ? flt_network_get_driver (network) : "bridge");
  json_builder_set_member_name (b, "Internal");
  json_builder_add_boolean_value (b, network && flt_network_get_internal (network));
  json_builder_set_member_name (b, "Attachable");
  json_builder_add_boolean_value (b, network && flt_network_get_attachable (network));
  json_builder_set_member_name (b, "EnableIPv6");
  json_builder_add_boolean_value (b, network && flt_network_get_enable_ipv6 (network));
  if (!flt_engine_api_at_least (op->engine, 1, 44))
    {
      json_builder_set_member_name (b, "CheckDuplicate");
      json_builder_add_boolean_value (b, TRUE);
    }

  if (flt_node_is_mapping (ipam))
    {
      json_builder_set_member_name (b, "IPAM");
      json_builder_begin_object (b);
      if (flt_node_is_scalar (flt_node_lookup (ipam, "driver")))
        {
          json_builder_set_member_name (b, "Driver");
          json_builder_add_string_value (b, flt_node_lookup (ipam, "driver")->value);
        }
      json_builder_set_member_name (b, "Config");
      json_builder_begin_array (b);
      for (guint i = 0; flt_node_is_sequence (config) && i < config->n_items; i++)
        {
          static const char * const keys[][2] = { { "subnet", "Subnet" }, { "ip_range", "IPRange" },
                                                  { "gateway", "Gateway" } };

          json_builder_begin_object (b);
          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            {
              const FltNode *v = flt_node_lookup (config->items[i], keys[k][0]);

              if (flt_node_is_scalar (v) && !v->is_null)
                {
                  json_builder_set_member_name (b, keys[k][1]);
                  json_builder_add_string_value (b, v->value);
                }
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }

  if (flt_node_is_mapping (driver_opts))
    {
      json_builder_set_member_name (b, "Options");
      json_builder_begin_object (b);
      for (guint i = 0; i < driver_opts->n_items; i++)
        if (flt_node_is_scalar (flt_node_value (driver_opts, i)))
          {
            json_builder_set_member_name (b, flt_node_key (driver_opts, i)->value);
            json_builder_add_string_value (b, flt_node_value (driver_opts, i)->value);
          }
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "Labels");
  json_builder_begin_object (b);
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (labels, i);

      json_builder_set_member_name (b, kv->name);
      json_builder_add_string_value (b, kv->value ? kv->value : "");
    }
  json_builder_set_member_name (b, FLT_LABEL_PROJECT);
  json_builder_add_string_value (b, flt_project_get_name (op->project));
  json_builder_set_member_name (b, FLT_LABEL_NETWORK);
  json_builder_add_string_value (b, key);
  json_builder_set_member_name (b, FLT_LABEL_VERSION);
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_end_object (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
_flt_runner_ensure_networks (FltOperation  *op,
                             GPtrArray     *targets,
                             FltPlan       *plan,
                             GError       **error)
{
  g_autoptr(GPtrArray) keys = used_networks (op, targets);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      FltNetwork *network = flt_project_get_network (op->project, key);
      g_autofree char *name = flt_network_engine_name (op->project, key);
      g_autoptr(JsonNode) holder = NULL;
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) created = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *existing = find_network (op, name, &holder, error);

      if (error != NULL && *error != NULL)
        return FALSE;
      if (existing != NULL)
        continue;

      if (network != NULL && flt_network_get_external (network))
        {
          g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                       _("the external network %s does not exist; create it first "
                         "(docker network create %s)"), name, name);
          return FALSE;
        }

      if (plan != NULL)
        {
          g_ptr_array_add (plan->networks, g_strdup (name));
          continue;
        }

      _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Network", name, NULL, -1, _("Creating"));
      body = network_body (op, key, name);
      created = flt_engine_call (op->engine, "POST", "/networks/create", body, NULL, op->cancellable, &local_error);
      if (local_error != NULL)
        {
          /* Someone made it in between: fine. */
          if (g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONFLICT))
            continue;
          _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Network", name, NULL, -1, "%s", local_error->message);
          g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                       _("the network %s cannot be created: %s"), name, local_error->message);
          return FALSE;
        }
      /* Translators: a network's state, after its name in the progress of Up */
      _flt_runner_progress (op, FLT_PROGRESS_DONE, "Network", name, NULL, 1, C_("network", "Created"));
    }

  return TRUE;
}

/* Removes the project's networks that the file declares (or uses by
 * default); only those carrying the project's labels, as docker compose
 * does, and not while containers use them. */
gboolean
_flt_runner_remove_networks (FltOperation  *op,
                             GError       **error)
{
  GPtrArray *networks = flt_project_get_network_list (op->project);

  for (guint i = 0; i < networks->len; i++)
    {
      FltNetwork *network = g_ptr_array_index (networks, i);
      const char *name = flt_network_get_name (network);
      g_autoptr(JsonNode) holder = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *existing, *labels, *containers;
      g_autofree char *path = NULL;
      g_autofree char *escaped = NULL;

      if (flt_network_get_external (network))
        continue;
      existing = find_network (op, name, &holder, error);
      if (error != NULL && *error != NULL)
        return FALSE;
      if (existing == NULL)
        continue;

      labels = json_object_has_member (existing, "Labels") &&
               JSON_NODE_HOLDS_OBJECT (json_object_get_member (existing, "Labels"))
               ? json_object_get_object_member (existing, "Labels") : NULL;
      if (labels == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (labels, FLT_LABEL_PROJECT, NULL),
                     flt_project_get_name (op->project)) != 0)
        continue;

      containers = json_object_has_member (existing, "Containers") &&
                   JSON_NODE_HOLDS_OBJECT (json_object_get_member (existing, "Containers"))
                   ? json_object_get_object_member (existing, "Containers") : NULL;
      if (containers != NULL && json_object_get_size (containers) > 0)
        {
          _flt_runner_progress (op, FLT_PROGRESS_WARNING, "Network", name, NULL, -1,
                                _("Still in use by other containers; left in place"));
          continue;
        }

      _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Network", name, NULL, -1, _("Removing"));
      escaped = escape (json_object_get_string_member_with_default (existing, "Id", name));
      path = g_strdup_printf ("/networks/%s", escaped);
      flt_engine_call (op->engine, "DELETE", path, NULL, NULL, op->cancellable, &local_error);
      if (local_error != NULL && !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
        {
          if (flt_engine_error_is_gone (local_error) ||
              g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          _flt_runner_progress (op, FLT_PROGRESS_WARNING, "Network", name, NULL, -1, "%s", local_error->message);
          continue;
        }
      /* Translators: a network's state, after its name in the progress of Down */
      _flt_runner_progress (op, FLT_PROGRESS_DONE, "Network", name, NULL, 1, C_("network", "Removed"));
    }

  return TRUE;
}

/* Volumes */

static GPtrArray *
used_volumes (FltOperation *op,
              GPtrArray    *targets)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < targets->len; i++)
    {
      GPtrArray *mounts = flt_service_get_volumes (g_ptr_array_index (targets, i));

      for (guint j = 0; j < mounts->len; j++)
        {
          FltMount *m = g_ptr_array_index (mounts, j);
          gboolean seen = FALSE;

          if (m->type != FLT_MOUNT_VOLUME || m->source == NULL)
            continue;
          for (guint k = 0; k < keys->len && !seen; k++)
            seen = g_str_equal (g_ptr_array_index (keys, k), m->source);
          if (!seen)
            g_ptr_array_add (keys, g_strdup (m->source));
        }
    }
  return keys;
}

gboolean
_flt_runner_ensure_volumes (FltOperation  *op,
                            GPtrArray     *targets,
                            FltPlan       *plan,
                            GError       **error)
{
  g_autoptr(GPtrArray) keys = used_volumes (op, targets);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      FltVolume *volume = flt_project_get_volume (op->project, key);
      g_autofree char *name = flt_volume_engine_name (op->project, key);
      g_autofree char *escaped = escape (name);
      g_autofree char *path = g_strdup_printf ("/volumes/%s", escaped);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) existing = NULL;
      g_autoptr(JsonBuilder) b = NULL;
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) created = NULL;
      const FltNode *driver_opts;
      GPtrArray *labels;

      existing = flt_engine_call (op->engine, "GET", path, NULL, NULL, op->cancellable, &local_error);
      if (existing != NULL)
        continue;
      if (!g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);

      if (volume != NULL && flt_volume_get_external (volume))
        {
          g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                       _("the external volume %s does not exist; create it first "
                         "(docker volume create %s)"), name, name);
          return FALSE;
        }
      if (plan != NULL)
        {
          g_ptr_array_add (plan->volumes, g_strdup (name));
          continue;
        }

      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "Name");
      json_builder_add_string_value (b, name);
      if (volume != NULL && flt_volume_get_driver (volume) != NULL)
        {
          json_builder_set_member_name (b, "Driver");
          json_builder_add_string_value (b, flt_volume_get_driver (volume));
        }
      driver_opts = volume ? flt_node_lookup (flt_volume_get_node (volume), "driver_opts") : NULL;
      if (flt_node_is_mapping (driver_opts))
        {
          json_builder_set_member_name (b, "DriverOpts");
          json_builder_begin_object (b);
          for (guint j = 0; j < driver_opts->n_items; j++)
            if (flt_node_is_scalar (flt_node_value (driver_opts, j)))
              {
                json_builder_set_member_name (b, flt_node_key (driver_opts, j)->value);
                json_builder_add_string_value (b, flt_node_value (driver_opts, j)->value);
              }
          json_builder_end_object (b);
        }
      json_builder_set_member_name (b, "Labels");
      json_builder_begin_object (b);
      labels = volume ? flt_volume_get_labels (volume) : NULL;
      for (guint j = 0; labels != NULL && j < labels->len; j++)
        {
          FltKeyValue *kv = g_ptr_array_index (labels, j);

          json_builder_set_member_name (b, kv->name);
          json_builder_add_string_value (b, kv->value ? kv->value : "");
        }
      json_builder_set_member_name (b, FLT_LABEL_PROJECT);
      json_builder_add_string_value (b, flt_project_get_name (op->project));
      json_builder_set_member_name (b, FLT_LABEL_VOLUME);
      json_builder_add_string_value (b, key);
      json_builder_set_member_name (b, FLT_LABEL_VERSION);
      json_builder_add_string_value (b, PACKAGE_VERSION);
      json_builder_end_object (b);
      json_builder_end_object (b);
      body = json_builder_get_root (b);

      _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Volume", name, NULL, -1, _("Creating"));
      created = flt_engine_call (op->engine, "POST", "/volumes/create", body, NULL, op->cancellable, &local_error);
      if (local_error != NULL)
        {
          _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Volume", name, NULL, -1, "%s", local_error->message);
          g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                       _("the volume %s cannot be created: %s"), name, local_error->message);
          return FALSE;
        }
      /* Translators: a volume's state, after its name in the progress of Up */
      _flt_runner_progress (op, FLT_PROGRESS_DONE, "Volume", name, NULL, 1, C_("volume", "Created"));
    }

  return TRUE;
}

gboolean
_flt_runner_remove_volumes (FltOperation  *op,
                            GError       **error)
{
  GPtrArray *volumes = flt_project_get_volume_list (op->project);

  for (guint i = 0; i < volumes->len; i++)
    {
      FltVolume *volume = g_ptr_array_index (volumes, i);
      const char *name = flt_volume_get_name (volume);
      g_autofree char *escaped = escape (name);
      g_autofree char *path = g_strdup_printf ("/volumes/%s?force=1", escaped);
      g_autoptr(GError) local_error = NULL;

      if (flt_volume_get_external (volume))
        continue;

      flt_engine_call (op->engine, "DELETE", path, NULL, NULL, op->cancellable, &local_error);
      if (local_error == NULL)
        {
          /* Translators: a volume's state, after its name in the progress of Down -v */
          _flt_runner_progress (op, FLT_PROGRESS_DONE, "Volume", name, NULL, 1, C_("volume", "Removed"));
          continue;
        }
      if (g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
        continue;
      if (g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONFLICT))
        {
          _flt_runner_progress (op, FLT_PROGRESS_WARNING, "Volume", name, NULL, -1,
                                _("Still in use; left in place"));
          continue;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
