/* flt-cli-engine.c: the commands that drive a Docker Engine
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
#include "flt-log-follower.h"
#include "flt-runner.h"

/* The connection, the project and a cancellable that Ctrl+C cancels. */
typedef struct
{
  FltEngine *engine;
  FltProject *project;
  FltRunner *runner;
  GCancellable *cancellable;
  gboolean tty;
} Session;

static void
session_clear (Session *s)
{
  g_clear_object (&s->runner);
  g_clear_object (&s->project);
  g_clear_object (&s->engine);
  g_clear_object (&s->cancellable);
}

/* Progress on stderr, a line per step, as docker compose prints it when
 * its output is not a terminal. */
static void
print_progress (const FltProgress *progress,
                gpointer           user_data)
{
  /* Pulls report often: only whole quarters. */
  if (progress->state == FLT_PROGRESS_WORKING && progress->fraction > 0 && progress->fraction < 1)
    {
      static int last_quarter = -1;
      int quarter = (int) (progress->fraction * 4);

      if (quarter == last_quarter)
        return;
      last_quarter = quarter;
    }

  g_autofree char *item = flt_progress_describe_item (progress->kind, progress->name);

  fprintf (stderr, " %s %s  %s\n", flt_cli_progress_mark (progress->state), item, progress->text);
}

/**
 * flt_cli_open_engine:
 *
 * The engine that -H, --context, the TLS options and the environment name,
 * found the way the docker CLI finds it.  Nothing is sent yet.
 *
 * Returns: (transfer full): the engine, or %NULL with @error set
 */
FltEngine *
flt_cli_open_engine (FltCliOptions  *options,
                     GError        **error)
{
  g_autoptr(FltEndpoint) endpoint = NULL;
  FltTlsOptions tls = {
    .tls = options->tls,
    .verify = options->tlsverify,
    .ca_file = options->tlscacert,
    .cert_file = options->tlscert,
    .key_file = options->tlskey,
  };

  if (options->host != NULL && options->context != NULL)
    {
      g_set_error (error, FLT_ENDPOINT_ERROR, FLT_ENDPOINT_ERROR_INVALID,
                   _("give either --host or --context, not both"));
      return NULL;
    }

  endpoint = flt_endpoint_resolve_full (options->host, options->context, &tls, NULL, error);
  if (endpoint == NULL)
    return NULL;
  return flt_engine_new (endpoint);
}

static gboolean
session_open (Session        *s,
              FltCliOptions  *options,
              GError        **error)
{
  s->cancellable = g_cancellable_new ();
  s->tty = isatty (STDOUT_FILENO);

  s->project = flt_cli_load_project (options, NULL, error);
  if (s->project == NULL)
    return FALSE;
  if (flt_cli_print_diagnostics (flt_project_get_diagnostics (s->project), TRUE))
    {
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_INVALID,
                   _("the project has errors; fix them first (see above)"));
      return FALSE;
    }

  s->engine = flt_cli_open_engine (options, error);
  if (s->engine == NULL)
    return FALSE;
  s->runner = flt_runner_new (s->engine, s->project);
  flt_runner_set_progress_func (s->runner, print_progress, NULL, NULL);
  return TRUE;
}

/* Runs @func in a worker thread while the main loop here answers Ctrl+C. */
typedef gboolean (*BlockingFunc) (Session *s, gpointer data, GError **error);

static int
run_interruptible (Session      *s,
                   BlockingFunc  func,
                   gpointer      data)
{
  return flt_cli_run_interruptible ((FltCliWorkFunc) func, s, data, s->cancellable);
}

/* Services named on the command line: argv[1..]. */
static GStrv
service_arguments (int    argc,
                   char **argv)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (int i = 1; i < argc; i++)
    g_strv_builder_add (builder, argv[i]);
  return g_strv_builder_end (builder);
}

/* Logs, with Compose's coloured "service-N  | " prefixes. */

typedef struct
{
  gboolean color;
  gboolean prefix;
  gboolean timestamps;
  gboolean flush;           /* following: each line out at once, even into a pipe */
  guint width;
  GHashTable *prefixes;     /* container → its prefix, coloured in turn */
} LogPrinter;

