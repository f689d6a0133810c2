/* test-tree.c: the span-keeping YAML tree
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-tree.h"

static FltTree *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  FltTree *tree = flt_tree_parse (text, strlen (text), "test.yml", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tree);
  return tree;
}

static char *
span_text (const char    *text,
           const FltNode *node)
{
  return g_strndup (text + node->start.offset, node->end.offset - node->start.offset);
}

static void
test_scalar_spans (void)
{
  const char *text = "image: elasticsearch   # official\nports:\n  - \"5000:5000\"\n";
  g_autoptr(FltTree) tree = parse_ok (text);
  FltNode *root = flt_tree_get_root (tree);
  FltNode *image = flt_node_lookup (root, "image");
  FltNode *ports = flt_node_lookup (root, "ports");
  g_autofree char *image_text = span_text (text, image);
  g_autofree char *port_text = span_text (text, ports->items[0]);

  g_assert_cmpstr (image_text, ==, "elasticsearch");
  g_assert_cmpstr (port_text, ==, "\"5000:5000\"");
  g_assert_cmpint (ports->items[0]->style, ==, FLT_SCALAR_DOUBLE_QUOTED);
  g_assert_cmpstr (ports->items[0]->value, ==, "5000:5000");
  g_assert_cmpuint (ports->start.column, ==, 2);
  g_assert_cmpuint (ports->start.line, ==, 2);
  g_assert_cmpuint (image->start.line, ==, 0);
  g_assert_cmpuint (image->start.column, ==, 7);
}

/* libyaml counts characters; spans must be bytes. */
static void
test_multibyte_offsets (void)
{
  const char *text = "a: ééé\nb: x\n";
  g_autoptr(FltTree) tree = parse_ok (text);
  FltNode *root = flt_tree_get_root (tree);
  FltNode *b = flt_node_lookup (root, "b");
  g_autofree char *a_text = span_text (text, flt_node_lookup (root, "a"));

  g_assert_cmpstr (a_text, ==, "ééé");
  g_assert_cmpuint (b->start.offset, ==, strlen ("a: ééé\nb: "));
  g_assert_cmpuint (b->start.column, ==, 3);
}

static void
test_bom (void)
{
  const char *text = "\xef\xbb\xbf" "a: 1\n";
  g_autoptr(FltTree) tree = parse_ok (text);
  FltNode *a = flt_node_lookup (flt_tree_get_root (tree), "a");

  g_assert_cmpuint (a->start.offset, ==, 6);
}

static void
test_anchor_spans (void)
{
  const char *text = "x: &common\n  b: 1\ny: &v val\nz: *common\n";
  g_autoptr(FltTree) tree = parse_ok (text);
  FltNode *root = flt_tree_get_root (tree);
  FltNode *x = flt_node_lookup (root, "x");
  FltNode *y = flt_node_lookup (root, "y");
  FltNode *z = flt_node_lookup (root, "z");
  g_autofree char *y_text = span_text (text, y);

  /* Content starts after the anchor, so edits do not eat it. */
  g_assert_cmpuint (x->start.line, ==, 1);
  g_assert_cmpuint (x->start.column, ==, 2);
  g_assert_cmpstr (y_text, ==, "val");
  g_assert_cmpstr (x->anchor, ==, "common");
  g_assert_cmpint (z->kind, ==, FLT_NODE_ALIAS);
  g_assert_true (z->target == x);
  g_assert_cmpuint (x->alias_count, ==, 1);
}

static void
test_null_values (void)
{
  g_autoptr(FltTree) tree = parse_ok ("a:\nb: ~\nc: null\nd: ''\n");
  FltNode *root = flt_tree_get_root (tree);

  g_assert_true (flt_node_lookup (root, "a")->is_null);
  g_assert_true (flt_node_lookup (root, "b")->is_null);
  g_assert_true (flt_node_lookup (root, "c")->is_null);
  g_assert_false (flt_node_lookup (root, "d")->is_null);
}

static void
test_empty_document (void)
{
  g_autoptr(FltTree) tree = parse_ok ("# only a comment\n");

  g_assert_null (flt_tree_get_root (tree));
}

typedef struct
{
  const char *text;
  int code;
  guint line;     /* 1-based */
  guint column;   /* 1-based */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "a: \"abc\nb: 1\nc: 2", FLT_TREE_ERROR_SYNTAX, 1, 4 },
  { "a:\n\tb: 1\n", FLT_TREE_ERROR_SYNTAX, 2, 1 },
  { "a: [1, 2\nb: 3\n", FLT_TREE_ERROR_SYNTAX, 2, 2 },
  { "a: 1\n---\nb: 2\n", FLT_TREE_ERROR_MULTIPLE_DOCUMENTS, 2, 1 },
  { "a: *nothing\n", FLT_TREE_ERROR_UNKNOWN_ANCHOR, 1, 4 },
  { "a: 1\nb: \xff\n", FLT_TREE_ERROR_ENCODING, 2, 4 },
  { "\xff\xfe" "a\0:\0", FLT_TREE_ERROR_ENCODING, 1, 1 },
};

