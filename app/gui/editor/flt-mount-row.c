/* flt-mount-row.c: one volume of a service: a bind mount, a named or an
 * anonymous volume
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bind mount's host folder is shown as written ("./code") and, under the
 * row, where that is on this computer; a folder that does not exist is
 * looked up off the main thread and reported as a warning.  A named volume
 * is picked from the project's top-level volumes.  Short-syntax entries are
 * written back whole ("./code:/code:ro"), long-syntax ones key by key.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-mount-row.h"
#include "flt-short-syntax.h"

struct _FltMountRow
{
  FltListRow      parent_instance;

  /* Template widgets */
  GtkImage       *kind_icon;
  GtkLabel       *source_caption;
  GtkStack       *source_stack;
  GtkEntry       *host_path;
  GtkWidget      *choose_button;
  GtkDropDown    *volume_name;
  GtkStringList  *volume_names;
  GtkLabel       *kind_label;
  GtkEntry       *target;
  GtkSwitch      *read_only;
  GtkWidget      *remove_button;
  GtkWidget      *syntax_label;
  GtkBox         *message_box;

  /* Owned references */
  GStrv           declared;          /* the project's top-level volumes */
  GCancellable   *lookup;            /* the host folder being looked up */
  char           *looked_up;         /* ... and its path */
  gboolean        folder_missing;

  /* The entry as the file writes it */
  FltMountType    kind;
  gboolean        long_syntax;
  char           *source;
  char           *target_text;
  char           *mode;              /* short syntax */
  gboolean        synced_read_only;
  gboolean        read_only_written; /* long syntax: the read_only key is there */
  gboolean        create_host_path;
  gboolean        can_be_read_only;
  int             shown_kind;        /* what show_kind() shows, -1 at first */
};

G_DEFINE_FINAL_TYPE (FltMountRow, flt_mount_row, FLT_TYPE_LIST_ROW)

static const char *
field_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static const char *
selected_volume (FltMountRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->volume_name);

  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->volume_names, selected);
}

static gboolean
is_declared (FltMountRow *self,
             const char  *name)
{
  return self->declared != NULL && name != NULL &&
         g_strv_contains ((const char * const *) self->declared, name);
}

/* The drop-down offers the declared volumes, and the entry's own name
 * when it is not one of them, so the row shows what the file says. */
static void
update_volume_names (FltMountRow *self,
                     const char  *current)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->volume_names));
  gboolean same = TRUE;
  guint index = GTK_INVALID_LIST_POSITION;

  if (self->declared != NULL)
    g_strv_builder_addv (builder, (const char **) self->declared);
  if (current != NULL && !is_declared (self, current))
    g_strv_builder_add (builder, current);
  names = g_strv_builder_end (builder);

  same = g_strv_length (names) == n;
  for (guint i = 0; same && names[i] != NULL; i++)
    same = g_str_equal (names[i], gtk_string_list_get_string (self->volume_names, i));

  flt_list_row_freeze_updates (FLT_LIST_ROW (self));
  if (!same)
    gtk_string_list_splice (self->volume_names, 0, n, (const char * const *) names);
  for (guint i = 0; current != NULL && names[i] != NULL; i++)
    if (g_str_equal (names[i], current))
      index = i;
  if (index == GTK_INVALID_LIST_POSITION && current == NULL && names[0] != NULL)
    index = gtk_drop_down_get_selected (self->volume_name) != GTK_INVALID_LIST_POSITION
            ? gtk_drop_down_get_selected (self->volume_name) : 0;
  if (gtk_drop_down_get_selected (self->volume_name) != index)
    gtk_drop_down_set_selected (self->volume_name, index);
  flt_list_row_thaw_updates (FLT_LIST_ROW (self));
}

