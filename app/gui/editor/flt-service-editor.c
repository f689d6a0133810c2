/* flt-service-editor.c: the form of one service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every field writes to the document through an FltForm, so an edit here
 * is a minimal patch of the file (its comments and layout survive), the
 * YAML view shows it at once, and undo takes it back in one step.  The
 * values shown are the file's own text, not the interpolated project: a
 * `${TAG}` stays `${TAG}`.
 *
 * Lists keep the form the file gives them.  `depends_on: [db]` becomes a
 * mapping only when a condition other than the default is chosen, a
 * service's `networks` list only when an alias or an address is added,
 * and `build: .` turns into `build: {context: .}` (in block style) only
 * when something besides the context is set.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-environment-editor.h"
#include "flt-file-chooser.h"
#include "flt-form.h"
#include "flt-mapping-editor.h"
#include "flt-mounts-editor.h"
#include "flt-ports-editor.h"
#include "flt-service-editor.h"
#include "flt-service-editor-private.h"
#include "flt-suggestion-popover.h"

/* A row of one of the lists (dependencies, links, networks, env files). */
typedef struct
{
  char      *key;       /* what the row stands for, to tell whether the list changed */
  char      *name;      /* the service, network or file it names */
  char      *subpath;   /* where it is, below the service */
  GtkWidget *row;       /* borrowed: in its list */
  GtkWidget *entry;     /* borrowed: the editable in it, if any */
  GtkWidget *extra;     /* borrowed: a second one (a network's address) */
} ListRow;

struct _FltServiceEditor
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *problems_group;
  GtkListBox           *problems_list;
  AdwPreferencesGroup  *general_group;
  AdwEntryRow          *image_row;
  AdwEntryRow          *container_name_row;
  AdwComboRow          *restart_row;
  AdwEntryRow          *command_row;
  AdwEntryRow          *entrypoint_row;
  AdwEntryRow          *profiles_row;
  AdwPreferencesGroup  *build_group;
  GtkListBox           *build_list;
  AdwEntryRow          *context_row;
  AdwEntryRow          *dockerfile_row;
  AdwEntryRow          *target_row;
  FltMappingEditor     *build_args_editor;
  FltPortsEditor       *ports_editor;
  FltMountsEditor      *mounts_editor;
  FltEnvironmentEditor *environment_editor;
  AdwPreferencesGroup  *env_files_group;
  GtkListBox           *env_files_list;
  AdwPreferencesGroup  *depends_group;
  GtkMenuButton        *depends_add_button;
  GtkListBox           *depends_list;
  AdwPreferencesGroup  *links_group;
  GtkMenuButton        *links_add_button;
  GtkListBox           *links_list;
  AdwPreferencesGroup  *networks_group;
  GtkMenuButton        *networks_add_button;
  GtkListBox           *networks_list;
  AdwPreferencesGroup  *healthcheck_group;
  AdwComboRow          *test_kind_row;
  AdwEntryRow          *test_row;
  AdwEntryRow          *interval_row;
  AdwEntryRow          *timeout_row;
  AdwEntryRow          *start_period_row;
  AdwEntryRow          *retries_row;
  AdwActionRow         *disable_row;
  GtkSwitch            *disable_switch;
  AdwPreferencesGroup  *resources_group;
  AdwEntryRow          *cpu_shares_row;
  AdwEntryRow          *mem_limit_row;
  AdwEntryRow          *cpus_row;
  AdwEntryRow          *memory_row;
  AdwEntryRow          *replicas_row;
  FltMappingEditor     *labels_editor;

  /* Owned references */
  FltForm              *form;
  char                 *service_name;
  FltSuggestionPopover *image_suggestions;
  GtkStringList        *condition_model;
  GtkStringList        *test_kind_model;
  GtkStringList        *restart_model;
  GStrv                 restart_items;     /* what restart_row lists now */
  GPtrArray            *depends_rows;      /* ListRow */
  GPtrArray            *links_rows;
  GPtrArray            *networks_rows;
  GPtrArray            *env_file_rows;
  GCancellable         *cancellable;       /* file choosers */

  int                   pending_test_kind; /* chosen while the command is still empty; -1 none */
  guint                 updating;
  guint                 reveal_tick;       /* shows the lower sections; REVEAL_PENDING
                                            * before the form first shows, 0 after */
  guint                 reveal_frames;
};

G_DEFINE_FINAL_TYPE (FltServiceEditor, flt_service_editor, ADW_TYPE_BIN)

#define REVEAL_PENDING G_MAXUINT

/* The restart policies restart_row offers, after "Not Set". */
static const char * const restart_policies[] = { "no", "always", "on-failure", "unless-stopped", NULL };

/* depends_on conditions, in the order of condition_model. */
static const char * const conditions[] = {
  "service_started", "service_healthy", "service_completed_successfully", NULL
};

/* Healthcheck test kinds, in the order of test_kind_model. */
enum {
  TEST_NOT_SET,
  TEST_CMD,
  TEST_CMD_SHELL,
  TEST_NONE,
};

static void
list_row_free (ListRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row->name);
  g_free (row->subpath);
  g_free (row);
}

static ListRow *
find_list_row (GPtrArray *rows,
               GtkWidget *widget)
{
  for (guint i = 0; i < rows->len; i++)
    {
      ListRow *row = g_ptr_array_index (rows, i);

      if (row == NULL)
        continue;
      if (row->row == widget || row->entry == widget || row->extra == widget ||
          (widget != NULL && gtk_widget_is_ancestor (widget, row->row)))
        return row;
    }
  return NULL;
}

static ListRow *
find_list_row_by_name (GPtrArray  *rows,
                       const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    {
      ListRow *row = g_ptr_array_index (rows, i);

      if (row != NULL && g_strcmp0 (row->name, name) == 0)
        return row;
    }
  return NULL;
}

typedef ListRow *(*CreateRowFunc) (FltServiceEditor *self,
                                   const char       *key,
                                   guint             index,
                                   gpointer          data);

/* Makes @rows stand for @keys, in order.  Rows whose key is still there
 * are kept, with what is typed in them, their focus and their expanded
 * state; the others go, and new ones are made by @create. */
static void
list_rows_reconcile (FltServiceEditor  *self,
                     GPtrArray        **rows_inout,
                     GtkListBox        *list,
                     GPtrArray         *keys,
                     CreateRowFunc      create,
                     gpointer           data)
{
  GPtrArray *old = *rows_inout;
  GPtrArray *rows = g_ptr_array_new_full (keys->len, (GDestroyNotify) list_row_free);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      ListRow *row = NULL;

      for (guint j = 0; j < old->len && row == NULL; j++)
        {
          ListRow *candidate = g_ptr_array_index (old, j);

          if (candidate != NULL && g_strcmp0 (candidate->key, key) == 0)
            {
              row = candidate;
              old->pdata[j] = NULL;
            }
        }
      if (row == NULL)
        row = create (self, key, i, data);
      g_ptr_array_add (rows, row);
    }

  for (guint j = 0; j < old->len; j++)
    {
      ListRow *gone = g_ptr_array_index (old, j);

      if (gone != NULL && gtk_widget_get_parent (gone->row) == GTK_WIDGET (list))
        gtk_list_box_remove (list, gone->row);
    }
  g_ptr_array_unref (old);
  *rows_inout = rows;

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *widget = ((ListRow *) g_ptr_array_index (rows, i))->row;

      if (gtk_widget_get_parent (widget) == GTK_WIDGET (list))
        {
          if (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (widget)) == (int) i)
            continue;
          g_object_ref (widget);
          gtk_list_box_remove (list, widget);
          gtk_list_box_insert (list, widget, i);
          g_object_unref (widget);
        }
      else
        gtk_list_box_insert (list, widget, i);
    }
}

static void
list_rows_clear (GPtrArray  *rows,
                 GtkListBox *list)
{
  for (guint i = 0; i < rows->len; i++)
    {
      ListRow *row = g_ptr_array_index (rows, i);

      if (row != NULL && gtk_widget_get_parent (row->row) == GTK_WIDGET (list))
        gtk_list_box_remove (list, row->row);
    }
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
create_remove_button (FltServiceEditor *self,
                      const char       *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked",
                           G_CALLBACK (_flt_service_editor_remove_list_row),
                           self, G_CONNECT_SWAPPED);
  return button;
}

/* An "add" button is usable when there is something left to add. */
static void
update_add_button (GtkMenuButton *button,
                   guint          n_names,
                   const char    *none_tooltip,
                   const char    *tooltip)
{
  gtk_widget_set_sensitive (GTK_WIDGET (button), n_names > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), n_names > 0 ? tooltip : none_tooltip);
}

/* The menu of an "add" button, made as it opens: a popover of a few
 * hundred services is too slow to remake whenever the file changes.
 * Names are data, not mnemonics. */
