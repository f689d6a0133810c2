/* flt-project-checks.c: what must hold between services, networks and volumes
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-project-private.h"

/* The key a service's value sits under, to point diagnostics at its name. */
static const FltNode *
service_key (FltService *service)
{
  const FltNode *node = flt_service_get_node (service);
  const FltNode *parent = node ? node->parent : NULL;

  for (guint i = 0; flt_node_is_mapping (parent) && i < parent->n_items; i++)
    if (flt_node_value (parent, i) == node)
      return flt_node_key (parent, i);
  return node;
}

/* Every service's name but @except's: a service does not refer to itself. */
static GStrv
service_names (FltProject *self,
               FltService *except)
{
  GPtrArray *services = flt_project_get_service_list (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);

      if (service != except)
        g_strv_builder_add (builder, flt_service_get_name (service));
    }
  return g_strv_builder_end (builder);
}

static void
unknown_service (FltProject    *self,
                 GPtrArray     *diagnostics,
                 FltService    *service,
                 const FltNode *node,
                 const char    *path,
                 const char    *name,
                 const char    *how)
{
  g_auto(GStrv) names = service_names (self, service);
  g_autofree char *suggestion = _flt_suggest (name, (const char * const *) names);

  if (suggestion != NULL)
    _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_UNKNOWN_SERVICE, node, path,
                 /* Translators: "the service web depends on (through depends_on) db, which is not defined; did you mean “database”?" */
                 _("the service %s refers to %s (through %s), which is not defined; did you mean “%s”?"),
                 flt_service_get_name (service), name, how, suggestion);
  else
    _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_UNKNOWN_SERVICE, node, path,
                 _("the service %s refers to %s (through %s), which is not defined; "
                   "add a service called %s or remove the reference"),
                 flt_service_get_name (service), name, how, name);
}

static void
check_references (FltProject *self,
                  FltService *service,
                  GPtrArray  *diagnostics)
{
  GPtrArray *depends = flt_service_get_depends_on (service);
  GPtrArray *links = flt_service_get_links (service);
  static const char * const modes[] = { "network_mode", "ipc", "pid", "uts", "cgroup" };
  const FltNode *volumes_from = flt_service_get_field (service, "volumes_from");

  for (guint i = 0; i < depends->len; i++)
    {
      FltDependency *d = g_ptr_array_index (depends, i);
      FltService *target = flt_project_get_service (self, d->service);

      if (target != NULL && flt_service_get_enabled (service) && !flt_service_get_enabled (target) &&
          d->required)
        {
          const char * const *profiles = flt_service_get_profiles (target);
          g_autofree char *names = profiles ? g_strjoinv (", ", (char **) profiles) : g_strdup ("");

          _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_UNKNOWN_SERVICE, d->node, d->path,
                       _("the service %s depends on %s, which only runs with the profile %s; "
                         "enable that profile, give %s the same profile, or make the dependency required: false"),
                       flt_service_get_name (service), d->service, names, flt_service_get_name (service));
          continue;
        }

      if (target == NULL)
        unknown_service (self, diagnostics, service, d->node, d->path, d->service, "depends_on");
      else if (g_str_equal (d->service, flt_service_get_name (service)))
        _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_DEPENDENCY_CYCLE, d->node, d->path,
                     _("the service %s depends on itself; remove this entry"), d->service);
    }

  for (guint i = 0; i < links->len; i++)
    {
      FltLink *l = g_ptr_array_index (links, i);

      if (flt_project_get_service (self, l->service) == NULL)
        unknown_service (self, diagnostics, service, l->node, l->path, l->service, "links");
    }

  for (guint i = 0; flt_node_is_sequence (volumes_from) && i < volumes_from->n_items; i++)
    {
      const FltNode *item = volumes_from->items[i];
      g_auto(GStrv) parts = NULL;

      /* An empty entry splits into no part at all: nothing to look up. */
      if (!flt_node_is_scalar (item) || item->value[0] == '\0' ||
          g_str_has_prefix (item->value, "container:"))
        continue;
      parts = g_strsplit (item->value, ":", 2);
      if (flt_project_get_service (self, parts[0]) == NULL)
        {
          g_autofree char *base = flt_path_append_key (flt_service_get_path (service), "volumes_from");
          g_autofree char *path = flt_path_append_index (base, i);

          unknown_service (self, diagnostics, service, item, path, parts[0], "volumes_from");
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      const FltNode *mode = flt_service_get_field (service, modes[i]);

      if (flt_node_is_scalar (mode) && g_str_has_prefix (mode->value, "service:") &&
          flt_project_get_service (self, mode->value + strlen ("service:")) == NULL)
        {
          g_autofree char *path = flt_path_append_key (flt_service_get_path (service), modes[i]);

          unknown_service (self, diagnostics, service, mode, path,
                           mode->value + strlen ("service:"), modes[i]);
        }
    }
}

