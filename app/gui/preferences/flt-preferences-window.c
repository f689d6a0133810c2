/* flt-preferences-window.c: the engine, logs, appearance and export defaults
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is bound to its GSettings key: there is nothing to apply or
 * cancel, and open windows follow the keys themselves.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-endpoint.h"
#include "flt-preferences-window.h"

struct _FltPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *endpoint_row;
  GtkLabel             *endpoint_status;
  AdwComboRow          *style_row;
  AdwActionRow         *scrollback_row;
  GtkSpinButton        *scrollback_spin;
  GtkSpinButton        *cpu_shares_spin;
  GtkSpinButton        *mem_limit_spin;

  /* Owned references */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (FltPreferencesWindow, flt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const style_values[] = { "follow", "light", "dark" };

static gboolean
style_to_row (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  const char *style = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_values); i++)
    if (g_str_equal (style, style_values[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
style_from_row (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (style_values[i < G_N_ELEMENTS (style_values) ? i : 0]);
}

/* Megabytes in the row, bytes in the key: what compose files say is bytes. */
static gboolean
bytes_to_mib (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  g_value_set_double (value, (double) g_variant_get_int64 (variant) / (1024 * 1024));
  return TRUE;
}

static GVariant *
mib_to_bytes (const GValue       *value,
              const GVariantType *expected_type,
              gpointer            user_data)
{
  return g_variant_new_int64 ((gint64) (g_value_get_double (value) * 1024 * 1024));
}

/* Says which engine "automatic" means here, or what is wrong with what
 * was typed, as the user types. */
static void
update_endpoint_status (FltPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  g_autoptr(GError) error = NULL;
  g_autoptr(FltEndpoint) endpoint = NULL;
  g_autofree char *message = NULL;

  if (text == NULL || *text == '\0')
    {
      endpoint = flt_endpoint_resolve (NULL, NULL, NULL, &error);
      if (endpoint != NULL)
        /* Translators: %s is where the engine is, e.g. unix:///var/run/docker.sock */
        message = g_strdup_printf (_("Automatic: %s"), endpoint->uri);
    }
  else
    {
      endpoint = flt_endpoint_parse (text, _("Preferences"), &error);
      if (endpoint != NULL)
        /* Translators: %s is where the engine is, e.g. tcp://build-host:2376 */
        message = g_strdup_printf (_("Will connect to %s"), endpoint->uri);
    }

  if (endpoint == NULL)
    {
      gtk_label_set_label (self->endpoint_status, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
      return;
    }
  gtk_label_set_label (self->endpoint_status, message);
  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_status), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
}

static void
endpoint_apply_cb (FltPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  g_autoptr(FltEndpoint) endpoint = NULL;

  /* Only something that parses is kept: a half-typed address must not
   * disconnect every open window. */
  if (*text != '\0' && (endpoint = flt_endpoint_parse (text, NULL, NULL)) == NULL)
    return;
  g_settings_set_string (self->settings, "engine-endpoint", text);
}

static void
flt_preferences_window_dispose (GObject *object)
{
  FltPreferencesWindow *self = FLT_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (flt_preferences_window_parent_class)->dispose (object);
}

static void
flt_preferences_window_class_init (FltPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FltPreferencesWindow, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, FltPreferencesWindow, endpoint_status);
  gtk_widget_class_bind_template_child (widget_class, FltPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, FltPreferencesWindow, scrollback_row);
  gtk_widget_class_bind_template_child (widget_class, FltPreferencesWindow, scrollback_spin);
  gtk_widget_class_bind_template_child (widget_class, FltPreferencesWindow, cpu_shares_spin);
  gtk_widget_class_bind_template_child (widget_class, FltPreferencesWindow, mem_limit_spin);
  gtk_widget_class_bind_template_callback (widget_class, update_endpoint_status);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_apply_cb);
}

static void
flt_preferences_window_init (FltPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * flt_preferences_window_new:
 * @settings: the application's settings
 */
FltPreferencesWindow *
flt_preferences_window_new (GtkWindow *parent,
                            GSettings *settings)
{
  FltPreferencesWindow *self;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FLT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->settings = g_object_ref (settings);

  endpoint = g_settings_get_string (settings, "engine-endpoint");
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  update_endpoint_status (self);

  g_settings_bind_with_mapping (settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_to_row, style_from_row, NULL, NULL);
  g_settings_bind (settings, "aws-cpu-shares", self->cpu_shares_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "aws-mem-limit", self->mem_limit_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, bytes_to_mib, mib_to_bytes, NULL, NULL);

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (g_settings_schema_has_key (schema, "log-scrollback"))
    g_settings_bind (settings, "log-scrollback", self->scrollback_spin, "value", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->scrollback_row), FALSE);

  return self;
}
