/* flt-yaml-writer.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-yaml-writer.h"

static gboolean
all_digits (const char *s,
            const char *digits)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (strchr (digits, *s) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_float (const char *s)
{
  const char *p = s;
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  if (g_str_equal (p, ".inf") || g_str_equal (p, ".Inf") || g_str_equal (p, ".INF"))
    return TRUE;
  if (g_str_equal (s, ".nan") || g_str_equal (s, ".NaN") || g_str_equal (s, ".NAN"))
    return TRUE;
  while (g_ascii_isdigit (*p) || *p == '_')
    {
      digits = TRUE;
      p++;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p) || *p == '_')
        {
          digits = TRUE;
          p++;
        }
    }
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

static gboolean
is_sexagesimal (const char *s)
{
  const char *p = s;
  gboolean colon = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p) || *p == '_')
    p++;
  while (*p == ':')
    {
      int n = 0;

      colon = TRUE;
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (*p > '5' && g_ascii_isdigit (p[1]))
        return FALSE;
      while (g_ascii_isdigit (*p) && n < 2)
        {
          p++;
          n++;
        }
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p) || *p == '_')
        p++;
    }
  return colon && *p == '\0';
}

FltPlainKind
flt_yaml_plain_kind (const char *text)
{
  static const char * const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
  static const char * const bools[] = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", NULL
  };
  const char *p = text;

  if (g_strv_contains (nulls, text))
    return FLT_PLAIN_NULL;
  if (g_strv_contains (bools, text))
    return FLT_PLAIN_BOOL;

  if (*p == '+' || *p == '-')
    p++;
  if (all_digits (p, "0123456789_"))
    return FLT_PLAIN_NUMBER;
  if ((g_str_has_prefix (p, "0x") && all_digits (p + 2, "0123456789abcdefABCDEF_")) ||
      (g_str_has_prefix (p, "0o") && all_digits (p + 2, "01234567_")) ||
      (g_str_has_prefix (p, "0b") && all_digits (p + 2, "01_")))
    return FLT_PLAIN_NUMBER;
  if (is_float (text))
    return FLT_PLAIN_NUMBER;
  if (is_sexagesimal (text))
    return FLT_PLAIN_SEXAGESIMAL;

  return FLT_PLAIN_STRING;
}

/* Characters that libyaml reads as line breaks (NEL, LS, PS) or refuses
 * as unprintable anywhere but escaped in double quotes: the C1 controls
 * and the BOM, U+FFFE and U+FFFF.  (ASCII controls are checked apart.) */
static gboolean
needs_escape (gunichar c)
{
  return (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
         c == 0xfeff || c == 0xfffe || c == 0xffff;
}

static gboolean
has_char_needing_escape (const char *text)
{
  for (const char *p = text; *p; p++)
    {
      gunichar c;

      if ((guchar) *p < 0x80)
        continue;
      c = g_utf8_get_char_validated (p, -1);
      if (c != (gunichar) -1 && c != (gunichar) -2 && needs_escape (c))
        return TRUE;
    }
  return FALSE;
}

/* Whether @text can be written as a plain scalar and read back as the same
 * characters (its type aside). */
gboolean
flt_yaml_plain_is_safe (const char *text,
                        gboolean    flow)
{
  gsize len = strlen (text);
  const char *p;

  if (len == 0)
    return FALSE;
  if (text[0] == ' ' || text[0] == '\t' || text[len - 1] == ' ' || text[len - 1] == '\t')
    return FALSE;
  if (strchr (",[]{}#&*!|>'\"%@`", text[0]) != NULL)
    return FALSE;
  if (strchr ("-?:", text[0]) != NULL &&
      (text[1] == '\0' || text[1] == ' ' || (flow && strchr (",[]{}", text[1]) != NULL)))
    return FALSE;
  if (g_str_has_prefix (text, "---") || g_str_has_prefix (text, "..."))
    return FALSE;
  if (text[len - 1] == ':')
    return FALSE;

  for (p = text; *p; p++)
    {
      guchar c = *p;

      if (c < 0x20 || c == 0x7f)
        return FALSE;
      if (c == ':' && (p[1] == ' ' || (flow && p[1] != '\0' && strchr (",[]{}", p[1]) != NULL)))
        return FALSE;
      if (c == '#' && p > text && (p[-1] == ' ' || p[-1] == '\t'))
        return FALSE;
      if (flow && strchr (",[]{}", c) != NULL)
        return FALSE;
    }

  /* Line breaks beyond ASCII, non-characters and the BOM would not
   * survive a round trip. */
  if (has_char_needing_escape (text))
    return FALSE;

  return TRUE;
}

static void
append_double_quoted (GString    *out,
                      const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02x", c);
          else if (c >= 0x80)
            {
              gunichar u = g_utf8_get_char_validated (p, -1);

              if (u == (gunichar) -1 || u == (gunichar) -2 || !needs_escape (u))
                g_string_append_c (out, c);
              else
                {
                  /* YAML's own escapes for its line breaks, or the code. */
                  if (u == 0x85)
                    g_string_append (out, "\\N");
                  else if (u == 0x2028)
                    g_string_append (out, "\\L");
                  else if (u == 0x2029)
                    g_string_append (out, "\\P");
                  else
                    g_string_append_printf (out, "\\u%04x", u);
                  p = g_utf8_next_char (p) - 1;
                }
            }
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static gboolean
single_quotable (const char *value)
{
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return !has_char_needing_escape (value);
}

static void
append_literal (GString    *out,
                const char *value,
                guint       indent,
                const char *newline)
{
  gsize len = strlen (value);
  gsize trailing = 0;
  g_auto(GStrv) lines = NULL;
  guint n;

  while (trailing < len && value[len - 1 - trailing] == '\n')
    trailing++;

  g_string_append_c (out, '|');
  if (trailing == 0)
    g_string_append_c (out, '-');
  else if (trailing > 1)
    g_string_append_c (out, '+');

  lines = g_strsplit (value, "\n", -1);
  n = g_strv_length (lines);
  /* The split leaves one empty string per trailing newline; the chomping
   * indicator already says how many there are, except for "+". */
  if (trailing > 0)
    n -= (trailing > 1) ? 1 : trailing;

  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, newline);
      if (lines[i][0] != '\0')
        {
          for (guint j = 0; j < indent; j++)
            g_string_append_c (out, ' ');
          g_string_append (out, lines[i]);
        }
    }
}

