/* bench-yaml-view.c: how the YAML view keeps up with typing in a big file
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: it asserts nothing about time and prints figures.  Run it
 * with `xvfb-run -a meson test -C BUILD --benchmark yaml-view-typing -v`.
 *
 * It types into the file tests/bench/gen-services.py writes (1,000
 * services) in two windows, in alternating rounds: a plain GtkSourceView
 * set up like ours, which is what GtkSourceView costs by itself, and
 * FltYamlView.  For each keystroke it measures the time until the window
 * has painted it (FLOTILLA_BENCH_RAW=1 prints each).  Then it measures
 * what happens once per pause (the commit), a form edit arriving from
 * outside, and opening the file.
 */

#include <stdlib.h>
#include <string.h>

#include "flt-test-gui.h"
#include "flt-yaml-view.h"
#include "flt-yaml-view-private.h"

#define N_KEYSTROKES 200

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
        double     *ms,
        guint       n)
{
  double total = 0;

  qsort (ms, n, sizeof *ms, compare_doubles);
  for (guint i = 0; i < n; i++)
    total += ms[i];
  g_print ("%-44s n=%-4u median %7.2f ms   p95 %7.2f ms   max %7.2f ms   mean %7.2f ms\n",
           what, n, ms[n / 2], ms[MIN (n - 1, n * 95 / 100)], ms[n - 1], total / n);
}

static char *
generate_file (gsize *length)
{
  g_autofree char *script = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"),
                                              "tests", "bench", "gen-services.py", NULL);
  const char *argv[] = { "python3", script, "1000", NULL };
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &output, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Could not run %s: %s", script, error->message);

  *length = strlen (output);
  return output;
}

static guint
count_lines (const char *text)
{
  guint lines = 0;

  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  return lines;
}

/* Puts the cursor into a comment line of its own in the middle of the
 * text, so that what is typed keeps the file valid for the edits after. */
static void
prepare_typing (GtkWidget *window,
                GtkWidget *text_view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, gtk_text_buffer_get_line_count (buffer) / 2);
  gtk_text_buffer_insert (buffer, &iter, "#\n", -1);
  gtk_text_iter_backward_char (&iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (text_view), gtk_text_buffer_get_insert (buffer),
                                0.0, TRUE, 0.0, 0.5);
  flt_test_wait_for_paint (window);
}

/* Types @n characters, timing each from the insertion to the end of the
 * next paint. */
static void
type_and_time (GtkWidget *window,
               GtkWidget *text_view,
               double    *ms,
               guint      n)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));

  for (guint i = 0; i < n; i++)
    {
      gint64 start = g_get_monotonic_time ();

      gtk_text_buffer_insert_at_cursor (buffer, i % 10 == 9 ? " " : "x", 1);
      flt_test_wait_for_paint (window);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
}

