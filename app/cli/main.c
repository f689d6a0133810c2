/* main.c: flotilla-compose, the command line
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "flt-cli.h"

typedef struct
{
  const char *name;
  FltCliCommandFunc func;
  const char *summary;
} Command;

static const Command commands[] = {
  { "config", flt_cli_config, N_("Validate the project and print it resolved") },
  { "edit", flt_cli_edit, N_("Change the compose file with minimal edits") },
};

static void
print_commands (FILE *out)
{
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “flotilla-compose COMMAND --help” for a command’s options."));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  FltCliOptions options = { 0 };
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "file", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, &options.files, N_("Compose file (repeat for overrides; later files win)"), N_("FILE") },
    { "project-name", 'p', 0, G_OPTION_ARG_STRING, &options.project_name, N_("Project name"), N_("NAME") },
    { "project-directory", 0, 0, G_OPTION_ARG_FILENAME, &options.project_directory, N_("Project folder (default: the first file’s folder)"), N_("DIR") },
    { "env-file", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.env_files, N_("Variables file to use instead of .env (repeatable)"), N_("FILE") },
    { "profile", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.profiles, N_("Enable a profile (repeatable)"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  int status = 2;

  /* Only what the command line uses: text encoding and messages.  Numbers
   * are always written the C way, and loading every other category costs a
   * dozen file reads on each run. */
  setlocale (LC_CTYPE, "");
  setlocale (LC_MESSAGES, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [OPTIONS…]"));
  g_option_context_set_summary (context, _("Work with Docker Compose projects without a window."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      flt_cli_error ("%s", error->message);
      goto out;
    }

  if (version)
    {
      printf ("flotilla-compose %s\n", PACKAGE_VERSION);
      status = 0;
      goto out;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stderr);
      print_commands (stderr);
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("flotilla-compose %s", commands[i].name);

          g_set_prgname (prgname);
          status = commands[i].func (&options, argc - 1, argv + 1);
          goto out;
        }
    }

  flt_cli_error (_("unknown command “%s”"), argv[1]);
  print_commands (stderr);

out:
  g_strfreev (options.files);
  g_free (options.project_name);
  g_free (options.project_directory);
  g_strfreev (options.env_files);
  g_strfreev (options.profiles);
  return status;
}
