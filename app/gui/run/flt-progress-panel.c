/* flt-progress-panel.c: what Up, Down and the rest are doing, item by item
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel stays after an operation ends, so a failure can be read; the
 * window hides it when the user closes it or starts something else.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-progress-panel.h"
#include "flt-text.h"

struct _FltProgressPanel
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkSpinner   *spinner;
  GtkLabel     *title_label;
  GtkLabel     *message_label;
  GtkButton    *cancel_button;
  GtkListBox   *list;

  /* Owned references */
  GCancellable *cancellable;
  GHashTable   *rows;          /* "kind\nname" → FltProgressRow, borrowed */
  char         *message;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (FltProgressPanel, flt_progress_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
row_key (const char *kind,
         const char *name)
{
  return g_strconcat (kind ? kind : "", "\n", name ? name : "", NULL);
}

static void
set_busy (FltProgressPanel *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
cancel_clicked_cb (FltProgressPanel *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  /* Translators: shown while a cancelled operation winds down */
  gtk_label_set_label (self->title_label, _("Cancelling…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
}

static void
flt_progress_panel_dispose (GObject *object)
{
  FltProgressPanel *self = FLT_PROGRESS_PANEL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->message, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_PROGRESS_PANEL);
  /* The template's root has no name, so it is not among what
   * gtk_widget_dispose_template() lets go of. */
  while (gtk_widget_get_first_child (GTK_WIDGET (self)) != NULL)
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (self)));

  G_OBJECT_CLASS (flt_progress_panel_parent_class)->dispose (object);
}

static void
flt_progress_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FltProgressPanel *self = FLT_PROGRESS_PANEL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_progress_panel_class_init (FltProgressPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_progress_panel_dispose;
  object_class->get_property = flt_progress_panel_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-progress-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FltProgressPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, FltProgressPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, FltProgressPanel, message_label);
  gtk_widget_class_bind_template_child (widget_class, FltProgressPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FltProgressPanel, list);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fltprogresspanel");
}

static void
flt_progress_panel_init (FltProgressPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FltProgressPanel *
flt_progress_panel_new (void)
{
  return g_object_new (FLT_TYPE_PROGRESS_PANEL, NULL);
}

/**
 * flt_progress_panel_begin:
 * @title: what is being done, e.g. "Starting foodtrucks"
 * @cancellable: (nullable): cancelled by the panel's Cancel button
 */
void
flt_progress_panel_begin (FltProgressPanel *self,
                          const char       *title,
                          GCancellable     *cancellable)
{
  GtkWidget *child;

  g_return_if_fail (FLT_IS_PROGRESS_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_hash_table_remove_all (self->rows);
  g_set_object (&self->cancellable, cancellable);
  g_clear_pointer (&self->message, g_free);

  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), cancellable != NULL);
  set_busy (self, TRUE);
}

void
flt_progress_panel_update (FltProgressPanel  *self,
                           const FltProgress *progress)
{
  g_autofree char *key = NULL;
  FltProgressRow *row;

  g_return_if_fail (FLT_IS_PROGRESS_PANEL (self));
  g_return_if_fail (progress != NULL);

  key = row_key (progress->kind, progress->name);
  row = g_hash_table_lookup (self->rows, key);
  if (row == NULL)
    {
      row = flt_progress_row_new (progress->kind, progress->name);
      gtk_list_box_append (self->list, GTK_WIDGET (row));
      g_hash_table_insert (self->rows, g_steal_pointer (&key), row);
    }
  flt_progress_row_update (row, progress);
}

/**
 * flt_progress_panel_finish:
 * @title: what happened, e.g. "foodtrucks is running"
 * @error: (nullable): why it failed; its message says which service
 *   and what to do
 */
void
flt_progress_panel_finish (FltProgressPanel *self,
                           const char       *title,
                           const GError     *error)
{
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (FLT_IS_PROGRESS_PANEL (self));

  /* Rows still under way when the whole failed were cut short; after a
   * success there should be none, and none is shown as cut short. */
  if (error != NULL)
    {
      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, NULL, &row))
        flt_progress_row_cancelled (row);
    }

  g_clear_object (&self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_label_set_label (self->title_label, title);
  g_clear_pointer (&self->message, g_free);
  if (error != NULL)
    {
      self->message = flt_text_sentence (error->message);
      gtk_label_set_label (self->message_label, self->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), error != NULL);
  set_busy (self, FALSE);
}

/**
 * flt_progress_panel_cancelled:
 * @title: what the panel says now, e.g. "Cancelled"
 *
 * Ends the operation without an error message: the user stopped it.
 */
void
flt_progress_panel_cancelled (FltProgressPanel *self,
                              const char       *title)
{
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (FLT_IS_PROGRESS_PANEL (self));

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    flt_progress_row_cancelled (row);
  flt_progress_panel_finish (self, title, NULL);
}

gboolean
flt_progress_panel_get_busy (FltProgressPanel *self)
{
  g_return_val_if_fail (FLT_IS_PROGRESS_PANEL (self), FALSE);

  return self->busy;
}

/**
 * flt_progress_panel_find_row:
 *
 * Returns: (transfer none) (nullable): the row of @kind ("Container",
 *   "Network", "Image"…) @name
 */
FltProgressRow *
flt_progress_panel_find_row (FltProgressPanel *self,
                             const char       *kind,
                             const char       *name)
{
  g_autofree char *key = row_key (kind, name);

  g_return_val_if_fail (FLT_IS_PROGRESS_PANEL (self), NULL);

  return g_hash_table_lookup (self->rows, key);
}

const char *
flt_progress_panel_get_message (FltProgressPanel *self)
{
  g_return_val_if_fail (FLT_IS_PROGRESS_PANEL (self), NULL);

  return self->message;
}
