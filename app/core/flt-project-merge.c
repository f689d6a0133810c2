/* flt-project-merge.c: override files, as Compose merges them
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-project-private.h"

static gboolean
in_list (const char         *key,
         const char * const *list)
{
  return g_strv_contains (list, key);
}

static const char * const list_or_dict_keys[] = {
  "environment", "labels", "extra_hosts", "sysctls", "annotations", "args", "ssh",
  "additional_contexts", "driver_opts", "options", NULL
};

static const char * const replaced_keys[] = {
  "command", "entrypoint", "test", NULL
};

static const char * const mapping_like_keys[] = {
  "depends_on", "networks", NULL
};

static const char * const by_target_keys[] = {
  "volumes", "devices", "secrets", "configs", NULL
};

static gboolean
has_tag (const FltNode *node,
         const char    *tag)
{
  return node != NULL && node->tag != NULL && g_str_equal (node->tag, tag);
}

/**
 * _flt_normalize_list_or_dict:
 *
 * ["A=1", "B"] as {A: "1", B: null}; mappings are copied as they are.
 */
FltNode *
_flt_normalize_list_or_dict (FltTree       *out,
                             const FltNode *node,
                             const char    *separator)
{
  FltNode *mapping;

  if (!flt_node_is_sequence (node))
    return flt_tree_copy_node (out, node);

  mapping = flt_tree_new_mapping (out, node);
  for (guint i = 0; i < node->n_items; i++)
    {
      const FltNode *item = node->items[i];
      const char *sep;
      g_autofree char *name = NULL;
      FltNode *key, *value;

      if (!flt_node_is_scalar (item))
        continue;
      sep = strstr (item->value, separator);
      if (sep != NULL)
        {
          name = g_strndup (item->value, sep - item->value);
          value = flt_tree_new_scalar (out, sep + strlen (separator), item);
        }
      else
        {
          name = g_strdup (item->value);
          value = flt_tree_new_scalar (out, NULL, item);
        }
      key = flt_tree_new_scalar (out, name, item);
      flt_tree_mapping_set (out, mapping, key, value);
    }

  return mapping;
}

/* A list of names (depends_on, networks) as a mapping of name to null. */
static FltNode *
names_to_mapping (FltTree       *out,
                  const FltNode *node,
                  gboolean       depends_on)
{
  FltNode *mapping;

  if (!flt_node_is_sequence (node))
    return flt_tree_copy_node (out, node);

  mapping = flt_tree_new_mapping (out, node);
  for (guint i = 0; i < node->n_items; i++)
    {
      const FltNode *item = node->items[i];
      FltNode *value;

      if (!flt_node_is_scalar (item))
        continue;
      if (depends_on)
        {
          value = flt_tree_new_mapping (out, item);
          flt_tree_mapping_set (out, value, flt_tree_new_scalar (out, "condition", item),
                                flt_tree_new_scalar (out, "service_started", item));
        }
      else
        value = flt_tree_new_scalar (out, NULL, item);
      flt_tree_mapping_set (out, mapping, flt_tree_new_scalar (out, item->value, item), value);
    }
  return mapping;
}

/* The container path a volume (or the target a secret, device...) goes to,
 * which identifies it across files. */
static char *
target_of (const FltNode *item)
{
  if (flt_node_is_mapping (item))
    {
      const FltNode *target = flt_node_lookup (item, "target");
      const FltNode *source = flt_node_lookup (item, "source");

      if (flt_node_is_scalar (target))
        return g_strdup (target->value);
      if (flt_node_is_scalar (source))
        return g_strdup (source->value);
      return NULL;
    }

  if (flt_node_is_scalar (item))
    {
      g_auto(GStrv) parts = g_strsplit (item->value, ":", -1);
      guint n = g_strv_length (parts);

      /* source:target[:mode] or target */
      if (n >= 2)
        return g_strdup (parts[1]);
      return g_strdup (item->value);
    }
  return NULL;
}

static gboolean
same_scalar (const FltNode *a,
             const FltNode *b)
{
  return flt_node_is_scalar (a) && flt_node_is_scalar (b) && g_strcmp0 (a->value, b->value) == 0;
}

