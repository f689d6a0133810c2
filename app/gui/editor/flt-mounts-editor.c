/* flt-mounts-editor.c: the volumes of a service: bind mounts, named and
 * anonymous volumes
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One FltMountRow per entry of `services.<name>.volumes`; the rows get the
 * project's folder (for relative host paths) and its declared volumes (for
 * the named volumes' drop-downs) from here.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-mounts-editor.h"

struct _FltMountsEditor
{
  FltListEditor   parent_instance;

  /* Owned references */
  FltEnvironment *environment;
  char           *project_dir;
  GStrv           declared;
};

G_DEFINE_FINAL_TYPE (FltMountsEditor, flt_mounts_editor, FLT_TYPE_LIST_EDITOR)

static const FltNode *
volumes_node (FltService *service)
{
  const FltNode *node = service != NULL ? flt_service_get_field (service, "volumes") : NULL;

  return flt_node_is_sequence (node) ? node : NULL;
}

static FltListRow *
flt_mounts_editor_create_row (FltListEditor *editor)
{
  return FLT_LIST_ROW (flt_mount_row_new (FLT_MOUNT_BIND));
}

static void
flt_mounts_editor_prepare (FltListEditor *editor,
                           FltProject    *project,
                           FltService    *service)
{
  FltMountsEditor *self = FLT_MOUNTS_EDITOR (editor);
  GPtrArray *volumes = flt_project_get_volume_list (project);
  g_autoptr(GStrvBuilder) declared = g_strv_builder_new ();

  for (guint i = 0; i < volumes->len; i++)
    g_strv_builder_add (declared, flt_volume_get_key (g_ptr_array_index (volumes, i)));
  g_strfreev (self->declared);
  self->declared = g_strv_builder_end (declared);
  g_set_object (&self->environment, flt_project_get_environment (project));
  g_free (self->project_dir);
  self->project_dir = g_strdup (flt_project_get_working_dir (project));
}

static guint
flt_mounts_editor_get_n_entries (FltListEditor *editor,
                                 FltService    *service)
{
  const FltNode *volumes = volumes_node (service);

  return volumes != NULL ? volumes->n_items : 0;
}

static char *
flt_mounts_editor_dup_entry_path (FltListEditor *editor,
                                  FltService    *service,
                                  guint          index)
{
  g_autofree char *list_path = flt_list_editor_dup_list_path (editor);

  return flt_path_append_index (list_path, index);
}

static void
flt_mounts_editor_update_row (FltListEditor *editor,
                              FltListRow    *row,
                              FltProject    *project,
                              FltService    *service,
                              guint          index,
                              const char    *path)
{
  FltMountsEditor *self = FLT_MOUNTS_EDITOR (editor);
  GPtrArray *mounts = flt_service_get_volumes (service);
  const FltMount *mount = NULL;

  /* The model leaves invalid entries out: find this one by its path. */
  for (guint i = 0; i < mounts->len && mount == NULL; i++)
    if (g_strcmp0 (((FltMount *) g_ptr_array_index (mounts, i))->path, path) == 0)
      mount = g_ptr_array_index (mounts, i);

  flt_mount_row_set_context (FLT_MOUNT_ROW (row), self->environment, self->project_dir,
                             (const char * const *) self->declared);
  flt_mount_row_update (FLT_MOUNT_ROW (row), path, volumes_node (service)->items[index], mount);
}

/**
 * flt_mounts_editor_add:
 * @kind: %FLT_MOUNT_BIND, %FLT_MOUNT_VOLUME or %FLT_MOUNT_ANONYMOUS
 *
 * Shows an empty row of @kind after the others, with the focus in it.
 */
void
flt_mounts_editor_add (FltMountsEditor *self,
                       FltMountType     kind)
{
  FltMountRow *row;

  g_return_if_fail (FLT_IS_MOUNTS_EDITOR (self));

  row = flt_mount_row_new (kind);
  flt_mount_row_set_context (row, self->environment, self->project_dir,
                             (const char * const *) self->declared);
  flt_list_editor_append_draft (FLT_LIST_EDITOR (self), FLT_LIST_ROW (row));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  const char *kind = g_variant_get_string (parameter, NULL);

  if (g_str_equal (kind, "bind"))
    flt_mounts_editor_add (FLT_MOUNTS_EDITOR (widget), FLT_MOUNT_BIND);
  else if (g_str_equal (kind, "volume"))
    flt_mounts_editor_add (FLT_MOUNTS_EDITOR (widget), FLT_MOUNT_VOLUME);
  else
    flt_mounts_editor_add (FLT_MOUNTS_EDITOR (widget), FLT_MOUNT_ANONYMOUS);
}

static void
flt_mounts_editor_dispose (GObject *object)
{
  FltMountsEditor *self = FLT_MOUNTS_EDITOR (object);

  g_clear_object (&self->environment);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_MOUNTS_EDITOR);

  G_OBJECT_CLASS (flt_mounts_editor_parent_class)->dispose (object);
}

static void
flt_mounts_editor_finalize (GObject *object)
{
  FltMountsEditor *self = FLT_MOUNTS_EDITOR (object);

  g_free (self->project_dir);
  g_strfreev (self->declared);

  G_OBJECT_CLASS (flt_mounts_editor_parent_class)->finalize (object);
}

static void
flt_mounts_editor_class_init (FltMountsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FltListEditorClass *editor_class = FLT_LIST_EDITOR_CLASS (klass);

  object_class->dispose = flt_mounts_editor_dispose;
  object_class->finalize = flt_mounts_editor_finalize;

  editor_class->list_key = "volumes";
  editor_class->add_action = "volumes.add";
  editor_class->create_row = flt_mounts_editor_create_row;
  editor_class->prepare = flt_mounts_editor_prepare;
  editor_class->get_n_entries = flt_mounts_editor_get_n_entries;
  editor_class->dup_entry_path = flt_mounts_editor_dup_entry_path;
  editor_class->update_row = flt_mounts_editor_update_row;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-mounts-editor.ui");
  gtk_widget_class_install_action (widget_class, "volumes.add", "s", add_action);
}

static void
flt_mounts_editor_init (FltMountsEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  flt_list_editor_set_placeholder_text (FLT_LIST_EDITOR (self),
                                        _("Nothing is mounted: what the service writes is lost "
                                          "when its container is removed"));
}

GtkWidget *
flt_mounts_editor_new (void)
{
  return g_object_new (FLT_TYPE_MOUNTS_EDITOR, NULL);
}

/**
 * flt_mounts_editor_set_service:
 * @workspace: (nullable): the open file; %NULL unbinds the editor
 * @service_name: (nullable): the service whose volumes to show
 *
 * Shows and edits `services.<service_name>.volumes` of @workspace,
 * following its project as it changes.
 */
void
flt_mounts_editor_set_service (FltMountsEditor *self,
                               FltWorkspace    *workspace,
                               const char      *service_name)
{
  g_return_if_fail (FLT_IS_MOUNTS_EDITOR (self));

  flt_list_editor_set_service (FLT_LIST_EDITOR (self), workspace, service_name);
}
