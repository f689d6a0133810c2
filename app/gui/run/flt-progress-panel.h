/* flt-progress-panel.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-progress-row.h"

G_BEGIN_DECLS

#define FLT_TYPE_PROGRESS_PANEL (flt_progress_panel_get_type ())
G_DECLARE_FINAL_TYPE (FltProgressPanel, flt_progress_panel, FLT, PROGRESS_PANEL, GtkWidget)

FltProgressPanel *flt_progress_panel_new        (void);
void              flt_progress_panel_begin      (FltProgressPanel  *self,
                                                 const char        *title,
                                                 GCancellable      *cancellable);
void              flt_progress_panel_update     (FltProgressPanel  *self,
                                                 const FltProgress *progress);
void              flt_progress_panel_finish     (FltProgressPanel  *self,
                                                 const char        *title,
                                                 const GError      *error);
void              flt_progress_panel_cancelled  (FltProgressPanel  *self,
                                                 const char        *title);
gboolean          flt_progress_panel_get_busy   (FltProgressPanel  *self);
FltProgressRow   *flt_progress_panel_find_row   (FltProgressPanel  *self,
                                                 const char        *kind,
                                                 const char        *name);
const char       *flt_progress_panel_get_message (FltProgressPanel *self);

G_END_DECLS
