/* flt-export-dialog-private.h: what the tests may look at inside the export dialog
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "flt-export-dialog.h"

G_BEGIN_DECLS

/* How long the dialog waits after a change of the defaults or a host port
 * before it computes the export again: a spin button held down changes
 * its value many times a second. */
#define FLT_EXPORT_DIALOG_DEBOUNCE_MS 250

FltAwsExport        *_flt_export_dialog_get_export        (FltExportDialog *self);
const char          *_flt_export_dialog_get_page_name     (FltExportDialog *self);
const char          *_flt_export_dialog_get_invalid_text  (FltExportDialog *self);
GtkListBox          *_flt_export_dialog_get_warnings_list (FltExportDialog *self);
GtkSpinButton       *_flt_export_dialog_get_cpu_spin      (FltExportDialog *self);
GtkSpinButton       *_flt_export_dialog_get_mem_spin      (FltExportDialog *self);
GtkSpinButton       *_flt_export_dialog_get_port_spin     (FltExportDialog *self,
                                                           const char      *service,
                                                           guint            container_port);
char                *_flt_export_dialog_dup_preview       (FltExportDialog *self,
                                                           FltAwsFile       file);
GtkSourceView       *_flt_export_dialog_get_preview_view  (FltExportDialog *self,
                                                           FltAwsFile       file);
void                 _flt_export_dialog_show_file         (FltExportDialog *self,
                                                           FltAwsFile       file);
AdwMessageDialog    *_flt_export_dialog_get_question      (FltExportDialog *self);
const char * const  *_flt_export_dialog_get_written       (FltExportDialog *self);
const char          *_flt_export_dialog_get_error         (FltExportDialog *self);

G_END_DECLS
