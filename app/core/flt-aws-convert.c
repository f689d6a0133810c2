/* flt-aws-convert.c: the mapping rules of the AWS export — a project's
 * services as ECS containers, and a warning for everything that does not
 * carry over
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-aws-export-private.h"
#include "flt-dotenv.h"
#include "flt-project-private.h"
#include "flt-units.h"

#define MIB G_GINT64_CONSTANT (1048576)
#define NS_PER_SECOND G_GINT64_CONSTANT (1000000000)

/* Docker 20.10 reserves 6 MiB for every container; ECS refuses less. */
#define MIN_CONTAINER_MIB 6

/* Task-level CPU for the EC2 launch type goes from 128 units up. */
#define MIN_TASK_CPU 128

/* A task definition holds at most 10 containers (a quota that cannot be
 * raised). */
#define MAX_CONTAINERS 10

/* ECS's own ranges for health check settings, in seconds. */
#define HEALTH_INTERVAL_MIN 5
#define HEALTH_INTERVAL_MAX 300
#define HEALTH_TIMEOUT_MIN 2
#define HEALTH_TIMEOUT_MAX 60
#define HEALTH_RETRIES_MIN 1
#define HEALTH_RETRIES_MAX 10
#define HEALTH_START_PERIOD_MAX 300

/* The log drivers and ulimits RegisterTaskDefinition accepts. */
static const char * const ecs_log_drivers[] = {
  "json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens", NULL
};
static const char * const ecs_ulimits[] = {
  "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc",
  "rss", "rtprio", "rttime", "sigpending", "stack", NULL
};

/* ------------------------------------------------------------------ */
/* Small conversions, shared with the writers and the tests           */

/* ecs-cli's rule: whole MiB, rounded down (1000000000 bytes are 953). */
gint64
_flt_aws_memory_mib (gint64 bytes)
{
  return bytes > 0 ? bytes / MIB : 0;
}

gint64
_flt_aws_task_cpu (const FltAwsTask *task)
{
  gint64 sum = 0;

  for (guint i = 0; i < task->containers->len; i++)
    sum += ((FltAwsContainer *) g_ptr_array_index (task->containers, i))->cpu;
  return MAX (sum, MIN_TASK_CPU);
}

gint64
_flt_aws_task_memory_mib (const FltAwsTask *task)
{
  gint64 sum = 0;

  for (guint i = 0; i < task->containers->len; i++)
    sum += _flt_aws_memory_mib (((FltAwsContainer *) g_ptr_array_index (task->containers, i))->memory);
  return sum;
}

/* A value read back by a compose reader is interpolated: a literal "$"
 * must be written "$$". */
char *
_flt_aws_escape_dollars (const char *value)
{
  GString *out;

  if (value == NULL || strchr (value, '$') == NULL)
    return g_strdup (value);

  out = g_string_new (NULL);
  for (const char *p = value; *p; p++)
    {
      if (*p == '$')
        g_string_append_c (out, '$');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Seconds as a Go duration, which ecs-cli parses: "90s". */
char *
_flt_aws_format_seconds (gint64 seconds)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);
}

/* ------------------------------------------------------------------ */
/* The model                                                          */

static void
reference_free (FltAwsReference *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->service);
  g_free (ref->container);
  g_free (ref->alias);
  g_free (ref);
}

static void
mount_free (FltAwsMount *mount)
{
  g_free (mount->volume);
  g_free (mount->source);
  g_free (mount->container_path);
  g_free (mount);
}

static void
volume_free (FltAwsVolume *volume)
{
  g_free (volume->name);
  g_free (volume->host_path);
  g_free (volume->driver);
  g_clear_pointer (&volume->driver_opts, g_ptr_array_unref);
  g_clear_pointer (&volume->labels, g_ptr_array_unref);
  g_free (volume);
}

static void
variable_free (FltAwsVariable *variable)
{
  g_free (variable->name);
  g_free (variable->value);
  g_free (variable);
}

static void
ulimit_free (FltAwsUlimit *ulimit)
{
  g_free (ulimit->name);
  g_free (ulimit);
}

static FltKeyValue *
key_value_new (const char *name,
               const char *value)
{
  FltKeyValue *kv = g_new0 (FltKeyValue, 1);

  kv->name = g_strdup (name);
  kv->value = g_strdup (value);
  kv->has_value = value != NULL;
  return kv;
}

static GPtrArray *
key_values_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
}

static void
container_free (FltAwsContainer *c)
{
  g_free (c->service);
  g_free (c->name);
  g_free (c->image);
  g_strfreev (c->command);
  g_strfreev (c->entrypoint);
  g_free (c->working_dir);
  g_free (c->user);
  g_free (c->hostname);
  g_array_unref (c->ports);
  g_ptr_array_unref (c->links);
  g_ptr_array_unref (c->environment);
  g_ptr_array_unref (c->mounts);
  g_ptr_array_unref (c->volumes_from);
  g_ptr_array_unref (c->extra_hosts);
  g_ptr_array_unref (c->ulimits);
  g_free (c->log_driver);
  g_ptr_array_unref (c->log_options);
  g_ptr_array_unref (c->labels);
  g_strfreev (c->dns);
  g_strfreev (c->dns_search);
  g_strfreev (c->cap_add);
  g_strfreev (c->cap_drop);
  g_strfreev (c->security_opt);
  g_strfreev (c->health_test);
  g_ptr_array_unref (c->depends_on);
  g_free (c);
}

static FltAwsContainer *
container_new (void)
{
  FltAwsContainer *c = g_new0 (FltAwsContainer, 1);

  c->memory_reservation = -1;
  c->ports = g_array_new (FALSE, TRUE, sizeof (FltAwsPort));
  c->links = g_ptr_array_new_with_free_func ((GDestroyNotify) reference_free);
  c->environment = g_ptr_array_new_with_free_func ((GDestroyNotify) variable_free);
  c->mounts = g_ptr_array_new_with_free_func ((GDestroyNotify) mount_free);
  c->volumes_from = g_ptr_array_new_with_free_func ((GDestroyNotify) reference_free);
  c->extra_hosts = key_values_new ();
  c->ulimits = g_ptr_array_new_with_free_func ((GDestroyNotify) ulimit_free);
  c->log_options = key_values_new ();
  c->labels = key_values_new ();
  c->privileged = c->read_only = c->tty = c->stdin_open = c->init = -1;
  c->health_interval = c->health_timeout = c->health_start_period = -1;
  c->health_retries = -1;
  c->depends_on = g_ptr_array_new_with_free_func ((GDestroyNotify) reference_free);
  c->essential = TRUE;
  return c;
}

