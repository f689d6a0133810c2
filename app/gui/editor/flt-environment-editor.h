/* flt-environment-editor.h: the environment variables of a service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-environment-row.h"
#include "flt-list-editor.h"

G_BEGIN_DECLS

#define FLT_TYPE_ENVIRONMENT_EDITOR (flt_environment_editor_get_type ())
G_DECLARE_FINAL_TYPE (FltEnvironmentEditor, flt_environment_editor, FLT, ENVIRONMENT_EDITOR, FltListEditor)

GtkWidget  *flt_environment_editor_new                  (void);
void        flt_environment_editor_set_service          (FltEnvironmentEditor *self,
                                                         FltWorkspace         *workspace,
                                                         const char           *service_name);
gboolean    flt_environment_editor_get_env_files_loaded (FltEnvironmentEditor *self);
GtkListBox *flt_environment_editor_get_env_file_list    (FltEnvironmentEditor *self);

G_END_DECLS