static void
fill_add_menu (GtkMenuButton *button,
               const char    *action,
               GPtrArray     *names)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  const char *shown = g_object_get_data (G_OBJECT (button), "flt-names");

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (joined, "%s\n", (const char *) g_ptr_array_index (names, i));
  if (gtk_menu_button_get_menu_model (button) != NULL && g_strcmp0 (shown, joined->str) == 0)
    return;

  menu = g_menu_new ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GString) label = g_string_new (name);
      g_autoptr(GMenuItem) item = NULL;

      g_string_replace (label, "_", "__", 0);
      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (name));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  g_object_set_data_full (G_OBJECT (button), "flt-names",
                          g_string_free (g_steal_pointer (&joined), FALSE), g_free);
}

/* The keys of a top-level mapping of the document: services, networks. */
static GPtrArray *
dup_top_level_names (FltServiceEditor *self,
                     const char       *section)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  FltDocument *document = flt_form_get_document (self->form);
  const FltNode *node = document ? flt_node_deref (flt_document_lookup (document, section, NULL)) : NULL;

  for (guint i = 0; node != NULL && node->kind == FLT_NODE_MAPPING && i < node->n_items; i++)
    {
      const FltNode *key = flt_node_key (node, i);

      if (key->kind == FLT_NODE_SCALAR && !flt_node_is_merge_key (key) &&
          !g_str_has_prefix (key->value, "x-"))
        g_ptr_array_add (names, g_strdup (key->value));
    }
  return names;
}

static gboolean
name_in (GPtrArray  *rows,
         const char *name)
{
  return find_list_row_by_name (rows, name) != NULL;
}

/* What the "add" buttons offer: the services and networks of the file
 * that this service does not name yet. */
static GPtrArray *
dup_service_candidates (FltServiceEditor *self,
                        GPtrArray        *rows)
{
  GPtrArray *services = dup_top_level_names (self, "services");

  for (guint i = services->len; i > 0; i--)
    {
      const char *name = g_ptr_array_index (services, i - 1);

      if (g_strcmp0 (name, self->service_name) == 0 || name_in (rows, name))
        g_ptr_array_remove_index (services, i - 1);
    }
  return services;
}

static GPtrArray *
dup_dependency_candidates (FltServiceEditor *self)
{
  return dup_service_candidates (self, self->depends_rows);
}

static GPtrArray *
dup_link_candidates (FltServiceEditor *self)
{
  return dup_service_candidates (self, self->links_rows);
}

static GPtrArray *
dup_network_candidates (FltServiceEditor *self)
{
  GPtrArray *networks = dup_top_level_names (self, "networks");

  if (!g_ptr_array_find_with_equal_func (networks, "default", g_str_equal, NULL))
    g_ptr_array_add (networks, g_strdup ("default"));
  for (guint i = networks->len; i > 0; i--)
    if (name_in (self->networks_rows, g_ptr_array_index (networks, i - 1)))
      g_ptr_array_remove_index (networks, i - 1);
  return networks;
}

static void
flt_service_editor_depends_popup (GtkMenuButton *button,
                                  gpointer       user_data)
{
  g_autoptr(GPtrArray) names = dup_dependency_candidates (user_data);

  fill_add_menu (button, "service-editor.add-dependency", names);
}

static void
flt_service_editor_links_popup (GtkMenuButton *button,
                                gpointer       user_data)
{
  g_autoptr(GPtrArray) names = dup_link_candidates (user_data);

  fill_add_menu (button, "service-editor.add-link", names);
}

static void
flt_service_editor_networks_popup (GtkMenuButton *button,
                                   gpointer       user_data)
{
  g_autoptr(GPtrArray) names = dup_network_candidates (user_data);

  fill_add_menu (button, "service-editor.add-network", names);
}

/* General */

static void
flt_service_editor_refresh_restart (FltServiceEditor *self)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, "restart"));
  const char *value = node != NULL && node->kind == FLT_NODE_SCALAR && !node->is_null ? node->value : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;
  guint selected = 0;

  /* Translators: the restart policy when the file sets none. */
  g_strv_builder_add (builder, C_("restart", "Not Set"));
  g_strv_builder_addv (builder, (const char **) restart_policies);
  for (guint i = 0; value != NULL && restart_policies[i] != NULL; i++)
    if (strcmp (value, restart_policies[i]) == 0)
      selected = i + 1;

  /* Any other value ("on-failure:3", or a mistake the diagnostics explain)
   * is shown as it is written. */
  if (value != NULL && selected == 0)
    {
      g_strv_builder_add (builder, value);
      selected = g_strv_length ((GStrv) restart_policies) + 1;
    }
  items = g_strv_builder_end (builder);

  self->updating++;
  if (self->restart_items == NULL ||
      !g_strv_equal ((const char * const *) items, (const char * const *) self->restart_items))
    {
      /* The same model, spliced: the combo row may be in the middle of
       * telling about its selection, and must not lose its model then. */
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->restart_model));
      guint common = 0;

      while (self->restart_items != NULL && self->restart_items[common] != NULL &&
             items[common] != NULL && strcmp (self->restart_items[common], items[common]) == 0)
        common++;
      gtk_string_list_splice (self->restart_model, common, n - common,
                              (const char * const *) items + common);
      g_strfreev (self->restart_items);
      self->restart_items = g_steal_pointer (&items);
    }
  adw_combo_row_set_selected (self->restart_row, selected);
  self->updating--;
}

static void
flt_service_editor_restart_selected_cb (FltServiceEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->restart_row);

  if (self->updating > 0 || self->restart_items == NULL ||
      selected >= g_strv_length (self->restart_items))
    return;

  if (selected == 0)
    flt_form_remove (self->form, GTK_WIDGET (self->restart_row), "restart", FLT_FORM_REMOVE_PRUNE);
  else
    flt_form_set_string (self->form, GTK_WIDGET (self->restart_row), "restart",
                         self->restart_items[selected]);

  /* A refused edit: show what the file says again. */
  flt_service_editor_refresh_restart (self);
}

static void
flt_service_editor_image_chosen_cb (FltServiceEditor *self)
{
  flt_form_apply (self->form, GTK_WIDGET (self->image_row));
}

/* Choosing files */

typedef void (*ChosenFunc) (FltServiceEditor *self,
                            GFile            *file,
                            GtkWidget        *row);

typedef struct
{
  GWeakRef    self;
  GtkWidget  *row;
  ChosenFunc  func;
} Choice;

static void
choice_free (Choice *choice)
{
  g_weak_ref_clear (&choice->self);
  g_clear_object (&choice->row);
  g_free (choice);
}

static void
flt_service_editor_chosen_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  Choice *choice = user_data;
  g_autoptr(FltServiceEditor) self = g_weak_ref_get (&choice->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = flt_choose_file_finish (result, &error);

  if (file == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not choose a file: %s", error->message);
  if (self != NULL && file != NULL)
    choice->func (self, file, choice->row);
  choice_free (choice);
}

static void
flt_service_editor_choose (FltServiceEditor *self,
                           gboolean          folder,
                           const char       *title,
                           GtkWidget        *row,
                           ChosenFunc        func)
{
  g_autofree char *project_folder = flt_form_dup_folder (self->form);
  g_autoptr(GFile) initial = project_folder ? g_file_new_for_path (project_folder) : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  Choice *choice = g_new0 (Choice, 1);

  g_weak_ref_init (&choice->self, self);
  choice->row = row ? g_object_ref (row) : NULL;
  choice->func = func;

  flt_choose_file_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                         folder ? FLT_CHOOSE_FOLDER : FLT_CHOOSE_OPEN,
                         title, initial, NULL, NULL, self->cancellable,
                         flt_service_editor_chosen_cb, choice);
}

/* Build */

static void
flt_service_editor_context_chosen (FltServiceEditor *self,
                                   GFile            *folder,
                                   GtkWidget        *row)
{
  g_autofree char *project_folder = flt_form_dup_folder (self->form);
  g_autofree char *path = flt_form_relative_path (project_folder, folder);

  gtk_editable_set_text (GTK_EDITABLE (self->context_row), path);
  flt_form_apply (self->form, GTK_WIDGET (self->context_row));
}

static void
flt_service_editor_context_clicked_cb (FltServiceEditor *self)
{
  flt_service_editor_choose (self, TRUE, _("Choose the Build Context"), NULL,
                             flt_service_editor_context_chosen);
}

void
_flt_service_editor_use_context_folder (FltServiceEditor *self,
                                        GFile            *folder)
{
  g_return_if_fail (FLT_IS_SERVICE_EDITOR (self));

  flt_service_editor_context_chosen (self, folder, NULL);
}

/* Environment files */

static const FltNode *
env_file_value_node (FltServiceEditor *self,
                     const char       *subpath,
                     char            **value_subpath)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, subpath));

  /* `- path: .env` with `required: false` beside it. */
  if (node != NULL && node->kind == FLT_NODE_MAPPING)
    {
      if (value_subpath != NULL)
        *value_subpath = flt_path_append_key (subpath, "path");
      return flt_node_deref (flt_node_lookup (node, "path"));
    }
  if (value_subpath != NULL)
    *value_subpath = g_strdup (subpath);
  return node;
}