void
_flt_aws_task_free (FltAwsTask *task)
{
  if (task == NULL)
    return;
  g_free (task->family);
  g_ptr_array_unref (task->containers);
  g_ptr_array_unref (task->volumes);
  g_free (task);
}

/* ------------------------------------------------------------------ */
/* From the project to containers                                     */

typedef struct
{
  FltProject *project;
  const FltAwsOptions *options;
  FltAwsTask *task;
  GPtrArray *warnings;
  GHashTable *names;          /* service name → container name, for every exported one */
  GHashTable *exported;       /* service name → FltAwsContainer (borrowed) */
  GHashTable *host_volumes;   /* host path → task volume name (borrowed) */
  GHashTable *named_volumes;  /* volume key → FltAwsVolume (borrowed) */
  guint n_volumes;            /* for volume-N names, as ecs-cli numbers them */
  GArray *host_ports_used;    /* gboolean per options->host_ports entry */
} Builder;

static void warn (Builder       *b,
                  FltAwsIssue    issue,
                  FltService    *service,
                  const FltNode *node,
                  const char    *path,
                  const char    *format,
                  ...) G_GNUC_PRINTF (6, 7);

static void
warn (Builder       *b,
      FltAwsIssue    issue,
      FltService    *service,
      const FltNode *node,
      const char    *path,
      const char    *format,
      ...)
{
  FltAwsWarning *w = g_new0 (FltAwsWarning, 1);
  g_autofree char *message = NULL;
  const FltNode *origin;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (node == NULL && service != NULL)
    node = flt_service_get_node (service);
  if (path == NULL && service != NULL)
    path = flt_service_get_path (service);
  origin = flt_node_get_origin (node);

  w->issue = issue;
  w->service = service ? g_strdup (flt_service_get_name (service)) : NULL;
  if (origin != NULL)
    w->diagnostic = flt_diagnostic_new (FLT_SEVERITY_WARNING, FLT_DIAGNOSTIC_NOT_EXPORTED,
                                        origin->file, &origin->start, &origin->end, path, message);
  else
    w->diagnostic = flt_diagnostic_new (FLT_SEVERITY_WARNING, FLT_DIAGNOSTIC_NOT_EXPORTED,
                                        NULL, NULL, NULL, path, message);
  g_ptr_array_add (b->warnings, w);
}

static const char *
scalar (const FltNode *node)
{
  return flt_node_is_scalar (node) && !node->is_null ? node->value : NULL;
}

static char *
child_path (FltService *service,
            const char *key)
{
  return flt_path_append_key (flt_service_get_path (service), key);
}

