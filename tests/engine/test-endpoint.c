/* test-endpoint.c: where the engine is: DOCKER_HOST, contexts, defaults
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "flt-endpoint.h"
#include "flt-engine.h"

typedef struct
{
  const char *uri;
  FltEndpointKind kind;
  const char *socket_path;
  const char *host;
  guint port;
  const char *user;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "unix:///var/run/docker.sock", FLT_ENDPOINT_UNIX, "/var/run/docker.sock", NULL, 0, NULL },
  { "/run/user/1000/docker.sock", FLT_ENDPOINT_UNIX, "/run/user/1000/docker.sock", NULL, 0, NULL },
  { "tcp://10.0.0.5:2376", FLT_ENDPOINT_TCP, NULL, "10.0.0.5", 2376, NULL },
  { "tcp://engine.example.com", FLT_ENDPOINT_TCP, NULL, "engine.example.com", 0, NULL },
  { "tcp://[::1]:2375", FLT_ENDPOINT_TCP, NULL, "::1", 2375, NULL },
  { "ssh://deploy@prod.example.com:2222", FLT_ENDPOINT_SSH, NULL, "prod.example.com", 2222, "deploy" },
};

static void
test_parse (gconstpointer data)
{
  const ParseCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FltEndpoint) e = flt_endpoint_parse (c->uri, "test", &error);

  g_assert_no_error (error);
  g_assert_cmpint (e->kind, ==, c->kind);
  g_assert_cmpstr (e->socket_path, ==, c->socket_path);
  g_assert_cmpstr (e->host, ==, c->host);
  g_assert_cmpuint (e->port, ==, c->port);
  g_assert_cmpstr (e->user, ==, c->user);
}

static void
test_parse_invalid (void)
{
  static const char * const bad[] = { "http//x", "unix://relative", "tcp://", "tcp://h:99999", "ftp://h", "tcp://u@h" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FltEndpoint) e = flt_endpoint_parse (bad[i], "DOCKER_HOST", &error);

      g_assert_null (e);
      g_assert_error (error, FLT_ENDPOINT_ERROR, FLT_ENDPOINT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "DOCKER_HOST"));
    }
}

static char *
make_docker_config (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("flotilla-docker-config-XXXXXX", &error);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "prod", -1);
  g_autofree char *meta_dir = g_build_filename (dir, "contexts", "meta", digest, NULL);
  g_autofree char *tls_dir = g_build_filename (dir, "contexts", "tls", digest, "docker", NULL);
  g_autofree char *meta = g_build_filename (meta_dir, "meta.json", NULL);
  g_autofree char *ca = g_build_filename (tls_dir, "ca.pem", NULL);
  g_autofree char *config = g_build_filename (dir, "config.json", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (meta_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (tls_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (meta,
                                      "{\"Name\":\"prod\",\"Metadata\":{\"Description\":\"Production\"},\"Endpoints\":{\"docker\":"
                                      "{\"Host\":\"tcp://prod.example.com:2376\",\"SkipTLSVerify\":false}}}",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (ca, "not really a certificate\n", -1, NULL));
  g_assert_true (g_file_set_contents (config, "{\"currentContext\":\"prod\"}", -1, NULL));
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_resolve_order (void)
{
  g_autofree char *config = make_docker_config ();
  g_autoptr(GError) error = NULL;
  char **env = NULL;

  env = g_environ_setenv (env, "DOCKER_CONFIG", config, TRUE);

  /* The current context of config.json, with its TLS files. */
  {
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve (NULL, NULL, (const char * const *) env, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (e->host, ==, "prod.example.com");
    g_assert_cmpstr (e->context, ==, "prod");
    g_assert_true (e->tls);
    g_assert_true (e->tls_verify);
    g_assert_true (g_str_has_suffix (e->ca_file, "ca.pem"));
  }

  /* DOCKER_HOST wins over the current context. */
  env = g_environ_setenv (env, "DOCKER_HOST", "unix:///tmp/other.sock", TRUE);
  {
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve (NULL, NULL, (const char * const *) env, &error);

    g_assert_cmpstr (e->socket_path, ==, "/tmp/other.sock");
    g_assert_cmpstr (e->source, ==, "DOCKER_HOST");
  }

  /* An explicit --context wins over DOCKER_HOST; -H over everything. */
  {
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve (NULL, "prod", (const char * const *) env, &error);
    g_autoptr(FltEndpoint) h = flt_endpoint_resolve ("tcp://127.0.0.1:2375", "prod", (const char * const *) env, &error);

    g_assert_cmpstr (e->host, ==, "prod.example.com");
    g_assert_cmpstr (h->host, ==, "127.0.0.1");
  }

  /* A context that does not exist says so. */
  {
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve (NULL, "nope", (const char * const *) env, &error);

    g_assert_null (e);
    g_assert_error (error, FLT_ENDPOINT_ERROR, FLT_ENDPOINT_ERROR_NO_CONTEXT);
    g_assert_nonnull (strstr (error->message, "nope"));
    g_clear_error (&error);
  }

  {
    g_auto(GStrv) names = flt_endpoint_list_contexts ((const char * const *) env);

    g_assert_cmpstrv (names, ((const char * const[]) { "default", "prod", NULL }));
  }

  g_strfreev (env);
  remove_tree (config);
}

