/* test-aws-export.c: the AWS ECS export, one table per mapping rule
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "flt-aws-export-private.h"
#include "flt-core.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

typedef struct
{
  FltAwsExport *export;
  FltDocument *files[FLT_AWS_N_FILES];
} Result;

static void
result_free (Result *r)
{
  g_clear_object (&r->export);
  for (guint i = 0; i < FLT_AWS_N_FILES; i++)
    g_clear_object (&r->files[i]);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static FltProject *
load_project (const char         *text,
              const char         *directory,
              const char * const *env)
{
  g_autoptr(FltDocument) doc = flt_document_new (text, -1, "compose.yaml");
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  FltProjectOptions options = { 0 };

  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    flt_environment_set (environment, env[i], env[i + 1], FLT_VARIABLE_FROM_ENVIRONMENT);
  options.environment = environment;
  options.project_directory = directory ? directory : "/tmp/flt-aws-test";
  options.project_name = "demo";
  options.load_env_files = TRUE;

  return flt_project_new (&doc, 1, &options);
}

static void
assert_no_errors (FltProject *project)
{
  GPtrArray *diagnostics = flt_project_get_diagnostics (project);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      FltDiagnostic *d = g_ptr_array_index (diagnostics, i);
      g_autofree char *line = flt_diagnostic_format (d);

      if (d->severity == FLT_SEVERITY_ERROR)
        g_error ("unexpected project error: %s", line);
    }
}

static Result *
export_project (FltProject          *project,
                const FltAwsOptions *options)
{
  g_autoptr(GError) error = NULL;
  Result *r = g_new0 (Result, 1);

  assert_no_errors (project);
  r->export = flt_aws_export_new (project, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->export);

  for (guint i = 0; i < FLT_AWS_N_FILES; i++)
    {
      const char *text = flt_aws_export_get_text (r->export, i);

      g_assert_nonnull (text);
      r->files[i] = flt_document_new (text, -1, flt_aws_file_get_name (i));
      /* Every file must parse (JSON is YAML too). */
      g_assert_null (flt_document_get_syntax_error (r->files[i]));
    }
  return r;
}

static Result *
export_text (const char          *text,
             const FltAwsOptions *options)
{
  g_autoptr(FltProject) project = load_project (text, NULL, NULL);

  return export_project (project, options);
}

/* The scalar at @path ("containerDefinitions[0].memory"), or NULL when
 * there is none. */
static const char *
value_at (Result     *r,
          FltAwsFile  file,
          const char *path)
{
  const FltNode *node = flt_document_lookup (r->files[file], path, NULL);

  if (node == NULL)
    return NULL;
  g_assert_true (flt_node_is_scalar (node));
  return node->is_null ? "null" : node->value;
}

static guint
count_at (Result     *r,
          FltAwsFile  file,
          const char *path)
{
  const FltNode *node = flt_document_lookup (r->files[file], path, NULL);

  if (node == NULL)
    return 0;
  g_assert_false (flt_node_is_scalar (node));
  return node->n_items;
}

#define COMPOSE FLT_AWS_FILE_COMPOSE
#define PARAMS FLT_AWS_FILE_PARAMS
#define TASKDEF FLT_AWS_FILE_TASK_DEFINITION

static const FltAwsWarning *
find_warning (Result      *r,
              FltAwsIssue  issue)
{
  GPtrArray *warnings = flt_aws_export_get_warnings (r->export);

  for (guint i = 0; i < warnings->len; i++)
    {
      const FltAwsWarning *w = g_ptr_array_index (warnings, i);

      if (w->issue == issue)
        return w;
    }
  return NULL;
}

static void
assert_warning (Result      *r,
                FltAwsIssue  issue,
                const char  *path)
{
  const FltAwsWarning *w = find_warning (r, issue);

  if (w == NULL)
    g_error ("no warning of kind %d", issue);
  g_assert_cmpint (w->diagnostic->severity, ==, FLT_SEVERITY_WARNING);
  g_assert_cmpint (w->diagnostic->kind, ==, FLT_DIAGNOSTIC_NOT_EXPORTED);
  g_assert_cmpstr (w->diagnostic->path, ==, path);
  g_assert_cmpstr (w->diagnostic->file, ==, "compose.yaml");
  g_assert_cmpuint (w->diagnostic->line, >, 0);
  g_assert_true (w->diagnostic->message != NULL && strlen (w->diagnostic->message) > 20);
}

static void
assert_no_warnings (Result *r)
{
  GPtrArray *warnings = flt_aws_export_get_warnings (r->export);

  if (warnings->len > 0)
    {
      const FltAwsWarning *w = g_ptr_array_index (warnings, 0);

      g_error ("unexpected warning: %s", w->diagnostic->message);
    }
}

static char *
web_with (const char *lines,
          const char *more)
{
  return g_strdup_printf ("services:\n  web:\n    image: nginx\n%s%s", lines ? lines : "", more ? more : "");
}

/* ------------------------------------------------------------------ */
/* Memory: bytes to MiB                                               */

static const struct
{
  gint64 bytes;
  gint64 mib;
} mib_cases[] = {
  { 0, 0 },
  { 1048575, 0 },
  { 1048576, 1 },
  { 262144000, 250 },
  { 536870912, 512 },
  { 1000000000, 953 },      /* whole MiB, rounded down, as ecs-cli does */
  { G_GINT64_CONSTANT (17179869184), 16384 },
};

static void
test_memory_mib (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mib_cases); i++)
    g_assert_cmpint (_flt_aws_memory_mib (mib_cases[i].bytes), ==, mib_cases[i].mib);
}

typedef struct
{
  const char *lines;          /* web's keys */
  gint64 default_mem;         /* 0: the tutorial's */
  const char *memory;         /* containerDefinitions[0].memory (MiB) */
  const char *mem_limit;      /* aws-compose web.mem_limit (bytes) */
  const char *reservation;    /* memoryReservation (MiB), or NULL */
  const char *params_reservation; /* ecs-params mem_reservation (bytes), or NULL */
  int issue;                  /* a warning expected, or -1 */
} MemoryCase;

static const MemoryCase memory_cases[] = {
  { NULL, 0, "250", "262144000", NULL, NULL, -1 },
  { NULL, G_GINT64_CONSTANT (1073741824), "1024", "1073741824", NULL, NULL, -1 },
  { "    mem_limit: 1000000000\n", 0, "953", "1000000000", NULL, NULL, -1 },
  { "    mem_limit: 512m\n", 0, "512", "536870912", NULL, NULL, -1 },
  { "    deploy:\n      resources:\n        limits:\n          memory: 1g\n", 0, "1024", "1073741824", NULL, NULL, -1 },
  /* The service's own value wins over deploy's. */
  { "    mem_limit: 256m\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n", 0,
    "256", "268435456", NULL, NULL, -1 },
  { "    mem_limit: 512m\n    mem_reservation: 128m\n", 0, "512", "536870912", "128", "134217728", -1 },
  { "    deploy:\n      resources:\n        reservations:\n          memory: 64m\n", 0,
    "250", "262144000", "64", "67108864", -1 },
  /* Raised to the 6 MiB a container needs. */
  { "    mem_limit: 3m\n", 0, "6", "6291456", NULL, NULL, FLT_AWS_ISSUE_RESOURCES },
  { "    mem_limit: 128m\n    mem_reservation: 256m\n", 0, "128", "134217728", NULL, NULL, FLT_AWS_ISSUE_RESOURCES },
};

