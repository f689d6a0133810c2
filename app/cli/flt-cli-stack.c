/* flt-cli-stack.c: flotilla-compose stack deploy|ps|rm|logs, the project on
 * a Docker Swarm
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As `docker stack` does it, with the stack's name defaulting to the
 * project's: deploy converts the compose file into overlay networks and
 * Swarm services, ps lists the tasks, rm removes the services and then
 * their networks, and logs reads the services' output.
 */

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "flt-cli-engine.h"
#include "flt-stack.h"

typedef struct
{
  FltProject *project;      /* nullable: ps, rm and logs need only a name */
  FltEngine *engine;
  FltStack *stack;
  GCancellable *cancellable;
} Session;

static void
session_clear (Session *s)
{
  g_clear_object (&s->stack);
  g_clear_object (&s->engine);
  g_clear_object (&s->project);
  g_clear_object (&s->cancellable);
}

static void
print_progress (const FltProgress *progress,
                gpointer           user_data)
{
  g_autofree char *item = NULL;

  /* What concerns the whole stack says so itself. */
  if (g_strcmp0 (progress->kind, "Stack") == 0)
    {
      fprintf (stderr, " %s %s\n", flt_cli_progress_mark (progress->state), progress->text);
      return;
    }
  item = flt_progress_describe_item (progress->kind, progress->name);
  fprintf (stderr, " %s %s  %s\n", flt_cli_progress_mark (progress->state), item, progress->text);
}

/* Opens the engine and names the stack: @name, else the project's name,
 * which needs the compose file; deploy always needs it. */
static gboolean
session_open (Session        *s,
              FltCliOptions  *options,
              const char     *command,
              const char     *name,
              gboolean        need_project,
              GError        **error)
{
  s->cancellable = g_cancellable_new ();

  if (need_project || name == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      s->project = flt_cli_load_project (options, NULL, &local_error);
      if (s->project == NULL)
        {
          if (need_project)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                         _("%s; or name the stack: flotilla-compose stack %s STACK"),
                         local_error->message, command);
          return FALSE;
        }
      if (need_project && flt_cli_print_diagnostics (flt_project_get_diagnostics (s->project), TRUE))
        {
          g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                       _("the project has errors; fix them first (see above)"));
          return FALSE;
        }
    }

  if (!flt_stack_name_check (name ? name : flt_project_get_name (s->project), error))
    return FALSE;

  s->engine = flt_cli_open_engine (options, error);
  if (s->engine == NULL)
    return FALSE;
  s->stack = flt_stack_new (s->engine, s->project, name);
  flt_stack_set_progress_func (s->stack, print_progress, NULL, NULL);
  return TRUE;
}

/* The work runs in a thread while the main loop answers Ctrl+C. */
typedef gboolean (*WorkFunc) (Session *s, gpointer data, GError **error);

static int
run (Session  *s,
     WorkFunc  func,
     gpointer  data)
{
  return flt_cli_run_interruptible ((FltCliWorkFunc) func, s, data, s->cancellable);
}

/* At most one argument after the options: the stack's name. */
static gboolean
stack_argument (int          argc,
                char       **argv,
                const char **name)
{
  if (argc > 2)
    {
      flt_cli_error (_("too many arguments: give at most the stack’s name"));
      return FALSE;
    }
  *name = argc == 2 ? argv[1] : NULL;
  return TRUE;
}

static int
fail (Session      *s,
      const GError *error)
{
  flt_cli_error ("%s", error->message);
  session_clear (s);
  return 1;
}

/* deploy */

static gboolean
do_deploy (Session  *s,
           gpointer  data,
           GError  **error)
{
  if (!flt_stack_deploy (s->stack, data, s->cancellable, error))
    return FALSE;
  fprintf (stderr, "%s\n", _("Deployed. See the tasks with: flotilla-compose stack ps"));
  return TRUE;
}

