/* flt-list-row.h: one entry of a service's list in a list editor
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

/* Where a line under the row comes from; each holds at most one text. */
typedef enum
{
  FLT_ROW_MESSAGE_CHECK,    /* the fields as typed are wrong (error) */
  FLT_ROW_MESSAGE_WARNING,  /* the row's own warnings: conflicts, missing folders */
  FLT_ROW_MESSAGE_INFO,     /* explanations: resolved values, where they come from */
  FLT_ROW_MESSAGE_EDIT,     /* a refused edit (error) */
  FLT_ROW_N_MESSAGES
} FltRowMessage;

#define FLT_TYPE_LIST_ROW (flt_list_row_get_type ())
G_DECLARE_DERIVABLE_TYPE (FltListRow, flt_list_row, FLT, LIST_ROW, GtkListBoxRow)

/**
 * FltListRowClass:
 * @check: checks the fields as typed, marks the wrong ones and sets the
 *   %FLT_ROW_MESSAGE_CHECK message; returns whether they can be written
 * @apply: writes the fields to @document: @path is the entry's, or for a
 *   draft the list's (the row adds itself to it)
 * @show_synced: shows what the file holds, in the fields that have no focus
 * @set_editable: makes the fields (not the remove button) editable or not
 * @focus_first: puts the focus in the first field
 * @accept_diagnostic: whether a diagnostic of the entry is shown under it;
 *   rows that explain a problem better themselves leave it out
 */
struct _FltListRowClass
{
  GtkListBoxRowClass parent_class;

  gboolean (*check)             (FltListRow          *self);
  gboolean (*apply)             (FltListRow          *self,
                                 FltDocument         *document,
                                 const char          *path,
                                 GError             **error);
  void     (*show_synced)       (FltListRow          *self);
  void     (*set_editable)      (FltListRow          *self,
                                 gboolean             editable);
  void     (*focus_first)       (FltListRow          *self);
  gboolean (*accept_diagnostic) (FltListRow          *self,
                                 const FltDiagnostic *diagnostic);
};

const char *flt_list_row_get_path         (FltListRow          *self);
void        flt_list_row_set_path         (FltListRow          *self,
                                           const char          *path);
gboolean    flt_list_row_get_draft        (FltListRow          *self);
void        flt_list_row_set_draft        (FltListRow          *self,
                                           gboolean             draft);
gboolean    flt_list_row_get_dirty        (FltListRow          *self);
gboolean    flt_list_row_get_locked       (FltListRow          *self);
const char *flt_list_row_get_message      (FltListRow          *self,
                                           FltRowMessage        which);
void        flt_list_row_set_message      (FltListRow          *self,
                                           FltRowMessage        which,
                                           const char          *text);
void        flt_list_row_set_diagnostics  (FltListRow          *self,
                                           GPtrArray           *diagnostics);
GPtrArray  *flt_list_row_get_diagnostics  (FltListRow          *self);
gboolean    flt_list_row_has_diagnostic   (FltListRow          *self,
                                           FltDiagnosticKind    kind);
char       *flt_list_row_dup_all_messages (FltListRow          *self);

/* For subclasses */
void        flt_list_row_set_message_box  (FltListRow          *self,
                                           GtkBox              *box);
void        flt_list_row_set_remove_button (FltListRow         *self,
                                           GtkWidget           *button);
void        flt_list_row_set_environment  (FltListRow          *self,
                                           FltEnvironment      *environment,
                                           const char          *project_dir);
FltEnvironment *flt_list_row_get_environment (FltListRow       *self);
const char *flt_list_row_get_project_dir  (FltListRow          *self);
char       *flt_list_row_resolve          (FltListRow          *self,
                                           const char          *text);
void        flt_list_row_watch_editable   (FltListRow          *self,
                                           GtkEditable         *editable);
void        flt_list_row_value_changed    (FltListRow          *self);
void        flt_list_row_request_commit   (FltListRow          *self);
void        flt_list_row_request_remove   (FltListRow          *self);
gboolean    flt_list_row_sync_begin       (FltListRow          *self,
                                           const char          *path,
                                           const char          *raw);
void        flt_list_row_sync_end         (FltListRow          *self);
void        flt_list_row_set_text         (FltListRow          *self,
                                           GtkEditable         *editable,
                                           const char          *text);
gboolean    flt_list_row_is_updating      (FltListRow          *self);
void        flt_list_row_freeze_updates   (FltListRow          *self);
void        flt_list_row_thaw_updates     (FltListRow          *self);
void        flt_list_row_mark_field       (GtkWidget           *field,
                                           gboolean             wrong);

/* For the list editor */
void        flt_list_row_edit_failed      (FltListRow          *self,
                                           const GError        *error);
void        flt_list_row_edit_done        (FltListRow          *self);
gboolean    flt_list_row_take_pending_commit (FltListRow       *self);
gboolean    flt_list_row_take_pending_remove (FltListRow       *self);
void        flt_list_row_set_pending_commit (FltListRow        *self);
void        flt_list_row_set_pending_remove (FltListRow        *self);
gboolean    flt_list_row_check            (FltListRow          *self);

G_END_DECLS
