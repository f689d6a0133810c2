/* flt-schema.c: the keys and types the Compose specification allows
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-project-private.h"
#include "flt-units.h"

typedef enum
{
  T_ANY,
  T_STRING,
  T_STRING_OR_NUMBER,
  T_BOOL,
  T_NUMBER,
  T_INT,
  T_SIZE,
  T_DURATION,
  T_LIST_OF_STRINGS,
  T_LIST_OF_STRINGS_OR_NUMBERS,
  T_STRING_OR_LIST,
  T_LIST_OR_DICT,
  T_COMMAND,
  T_OBJECT,
  T_MAPPING,                 /* fields in sub */
  T_STRING_OR_MAPPING,       /* a string, or a mapping with fields in sub */
  T_BOOL_OR_MAPPING,
  T_LIST_OF_MAPPINGS,        /* each item a mapping with fields in sub */
  T_LIST_OF_STRING_OR_MAPPING,
  T_PORTS,
  T_MAP_OF,                  /* any keys; each value a mapping with fields in sub, or null */
  T_DEPENDS_ON,
  T_SERVICE_NETWORKS,
  T_ULIMITS,
  T_ENV_FILE,
  T_ENUM,
  T_RESTART,
} Type;

typedef struct _Schema Schema;

typedef struct
{
  const char *key;
  Type type;
  const Schema *sub;
  const char * const *choices;
} Field;

struct _Schema
{
  const Field *fields;
  gboolean extensions;      /* x- keys allowed */
};

#define END { NULL, T_ANY, NULL, NULL }

static const char * const pull_policies[] = {
  "always", "never", "if_not_present", "build", "missing", "refresh", "daily", "weekly", NULL
};
static const char * const conditions[] = {
  "service_started", "service_healthy", "service_completed_successfully", NULL
};

static const Field resource_set_fields[] = {
  { "cpus", T_NUMBER }, { "memory", T_SIZE }, { "pids", T_INT },
  { "generic_resources", T_ANY }, { "devices", T_ANY }, END
};
static const Schema resource_set = { resource_set_fields, TRUE };

static const Field resources_fields[] = {
  { "limits", T_MAPPING, &resource_set }, { "reservations", T_MAPPING, &resource_set }, END
};
static const Schema resources = { resources_fields, TRUE };

static const Field update_fields[] = {
  { "parallelism", T_INT }, { "delay", T_DURATION }, { "failure_action", T_STRING },
  { "monitor", T_DURATION }, { "max_failure_ratio", T_NUMBER }, { "order", T_STRING }, END
};
static const Schema update_config = { update_fields, TRUE };

static const Field restart_policy_fields[] = {
  { "condition", T_STRING }, { "delay", T_DURATION }, { "max_attempts", T_INT },
  { "window", T_DURATION }, END
};
static const Schema restart_policy = { restart_policy_fields, TRUE };

static const Field placement_fields[] = {
  { "constraints", T_LIST_OF_STRINGS }, { "preferences", T_ANY },
  { "max_replicas_per_node", T_INT }, END
};
static const Schema placement = { placement_fields, TRUE };

static const Field deploy_fields[] = {
  { "mode", T_STRING }, { "endpoint_mode", T_STRING }, { "replicas", T_INT },
  { "labels", T_LIST_OR_DICT }, { "rollback_config", T_MAPPING, &update_config },
  { "update_config", T_MAPPING, &update_config }, { "resources", T_MAPPING, &resources },
  { "restart_policy", T_MAPPING, &restart_policy }, { "placement", T_MAPPING, &placement }, END
};
static const Schema deploy = { deploy_fields, TRUE };

static const Field healthcheck_fields[] = {
  { "disable", T_BOOL }, { "interval", T_DURATION }, { "retries", T_NUMBER },
  { "test", T_STRING_OR_LIST }, { "timeout", T_DURATION }, { "start_period", T_DURATION },
  { "start_interval", T_DURATION }, END
};
static const Schema healthcheck = { healthcheck_fields, TRUE };

static const Field secret_ref_fields[] = {
  { "source", T_STRING }, { "target", T_STRING }, { "uid", T_STRING }, { "gid", T_STRING },
  { "mode", T_STRING_OR_NUMBER }, END
};
static const Schema secret_ref = { secret_ref_fields, TRUE };

