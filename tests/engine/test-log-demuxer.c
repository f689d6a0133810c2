/* test-log-demuxer.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The framing follows the Engine API documentation of
 * `GET /containers/{id}/logs` (stream types 0 to 3, three zero bytes, a
 * big-endian length); the timestamps are the RFC 3339 form the Engine
 * writes with `timestamps=1`.
 */

#include <locale.h>
#include <string.h>

#include "flt-log-demuxer.h"

#define MIB (1024 * 1024)

/* Lines as "<stream>:<line>\n", for comparisons in one go. */
typedef struct
{
  GString *text;
  GArray  *lengths;
} Collector;

static void
collector_init (Collector *c)
{
  c->text = g_string_new (NULL);
  c->lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
}

static void
collector_clear (Collector *c)
{
  g_string_free (c->text, TRUE);
  g_array_unref (c->lengths);
}

static void
collect_line (FltLogStream  stream,
              const char   *line,
              gsize         length,
              gpointer      user_data)
{
  Collector *c = user_data;

  g_assert_cmpint (stream, >=, FLT_LOG_STDOUT);
  g_assert_cmpint (stream, <=, FLT_LOG_SYSTEM);
  /* Always NUL-terminated, and never with its line end */
  g_assert_cmpint (line[length], ==, '\0');
  g_assert_null (memchr (line, '\n', length));

  g_string_append_printf (c->text, "%d:", stream);
  g_string_append_len (c->text, line, length);
  g_string_append_c (c->text, '\n');
  g_array_append_val (c->lengths, length);
}

static void
add_frame (GByteArray *out,
           guint8      stream,
           const char *payload,
           gsize       length)
{
  guint8 header[8] = { stream, 0, 0, 0,
                       (length >> 24) & 0xff, (length >> 16) & 0xff,
                       (length >> 8) & 0xff, length & 0xff };

  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, (const guint8 *) payload, length);
}

static void
add_frame_str (GByteArray *out,
               guint8      stream,
               const char *payload)
{
  add_frame (out, stream, payload, strlen (payload));
}

/* Feeds @data in pieces ending at @cuts (sorted, each < length), then
 * finishes; returns the lines.
 */
static char *
demux_pieces (gboolean      tty,
              const guint8 *data,
              gsize         length,
              const gsize  *cuts,
              guint         n_cuts)
{
  g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (tty);
  Collector c;
  gsize start = 0;

  collector_init (&c);

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : length;
      g_autoptr(GError) error = NULL;

      g_assert_true (flt_log_demuxer_feed (demuxer, data + start, end - start,
                                           collect_line, &c, &error));
      g_assert_no_error (error);
      start = end;
    }

  flt_log_demuxer_finish (demuxer, collect_line, &c);

  g_array_unref (c.lengths);
  return g_string_free (c.text, FALSE);
}

static char *
demux_whole (gboolean      tty,
             const guint8 *data,
             gsize         length)
{
  return demux_pieces (tty, data, length, NULL, 0);
}

/* Feeding the stream in two pieces, split at every byte, and in one-byte
 * pieces, must give what feeding it whole gives.
 */
static void
assert_split_invariant (gboolean      tty,
                        const guint8 *data,
                        gsize         length,
                        const char   *expected)
{
  g_autofree char *whole = demux_whole (tty, data, length);
  g_autofree gsize *cuts = g_new (gsize, MAX (length, 1));

  g_assert_cmpstr (whole, ==, expected);

  for (gsize split = 0; split <= length; split++)
    {
      g_autofree char *lines = demux_pieces (tty, data, length, &split, 1);

      g_assert_cmpstr (lines, ==, expected);
    }

  for (gsize i = 1; i < length; i++)
    cuts[i - 1] = i;
  if (length > 1)
    {
      g_autofree char *lines = demux_pieces (tty, data, length, cuts, length - 1);

      g_assert_cmpstr (lines, ==, expected);
    }

  /* Three pieces, at random points */
  for (guint round = 0; round < 200 && length > 2; round++)
    {
      gsize two[2];
      g_autofree char *lines = NULL;

      two[0] = g_test_rand_int_range (1, length);
      two[1] = g_test_rand_int_range (two[0], length);
      lines = demux_pieces (tty, data, length, two, 2);
      g_assert_cmpstr (lines, ==, expected);
    }
}

