/* flt-diagnostics-list-private.h: what the tests may look at inside the list
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-diagnostics-list.h"

G_BEGIN_DECLS

GtkListBox *_flt_diagnostics_list_get_list_box  (FltDiagnosticsList *self);
const char *_flt_diagnostics_list_get_page_name (FltDiagnosticsList *self);

G_END_DECLS
