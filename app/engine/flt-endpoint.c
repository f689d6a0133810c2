/* flt-endpoint.c: DOCKER_HOST, Docker contexts and the default sockets
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "flt-endpoint.h"

G_DEFINE_BOXED_TYPE (FltEndpoint, flt_endpoint, flt_endpoint_copy, flt_endpoint_free)
G_DEFINE_QUARK (flt-endpoint-error-quark, flt_endpoint_error)

FltEndpoint *
flt_endpoint_copy (const FltEndpoint *self)
{
  FltEndpoint *copy = g_memdup2 (self, sizeof *self);

  copy->uri = g_strdup (self->uri);
  copy->source = g_strdup (self->source);
  copy->socket_path = g_strdup (self->socket_path);
  copy->host = g_strdup (self->host);
  copy->user = g_strdup (self->user);
  copy->ca_file = g_strdup (self->ca_file);
  copy->cert_file = g_strdup (self->cert_file);
  copy->key_file = g_strdup (self->key_file);
  copy->context = g_strdup (self->context);
  return copy;
}

void
flt_endpoint_free (FltEndpoint *self)
{
  if (self == NULL)
    return;
  g_free (self->uri);
  g_free (self->source);
  g_free (self->socket_path);
  g_free (self->host);
  g_free (self->user);
  g_free (self->ca_file);
  g_free (self->cert_file);
  g_free (self->key_file);
  g_free (self->context);
  g_free (self);
}

/**
 * flt_endpoint_parse:
 * @uri: `unix:///path`, `tcp://host[:port]`, `ssh://[user@]host[:port]`,
 *   or a bare socket path
 *
 * Returns: (transfer full): the endpoint, or %NULL with @error set
 */
FltEndpoint *
flt_endpoint_parse (const char  *uri,
                    const char  *source,
                    GError     **error)
{
  g_autoptr(FltEndpoint) self = g_new0 (FltEndpoint, 1);
  const char *rest;

  self->source = g_strdup (source);

  if (uri[0] == '/')
    {
      self->kind = FLT_ENDPOINT_UNIX;
      self->socket_path = g_strdup (uri);
      self->uri = g_strconcat ("unix://", uri, NULL);
      return g_steal_pointer (&self);
    }

  if (g_str_has_prefix (uri, "unix://"))
    {
      rest = uri + strlen ("unix://");
      if (*rest != '/')
        goto invalid;
      self->kind = FLT_ENDPOINT_UNIX;
      self->socket_path = g_strdup (rest);
      self->uri = g_strdup (uri);
      return g_steal_pointer (&self);
    }

  if (g_str_has_prefix (uri, "tcp://") || g_str_has_prefix (uri, "ssh://") ||
      g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "https://"))
    {
      g_autofree char *authority = NULL;
      const char *slash, *at, *colon;
      gboolean ssh = g_str_has_prefix (uri, "ssh://");

      rest = strstr (uri, "://") + 3;
      slash = strchr (rest, '/');
      authority = slash ? g_strndup (rest, slash - rest) : g_strdup (rest);

      at = strrchr (authority, '@');
      if (at != NULL)
        {
          if (!ssh)
            goto invalid;
          self->user = g_strndup (authority, at - authority);
        }
      rest = at ? at + 1 : authority;

      if (rest[0] == '[')
        {
          const char *close = strchr (rest, ']');

          if (close == NULL)
            goto invalid;
          self->host = g_strndup (rest + 1, close - rest - 1);
          colon = close[1] == ':' ? close + 1 : NULL;
        }
      else
        {
          colon = strrchr (rest, ':');
          self->host = colon ? g_strndup (rest, colon - rest) : g_strdup (rest);
        }

      if (colon != NULL)
        {
          char *end = NULL;
          guint64 port = g_ascii_strtoull (colon + 1, &end, 10);

          if (*end != '\0' || port == 0 || port > 65535)
            goto invalid;
          self->port = port;
        }
      if (self->host[0] == '\0')
        goto invalid;

      self->kind = ssh ? FLT_ENDPOINT_SSH : FLT_ENDPOINT_TCP;
      self->tls = g_str_has_prefix (uri, "https://");
      self->uri = g_strdup (uri);
      return g_steal_pointer (&self);
    }

