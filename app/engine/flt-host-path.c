/* flt-host-path.c: the host path the engine needs for a path Flotilla sees
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Docker Engine runs on the host and reads bind mount sources there.
 * In a Flatpak, a file the person opened through the file chooser (or
 * dropped, or passed on the command line) is seen through the document
 * portal, as $XDG_RUNTIME_DIR/doc/ID/NAME; the host has that path too, but
 * the engine, running as another user, cannot read the portal's FUSE mount,
 * and a sibling such as ./data is not in it at all.  So before a path goes
 * to the engine, a path under the portal becomes the host path it stands
 * for: the exported entry's host path (the portal's
 * user.document-portal.host-path attribute, else its GetHostPaths call), and
 * the rest of the path below the folder it was exported from.
 *
 * Paths outside the portal, and everything outside a sandbox, stay as they
 * are.  README.md ("Flatpak") says why the sandbox works this way.
 */

#include <gio/gio.h>
#include <string.h>
#include <sys/xattr.h>

#include "flt-host-path.h"

#define HOST_PATH_ATTRIBUTE "user.document-portal.host-path"
/* Inside the sandbox the portal is mounted here as well. */
#define SANDBOX_DOC_ROOT "/run/flatpak/doc"
#define PORTAL_TIMEOUT_MS 2000

static char *
strip_nul (char   *bytes,
           gsize   length)
{
  /* The portal's values end with a NUL of their own. */
  while (length > 0 && bytes[length - 1] == '\0')
    length--;
  if (length == 0)
    {
      g_free (bytes);
      return NULL;
    }
  bytes[length] = '\0';
  return bytes;
}

static char *
lookup_xattr (const char *document)
{
  ssize_t size = getxattr (document, HOST_PATH_ATTRIBUTE, NULL, 0);
  char *value;

  if (size <= 0)
    return NULL;
  value = g_malloc (size + 1);
  size = getxattr (document, HOST_PATH_ATTRIBUTE, value, size);
  if (size <= 0)
    {
      g_free (value);
      return NULL;
    }
  return strip_nul (value, size);
}

static char *
lookup_dbus (const char *id)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) paths = NULL;
  g_autoptr(GVariant) bytes = NULL;
  const char *ids[] = { id, NULL };
  gsize length = 0;
  const char *data;

  if (bus == NULL)
    return NULL;
  /* Version 5 of the interface (xdg-desktop-portal 1.17); older portals
   * answer with an error, and the path stays as it is. */
  reply = g_dbus_connection_call_sync (bus,
                                       "org.freedesktop.portal.Documents",
                                       "/org/freedesktop/portal/documents",
                                       "org.freedesktop.portal.Documents",
                                       "GetHostPaths",
                                       g_variant_new ("(^as)", ids),
                                       G_VARIANT_TYPE ("(a{say})"),
                                       G_DBUS_CALL_FLAGS_NONE,
                                       PORTAL_TIMEOUT_MS, NULL, NULL);
  if (reply == NULL)
    return NULL;
  paths = g_variant_get_child_value (reply, 0);
  bytes = g_variant_lookup_value (paths, id, G_VARIANT_TYPE_BYTESTRING);
  if (bytes == NULL)
    return NULL;
  data = g_variant_get_fixed_array (bytes, &length, 1);
  return strip_nul (g_strndup (data, length), length);
}

/**
 * flt_host_path_lookup_portal:
 * @document: DOC_ROOT/ID/NAME
 * @doc_root: (type utf8): where the portal is mounted
 *
 * The host path of an exported entry, as the document portal tells it.
 * Blocks on the portal: call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): the host path, or %NULL when the
 *   portal does not know it
 */
char *
flt_host_path_lookup_portal (const char *document,
                             gpointer    doc_root)
{
  const char *rest;
  g_autofree char *id = NULL;
  char *found;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (doc_root != NULL, NULL);

  found = lookup_xattr (document);
  if (found != NULL)
    return found;

  if (!g_str_has_prefix (document, doc_root) || document[strlen (doc_root)] != '/')
    return NULL;
  rest = document + strlen (doc_root) + 1;
  id = g_strndup (rest, strcspn (rest, "/"));
  return lookup_dbus (id);
}