static void
test_resolve_default_and_tls_environment (void)
{
  g_autoptr(GError) error = NULL;
  char **env = g_environ_setenv (NULL, "DOCKER_CONFIG", "/nonexistent-flotilla", TRUE);

  {
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve (NULL, NULL, (const char * const *) env, &error);

    g_assert_no_error (error);
    g_assert_cmpint (e->kind, ==, FLT_ENDPOINT_UNIX);
  }

  env = g_environ_setenv (env, "DOCKER_HOST", "tcp://10.1.1.1:2376", TRUE);
  env = g_environ_setenv (env, "DOCKER_TLS_VERIFY", "1", TRUE);
  env = g_environ_setenv (env, "DOCKER_CERT_PATH", "/nonexistent-certs", TRUE);
  {
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve (NULL, NULL, (const char * const *) env, &error);

    /* As docker does: the CA is required (and missing files are said when
     * connecting), the client certificate and key only when they exist. */
    g_assert_true (e->tls);
    g_assert_true (e->tls_verify);
    g_assert_cmpstr (e->ca_file, ==, "/nonexistent-certs/ca.pem");
    g_assert_null (e->cert_file);
    g_assert_null (e->key_file);
  }
  {
    g_autofree char *certs = g_dir_make_tmp ("flotilla-certs-XXXXXX", NULL);
    g_autofree char *cert = g_build_filename (certs, "cert.pem", NULL);
    g_autofree char *key = g_build_filename (certs, "key.pem", NULL);
    g_autoptr(FltEndpoint) e = NULL;

    g_assert_true (g_file_set_contents (cert, "x", -1, NULL));
    g_assert_true (g_file_set_contents (key, "x", -1, NULL));
    env = g_environ_setenv (env, "DOCKER_CERT_PATH", certs, TRUE);
    e = flt_endpoint_resolve (NULL, NULL, (const char * const *) env, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (e->cert_file, ==, cert);
    g_assert_cmpstr (e->key_file, ==, key);
    remove_tree (certs);
  }
  g_strfreev (env);
}

/* --tls, --tlsverify and the three files, over DOCKER_HOST or -H. */
static void
test_tls_options (void)
{
  g_autofree char *certs = g_dir_make_tmp ("flotilla-certs-XXXXXX", NULL);
  g_autofree char *ca = g_build_filename (certs, "my-ca.pem", NULL);
  g_autofree char *cert = g_build_filename (certs, "me.pem", NULL);
  g_autofree char *key = g_build_filename (certs, "me-key.pem", NULL);
  char **env = g_environ_setenv (NULL, "DOCKER_CONFIG", "/nonexistent-flotilla", TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (ca, "x", -1, NULL));
  g_assert_true (g_file_set_contents (cert, "x", -1, NULL));
  g_assert_true (g_file_set_contents (key, "x", -1, NULL));

  /* Plain tcp:// is plain HTTP. */
  {
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve_full ("tcp://127.0.0.1", NULL, NULL,
                                                          (const char * const *) env, &error);

    g_assert_no_error (error);
    g_assert_false (e->tls);
    g_assert_null (e->ca_file);
  }

  /* --tlsverify with the files named. */
  {
    FltTlsOptions tls = { .verify = TRUE, .ca_file = ca, .cert_file = cert, .key_file = key };
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve_full ("tcp://127.0.0.1:2376", NULL, &tls,
                                                          (const char * const *) env, &error);

    g_assert_no_error (error);
    g_assert_true (e->tls);
    g_assert_true (e->tls_verify);
    g_assert_cmpstr (e->ca_file, ==, ca);
    g_assert_cmpstr (e->cert_file, ==, cert);
    g_assert_cmpstr (e->key_file, ==, key);
  }

  /* --tls alone: TLS without checking, even when DOCKER_TLS_VERIFY is
   * unset; the options apply to DOCKER_HOST too. */
  env = g_environ_setenv (env, "DOCKER_HOST", "tcp://10.1.1.1:2376", TRUE);
  {
    FltTlsOptions tls = { .tls = TRUE };
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve_full (NULL, NULL, &tls, (const char * const *) env, &error);

    g_assert_no_error (error);
    g_assert_true (e->tls);
    g_assert_false (e->tls_verify);
    g_assert_cmpstr (e->source, ==, "DOCKER_HOST");
  }

  /* A file named on the command line must be there. */
  {
    FltTlsOptions tls = { .verify = TRUE, .ca_file = "/nonexistent-flotilla/ca.pem" };
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve_full (NULL, NULL, &tls, (const char * const *) env, &error);

    g_assert_null (e);
    g_assert_error (error, FLT_ENDPOINT_ERROR, FLT_ENDPOINT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "/nonexistent-flotilla/ca.pem"));
    g_assert_nonnull (strstr (error->message, "--tlscacert"));
    g_clear_error (&error);
  }

  /* TLS options do not turn a socket into TLS. */
  {
    FltTlsOptions tls = { .verify = TRUE };
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve_full ("unix:///tmp/x.sock", NULL, &tls,
                                                          (const char * const *) env, &error);

    g_assert_no_error (error);
    g_assert_false (e->tls);
  }

  g_strfreev (env);
  remove_tree (certs);
}