static const Field build_fields[] = {
  { "context", T_STRING }, { "dockerfile", T_STRING }, { "dockerfile_inline", T_STRING },
  { "entitlements", T_LIST_OF_STRINGS }, { "args", T_LIST_OR_DICT }, { "ssh", T_LIST_OR_DICT },
  { "labels", T_LIST_OR_DICT }, { "cache_from", T_LIST_OF_STRINGS }, { "cache_to", T_LIST_OF_STRINGS },
  { "no_cache", T_BOOL }, { "additional_contexts", T_LIST_OR_DICT }, { "network", T_STRING },
  { "provenance", T_ANY }, { "sbom", T_ANY }, { "pull", T_BOOL }, { "target", T_STRING },
  { "shm_size", T_SIZE }, { "extra_hosts", T_LIST_OR_DICT }, { "isolation", T_STRING },
  { "privileged", T_BOOL }, { "secrets", T_LIST_OF_STRING_OR_MAPPING, &secret_ref },
  { "tags", T_LIST_OF_STRINGS }, { "ulimits", T_ULIMITS }, { "platforms", T_LIST_OF_STRINGS }, END
};
static const Schema build = { build_fields, TRUE };

static const Field extends_fields[] = { { "service", T_STRING }, { "file", T_STRING }, END };
static const Schema extends = { extends_fields, FALSE };

static const Field logging_fields[] = { { "driver", T_STRING }, { "options", T_OBJECT }, END };
static const Schema logging = { logging_fields, TRUE };

static const Field device_fields[] = {
  { "source", T_STRING }, { "target", T_STRING }, { "permissions", T_STRING }, END
};
static const Schema device = { device_fields, TRUE };

static const Field depends_fields[] = {
  { "condition", T_ENUM, NULL, conditions }, { "restart", T_BOOL }, { "required", T_BOOL }, END
};
static const Schema depends = { depends_fields, TRUE };

static const Field service_network_fields[] = {
  { "aliases", T_LIST_OF_STRINGS }, { "ipv4_address", T_STRING }, { "ipv6_address", T_STRING },
  { "link_local_ips", T_LIST_OF_STRINGS }, { "mac_address", T_STRING }, { "priority", T_NUMBER },
  { "gw_priority", T_NUMBER }, { "driver_opts", T_OBJECT }, { "interface_name", T_STRING }, END
};
static const Schema service_network = { service_network_fields, TRUE };

static const Field watch_fields[] = {
  { "path", T_STRING }, { "action", T_STRING }, { "target", T_STRING }, { "ignore", T_STRING_OR_LIST },
  { "include", T_STRING_OR_LIST }, { "initial_sync", T_BOOL }, { "exec", T_ANY }, END
};
static const Schema watch = { watch_fields, TRUE };

static const Field develop_fields[] = { { "watch", T_LIST_OF_MAPPINGS, &watch }, END };
static const Schema develop = { develop_fields, TRUE };

static const Field hook_fields[] = {
  { "command", T_COMMAND }, { "user", T_STRING }, { "privileged", T_BOOL },
  { "working_dir", T_STRING }, { "environment", T_LIST_OR_DICT }, END
};
static const Schema hook = { hook_fields, TRUE };

/* pre_start hooks run a container of their own, so they take an image and
 * mounts as well (docker compose 2.39 and later). */
static const Field pre_start_fields[] = {
  { "command", T_COMMAND }, { "entrypoint", T_COMMAND }, { "user", T_STRING },
  { "privileged", T_BOOL }, { "working_dir", T_STRING }, { "environment", T_LIST_OR_DICT },
  { "image", T_STRING }, { "volumes", T_LIST_OF_STRING_OR_MAPPING, NULL },
  { "networks", T_ANY }, { "depends_on", T_ANY }, END
};
static const Schema pre_start = { pre_start_fields, TRUE };

static const Field provider_fields[] = { { "type", T_STRING }, { "options", T_OBJECT }, END };
static const Schema provider = { provider_fields, TRUE };

