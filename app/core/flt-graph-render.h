/* flt-graph-render.h: one renderer for the graph, in the window, PNG and SVG
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "flt-graph.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean    dark;
  const char *selected_id;   /* nullable */
  const char *hover_id;      /* nullable */
  double      scale;         /* device pixels per graph unit, for hairlines and text hinting */
} FltGraphStyle;

/* The picture in three layers, bottom to top, so that a view can keep
 * the one that changes least (the edges) between frames. */
typedef enum
{
  FLT_GRAPH_LAYER_EDGES = 1 << 0,   /* every edge and edge label, none highlighted */
  FLT_GRAPH_LAYER_FOCUS = 1 << 1,   /* the edges of the selected or hovered node, highlighted */
  FLT_GRAPH_LAYER_NODES = 1 << 2,
  FLT_GRAPH_LAYER_ALL   = 0x7
} FltGraphLayers;

/* Draws in graph coordinates; the caller sets the transform. */
void      flt_graph_render        (FltGraph            *graph,
                                   cairo_t             *cr,
                                   const FltGraphStyle *style);
void      flt_graph_render_layers (FltGraph            *graph,
                                   cairo_t             *cr,
                                   const FltGraphStyle *style,
                                   FltGraphLayers       layers);
gboolean  flt_graph_write_svg     (FltGraph            *graph,
                                   const char          *path,
                                   gboolean             dark,
                                   GError             **error);
gboolean  flt_graph_write_png     (FltGraph            *graph,
                                   const char          *path,
                                   double               scale,
                                   gboolean             dark,
                                   GError             **error);
GBytes   *flt_graph_render_svg    (FltGraph            *graph,
                                   gboolean             dark,
                                   GError             **error);
cairo_surface_t *flt_graph_render_surface (FltGraph     *graph,
                                   double               scale,
                                   gboolean             dark,
                                   GError             **error);

/* Beyond the contract (see graph-notes.md): the key to the colours and
 * lines, drawn at the current point's origin; returns its size in the
 * same units so that the view can place it in a corner. */
void      flt_graph_render_legend (cairo_t             *cr,
                                   const FltGraphStyle *style,
                                   double              *width,
                                   double              *height);
void      flt_graph_measure_legend (const FltGraphStyle *style,
                                   double              *width,
                                   double              *height);

G_END_DECLS