static void
show_kind (FltMountRow *self)
{
  int shown = (int) self->kind * 4 + self->long_syntax * 2 + flt_list_row_get_locked (FLT_LIST_ROW (self));

  if (shown == self->shown_kind)
    return;
  self->shown_kind = shown;

  const char *icon = "drive-harddisk-symbolic";
  const char *page = "none";
  /* Translators: what a volume mounts: a folder on the host or a volume’s name */
  const char *caption = _("Source");
  const char *label = NULL;
  gboolean can_be_read_only = TRUE;

  switch (self->kind)
    {
    case FLT_MOUNT_BIND:
      icon = "folder-symbolic";
      page = "bind";
      caption = _("Folder on This Computer");
      break;
    case FLT_MOUNT_VOLUME:
      page = "volume";
      caption = _("Named Volume");
      break;
    case FLT_MOUNT_ANONYMOUS:
      icon = "drive-removable-media-symbolic";
      label = _("Anonymous volume");
      /* "/data:ro" would read as a volume named /data mounted at "ro". */
      can_be_read_only = self->long_syntax;
      break;
    case FLT_MOUNT_TMPFS:
      icon = "drive-harddisk-solidstate-symbolic";
      label = _("In memory (tmpfs)");
      break;
    case FLT_MOUNT_NPIPE:
      label = _("Named pipe");
      break;
    case FLT_MOUNT_CLUSTER:
    default:
      label = _("Cluster volume");
      break;
    }

  gtk_image_set_from_icon_name (self->kind_icon, icon);
  gtk_label_set_text (self->source_caption, caption);
  gtk_stack_set_visible_child_name (self->source_stack, page);
  gtk_label_set_text (self->kind_label, label ? label : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_label),
                               self->kind == FLT_MOUNT_ANONYMOUS
                               ? _("A volume without a name: each new container gets an empty one")
                               : NULL);
  self->can_be_read_only = can_be_read_only;
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_only), can_be_read_only && !flt_list_row_get_locked (FLT_LIST_ROW (self)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->read_only),
                               can_be_read_only
                               ? _("Mount it read-only: the container cannot change what is in it")
                               : _("An anonymous volume written as a path alone cannot be read-only; "
                                   "write it in the long syntax (type: volume, target:, read_only: true) to make it so"));
  gtk_widget_set_visible (self->syntax_label, self->long_syntax);
}

static void
folder_looked_up_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FltMountRow) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (source));

  info = g_file_query_info_finish (G_FILE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_strcmp0 (path, self->looked_up) != 0)
    return;
  g_clear_object (&self->lookup);
  self->folder_missing = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  flt_list_row_check (FLT_LIST_ROW (self));
}

/* Stat() may hang on a network folder: never on the main thread. */
static void
look_up_folder (FltMountRow *self,
                const char  *path)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (path, self->looked_up) == 0)
    return;
  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  g_free (self->looked_up);
  self->looked_up = g_strdup (path);
  self->folder_missing = FALSE;
  if (path == NULL)
    return;

  self->lookup = g_cancellable_new ();
  file = g_file_new_for_path (path);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->lookup, folder_looked_up_cb, g_object_ref (self));
}

static void
append_line (GString    *s,
             const char *line)
{
  if (s->len > 0)
    g_string_append_c (s, '\n');
  g_string_append (s, line);
}

