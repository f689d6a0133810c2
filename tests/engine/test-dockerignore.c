/* test-dockerignore.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every row of walk_cases was checked against the docker CLI 28.2 with the
 * classic builder (DOCKER_BUILDKIT=0): a context holding the row's path,
 * with the row's .dockerignore, was sent by `docker build` to a stand-in
 * Engine that kept the archive, and the row says whether the path was in it.
 * Directories end in "/".
 */

#include <locale.h>
#include <string.h>

#include "flt-dockerignore.h"

typedef struct
{
  const char *patterns;   /* the .dockerignore text */
  const char *path;
  gboolean    excluded;   /* not sent */
} WalkCase;

static const WalkCase walk_cases[] = {
  /* "*" stays within one component; patterns are anchored at the top */
  { "*.log", "a.log", TRUE },
  { "*.log", ".log", TRUE },
  { "*.log", "a.txt", FALSE },
  { "*.log", "sub/a.log", FALSE },
  { "*.log", "sub/", FALSE },
  /* "**" crosses directories, and may match none */
  { "**/*.log", "a.log", TRUE },
  { "**/*.log", "sub/a.log", TRUE },
  { "**/*.log", "sub/deep/x.log", TRUE },
  { "**/*.log", "sub/deep/x.txt", FALSE },
  { "**/*.log", "sub/", FALSE },
  /* A directory takes everything below it along */
  { "sub", "sub/", TRUE },
  { "sub", "sub/file", TRUE },
  { "sub", "sub/deep/file", TRUE },
  { "sub", "subway", FALSE },
  { "sub", "other/sub", FALSE },
  { "sub", "other/", FALSE },
  /* "?" is one character */
  { "temp?", "temp1", TRUE },
  { "temp?", "temp", FALSE },
  { "temp?", "temp12", FALSE },
  { "temp?", "tempd/x", TRUE },
  { "caf?.txt", "caf\xC3\xA9.txt", TRUE },
  { "caf?.txt", "cafe.txt", TRUE },
  { "caf?.txt", "caf.txt", FALSE },
  /* Classes */
  { "[a-c]*.txt", "a.txt", TRUE },
  { "[a-c]*.txt", "b1.txt", TRUE },
  { "[a-c]*.txt", "d.txt", FALSE },
  { "[a-c]*.txt", "A.txt", FALSE },
  { "[^a]*.md", "b.md", TRUE },
  { "[^a]*.md", "a.md", FALSE },
  { "[\xC3\xA9\\]]x", "\xC3\xA9x", TRUE },
  { "[\xC3\xA9\\]]x", "]x", TRUE },
  { "[\xC3\xA9\\]]x", "ex", FALSE },
  /* "\" escapes */
  { "\\*.txt", "*.txt", TRUE },
  { "\\*.txt", "a.txt", FALSE },
  { "\\[x\\]", "[x]", TRUE },
  /* Cleaning: "./", a leading "/", a trailing "/", "..", spaces */
  { "./build/", "build/", TRUE },
  { "./build/", "build/out", TRUE },
  { "/abs/path", "abs/path", TRUE },
  { "/abs/path", "abs/", FALSE },
  { "a/../b", "b", TRUE },
  { "a/../b", "a/b", FALSE },
  { "x//y", "x/y", TRUE },
  { "  spaced  \t", "spaced", TRUE },
  { ".", "dot", FALSE },
  { "*/", "top", TRUE },
  /* Comments start at the very beginning of a line only */
  { "# comment\nreal", "# comment", FALSE },
  { "# comment\nreal", "real", TRUE },
  { " # not a comment", "# not a comment", TRUE },
  { "\xEF\xBB\xBF" "bom", "bom", TRUE },
  { "first\r\nsecond\r\n", "first", TRUE },
  { "first\r\nsecond\r\n", "second", TRUE },
  /* Exceptions, and the last pattern wins */
  { "*\n!keep.txt", "keep.txt", FALSE },
  { "*\n!keep.txt", "other.txt", TRUE },
  { "*\n!keep.txt", "dir/", TRUE },
  { "*\n!keep.txt", "dir/keep.txt", TRUE },
  { "*.txt\n!important.txt\nimportant.txt", "important.txt", TRUE },
  { "*.txt\n!important.txt\nimportant.txt", "other.txt", TRUE },
  { "*.txt\n! important.txt", "important.txt", FALSE },
  { "!a\na", "a/", TRUE },
  { "*\n!*.go", "main.go", FALSE },
  { "*\n!*.go", "pkg/", TRUE },
  { "*\n!*.go", "pkg/x.go", TRUE },
  /* An excluded directory is entered when an exception names something
   * below it (as text), but is not sent itself
   */
  { "dir\n!dir/keep", "dir/", TRUE },
  { "dir\n!dir/keep", "dir/keep", FALSE },
  { "dir\n!dir/keep", "dir/other", TRUE },
  { "dir\n!dir/sub/keep", "dir/sub/", TRUE },
  { "dir\n!dir/sub/keep", "dir/sub/keep", FALSE },
  { "dir\n!dir/sub/keep", "dir/sub/other", TRUE },
  { "dir\n!dir/*.md", "dir/a.md", FALSE },
  { "dir\n!dir/*.md", "dir/a.txt", TRUE },
  { "*/tmp\n!*/tmp/keep", "x/tmp/keep", TRUE },
  { "*/tmp\n!*/tmp/keep", "x/tmp/", TRUE },
  { "*/tmp\n!*/tmp/keep", "x/other", FALSE },
  { "vendor\n!**/keep", "vendor/keep", TRUE },
  { "vendor\n!**/keep", "keep", FALSE },
  /* The walk carries each directory's results to its entries: "!a" is not
   * tested again below "a", so it does not re-include "a/b"
   */
  { "a/b\n!a", "a/b", TRUE },
  { "a/b\n!a", "a/c", FALSE },
  { "a/b\n!a", "a/", FALSE },
  /* "**" */
  { "**/node_modules", "node_modules/", TRUE },
  { "**/node_modules", "a/node_modules/x", TRUE },
  { "**/node_modules", "a/node_modules_x", FALSE },
  { "docs/**", "docs/a", TRUE },
  { "docs/**", "docs/c/d", TRUE },
  { "docs/**", "docs/", FALSE },
  { "**", "anything", TRUE },
  { "**", "x/y", TRUE },
  { "**foo", "barfoo", TRUE },
  { "**foo", "x/foo", TRUE },
  { "**foo", "foox", FALSE },
  { "a**b", "ab", TRUE },
  { "a**b", "ax/b", TRUE },
  { "a**b", "axb", FALSE },
  { "dir/*/x", "dir/a/x", TRUE },
  { "dir/*/x", "dir/a/b/x", FALSE },
  { "dir/**/x", "dir/x", TRUE },
  { "dir/**/x", "dir/a/b/x", TRUE },
  { "dir/**/x", "dir/a/b/y", FALSE },
  { "**/dir/**", "dir/a", TRUE },
  { "**/dir/**", "x/dir/a", TRUE },
  { "**/dir/**", "x/dir/", FALSE },
  { "**/*.o\n!**/keep.o", "src/keep.o", FALSE },
  { "**/*.o\n!**/keep.o", "src/main.o", TRUE },
  /* Characters that mean something to a regular expression do not */
  { "a.b", "axb", FALSE },
  { "a.b", "a.b", TRUE },
  { "(x)+{y}|$", "(x)+{y}|$", TRUE },
};

