/* flt-fuzz.h: what the fuzz targets share
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* Every target defines both; libFuzzer calls them, and so does the smoke
 * driver (flt-fuzz-smoke.c) in the ordinary build. */
int  LLVMFuzzerInitialize    (int            *argc,
                              char         ***argv);
int  LLVMFuzzerTestOneInput  (const uint8_t  *data,
                              size_t          size);

/* Sets up GLib the same way for libFuzzer and the smoke driver: criticals
 * and warnings abort, so that they count as crashes. */
void flt_fuzz_init           (void);

/* Aborts with a message when @condition is false: a broken invariant is a
 * crash for the fuzzer.  Never compiled out, unlike g_assert(). */
#define FLT_FUZZ_CHECK(condition, ...)                                  \
  G_STMT_START {                                                        \
    if (G_UNLIKELY (!(condition)))                                      \
      flt_fuzz_fail (__FILE__, __LINE__, #condition, __VA_ARGS__);      \
  } G_STMT_END

G_GNUC_NORETURN G_GNUC_PRINTF (4, 5)
void flt_fuzz_fail           (const char     *file,
                              int             line,
                              const char     *condition,
                              const char     *format,
                              ...);

/* An error a person could see: set, with a message that is not empty and
 * is valid UTF-8 (GTK labels refuse anything else). */
void flt_fuzz_check_error    (const GError   *error,
                              const char     *what);

/* Reads the input as a stream of small decisions; past the end every
 * read gives 0, so that any input decodes to something. */
typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
} FltFuzzReader;

static inline void
flt_fuzz_reader_init (FltFuzzReader *reader,
                      const guint8  *data,
                      gsize          size)
{
  reader->data = data;
  reader->size = size;
  reader->pos = 0;
}

static inline gboolean
flt_fuzz_reader_done (const FltFuzzReader *reader)
{
  return reader->pos >= reader->size;
}

static inline guint8
flt_fuzz_reader_byte (FltFuzzReader *reader)
{
  return reader->pos < reader->size ? reader->data[reader->pos++] : 0;
}

static inline guint
flt_fuzz_reader_uint16 (FltFuzzReader *reader)
{
  guint high = flt_fuzz_reader_byte (reader);

  return (high << 8) | flt_fuzz_reader_byte (reader);
}

/* Up to @max_length bytes, as many as the next byte says. */
static inline const guint8 *
flt_fuzz_reader_bytes (FltFuzzReader *reader,
                       gsize          max_length,
                       gsize         *length)
{
  gsize wanted = max_length > 0 ? flt_fuzz_reader_byte (reader) % (max_length + 1) : 0;
  const guint8 *start;

  *length = MIN (wanted, reader->size - reader->pos);
  if (*length == 0)
    return (const guint8 *) "";
  start = reader->data + reader->pos;
  reader->pos += *length;
  return start;
}

G_END_DECLS
