/* flt-path.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "flt-document.h"
#include "flt-node.h"
#include "flt-path.h"

static void
clear_segment (gpointer data)
{
  FltPathSegment *segment = data;

  g_free (segment->key);
}

static gboolean
fail (const char  *path,
      gsize        at,
      GError     **error)
{
  g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_PATH,
               _("“%s” is not a valid path (at character %u); write it like "
                 "services.web.ports[0] or services.es.environment[\"discovery.type\"]"),
               path, (guint) at + 1);
  return FALSE;
}

/* A key in quotes, with backslash escapes; moves *@p past the closing
 * quote.  NULL when the quote is not closed. */
static char *
read_quoted (const char **p)
{
  const char *s = *p;
  char quote = *s++;
  GString *key = g_string_new (NULL);

  while (*s != '\0' && *s != quote)
    {
      if (*s == '\\' && s[1] != '\0')
        s++;
      g_string_append_c (key, *s++);
    }
  *p = s;
  if (*s != quote)
    {
      g_string_free (key, TRUE);
      return NULL;
    }
  *p = s + 1;
  return g_string_free (key, FALSE);
}

/**
 * flt_path_parse:
 *
 * Parses `a.b[2]["c.d"].e` into segments: keys separated by dots, list
 * indexes in brackets, and quoted keys in brackets for keys that hold dots.
 *
 * Returns: (transfer full) (element-type FltPathSegment): the segments
 */
GArray *
flt_path_parse (const char  *path,
                GError     **error)
{
  g_autoptr(GArray) segments = g_array_new (FALSE, TRUE, sizeof (FltPathSegment));
  const char *p = path;

  g_array_set_clear_func (segments, clear_segment);

  if (path == NULL || *path == '\0')
    {
      fail (path ? path : "", 0, error);
      return NULL;
    }

  while (*p != '\0')
    {
      FltPathSegment segment = { NULL, 0 };

      if (*p == '[')
        {
          p++;
          if (*p == '"' || *p == '\'')
            {
              segment.key = read_quoted (&p);
              if (segment.key == NULL || *p != ']')
                {
                  g_free (segment.key);
                  fail (path, p - path, error);
                  return NULL;
                }
              p++;
            }
          else
            {
              char *end = NULL;
              guint64 index;

              if (!g_ascii_isdigit (*p))
                {
                  fail (path, p - path, error);
                  return NULL;
                }
              index = g_ascii_strtoull (p, &end, 10);
              if (end == NULL || *end != ']' || index > G_MAXUINT)
                {
                  fail (path, p - path, error);
                  return NULL;
                }
              segment.index = (guint) index;
              p = end + 1;
            }
        }
      else
        {
          const char *start;

          if (*p == '.')
            {
              if (segments->len == 0)
                {
                  fail (path, 0, error);
                  return NULL;
                }
              p++;
            }
          else if (segments->len > 0)
            {
              fail (path, p - path, error);
              return NULL;
            }

          if (*p == '"' || *p == '\'')
            {
              segment.key = read_quoted (&p);
              if (segment.key == NULL)
                {
                  fail (path, p - path, error);
                  return NULL;
                }
            }
          else
            {
              start = p;
              while (*p != '\0' && *p != '.' && *p != '[')
                p++;
              if (p == start)
                {
                  fail (path, p - path, error);
                  return NULL;
                }
              segment.key = g_strndup (start, p - start);
            }
        }

      g_array_append_val (segments, segment);
    }

  return g_steal_pointer (&segments);
}

char *
flt_path_build (const FltPathSegment *segments,
                guint                 n_segments)
{
  g_autofree char *path = g_strdup ("");

  for (guint i = 0; i < n_segments; i++)
    {
      char *next;

      if (segments[i].key != NULL)
        next = flt_path_append_key (path, segments[i].key);
      else
        next = flt_path_append_index (path, segments[i].index);
      g_free (path);
      path = next;
    }

  return g_steal_pointer (&path);
}