static char *
flt_service_editor_env_file_display (FltForm    *form,
                                     const char *subpath,
                                     gpointer    user_data)
{
  const FltNode *node = env_file_value_node (user_data, subpath, NULL);

  if (node == NULL || node->kind != FLT_NODE_SCALAR || node->is_null)
    return g_strdup ("");
  return g_strdup (node->value);
}

static void
flt_service_editor_remove_env_file (FltServiceEditor *self,
                                    ListRow          *row)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, "env_file"));

  if (node == NULL || node->kind != FLT_NODE_SEQUENCE || node->n_items <= 1)
    flt_form_remove (self->form, row->row, "env_file", FLT_FORM_REMOVE_PRUNE);
  else
    flt_form_remove (self->form, row->row, row->subpath, FLT_FORM_REMOVE_NONE);
}

static gboolean
flt_service_editor_env_file_apply (FltForm    *form,
                                   GtkWidget  *widget,
                                   const char *subpath,
                                   const char *text,
                                   gpointer    user_data)
{
  FltServiceEditor *self = user_data;
  g_autofree char *value = g_strstrip (g_strdup (text));
  g_autofree char *value_subpath = NULL;
  ListRow *row = find_list_row (self->env_file_rows, widget);

  if (*value == '\0')
    {
      if (row != NULL)
        flt_service_editor_remove_env_file (self, row);
      return TRUE;
    }

  env_file_value_node (self, subpath, &value_subpath);
  return flt_form_set_string (form, widget, value_subpath, value);
}

static void
flt_service_editor_env_file_chosen (FltServiceEditor *self,
                                    GFile            *file,
                                    GtkWidget        *widget)
{
  g_autofree char *project_folder = flt_form_dup_folder (self->form);
  g_autofree char *path = flt_form_relative_path (project_folder, file);
  const FltNode *node;

  /* Another file for an existing row. */
  if (widget != NULL)
    {
      ListRow *row = find_list_row (self->env_file_rows, widget);

      if (row != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (row->entry), path);
          flt_form_apply (self->form, row->row);
        }
      return;
    }

  node = flt_node_deref (flt_form_lookup (self->form, "env_file"));
  if (node != NULL && node->kind == FLT_NODE_SCALAR && !node->is_null)
    {
      /* `env_file: .env` becomes a list of both. */
      const char *items[] = { node->value, path, NULL };
      g_autofree char *yaml = flt_form_encode_list (flt_form_get_document (self->form), NULL, items, FALSE, FALSE);

      flt_form_set (self->form, GTK_WIDGET (self->env_files_list), "env_file", yaml, FLT_EDIT_YAML);
    }
  else
    flt_form_add_item (self->form, GTK_WIDGET (self->env_files_list), "env_file", path, FLT_EDIT_NONE);
}

static void
flt_service_editor_env_file_add_clicked_cb (FltServiceEditor *self)
{
  flt_service_editor_choose (self, FALSE, _("Add an Environment File"), NULL,
                             flt_service_editor_env_file_chosen);
}

static void
flt_service_editor_env_file_choose_clicked_cb (GtkButton        *button,
                                               FltServiceEditor *self)
{
  ListRow *row = find_list_row (self->env_file_rows, GTK_WIDGET (button));

  if (row != NULL)
    flt_service_editor_choose (self, FALSE, _("Choose an Environment File"), row->row,
                               flt_service_editor_env_file_chosen);
}

void
_flt_service_editor_add_env_file (FltServiceEditor *self,
                                  GFile            *file)
{
  g_return_if_fail (FLT_IS_SERVICE_EDITOR (self));

  flt_service_editor_env_file_chosen (self, file, NULL);
}

static ListRow *
flt_service_editor_create_env_file_row (FltServiceEditor *self,
                                        const char       *key,
                                        guint             index,
                                        gpointer          data)
{
  GPtrArray *subpaths = data;
  ListRow *row = g_new0 (ListRow, 1);
  GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");

  row->key = g_strdup (key);
  row->subpath = g_strdup (g_ptr_array_index (subpaths, index));
  row->row = adw_entry_row_new ();
  row->entry = row->row;
  /* Translators: one of the service’s env_file entries: a file of variables */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), _("File"));

  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (choose, _("Choose a File"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose a File"), -1);
  gtk_widget_add_css_class (choose, "flat");
  g_signal_connect_object (choose, "clicked",
                           G_CALLBACK (flt_service_editor_env_file_choose_clicked_cb),
                           self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->row), choose);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->row),
                            create_remove_button (self, _("Remove the Environment File")));

  flt_form_add_custom_entry (self->form, row->row, GTK_EDITABLE (row->entry), row->subpath,
                             flt_service_editor_env_file_display,
                             flt_service_editor_env_file_apply,
                             self);
  return row;
}

static void
flt_service_editor_refresh_env_files (FltServiceEditor *self)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, "env_file"));
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) subpaths = g_ptr_array_new_with_free_func (g_free);

  if (node != NULL && node->kind == FLT_NODE_SCALAR && !node->is_null)
    {
      g_ptr_array_add (keys, g_strdup ("scalar"));
      g_ptr_array_add (subpaths, g_strdup ("env_file"));
    }
  for (guint i = 0; node != NULL && node->kind == FLT_NODE_SEQUENCE && i < node->n_items; i++)
    {
      g_ptr_array_add (keys, g_strdup_printf ("%u", i));
      g_ptr_array_add (subpaths, flt_path_append_index ("env_file", i));
    }

  list_rows_reconcile (self, &self->env_file_rows, self->env_files_list, keys,
                       flt_service_editor_create_env_file_row, subpaths);
}

/* Dependencies */

static guint
condition_index (const char *condition)
{
  for (guint i = 0; condition != NULL && conditions[i] != NULL; i++)
    if (strcmp (condition, conditions[i]) == 0)
      return i;
  return 0;
}

static void
flt_service_editor_condition_cb (AdwComboRow      *combo,
                                 GParamSpec       *pspec,
                                 FltServiceEditor *self)
{
  ListRow *row = find_list_row (self->depends_rows, GTK_WIDGET (combo));
  guint selected = adw_combo_row_get_selected (combo);
  const FltNode *node;

  if (self->updating > 0 || row == NULL || selected >= G_N_ELEMENTS (conditions) - 1)
    return;

  node = flt_node_deref (flt_form_lookup (self->form, "depends_on"));
  if (node != NULL && node->kind == FLT_NODE_MAPPING)
    {
      g_autofree char *condition_path = flt_path_append_key (row->subpath, "condition");

      flt_form_set_string (self->form, row->row, condition_path, conditions[selected]);
    }
  else if (node != NULL && node->kind == FLT_NODE_SEQUENCE && selected != 0)
    {
      /* The short list only says "started": it becomes the long form,
       * every other dependency keeping that condition. */
      g_autoptr(GString) yaml = g_string_new (NULL);

      for (guint i = 0; i < self->depends_rows->len; i++)
        {
          ListRow *other = g_ptr_array_index (self->depends_rows, i);
          g_autofree char *key = flt_yaml_encode_key (other->name);

          g_string_append_printf (yaml, "%s%s:\n  condition: %s", i > 0 ? "\n" : "", key,
                                  other == row ? conditions[selected] : conditions[0]);
        }
      flt_form_set (self->form, row->row, "depends_on", yaml->str, FLT_EDIT_YAML);
    }

  flt_form_refresh (self->form);
}

static ListRow *
flt_service_editor_create_dependency_row (FltServiceEditor *self,
                                          const char       *key,
                                          guint             index,
                                          gpointer          data)
{
  ListRow *row = g_new0 (ListRow, 1);
  /* Translators: the tooltip of a button removing one service from those
   * this one depends on; %s is its name. */
  g_autofree char *tooltip = g_strdup_printf (_("Stop Depending on %s"), key);

  row->key = g_strdup (key);
  row->name = g_strdup (key);
  row->row = adw_combo_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), row->name);
  adw_combo_row_set_model (ADW_COMBO_ROW (row->row), G_LIST_MODEL (self->condition_model));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), create_remove_button (self, tooltip));
  g_signal_connect_object (row->row, "notify::selected",
                           G_CALLBACK (flt_service_editor_condition_cb), self, 0);
  return row;
}

