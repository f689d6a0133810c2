/* flt-compose-parse.c: the short syntaxes of ports, volumes and friends
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-project-private.h"
#include "flt-units.h"

void
_flt_report (GPtrArray         *diagnostics,
             FltSeverity        severity,
             FltDiagnosticKind  kind,
             const FltNode     *node,
             const char        *path,
             const char        *format,
             ...)
{
  g_autofree char *message = NULL;
  const FltNode *origin = flt_node_get_origin (node);
  va_list args;

  if (diagnostics == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (origin == NULL)
    g_ptr_array_add (diagnostics, flt_diagnostic_new (severity, kind, NULL, NULL, NULL, path, message));
  else
    g_ptr_array_add (diagnostics, flt_diagnostic_new (severity, kind, origin->file,
                                                      &origin->start, &origin->end, path, message));
}

static gboolean
parse_port_number (const char *text,
                   gboolean    allow_zero,
                   guint      *out)
{
  guint64 v;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || v > 65535 || (v == 0 && !allow_zero))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

/* "8000" or "8000-8010" */
static gboolean
parse_range (const char *text,
             gboolean    allow_zero,
             guint      *start,
             guint      *end)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", 2);

  /* "" splits into no part at all. */
  if (parts[0] == NULL || !parse_port_number (parts[0], allow_zero, start))
    return FALSE;
  if (parts[1] == NULL)
    {
      *end = *start;
      return TRUE;
    }
  if (!parse_port_number (parts[1], allow_zero, end) || *end < *start)
    return FALSE;
  return TRUE;
}

static gboolean
valid_ip (const char *text)
{
  struct in6_addr buffer;

  return inet_pton (AF_INET, text, &buffer) == 1 || inet_pton (AF_INET6, text, &buffer) == 1;
}

static void
port_error (GPtrArray     *diagnostics,
            const FltNode *node,
            const char    *path,
            const char    *spec,
            const char    *why)
{
  _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_PORT, node, path,
               /* Translators: the first %s is a port mapping as written, the second says what is wrong */
               _("“%s” is not a valid port mapping: %s; write it as [IP:][HOST:]CONTAINER[/PROTOCOL], "
                 "for example \"8080:80\" or \"127.0.0.1:5432:5432/tcp\""),
               spec, why);
}

static gboolean
check_protocol (const char *protocol)
{
  return g_str_equal (protocol, "tcp") || g_str_equal (protocol, "udp") || g_str_equal (protocol, "sctp");
}

