/* flt-renderer.h: which of GTK's renderers draws the windows
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean     flt_renderer_has_gpu          (const char *dev_dir);
const char  *flt_renderer_choose           (const char *dev_dir);

G_END_DECLS
