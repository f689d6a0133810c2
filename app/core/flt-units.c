/* flt-units.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Durations and byte sizes, as Docker Compose v2 reads them (checked
 * against `docker compose config` 2.26).
 *
 * Durations (healthcheck intervals, stop_grace_period, ...) use Go's
 * time.ParseDuration syntax: an optional sign, then one or more numbers
 * with a unit, "1h30m", "1.5s", ".5s", "5.s", "-1s"; the units are h, m, s,
 * ms, us (or µs, μs) and ns, case-sensitive; "0" is the only number allowed
 * without a unit.  Compose rejects bare numbers, quoted or not.
 *
 * Sizes (mem_limit, shm_size, ...) are docker/go-units' RAMInBytes as
 * vendored by Compose 2.26: digits with optional ".digits", an optional
 * single space, then an optional unit k, m, g, t or p (powers of 1024),
 * optionally followed by "i" and then "b", case-insensitive: "512m",
 * "1.5g", "1 GiB", "10kb", "100b".  The result is truncated to whole bytes.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "flt-units.h"

G_DEFINE_QUARK (flt-units-error-quark, flt_units_error)

#define NANOSECOND  G_GUINT64_CONSTANT (1)
#define MICROSECOND (1000 * NANOSECOND)
#define MILLISECOND (1000 * MICROSECOND)
#define SECOND      (1000 * MILLISECOND)
#define MINUTE      (60 * SECOND)
#define HOUR        (60 * MINUTE)

#define LIMIT       (G_GUINT64_CONSTANT (1) << 63)

static const struct
{
  const char *name;
  guint64     nanoseconds;
} duration_units[] = {
  { "ns", NANOSECOND },
  { "us", MICROSECOND },
  { "\xC2\xB5s", MICROSECOND },  /* U+00B5 MICRO SIGN */
  { "\xCE\xBCs", MICROSECOND },  /* U+03BC GREEK SMALL LETTER MU */
  { "ms", MILLISECOND },
  { "s", SECOND },
  { "m", MINUTE },
  { "h", HOUR },
};

static gboolean
set_duration_error (GError     **error,
                    const char  *text)
{
  g_set_error (error, FLT_UNITS_ERROR, FLT_UNITS_ERROR_INVALID,
               _("“%s” is not a duration; write it like 1m30s, 10s or 500ms"), text);
  return FALSE;
}

static gboolean
set_duration_range_error (GError     **error,
                          const char  *text)
{
  g_set_error (error, FLT_UNITS_ERROR, FLT_UNITS_ERROR_OUT_OF_RANGE,
               _("“%s” is too long a duration; the longest is 2562047h47m16.854775807s"), text);
  return FALSE;
}

/**
 * flt_parse_duration:
 * @text: a duration such as "1m30s"
 * @out_nanoseconds: (out) (optional): the duration in nanoseconds
 * @error: return location for a #FLT_UNITS_ERROR
 *
 * Parses a duration the way Compose does (Go's time.ParseDuration).
 *
 * Returns: %TRUE if @text is a duration
 */
