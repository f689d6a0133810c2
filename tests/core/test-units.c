/* test-units.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The expected values were checked with `docker compose config` 2.26, as
 * stop_grace_period and healthcheck.interval for durations and as mem_limit
 * and shm_size for sizes.
 */

#include <locale.h>
#include <string.h>

#include "flt-units.h"

#define SECOND G_GINT64_CONSTANT (1000000000)

typedef struct
{
  const char *text;
  gint64      nanoseconds;
  const char *formatted;   /* what Compose writes back */
} DurationCase;

static const DurationCase duration_cases[] = {
  { "0", 0, "0s" },
  { "-0", 0, "0s" },
  { "+0", 0, "0s" },
  { "0s", 0, "0s" },
  { "3ns", 3, "3ns" },
  { "2us", 2000, "2µs" },
  { "2µs", 2000, "2µs" },             /* U+00B5 MICRO SIGN */
  { "2\xCE\xBCs", 2000, "2µs" },      /* U+03BC GREEK SMALL LETTER MU */
  { "1500ns", 1500, "1.5µs" },
  { "500ms", 500000000, "500ms" },
  { "1500ms", 1500000000, "1.5s" },
  { "10s", 10 * SECOND, "10s" },
  { "1.5s", 1500000000, "1.5s" },
  { ".5s", 500000000, "500ms" },
  { "5.s", 5 * SECOND, "5s" },
  { "1.s", SECOND, "1s" },
  { "+5s", 5 * SECOND, "5s" },
  { "-1s", -SECOND, "-1s" },
  { "90s", 90 * SECOND, "1m30s" },
  { "1m0s", 60 * SECOND, "1m0s" },
  { "1m30s", 90 * SECOND, "1m30s" },
  { "1h", 3600 * SECOND, "1h0m0s" },
  { "1h30m", 5400 * SECOND, "1h30m0s" },
  { "1.5h", 5400 * SECOND, "1h30m0s" },
  { "1h1h", 7200 * SECOND, "2h0m0s" },
  { "1h2m3s4ms5us6ns", 3723004005006, "1h2m3.004005006s" },
  { "0.1ns", 0, "0s" },
  { "1.0000000000000000001s", SECOND, "1s" },
  { "2562047h", G_GINT64_CONSTANT (2562047) * 3600 * SECOND, "2562047h0m0s" },
  { "9223372036854775807ns", G_MAXINT64, "2562047h47m16.854775807s" },
  { "-9223372036854775808ns", G_MININT64, "-2562047h47m16.854775808s" },
};

typedef struct
{
  const char    *text;
  FltUnitsError  code;
  const char    *detail;   /* part of the message */
} DurationErrorCase;

static const DurationErrorCase duration_error_cases[] = {
  { "", FLT_UNITS_ERROR_INVALID, "write it like 1m30s, 10s or 500ms" },
  { "-", FLT_UNITS_ERROR_INVALID, NULL },
  { ".", FLT_UNITS_ERROR_INVALID, NULL },
  { "s", FLT_UNITS_ERROR_INVALID, NULL },
  { "--1s", FLT_UNITS_ERROR_INVALID, NULL },
  { " 1s", FLT_UNITS_ERROR_INVALID, NULL },
  /* Compose takes no bare number, quoted or not */
  { "10", FLT_UNITS_ERROR_INVALID, "needs a unit" },
  { "1.5", FLT_UNITS_ERROR_INVALID, "needs a unit" },
  { "1h30", FLT_UNITS_ERROR_INVALID, "needs a unit" },
  { "1d", FLT_UNITS_ERROR_INVALID, "“d” is not a unit" },
  { "10 minutes", FLT_UNITS_ERROR_INVALID, "“ minutes” is not a unit" },
  { "1S", FLT_UNITS_ERROR_INVALID, "“S” is not a unit" },
  { "1H", FLT_UNITS_ERROR_INVALID, "“H” is not a unit" },
  { "1s ", FLT_UNITS_ERROR_INVALID, "“s ” is not a unit" },
  { "1 s", FLT_UNITS_ERROR_INVALID, NULL },
  { "1h 30m", FLT_UNITS_ERROR_INVALID, NULL },
  { "1h-5m", FLT_UNITS_ERROR_INVALID, NULL },
  { "1e3s", FLT_UNITS_ERROR_INVALID, NULL },
  { "0x10s", FLT_UNITS_ERROR_INVALID, NULL },
  { "1_0s", FLT_UNITS_ERROR_INVALID, NULL },
  { "2562048h", FLT_UNITS_ERROR_OUT_OF_RANGE, "too long" },
  { "9223372036854775808ns", FLT_UNITS_ERROR_OUT_OF_RANGE, NULL },
  { "99999999999999999999ns", FLT_UNITS_ERROR_OUT_OF_RANGE, NULL },
  { "2000000h2000000h", FLT_UNITS_ERROR_OUT_OF_RANGE, NULL },
};

