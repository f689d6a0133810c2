/* test-hostile.c: files made to hurt, and what Flotilla says about them
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each case is a file someone could hand Flotilla: far too big, nested
 * thousands deep, an alias bomb, not UTF-8, with a NUL byte, with CRLF
 * line endings or tabs, a folder, a file nobody may read, an env file that
 * never ends.  Each must be handled in bounded time and memory with an
 * error that says where (line and column, counted from 1) and what to do,
 * or, for CRLF, load and stay CRLF through edits.  Timings are not
 * asserted here; see the report of issue 8 for them.
 */

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "flt-core.h"
#include "flt-dotenv.h"

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("flt-hostile-XXXXXX", &error);

  g_assert_no_error (error);
  /* Other users (see test_unreadable) must be able to look inside. */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  return path;
}

static FltProject *
project_for (FltDocument *doc)
{
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  FltProjectOptions options = { 0 };

  options.environment = env;
  options.project_directory = "/nonexistent-flotilla-test";
  return flt_project_new (&doc, 1, &options);
}

/* The project's first error, which must have a position in the file. */
static const FltDiagnostic *
first_error (FltProject *project)
{
  GPtrArray *diagnostics = flt_project_get_diagnostics (project);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const FltDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->severity == FLT_SEVERITY_ERROR)
        return d;
    }
  return NULL;
}

/* A syntax-level problem: the document says where, in words a person can
 * act on; deriving a project reports the same place; and edits are refused
 * without touching the text. */
static void
assert_refused_at (const char  *text,
                   gssize       length,
                   guint        line,
                   guint        column,
                   const char  *words)
{
  g_autoptr(FltDocument) doc = flt_document_new (text, length, "hostile.yml");
  g_autoptr(FltProject) project = NULL;
  g_autoptr(GError) error = NULL;
  FltDiagnostic *syntax = flt_document_get_syntax_error (doc);
  const FltDiagnostic *d;
  guint revision = flt_document_get_revision (doc);

  g_assert_null (flt_document_get_tree (doc));
  g_assert_nonnull (syntax);
  g_assert_cmpstr (syntax->file, ==, "hostile.yml");
  g_assert_cmpuint (syntax->line, ==, line);
  g_assert_cmpuint (syntax->column, ==, column);
  g_assert_true (g_utf8_validate (syntax->message, -1, NULL));
  g_assert_nonnull (strstr (syntax->message, words));

  project = project_for (doc);
  d = first_error (project);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->line, ==, line);
  g_assert_cmpuint (d->column, ==, column);

  g_assert_false (flt_document_set_value (doc, "services.web.image", "x", FLT_EDIT_NONE, &error));
  g_assert_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SYNTAX);
  g_assert_cmpuint (flt_document_get_revision (doc), ==, revision);
}

/* 10 MB ---------------------------------------------------------------- */

#define BIG_SIZE (10 * 1024 * 1024)

static GString *
big_compose_file (guint *n_services)
{
  GString *text = g_string_sized_new (BIG_SIZE + 256);
  guint i = 0;

  g_string_append (text, "services:\n");
  while (text->len < BIG_SIZE)
    {
      g_string_append_printf (text,
                              "  svc%u:\n"
                              "    image: busybox:1.36\n"
                              "    environment:\n"
                              "      A: \"%u\"\n"
                              "      B: \"a longer value, to fill the file %u\"\n"
                              "    command: [\"sh\", \"-c\", \"echo %u\"]\n",
                              i, i, i, i);
      i++;
    }
  *n_services = i;
  return text;
}

static void
test_big_file_loads (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(FltProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  guint n_services = 0;

  text = big_compose_file (&n_services);
  g_assert_cmpuint (text->len, >=, BIG_SIZE);
  g_assert_cmpuint (text->len, <, FLT_DOCUMENT_MAX_SIZE);
  path = write_file (dir, "compose.yaml", text->str, text->len);

  doc = flt_document_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flt_document_get_tree (doc));
  g_assert_null (flt_document_get_syntax_error (doc));

  project = project_for (doc);
  g_assert_false (flt_project_has_errors (project));
  g_assert_cmpuint (flt_project_get_service_list (project)->len, ==, n_services);
  g_assert_nonnull (flt_project_get_service (project, "svc0"));

  /* Edits stay minimal on a big file too. */
  g_assert_true (flt_document_set_value (doc, "services.svc7.image", "busybox:1.37", FLT_EDIT_NONE, &error));
  g_assert_no_error (error);
  {
    gsize length = 0;
    const char *edited = flt_document_get_text (doc, &length);

    g_assert_cmpuint (length, ==, text->len);
    g_assert_nonnull (strstr (edited, "  svc7:\n    image: busybox:1.37\n"));
  }

  remove_tree (dir);
}

