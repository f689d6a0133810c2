/* flt-mapping-editor.c: NAME=value rows for labels, build args, driver options
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compose writes these as a mapping (`FOO: bar`) or as a list of
 * `FOO=bar` strings; the rows edit whichever the file uses, and new names
 * are added in that form too.  A row is a name and an entry for its value;
 * the last row adds a name.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-mapping-editor.h"

typedef struct
{
  char      *name;
  GtkWidget *row;     /* borrowed: in the list */
} Entry;

struct _FltMappingEditor
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *list;
  AdwEntryRow         *add_row;

  /* Owned references */
  FltForm             *form;
  char                *subpath;
  GPtrArray           *entries;   /* Entry, in the file's order */
};

G_DEFINE_FINAL_TYPE (FltMappingEditor, flt_mapping_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_ADD_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_free (entry);
}

/* The name of a list item written NAME=value (or just NAME). */
static char *
item_dup_name (const char *text)
{
  const char *equals = strchr (text, '=');

  return equals != NULL ? g_strndup (text, equals - text) : g_strdup (text);
}

static gboolean
subpath_is_item (const char *subpath)
{
  gsize n = strlen (subpath);

  return n > 0 && subpath[n - 1] == ']' && subpath[n - 2] != '"';
}

static char *
flt_mapping_editor_display (FltForm    *form,
                            const char *subpath,
                            gpointer    user_data)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (form, subpath));
  const char *equals;

  if (node == NULL || node->kind != FLT_NODE_SCALAR || node->is_null)
    return g_strdup ("");
  if (!subpath_is_item (subpath))
    return g_strdup (node->value);

  equals = strchr (node->value, '=');
  return g_strdup (equals != NULL ? equals + 1 : "");
}

static gboolean
flt_mapping_editor_apply (FltForm    *form,
                          GtkWidget  *row,
                          const char *subpath,
                          const char *text,
                          gpointer    user_data)
{
  const char *name = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autofree char *item = NULL;

  if (!subpath_is_item (subpath))
    return flt_form_set_string (form, row, subpath, text);

  item = g_strconcat (name, "=", text, NULL);
  return flt_form_set_string (form, row, subpath, item);
}

static Entry *
flt_mapping_editor_find_row (FltMappingEditor *self,
                             GtkWidget        *row)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->row == row)
        return entry;
    }
  return NULL;
}

static Entry *
flt_mapping_editor_find (FltMappingEditor *self,
                         const char       *name)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->name, name) == 0)
        return entry;
    }
  return NULL;
}

/* Where @name's value is: `labels.FOO` or `labels[2]`; NULL if absent. */
static char *
flt_mapping_editor_dup_entry_path (FltMappingEditor *self,
                                   const char       *name)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, self->subpath));

  if (node == NULL)
    return NULL;

  if (node->kind == FLT_NODE_MAPPING)
    return flt_node_lookup_index (node, name) >= 0 ? flt_path_append_key (self->subpath, name) : NULL;

  for (guint i = 0; node->kind == FLT_NODE_SEQUENCE && i < node->n_items; i++)
    {
      const FltNode *item = flt_node_deref (node->items[i]);
      g_autofree char *item_name = NULL;

      if (item == NULL || item->kind != FLT_NODE_SCALAR || item->is_null)
        continue;
      item_name = item_dup_name (item->value);
      if (g_strcmp0 (item_name, name) == 0)
        return flt_path_append_index (self->subpath, i);
    }
  return NULL;
}

/**
 * flt_mapping_editor_remove:
 *
 * Removes @name; removing the last one removes the whole key, rather than
 * leaving an empty `{}` behind.
 */
void
flt_mapping_editor_remove (FltMappingEditor *self,
                           const char       *name)
{
  const FltNode *node;
  Entry *entry;
  g_autofree char *path = NULL;

  g_return_if_fail (FLT_IS_MAPPING_EDITOR (self));

  entry = flt_mapping_editor_find (self, name);
  path = flt_mapping_editor_dup_entry_path (self, name);
  if (entry == NULL || path == NULL)
    return;

  node = flt_node_deref (flt_form_lookup (self->form, self->subpath));
  if (node != NULL && node->n_items == 1)
    flt_form_remove (self->form, entry->row, self->subpath, FLT_FORM_REMOVE_PRUNE);
  else
    flt_form_remove (self->form, entry->row, path, FLT_FORM_REMOVE_NONE);
}

