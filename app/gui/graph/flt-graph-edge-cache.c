/* flt-graph-edge-cache.c: the graph's edges, drawn once for many frames
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a few hundred edges in view, stroking them is most of a frame, and
 * they are what changes least: hovering or selecting a card, a container
 * changing state and a scroll by whole pixels leave them as they are.  So
 * the canvas keeps them as a texture (the edges layer of flt_graph_render_
 * layers) and draws only the focused edges and the cards over it.  The
 * texture covers a margin around the view, so that a scroll does not
 * redraw it until the margin runs out; right after the zoom changed it
 * covers the view alone, as the next frame is likely a zoom again.  The
 * same GdkTexture frame after frame also spares the GL renderer an upload.
 *
 * A zoom, a scroll past the margin or a change to the graph (a card
 * dragged, added or removed, a label that moved) needs the edges drawn
 * anew, and rasterizing them is what costs (the path is recorded in well
 * under a millisecond; stroking hundreds of long edges takes 20 ms and
 * more, more than a frame).  So the edges are recorded on the main thread
 * and rasterized in a worker, while the frames meanwhile show the layer
 * they have, moved and scaled to the new view; the new one replaces it a
 * frame or two later.  The very first frame, and one after a switch
 * between light and dark, has no layer to show: the cards come first, the
 * edges a frame later.  One raster runs at a time: during a long zoom or
 * drag the next starts when one ends.
 */

#include "config.h"

#include <math.h>

#include "flt-graph-edge-cache.h"

/* What a layer was drawn for: the graph, the colours and the view. */
typedef struct
{
  guint serial;                /* of the graph */
  gboolean dark;
  double zoom;
  int scale_factor;
  double offset_x;             /* the view's offset */
  double offset_y;
  graphene_rect_t area;        /* what it covers, in widget coordinates at that offset */
} Layout;

struct _FltGraphEdgeCache
{
  GtkWidget *widget;           /* drawn again when a raster arrives */
  GdkTexture *texture;
  Layout shown;                /* what the texture was drawn for */
  guint graph_serial;          /* of the graph now: one more for each change */
  double last_zoom;            /* the zoom of the frame before */
  guint n_drawn;
  GCancellable *raster;        /* the raster in a worker, or NULL */
};

/* What a raster makes: the layer for one view. */
typedef struct
{
  cairo_surface_t *recording;
  Layout layout;
  int pixel_width;
  int pixel_height;
  cairo_surface_t *image;      /* the result */
} Raster;

/* Rasters under way in any cache (main thread only). */
static guint n_rasters;

static void
raster_free (Raster *raster)
{
  g_clear_pointer (&raster->recording, cairo_surface_destroy);
  g_clear_pointer (&raster->image, cairo_surface_destroy);
  g_free (raster);
}

/**
 * flt_graph_edge_cache_new:
 * @widget: the canvas: it is drawn again when edges rasterized in a
 *   worker arrive
 */
FltGraphEdgeCache *
flt_graph_edge_cache_new (GtkWidget *widget)
{
  FltGraphEdgeCache *self = g_new0 (FltGraphEdgeCache, 1);

  self->widget = widget;
  return self;
}

static void
cancel_raster (FltGraphEdgeCache *self)
{
  if (self->raster == NULL)
    return;
  g_cancellable_cancel (self->raster);
  g_clear_object (&self->raster);
  n_rasters--;
}

void
flt_graph_edge_cache_free (FltGraphEdgeCache *self)
{
  if (self == NULL)
    return;
  /* A raster that ends later finds itself cancelled and touches nothing. */
  cancel_raster (self);
  g_clear_object (&self->texture);
  g_free (self);
}

/* The graph changed (cards moved, came or went, labels moved): the kept
 * layer stands in until a worker has drawn the new one.  A raster under
 * way goes on: it is nearer the graph than the kept layer. */
void
flt_graph_edge_cache_invalidate (FltGraphEdgeCache *self)
{
  self->graph_serial++;
}

/* How many times the edges were drawn: for the tests. */
guint
flt_graph_edge_cache_get_n_drawn (FltGraphEdgeCache *self)
{
  return self->n_drawn;
}

/* Whether a worker is rasterizing the edges: for the tests. */
gboolean
flt_graph_edge_cache_is_pending (FltGraphEdgeCache *self)
{
  return self->raster != NULL;
}

/* Whether any canvas waits for its edges from a worker: for the tests,
 * which wait for that before looking, without walking every window. */
gboolean
flt_graph_edge_cache_any_pending (void)
{
  return n_rasters > 0;
}

/* A shift by part of a device pixel would blur the lines. */
static gboolean
whole_pixels (double distance,
              int    scale_factor)
{
  double device = distance * scale_factor;

  return fabs (device - round (device)) < 0.01;
}

static gboolean
covers (FltGraphEdgeCache   *self,
        const FltGraphStyle *style,
        double               zoom,
        double               offset_x,
        double               offset_y,
        int                  width,
        int                  height,
        int                  scale_factor)
{
  double dx = offset_x - self->shown.offset_x;
  double dy = offset_y - self->shown.offset_y;

  return self->texture != NULL
      && self->shown.serial == self->graph_serial
      && self->shown.dark == style->dark
      && self->shown.zoom == zoom
      && self->shown.scale_factor == scale_factor
      && whole_pixels (dx, scale_factor) && whole_pixels (dy, scale_factor)
      && self->shown.area.origin.x + dx <= 0 && self->shown.area.origin.y + dy <= 0
      && self->shown.area.origin.x + dx + self->shown.area.size.width >= width
      && self->shown.area.origin.y + dy + self->shown.area.size.height >= height;
}

/* Records the edges layer for the view (cheap: paths and glyphs, no
 * pixels) into @raster. */