/* ID/NAME/TAIL → "ID", "NAME", "/TAIL" (each possibly empty). */
static void
split_document_path (const char  *rest,
                     char       **id,
                     char       **name,
                     const char **tail)
{
  const char *slash = strchr (rest, '/');
  const char *after;

  *id = g_strndup (rest, slash ? (gsize) (slash - rest) : strlen (rest));
  if (slash == NULL)
    {
      *name = g_strdup ("");
      *tail = "";
      return;
    }
  after = slash + 1;
  slash = strchr (after, '/');
  *name = g_strndup (after, slash ? (gsize) (slash - after) : strlen (after));
  *tail = slash ? slash : "";
}

/**
 * flt_host_path_translate:
 * @path: an absolute, canonical path
 * @doc_root: where the document portal is mounted
 * @lookup: how to learn an exported entry's host path
 * @user_data: for @lookup
 *
 * Maps a path under the document portal to the host path it stands for:
 * the entry itself, or anything beside or below it, as it lies in the
 * host folder the entry was exported from.
 *
 * Returns: (transfer full): the host path, or a copy of @path when it is
 *   not under @doc_root or its document is unknown
 */
char *
flt_host_path_translate (const char        *path,
                         const char        *doc_root,
                         FltHostPathLookup  lookup,
                         gpointer           user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *doc_dir = NULL;
  g_autofree char *host_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *tail;
  const char *entry;
  gsize root_length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (doc_root != NULL, NULL);
  g_return_val_if_fail (lookup != NULL, NULL);

  root_length = strlen (doc_root);
  if (strncmp (path, doc_root, root_length) != 0 || path[root_length] != '/')
    return g_strdup (path);
  split_document_path (path + root_length + 1, &id, &name, &tail);
  if (*id == '\0')
    return g_strdup (path);
  doc_dir = g_build_filename (doc_root, id, NULL);

  /* The path is the exported entry, or under it: a file opened, or a
   * folder chosen. */
  if (*name != '\0')
    {
      g_autofree char *document = g_build_filename (doc_dir, name, NULL);
      g_autofree char *host = lookup (document, user_data);

      if (host != NULL)
        return g_strconcat (host, tail, NULL);
    }

  /* A sibling of the exported entry (./data beside compose.yaml): the
   * folder ID holds the entry alone, and stands for the host folder the
   * entry lies in. */
  dir = g_dir_open (doc_dir, 0, NULL);
  while (dir != NULL && host_dir == NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *document = NULL;
      g_autofree char *host = NULL;

      if (strcmp (entry, name) == 0)
        continue;
      document = g_build_filename (doc_dir, entry, NULL);
      host = lookup (document, user_data);
      if (host != NULL)
        host_dir = g_path_get_dirname (host);
    }
  if (host_dir == NULL)
    return g_strdup (path);
  if (*name == '\0')
    return g_steal_pointer (&host_dir);
  return g_strconcat (host_dir, G_DIR_SEPARATOR_S, name, tail, NULL);
}

/**
 * flt_host_path_for_engine:
 * @path: an absolute, canonical path Flotilla sees
 *
 * What to send the engine for @path (a bind mount source, the project's
 * folder): the host path when @path is under the document portal, else
 * @path itself.  May ask the portal over D-Bus: call it from a worker
 * thread.
 *
 * Returns: (transfer full): the path for the engine
 */
char *
flt_host_path_for_engine (const char *path)
{
  g_autofree char *user_root = NULL;
  const char *roots[2];

  g_return_val_if_fail (path != NULL, NULL);

  /* Nothing to ask unless the path can be a portal path at all. */
  if (strstr (path, "/doc/") == NULL)
    return g_strdup (path);

  user_root = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  roots[0] = user_root;
  roots[1] = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? SANDBOX_DOC_ROOT : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      gsize length = roots[i] ? strlen (roots[i]) : 0;

      if (roots[i] != NULL && strncmp (path, roots[i], length) == 0 && path[length] == '/')
        return flt_host_path_translate (path, roots[i], flt_host_path_lookup_portal, (gpointer) roots[i]);
    }
  return g_strdup (path);
}
