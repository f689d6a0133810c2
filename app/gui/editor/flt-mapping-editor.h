/* flt-mapping-editor.h: NAME=value rows for labels, build args, driver options
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-form.h"

G_BEGIN_DECLS

#define FLT_TYPE_MAPPING_EDITOR (flt_mapping_editor_get_type ())
G_DECLARE_FINAL_TYPE (FltMappingEditor, flt_mapping_editor, FLT, MAPPING_EDITOR, AdwPreferencesGroup)

void        flt_mapping_editor_bind          (FltMappingEditor *self,
                                              FltForm          *form,
                                              const char       *subpath);
const char *flt_mapping_editor_get_add_title (FltMappingEditor *self);
void        flt_mapping_editor_set_add_title (FltMappingEditor *self,
                                              const char       *add_title);
GtkWidget  *flt_mapping_editor_get_row       (FltMappingEditor *self,
                                              const char       *name);
GtkWidget  *flt_mapping_editor_get_add_row   (FltMappingEditor *self);
guint       flt_mapping_editor_get_n_rows    (FltMappingEditor *self);
void        flt_mapping_editor_remove        (FltMappingEditor *self,
                                              const char       *name);

G_END_DECLS
