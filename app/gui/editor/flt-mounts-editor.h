/* flt-mounts-editor.h: the volumes of a service: bind mounts, named and
 * anonymous volumes
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-list-editor.h"
#include "flt-mount-row.h"

G_BEGIN_DECLS

#define FLT_TYPE_MOUNTS_EDITOR (flt_mounts_editor_get_type ())
G_DECLARE_FINAL_TYPE (FltMountsEditor, flt_mounts_editor, FLT, MOUNTS_EDITOR, FltListEditor)

GtkWidget *flt_mounts_editor_new         (void);
void       flt_mounts_editor_set_service (FltMountsEditor *self,
                                          FltWorkspace    *workspace,
                                          const char      *service_name);
void       flt_mounts_editor_add         (FltMountsEditor *self,
                                          FltMountType     kind);

G_END_DECLS
