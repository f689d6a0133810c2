/* test-corpus.c: every real compose file of the shared corpus
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each file: it validates as MANIFEST.tsv says it should, opening and
 * saving it unedited gives back the same bytes, and a scripted series of
 * edits changes only the lines it must and re-parses to what was asked for.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "flt-core.h"

typedef struct
{
  char *path;       /* relative to the corpus */
  char *note;
  gboolean invalid;
  char *action;     /* from corpus-exceptions.tsv, or NULL */
  char *argument;
} CorpusFile;

static char *corpus_dir;
static GHashTable *exceptions;  /* path → GStrv { action, argument, reason } */

static void
corpus_file_free (CorpusFile *f)
{
  g_free (f->path);
  g_free (f->note);
  g_free (f->action);
  g_free (f->argument);
  g_free (f);
}

static void
load_exceptions (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "corpus-exceptions.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  exceptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    g_error ("cannot read %s", path);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", 4);
      if (g_strv_length (cols) != 4 || strlen (cols[3]) < 20)
        g_error ("%s:%u: want PATH, ACTION, ARGUMENT and a written REASON", path, i + 1);
      g_hash_table_insert (exceptions, g_strdup (cols[0]),
                           g_strdupv ((char *[]) { cols[1], cols[2], cols[3], NULL }));
    }
}

static GPtrArray *
load_manifest (void)
{
  g_autofree char *manifest = g_build_filename (corpus_dir, "MANIFEST.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) corpus_file_free);

  if (!g_file_get_contents (manifest, &contents, NULL, NULL))
    return files;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      CorpusFile *f;
      char **exception;

      if (g_strv_length (cols) < 7 || !g_str_equal (cols[5], "compose"))
        continue;
      f = g_new0 (CorpusFile, 1);
      f->path = g_strdup (cols[0]);
      f->note = g_strdup (cols[6]);
      f->invalid = g_str_has_prefix (cols[6], "INVALID");
      exception = g_hash_table_lookup (exceptions, f->path);
      if (exception != NULL)
        {
          f->action = g_strdup (exception[0]);
          f->argument = g_strdup (exception[1]);
        }
      g_ptr_array_add (files, f);
    }

  return files;
}

static char *
absolute (const CorpusFile *f)
{
  return g_build_filename (corpus_dir, f->path, NULL);
}

static FltProject *
load_project (const CorpusFile *f,
              FltDocument      *doc)
{
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_object_unref);
  FltProjectOptions options = { .environment = env };

  if (g_strcmp0 (f->action, "env") == 0)
    {
      g_auto(GStrv) pairs = g_strsplit (f->argument, ",", -1);

      for (guint i = 0; pairs[i] != NULL; i++)
        {
          g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);

          flt_environment_set (env, kv[0], kv[1], FLT_VARIABLE_FROM_ENVIRONMENT);
        }
    }

  if (g_strcmp0 (f->action, "after") == 0)
    {
      /* An override file: load it after the file it overrides. */
      g_autofree char *dir = g_path_get_dirname (f->path);
      g_autofree char *base = g_build_filename (corpus_dir, dir, f->argument, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (base);

      g_ptr_array_add (docs, flt_document_new_for_file (file, NULL, NULL));
    }
  g_ptr_array_add (docs, g_object_ref (doc));

  return flt_project_new ((FltDocument * const *) docs->pdata, docs->len, &options);
}

