/* flt-list-row.c: one entry of a service's list in a list editor
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every row of the ports, volumes and environment editors shares: it
 * knows its entry's path, holds what the person typed until it can be
 * written (Enter, leaving the row, or half a second without typing, so
 * that typing "8080" is one undo step), shows the messages that concern
 * the entry under it, and turns read-only when the core refuses an edit.
 *
 * The row never rebuilds itself while someone types in it: contents from
 * the file go only into fields that have no focus and hold nothing unsaved.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-list-row.h"
#include "flt-text.h"

/* How long typing may pause before what was typed is written. */
#define COMMIT_DELAY_MS 500

typedef struct
{
  char       *path;          /* NULL for a draft */
  char       *base_raw;      /* the entry as last synced, to notice changes elsewhere */

  GtkBox     *message_box;
  GtkLabel   *labels[FLT_ROW_N_MESSAGES];
  char       *messages[FLT_ROW_N_MESSAGES];
  GtkBox     *diagnostic_box;
  GtkWidget  *draft_label;
  GPtrArray  *diagnostics;
  GtkWidget  *remove_button;

  FltEnvironment *environment;  /* the project's, for fields with variables */
  char       *project_dir;

  guint       commit_id;
  guint       updating;
  gboolean    draft;
  gboolean    dirty;
  gboolean    locked;
  gboolean    pending_commit;
  gboolean    pending_remove;
  gboolean    forcing;       /* showing the file even in the focused field */
} FltListRowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (FltListRow, flt_list_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  COMMIT,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const message_classes[FLT_ROW_N_MESSAGES] = {
  [FLT_ROW_MESSAGE_CHECK] = "error",
  [FLT_ROW_MESSAGE_WARNING] = "warning",
  [FLT_ROW_MESSAGE_INFO] = "dim-label",
  [FLT_ROW_MESSAGE_EDIT] = "error",
};

/* The order of the lines under the row: what is wrong first, then what
 * the entry becomes, then what to look out for. */
static const FltRowMessage message_order[FLT_ROW_N_MESSAGES] = {
  FLT_ROW_MESSAGE_EDIT,
  FLT_ROW_MESSAGE_CHECK,
  FLT_ROW_MESSAGE_INFO,
  FLT_ROW_MESSAGE_WARNING,
};

static GtkWidget *
new_message_label (const char *style_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "flt-row-message");
  gtk_widget_add_css_class (label, style_class);
  return label;
}

/* Most rows have nothing to say: their labels are made the first time
 * they do, which keeps long lists quick to build. */
static void
ensure_labels (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  if (priv->draft_label != NULL)
    return;

  priv->draft_label = new_message_label ("dim-label");
  gtk_label_set_text (GTK_LABEL (priv->draft_label),
                      _("Not in the file yet: it is added once it is complete, when you press Enter "
                        "or leave the row"));
  gtk_box_append (priv->message_box, priv->draft_label);
  for (guint i = 0; i < FLT_ROW_N_MESSAGES; i++)
    {
      FltRowMessage which = message_order[i];

      priv->labels[which] = GTK_LABEL (new_message_label (message_classes[which]));
      gtk_box_append (priv->message_box, GTK_WIDGET (priv->labels[which]));
      if (which == FLT_ROW_MESSAGE_CHECK)
        {
          /* The core's diagnostics come after what is wrong as typed. */
          priv->diagnostic_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
          gtk_box_append (priv->message_box, GTK_WIDGET (priv->diagnostic_box));
        }
    }
}

static gboolean
has_diagnostics (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  return priv->diagnostics != NULL && priv->diagnostics->len > 0;
}

static void
update_message_box (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);
  gboolean any = priv->draft || has_diagnostics (self);

  if (priv->message_box == NULL)
    return;

  for (guint i = 0; i < FLT_ROW_N_MESSAGES; i++)
    any |= priv->messages[i] != NULL;
  if (!any && priv->draft_label == NULL)
    return;
  ensure_labels (self);

  for (guint i = 0; i < FLT_ROW_N_MESSAGES; i++)
    {
      const char *text = priv->messages[i];

      gtk_label_set_text (priv->labels[i], text ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (priv->labels[i]), text != NULL);
    }
  gtk_widget_set_visible (priv->draft_label, priv->draft);
  gtk_widget_set_visible (GTK_WIDGET (priv->diagnostic_box), has_diagnostics (self));
  gtk_widget_set_visible (GTK_WIDGET (priv->message_box), any);
}

