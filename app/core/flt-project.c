/* flt-project.c: compose files, merged and resolved into one project
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-interpolate.h"
#include "flt-project-private.h"

struct _FltProject
{
  GObject parent_instance;

  char *name;
  char *working_dir;
  GStrv config_files;
  FltEnvironment *environment;
  GPtrArray *diagnostics;
  gboolean legacy;

  GPtrArray *services;
  GPtrArray *networks;
  GPtrArray *volumes;
  GListModel *models[3];  /* made on demand by flt-project-gio.c */
  GHashTable *service_index;
  GHashTable *network_index;
  GHashTable *volume_index;
  GStrv active_profiles;

  FltTree *tree;          /* the merged project; the model's nodes live here */
  GPtrArray *keep_alive;  /* the trees the merged nodes' origins live in */
};

G_DEFINE_FINAL_TYPE (FltProject, flt_project, G_TYPE_OBJECT)
G_DEFINE_QUARK (flt-project-error-quark, flt_project_error)

static void
flt_project_finalize (GObject *object)
{
  FltProject *self = FLT_PROJECT (object);

  g_free (self->name);
  g_free (self->working_dir);
  g_strfreev (self->config_files);
  g_clear_object (&self->environment);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->networks, g_ptr_array_unref);
  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->models); i++)
    g_clear_object (&self->models[i]);
  g_clear_pointer (&self->service_index, g_hash_table_unref);
  g_clear_pointer (&self->network_index, g_hash_table_unref);
  g_clear_pointer (&self->volume_index, g_hash_table_unref);
  g_strfreev (self->active_profiles);
  g_clear_pointer (&self->tree, flt_tree_unref);
  g_clear_pointer (&self->keep_alive, g_ptr_array_unref);

  G_OBJECT_CLASS (flt_project_parent_class)->finalize (object);
}

static void
flt_project_class_init (FltProjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_project_finalize;
}

static void
flt_project_init (FltProject *self)
{
  self->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_diagnostic_unref);
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
  self->networks = g_ptr_array_new_with_free_func (g_object_unref);
  self->volumes = g_ptr_array_new_with_free_func (g_object_unref);
  self->service_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->network_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->volume_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->keep_alive = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_tree_unref);
}

/* Loading */

typedef struct
{
  FltProject *project;
  FltEnvironment *env;
  GHashTable *loading;    /* absolute paths being included, against cycles */
} Loader;

static void
report_at (FltProject        *self,
           FltSeverity        severity,
           FltDiagnosticKind  kind,
           const char        *file,
           const FltMark     *mark,
           const char        *path,
           const char        *message)
{
  g_ptr_array_add (self->diagnostics,
                   flt_diagnostic_new (severity, kind, file, mark, NULL, path, message));
}

static void
report_duplicate (FltProject    *self,
                  const FltNode *key,
                  const FltNode *first)
{
  g_autofree char *path = flt_node_dup_path (key);

  _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_DUPLICATE_KEY, key, path,
               _("the key “%s” appears twice (first at line %u); remove one of them"),
               key->value, first->start.line + 1);
}

/* Reports keys that appear twice in one mapping: YAML forbids it and
 * docker compose refuses the file. */
static void
check_duplicate_keys (FltProject    *self,
                      const FltNode *node)
{
  if (node == NULL)
    return;

  if (node->kind == FLT_NODE_MAPPING)
    {
      g_autoptr(GHashTable) index = node->n_items > 16 ? g_hash_table_new (g_str_hash, g_str_equal) : NULL;

      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *key = flt_node_key (node, i);

          if (key->kind != FLT_NODE_SCALAR)
            continue;

          /* Most mappings are small: a scan beats a hash table there. */
          for (guint j = 0; index == NULL && j < i; j++)
            {
              const FltNode *first = flt_node_key (node, j);

              if (first->kind == FLT_NODE_SCALAR && first->value[0] == key->value[0] &&
                  g_str_equal (first->value, key->value) && !g_str_equal (key->value, "<<"))
                {
                  report_duplicate (self, key, first);
                  break;
                }
            }
          if (index != NULL)
            {
              const FltNode *first = g_hash_table_lookup (index, key->value);

              if (first != NULL && !g_str_equal (key->value, "<<"))
                {
                  report_duplicate (self, key, first);
                }
              else
                g_hash_table_insert (index, (gpointer) key->value, (gpointer) key);
            }
          check_duplicate_keys (self, flt_node_value (node, i));
        }
    }
  else if (node->kind == FLT_NODE_SEQUENCE)
    {
      for (guint i = 0; i < node->n_items; i++)
        check_duplicate_keys (self, node->items[i]);
    }
}

/* Column of byte @offset inside @node's value, where that maps to the
 * text one to one (a single-line plain or quoted scalar). */
