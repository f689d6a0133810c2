/* flt-document.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "flt-diagnostic.h"
#include "flt-patch.h"
#include "flt-tree.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_DOCUMENT_ERROR_SYNTAX,          /* the text does not parse: fix it first */
  FLT_DOCUMENT_ERROR_NOT_FOUND,       /* the path names nothing */
  FLT_DOCUMENT_ERROR_INVALID_PATH,
  FLT_DOCUMENT_ERROR_WRONG_KIND,      /* e.g. `add` on something that is not a list */
  FLT_DOCUMENT_ERROR_SHARED,          /* the value comes from an anchor others use too */
  FLT_DOCUMENT_ERROR_INHERITED,       /* the value comes from a merge key (<<) */
  FLT_DOCUMENT_ERROR_EXISTS,
  FLT_DOCUMENT_ERROR_INVALID_NAME,
  FLT_DOCUMENT_ERROR_INVALID_VALUE,
  FLT_DOCUMENT_ERROR_CHANGED_ON_DISK, /* refusing to overwrite someone else's change */
  FLT_DOCUMENT_ERROR_NOTHING_TO_UNDO,
  FLT_DOCUMENT_ERROR_NOT_REGULAR,
  FLT_DOCUMENT_ERROR_TOO_LARGE,
} FltDocumentError;

#define FLT_DOCUMENT_ERROR (flt_document_error_quark ())
GQuark flt_document_error_quark (void);

/* Files larger than this are refused.  Real compose files are a few
 * hundred KB at most; a 10 MB one (65,000 services) is read, derived and
 * validated in about a second of CPU and 420 MB, and this bounds what any
 * file can cost at about 1.6 times that. */
#define FLT_DOCUMENT_MAX_SIZE (16 * 1024 * 1024)

typedef enum
{
  FLT_EDIT_NONE = 0,
  FLT_EDIT_YAML = 1 << 0,      /* the value is YAML text (a mapping, a list...), not a string */
} FltEditFlags;

typedef enum
{
  FLT_SAVE_NONE = 0,
  FLT_SAVE_FORCE = 1 << 0,     /* overwrite even if the file changed on disk */
} FltSaveFlags;

#define FLT_TYPE_DOCUMENT (flt_document_get_type ())
G_DECLARE_FINAL_TYPE (FltDocument, flt_document, FLT, DOCUMENT, GObject)

FltDocument         *flt_document_new                (const char          *text,
                                                      gssize               length,
                                                      const char          *display_name);
FltDocument         *flt_document_new_for_file       (GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
FltDocument         *flt_document_new_for_path       (const char          *path,
                                                      GError             **error);
void                 flt_document_load_async         (GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
FltDocument         *flt_document_load_finish        (GAsyncResult        *result,
                                                      GError             **error);

GFile               *flt_document_get_file           (FltDocument         *self);
const char          *flt_document_get_path           (FltDocument         *self);
const char          *flt_document_get_display_name   (FltDocument         *self);
const char          *flt_document_get_text           (FltDocument         *self,
                                                      gsize               *length);
FltTree             *flt_document_get_tree           (FltDocument         *self);
FltDiagnostic       *flt_document_get_syntax_error   (FltDocument         *self);
gboolean             flt_document_get_modified       (FltDocument         *self);
guint                flt_document_get_revision       (FltDocument         *self);
const char          *flt_document_get_newline        (FltDocument         *self);
gboolean             flt_document_is_legacy          (FltDocument         *self);

gboolean             flt_document_apply              (FltDocument         *self,
                                                      FltPatch            *patch,
                                                      GError             **error);
void                 flt_document_set_text           (FltDocument         *self,
                                                      const char          *text,
                                                      gssize               length);
gboolean             flt_document_can_undo           (FltDocument         *self);
gboolean             flt_document_can_redo           (FltDocument         *self);
gboolean             flt_document_undo               (FltDocument         *self);
gboolean             flt_document_redo               (FltDocument         *self);

gboolean             flt_document_save_to_path       (FltDocument         *self,
                                                      const char          *path,
                                                      FltSaveFlags         flags,
                                                      GError             **error);
gboolean             flt_document_save               (FltDocument         *self,
                                                      GFile               *file,
                                                      FltSaveFlags         flags,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void                 flt_document_save_async         (FltDocument         *self,
                                                      GFile               *file,
                                                      FltSaveFlags         flags,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean             flt_document_save_finish        (FltDocument         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
gboolean             flt_document_is_saved_text      (FltDocument         *self,
                                                      const char          *text,
                                                      gsize                length);
void                 flt_document_reload_text        (FltDocument         *self,
                                                      const char          *text,
                                                      gssize               length);
gboolean             flt_document_changed_on_disk    (FltDocument         *self,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

/* Edits (flt-document-edit.c).  Each one is a minimal patch and one undo
 * step; on error the text is unchanged. */
const FltNode       *flt_document_lookup             (FltDocument         *self,
                                                      const char          *path,
                                                      GError             **error);
gboolean             flt_document_set_value          (FltDocument         *self,
                                                      const char          *path,
                                                      const char          *value,
                                                      FltEditFlags         flags,
                                                      GError             **error);
gboolean             flt_document_add_item           (FltDocument         *self,
                                                      const char          *path,
                                                      const char          *value,
                                                      FltEditFlags         flags,
                                                      GError             **error);
gboolean             flt_document_remove             (FltDocument         *self,
                                                      const char          *path,
                                                      GError             **error);
gboolean             flt_document_add_service        (FltDocument         *self,
                                                      const char          *name,
                                                      const char          *image,
                                                      GError             **error);
gboolean             flt_document_remove_service     (FltDocument         *self,
                                                      const char          *name,
                                                      GError             **error);
gboolean             flt_document_duplicate_service  (FltDocument         *self,
                                                      const char          *name,
                                                      const char          *new_name,
                                                      GError             **error);
gboolean             flt_document_rename_service     (FltDocument         *self,
                                                      const char          *old_name,
                                                      const char          *new_name,
                                                      GError             **error);

G_END_DECLS
