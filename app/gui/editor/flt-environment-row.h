/* flt-environment-row.h: one variable of a service's environment
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-list-row.h"

G_BEGIN_DECLS

#define FLT_TYPE_ENVIRONMENT_ROW (flt_environment_row_get_type ())
G_DECLARE_FINAL_TYPE (FltEnvironmentRow, flt_environment_row, FLT, ENVIRONMENT_ROW, FltListRow)

FltEnvironmentRow *flt_environment_row_new           (gboolean            map_form);
void               flt_environment_row_set_context   (FltEnvironmentRow  *self,
                                                      FltEnvironment     *environment,
                                                      const char         *project_dir);
void               flt_environment_row_update        (FltEnvironmentRow  *self,
                                                      const char         *path,
                                                      const FltNode      *key,
                                                      const FltNode      *item);
void               flt_environment_row_set_duplicate (FltEnvironmentRow  *self,
                                                      gboolean            duplicate);
const char        *flt_environment_row_get_name      (FltEnvironmentRow  *self);
gboolean           flt_environment_row_get_map_form  (FltEnvironmentRow  *self);
gboolean           flt_environment_row_get_passed_through (FltEnvironmentRow *self);
GtkEditable       *flt_environment_row_get_name_entry  (FltEnvironmentRow *self);
GtkEditable       *flt_environment_row_get_value_entry (FltEnvironmentRow *self);

G_END_DECLS
