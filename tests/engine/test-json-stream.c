/* test-json-stream.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The event and progress lines are shaped like what Engine 20.10 sends on
 * /events, /build and /images/create (see shared/docs/engine-api.md).
 */

#include <locale.h>
#include <string.h>

#include "flt-json-stream.h"

/* Each value, serialised compactly, one per line */
static void
collect_value (JsonNode *value,
               gpointer  user_data)
{
  GString *out = user_data;
  g_autofree char *text = json_to_string (value, FALSE);

  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* Feeds @data in pieces ending at @cuts, then finishes; expects no error. */
static char *
split_pieces (const char  *data,
              gsize        length,
              const gsize *cuts,
              guint        n_cuts)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  GString *out = g_string_new (NULL);
  gsize start = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : length;
      g_autoptr(GError) error = NULL;

      g_assert_true (flt_json_stream_feed (stream, data + start, end - start,
                                           collect_value, out, &error));
      g_assert_no_error (error);
      start = end;
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_true (flt_json_stream_finish (stream, collect_value, out, &error));
    g_assert_no_error (error);
  }

  return g_string_free (out, FALSE);
}

static void
assert_split_invariant (const char *data,
                        const char *expected)
{
  gsize length = strlen (data);
  g_autofree char *whole = split_pieces (data, length, NULL, 0);
  g_autofree gsize *cuts = g_new (gsize, MAX (length, 1));

  g_assert_cmpstr (whole, ==, expected);

  for (gsize split = 0; split <= length; split++)
    {
      g_autofree char *values = split_pieces (data, length, &split, 1);

      g_assert_cmpstr (values, ==, expected);
    }

  for (gsize i = 1; i < length; i++)
    cuts[i - 1] = i;
  if (length > 1)
    {
      g_autofree char *values = split_pieces (data, length, cuts, length - 1);

      g_assert_cmpstr (values, ==, expected);
    }

  for (guint round = 0; round < 200 && length > 2; round++)
    {
      gsize two[2];
      g_autofree char *values = NULL;

      two[0] = g_test_rand_int_range (1, length);
      two[1] = g_test_rand_int_range (two[0], length);
      values = split_pieces (data, length, two, 2);
      g_assert_cmpstr (values, ==, expected);
    }
}

static void
test_lines (void)
{
  assert_split_invariant ("{\"a\":1}\n{\"b\":[1,2,{\"c\":null}]}\n",
                          "{\"a\":1}\n{\"b\":[1,2,{\"c\":null}]}\n");
}