static void
flt_mapping_editor_remove_clicked_cb (GtkButton        *button,
                                      FltMappingEditor *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);
  Entry *entry = flt_mapping_editor_find_row (self, row);
  g_autofree char *name = NULL;

  if (entry == NULL)
    return;
  name = g_strdup (entry->name);
  flt_mapping_editor_remove (self, name);
}

static GtkWidget *
flt_mapping_editor_create_row (FltMappingEditor *self,
                               const char       *name)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  /* Translators: the tooltip of a button that removes one NAME=value row;
   * %s is the name. */
  g_autofree char *tooltip = g_strdup_printf (_("Remove %s"), name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect_object (remove, "clicked",
                           G_CALLBACK (flt_mapping_editor_remove_clicked_cb),
                           self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  return row;
}

/* The names the file has now, each with its path. */
static void
flt_mapping_editor_read (FltMappingEditor  *self,
                         GPtrArray         *names,
                         GPtrArray         *paths)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, self->subpath));

  if (node == NULL)
    return;

  if (node->kind == FLT_NODE_MAPPING)
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *key = flt_node_key (node, i);

          if (flt_node_is_merge_key (key) || key->kind != FLT_NODE_SCALAR)
            continue;
          g_ptr_array_add (names, g_strdup (key->value));
          g_ptr_array_add (paths, flt_path_append_key (self->subpath, key->value));
        }
    }
  else if (node->kind == FLT_NODE_SEQUENCE)
    {
      for (guint i = 0; i < node->n_items; i++)
        {
          const FltNode *item = flt_node_deref (node->items[i]);

          if (item == NULL || item->kind != FLT_NODE_SCALAR || item->is_null)
            continue;
          g_ptr_array_add (names, item_dup_name (item->value));
          g_ptr_array_add (paths, flt_path_append_index (self->subpath, i));
        }
    }
}

static void
flt_mapping_editor_refresh_cb (FltMappingEditor *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *focused = NULL;
  gboolean same = TRUE;
  int position = 0;

  g_assert (FLT_IS_MAPPING_EDITOR (self));

  if (flt_form_get_state (self->form) == FLT_FORM_READY)
    flt_mapping_editor_read (self, names, paths);

  same = names->len == self->entries->len;
  for (guint i = 0; same && i < names->len; i++)
    same = g_strcmp0 (((Entry *) g_ptr_array_index (self->entries, i))->name,
                      g_ptr_array_index (names, i)) == 0;

  if (same)
    {
      /* The same names: the rows stay, whatever is being typed in them. */
      for (guint i = 0; i < names->len; i++)
        flt_form_set_subpath (self->form, ((Entry *) g_ptr_array_index (self->entries, i))->row,
                              g_ptr_array_index (paths, i));
      return;
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      GtkRoot *root = gtk_widget_get_root (entry->row);
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      if (focus != NULL && gtk_widget_is_ancestor (focus, entry->row))
        {
          focused = g_strdup (entry->name);
          position = gtk_editable_get_position (GTK_EDITABLE (entry->row));
        }
      gtk_list_box_remove (self->list, entry->row);
    }
  g_ptr_array_set_size (self->entries, 0);

  for (guint i = 0; i < names->len; i++)
    {
      Entry *entry = g_new0 (Entry, 1);

      entry->name = g_strdup (g_ptr_array_index (names, i));
      entry->row = flt_mapping_editor_create_row (self, entry->name);
      g_ptr_array_add (self->entries, entry);
      gtk_list_box_insert (self->list, entry->row, i);
      flt_form_add_custom_entry (self->form, entry->row, GTK_EDITABLE (entry->row),
                                 g_ptr_array_index (paths, i),
                                 flt_mapping_editor_display,
                                 flt_mapping_editor_apply,
                                 self);

      /* A row rebuilt under the cursor keeps it. */
      if (g_strcmp0 (focused, entry->name) == 0)
        {
          gtk_widget_grab_focus (entry->row);
          gtk_editable_set_position (GTK_EDITABLE (entry->row), position);
        }
    }
}

