/* flt-build-context.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The build context of `POST /build`: a tar archive of the context folder,
 * made the way the docker CLI makes it for the classic builder.
 *
 * - The folder is walked depth first, each folder's entries in byte order
 *   of their names, so the same tree always gives the same archive.
 * - .dockerignore (or "<Dockerfile>.dockerignore" beside the Dockerfile,
 *   which wins, as with BuildKit) decides what is left out; see
 *   flt-dockerignore.c.  The Dockerfile and .dockerignore are sent even
 *   when excluded, by adding exceptions for them, as the CLI does.
 * - Regular files, folders, symbolic links (as links, never followed) and
 *   named pipes are stored, and a file's second name as a hard link to the
 *   first; sockets and devices are skipped.
 * - POSIX ustar headers with uid and gid 0 and no user or group names,
 *   the file's permission bits and whole-second mtime.  A name longer than
 *   100 bytes is split into the prefix field when it can be; otherwise a
 *   PAX extended header carries it, and link targets longer than 100 bytes
 *   or not in ASCII.  The bytes are those the docker CLI (Go's archive/tar) writes
 *   for the same tree.
 * - A Dockerfile given as text, or one outside the context, is added under
 *   a name of its own, and that name is appended to the archive's
 *   .dockerignore (which is created if needed) so that the Engine removes
 *   it from the context before `COPY . ...` can see it.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "flt-build-context.h"
#include "flt-dockerignore.h"

#define BLOCK_SIZE     512
#define NAME_SIZE      100
#define PREFIX_SIZE    155
#define MAX_OCTAL_11   G_GUINT64_CONSTANT (077777777777)

typedef struct
{
  char            *root;          /* the context folder, symlinks resolved */
  FltDockerignore *ignore;
  GByteArray      *tar;
  const char      *inject_name;   /* a Dockerfile added by name, or NULL */
  gboolean         dockerignore_written;
  GHashTable      *inodes;        /* (dev, inode) of files with several
                                   * links -> the first name sent */
} Walk;

typedef struct
{
  dev_t dev;
  ino_t ino;
} FileId;

static guint
file_id_hash (gconstpointer data)
{
  const FileId *id = data;

  return (guint) ((guint64) id->ino ^ ((guint64) id->ino >> 32)) ^ (guint) id->dev;
}

static gboolean
file_id_equal (gconstpointer a,
               gconstpointer b)
{
  const FileId *x = a, *y = b;

  return x->dev == y->dev && x->ino == y->ino;
}

/* Tar ------------------------------------------------------------------ */

static void
put_octal (guint8  *field,
           gsize    size,
           guint64  value)
{
  /* size - 1 digits, then a NUL */
  for (gssize i = size - 2; i >= 0; i--)
    {
      field[i] = '0' + (value & 7);
      value >>= 3;
    }
  field[size - 1] = '\0';
}

static void
put_string (guint8     *field,
            gsize       size,
            const char *value)
{
  gsize length = strlen (value);

  memcpy (field, value, MIN (length, size));
}

static void
pad_to_block (GByteArray *tar)
{
  gsize rest = tar->len % BLOCK_SIZE;

  if (rest != 0)
    {
      gsize old_len = tar->len;

      g_byte_array_set_size (tar, old_len + BLOCK_SIZE - rest);
      memset (tar->data + old_len, 0, BLOCK_SIZE - rest);
    }
}

static gboolean
fits_ustar (const char *text)
{
  gsize length = 0;

  for (const char *p = text; *p != '\0'; p++, length++)
    if ((guchar) *p >= 0x80)
      return FALSE;

  return length <= NAME_SIZE;
}

/* What a name becomes in a header field when a PAX record holds it in
 * full: its ASCII bytes only, cut to the field's size (as Go's archive/tar
 * does, which is what the docker CLI uses).
 */
static char *
ascii_stand_in (const char *text)
{
  GString *result = g_string_new (NULL);

  for (const char *p = text; *p != '\0' && result->len < NAME_SIZE; p++)
    if ((guchar) *p < 0x80)
      g_string_append_c (result, *p);

  return g_string_free (result, FALSE);
}

