/* fuzz-dotenv.c: .env and env_file parsing
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Input: one byte of options, then the file.
 *
 *   bit 0   FLT_DOTENV_FLAGS_FILE_FIRST
 *   bit 1   look variables up in a small table (else: no lookup function)
 *   bit 2   no file name (messages then start with "line N: ")
 *
 * Checked: entries or an error, never both; an error names the file and
 * the line it returns, which is a line of the file, and is fit to show;
 * entries have a name that is valid UTF-8, a line of the file, in order,
 * and a value unless inherited.
 */

#include <string.h>

#include "flt-dotenv.h"
#include "flt-fuzz.h"

#define FILE_NAME "fuzz.env"

static const char *
lookup (const char *name,
        gpointer    user_data)
{
  if (strcmp (name, "HOME") == 0)
    return "/home/fuzz";
  if (strcmp (name, "EMPTY") == 0)
    return "";
  if (strcmp (name, "A") == 0)
    return "${B}";
  return NULL;
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
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  const char *file_name;
  guint error_line = 0;
  guint n_lines = 1;
  guint8 options;

  if (size == 0)
    return 0;
  options = data[0];
  text = (const char *) data + 1;
  size--;
  file_name = (options & 4) ? NULL : FILE_NAME;

  for (gsize i = 0; i < size; i++)
    if (text[i] == '\n')
      n_lines++;

  entries = flt_dotenv_parse (size > 0 ? text : "", size, file_name,
                              (options & 1) ? FLT_DOTENV_FLAGS_FILE_FIRST : FLT_DOTENV_FLAGS_NONE,
                              (options & 2) ? lookup : NULL, NULL, &error_line, &error);

  if (entries == NULL)
    {
      g_autofree char *prefix = NULL;

      flt_fuzz_check_error (error, "flt_dotenv_parse");
      FLT_FUZZ_CHECK (error_line >= 1 && error_line <= n_lines, "error at line %u of %u",
                      error_line, n_lines);
      prefix = file_name ? g_strdup_printf ("%s:%u: ", file_name, error_line)
                         : g_strdup_printf ("line %u: ", error_line);
      FLT_FUZZ_CHECK (g_str_has_prefix (error->message, prefix),
                      "message “%s” does not start with “%s”", error->message, prefix);
      return 0;
    }

  FLT_FUZZ_CHECK (error == NULL, "entries and an error");
  for (guint i = 0; i < entries->len; i++)
    {
      const FltDotenvEntry *entry = g_ptr_array_index (entries, i);
      const FltDotenvEntry *previous = i > 0 ? g_ptr_array_index (entries, i - 1) : NULL;

      FLT_FUZZ_CHECK (entry->name != NULL && entry->name[0] != '\0', "entry %u has no name", i);
      FLT_FUZZ_CHECK (g_utf8_validate (entry->name, -1, NULL), "entry %u: name not UTF-8", i);
      FLT_FUZZ_CHECK (entry->line >= 1 && entry->line <= n_lines, "entry %u at line %u of %u",
                      i, entry->line, n_lines);
      FLT_FUZZ_CHECK (previous == NULL || previous->line <= entry->line, "entries out of order");
      FLT_FUZZ_CHECK (entry->value != NULL || entry->inherited, "entry %u has no value", i);
    }

  return 0;
}
