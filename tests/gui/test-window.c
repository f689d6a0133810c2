/* test-window.c: a real FltWindow on the test display
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-export-dialog.h"
#include "flt-export-dialog-private.h"
#include "flt-preferences-window.h"
#include "flt-yaml-view-private.h"
#include "flt-test-gui.h"
#include "flt-window.h"
#include "flt-window-private.h"

static void
flt_test_wait_for_load (FltWindow *window)
{
  FLT_TEST_WAIT_UNTIL (!flt_window_get_loading (window));
}

static void
test_window_empty (void)
{
  g_autoptr(GSettings) settings = NULL;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  window = flt_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_null (flt_window_get_file (window));
  g_assert_null (flt_window_get_project (window));
  g_assert_false (flt_window_get_loading (window));

  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "empty");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_foodtrucks (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) recent = NULL;
  g_autofree char *uri = NULL;
  FltSidebar *sidebar;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  file = g_file_new_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"),
                                    "data", "examples", "foodtrucks", "docker-compose.yml",
                                    NULL);

  window = flt_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  flt_window_open (window, file);
  g_assert_true (flt_window_get_loading (window));
  g_assert_true (g_file_equal (flt_window_get_file (window), file));

  flt_test_wait_for_load (window);

  g_assert_nonnull (flt_window_get_project (window));
  g_assert_cmpstr (_flt_window_get_page_name (window), ==, "project");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "docker-compose.yml");

  sidebar = _flt_window_get_sidebar (window);
  g_assert_cmpuint (flt_sidebar_get_n_rows (sidebar, FLT_SIDEBAR_SERVICE), ==, 2);
  g_assert_nonnull (flt_sidebar_get_service_row (sidebar, "es"));
  g_assert_nonnull (flt_sidebar_get_service_row (sidebar, "web"));
  g_assert_cmpuint (flt_sidebar_get_n_rows (sidebar, FLT_SIDEBAR_NETWORK), >=, 1);

  uri = g_file_get_uri (file);
  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_cmpstr (recent[0], ==, uri);

  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "window");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_missing_file (void)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *tmpdir = NULL;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  tmpdir = g_dir_make_tmp ("flotilla-test-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  file = g_file_new_build_filename (tmpdir, "docker-compose.yml", NULL);

  window = flt_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  flt_window_open (window, file);
  flt_test_wait_for_load (window);

  g_assert_null (flt_window_get_project (window));
  g_assert_cmpstr (_flt_window_get_page_name (window), ==, "error");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_no_errno (g_rmdir (tmpdir));
}


static char *
write_temp_compose (const char *text,
                    char      **dir)
{
  char *path;

  *dir = g_dir_make_tmp ("flotilla-test-XXXXXX", NULL);
  path = g_build_filename (*dir, "compose.yaml", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static FltWindow *
open_path (const char *path,
           GSettings  *settings)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  FltWindow *window = flt_window_new (NULL, settings);

  gtk_window_present (GTK_WINDOW (window));
  flt_window_open (window, file);
  flt_test_wait_for_load (window);
  g_assert_nonnull (flt_window_get_workspace (window));
  return window;
}

static FltDocument *
document_of (FltWindow *window)
{
  return flt_workspace_get_document (flt_window_get_workspace (window));
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
answer (FltWindow  *window,
        const char *response)
{
  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (_flt_window_get_dialog (window)), response);
}

static const char small_project[] =
  "services:\n"
  "  web:\n"
  "    image: nginx:alpine  # the front\n"
  "    ports:\n"
  "      - \"8080:80\"\n";

/* Another program changes the file: the window offers to reload, never
 * overwrites it silently, and a reload can be undone. */