static void
test_basic (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  add_frame_str (data, 1, "hello\nworld\n");
  add_frame_str (data, 2, "oops\n");
  add_frame_str (data, 1, "again\n");

  assert_split_invariant (FALSE, data->data, data->len,
                          "1:hello\n1:world\n2:oops\n1:again\n");
}

/* One sequence with every feature: lines spanning frames, partial lines of
 * both streams interleaved, empty frames and lines, CRLF, stdin and
 * system frames.
 */
static void
test_split_everywhere (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  add_frame_str (data, 1, "first line\nsec");
  add_frame_str (data, 2, "err-a ");
  add_frame (data, 1, "", 0);
  add_frame_str (data, 1, "ond ");
  add_frame_str (data, 2, "err-b\r\n");
  add_frame_str (data, 1, "line\r\n\n");
  add_frame (data, 2, "", 0);
  add_frame_str (data, 0, "from stdin\n");
  add_frame_str (data, 3, "engine error\n");
  add_frame_str (data, 1, "a\rb\r\r\n");
  add_frame_str (data, 2, "unterminated err");
  add_frame_str (data, 1, "unterminated out");

  assert_split_invariant (FALSE, data->data, data->len,
                          "1:first line\n"
                          "2:err-a err-b\n"
                          "1:second line\n"
                          "1:\n"
                          "1:from stdin\n"
                          "3:engine error\n"
                          "1:a\rb\r\n"
                          /* finish(): stdout first */
                          "1:unterminated out\n"
                          "2:unterminated err\n");
}

static void
test_spanning_frames (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  add_frame_str (data, 1, "hel");
  add_frame_str (data, 1, "lo wo");
  add_frame_str (data, 1, "r");
  add_frame_str (data, 1, "ld\nnext");
  add_frame_str (data, 1, " one\n");

  assert_split_invariant (FALSE, data->data, data->len,
                          "1:hello world\n1:next one\n");
}

static void
test_interleaved (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  add_frame_str (data, 1, "out-1 ");
  add_frame_str (data, 2, "err-1 ");
  add_frame_str (data, 1, "out-2 ");
  add_frame_str (data, 2, "err-2\nerr-3 ");
  add_frame_str (data, 1, "out-3\n");
  add_frame_str (data, 3, "sys ");
  add_frame_str (data, 2, "err-4\n");
  add_frame_str (data, 3, "done\n");

  assert_split_invariant (FALSE, data->data, data->len,
                          "2:err-1 err-2\n"
                          "1:out-1 out-2 out-3\n"
                          "2:err-3 err-4\n"
                          "3:sys done\n");
}

static void
test_empty_frames (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  add_frame (data, 1, "", 0);
  add_frame (data, 2, "", 0);
  add_frame_str (data, 1, "\n\n");
  add_frame (data, 1, "", 0);
  add_frame_str (data, 1, "x\n");
  add_frame (data, 1, "", 0);

  assert_split_invariant (FALSE, data->data, data->len, "1:\n1:\n1:x\n");

  /* Nothing at all */
  assert_split_invariant (FALSE, (const guint8 *) "", 0, "");
}

static void
test_crlf (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  /* One "\r" before the "\n" goes, others stay */
  add_frame_str (data, 1, "dos\r\n\r\nmiddle\rkept\r\ntwo\r\r\n");
  /* The "\r" and the "\n" in different frames */
  add_frame_str (data, 2, "split\r");
  add_frame_str (data, 2, "\n");
  /* A lone "\r" at the end of the stream goes too */
  add_frame_str (data, 1, "last\r");

  assert_split_invariant (FALSE, data->data, data->len,
                          "1:dos\n1:\n1:middle\rkept\n1:two\r\n2:split\n1:last\n");
}

