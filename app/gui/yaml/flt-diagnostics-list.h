/* flt-diagnostics-list.h: the problems of the open file, to jump to
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

#define FLT_TYPE_DIAGNOSTICS_LIST (flt_diagnostics_list_get_type ())
G_DECLARE_FINAL_TYPE (FltDiagnosticsList, flt_diagnostics_list, FLT, DIAGNOSTICS_LIST, AdwBin)

GtkWidget    *flt_diagnostics_list_new            (void);
void          flt_diagnostics_list_set_workspace  (FltDiagnosticsList *self,
                                                   FltWorkspace       *workspace);
FltWorkspace *flt_diagnostics_list_get_workspace  (FltDiagnosticsList *self);
guint         flt_diagnostics_list_get_n_errors   (FltDiagnosticsList *self);
guint         flt_diagnostics_list_get_n_warnings (FltDiagnosticsList *self);
char         *flt_diagnostics_list_dup_summary    (FltDiagnosticsList *self);

G_END_DECLS