/* An unreadable CA or client certificate is said at the first call, with
 * the file's name. */
static void
test_tls_unreadable_files (void)
{
  g_autofree char *certs = g_dir_make_tmp ("flotilla-certs-XXXXXX", NULL);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltEndpoint) e = flt_endpoint_parse ("tcp://127.0.0.1:9", "test", NULL);
  g_autoptr(FltEngine) engine = NULL;

  g_assert_true (g_file_set_contents (ca, "not a certificate\n", -1, NULL));
  e->tls = e->tls_verify = TRUE;
  e->ca_file = g_strdup (ca);
  engine = flt_engine_new (e);
  g_assert_false (flt_engine_connect (engine, NULL, &error));
  g_assert_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, ca));
  g_assert_nonnull (strstr (error->message, "CA"));
  g_clear_error (&error);
  g_clear_object (&engine);

  g_clear_pointer (&e->ca_file, g_free);
  e->cert_file = g_strdup (ca);
  e->key_file = g_strdup (ca);
  engine = flt_engine_new (e);
  g_assert_false (flt_engine_connect (engine, NULL, &error));
  g_assert_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "client certificate"));
  g_assert_nonnull (strstr (error->message, ca));
  remove_tree (certs);
}

/* --context default is DOCKER_HOST or the socket, whatever DOCKER_CONTEXT
 * and config.json say; the list says what docker context ls says. */