typedef struct
{
  gint64      nanoseconds;
  const char *formatted;
} FormatCase;

static const FormatCase format_cases[] = {
  { 0, "0s" },
  { 1, "1ns" },
  { 999, "999ns" },
  { 1000, "1µs" },
  { 1001, "1.001µs" },
  { 1000000, "1ms" },
  { 1234567, "1.234567ms" },
  { SECOND, "1s" },
  { SECOND + 1, "1.000000001s" },
  { 59 * SECOND, "59s" },
  { 61 * SECOND, "1m1s" },
  { 3600 * SECOND, "1h0m0s" },
  { 100 * 3600 * SECOND, "100h0m0s" },
  { -1, "-1ns" },
  { -1500000000, "-1.5s" },
  { G_MAXINT64, "2562047h47m16.854775807s" },
  { G_MININT64, "-2562047h47m16.854775808s" },
};

typedef struct
{
  const char *text;
  gint64      bytes;
} SizeCase;

static const SizeCase size_cases[] = {
  { "0", 0 },
  { "10", 10 },
  { "00012", 12 },
  { "1b", 1 },
  { "1B", 1 },
  { "1 ", 1 },
  { "1i", 1 },
  { "1ib", 1 },
  { "1k", 1024 },
  { "1kb", 1024 },
  { "1kB", 1024 },
  { "1Ki", 1024 },
  { "1kib", 1024 },
  { "1 kb", 1024 },
  { "0.5k", 512 },
  { "100.5k", 102912 },
  { "1m", 1048576 },
  { "1M", 1048576 },
  { "64m", 67108864 },
  { "1.9999999999m", 2097151 },
  { "1g", 1073741824 },
  { "1 g", 1073741824 },
  { "1gb", 1073741824 },
  { "1GiB", 1073741824 },
  { "1.5g", 1610612736 },
  { "1.9", 1 },
  { "1t", G_GINT64_CONSTANT (1099511627776) },
  { "1P", G_GINT64_CONSTANT (1125899906842624) },
  { "8p", G_GINT64_CONSTANT (9007199254740992) },
  { "8191p", G_GINT64_CONSTANT (9222246136947933184) },
  /* Compose's float arithmetic gets this one wrong; we keep it exact */
  { "9223372036854775807", G_MAXINT64 },
  /* YAML integers (Compose takes `mem_limit: -1` but not "-1") */
  { "-1", -1 },
  { "+5", 5 },
};

typedef struct
{
  const char    *text;
  FltUnitsError  code;
} SizeErrorCase;

static const SizeErrorCase size_error_cases[] = {
  { "", FLT_UNITS_ERROR_INVALID },
  { "k", FLT_UNITS_ERROR_INVALID },
  { "abc", FLT_UNITS_ERROR_INVALID },
  { ".5g", FLT_UNITS_ERROR_INVALID },
  { "5.g", FLT_UNITS_ERROR_INVALID },
  { "1.2.3g", FLT_UNITS_ERROR_INVALID },
  { "1  kb", FLT_UNITS_ERROR_INVALID },
  { " 1k", FLT_UNITS_ERROR_INVALID },
  { "1k ", FLT_UNITS_ERROR_INVALID },
  { "1kbb", FLT_UNITS_ERROR_INVALID },
  { "1bb", FLT_UNITS_ERROR_INVALID },
  { "1y", FLT_UNITS_ERROR_INVALID },
  { "16e", FLT_UNITS_ERROR_INVALID },
  { "1e3k", FLT_UNITS_ERROR_INVALID },
  { "-1k", FLT_UNITS_ERROR_INVALID },
  { "+1k", FLT_UNITS_ERROR_INVALID },
  { "-", FLT_UNITS_ERROR_INVALID },
  { "8192p", FLT_UNITS_ERROR_OUT_OF_RANGE },
  { "9223372036854775808", FLT_UNITS_ERROR_OUT_OF_RANGE },
  { "8388608.5t", FLT_UNITS_ERROR_OUT_OF_RANGE },
  { "-9223372036854775809", FLT_UNITS_ERROR_OUT_OF_RANGE },
};