static gboolean
flt_mount_row_check (FltListRow *row)
{
  FltMountRow *self = FLT_MOUNT_ROW (row);
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autofree char *warning = NULL;
  g_autofree char *info = NULL;
  g_autofree char *host_folder = NULL;
  const char *target = field_text (self->target);
  g_autofree char *target_value = flt_list_row_resolve (FLT_LIST_ROW (self), target);
  gboolean untouched = flt_list_row_get_draft (row) && !flt_list_row_get_dirty (row);
  gboolean source_ok = TRUE, target_ok = TRUE;

  if (self->kind == FLT_MOUNT_BIND)
    {
      const char *written = field_text (self->host_path);
      g_autofree char *value = flt_list_row_resolve (FLT_LIST_ROW (self), written);

      if (*value == '\0')
        {
          source_ok = FALSE;
          if (!untouched)
            append_line (errors, _("Enter the folder on this computer to mount, or choose one"));
        }
      else
        {
          host_folder = flt_resolve_host_path (value, flt_list_row_get_project_dir (FLT_LIST_ROW (self)));
          if (!g_str_equal (host_folder, written))
            info = g_strdup_printf (_("On this computer: %s"), host_folder);
        }
      look_up_folder (self, host_folder);
      if (self->folder_missing && host_folder != NULL)
        warning = self->create_host_path || !self->long_syntax
                  ? g_strdup_printf (_("The folder %s does not exist yet; Docker will create it, "
                                       "empty and owned by root, when the service starts"), host_folder)
                  : g_strdup_printf (_("The folder %s does not exist, so the service will not start; "
                                       "create it, or set create_host_path: true"), host_folder);
      flt_list_row_mark_field (GTK_WIDGET (self->host_path), !source_ok && !untouched);
    }
  else if (self->kind == FLT_MOUNT_VOLUME)
    {
      const char *name = selected_volume (self);

      if (name == NULL)
        {
          source_ok = FALSE;
          append_line (errors, _("The project declares no volumes: add one under the top-level volumes: key first"));
        }
      else if (!is_declared (self, name) && !flt_interpolate_has_references (name) &&
               !flt_list_row_has_diagnostic (row, FLT_DIAGNOSTIC_UNDECLARED_VOLUME))
        warning = g_strdup_printf (_("The volume “%s” is not declared under the top-level volumes: key; "
                                     "declare it there, or pick a declared one"), name);
      flt_list_row_mark_field (GTK_WIDGET (self->volume_name), !source_ok);
    }

  if (*target == '\0')
    {
      target_ok = FALSE;
      if (!untouched)
        append_line (errors, _("Enter the path in the container, like /data"));
    }
  else if (target_value[0] != '/' && !(g_ascii_isalpha (target_value[0]) && target_value[1] == ':'))
    {
      g_autofree char *line = g_strdup_printf (_("The path in the container must be absolute, like /data; "
                                                 "“%s” is not"), target_value);

      target_ok = FALSE;
      append_line (errors, line);
    }
  flt_list_row_mark_field (GTK_WIDGET (self->target), !target_ok && !untouched);

  flt_list_row_set_message (row, FLT_ROW_MESSAGE_CHECK, errors->str);
  flt_list_row_set_message (row, FLT_ROW_MESSAGE_WARNING, warning);
  flt_list_row_set_message (row, FLT_ROW_MESSAGE_INFO, info);

  return source_ok && target_ok;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

static gboolean
set_or_remove_key (FltDocument  *document,
                   const char   *path,
                   const char   *key,
                   const char   *value,
                   const char   *old_value,
                   GError      **error)
{
  g_autofree char *key_path = flt_path_append_key (path, key);

  if (same_text (value, old_value))
    return TRUE;
  if (value == NULL || *value == '\0')
    return flt_document_remove (document, key_path, error);
  return flt_document_set_value (document, key_path, value, FLT_EDIT_NONE, error);
}

static const char *
source_to_write (FltMountRow *self)
{
  switch (self->kind)
    {
    case FLT_MOUNT_BIND:
      return field_text (self->host_path);
    case FLT_MOUNT_VOLUME:
      return selected_volume (self);
    case FLT_MOUNT_ANONYMOUS:
    case FLT_MOUNT_TMPFS:
    case FLT_MOUNT_NPIPE:
    case FLT_MOUNT_CLUSTER:
    default:
      return self->source;
    }
}

static gboolean
flt_mount_row_apply (FltListRow   *row,
                     FltDocument  *document,
                     const char   *path,
                     GError      **error)
{
  FltMountRow *self = FLT_MOUNT_ROW (row);
  const char *source = source_to_write (self);
  const char *target = field_text (self->target);
  gboolean read_only = gtk_switch_get_active (self->read_only);
  g_autofree char *mode = NULL;
  g_autofree char *text = NULL;
  FltMountFields fields;

  if (self->long_syntax && !flt_list_row_get_draft (row))
    {
      g_autofree char *read_only_path = flt_path_append_key (path, "read_only");

      if (!set_or_remove_key (document, path, "source", source, self->source, error) ||
          !set_or_remove_key (document, path, "target", target, self->target_text, error))
        return FALSE;
      if (read_only == self->synced_read_only || (!read_only && !self->read_only_written))
        return TRUE;
      return flt_document_set_value (document, read_only_path, read_only ? "true" : "false",
                                     FLT_EDIT_NONE, error);
    }

  mode = read_only != self->synced_read_only ? flt_mount_mode_set_read_only (self->mode, read_only)
                                             : g_strdup (self->mode);
  fields.source = (char *) (self->kind == FLT_MOUNT_ANONYMOUS ? NULL : source);
  fields.target = (char *) target;
  fields.mode = mode;
  text = flt_mount_fields_join (&fields);

  if (flt_list_row_get_draft (row))
    return flt_document_add_item (document, path, text, FLT_EDIT_NONE, error);
  if (same_text (fields.source, self->source) && same_text (target, self->target_text) &&
      same_text (mode, self->mode))
    return TRUE;
  return flt_document_set_value (document, path, text, FLT_EDIT_NONE, error);
}

static void
flt_mount_row_show_synced (FltListRow *row)
{
  FltMountRow *self = FLT_MOUNT_ROW (row);

  show_kind (self);
  if (self->kind == FLT_MOUNT_BIND)
    flt_list_row_set_text (row, GTK_EDITABLE (self->host_path), self->source);
  else if (self->kind == FLT_MOUNT_VOLUME)
    update_volume_names (self, self->source);
  flt_list_row_set_text (row, GTK_EDITABLE (self->target), self->target_text);
  if (gtk_switch_get_active (self->read_only) != self->synced_read_only)
    {
      flt_list_row_freeze_updates (row);
      gtk_switch_set_active (self->read_only, self->synced_read_only);
      flt_list_row_thaw_updates (row);
    }
}

static void
flt_mount_row_set_editable (FltListRow *row,
                            gboolean    editable)
{
  FltMountRow *self = FLT_MOUNT_ROW (row);

  gtk_editable_set_editable (GTK_EDITABLE (self->host_path), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->target), editable);
  gtk_widget_set_sensitive (self->choose_button, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->volume_name), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_only), editable && self->can_be_read_only);
}

