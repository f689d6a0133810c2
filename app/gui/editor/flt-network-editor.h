/* flt-network-editor.h: the form of one top-level network
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

#define FLT_TYPE_NETWORK_EDITOR (flt_network_editor_get_type ())
G_DECLARE_FINAL_TYPE (FltNetworkEditor, flt_network_editor, FLT, NETWORK_EDITOR, AdwBin)

FltNetworkEditor *flt_network_editor_new              (void);
void              flt_network_editor_set_network      (FltNetworkEditor *self,
                                                       FltWorkspace     *workspace,
                                                       const char       *name);
const char       *flt_network_editor_get_network_name (FltNetworkEditor *self);
void              flt_network_editor_flush            (FltNetworkEditor *self);

G_END_DECLS