static void
test_memory (gconstpointer data)
{
  const MemoryCase *c = data;
  g_autofree char *text = web_with (c->lines, NULL);
  g_autoptr(FltAwsOptions) options = flt_aws_options_new ();
  g_autoptr(Result) r = NULL;

  if (c->default_mem > 0)
    flt_aws_options_set_mem_limit (options, c->default_mem);
  r = export_text (text, options);

  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].memory"), ==, c->memory);
  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.mem_limit"), ==, c->mem_limit);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].memoryReservation"), ==, c->reservation);
  g_assert_cmpstr (value_at (r, PARAMS, "task_definition.services.web.mem_reservation"), ==, c->params_reservation);
  /* The task's memory is the sum of its containers'. */
  g_assert_cmpstr (value_at (r, TASKDEF, "memory"), ==, c->memory);
  g_assert_cmpstr (value_at (r, PARAMS, "task_definition.task_size.mem_limit"), ==, c->memory);
  if (c->issue >= 0)
    g_assert_nonnull (find_warning (r, c->issue));
  else
    assert_no_warnings (r);
}

/* ------------------------------------------------------------------ */
/* CPU                                                                */

typedef struct
{
  const char *lines;
  gint64 default_cpu;         /* -1: the tutorial's */
  const char *cpu;            /* containerDefinitions[0].cpu and aws-compose cpu_shares */
  const char *task_cpu;       /* at least 128 */
} CpuCase;

static const CpuCase cpu_cases[] = {
  { NULL, -1, "100", "128" },
  { NULL, 300, "300", "300" },
  { "    cpu_shares: 512\n", -1, "512", "512" },
  { "    cpus: 0.5\n", -1, "512", "512" },
  { "    cpu_shares: 256\n    cpus: 2\n", -1, "256", "256" },
  { "    deploy:\n      resources:\n        limits:\n          cpus: \"0.25\"\n", -1, "256", "256" },
  { "    cpu_shares: 0\n", -1, "0", "128" },
};

static void
test_cpu (gconstpointer data)
{
  const CpuCase *c = data;
  g_autofree char *text = web_with (c->lines, NULL);
  g_autoptr(FltAwsOptions) options = flt_aws_options_new ();
  g_autoptr(Result) r = NULL;

  if (c->default_cpu >= 0)
    flt_aws_options_set_cpu_shares (options, c->default_cpu);
  r = export_text (text, options);

  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].cpu"), ==, c->cpu);
  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.cpu_shares"), ==, c->cpu);
  g_assert_cmpstr (value_at (r, TASKDEF, "cpu"), ==, c->task_cpu);
  g_assert_cmpstr (value_at (r, PARAMS, "task_definition.task_size.cpu_limit"), ==, c->task_cpu);
  assert_no_warnings (r);
}

/* ------------------------------------------------------------------ */
/* Ports: with and without a host port, /udp, ranges, overrides       */

typedef struct
{
  const char *port;           /* one item of web's ports, as YAML */
  guint override_container;   /* options: publish this port of web... */
  guint override_host;        /* ...on this host port */
  const char *compose;        /* aws-compose web.ports[0], or NULL when left out */
  const char *container_port;
  const char *host_port;
  const char *protocol;
  int issue;
  const char *issue_path;
} PortCase;

static const PortCase port_cases[] = {
  { "\"80:5000\"", 0, 0, "80:5000", "5000", "80", "tcp", -1, NULL },
  { "\"5000\"", 0, 0, "5000", "5000", "0", "tcp", -1, NULL },
  { "\"53:53/udp\"", 0, 0, "53:53/udp", "53", "53", "udp", -1, NULL },
  { "\"1053/udp\"", 0, 0, "1053/udp", "1053", "0", "udp", -1, NULL },
  { "\"8080:80/tcp\"", 0, 0, "8080:80", "80", "8080", "tcp", -1, NULL },
  { "{target: 5000, published: \"80\"}", 0, 0, "80:5000", "5000", "80", "tcp", -1, NULL },
  { "{target: 514, protocol: udp}", 0, 0, "514/udp", "514", "0", "udp", -1, NULL },
  /* The tutorial's change: web's 5000 published on 80. */
  { "\"5000:5000\"", 5000, 80, "80:5000", "5000", "80", "tcp", -1, NULL },
  { "\"5000\"", 5000, 80, "80:5000", "5000", "80", "tcp", -1, NULL },
  { "\"127.0.0.1:8080:80\"", 0, 0, "8080:80", "80", "8080", "tcp",
    FLT_AWS_ISSUE_PORT_IP, "services.web.ports[0]" },
  { "\"8000-8002:8000-8002\"", 0, 0, NULL, NULL, NULL, NULL,
    FLT_AWS_ISSUE_PORT_RANGE, "services.web.ports[0]" },
  { "\"9000-9001:80\"", 0, 0, NULL, NULL, NULL, NULL,
    FLT_AWS_ISSUE_PORT_RANGE, "services.web.ports[0]" },
  { "{target: 7000, published: \"7000\", protocol: sctp}", 0, 0, NULL, NULL, NULL, NULL,
    FLT_AWS_ISSUE_PORT_PROTOCOL, "services.web.ports[0]" },
  { "\"80:80\"", 5000, 8080, "80:80", "80", "80", "tcp",
    FLT_AWS_ISSUE_PORT_OVERRIDE, "services.web.ports" },
};

static void
test_ports (gconstpointer data)
{
  const PortCase *c = data;
  g_autofree char *lines = g_strdup_printf ("    ports:\n      - %s\n", c->port);
  g_autofree char *text = web_with (lines, NULL);
  g_autoptr(FltAwsOptions) options = flt_aws_options_new ();
  g_autoptr(Result) r = NULL;

  if (c->override_container != 0)
    flt_aws_options_set_host_port (options, "web", c->override_container, c->override_host);
  r = export_text (text, options);

  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.ports[0]"), ==, c->compose);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].portMappings[0].containerPort"), ==, c->container_port);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].portMappings[0].hostPort"), ==, c->host_port);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].portMappings[0].protocol"), ==, c->protocol);
  if (c->compose != NULL)
    {
      /* Quoted, as the tutorial writes ports. */
      g_autofree char *quoted = g_strdup_printf ("- \"%s\"\n", c->compose);

      g_assert_nonnull (strstr (flt_aws_export_get_text (r->export, COMPOSE), quoted));
    }
  if (c->issue >= 0)
    assert_warning (r, c->issue, c->issue_path);
  else
    assert_no_warnings (r);
}

/* ------------------------------------------------------------------ */
/* Volumes: a host path, a named volume, a local folder, ...          */

typedef struct
{
  const char *volume;         /* one item of web's volumes, as YAML */
  const char *top;            /* top-level YAML, or NULL */
  const char *compose;        /* aws-compose web.volumes[0], or NULL when left out */
  const char *source_volume;  /* mountPoints[0].sourceVolume */
  const char *container_path;
  const char *read_only;
  const char *host_path;      /* volumes[0].host.sourcePath, or NULL */
  const char *docker_scope;   /* volumes[0].dockerVolumeConfiguration.scope, or NULL */
  const char *autoprovision;
  int issue;
  const char *issue_path;
} VolumeCase;

