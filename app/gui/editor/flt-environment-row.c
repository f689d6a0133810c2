/* flt-environment-row.c: one variable of a service's environment
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The value field holds the value as written, `${ES_HOST:-es}` and all;
 * under it the row tells what the container gets with the variables as
 * they are now, and where each comes from: the process environment, the
 * project's .env, the default written in the file, or nowhere.
 *
 * The file's form is kept: a list (`- KEY=value`, `- KEY` to pass a
 * variable through) or a mapping (`KEY: value`, `KEY:` to pass through).
 * An empty value field with its placeholder showing means "pass through".
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-environment-row.h"
#include "flt-short-syntax.h"

struct _FltEnvironmentRow
{
  FltListRow      parent_instance;

  /* Template widgets */
  GtkEntry       *name;
  GtkEntry       *value;
  GtkWidget      *remove_button;
  GtkBox         *message_box;

  /* Owned references */

  /* The entry as the file writes it */
  char           *synced_name;
  char           *synced_value;     /* NULL: passed through from the environment */
  gboolean        map_form;
  gboolean        duplicate;
  gboolean        not_a_variable;   /* a list item that is not a string */
};

G_DEFINE_FINAL_TYPE (FltEnvironmentRow, flt_environment_row, FLT_TYPE_LIST_ROW)

static const char *
field_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* An empty value means "pass the variable through" where the placeholder
 * says so: in drafts and in entries that pass it through already. */
static gboolean
passes_through (FltEnvironmentRow *self)
{
  return *field_text (self->value) == '\0' &&
         (flt_list_row_get_draft (FLT_LIST_ROW (self)) || self->synced_value == NULL);
}

static void
update_placeholder (FltEnvironmentRow *self)
{
  gboolean through = flt_list_row_get_draft (FLT_LIST_ROW (self)) || self->synced_value == NULL;

  gtk_entry_set_placeholder_text (self->value, through ? _("From the environment") : NULL);
}

static char *
dotenv_display (FltEnvironmentRow *self)
{
  FltEnvironment *environment = flt_list_row_get_environment (FLT_LIST_ROW (self));
  const char *path = environment ? flt_environment_get_dotenv_path (environment) : NULL;

  return path != NULL ? flt_display_path (path, flt_list_row_get_project_dir (FLT_LIST_ROW (self))) : g_strdup (".env");
}

static void
append_line (GString    *s,
             const char *line)
{
  if (s->len > 0)
    g_string_append_c (s, '\n');
  g_string_append (s, line);
}

/* Where the value of a variable passed through comes from. */
static void
explain_passed_through (FltEnvironmentRow *self,
                        const char        *name,
                        GString           *info,
                        GString           *warnings)
{
  FltVariableSource source = FLT_VARIABLE_UNSET;
  FltEnvironment *environment = flt_list_row_get_environment (FLT_LIST_ROW (self));
  const char *value = environment ? flt_environment_lookup (environment, name, &source) : NULL;
  g_autofree char *line = NULL;

  if (value == NULL)
    line = g_strdup_printf (_("%s is not set in the environment or in .env, so the container does not get it"),
                            name);
  else if (source == FLT_VARIABLE_FROM_DOTENV)
    {
      g_autofree char *file = dotenv_display (self);

      /* Translators: the first %s is a file like ./.env, the second a value */
      line = g_strdup_printf (_("Passed through from %s: “%s”"), file, value);
    }
  else
    line = g_strdup_printf (_("Passed through from the environment: “%s”"), value);

  append_line (value == NULL ? warnings : info, line);
}

/* What the container gets for a value with variables, and where each
 * variable comes from.  Returns FALSE when the references are broken. */
