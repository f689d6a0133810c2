/* flt-dockerignore.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* .dockerignore patterns, matched the way the docker CLI matches them when
 * it sends a build context (written from Docker's documentation and from
 * watching what `docker build` sends; see tests/engine/test-dockerignore.c).
 *
 * The file: one pattern per line; a line starting with "#" (before any
 * trimming) is a comment; the rest is trimmed of whitespace, and empty lines
 * are skipped.  A leading "!" marks an exception, which re-includes what
 * earlier patterns excluded.  Each pattern is cleaned like a path ("./a" and
 * "a/" are "a", "a/../b" is "b") and a leading "/" is dropped.
 *
 * A pattern uses Go's filepath.Match syntax: "*" is any run of characters
 * but "/", "?" one character but "/", "[...]" a class ("[^...]" negated,
 * "a-z" ranges), and "\" escapes the next character.  A malformed pattern
 * is an error, as for the CLI.  On top of that, "**" matches any number of
 * directories: "**" followed by "/" (or anything else) matches nothing or
 * any text that ends in "/", and a final "**" matches anything at all.
 * A pattern that starts with "**" and has no other special character is
 * matched as a plain suffix, so "**foo" also matches "barfoo", as Docker's
 * implementation does.
 *
 * A pattern applies to a path when it matches the path or one of its parent
 * directories, and the last pattern that applies decides.  When walking a
 * context, the CLI carries each directory's results over to its entries
 * instead of testing the parents again, and skips testing a pattern that
 * could not change the verdict at that point; flt_dockerignore_match_entry()
 * does the same, so that its answers are the CLI's, quirks included.  An
 * excluded directory is not sent, and the walk enters it only if an
 * exception pattern, as text, starts with the directory's path.
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "flt-dockerignore.h"

G_DEFINE_QUARK (flt-dockerignore-error-quark, flt_dockerignore_error)

typedef enum
{
  MATCH_EXACT,    /* no special character: compare */
  MATCH_PREFIX,   /* "literal**" */
  MATCH_SUFFIX,   /* "**literal" */
  MATCH_TOKENS,   /* anything else */
} MatchType;

typedef enum
{
  TOKEN_LITERAL,       /* one byte */
  TOKEN_STAR,          /* [^/]* */
  TOKEN_ANY,           /* [^/] */
  TOKEN_CLASS,         /* [...] */
  TOKEN_DSTAR_SLASH,   /* (.*\/)? */
  TOKEN_DSTAR_END,     /* .* */
} TokenKind;

typedef struct
{
  gunichar lo;
  gunichar hi;
} Range;

typedef struct
{
  TokenKind kind;
  guint8    literal;
  gboolean  negated;   /* for classes */
  guint     first;     /* for classes: index in Pattern.ranges */
  guint     n_ranges;
} Token;

typedef struct
{
  char      *text;       /* cleaned, without the "!" */
  char      *display;    /* as listed: with the "!" */
  gsize      text_len;
  gboolean   exclusion;
  MatchType  type;
  GArray    *tokens;     /* of Token */
  GArray    *ranges;     /* of Range */
} Pattern;

struct _FltDockerignore
{
  GPtrArray *patterns;
  gboolean   has_exceptions;
};

static void
pattern_free (gpointer data)
{
  Pattern *pattern = data;

  g_free (pattern->text);
  g_free (pattern->display);
  g_clear_pointer (&pattern->tokens, g_array_unref);
  g_clear_pointer (&pattern->ranges, g_array_unref);
  g_free (pattern);
}

/**
 * flt_dockerignore_new:
 *
 * Returns: (transfer full): a matcher without patterns, which excludes
 *   nothing
 */
FltDockerignore *
flt_dockerignore_new (void)
{
  FltDockerignore *self = g_new0 (FltDockerignore, 1);

  self->patterns = g_ptr_array_new_with_free_func (pattern_free);

  return self;
}

void
flt_dockerignore_free (FltDockerignore *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->patterns);
  g_free (self);
}

/* Cleaning ------------------------------------------------------------- */