static void
test_walk_case (gconstpointer data)
{
  const WalkCase *row = data;
  g_autoptr(FltDockerignore) ignore = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (row->path);
  gsize length = strlen (path);

  if (length > 1 && path[length - 1] == '/')
    path[length - 1] = '\0';

  ignore = flt_dockerignore_new_from_data (row->patterns, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flt_dockerignore_excludes (ignore, path), ==, row->excluded);
}

/* The Engine's test, on the path and its parents, without the walk's
 * shortcuts; it decides whether the Dockerfile and .dockerignore are
 * removed from a context.
 */
typedef struct
{
  const char *patterns;
  const char *path;
  gboolean    matches;
  gboolean    excludes;   /* the walk's verdict, where it differs */
} MatchCase;

static const MatchCase match_cases[] = {
  { "a/b\n!a", "a/b", FALSE, TRUE },
  { "dir", "dir/Dockerfile", TRUE, TRUE },
  { "*\n!keep.txt", "dir/keep.txt", TRUE, TRUE },
  { "Dockerfile", "Dockerfile", TRUE, TRUE },
  { ".dockerignore", ".dockerignore", TRUE, TRUE },
  { "*", ".dockerignore", TRUE, TRUE },
  { "*\n!Dockerfile", "Dockerfile", FALSE, FALSE },
  { "vendor\n!**/keep", "vendor/keep", FALSE, TRUE },
  { "", "x", FALSE, FALSE },
};

static void
test_match_case (gconstpointer data)
{
  const MatchCase *row = data;
  g_autoptr(FltDockerignore) ignore = NULL;
  g_autoptr(GError) error = NULL;

  ignore = flt_dockerignore_new_from_data (row->patterns, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flt_dockerignore_matches (ignore, row->path), ==, row->matches);
  g_assert_cmpint (flt_dockerignore_excludes (ignore, row->path), ==, row->excludes);
}

/* Reading the file ---------------------------------------------------- */

