/* flt-log-demuxer.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Engine's log and attach streams, split into lines.
 *
 * A container without a TTY is read as a multiplexed stream: frames made
 * of an 8-byte header (byte 0 the stream: 0 stdin, which the Engine writes
 * to stdout, 1 stdout, 2 stderr, 3 an Engine error; bytes 1-3 zero; bytes
 * 4-7 the payload length, big-endian) and the payload.  Frames are not
 * line-aligned, and stdout and stderr frames interleave, so each stream
 * keeps its own partial line.  A container with a TTY sends raw bytes,
 * all of it stdout.
 *
 * The hot path allocates nothing: each stream's buffer grows to the longest
 * line seen (at most FLT_LOG_DEMUXER_MAX_LINE + 1 bytes) and is reused, and
 * each line is copied there once so that it can be handed out NUL-terminated.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "flt-log-demuxer.h"

G_DEFINE_QUARK (flt-log-demuxer-error-quark, flt_log_demuxer_error)

#define HEADER_SIZE 8
#define N_STREAMS   4   /* indexed by FltLogStream; slot 0 unused */

typedef struct
{
  char     *data;
  gsize     len;
  gsize     alloc;
  gboolean  continued;   /* an earlier piece of this line went out already */
} LineBuffer;

struct _FltLogDemuxer
{
  gboolean      tty;
  gboolean      failed;

  guint8        header[HEADER_SIZE];
  guint         header_len;
  FltLogStream  frame_stream;
  guint32       frame_remaining;
  guint64       offset;          /* bytes consumed, for error messages */

  LineBuffer    buffers[N_STREAMS];
};

/**
 * flt_log_demuxer_new:
 * @tty: whether the container has a TTY (`Config.Tty`), in which case the
 *   stream is raw and everything in it is stdout
 *
 * Returns: (transfer full): a new demuxer
 */
FltLogDemuxer *
flt_log_demuxer_new (gboolean tty)
{
  FltLogDemuxer *self = g_new0 (FltLogDemuxer, 1);

  self->tty = !!tty;

  return self;
}

void
flt_log_demuxer_free (FltLogDemuxer *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < N_STREAMS; i++)
    g_free (self->buffers[i].data);
  g_free (self);
}

/* Makes room for @length more bytes and the NUL after them. */
static inline void
line_buffer_reserve (LineBuffer *buffer,
                     gsize       length)
{
  if (G_UNLIKELY (buffer->len + length + 1 > buffer->alloc))
    {
      gsize alloc = MAX (buffer->alloc, 256);

      while (alloc < buffer->len + length + 1)
        alloc *= 2;
      buffer->data = g_realloc (buffer->data, alloc);
      buffer->alloc = alloc;
    }
}

static inline void
line_buffer_append (LineBuffer   *buffer,
                    const guint8 *data,
                    gsize         length)
{
  line_buffer_reserve (buffer, length);
  if (length > 0)
    memcpy (buffer->data + buffer->len, data, length);
  buffer->len += length;
}

/* Hands out what the buffer holds and empties it.  @terminated says that a
 * "\n" ended the line, so that the line is over; otherwise this is a piece
 * of an over-long line, or the unterminated end of the stream.
 */
static inline void
line_buffer_emit (LineBuffer     *buffer,
                  FltLogStream    stream,
                  gboolean        terminated,
                  FltLogLineFunc  func,
                  gpointer        user_data)
{
  gsize len = buffer->len;

  line_buffer_reserve (buffer, 0);

  if (terminated)
    {
      if (len > 0 && buffer->data[len - 1] == '\r')
        len--;

      /* What is left of a line already sent in pieces: nothing, or just
       * the "\r" of its "\r\n".  No need for an empty line.
       */
      if (!(buffer->continued && len == 0))
        {
          buffer->data[len] = '\0';
          func (stream, buffer->data, len, user_data);
        }
      buffer->continued = FALSE;
    }
  else
    {
      buffer->data[len] = '\0';
      func (stream, buffer->data, len, user_data);
      buffer->continued = TRUE;
    }

  buffer->len = 0;
}

/* Adds bytes that contain no "\n", sending out pieces of
 * FLT_LOG_DEMUXER_MAX_LINE bytes when the line grows beyond that.
 */
static inline void
line_buffer_add (LineBuffer     *buffer,
                 FltLogStream    stream,
                 const guint8   *data,
                 gsize           length,
                 FltLogLineFunc  func,
                 gpointer        user_data)
{
  while (buffer->len + length > FLT_LOG_DEMUXER_MAX_LINE)
    {
      gsize take = FLT_LOG_DEMUXER_MAX_LINE - buffer->len;

      line_buffer_append (buffer, data, take);
      line_buffer_emit (buffer, stream, FALSE, func, user_data);
      data += take;
      length -= take;
    }

  line_buffer_append (buffer, data, length);
}

