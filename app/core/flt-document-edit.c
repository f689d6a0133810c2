/* flt-document-edit.c: edits as minimal text patches
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-document-private.h"
#include "flt-path.h"
#include "flt-tree.h"
#include "flt-yaml-writer.h"

/* Where a path leads in the document's own tree. */
typedef struct
{
  FltNode *node;          /* what the path names; NULL when missing */
  FltNode *container;     /* the collection holding the last segment found */
  int index;              /* entry index in @container */
  guint n_found;          /* how many segments were found */
  FltNode *stop;          /* when missing: the node the next segment was looked up in */
  gboolean via_alias;     /* the text found is an anchor's, shared with others */
  gboolean via_merge;     /* the last key found comes through a merge key */
  FltNode *merge_host;    /* the mapping holding that merge key */
  const FltNode *alias;   /* the alias passed through, for messages */
} Located;

typedef struct
{
  FltDocument *doc;
  const char *text;
  gsize length;
  FltTree *tree;
  const char *nl;
  guint step;             /* indentation step of the file */
  guint seq_indent;       /* extra indentation of a list under its key (0 or step) */
} Editor;

/* Text helpers */

static gsize
line_start (const Editor *e,
            gsize         offset)
{
  while (offset > 0 && e->text[offset - 1] != '\n')
    offset--;
  return offset;
}

/* The end of @offset's line, before its line break ("\r\n" or "\n"). */
static gsize
line_end (const Editor *e,
          gsize         offset)
{
  gsize p = offset;

  while (p < e->length && e->text[p] != '\n')
    p++;
  if (p < e->length && p > offset && e->text[p - 1] == '\r')
    p--;
  return p;
}

/* The start of the next line, or the end of the text. */
static gsize
next_line (const Editor *e,
           gsize         offset)
{
  while (offset < e->length && e->text[offset] != '\n')
    offset++;
  return offset < e->length ? offset + 1 : offset;
}

static gboolean
only_space_before (const Editor *e,
                   gsize         offset)
{
  gsize p = line_start (e, offset);

  for (; p < offset; p++)
    if (e->text[p] != ' ' && e->text[p] != '\t')
      return FALSE;
  return TRUE;
}

/* Whether a key at @offset starts its entry's line: only indentation, an
 * explicit key's "? " or the key's own anchor or tag come before it, so
 * that removing the entry removes whole lines. */
static gboolean
only_key_prefix_before (const Editor *e,
                        gsize         offset)
{
  gsize p = line_start (e, offset);

  while (p < offset)
    {
      char c = e->text[p];

      if (c == ' ' || c == '\t')
        p++;
      else if (c == '?' && p + 1 < offset && (e->text[p + 1] == ' ' || e->text[p + 1] == '\t'))
        p++;
      else if (c == '&' || c == '!')
        {
          while (p < offset && e->text[p] != ' ' && e->text[p] != '\t')
            p++;
        }
      else
        return FALSE;
    }
  return TRUE;
}

/* Where the entry of @key starts: at its "?" when it is an explicit key,
 * which may stand lines above the key itself, with the key's anchor, tag
 * or a comment between ("? !tag  # note\n  key").  The "?" is looked for
 * between the end of the entry before and the key. */
static gsize
key_entry_start (const Editor  *e,
                 const FltNode *key)
{
  const FltNode *mapping = key->parent;
  gsize from = 0;

  if (mapping == NULL || mapping->kind != FLT_NODE_MAPPING || mapping->flow)
    return key->start.offset;
  for (guint i = 0; i < mapping->n_items; i++)
    if (flt_node_key (mapping, i) == key)
      {
        from = i > 0 ? flt_node_value (mapping, i - 1)->end.offset : mapping->start.offset;
        break;
      }

  for (gsize p = from; p < key->start.offset && p < e->length; p++)
    {
      char c = e->text[p];

      if (c == '#' && (p == 0 || g_ascii_isspace (e->text[p - 1])))
        {
          while (p < e->length && e->text[p] != '\n')
            p++;
        }
      else if (c == '?' && only_space_before (e, p) &&
               (p + 1 >= e->length || g_ascii_isspace (e->text[p + 1])))
        return p;
    }
  return key->start.offset;
}

static gboolean
line_is_blank (const Editor *e,
               gsize         start)
{
  for (gsize p = start; p < e->length && e->text[p] != '\n'; p++)
    if (e->text[p] != ' ' && e->text[p] != '\t' && e->text[p] != '\r')
      return FALSE;
  return TRUE;
}

/* If the line at @start is a comment, the column of its '#', else -1. */
static int
comment_column (const Editor *e,
                gsize         start)
{
  int column = 0;

  for (gsize p = start; p < e->length && e->text[p] != '\n'; p++, column++)
    {
      if (e->text[p] == '#')
        return column;
      if (e->text[p] != ' ' && e->text[p] != '\t')
        return -1;
    }
  return -1;
}

static char *
spaces (guint n)
{
  char *s = g_malloc (n + 1);

  memset (s, ' ', n);
  s[n] = '\0';
  return s;
}

/* Where a node's own text ends: block scalars' spans run on over trailing
 * blank lines, and block collections end where their last entry does. */
static gsize
text_end (const Editor  *e,
          const FltNode *node)
{
  if (node->kind == FLT_NODE_SCALAR &&
      (node->style == FLT_SCALAR_LITERAL || node->style == FLT_SCALAR_FOLDED))
    {
      gsize end = node->end.offset;
      gsize header_end = line_end (e, node->start.offset);

      while (end > node->start.offset && g_ascii_isspace (e->text[end - 1]))
        end--;
      /* The indicator's line belongs to the scalar even when it has no
       * content: what follows the indicator there (spaces, a comment)
       * would otherwise run on into the value written in its place. */
      return MAX (end, header_end);
    }

  if ((node->kind == FLT_NODE_MAPPING || node->kind == FLT_NODE_SEQUENCE) &&
      !node->flow && node->n_items > 0)
    {
      guint last = node->kind == FLT_NODE_MAPPING ? 2 * node->n_items - 1 : node->n_items - 1;

      return text_end (e, node->items[last]);
    }

  return node->end.offset;
}

/* The first line of an entry whose text starts at @offset on its own line,
 * moved up over comment lines at the same column, which belong to it. */
static gsize
entry_start_with_comments (const Editor *e,
                           gsize         offset,
                           guint         column)
{
  gsize start = line_start (e, offset);

  while (start > 0)
    {
      gsize previous = line_start (e, start - 1);

      if (comment_column (e, previous) != (int) column)
        break;
      start = previous;
    }
  return start;
}

/* Position just after the ':' that follows @key. */
static gsize
after_colon (const Editor  *e,
             const FltNode *key)
{
  gsize p = key->end.offset;

  while (p < e->length && e->text[p] != ':')
    p++;
  return p < e->length ? p + 1 : p;
}

/* Whether a ':' follows @key before its value starts: an explicit key
 * alone ("? key" with no ": value") or a flow key alone ("{a, b: 1}")
 * has none, and nothing can be written after it. */
static gboolean
key_has_colon (const Editor  *e,
               const FltNode *key)
{
  const FltNode *mapping = key->parent;
  gsize limit = e->length;

  if (mapping != NULL && mapping->kind == FLT_NODE_MAPPING)
    for (guint i = 0; i < mapping->n_items; i++)
      if (flt_node_key (mapping, i) == key)
        {
          limit = MIN (flt_node_value (mapping, i)->start.offset, e->length);
          break;
        }

  for (gsize p = key->end.offset; p < limit; p++)
    if (e->text[p] == ':')
      return TRUE;
  return FALSE;
}

