/* test-document.c: minimal edits, undo, saving
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flt-core.h"

static const char *base_text =
  "# Food trucks\n"
  "version: \"2\"\n"
  "services:\n"
  "  es:\n"
  "    image: elasticsearch   # official\n"
  "    environment:\n"
  "      - discovery.type=single-node\n"
  "\n"
  "  web:\n"
  "    image: 'prakhar1989/foodtrucks-web'\n"
  "    command: python app.py\n"
  "    depends_on: [es]\n"
  "    links:\n"
  "      - es:search\n"
  "    ports:\n"
  "      - \"5000:5000\"\n"
  "    # the code\n"
  "    volumes:\n"
  "      - .:/code\n";

typedef gboolean (*EditFunc) (FltDocument *doc, GError **error);

typedef struct
{
  const char *name;
  const char *input;     /* NULL: base_text */
  const char *op;        /* set, add, remove, rename, duplicate, add-service, remove-service */
  const char *a;
  const char *b;
  guint flags;
  const char *expected;  /* NULL: must fail */
  int error_code;
} EditCase;

static const EditCase edit_cases[] = {
  { "set-keeps-quotes", NULL, "set", "services.web.image", "nginx:1.27", 0,
    "# Food trucks\nversion: \"2\"\nservices:\n  es:\n    image: elasticsearch   # official\n"
    "    environment:\n      - discovery.type=single-node\n\n  web:\n    image: 'nginx:1.27'\n"
    "    command: python app.py\n    depends_on: [es]\n    links:\n      - es:search\n"
    "    ports:\n      - \"5000:5000\"\n    # the code\n    volumes:\n      - .:/code\n" },
  { "set-keeps-comment", NULL, "set", "services.es.image", "opensearch", 0,
    "# Food trucks\nversion: \"2\"\nservices:\n  es:\n    image: opensearch   # official\n"
    "    environment:\n      - discovery.type=single-node\n\n  web:\n    image: 'prakhar1989/foodtrucks-web'\n"
    "    command: python app.py\n    depends_on: [es]\n    links:\n      - es:search\n"
    "    ports:\n      - \"5000:5000\"\n    # the code\n    volumes:\n      - .:/code\n" },
  { "set-quotes-when-needed", "a:\n  b: plain\n", "set", "a.b", "yes", 0, "a:\n  b: \"yes\"\n" },
  { "set-number-in-number", "a:\n  cpu_shares: 100\n", "set", "a.cpu_shares", "512", 0, "a:\n  cpu_shares: 512\n" },
  { "set-sexagesimal-quoted", "p:\n  - 9200:9200\n", "set", "p[0]", "80:50", 0, "p:\n  - \"80:50\"\n" },
  { "set-new-key", "services:\n  web:\n    image: x\n", "set", "services.web.restart", "always", 0,
    "services:\n  web:\n    image: x\n    restart: always\n" },
  { "set-new-nested", "services:\n  web:\n    image: x\n", "set", "services.web.deploy.resources.limits.memory", "512M", 0,
    "services:\n  web:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n" },
  { "set-into-null", "services:\n  web:\n", "set", "services.web.image", "busybox", 0,
    "services:\n  web:\n    image: busybox\n" },
  { "set-into-empty-doc", "", "set", "services.web.image", "busybox", 0,
    "services:\n  web:\n    image: busybox\n" },
  { "set-flow-mapping", "a: {b: 1}\n", "set", "a.c", "two", 0, "a: {b: 1, c: two}\n" },
  { "set-yaml-value", "services:\n  web:\n    image: x\n", "set", "services.web.environment", "A: \"1\"\nB: two", FLT_EDIT_YAML,
    "services:\n  web:\n    image: x\n    environment:\n      A: \"1\"\n      B: two\n" },
  { "set-replaces-collection", "a:\n  b:\n    - 1\n    - 2\nc: 3\n", "set", "a.b", "none", 0, "a:\n  b: none\nc: 3\n" },
  { "set-four-space-indent", "services:\n    web:\n        image: x\n", "set", "services.web.user", "nobody", 0,
    "services:\n    web:\n        image: x\n        user: nobody\n" },
  { "set-keeps-crlf", "a:\r\n  b: 1\r\n", "set", "a.c", "2", 0, "a:\r\n  b: 1\r\n  c: 2\r\n" },
  { "set-no-final-newline", "a:\n  b: 1", "set", "a.c", "2", 0, "a:\n  b: 1\n  c: 2" },
  { "set-literal-block", "a:\n  s: |\n    one\n    two\n\nb: 1\n", "set", "a.s", "three\nfour\n", 0,
    "a:\n  s: |\n    three\n    four\n\nb: 1\n" },
  { "set-through-merge-overrides", "x: &base\n  image: a\ns:\n  <<: *base\n", "set", "s.image", "b", 0,
    "x: &base\n  image: a\ns:\n  <<: *base\n  image: b\n" },
  { "set-through-alias-refused", "x: &base\n  image: a\ns: *base\n", "set", "s.image", "b", 0,
    NULL, FLT_DOCUMENT_ERROR_SHARED },
  { "set-anchor-itself", "x: &base\n  image: a\ns: *base\n", "set", "x.image", "b", 0,
    "x: &base\n  image: b\ns: *base\n" },
  { "set-bad-index", "a: [1]\n", "set", "a[3]", "x", 0, NULL, FLT_DOCUMENT_ERROR_NOT_FOUND },
  { "set-wrong-kind", "a: [1]\n", "set", "a.b", "x", 0, NULL, FLT_DOCUMENT_ERROR_WRONG_KIND },
  { "set-bad-path", "a: 1\n", "set", "a..b", "x", 0, NULL, FLT_DOCUMENT_ERROR_INVALID_PATH },
  { "set-quoted-key-path", "env:\n  discovery.type: x\n", "set", "env[\"discovery.type\"]", "single-node", 0,
    "env:\n  discovery.type: single-node\n" },
  { "add-block", NULL, "add", "services.web.ports", "8080:80", 0,
    "# Food trucks\nversion: \"2\"\nservices:\n  es:\n    image: elasticsearch   # official\n"
    "    environment:\n      - discovery.type=single-node\n\n  web:\n    image: 'prakhar1989/foodtrucks-web'\n"
    "    command: python app.py\n    depends_on: [es]\n    links:\n      - es:search\n"
    "    ports:\n      - \"5000:5000\"\n      - \"8080:80\"\n    # the code\n    volumes:\n      - .:/code\n" },
  { "add-flow", NULL, "add", "services.web.depends_on", "db", 0,
    "# Food trucks\nversion: \"2\"\nservices:\n  es:\n    image: elasticsearch   # official\n"
    "    environment:\n      - discovery.type=single-node\n\n  web:\n    image: 'prakhar1989/foodtrucks-web'\n"
    "    command: python app.py\n    depends_on: [es, db]\n    links:\n      - es:search\n"
    "    ports:\n      - \"5000:5000\"\n    # the code\n    volumes:\n      - .:/code\n" },
  { "add-new-list", "services:\n  web:\n    image: x\n", "add", "services.web.ports", "80", 0,
    "services:\n  web:\n    image: x\n    ports:\n      - 80\n" },
  { "add-indentless-style", "a:\n- x\nb:\n  c: 1\n", "add", "b.d", "y", 0, "a:\n- x\nb:\n  c: 1\n  d:\n  - y\n" },
  { "add-mapping-item", "p:\n  - target: 80\n", "add", "p", "target: 443\npublished: \"8443\"", FLT_EDIT_YAML,
    "p:\n  - target: 80\n  - target: 443\n    published: \"8443\"\n" },
  { "add-to-scalar-refused", "a: 1\n", "add", "a", "2", 0, NULL, FLT_DOCUMENT_ERROR_WRONG_KIND },
  { "add-to-empty-flow", "a: []\n", "add", "a", "x", 0, "a: [x]\n" },
  { "remove-key-with-comment", NULL, "remove", "services.web.volumes", NULL, 0,
    "# Food trucks\nversion: \"2\"\nservices:\n  es:\n    image: elasticsearch   # official\n"
    "    environment:\n      - discovery.type=single-node\n\n  web:\n    image: 'prakhar1989/foodtrucks-web'\n"
    "    command: python app.py\n    depends_on: [es]\n    links:\n      - es:search\n"
    "    ports:\n      - \"5000:5000\"\n" },
  { "remove-last-item", NULL, "remove", "services.es.environment[0]", NULL, 0,
    "# Food trucks\nversion: \"2\"\nservices:\n  es:\n    image: elasticsearch   # official\n"
    "    environment: []\n\n  web:\n    image: 'prakhar1989/foodtrucks-web'\n"
    "    command: python app.py\n    depends_on: [es]\n    links:\n      - es:search\n"
    "    ports:\n      - \"5000:5000\"\n    # the code\n    volumes:\n      - .:/code\n" },
  { "remove-item", "a:\n  - 1\n  - 2\n  - 3\n", "remove", "a[1]", NULL, 0, "a:\n  - 1\n  - 3\n" },
  { "remove-flow-item", "a: [1, 2, 3]\n", "remove", "a[2]", NULL, 0, "a: [1, 2]\n" },
  { "remove-flow-first", "a: {x: 1, y: 2}\n", "remove", "a.x", NULL, 0, "a: {y: 2}\n" },
  { "remove-first-key-of-item", "p:\n  - target: 80\n    published: 8080\n", "remove", "p[0].target", NULL, 0,
    "p:\n  - published: 8080\n" },
  { "remove-between-blank-lines", "a:\n  x: 1\n\n  y: 2\n\n  z: 3\n", "remove", "a.y", NULL, 0,
    "a:\n  x: 1\n\n  z: 3\n" },
  { "remove-block-scalar", "a:\n  s: |\n    one\n  t: 2\n", "remove", "a.s", NULL, 0, "a:\n  t: 2\n" },
  { "remove-missing", "a: 1\n", "remove", "b", NULL, 0, NULL, FLT_DOCUMENT_ERROR_NOT_FOUND },
  { "remove-inherited-refused", "x: &b\n  image: a\ns:\n  <<: *b\n  user: u\n", "remove", "s.image", NULL, 0,
    NULL, FLT_DOCUMENT_ERROR_INHERITED },
  { "rename-updates-references", NULL, "rename", "es", "search", 0,
    "# Food trucks\nversion: \"2\"\nservices:\n  search:\n    image: elasticsearch   # official\n"
    "    environment:\n      - discovery.type=single-node\n\n  web:\n    image: 'prakhar1989/foodtrucks-web'\n"
    "    command: python app.py\n    depends_on: [search]\n    links:\n      - search:search\n"
    "    ports:\n      - \"5000:5000\"\n    # the code\n    volumes:\n      - .:/code\n" },
  { "rename-depends-mapping", "services:\n  a:\n    image: x\n    network_mode: service:b\n    depends_on:\n      b:\n        condition: service_healthy\n  b:\n    image: y\n",
    "rename", "b", "c", 0,
    "services:\n  a:\n    image: x\n    network_mode: service:c\n    depends_on:\n      c:\n        condition: service_healthy\n  c:\n    image: y\n" },
  { "rename-to-existing", NULL, "rename", "es", "web", 0, NULL, FLT_DOCUMENT_ERROR_EXISTS },
  { "rename-bad-name", NULL, "rename", "es", "e s", 0, NULL, FLT_DOCUMENT_ERROR_INVALID_NAME },
  { "rename-legacy", "es:\n  image: e\nweb:\n  image: w\n  links:\n    - es\n", "rename", "es", "search", 0,
    "search:\n  image: e\nweb:\n  image: w\n  links:\n    - search\n" },
  { "duplicate", "services:\n  db:\n    image: postgres\n    container_name: db\n    ports:\n      - 5432\nvolumes: {}\n",
    "duplicate", "db", "db2", 0,
    "services:\n  db:\n    image: postgres\n    container_name: db\n    ports:\n      - 5432\n"
    "  db2:\n    image: postgres\n    ports:\n      - 5432\nvolumes: {}\n" },
  { "add-service", "services:\n  web:\n    image: x\n", "add-service", "db", "postgres:16", 0,
    "services:\n  web:\n    image: x\n  db:\n    image: postgres:16\n" },
  { "add-service-no-services", "volumes:\n  data: {}\n", "add-service", "db", "postgres", 0,
    "volumes:\n  data: {}\nservices:\n  db:\n    image: postgres\n" },
  { "remove-service", NULL, "remove-service", "es", NULL, 0,
    "# Food trucks\nversion: \"2\"\nservices:\n  web:\n    image: 'prakhar1989/foodtrucks-web'\n"
    "    command: python app.py\n    depends_on: [es]\n    links:\n      - es:search\n"
    "    ports:\n      - \"5000:5000\"\n    # the code\n    volumes:\n      - .:/code\n" },
  { "edit-broken-refused", "a: [\n", "set", "a", "1", 0, NULL, FLT_DOCUMENT_ERROR_SYNTAX },
};