static FltDocument *
open_document (const CorpusFile *f)
{
  g_autofree char *path = absolute (f);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  FltDocument *doc = flt_document_new_for_file (file, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

static void
test_validation (gconstpointer data)
{
  const CorpusFile *f = data;
  g_autoptr(FltDocument) doc = open_document (f);
  g_autoptr(FltProject) project = load_project (f, doc);
  GPtrArray *diagnostics = flt_project_get_diagnostics (project);
  gboolean want_invalid = f->invalid || g_strcmp0 (f->action, "invalid") == 0;

  if (!want_invalid)
    {
      for (guint i = 0; i < diagnostics->len; i++)
        {
          FltDiagnostic *d = g_ptr_array_index (diagnostics, i);
          g_autofree char *line = flt_diagnostic_format (d);

          if (d->severity == FLT_SEVERITY_ERROR)
            {
              g_test_message ("unexpected %s", line);
              g_test_fail ();
            }
        }
      return;
    }

  g_assert_true (flt_project_has_errors (project));
  for (guint i = 0; i < diagnostics->len; i++)
    {
      FltDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->severity != FLT_SEVERITY_ERROR)
        continue;
      g_test_message ("%s", d->message);
      g_assert_cmpuint (d->line, >, 0);
      g_assert_cmpuint (d->column, >, 0);
      g_assert_nonnull (d->file);
    }
}

static void
test_roundtrip (gconstpointer data)
{
  const CorpusFile *f = data;
  g_autofree char *path = absolute (f);
  g_autofree char *original = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flotilla-corpus-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "compose.yaml", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (copy);
  g_autoptr(FltDocument) doc = open_document (f);
  g_autoptr(GError) error = NULL;
  gsize original_length, saved_length, text_length;
  const char *text;

  g_assert_true (g_file_get_contents (path, &original, &original_length, NULL));
  text = flt_document_get_text (doc, &text_length);
  g_assert_cmpmem (text, text_length, original, original_length);

  g_assert_true (flt_document_save (doc, out, FLT_SAVE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (copy, &saved, &saved_length, NULL));
  g_assert_cmpmem (saved, saved_length, original, original_length);

  g_unlink (copy);
  g_rmdir (dir);
}

/* Line diffs */

typedef struct
{
  GPtrArray *removed;   /* lines only in the old text */
  GPtrArray *added;     /* lines only in the new text */
} LineDiff;

static void
line_diff_clear (LineDiff *d)
{
  g_clear_pointer (&d->removed, g_ptr_array_unref);
  g_clear_pointer (&d->added, g_ptr_array_unref);
}

static void
diff_lines (const char *before,
            const char *after,
            LineDiff   *out)
{
  g_auto(GStrv) a = g_strsplit (before, "\n", -1);
  g_auto(GStrv) b = g_strsplit (after, "\n", -1);
  guint n = g_strv_length (a), m = g_strv_length (b);
  guint *table = g_new0 (guint, (n + 1) * (m + 1));
  guint i = 0, j = 0;

#define T(x, y) table[(x) * (m + 1) + (y)]
  for (int x = n - 1; x >= 0; x--)
    for (int y = m - 1; y >= 0; y--)
      T (x, y) = g_str_equal (a[x], b[y]) ? T (x + 1, y + 1) + 1 : MAX (T (x + 1, y), T (x, y + 1));

  out->removed = g_ptr_array_new_with_free_func (g_free);
  out->added = g_ptr_array_new_with_free_func (g_free);
  while (i < n || j < m)
    {
      if (i < n && j < m && g_str_equal (a[i], b[j]))
        {
          i++;
          j++;
        }
      else if (j < m && (i == n || T (i, j + 1) >= T (i + 1, j)))
        g_ptr_array_add (out->added, g_strdup (b[j++]));
      else
        g_ptr_array_add (out->removed, g_strdup (a[i++]));
    }
#undef T
  g_free (table);
}

static gboolean
is_comment_line (const char *line)
{
  while (*line == ' ' || *line == '\t')
    line++;
  return *line == '#';
}

/* Picks a service to edit: a block mapping written in the file itself,
 * preferring one with an image of its own on its own line. */
static const char *
pick_service (FltDocument *doc,
              gboolean    *has_image)
{
  FltTree *tree = flt_document_get_tree (doc);
  FltNode *root = tree ? flt_tree_get_root (tree) : NULL;
  FltNode *services;
  const char *fallback = NULL;

  if (!flt_node_is_mapping (root))
    return NULL;
  services = flt_document_is_legacy (doc) ? root : flt_node_lookup (root, "services");
  if (!flt_node_is_mapping (services) || services->flow)
    return NULL;

  for (guint i = 0; i < services->n_items; i++)
    {
      FltNode *key = flt_node_key (services, i);
      FltNode *value = flt_node_value (services, i);
      FltNode *image;

      if (!flt_node_is_scalar (key) || g_str_has_prefix (key->value, "x-") ||
          !flt_node_is_mapping (value) || value->flow || value->n_items == 0)
        continue;
      image = flt_node_lookup (value, "image");
      if (image == NULL)
        {
          if (fallback == NULL && flt_node_lookup (value, "<<") == NULL)
            fallback = key->value;
          continue;
        }
      if (!flt_node_is_scalar (image) || image->style == FLT_SCALAR_LITERAL ||
          image->style == FLT_SCALAR_FOLDED || image->start.line == key->start.line)
        continue;
      *has_image = TRUE;
      return key->value;
    }

  *has_image = FALSE;
  return fallback;
}

/* A key of the service to remove: not image, not ports, written in full. */
static const char *
pick_key_to_remove (FltDocument *doc,
                    const char  *service)
{
  g_autofree char *path = flt_path_append_key ("services", service);
  const FltNode *node = flt_document_lookup (doc, path, NULL);

  for (guint i = 0; flt_node_is_mapping (node) && i < node->n_items; i++)
    {
      const FltNode *key = flt_node_key (node, i);
      const FltNode *value = flt_node_value (node, i);

      if (g_str_equal (key->value, "image") || g_str_equal (key->value, "ports") ||
          g_str_equal (key->value, "<<") || value->kind == FLT_NODE_ALIAS)
        continue;
      return key->value;
    }
  return NULL;
}

/* How many places name the service @name: depends_on, links,
 * volumes_from, service: modes and extends — what a rename must update. */
static guint
count_references (FltProject *project,
                  FltDocument *doc,
                  const char *name)
{
  static const char * const modes[] = { "network_mode", "ipc", "pid", "uts", "cgroup" };
  GListModel *services = flt_project_get_services (project);
  g_autofree char *service_mode = g_strconcat ("service:", name, NULL);
  g_autofree char *with_colon = g_strconcat (name, ":", NULL);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(FltService) s = g_list_model_get_item (services, i);
      GPtrArray *deps = flt_service_get_depends_on (s);
      GPtrArray *links = flt_service_get_links (s);
      const FltNode *volumes_from = flt_service_get_field (s, "volumes_from");
      g_autofree char *extends_path = flt_path_append_key (flt_service_get_path (s), "extends");
      const FltNode *extends = flt_document_lookup (doc, extends_path, NULL);

      for (guint j = 0; j < deps->len; j++)
        if (g_str_equal (((FltDependency *) g_ptr_array_index (deps, j))->service, name))
          n++;
      for (guint j = 0; j < links->len; j++)
        if (g_str_equal (((FltLink *) g_ptr_array_index (links, j))->service, name))
          n++;
      for (guint j = 0; flt_node_is_sequence (volumes_from) && j < volumes_from->n_items; j++)
        if (flt_node_scalar_equal (volumes_from->items[j], name) ||
            (flt_node_is_scalar (volumes_from->items[j]) && g_str_has_prefix (volumes_from->items[j]->value, with_colon)))
          n++;
      for (guint j = 0; j < G_N_ELEMENTS (modes); j++)
        if (flt_node_scalar_equal (flt_service_get_field (s, modes[j]), service_mode))
          n++;
      if (flt_node_scalar_equal (extends, name) ||
          (flt_node_is_mapping (extends) && flt_node_lookup (extends, "file") == NULL &&
           flt_node_scalar_equal (flt_node_lookup (extends, "service"), name)))
        n++;
    }
  return n;
}

static void
check_comments_kept (const LineDiff *d)
{
  for (guint i = 0; i < d->removed->len; i++)
    {
      const char *line = g_ptr_array_index (d->removed, i);

      if (is_comment_line (line))
        {
          g_test_message ("a comment was lost: %s", line);
          g_test_fail ();
        }
    }
}

static void
test_scripted_edit (gconstpointer data)
{
  const CorpusFile *f = data;
  g_autoptr(FltDocument) doc = open_document (f);
  g_autoptr(FltProject) before_project = NULL;
  g_autoptr(FltProject) after_project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *image_path = NULL;
  g_autofree char *ports_path = NULL;
  g_autofree char *remove_path = NULL;
  g_autofree char *service_path = NULL;
  g_autofree char *service = NULL;
  const char *removed_key;
  const FltNode *ports;
  LineDiff d = { 0 };
  guint references;
  FltService *edited;
  gboolean has_image = FALSE;
  gboolean had_ports, flow_ports;

  if (flt_document_get_tree (doc) == NULL)
    {
      g_test_skip ("the file does not parse");
      return;
    }
  service = g_strdup (pick_service (doc, &has_image));
  if (service == NULL)
    {
      g_test_skip ("no service written as a block mapping");
      return;
    }

  service_path = flt_path_append_key ("services", service);
  image_path = flt_path_append_key (service_path, "image");
  ports_path = flt_path_append_key (service_path, "ports");

  /* 1. Change the image: one line changes (or one is added). */
  before = g_strdup (flt_document_get_text (doc, NULL));
  if (!flt_document_set_value (doc, image_path, "flotilla/edited:1", FLT_EDIT_NONE, &error))
    {
      g_test_message ("set image: %s", error->message);
      g_test_fail ();
      return;
    }
  diff_lines (before, flt_document_get_text (doc, NULL), &d);
  g_assert_cmpuint (d.removed->len, ==, has_image ? 1 : 0);
  g_assert_cmpuint (d.added->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (d.added, 0), "flotilla/edited:1"));
  check_comments_kept (&d);
  line_diff_clear (&d);

  /* 2. Add a port: one new line (two when the list is new), or one changed
   * line for a flow list. */
  g_free (before);
  before = g_strdup (flt_document_get_text (doc, NULL));
  ports = flt_document_lookup (doc, ports_path, NULL);
  if (ports != NULL && ports->kind != FLT_NODE_SEQUENCE)
    ports = NULL;
  /* The edit replaces the tree: remember what we need from it now. */
  had_ports = ports != NULL;
  flow_ports = ports != NULL && ports->flow;
  ports = NULL;
  if (!flt_document_add_item (doc, ports_path, "18080:80", FLT_EDIT_NONE, &error))
    {
      /* Only a shared list may be refused. */
      g_assert_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SHARED);
      g_clear_error (&error);
    }
  else
    {
      diff_lines (before, flt_document_get_text (doc, NULL), &d);
      if (flow_ports)
        {
          g_assert_cmpuint (d.removed->len, ==, 1);
          g_assert_cmpuint (d.added->len, ==, 1);
        }
      else
        {
          g_assert_cmpuint (d.removed->len, ==, 0);
          g_assert_cmpuint (d.added->len, ==, had_ports ? 1 : 2);
        }
      check_comments_kept (&d);
      line_diff_clear (&d);
    }

  /* 3. Remove a key: only its lines go. */
  removed_key = pick_key_to_remove (doc, service);
  if (removed_key != NULL)
    {
      const FltNode *node;
      guint first, last;
      int index;
      g_autofree char *key_copy = g_strdup (removed_key);

      remove_path = flt_path_append_key (service_path, key_copy);
      node = flt_document_lookup (doc, service_path, NULL);
      index = flt_node_lookup_index (node, key_copy);
      first = flt_node_key (node, index)->start.line;
      last = flt_node_value (node, index)->end.line;

      g_free (before);
      before = g_strdup (flt_document_get_text (doc, NULL));
      if (!flt_document_remove (doc, remove_path, &error))
        {
          g_test_message ("remove: %s", error->message);
          g_test_fail ();
          return;
        }
      diff_lines (before, flt_document_get_text (doc, NULL), &d);
      g_assert_cmpuint (d.added->len, ==, 0);
      g_assert_cmpuint (d.removed->len, >=, 1);
      /* Its lines, plus at most the comments above it and one blank line. */
      g_assert_cmpuint (d.removed->len, <=, last - first + 1 + 1 + 8);
      for (guint i = 0; i < d.removed->len; i++)
        {
          const char *line = g_ptr_array_index (d.removed, i);

          if (is_comment_line (line))
            {
              /* Comments go only with the key they sit right above. */
              g_assert_nonnull (strstr (before, line));
            }
        }
      line_diff_clear (&d);
    }

  /* 4. Rename the service: its key and every reference change. */
  before_project = load_project (f, doc);
  references = count_references (before_project, doc, service);
  g_free (before);
  before = g_strdup (flt_document_get_text (doc, NULL));
  if (!flt_document_rename_service (doc, service, "flotilla-renamed", &error))
    {
      g_test_message ("rename: %s", error->message);
      g_test_fail ();
      return;
    }
  diff_lines (before, flt_document_get_text (doc, NULL), &d);
  g_assert_cmpuint (d.removed->len, ==, d.added->len);
  g_assert_cmpuint (d.added->len, >=, 1);
  g_assert_cmpuint (d.added->len, <=, 1 + references);
  for (guint i = 0; i < d.added->len; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (d.added, i), "flotilla-renamed"));
  check_comments_kept (&d);
  line_diff_clear (&d);

  /* The result re-parses to the model that was asked for. */
  after_project = load_project (f, doc);
  /* An override file's base still defines the old name. */
  if (g_strcmp0 (f->action, "after") != 0)
    g_assert_null (flt_project_get_service (after_project, service));
  edited = flt_project_get_service (after_project, "flotilla-renamed");
  g_assert_nonnull (edited);
  if (edited == NULL)
    return;
  g_assert_cmpstr (flt_service_get_image (edited), ==, "flotilla/edited:1");
  if (removed_key != NULL)
    {
      g_autofree char *key_copy = g_path_get_basename (remove_path);

      g_assert_null (flt_service_get_field (edited, strrchr (remove_path, '.') ? strrchr (remove_path, '.') + 1 : key_copy));
    }
  {
    GPtrArray *new_ports = flt_service_get_ports (edited);
    gboolean found = FALSE;

    for (guint i = 0; i < new_ports->len; i++)
      if (((FltPort *) g_ptr_array_index (new_ports, i))->published_start == 18080)
        found = TRUE;
    g_assert_true (found);
  }
  g_assert_cmpuint (count_references (after_project, doc, "flotilla-renamed"), ==, references);
  g_assert_cmpuint (count_references (after_project, doc, service), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = NULL;

  g_test_init (&argc, &argv, NULL);
  /* Report every file that fails, not only the first. */
  g_test_set_nonfatal_assertions ();

  corpus_dir = g_strdup (g_getenv ("FLOTILLA_CORPUS_DIR"));
  if (corpus_dir == NULL || !g_file_test (corpus_dir, G_FILE_TEST_IS_DIR))
    {
      g_test_add_func ("/corpus/absent", (GTestFunc) g_test_incomplete);
      g_test_skip ("the shared corpus is not here");
      g_printf ("1..0 # SKIP the shared corpus is not here\n");
      return 0;
    }

  load_exceptions ();
  files = load_manifest ();

  for (guint i = 0; i < files->len; i++)
    {
      CorpusFile *f = g_ptr_array_index (files, i);
      g_autofree char *validate = g_strdup_printf ("/corpus/validate/%s", f->path);
      g_autofree char *roundtrip = g_strdup_printf ("/corpus/roundtrip/%s", f->path);
      g_autofree char *edit = g_strdup_printf ("/corpus/edit/%s", f->path);

      g_test_add_data_func (validate, f, test_validation);
      g_test_add_data_func (roundtrip, f, test_roundtrip);
      g_test_add_data_func (edit, f, test_scripted_edit);
    }

  return g_test_run ();
}