static const VolumeCase volume_cases[] = {
  { "/srv/data:/data", NULL, "/srv/data:/data", "volume-0", "/data", "false", "/srv/data", NULL, NULL, -1, NULL },
  { "/srv/data:/data:ro", NULL, "/srv/data:/data:ro", "volume-0", "/data", "true", "/srv/data", NULL, NULL, -1, NULL },
  { "{type: bind, source: /var/run/docker.sock, target: /var/run/docker.sock, read_only: true}", NULL,
    "/var/run/docker.sock:/var/run/docker.sock:ro", "volume-0", "/var/run/docker.sock", "true",
    "/var/run/docker.sock", NULL, NULL, -1, NULL },
  { "/cache", NULL, "/cache", "volume-0", "/cache", "false", NULL, NULL, NULL, -1, NULL },
  { "dbdata:/var/lib/db", "volumes:\n  dbdata: {}\n", "dbdata:/var/lib/db", "dbdata", "/var/lib/db", "false",
    NULL, "shared", "true", FLT_AWS_ISSUE_NAMED_VOLUME, "services.web.volumes[0]" },
  { "shared:/shared:ro", "volumes:\n  shared:\n    external: true\n", "shared:/shared:ro", "shared", "/shared", "true",
    NULL, "shared", "false", FLT_AWS_ISSUE_NAMED_VOLUME, "services.web.volumes[0]" },
  /* The tutorial's source-code mount only makes sense on this computer. */
  { ".:/code", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    FLT_AWS_ISSUE_LOCAL_BIND, "services.web.volumes[0]" },
  { "./data:/data", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    FLT_AWS_ISSUE_LOCAL_BIND, "services.web.volumes[0]" },
  { "~/config:/config:ro", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    FLT_AWS_ISSUE_LOCAL_BIND, "services.web.volumes[0]" },
  { "{type: tmpfs, target: /run}", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    FLT_AWS_ISSUE_MOUNT, "services.web.volumes[0]" },
};

static void
test_volumes (gconstpointer data)
{
  const VolumeCase *c = data;
  g_autofree char *lines = g_strdup_printf ("    volumes:\n      - %s\n", c->volume);
  g_autofree char *text = web_with (lines, c->top);
  g_autoptr(Result) r = export_text (text, NULL);

  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.volumes[0]"), ==, c->compose);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].mountPoints[0].sourceVolume"), ==, c->source_volume);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].mountPoints[0].containerPath"), ==, c->container_path);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].mountPoints[0].readOnly"), ==, c->read_only);
  g_assert_cmpstr (value_at (r, TASKDEF, "volumes[0].name"), ==, c->source_volume);
  g_assert_cmpstr (value_at (r, TASKDEF, "volumes[0].host.sourcePath"), ==, c->host_path);
  g_assert_cmpstr (value_at (r, TASKDEF, "volumes[0].dockerVolumeConfiguration.scope"), ==, c->docker_scope);
  g_assert_cmpstr (value_at (r, TASKDEF, "volumes[0].dockerVolumeConfiguration.autoprovision"), ==, c->autoprovision);
  /* Named volumes are declared for ecs-cli in ecs-params.yml. */
  g_assert_cmpstr (value_at (r, PARAMS, "task_definition.docker_volumes[0].name"), ==,
                   c->docker_scope ? c->source_volume : NULL);
  g_assert_cmpuint (count_at (r, TASKDEF, "volumes"), ==, c->source_volume ? 1 : 0);
  if (c->issue >= 0)
    assert_warning (r, c->issue, c->issue_path);
  else
    assert_no_warnings (r);
}

static void
test_volumes_shared_host_path (void)
{
  g_autoptr(Result) r = export_text ("services:\n"
                                     "  a:\n    image: x\n    volumes: [\"/srv:/srv\", \"/tmp/a\"]\n"
                                     "  b:\n    image: x\n    depends_on: [a]\n    volumes: [\"/srv:/data:ro\"]\n",
                                     NULL);

  /* One task volume per host path, numbered as ecs-cli numbers them. */
  g_assert_cmpuint (count_at (r, TASKDEF, "volumes"), ==, 2);
  g_assert_cmpstr (value_at (r, TASKDEF, "volumes[0].name"), ==, "volume-0");
  g_assert_cmpstr (value_at (r, TASKDEF, "volumes[1].name"), ==, "volume-1");
  g_assert_null (value_at (r, TASKDEF, "volumes[1].host.sourcePath"));
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].mountPoints[0].sourceVolume"), ==, "volume-0");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].mountPoints[0].readOnly"), ==, "true");
}

/* ------------------------------------------------------------------ */
/* Links and dependencies                                             */

typedef struct
{
  const char *name;
  const char *text;           /* the whole project; the service under test is web */
  const char *links;          /* aws-compose web.links, joined with "," */
  const char *task_links;     /* task definition web's links, joined */
  const char *depends;        /* web's dependsOn "container=CONDITION", joined */
  int issue;
} LinkCase;

static const char *es_and_web = "services:\n  es:\n    image: elasticsearch\n  web:\n    image: nginx\n";

static const LinkCase link_cases[] = {
  { "depends-on-becomes-link", "    depends_on: [es]\n", "es", "es", "es=START", -1 },
  { "link-with-alias", "    links: [\"es:search\"]\n", "es:search", "es:search", "", -1 },
  { "link-and-dependency-once", "    links: [es]\n    depends_on: [es]\n", "es", "es", "es=START", -1 },
  { "healthy-without-healthcheck", "    depends_on:\n      es: {condition: service_healthy}\n",
    "es", "es", "es=START", FLT_AWS_ISSUE_DEPENDENCY },
  { "no-links-at-all", "", "", "", "", FLT_AWS_ISSUE_NO_LINKS },
  { "external-links", "    depends_on: [es]\n    external_links: [redis]\n", "es", "es", "es=START",
    FLT_AWS_ISSUE_LINK },
};

static char *
joined (Result     *r,
        FltAwsFile  file,
        const char *path,
        const char *key,
        const char *value_key)
{
  const FltNode *node = flt_document_lookup (r->files[file], path, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; node != NULL && i < node->n_items; i++)
    {
      const FltNode *item = node->items[i];

      if (key == NULL)
        g_strv_builder_add (builder, item->value);
      else
        {
          g_autofree char *pair = g_strdup_printf ("%s=%s", flt_node_lookup (item, key)->value,
                                                   flt_node_lookup (item, value_key)->value);

          g_strv_builder_add (builder, pair);
        }
    }
  parts = g_strv_builder_end (builder);
  return g_strjoinv (",", parts);
}

static void
test_links (gconstpointer data)
{
  const LinkCase *c = data;
  g_autofree char *text = g_strconcat (es_and_web, c->text, NULL);
  g_autoptr(Result) r = export_text (text, NULL);
  g_autofree char *links = joined (r, COMPOSE, "services.web.links", NULL, NULL);
  g_autofree char *task_links = joined (r, TASKDEF, "containerDefinitions[1].links", NULL, NULL);
  g_autofree char *depends = joined (r, TASKDEF, "containerDefinitions[1].dependsOn", "containerName", "condition");
  g_autofree char *params = joined (r, PARAMS, "task_definition.services.web.depends_on", "container_name", "condition");

  g_assert_cmpstr (links, ==, c->links);
  g_assert_cmpstr (task_links, ==, c->task_links);
  g_assert_cmpstr (depends, ==, c->depends);
  g_assert_cmpstr (params, ==, c->depends);
  if (c->issue >= 0)
    g_assert_nonnull (find_warning (r, c->issue));
  else
    assert_no_warnings (r);
}

static void
test_links_completed_dependency (void)
{
  g_autoptr(Result) r = export_text ("services:\n"
                                     "  migrate:\n    image: app\n    command: [migrate]\n"
                                     "  web:\n    image: app\n    depends_on:\n"
                                     "      migrate: {condition: service_completed_successfully}\n"
                                     "    links: [migrate]\n",
                                     NULL);

  /* A one-shot job must not stop the task when it exits... */
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].essential"), ==, "false");
  g_assert_cmpstr (value_at (r, PARAMS, "task_definition.services.migrate.essential"), ==, "false");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].essential"), ==, "true");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].dependsOn[0].condition"), ==, "SUCCESS");
  /* ...and the explicit link stays the only one. */
  g_assert_cmpuint (count_at (r, TASKDEF, "containerDefinitions[1].links"), ==, 1);
}

