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
strv_or_null (FltTree *out,
              GStrv    strv)
{
  return _flt_aws_strv_or_null (out, (const char * const *) strv, FALSE);
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

      flt_tree_append (out, seq,
                       _flt_aws_mapping (out,
                                         "containerPort", _flt_aws_number (out, p->container_port),
                                         /* 0: a dynamic host port, as ecs-cli writes a port without one. */
                                         "hostPort", _flt_aws_number (out, p->host_port),
                                         "protocol", _flt_aws_string (out, p->protocol),
                                         NULL));
    }
  return seq;
}

static FltNode *
link_node (FltTree       *out,
           gconstpointer  item,
           gconstpointer  data)
{
  const FltAwsReference *r = item;
  g_autofree char *text = r->alias ? g_strdup_printf ("%s:%s", r->container, r->alias)
                                   : g_strdup (r->container);

  return _flt_aws_string (out, text);
}

static FltNode *
variable_node (FltTree       *out,
               gconstpointer  item,
               gconstpointer  data)
{
  const FltAwsVariable *v = item;

  return _flt_aws_mapping (out,
                           "name", _flt_aws_string (out, v->name),
                           "value", _flt_aws_string (out, v->value),
                           NULL);
}

static FltNode *
mount_point_node (FltTree       *out,
                  gconstpointer  item,
                  gconstpointer  data)
{
  const FltAwsMount *mnt = item;

  return _flt_aws_mapping (out,
                           "sourceVolume", _flt_aws_string (out, mnt->volume),
                           "containerPath", _flt_aws_string (out, mnt->container_path),
                           "readOnly", _flt_aws_bool (out, mnt->read_only),
                           NULL);
}

static FltNode *
volume_from_node (FltTree       *out,
                  gconstpointer  item,
                  gconstpointer  data)
{
  const FltAwsReference *r = item;

  return _flt_aws_mapping (out,
                           "sourceContainer", _flt_aws_string (out, r->container),
                           "readOnly", _flt_aws_bool (out, r->read_only),
                           NULL);
}

static FltNode *
extra_host_node (FltTree       *out,
                 gconstpointer  item,
                 gconstpointer  data)
{
  const FltKeyValue *kv = item;

  return _flt_aws_mapping (out,
                           "hostname", _flt_aws_string (out, kv->name),
                           "ipAddress", _flt_aws_string (out, kv->value),
                           NULL);
}

static FltNode *
ulimit_node (FltTree       *out,
             gconstpointer  item,
             gconstpointer  data)
{
  const FltAwsUlimit *u = item;

  return _flt_aws_mapping (out,
                           "name", _flt_aws_string (out, u->name),
                           "softLimit", _flt_aws_number (out, u->soft),
                           "hardLimit", _flt_aws_number (out, u->hard),
                           NULL);
}

static FltNode *
dependency_node (FltTree       *out,
                 gconstpointer  item,
                 gconstpointer  data)
{
  const FltAwsReference *d = item;

  return _flt_aws_mapping (out,
                           "containerName", _flt_aws_string (out, d->container),
                           "condition", _flt_aws_string (out, d->condition),
                           NULL);
}

static FltNode *
log_configuration (FltTree         *out,
                   FltAwsContainer *c)
{
  if (c->log_driver == NULL)
    return NULL;
  return _flt_aws_mapping (out,
                           "logDriver", _flt_aws_string (out, c->log_driver),
                           "options", _flt_aws_key_values (out, c->log_options, FALSE),
                           NULL);
}

