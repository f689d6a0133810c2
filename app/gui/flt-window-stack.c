/* flt-window-stack.c: Deploy to Swarm and Remove from Swarm
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Once the window has an engine it asks it (GET /info) whether it is a
 * Swarm manager; only then are the two actions offered.  Deploy runs the
 * project as the window shows it, like Up, after a question that names
 * the stack and the engine and says what Swarm leaves out of the file;
 * the progress, service by service until their tasks run, goes to the
 * panel under the views, as Up's does.  The stack is the project's name.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-stack.h"
#include "flt-text.h"
#include "flt-window-private.h"

/* How long an answer about the Swarm holds before the window asks again:
 * someone may run `docker swarm init` while the window is open. */
#define ROLE_MAX_AGE_USEC (10 * G_USEC_PER_SEC)

typedef struct
{
  GWeakRef engine;        /* the engine the role was learnt from */
  FltSwarmRole role;
  gint64 asked_at;        /* monotonic time of the last answer */
  gboolean asking;
} StackState;

static void
stack_state_free (StackState *state)
{
  g_weak_ref_clear (&state->engine);
  g_free (state);
}

static StackState *
get_state (FltWindow *self)
{
  static GQuark quark;
  StackState *state;

  if (quark == 0)
    quark = g_quark_from_static_string ("flt-window-stack");
  state = g_object_get_qdata (G_OBJECT (self), quark);
  if (state == NULL)
    {
      state = g_new0 (StackState, 1);
      g_weak_ref_init (&state->engine, NULL);
      g_object_set_qdata_full (G_OBJECT (self), quark, state, (GDestroyNotify) stack_state_free);
    }
  return state;
}

typedef struct
{
  FltWindow *window;
  FltEngine *engine;
} RoleQuery;

static void
role_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RoleQuery *query = user_data;
  g_autoptr(GError) error = NULL;
  FltSwarmRole role = flt_swarm_get_role_finish (FLT_ENGINE (object), result, &error);
  StackState *state = get_state (query->window);

  state->asking = FALSE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* An engine that does not answer is no manager either. */
      state->role = error == NULL ? role : FLT_SWARM_NONE;
      state->asked_at = g_get_monotonic_time ();
      g_weak_ref_set (&state->engine, query->engine);
      _flt_window_update_actions (query->window);
      _flt_window_stack_follow (query->window);
    }
  g_object_unref (query->window);
  g_object_unref (query->engine);
  g_free (query);
}

/**
 * _flt_window_stack_is_manager:
 *
 * Returns: whether the window's engine is, as far as the window knows, a
 *   Swarm manager
 */
gboolean
_flt_window_stack_is_manager (FltWindow *self)
{
  StackState *state = get_state (self);
  g_autoptr(FltEngine) known = g_weak_ref_get (&state->engine);

  return self->engine != NULL && known == self->engine && state->role == FLT_SWARM_MANAGER;
}

/* For the tests: whether the window has heard from its engine about the
 * Swarm. */
gboolean
_flt_window_stack_role_known (FltWindow *self)
{
  StackState *state = get_state (self);
  g_autoptr(FltEngine) known = g_weak_ref_get (&state->engine);

  return self->engine != NULL && known == self->engine && !state->asking;
}

/* Part of _flt_window_update_actions(): asks the engine about the Swarm
 * when it has not yet (or not lately), and offers the actions to a
 * manager's window that is not busy. */
void
_flt_window_stack_update_actions (FltWindow *self)
{
  StackState *state = get_state (self);
  g_autoptr(FltEngine) known = g_weak_ref_get (&state->engine);
  gboolean can;

  if (self->engine != NULL && !self->connecting && !state->asking &&
      (known != self->engine || g_get_monotonic_time () - state->asked_at > ROLE_MAX_AGE_USEC))
    {
      RoleQuery *query = g_new0 (RoleQuery, 1);

      query->window = g_object_ref (self);
      query->engine = g_object_ref (self->engine);
      state->asking = TRUE;
      flt_swarm_get_role_async (self->engine, self->cancellable, role_cb, query);
    }

  can = self->workspace != NULL && self->operation == NULL && !self->connecting &&
        _flt_window_stack_is_manager (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stack-deploy", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stack-remove", can);
}

/* Following the project's stack */

static void
stack_changed_cb (FltWindow *self)
{
  /* Deployed or removed: the logs follow the stack or the containers. */
  _flt_window_rooms_follow_logs (self);
  _flt_window_update_title (self);
}

/**
 * _flt_window_stack_follow:
 *
 * While the window's engine is a Swarm manager, follows the stack named
 * after the project, whose tasks, once it is deployed, the sidebar, the
 * Graph view, the Logs view and the header show instead of containers.
 * Called when the engine, its role or the project's name changes.
 */
