/* test-graph.c: the project's graph, its layout and its pictures
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "flt-core.h"
#include "flt-graph-render.h"
#include "../bench/graph-gen.h"

/* ----------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static FltProject *
load_text (const char *text,
           const char *dir)
{
  g_autoptr(FltDocument) doc = flt_document_new (text, -1, "compose.yaml");
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  FltProjectOptions options = { 0 };

  options.environment = environment;
  options.project_directory = dir;
  options.project_name = "demo";
  return flt_project_new (&doc, 1, &options);
}

static char *
fixture_text (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "graph", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static FltProject *
load_fixture (const char *name)
{
  g_autofree char *text = fixture_text (name);

  return load_text (text, "/tmp/demo");
}

static FltGraph *
graph_of (const char *fixture)
{
  g_autoptr(FltProject) project = load_fixture (fixture);

  return flt_graph_new (project);
}

static const FltGraphEdge *
find_edge (FltGraph         *graph,
           const char       *source,
           const char       *target,
           FltGraphEdgeKind  kind)
{
  for (guint i = 0; i < flt_graph_get_n_edges (graph); i++)
    {
      const FltGraphEdge *e = flt_graph_get_edge (graph, i);

      if (e->kind == kind && strcmp (e->source_id, source) == 0 && strcmp (e->target_id, target) == 0)
        return e;
    }
  return NULL;
}

static guint
count_edges (FltGraph         *graph,
             const char       *source,
             const char       *target,
             FltGraphEdgeKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < flt_graph_get_n_edges (graph); i++)
    {
      const FltGraphEdge *e = flt_graph_get_edge (graph, i);

      if (e->kind == kind && (source == NULL || strcmp (e->source_id, source) == 0)
          && (target == NULL || strcmp (e->target_id, target) == 0))
        n++;
    }
  return n;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The node ids, sorted and joined with spaces. */
static char *
node_ids (FltGraph *graph)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < flt_graph_get_n_nodes (graph); i++)
    g_ptr_array_add (ids, flt_graph_get_node (graph, i)->id);
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

static void
assert_edge_label (FltGraph         *graph,
                   const char       *source,
                   const char       *target,
                   FltGraphEdgeKind  kind,
                   const char       *label)
{
  const FltGraphEdge *e = find_edge (graph, source, target, kind);

  if (e == NULL)
    g_error ("no edge %s → %s of kind %d", source, target, kind);
  g_assert_cmpstr (e->label, ==, label);
}

static gboolean
on_border (const FltGraphNode *n,
           double              x,
           double              y)
{
  gboolean in_x = x >= n->x - 0.5 && x <= n->x + n->width + 0.5;
  gboolean in_y = y >= n->y - 0.5 && y <= n->y + n->height + 0.5;

  return (in_y && (fabs (x - n->x) < 0.5 || fabs (x - n->x - n->width) < 0.5))
      || (in_x && (fabs (y - n->y) < 0.5 || fabs (y - n->y - n->height) < 0.5));
}

static void
assert_edges_attached (FltGraph *graph)
{
  for (guint i = 0; i < flt_graph_get_n_edges (graph); i++)
    {
      const FltGraphEdge *e = flt_graph_get_edge (graph, i);
      const FltGraphNode *s = flt_graph_lookup_node (graph, e->source_id);
      const FltGraphNode *t = flt_graph_lookup_node (graph, e->target_id);

      g_assert_nonnull (s);
      g_assert_nonnull (t);
      g_assert_cmpuint (e->n_points, >=, 2);
      if (!on_border (s, e->points[0], e->points[1]))
        g_error ("edge %s → %s starts at %g,%g, off its source", e->source_id, e->target_id,
                 e->points[0], e->points[1]);
      if (!on_border (t, e->points[2 * e->n_points - 2], e->points[2 * e->n_points - 1]))
        g_error ("edge %s → %s ends at %g,%g, off its target", e->source_id, e->target_id,
                 e->points[2 * e->n_points - 2], e->points[2 * e->n_points - 1]);
    }
}

static void
assert_no_overlap (FltGraph *graph)
{
  guint n = flt_graph_get_n_nodes (graph);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      const FltGraphNode *a = flt_graph_get_node (graph, i);

      g_assert_cmpfloat (a->width, >, 0);
      g_assert_cmpfloat (a->height, >, 0);
      for (guint j = i + 1; j < n; j++)
        {
          const FltGraphNode *b = flt_graph_get_node (graph, j);

          /* Cards keep a gap: touching counts as overlapping. */
          if (a->x < b->x + b->width + 8 && b->x < a->x + a->width + 8
              && a->y < b->y + b->height + 8 && b->y < a->y + a->height + 8)
            g_error ("%s (%g,%g %g×%g) overlaps %s (%g,%g %g×%g)",
                     a->id, a->x, a->y, a->width, a->height, b->id, b->x, b->y, b->width, b->height);
        }
    }
}