static void
print_line (const FltLogLine *line,
            gpointer          user_data)
{
  LogPrinter *p = user_data;

  if (p->prefix)
    {
      const char *prefix = g_hash_table_lookup (p->prefixes, line->container);

      /* Made once per container: "web-1", the container name without
       * "<project>-", padded, in the next colour. */
      if (prefix == NULL)
        {
          g_autofree char *label = line->number > 0 ? g_strdup_printf ("%s-%d", line->service, line->number)
                                                    : g_strdup (line->container);
          char *made = flt_cli_log_prefix_new (label, p->width, p->color, g_hash_table_size (p->prefixes));

          g_hash_table_insert (p->prefixes, g_strdup (line->container), made);
          prefix = made;
        }
      fputs (prefix, stdout);
    }
  flt_cli_print_log_text (line, p->timestamps, p->flush);
}

static guint
prefix_width (FltProject *project)
{
  GPtrArray *services = flt_project_get_service_list (project);
  guint width = 0;

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);

      width = MAX (width, strlen (flt_service_get_name (service)) + 2);
    }
  return width;
}

typedef struct
{
  FltLogOptions options;
  LogPrinter printer;
} LogsData;

static gboolean
follow_logs (Session  *s,
             gpointer  data,
             GError  **error)
{
  LogsData *d = data;
  g_autoptr(FltLogFollower) follower = flt_log_follower_new (s->engine, s->project, &d->options,
                                                            print_line, NULL, &d->printer);
  gboolean ok = flt_log_follower_run (follower, s->cancellable, error);

  fflush (stdout);
  /* Ctrl+C ends a follow: that is how it is meant to end. */
  if (!ok && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      return TRUE;
    }
  return ok;
}

int
flt_cli_logs (FltCliOptions  *options,
              int             argc,
              char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) services = NULL;
  g_autofree char *tail = NULL;
  gboolean follow = FALSE, timestamps = FALSE, no_color = FALSE, no_prefix = FALSE;
  GOptionEntry entries[] = {
    { "follow", 'f', 0, G_OPTION_ARG_NONE, &follow, N_("Keep following new output"), NULL },
    { "timestamps", 't', 0, G_OPTION_ARG_NONE, &timestamps, N_("Show when each line was written"), NULL },
    { "tail", 'n', 0, G_OPTION_ARG_STRING, &tail, N_("Only the last N lines of each container (or “all”)"), "N" },
    { "no-color", 0, 0, G_OPTION_ARG_NONE, &no_color, N_("No colours"), NULL },
    { "no-log-prefix", 0, 0, G_OPTION_ARG_NONE, &no_prefix, N_("No container name before each line"), NULL },
    { NULL }
  };
  Session s = { 0 };
  LogsData d = { 0 };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!flt_cli_parse_options (context, &argc, &argv))
    return 2;
  if (!session_open (&s, options, &error))
    {
      flt_cli_error ("%s", error->message);
      session_clear (&s);
      return 1;
    }

  services = service_arguments (argc, argv);
  d.options.services = (const char * const *) services;
  d.options.follow = follow;
  d.options.timestamps = timestamps;
  d.options.tail = tail;
  d.printer.color = !no_color && s.tty;
  d.printer.prefix = !no_prefix;
  d.printer.timestamps = timestamps;
  d.printer.flush = follow;
  d.printer.width = prefix_width (s.project);
  d.printer.prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  status = run_interruptible (&s, follow_logs, &d);
  g_hash_table_unref (d.printer.prefixes);
  session_clear (&s);
  return status;
}

/* up */

typedef struct
{
  FltUpOptions options;
  gboolean detach;
  gboolean dry_run;
} UpData;

static void
print_plan (FltPlan *plan)
{
  for (guint i = 0; i < plan->builds->len; i++)
    printf (_("build image for %s\n"), (char *) g_ptr_array_index (plan->builds, i));
  for (guint i = 0; i < plan->pulls->len; i++)
    printf (_("pull image %s\n"), (char *) g_ptr_array_index (plan->pulls, i));
  for (guint i = 0; i < plan->networks->len; i++)
    printf (_("create network %s\n"), (char *) g_ptr_array_index (plan->networks, i));
  for (guint i = 0; i < plan->volumes->len; i++)
    printf (_("create volume %s\n"), (char *) g_ptr_array_index (plan->volumes, i));
  for (guint i = 0; i < plan->actions->len; i++)
    {
      FltPlanAction *a = g_ptr_array_index (plan->actions, i);

      g_autofree char *what = flt_cli_pad (flt_action_kind_to_string (a->kind), 22);

      printf ("%s %s", what, a->container);
      if (a->reasons != NULL && a->reasons[0] != NULL)
        {
          g_autofree char *reasons = g_strjoinv (", ", a->reasons);

          /* Translators: why a container is recreated, e.g. "(changed: image, ports)" */
          printf (_("  (changed: %s)"), reasons);
        }
      printf ("\n");
    }
}