static void
test_crlf (void)
{
  assert_split_invariant ("{\"a\":1}\r\n{\"b\":2}\r\n\r\n  \t{\"c\":3}\r\n",
                          "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
}

static void
test_concatenated (void)
{
  assert_split_invariant ("{\"a\":1}{\"b\":2}[3,4]{}[]{\"c\":{}}[[]]",
                          "{\"a\":1}\n{\"b\":2}\n[3,4]\n{}\n[]\n{\"c\":{}}\n[[]]\n");
}

/* Strings that would fool a scanner counting brackets naively */
static void
test_tricky_strings (void)
{
  assert_split_invariant ("{\"s\":\"{not a brace\"}"
                          "{\"s\":\"}]\"}\n"
                          "{\"s\":\"say \\\"hi\\\" {\"}"
                          "{\"s\":\"c:\\\\\"}"
                          "{\"s\":\"\\\\\\\"}\"}"
                          "{\"s\":\"\\u007b\\u0022\"}"
                          "{\"{\":\"[\",\"]\":\"}\"}"
                          "{\"s\":\"caf\xC3\xA9 \xE2\x9C\x93\"}\n",
                          "{\"s\":\"{not a brace\"}\n"
                          "{\"s\":\"}]\"}\n"
                          "{\"s\":\"say \\\"hi\\\" {\"}\n"
                          "{\"s\":\"c:\\\\\"}\n"
                          "{\"s\":\"\\\\\\\"}\"}\n"
                          "{\"s\":\"{\\\"\"}\n"
                          "{\"{\":\"[\",\"]\":\"}\"}\n"
                          "{\"s\":\"caf\xC3\xA9 \xE2\x9C\x93\"}\n");
}

/* Top-level scalars: a string ends at its quote, the rest at whitespace
 * or at the start of another value.
 */
static void
test_scalars (void)
{
  assert_split_invariant ("42 true\nnull\r\n\"str {\" -1.5e3{\"a\":1}7[8]\"x\"\"y\"9",
                          "42\ntrue\nnull\n\"str {\"\n-1500.0\n{\"a\":1}\n7\n[8]\n\"x\"\n\"y\"\n9\n");
}

static void
test_empty (void)
{
  assert_split_invariant ("", "");
  assert_split_invariant (" \r\n\t\n", "");
}

/* The Engine's own messages */
static void
test_engine_messages (void)
{
  assert_split_invariant (
    "{\"status\":\"start\",\"id\":\"0f3c\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"start\","
    "\"Actor\":{\"ID\":\"0f3c\",\"Attributes\":{\"com.docker.compose.project\":\"demo\",\"name\":\"demo-web-1\"}},"
    "\"scope\":\"local\",\"time\":1795871248,\"timeNano\":1795871248134801231}\n"
    "{\"Type\":\"container\",\"Action\":\"health_status: healthy\",\"Actor\":{\"ID\":\"0f3c\",\"Attributes\":{}}}\n"
    "{\"stream\":\"Step 1/2 : FROM busybox\\n\"}\r\n"
    "{\"stream\":\" ---\\u003e 2dad83c1aeb1\\n\"}\r\n"
    "{\"aux\":{\"ID\":\"sha256:2dad83c1aeb1\"}}\r\n"
    "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1024,\"total\":2048},"
    "\"progress\":\"[=====\\u003e     ]\",\"id\":\"a1b2\"}\r\n"
    "{\"errorDetail\":{\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\r\n",
    "{\"status\":\"start\",\"id\":\"0f3c\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"start\","
    "\"Actor\":{\"ID\":\"0f3c\",\"Attributes\":{\"com.docker.compose.project\":\"demo\",\"name\":\"demo-web-1\"}},"
    "\"scope\":\"local\",\"time\":1795871248,\"timeNano\":1795871248134801231}\n"
    "{\"Type\":\"container\",\"Action\":\"health_status: healthy\",\"Actor\":{\"ID\":\"0f3c\",\"Attributes\":{}}}\n"
    "{\"stream\":\"Step 1/2 : FROM busybox\\n\"}\n"
    "{\"stream\":\" ---> 2dad83c1aeb1\\n\"}\n"
    "{\"aux\":{\"ID\":\"sha256:2dad83c1aeb1\"}}\n"
    "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1024,\"total\":2048},"
    "\"progress\":\"[=====>     ]\",\"id\":\"a1b2\"}\n"
    "{\"errorDetail\":{\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\n");
}

/* Errors -------------------------------------------------------------- */

static gboolean
feed_str (FltJsonStream  *stream,
          const char     *text,
          GString        *out,
          GError        **error)
{
  return flt_json_stream_feed (stream, text, strlen (text), collect_value, out, error);
}

typedef struct
{
  const char *name;
  const char *input;
  const char *values;      /* what still comes through */
  const char *in_message;  /* part of the error message */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "missing-value", "{\"a\":}\n{\"b\":1}\n", "{\"b\":1}\n", "“{\"a\":}”" },
  { "trailing-comma", "{\"b\":1}\n[1,2,]\n{\"c\":2}", "{\"b\":1}\n{\"c\":2}\n", "“[1,2,]”" },
  { "bad-literal", "{\"a\":tru}{\"b\":1}", "{\"b\":1}\n", "“{\"a\":tru}”" },
  { "garbage-before", "garbage{\"a\":1}\n", "{\"a\":1}\n", "“garbage”" },
  { "garbage-line", "Error: not JSON at all\n{\"a\":1}\n", "{\"a\":1}\n", "“Error:”" },
  { "stray-close", "}{\"a\":1}", "{\"a\":1}\n", "“}”" },
  /* A bracket that does not match ends the broken value there */
  { "mismatched", "{\"a\":[1,2}\n{\"b\":1}\n", "{\"b\":1}\n", "“{\"a\":[1,2}”" },
  { "mismatched-deep", "[{]{\"b\":1}", "{\"b\":1}\n", "“[{]”" },
  { "invalid-utf8", "{\"a\":\"\xFF\xFE\"}\n{\"b\":1}\n", "{\"b\":1}\n", "{\"a\":" },
  { "two-bad", "{\"x\":}\n{\"ok\":1}\n{\"y\":}\n", "{\"ok\":1}\n", "“{\"x\":}”" },
};

