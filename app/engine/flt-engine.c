/* flt-engine.c: one Docker Engine, over its HTTP API
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "flt-engine.h"
#include "flt-ssh-tunnel.h"

struct _FltEngine
{
  GObject parent_instance;

  FltEndpoint *endpoint;
  SoupSession *session;
  char *base;               /* "http://localhost" for sockets */
  GTlsCertificate *client_certificate;
  FltSshTunnel *tunnel;     /* ssh:// engines */
  GError *setup_error;      /* unreadable TLS files, said at the first call */

  GMutex lock;              /* guards the negotiation below */
  char *api_version;
  char *server_version;
  guint api_major;
  guint api_minor;
};

G_DEFINE_FINAL_TYPE (FltEngine, flt_engine, G_TYPE_OBJECT)
G_DEFINE_QUARK (flt-engine-error-quark, flt_engine_error)

static void
flt_engine_finalize (GObject *object)
{
  FltEngine *self = FLT_ENGINE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->client_certificate);
  g_clear_object (&self->tunnel);
  g_clear_error (&self->setup_error);
  g_clear_pointer (&self->endpoint, flt_endpoint_free);
  g_free (self->base);
  g_free (self->api_version);
  g_free (self->server_version);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (flt_engine_parent_class)->finalize (object);
}

static void
flt_engine_class_init (FltEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_engine_finalize;
}

static void
flt_engine_init (FltEngine *self)
{
  g_mutex_init (&self->lock);
}

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

/* The engine's CA and our certificate, read now; a file that cannot be
 * read is said at the first call, where the caller shows errors. */
static void
setup_tls (FltEngine *self)
{
  const FltEndpoint *endpoint = self->endpoint;
  g_autoptr(GError) error = NULL;

  if (endpoint->tls_verify && endpoint->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (endpoint->ca_file, &error);

      if (database == NULL)
        {
          self->setup_error = g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                                           _("cannot read the CA certificate %s for %s: %s"),
                                           endpoint->ca_file, endpoint->uri, error->message);
          return;
        }
      soup_session_set_tls_database (self->session, database);
    }

  if (endpoint->cert_file != NULL && endpoint->key_file == NULL)
    {
      self->setup_error = g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                                       _("the client certificate %s for %s comes without its key; "
                                         "give it with --tlskey or as key.pem beside it"),
                                       endpoint->cert_file, endpoint->uri);
      return;
    }
  if (endpoint->cert_file != NULL)
    {
      self->client_certificate = g_tls_certificate_new_from_files (endpoint->cert_file,
                                                                   endpoint->key_file, &error);
      if (self->client_certificate == NULL)
        self->setup_error = g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                                         _("cannot read the client certificate %s or its key %s for %s: %s"),
                                         endpoint->cert_file, endpoint->key_file, endpoint->uri,
                                         error->message);
    }
}

/**
 * flt_engine_new:
 *
 * Makes the session; nothing is sent until the first call.
 *
 * Returns: (transfer full): the engine
 */
FltEngine *
flt_engine_new (const FltEndpoint *endpoint)
{
  FltEngine *self = g_object_new (FLT_TYPE_ENGINE, NULL);

  self->endpoint = flt_endpoint_copy (endpoint);

  if (endpoint->kind == FLT_ENDPOINT_UNIX || endpoint->kind == FLT_ENDPOINT_SSH)
    {
      g_autoptr(GSocketAddress) address = NULL;

      /* ssh:// goes through a private socket that runs ssh per
       * connection, started at the first call. */
      if (endpoint->kind == FLT_ENDPOINT_SSH)
        {
          self->tunnel = flt_ssh_tunnel_new (endpoint);
          address = g_unix_socket_address_new (flt_ssh_tunnel_get_socket_path (self->tunnel));
        }
      else
        address = g_unix_socket_address_new (endpoint->socket_path);

      /* Long-lived streams (logs, events) hold connections of their own. */
      self->session = g_object_new (SOUP_TYPE_SESSION,
                                    "remote-connectable", address,
                                    "max-conns", 256,
                                    "max-conns-per-host", 256,
                                    "timeout", 0,
                                    "idle-timeout", 0,
                                    NULL);
      self->base = g_strdup ("http://localhost");
    }
  else
    {
      self->session = g_object_new (SOUP_TYPE_SESSION,
                                    "max-conns", 256,
                                    "max-conns-per-host", 256,
                                    "timeout", 0,
                                    "idle-timeout", 0,
                                    NULL);
      if (endpoint->host != NULL && strchr (endpoint->host, ':') != NULL)
        self->base = g_strdup_printf ("%s://[%s]:%u", endpoint->tls ? "https" : "http", endpoint->host,
                                      endpoint->port ? endpoint->port : (endpoint->tls ? 2376 : 2375));
      else
        self->base = g_strdup_printf ("%s://%s:%u", endpoint->tls ? "https" : "http", endpoint->host,
                                      endpoint->port ? endpoint->port : (endpoint->tls ? 2376 : 2375));
      if (endpoint->tls)
        setup_tls (self);
    }

  return self;
}