/* Go's strings.TrimSpace: Unicode white space, including U+0085. */
static gboolean
is_go_space (gunichar c)
{
  return c == '\v' || c == 0x85 || g_unichar_isspace (c);
}

static char *
trim_space (const char *text,
            gsize       length)
{
  const char *start = text;
  const char *end = text + length;

  while (start < end)
    {
      gunichar c = g_utf8_get_char_validated (start, end - start);

      if (c == (gunichar) -1 || c == (gunichar) -2 || !is_go_space (c))
        break;
      start = g_utf8_next_char (start);
    }

  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);
      gunichar c;

      if (prev == NULL)
        prev = start;
      c = g_utf8_get_char_validated (prev, end - prev);
      if (c == (gunichar) -1 || c == (gunichar) -2 || !is_go_space (c))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

/* Go's path.Clean, for "/"-separated paths. */
static char *
clean_path (const char *path)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean rooted = path[0] == '/';
  GString *result;

  if (path[0] == '\0')
    return g_strdup (".");

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];

      if (part[0] == '\0' || strcmp (part, ".") == 0)
        continue;

      if (strcmp (part, "..") == 0)
        {
          if (kept->len > 0 && strcmp (g_ptr_array_index (kept, kept->len - 1), "..") != 0)
            g_ptr_array_set_size (kept, kept->len - 1);
          else if (!rooted)
            g_ptr_array_add (kept, (gpointer) part);
          continue;
        }

      g_ptr_array_add (kept, (gpointer) part);
    }

  result = g_string_new (rooted ? "/" : NULL);
  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append_c (result, '/');
      g_string_append (result, g_ptr_array_index (kept, i));
    }

  if (result->len == 0)
    g_string_append_c (result, '.');

  return g_string_free (result, FALSE);
}

/* Compiling ------------------------------------------------------------ */

/* Reads one character of a class: "\x" or a plain character, which must
 * not be "-" or "]" (Go's getEsc).
 */
static gboolean
read_class_char (const char **p,
                 gunichar    *out)
{
  const char *s = *p;
  gunichar c;

  if (*s == '\0' || *s == '-' || *s == ']')
    return FALSE;

  if (*s == '\\')
    {
      s++;
      if (*s == '\0')
        return FALSE;
    }

  c = g_utf8_get_char_validated (s, -1);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return FALSE;

  s = g_utf8_next_char (s);
  if (*s == '\0')
    return FALSE;   /* the class is not closed */

  *out = c;
  *p = s;
  return TRUE;
}

static gboolean
compile_pattern (Pattern  *pattern,
                 GError  **error)
{
  const char *p = pattern->text;
  guint i = 0;

  pattern->tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  pattern->ranges = g_array_new (FALSE, TRUE, sizeof (Range));
  pattern->type = MATCH_EXACT;

  for (; *p != '\0'; i++)
    {
      Token token = { TOKEN_LITERAL, 0, FALSE, 0, 0 };
      char c = *p++;

      if (c == '*')
        {
          if (*p == '*')
            {
              p++;
              if (*p == '/')
                p++;

              if (*p == '\0')
                {
                  pattern->type = pattern->type == MATCH_EXACT ? MATCH_PREFIX : MATCH_TOKENS;
                  token.kind = TOKEN_DSTAR_END;
                }
              else
                {
                  pattern->type = MATCH_TOKENS;
                  token.kind = TOKEN_DSTAR_SLASH;
                }

              if (i == 0)
                pattern->type = MATCH_SUFFIX;
            }
          else
            {
              pattern->type = MATCH_TOKENS;
              token.kind = TOKEN_STAR;
            }
        }
      else if (c == '?')
        {
          pattern->type = MATCH_TOKENS;
          token.kind = TOKEN_ANY;
        }
      else if (c == '\\')
        {
          if (*p == '\0')
            {
              g_set_error_literal (error, FLT_DOCKERIGNORE_ERROR,
                                   FLT_DOCKERIGNORE_ERROR_INVALID_PATTERN,
                                   _("it ends with “\\”, which escapes nothing"));
              return FALSE;
            }

          /* An escaped character may take several bytes. */
          pattern->type = MATCH_TOKENS;
          for (const char *next = g_utf8_next_char (p); p < next && *p != '\0'; p++)
            {
              token.literal = (guint8) *p;
              g_array_append_val (pattern->tokens, token);
            }
          continue;
        }
      else if (c == '[')
        {
          pattern->type = MATCH_TOKENS;
          token.kind = TOKEN_CLASS;
          token.first = pattern->ranges->len;

          if (*p == '^')
            {
              token.negated = TRUE;
              p++;
            }

          for (;;)
            {
              Range range;

              if (*p == ']' && token.n_ranges > 0)
                {
                  p++;
                  break;
                }

              if (!read_class_char (&p, &range.lo))
                goto bad_class;
              range.hi = range.lo;

              if (*p == '-')
                {
                  p++;
                  if (!read_class_char (&p, &range.hi))
                    goto bad_class;
                }

              g_array_append_val (pattern->ranges, range);
              token.n_ranges++;
            }
        }
      else if (c == ']')
        {
          pattern->type = MATCH_TOKENS;
          token.literal = ']';
        }
      else
        {
          token.literal = (guint8) c;
        }

      g_array_append_val (pattern->tokens, token);
    }

  return TRUE;

bad_class:
  g_set_error_literal (error, FLT_DOCKERIGNORE_ERROR,
                       FLT_DOCKERIGNORE_ERROR_INVALID_PATTERN,
                       _("a “[...]” character class is empty, not closed, or has a bad range"));
  return FALSE;
}

