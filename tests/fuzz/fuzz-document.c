/* fuzz-document.c: loading a compose file and editing it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Input: the text of a compose file, then a NUL byte and the edits.  A
 * plain compose file (no NUL byte) gets edits made up from a hash of its
 * text, so that every seed of the corpus is edited too.
 *
 * Each edit is a handful of bytes: which operation (set_value, add_item,
 * remove, the four service operations, undo, redo, or typing), on which
 * node of the current tree, with which value from a table or from the
 * input.  After every one:
 *
 *   - a failed edit leaves the text as it was, with a message fit to show;
 *   - a successful one leaves text that parses, in which every byte
 *     before the first line the edit may touch and after the last is as
 *     it was (the region is the entry of the node the path leads to, see
 *     allowed_region());
 *   - the value is where the edit put it (set_value, add_item), or the
 *     tree has fewer nodes (remove);
 *   - undo and redo give back exactly the texts before and after;
 *   - a file written with CRLF line endings keeps them.
 *
 * The text at the end is also derived into a project, whose diagnostics
 * must be fit to show and whose normalised YAML must parse.
 */

#include <string.h>

#include "flt-core.h"
#include "flt-fuzz.h"
#include "flt-path.h"

#define MAX_OPS     24
#define DISPLAY     "fuzz.yml"

static FltEnvironment *empty_environment;
static char *project_dir;

static const char * const values[] = {
  "", "x", "nginx:1.27", "8080:80", "yes", "no", "null", "~", "1", "0x1F", "1e3", "12:30",
  "a: b", "- x", "# not a comment", "x #y", "'", "\"", "\\", "{a: 1}", "[1, 2]", "{", "[",
  "&a", "*a", "!tag", "multi\nline", "trailing\n", "\n", "  leading", "trailing  ",
  "tab\tbetween", "\xc3\xa9 \xc3\xbc", "\xe2\x80\xa8", "line\r\nbreak", "key: value\nother: 2",
  "- one\n- two", "a:\n  b:\n    c: 1", "|", ">", "@at", "`tick", "%pct", "${VAR}", "$$",
  "? q", ": colon", "-", "---", "...", "0o17", ".inf", "true", "\t", "a\n\n", "\n\nb",
  "  a\n b", "x\xc2\x85y", "[a, {b: c}]", "{a: [1, 2], b: {c: d}}", "image: busybox",
};

static const char * const keys[] = {
  "image", "ports", "environment", "new", "a.b", "with space", "\"q\"", "[0]", "services",
  "x-ext", "<<", "\xc3\xa9", "", "- dash", "#", "key: colon", "?", "&anchor", "*alias",
};

static const char * const service_names[] = {
  "web", "db", "new", "web-2", "a.b", "_x", "bad name", "", "\xc3\xa9", "UPPER", "1", "x-ext",
};

static const char * const odd_paths[] = {
  "", ".", "a..b", "[0]", "services[", "services.\"x", "a[99999999999]",
  "services.web.ports[0].x", "[\"a\"]", "services.web.ports[5]", "services", "version",
  "services.web", "x-common.environment", "services.web.environment[\"A.B\"]",
};

typedef enum
{
  OP_SET,
  OP_ADD_ITEM,
  OP_REMOVE,
  OP_ADD_SERVICE,
  OP_REMOVE_SERVICE,
  OP_DUPLICATE_SERVICE,
  OP_RENAME_SERVICE,
  OP_UNDO,
  OP_REDO,
  OP_SET_CHILD,
  OP_TYPE,
  N_OPS
} Op;

/* Text helpers, as the editor sees lines. */

static gsize
line_start (const char *text,
            gsize       offset)
{
  while (offset > 0 && text[offset - 1] != '\n')
    offset--;
  return offset;
}

static gsize
next_line (const char *text,
           gsize       length,
           gsize       offset)
{
  while (offset < length && text[offset] != '\n')
    offset++;
  return offset < length ? offset + 1 : offset;
}

