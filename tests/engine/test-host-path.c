/* test-host-path.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Paths under the document portal become the host paths they stand for
 * before they reach the engine.  The portal is played by a folder laid out
 * as it lays out its mount (DOC_ROOT/ID/NAME) and a table of host paths,
 * and, where the file system takes user attributes, by the attribute the
 * real portal sets.
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/xattr.h>

#include "flt-host-path.h"

typedef struct
{
  char *doc_root;
  GHashTable *host_paths;  /* DOC_ROOT/ID/NAME → host path */
  guint lookups;
} Fixture;

static char *
table_lookup (const char *document,
              gpointer    user_data)
{
  Fixture *f = user_data;

  f->lookups++;
  return g_strdup (g_hash_table_lookup (f->host_paths, document));
}

/* Exports @name (a file, or a folder when it ends with a slash) as the
 * document @id, from the host path @host. */
static void
export (Fixture    *f,
        const char *id,
        const char *name,
        const char *host)
{
  g_autofree char *bare = g_strndup (name, strcspn (name, "/"));
  g_autofree char *entry = g_build_filename (f->doc_root, id, bare, NULL);

  if (g_str_has_suffix (name, "/"))
    g_assert_no_errno (g_mkdir_with_parents (entry, 0755));
  else
    {
      g_autofree char *dir = g_path_get_dirname (entry);

      g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
      g_assert_true (g_file_set_contents (entry, "services: {}\n", -1, NULL));
    }
  g_hash_table_insert (f->host_paths, g_steal_pointer (&entry), g_strdup (host));
}

static char *
translate (Fixture    *f,
           const char *relative)
{
  g_autofree char *path = g_build_filename (f->doc_root, relative, NULL);

  return flt_host_path_translate (path, f->doc_root, table_lookup, f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tmp = g_dir_make_tmp ("flotilla-host-path-XXXXXX", NULL);

  g_assert_nonnull (tmp);
  f->doc_root = g_build_filename (tmp, "doc", NULL);
  g_assert_no_errno (g_mkdir (f->doc_root, 0755));
  f->host_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *tmp = g_path_get_dirname (f->doc_root);

  remove_tree (tmp);
  g_free (f->doc_root);
  g_hash_table_unref (f->host_paths);
}

/* Outside the portal nothing changes, and nobody is asked. */
static void
test_outside_the_portal (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *sibling = g_strconcat (f->doc_root, "s/abc/compose.yaml", NULL);
  g_autofree char *same = NULL;
  g_autofree char *plain = NULL;

  plain = flt_host_path_translate ("/home/ada/shop/data", f->doc_root, table_lookup, f);
  g_assert_cmpstr (plain, ==, "/home/ada/shop/data");
  /* DOC_ROOT's neighbour DOC_ROOTs is not under it. */
  same = flt_host_path_translate (sibling, f->doc_root, table_lookup, f);
  g_assert_cmpstr (same, ==, sibling);
  g_assert_cmpuint (f->lookups, ==, 0);
}

/* A compose file opened through the file chooser: the file itself, and
 * the bind mounts beside it (./data, ./data/cache) as they lie on the host. */
static void
test_file_document (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *folder = NULL;

  export (f, "a1b2", "docker-compose.yml", "/home/ada/foodtrucks/docker-compose.yml");

  file = translate (f, "a1b2/docker-compose.yml");
  g_assert_cmpstr (file, ==, "/home/ada/foodtrucks/docker-compose.yml");
  data_dir = translate (f, "a1b2/data");
  g_assert_cmpstr (data_dir, ==, "/home/ada/foodtrucks/data");
  nested = translate (f, "a1b2/data/cache");
  g_assert_cmpstr (nested, ==, "/home/ada/foodtrucks/data/cache");
  /* The project folder itself (a bind of "."). */
  folder = translate (f, "a1b2");
  g_assert_cmpstr (folder, ==, "/home/ada/foodtrucks");
}

/* A folder chosen through the portal: everything under it. */
static void
test_folder_document (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *below = NULL;
  g_autofree char *entry = NULL;

  export (f, "c3d4", "shop/", "/srv/projects/shop");

  below = translate (f, "c3d4/shop/static/css");
  g_assert_cmpstr (below, ==, "/srv/projects/shop/static/css");
  entry = translate (f, "c3d4/shop");
  g_assert_cmpstr (entry, ==, "/srv/projects/shop");
}

/* Two documents: each path maps through its own. */
static void
test_two_documents (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  export (f, "one", "compose.yaml", "/home/ada/one/compose.yaml");
  export (f, "two", "compose.yaml", "/home/ada/two/compose.yaml");

  one = translate (f, "one/logs");
  two = translate (f, "two/logs");
  g_assert_cmpstr (one, ==, "/home/ada/one/logs");
  g_assert_cmpstr (two, ==, "/home/ada/two/logs");
}

/* A document the portal does not know (revoked, or from another session):
 * the path stays as it is, for the engine to report. */
static void
test_unknown_document (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->doc_root, "gone", "data", NULL);
  g_autofree char *unknown = g_build_filename (f->doc_root, "zz", "data", NULL);
  g_autofree char *missing = NULL;
  g_autofree char *stranger = NULL;

  missing = translate (f, "gone/data");
  g_assert_cmpstr (missing, ==, path);

  /* An entry with no host path known is no help either. */
  export (f, "zz", "compose.yaml", "/home/ada/zz/compose.yaml");
  g_hash_table_remove_all (f->host_paths);
  stranger = translate (f, "zz/data");
  g_assert_cmpstr (stranger, ==, unknown);
  g_assert_cmpuint (f->lookups, >, 0);
}

