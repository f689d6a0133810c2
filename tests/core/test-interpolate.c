/* test-interpolate.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every expected result below was checked with `docker compose config`
 * 2.26 and the environment A=aa, B= (set but empty), U and U2 unset.
 */

#include <locale.h>
#include <string.h>

#include "flt-interpolate.h"

typedef struct
{
  const char *input;
  const char *expected;
} ResultCase;

static const ResultCase result_cases[] = {
  { "", "" },
  { "plain text", "plain text" },
  /* Plain and braced names */
  { "$A", "aa" },
  { "${A}", "aa" },
  { "$A.b", "aa.b" },
  { "$A$A", "aaaa" },
  { "${A}${A}", "aaaa" },
  { "a${A}b${U:-c}d", "aaabcd" },
  { "${A}-${U-def}", "aa-def" },
  { "x\n$A\ny", "x\naa\ny" },
  { "${A}\n${B:-z}", "aa\nz" },
  { "$U", "" },
  { "${U}", "" },
  { "${_a1}", "" },
  { "$A_1", "" },
  { "${a}", "" },
  /* Escapes and lone dollars */
  { "$$", "$" },
  { "$$A", "$A" },
  { "$$$A", "$aa" },
  { "$${A}", "${A}" },
  { "$${", "${" },
  { "$", "$" },
  { "a$", "a$" },
  { "$A$", "aa$" },
  { "a$ b", "a$ b" },
  { "$-", "$-" },
  { "$1", "$1" },
  { "$1A", "$1A" },
  { "$}", "$}" },
  { "$é", "$é" },
  { "${A}}", "aa}" },
  /* Defaults */
  { "${A:-x}", "aa" },
  { "${A-x}", "aa" },
  { "${B:-x}", "x" },
  { "${B-x}", "" },
  { "${U:-x}", "x" },
  { "${U-x}", "x" },
  { "${U-}", "" },
  { "${A:-}", "aa" },
  { "${A-b-c}", "aa" },
  { "${A:--}", "aa" },
  { "${A:-:-}", "aa" },
  { "a${U-x:-y}b", "ax:-yb" },
  { "${U-x?}", "x?" },
  /* Replacements */
  { "${A:+r}", "r" },
  { "${B:+r}", "" },
  { "${U:+r}", "" },
  { "${A+r}", "r" },
  { "${B+r}", "r" },
  { "${U+r}", "" },
  { "${U:+}", "" },
  { "${U+}", "" },
  /* Required variables that are there */
  { "${A:?msg}", "aa" },
  { "${A:?}", "aa" },
  { "${A?}", "aa" },
  { "${B?msg}", "" },
  { "${A:?${U:-m}}", "aa" },
  /* Nesting */
  { "${A:-${B:-x}}", "aa" },
  { "${U:-${U2:-x}}", "x" },
  { "${U:-$A}", "aa" },
  { "${U:-${A}}", "aa" },
  { "${U:-${A}x}y", "aaxy" },
  { "${A:-${U}}", "aa" },
  { "${U:-${A:-${B}}}", "aa" },
  { "${U:-${A:+p}q}", "pq" },
  { "${A:+${U:-q}}", "q" },
  { "${U:+${A}${A}}", "" },
  { "${U:-x${A:-y}}}z}", "xaa}z}" },
  /* Arguments holding "$", "{" and "}" */
  { "${U:-$$}", "$" },
  { "${U:-$}", "$" },
  { "${U:-$1}", "$1" },
  { "${U:-}}", "}" },
  { "${U:-x}}}", "x}}" },
  { "${U:-a}b}", "ab}" },
  { "${A:-x}}", "aa}" },
  { "${U:-{}", "{" },
  { "${A:-{}", "aa" },
  { "${U+{}", "" },
  { "${U:-{b}c}", "{b}c" },
  { "${U:-{b}c}d}", "{b}cd}" },
  { "${U:-{$A}", "{aa" },
  { "${U:-\\}}", "\\}" },
  { "${U:-a}${B:-x}", "ax" },
  /* Compose's brace counter skips the character after each "{" */
  { "${U:-{}}x}", "{}}x" },
  /* Go's case folding: KELVIN SIGN and LONG S are name characters */
  { "$\xE2\x84\xAA", "" },
  { "${\xC5\xBF:-d}", "d" },
};

