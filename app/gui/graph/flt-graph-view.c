/* flt-graph-view.c: the Graph view: the project as a live picture
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view keeps an FltGraph equal to the workspace's project and, while
 * the window follows the project on an engine, to its live state; the
 * canvas draws it.  State changes arrive in bursts (an Up starts every
 * container at once), so they are applied at most once a frame.  What a
 * person draws on the canvas becomes an edit of the document
 * (flt-graph-edit.c), which rebuilds the project, which redraws the graph:
 * the picture never runs ahead of the file.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "flt-file-chooser.h"
#include "flt-graph-edit.h"
#include "flt-graph-live.h"
#include "flt-graph-render.h"
#include "flt-graph-view-private.h"
#include "flt-stack-graph.h"
#include "flt-text.h"

/* State changes closer together than a frame are applied together. */
#define APPLY_INTERVAL_US (G_USEC_PER_SEC / 60)
/* Exported PNGs: twice the size on screen, sharp on a high-density
 * display, as the command line writes them. */
#define EXPORT_PNG_SCALE 2.0

struct _FltGraphView
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  FltGraphCanvas  *canvas;
  GtkLabel        *zoom_label;

  /* Owned references */
  FltGraph        *graph;
  FltWorkspace    *workspace;
  FltProjectState *state;
  FltStackState   *stack_state;
  GtkWidget       *menu;
  char            *last_message;
  GCancellable    *cancellable;

  guint            apply_id;
  gint64           last_apply;
};

G_DEFINE_FINAL_TYPE (FltGraphView, flt_graph_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

enum {
  NODE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Auxiliary methods */

static FltProject *
current_project (FltGraphView *self)
{
  return self->workspace ? flt_workspace_get_project (self->workspace) : NULL;
}

/* Toasts go to the window's overlay, wherever the view is put.  The
 * messages start as they must (a service's name keeps its case). */
static void
show_message (FltGraphView *self,
              const char   *message,
              gboolean      undoable)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (self->last_message);
  adw_toast_set_timeout (toast, 5);
  if (undoable)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo");
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
update_page (FltGraphView *self)
{
  gboolean empty = flt_graph_get_n_nodes (self->graph) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "graph");
}

static void
update_actions (FltGraphView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_nodes = flt_graph_get_n_nodes (self->graph) > 0;

  gtk_widget_action_set_enabled (widget, "graph.zoom-in", has_nodes);
  gtk_widget_action_set_enabled (widget, "graph.zoom-out", has_nodes);
  gtk_widget_action_set_enabled (widget, "graph.zoom-reset", has_nodes);
  gtk_widget_action_set_enabled (widget, "graph.zoom-fit", has_nodes);
  gtk_widget_action_set_enabled (widget, "graph.arrange", has_nodes);
  gtk_widget_action_set_enabled (widget, "graph.export", has_nodes);
}

static void
apply_state (FltGraphView *self)
{
  g_clear_handle_id (&self->apply_id, g_source_remove);
  self->last_apply = g_get_monotonic_time ();
  /* The project deployed as a stack: its tasks are the replicas. */
  if (self->stack_state != NULL && flt_stack_state_is_deployed (self->stack_state))
    flt_graph_apply_stack (self->graph, flt_stack_state_get_tasks (self->stack_state));
  else if (self->state != NULL)
    flt_graph_apply_state (self->graph, self->state);
  else if (self->stack_state != NULL)
    flt_graph_clear_live (self->graph);
}

static gboolean
apply_state_cb (gpointer user_data)
{
  FltGraphView *self = user_data;

  self->apply_id = 0;
  apply_state (self);
  return G_SOURCE_REMOVE;
}

/* One application for a burst of changes, and not more than one a frame:
 * a container that stops shows so within a frame or two. */
static void
schedule_apply (FltGraphView *self)
{
  gint64 wait;

  if (self->apply_id != 0)
    return;
  wait = self->last_apply + APPLY_INTERVAL_US - g_get_monotonic_time ();
  if (wait <= 0)
    self->apply_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_state_cb, self, NULL);
  else
    self->apply_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, (guint) (wait / 1000) + 1,
                                         apply_state_cb, self, NULL);
}