static void
test_contexts (void)
{
  g_autofree char *config = make_docker_config ();
  g_autoptr(GError) error = NULL;
  char **env = g_environ_setenv (NULL, "DOCKER_CONFIG", config, TRUE);

  {
    g_autoptr(FltEndpoint) e = flt_endpoint_resolve (NULL, "default", (const char * const *) env, &error);

    g_assert_no_error (error);
    g_assert_cmpint (e->kind, ==, FLT_ENDPOINT_UNIX);
    g_assert_null (e->context);
  }
  {
    g_autoptr(FltEndpoint) e = flt_endpoint_for_context ("prod", (const char * const *) env, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (e->context, ==, "prod");
    g_assert_cmpstr (e->host, ==, "prod.example.com");
    g_assert_cmpuint (e->port, ==, 2376);
    g_assert_true (e->tls_verify);
  }
  {
    g_autoptr(GPtrArray) list = flt_endpoint_list_context_details ((const char * const *) env);
    FltDockerContext *first, *prod;

    g_assert_cmpuint (list->len, ==, 2);
    first = g_ptr_array_index (list, 0);
    prod = g_ptr_array_index (list, 1);
    g_assert_cmpstr (first->name, ==, "default");
    g_assert_cmpstr (first->host, ==, "unix:///var/run/docker.sock");
    g_assert_false (first->current);
    g_assert_cmpstr (prod->name, ==, "prod");
    g_assert_cmpstr (prod->host, ==, "tcp://prod.example.com:2376");
    g_assert_cmpstr (prod->description, ==, "Production");
    g_assert_true (prod->current);
  }

  /* DOCKER_HOST makes "default" the current one. */
  env = g_environ_setenv (env, "DOCKER_HOST", "tcp://10.2.2.2:2375", TRUE);
  {
    g_autoptr(GPtrArray) list = flt_endpoint_list_context_details ((const char * const *) env);
    FltDockerContext *first = g_ptr_array_index (list, 0);

    g_assert_cmpstr (first->host, ==, "tcp://10.2.2.2:2375");
    g_assert_true (first->current);
    g_assert_false (((FltDockerContext *) g_ptr_array_index (list, 1))->current);
  }

  g_strfreev (env);
  remove_tree (config);
}

static void
test_is_local (void)
{
  static const struct { const char *uri; gboolean local; } cases[] = {
    { "unix:///var/run/docker.sock", TRUE },
    { "tcp://127.0.0.1:2376", TRUE },
    { "tcp://localhost:2375", TRUE },
    { "tcp://[::1]:2375", TRUE },
    { "tcp://10.0.0.5:2376", FALSE },
    { "tcp://build.example.com:2376", FALSE },
    { "ssh://deploy@prod.example.com", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FltEndpoint) e = flt_endpoint_parse (cases[i].uri, "test", NULL);

      g_assert_cmpint (flt_endpoint_is_local (e), ==, cases[i].local);
    }
}

/* No engine at a socket path: the message says where and what to do. */
static void
test_no_engine_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FltEndpoint) endpoint = flt_endpoint_parse ("unix:///nonexistent/flotilla.sock", "test", NULL);
  g_autoptr(FltEngine) engine = flt_engine_new (endpoint);

  g_assert_false (flt_engine_connect (engine, NULL, &error));
  g_assert_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/flotilla.sock"));
  g_assert_nonnull (strstr (error->message, "dockerd"));
}

static void
test_filters (void)
{
  g_autofree char *f = flt_engine_filters ("label", "a=b", "type", "container", "label", "c", NULL);
  g_autofree char *decoded = g_uri_unescape_string (f + strlen ("filters="), NULL);

  g_assert_true (g_str_has_prefix (f, "filters="));
  g_assert_cmpstr (decoded, ==, "{\"label\":[\"a=b\",\"c\"],\"type\":[\"container\"]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/endpoint/parse/%u", i);

      g_test_add_data_func (name, &parse_cases[i], test_parse);
    }
  g_test_add_func ("/endpoint/parse-invalid", test_parse_invalid);
  g_test_add_func ("/endpoint/resolve-order", test_resolve_order);
  g_test_add_func ("/endpoint/resolve-default-and-tls", test_resolve_default_and_tls_environment);
  g_test_add_func ("/endpoint/tls-options", test_tls_options);
  g_test_add_func ("/endpoint/tls-unreadable-files", test_tls_unreadable_files);
  g_test_add_func ("/endpoint/contexts", test_contexts);
  g_test_add_func ("/endpoint/is-local", test_is_local);
  g_test_add_func ("/endpoint/no-engine-message", test_no_engine_message);
  g_test_add_func ("/endpoint/filters", test_filters);

  return g_test_run ();
}
