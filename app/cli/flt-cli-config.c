/* flt-cli-config.c: `flotilla-compose config`
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <stdio.h>

#include "flt-cli.h"

static void
print_names (GPtrArray  *list,
             const char *(*get_name) (gpointer),
             gboolean    enabled_only)
{
  for (guint i = 0; i < list->len; i++)
    {
      GObject *item = g_ptr_array_index (list, i);

      if (enabled_only && FLT_IS_SERVICE (item) && !flt_service_get_enabled (FLT_SERVICE (item)))
        continue;
      printf ("%s\n", get_name (item));
    }
}

static const char *
service_name (gpointer item)
{
  return flt_service_get_name (item);
}

static const char *
network_key (gpointer item)
{
  return flt_network_get_key (item);
}

static const char *
volume_key (gpointer item)
{
  return flt_volume_get_key (item);
}

static FltProject *kept_until_exit;

int
flt_cli_config (FltCliOptions  *options,
                int             argc,
                char          **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  FltProject *project = NULL;
  gboolean quiet = FALSE;
  gboolean services = FALSE;
  gboolean volumes = FALSE;
  gboolean networks = FALSE;
  gboolean images = FALSE;
  gboolean profiles = FALSE;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Only validate; print nothing but problems"), NULL },
    { "services", 0, 0, G_OPTION_ARG_NONE, &services, N_("Print the service names, one per line"), NULL },
    { "volumes", 0, 0, G_OPTION_ARG_NONE, &volumes, N_("Print the volume names, one per line"), NULL },
    { "networks", 0, 0, G_OPTION_ARG_NONE, &networks, N_("Print the network names, one per line"), NULL },
    { "images", 0, 0, G_OPTION_ARG_NONE, &images, N_("Print the image each service uses"), NULL },
    { "profiles", 0, 0, G_OPTION_ARG_NONE, &profiles, N_("Print the profile names, one per line"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: yaml (the default) or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autofree char *text = NULL;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Validate the project and print it resolved: interpolated, "
                                           "merged and normalised."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      flt_cli_error ("%s", error->message);
      return 2;
    }
  if (format != NULL && !g_str_equal (format, "yaml") && !g_str_equal (format, "json"))
    {
      flt_cli_error (_("unknown format “%s”; use yaml or json"), format);
      return 2;
    }

  /* The process ends right after this command: tearing a big model down
   * would cost more than a tenth of the run, so the project is kept
   * (reachable, not leaked) until exit. */
  project = flt_cli_load_project (options, NULL, &error);
  kept_until_exit = project;
  if (project == NULL)
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }

  if (flt_cli_print_diagnostics (flt_project_get_diagnostics (project), TRUE))
    return 1;

  if (quiet)
    return 0;

  if (services)
    print_names (flt_project_get_service_list (project), service_name, TRUE);
  if (volumes)
    print_names (flt_project_get_volume_list (project), volume_key, FALSE);
  if (networks)
    print_names (flt_project_get_network_list (project), network_key, FALSE);
  if (images)
    {
      GPtrArray *list = flt_project_get_service_list (project);

      for (guint i = 0; i < list->len; i++)
        {
          FltService *service = g_ptr_array_index (list, i);
          const char *image = flt_service_get_image (service);
          g_autofree char *built = NULL;

          if (!flt_service_get_enabled (service))
            continue;
          if (image == NULL)
            image = built = g_strdup_printf ("%s-%s", flt_project_get_name (project),
                                             flt_service_get_name (service));
          printf ("%s\n", image);
        }
    }
  if (profiles)
    {
      GPtrArray *list = flt_project_get_service_list (project);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < list->len; i++)
        {
          FltService *service = g_ptr_array_index (list, i);
          const char * const *names = flt_service_get_profiles (service);

          for (guint j = 0; names != NULL && names[j] != NULL; j++)
            if (g_hash_table_add (seen, (gpointer) names[j]))
              printf ("%s\n", names[j]);
        }
    }
  if (services || volumes || networks || images || profiles)
    return 0;

  text = g_strcmp0 (format, "json") == 0 ? flt_project_to_json (project) : flt_project_to_yaml (project);
  if (output != NULL)
    {
      g_autoptr(FltDocument) out = flt_document_new (text, -1, output);

      if (!flt_document_save_to_path (out, output, FLT_SAVE_FORCE, &error))
        {
          flt_cli_error ("%s", error->message);
          return 1;
        }
      return 0;
    }

  fputs (text, stdout);
  return 0;
}
