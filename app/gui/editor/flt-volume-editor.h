/* flt-volume-editor.h: the form of one top-level volume
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

#define FLT_TYPE_VOLUME_EDITOR (flt_volume_editor_get_type ())
G_DECLARE_FINAL_TYPE (FltVolumeEditor, flt_volume_editor, FLT, VOLUME_EDITOR, AdwBin)

FltVolumeEditor *flt_volume_editor_new             (void);
void             flt_volume_editor_set_volume      (FltVolumeEditor *self,
                                                    FltWorkspace    *workspace,
                                                    const char      *name);
const char      *flt_volume_editor_get_volume_name (FltVolumeEditor *self);
void             flt_volume_editor_flush           (FltVolumeEditor *self);

G_END_DECLS
