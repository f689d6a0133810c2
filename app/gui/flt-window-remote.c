/* flt-window-remote.c: which Docker Engine a window uses — automatic, this
 * computer's, a Docker context or an address typed in — and the warning
 * that bind mounts name folders on the engine's machine
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each window chooses for itself, so two windows can show one project on
 * two engines.  The choice is remembered per compose file (the setting
 * engine-choices), as one of:
 *
 *   ""              automatic: the preferences' engine, else what the
 *                   docker CLI would use (DOCKER_HOST, DOCKER_CONTEXT, the
 *                   current context, the local socket)
 *   "context:NAME"  a Docker context; "context:default" is this computer's
 *                   engine (DOCKER_HOST or the local socket)
 *   "url:ADDRESS"   unix://, tcp:// or ssh://, typed in
 *
 * Changing it reconnects the window: the project's state, logs and graph
 * all follow the window's engine.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "flt-endpoint.h"
#include "flt-window-private.h"

#define CHOICES_KEY "engine-choices"

typedef struct
{
  char *choice;
  char *file_uri;           /* the file the choice belongs to */
  char *binds_seen;         /* the engine whose bind mount warning was accepted */
  GSimpleActionGroup *group;
  GMenu *menu;
  GtkLabel *label;
} Remote;

static void
remote_free (Remote *remote)
{
  g_free (remote->choice);
  g_free (remote->file_uri);
  g_free (remote->binds_seen);
  g_clear_object (&remote->group);
  g_clear_object (&remote->menu);
  g_free (remote);
}

static Remote *
get_remote (FltWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "flt-window-remote");
}

static gboolean
settings_have_choices (FltWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, CHOICES_KEY);
}

static char *
file_uri (FltWindow *self)
{
  return self->file ? g_file_get_uri (self->file) : NULL;
}

/* The window's choice; when the file changed since it was made, the one
 * remembered for the new file. */
static const char *
current_choice (FltWindow *self)
{
  Remote *remote = get_remote (self);
  g_autofree char *uri = file_uri (self);

  if (remote == NULL)
    return "";
  if (g_strcmp0 (uri, remote->file_uri) != 0)
    {
      g_autofree char *remembered = NULL;

      if (uri != NULL && settings_have_choices (self))
        {
          g_autoptr(GVariant) choices = g_settings_get_value (self->settings, CHOICES_KEY);

          g_variant_lookup (choices, uri, "s", &remembered);
        }
      g_free (remote->choice);
      remote->choice = remembered ? g_steal_pointer (&remembered) : g_strdup ("");
      g_free (remote->file_uri);
      remote->file_uri = g_steal_pointer (&uri);
    }
  return remote->choice;
}

static void
remember_choice (FltWindow  *self,
                 const char *choice)
{
  g_autofree char *uri = file_uri (self);
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  if (uri == NULL || !settings_have_choices (self))
    return;

  old = g_settings_get_value (self->settings, CHOICES_KEY);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, uri))
      g_variant_builder_add (&builder, "{ss}", key, value);
  /* Automatic is what a file without an entry gets. */
  if (*choice != '\0')
    g_variant_builder_add (&builder, "{ss}", uri, choice);
  g_settings_set_value (self->settings, CHOICES_KEY, g_variant_builder_end (&builder));
}

/* What the button says: short, the whole address is in its tooltip. */
static char *
short_name (const char        *choice,
            const FltEndpoint *endpoint)
{
  if (g_str_has_prefix (choice, "context:") && !g_str_equal (choice, "context:default"))
    return g_strdup (choice + strlen ("context:"));
  if (endpoint == NULL)
    return g_strdup (C_("engine", "No Engine"));
  if (endpoint->context != NULL)
    return g_strdup (endpoint->context);
  if (endpoint->kind == FLT_ENDPOINT_UNIX)
    /* Translators: the engine switcher's label for the engine on this computer */
    return g_strdup (C_("engine", "Local"));
  if (endpoint->kind == FLT_ENDPOINT_SSH && endpoint->user != NULL)
    return g_strdup_printf ("%s@%s", endpoint->user, endpoint->host);
  return g_strdup (endpoint->host);
}

