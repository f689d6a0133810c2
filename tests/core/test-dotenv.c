/* test-dotenv.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The expected values were checked with `docker compose config` 2.26, with
 * the file as a service's env_file and OS=os in the environment.
 */

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "flt-dotenv.h"
#include "flt-environment.h"
#include "flt-interpolate.h"

#define MAX_ENTRIES 24

typedef struct
{
  const char *name;
  const char *value;
  guint       line;
  gboolean    inherited;
} ExpectedEntry;

typedef struct
{
  const char    *text;
  ExpectedEntry  entries[MAX_ENTRIES];
} ParseCase;

static const ParseCase parse_cases[] = {
  { "", { { NULL } } },
  { "   \n\n\t\n", { { NULL } } },
  { "# only a comment", { { NULL } } },
  { "A=1", { { "A", "1", 1 } } },
  { "A=1\n", { { "A", "1", 1 } } },
  /* The statement forms */
  {
    "A=1\n"
    "B=${A}\n"
    "export C=x y  \n"
    "D=\"q\\n\\tz\\\"\\\\\"\n"
    "E='s $A'\n"
    "F: yaml\n"
    "# c\n"
    "  G = g # comment\n"
    "H=a#b\n"
    "I=\"multi\n"
    "line\"\n"
    "OS\n"
    "UNK\n"
    "J=${OS}\n"
    "OS=file\n"
    "K=${OS}",
    {
      { "A", "1", 1 },
      { "B", "1", 2 },
      { "C", "x y", 3 },
      { "D", "q\n\tz\"\\", 4 },
      { "E", "s $A", 5 },
      { "F", "yaml", 6 },
      { "G", "g", 8 },
      { "H", "a#b", 9 },
      { "I", "multi\nline", 10 },
      { "OS", "os", 12, TRUE },
      { "UNK", NULL, 13, TRUE },
      { "J", "os", 14 },
      { "OS", "file", 15 },
      /* The environment wins over the file's own OS=file */
      { "K", "os", 16 },
    }
  },
  /* Comments, spaces, quotes and escapes */
  {
    "A=a #b\n"
    "B=a\t#b\n"
    "C=\"x\" # c\n"
    "D='x' # c\n"
    "E=\n"
    "F=  x  \n"
    "G =x\n"
    "H\t=\ty\n"
    "export   I=i\n"
    "J=x\r\n"
    "K=\"k\"\r\n"
    "L=${UNSET:-d}\n"
    "M=\"\\$OS\"\n"
    "N=$$OS\n"
    "O='$$'\n"
    "P=\"$$\"\n"
    "Q='a\n"
    "b'\n"
    "R=\"\\q\\a\\101\\0101\\r\"\n"
    "S='it\\'s'\n"
    "T=last",
    {
      { "A", "a", 1 },
      { "B", "a\t#b", 2 },
      { "C", "x", 3 },
      { "D", "x", 4 },
      { "E", "", 5 },
      { "F", "x", 6 },
      { "G", "x", 7 },
      { "H", "y", 8 },
      { "I", "i", 9 },
      { "J", "x", 10 },
      { "K", "k", 11 },
      { "L", "d", 12 },
      { "M", "$OS", 13 },
      { "N", "$OS", 14 },
      { "O", "$$", 15 },
      { "P", "$", 16 },
      { "Q", "a\nb", 17 },
      { "R", "\\q\a\\101A\r", 19 },
      { "S", "it's", 20 },
      { "T", "last", 21 },
    }
  },
  /* After a closing quote, the line goes on with more statements */
  { "A=\"x\"junk\nB=1", { { "A", "x", 1 }, { "junk", NULL, 1, TRUE }, { "B", "1", 2 } } },
  { "A=\"x\" B=2", { { "A", "x", 1 }, { "B", "2", 1 } } },
  { "A='x'B=2", { { "A", "x", 1 }, { "B", "2", 1 } } },
  /* Names */
  { "A.B=1\nA-B=2\nA[0]=3\n1A=4\nÉ=5", {
      { "A.B", "1", 1 }, { "A-B", "2", 2 }, { "A[0]", "3", 3 }, { "1A", "4", 4 }, { "É", "5", 5 } } },
  { "exportA=x", { { "exportA", "x", 1 } } },
  { "export\nA=1", { { "A", "1", 2 } } },
  { "\xEF\xBB\xBF" "BOM=1", { { "BOM", "1", 1 } } },
  /* A last "NAME" without a newline (Compose makes an empty name of it) */
  { "A=1\nOS", { { "A", "1", 1 }, { "OS", "os", 2, TRUE } } },
  { "export OS", { { "OS", "os", 1, TRUE } } },
  /* Escapes in double quotes */
  { "A=\"\\0377|\\0|\\01|\\012|\\0477|\\08|\\0101\"", { { "A", "\xC3\xBF|\\|\\1|\\12|\\477|\\8|A", 1 } } },
  { "A=\"\\c\\v\\f\\b\"", { { "A", "\\c\v\f\b", 1 } } },
  { "A=\"\\\\\\\"\"", { { "A", "\\\"", 1 } } },
  { "A=x\\ny", { { "A", "x\\ny", 1 } } },
  /* Interpolation */
  { "A=x\nA=y", { { "A", "x", 1 }, { "A", "y", 2 } } },
  { "A=1\nB=${A:-z}${OS}\n", { { "A", "1", 1 }, { "B", "1os", 2 } } },
  { "A=\"${A}\"", { { "A", "", 1 } } },
  { "A='${OS}'", { { "A", "${OS}", 1 } } },
  { "A=${OS:+set}", { { "A", "set", 1 } } },
  { "A: \"q\"", { { "A", "q", 1 } } },
  { "A=é", { { "A", "é", 1 } } },
  { "A=1\n\n  B=\"x\ny\"\nC=${B}", { { "A", "1", 1 }, { "B", "x\ny", 3 }, { "C", "x\ny", 5 } } },
};