static FltPort *
parse_short_port (const FltNode *node,
                  const char    *path,
                  GPtrArray     *diagnostics)
{
  g_autoptr(FltPort) port = g_new0 (FltPort, 1);
  g_autofree char *spec = g_strdup (node->value);
  g_autofree char *ip = NULL;
  const char *host = NULL;
  const char *container;
  char *slash;
  char *last_colon;

  port->protocol = g_strdup ("tcp");
  port->mode = g_strdup ("ingress");

  slash = strrchr (spec, '/');
  if (slash != NULL)
    {
      *slash = '\0';
      g_free (port->protocol);
      port->protocol = g_ascii_strdown (slash + 1, -1);
      if (!check_protocol (port->protocol))
        {
          g_autofree char *why = g_strdup_printf (_("unknown protocol “%s” (use tcp, udp or sctp)"), slash + 1);

          port_error (diagnostics, node, path, node->value, why);
          return NULL;
        }
    }

  last_colon = strrchr (spec, ':');
  if (last_colon == NULL)
    container = spec;
  else
    {
      char *host_colon;

      *last_colon = '\0';
      container = last_colon + 1;

      if (spec[0] == '[')
        {
          /* [IPv6]:host:container or [IPv6]::container */
          char *close = strchr (spec, ']');

          if (close == NULL || close[1] != ':')
            {
              port_error (diagnostics, node, path, node->value, _("the IPv6 address is not closed with “]”"));
              return NULL;
            }
          *close = '\0';
          ip = g_strdup (spec + 1);
          host = close + 2;
        }
      else
        {
          host_colon = strrchr (spec, ':');
          if (host_colon == NULL)
            host = spec;
          else
            {
              *host_colon = '\0';
              ip = g_strdup (spec);
              host = host_colon + 1;
            }
        }
    }

  if (ip != NULL)
    {
      if (!valid_ip (ip))
        {
          g_autofree char *why = g_strdup_printf (_("“%s” is not an IP address"), ip);

          port_error (diagnostics, node, path, node->value, why);
          return NULL;
        }
      port->host_ip = g_steal_pointer (&ip);
    }

  if (!parse_range (container, FALSE, &port->target_start, &port->target_end))
    {
      g_autofree char *why = g_strdup_printf (_("the container port “%s” must be a number from 1 to 65535 or a range like 8000-8010"),
                                              container);

      port_error (diagnostics, node, path, node->value, why);
      return NULL;
    }

  if (host != NULL && *host != '\0')
    {
      if (!parse_range (host, TRUE, &port->published_start, &port->published_end))
        {
          g_autofree char *why = g_strdup_printf (_("the host port “%s” must be a number from 0 to 65535 or a range like 8000-8010"),
                                                  host);

          port_error (diagnostics, node, path, node->value, why);
          return NULL;
        }
      if (port->target_end != port->target_start &&
          port->published_end - port->published_start != port->target_end - port->target_start)
        {
          port_error (diagnostics, node, path, node->value,
                      _("the host and container ranges have different sizes"));
          return NULL;
        }
    }

  port->path = g_strdup (path);
  port->node = node;
  return g_steal_pointer (&port);
}

static const char *
scalar_value (const FltNode *node)
{
  return flt_node_is_scalar (node) && !node->is_null ? node->value : NULL;
}

static FltPort *
parse_long_port (const FltNode *node,
                 const char    *path,
                 GPtrArray     *diagnostics)
{
  g_autoptr(FltPort) port = g_new0 (FltPort, 1);
  const FltNode *target = flt_node_lookup (node, "target");
  const FltNode *published = flt_node_lookup (node, "published");
  const char *protocol = scalar_value (flt_node_lookup (node, "protocol"));
  const char *mode = scalar_value (flt_node_lookup (node, "mode"));
  const char *host_ip = scalar_value (flt_node_lookup (node, "host_ip"));
  g_autofree char *target_path = flt_path_append_key (path, "target");

  if (target == NULL)
    {
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_PORT, node, path,
                   _("a port in the long syntax needs a target (the container port)"));
      return NULL;
    }
  if (!parse_range (scalar_value (target) ? scalar_value (target) : "", FALSE,
                    &port->target_start, &port->target_end))
    {
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_PORT, target, target_path,
                   _("the target port must be a number from 1 to 65535"));
      return NULL;
    }

  if (scalar_value (published) != NULL && *scalar_value (published) != '\0')
    {
      if (!parse_range (scalar_value (published), TRUE, &port->published_start, &port->published_end))
        {
          g_autofree char *published_path = flt_path_append_key (path, "published");

          _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_PORT, published, published_path,
                       _("the published port must be a number from 0 to 65535 or a range like 8000-8010"));
          return NULL;
        }
    }

  port->protocol = g_ascii_strdown (protocol ? protocol : "tcp", -1);
  if (!check_protocol (port->protocol))
    {
      g_autofree char *p = flt_path_append_key (path, "protocol");

      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_PORT,
                   flt_node_lookup (node, "protocol"), p,
                   _("unknown protocol “%s”; use tcp, udp or sctp"), protocol);
      return NULL;
    }
  port->mode = g_strdup (mode ? mode : "ingress");
  if (!g_str_equal (port->mode, "ingress") && !g_str_equal (port->mode, "host"))
    {
      g_autofree char *p = flt_path_append_key (path, "mode");

      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_PORT,
                   flt_node_lookup (node, "mode"), p,
                   _("unknown port mode “%s”; use ingress or host"), mode);
      return NULL;
    }
  if (host_ip != NULL && *host_ip != '\0')
    {
      if (!valid_ip (host_ip))
        {
          g_autofree char *p = flt_path_append_key (path, "host_ip");

          _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_PORT,
                       flt_node_lookup (node, "host_ip"), p,
                       _("“%s” is not an IP address"), host_ip);
          return NULL;
        }
      port->host_ip = g_strdup (host_ip);
    }
  port->name = g_strdup (scalar_value (flt_node_lookup (node, "name")));
  port->app_protocol = g_strdup (scalar_value (flt_node_lookup (node, "app_protocol")));
  port->path = g_strdup (path);
  port->node = node;

  return g_steal_pointer (&port);
}

