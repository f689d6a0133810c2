/* flt-dockerignore.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FLT_DOCKERIGNORE_ERROR_INVALID_PATTERN,
} FltDockerignoreError;

#define FLT_DOCKERIGNORE_ERROR (flt_dockerignore_error_quark ())
GQuark flt_dockerignore_error_quark (void);

typedef struct _FltDockerignore FltDockerignore;

FltDockerignore *flt_dockerignore_new                (void);
FltDockerignore *flt_dockerignore_new_from_data      (const char             *data,
                                                      gssize                  length,
                                                      GError                **error);
void             flt_dockerignore_free               (FltDockerignore        *self);

gboolean         flt_dockerignore_add_pattern        (FltDockerignore        *self,
                                                      const char             *pattern,
                                                      GError                **error);
guint            flt_dockerignore_get_n_patterns     (FltDockerignore        *self);
const char      *flt_dockerignore_get_pattern        (FltDockerignore        *self,
                                                      guint                   index);
gboolean         flt_dockerignore_has_exceptions     (FltDockerignore        *self);

gboolean         flt_dockerignore_matches            (FltDockerignore        *self,
                                                      const char             *path);
gboolean         flt_dockerignore_match_entry        (FltDockerignore        *self,
                                                      const char             *path,
                                                      const guint8           *parent_state,
                                                      guint8                 *out_state);
gboolean         flt_dockerignore_may_include_below  (FltDockerignore        *self,
                                                      const char             *directory);
gboolean         flt_dockerignore_excludes           (FltDockerignore        *self,
                                                      const char             *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltDockerignore, flt_dockerignore_free)

G_END_DECLS
