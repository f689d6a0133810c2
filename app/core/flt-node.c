/* flt-node.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "flt-node.h"

gboolean
flt_node_is_scalar (const FltNode *node)
{
  return node != NULL && node->kind == FLT_NODE_SCALAR;
}

gboolean
flt_node_is_mapping (const FltNode *node)
{
  return node != NULL && node->kind == FLT_NODE_MAPPING;
}

gboolean
flt_node_is_sequence (const FltNode *node)
{
  return node != NULL && node->kind == FLT_NODE_SEQUENCE;
}

/* Where a node's text is: for a node of a resolved tree, the node of the
 * document it was made from; for a document node, itself. */
const FltNode *
flt_node_get_origin (const FltNode *node)
{
  if (node == NULL)
    return NULL;
  while (node->origin != NULL && node->origin != node)
    node = node->origin;
  return node;
}

/* What @node stands for: its target when it is an alias, else itself. */
const FltNode *
flt_node_deref (const FltNode *node)
{
  while (node != NULL && node->kind == FLT_NODE_ALIAS)
    node = node->target;
  return node;
}

/* `<<` as a plain, untagged key: YAML's merge key, which Compose honours. */
gboolean
flt_node_is_merge_key (const FltNode *key)
{
  return key != NULL && key->kind == FLT_NODE_SCALAR && key->style == FLT_SCALAR_PLAIN &&
         key->tag == NULL && g_strcmp0 (key->value, "<<") == 0;
}

int
flt_node_lookup_index (const FltNode *mapping,
                       const char    *key)
{
  if (!flt_node_is_mapping (mapping))
    return -1;

  /* Last one wins, as in the YAML loaders Compose uses. */
  for (int i = (int) mapping->n_items - 1; i >= 0; i--)
    {
      const FltNode *k = flt_node_key (mapping, i);

      if (k->kind == FLT_NODE_SCALAR && k->value[0] == key[0] && strcmp (k->value, key) == 0)
        return i;
    }

  return -1;
}

FltNode *
flt_node_lookup (const FltNode *mapping,
                 const char    *key)
{
  int i = flt_node_lookup_index (mapping, key);

  return i < 0 ? NULL : flt_node_value (mapping, i);
}

gboolean
flt_node_scalar_equal (const FltNode *node,
                       const char    *str)
{
  return flt_node_is_scalar (node) && g_strcmp0 (node->value, str) == 0;
}

/* What @node is, for "found ..." in messages; translated. */
const char *
flt_node_kind_to_string (const FltNode *node)
{
  if (node == NULL)
    return C_("found", "nothing");

  switch (node->kind)
    {
    case FLT_NODE_MAPPING:
      return C_("found", "a mapping");
    case FLT_NODE_SEQUENCE:
      return C_("found", "a list");
    case FLT_NODE_ALIAS:
      return C_("found", "an alias");
    case FLT_NODE_SCALAR:
    default:
      if (node->is_null)
        return C_("found", "null (nothing)");
      if (node->style == FLT_SCALAR_PLAIN)
        {
          gboolean b;

          if (flt_node_get_bool (node, &b))
            return C_("found", "a boolean");
          if (flt_node_looks_numeric (node))
            return C_("found", "a number");
        }
      return C_("found", "a string");
    }
}

/* YAML 1.1 booleans, which the Python Compose accepted and compose-go still
 * reads for boolean fields. */