const FltEndpoint *
flt_engine_get_endpoint (FltEngine *self)
{
  g_return_val_if_fail (FLT_IS_ENGINE (self), NULL);

  return self->endpoint;
}

const char *
flt_engine_get_api_version (FltEngine *self)
{
  g_return_val_if_fail (FLT_IS_ENGINE (self), NULL);

  return self->api_version;
}

const char *
flt_engine_get_server_version (FltEngine *self)
{
  g_return_val_if_fail (FLT_IS_ENGINE (self), NULL);

  return self->server_version;
}

gboolean
flt_engine_api_at_least (FltEngine *self,
                         guint      major,
                         guint      minor)
{
  g_return_val_if_fail (FLT_IS_ENGINE (self), FALSE);

  return self->api_major > major || (self->api_major == major && self->api_minor >= minor);
}

static gboolean
parse_version (const char *text,
               guint      *major,
               guint      *minor)
{
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  *major = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '.')
    return FALSE;
  text = end + 1;
  *minor = g_ascii_strtoull (text, &end, 10);
  return end != text;
}

static const char *
where (FltEngine *self)
{
  return self->endpoint->kind == FLT_ENDPOINT_UNIX ? self->endpoint->socket_path : self->endpoint->uri;
}

/* Whether the engine's TCP port answers HTTP without TLS (an engine with
 * TLS answers too, but 400: "Client sent an HTTP request to an HTTPS
 * server"). */
static gboolean
answers_plain_http (FltEngine *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  static const char request[] = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n";
  char reply[16] = { 0 };
  gsize got = 0;

  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect_to_host (client, self->endpoint->host,
                                                self->endpoint->port ? self->endpoint->port : 2376,
                                                NULL, NULL);
  if (connection == NULL)
    return FALSE;
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, NULL, NULL))
    return FALSE;
  if (!g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                reply, 12, &got, NULL, NULL))
    return FALSE;
  return got == 12 && g_str_has_prefix (reply, "HTTP/1.") && g_str_has_suffix (reply, " 200");
}

/* Turns a failure to talk to the engine into something a person can act
 * on. */