typedef struct
{
  const char *text;
  const char *patterns[8];   /* as cleaned, "!" for exceptions */
} ParseCase;

static const ParseCase parse_cases[] = {
  { "", { NULL } },
  { "\n\n   \n\t\n", { NULL } },
  { "# only a comment\n#another", { NULL } },
  { "a\nb\n", { "a", "b", NULL } },
  { "a\r\nb", { "a", "b", NULL } },
  { "  ./a/  \n", { "a", NULL } },
  { "!  /b/\n", { "!b", NULL } },
  { "/\n", { "/", NULL } },
  { "./\n", { ".", NULL } },
  { "a/./b/../c//d/\n", { "a/c/d", NULL } },
  { "../x\n/../y\n", { "../x", "y", NULL } },
  { " # not a comment", { "# not a comment", NULL } },
  { "\xEF\xBB\xBF#bom then comment\nx", { "x", NULL } },
  { "x\n\xEF\xBB\xBFy", { "x", "\xEF\xBB\xBFy", NULL } },
  { "\xC2\xA0nbsp\xC2\xA0", { "nbsp", NULL } },
  { "**/\n", { "**", NULL } },
  { "!**/*.go\n", { "!**/*.go", NULL } },
};

static void
test_parse (gconstpointer data)
{
  const ParseCase *row = data;
  g_autoptr(FltDockerignore) ignore = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  ignore = flt_dockerignore_new_from_data (row->text, -1, &error);
  g_assert_no_error (error);

  while (row->patterns[n] != NULL)
    n++;
  g_assert_cmpuint (flt_dockerignore_get_n_patterns (ignore), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (flt_dockerignore_get_pattern (ignore, i), ==, row->patterns[i]);
}

typedef struct
{
  const char *text;
  const char *in_message;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "ok\n[", "Line 2: Invalid pattern “[”" },
  { "a[", "Line 1: Invalid pattern “a[”" },
  { "[]a]", "Line 1" },
  { "[]", "Line 1" },
  { "[^]", "Line 1" },
  { "[a-]", "Line 1" },
  { "[-a]", "Line 1" },
  { "[a", "Line 1" },
  { "x\n\ny\\", "Line 3: Invalid pattern “y\\”" },
  { "[a\\", "Line 1" },
  { "*.go\n!", "Line 2: “!” alone" },
  { "! \t", "Line 1: “!” alone" },
  { "good\n!bad[", "Line 2: Invalid pattern “!bad[”" },
  { "**/[", "Line 1" },
};

static void
test_error (gconstpointer data)
{
  const ErrorCase *row = data;
  g_autoptr(FltDockerignore) ignore = NULL;
  g_autoptr(GError) error = NULL;

  ignore = flt_dockerignore_new_from_data (row->text, -1, &error);
  g_assert_null (ignore);
  g_assert_error (error, FLT_DOCKERIGNORE_ERROR, FLT_DOCKERIGNORE_ERROR_INVALID_PATTERN);
  g_assert_nonnull (strstr (error->message, row->in_message));
}

/* Well-formed classes and escapes */
static void
test_valid_syntax (void)
{
  static const char * const valid[] = {
    "[a-z]", "[^a-z]", "[\\]]", "[\\-]", "[a\\-z]", "\\[", "\\\\", "a\\*b",
    "[\xC3\xA9-\xC3\xBF]", "x]", "*?**", "[!]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(FltDockerignore) ignore = flt_dockerignore_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (flt_dockerignore_add_pattern (ignore, valid[i], &error));
      g_assert_no_error (error);
    }
}

/* The walk helpers ---------------------------------------------------- */

static void
test_add_pattern (void)
{
  g_autoptr(FltDockerignore) ignore = flt_dockerignore_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (flt_dockerignore_get_n_patterns (ignore), ==, 0);
  g_assert_false (flt_dockerignore_matches (ignore, "anything"));
  g_assert_false (flt_dockerignore_has_exceptions (ignore));

  g_assert_true (flt_dockerignore_add_pattern (ignore, "  ", &error));
  g_assert_cmpuint (flt_dockerignore_get_n_patterns (ignore), ==, 0);

  /* Not a comment when added one by one */
  g_assert_true (flt_dockerignore_add_pattern (ignore, "#x", &error));
  g_assert_true (flt_dockerignore_matches (ignore, "#x"));

  g_assert_true (flt_dockerignore_add_pattern (ignore, "build", &error));
  g_assert_true (flt_dockerignore_matches (ignore, "build/out.o"));
  g_assert_true (flt_dockerignore_add_pattern (ignore, "!build/keep", &error));
  g_assert_true (flt_dockerignore_has_exceptions (ignore));
  g_assert_false (flt_dockerignore_matches (ignore, "build/keep"));
  g_assert_cmpstr (flt_dockerignore_get_pattern (ignore, 2), ==, "!build/keep");

  g_assert_false (flt_dockerignore_add_pattern (ignore, "[", &error));
  g_assert_error (error, FLT_DOCKERIGNORE_ERROR, FLT_DOCKERIGNORE_ERROR_INVALID_PATTERN);
  g_assert_cmpuint (flt_dockerignore_get_n_patterns (ignore), ==, 3);
}