void
_flt_window_stack_follow (FltWindow *self)
{
  FltProject *project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;
  const char *name = project ? flt_project_get_name (project) : NULL;
  gboolean wanted = name != NULL && !self->connecting && _flt_window_stack_is_manager (self);

  if (wanted && self->stack_state != NULL && flt_stack_state_get_engine (self->stack_state) == self->engine &&
      g_strcmp0 (flt_stack_state_get_name (self->stack_state), name) == 0)
    return;
  if (!wanted && self->stack_state == NULL)
    return;

  if (self->stack_state != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stack_state, self);
      flt_stack_state_stop (self->stack_state);
      g_clear_object (&self->stack_state);
    }
  if (wanted)
    {
      self->stack_state = flt_stack_state_new (self->engine, name);
      g_signal_connect_object (self->stack_state, "changed", G_CALLBACK (stack_changed_cb),
                               self, G_CONNECT_SWAPPED);
      flt_stack_state_start (self->stack_state);
    }
  if (self->sidebar != NULL)
    flt_sidebar_set_stack_state (self->sidebar, self->stack_state);
  _flt_window_graph_set_state (self);
  stack_changed_cb (self);
}

/* The operation */

typedef struct
{
  FltWindow *window;
  FltStack  *stack;
  char      *name;
} Operation;

static void
operation_free (Operation *op)
{
  g_clear_object (&op->window);
  g_clear_object (&op->stack);
  g_free (op->name);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Operation, operation_free)

static void
progress_cb (const FltProgress *progress,
             gpointer           user_data)
{
  FltWindow *self = FLT_WINDOW (user_data);

  flt_progress_panel_update (self->progress_panel, progress);
  /* The graph and the sidebar show the tasks as they come. */
  if (self->stack_state != NULL)
    flt_stack_state_refresh (self->stack_state);
}

static Operation *
operation_new (FltWindow  *self,
               FltProject *project,
               const char *title)
{
  Operation *op = g_new0 (Operation, 1);

  op->window = g_object_ref (self);
  op->stack = flt_stack_new (self->engine, project, NULL);
  op->name = g_strdup (flt_stack_get_name (op->stack));
  flt_stack_set_progress_func (op->stack, progress_cb, g_object_ref (self), g_object_unref);

  _flt_window_operation_begin (self, title);
  return op;
}

static void
operation_done (Operation    *op,
                const char   *title,
                const GError *error)
{
  FltWindow *self = op->window;

  if (self->stack_state != NULL)
    flt_stack_state_refresh (self->stack_state);
  /* The engine may have left the Swarm meanwhile: ask again (updating
   * the actions, at the end, asks). */
  if (g_error_matches (error, FLT_STACK_ERROR, FLT_STACK_ERROR_NOT_SWARM) ||
      g_error_matches (error, FLT_STACK_ERROR, FLT_STACK_ERROR_NOT_MANAGER))
    get_state (self)->asked_at = 0;
  _flt_window_operation_end (self, title, error);
}

/* Deploy */

static void
deploy_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (flt_stack_deploy_finish (FLT_STACK (object), result, &error))
    /* Translators: %s is the stack's name */
    title = g_strdup_printf (_("%s is deployed to the Swarm"), op->name);
  else
    /* Translators: %s is the stack's name */
    title = g_strdup_printf (_("Could not deploy %s"), op->name);
  operation_done (op, title, error);
}

static void
deploy_response_cb (gpointer    data,
                    const char *response)
{
  FltWindow *self = data;
  FltProject *project;
  Operation *op;
  g_autofree char *title = NULL;
  FltStackDeployOptions options = { .prune = FALSE, .wait = TRUE, .timeout = 0 };

  if (g_strcmp0 (response, "deploy") != 0 || self->workspace == NULL || self->engine == NULL ||
      self->operation != NULL)
    return;

  project = flt_workspace_get_project (self->workspace);
  /* Translators: %s is the stack's name */
  title = g_strdup_printf (_("Deploying %s to the Swarm…"), flt_project_get_name (project));
  op = operation_new (self, project, title);
  flt_stack_deploy_async (op->stack, &options, self->operation, deploy_done_cb, op);
}

/* "web: a Swarm service has no place for build; left out", a line each,
 * or NULL when the whole file converts; @error set when a service cannot
 * be deployed at all. */
