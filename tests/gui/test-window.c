/* test-window.c: a real FltWindow on the test display
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

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
  if (flt_test_gui_get_language () != NULL)
    g_test_add_func ("/flotilla/window/translated", test_window_translated);

  return g_test_run ();
}
