/* flt-build-context.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The names under which a Dockerfile that is not a file of the context is
 * added to it (with "-2", "-3", ... appended if the context has a file of
 * that name already).
 */
#define FLT_BUILD_CONTEXT_INLINE_DOCKERFILE   ".flotilla-Dockerfile-inline"
#define FLT_BUILD_CONTEXT_EXTERNAL_DOCKERFILE ".flotilla-Dockerfile-external"

GBytes *flt_build_context_create (const char  *context_dir,
                                  const char  *dockerfile,
                                  const char  *dockerfile_inline,
                                  char       **out_dockerfile_name,
                                  GError     **error);

G_END_DECLS
