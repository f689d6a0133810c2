/* flt-task-definition.c: task-definition.json, the input of
 * `aws ecs register-task-definition --cli-input-json`
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "flt-aws-export-private.h"
#include "flt-yaml-writer.h"

/* The RegisterTaskDefinition request as ecs-cli would make it from
 * aws-compose.yml and ecs-params.yml together, in the API's own names:
 * memory in MiB, durations in seconds, every list of pairs spelled out.
 * Values are the project's, with nothing left to interpolate. */

static FltNode *
strv_or_null (FltTree            *out,
              const char * const *strv)
{
  return strv != NULL && strv[0] != NULL ? _flt_aws_strv (out, strv, FALSE) : NULL;
}

static FltNode *
bool_or_null (FltTree *out,
              int      value)
{
  return value >= 0 ? _flt_aws_bool (out, value) : NULL;
}

static FltNode *
string_map (FltTree   *out,
            GPtrArray *kvs)
{
  FltNode *m;

  if (kvs == NULL || kvs->len == 0)
    return NULL;
  m = flt_tree_new_mapping (out, NULL);
  for (guint i = 0; i < kvs->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (kvs, i);

      _flt_aws_set (out, m, kv->name, _flt_aws_string (out, kv->value));
    }
  return m;
}

static FltNode *
port_mappings (FltTree         *out,
               FltAwsContainer *c)
{
  FltNode *seq;

  if (c->ports->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->ports->len; i++)
    {
      const FltAwsPort *p = &g_array_index (c->ports, FltAwsPort, i);
      FltNode *m = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, m, "containerPort", _flt_aws_number (out, p->container_port));
      /* 0: a dynamic host port, as ecs-cli writes a port without one. */
      _flt_aws_set (out, m, "hostPort", _flt_aws_number (out, p->host_port));
      _flt_aws_set (out, m, "protocol", _flt_aws_string (out, p->protocol));
      flt_tree_append (out, seq, m);
    }
  return seq;
}

static FltNode *
links (FltTree         *out,
       FltAwsContainer *c)
{
  FltNode *seq;

  if (c->links->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->links->len; i++)
    {
      FltAwsReference *r = g_ptr_array_index (c->links, i);
      g_autofree char *text = r->alias ? g_strdup_printf ("%s:%s", r->container, r->alias)
                                       : g_strdup (r->container);

      flt_tree_append (out, seq, _flt_aws_string (out, text));
    }
  return seq;
}

static FltNode *
environment (FltTree         *out,
             FltAwsContainer *c)
{
  FltNode *seq;

  if (c->environment->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->environment->len; i++)
    {
      FltAwsVariable *v = g_ptr_array_index (c->environment, i);
      FltNode *m = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, m, "name", _flt_aws_string (out, v->name));
      _flt_aws_set (out, m, "value", _flt_aws_string (out, v->value));
      flt_tree_append (out, seq, m);
    }
  return seq;
}

static FltNode *
mount_points (FltTree         *out,
              FltAwsContainer *c)
{
  FltNode *seq;

  if (c->mounts->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->mounts->len; i++)
    {
      FltAwsMount *mnt = g_ptr_array_index (c->mounts, i);
      FltNode *m = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, m, "sourceVolume", _flt_aws_string (out, mnt->volume));
      _flt_aws_set (out, m, "containerPath", _flt_aws_string (out, mnt->container_path));
      _flt_aws_set (out, m, "readOnly", _flt_aws_bool (out, mnt->read_only));
      flt_tree_append (out, seq, m);
    }
  return seq;
}

static FltNode *
volumes_from (FltTree         *out,
              FltAwsContainer *c)
{
  FltNode *seq;

  if (c->volumes_from->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->volumes_from->len; i++)
    {
      FltAwsReference *r = g_ptr_array_index (c->volumes_from, i);
      FltNode *m = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, m, "sourceContainer", _flt_aws_string (out, r->container));
      _flt_aws_set (out, m, "readOnly", _flt_aws_bool (out, r->read_only));
      flt_tree_append (out, seq, m);
    }
  return seq;
}

static FltNode *
extra_hosts (FltTree         *out,
             FltAwsContainer *c)
{
  FltNode *seq;

  if (c->extra_hosts->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->extra_hosts->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (c->extra_hosts, i);
      FltNode *m = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, m, "hostname", _flt_aws_string (out, kv->name));
      _flt_aws_set (out, m, "ipAddress", _flt_aws_string (out, kv->value));
      flt_tree_append (out, seq, m);
    }
  return seq;
}