static void
detect_indentation (Editor  *e,
                    FltNode *node,
                    gboolean *found_step,
                    gboolean *found_seq)
{
  if (node == NULL || (*found_step && *found_seq) || node->kind != FLT_NODE_MAPPING || node->flow)
    return;

  for (guint i = 0; i < node->n_items && !(*found_step && *found_seq); i++)
    {
      FltNode *key = flt_node_key (node, i);
      FltNode *value = flt_node_value (node, i);

      if (value->kind == FLT_NODE_MAPPING && !value->flow && value->n_items > 0 &&
          value->start.line > key->start.line && !*found_step &&
          value->start.column > key->start.column)
        {
          e->step = value->start.column - key->start.column;
          *found_step = TRUE;
        }
      if (value->kind == FLT_NODE_SEQUENCE && !value->flow && value->n_items > 0 &&
          value->start.line > key->start.line && !*found_seq)
        {
          e->seq_indent = value->start.column >= key->start.column ?
                          value->start.column - key->start.column : 0;
          *found_seq = TRUE;
        }
      if (value->kind == FLT_NODE_MAPPING)
        detect_indentation (e, value, found_step, found_seq);
    }
}

static void
editor_init (Editor      *e,
             FltDocument *doc)
{
  gboolean found_step = FALSE;
  gboolean found_seq = FALSE;

  e->doc = doc;
  e->text = flt_document_get_text (doc, &e->length);
  e->tree = flt_document_get_tree (doc);
  e->nl = flt_document_get_newline (doc);
  e->step = 2;
  e->seq_indent = 2;

  if (e->tree != NULL)
    detect_indentation (e, flt_tree_get_root (e->tree), &found_step, &found_seq);
  if (!found_seq)
    e->seq_indent = e->step;
  if (e->step == 0 || e->step > 8)
    e->step = 2;
}

static gboolean
check_parsed (Editor  *e,
              GError **error)
{
  FltDiagnostic *d = flt_document_get_syntax_error (e->doc);

  if (e->tree != NULL)
    return TRUE;

  g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SYNTAX,
               _("the file has a syntax error at line %u; fix it in the YAML view first"),
               d ? d->line : 0);
  return FALSE;
}

/* Editing measures lines by "\n" (a "\r" before it is part of the line
 * ending).  libyaml also breaks lines at a carriage return alone and at
 * NEL, LS and PS (YAML 1.1; Compose's YAML 1.2 does not), so in a file
 * that holds one of those, a patch could land on another line than the
 * parse says: refuse to edit it, and say where the culprit is. */
static gboolean
check_line_breaks (Editor  *e,
                   GError **error)
{
  const guchar *t = (const guchar *) e->text;
  guint line = 1;

  for (gsize p = 0; p < e->length; p++)
    {
      gunichar odd = 0;

      if (t[p] == '\n')
        line++;
      else if (t[p] == '\r' && (p + 1 >= e->length || t[p + 1] != '\n'))
        {
          g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SYNTAX,
                       _("line %u ends in a carriage return (\\r) without a line feed; "
                         "fix that line ending in the YAML view, then edit again"), line);
          return FALSE;
        }
      else if (t[p] == 0xc2 && p + 1 < e->length && t[p + 1] == 0x85)
        odd = 0x85;
      else if (t[p] == 0xe2 && p + 2 < e->length && t[p + 1] == 0x80 && (t[p + 2] == 0xa8 || t[p + 2] == 0xa9))
        odd = t[p + 2] == 0xa8 ? 0x2028 : 0x2029;

      if (odd != 0)
        {
          g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SYNTAX,
                       _("line %u holds the character U+%04X, which YAML reads as a line break; "
                         "remove it in the YAML view, then edit again"), line, odd);
          return FALSE;
        }
    }
  return TRUE;
}

/* Path lookup */

static char *
path_prefix (GArray *segments,
             guint   n)
{
  return flt_path_build ((FltPathSegment *) segments->data, n);
}

static gboolean
locate (Editor     *e,
        GArray     *segments,
        Located    *out,
        GError    **error)
{
  FltNode *cur = flt_tree_get_root (e->tree);
  guint first = 0;

  memset (out, 0, sizeof *out);
  out->index = -1;

  /* In the legacy format services are the top level itself. */
  if (flt_document_is_legacy (e->doc) && segments->len > 0 &&
      g_strcmp0 (g_array_index (segments, FltPathSegment, 0).key, "services") == 0)
    first = 1;

  out->n_found = first;
  out->stop = cur;

  for (guint i = first; i < segments->len; i++)
    {
      FltPathSegment *seg = &g_array_index (segments, FltPathSegment, i);

      if (cur != NULL && cur->kind == FLT_NODE_ALIAS)
        {
          out->via_alias = TRUE;
          out->alias = cur;
          cur = (FltNode *) flt_node_deref (cur);
        }

      out->stop = cur;

      if (cur == NULL || (cur->kind == FLT_NODE_SCALAR && cur->is_null))
        return TRUE;

      if (seg->key != NULL)
        {
          int idx;

          if (cur->kind != FLT_NODE_MAPPING)
            {
              g_autofree char *where = path_prefix (segments, i);

              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
                           _("%s has no key “%s”: it is not a mapping (found %s)"),
                           where, seg->key, flt_node_kind_to_string (cur));
              return FALSE;
            }

          idx = flt_node_lookup_index (cur, seg->key);
          if (idx >= 0 && flt_node_is_merge_key (flt_node_key (cur, idx)))
            {
              /* Writing under "<<" would add a second merge key, which
               * merges something else in silently. */
              g_autofree char *where = path_prefix (segments, i + 1);

              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INHERITED,
                           _("%s is a merge key (<<); edit the mapping it merges in, "
                             "or the keys beside it"), where);
              return FALSE;
            }
          if (idx >= 0)
            {
              out->container = cur;
              out->index = idx;
              out->via_merge = FALSE;
              cur = flt_node_value (cur, idx);
              out->n_found = i + 1;
              continue;
            }

          /* Not here: maybe through a merge key. */
          for (guint m = 0; m < cur->n_items; m++)
            {
              const FltNode *sources;

              if (!flt_node_is_merge_key (flt_node_key (cur, m)))
                continue;
              sources = flt_node_deref (flt_node_value (cur, m));
              for (guint s = 0; sources != NULL && s < (sources->kind == FLT_NODE_SEQUENCE ? sources->n_items : 1); s++)
                {
                  const FltNode *source = sources->kind == FLT_NODE_SEQUENCE ? flt_node_deref (sources->items[s]) : sources;
                  int j = flt_node_lookup_index (source, seg->key);

                  if (j >= 0)
                    {
                      out->merge_host = cur;
                      out->via_merge = TRUE;
                      out->container = (FltNode *) source;
                      out->index = j;
                      cur = flt_node_value (source, j);
                      out->n_found = i + 1;
                      goto next;
                    }
                }
            }
          return TRUE;
        }
      else
        {
          if (cur->kind != FLT_NODE_SEQUENCE)
            {
              g_autofree char *where = path_prefix (segments, i);

              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
                           _("%s is not a list (found %s)"), where, flt_node_kind_to_string (cur));
              return FALSE;
            }
          if (seg->index >= cur->n_items)
            {
              g_autofree char *where = path_prefix (segments, i);

              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_FOUND,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%s has %u item; there is no item %u",
                                        "%s has %u items; there is no item %u",
                                        cur->n_items),
                           where, cur->n_items, seg->index);
              return FALSE;
            }
          out->container = cur;
          out->index = seg->index;
          out->via_merge = FALSE;
          cur = cur->items[seg->index];
          out->n_found = i + 1;
        }
    next:
      ;
    }

  if (cur != NULL && cur->kind == FLT_NODE_ALIAS && out->n_found == segments->len)
    {
      /* The path names an alias itself: replacing or removing it is fine,
       * descending through it is not. */
    }
  out->node = cur;
  return TRUE;
}