static Raster *
record (FltGraphEdgeCache   *self,
        FltGraph            *graph,
        const FltGraphStyle *style,
        double               zoom,
        double               offset_x,
        double               offset_y,
        int                  width,
        int                  height,
        int                  scale_factor)
{
  gboolean settled = zoom == self->last_zoom;
  double margin_x = settled ? ceil (width / 4.0) : 0;
  double margin_y = settled ? ceil (height / 4.0) : 0;
  Raster *raster = g_new0 (Raster, 1);
  cairo_t *cr;

  raster->layout = (Layout) { self->graph_serial, style->dark, zoom, scale_factor, offset_x, offset_y,
                              GRAPHENE_RECT_INIT (-margin_x, -margin_y, width + 2 * margin_x,
                                                  height + 2 * margin_y) };
  raster->pixel_width = (int) (width + 2 * margin_x) * scale_factor;
  raster->pixel_height = (int) (height + 2 * margin_y) * scale_factor;
  raster->recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                      &(cairo_rectangle_t) { 0, 0, width + 2 * margin_x,
                                                                             height + 2 * margin_y });
  cr = cairo_create (raster->recording);
  cairo_translate (cr, margin_x + offset_x, margin_y + offset_y);
  cairo_scale (cr, zoom, zoom);
  flt_graph_render_layers (graph, cr, style, FLT_GRAPH_LAYER_EDGES);
  cairo_destroy (cr);
  return raster;
}

/* Turns the recording into pixels; any thread, as the recording is no
 * one else's by now. */
static gboolean
rasterize (Raster *raster)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, raster->pixel_width,
                                                         raster->pixel_height);
  cairo_t *cr;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_surface_set_device_scale (surface, raster->layout.scale_factor, raster->layout.scale_factor);
  cr = cairo_create (surface);
  cairo_set_source_surface (cr, raster->recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_clear_pointer (&raster->recording, cairo_surface_destroy);
  raster->image = surface;
  return TRUE;
}

/* Keeps the raster's pixels as the layer. */
static void
install (FltGraphEdgeCache *self,
         Raster            *raster)
{
  cairo_surface_t *surface = g_steal_pointer (&raster->image);
  g_autoptr(GBytes) bytes = NULL;

  /* Cairo's ARGB32 is GDK's default memory format: no copy. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * raster->pixel_height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (raster->pixel_width, raster->pixel_height, GDK_MEMORY_DEFAULT, bytes,
                                          cairo_image_surface_get_stride (surface));
  self->shown = raster->layout;
  self->n_drawn++;
}

static void
raster_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Raster *raster = task_data;

  g_task_return_boolean (task, rasterize (raster));
}

static void
raster_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  FltGraphEdgeCache *self;

  /* Cancelled (nothing else is an error): the cache may be gone. */
  if (error != NULL)
    return;
  self = user_data;
  g_clear_object (&self->raster);
  n_rasters--;
  /* Without memory for the pixels the layer kept stays. */
  if (ok)
    install (self, g_task_get_task_data (G_TASK (result)));
  gtk_widget_queue_draw (self->widget);
}

static void
start_raster (FltGraphEdgeCache *self,
              Raster            *raster)
{
  g_autoptr(GTask) task = NULL;

  self->raster = g_cancellable_new ();
  n_rasters++;
  task = g_task_new (NULL, self->raster, raster_done_cb, self);
  g_task_set_source_tag (task, start_raster);
  g_task_set_task_data (task, raster, (GDestroyNotify) raster_free);
  g_task_run_in_thread (task, raster_thread);
}

/* The kept layer, moved and scaled from the view it was drawn for to
 * this one: graph point g is at offset + zoom × g in either. */
static void
append_moved (FltGraphEdgeCache *self,
              GtkSnapshot       *snapshot,
              double             zoom,
              double             offset_x,
              double             offset_y)
{
  double k = zoom / self->shown.zoom;
  graphene_rect_t bounds;

  graphene_rect_init (&bounds,
                      offset_x + k * (self->shown.area.origin.x - self->shown.offset_x),
                      offset_y + k * (self->shown.area.origin.y - self->shown.offset_y),
                      k * self->shown.area.size.width, k * self->shown.area.size.height);
  gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
}

/**
 * flt_graph_edge_cache_snapshot:
 * @style: its dark flag counts; selection and hover do not
 * @zoom: (and @offset_x, @offset_y): as the canvas maps the graph
 * @width: (and @height): the canvas's size
 *
 * Appends the edges layer of @graph for the canvas's view: the one kept
 * when it is of this graph and covers the view; else the kept one moved
 * and scaled, if it is in the same colours, while a worker draws the
 * right one.  Never draws the edges itself: that takes more than a frame.
 */
void
flt_graph_edge_cache_snapshot (FltGraphEdgeCache   *self,
                               GtkSnapshot         *snapshot,
                               FltGraph            *graph,
                               const FltGraphStyle *style,
                               double               zoom,
                               double               offset_x,
                               double               offset_y,
                               int                  width,
                               int                  height,
                               int                  scale_factor)
{
  gboolean exact = covers (self, style, zoom, offset_x, offset_y, width, height, scale_factor);
  gboolean showable = self->texture != NULL && self->shown.dark == style->dark &&
                      self->shown.scale_factor == scale_factor;

  /* One at a time: the next starts when this one has arrived. */
  if (!exact && self->raster == NULL)
    start_raster (self, record (self, graph, style, zoom, offset_x, offset_y, width, height, scale_factor));
  self->last_zoom = zoom;
  if (!showable)
    return;

  /* The margin stays inside the canvas. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  append_moved (self, snapshot, zoom, offset_x, offset_y);
  gtk_snapshot_pop (snapshot);
}