static const Field service_fields[] = {
  { "develop", T_MAPPING, &develop }, { "deploy", T_MAPPING, &deploy },
  { "annotations", T_LIST_OR_DICT }, { "attach", T_BOOL }, { "build", T_STRING_OR_MAPPING, &build },
  { "blkio_config", T_OBJECT }, { "cap_add", T_LIST_OF_STRINGS }, { "cap_drop", T_LIST_OF_STRINGS },
  { "cgroup", T_STRING }, { "cgroup_parent", T_STRING }, { "command", T_COMMAND },
  { "configs", T_LIST_OF_STRING_OR_MAPPING, &secret_ref }, { "container_name", T_STRING },
  { "cpu_count", T_INT }, { "cpu_percent", T_INT }, { "cpu_shares", T_NUMBER },
  { "cpu_quota", T_NUMBER }, { "cpu_period", T_NUMBER }, { "cpu_rt_period", T_NUMBER },
  { "cpu_rt_runtime", T_NUMBER }, { "cpus", T_NUMBER }, { "cpuset", T_STRING },
  { "credential_spec", T_OBJECT }, { "depends_on", T_DEPENDS_ON, &depends },
  { "device_cgroup_rules", T_LIST_OF_STRINGS }, { "devices", T_LIST_OF_STRING_OR_MAPPING, &device },
  { "dns", T_STRING_OR_LIST }, { "dns_opt", T_LIST_OF_STRINGS }, { "dns_search", T_STRING_OR_LIST },
  { "domainname", T_STRING }, { "entrypoint", T_COMMAND }, { "env_file", T_ENV_FILE },
  { "label_file", T_STRING_OR_LIST }, { "environment", T_LIST_OR_DICT },
  { "expose", T_LIST_OF_STRINGS_OR_NUMBERS }, { "extends", T_STRING_OR_MAPPING, &extends },
  { "provider", T_MAPPING, &provider }, { "external_links", T_LIST_OF_STRINGS },
  { "extra_hosts", T_LIST_OR_DICT }, { "gpus", T_ANY }, { "group_add", T_LIST_OF_STRINGS_OR_NUMBERS },
  { "healthcheck", T_MAPPING, &healthcheck }, { "hostname", T_STRING }, { "image", T_STRING },
  { "init", T_BOOL }, { "ipc", T_STRING }, { "isolation", T_STRING }, { "labels", T_LIST_OR_DICT },
  { "links", T_LIST_OF_STRINGS }, { "logging", T_MAPPING, &logging }, { "mac_address", T_STRING },
  { "mem_limit", T_SIZE }, { "mem_reservation", T_SIZE }, { "mem_swappiness", T_INT },
  { "memswap_limit", T_SIZE }, { "network_mode", T_STRING }, { "models", T_ANY },
  { "networks", T_SERVICE_NETWORKS, &service_network }, { "oom_kill_disable", T_BOOL },
  { "oom_score_adj", T_INT }, { "pid", T_STRING }, { "pids_limit", T_NUMBER },
  { "platform", T_STRING }, { "ports", T_PORTS }, { "post_start", T_LIST_OF_MAPPINGS, &hook },
  { "pre_stop", T_LIST_OF_MAPPINGS, &hook }, { "pre_start", T_LIST_OF_MAPPINGS, &pre_start },
  { "privileged", T_BOOL }, { "profiles", T_LIST_OF_STRINGS },
  { "pull_policy", T_ENUM, NULL, pull_policies }, { "pull_refresh_after", T_STRING },
  { "read_only", T_BOOL }, { "restart", T_RESTART }, { "runtime", T_STRING }, { "scale", T_INT },
  { "security_opt", T_LIST_OF_STRINGS }, { "shm_size", T_SIZE },
  { "secrets", T_LIST_OF_STRING_OR_MAPPING, &secret_ref }, { "sysctls", T_LIST_OR_DICT },
  { "stdin_open", T_BOOL }, { "stop_grace_period", T_DURATION }, { "stop_signal", T_STRING },
  { "storage_opt", T_OBJECT }, { "tmpfs", T_STRING_OR_LIST }, { "tty", T_BOOL },
  { "ulimits", T_ULIMITS }, { "use_api_socket", T_BOOL }, { "user", T_STRING }, { "uts", T_STRING },
  { "userns_mode", T_STRING }, { "volumes", T_LIST_OF_STRING_OR_MAPPING, NULL },
  { "volumes_from", T_LIST_OF_STRINGS }, { "working_dir", T_STRING }, END
};
static const Schema service = { service_fields, TRUE };

static const Field ipam_config_fields[] = {
  { "subnet", T_STRING }, { "ip_range", T_STRING }, { "gateway", T_STRING },
  { "aux_addresses", T_OBJECT }, END
};
static const Schema ipam_config = { ipam_config_fields, TRUE };

static const Field ipam_fields[] = {
  { "driver", T_STRING }, { "config", T_LIST_OF_MAPPINGS, &ipam_config }, { "options", T_OBJECT }, END
};
static const Schema ipam = { ipam_fields, TRUE };

static const Field external_fields[] = { { "name", T_STRING }, END };
static const Schema external = { external_fields, TRUE };

static const Field network_fields[] = {
  { "name", T_STRING }, { "driver", T_STRING }, { "driver_opts", T_OBJECT },
  { "ipam", T_MAPPING, &ipam }, { "external", T_BOOL_OR_MAPPING, &external },
  { "internal", T_BOOL }, { "enable_ipv4", T_BOOL }, { "enable_ipv6", T_BOOL },
  { "attachable", T_BOOL }, { "labels", T_LIST_OR_DICT }, END
};
static const Schema network = { network_fields, TRUE };

static const Field volume_fields[] = {
  { "name", T_STRING }, { "driver", T_STRING }, { "driver_opts", T_OBJECT },
  { "external", T_BOOL_OR_MAPPING, &external }, { "labels", T_LIST_OR_DICT }, END
};
static const Schema volume = { volume_fields, TRUE };