gboolean
flt_node_get_bool (const FltNode *node,
                   gboolean      *out_value)
{
  static const char * const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y", NULL };
  static const char * const no[] = { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N", NULL };

  if (!flt_node_is_scalar (node) || node->value == NULL)
    return FALSE;

  if (g_strv_contains (yes, node->value))
    {
      *out_value = TRUE;
      return TRUE;
    }
  if (g_strv_contains (no, node->value))
    {
      *out_value = FALSE;
      return TRUE;
    }
  return FALSE;
}

gboolean
flt_node_get_int64 (const FltNode *node,
                    gint64        *out_value)
{
  const char *s;
  char *end = NULL;
  gint64 v;

  if (!flt_node_is_scalar (node) || node->value == NULL || node->value[0] == '\0')
    return FALSE;

  s = node->value;
  errno = 0;
  v = g_ascii_strtoll (s, &end, 10);
  if (errno != 0 || end == s || *end != '\0')
    return FALSE;

  *out_value = v;
  return TRUE;
}

gboolean
flt_node_looks_numeric (const FltNode *node)
{
  const char *s;
  char *end = NULL;

  if (!flt_node_is_scalar (node) || node->value == NULL || node->value[0] == '\0')
    return FALSE;

  s = node->value;
  if (g_str_has_prefix (s, "0x") || g_str_has_prefix (s, "0o"))
    s += 2;
  g_ascii_strtod (s, &end);
  return end != s && *end == '\0';
}

static gboolean
key_needs_quoting (const char *key)
{
  if (key == NULL || *key == '\0')
    return TRUE;

  for (const char *p = key; *p; p++)
    {
      if (*p == '.' || *p == '[' || *p == ']' || *p == '"' || *p == '\'' || *p == '\\')
        return TRUE;
    }
  return FALSE;
}

char *
flt_path_append_key (const char *parent_path,
                     const char *key)
{
  GString *s = g_string_new (parent_path);

  if (key_needs_quoting (key))
    {
      g_string_append (s, "[\"");
      for (const char *p = key ? key : ""; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
      g_string_append (s, "\"]");
    }
  else
    {
      if (s->len > 0)
        g_string_append_c (s, '.');
      g_string_append (s, key);
    }

  return g_string_free (s, FALSE);
}

/**
 * flt_node_dup_path:
 *
 * The path of @node in its tree, found through the parent links, for
 * messages about nodes that walkers did not keep a path for.
 *
 * Returns: (transfer full): e.g. `services.web.ports[1]`
 */
char *
flt_node_dup_path (const FltNode *node)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  GString *path = g_string_new (NULL);

  for (const FltNode *n = node; n != NULL && n->parent != NULL; n = n->parent)
    g_ptr_array_add (chain, (gpointer) n);

  for (guint i = chain->len; i > 0; i--)
    {
      const FltNode *n = g_ptr_array_index (chain, i - 1);
      const FltNode *parent = n->parent;

      if (parent->kind == FLT_NODE_MAPPING)
        {
          for (guint j = 0; j < parent->n_items; j++)
            if (flt_node_value (parent, j) == n || flt_node_key (parent, j) == n)
              {
                const FltNode *key = flt_node_key (parent, j);

                flt_path_push_key (path, key->kind == FLT_NODE_SCALAR ? key->value : "?");
                break;
              }
        }
      else
        {
          for (guint j = 0; j < parent->n_items; j++)
            if (parent->items[j] == n)
              {
                flt_path_push_index (path, j);
                break;
              }
        }
    }

  return g_string_free (path, FALSE);
}

/* Walkers keep one path buffer and push and pop segments on it, instead of
 * allocating a path per node: they return the length to truncate back to. */
gsize
flt_path_push_key (GString    *path,
                   const char *key)
{
  gsize old = path->len;

  if (key_needs_quoting (key))
    {
      g_string_append (path, "[\"");
      for (const char *p = key ? key : ""; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (path, '\\');
          g_string_append_c (path, *p);
        }
      g_string_append (path, "\"]");
    }
  else
    {
      if (path->len > 0)
        g_string_append_c (path, '.');
      g_string_append (path, key);
    }
  return old;
}

gsize
flt_path_push_index (GString *path,
                     guint    index)
{
  gsize old = path->len;
  char digits[16];
  int n = 0;

  /* printf is the slowest part of a walk over a big file. */
  do
    digits[n++] = '0' + index % 10;
  while ((index /= 10) > 0);
  g_string_append_c (path, '[');
  while (n > 0)
    g_string_append_c (path, digits[--n]);
  g_string_append_c (path, ']');
  return old;
}

char *
flt_path_append_index (const char *parent_path,
                       guint       index)
{
  return g_strdup_printf ("%s[%u]", parent_path ? parent_path : "", index);
}

/* The path of @parent's child number @index, where @parent is at
 * @parent_path: a key for mappings, an index for sequences. */
char *
flt_node_path_child (const char    *parent_path,
                     const FltNode *parent,
                     guint          index)
{
  if (flt_node_is_mapping (parent))
    {
      const FltNode *key = flt_node_key (parent, index);

      return flt_path_append_key (parent_path, key->value ? key->value : "");
    }

  return flt_path_append_index (parent_path, index);
}
