/* flt-tree.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-tree-private.h"

#define NODES_PER_BLOCK 512

G_DEFINE_BOXED_TYPE (FltTree, flt_tree, flt_tree_ref, flt_tree_unref)
G_DEFINE_QUARK (flt-tree-error-quark, flt_tree_error)

FltTree *
flt_tree_new_empty (const char *file)
{
  FltTree *self = g_new0 (FltTree, 1);

  g_ref_count_init (&self->ref_count);
  self->strings = g_string_chunk_new (4096);
  self->blocks = g_ptr_array_new ();
  self->file = file ? g_string_chunk_insert (self->strings, file) : NULL;

  return self;
}

FltTree *
flt_tree_ref (FltTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

static void
flt_tree_free (FltTree *self)
{
  for (guint b = 0; b < self->blocks->len; b++)
    {
      FltNode *block = g_ptr_array_index (self->blocks, b);
      guint n = (b + 1 == self->blocks->len) ? self->block_used : NODES_PER_BLOCK;

      for (guint i = 0; i < n; i++)
        g_free (block[i].items);
      g_free (block);
    }
  g_ptr_array_unref (self->blocks);
  g_clear_pointer (&self->keep_alive, flt_tree_unref);
  g_string_chunk_free (self->strings);
  g_free (self);
}

void
flt_tree_unref (FltTree *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    flt_tree_free (self);
}

FltNode *
flt_tree_get_root (FltTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->root;
}

void
flt_tree_set_root (FltTree *self,
                   FltNode *root)
{
  self->root = root;
  if (root != NULL)
    root->parent = NULL;
}

const char *
flt_tree_get_file (FltTree *self)
{
  return self->file;
}

guint
flt_tree_get_n_nodes (FltTree *self)
{
  return self->n_nodes;
}

const char *
flt_tree_intern (FltTree    *self,
                 const char *str,
                 gssize      len)
{
  if (str == NULL)
    return NULL;
  if (len < 0)
    return g_string_chunk_insert (self->strings, str);
  return g_string_chunk_insert_len (self->strings, str, len);
}

FltNode *
_flt_tree_alloc_node (FltTree     *self,
                      FltNodeKind  kind)
{
  FltNode *node;

  if (self->blocks->len == 0 || self->block_used == NODES_PER_BLOCK)
    {
      g_ptr_array_add (self->blocks, g_new0 (FltNode, NODES_PER_BLOCK));
      self->block_used = 0;
    }

  node = &((FltNode *) g_ptr_array_index (self->blocks, self->blocks->len - 1))[self->block_used++];
  node->kind = kind;
  node->file = self->file;
  self->n_nodes++;

  return node;
}

static void
copy_position (FltNode       *node,
               const FltNode *origin)
{
  if (origin == NULL)
    return;

  node->origin = flt_node_get_origin (origin);
  node->start = origin->start;
  node->end = origin->end;
  node->file = origin->file;
}

FltNode *
flt_tree_new_scalar (FltTree       *self,
                     const char    *value,
                     const FltNode *origin)
{
  FltNode *node = _flt_tree_alloc_node (self, FLT_NODE_SCALAR);

  copy_position (node, origin);
  node->style = FLT_SCALAR_ANY;
  if (value == NULL)
    {
      node->is_null = TRUE;
      node->value = "";
    }
  else
    {
      node->value = flt_tree_intern (self, value, -1);
      node->value_len = strlen (value);
    }

  return node;
}

FltNode *
flt_tree_new_mapping (FltTree       *self,
                      const FltNode *origin)
{
  FltNode *node = _flt_tree_alloc_node (self, FLT_NODE_MAPPING);

  copy_position (node, origin);
  return node;
}

FltNode *
flt_tree_new_sequence (FltTree       *self,
                       const FltNode *origin)
{
  FltNode *node = _flt_tree_alloc_node (self, FLT_NODE_SEQUENCE);

  copy_position (node, origin);
  return node;
}

void
flt_tree_set_scalar_value (FltTree    *self,
                           FltNode    *node,
                           const char *value)
{
  g_return_if_fail (node->kind == FLT_NODE_SCALAR);

  node->value = flt_tree_intern (self, value ? value : "", -1);
  node->value_len = value ? strlen (value) : 0;
  node->is_null = value == NULL;
}

/* A deep copy of @node into @self; aliases are kept as they are, so copy
 * from resolved trees only. */
FltNode *
flt_tree_copy_node (FltTree       *self,
                    const FltNode *node)
{
  FltNode *copy = _flt_tree_alloc_node (self, node->kind);
  guint n = node->kind == FLT_NODE_MAPPING ? 2 * node->n_items : node->n_items;

  copy->style = node->style;
  copy->flow = node->flow;
  copy->is_null = node->is_null;
  copy->interpolated = node->interpolated;
  copy->start = node->start;
  copy->end = node->end;
  copy->tag = node->tag ? flt_tree_intern (self, node->tag, -1) : NULL;
  copy->anchor = NULL;
  copy->value = node->value ? flt_tree_intern (self, node->value, node->value_len) : NULL;
  copy->value_len = node->value_len;
  copy->origin = flt_node_get_origin (node);
  copy->file = node->file;
  copy->target = node->target;

  if (n > 0)
    {
      copy->items = g_new (FltNode *, n);
      copy->n_alloc = n;
      copy->n_items = node->n_items;
      for (guint i = 0; i < n; i++)
        {
          copy->items[i] = flt_tree_copy_node (self, node->items[i]);
          copy->items[i]->parent = copy;
        }
    }

  return copy;
}

void
_flt_tree_reserve (FltNode *collection,
                   guint    slots)
{
  if (slots <= collection->n_alloc)
    return;

  collection->n_alloc = MAX (slots, MAX (4, collection->n_alloc * 2));
  collection->items = g_renew (FltNode *, collection->items, collection->n_alloc);
}

void
flt_tree_append (FltTree *self,
                 FltNode *collection,
                 FltNode *item)
{
  g_return_if_fail (collection->kind == FLT_NODE_SEQUENCE);

  _flt_tree_reserve (collection, collection->n_items + 1);
  collection->items[collection->n_items++] = item;
  item->parent = collection;
}

/* Appends @key: @value to @mapping, or replaces the value of an existing
 * entry with the same key. */
void
flt_tree_mapping_set (FltTree *self,
                      FltNode *mapping,
                      FltNode *key,
                      FltNode *value)
{
  int i;

  g_return_if_fail (mapping->kind == FLT_NODE_MAPPING);

  i = key->kind == FLT_NODE_SCALAR ? flt_node_lookup_index (mapping, key->value) : -1;
  if (i >= 0)
    {
      mapping->items[2 * i + 1] = value;
      value->parent = mapping;
      return;
    }

  _flt_tree_mapping_add (mapping, key, value);
}

void
_flt_tree_mapping_add (FltNode *mapping,
                       FltNode *key,
                       FltNode *value)
{
  _flt_tree_reserve (mapping, 2 * (mapping->n_items + 1));
  mapping->items[2 * mapping->n_items] = key;
  mapping->items[2 * mapping->n_items + 1] = value;
  mapping->n_items++;
  key->parent = mapping;
  value->parent = mapping;
}

void
flt_tree_mapping_remove (FltNode *mapping,
                         guint    index)
{
  g_return_if_fail (mapping->kind == FLT_NODE_MAPPING);
  g_return_if_fail (index < mapping->n_items);

  memmove (&mapping->items[2 * index], &mapping->items[2 * index + 2],
           sizeof (FltNode *) * 2 * (mapping->n_items - index - 1));
  mapping->n_items--;
}