static const Field secret_fields[] = {
  { "name", T_STRING }, { "environment", T_STRING }, { "file", T_STRING },
  { "external", T_BOOL_OR_MAPPING, &external }, { "labels", T_LIST_OR_DICT },
  { "driver", T_STRING }, { "driver_opts", T_OBJECT }, { "template_driver", T_STRING }, END
};
static const Schema secret = { secret_fields, TRUE };

static const Field config_fields[] = {
  { "name", T_STRING }, { "content", T_STRING }, { "environment", T_STRING }, { "file", T_STRING },
  { "external", T_BOOL_OR_MAPPING, &external }, { "labels", T_LIST_OR_DICT },
  { "template_driver", T_STRING }, END
};
static const Schema config = { config_fields, TRUE };

static const Field model_fields[] = {
  { "name", T_STRING }, { "model", T_STRING }, { "context_size", T_INT },
  { "runtime_flags", T_LIST_OF_STRINGS }, END
};
static const Schema model = { model_fields, TRUE };

static const Field include_fields[] = {
  { "path", T_STRING_OR_LIST }, { "env_file", T_STRING_OR_LIST }, { "project_directory", T_STRING }, END
};
static const Schema include = { include_fields, FALSE };

static const Field top_fields[] = {
  { "version", T_STRING }, { "name", T_STRING },
  { "include", T_LIST_OF_STRING_OR_MAPPING, &include },
  { "services", T_MAP_OF, &service }, { "networks", T_MAP_OF, &network },
  { "volumes", T_MAP_OF, &volume }, { "secrets", T_MAP_OF, &secret },
  { "configs", T_MAP_OF, &config }, { "models", T_MAP_OF, &model }, END
};
static const Schema top = { top_fields, TRUE };

static const Field port_fields[] = {
  { "name", T_STRING }, { "mode", T_STRING }, { "host_ip", T_STRING }, { "target", T_STRING_OR_NUMBER },
  { "published", T_STRING_OR_NUMBER }, { "protocol", T_STRING }, { "app_protocol", T_STRING }, END
};
static const Schema port = { port_fields, TRUE };

static const Field bind_fields[] = {
  { "propagation", T_STRING }, { "create_host_path", T_BOOL }, { "selinux", T_STRING },
  { "recursive", T_STRING }, END
};
static const Schema bind = { bind_fields, TRUE };

static const Field volume_options_fields[] = {
  { "nocopy", T_BOOL }, { "subpath", T_STRING }, { "labels", T_LIST_OR_DICT }, END
};
static const Schema volume_options = { volume_options_fields, TRUE };

static const Field tmpfs_fields[] = { { "size", T_SIZE }, { "mode", T_STRING_OR_NUMBER }, END };
static const Schema tmpfs = { tmpfs_fields, TRUE };

static const Field image_fields[] = { { "subpath", T_STRING }, END };
static const Schema image = { image_fields, TRUE };

static const Field mount_fields[] = {
  { "type", T_STRING }, { "source", T_STRING }, { "target", T_STRING }, { "read_only", T_BOOL },
  { "consistency", T_STRING }, { "bind", T_MAPPING, &bind }, { "volume", T_MAPPING, &volume_options },
  { "tmpfs", T_MAPPING, &tmpfs }, { "image", T_MAPPING, &image }, END
};
static const Schema mount = { mount_fields, TRUE };

static const Field env_file_fields[] = {
  { "path", T_STRING }, { "required", T_BOOL }, { "format", T_STRING }, END
};
static const Schema env_file = { env_file_fields, FALSE };

static const Field ulimit_fields[] = { { "soft", T_INT }, { "hard", T_INT }, END };
static const Schema ulimit = { ulimit_fields, TRUE };

/* YAML 1.2, as compose-go reads it: "yes" is a string there. */
typedef enum { Y_NULL, Y_BOOL, Y_INT, Y_FLOAT, Y_STRING, Y_MAPPING, Y_SEQUENCE } YamlType;

