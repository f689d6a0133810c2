/* flt-cli-common.c: finding and loading the compose files
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "flt-cli.h"

void
flt_cli_error (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the prefix of command-line errors */
  fprintf (stderr, _("flotilla-compose: %s\n"), message);
}

static const char * const default_names[] = {
  "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", NULL
};

static const char * const override_names[] = {
  "compose.override.yaml", "compose.override.yml",
  "docker-compose.override.yml", "docker-compose.override.yaml", NULL
};

/**
 * flt_cli_find_files:
 *
 * The files to load: `-f`, else `COMPOSE_FILE`, else the first of the
 * default names found in the current folder or its parents, with its
 * override file — the way docker compose finds them.
 *
 * Returns: (transfer full) (element-type utf8): the files' paths; "-"
 *   stands for the standard input
 */
GPtrArray *
flt_cli_find_files (FltCliOptions  *options,
                    GError        **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *compose_file = g_getenv ("COMPOSE_FILE");
  g_autofree char *dir = NULL;

  if (options->files != NULL && options->files[0] != NULL)
    {
      for (guint i = 0; options->files[i] != NULL; i++)
        {
          if (g_str_equal (options->files[i], "-"))
            g_ptr_array_add (files, g_strdup ("-"));
          else
            g_ptr_array_add (files, g_canonicalize_filename (options->files[i], NULL));
        }
      return g_steal_pointer (&files);
    }

  if (compose_file != NULL && *compose_file != '\0')
    {
      const char *separator = g_getenv ("COMPOSE_PATH_SEPARATOR");
      g_auto(GStrv) names = g_strsplit (compose_file, separator && *separator ? separator : ":", -1);

      for (guint i = 0; names[i] != NULL; i++)
        if (*names[i] != '\0')
          g_ptr_array_add (files, g_canonicalize_filename (names[i], NULL));
      return g_steal_pointer (&files);
    }

  dir = options->project_directory ? g_canonicalize_filename (options->project_directory, NULL)
                                   : g_get_current_dir ();
  for (;;)
    {
      for (guint i = 0; default_names[i] != NULL; i++)
        {
          g_autofree char *path = g_build_filename (dir, default_names[i], NULL);

          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;

          g_ptr_array_add (files, g_strdup (path));
          for (guint j = 0; override_names[j] != NULL; j++)
            {
              g_autofree char *override = g_build_filename (dir, override_names[j], NULL);

              if (g_file_test (override, G_FILE_TEST_IS_REGULAR))
                {
                  g_ptr_array_add (files, g_strdup (override));
                  break;
                }
            }
          return g_steal_pointer (&files);
        }

      if (g_str_equal (dir, "/"))
        break;
      {
        char *parent = g_path_get_dirname (dir);

        g_free (dir);
        dir = parent;
      }
    }

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               _("no compose file here or in any parent folder; looked for compose.yaml, compose.yml, "
                 "docker-compose.yml and docker-compose.yaml — give one with -f FILE"));
  return NULL;
}

static FltDocument *
read_stdin (void)
{
  GString *text = g_string_new (NULL);
  char buffer[65536];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, n);

  {
    FltDocument *document = flt_document_new (text->str, text->len, "-");

    g_string_free (text, TRUE);
    return document;
  }
}

static FltDocument *
load_document (const char  *path,
               GError     **error)
{
  if (g_str_equal (path, "-"))
    return read_stdin ();

  return flt_document_new_for_path (path, error);
}

/**
 * flt_cli_load_project:
 * @documents: (out) (optional) (element-type FltDocument): the documents
 *
 * Returns: (transfer full): the project, or %NULL when a file cannot be read
 */
FltProject *
flt_cli_load_project (FltCliOptions  *options,
                      GPtrArray     **documents,
                      GError        **error)
{
  g_autoptr(GPtrArray) files = flt_cli_find_files (options, error);
  g_autoptr(GPtrArray) docs = NULL;
  FltProjectOptions project_options = { 0 };

  if (files == NULL)
    return NULL;

  docs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < files->len; i++)
    {
      FltDocument *document = load_document (g_ptr_array_index (files, i), error);

      if (document == NULL)
        return NULL;
      g_ptr_array_add (docs, document);
    }

  project_options.project_name = options->project_name;
  project_options.project_directory = options->project_directory;
  project_options.env_files = (const char * const *) options->env_files;
  project_options.profiles = (const char * const *) options->profiles;
  project_options.load_env_files = TRUE;

  if (documents != NULL)
    *documents = g_ptr_array_ref (docs);

  return flt_project_new ((FltDocument * const *) docs->pdata, docs->len, &project_options);
}

/* Prints FILE:LINE:COLUMN: SEVERITY: MESSAGE lines to stderr; returns
 * whether there was an error among them. */
gboolean
flt_cli_print_diagnostics (GPtrArray *diagnostics,
                           gboolean   warnings)
{
  gboolean errors = FALSE;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      FltDiagnostic *d = g_ptr_array_index (diagnostics, i);
      g_autofree char *line = NULL;

      if (d->severity == FLT_SEVERITY_ERROR)
        errors = TRUE;
      else if (!warnings)
        continue;

      line = flt_diagnostic_format (d);
      fprintf (stderr, "%s\n", line);
    }

  return errors;
}