static gboolean
do_up (Session  *s,
       gpointer  data,
       GError  **error)
{
  UpData *d = data;

  if (d->dry_run)
    {
      g_autoptr(FltPlan) plan = flt_runner_plan (s->runner, &d->options, s->cancellable, error);

      if (plan == NULL)
        return FALSE;
      print_plan (plan);
      return TRUE;
    }

  if (!flt_runner_up (s->runner, &d->options, s->cancellable, error))
    return FALSE;

  /* --no-start has nothing to attach to, as with docker compose. */
  if (!d->detach && !d->options.no_start)
    {
      /* Attached: the containers' output until Ctrl+C, then stop them. */
      LogsData logs = { 0 };
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GCancellable) stop_cancellable = g_cancellable_new ();
      g_autoptr(FltLogFollower) follower = NULL;

      logs.options.services = d->options.services;
      logs.options.follow = TRUE;
      logs.printer.prefix = TRUE;
      logs.printer.color = s->tty;
      logs.printer.flush = TRUE;
      logs.printer.width = prefix_width (s->project);
      logs.printer.prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      follower = flt_log_follower_new (s->engine, s->project, &logs.options, print_line, NULL, &logs.printer);
      flt_log_follower_run (follower, s->cancellable, &local_error);
      g_hash_table_unref (logs.printer.prefixes);
      fflush (stdout);

      if (local_error != NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      fprintf (stderr, "%s\n", _("Gracefully stopping…"));
      return flt_runner_stop (s->runner, d->options.services, -1, stop_cancellable, error);
    }

  return TRUE;
}

int
flt_cli_up (FltCliOptions  *options,
            int             argc,
            char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) services = NULL;
  g_auto(GStrv) scales = NULL;
  g_autoptr(GHashTable) scale = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  UpData d = { 0 };
  GOptionEntry entries[] = {
    { "detach", 'd', 0, G_OPTION_ARG_NONE, &d.detach, N_("Return once everything is up, without following the output"), NULL },
    { "build", 0, 0, G_OPTION_ARG_NONE, &d.options.build, N_("Build images even when they exist"), NULL },
    { "no-build", 0, 0, G_OPTION_ARG_NONE, &d.options.no_build, N_("Never build images"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &d.dry_run, N_("Only say what would be done, per container"), NULL },
    { "scale", 0, 0, G_OPTION_ARG_STRING_ARRAY, &scales, N_("Run N containers of SERVICE (repeatable)"), N_("SERVICE=N") },
    { "remove-orphans", 0, 0, G_OPTION_ARG_NONE, &d.options.remove_orphans, N_("Remove containers of services the file no longer has"), NULL },
    { "force-recreate", 0, 0, G_OPTION_ARG_NONE, &d.options.force_recreate, N_("Recreate containers even when nothing changed"), NULL },
    { "no-recreate", 0, 0, G_OPTION_ARG_NONE, &d.options.no_recreate, N_("Keep existing containers even when they changed"), NULL },
    { "no-start", 0, 0, G_OPTION_ARG_NONE, &d.options.no_start, N_("Create the containers but do not start them"), NULL },
    { NULL }
  };
  Session s = { 0 };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!flt_cli_parse_options (context, &argc, &argv))
    return 2;

  for (guint i = 0; scales != NULL && scales[i] != NULL; i++)
    {
      const char *eq = strchr (scales[i], '=');
      char *end = NULL;
      gint64 n = eq ? g_ascii_strtoll (eq + 1, &end, 10) : -1;

      if (eq == NULL || end == eq + 1 || *end != '\0' || n < 0)
        {
          flt_cli_error (_("--scale wants SERVICE=N, not “%s”"), scales[i]);
          return 2;
        }
      g_hash_table_insert (scale, g_strndup (scales[i], eq - scales[i]), GINT_TO_POINTER ((int) n));
    }

  if (!session_open (&s, options, &error))
    {
      flt_cli_error ("%s", error->message);
      session_clear (&s);
      return 1;
    }

  services = service_arguments (argc, argv);
  d.options.services = (const char * const *) services;
  d.options.scale = scale;
  status = run_interruptible (&s, do_up, &d);
  session_clear (&s);
  return status;
}