static gboolean
commit_timeout_cb (gpointer user_data)
{
  FltListRow *self = user_data;
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  priv->commit_id = 0;
  flt_list_row_request_commit (self);
  return G_SOURCE_REMOVE;
}

static gboolean
widget_contains_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus;

  if (root == NULL)
    return FALSE;
  focus = gtk_root_get_focus (root);
  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
editable_changed_cb (FltListRow  *self,
                     GtkEditable *editable)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  if (priv->updating > 0)
    return;

  priv->dirty = TRUE;
  flt_list_row_check (self);

  /* A draft is written when the person is done with it, not while its
   * first field is half typed. */
  g_clear_handle_id (&priv->commit_id, g_source_remove);
  if (!priv->draft)
    priv->commit_id = g_timeout_add (COMMIT_DELAY_MS, commit_timeout_cb, self);
}

static void
editable_activate_cb (FltListRow *self)
{
  flt_list_row_request_commit (self);
}

static void
focus_leave_cb (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  if (priv->dirty)
    flt_list_row_request_commit (self);
  else if (FLT_LIST_ROW_GET_CLASS (self)->show_synced != NULL)
    {
      /* The file may have changed while a field had the focus. */
      priv->updating++;
      FLT_LIST_ROW_GET_CLASS (self)->show_synced (self);
      priv->updating--;
      flt_list_row_check (self);
    }
}

static void
flt_list_row_dispose (GObject *object)
{
  FltListRow *self = FLT_LIST_ROW (object);
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_clear_handle_id (&priv->commit_id, g_source_remove);
  g_clear_object (&priv->environment);

  G_OBJECT_CLASS (flt_list_row_parent_class)->dispose (object);
}

static void
flt_list_row_finalize (GObject *object)
{
  FltListRow *self = FLT_LIST_ROW (object);
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_free (priv->path);
  g_free (priv->base_raw);
  g_free (priv->project_dir);
  for (guint i = 0; i < FLT_ROW_N_MESSAGES; i++)
    g_free (priv->messages[i]);
  g_clear_pointer (&priv->diagnostics, g_ptr_array_unref);

  G_OBJECT_CLASS (flt_list_row_parent_class)->finalize (object);
}

static gboolean
flt_list_row_real_accept_diagnostic (FltListRow          *self,
                                     const FltDiagnostic *diagnostic)
{
  return TRUE;
}

static void
flt_list_row_class_init (FltListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_list_row_dispose;
  object_class->finalize = flt_list_row_finalize;

  klass->accept_diagnostic = flt_list_row_real_accept_diagnostic;

  /**
   * FltListRow::commit:
   *
   * The fields hold something to write: the list editor decides when.
   */
  signals[COMMIT] = g_signal_new ("commit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FltListRow::remove:
   *
   * The person asked to remove the entry.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
flt_list_row_init (FltListRow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "flt-list-row");

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

const char *
flt_list_row_get_path (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), NULL);

  return priv->path;
}

void
flt_list_row_set_path (FltListRow *self,
                       const char *path)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  if (g_strcmp0 (priv->path, path) == 0)
    return;
  g_free (priv->path);
  priv->path = g_strdup (path);
}

gboolean
flt_list_row_get_draft (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), FALSE);

  return priv->draft;
}

/* A draft is a row that is not in the file yet: it adds itself when its
 * fields are first valid and written. */
void
flt_list_row_set_draft (FltListRow *self,
                        gboolean    draft)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  priv->draft = !!draft;
  if (draft)
    gtk_widget_add_css_class (GTK_WIDGET (self), "draft");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "draft");
  if (priv->remove_button != NULL)
    gtk_widget_set_sensitive (priv->remove_button, priv->draft || !priv->locked);
  update_message_box (self);
}

gboolean
flt_list_row_get_dirty (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), FALSE);

  return priv->dirty;
}

gboolean
flt_list_row_get_locked (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), FALSE);

  return priv->locked;
}

const char *
flt_list_row_get_message (FltListRow    *self,
                          FltRowMessage  which)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), NULL);
  g_return_val_if_fail (which < FLT_ROW_N_MESSAGES, NULL);

  return priv->messages[which];
}

void
flt_list_row_set_message (FltListRow    *self,
                          FltRowMessage  which,
                          const char    *text)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));
  g_return_if_fail (which < FLT_ROW_N_MESSAGES);

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (priv->messages[which], text) == 0)
    return;
  g_free (priv->messages[which]);
  priv->messages[which] = g_strdup (text);
  update_message_box (self);
}