static char *
svg_text (FltGraph *graph,
          gboolean  dark)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = flt_graph_render_svg (graph, dark, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* ----------------------------------------------------------------------
 * What the graph holds
 * ---------------------------------------------------------------------- */

static void
test_empty (void)
{
  g_autoptr(FltGraph) graph = flt_graph_new (NULL);
  g_autofree char *svg = NULL;
  g_autofree char *dot = NULL;
  double x, y, w, h;

  g_assert_cmpuint (flt_graph_get_n_nodes (graph), ==, 0);
  g_assert_cmpuint (flt_graph_get_n_edges (graph), ==, 0);
  g_assert_null (flt_graph_get_project (graph));
  flt_graph_get_bounds (graph, &x, &y, &w, &h);
  g_assert_cmpfloat (w, ==, 0);
  g_assert_cmpfloat (h, ==, 0);
  g_assert_null (flt_graph_hit_node (graph, 0, 0));
  g_assert_null (flt_graph_lookup_node (graph, "host"));

  svg = svg_text (graph, FALSE);
  g_assert_true (strstr (svg, "<svg") != NULL);
  dot = flt_graph_to_dot (graph);
  g_assert_true (g_str_has_prefix (dot, "digraph "));
}

/* The tutorial as the repository ships it: two services, the web one
 * published on 5000, both on the default network of the version 2 file. */
static void
test_foodtrucks (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples",
                                            "foodtrucks", "docker-compose.yml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(FltProject) project = NULL;
  g_autoptr(FltGraph) graph = NULL;
  g_autofree char *ids = NULL;
  const FltGraphNode *web;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  project = load_text (text, "/tmp/foodtrucks");
  graph = flt_graph_new (project);

  ids = node_ids (graph);
  g_assert_cmpstr (ids, ==, "host network:default service:es service:web");
  web = flt_graph_lookup_node (graph, "service:web");
  g_assert_cmpint (web->kind, ==, FLT_GRAPH_NODE_SERVICE);
  g_assert_cmpstr (web->name, ==, "web");
  g_assert_cmpstr (web->detail, ==, "prakhar1989/foodtrucks-web");
  g_assert_cmpint (web->state, ==, FLT_GRAPH_STATE_UNKNOWN);
  g_assert_cmpuint (web->replicas->len, ==, 0);
  g_assert_false (web->orphan);
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:default")->detail, ==, "bridge");

  g_assert_cmpuint (flt_graph_get_n_edges (graph), ==, 3);
  assert_edge_label (graph, "host", "service:web", FLT_GRAPH_EDGE_PORT, "5000 → 5000/tcp");
  assert_edge_label (graph, "service:web", "network:default", FLT_GRAPH_EDGE_NETWORK, NULL);
  assert_edge_label (graph, "service:es", "network:default", FLT_GRAPH_EDGE_NETWORK, NULL);
  /* The bind mount of "." is not a node: only named volumes are. */
  g_assert_cmpuint (count_edges (graph, NULL, NULL, FLT_GRAPH_EDGE_MOUNT), ==, 0);
}

/* The tutorial's last step: depends_on, a named volume, a network. */
static void
test_tutorial (void)
{
  g_autoptr(FltGraph) graph = graph_of ("tutorial.yml");
  g_autofree char *ids = node_ids (graph);
  const FltGraphEdge *mount;

  g_assert_cmpstr (ids, ==, "host network:foodtrucks-net service:es service:web volume:esdata1");
  g_assert_cmpstr (flt_graph_lookup_node (graph, "service:es")->detail, ==,
                   "docker.elastic.co/elasticsearch/elasticsearch:6.3.2");
  g_assert_cmpstr (flt_graph_lookup_node (graph, "volume:esdata1")->detail, ==, "local");
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:foodtrucks-net")->detail, ==, "bridge");

  assert_edge_label (graph, "service:web", "service:es", FLT_GRAPH_EDGE_DEPENDS_ON, NULL);
  assert_edge_label (graph, "host", "service:web", FLT_GRAPH_EDGE_PORT, "5000 → 5000/tcp");
  assert_edge_label (graph, "host", "service:es", FLT_GRAPH_EDGE_PORT, "9200 → 9200/tcp");
  g_assert_cmpuint (count_edges (graph, NULL, "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK), ==, 2);
  mount = find_edge (graph, "service:es", "volume:esdata1", FLT_GRAPH_EDGE_MOUNT);
  g_assert_nonnull (mount);
  g_assert_cmpstr (mount->label, ==, "/usr/share/elasticsearch/data");
  g_assert_false (mount->read_only);
  g_assert_cmpuint (flt_graph_get_n_edges (graph), ==, 6);

  /* Left to right: the host, then web, then what web depends on. */
  g_assert_cmpfloat (flt_graph_lookup_node (graph, "host")->x, <, flt_graph_lookup_node (graph, "service:web")->x);
  g_assert_cmpfloat (flt_graph_lookup_node (graph, "service:web")->x, <, flt_graph_lookup_node (graph, "service:es")->x);
  g_assert_cmpfloat (flt_graph_lookup_node (graph, "service:es")->x, <, flt_graph_lookup_node (graph, "volume:esdata1")->x);
  assert_no_overlap (graph);
  assert_edges_attached (graph);
}

static void
test_shop (void)
{
  g_autoptr(FltGraph) graph = graph_of ("shop.yml");
  const FltGraphEdge *e;

  /* Aliases and a fixed address on network edges. */
  assert_edge_label (graph, "service:proxy", "network:front", FLT_GRAPH_EDGE_NETWORK, "www, shop.local");
  assert_edge_label (graph, "service:api", "network:back", FLT_GRAPH_EDGE_NETWORK, "10.5.0.10 · api.internal");
  assert_edge_label (graph, "service:web", "network:back", FLT_GRAPH_EDGE_NETWORK, NULL);

  /* Conditions; the plain "started" needs no words. */
  assert_edge_label (graph, "service:proxy", "service:api", FLT_GRAPH_EDGE_DEPENDS_ON, "service_healthy");
  assert_edge_label (graph, "service:proxy", "service:web", FLT_GRAPH_EDGE_DEPENDS_ON, NULL);
  assert_edge_label (graph, "service:api", "service:migrate", FLT_GRAPH_EDGE_DEPENDS_ON,
                     "service_completed_successfully");
  assert_edge_label (graph, "service:api", "service:db", FLT_GRAPH_EDGE_DEPENDS_ON, "service_healthy");
  assert_edge_label (graph, "service:web", "service:api", FLT_GRAPH_EDGE_DEPENDS_ON, NULL);

  /* Links, with and without an alias. */
  assert_edge_label (graph, "service:api", "service:db", FLT_GRAPH_EDGE_LINK, "database");
  assert_edge_label (graph, "service:api", "service:cache", FLT_GRAPH_EDGE_LINK, NULL);

  /* Read-only and read-write mounts of one volume. */
  e = find_edge (graph, "service:proxy", "volume:static", FLT_GRAPH_EDGE_MOUNT);
  g_assert_nonnull (e);
  g_assert_true (e->read_only);
  g_assert_cmpstr (e->label, ==, "/usr/share/nginx/html");
  e = find_edge (graph, "service:web", "volume:static", FLT_GRAPH_EDGE_MOUNT);
  g_assert_nonnull (e);
  g_assert_false (e->read_only);

  /* External network; a subnet from ipam. */
  g_assert_true (flt_graph_lookup_node (graph, "network:outside")->external);
  g_assert_false (flt_graph_lookup_node (graph, "network:front")->external);
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:back")->detail, ==, "bridge · 10.5.0.0/16");

  /* Ports: two on the proxy (one bound to loopback), one random. */
  g_assert_cmpuint (count_edges (graph, "host", "service:proxy", FLT_GRAPH_EDGE_PORT), ==, 2);
  g_assert_nonnull (find_edge (graph, "host", "service:proxy", FLT_GRAPH_EDGE_PORT));
  g_assert_cmpstr (((const FltGraphEdge *) find_edge (graph, "host", "service:proxy", FLT_GRAPH_EDGE_PORT))->label,
                   ==, "80 → 80/tcp");
  {
    gboolean loopback = FALSE;

    for (guint i = 0; i < flt_graph_get_n_edges (graph); i++)
      {
        const FltGraphEdge *p = flt_graph_get_edge (graph, i);

        if (p->kind == FLT_GRAPH_EDGE_PORT && g_strcmp0 (p->label, "127.0.0.1:8443 → 443/tcp") == 0)
          loopback = TRUE;
      }
    g_assert_true (loopback);
  }
  assert_edge_label (graph, "host", "service:sandbox", FLT_GRAPH_EDGE_PORT, "any → 3000/tcp");

  /* network_mode: host goes to the host, service:api to api, none
   * nowhere. */
  assert_edge_label (graph, "service:metrics", "host", FLT_GRAPH_EDGE_NETWORK, "host network");
  assert_edge_label (graph, "service:worker", "service:api", FLT_GRAPH_EDGE_NETWORK, "shares its network");
  g_assert_cmpuint (count_edges (graph, "service:sandbox", NULL, FLT_GRAPH_EDGE_NETWORK), ==, 0);
  g_assert_cmpuint (count_edges (graph, "service:metrics", NULL, FLT_GRAPH_EDGE_NETWORK), ==, 1);
  g_assert_cmpuint (count_edges (graph, "service:worker", NULL, FLT_GRAPH_EDGE_NETWORK), ==, 1);

  /* Services that use the same image are separate nodes. */
  g_assert_cmpstr (flt_graph_lookup_node (graph, "service:migrate")->detail, ==, "example/shop-api:2.1");
  g_assert_cmpstr (flt_graph_lookup_node (graph, "service:web")->detail, ==, "built from ./web");

  assert_no_overlap (graph);
  assert_edges_attached (graph);
}

/* Version 1: no networks section at all; the default bridge for all. */
static void
test_legacy (void)
{
  g_autoptr(FltGraph) graph = graph_of ("legacy.yml");
  g_autofree char *ids = node_ids (graph);

  g_assert_cmpstr (ids, ==, "host network:default service:redis service:web");
  g_assert_cmpuint (count_edges (graph, NULL, "network:default", FLT_GRAPH_EDGE_NETWORK), ==, 2);
  assert_edge_label (graph, "service:web", "service:redis", FLT_GRAPH_EDGE_LINK, NULL);
  g_assert_cmpuint (count_edges (graph, "host", "service:web", FLT_GRAPH_EDGE_PORT), ==, 2);
  {
    gboolean range = FALSE;

    for (guint i = 0; i < flt_graph_get_n_edges (graph); i++)
      range |= g_strcmp0 (flt_graph_get_edge (graph, i)->label, "8001-8003 → 9001-9003/udp") == 0;
    g_assert_true (range);
  }
  assert_no_overlap (graph);
}

/* A profile's services that are off are not drawn, nor their edges. */
static void
test_profiles (void)
{
  g_autoptr(FltProject) project = load_text ("services:\n"
                                             "  app:\n    image: a\n    depends_on: [debug]\n"
                                             "  debug:\n    image: b\n    profiles: [dev]\n"
                                             "    ports: [\"9000:9000\"]\n", "/tmp/demo");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autofree char *ids = node_ids (graph);

  g_assert_cmpstr (ids, ==, "network:default service:app");
  g_assert_cmpuint (count_edges (graph, NULL, NULL, FLT_GRAPH_EDGE_DEPENDS_ON), ==, 0);
}

/* ----------------------------------------------------------------------
 * Layout
 * ---------------------------------------------------------------------- */

static void
assert_same_layout (FltGraph *a,
                    FltGraph *b)
{
  g_assert_cmpuint (flt_graph_get_n_nodes (a), ==, flt_graph_get_n_nodes (b));
  g_assert_cmpuint (flt_graph_get_n_edges (a), ==, flt_graph_get_n_edges (b));
  for (guint i = 0; i < flt_graph_get_n_nodes (a); i++)
    {
      const FltGraphNode *x = flt_graph_get_node (a, i);
      const FltGraphNode *y = flt_graph_lookup_node (b, x->id);

      g_assert_nonnull (y);
      g_assert_cmpfloat (x->x, ==, y->x);
      g_assert_cmpfloat (x->y, ==, y->y);
      g_assert_cmpfloat (x->width, ==, y->width);
      g_assert_cmpfloat (x->height, ==, y->height);
    }
  for (guint i = 0; i < flt_graph_get_n_edges (a); i++)
    {
      const FltGraphEdge *x = flt_graph_get_edge (a, i);
      const FltGraphEdge *y = flt_graph_get_edge (b, i);

      g_assert_cmpstr (x->source_id, ==, y->source_id);
      g_assert_cmpstr (x->target_id, ==, y->target_id);
      g_assert_cmpuint (x->n_points, ==, y->n_points);
      g_assert_cmpmem (x->points, x->n_points * 2 * sizeof (double), y->points, y->n_points * 2 * sizeof (double));
    }
}

/* Two graphs of the same project: the same numbers, the same bytes. */
static void
test_determinism (gconstpointer data)
{
  const char *fixture = data;
  g_autofree char *text = g_str_has_suffix (fixture, ".yml")
    ? fixture_text (fixture) : flt_test_generate_project (120, 6, FALSE);
  g_autoptr(FltProject) p1 = load_text (text, "/tmp/demo");
  g_autoptr(FltProject) p2 = load_text (text, "/tmp/demo");
  g_autoptr(FltGraph) a = flt_graph_new (p1);
  g_autoptr(FltGraph) b = flt_graph_new (p2);
  g_autofree char *svg_a = NULL, *svg_b = NULL, *dot_a = NULL, *dot_b = NULL;

  assert_same_layout (a, b);
  svg_a = svg_text (a, FALSE);
  svg_b = svg_text (b, FALSE);
  g_assert_cmpstr (svg_a, ==, svg_b);
  dot_a = flt_graph_to_dot (a);
  dot_b = flt_graph_to_dot (b);
  g_assert_cmpstr (dot_a, ==, dot_b);

  /* The same project again (an edit that changes nothing drawn): not a
   * thing moves. */
  {
    g_autoptr(FltProject) p3 = load_text (text, "/tmp/demo");

    flt_graph_set_project (a, p3);
    assert_same_layout (a, b);
  }
}

static void
test_no_overlap_large (void)
{
  g_autofree char *text = flt_test_generate_project (200, 10, FALSE);
  g_autoptr(FltProject) project = load_text (text, "/tmp/demo");
  g_autoptr(FltGraph) graph = flt_graph_new (project);

  g_assert_cmpuint (flt_graph_get_n_nodes (graph), ==, 1 + 200 + 10 + 40);
  assert_no_overlap (graph);
  assert_edges_attached (graph);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* How far the nodes of @before moved in @after: the largest and the
 * median distance. */
static void
displacement (GHashTable *before,
              FltGraph   *after,
              double     *max,
              double     *median)
{
  g_autoptr(GArray) d = g_array_new (FALSE, FALSE, sizeof (double));
  GHashTableIter iter;
  const char *id;
  double *xy;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &xy))
    {
      const FltGraphNode *n = flt_graph_lookup_node (after, id);
      double dist;

      g_assert_nonnull (n);
      dist = hypot (n->x - xy[0], n->y - xy[1]);
      g_array_append_val (d, dist);
    }
  g_array_sort (d, compare_doubles);
  *max = d->len ? g_array_index (d, double, d->len - 1) : 0;
  *median = d->len ? g_array_index (d, double, d->len / 2) : 0;
}

static GHashTable *
positions (FltGraph *graph)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < flt_graph_get_n_nodes (graph); i++)
    {
      const FltGraphNode *n = flt_graph_get_node (graph, i);
      double *xy = g_new (double, 2);

      xy[0] = n->x;
      xy[1] = n->y;
      g_hash_table_insert (table, g_strdup (n->id), xy);
    }
  return table;
}

