/* flt-service-row.c: one service in the sidebar, with its live state
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-service-row.h"

struct _FltServiceRow
{
  GtkListBoxRow         parent_instance;

  /* Template widgets */
  GtkImage             *status_icon;
  GtkLabel             *name_label;
  GtkLabel             *detail_label;
  GtkMenuButton        *menu_button;

  /* Owned references */
  char                 *name;
  char                 *image;
  char                 *status_text;
  const char           *style_class;
  FltServiceStatusKind  kind;
  gboolean              has_status;
};

G_DEFINE_FINAL_TYPE (FltServiceRow, flt_service_row, GTK_TYPE_LIST_BOX_ROW)

static void
update_detail (FltServiceRow *self)
{
  g_autofree char *tooltip = NULL;

  /* The image says what the service is until the engine says what it does. */
  if (self->has_status)
    gtk_label_set_label (self->detail_label, self->status_text);
  else
    gtk_label_set_label (self->detail_label, self->image ? self->image : "");

  if (self->image != NULL && self->has_status)
    /* Translators: tooltip of a service in the sidebar: its image, then its state */
    tooltip = g_strdup_printf (_("%s — %s"), self->image, self->status_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip ? tooltip : self->image);
}

static GMenuModel *
build_menu (const char *name)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) run = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  GVariant *target = g_variant_new_string (name);
  struct { GMenu *section; const char *label; const char *action; } items[] = {
    /* Translators: a command in a service's menu: start its containers */
    { run, N_("_Start"), "win.service-start" },
    /* Translators: a command in a service's menu: stop its containers */
    { run, N_("S_top"), "win.service-stop" },
    /* Translators: a command in a service's menu: restart its containers */
    { run, N_("_Restart"), "win.service-restart" },
    { run, N_("Re_build and Recreate"), "win.service-rebuild" },
    { run, N_("Show _Logs"), "win.service-logs" },
    { edit, N_("_Duplicate"), "win.service-duplicate" },
    { edit, N_("Re_name…"), "win.service-rename" },
    /* Translators: a command in a service's menu: remove the service from the file */
    { edit, N_("_Remove"), "win.service-remove" },
  };

  g_variant_ref_sink (target);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, target);
      g_menu_append_item (items[i].section, item);
    }
  g_variant_unref (target);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (run));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
flt_service_row_finalize (GObject *object)
{
  FltServiceRow *self = FLT_SERVICE_ROW (object);

  g_free (self->name);
  g_free (self->image);
  g_free (self->status_text);

  G_OBJECT_CLASS (flt_service_row_parent_class)->finalize (object);
}

static void
flt_service_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FLT_TYPE_SERVICE_ROW);

  G_OBJECT_CLASS (flt_service_row_parent_class)->dispose (object);
}

static void
flt_service_row_class_init (FltServiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_service_row_dispose;
  object_class->finalize = flt_service_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-service-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FltServiceRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, FltServiceRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, FltServiceRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, FltServiceRow, menu_button);
}

static void
flt_service_row_init (FltServiceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->style_class = "dim-label";
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), self->style_class);
}

FltServiceRow *
flt_service_row_new (const char *name)
{
  FltServiceRow *self = g_object_new (FLT_TYPE_SERVICE_ROW, NULL);
  g_autoptr(GMenuModel) menu = build_menu (name);

  self->name = g_strdup (name);
  gtk_label_set_label (self->name_label, name);
  gtk_menu_button_set_menu_model (self->menu_button, menu);
  return self;
}

const char *
flt_service_row_get_name (FltServiceRow *self)
{
  g_return_val_if_fail (FLT_IS_SERVICE_ROW (self), NULL);

  return self->name;
}

void
flt_service_row_set_image (FltServiceRow *self,
                           const char    *image)
{
  g_return_if_fail (FLT_IS_SERVICE_ROW (self));

  if (g_strcmp0 (self->image, image) == 0)
    return;
  g_free (self->image);
  self->image = g_strdup (image);
  update_detail (self);
}

/**
 * flt_service_row_set_status:
 * @status: (nullable): %NULL when the engine's view is unknown
 */
void
flt_service_row_set_status (FltServiceRow          *self,
                            const FltServiceStatus *status)
{
  const char *style = status ? flt_service_status_style_class (status) : "dim-label";

  g_return_if_fail (FLT_IS_SERVICE_ROW (self));

  g_clear_pointer (&self->status_text, g_free);
  self->has_status = status != NULL;
  self->kind = status ? status->kind : FLT_SERVICE_NOT_CREATED;
  if (status != NULL)
    self->status_text = flt_service_status_describe (status);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), self->style_class);
  self->style_class = style;
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
  gtk_image_set_from_icon_name (self->status_icon,
                                status != NULL && status->kind != FLT_SERVICE_NOT_CREATED
                                  ? "flt-status-symbolic" : "flt-status-empty-symbolic");
  update_detail (self);
}

const char *
flt_service_row_get_status_text (FltServiceRow *self)
{
  g_return_val_if_fail (FLT_IS_SERVICE_ROW (self), NULL);

  return self->status_text;
}

FltServiceStatusKind
flt_service_row_get_status_kind (FltServiceRow *self)
{
  g_return_val_if_fail (FLT_IS_SERVICE_ROW (self), FLT_SERVICE_NOT_CREATED);

  return self->kind;
}
