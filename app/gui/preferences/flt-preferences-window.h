/* flt-preferences-window.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FLT_TYPE_PREFERENCES_WINDOW (flt_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FltPreferencesWindow, flt_preferences_window, FLT, PREFERENCES_WINDOW, AdwPreferencesWindow)

FltPreferencesWindow *flt_preferences_window_new (GtkWindow *parent,
                                                  GSettings *settings);

G_END_DECLS
