/* flt-short-syntax.c: list entries of a service as written, split into the
 * fields the list editors show, checked and joined again
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core parses entries after interpolation, for the model.  The editors
 * show and change the text as written, where "${WEB_PORT:-8080}:80" has a
 * colon inside the variable, so the splitting here skips over `${...}`.
 */

#include "config.h"

#include <string.h>

#include "flt-short-syntax.h"

/* Offsets of @separator in @text outside `${...}`. */
static GArray *
find_separators (const char *text,
                 char        separator)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint depth = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      if (text[i] == '$' && text[i + 1] == '$')
        i++;
      else if (text[i] == '$' && text[i + 1] == '{')
        {
          depth++;
          i++;
        }
      else if (text[i] == '}' && depth > 0)
        depth--;
      else if (text[i] == separator && depth == 0)
        g_array_append_val (found, i);
    }
  return found;
}

static GPtrArray *
split_outside_variables (const char *text,
                         char        separator)
{
  g_autoptr(GArray) at = find_separators (text, separator);
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  for (guint i = 0; i < at->len; i++)
    {
      gsize end = g_array_index (at, gsize, i);

      g_ptr_array_add (parts, g_strndup (text + start, end - start));
      start = end + 1;
    }
  g_ptr_array_add (parts, g_strdup (text + start));
  return parts;
}

void
flt_port_fields_clear (FltPortFields *fields)
{
  g_clear_pointer (&fields->host_ip, g_free);
  g_clear_pointer (&fields->published, g_free);
  g_clear_pointer (&fields->target, g_free);
  g_clear_pointer (&fields->protocol, g_free);
}

static char *
nonempty (char *text)
{
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/**
 * flt_port_fields_split:
 * @text: a short-syntax port as written
 * @out: (out caller-allocates): its parts; free them with
 *   flt_port_fields_clear()
 */
void
flt_port_fields_split (const char    *text,
                       FltPortFields *out)
{
  g_autofree char *spec = NULL;
  g_autoptr(GArray) slashes = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  const char *rest;

  memset (out, 0, sizeof *out);
  spec = g_strdup (text != NULL ? text : "");

  slashes = find_separators (spec, '/');
  if (slashes->len > 0)
    {
      gsize slash = g_array_index (slashes, gsize, slashes->len - 1);

      out->protocol = g_strdup (spec + slash + 1);
      spec[slash] = '\0';
    }

  rest = spec;
  if (spec[0] == '[')
    {
      const char *close = strchr (spec, ']');

      if (close != NULL)
        {
          out->host_ip = g_strndup (spec + 1, close - spec - 1);
          rest = close[1] == ':' ? close + 2 : close + 1;
          parts = split_outside_variables (rest, ':');
          if (parts->len >= 2)
            {
              out->published = nonempty (g_strdup (g_ptr_array_index (parts, 0)));
              out->target = g_strdup (g_ptr_array_index (parts, 1));
            }
          else
            out->target = g_strdup (g_ptr_array_index (parts, 0));
          return;
        }
    }

  parts = split_outside_variables (rest, ':');
  if (parts->len == 1)
    out->target = g_strdup (g_ptr_array_index (parts, 0));
  else if (parts->len == 2)
    {
      out->published = nonempty (g_strdup (g_ptr_array_index (parts, 0)));
      out->target = g_strdup (g_ptr_array_index (parts, 1));
    }
  else
    {
      /* An IPv6 address without brackets has colons of its own: the last
       * two parts are the ports. */
      GString *ip = g_string_new (NULL);

      for (guint i = 0; i + 2 < parts->len; i++)
        {
          if (i > 0)
            g_string_append_c (ip, ':');
          g_string_append (ip, g_ptr_array_index (parts, i));
        }
      out->host_ip = nonempty (g_string_free (ip, FALSE));
      out->published = nonempty (g_strdup (g_ptr_array_index (parts, parts->len - 2)));
      out->target = g_strdup (g_ptr_array_index (parts, parts->len - 1));
    }
}

/**
 * flt_port_fields_join:
 *
 * Returns: (transfer full): the short syntax for @fields, the inverse of
 *   flt_port_fields_split()
 */
char *
flt_port_fields_join (const FltPortFields *fields)
{
  GString *s = g_string_new (NULL);
  gboolean has_ip = fields->host_ip != NULL && *fields->host_ip != '\0';
  gboolean has_published = fields->published != NULL && *fields->published != '\0';

  if (has_ip)
    {
      if (strchr (fields->host_ip, ':') != NULL && !g_str_has_prefix (fields->host_ip, "${"))
        g_string_append_printf (s, "[%s]:", fields->host_ip);
      else
        g_string_append_printf (s, "%s:", fields->host_ip);
    }
  if (has_published)
    g_string_append_printf (s, "%s:", fields->published);
  else if (has_ip)
    g_string_append_c (s, ':');
  g_string_append (s, fields->target ? fields->target : "");
  if (fields->protocol != NULL && *fields->protocol != '\0')
    g_string_append_printf (s, "/%s", fields->protocol);
  return g_string_free (s, FALSE);
}

static gboolean
check_port_number (const char *text,
                   guint      *out)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0' || strlen (text) > 5)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  value = g_ascii_strtoull (text, NULL, 10);
  if (value < 1 || value > 65535)
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/**
 * flt_check_port_range:
 * @text: "8080" or "8000-8010"
 * @start: (out) (optional): the first port
 * @end: (out) (optional): the last port, @start for a single one
 *
 * Returns: %TRUE when @text is a port from 1 to 65535, or an ascending
 *   range of them
 */
gboolean
flt_check_port_range (const char *text,
                      guint      *start,
                      guint      *end)
{
  g_auto(GStrv) parts = NULL;
  guint first = 0, last = 0;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, "-", 3);
  if (!check_port_number (parts[0], &first))
    return FALSE;
  last = first;
  if (parts[1] != NULL && (parts[2] != NULL || !check_port_number (parts[1], &last) || last < first))
    return FALSE;
  if (start != NULL)
    *start = first;
  if (end != NULL)
    *end = last;
  return TRUE;
}

