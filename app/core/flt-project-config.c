/* flt-project-config.c: the resolved project, normalised, as `config` prints it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-project-private.h"
#include "flt-tree-private.h"
#include "flt-yaml-writer.h"

typedef struct
{
  FltProject *project;
  FltTree *out;
} Writer;

static FltNode *
string (Writer        *w,
        const char    *value,
        const FltNode *origin)
{
  return flt_tree_new_scalar (w->out, value, origin);
}

static FltNode *
typed (Writer        *w,
       const char    *literal,
       const FltNode *origin)
{
  FltNode *node = flt_tree_new_scalar (w->out, literal, origin);

  node->style = FLT_SCALAR_PLAIN;
  return node;
}

static FltNode *
number (Writer  *w,
        gint64   value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return typed (w, text, NULL);
}

static void
set (Writer     *w,
     FltNode    *mapping,
     const char *key,
     FltNode    *value)
{
  if (value != NULL)
    flt_tree_mapping_set (w->out, mapping, flt_tree_new_scalar (w->out, key, NULL), value);
}

/* For entries whose keys are unique already (services, networks and
 * volumes come from mappings): set() looks for an existing key first,
 * which makes a project of tens of thousands of services quadratic. */
static void
append (Writer     *w,
        FltNode    *mapping,
        const char *key,
        FltNode    *value)
{
  if (value != NULL)
    _flt_tree_mapping_add (mapping, flt_tree_new_scalar (w->out, key, NULL), value);
}

static gboolean
leading_zero_integer (const char *value)
{
  const char *p = value + (value[0] == '-');

  if (p[0] != '0' || p[1] == '\0')
    return FALSE;
  for (; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Compose reads a plain 0440 (a file mode) as YAML 1.1 does, as the octal
 * number 288, and prints it in decimal; 0440 would not even be JSON. */
static FltNode *
yaml11_octal (Writer        *w,
              const FltNode *node)
{
  const char *value = node->value;
  gboolean octal = strspn (value + (value[0] == '-'), "01234567") == strlen (value + (value[0] == '-'));
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           g_ascii_strtoll (value, NULL, octal ? 8 : 10));

  return typed (w, text, node);
}

/* YAML 1.2 types: a plain "true" or "42" stays typed, anything else is a
 * string. */
static FltNode *
copy_value (Writer        *w,
            const FltNode *node)
{
  FltNode *copy;

  if (node == NULL)
    return NULL;

  switch (node->kind)
    {
    case FLT_NODE_MAPPING:
      copy = flt_tree_new_mapping (w->out, node);
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *k = flt_node_key (node, i);

          if (flt_node_is_scalar (k))
            set (w, copy, k->value, copy_value (w, flt_node_value (node, i)));
        }
      return copy;

    case FLT_NODE_SEQUENCE:
      copy = flt_tree_new_sequence (w->out, node);
      for (guint i = 0; i < node->n_items; i++)
        flt_tree_append (w->out, copy, copy_value (w, node->items[i]));
      return copy;

    case FLT_NODE_ALIAS:
      return copy_value (w, node->target);

    case FLT_NODE_SCALAR:
    default:
      if (node->is_null)
        return typed (w, NULL, node);
      if (node->style == FLT_SCALAR_PLAIN && !node->interpolated && node->tag == NULL)
        {
          FltPlainKind kind = flt_yaml_plain_kind (node->value);

          if (kind == FLT_PLAIN_NUMBER && leading_zero_integer (node->value))
            return yaml11_octal (w, node);
          if (kind == FLT_PLAIN_NUMBER ||
              (kind == FLT_PLAIN_BOOL && (g_ascii_strcasecmp (node->value, "true") == 0 ||
                                          g_ascii_strcasecmp (node->value, "false") == 0)))
            return typed (w, node->value, node);
        }
      return string (w, node->value, node);
    }
}

static char *
absolute (Writer     *w,
          const char *path)
{
  if (path == NULL)
    return NULL;
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);
  if (g_path_is_absolute (path) || strstr (path, "://") != NULL ||
      (g_ascii_isalpha (path[0]) && path[1] == ':'))
    return g_strdup (path);
  return g_canonicalize_filename (path, flt_project_get_working_dir (w->project));
}