static void
test_window_changed_on_disk (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(GError) error = NULL;
  FltWindow *window;
  const char *theirs = "services:\n  web:\n    image: nginx:1.27\n";

  if (flt_test_gui_skip_if_needed ())
    return;

  path = write_temp_compose (small_project, &dir);
  window = open_path (path, NULL);
  g_assert_true (flt_document_set_value (document_of (window), "services.web.image", "nginx:mainline", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• compose.yaml");

  g_assert_true (g_file_set_contents (path, theirs, -1, NULL));
  FLT_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (window->disk_banner));
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "changed-on-disk");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (window->disk_banner));
  g_assert_cmpstr (flt_document_get_text (document_of (window), NULL), ==, theirs);
  g_assert_false (flt_document_get_modified (document_of (window)));

  /* The edit thrown away comes back with Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_nonnull (strstr (flt_document_get_text (document_of (window), NULL), "nginx:mainline"));

  /* Another change on disk, and Save without reloading: the window asks,
   * and Cancel leaves their file as it is. */
  g_assert_true (g_file_set_contents (path, "services: {}\n", -1, NULL));
  FLT_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (window->disk_banner));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-mine", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  answer (window, "cancel");
  on_disk = read_file (path);
  g_assert_cmpstr (on_disk, ==, "services: {}\n");
  g_clear_pointer (&on_disk, g_free);

  /* Overwrite is a choice the user makes, and then it happens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  answer (window, "overwrite");
  FLT_TEST_WAIT_UNTIL (!flt_document_get_modified (document_of (window)));
  on_disk = read_file (path);
  g_assert_cmpstr (on_disk, ==, flt_document_get_text (document_of (window), NULL));

  /* The window's own save is not someone else's change. */
  flt_test_spin (500);
  g_assert_false (gtk_revealer_get_reveal_child (window->disk_banner));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------
 * Saving when the disk says no
 * ------------------------------------------------------------------ */

static gboolean
run_command (const char * const *argv,
             char              **why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      if (why != NULL)
        *why = g_strdup_printf ("%s: %s %s", argv[0], error->message, err ? g_strstrip (err) : "");
      return FALSE;
    }
  return TRUE;
}

/* A small tmpfs of our own on @dir: a disk that fills up, or that turns
 * read-only, without touching anything else.  Root only (chmod does not
 * stop root); skips the test with the reason when it cannot be had. */
static gboolean
mount_tmpfs (const char *dir,
             const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0755", size);
  const char *argv[] = { "mount", "-t", "tmpfs", "-o", options, "flotilla-test", dir, NULL };
  g_autofree char *why = NULL;

  if (geteuid () != 0)
    {
      g_test_skip ("mounting a small tmpfs needs root");
      return FALSE;
    }
  if (!run_command (argv, &why))
    {
      g_autofree char *message = g_strdup_printf ("cannot mount a tmpfs: %s", why);

      g_test_skip (message);
      return FALSE;
    }
  return TRUE;
}

static void
remount (const char *dir,
         const char *how)
{
  g_autofree char *options = g_strdup_printf ("remount,%s", how);
  const char *argv[] = { "mount", "-o", options, dir, NULL };
  g_autofree char *why = NULL;

  if (!run_command (argv, &why))
    g_error ("%s", why);
}

/* The window's last reads of the file (after its own save, the file
 * monitor has it read once more) may still be finishing in a worker
 * thread: until then the mount is busy. */