/* Depth-first search for a cycle through dependencies. */
typedef enum { WHITE, GREY, BLACK } Colour;

static gboolean
visit (FltProject *self,
       FltService *service,
       GHashTable *colours,
       GPtrArray  *stack,
       GPtrArray  *diagnostics)
{
  const char *name = flt_service_get_name (service);
  g_auto(GStrv) deps = NULL;

  g_hash_table_insert (colours, (gpointer) name, GINT_TO_POINTER (GREY));
  g_ptr_array_add (stack, service);

  deps = flt_service_dup_dependency_names (service);
  for (guint i = 0; deps[i] != NULL; i++)
    {
      FltService *dep = flt_project_get_service (self, deps[i]);
      Colour c;

      if (dep == NULL || dep == service)
        continue;
      c = GPOINTER_TO_INT (g_hash_table_lookup (colours, deps[i]));
      if (c == GREY)
        {
          GString *chain = g_string_new (NULL);
          guint start = 0;

          for (guint j = 0; j < stack->len; j++)
            if (g_ptr_array_index (stack, j) == dep)
              start = j;
          for (guint j = start; j < stack->len; j++)
            g_string_append_printf (chain, "%s → ", flt_service_get_name (g_ptr_array_index (stack, j)));
          g_string_append (chain, deps[i]);

          _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_DEPENDENCY_CYCLE,
                       service_key (dep), flt_service_get_path (dep),
                       _("dependency cycle: %s; no service in it could start first — remove one of these dependencies"),
                       chain->str);
          g_string_free (chain, TRUE);
          g_ptr_array_remove_index (stack, stack->len - 1);
          g_hash_table_insert (colours, (gpointer) name, GINT_TO_POINTER (BLACK));
          return TRUE;
        }
      if (c == WHITE && visit (self, dep, colours, stack, diagnostics))
        {
          g_ptr_array_remove_index (stack, stack->len - 1);
          g_hash_table_insert (colours, (gpointer) name, GINT_TO_POINTER (BLACK));
          return TRUE;
        }
    }

  g_ptr_array_remove_index (stack, stack->len - 1);
  g_hash_table_insert (colours, (gpointer) name, GINT_TO_POINTER (BLACK));
  return FALSE;
}

static void
check_cycles (FltProject *self,
              GPtrArray  *diagnostics)
{
  GPtrArray *services = flt_project_get_service_list (self);
  g_autoptr(GHashTable) colours = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);

      if (GPOINTER_TO_INT (g_hash_table_lookup (colours, flt_service_get_name (service))) == WHITE)
        visit (self, service, colours, stack, diagnostics);
    }
}

static void
check_resources (FltProject *self,
                 FltService *service,
                 GPtrArray  *diagnostics)
{
  GPtrArray *mounts = flt_service_get_volumes (service);
  GPtrArray *networks = flt_service_get_networks (service);

  for (guint i = 0; i < mounts->len; i++)
    {
      FltMount *m = g_ptr_array_index (mounts, i);

      /* The legacy format has no top-level volumes: a named volume is
       * made when first used, as docker-compose 1 and ecs-cli do. */
      if (m->type == FLT_MOUNT_VOLUME && m->source != NULL && !flt_project_is_legacy (self) &&
          flt_project_get_volume (self, m->source) == NULL)
        _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_UNDECLARED_VOLUME, m->node, m->path,
                     _("the service %s uses the named volume “%s”, which is not declared; "
                       "add it under the top-level volumes: key (or write ./%s for a folder on the host)"),
                     flt_service_get_name (service), m->source, m->source);
    }

  for (guint i = 0; i < networks->len; i++)
    {
      FltNetworkAttachment *a = g_ptr_array_index (networks, i);

      if (g_str_equal (a->network, "default") || flt_project_get_network (self, a->network) != NULL)
        continue;
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_UNDECLARED_NETWORK, a->node, a->path,
                   _("the service %s joins the network “%s”, which is not declared; "
                     "add it under the top-level networks: key"),
                   flt_service_get_name (service), a->network);
    }
}

