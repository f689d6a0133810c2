/* flt-list-editor.c: a group of rows for one list of a service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base of the ports, volumes and environment editors.  It shows one row
 * per entry of `services.<name>.<list_key>` of the workspace's project, and
 * turns what rows ask for into edits of the document.
 *
 * Rows are matched to entries by their place in the list and reused, so a
 * field being typed in keeps its focus and cursor when the project is
 * re-derived.  Paths like `services.web.ports[2]` are only right for the
 * text the project was derived from: while the document is ahead of it
 * (an edit in the YAML view, an undo), writes wait for the next project.
 * The editor's own edits that keep every entry in its place (setting a
 * value) keep the paths right; adding and removing entries do not, and
 * later writes wait too, for a few milliseconds.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-list-editor.h"
#include "flt-text.h"

typedef struct
{
  /* Owned references */
  FltWorkspace *workspace;
  char         *service_name;
  FltProject   *project;           /* what the rows show */
  FltService   *service;           /* of @project; NULL when it has no such service */
  char         *placeholder_text;

  /* Template-less children */
  GtkListBox   *list;
  GtkLabel     *placeholder;
  GtkLabel     *message;

  FltListRow   *draft;             /* at most one, after the real rows */
  gulong        project_handler;
  guint         n_real;
  guint         synced_revision;   /* the document revision the rows' paths are right for */
  gboolean      synced;
} FltListEditorPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (FltListEditor, flt_list_editor, ADW_TYPE_PREFERENCES_GROUP)

static FltDocument *
get_document (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  return priv->workspace != NULL ? flt_workspace_get_document (priv->workspace) : NULL;
}

static gboolean
is_synced (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  return priv->synced && priv->project != NULL &&
         priv->synced_revision == flt_document_get_revision (get_document (self));
}

static void
set_can_add (FltListEditor *self,
             gboolean       can_add)
{
  const char *action = FLT_LIST_EDITOR_GET_CLASS (self)->add_action;

  if (action != NULL)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), action, can_add);
}

static void
set_message (FltListEditor *self,
             const char    *text,
             FltSeverity    severity)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  GtkWidget *label = GTK_WIDGET (priv->message);

  gtk_label_set_text (priv->message, text ? text : "");
  gtk_widget_set_visible (label, text != NULL && *text != '\0');
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, flt_text_severity_class (severity));
}

static void
set_placeholder (FltListEditor *self,
                 const char    *text)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  gtk_label_set_text (priv->placeholder, text ? text : priv->placeholder_text);
}

static void
clear_rows (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (priv->list, 0)) != NULL)
    gtk_list_box_remove (priv->list, GTK_WIDGET (row));
  priv->n_real = 0;
  priv->draft = NULL;
}

static void row_commit_cb (FltListEditor *self,
                           FltListRow    *row);
static void row_remove_cb (FltListEditor *self,
                           FltListRow    *row);

static void
connect_row (FltListEditor *self,
             FltListRow    *row)
{
  g_signal_connect_object (row, "commit", G_CALLBACK (row_commit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);
}

/* @path and what is inside it: `services.web.ports[1]` takes
 * `services.web.ports[1].published` but not `services.web.ports[10]`. */
static gboolean
path_is_within (const char *candidate,
                const char *path)
{
  gsize n;

  if (candidate == NULL || path == NULL || !g_str_has_prefix (candidate, path))
    return FALSE;
  n = strlen (path);
  return candidate[n] == '\0' || candidate[n] == '.' || candidate[n] == '[';
}

static GPtrArray *
diagnostics_within (GPtrArray  *all,
                    const char *path)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_diagnostic_unref);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      FltDiagnostic *d = g_ptr_array_index (all, i);

      if (path_is_within (d->path, path))
        g_ptr_array_add (found, flt_diagnostic_ref (d));
    }
  return found;
}

static void
show_list_diagnostics (FltListEditor *self,
                       GPtrArray     *all)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  g_autofree char *list_path = flt_list_editor_dup_list_path (self);
  g_autoptr(GString) text = g_string_new (NULL);
  FltSeverity worst = FLT_SEVERITY_INFO;

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      FltDiagnostic *d = g_ptr_array_index (all, i);
      gboolean taken = FALSE;

      if (!path_is_within (d->path, list_path))
        continue;
      for (guint j = 0; j < priv->n_real && !taken; j++)
        taken = path_is_within (d->path, flt_list_row_get_path (flt_list_editor_get_row (self, j)));
      if (taken)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, d->message);
      worst = MIN (worst, d->severity);
    }
  set_message (self, text->str, worst);
}

