/* test-build-context.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The archives are read back twice: entry by entry by the small reader
 * below (which checks every header checksum and the ustar fields), and by
 * the system's `tar -tvf`.  For the same trees, the docker CLI 28.2 (classic
 * builder) sends byte-identical archives, except where a test says
 * otherwise.
 */

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "flt-build-context.h"

#define MTIME 1790000000   /* 2026-09-21 14:13:20 UTC */

/* Trees --------------------------------------------------------------- */

static char *
make_tree (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("flt-build-context-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (chmod (root, 0755), ==, 0);

  return root;
}

static void
remove_tree (const char *path)
{
  struct stat st;

  if (lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
add_dir (const char *root,
         const char *relative,
         int         mode)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  g_assert_cmpint (chmod (path, mode), ==, 0);
}

static void
add_file (const char *root,
          const char *relative,
          const char *contents,
          int         mode)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chmod (path, mode), ==, 0);
}

static void
add_symlink (const char *root,
             const char *relative,
             const char *target)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  g_assert_cmpint (symlink (target, path), ==, 0);
}

/* Sets every mtime below @path (and its own), children first. */
static void
set_mtimes (const char *path)
{
  struct timespec times[2] = { { MTIME, 0 }, { MTIME, 0 } };
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          set_mtimes (child);
        }
    }

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

/* Reading archives ---------------------------------------------------- */

typedef struct
{
  char     *name;
  char      type;
  guint     mode;
  guint64   size;
  gint64    mtime;
  char     *linkname;
  GBytes   *data;
  gboolean  pax;      /* came with a PAX header */
  gboolean  prefix;   /* used the ustar prefix field */
} TarEntry;

static void
tar_entry_free (gpointer data)
{
  TarEntry *entry = data;

  g_free (entry->name);
  g_free (entry->linkname);
  g_bytes_unref (entry->data);
  g_free (entry);
}

static guint64
parse_octal (const guint8 *field,
             gsize         size)
{
  guint64 value = 0;
  gsize i = 0;

  while (i < size && field[i] == ' ')
    i++;
  for (; i < size && field[i] >= '0' && field[i] <= '7'; i++)
    value = value * 8 + (field[i] - '0');
  for (; i < size; i++)
    g_assert_true (field[i] == '\0' || field[i] == ' ');

  return value;
}

static char *
parse_string (const guint8 *field,
              gsize         size)
{
  gsize length = 0;

  while (length < size && field[length] != '\0')
    length++;

  return g_strndup ((const char *) field, length);
}

static gboolean
is_zero_block (const guint8 *block)
{
  for (guint i = 0; i < 512; i++)
    if (block[i] != 0)
      return FALSE;
  return TRUE;
}

