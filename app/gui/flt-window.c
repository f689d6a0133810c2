/* flt-window.c: one project's window: sidebar, views, header actions
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is split by concern: files (open, save, reload, close),
 * engine (connection, live state), run (Up, Down, per-service commands)
 * and rooms (the editors, YAML and logs in their slots).  This file holds
 * what ties them together: the workspace, the title and the actions'
 * enabled state.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-text.h"
#include "flt-window-private.h"

#define FLT_WINDOW_MIN_WIDTH 360
#define FLT_WINDOW_MIN_HEIGHT 294
#define FLT_WINDOW_MAX_SIZE 32767

G_DEFINE_FINAL_TYPE (FltWindow, flt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_FILE,
  PROP_WORKSPACE,
  PROP_LOADING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static FltDocument *
current_document (FltWindow *self)
{
  return self->workspace ? flt_workspace_get_document (self->workspace) : NULL;
}

/* The file's own name, as the title and questions say it. */
char *
_flt_window_dup_file_name (FltWindow *self)
{
  FltDocument *document = current_document (self);

  if (self->file != NULL)
    return g_file_get_basename (self->file);
  return g_strdup (document ? flt_document_get_display_name (document) : "");
}

void
_flt_window_toast (FltWindow  *self,
                   const char *message)
{
  g_autofree char *sentence = flt_text_sentence (message);
  AdwToast *toast = adw_toast_new (sentence);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
dialog_destroyed_cb (FltWindow *self,
                     GtkWidget *dialog)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
}

typedef struct
{
  FltWindow      *window;
  FltResponseFunc func;
  gpointer        data;
  GDestroyNotify  destroy;
  gboolean        answered;
} Question;

static void
question_free (Question *question)
{
  if (question->destroy != NULL)
    question->destroy (question->data);
  g_free (question);
}

/* A message dialog may report its answer and then its closing: the
 * answer counts once. */
static void
question_response_cb (GtkWidget  *dialog,
                      const char *response,
                      Question   *question)
{
  if (question->answered)
    return;
  question->answered = TRUE;
  /* Answered is gone, as far as the window is concerned, even while the
   * dialog is still closing. */
  if (question->window->dialog == dialog)
    question->window->dialog = NULL;
  question->func (question->data, response);
}

/**
 * _flt_window_ask:
 * @dialog: an #AdwMessageDialog
 * @func: called once with the answer
 * @destroy: (nullable): frees @data when the dialog goes
 */
void
_flt_window_ask (FltWindow       *self,
                 GtkWidget       *dialog,
                 FltResponseFunc  func,
                 gpointer         data,
                 GDestroyNotify   destroy)
{
  Question *question = g_new0 (Question, 1);

  question->window = self;
  question->func = func;
  question->data = data;
  question->destroy = destroy;
  g_object_set_data_full (G_OBJECT (dialog), "flt-question", question, (GDestroyNotify) question_free);
  g_signal_connect (dialog, "response", G_CALLBACK (question_response_cb), question);
  _flt_window_show_dialog (self, dialog);
}

/* Every question the window asks goes through here, so that there is one
 * at a time and the tests can answer it. */
void
_flt_window_show_dialog (FltWindow *self,
                         GtkWidget *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = dialog;
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_flt_window_update_title (FltWindow *self)
{
  FltDocument *document = current_document (self);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;

  if (document == NULL)
    {
      adw_window_title_set_title (self->window_title, "Flotilla");
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), "Flotilla");
      return;
    }

  /* The core names files relative to the current folder, as compilers
   * do; a window says just the name, and its folder in the tooltip. */
  name = _flt_window_dup_file_name (self);
  if (flt_document_get_modified (document))
    /* Translators: the window title of a file with unsaved changes */
    title = g_strdup_printf (_("• %s"), name);
  else
    title = g_steal_pointer (&name);

  subtitle = _flt_window_describe_state (self);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