typedef struct
{
  const char *text;
  GQuark      (*domain) (void);
  gint        code;
  guint       line;
  const char *message;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "A B=x", flt_dotenv_error_quark, FLT_DOTENV_ERROR_INVALID_NAME, 1,
    "test.env:1: variable name “A B” contains a space; a name cannot, write A_B for example" },
  { "A=1\nA$=x", flt_dotenv_error_quark, FLT_DOTENV_ERROR_INVALID_NAME, 2,
    "test.env:2: unexpected character “$” in variable name “A$=x”; a name may contain letters, "
    "digits, “_”, “.”, “-”, “[” and “]”" },
  { "=x", flt_dotenv_error_quark, FLT_DOTENV_ERROR_INVALID_NAME, 1,
    "test.env:1: a variable name is missing before “=”; write NAME=value" },
  { "A=\"x\" \"y\"", flt_dotenv_error_quark, FLT_DOTENV_ERROR_INVALID_NAME, 1, NULL },
  { "A=1\n\n  B=\"x\ny\nz\nC=1", flt_dotenv_error_quark, FLT_DOTENV_ERROR_UNTERMINATED_QUOTE, 3,
    "test.env:3: the quoted value of B is not terminated: add the closing \"" },
  { "A='\\'", flt_dotenv_error_quark, FLT_DOTENV_ERROR_UNTERMINATED_QUOTE, 1,
    "test.env:1: the quoted value of A is not terminated: add the closing '" },
  { "A=${", flt_interpolate_error_quark, FLT_INTERPOLATE_ERROR_SYNTAX, 1, NULL },
  { "A=1\nB=\"${\"", flt_interpolate_error_quark, FLT_INTERPOLATE_ERROR_SYNTAX, 2, NULL },
  { "X=1\nA=${UNSET:?err msg}", flt_interpolate_error_quark, FLT_INTERPOLATE_ERROR_REQUIRED, 2,
    "test.env:2: required variable UNSET is missing a value: err msg" },
};

static const char *
lookup_test_environment (const char *name,
                         gpointer    user_data)
{
  if (g_str_equal (name, "OS"))
    return "os";
  if (g_str_equal (name, "EMPTY"))
    return "";
  return NULL;
}

