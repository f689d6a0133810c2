/* flt-aws-compose.c: aws-compose.yml, the compose file ecs-cli reads
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "flt-aws-export-private.h"
#include "flt-yaml-writer.h"

/* The legacy (version 1) format of the tutorial's aws-compose.yml: services
 * at the top level, no version or services key, and only the keys of the
 * version 1 schema, which ecs-cli validates against: log_driver and log_opt
 * rather than logging, no depends_on (links instead), no healthcheck (that
 * goes to ecs-params.yml).  Every string is read back with interpolation,
 * so a "$" in it is written "$$". */

static FltNode *
escaped (FltTree    *out,
         const char *value)
{
  g_autofree char *text = _flt_aws_escape_dollars (value);

  return _flt_aws_string (out, text);
}

/* A command written as a string stays one; ecs-cli splits it as Compose
 * does. */
static FltNode *
command_node (FltTree            *out,
              const FltNode      *original,
              const char * const *argv)
{
  if (argv == NULL)
    return NULL;
  if (flt_node_is_scalar (original) && !original->is_null)
    return escaped (out, original->value);
  return _flt_aws_strv (out, argv, TRUE);
}

static FltNode *
strv_or_null (FltTree *out,
              GStrv    strv)
{
  return _flt_aws_strv_or_null (out, (const char * const *) strv, TRUE);
}

static FltNode *
ports_node (FltTree         *out,
            FltAwsContainer *c)
{
  FltNode *seq;

  if (c->ports->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < c->ports->len; i++)
    {
      const FltAwsPort *p = &g_array_index (c->ports, FltAwsPort, i);
      const char *suffix = g_str_equal (p->protocol, "udp") ? "/udp" : "";
      g_autofree char *text = p->host_port != 0
        ? g_strdup_printf ("%u:%u%s", p->host_port, p->container_port, suffix)
        : g_strdup_printf ("%u%s", p->container_port, suffix);

      FltNode *node = _flt_aws_string (out, text);

      /* Quoted, as the tutorial writes them: "80:50" unquoted would be a
       * number in base 60 to a YAML 1.1 reader. */
      node->style = FLT_SCALAR_DOUBLE_QUOTED;
      flt_tree_append (out, seq, node);
    }
  return seq;
}

static FltNode *
link_node (FltTree       *out,
           gconstpointer  item,
           gconstpointer  data)
{
  const FltAwsReference *r = item;
  g_autofree char *text = r->alias ? g_strdup_printf ("%s:%s", r->service, r->alias)
                                   : g_strdup (r->service);

  return _flt_aws_string (out, text);
}

static FltNode *
volume_from_node (FltTree       *out,
                  gconstpointer  item,
                  gconstpointer  data)
{
  const FltAwsReference *r = item;
  g_autofree char *text = g_strdup_printf ("%s%s", r->service, r->read_only ? ":ro" : "");

  return _flt_aws_string (out, text);
}

static FltNode *
environment_node (FltTree         *out,
                  FltAwsContainer *c)
{
  FltNode *m;

  if (c->environment->len == 0)
    return NULL;
  m = flt_tree_new_mapping (out, NULL);
  for (guint i = 0; i < c->environment->len; i++)
    {
      FltAwsVariable *v = g_ptr_array_index (c->environment, i);

      /* No value: ecs-cli takes it from its shell, as Compose would. */
      _flt_aws_set (out, m, v->name, v->from_shell ? _flt_aws_typed (out, NULL) : escaped (out, v->value));
    }
  return m;
}

static FltNode *
volume_node (FltTree       *out,
             gconstpointer  item,
             gconstpointer  data)
{
  const FltAwsMount *m = item;
  const char *mode = m->read_only ? ":ro" : "";
  g_autofree char *text = m->source != NULL
    ? g_strdup_printf ("%s:%s%s", m->source, m->container_path, mode)
    : g_strdup_printf ("%s%s", m->container_path, mode);

  return escaped (out, text);
}

static FltNode *
extra_host_node (FltTree       *out,
                 gconstpointer  item,
                 gconstpointer  data)
{
  const FltKeyValue *kv = item;
  g_autofree char *text = g_strdup_printf ("%s:%s", kv->name, kv->value);

  return _flt_aws_string (out, text);
}