/* Matching ------------------------------------------------------------- */

static inline gsize
char_length (const char *s,
             gsize       length,
             gunichar   *out)
{
  gunichar c = g_utf8_get_char_validated (s, length);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *out = 0xFFFD;
      return 1;
    }

  *out = c;
  return g_utf8_next_char (s) - s;
}

typedef struct
{
  const Pattern *pattern;
  const Token   *tokens;
  guint          n_tokens;
  const char    *path;
  gsize          length;
  guint8        *failed;   /* bits for (token, position) pairs known to fail */
} Matcher;

static inline gboolean
known_failure (Matcher *m,
               guint    ti,
               gsize    pi)
{
  gsize bit = (gsize) ti * (m->length + 1) + pi;

  return m->failed != NULL && (m->failed[bit / 8] & (1 << (bit % 8))) != 0;
}

static inline void
mark_failure (Matcher *m,
              guint    ti,
              gsize    pi)
{
  gsize bit = (gsize) ti * (m->length + 1) + pi;

  if (m->failed != NULL)
    m->failed[bit / 8] |= 1 << (bit % 8);
}

static gboolean
match_from (Matcher *m,
            guint    ti,
            gsize    pi)
{
  for (;;)
    {
      const Token *token;
      gunichar c;

      if (ti == m->n_tokens)
        return pi == m->length;

      if (known_failure (m, ti, pi))
        return FALSE;

      token = &m->tokens[ti];
      switch (token->kind)
        {
        case TOKEN_LITERAL:
          if (pi < m->length && (guint8) m->path[pi] == token->literal)
            {
              ti++;
              pi++;
              continue;
            }
          break;

        case TOKEN_ANY:
          if (pi < m->length && m->path[pi] != '/')
            {
              pi += char_length (m->path + pi, m->length - pi, &c);
              ti++;
              continue;
            }
          break;

        case TOKEN_CLASS:
          if (pi < m->length)
            {
              const Range *ranges = &g_array_index (m->pattern->ranges, Range, token->first);
              gsize n = char_length (m->path + pi, m->length - pi, &c);
              gboolean in_class = FALSE;

              for (guint r = 0; r < token->n_ranges && !in_class; r++)
                in_class = ranges[r].lo <= c && c <= ranges[r].hi;

              if (in_class != token->negated)
                {
                  pi += n;
                  ti++;
                  continue;
                }
            }
          break;

        case TOKEN_STAR:
          for (gsize j = pi;;)
            {
              if (match_from (m, ti + 1, j))
                return TRUE;
              if (j >= m->length || m->path[j] == '/')
                break;
              j += char_length (m->path + j, m->length - j, &c);
            }
          break;

        case TOKEN_DSTAR_SLASH:
          if (match_from (m, ti + 1, pi))
            return TRUE;
          for (gsize j = pi; j < m->length; j++)
            if (m->path[j] == '/' && match_from (m, ti + 1, j + 1))
              return TRUE;
          break;

        case TOKEN_DSTAR_END:
          return TRUE;

        default:
          g_assert_not_reached ();
        }

      mark_failure (m, ti, pi);
      return FALSE;
    }
}