static void
unmount (const char *dir)
{
  const char *argv[] = { "umount", dir, NULL };
  g_autofree char *why = NULL;

  for (guint i = 0; !run_command (argv, &why); i++)
    {
      if (i == 50)
        g_error ("%s", why);
      g_clear_pointer (&why, g_free);
      flt_test_spin (100);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined by spaces. */
static char *
list_folder (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Edits the open file, saves, and waits for the save to fail: the file on
 * disk is byte for byte what it was, the edit is still in the window, and
 * the window says why (naming the file) until a save works. */
static void
check_save_refused (FltWindow  *window,
                    const char *path,
                    const char *original)
{
  g_autofree char *on_disk = NULL;
  g_autoptr(GError) error = NULL;
  FltDocument *document = document_of (window);

  g_assert_true (flt_document_set_value (document, "services.web.image", "nginx:mainline", 0, &error));
  g_assert_no_error (error);
  g_assert_null (_flt_window_get_save_error (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  FLT_TEST_WAIT_UNTIL (_flt_window_get_save_error (window) != NULL);
  g_test_message ("the window says: %s", _flt_window_get_save_error (window));
  g_assert_nonnull (strstr (_flt_window_get_save_error (window), path));
  g_assert_true (gtk_revealer_get_reveal_child (window->save_banner));
  g_assert_cmpstr (gtk_label_get_label (window->save_banner_label), ==, _flt_window_get_save_error (window));

  on_disk = read_file (path);
  g_assert_cmpstr (on_disk, ==, original);
  g_assert_nonnull (strstr (flt_document_get_text (document, NULL), "image: nginx:mainline  # the front"));
  g_assert_true (flt_document_get_modified (document));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "•"));
}

/* Once the disk takes it again, Save works and the message goes. */
static void
check_save_works (FltWindow  *window,
                  const char *path)
{
  g_autofree char *on_disk = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  FLT_TEST_WAIT_UNTIL (!flt_document_get_modified (document_of (window)));
  g_assert_null (_flt_window_get_save_error (window));
  g_assert_false (gtk_revealer_get_reveal_child (window->save_banner));
  on_disk = read_file (path);
  g_assert_cmpstr (on_disk, ==, flt_document_get_text (document_of (window), NULL));
}

/* A folder that became read-only (a remounted disk, a read-only bind
 * mount): Save fails and says so; nothing on disk changes. */
static void
test_window_save_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *listed = NULL;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  dir = g_dir_make_tmp ("flotilla-test-ro-XXXXXX", NULL);
  if (!mount_tmpfs (dir, "1m"))
    {
      g_rmdir (dir);
      return;
    }
  path = g_build_filename (dir, "compose.yaml", NULL);
  g_assert_true (g_file_set_contents (path, small_project, -1, NULL));
  remount (dir, "ro");

  window = open_path (path, NULL);
  check_save_refused (window, path, small_project);
  listed = list_folder (dir);
  g_assert_cmpstr (listed, ==, "compose.yaml");
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "save-read-only");

  remount (dir, "rw");
  check_save_works (window, path);

  gtk_window_destroy (GTK_WINDOW (window));
  unmount (dir);
  g_rmdir (dir);
}

/* A disk with no room left: the save stops at the temporary file, which
 * goes; the file itself is untouched. */
static void
test_window_save_disk_full (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *listed = NULL;
  char block[4096];
  FltWindow *window;
  int fd;

  if (flt_test_gui_skip_if_needed ())
    return;

  dir = g_dir_make_tmp ("flotilla-test-full-XXXXXX", NULL);
  if (!mount_tmpfs (dir, "64k"))
    {
      g_rmdir (dir);
      return;
    }
  path = g_build_filename (dir, "compose.yaml", NULL);
  g_assert_true (g_file_set_contents (path, small_project, -1, NULL));

  /* Fill what is left. */
  filler = g_build_filename (dir, "filler", NULL);
  fd = g_open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  memset (block, 'x', sizeof block);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  g_assert_no_errno (close (fd));

  window = open_path (path, NULL);
  check_save_refused (window, path, small_project);
  listed = list_folder (dir);
  g_assert_cmpstr (listed, ==, "compose.yaml filler");
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "save-disk-full");

  g_assert_no_errno (g_unlink (filler));
  check_save_works (window, path);

  gtk_window_destroy (GTK_WINDOW (window));
  unmount (dir);
  g_rmdir (dir);
}

/* Another program replaces the file (a new file renamed over it, as
 * editors and git do) and Save comes before the window has even heard of
 * it: the save is refused and asks, and their file stays as they wrote it,
 * byte for byte; the edits stay in the window. */
