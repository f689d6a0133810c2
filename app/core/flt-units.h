/* flt-units.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FLT_UNITS_ERROR_INVALID,       /* not a duration or size at all */
  FLT_UNITS_ERROR_OUT_OF_RANGE,  /* does not fit in 64 bits */
} FltUnitsError;

#define FLT_UNITS_ERROR (flt_units_error_quark ())
GQuark   flt_units_error_quark (void);

gboolean flt_parse_duration    (const char  *text,
                                gint64      *out_nanoseconds,
                                GError     **error);
char    *flt_format_duration   (gint64       nanoseconds);
gboolean flt_parse_size        (const char  *text,
                                gint64      *out_bytes,
                                GError     **error);

G_END_DECLS
