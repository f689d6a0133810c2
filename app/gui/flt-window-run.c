/* flt-window-run.c: Up, Down, Restart and the per-service commands
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One operation runs at a time, in the runner's worker thread, with its
 * progress in the panel under the views and a Cancel button there.  Up
 * runs what the window shows, saved or not; when it would recreate or
 * remove containers it first shows the runner's plan and asks.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-plan-view.h"
#include "flt-text.h"
#include "flt-window-private.h"

typedef struct
{
  FltWindow    *window;
  FltRunner    *runner;
  GStrv         services;
  FltUpOptions  options;
  char         *project_name;
} Operation;

static void
operation_free (Operation *op)
{
  g_clear_object (&op->window);
  g_clear_object (&op->runner);
  g_strfreev (op->services);
  g_free (op->project_name);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Operation, operation_free)

static void
progress_cb (const FltProgress *progress,
             gpointer           user_data)
{
  FltWindow *self = user_data;

  flt_progress_panel_update (self->progress_panel, progress);
}

static Operation *
operation_new (FltWindow          *self,
               const char * const *services,
               const char         *title)
{
  FltProject *project = flt_workspace_get_project (self->workspace);
  Operation *op = g_new0 (Operation, 1);

  op->window = g_object_ref (self);
  op->runner = flt_runner_new (self->engine, project);
  op->services = g_strdupv ((char **) services);
  op->options.services = (const char * const *) op->services;
  op->project_name = g_strdup (flt_project_get_name (project));
  flt_runner_set_progress_func (op->runner, progress_cb, g_object_ref (self), g_object_unref);

  _flt_window_operation_begin (self, title);
  return op;
}

/**
 * _flt_window_operation_begin:
 * @title: what the progress panel says is under way
 *
 * The window busy with an operation on the engine (Up, Down, a deploy…):
 * the progress panel shown, the actions that would start another off.
 *
 * Returns: (transfer none): the operation's cancellable, which the panel's
 *   Cancel button cancels
 */
GCancellable *
_flt_window_operation_begin (FltWindow  *self,
                             const char *title)
{
  g_clear_object (&self->operation);
  self->operation = g_cancellable_new ();
  flt_progress_panel_begin (self->progress_panel, title, self->operation);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  _flt_window_notify_busy (self);
  _flt_window_update_actions (self);
  return self->operation;
}

/**
 * _flt_window_operation_end:
 * @error: (nullable): why it failed
 *
 * The operation over: its outcome in the panel, and an engine that went
 * away or refused access in the banner as well.
 *
 * Returns: whether @error was about the engine (the banner says so)
 */
gboolean
_flt_window_operation_end (FltWindow    *self,
                           const char   *title,
                           const GError *error)
{
  gboolean engine_error = g_error_matches (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE) ||
                          g_error_matches (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    flt_progress_panel_cancelled (self->progress_panel, _("Cancelled"));
  else
    flt_progress_panel_finish (self->progress_panel, title, error);

  if (engine_error)
    {
      g_autofree char *sentence = flt_text_sentence (error->message);

      gtk_label_set_label (self->engine_banner_label, sentence);
      gtk_revealer_set_reveal_child (self->engine_banner, TRUE);
    }

  g_clear_object (&self->operation);
  _flt_window_notify_busy (self);
  _flt_window_update_actions (self);
  _flt_window_update_title (self);
  return engine_error;
}

static void
operation_done (Operation    *op,
                const char   *title,
                const GError *error)
{
  FltWindow *self = op->window;

  /* Up and rebuild may have built or pulled images the image field should
   * now suggest. */
  if (!_flt_window_operation_end (self, title, error) && self->engine != NULL)
    _flt_window_engine_refresh_images (self);
}

/* Up */

static void
up_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (flt_runner_up_finish (FLT_RUNNER (object), result, &error))
    /* Translators: %s is the project's name */
    title = g_strdup_printf (_("%s is up"), op->project_name);
  else
    /* Translators: %s is the project's name */
    title = g_strdup_printf (_("Could not start %s"), op->project_name);
  operation_done (op, title, error);
}

