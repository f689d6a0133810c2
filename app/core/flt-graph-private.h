/* flt-graph-private.h: what the graph's model, layout, renderer and DOT share
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "flt-graph.h"

G_BEGIN_DECLS

/* Sizes in graph units (a unit is a pixel at 100 % zoom).  Fixed, so that
 * the layout needs no fonts and a state change never moves anything. */
#define FLT_GRAPH_SERVICE_WIDTH   208.0
#define FLT_GRAPH_SERVICE_HEIGHT   76.0
#define FLT_GRAPH_NETWORK_WIDTH   184.0
#define FLT_GRAPH_NETWORK_HEIGHT   52.0
#define FLT_GRAPH_VOLUME_WIDTH    168.0
#define FLT_GRAPH_VOLUME_HEIGHT    52.0
#define FLT_GRAPH_HOST_WIDTH      132.0
#define FLT_GRAPH_HOST_HEIGHT      60.0
/* Room between two edges that end on the same side of a node. */
#define FLT_GRAPH_ANCHOR_SPACING   12.0
#define FLT_GRAPH_COLUMN_GAP      184.0
#define FLT_GRAPH_TRUNK_SPACING    12.0
#define FLT_GRAPH_ROW_GAP          28.0
#define FLT_GRAPH_LABEL_HEIGHT     16.0

/* Which way an edge leaves or enters a node, for the curve's tangent. */
typedef enum
{
  FLT_GRAPH_SIDE_RIGHT,
  FLT_GRAPH_SIDE_LEFT,
  FLT_GRAPH_SIDE_TOP,
  FLT_GRAPH_SIDE_BOTTOM,
} FltGraphSide;

typedef struct
{
  FltGraphNode pub;            /* first: a FltGraphNode * points here */
  char *file_detail;           /* detail as the file says, for clear_live */
  guint index;                 /* in self->nodes */
  int layer;
  gboolean laid_out;           /* has a position from a layout or a move */
  gboolean has_seed;           /* a previous position to keep the order by */
  double seed;                 /* its centre's y */
  double seed_x;               /* its left */
  char *sort_key;              /* kind + name: the canonical order */
  /* Networks and the host are buses: their edges meet on a trunk, a
   * vertical line at @trunk_x in the gap beside them. */
  gboolean has_trunk;
  double trunk_x;
} FltGraphNodeImpl;

typedef struct
{
  FltGraphEdge pub;            /* first: a FltGraphEdge * points here */
  char *file_label;            /* label as the file says, for clear_live */
  FltGraphNodeImpl *source;
  FltGraphNodeImpl *target;
  guint index;                 /* in self->edges, as of the last routing */
  FltGraphSide start_side;     /* at points[0] */
  FltGraphSide end_side;       /* at the last point */
  double label_x, label_y;     /* the label's centre */
  gboolean label_hidden;       /* no room for it near its edge */
  int trunk_segment;           /* the segment along a bus's trunk, or -1 */
  FltGraphNodeImpl *bus;       /* whose trunk that is */
  double start_x, start_y;     /* the anchors, while routing */
  double end_x, end_y;
  /* Where the last layout passed the edge through the columns between
   * its ends: (left, right, y) triples from source to target; empty for
   * an edge drawn straight (a moved end, or both ends in one column). */
  GArray *via;
} FltGraphEdgeImpl;

struct _FltGraph
{
  GObject parent_instance;

  FltProject *project;
  GPtrArray *nodes;            /* FltGraphNodeImpl */
  GHashTable *node_index;      /* id → FltGraphNodeImpl */
  GPtrArray *edges;            /* FltGraphEdgeImpl */
  gboolean live;

  guint freeze_count;
  gboolean pending_layout;
  gboolean pending_changed;
  gboolean pending_state;
  gboolean pending_labels;

  double bounds[4];            /* x, y, width, height */
  guint edges_serial;          /* bumped when edge labels are placed anew */
};

/* Around the graph in the exported pictures. */
#define FLT_GRAPH_EXPORT_MARGIN    24.0

/* flt-graph-render.c */
void         _flt_graph_render_page  (FltGraph         *graph,
                                      cairo_t          *cr,
                                      double            x,
                                      double            y,
                                      double            scale,
                                      gboolean          dark);

/* flt-graph-layout.c */
void         _flt_graph_run_layout   (FltGraph         *self,
                                      gboolean          use_seeds);
void         _flt_graph_route        (FltGraph         *self);
void         _flt_graph_place_labels (FltGraph         *self);

/* flt-graph.c */
gboolean     _flt_graph_state_is_up  (FltGraphState     state);
int          _flt_graph_state_rank   (FltGraphState     state);

/* A cubic Bézier from (x0,y0) to (x1,y1) leaving along @start and
 * arriving along @end: the shape every renderer and hit test uses. */
void         _flt_graph_segment_controls (double        x0,
                                          double        y0,
                                          FltGraphSide  start,
                                          double        x1,
                                          double        y1,
                                          FltGraphSide  end,
                                          double       *c1x,
                                          double       *c1y,
                                          double       *c2x,
                                          double       *c2y);
void         _flt_graph_edge_segment_sides (const FltGraphEdgeImpl *edge,
                                            guint                   segment,
                                            FltGraphSide           *start,
                                            FltGraphSide           *end);

G_END_DECLS
