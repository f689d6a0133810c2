/* flt-patch.c: a set of text replacements, the unit of every edit and undo
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-patch.h"

struct _FltPatch
{
  grefcount ref_count;
  char *description;
  GArray *replacements;  /* FltReplacement, kept sorted by offset */
};

G_DEFINE_BOXED_TYPE (FltPatch, flt_patch, flt_patch_ref, flt_patch_unref)
G_DEFINE_QUARK (flt-patch-error-quark, flt_patch_error)

static void
clear_replacement (gpointer data)
{
  FltReplacement *r = data;

  g_free (r->text);
}

FltPatch *
flt_patch_new (const char *description)
{
  FltPatch *self = g_new0 (FltPatch, 1);

  g_ref_count_init (&self->ref_count);
  self->description = g_strdup (description);
  self->replacements = g_array_new (FALSE, TRUE, sizeof (FltReplacement));
  g_array_set_clear_func (self->replacements, clear_replacement);

  return self;
}

FltPatch *
flt_patch_ref (FltPatch *self)
{
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
flt_patch_unref (FltPatch *self)
{
  if (g_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->replacements);
      g_free (self->description);
      g_free (self);
    }
}

/* Replacements may be added in any order; they must not overlap. */
void
flt_patch_replace (FltPatch   *self,
                   gsize       offset,
                   gsize       length,
                   const char *text)
{
  flt_patch_replace_len (self, offset, length, text ? text : "", text ? strlen (text) : 0);
}

/**
 * flt_patch_replace_len:
 * @text: (array length=text_length): the bytes to insert, which may hold
 *   NUL bytes (text typed or reloaded as it is)
 *
 * Like flt_patch_replace(), for text that is not a C string.
 */
void
flt_patch_replace_len (FltPatch   *self,
                       gsize       offset,
                       gsize       length,
                       const char *text,
                       gsize       text_length)
{
  FltReplacement r = { offset, length, NULL, text_length };
  guint i = self->replacements->len;

  r.text = g_malloc (text_length + 1);
  if (text_length > 0)
    memcpy (r.text, text, text_length);
  r.text[text_length] = '\0';

  while (i > 0 && g_array_index (self->replacements, FltReplacement, i - 1).offset > offset)
    i--;
  g_array_insert_val (self->replacements, i, r);
}

guint
flt_patch_get_n_replacements (FltPatch *self)
{
  return self->replacements->len;
}

const FltReplacement *
flt_patch_get_replacement (FltPatch *self,
                           guint     index)
{
  g_return_val_if_fail (index < self->replacements->len, NULL);

  return &g_array_index (self->replacements, FltReplacement, index);
}

const char *
flt_patch_get_description (FltPatch *self)
{
  return self->description;
}

gboolean
flt_patch_is_empty (FltPatch *self)
{
  for (guint i = 0; i < self->replacements->len; i++)
    {
      const FltReplacement *r = &g_array_index (self->replacements, FltReplacement, i);

      if (r->length > 0 || r->text_length > 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
flt_patch_check (FltPatch  *self,
                 gsize      text_length,
                 GError   **error)
{
  gsize previous_end = 0;

  for (guint i = 0; i < self->replacements->len; i++)
    {
      const FltReplacement *r = &g_array_index (self->replacements, FltReplacement, i);

      /* Written so that a length from a subtraction gone negative cannot
       * wrap around and pass. */
      if (r->offset < previous_end || r->offset > text_length || r->length > text_length - r->offset)
        {
          g_set_error (error, FLT_PATCH_ERROR, FLT_PATCH_ERROR_OVERLAP,
                       /* Translators: a bug of ours, shown instead of a broken edit */
                       _("the edit does not fit the text (change %u at byte %lu); "
                         "nothing was changed; please report this as a bug"),
                       i, (unsigned long) r->offset);
          return FALSE;
        }
      previous_end = r->offset + r->length;
    }
  return TRUE;
}

/**
 * flt_patch_apply:
 *
 * Returns: (transfer full): the patched text, NUL-terminated
 */
char *
flt_patch_apply (FltPatch   *self,
                 const char *text,
                 gsize       length,
                 gsize      *out_length)
{
  GString *out = g_string_sized_new (length + 64);
  gsize pos = 0;

  for (guint i = 0; i < self->replacements->len; i++)
    {
      const FltReplacement *r = &g_array_index (self->replacements, FltReplacement, i);

      g_string_append_len (out, text + pos, r->offset - pos);
      g_string_append_len (out, r->text, r->text_length);
      pos = r->offset + r->length;
    }
  g_string_append_len (out, text + pos, length - pos);

  if (out_length != NULL)
    *out_length = out->len;
  return g_string_free (out, FALSE);
}

/**
 * flt_patch_invert:
 * @text: the text @self applies to
 *
 * Returns: (transfer full): the patch that turns the patched text back into
 *   @text
 */
FltPatch *
flt_patch_invert (FltPatch   *self,
                  const char *text)
{
  FltPatch *inverse = flt_patch_new (self->description);
  gssize shift = 0;

  for (guint i = 0; i < self->replacements->len; i++)
    {
      const FltReplacement *r = &g_array_index (self->replacements, FltReplacement, i);
      gsize inserted = r->text_length;

      flt_patch_replace_len (inverse, r->offset + shift, inserted, text + r->offset, r->length);
      shift += (gssize) inserted - (gssize) r->length;
    }

  return inverse;
}
