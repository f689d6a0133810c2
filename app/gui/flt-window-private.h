/* flt-window-private.h: what the tests may look at inside a window
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-window.h"

G_BEGIN_DECLS

GtkListBox *_flt_window_get_services_list (FltWindow *self);
GtkListBox *_flt_window_get_problems_list (FltWindow *self);
const char *_flt_window_get_page_name     (FltWindow *self);

G_END_DECLS