/* Blank, or only a comment. */
static gboolean
line_is_filler (const char *text,
                gsize       length,
                gsize       start)
{
  for (gsize p = start; p < length && text[p] != '\n'; p++)
    {
      if (text[p] == '#')
        return TRUE;
      if (text[p] != ' ' && text[p] != '\t' && text[p] != '\r')
        return FALSE;
    }
  return TRUE;
}

/* The lines of @node's entry: from its key (or dash) to the end of its
 * text, widened over the blank and comment lines around it. */
static void
entry_range (const char    *text,
             gsize          length,
             const FltNode *node,
             gsize         *out_start,
             gsize         *out_end)
{
  const FltNode *parent = node->parent;
  gsize start = node->start.offset;
  gsize end = node->end.offset;

  if (parent == NULL)
    {
      *out_start = 0;
      *out_end = length;
      return;
    }

  if (parent->kind == FLT_NODE_MAPPING)
    for (guint i = 0; i < parent->n_items; i++)
      if (flt_node_value (parent, i) == node)
        {
          start = MIN (start, flt_node_key (parent, i)->start.offset);
          break;
        }

  /* A list item's dash (and anchor) may sit lines above its content:
   * start from where the item before it ends. */
  if (parent->kind == FLT_NODE_SEQUENCE)
    for (guint i = 0; i < parent->n_items; i++)
      if (parent->items[i] == node)
        {
          start = MIN (start, i > 0 ? parent->items[i - 1]->end.offset : parent->start.offset);
          break;
        }

  start = line_start (text, MIN (start, length));
  while (start > 0)
    {
      gsize previous = line_start (text, start - 1);

      if (!line_is_filler (text, length, previous))
        break;
      start = previous;
    }

  end = next_line (text, length, MIN (end, length));
  while (end < length && line_is_filler (text, length, end))
    end = next_line (text, length, end);

  *out_start = start;
  *out_end = end;
}

/* The node a path leads to in the document's own tree, or the deepest one
 * it reaches, as flt-document-edit.c's locate() walks (without merge
 * keys).  NULL when it goes through an alias or does not parse. */
static const FltNode *
deepest_node (FltDocument *doc,
              const char  *path)
{
  g_autoptr(GArray) segments = flt_path_parse (path, NULL);
  FltTree *tree = flt_document_get_tree (doc);
  const FltNode *cur = tree ? flt_tree_get_root (tree) : NULL;
  guint i = 0;

  if (segments == NULL || cur == NULL)
    return NULL;

  if (flt_document_is_legacy (doc) && segments->len > 0 &&
      g_strcmp0 (g_array_index (segments, FltPathSegment, 0).key, "services") == 0)
    i = 1;

  for (; i < segments->len; i++)
    {
      const FltPathSegment *seg = &g_array_index (segments, FltPathSegment, i);

      if (cur->kind == FLT_NODE_ALIAS)
        return NULL;

      if (seg->key != NULL)
        {
          int index;

          if (cur->kind != FLT_NODE_MAPPING)
            break;
          index = flt_node_lookup_index (cur, seg->key);
          if (index < 0 || flt_node_is_merge_key (flt_node_key (cur, index)))
            break;
          cur = flt_node_value (cur, index);
        }
      else
        {
          if (cur->kind != FLT_NODE_SEQUENCE || seg->index >= cur->n_items)
            break;
          cur = cur->items[seg->index];
        }
    }

  return cur;
}

static const FltNode *
services_node (FltDocument *doc)
{
  FltTree *tree = flt_document_get_tree (doc);
  const FltNode *root = tree ? flt_tree_get_root (tree) : NULL;

  if (root == NULL || root->kind != FLT_NODE_MAPPING || flt_document_is_legacy (doc))
    return NULL;
  return flt_node_lookup (root, "services");
}

/* Where an edit may change the text, in the text before it: [start, end).
 * Everything outside must be byte for byte the same afterwards. */
