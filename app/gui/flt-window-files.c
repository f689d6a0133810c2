/* flt-window-files.c: opening, saving, reloading and closing
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here loses data: saves are atomic (the core writes a temporary
 * file and renames it), a file someone else changed is never overwritten
 * without asking, reloading is undoable, and closing with unsaved edits
 * asks first.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-file-chooser.h"
#include "flt-text.h"
#include "flt-window-private.h"

#define FLT_RECENT_FILES_MAX 10

/* What File → New starts from: one service a person can run at once. */
static const char new_project_text[] =
  "services:\n"
  "  web:\n"
  "    image: nginx:alpine\n"
  "    ports:\n"
  "      - \"8080:80\"\n";

static GtkWindow *
find_window_for (FltWindow *self,
                 GFile     *file)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application == NULL)
    return NULL;
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (FLT_IS_WINDOW (l->data) && FLT_WINDOW (l->data)->file != NULL &&
        g_file_equal (FLT_WINDOW (l->data)->file, file))
      return l->data;
  return NULL;
}

/* One project per window: a file goes into this window only when it is
 * empty, and a file already open is brought forward instead. */
static FltWindow *
window_for_opening (FltWindow *self,
                    GFile     *file)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GtkWindow *existing = file ? find_window_for (self, file) : NULL;
  FltWindow *window;

  if (existing != NULL)
    {
      gtk_window_present (existing);
      return NULL;
    }
  if (flt_window_is_empty (self) || application == NULL)
    return self;

  window = flt_window_new (application, self->settings);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
open_in_some_window (FltWindow *self,
                     GFile     *file)
{
  FltWindow *window = window_for_opening (self, file);

  if (window != NULL)
    flt_window_open (window, file);
}

/* Loading */

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FltWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FltWorkspace) workspace = flt_workspace_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _flt_window_set_loading (self, FALSE);
  if (workspace == NULL)
    {
      g_autofree char *message = flt_text_sentence (error->message);

      adw_status_page_set_description (self->error_page, message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      _flt_window_update_actions (self);
      return;
    }
  _flt_window_set_workspace (self, workspace);
}

/**
 * flt_window_open:
 * @file: the compose file to open in this window
 *
 * Loads in the background; #FltWindow:loading is set meanwhile, and a file
 * that cannot be read shows why instead of the project.
 */
void
flt_window_open (FltWindow *self,
                 GFile     *file)
{
  g_return_if_fail (FLT_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  _flt_window_set_loading (self, TRUE);
  flt_workspace_load_async (file, NULL, self->cancellable, loaded_cb, g_object_ref (self));
}

/**
 * flt_window_new_document:
 *
 * Starts an unsaved project from a small template in this window; saving
 * it asks where.
 */
void
flt_window_new_document (FltWindow *self)
{
  g_autoptr(FltDocument) document = NULL;
  g_autoptr(FltWorkspace) workspace = NULL;

  g_return_if_fail (FLT_IS_WINDOW (self));

  /* Translators: the name of a new compose file before it is saved */
  document = flt_document_new (new_project_text, -1, _("Untitled"));
  workspace = flt_workspace_new (document, NULL);
  _flt_window_set_workspace (self, workspace);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  FltWindow *window = window_for_opening (self, NULL);

  flt_window_new_document (window);
}

static void
open_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FltWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = flt_choose_file_finish (result, &error);

  if (file != NULL)
    open_in_some_window (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = flt_compose_file_filter_new ();
  g_autoptr(GFile) folder = self->file ? g_file_get_parent (self->file) : NULL;

  flt_choose_file_async (GTK_WINDOW (self), FLT_CHOOSE_OPEN, _("Open a Compose File"),
                         folder, NULL, filter, self->cancellable, open_chosen_cb,
                         g_object_ref (self));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  open_in_some_window (self, file);
}

/* Recent files */

static char *
dup_folder_name (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  const char *home = g_get_home_dir ();
  const char *path;

  if (parent == NULL)
    return NULL;
  path = g_file_peek_path (parent);
  if (path == NULL)
    return g_file_get_parse_name (parent);
  if (home != NULL && g_str_has_prefix (path, home) && strcmp (home, "/") != 0)
    {
      const char *rest = path + strlen (home);

      if (*rest == '\0')
        return g_strdup ("~");
      if (*rest == G_DIR_SEPARATOR)
        return g_strconcat ("~", rest, NULL);
    }
  return g_filename_display_name (path);
}

static void
rebuild_recent_menu (FltWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_menu);
  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-files");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (recent[i]);
      g_autofree char *base = g_file_get_basename (file);
      g_autofree char *folder = dup_folder_name (file);
      /* Translators: a recent file: its name, then its folder, e.g. "compose.yaml — ~/src/shop" */
      g_autofree char *label = g_strdup_printf (_("%s — %s"), base, folder ? folder : "");
      g_autoptr(GMenuItem) item = NULL;

      /* Underscores in names are not mnemonics. */
      g_autofree char *escaped = NULL;
      g_auto(GStrv) parts = g_strsplit (label, "_", -1);

      escaped = g_strjoinv ("__", parts);
      item = g_menu_item_new (escaped, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
    }
}