static gboolean
pattern_matches (const Pattern *pattern,
                 const char    *path,
                 gsize          length)
{
  switch (pattern->type)
    {
    case MATCH_EXACT:
      return length == pattern->text_len && memcmp (path, pattern->text, length) == 0;

    case MATCH_PREFIX:
      return length >= pattern->text_len - 2
             && memcmp (path, pattern->text, pattern->text_len - 2) == 0;

    case MATCH_SUFFIX:
      {
        const char *suffix = pattern->text + 2;
        gsize suffix_len = pattern->text_len - 2;

        if (length >= suffix_len && memcmp (path + length - suffix_len, suffix, suffix_len) == 0)
          return TRUE;

        /* "**\/foo" matches "foo" */
        return suffix_len > 0 && suffix[0] == '/' && length == suffix_len - 1
               && memcmp (path, suffix + 1, length) == 0;
      }

    case MATCH_TOKENS:
    default:
      {
        Matcher m = {
          pattern, (const Token *) (gpointer) pattern->tokens->data, pattern->tokens->len,
          path, length, NULL
        };
        guint8 stack_bits[512];
        g_autofree guint8 *heap_bits = NULL;
        gsize n_bits = (gsize) (m.n_tokens + 1) * (length + 1);

        /* Remembering failures keeps patterns with several stars linear. */
        if (n_bits <= sizeof stack_bits * 8)
          {
            memset (stack_bits, 0, (n_bits + 7) / 8);
            m.failed = stack_bits;
          }
        else
          {
            m.failed = heap_bits = g_malloc0 ((n_bits + 7) / 8);
          }

        return match_from (&m, 0, 0);
      }
    }
}

/* Whether @pattern matches @path or one of its parent directories. */
static gboolean
pattern_matches_or_parent (const Pattern *pattern,
                           const char    *path,
                           gsize          length)
{
  if (pattern_matches (pattern, path, length))
    return TRUE;

  for (gsize i = 0; i < length; i++)
    if (path[i] == '/' && pattern_matches (pattern, path, i))
      return TRUE;

  return FALSE;
}

/* Public API ----------------------------------------------------------- */

static gboolean
add_pattern (FltDockerignore  *self,
             const char       *line,
             gsize             length,
             GError          **error)
{
  g_autofree char *trimmed = trim_space (line, length);
  g_autofree char *cleaned = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *body = trimmed;
  gboolean exclusion = FALSE;
  Pattern *pattern;

  if (trimmed[0] == '\0')
    return TRUE;

  if (trimmed[0] == '!')
    {
      g_autofree char *rest = trim_space (trimmed + 1, strlen (trimmed + 1));

      exclusion = TRUE;
      g_free (trimmed);
      trimmed = g_steal_pointer (&rest);
      body = trimmed;

      if (body[0] == '\0')
        {
          g_set_error_literal (error, FLT_DOCKERIGNORE_ERROR,
                               FLT_DOCKERIGNORE_ERROR_INVALID_PATTERN,
                               _("“!” alone is not a pattern: write “!path” to send a path that an earlier pattern excludes"));
          return FALSE;
        }
    }

  cleaned = clean_path (body);
  if (cleaned[0] == '/' && cleaned[1] != '\0')
    memmove (cleaned, cleaned + 1, strlen (cleaned));

  pattern = g_new0 (Pattern, 1);
  pattern->text = g_steal_pointer (&cleaned);
  pattern->text_len = strlen (pattern->text);
  pattern->exclusion = exclusion;
  pattern->display = exclusion ? g_strconcat ("!", pattern->text, NULL) : g_strdup (pattern->text);

  if (!compile_pattern (pattern, &local_error))
    {
      g_set_error (error, FLT_DOCKERIGNORE_ERROR, FLT_DOCKERIGNORE_ERROR_INVALID_PATTERN,
                   /* Translators: the first %s is a pattern, the second
                    * what is wrong with it */
                   _("Invalid pattern “%s”: %s"), pattern->display, local_error->message);
      pattern_free (pattern);
      return FALSE;
    }

  g_ptr_array_add (self->patterns, pattern);
  self->has_exceptions |= exclusion;

  return TRUE;
}