static void
set_transport_error (FltEngine     *self,
                     const GError  *cause,
                     GError       **error)
{
  gboolean handshake_failed;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, cause->message);
      return;
    }

  /* Over ssh the connection only closes; ssh said why. */
  if (self->tunnel != NULL)
    {
      GError *failure = flt_ssh_tunnel_take_failure (self->tunnel);

      if (failure != NULL)
        {
          g_propagate_error (error, failure);
          return;
        }
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                   _("permission denied on %s: add your user to the “docker” group "
                     "(sudo usermod -aG docker $USER, then log out and back in), "
                     "or use a rootless engine"),
                   where (self));
      return;
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (cause, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    {
      if (self->endpoint->kind == FLT_ENDPOINT_UNIX)
        g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE,
                     _("no Docker Engine at %s — is dockerd running?"), where (self));
      else
        g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE,
                     _("no Docker Engine answers at %s — is it running and reachable? (%s)"),
                     where (self), cause->message);
      return;
    }

  /* A TLS failure, or, on first contact, the engine hanging up on us:
   * Go's TLS server resets the connection when it turns a client
   * certificate down, and which of the two the client sees first is a
   * matter of timing. */
  handshake_failed = self->endpoint->tls && !g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
                     (cause->domain == G_TLS_ERROR ||
                      (self->api_version == NULL &&
                       (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
                        g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
                        g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))));

  if (g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      if (self->endpoint->ca_file != NULL)
        g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                     _("the Docker Engine at %s showed a certificate that the CA in %s did not sign, "
                       "or not for this host name (%s); check the CA file (--tlscacert, ca.pem in "
                       "DOCKER_CERT_PATH or the context) and the address"),
                     where (self), self->endpoint->ca_file, cause->message);
      else
        g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                     _("the Docker Engine at %s showed a certificate that this system does not trust "
                       "(%s); give its CA with --tlscacert or as ca.pem in DOCKER_CERT_PATH"),
                     where (self), cause->message);
      return;
    }

  /* GnuTLS words a port without TLS and a handshake the engine broke off
   * much alike; asking the port in plain HTTP tells them apart. */
  if (handshake_failed && answers_plain_http (self))
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PROTOCOL,
                   _("%s does not speak TLS (%s); for an engine without TLS (usually port 2375) "
                     "leave out --tls, --tlsverify and DOCKER_TLS_VERIFY"),
                   where (self), cause->message);
      return;
    }

  /* The engine turning our certificate down: during the handshake, or,
   * with TLS 1.3, at the first read after it.  The engine does not say
   * why it broke off, but a certificate it does not trust is by far the
   * likeliest reason once ours checked out. */
  if (handshake_failed)
    {
      if (self->endpoint->cert_file != NULL)
        g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                     _("the Docker Engine at %s broke off the TLS handshake (%s): most likely it "
                       "refused the client certificate %s, which must be signed by the CA the engine "
                       "trusts (its --tlscacert)"),
                     where (self), cause->message, self->endpoint->cert_file);
      else
        g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                     _("the Docker Engine at %s wants a client certificate (%s); give one with "
                       "--tlscert and --tlskey, or as cert.pem and key.pem in DOCKER_CERT_PATH"),
                     where (self), cause->message);
      return;
    }

  if (cause->domain == G_TLS_ERROR)
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                   _("the TLS connection to %s failed: %s; check the CA, the client certificate "
                     "and its key (DOCKER_CERT_PATH or the context’s TLS files)"),
                   where (self), cause->message);
      return;
    }

  g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
               _("the connection to the Docker Engine at %s failed: %s"), where (self), cause->message);
}

static SoupMessage *
make_message (FltEngine  *self,
              const char *method,
              const char *path,
              gboolean    versioned,
              GBytes     *body,
              const char *content_type)
{
  g_autofree char *uri = NULL;
  SoupMessage *msg;

  if (versioned)
    uri = g_strdup_printf ("%s/v%s%s", self->base, self->api_version, path);
  else
    uri = g_strconcat (self->base, path, NULL);

  msg = soup_message_new (method, uri);
  if (msg == NULL)
    return NULL;

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", body);
  else if (g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Length", "0");

  if (self->client_certificate != NULL)
    soup_message_set_tls_client_certificate (msg, self->client_certificate);
  if (self->endpoint->tls && !self->endpoint->tls_verify)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);

  return msg;
}

/* The engine's own words from an error reply: {"message": "..."}. */
static char *
error_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &length);
  if (length == 0)
    return NULL;
  if (json_parser_load_from_data (parser, data, length, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      const char *message = json_object_get_string_member_with_default (object, "message", NULL);

      if (message != NULL)
        return g_strdup (message);
    }
  return g_strstrip (g_strndup (data, MIN (length, 500)));
}

static gboolean
check_status (guint        status,
              GBytes      *body,
              GError     **error)
{
  g_autofree char *message = NULL;
  int code;

  if (status < 400)
    return TRUE;

  message = error_message (body);
  code = status == 404 ? FLT_ENGINE_ERROR_NOT_FOUND
       : status == 409 ? FLT_ENGINE_ERROR_CONFLICT
       : FLT_ENGINE_ERROR_FAILED;
  g_set_error (error, FLT_ENGINE_ERROR, code, "%s",
               message ? message : soup_status_get_phrase (status));
  return FALSE;
}

static GBytes *
send_sync (FltEngine     *self,
           SoupMessage   *msg,
           guint         *status,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *reply = soup_session_send_and_read (self->session, msg, cancellable, &local_error);

  if (reply == NULL)
    {
      set_transport_error (self, local_error, error);
      return NULL;
    }

  if (status != NULL)
    *status = soup_message_get_status (msg);
  return reply;
}

