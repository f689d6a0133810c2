/* flt-cli-graph.c: flotilla-compose graph, the project drawn as SVG, PNG or DOT
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "flt-cli-engine.h"
#include "flt-graph-live.h"
#include "flt-stack-graph.h"
#include "flt-graph-render.h"

/* How long the state must be still before it is drawn, and the longest
 * wait for that. */
#define SETTLE_US     (400 * 1000)
#define SETTLE_MAX_US (5 * G_USEC_PER_SEC)

typedef enum
{
  FORMAT_SVG,
  FORMAT_PNG,
  FORMAT_DOT,
} Format;

static gboolean
parse_format (const char *text,
              Format     *format)
{
  if (g_ascii_strcasecmp (text, "svg") == 0)
    *format = FORMAT_SVG;
  else if (g_ascii_strcasecmp (text, "png") == 0)
    *format = FORMAT_PNG;
  else if (g_ascii_strcasecmp (text, "dot") == 0 || g_ascii_strcasecmp (text, "gv") == 0)
    *format = FORMAT_DOT;
  else
    return FALSE;
  return TRUE;
}

typedef struct
{
  GMainLoop *loop;
  gboolean timed_out;
  gint64 last_change;          /* monotonic µs of the state's last signal */
} Wait;

static void
on_state_changed (FltProjectState *state,
                  const char      *id,
                  gpointer         user_data)
{
  Wait *w = user_data;

  w->last_change = g_get_monotonic_time ();
}

static void
on_connection_changed (FltProjectState *state,
                       gboolean         connected,
                       gpointer         user_data)
{
  Wait *w = user_data;

  if (connected)
    g_main_loop_quit (w->loop);
}

static gboolean
on_check (gpointer user_data)
{
  Wait *w = user_data;

  g_main_loop_quit (w->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  Wait *w = user_data;

  w->timed_out = TRUE;
  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

/* Lists the project once (containers inspected, networks, volumes) and
 * puts it on @graph. */
static gboolean
apply_live_state (FltCliOptions  *options,
                  FltGraph       *graph,
                  FltProject     *project,
                  GError        **error)
{
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(FltProjectState) state = NULL;
  g_autoptr(GError) local = NULL;
  Wait w = { 0 };
  guint check, timeout;

  engine = flt_cli_open_engine (options, error);
  if (engine == NULL)
    return FALSE;
  if (!flt_engine_connect (engine, NULL, &local))
    {
      /* Why, from the engine client; then what to do, on a line of its own. */
      g_set_error (error, local->domain, local->code, "%s\n%s", local->message,
                   _("Start the Docker Engine (for example “sudo systemctl start docker”) or point --host or DOCKER_HOST at one; without --live the graph is drawn from the file alone."));
      return FALSE;
    }

  state = flt_project_state_new (engine, flt_project_get_name (project));
  w.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (state, "connection-changed", G_CALLBACK (on_connection_changed), &w);
  flt_project_state_start (state);

  /* The state retries on its own; an error it reports ends the wait. */
  check = g_timeout_add (100, on_check, &w);
  timeout = g_timeout_add_seconds (20, on_timeout, &w);
  while (!flt_project_state_is_connected (state) && !w.timed_out
         && flt_project_state_get_error (state) == NULL)
    g_main_loop_run (w.loop);
  g_source_remove (check);
  if (!w.timed_out)
    g_source_remove (timeout);

  if (!flt_project_state_is_connected (state))
    {
      const char *why = flt_project_state_get_error (state);

      flt_project_state_stop (state);
      g_main_loop_unref (w.loop);
      g_set_error (error, G_IO_ERROR, w.timed_out ? G_IO_ERROR_TIMED_OUT : G_IO_ERROR_FAILED,
                   /* Translators: %s says why */
                   _("Could not list the project on the Docker Engine: %s. Check that the engine answers (“flotilla-compose ps”) and try again."),
                   why ? why : _("it did not answer within 20 seconds"));
      return FALSE;
    }

  /* The events of the last second before the listing are replayed after
   * it, and what they change is inspected again: wait until the picture
   * has been still for a moment (at most a few seconds). */
  {
    gint64 start = g_get_monotonic_time ();

    w.last_change = start;
    g_signal_connect (state, "container-added", G_CALLBACK (on_state_changed), &w);
    g_signal_connect (state, "container-changed", G_CALLBACK (on_state_changed), &w);
    g_signal_connect (state, "container-removed", G_CALLBACK (on_state_changed), &w);
    g_signal_connect (state, "network-changed", G_CALLBACK (on_state_changed), &w);
    check = g_timeout_add (50, on_check, &w);
    while (g_get_monotonic_time () - w.last_change < SETTLE_US
           && g_get_monotonic_time () - start < SETTLE_MAX_US)
      g_main_loop_run (w.loop);
    g_source_remove (check);
  }

  flt_graph_apply_state (graph, state);
  flt_project_state_stop (state);
  g_main_loop_unref (w.loop);
  return TRUE;
}

/* The project's Swarm stack: each service's tasks, with their node and
 * state, in place of containers. */
static gboolean
apply_stack (FltCliOptions  *options,
             FltGraph       *graph,
             FltProject     *project,
             GError        **error)
{
  g_autoptr(FltEngine) engine = flt_cli_open_engine (options, error);
  g_autoptr(FltStack) stack = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) tasks = NULL;

  if (engine == NULL || !flt_engine_connect (engine, NULL, error))
    return FALSE;
  stack = flt_stack_new (engine, project, NULL);
  services = flt_stack_list_services (stack, NULL, error);
  if (services == NULL)
    return FALSE;
  if (services->len == 0)
    {
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                   /* Translators: %s is the stack's name */
                   _("there is no stack called %s on this Swarm; deploy it first (“flotilla-compose stack deploy”)"),
                   flt_stack_get_name (stack));
      return FALSE;
    }
  tasks = flt_stack_list_tasks (stack, TRUE, NULL, error);
  if (tasks == NULL)
    return FALSE;
  flt_graph_apply_stack (graph, tasks);
  return TRUE;
}

