/* flt-json-stream.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A stream of JSON values, as the Engine sends them from /events, /build
 * and /images/create: one value per line in practice, but read here without
 * relying on lines.  A small scanner follows strings (with their escapes)
 * and the nesting of objects and arrays to find where each top-level value
 * ends (or, if a bracket does not match, where it breaks), so values may come several to a chunk, split across chunks, with
 * "\r\n" between them, or glued together with nothing between them.  Only
 * complete values reach the JSON parser.
 *
 * Top-level scalars are handled too: a string ends at its closing quote,
 * anything else (numbers, true, false, null, garbage) at the next
 * whitespace or at the start of an object, array or string.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "flt-json-stream.h"

G_DEFINE_QUARK (flt-json-stream-error-quark, flt_json_stream_error)

/* How much of a bad value an error message shows. */
#define SNIPPET_LENGTH 60

/* json-glib's parser recurses once per level: a value nested deeper than
 * this is skipped rather than handed to it, whose stack it would overflow
 * (100,000 levels do).  The Engine's own values are a few levels deep. */
#define MAX_DEPTH 512

typedef enum
{
  STATE_BETWEEN,    /* between values, skipping whitespace */
  STATE_CONTAINER,  /* in an object or array */
  STATE_STRING,     /* in a top-level string */
  STATE_SCALAR,     /* in a top-level number, literal or garbage */
} State;

struct _FltJsonStream
{
  GByteArray *value;       /* the current value, as far as it has come */
  gsize       max_value_size;
  gsize       value_size;  /* counts on while skipping an over-large value */

  State       state;
  GByteArray *open;        /* the brackets open in the current value */
  gboolean    in_string;
  gboolean    escape;
  gboolean    skipping;    /* the current value is too large: drop it */

  /* \uXXXX escapes, followed only to catch one json-glib 1.6 mishandles:
   * a high surrogate then a \u escape that is not a low surrogate leaks
   * memory in its scanner (each time: a stream of them would grow
   * without end), so such a value never reaches it. */
  guint       u_digits;    /* hex digits still to come in a \u escape */
  guint       u_value;
  gboolean    after_high;  /* right after a high surrogate escape */
  gboolean    second_u;    /* in the \u escape right after one */
  gboolean    malformed;   /* the current value pairs a surrogate badly */
  gboolean    bad_u;       /* the current value has a \u escape without four hex digits */

  JsonParser *parser;
};

/**
 * flt_json_stream_new:
 *
 * Returns: (transfer full): a new splitter, with a cap of
 *   %FLT_JSON_STREAM_MAX_VALUE bytes per value
 */
FltJsonStream *
flt_json_stream_new (void)
{
  FltJsonStream *self = g_new0 (FltJsonStream, 1);

  self->value = g_byte_array_new ();
  self->open = g_byte_array_new ();
  self->max_value_size = FLT_JSON_STREAM_MAX_VALUE;
  self->parser = json_parser_new ();

  return self;
}

void
flt_json_stream_free (FltJsonStream *self)
{
  if (self == NULL)
    return;

  g_byte_array_unref (self->value);
  g_byte_array_unref (self->open);
  g_object_unref (self->parser);
  g_free (self);
}

/**
 * flt_json_stream_set_max_value_size:
 * @self: a splitter
 * @max_size: the largest value accepted, in bytes
 *
 * A value larger than @max_size is not kept in memory: it is skipped up to
 * its end and reported as %FLT_JSON_STREAM_ERROR_TOO_LARGE.
 */
void
flt_json_stream_set_max_value_size (FltJsonStream *self,
                                    gsize          max_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_size > 0);

  self->max_value_size = max_size;
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The start of @data, fit for a message: valid UTF-8, one line, short. */
static char *
make_snippet (const guint8 *data,
              gsize         length)
{
  g_autofree char *valid = NULL;
  GString *snippet;
  const char *p;
  guint n_chars = 0;

  valid = g_utf8_make_valid ((const char *) data, MIN (length, SNIPPET_LENGTH * 4));
  snippet = g_string_new (NULL);

  for (p = valid; *p != '\0' && n_chars < SNIPPET_LENGTH; p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (snippet, ' ');
      else
        g_string_append_unichar (snippet, c);
    }

  if (*p != '\0' || length > SNIPPET_LENGTH * 4)
    g_string_append (snippet, "…");

  return g_string_free (snippet, FALSE);
}

static void
report (GError     **error,
        GError      *new_error)
{
  if (error != NULL && *error == NULL)
    g_propagate_error (error, new_error);
  else
    {
      g_debug ("%s", new_error->message);
      g_error_free (new_error);
    }
}