static YamlType
yaml_type (const FltNode *node)
{
  static const char * const bools[] = { "true", "True", "TRUE", "false", "False", "FALSE", NULL };
  const char *v;
  const char *p;

  if (node == NULL)
    return Y_NULL;
  if (node->kind == FLT_NODE_MAPPING)
    return Y_MAPPING;
  if (node->kind == FLT_NODE_SEQUENCE)
    return Y_SEQUENCE;
  if (node->is_null)
    return Y_NULL;
  if (node->style != FLT_SCALAR_PLAIN || node->tag != NULL || node->interpolated)
    return Y_STRING;

  v = node->value;
  if (g_strv_contains (bools, v))
    return Y_BOOL;

  p = v;
  if (*p == '-' || *p == '+')
    p++;
  if (g_ascii_isdigit (*p) && strspn (p, "0123456789") == strlen (p))
    return Y_INT;
  if ((g_str_has_prefix (v, "0x") && v[2] && strspn (v + 2, "0123456789abcdefABCDEF") == strlen (v + 2)) ||
      (g_str_has_prefix (v, "0o") && v[2] && strspn (v + 2, "01234567") == strlen (v + 2)))
    return Y_INT;
  if (flt_node_looks_numeric (node) && strchr ("0123456789+-.", v[0]) != NULL)
    return Y_FLOAT;
  if (g_str_equal (p, ".inf") || g_str_equal (p, ".Inf") || g_str_equal (v, ".nan"))
    return Y_FLOAT;
  return Y_STRING;
}

/* What a value is, for "expected ..., found ..." messages. */
static const char *
type_name (YamlType t)
{
  switch (t)
    {
    case Y_NULL: return C_("found", "null (nothing)");
    case Y_BOOL: return C_("found", "a boolean");
    case Y_INT: return C_("found", "a number");
    case Y_FLOAT: return C_("found", "a number");
    case Y_MAPPING: return C_("found", "a mapping");
    case Y_SEQUENCE: return C_("found", "a list");
    case Y_STRING:
    default: return C_("found", "a string");
    }
}

typedef struct
{
  GPtrArray *diagnostics;
} Walk;

static void check (Walk *w, const FltNode *node, const Field *field, const char *parent, const char *key);
static void check_mapping (Walk *w, const FltNode *node, const Schema *schema, const char *path);

static void
wrong_type (Walk          *w,
            const FltNode *node,
            const char    *path,
            const char    *expected)
{
  _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_WRONG_TYPE, node, path,
               /* Translators: "services.web.image has the wrong type: expected a string, found a number" */
               _("%s has the wrong type: expected %s, found %s"), path, expected, type_name (yaml_type (node)));
}

/* Levenshtein distance, bounded: stops counting beyond @limit. */
static guint
distance (const char *a,
          const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }
  return row[lb];
}

/**
 * _flt_suggest:
 *
 * Returns: (transfer full) (nullable): the candidate closest to @word, if
 *   it is close enough to be what was meant
 */
char *
_flt_suggest (const char         *word,
              const char * const *candidates)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  guint limit = MAX (2, strlen (word) / 3);

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      guint d = distance (word, candidates[i]);

      /* "wrongField" vs "working_dir"; "env" vs "environment" */
      if (d < best_distance ||
          (d == best_distance && best != NULL && strlen (candidates[i]) < strlen (best)))
        {
          best = candidates[i];
          best_distance = d;
        }
    }

  if (best == NULL)
    return NULL;
  if (best_distance <= limit)
    return g_strdup (best);

  /* A prefix or a word inside ("ports_" / "env" for "env_file"). */
  for (guint i = 0; candidates[i] != NULL; i++)
    if (strlen (word) >= 3 && (g_str_has_prefix (candidates[i], word) || g_str_has_prefix (word, candidates[i])))
      return g_strdup (candidates[i]);

  return NULL;
}

static void
unknown_key (Walk          *w,
             const FltNode *key,
             const Schema  *schema,
             const char    *parent_path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *suggestion = NULL;
  g_autofree char *path = flt_path_append_key (parent_path, key->value);

  for (const Field *f = schema->fields; f->key != NULL; f++)
    g_ptr_array_add (names, (gpointer) f->key);
  g_ptr_array_add (names, NULL);

  suggestion = _flt_suggest (key->value, (const char * const *) names->pdata);
  if (suggestion != NULL)
    _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_UNKNOWN_KEY, key, path,
                 _("unknown key “%s” in %s; did you mean “%s”?"),
                 key->value, *parent_path ? parent_path : _("the top level"), suggestion);
  else if (schema->extensions)
    _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_UNKNOWN_KEY, key, path,
                 _("unknown key “%s” in %s; check the spelling, or start it with “x-” to keep your own data there"),
                 key->value, *parent_path ? parent_path : _("the top level"));
  else
    _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_UNKNOWN_KEY, key, path,
                 _("unknown key “%s” in %s; check the spelling"),
                 key->value, *parent_path ? parent_path : _("the top level"));
}

/* Services have about a hundred keys: look them up in a table built once. */
static const Field *
find_field (const Schema *schema,
            const char   *key)
{
  static GHashTable *tables;
  GHashTable *table;

  if (tables == NULL)
    tables = g_hash_table_new (NULL, NULL);

  table = g_hash_table_lookup (tables, schema);
  if (table == NULL)
    {
      table = g_hash_table_new (g_str_hash, g_str_equal);
      for (const Field *f = schema->fields; f->key != NULL; f++)
        g_hash_table_insert (table, (gpointer) f->key, (gpointer) f);
      g_hash_table_insert (tables, (gpointer) schema, table);
    }

  return g_hash_table_lookup (table, key);
}