/**
 * flt_dockerignore_add_pattern:
 * @self: a matcher
 * @pattern: one pattern, as on a line of .dockerignore (but never a
 *   comment): surrounding whitespace is trimmed, an empty pattern is
 *   ignored, and a leading "!" makes it an exception
 * @error: return location for an error
 *
 * Adds @pattern after the others, so that it takes precedence over them.
 *
 * Returns: %TRUE, or %FALSE if @pattern is malformed
 */
gboolean
flt_dockerignore_add_pattern (FltDockerignore  *self,
                              const char       *pattern,
                              GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return add_pattern (self, pattern, strlen (pattern), error);
}

/**
 * flt_dockerignore_new_from_data:
 * @data: the contents of a .dockerignore file
 * @length: the length of @data, or -1 if it is NUL-terminated
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): a matcher, or %NULL with @error set
 *   if a pattern is malformed (the message gives the line)
 */
FltDockerignore *
flt_dockerignore_new_from_data (const char  *data,
                                gssize       length,
                                GError     **error)
{
  g_autoptr(FltDockerignore) self = flt_dockerignore_new ();
  const char *p, *end;
  guint line_number = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  p = data;
  end = data + length;

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline != NULL ? newline : end;
      const char *next = newline != NULL ? newline + 1 : end;
      g_autoptr(GError) local_error = NULL;

      line_number++;

      if (line_end > p && line_end[-1] == '\r')
        line_end--;

      if (p < line_end && *p != '#'
          && !add_pattern (self, p, line_end - p, &local_error))
        {
          g_set_error (error, FLT_DOCKERIGNORE_ERROR, FLT_DOCKERIGNORE_ERROR_INVALID_PATTERN,
                       /* Translators: %u is a line number, %s a message */
                       _("Line %u: %s"), line_number, local_error->message);
          return NULL;
        }

      p = next;
    }

  return g_steal_pointer (&self);
}

guint
flt_dockerignore_get_n_patterns (FltDockerignore *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->patterns->len;
}

/**
 * flt_dockerignore_get_pattern:
 * @self: a matcher
 * @index: a pattern number
 *
 * Returns: (transfer none): the pattern, cleaned, with a leading "!" if it
 *   is an exception
 */
const char *
flt_dockerignore_get_pattern (FltDockerignore *self,
                              guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->patterns->len, NULL);

  return ((Pattern *) g_ptr_array_index (self->patterns, index))->display;
}

gboolean
flt_dockerignore_has_exceptions (FltDockerignore *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_exceptions;
}

/**
 * flt_dockerignore_matches:
 * @self: a matcher
 * @path: a path relative to the context, "/"-separated and clean
 *
 * Tells whether the last pattern that matches @path or one of its parent
 * directories is an exclusion.  This is how the Engine decides whether to
 * drop the Dockerfile and .dockerignore from a context, and how the CLI
 * decides whether they need forcing in; the walk of a context uses
 * flt_dockerignore_match_entry().
 *
 * Returns: %TRUE if @path is excluded
 */
gboolean
flt_dockerignore_matches (FltDockerignore *self,
                          const char      *path)
{
  gboolean matched = FALSE;
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  length = strlen (path);

  for (guint i = 0; i < self->patterns->len; i++)
    {
      const Pattern *pattern = g_ptr_array_index (self->patterns, i);

      /* Only a pattern that can change the verdict needs testing. */
      if (pattern->exclusion != matched)
        continue;

      if (pattern_matches_or_parent (pattern, path, length))
        matched = !pattern->exclusion;
    }

  return matched;
}