static gboolean
refuse_shared (Editor      *e,
               Located     *loc,
               const char  *path,
               GError     **error)
{
  const FltNode *anchor = loc->alias ? loc->alias->target : NULL;

  if (!loc->via_alias)
    return FALSE;

  g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SHARED,
               g_dngettext (GETTEXT_PACKAGE,
                            "%s comes from the anchor &%s (line %u), which %u place uses; "
                            "edit the anchor there, or replace the alias with a copy first",
                            "%s comes from the anchor &%s (line %u), which %u places use; "
                            "edit the anchor there, or replace the alias with a copy first",
                            anchor ? anchor->alias_count : 0),
               path, anchor && anchor->anchor ? anchor->anchor : "?",
               anchor ? anchor->start.line + 1 : 0,
               anchor ? anchor->alias_count : 0);
  return TRUE;
}

static gboolean
refuse_inherited (Located     *loc,
                  const char  *path,
                  GError     **error)
{
  g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INHERITED,
               _("%s is inherited through a merge key (<<) from the mapping at line %u; "
                 "change it there, or override it with set"),
               path, loc->container ? loc->container->start.line + 1 : 0);
  return FALSE;
}

/* Value text */

typedef struct
{
  gboolean block;     /* needs lines of its own under the key or dash */
  char *text;         /* dedented; inline values have no line breaks */
  gboolean is_sequence;
} Fragment;

static void
fragment_clear (Fragment *f)
{
  g_free (f->text);
}

static gboolean
make_fragment (Editor        *e,
               const char    *value,
               FltEditFlags   flags,
               Fragment      *out,
               GError       **error)
{
  memset (out, 0, sizeof *out);

  if (!(flags & FLT_EDIT_YAML))
    {
      out->text = flt_yaml_encode_new_scalar (value, FALSE, FALSE);
      out->block = strchr (out->text, '\n') != NULL;
      if (out->block)
        {
          /* A literal block: its first line is the "|" indicator. */
          out->block = FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autoptr(FltTree) tree = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *dedented = NULL;
      FltNode *root;
      FltMark mark;

      /* The text is written into the file as it is, where "---", "..."
       * or "%YAML" at the start of a line would mean something else than
       * in a document of their own. */
      for (const char *line = value; line != NULL; line = strchr (line, '\n'))
        {
          if (*line == '\n')
            line++;
          if (*line == '%' ||
              ((g_str_has_prefix (line, "---") || g_str_has_prefix (line, "...")) &&
               (line[3] == '\0' || g_ascii_isspace (line[3]))))
            {
              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_VALUE,
                           _("the value holds a document marker (---, ... or a %% directive); "
                             "write the value alone, without them"));
              return FALSE;
            }
        }

      tree = flt_tree_parse (value, strlen (value), "value", &mark, &local_error);
      if (tree == NULL)
        {
          g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_VALUE,
                       _("the value is not valid YAML: %s (line %u, column %u)"),
                       local_error->message, mark.line + 1, mark.column + 1);
          return FALSE;
        }

      root = flt_tree_get_root (tree);
      dedented = flt_yaml_reindent (value, 0, "\n");
      if (root == NULL)
        {
          out->text = g_strdup ("null");
          return TRUE;
        }
      if ((root->kind == FLT_NODE_MAPPING || root->kind == FLT_NODE_SEQUENCE) && !root->flow)
        {
          out->block = TRUE;
          out->is_sequence = root->kind == FLT_NODE_SEQUENCE;
          out->text = g_steal_pointer (&dedented);
        }
      else
        {
          g_strstrip (dedented);
          out->text = g_steal_pointer (&dedented);
        }
      return TRUE;
    }
}

/* The text after "key:" for @f, for a key at @column. */
static char *
value_after_key (Editor         *e,
                 const Fragment *f,
                 guint           column)
{
  guint indent;
  g_autofree char *pad = NULL;
  g_autofree char *body = NULL;

  if (!f->block)
    {
      if (strchr (f->text, '\n') != NULL)
        {
          /* Literal block scalar: reindent its content lines. */
          g_autofree char *re = flt_yaml_reindent (f->text, column + e->step, e->nl);

          return g_strconcat (" ", re, NULL);
        }
      return g_strconcat (" ", f->text, NULL);
    }

  indent = column + (f->is_sequence ? e->seq_indent : e->step);
  pad = spaces (indent);
  body = flt_yaml_reindent (f->text, indent, e->nl);
  return g_strconcat (e->nl, pad, body, NULL);
}

/* The text after "- " for @f, for a dash at @column. */
static char *
value_after_dash (Editor         *e,
                  const Fragment *f,
                  guint           column)
{
  if (!f->block && strchr (f->text, '\n') == NULL)
    return g_strdup (f->text);

  return flt_yaml_reindent (f->text, column + 2, e->nl);
}

/* Nested "a:\n  b:\n    c: VALUE" for the segments not found yet. */
static gboolean
build_missing (Editor          *e,
               GArray          *segments,
               guint            from,
               const Fragment  *leaf,
               guint            column,
               char           **out_key,
               char           **out_value_text,
               GError         **error)
{
  FltPathSegment *seg = &g_array_index (segments, FltPathSegment, from);
  g_autofree char *key = NULL;

  if (seg->key == NULL)
    {
      g_autofree char *where = path_prefix (segments, from);

      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_FOUND,
                   _("%s does not exist, so it has no item %u; use add to append to a list"),
                   where, seg->index);
      return FALSE;
    }

  key = flt_yaml_encode_key (seg->key);

  if (from + 1 == segments->len)
    {
      *out_key = g_steal_pointer (&key);
      *out_value_text = value_after_key (e, leaf, column);
      return TRUE;
    }
  else
    {
      g_autofree char *child_key = NULL;
      g_autofree char *child_value = NULL;
      g_autofree char *pad = spaces (column + e->step);

      if (!build_missing (e, segments, from + 1, leaf, column + e->step,
                          &child_key, &child_value, error))
        return FALSE;

      *out_key = g_steal_pointer (&key);
      *out_value_text = g_strconcat (e->nl, pad, child_key, ":", child_value, NULL);
      return TRUE;
    }
}

static gsize find_dash (Editor *e, const FltNode *seq, const FltNode *item);

/* A null list item ("-" alone, "- ~", "- null"): what replaces it goes
 * after its dash, on the dash's line, and keys two columns right of the
 * dash.  Sets @dash to the dash's offset. */
static gboolean
null_list_item (Editor        *e,
                const FltNode *node,
                gsize         *dash)
{
  if (node == NULL || node->kind != FLT_NODE_SCALAR || !node->is_null ||
      node->parent == NULL || node->parent->kind != FLT_NODE_SEQUENCE || node->parent->flow)
    return FALSE;

  *dash = find_dash (e, node->parent, node);
  return *dash < e->length && e->text[*dash] == '-' && *dash < node->start.offset + 1;
}

static guint
column_of (const Editor *e,
           gsize         offset)
{
  return offset - line_start (e, offset);
}

/* Adds "key: value" (the value text already formatted by value_after_key
 * for the mapping's column) to @mapping, the value of @owner_key (NULL at
 * the top level), which may be a null scalar. */
