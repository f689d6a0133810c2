/* bench-logview.c: a million log lines into the Logs room, as fast as it takes them
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens a window holding an FltLogsPage, then a thread pushes 1,000,000
 * lines of two services, one at a time, through the page's feed (the path
 * the engine's readers take), waiting only while the main loop has not yet
 * taken what it was given.  Meanwhile a 1 ms timer and the frame clock
 * record the longest gaps of the main loop.  A second round does the same
 * with a regular expression search in filter mode.
 *
 * Prints lines per second, the longest main-loop stall and frame gap, the
 * longest main-loop iteration in wall-clock and in CPU time (on a loaded
 * machine the first includes waiting for the CPU and the X server; the
 * second is the work itself), and VmRSS before and after; exits 1 when a
 * target is missed (no stall over 50 ms, RSS under 150 MB with the
 * default scrollback).  BENCH_TRACE=1 prints every iteration over 20 ms.
 * For tests/bench/run, each figure is also printed as a line
 * `RESULT logview-<renderer>-<round>-<figure> <value> <unit>` (renderer:
 * the GSK renderer that drew, e.g. gl or cairo; round: follow or filter).
 *
 * usage: bench-logview [N_LINES]   (run it under xvfb-run: tests/bench/logview.sh)
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "flt-logs-page.h"
#include "flt-renderer.h"

#define TARGET_STALL_MS 50.0
#define TARGET_RSS_MB 150.0
/* How many lines may wait for the main loop before the producer pauses:
 * a few frames' worth. */
#define MAX_PENDING 50000

typedef struct
{
  FltLogFeed   *feed;
  guint         n_lines;
  guint         round;
  gint64        started;
  gint64        finished;    /* when the last line was pushed */
} Producer;

static gint64 timer_last;
static gint64 timer_max_gap;
static gint64 frame_last;
static gint64 frame_max_gap;
static guint  frames;

static double
rss_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0;
}

static gboolean
timer_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (timer_last != 0)
    timer_max_gap = MAX (timer_max_gap, now - timer_last);
  timer_last = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (frame_last != 0)
    frame_max_gap = MAX (frame_max_gap, now - frame_last);
  frame_last = now;
  frames++;
  return G_SOURCE_CONTINUE;
}

/* One main-loop iteration, timing its dispatch (not its wait). */
static gint64 dispatch_max;
static gint64 dispatch_cpu_max;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
iterate (void)
{
  GMainContext *context = g_main_context_default ();
  GPollFD fds[64];
  int priority, timeout, n;
  gint64 start, cpu_start;

  g_main_context_acquire (context);
  g_main_context_prepare (context, &priority);
  n = g_main_context_query (context, priority, &timeout, fds, G_N_ELEMENTS (fds));
  g_poll (fds, n, timeout);
  start = g_get_monotonic_time ();
  cpu_start = thread_cpu_us ();
  if (g_main_context_check (context, priority, fds, n))
    g_main_context_dispatch (context);
  dispatch_max = MAX (dispatch_max, g_get_monotonic_time () - start);
  dispatch_cpu_max = MAX (dispatch_cpu_max, thread_cpu_us () - cpu_start);
  if (g_getenv ("BENCH_TRACE") && g_get_monotonic_time () - start > 20000)
    fprintf (stderr, "dispatch %.1f ms, %.1f ms of CPU\n", (g_get_monotonic_time () - start) / 1000.0,
             (thread_cpu_us () - cpu_start) / 1000.0);
  g_main_context_release (context);
}

static void
reset_gaps (void)
{
  timer_last = timer_max_gap = 0;
  dispatch_max = dispatch_cpu_max = 0;
  frame_last = frame_max_gap = 0;
  frames = 0;
}

/* Lines like the Food Trucks services write: an access log and a search
 * engine's log, with now and then a long JSON line and a short one. */