typedef struct
{
  const char           *input;
  FltInterpolateError   code;
  gsize                 offset;
  const char           *message;   /* for required variables */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "${", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${ A}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${A", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${A }", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${A:x}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${A:}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${A!}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${A.b}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${1}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${U:-a", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "x${", FLT_INTERPOLATE_ERROR_SYNTAX, 1, NULL },
  { "${U:-a}b${c", FLT_INTERPOLATE_ERROR_SYNTAX, 8, NULL },
  { "${U:-x}${A", FLT_INTERPOLATE_ERROR_SYNTAX, 7, NULL },
  /* An argument cannot span lines */
  { "${U:-a\nb}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  { "${U:-a} ${B:-x\n}", FLT_INTERPOLATE_ERROR_SYNTAX, 8, NULL },
  { "${U:?a\nb}x}", FLT_INTERPOLATE_ERROR_SYNTAX, 0, NULL },
  /* Nested errors point at the inner reference, even in unused defaults */
  { "${U:-${}}", FLT_INTERPOLATE_ERROR_SYNTAX, 5, NULL },
  { "${A:-${}}", FLT_INTERPOLATE_ERROR_SYNTAX, 5, NULL },
  { "${U:-${}", FLT_INTERPOLATE_ERROR_SYNTAX, 5, NULL },
  /* Required variables */
  { "${B:?msg}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable B is missing a value: msg" },
  { "${U?msg}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable U is missing a value: msg" },
  { "${U:?}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable U is missing a value" },
  { "${U?}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable U is missing a value" },
  { "${B:?}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable B is missing a value" },
  { "${U:?a b}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable U is missing a value: a b" },
  { "${U:?${A}}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable U is missing a value: aa" },
  { "${U:?${U2:-m}}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable U is missing a value: m" },
  { "${U:?$}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable U is missing a value: $" },
  { "${U?x-}", FLT_INTERPOLATE_ERROR_REQUIRED, 0,
    "required variable U is missing a value: x-" },
  { "x${U:?m}", FLT_INTERPOLATE_ERROR_REQUIRED, 1,
    "required variable U is missing a value: m" },
  { "${A:?}x${B:?m}", FLT_INTERPOLATE_ERROR_REQUIRED, 7,
    "required variable B is missing a value: m" },
  { "${U:-${B:?inner}}", FLT_INTERPOLATE_ERROR_REQUIRED, 5,
    "required variable B is missing a value: inner" },
  { "${A:+${U:?inner}}", FLT_INTERPOLATE_ERROR_REQUIRED, 5,
    "required variable U is missing a value: inner" },
  { "${U:+${U2:?z}}", FLT_INTERPOLATE_ERROR_REQUIRED, 5,
    "required variable U2 is missing a value: z" },
  { "${B-${U:?m}}", FLT_INTERPOLATE_ERROR_REQUIRED, 4,
    "required variable U is missing a value: m" },
  { "db: ${DB_PASSWORD:?set it in .env}", FLT_INTERPOLATE_ERROR_REQUIRED, 4,
    "required variable DB_PASSWORD is missing a value: set it in .env" },
};

static FltEnvironment *
create_environment (void)
{
  FltEnvironment *env = flt_environment_new ();

  flt_environment_set (env, "A", "aa", FLT_VARIABLE_FROM_ENVIRONMENT);
  flt_environment_set (env, "B", "", FLT_VARIABLE_FROM_ENVIRONMENT);
  flt_environment_set (env, "D", "dd", FLT_VARIABLE_FROM_DOTENV);

  return env;
}

static void
test_result (gconstpointer data)
{
  const ResultCase *row = data;
  g_autoptr(FltEnvironment) env = create_environment ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autofree char *result = NULL;
  gsize offset = 12345;

  g_test_message ("input: %s", row->input);
  result = flt_interpolate (row->input, env, &refs, &offset, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, row->expected);
  g_assert_nonnull (refs);
  g_assert_cmpuint (offset, ==, 12345);

  /* Nothing to interpolate means nothing changes */
  if (!flt_interpolate_has_references (row->input))
    {
      g_assert_cmpstr (result, ==, row->input);
      g_assert_cmpuint (refs->len, ==, 0);
    }

  for (guint i = 0; i < refs->len; i++)
    {
      const FltVariableRef *ref = g_ptr_array_index (refs, i);

      g_assert_cmpuint (ref->offset + ref->length, <=, strlen (row->input));
      g_assert_cmpint (row->input[ref->offset], ==, '$');
      g_assert_true ((ref->value == NULL) == (ref->source == FLT_VARIABLE_UNSET));
    }
}

static void
test_error (gconstpointer data)
{
  const ErrorCase *row = data;
  g_autoptr(FltEnvironment) env = create_environment ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autofree char *result = NULL;
  gsize offset = 12345;

  g_test_message ("input: %s", row->input);
  result = flt_interpolate (row->input, env, &refs, &offset, &error);
  g_assert_null (result);
  g_assert_null (refs);
  g_assert_error (error, FLT_INTERPOLATE_ERROR, (gint) row->code);
  g_assert_cmpuint (offset, ==, row->offset);
  g_assert_cmpint (row->input[offset], ==, '$');
  g_assert_true (flt_interpolate_has_references (row->input));

  if (row->message != NULL)
    g_assert_cmpstr (error->message, ==, row->message);
  else
    g_assert_nonnull (strstr (error->message, "$$"));
}

typedef struct
{
  const char        *name;
  const char        *value;
  FltVariableSource  source;
  gsize              offset;
  gsize              length;
} ExpectedRef;

static void
assert_refs (const char        *input,
             const char        *expected_result,
             const ExpectedRef *expected,
             guint              n_expected)
{
  g_autoptr(FltEnvironment) env = create_environment ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autofree char *result = NULL;

  result = flt_interpolate (input, env, &refs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, expected_result);
  g_assert_cmpuint (refs->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      const FltVariableRef *ref = g_ptr_array_index (refs, i);

      g_test_message ("ref %u: %s", i, ref->name);
      g_assert_cmpstr (ref->name, ==, expected[i].name);
      g_assert_cmpstr (ref->value, ==, expected[i].value);
      g_assert_cmpint (ref->source, ==, expected[i].source);
      g_assert_cmpuint (ref->offset, ==, expected[i].offset);
      g_assert_cmpuint (ref->length, ==, expected[i].length);
    }
}

static void
test_refs_sources (void)
{
  /*                     0         1         2         3         4
   *                     0123456789012345678901234567890123456789012345 */
  const char *input = "$A ${U} ${B:-def} ${A:+r} ${U:+r} $$ ${D}";
  const ExpectedRef expected[] = {
    { "A", "aa", FLT_VARIABLE_FROM_ENVIRONMENT, 0, 2 },
    { "U", NULL, FLT_VARIABLE_UNSET, 3, 4 },
    { "B", "def", FLT_VARIABLE_FROM_DEFAULT, 8, 9 },
    { "A", "aa", FLT_VARIABLE_FROM_ENVIRONMENT, 18, 7 },
    { "U", "", FLT_VARIABLE_FROM_DEFAULT, 26, 7 },
    { "D", "dd", FLT_VARIABLE_FROM_DOTENV, 37, 4 },
  };

  assert_refs (input, "aa  def r  $ dd", expected, G_N_ELEMENTS (expected));
}

static void
test_refs_nested (void)
{
  const ExpectedRef nested[] = {
    { "U", "aa", FLT_VARIABLE_FROM_DEFAULT, 0, 10 },
    { "A", "aa", FLT_VARIABLE_FROM_ENVIRONMENT, 5, 4 },
  };
  /* The unused default is evaluated too, and Compose warns about U */
  const ExpectedRef unused[] = {
    { "A", "aa", FLT_VARIABLE_FROM_ENVIRONMENT, 0, 10 },
    { "U", NULL, FLT_VARIABLE_UNSET, 5, 4 },
  };
  const ExpectedRef deep[] = {
    { "U", "x", FLT_VARIABLE_FROM_DEFAULT, 0, 14 },
    { "U2", "x", FLT_VARIABLE_FROM_DEFAULT, 5, 8 },
  };
  /* The cut reference is "${U:-a}"; "b}" is interpolated apart */
  const ExpectedRef cut[] = {
    { "U", "a", FLT_VARIABLE_FROM_DEFAULT, 0, 7 },
  };
  const ExpectedRef required[] = {
    { "A", "aa", FLT_VARIABLE_FROM_ENVIRONMENT, 0, 11 },
    { "B", "", FLT_VARIABLE_FROM_ENVIRONMENT, 5, 4 },
  };

  assert_refs ("${U:-${A}}", "aa", nested, G_N_ELEMENTS (nested));
  assert_refs ("${A:-${U}}", "aa", unused, G_N_ELEMENTS (unused));
  assert_refs ("${U:-${U2:-x}}", "x", deep, G_N_ELEMENTS (deep));
  assert_refs ("${U:-a}b}", "ab}", cut, G_N_ELEMENTS (cut));
  assert_refs ("${A:?${B}x}", "aa", required, G_N_ELEMENTS (required));
}

static void
test_no_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autofree char *result = NULL;
  g_autofree char *result2 = NULL;
  FltVariableRef *ref;

  result = flt_interpolate ("[$A|${B:-x}]", NULL, &refs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, "[|x]");
  g_assert_cmpuint (refs->len, ==, 2);
  ref = g_ptr_array_index (refs, 0);
  g_assert_cmpint (ref->source, ==, FLT_VARIABLE_UNSET);
  g_assert_null (ref->value);

  result2 = flt_interpolate ("${A:?needed}", NULL, NULL, NULL, &error);
  g_assert_null (result2);
  g_assert_error (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_REQUIRED);
}

static const char *
lookup_upper (const char        *name,
              FltVariableSource *source,
              gpointer           user_data)
{
  guint *calls = user_data;

  (*calls)++;
  if (g_str_has_prefix (name, "NO"))
    return NULL;

  *source = FLT_VARIABLE_FROM_DOTENV;
  return g_intern_string (name);
}

static void
test_with_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autofree char *result = NULL;
  guint calls = 0;
  FltVariableRef *ref;

  result = flt_interpolate_with_lookup ("$X-${NOPE:-d}-${Y}", lookup_upper, &calls,
                                        &refs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, "X-d-Y");
  g_assert_cmpuint (calls, ==, 3);
  g_assert_cmpuint (refs->len, ==, 3);
  ref = g_ptr_array_index (refs, 2);
  g_assert_cmpstr (ref->name, ==, "Y");
  g_assert_cmpint (ref->source, ==, FLT_VARIABLE_FROM_DOTENV);
}

typedef struct
{
  const char *input;
  gboolean    expected;
} HasReferencesCase;

static const HasReferencesCase has_references_cases[] = {
  { "", FALSE },
  { "no dollar", FALSE },
  { "$", FALSE },
  { "a$ b", FALSE },
  { "$1 $- $}", FALSE },
  { "price: 5$", FALSE },
  { "$A", TRUE },
  { "x$_", TRUE },
  { "$$", TRUE },
  { "${", TRUE },
  { "${A}", TRUE },
  { "$ $ $B", TRUE },
  { "$\xE2\x84\xAA", TRUE },
};

static void
test_has_references (void)
{
  g_assert_false (flt_interpolate_has_references (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (has_references_cases); i++)
    {
      const HasReferencesCase *row = &has_references_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *result = NULL;

      g_test_message ("input: %s", row->input);
      g_assert_cmpint (flt_interpolate_has_references (row->input), ==, row->expected);

      /* Without references, interpolation is the identity */
      if (!row->expected)
        {
          result = flt_interpolate (row->input, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (result, ==, row->input);
        }
    }
}

static void
test_syntax_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  result = flt_interpolate ("image: ${ IMAGE}\nnext line", NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_SYNTAX);
  /* Quotes the reference up to the end of its line */
  g_assert_nonnull (strstr (error->message, "“${ IMAGE}”"));
  g_assert_null (strstr (error->message, "next line"));
}

static void
test_nesting_limit (void)
{
  g_autoptr(FltEnvironment) env = create_environment ();
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) deeper = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autofree char *result2 = NULL;
  gsize offset = 0;

  for (guint i = 0; i < 150; i++)
    g_string_append (deep, "${U:-");
  g_string_append (deep, "x");
  for (guint i = 0; i < 150; i++)
    g_string_append (deep, "}");

  result = flt_interpolate (deep->str, env, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, "x");

  /* Past 200 levels it is an error, at the reference that goes too deep */
  for (guint i = 0; i < 1000; i++)
    g_string_append (deeper, "${U:-");
  for (guint i = 0; i < 1000; i++)
    g_string_append (deeper, "}");

  result2 = flt_interpolate (deeper->str, env, NULL, &offset, &error);
  g_assert_null (result2);
  g_assert_error (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_SYNTAX);
  g_assert_cmpuint (offset, ==, 200 * strlen ("${U:-"));
}

static void
test_many_references (void)
{
  g_autoptr(FltEnvironment) env = create_environment ();
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  /* One long line: references after a cut must not pile up on the stack */
  for (guint i = 0; i < 100000; i++)
    g_string_append (line, "${A:-x}");

  result = flt_interpolate (line->str, env, &refs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (result), ==, 200000);
  g_assert_cmpuint (refs->len, ==, 100000);
  g_assert_cmpuint (((FltVariableRef *) g_ptr_array_index (refs, 99999))->offset, ==, 699993);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (result_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/interpolate/result/%03u", i);

      g_test_add_data_func (path, &result_cases[i], test_result);
    }

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/interpolate/error/%03u", i);

      g_test_add_data_func (path, &error_cases[i], test_error);
    }

  g_test_add_func ("/interpolate/refs/sources", test_refs_sources);
  g_test_add_func ("/interpolate/refs/nested", test_refs_nested);
  g_test_add_func ("/interpolate/no-environment", test_no_environment);
  g_test_add_func ("/interpolate/with-lookup", test_with_lookup);
  g_test_add_func ("/interpolate/has-references", test_has_references);
  g_test_add_func ("/interpolate/syntax-message", test_syntax_message);
  g_test_add_func ("/interpolate/nesting-limit", test_nesting_limit);
  g_test_add_func ("/interpolate/many-references", test_many_references);

  return g_test_run ();
}