static void
test_window_save_replaced (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *theirs_path = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(GError) error = NULL;
  /* Bytes a text round trip would change: CRLF, a tab, no final newline. */
  const char theirs[] = "services:\r\n  web:\r\n    image: nginx:1.27\t# theirs\r\n    ports: [\"80\"]";
  FltWindow *window;
  GtkWidget *dialog;

  if (flt_test_gui_skip_if_needed ())
    return;

  path = write_temp_compose (small_project, &dir);
  window = open_path (path, NULL);
  g_assert_true (flt_document_set_value (document_of (window), "services.web.image", "nginx:mainline", 0, &error));
  g_assert_no_error (error);

  theirs_path = g_build_filename (dir, "compose.yaml.new", NULL);
  g_assert_true (g_file_set_contents (theirs_path, theirs, sizeof theirs - 1, NULL));
  g_assert_no_errno (g_rename (theirs_path, path));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));

  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL);
  dialog = _flt_window_get_dialog (window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("File Changed on Disk"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "compose.yaml"));
  flt_test_spin (200);
  flt_test_wait_for_paint (dialog);
  flt_test_save_screenshot (dialog, "save-replaced");
  answer (window, "cancel");

  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_cmpmem (on_disk, strlen (on_disk), theirs, sizeof theirs - 1);
  g_assert_nonnull (strstr (flt_document_get_text (document_of (window), NULL), "nginx:mainline"));
  g_assert_true (flt_document_get_modified (document_of (window)));
  /* And the banner offers theirs, once the file monitor has told. */
  FLT_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (window->disk_banner));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

/* Closing with unsaved changes asks; Cancel keeps the window. */
static void
test_window_close_unsaved (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(GError) error = NULL;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  path = write_temp_compose (small_project, &dir);
  window = open_path (path, NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  /* Unchanged: it just closes. */
  gtk_window_close (GTK_WINDOW (window));
  FLT_TEST_WAIT_UNTIL (window == NULL);

  window = open_path (path, NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (flt_document_set_value (document_of (window), "services.web.image", "nginx:mainline", 0, &error));
  gtk_window_close (GTK_WINDOW (window));
  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL);
  flt_test_spin (200);
  flt_test_wait_for_paint (_flt_window_get_dialog (window));
  flt_test_save_screenshot (_flt_window_get_dialog (window), "close-unsaved");
  answer (window, "cancel");
  flt_test_spin (100);
  g_assert_nonnull (window);

  /* Save, then close. */
  gtk_window_close (GTK_WINDOW (window));
  answer (window, "save");
  FLT_TEST_WAIT_UNTIL (window == NULL);
  on_disk = read_file (path);
  g_assert_nonnull (strstr (on_disk, "image: nginx:mainline  # the front"));

  g_unlink (path);
  g_rmdir (dir);
}

/* No engine: a banner says why and what to do; editing goes on. */
static void
test_window_no_engine (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  FltWindow *window;
  const char *message;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  g_settings_set_string (settings, "engine-endpoint", "unix:///nonexistent/flotilla-test/docker.sock");
  path = write_temp_compose (small_project, &dir);
  window = open_path (path, settings);

  FLT_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (window->engine_banner));
  message = gtk_label_get_label (window->engine_banner_label);
  g_assert_nonnull (strstr (message, "/nonexistent/flotilla-test/docker.sock"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window)) == FALSE);
  g_assert_false (_flt_window_get_busy (window));

  /* Up is not offered; the file is still edited as usual. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.up", NULL) &&
                  _flt_window_get_busy (window));
  g_assert_true (flt_document_set_value (document_of (window), "services.web.image", "nginx:1.27", 0, &error));
  g_assert_no_error (error);

  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "no-engine");

  g_settings_reset (settings, "engine-endpoint");
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

/* A new project: a template, unsaved, that runs as it is. */
static void
test_window_new_project (void)
{
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = flt_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (flt_window_is_empty (window));
  flt_window_new_document (window);
  g_assert_false (flt_window_is_empty (window));
  g_assert_true (flt_workspace_wait (flt_window_get_workspace (window), 10000));
  g_assert_nonnull (flt_sidebar_get_service_row (_flt_window_get_sidebar (window), "web"));
  g_assert_null (flt_window_get_file (window));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), _("Untitled")));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The sidebar's service actions: each one patch, each one undoable. */