static void
flt_service_editor_refresh_depends (FltServiceEditor *self)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, "depends_on"));
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) subpaths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) candidates = NULL;

  for (guint i = 0; node != NULL && node->kind == FLT_NODE_SEQUENCE && i < node->n_items; i++)
    {
      const FltNode *item = flt_node_deref (node->items[i]);
      guint index = 0;

      if (item == NULL || item->kind != FLT_NODE_SCALAR || item->is_null)
        continue;
      g_ptr_array_add (keys, g_strdup (item->value));
      g_ptr_array_add (subpaths, flt_path_append_index ("depends_on", i));
      g_array_append_val (selected, index);
    }
  for (guint i = 0; node != NULL && node->kind == FLT_NODE_MAPPING && i < node->n_items; i++)
    {
      const FltNode *key = flt_node_key (node, i);
      const FltNode *value = flt_node_deref (flt_node_value (node, i));
      const FltNode *condition = value != NULL && value->kind == FLT_NODE_MAPPING
                                 ? flt_node_deref (flt_node_lookup (value, "condition")) : NULL;
      guint index = condition_index (condition != NULL && condition->kind == FLT_NODE_SCALAR
                                     ? condition->value : NULL);

      if (key->kind != FLT_NODE_SCALAR || flt_node_is_merge_key (key))
        continue;
      g_ptr_array_add (keys, g_strdup (key->value));
      g_ptr_array_add (subpaths, flt_path_append_key ("depends_on", key->value));
      g_array_append_val (selected, index);
    }

  self->updating++;
  list_rows_reconcile (self, &self->depends_rows, self->depends_list, keys,
                       flt_service_editor_create_dependency_row, NULL);
  for (guint i = 0; i < self->depends_rows->len; i++)
    {
      ListRow *row = g_ptr_array_index (self->depends_rows, i);

      g_free (row->subpath);
      row->subpath = g_strdup (g_ptr_array_index (subpaths, i));
      if (flt_form_is_tracked (self->form, row->row))
        flt_form_set_subpath (self->form, row->row, row->subpath);
      else
        flt_form_track (self->form, row->row, row->subpath);
      adw_combo_row_set_selected (ADW_COMBO_ROW (row->row), g_array_index (selected, guint, i));
    }
  self->updating--;

  candidates = dup_dependency_candidates (self);
  update_add_button (self->depends_add_button, candidates->len,
                     _("This service depends on every other service already"),
                     _("Add a Dependency"));
}

static void
flt_service_editor_add_dependency (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  FltServiceEditor *self = FLT_SERVICE_EDITOR (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, "depends_on"));

  if (node != NULL && node->kind == FLT_NODE_MAPPING)
    {
      g_autofree char *subpath = flt_path_append_key ("depends_on", name);

      flt_form_set (self->form, GTK_WIDGET (self->depends_list), subpath,
                    "condition: service_started", FLT_EDIT_YAML);
    }
  else
    flt_form_add_item (self->form, GTK_WIDGET (self->depends_list), "depends_on", name, FLT_EDIT_NONE);
}

/* Links */

static char *
flt_service_editor_link_display (FltForm    *form,
                                 const char *subpath,
                                 gpointer    user_data)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (form, subpath));
  const char *colon;

  if (node == NULL || node->kind != FLT_NODE_SCALAR || node->is_null)
    return g_strdup ("");
  colon = strchr (node->value, ':');
  return g_strdup (colon != NULL ? colon + 1 : "");
}

static gboolean
flt_service_editor_link_apply (FltForm    *form,
                               GtkWidget  *widget,
                               const char *subpath,
                               const char *text,
                               gpointer    user_data)
{
  FltServiceEditor *self = user_data;
  ListRow *row = find_list_row (self->links_rows, widget);
  g_autofree char *alias = g_strstrip (g_strdup (text));
  g_autofree char *value = NULL;

  if (row == NULL)
    return FALSE;

  if (strchr (alias, ':') != NULL || strchr (alias, ' ') != NULL)
    {
      flt_form_show_invalid (form, widget,
                             _("An alias is one name, without spaces or colons"));
      return FALSE;
    }
  value = *alias != '\0' ? g_strconcat (row->name, ":", alias, NULL) : g_strdup (row->name);
  return flt_form_set_string (form, widget, subpath, value);
}

static ListRow *
flt_service_editor_create_link_row (FltServiceEditor *self,
                                    const char       *key,
                                    guint             index,
                                    gpointer          data)
{
  GPtrArray **lists = data;
  ListRow *row = g_new0 (ListRow, 1);
  const char *name = g_ptr_array_index (lists[0], index);
  /* Translators: the tooltip of a button removing a link to another
   * service; %s is its name. */
  g_autofree char *tooltip = g_strdup_printf (_("Remove the Link to %s"), name);

  row->key = g_strdup (key);
  row->name = g_strdup (name);
  row->subpath = g_strdup (g_ptr_array_index (lists[1], index));
  row->row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), row->name);

  row->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->entry), _("Alias"));
  gtk_editable_set_width_chars (GTK_EDITABLE (row->entry), 14);
  gtk_widget_set_valign (row->entry, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (row->entry, _("Another name this service reaches it by; optional"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Alias"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->entry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), create_remove_button (self, tooltip));

  flt_form_add_custom_entry (self->form, row->row, GTK_EDITABLE (row->entry), row->subpath,
                             flt_service_editor_link_display,
                             flt_service_editor_link_apply,
                             self);
  return row;
}

static void
flt_service_editor_refresh_links (FltServiceEditor *self)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, "links"));
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) subpaths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) candidates = NULL;

  for (guint i = 0; node != NULL && node->kind == FLT_NODE_SEQUENCE && i < node->n_items; i++)
    {
      const FltNode *item = flt_node_deref (node->items[i]);
      const char *colon;

      if (item == NULL || item->kind != FLT_NODE_SCALAR || item->is_null)
        continue;
      colon = strchr (item->value, ':');
      g_ptr_array_add (names, colon ? g_strndup (item->value, colon - item->value) : g_strdup (item->value));
      /* The alias is the row's to edit: only the service names the row. */
      g_ptr_array_add (keys, g_strdup_printf ("%u:%s", i, (char *) g_ptr_array_index (names, names->len - 1)));
      g_ptr_array_add (subpaths, flt_path_append_index ("links", i));
    }

  {
    GPtrArray *lists[] = { names, subpaths };

    list_rows_reconcile (self, &self->links_rows, self->links_list, keys,
                         flt_service_editor_create_link_row, lists);
  }

  candidates = dup_link_candidates (self);
  update_add_button (self->links_add_button, candidates->len,
                     _("This service links to every other service already"),
                     _("Add a Link"));
}

static void
flt_service_editor_add_link (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  FltServiceEditor *self = FLT_SERVICE_EDITOR (widget);

  flt_form_add_item (self->form, GTK_WIDGET (self->links_list), "links",
                     g_variant_get_string (parameter, NULL), FLT_EDIT_NONE);
}

/* Networks */

static gboolean
networks_are_mapping (FltServiceEditor *self)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, "networks"));

  return node != NULL && node->kind == FLT_NODE_MAPPING;
}

/* An entry written `back: {}` (or `back:`): its first key replaces it, in
 * block style, rather than going inside the braces. */
static gboolean
network_entry_is_empty (FltServiceEditor *self,
                        ListRow          *row)
{
  const FltNode *entry = flt_node_deref (flt_form_lookup (self->form, row->subpath));

  return entry == NULL ||
         (entry->kind == FLT_NODE_SCALAR && entry->is_null) ||
         (entry->kind == FLT_NODE_MAPPING && entry->n_items == 0);
}

/* `networks: [front, back]` as a mapping, with @body (YAML lines) under
 * @name and the others empty: for the first alias or address. */
static char *
networks_long_form (FltServiceEditor *self,
                    const char       *name,
                    const char       *body)
{
  g_autoptr(GString) yaml = g_string_new (NULL);

  for (guint i = 0; i < self->networks_rows->len; i++)
    {
      ListRow *row = g_ptr_array_index (self->networks_rows, i);
      g_autofree char *key = flt_yaml_encode_key (row->name);

      if (i > 0)
        g_string_append_c (yaml, '\n');
      if (strcmp (row->name, name) == 0)
        {
          g_autofree char *indented = flt_yaml_reindent (body, 2, "\n");

          g_string_append_printf (yaml, "%s:\n  %s", key, indented);
        }
      else
        g_string_append_printf (yaml, "%s: {}", key);
    }
  return g_string_free (g_steal_pointer (&yaml), FALSE);
}

static char *
flt_service_editor_aliases_display (FltForm    *form,
                                    const char *subpath,
                                    gpointer    user_data)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (form, subpath));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) aliases = NULL;

  for (guint i = 0; node != NULL && node->kind == FLT_NODE_SEQUENCE && i < node->n_items; i++)
    {
      const FltNode *item = flt_node_deref (node->items[i]);

      if (item != NULL && item->kind == FLT_NODE_SCALAR && !item->is_null)
        g_strv_builder_add (builder, item->value);
    }
  aliases = g_strv_builder_end (builder);
  return g_strjoinv (", ", aliases);
}

