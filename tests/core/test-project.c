/* test-project.c: the compose model and its validation
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "flt-core.h"

static FltProject *
load_with_env (const char         *text,
               const char * const *env,
               const char * const *profiles)
{
  g_autoptr(FltDocument) doc = flt_document_new (text, -1, "compose.yaml");
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  FltProjectOptions options = { 0 };

  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    flt_environment_set (environment, env[i], env[i + 1], FLT_VARIABLE_FROM_ENVIRONMENT);

  options.environment = environment;
  options.project_directory = "/tmp/foodtrucks";
  options.profiles = profiles;

  return flt_project_new (&doc, 1, &options);
}

static FltProject *
load (const char *text)
{
  return load_with_env (text, NULL, NULL);
}

static void
assert_no_errors (FltProject *project)
{
  GPtrArray *diagnostics = flt_project_get_diagnostics (project);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      FltDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->severity == FLT_SEVERITY_ERROR)
        {
          g_autofree char *line = flt_diagnostic_format (d);

          g_error ("unexpected diagnostic: %s", line);
        }
    }
}

static const char *foodtrucks =
  "version: \"2\"\n"
  "services:\n"
  "  es:\n"
  "    image: elasticsearch\n"
  "  web:\n"
  "    image: prakhar1989/foodtrucks-web\n"
  "    command: python app.py\n"
  "    ports:\n"
  "      - \"5000:5000\"\n"
  "    volumes:\n"
  "      - .:/code\n"
  "    depends_on:\n"
  "      - es\n";

static void
test_foodtrucks (void)
{
  g_autoptr(FltProject) project = load (foodtrucks);
  FltService *web, *es;
  FltPort *port;
  FltMount *mount;
  const char * const *command;

  assert_no_errors (project);
  g_assert_cmpstr (flt_project_get_name (project), ==, "foodtrucks");
  g_assert_cmpuint (g_list_model_get_n_items (flt_project_get_services (project)), ==, 2);

  es = flt_project_get_service (project, "es");
  web = flt_project_get_service (project, "web");
  g_assert_cmpstr (flt_service_get_image (es), ==, "elasticsearch");
  g_assert_cmpstr (flt_service_get_path (web), ==, "services.web");

  command = flt_service_get_command (web);
  g_assert_cmpstrv (command, ((const char * const[]) { "python", "app.py", NULL }));

  g_assert_cmpuint (flt_service_get_ports (web)->len, ==, 1);
  port = g_ptr_array_index (flt_service_get_ports (web), 0);
  g_assert_cmpuint (port->published_start, ==, 5000);
  g_assert_cmpuint (port->target_start, ==, 5000);
  g_assert_cmpstr (port->protocol, ==, "tcp");
  g_assert_cmpstr (port->path, ==, "services.web.ports[0]");
  g_assert_cmpuint (flt_node_get_origin (port->node)->start.line, ==, 8);

  mount = g_ptr_array_index (flt_service_get_volumes (web), 0);
  g_assert_cmpint (mount->type, ==, FLT_MOUNT_BIND);
  g_assert_cmpstr (mount->source, ==, ".");
  g_assert_cmpstr (mount->target, ==, "/code");

  g_assert_cmpuint (flt_service_get_depends_on (web)->len, ==, 1);
  g_assert_cmpstr (((FltDependency *) g_ptr_array_index (flt_service_get_depends_on (web), 0))->service, ==, "es");

  /* The implicit default network. */
  g_assert_nonnull (flt_project_get_network (project, "default"));
  g_assert_cmpstr (flt_network_get_name (flt_project_get_network (project, "default")), ==, "foodtrucks_default");
}

typedef struct
{
  const char *spec;
  const char *host_ip;
  guint published_start, published_end, target_start, target_end;
  const char *protocol;
} PortCase;