_flt_window_update_actions (FltWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  FltDocument *document = current_document (self);
  gboolean has_project = self->workspace != NULL;
  gboolean busy = self->operation != NULL;
  gboolean can_run = has_project && self->engine != NULL && !busy && !self->connecting;

  gtk_widget_action_set_enabled (widget, "win.save", has_project);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_project);
  gtk_widget_action_set_enabled (widget, "win.undo", document && flt_document_can_undo (document));
  gtk_widget_action_set_enabled (widget, "win.redo", document && flt_document_can_redo (document));
  gtk_widget_action_set_enabled (widget, "win.show-view", has_project);
  gtk_widget_action_set_enabled (widget, "win.service-add", has_project);
  gtk_widget_action_set_enabled (widget, "win.service-duplicate", has_project);
  gtk_widget_action_set_enabled (widget, "win.service-rename", has_project);
  gtk_widget_action_set_enabled (widget, "win.service-remove", has_project);
  gtk_widget_action_set_enabled (widget, "win.service-logs", has_project);
  gtk_widget_action_set_enabled (widget, "win.export-aws", has_project);
  gtk_widget_action_set_enabled (widget, "win.export-graph", has_project);
  gtk_widget_action_set_enabled (widget, "win.find", has_project);

  gtk_widget_action_set_enabled (widget, "win.up", can_run);
  gtk_widget_action_set_enabled (widget, "win.down", can_run);
  gtk_widget_action_set_enabled (widget, "win.restart", can_run);
  gtk_widget_action_set_enabled (widget, "win.service-start", can_run);
  gtk_widget_action_set_enabled (widget, "win.service-stop", can_run);
  gtk_widget_action_set_enabled (widget, "win.service-restart", can_run);
  gtk_widget_action_set_enabled (widget, "win.service-rebuild", can_run);
  gtk_widget_action_set_enabled (widget, "win.cancel", busy);
  gtk_widget_action_set_enabled (widget, "win.reconnect", !self->connecting);
  _flt_window_stack_update_actions (self);
}

static void
update_diagnostics_button (FltWindow *self)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_errors = 0, n_warnings = 0;
  g_autofree char *label = NULL;

  if (self->workspace != NULL)
    diagnostics = flt_workspace_dup_diagnostics (self->workspace);
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      FltDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (diagnostic->severity == FLT_SEVERITY_ERROR)
        n_errors++;
      else if (diagnostic->severity == FLT_SEVERITY_WARNING)
        n_warnings++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->diagnostics_button), n_errors + n_warnings > 0);
  label = g_strdup_printf ("%u", n_errors + n_warnings);
  gtk_label_set_label (self->diagnostics_label, label);
  if (n_errors > 0)
    {
      g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u error in the file",
                                                               "%u errors in the file", n_errors),
                                                  n_errors);

      gtk_widget_add_css_class (GTK_WIDGET (self->diagnostics_button), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->diagnostics_button), tooltip);
    }
  else
    {
      g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u warning about the file",
                                                               "%u warnings about the file", n_warnings),
                                                  n_warnings);

      gtk_widget_remove_css_class (GTK_WIDGET (self->diagnostics_button), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->diagnostics_button), tooltip);
    }
}

static void
project_changed_cb (FltWindow *self)
{
  FltProject *project = flt_workspace_get_project (self->workspace);

  if (self->pending_selection != NULL && project != NULL &&
      flt_project_get_service (project, self->pending_selection) != NULL)
    {
      flt_sidebar_select (self->sidebar, FLT_SIDEBAR_SERVICE, self->pending_selection);
      g_clear_pointer (&self->pending_selection, g_free);
    }
  update_diagnostics_button (self);
  /* A new project name means another set of containers to follow. */
  _flt_window_engine_follow (self);
  _flt_window_update_title (self);
  _flt_window_update_actions (self);
}

static void
document_changed_cb (FltWindow *self)
{
  _flt_window_update_title (self);
  _flt_window_update_actions (self);
}

void
_flt_window_show_service (FltWindow  *self,
                          const char *name)
{
  flt_sidebar_select (self->sidebar, FLT_SIDEBAR_SERVICE, name);
  adw_view_stack_set_visible_child_name (self->view_stack, "editor");
}

