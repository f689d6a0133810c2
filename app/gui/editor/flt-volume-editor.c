/* flt-volume-editor.c: the form of one top-level volume
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits `volumes.<key>` through FltForm, as the service form does: each
 * field is a minimal patch of the file and one undo step.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-form.h"
#include "flt-mapping-editor.h"
#include "flt-volume-editor.h"

struct _FltVolumeEditor
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *problems_group;
  GtkListBox          *problems_list;
  AdwPreferencesGroup *general_group;
  AdwEntryRow         *driver_row;
  AdwEntryRow         *name_row;
  AdwActionRow        *external_row;
  GtkSwitch           *external_switch;
  FltMappingEditor    *driver_opts_editor;
  FltMappingEditor    *labels_editor;

  /* Owned references */
  FltForm             *form;
  char                *name;
};

G_DEFINE_FINAL_TYPE (FltVolumeEditor, flt_volume_editor, ADW_TYPE_BIN)

static void
flt_volume_editor_refresh_cb (FltVolumeEditor *self)
{
  FltFormState state = flt_form_get_state (self->form);
  g_autofree char *description = NULL;

  switch (state)
    {
    case FLT_FORM_EMPTY:
      adw_status_page_set_title (self->empty_page, _("No Volume Selected"));
      adw_status_page_set_description (self->empty_page, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;

    case FLT_FORM_MISSING:
      /* Translators: %s is a volume's key in the compose file. */
      description = g_strdup_printf (_("The file has no volume “%s” any more. It was removed "
                                       "or renamed; choose a volume from the list."),
                                     self->name);
      adw_status_page_set_title (self->empty_page, _("Volume Not Found"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;

    case FLT_FORM_SYNTAX_ERROR:
    case FLT_FORM_READY:
    default:
      break;
    }

  gtk_stack_set_visible_child_name (self->stack, "form");
  adw_preferences_page_set_title (self->page, self->name);
  adw_preferences_group_set_title (self->general_group, self->name);
  gtk_widget_set_sensitive (GTK_WIDGET (self->general_group), state == FLT_FORM_READY);
  gtk_widget_set_sensitive (GTK_WIDGET (self->driver_opts_editor), state == FLT_FORM_READY);
  gtk_widget_set_sensitive (GTK_WIDGET (self->labels_editor), state == FLT_FORM_READY);
}

/**
 * flt_volume_editor_set_volume:
 * @workspace: (nullable): the open file
 * @name: (nullable): the volume's key under `volumes`
 */
void
flt_volume_editor_set_volume (FltVolumeEditor *self,
                              FltWorkspace    *workspace,
                              const char      *name)
{
  g_autofree char *base = NULL;

  g_return_if_fail (FLT_IS_VOLUME_EDITOR (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (workspace != NULL && name != NULL)
    base = flt_path_append_key ("volumes", name);

  flt_form_flush (self->form);
  g_free (self->name);
  self->name = g_strdup (name);
  flt_form_set_target (self->form, workspace, base);
}

const char *
flt_volume_editor_get_volume_name (FltVolumeEditor *self)
{
  g_return_val_if_fail (FLT_IS_VOLUME_EDITOR (self), NULL);

  return self->name;
}

static void
flt_volume_editor_dispose (GObject *object)
{
  FltVolumeEditor *self = FLT_VOLUME_EDITOR (object);

  if (self->form != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->form, self);
      flt_form_detach (self->form);
    }

  /* The stack is both AdwBin's child and a template child: AdwBin lets go
   * of it first, so that it is unparented once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_VOLUME_EDITOR);

  g_clear_object (&self->form);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (flt_volume_editor_parent_class)->dispose (object);
}

static void
flt_volume_editor_class_init (FltVolumeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_volume_editor_dispose;

  g_type_ensure (FLT_TYPE_MAPPING_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-volume-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, page);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, problems_group);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, general_group);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, driver_row);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, external_row);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, external_switch);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, driver_opts_editor);
  gtk_widget_class_bind_template_child (widget_class, FltVolumeEditor, labels_editor);
}

static void
flt_volume_editor_init (FltVolumeEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->form = flt_form_new ();
  flt_form_set_problems (self->form, self->problems_group, self->problems_list);
  g_signal_connect_object (self->form, "refresh",
                           G_CALLBACK (flt_volume_editor_refresh_cb), self, G_CONNECT_SWAPPED);

  flt_form_add_entry (self->form, GTK_WIDGET (self->driver_row), GTK_EDITABLE (self->driver_row),
                      "driver", FLT_FIELD_STRING);
  flt_form_add_entry (self->form, GTK_WIDGET (self->name_row), GTK_EDITABLE (self->name_row),
                      "name", FLT_FIELD_STRING);
  flt_form_add_switch (self->form, GTK_WIDGET (self->external_row), self->external_switch, "external");

  flt_mapping_editor_bind (self->driver_opts_editor, self->form, "driver_opts");
  flt_mapping_editor_bind (self->labels_editor, self->form, "labels");

  flt_form_refresh (self->form);
}

FltVolumeEditor *
flt_volume_editor_new (void)
{
  return g_object_new (FLT_TYPE_VOLUME_EDITOR, NULL);
}

/**
 * flt_volume_editor_flush:
 *
 * Writes what is being typed now instead of after the pause: for the
 * window, before it saves, runs or undoes.
 */
void
flt_volume_editor_flush (FltVolumeEditor *self)
{
  g_return_if_fail (FLT_IS_VOLUME_EDITOR (self));

  flt_form_flush (self->form);
}