static void
test_tty (void)
{
  /* Raw bytes, even ones that would be a bad frame header */
  static const char raw[] = "\x05\x01\x02\x03 hello\r\nprogress 1\rprogress 2\nno newline";

  assert_split_invariant (TRUE, (const guint8 *) raw, sizeof raw - 1,
                          "1:\x05\x01\x02\x03 hello\n1:progress 1\rprogress 2\n1:no newline\n");
}

static void
test_stdin_stream (void)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();

  /* Stream 0 (stdin) is written to stdout, and shares its partial line */
  add_frame_str (data, 0, "in ");
  add_frame_str (data, 1, "out\n");

  assert_split_invariant (FALSE, data->data, data->len, "1:in out\n");
}

static void
test_nul_bytes (void)
{
  g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (FALSE);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  Collector c;

  add_frame (data, 1, "a\0b\n", 4);

  collector_init (&c);
  g_assert_true (flt_log_demuxer_feed (demuxer, data->data, data->len, collect_line, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.lengths->len, ==, 1);
  g_assert_cmpuint (g_array_index (c.lengths, gsize, 0), ==, 3);
  g_assert_cmpmem (c.text->str, c.text->len, "1:a\0b\n", 6);
  collector_clear (&c);
}

/* Feeds @line_length bytes of "x" in pieces of @piece, then @ending, and
 * checks the lengths of the lines that come out.
 */
static void
check_long_line (gboolean     tty,
                 gsize        line_length,
                 gsize        piece,
                 const char  *ending,
                 const gsize *expected,
                 guint        n_expected)
{
  g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (tty);
  g_autofree guint8 *xs = g_malloc (piece);
  g_autoptr(GError) error = NULL;
  Collector c;

  memset (xs, 'x', piece);
  collector_init (&c);

  for (gsize done = 0; done < line_length;)
    {
      gsize n = MIN (piece, line_length - done);
      g_autoptr(GByteArray) frame = g_byte_array_new ();

      if (tty)
        g_byte_array_append (frame, xs, n);
      else
        add_frame (frame, 1, (const char *) xs, n);
      g_assert_true (flt_log_demuxer_feed (demuxer, frame->data, frame->len, collect_line, &c, &error));
      g_assert_no_error (error);
      done += n;
    }

  if (ending != NULL)
    {
      g_autoptr(GByteArray) frame = g_byte_array_new ();

      if (tty)
        g_byte_array_append (frame, (const guint8 *) ending, strlen (ending));
      else
        add_frame_str (frame, 1, ending);
      g_assert_true (flt_log_demuxer_feed (demuxer, frame->data, frame->len, collect_line, &c, &error));
    }
  else
    {
      flt_log_demuxer_finish (demuxer, collect_line, &c);
    }

  g_assert_cmpuint (c.lengths->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpuint (g_array_index (c.lengths, gsize, i), ==, expected[i]);

  collector_clear (&c);
}

static void
test_max_line (void)
{
  const gsize exact[] = { MIB };
  const gsize two[] = { MIB, MIB };
  const gsize two_and_half[] = { MIB, MIB, MIB / 2 };
  const gsize one_more[] = { MIB, 1 };

  /* A line of exactly the cap is one line */
  check_long_line (FALSE, MIB, 4096, "\n", exact, 1);
  check_long_line (FALSE, MIB, 4096, "\r\n", exact, 1);
  check_long_line (TRUE, MIB, MIB, "\r\n", exact, 1);
  /* Beyond, pieces of the cap, without an empty piece at the end */
  check_long_line (FALSE, 2 * MIB, 65536, "\n", two, 2);
  check_long_line (FALSE, 2 * MIB, 65536, "\r\n", two, 2);
  check_long_line (FALSE, 2 * MIB + MIB / 2, 100000, "\n", two_and_half, 3);
  check_long_line (TRUE, 2 * MIB + MIB / 2, 3 * MIB, "\n", two_and_half, 3);
  check_long_line (FALSE, MIB + 1, 7, "\n", one_more, 2);
  /* Pieces go out before the line ends: memory stays bounded */
  check_long_line (FALSE, 2 * MIB + MIB / 2, 1 << 20, NULL, two_and_half, 3);
  check_long_line (TRUE, 2 * MIB, 333333, NULL, two, 2);
}

static void
test_max_line_then_more (void)
{
  g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (TRUE);
  g_autofree char *big = g_malloc (MIB + 10);
  g_autoptr(GError) error = NULL;
  Collector c;

  memset (big, 'y', MIB + 10);
  collector_init (&c);
  g_assert_true (flt_log_demuxer_feed (demuxer, (const guint8 *) big, MIB + 10, collect_line, &c, &error));
  g_assert_true (flt_log_demuxer_feed (demuxer, (const guint8 *) "\nshort\n", 7, collect_line, &c, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (c.lengths->len, ==, 3);
  g_assert_cmpuint (g_array_index (c.lengths, gsize, 0), ==, MIB);
  g_assert_cmpuint (g_array_index (c.lengths, gsize, 1), ==, 10);
  g_assert_cmpuint (g_array_index (c.lengths, gsize, 2), ==, 5);
  g_assert_true (g_str_has_suffix (c.text->str, "\n1:yyyyyyyyyy\n1:short\n"));
  collector_clear (&c);
}

typedef struct
{
  const char *name;
  guint8      header[8];
} BadHeader;

static const BadHeader bad_headers[] = {
  { "stream-4", { 4, 0, 0, 0, 0, 0, 0, 1 } },
  { "stream-255", { 255, 0, 0, 0, 0, 0, 0, 1 } },
  { "padding-1", { 1, 1, 0, 0, 0, 0, 0, 1 } },
  { "padding-2", { 2, 0, 1, 0, 0, 0, 0, 1 } },
  { "padding-3", { 1, 0, 0, 0x80, 0, 0, 0, 1 } },
  /* What a TTY stream looks like when read as multiplexed */
  { "text", { 'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o' } },
};

static void
test_invalid_header (gconstpointer data)
{
  const BadHeader *bad = data;

  for (gsize split = 0; split <= 8 + 12 + 8; split++)
    {
      g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (FALSE);
      g_autoptr(GByteArray) stream = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      gboolean ok;
      Collector c;

      /* A good frame with a partial line, then the bad header and what
       * would be a good frame after it.
       */
      add_frame_str (stream, 1, "ok\npartial");
      g_byte_array_append (stream, bad->header, 8);
      add_frame_str (stream, 1, "never\n");

      collector_init (&c);
      split = MIN (split, stream->len);
      ok = flt_log_demuxer_feed (demuxer, stream->data, split, collect_line, &c, &error);
      if (ok)
        ok = flt_log_demuxer_feed (demuxer, stream->data + split, stream->len - split,
                                   collect_line, &c, &error);
      g_assert_false (ok);
      g_assert_error (error, FLT_LOG_DEMUXER_ERROR, FLT_LOG_DEMUXER_ERROR_INVALID_HEADER);
      /* The message says where and what */
      g_assert_nonnull (strstr (error->message, "byte 18"));
      g_assert_nonnull (strstr (error->message, "TTY"));

      /* Nothing more, even from finish() */
      g_clear_error (&error);
      g_assert_false (flt_log_demuxer_feed (demuxer, (const guint8 *) "\1\0\0\0\0\0\0\2x\n", 10,
                                            collect_line, &c, &error));
      g_assert_error (error, FLT_LOG_DEMUXER_ERROR, FLT_LOG_DEMUXER_ERROR_FAILED);
      flt_log_demuxer_finish (demuxer, collect_line, &c);

      g_assert_cmpstr (c.text->str, ==, "1:ok\n");
      collector_clear (&c);
    }
}

static void
test_finish (void)
{
  g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (FALSE);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  Collector c;

  add_frame_str (data, 3, "sys");
  add_frame_str (data, 2, "err\r");
  add_frame_str (data, 1, "out");

  collector_init (&c);
  g_assert_true (flt_log_demuxer_feed (demuxer, data->data, data->len, collect_line, &c, &error));
  g_assert_cmpstr (c.text->str, ==, "");
  flt_log_demuxer_finish (demuxer, collect_line, &c);
  g_assert_cmpstr (c.text->str, ==, "1:out\n2:err\n3:sys\n");

  /* A second finish has nothing left to give */
  flt_log_demuxer_finish (demuxer, collect_line, &c);
  g_assert_cmpstr (c.text->str, ==, "1:out\n2:err\n3:sys\n");

  /* The demuxer takes a new stream, even after a truncated frame */
  g_string_truncate (c.text, 0);
  g_assert_true (flt_log_demuxer_feed (demuxer, (const guint8 *) "\1\0\0\0\0\0\0\x10trunc", 13,
                                       collect_line, &c, &error));
  flt_log_demuxer_finish (demuxer, collect_line, &c);
  g_assert_cmpstr (c.text->str, ==, "1:trunc\n");
  g_string_truncate (c.text, 0);
  g_assert_true (flt_log_demuxer_feed (demuxer, data->data, data->len, collect_line, &c, &error));
  flt_log_demuxer_finish (demuxer, collect_line, &c);
  g_assert_no_error (error);
  g_assert_cmpstr (c.text->str, ==, "1:out\n2:err\n3:sys\n");
  collector_clear (&c);
}

/* A frame whose length needs all four bytes, with many lines in it */
static void
test_large_frame (void)
{
  g_autoptr(GString) payload = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *whole = NULL;
  g_autofree char *pieces = NULL;
  gsize cuts[64];

  for (guint i = 0; payload->len < 20 * MIB; i++)
    {
      g_string_append_printf (payload, "line %u of a large frame\n", i);
      g_string_append_printf (expected, "1:line %u of a large frame\n", i);
    }
  add_frame (data, 1, payload->str, payload->len);
  g_assert_cmpuint (data->data[4], !=, 0);

  whole = demux_whole (FALSE, data->data, data->len);
  g_assert_cmpstr (whole, ==, expected->str);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    cuts[i] = (i + 1) * (data->len / (G_N_ELEMENTS (cuts) + 1)) + i;
  pieces = demux_pieces (FALSE, data->data, data->len, cuts, G_N_ELEMENTS (cuts));
  g_assert_cmpstr (pieces, ==, expected->str);
}

/* Timestamps ---------------------------------------------------------- */

typedef struct
{
  const char *line;
  gboolean    valid;
  /* UTC fields, for GDateTime to compute the expected value */
  int         year, month, day, hour, minute, second;
  gint64      nanoseconds;
  gint64      offset_seconds;
  const char *message;
} TimestampCase;

static const TimestampCase timestamp_cases[] = {
  { "2026-11-28T13:07:28.134801231Z hello world", TRUE, 2026, 11, 28, 13, 7, 28, 134801231, 0, "hello world" },
  { "2026-11-28T13:07:28.000000000Z ", TRUE, 2026, 11, 28, 13, 7, 28, 0, 0, "" },
  { "2026-11-28T13:07:28.000000000Z", TRUE, 2026, 11, 28, 13, 7, 28, 0, 0, "" },
  { "2026-11-28T13:07:28Z no fraction", TRUE, 2026, 11, 28, 13, 7, 28, 0, 0, "no fraction" },
  { "2026-11-28T13:07:28.5Z half", TRUE, 2026, 11, 28, 13, 7, 28, 500000000, 0, "half" },
  { "2026-11-28T13:07:28.123456Z micro", TRUE, 2026, 11, 28, 13, 7, 28, 123456000, 0, "micro" },
  { "2026-11-28T13:07:28.1234567891Z ten digits", TRUE, 2026, 11, 28, 13, 7, 28, 123456789, 0, "ten digits" },
  { "2026-11-28T13:07:28.1+01:00 paris", TRUE, 2026, 11, 28, 13, 7, 28, 100000000, 3600, "paris" },
  { "2026-11-28T13:07:28-05:30 west", TRUE, 2026, 11, 28, 13, 7, 28, 0, -5 * 3600 - 30 * 60, "west" },
  { "2026-11-28t13:07:28z lower case", TRUE, 2026, 11, 28, 13, 7, 28, 0, 0, "lower case" },
  { "1970-01-01T00:00:00Z epoch", TRUE, 1970, 1, 1, 0, 0, 0, 0, 0, "epoch" },
  { "1969-12-31T23:59:59.5Z before", TRUE, 1969, 12, 31, 23, 59, 59, 500000000, 0, "before" },
  { "2024-02-29T23:59:59Z leap", TRUE, 2024, 2, 29, 23, 59, 59, 0, 0, "leap" },
  { "2000-02-29T00:00:00Z leap 400", TRUE, 2000, 2, 29, 0, 0, 0, 0, 0, "leap 400" },
  { "2026-11-28T13:07:28.134801231Z  two spaces", TRUE, 2026, 11, 28, 13, 7, 28, 134801231, 0, " two spaces" },
  { "2026-11-28T13:07:28Z \ttab", TRUE, 2026, 11, 28, 13, 7, 28, 0, 0, "\ttab" },
  { "hello world", FALSE },
  { "", FALSE },
  { "2026-11-28T13:07:28", FALSE },
  { "2026-11-28T13:07:28 no zone", FALSE },
  { "2026-11-28 13:07:28Z space", FALSE },
  { "2026-11-28T13:07:28.Z empty fraction", FALSE },
  { "2026-11-28T13:07:28Zx", FALSE },
  { "2026-11-28T13:07:28+0100 short offset", FALSE },
  { "2026-11-28T13:07:28+01:0", FALSE },
  { "2026-13-28T13:07:28Z month", FALSE },
  { "2026-00-28T13:07:28Z month", FALSE },
  { "2026-02-29T13:07:28Z not leap", FALSE },
  { "2100-02-29T13:07:28Z not leap", FALSE },
  { "2026-04-31T13:07:28Z day", FALSE },
  { "2026-11-28T24:00:00Z hour", FALSE },
  { "2026-11-28T13:60:00Z minute", FALSE },
  { "2026-11-28T13:07:61Z second", FALSE },
  { "2026-11-28T13:07:28+24:00 offset", FALSE },
  { "20a6-11-28T13:07:28Z digit", FALSE },
  { "2026/11/28T13:07:28Z slashes", FALSE },
};

static void
test_timestamp (gconstpointer data)
{
  const TimestampCase *row = data;
  gsize length = strlen (row->line);
  gint64 nanoseconds = 42;
  const char *message;

  /* The line need not be NUL-terminated */
  g_autofree char *copy = g_memdup2 (row->line, length);

  message = flt_log_split_timestamp (copy, length, &nanoseconds);

  if (!row->valid)
    {
      g_assert_null (message);
      g_assert_cmpint (nanoseconds, ==, 42);
      return;
    }
  else
    {
      g_autoptr(GDateTime) utc = g_date_time_new_utc (row->year, row->month, row->day,
                                                      row->hour, row->minute, row->second);
      gint64 expected = (g_date_time_to_unix (utc) - row->offset_seconds) * G_GINT64_CONSTANT (1000000000)
                        + row->nanoseconds;

      g_assert_nonnull (message);
      g_assert_cmpint (nanoseconds, ==, expected);
      g_assert_true (message >= copy && message <= copy + length);
      g_assert_cmpmem (message, copy + length - message, row->message, strlen (row->message));

      /* The output is optional */
      g_assert_true (flt_log_split_timestamp (copy, length, NULL) == message);
    }
}

static void
test_timestamp_range (void)
{
  gint64 ns = 0;

  /* Beyond what 64 bits of nanoseconds hold: clamped, still a timestamp */
  g_assert_nonnull (flt_log_split_timestamp ("9999-12-31T23:59:59Z x", 22, &ns));
  g_assert_cmpint (ns, ==, G_MAXINT64);
  g_assert_nonnull (flt_log_split_timestamp ("0001-01-01T00:00:00Z x", 22, &ns));
  g_assert_cmpint (ns, ==, G_MININT64);

  /* A length that cuts the timestamp short */
  g_assert_null (flt_log_split_timestamp ("2026-11-28T13:07:28.5Z x", 21, &ns));
  g_assert_null (flt_log_split_timestamp ("2026-11-28T13:07:28+01:00 x", 24, &ns));
}

/* Lines with timestamps, through the demuxer */
static void
test_timestamps_demuxed (void)
{
  g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (FALSE);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *lines = NULL;
  g_auto(GStrv) split = NULL;
  gint64 previous = 0;

  add_frame_str (data, 1, "2026-11-28T13:07:28.134801231Z starting\n2026-11-28T13:07:28.2");
  add_frame_str (data, 2, "2026-11-28T13:07:28.200000001Z warning\n");
  add_frame_str (data, 1, "00000000Z ready\n");

  lines = demux_whole (FALSE, data->data, data->len);
  g_assert_cmpstr (lines, ==,
                   "1:2026-11-28T13:07:28.134801231Z starting\n"
                   "2:2026-11-28T13:07:28.200000001Z warning\n"
                   "1:2026-11-28T13:07:28.200000000Z ready\n");

  split = g_strsplit (lines, "\n", -1);
  for (guint i = 0; split[i][0] != '\0'; i++)
    {
      const char *line = split[i] + 2;
      gint64 ns = 0;
      const char *message = flt_log_split_timestamp (line, strlen (line), &ns);

      g_assert_nonnull (message);
      g_assert_cmpint (ns / G_GINT64_CONSTANT (1000000000), ==, 1795871248);
      if (i > 0)
        g_assert_cmpint (ns, !=, previous);
      previous = ns;
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-demuxer/basic", test_basic);
  g_test_add_func ("/log-demuxer/split-everywhere", test_split_everywhere);
  g_test_add_func ("/log-demuxer/spanning-frames", test_spanning_frames);
  g_test_add_func ("/log-demuxer/interleaved", test_interleaved);
  g_test_add_func ("/log-demuxer/empty-frames", test_empty_frames);
  g_test_add_func ("/log-demuxer/crlf", test_crlf);
  g_test_add_func ("/log-demuxer/tty", test_tty);
  g_test_add_func ("/log-demuxer/stdin-stream", test_stdin_stream);
  g_test_add_func ("/log-demuxer/nul-bytes", test_nul_bytes);
  g_test_add_func ("/log-demuxer/max-line", test_max_line);
  g_test_add_func ("/log-demuxer/max-line-then-more", test_max_line_then_more);
  g_test_add_func ("/log-demuxer/finish", test_finish);
  g_test_add_func ("/log-demuxer/large-frame", test_large_frame);

  for (guint i = 0; i < G_N_ELEMENTS (bad_headers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/log-demuxer/invalid-header/%s", bad_headers[i].name);

      g_test_add_data_func (path, &bad_headers[i], test_invalid_header);
    }

  for (guint i = 0; i < G_N_ELEMENTS (timestamp_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/log-demuxer/timestamp/%03u", i);

      g_test_add_data_func (path, &timestamp_cases[i], test_timestamp);
    }

  g_test_add_func ("/log-demuxer/timestamp-range", test_timestamp_range);
  g_test_add_func ("/log-demuxer/timestamps-demuxed", test_timestamps_demuxed);

  return g_test_run ();
}
