/* flt-stack-graph.h: a stack's tasks on the project's graph
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-graph.h"
#include "flt-stack.h"

G_BEGIN_DECLS

FltGraphState flt_task_state_to_graph_state (FltTaskState  state);
void          flt_graph_apply_stack         (FltGraph     *graph,
                                             GPtrArray    *tasks);

G_END_DECLS