static GtkWidget *
present (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autoptr(FltDocument) document = NULL;
  g_autoptr(FltWorkspace) workspace = NULL;
  g_autoptr(GtkSourceBuffer) plain_buffer = NULL;
  GtkWidget *plain_window, *plain_view, *scroller;
  GtkWidget *yaml_window, *yaml_view, *source_view;
  double plain_ms[N_KEYSTROKES];
  double yaml_ms[N_KEYSTROKES];
  double once[5];
  gsize length = 0;
  gint64 start;

  if (flt_test_gui_init (&argc, &argv) != NULL)
    {
      g_print ("Skipped: %s\n", flt_test_gui_get_skip_reason ());
      return 0;
    }

  text = generate_file (&length);
  g_print ("File: %zu bytes, %u lines\n", length, count_lines (text));

  /* GtkSourceView alone, set up as the YAML view sets up its own. */
  plain_buffer = gtk_source_buffer_new_with_language (
    gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "yaml"));
  gtk_source_buffer_set_style_scheme (plain_buffer,
    gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (), "Adwaita"));
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (plain_buffer), FALSE);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (plain_buffer), text, length);
  plain_view = gtk_source_view_new_with_buffer (plain_buffer);
  g_object_set (plain_view,
                "monospace", TRUE, "show-line-numbers", TRUE, "show-line-marks", TRUE,
                "highlight-current-line", TRUE, "auto-indent", TRUE,
                NULL);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), plain_view);
  plain_window = present (scroller);
  gtk_widget_grab_focus (plain_view);
  prepare_typing (plain_window, plain_view);

  /* The YAML view on a workspace of the same text. */
  document = flt_document_new (text, length, "compose.yaml");
  workspace = flt_workspace_new (document, NULL);
  g_assert_true (flt_workspace_wait (workspace, 60000));
  yaml_view = flt_yaml_view_new ();
  source_view = GTK_WIDGET (_flt_yaml_view_get_source_view (FLT_YAML_VIEW (yaml_view)));
  yaml_window = present (yaml_view);
  start = g_get_monotonic_time ();
  flt_yaml_view_set_workspace (FLT_YAML_VIEW (yaml_view), workspace);
  flt_test_wait_for_paint (yaml_window);
  once[0] = (g_get_monotonic_time () - start) / 1000.0;
  report ("open the file (set_workspace to first paint)", once, 1);
  gtk_widget_grab_focus (source_view);
  /* Long enough that no commit falls inside the typing. */
  _flt_yaml_view_set_commit_delay (FLT_YAML_VIEW (yaml_view), 600000);
  prepare_typing (yaml_window, source_view);

  /* In alternating rounds, so that the machine's other work falls on both. */
  for (guint round = 0; round < N_KEYSTROKES / 20; round++)
    {
      type_and_time (plain_window, plain_view, plain_ms + round * 20, 20);
      type_and_time (yaml_window, source_view, yaml_ms + round * 20, 20);
    }
  if (g_getenv ("FLOTILLA_BENCH_RAW"))
    for (guint i = 0; i < N_KEYSTROKES; i++)
      g_print ("%u plain %.1f yaml %.1f\n", i, plain_ms[i], yaml_ms[i]);
  report ("keystroke to paint, plain GtkSourceView", plain_ms, N_KEYSTROKES);
  report ("keystroke to paint, FltYamlView", yaml_ms, N_KEYSTROKES);
  g_assert_true (flt_yaml_view_has_pending (FLT_YAML_VIEW (yaml_view)));
  g_assert_cmpuint (flt_document_get_revision (document), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (once); i++)
    {
      gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (source_view)), "y", 1);
      start = g_get_monotonic_time ();
      flt_yaml_view_flush (FLT_YAML_VIEW (yaml_view));
      once[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  report ("commit after a pause (once per pause)", once, G_N_ELEMENTS (once));

  for (guint i = 0; i < G_N_ELEMENTS (once); i++)
    {
      g_autofree char *port = g_strdup_printf ("%u:8080", 30000 + i);
      g_autoptr(GError) error = NULL;

      start = g_get_monotonic_time ();
      flt_document_set_value (document, "services.svc900.ports[0]", port, FLT_EDIT_NONE, &error);
      once[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
    }
  report ("form edit reaching the text (incl. patch)", once, G_N_ELEMENTS (once));

  for (guint i = 0; i < G_N_ELEMENTS (once); i++)
    {
      g_autofree char *port = g_strdup_printf ("%u:8080", 40000 + i);
      g_autoptr(FltDocument) alone = flt_document_new (flt_document_get_text (document, NULL), -1, "compose.yaml");
      g_autoptr(GError) error = NULL;

      start = g_get_monotonic_time ();
      flt_document_set_value (alone, "services.svc900.ports[0]", port, FLT_EDIT_NONE, &error);
      once[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
    }
  report ("the same patch with no view (the core alone)", once, G_N_ELEMENTS (once));

  gtk_window_destroy (GTK_WINDOW (plain_window));
  gtk_window_destroy (GTK_WINDOW (yaml_window));
  g_assert_true (flt_workspace_wait (workspace, 60000));
  return 0;
}