/**
 * flt_engine_connect:
 *
 * Asks the engine which API versions it speaks (`GET /version`) and picks
 * the newest both sides know.  Later calls do nothing.
 */
gboolean
flt_engine_connect (FltEngine     *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *api, *min_api;
  guint status = 0;
  guint major, minor, min_major, min_minor, our_major, our_minor;
  gsize length;

  g_return_val_if_fail (FLT_IS_ENGINE (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (self->api_version != NULL)
    return TRUE;

  if (self->setup_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->setup_error));
      return FALSE;
    }
  if (self->tunnel != NULL && !flt_ssh_tunnel_start (self->tunnel, error))
    return FALSE;

  msg = make_message (self, "GET", "/version", FALSE, NULL, NULL);
  reply = send_sync (self, msg, &status, cancellable, error);
  if (reply == NULL)
    return FALSE;
  if (!check_status (status, reply, error))
    return FALSE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, &length), g_bytes_get_size (reply), &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PROTOCOL,
                   _("%s does not answer like a Docker Engine (its /version is not JSON)"), where (self));
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  api = json_object_get_string_member_with_default (object, "ApiVersion", NULL);
  min_api = json_object_get_string_member_with_default (object, "MinAPIVersion", NULL);
  if (!parse_version (api, &major, &minor))
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PROTOCOL,
                   _("%s does not say which API version it speaks"), where (self));
      return FALSE;
    }

  parse_version (FLT_ENGINE_MIN_API, &our_major, &our_minor);
  if (major < our_major || (major == our_major && minor < our_minor))
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_TOO_OLD,
                   _("the Docker Engine at %s speaks API %s, older than the %s Flotilla needs "
                     "(Docker 19.03); upgrade the engine"),
                   where (self), api, FLT_ENGINE_MIN_API);
      return FALSE;
    }

  parse_version (FLT_ENGINE_MAX_API, &our_major, &our_minor);
  if (major > our_major || (major == our_major && minor > our_minor))
    {
      major = our_major;
      minor = our_minor;
    }

  if (parse_version (min_api, &min_major, &min_minor) &&
      (min_major > major || (min_major == major && min_minor > minor)))
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_TOO_OLD,
                   _("the Docker Engine at %s no longer speaks API %u.%u (its oldest is %s); "
                     "update Flotilla"),
                   where (self), major, minor, min_api);
      return FALSE;
    }

  self->api_major = major;
  self->api_minor = minor;
  self->server_version = g_strdup (json_object_get_string_member_with_default (object, "Version", ""));
  self->api_version = g_strdup_printf ("%u.%u", major, minor);
  return TRUE;
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (flt_engine_connect (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
flt_engine_connect_async (FltEngine           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, flt_engine_connect_async);
  g_task_run_in_thread (task, connect_thread);
}

gboolean
flt_engine_connect_finish (FltEngine     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * flt_engine_call_raw:
 * @status: (out) (optional): the HTTP status
 *
 * Returns: (transfer full): the reply body, or %NULL on error (an error
 *   status is an error, with the engine's message)
 */
GBytes *
flt_engine_call_raw (FltEngine     *self,
                     const char    *method,
                     const char    *path,
                     GBytes        *body,
                     const char    *content_type,
                     guint         *status,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint code = 0;

  g_return_val_if_fail (FLT_IS_ENGINE (self), NULL);

  if (!flt_engine_connect (self, cancellable, error))
    return NULL;

  msg = make_message (self, method, path, TRUE, body, content_type);
  if (msg == NULL)
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PROTOCOL, "bad request path %s", path);
      return NULL;
    }

  reply = send_sync (self, msg, &code, cancellable, error);
  if (reply == NULL)
    return NULL;
  if (status != NULL)
    *status = code;
  if (!check_status (code, reply, error))
    return NULL;

  return g_steal_pointer (&reply);
}

/**
 * flt_engine_call:
 * @body: (nullable): a JSON body to send
 * @status: (out) (optional): the HTTP status
 *
 * Returns: (transfer full) (nullable): the parsed reply; %NULL with
 *   @error unset for an empty reply (204, 304)
 */
JsonNode *
flt_engine_call (FltEngine     *self,
                 const char    *method,
                 const char    *path,
                 JsonNode      *body,
                 guint         *status,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data;

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize text_length = strlen (text);

      request = g_bytes_new_take (g_steal_pointer (&text), text_length);
    }

  reply = flt_engine_call_raw (self, method, path, request, "application/json", status,
                               cancellable, error);
  if (reply == NULL)
    return NULL;

  data = g_bytes_get_data (reply, &length);
  if (length == 0)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PROTOCOL,
                   _("the engine’s reply to %s %s is not JSON: %s"), method, path, local_error->message);
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