void
_flt_window_remember_file (FltWindow *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  g_auto(GStrv) updated = NULL;
  g_autofree char *uri = NULL;
  guint n = 1;

  if (self->file == NULL)
    return;

  uri = g_file_get_uri (self->file);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-files");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, uri);
  for (guint i = 0; recent[i] != NULL && n < FLT_RECENT_FILES_MAX; i++)
    {
      if (g_strcmp0 (recent[i], uri) == 0)
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) updated);
}

/* Saving */

typedef struct
{
  GFile   *file;       /* NULL: the document's own */
  gboolean force;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void save_now (GTask *task);

static void
overwrite_response_cb (gpointer    user_data,
                       const char *response)
{
  GTask *task = user_data;
  FltWindow *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);

  if (g_strcmp0 (response, "overwrite") == 0)
    {
      data->force = TRUE;
      save_now (task);
    }
  else
    {
      if (g_strcmp0 (response, "reload") == 0)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Not saved"));
    }
}

static void
ask_overwrite (FltWindow *self,
               GTask     *task,
               GError    *error)
{
  g_autofree char *body = flt_text_sentence (error->message);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("File Changed on Disk"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reload", _("_Reload"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  _flt_window_ask (self, dialog, overwrite_response_cb, g_object_ref (task), g_object_unref);
}

/* A failed save stays on screen, with what to do, until it is dismissed
 * or a save works: until then the edits are only in the window. */
static void
show_save_error (FltWindow    *self,
                 const GError *error)
{
  g_free (self->save_error);
  self->save_error = flt_text_sentence (error->message);
  gtk_label_set_label (self->save_banner_label, self->save_error);
  gtk_revealer_set_reveal_child (self->save_banner, TRUE);
}

static void
clear_save_error (FltWindow *self)
{
  gtk_revealer_set_reveal_child (self->save_banner, FALSE);
  g_clear_pointer (&self->save_error, g_free);
}

static void
dismiss_save_error_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (FLT_WINDOW (widget)->save_banner, FALSE);
}

/**
 * _flt_window_get_save_error:
 *
 * Returns: (nullable): why the last save failed, as the window says it,
 *   or %NULL when it worked
 */
const char *
_flt_window_get_save_error (FltWindow *self)
{
  return self->save_error;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FltWindow *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!flt_document_save_finish (FLT_DOCUMENT (object), result, &error))
    {
      if (g_error_matches (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_CHANGED_ON_DISK))
        {
          ask_overwrite (self, task, error);
          return;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_save_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  clear_save_error (self);

  if (data->file != NULL)
    {
      /* Saved somewhere new: that is this window's file from now on. */
      g_set_object (&self->file, data->file);
      _flt_window_watch_file (self);
      _flt_window_remember_file (self);
      _flt_window_engine_follow (self);
    }
  gtk_revealer_set_reveal_child (self->disk_banner, FALSE);
  _flt_window_update_title (self);
  g_task_return_boolean (task, TRUE);
}

static void
save_now (GTask *task)
{
  FltWindow *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);

  flt_document_save_async (flt_workspace_get_document (self->workspace), data->file,
                           data->force ? FLT_SAVE_FORCE : FLT_SAVE_NONE,
                           self->cancellable, saved_cb, g_object_ref (task));
}

static void
save_as_chosen_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->file = flt_choose_file_finish (result, &error);
  if (data->file == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  save_now (task);
}

/**
 * _flt_window_save_async:
 * @choose: ask where, as Save As does; a new document always asks
 */