static FltNode *
strv_node (Writer             *w,
           const char * const *strv)
{
  FltNode *seq = flt_tree_new_sequence (w->out, NULL);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    flt_tree_append (w->out, seq, string (w, strv[i], NULL));
  return seq;
}

static FltNode *
key_values_node (Writer    *w,
                 GPtrArray *kvs,
                 gboolean   from_environment)
{
  FltNode *mapping = flt_tree_new_mapping (w->out, NULL);
  FltEnvironment *env = flt_project_get_environment (w->project);

  for (guint i = 0; i < kvs->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (kvs, i);
      const char *value = kv->value;

      if (!kv->has_value && from_environment)
        value = flt_environment_lookup (env, kv->name, NULL);
      set (w, mapping, kv->name, value ? string (w, value, kv->node) : typed (w, NULL, kv->node));
    }
  return mapping;
}

static FltNode *
ports_node (Writer    *w,
            GPtrArray *ports)
{
  FltNode *seq = flt_tree_new_sequence (w->out, NULL);

  for (guint i = 0; i < ports->len; i++)
    {
      FltPort *p = g_ptr_array_index (ports, i);

      /* A container range with no host range is one entry per port. */
      for (guint t = p->target_start; t <= p->target_end; t++)
        {
          FltNode *m = flt_tree_new_mapping (w->out, p->node);
          guint offset = t - p->target_start;

          if (p->name)
            set (w, m, "name", string (w, p->name, NULL));
          set (w, m, "mode", string (w, p->mode, NULL));
          if (p->host_ip)
            set (w, m, "host_ip", string (w, p->host_ip, NULL));
          set (w, m, "target", number (w, t));
          if (p->published_start != 0)
            {
              g_autofree char *published = NULL;

              if (p->target_start == p->target_end && p->published_end != p->published_start)
                published = g_strdup_printf ("%u-%u", p->published_start, p->published_end);
              else
                published = g_strdup_printf ("%u", p->published_start + offset);
              set (w, m, "published", string (w, published, NULL));
            }
          set (w, m, "protocol", string (w, p->protocol, NULL));
          if (p->app_protocol)
            set (w, m, "app_protocol", string (w, p->app_protocol, NULL));
          flt_tree_append (w->out, seq, m);
        }
    }
  return seq;
}

static FltNode *
volumes_node (Writer    *w,
              GPtrArray *mounts)
{
  FltNode *seq = flt_tree_new_sequence (w->out, NULL);

  for (guint i = 0; i < mounts->len; i++)
    {
      FltMount *mnt = g_ptr_array_index (mounts, i);
      FltNode *m = flt_tree_new_mapping (w->out, mnt->node);

      set (w, m, "type", string (w, flt_mount_type_to_string (mnt->type), NULL));
      if (mnt->type == FLT_MOUNT_BIND)
        {
          g_autofree char *source = absolute (w, mnt->source);

          set (w, m, "source", string (w, source, NULL));
        }
      else if (mnt->source != NULL && *mnt->source != '\0')
        set (w, m, "source", string (w, mnt->source, NULL));
      set (w, m, "target", string (w, mnt->target, NULL));
      if (mnt->read_only)
        set (w, m, "read_only", typed (w, "true", NULL));
      if (mnt->type == FLT_MOUNT_BIND)
        {
          FltNode *bind = flt_tree_new_mapping (w->out, NULL);

          if (mnt->propagation)
            set (w, bind, "propagation", string (w, mnt->propagation, NULL));
          if (mnt->create_host_path)
            set (w, bind, "create_host_path", typed (w, "true", NULL));
          if (mnt->selinux)
            set (w, bind, "selinux", string (w, mnt->selinux, NULL));
          set (w, m, "bind", bind);
        }
      else if (mnt->type == FLT_MOUNT_VOLUME || mnt->type == FLT_MOUNT_ANONYMOUS)
        {
          FltNode *volume = flt_tree_new_mapping (w->out, NULL);

          if (mnt->nocopy)
            set (w, volume, "nocopy", typed (w, "true", NULL));
          if (mnt->subpath)
            set (w, volume, "subpath", string (w, mnt->subpath, NULL));
          set (w, m, "volume", volume);
        }
      else if (mnt->type == FLT_MOUNT_TMPFS && mnt->tmpfs_size >= 0)
        {
          FltNode *tmpfs = flt_tree_new_mapping (w->out, NULL);

          set (w, tmpfs, "size", number (w, mnt->tmpfs_size));
          set (w, m, "tmpfs", tmpfs);
        }
      flt_tree_append (w->out, seq, m);
    }
  return seq;
}