/* One more service, or one more port: the rest stays nearly where it
 * was (one card's height at the most; most of it not at all). */
static void
test_stability (void)
{
  g_autofree char *text = fixture_text ("shop.yml");
  g_autofree char *more = NULL;
  g_autoptr(FltProject) project = load_text (text, "/tmp/demo");
  g_autoptr(FltProject) bigger = NULL;
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(GHashTable) before = positions (graph);
  double max, median;
  const double slot = 76 + 28 + 1;

  /* A new service that depends on db, on the back network. */
  {
    g_autoptr(GString) s = g_string_new (text);
    const char *at = strstr (s->str, "networks:\n  front:");

    g_assert_nonnull (at);
    g_string_insert (s, at - s->str, "  admin:\n    image: adminer\n    depends_on: [db]\n"
                                     "    networks: [back]\n");
    more = g_string_free (g_steal_pointer (&s), FALSE);
  }
  bigger = load_text (more, "/tmp/demo");
  flt_graph_set_project (graph, bigger);
  g_assert_nonnull (flt_graph_lookup_node (graph, "service:admin"));
  displacement (before, graph, &max, &median);
  g_test_message ("one more service: max %.1f, median %.1f", max, median);
  g_assert_cmpfloat (max, <=, slot);
  g_assert_cmpfloat (median, <=, slot / 4);
  assert_no_overlap (graph);

  /* Generated: 120 services on 6 networks, plus one. */
  {
    g_autofree char *gen = flt_test_generate_project (120, 6, FALSE);
    g_autofree char *gen_more = flt_test_generate_project (120, 6, TRUE);
    g_autoptr(FltProject) p = load_text (gen, "/tmp/demo");
    g_autoptr(FltProject) q = load_text (gen_more, "/tmp/demo");
    g_autoptr(FltGraph) g = flt_graph_new (p);
    g_autoptr(GHashTable) was = positions (g);

    flt_graph_set_project (g, q);
    displacement (was, g, &max, &median);
    g_test_message ("120 services, one more: max %.1f, median %.1f", max, median);
    g_assert_cmpfloat (max, <=, slot);
    g_assert_cmpfloat (median, <=, slot / 4);
    assert_no_overlap (g);
  }
}


