/* flt-window-engine.c: the window's Docker Engine and the live state of
 * its project there
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor works without an engine: a missing or unreachable one is a
 * banner that says why and how to fix it, and every engine feature comes
 * back by itself once it answers (Retry, or the project state's own
 * reconnection).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-endpoint.h"
#include "flt-service-status.h"
#include "flt-text.h"
#include "flt-window-private.h"

static void
show_banner (FltWindow  *self,
             const char *message)
{
  g_autofree char *sentence = flt_text_sentence (message);

  gtk_label_set_label (self->engine_banner_label, sentence);
  gtk_revealer_set_reveal_child (self->engine_banner, message != NULL);
}

static void
state_connection_cb (FltWindow *self,
                     gboolean   connected)
{
  if (connected)
    {
      show_banner (self, NULL);
      /* The engine is back: the logs, which ended with it, follow the
       * project again (a follow that still runs is left alone). */
      _flt_window_rooms_follow_logs (self);
    }
  else if (flt_project_state_get_error (self->state) != NULL)
    {
      g_autofree char *why = flt_text_sentence (flt_project_state_get_error (self->state));
      g_autofree char *message =
        /* Translators: %s is what went wrong with the engine, a sentence of
         * its own: "No Docker Engine at /run/docker.sock — is dockerd running?" */
        g_strdup_printf (_("Lost the Docker Engine; Flotilla reconnects as soon as it answers. %s"),
                         why);

      show_banner (self, message);
    }
  _flt_window_update_title (self);
}

static void
state_changed_cb (FltWindow *self)
{
  _flt_window_update_title (self);
}

static void
images_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FltWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = flt_engine_call_finish (FLT_ENGINE (object), result, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *images;

  if (reply == NULL || !JSON_NODE_HOLDS_ARRAY (reply))
    return;   /* suggestions are a nicety; the field still takes any name */

  images = json_node_get_array (reply);
  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *image = json_array_get_object_element (images, i);
      JsonArray *tags = image && json_object_has_member (image, "RepoTags")
                        && JSON_NODE_HOLDS_ARRAY (json_object_get_member (image, "RepoTags"))
                        ? json_object_get_array_member (image, "RepoTags") : NULL;

      for (guint j = 0; tags != NULL && j < json_array_get_length (tags); j++)
        {
          const char *tag = json_array_get_string_element (tags, j);

          if (tag != NULL && !g_str_equal (tag, "<none>:<none>"))
            g_ptr_array_add (names, g_strdup (tag));
        }
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);

  if (self->image_names == NULL)
    self->image_names = gtk_string_list_new (NULL);
  gtk_string_list_splice (self->image_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->image_names)),
                          (const char * const *) names->pdata);
  _flt_window_rooms_set_images (self, G_LIST_MODEL (self->image_names));
}

/* Starts following the current project's containers, or switches to the
 * new name when the file's project name changed. */
void
_flt_window_engine_follow (FltWindow *self)
{
  FltProject *project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;
  const char *name = project ? flt_project_get_name (project) : NULL;

  if (self->engine == NULL || self->connecting || name == NULL)
    return;

  if (self->state == NULL || g_strcmp0 (self->state_project, name) != 0)
    {
      if (self->state != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->state, self);
          flt_project_state_stop (self->state);
          g_clear_object (&self->state);
        }
      g_free (self->state_project);
      self->state_project = g_strdup (name);
      self->state = flt_project_state_new (self->engine, name);
      g_signal_connect_object (self->state, "connection-changed", G_CALLBACK (state_connection_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->state, "container-added", G_CALLBACK (state_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->state, "container-changed", G_CALLBACK (state_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->state, "container-removed", G_CALLBACK (state_changed_cb),
                               self, G_CONNECT_SWAPPED);
      flt_project_state_start (self->state);
      flt_sidebar_set_state (self->sidebar, self->state);
      _flt_window_graph_set_state (self);
    }
  _flt_window_stack_follow (self);
  _flt_window_rooms_follow_logs (self);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FltWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = flt_engine_connect_finish (FLT_ENGINE (object), result, &error);

  /* The window switched to another engine meanwhile. */
  if (FLT_ENGINE (object) != self->engine)
    return;

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->connecting = FALSE;
      g_clear_object (&self->engine);
      show_banner (self, error->message);
      _flt_window_update_actions (self);
      _flt_window_update_title (self);
      return;
    }

  self->connecting = FALSE;
  show_banner (self, NULL);
  _flt_window_engine_follow (self);
  _flt_window_engine_refresh_images (self);
  _flt_window_update_actions (self);
  _flt_window_update_title (self);
}

/* Asks the engine for its local images, for the image field's suggestions. */
void
_flt_window_engine_refresh_images (FltWindow *self)
{
  g_return_if_fail (self->engine != NULL);

  flt_engine_call_async (self->engine, "GET", "/images/json", NULL, self->cancellable,
                         images_cb, g_object_ref (self));
}

void
_flt_window_engine_disconnect (FltWindow *self)
{
  if (self->state != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->state, self);
      flt_project_state_stop (self->state);
      g_clear_object (&self->state);
    }
  g_clear_pointer (&self->state_project, g_free);
  if (self->sidebar != NULL)
    flt_sidebar_set_state (self->sidebar, NULL);
  g_clear_object (&self->engine);
  self->connecting = FALSE;
  _flt_window_stack_follow (self);
  _flt_window_graph_set_state (self);
  if (self->logs_page != NULL)
    _flt_window_rooms_follow_logs (self);
}

