/* flt-cli-work.c: a blocking command on a thread, stopped by Ctrl+C, its progress marks and log lines
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine commands block on the Docker Engine; the main thread keeps a
 * main loop for the signals meanwhile.  The first Ctrl+C (or SIGTERM)
 * cancels the work, which then cleans up after itself as far as it can;
 * the second gives up at once.
 */

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <unistd.h>

#include "flt-cli-engine.h"

typedef struct
{
  FltCliWorkFunc func;
  gpointer session;
  gpointer data;
  gboolean ok;
  GError *error;
  GMainLoop *loop;
} Work;

static gboolean
on_interrupt (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  if (g_cancellable_is_cancelled (cancellable))
    {
      fprintf (stderr, "%s\n", _("Interrupted."));
      _exit (130);
    }
  fprintf (stderr, "%s\n", _("Stopping… (press Ctrl+C again to quit at once)"));
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
work_done (gpointer user_data)
{
  g_main_loop_quit (((Work *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
work_thread (gpointer user_data)
{
  Work *w = user_data;

  w->ok = w->func (w->session, w->data, &w->error);
  g_idle_add (work_done, w);
  return NULL;
}

/**
 * flt_cli_run_interruptible:
 * @func: the work, called on a thread of its own with @session and @data
 * @cancellable: what Ctrl+C cancels; @func watches it
 *
 * Returns: the exit status: 0, or 1 with the error printed
 */
int
flt_cli_run_interruptible (FltCliWorkFunc  func,
                           gpointer        session,
                           gpointer        data,
                           GCancellable   *cancellable)
{
  Work w = { func, session, data, FALSE, NULL, g_main_loop_new (NULL, FALSE) };
  guint sigint = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);
  GThread *thread = g_thread_new ("flotilla-cli", work_thread, &w);

  g_main_loop_run (w.loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_main_loop_unref (w.loop);

  if (!w.ok)
    {
      if (g_error_matches (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        flt_cli_error ("%s", _("cancelled"));
      else
        flt_cli_error ("%s", w.error ? w.error->message : _("failed"));
      g_clear_error (&w.error);
      return 1;
    }
  return 0;
}

/* Parses a command's options, printing what is wrong with them. */
gboolean
flt_cli_parse_options (GOptionContext  *context,
                       int             *argc,
                       char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      flt_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The mark before a step of progress, as docker compose prints it. */
const char *
flt_cli_progress_mark (FltProgressState state)
{
  switch (state)
    {
    case FLT_PROGRESS_DONE: return "✔";
    case FLT_PROGRESS_WARNING: return "!";
    case FLT_PROGRESS_ERROR: return "✘";
    case FLT_PROGRESS_WORKING:
    default: return " ";
    }
}

static const char * const colors[] = {
  "36", "33", "32", "35", "34", "36;1", "33;1", "32;1", "35;1", "34;1"
};

/**
 * flt_cli_log_prefix_new:
 * @label: whose lines these are ("web-1")
 * @width: the widest label, in terminal columns
 * @turn: how many prefixes were made before: the colour goes round
 *
 * Returns: (transfer full): "label | ", padded, coloured as docker compose
 *   colours it when @color
 */
char *
flt_cli_log_prefix_new (const char *label,
                        guint       width,
                        gboolean    color,
                        guint       turn)
{
  g_autofree char *padded = flt_cli_pad (label, width);

  return color ? g_strdup_printf ("\033[%sm%s |\033[0m ", colors[turn % G_N_ELEMENTS (colors)], padded)
               : g_strdup_printf ("%s | ", padded);
}

/* The rest of a log line after its prefix: the timestamp when asked,
 * the text, a newline; @flush when following, so that a pipe gets each
 * line at once. */
void
flt_cli_print_log_text (const FltLogLine *line,
                        gboolean          timestamps,
                        gboolean          flush)
{
  if (timestamps && line->timestamp >= 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (line->timestamp / 1000000000);
      g_autofree char *text = time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S") : NULL;

      printf ("%s.%09" G_GINT64_FORMAT "Z ", text ? text : "", line->timestamp % 1000000000);
    }
  fwrite (line->text, 1, line->length, stdout);
  fputc ('\n', stdout);
  if (flush)
    fflush (stdout);
}