static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

static void
test_move_and_pin (void)
{
  g_autofree char *text = fixture_text ("shop.yml");
  g_autoptr(FltProject) project = load_text (text, "/tmp/demo");
  g_autoptr(FltProject) bigger = NULL;
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(FltGraph) fresh = flt_graph_new (project);
  g_autoptr(GHashTable) before = positions (graph);
  const FltGraphNode *proxy;
  guint changed = 0, state_changed = 0;
  double max, median;

  g_signal_connect (graph, "changed", G_CALLBACK (count_signal), &changed);
  g_signal_connect (graph, "state-changed", G_CALLBACK (count_signal), &state_changed);

  flt_graph_move_node (graph, "service:proxy", 3000, -400);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (state_changed, ==, 0);
  proxy = flt_graph_lookup_node (graph, "service:proxy");
  g_assert_true (proxy->pinned);
  g_assert_cmpfloat (proxy->x, ==, 3000);
  g_assert_cmpfloat (proxy->y, ==, -400);
  /* Its edges follow it; nothing else moved. */
  assert_edges_attached (graph);
  g_hash_table_remove (before, "service:proxy");
  displacement (before, graph, &max, &median);
  g_assert_cmpfloat (max, ==, 0);
  {
    double x, y, w, h;

    flt_graph_get_bounds (graph, &x, &y, &w, &h);
    g_assert_cmpfloat (y, <=, -400);
    g_assert_cmpfloat (x + w, >=, 3000 + proxy->width);
  }
  g_assert_true (flt_graph_hit_node (graph, 3010, -390) == proxy);

  /* An unknown id is ignored. */
  flt_graph_move_node (graph, "service:nope", 0, 0);
  g_assert_cmpuint (changed, ==, 1);

  /* A new project: the pinned node stays where it was put. */
  {
    g_autoptr(GString) s = g_string_new (text);

    g_string_insert (s, strstr (s->str, "networks:\n  front:") - s->str,
                     "  admin:\n    image: adminer\n    depends_on: [db]\n");
    bigger = load_text (s->str, "/tmp/demo");
  }
  flt_graph_set_project (graph, bigger);
  g_assert_cmpuint (changed, ==, 2);
  proxy = flt_graph_lookup_node (graph, "service:proxy");
  g_assert_true (proxy->pinned);
  g_assert_cmpfloat (proxy->x, ==, 3000);
  g_assert_cmpfloat (proxy->y, ==, -400);
  assert_no_overlap (graph);
  assert_edges_attached (graph);

  /* A free node laid out where a pinned one sits goes elsewhere. */
  {
    const FltGraphNode *api = flt_graph_lookup_node (graph, "service:api");
    double api_x = api->x, api_y = api->y;

    flt_graph_move_node (graph, "service:cache", api_x + 20, api_y + 10);
    flt_graph_layout (graph);
    g_assert_cmpfloat (flt_graph_lookup_node (graph, "service:cache")->x, ==, api_x + 20);
    assert_no_overlap (graph);
  }

  /* Arrange: nothing pinned, laid out as a fresh graph of the project. */
  flt_graph_set_project (graph, project);
  flt_graph_unpin_all (graph);
  for (guint i = 0; i < flt_graph_get_n_nodes (graph); i++)
    g_assert_false (flt_graph_get_node (graph, i)->pinned);
  assert_same_layout (graph, fresh);
}

