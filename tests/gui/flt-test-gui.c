/* flt-test-gui.c: what every in-process GUI test needs
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#if defined(__SANITIZE_ADDRESS__)
#include <unistd.h>
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#endif

#include "flt-graph-edge-cache.h"
#include "flt-test-gui.h"

/* Which language the run checks: NULL for English (the source language),
 * or "ru".  A process cannot switch between them once GTK has translated
 * its first string, so each language is a run of its own. */
static const char *test_language;

/* Why the GUI tests cannot run here, or NULL when they can. */
static const char *skip_reason;

static guint watchdog_id;

/**
 * flt_test_time_scale:
 *
 * How many times longer than usual a wait may take: the
 * FLOTILLA_TEST_TIME_SCALE the sanitizer build's tests get (everything
 * runs slower there), else 1.
 */
guint
flt_test_time_scale (void)
{
  const char *value = g_getenv ("FLOTILLA_TEST_TIME_SCALE");
  guint64 scale = value ? g_ascii_strtoull (value, NULL, 10) : 1;

  return CLAMP (scale, 1, 20);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  g_error ("Timed out after %u seconds waiting at %s", FLT_TEST_TIMEOUT_SECONDS * flt_test_time_scale (),
           (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* @what: where the test waits and for what, to say when it times out */
void
flt_test_watchdog_start (const char *what)
{
  g_assert_cmpuint (watchdog_id, ==, 0);
  watchdog_id = g_timeout_add_seconds (FLT_TEST_TIMEOUT_SECONDS * flt_test_time_scale (),
                                       watchdog_cb, (gpointer) what);
}

void
flt_test_watchdog_stop (void)
{
  g_clear_handle_id (&watchdog_id, g_source_remove);
}

static void
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Waits until @widget has been painted at least once after now. */
void
flt_test_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  FLT_TEST_WAIT_UNTIL (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_flag), &painted);
  gtk_widget_queue_draw (widget);
  FLT_TEST_WAIT_UNTIL (painted);
  /* A graph whose edges a worker is still drawing for a new zoom shows
   * the old ones scaled meanwhile: wait for the exact picture. */
  while (flt_graph_edge_cache_any_pending ())
    {
      painted = FALSE;
      FLT_TEST_WAIT_UNTIL (!flt_graph_edge_cache_any_pending ());
      gtk_widget_queue_draw (widget);
      FLT_TEST_WAIT_UNTIL (painted);
    }
  g_signal_handler_disconnect (clock, handler);
}

static gboolean
stop_spinning_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run for a while: for debounce timers and the like. */
void
flt_test_spin (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, stop_spinning_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* BUILDDIR/tests/gui/screenshot-NAME-LANGUAGE.png */
char *
flt_test_build_screenshot_path (const char *name)
{
  g_autofree char *basename = g_strdup_printf ("screenshot-%s-%s.png", name,
                                               test_language ? test_language : "en");

  return g_build_filename (g_getenv ("FLOTILLA_BUILD_DIR"), "tests", "gui", basename, NULL);
}

/* Text shown in English although the catalogue translates it: a string
 * marked for translation but shown without _(), or a template built
 * without the text domain.  Phrases only: a single word may be English on
 * purpose for a while, when it has just been given a context (C_) and the
 * catalogue still has its old translation without one.  (Text the
 * catalogue lacks is the i18n test's business.) */
static void
collect_untranslated (GtkWidget *widget,
                      GPtrArray *found)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      const char *texts[] = { gtk_label_get_label (GTK_LABEL (widget)),
                              gtk_label_get_text (GTK_LABEL (widget)) };

      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        if (texts[i] != NULL && strchr (texts[i], ' ') != NULL
            && strcmp (g_dgettext (GETTEXT_PACKAGE, texts[i]), texts[i]) != 0)
          {
            g_ptr_array_add (found, g_strdup_printf ("%s “%s” (the catalogue says “%s”)",
                                                     G_OBJECT_TYPE_NAME (widget), texts[i],
                                                     g_dgettext (GETTEXT_PACKAGE, texts[i])));
            break;
          }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_untranslated (child, found);
}

/* Saves what @widget shows now as screenshot-NAME-LANGUAGE.png; in a
 * translated run, fails the test when it shows English the catalogue
 * translates. */
void
flt_test_save_screenshot (GtkWidget  *widget,
                          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = flt_test_build_screenshot_path (name);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width;
  int height;

  /* A popover shares its parent's frame clock, so a paint may come before
   * its own first allocation on a busy machine: wait for the size. */
  FLT_TEST_WAIT_UNTIL (gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  /* A window that has just been shown may not have kept its drawing yet:
   * give it a few more frames. */
  for (guint i = 0; node == NULL && i < 10; i++)
    {
      g_autoptr(GtkSnapshot) again = gtk_snapshot_new ();

      flt_test_wait_for_paint (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (again), width, height);
      node = gtk_snapshot_to_node (again);
    }
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);

  if (test_language != NULL)
    {
      g_autoptr(GPtrArray) untranslated = g_ptr_array_new_with_free_func (g_free);

      collect_untranslated (widget, untranslated);
      for (guint i = 0; i < untranslated->len; i++)
        g_test_fail_printf ("%s shows English: %s", path, (char *) g_ptr_array_index (untranslated, i));
    }
}

/* What AdwApplication does for the app, which the tests do not run: add
 * the icons and the style sheet compiled into the resources. */
static void
load_app_resources (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_PREFIX "/icons");
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

GSettings *
flt_test_create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APP_ID, FALSE);
  g_assert_nonnull (schema);

  return g_settings_new_full (schema, NULL, NULL);
}