FltPort *
_flt_parse_port (const FltNode *node,
                 const char    *path,
                 GPtrArray     *diagnostics)
{
  if (flt_node_is_mapping (node))
    return parse_long_port (node, path, diagnostics);

  if (flt_node_is_scalar (node) && !node->is_null)
    return parse_short_port (node, path, diagnostics);

  _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_WRONG_TYPE, node, path,
               _("a port must be a string like \"8080:80\" or a mapping with target and published; found %s"),
               flt_node_kind_to_string (node));
  return NULL;
}

GPtrArray *
_flt_parse_ports (const FltNode *node,
                  const char    *path,
                  GPtrArray     *diagnostics)
{
  GPtrArray *ports = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_port_free);

  if (!flt_node_is_sequence (node))
    return ports;

  for (guint i = 0; i < node->n_items; i++)
    {
      g_autofree char *item_path = flt_path_append_index (path, i);
      FltPort *port = _flt_parse_port (node->items[i], item_path, diagnostics);

      if (port != NULL)
        g_ptr_array_add (ports, port);
    }

  return ports;
}

static gboolean
is_path_source (const char *source)
{
  return source[0] == '.' || source[0] == '/' || source[0] == '~' || source[0] == '$' ||
         (g_ascii_isalpha (source[0]) && source[1] == ':' && (source[2] == '\\' || source[2] == '/')) ||
         g_str_has_prefix (source, "\\\\");
}

static gboolean
known_mode (const char *option)
{
  static const char * const modes[] = {
    "ro", "rw", "z", "Z", "nocopy", "consistent", "cached", "delegated",
    "shared", "rshared", "slave", "rslave", "private", "rprivate", NULL
  };

  return g_strv_contains (modes, option);
}

