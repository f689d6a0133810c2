/* fuzz-json-stream.c: the splitter of the Engine's JSON streams
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Input: one byte of options, then the stream.
 *
 *   bits 0-2   the cap on a value's size: the default, or 1, 8, 64, 512,
 *              4096 bytes
 *   bits 3-7   seed of the chunk sizes
 *
 * The stream is fed once whole and once in chunks: the values delivered,
 * and whether the end of the stream is an error, must not depend on where
 * the chunks were cut.  Every error must be one of the documented ones,
 * with a message fit to show.
 */

#include <string.h>

#include "flt-fuzz.h"
#include "flt-json-stream.h"

typedef struct
{
  GString *values;   /* each value serialised, then a NUL */
  guint    count;
} Collected;

static void
collect_value (JsonNode *value,
               gpointer  user_data)
{
  Collected *collected = user_data;
  g_autofree char *text = NULL;

  FLT_FUZZ_CHECK (value != NULL, "a NULL value");
  text = json_to_string (value, FALSE);
  FLT_FUZZ_CHECK (text != NULL, "a value that cannot be written back");
  g_string_append_len (collected->values, text, strlen (text) + 1);
  collected->count++;
}

static void
check_stream_error (const GError *error,
                    const char   *what)
{
  flt_fuzz_check_error (error, what);
  FLT_FUZZ_CHECK (error->domain == FLT_JSON_STREAM_ERROR, "%s: error from another domain: %s",
                  what, error->message);
}

/* Returns whether finishing the stream succeeded. */
static gboolean
split (const guint8 *data,
       gsize         length,
       gsize         max_size,
       guint         seed,
       Collected    *out)
{
  g_autoptr(FltJsonStream) stream = flt_json_stream_new ();
  g_autoptr(GError) error = NULL;
  guint32 state = seed * 2654435761u + 1;
  gsize p = 0;
  gboolean finished;

  if (max_size > 0)
    flt_json_stream_set_max_value_size (stream, max_size);

  while (p < length)
    {
      gsize chunk = length - p;

      if (seed != 0)
        {
          state = state * 1103515245u + 12345u;
          chunk = MIN (chunk, (state >> 16) % 8 == 0 ? (state >> 8) % 5000 + 1 : (state >> 16) % 11 + 1);
        }

      if (!flt_json_stream_feed (stream, (const char *) data + p, chunk, collect_value, out, &error))
        {
          check_stream_error (error, "flt_json_stream_feed");
          FLT_FUZZ_CHECK (error->code == FLT_JSON_STREAM_ERROR_INVALID ||
                          error->code == FLT_JSON_STREAM_ERROR_TOO_LARGE,
                          "feed failed with code %d: %s", error->code, error->message);
          g_clear_error (&error);
        }
      p += chunk;
    }

  finished = flt_json_stream_finish (stream, collect_value, out, &error);
  if (!finished)
    check_stream_error (error, "flt_json_stream_finish");

  /* Ready for a new stream afterwards. */
  g_clear_error (&error);
  if (max_size == 0 || max_size >= 7)
    {
      FLT_FUZZ_CHECK (flt_json_stream_feed (stream, "{\"a\":1} ", 8, collect_value, out, &error),
                      "a fresh value after finish: %s", error ? error->message : "");
      FLT_FUZZ_CHECK (flt_json_stream_finish (stream, collect_value, out, &error),
                      "finishing after a fresh value: %s", error ? error->message : "");
    }
  return finished;
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
  static const gsize caps[8] = { 0, 1, 8, 64, 512, 4096, 0, 0 };
  Collected whole, chunked;
  gboolean finished_whole, finished_chunked;
  guint8 options;

  if (size == 0)
    return 0;

  whole = (Collected) { g_string_new (NULL), 0 };
  chunked = (Collected) { g_string_new (NULL), 0 };
  options = data[0];
  data++;
  size--;

  finished_whole = split (data, size, caps[options & 7], 0, &whole);
  finished_chunked = split (data, size, caps[options & 7], (options >> 3) + 1, &chunked);

  FLT_FUZZ_CHECK (finished_whole == finished_chunked, "finish: whole %d, in chunks %d",
                  finished_whole, finished_chunked);
  FLT_FUZZ_CHECK (whole.count == chunked.count && whole.values->len == chunked.values->len &&
                  memcmp (whole.values->str, chunked.values->str, whole.values->len) == 0,
                  "%u values whole, %u in chunks", whole.count, chunked.count);

  g_string_free (whole.values, TRUE);
  g_string_free (chunked.values, TRUE);
  return 0;
}