static gboolean
explain_value (FltEnvironmentRow *self,
               const char        *written,
               GString           *info,
               GString           *warnings,
               GString           *errors)
{
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *result = NULL;
  g_autofree char *line = NULL;
  gboolean any_unset = FALSE;

  if (!flt_interpolate_has_references (written))
    return TRUE;

  result = flt_interpolate (written, flt_list_row_get_environment (FLT_LIST_ROW (self)), &refs, NULL,
                           &error);
  if (result == NULL)
    {
      /* ${NAME:?message} with NAME unset is the file's own check. */
      if (g_error_matches (error, FLT_INTERPOLATE_ERROR, FLT_INTERPOLATE_ERROR_REQUIRED))
        {
          append_line (warnings, error->message);
          return TRUE;
        }
      line = g_strdup_printf (_("The value has a broken variable reference: %s"), error->message);
      append_line (errors, line);
      return FALSE;
    }

  for (guint i = 0; refs != NULL && i < refs->len && *result == '\0'; i++)
    any_unset |= ((FltVariableRef *) g_ptr_array_index (refs, i))->source == FLT_VARIABLE_UNSET;

  /* "NAME is not set; it will be empty" says it already. */
  if (*result != '\0')
    line = g_strdup_printf (_("The container gets “%s”"), result);
  else if (!any_unset)
    line = g_strdup (_("The container gets an empty value"));
  if (line != NULL)
    append_line (info, line);

  for (guint i = 0; refs != NULL && i < refs->len; i++)
    {
      const FltVariableRef *ref = g_ptr_array_index (refs, i);
      g_autofree char *source = NULL;

      if (!g_hash_table_add (seen, ref->name))
        continue;
      switch (ref->source)
        {
        case FLT_VARIABLE_FROM_ENVIRONMENT:
          source = g_strdup_printf (_("%s comes from the environment"), ref->name);
          append_line (info, source);
          break;
        case FLT_VARIABLE_FROM_DOTENV:
          {
            g_autofree char *file = dotenv_display (self);

            /* Translators: the first %s is a variable, the second a file like ./.env */
            source = g_strdup_printf (_("%s comes from %s"), ref->name, file);
            append_line (info, source);
          }
          break;
        case FLT_VARIABLE_FROM_DEFAULT:
          source = g_strdup_printf (_("%s is not set, so the default written in the file is used"), ref->name);
          append_line (info, source);
          break;
        case FLT_VARIABLE_UNSET:
        default:
          source = g_strdup_printf (_("%s is not set; it will be empty"), ref->name);
          append_line (warnings, source);
          break;
        }
    }
  return TRUE;
}

static gboolean
flt_environment_row_check (FltListRow *row)
{
  FltEnvironmentRow *self = FLT_ENVIRONMENT_ROW (row);
  const char *name = field_text (self->name);
  const char *value = field_text (self->value);
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(GString) warnings = g_string_new (NULL);
  g_autoptr(GString) info = g_string_new (NULL);
  gboolean untouched = flt_list_row_get_draft (row) && !flt_list_row_get_dirty (row);
  gboolean name_ok = TRUE, value_ok = TRUE;

  if (self->not_a_variable)
    {
      append_line (errors, _("This entry is not a variable: write it as NAME=value in the YAML view"));
      name_ok = value_ok = FALSE;
    }
  else if (!flt_check_variable_name (name))
    {
      name_ok = FALSE;
      if (!untouched)
        append_line (errors, *name == '\0' ? _("Enter the variable’s name")
                                           : _("A variable’s name cannot contain “=” or spaces"));
    }
  else
    {
      if (passes_through (self))
        explain_passed_through (self, name, info, warnings);
      else
        value_ok = explain_value (self, value, info, warnings, errors);
      if (self->duplicate && g_strcmp0 (name, self->synced_name) == 0)
        {
          g_autofree char *line = g_strdup_printf (_("%s is set more than once in this list; the last one wins"),
                                                   name);

          append_line (warnings, line);
        }
    }

  flt_list_row_mark_field (GTK_WIDGET (self->name), !name_ok && !untouched);
  flt_list_row_mark_field (GTK_WIDGET (self->value), !value_ok);
  flt_list_row_set_message (row, FLT_ROW_MESSAGE_CHECK, errors->str);
  flt_list_row_set_message (row, FLT_ROW_MESSAGE_WARNING, warnings->str);
  flt_list_row_set_message (row, FLT_ROW_MESSAGE_INFO, info->str);
  return name_ok && value_ok;
}