static void
run_pending (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  g_autoptr(GPtrArray) removes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) commits = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < priv->n_real; i++)
    {
      FltListRow *row = flt_list_editor_get_row (self, i);

      if (flt_list_row_take_pending_remove (row))
        g_ptr_array_add (removes, g_object_ref (row));
      else if (flt_list_row_take_pending_commit (row))
        g_ptr_array_add (commits, g_object_ref (row));
    }

  /* Commits first: they keep every entry in its place. */
  for (guint i = 0; i < commits->len; i++)
    row_commit_cb (self, g_ptr_array_index (commits, i));
  for (guint i = 0; i < removes->len; i++)
    row_remove_cb (self, g_ptr_array_index (removes, i));
}

/**
 * flt_list_editor_refresh:
 *
 * Brings the rows in line with the workspace's project.  Called whenever
 * the project changes; rows are reused, not rebuilt.
 */
void
flt_list_editor_refresh (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  FltListEditorClass *klass = FLT_LIST_EDITOR_GET_CLASS (self);
  g_autoptr(GPtrArray) diagnostics = NULL;
  FltDocument *document;
  FltDiagnostic *syntax_error;
  FltProject *project;
  FltService *service;
  guint n;

  g_return_if_fail (FLT_IS_LIST_EDITOR (self));

  project = priv->workspace != NULL ? flt_workspace_get_project (priv->workspace) : NULL;
  document = get_document (self);

  if (priv->workspace == NULL || priv->service_name == NULL)
    {
      clear_rows (self);
      g_clear_object (&priv->project);
      g_clear_object (&priv->service);
      priv->synced = FALSE;
      set_placeholder (self, NULL);
      set_message (self, NULL, FLT_SEVERITY_INFO);
      set_can_add (self, FALSE);
      if (klass->refreshed != NULL)
        klass->refreshed (self, NULL, NULL);
      return;
    }

  if (project == NULL)
    {
      clear_rows (self);
      priv->synced = FALSE;
      set_placeholder (self, _("Reading the file…"));
      set_can_add (self, FALSE);
      return;
    }

  /* While the file does not parse (someone is typing in the YAML view),
   * the rows stay as they were, and nothing can be written. */
  syntax_error = flt_document_get_syntax_error (document);
  if (syntax_error != NULL &&
      flt_workspace_get_project_revision (priv->workspace) == flt_document_get_revision (document))
    {
      g_autofree char *text = g_strdup_printf (
        _("The file cannot be read at line %u; fix it in the YAML view to edit this list"),
        syntax_error->line);

      priv->synced = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (priv->list), FALSE);
      set_message (self, text, FLT_SEVERITY_ERROR);
      set_can_add (self, FALSE);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (priv->list), TRUE);

  g_set_object (&priv->project, project);
  service = flt_project_get_service (project, priv->service_name);
  g_set_object (&priv->service, service);
  priv->synced_revision = flt_workspace_get_project_revision (priv->workspace);
  priv->synced = TRUE;

  if (service == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The file has no service “%s”"), priv->service_name);

      clear_rows (self);
      set_placeholder (self, text);
      set_message (self, NULL, FLT_SEVERITY_INFO);
      set_can_add (self, FALSE);
      if (klass->refreshed != NULL)
        klass->refreshed (self, project, NULL);
      return;
    }

  set_placeholder (self, NULL);
  set_can_add (self, TRUE);

  if (klass->prepare != NULL)
    klass->prepare (self, project, service);
  n = klass->get_n_entries (self, service);
  diagnostics = flt_workspace_dup_diagnostics (priv->workspace);

  while (priv->n_real > n)
    {
      gtk_list_box_remove (priv->list, GTK_WIDGET (flt_list_editor_get_row (self, priv->n_real - 1)));
      priv->n_real--;
    }
  while (priv->n_real < n)
    {
      FltListRow *row = klass->create_row (self);

      connect_row (self, row);
      gtk_list_box_insert (priv->list, GTK_WIDGET (row), priv->n_real);
      priv->n_real++;
    }

  for (guint i = 0; i < n; i++)
    {
      FltListRow *row = flt_list_editor_get_row (self, i);
      g_autofree char *path = klass->dup_entry_path (self, service, i);
      g_autoptr(GPtrArray) within = diagnostics_within (diagnostics, path);

      klass->update_row (self, row, project, service, i, path);
      flt_list_row_set_diagnostics (row, within);
    }

  show_list_diagnostics (self, diagnostics);

  if (klass->refreshed != NULL)
    klass->refreshed (self, project, service);

  run_pending (self);
}

