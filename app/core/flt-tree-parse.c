/* flt-tree-parse.c: libyaml events to a tree whose nodes keep their spans
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>
#include <yaml.h>

#include "flt-tree-private.h"

/* libyaml's marks count characters, not bytes (and skip a BOM); this turns
 * them into byte offsets with a cursor that mostly moves forward. */
typedef struct
{
  const char *text;
  gsize       length;
  gsize       base;
  gboolean    ascii;
  gsize       char_pos;
  gsize       byte_pos;
} MarkMap;

typedef struct
{
  FltTree    *tree;
  const char *text;
  gsize       length;
  MarkMap     map;
  GPtrArray  *stack;
  GHashTable *anchors;
  guint       depth;
} Builder;

static gsize
map_index (MarkMap *map,
           gsize    char_index)
{
  if (map->ascii)
    return MIN (map->base + char_index, map->length);

  while (map->char_pos < char_index && map->byte_pos < map->length)
    {
      guchar c = map->text[map->byte_pos];
      gsize step = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

      map->byte_pos = MIN (map->byte_pos + step, map->length);
      map->char_pos++;
    }

  while (map->char_pos > char_index && map->byte_pos > map->base)
    {
      map->byte_pos--;
      while (map->byte_pos > map->base && (((guchar) map->text[map->byte_pos]) & 0xc0) == 0x80)
        map->byte_pos--;
      map->char_pos--;
    }

  return map->byte_pos;
}

static FltMark
convert_mark (Builder           *b,
              const yaml_mark_t *mark)
{
  FltMark m;

  m.offset = map_index (&b->map, mark->index);
  m.line = mark->line;
  m.column = mark->column;
  return m;
}

/* A node's marks start at its anchor or tag; editing wants the content, so
 * skip the properties, and any spaces, line breaks and comments after them. */
static void
skip_properties (Builder *b,
                 FltMark *mark)
{
  const char *t = b->text;
  gsize p = mark->offset;
  guint line = mark->line;
  guint column = mark->column;

  for (;;)
    {
      if (p < b->length && (t[p] == '&' || t[p] == '!'))
        {
          while (p < b->length && t[p] != ' ' && t[p] != '\t' && t[p] != '\n' && t[p] != '\r')
            {
              if ((((guchar) t[p]) & 0xc0) != 0x80)
                column++;
              p++;
            }
        }
      else if (p < b->length && (t[p] == ' ' || t[p] == '\t'))
        {
          p++;
          column++;
        }
      else if (p < b->length && (t[p] == '\n' || t[p] == '\r'))
        {
          if (t[p] == '\r' && p + 1 < b->length && t[p + 1] == '\n')
            p++;
          p++;
          line++;
          column = 0;
        }
      else if (p < b->length && t[p] == '#' && (p == 0 || t[p - 1] == ' ' || t[p - 1] == '\t'))
        {
          while (p < b->length && t[p] != '\n' && t[p] != '\r')
            p++;
        }
      else
        break;
    }

  mark->offset = p;
  mark->line = line;
  mark->column = column;
}

static gboolean
is_null_scalar (const yaml_event_t *event)
{
  const char *v = (const char *) event->data.scalar.value;

  if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return FALSE;
  if (event->data.scalar.tag != NULL)
    return g_str_equal ((const char *) event->data.scalar.tag, "tag:yaml.org,2002:null") ||
           g_str_has_prefix ((const char *) event->data.scalar.tag, "!");
  return v[0] == '\0' || g_str_equal (v, "~") || g_str_equal (v, "null") ||
         g_str_equal (v, "Null") || g_str_equal (v, "NULL");
}

static void
attach (Builder *b,
        FltNode *node)
{
  FltNode *parent;

  if (b->stack->len == 0)
    {
      flt_tree_set_root (b->tree, node);
      return;
    }

  parent = g_ptr_array_index (b->stack, b->stack->len - 1);
  if (parent->n_items == parent->n_alloc)
    {
      parent->n_alloc = MAX (4, parent->n_alloc * 2);
      parent->items = g_renew (FltNode *, parent->items, parent->n_alloc);
    }
  /* Mappings count raw entries while they are built; see MAPPING_END. */
  parent->items[parent->n_items++] = node;
  node->parent = parent;
}

static const char *
intern (Builder       *b,
        const guchar  *str)
{
  return str ? flt_tree_intern (b->tree, (const char *) str, -1) : NULL;
}

static void
remember_anchor (Builder *b,
                 FltNode *node)
{
  if (node->anchor != NULL)
    g_hash_table_insert (b->anchors, (gpointer) node->anchor, node);
}