void
_flt_window_save_async (FltWindow           *self,
                        gboolean             choose,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, user_data);
  FltDocument *document;

  g_task_set_source_tag (task, _flt_window_save_async);
  g_task_set_task_data (task, g_new0 (SaveData, 1), (GDestroyNotify) save_data_free);

  if (self->workspace == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is nothing to save"));
      return;
    }

  _flt_window_flush_edits (self);
  document = flt_workspace_get_document (self->workspace);
  if (choose || flt_document_get_path (document) == NULL)
    {
      g_autoptr(GtkFileFilter) filter = flt_compose_file_filter_new ();
      g_autoptr(GFile) folder = self->file ? g_file_get_parent (self->file) : NULL;
      const char *name = self->file ? NULL : "compose.yaml";
      g_autofree char *current = self->file ? g_file_get_basename (self->file) : NULL;

      flt_choose_file_async (GTK_WINDOW (self), FLT_CHOOSE_SAVE, _("Save the Compose File"),
                             folder, name ? name : current, filter, self->cancellable,
                             save_as_chosen_cb, g_steal_pointer (&task));
      return;
    }
  save_now (task);
}

gboolean
_flt_window_save_finish (FltWindow     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_action_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  _flt_window_save_finish (FLT_WINDOW (object), result, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _flt_window_save_async (FLT_WINDOW (widget), g_str_equal (action_name, "win.save-as"),
                          save_action_done_cb, NULL);
}

/* Changes made by other programs */

static void
disk_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FltWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  FltDocument *document;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    return;   /* deleted or unreadable: the document keeps what it has */
  if (self->workspace == NULL || self->file == NULL || !g_file_equal (G_FILE (object), self->file))
    return;

  document = flt_workspace_get_document (self->workspace);
  if (flt_document_is_saved_text (document, contents, length))
    {
      /* Our own save, or a change undone outside: nothing to offer. */
      gtk_revealer_set_reveal_child (self->disk_banner, FALSE);
      return;
    }

  g_free (self->disk_text);
  self->disk_text = g_steal_pointer (&contents);
  self->disk_length = length;
  gtk_revealer_set_reveal_child (self->disk_banner, TRUE);
}

static void
file_changed_cb (FltWindow         *self,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
      g_file_load_contents_async (self->file, self->cancellable, disk_loaded_cb, g_object_ref (self));
      break;
    default:
      break;
    }
}

void
_flt_window_watch_file (FltWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->file == NULL)
    return;

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Cannot watch %s: %s", g_file_peek_path (self->file), error->message);
      return;
    }
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (file_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);

  gtk_revealer_set_reveal_child (self->disk_banner, FALSE);
  if (self->workspace == NULL || self->disk_text == NULL)
    return;
  _flt_window_flush_edits (self);
  flt_document_reload_text (flt_workspace_get_document (self->workspace), self->disk_text,
                            self->disk_length);
  g_clear_pointer (&self->disk_text, g_free);
  _flt_window_toast (self, _("Reloaded; Undo brings your edits back"));
}

static void
keep_mine_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);

  gtk_revealer_set_reveal_child (self->disk_banner, FALSE);
}

/* Closing */

static void
closing_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FltWindow *self = FLT_WINDOW (object);

  if (_flt_window_save_finish (self, result, NULL))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
close_response_cb (gpointer    data,
                   const char *response)
{
  FltWindow *self = data;

  if (g_strcmp0 (response, "discard") == 0)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (g_strcmp0 (response, "save") == 0)
    _flt_window_save_async (self, FALSE, closing_saved_cb, NULL);
}

/**
 * _flt_window_confirm_close:
 *
 * Returns: %TRUE when the window may close now; otherwise it asks and
 *   closes itself once the user decides
 */
gboolean
_flt_window_confirm_close (FltWindow *self)
{
  FltDocument *document = self->workspace ? flt_workspace_get_document (self->workspace) : NULL;
  g_autofree char *body = NULL;
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  if (document == NULL || !flt_document_get_modified (document))
    return TRUE;

  name = _flt_window_dup_file_name (self);
  /* Translators: %s is the file's name */
  body = g_strdup_printf (_("%s has changes that are not saved. If you close without saving, they are lost."),
                          name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  _flt_window_ask (self, dialog, close_response_cb, self, NULL);
  return FALSE;
}

/* Drag and drop */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         FltWindow     *self)
{
  GSList *files;
  gboolean any;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  any = files != NULL;
  for (GSList *l = files; l != NULL; l = l->next)
    open_in_some_window (self, l->data);
  g_slist_free (files);
  return any;
}

void
_flt_window_files_init (FltWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-files",
                             G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);
}

void
_flt_window_class_files_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.keep-mine", NULL, keep_mine_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-save-error", NULL, dismiss_save_error_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new", NULL);
}