static void
run_up (Operation *op)
{
  FltWindow *self = op->window;
  /* Translators: %s is the project's name */
  g_autofree char *title = g_strdup_printf (_("Starting %s…"), op->project_name);

  flt_progress_panel_begin (self->progress_panel, title, self->operation);
  flt_runner_up_async (op->runner, &op->options, self->operation, up_done_cb, op);
}

static void
plan_response_cb (gpointer    data,
                  const char *response)
{
  Operation *op = data;

  if (g_strcmp0 (response, "apply") == 0)
    {
      _flt_window_remote_acknowledge_binds (op->window);
      run_up (op);
      return;
    }
  {
    g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");

    operation_done (op, NULL, error);
    operation_free (op);
  }
}

static void
plan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Operation *op = user_data;
  FltWindow *self = op->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(FltPlan) plan = flt_runner_plan_finish (FLT_RUNNER (object), result, &error);
  g_autofree char *body = NULL;
  g_autofree char *binds = NULL;
  FltPlanView *view;
  GtkWidget *dialog;
  guint n;

  if (plan == NULL)
    {
      /* Translators: %s is the project's name */
      g_autofree char *title = g_strdup_printf (_("Could not start %s"), op->project_name);

      operation_done (op, title, error);
      operation_free (op);
      return;
    }

  n = flt_plan_count_disruptive (plan);
  /* Bind mounts on an engine elsewhere: said once per window and engine. */
  binds = _flt_window_remote_bind_warning (self);
  if (n == 0 && binds == NULL)
    {
      run_up (op);
      return;
    }

  if (n > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Up will recreate or remove %u existing container. "
                                         "What it keeps outside volumes is lost.",
                                         "Up will recreate or remove %u existing containers. "
                                         "What they keep outside volumes is lost.", n), n);
  if (binds != NULL)
    {
      char *both = body ? g_strconcat (body, "\n\n", binds, NULL) : g_strdup (binds);

      g_free (body);
      body = both;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   n > 0 ? _("Apply These Changes?") : _("Start on Another Machine?"), body);
  view = flt_plan_view_new ();
  flt_plan_view_set_plan (view, plan);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (view));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Apply"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  _flt_window_ask (self, dialog, plan_response_cb, op, NULL);
}

typedef struct
{
  GStrv    services;
  gboolean build;
  gboolean force_recreate;
} UpRequest;

static void
up_request_free (UpRequest *request)
{
  g_strfreev (request->services);
  g_free (request);
}

static void
show_errors (FltWindow *self)
{
  g_autoptr(GPtrArray) diagnostics = flt_workspace_dup_diagnostics (self->workspace);
  g_autofree char *first = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < diagnostics->len && first == NULL; i++)
    if (((FltDiagnostic *) g_ptr_array_index (diagnostics, i))->severity == FLT_SEVERITY_ERROR)
      first = flt_diagnostic_format (g_ptr_array_index (diagnostics, i));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The File Has Errors"), first);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), NULL);
  _flt_window_show_dialog (self, dialog);
  gtk_menu_button_popup (self->diagnostics_button);
}

static void project_ready_cb (FltWindow *self);

static void
start_up_now (FltWindow *self,
              UpRequest *request)
{
  FltProject *project = flt_workspace_get_project (self->workspace);
  Operation *op;

  if (flt_project_has_errors (project))
    {
      show_errors (self);
      return;
    }

  /* Translators: while Up works out what it has to do */
  op = operation_new (self, (const char * const *) request->services, _("Planning…"));
  op->options.build = request->build;
  op->options.force_recreate = request->force_recreate;
  if (request->force_recreate)
    run_up (op);
  else
    flt_runner_plan_async (op->runner, &op->options, self->operation, plan_done_cb, op);
}

/* Up runs the project as the window shows it, so it waits for the
 * workspace to have caught up with the last edit. */