static gboolean
literal_safe (const char *value)
{
  if (value[0] == ' ' || value[0] == '\n' || value[0] == '\0')
    return FALSE;
  for (const char *p = value; *p; p++)
    {
      guchar c = *p;

      if ((c < 0x20 && c != '\n') || c == 0x7f)
        return FALSE;
      /* Trailing spaces on a line are fine; a line starting with spaces
       * after an empty line would change the detected indentation only
       * for the first line, which we already refused. */
    }
  return !has_char_needing_escape (value);
}

/**
 * flt_yaml_encode_scalar:
 * @style: the style to keep if it can hold @value
 * @flow: whether the scalar sits inside a flow collection
 * @indent: the column block scalar lines start at
 *
 * Returns: (transfer full): YAML text for @value
 */
char *
flt_yaml_encode_scalar (const char     *value,
                        FltScalarStyle  style,
                        gboolean        flow,
                        guint           indent,
                        const char     *newline)
{
  GString *out = g_string_new (NULL);

  switch (style)
    {
    case FLT_SCALAR_PLAIN:
    case FLT_SCALAR_ANY:
      if (flt_yaml_plain_is_safe (value, flow))
        g_string_append (out, value);
      else if (!flow && strchr (value, '\n') != NULL && literal_safe (value))
        append_literal (out, value, indent, newline);
      else
        append_double_quoted (out, value);
      break;

    case FLT_SCALAR_SINGLE_QUOTED:
      if (single_quotable (value))
        {
          g_string_append_c (out, '\'');
          for (const char *p = value; *p; p++)
            {
              if (*p == '\'')
                g_string_append_c (out, '\'');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '\'');
        }
      else
        append_double_quoted (out, value);
      break;

    case FLT_SCALAR_LITERAL:
    case FLT_SCALAR_FOLDED:
      if (!flow && literal_safe (value))
        append_literal (out, value, indent, newline);
      else
        append_double_quoted (out, value);
      break;

    case FLT_SCALAR_DOUBLE_QUOTED:
    default:
      append_double_quoted (out, value);
      break;
    }

  return g_string_free (out, FALSE);
}

/* A new scalar: plain when that reads back as the same string (or, unless
 * @as_string, as the number or boolean it spells), quoted otherwise. */
char *
flt_yaml_encode_new_scalar (const char *value,
                            gboolean    as_string,
                            gboolean    flow)
{
  FltPlainKind kind = flt_yaml_plain_kind (value);

  if (flt_yaml_plain_is_safe (value, flow) &&
      (kind == FLT_PLAIN_STRING ||
       (!as_string && (kind == FLT_PLAIN_NUMBER || kind == FLT_PLAIN_BOOL))))
    return g_strdup (value);

  return flt_yaml_encode_scalar (value, FLT_SCALAR_DOUBLE_QUOTED, flow, 0, "\n");
}