static void
consume_payload (FltLogDemuxer  *self,
                 FltLogStream    stream,
                 const guint8   *data,
                 gsize           length,
                 FltLogLineFunc  func,
                 gpointer        user_data)
{
  LineBuffer *buffer = &self->buffers[stream];

  while (length > 0)
    {
      const guint8 *newline = memchr (data, '\n', length);
      gsize segment;

      if (newline == NULL)
        {
          line_buffer_add (buffer, stream, data, length, func, user_data);
          return;
        }

      segment = newline - data;
      line_buffer_add (buffer, stream, data, segment, func, user_data);
      line_buffer_emit (buffer, stream, TRUE, func, user_data);
      data += segment + 1;
      length -= segment + 1;
    }
}

/**
 * flt_log_demuxer_feed:
 * @self: a demuxer
 * @data: (array length=length): the next bytes of the stream, split
 *   anywhere
 * @length: the number of bytes in @data
 * @func: called for each complete line
 * @user_data: data for @func
 * @error: return location for an error
 *
 * Decodes @data and calls @func for every line it completes.
 *
 * A frame header that is not one (a stream number above 3, or non-zero
 * padding) is an error: it usually means that the container has a TTY and
 * the stream is raw.  Nothing is delivered after it, and later calls fail.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
flt_log_demuxer_feed (FltLogDemuxer   *self,
                      const guint8    *data,
                      gsize            length,
                      FltLogLineFunc   func,
                      gpointer         user_data,
                      GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->failed)
    {
      g_set_error_literal (error, FLT_LOG_DEMUXER_ERROR,
                           FLT_LOG_DEMUXER_ERROR_FAILED,
                           _("The log stream could not be decoded earlier and cannot go on"));
      return FALSE;
    }

  if (self->tty)
    {
      consume_payload (self, FLT_LOG_STDOUT, data, length, func, user_data);
      self->offset += length;
      return TRUE;
    }

  while (length > 0)
    {
      gsize take;

      if (self->frame_remaining == 0)
        {
          const guint8 *header;

          if (self->header_len == 0 && length >= HEADER_SIZE)
            {
              header = data;
              data += HEADER_SIZE;
              length -= HEADER_SIZE;
            }
          else
            {
              take = MIN (HEADER_SIZE - self->header_len, length);
              memcpy (self->header + self->header_len, data, take);
              self->header_len += take;
              data += take;
              length -= take;

              if (self->header_len < HEADER_SIZE)
                break;

              header = self->header;
            }

          self->header_len = 0;

          if (header[0] > 3 || header[1] != 0 || header[2] != 0 || header[3] != 0)
            {
              g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, self->offset);

              self->failed = TRUE;
              g_set_error (error, FLT_LOG_DEMUXER_ERROR,
                           FLT_LOG_DEMUXER_ERROR_INVALID_HEADER,
                           /* Translators: %s is a byte offset, the other
                            * numbers are bytes in hexadecimal */
                           _("The log stream is not a multiplexed stream: invalid frame header at byte %s "
                             "(%02x %02x %02x %02x; expected a stream number from 0 to 3 and three zero bytes). "
                             "Read the logs of a container with a TTY as a raw stream."),
                           offset, header[0], header[1], header[2], header[3]);
              return FALSE;
            }

          self->offset += HEADER_SIZE;
          self->frame_stream = header[0] == 0 ? FLT_LOG_STDOUT : (FltLogStream) header[0];
          self->frame_remaining = ((guint32) header[4] << 24) | ((guint32) header[5] << 16)
                                  | ((guint32) header[6] << 8) | (guint32) header[7];
          continue;
        }

      take = MIN ((gsize) self->frame_remaining, length);
      consume_payload (self, self->frame_stream, data, take, func, user_data);
      self->frame_remaining -= take;
      self->offset += take;
      data += take;
      length -= take;
    }

  return TRUE;
}

/**
 * flt_log_demuxer_finish:
 * @self: a demuxer
 * @func: called for each unterminated line
 * @user_data: data for @func
 *
 * Ends the stream: delivers what is left of each stream's last line (if it
 * did not end in "\n"), stdout first.  A truncated frame is dropped silently.
 * Afterwards the demuxer is ready for a new stream, unless it failed.
 */