static gboolean
insert_entry (Editor        *e,
              FltPatch      *patch,
              FltNode       *mapping,
              const FltNode *owner_key,
              guint          column,
              const char    *key_text,
              const char    *value_text)
{
  if (mapping == NULL)
    {
      /* An empty document. */
      gboolean need_nl = e->length > 0 && e->text[e->length - 1] != '\n';
      g_autofree char *text = g_strconcat (need_nl ? e->nl : "", key_text, ":", value_text,
                                           e->nl, NULL);

      flt_patch_replace (patch, e->length, 0, text);
      return TRUE;
    }

  if (mapping->kind == FLT_NODE_SCALAR)
    {
      g_autofree char *pad = spaces (column);
      gsize from = owner_key ? after_colon (e, owner_key) : mapping->start.offset;
      g_autofree char *text = NULL;
      gsize dash;

      if (owner_key == NULL && null_list_item (e, mapping, &dash))
        {
          if (mapping->anchor != NULL || mapping->tag != NULL)
            {
              /* "- &a": the mapping starts on the next line, so that the
               * anchor stays the mapping's rather than its first key's. */
              from = mapping->start.offset;
              text = g_strconcat (e->nl, pad, key_text, ":", value_text, NULL);
            }
          else
            {
              from = dash + 1;
              text = g_strconcat (" ", key_text, ":", value_text, NULL);
            }
        }
      else
        text = g_strconcat (e->nl, pad, key_text, ":", value_text, NULL);

      flt_patch_replace (patch, from, text_end (e, mapping) - from, text);
      return TRUE;
    }

  if (mapping->flow)
    {
      g_autofree char *flat = g_strconcat (key_text, ":", value_text, NULL);

      if (strchr (flat, '\n') != NULL)
        return FALSE;
      if (mapping->n_items > 0)
        {
          g_autofree char *text = g_strconcat (", ", flat, NULL);

          flt_patch_replace (patch, text_end (e, flt_node_value (mapping, mapping->n_items - 1)), 0, text);
        }
      else
        flt_patch_replace (patch, mapping->start.offset + 1, 0, flat);
      return TRUE;
    }

  {
    g_autofree char *pad = spaces (mapping->start.column);
    gsize at = line_end (e, text_end (e, flt_node_value (mapping, mapping->n_items - 1)));
    g_autofree char *text = g_strconcat (e->nl, pad, key_text, ":", value_text, NULL);

    flt_patch_replace (patch, at, 0, text);
  }
  return TRUE;
}

/* The column new keys of @mapping go at. */
static guint
mapping_column (Editor        *e,
                const FltNode *mapping,
                const FltNode *owner_key)
{
  gsize dash;

  if (mapping != NULL && mapping->kind == FLT_NODE_MAPPING && mapping->n_items > 0 && !mapping->flow)
    return mapping->start.column;
  if (owner_key == NULL && null_list_item (e, mapping, &dash))
    return column_of (e, dash) + 2;
  if (owner_key != NULL)
    return owner_key->start.column + e->step;
  return 0;
}

/* The key that owns @node's value, if @node is a mapping value. */
static const FltNode *
owner_key_of (const FltNode *node)
{
  const FltNode *parent = node ? node->parent : NULL;

  if (parent == NULL || parent->kind != FLT_NODE_MAPPING)
    return NULL;
  for (guint i = 0; i < parent->n_items; i++)
    if (flt_node_value (parent, i) == node)
      return flt_node_key (parent, i);
  return NULL;
}

static gboolean
apply (Editor     *e,
       FltPatch   *patch,
       GError    **error)
{
  return _flt_document_apply_patch (e->doc, patch, TRUE, error);
}

/* Reading an edit back: the text around a patch can change what the
 * patch means (a comment that a block scalar swallows, a line break YAML
 * sees where we do not), so set_value and add_item look at the parse of
 * the result before they commit it. */
typedef struct
{
  Editor       *e;
  GArray       *segments;
  const char   *value;
  FltEditFlags  flags;
  gboolean      last_item;  /* add_item: the value is the list's last item */
} ReadBack;

static gboolean locate (Editor *e, GArray *segments, Located *out, GError **error);

static gboolean
same_yaml (const FltNode *a,
           const FltNode *b)
{
  a = flt_node_deref (a);
  b = flt_node_deref (b);

  if (a == NULL || b == NULL)
    return a == b;
  if (a->kind == FLT_NODE_SCALAR && b->kind == FLT_NODE_SCALAR)
    return a->is_null == b->is_null && (a->is_null || g_strcmp0 (a->value, b->value) == 0);
  if (a->kind != b->kind || a->n_items != b->n_items)
    return FALSE;
  if (a->kind == FLT_NODE_MAPPING)
    {
      for (guint i = 0; i < a->n_items; i++)
        if (!same_yaml (flt_node_key (a, i), flt_node_key (b, i)) ||
            !same_yaml (flt_node_value (a, i), flt_node_value (b, i)))
          return FALSE;
      return TRUE;
    }
  for (guint i = 0; i < a->n_items; i++)
    if (!same_yaml (a->items[i], b->items[i]))
      return FALSE;
  return TRUE;
}

static gboolean
reads_back (FltTree  *tree,
            gpointer  user_data)
{
  ReadBack *rb = user_data;
  Editor e = *rb->e;
  const FltNode *node;
  Located loc;

  /* Paths mean something else once a file changes format. */
  if (_flt_tree_is_legacy (tree) != flt_document_is_legacy (e.doc))
    return FALSE;

  e.tree = tree;
  if (!locate (&e, rb->segments, &loc, NULL) || loc.node == NULL || loc.n_found < rb->segments->len)
    return FALSE;

  node = flt_node_deref (loc.node);
  if (rb->last_item)
    {
      if (node == NULL || node->kind != FLT_NODE_SEQUENCE || node->n_items == 0)
        return FALSE;
      node = flt_node_deref (node->items[node->n_items - 1]);
    }
  if (node == NULL)
    return FALSE;

  if (!(rb->flags & FLT_EDIT_YAML))
    return node->kind == FLT_NODE_SCALAR && !node->is_null &&
           node->value_len == strlen (rb->value) && strcmp (node->value, rb->value) == 0;

  {
    g_autoptr(FltTree) expected = flt_tree_parse (rb->value, strlen (rb->value), "value", NULL, NULL);
    const FltNode *root = expected ? flt_tree_get_root (expected) : NULL;

    if (expected == NULL)
      return FALSE;
    if (root == NULL)
      return node->kind == FLT_NODE_SCALAR && node->is_null;
    return same_yaml (root, node);
  }
}

static gboolean
apply_read_back (Editor    *e,
                 FltPatch  *patch,
                 ReadBack  *rb,
                 gboolean  *rejected,
                 GError   **error)
{
  return _flt_document_apply_patch_checked (e->doc, patch, TRUE, reads_back, rb, rejected, error);
}

static GArray *
parse_path (Editor      *e,
            const char  *path,
            gboolean     for_edit,
            GError     **error)
{
  if (!check_parsed (e, error))
    return NULL;
  if (for_edit && !check_line_breaks (e, error))
    return NULL;
  return flt_path_parse (path, error);
}

/**
 * flt_document_lookup:
 *
 * Returns: (transfer none): the node of the document's own tree at @path
 */
const FltNode *
flt_document_lookup (FltDocument  *self,
                     const char   *path,
                     GError      **error)
{
  g_autoptr(GArray) segments = NULL;
  Editor e;
  Located loc;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), NULL);

  editor_init (&e, self);
  segments = parse_path (&e, path, FALSE, error);
  if (segments == NULL || !locate (&e, segments, &loc, error))
    return NULL;

  if (loc.node == NULL || loc.n_found < segments->len)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_FOUND,
                   _("%s is not in the file"), path);
      return NULL;
    }
  return loc.node;
}

static const FltNode *owner_key_of (const FltNode *node);

/* Refuses to write the value of a key that has no ':' (see
 * key_has_colon()). */
static gboolean
check_has_colon (Editor         *e,
                 const FltNode  *node,
                 const char     *path,
                 GError        **error)
{
  const FltNode *key = node ? owner_key_of (node) : NULL;

  if (key == NULL || key_has_colon (e, key))
    return TRUE;

  g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
               _("%s is written as a key alone, with no “:” after it (“? key” or “{key}”); "
                 "give it a value in the YAML view first"), path);
  return FALSE;
}

/* Replaces the value @node (which @owner_key or a "- " introduces) by a
 * fragment. */
