/* flt-graph-canvas.c: the graph drawn at a zoom and a scroll, and what a
 * pointer, a finger or the keyboard does to it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picture is flt_graph_render's, the same as the exported PNG and
 * SVG; the canvas adds only what belongs to a pointer: the connect handle
 * on a service card and the edge being dragged from it.  It redraws when
 * the graph says it changed, when the pointer moves over something else,
 * and when the zoom or scroll change, never on a timer.
 *
 * A widget point (x, y) shows the graph point ((x - offset_x) / zoom,
 * (y - offset_y) / zoom).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "flt-graph-canvas.h"
#include "flt-graph-edge-cache.h"
#include "flt-graph-view-private.h"
#include "flt-graph-render.h"

/* Around the graph when it is fitted; more at the top, under the
 * toolbar floating there. */
#define FIT_MARGIN 24.0
#define FIT_TOP_MARGIN 64.0
#define ZOOM_STEP 1.25
/* A fitted small graph stays at its natural size rather than growing. */
#define FIT_MAX_ZOOM 1.0
/* The connect handle, in widget pixels whatever the zoom. */
#define HANDLE_RADIUS 7.0
#define HANDLE_HIT_RADIUS 11.0
#define WHEEL_STEP 48.0
#define KEYBOARD_STEP 48.0
#define LEGEND_MARGIN 12.0

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_MOVE,
  DRAG_CONNECT,
} DragMode;

struct _FltGraphCanvas
{
  GtkWidget parent_instance;

  FltGraph *graph;
  char     *selected_id;
  char     *hover_id;

  double    zoom;
  double    offset_x;
  double    offset_y;
  guint     needs_fit : 1;
  guint     show_legend : 1;
  guint     drag_moved : 1;
  guint     connect_allowed : 1;

  /* The drag under way */
  DragMode  drag_mode;
  char     *drag_id;
  double    drag_origin_x;     /* the node's top-left, or the offset, when it began */
  double    drag_origin_y;
  double    drag_start_x;      /* widget coordinates where it began */
  double    drag_start_y;
  double    connect_x;         /* the loose end of a new edge, graph coordinates */
  double    connect_y;
  char     *connect_target;

  /* The pointer, for zooming where it is */
  double    pointer_x;
  double    pointer_y;
  gboolean  has_pointer;
  double    pinch_zoom;

  FltGraphConnectFunc connect_func;
  gpointer            connect_data;
  GDestroyNotify      connect_destroy;

  FltGraphEdgeCache  *edges;
  guint               edges_serial;
};

G_DEFINE_FINAL_TYPE (FltGraphCanvas, flt_graph_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GRAPH,
  PROP_SELECTED,
  PROP_ZOOM,
  PROP_SHOW_LEGEND,
  N_PROPS
};

enum {
  NODE_ACTIVATED,
  NODE_MENU,
  CONNECT_NODES,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Auxiliary methods */

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static gboolean
has_nodes (FltGraphCanvas *self)
{
  return self->graph != NULL && flt_graph_get_n_nodes (self->graph) > 0;
}

static const FltGraphNode *
lookup (FltGraphCanvas *self,
        const char     *id)
{
  if (self->graph == NULL || id == NULL)
    return NULL;
  return flt_graph_lookup_node (self->graph, id);
}

/* Services in the file can take new edges; orphans are not in it. */
static gboolean
can_start_edge (const FltGraphNode *node)
{
  return node != NULL && node->kind == FLT_GRAPH_NODE_SERVICE && !node->orphan;
}

void
flt_graph_canvas_graph_to_widget (FltGraphCanvas *self,
                                  double          graph_x,
                                  double          graph_y,
                                  double         *x,
                                  double         *y)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  *x = graph_x * self->zoom + self->offset_x;
  *y = graph_y * self->zoom + self->offset_y;
}

void
flt_graph_canvas_widget_to_graph (FltGraphCanvas *self,
                                  double          x,
                                  double          y,
                                  double         *graph_x,
                                  double         *graph_y)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  *graph_x = (x - self->offset_x) / self->zoom;
  *graph_y = (y - self->offset_y) / self->zoom;
}

static const FltGraphNode *
node_at (FltGraphCanvas *self,
         double          x,
         double          y)
{
  double gx, gy;

  if (self->graph == NULL)
    return NULL;
  flt_graph_canvas_widget_to_graph (self, x, y, &gx, &gy);
  return flt_graph_hit_node (self->graph, gx, gy);
}

/**
 * flt_graph_canvas_get_handle:
 * @node_id: a service's node
 * @x: (out): the handle's centre, widget coordinates
 * @y: (out):
 *
 * Returns: whether @node_id can start an edge, that is has a handle
 */
