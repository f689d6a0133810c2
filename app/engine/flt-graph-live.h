/* flt-graph-live.h: the graph's live part, from the engine
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-graph.h"
#include "flt-project-state.h"

G_BEGIN_DECLS

/* Keeps @graph's live part equal to @state: replicas and their
 * states/health, IPs and aliases on network edges, network subnets,
 * orphans.  Call on the state's change signals; finishes well under a
 * frame for 200 services. */
void flt_graph_apply_state (FltGraph        *graph,
                            FltProjectState *state);

G_END_DECLS