static void
check_references_to (FltProject    *self,
                     FltService    *service,
                     const char    *key,
                     GPtrArray     *diagnostics)
{
  const FltNode *list = flt_service_get_field (service, key);
  const FltNode *root = flt_tree_get_root (flt_project_get_tree (self));
  const FltNode *declared = flt_node_lookup (root, key);

  for (guint i = 0; flt_node_is_sequence (list) && i < list->n_items; i++)
    {
      const FltNode *item = list->items[i];
      const FltNode *source = flt_node_is_mapping (item) ? flt_node_lookup (item, "source") : item;

      if (!flt_node_is_scalar (source) || source->is_null)
        continue;
      if (flt_node_lookup (declared, source->value) == NULL)
        {
          g_autofree char *base = flt_path_append_key (flt_service_get_path (service), key);
          g_autofree char *path = flt_path_append_index (base, i);

          _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VALUE, source, path,
                       /* Translators: the second %s is "secrets" or "configs" */
                       _("the service %s uses “%s”, which is not declared under the top-level %s: key"),
                       flt_service_get_name (service), source->value, key);
        }
    }
}

static void
check_image (FltService *service,
             GPtrArray  *diagnostics)
{
  const FltNode *image;

  if (flt_service_get_image (service) != NULL || flt_service_get_build (service) != NULL ||
      flt_service_get_field (service, "provider") != NULL)
    return;

  if (!flt_node_is_mapping (flt_service_get_node (service)))
    return;

  image = flt_service_get_field (service, "image");
  if (flt_node_is_scalar (image) && !image->is_null)
    {
      g_autofree char *path = flt_path_append_key (flt_service_get_path (service), "image");

      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_MISSING_IMAGE, image, path,
                   _("the image of the service %s is empty and it has no build; give an image "
                     "(for example nginx:1.27), set the variable the image uses, or add build:"),
                   flt_service_get_name (service));
      return;
    }

  _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_MISSING_IMAGE,
                 service_key (service), flt_service_get_path (service),
                 _("the service %s has neither image nor build; add image: (for example nginx:1.27) "
                   "or build: (a folder with a Dockerfile)"),
                 flt_service_get_name (service));
}

static void
check_platforms (FltService *service,
                 GPtrArray  *diagnostics)
{
  const FltNode *platform = flt_service_get_field (service, "platform");
  const FltBuild *build = flt_service_get_build (service);
  const FltNode *platforms = build && flt_node_is_mapping (build->node)
                             ? flt_node_lookup (build->node, "platforms") : NULL;

  if (!flt_node_is_scalar (platform) || !flt_node_is_sequence (platforms) || platforms->n_items == 0)
    return;
  for (guint i = 0; i < platforms->n_items; i++)
    if (flt_node_scalar_equal (platforms->items[i], platform->value))
      return;

  _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VALUE, platform,
               flt_service_get_path (service),
               _("the service %s runs on %s, but build.platforms does not build for it; "
                 "add %s to build.platforms"),
               flt_service_get_name (service), platform->value, platform->value);
}

static void
check_scaling (FltService *service,
               GPtrArray  *diagnostics)
{
  int replicas = flt_service_get_replicas (service);

  if (replicas > 1 && flt_service_get_container_name (service) != NULL)
    _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VALUE,
                 flt_service_get_field (service, "container_name"), flt_service_get_path (service),
                 _("the service %s asks for %d containers but sets container_name, "
                   "which only one container can have; remove container_name or scale to 1"),
                 flt_service_get_name (service), replicas);
}

