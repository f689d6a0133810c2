/* flt-tree-resolve.c: expand aliases and merge keys
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "flt-tree-private.h"

typedef struct
{
  FltTree  *out;
  guint     count;
  guint     limit;
  guint     depth;
  GError  **error;
  gboolean  failed;
  const FltNode *alias;   /* the alias being expanded, for the message */
  FltMark   error_mark;   /* where the expansion failed */
} Resolver;

static FltNode *resolve_node (Resolver      *r,
                              const FltNode *node);

static gboolean
charge (Resolver      *r,
        const FltNode *node)
{
  if (r->failed)
    return FALSE;

  if (++r->count > r->limit)
    {
      g_set_error (r->error, FLT_TREE_ERROR, FLT_TREE_ERROR_TOO_LARGE,
                   _("aliases expand to more than %u nodes (an alias bomb?); "
                     "the alias at line %u is where the limit was reached"),
                   r->limit, (r->alias ? r->alias : node)->start.line + 1);
      r->error_mark = (r->alias ? r->alias : node)->start;
      r->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

static void
merge_into (Resolver      *r,
            FltNode       *mapping,
            GHashTable    *explicit_keys,
            const FltNode *source)
{
  FltNode *resolved;

  /* Errors point at the alias that merges the mapping in. */
  if (source != NULL && source->kind == FLT_NODE_ALIAS)
    r->alias = source;
  source = flt_node_deref (source);
  if (source == NULL || source->kind != FLT_NODE_MAPPING)
    return;

  resolved = resolve_node (r, source);
  if (resolved == NULL)
    return;

  for (guint i = 0; i < resolved->n_items; i++)
    {
      FltNode *key = flt_node_key (resolved, i);

      if (key->kind != FLT_NODE_SCALAR || g_hash_table_contains (explicit_keys, key->value))
        continue;
      g_hash_table_add (explicit_keys, (gpointer) key->value);
      _flt_tree_mapping_add (mapping, key, flt_node_value (resolved, i));
    }
}

static FltNode *
resolve_mapping (Resolver      *r,
                 const FltNode *node)
{
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GPtrArray) merges = NULL;
  FltNode *mapping = flt_tree_new_mapping (r->out, node);

  mapping->flow = node->flow;
  mapping->tag = node->tag;
  _flt_tree_reserve (mapping, 2 * node->n_items);

  /* Big mappings (a project's services) get a table for the duplicate
   * check; small ones are scanned. */
  if (node->n_items > 16)
    index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < node->n_items && !r->failed; i++)
    {
      const FltNode *key = flt_node_key (node, i);
      const FltNode *value = flt_node_value (node, i);
      FltNode *rkey, *rvalue;
      int existing = -1;

      if (flt_node_is_merge_key (key))
        {
          const FltNode *v = flt_node_deref (value);

          if (v != NULL && (v->kind == FLT_NODE_SEQUENCE || v->kind == FLT_NODE_MAPPING))
            {
              if (merges == NULL)
                merges = g_ptr_array_new ();
              if (v->kind == FLT_NODE_SEQUENCE)
                for (guint j = 0; j < v->n_items; j++)
                  g_ptr_array_add (merges, v->items[j]);
              else
                g_ptr_array_add (merges, (gpointer) value);
              continue;
            }
        }

      rkey = resolve_node (r, key);
      rvalue = resolve_node (r, value);
      if (rkey == NULL || rvalue == NULL)
        return NULL;

      /* Duplicate keys are reported by validation; the last one wins here. */
      if (rkey->kind == FLT_NODE_SCALAR)
        {
          if (index != NULL)
            existing = GPOINTER_TO_INT (g_hash_table_lookup (index, rkey->value)) - 1;
          else
            existing = flt_node_lookup_index (mapping, rkey->value);
        }
      if (existing >= 0)
        {
          mapping->items[2 * existing + 1] = rvalue;
          rvalue->parent = mapping;
          continue;
        }

      _flt_tree_mapping_add (mapping, rkey, rvalue);
      if (index != NULL && rkey->kind == FLT_NODE_SCALAR)
        g_hash_table_insert (index, (gpointer) rkey->value, GINT_TO_POINTER (mapping->n_items));
    }

  /* Explicit keys win over merged ones; among merged mappings the first
   * one listed wins. */
  if (merges != NULL && !r->failed)
    {
      g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < mapping->n_items; i++)
        if (flt_node_key (mapping, i)->kind == FLT_NODE_SCALAR)
          g_hash_table_add (keys, (gpointer) flt_node_key (mapping, i)->value);
      for (guint i = 0; i < merges->len && !r->failed; i++)
        merge_into (r, mapping, keys, g_ptr_array_index (merges, i));
    }

  return r->failed ? NULL : mapping;
}