/* ECS container and volume names: up to 255 letters, digits, "-" and "_". */
static gboolean
ecs_name_valid (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 255)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
ecs_name (const char *name)
{
  char *copy = g_strndup (name, 255);

  for (char *p = copy; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      *p = '_';
  return copy;
}

/* --- resources --- */

/* cpus: 0.5 is half a vCPU, 512 units. */
static gint64
cpu_units (double cpus)
{
  return (gint64) (cpus * 1024 + 0.5);
}

static void
convert_resources (Builder         *b,
                   FltService      *service,
                   FltAwsContainer *c)
{
  const FltDeploy *deploy = flt_service_get_deploy (service);
  const FltNode *reservation = flt_service_get_field (service, "mem_reservation");
  gint64 bytes;

  if (flt_service_get_cpu_shares (service) >= 0)
    c->cpu = flt_service_get_cpu_shares (service);
  else if (flt_service_get_cpus (service) > 0)
    c->cpu = cpu_units (flt_service_get_cpus (service));
  else if (deploy != NULL && deploy->limits.cpus > 0)
    c->cpu = cpu_units (deploy->limits.cpus);
  else
    c->cpu = flt_aws_options_get_cpu_shares (b->options);

  if (flt_service_get_mem_limit (service) >= 0)
    c->memory = flt_service_get_mem_limit (service);
  else if (deploy != NULL && deploy->limits.memory >= 0)
    c->memory = deploy->limits.memory;
  else
    c->memory = flt_aws_options_get_mem_limit (b->options);

  if (scalar (reservation) != NULL && flt_parse_size (scalar (reservation), &bytes, NULL))
    c->memory_reservation = bytes;
  else if (deploy != NULL && deploy->reservations.memory >= 0)
    c->memory_reservation = deploy->reservations.memory;

  if (_flt_aws_memory_mib (c->memory) < MIN_CONTAINER_MIB)
    {
      g_autofree char *path = child_path (service, "mem_limit");

      /* %lld, not G_GINT64_FORMAT: xgettext stops at the macro, so the
       * message would never be translated. */
      warn (b, FLT_AWS_ISSUE_RESOURCES, service, flt_service_get_field (service, "mem_limit"), path,
            _("the service %s asks for %lld MiB of memory, and ECS needs at least %d MiB "
              "for a container: the export gives it %d MiB — raise its mem_limit"),
            flt_service_get_name (service), (long long) _flt_aws_memory_mib (c->memory), MIN_CONTAINER_MIB,
            MIN_CONTAINER_MIB);
      c->memory = MIN_CONTAINER_MIB * MIB;
    }

  if (c->memory_reservation >= 0 &&
      _flt_aws_memory_mib (c->memory_reservation) > _flt_aws_memory_mib (c->memory))
    {
      g_autofree char *path = child_path (service, "mem_reservation");

      warn (b, FLT_AWS_ISSUE_RESOURCES, service, reservation, path,
            _("the service %s reserves more memory than its limit, which ECS refuses; the "
              "reservation is left out — lower it below mem_limit"),
            flt_service_get_name (service));
      c->memory_reservation = -1;
    }
}

/* --- image --- */

static void
convert_image (Builder         *b,
               FltService      *service,
               FltAwsContainer *c)
{
  const FltBuild *build = flt_service_get_build (service);
  const char *image = flt_service_get_image (service);
  g_autofree char *path = child_path (service, "build");

  if (image != NULL)
    {
      c->image = g_strdup (image);
      if (build != NULL)
        warn (b, FLT_AWS_ISSUE_BUILD, service, build->node, path,
              _("ECS does not build images: build: of the service %s is left out, and ECS pulls "
                "%s from its registry instead — build and push it first (docker compose build, "
                "then docker compose push)"),
              flt_service_get_name (service), image);
      return;
    }

  /* The name docker compose gives the image it builds. */
  c->image = g_strdup_printf ("%s-%s", flt_project_get_name (b->project), flt_service_get_name (service));
  warn (b, FLT_AWS_ISSUE_NO_IMAGE, service, build ? build->node : NULL, build ? path : NULL,
        _("the service %s has build: and no image:, and ECS only pulls images from a registry: "
          "build the image, push it to a registry (Docker Hub or Amazon ECR) and set image: to "
          "its name; the export uses %s in the meantime"),
        flt_service_get_name (service), c->image);
}

/* --- ports --- */

static void
convert_ports (Builder         *b,
               FltService      *service,
               FltAwsContainer *c)
{
  GPtrArray *ports = flt_service_get_ports (service);
  const char *name = flt_service_get_name (service);

  for (guint i = 0; i < ports->len; i++)
    {
      FltPort *p = g_ptr_array_index (ports, i);
      FltAwsPort port = { 0 };
      int override;

      if (!g_str_equal (p->protocol, "tcp") && !g_str_equal (p->protocol, "udp"))
        {
          warn (b, FLT_AWS_ISSUE_PORT_PROTOCOL, service, p->node, p->path,
                _("ECS publishes only TCP and UDP ports: the %s port %u of the service %s is left out"),
                p->protocol, p->target_start, name);
          continue;
        }
      if (p->target_start != p->target_end || p->published_start != p->published_end)
        {
          g_autofree char *text = flt_port_to_string (p);

          warn (b, FLT_AWS_ISSUE_PORT_RANGE, service, p->node, p->path,
                _("ecs-cli cannot publish port ranges: %s of the service %s is left out — "
                  "list the ports one by one"),
                text, name);
          continue;
        }
      if (p->host_ip != NULL)
        warn (b, FLT_AWS_ISSUE_PORT_IP, service, p->node, p->path,
              _("ECS publishes ports on every address of the instance: the address %s of the "
                "service %s’s port %u is left out"),
              p->host_ip, name, p->target_start);

      port.container_port = p->target_start;
      port.host_port = p->published_start;
      port.protocol = g_str_equal (p->protocol, "udp") ? "udp" : "tcp";

      override = _flt_aws_options_find_host_port (b->options, name, port.container_port);
      if (override >= 0)
        {
          port.host_port = g_array_index (b->options->host_ports, HostPort, override).host_port;
          g_array_index (b->host_ports_used, gboolean, override) = TRUE;
        }
      g_array_append_val (c->ports, port);
    }
}

/* --- environment --- */

typedef struct
{
  GPtrArray *list;        /* FltAwsVariable */
  GHashTable *index;      /* name → FltAwsVariable (borrowed) */
} Variables;

static void
set_variable (Variables  *vars,
              const char *name,
              const char *value,
              gboolean    from_shell)
{
  FltAwsVariable *v = g_hash_table_lookup (vars->index, name);

  if (v == NULL)
    {
      v = g_new0 (FltAwsVariable, 1);
      v->name = g_strdup (name);
      g_ptr_array_add (vars->list, v);
      g_hash_table_insert (vars->index, v->name, v);
    }
  g_free (v->value);
  v->value = g_strdup (value);
  v->from_shell = from_shell;
}

static const char *
lookup_variable (const char *name,
                 gpointer    user_data)
{
  return flt_environment_lookup (user_data, name, NULL);
}

static void
convert_env_files (Builder    *b,
                   FltService *service,
                   Variables  *vars)
{
  GPtrArray *files = flt_service_get_env_files (service);
  FltEnvironment *env = flt_project_get_environment (b->project);

  for (guint i = 0; i < files->len; i++)
    {
      FltEnvFile *f = g_ptr_array_index (files, i);
      g_autofree char *path = g_path_is_absolute (f->file)
        ? g_strdup (f->file)
        : g_build_filename (flt_project_get_working_dir (b->project), f->file, NULL);
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GError) error = NULL;
      guint line = 0;

      /* A missing required file is an error of the project already; a
       * missing optional one is what `required: false` is for. */
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      entries = flt_dotenv_parse_file (path, FLT_DOTENV_FLAGS_NONE, lookup_variable, env, &line, &error);
      if (entries == NULL)
        {
          warn (b, FLT_AWS_ISSUE_ENV_FILE, service, f->node, f->path,
                _("the variables of the env file %s are left out of the service %s: %s"),
                f->file, flt_service_get_name (service), error->message);
          continue;
        }

      for (guint j = 0; j < entries->len; j++)
        {
          FltDotenvEntry *e = g_ptr_array_index (entries, j);

          if (e->value != NULL)
            set_variable (vars, e->name, e->value, FALSE);
        }
    }
}

static void
convert_environment (Builder         *b,
                     FltService      *service,
                     FltAwsContainer *c)
{
  GPtrArray *environment = flt_service_get_environment (service);
  FltEnvironment *env = flt_project_get_environment (b->project);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  Variables vars = { c->environment, index };

  /* env_file first: environment wins over it, as in Compose. */
  convert_env_files (b, service, &vars);

  for (guint i = 0; i < environment->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (environment, i);
      FltVariableSource source = FLT_VARIABLE_UNSET;
      const char *value;

      if (kv->has_value)
        {
          set_variable (&vars, kv->name, kv->value, FALSE);
          continue;
        }

      value = flt_environment_lookup (env, kv->name, &source);
      if (value != NULL)
        {
          /* A variable of the shell stays the deployer's to give, as it is
           * for Compose; one from .env is written out, since ecs-cli runs
           * in another folder. */
          set_variable (&vars, kv->name, value, source == FLT_VARIABLE_FROM_ENVIRONMENT);
          continue;
        }
      if (g_hash_table_contains (index, kv->name))
        continue;

      set_variable (&vars, kv->name, "", TRUE);
      warn (b, FLT_AWS_ISSUE_ENVIRONMENT, service, kv->node, kv->path,
            _("the variable %s of the service %s has no value here: task-definition.json gives it "
              "an empty one, and aws-compose.yml leaves it for ecs-cli to take from your shell — "
              "set it before you export or deploy"),
            kv->name, flt_service_get_name (service));
    }
}

/* --- volumes --- */

static gboolean
is_local_path (const char *source)
{
  /* Relative paths and the home folder are this computer's; so are
   * Windows drives. */
  return source[0] != '/' || g_str_has_prefix (source, "//");
}

