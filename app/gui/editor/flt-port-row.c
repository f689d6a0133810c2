/* flt-port-row.c: one published port of a service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fields show the entry as written, variables included.  An entry in
 * the short syntax ("127.0.0.1:8080:80/udp") is written back whole, in the
 * short syntax (the core keeps its quotes); one in the long syntax (a
 * mapping) has only the keys that changed set or removed.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-port-row.h"
#include "flt-short-syntax.h"

struct _FltPortRow
{
  FltListRow      parent_instance;

  /* Template widgets */
  GtkEntry       *host_ip;
  GtkEntry       *published;
  GtkEntry       *target;
  GtkDropDown    *protocol;
  GtkWidget      *remove_button;
  GtkWidget      *syntax_label;
  GtkBox         *message_box;

  /* Owned references */
  GPtrArray      *others;         /* FltPortClaim of the other services */
  FltPortFields   synced;         /* the entry as the file writes it */
  gboolean        long_syntax;
};

G_DEFINE_FINAL_TYPE (FltPortRow, flt_port_row, FLT_TYPE_LIST_ROW)

static const char * const protocols[] = { "tcp", "udp", "sctp" };

void
flt_port_claim_free (FltPortClaim *port)
{
  g_free (port->service);
  g_free (port->host_ip);
  g_free (port->protocol);
  g_free (port);
}

static const char *
field_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static char *
nullable_text (GtkEntry *entry)
{
  const char *text = field_text (entry);

  return *text != '\0' ? g_strdup (text) : NULL;
}

static const char *
selected_protocol (FltPortRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->protocol);

  return selected < G_N_ELEMENTS (protocols) ? protocols[selected] : protocols[0];
}

/* The protocol as it should be written: as the file wrote it when it is
 * still the one chosen, left out for TCP when the file left it out. */
static const char *
protocol_to_write (FltPortRow *self)
{
  const char *chosen = selected_protocol (self);

  if (self->synced.protocol != NULL && g_ascii_strcasecmp (self->synced.protocol, chosen) == 0)
    return self->synced.protocol;
  if (self->synced.protocol == NULL && g_str_equal (chosen, "tcp"))
    return NULL;
  return chosen;
}

static guint
protocol_index (const char *protocol)
{
  for (guint i = 0; protocol != NULL && i < G_N_ELEMENTS (protocols); i++)
    if (g_ascii_strcasecmp (protocol, protocols[i]) == 0)
      return i;
  return 0;
}

static gboolean
addresses_overlap (const char *a,
                   const char *b)
{
  gboolean any_a = a == NULL || *a == '\0' || g_str_equal (a, "0.0.0.0") || g_str_equal (a, "::");
  gboolean any_b = b == NULL || *b == '\0' || g_str_equal (b, "0.0.0.0") || g_str_equal (b, "::");

  return any_a || any_b || g_str_equal (a, b);
}

static char *
strip_brackets (const char *ip)
{
  gsize n = strlen (ip);

  if (n >= 2 && ip[0] == '[' && ip[n - 1] == ']')
    return g_strndup (ip + 1, n - 2);
  return g_strdup (ip);
}

static const FltPortClaim *
find_conflict (FltPortRow *self,
               const char *host_ip,
               guint       port,
               const char *protocol)
{
  for (guint i = 0; self->others != NULL && i < self->others->len; i++)
    {
      const FltPortClaim *other = g_ptr_array_index (self->others, i);

      if (other->port == port && g_strcmp0 (other->protocol, protocol) == 0 &&
          addresses_overlap (other->host_ip, host_ip))
        return other;
    }
  return NULL;
}

static void
append_line (GString    *s,
             const char *line)
{
  if (s->len > 0)
    g_string_append_c (s, '\n');
  g_string_append (s, line);
}