/* A PAX record: "<length> <key>=<value>\n", the length counting itself. */
static void
add_pax_record (GString    *records,
                const char *key,
                const char *value)
{
  gsize rest = 1 + strlen (key) + 1 + strlen (value) + 1;
  gsize length = rest + 1;

  /* The length's own digits count: settle it. */
  for (;;)
    {
      char digits[32];
      gsize n = g_snprintf (digits, sizeof digits, "%" G_GSIZE_FORMAT, length);

      if (rest + n == length)
        break;
      length = rest + n;
    }

  g_string_append_printf (records, "%" G_GSIZE_FORMAT " %s=%s\n", length, key, value);
}

/* Splits a long name between the prefix and name fields of the ustar
 * header, at the last "/" that fits (Go's rule, to match the CLI byte for
 * byte).  Returns the length of the prefix, or 0 if the name cannot be
 * split.
 */
static gsize
split_ustar_name (const char *name)
{
  gsize length = strlen (name);
  gsize limit = length;
  gsize prefix_length, name_length;
  const char *slash;

  if (length <= NAME_SIZE)
    return 0;

  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return 0;

  if (length > PREFIX_SIZE + 1)
    limit = PREFIX_SIZE + 1;
  else if (name[length - 1] == '/')
    limit = length - 1;

  slash = g_strrstr_len (name, limit, "/");
  if (slash == NULL || slash == name)
    return 0;

  prefix_length = slash - name;
  name_length = length - prefix_length - 1;
  if (name_length == 0 || name_length > NAME_SIZE || prefix_length > PREFIX_SIZE)
    return 0;

  return prefix_length;
}

static void
write_header (GByteArray *tar,
              const char *name,
              gsize       prefix_length,
              char        type,
              guint       mode,
              guint64     size,
              gint64      mtime,
              const char *linkname,
              gboolean    device_fields)
{
  gsize offset = tar->len;
  guint8 *header;
  guint checksum = 0;

  g_byte_array_set_size (tar, offset + BLOCK_SIZE);
  header = tar->data + offset;
  memset (header, 0, BLOCK_SIZE);

  if (prefix_length > 0)
    {
      memcpy (header + 345, name, prefix_length);
      name += prefix_length + 1;
    }
  put_string (header + 0, 100, name);
  put_octal (header + 100, 8, mode & 07777);
  put_octal (header + 108, 8, 0);                 /* uid */
  put_octal (header + 116, 8, 0);                 /* gid */
  put_octal (header + 124, 12, MIN (size, MAX_OCTAL_11));
  put_octal (header + 136, 12, CLAMP (mtime, 0, (gint64) MAX_OCTAL_11));
  memset (header + 148, ' ', 8);                  /* checksum, for now */
  header[156] = type;
  if (linkname != NULL)
    put_string (header + 157, 100, linkname);
  memcpy (header + 257, "ustar", 6);              /* with its NUL */
  memcpy (header + 263, "00", 2);
  /* uname and gname stay empty */
  if (device_fields)
    {
      put_octal (header + 329, 8, 0);             /* devmajor */
      put_octal (header + 337, 8, 0);             /* devminor */
    }

  for (guint i = 0; i < BLOCK_SIZE; i++)
    checksum += header[i];
  put_octal (header + 148, 7, checksum);
  header[155] = ' ';
}

