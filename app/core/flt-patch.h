/* flt-patch.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * FltReplacement:
 * @offset: byte offset in the text before the patch
 * @length: bytes removed there
 * @text: what is inserted instead, NUL-terminated
 * @text_length: the length of @text in bytes; typed or reloaded text may
 *   hold NUL bytes of its own, so use this rather than strlen()
 */
typedef struct
{
  gsize offset;
  gsize length;
  char *text;
  gsize text_length;
} FltReplacement;

typedef struct _FltPatch FltPatch;

typedef enum
{
  FLT_PATCH_ERROR_OVERLAP,   /* replacements overlap or run past the text */
} FltPatchError;

#define FLT_PATCH_ERROR (flt_patch_error_quark ())
GQuark    flt_patch_error_quark     (void);

#define FLT_TYPE_PATCH (flt_patch_get_type ())
GType     flt_patch_get_type        (void) G_GNUC_CONST;

FltPatch *flt_patch_new             (const char     *description);
FltPatch *flt_patch_ref             (FltPatch       *self);
void      flt_patch_unref           (FltPatch       *self);
void      flt_patch_replace         (FltPatch       *self,
                                     gsize           offset,
                                     gsize           length,
                                     const char     *text);
void      flt_patch_replace_len     (FltPatch       *self,
                                     gsize           offset,
                                     gsize           length,
                                     const char     *text,
                                     gsize           text_length);
guint     flt_patch_get_n_replacements (FltPatch    *self);
const FltReplacement *flt_patch_get_replacement (FltPatch *self,
                                     guint           index);
const char *flt_patch_get_description (FltPatch     *self);
gboolean  flt_patch_is_empty        (FltPatch       *self);
gboolean  flt_patch_check           (FltPatch       *self,
                                     gsize           text_length,
                                     GError        **error);
char     *flt_patch_apply           (FltPatch       *self,
                                     const char     *text,
                                     gsize           length,
                                     gsize          *out_length);
FltPatch *flt_patch_invert          (FltPatch       *self,
                                     const char     *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltPatch, flt_patch_unref)

G_END_DECLS