static FltMark
mark_inside (const FltNode *node,
             gsize          offset)
{
  const FltNode *origin = flt_node_get_origin (node);
  FltMark mark = origin->start;

  if (origin->start.line == origin->end.line && node->value != NULL &&
      (origin->style == FLT_SCALAR_PLAIN || origin->style == FLT_SCALAR_SINGLE_QUOTED ||
       origin->style == FLT_SCALAR_DOUBLE_QUOTED))
    {
      guint skip = origin->style == FLT_SCALAR_PLAIN ? 0 : 1;

      mark.column += skip + g_utf8_strlen (node->value, MIN (offset, node->value_len));
      mark.offset += skip + MIN (offset, node->value_len);
    }
  return mark;
}

static void
interpolate_node (FltProject     *self,
                  FltTree        *tree,
                  FltNode        *node,
                  FltEnvironment *env,
                  gboolean        top)
{
  if (node == NULL)
    return;

  switch (node->kind)
    {
    case FLT_NODE_SCALAR:
      if (node->value != NULL && flt_interpolate_has_references (node->value))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) refs = NULL;
          g_autofree char *value = NULL;
          g_autofree char *path = NULL;
          gsize error_offset = 0;

          value = flt_interpolate (node->value, env, &refs, &error_offset, &error);
          if (value == NULL || (refs != NULL && refs->len > 0))
            path = flt_node_dup_path (node);
          if (value == NULL)
            {
              FltMark mark = mark_inside (node, error_offset);
              FltDiagnosticKind kind = g_error_matches (error, FLT_INTERPOLATE_ERROR,
                                                        FLT_INTERPOLATE_ERROR_REQUIRED)
                                       ? FLT_DIAGNOSTIC_REQUIRED_VARIABLE : FLT_DIAGNOSTIC_INTERPOLATION;

              report_at (self, FLT_SEVERITY_ERROR, kind, node->file, &mark, path, error->message);
              return;
            }

          for (guint i = 0; refs != NULL && i < refs->len; i++)
            {
              FltVariableRef *ref = g_ptr_array_index (refs, i);

              if (ref->source == FLT_VARIABLE_UNSET)
                {
                  FltMark mark = mark_inside (node, ref->offset);
                  g_autofree char *message =
                    g_strdup_printf (_("the variable %s is not set, so an empty string is used; "
                                       "set it in the environment or in .env, or give a default with ${%s:-value}"),
                                     ref->name, ref->name);

                  report_at (self, FLT_SEVERITY_WARNING, FLT_DIAGNOSTIC_INTERPOLATION, node->file,
                             &mark, path, message);
                }
            }

          if (g_strcmp0 (value, node->value) != 0)
            {
              flt_tree_set_scalar_value (tree, node, value);
              node->interpolated = TRUE;
            }
        }
      break;

    case FLT_NODE_MAPPING:
      for (guint i = 0; i < node->n_items; i++)
        {
          FltNode *key = flt_node_key (node, i);

          /* Extensions at the top level are templates for anchors; they
           * are interpolated where they are used. */
          if (top && flt_node_is_scalar (key) && g_str_has_prefix (key->value, "x-"))
            continue;
          interpolate_node (self, tree, flt_node_value (node, i), env, FALSE);
        }
      break;

    case FLT_NODE_SEQUENCE:
      for (guint i = 0; i < node->n_items; i++)
        interpolate_node (self, tree, node->items[i], env, FALSE);
      break;

    case FLT_NODE_ALIAS:
    default:
      break;
    }
}

/* A legacy service's log_driver and log_opt, which ecs-cli and
 * docker-compose 1 read in place of logging (the AWS export writes them),
 * as the logging they mean. */
static FltNode *
legacy_logging (FltTree *tree,
                FltNode *service)
{
  FltNode *driver = flt_node_lookup (service, "log_driver");
  FltNode *options = flt_node_lookup (service, "log_opt");
  FltNode *copy, *logging;
  int index;

  if ((driver == NULL && options == NULL) || flt_node_lookup (service, "logging") != NULL)
    return service;

  index = flt_node_lookup_index (service, driver ? "log_driver" : "log_opt");
  copy = flt_tree_new_mapping (tree, service);
  logging = flt_tree_new_mapping (tree, flt_node_key (service, index));
  for (guint i = 0; i < service->n_items; i++)
    {
      FltNode *key = flt_node_key (service, i);

      if (flt_node_scalar_equal (key, "log_driver") || flt_node_scalar_equal (key, "log_opt"))
        {
          if ((int) i == index)
            flt_tree_mapping_set (tree, copy, flt_tree_new_scalar (tree, "logging", key), logging);
          continue;
        }
      flt_tree_mapping_set (tree, copy, key, flt_node_value (service, i));
    }
  if (driver != NULL)
    flt_tree_mapping_set (tree, logging, flt_tree_new_scalar (tree, "driver", driver), driver);
  if (options != NULL)
    flt_tree_mapping_set (tree, logging, flt_tree_new_scalar (tree, "options", options), options);
  return copy;
}

