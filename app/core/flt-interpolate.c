/* flt-interpolate.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Variable interpolation with the rules of Docker Compose v2 (checked against
 * `docker compose config` 2.26):
 *
 *   $$            a literal $
 *   $NAME         NAME's value, "" when unset (Compose warns)
 *   ${NAME}       the same
 *   ${NAME:-x}    x when NAME is unset or empty      ${NAME-x}  x when unset
 *   ${NAME:+x}    x when NAME is set and not empty   ${NAME+x}  x when set
 *   ${NAME:?msg}  error when NAME is unset or empty  ${NAME?msg} error when unset
 *
 * NAME is [A-Za-z_][A-Za-z0-9_]*.  A "$" followed by anything else than
 * "$", "{" or a name is kept as it is; a "${" that does not start a valid
 * reference is an error.
 *
 * Compose finds a braced reference with a regular expression whose argument
 * part is greedy up to the last "}" of the line, and then cuts it at the
 * first "}" that balances the "{" seen so far; what follows the cut, up to that
 * last "}", is interpolated on its own.  The quirks of that scheme are kept on
 * purpose, because the editor must show what Compose will really do:
 *
 *   - an argument cannot span lines: "${A:-x\ny}" is an error;
 *   - the brace counter skips the character after every "{", so
 *     "${U:-{}}x}" gives "{}}x";
 *   - the argument (default, replacement or message) is interpolated before
 *     the variable is looked at, so an error inside it is reported even when
 *     it would not be used, as in "${SET:-${}}";
 *   - Go's case-insensitive matching lets U+212A KELVIN SIGN and U+017F LATIN
 *     SMALL LETTER LONG S stand for "k" and "s" in names.
 *
 * One difference: references nested more than MAX_DEPTH levels deep are an
 * error here, where Compose would recurse on.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "flt-interpolate.h"

G_DEFINE_QUARK (flt-interpolate-error-quark, flt_interpolate_error)

/* Deeper nesting than this is an error rather than a risk for the stack */
#define MAX_DEPTH 200

/* Where the line ends and its last "}" is, so that a long line with many
 * references is not scanned again for each of them.  It holds for positions
 * from @start to @line_end in a range ending at @range_end.
 */
typedef struct
{
  gsize    start;
  gsize    line_end;
  gsize    range_end;
  gsize    last_brace;   /* G_MAXSIZE when the line has none */
  gboolean valid;
} LineCache;

typedef struct
{
  const char               *input;
  FltInterpolateLookupFunc  lookup;
  gpointer                  user_data;
  GPtrArray                *refs;
  gsize                     error_offset;
  guint                     depth;
  LineCache                 lines[MAX_DEPTH + 1];   /* one per depth */
} Interpolation;

void
flt_variable_ref_free (FltVariableRef *ref)
{
  if (ref == NULL)
    return;

  g_free (ref->name);
  g_free (ref->value);
  g_free (ref);
}

/* Length in bytes of the name character at @p, 0 when there is none. */
static gsize
name_char_length (const char *p,
                  const char *end,
                  gboolean    first)
{
  guchar c = (guchar) *p;

  if (c == '_' || g_ascii_isalpha (c) || (!first && g_ascii_isdigit (c)))
    return 1;

  /* U+212A KELVIN SIGN and U+017F LATIN SMALL LETTER LONG S */
  if (c == 0xE2 && end - p >= 3 && (guchar) p[1] == 0x84 && (guchar) p[2] == 0xAA)
    return 3;
  if (c == 0xC5 && end - p >= 2 && (guchar) p[1] == 0xBF)
    return 2;

  return 0;
}

static gsize
scan_name (const char *input,
           gsize       pos,
           gsize       end)
{
  gboolean first = TRUE;

  while (pos < end)
    {
      gsize len = name_char_length (input + pos, input + end, first);

      if (len == 0)
        break;
      pos += len;
      first = FALSE;
    }

  return pos;
}

/* The last "}" in [@pos, end of line), or G_MAXSIZE */
static gsize
find_last_brace (Interpolation *ip,
                 gsize          pos,
                 gsize          end)
{
  LineCache *cache = &ip->lines[ip->depth];

  if (!cache->valid || cache->range_end != end || pos < cache->start || pos > cache->line_end)
    {
      const char *newline = memchr (ip->input + pos, '\n', end - pos);

      cache->valid = TRUE;
      cache->start = pos;
      cache->range_end = end;
      cache->line_end = newline != NULL ? (gsize) (newline - ip->input) : end;
      cache->last_brace = G_MAXSIZE;
      for (gsize i = cache->line_end; i > pos; i--)
        if (ip->input[i - 1] == '}')
          {
            cache->last_brace = i - 1;
            break;
          }
    }

  if (cache->last_brace == G_MAXSIZE || cache->last_brace < pos)
    return G_MAXSIZE;

  return cache->last_brace;
}