static void
row_commit_cb (FltListEditor *self,
               FltListRow    *row)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *list_path = NULL;
  FltDocument *document = get_document (self);
  gboolean draft = flt_list_row_get_draft (row);
  guint before;

  if (document == NULL || priv->project == NULL || priv->service_name == NULL)
    return;
  if (flt_list_row_get_locked (row) || !flt_list_row_get_dirty (row))
    return;
  if (!flt_list_row_check (row))
    return;

  /* A draft adds itself to the list, whose path does not move. */
  if (!draft && (!is_synced (self) || flt_list_row_get_path (row) == NULL))
    {
      flt_list_row_set_pending_commit (row);
      return;
    }

  before = flt_document_get_revision (document);
  list_path = flt_list_editor_dup_list_path (self);
  if (!FLT_LIST_ROW_GET_CLASS (row)->apply (row, document,
                                            draft ? list_path : flt_list_row_get_path (row),
                                            &error))
    {
      flt_list_row_edit_failed (row, error);
      return;
    }

  flt_list_row_edit_done (row);
  if (draft)
    {
      /* It is the last entry now; its path comes with the next project. */
      flt_list_row_set_draft (row, FALSE);
      flt_list_row_set_path (row, NULL);
      priv->draft = NULL;
      priv->n_real++;
    }
  else if (priv->synced && priv->synced_revision == before)
    priv->synced_revision = flt_document_get_revision (document);
}

static void
row_remove_cb (FltListEditor *self,
               FltListRow    *row)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  FltDocument *document = get_document (self);

  if (flt_list_row_get_draft (row))
    {
      gtk_list_box_remove (priv->list, GTK_WIDGET (row));
      priv->draft = NULL;
      return;
    }
  if (document == NULL || flt_list_row_get_locked (row))
    return;
  if (!is_synced (self) || flt_list_row_get_path (row) == NULL)
    {
      flt_list_row_set_pending_remove (row);
      return;
    }

  if (!flt_document_remove (document, flt_list_row_get_path (row), &error))
    {
      flt_list_row_edit_failed (row, error);
      return;
    }

  /* The rows after it now stand for the entries they show. */
  gtk_list_box_remove (priv->list, GTK_WIDGET (row));
  priv->n_real--;
}

static void
flt_list_editor_dispose (GObject *object)
{
  FltListEditor *self = FLT_LIST_EDITOR (object);
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  if (priv->workspace != NULL)
    g_clear_signal_handler (&priv->project_handler, priv->workspace);
  g_clear_object (&priv->workspace);
  g_clear_object (&priv->project);
  g_clear_object (&priv->service);

  G_OBJECT_CLASS (flt_list_editor_parent_class)->dispose (object);
}

static void
flt_list_editor_finalize (GObject *object)
{
  FltListEditor *self = FLT_LIST_EDITOR (object);
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_free (priv->service_name);
  g_free (priv->placeholder_text);

  G_OBJECT_CLASS (flt_list_editor_parent_class)->finalize (object);
}

static void
flt_list_editor_class_init (FltListEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_list_editor_dispose;
  object_class->finalize = flt_list_editor_finalize;
}

static void
flt_list_editor_init (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  /* The group's own list cannot take rows at a given place, which drafts
   * and reused rows need: the rows go into a list of the editor's. */
  priv->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (priv->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (priv->list), "boxed-list");

  priv->placeholder = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (priv->placeholder, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (priv->placeholder), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (priv->placeholder), "flt-list-placeholder");
  gtk_list_box_set_placeholder (priv->list, GTK_WIDGET (priv->placeholder));

  priv->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (priv->message, TRUE);
  gtk_label_set_xalign (priv->message, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (priv->message), FALSE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (priv->list));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (priv->message));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), box);

  priv->placeholder_text = g_strdup ("");
  set_can_add (self, FALSE);
}

/**
 * flt_list_editor_set_service:
 * @workspace: (nullable): the open file; %NULL unbinds the editor
 * @service_name: (nullable): the service whose list to edit
 *
 * Shows @service_name's list from @workspace's project, and keeps showing
 * it as the project changes.
 */
void
flt_list_editor_set_service (FltListEditor *self,
                             FltWorkspace  *workspace,
                             const char    *service_name)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_EDITOR (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (workspace == NULL)
    service_name = NULL;

  /* What was typed into the rows about to go is written first. */
  if (workspace != priv->workspace || g_strcmp0 (service_name, priv->service_name) != 0)
    flt_list_editor_flush (self);

  if (workspace != priv->workspace)
    {
      if (priv->workspace != NULL)
        g_clear_signal_handler (&priv->project_handler, priv->workspace);
      g_set_object (&priv->workspace, workspace);
      if (workspace != NULL)
        priv->project_handler = g_signal_connect_object (workspace, "notify::project",
                                                         G_CALLBACK (flt_list_editor_refresh), self,
                                                         G_CONNECT_SWAPPED);
      clear_rows (self);
      g_clear_object (&priv->project);
      g_clear_object (&priv->service);
    }
  if (g_strcmp0 (service_name, priv->service_name) != 0)
    {
      g_free (priv->service_name);
      priv->service_name = g_strdup (service_name);
      clear_rows (self);
    }

  flt_list_editor_refresh (self);
}