static void
test_may_include_below (void)
{
  g_autoptr(FltDockerignore) ignore = NULL;

  ignore = flt_dockerignore_new_from_data ("dir\n!dir/a/keep\n!other\n!**/x\nz\n!zz/y", -1, NULL);
  g_assert_nonnull (ignore);

  g_assert_true (flt_dockerignore_may_include_below (ignore, "dir"));
  g_assert_true (flt_dockerignore_may_include_below (ignore, "dir/a"));
  g_assert_true (flt_dockerignore_may_include_below (ignore, "dir/a/keep"));
  g_assert_false (flt_dockerignore_may_include_below (ignore, "dir/a/keep/deeper"));
  g_assert_false (flt_dockerignore_may_include_below (ignore, "dir/b"));
  g_assert_false (flt_dockerignore_may_include_below (ignore, "di"));
  g_assert_true (flt_dockerignore_may_include_below (ignore, "other"));
  g_assert_false (flt_dockerignore_may_include_below (ignore, "x"));
  g_assert_false (flt_dockerignore_may_include_below (ignore, "z"));
  g_assert_true (flt_dockerignore_may_include_below (ignore, "zz"));
}

/* match_entry() carries states down a walk */
static void
test_match_entry (void)
{
  g_autoptr(FltDockerignore) ignore = NULL;
  guint8 top[3], below[3];

  ignore = flt_dockerignore_new_from_data ("a/b\n!a\nc", -1, NULL);
  g_assert_nonnull (ignore);

  /* "!a" is not tested for "a": it could not change the verdict */
  g_assert_false (flt_dockerignore_match_entry (ignore, "a", NULL, top));
  g_assert_cmpint (top[0], ==, FALSE);
  g_assert_cmpint (top[1], ==, FALSE);
  g_assert_cmpint (top[2], ==, FALSE);

  /* so "a/b" stays excluded below it; without the state, the parents are
   * tested and "!a" applies
   */
  g_assert_true (flt_dockerignore_match_entry (ignore, "a/b", top, below));
  g_assert_false (flt_dockerignore_match_entry (ignore, "a/b", NULL, NULL));

  /* A directory's match is inherited */
  g_assert_true (flt_dockerignore_match_entry (ignore, "c", NULL, top));
  g_assert_cmpint (top[2], ==, TRUE);
  g_assert_true (flt_dockerignore_match_entry (ignore, "c/anything", top, below));
  g_assert_cmpint (below[2], ==, TRUE);
}

/* Many stars do not take exponential time */
static void
test_many_stars (void)
{
  g_autoptr(FltDockerignore) ignore = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);

  ignore = flt_dockerignore_new_from_data ("*a*a*a*a*a*a*a*a*a*a*b\n**/**/**/**/**/**/**/c", -1, NULL);
  g_assert_nonnull (ignore);

  for (guint i = 0; i < 200; i++)
    g_string_append_c (name, 'a');
  g_assert_false (flt_dockerignore_matches (ignore, name->str));
  g_string_append_c (name, 'b');
  g_assert_true (flt_dockerignore_matches (ignore, name->str));

  for (guint i = 0; i < 100; i++)
    g_string_append (deep, "d/");
  g_string_append (deep, "e");
  g_assert_false (flt_dockerignore_matches (ignore, deep->str));
  g_string_truncate (deep, deep->len - 1);
  g_string_append_c (deep, 'c');
  g_assert_true (flt_dockerignore_matches (ignore, deep->str));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (walk_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dockerignore/walk/%03u", i);

      g_test_add_data_func (path, &walk_cases[i], test_walk_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dockerignore/matches/%03u", i);

      g_test_add_data_func (path, &match_cases[i], test_match_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dockerignore/parse/%03u", i);

      g_test_add_data_func (path, &parse_cases[i], test_parse);
    }

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dockerignore/error/%03u", i);

      g_test_add_data_func (path, &error_cases[i], test_error);
    }

  g_test_add_func ("/dockerignore/valid-syntax", test_valid_syntax);
  g_test_add_func ("/dockerignore/add-pattern", test_add_pattern);
  g_test_add_func ("/dockerignore/may-include-below", test_may_include_below);
  g_test_add_func ("/dockerignore/match-entry", test_match_entry);
  g_test_add_func ("/dockerignore/many-stars", test_many_stars);

  return g_test_run ();
}
