/* flt-text.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "flt-diagnostic.h"

G_BEGIN_DECLS

char       *flt_text_sentence       (const char  *message);
const char *flt_text_severity_class (FltSeverity  severity);

G_END_DECLS
