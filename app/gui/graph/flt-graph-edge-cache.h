/* flt-graph-edge-cache.h: the graph's edges, drawn once for many frames
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-graph-render.h"

G_BEGIN_DECLS

typedef struct _FltGraphEdgeCache FltGraphEdgeCache;

FltGraphEdgeCache *flt_graph_edge_cache_new        (GtkWidget           *widget);
void               flt_graph_edge_cache_free       (FltGraphEdgeCache   *self);
void               flt_graph_edge_cache_invalidate (FltGraphEdgeCache   *self);
void               flt_graph_edge_cache_snapshot   (FltGraphEdgeCache   *self,
                                                    GtkSnapshot         *snapshot,
                                                    FltGraph            *graph,
                                                    const FltGraphStyle *style,
                                                    double               zoom,
                                                    double               offset_x,
                                                    double               offset_y,
                                                    int                  width,
                                                    int                  height,
                                                    int                  scale_factor);
guint              flt_graph_edge_cache_get_n_drawn (FltGraphEdgeCache  *self);
gboolean           flt_graph_edge_cache_is_pending (FltGraphEdgeCache   *self);
gboolean           flt_graph_edge_cache_any_pending (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltGraphEdgeCache, flt_graph_edge_cache_free)

G_END_DECLS