/* The attribute the portal sets on what it exports, read as it is: a
 * NUL-terminated path.  Needs a file system that takes user attributes. */
static void
test_portal_attribute (Fixture       *f,
                       gconstpointer  data)
{
  const char host[] = "/home/ada/foodtrucks/docker-compose.yml";
  g_autofree char *document = NULL;
  g_autofree char *found = NULL;
  g_autofree char *sibling = NULL;
  g_autofree char *beside = NULL;

  export (f, "e5f6", "docker-compose.yml", host);
  document = g_build_filename (f->doc_root, "e5f6", "docker-compose.yml", NULL);
  if (setxattr (document, "user.document-portal.host-path", host, sizeof host, 0) != 0)
    {
      g_autofree char *why = g_strdup_printf ("%s takes no user attributes (%s)", f->doc_root,
                                              g_strerror (errno));

      g_test_skip (why);
      return;
    }

  found = flt_host_path_lookup_portal (document, f->doc_root);
  g_assert_cmpstr (found, ==, host);
  sibling = g_build_filename (f->doc_root, "e5f6", "data", NULL);
  beside = flt_host_path_translate (sibling, f->doc_root, flt_host_path_lookup_portal, f->doc_root);
  g_assert_cmpstr (beside, ==, "/home/ada/foodtrucks/data");
}

/* Outside a sandbox and outside the portal, flt_host_path_for_engine()
 * hands paths back untouched. */
static void
test_for_engine_passes_plain_paths (void)
{
  g_autofree char *plain = flt_host_path_for_engine ("/home/ada/shop/data");
  g_autofree char *doc_elsewhere = flt_host_path_for_engine ("/srv/doc/manual");

  g_assert_cmpstr (plain, ==, "/home/ada/shop/data");
  g_assert_cmpstr (doc_elsewhere, ==, "/srv/doc/manual");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/host-path/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("outside-the-portal", test_outside_the_portal);
  ADD ("file-document", test_file_document);
  ADD ("folder-document", test_folder_document);
  ADD ("two-documents", test_two_documents);
  ADD ("unknown-document", test_unknown_document);
  ADD ("portal-attribute", test_portal_attribute);
#undef ADD
  g_test_add_func ("/host-path/for-engine-passes-plain-paths", test_for_engine_passes_plain_paths);

  return g_test_run ();
}