static FltNode *
open_node (Builder            *b,
           FltNodeKind         kind,
           const yaml_event_t *event,
           const guchar       *anchor,
           const guchar       *tag)
{
  FltNode *node = _flt_tree_alloc_node (b->tree, kind);

  node->start = convert_mark (b, &event->start_mark);
  node->end = convert_mark (b, &event->end_mark);
  node->anchor = intern (b, anchor);
  node->tag = intern (b, tag);
  if (node->anchor != NULL || node->tag != NULL)
    skip_properties (b, &node->start);

  return node;
}

static gboolean
handle_event (Builder       *b,
              yaml_event_t  *event,
              FltMark       *error_mark,
              GError       **error)
{
  FltNode *node;

  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      node = open_node (b, FLT_NODE_SCALAR, event, event->data.scalar.anchor, event->data.scalar.tag);
      node->value = flt_tree_intern (b->tree, (const char *) event->data.scalar.value,
                                     event->data.scalar.length);
      node->value_len = event->data.scalar.length;
      node->is_null = is_null_scalar (event);
      /* An empty scalar after an anchor or tag ("- &a" at the end of a
       * line) ends where its properties do: skipping them must not carry
       * its start onto the next line, past its end. */
      if (node->start.offset > node->end.offset)
        node->start = node->end;
      /* A key without a value ("? key" alone, or "a" in "{a, b: c}") gets
       * an empty value placed at the next token, which may be lines
       * further on, under another key: put it right after its key, where
       * an edit of that value belongs. */
      if (node->is_null && node->value_len == 0 && node->anchor == NULL && node->tag == NULL &&
          b->stack->len > 0)
        {
          FltNode *parent = g_ptr_array_index (b->stack, b->stack->len - 1);
          gsize at = node->start.offset;

          if (parent->kind == FLT_NODE_MAPPING && parent->n_items % 2 == 1 &&
              !(at > 0 && at <= b->length && b->text[at - 1] == ':') &&
              parent->items[parent->n_items - 1]->end.offset <= at)
            node->start = node->end = parent->items[parent->n_items - 1]->end;
        }
      switch (event->data.scalar.style)
        {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: node->style = FLT_SCALAR_SINGLE_QUOTED; break;
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: node->style = FLT_SCALAR_DOUBLE_QUOTED; break;
        case YAML_LITERAL_SCALAR_STYLE: node->style = FLT_SCALAR_LITERAL; break;
        case YAML_FOLDED_SCALAR_STYLE: node->style = FLT_SCALAR_FOLDED; break;
        case YAML_PLAIN_SCALAR_STYLE:
        case YAML_ANY_SCALAR_STYLE:
        default: node->style = FLT_SCALAR_PLAIN; break;
        }
      attach (b, node);
      remember_anchor (b, node);
      break;

    case YAML_ALIAS_EVENT:
      node = open_node (b, FLT_NODE_ALIAS, event, NULL, NULL);
      node->value = intern (b, event->data.alias.anchor);
      node->target = g_hash_table_lookup (b->anchors, node->value);
      if (node->target == NULL)
        {
          *error_mark = node->start;
          g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_UNKNOWN_ANCHOR,
                       _("the alias *%s refers to no anchor defined before it"), node->value);
          return FALSE;
        }
      node->target->alias_count++;
      attach (b, node);
      break;

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      if (++b->depth > FLT_TREE_MAX_DEPTH)
        {
          *error_mark = convert_mark (b, &event->start_mark);
          g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_TOO_DEEP,
                       _("nesting is deeper than %d levels; a compose file never needs that"),
                       FLT_TREE_MAX_DEPTH);
          return FALSE;
        }
      if (event->type == YAML_SEQUENCE_START_EVENT)
        {
          node = open_node (b, FLT_NODE_SEQUENCE, event, event->data.sequence_start.anchor,
                            event->data.sequence_start.tag);
          node->flow = event->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
        }
      else
        {
          node = open_node (b, FLT_NODE_MAPPING, event, event->data.mapping_start.anchor,
                            event->data.mapping_start.tag);
          node->flow = event->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
        }
      attach (b, node);
      g_ptr_array_add (b->stack, node);
      break;

    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      b->depth--;
      node = g_ptr_array_steal_index (b->stack, b->stack->len - 1);
      if (node->flow)
        node->end = convert_mark (b, &event->end_mark);
      else if (node->n_items > 0)
        node->end = node->items[node->n_items - 1]->end;
      else
        node->end = node->start;
      if (node->kind == FLT_NODE_MAPPING)
        node->n_items /= 2;
      /* Registered at the end so that a node cannot contain an alias to
       * itself: recursive structures are not compose files. */
      remember_anchor (b, node);
      break;

    case YAML_DOCUMENT_START_EVENT:
      if (b->tree->root != NULL)
        {
          *error_mark = convert_mark (b, &event->start_mark);
          g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_MULTIPLE_DOCUMENTS,
                       _("the file holds more than one YAML document; "
                         "split it into separate compose files"));
          return FALSE;
        }
      break;

    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_NO_EVENT:
    default:
      break;
    }

  return TRUE;
}