static void
replace_value (Editor         *e,
               FltPatch       *patch,
               const FltNode  *node,
               const Fragment *f)
{
  const FltNode *key = owner_key_of (node);
  gsize end = text_end (e, node);
  gsize dash;

  if (key != NULL)
    {
      gsize from = after_colon (e, key);
      g_autofree char *text = value_after_key (e, f, key->start.column);

      flt_patch_replace (patch, from, end - from, text);
    }
  else if (null_list_item (e, node, &dash))
    {
      guint dash_column = column_of (e, dash);
      g_autofree char *value = value_after_dash (e, f, dash_column);
      g_autofree char *text = NULL;
      gsize from = dash + 1;

      if (node->anchor != NULL || node->tag != NULL)
        {
          /* Keep "&a" or "!tag" on the dash's line; a block collection
           * must then start on a line of its own. */
          g_autofree char *pad = spaces (dash_column + 2);

          from = node->start.offset;
          text = f->block ? g_strconcat (e->nl, pad, value, NULL) : g_strconcat (" ", value, NULL);
        }
      else
        text = g_strconcat (" ", value, NULL);

      flt_patch_replace (patch, from, end - from, text);
    }
  else
    {
      guint column = node->start.column;
      g_autofree char *text = value_after_dash (e, f, column >= 2 ? column - 2 : 0);

      flt_patch_replace (patch, node->start.offset, end - node->start.offset, text);
    }
}

static char *
encode_for_existing (Editor         *e,
                     const FltNode  *node,
                     const char     *value,
                     gboolean        flow)
{
  const FltNode *key = owner_key_of (node);
  guint indent = (key ? key->start.column : node->start.column) + e->step;

  if (node->style == FLT_SCALAR_PLAIN)
    {
      FltPlainKind old_kind = node->is_null ? FLT_PLAIN_STRING : flt_yaml_plain_kind (node->value);
      FltPlainKind new_kind = flt_yaml_plain_kind (value);

      if (flt_yaml_plain_is_safe (value, flow) &&
          (new_kind == old_kind ||
           ((old_kind == FLT_PLAIN_NUMBER || old_kind == FLT_PLAIN_BOOL) &&
            (new_kind == FLT_PLAIN_NUMBER || new_kind == FLT_PLAIN_BOOL))))
        return g_strdup (value);
      return flt_yaml_encode_scalar (value, FLT_SCALAR_DOUBLE_QUOTED, flow, indent, e->nl);
    }

  return flt_yaml_encode_scalar (value, node->style, flow, indent, e->nl);
}

static gboolean
in_flow (const FltNode *node)
{
  for (const FltNode *p = node->parent; p != NULL; p = p->parent)
    if (p->flow)
      return TRUE;
  return FALSE;
}

gboolean
flt_document_set_value (FltDocument   *self,
                        const char    *path,
                        const char    *value,
                        FltEditFlags   flags,
                        GError       **error)
{
  g_autoptr(GArray) segments = NULL;
  g_autoptr(FltPatch) patch = NULL;
  Fragment f = { 0 };
  gboolean ok = FALSE;
  Editor e;
  Located loc;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  editor_init (&e, self);
  segments = parse_path (&e, path, TRUE, error);
  if (segments == NULL || !locate (&e, segments, &loc, error))
    return FALSE;

  if (refuse_shared (&e, &loc, path, error))
    return FALSE;

  if (!check_has_colon (&e, (loc.node != NULL && loc.n_found == segments->len && !loc.via_merge) ?
                               loc.node : loc.via_merge ? loc.merge_host : loc.stop,
                        path, error))
    return FALSE;

  if (!make_fragment (&e, value, flags, &f, error))
    return FALSE;

  patch = flt_patch_new (_("Set value"));

  if (loc.node != NULL && loc.n_found == segments->len && !loc.via_merge)
    {
      const FltNode *node = loc.node;
      gboolean flow = in_flow (node);

      if (node->kind == FLT_NODE_SCALAR && !(flags & FLT_EDIT_YAML))
        {
          g_autofree char *text = encode_for_existing (&e, node, value, flow);
          gsize end = text_end (&e, node);
          ReadBack rb = { &e, segments, value, flags, FALSE };
          gboolean rejected = FALSE;

          for (guint attempt = 0; attempt < 2; attempt++)
            {
              g_autoptr(GError) local_error = NULL;

              if (node->is_null && node->start.offset == end)
                {
                  /* "key:" with nothing after it */
                  g_autofree char *spaced = g_strconcat (" ", text, NULL);

                  flt_patch_replace (patch, node->start.offset, 0, spaced);
                }
              else
                flt_patch_replace (patch, node->start.offset, end - node->start.offset, text);

              ok = apply_read_back (&e, patch, &rb, &rejected, &local_error);
              if (ok || !rejected || attempt > 0)
                {
                  if (!ok)
                    g_propagate_error (error, g_steal_pointer (&local_error));
                  goto out;
                }

              /* The style kept from the old value did not read back (a
               * block scalar that swallows the comment after it, say):
               * double quotes say exactly what they hold. */
              g_free (text);
              text = flt_yaml_encode_scalar (value, FLT_SCALAR_DOUBLE_QUOTED, flow, 0, e.nl);
              g_clear_pointer (&patch, flt_patch_unref);
              patch = flt_patch_new (_("Set value"));
            }
        }
      else if (flow)
        {
          /* One line, as add_item asks in flow lists: a value that runs
           * over lines would not keep the file's line endings, nor read
           * easily there. */
          if (f.block || strchr (f.text, '\n') != NULL)
            {
              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_VALUE,
                           _("%s is inside a flow collection ([...] or {...}); "
                             "write the value in flow style too"), path);
              goto out;
            }
          flt_patch_replace (patch, node->start.offset, text_end (&e, node) - node->start.offset, f.text);
        }
      else
        replace_value (&e, patch, node, &f);
    }
  else
    {
      /* Missing (or only inherited): add it to the deepest mapping that is
       * the file's own. */
      FltNode *host = loc.via_merge ? loc.merge_host : loc.stop;
      guint from = loc.via_merge ? loc.n_found - 1 : loc.n_found;
      const FltNode *owner = host ? owner_key_of (host) : NULL;
      guint column;
      g_autofree char *key_text = NULL;
      g_autofree char *value_text = NULL;

      if (host != NULL && host->kind != FLT_NODE_MAPPING &&
          !(host->kind == FLT_NODE_SCALAR && host->is_null))
        {
          g_autofree char *where = path_prefix (segments, from);

          g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
                       _("%s is not a mapping (found %s)"), where, flt_node_kind_to_string (host));
          goto out;
        }

      column = mapping_column (&e, host, owner);
      if (host != NULL && host->kind == FLT_NODE_MAPPING && host->flow)
        column = 0;
      if (!build_missing (&e, segments, from, &f, column, &key_text, &value_text, error))
        goto out;
      if (!insert_entry (&e, patch, host, owner, column, key_text, value_text))
        {
          g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_VALUE,
                       _("%s is inside a flow collection ([...] or {...}); "
                         "write the value in flow style too"), path);
          goto out;
        }
    }

  {
    ReadBack rb = { &e, segments, value, flags, FALSE };

    ok = apply_read_back (&e, patch, &rb, NULL, error);
  }

out:
  fragment_clear (&f);
  return ok;
}

