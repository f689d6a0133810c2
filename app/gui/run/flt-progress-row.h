/* flt-progress-row.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-runner.h"

G_BEGIN_DECLS

#define FLT_TYPE_PROGRESS_ROW (flt_progress_row_get_type ())
G_DECLARE_FINAL_TYPE (FltProgressRow, flt_progress_row, FLT, PROGRESS_ROW, GtkListBoxRow)

FltProgressRow   *flt_progress_row_new       (const char        *kind,
                                              const char        *name);
void              flt_progress_row_update    (FltProgressRow    *self,
                                              const FltProgress *progress);
void              flt_progress_row_cancelled (FltProgressRow    *self);
const char       *flt_progress_row_get_text  (FltProgressRow    *self);
FltProgressState  flt_progress_row_get_state (FltProgressRow    *self);

G_END_DECLS