invalid:
  g_set_error (error, FLT_ENDPOINT_ERROR, FLT_ENDPOINT_ERROR_INVALID,
               /* Translators: the second %s says where the address comes from, e.g. "DOCKER_HOST" */
               _("“%s” (from %s) is not an engine address; write unix:///var/run/docker.sock, "
                 "tcp://HOST:2376 or ssh://USER@HOST"),
               uri, source ? source : "?");
  return NULL;
}

static const char *
getenv_in (const char * const *environment,
           const char         *name)
{
  return environment ? g_environ_getenv ((char **) environment, name) : g_getenv (name);
}

static char *
config_dir (const char * const *environment)
{
  const char *dir = getenv_in (environment, "DOCKER_CONFIG");
  const char *home = getenv_in (environment, "HOME");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (home ? home : g_get_home_dir (), ".docker", NULL);
}

static char *
current_context (const char * const *environment)
{
  g_autofree char *dir = config_dir (environment);
  g_autofree char *path = g_build_filename (dir, "config.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                               "currentContext", NULL));
}

/* Docker keeps a context's files under the SHA-256 of its name. */
static FltEndpoint *
endpoint_for_context (const char          *name,
                      const char * const  *environment,
                      GError             **error)
{
  g_autofree char *dir = config_dir (environment);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *meta = g_build_filename (dir, "contexts", "meta", digest, "meta.json", NULL);
  g_autofree char *tls_dir = g_build_filename (dir, "contexts", "tls", digest, "docker", NULL);
  g_autofree char *source = g_strdup_printf (_("the context “%s”"), name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  FltEndpoint *endpoint;
  JsonObject *docker = NULL;
  JsonNode *root;
  const char *host;

  if (!json_parser_load_from_file (parser, meta, NULL))
    {
      g_set_error (error, FLT_ENDPOINT_ERROR, FLT_ENDPOINT_ERROR_NO_CONTEXT,
                   _("there is no Docker context called “%s” (looked in %s); "
                     "“docker context ls” lists them"), name, dir);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "Endpoints") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "Endpoints")))
    {
      JsonObject *endpoints = json_object_get_object_member (json_node_get_object (root), "Endpoints");

      if (json_object_has_member (endpoints, "docker") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (endpoints, "docker")))
        docker = json_object_get_object_member (endpoints, "docker");
    }
  host = docker ? json_object_get_string_member_with_default (docker, "Host", NULL) : NULL;
  if (host == NULL)
    {
      g_set_error (error, FLT_ENDPOINT_ERROR, FLT_ENDPOINT_ERROR_NO_CONTEXT,
                   _("the Docker context “%s” has no Docker endpoint"), name);
      return NULL;
    }

  endpoint = flt_endpoint_parse (host, source, error);
  if (endpoint == NULL)
    return NULL;

  endpoint->context = g_strdup (name);
  if (endpoint->kind == FLT_ENDPOINT_TCP)
    {
      g_autofree char *ca = g_build_filename (tls_dir, "ca.pem", NULL);
      g_autofree char *cert = g_build_filename (tls_dir, "cert.pem", NULL);
      g_autofree char *key = g_build_filename (tls_dir, "key.pem", NULL);

      if (g_file_test (ca, G_FILE_TEST_EXISTS) || g_file_test (cert, G_FILE_TEST_EXISTS))
        {
          endpoint->tls = TRUE;
          endpoint->tls_verify = !json_object_get_boolean_member_with_default (docker, "SkipTLSVerify", FALSE);
          endpoint->ca_file = g_file_test (ca, G_FILE_TEST_EXISTS) ? g_steal_pointer (&ca) : NULL;
          endpoint->cert_file = g_file_test (cert, G_FILE_TEST_EXISTS) ? g_steal_pointer (&cert) : NULL;
          endpoint->key_file = g_file_test (key, G_FILE_TEST_EXISTS) ? g_steal_pointer (&key) : NULL;
        }
    }

  return endpoint;
}

/* One of ca.pem, cert.pem and key.pem: the one given, else the one in
 * DOCKER_CERT_PATH or ~/.docker.  As in the docker CLI, a missing default
 * client certificate or key is left out, but not the CA: verifying against
 * a CA that is not there is an error, said when connecting. */