gboolean
flt_document_add_item (FltDocument   *self,
                       const char    *path,
                       const char    *value,
                       FltEditFlags   flags,
                       GError       **error)
{
  g_autoptr(GArray) segments = NULL;
  g_autoptr(FltPatch) patch = NULL;
  Fragment f = { 0 };
  gboolean ok = FALSE;
  Editor e;
  Located loc;
  FltNode *seq;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  editor_init (&e, self);
  segments = parse_path (&e, path, TRUE, error);
  if (segments == NULL || !locate (&e, segments, &loc, error))
    return FALSE;

  if (refuse_shared (&e, &loc, path, error))
    return FALSE;
  if (loc.via_merge && loc.n_found == segments->len)
    return refuse_inherited (&loc, path, error);

  if (!check_has_colon (&e, loc.n_found == segments->len && loc.node != NULL ? loc.node : loc.stop,
                        path, error))
    return FALSE;

  if (!make_fragment (&e, value, flags, &f, error))
    return FALSE;

  patch = flt_patch_new (_("Add item"));
  seq = loc.n_found == segments->len ? loc.node : NULL;

  if (seq != NULL && seq->kind == FLT_NODE_SEQUENCE)
    {
      if (seq->flow)
        {
          if (f.block || strchr (f.text, '\n') != NULL)
            {
              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_VALUE,
                           _("%s is a flow list ([...]); write the item in flow style too"), path);
              goto out;
            }
          if (seq->n_items > 0)
            {
              g_autofree char *text = NULL;
              g_autofree char *item = (flags & FLT_EDIT_YAML) ? g_strdup (f.text)
                                      : flt_yaml_encode_new_scalar (value, FALSE, TRUE);

              text = g_strconcat (", ", item, NULL);
              flt_patch_replace (patch, text_end (&e, seq->items[seq->n_items - 1]), 0, text);
            }
          else
            {
              g_autofree char *item = (flags & FLT_EDIT_YAML) ? g_strdup (f.text)
                                      : flt_yaml_encode_new_scalar (value, FALSE, TRUE);

              flt_patch_replace (patch, seq->start.offset + 1, 0, item);
            }
        }
      else if (seq->n_items > 0)
        {
          guint column = seq->start.column;
          g_autofree char *pad = spaces (column);
          const FltNode *last = seq->items[seq->n_items - 1];
          g_autofree char *item = NULL;

          /* Quote the new item the way its neighbours are quoted. */
          if (!(flags & FLT_EDIT_YAML) && last->kind == FLT_NODE_SCALAR &&
              (last->style == FLT_SCALAR_DOUBLE_QUOTED || last->style == FLT_SCALAR_SINGLE_QUOTED) &&
              strchr (value, '\n') == NULL)
            item = flt_yaml_encode_scalar (value, last->style, FALSE, column + 2, e.nl);
          else
            item = value_after_dash (&e, &f, column);
          gsize at = line_end (&e, text_end (&e, seq->items[seq->n_items - 1]));
          g_autofree char *text = g_strconcat (e.nl, pad, "- ", item, NULL);

          flt_patch_replace (patch, at, 0, text);
        }
      else
        g_assert_not_reached ();
    }
  else if (seq == NULL || (seq->kind == FLT_NODE_SCALAR && seq->is_null))
    {
      /* A list that does not exist yet (or is null): write one. */
      g_autofree char *dash = value_after_dash (&e, &f, 0);
      g_autofree char *list = g_strconcat ("- ", dash, NULL);
      Fragment lf = { TRUE, g_steal_pointer (&list), TRUE };

      if (seq != NULL)
        replace_value (&e, patch, seq, &lf);
      else
        {
          FltNode *host = loc.stop;
          const FltNode *owner = host ? owner_key_of (host) : NULL;
          guint column = mapping_column (&e, host, owner);
          g_autofree char *key_text = NULL;
          g_autofree char *value_text = NULL;

          if (host != NULL && host->kind != FLT_NODE_MAPPING &&
              !(host->kind == FLT_NODE_SCALAR && host->is_null))
            {
              g_autofree char *where = path_prefix (segments, loc.n_found);

              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
                           _("%s is not a mapping (found %s)"), where, flt_node_kind_to_string (host));
              fragment_clear (&lf);
              goto out;
            }
          if (host != NULL && host->kind == FLT_NODE_MAPPING && host->flow)
            {
              g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_VALUE,
                           _("%s is inside a flow collection ([...] or {...}); "
                             "write the value in flow style too"), path);
              fragment_clear (&lf);
              goto out;
            }
          if (!build_missing (&e, segments, loc.n_found, &lf, column, &key_text, &value_text, error))
            {
              fragment_clear (&lf);
              goto out;
            }
          insert_entry (&e, patch, host, owner, column, key_text, value_text);
        }
      fragment_clear (&lf);
    }
  else
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
                   _("%s is not a list (found %s); use set to change it"),
                   path, flt_node_kind_to_string (seq));
      goto out;
    }

  {
    ReadBack rb = { &e, segments, value, flags, TRUE };

    ok = apply_read_back (&e, patch, &rb, NULL, error);
  }

out:
  fragment_clear (&f);
  return ok;
}

/* Removal */

/* Turns the collection @node, whose last entry is being removed, into an
 * empty flow collection on its key's line, or after its dash when it is a
 * list item: the item stays, so that removing something deep inside nested
 * lists never takes the lists around it along. */
static gboolean
collapse (Editor   *e,
          FltPatch *patch,
          FltNode  *node)
{
  const FltNode *key = owner_key_of (node);
  const char *empty = node->kind == FLT_NODE_MAPPING ? " {}" : " []";

  if (key != NULL && !key_has_colon (e, key))
    return FALSE;
  if (key != NULL)
    {
      gsize from = after_colon (e, key);
      gsize to = line_end (e, text_end (e, node));

      flt_patch_replace (patch, from, to - from, empty);
      return TRUE;
    }

  if (node->parent != NULL && node->parent->kind == FLT_NODE_SEQUENCE && !node->parent->flow)
    {
      gsize dash = find_dash (e, node->parent, node);
      gsize to = line_end (e, text_end (e, node));

      if (dash < e->length && e->text[dash] == '-' && to > dash)
        {
          flt_patch_replace (patch, dash + 1, to - dash - 1, empty);
          return TRUE;
        }
    }

  return FALSE;
}

static void
remove_flow_entry (Editor   *e,
                   FltPatch *patch,
                   FltNode  *collection,
                   guint     index)
{
  gboolean mapping = collection->kind == FLT_NODE_MAPPING;
  guint n = collection->n_items;
  const FltNode *first = mapping ? flt_node_key (collection, index) : collection->items[index];
  const FltNode *last = mapping ? flt_node_value (collection, index) : collection->items[index];

  if (n == 1)
    flt_patch_replace (patch, first->start.offset, last->end.offset - first->start.offset, "");
  else if (index + 1 < n)
    {
      const FltNode *next = mapping ? flt_node_key (collection, index + 1) : collection->items[index + 1];

      flt_patch_replace (patch, first->start.offset, next->start.offset - first->start.offset, "");
    }
  else
    {
      const FltNode *previous = mapping ? flt_node_value (collection, index - 1) : collection->items[index - 1];

      flt_patch_replace (patch, previous->end.offset, last->end.offset - previous->end.offset, "");
    }
}

static guint
indentation (const Editor *e,
             gsize         start)
{
  guint n = 0;

  while (start + n < e->length && e->text[start + n] == ' ')
    n++;
  return n;
}

/* Deletes whole lines [start, end) of an entry at @column and, when the
 * entry sat between two blank lines or was the first under its parent,
 * the blank line after it, so that spacing between entries stays even. */
static void
delete_lines (Editor   *e,
              FltPatch *patch,
              gsize     start,
              gsize     end,
              guint     column)
{
  gsize previous = start > 0 ? line_start (e, start - 1) : 0;

  if (start > 0 && end < e->length && line_is_blank (e, end) &&
      (line_is_blank (e, previous) || indentation (e, previous) < column))
    end = next_line (e, end);
  else if (end >= e->length && start > 0 && line_is_blank (e, line_start (e, start - 1)))
    start = line_start (e, start - 1);

  flt_patch_replace (patch, start, end - start, "");
}

static gsize
find_dash (Editor        *e,
           const FltNode *seq,
           const FltNode *item)
{
  gsize p = item->start.offset;

  if (item == seq->items[0])
    return seq->start.offset;

  while (p > seq->start.offset)
    {
      p--;
      if (e->text[p] == '-' && (p + 1 >= e->length || g_ascii_isspace (e->text[p + 1])) &&
          (p == 0 || g_ascii_isspace (e->text[p - 1])))
        return p;
    }
  return item->start.offset;
}