static void
allowed_region (FltDocument *doc,
                Op           op,
                const char  *path,
                gsize       *start,
                gsize       *end)
{
  gsize length = 0;
  const char *text = flt_document_get_text (doc, &length);
  const FltNode *node = NULL;

  *start = 0;
  *end = length;

  switch (op)
    {
    case OP_SET:
    case OP_SET_CHILD:
    case OP_ADD_ITEM:
      node = deepest_node (doc, path);
      break;

    case OP_REMOVE:
      node = deepest_node (doc, path);
      /* The entry's container; when it is the last entry, the container
       * collapses to {} or [] on its key's line, or leaves its list. */
      if (node != NULL)
        node = node->parent;
      if (node != NULL && node->n_items == 1 && node->parent != NULL)
        node = node->parent;
      break;

    case OP_ADD_SERVICE:
    case OP_REMOVE_SERVICE:
    case OP_DUPLICATE_SERVICE:
    case OP_RENAME_SERVICE:
      node = services_node (doc);
      if (node != NULL && node->kind == FLT_NODE_MAPPING && node->n_items == 1 && op == OP_REMOVE_SERVICE)
        node = node->parent;
      break;

    case OP_UNDO:
    case OP_REDO:
    case OP_TYPE:
    case N_OPS:
    default:
      return;
    }

  if (node != NULL)
    entry_range (text, length, node, start, end);
}

/* Nodes of the tree that a path can name: every value and item. */
static void
collect_nodes (const FltNode *node,
               GPtrArray     *out)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, (gpointer) node);
  while (stack->len > 0)
    {
      const FltNode *n = g_ptr_array_steal_index (stack, stack->len - 1);

      if (n->parent != NULL)
        g_ptr_array_add (out, (gpointer) n);
      if (n->kind == FLT_NODE_MAPPING)
        for (guint i = n->n_items; i > 0; i--)
          g_ptr_array_add (stack, flt_node_value (n, i - 1));
      else if (n->kind == FLT_NODE_SEQUENCE)
        for (guint i = n->n_items; i > 0; i--)
          g_ptr_array_add (stack, n->items[i - 1]);
    }
}

static char *
pick_path (FltDocument   *doc,
           FltFuzzReader *in)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  FltTree *tree = flt_document_get_tree (doc);
  guint choice = flt_fuzz_reader_uint16 (in);

  if (tree != NULL && flt_tree_get_root (tree) != NULL)
    collect_nodes (flt_tree_get_root (tree), nodes);

  if (choice % 8 == 7 || nodes->len == 0)
    return g_strdup (odd_paths[(choice / 8) % G_N_ELEMENTS (odd_paths)]);

  return flt_node_dup_path (g_ptr_array_index (nodes, (choice / 8) % nodes->len));
}

/* A value from the table, or up to 40 bytes of the input. */
static char *
pick_value (FltFuzzReader *in)
{
  guint8 choice = flt_fuzz_reader_byte (in);
  const guint8 *bytes;
  gsize length;

  if (choice < 192)
    return g_strdup (values[choice % G_N_ELEMENTS (values)]);

  bytes = flt_fuzz_reader_bytes (in, 40, &length);
  return g_strndup ((const char *) bytes, length);
}

static char *
pick_service (FltDocument   *doc,
              FltFuzzReader *in)
{
  const FltNode *services = services_node (doc);
  guint8 choice = flt_fuzz_reader_byte (in);

  if (flt_document_is_legacy (doc))
    {
      FltTree *tree = flt_document_get_tree (doc);

      services = tree ? flt_tree_get_root (tree) : NULL;
    }

  if (choice < 160 && services != NULL && services->kind == FLT_NODE_MAPPING && services->n_items > 0)
    {
      const FltNode *key = flt_node_key (services, choice % services->n_items);

      if (key->kind == FLT_NODE_SCALAR)
        return g_strdup (key->value);
    }

  return g_strdup (service_names[choice % G_N_ELEMENTS (service_names)]);
}

/* Two trees mean the same, aliases followed, styles and tags aside. */
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