void
flt_log_demuxer_finish (FltLogDemuxer  *self,
                        FltLogLineFunc  func,
                        gpointer        user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  if (self->failed)
    return;

  for (guint i = FLT_LOG_STDOUT; i <= FLT_LOG_SYSTEM; i++)
    {
      LineBuffer *buffer = &self->buffers[i];

      if (buffer->len > 0)
        line_buffer_emit (buffer, (FltLogStream) i, TRUE, func, user_data);
      buffer->continued = FALSE;
    }

  self->header_len = 0;
  self->frame_remaining = 0;
  self->offset = 0;
}

/* Timestamps ---------------------------------------------------------- */

static inline int
parse_digits (const char *p,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return -1;
      value = value * 10 + (p[i] - '0');
    }

  return value;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static gint64
days_from_civil (gint64 year,
                 int    month,
                 int    day)
{
  gint64 era, year_of_era, day_of_year, day_of_era;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  year_of_era = year - era * 400;
  day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return era * 146097 + day_of_era - 719468;
}

static int
days_in_month (int year,
               int month)
{
  static const guint8 days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    return 29;

  return days[month - 1];
}

/**
 * flt_log_split_timestamp:
 * @line: (array length=length): a log line read with `timestamps=1`
 * @length: its length in bytes
 * @out_unix_nanoseconds: (out) (optional): the time, in nanoseconds since
 *   the Unix epoch
 *
 * Splits the RFC 3339 timestamp the Engine puts before each line, such as
 * `2026-11-28T13:07:28.134801231Z `, from the message.  The fraction may
 * have 0 to 9 digits (more are accepted and truncated), and the zone may be
 * `Z` or an offset like `+01:00`.
 *
 * Returns: (nullable) (transfer none): the message, which starts after the
 *   space (or is the end of @line if nothing follows the timestamp), or
 *   %NULL if @line does not start with a timestamp
 */
const char *
flt_log_split_timestamp (const char *line,
                         gsize       length,
                         gint64     *out_unix_nanoseconds)
{
  const char *p = line;
  const char *end = line + length;
  int year, month, day, hour, minute, second;
  gint64 nanoseconds = 0;
  gint64 offset_seconds = 0;
  gint64 seconds;

  g_return_val_if_fail (line != NULL || length == 0, NULL);

  /* "YYYY-MM-DDTHH:MM:SS" and at least a "Z" */
  if (length < 20)
    return NULL;

  year = parse_digits (p, 4);
  month = parse_digits (p + 5, 2);
  day = parse_digits (p + 8, 2);
  hour = parse_digits (p + 11, 2);
  minute = parse_digits (p + 14, 2);
  second = parse_digits (p + 17, 2);

  if (year < 0 || p[4] != '-' || month < 1 || month > 12 || p[7] != '-'
      || day < 1 || day > days_in_month (year, month)
      || (p[10] != 'T' && p[10] != 't')
      || hour < 0 || hour > 23 || p[13] != ':'
      || minute < 0 || minute > 59 || p[16] != ':'
      || second < 0 || second > 60)
    return NULL;

  p += 19;

  if (*p == '.')
    {
      guint digits = 0;

      p++;
      while (p < end && *p >= '0' && *p <= '9')
        {
          if (digits < 9)
            nanoseconds = nanoseconds * 10 + (*p - '0');
          digits++;
          p++;
        }

      if (digits == 0)
        return NULL;

      for (; digits < 9; digits++)
        nanoseconds *= 10;
    }

  if (p >= end)
    return NULL;

  if (*p == 'Z' || *p == 'z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int offset_hours, offset_minutes;

      if (end - p < 6)
        return NULL;

      offset_hours = parse_digits (p + 1, 2);
      offset_minutes = parse_digits (p + 4, 2);
      if (offset_hours < 0 || offset_hours > 23 || p[3] != ':'
          || offset_minutes < 0 || offset_minutes > 59)
        return NULL;

      offset_seconds = offset_hours * 3600 + offset_minutes * 60;
      if (*p == '-')
        offset_seconds = -offset_seconds;
      p += 6;
    }
  else
    {
      return NULL;
    }

  if (p < end)
    {
      if (*p != ' ')
        return NULL;
      p++;
    }

  if (out_unix_nanoseconds != NULL)
    {
      seconds = days_from_civil (year, month, day) * 86400
                + hour * 3600 + minute * 60 + second - offset_seconds;

      /* Four-digit years reach beyond what 64 bits of nanoseconds hold
       * (1677 to 2262).
       */
      if (seconds >= G_MAXINT64 / G_GINT64_CONSTANT (1000000000))
        *out_unix_nanoseconds = G_MAXINT64;
      else if (seconds < G_MININT64 / G_GINT64_CONSTANT (1000000000))
        *out_unix_nanoseconds = G_MININT64;
      else
        *out_unix_nanoseconds = seconds * G_GINT64_CONSTANT (1000000000) + nanoseconds;
    }

  return p;
}