static void
remove_sequence_item (Editor   *e,
                      FltPatch *patch,
                      FltNode  *seq,
                      guint     index)
{
  FltNode *item = seq->items[index];
  gsize dash;

  if (seq->flow)
    {
      remove_flow_entry (e, patch, seq, index);
      return;
    }

  if (seq->n_items == 1 && collapse (e, patch, seq))
    return;

  dash = find_dash (e, seq, item);
  if (only_space_before (e, dash))
    {
      gsize start = entry_start_with_comments (e, dash, seq->start.column);
      gsize end = next_line (e, text_end (e, item));

      delete_lines (e, patch, start, end, seq->start.column);
    }
  else if (index + 1 < seq->n_items)
    {
      gsize next = find_dash (e, seq, seq->items[index + 1]);

      flt_patch_replace (patch, dash, next - dash, "");
    }
  else
    flt_patch_replace (patch, dash, text_end (e, item) - dash, "");
}

static void
remove_mapping_entry (Editor   *e,
                      FltPatch *patch,
                      FltNode  *mapping,
                      guint     index)
{
  const FltNode *key = flt_node_key (mapping, index);
  const FltNode *value = flt_node_value (mapping, index);

  if (mapping->flow)
    {
      remove_flow_entry (e, patch, mapping, index);
      return;
    }

  if (mapping->n_items == 1 && mapping->parent != NULL && collapse (e, patch, mapping))
    return;

  if (only_key_prefix_before (e, key_entry_start (e, key)))
    {
      gsize first = key_entry_start (e, key);
      guint column = first - line_start (e, first);
      gsize start = entry_start_with_comments (e, first, column);
      gsize end = next_line (e, text_end (e, value));

      delete_lines (e, patch, start, end, column);
    }
  else if (index + 1 < mapping->n_items)
    {
      /* The first key of a list item ("- key: value"): the next key moves
       * up after the dash. */
      const FltNode *next = flt_node_key (mapping, index + 1);

      flt_patch_replace (patch, key->start.offset, next->start.offset - key->start.offset, "");
    }
  else
    flt_patch_replace (patch, key->start.offset, text_end (e, value) - key->start.offset, "");
}

gboolean
flt_document_remove (FltDocument  *self,
                     const char   *path,
                     GError      **error)
{
  g_autoptr(GArray) segments = NULL;
  g_autoptr(FltPatch) patch = NULL;
  Editor e;
  Located loc;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  editor_init (&e, self);
  segments = parse_path (&e, path, TRUE, error);
  if (segments == NULL || !locate (&e, segments, &loc, error))
    return FALSE;

  if (loc.node == NULL || loc.n_found < segments->len)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_FOUND,
                   _("%s is not in the file, so there is nothing to remove"), path);
      return FALSE;
    }
  if (refuse_shared (&e, &loc, path, error))
    return FALSE;
  if (loc.via_merge)
    return refuse_inherited (&loc, path, error);
  if (loc.container == NULL)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_PATH,
                   _("the whole file cannot be removed"));
      return FALSE;
    }

  /* Translators: the name of an edit in the undo history: a key or an item was removed */
  patch = flt_patch_new (_("Remove"));
  if (loc.container->kind == FLT_NODE_MAPPING)
    remove_mapping_entry (&e, patch, loc.container, loc.index);
  else
    remove_sequence_item (&e, patch, loc.container, loc.index);

  return apply (&e, patch, error);
}

/* Services */

static gboolean
valid_service_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
check_service_name (const char  *name,
                    GError     **error)
{
  if (valid_service_name (name))
    return TRUE;

  g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_NAME,
               _("“%s” is not a valid service name; use letters, digits, “.”, “_” and “-”"),
               name ? name : "");
  return FALSE;
}

/* At the top level of a legacy (version 1) file, "x-" keys are
 * extensions: a service named so would vanish. */
static gboolean
check_legacy_service_name (Editor      *e,
                           const char  *name,
                           GError     **error)
{
  if (!flt_document_is_legacy (e->doc) || !g_str_has_prefix (name, "x-"))
    return TRUE;

  g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_NAME,
               _("in this version 1 file, a top-level name starting with “x-” is an extension "
                 "field, not a service; choose a name that does not start with “x-”"));
  return FALSE;
}

/* The services mapping (the top level itself in the legacy format), or
 * NULL with @error unset when there is none yet. */
static FltNode *
services_mapping (Editor  *e,
                  GError **error)
{
  FltNode *root = flt_tree_get_root (e->tree);
  FltNode *services;

  if (root == NULL)
    return NULL;
  if (flt_document_is_legacy (e->doc))
    return root;
  if (root->kind != FLT_NODE_MAPPING)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
                   _("the file’s top level is not a mapping (found %s)"), flt_node_kind_to_string (root));
      return NULL;
    }

  services = flt_node_lookup (root, "services");
  if (services != NULL && services->kind == FLT_NODE_ALIAS)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SHARED,
                   _("services is an alias; edit the anchor it refers to"));
      return NULL;
    }
  return services;
}

static int
find_service (Editor      *e,
              FltNode     *services,
              const char  *name)
{
  if (services == NULL || services->kind != FLT_NODE_MAPPING)
    return -1;
  return flt_node_lookup_index (services, name);
}

gboolean
flt_document_add_service (FltDocument  *self,
                          const char   *name,
                          const char   *image,
                          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *encoded = NULL;
  FltNode *services;
  Editor e;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  editor_init (&e, self);
  if (!check_parsed (&e, error) || !check_service_name (name, error) ||
      !check_legacy_service_name (&e, name, error))
    return FALSE;

  services = services_mapping (&e, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (find_service (&e, services, name) >= 0)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_EXISTS,
                   _("there is already a service called “%s”"), name);
      return FALSE;
    }

  path = flt_path_append_key ("services", name);
  if (image != NULL && *image != '\0')
    {
      encoded = flt_yaml_encode_new_scalar (image, TRUE, FALSE);
      fragment = g_strconcat ("image: ", encoded, NULL);
    }
  else
    fragment = g_strdup ("{}");

  return flt_document_set_value (self, path, fragment, FLT_EDIT_YAML, error);
}

gboolean
flt_document_remove_service (FltDocument  *self,
                             const char   *name,
                             GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  path = flt_path_append_key ("services", name);
  return flt_document_remove (self, path, error);
}

/* For duplicate and rename: the services mapping and @name's entry in it,
 * once the file parses, @name exists and @new_name is free and valid. */
static gboolean
find_service_to_copy (Editor      *e,
                      const char  *name,
                      const char  *new_name,
                      FltNode    **out_services,
                      int         *out_index,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  FltNode *services;

  if (!check_parsed (e, error) || !check_line_breaks (e, error) ||
      !check_service_name (new_name, error) || !check_legacy_service_name (e, new_name, error))
    return FALSE;

  services = services_mapping (e, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *out_index = find_service (e, services, name);
  if (*out_index < 0)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_FOUND,
                   _("there is no service called “%s”"), name);
      return FALSE;
    }
  if (find_service (e, services, new_name) >= 0)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_EXISTS,
                   _("there is already a service called “%s”"), new_name);
      return FALSE;
    }

  *out_services = services;
  return TRUE;
}

/* Reading a duplicated or renamed service back: the new name is there,
 * the old one is there or gone, and no other service came or went. */
typedef struct
{
  Editor     *e;
  const char *name;
  const char *new_name;
  guint       n_services;
  gboolean    keep_old;
} ServiceCheck;

static gboolean
services_read_back (FltTree  *tree,
                    gpointer  user_data)
{
  ServiceCheck *check = user_data;
  Editor e = *check->e;
  FltNode *services;

  if (_flt_tree_is_legacy (tree) != flt_document_is_legacy (e.doc))
    return FALSE;

  e.tree = tree;
  services = services_mapping (&e, NULL);
  return services != NULL && services->kind == FLT_NODE_MAPPING &&
         services->n_items == check->n_services &&
         flt_node_lookup_index (services, check->new_name) >= 0 &&
         (flt_node_lookup_index (services, check->name) >= 0) == check->keep_old;
}

