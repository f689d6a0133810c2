/* flt-ports-editor.h: the published ports of a service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-list-editor.h"
#include "flt-port-row.h"

G_BEGIN_DECLS

#define FLT_TYPE_PORTS_EDITOR (flt_ports_editor_get_type ())
G_DECLARE_FINAL_TYPE (FltPortsEditor, flt_ports_editor, FLT, PORTS_EDITOR, FltListEditor)

GtkWidget *flt_ports_editor_new         (void);
void       flt_ports_editor_set_service (FltPortsEditor *self,
                                         FltWorkspace   *workspace,
                                         const char     *service_name);

G_END_DECLS