static gboolean
flt_port_row_check (FltListRow *row)
{
  FltPortRow *self = FLT_PORT_ROW (row);
  const char *ip = field_text (self->host_ip);
  const char *published = field_text (self->published);
  const char *target = field_text (self->target);
  g_autofree char *ip_resolved = NULL;
  g_autofree char *published_value = flt_list_row_resolve (FLT_LIST_ROW (self), published);
  g_autofree char *target_value = flt_list_row_resolve (FLT_LIST_ROW (self), target);
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autofree char *warning = NULL;
  g_autofree char *info = NULL;
  gboolean untouched = flt_list_row_get_draft (row) && !flt_list_row_get_dirty (row);
  gboolean ip_ok = TRUE, published_ok = TRUE, target_ok = TRUE;
  guint published_start = 0, published_end = 0, target_start = 0, target_end = 0;

  {
    g_autofree char *value = flt_list_row_resolve (FLT_LIST_ROW (self), ip);

    ip_resolved = strip_brackets (value);
  }

  if (*ip != '\0' && *ip_resolved != '\0' && !flt_check_ip_address (ip_resolved))
    {
      g_autofree char *line = g_strdup_printf (_("“%s” is not an IP address; leave Host IP empty to publish on every interface"),
                                               ip_resolved);

      ip_ok = FALSE;
      append_line (errors, line);
    }

  if (*published_value != '\0' && !flt_check_port_range (published_value, &published_start, &published_end))
    {
      g_autofree char *line = g_strdup_printf (_("The host port “%s” must be a number from 1 to 65535, or a range like 8000-8010"),
                                               published_value);

      published_ok = FALSE;
      append_line (errors, line);
    }

  if (*target == '\0')
    {
      target_ok = FALSE;
      if (!untouched)
        append_line (errors, _("Enter the container port: the port the service listens on in its container"));
    }
  else if (!flt_check_port_range (target_value, &target_start, &target_end))
    {
      g_autofree char *line = g_strdup_printf (_("The container port “%s” must be a number from 1 to 65535, or a range like 8000-8010"),
                                               target_value);

      target_ok = FALSE;
      append_line (errors, line);
    }

  if (published_ok && target_ok && published_start != 0 && target_start != target_end &&
      published_end - published_start != target_end - target_start)
    {
      g_autofree char *line = g_strdup_printf (_("The host ports %s and the container ports %s are ranges of "
                                                 "different sizes; make them the same size"),
                                               published_value, target_value);

      published_ok = target_ok = FALSE;
      append_line (errors, line);
    }

  /* The drop-down can only show the protocols there are. */
  if (self->synced.protocol != NULL && !flt_list_row_get_dirty (row) &&
      g_ascii_strcasecmp (self->synced.protocol, selected_protocol (self)) != 0)
    {
      g_autofree char *line = g_strdup_printf (_("The file names the protocol “%s”, which does not exist; "
                                                 "pick tcp, udp or sctp"), self->synced.protocol);

      append_line (errors, line);
    }

  flt_list_row_mark_field (GTK_WIDGET (self->host_ip), !ip_ok);
  flt_list_row_mark_field (GTK_WIDGET (self->published), !published_ok);
  flt_list_row_mark_field (GTK_WIDGET (self->target), !target_ok && !untouched);
  flt_list_row_set_message (row, FLT_ROW_MESSAGE_CHECK, errors->str);

  /* The core reports a conflict on the later of the two entries only;
   * the form shows it on both, as typed. */
  if (ip_ok && published_ok && target_ok && published_start != 0 &&
      published_start == published_end &&
      !flt_list_row_has_diagnostic (row, FLT_DIAGNOSTIC_PORT_CONFLICT))
    {
      const FltPortClaim *other = find_conflict (self, *ip_resolved ? ip_resolved : NULL,
                                                     published_start, selected_protocol (self));

      if (other != NULL)
        warning = g_strdup_printf (_("The host port %u/%s is also published by the service %s; "
                                     "only one of them can start, so change one of the two"),
                                   published_start, other->protocol, other->service);
    }
  flt_list_row_set_message (row, FLT_ROW_MESSAGE_WARNING, warning);

  if (ip_ok && published_ok && target_ok &&
      (flt_interpolate_has_references (ip) || flt_interpolate_has_references (published) ||
       flt_interpolate_has_references (target)))
    {
      FltPortFields resolved = {
        .host_ip = ip_resolved,
        .published = published_value,
        .target = target_value,
        .protocol = (char *) protocol_to_write (self),
      };
      g_autofree char *text = flt_port_fields_join (&resolved);

      info = g_strdup_printf (_("With the variables as they are set now, this is “%s”"), text);
    }
  flt_list_row_set_message (row, FLT_ROW_MESSAGE_INFO, info);

  return ip_ok && published_ok && target_ok;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

static gboolean
set_or_remove_key (FltDocument  *document,
                   const char   *path,
                   const char   *key,
                   const char   *value,
                   const char   *old_value,
                   GError      **error)
{
  g_autofree char *key_path = flt_path_append_key (path, key);

  if (same_text (value, old_value))
    return TRUE;
  if (value == NULL || *value == '\0')
    return flt_document_remove (document, key_path, error);
  return flt_document_set_value (document, key_path, value, FLT_EDIT_NONE, error);
}

static gboolean
flt_port_row_apply (FltListRow   *row,
                    FltDocument  *document,
                    const char   *path,
                    GError      **error)
{
  FltPortRow *self = FLT_PORT_ROW (row);
  g_autofree char *host_ip = nullable_text (self->host_ip);
  g_autofree char *published = nullable_text (self->published);
  g_autofree char *target = nullable_text (self->target);
  const char *protocol = protocol_to_write (self);
  FltPortFields fields = { host_ip, published, target, (char *) protocol };
  g_autofree char *text = NULL;

  if (self->long_syntax && !flt_list_row_get_draft (row))
    return set_or_remove_key (document, path, "target", target, self->synced.target, error) &&
           set_or_remove_key (document, path, "published", published, self->synced.published, error) &&
           set_or_remove_key (document, path, "host_ip", host_ip, self->synced.host_ip, error) &&
           set_or_remove_key (document, path, "protocol", protocol, self->synced.protocol, error);

  text = flt_port_fields_join (&fields);
  if (flt_list_row_get_draft (row))
    return flt_document_add_item (document, path, text, FLT_EDIT_NONE, error);

  if (same_text (host_ip, self->synced.host_ip) && same_text (published, self->synced.published) &&
      same_text (target, self->synced.target) && same_text (protocol, self->synced.protocol))
    return TRUE;
  return flt_document_set_value (document, path, text, FLT_EDIT_NONE, error);
}

/* The row checks the values of its fields itself, field by field; the
 * core's word on them would say the same once more. */
static gboolean
flt_port_row_accept_diagnostic (FltListRow          *row,
                                const FltDiagnostic *diagnostic)
{
  static const char * const checked[] = { "", ".host_ip", ".published", ".target", ".protocol" };
  const char *path = flt_list_row_get_path (row);

  if (diagnostic->kind != FLT_DIAGNOSTIC_BAD_PORT || path == NULL ||
      !g_str_has_prefix (diagnostic->path, path))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (checked); i++)
    if (g_str_equal (diagnostic->path + strlen (path), checked[i]))
      return FALSE;
  return TRUE;
}

