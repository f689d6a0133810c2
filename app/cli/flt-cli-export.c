/* flt-cli-export.c: `flotilla-compose export-aws`
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "flt-cli.h"
#include "flt-units.h"

static FltProject *kept_until_exit;

static gboolean
parse_format (const char  *format,
              guint       *files)
{
  if (format == NULL || g_str_equal (format, "all"))
    *files = FLT_AWS_FILES_ALL;
  else if (g_str_equal (format, "compose"))
    *files = 1u << FLT_AWS_FILE_COMPOSE;
  else if (g_str_equal (format, "params"))
    *files = 1u << FLT_AWS_FILE_PARAMS;
  else if (g_str_equal (format, "taskdef"))
    *files = 1u << FLT_AWS_FILE_TASK_DEFINITION;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_count (const char *text,
             gint64      max,
             gint64     *out)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

/* SERVICE:HOST:CONTAINER, as --publish web:80:5000 puts web's 5000 on 80. */
static gboolean
add_published_port (FltAwsOptions *options,
                    const char    *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", -1);
  gint64 host, container;

  if (g_strv_length (parts) != 3 || *parts[0] == '\0' ||
      !parse_count (parts[1], 65535, &host) || host == 0 ||
      !parse_count (parts[2], 65535, &container) || container == 0)
    return FALSE;

  flt_aws_options_set_host_port (options, parts[0], (guint) container, (guint) host);
  return TRUE;
}

int
flt_cli_export_aws (FltCliOptions  *options,
                    int             argc,
                    char          **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FltAwsOptions) aws_options = flt_aws_options_new ();
  g_autoptr(FltAwsExport) export = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format = NULL;
  g_autofree char *cpu_shares = NULL;
  g_autofree char *mem_limit = NULL;
  g_autofree char *family = NULL;
  g_auto(GStrv) publish = NULL;
  g_auto(GStrv) written = NULL;
  gboolean strict = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Folder to write the files to (default: the current folder); - prints one file"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Which file: compose, params, taskdef or all (the default)"), N_("FORMAT") },
    { "cpu-shares", 0, 0, G_OPTION_ARG_STRING, &cpu_shares,
      N_("CPU units for services that set none (default: 100; 1024 is one vCPU)"), N_("N") },
    { "mem-limit", 0, 0, G_OPTION_ARG_STRING, &mem_limit,
      N_("Memory limit for services that set none, in bytes or like 250m (default: 262144000)"), N_("BYTES") },
    { "publish", 0, 0, G_OPTION_ARG_STRING_ARRAY, &publish,
      N_("Publish a service’s container port on another host port, e.g. web:80:5000 (repeatable)"),
      N_("SERVICE:HOST:CONTAINER") },
    { "family", 0, 0, G_OPTION_ARG_STRING, &family,
      N_("Task definition family (default: the project name)"), N_("NAME") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Treat warnings as errors: write nothing when something does not carry over"), NULL },
    { NULL }
  };
  GPtrArray *warnings;
  guint files = 0;
  guint n_containers;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Export the project for AWS ECS: aws-compose.yml and ecs-params.yml for "
                                  "“ecs-cli compose --file aws-compose.yml up”, and task-definition.json for "
                                  "“aws ecs register-task-definition --cli-input-json file://task-definition.json”."));
  g_option_context_set_description (context,
                                    _("What does not carry over to ECS (builds, networks, bind mounts of local "
                                      "folders, restart policies…) is listed as warnings on the standard error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      flt_cli_error ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      flt_cli_error (_("export-aws takes no arguments, but got “%s”; see flotilla-compose export-aws --help"), argv[1]);
      return 2;
    }

  if (!parse_format (format, &files))
    {
      flt_cli_error (_("unknown format “%s”; use compose, params, taskdef or all"), format);
      return 2;
    }
  if (cpu_shares != NULL)
    {
      gint64 n;

      if (!parse_count (cpu_shares, G_MAXINT32, &n))
        {
          flt_cli_error (_("--cpu-shares needs a whole number of CPU units, like 100 or 512; got “%s”"), cpu_shares);
          return 2;
        }
      flt_aws_options_set_cpu_shares (aws_options, n);
    }
  if (mem_limit != NULL)
    {
      gint64 bytes;

      if (!flt_parse_size (mem_limit, &bytes, NULL) || bytes <= 0)
        {
          flt_cli_error (_("--mem-limit needs a size in bytes, like 262144000 or 250m; got “%s”"), mem_limit);
          return 2;
        }
      flt_aws_options_set_mem_limit (aws_options, bytes);
    }
  for (guint i = 0; publish != NULL && publish[i] != NULL; i++)
    if (!add_published_port (aws_options, publish[i]))
      {
        flt_cli_error (_("--publish needs SERVICE:HOST:CONTAINER with two port numbers, like web:80:5000; got “%s”"),
                       publish[i]);
        return 2;
      }
  flt_aws_options_set_family (aws_options, family);
  if (output != NULL && g_str_equal (output, "-") && files != 1u << FLT_AWS_FILE_COMPOSE &&
      files != 1u << FLT_AWS_FILE_PARAMS && files != 1u << FLT_AWS_FILE_TASK_DEFINITION)
    {
      flt_cli_error (_("-o - prints one file; choose it with --format compose, params or taskdef"));
      return 2;
    }

  /* Kept until exit, as config does: tearing the model down is wasted time. */
  kept_until_exit = flt_cli_load_project (options, NULL, &error);
  if (kept_until_exit == NULL)
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }
  if (flt_cli_print_diagnostics (flt_project_get_diagnostics (kept_until_exit), FALSE))
    return 1;

  export = flt_aws_export_new (kept_until_exit, aws_options, &error);
  if (export == NULL)
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }

  warnings = flt_aws_export_get_warnings (export);
  for (guint i = 0; i < warnings->len; i++)
    {
      FltAwsWarning *w = g_ptr_array_index (warnings, i);
      g_autofree char *line = flt_diagnostic_format (w->diagnostic);

      fprintf (stderr, "%s\n", line);
    }

  if (strict && warnings->len > 0)
    {
      flt_cli_error (g_dngettext (GETTEXT_PACKAGE,
                                  "--strict: %u thing does not carry over to ECS (see above), so nothing was written",
                                  "--strict: %u things do not carry over to ECS (see above), so nothing was written",
                                  warnings->len),
                     warnings->len);
      return 1;
    }

  if (output != NULL && g_str_equal (output, "-"))
    {
      for (guint f = 0; f < FLT_AWS_N_FILES; f++)
        if (files & (1u << f))
          fputs (flt_aws_export_get_text (export, f), stdout);
      return 0;
    }

  if (!flt_aws_export_write (export, output ? output : ".", files, FLT_AWS_WRITE_NONE, &written, &error))
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; written[i] != NULL; i++)
    /* Translators: %s is the path of a file the export wrote */
    fprintf (stderr, _("Wrote %s\n"), written[i]);

  n_containers = flt_aws_export_get_n_containers (export);
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                "Exported %u service as the task definition family %s.\n",
                                "Exported %u services as the task definition family %s.\n",
                                n_containers),
           n_containers, flt_aws_export_get_family (export));
  if (warnings->len > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "%u thing did not carry over; see the warning above.\n",
                                  "%u things did not carry over; see the warnings above.\n",
                                  warnings->len),
             warnings->len);
  return 0;
}