static gboolean
run_edit (FltDocument    *doc,
          const EditCase *c,
          GError        **error)
{
  if (g_str_equal (c->op, "set"))
    return flt_document_set_value (doc, c->a, c->b, c->flags, error);
  if (g_str_equal (c->op, "add"))
    return flt_document_add_item (doc, c->a, c->b, c->flags, error);
  if (g_str_equal (c->op, "remove"))
    return flt_document_remove (doc, c->a, error);
  if (g_str_equal (c->op, "rename"))
    return flt_document_rename_service (doc, c->a, c->b, error);
  if (g_str_equal (c->op, "duplicate"))
    return flt_document_duplicate_service (doc, c->a, c->b, error);
  if (g_str_equal (c->op, "add-service"))
    return flt_document_add_service (doc, c->a, c->b, error);
  if (g_str_equal (c->op, "remove-service"))
    return flt_document_remove_service (doc, c->a, error);
  g_assert_not_reached ();
}

static void
test_edit (gconstpointer data)
{
  const EditCase *c = data;
  const char *input = c->input ? c->input : base_text;
  g_autoptr(FltDocument) doc = flt_document_new (input, -1, "test.yml");
  g_autoptr(GError) error = NULL;
  gboolean ok = run_edit (doc, c, &error);

  if (c->expected == NULL)
    {
      g_assert_false (ok);
      g_assert_error (error, FLT_DOCUMENT_ERROR, c->error_code);
      /* A refused edit leaves the text as it was. */
      g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, input);
      g_assert_false (flt_document_can_undo (doc));
      return;
    }

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, c->expected);
  /* The result parses, and undo restores the exact bytes. */
  g_assert_nonnull (flt_document_get_tree (doc));
  g_assert_true (flt_document_get_modified (doc));
  g_assert_true (flt_document_undo (doc));
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, input);
  g_assert_false (flt_document_get_modified (doc));
  g_assert_true (flt_document_redo (doc));
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, c->expected);
}

