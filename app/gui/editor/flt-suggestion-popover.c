/* flt-suggestion-popover.c: suggestions under an entry as the user types
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkEntryCompletion is deprecated since GTK 4.10 and there is no
 * replacement yet, so this is a small one: a popover that does not take
 * the keyboard, listing the strings that contain what is typed.  Up and
 * Down pick one, Enter or a click takes it, Escape closes the list.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-suggestion-popover.h"

/* More than this is a list to scroll, not a suggestion. */
#define FLT_SUGGESTIONS_MAX 8

struct _FltSuggestionPopover
{
  GtkPopover          parent_instance;

  /* Template widgets */
  GtkListBox         *list;

  /* Owned references */
  GtkStringFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSliceListModel  *matches;

  /* Borrowed references */
  GtkWidget          *editable;
  GtkEventController *focus;
  GtkEventController *keys;

  guint               choosing : 1;
};

G_DEFINE_FINAL_TYPE (FltSuggestionPopover, flt_suggestion_popover, GTK_TYPE_POPOVER)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
flt_suggestion_popover_create_row (gpointer item,
                                   gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (gtk_string_object_get_string (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_margin_start (label, 8);
  gtk_widget_set_margin_end (label, 8);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

static gboolean
flt_suggestion_popover_has_focus (FltSuggestionPopover *self)
{
  return self->focus != NULL &&
         gtk_event_controller_focus_contains_focus (GTK_EVENT_CONTROLLER_FOCUS (self->focus));
}

static void
flt_suggestion_popover_update (FltSuggestionPopover *self)
{
  const char *text;
  guint n;

  g_assert (FLT_IS_SUGGESTION_POPOVER (self));

  if (self->editable == NULL || self->choosing || !flt_suggestion_popover_has_focus (self))
    {
      gtk_popover_popdown (GTK_POPOVER (self));
      return;
    }

  text = gtk_editable_get_text (GTK_EDITABLE (self->editable));
  gtk_string_filter_set_search (self->filter, text);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->matches));

  /* Nothing to add when the only match is what is typed already. */
  if (*text == '\0' || n == 0)
    {
      gtk_popover_popdown (GTK_POPOVER (self));
      return;
    }
  if (n == 1)
    {
      g_autoptr(GtkStringObject) only = g_list_model_get_item (G_LIST_MODEL (self->matches), 0);

      if (g_strcmp0 (gtk_string_object_get_string (only), text) == 0)
        {
          gtk_popover_popdown (GTK_POPOVER (self));
          return;
        }
    }

  gtk_widget_set_size_request (GTK_WIDGET (self),
                               MAX (gtk_widget_get_width (self->editable), 200), -1);
  gtk_list_box_unselect_all (self->list);
  gtk_popover_popup (GTK_POPOVER (self));
}

/**
 * flt_suggestion_popover_choose:
 * @position: the match to take
 *
 * Puts the match in the entry, closes the list and emits
 * #FltSuggestionPopover::chosen.
 */
void
flt_suggestion_popover_choose (FltSuggestionPopover *self,
                               guint                 position)
{
  g_autoptr(GtkStringObject) item = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (FLT_IS_SUGGESTION_POPOVER (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->matches), position);
  if (item == NULL || self->editable == NULL)
    return;

  text = g_strdup (gtk_string_object_get_string (item));
  self->choosing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->editable), text);
  gtk_editable_set_position (GTK_EDITABLE (self->editable), -1);
  self->choosing = FALSE;
  gtk_popover_popdown (GTK_POPOVER (self));

  g_signal_emit (self, signals[CHOSEN], 0, text);
}

static void
flt_suggestion_popover_row_activated_cb (FltSuggestionPopover *self,
                                         GtkListBoxRow        *row)
{
  flt_suggestion_popover_choose (self, gtk_list_box_row_get_index (row));
}

static void
flt_suggestion_popover_move (FltSuggestionPopover *self,
                             int                   delta)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  int n = g_list_model_get_n_items (G_LIST_MODEL (self->matches));
  int index;
  GtkListBoxRow *row;

  if (n == 0)
    return;

  if (selected == NULL)
    index = delta > 0 ? 0 : n - 1;
  else
    index = CLAMP (gtk_list_box_row_get_index (selected) + delta, 0, n - 1);

  row = gtk_list_box_get_row_at_index (self->list, index);
  gtk_list_box_select_row (self->list, row);
}