/**
 * flt_dockerignore_match_entry:
 * @self: a matcher
 * @path: an entry of the context, "/"-separated and clean
 * @parent_state: (nullable) (array): what this function gave for the
 *   directory that holds @path, or %NULL for an entry at the top (or
 *   when it is unknown: the parents are tested then)
 * @out_state: (out caller-allocates) (array) (optional): room for one byte
 *   per pattern, to pass as @parent_state for the entries of @path if it is
 *   a directory
 *
 * Decides about one entry during a walk of the context, exactly as the
 * docker CLI does.
 *
 * Returns: %TRUE if @path is excluded
 */
gboolean
flt_dockerignore_match_entry (FltDockerignore *self,
                              const char      *path,
                              const guint8    *parent_state,
                              guint8          *out_state)
{
  gboolean matched = FALSE;
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  length = strlen (path);

  for (guint i = 0; i < self->patterns->len; i++)
    {
      const Pattern *pattern = g_ptr_array_index (self->patterns, i);
      gboolean match = parent_state != NULL && parent_state[i];

      if (!match)
        {
          if (pattern->exclusion != matched)
            {
              if (out_state != NULL)
                out_state[i] = FALSE;
              continue;
            }

          if (parent_state == NULL)
            match = pattern_matches_or_parent (pattern, path, length);
          else
            match = pattern_matches (pattern, path, length);
        }

      if (out_state != NULL)
        out_state[i] = match;

      if (match)
        matched = !pattern->exclusion;
    }

  return matched;
}

/**
 * flt_dockerignore_may_include_below:
 * @self: a matcher
 * @directory: an excluded directory
 *
 * Tells whether the walk must enter @directory although it is excluded:
 * the CLI does when an exception pattern, taken as text, starts with
 * "@directory/" (so "!dir/keep" does, "!**\/keep" does not).
 *
 * Returns: %TRUE if entries below @directory may be sent
 */
gboolean
flt_dockerignore_may_include_below (FltDockerignore *self,
                                    const char      *directory)
{
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);

  length = strlen (directory);

  for (guint i = 0; i < self->patterns->len; i++)
    {
      const Pattern *pattern = g_ptr_array_index (self->patterns, i);

      /* pattern + "/" starts with directory + "/" */
      if (pattern->exclusion
          && pattern->text_len + 1 >= length + 1
          && memcmp (pattern->text, directory, length) == 0
          && (pattern->text_len == length || pattern->text[length] == '/'))
        return TRUE;
    }

  return FALSE;
}

/**
 * flt_dockerignore_excludes:
 * @self: a matcher
 * @path: a path relative to the context, "/"-separated and clean
 *
 * Tells whether a walk of the context, as the docker CLI does it, leaves
 * out @path: either because it is excluded itself, or because one of its
 * parent directories is excluded and is not entered (see
 * flt_dockerignore_may_include_below()).
 *
 * Returns: %TRUE if @path is not sent
 */
gboolean
flt_dockerignore_excludes (FltDockerignore *self,
                           const char      *path)
{
  g_autofree guint8 *parent = NULL;
  g_autofree guint8 *state = NULL;
  g_autofree char *prefix = NULL;
  gboolean have_parent = FALSE;
  char *p;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  parent = g_malloc0 (MAX (self->patterns->len, 1));
  state = g_malloc0 (MAX (self->patterns->len, 1));
  prefix = g_strdup (path);
  p = prefix;

  /* Walk down to @path as the CLI does, one directory at a time. */
  for (;;)
    {
      char *slash = strchr (p, '/');
      gboolean excluded;
      guint8 *swap;

      if (slash != NULL)
        *slash = '\0';

      excluded = flt_dockerignore_match_entry (self, prefix, have_parent ? parent : NULL, state);
      if (slash == NULL)
        return excluded;

      if (excluded && !flt_dockerignore_may_include_below (self, prefix))
        return TRUE;

      *slash = '/';
      p = slash + 1;

      swap = parent;
      parent = state;
      state = swap;
      have_parent = TRUE;
    }
}