static void
test_parse (gconstpointer data)
{
  const ParseCase *row = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint n_expected = 0;

  g_test_message ("text: %s", row->text);

  while (n_expected < MAX_ENTRIES && row->entries[n_expected].name != NULL)
    n_expected++;

  entries = flt_dotenv_parse (row->text, -1, "test.env", FLT_DOTENV_FLAGS_NONE,
                              lookup_test_environment, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      const FltDotenvEntry *entry = g_ptr_array_index (entries, i);
      const ExpectedEntry *expected = &row->entries[i];

      g_assert_cmpstr (entry->name, ==, expected->name);
      g_assert_cmpstr (entry->value, ==, expected->value);
      g_assert_cmpuint (entry->line, ==, expected->line);
      g_assert_cmpint (entry->inherited, ==, expected->inherited);
    }
}

static void
test_parse_error (gconstpointer data)
{
  const ErrorCase *row = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint line = 0;

  g_test_message ("text: %s", row->text);

  entries = flt_dotenv_parse (row->text, -1, "test.env", FLT_DOTENV_FLAGS_NONE,
                              lookup_test_environment, NULL, &line, &error);
  g_assert_null (entries);
  g_assert_error (error, row->domain (), row->code);
  g_assert_cmpuint (line, ==, row->line);

  if (row->message != NULL)
    g_assert_cmpstr (error->message, ==, row->message);
  else
    {
      g_autofree char *prefix = g_strdup_printf ("test.env:%u: ", row->line);

      g_assert_true (g_str_has_prefix (error->message, prefix));
    }
}

static void
test_parse_no_file_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = flt_dotenv_parse ("A=1\nB='x", -1, NULL, FLT_DOTENV_FLAGS_NONE, NULL, NULL, NULL, &error);
  g_assert_null (entries);
  g_assert_error (error, FLT_DOTENV_ERROR, FLT_DOTENV_ERROR_UNTERMINATED_QUOTE);
  g_assert_true (g_str_has_prefix (error->message, "line 2: "));
}

static void
test_parse_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) binary = NULL;
  const char text[] = "A=1\nB=2\0C=3";
  const FltDotenvEntry *entry;

  /* Only the first @length bytes count */
  entries = flt_dotenv_parse (text, 5, "t.env", FLT_DOTENV_FLAGS_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (entry->name, ==, "B");
  g_assert_cmpstr (entry->value, ==, NULL);
  g_assert_true (entry->inherited);

  /* A NUL byte means this is not a text file */
  binary = flt_dotenv_parse (text, sizeof text - 1, "t.env", FLT_DOTENV_FLAGS_NONE,
                             NULL, NULL, NULL, &error);
  g_assert_null (binary);
  g_assert_error (error, FLT_DOTENV_ERROR, FLT_DOTENV_ERROR_BINARY);
}

static void
test_parse_file_first (void)
{
  const char *text = "OS=file\nA=${OS}\nOS\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) compose = NULL;
  g_autoptr(GPtrArray) file_first = NULL;
  const FltDotenvEntry *entry;

  compose = flt_dotenv_parse (text, -1, "t.env", FLT_DOTENV_FLAGS_NONE,
                              lookup_test_environment, NULL, NULL, &error);
  g_assert_no_error (error);
  entry = g_ptr_array_index (compose, 1);
  g_assert_cmpstr (entry->value, ==, "os");

  file_first = flt_dotenv_parse (text, -1, "t.env", FLT_DOTENV_FLAGS_FILE_FIRST,
                                 lookup_test_environment, NULL, NULL, &error);
  g_assert_no_error (error);
  entry = g_ptr_array_index (file_first, 1);
  g_assert_cmpstr (entry->value, ==, "file");

  /* "NAME" alone always asks the lookup function */
  entry = g_ptr_array_index (file_first, 2);
  g_assert_cmpstr (entry->value, ==, "os");
  g_assert_true (entry->inherited);
}

/* Environment */