/* Finds the end of the braced reference starting with the "${" at @dollar,
 * the way Compose's regular expression does; returns 0 when there is none.
 * @name_end is set to the end of the name.
 */
static gsize
match_braced (Interpolation *ip,
              gsize          dollar,
              gsize          end,
              gsize         *name_end)
{
  const char *input = ip->input;
  gsize name_start = dollar + 2;
  gsize pos;
  gsize brace;

  *name_end = pos = scan_name (input, name_start, end);
  if (pos == name_start || pos >= end)
    return 0;

  if (input[pos] == '}')
    return pos + 1;

  if (input[pos] == ':')
    pos++;
  if (pos >= end || (input[pos] != '-' && input[pos] != '+' && input[pos] != '?'))
    return 0;
  pos++;

  brace = find_last_brace (ip, pos, end);
  if (brace == G_MAXSIZE)
    return 0;

  return brace + 1;
}

/* Compose's brace counter: returns the index of the "}" that closes the
 * reference, or @end when the braces never balance.
 */
static gsize
find_closing_brace (const char *input,
                    gsize       start,
                    gsize       end)
{
  int depth = 0;

  for (gsize i = start; i < end; i++)
    {
      if (input[i] == '}')
        {
          depth--;
          if (depth == 0)
            return i;
        }
      else if (input[i] == '{')
        {
          depth++;
          i++;
        }
    }

  return end;
}

static void
set_syntax_error (Interpolation  *ip,
                  gsize           dollar,
                  gsize           end,
                  GError        **error)
{
  const char *start = ip->input + dollar;
  const char *stop = start;
  g_autofree char *excerpt = NULL;
  guint chars = 0;

  /* Quote the reference up to the end of its line, at most 40 characters */
  while (stop < ip->input + end && *stop != '\n' && chars < 40)
    {
      stop = g_utf8_find_next_char (stop, ip->input + end);
      if (stop == NULL)
        stop = ip->input + end;
      chars++;
    }
  /* The message is shown as it is: no invalid UTF-8 from the input. */
  excerpt = g_utf8_make_valid (start, stop - start);
  if (stop < ip->input + end && *stop != '\n')
    {
      char *longer = g_strconcat (excerpt, "…", NULL);

      g_free (excerpt);
      excerpt = longer;
    }

  ip->error_offset = dollar;
  g_set_error (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_SYNTAX,
               /* Translators: keep $NAME, ${NAME}, ${NAME:-default} and $$ as they are */
               _("invalid interpolation format in “%s”: write $NAME, ${NAME} or "
                 "${NAME:-default}, and $$ for a literal $"),
               excerpt);
}

static void
add_ref (Interpolation     *ip,
         guint              index,
         const char        *name,
         gsize              name_length,
         const char        *value,
         FltVariableSource  source,
         gsize              offset,
         gsize              length)
{
  FltVariableRef *ref;

  if (ip->refs == NULL)
    return;

  ref = g_new0 (FltVariableRef, 1);
  ref->name = g_strndup (name, name_length);
  ref->value = g_strdup (value);
  ref->source = value != NULL ? source : FLT_VARIABLE_UNSET;
  ref->offset = offset;
  ref->length = length;
  g_ptr_array_insert (ip->refs, index, ref);
}

static const char *
lookup_variable (Interpolation     *ip,
                 const char        *name,
                 FltVariableSource *source)
{
  const char *value = NULL;

  *source = FLT_VARIABLE_UNSET;
  if (ip->lookup != NULL)
    value = ip->lookup (name, source, ip->user_data);
  if (value == NULL)
    *source = FLT_VARIABLE_UNSET;

  return value;
}

static gboolean interpolate_range (Interpolation  *ip,
                                   gsize           start,
                                   gsize           end,
                                   GString        *out,
                                   GError        **error);