static void
test_invalid (gconstpointer data)
{
  const InvalidCase *row = data;
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (feed_str (stream, row->input, out, &error));
  if (error == NULL)
    g_assert_true (flt_json_stream_finish (stream, collect_value, out, &error));
  g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, row->in_message));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (out->str, ==, row->values);

  /* The stream goes on */
  g_clear_error (&error);
  g_string_truncate (out, 0);
  g_assert_true (feed_str (stream, "{\"next\":true}\n", out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, "{\"next\":true}\n");
}

/* The error comes from the feed that completes the bad value */
static void
test_invalid_split (void)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (feed_str (stream, "{\"a\":1}\n{\"bad\":", out, &error));
  g_assert_true (feed_str (stream, " nope", out, &error));
  g_assert_no_error (error);
  g_assert_false (feed_str (stream, "}\n{\"c\"", out, &error));
  g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "{\"bad\": nope}"));
  g_clear_error (&error);
  g_assert_true (feed_str (stream, ":3}", out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, "{\"a\":1}\n{\"c\":3}\n");
}

/* A long bad value is shown briefly, on one line */
static void
test_invalid_snippet (void)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) bad = g_string_new ("{\"key\":\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (bad, "\"é\",");
  g_string_append (bad, "}\n");

  g_assert_false (feed_str (stream, bad->str, out, &error));
  g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "“{\"key\": \"é\",\"é\","));
  g_assert_nonnull (strstr (error->message, "…”"));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (strlen (error->message), <, 400);
}

static void
test_truncated (void)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (feed_str (stream, "{\"a\":1}\n{\"b\":[1,", out, &error));
  g_assert_false (flt_json_stream_finish (stream, collect_value, out, &error));
  g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "{\"b\":[1,"));
  g_assert_cmpstr (out->str, ==, "{\"a\":1}\n");

  /* An open string too */
  g_clear_error (&error);
  g_assert_true (feed_str (stream, "\"open", out, &error));
  g_assert_false (flt_json_stream_finish (stream, collect_value, out, &error));
  g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_TRUNCATED);

  /* Then a new stream */
  g_clear_error (&error);
  g_assert_true (feed_str (stream, "[1]", out, &error));
  g_assert_true (flt_json_stream_finish (stream, collect_value, out, &error));
  g_assert_true (flt_json_stream_finish (stream, collect_value, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, "{\"a\":1}\n[1]\n");

  /* A number at the very end comes with finish(), or is bad */
  g_assert_true (feed_str (stream, "12", out, &error));
  g_assert_true (feed_str (stream, "34", out, &error));
  g_assert_cmpstr (out->str, ==, "{\"a\":1}\n[1]\n");
  g_assert_true (flt_json_stream_finish (stream, collect_value, out, &error));
  g_assert_cmpstr (out->str, ==, "{\"a\":1}\n[1]\n1234\n");
  g_assert_true (feed_str (stream, "nul", out, &error));
  g_assert_false (flt_json_stream_finish (stream, collect_value, out, &error));
  g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID);
}