/**
 * flt_engine_open_stream:
 * @headers: (nullable) (array zero-terminated=1): extra headers, as name,
 *   value, name, value...
 *
 * Sends a request whose reply is read as it comes (logs, events, build and
 * pull progress).  An error status is read whole and turned into an error.
 *
 * Returns: (transfer full): the reply body
 */
GInputStream *
flt_engine_open_stream (FltEngine          *self,
                        const char         *method,
                        const char         *path,
                        GBytes             *body,
                        const char         *content_type,
                        const char * const *headers,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  guint status;

  g_return_val_if_fail (FLT_IS_ENGINE (self), NULL);

  if (!flt_engine_connect (self, cancellable, error))
    return NULL;

  msg = make_message (self, method, path, TRUE, body, content_type);
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  stream = soup_session_send (self->session, msg, cancellable, &local_error);
  if (stream == NULL)
    {
      set_transport_error (self, local_error, error);
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (status >= 400)
    {
      g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) reply = NULL;

      g_output_stream_splice (sink, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, cancellable, NULL);
      reply = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
      check_status (status, reply, error);
      return NULL;
    }

  return g_steal_pointer (&stream);
}

typedef struct
{
  char *method;
  char *path;
  JsonNode *body;
} CallData;

static void
call_data_free (CallData *data)
{
  g_free (data->method);
  g_free (data->path);
  g_clear_pointer (&data->body, json_node_unref);
  g_free (data);
}

static void
call_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CallData *data = task_data;
  GError *error = NULL;
  JsonNode *reply = flt_engine_call (source_object, data->method, data->path, data->body, NULL,
                                     cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) json_node_unref);
}

void
flt_engine_call_async (FltEngine           *self,
                       const char          *method,
                       const char          *path,
                       JsonNode            *body,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  CallData *data = g_new0 (CallData, 1);

  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->body = body ? json_node_ref (body) : NULL;
  g_task_set_source_tag (task, flt_engine_call_async);
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);
  g_task_run_in_thread (task, call_thread);
}

/**
 * flt_engine_call_finish:
 *
 * Returns: (transfer full) (nullable): the reply, %NULL for an empty one
 */
JsonNode *
flt_engine_call_finish (FltEngine     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * flt_engine_filters:
 * @key: the first filter's key, then its value, then more key/value pairs,
 *   ending with %NULL
 *
 * Returns: (transfer full): `filters=...`, URI-escaped, for a query
 */
char *
flt_engine_filters (const char *key,
                    ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, key);
  for (const char *k = key; k != NULL; k = va_arg (args, const char *))
    {
      g_ptr_array_add (keys, (gpointer) k);
      g_ptr_array_add (values, va_arg (args, char *));
    }
  va_end (args);

  json_builder_begin_object (builder);
  for (guint i = 0; i < keys->len; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < i; j++)
        if (g_str_equal (g_ptr_array_index (keys, j), g_ptr_array_index (keys, i)))
          seen = TRUE;
      if (seen)
        continue;

      json_builder_set_member_name (builder, g_ptr_array_index (keys, i));
      json_builder_begin_array (builder);
      for (guint j = i; j < keys->len; j++)
        if (g_str_equal (g_ptr_array_index (keys, j), g_ptr_array_index (keys, i)))
          json_builder_add_string_value (builder, g_ptr_array_index (values, j));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  escaped = g_uri_escape_string (json, NULL, FALSE);
  return g_strconcat ("filters=", escaped, NULL);
}

/* Whether @error means the engine itself is not there (any more), as
 * opposed to it refusing a request. */
gboolean
flt_engine_error_is_gone (const GError *error)
{
  return g_error_matches (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE) ||
         g_error_matches (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST);
}
