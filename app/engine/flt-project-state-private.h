/* flt-project-state-private.h: how events and inspections change the state
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worker thread turns what it reads into calls to these functions, made
 * in the state's main context; tests call them directly with recorded JSON.
 */

#pragma once

#include "flt-project-state.h"

G_BEGIN_DECLS

/* One /events value ({"Type","Action","Actor":{"ID","Attributes"},...}). */
void   _flt_project_state_apply_event           (FltProjectState *self,
                                                 JsonObject      *event);
/* `GET /containers/{id}/json`; @inspect %NULL: the container is gone. */
void   _flt_project_state_apply_container       (FltProjectState *self,
                                                 const char      *id,
                                                 JsonObject      *inspect);
/* `GET /networks/{id}`; @inspect %NULL: the network is gone. */
void   _flt_project_state_apply_network         (FltProjectState *self,
                                                 const char      *id,
                                                 JsonObject      *inspect);
/* One entry of `GET /volumes` or `GET /volumes/{name}`; %NULL: gone. */
void   _flt_project_state_apply_volume          (FltProjectState *self,
                                                 const char      *name,
                                                 JsonObject      *volume);
/* Everything at once, after (re)connecting: container inspections, network
 * inspections, volume entries.  What is not listed is removed. */
void   _flt_project_state_apply_resync          (FltProjectState *self,
                                                 JsonArray       *containers,
                                                 JsonArray       *networks,
                                                 JsonArray       *volumes);
void   _flt_project_state_set_connected         (FltProjectState *self,
                                                 gboolean         connected,
                                                 const char      *error);
/* The `timeNano` of the last event applied, in Unix microseconds, or 0. */
gint64 _flt_project_state_get_last_event_time   (FltProjectState *self);

G_END_DECLS