/* The legacy format's services at the top level, as a version 2+ tree. */
static FltNode *
wrap_legacy (FltTree *tree,
             FltNode *root)
{
  FltNode *top = flt_tree_new_mapping (tree, root);
  FltNode *services = flt_tree_new_mapping (tree, root);

  for (guint i = 0; i < root->n_items; i++)
    {
      FltNode *key = flt_node_key (root, i);
      FltNode *value = flt_node_value (root, i);

      if (flt_node_is_scalar (key) && g_str_has_prefix (key->value, "x-"))
        flt_tree_mapping_set (tree, top, key, value);
      else
        flt_tree_mapping_set (tree, services, key,
                              flt_node_is_mapping (value) ? legacy_logging (tree, value) : value);
    }

  flt_tree_mapping_set (tree, top, flt_tree_new_scalar (tree, "services", root), services);
  return top;
}

/* Parses, resolves and interpolates one document.  Returns its resolved
 * root (kept alive by the project), or NULL after reporting why not. */
static FltNode *
prepare_document (FltProject     *self,
                  FltDocument    *document,
                  FltEnvironment *env,
                  FltTree       **out_tree)
{
  FltDiagnostic *syntax = flt_document_get_syntax_error (document);
  FltTree *tree = flt_document_get_tree (document);
  g_autoptr(GError) error = NULL;
  FltTree *resolved;
  FltNode *root;

  if (syntax != NULL)
    {
      g_ptr_array_add (self->diagnostics, flt_diagnostic_ref (syntax));
      return NULL;
    }

  root = flt_tree_get_root (tree);
  if (root == NULL)
    {
      FltMark start = { 0, 0, 0 };

      report_at (self, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_EMPTY_FILE,
                 flt_document_get_display_name (document), &start, NULL,
                 _("the file is empty; a compose file needs at least a services: key"));
      return NULL;
    }
  if (root->kind != FLT_NODE_MAPPING)
    {
      _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_WRONG_TYPE, root, NULL,
                   _("the top level of a compose file must be a mapping (keys like services:); found %s"),
                   flt_node_kind_to_string (root));
      return NULL;
    }

  check_duplicate_keys (self, root);

  {
    FltMark where = { 0, 0, 0 };

    resolved = flt_tree_resolve_at (tree, &where, &error);
    if (resolved == NULL)
      {
        /* At the alias where the expansion went over the limit. */
        report_at (self, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_LIMIT,
                   flt_document_get_display_name (document), &where, NULL, error->message);
        return NULL;
      }
  }
  g_ptr_array_add (self->keep_alive, resolved);
  if (out_tree != NULL)
    *out_tree = resolved;

  root = flt_tree_get_root (resolved);
  interpolate_node (self, resolved, root, env, TRUE);

  if (flt_document_is_legacy (document))
    {
      _flt_report (self->diagnostics, FLT_SEVERITY_WARNING, FLT_DIAGNOSTIC_LEGACY_FORMAT,
                   flt_node_key (root, 0), NULL,
                   _("this file uses the legacy Compose format (services at the top level, as "
                     "ecs-cli and docker-compose 1 read it); docker compose 2 needs them under services:"));
      root = wrap_legacy (resolved, root);
      flt_tree_set_root (resolved, root);
    }
  else if (flt_node_lookup (root, "version") != NULL)
    {
      const FltNode *version = flt_node_lookup (root, "version");
      int index = flt_node_lookup_index (root, "version");

      _flt_report (self->diagnostics, FLT_SEVERITY_WARNING, FLT_DIAGNOSTIC_OBSOLETE,
                   index >= 0 ? flt_node_key (root, index) : version, "version",
                   _("the version key is obsolete: Compose ignores it; you can remove it"));
    }

  return root;
}

static FltDocument *
load_document_at (FltProject  *self,
                  const char  *path,
                  const FltNode *from,
                  const char  *what)
{
  g_autoptr(GError) error = NULL;
  FltDocument *document = flt_document_new_for_path (path, &error);

  if (document == NULL)
    _flt_report (self->diagnostics, FLT_SEVERITY_ERROR,
                 g_str_equal (what, "include") ? FLT_DIAGNOSTIC_INCLUDE : FLT_DIAGNOSTIC_EXTENDS,
                 from, NULL, "%s", error->message);
  return document;
}

static char *
resolve_path (const char *base_dir,
              const char *path)
{
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);
  if (g_path_is_absolute (path))
    return g_canonicalize_filename (path, NULL);
  return g_canonicalize_filename (path, base_dir);
}

static void apply_extends (Loader *loader, FltTree *out, FltNode *services, const char *base_dir);

/* Paths inherited through extends from another folder keep pointing where
 * they pointed: rebase relative build contexts, env files and binds. */