static const PortCase port_cases[] = {
  { "80", NULL, 0, 0, 80, 80, "tcp" },
  { "8080:80", NULL, 8080, 8080, 80, 80, "tcp" },
  { "127.0.0.1:5432:5432", "127.0.0.1", 5432, 5432, 5432, 5432, "tcp" },
  { "127.0.0.1::80", "127.0.0.1", 0, 0, 80, 80, "tcp" },
  { "9000-9002:9000-9002", NULL, 9000, 9002, 9000, 9002, "tcp" },
  { "53:53/udp", NULL, 53, 53, 53, 53, "udp" },
  { "[::1]:8080:80", "::1", 8080, 8080, 80, 80, "tcp" },
  { "8000-8010:80", NULL, 8000, 8010, 80, 80, "tcp" },
};

static void
test_ports (gconstpointer data)
{
  const PortCase *c = data;
  g_autofree char *text = g_strdup_printf ("services:\n  s:\n    image: x\n    ports:\n      - \"%s\"\n", c->spec);
  g_autoptr(FltProject) project = load (text);
  FltService *s = flt_project_get_service (project, "s");
  FltPort *p;

  assert_no_errors (project);
  g_assert_cmpuint (flt_service_get_ports (s)->len, ==, 1);
  p = g_ptr_array_index (flt_service_get_ports (s), 0);
  g_assert_cmpstr (p->host_ip, ==, c->host_ip);
  g_assert_cmpuint (p->published_start, ==, c->published_start);
  g_assert_cmpuint (p->published_end, ==, c->published_end);
  g_assert_cmpuint (p->target_start, ==, c->target_start);
  g_assert_cmpuint (p->target_end, ==, c->target_end);
  g_assert_cmpstr (p->protocol, ==, c->protocol);
}

static void
test_long_syntax (void)
{
  g_autoptr(FltProject) project = load (
    "services:\n"
    "  s:\n"
    "    image: x\n"
    "    ports:\n"
    "      - target: 80\n"
    "        published: \"8080\"\n"
    "        host_ip: 127.0.0.1\n"
    "        protocol: udp\n"
    "        mode: host\n"
    "    volumes:\n"
    "      - type: volume\n"
    "        source: data\n"
    "        target: /data\n"
    "        read_only: true\n"
    "      - type: bind\n"
    "        source: ./src\n"
    "        target: /src\n"
    "      - /anonymous\n"
    "      - data:/ro:ro\n"
    "volumes:\n"
    "  data: {}\n");
  FltService *s = flt_project_get_service (project, "s");
  FltPort *p;
  FltMount *m;

  assert_no_errors (project);
  p = g_ptr_array_index (flt_service_get_ports (s), 0);
  g_assert_cmpuint (p->published_start, ==, 8080);
  g_assert_cmpstr (p->protocol, ==, "udp");
  g_assert_cmpstr (p->mode, ==, "host");
  g_assert_cmpuint (flt_service_get_volumes (s)->len, ==, 4);
  m = g_ptr_array_index (flt_service_get_volumes (s), 0);
  g_assert_cmpint (m->type, ==, FLT_MOUNT_VOLUME);
  g_assert_true (m->read_only);
  m = g_ptr_array_index (flt_service_get_volumes (s), 1);
  g_assert_cmpint (m->type, ==, FLT_MOUNT_BIND);
  m = g_ptr_array_index (flt_service_get_volumes (s), 2);
  g_assert_cmpint (m->type, ==, FLT_MOUNT_ANONYMOUS);
  g_assert_cmpstr (m->target, ==, "/anonymous");
  m = g_ptr_array_index (flt_service_get_volumes (s), 3);
  g_assert_true (m->read_only);
}