static void
add_implicit_dependency (Writer     *w,
                         FltNode    *mapping,
                         const char *name,
                         gboolean    restart)
{
  FltNode *m;

  if (name == NULL || *name == '\0' || flt_node_lookup (mapping, name) != NULL)
    return;
  m = flt_tree_new_mapping (w->out, NULL);
  set (w, m, "condition", string (w, flt_condition_to_string (FLT_CONDITION_STARTED), NULL));
  if (restart)
    set (w, m, "restart", typed (w, "true", NULL));
  set (w, m, "required", typed (w, "true", NULL));
  set (w, mapping, name, m);
}

/* Compose also makes a service depend on the services it links to, shares a
 * namespace with or takes volumes from, in this order, and prints those
 * dependencies under depends_on (compose-go's Normalize). */
static void
add_implicit_dependencies (Writer     *w,
                           FltService *service,
                           FltNode    *mapping)
{
  static const char * const namespaces[] = { "network_mode", "ipc", "pid", "uts", "cgroup", NULL };
  GPtrArray *links = flt_service_get_links (service);
  const FltNode *volumes_from = flt_service_get_field (service, "volumes_from");

  for (guint i = 0; i < links->len; i++)
    add_implicit_dependency (w, mapping, ((FltLink *) g_ptr_array_index (links, i))->service, TRUE);

  for (guint i = 0; namespaces[i] != NULL; i++)
    {
      const FltNode *mode = flt_service_get_field (service, namespaces[i]);

      if (flt_node_is_scalar (mode) && g_str_has_prefix (mode->value, "service:"))
        add_implicit_dependency (w, mapping, mode->value + strlen ("service:"), TRUE);
    }

  for (guint i = 0; flt_node_is_sequence (volumes_from) && i < volumes_from->n_items; i++)
    {
      const FltNode *item = volumes_from->items[i];
      g_auto(GStrv) parts = NULL;

      /* An empty entry splits into no part at all. */
      if (!flt_node_is_scalar (item) || item->value[0] == '\0' ||
          g_str_has_prefix (item->value, "container:"))
        continue;
      parts = g_strsplit (item->value, ":", 2);
      add_implicit_dependency (w, mapping, parts[0], FALSE);
    }
}

static FltNode *
depends_node (Writer     *w,
              FltService *service)
{
  GPtrArray *depends = flt_service_get_depends_on (service);
  FltNode *mapping = flt_tree_new_mapping (w->out, NULL);

  for (guint i = 0; i < depends->len; i++)
    {
      FltDependency *d = g_ptr_array_index (depends, i);
      FltNode *m = flt_tree_new_mapping (w->out, d->node);

      set (w, m, "condition", string (w, flt_condition_to_string (d->condition), NULL));
      if (d->restart)
        set (w, m, "restart", typed (w, "true", NULL));
      set (w, m, "required", typed (w, d->required ? "true" : "false", NULL));
      set (w, mapping, d->service, m);
    }
  add_implicit_dependencies (w, service, mapping);
  return mapping->n_items > 0 ? mapping : NULL;
}

static FltNode *
networks_node (Writer     *w,
               FltService *service)
{
  GPtrArray *networks = flt_service_get_networks (service);
  const FltNode *original = flt_service_get_field (service, "networks");
  FltNode *mapping = flt_tree_new_mapping (w->out, NULL);

  for (guint i = 0; i < networks->len; i++)
    {
      FltNetworkAttachment *a = g_ptr_array_index (networks, i);
      const FltNode *value = flt_node_is_mapping (original) ? flt_node_lookup (original, a->network) : NULL;

      set (w, mapping, a->network, flt_node_is_mapping (value) ? copy_value (w, value) : typed (w, NULL, NULL));
    }
  return mapping;
}