static void
test_errors (gconstpointer data)
{
  const ErrorCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FltTree) tree = NULL;
  FltMark mark;

  tree = flt_tree_parse (c->text, strlen (c->text) + (c->text[0] == '\xff' ? 4 : 0), "t.yml", &mark, &error);
  g_assert_null (tree);
  g_assert_error (error, FLT_TREE_ERROR, c->code);
  g_assert_cmpuint (mark.line + 1, ==, c->line);
  g_assert_cmpuint (mark.column + 1, ==, c->column);
}

static void
test_nul_byte (void)
{
  const char text[] = "a: 1\nb: x\0y\n";
  g_autoptr(GError) error = NULL;
  FltMark mark;
  FltTree *tree = flt_tree_parse (text, sizeof text - 1, "t.yml", &mark, &error);

  g_assert_null (tree);
  g_assert_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_ENCODING);
  g_assert_cmpuint (mark.line, ==, 1);
  g_assert_cmpuint (mark.column, ==, 4);
}

static void
test_deep_nesting (void)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  FltTree *tree;

  for (int i = 0; i < 10000; i++)
    g_string_append_c (s, '[');
  for (int i = 0; i < 10000; i++)
    g_string_append_c (s, ']');

  tree = flt_tree_parse (s->str, s->len, "deep.yml", NULL, &error);
  g_assert_null (tree);
  g_assert_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_TOO_DEEP);
  g_string_free (s, TRUE);
}

static void
test_resolve_merge (void)
{
  const char *text =
    "x-base: &base\n"
    "  image: busybox\n"
    "  restart: always\n"
    "x-more: &more\n"
    "  restart: never\n"
    "  user: nobody\n"
    "svc:\n"
    "  <<: [*base, *more]\n"
    "  restart: unless-stopped\n";
  g_autoptr(FltTree) tree = parse_ok (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltTree) resolved = flt_tree_resolve (tree, &error);
  FltNode *svc;

  g_assert_no_error (error);
  svc = flt_node_lookup (flt_tree_get_root (resolved), "svc");
  g_assert_nonnull (svc);
  g_assert_cmpuint (svc->n_items, ==, 3);
  /* Explicit keys win; among merged mappings the first listed wins. */
  g_assert_cmpstr (flt_node_lookup (svc, "restart")->value, ==, "unless-stopped");
  g_assert_cmpstr (flt_node_lookup (svc, "image")->value, ==, "busybox");
  g_assert_cmpstr (flt_node_lookup (svc, "user")->value, ==, "nobody");
  /* Resolved nodes point back at their text. */
  g_assert_cmpuint (flt_node_get_origin (flt_node_lookup (svc, "image"))->start.line, ==, 1);
}

static void
test_resolve_alias_bomb (void)
{
  GString *s = g_string_new ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
  g_autoptr(FltTree) tree = NULL;
  g_autoptr(FltTree) resolved = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 1; i < 10; i++)
    {
      g_string_append_printf (s, "a%d: &a%d [", i, i);
      for (int j = 0; j < 10; j++)
        g_string_append_printf (s, "%s*a%d", j ? ", " : "", i - 1);
      g_string_append (s, "]\n");
    }

  tree = parse_ok (s->str);
  resolved = flt_tree_resolve (tree, &error);
  g_assert_null (resolved);
  g_assert_error (error, FLT_TREE_ERROR, FLT_TREE_ERROR_TOO_LARGE);
  g_string_free (s, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tree/scalar-spans", test_scalar_spans);
  g_test_add_func ("/tree/multibyte-offsets", test_multibyte_offsets);
  g_test_add_func ("/tree/bom", test_bom);
  g_test_add_func ("/tree/anchor-spans", test_anchor_spans);
  g_test_add_func ("/tree/null-values", test_null_values);
  g_test_add_func ("/tree/empty-document", test_empty_document);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/tree/error/%u", i);

      g_test_add_data_func (name, &error_cases[i], test_errors);
    }
  g_test_add_func ("/tree/nul-byte", test_nul_byte);
  g_test_add_func ("/tree/deep-nesting", test_deep_nesting);
  g_test_add_func ("/tree/resolve-merge", test_resolve_merge);
  g_test_add_func ("/tree/resolve-alias-bomb", test_resolve_alias_bomb);

  return g_test_run ();
}