static void
check_env_files (FltProject *self,
                 FltService *service,
                 GPtrArray  *diagnostics)
{
  GPtrArray *files = flt_service_get_env_files (service);

  for (guint i = 0; i < files->len; i++)
    {
      FltEnvFile *f = g_ptr_array_index (files, i);
      g_autofree char *path = NULL;

      if (!f->required)
        continue;
      path = g_path_is_absolute (f->file) ? g_strdup (f->file)
                                          : g_build_filename (flt_project_get_working_dir (self), f->file, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_IO, f->node, f->path,
                     _("the env file %s does not exist; create it, fix the path, "
                       "or mark it optional with required: false"),
                     f->file);
    }
}

typedef struct
{
  FltService *service;
  FltPort *port;
} Published;

static gboolean
ip_overlaps (const char *a,
             const char *b)
{
  gboolean any_a = a == NULL || g_str_equal (a, "0.0.0.0") || g_str_equal (a, "::");
  gboolean any_b = b == NULL || g_str_equal (b, "0.0.0.0") || g_str_equal (b, "::");

  return any_a || any_b || g_str_equal (a, b);
}

static void
check_ports (FltProject *self,
             GPtrArray  *diagnostics)
{
  GPtrArray *services = flt_project_get_service_list (self);
  /* "PORT/PROTOCOL" → GArray of Published: each fixed host port is compared
   * only with the others on the same number. */
  g_autoptr(GHashTable) published = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_array_unref);

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      GPtrArray *ports = flt_service_get_ports (service);
      int replicas;

      if (!flt_service_get_enabled (service))
        continue;
      replicas = flt_service_get_replicas (service);

      for (guint j = 0; j < ports->len; j++)
        {
          FltPort *port = g_ptr_array_index (ports, j);
          Published p = { service, port };
          g_autofree char *key = NULL;
          GArray *same;

          if (port->published_start == 0)
            continue;

          /* Several replicas cannot share one fixed host port. */
          if (replicas > 1 && port->published_start == port->published_end)
            _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_PORT_CONFLICT, port->node, port->path,
                         _("the service %s runs %d containers but publishes the single host port %u; "
                           "publish a range (for example %u-%u) or leave the host port out"),
                         flt_service_get_name (service), replicas,
                         port->published_start, port->published_start,
                         port->published_start + replicas - 1);

          /* A range is a pool Compose picks from; only fixed ports clash. */
          if (port->published_start != port->published_end)
            continue;

          key = g_strdup_printf ("%u/%s", port->published_start, port->protocol);
          same = g_hash_table_lookup (published, key);
          if (same == NULL)
            {
              same = g_array_new (FALSE, FALSE, sizeof (Published));
              g_hash_table_insert (published, g_strdup (key), same);
            }

          for (guint k = 0; k < same->len; k++)
            {
              Published *q = &g_array_index (same, Published, k);

              if (!ip_overlaps (q->port->host_ip, port->host_ip))
                continue;

              _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_PORT_CONFLICT, port->node, port->path,
                           q->service == service
                           ? _("the host port %u/%s is published twice by the service %s; "
                               "only one container port can listen on it — change one of them")
                           : _("the host port %u/%s is also published by the service %s; "
                               "two containers cannot listen on it — change one of them"),
                           port->published_start, port->protocol, flt_service_get_name (q->service));
              break;
            }

          g_array_append_val (same, p);
        }
    }
}

void
_flt_project_check (FltProject *self,
                    GPtrArray  *diagnostics)
{
  GPtrArray *services = flt_project_get_service_list (self);

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);

      check_image (service, diagnostics);
      check_references (self, service, diagnostics);
      check_resources (self, service, diagnostics);
      check_references_to (self, service, "secrets", diagnostics);
      check_references_to (self, service, "configs", diagnostics);
      check_scaling (service, diagnostics);
      check_platforms (service, diagnostics);
      check_env_files (self, service, diagnostics);
    }

  check_cycles (self, diagnostics);
  check_ports (self, diagnostics);
}