/* Reads @archive entry by entry, checking each header as it goes. */
static GPtrArray *
read_tar (GBytes *archive)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (tar_entry_free);
  gsize length;
  const guint8 *data = g_bytes_get_data (archive, &length);
  gsize offset = 0;
  g_autoptr(GHashTable) pax = NULL;

  g_assert_cmpuint (length % 512, ==, 0);

  for (;;)
    {
      const guint8 *header;
      guint checksum = 0;
      TarEntry *entry;
      g_autofree char *prefix = NULL;
      g_autofree char *magic = NULL;
      g_autofree char *uname = NULL;
      g_autofree char *gname = NULL;
      const char *value;

      g_assert_cmpuint (offset + 512, <=, length);
      header = data + offset;

      if (is_zero_block (header))
        {
          /* The end: two empty blocks, and nothing after them */
          g_assert_cmpuint (offset + 1024, ==, length);
          g_assert_true (is_zero_block (header + 512));
          g_assert_null (pax);
          break;
        }

      /* The checksum counts its own field as spaces */
      for (guint i = 0; i < 512; i++)
        checksum += (i >= 148 && i < 156) ? ' ' : header[i];
      g_assert_cmpuint (parse_octal (header + 148, 8), ==, checksum);
      g_assert_cmpint (header[154], ==, '\0');
      g_assert_cmpint (header[155], ==, ' ');

      magic = parse_string (header + 257, 6);
      g_assert_cmpstr (magic, ==, "ustar");
      g_assert_cmpmem (header + 263, 2, "00", 2);
      g_assert_cmpuint (parse_octal (header + 108, 8), ==, 0);
      g_assert_cmpuint (parse_octal (header + 116, 8), ==, 0);
      uname = parse_string (header + 265, 32);
      gname = parse_string (header + 297, 32);
      g_assert_cmpstr (uname, ==, "");
      g_assert_cmpstr (gname, ==, "");

      entry = g_new0 (TarEntry, 1);
      entry->name = parse_string (header, 100);
      prefix = parse_string (header + 345, 155);
      if (prefix[0] != '\0')
        {
          char *full = g_strconcat (prefix, "/", entry->name, NULL);

          g_free (entry->name);
          entry->name = full;
          entry->prefix = TRUE;
        }
      entry->type = header[156];
      entry->mode = parse_octal (header + 100, 8);
      entry->size = parse_octal (header + 124, 12);
      entry->mtime = parse_octal (header + 136, 12);
      entry->linkname = parse_string (header + 157, 100);
      offset += 512;

      g_assert_cmpuint (offset + entry->size, <=, length);
      entry->data = g_bytes_new (data + offset, entry->size);
      offset += (entry->size + 511) / 512 * 512;

      if (entry->type == 'x')
        {
          const char *p = g_bytes_get_data (entry->data, NULL);
          const char *end = p + entry->size;

          g_assert_null (pax);
          pax = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

          /* "<length> <key>=<value>\n", the length counting itself */
          while (p < end)
            {
              char *space;
              guint64 record_length = g_ascii_strtoull (p, &space, 10);
              const char *equals, *record_end = p + record_length;

              g_assert_cmpint (*space, ==, ' ');
              g_assert_true (record_end <= end);
              g_assert_cmpint (record_end[-1], ==, '\n');
              equals = memchr (space, '=', record_end - space);
              g_assert_nonnull (equals);
              g_hash_table_insert (pax, g_strndup (space + 1, equals - space - 1),
                                   g_strndup (equals + 1, record_end - equals - 2));
              p = record_end;
            }

          tar_entry_free (entry);
          continue;
        }

      if (pax != NULL)
        {
          entry->pax = TRUE;
          if ((value = g_hash_table_lookup (pax, "path")) != NULL)
            {
              g_free (entry->name);
              entry->name = g_strdup (value);
            }
          if ((value = g_hash_table_lookup (pax, "linkpath")) != NULL)
            {
              g_free (entry->linkname);
              entry->linkname = g_strdup (value);
            }
          g_clear_pointer (&pax, g_hash_table_unref);
        }

      g_ptr_array_add (entries, entry);
    }

  return entries;
}

static TarEntry *
find_entry (GPtrArray  *entries,
            const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      TarEntry *entry = g_ptr_array_index (entries, i);

      if (strcmp (entry->name, name) == 0)
        return entry;
    }

  return NULL;
}

static char *
entry_names (GPtrArray *entries)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      TarEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (names, "%s%s", i > 0 ? " " : "", entry->name);
    }

  return g_string_free (names, FALSE);
}

static void
assert_entry (GPtrArray  *entries,
              const char *name,
              char        type,
              guint       mode,
              const char *contents_or_link)
{
  TarEntry *entry = find_entry (entries, name);

  if (entry == NULL)
    g_error ("no entry “%s” in the archive", name);

  g_assert_cmpint (entry->type, ==, type);
  g_assert_cmpuint (entry->mode, ==, mode);

  if (type == '0')
    {
      g_assert_cmpuint (entry->size, ==, strlen (contents_or_link));
      g_assert_cmpmem (g_bytes_get_data (entry->data, NULL), entry->size,
                       contents_or_link, strlen (contents_or_link));
    }
  else
    {
      g_assert_cmpuint (entry->size, ==, 0);
    }

  if (type == '1' || type == '2')
    g_assert_cmpstr (entry->linkname, ==, contents_or_link);
  else
    g_assert_cmpstr (entry->linkname, ==, "");
}

