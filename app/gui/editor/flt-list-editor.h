/* flt-list-editor.h: a group of rows for one list of a service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"
#include "flt-list-row.h"

G_BEGIN_DECLS

#define FLT_TYPE_LIST_EDITOR (flt_list_editor_get_type ())
G_DECLARE_DERIVABLE_TYPE (FltListEditor, flt_list_editor, FLT, LIST_EDITOR, AdwPreferencesGroup)

/**
 * FltListEditorClass:
 * @list_key: the service's key the editor edits, e.g. "ports"
 * @add_action: the subclass's action that adds a row, e.g. "ports.add"
 * @create_row: a new, empty row of the subclass's kind
 * @prepare: before the rows are brought up to date (optional)
 * @get_n_entries: how many entries @service's list has
 * @dup_entry_path: the path of entry @index, e.g. `services.web.ports[1]`
 * @update_row: shows entry @index in @row (flt_list_row_sync_begin() ...
 *   flt_list_row_sync_end())
 * @refreshed: after the rows were brought up to date; @service may be %NULL
 */
struct _FltListEditorClass
{
  AdwPreferencesGroupClass parent_class;

  const char *list_key;
  const char *add_action;

  FltListRow *(*create_row)     (FltListEditor *self);
  void        (*prepare)        (FltListEditor *self,
                                 FltProject    *project,
                                 FltService    *service);
  guint       (*get_n_entries)  (FltListEditor *self,
                                 FltService    *service);
  char       *(*dup_entry_path) (FltListEditor *self,
                                 FltService    *service,
                                 guint          index);
  void        (*update_row)     (FltListEditor *self,
                                 FltListRow    *row,
                                 FltProject    *project,
                                 FltService    *service,
                                 guint          index,
                                 const char    *path);
  void        (*refreshed)      (FltListEditor *self,
                                 FltProject    *project,
                                 FltService    *service);
};

void          flt_list_editor_set_service       (FltListEditor *self,
                                                 FltWorkspace  *workspace,
                                                 const char    *service_name);
FltWorkspace *flt_list_editor_get_workspace     (FltListEditor *self);
const char   *flt_list_editor_get_service_name  (FltListEditor *self);
FltProject   *flt_list_editor_get_project       (FltListEditor *self);
FltService   *flt_list_editor_get_service       (FltListEditor *self);
char         *flt_list_editor_dup_list_path     (FltListEditor *self);
guint         flt_list_editor_get_n_rows        (FltListEditor *self);
FltListRow   *flt_list_editor_get_row           (FltListEditor *self,
                                                 guint          index);
FltListRow   *flt_list_editor_get_draft         (FltListEditor *self);
const char   *flt_list_editor_get_message       (FltListEditor *self);
void          flt_list_editor_refresh           (FltListEditor *self);
void          flt_list_editor_flush             (FltListEditor *self);

/* For subclasses */
void          flt_list_editor_set_placeholder_text (FltListEditor *self,
                                                 const char    *text);
void          flt_list_editor_append_draft      (FltListEditor *self,
                                                 FltListRow    *row);

G_END_DECLS