static void
add_entry (GByteArray *tar,
           const char *name,
           char        type,
           guint       mode,
           guint64     size,
           gint64      mtime,
           const char *linkname)
{
  g_autoptr(GString) pax = g_string_new (NULL);
  g_autofree char *stand_in = NULL;
  g_autofree char *link_stand_in = NULL;
  const char *header_name = name;
  gsize prefix_length = 0;

  /* A long name that is all there is to a PAX header goes in the prefix
   * field instead.
   */
  if (!fits_ustar (name)
      && (linkname == NULL || fits_ustar (linkname))
      && mtime >= 0 && (guint64) mtime <= MAX_OCTAL_11 && size <= MAX_OCTAL_11)
    prefix_length = split_ustar_name (name);

  /* The records in the order of their keys */
  if (linkname != NULL && !fits_ustar (linkname))
    {
      add_pax_record (pax, "linkpath", linkname);
      linkname = link_stand_in = ascii_stand_in (linkname);
    }

  if (mtime < 0 || (guint64) mtime > MAX_OCTAL_11)
    {
      char value[32];

      g_snprintf (value, sizeof value, "%" G_GINT64_FORMAT, mtime);
      add_pax_record (pax, "mtime", value);
    }

  if (!fits_ustar (name) && prefix_length == 0)
    {
      add_pax_record (pax, "path", name);
      header_name = stand_in = ascii_stand_in (name);
    }

  if (size > MAX_OCTAL_11)
    {
      char value[32];

      g_snprintf (value, sizeof value, "%" G_GUINT64_FORMAT, size);
      add_pax_record (pax, "size", value);
    }

  if (pax->len > 0)
    {
      g_autofree char *dir = NULL;
      g_autofree char *pax_path = NULL;
      g_autofree char *pax_name = NULL;
      const char *base = strrchr (name, '/');
      gsize length;

      /* "dir/PaxHeaders.0/base"; a folder's name ends in "/", so that
       * its header is "folder/PaxHeaders.0".
       */
      base = base != NULL ? base + 1 : name;
      dir = g_strndup (name, base - name);
      pax_path = g_strconcat (dir, "PaxHeaders.0", *base != '\0' ? "/" : "", base, NULL);
      pax_name = ascii_stand_in (pax_path);
      length = strlen (pax_name);
      while (length > 0 && pax_name[length - 1] == '/')
        pax_name[--length] = '\0';

      write_header (tar, pax_name, 0, 'x', 0, pax->len, 0, NULL, FALSE);
      g_byte_array_append (tar, (const guint8 *) pax->str, pax->len);
      pad_to_block (tar);
    }

  write_header (tar, header_name, prefix_length, type, mode, size, mtime, linkname, TRUE);
}

static void
add_file_data (GByteArray *tar,
               const char *name,
               guint       mode,
               gint64      mtime,
               const char *data,
               gsize       length)
{
  add_entry (tar, name, '0', mode, length, mtime, NULL);
  g_byte_array_append (tar, (const guint8 *) data, length);
  pad_to_block (tar);
}

/* Errors --------------------------------------------------------------- */

static void
set_read_error_message (GError     **error,
                        GIOErrorEnum  code,
                        const char   *path,
                        gboolean      is_folder,
                        const char   *message)
{
  g_autofree char *display = g_filename_display_name (path);

  if (is_folder)
    g_set_error (error, G_IO_ERROR, code,
                 /* Translators: %s are a path and the system's message */
                 _("Cannot read the folder “%s” of the build context: %s. "
                   "Fix its permissions, or list it in .dockerignore to leave it out."),
                 display, message);
  else
    g_set_error (error, G_IO_ERROR, code,
                 /* Translators: %s are a path and the system's message */
                 _("Cannot read “%s” of the build context: %s. "
                   "Fix its permissions, or list it in .dockerignore to leave it out."),
                 display, message);
}

static void
set_read_error (GError     **error,
                int          saved_errno,
                const char  *path,
                gboolean     is_folder)
{
  set_read_error_message (error, g_io_error_from_errno (saved_errno), path, is_folder,
                          g_strerror (saved_errno));
}

/* The walk ------------------------------------------------------------- */

static gboolean
add_regular_file (Walk         *walk,
                  const char   *path,
                  const char   *name,
                  struct stat  *st,
                  GError      **error)
{
  int fd;
  gsize start, size;
  struct stat fst;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      set_read_error (error, errno, path, FALSE);
      return FALSE;
    }

  /* Take the size of what was opened, in case the file changed. */
  if (fstat (fd, &fst) == 0)
    *st = fst;

  size = st->st_size;
  add_entry (walk->tar, name, '0', st->st_mode, size, st->st_mtime, NULL);

  start = walk->tar->len;
  g_byte_array_set_size (walk->tar, start + size);

  for (gsize done = 0; done < size;)
    {
      gssize n = read (fd, walk->tar->data + start + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;

      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          set_read_error (error, saved_errno, path, FALSE);
          return FALSE;
        }

      if (n == 0)
        {
          /* The file shrank while being read: keep the size promised. */
          memset (walk->tar->data + start + done, 0, size - done);
          break;
        }

      done += n;
    }

  close (fd);
  pad_to_block (walk->tar);

  return TRUE;
}