static gboolean
same_diagnostics (GPtrArray *a,
                  GPtrArray *b)
{
  guint na = a ? a->len : 0;
  guint nb = b ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    {
      const FltDiagnostic *x = g_ptr_array_index (a, i);
      const FltDiagnostic *y = g_ptr_array_index (b, i);

      if (x->severity != y->severity || g_strcmp0 (x->message, y->message) != 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * flt_list_row_set_diagnostics:
 * @diagnostics: (nullable) (element-type FltDiagnostic): the core's
 *   diagnostics whose path is the entry's or inside it
 *
 * Called after the row shows its entry, so that it knows its path.
 */
void
flt_list_row_set_diagnostics (FltListRow *self,
                              GPtrArray  *diagnostics)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_diagnostic_unref);
  GtkWidget *child;

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      FltDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (FLT_LIST_ROW_GET_CLASS (self)->accept_diagnostic (self, d))
        g_ptr_array_add (shown, flt_diagnostic_ref (d));
    }

  if (same_diagnostics (priv->diagnostics, shown))
    return;

  g_clear_pointer (&priv->diagnostics, g_ptr_array_unref);
  priv->diagnostics = g_steal_pointer (&shown);

  if (priv->message_box != NULL && priv->diagnostics->len > 0)
    ensure_labels (self);
  if (priv->diagnostic_box != NULL)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (priv->diagnostic_box))) != NULL)
        gtk_box_remove (priv->diagnostic_box, child);
      for (guint i = 0; i < priv->diagnostics->len; i++)
        {
          const FltDiagnostic *d = g_ptr_array_index (priv->diagnostics, i);
          GtkWidget *label = new_message_label (flt_text_severity_class (d->severity));

          gtk_label_set_text (GTK_LABEL (label), d->message);
          gtk_box_append (priv->diagnostic_box, label);
        }
    }
  update_message_box (self);

  /* What the row says itself may depend on what the core says. */
  flt_list_row_check (self);
}

/**
 * flt_list_row_get_diagnostics:
 *
 * Returns: (transfer none) (nullable): the diagnostics shown under the row
 */
GPtrArray *
flt_list_row_get_diagnostics (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), NULL);

  return priv->diagnostics;
}

gboolean
flt_list_row_has_diagnostic (FltListRow        *self,
                             FltDiagnosticKind  kind)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), FALSE);

  for (guint i = 0; priv->diagnostics != NULL && i < priv->diagnostics->len; i++)
    if (((FltDiagnostic *) g_ptr_array_index (priv->diagnostics, i))->kind == kind)
      return TRUE;
  return FALSE;
}

/**
 * flt_list_row_dup_all_messages:
 *
 * Returns: (transfer full): every line shown under the row, one per line
 */
char *
flt_list_row_dup_all_messages (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), NULL);

  for (guint i = 0; i < FLT_ROW_N_MESSAGES; i++)
    if (priv->messages[message_order[i]] != NULL)
      g_string_append_printf (s, "%s\n", priv->messages[message_order[i]]);
  for (guint i = 0; priv->diagnostics != NULL && i < priv->diagnostics->len; i++)
    g_string_append_printf (s, "%s\n", ((FltDiagnostic *) g_ptr_array_index (priv->diagnostics, i))->message);
  return g_string_free (s, FALSE);
}

/**
 * flt_list_row_set_message_box:
 * @box: a vertical box of the subclass's template, under its fields
 *
 * Where the row's messages go.
 */
void
flt_list_row_set_message_box (FltListRow *self,
                              GtkBox     *box)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));
  g_return_if_fail (priv->message_box == NULL);

  priv->message_box = box;
  update_message_box (self);
}

/**
 * flt_list_row_set_remove_button:
 * @button: a button of the subclass's template
 *
 * Clicking @button asks for the entry to be removed.
 */
void
flt_list_row_set_remove_button (FltListRow *self,
                                GtkWidget  *button)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));
  g_return_if_fail (GTK_IS_BUTTON (button));

  priv->remove_button = button;
  g_signal_connect_object (button, "clicked", G_CALLBACK (flt_list_row_request_remove),
                           self, G_CONNECT_SWAPPED);
}

/**
 * flt_list_row_set_environment:
 * @environment: (nullable): the project's variables
 * @project_dir: (nullable): what relative host paths start from
 *
 * What the row resolves the variables of its fields with.
 */