static void
update_button (FltWindow         *self,
               const char        *choice,
               const FltEndpoint *endpoint,
               const GError      *error)
{
  Remote *remote = get_remote (self);
  g_autofree char *name = short_name (choice, endpoint);
  g_autofree char *tooltip = NULL;
  GAction *action;

  if (remote == NULL)
    return;

  gtk_label_set_label (remote->label, name);
  if (endpoint != NULL)
    /* Translators: the engine switcher's tooltip; the first %s is an address like tcp://host:2376,
       the second where it comes from, e.g. "DOCKER_HOST" or "the context “prod”" */
    tooltip = g_strdup_printf (_("Docker Engine: %s (from %s)"), endpoint->uri, endpoint->source);
  else
    tooltip = g_strdup (error ? error->message : _("No Docker Engine"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->engine_button), tooltip);

  action = g_action_map_lookup_action (G_ACTION_MAP (remote->group), "choose");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (choice));
}

/**
 * _flt_window_remote_resolve:
 *
 * The engine this window's choice names; with no choice, the preferences'
 * engine, else the one the docker CLI would use.
 *
 * Returns: (transfer full): the endpoint, or %NULL with @error set
 */
FltEndpoint *
_flt_window_remote_resolve (FltWindow  *self,
                            GError    **error)
{
  const char *choice = current_choice (self);
  g_autoptr(FltEndpoint) endpoint = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_str_has_prefix (choice, "context:"))
    endpoint = flt_endpoint_for_context (choice + strlen ("context:"), NULL, &local_error);
  else if (g_str_has_prefix (choice, "url:"))
    {
      /* As -H: DOCKER_TLS_VERIFY and DOCKER_CERT_PATH give a tcp://
       * address its certificates. */
      endpoint = flt_endpoint_resolve_full (choice + strlen ("url:"), NULL, NULL, NULL, &local_error);
      if (endpoint != NULL)
        {
          g_free (endpoint->source);
          endpoint->source = g_strdup (_("the address chosen for this window"));
        }
    }
  else
    {
      g_autofree char *uri = self->settings ? g_settings_get_string (self->settings, "engine-endpoint") : NULL;

      if (uri != NULL && *uri != '\0')
        endpoint = flt_endpoint_parse (uri, _("the preferences"), &local_error);
      else
        endpoint = flt_endpoint_resolve (NULL, NULL, NULL, &local_error);
    }

  update_button (self, choice, endpoint, local_error);
  if (endpoint == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return g_steal_pointer (&endpoint);
}

/**
 * _flt_window_remote_choose:
 * @choice: "", "context:NAME" or "url:ADDRESS"
 *
 * Switches the window to another engine and remembers it for the file.
 */
void
_flt_window_remote_choose (FltWindow  *self,
                           const char *choice)
{
  Remote *remote = get_remote (self);

  g_return_if_fail (remote != NULL);

  current_choice (self);
  if (g_strcmp0 (remote->choice, choice) == 0 && (self->engine != NULL || self->connecting))
    return;
  g_free (remote->choice);
  remote->choice = g_strdup (choice);
  remember_choice (self, choice);
  if (self->workspace != NULL)
    {
      /* A connection still being made is dropped. */
      _flt_window_engine_disconnect (self);
      _flt_window_engine_connect (self);
    }
  else
    update_button (self, choice, NULL, NULL);
}

const char *
_flt_window_remote_get_choice (FltWindow *self)
{
  return current_choice (self);
}

static void
choose_cb (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  _flt_window_remote_choose (FLT_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

/* The custom address dialog */

typedef struct
{
  FltWindow *window;
  GtkEditable *entry;
  GtkLabel *problem;
} Custom;

static void
custom_free (Custom *custom)
{
  g_free (custom);
}

static void
custom_changed_cb (GtkEditable *entry,
                   gpointer     user_data)
{
  AdwMessageDialog *dialog = user_data;
  Custom *custom = g_object_get_data (G_OBJECT (dialog), "flt-custom");
  const char *text = gtk_editable_get_text (entry);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltEndpoint) endpoint = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped != '\0')
    endpoint = flt_endpoint_parse (stripped, _("the address typed in"), &error);
  adw_message_dialog_set_response_enabled (dialog, "connect", endpoint != NULL);
  gtk_label_set_label (custom->problem, *stripped != '\0' && error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (custom->problem), *stripped != '\0' && error != NULL);
}

