/* flt-mount-row.h: one volume of a service: a bind mount, a named or an
 * anonymous volume
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-list-row.h"

G_BEGIN_DECLS

#define FLT_TYPE_MOUNT_ROW (flt_mount_row_get_type ())
G_DECLARE_FINAL_TYPE (FltMountRow, flt_mount_row, FLT, MOUNT_ROW, FltListRow)

FltMountRow  *flt_mount_row_new            (FltMountType         kind);
void          flt_mount_row_set_context    (FltMountRow         *self,
                                            FltEnvironment      *environment,
                                            const char          *project_dir,
                                            const char * const  *declared_volumes);
void          flt_mount_row_update         (FltMountRow         *self,
                                            const char          *path,
                                            const FltNode       *item,
                                            const FltMount      *mount);
FltMountType  flt_mount_row_get_kind       (FltMountRow         *self);
gboolean      flt_mount_row_get_long_syntax (FltMountRow        *self);
GtkEditable  *flt_mount_row_get_host_path  (FltMountRow         *self);
GtkEditable  *flt_mount_row_get_target     (FltMountRow         *self);
GtkDropDown  *flt_mount_row_get_volume     (FltMountRow         *self);
GtkSwitch    *flt_mount_row_get_read_only  (FltMountRow         *self);
gboolean      flt_mount_row_get_folder_checked (FltMountRow     *self);

G_END_DECLS