static void
test_environment_forms (void)
{
  g_autoptr(FltProject) project = load (
    "services:\n"
    "  a:\n"
    "    image: x\n"
    "    environment:\n"
    "      - A=1\n"
    "      - B\n"
    "      - C=x=y\n"
    "  b:\n"
    "    image: x\n"
    "    environment:\n"
    "      A: 1\n"
    "      B:\n"
    "    labels:\n"
    "      com.example: v\n");
  GPtrArray *env_a = flt_service_get_environment (flt_project_get_service (project, "a"));
  GPtrArray *env_b = flt_service_get_environment (flt_project_get_service (project, "b"));
  FltKeyValue *kv;

  assert_no_errors (project);
  g_assert_cmpuint (env_a->len, ==, 3);
  kv = g_ptr_array_index (env_a, 1);
  g_assert_cmpstr (kv->name, ==, "B");
  g_assert_false (kv->has_value);
  kv = g_ptr_array_index (env_a, 2);
  g_assert_cmpstr (kv->name, ==, "C");
  g_assert_cmpstr (kv->value, ==, "x=y");
  g_assert_cmpstr (kv->path, ==, "services.a.environment[2]");
  kv = g_ptr_array_index (env_b, 0);
  g_assert_cmpstr (kv->value, ==, "1");
  g_assert_cmpstr (kv->path, ==, "services.b.environment.A");
  kv = g_ptr_array_index (env_b, 1);
  g_assert_false (kv->has_value);
  kv = g_ptr_array_index (flt_service_get_labels (flt_project_get_service (project, "b")), 0);
  g_assert_cmpstr (kv->path, ==, "services.b.labels[\"com.example\"]");
}