/* `tar -tvf` of the archive, one line per entry, or NULL without tar. */
static char **
system_tar_list (GBytes *archive)
{
  g_autofree char *tar = g_find_program_in_path ("tar");
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  int fd, status;

  if (tar == NULL)
    return NULL;

  fd = g_file_open_tmp ("flt-build-context-XXXXXX.tar", &file, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (file, g_bytes_get_data (archive, NULL), g_bytes_get_size (archive), &error);
  g_assert_no_error (error);

  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "TZ", "UTC", TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_spawn_sync (NULL, (char *[]) { tar, (char *) "-tvf", file, NULL }, envp,
                G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_unlink (file);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("tar -tvf failed: %s", err);
  g_assert_cmpstr (err, ==, "");

  g_strchomp (out);
  return g_strsplit (out, "\n", -1);
}

/* One line of `tar -tvf` (GNU tar) */
static void
assert_tar_line (const char *line,
                 const char *permissions,
                 gsize       size,
                 const char *name_and_link)
{
  g_autofree char *expected_start = g_strdup_printf ("%s 0/0 ", permissions);
  g_autofree char *expected_end = g_strdup_printf (" %" G_GSIZE_FORMAT " 2026-09-21 14:13 %s",
                                                   size, name_and_link);

  if (!g_str_has_prefix (line, expected_start) || !g_str_has_suffix (line, expected_end))
    g_error ("tar -tv line “%s” is not “%s … %s”", line, expected_start, expected_end + 1);
}

static GBytes *
create_ok (const char  *context,
           const char  *dockerfile,
           const char  *dockerfile_inline,
           char       **out_name)
{
  g_autoptr(GError) error = NULL;
  GBytes *archive = flt_build_context_create (context, dockerfile, dockerfile_inline, out_name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (archive);
  return archive;
}

/* Tests ---------------------------------------------------------------- */

static void
test_basic (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *fifo = g_build_filename (root, "fifo", NULL);
  g_autofree char *h1 = g_build_filename (root, "h1", NULL);
  g_autofree char *h2 = g_build_filename (root, "h2", NULL);
  g_autofree char *name = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(GStrv) lines = NULL;

  add_file (root, "Dockerfile", "FROM scratch\n", 0644);
  add_file (root, "app.py", "print('hi')\n", 0644);
  add_file (root, "run.sh", "#!/bin/sh\n", 0755);
  add_file (root, "secret", "s3cr3t\n", 0600);
  add_file (root, "suid", "", 04755);
  add_dir (root, "sub", 0750);
  add_dir (root, "sub/dir", 0755);
  add_file (root, "sub/dir/file", "deep\n", 0644);
  add_dir (root, "empty", 0700);
  add_symlink (root, "link", "app.py");
  add_symlink (root, "dangling", "nowhere");
  add_symlink (root, "linkdir", "sub");
  add_file (root, "h1", "hard\n", 0644);
  g_assert_cmpint (link (h1, h2), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  set_mtimes (root);

  archive = create_ok (root, NULL, NULL, &name);
  g_assert_cmpstr (name, ==, "Dockerfile");

  /* Sorted by bytes, depth first; links stored, not followed */
  entries = read_tar (archive);
  names = entry_names (entries);
  g_assert_cmpstr (names, ==,
                   "Dockerfile app.py dangling empty/ fifo h1 h2 link linkdir run.sh secret "
                   "sub/ sub/dir/ sub/dir/file suid");

  assert_entry (entries, "Dockerfile", '0', 0644, "FROM scratch\n");
  assert_entry (entries, "app.py", '0', 0644, "print('hi')\n");
  assert_entry (entries, "run.sh", '0', 0755, "#!/bin/sh\n");
  assert_entry (entries, "secret", '0', 0600, "s3cr3t\n");
  assert_entry (entries, "suid", '0', 04755, "");
  assert_entry (entries, "sub/", '5', 0750, NULL);
  assert_entry (entries, "sub/dir/", '5', 0755, NULL);
  assert_entry (entries, "sub/dir/file", '0', 0644, "deep\n");
  assert_entry (entries, "empty/", '5', 0700, NULL);
  assert_entry (entries, "link", '2', 0777, "app.py");
  assert_entry (entries, "dangling", '2', 0777, "nowhere");
  assert_entry (entries, "linkdir", '2', 0777, "sub");
  assert_entry (entries, "h1", '0', 0644, "hard\n");
  assert_entry (entries, "h2", '1', 0644, "h1");
  assert_entry (entries, "fifo", '6', 0644, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      TarEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpint (entry->mtime, ==, MTIME);
      g_assert_false (entry->pax);
      g_assert_false (entry->prefix);
    }

  /* What tar makes of it */
  lines = system_tar_list (archive);
  if (lines != NULL)
    {
      g_assert_cmpuint (g_strv_length (lines), ==, 15);
      assert_tar_line (lines[0], "-rw-r--r--", 13, "Dockerfile");
      assert_tar_line (lines[1], "-rw-r--r--", 12, "app.py");
      assert_tar_line (lines[2], "lrwxrwxrwx", 0, "dangling -> nowhere");
      assert_tar_line (lines[3], "drwx------", 0, "empty/");
      assert_tar_line (lines[4], "prw-r--r--", 0, "fifo");
      assert_tar_line (lines[5], "-rw-r--r--", 5, "h1");
      assert_tar_line (lines[6], "hrw-r--r--", 0, "h2 link to h1");
      assert_tar_line (lines[7], "lrwxrwxrwx", 0, "link -> app.py");
      assert_tar_line (lines[8], "lrwxrwxrwx", 0, "linkdir -> sub");
      assert_tar_line (lines[9], "-rwxr-xr-x", 10, "run.sh");
      assert_tar_line (lines[10], "-rw-------", 7, "secret");
      assert_tar_line (lines[11], "drwxr-x---", 0, "sub/");
      assert_tar_line (lines[12], "drwxr-xr-x", 0, "sub/dir/");
      assert_tar_line (lines[13], "-rw-r--r--", 5, "sub/dir/file");
      assert_tar_line (lines[14], "-rwsr-xr-x", 0, "suid");
    }

  /* Reproducible */
  again = create_ok (root, "Dockerfile", NULL, NULL);
  g_assert_true (g_bytes_equal (archive, again));

  remove_tree (root);
}

static void
test_dockerignore (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *names = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(GStrv) lines = NULL;
  const char *ignore =
    "# build outputs\n"
    "*.log\n"
    "build\n"
    "!build/keep.txt\n"
    "**/node_modules\n"
    "  secret*  \n"
    "Dockerfile\n"
    ".dockerignore\n";

  add_file (root, "Dockerfile", "FROM scratch\n", 0644);
  add_file (root, ".dockerignore", ignore, 0644);
  add_file (root, "app.log", "log\n", 0644);
  add_file (root, "src/app.c", "int main;\n", 0644);
  add_file (root, "src/debug.log", "not at the top\n", 0644);
  add_file (root, "build/out.o", "obj\n", 0644);
  add_file (root, "build/keep.txt", "keep\n", 0644);
  add_file (root, "src/node_modules/x/y.js", "js\n", 0644);
  add_file (root, "node_modules/z.js", "js\n", 0644);
  add_file (root, "secret.key", "key\n", 0600);
  set_mtimes (root);

  archive = create_ok (root, NULL, NULL, NULL);
  entries = read_tar (archive);
  names = entry_names (entries);

  /* The Dockerfile and .dockerignore go anyway; build/ is entered for its
   * exception, but not sent itself.
   */
  g_assert_cmpstr (names, ==, ".dockerignore Dockerfile build/keep.txt src/ src/app.c src/debug.log");
  assert_entry (entries, ".dockerignore", '0', 0644, ignore);

  lines = system_tar_list (archive);
  if (lines != NULL)
    {
      g_assert_cmpuint (g_strv_length (lines), ==, 6);
      assert_tar_line (lines[2], "-rw-r--r--", 5, "build/keep.txt");
      assert_tar_line (lines[3], "drwxr-xr-x", 0, "src/");
    }

  remove_tree (root);
}

/* "<Dockerfile>.dockerignore" replaces .dockerignore */
static void
test_custom_dockerfile (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *name = NULL;
  g_autofree char *names = NULL;
  g_autofree char *other_name = NULL;
  g_autofree char *absolute = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  add_file (root, "docker/Dockerfile.dev", "FROM scratch\n", 0644);
  add_file (root, "docker/Dockerfile.dev.dockerignore", "docker\n*.md\n", 0644);
  add_file (root, "docker/notes", "n\n", 0644);
  add_file (root, ".dockerignore", "*.txt\n", 0644);
  add_file (root, "a.txt", "a\n", 0644);
  add_file (root, "b.md", "b\n", 0644);
  add_file (root, "c.c", "c\n", 0644);
  set_mtimes (root);

  archive = create_ok (root, "docker/Dockerfile.dev", NULL, &name);
  g_assert_cmpstr (name, ==, "docker/Dockerfile.dev");
  entries = read_tar (archive);
  names = entry_names (entries);
  g_assert_cmpstr (names, ==, ".dockerignore a.txt c.c docker/Dockerfile.dev");

  /* The same Dockerfile, named differently */
  other = create_ok (root, "./docker/../docker/Dockerfile.dev", NULL, &other_name);
  g_assert_cmpstr (other_name, ==, "docker/Dockerfile.dev");
  g_assert_true (g_bytes_equal (archive, other));

  g_clear_pointer (&other, g_bytes_unref);
  g_clear_pointer (&other_name, g_free);
  absolute = g_build_filename (root, "docker", "Dockerfile.dev", NULL);
  other = create_ok (root, absolute, NULL, &other_name);
  g_assert_cmpstr (other_name, ==, "docker/Dockerfile.dev");
  g_assert_true (g_bytes_equal (archive, other));

  remove_tree (root);
}

static void
test_long_names (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *d60 = g_strnfill (60, 'd');
  g_autofree char *f60 = g_strnfill (60, 'f');
  g_autofree char *n100 = g_strnfill (100, 'n');
  g_autofree char *m101 = g_strnfill (101, 'm');
  g_autofree char *t120 = g_strnfill (120, 't');
  g_autofree char *split = g_strdup_printf ("%s/%s", d60, f60);
  g_autofree char *split_dir = g_strdup_printf ("%s/%s/", d60, d60);
  g_autofree char *deep = g_strdup_printf ("%s/%s/%s/%s", d60, d60, d60, f60);
  g_autofree char *accented = g_strdup_printf ("\xC3\xBCn\xC3\xAF/%s", f60);
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(GStrv) lines = NULL;
  struct
  {
    const char *name;
    gboolean    pax;
    gboolean    prefix;
  } expected[] = {
    { "Dockerfile", FALSE, FALSE },
    { "caf\xC3\xA9.txt", TRUE, FALSE },
    { NULL, FALSE, FALSE },        /* d60/ */
    { NULL, FALSE, TRUE },         /* d60/d60/: 122 bytes, split */
    { NULL, FALSE, TRUE },         /* d60/d60/d60/ (183 bytes) */
    { NULL, TRUE, FALSE },         /* deep: 243 bytes, no split fits */
    { NULL, FALSE, TRUE },         /* d60/f60: 121 bytes, split */
    { "longlink", TRUE, FALSE },   /* its target is 120 bytes */
    { NULL, TRUE, FALSE },         /* m101: no "/" to split at */
    { NULL, FALSE, FALSE },        /* n100: fits */
    { "\xC3\xBCn\xC3\xAF/", TRUE, FALSE },
    { NULL, TRUE, FALSE },         /* accented */
  };

  add_file (root, "Dockerfile", "FROM scratch\n", 0644);
  add_file (root, n100, "100\n", 0644);
  add_file (root, m101, "101\n", 0644);
  add_file (root, split, "121\n", 0644);
  add_file (root, deep, "243\n", 0644);
  add_file (root, "caf\xC3\xA9.txt", "e\n", 0644);
  add_file (root, accented, "u\n", 0644);
  add_symlink (root, "longlink", t120);
  set_mtimes (root);

  expected[2].name = g_strdup_printf ("%s/", d60);
  expected[3].name = split_dir;
  expected[4].name = g_strdup_printf ("%s/%s/%s/", d60, d60, d60);
  expected[5].name = deep;
  expected[6].name = split;
  expected[8].name = m101;
  expected[9].name = n100;
  expected[11].name = accented;

  archive = create_ok (root, NULL, NULL, NULL);
  entries = read_tar (archive);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      TarEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpstr (entry->name, ==, expected[i].name);
      g_assert_cmpint (entry->pax, ==, expected[i].pax);
      g_assert_cmpint (entry->prefix, ==, expected[i].prefix);
    }

  assert_entry (entries, deep, '0', 0644, "243\n");
  assert_entry (entries, "longlink", '2', 0777, t120);

  lines = system_tar_list (archive);
  if (lines != NULL)
    {
      g_autofree char *link_line = g_strdup_printf ("longlink -> %s", t120);

      g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (expected));
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        if (i != 7)
          g_assert_true (g_str_has_suffix (lines[i], expected[i].name));
      g_assert_true (g_str_has_suffix (lines[7], link_line));
      assert_tar_line (lines[5], "-rw-r--r--", 4, deep);
    }

  g_free ((char *) expected[2].name);
  g_free ((char *) expected[4].name);
  remove_tree (root);
}

static void
test_inline (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *name = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  TarEntry *last;

  add_file (root, "app.py", "a\n", 0644);
  add_file (root, "Dockerfile", "FROM not-this-one\n", 0644);
  set_mtimes (root);

  /* The text wins over a Dockerfile; the Engine is told, through
   * .dockerignore, to drop it from what COPY sees
   */
  archive = create_ok (root, "Dockerfile", "FROM busybox\nCOPY . /app\n", &name);
  g_assert_cmpstr (name, ==, ".flotilla-Dockerfile-inline");
  entries = read_tar (archive);
  names = entry_names (entries);
  g_assert_cmpstr (names, ==, "Dockerfile app.py .flotilla-Dockerfile-inline .dockerignore");
  assert_entry (entries, ".flotilla-Dockerfile-inline", '0', 0644, "FROM busybox\nCOPY . /app\n");
  assert_entry (entries, ".dockerignore", '0', 0644, ".dockerignore\n.flotilla-Dockerfile-inline\n");
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpint (last->mtime, ==, 0);

  /* A name that is taken; a .dockerignore that gets the name appended */
  g_clear_pointer (&archive, g_bytes_unref);
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&names, g_free);
  add_file (root, ".flotilla-Dockerfile-inline", "mine\n", 0644);
  add_file (root, ".dockerignore", "*.log", 0640);
  set_mtimes (root);

  archive = create_ok (root, NULL, "FROM busybox\n", &name);
  g_assert_cmpstr (name, ==, ".flotilla-Dockerfile-inline-2");
  entries = read_tar (archive);
  names = entry_names (entries);
  g_assert_cmpstr (names, ==, ".dockerignore .flotilla-Dockerfile-inline Dockerfile app.py .flotilla-Dockerfile-inline-2");
  assert_entry (entries, ".dockerignore", '0', 0640, "*.log\n.flotilla-Dockerfile-inline-2\n");
  assert_entry (entries, ".flotilla-Dockerfile-inline", '0', 0644, "mine\n");
  g_assert_cmpint (find_entry (entries, ".dockerignore")->mtime, ==, MTIME);
  assert_entry (entries, ".flotilla-Dockerfile-inline-2", '0', 0644, "FROM busybox\n");

  remove_tree (root);
}

static void
test_outside (void)
{
  g_autofree char *top = make_tree ();
  g_autofree char *context = g_build_filename (top, "ctx", NULL);
  g_autofree char *name = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  add_file (top, "Dockerfile.shared", "FROM scratch\n", 0644);
  add_file (top, "Dockerfile.shared.dockerignore", "*.tmp\n", 0644);
  add_file (context, "a.tmp", "a\n", 0644);
  add_file (context, "b.c", "b\n", 0644);
  set_mtimes (top);

  archive = create_ok (context, "../Dockerfile.shared", NULL, &name);
  g_assert_cmpstr (name, ==, ".flotilla-Dockerfile-external");
  entries = read_tar (archive);
  names = entry_names (entries);
  g_assert_cmpstr (names, ==, "b.c .flotilla-Dockerfile-external .dockerignore");
  assert_entry (entries, ".flotilla-Dockerfile-external", '0', 0644, "FROM scratch\n");
  assert_entry (entries, ".dockerignore", '0', 0644, ".dockerignore\n.flotilla-Dockerfile-external\n");

  remove_tree (top);
}

static void
test_lowercase_dockerfile (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *name = NULL;
  g_autoptr(GBytes) archive = NULL;

  add_file (root, "dockerfile", "FROM scratch\n", 0644);
  archive = create_ok (root, NULL, NULL, &name);
  g_assert_cmpstr (name, ==, "dockerfile");

  g_clear_pointer (&archive, g_bytes_unref);
  g_clear_pointer (&name, g_free);
  add_file (root, "Dockerfile", "FROM scratch\n", 0644);
  archive = create_ok (root, NULL, NULL, &name);
  g_assert_cmpstr (name, ==, "Dockerfile");

  remove_tree (root);
}

static void
test_symlinks (void)
{
  g_autofree char *top = make_tree ();
  g_autofree char *real = g_build_filename (top, "real", NULL);
  g_autofree char *alias = g_build_filename (top, "alias", NULL);
  g_autofree char *name = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) via_alias = NULL;

  add_file (real, "docker/real.Dockerfile", "FROM scratch\n", 0644);
  add_symlink (real, "Dockerfile", "docker/real.Dockerfile");
  g_assert_cmpint (symlink ("real", alias), ==, 0);
  set_mtimes (top);

  /* The Dockerfile is named by its target, as the CLI does */
  archive = create_ok (real, NULL, NULL, &name);
  g_assert_cmpstr (name, ==, "docker/real.Dockerfile");

  /* A context reached through a link is the same context */
  via_alias = create_ok (alias, NULL, NULL, NULL);
  g_assert_true (g_bytes_equal (archive, via_alias));

  remove_tree (top);
}

