/* flt-diagnostic.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "flt-node.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_SEVERITY_ERROR,
  FLT_SEVERITY_WARNING,
  FLT_SEVERITY_INFO,
} FltSeverity;

/* What went wrong, for code that reacts to a kind of problem (tests, the
 * editor's quick fixes).  People read the message. */
typedef enum
{
  FLT_DIAGNOSTIC_SYNTAX,
  FLT_DIAGNOSTIC_IO,
  FLT_DIAGNOSTIC_ENCODING,
  FLT_DIAGNOSTIC_LIMIT,
  FLT_DIAGNOSTIC_DUPLICATE_KEY,
  FLT_DIAGNOSTIC_UNKNOWN_KEY,
  FLT_DIAGNOSTIC_WRONG_TYPE,
  FLT_DIAGNOSTIC_BAD_VALUE,
  FLT_DIAGNOSTIC_BAD_PORT,
  FLT_DIAGNOSTIC_BAD_DURATION,
  FLT_DIAGNOSTIC_BAD_SIZE,
  FLT_DIAGNOSTIC_BAD_VOLUME,
  FLT_DIAGNOSTIC_UNKNOWN_SERVICE,
  FLT_DIAGNOSTIC_DEPENDENCY_CYCLE,
  FLT_DIAGNOSTIC_UNDECLARED_VOLUME,
  FLT_DIAGNOSTIC_UNDECLARED_NETWORK,
  FLT_DIAGNOSTIC_PORT_CONFLICT,
  FLT_DIAGNOSTIC_REQUIRED_VARIABLE,
  FLT_DIAGNOSTIC_INTERPOLATION,
  FLT_DIAGNOSTIC_MISSING_IMAGE,
  FLT_DIAGNOSTIC_EMPTY_FILE,
  FLT_DIAGNOSTIC_LEGACY_FORMAT,
  FLT_DIAGNOSTIC_OBSOLETE,
  FLT_DIAGNOSTIC_EXTENDS,
  FLT_DIAGNOSTIC_INCLUDE,
  FLT_DIAGNOSTIC_BAD_NAME,
  FLT_DIAGNOSTIC_NOT_EXPORTED,    /* an AWS export leaves it out (flt-aws-export.h) */
} FltDiagnosticKind;

typedef struct _FltDiagnostic FltDiagnostic;

/**
 * FltDiagnostic:
 * @severity: how bad it is
 * @kind: what it is about
 * @file: the file, as given by the user
 * @line: 1-based line, 0 when unknown
 * @column: 1-based column in characters, 0 when unknown
 * @offset: byte offset of the start of the span
 * @length: length of the span in bytes
 * @path: where in the compose model, e.g. `services.web.ports[1]`, or %NULL
 * @message: what is wrong and what to do, translated
 */
struct _FltDiagnostic
{
  grefcount ref_count;
  FltSeverity severity;
  FltDiagnosticKind kind;
  char *file;
  guint line;
  guint column;
  gsize offset;
  gsize length;
  char *path;
  char *message;
};

#define FLT_TYPE_DIAGNOSTIC (flt_diagnostic_get_type ())
GType          flt_diagnostic_get_type     (void) G_GNUC_CONST;

FltDiagnostic *flt_diagnostic_new          (FltSeverity          severity,
                                            FltDiagnosticKind    kind,
                                            const char          *file,
                                            const FltMark       *start,
                                            const FltMark       *end,
                                            const char          *path,
                                            const char          *message);
FltDiagnostic *flt_diagnostic_new_for_node (FltSeverity          severity,
                                            FltDiagnosticKind    kind,
                                            const FltNode       *node,
                                            const char          *path,
                                            const char          *format,
                                            ...) G_GNUC_PRINTF (5, 6);
FltDiagnostic *flt_diagnostic_ref          (FltDiagnostic       *self);
void           flt_diagnostic_unref        (FltDiagnostic       *self);
char          *flt_diagnostic_format       (const FltDiagnostic *self);
const char    *flt_severity_to_string      (FltSeverity          severity);
int            flt_diagnostic_compare      (const FltDiagnostic *a,
                                            const FltDiagnostic *b);
gboolean       flt_diagnostics_have_errors (GPtrArray           *diagnostics);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltDiagnostic, flt_diagnostic_unref)

G_END_DECLS