static FltNode *
merge_sequences (FltTree       *out,
                 const FltNode *base,
                 const FltNode *override,
                 const char    *key)
{
  FltNode *result = flt_tree_new_sequence (out, override);

  if (in_list (key, by_target_keys))
    {
      g_autoptr(GHashTable) overridden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < override->n_items; i++)
        {
          char *target = target_of (override->items[i]);

          if (target != NULL)
            g_hash_table_add (overridden, target);
        }
      for (guint i = 0; i < base->n_items; i++)
        {
          g_autofree char *target = target_of (base->items[i]);

          if (target == NULL || !g_hash_table_contains (overridden, target))
            flt_tree_append (out, result, flt_tree_copy_node (out, base->items[i]));
        }
      for (guint i = 0; i < override->n_items; i++)
        flt_tree_append (out, result, flt_tree_copy_node (out, override->items[i]));
      return result;
    }

  for (guint i = 0; i < base->n_items; i++)
    flt_tree_append (out, result, flt_tree_copy_node (out, base->items[i]));
  for (guint i = 0; i < override->n_items; i++)
    {
      gboolean duplicate = FALSE;

      for (guint j = 0; j < base->n_items && !duplicate; j++)
        duplicate = same_scalar (base->items[j], override->items[i]);
      if (!duplicate)
        flt_tree_append (out, result, flt_tree_copy_node (out, override->items[i]));
    }
  return result;
}

static FltNode *merge (FltTree *out, const FltNode *base, const FltNode *override,
                       const char *key, int level);

/**
 * _flt_merge_override:
 * @level: how deep the values are: 0 for whole files, 2 for services
 *
 * Merges @override onto @base the way Compose merges a later `-f` file onto
 * an earlier one: mappings key by key, most lists appended (volumes and
 * the like replaced by container path), commands replaced, and the
 * `!reset` and `!override` tags honoured.
 *
 * Returns: (nullable): the merged node in @out; %NULL when `!reset` removes it
 */
FltNode *
_flt_merge_override (FltTree       *out,
                     const FltNode *base,
                     const FltNode *override,
                     int            level)
{
  return merge (out, base, override, "", level);
}

/* @key is the key the values sit under; the rules for particular keys apply
 * inside services (level 3 and deeper: services.NAME.KEY...). */
static FltNode *
merge (FltTree       *out,
       const FltNode *base,
       const FltNode *override,
       const char    *key,
       int            level)
{
  gboolean in_service = level >= 3;

  if (has_tag (override, "!reset"))
    return NULL;
  if (base == NULL || has_tag (override, "!override"))
    return flt_tree_copy_node (out, override);
  if (override == NULL)
    return flt_tree_copy_node (out, base);

  if (in_service && in_list (key, replaced_keys))
    return flt_tree_copy_node (out, override);

  if (in_service && in_list (key, list_or_dict_keys) &&
      (flt_node_is_sequence (base) || flt_node_is_sequence (override)))
    {
      const char *separator = g_str_equal (key, "extra_hosts") ? ":" : "=";
      g_autoptr(FltTree) scratch = flt_tree_new_empty (NULL);
      FltNode *b = _flt_normalize_list_or_dict (scratch, base, separator);
      FltNode *o = _flt_normalize_list_or_dict (scratch, override, separator);

      if (flt_node_is_mapping (b) && flt_node_is_mapping (o))
        return merge (out, b, o, key, level);
      return flt_tree_copy_node (out, override);
    }

  if (in_service && in_list (key, mapping_like_keys) &&
      (flt_node_is_sequence (base) || flt_node_is_sequence (override)))
    {
      g_autoptr(FltTree) scratch = flt_tree_new_empty (NULL);
      FltNode *b = names_to_mapping (scratch, base, g_str_equal (key, "depends_on"));
      FltNode *o = names_to_mapping (scratch, override, g_str_equal (key, "depends_on"));

      if (flt_node_is_mapping (b) && flt_node_is_mapping (o))
        return merge (out, b, o, key, level);
      return flt_tree_copy_node (out, override);
    }

  if (flt_node_is_mapping (base) && flt_node_is_mapping (override))
    {
      FltNode *result = flt_tree_new_mapping (out, override);

      for (guint i = 0; i < base->n_items; i++)
        {
          const FltNode *k = flt_node_key (base, i);
          const FltNode *o = flt_node_is_scalar (k) ? flt_node_lookup (override, k->value) : NULL;
          FltNode *merged;

          if (o == NULL)
            merged = flt_tree_copy_node (out, flt_node_value (base, i));
          else
            merged = merge (out, flt_node_value (base, i), o,
                            flt_node_is_scalar (k) ? k->value : "", level + 1);
          if (merged != NULL)
            flt_tree_mapping_set (out, result, flt_tree_copy_node (out, k), merged);
        }
      for (guint i = 0; i < override->n_items; i++)
        {
          const FltNode *k = flt_node_key (override, i);
          const FltNode *v = flt_node_value (override, i);

          if (flt_node_is_scalar (k) && flt_node_lookup (base, k->value) != NULL)
            continue;
          if (has_tag (v, "!reset"))
            continue;
          flt_tree_mapping_set (out, result, flt_tree_copy_node (out, k), flt_tree_copy_node (out, v));
        }
      return result;
    }

  if (flt_node_is_sequence (base) && flt_node_is_sequence (override))
    return merge_sequences (out, base, override, in_service ? key : "");

  return flt_tree_copy_node (out, override);
}