static gboolean
interpolate_braced (Interpolation  *ip,
                    gsize           dollar,
                    gsize           name_end,
                    gsize           match_end,
                    gsize          *next,
                    GString        *out,
                    GError        **error)
{
  const char *input = ip->input;
  gsize name_start = dollar + 2;
  gsize ref_end = find_closing_brace (input, dollar, match_end);
  g_autofree char *name = g_strndup (input + name_start, name_end - name_start);
  g_autoptr(GString) argument = NULL;
  FltVariableSource source;
  const char *value;
  gboolean colon = FALSE;
  char op;
  gsize arg_start;
  guint ref_index = ip->refs != NULL ? ip->refs->len : 0;

  /* The reference is "${" ... "}".  Compose interpolates what follows the
   * cut, up to @match_end, on its own; carrying on from the cut does the
   * same, since a reference found there cannot go past @match_end either.
   */
  ref_end = ref_end < match_end ? ref_end + 1 : match_end;
  *next = ref_end;

  if (input[name_end] == '}')
    {
      value = lookup_variable (ip, name, &source);
      add_ref (ip, ref_index, name, strlen (name), value, source, dollar, ref_end - dollar);
      if (value != NULL)
        g_string_append (out, value);
      return TRUE;
    }

  arg_start = name_end;
  if (input[arg_start] == ':')
    {
      colon = TRUE;
      arg_start++;
    }
  op = input[arg_start++];

  if (ip->depth >= MAX_DEPTH)
    {
      ip->error_offset = dollar;
      g_set_error (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_SYNTAX,
                   _("variable references are nested more than %d levels deep"), MAX_DEPTH);
      return FALSE;
    }

  /* Compose interpolates the argument first, whether it is used or not */
  argument = g_string_new (NULL);
  ip->depth++;
  if (!interpolate_range (ip, arg_start, ref_end - 1, argument, error))
    return FALSE;
  ip->depth--;

  value = lookup_variable (ip, name, &source);

  switch (op)
    {
    case '-':
      if (value == NULL || (colon && *value == '\0'))
        {
          value = argument->str;
          source = FLT_VARIABLE_FROM_DEFAULT;
        }
      add_ref (ip, ref_index, name, strlen (name), value, source, dollar, ref_end - dollar);
      g_string_append (out, value);
      break;

    case '+':
      if (value != NULL && (!colon || *value != '\0'))
        {
          g_string_append (out, argument->str);
        }
      else if (value == NULL)
        {
          /* The file says what an unset variable means: no warning */
          value = "";
          source = FLT_VARIABLE_FROM_DEFAULT;
        }
      add_ref (ip, ref_index, name, strlen (name), value, source, dollar, ref_end - dollar);
      break;

    case '?':
      if (value == NULL || (colon && *value == '\0'))
        {
          ip->error_offset = dollar;
          if (argument->len > 0)
            {
              g_autofree char *message = g_utf8_make_valid (argument->str, argument->len);

              g_set_error (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_REQUIRED,
                           _("required variable %s is missing a value: %s"),
                           name, message);
            }
          else
            g_set_error (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_REQUIRED,
                         _("required variable %s is missing a value"), name);
          return FALSE;
        }
      add_ref (ip, ref_index, name, strlen (name), value, source, dollar, ref_end - dollar);
      g_string_append (out, value);
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
interpolate_range (Interpolation  *ip,
                   gsize           start,
                   gsize           end,
                   GString        *out,
                   GError        **error)
{
  const char *input = ip->input;
  gsize pos = start;

  while (pos < end)
    {
      const char *dollar = memchr (input + pos, '$', end - pos);
      gsize at;
      gsize name_end;
      gsize match_end;

      if (dollar == NULL)
        {
          g_string_append_len (out, input + pos, end - pos);
          break;
        }

      at = dollar - input;
      g_string_append_len (out, input + pos, at - pos);

      if (at + 1 < end && input[at + 1] == '$')
        {
          g_string_append_c (out, '$');
          pos = at + 2;
        }
      else if (at + 1 < end && name_char_length (input + at + 1, input + end, TRUE) > 0)
        {
          g_autofree char *name = NULL;
          FltVariableSource source;
          const char *value;

          name_end = scan_name (input, at + 1, end);
          name = g_strndup (input + at + 1, name_end - at - 1);
          value = lookup_variable (ip, name, &source);
          add_ref (ip, ip->refs != NULL ? ip->refs->len : 0, name, name_end - at - 1,
                   value, source, at, name_end - at);
          if (value != NULL)
            g_string_append (out, value);
          pos = name_end;
        }
      else if (at + 1 < end && input[at + 1] == '{')
        {
          match_end = match_braced (ip, at, end, &name_end);
          if (match_end == 0)
            {
              set_syntax_error (ip, at, end, error);
              return FALSE;
            }
          if (!interpolate_braced (ip, at, name_end, match_end, &pos, out, error))
            return FALSE;
        }
      else
        {
          g_string_append_c (out, '$');
          pos = at + 1;
        }
    }

  return TRUE;
}

/**
 * flt_interpolate_with_lookup:
 * @input: the text to interpolate
 * @lookup: (scope call) (nullable): looks variables up; %NULL means every
 *   variable is unset
 * @user_data: data for @lookup
 * @refs: (out) (optional) (transfer full) (element-type FltVariableRef):
 *   every variable reference, in the order of the text, or %NULL on error
 * @error_offset: (out) (optional): on error, the byte offset of the `$` that
 *   starts the offending reference (the innermost one when references nest)
 * @error: return location for a #FLT_INTERPOLATE_ERROR
 *
 * Interpolates @input the way Docker Compose v2 does; see the top of
 * flt-interpolate.c for the rules and their quirks.
 *
 * Each #FltVariableRef records the variable's own value and source, except
 * that a default used by `${NAME:-x}` or `${NAME-x}` is recorded with
 * %FLT_VARIABLE_FROM_DEFAULT and the (interpolated) default, and an unset
 * variable under `${NAME:+x}` or `${NAME+x}` with %FLT_VARIABLE_FROM_DEFAULT
 * and "" (the file handles it).  %FLT_VARIABLE_UNSET is used exactly where
 * Compose warns that a variable is not set.  References inside a default,
 * replacement or message are listed too, after the one that contains them,
 * even when the argument goes unused (Compose evaluates it anyway).
 *
 * Returns: (transfer full) (nullable): the interpolated text, or %NULL on error
 */
char *
flt_interpolate_with_lookup (const char                *input,
                             FltInterpolateLookupFunc   lookup,
                             gpointer                   user_data,
                             GPtrArray                **refs,
                             gsize                     *error_offset,
                             GError                   **error)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GPtrArray) found = NULL;
  Interpolation ip = { 0 };

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (refs != NULL)
    {
      *refs = NULL;
      found = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_variable_ref_free);
    }

  ip.input = input;
  ip.lookup = lookup;
  ip.user_data = user_data;
  ip.refs = found;

  out = g_string_sized_new (strlen (input));
  if (!interpolate_range (&ip, 0, strlen (input), out, error))
    {
      if (error_offset != NULL)
        *error_offset = ip.error_offset;
      return NULL;
    }

  if (refs != NULL)
    *refs = g_steal_pointer (&found);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