static void
select_first_service (FltWindow *self)
{
  FltProject *project = flt_workspace_get_project (self->workspace);
  GPtrArray *services = project ? flt_project_get_service_list (project) : NULL;

  if (services != NULL && services->len > 0)
    flt_sidebar_select (self->sidebar, FLT_SIDEBAR_SERVICE,
                        flt_service_get_name (g_ptr_array_index (services, 0)));
}

void
_flt_window_set_workspace (FltWindow    *self,
                           FltWorkspace *workspace)
{
  FltDocument *document;

  g_assert (FLT_IS_WINDOW (self));

  if (self->workspace != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->workspace, self);
      g_signal_handlers_disconnect_by_data (flt_workspace_get_document (self->workspace), self);
    }
  g_set_object (&self->workspace, workspace);
  document = flt_workspace_get_document (workspace);

  g_clear_object (&self->file);
  if (flt_document_get_path (document) != NULL)
    self->file = g_file_new_for_path (flt_document_get_path (document));

  /* After the sidebar's own handler, so that its rows exist when a new
   * service is selected. */
  g_signal_connect_object (workspace, "notify::project", G_CALLBACK (project_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (document, "notify::modified", G_CALLBACK (document_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::display-name", G_CALLBACK (document_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::can-undo", G_CALLBACK (document_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::can-redo", G_CALLBACK (document_changed_cb), self,
                           G_CONNECT_SWAPPED);

  flt_sidebar_set_workspace (self->sidebar, workspace);
  _flt_window_rooms_set_workspace (self, workspace);
  gtk_stack_set_visible_child_name (self->main_stack, "project");
  select_first_service (self);

  _flt_window_watch_file (self);
  _flt_window_remember_file (self);
  project_changed_cb (self);
  _flt_window_engine_connect (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/* Typing in the YAML view reaches the document after a pause; whatever
 * reads the document first makes it arrive now. */
void
_flt_window_flush_edits (FltWindow *self)
{
  _flt_window_rooms_flush (self);
}

/* Callbacks */

static void
sidebar_selection_changed_cb (FltWindow *self)
{
  const char *name = NULL;
  FltSidebarKind kind = flt_sidebar_get_selected (self->sidebar, &name);

  _flt_window_rooms_show (self, kind, name);
}

/* Actions */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  FltDocument *document = current_document (self);

  _flt_window_flush_edits (self);
  if (document != NULL)
    flt_document_undo (document);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  FltDocument *document = current_document (self);

  _flt_window_flush_edits (self);
  if (document != NULL)
    flt_document_redo (document);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
}

/* GtkWindow */

static void
save_window_size (FltWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
  gboolean maximized = gtk_window_is_maximized (window);
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  /* Saved on close rather than bound: while a window is being set up its
   * default size can be unset, which the schema's range refuses. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!maximized && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width",
                          CLAMP (width, FLT_WINDOW_MIN_WIDTH, FLT_WINDOW_MAX_SIZE));
      g_settings_set_int (self->settings, "window-height",
                          CLAMP (height, FLT_WINDOW_MIN_HEIGHT, FLT_WINDOW_MAX_SIZE));
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);
}

static gboolean
flt_window_close_request (GtkWindow *window)
{
  FltWindow *self = FLT_WINDOW (window);

  _flt_window_flush_edits (self);
  if (!self->close_confirmed && !_flt_window_confirm_close (self))
    return TRUE;

  save_window_size (self);
  return GTK_WINDOW_CLASS (flt_window_parent_class)->close_request (window);
}

/* GObject */

static void
flt_window_constructed (GObject *object)
{
  FltWindow *self = FLT_WINDOW (object);

  G_OBJECT_CLASS (flt_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  _flt_window_files_init (self);
  _flt_window_remote_init (self);
  _flt_window_engine_init (self);
  _flt_window_rooms_init (self);
  _flt_window_update_actions (self);
}

static void
flt_window_dispose (GObject *object)
{
  FltWindow *self = FLT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->operation != NULL)
    g_cancellable_cancel (self->operation);
  _flt_window_engine_disconnect (self);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_WINDOW);

  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->operation);
  g_clear_object (&self->workspace);
  g_clear_object (&self->file);
  g_clear_object (&self->image_names);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->disk_text, g_free);
  g_clear_pointer (&self->pending_selection, g_free);
  g_clear_pointer (&self->save_error, g_free);

  G_OBJECT_CLASS (flt_window_parent_class)->dispose (object);
}

static void
flt_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FltWindow *self = FLT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->operation != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FltWindow *self = FLT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_window_class_init (FltWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = flt_window_constructed;
  object_class->dispose = flt_window_dispose;
  object_class->get_property = flt_window_get_property;
  object_class->set_property = flt_window_set_property;

  window_class->close_request = flt_window_close_request;

  /**
   * FltWindow:settings: (nullable)
   *
   * Where the window keeps its size, the recent files and the engine's
   * address; %NULL keeps nothing.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, FLT_TYPE_WORKSPACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An Up, Down or other engine operation is under way. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FLT_TYPE_SIDEBAR);
  g_type_ensure (FLT_TYPE_PROGRESS_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FltWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, engine_banner);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, engine_banner_label);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, disk_banner);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, save_banner);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, save_banner_label);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, progress_panel);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, diagnostics_button);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, engine_button);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, diagnostics_label);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, export_menu);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, service_editor_slot);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, network_editor_slot);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, volume_editor_slot);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, yaml_slot);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, logs_slot);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, graph_slot);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, diagnostics_slot);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_selection_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show-view", "s", "editor");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show-view", "s", "yaml");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.show-view", "s", "graph");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "win.show-view", "s", "logs");

  _flt_window_class_files_init (widget_class);
  _flt_window_class_engine_init (widget_class);
  _flt_window_class_run_init (widget_class);
  _flt_window_class_stack_init (widget_class);
  _flt_window_class_services_init (widget_class);
  _flt_window_class_graph_init (widget_class);
  _flt_window_class_rooms_init (widget_class);
}

static void
flt_window_init (FltWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->main_stack, "empty");
}

/**
 * flt_window_new:
 * @application: (nullable): the application the window belongs to
 * @settings: (nullable): where to keep the window size, recent files and
 *   preferences
 *
 * Returns: (transfer floating): a new, empty window
 */
FltWindow *
flt_window_new (GtkApplication *application,
                GSettings      *settings)
{
  return g_object_new (FLT_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

GFile *
flt_window_get_file (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), NULL);

  return self->file;
}

FltWorkspace *
flt_window_get_workspace (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), NULL);

  return self->workspace;
}

FltProject *
flt_window_get_project (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), NULL);

  return self->workspace ? flt_workspace_get_project (self->workspace) : NULL;
}

