/* flt-model-build.c: typed model objects from a resolved tree
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-project-private.h"
#include "flt-units.h"

static const char *
scalar (const FltNode *node)
{
  return flt_node_is_scalar (node) && !node->is_null ? node->value : NULL;
}

static char *
child_path (const char *path,
            const char *key)
{
  return flt_path_append_key (path, key);
}

static gboolean
get_number (const FltNode *node,
            double        *out)
{
  char *end = NULL;
  double v;

  if (scalar (node) == NULL)
    return FALSE;
  v = g_ascii_strtod (node->value, &end);
  if (end == node->value || *end != '\0')
    return FALSE;
  *out = v;
  return TRUE;
}

static FltBuild *
build_build (const FltNode *node,
             const char    *path)
{
  FltBuild *build;

  if (node == NULL || (flt_node_is_scalar (node) && node->is_null))
    return NULL;

  build = g_new0 (FltBuild, 1);
  build->path = g_strdup (path);
  build->node = node;
  build->shm_size = -1;

  if (flt_node_is_scalar (node))
    {
      build->context = g_strdup (node->value);
      build->args = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
      build->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
      return build;
    }

  if (flt_node_is_mapping (node))
    {
      g_autofree char *args_path = child_path (path, "args");
      g_autofree char *labels_path = child_path (path, "labels");
      gint64 size;

      build->context = g_strdup (scalar (flt_node_lookup (node, "context")));
      build->dockerfile = g_strdup (scalar (flt_node_lookup (node, "dockerfile")));
      build->dockerfile_inline = g_strdup (scalar (flt_node_lookup (node, "dockerfile_inline")));
      build->target = g_strdup (scalar (flt_node_lookup (node, "target")));
      build->network = g_strdup (scalar (flt_node_lookup (node, "network")));
      build->args = _flt_node_to_key_values (flt_node_lookup (node, "args"), args_path, "=");
      build->labels = _flt_node_to_key_values (flt_node_lookup (node, "labels"), labels_path, "=");
      build->cache_from = _flt_node_to_strv (flt_node_lookup (node, "cache_from"));
      if (scalar (flt_node_lookup (node, "shm_size")) &&
          flt_parse_size (scalar (flt_node_lookup (node, "shm_size")), &size, NULL))
        build->shm_size = size;
      if (build->context == NULL && build->dockerfile_inline == NULL)
        build->context = g_strdup (".");
    }
  else
    {
      build->args = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
      build->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
    }

  return build;
}

static void
build_env_files (FltService    *self,
                 const FltNode *node,
                 const char    *path)
{
  if (node == NULL)
    return;

  if (flt_node_is_scalar (node) && !node->is_null)
    {
      FltEnvFile *f = g_new0 (FltEnvFile, 1);

      f->path = g_strdup (path);
      f->node = node;
      f->file = g_strdup (node->value);
      f->required = TRUE;
      g_ptr_array_add (self->env_files, f);
      return;
    }

  for (guint i = 0; flt_node_is_sequence (node) && i < node->n_items; i++)
    {
      const FltNode *item = node->items[i];
      FltEnvFile *f = g_new0 (FltEnvFile, 1);
      gboolean required = TRUE;

      f->path = flt_path_append_index (path, i);
      f->node = item;
      f->required = TRUE;
      if (flt_node_is_mapping (item))
        {
          f->file = g_strdup (scalar (flt_node_lookup (item, "path")));
          if (flt_node_get_bool (flt_node_lookup (item, "required"), &required))
            f->required = required;
          f->format = g_strdup (scalar (flt_node_lookup (item, "format")));
        }
      else
        f->file = g_strdup (scalar (item));

      if (f->file == NULL)
        flt_env_file_free (f);
      else
        g_ptr_array_add (self->env_files, f);
    }
}

static void
build_links (FltService    *self,
             const FltNode *node,
             const char    *path)
{
  for (guint i = 0; flt_node_is_sequence (node) && i < node->n_items; i++)
    {
      const char *spec = scalar (node->items[i]);
      FltLink *link;
      const char *colon;

      if (spec == NULL)
        continue;
      link = g_new0 (FltLink, 1);
      link->path = flt_path_append_index (path, i);
      link->node = node->items[i];
      colon = strchr (spec, ':');
      if (colon != NULL)
        {
          link->service = g_strndup (spec, colon - spec);
          link->alias = g_strdup (colon + 1);
        }
      else
        link->service = g_strdup (spec);
      g_ptr_array_add (self->links, link);
    }
}

static void
build_depends_on (FltService    *self,
                  const FltNode *node,
                  const char    *path)
{
  if (flt_node_is_sequence (node))
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          FltDependency *d;

          if (scalar (node->items[i]) == NULL)
            continue;
          d = g_new0 (FltDependency, 1);
          d->path = flt_path_append_index (path, i);
          d->node = node->items[i];
          d->service = g_strdup (node->items[i]->value);
          d->condition = FLT_CONDITION_STARTED;
          d->required = TRUE;
          g_ptr_array_add (self->depends_on, d);
        }
    }
  else if (flt_node_is_mapping (node))
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *key = flt_node_key (node, i);
          const FltNode *value = flt_node_value (node, i);
          FltDependency *d = g_new0 (FltDependency, 1);
          const char *condition = scalar (flt_node_lookup (value, "condition"));
          gboolean b;

          d->path = flt_path_append_key (path, key->value);
          d->node = key;
          d->service = g_strdup (key->value);
          d->required = TRUE;
          if (g_strcmp0 (condition, "service_healthy") == 0)
            d->condition = FLT_CONDITION_HEALTHY;
          else if (g_strcmp0 (condition, "service_completed_successfully") == 0)
            d->condition = FLT_CONDITION_COMPLETED_SUCCESSFULLY;
          else
            d->condition = FLT_CONDITION_STARTED;
          if (flt_node_get_bool (flt_node_lookup (value, "required"), &b))
            d->required = b;
          if (flt_node_get_bool (flt_node_lookup (value, "restart"), &b))
            d->restart = b;
          g_ptr_array_add (self->depends_on, d);
        }
    }
}

static void
build_networks (FltService    *self,
                const FltNode *node,
                const char    *path)
{
  if (flt_node_is_sequence (node))
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          FltNetworkAttachment *a;

          if (scalar (node->items[i]) == NULL)
            continue;
          a = g_new0 (FltNetworkAttachment, 1);
          a->path = flt_path_append_index (path, i);
          a->node = node->items[i];
          a->network = g_strdup (node->items[i]->value);
          g_ptr_array_add (self->networks, a);
        }
    }
  else if (flt_node_is_mapping (node))
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *key = flt_node_key (node, i);
          const FltNode *value = flt_node_value (node, i);
          FltNetworkAttachment *a = g_new0 (FltNetworkAttachment, 1);
          gint64 priority;

          a->path = flt_path_append_key (path, key->value);
          a->node = key;
          a->network = g_strdup (key->value);
          if (flt_node_is_mapping (value))
            {
              a->aliases = _flt_node_to_strv (flt_node_lookup (value, "aliases"));
              a->ipv4_address = g_strdup (scalar (flt_node_lookup (value, "ipv4_address")));
              a->ipv6_address = g_strdup (scalar (flt_node_lookup (value, "ipv6_address")));
              if (flt_node_get_int64 (flt_node_lookup (value, "priority"), &priority))
                a->priority = (int) priority;
            }
          g_ptr_array_add (self->networks, a);
        }
    }
  else if (node == NULL && self->network_mode == NULL)
    {
      /* Compose puts a service without networks on the project's default. */
      FltNetworkAttachment *a = g_new0 (FltNetworkAttachment, 1);

      a->path = g_strdup (path);
      a->network = g_strdup ("default");
      g_ptr_array_add (self->networks, a);
    }
}

