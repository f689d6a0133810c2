/* flt-ecs-params.c: ecs-params.yml, what ecs-cli takes beside the compose
 * file
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "flt-aws-export-private.h"
#include "flt-yaml-writer.h"

/* ecs-cli reads ./ecs-params.yml (or --ecs-params) for what the compose
 * file cannot say: the network mode, the task size, and per container
 * whether it is essential, its memory reservation, whether it runs an init
 * process, its health check and its dependency conditions.  Keys are the compose file's service names.
 * Memory without a unit is bytes here, except in task_size, where it is
 * MiB. */

static FltNode *
healthcheck_node (FltTree         *out,
                  FltAwsContainer *c)
{
  FltNode *m = flt_tree_new_mapping (out, NULL);

  _flt_aws_set (out, m, "test", _flt_aws_strv (out, (const char * const *) c->health_test, FALSE));
  if (c->health_interval >= 0)
    {
      g_autofree char *text = _flt_aws_format_seconds (c->health_interval);

      _flt_aws_set (out, m, "interval", _flt_aws_string (out, text));
    }
  if (c->health_timeout >= 0)
    {
      g_autofree char *text = _flt_aws_format_seconds (c->health_timeout);

      _flt_aws_set (out, m, "timeout", _flt_aws_string (out, text));
    }
  if (c->health_retries >= 0)
    _flt_aws_set (out, m, "retries", _flt_aws_number (out, c->health_retries));
  if (c->health_start_period >= 0)
    {
      g_autofree char *text = _flt_aws_format_seconds (c->health_start_period);

      _flt_aws_set (out, m, "start_period", _flt_aws_string (out, text));
    }
  return m;
}

static FltNode *
depends_on_node (FltTree         *out,
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

      _flt_aws_set (out, m, "container_name", _flt_aws_string (out, d->service));
      _flt_aws_set (out, m, "condition", _flt_aws_string (out, d->condition));
      flt_tree_append (out, seq, m);
    }
  return seq;
}

static FltNode *
service_node (FltTree         *out,
              FltAwsContainer *c)
{
  FltNode *m = flt_tree_new_mapping (out, NULL);

  /* Always written: ecs-cli makes a container listed here without
   * essential: non-essential in some versions. */
  _flt_aws_set (out, m, "essential", _flt_aws_bool (out, c->essential));
  if (c->memory_reservation >= 0)
    _flt_aws_set (out, m, "mem_reservation", _flt_aws_number (out, c->memory_reservation));
  if (c->init >= 0)
    _flt_aws_set (out, m, "init_process_enabled", _flt_aws_bool (out, c->init));
  if (c->health_test != NULL)
    _flt_aws_set (out, m, "healthcheck", healthcheck_node (out, c));
  _flt_aws_set (out, m, "depends_on", depends_on_node (out, c));
  return m;
}

static FltNode *
key_values_node (FltTree   *out,
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
docker_volumes_node (FltTree          *out,
                     const FltAwsTask *task)
{
  FltNode *seq = flt_tree_new_sequence (out, NULL);

  for (guint i = 0; i < task->volumes->len; i++)
    {
      FltAwsVolume *v = g_ptr_array_index (task->volumes, i);
      FltNode *m;

      if (v->kind != FLT_AWS_VOLUME_DOCKER)
        continue;
      m = flt_tree_new_mapping (out, NULL);
      _flt_aws_set (out, m, "name", _flt_aws_string (out, v->name));
      /* Shared: the volume outlives the task, as a named volume outlives
       * `docker compose down`. */
      _flt_aws_set (out, m, "scope", _flt_aws_string (out, "shared"));
      _flt_aws_set (out, m, "autoprovision", _flt_aws_bool (out, !v->external));
      _flt_aws_set (out, m, "driver", _flt_aws_string (out, v->driver));
      _flt_aws_set (out, m, "driver_opts", key_values_node (out, v->driver_opts));
      _flt_aws_set (out, m, "labels", key_values_node (out, v->labels));
      flt_tree_append (out, seq, m);
    }
  return seq->n_items > 0 ? seq : NULL;
}

char *
_flt_ecs_params_to_text (const FltAwsTask *task)
{
  g_autoptr(FltTree) out = flt_tree_new_empty (NULL);
  FltNode *root = flt_tree_new_mapping (out, NULL);
  FltNode *definition = flt_tree_new_mapping (out, NULL);
  FltNode *size = flt_tree_new_mapping (out, NULL);
  FltNode *services = flt_tree_new_mapping (out, NULL);
  GString *text = g_string_new (NULL);
  char number[32];

  _flt_aws_set (out, root, "version", _flt_aws_number (out, 1));
  _flt_aws_set (out, definition, "ecs_network_mode", _flt_aws_string (out, task->network_mode));

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, _flt_aws_task_cpu (task));
  _flt_aws_set (out, size, "cpu_limit", _flt_aws_string (out, number));
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, _flt_aws_task_memory_mib (task));
  _flt_aws_set (out, size, "mem_limit", _flt_aws_string (out, number));
  _flt_aws_set (out, definition, "task_size", size);

  for (guint i = 0; i < task->containers->len; i++)
    {
      FltAwsContainer *c = g_ptr_array_index (task->containers, i);

      _flt_aws_set (out, services, c->service, service_node (out, c));
    }
  _flt_aws_set (out, definition, "services", services);
  _flt_aws_set (out, definition, "docker_volumes", docker_volumes_node (out, task));
  _flt_aws_set (out, root, "task_definition", definition);

  flt_yaml_write_node (text, root, 0);
  return g_string_free (text, FALSE);
}
