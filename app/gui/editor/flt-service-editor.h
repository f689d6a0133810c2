/* flt-service-editor.h: the form of one service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

#define FLT_TYPE_SERVICE_EDITOR (flt_service_editor_get_type ())
G_DECLARE_FINAL_TYPE (FltServiceEditor, flt_service_editor, FLT, SERVICE_EDITOR, AdwBin)

FltServiceEditor *flt_service_editor_new              (void);
void              flt_service_editor_set_service      (FltServiceEditor *self,
                                                       FltWorkspace     *workspace,
                                                       const char       *service_name);
const char       *flt_service_editor_get_service_name (FltServiceEditor *self);
FltWorkspace     *flt_service_editor_get_workspace    (FltServiceEditor *self);
void              flt_service_editor_set_image_names  (FltServiceEditor *self,
                                                       GListModel       *names);
void              flt_service_editor_flush            (FltServiceEditor *self);

G_END_DECLS
