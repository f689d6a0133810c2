/* flt-tree-private.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-tree.h"

G_BEGIN_DECLS

struct _FltTree
{
  grefcount     ref_count;
  const char   *file;
  FltNode      *root;
  GStringChunk *strings;
  GPtrArray    *blocks;
  guint         block_used;
  guint         n_nodes;
  FltTree      *keep_alive;  /* resolved trees share strings with their source */
};

FltNode *_flt_tree_alloc_node  (FltTree     *self,
                                FltNodeKind  kind);
void     _flt_tree_reserve     (FltNode     *collection,
                                guint        slots);
void     _flt_tree_mapping_add (FltNode     *mapping,
                                FltNode     *key,
                                FltNode     *value);

G_END_DECLS
