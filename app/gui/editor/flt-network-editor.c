/* flt-network-editor.c: the form of one top-level network
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits `networks.<key>` the way the service form edits a service: every
 * field writes a minimal patch through FltForm.  The subnet and gateway
 * are the first entry of `ipam.config`, which is written when the first of
 * them is set and removed with the last.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-form.h"
#include "flt-mapping-editor.h"
#include "flt-network-editor.h"
#include "flt-suggestion-popover.h"

struct _FltNetworkEditor
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkButton            *declare_button;
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *problems_group;
  GtkListBox           *problems_list;
  AdwPreferencesGroup  *general_group;
  GtkListBox           *general_list;
  AdwEntryRow          *driver_row;
  AdwEntryRow          *name_row;
  AdwActionRow         *external_row;
  GtkSwitch            *external_switch;
  AdwActionRow         *internal_row;
  GtkSwitch            *internal_switch;
  AdwActionRow         *attachable_row;
  GtkSwitch            *attachable_switch;
  AdwActionRow         *ipv6_row;
  GtkSwitch            *ipv6_switch;
  AdwPreferencesGroup  *ipam_group;
  GtkListBox           *ipam_list;
  AdwEntryRow          *subnet_row;
  AdwEntryRow          *gateway_row;
  FltMappingEditor     *driver_opts_editor;
  FltMappingEditor     *labels_editor;

  /* Owned references */
  FltForm              *form;
  char                 *name;
  FltSuggestionPopover *driver_suggestions;
};

G_DEFINE_FINAL_TYPE (FltNetworkEditor, flt_network_editor, ADW_TYPE_BIN)

/* The drivers the engine ships with, as suggestions. */
static const char * const drivers[] = { "bridge", "overlay", "host", "none", "macvlan", "ipvlan", NULL };

static char *
flt_network_editor_ipam_display (FltForm    *form,
                                 const char *subpath,
                                 gpointer    user_data)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (form, subpath));

  if (node == NULL || node->kind != FLT_NODE_SCALAR || node->is_null)
    return g_strdup ("");
  return g_strdup (node->value);
}

/* Writes `ipam.config[0].subnet` (or `.gateway`), making the list and its
 * first entry when the file has neither. */
static gboolean
flt_network_editor_ipam_apply (FltForm    *form,
                               GtkWidget  *row,
                               const char *subpath,
                               const char *text,
                               gpointer    user_data)
{
  const char *key = user_data;
  g_autofree char *value = g_strstrip (g_strdup (text));
  g_autofree char *encoded = NULL;
  g_autofree char *item = NULL;
  const FltNode *config;

  if (*value == '\0')
    return flt_form_remove (form, row, subpath, FLT_FORM_REMOVE_PRUNE);

  config = flt_node_deref (flt_form_lookup (form, "ipam.config"));
  if (config != NULL && config->kind == FLT_NODE_SEQUENCE && config->n_items > 0 &&
      flt_node_is_mapping (flt_node_deref (config->items[0])))
    return flt_form_set_string (form, row, subpath, value);

  encoded = flt_form_encode_string (value);
  item = g_strdup_printf ("%s: %s", key, encoded);
  if (config != NULL && config->kind == FLT_NODE_SEQUENCE)
    return flt_form_add_item (form, row, "ipam.config", item, FLT_EDIT_YAML);

  {
    g_autofree char *list = g_strconcat ("- ", item, NULL);

    return flt_form_set (form, row, "ipam.config", list, FLT_EDIT_YAML);
  }
}