static void
test_too_large_is_refused (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.yml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) doc = NULL;
  int fd;

  /* Sparse: it is refused on its size, before anything is read. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, FLT_DOCUMENT_MAX_SIZE + 1), ==, 0);
  close (fd);

  doc = flt_document_new_for_path (path, &error);
  g_assert_null (doc);
  g_assert_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.yml"));
  g_assert_nonnull (strstr (error->message, "16 MB"));
  g_assert_nonnull (strstr (error->message, "split it"));

  remove_tree (dir);
}

/* Nesting --------------------------------------------------------------- */

static void
test_deep_flow_sequences (void)
{
  GString *text = g_string_new ("services:\n  web:\n    image: x\n    labels: ");

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '\n');

  /* The root, services and web are the first three levels: the 510th
   * bracket, in column 13 + 509, opens level 513. */
  assert_refused_at (text->str, text->len, 4, 13 + 509, "512");
  g_string_free (text, TRUE);
}

static void
test_deep_flow_mappings (void)
{
  GString *text = g_string_new ("a: ");

  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "{b: ");
  g_string_append (text, "x");
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, '}');

  assert_refused_at (text->str, text->len, 1, 4 + 511 * 4, "512");
  g_string_free (text, TRUE);
}

static void
test_deep_block_sequences (void)
{
  GString *text = g_string_new ("a:\n  ");

  /* "- - - ... x": 10,000 nested lists on one line. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "- ");
  g_string_append (text, "x\n");

  assert_refused_at (text->str, text->len, 2, 3 + 511 * 2, "512");
  g_string_free (text, TRUE);
}

static void
test_deep_aliases (void)
{
  GString *text = g_string_new ("x-0: &a0 [1]\n");
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(FltProject) project = NULL;
  const FltDiagnostic *d;

  /* Each anchor holds a list of the one before: shallow in the text,
   * 1,500 deep once the aliases are expanded. */
  for (guint i = 1; i < 1500; i++)
    g_string_append_printf (text, "x-%u: &a%u [*a%u]\n", i, i, i - 1);
  g_string_append (text, "services:\n  web:\n    image: x\n    labels: *a1499\n");

  doc = flt_document_new (text->str, text->len, "hostile.yml");
  g_assert_nonnull (flt_document_get_tree (doc));
  project = project_for (doc);
  d = first_error (project);
  g_assert_nonnull (d);
  g_assert_cmpint (d->kind, ==, FLT_DIAGNOSTIC_LIMIT);
  g_assert_nonnull (strstr (d->message, "deeper than"));
  /* At an alias, not at the top of the file. */
  g_assert_cmpuint (d->line, >, 1);
  g_assert_cmpuint (d->column, >, 1);
  g_assert_cmpstr (d->file, ==, "hostile.yml");
  g_string_free (text, TRUE);
}

/* Alias bombs ----------------------------------------------------------- */

static void
assert_alias_bomb (const char *text,
                   guint       line)
{
  g_autoptr(FltDocument) doc = flt_document_new (text, -1, "hostile.yml");
  g_autoptr(FltProject) project = NULL;
  const FltDiagnostic *d;

  /* Nothing is expanded to parse the text... */
  g_assert_nonnull (flt_document_get_tree (doc));
  g_assert_cmpuint (flt_tree_get_n_nodes (flt_document_get_tree (doc)), <, 1000);

  /* ... and expanding it stops at the limit, at the alias that got there. */
  project = project_for (doc);
  d = first_error (project);
  g_assert_nonnull (d);
  g_assert_cmpint (d->kind, ==, FLT_DIAGNOSTIC_LIMIT);
  g_assert_nonnull (strstr (d->message, "alias"));
  g_assert_cmpuint (d->line, ==, line);
  g_assert_cmpuint (d->column, >, 1);
}