static int
stack_deploy (FltCliOptions  *options,
              int             argc,
              char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[STACK]"));
  g_autoptr(GError) error = NULL;
  FltStackDeployOptions d = { 0 };
  int timeout = 0;
  GOptionEntry entries[] = {
    { "prune", 0, 0, G_OPTION_ARG_NONE, &d.prune, N_("Remove the stack’s services that the file no longer has"), NULL },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &d.wait, N_("Return once every service runs its new tasks"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds to wait with --wait (default 300)"), "N" },
    { NULL }
  };
  const char *name;
  Session s = { 0 };
  int status;

  g_option_context_set_summary (context, _("Deploy the project to the Swarm as a stack, or update the stack "
                                           "in place. The stack’s name is the project’s unless given."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!flt_cli_parse_options (context, &argc, &argv) || !stack_argument (argc, argv, &name))
    return 2;
  if (timeout < 0)
    {
      flt_cli_error (_("--timeout wants a number of seconds"));
      return 2;
    }
  d.timeout = timeout;
  if (!session_open (&s, options, "deploy", name, TRUE, &error))
    return fail (&s, error);
  status = run (&s, do_deploy, &d);
  session_clear (&s);
  return status;
}

/* rm */

static gboolean
do_remove (Session  *s,
           gpointer  data,
           GError  **error)
{
  return flt_stack_remove (s->stack, s->cancellable, error);
}

static int
stack_rm (FltCliOptions  *options,
          int             argc,
          char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[STACK]"));
  g_autoptr(GError) error = NULL;
  const char *name;
  Session s = { 0 };
  int status;

  g_option_context_set_summary (context, _("Remove the stack’s services, then its networks. Volumes stay."));
  if (!flt_cli_parse_options (context, &argc, &argv) || !stack_argument (argc, argv, &name))
    return 2;
  if (!session_open (&s, options, "rm", name, FALSE, &error))
    return fail (&s, error);
  status = run (&s, do_remove, NULL);
  session_clear (&s);
  return status;
}

/* ps */

typedef struct
{
  gboolean running;
  gboolean quiet;
  gboolean no_trunc;
  char *format;
} PsData;

/* "12 seconds ago", whole sentences so that each translates as one. */
static char *
describe_age (gint64 timestamp)
{
  gint64 seconds = MAX (0, (g_get_real_time () - timestamp) / G_USEC_PER_SEC);
  guint n;

  if (timestamp <= 0)
    return g_strdup ("");
  if (seconds < 120)
    {
      n = (guint) seconds;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second ago", "%u seconds ago", n), n);
    }
  if (seconds < 2 * 3600)
    {
      n = (guint) (seconds / 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute ago", "%u minutes ago", n), n);
    }
  if (seconds < 2 * 86400)
    {
      n = (guint) (seconds / 3600);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour ago", "%u hours ago", n), n);
    }
  n = (guint) (seconds / 86400);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day ago", "%u days ago", n), n);
}

/* As docker names tasks: "<stack>_web.2", or "<stack>_agent.<node ID>"
 * for a global service. */
static char *
task_name (Session            *s,
           const FltStackTask *task)
{
  if (task->slot > 0)
    return g_strdup_printf ("%s_%s.%d", flt_stack_get_name (s->stack), task->service, task->slot);
  return g_strdup_printf ("%s_%s.%s", flt_stack_get_name (s->stack), task->service,
                          task->node_id ? task->node_id : "");
}

static void
print_row (const char * const *cells,
           const guint        *widths,
           guint               n)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cell = i + 1 < n ? flt_cli_pad (cells[i], widths[i]) : g_strdup (cells[i]);

      g_string_append (line, cell);
      if (i + 1 < n)
        g_string_append (line, "   ");
    }
  printf ("%s\n", g_strchomp (line->str));
  g_string_free (line, TRUE);
}

static void
add_member (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static gboolean
do_ps (Session  *s,
       gpointer  data,
       GError  **error)
{
  PsData *d = data;
  g_autoptr(GPtrArray) tasks = flt_stack_list_tasks (s->stack, !d->running, s->cancellable, error);
  g_autoptr(GPtrArray) rows = NULL;
  enum { ID, NAME, IMAGE, NODE, DESIRED, CURRENT, SINCE, ERROR, PORTS, N_COLUMNS };
  guint widths[N_COLUMNS] = { 0 };
  const char *headings[N_COLUMNS];

  if (tasks == NULL)
    return FALSE;

  if (g_strcmp0 (d->format, "json") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < tasks->len; i++)
        {
          FltStackTask *t = g_ptr_array_index (tasks, i);
          g_autofree char *name = task_name (s, t);

          json_builder_begin_object (b);
          add_member (b, "ID", t->id);
          add_member (b, "Name", name);
          add_member (b, "Service", t->service);
          json_builder_set_member_name (b, "Slot");
          json_builder_add_int_value (b, t->slot);
          add_member (b, "Image", t->image);
          add_member (b, "Node", t->node);
          add_member (b, "DesiredState", flt_task_state_to_string (t->desired));
          add_member (b, "CurrentState", flt_task_state_to_string (t->state));
          add_member (b, "Error", t->error);
          add_member (b, "Ports", t->ports);
          add_member (b, "ContainerID", t->container_id);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, FALSE);
      printf ("%s\n", text);
      return TRUE;
    }

  if (d->quiet)
    {
      for (guint i = 0; i < tasks->len; i++)
        printf ("%s\n", ((FltStackTask *) g_ptr_array_index (tasks, i))->id);
      return TRUE;
    }

  if (tasks->len == 0)
    {
      /* Translators: %s is a stack's name */
      fprintf (stderr, _("Nothing found in stack: %s\n"), flt_stack_get_name (s->stack));
      return TRUE;
    }

  /* Translators: column headings of stack ps, as docker stack ps has them; keep them short */
  headings[ID] = _("ID");
  headings[NAME] = _("NAME");
  headings[IMAGE] = _("IMAGE");
  headings[NODE] = _("NODE");
  headings[DESIRED] = _("DESIRED STATE");
  headings[CURRENT] = _("CURRENT STATE");
  /* Translators: the heading of the column that says how long ago a
   * task entered its current state, e.g. "3 minutes ago" */
  headings[SINCE] = C_("stack ps", "SINCE");
  headings[ERROR] = _("ERROR");
  headings[PORTS] = _("PORTS");

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < tasks->len; i++)
    {
      FltStackTask *t = g_ptr_array_index (tasks, i);
      char **cells = g_new0 (char *, N_COLUMNS + 1);
      g_autofree char *name = task_name (s, t);
      gboolean history = i > 0 && t->slot > 0 &&
                         g_strcmp0 (t->service, ((FltStackTask *) g_ptr_array_index (tasks, i - 1))->service) == 0 &&
                         t->slot == ((FltStackTask *) g_ptr_array_index (tasks, i - 1))->slot;

      cells[ID] = d->no_trunc ? g_strdup (t->id) : g_strndup (t->id, 12);
      /* Older tasks of a slot under the newest, as docker shows them. */
      cells[NAME] = history ? g_strdup_printf (" \\_ %s", name) : g_steal_pointer (&name);
      cells[IMAGE] = g_strdup (t->image ? t->image : "");
      cells[NODE] = g_strdup (t->node ? t->node : "");
      cells[DESIRED] = g_strdup (flt_task_state_describe (t->desired));
      cells[CURRENT] = g_strdup (flt_task_state_describe (t->state));
      cells[SINCE] = describe_age (t->timestamp);
      cells[ERROR] = g_strdup (t->error ? t->error : "");
      if (!d->no_trunc && g_utf8_strlen (cells[ERROR], -1) > 40)
        {
          char *cut = g_utf8_substring (cells[ERROR], 0, 39);

          g_free (cells[ERROR]);
          cells[ERROR] = g_strconcat (cut, "…", NULL);
          g_free (cut);
        }
      cells[PORTS] = g_strdup (t->ports ? t->ports : "");
      g_ptr_array_add (rows, cells);
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      widths[c] = g_utf8_strlen (headings[c], -1);
      for (guint i = 0; i < rows->len; i++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (((char **) g_ptr_array_index (rows, i))[c], -1));
    }
  print_row (headings, widths, N_COLUMNS);
  for (guint i = 0; i < rows->len; i++)
    print_row ((const char * const *) g_ptr_array_index (rows, i), widths, N_COLUMNS);
  return TRUE;
}