static FltHealthcheck *
build_healthcheck (const FltNode *node,
                   const char    *path,
                   GPtrArray     *diagnostics)
{
  FltHealthcheck *h;
  const FltNode *test;
  gint64 retries;
  gboolean disable;

  if (!flt_node_is_mapping (node))
    return NULL;

  h = g_new0 (FltHealthcheck, 1);
  h->path = g_strdup (path);
  h->node = node;
  h->interval = h->timeout = h->start_period = h->start_interval = -1;
  h->retries = -1;

  test = flt_node_lookup (node, "test");
  if (flt_node_is_scalar (test) && !test->is_null)
    {
      h->test = g_new0 (char *, 3);
      h->test[0] = g_strdup ("CMD-SHELL");
      h->test[1] = g_strdup (test->value);
    }
  else if (flt_node_is_sequence (test))
    h->test = _flt_node_to_strv (test);

  if (flt_node_get_bool (flt_node_lookup (node, "disable"), &disable) && disable)
    {
      h->disable = TRUE;
      g_strfreev (h->test);
      h->test = g_strsplit ("NONE", ",", -1);
    }

  if (flt_node_get_int64 (flt_node_lookup (node, "retries"), &retries))
    h->retries = (int) retries;

#define DURATION(field, key) \
  G_STMT_START { \
    g_autofree char *p_ = flt_path_append_key (path, key); \
    gint64 v_; \
    if (_flt_node_to_duration (flt_node_lookup (node, key), p_, &v_, diagnostics)) \
      h->field = v_; \
  } G_STMT_END

  DURATION (interval, "interval");
  DURATION (timeout, "timeout");
  DURATION (start_period, "start_period");
  DURATION (start_interval, "start_interval");
#undef DURATION

  return h;
}

