/* flt-workspace.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "flt-document.h"
#include "flt-project.h"

G_BEGIN_DECLS

#define FLT_TYPE_WORKSPACE (flt_workspace_get_type ())
G_DECLARE_FINAL_TYPE (FltWorkspace, flt_workspace, FLT, WORKSPACE, GObject)

FltWorkspace   *flt_workspace_new                  (FltDocument          *document,
                                                    FltEnvironment       *environment);
void            flt_workspace_load_async           (GFile                *file,
                                                    FltEnvironment       *environment,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
FltWorkspace   *flt_workspace_load_finish          (GAsyncResult         *result,
                                                    GError              **error);

FltDocument    *flt_workspace_get_document         (FltWorkspace         *self);
FltProject     *flt_workspace_get_project          (FltWorkspace         *self);
guint           flt_workspace_get_project_revision (FltWorkspace         *self);
gboolean        flt_workspace_get_busy             (FltWorkspace         *self);
GPtrArray      *flt_workspace_dup_diagnostics      (FltWorkspace         *self);
void            flt_workspace_refresh              (FltWorkspace         *self);
gboolean        flt_workspace_wait                 (FltWorkspace         *self,
                                                    guint                 timeout_ms);

G_END_DECLS
