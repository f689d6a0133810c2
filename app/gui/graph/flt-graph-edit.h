/* flt-graph-edit.h: what drawing an edge in the graph writes into the file
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-core.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_GRAPH_EDIT_ERROR_UNSUPPORTED,   /* nothing to write for this pair of nodes */
  FLT_GRAPH_EDIT_ERROR_SELF,          /* a service onto itself */
  FLT_GRAPH_EDIT_ERROR_NOT_IN_FILE,   /* an orphan container, or a node the file lost */
  FLT_GRAPH_EDIT_ERROR_DUPLICATE,     /* the file says so already */
  FLT_GRAPH_EDIT_ERROR_CYCLE,         /* the services would wait for each other */
  FLT_GRAPH_EDIT_ERROR_NETWORK_MODE,  /* the service's network_mode keeps it off networks */
} FltGraphEditError;

#define FLT_GRAPH_EDIT_ERROR (flt_graph_edit_error_quark ())
GQuark   flt_graph_edit_error_quark (void);

gboolean flt_graph_edit_connect     (FltDocument  *document,
                                     FltProject   *project,
                                     const char   *source_id,
                                     const char   *target_id,
                                     char        **message,
                                     GError      **error);
gboolean flt_graph_edit_can_connect (FltProject   *project,
                                     const char   *source_id,
                                     const char   *target_id);

G_END_DECLS