/* Adds the bytes of the current value that this chunk holds. */
static void
append (FltJsonStream  *self,
        const char     *data,
        gsize           length,
        GError        **error)
{
  self->value_size += length;

  if (self->skipping)
    return;

  if (self->value_size > self->max_value_size)
    {
      g_autofree char *snippet = NULL;
      g_autofree char *size = g_format_size (self->max_value_size);

      /* The start of the value may be in this chunk still. */
      g_byte_array_append (self->value, (const guint8 *) data, MIN (length, SNIPPET_LENGTH * 4));
      snippet = make_snippet (self->value->data, self->value->len);

      report (error,
              g_error_new (FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_TOO_LARGE,
                           /* Translators: the first %s is a size like "16.8 MB",
                            * the second one the start of the value */
                           _("A JSON value in the stream is larger than %s and was skipped (it began “%s”)"),
                           size, snippet));
      self->skipping = TRUE;
      g_byte_array_set_size (self->value, 0);
      return;
    }

  g_byte_array_append (self->value, (const guint8 *) data, length);
}

/* Starts skipping the current value, whose bytes in this chunk so far are
 * [@start, @p). */
static void
skip_too_deep (FltJsonStream  *self,
               const char     *start,
               const char     *p,
               GError        **error)
{
  g_autofree char *snippet = NULL;

  if (self->value->len > 0)
    snippet = make_snippet (self->value->data, self->value->len);
  else
    snippet = make_snippet ((const guint8 *) start, p - start);

  report (error,
          g_error_new (FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID,
                       /* Translators: %d is a number of levels, %s the start of the value */
                       _("A JSON value in the stream is nested deeper than %d levels and was skipped "
                         "(it began “%s”)"),
                       MAX_DEPTH, snippet));
  self->skipping = TRUE;
  g_byte_array_set_size (self->value, 0);
}

/* One byte of a string that follows an escape or a \u escape's digits;
 * returns FALSE when the byte still is the string's own (not an escape
 * letter or a hex digit), for the caller to look at. */
static gboolean
follow_escape (FltJsonStream *self,
               char           c)
{
  if (self->u_digits > 0)
    {
      if (g_ascii_isxdigit (c))
        {
          self->u_value = self->u_value * 16 + g_ascii_xdigit_value (c);
          if (--self->u_digits == 0)
            {
              if (self->second_u)
                self->malformed |= self->u_value < 0xdc00 || self->u_value > 0xdfff;
              else
                self->after_high = self->u_value >= 0xd800 && self->u_value <= 0xdbff;
              self->second_u = FALSE;
            }
          return TRUE;
        }
      /* Not four hex digits: json-glib fails on it, and leaks the string
       * it was reading, so it is not given the value at all. */
      self->bad_u = TRUE;
      self->u_digits = 0;
      self->second_u = FALSE;
      return FALSE;
    }

  /* c follows a backslash. */
  self->escape = FALSE;
  if (c == 'u')
    {
      self->u_digits = 4;
      self->u_value = 0;
      self->second_u = self->after_high;
    }
  self->after_high = FALSE;
  return TRUE;
}

static void
reset_value (FltJsonStream *self)
{
  g_byte_array_set_size (self->value, 0);
  self->value_size = 0;
  self->state = STATE_BETWEEN;
  g_byte_array_set_size (self->open, 0);
  self->in_string = FALSE;
  self->escape = FALSE;
  self->skipping = FALSE;
  self->u_digits = 0;
  self->after_high = FALSE;
  self->second_u = FALSE;
  self->malformed = FALSE;
  self->bad_u = FALSE;
}

static void
complete_value (FltJsonStream     *self,
                FltJsonValueFunc   func,
                gpointer           user_data,
                GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->skipping)
    {
      reset_value (self);
      return;
    }

  if (self->bad_u)
    {
      g_autofree char *snippet = make_snippet (self->value->data, self->value->len);

      report (error,
              g_error_new (FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID,
                           /* Translators: %s is the start of the bad value */
                           _("Invalid JSON in the stream: “%s” (a \\u escape needs four hex digits)"),
                           snippet));
      reset_value (self);
      return;
    }

  if (self->malformed)
    {
      g_autofree char *snippet = make_snippet (self->value->data, self->value->len);

      report (error,
              g_error_new (FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID,
                           /* Translators: %s is the start of the bad value */
                           _("Invalid JSON in the stream: “%s” (a \\u escape of the first half of a "
                             "surrogate pair is not followed by the second half)"),
                           snippet));
      reset_value (self);
      return;
    }

  if (json_parser_load_from_data (self->parser,
                                  (const char *) self->value->data,
                                  self->value->len,
                                  &local_error))
    {
      g_autoptr(JsonNode) root = json_parser_steal_root (self->parser);

      if (root != NULL)
        func (root, user_data);
    }
  else
    {
      g_autofree char *snippet = make_snippet (self->value->data, self->value->len);
      /* The parser quotes the bad text, which need not be UTF-8. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      report (error,
              g_error_new (FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_INVALID,
                           /* Translators: the first %s is the start of the
                            * bad text, the second one the parser's message */
                           _("Invalid JSON in the stream: “%s” (%s)"),
                           snippet, reason));
    }

  reset_value (self);
}

