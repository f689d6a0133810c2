/* flt-interpolate.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-environment.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_INTERPOLATE_ERROR_SYNTAX,    /* "${", "${ VAR}", "$}" ... */
  FLT_INTERPOLATE_ERROR_REQUIRED,  /* ${VAR:?message} with VAR unset/empty */
} FltInterpolateError;

#define FLT_INTERPOLATE_ERROR (flt_interpolate_error_quark ())
GQuark flt_interpolate_error_quark (void);

/**
 * FltVariableRef:
 * @name: the variable's name
 * @value: (nullable): the value it had, %NULL when unset
 * @source: where the value came from
 * @offset: byte offset of the `$` in the input
 * @length: length in bytes of the whole reference, `${...}` included
 *
 * One variable reference found while interpolating.
 */
typedef struct
{
  char *name;
  char *value;
  FltVariableSource source;
  gsize offset;
  gsize length;
} FltVariableRef;

void   flt_variable_ref_free (FltVariableRef *ref);

/**
 * FltInterpolateLookupFunc:
 * @name: a variable name
 * @source: (out): where the value comes from; only read when the
 *   function returns non-%NULL
 * @user_data: the data given with the function
 *
 * Looks a variable up for flt_interpolate_with_lookup().
 *
 * Returns: (nullable) (transfer none): the value, "" when the variable is
 *   set but empty, %NULL when it is unset
 */
typedef const char *(*FltInterpolateLookupFunc) (const char        *name,
                                                 FltVariableSource *source,
                                                 gpointer           user_data);

char  *flt_interpolate       (const char      *input,
                              FltEnvironment  *env,
                              GPtrArray      **refs,
                              gsize           *error_offset,
                              GError         **error);
char  *flt_interpolate_with_lookup (const char                *input,
                                    FltInterpolateLookupFunc   lookup,
                                    gpointer                   user_data,
                                    GPtrArray                **refs,
                                    gsize                     *error_offset,
                                    GError                   **error);
gboolean flt_interpolate_has_references (const char *input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltVariableRef, flt_variable_ref_free)

G_END_DECLS
