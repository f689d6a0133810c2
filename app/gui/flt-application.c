/* flt-application.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "flt-application.h"
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
flt_application_quit_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "new-window", flt_application_new_window_action },
  { "about", flt_application_about_action },
  { "quit", flt_application_quit_action },
};

/* GApplication */

static void
flt_application_startup (GApplication *application)
{
  FltApplication *self = FLT_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (flt_application_parent_class)->startup (application);

  g_set_application_name ("Flotilla");
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = flt_application_load_settings ();

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
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
      FltWindow *window = flt_application_create_window (self);

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