/* Renames a key of a mapping in place: one patch, the value untouched. */
static gboolean
rename_key (FltDocument  *document,
            const char   *path,
            const char   *new_name,
            GError      **error)
{
  const FltNode *value = flt_document_lookup (document, path, error);
  const FltNode *mapping;
  const FltNode *key = NULL;
  g_autofree char *own_path = NULL;
  g_autofree char *encoded = NULL;
  g_autoptr(FltPatch) patch = NULL;

  if (value == NULL)
    return FALSE;
  mapping = value->parent;
  for (guint i = 0; flt_node_is_mapping (mapping) && i < mapping->n_items && key == NULL; i++)
    if (flt_node_value (mapping, i) == value)
      key = flt_node_key (mapping, i);

  /* Found through an alias or a merge key, the key is not this service's
   * own to rename. */
  own_path = flt_node_dup_path (value);
  if (flt_document_is_legacy (document))
    {
      char *with_services = g_strconcat ("services.", own_path, NULL);

      g_free (own_path);
      own_path = with_services;
    }
  if (key == NULL || g_strcmp0 (own_path, path) != 0)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SHARED,
                   _("%s comes from an anchor or a merge key (<<) that other places may use too; "
                     "rename it there, in the YAML view"),
                   path);
      return FALSE;
    }

  encoded = flt_yaml_encode_key (new_name);
  patch = flt_patch_new (_("Rename variable"));
  flt_patch_replace (patch, key->start.offset, key->end.offset - key->start.offset, encoded);
  return flt_document_apply (document, patch, error);
}

static gboolean
refuse_existing (FltDocument  *document,
                 const char   *path,
                 const char   *name,
                 GError      **error)
{
  if (flt_document_lookup (document, path, NULL) == NULL)
    return FALSE;
  g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_EXISTS,
               _("%s is in this list already; change that entry instead"), name);
  return TRUE;
}

static gboolean
flt_environment_row_apply (FltListRow   *row,
                           FltDocument  *document,
                           const char   *path,
                           GError      **error)
{
  FltEnvironmentRow *self = FLT_ENVIRONMENT_ROW (row);
  const char *name = field_text (self->name);
  const char *value = passes_through (self) ? NULL : field_text (self->value);
  gboolean draft = flt_list_row_get_draft (row);
  g_autofree char *text = NULL;

  if (!self->map_form)
    {
      text = value != NULL ? g_strdup_printf ("%s=%s", name, value) : g_strdup (name);
      if (draft)
        return flt_document_add_item (document, path, text, FLT_EDIT_NONE, error);
      if (g_strcmp0 (name, self->synced_name) == 0 && g_strcmp0 (value, self->synced_value) == 0)
        return TRUE;
      return flt_document_set_value (document, path, text, FLT_EDIT_NONE, error);
    }

  if (draft)
    {
      g_autofree char *key_path = flt_path_append_key (path, name);

      if (refuse_existing (document, key_path, name, error))
        return FALSE;
      return value != NULL ? flt_document_set_value (document, key_path, value, FLT_EDIT_NONE, error)
                           : flt_document_set_value (document, key_path, "null", FLT_EDIT_YAML, error);
    }

  if (g_strcmp0 (name, self->synced_name) != 0)
    {
      g_autofree char *segment = flt_path_append_key ("", self->synced_name);
      g_autofree char *list_path = NULL;
      g_autofree char *new_path = NULL;
      gsize cut;

      /* The list's path is the entry's without its last key. */
      if (!g_str_has_suffix (path, segment))
        {
          g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_PATH,
                       _("%s is not a variable of this list; edit it in the YAML view"), path);
          return FALSE;
        }
      cut = strlen (path) - strlen (segment) - (segment[0] == '[' ? 0 : 1);
      list_path = g_strndup (path, cut);
      new_path = flt_path_append_key (list_path, name);
      if (refuse_existing (document, new_path, name, error) ||
          !rename_key (document, path, name, error))
        return FALSE;
      flt_list_row_set_path (row, new_path);
      g_free (self->synced_name);
      self->synced_name = g_strdup (name);
      path = flt_list_row_get_path (row);
    }

  if (g_strcmp0 (value, self->synced_value) == 0)
    return TRUE;
  return value != NULL ? flt_document_set_value (document, path, value, FLT_EDIT_NONE, error)
                       : flt_document_set_value (document, path, "null", FLT_EDIT_YAML, error);
}

