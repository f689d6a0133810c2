/* flt-yaml-view.h: the compose file as text, kept in step with the document
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

#define FLT_TYPE_YAML_VIEW (flt_yaml_view_get_type ())
G_DECLARE_FINAL_TYPE (FltYamlView, flt_yaml_view, FLT, YAML_VIEW, AdwBin)

GtkWidget    *flt_yaml_view_new             (void);
void          flt_yaml_view_set_workspace   (FltYamlView         *self,
                                             FltWorkspace        *workspace);
FltWorkspace *flt_yaml_view_get_workspace   (FltYamlView         *self);
void          flt_yaml_view_flush           (FltYamlView         *self);
gboolean      flt_yaml_view_has_pending     (FltYamlView         *self);
void          flt_yaml_view_goto            (FltYamlView         *self,
                                             guint                line,
                                             guint                column);
void          flt_yaml_view_select_span     (FltYamlView         *self,
                                             gsize                offset,
                                             gsize                length);
gboolean      flt_yaml_view_show_diagnostic (FltYamlView         *self,
                                             const FltDiagnostic *diagnostic);

G_END_DECLS