static void
test_duration (gconstpointer data)
{
  const DurationCase *row = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *formatted_again = NULL;
  gint64 nanoseconds = 42;
  gint64 reparsed = 42;

  g_test_message ("text: %s", row->text);
  g_assert_true (flt_parse_duration (row->text, &nanoseconds, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nanoseconds, ==, row->nanoseconds);

  formatted = flt_format_duration (nanoseconds);
  g_assert_cmpstr (formatted, ==, row->formatted);

  /* What we write reads back the same */
  g_assert_true (flt_parse_duration (formatted, &reparsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reparsed, ==, nanoseconds);

  /* The output argument is optional */
  g_assert_true (flt_parse_duration (row->text, NULL, NULL));
}

static void
test_duration_error (gconstpointer data)
{
  const DurationErrorCase *row = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = NULL;
  gint64 nanoseconds = 42;

  g_test_message ("text: %s", row->text);
  g_assert_false (flt_parse_duration (row->text, &nanoseconds, &error));
  g_assert_error (error, FLT_UNITS_ERROR, (gint) row->code);
  g_assert_cmpint (nanoseconds, ==, 42);

  quoted = g_strdup_printf ("“%s”", row->text);
  g_assert_true (g_str_has_prefix (error->message, quoted));
  if (row->code == FLT_UNITS_ERROR_INVALID)
    g_assert_nonnull (strstr (error->message, "write it like 1m30s, 10s or 500ms"));
  if (row->detail != NULL)
    g_assert_nonnull (strstr (error->message, row->detail));
}

static void
test_duration_message (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (flt_parse_duration ("soon", NULL, &error));
  g_assert_cmpstr (error->message, ==, "“soon” is not a duration; write it like 1m30s, 10s or 500ms");
}

static void
test_format (gconstpointer data)
{
  const FormatCase *row = data;
  g_autofree char *formatted = flt_format_duration (row->nanoseconds);
  gint64 reparsed = 0;

  g_assert_cmpstr (formatted, ==, row->formatted);
  g_assert_true (flt_parse_duration (formatted, &reparsed, NULL));
  g_assert_cmpint (reparsed, ==, row->nanoseconds);
}

static void
test_size (gconstpointer data)
{
  const SizeCase *row = data;
  g_autoptr(GError) error = NULL;
  gint64 bytes = 42;

  g_test_message ("text: %s", row->text);
  g_assert_true (flt_parse_size (row->text, &bytes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bytes, ==, row->bytes);
  g_assert_true (flt_parse_size (row->text, NULL, NULL));
}

static void
test_size_error (gconstpointer data)
{
  const SizeErrorCase *row = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = NULL;
  gint64 bytes = 42;

  g_test_message ("text: %s", row->text);
  g_assert_false (flt_parse_size (row->text, &bytes, &error));
  g_assert_error (error, FLT_UNITS_ERROR, (gint) row->code);
  g_assert_cmpint (bytes, ==, 42);

  quoted = g_strdup_printf ("“%s”", row->text);
  g_assert_true (g_str_has_prefix (error->message, quoted));
  if (row->code == FLT_UNITS_ERROR_INVALID)
    g_assert_nonnull (strstr (error->message, "like 512m, 1.5g or 2048k"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (duration_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/units/duration/%03u", i);

      g_test_add_data_func (path, &duration_cases[i], test_duration);
    }

  for (guint i = 0; i < G_N_ELEMENTS (duration_error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/units/duration-error/%03u", i);

      g_test_add_data_func (path, &duration_error_cases[i], test_duration_error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/units/format-duration/%03u", i);

      g_test_add_data_func (path, &format_cases[i], test_format);
    }

  for (guint i = 0; i < G_N_ELEMENTS (size_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/units/size/%03u", i);

      g_test_add_data_func (path, &size_cases[i], test_size);
    }

  for (guint i = 0; i < G_N_ELEMENTS (size_error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/units/size-error/%03u", i);

      g_test_add_data_func (path, &size_error_cases[i], test_size_error);
    }

  g_test_add_func ("/units/duration-message", test_duration_message);

  return g_test_run ();
}