static const char *
host_volume (Builder    *b,
             const char *host_path)
{
  FltAwsVolume *v;
  const char *name = g_hash_table_lookup (b->host_volumes, host_path);

  if (name != NULL)
    return name;

  v = g_new0 (FltAwsVolume, 1);
  v->name = g_strdup_printf ("volume-%u", b->n_volumes++);
  v->kind = FLT_AWS_VOLUME_HOST;
  v->host_path = g_strdup (host_path);
  g_ptr_array_add (b->task->volumes, v);
  g_hash_table_insert (b->host_volumes, v->host_path, v->name);
  return v->name;
}

static const char *
scratch_volume (Builder *b)
{
  FltAwsVolume *v = g_new0 (FltAwsVolume, 1);

  v->name = g_strdup_printf ("volume-%u", b->n_volumes++);
  v->kind = FLT_AWS_VOLUME_SCRATCH;
  g_ptr_array_add (b->task->volumes, v);
  return v->name;
}

static FltAwsVolume *
named_volume (Builder       *b,
              FltService    *service,
              const FltMount *mnt)
{
  FltAwsVolume *v = g_hash_table_lookup (b->named_volumes, mnt->source);
  FltVolume *volume;
  const FltNode *node;

  if (v != NULL)
    return v;

  volume = flt_project_get_volume (b->project, mnt->source);
  node = volume ? flt_volume_get_node (volume) : NULL;

  v = g_new0 (FltAwsVolume, 1);
  v->name = ecs_name (mnt->source);
  v->kind = FLT_AWS_VOLUME_DOCKER;
  v->external = volume != NULL && flt_volume_get_external (volume);
  v->driver = g_strdup (volume && flt_volume_get_driver (volume) ? flt_volume_get_driver (volume) : "local");
  v->driver_opts = key_values_new ();
  v->labels = key_values_new ();
  if (volume != NULL)
    {
      GPtrArray *opts = flt_key_values_from_node (flt_node_lookup (node, "driver_opts"), NULL, "=");
      GPtrArray *labels = flt_volume_get_labels (volume);

      for (guint i = 0; i < opts->len; i++)
        {
          FltKeyValue *kv = g_ptr_array_index (opts, i);

          g_ptr_array_add (v->driver_opts, key_value_new (kv->name, kv->value ? kv->value : ""));
        }
      g_ptr_array_unref (opts);
      for (guint i = 0; i < labels->len; i++)
        {
          FltKeyValue *kv = g_ptr_array_index (labels, i);

          g_ptr_array_add (v->labels, key_value_new (kv->name, kv->value ? kv->value : ""));
        }
    }
  g_ptr_array_add (b->task->volumes, v);
  g_hash_table_insert (b->named_volumes, g_strdup (mnt->source), v);

  if (v->external)
    warn (b, FLT_AWS_ISSUE_NAMED_VOLUME, service, mnt->node, mnt->path,
          _("the volume %s is external: ECS uses a Docker volume of that name on the instance "
            "that runs the task and creates none — create it there first, or use EFS (efs_volumes "
            "in ecs-params.yml) for data that must survive the instance"),
          mnt->source);
  else
    warn (b, FLT_AWS_ISSUE_NAMED_VOLUME, service, mnt->node, mnt->path,
          _("the volume %s lives on the EC2 instance that runs the task: a task placed on another "
            "instance starts with an empty one — use EFS (efs_volumes in ecs-params.yml) for data "
            "that must be shared or kept"),
          mnt->source);
  return v;
}

static void
convert_mounts (Builder         *b,
                FltService      *service,
                FltAwsContainer *c)
{
  GPtrArray *mounts = flt_service_get_volumes (service);
  const char *name = flt_service_get_name (service);

  for (guint i = 0; i < mounts->len; i++)
    {
      FltMount *mnt = g_ptr_array_index (mounts, i);
      FltAwsMount *m;

      switch (mnt->type)
        {
        case FLT_MOUNT_BIND:
          if (is_local_path (mnt->source))
            {
              warn (b, FLT_AWS_ISSUE_LOCAL_BIND, service, mnt->node, mnt->path,
                    _("the bind mount %s:%s of the service %s is left out: %s is a folder on this "
                      "computer, which the ECS instances do not have — copy what the service needs "
                      "into its image (COPY in the Dockerfile) instead"),
                    mnt->source, mnt->target, name, mnt->source);
              continue;
            }
          m = g_new0 (FltAwsMount, 1);
          m->volume = g_strdup (host_volume (b, mnt->source));
          m->source = g_strdup (mnt->source);
          break;

        case FLT_MOUNT_VOLUME:
          m = g_new0 (FltAwsMount, 1);
          m->volume = g_strdup (named_volume (b, service, mnt)->name);
          m->source = g_strdup (mnt->source);
          break;

        case FLT_MOUNT_ANONYMOUS:
          m = g_new0 (FltAwsMount, 1);
          m->volume = g_strdup (scratch_volume (b));
          break;

        case FLT_MOUNT_TMPFS:
        case FLT_MOUNT_NPIPE:
        case FLT_MOUNT_CLUSTER:
        default:
          warn (b, FLT_AWS_ISSUE_MOUNT, service, mnt->node, mnt->path,
                _("the %s mount at %s of the service %s has no equivalent in aws-compose.yml and "
                  "is left out"),
                flt_mount_type_to_string (mnt->type), mnt->target, name);
          continue;
        }

      m->container_path = g_strdup (mnt->target);
      m->read_only = mnt->read_only;
      g_ptr_array_add (c->mounts, m);
    }
}

/* --- references between services --- */

static FltAwsReference *
reference_new (const char *service,
               const char *container)
{
  FltAwsReference *ref = g_new0 (FltAwsReference, 1);

  ref->service = g_strdup (service);
  ref->container = g_strdup (container);
  return ref;
}

/* The container name a service will have, or NULL when the service is not
 * exported. */
static const char *
container_of (Builder    *b,
              const char *service)
{
  return g_hash_table_lookup (b->names, service);
}

static gboolean
has_link (FltAwsContainer *c,
          const char      *service)
{
  for (guint i = 0; i < c->links->len; i++)
    if (g_str_equal (((FltAwsReference *) g_ptr_array_index (c->links, i))->service, service))
      return TRUE;
  return FALSE;
}

