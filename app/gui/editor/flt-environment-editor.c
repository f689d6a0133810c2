/* flt-environment-editor.c: the environment variables of a service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One FltEnvironmentRow per entry of `services.<name>.environment`, in the
 * form the file uses (a list of KEY=value or a mapping).  Under them, dimmed
 * and read-only, the variables of the service's env_file: files, which are
 * read off the main thread whenever the project changes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-dotenv.h"
#include "flt-environment-editor.h"
#include "flt-short-syntax.h"

struct _FltEnvironmentEditor
{
  FltListEditor   parent_instance;

  /* Template widgets */
  GtkWidget      *env_file_box;
  GtkListBox     *env_file_list;

  /* Owned references */
  FltEnvironment *environment;
  char           *project_dir;
  GCancellable   *env_file_load;
  char           *env_file_shown;   /* what the env_file rows show, to skip rebuilding them */
  gboolean        map_form;
  gboolean        env_files_loaded;
};

G_DEFINE_FINAL_TYPE (FltEnvironmentEditor, flt_environment_editor, FLT_TYPE_LIST_EDITOR)

static const FltNode *
environment_node (FltService *service)
{
  const FltNode *node = service != NULL ? flt_service_get_field (service, "environment") : NULL;

  return flt_node_is_mapping (node) || flt_node_is_sequence (node) ? node : NULL;
}

static FltListRow *
flt_environment_editor_create_row (FltListEditor *editor)
{
  return FLT_LIST_ROW (flt_environment_row_new (FLT_ENVIRONMENT_EDITOR (editor)->map_form));
}

static void
flt_environment_editor_prepare (FltListEditor *editor,
                                FltProject    *project,
                                FltService    *service)
{
  FltEnvironmentEditor *self = FLT_ENVIRONMENT_EDITOR (editor);

  g_set_object (&self->environment, flt_project_get_environment (project));
  g_free (self->project_dir);
  self->project_dir = g_strdup (flt_project_get_working_dir (project));
  /* A service without environment gets a list, as `- KEY=value`. */
  self->map_form = flt_node_is_mapping (environment_node (service));
}

static guint
flt_environment_editor_get_n_entries (FltListEditor *editor,
                                      FltService    *service)
{
  const FltNode *node = environment_node (service);

  return node != NULL ? node->n_items : 0;
}

static char *
flt_environment_editor_dup_entry_path (FltListEditor *editor,
                                       FltService    *service,
                                       guint          index)
{
  const FltNode *node = environment_node (service);
  g_autofree char *list_path = flt_list_editor_dup_list_path (editor);

  if (flt_node_is_mapping (node))
    {
      const FltNode *key = flt_node_key (node, index);

      return flt_path_append_key (list_path, flt_node_is_scalar (key) ? key->value : "");
    }
  return flt_path_append_index (list_path, index);
}

static void
flt_environment_editor_update_row (FltListEditor *editor,
                                   FltListRow    *row,
                                   FltProject    *project,
                                   FltService    *service,
                                   guint          index,
                                   const char    *path)
{
  FltEnvironmentEditor *self = FLT_ENVIRONMENT_EDITOR (editor);
  const FltNode *node = environment_node (service);

  flt_environment_row_set_context (FLT_ENVIRONMENT_ROW (row), self->environment, self->project_dir);
  if (flt_node_is_mapping (node))
    flt_environment_row_update (FLT_ENVIRONMENT_ROW (row), path,
                                flt_node_key (node, index), flt_node_value (node, index));
  else
    flt_environment_row_update (FLT_ENVIRONMENT_ROW (row), path, NULL, node->items[index]);
}

/* The env_file: section */

typedef struct
{
  char     *path;        /* absolute */
  char     *written;     /* as the file writes it */
  gboolean  required;
} EnvFileSpec;

typedef struct
{
  char *name;            /* NULL: @value is why the file could not be read */
  char *value;
  char *file;            /* as written */
} EnvFileVariable;

typedef struct
{
  GPtrArray      *specs;       /* EnvFileSpec */
  FltEnvironment *environment; /* a copy: the thread reads it */
  GPtrArray      *variables;   /* EnvFileVariable */
} EnvFileLoad;

static void
env_file_spec_free (EnvFileSpec *spec)
{
  g_free (spec->path);
  g_free (spec->written);
  g_free (spec);
}

static void
env_file_variable_free (EnvFileVariable *variable)
{
  g_free (variable->name);
  g_free (variable->value);
  g_free (variable->file);
  g_free (variable);
}

static void
env_file_load_free (EnvFileLoad *load)
{
  g_clear_pointer (&load->specs, g_ptr_array_unref);
  g_clear_object (&load->environment);
  g_clear_pointer (&load->variables, g_ptr_array_unref);
  g_free (load);
}

static const char *
lookup_variable (const char *name,
                 gpointer    user_data)
{
  return user_data != NULL ? flt_environment_lookup (user_data, name, NULL) : NULL;
}

