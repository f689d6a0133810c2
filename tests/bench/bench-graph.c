/* bench-graph.c: how long the graph takes to lay out and draw 200 services
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by tests/bench/graph.sh.  A made-up project of 200 services on 10
 * networks (graph-gen.h); medians of ROUNDS runs of:
 *   - layout: a fresh layout ("Arrange"), and a whole graph from a project;
 *   - set_project with a project of the same shape (what each keystroke
 *     in the editor costs while the graph is open);
 *   - a frame: everything drawn, fitted into 1920×1080, into a cairo image
 *     surface (the window's software path), the first one apart (it
 *     shapes the text);
 *   - at 100 %: everything at once (as an export draws it); what the
 *     main thread does for the first frame, a zoom, a scroll past the kept
 *     margin or a change to the graph (record the edges, draw the focus
 *     and the cards) and what the worker then does (the edges into
 *     pixels); and a frame where only the pointer moved;
 *   - flt_graph_apply_state with every service running and one changing.
 * Times are the thread's CPU time (the machine may be busy with other
 * work).  Prints `RESULT graph-<figure> <value> ms` lines for
 * tests/bench/run.
 */

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "flt-graph-live.h"
#include "flt-graph-render.h"
#include "graph-gen.h"
#include "../engine/graph-live-fake.h"

#define WIDTH  1920
#define HEIGHT 1080

/* CPU time of this thread, in microseconds: on a machine busy with other
 * work, wall-clock time mostly measures the wait for a CPU. */
static gint64
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static FltProject *
load (const char *text)
{
  g_autoptr(FltDocument) doc = flt_document_new (text, -1, "compose.yaml");
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  FltProjectOptions options = { 0 };

  options.environment = environment;
  options.project_directory = "/tmp/bench";
  options.project_name = "bench";
  return flt_project_new (&doc, 1, &options);
}

/* @zoom 0: all of it fitted in the frame; else at that zoom, a third of
 * the way down. */
static double
draw_layers (FltGraph        *graph,
             cairo_surface_t *surface,
             const char      *hover,
             double           zoom,
             FltGraphLayers   layers)
{
  FltGraphStyle style = { FALSE, NULL, hover, 1.0 };
  double x, y, w, h, scale;
  gint64 start = now ();
  cairo_t *cr = cairo_create (surface);

  flt_graph_get_bounds (graph, &x, &y, &w, &h);
  scale = zoom > 0 ? zoom : MIN (WIDTH / (w + 48), HEIGHT / (h + 48));
  style.scale = scale;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, 24 - x, 24 - y - (zoom > 0 ? h / 3 : 0));
  flt_graph_render_layers (graph, cr, &style, layers);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return (now () - start) / 1000.0;
}

static double
draw_frame (FltGraph        *graph,
            cairo_surface_t *surface,
            const char      *hover,
            double           zoom)
{
  return draw_layers (graph, surface, hover, zoom, FLT_GRAPH_LAYER_ALL);
}

static void
one_stopped (const char    *service,
             int            number,
             FakeContainer *out,
             gpointer       user_data)
{
  if (g_strcmp0 (service, user_data) == 0)
    {
      out->status = "exited";
      out->exit_code = 1;
    }
}