static void
convert_links (Builder         *b,
               FltService      *service,
               FltAwsContainer *c)
{
  GPtrArray *links = flt_service_get_links (service);
  GPtrArray *depends = flt_service_get_depends_on (service);
  const FltNode *external = flt_service_get_field (service, "external_links");
  const char *name = flt_service_get_name (service);

  for (guint i = 0; i < links->len; i++)
    {
      FltLink *l = g_ptr_array_index (links, i);
      const char *target = container_of (b, l->service);
      FltAwsReference *ref;

      if (target == NULL)
        {
          warn (b, FLT_AWS_ISSUE_LINK, service, l->node, l->path,
                _("the link from %s to %s is left out: %s is not part of the export"),
                name, l->service, l->service);
          continue;
        }
      ref = reference_new (l->service, target);
      ref->alias = g_strdup (l->alias);
      g_ptr_array_add (c->links, ref);
    }

  for (guint i = 0; i < depends->len; i++)
    {
      FltDependency *d = g_ptr_array_index (depends, i);
      const char *target = container_of (b, d->service);
      FltAwsReference *ref;

      if (target == NULL)
        {
          warn (b, FLT_AWS_ISSUE_DEPENDENCY, service, d->node, d->path,
                _("the dependency of %s on %s is left out: %s is not part of the export"),
                name, d->service, d->service);
          continue;
        }

      ref = reference_new (d->service, target);
      switch (d->condition)
        {
        case FLT_CONDITION_HEALTHY:
          ref->condition = "HEALTHY";
          break;
        case FLT_CONDITION_COMPLETED_SUCCESSFULLY:
          ref->condition = "SUCCESS";
          break;
        case FLT_CONDITION_STARTED:
        default:
          ref->condition = "START";
          break;
        }
      g_ptr_array_add (c->depends_on, ref);

      /* In bridge mode a container finds another only through a link.  A
       * service that runs to completion is gone by the time its dependents
       * start, and Docker refuses a link to a stopped container. */
      if (d->condition != FLT_CONDITION_COMPLETED_SUCCESSFULLY && !has_link (c, d->service))
        g_ptr_array_add (c->links, reference_new (d->service, target));
    }

  if (flt_node_is_sequence (external) && external->n_items > 0)
    {
      g_autofree char *path = child_path (service, "external_links");

      warn (b, FLT_AWS_ISSUE_LINK, service, external, path,
            _("external_links of the service %s are left out: an ECS task can link only to its own "
              "containers"),
            name);
    }
}

static void
convert_volumes_from (Builder         *b,
                      FltService      *service,
                      FltAwsContainer *c)
{
  const FltNode *node = flt_service_get_field (service, "volumes_from");
  g_autofree char *base = child_path (service, "volumes_from");

  for (guint i = 0; flt_node_is_sequence (node) && i < node->n_items; i++)
    {
      const char *spec = scalar (node->items[i]);
      g_autofree char *path = flt_path_append_index (base, i);
      g_auto(GStrv) parts = NULL;
      const char *target;
      FltAwsReference *ref;

      if (spec == NULL)
        continue;
      if (g_str_has_prefix (spec, "container:"))
        {
          warn (b, FLT_AWS_ISSUE_LINK, service, node->items[i], path,
                _("volumes_from %s of the service %s is left out: an ECS task can take volumes "
                  "only from its own containers"),
                spec, flt_service_get_name (service));
          continue;
        }

      parts = g_strsplit (spec, ":", 2);
      target = parts[0] != NULL ? container_of (b, parts[0]) : NULL;
      if (target == NULL)
        {
          warn (b, FLT_AWS_ISSUE_LINK, service, node->items[i], path,
                _("volumes_from %s of the service %s is left out: %s is not part of the export"),
                spec, flt_service_get_name (service), parts[0] != NULL ? parts[0] : "");
          continue;
        }
      ref = reference_new (parts[0], target);
      ref->read_only = parts[1] != NULL && g_str_equal (parts[1], "ro");
      g_ptr_array_add (c->volumes_from, ref);
    }
}

/* --- the rest of the container --- */

static void
add_extra_host (Builder         *b,
                FltService      *service,
                FltAwsContainer *c,
                const char      *host,
                const char      *address)
{
  if (host == NULL || *host == '\0' || address == NULL)
    return;
  g_ptr_array_add (c->extra_hosts, key_value_new (host, address));

  /* ecs-cli splits "host:address" at every colon. */
  if (strchr (address, ':') != NULL)
    {
      g_autofree char *path = child_path (service, "extra_hosts");

      warn (b, FLT_AWS_ISSUE_UNSUPPORTED, service, flt_service_get_field (service, "extra_hosts"), path,
            _("ecs-cli cannot read the IPv6 address %s of the extra host %s of the service %s: "
              "task-definition.json has it, but deploy that one with the aws command, not with ecs-cli"),
            address, host, flt_service_get_name (service));
    }
}

static void
convert_extra_hosts (Builder         *b,
                     FltService      *service,
                     FltAwsContainer *c)
{
  const FltNode *node = flt_service_get_field (service, "extra_hosts");

  if (flt_node_is_mapping (node))
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *value = flt_node_value (node, i);
          const char *host = flt_node_key (node, i)->value;

          if (flt_node_is_sequence (value))
            for (guint j = 0; j < value->n_items; j++)
              add_extra_host (b, service, c, host, scalar (value->items[j]));
          else
            add_extra_host (b, service, c, host, scalar (value));
        }
      return;
    }

  for (guint i = 0; flt_node_is_sequence (node) && i < node->n_items; i++)
    {
      const char *spec = scalar (node->items[i]);
      const char *sep;
      g_autofree char *host = NULL;

      if (spec == NULL)
        continue;
      /* "host=address" and "host:address"; an IPv6 address has colons of
       * its own, a host name none. */
      sep = strchr (spec, '=');
      if (sep == NULL)
        sep = strchr (spec, ':');
      if (sep == NULL)
        continue;
      host = g_strndup (spec, sep - spec);
      add_extra_host (b, service, c, host, sep + 1);
    }
}

static void
convert_ulimits (Builder         *b,
                 FltService      *service,
                 FltAwsContainer *c)
{
  const FltNode *node = flt_service_get_field (service, "ulimits");
  g_autofree char *base = child_path (service, "ulimits");

  for (guint i = 0; flt_node_is_mapping (node) && i < node->n_items; i++)
    {
      const char *name = flt_node_key (node, i)->value;
      const FltNode *value = flt_node_value (node, i);
      FltAwsUlimit *u;
      gint64 soft, hard;

      if (!g_strv_contains (ecs_ulimits, name))
        {
          g_autofree char *path = flt_path_append_key (base, name);

          warn (b, FLT_AWS_ISSUE_ULIMIT, service, flt_node_key (node, i), path,
                _("ECS does not know the ulimit %s; it is left out of the service %s"),
                name, flt_service_get_name (service));
          continue;
        }
      if (flt_node_get_int64 (value, &soft))
        hard = soft;
      else if (!flt_node_get_int64 (flt_node_lookup (value, "soft"), &soft) ||
               !flt_node_get_int64 (flt_node_lookup (value, "hard"), &hard))
        continue;

      u = g_new0 (FltAwsUlimit, 1);
      u->name = g_strdup (name);
      u->soft = soft;
      u->hard = hard;
      g_ptr_array_add (c->ulimits, u);
    }
}