static void
flt_port_row_show_synced (FltListRow *row)
{
  FltPortRow *self = FLT_PORT_ROW (row);
  guint index = protocol_index (self->synced.protocol);

  flt_list_row_set_text (row, GTK_EDITABLE (self->host_ip), self->synced.host_ip);
  flt_list_row_set_text (row, GTK_EDITABLE (self->published), self->synced.published);
  flt_list_row_set_text (row, GTK_EDITABLE (self->target), self->synced.target);
  if (gtk_drop_down_get_selected (self->protocol) != index)
    {
      flt_list_row_freeze_updates (row);
      gtk_drop_down_set_selected (self->protocol, index);
      flt_list_row_thaw_updates (row);
    }
}

static void
flt_port_row_set_editable (FltListRow *row,
                           gboolean    editable)
{
  FltPortRow *self = FLT_PORT_ROW (row);

  gtk_editable_set_editable (GTK_EDITABLE (self->host_ip), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->published), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->target), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->protocol), editable);
}

static void
flt_port_row_focus_first (FltListRow *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (FLT_PORT_ROW (row)->published));
}

static void
protocol_selected_cb (FltPortRow *self)
{
  flt_list_row_value_changed (FLT_LIST_ROW (self));
}

static void
flt_port_row_dispose (GObject *object)
{
  FltPortRow *self = FLT_PORT_ROW (object);

  g_clear_pointer (&self->others, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_PORT_ROW);

  G_OBJECT_CLASS (flt_port_row_parent_class)->dispose (object);
}

static void
flt_port_row_finalize (GObject *object)
{
  FltPortRow *self = FLT_PORT_ROW (object);

  flt_port_fields_clear (&self->synced);

  G_OBJECT_CLASS (flt_port_row_parent_class)->finalize (object);
}

static void
flt_port_row_class_init (FltPortRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FltListRowClass *row_class = FLT_LIST_ROW_CLASS (klass);

  object_class->dispose = flt_port_row_dispose;
  object_class->finalize = flt_port_row_finalize;

  row_class->check = flt_port_row_check;
  row_class->apply = flt_port_row_apply;
  row_class->show_synced = flt_port_row_show_synced;
  row_class->set_editable = flt_port_row_set_editable;
  row_class->focus_first = flt_port_row_focus_first;
  row_class->accept_diagnostic = flt_port_row_accept_diagnostic;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-port-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FltPortRow, host_ip);
  gtk_widget_class_bind_template_child (widget_class, FltPortRow, published);
  gtk_widget_class_bind_template_child (widget_class, FltPortRow, target);
  gtk_widget_class_bind_template_child (widget_class, FltPortRow, protocol);
  gtk_widget_class_bind_template_child (widget_class, FltPortRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FltPortRow, syntax_label);
  gtk_widget_class_bind_template_child (widget_class, FltPortRow, message_box);
}

