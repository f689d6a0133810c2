/* flt-graph-view.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-core.h"
#include "flt-graph-canvas.h"
#include "flt-project-state.h"
#include "flt-stack-state.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_GRAPH_FORMAT_PNG,
  FLT_GRAPH_FORMAT_SVG,
  FLT_GRAPH_FORMAT_DOT,
} FltGraphFormat;

#define FLT_TYPE_GRAPH_VIEW (flt_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (FltGraphView, flt_graph_view, FLT, GRAPH_VIEW, GtkWidget)

GtkWidget      *flt_graph_view_new           (void);
void            flt_graph_view_set_workspace (FltGraphView        *self,
                                              FltWorkspace        *workspace);
void            flt_graph_view_set_state     (FltGraphView        *self,
                                              FltProjectState     *state);
void            flt_graph_view_set_stack_state (FltGraphView      *self,
                                              FltStackState       *stack_state);
FltGraph       *flt_graph_view_get_graph     (FltGraphView        *self);
FltGraphCanvas *flt_graph_view_get_canvas    (FltGraphView        *self);
void            flt_graph_view_select        (FltGraphView        *self,
                                              const char          *node_id);
const char     *flt_graph_view_get_selected  (FltGraphView        *self);
gboolean        flt_graph_view_connect       (FltGraphView        *self,
                                              const char          *source_id,
                                              const char          *target_id,
                                              GError             **error);
void            flt_graph_view_export_async  (FltGraphView        *self,
                                              GFile               *file,
                                              FltGraphFormat       format,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean        flt_graph_view_export_finish (FltGraphView        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean        flt_graph_format_from_string (const char          *name,
                                              FltGraphFormat      *format);

G_END_DECLS