static FltNode *
ulimits (FltTree         *out,
         FltAwsContainer *c)
{
  FltNode *seq;

  if (c->ulimits->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->ulimits->len; i++)
    {
      FltAwsUlimit *u = g_ptr_array_index (c->ulimits, i);
      FltNode *m = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, m, "name", _flt_aws_string (out, u->name));
      _flt_aws_set (out, m, "softLimit", _flt_aws_number (out, u->soft));
      _flt_aws_set (out, m, "hardLimit", _flt_aws_number (out, u->hard));
      flt_tree_append (out, seq, m);
    }
  return seq;
}

static FltNode *
log_configuration (FltTree         *out,
                   FltAwsContainer *c)
{
  FltNode *m;

  if (c->log_driver == NULL)
    return NULL;
  m = flt_tree_new_mapping (out, NULL);
  _flt_aws_set (out, m, "logDriver", _flt_aws_string (out, c->log_driver));
  _flt_aws_set (out, m, "options", string_map (out, c->log_options));
  return m;
}

static FltNode *
linux_parameters (FltTree         *out,
                  FltAwsContainer *c)
{
  gboolean caps = (c->cap_add != NULL && c->cap_add[0] != NULL) || (c->cap_drop != NULL && c->cap_drop[0] != NULL);
  FltNode *m;

  if (!caps && c->init < 0)
    return NULL;
  m = flt_tree_new_mapping (out, NULL);
  if (caps)
    {
      FltNode *capabilities = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, capabilities, "add", strv_or_null (out, (const char * const *) c->cap_add));
      _flt_aws_set (out, capabilities, "drop", strv_or_null (out, (const char * const *) c->cap_drop));
      _flt_aws_set (out, m, "capabilities", capabilities);
    }
  _flt_aws_set (out, m, "initProcessEnabled", bool_or_null (out, c->init));
  return m;
}

static FltNode *
health_check (FltTree         *out,
              FltAwsContainer *c)
{
  FltNode *m;

  if (c->health_test == NULL)
    return NULL;
  m = flt_tree_new_mapping (out, NULL);
  _flt_aws_set (out, m, "command", _flt_aws_strv (out, (const char * const *) c->health_test, FALSE));
  if (c->health_interval >= 0)
    _flt_aws_set (out, m, "interval", _flt_aws_number (out, c->health_interval));
  if (c->health_timeout >= 0)
    _flt_aws_set (out, m, "timeout", _flt_aws_number (out, c->health_timeout));
  if (c->health_retries >= 0)
    _flt_aws_set (out, m, "retries", _flt_aws_number (out, c->health_retries));
  if (c->health_start_period >= 0)
    _flt_aws_set (out, m, "startPeriod", _flt_aws_number (out, c->health_start_period));
  return m;
}

static FltNode *
depends_on (FltTree         *out,
            FltAwsContainer *c)
{
  FltNode *seq;

  if (c->depends_on->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->depends_on->len; i++)
    {
      FltAwsReference *d = g_ptr_array_index (c->depends_on, i);
      FltNode *m = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, m, "containerName", _flt_aws_string (out, d->container));
      _flt_aws_set (out, m, "condition", _flt_aws_string (out, d->condition));
      flt_tree_append (out, seq, m);
    }
  return seq;
}