/* down */

static gboolean
do_down (Session  *s,
         gpointer  data,
         GError  **error)
{
  return flt_runner_down (s->runner, data, s->cancellable, error);
}

int
flt_cli_down (FltCliOptions  *options,
              int             argc,
              char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  FltDownOptions d = { FALSE, FALSE, -1 };
  GOptionEntry entries[] = {
    { "volumes", 'v', 0, G_OPTION_ARG_NONE, &d.volumes, N_("Remove the named volumes too"), NULL },
    { "remove-orphans", 0, 0, G_OPTION_ARG_NONE, &d.remove_orphans, N_("Remove containers of services the file no longer has"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &d.timeout, N_("Seconds to wait for each container to stop"), "N" },
    { NULL }
  };
  Session s = { 0 };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!flt_cli_parse_options (context, &argc, &argv))
    return 2;
  if (!session_open (&s, options, &error))
    {
      flt_cli_error ("%s", error->message);
      session_clear (&s);
      return 1;
    }
  status = run_interruptible (&s, do_down, &d);
  session_clear (&s);
  return status;
}

/* stop, start, restart, build, pull */

typedef enum { STOP, START, RESTART, BUILD, PULL } Simple;

typedef struct
{
  Simple what;
  GStrv services;
  int timeout;
} SimpleData;

static gboolean
do_simple (Session  *s,
           gpointer  data,
           GError  **error)
{
  SimpleData *d = data;
  const char * const *services = (const char * const *) d->services;

  switch (d->what)
    {
    case STOP: return flt_runner_stop (s->runner, services, d->timeout, s->cancellable, error);
    case START: return flt_runner_start (s->runner, services, s->cancellable, error);
    case RESTART: return flt_runner_restart (s->runner, services, d->timeout, s->cancellable, error);
    case BUILD: return flt_runner_build (s->runner, services, s->cancellable, error);
    case PULL:
    default: return flt_runner_pull (s->runner, services, s->cancellable, error);
    }
}

static int
simple_command (FltCliOptions  *options,
                int             argc,
                char          **argv,
                Simple          what)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  g_autoptr(GError) error = NULL;
  SimpleData d = { what, NULL, -1 };
  GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_INT, &d.timeout, N_("Seconds to wait for each container to stop"), "N" },
    { NULL }
  };
  Session s = { 0 };
  int status;

  if (what == STOP || what == RESTART)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!flt_cli_parse_options (context, &argc, &argv))
    return 2;
  if (!session_open (&s, options, &error))
    {
      flt_cli_error ("%s", error->message);
      session_clear (&s);
      return 1;
    }
  d.services = service_arguments (argc, argv);
  status = run_interruptible (&s, do_simple, &d);
  g_strfreev (d.services);
  session_clear (&s);
  return status;
}

int flt_cli_stop (FltCliOptions *o, int c, char **v) { return simple_command (o, c, v, STOP); }
int flt_cli_start (FltCliOptions *o, int c, char **v) { return simple_command (o, c, v, START); }
int flt_cli_restart (FltCliOptions *o, int c, char **v) { return simple_command (o, c, v, RESTART); }
int flt_cli_build (FltCliOptions *o, int c, char **v) { return simple_command (o, c, v, BUILD); }
int flt_cli_pull (FltCliOptions *o, int c, char **v) { return simple_command (o, c, v, PULL); }

/* ps */

typedef struct
{
  gboolean all;
  gboolean orphans;
  gboolean quiet;
  gboolean services;
  char *format;
} PsData;

static void
print_ps_row (const char *name,
              const char *image,
              const char *service,
              const char *status,
              const char *ports)
{
  g_autofree char *name_column = flt_cli_pad (name, 28);
  g_autofree char *image_column = flt_cli_pad (image, 28);
  g_autofree char *service_column = flt_cli_pad (service, 12);
  g_autofree char *status_column = flt_cli_pad (status, 12);

  printf ("%s %s %s %s %s\n", name_column, image_column, service_column, status_column, ports);
}