static FltNode *
healthcheck_node (Writer               *w,
                  const FltHealthcheck *h)
{
  FltNode *m = flt_tree_new_mapping (w->out, h->node);

  if (h->test)
    set (w, m, "test", strv_node (w, (const char * const *) h->test));
  if (h->timeout >= 0)
    set (w, m, "timeout", string (w, flt_node_lookup (h->node, "timeout")->value, NULL));
  if (h->interval >= 0)
    set (w, m, "interval", string (w, flt_node_lookup (h->node, "interval")->value, NULL));
  if (h->retries >= 0)
    set (w, m, "retries", number (w, h->retries));
  if (h->start_period >= 0)
    set (w, m, "start_period", string (w, flt_node_lookup (h->node, "start_period")->value, NULL));
  if (h->start_interval >= 0)
    set (w, m, "start_interval", string (w, flt_node_lookup (h->node, "start_interval")->value, NULL));
  if (h->disable)
    set (w, m, "disable", typed (w, "true", NULL));
  return m;
}

static FltNode *
build_node (Writer         *w,
            const FltBuild *b)
{
  FltNode *m = flt_tree_new_mapping (w->out, b->node);

  if (flt_node_is_mapping (b->node))
    {
      for (guint i = 0; i < b->node->n_items; i++)
        {
          const FltNode *k = flt_node_key (b->node, i);

          if (g_str_equal (k->value, "context") || g_str_equal (k->value, "args") ||
              g_str_equal (k->value, "labels"))
            continue;
          set (w, m, k->value, copy_value (w, flt_node_value (b->node, i)));
        }
    }
  if (b->context)
    {
      g_autofree char *context = absolute (w, b->context);

      set (w, m, "context", string (w, context, NULL));
    }
  if (b->dockerfile == NULL && b->dockerfile_inline == NULL)
    set (w, m, "dockerfile", string (w, "Dockerfile", NULL));
  if (b->args->len > 0)
    set (w, m, "args", key_values_node (w, b->args, TRUE));
  if (b->labels->len > 0)
    set (w, m, "labels", key_values_node (w, b->labels, FALSE));
  return m;
}

/* Keys the service writer computes itself. */
static const char * const normalised_keys[] = {
  "build", "command", "entrypoint", "environment", "depends_on", "env_file", "labels",
  "networks", "ports", "volumes", "healthcheck", "profiles", "extends", "links", NULL
};

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const FltNode *ka = *(const FltNode **) a;
  const FltNode *kb = *(const FltNode **) b;

  return g_strcmp0 (ka->value, kb->value);
}

static void
sort_mapping (FltNode *mapping)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (FltNode *) * 2);

  /* An empty mapping may have no item array at all. */
  if (!flt_node_is_mapping (mapping) || mapping->n_items == 0)
    return;

  g_array_append_vals (pairs, mapping->items, mapping->n_items);
  g_array_sort (pairs, compare_keys);
  memcpy (mapping->items, pairs->data, sizeof (FltNode *) * 2 * mapping->n_items);
}