static gboolean
flt_service_editor_aliases_apply (FltForm    *form,
                                  GtkWidget  *widget,
                                  const char *subpath,
                                  const char *text,
                                  gpointer    user_data)
{
  FltServiceEditor *self = user_data;
  ListRow *row = find_list_row (self->networks_rows, widget);
  g_auto(GStrv) aliases = flt_form_split_list (text);
  g_autofree char *list = NULL;

  if (row == NULL)
    return FALSE;

  if (networks_are_mapping (self))
    {
      const FltNode *like = flt_form_lookup (form, subpath);

      if (aliases[0] == NULL)
        return flt_form_remove (form, widget, subpath, FLT_FORM_REMOVE_NONE);
      list = flt_form_encode_list (flt_form_get_document (form), like,
                                   (const char * const *) aliases, FALSE, FALSE);
      if (network_entry_is_empty (self, row))
        {
          g_autoptr(GString) body = g_string_new ("aliases:\n  ");

          g_string_append (body, list);
          g_string_replace (body, "\n- ", "\n  - ", 0);
          return flt_form_set (form, widget, row->subpath, body->str, FLT_EDIT_YAML);
        }
      return flt_form_set (form, widget, subpath, list, FLT_EDIT_YAML);
    }

  if (aliases[0] == NULL)
    return TRUE;

  {
    g_autoptr(GString) body = g_string_new ("aliases:\n  ");
    g_autofree char *yaml = NULL;

    /* The block list goes under "aliases:", two spaces in. */
    list = flt_form_encode_list (flt_form_get_document (form), NULL,
                                 (const char * const *) aliases, FALSE, FALSE);
    g_string_append (body, list);
    g_string_replace (body, "\n- ", "\n  - ", 0);
    yaml = networks_long_form (self, row->name, body->str);
    return flt_form_set (form, widget, "networks", yaml, FLT_EDIT_YAML);
  }
}

static char *
flt_service_editor_address_display (FltForm    *form,
                                    const char *subpath,
                                    gpointer    user_data)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (form, subpath));

  if (node == NULL || node->kind != FLT_NODE_SCALAR || node->is_null)
    return g_strdup ("");
  return g_strdup (node->value);
}

static gboolean
flt_service_editor_address_apply (FltForm    *form,
                                  GtkWidget  *widget,
                                  const char *subpath,
                                  const char *text,
                                  gpointer    user_data)
{
  FltServiceEditor *self = user_data;
  ListRow *row = find_list_row (self->networks_rows, widget);
  g_autofree char *address = g_strstrip (g_strdup (text));
  g_autofree char *encoded = NULL;
  g_autofree char *body = NULL;
  g_autofree char *yaml = NULL;

  if (row == NULL)
    return FALSE;

  if (networks_are_mapping (self) && *address == '\0')
    return flt_form_remove (form, widget, subpath, FLT_FORM_REMOVE_NONE);
  if (networks_are_mapping (self) && !network_entry_is_empty (self, row))
    return flt_form_set_string (form, widget, subpath, address);
  if (*address == '\0')
    return TRUE;

  encoded = flt_form_encode_string (address);
  body = g_strconcat ("ipv4_address: ", encoded, NULL);
  if (networks_are_mapping (self))
    return flt_form_set (form, widget, row->subpath, body, FLT_EDIT_YAML);
  yaml = networks_long_form (self, row->name, body);
  return flt_form_set (form, widget, "networks", yaml, FLT_EDIT_YAML);
}

static char *
network_subtitle (const FltNode *value)
{
  const FltNode *aliases = NULL;
  const FltNode *address = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autofree char *joined = NULL;

  value = flt_node_deref (value);
  if (value != NULL && value->kind == FLT_NODE_MAPPING)
    {
      aliases = flt_node_deref (flt_node_lookup (value, "aliases"));
      address = flt_node_deref (flt_node_lookup (value, "ipv4_address"));
    }
  for (guint i = 0; aliases != NULL && aliases->kind == FLT_NODE_SEQUENCE && i < aliases->n_items; i++)
    {
      const FltNode *item = flt_node_deref (aliases->items[i]);

      if (item != NULL && item->kind == FLT_NODE_SCALAR && !item->is_null)
        g_strv_builder_add (builder, item->value);
    }
  names = g_strv_builder_end (builder);
  joined = g_strjoinv (", ", names);

  if (address != NULL && (address->kind != FLT_NODE_SCALAR || address->is_null))
    address = NULL;

  if (names[0] != NULL && address != NULL)
    /* Translators: a service's aliases on a network, then its address there. */
    return g_strdup_printf (_("Aliases: %s; address: %s"), joined, address->value);
  if (names[0] != NULL)
    /* Translators: the other names a service has on a network. */
    return g_strdup_printf (_("Aliases: %s"), joined);
  if (address != NULL)
    /* Translators: a service's fixed address on a network. */
    return g_strdup_printf (_("Address: %s"), address->value);
  return g_strdup ("");
}

static ListRow *
flt_service_editor_create_network_row (FltServiceEditor *self,
                                       const char       *key,
                                       guint             index,
                                       gpointer          data)
{
  ListRow *row = g_new0 (ListRow, 1);
  /* Translators: the tooltip of a button detaching the service from a
   * network; %s is the network. */
  g_autofree char *tooltip = g_strdup_printf (_("Leave %s"), key);

  row->key = g_strdup (key);
  row->name = g_strdup (key);
  row->row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), row->name);
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_expander_row_add_suffix (ADW_EXPANDER_ROW (row->row), create_remove_button (self, tooltip));
#else
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row->row), create_remove_button (self, tooltip));
#endif

  row->entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->entry), _("Aliases"));
  gtk_widget_set_tooltip_text (row->entry, _("Other names for this service on the network, separated by commas"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->row), row->entry);

  row->extra = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->extra), _("IPv4 Address"));
  gtk_widget_set_tooltip_text (row->extra, _("A fixed address in the network’s subnet; empty: the engine picks one"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row->row), row->extra);

  /* Messages move between the expander and the rows in it. */
  g_signal_connect_object (row->row, "notify::expanded",
                           G_CALLBACK (flt_form_refresh), self->form, G_CONNECT_SWAPPED);

  return row;
}

static void
flt_service_editor_refresh_networks (FltServiceEditor *self)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self->form, "networks"));
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) subpaths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) subtitles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) candidates = NULL;
  const FltNode *network_mode = flt_node_deref (flt_form_lookup (self->form, "network_mode"));

  for (guint i = 0; node != NULL && node->kind == FLT_NODE_SEQUENCE && i < node->n_items; i++)
    {
      const FltNode *item = flt_node_deref (node->items[i]);

      if (item == NULL || item->kind != FLT_NODE_SCALAR || item->is_null)
        continue;
      g_ptr_array_add (keys, g_strdup (item->value));
      g_ptr_array_add (subpaths, flt_path_append_index ("networks", i));
      g_ptr_array_add (subtitles, g_strdup (""));
    }
  for (guint i = 0; node != NULL && node->kind == FLT_NODE_MAPPING && i < node->n_items; i++)
    {
      const FltNode *key = flt_node_key (node, i);

      if (key->kind != FLT_NODE_SCALAR || flt_node_is_merge_key (key))
        continue;
      g_ptr_array_add (keys, g_strdup (key->value));
      g_ptr_array_add (subpaths, flt_path_append_key ("networks", key->value));
      g_ptr_array_add (subtitles, network_subtitle (flt_node_value (node, i)));
    }

  list_rows_reconcile (self, &self->networks_rows, self->networks_list, keys,
                       flt_service_editor_create_network_row, NULL);

  for (guint i = 0; i < self->networks_rows->len; i++)
    {
      ListRow *row = g_ptr_array_index (self->networks_rows, i);
      g_autofree char *aliases = flt_path_append_key (g_ptr_array_index (subpaths, i), "aliases");
      g_autofree char *address = flt_path_append_key (g_ptr_array_index (subpaths, i), "ipv4_address");

      g_free (row->subpath);
      row->subpath = g_strdup (g_ptr_array_index (subpaths, i));
      if (flt_form_is_tracked (self->form, row->row))
        flt_form_set_subpath (self->form, row->row, row->subpath);
      else
        flt_form_track (self->form, row->row, row->subpath);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row->row), g_ptr_array_index (subtitles, i));

      if (!flt_form_is_tracked (self->form, row->entry))
        {
          flt_form_add_custom_entry (self->form, row->entry, GTK_EDITABLE (row->entry), aliases,
                                     flt_service_editor_aliases_display,
                                     flt_service_editor_aliases_apply, self);
          flt_form_add_custom_entry (self->form, row->extra, GTK_EDITABLE (row->extra), address,
                                     flt_service_editor_address_display,
                                     flt_service_editor_address_apply, self);
        }
      else
        {
          flt_form_set_subpath (self->form, row->entry, aliases);
          flt_form_set_subpath (self->form, row->extra, address);
        }
    }

  /* `network_mode: host` and the like leave no networks to join. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->networks_group),
                            network_mode == NULL || node != NULL);

  candidates = dup_network_candidates (self);
  update_add_button (self->networks_add_button, candidates->len,
                     _("The service is on every network of the file already"),
                     _("Attach to a Network"));
}

static void
flt_service_editor_add_network (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  FltServiceEditor *self = FLT_SERVICE_EDITOR (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (networks_are_mapping (self))
    {
      g_autofree char *subpath = flt_path_append_key ("networks", name);

      flt_form_set (self->form, GTK_WIDGET (self->networks_list), subpath, "{}", FLT_EDIT_YAML);
    }
  else
    flt_form_add_item (self->form, GTK_WIDGET (self->networks_list), "networks", name, FLT_EDIT_NONE);
}

/* Removing rows */