static char *
extension_of (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  return dot ? g_ascii_strdown (dot + 1, -1) : NULL;
}

int
flt_cli_graph (FltCliOptions  *options,
               int             argc,
               char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltProject) project = NULL;
  g_autoptr(FltGraph) graph = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  gboolean live = FALSE, stack = FALSE, dark = FALSE;
  double scale = 2;
  Format format = FORMAT_SVG;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("svg, png or dot (default: from the output file’s name, else svg)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to this file instead of standard output"), N_("FILE") },
    { "live", 0, 0, G_OPTION_ARG_NONE, &live, N_("Show the running project: containers, their states and addresses, from the Docker Engine"), NULL },
    { "stack", 0, 0, G_OPTION_ARG_NONE, &stack, N_("Show the project deployed to a Swarm: each service’s tasks, with their node and state"), NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Dark colours on a dark background"), NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("Pixels per point for PNG (default: 2)"), N_("SCALE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Draw the project’s services, networks, volumes and published ports."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      flt_cli_error ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      flt_cli_error (_("graph takes no arguments, but got “%s”; use -o FILE to name the output"), argv[1]);
      return 2;
    }

  if (format_text != NULL)
    {
      if (!parse_format (format_text, &format))
        {
          flt_cli_error (_("unknown format “%s”; use svg, png or dot"), format_text);
          return 2;
        }
    }
  else if (output != NULL)
    {
      g_autofree char *ext = extension_of (output);

      if (ext != NULL && !parse_format (ext, &format))
        {
          flt_cli_error (_("cannot tell the format from “%s”; name the file .svg, .png or .dot, or give --format"), output);
          return 2;
        }
    }
  if (!(scale > 0 && scale <= 16))
    {
      flt_cli_error ("%s", _("--scale must be more than 0 and at most 16"));
      return 2;
    }
  if (format == FORMAT_PNG && output == NULL && isatty (STDOUT_FILENO))
    {
      flt_cli_error ("%s", _("a PNG is not for a terminal; give -o FILE or redirect the output to a file"));
      return 2;
    }

  project = flt_cli_load_project (options, NULL, &error);
  if (project == NULL)
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }
  /* Errors are printed but do not stop the drawing: a graph of a project
   * with a mistake is still worth seeing, the mistake included. */
  flt_cli_print_diagnostics (flt_project_get_diagnostics (project), FALSE);

  graph = flt_graph_new (project);
  if (stack && !apply_stack (options, graph, project, &error))
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }
  if (live && !stack && !apply_live_state (options, graph, project, &error))
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }

  switch (format)
    {
    case FORMAT_DOT:
      {
        g_autofree char *dot = flt_graph_to_dot (graph);

        if (output == NULL)
          {
            fputs (dot, stdout);
            break;
          }
        if (!g_file_set_contents (output, dot, -1, &error))
          {
            flt_cli_error (_("could not write “%s”: %s"), output, error->message);
            return 1;
          }
        break;
      }
    case FORMAT_PNG:
      if (!flt_graph_write_png (graph, output ? output : "/dev/stdout", scale, dark, &error))
        {
          flt_cli_error ("%s", error->message);
          return 1;
        }
      break;
    case FORMAT_SVG:
    default:
      if (output != NULL)
        {
          if (!flt_graph_write_svg (graph, output, dark, &error))
            {
              flt_cli_error ("%s", error->message);
              return 1;
            }
        }
      else
        {
          g_autoptr(GBytes) svg = flt_graph_render_svg (graph, dark, &error);

          if (svg == NULL)
            {
              flt_cli_error ("%s", error->message);
              return 1;
            }
          fwrite (g_bytes_get_data (svg, NULL), 1, g_bytes_get_size (svg), stdout);
        }
      break;
    }
  fflush (stdout);
  return 0;
}