static gboolean
add_dockerignore_with_injection (Walk         *walk,
                                 const char   *path,
                                 struct stat  *st,
                                 GError      **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GString *text;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      set_read_error_message (error, G_IO_ERROR_FAILED, path, FALSE, local_error->message);
      return FALSE;
    }

  text = g_string_new_len (contents, length);
  g_string_append_printf (text, "\n%s\n", walk->inject_name);
  add_file_data (walk->tar, ".dockerignore", S_ISREG (st->st_mode) ? st->st_mode : 0644,
                 st->st_mtime, text->str, text->len);
  g_string_free (text, TRUE);
  walk->dockerignore_written = TRUE;

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
walk_folder (Walk          *walk,
             const char    *relative,
             const guint8  *parent_state,
             GError       **error)
{
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *state = NULL;
  const char *name;

  folder = relative != NULL ? g_build_filename (walk->root, relative, NULL) : g_strdup (walk->root);
  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      GIOErrorEnum code = G_IO_ERROR_FAILED;

      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
        code = G_IO_ERROR_PERMISSION_DENIED;
      set_read_error_message (error, code, folder, TRUE, local_error->message);
      return FALSE;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  state = g_malloc0 (MAX (flt_dockerignore_get_n_patterns (walk->ignore), 1));

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *entry = NULL;
      g_autofree char *path = NULL;
      struct stat st;
      gboolean excluded, is_folder;

      name = g_ptr_array_index (names, i);
      entry = relative != NULL ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      path = g_build_filename (walk->root, entry, NULL);

      if (lstat (path, &st) != 0)
        {
          /* Gone since the listing: nothing to send. */
          if (errno == ENOENT)
            continue;
          set_read_error (error, errno, path, FALSE);
          return FALSE;
        }

      is_folder = S_ISDIR (st.st_mode);
      excluded = flt_dockerignore_match_entry (walk->ignore, entry, parent_state,
                                               is_folder ? state : NULL);

      if (excluded)
        {
          /* The folder is not sent, but an exception may pick out some
           * of its entries.
           */
          if (is_folder
              && flt_dockerignore_may_include_below (walk->ignore, entry)
              && !walk_folder (walk, entry, state, error))
            return FALSE;
          continue;
        }

      /* A second name of a file already sent is a hard link to the first
       * one, as the CLI stores it.
       */
      if (!is_folder && st.st_nlink > 1)
        {
          FileId id = { st.st_dev, st.st_ino };
          const char *first = g_hash_table_lookup (walk->inodes, &id);

          if (first != NULL)
            {
              add_entry (walk->tar, entry, '1', st.st_mode, 0, st.st_mtime, first);
              continue;
            }

          g_hash_table_insert (walk->inodes, g_memdup2 (&id, sizeof id), g_strdup (entry));
        }

      if (S_ISREG (st.st_mode))
        {
          gboolean ok;

          if (walk->inject_name != NULL && relative == NULL && strcmp (name, ".dockerignore") == 0)
            ok = add_dockerignore_with_injection (walk, path, &st, error);
          else
            ok = add_regular_file (walk, path, entry, &st, error);

          if (!ok)
            return FALSE;
        }
      else if (is_folder)
        {
          g_autofree char *folder_name = g_strconcat (entry, "/", NULL);

          add_entry (walk->tar, folder_name, '5', st.st_mode, 0, st.st_mtime, NULL);
          if (!walk_folder (walk, entry, state, error))
            return FALSE;
        }
      else if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (path, &local_error);

          if (target == NULL)
            {
              set_read_error_message (error, G_IO_ERROR_FAILED, path, FALSE, local_error->message);
              return FALSE;
            }

          if (walk->inject_name != NULL && relative == NULL && strcmp (name, ".dockerignore") == 0)
            {
              /* It has to become a file holding the added name. */
              if (stat (path, &st) == 0 && S_ISREG (st.st_mode)
                  && !add_dockerignore_with_injection (walk, path, &st, error))
                return FALSE;
              continue;
            }

          add_entry (walk->tar, entry, '2', st.st_mode, 0, st.st_mtime, target);
        }
      else if (S_ISFIFO (st.st_mode))
        {
          add_entry (walk->tar, entry, '6', st.st_mode, 0, st.st_mtime, NULL);
        }
      else
        {
          g_debug ("Leaving “%s” out of the build context: a socket or a device", path);
        }
    }

  return TRUE;
}

/* The Dockerfile ------------------------------------------------------- */

