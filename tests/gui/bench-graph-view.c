/* bench-graph-view.c: what the Graph view costs on the main loop with a
 * large project
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: it asserts nothing about time and prints figures.  Run it
 * with `xvfb-run -a meson test -C BUILD --benchmark graph-view -v`.
 *
 * A window with the Graph view of 200 services on 10 networks
 * (tests/bench/graph-gen.h), 1280×800.  It measures, as medians:
 *  - a frame: from a redraw asked for to the window painted, the whole
 *    graph fitted, and at 100% (fewer nodes in view); beside it, what
 *    flt_graph_render alone takes for the same picture, and what an empty
 *    canvas costs, to tell the core's drawing from GTK's;
 *  - another card selected: the same, after the selection moved;
 *  - a burst of engine events (every container changing at once):
 *    from the first event to the graph applied and painted, and how many
 *    times the state was applied for it (one is the aim).
 */

#include <stdlib.h>
#include <string.h>

#include "flt-graph-render.h"
#include "flt-graph-view.h"
#include "flt-graph-view-private.h"
#include "flt-project-state-private.h"
#include "flt-test-gui.h"

#include "../bench/graph-gen.h"

#define N_SERVICES 200
#define N_NETWORKS 10
#define N_FRAMES 40

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        const char *key,
        double     *ms,
        guint       n)
{
  qsort (ms, n, sizeof *ms, compare_doubles);
  g_print ("%-40s n=%-3u median %7.2f ms   p95 %7.2f ms   max %7.2f ms\n",
           what, n, ms[n / 2], ms[MIN (n - 1, n * 95 / 100)], ms[n - 1]);
  if (key != NULL)
    g_print ("RESULT %s %.2f ms\n", key, ms[n / 2]);
}

static void
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* From now until @widget's window has painted again. */
static double
time_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_flag), &painted);
  gint64 start = g_get_monotonic_time ();

  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
apply_container (FltProjectState *state,
                 guint            i,
                 const char      *status)
{
  g_autofree char *text = g_strdup_printf (
    "{\"Id\":\"%064u\",\"Name\":\"/bench-svc%03u-1\","
    "\"State\":{\"Status\":\"%s\",\"Running\":%s,\"ExitCode\":0},"
    "\"Config\":{\"Image\":\"example/app\",\"Labels\":{"
    "\"com.docker.compose.container-number\":\"1\",\"com.docker.compose.oneoff\":\"False\","
    "\"com.docker.compose.project\":\"bench\",\"com.docker.compose.service\":\"svc%03u\"}},"
    "\"NetworkSettings\":{\"Ports\":{},\"Networks\":{}}}",
    i + 1, i, status, g_str_equal (status, "running") ? "true" : "false", i);
  g_autofree char *id = g_strdup_printf ("%064u", i + 1);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  _flt_project_state_apply_container (state, id, json_node_get_object (node));
}

static guint n_applied;

