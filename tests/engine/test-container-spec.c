/* test-container-spec.c: a service as the engine's container create body
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "flt-container-info.h"
#include "flt-container-spec.h"

static char *work_dir;

static FltProject *
load (const char *text)
{
  g_autofree char *path = g_build_filename (work_dir, "compose.yaml", NULL);
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  FltProjectOptions options = { .environment = env };

  flt_environment_set (env, "FROM_SHELL", "shell-value", FLT_VARIABLE_FROM_ENVIRONMENT);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  doc = flt_document_new_for_path (path, NULL);
  g_assert_nonnull (doc);
  return flt_project_new (&doc, 1, &options);
}

static char *
lookup_stub (const char *service,
             gpointer    user_data)
{
  return g_strdup_printf ("demo-%s-1", service);
}

static JsonObject *
member (JsonObject *object,
        const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_object_member (object, name);
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static const char *spec_text =
  "name: demo\n"
  "services:\n"
  "  db:\n"
  "    image: postgres:16\n"
  "  web:\n"
  "    image: nginx:1.27\n"
  "    command: nginx -g 'daemon off;'\n"
  "    env_file: web.env\n"
  "    environment:\n"
  "      A: from-file-overridden\n"
  "      FROM_SHELL:\n"
  "      NOT_SET_ANYWHERE:\n"
  "    ports:\n"
  "      - \"8080:80\"\n"
  "      - \"127.0.0.1:8443:443/tcp\"\n"
  "      - \"9000-9001:9000-9001/udp\"\n"
  "    volumes:\n"
  "      - ./html:/usr/share/nginx/html:ro\n"
  "      - data:/data\n"
  "      - /cache\n"
  "    restart: on-failure:3\n"
  "    mem_limit: 256m\n"
  "    cpu_shares: 512\n"
  "    ulimits:\n"
  "      nproc: 65535\n"
  "      nofile:\n"
  "        soft: 20000\n"
  "        hard: 40000\n"
  "    stop_grace_period: 30s\n"
  "    labels:\n"
  "      com.example.team: web\n"
  "    links: [db:database]\n"
  "    networks:\n"
  "      front:\n"
  "        aliases: [www]\n"
  "      back: {}\n"
  "    healthcheck:\n"
  "      test: curl -f http://localhost/\n"
  "      interval: 10s\n"
  "      retries: 3\n"
  "    deploy:\n"
  "      resources:\n"
  "        limits:\n"
  "          memory: 512M\n"
  "          cpus: \"0.5\"\n"
  "volumes:\n"
  "  data: {}\n"
  "networks:\n"
  "  front: {}\n"
  "  back: {}\n";

static void
test_body (void)
{
  g_autofree char *env_path = g_build_filename (work_dir, "web.env", NULL);
  g_autoptr(FltProject) project = NULL;
  g_autoptr(FltContainerSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body, *host, *labels, *bindings, *endpoints, *health;
  JsonArray *env, *binds, *cmd;

  g_assert_true (g_file_set_contents (env_path, "A=from-file\nB=from-file\n", -1, NULL));
  project = load (spec_text);
  g_assert_false (flt_project_has_errors (project));

  spec = flt_container_spec_new (project, flt_project_get_service (project, "web"), 2, "sha256:abc", FALSE,
                                 lookup_stub, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spec->name, ==, "demo-web-2");

  body = json_node_get_object (spec->body);
  g_assert_cmpstr (json_object_get_string_member (body, "Image"), ==, "nginx:1.27");
  cmd = json_object_get_array_member (body, "Cmd");
  g_assert_cmpuint (json_array_get_length (cmd), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (cmd, 2), ==, "daemon off;");

  /* environment overrides env_file; a bare key takes the shell's value or
   * is left out. */
  env = json_object_get_array_member (body, "Env");
  g_assert_true (array_has (env, "A=from-file-overridden"));
  g_assert_true (array_has (env, "B=from-file"));
  g_assert_true (array_has (env, "FROM_SHELL=shell-value"));
  g_assert_cmpuint (json_array_get_length (env), ==, 3);

  labels = member (body, "Labels");
  g_assert_cmpstr (json_object_get_string_member (labels, FLT_LABEL_PROJECT), ==, "demo");
  g_assert_cmpstr (json_object_get_string_member (labels, FLT_LABEL_SERVICE), ==, "web");
  g_assert_cmpstr (json_object_get_string_member (labels, FLT_LABEL_NUMBER), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (labels, FLT_LABEL_ONEOFF), ==, "False");
  g_assert_cmpstr (json_object_get_string_member (labels, FLT_LABEL_IMAGE), ==, "sha256:abc");
  g_assert_cmpstr (json_object_get_string_member (labels, FLT_LABEL_CONFIG_HASH), ==, spec->config_hash);
  g_assert_cmpstr (json_object_get_string_member (labels, FLT_LABEL_WORKING_DIR), ==, work_dir);
  g_assert_cmpstr (json_object_get_string_member (labels, "com.example.team"), ==, "web");
  g_assert_true (json_object_has_member (labels, FLT_LABEL_CONFIG_FILES));

  g_assert_true (json_object_has_member (member (body, "ExposedPorts"), "80/tcp"));
  g_assert_true (json_object_has_member (member (body, "ExposedPorts"), "9001/udp"));
  g_assert_cmpint (json_object_get_int_member (body, "StopTimeout"), ==, 30);

  health = member (body, "Healthcheck");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (health, "Test"), 0), ==, "CMD-SHELL");
  g_assert_cmpint (json_object_get_int_member (health, "Interval"), ==, G_GINT64_CONSTANT (10000000000));
  g_assert_cmpint (json_object_get_int_member (health, "Retries"), ==, 3);

  host = member (body, "HostConfig");
  {
    JsonArray *ulimits = json_object_get_array_member (host, "Ulimits");
    JsonObject *nproc = json_array_get_object_element (ulimits, 0);
    JsonObject *nofile = json_array_get_object_element (ulimits, 1);

    g_assert_cmpuint (json_array_get_length (ulimits), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (nproc, "Name"), ==, "nproc");
    g_assert_cmpint (json_object_get_int_member (nproc, "Soft"), ==, 65535);
    g_assert_cmpint (json_object_get_int_member (nproc, "Hard"), ==, 65535);
    g_assert_cmpstr (json_object_get_string_member (nofile, "Name"), ==, "nofile");
    g_assert_cmpint (json_object_get_int_member (nofile, "Soft"), ==, 20000);
    g_assert_cmpint (json_object_get_int_member (nofile, "Hard"), ==, 40000);
  }
  bindings = member (host, "PortBindings");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (bindings, "80/tcp"), 0), "HostPort"), ==, "8080");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (bindings, "443/tcp"), 0), "HostIp"), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (bindings, "9001/udp"), 0), "HostPort"), ==, "9001");

  binds = json_object_get_array_member (host, "Binds");
  {
    g_autofree char *html = g_strdup_printf ("%s/html:/usr/share/nginx/html:ro", work_dir);

    g_assert_true (array_has (binds, html));
  }
  g_assert_true (array_has (binds, "demo_data:/data:rw"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (host, "Mounts")), ==, 1);

  g_assert_cmpstr (json_object_get_string_member (member (host, "RestartPolicy"), "Name"), ==, "on-failure");
  g_assert_cmpint (json_object_get_int_member (member (host, "RestartPolicy"), "MaximumRetryCount"), ==, 3);
  /* deploy.resources.limits.memory wins over mem_limit. */
  g_assert_cmpint (json_object_get_int_member (host, "Memory"), ==, 512 * 1024 * 1024);
  g_assert_cmpint (json_object_get_int_member (host, "CpuShares"), ==, 512);
  g_assert_cmpint (json_object_get_int_member (host, "NanoCpus"), ==, 500000000);
  g_assert_true (array_has (json_object_get_array_member (host, "Links"), "demo-db-1:database"));

  /* The primary network (back sorts first) at create, the other later on
   * an engine older than 1.44. */
  g_assert_cmpstr (json_object_get_string_member (host, "NetworkMode"), ==, "demo_back");
  endpoints = member (member (body, "NetworkingConfig"), "EndpointsConfig");
  g_assert_cmpuint (json_object_get_size (endpoints), ==, 1);
  g_assert_true (array_has (json_object_get_array_member (member (endpoints, "demo_back"), "Aliases"), "web"));
  g_assert_cmpuint (spec->extra_networks->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (spec->extra_network_names, 0), ==, "demo_front");
  {
    JsonObject *connect = json_node_get_object (g_ptr_array_index (spec->extra_networks, 0));
    JsonArray *aliases = json_object_get_array_member (member (connect, "EndpointConfig"), "Aliases");

    g_assert_true (array_has (aliases, "www"));
    g_assert_true (array_has (aliases, "demo-web-2"));
  }

  g_unlink (env_path);
}