static void
test_links_healthy_dependency (void)
{
  g_autoptr(Result) r = export_text ("services:\n"
                                     "  db:\n    image: postgres\n    healthcheck:\n"
                                     "      test: [\"CMD\", \"pg_isready\"]\n"
                                     "  web:\n    image: app\n    depends_on:\n"
                                     "      db: {condition: service_healthy}\n",
                                     NULL);

  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].dependsOn[0].condition"), ==, "HEALTHY");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].links[0]"), ==, "db");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].healthCheck.command[1]"), ==, "pg_isready");
  assert_no_warnings (r);
}

static void
test_links_names (void)
{
  g_autoptr(Result) r = export_text ("services:\n"
                                     "  my.db:\n    image: postgres\n"
                                     "  web:\n    image: app\n    depends_on: [my.db]\n"
                                     "    volumes_from: [\"my.db:ro\"]\n",
                                     NULL);

  /* ECS names have no dots; the task definition renames consistently. */
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].name"), ==, "my_db");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].links[0]"), ==, "my_db");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].dependsOn[0].containerName"), ==, "my_db");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].volumesFrom[0].sourceContainer"), ==, "my_db");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].volumesFrom[0].readOnly"), ==, "true");
  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.links[0]"), ==, "my.db");
  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.volumes_from[0]"), ==, "my.db:ro");
  assert_warning (r, FLT_AWS_ISSUE_NAME, "services[\"my.db\"]");
}

/* ------------------------------------------------------------------ */
/* Environment and env_file                                           */

typedef struct
{
  const char *name;
  const char *files[3];       /* NAME, CONTENT, NULL: env files in the project folder */
  const char *lines;          /* web's keys */
  const char *process;        /* NAME=VALUE of the process environment, or NULL */
  const char *task;           /* the task definition's environment, NAME=VALUE joined with "," */
  const char *compose;        /* aws-compose's environment, NAME=VALUE (NAME=~ for none) */
  int issue;
} EnvCase;

static const EnvCase env_cases[] = {
  { "file", { "a.env", "A=1\nB=two words\n", NULL }, "    env_file: a.env\n", NULL,
    "A=1,B=two words", "A=1,B=two words", -1 },
  { "environment-wins", { "a.env", "A=1\nB=2\n", NULL }, "    env_file: [a.env]\n    environment: {B: \"3\", C: c}\n",
    NULL, "A=1,B=3,C=c", "A=1,B=3,C=c", -1 },
  { "interpolated", { "a.env", "URL=http://${HOST:-localhost}:${PORT}\n", NULL }, "    env_file: a.env\n",
    "PORT=8080", "URL=http://localhost:8080", "URL=http://localhost:8080", -1 },
  { "optional-missing", { NULL }, "    env_file:\n      - path: missing.env\n        required: false\n"
    "    environment: [X=1]\n", NULL, "X=1", "X=1", -1 },
  { "from-shell", { NULL }, "    environment: [TOKEN]\n", "TOKEN=abc", "TOKEN=abc", "TOKEN=~", -1 },
  { "unset", { NULL }, "    environment: [TOKEN]\n", NULL, "TOKEN=", "TOKEN=~", FLT_AWS_ISSUE_ENVIRONMENT },
  { "dollar", { NULL }, "    environment:\n      PASSWORD: \"pa$$word\"\n", NULL,
    "PASSWORD=pa$word", "PASSWORD=pa$$word", -1 },
  { "unreadable", { "bad.env", "A=\"never closed\n", NULL }, "    env_file: bad.env\n    environment: [X=1]\n",
    NULL, "X=1", "X=1", FLT_AWS_ISSUE_ENV_FILE },
};

static char *
compose_environment (Result *r)
{
  const FltNode *node = flt_document_lookup (r->files[COMPOSE], "services.web.environment", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; node != NULL && i < node->n_items; i++)
    {
      const FltNode *value = flt_node_value (node, i);
      g_autofree char *pair = g_strdup_printf ("%s=%s", flt_node_key (node, i)->value,
                                               value->is_null ? "~" : value->value);

      g_strv_builder_add (builder, pair);
    }
  parts = g_strv_builder_end (builder);
  return g_strjoinv (",", parts);
}

static void
test_environment (gconstpointer data)
{
  const EnvCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flt-aws-env-XXXXXX", &error);
  g_autofree char *text = web_with (c->lines, NULL);
  g_auto(GStrv) env = c->process ? g_strsplit (c->process, "=", 2) : NULL;
  g_autoptr(FltProject) project = NULL;
  g_autoptr(Result) r = NULL;
  g_autofree char *task = NULL;
  g_autofree char *compose = NULL;

  g_assert_no_error (error);
  for (guint i = 0; c->files[i] != NULL; i += 2)
    {
      g_autofree char *path = g_build_filename (dir, c->files[i], NULL);

      g_file_set_contents (path, c->files[i + 1], -1, &error);
      g_assert_no_error (error);
    }

  project = load_project (text, dir, (const char * const *) env);
  r = export_project (project, NULL);
  task = joined (r, TASKDEF, "containerDefinitions[0].environment", "name", "value");
  compose = compose_environment (r);

  g_assert_cmpstr (task, ==, c->task);
  g_assert_cmpstr (compose, ==, c->compose);
  if (c->issue >= 0)
    assert_warning (r, c->issue, c->issue == FLT_AWS_ISSUE_ENVIRONMENT ? "services.web.environment[0]"
                                                                      : "services.web.env_file");
  else
    assert_no_warnings (r);

  for (guint i = 0; c->files[i] != NULL; i += 2)
    {
      g_autofree char *path = g_build_filename (dir, c->files[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Health checks                                                      */

typedef struct
{
  const char *healthcheck;    /* web's healthcheck keys, indented 6 */
  const char *command;        /* healthCheck.command joined with "|", or NULL for none */
  const char *interval;
  const char *timeout;
  const char *retries;
  const char *start_period;
  const char *params_interval;/* ecs-params healthcheck.interval */
  int issue;
} HealthCase;

static const HealthCase health_cases[] = {
  { "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/\"]\n      interval: 30s\n      timeout: 5s\n"
    "      retries: 3\n      start_period: 1m\n",
    "CMD|curl|-f|http://localhost/", "30", "5", "3", "60", "30s", -1 },
  { "      test: curl -f http://localhost/\n", "CMD-SHELL|curl -f http://localhost/", NULL, NULL, NULL, NULL, NULL, -1 },
  { "      test: [\"CMD\", \"true\"]\n      interval: 1500ms\n", "CMD|true", "5", NULL, NULL, NULL, "5s",
    FLT_AWS_ISSUE_HEALTHCHECK },
  { "      test: [\"CMD\", \"true\"]\n      timeout: 90s\n      retries: 0\n", "CMD|true", NULL, "60", "1", NULL, NULL,
    FLT_AWS_ISSUE_HEALTHCHECK },
  { "      disable: true\n", NULL, NULL, NULL, NULL, NULL, NULL, -1 },
  { "      test: [\"NONE\"]\n", NULL, NULL, NULL, NULL, NULL, NULL, -1 },
  { "      interval: 10s\n", NULL, NULL, NULL, NULL, NULL, NULL, FLT_AWS_ISSUE_HEALTHCHECK },
};

static void
test_healthcheck (gconstpointer data)
{
  const HealthCase *c = data;
  g_autofree char *lines = g_strdup_printf ("    healthcheck:\n%s", c->healthcheck);
  g_autofree char *text = web_with (lines, NULL);
  g_autoptr(Result) r = export_text (text, NULL);
  const FltNode *command = flt_document_lookup (r->files[TASKDEF], "containerDefinitions[0].healthCheck.command", NULL);
  g_autofree char *joined_command = NULL;

  if (command != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) parts = NULL;

      for (guint i = 0; i < command->n_items; i++)
        g_strv_builder_add (builder, command->items[i]->value);
      parts = g_strv_builder_end (builder);
      joined_command = g_strjoinv ("|", parts);
    }

  g_assert_cmpstr (joined_command, ==, c->command);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].healthCheck.interval"), ==, c->interval);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].healthCheck.timeout"), ==, c->timeout);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].healthCheck.retries"), ==, c->retries);
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].healthCheck.startPeriod"), ==, c->start_period);
  g_assert_cmpstr (value_at (r, PARAMS, "task_definition.services.web.healthcheck.interval"), ==, c->params_interval);
  if (c->issue >= 0)
    g_assert_nonnull (find_warning (r, c->issue));
  else
    assert_no_warnings (r);
}