static void
custom_response_cb (gpointer    data,
                    const char *response)
{
  Custom *custom = data;
  g_autofree char *address = NULL;
  g_autofree char *choice = NULL;

  if (g_strcmp0 (response, "connect") != 0)
    return;
  address = g_strstrip (g_strdup (gtk_editable_get_text (custom->entry)));
  if (*address == '\0')
    return;
  choice = g_strconcat ("url:", address, NULL);
  _flt_window_remote_choose (custom->window, choice);
}

static void
custom_activate_cb (GtkEntry *entry,
                    gpointer  user_data)
{
  AdwMessageDialog *dialog = user_data;

  if (adw_message_dialog_get_response_enabled (dialog, "connect"))
    adw_message_dialog_response (dialog, "connect");
}

static void
custom_cb (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  FltWindow *self = FLT_WINDOW (user_data);
  const char *choice = current_choice (self);
  Custom *custom = g_new0 (Custom, 1);
  GtkWidget *dialog, *box, *entry, *problem;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Connect to a Docker Engine"),
                                   _("unix:///path/to/docker.sock, tcp://HOST:2376 or ssh://USER@HOST. "
                                     "Over TCP, TLS follows DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; "
                                     "ssh logs in with your key."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "ssh://user@host");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Engine address"), -1);
  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_add_css_class (problem, "caption");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), problem);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  custom->window = self;
  custom->entry = GTK_EDITABLE (entry);
  custom->problem = GTK_LABEL (problem);
  g_object_set_data (G_OBJECT (dialog), "flt-custom", custom);
  g_signal_connect (entry, "changed", G_CALLBACK (custom_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (custom_activate_cb), dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), g_str_has_prefix (choice, "url:") ? choice + strlen ("url:") : "");
  custom_changed_cb (GTK_EDITABLE (entry), dialog);

  _flt_window_ask (self, dialog, custom_response_cb, custom, (GDestroyNotify) custom_free);
  gtk_widget_grab_focus (entry);
}

/* The menu, made anew each time it opens: contexts come and go. */
static void
rebuild_menu (FltWindow *self)
{
  Remote *remote = get_remote (self);
  const char *choice = current_choice (self);
  g_autoptr(GPtrArray) contexts = flt_endpoint_list_context_details (NULL);
  g_autoptr(GMenu) engines = g_menu_new ();
  g_autoptr(GMenu) custom = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;

  g_menu_remove_all (remote->menu);

  /* Translators: the engine switcher's item for the engine the docker command would use */
  item = g_menu_item_new (C_("engine", "Automatic"), NULL);
  g_menu_item_set_action_and_target (item, "engine.choose", "s", "");
  g_menu_append_item (engines, item);
  g_clear_object (&item);

  for (guint i = 0; i < contexts->len; i++)
    {
      FltDockerContext *context = g_ptr_array_index (contexts, i);
      g_autofree char *target = g_strconcat ("context:", context->name, NULL);
      g_autofree char *label = NULL;

      if (g_str_equal (context->name, "default"))
        /* Translators: the engine switcher's item for the engine on this computer (or DOCKER_HOST) */
        label = g_strdup (C_("engine", "This Computer"));
      else if (context->host != NULL)
        /* Translators: an engine switcher item: a Docker context's name, then its address */
        label = g_strdup_printf (C_("engine", "%s — %s"), context->name, context->host);
      else
        label = g_strdup (context->name);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "engine.choose", "s", target);
      g_menu_append_item (engines, item);
      g_clear_object (&item);
    }

  if (g_str_has_prefix (choice, "url:"))
    {
      item = g_menu_item_new (choice + strlen ("url:"), NULL);
      g_menu_item_set_action_and_target (item, "engine.choose", "s", choice);
      g_menu_append_item (engines, item);
      g_clear_object (&item);
    }

  g_menu_append (custom, _("Other _Address…"), "engine.custom");
  g_menu_append_section (remote->menu, _("Docker Engine"), G_MENU_MODEL (engines));
  g_menu_append_section (remote->menu, NULL, G_MENU_MODEL (custom));
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  rebuild_menu (FLT_WINDOW (user_data));
}