int
main (int   argc,
      char *argv[])
{
  guint services = argc > 1 ? (guint) atoi (argv[1]) : 200;
  guint networks = argc > 2 ? (guint) atoi (argv[2]) : 10;
  guint rounds = argc > 3 ? (guint) atoi (argv[3]) : 30;
  g_autofree char *text = flt_test_generate_project (services, networks, FALSE);
  g_autoptr(FltProject) project = load (text);
  g_autoptr(FltProject) same = load (text);
  g_autoptr(FltGraph) graph = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(FltEndpoint) endpoint = NULL;
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(FltProjectState) state = NULL;
  cairo_surface_t *surface;
  double first, x, y, w, h;
  const FltGraphNode *hover = NULL;

  setlocale (LC_ALL, "");

  /* A whole graph: built and laid out. */
  for (guint i = 0; i < rounds; i++)
    {
      gint64 start = now ();
      FltGraph *g = flt_graph_new (project);
      double t = (now () - start) / 1000.0;

      g_array_append_val (times, t);
      g_object_unref (g);
    }
  printf ("graph of %u services on %u networks: median %.2f ms\n", services, networks, median (times));
  printf ("RESULT graph-new %.2f ms\n", median (times));

  graph = flt_graph_new (project);
  printf ("%u nodes, %u edges\n", flt_graph_get_n_nodes (graph), flt_graph_get_n_edges (graph));

  /* The layout alone, fresh each time. */
  g_array_set_size (times, 0);
  for (guint i = 0; i < rounds; i++)
    {
      gint64 start = now ();
      double t;

      flt_graph_unpin_all (graph);
      t = (now () - start) / 1000.0;
      g_array_append_val (times, t);
    }
  printf ("layout: median %.2f ms (target < 50 ms)\n", median (times));
  printf ("RESULT graph-layout %.2f ms\n", median (times));

  /* A keystroke in the editor: the same shape again. */
  g_array_set_size (times, 0);
  for (guint i = 0; i < rounds; i++)
    {
      gint64 start = now ();
      double t;

      flt_graph_set_project (graph, i % 2 ? project : same);
      t = (now () - start) / 1000.0;
      g_array_append_val (times, t);
    }
  printf ("set_project, same shape: median %.2f ms\n", median (times));
  printf ("RESULT graph-set-project %.2f ms\n", median (times));

  /* Frames. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  first = draw_frame (graph, surface, NULL, 0);
  g_array_set_size (times, 0);
  for (guint i = 0; i < rounds; i++)
    {
      double t;

      /* Hover moves from node to node, as a pointer would. */
      hover = flt_graph_get_node (graph, i % flt_graph_get_n_nodes (graph));
      t = draw_frame (graph, surface, i % 2 ? hover->id : NULL, 0);
      g_array_append_val (times, t);
    }
  flt_graph_get_bounds (graph, &x, &y, &w, &h);
  printf ("frame, all of it fitted in %d×%d (%.0f×%.0f units): first %.2f ms, median %.2f ms (target < 16 ms)\n",
          WIDTH, HEIGHT, w, h, first, median (times));
  printf ("RESULT graph-frame-first %.2f ms\n", first);
  printf ("RESULT graph-frame %.2f ms\n", median (times));
  cairo_surface_write_to_png (surface, "bench-graph.png");

  /* At 100 %: a window's worth of it, readable. */
  g_array_set_size (times, 0);
  for (guint i = 0; i < rounds; i++)
    {
      double t = draw_frame (graph, surface, i % 2 ? hover->id : NULL, 1.0);

      g_array_append_val (times, t);
    }
  printf ("frame at 100 %%, a %d×%d window's worth: median %.2f ms\n", WIDTH, HEIGHT, median (times));
  printf ("RESULT graph-frame-100 %.2f ms\n", median (times));

  /* What the window does for its first frame, a zoom, a scroll past the
   * kept margin or a change to the graph (app/gui/graph/flt-graph-edge-
   * cache.c): on the main thread it records
   * the edges (paths and glyphs, no pixels) and draws the focused edges
   * and the cards over the kept layer; a worker turns the recording into
   * pixels, which replace the kept layer a frame or two later. */
  {
    g_autoptr(GArray) main_times = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) raster_times = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < rounds; i++)
      {
        cairo_rectangle_t extents = { 0, 0, WIDTH, HEIGHT };
        cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
        FltGraphStyle style = { FALSE, NULL, NULL, 1.0 };
        double t;
        gint64 start = now ();
        cairo_t *cr = cairo_create (recording);

        cairo_translate (cr, 24 - x, 24 - y - h / 3);
        flt_graph_render_layers (graph, cr, &style, FLT_GRAPH_LAYER_EDGES);
        cairo_destroy (cr);
        t = (now () - start) / 1000.0;
        hover = flt_graph_get_node (graph, i % flt_graph_get_n_nodes (graph));
        t += draw_layers (graph, surface, hover->id, 1.0, FLT_GRAPH_LAYER_FOCUS | FLT_GRAPH_LAYER_NODES);
        g_array_append_val (main_times, t);

        /* The worker's part, timed in this thread as it would be in its own. */
        start = now ();
        cr = cairo_create (surface);
        cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
        cairo_paint (cr);
        cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
        cairo_set_source_surface (cr, recording, 0, 0);
        cairo_paint (cr);
        cairo_destroy (cr);
        cairo_surface_flush (surface);
        t = (now () - start) / 1000.0;
        g_array_append_val (raster_times, t);
        cairo_surface_destroy (recording);
      }
    printf ("frame at 100 %%, a zoom, a scroll or a change: main thread median %.2f ms, "
            "edges rasterized in a worker %.2f ms\n", median (main_times), median (raster_times));
    printf ("RESULT graph-frame-zoom-100 %.2f ms\n", median (main_times));
    printf ("RESULT graph-edges-raster-100 %.2f ms\n", median (raster_times));
  }

  /* What the window redraws when the pointer moves to another card: the
   * edges stay as they were drawn (app/gui/graph/flt-graph-edge-cache.c),
   * the focused ones and the cards are drawn over them. */
  g_array_set_size (times, 0);
  for (guint i = 0; i < rounds; i++)
    {
      double t;

      hover = flt_graph_get_node (graph, i % flt_graph_get_n_nodes (graph));
      t = draw_layers (graph, surface, hover->id, 1.0, FLT_GRAPH_LAYER_FOCUS | FLT_GRAPH_LAYER_NODES);
      g_array_append_val (times, t);
    }
  printf ("frame at 100 %%, the pointer on another card (edges kept): median %.2f ms\n", median (times));
  printf ("RESULT graph-frame-hover-100 %.2f ms\n", median (times));
  cairo_surface_write_to_png (surface, "bench-graph-100.png");
  cairo_surface_destroy (surface);

  /* The live part: every service running, one going up and down. */
  endpoint = flt_endpoint_parse ("unix:///nonexistent/docker.sock", "the benchmark", NULL);
  engine = flt_engine_new (endpoint);
  state = flt_project_state_new (engine, "bench");
  g_array_set_size (times, 0);
  for (guint i = 0; i < rounds; i++)
    {
      gint64 start;
      double t;

      fake_engine_state (state, project, 1, NULL, one_stopped, i % 2 ? "svc007" : NULL);
      start = now ();
      flt_graph_apply_state (graph, state);
      t = (now () - start) / 1000.0;
      g_array_append_val (times, t);
    }
  printf ("apply_state, %u containers: median %.2f ms\n", services, median (times));
  printf ("RESULT graph-apply-state %.2f ms\n", median (times));

  return 0;
}
