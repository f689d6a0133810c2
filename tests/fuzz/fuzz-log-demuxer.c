/* fuzz-log-demuxer.c: the Engine's log frame demuxer
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Input: one byte of options, then the stream.
 *
 *   bit 0      the container has a TTY (a raw stream)
 *   bits 1-3   all set: the stream is repeated (the next byte, times
 *              8 KiB worth), with its line breaks turned into spaces but
 *              in the last copy, to reach lines longer than
 *              FLT_LOG_DEMUXER_MAX_LINE
 *   bits 4-7   seed of the chunk sizes
 *
 * The stream is fed once whole and once in chunks; both must give the same
 * lines, and the same ones as a byte-at-a-time reference written here from
 * the format's description.  Every line must be what the header promises:
 * no "\n", NUL-terminated, at most FLT_LOG_DEMUXER_MAX_LINE bytes.
 */

#include <string.h>

#include "flt-fuzz.h"
#include "flt-log-demuxer.h"

/* Just enough for a line to come in two pieces. */
#define MAX_STREAM (FLT_LOG_DEMUXER_MAX_LINE + 64 * 1024)

typedef struct
{
  GByteArray *lines;   /* each line as: stream byte, 4 length bytes, bytes */
  guint       count;
} Collected;

static void
collect_line (FltLogStream  stream,
              const char   *line,
              gsize         length,
              gpointer      user_data)
{
  Collected *collected = user_data;
  guint8 header[5];

  FLT_FUZZ_CHECK (stream == FLT_LOG_STDOUT || stream == FLT_LOG_STDERR || stream == FLT_LOG_SYSTEM,
                  "stream %d", (int) stream);
  FLT_FUZZ_CHECK (length <= FLT_LOG_DEMUXER_MAX_LINE, "line of %zu bytes", length);
  FLT_FUZZ_CHECK (line[length] == '\0', "line not NUL-terminated");
  FLT_FUZZ_CHECK (memchr (line, '\n', length) == NULL, "line holds a newline");

  header[0] = stream;
  header[1] = length >> 24;
  header[2] = length >> 16;
  header[3] = length >> 8;
  header[4] = length;
  g_byte_array_append (collected->lines, header, sizeof header);
  g_byte_array_append (collected->lines, (const guint8 *) line, length);
  collected->count++;

  /* Whatever the line holds, splitting a timestamp off must be safe. */
  {
    gint64 when = 0;
    const char *rest = flt_log_split_timestamp (line, length, &when);

    FLT_FUZZ_CHECK (rest == NULL || (rest >= line && rest <= line + length),
                    "timestamp split outside the line");
  }
}

/* The harness's own byte loops need no coverage feedback, and tracing
 * their comparisons took most of the time. */
#if defined(__clang__)
#define NO_COVERAGE __attribute__((no_sanitize ("coverage")))
#else
#define NO_COVERAGE
#endif

/* The reference: one byte at a time, straight from the description of
 * the format in flt-log-demuxer.c. */
typedef struct
{
  char     *buffer[4];   /* FLT_LOG_DEMUXER_MAX_LINE + 1 bytes each */
  gsize     len[4];
  gboolean  continued[4];
} Reference;

NO_COVERAGE static void
reference_emit (Reference *ref,
                guint      stream,
                gboolean   terminated,
                Collected *out)
{
  gsize len = ref->len[stream];

  if (terminated)
    {
      if (len > 0 && ref->buffer[stream][len - 1] == '\r')
        len--;
      if (!(ref->continued[stream] && len == 0))
        {
          ref->buffer[stream][len] = '\0';
          collect_line (stream, ref->buffer[stream], len, out);
        }
      ref->continued[stream] = FALSE;
    }
  else
    {
      ref->buffer[stream][len] = '\0';
      collect_line (stream, ref->buffer[stream], len, out);
      ref->continued[stream] = TRUE;
    }
  ref->len[stream] = 0;
}

NO_COVERAGE static inline void
reference_byte (Reference *ref,
                guint      stream,
                guint8     byte,
                Collected *out)
{
  if (byte == '\n')
    {
      reference_emit (ref, stream, TRUE, out);
      return;
    }
  if (ref->len[stream] == FLT_LOG_DEMUXER_MAX_LINE)
    reference_emit (ref, stream, FALSE, out);
  ref->buffer[stream][ref->len[stream]++] = byte;
}

/* Returns FALSE where the real demuxer must report a bad header. */
NO_COVERAGE static gboolean
reference_run (const guint8 *data,
               gsize         length,
               gboolean      tty,
               Collected    *out)
{
  Reference ref = { { NULL } };
  gboolean ok = TRUE;
  gsize p = 0;

  /* Allocated once: a megabyte each, for every input, would be slow. */
  static char *buffers[4];

  for (guint i = 1; i < 4; i++)
    {
      if (buffers[i] == NULL)
        buffers[i] = g_malloc (FLT_LOG_DEMUXER_MAX_LINE + 1);
      ref.buffer[i] = buffers[i];
    }

  if (tty)
    {
      for (p = 0; p < length; p++)
        reference_byte (&ref, 1, data[p], out);
    }
  else
    {
      while (p + 8 <= length)
        {
          const guint8 *h = data + p;
          guint32 size;
          guint stream;

          if (h[0] > 3 || h[1] != 0 || h[2] != 0 || h[3] != 0)
            {
              ok = FALSE;
              break;
            }
          stream = h[0] == 0 ? 1 : h[0];
          size = ((guint32) h[4] << 24) | ((guint32) h[5] << 16) | ((guint32) h[6] << 8) | h[7];
          p += 8;
          for (guint32 i = 0; i < size && p < length; i++, p++)
            reference_byte (&ref, stream, data[p], out);
        }
    }

  if (ok)
    for (guint i = 1; i < 4; i++)
      if (ref.len[i] > 0)
        reference_emit (&ref, i, TRUE, out);

  return ok;
}