static FltMark
mark_at_offset (const char *text,
                gsize       offset)
{
  FltMark m = { offset, 0, 0 };

  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n')
        {
          m.line++;
          m.column = 0;
        }
      else if ((((guchar) text[i]) & 0xc0) != 0x80)
        m.column++;
    }
  return m;
}

static gboolean
check_encoding (const char  *text,
                gsize        length,
                FltMark     *error_mark,
                GError     **error)
{
  const char *end = NULL;
  const char *nul;

  if (length >= 2 && (((guchar) text[0] == 0xff && (guchar) text[1] == 0xfe) ||
                      ((guchar) text[0] == 0xfe && (guchar) text[1] == 0xff)))
    {
      *error_mark = mark_at_offset (text, 0);
      g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_ENCODING,
                   _("the file is encoded in UTF-16; save it as UTF-8"));
      return FALSE;
    }

  nul = memchr (text, '\0', length);
  if (!g_utf8_validate_len (text, nul ? (gsize) (nul - text) : length, &end))
    {
      *error_mark = mark_at_offset (text, end - text);
      g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_ENCODING,
                   _("invalid UTF-8 byte 0x%02x; compose files must be UTF-8 text"),
                   (guchar) *end);
      return FALSE;
    }

  if (nul != NULL)
    {
      *error_mark = mark_at_offset (text, nul - text);
      g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_ENCODING,
                   _("the file contains a NUL byte; it is not a text file"));
      return FALSE;
    }

  return TRUE;
}

/**
 * flt_tree_parse:
 * @text: the text of a YAML file
 * @length: its length in bytes
 * @file: the name to show in diagnostics
 * @error_mark: (out): where the error is, when %NULL is returned
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the tree, whose root is %NULL for a file with no
 *   content, or %NULL on error
 */
FltTree *
flt_tree_parse (const char  *text,
                gsize        length,
                const char  *file,
                FltMark     *error_mark,
                GError     **error)
{
  g_autoptr(FltTree) tree = NULL;
  g_autoptr(GPtrArray) stack = NULL;
  g_autoptr(GHashTable) anchors = NULL;
  FltMark dummy;
  yaml_parser_t parser;
  Builder b = { 0 };
  gboolean done = FALSE;
  gboolean ok = TRUE;

  if (error_mark == NULL)
    error_mark = &dummy;
  memset (error_mark, 0, sizeof *error_mark);

  if (!check_encoding (text, length, error_mark, error))
    return NULL;

  tree = flt_tree_new_empty (file);
  stack = g_ptr_array_new ();
  anchors = g_hash_table_new (g_str_hash, g_str_equal);

  b.tree = tree;
  b.text = text;
  b.length = length;
  b.stack = stack;
  b.anchors = anchors;
  b.map.text = text;
  b.map.length = length;
  b.map.base = (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0) ? 3 : 0;
  b.map.byte_pos = b.map.base;
  b.map.ascii = TRUE;
  for (gsize i = 0; i < length; i++)
    {
      if ((guchar) text[i] >= 0x80)
        {
          b.map.ascii = FALSE;
          break;
        }
    }

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const guchar *) text, length);

  while (!done && ok)
    {
      yaml_event_t event;

      if (!yaml_parser_parse (&parser, &event))
        {
          *error_mark = convert_mark (&b, &parser.problem_mark);
          /* At the end of the stream libyaml moves on to a line that the
           * text does not have; point at the end of the last one. */
          if (error_mark->offset >= length)
            *error_mark = mark_at_offset (text, length);
          if (parser.context != NULL && strstr (parser.context, "quoted scalar") != NULL)
            {
              FltMark gave_up = *error_mark;

              *error_mark = convert_mark (&b, &parser.context_mark);
              g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_SYNTAX,
                           _("the quoted string that starts here is not closed "
                             "(the parser gave up at line %u); add the closing quote"),
                           gave_up.line + 1);
            }
          else if (parser.problem != NULL && strstr (parser.problem, "cannot start any token") != NULL &&
                   error_mark->offset < length && text[error_mark->offset] == '\t')
            g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_SYNTAX,
                         _("a tab character where YAML expects indentation; indent with spaces"));
          else if (parser.context != NULL)
            g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_SYNTAX,
                         /* Translators: both parts come from the YAML parser, in English */
                         _("YAML syntax error: %s %s"), parser.problem, parser.context);
          else
            g_set_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_SYNTAX,
                         _("YAML syntax error: %s"), parser.problem ? parser.problem : "?");
          ok = FALSE;
          break;
        }

      done = event.type == YAML_STREAM_END_EVENT;
      ok = handle_event (&b, &event, error_mark, error);
      yaml_event_delete (&event);
    }

  yaml_parser_delete (&parser);

  if (!ok)
    return NULL;

  return g_steal_pointer (&tree);
}