/* ------------------------------------------------------------------ */
/* The other fields                                                   */

typedef struct
{
  const char *lines;          /* web's keys */
  FltAwsFile file;
  const char *path;
  const char *value;
} FieldCase;

static const FieldCase field_cases[] = {
  { "    command: python app.py\n", COMPOSE, "services.web.command", "python app.py" },
  { "    command: python app.py\n", TASKDEF, "containerDefinitions[0].command[1]", "app.py" },
  { "    command: [\"sh\", \"-c\", \"echo $$HOME\"]\n", COMPOSE, "services.web.command[2]", "echo $$HOME" },
  { "    command: [\"sh\", \"-c\", \"echo $$HOME\"]\n", TASKDEF, "containerDefinitions[0].command[2]", "echo $HOME" },
  { "    entrypoint: /entry.sh\n", TASKDEF, "containerDefinitions[0].entryPoint[0]", "/entry.sh" },
  { "    working_dir: /app\n", TASKDEF, "containerDefinitions[0].workingDirectory", "/app" },
  { "    user: \"1000\"\n", COMPOSE, "services.web.user", "1000" },
  { "    hostname: front\n", TASKDEF, "containerDefinitions[0].hostname", "front" },
  { "    privileged: true\n", TASKDEF, "containerDefinitions[0].privileged", "true" },
  { "    read_only: true\n", TASKDEF, "containerDefinitions[0].readonlyRootFilesystem", "true" },
  { "    tty: true\n", TASKDEF, "containerDefinitions[0].pseudoTerminal", "true" },
  { "    stdin_open: true\n", TASKDEF, "containerDefinitions[0].interactive", "true" },
  { "    extra_hosts: [\"db.local:10.0.0.2\"]\n", TASKDEF, "containerDefinitions[0].extraHosts[0].ipAddress", "10.0.0.2" },
  { "    extra_hosts: {db.local: 10.0.0.2}\n", COMPOSE, "services.web.extra_hosts[0]", "db.local:10.0.0.2" },
  { "    ulimits: {nofile: {soft: 1024, hard: 4096}}\n", TASKDEF, "containerDefinitions[0].ulimits[0].hardLimit", "4096" },
  { "    ulimits: {nproc: 512}\n", TASKDEF, "containerDefinitions[0].ulimits[0].softLimit", "512" },
  { "    ulimits: {nproc: 512}\n", COMPOSE, "services.web.ulimits.nproc", "512" },
  { "    logging: {driver: awslogs, options: {awslogs-group: /ecs/web}}\n", TASKDEF,
    "containerDefinitions[0].logConfiguration.logDriver", "awslogs" },
  { "    logging: {driver: awslogs, options: {awslogs-group: /ecs/web}}\n", TASKDEF,
    "containerDefinitions[0].logConfiguration.options[\"awslogs-group\"]", "/ecs/web" },
  /* The legacy format's spelling of logging, which ecs-cli validates. */
  { "    logging: {driver: awslogs, options: {awslogs-group: /ecs/web}}\n", COMPOSE,
    "services.web.log_driver", "awslogs" },
  { "    labels: [\"com.example.tier=front\"]\n", TASKDEF,
    "containerDefinitions[0].dockerLabels[\"com.example.tier\"]", "front" },
  { "    dns: 8.8.8.8\n", TASKDEF, "containerDefinitions[0].dnsServers[0]", "8.8.8.8" },
  { "    cap_add: [NET_ADMIN]\n", TASKDEF, "containerDefinitions[0].linuxParameters.capabilities.add[0]", "NET_ADMIN" },
  { "    init: true\n", TASKDEF, "containerDefinitions[0].linuxParameters.initProcessEnabled", "true" },
  { "    init: true\n", PARAMS, "task_definition.services.web.init_process_enabled", "true" },
  { "    security_opt: [\"no-new-privileges:true\"]\n", TASKDEF,
    "containerDefinitions[0].dockerSecurityOptions[0]", "no-new-privileges:true" },
};

static void
test_fields (gconstpointer data)
{
  const FieldCase *c = data;
  g_autofree char *text = web_with (c->lines, NULL);
  g_autoptr(Result) r = export_text (text, NULL);

  g_assert_cmpstr (value_at (r, c->file, c->path), ==, c->value);
  assert_no_warnings (r);
}

/* ------------------------------------------------------------------ */
/* What does not carry over                                           */

typedef struct
{
  const char *lines;          /* web's keys */
  const char *top;
  FltAwsIssue issue;
  const char *path;
} WarningCase;

static const WarningCase warning_cases[] = {
  { "    build: .\n", NULL, FLT_AWS_ISSUE_BUILD, "services.web.build" },
  { "    networks: [back]\n", "networks:\n  back: {}\n", FLT_AWS_ISSUE_NETWORKS, "services.web.networks" },
  { "    networks:\n      default:\n        aliases: [www]\n", NULL, FLT_AWS_ISSUE_NETWORKS, "services.web.networks" },
  { "    network_mode: host\n", NULL, FLT_AWS_ISSUE_NETWORK_MODE, "services.web.network_mode" },
  { "    restart: unless-stopped\n", NULL, FLT_AWS_ISSUE_RESTART, "services.web.restart" },
  { "    deploy:\n      replicas: 1\n", NULL, FLT_AWS_ISSUE_DEPLOY, "services.web.deploy" },
  { "    container_name: front\n", NULL, FLT_AWS_ISSUE_CONTAINER_NAME, "services.web.container_name" },
  { "    secrets: [key]\n", "secrets:\n  key:\n    file: /etc/hostname\n", FLT_AWS_ISSUE_SECRETS, "services.web.secrets" },
  { "    stop_grace_period: 20s\n", NULL, FLT_AWS_ISSUE_UNSUPPORTED, "services.web.stop_grace_period" },
  { "    logging: {driver: none}\n", NULL, FLT_AWS_ISSUE_LOGGING, "services.web.logging" },
  { "    ulimits: {bogus: 1}\n", NULL, FLT_AWS_ISSUE_ULIMIT, "services.web.ulimits.bogus" },
  { "    volumes_from: [\"container:other\"]\n", NULL, FLT_AWS_ISSUE_LINK, "services.web.volumes_from[0]" },
  { "    extra_hosts: [\"v6=::1\"]\n", NULL, FLT_AWS_ISSUE_UNSUPPORTED, "services.web.extra_hosts" },
};

static void
test_warnings (gconstpointer data)
{
  const WarningCase *c = data;
  g_autofree char *text = web_with (c->lines, c->top);
  g_autoptr(Result) r = export_text (text, NULL);
  const FltAwsWarning *w;

  assert_warning (r, c->issue, c->path);
  w = find_warning (r, c->issue);
  g_assert_cmpstr (w->service, ==, "web");
  g_assert_cmpuint (flt_aws_export_get_warnings (r->export)->len, ==, 1);
}

