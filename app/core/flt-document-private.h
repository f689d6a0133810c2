/* flt-document-private.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-document.h"

G_BEGIN_DECLS

gboolean _flt_document_apply_patch (FltDocument  *self,
                                    FltPatch     *patch,
                                    gboolean      must_parse,
                                    GError      **error);

G_END_DECLS