gboolean
flt_check_ip_address (const char *text)
{
  g_autoptr(GInetAddress) address = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  address = g_inet_address_new_from_string (text);
  return address != NULL;
}

void
flt_mount_fields_clear (FltMountFields *fields)
{
  g_clear_pointer (&fields->source, g_free);
  g_clear_pointer (&fields->target, g_free);
  g_clear_pointer (&fields->mode, g_free);
}

/**
 * flt_mount_fields_split:
 * @text: a short-syntax volume as written
 * @out: (out caller-allocates): its parts
 */
void
flt_mount_fields_split (const char     *text,
                        FltMountFields *out)
{
  g_autoptr(GPtrArray) parts = split_outside_variables (text != NULL ? text : "", ':');

  memset (out, 0, sizeof *out);

  /* "C:\data:/data": the colon of a drive letter separates nothing. */
  if (parts->len >= 2 && strlen (g_ptr_array_index (parts, 0)) == 1 &&
      g_ascii_isalpha (*(char *) g_ptr_array_index (parts, 0)))
    {
      const char *next = g_ptr_array_index (parts, 1);

      if (next[0] == '\\' || next[0] == '/')
        {
          char *joined = g_strconcat (g_ptr_array_index (parts, 0), ":", next, NULL);

          g_ptr_array_remove_index (parts, 1);
          g_free (g_ptr_array_index (parts, 0));
          parts->pdata[0] = joined;
        }
    }

  if (parts->len == 1)
    {
      out->target = g_strdup (g_ptr_array_index (parts, 0));
      return;
    }
  out->source = nonempty (g_strdup (g_ptr_array_index (parts, 0)));
  out->target = g_strdup (g_ptr_array_index (parts, 1));
  if (parts->len >= 3)
    {
      GString *mode = g_string_new (g_ptr_array_index (parts, 2));

      /* Keep whatever else was written rather than lose it. */
      for (guint i = 3; i < parts->len; i++)
        g_string_append_printf (mode, ":%s", (char *) g_ptr_array_index (parts, i));
      out->mode = nonempty (g_string_free (mode, FALSE));
    }
}

char *
flt_mount_fields_join (const FltMountFields *fields)
{
  GString *s = g_string_new (NULL);

  if (fields->source != NULL && *fields->source != '\0')
    g_string_append_printf (s, "%s:", fields->source);
  g_string_append (s, fields->target ? fields->target : "");
  if (fields->source != NULL && *fields->source != '\0' &&
      fields->mode != NULL && *fields->mode != '\0')
    g_string_append_printf (s, ":%s", fields->mode);
  return g_string_free (s, FALSE);
}