static void
test_warnings_build_only (void)
{
  g_autoptr(Result) r = export_text ("services:\n  web:\n    build: ./web\n", NULL);

  /* The name docker compose gives the image it builds, as a placeholder. */
  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.image"), ==, "demo-web");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[0].image"), ==, "demo-web");
  g_assert_null (value_at (r, COMPOSE, "services.web.build"));
  assert_warning (r, FLT_AWS_ISSUE_NO_IMAGE, "services.web.build");
}

static void
test_warnings_profile (void)
{
  g_autoptr(Result) r = export_text ("services:\n  web:\n    image: nginx\n"
                                     "  debug:\n    image: busybox\n    profiles: [dev]\n",
                                     NULL);

  g_assert_cmpuint (flt_aws_export_get_n_containers (r->export), ==, 1);
  g_assert_null (value_at (r, COMPOSE, "services.debug.image"));
  assert_warning (r, FLT_AWS_ISSUE_PROFILE, "services.debug");
}

static void
test_warnings_too_many (void)
{
  GString *text = g_string_new ("services:\n");
  g_autoptr(Result) r = NULL;

  for (guint i = 0; i < 11; i++)
    g_string_append_printf (text, "  s%u:\n    image: x\n%s", i, i > 0 ? "    depends_on: [s0]\n" : "");
  r = export_text (text->str, NULL);
  g_string_free (text, TRUE);

  /* Still written, and said. */
  g_assert_cmpuint (count_at (r, TASKDEF, "containerDefinitions"), ==, 11);
  assert_warning (r, FLT_AWS_ISSUE_TOO_MANY, "services");
  g_assert_nonnull (strstr (find_warning (r, FLT_AWS_ISSUE_TOO_MANY)->diagnostic->message, "11"));
}

/* ------------------------------------------------------------------ */
/* The tutorial                                                       */

static char *
source_file (const char *name)
{
  const char *dir = g_getenv ("FLOTILLA_SOURCE_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "data", "examples", "foodtrucks", name, NULL);
}

/* The file without its comment lines. */
static char *
without_comments (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '#' || (lines[i][0] == '\0' && lines[i + 1] == NULL))
        continue;
      g_string_append_printf (out, "%s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

static void
assert_same_tree (const FltNode *a,
                  const FltNode *b)
{
  g_assert_cmpint (a->kind, ==, b->kind);
  if (a->kind == FLT_NODE_SCALAR)
    {
      g_assert_cmpstr (a->value, ==, b->value);
      return;
    }
  g_assert_cmpuint (a->n_items, ==, b->n_items);
  for (guint i = 0; i < a->n_items; i++)
    {
      if (a->kind == FLT_NODE_MAPPING)
        {
          g_assert_cmpstr (flt_node_key (a, i)->value, ==, flt_node_key (b, i)->value);
          assert_same_tree (flt_node_value (a, i), flt_node_value (b, i));
        }
      else
        assert_same_tree (a->items[i], b->items[i]);
    }
}

/* What the tutorial deploys: es, and web publishing 80:5000 and depending
 * on es; with its defaults, the export is its aws-compose.yml. */
static void
test_tutorial (void)
{
  g_autofree char *path = source_file ("aws-compose.yml");
  g_autofree char *expected = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FltTree) want = NULL;
  g_autoptr(FltTree) got = NULL;
  g_autoptr(FltAwsOptions) options = flt_aws_options_new ();
  g_autoptr(Result) r = NULL;
  const char *text;

  flt_aws_options_set_cpu_shares (options, 100);
  flt_aws_options_set_mem_limit (options, 262144000);
  r = export_text ("services:\n"
                   "  es:\n    image: elasticsearch\n"
                   "  web:\n    image: prakhar1989/foodtrucks-web\n"
                   "    ports:\n      - \"80:5000\"\n"
                   "    depends_on:\n      - es\n",
                   options);
  text = flt_aws_export_get_text (r->export, COMPOSE);

  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  want = flt_tree_parse (expected, strlen (expected), "tutorial", NULL, &error);
  g_assert_no_error (error);
  got = flt_tree_parse (text, strlen (text), "export", NULL, &error);
  g_assert_no_error (error);

  /* Key by key, in the same order... */
  assert_same_tree (flt_tree_get_root (want), flt_tree_get_root (got));
  /* ...and even byte for byte, comments aside. */
  stripped = without_comments (expected);
  g_assert_cmpstr (text, ==, stripped);

  assert_no_warnings (r);
  g_assert_cmpstr (value_at (r, TASKDEF, "family"), ==, "demo");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].memory"), ==, "250");
  g_assert_cmpstr (value_at (r, TASKDEF, "containerDefinitions[1].links[0]"), ==, "es");
  g_assert_cmpstr (value_at (r, PARAMS, "task_definition.ecs_network_mode"), ==, "bridge");
  g_assert_cmpstr (value_at (r, PARAMS, "task_definition.services.es.essential"), ==, "true");
}

/* The tutorial's docker-compose.yml itself: the export says what it drops
 * and why, and the host port can be set to 80. */
static void
test_foodtrucks_example (void)
{
  g_autofree char *path = source_file ("docker-compose.yml");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) doc = flt_document_new_for_path (path, &error);
  g_autoptr(FltAwsOptions) options = flt_aws_options_new ();
  g_autoptr(FltProject) project = NULL;
  g_autoptr(Result) r = NULL;
  FltProjectOptions project_options = { 0 };
  const FltAwsWarning *bind;

  g_assert_no_error (error);
  project_options.environment = flt_environment_new ();
  project = flt_project_new (&doc, 1, &project_options);
  g_object_unref (project_options.environment);

  flt_aws_options_set_host_port (options, "web", 5000, 80);
  r = export_project (project, options);

  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.ports[0]"), ==, "80:5000");
  g_assert_cmpstr (value_at (r, COMPOSE, "services.web.command"), ==, "python app.py");
  g_assert_null (value_at (r, COMPOSE, "services.web.volumes[0]"));
  g_assert_cmpstr (value_at (r, TASKDEF, "family"), ==, "foodtrucks");

  bind = find_warning (r, FLT_AWS_ISSUE_LOCAL_BIND);
  g_assert_nonnull (bind);
  g_assert_cmpstr (bind->service, ==, "web");
  g_assert_cmpstr (bind->diagnostic->path, ==, "services.web.volumes[0]");
  g_assert_true (g_str_has_suffix (bind->diagnostic->file, "docker-compose.yml"));
  g_assert_cmpuint (bind->diagnostic->line, ==, 14);
  g_assert_nonnull (strstr (bind->diagnostic->message, ".:/code"));
  /* Without depends_on, nothing links web to es. */
  g_assert_nonnull (find_warning (r, FLT_AWS_ISSUE_NO_LINKS));
  g_assert_cmpuint (flt_aws_export_get_warnings (r->export)->len, ==, 2);
}

/* ------------------------------------------------------------------ */
/* Opening aws-compose.yml                                            */

