/* flt-export-dialog.h: Export → AWS ECS…, the files shown before they are written
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

#define FLT_TYPE_EXPORT_DIALOG (flt_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FltExportDialog, flt_export_dialog, FLT, EXPORT_DIALOG, AdwWindow)

FltExportDialog *flt_export_dialog_new         (GtkWindow       *parent,
                                                FltProject      *project,
                                                GSettings       *settings);
FltProject      *flt_export_dialog_get_project (FltExportDialog *self);
GFile           *flt_export_dialog_get_folder  (FltExportDialog *self);
void             flt_export_dialog_set_folder  (FltExportDialog *self,
                                                GFile           *folder);
gboolean         flt_export_dialog_get_busy    (FltExportDialog *self);

G_END_DECLS