/* json-glib's parser would overflow the stack on 100,000 levels: a value
 * nested deeper than 512 is skipped, and what follows it still comes. */
static void
test_too_deep (void)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":[");
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "]}");
  g_string_append (deep, "\n[[1]]\n");

  g_assert_false (flt_json_stream_feed (stream, deep->str, deep->len, collect_value, out, &error));
  g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deeper than 512"));
  g_assert_true (g_str_has_suffix (error->message, "…”)"));
  g_assert_true (flt_json_stream_finish (stream, collect_value, out, NULL));
  g_assert_cmpstr (out->str, ==, "[[1]]\n");

  /* 512 levels are fine. */
  g_string_truncate (deep, 0);
  g_string_truncate (out, 0);
  g_clear_error (&error);
  for (guint i = 0; i < 512; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 512; i++)
    g_string_append_c (deep, ']');
  g_assert_true (flt_json_stream_feed (stream, deep->str, deep->len, collect_value, out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 1024 + 1);
}

/* json-glib 1.6 leaks memory on a high surrogate escape followed by a
 * \u escape that is not a low one: such values never reach it. */
static void
test_bad_surrogate_pair (void)
{
  /* Each with the words its message must have: json-glib leaks what it
   * was reading on a \u escape without four hex digits, wherever it is. */
  static const struct { const char *text, *words; } bad[] = {
    { "[\"\\ud83d\\u0041\"]", "surrogate" },
    { "{\"k\":\"\\ud83d\\ud83d\"}", "surrogate" },
    { "\"\\uD83D\\uZZZZ\"", "four hex digits" },
    { "[\"\\ud83d\\u00\"]", "four hex digits" },
    { "{\"Status\":\"\\ud83t\"}", "four hex digits" },
    { "[\"\\u00e9\\udud83\"]", "four hex digits" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strconcat (bad[i].text, "\n[\"\\ud83d\\ude00\"]\n", NULL);
      gsize length = strlen (text);

      /* Cut anywhere, the same. */
      for (gsize cut = 0; cut <= length; cut++)
        {
          g_autoptr(GError) second = NULL;

          g_string_truncate (out, 0);
          g_clear_error (&error);
          flt_json_stream_feed (stream, text, cut, collect_value, out, &error);
          flt_json_stream_feed (stream, text + cut, length - cut, collect_value, out, &second);
          if (error == NULL)
            error = g_steal_pointer (&second);
          g_assert_no_error (second);
          g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, bad[i].words));
          g_assert_cmpstr (out->str, ==, "[\"\xf0\x9f\x98\x80\"]\n");
          g_assert_true (flt_json_stream_finish (stream, collect_value, out, NULL));
        }
    }
}

/* The size cap ------------------------------------------------------- */

static void
test_cap_small (void)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) big = g_string_new ("{\"big\":\"");
  g_autoptr(GError) error = NULL;

  flt_json_stream_set_max_value_size (stream, 100);

  /* Exactly at the cap is fine */
  {
    g_autoptr(GString) fits = g_string_new ("{\"s\":\"");

    while (fits->len < 98)
      g_string_append_c (fits, 'x');
    g_string_append (fits, "\"}");
    g_assert_cmpuint (fits->len, ==, 100);
    g_assert_true (feed_str (stream, fits->str, out, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (out->len, ==, 101);
    g_string_truncate (out, 0);
  }

  /* One byte more is not; braces and quotes inside the skipped value are
   * still followed, so the next value is found.
   */
  for (guint i = 0; i < 30; i++)
    g_string_append (big, "{[\\\"");
  g_string_append (big, "\",\"more\":[{}]}\n{\"after\":1}\n");

  g_assert_false (feed_str (stream, big->str, out, &error));
  g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "100 bytes"));
  g_assert_nonnull (strstr (error->message, "{\"big\":"));
  g_assert_cmpstr (out->str, ==, "{\"after\":1}\n");
}