static void
test_hash_stable_and_changes (void)
{
  g_autofree char *env_path = g_build_filename (work_dir, "web.env", NULL);
  g_autoptr(FltProject) a = NULL;
  g_autoptr(FltProject) b = NULL;
  g_autoptr(FltProject) c = NULL;
  g_autoptr(FltContainerSpec) s1 = NULL;
  g_autoptr(FltContainerSpec) s2 = NULL;
  g_autoptr(FltContainerSpec) s3 = NULL;
  g_autoptr(FltContainerSpec) other_replica = NULL;
  g_autofree char *h1 = NULL;
  g_autofree char *h3 = NULL;
  g_auto(GStrv) changed = NULL;
  g_autofree char *modified = NULL;

  g_assert_true (g_file_set_contents (env_path, "A=1\n", -1, NULL));
  a = load (spec_text);
  b = load (spec_text);
  s1 = flt_container_spec_new (a, flt_project_get_service (a, "web"), 1, "sha256:abc", TRUE, lookup_stub, NULL, NULL);
  s2 = flt_container_spec_new (b, flt_project_get_service (b, "web"), 1, "sha256:def", TRUE, lookup_stub, NULL, NULL);
  other_replica = flt_container_spec_new (a, flt_project_get_service (a, "web"), 3, "sha256:abc", TRUE, lookup_stub, NULL, NULL);

  /* Same file: same hash, whatever the image ID and the replica. */
  g_assert_cmpstr (s1->config_hash, ==, s2->config_hash);
  g_assert_cmpstr (s1->config_hash, ==, other_replica->config_hash);
  g_assert_cmpuint (strlen (s1->config_hash), ==, 64);

  modified = g_strdup (spec_text);
  *strstr (modified, "8080:80") = '9';
  c = load (modified);
  s3 = flt_container_spec_new (c, flt_project_get_service (c, "web"), 1, "sha256:abc", TRUE, lookup_stub, NULL, NULL);
  g_assert_cmpstr (s1->config_hash, !=, s3->config_hash);

  h1 = flt_service_key_hashes (a, flt_project_get_service (a, "web"));
  h3 = flt_service_key_hashes (c, flt_project_get_service (c, "web"));
  changed = flt_key_hashes_diff (h1, h3);
  g_assert_cmpstrv (changed, ((const char * const[]) { "ports", NULL }));

  /* An env file's contents are part of the hash too. */
  {
    g_autoptr(FltProject) d = NULL;
    g_autoptr(FltContainerSpec) s4 = NULL;

    g_assert_true (g_file_set_contents (env_path, "A=2\n", -1, NULL));
    d = load (spec_text);
    s4 = flt_container_spec_new (d, flt_project_get_service (d, "web"), 1, "sha256:abc", TRUE, lookup_stub, NULL, NULL);
    g_assert_cmpstr (s1->config_hash, ==, s1->config_hash);
    g_assert_cmpstr (s4->config_hash, ==, s1->config_hash);
  }

  g_unlink (env_path);
}