static gboolean
valid_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static void
flt_mapping_editor_add_cb (FltMappingEditor *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_row))));
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  const char *value;
  const char *equals;
  const FltNode *node;
  gboolean ok;

  /* Enter both applies and activates: the second call finds the row empty. */
  if (self->form == NULL || *text == '\0')
    return;

  equals = strchr (text, '=');
  name = equals != NULL ? g_strstrip (g_strndup (text, equals - text)) : g_strdup (text);
  value = equals != NULL ? equals + 1 : "";

  if (!valid_name (name))
    {
      flt_form_show_invalid (self->form, GTK_WIDGET (self->add_row),
                             _("Write a name without spaces, then = and the value, like DEBUG=1"));
      return;
    }

  node = flt_node_deref (flt_form_lookup (self->form, self->subpath));
  path = flt_mapping_editor_dup_entry_path (self, name);

  if (path != NULL && node != NULL && node->kind == FLT_NODE_SEQUENCE)
    ok = flt_form_set_string (self->form, GTK_WIDGET (self->add_row), path,
                              equals != NULL ? text : name);
  else if (node != NULL && node->kind == FLT_NODE_SEQUENCE)
    ok = flt_form_add_item (self->form, GTK_WIDGET (self->add_row), self->subpath,
                            equals != NULL ? text : name, FLT_EDIT_NONE);
  else
    {
      g_autofree char *key_path = flt_path_append_key (self->subpath, name);

      ok = flt_form_set_string (self->form, GTK_WIDGET (self->add_row), key_path, value);
    }

  if (ok)
    gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
}

/**
 * flt_mapping_editor_bind:
 * @subpath: where the mapping is below @form's target, like `labels`
 *
 * The rows follow @form: they are rebuilt when it refreshes and write
 * through it.
 */
void
flt_mapping_editor_bind (FltMappingEditor *self,
                         FltForm          *form,
                         const char       *subpath)
{
  g_return_if_fail (FLT_IS_MAPPING_EDITOR (self));
  g_return_if_fail (FLT_IS_FORM (form));
  g_return_if_fail (self->form == NULL);

  self->form = g_object_ref (form);
  self->subpath = g_strdup (subpath);
  g_signal_connect_object (form, "refresh",
                           G_CALLBACK (flt_mapping_editor_refresh_cb),
                           self, G_CONNECT_SWAPPED);
  flt_form_track (form, GTK_WIDGET (self->add_row), subpath);
}

GtkWidget *
flt_mapping_editor_get_row (FltMappingEditor *self,
                            const char       *name)
{
  Entry *entry;

  g_return_val_if_fail (FLT_IS_MAPPING_EDITOR (self), NULL);

  entry = flt_mapping_editor_find (self, name);
  return entry != NULL ? entry->row : NULL;
}

GtkWidget *
flt_mapping_editor_get_add_row (FltMappingEditor *self)
{
  g_return_val_if_fail (FLT_IS_MAPPING_EDITOR (self), NULL);

  return GTK_WIDGET (self->add_row);
}

guint
flt_mapping_editor_get_n_rows (FltMappingEditor *self)
{
  g_return_val_if_fail (FLT_IS_MAPPING_EDITOR (self), 0);

  return self->entries->len;
}

const char *
flt_mapping_editor_get_add_title (FltMappingEditor *self)
{
  g_return_val_if_fail (FLT_IS_MAPPING_EDITOR (self), NULL);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->add_row));
}

void
flt_mapping_editor_set_add_title (FltMappingEditor *self,
                                  const char       *add_title)
{
  g_return_if_fail (FLT_IS_MAPPING_EDITOR (self));

  if (g_strcmp0 (add_title, flt_mapping_editor_get_add_title (self)) == 0)
    return;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row), add_title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADD_TITLE]);
}

static void
flt_mapping_editor_dispose (GObject *object)
{
  FltMappingEditor *self = FLT_MAPPING_EDITOR (object);

  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_MAPPING_EDITOR);
  g_clear_object (&self->form);
  g_clear_pointer (&self->subpath, g_free);

  G_OBJECT_CLASS (flt_mapping_editor_parent_class)->dispose (object);
}

static void
flt_mapping_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FltMappingEditor *self = FLT_MAPPING_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ADD_TITLE:
      g_value_set_string (value, flt_mapping_editor_get_add_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_mapping_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FltMappingEditor *self = FLT_MAPPING_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ADD_TITLE:
      flt_mapping_editor_set_add_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_mapping_editor_class_init (FltMappingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_mapping_editor_dispose;
  object_class->get_property = flt_mapping_editor_get_property;
  object_class->set_property = flt_mapping_editor_set_property;

  /* The title of the last row, which adds a name: "Add a Label". */
  properties[PROP_ADD_TITLE] =
    g_param_spec_string ("add-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-mapping-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FltMappingEditor, list);
  gtk_widget_class_bind_template_child (widget_class, FltMappingEditor, add_row);
  gtk_widget_class_bind_template_callback (widget_class, flt_mapping_editor_add_cb);
}

static void
flt_mapping_editor_init (FltMappingEditor *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}