static void
check_mapping (Walk          *w,
               const FltNode *node,
               const Schema  *schema,
               const char    *path)
{
  for (guint i = 0; i < node->n_items; i++)
    {
      const FltNode *key = flt_node_key (node, i);
      const FltNode *value = flt_node_value (node, i);
      const Field *field = NULL;
      if (key->kind != FLT_NODE_SCALAR)
        {
          _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_WRONG_TYPE, key, path,
                       _("keys in %s must be strings; found %s"), path, flt_node_kind_to_string (key));
          continue;
        }
      if (schema->extensions && g_str_has_prefix (key->value, "x-"))
        continue;

      field = find_field (schema, key->value);

      if (field == NULL)
        {
          unknown_key (w, key, schema, path);
          continue;
        }

      check (w, value, field, path, key->value);
    }
}

static gboolean
is_scalar_type (YamlType t)
{
  return t == Y_STRING || t == Y_INT || t == Y_FLOAT || t == Y_BOOL;
}

static void
check_strings (Walk          *w,
               const FltNode *node,
               const char    *path,
               gboolean       numbers_too)
{
  for (guint i = 0; i < node->n_items; i++)
    {
      YamlType t = yaml_type (node->items[i]);

      if (t == Y_STRING || (numbers_too && (t == Y_INT || t == Y_FLOAT)))
        continue;
      {
        g_autofree char *child = flt_path_append_index (path, i);

        wrong_type (w, node->items[i], child, numbers_too ? _("a string or a number") : _("a string"));
      }
    }
}

static void
check_list_or_dict (Walk          *w,
                    const FltNode *node,
                    const char    *path)
{
  if (node->kind == FLT_NODE_SEQUENCE)
    {
      check_strings (w, node, path, FALSE);
      return;
    }
  if (node->kind != FLT_NODE_MAPPING)
    {
      wrong_type (w, node, path, _("a mapping or a list of KEY=VALUE strings"));
      return;
    }
  for (guint i = 0; i < node->n_items; i++)
    {
      const FltNode *value = flt_node_value (node, i);
      YamlType t = yaml_type (value);

      if (t == Y_MAPPING || t == Y_SEQUENCE)
        {
          g_autofree char *child = flt_path_append_key (path, flt_node_key (node, i)->value);

          wrong_type (w, value, child, _("a string, number, boolean or null"));
        }
    }
}

static gboolean
numeric_string (const char *s,
                gboolean    integer)
{
  char *end = NULL;

  if (s == NULL || *s == '\0')
    return FALSE;
  if (integer)
    g_ascii_strtoll (s, &end, 10);
  else
    g_ascii_strtod (s, &end);
  return end != s && *end == '\0';
}

static void
check_restart (Walk          *w,
               const FltNode *node,
               const char    *path)
{
  const char *v = node->value;

  if (g_str_equal (v, "no") || g_str_equal (v, "always") || g_str_equal (v, "unless-stopped") ||
      g_str_equal (v, "on-failure"))
    return;
  if (g_str_has_prefix (v, "on-failure:") && numeric_string (v + strlen ("on-failure:"), TRUE))
    return;

  _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VALUE, node, path,
               _("“%s” is not a restart policy; use no, always, unless-stopped, on-failure or on-failure:N"),
               v);
}

/* Most values are fine, so their path is only built when a message or a
 * nested walk needs it. */
static const char *
lazy_path (char       **owned,
           const char  *parent,
           const char  *key)
{
  if (*owned == NULL)
    *owned = flt_path_append_key (parent, key);
  return *owned;
}

#define PATH lazy_path (&path_, parent, key)

