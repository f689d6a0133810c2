/* flt-window-services.c: adding, duplicating, renaming and removing
 * services from the sidebar
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each is one patch on the document, so Undo takes it back; removing
 * therefore asks nothing and offers Undo in its toast instead.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-window-private.h"

static FltDocument *
document_of (FltWindow *self)
{
  return flt_workspace_get_document (self->workspace);
}

/* Selects @name once the project that has it is built. */
static void
select_when_built (FltWindow  *self,
                   const char *name)
{
  g_free (self->pending_selection);
  self->pending_selection = g_strdup (name);
  _flt_window_select_view (self, "editor");
}

static char *
free_name (FltWindow  *self,
           const char *base)
{
  FltProject *project = flt_workspace_get_project (self->workspace);

  for (guint i = 1; ; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup_printf ("%s-copy", base)
                                     : g_strdup_printf ("%s-copy-%u", base, i);

      if (project == NULL || flt_project_get_service (project, name) == NULL)
        return g_steal_pointer (&name);
    }
}

/* A dialog asking for names: a boxed list of entry rows. */
static GtkWidget *
name_dialog_new (FltWindow  *self,
                 const char *heading,
                 const char *body,
                 const char *accept_label,
                 GtkWidget **name_row,
                 GtkWidget **image_row)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  *name_row = adw_entry_row_new ();
  /* Translators: the name of a service, such as web or db */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (*name_row), _("Name"));
  gtk_list_box_append (GTK_LIST_BOX (list), *name_row);
  if (image_row != NULL)
    {
      *image_row = adw_entry_row_new ();
      /* Translators: a Docker image (what a container runs), not a picture */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (*image_row), _("Image"));
      gtk_list_box_append (GTK_LIST_BOX (list), *image_row);
    }

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", accept_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
report (FltWindow *self,
        GError    *error)
{
  if (error != NULL)
    _flt_window_toast (self, error->message);
}

/* Add */

static void
add_response_cb (gpointer    data,
                 const char *response)
{
  GtkWidget *dialog = data;
  FltWindow *self = FLT_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  GtkEditable *name_row = g_object_get_data (G_OBJECT (dialog), "flt-name");
  GtkEditable *image_row = g_object_get_data (G_OBJECT (dialog), "flt-image");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *image;

  if (g_strcmp0 (response, "accept") != 0)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (name_row)));
  image = gtk_editable_get_text (image_row);
  if (flt_document_add_service (document_of (self), name, *image ? image : NULL, &error))
    select_when_built (self, name);
  report (self, error);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  GtkWidget *name_row, *image_row;
  GtkWidget *dialog = name_dialog_new (self, _("Add a Service"),
                                       _("Name it as other services will reach it on the network, "
                                         "and give the image it runs."),
                                       _("_Add"), &name_row, &image_row);

  g_object_set_data (G_OBJECT (dialog), "flt-name", name_row);
  g_object_set_data (G_OBJECT (dialog), "flt-image", image_row);
  _flt_window_ask (self, dialog, add_response_cb, dialog, NULL);
  gtk_widget_grab_focus (name_row);
}

/* Duplicate */

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *copy = free_name (self, name);
  g_autoptr(GError) error = NULL;

  if (flt_document_duplicate_service (document_of (self), name, copy, &error))
    select_when_built (self, copy);
  report (self, error);
}

/* Rename */

static void
rename_response_cb (gpointer    data,
                    const char *response)
{
  GtkWidget *dialog = data;
  FltWindow *self = FLT_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  GtkEditable *name_row = g_object_get_data (G_OBJECT (dialog), "flt-name");
  const char *old_name = g_object_get_data (G_OBJECT (dialog), "flt-old-name");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "accept") != 0)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (name_row)));
  if (g_str_equal (name, old_name))
    return;
  if (flt_document_rename_service (document_of (self), old_name, name, &error))
    select_when_built (self, name);
  report (self, error);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *name_row;
  /* Translators: %s is the service's current name */
  g_autofree char *heading = g_strdup_printf (_("Rename %s"), name);
  GtkWidget *dialog = name_dialog_new (self, heading,
                                       _("Links and depends_on entries that name it are renamed too."),
                                       _("_Rename"), &name_row, NULL);

  gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  g_object_set_data (G_OBJECT (dialog), "flt-name", name_row);
  g_object_set_data_full (G_OBJECT (dialog), "flt-old-name", g_strdup (name), g_free);
  _flt_window_ask (self, dialog, rename_response_cb, dialog, NULL);
  gtk_widget_grab_focus (name_row);
}

/* Remove */

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (flt_document_remove_service (document_of (self), name, &error))
    {
      /* Translators: %s is the removed service's name */
      g_autofree char *message = g_strdup_printf (_("Removed %s"), name);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo");
      adw_toast_overlay_add_toast (self->toasts, toast);
      return;
    }
  report (self, error);
}

void
_flt_window_class_services_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.service-add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "win.service-duplicate", "s", duplicate_action);
  gtk_widget_class_install_action (widget_class, "win.service-rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "win.service-remove", "s", remove_action);
}