static FltMount *
parse_short_mount (const FltNode *node,
                   const char    *path,
                   GPtrArray     *diagnostics)
{
  g_autoptr(FltMount) mount = g_new0 (FltMount, 1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *spec = node->value;
  const char *p = spec;
  const char *start = spec;

  /* Split on ':', except the one after a Windows drive letter. */
  for (; *p; p++)
    {
      if (*p != ':')
        continue;
      if (p - start == 1 && g_ascii_isalpha (start[0]) && (p[1] == '\\' || p[1] == '/'))
        continue;
      g_ptr_array_add (parts, g_strndup (start, p - start));
      start = p + 1;
    }
  g_ptr_array_add (parts, g_strdup (start));

  mount->tmpfs_size = -1;
  mount->path = g_strdup (path);
  mount->node = node;

  if (parts->len > 3 || *spec == '\0')
    {
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VOLUME, node, path,
                   _("“%s” is not a valid volume: write it as [SOURCE:]TARGET[:MODE], "
                     "for example \"./data:/var/lib/data:ro\" or \"dbdata:/var/lib/postgresql/data\""),
                   spec);
      return NULL;
    }

  /* Compose refuses an empty part, typically an unset variable as in
   * "${DATA}:/data". */
  for (guint i = 0; parts->len > 1 && i < parts->len; i++)
    {
      if (*(const char *) g_ptr_array_index (parts, i) != '\0')
        continue;
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VOLUME, node, path,
                   _("“%s” is not a valid volume: a part between colons is empty (is a variable in it "
                     "unset?); write it as [SOURCE:]TARGET[:MODE], for example \"./data:/var/lib/data:ro\""),
                   spec);
      return NULL;
    }

  if (parts->len == 1)
    {
      mount->type = FLT_MOUNT_ANONYMOUS;
      mount->target = g_strdup (g_ptr_array_index (parts, 0));
    }
  else
    {
      const char *source = g_ptr_array_index (parts, 0);

      mount->target = g_strdup (g_ptr_array_index (parts, 1));
      mount->source = g_strdup (source);
      if (*source == '\0')
        mount->type = FLT_MOUNT_ANONYMOUS;
      else if (is_path_source (source))
        {
          mount->type = FLT_MOUNT_BIND;
          mount->create_host_path = TRUE;
        }
      else
        mount->type = FLT_MOUNT_VOLUME;
    }

  if (parts->len == 3)
    {
      g_auto(GStrv) options = g_strsplit (g_ptr_array_index (parts, 2), ",", -1);

      mount->mode = g_strdup (g_ptr_array_index (parts, 2));
      for (guint i = 0; options[i] != NULL; i++)
        {
          if (!known_mode (options[i]))
            {
              _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VOLUME, node, path,
                           _("unknown volume option “%s” in “%s”; use ro, rw, z, Z, nocopy or a propagation mode such as rshared"),
                           options[i], spec);
              return NULL;
            }
          if (g_str_equal (options[i], "ro"))
            mount->read_only = TRUE;
          else if (g_str_equal (options[i], "nocopy"))
            mount->nocopy = TRUE;
          else if (g_str_equal (options[i], "z") || g_str_equal (options[i], "Z"))
            mount->selinux = g_strdup (options[i]);
          else if (g_str_has_suffix (options[i], "shared") || g_str_has_suffix (options[i], "slave") ||
                   g_str_has_suffix (options[i], "private"))
            mount->propagation = g_strdup (options[i]);
        }
    }

  if (mount->target == NULL || *mount->target == '\0')
    {
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VOLUME, node, path,
                   _("the volume “%s” has no target path in the container"), spec);
      return NULL;
    }

  return g_steal_pointer (&mount);
}