/* Whether @node holds @value, as set_value or add_item wrote it. */
static gboolean
holds_value (const FltNode *node,
             const char    *value,
             FltEditFlags   flags)
{
  node = flt_node_deref (node);
  if (node == NULL)
    return FALSE;

  if (!(flags & FLT_EDIT_YAML))
    return node->kind == FLT_NODE_SCALAR && !node->is_null && g_strcmp0 (node->value, value) == 0 &&
           node->value_len == strlen (value);

  {
    g_autoptr(FltTree) expected = flt_tree_parse (value, strlen (value), "value", NULL, NULL);
    const FltNode *root = expected ? flt_tree_get_root (expected) : NULL;

    if (expected == NULL)
      return FALSE;
    if (root == NULL)
      return node->kind == FLT_NODE_SCALAR && node->is_null;
    return same_yaml (root, node);
  }
}

static guint
count_bare_newlines (const char *text,
                     gsize       length)
{
  guint n = 0;

  for (gsize i = 0; i < length; i++)
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
      n++;
  return n;
}

static guint
n_nodes (FltDocument *doc)
{
  FltTree *tree = flt_document_get_tree (doc);

  return tree ? flt_tree_get_n_nodes (tree) : 0;
}

static void
check_loaded (FltDocument *doc)
{
  FltDiagnostic *syntax = flt_document_get_syntax_error (doc);
  gsize length = 0;
  const char *text = flt_document_get_text (doc, &length);

  FLT_FUZZ_CHECK ((flt_document_get_tree (doc) == NULL) == (syntax != NULL),
                  "a tree and a syntax error, or neither");
  if (syntax != NULL)
    {
      guint n_lines = 1;

      /* Line breaks as libyaml counts them: \r\n, \r, \n, NEL, LS, PS. */
      for (gsize i = 0; i < length; i++)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= length || text[i + 1] != '\n')) ||
            (i + 1 < length && (guchar) text[i] == 0xc2 && (guchar) text[i + 1] == 0x85) ||
            (i + 2 < length && (guchar) text[i] == 0xe2 && (guchar) text[i + 1] == 0x80 &&
             ((guchar) text[i + 2] == 0xa8 || (guchar) text[i + 2] == 0xa9)))
          n_lines++;
      FLT_FUZZ_CHECK (syntax->message != NULL && g_utf8_validate (syntax->message, -1, NULL),
                      "syntax error message not UTF-8");
      FLT_FUZZ_CHECK (syntax->line >= 1 && syntax->line <= n_lines && syntax->column >= 1,
                      "syntax error at %u:%u of %u lines", syntax->line, syntax->column, n_lines);
      FLT_FUZZ_CHECK (syntax->offset <= length, "syntax error at offset %zu of %zu",
                      syntax->offset, length);
    }
}

static void
check_project (FltDocument *doc)
{
  FltProjectOptions options = { 0 };
  g_autoptr(FltProject) project = NULL;
  g_autofree char *yaml = NULL;
  g_autoptr(FltTree) reparsed = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  GPtrArray *diagnostics;

  flt_document_get_text (doc, &length);
  options.environment = empty_environment;
  options.project_directory = project_dir;

  project = flt_project_new (&doc, 1, &options);
  diagnostics = flt_project_get_diagnostics (project);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const FltDiagnostic *d = g_ptr_array_index (diagnostics, i);

      FLT_FUZZ_CHECK (d->message != NULL && d->message[0] != '\0', "diagnostic without a message");
      FLT_FUZZ_CHECK (g_utf8_validate (d->message, -1, NULL), "diagnostic not UTF-8: %s", d->message);
      if (g_strcmp0 (d->file, DISPLAY) == 0)
        FLT_FUZZ_CHECK (d->offset + d->length <= length, "diagnostic at %zu+%zu of %zu: %s",
                        d->offset, d->length, length, d->message);
    }

  yaml = flt_project_to_yaml (project);
  FLT_FUZZ_CHECK (yaml != NULL, "no YAML for the project");
  reparsed = flt_tree_parse (yaml, strlen (yaml), "config", NULL, &error);
  FLT_FUZZ_CHECK (reparsed != NULL, "the project's YAML does not parse: %s\n%s",
                  error ? error->message : "", yaml);
}