static void
test_depends_on_conditions (void)
{
  g_autoptr(FltProject) project = load (
    "services:\n"
    "  db:\n"
    "    image: postgres\n"
    "    healthcheck:\n"
    "      test: pg_isready\n"
    "      interval: 5s\n"
    "      retries: 3\n"
    "  migrate:\n"
    "    image: x\n"
    "  web:\n"
    "    image: x\n"
    "    depends_on:\n"
    "      db:\n"
    "        condition: service_healthy\n"
    "        restart: true\n"
    "      migrate:\n"
    "        condition: service_completed_successfully\n"
    "        required: false\n");
  FltService *web = flt_project_get_service (project, "web");
  const FltHealthcheck *h = flt_service_get_healthcheck (flt_project_get_service (project, "db"));
  FltDependency *d;
  g_auto(GStrv) order = NULL;

  assert_no_errors (project);
  d = g_ptr_array_index (flt_service_get_depends_on (web), 0);
  g_assert_cmpint (d->condition, ==, FLT_CONDITION_HEALTHY);
  g_assert_true (d->restart);
  d = g_ptr_array_index (flt_service_get_depends_on (web), 1);
  g_assert_cmpint (d->condition, ==, FLT_CONDITION_COMPLETED_SUCCESSFULLY);
  g_assert_false (d->required);

  g_assert_cmpstr (h->test[0], ==, "CMD-SHELL");
  g_assert_cmpstr (h->test[1], ==, "pg_isready");
  g_assert_cmpint (h->interval, ==, 5 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpint (h->retries, ==, 3);

  order = flt_project_dup_service_order (project, NULL);
  g_assert_cmpstr (order[2], ==, "web");
}

static void
test_networks_and_resources (void)
{
  g_autoptr(FltProject) project = load (
    "services:\n"
    "  web:\n"
    "    image: x\n"
    "    cpu_shares: 100\n"
    "    mem_limit: 262144000\n"
    "    restart: unless-stopped\n"
    "    container_name: web1\n"
    "    profiles: [debug]\n"
    "    x-note: hello\n"
    "    networks:\n"
    "      front:\n"
    "        aliases: [www]\n"
    "    deploy:\n"
    "      replicas: 1\n"
    "      resources:\n"
    "        limits:\n"
    "          cpus: \"0.5\"\n"
    "          memory: 512M\n"
    "  worker:\n"
    "    image: x\n"
    "    networks: [back]\n"
    "networks:\n"
    "  front:\n"
    "    driver: bridge\n"
    "  back:\n"
    "    name: custom-back\n");
  FltService *web = flt_project_get_service (project, "web");
  FltNetworkAttachment *a;

  assert_no_errors (project);
  g_assert_cmpint (flt_service_get_cpu_shares (web), ==, 100);
  g_assert_cmpint (flt_service_get_mem_limit (web), ==, 262144000);
  g_assert_cmpint (flt_service_get_memory_limit (web), ==, 512 * 1024 * 1024);
  g_assert_cmpstr (flt_service_get_restart (web), ==, "unless-stopped");
  g_assert_cmpstr (flt_service_get_container_name (web), ==, "web1");
  g_assert_cmpstr (flt_service_get_extension_names (web)[0], ==, "x-note");
  g_assert_false (flt_service_get_enabled (web));
  g_assert_true (flt_service_get_enabled (flt_project_get_service (project, "worker")));
  a = g_ptr_array_index (flt_service_get_networks (web), 0);
  g_assert_cmpstr (a->network, ==, "front");
  g_assert_cmpstr (a->aliases[0], ==, "www");
  g_assert_cmpstr (flt_network_get_name (flt_project_get_network (project, "back")), ==, "custom-back");
  g_assert_cmpstr (flt_network_get_name (flt_project_get_network (project, "front")), ==, "foodtrucks_front");
  g_assert_cmpfloat (flt_service_get_deploy (web)->limits.cpus, ==, 0.5);
}

static void
test_profiles_enable (void)
{
  const char *profiles[] = { "debug", NULL };
  g_autoptr(FltProject) project = load_with_env ("services:\n  a:\n    image: x\n    profiles: [debug]\n", NULL, profiles);

  g_assert_true (flt_service_get_enabled (flt_project_get_service (project, "a")));
}

static void
test_compose_profiles_variable (void)
{
  const char *env[] = { "COMPOSE_PROFILES", "debug,tools", NULL };
  g_autoptr(FltProject) project = load_with_env ("services:\n  a:\n    image: x\n    profiles: [tools]\n", env, NULL);

  g_assert_true (flt_service_get_enabled (flt_project_get_service (project, "a")));
}

static void
test_project_name_sources (void)
{
  const char *env[] = { "COMPOSE_PROJECT_NAME", "FromEnv", NULL };
  g_autoptr(FltProject) from_file = load ("name: My_App\nservices:\n  a:\n    image: x\n");
  g_autoptr(FltProject) from_env = load_with_env ("name: file\nservices:\n  a:\n    image: x\n", env, NULL);
  g_autofree char *normal = flt_normalize_project_name ("-My Project.2");

  g_assert_cmpstr (flt_project_get_name (from_file), ==, "my_app");
  g_assert_cmpstr (flt_project_get_name (from_env), ==, "fromenv");
  g_assert_cmpstr (normal, ==, "myproject2");
}

static void
test_interpolation_in_model (void)
{
  const char *env[] = { "TAG", "1.27", "PORT", "8080", NULL };
  g_autoptr(FltProject) project = load_with_env (
    "services:\n"
    "  web:\n"
    "    image: nginx:${TAG}\n"
    "    ports:\n"
    "      - \"${PORT}:80\"\n"
    "    command: echo $$HOME ${MISSING:-fallback}\n", env, NULL);
  FltService *web = flt_project_get_service (project, "web");
  FltPort *p = g_ptr_array_index (flt_service_get_ports (web), 0);

  assert_no_errors (project);
  g_assert_cmpstr (flt_service_get_image (web), ==, "nginx:1.27");
  g_assert_cmpuint (p->published_start, ==, 8080);
  g_assert_cmpstr (flt_service_get_command (web)[1], ==, "$HOME");
  g_assert_cmpstr (flt_service_get_command (web)[2], ==, "fallback");
}

static void
test_anchors_and_merge (void)
{
  g_autoptr(FltProject) project = load (
    "x-common: &common\n"
    "  image: busybox\n"
    "  restart: always\n"
    "  environment: &env\n"
    "    A: \"1\"\n"
    "services:\n"
    "  a:\n"
    "    <<: *common\n"
    "  b:\n"
    "    <<: *common\n"
    "    restart: \"no\"\n"
    "    environment: *env\n");
  FltService *a = flt_project_get_service (project, "a");
  FltService *b = flt_project_get_service (project, "b");

  assert_no_errors (project);
  g_assert_cmpstr (flt_service_get_image (a), ==, "busybox");
  g_assert_cmpstr (flt_service_get_restart (a), ==, "always");
  g_assert_cmpstr (flt_service_get_restart (b), ==, "no");
  g_assert_cmpuint (flt_service_get_environment (b)->len, ==, 1);
}

static void
test_legacy_format (void)
{
  g_autoptr(FltProject) project = load (
    "es:\n"
    "  image: elasticsearch\n"
    "  cpu_shares: 100\n"
    "  mem_limit: 262144000\n"
    "web:\n"
    "  image: prakhar1989/foodtrucks-web\n"
    "  cpu_shares: 100\n"
    "  mem_limit: 262144000\n"
    "  ports:\n"
    "    - \"80:5000\"\n"
    "  links:\n"
    "    - es\n");
  GPtrArray *diagnostics = flt_project_get_diagnostics (project);
  gboolean said = FALSE;

  assert_no_errors (project);
  g_assert_true (flt_project_is_legacy (project));
  g_assert_cmpuint (g_list_model_get_n_items (flt_project_get_services (project)), ==, 2);
  g_assert_cmpstr (((FltLink *) g_ptr_array_index (flt_service_get_links (flt_project_get_service (project, "web")), 0))->service, ==, "es");
  for (guint i = 0; i < diagnostics->len; i++)
    if (((FltDiagnostic *) g_ptr_array_index (diagnostics, i))->kind == FLT_DIAGNOSTIC_LEGACY_FORMAT)
      said = TRUE;
  g_assert_true (said);
}

static void
test_override_files (void)
{
  g_autoptr(FltDocument) base = flt_document_new (
    "services:\n"
    "  web:\n"
    "    image: nginx\n"
    "    command: [a, b]\n"
    "    environment:\n"
    "      - A=1\n"
    "    ports:\n"
    "      - \"80:80\"\n"
    "    volumes:\n"
    "      - ./a:/data\n", -1, "compose.yaml");
  g_autoptr(FltDocument) override = flt_document_new (
    "services:\n"
    "  web:\n"
    "    image: nginx:1.27\n"
    "    command: c\n"
    "    environment:\n"
    "      B: \"2\"\n"
    "    ports:\n"
    "      - \"443:443\"\n"
    "    volumes:\n"
    "      - ./b:/data\n"
    "  db:\n"
    "    image: postgres\n", -1, "compose.override.yaml");
  FltDocument *docs[] = { base, override };
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  FltProjectOptions options = { .environment = env, .project_directory = "/tmp/p" };
  g_autoptr(FltProject) project = flt_project_new (docs, 2, &options);
  FltService *web = flt_project_get_service (project, "web");
  FltMount *m;

  assert_no_errors (project);
  g_assert_cmpstr (flt_service_get_image (web), ==, "nginx:1.27");
  g_assert_cmpstrv (flt_service_get_command (web), ((const char * const[]) { "c", NULL }));
  g_assert_cmpuint (flt_service_get_environment (web)->len, ==, 2);
  g_assert_cmpuint (flt_service_get_ports (web)->len, ==, 2);
  g_assert_cmpuint (flt_service_get_volumes (web)->len, ==, 1);
  m = g_ptr_array_index (flt_service_get_volumes (web), 0);
  g_assert_cmpstr (m->source, ==, "./b");
  g_assert_nonnull (flt_project_get_service (project, "db"));
}

/* Validation: one case per kind of diagnostic, with where it must point. */
typedef struct
{
  const char *name;
  const char *text;
  FltDiagnosticKind kind;
  FltSeverity severity;
  guint line;
  guint column;
  const char *path;
  const char *fragment;   /* must appear in the message */
} DiagnosticCase;

static const DiagnosticCase diagnostic_cases[] = {
  { "syntax", "services:\n  web:\n    image: \"nginx\n    ports: []\n",
    FLT_DIAGNOSTIC_SYNTAX, FLT_SEVERITY_ERROR, 3, 12, NULL, "not closed" },
  { "unknown-key", "services:\n  web:\n    image: x\n    prots:\n      - 80\n",
    FLT_DIAGNOSTIC_UNKNOWN_KEY, FLT_SEVERITY_ERROR, 4, 5, "services.web.prots", "did you mean “ports”" },
  { "unknown-top-key", "services:\n  web:\n    image: x\nvolume:\n  data: {}\n",
    FLT_DIAGNOSTIC_UNKNOWN_KEY, FLT_SEVERITY_ERROR, 4, 1, "volume", "did you mean “volumes”" },
  { "wrong-type", "services:\n  web:\n    image: 42\n",
    FLT_DIAGNOSTIC_WRONG_TYPE, FLT_SEVERITY_ERROR, 3, 12, "services.web.image", "expected a string, found a number" },
  { "wrong-type-list", "services:\n  web:\n    image: x\n    ports: 80\n",
    FLT_DIAGNOSTIC_WRONG_TYPE, FLT_SEVERITY_ERROR, 4, 12, "services.web.ports", "expected a list, found a number" },
  { "bad-port", "services:\n  web:\n    image: x\n    ports:\n      - \"99999:80\"\n",
    FLT_DIAGNOSTIC_BAD_PORT, FLT_SEVERITY_ERROR, 5, 9, "services.web.ports[0]", "host port" },
  { "bad-protocol", "services:\n  web:\n    image: x\n    ports:\n      - \"80:80/xyz\"\n",
    FLT_DIAGNOSTIC_BAD_PORT, FLT_SEVERITY_ERROR, 5, 9, "services.web.ports[0]", "protocol" },
  { "bad-duration", "services:\n  web:\n    image: x\n    healthcheck:\n      interval: 10 minutes\n",
    FLT_DIAGNOSTIC_BAD_DURATION, FLT_SEVERITY_ERROR, 5, 17, "services.web.healthcheck.interval", "duration" },
  { "bad-size", "services:\n  web:\n    image: x\n    mem_limit: lots\n",
    FLT_DIAGNOSTIC_BAD_SIZE, FLT_SEVERITY_ERROR, 4, 16, "services.web.mem_limit", "size" },
  { "bad-volume", "services:\n  web:\n    image: x\n    volumes:\n      - ./a:/b:rw:x\n",
    FLT_DIAGNOSTIC_BAD_VOLUME, FLT_SEVERITY_ERROR, 5, 9, "services.web.volumes[0]", "volume" },
  { "unknown-service", "services:\n  web:\n    image: x\n    depends_on:\n      - bd\n  db:\n    image: y\n",
    FLT_DIAGNOSTIC_UNKNOWN_SERVICE, FLT_SEVERITY_ERROR, 5, 9, "services.web.depends_on[0]", "did you mean “db”" },
  { "unknown-link", "services:\n  web:\n    image: x\n    links:\n      - cache:redis\n",
    FLT_DIAGNOSTIC_UNKNOWN_SERVICE, FLT_SEVERITY_ERROR, 5, 9, "services.web.links[0]", "cache" },
  { "cycle", "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n",
    FLT_DIAGNOSTIC_DEPENDENCY_CYCLE, FLT_SEVERITY_ERROR, 2, 3, "services.a", "a → b → a" },
  { "undeclared-volume", "services:\n  db:\n    image: x\n    volumes:\n      - data:/var/lib/data\n",
    FLT_DIAGNOSTIC_UNDECLARED_VOLUME, FLT_SEVERITY_ERROR, 5, 9, "services.db.volumes[0]", "data" },
  { "undeclared-network", "services:\n  db:\n    image: x\n    networks:\n      - back\n",
    FLT_DIAGNOSTIC_UNDECLARED_NETWORK, FLT_SEVERITY_ERROR, 5, 9, "services.db.networks[0]", "back" },
  { "port-conflict", "services:\n  a:\n    image: x\n    ports: [\"8080:80\"]\n  b:\n    image: y\n    ports:\n      - 8080:8080\n",
    FLT_DIAGNOSTIC_PORT_CONFLICT, FLT_SEVERITY_ERROR, 8, 9, "services.b.ports[0]", "8080" },
  { "required-variable", "services:\n  web:\n    image: \"nginx:${TAG:?set TAG to the image tag}\"\n",
    FLT_DIAGNOSTIC_REQUIRED_VARIABLE, FLT_SEVERITY_ERROR, 3, 19, "services.web.image", "set TAG to the image tag" },
  { "missing-image", "services:\n  web:\n    command: x\n",
    FLT_DIAGNOSTIC_MISSING_IMAGE, FLT_SEVERITY_ERROR, 2, 3, "services.web", "neither image nor build" },
  { "duplicate-key", "services:\n  web:\n    image: x\n    image: y\n",
    FLT_DIAGNOSTIC_DUPLICATE_KEY, FLT_SEVERITY_ERROR, 4, 5, "services.web.image", "line 3" },
  { "empty-file", "# nothing\n",
    FLT_DIAGNOSTIC_EMPTY_FILE, FLT_SEVERITY_ERROR, 1, 1, NULL, "empty" },
  { "obsolete-version", "version: \"3.8\"\nservices:\n  web:\n    image: x\n",
    FLT_DIAGNOSTIC_OBSOLETE, FLT_SEVERITY_WARNING, 1, 1, "version", "obsolete" },
  { "unset-variable", "services:\n  web:\n    image: x\n    user: $NOBODY_SET_THIS\n",
    FLT_DIAGNOSTIC_INTERPOLATION, FLT_SEVERITY_WARNING, 4, 11, "services.web.user", "NOBODY_SET_THIS" },
  { "bad-restart", "services:\n  web:\n    image: x\n    restart: sometimes\n",
    FLT_DIAGNOSTIC_BAD_VALUE, FLT_SEVERITY_ERROR, 4, 14, "services.web.restart", "restart policy" },
  { "bad-condition", "services:\n  a:\n    image: x\n  b:\n    image: x\n    depends_on:\n      a:\n        condition: started\n",
    FLT_DIAGNOSTIC_BAD_VALUE, FLT_SEVERITY_ERROR, 8, 20, "services.b.depends_on.a.condition", "service_started" },
  { "alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
    /* At the alias whose expansion went over the limit. */
    FLT_DIAGNOSTIC_LIMIT, FLT_SEVERITY_ERROR, 2, 32, NULL, "alias" },
};

static void
test_diagnostic (gconstpointer data)
{
  const DiagnosticCase *c = data;
  g_autoptr(FltProject) project = load (c->text);
  GPtrArray *diagnostics = flt_project_get_diagnostics (project);
  FltDiagnostic *found = NULL;

  for (guint i = 0; i < diagnostics->len && found == NULL; i++)
    {
      FltDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->kind == c->kind)
        found = d;
    }

  if (found == NULL)
    {
      for (guint i = 0; i < diagnostics->len; i++)
        g_test_message ("got: %s", flt_diagnostic_format (g_ptr_array_index (diagnostics, i)));
      g_error ("no diagnostic of kind %d for %s", c->kind, c->name);
    }

  g_test_message ("%s", found->message);
  g_assert_cmpint (found->severity, ==, c->severity);
  g_assert_cmpstr (found->file, ==, "compose.yaml");
  g_assert_cmpuint (found->line, ==, c->line);
  g_assert_cmpuint (found->column, ==, c->column);
  g_assert_cmpstr (found->path, ==, c->path);
  g_assert_nonnull (strstr (found->message, c->fragment));
}

