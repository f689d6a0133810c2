/* flt-tree.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-node.h"

G_BEGIN_DECLS


typedef enum
{
  FLT_TREE_ERROR_SYNTAX,
  FLT_TREE_ERROR_ENCODING,
  FLT_TREE_ERROR_TOO_DEEP,
  FLT_TREE_ERROR_TOO_LARGE,
  FLT_TREE_ERROR_MULTIPLE_DOCUMENTS,
  FLT_TREE_ERROR_UNKNOWN_ANCHOR,
} FltTreeError;

#define FLT_TREE_ERROR (flt_tree_error_quark ())
GQuark       flt_tree_error_quark      (void);

/* Limits that keep hostile input bounded. */
#define FLT_TREE_MAX_DEPTH          512
#define FLT_TREE_MAX_RESOLVED_NODES (4 * 1024 * 1024)

GType        flt_tree_get_type         (void) G_GNUC_CONST;
#define FLT_TYPE_TREE (flt_tree_get_type ())

FltTree     *flt_tree_parse            (const char     *text,
                                        gsize           length,
                                        const char     *file,
                                        FltMark        *error_mark,
                                        GError        **error);
FltTree     *flt_tree_resolve          (FltTree        *source,
                                        GError        **error);
FltTree     *flt_tree_resolve_at       (FltTree        *source,
                                        FltMark        *error_mark,
                                        GError        **error);
FltTree     *flt_tree_new_empty        (const char     *file);
FltTree     *flt_tree_ref              (FltTree        *tree);
void         flt_tree_unref            (FltTree        *tree);
FltNode     *flt_tree_get_root         (FltTree        *tree);
const char  *flt_tree_get_file         (FltTree        *tree);
guint        flt_tree_get_n_nodes      (FltTree        *tree);

/* Building trees by hand (resolved trees, merged projects, normalised
 * configurations).  Strings are copied into the tree. */
FltNode     *flt_tree_new_scalar       (FltTree        *tree,
                                        const char     *value,
                                        const FltNode  *origin);
FltNode     *flt_tree_new_mapping      (FltTree        *tree,
                                        const FltNode  *origin);
FltNode     *flt_tree_new_sequence     (FltTree        *tree,
                                        const FltNode  *origin);
FltNode     *flt_tree_copy_node        (FltTree        *tree,
                                        const FltNode  *node);
void         flt_tree_append           (FltTree        *tree,
                                        FltNode        *collection,
                                        FltNode        *item);
void         flt_tree_mapping_set      (FltTree        *tree,
                                        FltNode        *mapping,
                                        FltNode        *key,
                                        FltNode        *value);
void         flt_tree_mapping_remove   (FltNode        *mapping,
                                        guint           index);
void         flt_tree_set_root         (FltTree        *tree,
                                        FltNode        *root);
const char  *flt_tree_intern           (FltTree        *tree,
                                        const char     *str,
                                        gssize          len);
void         flt_tree_set_scalar_value (FltTree        *tree,
                                        FltNode        *node,
                                        const char     *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltTree, flt_tree_unref)

G_END_DECLS