static gsize
format_line (char  *out,
             gsize  size,
             guint  i,
             guint  round,
             const char **service)
{
  static const char * const queries[] = { "tacos", "burritos", "coffee", "pizza+slice", "dumplings", "bbq" };

  switch (i % 8)
    {
    case 0: case 2: case 5:
      *service = "web";
      return g_snprintf (out, size,
                         "172.18.0.%u - - [05/Jan/2026 09:%02u:%02u] \"GET /search?q=%s HTTP/1.1\" 200 %u \"-\" "
                         "\"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0\"",
                         i % 250, (i / 60) % 60, i % 60, queries[i % G_N_ELEMENTS (queries)], 180 + i % 9000);
    case 1: case 4:
      *service = "es";
      return g_snprintf (out, size,
                         "[2026-01-05T09:41:%02u,%03u][INFO ][o.e.c.m.MetaDataMappingService] [node-%u] "
                         "[trucks/%u] update_mapping [doc] round %u",
                         i % 60, i % 1000, i % 3, i % 97, round);
    case 3:
      *service = "web";
      return g_snprintf (out, size, "ERROR: truck %u has no location; skipping", i);
    case 6:
      *service = "es";
      return g_snprintf (out, size,
                         "{\"type\": \"server\", \"timestamp\": \"2026-01-05T09:41:%02u,%03uZ\", \"level\": \"WARN\", "
                         "\"component\": \"o.e.c.r.a.DiskThresholdMonitor\", \"cluster.name\": \"docker-cluster\", "
                         "\"node.name\": \"es01\", \"message\": \"high disk watermark [90%%] exceeded on "
                         "[node-%u][/usr/share/elasticsearch/data/nodes/0] free: %u.1gb[9.6%%], shards will be "
                         "relocated away from this node\"}",
                         i % 60, i % 1000, i % 3, 4 + i % 5);
    default:
      *service = "web";
      return g_snprintf (out, size, "GC pause %ums", i % 40);
    }
}

static gpointer
produce (gpointer data)
{
  Producer *producer = data;
  gint64 timestamp = G_GINT64_CONSTANT (1767606062) * 1000000000;
  char text[1024];

  /* Lines come from other processes (the engine) through reader threads
   * that mostly wait on sockets; a producer computing lines flat out on
   * this thread must not starve the X server and the main loop of CPU,
   * or the stalls measured are the scheduler's, not the view's. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19) != 0)
    g_warning ("Could not lower the producer's priority: %s", g_strerror (errno));

  producer->started = g_get_monotonic_time ();
  for (guint i = 0; i < producer->n_lines; i++)
    {
      FltLogLine line;

      line.length = MIN (format_line (text, sizeof text, i, producer->round, &line.service), sizeof text - 1);
      line.text = text;
      line.container = g_str_equal (line.service, "web") ? "foodtrucks-web-1" : "foodtrucks-es-1";
      line.number = 1;
      line.stream = i % 8 == 3 ? FLT_LOG_STDERR : FLT_LOG_STDOUT;
      line.timestamp = timestamp + (gint64) i * 137000;
      flt_log_feed_push (producer->feed, &line);

      /* As fast as the view takes them: wait while the main loop has not
       * taken what it was given. */
      if ((i & 1023) == 0)
        while (flt_log_feed_get_pending (producer->feed) > MAX_PENDING)
          g_usleep (200);
    }
  producer->finished = g_get_monotonic_time ();
  return NULL;
}

/* "GskGLRenderer" -> "gl": the renderer's name in the RESULT lines. */
static char *
renderer_key (GtkWidget *window)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  const char *name = renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "unknown";
  g_autofree char *key = NULL;

  if (g_str_has_prefix (name, "Gsk"))
    name += 3;
  key = g_ascii_strdown (name, -1);
  if (g_str_has_suffix (key, "renderer"))
    key[strlen (key) - strlen ("renderer")] = '\0';
  return g_steal_pointer (&key);
}