gboolean
flt_window_get_loading (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), FALSE);

  return self->loading;
}

/* Whether opening a file may reuse this window. */
gboolean
flt_window_is_empty (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), FALSE);

  return self->workspace == NULL && !self->loading;
}

void
_flt_window_set_loading (FltWindow *self,
                         gboolean   loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  if (loading)
    gtk_stack_set_visible_child_name (self->main_stack, "loading");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
_flt_window_notify_busy (FltWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

const char *
_flt_window_get_page_name (FltWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}

FltSidebar *
_flt_window_get_sidebar (FltWindow *self)
{
  return self->sidebar;
}

FltProgressPanel *
_flt_window_get_progress_panel (FltWindow *self)
{
  return self->progress_panel;
}

GtkWidget *
_flt_window_get_dialog (FltWindow *self)
{
  return self->dialog;
}

/* "service", "network", "volume", "yaml", "logs", "diagnostics": made
 * if it was not yet */
GtkWidget *
_flt_window_get_view (FltWindow  *self,
                      const char *name)
{
  return _flt_window_rooms_get (self, name);
}

FltProjectState *
_flt_window_get_state (FltWindow *self)
{
  return self->state;
}

gboolean
_flt_window_get_busy (FltWindow *self)
{
  return self->operation != NULL;
}

void
_flt_window_select_view (FltWindow  *self,
                         const char *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
