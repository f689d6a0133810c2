/* flt-text.c: messages from the core and the engine, as the window says them
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "flt-text.h"

/**
 * flt_text_sentence:
 *
 * The core and the engine word their errors as the command line prints
 * them ("error: no Docker Engine at …"), starting in lower case; banners,
 * toasts and dialogs show them as sentences.
 *
 * Returns: (transfer full) (nullable): @message with its first letter
 *   capitalised
 */
char *
flt_text_sentence (const char *message)
{
  char first[8] = { 0 };

  if (message == NULL || *message == '\0')
    return g_strdup (message);
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (message)), first);
  return g_strconcat (first, g_utf8_next_char (message), NULL);
}

/**
 * flt_text_severity_class:
 *
 * Returns: the style class a message of @severity is shown with
 */
const char *
flt_text_severity_class (FltSeverity severity)
{
  switch (severity)
    {
    case FLT_SEVERITY_ERROR:
      return "error";
    case FLT_SEVERITY_WARNING:
      return "warning";
    case FLT_SEVERITY_INFO:
    default:
      return "dim-label";
    }
}