static void
rebase_paths (FltTree    *out,
              FltNode    *service,
              const char *from_dir,
              const char *to_dir)
{
  FltNode *build, *env_file, *volumes;

  if (g_strcmp0 (from_dir, to_dir) == 0 || !flt_node_is_mapping (service))
    return;

#define REBASE(node) \
  G_STMT_START { \
    if (flt_node_is_scalar (node) && !g_path_is_absolute ((node)->value) && \
        !g_str_has_prefix ((node)->value, "~") && strstr ((node)->value, "://") == NULL) \
      { \
        g_autofree char *abs_ = g_canonicalize_filename ((node)->value, from_dir); \
        flt_tree_set_scalar_value (out, (node), abs_); \
      } \
  } G_STMT_END

  build = flt_node_lookup (service, "build");
  if (flt_node_is_scalar (build))
    REBASE (build);
  else if (flt_node_is_mapping (build))
    {
      FltNode *context = flt_node_lookup (build, "context");

      if (context != NULL)
        REBASE (context);
    }

  env_file = flt_node_lookup (service, "env_file");
  if (flt_node_is_scalar (env_file))
    REBASE (env_file);
  for (guint i = 0; flt_node_is_sequence (env_file) && i < env_file->n_items; i++)
    {
      FltNode *item = env_file->items[i];

      if (flt_node_is_mapping (item))
        item = flt_node_lookup (item, "path");
      if (item != NULL)
        REBASE (item);
    }

  volumes = flt_node_lookup (service, "volumes");
  for (guint i = 0; flt_node_is_sequence (volumes) && i < volumes->n_items; i++)
    {
      FltNode *item = volumes->items[i];

      if (flt_node_is_scalar (item) && item->value[0] == '.')
        {
          g_auto(GStrv) parts = g_strsplit (item->value, ":", 2);
          g_autofree char *abs = g_canonicalize_filename (parts[0], from_dir);
          g_autofree char *spec = parts[1] ? g_strconcat (abs, ":", parts[1], NULL) : g_strdup (abs);

          flt_tree_set_scalar_value (out, item, spec);
        }
    }
#undef REBASE
}


/* include: other projects' resources become this project's.  A name
 * defined twice is an error, as in Compose. */
static void
apply_includes (Loader     *loader,
                FltTree    *out,
                FltNode    *root,
                const char *base_dir)
{
  FltProject *self = loader->project;
  int index = flt_node_lookup_index (root, "include");
  const FltNode *include;

  if (index < 0)
    return;

  include = flt_node_value (root, index);
  flt_tree_mapping_remove (root, index);

  for (guint i = 0; flt_node_is_sequence (include) && i < include->n_items; i++)
    {
      const FltNode *item = include->items[i];
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(FltEnvironment) env = NULL;
      const FltNode *path_node = flt_node_is_mapping (item) ? flt_node_lookup (item, "path") : item;
      const char *project_dir = flt_node_is_mapping (item)
                                ? (flt_node_is_scalar (flt_node_lookup (item, "project_directory"))
                                   ? flt_node_lookup (item, "project_directory")->value : NULL)
                                : NULL;
      g_autofree char *dir = NULL;
      FltNode *merged = NULL;

      if (flt_node_is_scalar (path_node))
        g_ptr_array_add (paths, resolve_path (base_dir, path_node->value));
      else if (flt_node_is_sequence (path_node))
        for (guint j = 0; j < path_node->n_items; j++)
          if (flt_node_is_scalar (path_node->items[j]))
            g_ptr_array_add (paths, resolve_path (base_dir, path_node->items[j]->value));

      if (paths->len == 0)
        continue;

      dir = project_dir ? resolve_path (base_dir, project_dir)
                        : g_path_get_dirname (g_ptr_array_index (paths, 0));

      /* The included project reads its own .env. */
      env = flt_environment_copy (loader->env);
      {
        g_autofree char *dotenv = g_build_filename (dir, ".env", NULL);

        flt_environment_load_dotenv (env, dotenv, FALSE, NULL);
      }

      for (guint j = 0; j < paths->len; j++)
        {
          const char *path = g_ptr_array_index (paths, j);
          g_autoptr(FltDocument) document = NULL;
          FltNode *sub;

          if (g_hash_table_contains (loader->loading, path))
            {
              _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_INCLUDE, item, NULL,
                           _("%s includes itself (through include:); remove the cycle"), path);
              continue;
            }
          document = load_document_at (self, path, item, "include");
          if (document == NULL)
            continue;
          g_ptr_array_add (self->keep_alive, flt_tree_ref (flt_document_get_tree (document)));
          sub = prepare_document (self, document, env, NULL);
          if (sub == NULL)
            continue;

          g_hash_table_add (loader->loading, g_strdup (path));
          {
            Loader inner = { self, env, loader->loading };

            apply_includes (&inner, out, sub, dir);
          }
          g_hash_table_remove (loader->loading, path);

          merged = merged ? _flt_merge_override (out, merged, sub, 0) : flt_tree_copy_node (out, sub);
        }

      if (merged == NULL)
        continue;

      {
        FltNode *services = flt_node_lookup (merged, "services");

        if (flt_node_is_mapping (services))
          {
            Loader inner = { self, env, loader->loading };

            apply_extends (&inner, out, services, dir);
          }
      }

      /* Relative paths in included files are relative to their project. */
      {
        FltNode *services = flt_node_lookup (merged, "services");

        for (guint k = 0; flt_node_is_mapping (services) && k < services->n_items; k++)
          rebase_paths (out, flt_node_value (services, k), dir, NULL);
      }

      /* Add the included resources, refusing redefinitions. */
      for (guint k = 0; k < merged->n_items; k++)
        {
          const FltNode *section_key = flt_node_key (merged, k);
          FltNode *section = flt_node_value (merged, k);
          FltNode *mine;

          if (!flt_node_is_scalar (section_key) || !flt_node_is_mapping (section) ||
              g_str_equal (section_key->value, "name") || g_str_has_prefix (section_key->value, "x-"))
            continue;

          mine = flt_node_lookup (root, section_key->value);
          if (mine == NULL || !flt_node_is_mapping (mine))
            {
              mine = flt_tree_new_mapping (out, section);
              flt_tree_mapping_set (out, root, flt_tree_copy_node (out, section_key), mine);
            }

          for (guint e = 0; e < section->n_items; e++)
            {
              const FltNode *key = flt_node_key (section, e);

              if (flt_node_lookup (mine, key->value) != NULL)
                {
                  if (g_str_equal (section_key->value, "services"))
                    _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_INCLUDE,
                                 flt_node_lookup (mine, key->value), NULL,
                                 _("the service “%s” is defined here and in an included file; "
                                   "rename one of them"), key->value);
                  continue;
                }
              flt_tree_mapping_set (out, mine, flt_tree_copy_node (out, key),
                                    flt_tree_copy_node (out, flt_node_value (section, e)));
            }
        }
    }
}

