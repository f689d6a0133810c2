/* flt-application.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "flt-application.h"
#include "flt-preferences-window.h"
#include "flt-window.h"

struct _FltApplication
{
  AdwApplication parent_instance;

  /* Owned references */
  GSettings *settings;   /* NULL when the schema is not installed */
};

G_DEFINE_FINAL_TYPE (FltApplication, flt_application, ADW_TYPE_APPLICATION)

/* Auxiliary methods */

static FltWindow *
flt_application_create_window (FltApplication *self)
{
  g_assert (FLT_IS_APPLICATION (self));

  return flt_window_new (GTK_APPLICATION (self), self->settings);
}

static GSettings *
flt_application_load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* An uninstalled build has no schema unless GSETTINGS_SCHEMA_DIR points at
   * the build folder: run with defaults then rather than abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("Schema %s is not installed; settings will not be kept", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* Actions */

static void
flt_application_new_window_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  FltApplication *self = FLT_APPLICATION (user_data);

  gtk_window_present (GTK_WINDOW (flt_application_create_window (self)));
}

static void
flt_application_about_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  FltApplication *self = FLT_APPLICATION (user_data);
  static const char *developers[] = { "The Flotilla authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GObject *about;

#if ADW_CHECK_VERSION (1, 5, 0)
  about = G_OBJECT (adw_about_dialog_new ());
#else
  about = G_OBJECT (adw_about_window_new ());
#endif

  g_object_set (about,
                "application-name", "Flotilla",
                "application-icon", APP_ID,
                "developer-name", _("The Flotilla authors"),
                "version", PACKAGE_VERSION,
                "comments", _("Edit and run Docker Compose projects"),
                "website", "https://github.com/flotilla/flotilla",
                "issue-url", "https://github.com/flotilla/flotilla/issues",
                "copyright", "© 2026 The Flotilla authors",
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                /* Translators: Replace this with your name (and e-mail
                 * address), one translator per line. */
                "translator-credits", _("translator-credits"),
                NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (about), parent ? GTK_WIDGET (parent) : NULL);
#else
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

static void
flt_application_preferences_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  FltApplication *self = FLT_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  FltPreferencesWindow *preferences;

  if (self->settings == NULL)
    return;
  preferences = flt_preferences_window_new (parent, self->settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
flt_application_apply_color_scheme (FltApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static void
flt_application_quit_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "new-window", flt_application_new_window_action },
  { "about", flt_application_about_action },
  { "preferences", flt_application_preferences_action },
  { "quit", flt_application_quit_action },
};

/* Startup measurement: with FLOTILLA_BENCH_STARTUP set, the first frame
 * that shows a loaded project prints the wall-clock time (microseconds
 * since the epoch) and the renderer that drew it on stderr and quits;
 * tests/bench/startup.py compares the time with when it started the
 * process. */

static void
bench_after_paint_cb (GdkFrameClock *clock,
                      FltWindow     *window)
{
  GskRenderer *renderer;

  if (flt_window_get_workspace (window) == NULL || flt_window_get_loading (window))
    return;
  g_printerr ("flotilla-first-project-frame %" G_GINT64_FORMAT "\n", g_get_real_time ());
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_printerr ("flotilla-renderer %s\n", renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, window);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static void
bench_window_mapped_cb (GtkWidget *window)
{
  g_printerr ("flotilla-first-frame-clock %" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (bench_after_paint_cb), window, 0);
}

static void
bench_window_added_cb (GtkApplication *application,
                       GtkWindow      *window)
{
  if (FLT_IS_WINDOW (window))
    g_signal_connect (window, "map", G_CALLBACK (bench_window_mapped_cb), NULL);
}

/* GtkApplication's startup starts loading the icon theme in a thread,
 * then adds the application's icon folder, and libadwaita adds its own:
 * each addition throws the loaded theme away, so the first icon the
 * window showed used to load it again on the main loop (about 60 million
 * instructions, a twentieth of the time to the first frame).  Loading it
 * again in a thread once the folders are known lets the window be built
 * meanwhile; its first icon waits only for what is left of the load.
 * This is what GTK's own loader thread does: the theme's lock is held
 * throughout. */
static void
preload_icon_theme_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  gtk_icon_theme_has_icon (GTK_ICON_THEME (source_object), "image-missing");
  g_task_return_boolean (task, TRUE);
}

static void
flt_application_preload_icon_theme (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GTask) task = NULL;

  if (display == NULL)
    return;
  task = g_task_new (gtk_icon_theme_get_for_display (display), NULL, NULL, NULL);
  g_task_set_source_tag (task, flt_application_preload_icon_theme);
  g_task_run_in_thread (task, preload_icon_theme_thread);
}

/* GApplication */

static void
flt_application_startup (GApplication *application)
{
  FltApplication *self = FLT_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (flt_application_parent_class)->startup (application);
  flt_application_preload_icon_theme ();

  g_set_application_name ("Flotilla");
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = flt_application_load_settings ();
  if (g_getenv ("FLOTILLA_BENCH_STARTUP") != NULL)
    g_signal_connect (self, "window-added", G_CALLBACK (bench_window_added_cb), NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "preferences")),
                               self->settings != NULL);
  if (self->settings != NULL)
    {
      g_signal_connect_swapped (self->settings, "changed::color-scheme",
                                G_CALLBACK (flt_application_apply_color_scheme), self);
      flt_application_apply_color_scheme (self);
    }
}

static void
flt_application_activate (GApplication *application)
{
  FltApplication *self = FLT_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (flt_application_create_window (self));

  gtk_window_present (window);
}

static void
flt_application_open (GApplication  *application,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  FltApplication *self = FLT_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
      FltWindow *window;

      /* An empty window (the one a plain start showed) takes the file. */
      if (FLT_IS_WINDOW (active) && flt_window_is_empty (FLT_WINDOW (active)))
        window = FLT_WINDOW (active);
      else
        window = flt_application_create_window (self);

      flt_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* GObject */

static void
flt_application_dispose (GObject *object)
{
  FltApplication *self = FLT_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (flt_application_parent_class)->dispose (object);
}

static void
flt_application_class_init (FltApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = flt_application_dispose;

  app_class->startup = flt_application_startup;
  app_class->activate = flt_application_activate;
  app_class->open = flt_application_open;
}

static void
flt_application_init (FltApplication *self)
{
}

FltApplication *
flt_application_new (void)
{
  return g_object_new (FLT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * flt_application_get_settings:
 * @self: a #FltApplication
 *
 * Returns: (transfer none) (nullable): the application's settings, or %NULL
 *   when the schema is not installed
 */
GSettings *
flt_application_get_settings (FltApplication *self)
{
  g_return_val_if_fail (FLT_IS_APPLICATION (self), NULL);

  return self->settings;
}