void
flt_list_row_set_environment (FltListRow     *self,
                              FltEnvironment *environment,
                              const char     *project_dir)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));
  g_return_if_fail (environment == NULL || FLT_IS_ENVIRONMENT (environment));

  g_set_object (&priv->environment, environment);
  if (g_strcmp0 (priv->project_dir, project_dir) != 0)
    {
      g_free (priv->project_dir);
      priv->project_dir = g_strdup (project_dir);
    }
}

/**
 * flt_list_row_get_environment:
 *
 * Returns: (transfer none) (nullable): the project's variables
 */
FltEnvironment *
flt_list_row_get_environment (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), NULL);

  return priv->environment;
}

const char *
flt_list_row_get_project_dir (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), NULL);

  return priv->project_dir;
}

/**
 * flt_list_row_resolve:
 * @text: (nullable): a field's text as written
 *
 * Returns: (transfer full): @text with the project's variables filled in;
 *   as written when its references are broken
 */
char *
flt_list_row_resolve (FltListRow *self,
                      const char *text)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);
  char *value;

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), NULL);

  if (text == NULL || !flt_interpolate_has_references (text))
    return g_strdup (text ? text : "");
  value = flt_interpolate (text, priv->environment, NULL, NULL, NULL);
  return value != NULL ? value : g_strdup (text);
}

/**
 * flt_list_row_watch_editable:
 *
 * Makes typing in @editable mark the row as changed, check it, and write it
 * after a pause; Enter writes it at once.
 */
void
flt_list_row_watch_editable (FltListRow  *self,
                             GtkEditable *editable)
{
  g_return_if_fail (FLT_IS_LIST_ROW (self));
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  g_signal_connect_object (editable, "changed", G_CALLBACK (editable_changed_cb), self, G_CONNECT_SWAPPED);
  if (GTK_IS_ENTRY (editable) || GTK_IS_TEXT (editable))
    g_signal_connect_object (editable, "activate", G_CALLBACK (editable_activate_cb), self, G_CONNECT_SWAPPED);
}

/**
 * flt_list_row_value_changed:
 *
 * For switches and drop-downs: a person changed a value, which is written
 * at once.
 */
void
flt_list_row_value_changed (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  if (priv->updating > 0)
    return;
  priv->dirty = TRUE;
  flt_list_row_check (self);
  if (!priv->draft)
    flt_list_row_request_commit (self);
}

void
flt_list_row_request_commit (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  g_clear_handle_id (&priv->commit_id, g_source_remove);
  if (priv->dirty)
    g_signal_emit (self, signals[COMMIT], 0);
}

void
flt_list_row_request_remove (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  g_clear_handle_id (&priv->commit_id, g_source_remove);
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
set_locked (FltListRow *self,
            gboolean    locked)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  priv->locked = locked;
  if (FLT_LIST_ROW_GET_CLASS (self)->set_editable != NULL)
    FLT_LIST_ROW_GET_CLASS (self)->set_editable (self, !locked);
  if (priv->remove_button != NULL)
    gtk_widget_set_sensitive (priv->remove_button, priv->draft || !locked);
  if (!locked)
    flt_list_row_set_message (self, FLT_ROW_MESSAGE_EDIT, NULL);
}

/**
 * flt_list_row_sync_begin:
 * @path: the entry's path in the model
 * @raw: the entry as written, to tell whether it changed
 *
 * Starts showing the entry as the file holds it now; the subclass then
 * stores what its fields should show and calls flt_list_row_sync_end().
 *
 * Returns: %TRUE when the entry is not the one the row showed before
 */
gboolean
flt_list_row_sync_begin (FltListRow *self,
                         const char *path,
                         const char *raw)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);
  gboolean changed;

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), FALSE);

  changed = g_strcmp0 (priv->base_raw, raw) != 0 || g_strcmp0 (priv->path, path) != 0;

  if (changed && priv->locked)
    set_locked (self, FALSE);

  /* Someone changed the entry elsewhere (the YAML view, undo) while the
   * row held unsaved text: the file wins, and the row says so. */
  if (priv->base_raw != NULL && g_strcmp0 (priv->base_raw, raw) != 0)
    {
      if (priv->dirty && priv->pending_commit)
        flt_list_row_set_message (self, FLT_ROW_MESSAGE_EDIT,
                                  _("The entry changed in the file before your change could be "
                                    "written, so it was not written; the row shows the file again"));
      if (priv->pending_remove)
        flt_list_row_set_message (self, FLT_ROW_MESSAGE_EDIT,
                                  _("The entry changed in the file before it could be removed, "
                                    "so it was kept; remove it again if you still want to"));
      priv->dirty = FALSE;
      priv->pending_commit = FALSE;
      priv->pending_remove = FALSE;
      g_clear_handle_id (&priv->commit_id, g_source_remove);
      gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
    }

  flt_list_row_set_path (self, path);
  g_free (priv->base_raw);
  priv->base_raw = g_strdup (raw);
  priv->updating++;
  return changed;
}

