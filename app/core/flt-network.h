/* flt-network.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "flt-compose-types.h"

G_BEGIN_DECLS

#define FLT_TYPE_NETWORK (flt_network_get_type ())
G_DECLARE_FINAL_TYPE (FltNetwork, flt_network, FLT, NETWORK, GObject)

/* A top-level network, including the implicit `default` network. */

const char    *flt_network_get_key         (FltNetwork *self);
const char    *flt_network_get_name        (FltNetwork *self);
const char    *flt_network_get_path        (FltNetwork *self);
const FltNode *flt_network_get_node        (FltNetwork *self);
const char    *flt_network_get_driver      (FltNetwork *self);
gboolean       flt_network_get_external    (FltNetwork *self);
gboolean       flt_network_get_internal    (FltNetwork *self);
gboolean       flt_network_get_attachable  (FltNetwork *self);
gboolean       flt_network_get_enable_ipv6 (FltNetwork *self);
gboolean       flt_network_get_implicit    (FltNetwork *self);
const char * const *flt_network_get_subnets (FltNetwork *self);
GPtrArray     *flt_network_get_labels      (FltNetwork *self);

G_END_DECLS