/* As Compose tells a bind mount from a named volume in the short syntax. */
gboolean
flt_mount_source_is_path (const char *source)
{
  if (source == NULL || *source == '\0')
    return FALSE;
  return source[0] == '.' || source[0] == '/' || source[0] == '~' || source[0] == '$' ||
         (g_ascii_isalpha (source[0]) && source[1] == ':' && (source[2] == '\\' || source[2] == '/')) ||
         g_str_has_prefix (source, "\\\\");
}

gboolean
flt_mount_mode_is_read_only (const char *mode)
{
  g_auto(GStrv) options = NULL;

  if (mode == NULL)
    return FALSE;
  options = g_strsplit (mode, ",", -1);
  return g_strv_contains ((const char * const *) options, "ro");
}

/**
 * flt_mount_mode_set_read_only:
 * @mode: (nullable): the options as written, e.g. "rw,z"
 *
 * Returns: (transfer full) (nullable): @mode with "ro" in place of "rw" or
 *   the other way round, other options kept in their order; %NULL when
 *   nothing is left
 */
char *
flt_mount_mode_set_read_only (const char *mode,
                              gboolean    read_only)
{
  g_auto(GStrv) options = g_strsplit (mode ? mode : "", ",", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;
  gboolean placed = FALSE;

  for (guint i = 0; options[i] != NULL; i++)
    {
      if (*options[i] == '\0')
        continue;
      if (g_str_equal (options[i], "ro") || g_str_equal (options[i], "rw"))
        {
          /* The access mode stays where it was written. */
          if (read_only && !placed)
            g_strv_builder_add (kept, "ro");
          placed = TRUE;
          continue;
        }
      g_strv_builder_add (kept, options[i]);
    }
  result = g_strv_builder_end (kept);
  if (read_only && !placed)
    {
      g_autofree char *rest = g_strjoinv (",", result);

      return *rest != '\0' ? g_strconcat ("ro,", rest, NULL) : g_strdup ("ro");
    }
  if (result[0] == NULL)
    return NULL;
  return g_strjoinv (",", result);
}

/**
 * flt_env_entry_split:
 * @name: (out): the variable's name
 * @value: (out) (nullable): its value as written; %NULL for a name alone,
 *   whose value comes from the environment
 */
void
flt_env_entry_split (const char  *text,
                     char       **name,
                     char       **value)
{
  const char *equals = strchr (text ? text : "", '=');

  if (equals == NULL)
    {
      *name = g_strdup (text ? text : "");
      *value = NULL;
      return;
    }
  *name = g_strndup (text, equals - text);
  *value = g_strdup (equals + 1);
}

/* Compose takes any name without "=" or white space: dots are common
 * ("discovery.type"). */
gboolean
flt_check_variable_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (*p == '=' || g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/**
 * flt_resolve_host_path:
 * @path: a host path as written (already interpolated)
 * @project_dir: (nullable): what relative paths are relative to
 *
 * Returns: (transfer full): @path as an absolute, canonical path
 */
char *
flt_resolve_host_path (const char *path,
                       const char *project_dir)
{
  if (path[0] == '~' && (path[1] == '/' || path[1] == '\0'))
    {
      g_autofree char *home_relative = g_build_filename (g_get_home_dir (), path + 1, NULL);

      return g_canonicalize_filename (home_relative, NULL);
    }
  return g_canonicalize_filename (path, project_dir);
}

/**
 * flt_display_path:
 *
 * Returns: (transfer full): @path relative to @project_dir when it is
 *   inside it, else @path itself
 */
char *
flt_display_path (const char *path,
                  const char *project_dir)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autofree char *relative = NULL;

  if (path == NULL)
    return NULL;
  if (project_dir == NULL)
    return g_strdup (path);
  file = g_file_new_for_path (path);
  dir = g_file_new_for_path (project_dir);
  relative = g_file_get_relative_path (dir, file);
  if (relative == NULL)
    return g_strdup (path);
  return g_strconcat ("." G_DIR_SEPARATOR_S, relative, NULL);
}

/**
 * flt_written_value:
 * @node: (nullable): an entry, or a key's value, in the project's
 *   resolved tree
 *
 * Returns: (transfer full) (nullable): the scalar as the file writes it,
 *   before interpolation; %NULL when it is not a scalar, or null
 */
char *
flt_written_value (const FltNode *node)
{
  const FltNode *origin = flt_node_get_origin (node);

  if (origin == NULL)
    origin = node;
  origin = flt_node_deref (origin);
  if (!flt_node_is_scalar (origin) || origin->is_null)
    return NULL;
  return g_strdup (origin->value);
}