static gboolean
flt_suggestion_popover_key_pressed_cb (FltSuggestionPopover  *self,
                                       guint                  keyval,
                                       guint                  keycode,
                                       GdkModifierType        state,
                                       GtkEventControllerKey *controller)
{
  GtkListBoxRow *selected;

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      flt_suggestion_popover_move (self, 1);
      return TRUE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      flt_suggestion_popover_move (self, -1);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      selected = gtk_list_box_get_selected_row (self->list);
      if (selected == NULL)
        return FALSE;
      flt_suggestion_popover_choose (self, gtk_list_box_row_get_index (selected));
      return TRUE;

    case GDK_KEY_Escape:
      gtk_popover_popdown (GTK_POPOVER (self));
      return TRUE;

    default:
      return FALSE;
    }
}

static void
flt_suggestion_popover_focus_leave_cb (FltSuggestionPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

/**
 * flt_suggestion_popover_attach:
 * @editable: a widget implementing #GtkEditable
 *
 * Shows the suggestions under @editable, which becomes the popover's parent:
 * call gtk_widget_unparent() on the popover before @editable goes.
 */
void
flt_suggestion_popover_attach (FltSuggestionPopover *self,
                               GtkWidget            *editable)
{
  g_return_if_fail (FLT_IS_SUGGESTION_POPOVER (self));
  g_return_if_fail (GTK_IS_EDITABLE (editable));
  g_return_if_fail (self->editable == NULL);

  self->editable = editable;
  gtk_widget_set_parent (GTK_WIDGET (self), editable);

  g_signal_connect_object (editable, "changed",
                           G_CALLBACK (flt_suggestion_popover_update),
                           self, G_CONNECT_SWAPPED);

  self->focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (self->focus, "leave",
                           G_CALLBACK (flt_suggestion_popover_focus_leave_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (editable, self->focus);

  /* In the capture phase, before the entry moves its cursor or activates. */
  self->keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (self->keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (self->keys, "key-pressed",
                           G_CALLBACK (flt_suggestion_popover_key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (editable, self->keys);
}

/**
 * flt_suggestion_popover_set_model:
 * @strings: (nullable): a list of #GtkStringObject
 */
void
flt_suggestion_popover_set_model (FltSuggestionPopover *self,
                                  GListModel           *strings)
{
  g_return_if_fail (FLT_IS_SUGGESTION_POPOVER (self));
  g_return_if_fail (strings == NULL || G_IS_LIST_MODEL (strings));

  gtk_filter_list_model_set_model (self->filtered, strings);
}

/* What the list shows for the text typed now. */
GListModel *
flt_suggestion_popover_get_matches (FltSuggestionPopover *self)
{
  g_return_val_if_fail (FLT_IS_SUGGESTION_POPOVER (self), NULL);

  return G_LIST_MODEL (self->matches);
}

static void
flt_suggestion_popover_dispose (GObject *object)
{
  FltSuggestionPopover *self = FLT_SUGGESTION_POPOVER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_SUGGESTION_POPOVER);
  g_clear_object (&self->matches);
  self->filtered = NULL;
  self->filter = NULL;
  self->editable = NULL;
  self->focus = NULL;
  self->keys = NULL;

  G_OBJECT_CLASS (flt_suggestion_popover_parent_class)->dispose (object);
}

static void
flt_suggestion_popover_class_init (FltSuggestionPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_suggestion_popover_dispose;

  /**
   * FltSuggestionPopover::chosen:
   * @text: the suggestion now in the entry
   */
  signals[CHOSEN] =
    g_signal_new ("chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-suggestion-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, FltSuggestionPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, flt_suggestion_popover_row_activated_cb);
}

static void
flt_suggestion_popover_init (FltSuggestionPopover *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);

  /* The models own each other in a chain: the slice holds the rest. */
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->matches = gtk_slice_list_model_new (G_LIST_MODEL (self->filtered), 0, FLT_SUGGESTIONS_MAX);

  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->matches),
                           flt_suggestion_popover_create_row, NULL, NULL);
}

FltSuggestionPopover *
flt_suggestion_popover_new (void)
{
  return g_object_new (FLT_TYPE_SUGGESTION_POPOVER, NULL);
}
