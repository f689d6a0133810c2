/* flt-service-row.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-service-status.h"

G_BEGIN_DECLS

#define FLT_TYPE_SERVICE_ROW (flt_service_row_get_type ())
G_DECLARE_FINAL_TYPE (FltServiceRow, flt_service_row, FLT, SERVICE_ROW, GtkListBoxRow)

FltServiceRow *flt_service_row_new        (const char             *name);
const char    *flt_service_row_get_name   (FltServiceRow          *self);
void           flt_service_row_set_image  (FltServiceRow          *self,
                                           const char             *image);
void           flt_service_row_set_status (FltServiceRow          *self,
                                           const FltServiceStatus *status);
const char    *flt_service_row_get_status_text (FltServiceRow     *self);
FltServiceStatusKind flt_service_row_get_status_kind (FltServiceRow *self);

G_END_DECLS
