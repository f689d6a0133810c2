/* flt-dotenv.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A parser for .env and env_file files with the rules of Compose v2's dotenv
 * package, checked against `docker compose config` 2.26:
 *
 *   - blank lines and lines starting with "#" are skipped; a UTF-8 BOM is too;
 *   - a statement is "NAME=value" or "NAME: value", optionally after
 *     "export "; spaces around the name and before the value are dropped;
 *   - a name is made of letters, digits, "_", ".", "-", "[" and "]";
 *   - "NAME" alone on its line takes the variable from the lookup function,
 *     and is left out when the lookup does not know it;
 *   - an unquoted value runs to the end of the line, stops at " #" (a space
 *     then "#"), loses its trailing spaces and is interpolated;
 *   - a single-quoted value is literal, except that \' is a quote;
 *   - a double-quoted value may span lines; \" is a quote, \a \b \f \n \r \t
 *     \v \\ are the usual escapes, \$ is a literal $, \0 followed by three
 *     octal digits is that character, any other backslash stays; then it is
 *     interpolated;
 *   - after a closing quote, the rest of the line is read as more statements
 *     (so a "# comment" is fine there);
 *   - interpolation looks a name up with the lookup function first (the
 *     process environment, which wins in Compose), then among the file's
 *     earlier lines, unless FLT_DOTENV_FLAGS_FILE_FIRST says otherwise.
 *
 * Where Compose would build a variable with an empty name ("=x", or a last
 * line "NAME" without a newline), this parser reports an error or treats
 * the name as inherited instead.
 */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "flt-dotenv.h"
#include "flt-interpolate.h"

G_DEFINE_QUARK (flt-dotenv-error-quark, flt_dotenv_error)

typedef struct
{
  const char          *text;
  const char          *end;
  const char          *p;
  const char          *file_name;
  guint                line;
  FltDotenvFlags       flags;
  FltDotenvLookupFunc  lookup;
  gpointer             user_data;
  GPtrArray           *entries;
  GHashTable          *values;   /* name -> value, borrowed from entries */
} Parser;

void
flt_dotenv_entry_free (FltDotenvEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->name);
  g_free (entry->value);
  g_free (entry);
}

/* Go's unicode.IsSpace */
static gboolean
is_unicode_space (gunichar c)
{
  switch (c)
    {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200A;
    }
}

/* Spaces that are not line breaks */
static gboolean
is_line_space (gunichar c)
{
  switch (c)
    {
    case '\t': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_name_char (gunichar c)
{
  switch (c)
    {
    case '_': case '.': case '-': case '[': case ']':
      return TRUE;
    default:
      break;
    }

  if (g_unichar_isalpha (c))
    return TRUE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Decodes the character at @p; a byte that is not valid UTF-8 counts as
 * U+FFFD of length 1, as in Go.
 */
static gunichar
get_char (const char  *p,
          const char  *end,
          gsize       *length)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *length = 1;
      return 0xFFFD;
    }

  *length = g_utf8_next_char (p) - p;
  return c;
}

static gsize
trim_right (const char *start,
            gsize       length)
{
  const char *end = start + length;

  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);
      gsize char_length;

      if (prev == NULL)
        prev = end - 1;
      if (!is_unicode_space (get_char (prev, end, &char_length)) || prev + char_length != end)
        break;
      end = prev;
    }

  return end - start;
}

G_GNUC_PRINTF (5, 6)
static void
set_error (Parser      *self,
           guint        line,
           GError     **error,
           gint         code,
           const char  *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (self->file_name != NULL)
    g_set_error (error, FLT_DOTENV_ERROR, code, "%s:%u: %s", self->file_name, line, message);
  else
    g_set_error (error, FLT_DOTENV_ERROR, code, _("line %u: %s"), line, message);
}

/* Skips spaces, blank lines and comments; returns FALSE at the end */
static gboolean
skip_to_statement (Parser *self)
{
  while (self->p < self->end)
    {
      gsize length;
      gunichar c = get_char (self->p, self->end, &length);

      if (is_unicode_space (c))
        {
          if (c == '\n')
            self->line++;
          self->p += length;
        }
      else if (c == '#')
        {
          const char *newline = memchr (self->p, '\n', self->end - self->p);

          self->p = newline != NULL ? newline : self->end;
        }
      else
        {
          return TRUE;
        }
    }

  return FALSE;
}

