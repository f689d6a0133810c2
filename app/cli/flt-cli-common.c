/* flt-cli-common.c: finding and loading the compose files
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "flt-cli.h"

/* How many terminal columns @text takes: one per character, two for the
 * wide ones (CJK), none for combining marks. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (g_unichar_iszerowidth (u))
        continue;
      width += g_unichar_iswide (u) ? 2 : 1;
    }
  return width;
}

/**
 * flt_cli_pad:
 * @text: (nullable): UTF-8 text
 * @width: the columns it should take
 *
 * printf's %-28s counts bytes, which leaves Russian columns short: this
 * counts what the terminal shows.
 *
 * Returns: (transfer full): @text followed by enough spaces to fill @width
 *   columns (none when it is already wider)
 */
char *
flt_cli_pad (const char *text,
             guint       width)
{
  guint shown;
  GString *padded;

  if (text == NULL)
    text = "";
  shown = display_width (text);
  padded = g_string_new (text);
  for (; shown < width; shown++)
    g_string_append_c (padded, ' ');
  return g_string_free (padded, FALSE);
}

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

static void
print_commands (FILE                *out,
                const FltCliCommand *commands,
                guint                n_commands)
{
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < n_commands; i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “flotilla-compose COMMAND --help” for a command’s options."));
}

/* The engine commands live in a helper next to this program (in the build
 * tree) or in the installed libexec folder. */
static char *
find_engine_helper (void)
{
  const char *over = g_getenv ("FLOTILLA_ENGINE_HELPER");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = dir ? g_build_filename (dir, "flotilla-compose-engine", NULL) : NULL;

  if (over != NULL && *over != '\0')
    return g_strdup (over);
  if (beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&beside);
  return g_build_filename (LIBEXECDIR, "flotilla-compose-engine", NULL);
}

/**
 * flt_cli_main:
 *
 * Parses the options that come before the command, as docker compose
 * takes them, and runs the command.
 */
int
flt_cli_main (int                  argc,
              char               **argv,
              const FltCliCommand *commands,
              guint                n_commands,
              gboolean             in_engine_helper)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) original = g_strdupv (argv);
  FltCliOptions options = { 0 };
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "file", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, &options.files, N_("Compose file (repeat for overrides; later files win)"), N_("FILE") },
    { "project-name", 'p', 0, G_OPTION_ARG_STRING, &options.project_name, N_("Project name"), N_("NAME") },
    { "project-directory", 0, 0, G_OPTION_ARG_FILENAME, &options.project_directory, N_("Project folder (default: the first file’s folder)"), N_("DIR") },
    { "env-file", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.env_files, N_("Variables file to use instead of .env (repeatable)"), N_("FILE") },
    { "profile", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.profiles, N_("Enable a profile (repeatable)"), N_("NAME") },
    { "host", 'H', 0, G_OPTION_ARG_STRING, &options.host, N_("Docker Engine to use (unix://, tcp:// or ssh://)"), N_("URL") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &options.context, N_("Docker context to use"), N_("NAME") },
    { "tls", 0, 0, G_OPTION_ARG_NONE, &options.tls, N_("Use TLS without checking the engine’s certificate"), NULL },
    { "tlsverify", 0, 0, G_OPTION_ARG_NONE, &options.tlsverify, N_("Use TLS and check the engine’s certificate"), NULL },
    { "tlscacert", 0, 0, G_OPTION_ARG_FILENAME, &options.tlscacert, N_("Trust only engine certificates signed by this CA (default: ca.pem in DOCKER_CERT_PATH or ~/.docker)"), N_("FILE") },
    { "tlscert", 0, 0, G_OPTION_ARG_FILENAME, &options.tlscert, N_("Client certificate (default: cert.pem there)"), N_("FILE") },
    { "tlskey", 0, 0, G_OPTION_ARG_FILENAME, &options.tlskey, N_("Client certificate’s key (default: key.pem there)"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  int status = 2;
  const char *locale_dir = g_getenv ("FLOTILLA_LOCALEDIR");

  /* Only what the command line uses: text encoding and messages.  Numbers
   * are always written the C way, and loading every other category costs a
   * dozen file reads on each run. */
  setlocale (LC_CTYPE, "");
  setlocale (LC_MESSAGES, "");
  /* FLOTILLA_LOCALEDIR: the catalogues of an uninstalled build (meson
   * devenv and the tests point it at BUILD/po). */
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL && *locale_dir != '\0' ? locale_dir : LOCALEDIR);
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
      print_commands (stderr, commands, n_commands);
      goto out;
    }

  for (guint i = 0; i < n_commands; i++)
    {
      g_autofree char *prgname = NULL;

      if (!g_str_equal (argv[1], commands[i].name))
        continue;

      if (commands[i].engine && !in_engine_helper)
        {
          g_autofree char *helper = find_engine_helper ();

          fflush (stdout);
          execv (helper, original);
          flt_cli_error (_("cannot run %s (%s); is Flotilla installed completely?"), helper, g_strerror (errno));
          status = 1;
          goto out;
        }

      prgname = g_strdup_printf ("flotilla-compose %s", commands[i].name);
      g_set_prgname (prgname);
      status = commands[i].func (&options, argc - 1, argv + 1);
      goto out;
    }

  flt_cli_error (_("unknown command “%s”"), argv[1]);
  print_commands (stderr, commands, n_commands);

out:
  g_strfreev (options.files);
  g_free (options.project_name);
  g_free (options.project_directory);
  g_strfreev (options.env_files);
  g_strfreev (options.profiles);
  g_free (options.host);
  g_free (options.context);
  g_free (options.tlscacert);
  g_free (options.tlscert);
  g_free (options.tlskey);
  return status;
}