static void
test_format_diagnostic (void)
{
  g_autoptr(FltProject) project = load ("services:\n  web:\n    image: 42\n");
  FltDiagnostic *d = g_ptr_array_index (flt_project_get_diagnostics (project), 0);
  g_autofree char *line = flt_diagnostic_format (d);

  g_assert_true (g_str_has_prefix (line, "compose.yaml:3:12: error: "));
}

static void
test_config_output (void)
{
  g_autoptr(FltProject) project = load (foodtrucks);
  g_autofree char *yaml = flt_project_to_yaml (project);
  g_autofree char *json = flt_project_to_json (project);
  g_autoptr(FltDocument) reparsed = flt_document_new (yaml, -1, "out.yaml");
  g_autoptr(FltProject) again = NULL;
  g_autofree char *yaml_again = NULL;

  g_assert_nonnull (strstr (yaml, "name: foodtrucks\n"));
  g_assert_nonnull (strstr (yaml, "        published: \"5000\"\n"));
  g_assert_nonnull (strstr (yaml, "        target: 5000\n"));
  g_assert_nonnull (strstr (yaml, "        source: /tmp/foodtrucks\n"));
  g_assert_nonnull (strstr (json, "\"target\": 5000"));
  g_assert_nonnull (strstr (json, "\"published\": \"5000\""));

  /* The output is itself a valid compose file that normalises the same. */
  {
    g_autoptr(FltEnvironment) env = flt_environment_new ();
    FltProjectOptions options = { .environment = env, .project_directory = "/tmp/foodtrucks" };

    again = flt_project_new (&reparsed, 1, &options);
  }
  assert_no_errors (again);
  yaml_again = flt_project_to_yaml (again);
  g_assert_cmpstr (yaml_again, ==, yaml);
}