static void
build_resource_set (const FltNode  *node,
                    const char     *path,
                    FltResourceSet *set,
                    GPtrArray      *diagnostics)
{
  g_autofree char *memory_path = child_path (path, "memory");
  gint64 pids;

  set->cpus = 0;
  set->memory = -1;
  set->pids = -1;
  if (!flt_node_is_mapping (node))
    return;

  get_number (flt_node_lookup (node, "cpus"), &set->cpus);
  _flt_node_to_size (flt_node_lookup (node, "memory"), memory_path, &set->memory, diagnostics);
  if (flt_node_get_int64 (flt_node_lookup (node, "pids"), &pids))
    set->pids = pids;
}

static FltDeploy *
build_deploy (const FltNode *node,
              const char    *path,
              GPtrArray     *diagnostics)
{
  FltDeploy *d;
  const FltNode *resources;
  gint64 replicas;

  if (!flt_node_is_mapping (node))
    return NULL;

  d = g_new0 (FltDeploy, 1);
  d->path = g_strdup (path);
  d->node = node;
  d->replicas = -1;
  d->mode = g_strdup (scalar (flt_node_lookup (node, "mode")));
  if (flt_node_get_int64 (flt_node_lookup (node, "replicas"), &replicas))
    d->replicas = (int) replicas;
  d->restart_condition = g_strdup (scalar (flt_node_lookup (flt_node_lookup (node, "restart_policy"), "condition")));

  resources = flt_node_lookup (node, "resources");
  {
    g_autofree char *resources_path = child_path (path, "resources");
    g_autofree char *limits_path = child_path (resources_path, "limits");
    g_autofree char *reservations_path = child_path (resources_path, "reservations");

    build_resource_set (flt_node_lookup (resources, "limits"), limits_path, &d->limits, diagnostics);
    build_resource_set (flt_node_lookup (resources, "reservations"), reservations_path, &d->reservations, diagnostics);
  }

  return d;
}

static GStrv
extension_names (const FltNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; flt_node_is_mapping (node) && i < node->n_items; i++)
    {
      const FltNode *key = flt_node_key (node, i);

      if (flt_node_is_scalar (key) && g_str_has_prefix (key->value, "x-"))
        g_strv_builder_add (builder, key->value);
    }
  return g_strv_builder_end (builder);
}

/**
 * _flt_build_service:
 *
 * Builds the typed service from its resolved node.  Only problems found
 * while parsing values (ports, volumes, durations, sizes) are reported
 * here; the schema walk reports structure, flt-project-checks.c relations.
 */
FltService *
_flt_build_service (const char    *name,
                    const FltNode *node,
                    const char    *path,
                    GPtrArray     *diagnostics)
{
  FltService *self = g_object_new (FLT_TYPE_SERVICE, NULL);
  gint64 n;
  double d;

  self->name = g_strdup (name);
  self->path = g_strdup (path);
  self->node = node;

  if (!flt_node_is_mapping (node))
    return self;

#define PATH(key) g_autofree char *key##_path = child_path (path, #key)
  {
    PATH (build);
    PATH (ports);
    PATH (volumes);
    PATH (environment);
    PATH (env_file);
    PATH (links);
    PATH (depends_on);
    PATH (networks);
    PATH (healthcheck);
    PATH (deploy);
    PATH (labels);
    PATH (mem_limit);
    const FltNode *volumes = flt_node_lookup (node, "volumes");

    /* Compose treats an empty image (often an unset variable) as none. */
    self->image = g_strdup (scalar (flt_node_lookup (node, "image")));
    if (self->image != NULL && *self->image == '\0')
      g_clear_pointer (&self->image, g_free);
    self->build = build_build (flt_node_lookup (node, "build"), build_path);
    self->command = _flt_node_to_command (flt_node_lookup (node, "command"));
    self->entrypoint = _flt_node_to_command (flt_node_lookup (node, "entrypoint"));

    g_ptr_array_unref (self->ports);
    self->ports = _flt_parse_ports (flt_node_lookup (node, "ports"), ports_path, diagnostics);

    for (guint i = 0; flt_node_is_sequence (volumes) && i < volumes->n_items; i++)
      {
        g_autofree char *item_path = flt_path_append_index (volumes_path, i);
        FltMount *mount = _flt_parse_mount (volumes->items[i], item_path, diagnostics);

        if (mount != NULL)
          g_ptr_array_add (self->volumes, mount);
      }

    g_ptr_array_unref (self->environment);
    self->environment = _flt_node_to_key_values (flt_node_lookup (node, "environment"), environment_path, "=");
    build_env_files (self, flt_node_lookup (node, "env_file"), env_file_path);
    build_links (self, flt_node_lookup (node, "links"), links_path);
    build_depends_on (self, flt_node_lookup (node, "depends_on"), depends_on_path);
    self->network_mode = g_strdup (scalar (flt_node_lookup (node, "network_mode")));
    build_networks (self, flt_node_lookup (node, "networks"), networks_path);
    self->healthcheck = build_healthcheck (flt_node_lookup (node, "healthcheck"), healthcheck_path, diagnostics);
    self->restart = g_strdup (scalar (flt_node_lookup (node, "restart")));
    self->deploy = build_deploy (flt_node_lookup (node, "deploy"), deploy_path, diagnostics);

    if (flt_node_get_int64 (flt_node_lookup (node, "cpu_shares"), &n))
      self->cpu_shares = n;
    _flt_node_to_size (flt_node_lookup (node, "mem_limit"), mem_limit_path, &self->mem_limit, diagnostics);
    if (get_number (flt_node_lookup (node, "cpus"), &d))
      self->cpus = d;

    self->profiles = _flt_node_to_strv (flt_node_lookup (node, "profiles"));
    g_ptr_array_unref (self->labels);
    self->labels = _flt_node_to_key_values (flt_node_lookup (node, "labels"), labels_path, "=");
    self->container_name = g_strdup (scalar (flt_node_lookup (node, "container_name")));
    self->extension_names = extension_names (node);
    if (flt_node_get_int64 (flt_node_lookup (node, "scale"), &n))
      self->scale = (int) n;
    self->pull_policy = g_strdup (scalar (flt_node_lookup (node, "pull_policy")));
  }
#undef PATH

  return self;
}