static void
start_up_when_ready (FltWindow *self,
                     UpRequest *request)
{
  if (!flt_workspace_get_busy (self->workspace))
    {
      start_up_now (self, request);
      up_request_free (request);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "flt-pending-up", request, (GDestroyNotify) up_request_free);
  g_signal_connect_object (self->workspace, "notify::busy", G_CALLBACK (project_ready_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
project_ready_cb (FltWindow *self)
{
  UpRequest *request;

  if (flt_workspace_get_busy (self->workspace))
    return;
  g_signal_handlers_disconnect_by_func (self->workspace, project_ready_cb, self);
  request = g_object_steal_data (G_OBJECT (self), "flt-pending-up");
  if (request != NULL)
    start_up_when_ready (self, request);
}

static void
saved_then_up_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FltWindow *self = FLT_WINDOW (object);
  UpRequest *request = user_data;

  if (_flt_window_save_finish (self, result, NULL))
    start_up_when_ready (self, request);
  else
    up_request_free (request);
}

static void
unsaved_response_cb (gpointer    data,
                     const char *response)
{
  GtkWidget *dialog = data;
  FltWindow *self = FLT_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  UpRequest *request = g_object_steal_data (G_OBJECT (dialog), "flt-request");

  if (g_strcmp0 (response, "save") == 0)
    _flt_window_save_async (self, FALSE, saved_then_up_cb, request);
  else if (g_strcmp0 (response, "run") == 0)
    start_up_when_ready (self, request);
  else
    up_request_free (request);
}

static void
request_up (FltWindow          *self,
            const char * const *services,
            gboolean            build,
            gboolean            force_recreate)
{
  UpRequest *request = g_new0 (UpRequest, 1);
  FltDocument *document;
  GtkWidget *dialog;

  request->services = g_strdupv ((char **) services);
  request->build = build;
  request->force_recreate = force_recreate;

  _flt_window_flush_edits (self);
  document = flt_workspace_get_document (self->workspace);
  if (!flt_document_get_modified (document))
    {
      start_up_when_ready (self, request);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Before Starting?"),
                                   _("The file has unsaved changes. Up runs the project as shown here "
                                     "either way; saving first keeps the file on disk in step with "
                                     "what runs."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "run", _("Start _Without Saving"),
                                    "save", _("_Save and Start"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "flt-request", request);
  _flt_window_ask (self, dialog, unsaved_response_cb, dialog, NULL);
}

static void
up_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  request_up (FLT_WINDOW (widget), NULL, FALSE, FALSE);
}

/* Down and the commands */

static void
down_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (flt_runner_down_finish (FLT_RUNNER (object), result, &error))
    /* Translators: %s is the project's name */
    title = g_strdup_printf (_("%s is down"), op->project_name);
  else
    /* Translators: %s is the project's name */
    title = g_strdup_printf (_("Could not take %s down"), op->project_name);
  operation_done (op, title, error);
}

static void
down_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  FltProject *project = flt_workspace_get_project (self->workspace);
  /* Translators: %s is the project's name */
  g_autofree char *title = g_strdup_printf (_("Stopping %s…"), flt_project_get_name (project));
  Operation *op = operation_new (self, NULL, title);
  FltDownOptions options = { .volumes = FALSE, .remove_orphans = FALSE, .timeout = -1 };

  flt_runner_down_async (op->runner, &options, self->operation, down_done_cb, op);
}

typedef enum { WORKING, DONE, FAILED } Phase;

/* Whole sentences, so that each translates as a whole. */
static char *
command_title (FltRunnerCommand  command,
               Phase             phase,
               const char       *subject)
{
  switch (command)
    {
    case FLT_RUNNER_STOP:
      /* Translators: %s names what the command acts on: a project or a service */
      return phase == WORKING ? g_strdup_printf (_("Stopping %s…"), subject)
           : phase == DONE ? g_strdup_printf (_("%s stopped"), subject)
           : g_strdup_printf (_("Could not stop %s"), subject);
    case FLT_RUNNER_START:
      return phase == WORKING ? g_strdup_printf (_("Starting %s…"), subject)
           : phase == DONE ? g_strdup_printf (_("%s started"), subject)
           : g_strdup_printf (_("Could not start %s"), subject);
    case FLT_RUNNER_RESTART:
      return phase == WORKING ? g_strdup_printf (_("Restarting %s…"), subject)
           : phase == DONE ? g_strdup_printf (_("%s restarted"), subject)
           : g_strdup_printf (_("Could not restart %s"), subject);
    case FLT_RUNNER_BUILD:
      return phase == WORKING ? g_strdup_printf (_("Building %s…"), subject)
           : phase == DONE ? g_strdup_printf (_("%s built"), subject)
           : g_strdup_printf (_("Could not build %s"), subject);
    case FLT_RUNNER_PULL:
    default:
      return phase == WORKING ? g_strdup_printf (_("Pulling %s…"), subject)
           : phase == DONE ? g_strdup_printf (_("%s pulled"), subject)
           : g_strdup_printf (_("Could not pull %s"), subject);
    }
}

static void
command_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  FltRunnerCommand command = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (op->runner), "flt-command"));
  const char *subject = op->services ? op->services[0] : op->project_name;
  g_autofree char *title = NULL;

  if (flt_runner_command_finish (FLT_RUNNER (object), result, &error))
    title = command_title (command, DONE, subject);
  else
    title = command_title (command, FAILED, subject);
  operation_done (op, title, error);
}