static void
test_window_service_actions (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *original = NULL;
  FltSidebar *sidebar;
  FltWindow *window;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *name_row;
  GtkWidget *image_row;
  const char *name = NULL;

  if (flt_test_gui_skip_if_needed ())
    return;

  path = write_temp_compose (small_project, &dir);
  window = open_path (path, NULL);
  sidebar = _flt_window_get_sidebar (window);
  original = g_strdup (flt_document_get_text (document_of (window), NULL));

  /* Add: a dialog asks the name and the image. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-add", NULL));
  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL);
  dialog = _flt_window_get_dialog (window);
  list = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  name_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  image_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "cache");
  gtk_editable_set_text (GTK_EDITABLE (image_row), "redis:7");
  flt_test_wait_for_paint (dialog);
  flt_test_save_screenshot (dialog, "add-service");
  answer (window, "accept");
  FLT_TEST_WAIT_UNTIL (flt_sidebar_get_service_row (sidebar, "cache") != NULL &&
                       flt_sidebar_get_selected (sidebar, &name) == FLT_SIDEBAR_SERVICE &&
                       g_strcmp0 (name, "cache") == 0);
  g_assert_nonnull (strstr (flt_document_get_text (document_of (window), NULL), "image: redis:7"));

  /* Duplicate: a free name, selected at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-duplicate", "s", "web"));
  FLT_TEST_WAIT_UNTIL (flt_sidebar_get_service_row (sidebar, "web-copy") != NULL);

  /* Rename. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-rename", "s", "web-copy"));
  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL);
  list = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (_flt_window_get_dialog (window)));
  name_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "web-copy");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "web2");
  answer (window, "accept");
  FLT_TEST_WAIT_UNTIL (flt_sidebar_get_service_row (sidebar, "web2") != NULL &&
                       flt_sidebar_get_service_row (sidebar, "web-copy") == NULL);

  /* Remove, then undo everything back to the file as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-remove", "s", "cache"));
  FLT_TEST_WAIT_UNTIL (flt_sidebar_get_service_row (sidebar, "cache") == NULL);
  for (guint i = 0; i < 4; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpstr (flt_document_get_text (document_of (window), NULL), ==, original);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_window_open_recent (void)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  file = g_file_new_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"),
                                    "data", "examples", "foodtrucks", "docker-compose.yml", NULL);
  uri = g_file_get_uri (file);
  window = flt_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", uri));
  FLT_TEST_WAIT_UNTIL (!flt_window_get_loading (window) && flt_window_get_workspace (window) != NULL);
  g_assert_true (g_file_equal (flt_window_get_file (window), file));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* A file dropped from a file manager opens; anything else is refused. */
static void
test_window_drop_file (void)
{
  g_autoptr(GFile) file = NULL;
  g_auto(GValue) files_value = G_VALUE_INIT;
  g_auto(GValue) text_value = G_VALUE_INIT;
  GtkDropTarget *target;
  GSList *list = NULL;
  gboolean accepted = FALSE;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  file = g_file_new_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"),
                                    "data", "examples", "foodtrucks", "docker-compose.yml", NULL);
  window = flt_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  target = find_drop_target (GTK_WIDGET (window));
  g_assert_nonnull (target);

  /* The target takes file lists only: text is left to the YAML view. */
  g_value_init (&text_value, G_TYPE_STRING);
  g_value_set_string (&text_value, "services: {}");
  g_signal_emit_by_name (target, "drop", &text_value, 10.0, 10.0, &accepted);
  g_assert_false (accepted);
  g_assert_null (flt_window_get_file (window));

  list = g_slist_append (list, file);
  g_value_init (&files_value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&files_value, gdk_file_list_new_from_list (list));
  g_slist_free (list);
  g_signal_emit_by_name (target, "drop", &files_value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  FLT_TEST_WAIT_UNTIL (!flt_window_get_loading (window) && flt_window_get_workspace (window) != NULL);
  g_assert_true (g_file_equal (flt_window_get_file (window), file));
  g_assert_nonnull (flt_window_get_project (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_preferences (void)
{
  g_autoptr(GSettings) settings = NULL;
  FltPreferencesWindow *preferences;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  preferences = flt_preferences_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (preferences));
  flt_test_wait_for_paint (GTK_WIDGET (preferences));
  flt_test_save_screenshot (GTK_WIDGET (preferences), "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static FltExportDialog *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (FLT_IS_EXPORT_DIALOG (item))
        return FLT_EXPORT_DIALOG (item);
    }
  return NULL;
}

/* A warning of the AWS export, clicked, shows its line in the YAML view
 * and closes the dialog. */
static void
test_window_export_warning_jump (void)
{
  static const char text[] =
    "services:\n"
    "  web:\n"
    "    image: nginx\n"
    "    ports:\n"
    "      - \"8000-8001:80-81\"\n";
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flt-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "compose.yaml", NULL);
  FltExportDialog *dialog;
  GtkListBox *list;
  GtkListBoxRow *row;
  GtkTextBuffer *buffer;
  GtkTextIter cursor;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  settings = flt_test_create_settings ();
  file = g_file_new_for_path (path);
  window = flt_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  flt_window_open (window, file);
  flt_test_wait_for_load (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-aws", NULL));
  FLT_TEST_WAIT_UNTIL ((dialog = find_export_dialog ()) != NULL);
  list = _flt_export_dialog_get_warnings_list (dialog);
  FLT_TEST_WAIT_UNTIL ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL &&
                       gtk_list_box_row_get_activatable (row));
  g_signal_emit_by_name (list, "row-activated", row);

  FLT_TEST_WAIT_UNTIL (find_export_dialog () == NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "yaml");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_flt_yaml_view_get_source_view (
    FLT_YAML_VIEW (_flt_window_get_view (window, "yaml")))));
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  /* The port range, on the fifth line. */
  g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_window_translated (void)
{
  if (flt_test_gui_skip_if_needed ())
    return;

  /* The catalogue is the one built next to the tests: make sure it was
   * found, or the Russian screenshot would quietly be an English one. */
  g_assert_cmpstr (_("Services"), !=, "Services");
  g_assert_cmpstr (_("No Compose File Open"), !=, "No Compose File Open");
}

int
main (int   argc,
      char *argv[])
{
  flt_test_gui_init (&argc, &argv);

  g_test_add_func ("/flotilla/window/empty", test_window_empty);
  g_test_add_func ("/flotilla/window/foodtrucks", test_window_foodtrucks);
  g_test_add_func ("/flotilla/window/missing-file", test_window_missing_file);
  g_test_add_func ("/flotilla/window/changed-on-disk", test_window_changed_on_disk);
  g_test_add_func ("/flotilla/window/close-unsaved", test_window_close_unsaved);
  g_test_add_func ("/flotilla/window/save-read-only", test_window_save_read_only);
  g_test_add_func ("/flotilla/window/save-disk-full", test_window_save_disk_full);
  g_test_add_func ("/flotilla/window/save-replaced", test_window_save_replaced);
  g_test_add_func ("/flotilla/window/no-engine", test_window_no_engine);
  g_test_add_func ("/flotilla/window/new-project", test_window_new_project);
  g_test_add_func ("/flotilla/window/preferences", test_window_preferences);
  g_test_add_func ("/flotilla/window/service-actions", test_window_service_actions);
  g_test_add_func ("/flotilla/window/open-recent", test_window_open_recent);
  g_test_add_func ("/flotilla/window/drop-file", test_window_drop_file);
  g_test_add_func ("/flotilla/window/export-warning-jump", test_window_export_warning_jump);
  if (flt_test_gui_get_language () != NULL)
    g_test_add_func ("/flotilla/window/translated", test_window_translated);

  return g_test_run ();
}
