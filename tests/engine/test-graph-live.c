/* test-graph-live.c: the graph's live part, from a project state
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The state is fed made-up inspections (graph-live-fake.h) through the
 * same calls its worker makes; no engine is needed. */

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "flt-graph-live.h"
#include "flt-graph-render.h"
#include "graph-live-fake.h"

/* NULL for English, or "ru" (--language=ru): the pictures are saved in
 * that language. */
static const char *language;

static FltProject *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "graph", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  FltProjectOptions options = { 0 };

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  doc = flt_document_new (text, -1, "compose.yaml");
  options.environment = environment;
  options.project_directory = "/tmp/demo";
  options.project_name = "demo";
  return flt_project_new (&doc, 1, &options);
}

/* A dummy engine: the state never calls it here. */
static FltProjectState *
new_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FltEndpoint) endpoint = flt_endpoint_parse ("unix:///nonexistent/docker.sock", "the test", &error);
  g_autoptr(FltEngine) engine = NULL;

  g_assert_no_error (error);
  engine = flt_engine_new (endpoint);
  return flt_project_state_new (engine, "demo");
}

static void
count_signal (FltGraph *graph,
              guint    *count)
{
  (*count)++;
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

static FltGraphState
state_of (FltGraph   *graph,
          const char *id)
{
  const FltGraphNode *node = flt_graph_lookup_node (graph, id);

  g_assert_nonnull (node);
  return node->state;
}

/* The service named in @user_data is in the state given after a colon,
 * e.g. "es:exited:0"; "es:exited:1", "es:oom", "web:health:unhealthy". */
static void
one_differs (const char    *service,
             int            number,
             FakeContainer *out,
             gpointer       user_data)
{
  g_auto(GStrv) spec = g_strsplit (user_data, ":", 3);

  if (strcmp (service, spec[0]) != 0)
    return;
  if (strcmp (spec[1], "exited") == 0)
    {
      out->status = "exited";
      out->exit_code = atoi (spec[2]);
    }
  else if (strcmp (spec[1], "oom") == 0)
    {
      out->status = "exited";
      out->exit_code = 137;
      out->oom_killed = TRUE;
    }
  else if (strcmp (spec[1], "health") == 0)
    out->health = g_intern_string (spec[2]);
  else
    out->status = g_intern_string (spec[1]);
}

static void
test_tutorial (void)
{
  g_autoptr(FltProject) project = load_fixture ("tutorial.yml");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(FltProjectState) state = new_state ();
  const FltGraphNode *web;
  const FltGraphReplica *replica;
  guint changed = 0, state_changed = 0;
  double x, y;

  g_signal_connect (graph, "changed", G_CALLBACK (count_signal), &changed);
  g_signal_connect (graph, "state-changed", G_CALLBACK (count_signal), &state_changed);
  web = flt_graph_lookup_node (graph, "service:web");
  x = web->x;
  y = web->y;

  fake_engine_state (state, project, 1, NULL, NULL, NULL);
  flt_graph_apply_state (graph, state);
  g_assert_true (flt_graph_get_live (graph));
  /* One signal for the lot, and nothing moved. */
  g_assert_cmpuint (state_changed, ==, 1);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_true (flt_graph_lookup_node (graph, "service:web") == web);
  g_assert_cmpfloat (web->x, ==, x);
  g_assert_cmpfloat (web->y, ==, y);

  g_assert_cmpint (web->state, ==, FLT_GRAPH_STATE_RUNNING);
  g_assert_cmpuint (web->replicas->len, ==, 1);
  replica = g_ptr_array_index (web->replicas, 0);
  g_assert_cmpstr (replica->name, ==, "demo-web-1");
  g_assert_cmpint (replica->number, ==, 1);
  g_assert_cmpint (strlen (replica->container_id), ==, 64);
  g_assert_cmpint (state_of (graph, "service:es"), ==, FLT_GRAPH_STATE_RUNNING);

  /* es is listed first: the first address; web the second. */
  g_assert_cmpstr (find_edge (graph, "service:es", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK)->label,
                   ==, "172.20.0.2");
  g_assert_cmpstr (find_edge (graph, "service:web", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK)->label,
                   ==, "172.20.0.3");
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:foodtrucks-net")->detail, ==, "bridge · 172.20.0.0/16");

  /* The same state again: nothing to redraw. */
  flt_graph_apply_state (graph, state);
  g_assert_cmpuint (state_changed, ==, 1);

  /* es stopped: grey, and its address is gone from the line. */
  fake_engine_state (state, project, 1, NULL, one_differs, "es:exited:0");
  flt_graph_apply_state (graph, state);
  g_assert_cmpuint (state_changed, ==, 2);
  g_assert_cmpint (state_of (graph, "service:es"), ==, FLT_GRAPH_STATE_EXITED);
  g_assert_cmpint (state_of (graph, "service:web"), ==, FLT_GRAPH_STATE_RUNNING);
  g_assert_null (find_edge (graph, "service:es", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK)->label);
  g_assert_cmpstr (find_edge (graph, "service:web", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK)->label,
                   ==, "172.20.0.3");
  g_assert_cmpuint (changed, ==, 0);
}

typedef struct
{
  const char *spec;
  FltGraphState expected;
} StateCase;

static const StateCase state_cases[] = {
  { "es:exited:0", FLT_GRAPH_STATE_EXITED },
  { "es:exited:1", FLT_GRAPH_STATE_FAILED },
  { "es:exited:137", FLT_GRAPH_STATE_FAILED },
  { "es:oom", FLT_GRAPH_STATE_FAILED },
  { "es:created", FLT_GRAPH_STATE_CREATED },
  { "es:paused", FLT_GRAPH_STATE_PAUSED },
  { "es:restarting", FLT_GRAPH_STATE_RESTARTING },
  { "es:dead", FLT_GRAPH_STATE_DEAD },
  { "es:health:starting", FLT_GRAPH_STATE_STARTING },
  { "es:health:healthy", FLT_GRAPH_STATE_HEALTHY },
  { "es:health:unhealthy", FLT_GRAPH_STATE_UNHEALTHY },
};

static void
test_states (void)
{
  g_autoptr(FltProject) project = load_fixture ("tutorial.yml");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(FltProjectState) state = new_state ();

  for (guint i = 0; i < G_N_ELEMENTS (state_cases); i++)
    {
      fake_engine_state (state, project, 1, NULL, one_differs, (gpointer) state_cases[i].spec);
      flt_graph_apply_state (graph, state);
      if (state_of (graph, "service:es") != state_cases[i].expected)
        g_error ("%s: state %d, not %d", state_cases[i].spec,
                 state_of (graph, "service:es"), state_cases[i].expected);
      g_assert_cmpint (state_of (graph, "service:web"), ==, FLT_GRAPH_STATE_RUNNING);
    }
}

/* Three replicas each: a badge per container, the worst one wins. */
static void
test_replicas (void)
{
  g_autoptr(FltProject) project = load_fixture ("tutorial.yml");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(FltProjectState) state = new_state ();
  const FltGraphNode *es;
  g_autofree char *label = NULL;

  fake_engine_state (state, project, 3, NULL, NULL, NULL);
  flt_graph_apply_state (graph, state);
  es = flt_graph_lookup_node (graph, "service:es");
  g_assert_cmpuint (es->replicas->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (((FltGraphReplica *) g_ptr_array_index (es->replicas, i))->number, ==, (int) i + 1);
  /* Every replica's address, in order. */
  g_assert_cmpstr (find_edge (graph, "service:es", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK)->label,
                   ==, "172.20.0.2, 172.20.0.3, 172.20.0.4");

  fake_engine_state (state, project, 3, NULL, one_differs, "es:health:unhealthy");
  flt_graph_apply_state (graph, state);
  g_assert_cmpint (es->state, ==, FLT_GRAPH_STATE_UNHEALTHY);

  /* Down: no containers.  Still live, "not created", nothing moves. */
  _flt_project_state_apply_resync (state, NULL, NULL, NULL);
  flt_graph_apply_state (graph, state);
  g_assert_cmpuint (es->replicas->len, ==, 0);
  g_assert_cmpint (es->state, ==, FLT_GRAPH_STATE_UNKNOWN);
  g_assert_null (find_edge (graph, "service:es", "network:foodtrucks-net", FLT_GRAPH_EDGE_NETWORK)->label);
  g_assert_cmpstr (flt_graph_lookup_node (graph, "network:foodtrucks-net")->detail, ==, "bridge");
  g_assert_true (flt_graph_get_live (graph));
  label = flt_graph_dup_node_tooltip (graph, "service:es");
  g_assert_true (strstr (label, _("No containers")) != NULL);
}

/* Containers of a service the file no longer has. */
static void
test_orphans (void)
{
  g_autoptr(FltProject) project = load_fixture ("tutorial.yml");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(FltProjectState) state = new_state ();
  const char * const orphans[] = { "old-worker", NULL };
  const FltGraphNode *orphan;
  guint changed = 0;

  g_signal_connect (graph, "changed", G_CALLBACK (count_signal), &changed);
  fake_engine_state (state, project, 2, orphans, NULL, NULL);
  flt_graph_apply_state (graph, state);
  g_assert_cmpuint (changed, ==, 1);
  orphan = flt_graph_lookup_node (graph, "service:old-worker");
  g_assert_nonnull (orphan);
  g_assert_true (orphan->orphan);
  g_assert_cmpuint (orphan->replicas->len, ==, 2);
  g_assert_cmpint (orphan->state, ==, FLT_GRAPH_STATE_RUNNING);

  /* Again: still one, no relayout. */
  flt_graph_apply_state (graph, state);
  g_assert_cmpuint (changed, ==, 1);

  /* Removed (down --remove-orphans): gone from the graph. */
  fake_engine_state (state, project, 2, NULL, NULL, NULL);
  flt_graph_apply_state (graph, state);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_null (flt_graph_lookup_node (graph, "service:old-worker"));
}

/* Aliases from the file stay beside the live address; an external
 * network keeps what the file says. */
static void
test_aliases (void)
{
  g_autoptr(FltProject) project = load_fixture ("shop.yml");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(FltProjectState) state = new_state ();
  const FltGraphEdge *e;

  fake_engine_state (state, project, 1, NULL, NULL, NULL);
  flt_graph_apply_state (graph, state);
  e = find_edge (graph, "service:api", "network:back", FLT_GRAPH_EDGE_NETWORK);
  g_assert_true (g_str_has_suffix (e->label, " · api.internal"));
  g_assert_true (g_str_has_prefix (e->label, "172."));
  e = find_edge (graph, "service:proxy", "network:front", FLT_GRAPH_EDGE_NETWORK);
  g_assert_true (g_str_has_suffix (e->label, " · www, shop.local"));
  g_assert_true (flt_graph_lookup_node (graph, "network:outside")->external);
  g_assert_null (flt_graph_lookup_node (graph, "network:outside")->detail);
  /* network_mode: host and none have no address to show. */
  g_assert_cmpstr (find_edge (graph, "service:metrics", "host", FLT_GRAPH_EDGE_NETWORK)->label, ==, _("host network"));
  g_assert_cmpint (state_of (graph, "service:sandbox"), ==, FLT_GRAPH_STATE_RUNNING);
}

/* The state's signals, as the window wires them: each change reaches the
 * graph when applied again. */
static void
on_state_changed (FltProjectState *state,
                  const char      *id,
                  FltGraph        *graph)
{
  flt_graph_apply_state (graph, state);
}

static void
test_signals (void)
{
  g_autoptr(FltProject) project = load_fixture ("tutorial.yml");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(FltProjectState) state = new_state ();
  guint state_changed = 0;

  g_signal_connect (state, "container-added", G_CALLBACK (on_state_changed), graph);
  g_signal_connect (state, "container-changed", G_CALLBACK (on_state_changed), graph);
  g_signal_connect (state, "container-removed", G_CALLBACK (on_state_changed), graph);
  g_signal_connect (state, "network-changed", G_CALLBACK (on_state_changed), graph);
  g_signal_connect (graph, "state-changed", G_CALLBACK (count_signal), &state_changed);

  fake_engine_state (state, project, 1, NULL, NULL, NULL);
  g_assert_cmpint (state_of (graph, "service:web"), ==, FLT_GRAPH_STATE_RUNNING);
  g_assert_cmpuint (state_changed, >, 0);
  fake_engine_state (state, project, 1, NULL, one_differs, "web:exited:2");
  g_assert_cmpint (state_of (graph, "service:web"), ==, FLT_GRAPH_STATE_FAILED);
}

static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  return *(guint32 *) (data + (int) y * stride + 4 * (int) x) & 0xffffff;
}

/* BUILDDIR/tests/engine/graph-NAME-LANGUAGE.png, from the same surface
 * as the export, with what must show checked on it. */
static void
save_picture (FltGraph   *graph,
              const char *name,
              gboolean    dark,
              const char *service,
              guint32     stripe)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_strdup_printf ("graph-%s-%s-%s.png", name, dark ? "dark" : "light",
                                               language ? language : "en");
  g_autofree char *path = g_build_filename (g_getenv ("FLOTILLA_BUILD_DIR"), "tests", "engine", basename, NULL);
  cairo_surface_t *surface = flt_graph_render_surface (graph, 1, dark, &error);
  double x, y, w, h;

  g_assert_no_error (error);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("saved %s", path);

  /* The state stripe of @service, in the exported picture (margin 24). */
  flt_graph_get_bounds (graph, &x, &y, &w, &h);
  if (service != NULL)
    {
      const FltGraphNode *node = flt_graph_lookup_node (graph, service);

      g_assert_cmphex (pixel_at (surface, node->x - x + 24 + 3, node->y - y + 24 + node->height / 2), ==, stripe);
    }
  cairo_surface_destroy (surface);
}