static void
convert_logging (Builder         *b,
                 FltService      *service,
                 FltAwsContainer *c)
{
  const FltNode *node = flt_service_get_field (service, "logging");
  const char *driver = scalar (flt_node_lookup (node, "driver"));
  const FltNode *options = flt_node_lookup (node, "options");

  if (driver == NULL)
    return;
  if (!g_strv_contains (ecs_log_drivers, driver))
    {
      g_autofree char *path = child_path (service, "logging");

      warn (b, FLT_AWS_ISSUE_LOGGING, service, node, path,
            _("ECS has no %s log driver: the logging of the service %s is left out, and its "
              "output goes to the instance’s default driver — use awslogs to see it in CloudWatch"),
            driver, flt_service_get_name (service));
      return;
    }

  c->log_driver = g_strdup (driver);
  for (guint i = 0; flt_node_is_mapping (options) && i < options->n_items; i++)
    {
      const char *value = scalar (flt_node_value (options, i));

      g_ptr_array_add (c->log_options, key_value_new (flt_node_key (options, i)->value, value ? value : ""));
    }
}

static int
get_bool (FltService *service,
          const char *key)
{
  gboolean value;

  return flt_node_get_bool (flt_service_get_field (service, key), &value) ? value : -1;
}

/* Whole seconds, rounded up, kept within what ECS accepts. */
static gint64
health_seconds (Builder    *b,
                FltService *service,
                const char *key,
                gint64      nanoseconds,
                gint64      min,
                gint64      max)
{
  gint64 seconds;

  if (nanoseconds < 0)
    return -1;
  seconds = (nanoseconds + NS_PER_SECOND - 1) / NS_PER_SECOND;
  if (seconds < min || seconds > max)
    {
      const FltHealthcheck *h = flt_service_get_healthcheck (service);
      g_autofree char *path = flt_path_append_key (h->path, key);
      gint64 kept = CLAMP (seconds, min, max);

      warn (b, FLT_AWS_ISSUE_HEALTHCHECK, service, flt_node_lookup (h->node, key), path,
            /* Translators: %s is a health check key: interval, timeout or start_period */
            _("ECS takes a health check %s from %lld to %lld seconds: the service %s gets "
              "%lld instead of %lld"),
            key, (long long) min, (long long) max, flt_service_get_name (service),
            (long long) kept, (long long) seconds);
      seconds = kept;
    }
  return seconds;
}

static void
convert_healthcheck (Builder         *b,
                     FltService      *service,
                     FltAwsContainer *c)
{
  const FltHealthcheck *h = flt_service_get_healthcheck (service);
  const char *name = flt_service_get_name (service);

  if (h == NULL || h->disable || (h->test != NULL && h->test[0] != NULL && g_str_equal (h->test[0], "NONE")))
    return;

  if (h->test == NULL || h->test[0] == NULL ||
      (!g_str_equal (h->test[0], "CMD") && !g_str_equal (h->test[0], "CMD-SHELL")) ||
      h->test[1] == NULL)
    {
      warn (b, FLT_AWS_ISSUE_HEALTHCHECK, service, h->node, h->path,
            _("the health check of the service %s is left out: ECS needs its test: written out "
              "(it cannot use the one in the image) — add a test like [\"CMD\", \"curl\", \"-f\", "
              "\"http://localhost/\"]"),
            name);
      return;
    }

  c->health_test = g_strdupv (h->test);
  c->health_interval = health_seconds (b, service, "interval", h->interval,
                                       HEALTH_INTERVAL_MIN, HEALTH_INTERVAL_MAX);
  c->health_timeout = health_seconds (b, service, "timeout", h->timeout,
                                      HEALTH_TIMEOUT_MIN, HEALTH_TIMEOUT_MAX);
  c->health_start_period = health_seconds (b, service, "start_period", h->start_period,
                                           0, HEALTH_START_PERIOD_MAX);
  if (h->retries >= 0)
    {
      c->health_retries = CLAMP (h->retries, HEALTH_RETRIES_MIN, HEALTH_RETRIES_MAX);
      if (c->health_retries != h->retries)
        {
          g_autofree char *path = flt_path_append_key (h->path, "retries");

          warn (b, FLT_AWS_ISSUE_HEALTHCHECK, service, flt_node_lookup (h->node, "retries"), path,
                _("ECS takes from %d to %d health check retries: the service %s gets %d instead of %d"),
                HEALTH_RETRIES_MIN, HEALTH_RETRIES_MAX, name, c->health_retries, h->retries);
        }
    }
  if (h->start_interval >= 0)
    {
      g_autofree char *path = flt_path_append_key (h->path, "start_interval");

      warn (b, FLT_AWS_ISSUE_HEALTHCHECK, service, flt_node_lookup (h->node, "start_interval"), path,
            _("ECS has no start_interval: the health check of the service %s runs at its interval "
              "from the start"),
            name);
    }

  for (guint i = 1; c->health_test[i] != NULL; i++)
    if (strchr (c->health_test[i], '$') != NULL)
      {
        warn (b, FLT_AWS_ISSUE_HEALTHCHECK, service, flt_node_lookup (h->node, "test"), h->path,
              _("the health check of the service %s contains “$”: ecs-cli replaces $VARIABLES in "
                "ecs-params.yml with the values of your shell when it reads the file, while "
                "task-definition.json keeps them as they are"),
              name);
        break;
      }
}

/* --- what has no equivalent --- */