static void
test_missing_env_file (void)
{
  g_autoptr(FltProject) project = load ("services:\n  web:\n    image: x\n    env_file: nothere.env\n");
  g_autoptr(GError) error = NULL;
  FltContainerSpec *spec = flt_container_spec_new (project, flt_project_get_service (project, "web"), 1, NULL,
                                                   TRUE, NULL, NULL, &error);

  g_assert_null (spec);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "web"));
  g_assert_nonnull (strstr (error->message, "nothere.env"));
}

static void
test_names (void)
{
  g_autoptr(FltProject) project = load ("name: demo\nservices:\n  a:\n    image: x\n    container_name: custom\n"
                                        "  b:\n    build: .\n");
  g_autofree char *a = flt_container_name (project, flt_project_get_service (project, "a"), 1);
  g_autofree char *b = flt_container_name (project, flt_project_get_service (project, "b"), 2);
  g_autofree char *image = flt_service_image_ref (project, flt_project_get_service (project, "b"));

  g_assert_cmpstr (a, ==, "custom");
  g_assert_cmpstr (b, ==, "demo-b-2");
  g_assert_cmpstr (image, ==, "demo-b");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  work_dir = g_dir_make_tmp ("flotilla-spec-XXXXXX", NULL);

  g_test_add_func ("/container-spec/body", test_body);
  g_test_add_func ("/container-spec/hash", test_hash_stable_and_changes);
  g_test_add_func ("/container-spec/missing-env-file", test_missing_env_file);
  g_test_add_func ("/container-spec/names", test_names);

  status = g_test_run ();
  {
    g_autofree char *compose = g_build_filename (work_dir, "compose.yaml", NULL);

    g_unlink (compose);
    g_rmdir (work_dir);
  }
  return status;
}
