/* flt-ports-editor.c: the published ports of a service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One FltPortRow per entry of `services.<name>.ports`.  The rows check
 * their host ports against what the other services publish, so the editor
 * hands them that list, made once per project.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-ports-editor.h"

struct _FltPortsEditor
{
  FltListEditor   parent_instance;

  /* Owned references */
  FltEnvironment *environment;
  GPtrArray      *others;        /* FltPortClaim */
};

G_DEFINE_FINAL_TYPE (FltPortsEditor, flt_ports_editor, FLT_TYPE_LIST_EDITOR)

static const FltNode *
ports_node (FltService *service)
{
  const FltNode *node = service != NULL ? flt_service_get_field (service, "ports") : NULL;

  return flt_node_is_sequence (node) ? node : NULL;
}

static FltListRow *
flt_ports_editor_create_row (FltListEditor *editor)
{
  return FLT_LIST_ROW (flt_port_row_new ());
}

static GPtrArray *
collect_others (FltProject *project,
                FltService *service)
{
  GPtrArray *services = flt_project_get_service_list (project);
  GPtrArray *others = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_port_claim_free);

  for (guint i = 0; i < services->len; i++)
    {
      FltService *other = g_ptr_array_index (services, i);
      GPtrArray *ports;

      if (other == service || !flt_service_get_enabled (other))
        continue;
      ports = flt_service_get_ports (other);
      for (guint j = 0; j < ports->len; j++)
        {
          const FltPort *port = g_ptr_array_index (ports, j);
          FltPortClaim *published;

          /* A range is a pool Docker picks from: only fixed ports clash. */
          if (port->published_start == 0 || port->published_start != port->published_end)
            continue;
          published = g_new0 (FltPortClaim, 1);
          published->service = g_strdup (flt_service_get_name (other));
          published->host_ip = g_strdup (port->host_ip);
          published->port = port->published_start;
          published->protocol = g_strdup (port->protocol);
          g_ptr_array_add (others, published);
        }
    }
  return others;
}

static void
flt_ports_editor_prepare (FltListEditor *editor,
                          FltProject    *project,
                          FltService    *service)
{
  FltPortsEditor *self = FLT_PORTS_EDITOR (editor);

  g_set_object (&self->environment, flt_project_get_environment (project));
  g_clear_pointer (&self->others, g_ptr_array_unref);
  self->others = collect_others (project, service);
}

static guint
flt_ports_editor_get_n_entries (FltListEditor *editor,
                                FltService    *service)
{
  const FltNode *ports = ports_node (service);

  return ports != NULL ? ports->n_items : 0;
}

static char *
flt_ports_editor_dup_entry_path (FltListEditor *editor,
                                 FltService    *service,
                                 guint          index)
{
  g_autofree char *list_path = flt_list_editor_dup_list_path (editor);

  return flt_path_append_index (list_path, index);
}

static void
flt_ports_editor_update_row (FltListEditor *editor,
                             FltListRow    *row,
                             FltProject    *project,
                             FltService    *service,
                             guint          index,
                             const char    *path)
{
  FltPortsEditor *self = FLT_PORTS_EDITOR (editor);

  flt_port_row_update (FLT_PORT_ROW (row), path, ports_node (service)->items[index],
                       self->environment, self->others);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FltPortsEditor *self = FLT_PORTS_EDITOR (widget);
  FltPortRow *row = flt_port_row_new ();

  flt_port_row_set_context (row, self->environment, self->others);
  flt_list_editor_append_draft (FLT_LIST_EDITOR (self), FLT_LIST_ROW (row));
}

static void
flt_ports_editor_dispose (GObject *object)
{
  FltPortsEditor *self = FLT_PORTS_EDITOR (object);

  g_clear_object (&self->environment);
  g_clear_pointer (&self->others, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_PORTS_EDITOR);

  G_OBJECT_CLASS (flt_ports_editor_parent_class)->dispose (object);
}

static void
flt_ports_editor_class_init (FltPortsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FltListEditorClass *editor_class = FLT_LIST_EDITOR_CLASS (klass);

  object_class->dispose = flt_ports_editor_dispose;

  editor_class->list_key = "ports";
  editor_class->add_action = "ports.add";
  editor_class->create_row = flt_ports_editor_create_row;
  editor_class->prepare = flt_ports_editor_prepare;
  editor_class->get_n_entries = flt_ports_editor_get_n_entries;
  editor_class->dup_entry_path = flt_ports_editor_dup_entry_path;
  editor_class->update_row = flt_ports_editor_update_row;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-ports-editor.ui");
  gtk_widget_class_install_action (widget_class, "ports.add", NULL, add_action);
}

static void
flt_ports_editor_init (FltPortsEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  flt_list_editor_set_placeholder_text (FLT_LIST_EDITOR (self),
                                        _("No ports are published: the service is reachable only from "
                                          "other services of the project"));
}

GtkWidget *
flt_ports_editor_new (void)
{
  return g_object_new (FLT_TYPE_PORTS_EDITOR, NULL);
}

/**
 * flt_ports_editor_set_service:
 * @workspace: (nullable): the open file; %NULL unbinds the editor
 * @service_name: (nullable): the service whose ports to show
 *
 * Shows and edits `services.<service_name>.ports` of @workspace, following
 * its project as it changes.
 */
void
flt_ports_editor_set_service (FltPortsEditor *self,
                              FltWorkspace   *workspace,
                              const char     *service_name)
{
  g_return_if_fail (FLT_IS_PORTS_EDITOR (self));

  flt_list_editor_set_service (FLT_LIST_EDITOR (self), workspace, service_name);
}