static void
warn_networks (Builder    *b,
               FltService *service)
{
  const FltNode *networks = flt_service_get_field (service, "networks");
  const char *mode = flt_service_get_network_mode (service);
  const char *name = flt_service_get_name (service);
  gboolean only_default = TRUE;

  for (guint i = 0; flt_node_is_sequence (networks) && i < networks->n_items; i++)
    if (!flt_node_scalar_equal (networks->items[i], "default"))
      only_default = FALSE;
  for (guint i = 0; flt_node_is_mapping (networks) && i < networks->n_items; i++)
    if (!flt_node_scalar_equal (flt_node_key (networks, i), "default") ||
        !(flt_node_value (networks, i)->is_null ||
          (flt_node_is_mapping (flt_node_value (networks, i)) && flt_node_value (networks, i)->n_items == 0)))
      only_default = FALSE;

  if (!only_default)
    {
      g_autofree char *path = child_path (service, "networks");

      warn (b, FLT_AWS_ISSUE_NETWORKS, service, networks, path,
            _("ECS has no user-defined networks in bridge mode: the networks and aliases of the "
              "service %s are left out, and it reaches other services only through links "
              "(its depends_on become links)"),
            name);
    }

  if (mode != NULL && !g_str_equal (mode, "bridge"))
    {
      g_autofree char *path = child_path (service, "network_mode");

      warn (b, FLT_AWS_ISSUE_NETWORK_MODE, service, flt_service_get_field (service, "network_mode"), path,
            _("network_mode: %s of the service %s is left out: every container of the ECS task "
              "uses the task’s bridge network"),
            mode, name);
    }
}

static void
warn_restart_and_deploy (Builder    *b,
                         FltService *service)
{
  const char *restart = flt_service_get_restart (service);
  const FltDeploy *deploy = flt_service_get_deploy (service);
  const char *name = flt_service_get_name (service);

  if (restart != NULL && !g_str_equal (restart, "no"))
    {
      g_autofree char *path = child_path (service, "restart");

      warn (b, FLT_AWS_ISSUE_RESTART, service, flt_service_get_field (service, "restart"), path,
            _("ECS does not restart single containers: restart: %s of the service %s is left out — "
              "run the task as an ECS service (ecs-cli compose service up) so that ECS replaces "
              "tasks that stop"),
            restart, name);
    }

  if (deploy != NULL && flt_node_is_mapping (deploy->node))
    {
      for (guint i = 0; i < deploy->node->n_items; i++)
        {
          const FltNode *key = flt_node_key (deploy->node, i);

          if (flt_node_scalar_equal (key, "resources"))
            continue;
          warn (b, FLT_AWS_ISSUE_DEPLOY, service, deploy->node, deploy->path,
                _("deploy: of the service %s is used only for its resource limits; the rest is "
                  "Swarm’s and is left out (to run several copies, use ecs-cli compose scale)"),
                name);
          break;
        }
    }
}

/* Keys the export maps, or warns about on its own. */
static const char * const handled_keys[] = {
  "image", "build", "command", "entrypoint", "working_dir", "user", "hostname", "ports",
  "links", "depends_on", "environment", "env_file", "volumes", "volumes_from", "extra_hosts",
  "ulimits", "logging", "labels", "dns", "dns_search", "cap_add", "cap_drop", "security_opt",
  "privileged", "read_only", "tty", "stdin_open", "init", "cpu_shares", "cpus", "mem_limit",
  "mem_reservation", "deploy", "healthcheck", "networks", "network_mode", "restart",
  "container_name", "secrets", "configs", "external_links",
  /* Nothing to carry: links open every port, profiles and extends are
   * resolved already. */
  "expose", "profiles", "extends",
  NULL
};

static void
warn_unsupported (Builder    *b,
                  FltService *service)
{
  const FltNode *node = flt_service_get_node (service);
  const char *name = flt_service_get_name (service);

  for (guint i = 0; flt_node_is_mapping (node) && i < node->n_items; i++)
    {
      const FltNode *key = flt_node_key (node, i);
      g_autofree char *path = NULL;

      if (!flt_node_is_scalar (key) || g_str_has_prefix (key->value, "x-"))
        continue;
      path = child_path (service, key->value);

      if (g_str_equal (key->value, "container_name"))
        warn (b, FLT_AWS_ISSUE_CONTAINER_NAME, service, key, path,
              _("ECS names containers itself: container_name of the service %s is left out"),
              name);
      else if (g_str_equal (key->value, "secrets") || g_str_equal (key->value, "configs"))
        warn (b, FLT_AWS_ISSUE_SECRETS, service, key, path,
              _("%s of the service %s are left out: ECS takes secrets from the SSM Parameter Store "
                "or Secrets Manager — list them under secrets in ecs-params.yml"),
              key->value, name);
      else if (!g_strv_contains (handled_keys, key->value))
        warn (b, FLT_AWS_ISSUE_UNSUPPORTED, service, key, path,
              _("%s of the service %s has no equivalent in aws-compose.yml and is left out"),
              key->value, name);
    }
}

static FltAwsContainer *
convert_service (Builder    *b,
                 FltService *service)
{
  FltAwsContainer *c = container_new ();
  const char *name = flt_service_get_name (service);

  c->service = g_strdup (name);
  c->name = ecs_name (name);
  if (!ecs_name_valid (name))
    warn (b, FLT_AWS_ISSUE_NAME, service, NULL, NULL,
          _("ECS container names have only letters, digits, “-” and “_”: the service %s is the "
            "container %s in task-definition.json, and ecs-cli refuses the name — rename the service"),
          name, c->name);

  convert_image (b, service, c);
  convert_resources (b, service, c);

  c->command_node = flt_service_get_field (service, "command");
  c->command = g_strdupv ((char **) flt_service_get_command (service));
  c->entrypoint_node = flt_service_get_field (service, "entrypoint");
  c->entrypoint = g_strdupv ((char **) flt_service_get_entrypoint (service));
  c->working_dir = g_strdup (scalar (flt_service_get_field (service, "working_dir")));
  c->user = g_strdup (scalar (flt_service_get_field (service, "user")));
  c->hostname = g_strdup (scalar (flt_service_get_field (service, "hostname")));

  convert_ports (b, service, c);
  convert_links (b, service, c);
  convert_environment (b, service, c);
  convert_mounts (b, service, c);
  convert_volumes_from (b, service, c);
  convert_extra_hosts (b, service, c);
  convert_ulimits (b, service, c);
  convert_logging (b, service, c);

  {
    GPtrArray *labels = flt_service_get_labels (service);

    for (guint i = 0; i < labels->len; i++)
      {
        FltKeyValue *kv = g_ptr_array_index (labels, i);

        g_ptr_array_add (c->labels, key_value_new (kv->name, kv->value ? kv->value : ""));
      }
  }

  c->dns = _flt_node_to_strv (flt_service_get_field (service, "dns"));
  c->dns_search = _flt_node_to_strv (flt_service_get_field (service, "dns_search"));
  c->cap_add = _flt_node_to_strv (flt_service_get_field (service, "cap_add"));
  c->cap_drop = _flt_node_to_strv (flt_service_get_field (service, "cap_drop"));
  c->security_opt = _flt_node_to_strv (flt_service_get_field (service, "security_opt"));
  c->privileged = get_bool (service, "privileged");
  c->read_only = get_bool (service, "read_only");
  c->tty = get_bool (service, "tty");
  c->stdin_open = get_bool (service, "stdin_open");
  c->init = get_bool (service, "init");

  convert_healthcheck (b, service, c);
  warn_networks (b, service);
  warn_restart_and_deploy (b, service);
  warn_unsupported (b, service);

  return c;
}