static void
flt_mount_row_focus_first (FltListRow *row)
{
  FltMountRow *self = FLT_MOUNT_ROW (row);

  if (self->kind == FLT_MOUNT_BIND)
    gtk_widget_grab_focus (GTK_WIDGET (self->host_path));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->target));
}

static void
folder_chosen (FltMountRow *self,
               GFile       *folder)
{
  const char *project_dir = flt_list_row_get_project_dir (FLT_LIST_ROW (self));
  g_autoptr(GFile) project = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *text = NULL;

  if (project_dir != NULL)
    {
      project = g_file_new_for_path (project_dir);
      relative = g_file_get_relative_path (project, folder);
    }
  /* Paths inside the project stay relative, so the project can move. */
  if (project != NULL && g_file_equal (project, folder))
    text = g_strdup (".");
  else if (relative != NULL)
    text = g_strconcat ("." G_DIR_SEPARATOR_S, relative, NULL);
  else
    text = g_file_get_path (folder);

  if (text == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->host_path), text);
  flt_list_row_request_commit (FLT_LIST_ROW (self));
}

static GFile *
initial_folder (FltMountRow *self)
{
  const char *project_dir = flt_list_row_get_project_dir (FLT_LIST_ROW (self));
  g_autofree char *value = flt_list_row_resolve (FLT_LIST_ROW (self), field_text (self->host_path));

  if (*value != '\0' && !self->folder_missing)
    {
      g_autofree char *path = flt_resolve_host_path (value, project_dir);

      return g_file_new_for_path (path);
    }
  return project_dir != NULL ? g_file_new_for_path (project_dir) : NULL;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
folder_selected_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FltMountRow) self = user_data;
  g_autoptr(GFile) folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (folder != NULL)
    folder_chosen (self, folder);
}