static void
flt_environment_row_show_synced (FltListRow *row)
{
  FltEnvironmentRow *self = FLT_ENVIRONMENT_ROW (row);

  flt_list_row_set_text (row, GTK_EDITABLE (self->name), self->synced_name);
  flt_list_row_set_text (row, GTK_EDITABLE (self->value), self->synced_value);
  update_placeholder (self);
}

static void
flt_environment_row_set_editable (FltListRow *row,
                                  gboolean    editable)
{
  FltEnvironmentRow *self = FLT_ENVIRONMENT_ROW (row);

  gtk_editable_set_editable (GTK_EDITABLE (self->name), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->value), editable);
}

static void
flt_environment_row_focus_first (FltListRow *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (FLT_ENVIRONMENT_ROW (row)->name));
}

/* The row says better than the core's warning that a variable is unset. */
static gboolean
flt_environment_row_accept_diagnostic (FltListRow          *row,
                                       const FltDiagnostic *diagnostic)
{
  return !(diagnostic->kind == FLT_DIAGNOSTIC_INTERPOLATION && diagnostic->severity == FLT_SEVERITY_WARNING);
}

static void
flt_environment_row_dispose (GObject *object)
{
  FltEnvironmentRow *self = FLT_ENVIRONMENT_ROW (object);


  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_ENVIRONMENT_ROW);

  G_OBJECT_CLASS (flt_environment_row_parent_class)->dispose (object);
}

static void
flt_environment_row_finalize (GObject *object)
{
  FltEnvironmentRow *self = FLT_ENVIRONMENT_ROW (object);

  g_free (self->synced_name);
  g_free (self->synced_value);

  G_OBJECT_CLASS (flt_environment_row_parent_class)->finalize (object);
}

static void
flt_environment_row_class_init (FltEnvironmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FltListRowClass *row_class = FLT_LIST_ROW_CLASS (klass);

  object_class->dispose = flt_environment_row_dispose;
  object_class->finalize = flt_environment_row_finalize;

  row_class->check = flt_environment_row_check;
  row_class->apply = flt_environment_row_apply;
  row_class->show_synced = flt_environment_row_show_synced;
  row_class->set_editable = flt_environment_row_set_editable;
  row_class->focus_first = flt_environment_row_focus_first;
  row_class->accept_diagnostic = flt_environment_row_accept_diagnostic;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-environment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FltEnvironmentRow, name);
  gtk_widget_class_bind_template_child (widget_class, FltEnvironmentRow, value);
  gtk_widget_class_bind_template_child (widget_class, FltEnvironmentRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FltEnvironmentRow, message_box);
}

