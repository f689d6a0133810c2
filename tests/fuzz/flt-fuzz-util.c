/* flt-fuzz-util.c: set-up and checks shared by the fuzz targets
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "flt-fuzz.h"

void
flt_fuzz_init (void)
{
  /* Plain malloc for every allocation, so that the sanitizers see them. */
  g_setenv ("G_SLICE", "always-malloc", FALSE);
  g_setenv ("G_DEBUG", "gc-friendly", FALSE);
  setlocale (LC_ALL, "C.UTF-8");

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
}

void
flt_fuzz_fail (const char *file,
               int         line,
               const char *condition,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s:%d: invariant broken: %s\n  %s\n", file, line, condition, message);
  fflush (stderr);
  abort ();
}

void
flt_fuzz_check_error (const GError *error,
                      const char   *what)
{
  FLT_FUZZ_CHECK (error != NULL, "%s failed without an error", what);
  FLT_FUZZ_CHECK (error->message != NULL && error->message[0] != '\0',
                  "%s failed with an empty message", what);
  FLT_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL),
                  "%s failed with a message that is not UTF-8: %s", what, error->message);
}
