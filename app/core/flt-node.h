/* flt-node.h
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

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * FltMark:
 * @offset: byte offset into the text
 * @line: 0-based line
 * @column: 0-based column, in characters
 *
 * A position in a document's text.  libyaml counts characters; the tree
 * builder converts its marks so that @offset is always a byte offset.
 */
typedef struct
{
  gsize offset;
  guint line;
  guint column;
} FltMark;

typedef enum
{
  FLT_NODE_SCALAR,
  FLT_NODE_MAPPING,
  FLT_NODE_SEQUENCE,
  FLT_NODE_ALIAS,
} FltNodeKind;

typedef enum
{
  FLT_SCALAR_ANY,
  FLT_SCALAR_PLAIN,
  FLT_SCALAR_SINGLE_QUOTED,
  FLT_SCALAR_DOUBLE_QUOTED,
  FLT_SCALAR_LITERAL,
  FLT_SCALAR_FOLDED,
} FltScalarStyle;

typedef struct _FltNode FltNode;
typedef struct _FltTree FltTree;

/**
 * FltNode:
 *
 * One node of a YAML tree.  Nodes are owned by their #FltTree and are
 * read-only for everybody else.
 *
 * A mapping stores its entries as pairs: @items[2 * i] is the key and
 * @items[2 * i + 1] the value, and @n_items counts pairs.  A sequence stores
 * its entries in @items, and @n_items counts them.
 *
 * In a tree built from text, an alias is an %FLT_NODE_ALIAS whose @target is
 * the anchored node.  In a resolved tree (see flt_tree_resolve()) aliases and
 * merge keys have been expanded, and every node's @origin points at the node
 * of the source tree it was made from, so spans survive resolution.
 */
struct _FltNode
{
  FltNodeKind kind;
  FltScalarStyle style;
  guint flow : 1;
  guint is_null : 1;      /* plain scalar that YAML reads as null (``, `~`, `null`) */
  guint interpolated : 1; /* value differs from the text because of ${...} */

  FltMark start;
  FltMark end;

  const char *tag;
  const char *anchor;
  const char *value;      /* scalar value; for an alias, the anchor's name */
  gsize value_len;

  FltNode **items;
  guint n_items;

  FltNode *parent;
  FltNode *target;        /* alias: the anchored node */
  const FltNode *origin;  /* resolved trees: the node in the source tree */
  const char *file;       /* display name of the file the node comes from */
  guint alias_count;      /* anchored nodes: how many aliases point here */

  /*< private >*/
  guint n_alloc;
};

static inline FltNode *
flt_node_key (const FltNode *mapping,
              guint          i)
{
  return mapping->items[2 * i];
}

static inline FltNode *
flt_node_value (const FltNode *mapping,
                guint          i)
{
  return mapping->items[2 * i + 1];
}

gboolean     flt_node_is_scalar        (const FltNode  *node);
gboolean     flt_node_is_mapping       (const FltNode  *node);
gboolean     flt_node_is_sequence      (const FltNode  *node);
const FltNode *flt_node_get_origin     (const FltNode  *node);
const FltNode *flt_node_deref          (const FltNode  *node);
gboolean     flt_node_is_merge_key     (const FltNode  *key);
FltNode     *flt_node_lookup           (const FltNode  *mapping,
                                        const char     *key);
int          flt_node_lookup_index     (const FltNode  *mapping,
                                        const char     *key);
gboolean     flt_node_scalar_equal     (const FltNode  *node,
                                        const char     *str);
const char  *flt_node_kind_to_string   (const FltNode  *node);
gboolean     flt_node_get_bool         (const FltNode  *node,
                                        gboolean       *out_value);
gboolean     flt_node_get_int64        (const FltNode  *node,
                                        gint64         *out_value);
gboolean     flt_node_looks_numeric    (const FltNode  *node);
char        *flt_node_path_child       (const char     *parent_path,
                                        const FltNode  *parent,
                                        guint           index);
char        *flt_path_append_key       (const char     *parent_path,
                                        const char     *key);
char        *flt_path_append_index     (const char     *parent_path,
                                        guint           index);
char        *flt_node_dup_path         (const FltNode  *node);
gsize        flt_path_push_key         (GString        *path,
                                        const char     *key);
gsize        flt_path_push_index       (GString        *path,
                                        guint           index);

G_END_DECLS
