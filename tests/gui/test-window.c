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

#include "flt-window.h"
#include "flt-window-private.h"

#define FLT_TEST_TIMEOUT_SECONDS 30

/* Which language the run checks: NULL for English (the source language),
 * or "ru".  A process cannot switch between them once GTK has translated
 * its first string, so each language is a run of its own. */
static const char *test_language;

/* Why the window tests cannot run here, or NULL when they can. */
static const char *skip_reason;

static gboolean
flt_test_timeout_cb (gpointer user_data)
{
  g_error ("Timed out after %d seconds", FLT_TEST_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
flt_test_set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
flt_test_wait_for_load (FltWindow *window)
{
  guint timeout = g_timeout_add_seconds (FLT_TEST_TIMEOUT_SECONDS, flt_test_timeout_cb, NULL);

  while (flt_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

/* Waits until the window has been painted at least once after now. */
static void
flt_test_wait_for_paint (GtkWidget *widget)
{
  guint timeout = g_timeout_add_seconds (FLT_TEST_TIMEOUT_SECONDS, flt_test_timeout_cb, NULL);
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (flt_test_set_flag), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);

  g_source_remove (timeout);
}

static void
flt_test_save_screenshot (GtkWidget  *widget,
                          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

static char *
flt_test_dup_row_text (GtkListBox *list,
                       int         index,
                       char      **subtitle)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  if (row == NULL)
    return NULL;

  g_assert_true (ADW_IS_ACTION_ROW (row));
  if (subtitle != NULL)
    *subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));

  return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

/* _build/tests/gui/screenshot-NAME-LANGUAGE.png */
static char *
flt_test_build_screenshot_path (const char *name)
{
  g_autofree char *basename = g_strdup_printf ("screenshot-%s-%s.png", name,
                                               test_language ? test_language : "en");

  return g_build_filename (g_getenv ("FLOTILLA_BUILD_DIR"), "tests", "gui", basename, NULL);
}

/* What AdwApplication does for the app, which the tests do not run: add
 * the icons and the style sheet compiled into the resources. */
static void
flt_test_load_app_resources (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_PREFIX "/icons");
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static GSettings *
flt_test_create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APP_ID, FALSE);
  g_assert_nonnull (schema);

  return g_settings_new_full (schema, NULL, NULL);
}

static void
test_window_empty (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *screenshot = NULL;
  FltWindow *window;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  settings = flt_test_create_settings ();
  window = flt_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_null (flt_window_get_file (window));
  g_assert_null (flt_window_get_project (window));
  g_assert_false (flt_window_get_loading (window));

  flt_test_wait_for_paint (GTK_WIDGET (window));
  screenshot = flt_test_build_screenshot_path ("empty");
  flt_test_save_screenshot (GTK_WIDGET (window), screenshot);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_foodtrucks (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *screenshot = NULL;
  g_autofree char *es = NULL;
  g_autofree char *es_image = NULL;
  g_autofree char *web = NULL;
  g_autofree char *web_image = NULL;
  g_autofree char *none = NULL;
  g_auto(GStrv) recent = NULL;
  g_autofree char *uri = NULL;
  GtkListBox *services;
  FltWindow *window;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

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

  services = _flt_window_get_services_list (window);
  es = flt_test_dup_row_text (services, 0, &es_image);
  web = flt_test_dup_row_text (services, 1, &web_image);
  none = flt_test_dup_row_text (services, 2, NULL);
  g_assert_cmpstr (es, ==, "es");
  g_assert_cmpstr (es_image, ==, "elasticsearch");
  g_assert_cmpstr (web, ==, "web");
  g_assert_cmpstr (web_image, ==, "prakhar1989/foodtrucks-web");
  g_assert_null (none);

  uri = g_file_get_uri (file);
  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_cmpstr (recent[0], ==, uri);

  flt_test_wait_for_paint (GTK_WIDGET (window));
  screenshot = flt_test_build_screenshot_path ("window");
  flt_test_save_screenshot (GTK_WIDGET (window), screenshot);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_missing_file (void)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *tmpdir = NULL;
  FltWindow *window;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

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
  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  /* The catalogue is the one built next to the tests: make sure it was
   * found, or the Russian screenshot would quietly be an English one. */
  g_assert_cmpstr (_("Services"), !=, "Services");
  g_assert_cmpstr (_("No Compose File Open"), !=, "No Compose File Open");
}

int
main (int   argc,
      char *argv[])
{
  const char *build_dir = g_getenv ("FLOTILLA_BUILD_DIR");
  g_autofree char *locale_dir = NULL;
  g_autofree char *schema_dir = NULL;

  /* --language=ru is ours; g_test_init() must not see it. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--language="))
        {
          test_language = argv[i] + strlen ("--language=");
          memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
          argc--;
          i--;
        }
    }

  g_assert_nonnull (build_dir);

  schema_dir = g_build_filename (build_dir, "data", NULL);
  g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  if (g_strcmp0 (test_language, "ru") == 0)
    {
      /* gettext ignores LANGUAGE under the C locale. */
      if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
        skip_reason = "The ru_RU.UTF-8 locale is missing (build-aux/install-deps.sh generates it)";
      g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
      g_setenv ("LANGUAGE", "ru", TRUE);
    }

  locale_dir = g_build_filename (build_dir, "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  if (skip_reason == NULL)
    {
      if (gtk_init_check ())
        {
          adw_init ();
          flt_test_load_app_resources ();
          /* Screenshots show where transitions end, not their first frame. */
          g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
        }
      else
        skip_reason = "No display to open a window on";
    }

  g_test_add_func ("/flotilla/window/empty", test_window_empty);
  g_test_add_func ("/flotilla/window/foodtrucks", test_window_foodtrucks);
  g_test_add_func ("/flotilla/window/missing-file", test_window_missing_file);
  if (test_language != NULL)
    g_test_add_func ("/flotilla/window/translated", test_window_translated);

  return g_test_run ();
}