static void
flt_network_editor_refresh_cb (FltNetworkEditor *self)
{
  FltFormState state = flt_form_get_state (self->form);
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->declare_button), FALSE);

  switch (state)
    {
    case FLT_FORM_EMPTY:
      adw_status_page_set_title (self->empty_page, _("No Network Selected"));
      adw_status_page_set_description (self->empty_page, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;

    case FLT_FORM_MISSING:
      if (g_strcmp0 (self->name, "default") == 0)
        {
          adw_status_page_set_title (self->empty_page, _("The Default Network"));
          adw_status_page_set_description (self->empty_page,
                                           _("Compose makes this network for the services that name "
                                             "no other. Add it to the file to set its driver, "
                                             "addresses or labels."));
          gtk_widget_set_visible (GTK_WIDGET (self->declare_button), TRUE);
        }
      else
        {
          /* Translators: %s is a network's key in the compose file. */
          description = g_strdup_printf (_("The file has no network “%s” any more. It was removed "
                                           "or renamed; choose a network from the list."),
                                         self->name);
          adw_status_page_set_title (self->empty_page, _("Network Not Found"));
          adw_status_page_set_description (self->empty_page, description);
        }
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
  gtk_widget_set_sensitive (GTK_WIDGET (self->ipam_group), state == FLT_FORM_READY);
  gtk_widget_set_sensitive (GTK_WIDGET (self->driver_opts_editor), state == FLT_FORM_READY);
  gtk_widget_set_sensitive (GTK_WIDGET (self->labels_editor), state == FLT_FORM_READY);
}

static void
flt_network_editor_driver_chosen_cb (FltNetworkEditor *self)
{
  flt_form_apply (self->form, GTK_WIDGET (self->driver_row));
}

static void
flt_network_editor_declare_clicked_cb (FltNetworkEditor *self)
{
  FltWorkspace *workspace = flt_form_get_workspace (self->form);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (workspace == NULL || self->name == NULL)
    return;

  path = flt_path_append_key ("networks", self->name);
  if (!flt_document_set_value (flt_workspace_get_document (workspace), path, "{}", FLT_EDIT_YAML, &error))
    adw_status_page_set_description (self->empty_page, error->message);
}

/**
 * flt_network_editor_set_network:
 * @workspace: (nullable): the open file
 * @name: (nullable): the network's key under `networks`
 */
void
flt_network_editor_set_network (FltNetworkEditor *self,
                                FltWorkspace     *workspace,
                                const char       *name)
{
  g_autofree char *base = NULL;

  g_return_if_fail (FLT_IS_NETWORK_EDITOR (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (workspace != NULL && name != NULL)
    base = flt_path_append_key ("networks", name);

  flt_form_flush (self->form);
  g_free (self->name);
  self->name = g_strdup (name);
  flt_form_set_target (self->form, workspace, base);
}

const char *
flt_network_editor_get_network_name (FltNetworkEditor *self)
{
  g_return_val_if_fail (FLT_IS_NETWORK_EDITOR (self), NULL);

  return self->name;
}

static void
flt_network_editor_dispose (GObject *object)
{
  FltNetworkEditor *self = FLT_NETWORK_EDITOR (object);

  if (self->form != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->form, self);
      flt_form_detach (self->form);
    }
  if (self->driver_suggestions != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->driver_suggestions));
      self->driver_suggestions = NULL;
    }

  /* The stack is both AdwBin's child and a template child: AdwBin lets go
   * of it first, so that it is unparented once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_NETWORK_EDITOR);

  g_clear_object (&self->form);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (flt_network_editor_parent_class)->dispose (object);
}

static void
flt_network_editor_class_init (FltNetworkEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_network_editor_dispose;

  g_type_ensure (FLT_TYPE_MAPPING_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-network-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, declare_button);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, page);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, problems_group);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, general_group);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, general_list);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, driver_row);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, external_row);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, external_switch);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, internal_row);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, internal_switch);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, attachable_row);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, attachable_switch);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, ipv6_row);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, ipv6_switch);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, ipam_group);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, ipam_list);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, subnet_row);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, gateway_row);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, driver_opts_editor);
  gtk_widget_class_bind_template_child (widget_class, FltNetworkEditor, labels_editor);
  gtk_widget_class_bind_template_callback (widget_class, flt_network_editor_declare_clicked_cb);
}

static void
flt_network_editor_init (FltNetworkEditor *self)
{
  g_autoptr(GtkStringList) driver_names = gtk_string_list_new (drivers);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->form = flt_form_new ();
  flt_form_set_problems (self->form, self->problems_group, self->problems_list);
  g_signal_connect_object (self->form, "refresh",
                           G_CALLBACK (flt_network_editor_refresh_cb), self, G_CONNECT_SWAPPED);

  flt_form_add_entry (self->form, GTK_WIDGET (self->driver_row), GTK_EDITABLE (self->driver_row),
                      "driver", FLT_FIELD_STRING);
  flt_form_add_entry (self->form, GTK_WIDGET (self->name_row), GTK_EDITABLE (self->name_row),
                      "name", FLT_FIELD_STRING);
  flt_form_add_switch (self->form, GTK_WIDGET (self->external_row), self->external_switch, "external");
  flt_form_add_switch (self->form, GTK_WIDGET (self->internal_row), self->internal_switch, "internal");
  flt_form_add_switch (self->form, GTK_WIDGET (self->attachable_row), self->attachable_switch, "attachable");
  flt_form_add_switch (self->form, GTK_WIDGET (self->ipv6_row), self->ipv6_switch, "enable_ipv6");
  flt_form_add_custom_entry (self->form, GTK_WIDGET (self->subnet_row), GTK_EDITABLE (self->subnet_row),
                             "ipam.config[0].subnet",
                             flt_network_editor_ipam_display, flt_network_editor_ipam_apply,
                             (gpointer) "subnet");
  flt_form_add_custom_entry (self->form, GTK_WIDGET (self->gateway_row), GTK_EDITABLE (self->gateway_row),
                             "ipam.config[0].gateway",
                             flt_network_editor_ipam_display, flt_network_editor_ipam_apply,
                             (gpointer) "gateway");
  flt_form_track (self->form, GTK_WIDGET (self->ipam_list), "ipam");

  flt_mapping_editor_bind (self->driver_opts_editor, self->form, "driver_opts");
  flt_mapping_editor_bind (self->labels_editor, self->form, "labels");

  self->driver_suggestions = flt_suggestion_popover_new ();
  flt_suggestion_popover_set_model (self->driver_suggestions, G_LIST_MODEL (driver_names));
  flt_suggestion_popover_attach (self->driver_suggestions, GTK_WIDGET (self->driver_row));
  g_signal_connect_object (self->driver_suggestions, "chosen",
                           G_CALLBACK (flt_network_editor_driver_chosen_cb), self, G_CONNECT_SWAPPED);

  flt_form_refresh (self->form);
}

FltNetworkEditor *
flt_network_editor_new (void)
{
  return g_object_new (FLT_TYPE_NETWORK_EDITOR, NULL);
}

/**
 * flt_network_editor_flush:
 *
 * Writes what is being typed now instead of after the pause: for the
 * window, before it saves, runs or undoes.
 */
void
flt_network_editor_flush (FltNetworkEditor *self)
{
  g_return_if_fail (FLT_IS_NETWORK_EDITOR (self));

  flt_form_flush (self->form);
}
