/* flt-graph-view-private.h: what the tests read of the graph view
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-graph-view.h"

G_BEGIN_DECLS

/* The last message the view showed as a toast, or NULL. */
const char *_flt_graph_view_get_last_message (FltGraphView *self);
/* The popover of the last node menu, or NULL before the first. */
GtkWidget  *_flt_graph_view_get_menu         (FltGraphView *self);
/* Whether state changes are waiting for the next frame. */
gboolean    _flt_graph_view_get_apply_pending (FltGraphView *self);
/* How many times the canvas drew its edges layer anew. */
guint       _flt_graph_canvas_get_n_edge_draws (FltGraphCanvas *self);
/* Whether a worker is rasterizing the edges for a new zoom or scroll. */
gboolean    _flt_graph_canvas_get_edges_pending (FltGraphCanvas *self);

G_END_DECLS