static gboolean
remove_from (FltServiceEditor *self,
             GPtrArray        *rows,
             GtkWidget        *widget,
             const char       *key)
{
  ListRow *row = find_list_row (rows, widget);
  const FltNode *node;

  if (row == NULL)
    return FALSE;

  node = flt_node_deref (flt_form_lookup (self->form, key));
  /* The last one takes its key along rather than leave `[]` behind. */
  if (node != NULL && node->n_items <= 1 &&
      (node->kind == FLT_NODE_SEQUENCE || node->kind == FLT_NODE_MAPPING))
    flt_form_remove (self->form, row->row, key, FLT_FORM_REMOVE_PRUNE);
  else
    flt_form_remove (self->form, row->row, row->subpath, FLT_FORM_REMOVE_NONE);
  return TRUE;
}

/**
 * _flt_service_editor_remove_list_row:
 * @row: a row of a list, or a widget inside one
 *
 * What a row's remove button does.
 */
void
_flt_service_editor_remove_list_row (FltServiceEditor *self,
                                     GtkWidget        *row)
{
  ListRow *env_row;

  g_return_if_fail (FLT_IS_SERVICE_EDITOR (self));

  if (remove_from (self, self->depends_rows, row, "depends_on") ||
      remove_from (self, self->links_rows, row, "links") ||
      remove_from (self, self->networks_rows, row, "networks"))
    return;

  env_row = find_list_row (self->env_file_rows, row);
  if (env_row != NULL)
    flt_service_editor_remove_env_file (self, env_row);
}

/* Healthcheck */

static guint
test_kind_of (const FltNode *test)
{
  const FltNode *first;

  test = flt_node_deref (test);
  if (test == NULL || (test->kind == FLT_NODE_SCALAR && test->is_null))
    return TEST_NOT_SET;
  if (test->kind == FLT_NODE_SCALAR)
    return TEST_CMD_SHELL;
  if (test->kind != FLT_NODE_SEQUENCE || test->n_items == 0)
    return TEST_NOT_SET;

  first = flt_node_deref (test->items[0]);
  if (flt_node_scalar_equal (first, "CMD"))
    return TEST_CMD;
  if (flt_node_scalar_equal (first, "CMD-SHELL"))
    return TEST_CMD_SHELL;
  if (flt_node_scalar_equal (first, "NONE"))
    return TEST_NONE;
  return TEST_NOT_SET;
}

static char *
flt_service_editor_test_display (FltForm    *form,
                                 const char *subpath,
                                 gpointer    user_data)
{
  const FltNode *test = flt_node_deref (flt_form_lookup (form, subpath));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;

  if (test == NULL || (test->kind == FLT_NODE_SCALAR && test->is_null))
    return g_strdup ("");
  if (test->kind == FLT_NODE_SCALAR)
    return g_strdup (test->value);
  if (test->kind != FLT_NODE_SEQUENCE)
    return g_strdup ("");

  for (guint i = 1; i < test->n_items; i++)
    {
      const FltNode *item = flt_node_deref (test->items[i]);

      if (item != NULL && item->kind == FLT_NODE_SCALAR)
        g_strv_builder_add (builder, item->is_null ? "" : item->value);
    }
  words = g_strv_builder_end (builder);

  if (test_kind_of (test) == TEST_CMD_SHELL)
    return g_strjoinv (" ", words);
  return flt_form_join_argv ((const char * const *) words);
}

/* Writes the test as @kind runs @command, in the form the file has. */
static gboolean
flt_service_editor_write_test (FltServiceEditor *self,
                               GtkWidget        *row,
                               guint             kind,
                               const char       *command)
{
  const FltNode *test = flt_node_deref (flt_form_lookup (self->form, "healthcheck.test"));
  FltDocument *document = flt_form_get_document (self->form);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) items = NULL;
  g_autofree char *yaml = NULL;
  const FltNode *like = test != NULL && test->kind == FLT_NODE_SEQUENCE ? test : NULL;

  switch (kind)
    {
    case TEST_NOT_SET:
      return flt_form_remove (self->form, row, "healthcheck.test", FLT_FORM_REMOVE_PRUNE);

    case TEST_NONE:
      g_strv_builder_add (builder, "NONE");
      break;

    case TEST_CMD:
      {
        g_auto(GStrv) argv = NULL;

        if (!g_shell_parse_argv (command, NULL, &argv, &error))
          {
            g_autofree char *message =
              /* Translators: %s says why a command line cannot be split into
               * words, for example that a quote is not closed. */
              g_strdup_printf (_("The command cannot be split into words: %s"), error->message);

            flt_form_show_invalid (self->form, GTK_WIDGET (self->test_row), message);
            return FALSE;
          }
        g_strv_builder_add (builder, "CMD");
        g_strv_builder_addv (builder, (const char **) argv);
      }
      break;

    case TEST_CMD_SHELL:
    default:
      /* A string is a shell command already: it stays one. */
      if (test == NULL || test->kind == FLT_NODE_SCALAR)
        return flt_form_set_string (self->form, row, "healthcheck.test", command);
      g_strv_builder_add (builder, "CMD-SHELL");
      g_strv_builder_add (builder, command);
      break;
    }

  items = g_strv_builder_end (builder);
  yaml = flt_form_encode_list (document, like, (const char * const *) items, TRUE, TRUE);
  return flt_form_set (self->form, row, "healthcheck.test", yaml, FLT_EDIT_YAML);
}

static gboolean
flt_service_editor_test_apply (FltForm    *form,
                               GtkWidget  *row,
                               const char *subpath,
                               const char *text,
                               gpointer    user_data)
{
  FltServiceEditor *self = user_data;
  g_autofree char *command = g_strstrip (g_strdup (text));
  guint kind = adw_combo_row_get_selected (self->test_kind_row);

  if (*command == '\0')
    return flt_form_remove (form, row, subpath, FLT_FORM_REMOVE_PRUNE);
  /* A command typed with no kind chosen is a shell command. */
  if (kind == TEST_NOT_SET || kind == TEST_NONE)
    kind = TEST_CMD_SHELL;
  self->pending_test_kind = -1;
  return flt_service_editor_write_test (self, row, kind, command);
}

static void
flt_service_editor_test_kind_cb (FltServiceEditor *self)
{
  guint kind = adw_combo_row_get_selected (self->test_kind_row);
  g_autofree char *command = NULL;

  if (self->updating > 0)
    return;

  command = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->test_row))));
  if ((kind == TEST_CMD || kind == TEST_CMD_SHELL) && *command == '\0')
    {
      /* Nothing to write until there is a command to run. */
      self->pending_test_kind = kind;
      gtk_widget_set_sensitive (GTK_WIDGET (self->test_row), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->test_row));
      return;
    }

  self->pending_test_kind = -1;
  flt_service_editor_write_test (self, GTK_WIDGET (self->test_kind_row), kind, command);
  flt_form_refresh (self->form);
}

static void
flt_service_editor_refresh_healthcheck (FltServiceEditor *self)
{
  const FltNode *test = flt_form_lookup (self->form, "healthcheck.test");
  guint kind = test_kind_of (test);

  if (test != NULL || self->pending_test_kind < 0)
    self->pending_test_kind = -1;
  else
    kind = self->pending_test_kind;

  self->updating++;
  adw_combo_row_set_selected (self->test_kind_row, kind);
  self->updating--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_row), kind != TEST_NONE);
}

/* The sections below the first two: out of sight when a window opens. */
#define N_LOWER_SECTIONS 11

static void
flt_service_editor_get_lower_sections (FltServiceEditor *self,
                                       GtkWidget        *sections[N_LOWER_SECTIONS])
{
  sections[0] = GTK_WIDGET (self->build_args_editor);
  sections[1] = GTK_WIDGET (self->ports_editor);
  sections[2] = GTK_WIDGET (self->mounts_editor);
  sections[3] = GTK_WIDGET (self->environment_editor);
  sections[4] = GTK_WIDGET (self->env_files_group);
  sections[5] = GTK_WIDGET (self->depends_group);
  sections[6] = GTK_WIDGET (self->links_group);
  sections[7] = GTK_WIDGET (self->networks_group);
  sections[8] = GTK_WIDGET (self->healthcheck_group);
  sections[9] = GTK_WIDGET (self->resources_group);
  sections[10] = GTK_WIDGET (self->labels_editor);
}