static char *
describe_conversion (FltProject  *project,
                     GError     **error)
{
  g_autoptr(GPtrArray) services = flt_stack_deployed_services (project);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonNode) spec = flt_stack_service_spec (project, service, flt_project_get_name (project),
                                                         warnings, error);

      if (spec == NULL)
        {
          g_string_free (text, TRUE);
          return NULL;
        }
      for (guint j = 0; j < warnings->len; j++)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          /* Translators: a service's name, then what Swarm leaves out of it */
          g_string_append_printf (text, _("%s: %s"), flt_service_get_name (service),
                                  (char *) g_ptr_array_index (warnings, j));
        }
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static const char *
engine_address (FltWindow *self)
{
  const FltEndpoint *endpoint = flt_engine_get_endpoint (self->engine);

  return endpoint->kind == FLT_ENDPOINT_UNIX ? endpoint->socket_path : endpoint->uri;
}

static void
ask_deploy (FltWindow *self)
{
  FltProject *project = flt_workspace_get_project (self->workspace);
  const char *name = flt_project_get_name (project);
  g_autoptr(GError) error = NULL;
  g_autofree char *left_out = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (flt_project_has_errors (project))
    {
      _flt_window_toast (self, _("The file has errors; fix them before deploying it"));
      gtk_menu_button_popup (self->diagnostics_button);
      return;
    }

  left_out = describe_conversion (project, &error);
  if (error == NULL)
    flt_stack_name_check (name, &error);
  if (error != NULL)
    {
      g_autofree char *sentence = flt_text_sentence (error->message);

      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Cannot Deploy to Swarm"), sentence);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), NULL);
      _flt_window_show_dialog (self, dialog);
      return;
    }

  body = g_strdup_printf (_("The services of this file become the stack “%s” on the Swarm of the "
                            "Docker Engine at %s. Services the stack already has are updated in place: "
                            "only tasks whose service changed restart."),
                          name, engine_address (self));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Deploy to Swarm?"), body);
  if (left_out != NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *heading = gtk_label_new (_("Swarm leaves out"));
      GtkWidget *list = gtk_label_new (left_out);

      gtk_widget_add_css_class (heading, "heading");
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_xalign (GTK_LABEL (list), 0);
      gtk_label_set_wrap (GTK_LABEL (list), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (list), 50);
      gtk_label_set_selectable (GTK_LABEL (list), TRUE);
      gtk_widget_add_css_class (list, "dim-label");
      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), list);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "deploy", _("_Deploy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deploy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "deploy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  _flt_window_ask (self, dialog, deploy_response_cb, self, NULL);
}

static void deploy_when_ready (FltWindow *self);

static void
workspace_ready_cb (FltWindow *self)
{
  if (flt_workspace_get_busy (self->workspace))
    return;
  g_signal_handlers_disconnect_by_func (self->workspace, workspace_ready_cb, self);
  ask_deploy (self);
}

/* Like Up: what the window shows, once the project has caught up with
 * the last edit. */
static void
deploy_when_ready (FltWindow *self)
{
  if (!flt_workspace_get_busy (self->workspace))
    {
      ask_deploy (self);
      return;
    }
  g_signal_handlers_disconnect_by_func (self->workspace, workspace_ready_cb, self);
  g_signal_connect_object (self->workspace, "notify::busy", G_CALLBACK (workspace_ready_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
stack_deploy_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);

  if (self->workspace == NULL || self->engine == NULL)
    return;
  _flt_window_flush_edits (self);
  deploy_when_ready (self);
}

/* Remove */

static void
remove_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (flt_stack_remove_finish (FLT_STACK (object), result, &error))
    /* Translators: %s is the stack's name */
    title = g_strdup_printf (_("%s is removed from the Swarm"), op->name);
  else
    /* Translators: %s is the stack's name */
    title = g_strdup_printf (_("Could not remove %s from the Swarm"), op->name);
  operation_done (op, title, error);
}

static void
remove_response_cb (gpointer    data,
                    const char *response)
{
  FltWindow *self = data;
  FltProject *project;
  Operation *op;
  g_autofree char *title = NULL;

  if (g_strcmp0 (response, "remove") != 0 || self->workspace == NULL || self->engine == NULL ||
      self->operation != NULL)
    return;

  project = flt_workspace_get_project (self->workspace);
  /* Translators: %s is the stack's name */
  title = g_strdup_printf (_("Removing %s from the Swarm…"), flt_project_get_name (project));
  op = operation_new (self, project, title);
  flt_stack_remove_async (op->stack, self->operation, remove_done_cb, op);
}

static void
stack_remove_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->workspace == NULL || self->engine == NULL)
    return;

  body = g_strdup_printf (_("The services of the stack “%s” stop on every node of the Swarm, and its "
                            "networks are removed. Its volumes stay."),
                          flt_project_get_name (flt_workspace_get_project (self->workspace)));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove the Stack?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  _flt_window_ask (self, dialog, remove_response_cb, self, NULL);
}

void
_flt_window_class_stack_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.stack-deploy", NULL, stack_deploy_action);
  gtk_widget_class_install_action (widget_class, "win.stack-remove", NULL, stack_remove_action);
}
