/* flt-graph-canvas.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-graph.h"

G_BEGIN_DECLS

/* Whether dropping an edge from @source_id onto @target_id would do
 * something; the canvas colours the target by it while dragging. */
typedef gboolean (*FltGraphConnectFunc) (const char *source_id,
                                         const char *target_id,
                                         gpointer    user_data);

#define FLT_GRAPH_CANVAS_MIN_ZOOM 0.1
#define FLT_GRAPH_CANVAS_MAX_ZOOM 4.0

#define FLT_TYPE_GRAPH_CANVAS (flt_graph_canvas_get_type ())
G_DECLARE_FINAL_TYPE (FltGraphCanvas, flt_graph_canvas, FLT, GRAPH_CANVAS, GtkWidget)

GtkWidget  *flt_graph_canvas_new              (void);
void        flt_graph_canvas_set_graph        (FltGraphCanvas      *self,
                                               FltGraph            *graph);
FltGraph   *flt_graph_canvas_get_graph        (FltGraphCanvas      *self);
void        flt_graph_canvas_set_selected     (FltGraphCanvas      *self,
                                               const char          *node_id);
const char *flt_graph_canvas_get_selected     (FltGraphCanvas      *self);
const char *flt_graph_canvas_get_hovered      (FltGraphCanvas      *self);
void        flt_graph_canvas_set_show_legend  (FltGraphCanvas      *self,
                                               gboolean             show_legend);
gboolean    flt_graph_canvas_get_show_legend  (FltGraphCanvas      *self);
void        flt_graph_canvas_set_connect_func (FltGraphCanvas      *self,
                                               FltGraphConnectFunc  func,
                                               gpointer             user_data,
                                               GDestroyNotify       destroy);

double      flt_graph_canvas_get_zoom         (FltGraphCanvas      *self);
void        flt_graph_canvas_zoom_at          (FltGraphCanvas      *self,
                                               double               zoom,
                                               double               x,
                                               double               y);
void        flt_graph_canvas_zoom_in          (FltGraphCanvas      *self);
void        flt_graph_canvas_zoom_out         (FltGraphCanvas      *self);
void        flt_graph_canvas_zoom_reset       (FltGraphCanvas      *self);
void        flt_graph_canvas_fit              (FltGraphCanvas      *self);
void        flt_graph_canvas_scroll_by        (FltGraphCanvas      *self,
                                               double               dx,
                                               double               dy);
void        flt_graph_canvas_graph_to_widget  (FltGraphCanvas      *self,
                                               double               graph_x,
                                               double               graph_y,
                                               double              *x,
                                               double              *y);
void        flt_graph_canvas_widget_to_graph  (FltGraphCanvas      *self,
                                               double               x,
                                               double               y,
                                               double              *graph_x,
                                               double              *graph_y);
gboolean    flt_graph_canvas_get_handle       (FltGraphCanvas      *self,
                                               const char          *node_id,
                                               double              *x,
                                               double              *y);
void        flt_graph_canvas_move_selection   (FltGraphCanvas      *self,
                                               int                  dx,
                                               int                  dy);

G_END_DECLS