static void
choose_clicked_cb (FltMountRow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GFile) folder = initial_folder (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_file_dialog_set_title (dialog, _("Folder to Mount"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_select_folder (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                                 folder_selected_cb, g_object_ref (self));
}
#else
static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     FltMountRow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        folder_chosen (self, folder);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
choose_clicked_cb (FltMountRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GFile) folder = initial_folder (self);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Folder to Mount"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
#endif

static void
value_changed_cb (FltMountRow *self)
{
  flt_list_row_value_changed (FLT_LIST_ROW (self));
}

static void
flt_mount_row_dispose (GObject *object)
{
  FltMountRow *self = FLT_MOUNT_ROW (object);

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_MOUNT_ROW);

  G_OBJECT_CLASS (flt_mount_row_parent_class)->dispose (object);
}

static void
flt_mount_row_finalize (GObject *object)
{
  FltMountRow *self = FLT_MOUNT_ROW (object);

  g_strfreev (self->declared);
  g_free (self->looked_up);
  g_free (self->source);
  g_free (self->target_text);
  g_free (self->mode);

  G_OBJECT_CLASS (flt_mount_row_parent_class)->finalize (object);
}

static void
flt_mount_row_class_init (FltMountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FltListRowClass *row_class = FLT_LIST_ROW_CLASS (klass);

  object_class->dispose = flt_mount_row_dispose;
  object_class->finalize = flt_mount_row_finalize;

  row_class->check = flt_mount_row_check;
  row_class->apply = flt_mount_row_apply;
  row_class->show_synced = flt_mount_row_show_synced;
  row_class->set_editable = flt_mount_row_set_editable;
  row_class->focus_first = flt_mount_row_focus_first;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-mount-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, source_caption);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, source_stack);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, host_path);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, volume_name);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, volume_names);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, target);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, read_only);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, syntax_label);
  gtk_widget_class_bind_template_child (widget_class, FltMountRow, message_box);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