/* A value above the default cap, fed the way a socket gives it: the error
 * comes as soon as the cap is crossed, once, and the stream goes on.
 */
static void
test_cap_default (void)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *chunk = g_malloc (1024 * 1024);
  g_autoptr(GError) error = NULL;
  guint n_errors = 0;
  guint error_at = 0;

  memset (chunk, 'z', 1024 * 1024);

  g_assert_true (feed_str (stream, "{\"small\":1}\n{\"huge\":\"", out, &error));
  for (guint i = 1; i <= 20; i++)
    {
      if (!flt_json_stream_feed (stream, chunk, 1024 * 1024, collect_value, out, &error))
        {
          g_assert_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_TOO_LARGE);
          g_clear_error (&error);
          n_errors++;
          error_at = i;
        }
    }
  g_assert_true (feed_str (stream, "\"}\n{\"next\":2}\n", out, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (n_errors, ==, 1);
  g_assert_cmpuint (error_at, ==, 16);
  g_assert_cmpstr (out->str, ==, "{\"small\":1}\n{\"next\":2}\n");

  /* An over-large value cut short by the end is not reported twice */
  g_assert_true (feed_str (stream, "[\"", out, &error));
  for (guint i = 0; i < 17; i++)
    flt_json_stream_feed (stream, chunk, 1024 * 1024, collect_value, out, NULL);
  g_assert_true (flt_json_stream_finish (stream, collect_value, out, &error));
  g_assert_no_error (error);
}

/* Ownership ---------------------------------------------------------- */

static void
keep_value (JsonNode *value,
            gpointer  user_data)
{
  GPtrArray *kept = user_data;

  g_ptr_array_add (kept, json_node_ref (value));
}

static void
test_keep_values (void)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *text = "{\"Action\":\"start\"}{\"Action\":\"die\",\"exitCode\":\"1\"}";

  g_assert_true (flt_json_stream_feed (stream, text, strlen (text), keep_value, kept, &error));
  g_assert_true (flt_json_stream_feed (stream, "[1]", 3, keep_value, kept, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stream, flt_json_stream_free);

  g_assert_cmpuint (kept->len, ==, 3);
  object = json_node_get_object (g_ptr_array_index (kept, 0));
  g_assert_cmpstr (json_object_get_string_member (object, "Action"), ==, "start");
  object = json_node_get_object (g_ptr_array_index (kept, 1));
  g_assert_cmpstr (json_object_get_string_member (object, "Action"), ==, "die");
  g_assert_cmpstr (json_object_get_string_member (object, "exitCode"), ==, "1");
  g_assert_cmpint (json_node_get_node_type (g_ptr_array_index (kept, 2)), ==, JSON_NODE_ARRAY);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-stream/lines", test_lines);
  g_test_add_func ("/json-stream/crlf", test_crlf);
  g_test_add_func ("/json-stream/concatenated", test_concatenated);
  g_test_add_func ("/json-stream/tricky-strings", test_tricky_strings);
  g_test_add_func ("/json-stream/scalars", test_scalars);
  g_test_add_func ("/json-stream/empty", test_empty);
  g_test_add_func ("/json-stream/engine-messages", test_engine_messages);

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json-stream/invalid/%s", invalid_cases[i].name);

      g_test_add_data_func (path, &invalid_cases[i], test_invalid);
    }

  g_test_add_func ("/json-stream/invalid-split", test_invalid_split);
  g_test_add_func ("/json-stream/invalid-snippet", test_invalid_snippet);
  g_test_add_func ("/json-stream/truncated", test_truncated);
  g_test_add_func ("/json-stream/too-deep", test_too_deep);
  g_test_add_func ("/json-stream/bad-surrogate-pair", test_bad_surrogate_pair);
  g_test_add_func ("/json-stream/cap-small", test_cap_small);
  g_test_add_func ("/json-stream/cap-default", test_cap_default);
  g_test_add_func ("/json-stream/keep-values", test_keep_values);

  return g_test_run ();
}