/* Connects to the engine the window chose (flt-window-remote.c). */
void
_flt_window_engine_connect (FltWindow *self)
{
  g_autoptr(FltEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  if (self->connecting || self->workspace == NULL)
    return;
  _flt_window_engine_disconnect (self);

  /* The window's own choice (flt-window-remote.c), else the preferences'
   * engine, else the one the docker CLI would use. */
  endpoint = _flt_window_remote_resolve (self, &error);
  if (endpoint == NULL)
    {
      show_banner (self, error->message);
      _flt_window_update_actions (self);
      return;
    }

  self->engine = flt_engine_new (endpoint);
  self->connecting = TRUE;
  flt_engine_connect_async (self->engine, self->cancellable, connected_cb, g_object_ref (self));
  _flt_window_update_actions (self);
  _flt_window_update_title (self);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _flt_window_engine_connect (FLT_WINDOW (widget));
}

/* The project deployed as a stack: how many of the file's services run
 * all the tasks they should. */
static char *
describe_stack (FltWindow  *self,
                FltProject *project)
{
  GPtrArray *services = flt_project_get_service_list (project);
  guint n_up = 0;

  for (guint i = 0; i < services->len; i++)
    {
      FltServiceStatus status;

      flt_stack_state_get_service_status (self->stack_state,
                                          flt_service_get_name (g_ptr_array_index (services, i)), &status);
      if (status.kind == FLT_SERVICE_RUNNING)
        n_up++;
    }
  /* Translators: the header's subtitle while the project runs as a
   * Swarm stack; "2 of 3 services running on the Swarm" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u of %u service running on the Swarm",
                                       "%u of %u services running on the Swarm",
                                       services->len),
                          n_up, services->len);
}

/**
 * _flt_window_describe_state:
 *
 * Returns: (transfer full) (nullable): the header's subtitle: what the
 *   project is doing on the engine
 */
char *
_flt_window_describe_state (FltWindow *self)
{
  FltProject *project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;
  GPtrArray *services;
  guint n_up = 0, n_problems = 0;

  if (project == NULL)
    return NULL;
  if (self->connecting)
    return g_strdup (_("Connecting to the Docker Engine…"));
  if (self->engine == NULL)
    return g_strdup (_("No Docker Engine"));
  if (self->stack_state != NULL && flt_stack_state_is_deployed (self->stack_state))
    return describe_stack (self, project);
  if (self->state == NULL || !flt_project_state_is_connected (self->state))
    return g_strdup (_("Waiting for the Docker Engine…"));

  services = flt_project_get_service_list (project);
  for (guint i = 0; i < services->len; i++)
    {
      g_autoptr(GPtrArray) containers =
        flt_project_state_list_service_containers (self->state,
                                                   flt_service_get_name (g_ptr_array_index (services, i)));
      FltServiceStatus status;

      flt_service_status_compute (&status, containers);
      if (flt_service_status_is_up (&status))
        n_up++;
      if (status.kind == FLT_SERVICE_UNHEALTHY || status.kind == FLT_SERVICE_RESTARTING ||
          (status.kind == FLT_SERVICE_EXITED && status.exit_code != 0))
        n_problems++;
    }

  if (n_up == 0)
    return g_strdup (_("Not running"));
  if (n_problems > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u services running, %u needs attention",
                                         "%u of %u services running, %u need attention",
                                         n_problems),
                            n_up, services->len, n_problems);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u of %u service running",
                                       "%u of %u services running",
                                       services->len),
                          n_up, services->len);
}

static void
endpoint_changed_cb (FltWindow *self)
{
  if (self->workspace != NULL)
    _flt_window_engine_connect (self);
}

void
_flt_window_class_engine_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
}

void
_flt_window_engine_init (FltWindow *self)
{
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::engine-endpoint",
                             G_CALLBACK (endpoint_changed_cb), self, G_CONNECT_SWAPPED);
}