static const char *
lookup_for_interpolation (const char        *name,
                          FltVariableSource *source,
                          gpointer           user_data)
{
  Parser *self = user_data;
  gboolean file_first = (self->flags & FLT_DOTENV_FLAGS_FILE_FIRST) != 0;
  const char *value = NULL;

  if (file_first)
    value = g_hash_table_lookup (self->values, name);

  if (value == NULL && self->lookup != NULL)
    {
      value = self->lookup (name, self->user_data);
      if (value != NULL)
        {
          *source = FLT_VARIABLE_FROM_ENVIRONMENT;
          return value;
        }
    }

  if (value == NULL && !file_first)
    value = g_hash_table_lookup (self->values, name);

  *source = FLT_VARIABLE_FROM_DOTENV;
  return value;
}

static char *
interpolate_value (Parser      *self,
                   const char  *raw,
                   guint        line,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *value;

  value = flt_interpolate_with_lookup (raw, lookup_for_interpolation, self, NULL, NULL, &local_error);
  if (value == NULL)
    {
      if (self->file_name != NULL)
        g_prefix_error (&local_error, "%s:%u: ", self->file_name, line);
      else
        g_prefix_error (&local_error, _("line %u: "), line);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return value;
}

/* The escapes of a double-quoted value, after \" was handled */
static char *
expand_escapes (const char *raw)
{
  GString *out = g_string_sized_new (strlen (raw));

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }

      switch (p[1])
        {
        case 'a': g_string_append_c (out, '\a'); p++; break;
        case 'b': g_string_append_c (out, '\b'); p++; break;
        case 'f': g_string_append_c (out, '\f'); p++; break;
        case 'n': g_string_append_c (out, '\n'); p++; break;
        case 'r': g_string_append_c (out, '\r'); p++; break;
        case 't': g_string_append_c (out, '\t'); p++; break;
        case 'v': g_string_append_c (out, '\v'); p++; break;
        case '"': g_string_append_c (out, '"'); p++; break;
        case '\\': g_string_append_c (out, '\\'); p++; break;
        case '$': g_string_append (out, "$$"); p++; break;

        case '0':
          {
            const char *digits = p + 2;
            guint n = 0;
            guint value = 0;
            gboolean octal = TRUE;

            while (n < 3 && g_ascii_isdigit (digits[n]))
              {
                octal = octal && digits[n] <= '7';
                value = value * 8 + (digits[n] - '0');
                n++;
              }

            /* "\0" and three octal digits up to 377 is that character;
             * anything else loses its "0", as it does in Compose.  A NUL
             * cannot be in a C string, so "\0000" stays as written.
             */
            if (n == 3 && octal && value <= 255 && value != 0)
              g_string_append_unichar (out, value);
            else if (n == 3 && octal && value == 0)
              g_string_append_len (out, p, 5);
            else
              {
                g_string_append_c (out, '\\');
                g_string_append_len (out, digits, n);
              }
            p = digits + n - 1;
          }
          break;

        default:
          /* Includes "\c": Compose keeps unknown escapes as written */
          g_string_append_c (out, '\\');
          break;
        }
    }

  return g_string_free (out, FALSE);
}

static void
add_entry (Parser     *self,
           char       *name,
           char       *value,
           guint       line,
           gboolean    inherited)
{
  FltDotenvEntry *entry = g_new0 (FltDotenvEntry, 1);

  entry->name = name;
  entry->value = value;
  entry->line = line;
  entry->inherited = inherited;
  g_ptr_array_add (self->entries, entry);

  if (value != NULL)
    g_hash_table_insert (self->values, entry->name, entry->value);
}