/**
 * flt_list_editor_flush:
 *
 * Writes what was typed and not written yet (the editor waits for a pause
 * in typing): for before saving, or closing.  Entries that are not valid
 * as typed stay unwritten, as they show.
 */
void
flt_list_editor_flush (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  g_autoptr(GPtrArray) dirty = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (FLT_IS_LIST_EDITOR (self));

  for (guint i = 0; i < priv->n_real; i++)
    if (flt_list_row_get_dirty (flt_list_editor_get_row (self, i)))
      g_ptr_array_add (dirty, g_object_ref (flt_list_editor_get_row (self, i)));
  if (priv->draft != NULL && flt_list_row_get_dirty (priv->draft))
    g_ptr_array_add (dirty, g_object_ref (priv->draft));

  for (guint i = 0; i < dirty->len; i++)
    row_commit_cb (self, g_ptr_array_index (dirty, i));
}

/**
 * flt_list_editor_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace the editor shows
 */
FltWorkspace *
flt_list_editor_get_workspace (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), NULL);

  return priv->workspace;
}

const char *
flt_list_editor_get_service_name (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), NULL);

  return priv->service_name;
}

/**
 * flt_list_editor_get_project:
 *
 * Returns: (transfer none) (nullable): the project the rows show
 */
FltProject *
flt_list_editor_get_project (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), NULL);

  return priv->project;
}

/**
 * flt_list_editor_get_service:
 *
 * Returns: (transfer none) (nullable): the service the rows show
 */
FltService *
flt_list_editor_get_service (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), NULL);

  return priv->service;
}

/**
 * flt_list_editor_dup_list_path:
 *
 * Returns: (transfer full) (nullable): e.g. `services.web.ports`
 */
char *
flt_list_editor_dup_list_path (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);
  g_autofree char *service_path = NULL;

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), NULL);

  if (priv->service_name == NULL)
    return NULL;
  service_path = priv->service != NULL ? g_strdup (flt_service_get_path (priv->service))
                                       : flt_path_append_key ("services", priv->service_name);
  return flt_path_append_key (service_path, FLT_LIST_EDITOR_GET_CLASS (self)->list_key);
}

/* The rows of entries of the file, not counting a draft. */
guint
flt_list_editor_get_n_rows (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), 0);

  return priv->n_real;
}

/**
 * flt_list_editor_get_row:
 *
 * Returns: (transfer none) (nullable): the row of entry @index
 */
FltListRow *
flt_list_editor_get_row (FltListEditor *self,
                         guint          index)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), NULL);

  if (index >= priv->n_real)
    return NULL;
  return FLT_LIST_ROW (gtk_list_box_get_row_at_index (priv->list, index));
}

/**
 * flt_list_editor_get_draft:
 *
 * Returns: (transfer none) (nullable): the row being added, not in the
 *   file yet
 */
FltListRow *
flt_list_editor_get_draft (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), NULL);

  return priv->draft;
}

/**
 * flt_list_editor_get_message:
 *
 * Returns: (transfer none): what is shown under the list about the list
 *   itself (its diagnostics, a syntax error), or ""
 */
const char *
flt_list_editor_get_message (FltListEditor *self)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_EDITOR (self), NULL);

  return gtk_label_get_text (priv->message);
}

void
flt_list_editor_set_placeholder_text (FltListEditor *self,
                                      const char    *text)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_EDITOR (self));

  g_free (priv->placeholder_text);
  priv->placeholder_text = g_strdup (text ? text : "");
  if (priv->workspace == NULL || priv->service != NULL)
    set_placeholder (self, NULL);
}

/**
 * flt_list_editor_append_draft:
 * @row: (transfer floating): a new row of the subclass
 *
 * Shows @row after the entries, with the focus in it; it adds itself to the
 * file once its fields are valid and written.  A second draft only moves
 * the focus back to the first one.
 */
void
flt_list_editor_append_draft (FltListEditor *self,
                              FltListRow    *row)
{
  FltListEditorPrivate *priv = flt_list_editor_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_EDITOR (self));
  g_return_if_fail (FLT_IS_LIST_ROW (row));

  if (priv->draft != NULL)
    {
      g_object_ref_sink (row);
      g_object_unref (row);
    }
  else
    {
      priv->draft = row;
      flt_list_row_set_draft (row, TRUE);
      connect_row (self, row);
      gtk_list_box_insert (priv->list, GTK_WIDGET (row), priv->n_real);
    }
  if (FLT_LIST_ROW_GET_CLASS (priv->draft)->focus_first != NULL)
    FLT_LIST_ROW_GET_CLASS (priv->draft)->focus_first (priv->draft);
}