static void
run_command (FltWindow        *self,
             FltRunnerCommand  command,
             const char       *service)
{
  const char *services[] = { service, NULL };
  FltProject *project = flt_workspace_get_project (self->workspace);
  g_autofree char *title = command_title (command, WORKING,
                                          service ? service : flt_project_get_name (project));
  Operation *op = operation_new (self, service ? services : NULL, title);

  g_object_set_data (G_OBJECT (op->runner), "flt-command", GINT_TO_POINTER (command));
  flt_runner_command_async (op->runner, command, op->options.services, -1, self->operation,
                            command_done_cb, op);
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_command (FLT_WINDOW (widget), FLT_RUNNER_RESTART, NULL);
}

static void
service_command_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  const char *service = g_variant_get_string (parameter, NULL);

  if (g_str_equal (action_name, "win.service-start"))
    run_command (self, FLT_RUNNER_START, service);
  else if (g_str_equal (action_name, "win.service-stop"))
    run_command (self, FLT_RUNNER_STOP, service);
  else if (g_str_equal (action_name, "win.service-restart"))
    run_command (self, FLT_RUNNER_RESTART, service);
  else
    {
      const char *services[] = { service, NULL };

      /* Rebuild: a fresh image, and the service's containers made anew
       * from it; the user asked for exactly that, so no plan to confirm. */
      request_up (self, services, TRUE, TRUE);
    }
}

static void
service_logs_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);

  _flt_window_rooms_show_logs (self, g_variant_get_string (parameter, NULL));
  _flt_window_select_view (self, "logs");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);

  if (self->operation != NULL)
    g_cancellable_cancel (self->operation);
}

static void
hide_progress_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);

  /* A running operation goes on; its panel comes back with the next one. */
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

void
_flt_window_class_run_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.up", NULL, up_action);
  gtk_widget_class_install_action (widget_class, "win.down", NULL, down_action);
  gtk_widget_class_install_action (widget_class, "win.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.hide-progress", NULL, hide_progress_action);
  gtk_widget_class_install_action (widget_class, "win.service-start", "s", service_command_action);
  gtk_widget_class_install_action (widget_class, "win.service-stop", "s", service_command_action);
  gtk_widget_class_install_action (widget_class, "win.service-restart", "s", service_command_action);
  gtk_widget_class_install_action (widget_class, "win.service-rebuild", "s", service_command_action);
  gtk_widget_class_install_action (widget_class, "win.service-logs", "s", service_logs_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, GDK_SHIFT_MASK, "win.down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.restart", NULL);
}