static char *
write_temp_file (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("flt-test-XXXXXX.env", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_environment_basics (void)
{
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  g_autoptr(FltEnvironment) copy = NULL;
  g_auto(GStrv) names = NULL;
  FltVariableSource source = FLT_VARIABLE_FROM_DEFAULT;

  g_assert_null (flt_environment_lookup (env, "X", &source));
  g_assert_cmpint (source, ==, FLT_VARIABLE_UNSET);
  g_assert_cmpuint (flt_environment_get_size (env), ==, 0);

  flt_environment_set (env, "b", "2", FLT_VARIABLE_FROM_ENVIRONMENT);
  flt_environment_set (env, "A", "1", FLT_VARIABLE_FROM_DOTENV);
  flt_environment_set (env, "_", "", FLT_VARIABLE_FROM_ENVIRONMENT);
  flt_environment_set (env, "B", "3", FLT_VARIABLE_FROM_ENVIRONMENT);

  g_assert_cmpstr (flt_environment_lookup (env, "A", &source), ==, "1");
  g_assert_cmpint (source, ==, FLT_VARIABLE_FROM_DOTENV);
  g_assert_cmpstr (flt_environment_lookup (env, "_", NULL), ==, "");

  names = flt_environment_list_names (env);
  g_assert_cmpstrv (names, ((const char * const[]) { "A", "B", "_", "b", NULL }));

  copy = flt_environment_copy (env);
  flt_environment_set (env, "A", "changed", FLT_VARIABLE_FROM_ENVIRONMENT);
  flt_environment_unset (env, "B");
  flt_environment_set (env, "b", NULL, FLT_VARIABLE_FROM_ENVIRONMENT);

  g_assert_cmpuint (flt_environment_get_size (env), ==, 2);
  g_assert_null (flt_environment_lookup (env, "B", NULL));
  g_assert_null (flt_environment_lookup (env, "b", NULL));

  /* The copy did not follow */
  g_assert_cmpuint (flt_environment_get_size (copy), ==, 4);
  g_assert_cmpstr (flt_environment_lookup (copy, "A", &source), ==, "1");
  g_assert_cmpint (source, ==, FLT_VARIABLE_FROM_DOTENV);
  g_assert_cmpstr (flt_environment_lookup (copy, "B", NULL), ==, "3");

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&env));
}

static void
test_environment_from_process (void)
{
  g_autoptr(FltEnvironment) env = NULL;
  g_auto(GStrv) names = NULL;
  FltVariableSource source;

  g_setenv ("FLT_TEST_VARIABLE", "a=b", TRUE);
  env = flt_environment_new_from_process ();
  g_unsetenv ("FLT_TEST_VARIABLE");

  g_assert_cmpstr (flt_environment_lookup (env, "FLT_TEST_VARIABLE", &source), ==, "a=b");
  g_assert_cmpint (source, ==, FLT_VARIABLE_FROM_ENVIRONMENT);

  names = flt_environment_list_names (env);
  for (guint i = 1; names[i] != NULL; i++)
    g_assert_cmpint (strcmp (names[i - 1], names[i]), <, 0);
}