/* The pictures a person looks at: the tutorial from its file, then
 * running with web failed and a container of an old service, light and
 * dark; and the shop running. */
static void
test_pictures (void)
{
  g_autoptr(FltProject) project = load_fixture ("tutorial.yml");
  g_autoptr(FltProject) shop = load_fixture ("shop.yml");
  g_autoptr(FltGraph) graph = flt_graph_new (project);
  g_autoptr(FltGraph) shop_graph = flt_graph_new (shop);
  g_autoptr(FltProjectState) state = new_state ();
  g_autoptr(FltProjectState) shop_state = new_state ();
  const char * const orphans[] = { "old-worker", NULL };

  /* Grey: not known from the file alone. */
  save_picture (graph, "tutorial", FALSE, "service:web", 0x9a9996);
  save_picture (graph, "tutorial", TRUE, "service:web", 0x77767b);

  fake_engine_state (state, project, 1, orphans, one_differs, "web:exited:1");
  flt_graph_apply_state (graph, state);
  /* Red: failed; green: running. */
  save_picture (graph, "tutorial-running", FALSE, "service:web", 0xe01b24);
  save_picture (graph, "tutorial-running", TRUE, "service:es", 0x2ec27e);

  fake_engine_state (shop_state, shop, 2, NULL, one_differs, "db:health:starting");
  flt_graph_apply_state (shop_graph, shop_state);
  /* Yellow: on its way. */
  save_picture (shop_graph, "shop-running", FALSE, "service:db", 0xe5a50a);
  save_picture (shop_graph, "shop-running", TRUE, "service:api", 0x2ec27e);
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--language="))
      {
        language = argv[i] + strlen ("--language=");
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        i--;
      }

  if (g_strcmp0 (language, "ru") == 0)
    {
      g_autofree char *locale_dir = g_build_filename (g_getenv ("FLOTILLA_BUILD_DIR"), "po", NULL);

      /* gettext ignores LANGUAGE under the C locale. */
      if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
        g_printerr ("the ru_RU.UTF-8 locale is missing (build-aux/install-deps.sh makes it)\n");
      g_setenv ("LANGUAGE", "ru", TRUE);
      bindtextdomain (GETTEXT_PACKAGE, locale_dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  else
    setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph-live/tutorial", test_tutorial);
  g_test_add_func ("/graph-live/states", test_states);
  g_test_add_func ("/graph-live/replicas", test_replicas);
  g_test_add_func ("/graph-live/orphans", test_orphans);
  g_test_add_func ("/graph-live/aliases", test_aliases);
  g_test_add_func ("/graph-live/signals", test_signals);
  g_test_add_func ("/graph-live/pictures", test_pictures);

  return g_test_run ();
}