static FltNode *
service_node (Writer     *w,
              FltService *service)
{
  const FltNode *node = flt_service_get_node (service);
  FltNode *m = flt_tree_new_mapping (w->out, node);
  GPtrArray *environment = flt_service_get_environment (service);
  const char * const *profiles = flt_service_get_profiles (service);

  for (guint i = 0; flt_node_is_mapping (node) && i < node->n_items; i++)
    {
      const FltNode *k = flt_node_key (node, i);

      if (!flt_node_is_scalar (k) || g_strv_contains (normalised_keys, k->value))
        continue;
      /* An empty image is no image, as in the model. */
      if (g_str_equal (k->value, "image") && flt_service_get_image (service) == NULL)
        continue;
      set (w, m, k->value, copy_value (w, flt_node_value (node, i)));
    }

  if (flt_service_get_build (service))
    set (w, m, "build", build_node (w, flt_service_get_build (service)));
  if (flt_service_get_command (service))
    set (w, m, "command", strv_node (w, flt_service_get_command (service)));
  if (flt_service_get_entrypoint (service))
    set (w, m, "entrypoint", strv_node (w, flt_service_get_entrypoint (service)));
  set (w, m, "depends_on", depends_node (w, service));
  if (environment->len > 0)
    set (w, m, "environment", key_values_node (w, environment, TRUE));
  if (flt_service_get_env_files (service)->len > 0)
    {
      GPtrArray *files = flt_service_get_env_files (service);
      FltNode *seq = flt_tree_new_sequence (w->out, NULL);

      for (guint i = 0; i < files->len; i++)
        {
          FltEnvFile *f = g_ptr_array_index (files, i);
          FltNode *entry = flt_tree_new_mapping (w->out, f->node);
          g_autofree char *path = absolute (w, f->file);

          set (w, entry, "path", string (w, path, NULL));
          set (w, entry, "required", typed (w, f->required ? "true" : "false", NULL));
          if (f->format)
            set (w, entry, "format", string (w, f->format, NULL));
          flt_tree_append (w->out, seq, entry);
        }
      set (w, m, "env_file", seq);
    }
  if (flt_service_get_healthcheck (service))
    set (w, m, "healthcheck", healthcheck_node (w, flt_service_get_healthcheck (service)));
  if (flt_service_get_labels (service)->len > 0)
    set (w, m, "labels", key_values_node (w, flt_service_get_labels (service), FALSE));
  if (flt_service_get_links (service)->len > 0)
    set (w, m, "links", copy_value (w, flt_service_get_field (service, "links")));
  if (flt_service_get_networks (service)->len > 0)
    set (w, m, "networks", networks_node (w, service));
  if (flt_service_get_ports (service)->len > 0)
    set (w, m, "ports", ports_node (w, flt_service_get_ports (service)));
  if (profiles != NULL && profiles[0] != NULL)
    set (w, m, "profiles", strv_node (w, profiles));
  if (flt_service_get_volumes (service)->len > 0)
    set (w, m, "volumes", volumes_node (w, flt_service_get_volumes (service)));

  sort_mapping (m);
  return m;
}

static FltNode *
resource_node (Writer        *w,
               const FltNode *node,
               const char    *engine_name,
               gboolean       external)
{
  FltNode *m = flt_tree_new_mapping (w->out, node);

  set (w, m, "name", string (w, engine_name, NULL));
  for (guint i = 0; flt_node_is_mapping (node) && i < node->n_items; i++)
    {
      const FltNode *k = flt_node_key (node, i);

      if (g_str_equal (k->value, "name") || g_str_equal (k->value, "external"))
        continue;
      set (w, m, k->value, copy_value (w, flt_node_value (node, i)));
    }
  if (external)
    set (w, m, "external", typed (w, "true", NULL));
  sort_mapping (m);
  return m;
}

/**
 * flt_project_normalize_service:
 * @out: the tree the result is made in
 *
 * Returns: (transfer none): @service as `config` prints it, keys sorted
 */
FltNode *
flt_project_normalize_service (FltProject *self,
                               FltService *service,
                               FltTree    *out)
{
  Writer w = { self, out };

  return service_node (&w, service);
}