static void
flt_service_editor_set_lower_sections_visible (FltServiceEditor *self,
                                               gboolean          visible)
{
  GtkWidget *sections[N_LOWER_SECTIONS];

  flt_service_editor_get_lower_sections (self, sections);
  for (guint i = 0; i < N_LOWER_SECTIONS; i++)
    gtk_widget_set_visible (sections[i], visible);
  /* Hidden for a frame, their rows still take their messages. */
  flt_form_set_deferred (self->form, visible ? NULL : sections, N_LOWER_SECTIONS);
}

/* The first time the form shows, its sections below the first two are
 * laid out one frame later: a window opens on a form taller than itself,
 * and measuring text nobody can see yet was a third of the work before
 * the first frame (tests/bench/startup.py).  They are filled in all the
 * same; only their size waits for the next frame. */
static gboolean
flt_service_editor_reveal_cb (GtkWidget     *widget,
                              GdkFrameClock *clock,
                              gpointer       user_data)
{
  FltServiceEditor *self = FLT_SERVICE_EDITOR (widget);

  /* The first tick is the frame that shows the upper sections. */
  if (++self->reveal_frames < 2)
    return G_SOURCE_CONTINUE;

  flt_service_editor_set_lower_sections_visible (self, TRUE);
  self->reveal_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Refresh */

static void
flt_service_editor_refresh_cb (FltServiceEditor *self)
{
  FltFormState state = flt_form_get_state (self->form);
  gboolean editable = state == FLT_FORM_READY;
  AdwPreferencesGroup *groups[] = {
    self->general_group, self->build_group, ADW_PREFERENCES_GROUP (self->build_args_editor),
    ADW_PREFERENCES_GROUP (self->ports_editor), ADW_PREFERENCES_GROUP (self->mounts_editor),
    ADW_PREFERENCES_GROUP (self->environment_editor), self->env_files_group, self->depends_group, self->links_group, self->networks_group,
    self->healthcheck_group, self->resources_group, ADW_PREFERENCES_GROUP (self->labels_editor),
  };

  switch (state)
    {
    case FLT_FORM_EMPTY:
      adw_status_page_set_title (self->empty_page, _("No Service Selected"));
      adw_status_page_set_description (self->empty_page, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;

    case FLT_FORM_MISSING:
      {
        g_autofree char *description =
          /* Translators: %s is a service's name. */
          g_strdup_printf (_("The file has no service “%s” any more. It was removed or renamed; "
                             "choose a service from the list."),
                           self->service_name);

        adw_status_page_set_title (self->empty_page, _("Service Not Found"));
        adw_status_page_set_description (self->empty_page, description);
        gtk_stack_set_visible_child_name (self->stack, "empty");
      }
      return;

    case FLT_FORM_SYNTAX_ERROR:
    case FLT_FORM_READY:
    default:
      break;
    }

  gtk_stack_set_visible_child_name (self->stack, "form");
  if (self->reveal_tick == REVEAL_PENDING)
    self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), flt_service_editor_reveal_cb, NULL, NULL);
  adw_preferences_page_set_title (self->page, self->service_name);
  adw_preferences_group_set_title (self->general_group, self->service_name);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    gtk_widget_set_sensitive (GTK_WIDGET (groups[i]), editable);

  if (!editable)
    return;

  flt_service_editor_refresh_restart (self);
  flt_service_editor_refresh_healthcheck (self);
  flt_service_editor_refresh_env_files (self);
  flt_service_editor_refresh_depends (self);
  flt_service_editor_refresh_links (self);
  flt_service_editor_refresh_networks (self);
}

/* Public API */

/**
 * flt_service_editor_set_service:
 * @workspace: (nullable): the open file
 * @service_name: (nullable): the service to edit
 *
 * Shows @service_name's form.  What is being typed for the previous
 * service is written first.  A service that is not in the file (any more)
 * shows an empty state.
 */
