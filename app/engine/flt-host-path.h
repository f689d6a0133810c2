/* flt-host-path.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FltHostPathLookup:
 * @document: DOC_ROOT/ID/NAME, an entry the document portal exported
 * @user_data: the data given with the function
 *
 * Returns: (transfer full) (nullable): the host path of @document
 */
typedef char *(*FltHostPathLookup) (const char *document,
                                    gpointer    user_data);

char *flt_host_path_for_engine     (const char        *path);
char *flt_host_path_translate      (const char        *path,
                                    const char        *doc_root,
                                    FltHostPathLookup  lookup,
                                    gpointer           user_data);
char *flt_host_path_lookup_portal  (const char        *document,
                                    gpointer           doc_root);

G_END_DECLS
