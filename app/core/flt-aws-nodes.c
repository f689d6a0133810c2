/* flt-aws-nodes.c: the output trees the three AWS writers build — typed
 * scalars, lists and mappings that leave out what is unset
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "flt-aws-export-private.h"

/* A NULL node stands for "not set" everywhere here: _flt_aws_set() skips
 * it, so a writer can hand over whatever a builder returns and the key is
 * written only when there is something to say. */

FltNode *
_flt_aws_string (FltTree    *out,
                 const char *value)
{
  return flt_tree_new_scalar (out, value ? value : "", NULL);
}

FltNode *
_flt_aws_typed (FltTree    *out,
                const char *literal)
{
  FltNode *node = flt_tree_new_scalar (out, literal, NULL);

  node->style = FLT_SCALAR_PLAIN;
  return node;
}

FltNode *
_flt_aws_number (FltTree *out,
                 gint64   value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return _flt_aws_typed (out, text);
}

FltNode *
_flt_aws_bool (FltTree  *out,
               gboolean  value)
{
  return _flt_aws_typed (out, value ? "true" : "false");
}

/* @value: -1 for unset, else a boolean */
FltNode *
_flt_aws_bool_or_null (FltTree *out,
                       int      value)
{
  return value >= 0 ? _flt_aws_bool (out, value) : NULL;
}

FltNode *
_flt_aws_strv (FltTree            *out,
               const char * const *strv,
               gboolean            escape)
{
  FltNode *seq = flt_tree_new_sequence (out, NULL);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      g_autofree char *value = escape ? _flt_aws_escape_dollars (strv[i]) : g_strdup (strv[i]);

      flt_tree_append (out, seq, _flt_aws_string (out, value));
    }
  return seq;
}

FltNode *
_flt_aws_strv_or_null (FltTree            *out,
                       const char * const *strv,
                       gboolean            escape)
{
  return strv != NULL && strv[0] != NULL ? _flt_aws_strv (out, strv, escape) : NULL;
}

/* @kvs: (nullable): FltKeyValue; a mapping of strings, NULL when empty */
FltNode *
_flt_aws_key_values (FltTree   *out,
                     GPtrArray *kvs,
                     gboolean   escape)
{
  FltNode *m;

  if (kvs == NULL || kvs->len == 0)
    return NULL;
  m = flt_tree_new_mapping (out, NULL);
  for (guint i = 0; i < kvs->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (kvs, i);
      g_autofree char *value = escape ? _flt_aws_escape_dollars (kv->value) : g_strdup (kv->value);

      _flt_aws_set (out, m, kv->name, _flt_aws_string (out, value));
    }
  return m;
}

/* One node for each of @items, in their order; NULL when there are none. */
FltNode *
_flt_aws_sequence (FltTree         *out,
                   GPtrArray       *items,
                   FltAwsItemFunc   item_node,
                   gconstpointer    data)
{
  FltNode *seq;

  if (items->len == 0)
    return NULL;
  seq = flt_tree_new_sequence (out, NULL);
  for (guint i = 0; i < items->len; i++)
    flt_tree_append (out, seq, item_node (out, g_ptr_array_index (items, i), data));
  return seq;
}

/* A mapping from pairs of a key and a node, ending with a NULL key; a
 * NULL node leaves its key out. */
FltNode *
_flt_aws_mapping (FltTree    *out,
                  const char *first_key,
                  ...)
{
  FltNode *m = flt_tree_new_mapping (out, NULL);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    _flt_aws_set (out, m, key, va_arg (args, FltNode *));
  va_end (args);
  return m;
}

void
_flt_aws_set (FltTree    *out,
              FltNode    *mapping,
              const char *key,
              FltNode    *value)
{
  if (value != NULL)
    flt_tree_mapping_set (out, mapping, flt_tree_new_scalar (out, key, NULL), value);
}

/* The task's size, which the API and ecs-params.yml both take as strings:
 * CPU units and whole MiB. */
void
_flt_aws_set_task_size (FltTree          *out,
                        FltNode          *mapping,
                        const FltAwsTask *task,
                        const char       *cpu_key,
                        const char       *memory_key)
{
  char number[32];

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, _flt_aws_task_cpu (task));
  _flt_aws_set (out, mapping, cpu_key, _flt_aws_string (out, number));
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, _flt_aws_task_memory_mib (task));
  _flt_aws_set (out, mapping, memory_key, _flt_aws_string (out, number));
}