static void
count_apply (void)
{
  n_applied++;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autoptr(FltDocument) document = NULL;
  g_autoptr(FltWorkspace) workspace = NULL;
  g_autoptr(FltEndpoint) endpoint = NULL;
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(FltProjectState) state = NULL;
  FltGraphCanvas *canvas;
  FltGraphView *view;
  GtkWidget *window;
  double ms[N_FRAMES];
  const FltGraphNode *node;

  if (flt_test_gui_init (&argc, &argv) != NULL)
    {
      g_print ("skipped: %s\n", flt_test_gui_get_skip_reason ());
      return 0;
    }

  text = flt_test_generate_project (N_SERVICES, N_NETWORKS, FALSE);
  document = flt_document_new (text, -1, "bench.yml");
  workspace = flt_workspace_new (document, NULL);
  g_assert_true (flt_workspace_wait (workspace, 60000));

  window = gtk_window_new ();
  view = FLT_GRAPH_VIEW (flt_graph_view_new ());
  canvas = flt_graph_view_get_canvas (view);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  flt_graph_view_set_workspace (view, workspace);
  flt_test_wait_for_paint (window);
  g_print ("%u nodes, %u edges, zoom %.0f%% fitted\n",
           flt_graph_get_n_nodes (flt_graph_view_get_graph (view)),
           flt_graph_get_n_edges (flt_graph_view_get_graph (view)),
           flt_graph_canvas_get_zoom (canvas) * 100);

  for (guint i = 0; i < N_FRAMES; i++)
    ms[i] = time_paint (GTK_WIDGET (canvas));
  report ("frame, whole graph fitted", "graph-view-frame", ms, N_FRAMES);

  /* What of it is the core's drawing: the same picture into an image. */
  for (guint i = 0; i < N_FRAMES; i++)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (canvas));
      int height = gtk_widget_get_height (GTK_WIDGET (canvas));
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cairo_t *cr = cairo_create (surface);
      FltGraphStyle style = { .scale = flt_graph_canvas_get_zoom (canvas) };
      double ox, oy;
      gint64 start = g_get_monotonic_time ();

      flt_graph_canvas_graph_to_widget (canvas, 0, 0, &ox, &oy);
      cairo_translate (cr, ox, oy);
      cairo_scale (cr, style.scale, style.scale);
      flt_graph_render (flt_graph_view_get_graph (view), cr, &style);
      cairo_surface_flush (surface);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  report ("  of which flt_graph_render into an image", "graph-view-render", ms, N_FRAMES);

  /* And what GTK costs around it: the canvas with nothing to draw. */
  flt_graph_canvas_set_show_legend (canvas, FALSE);
  flt_graph_canvas_set_graph (canvas, NULL);
  for (guint i = 0; i < N_FRAMES; i++)
    ms[i] = time_paint (GTK_WIDGET (canvas));
  report ("  an empty canvas, for comparison", NULL, ms, N_FRAMES);
  flt_graph_canvas_set_graph (canvas, flt_graph_view_get_graph (view));
  flt_graph_canvas_set_show_legend (canvas, TRUE);
  flt_graph_canvas_fit (canvas);

  flt_graph_canvas_zoom_reset (canvas);
  for (guint i = 0; i < N_FRAMES; i++)
    ms[i] = time_paint (GTK_WIDGET (canvas));
  report ("frame, at 100%", NULL, ms, N_FRAMES);

  /* Selecting cards one after another: a redraw each. */
  flt_graph_canvas_fit (canvas);
  for (guint i = 0; i < N_FRAMES; i++)
    {
      node = flt_graph_get_node (flt_graph_view_get_graph (view), i);
      flt_graph_view_select (view, node->id);
      ms[i] = time_paint (GTK_WIDGET (canvas));
    }
  report ("selection moved to another card", "graph-view-select", ms, N_FRAMES);

  /* The same at 100%, where many more edges cross the view. */
  flt_graph_canvas_zoom_reset (canvas);
  time_paint (GTK_WIDGET (canvas));
  for (guint i = 0; i < N_FRAMES; i++)
    {
      node = flt_graph_get_node (flt_graph_view_get_graph (view), i);
      flt_graph_view_select (view, node->id);
      ms[i] = time_paint (GTK_WIDGET (canvas));
    }
  report ("selection moved, at 100%", "graph-view-select-100", ms, N_FRAMES);

  /* Scrolling at 100% by 8 pixels a frame, as a drag does. */
  for (guint i = 0; i < N_FRAMES; i++)
    {
      flt_graph_canvas_scroll_by (canvas, 0, 8);
      ms[i] = time_paint (GTK_WIDGET (canvas));
    }
  report ("scrolled by 8 px, at 100%", "graph-view-scroll-100", ms, N_FRAMES);
  flt_graph_canvas_fit (canvas);

  /* Every container changing at once, as an Up does. */
  endpoint = flt_endpoint_parse ("unix:///nonexistent/docker.sock", "the benchmark", NULL);
  engine = flt_engine_new (endpoint);
  state = flt_project_state_new (engine, "bench");
  _flt_project_state_set_connected (state, TRUE, NULL);
  flt_graph_view_set_state (view, state);
  g_signal_connect_swapped (flt_graph_view_get_graph (view), "state-changed", G_CALLBACK (count_apply), NULL);
  for (guint round = 0; round < 10; round++)
    {
      gint64 start = g_get_monotonic_time ();
      double burst;

      n_applied = 0;
      for (guint i = 0; i < N_SERVICES; i++)
        apply_container (state, i, round % 2 ? "exited" : "running");
      burst = (g_get_monotonic_time () - start) / 1000.0;
      while (_flt_graph_view_get_apply_pending (view))
        g_main_context_iteration (NULL, TRUE);
      ms[round] = (g_get_monotonic_time () - start) / 1000.0 + time_paint (GTK_WIDGET (canvas));
      g_print ("burst %u: %u events in %.1f ms, graph changed %u times\n", round, N_SERVICES, burst, n_applied);
    }
  report ("200 containers changing, until painted", "graph-view-burst", ms, 10);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