gboolean
flt_graph_canvas_get_handle (FltGraphCanvas *self,
                             const char     *node_id,
                             double         *x,
                             double         *y)
{
  const FltGraphNode *node;

  g_return_val_if_fail (FLT_IS_GRAPH_CANVAS (self), FALSE);

  node = lookup (self, node_id);
  if (!can_start_edge (node))
    return FALSE;
  flt_graph_canvas_graph_to_widget (self, node->x + node->width, node->y + node->height / 2, x, y);
  return TRUE;
}

/* The handle is shown on the hovered and the selected service; only
 * a shown handle can be grabbed. */
static const char *
handle_at (FltGraphCanvas *self,
           double          x,
           double          y)
{
  const char *candidates[] = { self->hover_id, self->selected_id };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      double hx, hy;

      if (candidates[i] != NULL && flt_graph_canvas_get_handle (self, candidates[i], &hx, &hy) &&
          hypot (x - hx, y - hy) <= HANDLE_HIT_RADIUS)
        return candidates[i];
    }
  return NULL;
}

static void
set_offset (FltGraphCanvas *self,
            double          offset_x,
            double          offset_y)
{
  if (self->offset_x == offset_x && self->offset_y == offset_y)
    return;
  self->offset_x = offset_x;
  self->offset_y = offset_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_zoom (FltGraphCanvas *self,
          double          zoom)
{
  zoom = CLAMP (zoom, FLT_GRAPH_CANVAS_MIN_ZOOM, FLT_GRAPH_CANVAS_MAX_ZOOM);
  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
set_hover (FltGraphCanvas *self,
           const char     *id)
{
  if (g_strcmp0 (self->hover_id, id) == 0)
    return;
  g_free (self->hover_id);
  self->hover_id = g_strdup (id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_cursor (FltGraphCanvas *self,
               double          x,
               double          y)
{
  const char *name = NULL;

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      name = "grabbing";
      break;
    case DRAG_MOVE:
      name = self->drag_moved ? "grabbing" : "pointer";
      break;
    case DRAG_CONNECT:
      name = "crosshair";
      break;
    case DRAG_NONE:
    default:
      if (handle_at (self, x, y) != NULL)
        name = "crosshair";
      else if (node_at (self, x, y) != NULL)
        name = "pointer";
      else if (has_nodes (self))
        name = "grab";
      break;
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

/* Keeps @id on screen, scrolling as little as will do. */
static void
reveal_node (FltGraphCanvas *self,
             const char     *id)
{
  const FltGraphNode *node = lookup (self, id);
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double x0, y0, x1, y1;
  double dx = 0, dy = 0;

  if (node == NULL || width <= 0 || height <= 0)
    return;
  flt_graph_canvas_graph_to_widget (self, node->x, node->y, &x0, &y0);
  flt_graph_canvas_graph_to_widget (self, node->x + node->width, node->y + node->height, &x1, &y1);

  if (x0 < FIT_MARGIN)
    dx = FIT_MARGIN - x0;
  else if (x1 > width - FIT_MARGIN)
    dx = MAX (width - FIT_MARGIN - x1, FIT_MARGIN - x0);
  if (y0 < FIT_TOP_MARGIN)
    dy = FIT_TOP_MARGIN - y0;
  else if (y1 > height - FIT_MARGIN)
    dy = MAX (height - FIT_MARGIN - y1, FIT_TOP_MARGIN - y0);
  set_offset (self, self->offset_x + dx, self->offset_y + dy);
}

static void
update_accessible (FltGraphCanvas *self)
{
  g_autofree char *description = NULL;

  if (self->graph != NULL && self->selected_id != NULL)
    description = flt_graph_dup_node_tooltip (self->graph, self->selected_id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description ? description : "",
                                  -1);
}

static void
cancel_drag (FltGraphCanvas *self)
{
  self->drag_mode = DRAG_NONE;
  self->drag_moved = FALSE;
  g_clear_pointer (&self->drag_id, g_free);
  g_clear_pointer (&self->connect_target, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Graph signals */

/* Nodes came or went: forget the ones that went, and fit a graph that
 * was empty until now. */
static void
graph_changed_cb (FltGraphCanvas *self)
{
  flt_graph_edge_cache_invalidate (self->edges);
  if (self->graph != NULL)
    self->edges_serial = flt_graph_get_edges_serial (self->graph);
  if (self->selected_id != NULL && lookup (self, self->selected_id) == NULL)
    flt_graph_canvas_set_selected (self, NULL);
  if (self->hover_id != NULL && lookup (self, self->hover_id) == NULL)
    g_clear_pointer (&self->hover_id, g_free);
  if (self->drag_id != NULL && lookup (self, self->drag_id) == NULL)
    cancel_drag (self);

  if (!has_nodes (self))
    self->needs_fit = TRUE;
  else if (self->needs_fit && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    flt_graph_canvas_fit (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
graph_state_changed_cb (FltGraphCanvas *self)
{
  /* A state can change an edge's label; otherwise the edges stay. */
  if (flt_graph_get_edges_serial (self->graph) != self->edges_serial)
    flt_graph_edge_cache_invalidate (self->edges);
  self->edges_serial = flt_graph_get_edges_serial (self->graph);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->selected_id != NULL)
    update_accessible (self);
}

/* Drawing */

static gboolean legend_area (FltGraphCanvas *self,
                             FltGraphStyle  *style,
                             double         *x,
                             double         *y,
                             double         *width,
                             double         *height);

static void
accent_rgb (double rgb[3])
{
  /* Adwaita's accent_color: blue_3 in light, blue_1 in dark. */
  static const double light[3] = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0 };
  static const double dark[3] = { 0x78 / 255.0, 0xae / 255.0, 0xed / 255.0 };

  memcpy (rgb, is_dark () ? dark : light, sizeof light);
}

static void
error_rgb (double rgb[3])
{
  static const double light[3] = { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0 };
  static const double dark[3] = { 0xff / 255.0, 0x7b / 255.0, 0x63 / 255.0 };

  memcpy (rgb, is_dark () ? dark : light, sizeof light);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The "+" on the right edge of a service card: drag it onto another node. */
static void
draw_handle (FltGraphCanvas *self,
             cairo_t        *cr,
             const char     *id)
{
  double x, y, accent[3];
  double arm = HANDLE_RADIUS * 0.5;

  if (!flt_graph_canvas_get_handle (self, id, &x, &y))
    return;
  accent_rgb (accent);

  cairo_save (cr);
  cairo_arc (cr, x, y, HANDLE_RADIUS + 1.5, 0, 2 * G_PI);
  if (is_dark ())
    cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  cairo_arc (cr, x, y, HANDLE_RADIUS, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
  cairo_fill (cr);

  cairo_set_line_width (cr, 1.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, x - arm, y);
  cairo_line_to (cr, x + arm, y);
  cairo_move_to (cr, x, y - arm);
  cairo_line_to (cr, x, y + arm);
  if (is_dark ())
    cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The edge being drawn: a dashed line with an arrowhead, and the node it
 * would land on outlined, red where the file cannot take it. */
static void
draw_connection (FltGraphCanvas *self,
                 cairo_t        *cr)
{
  const FltGraphNode *target = lookup (self, self->connect_target);
  double sx, sy, ex, ey, angle, colour[3];

  if (!flt_graph_canvas_get_handle (self, self->drag_id, &sx, &sy))
    return;
  flt_graph_canvas_graph_to_widget (self, self->connect_x, self->connect_y, &ex, &ey);
  if (target != NULL && !self->connect_allowed)
    error_rgb (colour);
  else
    accent_rgb (colour);

  cairo_save (cr);
  cairo_set_source_rgb (cr, colour[0], colour[1], colour[2]);

  if (target != NULL)
    {
      double tx, ty;

      flt_graph_canvas_graph_to_widget (self, target->x, target->y, &tx, &ty);
      rounded_rectangle (cr, tx - 3, ty - 3, target->width * self->zoom + 6, target->height * self->zoom + 6,
                         10 * self->zoom + 3);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
    }

  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, sx, sy);
  cairo_line_to (cr, ex, ey);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  angle = atan2 (ey - sy, ex - sx);
  cairo_move_to (cr, ex, ey);
  cairo_line_to (cr, ex - 11 * cos (angle - 0.4), ey - 11 * sin (angle - 0.4));
  cairo_line_to (cr, ex - 11 * cos (angle + 0.4), ey - 11 * sin (angle + 0.4));
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
flt_graph_canvas_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  FltGraphStyle style = { 0 };
  FltGraphStyle legend_style = { 0 };
  double legend_x, legend_y, legend_width, legend_height;
  cairo_t *cr;

  if (self->graph == NULL || width <= 0 || height <= 0)
    return;

  style.dark = is_dark ();
  style.selected_id = self->selected_id;
  style.hover_id = self->hover_id;
  style.scale = self->zoom * gtk_widget_get_scale_factor (widget);

  flt_graph_edge_cache_snapshot (self->edges, snapshot, self->graph, &style, self->zoom,
                                 self->offset_x, self->offset_y, (int) width, (int) height,
                                 gtk_widget_get_scale_factor (widget));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  cairo_save (cr);
  cairo_translate (cr, self->offset_x, self->offset_y);
  cairo_scale (cr, self->zoom, self->zoom);
  flt_graph_render_layers (self->graph, cr, &style, FLT_GRAPH_LAYER_FOCUS | FLT_GRAPH_LAYER_NODES);
  cairo_restore (cr);

  /* What the pointer adds, at a constant size whatever the zoom. */
  if (self->drag_mode == DRAG_CONNECT)
    {
      draw_connection (self, cr);
      draw_handle (self, cr, self->drag_id);
    }
  else
    {
      if (self->selected_id != NULL)
        draw_handle (self, cr, self->selected_id);
      if (self->hover_id != NULL && g_strcmp0 (self->hover_id, self->selected_id) != 0)
        draw_handle (self, cr, self->hover_id);
    }

  if (legend_area (self, &legend_style, &legend_x, &legend_y, &legend_width, &legend_height))
    {
      cairo_save (cr);
      cairo_translate (cr, legend_x, legend_y);
      flt_graph_render_legend (cr, &legend_style, &legend_width, &legend_height);
      cairo_restore (cr);
    }

  cairo_destroy (cr);
}

static void
flt_graph_canvas_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (widget);

  if (self->needs_fit && has_nodes (self) && width > 0 && height > 0)
    flt_graph_canvas_fit (self);
}

static void
flt_graph_canvas_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  /* Any size will do: the graph scrolls and zooms. */
  *minimum = 0;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

/* Pointer */

static void
motion_cb (FltGraphCanvas           *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  const char *handle;
  const FltGraphNode *node;

  self->pointer_x = x;
  self->pointer_y = y;
  self->has_pointer = TRUE;
  if (self->drag_mode != DRAG_NONE)
    return;

  /* The handle sticks out of its card: over it, the card stays hovered. */
  handle = handle_at (self, x, y);
  if (handle != NULL)
    set_hover (self, handle);
  else
    {
      node = node_at (self, x, y);
      set_hover (self, node ? node->id : NULL);
    }
  update_cursor (self, x, y);
}

static void
leave_cb (FltGraphCanvas *self)
{
  self->has_pointer = FALSE;
  if (self->drag_mode == DRAG_NONE)
    set_hover (self, NULL);
}

static void
pressed_cb (FltGraphCanvas *self,
            int             n_press,
            double          x,
            double          y,
            GtkGestureClick *gesture)
{
  const char *handle = handle_at (self, x, y);
  const FltGraphNode *node = node_at (self, x, y);
  const char *id = handle ? handle : node ? node->id : NULL;
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (button != GDK_BUTTON_PRIMARY && button != GDK_BUTTON_SECONDARY)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (button == GDK_BUTTON_SECONDARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      if (id == NULL)
        return;
      flt_graph_canvas_set_selected (self, id);
      g_signal_emit (self, signals[NODE_MENU], 0, id, x, y);
      return;
    }

  flt_graph_canvas_set_selected (self, id);
  if (n_press == 2 && id != NULL && handle == NULL)
    g_signal_emit (self, signals[NODE_ACTIVATED], 0, id);
}

static void
drag_begin_cb (FltGraphCanvas *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  const char *handle = handle_at (self, x, y);
  const FltGraphNode *node = node_at (self, x, y);

  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_moved = FALSE;
  g_clear_pointer (&self->drag_id, g_free);
  g_clear_pointer (&self->connect_target, g_free);

  if (handle != NULL || ((state & GDK_SHIFT_MASK) && can_start_edge (node)))
    {
      self->drag_mode = DRAG_CONNECT;
      self->drag_id = g_strdup (handle ? handle : node->id);
      flt_graph_canvas_widget_to_graph (self, x, y, &self->connect_x, &self->connect_y);
    }
  else if (node != NULL)
    {
      self->drag_mode = DRAG_MOVE;
      self->drag_id = g_strdup (node->id);
      self->drag_origin_x = node->x;
      self->drag_origin_y = node->y;
    }
  else if (has_nodes (self))
    {
      self->drag_mode = DRAG_PAN;
      self->drag_origin_x = self->offset_x;
      self->drag_origin_y = self->offset_y;
    }
  else
    {
      self->drag_mode = DRAG_NONE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  update_cursor (self, x, y);
}

static void
update_connect_target (FltGraphCanvas *self,
                       double          x,
                       double          y)
{
  const FltGraphNode *node = node_at (self, x, y);
  const char *target = node != NULL && g_strcmp0 (node->id, self->drag_id) != 0 ? node->id : NULL;

  flt_graph_canvas_widget_to_graph (self, x, y, &self->connect_x, &self->connect_y);
  if (g_strcmp0 (target, self->connect_target) != 0)
    {
      g_free (self->connect_target);
      self->connect_target = g_strdup (target);
      self->connect_allowed = target != NULL &&
                              (self->connect_func == NULL ||
                               self->connect_func (self->drag_id, target, self->connect_data));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_update_cb (FltGraphCanvas *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  double x = self->drag_start_x + offset_x;
  double y = self->drag_start_y + offset_y;

  if (!self->drag_moved &&
      !gtk_drag_check_threshold (GTK_WIDGET (self), self->drag_start_x, self->drag_start_y, x, y))
    return;
  if (!self->drag_moved)
    {
      /* From here on it is a drag, not a click. */
      self->drag_moved = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      set_offset (self, self->drag_origin_x + offset_x, self->drag_origin_y + offset_y);
      break;
    case DRAG_MOVE:
      flt_graph_move_node (self->graph, self->drag_id,
                           self->drag_origin_x + offset_x / self->zoom,
                           self->drag_origin_y + offset_y / self->zoom);
      break;
    case DRAG_CONNECT:
      update_connect_target (self, x, y);
      break;
    case DRAG_NONE:
    default:
      break;
    }
  update_cursor (self, x, y);
}

static void
drag_end_cb (FltGraphCanvas *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;
  gboolean connect = self->drag_mode == DRAG_CONNECT && self->drag_moved;

  if (connect)
    {
      update_connect_target (self, self->drag_start_x + offset_x, self->drag_start_y + offset_y);
      source = g_strdup (self->drag_id);
      target = g_strdup (self->connect_target);
    }
  cancel_drag (self);
  update_cursor (self, self->drag_start_x + offset_x, self->drag_start_y + offset_y);

  /* Dropped on nothing: no edge, and nothing to say. */
  if (connect && target != NULL)
    g_signal_emit (self, signals[CONNECT_NODES], 0, source, target);
}

static void
drag_cancel_cb (FltGraphCanvas *self)
{
  cancel_drag (self);
}

static gboolean
scroll_cb (FltGraphCanvas           *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (!has_nodes (self))
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      double x = self->has_pointer ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double y = self->has_pointer ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
      /* A wheel notch is one step; a touchpad's pixels are smaller ones. */
      double steps = wheel ? -dy : -dy / 20.0;

      flt_graph_canvas_zoom_at (self, self->zoom * pow (ZOOM_STEP, steps), x, y);
      return TRUE;
    }

  /* Shift turns a plain wheel sideways, as in every scrolled view. */
  if ((state & GDK_SHIFT_MASK) && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    flt_graph_canvas_scroll_by (self, dx * WHEEL_STEP, dy * WHEEL_STEP);
  else
    flt_graph_canvas_scroll_by (self, dx, dy);
  return TRUE;
}

static void
pinch_begin_cb (FltGraphCanvas   *self,
                GdkEventSequence *sequence,
                GtkGesture       *gesture)
{
  /* Two fingers zoom; the first one alone would also have panned. */
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  cancel_drag (self);
  self->pinch_zoom = self->zoom;
}

static void
pinch_scale_changed_cb (FltGraphCanvas *self,
                        double          scale,
                        GtkGestureZoom *gesture)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  flt_graph_canvas_zoom_at (self, self->pinch_zoom * scale, x, y);
}

static gboolean
query_tooltip_cb (FltGraphCanvas *self,
                  int             x,
                  int             y,
                  gboolean        keyboard,
                  GtkTooltip     *tooltip)
{
  g_autofree char *text = NULL;
  const FltGraphNode *node;
  const FltGraphEdge *edge;
  double gx, gy;

  if (self->graph == NULL || self->drag_mode != DRAG_NONE)
    return FALSE;

  if (keyboard)
    {
      if (self->selected_id == NULL)
        return FALSE;
      text = flt_graph_dup_node_tooltip (self->graph, self->selected_id);
    }
  else if (handle_at (self, x, y) != NULL)
    text = g_strdup (_("Drag onto a service to depend on it, or onto a network to join it"));
  else if ((node = node_at (self, x, y)) != NULL)
    text = flt_graph_dup_node_tooltip (self->graph, node->id);
  else
    {
      flt_graph_canvas_widget_to_graph (self, x, y, &gx, &gy);
      edge = flt_graph_hit_edge (self->graph, gx, gy, 4.0 / self->zoom);
      if (edge != NULL)
        text = flt_graph_dup_edge_tooltip (self->graph, edge);
    }

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Keyboard */

static gboolean
move_selection_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  int dx, dy;

  g_variant_get (args, "(ii)", &dx, &dy);
  flt_graph_canvas_move_selection (FLT_GRAPH_CANVAS (widget), dx, dy);
  return TRUE;
}

static gboolean
activate_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (widget);

  if (self->selected_id == NULL)
    return FALSE;
  g_signal_emit (self, signals[NODE_ACTIVATED], 0, self->selected_id);
  return TRUE;
}

static gboolean
menu_cb (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (widget);
  const FltGraphNode *node = lookup (self, self->selected_id);
  double x, y;

  if (node == NULL)
    return FALSE;
  reveal_node (self, node->id);
  flt_graph_canvas_graph_to_widget (self, node->x + node->width / 2, node->y + node->height / 2, &x, &y);
  g_signal_emit (self, signals[NODE_MENU], 0, node->id, x, y);
  return TRUE;
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (widget);

  if (self->drag_mode != DRAG_NONE)
    {
      cancel_drag (self);
      return TRUE;
    }
  if (self->selected_id == NULL)
    return FALSE;
  flt_graph_canvas_set_selected (self, NULL);
  return TRUE;
}

/* GObject */

static void
flt_graph_canvas_dispose (GObject *object)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (object);

  flt_graph_canvas_set_graph (self, NULL);
  flt_graph_canvas_set_connect_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (flt_graph_canvas_parent_class)->dispose (object);
}

static void
flt_graph_canvas_finalize (GObject *object)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (object);

  g_free (self->selected_id);
  g_free (self->hover_id);
  g_free (self->drag_id);
  g_free (self->connect_target);
  flt_graph_edge_cache_free (self->edges);

  G_OBJECT_CLASS (flt_graph_canvas_parent_class)->finalize (object);
}

static void
flt_graph_canvas_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (object);

  switch (prop_id)
    {
    case PROP_GRAPH:
      g_value_set_object (value, self->graph);
      break;
    case PROP_SELECTED:
      g_value_set_string (value, self->selected_id);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_SHOW_LEGEND:
      g_value_set_boolean (value, self->show_legend);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_graph_canvas_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FltGraphCanvas *self = FLT_GRAPH_CANVAS (object);

  switch (prop_id)
    {
    case PROP_GRAPH:
      flt_graph_canvas_set_graph (self, g_value_get_object (value));
      break;
    case PROP_SELECTED:
      flt_graph_canvas_set_selected (self, g_value_get_string (value));
      break;
    case PROP_ZOOM:
      flt_graph_canvas_zoom_at (self, g_value_get_double (value),
                                gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
      break;
    case PROP_SHOW_LEGEND:
      flt_graph_canvas_set_show_legend (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_arrow_binding (GtkWidgetClass *widget_class,
                   guint           key,
                   guint           keypad_key,
                   int             dx,
                   int             dy)
{
  gtk_widget_class_add_binding (widget_class, key, 0, move_selection_cb, "(ii)", dx, dy);
  gtk_widget_class_add_binding (widget_class, keypad_key, 0, move_selection_cb, "(ii)", dx, dy);
}

static void
flt_graph_canvas_class_init (FltGraphCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_graph_canvas_dispose;
  object_class->finalize = flt_graph_canvas_finalize;
  object_class->get_property = flt_graph_canvas_get_property;
  object_class->set_property = flt_graph_canvas_set_property;

  widget_class->snapshot = flt_graph_canvas_snapshot;
  widget_class->size_allocate = flt_graph_canvas_size_allocate;
  widget_class->measure = flt_graph_canvas_measure;

  properties[PROP_GRAPH] =
    g_param_spec_object ("graph", NULL, NULL, FLT_TYPE_GRAPH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * FltGraphCanvas:selected: (nullable)
   *
   * The selected node's id ("service:web"), or %NULL.
   */
  properties[PROP_SELECTED] =
    g_param_spec_string ("selected", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Widget pixels per graph unit. */
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, FLT_GRAPH_CANVAS_MIN_ZOOM, FLT_GRAPH_CANVAS_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_LEGEND] =
    g_param_spec_boolean ("show-legend", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FltGraphCanvas::node-activated:
   * @node_id: the node double-clicked, or the selected one on Enter
   */
  signals[NODE_ACTIVATED] =
    g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FltGraphCanvas::node-menu:
   * @node_id: the node right-clicked, or the selected one on the Menu key
   * @x: where to point the menu, widget coordinates
   * @y:
   */
  signals[NODE_MENU] =
    g_signal_new ("node-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * FltGraphCanvas::connect-nodes:
   * @source_id: the service an edge was dragged from
   * @target_id: the node it was dropped on
   */
  signals[CONNECT_NODES] =
    g_signal_new ("connect-nodes", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  add_arrow_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0);
  add_arrow_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0);
  add_arrow_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, -1);
  add_arrow_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Enter, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, 0, activate_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  gtk_widget_class_set_css_name (widget_class, "graphcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_WIDGET);
}

static void
flt_graph_canvas_init (FltGraphCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->zoom = 1.0;
  self->edges = flt_graph_edge_cache_new (GTK_WIDGET (self));
  self->needs_fit = TRUE;
  self->show_legend = TRUE;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Project graph"),
                                  -1);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect_swapped (gesture, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
flt_graph_canvas_new (void)
{
  return g_object_new (FLT_TYPE_GRAPH_CANVAS, NULL);
}

void
flt_graph_canvas_set_graph (FltGraphCanvas *self,
                            FltGraph       *graph)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));
  g_return_if_fail (graph == NULL || FLT_IS_GRAPH (graph));

  if (self->graph == graph)
    return;
  if (self->graph != NULL)
    g_signal_handlers_disconnect_by_data (self->graph, self);
  cancel_drag (self);
  g_set_object (&self->graph, graph);
  if (graph != NULL)
    {
      g_signal_connect_swapped (graph, "changed", G_CALLBACK (graph_changed_cb), self);
      g_signal_connect_swapped (graph, "state-changed", G_CALLBACK (graph_state_changed_cb), self);
    }
  self->needs_fit = TRUE;
  g_clear_pointer (&self->hover_id, g_free);
  graph_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRAPH]);
}

FltGraph *
flt_graph_canvas_get_graph (FltGraphCanvas *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH_CANVAS (self), NULL);

  return self->graph;
}

/**
 * flt_graph_canvas_set_selected:
 * @node_id: (nullable): a node's id; one the graph does not have selects
 *   nothing
 */
void
flt_graph_canvas_set_selected (FltGraphCanvas *self,
                               const char     *node_id)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  if (node_id != NULL && lookup (self, node_id) == NULL)
    node_id = NULL;
  if (g_strcmp0 (self->selected_id, node_id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (node_id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

const char *
flt_graph_canvas_get_selected (FltGraphCanvas *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH_CANVAS (self), NULL);

  return self->selected_id;
}

const char *
flt_graph_canvas_get_hovered (FltGraphCanvas *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH_CANVAS (self), NULL);

  return self->hover_id;
}

void
flt_graph_canvas_set_show_legend (FltGraphCanvas *self,
                                  gboolean        show_legend)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  show_legend = !!show_legend;
  if (self->show_legend == show_legend)
    return;
  self->show_legend = show_legend;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LEGEND]);
}

gboolean
flt_graph_canvas_get_show_legend (FltGraphCanvas *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH_CANVAS (self), FALSE);

  return self->show_legend;
}

/**
 * flt_graph_canvas_set_connect_func:
 * @func: (nullable): says which drops the file can take; without one,
 *   every node is a fine target
 */
void
flt_graph_canvas_set_connect_func (FltGraphCanvas      *self,
                                   FltGraphConnectFunc  func,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  if (self->connect_destroy != NULL)
    self->connect_destroy (self->connect_data);
  self->connect_func = func;
  self->connect_data = user_data;
  self->connect_destroy = destroy;
}

double
flt_graph_canvas_get_zoom (FltGraphCanvas *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH_CANVAS (self), 1.0);

  return self->zoom;
}

/**
 * flt_graph_canvas_zoom_at:
 * @zoom: the new zoom, clamped to what the canvas allows
 * @x: a widget point that stays where it is
 * @y:
 */
void
flt_graph_canvas_zoom_at (FltGraphCanvas *self,
                          double          zoom,
                          double          x,
                          double          y)
{
  double gx, gy;

  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  flt_graph_canvas_widget_to_graph (self, x, y, &gx, &gy);
  set_zoom (self, zoom);
  set_offset (self, x - gx * self->zoom, y - gy * self->zoom);
  self->needs_fit = FALSE;
}

static void
zoom_centre (FltGraphCanvas *self,
             double          zoom)
{
  flt_graph_canvas_zoom_at (self, zoom,
                            gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                            gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
flt_graph_canvas_zoom_in (FltGraphCanvas *self)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  zoom_centre (self, self->zoom * ZOOM_STEP);
}

void
flt_graph_canvas_zoom_out (FltGraphCanvas *self)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  zoom_centre (self, self->zoom / ZOOM_STEP);
}

void
flt_graph_canvas_zoom_reset (FltGraphCanvas *self)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  zoom_centre (self, 1.0);
}

/* Where the legend is drawn, widget coordinates; FALSE when it is hidden
 * or the canvas is too small for it. */
static gboolean
legend_area (FltGraphCanvas *self,
             FltGraphStyle  *style,
             double         *x,
             double         *y,
             double         *width,
             double         *height)
{
  double canvas_width = gtk_widget_get_width (GTK_WIDGET (self));
  double canvas_height = gtk_widget_get_height (GTK_WIDGET (self));

  if (!self->show_legend)
    return FALSE;
  style->dark = is_dark ();
  style->selected_id = NULL;
  style->hover_id = NULL;
  style->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  flt_graph_measure_legend (style, width, height);
  if (*width + 2 * LEGEND_MARGIN > canvas_width || *height + 2 * LEGEND_MARGIN > canvas_height)
    return FALSE;
  *x = LEGEND_MARGIN;
  *y = canvas_height - LEGEND_MARGIN - *height;
  return TRUE;
}

typedef struct
{
  double x, y, width, height;
} Area;

static double
fit_zoom (const Area *area,
          double      graph_width,
          double      graph_height)
{
  double zoom = FIT_MAX_ZOOM;

  if (graph_width > 0)
    zoom = MIN (zoom, area->width / graph_width);
  if (graph_height > 0)
    zoom = MIN (zoom, area->height / graph_height);
  return zoom;
}

/**
 * flt_graph_canvas_fit:
 *
 * Zooms and scrolls so that the whole graph shows, centred, no larger
 * than its natural size, and clear of the toolbar above and the legend
 * below or beside it.  Before the canvas has a size, it fits once it gets
 * one.
 */
void
flt_graph_canvas_fit (FltGraphCanvas *self)
{
  FltGraphStyle style = { 0 };
  double width, height, bx, by, bw, bh, lx, ly, lw, lh;
  Area whole, above, beside;
  const Area *area;
  double zoom;

  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (!has_nodes (self) || width <= 0 || height <= 0)
    {
      self->needs_fit = TRUE;
      return;
    }

  flt_graph_get_bounds (self->graph, &bx, &by, &bw, &bh);
  whole = (Area) { FIT_MARGIN, FIT_TOP_MARGIN, width - 2 * FIT_MARGIN, height - FIT_MARGIN - FIT_TOP_MARGIN };
  area = &whole;
  zoom = fit_zoom (&whole, bw, bh);

  /* The legend takes the bottom-left corner: the graph goes above it or
   * beside it, whichever leaves it larger. */
  if (legend_area (self, &style, &lx, &ly, &lw, &lh))
    {
      double zoom_above, zoom_beside;

      above = whole;
      above.height = MAX (1, ly - FIT_MARGIN - above.y);
      beside = whole;
      beside.x = lx + lw + FIT_MARGIN;
      beside.width = MAX (1, width - FIT_MARGIN - beside.x);
      zoom_above = fit_zoom (&above, bw, bh);
      zoom_beside = fit_zoom (&beside, bw, bh);
      area = zoom_above >= zoom_beside ? &above : &beside;
      zoom = MAX (zoom_above, zoom_beside);
    }

  set_zoom (self, zoom);
  set_offset (self,
              area->x + (area->width - bw * self->zoom) / 2 - bx * self->zoom,
              area->y + (area->height - bh * self->zoom) / 2 - by * self->zoom);
  self->needs_fit = FALSE;
}

/**
 * flt_graph_canvas_scroll_by:
 * @dx: widget pixels; positive shows more of the right
 * @dy: widget pixels; positive shows more of the bottom
 */
void
flt_graph_canvas_scroll_by (FltGraphCanvas *self,
                            double          dx,
                            double          dy)
{
  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  set_offset (self, self->offset_x - dx, self->offset_y - dy);
}

/**
 * flt_graph_canvas_move_selection:
 * @dx: -1, 0 or 1: left or right
 * @dy: -1, 0 or 1: up or down
 *
 * Selects the nearest node in that direction, as the arrow keys do;
 * with nothing selected, the first service (or node).
 */
void
flt_graph_canvas_move_selection (FltGraphCanvas *self,
                                 int             dx,
                                 int             dy)
{
  const FltGraphNode *current;
  const FltGraphNode *best = NULL;
  double best_score = G_MAXDOUBLE;
  double cx, cy;
  guint n;

  g_return_if_fail (FLT_IS_GRAPH_CANVAS (self));

  if (self->graph == NULL || (n = flt_graph_get_n_nodes (self->graph)) == 0)
    return;

  current = lookup (self, self->selected_id);
  if (current == NULL)
    {
      for (guint i = 0; i < n && best == NULL; i++)
        if (flt_graph_get_node (self->graph, i)->kind == FLT_GRAPH_NODE_SERVICE)
          best = flt_graph_get_node (self->graph, i);
      if (best == NULL)
        best = flt_graph_get_node (self->graph, 0);
    }
  else
    {
      cx = current->x + current->width / 2;
      cy = current->y + current->height / 2;
      for (guint i = 0; i < n; i++)
        {
          const FltGraphNode *node = flt_graph_get_node (self->graph, i);
          double ox = node->x + node->width / 2 - cx;
          double oy = node->y + node->height / 2 - cy;
          double along = ox * dx + oy * dy;
          double across = fabs (ox * dy) + fabs (oy * dx);
          double score;

          /* Ahead in that direction, and nearer the straight line counts
           * for more than nearer ahead. */
          if (node == current || along <= 0.5)
            continue;
          score = along + 2 * across;
          if (score < best_score)
            {
              best_score = score;
              best = node;
            }
        }
    }

  if (best == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  flt_graph_canvas_set_selected (self, best->id);
  reveal_node (self, best->id);
}

guint
_flt_graph_canvas_get_n_edge_draws (FltGraphCanvas *self)
{
  return flt_graph_edge_cache_get_n_drawn (self->edges);
}

gboolean
_flt_graph_canvas_get_edges_pending (FltGraphCanvas *self)
{
  return flt_graph_edge_cache_is_pending (self->edges);
}