/**
 * _flt_window_remote_describe_binds:
 *
 * Returns: (transfer full) (nullable): for an engine on another machine,
 *   a warning that lists the project's bind mounts, whose paths are read
 *   there; %NULL when the engine is local or nothing is bind-mounted
 */
char *
_flt_window_remote_describe_binds (const FltEndpoint *endpoint,
                                   FltProject        *project)
{
  g_autoptr(GString) list = g_string_new (NULL);
  GPtrArray *services;
  guint n = 0;

  if (endpoint == NULL || project == NULL || flt_endpoint_is_local (endpoint))
    return NULL;

  services = flt_project_get_service_list (project);
  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      GPtrArray *mounts = flt_service_get_volumes (service);

      for (guint j = 0; mounts != NULL && j < mounts->len; j++)
        {
          FltMount *mount = g_ptr_array_index (mounts, j);

          if (mount->type != FLT_MOUNT_BIND || mount->source == NULL)
            continue;
          /* Translators: one line of the bind mount list: service, host path, path in the container */
          g_string_append_printf (list, _("%s: %s → %s"), flt_service_get_name (service), mount->source,
                                  mount->target ? mount->target : "");
          g_string_append_c (list, '\n');
          n++;
        }
    }
  if (n == 0)
    return NULL;

  g_strchomp (list->str);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The engine at %s runs on another machine: %u bind mount names a "
                                       "folder there, not on this computer, and Docker creates it empty if "
                                       "it is missing:\n%s",
                                       "The engine at %s runs on another machine: %u bind mounts name "
                                       "folders there, not on this computer, and Docker creates them empty "
                                       "if they are missing:\n%s", n),
                          endpoint->uri, n, list->str);
}

/**
 * _flt_window_remote_bind_warning:
 *
 * Returns: (transfer full) (nullable): the bind mount warning for Up on
 *   the window's engine, until it is accepted for that engine
 */
char *
_flt_window_remote_bind_warning (FltWindow *self)
{
  Remote *remote = get_remote (self);
  const FltEndpoint *endpoint = self->engine ? flt_engine_get_endpoint (self->engine) : NULL;
  FltProject *project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;

  if (remote == NULL || endpoint == NULL || g_strcmp0 (remote->binds_seen, endpoint->uri) == 0)
    return NULL;
  return _flt_window_remote_describe_binds (endpoint, project);
}

void
_flt_window_remote_acknowledge_binds (FltWindow *self)
{
  Remote *remote = get_remote (self);

  if (remote == NULL || self->engine == NULL)
    return;
  g_free (remote->binds_seen);
  remote->binds_seen = g_strdup (flt_engine_get_endpoint (self->engine)->uri);
}

void
_flt_window_remote_init (FltWindow *self)
{
  Remote *remote = g_new0 (Remote, 1);
  static const GActionEntry entries[] = {
    { "choose", choose_cb, "s", "''", NULL },
    { "custom", custom_cb, NULL, NULL, NULL },
  };
  GtkWidget *box, *icon, *label;

  remote->choice = g_strdup ("");
  remote->group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (remote->group), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "engine", G_ACTION_GROUP (remote->group));
  remote->menu = g_menu_new ();
  g_object_set_data_full (G_OBJECT (self), "flt-window-remote", remote, (GDestroyNotify) remote_free);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  icon = gtk_image_new_from_icon_name ("network-server-symbolic");
  label = gtk_label_new (C_("engine", "Automatic"));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  remote->label = GTK_LABEL (label);
  gtk_menu_button_set_child (self->engine_button, box);
  gtk_menu_button_set_always_show_arrow (self->engine_button, TRUE);
  gtk_menu_button_set_menu_model (self->engine_button, G_MENU_MODEL (remote->menu));
  gtk_menu_button_set_create_popup_func (self->engine_button, create_popup_cb, self, NULL);
}