flt_mount_row_init (FltMountRow *self)
{
  FltListRow *row = FLT_LIST_ROW (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown_kind = -1;

  flt_list_row_set_message_box (row, self->message_box);
  flt_list_row_set_remove_button (row, self->remove_button);
  flt_list_row_watch_editable (row, GTK_EDITABLE (self->host_path));
  flt_list_row_watch_editable (row, GTK_EDITABLE (self->target));
  g_signal_connect_object (self->volume_name, "notify::selected",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->read_only, "notify::active",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * flt_mount_row_new:
 * @kind: what the row mounts; a draft keeps it
 */
FltMountRow *
flt_mount_row_new (FltMountType kind)
{
  FltMountRow *self = g_object_new (FLT_TYPE_MOUNT_ROW, NULL);

  self->kind = kind;
  show_kind (self);
  if (kind == FLT_MOUNT_VOLUME)
    update_volume_names (self, NULL);
  return self;
}

/**
 * flt_mount_row_set_context:
 * @environment: (nullable): the project's variables
 * @project_dir: (nullable): what relative host paths start from
 * @declared_volumes: (nullable): the project's top-level volumes
 */
void
flt_mount_row_set_context (FltMountRow        *self,
                           FltEnvironment     *environment,
                           const char         *project_dir,
                           const char * const *declared_volumes)
{
  g_return_if_fail (FLT_IS_MOUNT_ROW (self));

  flt_list_row_set_environment (FLT_LIST_ROW (self), environment, project_dir);
  g_strfreev (self->declared);
  self->declared = g_strdupv ((char **) declared_volumes);
  if (self->kind == FLT_MOUNT_VOLUME)
    {
      g_autofree char *current = g_strdup (flt_list_row_get_dirty (FLT_LIST_ROW (self)) || self->source == NULL
                                           ? selected_volume (self) : self->source);

      update_volume_names (self, current);
    }
}

/**
 * flt_mount_row_update:
 * @path: the entry's path, e.g. `services.web.volumes[0]`
 * @item: the entry in the project's resolved tree
 * @mount: (nullable): what the model made of it; %NULL when it is invalid
 *
 * Shows the entry as written in the file.
 */
void
flt_mount_row_update (FltMountRow    *self,
                      const char     *path,
                      const FltNode  *item,
                      const FltMount *mount)
{
  FltListRow *row = FLT_LIST_ROW (self);
  g_autofree char *raw = NULL;
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;
  g_autofree char *mode = NULL;
  gboolean read_only = FALSE;
  gboolean read_only_written = FALSE;
  gboolean long_syntax = flt_node_is_mapping (item);
  FltMountType kind;

  g_return_if_fail (FLT_IS_MOUNT_ROW (self));

  if (long_syntax)
    {
      g_autofree char *type = flt_written_value (flt_node_lookup (item, "type"));
      const FltNode *read_only_node = flt_node_lookup (item, "read_only");

      source = flt_written_value (flt_node_lookup (item, "source"));
      target = flt_written_value (flt_node_lookup (item, "target"));
      read_only_written = read_only_node != NULL;
      flt_node_get_bool (read_only_node, &read_only);
      if (g_strcmp0 (type, "bind") == 0)
        kind = FLT_MOUNT_BIND;
      else if (g_strcmp0 (type, "tmpfs") == 0)
        kind = FLT_MOUNT_TMPFS;
      else if (g_strcmp0 (type, "npipe") == 0)
        kind = FLT_MOUNT_NPIPE;
      else if (g_strcmp0 (type, "volume") == 0 || type == NULL)
        kind = source != NULL ? FLT_MOUNT_VOLUME : FLT_MOUNT_ANONYMOUS;
      else
        kind = FLT_MOUNT_CLUSTER;
      raw = g_strdup_printf ("type=%s source=%s target=%s read_only=%s",
                             type, source, target, read_only_written ? (read_only ? "true" : "false") : "");
    }
  else
    {
      FltMountFields fields;

      raw = flt_written_value (item);
      flt_mount_fields_split (raw, &fields);
      source = g_steal_pointer (&fields.source);
      target = g_steal_pointer (&fields.target);
      mode = g_steal_pointer (&fields.mode);
      flt_mount_fields_clear (&fields);
      read_only = flt_mount_mode_is_read_only (mode);
      if (source == NULL)
        kind = FLT_MOUNT_ANONYMOUS;
      else if (mount != NULL)
        kind = mount->type;
      else
        kind = flt_mount_source_is_path (source) ? FLT_MOUNT_BIND : FLT_MOUNT_VOLUME;
    }

  flt_list_row_sync_begin (row, path, raw);
  self->kind = kind;
  self->long_syntax = long_syntax;
  g_free (self->source);
  self->source = g_steal_pointer (&source);
  g_free (self->target_text);
  self->target_text = g_steal_pointer (&target);
  g_free (self->mode);
  self->mode = g_steal_pointer (&mode);
  self->synced_read_only = read_only;
  self->read_only_written = read_only_written;
  self->create_host_path = mount != NULL ? mount->create_host_path : !long_syntax;
  flt_list_row_sync_end (row);
}

FltMountType
flt_mount_row_get_kind (FltMountRow *self)
{
  g_return_val_if_fail (FLT_IS_MOUNT_ROW (self), FLT_MOUNT_BIND);

  return self->kind;
}

gboolean
flt_mount_row_get_long_syntax (FltMountRow *self)
{
  g_return_val_if_fail (FLT_IS_MOUNT_ROW (self), FALSE);

  return self->long_syntax;
}

/**
 * flt_mount_row_get_host_path:
 *
 * Returns: (transfer none): the host folder's entry (bind mounts)
 */
GtkEditable *
flt_mount_row_get_host_path (FltMountRow *self)
{
  g_return_val_if_fail (FLT_IS_MOUNT_ROW (self), NULL);

  return GTK_EDITABLE (self->host_path);
}

/**
 * flt_mount_row_get_target:
 *
 * Returns: (transfer none): the container path's entry
 */
GtkEditable *
flt_mount_row_get_target (FltMountRow *self)
{
  g_return_val_if_fail (FLT_IS_MOUNT_ROW (self), NULL);

  return GTK_EDITABLE (self->target);
}

/**
 * flt_mount_row_get_volume:
 *
 * Returns: (transfer none): the named volume's drop-down
 */
GtkDropDown *
flt_mount_row_get_volume (FltMountRow *self)
{
  g_return_val_if_fail (FLT_IS_MOUNT_ROW (self), NULL);

  return self->volume_name;
}

/**
 * flt_mount_row_get_read_only:
 *
 * Returns: (transfer none): the read-only switch
 */
GtkSwitch *
flt_mount_row_get_read_only (FltMountRow *self)
{
  g_return_val_if_fail (FLT_IS_MOUNT_ROW (self), NULL);

  return self->read_only;
}

/* Whether the host folder's lookup is over (for tests). */
gboolean
flt_mount_row_get_folder_checked (FltMountRow *self)
{
  g_return_val_if_fail (FLT_IS_MOUNT_ROW (self), FALSE);

  return self->lookup == NULL;
}