static FltNode *
resolve_node (Resolver      *r,
              const FltNode *node)
{
  FltNode *out = NULL;

  if (node->kind == FLT_NODE_ALIAS)
    {
      r->alias = node;
      node = flt_node_deref (node);
    }

  if (node == NULL || !charge (r, node))
    return NULL;

  if (++r->depth > 2 * FLT_TREE_MAX_DEPTH)
    {
      g_set_error (r->error, FLT_TREE_ERROR, FLT_TREE_ERROR_TOO_DEEP,
                   _("aliases nest deeper than %d levels"), 2 * FLT_TREE_MAX_DEPTH);
      r->error_mark = (r->alias ? r->alias : node)->start;
      r->failed = TRUE;
      r->depth--;
      return NULL;
    }

  switch (node->kind)
    {
    case FLT_NODE_SCALAR:
      out = _flt_tree_alloc_node (r->out, FLT_NODE_SCALAR);
      out->origin = flt_node_get_origin (node);
      out->start = node->start;
      out->end = node->end;
      out->file = node->file;
      out->style = node->style;
      out->is_null = node->is_null;
      out->tag = node->tag;
      out->value = node->value;
      out->value_len = node->value_len;
      break;

    case FLT_NODE_SEQUENCE:
      out = flt_tree_new_sequence (r->out, node);
      out->flow = node->flow;
      out->tag = node->tag;
      _flt_tree_reserve (out, node->n_items);
      for (guint i = 0; i < node->n_items; i++)
        {
          FltNode *item = resolve_node (r, node->items[i]);

          if (item == NULL)
            {
              out = NULL;
              break;
            }
          flt_tree_append (r->out, out, item);
        }
      break;

    case FLT_NODE_MAPPING:
      out = resolve_mapping (r, node);
      break;

    case FLT_NODE_ALIAS:
    default:
      g_assert_not_reached ();
    }

  r->depth--;
  return out;
}

/**
 * flt_tree_resolve:
 * @source: a tree from flt_tree_parse()
 * @error: return location for a #GError
 *
 * Makes a tree with aliases replaced by what they refer to and merge keys
 * (`<<`) applied.  Strings are shared with @source, which the result keeps
 * alive.  Expansion is bounded, so that alias bombs fail quickly.
 *
 * Returns: (transfer full): the resolved tree, or %NULL on error
 */
FltTree *
flt_tree_resolve (FltTree  *source,
                  GError  **error)
{
  return flt_tree_resolve_at (source, NULL, error);
}

/**
 * flt_tree_resolve_at:
 * @error_mark: (out) (optional): on error, the alias (or node) where the
 *   expansion went over a limit
 *
 * flt_tree_resolve(), saying where it failed.
 */
FltTree *
flt_tree_resolve_at (FltTree  *source,
                     FltMark  *error_mark,
                     GError  **error)
{
  g_autoptr(FltTree) out = flt_tree_new_empty (source->file);
  Resolver r = { 0 };
  FltNode *root;

  r.out = out;
  r.error = error;
  r.limit = source->n_nodes + 1000 * 1000;
  r.limit = MIN (r.limit, FLT_TREE_MAX_RESOLVED_NODES + source->n_nodes);

  if (source->root == NULL)
    return g_steal_pointer (&out);

  root = resolve_node (&r, source->root);
  if (root == NULL)
    {
      if (error_mark != NULL)
        *error_mark = r.error_mark;
      return NULL;
    }

  flt_tree_set_root (out, root);
  out->keep_alive = flt_tree_ref (source);

  return g_steal_pointer (&out);
}
