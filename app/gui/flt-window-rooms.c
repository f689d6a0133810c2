/* flt-window-rooms.c: the editors, the YAML view, the logs and the
 * diagnostics list, each in its slot of the window
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "flt-diagnostics-list.h"
#include "flt-export-dialog.h"
#include "flt-logs-page.h"
#include "flt-network-editor.h"
#include "flt-service-editor.h"
#include "flt-volume-editor.h"
#include "flt-window-private.h"
#include "flt-yaml-view.h"

static void
diagnostic_activated_cb (FltWindow     *self,
                         FltDiagnostic *diagnostic)
{
  g_autofree char *where = NULL;

  gtk_popover_popdown (gtk_menu_button_get_popover (self->diagnostics_button));
  _flt_window_select_view (self, "yaml");
  if (flt_yaml_view_show_diagnostic (FLT_YAML_VIEW (self->yaml_view), diagnostic))
    return;
  /* In another file (an included or extended one): say where it is. */
  where = flt_diagnostic_format (diagnostic);
  _flt_window_toast (self, where);
}

void
_flt_window_rooms_init (FltWindow *self)
{
  self->service_editor = g_object_new (FLT_TYPE_SERVICE_EDITOR, NULL);
  self->network_editor = g_object_new (FLT_TYPE_NETWORK_EDITOR, NULL);
  self->volume_editor = g_object_new (FLT_TYPE_VOLUME_EDITOR, NULL);
  self->yaml_view = g_object_new (FLT_TYPE_YAML_VIEW, NULL);
  self->logs_page = GTK_WIDGET (flt_logs_page_new ());
  self->diagnostics_list = g_object_new (FLT_TYPE_DIAGNOSTICS_LIST, NULL);

  adw_bin_set_child (self->service_editor_slot, self->service_editor);
  adw_bin_set_child (self->network_editor_slot, self->network_editor);
  adw_bin_set_child (self->volume_editor_slot, self->volume_editor);
  adw_bin_set_child (self->yaml_slot, self->yaml_view);
  adw_bin_set_child (self->logs_slot, self->logs_page);
  adw_bin_set_child (self->diagnostics_slot, self->diagnostics_list);

  if (self->settings != NULL)
    flt_logs_page_set_settings (FLT_LOGS_PAGE (self->logs_page), self->settings);
  g_signal_connect_object (self->diagnostics_list, "activated", G_CALLBACK (diagnostic_activated_cb),
                           self, G_CONNECT_SWAPPED);
}

void
_flt_window_rooms_set_workspace (FltWindow    *self,
                                 FltWorkspace *workspace)
{
  flt_yaml_view_set_workspace (FLT_YAML_VIEW (self->yaml_view), workspace);
  flt_diagnostics_list_set_workspace (FLT_DIAGNOSTICS_LIST (self->diagnostics_list), workspace);
  _flt_window_rooms_show (self, FLT_SIDEBAR_NONE, NULL);
}

void
_flt_window_rooms_show (FltWindow      *self,
                        FltSidebarKind  kind,
                        const char     *name)
{
  switch (kind)
    {
    case FLT_SIDEBAR_SERVICE:
      flt_service_editor_set_service (FLT_SERVICE_EDITOR (self->service_editor), self->workspace, name);
      gtk_stack_set_visible_child_name (self->editor_stack, "service");
      break;
    case FLT_SIDEBAR_NETWORK:
      flt_network_editor_set_network (FLT_NETWORK_EDITOR (self->network_editor), self->workspace, name);
      gtk_stack_set_visible_child_name (self->editor_stack, "network");
      break;
    case FLT_SIDEBAR_VOLUME:
      flt_volume_editor_set_volume (FLT_VOLUME_EDITOR (self->volume_editor), self->workspace, name);
      gtk_stack_set_visible_child_name (self->editor_stack, "volume");
      break;
    case FLT_SIDEBAR_NONE:
    default:
      gtk_stack_set_visible_child_name (self->editor_stack, "none");
      break;
    }
}

/* Forms write after a pause and the YAML view too: before the window
 * saves, runs or undoes, what was typed goes into the document. */
void
_flt_window_rooms_flush (FltWindow *self)
{
  if (self->service_editor == NULL)
    return;
  flt_service_editor_flush (FLT_SERVICE_EDITOR (self->service_editor));
  flt_network_editor_flush (FLT_NETWORK_EDITOR (self->network_editor));
  flt_volume_editor_flush (FLT_VOLUME_EDITOR (self->volume_editor));
  flt_yaml_view_flush (FLT_YAML_VIEW (self->yaml_view));
}

void
_flt_window_rooms_follow_logs (FltWindow *self)
{
  FltProject *project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;

  if (self->engine != NULL && project != NULL)
    flt_logs_page_follow (FLT_LOGS_PAGE (self->logs_page), self->engine, project);
  else
    flt_logs_page_stop (FLT_LOGS_PAGE (self->logs_page));
}

void
_flt_window_rooms_show_logs (FltWindow  *self,
                             const char *service)
{
  flt_logs_page_show_service (FLT_LOGS_PAGE (self->logs_page), service);
}

void
_flt_window_rooms_set_images (FltWindow  *self,
                              GListModel *images)
{
  flt_service_editor_set_image_names (FLT_SERVICE_EDITOR (self->service_editor), images);
}

static void
export_aws_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  FltProject *project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;

  if (project == NULL)
    return;
  _flt_window_flush_edits (self);
  gtk_window_present (GTK_WINDOW (flt_export_dialog_new (GTK_WINDOW (self), project, self->settings)));
}

/* Ctrl+F searches what is on screen: the YAML text or the logs. */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (view, "logs") == 0)
    gtk_widget_activate_action (self->logs_page, "logs.find", NULL);
  else
    {
      _flt_window_select_view (self, "yaml");
      gtk_widget_activate_action (self->yaml_view, "yaml-view.find", NULL);
    }
}

void
_flt_window_class_rooms_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-aws", NULL, export_aws_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
}