static void
test_hit (void)
{
  g_autoptr(FltGraph) graph = graph_of ("tutorial.yml");
  const FltGraphNode *web = flt_graph_lookup_node (graph, "service:web");
  const FltGraphEdge *port = find_edge (graph, "host", "service:web", FLT_GRAPH_EDGE_PORT);
  double x, y, w, h;

  g_assert_true (flt_graph_hit_node (graph, web->x + 1, web->y + 1) == web);
  g_assert_true (flt_graph_hit_node (graph, web->x + web->width / 2, web->y + web->height / 2) == web);
  g_assert_null (flt_graph_hit_node (graph, web->x - 1, web->y + 1));
  flt_graph_get_bounds (graph, &x, &y, &w, &h);
  g_assert_null (flt_graph_hit_node (graph, x - 100, y - 100));

  /* The port edge, a step out of the host, and its curve's middle. */
  g_assert_true (flt_graph_hit_edge (graph, port->points[0] + 2, port->points[1], 3) == port);
  g_assert_true (flt_graph_hit_edge (graph, (port->points[0] + port->points[2]) / 2,
                                     (port->points[1] + port->points[3]) / 2, 3) == port);
  g_assert_null (flt_graph_hit_edge (graph, x - 100, y - 100, 10));
}

static FltGraphReplica *
replica (const char    *id,
         int            number,
         FltGraphState  state)
{
  g_autofree char *name = g_strdup_printf ("demo-%s-%d", id, number);

  return flt_graph_replica_new (id, name, number, state);
}

static void
test_live (void)
{
  g_autoptr(FltGraph) graph = graph_of ("tutorial.yml");
  g_autoptr(GPtrArray) replicas = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_graph_replica_free);
  g_autoptr(GHashTable) before = positions (graph);
  const FltGraphNode *web = flt_graph_lookup_node (graph, "service:web");
  const FltGraphNode *orphan;
  guint changed = 0, state_changed = 0;
  double max, median;

  g_signal_connect (graph, "changed", G_CALLBACK (count_signal), &changed);
  g_signal_connect (graph, "state-changed", G_CALLBACK (count_signal), &state_changed);

  g_assert_false (flt_graph_get_live (graph));
  flt_graph_set_live (graph, TRUE);
  g_assert_true (flt_graph_get_live (graph));
  g_assert_cmpuint (state_changed, ==, 1);
  flt_graph_set_live (graph, TRUE);
  g_assert_cmpuint (state_changed, ==, 1);

  /* The worst replica's state is the service's; copies are kept. */
  g_ptr_array_add (replicas, replica ("w2", 2, FLT_GRAPH_STATE_RUNNING));
  g_ptr_array_add (replicas, replica ("w1", 1, FLT_GRAPH_STATE_HEALTHY));
  flt_graph_set_replicas (graph, "web", replicas);
  g_assert_cmpuint (state_changed, ==, 2);
  g_assert_true (flt_graph_lookup_node (graph, "service:web") == web);
  g_assert_cmpint (web->state, ==, FLT_GRAPH_STATE_RUNNING);
  g_assert_cmpuint (web->replicas->len, ==, 2);
  /* By number. */
  g_assert_cmpint (((FltGraphReplica *) g_ptr_array_index (web->replicas, 0))->number, ==, 1);
  g_assert_cmpstr (((FltGraphReplica *) g_ptr_array_index (web->replicas, 0))->name, ==, "demo-w1-1");

  /* The same again: no signal. */
  flt_graph_set_replicas (graph, "web", replicas);
  g_assert_cmpuint (state_changed, ==, 2);

  ((FltGraphReplica *) g_ptr_array_index (replicas, 0))->state = FLT_GRAPH_STATE_FAILED;
  flt_graph_set_replicas (graph, "web", replicas);
  g_assert_cmpint (web->state, ==, FLT_GRAPH_STATE_FAILED);
  ((FltGraphReplica *) g_ptr_array_index (replicas, 0))->state = FLT_GRAPH_STATE_EXITED;
  flt_graph_set_replicas (graph, "web", replicas);
  g_assert_cmpint (web->state, ==, FLT_GRAPH_STATE_EXITED);
  g_assert_cmpuint (state_changed, ==, 4);
  /* Unknown services are not the file's: ignored. */
  flt_graph_set_replicas (graph, "nope", replicas);
  g_assert_cmpuint (state_changed, ==, 4);
  g_assert_cmpuint (changed, ==, 0);

  /* Addresses and subnets. */
  flt_graph_set_edge_label (graph, "service:web", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK, "172.18.0.3");
  assert_edge_label (graph, "service:web", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK, "172.18.0.3");
  flt_graph_set_network_detail (graph, "foodtrucks-net", "bridge · 172.18.0.0/16");
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:foodtrucks-net")->detail, ==, "bridge · 172.18.0.0/16");
  g_assert_cmpuint (state_changed, ==, 6);
  g_assert_cmpuint (changed, ==, 0);

  /* Nothing of it moves anything. */
  displacement (before, graph, &max, &median);
  g_assert_cmpfloat (max, ==, 0);

  /* An orphan: a node of its own, laid out with the others. */
  flt_graph_add_orphan (graph, "old-worker", replicas);
  g_assert_cmpuint (changed, ==, 1);
  orphan = flt_graph_lookup_node (graph, "service:old-worker");
  g_assert_nonnull (orphan);
  g_assert_true (orphan->orphan);
  g_assert_cmpuint (orphan->replicas->len, ==, 2);
  assert_no_overlap (graph);
  /* add_orphan for a service of the file only sets its replicas. */
  flt_graph_add_orphan (graph, "es", replicas);
  g_assert_false (flt_graph_lookup_node (graph, "service:es")->orphan);
  g_assert_cmpuint (changed, ==, 1);
  flt_graph_remove_orphan (graph, "es");
  g_assert_nonnull (flt_graph_lookup_node (graph, "service:es"));
  flt_graph_remove_orphan (graph, "old-worker");
  g_assert_null (flt_graph_lookup_node (graph, "service:old-worker"));
  g_assert_cmpuint (changed, ==, 2);

  /* Batched: one signal for many changes. */
  changed = state_changed = 0;
  flt_graph_freeze (graph);
  flt_graph_set_replicas (graph, "web", NULL);
  flt_graph_set_replicas (graph, "es", NULL);
  flt_graph_add_orphan (graph, "gone", replicas);
  g_assert_cmpuint (changed + state_changed, ==, 0);
  flt_graph_thaw (graph);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (state_changed, ==, 0);
  assert_no_overlap (graph);

  /* Back to the file. */
  web = flt_graph_lookup_node (graph, "service:web");
  flt_graph_set_replicas (graph, "web", replicas);
  flt_graph_clear_live (graph);
  g_assert_false (flt_graph_get_live (graph));
  g_assert_null (flt_graph_lookup_node (graph, "service:gone"));
  web = flt_graph_lookup_node (graph, "service:web");
  g_assert_cmpuint (web->replicas->len, ==, 0);
  g_assert_cmpint (web->state, ==, FLT_GRAPH_STATE_UNKNOWN);
  assert_edge_label (graph, "service:web", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK, NULL);
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:foodtrucks-net")->detail, ==, "bridge");
  displacement (before, graph, &max, &median);
  g_assert_cmpfloat (max, ==, 0);
}