char *
flt_yaml_encode_key (const char *key)
{
  /* A plain << is YAML's merge key: a key of that name must be quoted. */
  if (g_strcmp0 (key, "<<") == 0)
    return g_strdup ("\"<<\"");

  return flt_yaml_encode_new_scalar (key, TRUE, FALSE);
}

static gboolean
is_blank (const char *line)
{
  for (; *line; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

/* Strips the common indentation of @text's lines and indents them by
 * @indent instead; the first line is not indented (it follows a key or a
 * dash). */
char *
flt_yaml_reindent (const char *text,
                   guint       indent,
                   const char *newline)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint common = G_MAXUINT;
  guint n = g_strv_length (lines);
  GString *out = g_string_new (NULL);

  while (n > 0 && is_blank (lines[n - 1]))
    {
      /* Trailing blank lines are dropped. */
      g_free (lines[n - 1]);
      lines[n - 1] = NULL;
      n--;
    }

  for (guint i = 0; i < n; i++)
    {
      guint spaces = 0;
      gsize l = strlen (lines[i]);

      if (l > 0 && lines[i][l - 1] == '\r')
        lines[i][l - 1] = '\0';
      while (lines[i][spaces] == ' ')
        spaces++;
      if (lines[i][spaces] != '\0')
        common = MIN (common, spaces);
    }
  if (common == G_MAXUINT)
    common = 0;

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        {
          g_string_append (out, newline);
          if (lines[i][0] == '\0')
            continue;
          for (guint j = 0; j < indent; j++)
            g_string_append_c (out, ' ');
        }
      g_string_append (out, strlen (lines[i]) >= common ? lines[i] + common : "");
    }

  return g_string_free (out, FALSE);
}

/* Output trees (normalised configurations) mark typed scalars — numbers,
 * booleans, null — with the plain style; every other scalar is a string. */
static gboolean
is_typed (const FltNode *node)
{
  return node->kind == FLT_NODE_SCALAR && (node->is_null || node->style == FLT_SCALAR_PLAIN);
}

static void
indent_to (GString *out,
           guint    indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append_c (out, ' ');
}

static void
write_scalar (GString       *out,
              const FltNode *node,
              guint          indent)
{
  if (node->is_null)
    g_string_append (out, "null");
  else if (is_typed (node))
    g_string_append (out, node->value);
  else if (node->style == FLT_SCALAR_DOUBLE_QUOTED)
    {
      /* Asked for by the writer of the tree, as for ports ("80:5000"),
       * which people quote even where YAML would not need it. */
      g_autofree char *text = flt_yaml_encode_scalar (node->value, FLT_SCALAR_DOUBLE_QUOTED, FALSE, indent, "\n");

      g_string_append (out, text);
    }
  else
    {
      g_autofree char *text = flt_yaml_encode_new_scalar (node->value, TRUE, FALSE);

      if (strchr (node->value, '\n') != NULL && literal_safe (node->value))
        {
          GString *lit = g_string_new (NULL);

          append_literal (lit, node->value, indent, "\n");
          g_string_append (out, lit->str);
          g_string_free (lit, TRUE);
        }
      else
        g_string_append (out, text);
    }
}

static gboolean
is_empty_collection (const FltNode *node)
{
  return (node->kind == FLT_NODE_MAPPING || node->kind == FLT_NODE_SEQUENCE) && node->n_items == 0;
}

static void write_block (GString *out, const FltNode *node, guint indent, gboolean inline_first);

static void
write_value_after_key (GString       *out,
                       const FltNode *value,
                       guint          indent)
{
  if (value->kind == FLT_NODE_SCALAR)
    {
      g_string_append_c (out, ' ');
      write_scalar (out, value, indent + 2);
      g_string_append_c (out, '\n');
    }
  else if (is_empty_collection (value))
    g_string_append (out, value->kind == FLT_NODE_MAPPING ? " {}\n" : " []\n");
  else
    {
      g_string_append_c (out, '\n');
      write_block (out, value, indent + 2, FALSE);
    }
}