static char *
ports_text (FltContainerInfo *c)
{
  GString *s = g_string_new (NULL);
  JsonArray *ports = c->ports && JSON_NODE_HOLDS_ARRAY (c->ports) ? json_node_get_array (c->ports) : NULL;

  for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
    {
      JsonObject *p = json_array_get_object_element (ports, i);
      gint64 public_port = json_object_get_int_member_with_default (p, "PublicPort", 0);
      gint64 private_port = json_object_get_int_member_with_default (p, "PrivatePort", 0);
      const char *type = json_object_get_string_member_with_default (p, "Type", "tcp");
      const char *ip = json_object_get_string_member_with_default (p, "IP", NULL);

      if (s->len > 0)
        g_string_append (s, ", ");
      if (public_port > 0)
        g_string_append_printf (s, "%s:%" G_GINT64_FORMAT "->", ip ? ip : "0.0.0.0", public_port);
      g_string_append_printf (s, "%" G_GINT64_FORMAT "/%s", private_port, type);
    }
  return g_string_free (s, FALSE);
}

static gboolean
do_ps (Session  *s,
       gpointer  data,
       GError  **error)
{
  PsData *d = data;
  g_autoptr(GPtrArray) list = flt_runner_list (s->runner, d->all, d->orphans, s->cancellable, error);

  if (list == NULL)
    return FALSE;

  if (g_strcmp0 (d->format, "json") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          FltContainerInfo *c = g_ptr_array_index (list, i);
          g_autofree char *ports = ports_text (c);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "ID");
          json_builder_add_string_value (b, c->id);
          json_builder_set_member_name (b, "Name");
          json_builder_add_string_value (b, c->name);
          json_builder_set_member_name (b, "Image");
          json_builder_add_string_value (b, c->image);
          json_builder_set_member_name (b, "Command");
          json_builder_add_string_value (b, c->command);
          json_builder_set_member_name (b, "Service");
          json_builder_add_string_value (b, c->service);
          json_builder_set_member_name (b, "State");
          json_builder_add_string_value (b, flt_container_status_to_string (c->status));
          json_builder_set_member_name (b, "Health");
          json_builder_add_string_value (b, flt_health_to_string (c->health));
          json_builder_set_member_name (b, "ExitCode");
          json_builder_add_int_value (b, MAX (c->exit_code, 0));
          json_builder_set_member_name (b, "Status");
          json_builder_add_string_value (b, c->state_text);
          json_builder_set_member_name (b, "Ports");
          json_builder_add_string_value (b, ports);
          json_builder_set_member_name (b, "Publishers");
          if (c->ports != NULL)
            json_builder_add_value (b, json_node_copy (c->ports));
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, FALSE);
      printf ("%s\n", text);
      return TRUE;
    }

  if (!d->quiet && !d->services)
    /* Translators: column headings of ps; keep them short */
    print_ps_row (_("NAME"), _("IMAGE"), _("SERVICE"), _("STATUS"), _("PORTS"));
  for (guint i = 0; i < list->len; i++)
    {
      FltContainerInfo *c = g_ptr_array_index (list, i);
      g_autofree char *ports = ports_text (c);

      if (d->quiet)
        printf ("%s\n", c->id);
      else if (d->services)
        printf ("%s\n", c->service);
      else
        print_ps_row (c->name, c->image, c->service, c->state_text, ports);
    }
  return TRUE;
}

int
flt_cli_ps (FltCliOptions  *options,
            int             argc,
            char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  PsData d = { 0 };
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &d.all, N_("Stopped containers too"), NULL },
    { "orphans", 0, 0, G_OPTION_ARG_NONE, &d.orphans, N_("Containers of services the file no longer has too"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &d.quiet, N_("Only the IDs"), NULL },
    { "services", 0, 0, G_OPTION_ARG_NONE, &d.services, N_("Only the services"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &d.format, N_("table (the default) or json"), N_("FORMAT") },
    { NULL }
  };
  Session s = { 0 };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!flt_cli_parse_options (context, &argc, &argv))
    return 2;
  if (!session_open (&s, options, &error))
    {
      flt_cli_error ("%s", error->message);
      session_clear (&s);
      return 1;
    }
  status = run_interruptible (&s, do_ps, &d);
  g_free (d.format);
  session_clear (&s);
  return status;
}