/* What can be checked only once every container is known. */
static void
check_task (Builder *b)
{
  GPtrArray *containers = b->task->containers;
  gboolean any_link = FALSE;
  gboolean any_essential = FALSE;

  for (guint i = 0; i < containers->len; i++)
    {
      FltAwsContainer *c = g_ptr_array_index (containers, i);
      FltService *service = flt_project_get_service (b->project, c->service);

      if (c->links->len > 0)
        any_link = TRUE;

      for (guint j = 0; j < c->depends_on->len; j++)
        {
          FltAwsReference *d = g_ptr_array_index (c->depends_on, j);
          FltAwsContainer *target = g_hash_table_lookup (b->exported, d->service);

          /* A container that runs to completion must not stop the task. */
          if (g_str_equal (d->condition, "SUCCESS") || g_str_equal (d->condition, "COMPLETE"))
            target->essential = FALSE;

          /* ECS refuses HEALTHY towards a container without a health check
           * of its own in the task definition. */
          if (g_str_equal (d->condition, "HEALTHY") && target->health_test == NULL)
            {
              d->condition = "START";
              warn (b, FLT_AWS_ISSUE_DEPENDENCY, service, NULL, NULL,
                    _("%s waits for %s to be healthy, but ECS can check the health only of a container "
                      "with a healthcheck test in the compose file (not the one in its image): the export "
                      "waits for %s to start instead — add a healthcheck with a test to %s"),
                    c->service, d->service, d->service, d->service);
            }
        }
    }

  for (guint i = 0; i < containers->len; i++)
    if (((FltAwsContainer *) g_ptr_array_index (containers, i))->essential)
      any_essential = TRUE;
  if (!any_essential && containers->len > 0)
    ((FltAwsContainer *) g_ptr_array_index (containers, 0))->essential = TRUE;

  if (containers->len > 1 && !any_link)
    {
      FltNode *root = flt_tree_get_root (flt_project_get_tree (b->project));
      int index = flt_node_lookup_index (root, "services");

      warn (b, FLT_AWS_ISSUE_NO_LINKS, NULL, index >= 0 ? flt_node_key (root, index) : root, "services",
            _("no service depends on another: in the bridge mode of ECS a container finds another "
              "only through a link, so these containers cannot reach each other by name — add "
              "depends_on to each service for the services it calls, and they become links"));
    }

  if (containers->len > MAX_CONTAINERS)
    {
      FltNode *root = flt_tree_get_root (flt_project_get_tree (b->project));
      int index = flt_node_lookup_index (root, "services");

      warn (b, FLT_AWS_ISSUE_TOO_MANY, NULL, index >= 0 ? flt_node_key (root, index) : root, "services",
            g_dngettext (GETTEXT_PACKAGE,
                         "an ECS task definition holds at most %d containers, and the project has %u "
                         "service: ECS refuses this one — export the services in groups (with profiles) "
                         "as separate tasks",
                         "an ECS task definition holds at most %d containers, and the project has %u "
                         "services: ECS refuses this one — export the services in groups (with profiles) "
                         "as separate tasks",
                         containers->len),
            MAX_CONTAINERS, containers->len);
    }

  for (guint i = 0; i < b->options->host_ports->len; i++)
    {
      const HostPort *hp = &g_array_index (b->options->host_ports, HostPort, i);
      FltService *service;
      g_autofree char *path = NULL;

      if (g_array_index (b->host_ports_used, gboolean, i))
        continue;
      service = flt_project_get_service (b->project, hp->service);
      if (service != NULL)
        path = child_path (service, "ports");
      warn (b, FLT_AWS_ISSUE_PORT_OVERRIDE, service, service ? flt_service_get_field (service, "ports") : NULL,
            path,
            _("the host port %u for the port %u of the service %s is not used: the service "
              "publishes no port %u — publish it in the compose file first"),
            hp->host_port, hp->container_port, hp->service, hp->container_port);
    }
}

/**
 * _flt_aws_task_new:
 * @warnings: (element-type FltAwsWarning): where the warnings go
 *
 * The project's enabled services as ECS containers, every mapping rule
 * applied; what does not carry over is added to @warnings.
 */
FltAwsTask *
_flt_aws_task_new (FltProject          *project,
                   const FltAwsOptions *options,
                   GPtrArray           *warnings)
{
  GPtrArray *services = flt_project_get_service_list (project);
  g_autoptr(GHashTable) exported = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) host_volumes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) named_volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GArray) used = g_array_new (FALSE, TRUE, sizeof (gboolean));
  FltAwsTask *task = g_new0 (FltAwsTask, 1);
  Builder b = { project, options, task, warnings, names, exported, host_volumes, named_volumes, 0, used };

  g_array_set_size (used, options->host_ports->len);

  task->family = g_strdup (options->family ? options->family : flt_project_get_name (project));
  task->network_mode = "bridge";
  task->containers = g_ptr_array_new_with_free_func ((GDestroyNotify) container_free);
  task->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) volume_free);

  /* Links need the names of containers not converted yet. */
  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);

      if (flt_service_get_enabled (service))
        g_hash_table_insert (names, (gpointer) flt_service_get_name (service),
                             ecs_name (flt_service_get_name (service)));
    }

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      FltAwsContainer *c;

      if (!flt_service_get_enabled (service))
        {
          warn (&b, FLT_AWS_ISSUE_PROFILE, service, NULL, NULL,
                _("the service %s is not exported: none of its profiles is enabled"),
                flt_service_get_name (service));
          continue;
        }
      c = convert_service (&b, service);
      g_ptr_array_add (task->containers, c);
      g_hash_table_insert (exported, c->service, c);
    }

  check_task (&b);
  return task;
}
