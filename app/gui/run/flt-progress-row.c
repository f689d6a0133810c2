/* flt-progress-row.c: one thing being built, pulled, created or started
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-progress-row.h"

struct _FltProgressRow
{
  GtkListBoxRow     parent_instance;

  /* Template widgets */
  GtkStack         *icon_stack;
  GtkSpinner       *spinner;
  GtkImage         *state_icon;
  GtkLabel         *title_label;
  GtkLabel         *text_label;
  GtkProgressBar   *bar;

  char             *text;
  FltProgressState  state;
};

G_DEFINE_FINAL_TYPE (FltProgressRow, flt_progress_row, GTK_TYPE_LIST_BOX_ROW)

static void
show_state (FltProgressRow *self)
{
  const char *icon = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "error");

  switch (self->state)
    {
    case FLT_PROGRESS_WORKING:
      gtk_stack_set_visible_child (self->icon_stack, GTK_WIDGET (self->spinner));
      gtk_spinner_start (self->spinner);
      return;
    case FLT_PROGRESS_DONE:
      icon = "object-select-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "success");
      break;
    case FLT_PROGRESS_WARNING:
      icon = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "warning");
      break;
    case FLT_PROGRESS_ERROR:
    default:
      icon = "dialog-error-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "error");
      break;
    }
  gtk_spinner_stop (self->spinner);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_stack_set_visible_child (self->icon_stack, GTK_WIDGET (self->state_icon));
}

static void
flt_progress_row_finalize (GObject *object)
{
  g_free (FLT_PROGRESS_ROW (object)->text);

  G_OBJECT_CLASS (flt_progress_row_parent_class)->finalize (object);
}

static void
flt_progress_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FLT_TYPE_PROGRESS_ROW);

  G_OBJECT_CLASS (flt_progress_row_parent_class)->dispose (object);
}

static void
flt_progress_row_class_init (FltProgressRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_progress_row_dispose;
  object_class->finalize = flt_progress_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-progress-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FltProgressRow, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, FltProgressRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, FltProgressRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, FltProgressRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FltProgressRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, FltProgressRow, bar);
}

static void
flt_progress_row_init (FltProgressRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_state (self);
}

FltProgressRow *
flt_progress_row_new (const char *kind,
                      const char *name)
{
  FltProgressRow *self = g_object_new (FLT_TYPE_PROGRESS_ROW, NULL);
  g_autofree char *title = flt_progress_describe_item (kind, name);

  gtk_label_set_label (self->title_label, title);
  return self;
}

void
flt_progress_row_update (FltProgressRow    *self,
                         const FltProgress *progress)
{
  g_return_if_fail (FLT_IS_PROGRESS_ROW (self));
  g_return_if_fail (progress != NULL);

  g_free (self->text);
  self->text = g_strdup (progress->text);
  self->state = progress->state;
  gtk_label_set_label (self->text_label, progress->text ? progress->text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->text_label), progress->text);

  /* Pulls and builds report how far they are; the rest only that they
   * are at it. */
  gtk_widget_set_visible (GTK_WIDGET (self->bar),
                          progress->state == FLT_PROGRESS_WORKING && progress->fraction >= 0);
  if (progress->fraction >= 0)
    gtk_progress_bar_set_fraction (self->bar, CLAMP (progress->fraction, 0.0, 1.0));
  show_state (self);
}

/* The operation stopped (failed or cancelled) while this was under way. */
void
flt_progress_row_cancelled (FltProgressRow *self)
{
  FltProgress progress = { 0 };

  g_return_if_fail (FLT_IS_PROGRESS_ROW (self));

  if (self->state != FLT_PROGRESS_WORKING)
    return;
  progress.state = FLT_PROGRESS_WARNING;
  /* Translators: a step that was under way when the operation stopped */
  progress.text = _("Interrupted");
  progress.fraction = -1;
  flt_progress_row_update (self, &progress);
}

const char *
flt_progress_row_get_text (FltProgressRow *self)
{
  g_return_val_if_fail (FLT_IS_PROGRESS_ROW (self), NULL);

  return self->text;
}

FltProgressState
flt_progress_row_get_state (FltProgressRow *self)
{
  g_return_val_if_fail (FLT_IS_PROGRESS_ROW (self), FLT_PROGRESS_ERROR);

  return self->state;
}