static FltNode *
extended_service (Loader        *loader,
                  FltTree       *out,
                  FltNode       *services,
                  const char    *name,
                  const char    *base_dir,
                  GHashTable    *visiting,
                  const FltNode *at);

/* Resolves the service called @name in @services (extends included). */
static FltNode *
resolve_extends_of (Loader     *loader,
                    FltTree    *out,
                    FltNode    *services,
                    FltNode    *service,
                    const char *name,
                    const char *base_dir,
                    GHashTable *visiting)
{
  FltProject *self = loader->project;
  int index = flt_node_lookup_index (service, "extends");
  const FltNode *extends;
  const char *base_name = NULL;
  const char *file = NULL;
  FltNode *base = NULL;
  FltNode *merged;
  FltNode *own;

  if (index < 0)
    return service;

  extends = flt_node_value (service, index);
  if (flt_node_is_scalar (extends))
    base_name = extends->value;
  else if (flt_node_is_mapping (extends))
    {
      const FltNode *s = flt_node_lookup (extends, "service");
      const FltNode *f = flt_node_lookup (extends, "file");

      base_name = flt_node_is_scalar (s) ? s->value : NULL;
      file = flt_node_is_scalar (f) ? f->value : NULL;
    }

  if (base_name == NULL)
    {
      _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_EXTENDS, extends, NULL,
                   _("extends needs the name of the service to extend (service:)"));
      return service;
    }

  if (file == NULL)
    base = extended_service (loader, out, services, base_name, base_dir, visiting, extends);
  else
    {
      g_autofree char *path = resolve_path (base_dir, file);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *visit_key = g_strconcat (path, "#", base_name, NULL);
      g_autoptr(FltDocument) document = NULL;
      FltNode *other, *other_services;

      if (g_hash_table_contains (visiting, visit_key))
        {
          _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_EXTENDS, extends, NULL,
                       _("extends goes round in a circle through %s; break the cycle"), visit_key);
          return service;
        }

      document = load_document_at (self, path, extends, "extends");
      if (document == NULL)
        return service;
      g_ptr_array_add (self->keep_alive, flt_tree_ref (flt_document_get_tree (document)));
      other = prepare_document (self, document, loader->env, NULL);
      other_services = other ? flt_node_lookup (other, "services") : NULL;
      if (!flt_node_is_mapping (other_services) || flt_node_lookup (other_services, base_name) == NULL)
        {
          if (other != NULL)
            _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_EXTENDS, extends, NULL,
                         _("%s has no service “%s” to extend"), file, base_name);
          return service;
        }

      g_hash_table_add (visiting, g_strdup (visit_key));
      base = resolve_extends_of (loader, out, other_services,
                                 flt_tree_copy_node (out, flt_node_lookup (other_services, base_name)),
                                 base_name, dir, visiting);
      g_hash_table_remove (visiting, visit_key);
      if (base != NULL)
        {
          base = flt_tree_copy_node (out, base);
          rebase_paths (out, base, dir, base_dir);
        }
    }

  if (base == NULL)
    return service;

  own = flt_tree_copy_node (out, service);
  flt_tree_mapping_remove (own, flt_node_lookup_index (own, "extends"));
  merged = _flt_merge_override (out, base, own, 2);
  return merged ? merged : own;
}

