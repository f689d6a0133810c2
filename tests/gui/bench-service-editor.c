/* bench-service-editor.c: what an edit in the service form costs on the main loop
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: it asserts nothing about time and prints figures.  Run it
 * with `xvfb-run -a meson test -C BUILD --benchmark service-editor-editing -v`.
 *
 * For a file of 10 and of 300 services (each with a dozen keys, lists and
 * a comment) it times showing a service, one edit made in the form (the
 * document's patch and re-parse plus the form's refresh, all on the main
 * loop), a refresh as when a new project arrives, and how long the project
 * takes to catch up in its thread afterwards.
 */

#include <stdlib.h>
#include <string.h>

#include "flt-form.h"
#include "flt-service-editor.h"
#include "flt-service-editor-private.h"
#include "flt-test-gui.h"

#define N_ROUNDS 50

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (guint       n_services,
        const char *what,
        double     *ms,
        guint       n)
{
  qsort (ms, n, sizeof *ms, compare_doubles);
  g_print ("%3u services: %-34s n=%-3u median %7.2f ms   p95 %7.2f ms   max %7.2f ms\n",
           n_services, what, n, ms[n / 2], ms[MIN (n - 1, n * 95 / 100)], ms[n - 1]);
}

static char *
generate_file (guint n_services)
{
  GString *text = g_string_new ("services:\n");

  for (guint i = 0; i < n_services; i++)
    g_string_append_printf (text,
                            "  svc%u:\n"
                            "    image: example/app%u:1.0   # pinned\n"
                            "    restart: always\n"
                            "    command: [\"run\", \"--port\", \"%u\"]\n"
                            "    ports:\n"
                            "      - \"%u:80\"\n"
                            "    environment:\n"
                            "      A: \"1\"\n"
                            "    depends_on: [svc%u]\n"
                            "    labels:\n"
                            "      com.example.n: \"%u\"\n"
                            "    healthcheck:\n"
                            "      test: [\"CMD\", \"true\"]\n"
                            "      interval: 30s\n"
                            "    mem_limit: 256m\n",
                            i, i, 8000 + i, 10000 + i, i > 0 ? i - 1 : 1, i);
  return g_string_free (text, FALSE);
}

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

static void
bench (guint n_services)
{
  g_autofree char *text = generate_file (n_services);
  g_autoptr(FltDocument) document = flt_document_new (text, -1, "compose.yaml");
  g_autoptr(FltWorkspace) workspace = flt_workspace_new (document, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  FltServiceEditor *editor = flt_service_editor_new ();
  double shown[N_ROUNDS];
  double edits[N_ROUNDS];
  double refreshes[N_ROUNDS];
  double catch_up[1];
  GtkWidget *image;
  gint64 start;

  g_assert_true (flt_workspace_wait (workspace, 60000));
  gtk_window_set_child (window, GTK_WIDGET (editor));
  gtk_window_present (window);
  image = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), FLT_TYPE_SERVICE_EDITOR, "image_row"));

  for (guint i = 0; i < N_ROUNDS; i++)
    {
      g_autofree char *name = g_strdup_printf ("svc%u", (i * 7) % n_services);

      start = g_get_monotonic_time ();
      flt_service_editor_set_service (editor, workspace, name);
      shown[i] = elapsed_ms (start);
    }
  flt_service_editor_set_service (editor, workspace, "svc5");
  flt_test_wait_for_paint (GTK_WIDGET (window));

  for (guint i = 0; i < N_ROUNDS; i++)
    {
      g_autofree char *value = g_strdup_printf ("example/app:%u", i);

      gtk_editable_set_text (GTK_EDITABLE (image), value);
      start = g_get_monotonic_time ();
      g_signal_emit_by_name (image, "entry-activated");
      edits[i] = elapsed_ms (start);
    }

  for (guint i = 0; i < N_ROUNDS; i++)
    {
      start = g_get_monotonic_time ();
      flt_form_refresh (_flt_service_editor_get_form (editor));
      refreshes[i] = elapsed_ms (start);
    }

  start = g_get_monotonic_time ();
  g_assert_true (flt_workspace_wait (workspace, 60000));
  catch_up[0] = elapsed_ms (start);

  report (n_services, "show a service", shown, N_ROUNDS);
  report (n_services, "one edit in the form", edits, N_ROUNDS);
  report (n_services, "refresh for a new project", refreshes, N_ROUNDS);
  report (n_services, "project catching up afterwards", catch_up, 1);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (flt_test_gui_init (&argc, &argv) != NULL)
    {
      g_print ("1..0 # SKIP %s\n", flt_test_gui_get_skip_reason ());
      return 0;
    }

  bench (10);
  bench (300);
  return 0;
}