void
flt_list_row_sync_end (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));
  g_return_if_fail (priv->updating > 0);

  if (!priv->dirty && FLT_LIST_ROW_GET_CLASS (self)->show_synced != NULL)
    FLT_LIST_ROW_GET_CLASS (self)->show_synced (self);
  priv->updating--;
  flt_list_row_check (self);
}

/**
 * flt_list_row_set_text:
 *
 * Shows @text in @editable, unless someone is typing there: a field with
 * the focus keeps its text and its cursor.
 */
void
flt_list_row_set_text (FltListRow  *self,
                       GtkEditable *editable,
                       const char  *text)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  if (g_strcmp0 (gtk_editable_get_text (editable), text ? text : "") == 0)
    return;
  if (!priv->forcing && widget_contains_focus (GTK_WIDGET (editable)))
    return;
  priv->updating++;
  gtk_editable_set_text (editable, text ? text : "");
  priv->updating--;
}

gboolean
flt_list_row_is_updating (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_val_if_fail (FLT_IS_LIST_ROW (self), FALSE);

  return priv->updating > 0;
}

/* Around changes of widgets that are not edits by a person. */
void
flt_list_row_freeze_updates (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  priv->updating++;
}

void
flt_list_row_thaw_updates (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (priv->updating > 0);
  priv->updating--;
}

void
flt_list_row_mark_field (GtkWidget *field,
                         gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
}

/**
 * flt_list_row_edit_failed:
 * @error: what the core said
 *
 * Shows why the edit was refused and turns the row read-only, back to what
 * the file holds, until the entry changes in the file.
 */
void
flt_list_row_edit_failed (FltListRow   *self,
                          const GError *error)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);
  g_autofree char *text = NULL;

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  priv->pending_commit = FALSE;
  priv->pending_remove = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);

  /* A syntax error is the whole file's, and goes once it is fixed. */
  if (g_error_matches (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SYNTAX))
    {
      flt_list_row_set_message (self, FLT_ROW_MESSAGE_EDIT, error->message);
      return;
    }

  set_locked (self, TRUE);
  text = g_strdup_printf (
    /* Translators: %s is why the core refused the edit, e.g. that the value
     * comes from a YAML anchor other services use too */
    _("This change was not written: %s. The entry is read-only here until it changes in the file."),
    error->message);
  flt_list_row_set_message (self, FLT_ROW_MESSAGE_EDIT, text);

  /* Back to what the file holds, even where the person was typing: the
   * row takes no more typing anyway. */
  if (!priv->draft)
    {
      priv->dirty = FALSE;
      if (FLT_LIST_ROW_GET_CLASS (self)->show_synced != NULL)
        {
          priv->updating++;
          priv->forcing = TRUE;
          FLT_LIST_ROW_GET_CLASS (self)->show_synced (self);
          priv->forcing = FALSE;
          priv->updating--;
        }
      flt_list_row_check (self);
    }
}

void
flt_list_row_edit_done (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  g_return_if_fail (FLT_IS_LIST_ROW (self));

  priv->dirty = FALSE;
  priv->pending_commit = FALSE;
  flt_list_row_set_message (self, FLT_ROW_MESSAGE_EDIT, NULL);
}

gboolean
flt_list_row_take_pending_commit (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);
  gboolean pending = priv->pending_commit;

  priv->pending_commit = FALSE;
  return pending;
}

gboolean
flt_list_row_take_pending_remove (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);
  gboolean pending = priv->pending_remove;

  priv->pending_remove = FALSE;
  return pending;
}

void
flt_list_row_set_pending_commit (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  priv->pending_commit = TRUE;
}

/* The row waits for the project to catch up before it goes; it shows as
 * going meanwhile. */
void
flt_list_row_set_pending_remove (FltListRow *self)
{
  FltListRowPrivate *priv = flt_list_row_get_instance_private (self);

  priv->pending_remove = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

gboolean
flt_list_row_check (FltListRow *self)
{
  g_return_val_if_fail (FLT_IS_LIST_ROW (self), FALSE);

  if (FLT_LIST_ROW_GET_CLASS (self)->check == NULL)
    return TRUE;
  return FLT_LIST_ROW_GET_CLASS (self)->check (self);
}