lookup_in_environment (const char        *name,
                       FltVariableSource *source,
                       gpointer           user_data)
{
  return flt_environment_lookup (FLT_ENVIRONMENT (user_data), name, source);
}

/**
 * flt_interpolate:
 * @input: the text to interpolate
 * @env: (nullable): the variables; %NULL means none is set
 * @refs: (out) (optional) (transfer full) (element-type FltVariableRef):
 *   every variable reference, or %NULL on error
 * @error_offset: (out) (optional): on error, the byte offset of the `$` that
 *   starts the offending reference
 * @error: return location for a #FLT_INTERPOLATE_ERROR
 *
 * Interpolates @input with the variables of @env, as Docker Compose v2
 * does.  See flt_interpolate_with_lookup().
 *
 * Returns: (transfer full) (nullable): the interpolated text, or %NULL on error
 */
char *
flt_interpolate (const char      *input,
                 FltEnvironment  *env,
                 GPtrArray      **refs,
                 gsize           *error_offset,
                 GError         **error)
{
  g_return_val_if_fail (env == NULL || FLT_IS_ENVIRONMENT (env), NULL);

  return flt_interpolate_with_lookup (input,
                                      env != NULL ? lookup_in_environment : NULL,
                                      env,
                                      refs, error_offset, error);
}

/**
 * flt_interpolate_has_references:
 * @input: (nullable): a text
 *
 * Tells quickly whether interpolating @input could change it or fail: that
 * is, whether it has a `$` followed by `$`, `{` or a name.
 *
 * Returns: %TRUE when @input needs interpolating
 */
gboolean
flt_interpolate_has_references (const char *input)
{
  const char *end;
  const char *p;

  if (input == NULL)
    return FALSE;

  end = input + strlen (input);
  for (p = memchr (input, '$', end - input); p != NULL; p = memchr (p, '$', end - p))
    {
      p++;
      if (p < end && (*p == '$' || *p == '{' || name_char_length (p, end, TRUE) > 0))
        return TRUE;
    }

  return FALSE;
}