gboolean
flt_document_duplicate_service (FltDocument  *self,
                                const char   *name,
                                const char   *new_name,
                                GError      **error)
{
  g_autoptr(FltPatch) patch = NULL;
  g_autofree char *encoded = NULL;
  GString *copy;
  FltNode *services;
  const FltNode *key, *value, *container_name;
  ServiceCheck check;
  gboolean whole_line;
  gsize start, end;
  int index, cn;
  Editor e;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  editor_init (&e, self);
  if (!find_service_to_copy (&e, name, new_name, &services, &index, error))
    return FALSE;
  if (services->flow)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
                   _("services are written in flow style ({...}); "
                     "duplicate the service in the YAML view"));
      return FALSE;
    }

  key = flt_node_key (services, index);
  value = flt_node_value (services, index);
  end = text_end (&e, value);
  /* From the start of the key's line when only indentation, "? " or the
   * key's anchor come before it: the copy keeps them. */
  whole_line = only_key_prefix_before (&e, key_entry_start (&e, key));
  start = whole_line ? line_start (&e, key_entry_start (&e, key)) : key->start.offset;

  /* The copy: the service's own text with the key renamed and without
   * container_name, which two containers cannot share. */
  copy = g_string_new_len (e.text + start, end - start);
  container_name = value->kind == FLT_NODE_MAPPING && !value->flow ? value : NULL;
  cn = container_name ? flt_node_lookup_index (container_name, "container_name") : -1;
  if (cn >= 0 && container_name->n_items > 1 &&
      only_space_before (&e, flt_node_key (container_name, cn)->start.offset))
    {
      const FltNode *ck = flt_node_key (container_name, cn);
      gsize cs = line_start (&e, ck->start.offset);
      gsize ce = MIN (next_line (&e, text_end (&e, flt_node_value (container_name, cn))), end);

      if (cs > start)
        g_string_erase (copy, cs - start, ce - cs);
    }
  encoded = flt_yaml_encode_key (new_name);
  g_string_erase (copy, key->start.offset - start, key->end.offset - key->start.offset);
  g_string_insert (copy, key->start.offset - start, encoded);
  if (!whole_line)
    {
      g_autofree char *pad = spaces (key->start.column);

      g_string_prepend (copy, pad);
    }
  g_string_prepend (copy, e.nl);
  while (copy->len > 0 && (copy->str[copy->len - 1] == '\n' || copy->str[copy->len - 1] == '\r'))
    g_string_truncate (copy, copy->len - 1);

  patch = flt_patch_new (_("Duplicate service"));
  flt_patch_replace (patch, line_end (&e, end), 0, copy->str);
  g_string_free (copy, TRUE);

  check.e = &e;
  check.name = name;
  check.new_name = new_name;
  check.n_services = services->n_items + 1;
  check.keep_old = TRUE;
  return _flt_document_apply_patch_checked (self, patch, TRUE, services_read_back, &check, NULL, error);
}

typedef struct
{
  Editor *e;
  FltPatch *patch;
  GHashTable *done;      /* offsets already patched: shared anchors are met twice */
  const char *old_name;
  const char *new_name;
} Rename;

static void
rename_scalar_part (Rename        *r,
                    const FltNode *node,
                    const char    *prefix,
                    gboolean       allow_suffix)
{
  gsize plen = strlen (prefix);
  gsize olen = strlen (r->old_name);
  const char *v;
  g_autofree char *renamed = NULL;
  g_autofree char *text = NULL;

  node = flt_node_deref (node);
  if (node == NULL || node->kind != FLT_NODE_SCALAR || node->value == NULL)
    return;

  v = node->value;
  if (strncmp (v, prefix, plen) != 0 || strncmp (v + plen, r->old_name, olen) != 0)
    return;
  if (v[plen + olen] != '\0' && !(allow_suffix && v[plen + olen] == ':'))
    return;
  if (g_hash_table_contains (r->done, GSIZE_TO_POINTER (node->start.offset + 1)))
    return;
  g_hash_table_add (r->done, GSIZE_TO_POINTER (node->start.offset + 1));

  renamed = g_strconcat (prefix, r->new_name, v + plen + olen, NULL);
  text = flt_yaml_encode_scalar (renamed, node->style, in_flow (node), node->start.column, r->e->nl);
  flt_patch_replace (r->patch, node->start.offset, text_end (r->e, node) - node->start.offset, text);
}

static void
rename_in_list (Rename        *r,
                const FltNode *list,
                const char    *prefix,
                gboolean       allow_suffix)
{
  list = flt_node_deref (list);
  if (list == NULL || list->kind != FLT_NODE_SEQUENCE)
    return;
  for (guint i = 0; i < list->n_items; i++)
    rename_scalar_part (r, list->items[i], prefix, allow_suffix);
}

static void
rename_references (Rename        *r,
                   const FltNode *service)
{
  static const char * const service_modes[] = { "network_mode", "ipc", "pid", "uts", "cgroup" };
  const FltNode *depends, *extends;

  service = flt_node_deref (service);
  if (service == NULL || service->kind != FLT_NODE_MAPPING)
    return;

  depends = flt_node_deref (flt_node_lookup (service, "depends_on"));
  if (depends != NULL && depends->kind == FLT_NODE_SEQUENCE)
    rename_in_list (r, depends, "", FALSE);
  else if (depends != NULL && depends->kind == FLT_NODE_MAPPING)
    for (guint i = 0; i < depends->n_items; i++)
      rename_scalar_part (r, flt_node_key (depends, i), "", FALSE);

  rename_in_list (r, flt_node_lookup (service, "links"), "", TRUE);
  rename_in_list (r, flt_node_lookup (service, "volumes_from"), "", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (service_modes); i++)
    rename_scalar_part (r, flt_node_lookup (service, service_modes[i]), "service:", FALSE);

  extends = flt_node_deref (flt_node_lookup (service, "extends"));
  if (extends != NULL && extends->kind == FLT_NODE_MAPPING && flt_node_lookup (extends, "file") == NULL)
    rename_scalar_part (r, flt_node_lookup (extends, "service"), "", FALSE);
  else if (extends != NULL && extends->kind == FLT_NODE_SCALAR)
    rename_scalar_part (r, extends, "", FALSE);
}

gboolean
flt_document_rename_service (FltDocument  *self,
                             const char   *old_name,
                             const char   *new_name,
                             GError      **error)
{
  g_autoptr(FltPatch) patch = NULL;
  g_autoptr(GHashTable) done = NULL;
  g_autofree char *key_text = NULL;
  FltNode *services;
  const FltNode *key;
  ServiceCheck check;
  Rename r;
  int index;
  Editor e;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  if (g_strcmp0 (old_name, new_name) == 0)
    {
      g_autofree char *path = flt_path_append_key ("services", old_name);

      return flt_document_lookup (self, path, error) != NULL;
    }

  editor_init (&e, self);
  if (!find_service_to_copy (&e, old_name, new_name, &services, &index, error))
    return FALSE;

  patch = flt_patch_new (_("Rename service"));
  done = g_hash_table_new (NULL, NULL);

  key = flt_node_key (services, index);
  key_text = flt_yaml_encode_scalar (new_name, key->style, services->flow, 0, e.nl);
  flt_patch_replace (patch, key->start.offset, key->end.offset - key->start.offset, key_text);
  g_hash_table_add (done, GSIZE_TO_POINTER (key->start.offset + 1));

  r.e = &e;
  r.patch = patch;
  r.done = done;
  r.old_name = old_name;
  r.new_name = new_name;

  for (guint i = 0; i < services->n_items; i++)
    {
      const FltNode *k = flt_node_key (services, i);

      if (k->kind == FLT_NODE_SCALAR && g_str_has_prefix (k->value, "x-") &&
          flt_document_is_legacy (self))
        continue;
      rename_references (&r, flt_node_value (services, i));
    }

  check.e = &e;
  check.name = old_name;
  check.new_name = new_name;
  check.n_services = services->n_items;
  check.keep_old = FALSE;
  return _flt_document_apply_patch_checked (self, patch, TRUE, services_read_back, &check, NULL, error);
}