static void
test_round_trip (void)
{
  g_autofree char *path = source_file ("aws-compose.yml");
  g_autofree char *original = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(FltProject) project = NULL;

  g_file_get_contents (path, &original, NULL, &error);
  g_assert_no_error (error);
  doc = flt_document_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_true (flt_document_is_legacy (doc));

  project = flt_project_new (&doc, 1, &(FltProjectOptions) { 0 });
  assert_no_errors (project);
  g_assert_cmpint (flt_service_get_mem_limit (flt_project_get_service (project, "web")), ==, 262144000);

  dir = g_dir_make_tmp ("flt-aws-rt-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (dir, "aws-compose.yml", NULL);
  flt_document_save_to_path (doc, copy, FLT_SAVE_NONE, &error);
  g_assert_no_error (error);
  g_file_get_contents (copy, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, original);

  g_unlink (copy);
  g_rmdir (dir);
}

/* What the export writes opens again as a project without errors, and
 * exports to the same file. */
static void
test_reopen_export (void)
{
  g_autoptr(Result) first = export_text ("services:\n"
                                         "  db:\n    image: postgres\n    volumes: [\"data:/var/lib/postgresql/data\"]\n"
                                         "    environment: {POSTGRES_PASSWORD: \"pa$$s\", EMPTY: \"\"}\n"
                                         "  web:\n    image: app\n    depends_on: [db]\n    ports: [\"80:8000\"]\n"
                                         "    logging: {driver: awslogs, options: {awslogs-group: /ecs/web}}\n"
                                         "    ulimits: {nofile: {soft: 1024, hard: 2048}}\n"
                                         "volumes:\n  data: {}\n",
                                         NULL);
  const char *text = flt_aws_export_get_text (first->export, COMPOSE);
  g_autoptr(FltDocument) doc = flt_document_new (text, -1, "compose.yaml");
  g_autoptr(FltProject) project = NULL;
  g_autoptr(Result) second = NULL;
  FltProjectOptions options = { 0 };

  g_assert_true (flt_document_is_legacy (doc));
  options.environment = flt_environment_new ();
  options.project_name = "demo";
  options.project_directory = "/tmp/flt-aws-test";
  project = flt_project_new (&doc, 1, &options);
  g_object_unref (options.environment);

  second = export_project (project, NULL);
  g_assert_cmpstr (flt_aws_export_get_text (second->export, COMPOSE), ==, text);
  /* depends_on lives in ecs-params.yml; aws-compose.yml has its link. */
  g_assert_cmpstr (value_at (first, TASKDEF, "containerDefinitions[1].dependsOn[0].containerName"), ==, "db");
  g_assert_null (value_at (second, TASKDEF, "containerDefinitions[1].dependsOn[0].containerName"));
  g_assert_cmpstr (value_at (second, TASKDEF, "containerDefinitions[1].links[0]"), ==, "db");
  g_assert_cmpstr (value_at (second, TASKDEF, "containerDefinitions[1].logConfiguration.logDriver"), ==, "awslogs");
  g_assert_cmpstr (value_at (second, TASKDEF, "containerDefinitions[1].ulimits[0].hardLimit"), ==, "2048");
  g_assert_cmpstr (value_at (second, TASKDEF, "volumes[0].name"), ==, "data");
  g_assert_cmpstr (value_at (second, TASKDEF, "containerDefinitions[0].environment[0].value"), ==, "pa$s");
}

/* ------------------------------------------------------------------ */
/* The API around it                                                  */

static void
test_options (void)
{
  g_autoptr(FltAwsOptions) options = flt_aws_options_new ();
  g_autoptr(FltAwsOptions) copy = NULL;

  g_assert_cmpint (flt_aws_options_get_cpu_shares (options), ==, 100);
  g_assert_cmpint (flt_aws_options_get_mem_limit (options), ==, 262144000);
  g_assert_null (flt_aws_options_get_family (options));

  flt_aws_options_set_host_port (options, "web", 5000, 80);
  flt_aws_options_set_host_port (options, "web", 5000, 8080);
  flt_aws_options_set_host_port (options, "api", 3000, 3001);
  flt_aws_options_set_family (options, "shop");
  copy = flt_aws_options_copy (options);
  flt_aws_options_set_host_port (options, "web", 5000, 0);

  g_assert_cmpuint (flt_aws_options_get_host_port (options, "web", 5000), ==, 0);
  g_assert_cmpuint (flt_aws_options_get_host_port (options, "api", 3000), ==, 3001);
  g_assert_cmpuint (flt_aws_options_get_host_port (copy, "web", 5000), ==, 8080);
  g_assert_cmpstr (flt_aws_options_get_family (copy), ==, "shop");
  flt_aws_options_set_family (copy, "");
  g_assert_null (flt_aws_options_get_family (copy));
}

static void
test_family_option (void)
{
  g_autoptr(FltAwsOptions) options = flt_aws_options_new ();
  g_autoptr(Result) r = NULL;

  flt_aws_options_set_family (options, "ecscompose-foodtrucks");
  r = export_text ("services:\n  web:\n    image: nginx\n", options);
  g_assert_cmpstr (value_at (r, TASKDEF, "family"), ==, "ecscompose-foodtrucks");
  g_assert_cmpstr (flt_aws_export_get_family (r->export), ==, "ecscompose-foodtrucks");
}

static void
test_errors (void)
{
  g_autoptr(FltProject) invalid = load_project ("services:\n  web:\n    image: nginx\n    prots: []\n", NULL, NULL);
  g_autoptr(FltProject) empty = load_project ("services:\n  web:\n    image: nginx\n    profiles: [dev]\n", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltAwsExport) e1 = NULL;
  g_autoptr(FltAwsExport) e2 = NULL;

  e1 = flt_aws_export_new (invalid, NULL, &error);
  g_assert_null (e1);
  g_assert_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_INVALID);
  g_clear_error (&error);

  e2 = flt_aws_export_new (empty, NULL, &error);
  g_assert_null (e2);
  g_assert_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_NO_SERVICES);
}

static void
test_escape_dollars (void)
{
  g_autofree char *a = _flt_aws_escape_dollars ("no dollar");
  g_autofree char *b = _flt_aws_escape_dollars ("$HOME and $$");
  g_autofree char *c = _flt_aws_format_seconds (90);

  g_assert_cmpstr (a, ==, "no dollar");
  g_assert_cmpstr (b, ==, "$$HOME and $$$$");
  g_assert_cmpstr (c, ==, "90s");
}

/* ------------------------------------------------------------------ */
/* Writing                                                            */

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

static GStrv
list_folder (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_strv_builder_add (builder, name);
  names = g_strv_builder_end (builder);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return g_steal_pointer (&names);
}

static void
remove_tree (const char *dir)
{
  g_auto(GStrv) names = list_folder (dir);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flt-aws-write-XXXXXX", &error);
  g_autofree char *out = g_build_filename (dir, "new", "folder", NULL);
  g_autofree char *compose = g_build_filename (out, "aws-compose.yml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(Result) r = export_text ("services:\n  web:\n    image: nginx\n", NULL);
  g_auto(GStrv) written = NULL;
  g_auto(GStrv) names = NULL;
  const char * const expected[] = { "aws-compose.yml", "ecs-params.yml", "task-definition.json", NULL };

  g_assert_no_error (error);

  /* The folder is made; the three files are written, nothing else. */
  g_assert_true (flt_aws_export_write (r->export, out, FLT_AWS_FILES_ALL, FLT_AWS_WRITE_NONE, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, 3);
  g_assert_cmpstr (written[0], ==, compose);
  names = list_folder (out);
  g_assert_cmpstrv (names, expected);
  contents = read_file (compose);
  g_assert_cmpstr (contents, ==, flt_aws_export_get_text (r->export, COMPOSE));
  g_clear_pointer (&written, g_strfreev);

  /* The same content again is no conflict... */
  g_assert_true (flt_aws_export_write (r->export, out, FLT_AWS_FILES_ALL, FLT_AWS_WRITE_KEEP_EXISTING, NULL, &error));
  g_assert_no_error (error);

  /* ...another is, and nothing is written then. */
  g_file_set_contents (compose, "mine: {}\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (flt_aws_export_write (r->export, out, FLT_AWS_FILES_ALL, FLT_AWS_WRITE_KEEP_EXISTING,
                                        &written, &error));
  g_assert_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, compose));
  g_assert_cmpuint (g_strv_length (written), ==, 0);
  g_clear_pointer (&written, g_strfreev);
  g_clear_error (&error);
  g_free (contents);
  contents = read_file (compose);
  g_assert_cmpstr (contents, ==, "mine: {}\n");

  /* Without the flag it is replaced; one file only when asked. */
  g_assert_true (flt_aws_export_write (r->export, out, 1u << FLT_AWS_FILE_COMPOSE, FLT_AWS_WRITE_NONE,
                                       &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (written), ==, 1);
  g_free (contents);
  contents = read_file (compose);
  g_assert_cmpstr (contents, ==, flt_aws_export_get_text (r->export, COMPOSE));

  remove_tree (dir);
}