static void
flt_environment_row_init (FltEnvironmentRow *self)
{
  FltListRow *row = FLT_LIST_ROW (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  flt_list_row_set_message_box (row, self->message_box);
  flt_list_row_set_remove_button (row, self->remove_button);
  flt_list_row_watch_editable (row, GTK_EDITABLE (self->name));
  flt_list_row_watch_editable (row, GTK_EDITABLE (self->value));
}

/**
 * flt_environment_row_new:
 * @map_form: whether the list is a mapping (`KEY: value`) rather than a
 *   list of `KEY=value`
 */
FltEnvironmentRow *
flt_environment_row_new (gboolean map_form)
{
  FltEnvironmentRow *self = g_object_new (FLT_TYPE_ENVIRONMENT_ROW, NULL);

  self->map_form = !!map_form;
  update_placeholder (self);
  return self;
}

/**
 * flt_environment_row_set_context:
 * @environment: (nullable): the project's variables
 * @project_dir: (nullable): for showing .env's path
 */
void
flt_environment_row_set_context (FltEnvironmentRow *self,
                                 FltEnvironment    *environment,
                                 const char        *project_dir)
{
  g_return_if_fail (FLT_IS_ENVIRONMENT_ROW (self));

  flt_list_row_set_environment (FLT_LIST_ROW (self), environment, project_dir);
}

/**
 * flt_environment_row_update:
 * @path: the entry's path: `services.web.environment[0]` in a list,
 *   `services.web.environment.KEY` in a mapping
 * @key: (nullable): in a mapping, the entry's key
 * @item: the list item, or in a mapping the value
 *
 * Shows the entry as written in the file; nodes are the project's
 * resolved ones.
 */
void
flt_environment_row_update (FltEnvironmentRow *self,
                            const char        *path,
                            const FltNode     *key,
                            const FltNode     *item)
{
  FltListRow *row = FLT_LIST_ROW (self);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  g_autofree char *raw = NULL;
  gboolean not_a_variable = FALSE;

  g_return_if_fail (FLT_IS_ENVIRONMENT_ROW (self));

  self->map_form = key != NULL;
  if (key != NULL)
    {
      name = g_strdup (flt_node_is_scalar (key) ? key->value : "");
      value = flt_written_value (item);
      not_a_variable = !flt_node_is_scalar (flt_node_deref (item));
      raw = g_strdup_printf ("%s: %s", name, value ? value : "~");
    }
  else
    {
      raw = flt_written_value (item);
      not_a_variable = raw == NULL;
      flt_env_entry_split (raw, &name, &value);
    }

  flt_list_row_sync_begin (row, path, raw);
  g_free (self->synced_name);
  self->synced_name = g_steal_pointer (&name);
  g_free (self->synced_value);
  self->synced_value = g_steal_pointer (&value);
  self->not_a_variable = not_a_variable;
  flt_environment_row_set_editable (row, !not_a_variable && !flt_list_row_get_locked (row));
  flt_list_row_sync_end (row);
}

/* Whether another entry of the list has the same name. */
void
flt_environment_row_set_duplicate (FltEnvironmentRow *self,
                                   gboolean           duplicate)
{
  g_return_if_fail (FLT_IS_ENVIRONMENT_ROW (self));

  if (self->duplicate == !!duplicate)
    return;
  self->duplicate = !!duplicate;
  flt_list_row_check (FLT_LIST_ROW (self));
}

/**
 * flt_environment_row_get_name:
 *
 * Returns: (nullable): the variable's name as the file writes it
 */
const char *
flt_environment_row_get_name (FltEnvironmentRow *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT_ROW (self), NULL);

  return self->synced_name;
}

gboolean
flt_environment_row_get_map_form (FltEnvironmentRow *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT_ROW (self), FALSE);

  return self->map_form;
}

/* Whether the file passes the variable through from the environment. */
gboolean
flt_environment_row_get_passed_through (FltEnvironmentRow *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT_ROW (self), FALSE);

  return self->synced_value == NULL && !self->not_a_variable;
}

/**
 * flt_environment_row_get_name_entry:
 *
 * Returns: (transfer none): the name's entry
 */
GtkEditable *
flt_environment_row_get_name_entry (FltEnvironmentRow *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT_ROW (self), NULL);

  return GTK_EDITABLE (self->name);
}

/**
 * flt_environment_row_get_value_entry:
 *
 * Returns: (transfer none): the value's entry
 */
GtkEditable *
flt_environment_row_get_value_entry (FltEnvironmentRow *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT_ROW (self), NULL);

  return GTK_EDITABLE (self->value);
}
