/* flt-file-chooser.c: one asynchronous file chooser for every GTK version
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkFileDialog arrived in GTK 4.10 and GtkFileChooserNative is deprecated
 * since; Debian bookworm has 4.8.  Callers see one _async/_finish pair
 * either way, and a dismissed chooser is G_IO_ERROR_CANCELLED.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-file-chooser.h"

/**
 * flt_compose_file_filter_new:
 *
 * Returns: (transfer full): a filter for YAML files, which compose files are
 */
GtkFileFilter *
flt_compose_file_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Compose Files"));
  gtk_file_filter_add_mime_type (filter, "application/x-yaml");
  gtk_file_filter_add_mime_type (filter, "application/yaml");
  gtk_file_filter_add_pattern (filter, "*.yml");
  gtk_file_filter_add_pattern (filter, "*.yaml");
  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
dialog_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FltChooseMode mode = GPOINTER_TO_INT (g_task_get_task_data (task));
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  GError *error = NULL;
  GFile *file;

  switch (mode)
    {
    case FLT_CHOOSE_OPEN:
      file = gtk_file_dialog_open_finish (dialog, result, &error);
      break;
    case FLT_CHOOSE_SAVE:
      file = gtk_file_dialog_save_finish (dialog, result, &error);
      break;
    case FLT_CHOOSE_FOLDER:
    default:
      file = gtk_file_dialog_select_folder_finish (dialog, result, &error);
      break;
    }

  if (file == NULL)
    {
      /* Dismissing is cancelling, whatever the portal calls it. */
      if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        {
          g_clear_error (&error);
          error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No file was chosen"));
        }
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, file, g_object_unref);
}

#else

static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_destroy (native);
  g_object_unref (native);

  if (file == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No file was chosen"));
  else
    g_task_return_pointer (task, file, g_object_unref);
}

#endif

/**
 * flt_choose_file_async:
 * @initial_folder: (nullable): where the chooser starts
 * @initial_name: (nullable): for saving: the suggested name
 * @filter: (nullable) (transfer none): what files to show
 */
void
flt_choose_file_async (GtkWindow           *parent,
                       FltChooseMode        mode,
                       const char          *title,
                       GFile               *initial_folder,
                       const char          *initial_name,
                       GtkFileFilter       *filter,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, flt_choose_file_async);
  g_task_set_task_data (task, GINT_TO_POINTER (mode), NULL);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (initial_folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, initial_folder);
    if (initial_name != NULL)
      gtk_file_dialog_set_initial_name (dialog, initial_name);
    if (filter != NULL)
      {
        g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

        g_list_store_append (filters, filter);
        gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
      }

    switch (mode)
      {
      case FLT_CHOOSE_OPEN:
        gtk_file_dialog_open (dialog, parent, cancellable, dialog_done_cb, task);
        break;
      case FLT_CHOOSE_SAVE:
        gtk_file_dialog_save (dialog, parent, cancellable, dialog_done_cb, task);
        break;
      case FLT_CHOOSE_FOLDER:
      default:
        gtk_file_dialog_select_folder (dialog, parent, cancellable, dialog_done_cb, task);
        break;
      }
  }
#else
  {
    GtkFileChooserAction action = mode == FLT_CHOOSE_OPEN ? GTK_FILE_CHOOSER_ACTION_OPEN
                                : mode == FLT_CHOOSE_SAVE ? GTK_FILE_CHOOSER_ACTION_SAVE
                                : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;
    GtkFileChooserNative *native =
      gtk_file_chooser_native_new (title, parent, action,
                                   mode == FLT_CHOOSE_SAVE ? _("_Save") : _("_Open"),
                                   _("_Cancel"));

    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    if (initial_folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), initial_folder, NULL);
    if (initial_name != NULL)
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
    if (filter != NULL)
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    g_signal_connect (native, "response", G_CALLBACK (native_response_cb), task);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/**
 * flt_choose_file_finish:
 *
 * Returns: (transfer full): the chosen file, or %NULL with
 *   %G_IO_ERROR_CANCELLED when the chooser was dismissed
 */
GFile *
flt_choose_file_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