static void
test_billion_laughs (void)
{
  GString *text = g_string_new ("x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
  char previous = 'a';

  for (char c = 'b'; c <= 'i'; c++)
    {
      g_string_append_printf (text, "x-%c: &%c [", c, c);
      for (guint i = 0; i < 9; i++)
        g_string_append_printf (text, "%s*%c", i ? "," : "", previous);
      g_string_append (text, "]\n");
      previous = c;
    }
  g_string_append (text, "services:\n  web:\n    image: x\n    command: *i\n");

  /* 9^9 strings: the expansion stops in the first anchors' aliases. */
  assert_alias_bomb (text->str, 2);
  g_string_free (text, TRUE);
}

static void
test_merge_key_bomb (void)
{
  GString *text = g_string_new ("x-0: &m0 {a0: 1, b0: 2, c0: 3, d0: 4}\n");

  /* Each level merges the one before eight times over. */
  for (guint i = 1; i < 12; i++)
    g_string_append_printf (text, "x-%u: &m%u {<<: [*m%u, *m%u, *m%u, *m%u, *m%u, *m%u, *m%u, *m%u], k%u: %u}\n",
                            i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i, i);
  g_string_append (text, "services:\n  web:\n    image: x\n    labels: *m11\n");

  assert_alias_bomb (text->str, 2);
  g_string_free (text, TRUE);
}

/* Bytes that are not text --------------------------------------------- */

static void
test_invalid_utf8 (void)
{
  /* Latin-1, an overlong "/", a UTF-16 surrogate, a sequence cut short. */
  assert_refused_at ("services:\n  web:\n    image: caf\xe9\n", -1, 3, 15, "UTF-8");
  assert_refused_at ("services:\n  web:\n    image: a\xc0\xaf\n", -1, 3, 13, "UTF-8");
  assert_refused_at ("services:\n  web:\n    image: \xed\xa0\x80x\n", -1, 3, 12, "UTF-8");
  assert_refused_at ("services:\n  web:\n    image: x\xe2\x82", -1, 3, 13, "UTF-8");
  /* A column counts characters, not bytes. */
  assert_refused_at ("services:\n  web:\n    image: \xc3\xa9t\xc3\xa9\xff\n", -1, 3, 15, "UTF-8");
  assert_refused_at ("\xff\xfes\0e\0r\0", 8, 1, 1, "UTF-16");
}

static void
test_nul_byte (void)
{
  static const char text[] = "services:\n  web:\n    image: x\0y\n";

  assert_refused_at (text, sizeof text - 1, 3, 13, "NUL");
}

/* Line endings and tabs ------------------------------------------------ */

static void
assert_crlf_only (FltDocument *doc,
                  const char  *after)
{
  gsize length = 0;
  const char *text = flt_document_get_text (doc, &length);

  for (gsize i = 0; i < length; i++)
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
      g_error ("a bare \\n at byte %" G_GSIZE_FORMAT " after %s:\n%s", i, after, text);
  g_assert_nonnull (flt_document_get_tree (doc));
}

static void
test_crlf (void)
{
  static const char text[] =
    "# CRLF throughout\r\n"
    "services:\r\n"
    "  web:\r\n"
    "    image: nginx\r\n"
    "    ports:\r\n"
    "      - \"80:80\"\r\n"
    "    environment:\r\n"
    "      A: \"1\"\r\n"
    "    command: |\r\n"
    "      echo one\r\n"
    "      echo two\r\n"
    "\r\n"
    "  db:\r\n"
    "    image: postgres\r\n";
  g_autoptr(FltDocument) doc = flt_document_new (text, -1, "crlf.yml");
  g_autoptr(FltProject) project = NULL;
  g_autoptr(GError) error = NULL;
  FltService *web;

  g_assert_nonnull (flt_document_get_tree (doc));
  g_assert_cmpstr (flt_document_get_newline (doc), ==, "\r\n");

  /* The model does not see the \r. */
  project = project_for (doc);
  g_assert_false (flt_project_has_errors (project));
  web = flt_project_get_service (project, "web");
  g_assert_nonnull (web);
  g_assert_cmpstr (flt_service_get_image (web), ==, "nginx");

#define EDIT(call, what)               \
  G_STMT_START {                       \
    g_assert_true (call);              \
    g_assert_no_error (error);         \
    assert_crlf_only (doc, what);      \
  } G_STMT_END

  EDIT (flt_document_set_value (doc, "services.web.image", "nginx:1.27", FLT_EDIT_NONE, &error), "set_value");
  EDIT (flt_document_set_value (doc, "services.web.restart", "always", FLT_EDIT_NONE, &error), "a new key");
  EDIT (flt_document_set_value (doc, "services.web.command", "echo three\nand four\n", FLT_EDIT_NONE, &error),
        "a multi-line value");
  EDIT (flt_document_set_value (doc, "services.web.deploy.resources.limits.memory", "512M", FLT_EDIT_NONE, &error),
        "new nested keys");
  EDIT (flt_document_set_value (doc, "services.web.labels", "a: b\nc: d", FLT_EDIT_YAML, &error), "a YAML value");
  EDIT (flt_document_add_item (doc, "services.web.ports", "443:443", FLT_EDIT_NONE, &error), "add_item");
  EDIT (flt_document_add_item (doc, "services.db.volumes", "data:/var/lib/postgresql/data", FLT_EDIT_NONE, &error),
        "add_item to a new list");
  EDIT (flt_document_remove (doc, "services.web.ports[0]", &error), "remove an item");
  EDIT (flt_document_remove (doc, "services.web.environment", &error), "remove a key");
  EDIT (flt_document_add_service (doc, "cache", "redis:7", &error), "add_service");
  EDIT (flt_document_duplicate_service (doc, "web", "web2", &error), "duplicate_service");
  EDIT (flt_document_rename_service (doc, "db", "database", &error), "rename_service");
  EDIT (flt_document_remove_service (doc, "cache", &error), "remove_service");
  EDIT (flt_document_undo (doc), "undo");
  EDIT (flt_document_redo (doc), "redo");

#undef EDIT

  g_assert_nonnull (flt_document_lookup (doc, "services.web2.deploy.resources.limits.memory", NULL));
  g_assert_nonnull (flt_document_lookup (doc, "services.database.volumes[0]", NULL));
}

static void
test_lone_carriage_return (void)
{
  /* An old Mac line ending: YAML breaks the line there, editing would not. */
  g_autoptr(FltDocument) doc = flt_document_new ("services:\n  web:\n    image: x\r    user: y\n", -1, "cr.yml");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (flt_document_get_tree (doc));
  g_assert_false (flt_document_set_value (doc, "services.web.image", "z", FLT_EDIT_NONE, &error));
  g_assert_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "YAML view"));
}