static void
write_block (GString       *out,
             const FltNode *node,
             guint          indent,
             gboolean       inline_first)
{
  if (node->kind == FLT_NODE_MAPPING)
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *key = flt_node_key (node, i);
          g_autofree char *k = flt_yaml_encode_key (key->value ? key->value : "");

          if (!(inline_first && i == 0))
            indent_to (out, indent);
          g_string_append (out, k);
          g_string_append_c (out, ':');
          write_value_after_key (out, flt_node_value (node, i), indent);
        }
    }
  else if (node->kind == FLT_NODE_SEQUENCE)
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *item = node->items[i];

          if (!(inline_first && i == 0))
            indent_to (out, indent);
          g_string_append (out, "- ");
          if (item->kind == FLT_NODE_SCALAR)
            {
              write_scalar (out, item, indent + 2);
              g_string_append_c (out, '\n');
            }
          else if (is_empty_collection (item))
            g_string_append (out, item->kind == FLT_NODE_MAPPING ? "{}\n" : "[]\n");
          else
            write_block (out, item, indent + 2, TRUE);
        }
    }
  else
    {
      if (!inline_first)
        indent_to (out, indent);
      write_scalar (out, node, indent);
      g_string_append_c (out, '\n');
    }
}

void
flt_yaml_write_node (GString       *out,
                     const FltNode *node,
                     guint          indent)
{
  if (node == NULL)
    return;
  if (is_empty_collection (node))
    {
      indent_to (out, indent);
      g_string_append (out, node->kind == FLT_NODE_MAPPING ? "{}\n" : "[]\n");
      return;
    }
  write_block (out, node, indent, FALSE);
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

/* A YAML 1.2 number as JSON writes it ("+12" → 12, "0x1F" → 31, ".5" →
 * 0.5), or NULL when it is not one (YAML 1.1's "1_000" is a string there). */
static char *
json_number (const char *text)
{
  const char *p = text;
  gboolean negative = FALSE;
  char *end = NULL;

  if (strchr (text, '_') != NULL || strchr (text, 'n') != NULL || strchr (text, 'N') != NULL ||
      strchr (text, 'i') != NULL || strchr (text, 'I') != NULL)
    return NULL;
  if (*p == '+' || *p == '-')
    negative = *p++ == '-';

  if (g_str_has_prefix (p, "0x") || g_str_has_prefix (p, "0o"))
    {
      guint64 v = g_ascii_strtoull (p + 2, &end, p[1] == 'x' ? 16 : 8);

      if (*end != '\0' || end == p + 2)
        return NULL;
      return g_strdup_printf ("%s%" G_GUINT64_FORMAT, negative ? "-" : "", v);
    }

  if (strspn (p, "0123456789") == strlen (p))
    {
      while (p[0] == '0' && p[1] != '\0')
        p++;
      return g_strdup_printf ("%s%s", negative && strcmp (p, "0") != 0 ? "-" : "", p);
    }

  {
    double v = g_ascii_strtod (text, &end);
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];

    if (*end != '\0')
      return NULL;
    return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, v));
  }
}

void
flt_json_write_node (GString       *out,
                     const FltNode *node,
                     guint          indent)
{
  if (node == NULL || (node->kind == FLT_NODE_SCALAR && node->is_null))
    {
      g_string_append (out, "null");
      return;
    }

  switch (node->kind)
    {
    case FLT_NODE_SCALAR:
      if (is_typed (node))
        {
          FltPlainKind kind = flt_yaml_plain_kind (node->value);
          g_autofree char *number = NULL;

          if (kind == FLT_PLAIN_BOOL)
            {
              gboolean b = FALSE;

              flt_node_get_bool (node, &b);
              g_string_append (out, b ? "true" : "false");
            }
          else if (kind == FLT_PLAIN_NUMBER && (number = json_number (node->value)) != NULL)
            g_string_append (out, number);
          else
            append_json_string (out, node->value);
        }
      else
        append_json_string (out, node->value);
      break;

    case FLT_NODE_MAPPING:
      if (node->n_items == 0)
        {
          g_string_append (out, "{}");
          break;
        }
      g_string_append (out, "{\n");
      for (guint i = 0; i < node->n_items; i++)
        {
          indent_to (out, indent + 2);
          append_json_string (out, flt_node_key (node, i)->value);
          g_string_append (out, ": ");
          flt_json_write_node (out, flt_node_value (node, i), indent + 2);
          g_string_append (out, i + 1 < node->n_items ? ",\n" : "\n");
        }
      indent_to (out, indent);
      g_string_append_c (out, '}');
      break;

    case FLT_NODE_SEQUENCE:
      if (node->n_items == 0)
        {
          g_string_append (out, "[]");
          break;
        }
      g_string_append (out, "[\n");
      for (guint i = 0; i < node->n_items; i++)
        {
          indent_to (out, indent + 2);
          flt_json_write_node (out, node->items[i], indent + 2);
          g_string_append (out, i + 1 < node->n_items ? ",\n" : "\n");
        }
      indent_to (out, indent);
      g_string_append_c (out, ']');
      break;

    case FLT_NODE_ALIAS:
    default:
      flt_json_write_node (out, node->target, indent);
      break;
    }
}
