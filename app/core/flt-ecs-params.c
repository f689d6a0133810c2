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

/* A duration, which ecs-params.yml takes as a string: "90s". */
static void
set_seconds (FltTree    *out,
             FltNode    *mapping,
             const char *key,
             gint64      seconds)
{
  g_autofree char *text = NULL;

  if (seconds < 0)
    return;
  text = _flt_aws_format_seconds (seconds);
  _flt_aws_set (out, mapping, key, _flt_aws_string (out, text));
}

static FltNode *
healthcheck_node (FltTree         *out,
                  FltAwsContainer *c)
{
  FltNode *m = flt_tree_new_mapping (out, NULL);

  _flt_aws_set (out, m, "test", _flt_aws_strv (out, (const char * const *) c->health_test, FALSE));
  set_seconds (out, m, "interval", c->health_interval);
  set_seconds (out, m, "timeout", c->health_timeout);
  if (c->health_retries >= 0)
    _flt_aws_set (out, m, "retries", _flt_aws_number (out, c->health_retries));
  set_seconds (out, m, "start_period", c->health_start_period);
  return m;
}

static FltNode *
dependency_node (FltTree       *out,
                 gconstpointer  item,
                 gconstpointer  data)
{
  const FltAwsReference *d = item;

  return _flt_aws_mapping (out,
                           "container_name", _flt_aws_string (out, d->service),
                           "condition", _flt_aws_string (out, d->condition),
                           NULL);
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
  _flt_aws_set (out, m, "depends_on", _flt_aws_sequence (out, c->depends_on, dependency_node, NULL));
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
      _flt_aws_set (out, m, "driver_opts", _flt_aws_key_values (out, v->driver_opts, FALSE));
      _flt_aws_set (out, m, "labels", _flt_aws_key_values (out, v->labels, FALSE));
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

  _flt_aws_set (out, root, "version", _flt_aws_number (out, 1));
  _flt_aws_set (out, definition, "ecs_network_mode", _flt_aws_string (out, task->network_mode));

  _flt_aws_set_task_size (out, size, task, "cpu_limit", "mem_limit");
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
