/* flt-document-private.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-document.h"

G_BEGIN_DECLS

/* A copy of what a save writes, so that the write can happen in a thread. */
typedef struct
{
  char *path;
  char *display_name;
  char *text;
  gsize length;
  char *disk_text;          /* what the file should still hold */
  gsize disk_length;
  gboolean check_disk;
} FltSaveSnapshot;

gboolean         _flt_document_apply_patch      (FltDocument      *self,
                                                 FltPatch         *patch,
                                                 gboolean          must_parse,
                                                 GError          **error);

/* Whether @tree is in the legacy (version 1) format, services at the top. */
gboolean         _flt_tree_is_legacy            (FltTree          *tree);

/* Says whether the tree of the patched text holds what the edit meant to
 * write; the patch is refused when it does not. */
typedef gboolean (*FltPatchCheckFunc)                (FltTree          *tree,
                                                 gpointer          user_data);

gboolean         _flt_document_apply_patch_checked (FltDocument   *self,
                                                 FltPatch         *patch,
                                                 gboolean          must_parse,
                                                 FltPatchCheckFunc check,
                                                 gpointer          user_data,
                                                 gboolean         *rejected,
                                                 GError          **error);
FltDocument     *_flt_document_load_path        (const char       *path,
                                                 GError          **error);
FltSaveSnapshot *_flt_document_snapshot         (FltDocument      *self,
                                                 const char       *path,
                                                 FltSaveFlags      flags,
                                                 GError          **error);
gboolean         _flt_save_snapshot_write       (FltSaveSnapshot  *snapshot,
                                                 GError          **error);
void             _flt_save_snapshot_free        (FltSaveSnapshot  *snapshot);
void             _flt_document_commit_snapshot  (FltDocument      *self,
                                                 FltSaveSnapshot  *snapshot);
GFile          **_flt_document_file_slot        (FltDocument      *self);

G_END_DECLS
