/* flt-stack-state.h: a stack on a Swarm as it is now, kept up to date
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-service-status.h"
#include "flt-stack.h"

G_BEGIN_DECLS

/* How often the state asks while Swarm is still moving tasks, and once
 * everything it wants is running. */
#define FLT_STACK_STATE_BUSY_MS   1000
#define FLT_STACK_STATE_SETTLED_MS 4000

#define FLT_TYPE_STACK_STATE (flt_stack_state_get_type ())
G_DECLARE_FINAL_TYPE (FltStackState, flt_stack_state, FLT, STACK_STATE, GObject)

FltStackState *flt_stack_state_new                (FltEngine        *engine,
                                                   const char       *name);
const char    *flt_stack_state_get_name           (FltStackState    *self);
FltEngine     *flt_stack_state_get_engine         (FltStackState    *self);
void           flt_stack_state_start              (FltStackState    *self);
void           flt_stack_state_stop               (FltStackState    *self);
void           flt_stack_state_refresh            (FltStackState    *self);
gboolean       flt_stack_state_is_known           (FltStackState    *self);
gboolean       flt_stack_state_is_deployed        (FltStackState    *self);
const char    *flt_stack_state_get_error          (FltStackState    *self);
GPtrArray     *flt_stack_state_get_services       (FltStackState    *self);
GPtrArray     *flt_stack_state_get_tasks          (FltStackState    *self);
gboolean       flt_stack_state_get_service_status (FltStackState    *self,
                                                   const char       *service,
                                                   FltServiceStatus *status);
char          *flt_stack_state_dup_service_names  (FltStackState    *self);

/* The pure parts, for the tests. */
void           flt_stack_service_status_compute   (FltServiceStatus *status,
                                                   const FltStackService *service,
                                                   GPtrArray        *tasks);
guint          flt_stack_state_next_interval      (GPtrArray        *services,
                                                   GPtrArray        *tasks);
char          *flt_stack_state_fingerprint        (GPtrArray        *services,
                                                   GPtrArray        *tasks);

G_END_DECLS