gboolean
flt_parse_duration (const char  *text,
                    gint64      *out_nanoseconds,
                    GError     **error)
{
  const char *s = text;
  gboolean negative = FALSE;
  guint64 total = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*s == '-' || *s == '+')
    {
      negative = *s == '-';
      s++;
    }

  if (strcmp (s, "0") == 0)
    {
      if (out_nanoseconds != NULL)
        *out_nanoseconds = 0;
      return TRUE;
    }

  if (*s == '\0')
    return set_duration_error (error, text);

  while (*s != '\0')
    {
      guint64 whole = 0;
      guint64 fraction = 0;
      double scale = 1;
      gboolean before_point = FALSE;
      gboolean after_point = FALSE;
      gboolean fraction_overflow = FALSE;
      const char *unit_start;
      guint64 unit = 0;
      gsize unit_length;

      if (*s != '.' && !g_ascii_isdigit (*s))
        return set_duration_error (error, text);

      for (; g_ascii_isdigit (*s); s++)
        {
          if (whole > LIMIT / 10)
            return set_duration_range_error (error, text);
          whole = whole * 10 + (guint64) (*s - '0');
          if (whole > LIMIT)
            return set_duration_range_error (error, text);
          before_point = TRUE;
        }

      if (*s == '.')
        {
          /* Digits beyond what 63 bits hold are dropped, as in Go */
          for (s++; g_ascii_isdigit (*s); s++)
            {
              after_point = TRUE;
              if (fraction_overflow)
                continue;
              if (fraction > (LIMIT - 1) / 10)
                {
                  fraction_overflow = TRUE;
                  continue;
                }
              fraction = fraction * 10 + (guint64) (*s - '0');
              scale *= 10;
            }
        }

      if (!before_point && !after_point)
        return set_duration_error (error, text);

      unit_start = s;
      while (*s != '\0' && *s != '.' && !g_ascii_isdigit (*s))
        s++;
      unit_length = s - unit_start;

      if (unit_length == 0)
        {
          g_set_error (error, FLT_UNITS_ERROR, FLT_UNITS_ERROR_INVALID,
                       _("“%s” is not a duration: a number needs a unit (h, m, s, ms, us or ns); "
                         "write it like 1m30s, 10s or 500ms"),
                       text);
          return FALSE;
        }

      for (guint i = 0; i < G_N_ELEMENTS (duration_units); i++)
        if (strlen (duration_units[i].name) == unit_length &&
            memcmp (duration_units[i].name, unit_start, unit_length) == 0)
          unit = duration_units[i].nanoseconds;

      if (unit == 0)
        {
          g_autofree char *name = g_strndup (unit_start, unit_length);

          g_set_error (error, FLT_UNITS_ERROR, FLT_UNITS_ERROR_INVALID,
                       _("“%s” is not a duration: “%s” is not a unit (use h, m, s, ms, us or ns); "
                         "write it like 1m30s, 10s or 500ms"),
                       text, name);
          return FALSE;
        }

      if (whole > LIMIT / unit)
        return set_duration_range_error (error, text);
      whole *= unit;

      if (fraction > 0)
        {
          /* A double is exact enough: at most 3.6e12 ns per hour */
          whole += (guint64) ((double) fraction * ((double) unit / scale));
          if (whole > LIMIT)
            return set_duration_range_error (error, text);
        }

      total += whole;
      if (total > LIMIT)
        return set_duration_range_error (error, text);
    }

  if (!negative && total > LIMIT - 1)
    return set_duration_range_error (error, text);

  if (out_nanoseconds != NULL)
    {
      if (!negative)
        *out_nanoseconds = (gint64) total;
      else if (total == LIMIT)
        *out_nanoseconds = G_MININT64;
      else
        *out_nanoseconds = -(gint64) total;
    }

  return TRUE;
}

/* Writes the fraction of @value / 10^@precision before @end, without its
 * trailing zeros nor the point when it is zero; returns the new start.
 */
static char *
prepend_fraction (char    *end,
                  guint64 *value,
                  guint    precision)
{
  gboolean print = FALSE;

  for (guint i = 0; i < precision; i++)
    {
      guint digit = *value % 10;

      print = print || digit != 0;
      if (print)
        *--end = (char) ('0' + digit);
      *value /= 10;
    }

  if (print)
    *--end = '.';

  return end;
}

static char *
prepend_integer (char    *end,
                 guint64  value)
{
  do
    {
      *--end = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);

  return end;
}

/**
 * flt_format_duration:
 * @nanoseconds: a duration
 *
 * Formats a duration the way Compose writes it back (Go's
 * time.Duration.String()): "1h0m0s", "1m30s", "1.5s", "500ms", "2µs", "0s".
 *
 * Returns: (transfer full): the text
 */
char *
flt_format_duration (gint64 nanoseconds)
{
  char buffer[40];
  char *end = buffer + sizeof buffer - 1;
  char *p;
  guint64 u;

  *end = '\0';
  p = end;

  /* Negating in unsigned arithmetic also works for G_MININT64 */
  u = nanoseconds < 0 ? -(guint64) nanoseconds : (guint64) nanoseconds;

  if (u < SECOND)
    {
      guint precision;

      *--p = 's';
      if (u == 0)
        return g_strdup ("0s");
      else if (u < MICROSECOND)
        {
          precision = 0;
          *--p = 'n';
        }
      else if (u < MILLISECOND)
        {
          precision = 3;
          p -= 2;
          memcpy (p, "\xC2\xB5", 2);
        }
      else
        {
          precision = 6;
          *--p = 'm';
        }
      p = prepend_fraction (p, &u, precision);
      p = prepend_integer (p, u);
    }
  else
    {
      *--p = 's';
      p = prepend_fraction (p, &u, 9);
      p = prepend_integer (p, u % 60);
      u /= 60;
      if (u > 0)
        {
          *--p = 'm';
          p = prepend_integer (p, u % 60);
          u /= 60;
          /* Hours are the largest unit: days can have 23 or 25 of them */
          if (u > 0)
            {
              *--p = 'h';
              p = prepend_integer (p, u);
            }
        }
    }

  if (nanoseconds < 0)
    *--p = '-';

  return g_strdup (p);
}