static void
load_env_files_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  EnvFileLoad *load = task_data;

  load->variables = g_ptr_array_new_with_free_func ((GDestroyNotify) env_file_variable_free);
  for (guint i = 0; i < load->specs->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      const EnvFileSpec *spec = g_ptr_array_index (load->specs, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = flt_dotenv_parse_file (spec->path, FLT_DOTENV_FLAGS_NONE,
                                                            lookup_variable, load->environment,
                                                            NULL, &error);

      if (entries == NULL)
        {
          EnvFileVariable *problem;

          /* A missing optional file is fine; a missing required one is
           * among the core's diagnostics, and here too. */
          if (!spec->required && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            continue;
          problem = g_new0 (EnvFileVariable, 1);
          problem->value = g_strdup (error->message);
          problem->file = g_strdup (spec->written);
          g_ptr_array_add (load->variables, problem);
          continue;
        }

      for (guint j = 0; j < entries->len; j++)
        {
          const FltDotenvEntry *entry = g_ptr_array_index (entries, j);
          EnvFileVariable *variable;

          if (entry->value == NULL)
            continue;
          variable = g_new0 (EnvFileVariable, 1);
          variable->name = g_strdup (entry->name);
          variable->value = g_strdup (entry->value);
          variable->file = g_strdup (spec->written);
          g_ptr_array_add (load->variables, variable);
        }
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
set_in_environment_list (FltEnvironmentEditor *self,
                         const char           *name)
{
  FltListEditor *editor = FLT_LIST_EDITOR (self);

  for (guint i = 0; i < flt_list_editor_get_n_rows (editor); i++)
    {
      FltEnvironmentRow *row = FLT_ENVIRONMENT_ROW (flt_list_editor_get_row (editor, i));

      if (g_strcmp0 (flt_environment_row_get_name (row), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
show_env_file_variables (FltEnvironmentEditor *self,
                         GPtrArray            *variables)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  GtkListBoxRow *old;

  for (guint i = 0; i < variables->len; i++)
    {
      const EnvFileVariable *v = g_ptr_array_index (variables, i);

      g_string_append_printf (shown, "%s\n%s\n%s\n%d\n", v->name ? v->name : "", v->value, v->file,
                              v->name != NULL && set_in_environment_list (self, v->name));
    }
  gtk_widget_set_visible (self->env_file_box, variables->len > 0);
  if (g_strcmp0 (shown->str, self->env_file_shown) == 0)
    return;
  g_free (self->env_file_shown);
  self->env_file_shown = g_strdup (shown->str);

  while ((old = gtk_list_box_get_row_at_index (self->env_file_list, 0)) != NULL)
    gtk_list_box_remove (self->env_file_list, GTK_WIDGET (old));

  for (guint i = 0; i < variables->len; i++)
    {
      const EnvFileVariable *v = g_ptr_array_index (variables, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (v->name == NULL)
        {
          /* Translators: the first %s is a file as the compose file names
           * it, the second why it could not be read */
          subtitle = g_strdup_printf (_("%s cannot be read: %s"), v->file, v->value);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), v->file);
          gtk_widget_add_css_class (row, "error");
        }
      else
        {
          if (set_in_environment_list (self, v->name))
            /* Translators: the first %s is a value, the second a file like ./web.env */
            subtitle = g_strdup_printf (_("“%s”, from %s; the entry of the same name above wins"),
                                        v->value, v->file);
          else
            /* Translators: the first %s is a value, the second a file like ./web.env */
            subtitle = g_strdup_printf (_("“%s”, from %s"), v->value, v->file);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), v->name);
          gtk_widget_add_css_class (row, "dim-label");
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_append (self->env_file_list, row);
    }
}

static void
env_files_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  FltEnvironmentEditor *self = FLT_ENVIRONMENT_EDITOR (source);
  EnvFileLoad *load = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  g_clear_object (&self->env_file_load);
  self->env_files_loaded = TRUE;
  show_env_file_variables (self, load->variables);
}

static void
load_env_files (FltEnvironmentEditor *self,
                FltService           *service)
{
  g_autoptr(GTask) task = NULL;
  EnvFileLoad *load;
  GPtrArray *files = service != NULL ? flt_service_get_env_files (service) : NULL;

  g_cancellable_cancel (self->env_file_load);
  g_clear_object (&self->env_file_load);

  if (files == NULL || files->len == 0)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      self->env_files_loaded = TRUE;
      show_env_file_variables (self, none);
      return;
    }

  load = g_new0 (EnvFileLoad, 1);
  load->specs = g_ptr_array_new_with_free_func ((GDestroyNotify) env_file_spec_free);
  load->environment = self->environment ? flt_environment_copy (self->environment) : NULL;
  for (guint i = 0; i < files->len; i++)
    {
      const FltEnvFile *file = g_ptr_array_index (files, i);
      EnvFileSpec *spec = g_new0 (EnvFileSpec, 1);

      spec->path = flt_resolve_host_path (file->file, self->project_dir);
      spec->written = g_strdup (file->file);
      spec->required = file->required;
      g_ptr_array_add (load->specs, spec);
    }

  self->env_files_loaded = FALSE;
  self->env_file_load = g_cancellable_new ();
  task = g_task_new (self, self->env_file_load, env_files_loaded_cb, NULL);
  g_task_set_source_tag (task, load_env_files);
  g_task_set_task_data (task, load, (GDestroyNotify) env_file_load_free);
  g_task_run_in_thread (task, load_env_files_thread);
}

static void
flt_environment_editor_refreshed (FltListEditor *editor,
                                  FltProject    *project,
                                  FltService    *service)
{
  FltEnvironmentEditor *self = FLT_ENVIRONMENT_EDITOR (editor);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = flt_list_editor_get_n_rows (editor);

  for (guint i = 0; i < n; i++)
    {
      const char *name = flt_environment_row_get_name (FLT_ENVIRONMENT_ROW (flt_list_editor_get_row (editor, i)));

      if (name != NULL)
        g_hash_table_insert (counts, (gpointer) name,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
    }
  for (guint i = 0; i < n; i++)
    {
      FltEnvironmentRow *row = FLT_ENVIRONMENT_ROW (flt_list_editor_get_row (editor, i));
      const char *name = flt_environment_row_get_name (row);

      flt_environment_row_set_duplicate (row, name != NULL &&
                                         GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) > 1);
    }

  load_env_files (self, service);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FltEnvironmentEditor *self = FLT_ENVIRONMENT_EDITOR (widget);
  FltEnvironmentRow *row = flt_environment_row_new (self->map_form);

  flt_environment_row_set_context (row, self->environment, self->project_dir);
  flt_list_editor_append_draft (FLT_LIST_EDITOR (self), FLT_LIST_ROW (row));
}

static void
flt_environment_editor_dispose (GObject *object)
{
  FltEnvironmentEditor *self = FLT_ENVIRONMENT_EDITOR (object);

  g_cancellable_cancel (self->env_file_load);
  g_clear_object (&self->env_file_load);
  g_clear_object (&self->environment);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_ENVIRONMENT_EDITOR);

  G_OBJECT_CLASS (flt_environment_editor_parent_class)->dispose (object);
}

static void
flt_environment_editor_finalize (GObject *object)
{
  FltEnvironmentEditor *self = FLT_ENVIRONMENT_EDITOR (object);

  g_free (self->project_dir);
  g_free (self->env_file_shown);

  G_OBJECT_CLASS (flt_environment_editor_parent_class)->finalize (object);
}

static void
flt_environment_editor_class_init (FltEnvironmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FltListEditorClass *editor_class = FLT_LIST_EDITOR_CLASS (klass);

  object_class->dispose = flt_environment_editor_dispose;
  object_class->finalize = flt_environment_editor_finalize;

  editor_class->list_key = "environment";
  editor_class->add_action = "environment.add";
  editor_class->create_row = flt_environment_editor_create_row;
  editor_class->prepare = flt_environment_editor_prepare;
  editor_class->get_n_entries = flt_environment_editor_get_n_entries;
  editor_class->dup_entry_path = flt_environment_editor_dup_entry_path;
  editor_class->update_row = flt_environment_editor_update_row;
  editor_class->refreshed = flt_environment_editor_refreshed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-environment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FltEnvironmentEditor, env_file_box);
  gtk_widget_class_bind_template_child (widget_class, FltEnvironmentEditor, env_file_list);
  gtk_widget_class_install_action (widget_class, "environment.add", NULL, add_action);
}