/* The live part survives a new project (an edit while it runs). */
static void
test_live_across_edit (void)
{
  g_autoptr(FltGraph) graph = graph_of ("tutorial.yml");
  g_autoptr(FltProject) edited = load_fixture ("tutorial.yml");
  g_autoptr(GPtrArray) replicas = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_graph_replica_free);

  g_ptr_array_add (replicas, replica ("w1", 1, FLT_GRAPH_STATE_RUNNING));
  flt_graph_set_live (graph, TRUE);
  flt_graph_set_replicas (graph, "web", replicas);
  flt_graph_add_orphan (graph, "old", replicas);
  flt_graph_set_project (graph, edited);
  g_assert_true (flt_graph_get_live (graph));
  g_assert_cmpint (flt_graph_lookup_node (graph, "service:web")->state, ==, FLT_GRAPH_STATE_RUNNING);
  g_assert_cmpuint (flt_graph_lookup_node (graph, "service:web")->replicas->len, ==, 1);
  g_assert_true (flt_graph_lookup_node (graph, "service:old")->orphan);
  assert_no_overlap (graph);
}

/* ----------------------------------------------------------------------
 * Pictures
 * ---------------------------------------------------------------------- */

static void
test_svg (void)
{
  g_autoptr(FltGraph) graph = graph_of ("tutorial.yml");
  g_autofree char *light = svg_text (graph, FALSE);
  g_autofree char *dark = svg_text (graph, TRUE);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "flotilla-test-graph.svg", NULL);
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (light, "<?xml"));
  g_assert_true (strstr (light, "<svg") != NULL);
  g_assert_true (strstr (light, "</svg>") != NULL);
  /* The words: services, network, the port and the dependency. */
  g_assert_true (strstr (light, "<title>demo</title>") != NULL);
  g_assert_true (strstr (light, "service:web (prakhar1989/foodtrucks-web)") != NULL);
  g_assert_true (strstr (light, "service:es (") != NULL);
  g_assert_true (strstr (light, "network:foodtrucks-net") != NULL);
  g_assert_true (strstr (light, "host → service:web [Published port: 5000 → 5000/tcp]") != NULL);
  g_assert_true (strstr (light, "service:web → service:es [Depends on]") != NULL);
  g_assert_true (strstr (light, "service:es → volume:esdata1 [Mounts volume: /usr/share/elasticsearch/data]") != NULL);
  /* And the picture: glyphs, curves, the palette. */
  g_assert_true (strstr (light, "<path") != NULL);
  g_assert_true (strstr (light, "rgb(100%, 100%, 100%)") != NULL || strstr (light, "rgb(100%,100%,100%)") != NULL);
  g_assert_cmpstr (light, !=, dark);
  g_assert_true (strstr (dark, "rgb(11.764706%, 11.764706%, 11.764706%)") != NULL
                 || strstr (dark, "rgb(11.764706%,11.764706%,11.764706%)") != NULL);

  g_assert_true (flt_graph_write_svg (graph, path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, light);
  g_unlink (path);

  /* A folder that is not there: an error that says where. */
  g_assert_false (flt_graph_write_svg (graph, "/nonexistent/folder/graph.svg", FALSE, &error));
  g_assert_nonnull (error);
  g_assert_true (strstr (error->message, "/nonexistent/folder/graph.svg") != NULL);
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  return *(guint32 *) (data + y * stride + 4 * x) & 0xffffff;
}