static void
test_write_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flt-aws-write-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *below = g_build_filename (file, "sub", NULL);
  g_autofree char *source = g_build_filename (dir, "aws-compose.yml", NULL);
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(FltProject) project = NULL;
  g_autoptr(Result) r = export_text ("services:\n  web:\n    image: nginx\n", NULL);
  g_autoptr(Result) own = NULL;

  g_assert_no_error (error);
  g_file_set_contents (file, "x", -1, &error);
  g_assert_no_error (error);

  /* A folder that cannot be made: the error names it. */
  g_assert_false (flt_aws_export_write (r->export, below, FLT_AWS_FILES_ALL, FLT_AWS_WRITE_NONE, NULL, &error));
  g_assert_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_FOLDER);
  g_assert_nonnull (strstr (error->message, below));
  g_clear_error (&error);

  /* Exporting a project read from aws-compose.yml next to itself would
   * replace its own file. */
  g_file_set_contents (source, "web:\n  image: nginx\n", -1, &error);
  g_assert_no_error (error);
  doc = flt_document_new_for_path (source, &error);
  g_assert_no_error (error);
  project = flt_project_new (&doc, 1, &(FltProjectOptions) { 0 });
  own = export_project (project, NULL);
  g_assert_false (flt_aws_export_write (own->export, dir, FLT_AWS_FILES_ALL, FLT_AWS_WRITE_NONE, NULL, &error));
  g_assert_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_SOURCE);
  g_assert_nonnull (strstr (error->message, source));
  g_clear_error (&error);
  /* Untouched, and the other files were not written either. */
  g_assert_true (g_file_test (source, G_FILE_TEST_EXISTS));
  {
    g_autofree char *contents = read_file (source);
    g_autofree char *params = g_build_filename (dir, "ecs-params.yml", NULL);

    g_assert_cmpstr (contents, ==, "web:\n  image: nginx\n");
    g_assert_false (g_file_test (params, G_FILE_TEST_EXISTS));
  }
  /* The task definition alone is fine. */
  g_assert_true (flt_aws_export_write (own->export, dir, 1u << FLT_AWS_FILE_TASK_DEFINITION,
                                       FLT_AWS_WRITE_NONE, NULL, &error));
  g_assert_no_error (error);

  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* Off the main thread                                                */

typedef struct
{
  GMainLoop *loop;
  FltAwsExport *export;
  GStrv written;
  GError *error;
  gboolean ok;
} AsyncData;

static void
export_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncData *data = user_data;

  data->export = flt_aws_export_new_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
write_ready (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncData *data = user_data;

  data->ok = flt_aws_export_write_finish (FLT_AWS_EXPORT (source), result, &data->written, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flt-aws-async-XXXXXX", &error);
  g_autoptr(FltProject) project = load_project ("services:\n  web:\n    image: nginx\n    ports: [\"5000\"]\n",
                                                NULL, NULL);
  g_autoptr(FltAwsOptions) options = flt_aws_options_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  AsyncData data = { loop, NULL, NULL, NULL, FALSE };

  g_assert_no_error (error);
  flt_aws_options_set_host_port (options, "web", 5000, 80);
  flt_aws_export_new_async (project, options, NULL, export_ready, &data);
  /* The options were copied: changing them now changes nothing. */
  flt_aws_options_set_host_port (options, "web", 5000, 0);
  g_main_loop_run (loop);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.export);
  g_assert_nonnull (strstr (flt_aws_export_get_text (data.export, COMPOSE), "\"80:5000\""));

  flt_aws_export_write_async (data.export, dir, FLT_AWS_FILES_ALL, FLT_AWS_WRITE_NONE, NULL, write_ready, &data);
  g_main_loop_run (loop);
  g_assert_no_error (data.error);
  g_assert_true (data.ok);
  g_assert_cmpuint (g_strv_length (data.written), ==, 3);
  g_clear_pointer (&data.written, g_strfreev);

  /* Cancelled before it starts: an error, and no export. */
  g_cancellable_cancel (cancelled);
  g_clear_object (&data.export);
  flt_aws_export_new_async (project, NULL, cancelled, export_ready, &data);
  g_main_loop_run (loop);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data.export);
  g_clear_error (&data.error);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aws/memory/mib", test_memory_mib);
  for (guint i = 0; i < G_N_ELEMENTS (memory_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/memory/%u", i);

      g_test_add_data_func (name, &memory_cases[i], test_memory);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cpu_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/cpu/%u", i);

      g_test_add_data_func (name, &cpu_cases[i], test_cpu);
    }
  for (guint i = 0; i < G_N_ELEMENTS (port_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/ports/%u", i);

      g_test_add_data_func (name, &port_cases[i], test_ports);
    }
  for (guint i = 0; i < G_N_ELEMENTS (volume_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/volumes/%u", i);

      g_test_add_data_func (name, &volume_cases[i], test_volumes);
    }
  g_test_add_func ("/aws/volumes/shared-host-path", test_volumes_shared_host_path);
  for (guint i = 0; i < G_N_ELEMENTS (link_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/links/%s", link_cases[i].name);

      g_test_add_data_func (name, &link_cases[i], test_links);
    }
  g_test_add_func ("/aws/links/completed-dependency", test_links_completed_dependency);
  g_test_add_func ("/aws/links/healthy-dependency", test_links_healthy_dependency);
  g_test_add_func ("/aws/links/names", test_links_names);
  for (guint i = 0; i < G_N_ELEMENTS (env_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/env-file/%s", env_cases[i].name);

      g_test_add_data_func (name, &env_cases[i], test_environment);
    }
  for (guint i = 0; i < G_N_ELEMENTS (health_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/healthcheck/%u", i);

      g_test_add_data_func (name, &health_cases[i], test_healthcheck);
    }
  for (guint i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/fields/%u", i);

      g_test_add_data_func (name, &field_cases[i], test_fields);
    }
  for (guint i = 0; i < G_N_ELEMENTS (warning_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/aws/warnings/%u", i);

      g_test_add_data_func (name, &warning_cases[i], test_warnings);
    }
  g_test_add_func ("/aws/warnings/build-only", test_warnings_build_only);
  g_test_add_func ("/aws/warnings/profile", test_warnings_profile);
  g_test_add_func ("/aws/warnings/too-many", test_warnings_too_many);
  g_test_add_func ("/aws/tutorial", test_tutorial);
  g_test_add_func ("/aws/foodtrucks-example", test_foodtrucks_example);
  g_test_add_func ("/aws/round-trip", test_round_trip);
  g_test_add_func ("/aws/reopen-export", test_reopen_export);
  g_test_add_func ("/aws/options", test_options);
  g_test_add_func ("/aws/family", test_family_option);
  g_test_add_func ("/aws/errors", test_errors);
  g_test_add_func ("/aws/escape-dollars", test_escape_dollars);
  g_test_add_func ("/aws/write", test_write);
  g_test_add_func ("/aws/write-errors", test_write_errors);
  g_test_add_func ("/aws/async", test_async);

  return g_test_run ();
}