/* Escapes the pattern characters of a path, so that it matches itself. */
static char *
escape_pattern (const char *path)
{
  GString *result = g_string_new (NULL);

  for (const char *p = path; *p != '\0'; p++)
    {
      if (strchr ("*?[]\\", *p) != NULL)
        g_string_append_c (result, '\\');
      g_string_append_c (result, *p);
    }

  return g_string_free (result, FALSE);
}

/* A name for an added Dockerfile that no entry at the top of the context
 * has.
 */
static char *
unique_name (const char *root,
             const char *base)
{
  for (guint i = 1;; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, i);
      g_autofree char *path = g_build_filename (root, name, NULL);
      struct stat st;

      if (lstat (path, &st) != 0 && errno == ENOENT)
        return g_steal_pointer (&name);
    }
}

static FltDockerignore *
load_dockerignore (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  FltDockerignore *ignore;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return flt_dockerignore_new ();

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s are a path and the system's message */
                   _("Cannot read “%s”: %s. Fix its permissions."),
                   display, local_error->message);
      return NULL;
    }

  ignore = flt_dockerignore_new_from_data (contents, length, &local_error);
  if (ignore == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: the first %s is a path, the second
                    * a message that gives the line and the pattern */
                   _("Cannot use “%s”: %s. Fix the pattern, or escape special characters with “\\”."),
                   display, local_error->message);
      return NULL;
    }

  return ignore;
}