static int
stack_ps (FltCliOptions  *options,
          int             argc,
          char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[STACK]"));
  g_autoptr(GError) error = NULL;
  PsData d = { 0 };
  GOptionEntry entries[] = {
    { "running", 0, 0, G_OPTION_ARG_NONE, &d.running, N_("Only the tasks Swarm wants running, without their history"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &d.quiet, N_("Only the IDs"), NULL },
    { "no-trunc", 0, 0, G_OPTION_ARG_NONE, &d.no_trunc, N_("Do not shorten IDs and errors"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &d.format, N_("table (the default) or json"), N_("FORMAT") },
    { NULL }
  };
  const char *name;
  Session s = { 0 };
  int status;

  g_option_context_set_summary (context, _("List the stack’s tasks: their service, replica, node and state."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!flt_cli_parse_options (context, &argc, &argv) || !stack_argument (argc, argv, &name))
    return 2;
  if (d.format != NULL && !g_str_equal (d.format, "json") && !g_str_equal (d.format, "table"))
    {
      flt_cli_error (_("--format is table or json, not “%s”"), d.format);
      g_free (d.format);
      return 2;
    }
  if (!session_open (&s, options, "ps", name, FALSE, &error))
    {
      g_free (d.format);
      return fail (&s, error);
    }
  status = run (&s, do_ps, &d);
  g_free (d.format);
  session_clear (&s);
  return status;
}

/* logs */

typedef struct
{
  FltLogOptions options;
  gboolean color;
  gboolean prefix;
  GHashTable *prefixes;     /* task → its coloured prefix */
  guint width;
} LogsData;

static void
print_line (const FltLogLine *line,
            gpointer          user_data)
{
  LogsData *d = user_data;

  if (d->prefix)
    {
      const char *prefix = g_hash_table_lookup (d->prefixes, line->container);

      if (prefix == NULL)
        {
          char *made = flt_cli_log_prefix_new (line->container, d->width, d->color,
                                               g_hash_table_size (d->prefixes));

          g_hash_table_insert (d->prefixes, g_strdup (line->container), made);
          prefix = made;
        }
      fputs (prefix, stdout);
    }
  flt_cli_print_log_text (line, TRUE, d->options.follow);
}

static gboolean
do_logs (Session  *s,
         gpointer  data,
         GError  **error)
{
  LogsData *d = data;
  g_autoptr(GPtrArray) tasks = flt_stack_list_tasks (s->stack, TRUE, s->cancellable, error);
  gboolean ok;

  if (tasks == NULL)
    return FALSE;
  /* Prefixes as wide as the widest task's name ("web.2@node1"). */
  for (guint i = 0; i < tasks->len; i++)
    {
      FltStackTask *t = g_ptr_array_index (tasks, i);
      g_autofree char *label = t->slot > 0 ? g_strdup_printf ("%s.%d@%s", t->service, t->slot, t->node ? t->node : "")
                                           : g_strdup_printf ("%s@%s", t->service, t->node ? t->node : "");

      d->width = MAX (d->width, (guint) g_utf8_strlen (label, -1));
    }

  ok = flt_stack_logs (s->stack, &d->options, print_line, d, s->cancellable, error);
  fflush (stdout);
  if (!ok && d->options.follow && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      return TRUE;
    }
  return ok;
}

static int
stack_logs (FltCliOptions  *options,
            int             argc,
            char          **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[STACK [SERVICE…]]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) services = g_strv_builder_new ();
  g_auto(GStrv) service_list = NULL;
  g_autofree char *tail = NULL;
  gboolean follow = FALSE, timestamps = FALSE, no_color = FALSE, no_prefix = FALSE;
  GOptionEntry entries[] = {
    { "follow", 'f', 0, G_OPTION_ARG_NONE, &follow, N_("Keep following new output"), NULL },
    { "timestamps", 't', 0, G_OPTION_ARG_NONE, &timestamps, N_("Show when each line was written"), NULL },
    { "tail", 'n', 0, G_OPTION_ARG_STRING, &tail, N_("Only the last N lines of each service (or “all”)"), "N" },
    { "no-color", 0, 0, G_OPTION_ARG_NONE, &no_color, N_("No colours"), NULL },
    { "no-log-prefix", 0, 0, G_OPTION_ARG_NONE, &no_prefix, N_("No task name before each line"), NULL },
    { NULL }
  };
  LogsData d = { 0 };
  Session s = { 0 };
  int status;

  g_option_context_set_summary (context, _("Show the output of the stack’s services, from every node."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!flt_cli_parse_options (context, &argc, &argv))
    return 2;
  for (int i = 2; i < argc; i++)
    g_strv_builder_add (services, argv[i]);
  service_list = g_strv_builder_end (services);

  if (!session_open (&s, options, "logs", argc >= 2 ? argv[1] : NULL, FALSE, &error))
    return fail (&s, error);

  d.options.services = (const char * const *) service_list;
  d.options.follow = follow;
  d.options.timestamps = timestamps;
  d.options.tail = tail;
  d.color = !no_color && isatty (STDOUT_FILENO);
  d.prefix = !no_prefix;
  d.prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  status = run (&s, do_logs, &d);
  g_hash_table_unref (d.prefixes);
  session_clear (&s);
  return status;
}

/* stack */

static const struct
{
  const char *name;
  FltCliCommandFunc func;
  const char *summary;
} subcommands[] = {
  { "deploy", stack_deploy, N_("Deploy the project as a stack, or update it in place") },
  { "ps", stack_ps, N_("List the stack’s tasks") },
  { "rm", stack_rm, N_("Remove the stack") },
  { "logs", stack_logs, N_("Show the output of the stack’s services") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: flotilla-compose stack COMMAND [OPTIONS…] [STACK]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (out, "  %-8s %s\n", subcommands[i].name, _(subcommands[i].summary));
  fprintf (out, "\n%s\n", _("The stack’s name is the project’s unless given. The engine must be a Swarm "
                             "manager (docker swarm init makes one)."));
}

int
flt_cli_stack (FltCliOptions  *options,
               int             argc,
               char          **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("flotilla-compose stack %s", subcommands[i].name);

        g_set_prgname (prgname);
        return subcommands[i].func (options, argc - 1, argv + 1);
      }

  flt_cli_error (_("unknown stack command “%s”"), argv[1]);
  print_usage (stderr);
  return 2;
}
