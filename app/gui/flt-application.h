/* flt-application.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FLT_TYPE_APPLICATION (flt_application_get_type ())
G_DECLARE_FINAL_TYPE (FltApplication, flt_application, FLT, APPLICATION, AdwApplication)

FltApplication *flt_application_new          (void);
GSettings      *flt_application_get_settings (FltApplication *self);

G_END_DECLS