void
flt_service_editor_set_service (FltServiceEditor *self,
                                FltWorkspace     *workspace,
                                const char       *service_name)
{
  g_autofree char *base = NULL;

  g_return_if_fail (FLT_IS_SERVICE_EDITOR (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (workspace != NULL && service_name != NULL)
    base = flt_path_append_key ("services", service_name);

  /* The pending edits go to the service they were typed for. */
  flt_form_flush (self->form);

  if (g_strcmp0 (self->service_name, service_name) != 0)
    {
      g_free (self->service_name);
      self->service_name = g_strdup (service_name);
      self->pending_test_kind = -1;
      /* Another service's rows: nothing of this one's may stay. */
      list_rows_clear (self->depends_rows, self->depends_list);
      list_rows_clear (self->links_rows, self->links_list);
      list_rows_clear (self->networks_rows, self->networks_list);
      list_rows_clear (self->env_file_rows, self->env_files_list);
    }

  flt_form_set_target (self->form, workspace, base);
  flt_ports_editor_set_service (self->ports_editor, workspace, service_name);
  flt_mounts_editor_set_service (self->mounts_editor, workspace, service_name);
  flt_environment_editor_set_service (self->environment_editor, workspace, service_name);
}

const char *
flt_service_editor_get_service_name (FltServiceEditor *self)
{
  g_return_val_if_fail (FLT_IS_SERVICE_EDITOR (self), NULL);

  return self->service_name;
}

FltWorkspace *
flt_service_editor_get_workspace (FltServiceEditor *self)
{
  g_return_val_if_fail (FLT_IS_SERVICE_EDITOR (self), NULL);

  return flt_form_get_workspace (self->form);
}

/**
 * flt_service_editor_set_image_names:
 * @names: (nullable): #GtkStringObject image references, like the engine's
 *   local images (`nginx:1.27`)
 *
 * What the image field suggests as the user types.
 */
void
flt_service_editor_set_image_names (FltServiceEditor *self,
                                    GListModel       *names)
{
  g_return_if_fail (FLT_IS_SERVICE_EDITOR (self));

  flt_suggestion_popover_set_model (self->image_suggestions, names);
}

/* Private API */

FltForm *
_flt_service_editor_get_form (FltServiceEditor *self)
{
  return self->form;
}

FltSuggestionPopover *
_flt_service_editor_get_image_suggestions (FltServiceEditor *self)
{
  return self->image_suggestions;
}

GtkWidget *
_flt_service_editor_get_dependency_row (FltServiceEditor *self,
                                        const char       *service)
{
  ListRow *row = find_list_row_by_name (self->depends_rows, service);

  return row != NULL ? row->row : NULL;
}

GtkWidget *
_flt_service_editor_get_link_row (FltServiceEditor  *self,
                                  guint              index,
                                  GtkWidget        **alias_entry)
{
  ListRow *row = index < self->links_rows->len ? g_ptr_array_index (self->links_rows, index) : NULL;

  if (alias_entry != NULL)
    *alias_entry = row != NULL ? row->entry : NULL;
  return row != NULL ? row->row : NULL;
}

GtkWidget *
_flt_service_editor_get_network_row (FltServiceEditor  *self,
                                     const char        *network,
                                     GtkWidget        **aliases_row,
                                     GtkWidget        **ipv4_row)
{
  ListRow *row = find_list_row_by_name (self->networks_rows, network);

  if (aliases_row != NULL)
    *aliases_row = row != NULL ? row->entry : NULL;
  if (ipv4_row != NULL)
    *ipv4_row = row != NULL ? row->extra : NULL;
  return row != NULL ? row->row : NULL;
}

GtkWidget *
_flt_service_editor_get_env_file_row (FltServiceEditor *self,
                                      guint             index)
{
  ListRow *row = index < self->env_file_rows->len ? g_ptr_array_index (self->env_file_rows, index) : NULL;

  return row != NULL ? row->row : NULL;
}

/* GObject */

static void
flt_service_editor_dispose (GObject *object)
{
  FltServiceEditor *self = FLT_SERVICE_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->form != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->form, self);
      flt_form_detach (self->form);
    }
  if (self->image_suggestions != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->image_suggestions));
      self->image_suggestions = NULL;
    }

  g_clear_pointer (&self->depends_rows, g_ptr_array_unref);
  g_clear_pointer (&self->links_rows, g_ptr_array_unref);
  g_clear_pointer (&self->networks_rows, g_ptr_array_unref);
  g_clear_pointer (&self->env_file_rows, g_ptr_array_unref);

  /* The stack is both AdwBin's child and a template child: AdwBin lets go
   * of it first, so that it is unparented once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_SERVICE_EDITOR);

  g_clear_object (&self->form);
  g_clear_object (&self->condition_model);
  g_clear_object (&self->test_kind_model);
  g_clear_object (&self->restart_model);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->restart_items, g_strfreev);
  g_clear_pointer (&self->service_name, g_free);

  G_OBJECT_CLASS (flt_service_editor_parent_class)->dispose (object);
}

static void
flt_service_editor_class_init (FltServiceEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_service_editor_dispose;

  g_type_ensure (FLT_TYPE_MAPPING_EDITOR);
  g_type_ensure (FLT_TYPE_PORTS_EDITOR);
  g_type_ensure (FLT_TYPE_MOUNTS_EDITOR);
  g_type_ensure (FLT_TYPE_ENVIRONMENT_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-service-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, page);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, problems_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, general_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, image_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, container_name_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, restart_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, command_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, entrypoint_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, profiles_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, build_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, build_list);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, context_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, dockerfile_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, target_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, build_args_editor);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, ports_editor);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, mounts_editor);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, environment_editor);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, env_files_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, env_files_list);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, depends_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, depends_add_button);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, depends_list);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, links_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, links_add_button);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, links_list);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, networks_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, networks_add_button);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, networks_list);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, healthcheck_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, test_kind_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, interval_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, start_period_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, retries_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, disable_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, disable_switch);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, resources_group);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, cpu_shares_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, mem_limit_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, cpus_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, memory_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, replicas_row);
  gtk_widget_class_bind_template_child (widget_class, FltServiceEditor, labels_editor);
  gtk_widget_class_bind_template_callback (widget_class, flt_service_editor_context_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, flt_service_editor_env_file_add_clicked_cb);

  gtk_widget_class_install_action (widget_class, "service-editor.add-dependency", "s",
                                   flt_service_editor_add_dependency);
  gtk_widget_class_install_action (widget_class, "service-editor.add-link", "s",
                                   flt_service_editor_add_link);
  gtk_widget_class_install_action (widget_class, "service-editor.add-network", "s",
                                   flt_service_editor_add_network);
}

static void
flt_service_editor_init (FltServiceEditor *self)
{
  static const struct
  {
    gsize        offset;
    const char  *subpath;
    FltFieldKind kind;
  } entries[] = {
    { G_STRUCT_OFFSET (FltServiceEditor, image_row), "image", FLT_FIELD_STRING },
    { G_STRUCT_OFFSET (FltServiceEditor, container_name_row), "container_name", FLT_FIELD_STRING },
    { G_STRUCT_OFFSET (FltServiceEditor, command_row), "command", FLT_FIELD_COMMAND },
    { G_STRUCT_OFFSET (FltServiceEditor, entrypoint_row), "entrypoint", FLT_FIELD_COMMAND },
    { G_STRUCT_OFFSET (FltServiceEditor, profiles_row), "profiles", FLT_FIELD_LIST },
    { G_STRUCT_OFFSET (FltServiceEditor, context_row), "build.context", FLT_FIELD_STRING },
    { G_STRUCT_OFFSET (FltServiceEditor, dockerfile_row), "build.dockerfile", FLT_FIELD_STRING },
    { G_STRUCT_OFFSET (FltServiceEditor, target_row), "build.target", FLT_FIELD_STRING },
    { G_STRUCT_OFFSET (FltServiceEditor, interval_row), "healthcheck.interval", FLT_FIELD_DURATION },
    { G_STRUCT_OFFSET (FltServiceEditor, timeout_row), "healthcheck.timeout", FLT_FIELD_DURATION },
    { G_STRUCT_OFFSET (FltServiceEditor, start_period_row), "healthcheck.start_period", FLT_FIELD_DURATION },
    { G_STRUCT_OFFSET (FltServiceEditor, retries_row), "healthcheck.retries", FLT_FIELD_INTEGER },
    { G_STRUCT_OFFSET (FltServiceEditor, cpu_shares_row), "cpu_shares", FLT_FIELD_INTEGER },
    { G_STRUCT_OFFSET (FltServiceEditor, mem_limit_row), "mem_limit", FLT_FIELD_SIZE },
    { G_STRUCT_OFFSET (FltServiceEditor, cpus_row), "deploy.resources.limits.cpus", FLT_FIELD_NUMBER },
    { G_STRUCT_OFFSET (FltServiceEditor, memory_row), "deploy.resources.limits.memory", FLT_FIELD_SIZE },
    { G_STRUCT_OFFSET (FltServiceEditor, replicas_row), "deploy.replicas", FLT_FIELD_INTEGER },
  };
  const char *test_kinds[] = {
    /* Translators: a health check's test when the file sets none: the
     * image's own check applies. */
    C_("healthcheck", "Image Default"),
    /* Translators: keep CMD, CMD-SHELL and NONE: they are what the file says. */
    _("Command (CMD)"),
    _("Shell Command (CMD-SHELL)"),
    _("Disabled (NONE)"),
    NULL
  };
  const char *condition_labels[] = {
    /* Translators: a dependency's condition: wait until the other
     * service's container has started (service_started). */
    C_("condition", "Started"),
    /* Translators: wait until the other service is healthy (service_healthy). */
    C_("condition", "Healthy"),
    /* Translators: wait until the other service has run to completion
     * and exited with 0 (service_completed_successfully). */
    C_("condition", "Completed Successfully"),
    NULL
  };

  gtk_widget_init_template (GTK_WIDGET (self));


  self->cancellable = g_cancellable_new ();
  self->pending_test_kind = -1;
  self->depends_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) list_row_free);
  self->links_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) list_row_free);
  self->networks_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) list_row_free);
  self->env_file_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) list_row_free);
  self->condition_model = gtk_string_list_new (condition_labels);
  self->test_kind_model = gtk_string_list_new (test_kinds);
  adw_combo_row_set_model (self->test_kind_row, G_LIST_MODEL (self->test_kind_model));
  self->restart_model = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->restart_row, G_LIST_MODEL (self->restart_model));

  self->form = flt_form_new ();
  flt_form_add_shorthand (self->form, "build", "context");
  flt_form_set_problems (self->form, self->problems_group, self->problems_list);
  /* Until the form first shows: see flt_service_editor_reveal_cb. */
  flt_service_editor_set_lower_sections_visible (self, FALSE);
  self->reveal_tick = REVEAL_PENDING;

  /* The service editor's own widgets first: the fields are updated after
   * them, and the lists' rows must exist before their messages go in. */
  g_signal_connect_object (self->form, "refresh",
                           G_CALLBACK (flt_service_editor_refresh_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkWidget *row = G_STRUCT_MEMBER (GtkWidget *, self, entries[i].offset);

      flt_form_add_entry (self->form, row, GTK_EDITABLE (row), entries[i].subpath, entries[i].kind);
    }
  /* The command first: it gets the test's diagnostics, the kind its refusals. */
  flt_form_add_custom_entry (self->form, GTK_WIDGET (self->test_row), GTK_EDITABLE (self->test_row),
                             "healthcheck.test",
                             flt_service_editor_test_display,
                             flt_service_editor_test_apply,
                             self);
  flt_form_track (self->form, GTK_WIDGET (self->test_kind_row), "healthcheck.test");
  flt_form_track (self->form, GTK_WIDGET (self->restart_row), "restart");
  flt_form_add_switch (self->form, GTK_WIDGET (self->disable_row), self->disable_switch, "healthcheck.disable");
  flt_form_track (self->form, GTK_WIDGET (self->env_files_list), "env_file");
  flt_form_track (self->form, GTK_WIDGET (self->depends_list), "depends_on");
  flt_form_track (self->form, GTK_WIDGET (self->links_list), "links");
  flt_form_track (self->form, GTK_WIDGET (self->networks_list), "networks");
  flt_form_track (self->form, GTK_WIDGET (self->build_list), "build");

  flt_mapping_editor_bind (self->build_args_editor, self->form, "build.args");
  flt_mapping_editor_bind (self->labels_editor, self->form, "labels");

  g_signal_connect_object (self->restart_row, "notify::selected",
                           G_CALLBACK (flt_service_editor_restart_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->test_kind_row, "notify::selected",
                           G_CALLBACK (flt_service_editor_test_kind_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_menu_button_set_create_popup_func (self->depends_add_button,
                                         flt_service_editor_depends_popup, self, NULL);
  gtk_menu_button_set_create_popup_func (self->links_add_button,
                                         flt_service_editor_links_popup, self, NULL);
  gtk_menu_button_set_create_popup_func (self->networks_add_button,
                                         flt_service_editor_networks_popup, self, NULL);

  self->image_suggestions = flt_suggestion_popover_new ();
  flt_suggestion_popover_attach (self->image_suggestions, GTK_WIDGET (self->image_row));
  g_signal_connect_object (self->image_suggestions, "chosen",
                           G_CALLBACK (flt_service_editor_image_chosen_cb),
                           self, G_CONNECT_SWAPPED);

  flt_form_refresh (self->form);
}

FltServiceEditor *
flt_service_editor_new (void)
{
  return g_object_new (FLT_TYPE_SERVICE_EDITOR, NULL);
}

/**
 * flt_service_editor_flush:
 *
 * Writes what is being typed now instead of after the pause: for the
 * window, before it saves, runs or undoes.
 */
void
flt_service_editor_flush (FltServiceEditor *self)
{
  g_return_if_fail (FLT_IS_SERVICE_EDITOR (self));

  flt_form_flush (self->form);
  flt_list_editor_flush (FLT_LIST_EDITOR (self->ports_editor));
  flt_list_editor_flush (FLT_LIST_EDITOR (self->mounts_editor));
  flt_list_editor_flush (FLT_LIST_EDITOR (self->environment_editor));
}