/* Here the docker CLI leaves the Dockerfile out (it tests "!a" against
 * "a/b" before the walk, but the walk does not); it is sent anyway.
 */
static void
test_dockerfile_always_sent (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *names = NULL;
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  add_file (root, "a/b", "FROM scratch\n", 0644);
  add_file (root, "a/c", "c\n", 0644);
  add_file (root, ".dockerignore", "a/b\n!a\n", 0644);

  archive = create_ok (root, "a/b", NULL, NULL);
  entries = read_tar (archive);
  names = entry_names (entries);
  g_assert_cmpstr (names, ==, ".dockerignore a/ a/b a/c");

  remove_tree (root);
}

/* Errors ---------------------------------------------------------------- */

static void
assert_create_fails (const char  *context,
                     const char  *dockerfile,
                     GQuark       domain,
                     int          code,
                     const char  *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) archive = flt_build_context_create (context, dockerfile, NULL, &name, &error);

  g_assert_null (archive);
  g_assert_null (name);
  g_assert_error (error, domain, code);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in the message “%s”", in_message, error->message);
}

static void
test_errors (void)
{
  g_autofree char *root = make_tree ();
  g_autofree char *missing = g_build_filename (root, "missing", NULL);
  g_autofree char *file = g_build_filename (root, "file", NULL);
  g_autofree char *bad_ignore = g_build_filename (root, "bad", NULL);

  add_file (root, "file", "x\n", 0644);
  add_file (bad_ignore, "Dockerfile", "FROM scratch\n", 0644);
  add_file (bad_ignore, ".dockerignore", "ok\n[oops\n", 0644);

  assert_create_fails (missing, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "does not exist");
  assert_create_fails (missing, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, missing);
  assert_create_fails (file, NULL, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, "is not a folder");
  assert_create_fails (root, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Cannot find the Dockerfile “Dockerfile”");
  assert_create_fails (root, "Dockerfile.missing", G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Dockerfile.missing");
  assert_create_fails (root, "bad", G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "“bad”");
  assert_create_fails (bad_ignore, NULL, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, ".dockerignore”: Line 2: Invalid pattern “[oops”");

  remove_tree (root);
}

/* Unreadable files and folders: run as an unprivileged user when root, in a
 * subprocess, over a tree the parent made.
 */
static void
test_unreadable_child (void)
{
  const char *root = g_getenv ("FLT_TEST_TREE");
  g_autofree char *unreadable = NULL;
  g_autofree char *files = NULL;
  g_autofree char *folders = NULL;
  g_autofree char *excluded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) archive = NULL;

  g_assert_nonnull (root);
  files = g_build_filename (root, "files", NULL);
  folders = g_build_filename (root, "folders", NULL);
  excluded = g_build_filename (root, "excluded", NULL);

  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }

  /* A file */
  unreadable = g_build_filename (root, "files", "secret", NULL);
  archive = flt_build_context_create (files, NULL, NULL, NULL, &error);
  g_assert_null (archive);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, unreadable));
  g_assert_nonnull (strstr (error->message, "permissions"));
  g_assert_nonnull (strstr (error->message, ".dockerignore"));
  g_clear_error (&error);

  /* A folder */
  g_free (unreadable);
  unreadable = g_build_filename (root, "folders", "locked", NULL);
  archive = flt_build_context_create (folders, NULL, NULL, NULL, &error);
  g_assert_null (archive);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, unreadable));
  g_clear_error (&error);

  /* Both, excluded: no need to read them */
  archive = flt_build_context_create (excluded, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (archive);
}

