/* flt-service-editor-private.h: what the tests may reach inside the service form
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-form.h"
#include "flt-service-editor.h"
#include "flt-suggestion-popover.h"

G_BEGIN_DECLS

FltForm              *_flt_service_editor_get_form              (FltServiceEditor *self);
FltSuggestionPopover *_flt_service_editor_get_image_suggestions (FltServiceEditor *self);
GtkWidget            *_flt_service_editor_get_dependency_row    (FltServiceEditor *self,
                                                                 const char       *service);
GtkWidget            *_flt_service_editor_get_link_row          (FltServiceEditor *self,
                                                                 guint             index,
                                                                 GtkWidget       **alias_entry);
GtkWidget            *_flt_service_editor_get_network_row       (FltServiceEditor *self,
                                                                 const char       *network,
                                                                 GtkWidget       **aliases_row,
                                                                 GtkWidget       **ipv4_row);
GtkWidget            *_flt_service_editor_get_env_file_row      (FltServiceEditor *self,
                                                                 guint             index);
void                  _flt_service_editor_use_context_folder    (FltServiceEditor *self,
                                                                 GFile            *folder);
void                  _flt_service_editor_add_env_file          (FltServiceEditor *self,
                                                                 GFile            *file);
void                  _flt_service_editor_remove_list_row       (FltServiceEditor *self,
                                                                 GtkWidget        *row);

G_END_DECLS