static gboolean
is_regular_file (const char *path)
{
  struct stat st;

  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

/**
 * flt_build_context_create:
 * @context_dir: the build context folder
 * @dockerfile: (nullable): the Dockerfile, relative to @context_dir (or
 *   absolute); %NULL for "Dockerfile" (or "dockerfile" if only that exists)
 * @dockerfile_inline: (nullable): the text of the Dockerfile, used instead
 *   of a file
 * @out_dockerfile_name: (out) (optional) (transfer full): the name to pass
 *   as the `dockerfile` parameter of `POST /build`
 * @error: return location for an error
 *
 * Makes the tar archive of the context to send to `POST /build`.  This
 * reads every file of the context: call it from a worker thread.
 *
 * Returns: (transfer full): the archive, or %NULL with @error set
 */
GBytes *
flt_build_context_create (const char  *context_dir,
                          const char  *dockerfile,
                          const char  *dockerfile_inline,
                          char       **out_dockerfile_name,
                          GError     **error)
{
  g_autofree char *root = NULL;
  g_autofree char *dockerfile_name = NULL;
  g_autofree char *dockerfile_path = NULL;
  g_autofree char *external_text = NULL;
  g_autofree char *ignore_path = NULL;
  g_autoptr(FltDockerignore) ignore = NULL;
  g_autoptr(GByteArray) tar = NULL;
  gsize external_length = 0;
  struct stat st;
  Walk walk = { 0 };
  gboolean ok;

  g_return_val_if_fail (context_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = realpath (context_dir, NULL);
  if (root == NULL || stat (root, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      int saved_errno = root == NULL ? errno : ENOTDIR;
      g_autofree char *display = g_filename_display_name (context_dir);

      if (saved_errno == ENOENT)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The build context folder “%s” does not exist. "
                       "Check the “context” of the service’s “build” section."),
                     display);
      else if (saved_errno == ENOTDIR)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                     _("The build context “%s” is not a folder. "
                       "Check the “context” of the service’s “build” section."),
                     display);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     /* Translators: %s are a path and the system's message */
                     _("Cannot open the build context folder “%s”: %s"),
                     display, g_strerror (saved_errno));
      return NULL;
    }

  /* Which Dockerfile, and under which name it goes. */
  if (dockerfile_inline != NULL)
    {
      dockerfile_name = unique_name (root, FLT_BUILD_CONTEXT_INLINE_DOCKERFILE);
      ignore_path = g_build_filename (root, ".dockerignore", NULL);
    }
  else
    {
      g_autofree char *given = NULL;
      g_autofree char *resolved = NULL;
      g_autofree char *root_slash = g_strconcat (root, "/", NULL);

      if (dockerfile == NULL)
        {
          given = g_build_filename (root, "Dockerfile", NULL);
          if (!is_regular_file (given))
            {
              g_autofree char *lower = g_build_filename (root, "dockerfile", NULL);

              if (is_regular_file (lower))
                {
                  g_free (given);
                  given = g_steal_pointer (&lower);
                }
            }
        }
      else
        {
          given = g_canonicalize_filename (dockerfile, root);
        }

      resolved = realpath (given, NULL);
      if (resolved == NULL || !is_regular_file (resolved))
        {
          g_autofree char *display = g_filename_display_name (dockerfile != NULL ? dockerfile : "Dockerfile");
          g_autofree char *display_root = g_filename_display_name (context_dir);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       /* Translators: %s are a file name and a folder */
                       _("Cannot find the Dockerfile “%s” in the build context “%s”. "
                         "Check the “dockerfile” of the service’s “build” section: it is relative to the context."),
                       display, display_root);
          return NULL;
        }

      /* Beside a Dockerfile, "<Dockerfile>.dockerignore" replaces the
       * context's .dockerignore.
       */
      ignore_path = g_strconcat (given, ".dockerignore", NULL);
      if (!is_regular_file (ignore_path))
        {
          g_free (ignore_path);
          ignore_path = g_build_filename (root, ".dockerignore", NULL);
        }

      if (g_str_has_prefix (resolved, root_slash))
        {
          dockerfile_name = g_strdup (resolved + strlen (root_slash));
        }
      else
        {
          g_autoptr(GError) local_error = NULL;

          if (!g_file_get_contents (resolved, &external_text, &external_length, &local_error))
            {
              g_autofree char *display = g_filename_display_name (resolved);

              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           /* Translators: %s are a path and the system's message */
                           _("Cannot read the Dockerfile “%s”: %s"),
                           display, local_error->message);
              return NULL;
            }

          dockerfile_name = unique_name (root, FLT_BUILD_CONTEXT_EXTERNAL_DOCKERFILE);
        }

      dockerfile_path = g_steal_pointer (&resolved);
    }

  ignore = load_dockerignore (ignore_path, error);
  if (ignore == NULL)
    return NULL;

  /* The Engine needs these two even when they are excluded; it removes
   * them from the context itself then.  (The CLI decides this with
   * flt_dockerignore_matches(), which misses the few cases where the walk
   * excludes more, such as "a/b" then "!a": the Dockerfile a/b would not be
   * sent.)
   */
  if (flt_dockerignore_excludes (ignore, ".dockerignore"))
    flt_dockerignore_add_pattern (ignore, "!.dockerignore", NULL);

  if (dockerfile_inline == NULL && external_text == NULL
      && flt_dockerignore_excludes (ignore, dockerfile_name))
    {
      g_autofree char *escaped = escape_pattern (dockerfile_name);
      g_autofree char *exception = g_strconcat ("!", escaped, NULL);

      if (!flt_dockerignore_add_pattern (ignore, exception, error))
        return NULL;
    }

  tar = g_byte_array_new ();
  walk.inodes = g_hash_table_new_full (file_id_hash, file_id_equal, g_free, g_free);
  walk.root = root;
  walk.ignore = ignore;
  walk.tar = tar;
  if (dockerfile_inline != NULL || external_text != NULL)
    walk.inject_name = dockerfile_name;

  ok = walk_folder (&walk, NULL, NULL, error);
  g_hash_table_unref (walk.inodes);
  if (!ok)
    return NULL;

  if (walk.inject_name != NULL)
    {
      const char *text = dockerfile_inline != NULL ? dockerfile_inline : external_text;
      gsize length = dockerfile_inline != NULL ? strlen (dockerfile_inline) : external_length;

      add_file_data (tar, walk.inject_name, 0644, 0, text, length);

      if (!walk.dockerignore_written)
        {
          g_autofree char *ignore_text = g_strdup_printf (".dockerignore\n%s\n", walk.inject_name);

          add_file_data (tar, ".dockerignore", 0644, 0, ignore_text, strlen (ignore_text));
        }
    }

  /* The end of the archive: two empty blocks. */
  g_byte_array_set_size (tar, tar->len + 2 * BLOCK_SIZE);
  memset (tar->data + tar->len - 2 * BLOCK_SIZE, 0, 2 * BLOCK_SIZE);

  if (out_dockerfile_name != NULL)
    *out_dockerfile_name = g_steal_pointer (&dockerfile_name);

  return g_byte_array_free_to_bytes (g_steal_pointer (&tar));
}
