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
 */

#include "config.h"

#include <math.h>

#include "flt-graph-edge-cache.h"

struct _FltGraphEdgeCache
{
  GdkTexture *texture;
  gboolean dark;
  double zoom;
  int scale_factor;
  double offset_x;             /* the view's offset when it was drawn */
  double offset_y;
  graphene_rect_t area;        /* what it covers, in widget coordinates at that offset */
  double last_zoom;            /* the zoom of the frame before */
  guint n_drawn;
};

FltGraphEdgeCache *
flt_graph_edge_cache_new (void)
{
  return g_new0 (FltGraphEdgeCache, 1);
}

void
flt_graph_edge_cache_free (FltGraphEdgeCache *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->texture);
  g_free (self);
}

/* The graph changed (nodes moved, came or went, labels moved). */
void
flt_graph_edge_cache_invalidate (FltGraphEdgeCache *self)
{
  g_clear_object (&self->texture);
}

/* How many times the edges were drawn: for the tests. */
guint
flt_graph_edge_cache_get_n_drawn (FltGraphEdgeCache *self)
{
  return self->n_drawn;
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
  double dx = offset_x - self->offset_x;
  double dy = offset_y - self->offset_y;

  return self->texture != NULL
      && self->dark == style->dark
      && self->zoom == zoom
      && self->scale_factor == scale_factor
      && whole_pixels (dx, scale_factor) && whole_pixels (dy, scale_factor)
      && self->area.origin.x + dx <= 0 && self->area.origin.y + dy <= 0
      && self->area.origin.x + dx + self->area.size.width >= width
      && self->area.origin.y + dy + self->area.size.height >= height;
}

static void
draw (FltGraphEdgeCache   *self,
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
  int pixel_width = (int) (width + 2 * margin_x) * scale_factor;
  int pixel_height = (int) (height + 2 * margin_y) * scale_factor;
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  cairo_t *cr;

  g_clear_object (&self->texture);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return;
    }
  cairo_surface_set_device_scale (surface, scale_factor, scale_factor);
  cr = cairo_create (surface);
  cairo_translate (cr, margin_x + offset_x, margin_y + offset_y);
  cairo_scale (cr, zoom, zoom);
  flt_graph_render_layers (graph, cr, style, FLT_GRAPH_LAYER_EDGES);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is GDK's default memory format: no copy. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * pixel_height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  self->texture = gdk_memory_texture_new (pixel_width, pixel_height, GDK_MEMORY_DEFAULT, bytes,
                                          cairo_image_surface_get_stride (surface));
  self->dark = style->dark;
  self->zoom = zoom;
  self->scale_factor = scale_factor;
  self->offset_x = offset_x;
  self->offset_y = offset_y;
  graphene_rect_init (&self->area, -margin_x, -margin_y, width + 2 * margin_x, height + 2 * margin_y);
  self->n_drawn++;
}

/**
 * flt_graph_edge_cache_snapshot:
 * @style: its dark flag counts; selection and hover do not
 * @zoom: (and @offset_x, @offset_y): as the canvas maps the graph
 * @width: (and @height): the canvas's size
 *
 * Appends the edges layer of @graph for the canvas's view, drawing it
 * anew only when the one kept does not cover the view.
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
  graphene_rect_t bounds;

  if (!covers (self, style, zoom, offset_x, offset_y, width, height, scale_factor))
    draw (self, graph, style, zoom, offset_x, offset_y, width, height, scale_factor);
  self->last_zoom = zoom;
  if (self->texture == NULL)
    return;

  bounds = self->area;
  bounds.origin.x += offset_x - self->offset_x;
  bounds.origin.y += offset_y - self->offset_y;
  /* The margin stays inside the canvas. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
  gtk_snapshot_pop (snapshot);
}