static void
test_environment_load_dotenv (void)
{
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  g_autoptr(FltEnvironment) overridden = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *notified_path = NULL;
  FltVariableSource source;

  path = write_temp_file ("# project settings\n"
                          "TAG=1.2\n"
                          "IMAGE=web:${TAG}\n"
                          "HOME_COPY=${OS_VAR}\n"
                          "OS_VAR=from-file\n"
                          "OS_VAR\n"
                          "MISSING\n");

  flt_environment_set (env, "OS_VAR", "from-os", FLT_VARIABLE_FROM_ENVIRONMENT);
  g_assert_null (flt_environment_get_dotenv_path (env));
  overridden = flt_environment_copy (env);

  g_assert_true (flt_environment_load_dotenv (env, path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (flt_environment_get_dotenv_path (env), ==, path);
  g_object_get (env, "dotenv-path", &notified_path, NULL);
  g_assert_cmpstr (notified_path, ==, path);

  g_assert_cmpstr (flt_environment_lookup (env, "TAG", &source), ==, "1.2");
  g_assert_cmpint (source, ==, FLT_VARIABLE_FROM_DOTENV);
  g_assert_cmpstr (flt_environment_lookup (env, "IMAGE", NULL), ==, "web:1.2");
  g_assert_cmpstr (flt_environment_lookup (env, "HOME_COPY", NULL), ==, "from-os");
  /* The environment wins over .env */
  g_assert_cmpstr (flt_environment_lookup (env, "OS_VAR", &source), ==, "from-os");
  g_assert_cmpint (source, ==, FLT_VARIABLE_FROM_ENVIRONMENT);
  g_assert_null (flt_environment_lookup (env, "MISSING", NULL));
  g_assert_cmpuint (flt_environment_get_size (env), ==, 4);

  /* With override, the file wins */
  g_assert_true (flt_environment_load_dotenv (overridden, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (flt_environment_lookup (overridden, "OS_VAR", &source), ==, "from-file");
  g_assert_cmpint (source, ==, FLT_VARIABLE_FROM_DOTENV);
  g_assert_cmpstr (flt_environment_lookup (overridden, "HOME_COPY", NULL), ==, "from-os");

  g_unlink (path);
}

static void
test_environment_load_errors (void)
{
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *expected_prefix = NULL;

  dir = g_dir_make_tmp ("flt-test-XXXXXX", &error);
  g_assert_no_error (error);
  missing = g_build_filename (dir, ".env", NULL);

  g_assert_false (flt_environment_load_dotenv (env, missing, FALSE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_null (flt_environment_get_dotenv_path (env));

  /* A parse error changes nothing */
  path = write_temp_file ("GOOD=1\nPASSWORD=${DB_PASSWORD:?set it in .env}\n");
  g_assert_false (flt_environment_load_dotenv (env, path, FALSE, &error));
  g_assert_error (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_REQUIRED);
  expected_prefix = g_strdup_printf ("%s:2: ", path);
  g_assert_true (g_str_has_prefix (error->message, expected_prefix));
  g_assert_nonnull (strstr (error->message, "required variable DB_PASSWORD is missing a value: set it in .env"));
  g_assert_cmpuint (flt_environment_get_size (env), ==, 0);
  g_assert_null (flt_environment_get_dotenv_path (env));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_environment_interpolate (void)
{
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autofree char *path = write_temp_file ("TAG=2.0\n");
  g_autofree char *result = NULL;
  const FltVariableRef *ref;

  flt_environment_set (env, "REGISTRY", "example.org", FLT_VARIABLE_FROM_ENVIRONMENT);
  g_assert_true (flt_environment_load_dotenv (env, path, FALSE, &error));
  g_assert_no_error (error);

  result = flt_interpolate ("${REGISTRY}/web:${TAG}-${FLAVOUR:-slim}", env, &refs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, "example.org/web:2.0-slim");
  g_assert_cmpuint (refs->len, ==, 3);
  ref = g_ptr_array_index (refs, 0);
  g_assert_cmpint (ref->source, ==, FLT_VARIABLE_FROM_ENVIRONMENT);
  ref = g_ptr_array_index (refs, 1);
  g_assert_cmpint (ref->source, ==, FLT_VARIABLE_FROM_DOTENV);
  ref = g_ptr_array_index (refs, 2);
  g_assert_cmpint (ref->source, ==, FLT_VARIABLE_FROM_DEFAULT);
  g_assert_cmpstr (ref->value, ==, "slim");

  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dotenv/parse/%03u", i);

      g_test_add_data_func (path, &parse_cases[i], test_parse);
    }

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dotenv/error/%03u", i);

      g_test_add_data_func (path, &error_cases[i], test_parse_error);
    }

  g_test_add_func ("/dotenv/no-file-name", test_parse_no_file_name);
  g_test_add_func ("/dotenv/length", test_parse_length);
  g_test_add_func ("/dotenv/file-first", test_parse_file_first);
  g_test_add_func ("/environment/basics", test_environment_basics);
  g_test_add_func ("/environment/from-process", test_environment_from_process);
  g_test_add_func ("/environment/load-dotenv", test_environment_load_dotenv);
  g_test_add_func ("/environment/load-errors", test_environment_load_errors);
  g_test_add_func ("/environment/interpolate", test_environment_interpolate);

  return g_test_run ();
}