static FltNode *
extended_service (Loader        *loader,
                  FltTree       *out,
                  FltNode       *services,
                  const char    *name,
                  const char    *base_dir,
                  GHashTable    *visiting,
                  const FltNode *at)
{
  FltProject *self = loader->project;
  g_autofree char *visit_key = g_strconcat (base_dir, "#", name, NULL);
  FltNode *service = flt_node_lookup (services, name);
  FltNode *result;

  if (service == NULL)
    {
      _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_EXTENDS, at, NULL,
                   _("there is no service “%s” to extend"), name);
      return NULL;
    }
  if (g_hash_table_contains (visiting, visit_key))
    {
      _flt_report (self->diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_EXTENDS, at, NULL,
                   _("extends goes round in a circle through the service “%s”; break the cycle"), name);
      return NULL;
    }
  if (!flt_node_is_mapping (service))
    return service;

  g_hash_table_add (visiting, g_strdup (visit_key));
  result = resolve_extends_of (loader, out, services, service, name, base_dir, visiting);
  g_hash_table_remove (visiting, visit_key);
  return result;
}

static void
apply_extends (Loader     *loader,
               FltTree    *out,
               FltNode    *services,
               const char *base_dir)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new ();

  /* Compute every result first: later services may extend earlier ones
   * as they are written, not as they became. */
  for (guint i = 0; i < services->n_items; i++)
    {
      FltNode *service = flt_node_value (services, i);
      FltNode *result = service;

      if (flt_node_is_mapping (service) && flt_node_lookup (service, "extends") != NULL)
        {
          g_autoptr(GHashTable) visiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_autofree char *key = g_strconcat (base_dir, "#", flt_node_key (services, i)->value, NULL);

          g_hash_table_add (visiting, g_steal_pointer (&key));
          result = resolve_extends_of (loader, out, services, service,
                                       flt_node_key (services, i)->value, base_dir, visiting);
        }
      g_ptr_array_add (results, result);
    }

  for (guint i = 0; i < services->n_items; i++)
    {
      services->items[2 * i + 1] = g_ptr_array_index (results, i);
      services->items[2 * i + 1]->parent = services;
    }
}

/**
 * flt_normalize_project_name:
 *
 * Returns: (transfer full): @name as docker compose 2 normalises project
 *   names: lower case, only `[a-z0-9_-]`, no leading `_` or `-`
 */
char *
flt_normalize_project_name (const char *name)
{
  GString *s = g_string_new (NULL);

  for (const char *p = name; *p; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c) || c == '_' || c == '-')
        {
          if (s->len == 0 && (c == '_' || c == '-'))
            continue;
          g_string_append_c (s, c);
        }
    }
  return g_string_free (s, FALSE);
}

static gboolean
valid_project_name (const char *name)
{
  if (name == NULL || !(g_ascii_islower (name[0]) || g_ascii_isdigit (name[0])))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

static void
choose_name (FltProject              *self,
             FltNode                 *root,
             const FltProjectOptions *options)
{
  const char *from_env = flt_environment_lookup (self->environment, "COMPOSE_PROJECT_NAME", NULL);
  const FltNode *name_node = root ? flt_node_lookup (root, "name") : NULL;
  g_autofree char *base = NULL;

  if (options->project_name != NULL)
    {
      if (!valid_project_name (options->project_name))
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” is not a valid project name: use lower-case letters, digits, “-” and “_”, "
                               "starting with a letter or digit"), options->project_name);

          report_at (self, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_NAME, NULL, NULL, NULL, message);
        }
      self->name = g_strdup (options->project_name);
      return;
    }

  if (from_env != NULL && *from_env != '\0')
    {
      self->name = flt_normalize_project_name (from_env);
      return;
    }

  if (flt_node_is_scalar (name_node) && !name_node->is_null && *name_node->value != '\0')
    {
      self->name = flt_normalize_project_name (name_node->value);
      if (!g_str_equal (self->name, name_node->value))
        _flt_report (self->diagnostics, FLT_SEVERITY_WARNING, FLT_DIAGNOSTIC_BAD_NAME, name_node, "name",
                     _("the project name “%s” is used as “%s”: project names are lower-case letters, "
                       "digits, “-” and “_”"), name_node->value, self->name);
      if (*self->name != '\0')
        return;
      g_clear_pointer (&self->name, g_free);
    }

  base = g_path_get_basename (self->working_dir);
  self->name = flt_normalize_project_name (base);
  if (*self->name == '\0')
    {
      g_free (self->name);
      self->name = g_strdup ("default");
    }
}

static void
choose_profiles (FltProject              *self,
                 const FltProjectOptions *options)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *from_env = flt_environment_lookup (self->environment, "COMPOSE_PROFILES", NULL);

  for (guint i = 0; options->profiles != NULL && options->profiles[i] != NULL; i++)
    g_strv_builder_add (builder, options->profiles[i]);

  if (from_env != NULL && *from_env != '\0')
    {
      g_auto(GStrv) names = g_strsplit (from_env, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_strstrip (names[i]);
          if (*names[i] != '\0')
            g_strv_builder_add (builder, names[i]);
        }
    }

  self->active_profiles = g_strv_builder_end (builder);
}