static void
test_tabs (void)
{
  g_autoptr(FltDocument) ok = NULL;

  /* YAML forbids tabs in indentation. */
  assert_refused_at ("services:\n  web:\n\timage: nginx\n", -1, 3, 1, "tab");
  assert_refused_at ("services:\n  web:\n    image: nginx\n    ports:\n    \t- 80:80\n", -1, 5, 5, "tab");

  /* Tabs elsewhere are fine: after a colon, inside values, in comments. */
  ok = flt_document_new ("services:\n  web:\n    image:\tnginx\n    command: a\tb  #\tnote\n", -1, "ok.yml");
  g_assert_nonnull (flt_document_get_tree (ok));
  g_assert_cmpstr (flt_document_lookup (ok, "services.web.command", NULL)->value, ==, "a\tb");
}

/* Paths that are not compose files ------------------------------------- */

static void
test_directory (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "compose.yaml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) doc = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  doc = flt_document_new_for_path (folder, &error);
  g_assert_null (doc);
  g_assert_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, "compose.yaml"));
  g_assert_nonnull (strstr (error->message, "folder"));
  g_assert_nonnull (strstr (error->message, "open the compose file inside it"));
  remove_tree (dir);
}

/* Root reads everything: the check runs in a child that becomes "nobody"
 * first, so that it works (and means the same) for root and for others. */
