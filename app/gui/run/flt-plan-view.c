/* flt-plan-view.c: what Up would do, container by container, and why
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "flt-plan-view.h"

struct _FltPlanView
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (FltPlanView, flt_plan_view, GTK_TYPE_WIDGET)

/**
 * flt_plan_describe_action:
 *
 * Returns: (transfer full): one translated sentence for the plan's row
 */
char *
flt_plan_describe_action (const FltPlanAction *action)
{
  g_autofree char *reasons = NULL;

  g_return_val_if_fail (action != NULL, NULL);

  switch (action->kind)
    {
    case FLT_ACTION_CREATE:
      return g_strdup (_("Will be created"));
    case FLT_ACTION_RECREATE:
      if (action->reasons == NULL || action->reasons[0] == NULL)
        return g_strdup (_("Will be recreated"));
      /* Translators: the keys are joined with this separator */
      reasons = g_strjoinv (C_("list separator", ", "), action->reasons);
      /* Translators: %s lists why: the compose keys that changed, e.g. "ports, environment" */
      return g_strdup_printf (_("Will be recreated: %s changed"), reasons);
    case FLT_ACTION_KEEP:
      return g_strdup (_("Unchanged"));
    case FLT_ACTION_START:
      return g_strdup (_("Will be started"));
    case FLT_ACTION_SCALE_DOWN:
      return g_strdup (_("Will be removed: more replicas than the file asks for"));
    case FLT_ACTION_REMOVE_ORPHAN:
    default:
      return g_strdup (_("Will be removed: its service is no longer in the file"));
    }
}

static const char *
icon_for (FltActionKind kind)
{
  switch (kind)
    {
    case FLT_ACTION_CREATE:
      return "list-add-symbolic";
    case FLT_ACTION_RECREATE:
      return "view-refresh-symbolic";
    case FLT_ACTION_START:
      return "media-playback-start-symbolic";
    case FLT_ACTION_SCALE_DOWN:
    case FLT_ACTION_REMOVE_ORPHAN:
      return "user-trash-symbolic";
    case FLT_ACTION_KEEP:
    default:
      return "object-select-symbolic";
    }
}

static void
flt_plan_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FLT_TYPE_PLAN_VIEW);
  /* The template's root has no name, so it is not among what
   * gtk_widget_dispose_template() lets go of. */
  while (gtk_widget_get_first_child (GTK_WIDGET (object)) != NULL)
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (object)));

  G_OBJECT_CLASS (flt_plan_view_parent_class)->dispose (object);
}

static void
flt_plan_view_class_init (FltPlanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_plan_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-plan-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FltPlanView, list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
flt_plan_view_init (FltPlanView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FltPlanView *
flt_plan_view_new (void)
{
  return g_object_new (FLT_TYPE_PLAN_VIEW, NULL);
}

static void
add_row (FltPlanView *self,
         const char  *title,
         const char  *subtitle,
         const char  *icon_name,
         gboolean     disruptive)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (disruptive)
    gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->list, row);
}

/* Disruptive changes first: they are what the person must decide on. */
static int
action_rank (const FltPlanAction *action)
{
  switch (action->kind)
    {
    case FLT_ACTION_REMOVE_ORPHAN:
    case FLT_ACTION_SCALE_DOWN:
      return 0;
    case FLT_ACTION_RECREATE:
      return 1;
    case FLT_ACTION_CREATE:
      return 2;
    case FLT_ACTION_START:
      return 3;
    case FLT_ACTION_KEEP:
    default:
      return 4;
    }
}

void
flt_plan_view_set_plan (FltPlanView   *self,
                        const FltPlan *plan)
{
  GtkWidget *child;
  guint n_kept = 0;

  g_return_if_fail (FLT_IS_PLAN_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (plan == NULL)
    return;

  for (int rank = 0; rank < 4; rank++)
    for (guint i = 0; i < plan->actions->len; i++)
      {
        const FltPlanAction *action = g_ptr_array_index (plan->actions, i);
        g_autofree char *text = NULL;

        if (action_rank (action) != rank)
          continue;
        text = flt_plan_describe_action (action);
        add_row (self, action->container ? action->container : action->service, text,
                 icon_for (action->kind), rank <= 1);
      }

  for (guint i = 0; i < plan->actions->len; i++)
    if (((FltPlanAction *) g_ptr_array_index (plan->actions, i))->kind == FLT_ACTION_KEEP)
      n_kept++;
  if (n_kept > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u container stays as it is",
                                                             "%u containers stay as they are",
                                                             n_kept), n_kept);

      add_row (self, title, "", icon_for (FLT_ACTION_KEEP), FALSE);
    }
  for (guint i = 0; i < plan->networks->len; i++)
    {
      /* Translators: a plan row: %s is a network's name */
      g_autofree char *title = g_strdup_printf (_("Network %s"), (char *) g_ptr_array_index (plan->networks, i));

      add_row (self, title, _("Will be created"), icon_for (FLT_ACTION_CREATE), FALSE);
    }
  for (guint i = 0; i < plan->volumes->len; i++)
    {
      /* Translators: a plan row: %s is a volume's name */
      g_autofree char *title = g_strdup_printf (_("Volume %s"), (char *) g_ptr_array_index (plan->volumes, i));

      add_row (self, title, _("Will be created"), icon_for (FLT_ACTION_CREATE), FALSE);
    }
  for (guint i = 0; i < plan->builds->len; i++)
    {
      /* Translators: a plan row: %s is a service's name */
      g_autofree char *title = g_strdup_printf (_("Image of %s"), (char *) g_ptr_array_index (plan->builds, i));

      add_row (self, title, _("Will be built"), "applications-engineering-symbolic", FALSE);
    }
  for (guint i = 0; i < plan->pulls->len; i++)
    {
      /* Translators: a plan row: %s is an image reference */
      g_autofree char *title = g_strdup_printf (_("Image %s"), (char *) g_ptr_array_index (plan->pulls, i));

      add_row (self, title, _("Will be pulled"), "folder-download-symbolic", FALSE);
    }
}

guint
flt_plan_view_get_n_rows (FltPlanView *self)
{
  guint n = 0;

  g_return_val_if_fail (FLT_IS_PLAN_VIEW (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}