static gboolean
profile_active (FltProject *self,
                FltService *service)
{
  const char * const *profiles = flt_service_get_profiles (service);

  if (profiles == NULL || profiles[0] == NULL)
    return TRUE;
  for (guint i = 0; profiles[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) self->active_profiles, profiles[i]) ||
        g_strv_contains ((const char * const *) self->active_profiles, "*"))
      return TRUE;
  return FALSE;
}

static void
build_model (FltProject *self,
             FltNode    *root)
{
  FltNode *services = flt_node_lookup (root, "services");
  FltNode *networks = flt_node_lookup (root, "networks");
  FltNode *volumes = flt_node_lookup (root, "volumes");
  gboolean uses_default = FALSE;

  for (guint i = 0; flt_node_is_mapping (services) && i < services->n_items; i++)
    {
      const FltNode *key = flt_node_key (services, i);
      g_autofree char *path = NULL;
      g_autoptr(FltService) service = NULL;

      if (!flt_node_is_scalar (key) || g_str_has_prefix (key->value, "x-"))
        continue;
      path = flt_path_append_key ("services", key->value);
      service = _flt_build_service (key->value, flt_node_value (services, i), path, self->diagnostics);
      service->enabled = profile_active (self, service);
      g_hash_table_insert (self->service_index, service->name, service);
      g_ptr_array_add (self->services, g_object_ref (service));

      if (service->enabled)
        for (guint j = 0; j < service->networks->len; j++)
          {
            FltNetworkAttachment *a = g_ptr_array_index (service->networks, j);

            if (g_str_equal (a->network, "default"))
              uses_default = TRUE;
          }
    }

  for (guint i = 0; flt_node_is_mapping (networks) && i < networks->n_items; i++)
    {
      const FltNode *key = flt_node_key (networks, i);
      g_autoptr(FltNetwork) network = NULL;

      if (!flt_node_is_scalar (key) || g_str_has_prefix (key->value, "x-"))
        continue;
      network = _flt_build_network (key->value, flt_node_value (networks, i), self->name);
      g_hash_table_insert (self->network_index, network->key, network);
      g_ptr_array_add (self->networks, g_object_ref (network));
    }

  if (uses_default && g_hash_table_lookup (self->network_index, "default") == NULL)
    {
      g_autoptr(FltNetwork) network = _flt_build_network ("default", NULL, self->name);

      g_hash_table_insert (self->network_index, network->key, network);
      g_ptr_array_add (self->networks, g_object_ref (network));
    }

  for (guint i = 0; flt_node_is_mapping (volumes) && i < volumes->n_items; i++)
    {
      const FltNode *key = flt_node_key (volumes, i);
      g_autoptr(FltVolume) volume = NULL;

      if (!flt_node_is_scalar (key) || g_str_has_prefix (key->value, "x-"))
        continue;
      volume = _flt_build_volume (key->value, flt_node_value (volumes, i), self->name);
      g_hash_table_insert (self->volume_index, volume->key, volume);
      g_ptr_array_add (self->volumes, g_object_ref (volume));
    }
}

static char *
document_dir (FltDocument *document)
{
  const char *path = flt_document_get_path (document);

  return path ? g_path_get_dirname (path) : g_get_current_dir ();
}

