/* flt-path.h: paths into a compose file, like `services.web.ports[1]`
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *key;      /* NULL for an index */
  guint index;
} FltPathSegment;

GArray *flt_path_parse  (const char  *path,
                         GError     **error);
char   *flt_path_build  (const FltPathSegment *segments,
                         guint                 n_segments);

G_END_DECLS