const char *
flt_test_gui_get_language (void)
{
  return test_language;
}

const char *
flt_test_gui_get_skip_reason (void)
{
  return skip_reason;
}

/* For the first line of each test: TRUE when it must not run here. */
gboolean
flt_test_gui_skip_if_needed (void)
{
  if (skip_reason == NULL)
    return FALSE;
  g_test_skip (skip_reason);
  return TRUE;
}

/**
 * flt_test_gui_init:
 *
 * Takes `--language=ru` out of the arguments, points settings and the text
 * domain at the build folder, calls g_test_init() and opens the display.
 *
 * Returns: why the GUI tests cannot run, or %NULL
 */
#if defined(__SANITIZE_ADDRESS__)
/* The window tests' leak check, in the sanitizer build
 * (tests/gui/meson.build turns LeakSanitizer's own check at exit off).
 *
 * A window test leaks what GTK, GDK's X11 backend, Pango and fontconfig
 * leak, much of it in functions that have no symbol in Debian's libraries:
 * no suppression can name those without hiding our own widgets' leaks too.
 * So the check looks at each leak's stack, innermost frame first, up to the
 * main loop or the test runner that called in: a leak with a frame of ours
 * (app/, tests/) on that stretch happened while our code ran, and fails the
 * test; one without is the libraries' own business.  Named library leaks
 * are suppressed as usual (tests/data/lsan.supp). */

static gboolean
frame_is_ours (const char *frame)
{
  return strstr (frame, "/app/") != NULL || strstr (frame, "/tests/") != NULL;
}

static gboolean
frame_is_caller (const char *frame)
{
  return strstr (frame, " in g_main_context_dispatch ") != NULL ||
         strstr (frame, " in g_main_loop_run ") != NULL ||
         strstr (frame, " in g_test_run_suite ") != NULL;
}

/* Whether the leak @block (one "Direct leak of …" paragraph) is ours. */
static gboolean
leak_is_ours (const char *block)
{
  g_auto(GStrv) lines = g_strsplit (block, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (frame_is_caller (lines[i]))
        return FALSE;
      if (frame_is_ours (lines[i]))
        return TRUE;
    }
  return FALSE;
}

static void
check_leaks (void)
{
  g_autofree char *dir = g_dir_make_tmp ("flotilla-lsan-XXXXXX", NULL);
  g_autofree char *prefix = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *report = NULL;
  g_auto(GStrv) blocks = NULL;
  guint ours = 0, theirs = 0;

  if (dir == NULL)
    return;
  prefix = g_build_filename (dir, "leaks", NULL);
  report_path = g_strdup_printf ("%s.%d", prefix, (int) getpid ());
  __sanitizer_set_report_path (prefix);
  if (__lsan_do_recoverable_leak_check () == 0 ||
      !g_file_get_contents (report_path, &report, NULL, NULL))
    {
      g_unlink (report_path);
      g_rmdir (dir);
      return;
    }
  g_unlink (report_path);
  g_rmdir (dir);

  blocks = g_strsplit (report, "\n\n", -1);
  for (guint i = 0; blocks[i] != NULL; i++)
    {
      if (!g_str_has_prefix (g_strchug (blocks[i]), "Direct leak of "))
        continue;
      if (leak_is_ours (blocks[i]))
        {
          if (ours++ == 0)
            g_printerr ("LeakSanitizer: leaks from our code:\n\n");
          g_printerr ("%s\n\n", blocks[i]);
        }
      else
        theirs++;
    }

  if (theirs > 0)
    g_printerr ("LeakSanitizer: %u leaks made by the libraries on their own, not counted\n", theirs);
  if (ours > 0)
    {
      g_printerr ("LeakSanitizer: %u leaks from our code\n", ours);
      fflush (stdout);
      _exit (1);
    }
}
#endif

const char *
flt_test_gui_init (int    *argc,
                   char ***argv)
{
  const char *build_dir = g_getenv ("FLOTILLA_BUILD_DIR");
  g_autofree char *locale_dir = NULL;
  g_autofree char *schema_dir = NULL;

  for (int i = 1; i < *argc; i++)
    {
      if (g_str_has_prefix ((*argv)[i], "--language="))
        {
          test_language = (*argv)[i] + strlen ("--language=");
          memmove (&(*argv)[i], &(*argv)[i + 1], (*argc - i) * sizeof (char *));
          (*argc)--;
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

  g_test_init (argc, argv, NULL);
#if defined(__SANITIZE_ADDRESS__)
  atexit (check_leaks);
#endif

  if (skip_reason == NULL)
    {
      if (gtk_init_check ())
        {
          adw_init ();
          load_app_resources ();
          /* Screenshots show where transitions end, not their first frame. */
          g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
        }
      else
        skip_reason = "No display to open a window on";
    }
  return skip_reason;
}