static void
flt_environment_editor_init (FltEnvironmentEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  flt_list_editor_set_placeholder_text (FLT_LIST_EDITOR (self),
                                        _("No variables are set: the container has only those of its image"));
}

GtkWidget *
flt_environment_editor_new (void)
{
  return g_object_new (FLT_TYPE_ENVIRONMENT_EDITOR, NULL);
}

/**
 * flt_environment_editor_set_service:
 * @workspace: (nullable): the open file; %NULL unbinds the editor
 * @service_name: (nullable): the service whose environment to show
 *
 * Shows and edits `services.<service_name>.environment` of @workspace,
 * following its project as it changes.
 */
void
flt_environment_editor_set_service (FltEnvironmentEditor *self,
                                    FltWorkspace         *workspace,
                                    const char           *service_name)
{
  g_return_if_fail (FLT_IS_ENVIRONMENT_EDITOR (self));

  flt_list_editor_set_service (FLT_LIST_EDITOR (self), workspace, service_name);
}

/* Whether the env_file: section shows what the files hold now (for tests). */
gboolean
flt_environment_editor_get_env_files_loaded (FltEnvironmentEditor *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT_EDITOR (self), FALSE);

  return self->env_files_loaded;
}

/**
 * flt_environment_editor_get_env_file_list:
 *
 * Returns: (transfer none): the read-only rows of the env_file: variables
 */
GtkListBox *
flt_environment_editor_get_env_file_list (FltEnvironmentEditor *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT_EDITOR (self), NULL);

  return self->env_file_list;
}