typedef struct
{
  FltDocument *doc;
  GPtrArray   *undo;   /* texts before each edit, as GBytes */
  GPtrArray   *redo;
} Shadow;

/* The text with its NUL, so that it is never an empty GBytes (whose data
 * may be NULL) and can be read as a string. */
static GBytes *
snapshot (FltDocument *doc)
{
  gsize length = 0;
  const char *text = flt_document_get_text (doc, &length);

  return g_bytes_new (text, length + 1);
}

static void
check_text_is (FltDocument *doc,
               GBytes      *expected,
               const char  *what)
{
  gsize length = 0;
  const char *text = flt_document_get_text (doc, &length);

  FLT_FUZZ_CHECK (length + 1 == g_bytes_get_size (expected) &&
                  memcmp (text, g_bytes_get_data (expected, NULL), length) == 0,
                  "%s: text differs", what);
  FLT_FUZZ_CHECK (text[length] == '\0', "%s: text not NUL-terminated", what);
}

static void
run_op (Shadow        *shadow,
        FltFuzzReader *in)
{
  FltDocument *doc = shadow->doc;
  Op op = flt_fuzz_reader_byte (in) % N_OPS;
  g_autoptr(GBytes) before = snapshot (doc);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  g_autofree char *name = NULL;
  g_autofree char *other = NULL;
  FltEditFlags flags = FLT_EDIT_NONE;
  guint revision = flt_document_get_revision (doc);
  guint nodes_before = n_nodes (doc);
  gsize region_start = 0, region_end = 0;
  gsize old_length, new_length;
  const char *old_text = g_bytes_get_data (before, &old_length);
  const char *new_text;
  gboolean ok = FALSE;

  old_length--;

  switch (op)
    {
    case OP_SET:
    case OP_ADD_ITEM:
    case OP_SET_CHILD:
      path = pick_path (doc, in);
      if (op == OP_SET_CHILD)
        {
          char *child = flt_path_append_key (path, keys[flt_fuzz_reader_byte (in) % G_N_ELEMENTS (keys)]);

          g_free (path);
          path = child;
        }
      value = pick_value (in);
      if (flt_fuzz_reader_byte (in) & 1)
        flags |= FLT_EDIT_YAML;
      allowed_region (doc, op, path, &region_start, &region_end);
      if (op == OP_ADD_ITEM)
        ok = flt_document_add_item (doc, path, value, flags, &error);
      else
        ok = flt_document_set_value (doc, path, value, flags, &error);
      break;

    case OP_REMOVE:
      path = pick_path (doc, in);
      allowed_region (doc, op, path, &region_start, &region_end);
      ok = flt_document_remove (doc, path, &error);
      break;

    case OP_ADD_SERVICE:
      name = pick_service (doc, in);
      value = pick_value (in);
      allowed_region (doc, op, NULL, &region_start, &region_end);
      ok = flt_document_add_service (doc, name, value, &error);
      break;

    case OP_REMOVE_SERVICE:
      name = pick_service (doc, in);
      allowed_region (doc, op, NULL, &region_start, &region_end);
      ok = flt_document_remove_service (doc, name, &error);
      break;

    case OP_DUPLICATE_SERVICE:
    case OP_RENAME_SERVICE:
      name = pick_service (doc, in);
      other = pick_service (doc, in);
      allowed_region (doc, op, NULL, &region_start, &region_end);
      if (op == OP_DUPLICATE_SERVICE)
        ok = flt_document_duplicate_service (doc, name, other, &error);
      else
        ok = flt_document_rename_service (doc, name, other, &error);
      break;

    case OP_UNDO:
    case OP_REDO:
      {
        GPtrArray *from = op == OP_UNDO ? shadow->undo : shadow->redo;
        GPtrArray *to = op == OP_UNDO ? shadow->redo : shadow->undo;
        gboolean moved = op == OP_UNDO ? flt_document_undo (doc) : flt_document_redo (doc);

        FLT_FUZZ_CHECK (moved == (from->len > 0), "%s returned %d with %u steps",
                        op == OP_UNDO ? "undo" : "redo", moved, from->len);
        if (moved)
          {
            GBytes *expected = g_ptr_array_steal_index (from, from->len - 1);

            check_text_is (doc, expected, op == OP_UNDO ? "undo" : "redo");
            g_bytes_unref (expected);
            g_ptr_array_add (to, g_bytes_ref (before));
          }
        else
          check_text_is (doc, before, "nothing to undo or redo");
        FLT_FUZZ_CHECK (flt_document_can_undo (doc) == (shadow->undo->len > 0), "can_undo");
        FLT_FUZZ_CHECK (flt_document_can_redo (doc) == (shadow->redo->len > 0), "can_redo");
        check_loaded (doc);
      }
      return;

    case OP_TYPE:
      {
        /* Typing in the YAML view: replace a few bytes anywhere. */
        gsize at = old_length > 0 ? flt_fuzz_reader_uint16 (in) % (old_length + 1) : 0;
        gsize removed = flt_fuzz_reader_byte (in) % 8;
        gsize inserted_length;
        const guint8 *inserted = flt_fuzz_reader_bytes (in, 8, &inserted_length);
        GString *typed = g_string_new_len (old_text, at);

        removed = MIN (removed, old_length - at);

        g_string_append_len (typed, (const char *) inserted, inserted_length);
        g_string_append_len (typed, old_text + at + removed, old_length - at - removed);
        flt_document_set_text (doc, typed->str, typed->len);
        FLT_FUZZ_CHECK (flt_document_get_text (doc, &new_length) != NULL && new_length == typed->len &&
                        memcmp (flt_document_get_text (doc, NULL), typed->str, typed->len) == 0,
                        "typing did not give the typed text");
        if (typed->len != old_length || memcmp (typed->str, old_text, old_length) != 0)
          {
            g_ptr_array_add (shadow->undo, g_bytes_ref (before));
            g_ptr_array_set_size (shadow->redo, 0);
          }
        g_string_free (typed, TRUE);
        check_loaded (doc);
      }
      return;

    case N_OPS:
    default:
      g_assert_not_reached ();
    }

  new_text = flt_document_get_text (doc, &new_length);

  if (!ok)
    {
      flt_fuzz_check_error (error, "an edit");
      FLT_FUZZ_CHECK (error->domain == FLT_DOCUMENT_ERROR, "edit %d failed outside the document domain: %s",
                      op, error->message);
      check_text_is (doc, before, "a failed edit");
      FLT_FUZZ_CHECK (flt_document_get_revision (doc) == revision, "a failed edit changed the revision");
      return;
    }

  FLT_FUZZ_CHECK (error == NULL, "success with an error");
  FLT_FUZZ_CHECK (flt_document_get_tree (doc) != NULL, "edit %d (%s) left text that does not parse",
                  op, path ? path : name);
  check_loaded (doc);

  if (new_length == old_length && memcmp (new_text, old_text, old_length) == 0)
    return;

  g_ptr_array_add (shadow->undo, g_bytes_ref (before));
  g_ptr_array_set_size (shadow->redo, 0);
  FLT_FUZZ_CHECK (flt_document_can_undo (doc) && !flt_document_can_redo (doc), "undo state after an edit");

  /* Nothing outside the region moved. */
  {
    gsize tail = old_length - region_end;

    FLT_FUZZ_CHECK (new_length >= region_start && memcmp (old_text, new_text, region_start) == 0 &&
                    new_length >= tail && memcmp (old_text + region_end, new_text + new_length - tail, tail) == 0,
                    "edit %d on %s changed bytes outside [%zu, %zu)\n--- before\n%s\n--- after\n%s",
                    op, path ? path : name, region_start, region_end, old_text, new_text);
  }

  /* CRLF files stay CRLF (files that mix both are left to themselves). */
  if (strstr (old_text, "\r\n") != NULL && count_bare_newlines (old_text, old_length) == 0)
    FLT_FUZZ_CHECK (count_bare_newlines (new_text, new_length) == 0,
                    "edit %d on %s (value “%s”, flags %d) wrote a bare \\n into a CRLF file:\n%s",
                    op, path ? path : name, value ? g_strescape (value, NULL) : "", flags,
                    g_strescape (new_text, NULL));

  /* The edit did what it says. */
  switch (op)
    {
    case OP_SET:
    case OP_SET_CHILD:
      if (g_utf8_validate (value, -1, NULL))
        {
          const FltNode *node = flt_document_lookup (doc, path, NULL);

          FLT_FUZZ_CHECK (node != NULL && holds_value (node, value, flags),
                          "set_value %s to “%s” (flags %d) did not take\n--- before\n%s\n--- after\n%s",
                          path, g_strescape (value, NULL), flags, g_strescape (old_text, NULL), g_strescape (new_text, NULL));
        }
      break;

    case OP_ADD_ITEM:
      if (g_utf8_validate (value, -1, NULL))
        {
          const FltNode *list = flt_node_deref (flt_document_lookup (doc, path, NULL));

          FLT_FUZZ_CHECK (list != NULL && list->kind == FLT_NODE_SEQUENCE && list->n_items > 0 &&
                          holds_value (list->items[list->n_items - 1], value, flags),
                          "add_item %s “%s” (flags %d) did not take\n--- before\n%s\n--- after\n%s",
                          path, g_strescape (value, NULL), flags, g_strescape (old_text, NULL), g_strescape (new_text, NULL));
        }
      break;

    case OP_REMOVE:
    case OP_REMOVE_SERVICE:
      FLT_FUZZ_CHECK (n_nodes (doc) < nodes_before, "remove %s left %u nodes of %u",
                      path ? path : name, n_nodes (doc), nodes_before);
      break;

    case OP_ADD_SERVICE:
    case OP_DUPLICATE_SERVICE:
    case OP_RENAME_SERVICE:
      {
        g_autofree char *service_path =
          flt_path_append_key ("services", op == OP_ADD_SERVICE ? name : other);

        FLT_FUZZ_CHECK (flt_document_lookup (doc, service_path, NULL) != NULL,
                        "service %s missing after edit %d", service_path, op);
      }
      break;

    case OP_UNDO:
    case OP_REDO:
    case OP_TYPE:
    case N_OPS:
    default:
      break;
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  flt_fuzz_init ();
  empty_environment = flt_environment_new ();
  /* An empty folder: nothing there for .env, include or extends. */
  project_dir = g_dir_make_tmp ("flt-fuzz-document-XXXXXX", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(GPtrArray) undo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) redo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const guint8 *nul = NULL;
  gsize text_length;
  guint8 made_up[64];
  FltFuzzReader ops;
  Shadow shadow;

  /* The last NUL byte ends the text. */
  for (gsize i = size; i > 0 && nul == NULL; i--)
    if (data[i - 1] == '\0')
      nul = data + i - 1;
  text_length = nul ? (gsize) (nul - data) : size;

  if (nul != NULL)
    flt_fuzz_reader_init (&ops, nul + 1, size - text_length - 1);
  else
    {
      guint32 state = 2166136261u;

      for (gsize i = 0; i < size; i++)
        state = (state ^ data[i]) * 16777619u;
      for (guint i = 0; i < sizeof made_up; i++)
        {
          state = state * 1103515245u + 12345u;
          made_up[i] = state >> 16;
        }
      flt_fuzz_reader_init (&ops, made_up, sizeof made_up);
    }

  doc = flt_document_new (size > 0 ? (const char *) data : "", text_length, DISPLAY);
  check_loaded (doc);

  shadow.doc = doc;
  shadow.undo = undo;
  shadow.redo = redo;
  for (guint i = 0; i < MAX_OPS && !flt_fuzz_reader_done (&ops); i++)
    run_op (&shadow, &ops);

  check_project (doc);

  return 0;
}