static FltMount *
parse_long_mount (const FltNode *node,
                  const char    *path,
                  GPtrArray     *diagnostics)
{
  g_autoptr(FltMount) mount = g_new0 (FltMount, 1);
  const char *type = scalar_value (flt_node_lookup (node, "type"));
  const char *source = scalar_value (flt_node_lookup (node, "source"));
  const char *target = scalar_value (flt_node_lookup (node, "target"));
  const FltNode *bind = flt_node_lookup (node, "bind");
  const FltNode *volume = flt_node_lookup (node, "volume");
  const FltNode *tmpfs = flt_node_lookup (node, "tmpfs");
  gboolean b;

  mount->tmpfs_size = -1;
  mount->long_syntax = TRUE;
  mount->path = g_strdup (path);
  mount->node = node;

  if (type == NULL)
    {
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VOLUME, node, path,
                   _("a volume in the long syntax needs a type: volume, bind, tmpfs, npipe or cluster"));
      return NULL;
    }

  if (g_str_equal (type, "bind"))
    mount->type = FLT_MOUNT_BIND;
  else if (g_str_equal (type, "volume"))
    mount->type = source != NULL && *source != '\0' ? FLT_MOUNT_VOLUME : FLT_MOUNT_ANONYMOUS;
  else if (g_str_equal (type, "tmpfs"))
    mount->type = FLT_MOUNT_TMPFS;
  else if (g_str_equal (type, "npipe"))
    mount->type = FLT_MOUNT_NPIPE;
  else if (g_str_equal (type, "cluster") || g_str_equal (type, "image"))
    mount->type = FLT_MOUNT_CLUSTER;
  else
    {
      g_autofree char *p = flt_path_append_key (path, "type");

      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VOLUME,
                   flt_node_lookup (node, "type"), p,
                   _("unknown volume type “%s”; use volume, bind, tmpfs, npipe, cluster or image"), type);
      return NULL;
    }

  if (target == NULL || *target == '\0')
    {
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VOLUME, node, path,
                   _("the volume has no target path in the container; add target:"));
      return NULL;
    }
  if (mount->type == FLT_MOUNT_BIND && (source == NULL || *source == '\0'))
    {
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_BAD_VOLUME, node, path,
                   _("a bind mount needs a source path on the host; add source:"));
      return NULL;
    }

  mount->source = g_strdup (source);
  mount->target = g_strdup (target);
  if (flt_node_get_bool (flt_node_lookup (node, "read_only"), &b))
    mount->read_only = b;
  if (flt_node_is_mapping (bind))
    {
      mount->propagation = g_strdup (scalar_value (flt_node_lookup (bind, "propagation")));
      mount->selinux = g_strdup (scalar_value (flt_node_lookup (bind, "selinux")));
      if (flt_node_get_bool (flt_node_lookup (bind, "create_host_path"), &b))
        mount->create_host_path = b;
    }
  if (flt_node_is_mapping (volume))
    {
      if (flt_node_get_bool (flt_node_lookup (volume, "nocopy"), &b))
        mount->nocopy = b;
      mount->subpath = g_strdup (scalar_value (flt_node_lookup (volume, "subpath")));
    }
  if (flt_node_is_mapping (tmpfs) && flt_node_lookup (tmpfs, "size") != NULL)
    {
      g_autofree char *tmpfs_path = flt_path_append_key (path, "tmpfs");
      g_autofree char *size_path = flt_path_append_key (tmpfs_path, "size");

      _flt_node_to_size (flt_node_lookup (tmpfs, "size"), size_path, &mount->tmpfs_size, diagnostics);
    }

  return g_steal_pointer (&mount);
}

FltMount *
_flt_parse_mount (const FltNode *node,
                  const char    *path,
                  GPtrArray     *diagnostics)
{
  if (flt_node_is_mapping (node))
    return parse_long_mount (node, path, diagnostics);
  if (flt_node_is_scalar (node) && !node->is_null)
    return parse_short_mount (node, path, diagnostics);

  _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_WRONG_TYPE, node, path,
               _("a volume must be a string like \"./data:/data\" or a mapping with type, source and target; found %s"),
               flt_node_kind_to_string (node));
  return NULL;
}

typedef gboolean (*ParseFunc) (const char *text, gint64 *out, GError **error);

typedef enum
{
  CONVERTED,
  NOT_GIVEN,
  NOT_A_SCALAR,
  REPORTED,
} Conversion;

static Conversion
node_to_number (const FltNode     *node,
                const char        *path,
                gint64            *out,
                GPtrArray         *diagnostics,
                ParseFunc          parse,
                FltDiagnosticKind  kind)
{
  g_autoptr(GError) error = NULL;

  if (node == NULL || (flt_node_is_scalar (node) && node->is_null))
    return NOT_GIVEN;
  /* An unset variable: Compose treats the field as not given. */
  if (flt_node_is_scalar (node) && node->interpolated && node->value[0] == '\0')
    return NOT_GIVEN;
  if (!flt_node_is_scalar (node))
    return NOT_A_SCALAR;
  if (!parse (node->value, out, &error))
    {
      _flt_report (diagnostics, FLT_SEVERITY_ERROR, kind, node, path, "%s", error->message);
      return REPORTED;
    }
  return CONVERTED;
}

gboolean
_flt_node_to_duration (const FltNode *node,
                       const char    *path,
                       gint64        *out,
                       GPtrArray     *diagnostics)
{
  Conversion c = node_to_number (node, path, out, diagnostics, flt_parse_duration,
                                 FLT_DIAGNOSTIC_BAD_DURATION);

  if (c == NOT_A_SCALAR)
    _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_WRONG_TYPE, node, path,
                 _("a duration must be a string like 30s or 1m30s; found %s"),
                 flt_node_kind_to_string (node));
  return c == CONVERTED;
}

