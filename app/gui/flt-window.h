/* flt-window.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

#define FLT_TYPE_WINDOW (flt_window_get_type ())
G_DECLARE_FINAL_TYPE (FltWindow, flt_window, FLT, WINDOW, AdwApplicationWindow)

FltWindow    *flt_window_new           (GtkApplication *application,
                                        GSettings      *settings);
void          flt_window_open          (FltWindow      *self,
                                        GFile          *file);
void          flt_window_new_document  (FltWindow      *self);
GFile        *flt_window_get_file      (FltWindow      *self);
FltWorkspace *flt_window_get_workspace (FltWindow      *self);
FltProject   *flt_window_get_project   (FltWindow      *self);
gboolean      flt_window_get_loading   (FltWindow      *self);
gboolean      flt_window_is_empty      (FltWindow      *self);

G_END_DECLS