static void
check (Walk          *w,
       const FltNode *node,
       const Field   *field,
       const char    *parent,
       const char    *key)
{
  g_autofree char *path_ = NULL;
  YamlType t = yaml_type (node);

  /* A variable that is not set leaves an empty string (and a warning about
   * the variable).  That is fine where a string goes; where a boolean, a
   * number, a size, a duration or one of a few words goes, Compose fails
   * to convert it, and so do we. */
  if (node != NULL && node->kind == FLT_NODE_SCALAR && node->interpolated && node->value[0] == '\0' &&
      field->type != T_BOOL && field->type != T_BOOL_OR_MAPPING && field->type != T_NUMBER &&
      field->type != T_INT && field->type != T_SIZE && field->type != T_DURATION && field->type != T_ENUM)
    return;

  switch (field->type)
    {
    case T_ANY:
      break;

    case T_STRING:
      if (t != Y_STRING)
        wrong_type (w, node, PATH, _("a string"));
      break;

    case T_STRING_OR_NUMBER:
      if (t != Y_STRING && t != Y_INT && t != Y_FLOAT)
        wrong_type (w, node, PATH, _("a string or a number"));
      break;

    case T_BOOL:
      if (t != Y_BOOL && t != Y_STRING)
        wrong_type (w, node, PATH, _("true or false"));
      else if (t == Y_STRING)
        {
          gboolean b;

          if (!flt_node_get_bool (node, &b))
            _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VALUE, node, PATH,
                         _("%s must be true or false, not “%s”"), PATH, node->value);
        }
      break;

    case T_NUMBER:
    case T_INT:
      if (t == Y_STRING)
        {
          if (!numeric_string (node->value, field->type == T_INT))
            _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VALUE, node, PATH,
                         field->type == T_INT ? _("%s must be a whole number, not “%s”")
                                              : _("%s must be a number, not “%s”"),
                         PATH, node->value);
        }
      else if (t != Y_INT && !(t == Y_FLOAT && field->type == T_NUMBER))
        wrong_type (w, node, PATH, field->type == T_INT ? _("a whole number") : _("a number"));
      break;

    case T_SIZE:
      if (t == Y_INT || t == Y_FLOAT || t == Y_STRING)
        {
          g_autoptr(GError) error = NULL;
          gint64 v;

          /* The model takes an unset variable's empty string as no size. */
          if (node->interpolated && node->value[0] == '\0' && !flt_parse_size (node->value, &v, &error))
            _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_SIZE, node, PATH,
                         "%s", error->message);
          else
            _flt_node_to_size (node, PATH, &v, w->diagnostics);
        }
      else
        wrong_type (w, node, PATH, _("a size such as 512m or 1g"));
      break;

    case T_DURATION:
      if (t == Y_STRING)
        {
          g_autoptr(GError) error = NULL;
          gint64 v;

          /* The model takes an unset variable's empty string as no duration. */
          if (node->interpolated && node->value[0] == '\0' && !flt_parse_duration (node->value, &v, &error))
            _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_DURATION, node, PATH,
                         "%s", error->message);
          else
            _flt_node_to_duration (node, PATH, &v, w->diagnostics);
        }
      else
        wrong_type (w, node, PATH, _("a duration string such as 30s or 1m30s"));
      break;

    case T_LIST_OF_STRINGS:
    case T_LIST_OF_STRINGS_OR_NUMBERS:
      if (t != Y_SEQUENCE)
        wrong_type (w, node, PATH, _("a list"));
      else
        check_strings (w, node, PATH, field->type == T_LIST_OF_STRINGS_OR_NUMBERS);
      break;

    case T_STRING_OR_LIST:
      if (t == Y_SEQUENCE)
        check_strings (w, node, PATH, FALSE);
      else if (t != Y_STRING)
        wrong_type (w, node, PATH, _("a string or a list of strings"));
      break;

    case T_LIST_OR_DICT:
      check_list_or_dict (w, node, PATH);
      break;

    case T_COMMAND:
      if (t == Y_SEQUENCE)
        check_strings (w, node, PATH, FALSE);
      else if (t != Y_STRING && t != Y_NULL)
        wrong_type (w, node, PATH, _("a string or a list of strings"));
      break;

    case T_OBJECT:
      if (t != Y_MAPPING)
        wrong_type (w, node, PATH, _("a mapping"));
      break;

    case T_MAPPING:
      if (t != Y_MAPPING)
        wrong_type (w, node, PATH, _("a mapping"));
      else
        check_mapping (w, node, field->sub, PATH);
      break;

    case T_STRING_OR_MAPPING:
      if (t == Y_MAPPING)
        check_mapping (w, node, field->sub, PATH);
      else if (t != Y_STRING)
        wrong_type (w, node, PATH, _("a string or a mapping"));
      break;

    case T_BOOL_OR_MAPPING:
      if (t == Y_MAPPING)
        check_mapping (w, node, field->sub, PATH);
      else if (t != Y_BOOL && t != Y_STRING)
        wrong_type (w, node, PATH, _("true, false or a mapping"));
      else if (t == Y_STRING)
        {
          gboolean b;

          if (!flt_node_get_bool (node, &b))
            _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VALUE, node, PATH,
                         _("%s must be true or false, not “%s”"), PATH, node->value);
        }
      break;

    case T_LIST_OF_MAPPINGS:
    case T_LIST_OF_STRING_OR_MAPPING:
    case T_PORTS:
      if (t != Y_SEQUENCE)
        {
          wrong_type (w, node, PATH, _("a list"));
          break;
        }
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *item = node->items[i];
          YamlType it = yaml_type (item);
          g_autofree char *child = flt_path_append_index (PATH, i);

          if (it == Y_MAPPING)
            {
              const Schema *sub = field->sub;

              if (field->type == T_PORTS)
                sub = &port;
              else if (sub == NULL)
                sub = &mount;
              check_mapping (w, item, sub, child);
            }
          else if (field->type == T_LIST_OF_MAPPINGS)
            wrong_type (w, item, child, _("a mapping"));
          else if (field->type == T_PORTS ? !(it == Y_STRING || it == Y_INT) : it != Y_STRING)
            wrong_type (w, item, child, _("a string or a mapping"));
        }
      break;

    case T_MAP_OF:
      if (t == Y_NULL)
        break;
      if (t != Y_MAPPING)
        {
          wrong_type (w, node, PATH, _("a mapping"));
          break;
        }
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *k = flt_node_key (node, i);
          const FltNode *value = flt_node_value (node, i);
          g_autofree char *child = flt_path_append_key (PATH, k->value);
          YamlType vt = yaml_type (value);

          if (k->kind == FLT_NODE_SCALAR && g_str_has_prefix (k->value, "x-"))
            continue;
          if (vt == Y_MAPPING)
            check_mapping (w, value, field->sub, child);
          else if (vt != Y_NULL || field->sub == &service)
            wrong_type (w, value, child, _("a mapping"));
        }
      break;

    case T_DEPENDS_ON:
    case T_SERVICE_NETWORKS:
      if (t == Y_SEQUENCE)
        check_strings (w, node, PATH, FALSE);
      else if (t == Y_MAPPING)
        {
          for (guint i = 0; i < node->n_items; i++)
            {
              const FltNode *value = flt_node_value (node, i);
              g_autofree char *child = flt_path_append_key (PATH, flt_node_key (node, i)->value);
              YamlType vt = yaml_type (value);

              if (vt == Y_MAPPING)
                check_mapping (w, value, field->sub, child);
              else if (!(vt == Y_NULL && field->type == T_SERVICE_NETWORKS))
                wrong_type (w, value, child, _("a mapping"));
            }
        }
      else
        wrong_type (w, node, PATH, _("a list or a mapping"));
      break;

    case T_ULIMITS:
      if (t != Y_MAPPING)
        {
          wrong_type (w, node, PATH, _("a mapping"));
          break;
        }
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *value = flt_node_value (node, i);
          g_autofree char *child = flt_path_append_key (PATH, flt_node_key (node, i)->value);
          YamlType vt = yaml_type (value);

          if (vt == Y_MAPPING)
            check_mapping (w, value, &ulimit, child);
          else if (vt == Y_STRING ? !numeric_string (value->value, TRUE) : vt != Y_INT)
            wrong_type (w, value, child, _("a whole number or a mapping with soft and hard"));
        }
      break;

    case T_ENV_FILE:
      if (t == Y_STRING)
        break;
      if (t != Y_SEQUENCE)
        {
          wrong_type (w, node, PATH, _("a string or a list"));
          break;
        }
      for (guint i = 0; i < node->n_items; i++)
        {
          g_autofree char *child = flt_path_append_index (PATH, i);
          YamlType it = yaml_type (node->items[i]);

          if (it == Y_MAPPING)
            check_mapping (w, node->items[i], &env_file, child);
          else if (it != Y_STRING)
            wrong_type (w, node->items[i], child, _("a string or a mapping"));
        }
      break;

    case T_ENUM:
      if (t != Y_STRING)
        wrong_type (w, node, PATH, _("a string"));
      else if (!g_strv_contains (field->choices, node->value))
        {
          g_autofree char *choices = g_strjoinv (", ", (char **) field->choices);

          _flt_report (w->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VALUE, node, PATH,
                       _("“%s” is not allowed for %s; use one of: %s"), node->value, PATH, choices);
        }
      break;

    case T_RESTART:
      if (t != Y_STRING && !is_scalar_type (t))
        wrong_type (w, node, PATH, _("a string"));
      else if (t == Y_BOOL && !flt_node_scalar_equal (node, "no"))
        wrong_type (w, node, PATH, _("a string"));
      else if (t == Y_STRING)
        check_restart (w, node, PATH);
      break;

    default:
      break;
    }
}

#undef PATH

/**
 * _flt_schema_check:
 * @root: the project's resolved, interpolated top-level mapping
 *
 * Reports unknown keys (with a suggestion) and values of the wrong type or
 * form, as the Compose specification's schema defines them.
 */
void
_flt_schema_check (const FltNode *root,
                   GPtrArray     *diagnostics)
{
  Walk w = { diagnostics };

  if (!flt_node_is_mapping (root))
    return;

  check_mapping (&w, root, &top, "");
}