static gboolean
tls_file (char               **slot,
          const char          *given,
          const char          *option,
          const char          *dir,
          const char          *name,
          gboolean             even_missing,
          GError             **error)
{
  g_autofree char *path = NULL;

  if (given != NULL && *given != '\0')
    {
      if (!g_file_test (given, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, FLT_ENDPOINT_ERROR, FLT_ENDPOINT_ERROR_INVALID,
                       /* Translators: the second %s is an option, e.g. --tlscacert */
                       _("there is no file %s (given with %s)"), given, option);
          return FALSE;
        }
      g_free (*slot);
      *slot = g_canonicalize_filename (given, NULL);
      return TRUE;
    }

  path = g_build_filename (dir, name, NULL);
  if (*slot == NULL && (even_missing || g_file_test (path, G_FILE_TEST_IS_REGULAR)))
    *slot = g_steal_pointer (&path);
  return TRUE;
}

/* The docker CLI's TLS settings: --tls, --tlsverify and the three files,
 * else DOCKER_TLS_VERIFY, DOCKER_TLS and DOCKER_CERT_PATH. */
static gboolean
apply_tls (FltEndpoint         *endpoint,
           const FltTlsOptions *options,
           const char * const  *environment,
           GError             **error)
{
  const char *verify = getenv_in (environment, "DOCKER_TLS_VERIFY");
  const char *tls = getenv_in (environment, "DOCKER_TLS");
  const char *cert_path = getenv_in (environment, "DOCKER_CERT_PATH");
  gboolean files_given = options != NULL && (options->ca_file || options->cert_file || options->key_file);
  g_autofree char *dir = NULL;

  if (endpoint->kind != FLT_ENDPOINT_TCP)
    return TRUE;

  if (options != NULL && options->verify)
    endpoint->tls = endpoint->tls_verify = TRUE;
  else if (options != NULL && options->tls)
    endpoint->tls = TRUE;
  else if (verify != NULL && *verify != '\0')
    endpoint->tls = endpoint->tls_verify = TRUE;
  else if ((tls != NULL && *tls != '\0') || files_given)
    endpoint->tls = TRUE;
  if (!endpoint->tls)
    return TRUE;

  dir = cert_path && *cert_path ? g_strdup (cert_path) : config_dir (environment);
  return tls_file (&endpoint->ca_file, options ? options->ca_file : NULL, "--tlscacert", dir, "ca.pem",
                   endpoint->tls_verify, error) &&
         tls_file (&endpoint->cert_file, options ? options->cert_file : NULL, "--tlscert", dir, "cert.pem",
                   FALSE, error) &&
         tls_file (&endpoint->key_file, options ? options->key_file : NULL, "--tlskey", dir, "key.pem",
                   FALSE, error);
}

/* The "default" context: DOCKER_HOST, else the local socket. */
static FltEndpoint *
default_endpoint (const FltTlsOptions *tls,
                  const char * const  *environment,
                  GError             **error)
{
  const char *docker_host = getenv_in (environment, "DOCKER_HOST");
  const char *runtime_dir = getenv_in (environment, "XDG_RUNTIME_DIR");
  g_autoptr(FltEndpoint) endpoint = NULL;

  if (docker_host != NULL && *docker_host != '\0')
    {
      endpoint = flt_endpoint_parse (docker_host, "DOCKER_HOST", error);
      if (endpoint == NULL || !apply_tls (endpoint, tls, environment, error))
        return NULL;
      return g_steal_pointer (&endpoint);
    }

  if (!g_file_test ("/var/run/docker.sock", G_FILE_TEST_EXISTS) && runtime_dir != NULL)
    {
      g_autofree char *rootless = g_build_filename (runtime_dir, "docker.sock", NULL);

      if (g_file_test (rootless, G_FILE_TEST_EXISTS))
        return flt_endpoint_parse (rootless, _("the rootless engine’s socket"), error);
    }

  return flt_endpoint_parse ("unix:///var/run/docker.sock", _("the default socket"), error);
}

/**
 * flt_endpoint_for_context:
 * @name: a Docker context's name; "default" is DOCKER_HOST or the local
 *   socket
 *
 * Returns: (transfer full): the context's endpoint, with its TLS files, or
 *   %NULL with @error set
 */