gboolean
_flt_node_to_size (const FltNode *node,
                   const char    *path,
                   gint64        *out,
                   GPtrArray     *diagnostics)
{
  Conversion c = node_to_number (node, path, out, diagnostics, flt_parse_size, FLT_DIAGNOSTIC_BAD_SIZE);

  if (c == NOT_A_SCALAR)
    _flt_report (diagnostics, FLT_SEVERITY_ERROR, FLT_DIAGNOSTIC_WRONG_TYPE, node, path,
                 _("a size must be a number of bytes or a string like 512m or 1g; found %s"),
                 flt_node_kind_to_string (node));
  return c == CONVERTED;
}

/* A command as the engine gets it: a string is split the way a shell
 * splits words (quotes kept together), a list is taken as it is. */
GStrv
_flt_node_to_command (const FltNode *node)
{
  if (node == NULL || (flt_node_is_scalar (node) && node->is_null))
    return NULL;

  if (flt_node_is_scalar (node))
    {
      char **argv = NULL;

      if (g_shell_parse_argv (node->value, NULL, &argv, NULL))
        return argv;
      if (node->value[0] == '\0' || strspn (node->value, " \t\n") == strlen (node->value))
        return g_new0 (char *, 1);
      /* Unbalanced quotes: keep the words as they are. */
      return g_strsplit_set (node->value, " \t\n", -1);
    }

  return _flt_node_to_strv (node);
}

/* A list of strings, or a single string as a list of one. */
GStrv
_flt_node_to_strv (const FltNode *node)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (node == NULL || (flt_node_is_scalar (node) && node->is_null))
    return NULL;

  builder = g_strv_builder_new ();
  if (flt_node_is_scalar (node))
    g_strv_builder_add (builder, node->value);
  else if (flt_node_is_sequence (node))
    for (guint i = 0; i < node->n_items; i++)
      if (flt_node_is_scalar (node->items[i]))
        g_strv_builder_add (builder, node->items[i]->value);

  return g_strv_builder_end (builder);
}

/* environment, labels, build args and the like: a mapping, or a list of
 * "KEY=VALUE" (or "KEY" alone for "take it from the environment"). */
GPtrArray *
_flt_node_to_key_values (const FltNode *node,
                         const char    *path,
                         const char    *separator)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);

  if (flt_node_is_mapping (node))
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *key = flt_node_key (node, i);
          const FltNode *value = flt_node_value (node, i);
          FltKeyValue *kv = g_new0 (FltKeyValue, 1);

          kv->name = g_strdup (key->value);
          kv->path = flt_path_append_key (path, key->value);
          kv->node = value;
          if (flt_node_is_scalar (value) && !value->is_null)
            {
              kv->value = g_strdup (value->value);
              kv->has_value = TRUE;
            }
          g_ptr_array_add (out, kv);
        }
    }
  else if (flt_node_is_sequence (node))
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *item = node->items[i];
          FltKeyValue *kv;
          const char *sep;

          if (!flt_node_is_scalar (item))
            continue;
          kv = g_new0 (FltKeyValue, 1);
          kv->path = flt_path_append_index (path, i);
          kv->node = item;
          sep = strstr (item->value, separator);
          if (sep != NULL)
            {
              kv->name = g_strndup (item->value, sep - item->value);
              kv->value = g_strdup (sep + strlen (separator));
              kv->has_value = TRUE;
            }
          else
            kv->name = g_strdup (item->value);
          g_ptr_array_add (out, kv);
        }
    }

  return out;
}

/**
 * flt_key_values_from_node:
 * @separator: "=" for environment and labels, ":" for extra_hosts
 *
 * Returns: (transfer full) (element-type FltKeyValue): a list_or_dict field
 *   as key/value pairs, in file order
 */
GPtrArray *
flt_key_values_from_node (const FltNode *node,
                          const char    *path,
                          const char    *separator)
{
  return _flt_node_to_key_values (node, path, separator);
}