static void
flt_port_row_init (FltPortRow *self)
{
  FltListRow *row = FLT_LIST_ROW (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  flt_list_row_set_message_box (row, self->message_box);
  flt_list_row_set_remove_button (row, self->remove_button);
  flt_list_row_watch_editable (row, GTK_EDITABLE (self->host_ip));
  flt_list_row_watch_editable (row, GTK_EDITABLE (self->published));
  flt_list_row_watch_editable (row, GTK_EDITABLE (self->target));
  g_signal_connect_object (self->protocol, "notify::selected",
                           G_CALLBACK (protocol_selected_cb), self, G_CONNECT_SWAPPED);
}

FltPortRow *
flt_port_row_new (void)
{
  return g_object_new (FLT_TYPE_PORT_ROW, NULL);
}

/**
 * flt_port_row_set_context:
 * @environment: (nullable): the project's variables
 * @others: (nullable) (element-type FltPortClaim): the host ports the
 *   other services publish
 *
 * What the row checks its fields against.
 */
void
flt_port_row_set_context (FltPortRow     *self,
                          FltEnvironment *environment,
                          GPtrArray      *others)
{
  g_return_if_fail (FLT_IS_PORT_ROW (self));

  flt_list_row_set_environment (FLT_LIST_ROW (self), environment, NULL);
  if (self->others != others)
    {
      g_clear_pointer (&self->others, g_ptr_array_unref);
      self->others = others ? g_ptr_array_ref (others) : NULL;
    }
}

/**
 * flt_port_row_update:
 * @path: the entry's path, e.g. `services.web.ports[0]`
 * @item: the entry in the project's resolved tree
 * @environment: (nullable): the project's variables
 * @others: (nullable) (element-type FltPortClaim): the host ports the
 *   other services publish
 *
 * Shows the entry as written in the file.
 */
void
flt_port_row_update (FltPortRow     *self,
                     const char     *path,
                     const FltNode  *item,
                     FltEnvironment *environment,
                     GPtrArray      *others)
{
  FltListRow *row = FLT_LIST_ROW (self);
  FltPortFields fields = { 0 };
  g_autofree char *raw = NULL;
  gboolean long_syntax;

  g_return_if_fail (FLT_IS_PORT_ROW (self));

  flt_port_row_set_context (self, environment, others);

  long_syntax = flt_node_is_mapping (item);
  if (long_syntax)
    {
      fields.host_ip = flt_written_value (flt_node_lookup (item, "host_ip"));
      fields.published = flt_written_value (flt_node_lookup (item, "published"));
      fields.target = flt_written_value (flt_node_lookup (item, "target"));
      fields.protocol = flt_written_value (flt_node_lookup (item, "protocol"));
      raw = g_strdup_printf ("host_ip=%s published=%s target=%s protocol=%s",
                             fields.host_ip, fields.published, fields.target, fields.protocol);
    }
  else
    {
      raw = flt_written_value (item);
      flt_port_fields_split (raw, &fields);
    }

  flt_list_row_sync_begin (row, path, raw);
  flt_port_fields_clear (&self->synced);
  self->synced = fields;
  self->long_syntax = long_syntax;
  gtk_widget_set_visible (self->syntax_label, long_syntax);
  flt_list_row_sync_end (row);
}

gboolean
flt_port_row_get_long_syntax (FltPortRow *self)
{
  g_return_val_if_fail (FLT_IS_PORT_ROW (self), FALSE);

  return self->long_syntax;
}

/**
 * flt_port_row_get_field:
 *
 * Returns: (transfer none): the entry of @field
 */
GtkEditable *
flt_port_row_get_field (FltPortRow   *self,
                        FltPortField  field)
{
  g_return_val_if_fail (FLT_IS_PORT_ROW (self), NULL);

  switch (field)
    {
    case FLT_PORT_FIELD_HOST_IP:
      return GTK_EDITABLE (self->host_ip);
    case FLT_PORT_FIELD_PUBLISHED:
      return GTK_EDITABLE (self->published);
    case FLT_PORT_FIELD_TARGET:
      return GTK_EDITABLE (self->target);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * flt_port_row_get_protocol:
 *
 * Returns: (transfer none): the protocol drop-down
 */
GtkDropDown *
flt_port_row_get_protocol (FltPortRow *self)
{
  g_return_val_if_fail (FLT_IS_PORT_ROW (self), NULL);

  return self->protocol;
}