static void
project_changed_cb (FltGraphView *self)
{
  flt_graph_set_project (self->graph, current_project (self));
  /* A new project has new services for the containers to belong to. */
  if (self->state != NULL || self->stack_state != NULL)
    apply_state (self);
}

static void
graph_changed_cb (FltGraphView *self)
{
  update_page (self);
  update_actions (self);
}

/* Menus */

static GMenuModel *
build_menu (const FltGraphNode *node)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenuItem) edit_item = NULL;

  if (node->kind == FLT_GRAPH_NODE_SERVICE)
    {
      g_autoptr(GMenu) run = g_menu_new ();
      g_autoptr(GMenu) logs = g_menu_new ();
      GVariant *target = g_variant_ref_sink (g_variant_new_string (node->name));
      struct { GMenu *section; const char *label; const char *action; } items[] = {
        { run, N_("_Start"), "win.service-start" },
        { run, N_("S_top"), "win.service-stop" },
        { run, N_("_Restart"), "win.service-restart" },
        { logs, N_("Show _Logs"), "win.service-logs" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

          g_menu_item_set_action_and_target_value (item, items[i].action, target);
          g_menu_append_item (items[i].section, item);
        }
      g_variant_unref (target);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (run));
      g_menu_append_section (menu, NULL, G_MENU_MODEL (logs));
    }

  /* Orphans and the host are not in the file: nothing to edit. */
  if (!node->orphan && node->kind != FLT_GRAPH_NODE_HOST)
    {
      edit_item = g_menu_item_new (_("_Edit"), NULL);
      g_menu_item_set_action_and_target_value (edit_item, "graph.edit", g_variant_new_string (node->id));
      g_menu_append_item (edit, edit_item);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (menu)) == 0)
    return NULL;
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* Canvas callbacks */