static void
test_png (void)
{
  g_autoptr(FltGraph) graph = graph_of ("tutorial.yml");
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "flotilla-test-graph.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  cairo_surface_t *surface;
  double x, y, w, h;

  g_assert_true (flt_graph_write_png (graph, path, 2, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_unlink (path);

  flt_graph_get_bounds (graph, &x, &y, &w, &h);
  surface = flt_graph_render_surface (graph, 2, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, (int) ceil ((w + 48) * 2));
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, (int) ceil ((h + 48) * 2));
  /* The corner is the dark background. */
  g_assert_cmphex (pixel_at (surface, 1, 1), ==, 0x1e1e1e);
  cairo_surface_destroy (surface);

  /* Too large a scale: refused, with what to do. */
  g_assert_null (flt_graph_render_surface (graph, 100, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (strstr (error->message, "SVG") != NULL);
}

/* Selection and hover are drawn: a ring in the accent colour just
 * outside the selected card, and the hovered one a lighter ring. */
static void
test_render_selection (void)
{
  g_autoptr(FltGraph) graph = graph_of ("tutorial.yml");
  const FltGraphNode *web = flt_graph_lookup_node (graph, "service:web");
  const FltGraphNode *es = flt_graph_lookup_node (graph, "service:es");
  FltGraphStyle style = { FALSE, "service:web", NULL, 1.0 };
  double x, y, w, h;
  cairo_surface_t *surface;
  cairo_t *cr;
  int px, py;

  flt_graph_get_bounds (graph, &x, &y, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (w) + 40, (int) ceil (h) + 40);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, 20 - x, 20 - y);
  flt_graph_render (graph, cr, &style);
  cairo_destroy (cr);

  px = (int) (web->x - 2.5 + 20 - x);
  py = (int) (web->y + web->height / 2 + 20 - y);
  g_assert_cmphex (pixel_at (surface, px, py), ==, 0x1c71d8);
  /* es is not selected: background there. */
  px = (int) (es->x - 2.5 + 20 - x);
  py = (int) (es->y + es->height / 2 + 20 - y);
  g_assert_cmphex (pixel_at (surface, px, py), !=, 0x1c71d8);
  cairo_surface_destroy (surface);
}

/* One renderer: the window, the PNG and the SVG draw the same picture,
 * here checked as the same image from flt_graph_render and from the PNG
 * surface at the same scale (the export adds its margin and background). */
static void
test_one_renderer (void)
{
  g_autoptr(FltGraph) graph = graph_of ("shop.yml");
  g_autoptr(GError) error = NULL;
  FltGraphStyle style = { FALSE, NULL, NULL, 1.0 };
  cairo_surface_t *exported = flt_graph_render_surface (graph, 1, FALSE, &error);
  cairo_surface_t *window;
  cairo_t *cr;
  double x, y, w, h;
  int width, height;
  guint differing = 0;

  g_assert_no_error (error);
  width = cairo_image_surface_get_width (exported);
  height = cairo_image_surface_get_height (exported);
  flt_graph_get_bounds (graph, &x, &y, &w, &h);

  window = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (window);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, 24 - x, 24 - y);
  flt_graph_render (graph, cr, &style);
  cairo_destroy (cr);

  for (int j = 0; j < height; j++)
    for (int i = 0; i < width; i++)
      differing += pixel_at (exported, i, j) != pixel_at (window, i, j);
  g_assert_cmpuint (differing, ==, 0);
  cairo_surface_destroy (window);
  cairo_surface_destroy (exported);
}

/* The layers the window keeps apart (the edges drawn once into an image
 * and put under the rest, frame after frame) make the same picture as
 * one call, and the focus layer holds only the focused node's edges. */
static cairo_surface_t *
white_surface (int width,
               int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

static void
render_layers_into (FltGraph            *graph,
                    cairo_surface_t     *surface,
                    const FltGraphStyle *style,
                    FltGraphLayers       layers,
                    double               dx,
                    double               dy)
{
  cairo_t *cr = cairo_create (surface);

  cairo_translate (cr, dx, dy);
  flt_graph_render_layers (graph, cr, style, layers);
  cairo_destroy (cr);
}

static guint
count_painted (cairo_surface_t *surface)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint painted = 0;

  cairo_surface_flush (surface);
  for (int j = 0; j < cairo_image_surface_get_height (surface); j++)
    for (int i = 0; i < cairo_image_surface_get_width (surface); i++)
      painted += *(const guint32 *) (data + j * stride + 4 * i) != 0;
  return painted;
}

static void
test_render_layers (void)
{
  g_autoptr(FltGraph) graph = graph_of ("shop.yml");
  FltGraphStyle plain = { FALSE, NULL, NULL, 1.0 };
  FltGraphStyle focused = { FALSE, NULL, NULL, 1.0 };
  cairo_surface_t *whole, *layered, *edges, *focus;
  cairo_t *cr;
  double x, y, w, h;
  int width, height;
  guint differing = 0;

  flt_graph_get_bounds (graph, &x, &y, &w, &h);
  width = (int) ceil (w) + 40;
  height = (int) ceil (h) + 40;

  whole = white_surface (width, height);
  render_layers_into (graph, whole, &plain, FLT_GRAPH_LAYER_ALL, 20 - x, 20 - y);

  edges = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  render_layers_into (graph, edges, &plain, FLT_GRAPH_LAYER_EDGES, 20 - x, 20 - y);
  g_assert_cmpuint (count_painted (edges), >, 1000);
  layered = white_surface (width, height);
  cr = cairo_create (layered);
  cairo_set_source_surface (cr, edges, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  render_layers_into (graph, layered, &plain, FLT_GRAPH_LAYER_FOCUS | FLT_GRAPH_LAYER_NODES, 20 - x, 20 - y);

  /* Compositing an image rounds differently from drawing in place: a
   * step or two of a channel, never more. */
  for (int j = 0; j < height; j++)
    for (int i = 0; i < width; i++)
      {
        guint32 a = pixel_at (whole, i, j), b = pixel_at (layered, i, j);

        for (int shift = 0; shift < 24; shift += 8)
          differing += ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 2;
      }
  g_assert_cmpuint (differing, ==, 0);

  /* Nothing in focus: an empty focus layer. */
  focus = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  render_layers_into (graph, focus, &plain, FLT_GRAPH_LAYER_FOCUS, 20 - x, 20 - y);
  g_assert_cmpuint (count_painted (focus), ==, 0);
  cairo_surface_destroy (focus);

  /* A focused service: its edges, and only a part of all of them. */
  for (guint i = 0; i < flt_graph_get_n_nodes (graph); i++)
    if (flt_graph_get_node (graph, i)->kind == FLT_GRAPH_NODE_SERVICE)
      {
        focused.selected_id = flt_graph_get_node (graph, i)->id;
        break;
      }
  g_assert_nonnull (focused.selected_id);
  focus = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  render_layers_into (graph, focus, &focused, FLT_GRAPH_LAYER_FOCUS, 20 - x, 20 - y);
  g_assert_cmpuint (count_painted (focus), >, 50);
  g_assert_cmpuint (count_painted (focus), <, count_painted (edges));

  cairo_surface_destroy (focus);
  cairo_surface_destroy (edges);
  cairo_surface_destroy (layered);
  cairo_surface_destroy (whole);
}

static void
test_legend (void)
{
  FltGraphStyle style = { FALSE, NULL, NULL, 1.0 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *cr = cairo_create (surface);
  double w, h, mw, mh;

  flt_graph_measure_legend (&style, &mw, &mh);
  g_assert_cmpfloat (mw, >, 100);
  g_assert_cmpfloat (mh, >, 9 * 16);
  flt_graph_render_legend (cr, &style, &w, &h);
  g_assert_cmpfloat (w, ==, mw);
  g_assert_cmpfloat (h, ==, mh);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  /* Its card is white (light), its first swatch green. */
  g_assert_cmphex (pixel_at (surface, 5, 5), ==, 0xffffff);
  g_assert_cmphex (pixel_at (surface, 10 + 14, 10 + 9), ==, 0x26a269);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_dot (void)
{
  g_autoptr(FltGraph) graph = graph_of ("shop.yml");
  g_autofree char *dot = flt_graph_to_dot (graph);
  g_autofree char *path = NULL;
  g_autofree char *program = g_find_program_in_path ("dot");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_str_has_prefix (dot, "digraph \"demo\" {\n"));
  g_assert_true (g_str_has_suffix (dot, "}\n"));
  g_assert_true (strstr (dot, "\"service:proxy\" -> \"service:api\" [class=\"depends_on\", label=\"service_healthy\"]") != NULL);
  g_assert_true (strstr (dot, "\"service:api\" -> \"service:db\" [class=\"link\", style=dashed, arrowhead=empty, label=\"database\"]") != NULL);
  g_assert_true (strstr (dot, "label=\"/usr/share/nginx/html (ro)\"") != NULL);
  g_assert_true (strstr (dot, "\"host\" -> \"service:proxy\" [class=\"port\"") != NULL);
  g_assert_true (strstr (dot, "\"volume:dbdata\" [label=\"dbdata\\nlocal\", shape=cylinder") != NULL);
  /* Every node once. */
  for (guint i = 0; i < flt_graph_get_n_nodes (graph); i++)
    {
      g_autofree char *decl = g_strdup_printf ("  \"%s\" [label=", flt_graph_get_node (graph, i)->id);

      g_assert_true (strstr (dot, decl) != NULL);
    }

  if (program == NULL)
    {
      g_test_skip ("Graphviz's dot is not installed (apt-get install graphviz)");
      return;
    }
  path = g_build_filename (g_get_tmp_dir (), "flotilla-test-graph.dot", NULL);
  g_assert_true (g_file_set_contents (path, dot, -1, NULL));
  {
    const char *argv[] = { program, "-Tsvg", path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  g_unlink (path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("dot refused the graph: %s", err);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (strstr (out, "<svg") != NULL);
  g_assert_true (strstr (out, "service:proxy") != NULL);
}

/* Quotes, backslashes and line breaks in names stay inside DOT's IDs. */
static void
test_dot_escaping (void)
{
  g_autoptr(FltProject) project = load_text ("services:\n"
                                             "  app:\n    image: 'we\"ird\\image'\n", "/tmp/demo");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autofree char *dot = flt_graph_to_dot (graph);

  g_assert_true (strstr (dot, "label=\"app\\nwe\\\"ird\\\\image\"") != NULL);
}

static void
test_tooltip (void)
{
  g_autoptr(FltGraph) graph = graph_of ("shop.yml");
  g_autofree char *proxy = flt_graph_dup_node_tooltip (graph, "service:proxy");
  g_autofree char *api = flt_graph_dup_node_tooltip (graph, "service:api");
  g_autofree char *outside = flt_graph_dup_node_tooltip (graph, "network:outside");

  g_assert_null (flt_graph_dup_node_tooltip (graph, "service:nope"));
  g_assert_true (g_str_has_prefix (proxy, "Service proxy\nnginx:1.25\n"));
  g_assert_true (strstr (proxy, "Published port 80 → 80/tcp") != NULL);
  g_assert_true (strstr (proxy, "Starts after api (service_healthy)") != NULL);
  g_assert_true (strstr (proxy, "Mounts static at /usr/share/nginx/html, read-only") != NULL);
  g_assert_true (strstr (proxy, "On network front as www, shop.local") != NULL);
  g_assert_true (strstr (api, "Linked to db as database") != NULL);
  g_assert_true (g_str_has_prefix (outside, "External network outside"));
  g_assert_cmpstr (flt_graph_state_to_string (FLT_GRAPH_STATE_FAILED), ==, "Failed");
  g_assert_cmpstr (flt_graph_edge_kind_to_string (FLT_GRAPH_EDGE_LINK), ==, "Link");
}

/* An edge's tooltip is a sentence of its kind's own. */
static char *
edge_tooltip (FltGraph         *graph,
              const char       *source,
              const char       *target,
              FltGraphEdgeKind  kind)
{
  for (guint i = 0; i < flt_graph_get_n_edges (graph); i++)
    {
      const FltGraphEdge *edge = flt_graph_get_edge (graph, i);

      if (edge->kind == kind && g_str_equal (edge->source_id, source) && g_str_equal (edge->target_id, target))
        return flt_graph_dup_edge_tooltip (graph, edge);
    }
  g_error ("no edge %s → %s", source, target);
}

static void
test_edge_tooltip (void)
{
  g_autoptr(FltGraph) graph = graph_of ("shop.yml");
  g_autofree char *depends = edge_tooltip (graph, "service:proxy", "service:api", FLT_GRAPH_EDGE_DEPENDS_ON);
  g_autofree char *link = edge_tooltip (graph, "service:api", "service:db", FLT_GRAPH_EDGE_LINK);
  g_autofree char *mount = edge_tooltip (graph, "service:proxy", "volume:static", FLT_GRAPH_EDGE_MOUNT);
  g_autofree char *network = edge_tooltip (graph, "service:proxy", "network:front", FLT_GRAPH_EDGE_NETWORK);
  g_autofree char *port = edge_tooltip (graph, "host", "service:proxy", FLT_GRAPH_EDGE_PORT);

  g_assert_cmpstr (depends, ==, "proxy starts after api (service_healthy)");
  g_assert_cmpstr (link, ==, "api is linked to db as database");
  g_assert_cmpstr (mount, ==, "proxy mounts the volume static at /usr/share/nginx/html, read-only");
  g_assert_cmpstr (network, ==, "proxy is on the network front as www, shop.local");
  g_assert_cmpstr (port, ==, "proxy is published on this computer: 80 → 80/tcp");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/empty", test_empty);
  g_test_add_func ("/graph/foodtrucks", test_foodtrucks);
  g_test_add_func ("/graph/tutorial", test_tutorial);
  g_test_add_func ("/graph/shop", test_shop);
  g_test_add_func ("/graph/legacy", test_legacy);
  g_test_add_func ("/graph/profiles", test_profiles);
  g_test_add_data_func ("/graph/layout/deterministic/tutorial", "tutorial.yml", test_determinism);
  g_test_add_data_func ("/graph/layout/deterministic/shop", "shop.yml", test_determinism);
  g_test_add_data_func ("/graph/layout/deterministic/generated", "generated", test_determinism);
  g_test_add_func ("/graph/layout/no-overlap", test_no_overlap_large);
  g_test_add_func ("/graph/layout/stability", test_stability);
  g_test_add_func ("/graph/layout/move-and-pin", test_move_and_pin);
  g_test_add_func ("/graph/hit", test_hit);
  g_test_add_func ("/graph/live", test_live);
  g_test_add_func ("/graph/live/across-edit", test_live_across_edit);
  g_test_add_func ("/graph/svg", test_svg);
  g_test_add_func ("/graph/png", test_png);
  g_test_add_func ("/graph/render/selection", test_render_selection);
  g_test_add_func ("/graph/render/one-renderer", test_one_renderer);
  g_test_add_func ("/graph/render/layers", test_render_layers);
  g_test_add_func ("/graph/render/legend", test_legend);
  g_test_add_func ("/graph/dot", test_dot);
  g_test_add_func ("/graph/dot/escaping", test_dot_escaping);
  g_test_add_func ("/graph/tooltip", test_tooltip);
  g_test_add_func ("/graph/tooltip/edge", test_edge_tooltip);

  return g_test_run ();
}
