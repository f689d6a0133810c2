/* flt-window-rooms.c: the editors, the YAML view, the logs and the
 * diagnostics list, each in its slot of the window
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each room is made the first time it is needed, not with the window:
 * laying out rooms nobody looks at was most of the time to the first
 * frame (tests/bench/startup.py).
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

static GtkWidget *
ensure_yaml_view (FltWindow *self)
{
  if (self->yaml_view == NULL)
    {
      self->yaml_view = flt_yaml_view_new ();
      adw_bin_set_child (self->yaml_slot, self->yaml_view);
      flt_yaml_view_set_workspace (FLT_YAML_VIEW (self->yaml_view), self->workspace);
    }
  return self->yaml_view;
}

static void
diagnostic_activated_cb (FltWindow     *self,
                         FltDiagnostic *diagnostic)
{
  g_autofree char *where = NULL;

  gtk_popover_popdown (gtk_menu_button_get_popover (self->diagnostics_button));
  _flt_window_select_view (self, "yaml");
  if (flt_yaml_view_show_diagnostic (FLT_YAML_VIEW (ensure_yaml_view (self)), diagnostic))
    return;
  /* In another file (an included or extended one): say where it is. */
  where = flt_diagnostic_format (diagnostic);
  _flt_window_toast (self, where);
}

static GtkWidget *
ensure_diagnostics_list (FltWindow *self)
{
  if (self->diagnostics_list == NULL)
    {
      self->diagnostics_list = flt_diagnostics_list_new ();
      adw_bin_set_child (self->diagnostics_slot, self->diagnostics_list);
      flt_diagnostics_list_set_workspace (FLT_DIAGNOSTICS_LIST (self->diagnostics_list), self->workspace);
      g_signal_connect_object (self->diagnostics_list, "activated", G_CALLBACK (diagnostic_activated_cb),
                               self, G_CONNECT_SWAPPED);
    }
  return self->diagnostics_list;
}

static GtkWidget *
ensure_logs_page (FltWindow *self)
{
  if (self->logs_page == NULL)
    {
      self->logs_page = GTK_WIDGET (flt_logs_page_new ());
      adw_bin_set_child (self->logs_slot, self->logs_page);
      if (self->settings != NULL)
        flt_logs_page_set_settings (FLT_LOGS_PAGE (self->logs_page), self->settings);
      _flt_window_rooms_follow_logs (self);
    }
  return self->logs_page;
}

static GtkWidget *
ensure_network_editor (FltWindow *self)
{
  if (self->network_editor == NULL)
    {
      self->network_editor = GTK_WIDGET (flt_network_editor_new ());
      adw_bin_set_child (self->network_editor_slot, self->network_editor);
    }
  return self->network_editor;
}

static GtkWidget *
ensure_volume_editor (FltWindow *self)
{
  if (self->volume_editor == NULL)
    {
      self->volume_editor = GTK_WIDGET (flt_volume_editor_new ());
      adw_bin_set_child (self->volume_editor_slot, self->volume_editor);
    }
  return self->volume_editor;
}

static void
visible_view_cb (FltWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (name, "yaml") == 0)
    ensure_yaml_view (self);
  else if (g_strcmp0 (name, "logs") == 0)
    ensure_logs_page (self);
  else if (g_strcmp0 (name, "graph") == 0)
    _flt_window_graph_shown (self);
}

static void
diagnostics_popover_cb (FltWindow *self)
{
  ensure_diagnostics_list (self);
}

void
_flt_window_rooms_init (FltWindow *self)
{
  /* The service form is what a window opens on: made now. */
  self->service_editor = GTK_WIDGET (flt_service_editor_new ());
  adw_bin_set_child (self->service_editor_slot, self->service_editor);

  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (visible_view_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_menu_button_get_popover (self->diagnostics_button), "show",
                           G_CALLBACK (diagnostics_popover_cb), self, G_CONNECT_SWAPPED);
}

/* For the tests, and for what reaches into a room before it is shown. */
GtkWidget *
_flt_window_rooms_get (FltWindow  *self,
                       const char *name)
{
  if (g_str_equal (name, "service"))
    return self->service_editor;
  if (g_str_equal (name, "network"))
    return ensure_network_editor (self);
  if (g_str_equal (name, "volume"))
    return ensure_volume_editor (self);
  if (g_str_equal (name, "yaml"))
    return ensure_yaml_view (self);
  if (g_str_equal (name, "logs"))
    return ensure_logs_page (self);
  if (g_str_equal (name, "diagnostics"))
    return ensure_diagnostics_list (self);
  if (g_str_equal (name, "graph"))
    return _flt_window_graph_ensure (self);
  return NULL;
}

void
_flt_window_rooms_set_workspace (FltWindow    *self,
                                 FltWorkspace *workspace)
{
  if (self->yaml_view != NULL)
    flt_yaml_view_set_workspace (FLT_YAML_VIEW (self->yaml_view), workspace);
  if (self->diagnostics_list != NULL)
    flt_diagnostics_list_set_workspace (FLT_DIAGNOSTICS_LIST (self->diagnostics_list), workspace);
  _flt_window_graph_set_workspace (self);
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
      flt_network_editor_set_network (FLT_NETWORK_EDITOR (ensure_network_editor (self)), self->workspace, name);
      gtk_stack_set_visible_child_name (self->editor_stack, "network");
      break;
    case FLT_SIDEBAR_VOLUME:
      flt_volume_editor_set_volume (FLT_VOLUME_EDITOR (ensure_volume_editor (self)), self->workspace, name);
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
  if (self->service_editor != NULL)
    flt_service_editor_flush (FLT_SERVICE_EDITOR (self->service_editor));
  if (self->network_editor != NULL)
    flt_network_editor_flush (FLT_NETWORK_EDITOR (self->network_editor));
  if (self->volume_editor != NULL)
    flt_volume_editor_flush (FLT_VOLUME_EDITOR (self->volume_editor));
  if (self->yaml_view != NULL)
    flt_yaml_view_flush (FLT_YAML_VIEW (self->yaml_view));
}

void
_flt_window_rooms_follow_logs (FltWindow *self)
{
  FltProject *project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;

  if (self->logs_page == NULL)
    return;
  if (self->engine != NULL && !self->connecting && project != NULL &&
      self->stack_state != NULL && flt_stack_state_is_deployed (self->stack_state))
    {
      g_autofree char *names = flt_stack_state_dup_service_names (self->stack_state);

      flt_logs_page_follow_stack (FLT_LOGS_PAGE (self->logs_page), self->engine, project, names);
    }
  else if (self->engine != NULL && !self->connecting && project != NULL)
    flt_logs_page_follow (FLT_LOGS_PAGE (self->logs_page), self->engine, project);
  else
    flt_logs_page_stop (FLT_LOGS_PAGE (self->logs_page));
}

void
_flt_window_rooms_show_logs (FltWindow  *self,
                             const char *service)
{
  flt_logs_page_show_service (FLT_LOGS_PAGE (ensure_logs_page (self)), service);
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
  FltExportDialog *dialog;

  if (project == NULL)
    return;
  _flt_window_flush_edits (self);
  dialog = flt_export_dialog_new (GTK_WINDOW (self), project, self->settings);
  g_signal_connect_object (dialog, "show-diagnostic", G_CALLBACK (diagnostic_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
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
    gtk_widget_activate_action (ensure_logs_page (self), "logs.find", NULL);
  else
    {
      _flt_window_select_view (self, "yaml");
      gtk_widget_activate_action (ensure_yaml_view (self), "yaml-view.find", NULL);
    }
}

void
_flt_window_class_rooms_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-aws", NULL, export_aws_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
}