static gboolean
set_size_error (GError     **error,
                const char  *text)
{
  g_set_error (error, FLT_UNITS_ERROR, FLT_UNITS_ERROR_INVALID,
               _("“%s” is not a size; write a number with an optional unit b, k, m, g, t "
                 "or p (powers of 1024), like 512m, 1.5g or 2048k"),
               text);
  return FALSE;
}

static gboolean
set_size_range_error (GError     **error,
                      const char  *text)
{
  g_set_error (error, FLT_UNITS_ERROR, FLT_UNITS_ERROR_OUT_OF_RANGE,
               _("“%s” is too large a size; it must be less than 8192p"), text);
  return FALSE;
}

/**
 * flt_parse_size:
 * @text: a size such as "512m" or "1.5g"
 * @out_bytes: (out) (optional): the size in bytes
 * @error: return location for a #FLT_UNITS_ERROR
 *
 * Parses a byte size the way Compose does (go-units' RAMInBytes), and also
 * a signed whole number such as "-1" or "+5", which is how a YAML integer
 * reaches us: Compose takes `mem_limit: -1` (an integer) but rejects
 * `mem_limit: "-1"` (a string), so callers that know the scalar was quoted
 * may want to reject a sign themselves.
 *
 * Returns: %TRUE if @text is a size
 */
gboolean
flt_parse_size (const char  *text,
                gint64      *out_bytes,
                GError     **error)
{
  const char *p = text;
  const char *number_end;
  guint points = 0;
  guint64 multiplier = 1;
  gint64 bytes;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((*p == '-' || *p == '+') && g_ascii_isdigit (p[1]))
    {
      g_autoptr(GError) local_error = NULL;
      gint64 value;

      for (p++; g_ascii_isdigit (*p); p++)
        ;
      if (*p != '\0')
        return set_size_error (error, text);

      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, &local_error))
        return set_size_range_error (error, text);

      if (out_bytes != NULL)
        *out_bytes = value;
      return TRUE;
    }

  if (!g_ascii_isdigit (*p))
    return set_size_error (error, text);

  while (g_ascii_isdigit (*p))
    p++;
  while (*p == '.' && g_ascii_isdigit (p[1]))
    {
      points++;
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }
  number_end = p;

  if (*p == ' ')
    p++;

  switch (g_ascii_tolower (*p))
    {
    case 'k': multiplier = G_GUINT64_CONSTANT (1) << 10; p++; break;
    case 'm': multiplier = G_GUINT64_CONSTANT (1) << 20; p++; break;
    case 'g': multiplier = G_GUINT64_CONSTANT (1) << 30; p++; break;
    case 't': multiplier = G_GUINT64_CONSTANT (1) << 40; p++; break;
    case 'p': multiplier = G_GUINT64_CONSTANT (1) << 50; p++; break;
    default: break;
    }
  if (g_ascii_tolower (*p) == 'i')
    p++;
  if (g_ascii_tolower (*p) == 'b')
    p++;

  /* "1.2.3g" has the shape of a size, but no number */
  if (*p != '\0' || points > 1)
    return set_size_error (error, text);

  if (points == 0)
    {
      guint64 value = 0;

      for (const char *q = text; q < number_end; q++)
        {
          if (value > (guint64) G_MAXINT64 / 10)
            return set_size_range_error (error, text);
          value = value * 10 + (guint64) (*q - '0');
          if (value > (guint64) G_MAXINT64)
            return set_size_range_error (error, text);
        }
      if (value > (guint64) G_MAXINT64 / multiplier)
        return set_size_range_error (error, text);
      bytes = (gint64) (value * multiplier);
    }
  else
    {
      g_autofree char *number = g_strndup (text, number_end - text);
      double value = g_ascii_strtod (number, NULL) * (double) multiplier;

      /* 2^63 is the first double that does not fit */
      if (!(value < 9223372036854775808.0))
        return set_size_range_error (error, text);
      bytes = (gint64) value;
    }

  if (out_bytes != NULL)
    *out_bytes = bytes;

  return TRUE;
}
