/* fuzz-interpolate.c: variable interpolation
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Input: one byte of options, then the text (up to a NUL byte, which a C
 * string cannot hold).
 *
 *   bit 0   look variables up in a small table (else: every one is unset)
 *   bit 1   ask for the references
 *
 * Checked: a result or an error, never both; errors point at a "$" of the
 * text and have a message fit to show; references point at "$"s inside the
 * text; a text without references comes back unchanged; and a text with
 * every "$" doubled comes back as the text itself.
 */

#include <string.h>

#include "flt-fuzz.h"
#include "flt-interpolate.h"

static const struct
{
  const char *name;
  const char *value;
} variables[] = {
  { "A", "a" },
  { "EMPTY", "" },
  { "DOLLAR", "$A ${B} $$" },
  { "BRACE", "}{" },
  { "UNICODE", "\xc3\xa9t\xc3\xa9" },
  { "NEWLINE", "one\ntwo" },
  { "TAG", "1.27" },
  { "k", "kelvin" },
};

static const char *
lookup (const char        *name,
        FltVariableSource *source,
        gpointer           user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    if (strcmp (variables[i].name, name) == 0)
      {
        *source = FLT_VARIABLE_FROM_ENVIRONMENT;
        return variables[i].value;
      }
  return NULL;
}

static void
check_one (const char *input,
           gboolean    use_lookup,
           gboolean    want_refs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autofree char *result = NULL;
  gsize length = strlen (input);
  gsize error_offset = G_MAXSIZE;

  result = flt_interpolate_with_lookup (input, use_lookup ? lookup : NULL, NULL,
                                        want_refs ? &refs : NULL, &error_offset, &error);

  if (result == NULL)
    {
      flt_fuzz_check_error (error, "flt_interpolate_with_lookup");
      FLT_FUZZ_CHECK (error->domain == FLT_INTERPOLATE_ERROR, "error domain: %s", error->message);
      FLT_FUZZ_CHECK (error_offset < length && input[error_offset] == '$',
                      "error offset %zu of %zu", error_offset, length);
      FLT_FUZZ_CHECK (refs == NULL, "references despite an error");
      FLT_FUZZ_CHECK (flt_interpolate_has_references (input),
                      "failed on a text without references: %s", error->message);
      return;
    }

  FLT_FUZZ_CHECK (error == NULL, "a result and an error");

  if (!flt_interpolate_has_references (input))
    {
      FLT_FUZZ_CHECK (strcmp (result, input) == 0, "a text without references changed");
      FLT_FUZZ_CHECK (refs == NULL || refs->len == 0, "references in a text without any");
    }

  if (want_refs)
    {
      FLT_FUZZ_CHECK (refs != NULL, "no reference array");
      for (guint i = 0; i < refs->len; i++)
        {
          const FltVariableRef *ref = g_ptr_array_index (refs, i);

          FLT_FUZZ_CHECK (ref->name != NULL && ref->name[0] != '\0', "reference without a name");
          FLT_FUZZ_CHECK (ref->offset < length && input[ref->offset] == '$',
                          "reference %u at %zu of %zu", i, ref->offset, length);
          FLT_FUZZ_CHECK (ref->length >= 2 && ref->offset + ref->length <= length,
                          "reference %u of %zu bytes at %zu, text of %zu", i, ref->length,
                          ref->offset, length);
          FLT_FUZZ_CHECK ((ref->value == NULL) == (ref->source == FLT_VARIABLE_UNSET),
                          "reference %u: value %p, source %d", i, (void *) ref->value, ref->source);
        }
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  flt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *unescaped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  GString *doubled;
  guint8 options;

  if (size == 0)
    return 0;
  options = data[0];
  input = g_strndup ((const char *) data + 1, size - 1);

  check_one (input, options & 1, options & 2);

  /* "$$" is a literal "$": doubling them all must give the text back. */
  doubled = g_string_new (NULL);
  for (const char *p = input; *p != '\0'; p++)
    {
      if (*p == '$')
        g_string_append_c (doubled, '$');
      g_string_append_c (doubled, *p);
    }
  escaped = g_string_free (doubled, FALSE);
  unescaped = flt_interpolate_with_lookup (escaped, lookup, NULL, &refs, NULL, &error);
  FLT_FUZZ_CHECK (unescaped != NULL, "doubled dollars failed: %s", error ? error->message : "");
  FLT_FUZZ_CHECK (strcmp (unescaped, input) == 0, "doubled dollars did not give the text back");
  FLT_FUZZ_CHECK (refs->len == 0, "references among doubled dollars");

  return 0;
}