static void
canvas_selected_cb (FltGraphView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
canvas_zoom_cb (FltGraphView *self)
{
  /* Translators: the graph's zoom level, as a percentage */
  g_autofree char *label = g_strdup_printf (_("%.0f%%"), flt_graph_canvas_get_zoom (self->canvas) * 100);

  gtk_label_set_label (self->zoom_label, label);
}

static void
canvas_node_activated_cb (FltGraphView *self,
                          const char   *node_id)
{
  g_signal_emit (self, signals[NODE_ACTIVATED], 0, node_id);
}

static void
canvas_node_menu_cb (FltGraphView *self,
                     const char   *node_id,
                     double        x,
                     double        y)
{
  const FltGraphNode *node = flt_graph_lookup_node (self->graph, node_id);
  g_autoptr(GMenuModel) model = NULL;
  graphene_point_t point;

  if (node == NULL || (model = build_menu (node)) == NULL)
    return;
  if (!gtk_widget_compute_point (GTK_WIDGET (self->canvas), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
canvas_connect_nodes_cb (FltGraphView *self,
                         const char   *source_id,
                         const char   *target_id)
{
  flt_graph_view_connect (self, source_id, target_id, NULL);
}

static gboolean
can_connect (const char *source_id,
             const char *target_id,
             gpointer    user_data)
{
  FltGraphView *self = user_data;

  return flt_graph_edit_can_connect (current_project (self), source_id, target_id);
}

/* Export */

typedef struct
{
  GFile           *file;
  GBytes          *bytes;      /* SVG or DOT */
  cairo_surface_t *surface;    /* PNG */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_pointer (&data->surface, cairo_surface_destroy);
  g_free (data);
}

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} PngWriter;

static cairo_status_t
write_png_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  PngWriter *writer = closure;

  if (writer->error != NULL ||
      !g_output_stream_write_all (writer->stream, data, length, NULL, writer->cancellable, &writer->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* In a worker thread: the picture is already drawn, only encoding and
 * writing are left. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *error = NULL;

  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->surface != NULL)
    {
      PngWriter writer = { G_OUTPUT_STREAM (stream), cancellable, NULL };
      cairo_status_t status = cairo_surface_write_to_png_stream (data->surface, write_png_cb, &writer);

      if (writer.error != NULL)
        error = writer.error;
      else if (status != CAIRO_STATUS_SUCCESS)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
    }
  else
    {
      gsize length;
      const void *bytes = g_bytes_get_data (data->bytes, &length);

      g_output_stream_write_all (G_OUTPUT_STREAM (stream), bytes, length, NULL, cancellable, &error);
    }

  if (error != NULL)
    {
      /* Leaves whatever was there before in place. */
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      g_cancellable_cancel (cancelled);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancelled, NULL);
      g_task_return_error (task, error);
      return;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static const char *
format_extension (FltGraphFormat format)
{
  switch (format)
    {
    case FLT_GRAPH_FORMAT_SVG:
      return "svg";
    case FLT_GRAPH_FORMAT_DOT:
      return "dot";
    case FLT_GRAPH_FORMAT_PNG:
    default:
      return "png";
    }
}

static GtkFileFilter *
format_filter (FltGraphFormat format)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  switch (format)
    {
    case FLT_GRAPH_FORMAT_SVG:
      gtk_file_filter_set_name (filter, _("SVG Drawings"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
      gtk_file_filter_add_pattern (filter, "*.svg");
      break;
    case FLT_GRAPH_FORMAT_DOT:
      gtk_file_filter_set_name (filter, _("Graphviz DOT Files"));
      gtk_file_filter_add_mime_type (filter, "text/vnd.graphviz");
      gtk_file_filter_add_pattern (filter, "*.dot");
      gtk_file_filter_add_pattern (filter, "*.gv");
      break;
    case FLT_GRAPH_FORMAT_PNG:
    default:
      gtk_file_filter_set_name (filter, _("PNG Images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      gtk_file_filter_add_pattern (filter, "*.png");
      break;
    }
  return filter;
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FltGraphView *self = FLT_GRAPH_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (flt_graph_view_export_finish (self, result, &error))
    /* Translators: %s is the file's name */
    message = g_strdup_printf (_("Saved the graph as %s"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    /* Translators: %1$s is the file's name, %2$s what went wrong */
    message = g_strdup_printf (_("Could not save the graph as %1$s: %2$s. Choose another folder or name."),
                               name, error->message);
  show_message (self, message, FALSE);
}

typedef struct
{
  FltGraphView   *view;
  FltGraphFormat  format;
} ExportRequest;

static void
chosen_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ExportRequest *request = user_data;
  g_autoptr(FltGraphView) self = request->view;
  FltGraphFormat format = request->format;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = flt_choose_file_finish (result, &error);

  g_free (request);
  if (file == NULL)
    return;
  flt_graph_view_export_async (self, file, format, self->cancellable, exported_cb, g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FltGraphView *self = FLT_GRAPH_VIEW (widget);
  FltProject *project = flt_graph_get_project (self->graph);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;
  ExportRequest *request;
  FltGraphFormat format;

  if (!flt_graph_format_from_string (g_variant_get_string (parameter, NULL), &format))
    return;

  if (project != NULL && flt_project_get_working_dir (project) != NULL)
    folder = g_file_new_for_path (flt_project_get_working_dir (project));
  /* Translators: the suggested name of an exported graph: %1$s is the
   * project's name, %2$s the extension ("png") */
  name = g_strdup_printf (_("%1$s-graph.%2$s"), project ? flt_project_get_name (project) : "compose",
                          format_extension (format));
  filter = format_filter (format);
  request = g_new0 (ExportRequest, 1);
  request->view = g_object_ref (self);
  request->format = format;
  flt_choose_file_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, FLT_CHOOSE_SAVE,
                         _("Export the Graph"), folder, name, filter, self->cancellable,
                         chosen_cb, request);
}

/* Actions */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltGraphView *self = FLT_GRAPH_VIEW (widget);

  if (g_str_equal (action_name, "graph.zoom-in"))
    flt_graph_canvas_zoom_in (self->canvas);
  else if (g_str_equal (action_name, "graph.zoom-out"))
    flt_graph_canvas_zoom_out (self->canvas);
  else if (g_str_equal (action_name, "graph.zoom-reset"))
    flt_graph_canvas_zoom_reset (self->canvas);
  else
    flt_graph_canvas_fit (self->canvas);
}

static void
arrange_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FltGraphView *self = FLT_GRAPH_VIEW (widget);

  flt_graph_unpin_all (self->graph);
  flt_graph_canvas_fit (self->canvas);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[NODE_ACTIVATED], 0, g_variant_get_string (parameter, NULL));
}

/* GObject */

static void
flt_graph_view_dispose (GObject *object)
{
  FltGraphView *self = FLT_GRAPH_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->apply_id, g_source_remove);
  flt_graph_view_set_state (self, NULL);
  flt_graph_view_set_stack_state (self, NULL);
  flt_graph_view_set_workspace (self, NULL);
  if (self->canvas != NULL)
    flt_graph_canvas_set_connect_func (self->canvas, NULL, NULL, NULL);
  g_clear_pointer (&self->menu, gtk_widget_unparent);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_GRAPH_VIEW);

  if (self->graph != NULL)
    g_signal_handlers_disconnect_by_data (self->graph, self);
  g_clear_object (&self->graph);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (flt_graph_view_parent_class)->dispose (object);
}

static void
flt_graph_view_finalize (GObject *object)
{
  FltGraphView *self = FLT_GRAPH_VIEW (object);

  g_free (self->last_message);

  G_OBJECT_CLASS (flt_graph_view_parent_class)->finalize (object);
}

static void
flt_graph_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FltGraphView *self = FLT_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_string (value, flt_graph_view_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_graph_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FltGraphView *self = FLT_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      flt_graph_view_select (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_zoom_bindings (GtkWidgetClass *widget_class,
                   const char     *action,
                   const guint    *keys,
                   guint           n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, keys[i], GDK_CONTROL_MASK, action, NULL);
      gtk_widget_class_add_binding_action (widget_class, keys[i], 0, action, NULL);
    }
}

static void
flt_graph_view_class_init (FltGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint in_keys[] = { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add };
  static const guint out_keys[] = { GDK_KEY_minus, GDK_KEY_KP_Subtract };

  object_class->dispose = flt_graph_view_dispose;
  object_class->finalize = flt_graph_view_finalize;
  object_class->get_property = flt_graph_view_get_property;
  object_class->set_property = flt_graph_view_set_property;

  /**
   * FltGraphView:selected: (nullable)
   *
   * The selected node's id: "service:web", "network:default",
   * "volume:esdata" or "host".
   */
  properties[PROP_SELECTED] =
    g_param_spec_string ("selected", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FltGraphView::node-activated:
   * @node_id: the node to open: double-clicked, Enter, or Edit in its menu
   */
  signals[NODE_ACTIVATED] =
    g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (FLT_TYPE_GRAPH_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-graph-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FltGraphView, stack);
  gtk_widget_class_bind_template_child (widget_class, FltGraphView, canvas);
  gtk_widget_class_bind_template_child (widget_class, FltGraphView, zoom_label);
  gtk_widget_class_bind_template_callback (widget_class, canvas_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_zoom_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_node_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_node_menu_cb);
  gtk_widget_class_bind_template_callback (widget_class, canvas_connect_nodes_cb);

  gtk_widget_class_install_action (widget_class, "graph.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "graph.arrange", NULL, arrange_action);
  gtk_widget_class_install_action (widget_class, "graph.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "graph.edit", "s", edit_action);

  add_zoom_bindings (widget_class, "graph.zoom-in", in_keys, G_N_ELEMENTS (in_keys));
  add_zoom_bindings (widget_class, "graph.zoom-out", out_keys, G_N_ELEMENTS (out_keys));
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "graph.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "graph.zoom-fit", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "graphview");
}

static void
flt_graph_view_init (FltGraphView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->graph = flt_graph_new (NULL);
  g_signal_connect_swapped (self->graph, "changed", G_CALLBACK (graph_changed_cb), self);
  flt_graph_canvas_set_graph (self->canvas, self->graph);
  flt_graph_canvas_set_connect_func (self->canvas, can_connect, self, NULL);
  canvas_zoom_cb (self);
  graph_changed_cb (self);
}

GtkWidget *
flt_graph_view_new (void)
{
  return g_object_new (FLT_TYPE_GRAPH_VIEW, NULL);
}

/**
 * flt_graph_view_set_workspace:
 * @workspace: (nullable): the open file, whose project the graph shows
 */
void
flt_graph_view_set_workspace (FltGraphView *self,
                              FltWorkspace *workspace)
{
  g_return_if_fail (FLT_IS_GRAPH_VIEW (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    g_signal_connect_swapped (workspace, "notify::project", G_CALLBACK (project_changed_cb), self);

  /* Another file is another picture: fitted anew. */
  flt_graph_canvas_set_graph (self->canvas, NULL);
  project_changed_cb (self);
  flt_graph_canvas_set_graph (self->canvas, self->graph);
}

/**
 * flt_graph_view_set_state:
 * @state: (nullable): the project's containers and networks on the
 *   engine; %NULL draws from the file alone
 */
void
flt_graph_view_set_state (FltGraphView    *self,
                          FltProjectState *state)
{
  static const char * const changes[] = {
    "container-added", "container-changed", "container-removed", "network-changed", "connection-changed",
  };

  g_return_if_fail (FLT_IS_GRAPH_VIEW (self));
  g_return_if_fail (state == NULL || FLT_IS_PROJECT_STATE (state));

  if (self->state == state)
    return;
  if (self->state != NULL)
    g_signal_handlers_disconnect_by_data (self->state, self);
  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_set_object (&self->state, state);

  if (state == NULL && self->stack_state == NULL)
    {
      flt_graph_clear_live (self->graph);
      return;
    }
  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (changes); i++)
    g_signal_connect_swapped (state, changes[i], G_CALLBACK (schedule_apply), self);
  apply_state (self);
}

/**
 * flt_graph_view_set_stack_state:
 * @stack_state: (nullable): the project's stack on the engine's Swarm
 *
 * While the stack is deployed its tasks are the services' replicas on
 * the graph, each named after its slot and node; otherwise the project
 * state's containers are.
 */
void
flt_graph_view_set_stack_state (FltGraphView  *self,
                                FltStackState *stack_state)
{
  g_return_if_fail (FLT_IS_GRAPH_VIEW (self));
  g_return_if_fail (stack_state == NULL || FLT_IS_STACK_STATE (stack_state));

  if (self->stack_state == stack_state)
    return;
  if (self->stack_state != NULL)
    g_signal_handlers_disconnect_by_data (self->stack_state, self);
  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_set_object (&self->stack_state, stack_state);
  if (stack_state != NULL)
    g_signal_connect_swapped (stack_state, "changed", G_CALLBACK (schedule_apply), self);
  if (self->state == NULL && stack_state == NULL)
    flt_graph_clear_live (self->graph);
  else
    apply_state (self);
}

FltGraph *
flt_graph_view_get_graph (FltGraphView *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH_VIEW (self), NULL);

  return self->graph;
}

FltGraphCanvas *
flt_graph_view_get_canvas (FltGraphView *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH_VIEW (self), NULL);

  return self->canvas;
}

/**
 * flt_graph_view_select:
 * @node_id: (nullable): "service:web" and the like; %NULL, or a node the
 *   graph does not have, selects nothing
 */
void
flt_graph_view_select (FltGraphView *self,
                       const char   *node_id)
{
  g_return_if_fail (FLT_IS_GRAPH_VIEW (self));

  flt_graph_canvas_set_selected (self->canvas, node_id);
}

const char *
flt_graph_view_get_selected (FltGraphView *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH_VIEW (self), NULL);

  return flt_graph_canvas_get_selected (self->canvas);
}

/**
 * flt_graph_view_connect:
 * @source_id: the service an edge starts at ("service:web")
 * @target_id: the service it comes to depend on, or the network it joins
 *
 * What dropping a drawn edge does: one edit of the file, undoable, and a
 * toast that says what was done or why nothing was.
 *
 * Returns: whether the file changed
 */
gboolean
flt_graph_view_connect (FltGraphView  *self,
                        const char    *source_id,
                        const char    *target_id,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;
  FltDocument *document;

  g_return_val_if_fail (FLT_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (source_id != NULL && target_id != NULL, FALSE);

  if (self->workspace == NULL)
    return FALSE;
  document = flt_workspace_get_document (self->workspace);

  /* The checks read the project: it must be the file as it is now. */
  if (flt_workspace_get_project_revision (self->workspace) != flt_document_get_revision (document))
    g_set_error_literal (&local_error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_UNSUPPORTED,
                         _("The file is still being read after the last change; try again in a moment"));
  else
    flt_graph_edit_connect (document, current_project (self), source_id, target_id, &message, &local_error);

  if (local_error != NULL)
    {
      /* The document's own errors are worded for the command line. */
      g_autofree char *sentence = local_error->domain == FLT_GRAPH_EDIT_ERROR
                                  ? g_strdup (local_error->message)
                                  : flt_text_sentence (local_error->message);

      show_message (self, sentence, FALSE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_message (self, message, TRUE);
  return TRUE;
}

/**
 * flt_graph_view_export_async:
 * @file: where to write; replaced if it exists
 * @format: PNG (twice the natural size), SVG or DOT
 *
 * Writes the graph as it shows now, light or dark as the window is.  The
 * picture is drawn before this returns; encoding and writing happen in a
 * worker thread.
 */
void
flt_graph_view_export_async (FltGraphView        *self,
                             GFile               *file,
                             FltGraphFormat       format,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ExportData *data;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  g_return_if_fail (FLT_IS_GRAPH_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flt_graph_view_export_async);
  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  switch (format)
    {
    case FLT_GRAPH_FORMAT_SVG:
      data->bytes = flt_graph_render_svg (self->graph, dark, &error);
      break;
    case FLT_GRAPH_FORMAT_DOT:
      {
        char *text = flt_graph_to_dot (self->graph);

        data->bytes = g_bytes_new_take (text, text ? strlen (text) : 0);
      }
      break;
    case FLT_GRAPH_FORMAT_PNG:
    default:
      data->surface = flt_graph_render_surface (self->graph, EXPORT_PNG_SCALE, dark, &error);
      break;
    }

  if (data->bytes == NULL && data->surface == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("The graph could not be drawn"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, export_thread);
}

gboolean
flt_graph_view_export_finish (FltGraphView  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * flt_graph_format_from_string:
 * @name: "png", "svg" or "dot" (or "gv"), any case
 *
 * Returns: whether @name is a format the view exports
 */
gboolean
flt_graph_format_from_string (const char     *name,
                              FltGraphFormat *format)
{
  if (g_ascii_strcasecmp (name, "png") == 0)
    *format = FLT_GRAPH_FORMAT_PNG;
  else if (g_ascii_strcasecmp (name, "svg") == 0)
    *format = FLT_GRAPH_FORMAT_SVG;
  else if (g_ascii_strcasecmp (name, "dot") == 0 || g_ascii_strcasecmp (name, "gv") == 0)
    *format = FLT_GRAPH_FORMAT_DOT;
  else
    return FALSE;
  return TRUE;
}

const char *
_flt_graph_view_get_last_message (FltGraphView *self)
{
  return self->last_message;
}

GtkWidget *
_flt_graph_view_get_menu (FltGraphView *self)
{
  return self->menu;
}

gboolean
_flt_graph_view_get_apply_pending (FltGraphView *self)
{
  return self->apply_id != 0;
}