static FltNode *
linux_parameters (FltTree         *out,
                  FltAwsContainer *c)
{
  gboolean caps = (c->cap_add != NULL && c->cap_add[0] != NULL) || (c->cap_drop != NULL && c->cap_drop[0] != NULL);
  FltNode *capabilities = NULL;

  if (!caps && c->init < 0)
    return NULL;
  if (caps)
    capabilities = _flt_aws_mapping (out,
                                     "add", strv_or_null (out, c->cap_add),
                                     "drop", strv_or_null (out, c->cap_drop),
                                     NULL);
  return _flt_aws_mapping (out,
                           "capabilities", capabilities,
                           "initProcessEnabled", _flt_aws_bool_or_null (out, c->init),
                           NULL);
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
  _flt_aws_set (out, m, "entryPoint", strv_or_null (out, c->entrypoint));
  _flt_aws_set (out, m, "command", strv_or_null (out, c->command));
  if (c->working_dir != NULL)
    _flt_aws_set (out, m, "workingDirectory", _flt_aws_string (out, c->working_dir));
  if (c->user != NULL)
    _flt_aws_set (out, m, "user", _flt_aws_string (out, c->user));
  if (c->hostname != NULL)
    _flt_aws_set (out, m, "hostname", _flt_aws_string (out, c->hostname));
  _flt_aws_set (out, m, "portMappings", port_mappings (out, c));
  _flt_aws_set (out, m, "links", _flt_aws_sequence (out, c->links, link_node, NULL));
  _flt_aws_set (out, m, "environment", _flt_aws_sequence (out, c->environment, variable_node, NULL));
  _flt_aws_set (out, m, "mountPoints", _flt_aws_sequence (out, c->mounts, mount_point_node, NULL));
  _flt_aws_set (out, m, "volumesFrom", _flt_aws_sequence (out, c->volumes_from, volume_from_node, NULL));
  _flt_aws_set (out, m, "extraHosts", _flt_aws_sequence (out, c->extra_hosts, extra_host_node, NULL));
  _flt_aws_set (out, m, "ulimits", _flt_aws_sequence (out, c->ulimits, ulimit_node, NULL));
  _flt_aws_set (out, m, "logConfiguration", log_configuration (out, c));
  _flt_aws_set (out, m, "dockerLabels", _flt_aws_key_values (out, c->labels, FALSE));
  _flt_aws_set (out, m, "dnsServers", strv_or_null (out, c->dns));
  _flt_aws_set (out, m, "dnsSearchDomains", strv_or_null (out, c->dns_search));
  _flt_aws_set (out, m, "dockerSecurityOptions", strv_or_null (out, c->security_opt));
  _flt_aws_set (out, m, "linuxParameters", linux_parameters (out, c));
  _flt_aws_set (out, m, "privileged", _flt_aws_bool_or_null (out, c->privileged));
  _flt_aws_set (out, m, "readonlyRootFilesystem", _flt_aws_bool_or_null (out, c->read_only));
  _flt_aws_set (out, m, "interactive", _flt_aws_bool_or_null (out, c->stdin_open));
  _flt_aws_set (out, m, "pseudoTerminal", _flt_aws_bool_or_null (out, c->tty));
  _flt_aws_set (out, m, "healthCheck", health_check (out, c));
  _flt_aws_set (out, m, "dependsOn", _flt_aws_sequence (out, c->depends_on, dependency_node, NULL));
  return m;
}

static FltNode *
task_volume_node (FltTree       *out,
                  gconstpointer  item,
                  gconstpointer  data)
{
  const FltAwsVolume *v = item;
  FltNode *host = NULL;
  FltNode *docker = NULL;

  if (v->kind == FLT_AWS_VOLUME_HOST)
    host = _flt_aws_mapping (out, "sourcePath", _flt_aws_string (out, v->host_path), NULL);
  else if (v->kind == FLT_AWS_VOLUME_DOCKER)
    docker = _flt_aws_mapping (out,
                               "scope", _flt_aws_string (out, "shared"),
                               "autoprovision", _flt_aws_bool (out, !v->external),
                               "driver", _flt_aws_string (out, v->driver),
                               "driverOpts", _flt_aws_key_values (out, v->driver_opts, FALSE),
                               "labels", _flt_aws_key_values (out, v->labels, FALSE),
                               NULL);
  return _flt_aws_mapping (out,
                           "name", _flt_aws_string (out, v->name),
                           "host", host,
                           "dockerVolumeConfiguration", docker,
                           NULL);
}

char *
_flt_task_definition_to_text (const FltAwsTask *task)
{
  g_autoptr(FltTree) out = flt_tree_new_empty (NULL);
  FltNode *root = flt_tree_new_mapping (out, NULL);
  FltNode *containers = flt_tree_new_sequence (out, NULL);
  GString *text = g_string_new (NULL);
  const char * const compatibilities[] = { "EC2", NULL };

  _flt_aws_set (out, root, "family", _flt_aws_string (out, task->family));
  _flt_aws_set (out, root, "networkMode", _flt_aws_string (out, task->network_mode));
  _flt_aws_set (out, root, "requiresCompatibilities", _flt_aws_strv (out, compatibilities, FALSE));
  _flt_aws_set_task_size (out, root, task, "cpu", "memory");

  for (guint i = 0; i < task->containers->len; i++)
    flt_tree_append (out, containers, container_definition (out, g_ptr_array_index (task->containers, i)));
  _flt_aws_set (out, root, "containerDefinitions", containers);
  _flt_aws_set (out, root, "volumes", _flt_aws_sequence (out, task->volumes, task_volume_node, NULL));

  flt_json_write_node (text, root, 0);
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}