/* Feeds @data in chunks (all at once when @seed is 0); returns FALSE when
 * the demuxer reported a bad header. */
static gboolean
demux (const guint8 *data,
       gsize         length,
       gboolean      tty,
       guint         seed,
       Collected    *out)
{
  g_autoptr(FltLogDemuxer) demuxer = flt_log_demuxer_new (tty);
  g_autoptr(GError) error = NULL;
  guint32 state = seed * 2654435761u + 1;
  gsize p = 0;

  do
    {
      gsize chunk = length - p;

      if (seed != 0)
        {
          state = state * 1103515245u + 12345u;
          /* Mostly small chunks, sometimes large ones. */
          chunk = MIN (chunk, (state >> 16) % 8 == 0 ? (state >> 8) % 70000 + 1 : (state >> 16) % 13 + 1);
        }

      if (!flt_log_demuxer_feed (demuxer, data + p, chunk, collect_line, out, &error))
        {
          flt_fuzz_check_error (error, "flt_log_demuxer_feed");
          FLT_FUZZ_CHECK (g_error_matches (error, FLT_LOG_DEMUXER_ERROR, FLT_LOG_DEMUXER_ERROR_INVALID_HEADER),
                          "unexpected error %s", error->message);
          FLT_FUZZ_CHECK (!tty, "a raw stream cannot have a bad header");
          g_clear_error (&error);

          /* Once failed, it stays failed and delivers nothing. */
          FLT_FUZZ_CHECK (!flt_log_demuxer_feed (demuxer, (const guint8 *) "x\n", 2, collect_line, out, &error),
                          "fed again after an error");
          FLT_FUZZ_CHECK (g_error_matches (error, FLT_LOG_DEMUXER_ERROR, FLT_LOG_DEMUXER_ERROR_FAILED),
                          "second error is %s", error->message);
          flt_fuzz_check_error (error, "flt_log_demuxer_feed after an error");
          flt_log_demuxer_finish (demuxer, collect_line, out);
          return FALSE;
        }
      p += chunk;
    }
  while (p < length);

  flt_log_demuxer_finish (demuxer, collect_line, out);
  return TRUE;
}

/* The input repeated @times times 8 KiB worth, at most MAX_STREAM bytes.
 * Long lines are the point: a million short ones would only make the run
 * slow, so every "\n" but the last copy's becomes a space. */
NO_COVERAGE static void
expand (GByteArray   *stream,
        const guint8 *data,
        gsize         size,
        guint8        times)
{
  gsize repeat = (gsize) times * 8192 / size + 1;

  for (gsize i = 0; i < repeat && stream->len + size <= MAX_STREAM; i++)
    g_byte_array_append (stream, data, size);
  for (gsize i = 0; i + size < stream->len; i++)
    if (stream->data[i] == '\n')
      stream->data[i] = ' ';
}

static gboolean
same_lines (const Collected *a,
            const Collected *b)
{
  /* An empty GByteArray may have no data at all. */
  return a->count == b->count && a->lines->len == b->lines->len &&
         (a->lines->len == 0 || memcmp (a->lines->data, b->lines->data, a->lines->len) == 0);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  flt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GByteArray) stream = NULL;
  Collected whole, chunked, reference;
  gboolean tty, ok_whole, ok_chunked, ok_reference;
  guint8 options;

  if (size == 0)
    return 0;

  stream = g_byte_array_new ();
  whole = (Collected) { g_byte_array_new (), 0 };
  chunked = (Collected) { g_byte_array_new (), 0 };
  reference = (Collected) { g_byte_array_new (), 0 };
  options = data[0];
  data++;
  size--;
  tty = options & 1;

  if ((options & 0x0e) == 0x0e && size > 1)
    expand (stream, data + 1, size - 1, data[0]);
  else if (size > 0)
    g_byte_array_append (stream, data, size);

  /* An empty GByteArray may have no buffer at all. */
  g_byte_array_append (stream, (const guint8 *) "", 1);
  g_byte_array_set_size (stream, stream->len - 1);

  ok_whole = demux (stream->data, stream->len, tty, 0, &whole);
  ok_chunked = demux (stream->data, stream->len, tty, (options >> 4) + 1, &chunked);
  ok_reference = reference_run (stream->data, stream->len, tty, &reference);

  FLT_FUZZ_CHECK (ok_whole == ok_chunked, "whole %d, in chunks %d", ok_whole, ok_chunked);
  FLT_FUZZ_CHECK (ok_whole == ok_reference, "demuxer %d, reference %d", ok_whole, ok_reference);
  FLT_FUZZ_CHECK (same_lines (&whole, &chunked), "%u lines whole, %u in chunks", whole.count, chunked.count);
  FLT_FUZZ_CHECK (same_lines (&whole, &reference), "%u lines, %u from the reference",
                  whole.count, reference.count);

  g_byte_array_unref (whole.lines);
  g_byte_array_unref (chunked.lines);
  g_byte_array_unref (reference.lines);
  return 0;
}
