/* flt-service.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-model-private.h"

G_DEFINE_FINAL_TYPE (FltService, flt_service, G_TYPE_OBJECT)

static void
flt_service_finalize (GObject *object)
{
  FltService *self = FLT_SERVICE (object);

  g_free (self->name);
  g_free (self->path);
  g_free (self->image);
  g_clear_pointer (&self->build, flt_build_free);
  g_strfreev (self->command);
  g_strfreev (self->entrypoint);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  g_clear_pointer (&self->environment, g_ptr_array_unref);
  g_clear_pointer (&self->env_files, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->depends_on, g_ptr_array_unref);
  g_clear_pointer (&self->networks, g_ptr_array_unref);
  g_free (self->network_mode);
  g_clear_pointer (&self->healthcheck, flt_healthcheck_free);
  g_free (self->restart);
  g_clear_pointer (&self->deploy, flt_deploy_free);
  g_strfreev (self->profiles);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_free (self->container_name);
  g_strfreev (self->extension_names);
  g_free (self->pull_policy);

  G_OBJECT_CLASS (flt_service_parent_class)->finalize (object);
}

static void
flt_service_class_init (FltServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_service_finalize;
}

static void
flt_service_init (FltService *self)
{
  self->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_port_free);
  self->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_mount_free);
  self->environment = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
  self->env_files = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_env_file_free);
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_link_free);
  self->depends_on = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_dependency_free);
  self->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_network_attachment_free);
  self->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
  self->cpu_shares = -1;
  self->mem_limit = -1;
  self->scale = -1;
  self->enabled = TRUE;
}

const char *flt_service_get_name (FltService *self) { return self->name; }
const char *flt_service_get_path (FltService *self) { return self->path; }
const FltNode *flt_service_get_node (FltService *self) { return self->node; }
const char *flt_service_get_image (FltService *self) { return self->image; }
const FltBuild *flt_service_get_build (FltService *self) { return self->build; }
const char * const *flt_service_get_command (FltService *self) { return (const char * const *) self->command; }
const char * const *flt_service_get_entrypoint (FltService *self) { return (const char * const *) self->entrypoint; }
GPtrArray *flt_service_get_ports (FltService *self) { return self->ports; }
GPtrArray *flt_service_get_volumes (FltService *self) { return self->volumes; }
GPtrArray *flt_service_get_environment (FltService *self) { return self->environment; }
GPtrArray *flt_service_get_env_files (FltService *self) { return self->env_files; }
GPtrArray *flt_service_get_links (FltService *self) { return self->links; }
GPtrArray *flt_service_get_depends_on (FltService *self) { return self->depends_on; }
GPtrArray *flt_service_get_networks (FltService *self) { return self->networks; }
const char *flt_service_get_network_mode (FltService *self) { return self->network_mode; }
const FltHealthcheck *flt_service_get_healthcheck (FltService *self) { return self->healthcheck; }
const char *flt_service_get_restart (FltService *self) { return self->restart; }
const FltDeploy *flt_service_get_deploy (FltService *self) { return self->deploy; }
gint64 flt_service_get_cpu_shares (FltService *self) { return self->cpu_shares; }
gint64 flt_service_get_mem_limit (FltService *self) { return self->mem_limit; }
double flt_service_get_cpus (FltService *self) { return self->cpus; }
const char * const *flt_service_get_profiles (FltService *self) { return (const char * const *) self->profiles; }
GPtrArray *flt_service_get_labels (FltService *self) { return self->labels; }
const char *flt_service_get_container_name (FltService *self) { return self->container_name; }
const char * const *flt_service_get_extension_names (FltService *self) { return (const char * const *) self->extension_names; }
gboolean flt_service_get_enabled (FltService *self) { return self->enabled; }
const char *flt_service_get_pull_policy (FltService *self) { return self->pull_policy; }

/**
 * flt_service_get_field:
 * @key: a key of the service, e.g. "stop_signal"
 *
 * For the fields the model does not type: their resolved node.
 *
 * Returns: (transfer none) (nullable): the value node
 */
const FltNode *
flt_service_get_field (FltService *self,
                       const char *key)
{
  g_return_val_if_fail (FLT_IS_SERVICE (self), NULL);

  return flt_node_lookup (self->node, key);
}

/* The memory limit in effect: deploy.resources.limits.memory wins over
 * mem_limit, as Compose applies them. */
gint64
flt_service_get_memory_limit (FltService *self)
{
  g_return_val_if_fail (FLT_IS_SERVICE (self), -1);

  if (self->deploy != NULL && self->deploy->limits.memory >= 0)
    return self->deploy->limits.memory;
  return self->mem_limit;
}

/* How many containers `up` makes: scale, else deploy.replicas, else one. */
int
flt_service_get_replicas (FltService *self)
{
  g_return_val_if_fail (FLT_IS_SERVICE (self), 1);

  if (self->scale >= 0)
    return self->scale;
  if (self->deploy != NULL && self->deploy->replicas >= 0)
    return self->deploy->replicas;
  return 1;
}

/**
 * flt_service_dup_dependency_names:
 *
 * The services this one must start after: depends_on, links, volumes_from
 * and `service:` network, ipc, pid and uts modes.
 *
 * Returns: (transfer full): the names, without duplicates
 */
GStrv
flt_service_dup_dependency_names (FltService *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const char * const modes[] = { "network_mode", "ipc", "pid", "uts" };
  const FltNode *volumes_from;

  g_return_val_if_fail (FLT_IS_SERVICE (self), NULL);

  for (guint i = 0; i < self->depends_on->len; i++)
    {
      FltDependency *d = g_ptr_array_index (self->depends_on, i);

      if (g_hash_table_add (seen, g_strdup (d->service)))
        g_strv_builder_add (builder, d->service);
    }
  for (guint i = 0; i < self->links->len; i++)
    {
      FltLink *l = g_ptr_array_index (self->links, i);

      if (g_hash_table_add (seen, g_strdup (l->service)))
        g_strv_builder_add (builder, l->service);
    }

  volumes_from = flt_node_lookup (self->node, "volumes_from");
  for (guint i = 0; flt_node_is_sequence (volumes_from) && i < volumes_from->n_items; i++)
    {
      const FltNode *item = volumes_from->items[i];
      g_auto(GStrv) parts = NULL;

      /* An empty entry splits into no part at all. */
      if (!flt_node_is_scalar (item) || item->value[0] == '\0' ||
          g_str_has_prefix (item->value, "container:"))
        continue;
      parts = g_strsplit (item->value, ":", 2);
      if (g_hash_table_add (seen, g_strdup (parts[0])))
        g_strv_builder_add (builder, parts[0]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      const FltNode *mode = flt_node_lookup (self->node, modes[i]);

      if (flt_node_is_scalar (mode) && g_str_has_prefix (mode->value, "service:"))
        {
          const char *name = mode->value + strlen ("service:");

          if (g_hash_table_add (seen, g_strdup (name)))
            g_strv_builder_add (builder, name);
        }
    }

  return g_strv_builder_end (builder);
}