static void
test_include_and_extends (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flotilla-include-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *main_path = g_build_filename (dir, "compose.yaml", NULL);
  g_autofree char *inc_path = g_build_filename (sub, "included.yaml", NULL);
  g_autofree char *base_path = g_build_filename (sub, "base.yaml", NULL);
  g_autofree char *env_path = g_build_filename (sub, "db.env", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(FltProject) project = NULL;
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  FltProjectOptions options = { .environment = env };
  FltService *db, *web;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (main_path,
                                      "include:\n  - sub/included.yaml\n"
                                      "services:\n  web:\n    extends:\n      file: sub/base.yaml\n      service: app\n"
                                      "    command: serve\n", -1, NULL));
  g_assert_true (g_file_set_contents (inc_path, "services:\n  db:\n    image: postgres\n    env_file: db.env\n", -1, NULL));
  g_assert_true (g_file_set_contents (base_path, "services:\n  app:\n    image: python:3\n    build: ./app\n", -1, NULL));
  g_assert_true (g_file_set_contents (env_path, "A=1\n", -1, NULL));

  file = g_file_new_for_path (main_path);
  doc = flt_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  project = flt_project_new (&doc, 1, &options);
  assert_no_errors (project);

  db = flt_project_get_service (project, "db");
  web = flt_project_get_service (project, "web");
  g_assert_nonnull (db);
  g_assert_cmpstr (flt_service_get_image (web), ==, "python:3");
  g_assert_cmpstrv (flt_service_get_command (web), ((const char * const[]) { "serve", NULL }));
  /* The base's relative build context still points next to the base. */
  g_assert_true (g_str_has_suffix (flt_service_get_build (web)->context, "/sub/app"));

  g_unlink (env_path);
  g_unlink (base_path);
  g_unlink (inc_path);
  g_unlink (main_path);
  g_rmdir (sub);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project/foodtrucks", test_foodtrucks);
  for (guint i = 0; i < G_N_ELEMENTS (port_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/project/ports/%u", i);

      g_test_add_data_func (name, &port_cases[i], test_ports);
    }
  g_test_add_func ("/project/long-syntax", test_long_syntax);
  g_test_add_func ("/project/environment-forms", test_environment_forms);
  g_test_add_func ("/project/depends-on-conditions", test_depends_on_conditions);
  g_test_add_func ("/project/networks-and-resources", test_networks_and_resources);
  g_test_add_func ("/project/profiles", test_profiles_enable);
  g_test_add_func ("/project/compose-profiles", test_compose_profiles_variable);
  g_test_add_func ("/project/name-sources", test_project_name_sources);
  g_test_add_func ("/project/interpolation", test_interpolation_in_model);
  g_test_add_func ("/project/anchors-and-merge", test_anchors_and_merge);
  g_test_add_func ("/project/legacy-format", test_legacy_format);
  g_test_add_func ("/project/override-files", test_override_files);
  g_test_add_func ("/project/include-and-extends", test_include_and_extends);
  g_test_add_func ("/project/config-output", test_config_output);
  g_test_add_func ("/project/format-diagnostic", test_format_diagnostic);
  for (guint i = 0; i < G_N_ELEMENTS (diagnostic_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/project/diagnostic/%s", diagnostic_cases[i].name);

      g_test_add_data_func (name, &diagnostic_cases[i], test_diagnostic);
    }

  return g_test_run ();
}