static void
load_env_files (FltProject              *self,
                const FltProjectOptions *options)
{
  if (options->env_files != NULL && options->env_files[0] != NULL)
    {
      for (guint i = 0; options->env_files[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *path = resolve_path (self->working_dir, options->env_files[i]);

          if (!flt_environment_load_dotenv (self->environment, path, FALSE, &error))
            report_at (self, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_IO, options->env_files[i], NULL, NULL,
                       error->message);
        }
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_build_filename (self->working_dir, ".env", NULL);

    if (!flt_environment_load_dotenv (self->environment, path, FALSE, &error) &&
        !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      report_at (self, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_IO, path, NULL, NULL, error->message);
  }
}

static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  return flt_diagnostic_compare (*(FltDiagnostic **) a, *(FltDiagnostic **) b);
}

/**
 * flt_project_new:
 * @documents: (array length=n_documents): the compose files, first the main
 *   one, then the overrides in order
 * @options: (nullable): how to load them
 *
 * Builds the project.  This never fails: what is wrong is in
 * flt_project_get_diagnostics(), and the model holds what could be read.
 * It reads small files (`.env`, included and extended files) and so belongs
 * in a worker thread in the GUI; see flt_project_load_async().
 *
 * Returns: (transfer full): the project
 */
FltProject *
flt_project_new (FltDocument * const     *documents,
                 guint                    n_documents,
                 const FltProjectOptions *options)
{
  FltProject *self = g_object_new (FLT_TYPE_PROJECT, NULL);
  FltProjectOptions defaults = { 0 };
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
  g_autoptr(GHashTable) loading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  FltNode *merged = NULL;
  FltTree *tree = NULL;
  gboolean copied = FALSE;
  Loader loader;

  if (options == NULL)
    options = &defaults;

  self->environment = options->environment ? flt_environment_copy (options->environment)
                                           : flt_environment_new_from_process ();
  if (options->project_directory != NULL)
    self->working_dir = g_canonicalize_filename (options->project_directory, NULL);
  else if (n_documents > 0)
    self->working_dir = document_dir (documents[0]);
  else
    self->working_dir = g_get_current_dir ();

  load_env_files (self, options);
  loader.project = self;
  loader.env = self->environment;
  loader.loading = loading;

  for (guint i = 0; i < n_documents; i++)
    {
      const char *path = flt_document_get_path (documents[i]);
      FltNode *root;

      g_strv_builder_add (files, path ? path : flt_document_get_display_name (documents[i]));
      if (path != NULL)
        g_hash_table_add (loading, g_strdup (path));

      if (flt_document_get_tree (documents[i]) != NULL)
        g_ptr_array_add (self->keep_alive, flt_tree_ref (flt_document_get_tree (documents[i])));
      if (flt_document_is_legacy (documents[i]))
        self->legacy = TRUE;

      root = prepare_document (self, documents[i], self->environment, &tree);
      if (root == NULL)
        continue;

      if (merged == NULL)
        {
          /* One file needs no merged copy: its resolved tree is the
           * project's own already. */
          self->tree = flt_tree_ref (tree);
          merged = root;
        }
      else
        {
          if (!copied)
            {
              FltTree *first = self->tree;

              self->tree = flt_tree_new_empty (NULL);
              merged = flt_tree_copy_node (self->tree, merged);
              flt_tree_unref (first);
              copied = TRUE;
            }
          merged = _flt_merge_override (self->tree, merged, root, 0);
        }
    }
  self->config_files = g_strv_builder_end (files);

  if (self->tree == NULL)
    self->tree = flt_tree_new_empty (NULL);
  if (merged == NULL)
    merged = flt_tree_new_mapping (self->tree, NULL);
  flt_tree_set_root (self->tree, merged);

  apply_includes (&loader, self->tree, merged, self->working_dir);
  {
    FltNode *services = flt_node_lookup (merged, "services");

    if (flt_node_is_mapping (services))
      apply_extends (&loader, self->tree, services, self->working_dir);
  }

  choose_name (self, merged, options);
  choose_profiles (self, options);

  _flt_schema_check (merged, self->diagnostics);
  build_model (self, merged);
  _flt_project_check (self, self->diagnostics);

  g_ptr_array_sort (self->diagnostics, compare_diagnostics);
  return self;
}

const char *
flt_project_get_name (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return self->name;
}

const char *
flt_project_get_working_dir (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return self->working_dir;
}

const char * const *
flt_project_get_config_files (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return (const char * const *) self->config_files;
}

FltEnvironment *
flt_project_get_environment (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return self->environment;
}

/**
 * flt_project_get_diagnostics:
 *
 * Returns: (transfer none) (element-type FltDiagnostic): what is wrong or
 *   worth knowing, sorted by file and position
 */
GPtrArray *
flt_project_get_diagnostics (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return self->diagnostics;
}

gboolean
flt_project_has_errors (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), TRUE);

  return flt_diagnostics_have_errors (self->diagnostics);
}

gboolean
flt_project_is_legacy (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), FALSE);

  return self->legacy;
}

/**
 * flt_project_get_service_list:
 *
 * Returns: (transfer none) (element-type FltService): every service, in
 *   file order, including those that profiles leave out (see
 *   flt_service_get_enabled())
 */
GPtrArray *
flt_project_get_service_list (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return self->services;
}

FltService *
flt_project_get_service (FltProject *self,
                         const char *name)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return g_hash_table_lookup (self->service_index, name);
}

/**
 * flt_project_get_network_list:
 *
 * Returns: (transfer none) (element-type FltNetwork): the networks,
 *   the implicit default one included when a service uses it
 */
GPtrArray *
flt_project_get_network_list (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return self->networks;
}

FltNetwork *
flt_project_get_network (FltProject *self,
                         const char *key)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return g_hash_table_lookup (self->network_index, key);
}

/**
 * flt_project_get_volume_list:
 *
 * Returns: (transfer none) (element-type FltVolume): the named volumes
 */
GPtrArray *
flt_project_get_volume_list (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return self->volumes;
}

FltVolume *
flt_project_get_volume (FltProject *self,
                        const char *key)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return g_hash_table_lookup (self->volume_index, key);
}

const char * const *
flt_project_get_active_profiles (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return (const char * const *) self->active_profiles;
}

GListModel **
_flt_project_model_slot (FltProject *self,
                         guint       which)
{
  g_return_val_if_fail (which < G_N_ELEMENTS (self->models), NULL);

  return &self->models[which];
}

/**
 * flt_project_get_tree:
 *
 * Returns: (transfer none): the merged, interpolated project as a tree
 */
FltTree *
flt_project_get_tree (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return self->tree;
}