static void
test_unreadable (void)
{
  g_autofree char *root = NULL;
  g_autofree char *files = NULL;
  g_autofree char *folders = NULL;
  g_autofree char *excluded = NULL;

  if (g_test_subprocess ())
    {
      test_unreadable_child ();
      return;
    }

  root = make_tree ();
  files = g_build_filename (root, "files", NULL);
  folders = g_build_filename (root, "folders", NULL);
  excluded = g_build_filename (root, "excluded", NULL);

  add_file (files, "Dockerfile", "FROM scratch\n", 0644);
  add_file (files, "secret", "s\n", 0000);
  add_file (folders, "Dockerfile", "FROM scratch\n", 0644);
  add_dir (folders, "locked", 0000);
  add_file (excluded, "Dockerfile", "FROM scratch\n", 0644);
  add_file (excluded, ".dockerignore", "secret\nlocked\n", 0644);
  add_file (excluded, "secret", "s\n", 0000);
  add_dir (excluded, "locked", 0000);

  g_setenv ("FLT_TEST_TREE", root, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("FLT_TEST_TREE");

  remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/build-context/basic", test_basic);
  g_test_add_func ("/build-context/dockerignore", test_dockerignore);
  g_test_add_func ("/build-context/custom-dockerfile", test_custom_dockerfile);
  g_test_add_func ("/build-context/long-names", test_long_names);
  g_test_add_func ("/build-context/inline", test_inline);
  g_test_add_func ("/build-context/outside", test_outside);
  g_test_add_func ("/build-context/lowercase-dockerfile", test_lowercase_dockerfile);
  g_test_add_func ("/build-context/symlinks", test_symlinks);
  g_test_add_func ("/build-context/dockerfile-always-sent", test_dockerfile_always_sent);
  g_test_add_func ("/build-context/errors", test_errors);
  g_test_add_func ("/build-context/unreadable", test_unreadable);

  return g_test_run ();
}