static gboolean
external_of (const FltNode *node)
{
  const FltNode *external = flt_node_lookup (node, "external");
  gboolean b = FALSE;

  if (flt_node_is_mapping (external))
    return TRUE;
  return flt_node_get_bool (external, &b) && b;
}

/* The engine name: `name:`, else the legacy `external.name`, else the key
 * for external resources, else <project>_<key>. */
static char *
engine_name (const char    *key,
             const FltNode *node,
             const char    *project_name)
{
  const char *name = scalar (flt_node_lookup (node, "name"));
  const FltNode *external = flt_node_lookup (node, "external");

  if (name != NULL)
    return g_strdup (name);
  if (flt_node_is_mapping (external) && scalar (flt_node_lookup (external, "name")) != NULL)
    return g_strdup (scalar (flt_node_lookup (external, "name")));
  if (external_of (node))
    return g_strdup (key);
  return g_strdup_printf ("%s_%s", project_name, key);
}

FltNetwork *
_flt_build_network (const char    *key,
                    const FltNode *node,
                    const char    *project_name)
{
  FltNetwork *self = g_object_new (FLT_TYPE_NETWORK, NULL);
  const FltNode *config;
  g_autoptr(GStrvBuilder) subnets = g_strv_builder_new ();
  gboolean b;

  self->key = g_strdup (key);
  self->path = flt_path_append_key ("networks", key);
  self->node = node;
  self->implicit = node == NULL;
  self->external = external_of (node);
  self->name = engine_name (key, node, project_name);
  self->driver = g_strdup (scalar (flt_node_lookup (node, "driver")));
  if (flt_node_get_bool (flt_node_lookup (node, "internal"), &b))
    self->internal = b;
  if (flt_node_get_bool (flt_node_lookup (node, "attachable"), &b))
    self->attachable = b;
  if (flt_node_get_bool (flt_node_lookup (node, "enable_ipv6"), &b))
    self->enable_ipv6 = b;

  config = flt_node_lookup (flt_node_lookup (node, "ipam"), "config");
  for (guint i = 0; flt_node_is_sequence (config) && i < config->n_items; i++)
    {
      const char *subnet = scalar (flt_node_lookup (config->items[i], "subnet"));

      if (subnet != NULL)
        g_strv_builder_add (subnets, subnet);
    }
  self->subnets = g_strv_builder_end (subnets);

  g_ptr_array_unref (self->labels);
  self->labels = _flt_node_to_key_values (flt_node_lookup (node, "labels"), self->path, "=");

  return self;
}

FltVolume *
_flt_build_volume (const char    *key,
                   const FltNode *node,
                   const char    *project_name)
{
  FltVolume *self = g_object_new (FLT_TYPE_VOLUME, NULL);

  self->key = g_strdup (key);
  self->path = flt_path_append_key ("volumes", key);
  self->node = node;
  self->external = external_of (node);
  self->name = engine_name (key, node, project_name);
  self->driver = g_strdup (scalar (flt_node_lookup (node, "driver")));
  g_ptr_array_unref (self->labels);
  self->labels = _flt_node_to_key_values (flt_node_lookup (node, "labels"), self->path, "=");

  return self;
}