static FltNode *
container_definition (FltTree         *out,
                      FltAwsContainer *c)
{
  FltNode *m = flt_tree_new_mapping (out, NULL);

  _flt_aws_set (out, m, "name", _flt_aws_string (out, c->name));
  _flt_aws_set (out, m, "image", _flt_aws_string (out, c->image));
  _flt_aws_set (out, m, "cpu", _flt_aws_number (out, c->cpu));
  _flt_aws_set (out, m, "memory", _flt_aws_number (out, _flt_aws_memory_mib (c->memory)));
  if (c->memory_reservation >= 0)
    _flt_aws_set (out, m, "memoryReservation", _flt_aws_number (out, _flt_aws_memory_mib (c->memory_reservation)));
  _flt_aws_set (out, m, "essential", _flt_aws_bool (out, c->essential));
  _flt_aws_set (out, m, "entryPoint", strv_or_null (out, (const char * const *) c->entrypoint));
  _flt_aws_set (out, m, "command", strv_or_null (out, (const char * const *) c->command));
  if (c->working_dir != NULL)
    _flt_aws_set (out, m, "workingDirectory", _flt_aws_string (out, c->working_dir));
  if (c->user != NULL)
    _flt_aws_set (out, m, "user", _flt_aws_string (out, c->user));
  if (c->hostname != NULL)
    _flt_aws_set (out, m, "hostname", _flt_aws_string (out, c->hostname));
  _flt_aws_set (out, m, "portMappings", port_mappings (out, c));
  _flt_aws_set (out, m, "links", links (out, c));
  _flt_aws_set (out, m, "environment", environment (out, c));
  _flt_aws_set (out, m, "mountPoints", mount_points (out, c));
  _flt_aws_set (out, m, "volumesFrom", volumes_from (out, c));
  _flt_aws_set (out, m, "extraHosts", extra_hosts (out, c));
  _flt_aws_set (out, m, "ulimits", ulimits (out, c));
  _flt_aws_set (out, m, "logConfiguration", log_configuration (out, c));
  _flt_aws_set (out, m, "dockerLabels", string_map (out, c->labels));
  _flt_aws_set (out, m, "dnsServers", strv_or_null (out, (const char * const *) c->dns));
  _flt_aws_set (out, m, "dnsSearchDomains", strv_or_null (out, (const char * const *) c->dns_search));
  _flt_aws_set (out, m, "dockerSecurityOptions", strv_or_null (out, (const char * const *) c->security_opt));
  _flt_aws_set (out, m, "linuxParameters", linux_parameters (out, c));
  _flt_aws_set (out, m, "privileged", bool_or_null (out, c->privileged));
  _flt_aws_set (out, m, "readonlyRootFilesystem", bool_or_null (out, c->read_only));
  _flt_aws_set (out, m, "interactive", bool_or_null (out, c->stdin_open));
  _flt_aws_set (out, m, "pseudoTerminal", bool_or_null (out, c->tty));
  _flt_aws_set (out, m, "healthCheck", health_check (out, c));
  _flt_aws_set (out, m, "dependsOn", depends_on (out, c));
  return m;
}

static FltNode *
task_volumes (FltTree          *out,
              const FltAwsTask *task)
{
  FltNode *seq;

  if (task->volumes->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < task->volumes->len; i++)
    {
      FltAwsVolume *v = g_ptr_array_index (task->volumes, i);
      FltNode *m = flt_tree_new_mapping (out, NULL);

      _flt_aws_set (out, m, "name", _flt_aws_string (out, v->name));
      if (v->kind == FLT_AWS_VOLUME_HOST)
        {
          FltNode *host = flt_tree_new_mapping (out, NULL);

          _flt_aws_set (out, host, "sourcePath", _flt_aws_string (out, v->host_path));
          _flt_aws_set (out, m, "host", host);
        }
      else if (v->kind == FLT_AWS_VOLUME_DOCKER)
        {
          FltNode *docker = flt_tree_new_mapping (out, NULL);

          _flt_aws_set (out, docker, "scope", _flt_aws_string (out, "shared"));
          _flt_aws_set (out, docker, "autoprovision", _flt_aws_bool (out, !v->external));
          _flt_aws_set (out, docker, "driver", _flt_aws_string (out, v->driver));
          _flt_aws_set (out, docker, "driverOpts", string_map (out, v->driver_opts));
          _flt_aws_set (out, docker, "labels", string_map (out, v->labels));
          _flt_aws_set (out, m, "dockerVolumeConfiguration", docker);
        }
      flt_tree_append (out, seq, m);
    }
  return seq;
}

char *
_flt_task_definition_to_text (const FltAwsTask *task)
{
  g_autoptr(FltTree) out = flt_tree_new_empty (NULL);
  FltNode *root = flt_tree_new_mapping (out, NULL);
  FltNode *containers = flt_tree_new_sequence (out, NULL);
  GString *text = g_string_new (NULL);
  const char * const compatibilities[] = { "EC2", NULL };
  char number[32];

  _flt_aws_set (out, root, "family", _flt_aws_string (out, task->family));
  _flt_aws_set (out, root, "networkMode", _flt_aws_string (out, task->network_mode));
  _flt_aws_set (out, root, "requiresCompatibilities", _flt_aws_strv (out, compatibilities, FALSE));
  /* Task-level sizes are strings in the API. */
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, _flt_aws_task_cpu (task));
  _flt_aws_set (out, root, "cpu", _flt_aws_string (out, number));
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, _flt_aws_task_memory_mib (task));
  _flt_aws_set (out, root, "memory", _flt_aws_string (out, number));

  for (guint i = 0; i < task->containers->len; i++)
    flt_tree_append (out, containers, container_definition (out, g_ptr_array_index (task->containers, i)));
  _flt_aws_set (out, root, "containerDefinitions", containers);
  _flt_aws_set (out, root, "volumes", task_volumes (out, task));

  flt_json_write_node (text, root, 0);
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}