static void
test_undo_stack (void)
{
  g_autoptr(FltDocument) doc = flt_document_new (base_text, -1, "t.yml");
  g_autoptr(GError) error = NULL;
  g_autofree char *after_two = NULL;

  g_assert_true (flt_document_set_value (doc, "services.es.image", "a", 0, &error));
  g_assert_true (flt_document_set_value (doc, "services.es.image", "b", 0, &error));
  after_two = g_strdup (flt_document_get_text (doc, NULL));
  g_assert_true (flt_document_undo (doc));
  g_assert_true (flt_document_undo (doc));
  g_assert_false (flt_document_undo (doc));
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, base_text);
  g_assert_true (flt_document_redo (doc));
  g_assert_true (flt_document_redo (doc));
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, after_two);
  g_assert_false (flt_document_can_redo (doc));

  /* A new edit after undo drops the redo steps. */
  g_assert_true (flt_document_undo (doc));
  g_assert_true (flt_document_set_value (doc, "services.es.image", "c", 0, &error));
  g_assert_false (flt_document_can_redo (doc));
}

static void
test_set_text_minimal (void)
{
  g_autoptr(FltDocument) doc = flt_document_new ("a: 1\nb: 2\n", -1, "t.yml");

  flt_document_set_text (doc, "a: 1\nb: [\n", -1);
  g_assert_nonnull (flt_document_get_syntax_error (doc));
  g_assert_null (flt_document_get_tree (doc));
  g_assert_cmpuint (flt_document_get_syntax_error (doc)->line, ==, 3);
  g_assert_true (flt_document_undo (doc));
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, "a: 1\nb: 2\n");
  g_assert_null (flt_document_get_syntax_error (doc));
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("flotilla-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_save_roundtrip_and_mode (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "compose.yaml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  struct stat st;

  g_assert_true (g_file_set_contents (path, base_text, -1, &error));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  doc = flt_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, base_text);

  g_assert_true (flt_document_set_value (doc, "services.es.image", "opensearch", 0, &error));
  g_assert_true (flt_document_save (doc, NULL, FLT_SAVE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (flt_document_get_modified (doc));

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, flt_document_get_text (doc, NULL));

  /* No temporary file is left behind. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_save_refuses_changed_on_disk (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "compose.yaml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "a: 1\n", -1, NULL));
  doc = flt_document_new_for_file (file, NULL, &error);
  g_assert_true (flt_document_set_value (doc, "a", "2", 0, &error));

  /* Someone else writes the file. */
  g_assert_true (g_file_set_contents (path, "a: 3\n", -1, NULL));
  g_assert_true (flt_document_changed_on_disk (doc, NULL, NULL));

  g_assert_false (flt_document_save (doc, NULL, FLT_SAVE_NONE, NULL, &error));
  g_assert_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_CHANGED_ON_DISK);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "a: 3\n");
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);

  g_assert_true (flt_document_save (doc, NULL, FLT_SAVE_FORCE, NULL, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "a: 2\n");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_reload_is_undoable (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "compose.yaml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (path, "a: 1\nb: 1\n", -1, NULL));
  doc = flt_document_new_for_file (file, NULL, &error);
  g_assert_true (flt_document_set_value (doc, "a", "2", 0, &error));
  g_assert_true (flt_document_get_modified (doc));

  /* Another program changes the file; the user chooses to reload. */
  g_assert_true (g_file_set_contents (path, "a: 1\nb: 3\n", -1, NULL));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_false (flt_document_is_saved_text (doc, contents, length));
  flt_document_reload_text (doc, contents, length);
  g_assert_true (flt_document_is_saved_text (doc, contents, length));
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, "a: 1\nb: 3\n");
  g_assert_false (flt_document_get_modified (doc));
  g_assert_false (flt_document_changed_on_disk (doc, NULL, NULL));

  /* The edits the reload threw away come back with undo, unsaved. */
  g_assert_true (flt_document_undo (doc));
  g_assert_cmpstr (flt_document_get_text (doc, NULL), ==, "a: 2\nb: 1\n");
  g_assert_true (flt_document_get_modified (doc));

  /* And saving them now is a plain save: the disk holds what was read. */
  g_assert_true (flt_document_save (doc, NULL, FLT_SAVE_NONE, NULL, &error));
  g_assert_no_error (error);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_save_read_only_folder (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "compose.yaml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes into read-only folders");
      g_rmdir (dir);
      return;
    }

  g_assert_true (g_file_set_contents (path, "a: 1\n", -1, NULL));
  doc = flt_document_new_for_file (file, NULL, &error);
  g_assert_true (flt_document_set_value (doc, "a", "2", 0, &error));
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  g_assert_false (flt_document_save (doc, NULL, FLT_SAVE_NONE, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (flt_document_get_modified (doc));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "a: 1\n");

  g_chmod (dir, 0755);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_load_directory (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  FltDocument *doc = flt_document_new_for_file (file, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_REGULAR);
  g_rmdir (dir);
}

static void
test_legacy_detection (void)
{
  g_autoptr(FltDocument) legacy = flt_document_new ("es:\n  image: e\n  cpu_shares: 100\n", -1, "aws.yml");
  g_autoptr(FltDocument) modern = flt_document_new ("services:\n  es:\n    image: e\n", -1, "c.yml");

  g_assert_true (flt_document_is_legacy (legacy));
  g_assert_false (flt_document_is_legacy (modern));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (edit_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/document/edit/%s", edit_cases[i].name);

      g_test_add_data_func (name, &edit_cases[i], test_edit);
    }
  g_test_add_func ("/document/undo-stack", test_undo_stack);
  g_test_add_func ("/document/set-text-minimal", test_set_text_minimal);
  g_test_add_func ("/document/save/roundtrip-and-mode", test_save_roundtrip_and_mode);
  g_test_add_func ("/document/save/changed-on-disk", test_save_refuses_changed_on_disk);
  g_test_add_func ("/document/reload-is-undoable", test_reload_is_undoable);
  g_test_add_func ("/document/save/read-only-folder", test_save_read_only_folder);
  g_test_add_func ("/document/load/directory", test_load_directory);
  g_test_add_func ("/document/legacy", test_legacy_detection);

  return g_test_run ();
}