FltEndpoint *
flt_endpoint_for_context (const char         *name,
                          const char * const *environment,
                          GError            **error)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (*name == '\0' || g_str_equal (name, "default"))
    return default_endpoint (NULL, environment, error);
  return endpoint_for_context (name, environment, error);
}

/**
 * flt_endpoint_resolve:
 * @host: (nullable): `-H`/`--host`, which wins over everything
 * @context: (nullable): `--context`
 * @environment: (nullable): the environment to read; %NULL reads the
 *   process's
 *
 * Finds the engine the way the docker CLI does: `-H`, `--context`,
 * `DOCKER_HOST`, `DOCKER_CONTEXT`, the current context of
 * `~/.docker/config.json`, then `/var/run/docker.sock` and
 * `$XDG_RUNTIME_DIR/docker.sock` (a rootless engine).
 *
 * Returns: (transfer full): the endpoint, or %NULL with @error set
 */
FltEndpoint *
flt_endpoint_resolve (const char         *host,
                      const char         *context,
                      const char * const *environment,
                      GError            **error)
{
  return flt_endpoint_resolve_full (host, context, NULL, environment, error);
}

/**
 * flt_endpoint_resolve_full:
 * @tls: (nullable): the TLS options of the command line; they apply to
 *   `-H` and `DOCKER_HOST`, not to a context, which has its own files
 *
 * Like flt_endpoint_resolve(), with `--tls`, `--tlsverify`, `--tlscacert`,
 * `--tlscert` and `--tlskey`.
 *
 * Returns: (transfer full): the endpoint, or %NULL with @error set
 */
FltEndpoint *
flt_endpoint_resolve_full (const char          *host,
                           const char          *context,
                           const FltTlsOptions *tls,
                           const char * const  *environment,
                           GError             **error)
{
  g_autofree char *current = NULL;
  const char *docker_host = getenv_in (environment, "DOCKER_HOST");
  const char *docker_context = getenv_in (environment, "DOCKER_CONTEXT");
  g_autoptr(FltEndpoint) endpoint = NULL;

  if (host != NULL && *host != '\0')
    {
      endpoint = flt_endpoint_parse (host, "--host", error);
      if (endpoint == NULL || !apply_tls (endpoint, tls, environment, error))
        return NULL;
      return g_steal_pointer (&endpoint);
    }

  /* --context default means DOCKER_HOST or the socket, whatever the
   * configuration's current context. */
  if (context != NULL && *context != '\0')
    return g_str_equal (context, "default") ? default_endpoint (tls, environment, error)
                                            : endpoint_for_context (context, environment, error);

  if (docker_host != NULL && *docker_host != '\0')
    return default_endpoint (tls, environment, error);

  if (docker_context != NULL && *docker_context != '\0')
    return g_str_equal (docker_context, "default") ? default_endpoint (tls, environment, error)
                                                   : endpoint_for_context (docker_context, environment, error);

  current = current_context (environment);
  if (current != NULL && *current != '\0' && !g_str_equal (current, "default"))
    return endpoint_for_context (current, environment, error);

  return default_endpoint (tls, environment, error);
}

/**
 * flt_endpoint_is_local:
 *
 * Whether the engine runs on this machine, so that bind-mounted paths
 * name this machine's files: a socket, or TCP to a loopback address.
 */