static gboolean
parse_quoted (Parser      *self,
              const char  *name,
              guint        line,
              char       **value,
              GError     **error)
{
  char quote = *self->p;
  g_autoptr(GString) raw = g_string_new (NULL);
  gboolean escaped = FALSE;
  const char *p;

  for (p = self->p + 1; p < self->end; p++)
    {
      if (*p == '\n')
        self->line++;

      if (escaped)
        {
          escaped = FALSE;
          if (*p != quote)
            g_string_append_c (raw, '\\');
          g_string_append_c (raw, *p);
        }
      else if (*p == '\\')
        escaped = TRUE;
      else if (*p == quote)
        break;
      else
        g_string_append_c (raw, *p);
    }

  if (p >= self->end)
    {
      set_error (self, line, error, FLT_DOTENV_ERROR_UNTERMINATED_QUOTE,
                 _("the quoted value of %s is not terminated: add the closing %c"),
                 name, quote);
      return FALSE;
    }

  self->p = p + 1;

  if (quote == '\'')
    {
      *value = g_string_free (g_steal_pointer (&raw), FALSE);
    }
  else
    {
      g_autofree char *expanded = expand_escapes (raw->str);

      *value = interpolate_value (self, expanded, line, error);
      if (*value == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_unquoted (Parser      *self,
                guint        line,
                char       **value,
                GError     **error)
{
  const char *newline = memchr (self->p, '\n', self->end - self->p);
  const char *stop = newline != NULL ? newline : self->end;
  g_autofree char *raw = NULL;
  gsize length;

  /* An inline comment needs a space before its "#" */
  for (const char *q = self->p; q + 1 < stop; q++)
    if (q[0] == ' ' && q[1] == '#')
      {
        stop = q;
        break;
      }

  length = trim_right (self->p, stop - self->p);
  raw = g_strndup (self->p, length);

  if (newline != NULL)
    {
      self->p = newline + 1;
      self->line++;
    }
  else
    {
      self->p = self->end;
    }

  *value = interpolate_value (self, raw, line, error);
  return *value != NULL;
}

static gboolean
parse_statement (Parser  *self,
                 GError **error)
{
  guint line = self->line;
  const char *name_start;
  const char *name_end = NULL;
  char terminator = '\0';
  g_autofree char *name = NULL;
  char *value = NULL;
  gsize name_length;

  /* "export" and at least one space */
  if (self->end - self->p > 6 && memcmp (self->p, "export", 6) == 0 &&
      (self->p[6] == ' ' || self->p[6] == '\t' || self->p[6] == '\n' ||
       self->p[6] == '\f' || self->p[6] == '\r'))
    {
      self->p += 6;
      while (self->p < self->end)
        {
          gsize length;

          if (!is_line_space (get_char (self->p, self->end, &length)))
            break;
          self->p += length;
        }
    }

  name_start = self->p;
  while (self->p < self->end)
    {
      gsize length;
      gunichar c = get_char (self->p, self->end, &length);

      if (c == '=' || c == ':' || c == '\n')
        {
          name_end = self->p;
          terminator = (char) c;
          self->p++;
          break;
        }

      if (!is_line_space (c) && !is_name_char (c))
        {
          const char *line_end = memchr (name_start, '\n', self->end - name_start);
          g_autofree char *text = NULL;
          g_autofree char *character = g_strndup (self->p, length);

          if (line_end == NULL)
            line_end = self->end;
          /* Messages are shown as they are: no invalid UTF-8 in them. */
          text = g_utf8_make_valid (name_start, line_end - name_start);
          set_error (self, line, error, FLT_DOTENV_ERROR_INVALID_NAME,
                     _("unexpected character “%s” in variable name “%s”; a name may "
                       "contain letters, digits, “_”, “.”, “-”, “[” and “]”"),
                     c == 0xFFFD ? "\xEF\xBF\xBD" : character, text);
          return FALSE;
        }

      self->p += length;
    }

  if (name_end == NULL)
    name_end = self->end;

  name_length = trim_right (name_start, name_end - name_start);
  name = g_strndup (name_start, name_length);

  for (const char *q = name; *q != '\0'; )
    {
      gsize length;

      if (is_line_space (get_char (q, name + name_length, &length)))
        {
          g_autofree char *suggestion = g_strdelimit (g_strdup (name), " \t\v\f\r", '_');

          set_error (self, line, error, FLT_DOTENV_ERROR_INVALID_NAME,
                     _("variable name “%s” contains a space; a name cannot, write %s for example"),
                     name, suggestion);
          return FALSE;
        }
      q += length;
    }

  /* "NAME" alone: the value comes from the environment */
  if (terminator == '\n' || terminator == '\0')
    {
      const char *inherited = NULL;

      if (terminator == '\n')
        self->line++;

      /* A line that is just "export" */
      if (*name == '\0')
        return TRUE;

      if (self->lookup != NULL)
        inherited = self->lookup (name, self->user_data);
      add_entry (self, g_steal_pointer (&name), g_strdup (inherited), line, TRUE);
      return TRUE;
    }

  if (*name == '\0')
    {
      set_error (self, line, error, FLT_DOTENV_ERROR_INVALID_NAME,
                 _("a variable name is missing before “%c”; write NAME%cvalue"),
                 terminator, terminator);
      return FALSE;
    }

  while (self->p < self->end)
    {
      gsize length;

      if (!is_line_space (get_char (self->p, self->end, &length)))
        break;
      self->p += length;
    }

  if (self->p < self->end && (*self->p == '"' || *self->p == '\''))
    {
      if (!parse_quoted (self, name, line, &value, error))
        return FALSE;
    }
  else if (!parse_unquoted (self, line, &value, error))
    {
      return FALSE;
    }

  add_entry (self, g_steal_pointer (&name), value, line, FALSE);
  return TRUE;
}

/**
 * flt_dotenv_parse:
 * @text: the file's contents
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @file_name: (nullable): the name to show in error messages
 * @flags: how interpolation looks variables up
 * @lookup: (scope call) (nullable): looks up variables of the environment,
 *   for "NAME" alone and for `${NAME}` in values
 * @user_data: data for @lookup
 * @error_line: (out) (optional): on error, the line (from 1) of the
 *   statement at fault
 * @error: return location for a #FLT_DOTENV_ERROR or #FLT_INTERPOLATE_ERROR;
 *   its message starts with "FILE:LINE: "
 *
 * Parses a .env or env_file file as Docker Compose v2 does; see the top of
 * flt-dotenv.c for the rules.
 *
 * The entries come in file order.  A name may come more than once: the last
 * one wins, as in Compose.  Skip entries whose value is %NULL.
 *
 * Returns: (transfer full) (element-type FltDotenvEntry) (nullable): the
 *   entries, or %NULL on error
 */
GPtrArray *
flt_dotenv_parse (const char           *text,
                  gssize                length,
                  const char           *file_name,
                  FltDotenvFlags        flags,
                  FltDotenvLookupFunc   lookup,
                  gpointer              user_data,
                  guint                *error_line,
                  GError              **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) values = NULL;
  const char *nul;
  Parser self = { 0 };

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_dotenv_entry_free);
  values = g_hash_table_new (g_str_hash, g_str_equal);

  self.text = text;
  self.end = text + length;
  self.p = text;
  self.file_name = file_name;
  self.line = 1;
  self.flags = flags;
  self.lookup = lookup;
  self.user_data = user_data;
  self.entries = entries;
  self.values = values;

  /* Editors on Windows like to start files with a byte order mark */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    self.p += 3;

  nul = memchr (text, '\0', length);
  if (nul != NULL)
    {
      guint line = 1;

      for (const char *q = text; q < nul; q++)
        if (*q == '\n')
          line++;
      set_error (&self, line, error, FLT_DOTENV_ERROR_BINARY,
                 _("the file contains a NUL byte; an env file must be plain text"));
      if (error_line != NULL)
        *error_line = line;
      return NULL;
    }

  while (skip_to_statement (&self))
    {
      guint line = self.line;

      if (!parse_statement (&self, error))
        {
          if (error_line != NULL)
            *error_line = line;
          return NULL;
        }
    }

  return g_steal_pointer (&entries);
}

/**
 * flt_dotenv_parse_file:
 * @path: a file name
 * @flags: how interpolation looks variables up
 * @lookup: (scope call) (nullable): see flt_dotenv_parse()
 * @user_data: data for @lookup
 * @error_line: (out) (optional): on a parse error, the line at fault
 * @error: return location for a #GError; %G_FILE_ERROR_NOENT when @path
 *   does not exist
 *
 * Reads @path and parses it with flt_dotenv_parse().
 *
 * Returns: (transfer full) (element-type FltDotenvEntry) (nullable): the
 *   entries, or %NULL on error
 */
GPtrArray *
flt_dotenv_parse_file (const char           *path,
                       FltDotenvFlags        flags,
                       FltDotenvLookupFunc   lookup,
                       gpointer              user_data,
                       guint                *error_line,
                       GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Only regular files, and not huge ones: "env_file: /dev/zero", or a
   * .env that is a pipe, would otherwise be read for ever.  stat() does
   * not open the file, so a pipe cannot block here. */
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("cannot open %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, FLT_DOTENV_ERROR, FLT_DOTENV_ERROR_NOT_REGULAR,
                   _("%s is not a regular file; an env file must be a plain text file"), path);
      return NULL;
    }
  if (st.st_size > FLT_DOTENV_MAX_SIZE)
    {
      g_set_error (error, FLT_DOTENV_ERROR, FLT_DOTENV_ERROR_TOO_LARGE,
                   _("%s is larger than %d MB, the most Flotilla reads from an env file"),
                   path, FLT_DOTENV_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  /* Plain system calls: GIO's VFS set-up costs more than the whole parse,
   * and the command line reads .env on every run. */
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return flt_dotenv_parse (contents, length, path, flags, lookup, user_data, error_line, error);
}