/**
 * flt_json_stream_feed:
 * @self: a splitter
 * @data: (array length=length): the next bytes of the stream, split
 *   anywhere
 * @length: the number of bytes in @data
 * @func: called for each complete value
 * @user_data: data for @func
 * @error: return location for an error
 *
 * Calls @func for every value that @data completes.
 *
 * A value that does not parse, or that is larger than the cap, is skipped
 * and reported, but the values after it (in @data and later) are still
 * delivered: a bad value does not stop the stream.  When @data holds
 * several bad values, @error describes the first one.
 *
 * Returns: %TRUE, or %FALSE with @error set if a value was skipped
 */
gboolean
flt_json_stream_feed (FltJsonStream     *self,
                      const char        *data,
                      gsize              length,
                      FltJsonValueFunc   func,
                      gpointer           user_data,
                      GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *p = data;
  const char *end = data + length;
  const char *start = data;   /* the first byte of the current value in data */

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (p < end)
    {
      if (self->in_string)
        {
          /* Most of the bytes are in strings: run through them. */
          for (; p < end; p++)
            {
              if ((self->escape || self->u_digits > 0) && follow_escape (self, *p))
                continue;
              if (*p == '\\')
                self->escape = TRUE;
              else
                {
                  self->after_high = FALSE;
                  if (*p == '"')
                    break;
                }
            }

          if (p == end)
            break;

          p++;
          self->in_string = FALSE;
          if (self->state == STATE_STRING)
            {
              append (self, start, p - start, &local_error);
              complete_value (self, func, user_data, &local_error);
            }
          continue;
        }

      switch (self->state)
        {
        case STATE_BETWEEN:
          if (is_space (*p))
            {
              p++;
              break;
            }

          start = p;
          if (*p == '{' || *p == '[')
            {
              self->state = STATE_CONTAINER;
              g_byte_array_append (self->open, (const guint8 *) p, 1);
            }
          else if (*p == '"')
            {
              self->state = STATE_STRING;
              self->in_string = TRUE;
            }
          else
            {
              self->state = STATE_SCALAR;
            }
          p++;
          break;

        case STATE_CONTAINER:
          for (; p < end; p++)
            {
              char c = *p;

              if (c == '"')
                {
                  self->in_string = TRUE;
                  p++;
                  break;
                }
              else if (c == '{' || c == '[')
                {
                  g_byte_array_append (self->open, (const guint8 *) p, 1);
                  if (self->open->len > MAX_DEPTH && !self->skipping)
                    skip_too_deep (self, start, p, &local_error);
                }
              else if (c == '}' || c == ']')
                {
                  char opening = self->open->data[self->open->len - 1];

                  g_byte_array_set_size (self->open, self->open->len - 1);

                  /* The value ends with its last bracket, or where a
                   * bracket does not match: that one is broken, and the
                   * parser will say so, but what follows is not lost.
                   */
                  if (self->open->len == 0 || opening != (c == '}' ? '{' : '['))
                    {
                      p++;
                      append (self, start, p - start, &local_error);
                      complete_value (self, func, user_data, &local_error);
                      break;
                    }
                }
            }
          break;

        case STATE_SCALAR:
          for (; p < end; p++)
            {
              char c = *p;

              if (is_space (c) || c == '{' || c == '[' || c == '"')
                {
                  /* The delimiter is not part of the value; the next turn
                   * skips the space or starts the next value with it.
                   */
                  append (self, start, p - start, &local_error);
                  complete_value (self, func, user_data, &local_error);
                  break;
                }
            }
          break;

        case STATE_STRING:
        default:
          g_assert_not_reached ();
        }
    }

  if (self->state != STATE_BETWEEN)
    append (self, start, end - start, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * flt_json_stream_finish:
 * @self: a splitter
 * @func: called for a value that the end of the stream completes
 * @user_data: data for @func
 * @error: return location for an error
 *
 * Ends the stream.  A number or literal at the very end (with no whitespace
 * after it) is delivered now; an object, array or string left open is an
 * error.  Afterwards the splitter is ready for a new stream.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
flt_json_stream_finish (FltJsonStream     *self,
                        FltJsonValueFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (self->state)
    {
    case STATE_BETWEEN:
      return TRUE;

    case STATE_SCALAR:
      {
        g_autoptr(GError) local_error = NULL;

        complete_value (self, func, user_data, &local_error);
        if (local_error != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
        return TRUE;
      }

    case STATE_CONTAINER:
    case STATE_STRING:
    default:
      {
        gboolean skipped = self->skipping;
        g_autofree char *snippet = make_snippet (self->value->data, self->value->len);

        reset_value (self);

        /* An over-large value was reported already. */
        if (skipped)
          return TRUE;

        g_set_error (error, FLT_JSON_STREAM_ERROR, FLT_JSON_STREAM_ERROR_TRUNCATED,
                     /* Translators: %s is the start of the unfinished value */
                     _("The stream ended in the middle of a JSON value: “%s”"),
                     snippet);
        return FALSE;
      }
    }
}
