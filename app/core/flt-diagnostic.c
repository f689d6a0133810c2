/* flt-diagnostic.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "flt-diagnostic.h"

G_DEFINE_BOXED_TYPE (FltDiagnostic, flt_diagnostic, flt_diagnostic_ref, flt_diagnostic_unref)

/**
 * flt_diagnostic_new:
 * @start: (nullable): where the problem starts
 * @end: (nullable): where it ends
 *
 * Returns: (transfer full): a new diagnostic
 */
FltDiagnostic *
flt_diagnostic_new (FltSeverity        severity,
                    FltDiagnosticKind  kind,
                    const char        *file,
                    const FltMark     *start,
                    const FltMark     *end,
                    const char        *path,
                    const char        *message)
{
  FltDiagnostic *self = g_new0 (FltDiagnostic, 1);

  g_ref_count_init (&self->ref_count);
  self->severity = severity;
  self->kind = kind;
  self->file = g_strdup (file);
  self->path = g_strdup (path);
  self->message = g_strdup (message);

  if (start != NULL)
    {
      self->line = start->line + 1;
      self->column = start->column + 1;
      self->offset = start->offset;
      if (end != NULL && end->offset > start->offset)
        self->length = end->offset - start->offset;
    }

  return self;
}

FltDiagnostic *
flt_diagnostic_new_for_node (FltSeverity        severity,
                             FltDiagnosticKind  kind,
                             const FltNode     *node,
                             const char        *path,
                             const char        *format,
                             ...)
{
  g_autofree char *message = NULL;
  const FltNode *origin = flt_node_get_origin (node);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (origin == NULL)
    return flt_diagnostic_new (severity, kind, NULL, NULL, NULL, path, message);

  return flt_diagnostic_new (severity, kind, origin->file, &origin->start, &origin->end,
                             path, message);
}

FltDiagnostic *
flt_diagnostic_ref (FltDiagnostic *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
flt_diagnostic_unref (FltDiagnostic *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    {
      g_free (self->file);
      g_free (self->path);
      g_free (self->message);
      g_free (self);
    }
}

const char *
flt_severity_to_string (FltSeverity severity)
{
  switch (severity)
    {
    case FLT_SEVERITY_ERROR:
      /* Translators: the severity in "FILE:LINE:COLUMN: error: MESSAGE" */
      return _("error");
    case FLT_SEVERITY_WARNING:
      /* Translators: the severity in "FILE:LINE:COLUMN: warning: MESSAGE" */
      return _("warning");
    case FLT_SEVERITY_INFO:
    default:
      /* Translators: the severity in "FILE:LINE:COLUMN: note: MESSAGE" */
      return _("note");
    }
}

/**
 * flt_diagnostic_format:
 *
 * Returns: (transfer full): `FILE:LINE:COLUMN: SEVERITY: MESSAGE`, with the
 *   parts that are unknown left out, as compilers do
 */
char *
flt_diagnostic_format (const FltDiagnostic *self)
{
  GString *s = g_string_new (NULL);

  if (self->file != NULL)
    {
      g_string_append (s, self->file);
      if (self->line > 0)
        g_string_append_printf (s, ":%u:%u", self->line, self->column);
      g_string_append (s, ": ");
    }

  g_string_append_printf (s, "%s: %s", flt_severity_to_string (self->severity), self->message);

  return g_string_free (s, FALSE);
}

int
flt_diagnostic_compare (const FltDiagnostic *a,
                        const FltDiagnostic *b)
{
  int r = g_strcmp0 (a->file, b->file);

  if (r != 0)
    return r;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if (a->severity != b->severity)
    return a->severity < b->severity ? -1 : 1;
  return g_strcmp0 (a->message, b->message);
}

gboolean
flt_diagnostics_have_errors (GPtrArray *diagnostics)
{
  if (diagnostics == NULL)
    return FALSE;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const FltDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->severity == FLT_SEVERITY_ERROR)
        return TRUE;
    }
  return FALSE;
}