static gboolean
run_round (FltLogsPage *page,
           GtkWidget   *window,
           guint        n_lines,
           guint        round,
           const char  *title)
{
  g_autofree char *renderer = renderer_key (window);
  const char *round_key = round == 1 ? "follow" : "filter";
  FltLogBuffer *buffer = flt_logs_page_get_buffer (page);
  FltLogFilter *filter = flt_logs_page_get_filter (page);
  Producer producer = { flt_logs_page_get_feed (page), n_lines, round, 0, 0 };
  guint64 target = flt_log_buffer_get_end_seq (buffer) + n_lines;
  guint64 dropped_before = flt_log_feed_get_dropped (producer.feed);
  double rss_before = rss_mb ("VmRSS:");
  double seconds, stall_ms, frame_ms, rss_after;
  gint64 delivered;
  GThread *thread;
  gboolean ok;

  reset_gaps ();
  thread = g_thread_new ("producer", produce, &producer);
  while (flt_log_buffer_get_end_seq (buffer) + flt_log_feed_get_dropped (producer.feed) - dropped_before < target)
    iterate ();
  delivered = g_get_monotonic_time ();
  g_thread_join (thread);

  /* Let the filter finish and a frame show the last lines. */
  while (!flt_log_filter_is_complete (filter))
    g_main_context_iteration (NULL, TRUE);
  {
    guint until = frames + 2;

    while (frames < until)
      g_main_context_iteration (NULL, TRUE);
  }

  seconds = (delivered - producer.started) / 1e6;
  stall_ms = timer_max_gap / 1000.0;
  frame_ms = frame_max_gap / 1000.0;
  rss_after = rss_mb ("VmRSS:");
  ok = stall_ms <= TARGET_STALL_MS && rss_after < TARGET_RSS_MB;

  printf ("%s\n", title);
  printf ("  lines:                  %u (%" G_GUINT64_FORMAT " dropped, %u kept, %u shown)\n",
          n_lines, flt_log_feed_get_dropped (producer.feed) - dropped_before,
          flt_log_buffer_get_n_lines (buffer), flt_log_filter_get_n_rows (filter));
  printf ("  lines per second:       %.0f (%.2f s; the producer alone pushed for %.2f s)\n",
          n_lines / seconds, seconds, (producer.finished - producer.started) / 1e6);
  printf ("  longest main-loop stall: %.1f ms (1 ms timer; target <= %.0f ms) %s\n",
          stall_ms, TARGET_STALL_MS, stall_ms <= TARGET_STALL_MS ? "met" : "MISSED");
  printf ("  longest frame gap:      %.1f ms over %u frames\n", frame_ms, frames);
  printf ("  longest dispatch:       %.1f ms (one main-loop iteration, waiting excluded); "
          "the most CPU one took: %.1f ms\n",
          dispatch_max / 1000.0, dispatch_cpu_max / 1000.0);
  printf ("  VmRSS:                  %.1f MB before, %.1f MB after (target < %.0f MB) %s\n",
          rss_before, rss_after, TARGET_RSS_MB, rss_after < TARGET_RSS_MB ? "met" : "MISSED");
  printf ("RESULT logview-%s-%s-rate %.0f lines/s\n", renderer, round_key, n_lines / seconds);
  printf ("RESULT logview-%s-%s-stall %.1f ms\n", renderer, round_key, stall_ms);
  printf ("RESULT logview-%s-%s-dispatch-cpu %.1f ms\n", renderer, round_key, dispatch_cpu_max / 1000.0);
  printf ("RESULT logview-%s-%s-rss %.1f MB\n", renderer, round_key, rss_after);
  fflush (stdout);
  return ok;
}

static void
load_style (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display), RESOURCE_PREFIX "/icons");
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  guint n_lines = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  FltLogsPage *page;
  GtkWidget *window;
  gboolean ok = TRUE;
  double rss_start;

  /* The renderer the app would pick here (app/gui/flt-renderer.c). */
  flt_renderer_choose ("/dev");
  if (!gtk_init_check ())
    {
      fprintf (stderr, "No display: run under xvfb-run (tests/bench/logview.sh)\n");
      return 2;
    }
  adw_init ();
  load_style ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  page = flt_logs_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  g_timeout_add (1, timer_cb, NULL);
  gtk_widget_add_tick_callback (window, tick_cb, NULL, NULL);
  {
    guint until = frames + 5;

    while (frames < until)
      g_main_context_iteration (NULL, TRUE);
  }

  rss_start = rss_mb ("VmRSS:");
  printf ("Logs view benchmark: %u lines, scrollback %u lines, window 900x640 (the default window size), timestamps shown\n",
          n_lines, flt_log_buffer_get_capacity (flt_logs_page_get_buffer (page)));
  printf ("  VmRSS with the empty window: %.1f MB\n\n", rss_start);

  gtk_widget_activate_action (GTK_WIDGET (page), "logs.timestamps", NULL);
  ok &= run_round (page, window, n_lines, 1, "Following, no search:");

  flt_logs_page_set_search (page, "error|warn");
  gtk_widget_activate_action (GTK_WIDGET (page), "logs.regex", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "logs.filter", NULL);
  printf ("\n");
  ok &= run_round (page, window, n_lines, 2, "Following, filter mode with the regular expression error|warn:");

  printf ("\n  peak VmHWM: %.1f MB\n", rss_mb ("VmHWM:"));
  {
    g_autofree char *renderer = renderer_key (window);

    printf ("RESULT logview-%s-hwm %.1f MB\n", renderer, rss_mb ("VmHWM:"));
  }
  printf ("%s\n", ok ? "All targets met." : "A target was missed.");

  gtk_window_destroy (GTK_WINDOW (window));
  return ok ? 0 : 1;
}