FltNode *
_flt_project_normalize (FltProject *self,
                        FltTree    *out)
{
  Writer w = { self, out };
  FltNode *root = flt_tree_new_mapping (out, NULL);
  FltNode *services = flt_tree_new_mapping (out, NULL);
  FltNode *tree_root = flt_tree_get_root (flt_project_get_tree (self));
  GPtrArray *list = flt_project_get_service_list (self);
  static const char * const others[] = { "secrets", "configs", NULL };

  set (&w, root, "name", string (&w, flt_project_get_name (self), NULL));

  for (guint i = 0; i < list->len; i++)
    {
      FltService *service = g_ptr_array_index (list, i);

      if (flt_service_get_enabled (service))
        append (&w, services, flt_service_get_name (service), service_node (&w, service));
    }
  sort_mapping (services);
  set (&w, root, "services", services);

  list = flt_project_get_network_list (self);
  if (list->len > 0)
    {
      FltNode *networks = flt_tree_new_mapping (out, NULL);

      for (guint i = 0; i < list->len; i++)
        {
          FltNetwork *network = g_ptr_array_index (list, i);

          append (&w, networks, flt_network_get_key (network),
               resource_node (&w, flt_network_get_node (network), flt_network_get_name (network),
                              flt_network_get_external (network)));
        }
      sort_mapping (networks);
      set (&w, root, "networks", networks);
    }

  list = flt_project_get_volume_list (self);
  if (list->len > 0)
    {
      FltNode *volumes = flt_tree_new_mapping (out, NULL);

      for (guint i = 0; i < list->len; i++)
        {
          FltVolume *volume = g_ptr_array_index (list, i);

          append (&w, volumes, flt_volume_get_key (volume),
               resource_node (&w, flt_volume_get_node (volume), flt_volume_get_name (volume),
                              flt_volume_get_external (volume)));
        }
      sort_mapping (volumes);
      set (&w, root, "volumes", volumes);
    }

  for (guint i = 0; others[i] != NULL; i++)
    {
      const FltNode *section = flt_node_lookup (tree_root, others[i]);

      if (flt_node_is_mapping (section) && section->n_items > 0)
        set (&w, root, others[i], copy_value (&w, section));
    }

  return root;
}

/**
 * flt_project_to_yaml:
 *
 * Returns: (transfer full): the project as `config` prints it: interpolated,
 *   merged, with every short syntax in its long form and keys sorted
 */
char *
flt_project_to_yaml (FltProject *self)
{
  g_autoptr(FltTree) out = flt_tree_new_empty (NULL);
  GString *s = g_string_new (NULL);

  flt_yaml_write_node (s, _flt_project_normalize (self, out), 0);
  return g_string_free (s, FALSE);
}

char *
flt_project_to_json (FltProject *self)
{
  g_autoptr(FltTree) out = flt_tree_new_empty (NULL);
  GString *s = g_string_new (NULL);

  flt_json_write_node (s, _flt_project_normalize (self, out), 0);
  g_string_append_c (s, '\n');
  return g_string_free (s, FALSE);
}

/**
 * flt_project_dup_service_order:
 *
 * Returns: (transfer full): the enabled services in an order that starts
 *   every dependency before its dependents, or %NULL on a cycle
 */
GStrv
flt_project_dup_service_order (FltProject  *self,
                               GError     **error)
{
  GPtrArray *list = flt_project_get_service_list (self);
  g_autoptr(GStrvBuilder) order = g_strv_builder_new ();
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = list->len;
  guint n_placed = 0;
  gboolean progress = TRUE;

  while (progress)
    {
      progress = FALSE;
      for (guint i = 0; i < n; i++)
        {
          FltService *service = g_ptr_array_index (list, i);
          g_auto(GStrv) deps = NULL;
          gboolean ready = TRUE;

          if (g_hash_table_contains (placed, flt_service_get_name (service)))
            continue;
          deps = flt_service_dup_dependency_names (service);
          for (guint j = 0; deps[j] != NULL && ready; j++)
            if (flt_project_get_service (self, deps[j]) != NULL &&
                !g_hash_table_contains (placed, deps[j]) &&
                !g_str_equal (deps[j], flt_service_get_name (service)))
              ready = FALSE;
          if (!ready)
            continue;
          g_hash_table_add (placed, (gpointer) flt_service_get_name (service));
          n_placed++;
          if (flt_service_get_enabled (service))
            g_strv_builder_add (order, flt_service_get_name (service));
          progress = TRUE;
        }
    }

  if (n_placed < n)
    {
      g_set_error (error, FLT_PROJECT_ERROR, FLT_PROJECT_ERROR_CYCLE,
                   _("the services’ dependencies form a cycle; fix the cycle that validation reports"));
      return NULL;
    }

  return g_strv_builder_end (order);
}