static FltNode *
ulimits_node (FltTree         *out,
              FltAwsContainer *c)
{
  FltNode *m;

  if (c->ulimits->len == 0)
    return NULL;
  m = flt_tree_new_mapping (out, NULL);
  for (guint i = 0; i < c->ulimits->len; i++)
    {
      FltAwsUlimit *u = g_ptr_array_index (c->ulimits, i);

      if (u->soft == u->hard)
        _flt_aws_set (out, m, u->name, _flt_aws_number (out, u->soft));
      else
        {
          FltNode *limits = flt_tree_new_mapping (out, NULL);

          _flt_aws_set (out, limits, "soft", _flt_aws_number (out, u->soft));
          _flt_aws_set (out, limits, "hard", _flt_aws_number (out, u->hard));
          _flt_aws_set (out, m, u->name, limits);
        }
    }
  return m;
}

static FltNode *
service_node (FltTree         *out,
              FltAwsContainer *c)
{
  FltNode *m = flt_tree_new_mapping (out, NULL);

  /* The tutorial's order first: image, cpu_shares, mem_limit, ports, links. */
  _flt_aws_set (out, m, "image", escaped (out, c->image));
  _flt_aws_set (out, m, "cpu_shares", _flt_aws_number (out, c->cpu));
  _flt_aws_set (out, m, "mem_limit", _flt_aws_number (out, c->memory));
  _flt_aws_set (out, m, "command", command_node (out, c->command_node, (const char * const *) c->command));
  _flt_aws_set (out, m, "entrypoint", command_node (out, c->entrypoint_node, (const char * const *) c->entrypoint));
  if (c->working_dir != NULL)
    _flt_aws_set (out, m, "working_dir", escaped (out, c->working_dir));
  if (c->user != NULL)
    _flt_aws_set (out, m, "user", escaped (out, c->user));
  if (c->hostname != NULL)
    _flt_aws_set (out, m, "hostname", escaped (out, c->hostname));
  _flt_aws_set (out, m, "ports", ports_node (out, c));
  _flt_aws_set (out, m, "links", _flt_aws_sequence (out, c->links, link_node, NULL));
  _flt_aws_set (out, m, "environment", environment_node (out, c));
  _flt_aws_set (out, m, "volumes", _flt_aws_sequence (out, c->mounts, volume_node, NULL));
  _flt_aws_set (out, m, "volumes_from", _flt_aws_sequence (out, c->volumes_from, volume_from_node, NULL));
  _flt_aws_set (out, m, "extra_hosts", _flt_aws_sequence (out, c->extra_hosts, extra_host_node, NULL));
  _flt_aws_set (out, m, "ulimits", ulimits_node (out, c));
  if (c->log_driver != NULL)
    {
      _flt_aws_set (out, m, "log_driver", _flt_aws_string (out, c->log_driver));
      _flt_aws_set (out, m, "log_opt", _flt_aws_key_values (out, c->log_options, TRUE));
    }
  _flt_aws_set (out, m, "labels", _flt_aws_key_values (out, c->labels, TRUE));
  _flt_aws_set (out, m, "dns", strv_or_null (out, c->dns));
  _flt_aws_set (out, m, "dns_search", strv_or_null (out, c->dns_search));
  _flt_aws_set (out, m, "cap_add", strv_or_null (out, c->cap_add));
  _flt_aws_set (out, m, "cap_drop", strv_or_null (out, c->cap_drop));
  _flt_aws_set (out, m, "security_opt", strv_or_null (out, c->security_opt));
  _flt_aws_set (out, m, "privileged", _flt_aws_bool_or_null (out, c->privileged));
  _flt_aws_set (out, m, "read_only", _flt_aws_bool_or_null (out, c->read_only));
  _flt_aws_set (out, m, "stdin_open", _flt_aws_bool_or_null (out, c->stdin_open));
  _flt_aws_set (out, m, "tty", _flt_aws_bool_or_null (out, c->tty));

  return m;
}

char *
_flt_aws_compose_to_text (const FltAwsTask *task)
{
  g_autoptr(FltTree) out = flt_tree_new_empty (NULL);
  FltNode *root = flt_tree_new_mapping (out, NULL);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < task->containers->len; i++)
    {
      FltAwsContainer *c = g_ptr_array_index (task->containers, i);

      _flt_aws_set (out, root, c->service, service_node (out, c));
    }

  flt_yaml_write_node (text, root, 0);
  return g_string_free (text, FALSE);
}