/* In a child: 0 when reading @path as nobody fails as it should. */
static int
read_as_nobody (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) doc = NULL;

  if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
    return 3;
  if (access (path, R_OK) == 0)
    return 4;
  doc = flt_document_new_for_path (path, &error);
  if (doc != NULL)
    return 5;
  if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
    return 6;
  if (strstr (error->message, "compose.yaml") == NULL ||
      strstr (error->message, "permission denied") == NULL ||
      strstr (error->message, "check the file") == NULL)
    return 7;
  return 0;
}

static void
test_unreadable (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = write_file (dir, "compose.yaml", "services:\n  web:\n    image: x\n", -1);
  pid_t pid;
  int status = 0;

  g_assert_cmpint (g_chmod (path, 0), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int code = read_as_nobody (path);

      /* _exit runs no cleanup: what the parent's frame holds is freed
       * here, or a leak checker following the fork would count it. */
      g_clear_pointer (&path, g_free);
      g_clear_pointer (&dir, g_free);
      _exit (code);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 3 || WEXITSTATUS (status) == 4)
    g_test_skip ("cannot become a user who may not read the file");
  else
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  g_chmod (path, 0644);
  remove_tree (dir);
}

/* Env files that never end, or are not files at all. */
static void
test_env_file_not_regular (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *dotenv = g_build_filename (dir, ".env", NULL);
  g_autofree char *pipe = g_build_filename (dir, "pipe.env", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(FltEnvironment) env = flt_environment_new ();

  g_assert_cmpint (symlink ("/dev/zero", dotenv), ==, 0);
  entries = flt_dotenv_parse_file (dotenv, FLT_DOTENV_FLAGS_NONE, NULL, NULL, NULL, &error);
  g_assert_null (entries);
  g_assert_error (error, FLT_DOTENV_ERROR, FLT_DOTENV_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, ".env"));
  g_clear_error (&error);

  /* A pipe would block the reader until someone writes to it. */
  g_assert_cmpint (mkfifo (pipe, 0644), ==, 0);
  g_assert_false (flt_environment_load_dotenv (env, pipe, FALSE, &error));
  g_assert_error (error, FLT_DOTENV_ERROR, FLT_DOTENV_ERROR_NOT_REGULAR);
  g_clear_error (&error);

  /* A project whose .env is /dev/zero says so, and does not hang. */
  {
    g_autofree char *compose = write_file (dir, "compose.yaml", "services:\n  web:\n    image: x\n", -1);
    g_autoptr(FltDocument) doc = flt_document_new_for_path (compose, &error);
    g_autoptr(FltProject) project = NULL;
    FltProjectOptions options = { 0 };
    const FltDiagnostic *d;

    g_assert_no_error (error);
    options.environment = env;
    project = flt_project_new (&doc, 1, &options);
    d = first_error (project);
    g_assert_nonnull (d);
    g_assert_nonnull (strstr (d->message, "not a regular file"));
  }

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/size/10-mb-loads", test_big_file_loads);
  g_test_add_func ("/hostile/size/too-large", test_too_large_is_refused);
  g_test_add_func ("/hostile/nesting/flow-sequences", test_deep_flow_sequences);
  g_test_add_func ("/hostile/nesting/flow-mappings", test_deep_flow_mappings);
  g_test_add_func ("/hostile/nesting/block-sequences", test_deep_block_sequences);
  g_test_add_func ("/hostile/nesting/aliases", test_deep_aliases);
  g_test_add_func ("/hostile/alias-bomb/billion-laughs", test_billion_laughs);
  g_test_add_func ("/hostile/alias-bomb/merge-keys", test_merge_key_bomb);
  g_test_add_func ("/hostile/bytes/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/hostile/bytes/nul", test_nul_byte);
  g_test_add_func ("/hostile/lines/crlf-edits-keep-crlf", test_crlf);
  g_test_add_func ("/hostile/lines/lone-carriage-return", test_lone_carriage_return);
  g_test_add_func ("/hostile/lines/tabs", test_tabs);
  g_test_add_func ("/hostile/path/directory", test_directory);
  g_test_add_func ("/hostile/path/unreadable", test_unreadable);
  g_test_add_func ("/hostile/path/env-file-not-regular", test_env_file_not_regular);

  return g_test_run ();
}