gboolean
flt_endpoint_is_local (const FltEndpoint *self)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (self != NULL, TRUE);

  if (self->kind == FLT_ENDPOINT_UNIX)
    return TRUE;
  if (self->kind == FLT_ENDPOINT_SSH || self->host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (self->host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (self->host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/**
 * flt_endpoint_list_contexts:
 *
 * Returns: (transfer full): the names of the Docker contexts, "default"
 *   first
 */
GStrv
flt_endpoint_list_contexts (const char * const *environment)
{
  g_autofree char *dir = config_dir (environment);
  g_autofree char *meta = g_build_filename (dir, "contexts", "meta", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GDir) d = g_dir_open (meta, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_strv_builder_add (builder, "default");
  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (meta, entry, "meta.json", NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (!json_parser_load_from_file (parser, file, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (JSON_NODE_HOLDS_OBJECT (root) &&
          json_object_get_string_member_with_default (json_node_get_object (root), "Name", NULL))
        g_ptr_array_add (names, g_strdup (json_object_get_string_member (json_node_get_object (root), "Name")));
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (names, i));
  return g_strv_builder_end (builder);
}

void
flt_docker_context_free (FltDockerContext *context)
{
  if (context == NULL)
    return;
  g_free (context->name);
  g_free (context->description);
  g_free (context->host);
  g_free (context);
}

static int
compare_contexts (gconstpointer a,
                  gconstpointer b)
{
  const FltDockerContext *x = *(FltDockerContext * const *) a;
  const FltDockerContext *y = *(FltDockerContext * const *) b;

  return g_strcmp0 (x->name, y->name);
}

/* The context the docker CLI would use without --context and -H. */
static char *
chosen_context (const char * const *environment)
{
  const char *docker_host = getenv_in (environment, "DOCKER_HOST");
  const char *docker_context = getenv_in (environment, "DOCKER_CONTEXT");
  g_autofree char *current = NULL;

  if (docker_host != NULL && *docker_host != '\0')
    return g_strdup ("default");
  if (docker_context != NULL && *docker_context != '\0')
    return g_strdup (docker_context);
  current = current_context (environment);
  return current != NULL && *current != '\0' ? g_steal_pointer (&current) : g_strdup ("default");
}

/**
 * flt_endpoint_list_context_details:
 *
 * What `docker context ls` shows: each context's name, description and
 * Docker endpoint, and which one is current.  "default" (DOCKER_HOST or
 * the local socket) comes first, then the others by name.  A context whose
 * files cannot be read is left out.
 *
 * Returns: (transfer container) (element-type FltDockerContext): the
 *   contexts
 */
GPtrArray *
flt_endpoint_list_context_details (const char * const *environment)
{
  g_autofree char *dir = config_dir (environment);
  g_autofree char *meta = g_build_filename (dir, "contexts", "meta", NULL);
  g_autofree char *chosen = chosen_context (environment);
  g_autoptr(GDir) d = g_dir_open (meta, 0, NULL);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_docker_context_free);
  GPtrArray *contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_docker_context_free);
  g_autoptr(FltEndpoint) fallback = default_endpoint (NULL, environment, NULL);
  FltDockerContext *first = g_new0 (FltDockerContext, 1);
  const char *entry;

  first->name = g_strdup ("default");
  /* Translators: the description of the "default" Docker context, as docker context ls words it */
  first->description = g_strdup (_("The engine of DOCKER_HOST, else the local socket"));
  first->host = fallback ? g_strdup (fallback->uri) : g_strdup (getenv_in (environment, "DOCKER_HOST"));
  first->current = g_str_equal (chosen, "default");
  g_ptr_array_add (contexts, first);

  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (meta, entry, "meta.json", NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root, *metadata = NULL, *endpoints = NULL, *docker = NULL;
      FltDockerContext *context;
      const char *name;

      if (!json_parser_load_from_file (parser, file, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      root = json_node_get_object (json_parser_get_root (parser));
      name = json_object_get_string_member_with_default (root, "Name", NULL);
      if (name == NULL || g_str_equal (name, "default"))
        continue;
      if (json_object_has_member (root, "Metadata") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "Metadata")))
        metadata = json_object_get_object_member (root, "Metadata");
      if (json_object_has_member (root, "Endpoints") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "Endpoints")))
        endpoints = json_object_get_object_member (root, "Endpoints");
      if (endpoints != NULL && json_object_has_member (endpoints, "docker") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (endpoints, "docker")))
        docker = json_object_get_object_member (endpoints, "docker");

      context = g_new0 (FltDockerContext, 1);
      context->name = g_strdup (name);
      context->description = metadata ? g_strdup (json_object_get_string_member_with_default (metadata, "Description", NULL)) : NULL;
      if (context->description != NULL && *context->description == '\0')
        g_clear_pointer (&context->description, g_free);
      context->host = docker ? g_strdup (json_object_get_string_member_with_default (docker, "Host", NULL)) : NULL;
      context->current = g_str_equal (chosen, name);
      g_ptr_array_add (others, context);
    }

  g_ptr_array_sort (others, compare_contexts);
  for (guint i = 0; i < others->len; i++)
    g_ptr_array_add (contexts, g_steal_pointer (&others->pdata[i]));
  g_ptr_array_set_free_func (others, NULL);
  return contexts;
}
