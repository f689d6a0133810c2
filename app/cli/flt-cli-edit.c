/* flt-cli-edit.c: `flotilla-compose edit`
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <stdio.h>

#include "flt-cli.h"

typedef struct
{
  const char *name;
  int n_args;
} Operation;

static const Operation operations[] = {
  { "set", 2 },
  { "add", 2 },
  { "remove", 1 },
  { "rename-service", 2 },
  { "add-service", 2 },
  { "remove-service", 1 },
  { "duplicate-service", 2 },
};

static const Operation *
find_operation (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (g_str_equal (operations[i].name, name))
      return &operations[i];
  return NULL;
}

static gboolean
run_operation (FltDocument  *document,
               const char   *name,
               char        **args,
               FltEditFlags  flags,
               GError      **error)
{
  if (g_str_equal (name, "set"))
    return flt_document_set_value (document, args[0], args[1], flags, error);
  if (g_str_equal (name, "add"))
    return flt_document_add_item (document, args[0], args[1], flags, error);
  if (g_str_equal (name, "remove"))
    return flt_document_remove (document, args[0], error);
  if (g_str_equal (name, "rename-service"))
    return flt_document_rename_service (document, args[0], args[1], error);
  if (g_str_equal (name, "add-service"))
    return flt_document_add_service (document, args[0], args[1], error);
  if (g_str_equal (name, "remove-service"))
    return flt_document_remove_service (document, args[0], error);
  if (g_str_equal (name, "duplicate-service"))
    return flt_document_duplicate_service (document, args[0], args[1], error);
  g_assert_not_reached ();
}

int
flt_cli_edit (FltCliOptions  *options,
              int             argc,
              char          **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(FltDocument) document = NULL;
  gboolean to_stdout = FALSE;
  gboolean yaml = FALSE;
  GOptionEntry entries[] = {
    { "stdout", 0, 0, G_OPTION_ARG_NONE, &to_stdout, N_("Print the result instead of saving the file"), NULL },
    { "yaml", 0, 0, G_OPTION_ARG_NONE, &yaml, N_("Read VALUEs as YAML (a mapping or a list), not as strings"), NULL },
    { NULL }
  };
  const char *path;
  int i;

  context = g_option_context_new (_("[OPERATION…]"));
  g_option_context_set_summary (context,
                                _("Edit the compose file in place with minimal changes: comments, "
                                  "blank lines, key order and quoting elsewhere stay as they are."));
  g_option_context_set_description (context,
                                    _("Operations:\n"
                                      "  set PATH VALUE               set a value (adding keys that are missing)\n"
                                      "  add PATH VALUE               append VALUE to the list at PATH\n"
                                      "  remove PATH                  remove a key or a list item\n"
                                      "  rename-service OLD NEW       rename a service and every reference to it\n"
                                      "  add-service NAME IMAGE       add a service\n"
                                      "  remove-service NAME          remove a service\n"
                                      "  duplicate-service NAME NEW   copy a service under a new name\n"
                                      "\n"
                                      "PATH is like services.web.ports[0] or services.es.environment[\"discovery.type\"].\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      flt_cli_error ("%s", error->message);
      return 2;
    }

  files = flt_cli_find_files (options, &error);
  if (files == NULL)
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }
  path = g_ptr_array_index (files, 0);
  if (g_str_equal (path, "-"))
    {
      flt_cli_error (_("edit needs a file to change, not the standard input"));
      return 2;
    }

  document = flt_document_new_for_path (path, &error);
  if (document == NULL)
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }

  for (i = 1; i < argc;)
    {
      const Operation *op = find_operation (argv[i]);

      if (op == NULL)
        {
          flt_cli_error (_("unknown edit operation “%s”; see flotilla-compose edit --help"), argv[i]);
          return 2;
        }
      if (i + op->n_args >= argc)
        {
          flt_cli_error (g_dngettext (GETTEXT_PACKAGE,
                                      "%s needs %d argument",
                                      "%s needs %d arguments", op->n_args),
                         op->name, op->n_args);
          return 2;
        }
      if (!run_operation (document, op->name, &argv[i + 1], yaml ? FLT_EDIT_YAML : FLT_EDIT_NONE, &error))
        {
          FltDiagnostic *syntax = flt_document_get_syntax_error (document);

          if (syntax != NULL)
            {
              g_autofree char *line = flt_diagnostic_format (syntax);

              fprintf (stderr, "%s\n", line);
            }
          flt_cli_error ("%s: %s", flt_document_get_display_name (document), error->message);
          return 1;
        }
      i += 1 + op->n_args;
    }

  if (to_stdout)
    {
      gsize length;
      const char *text = flt_document_get_text (document, &length);

      fwrite (text, 1, length, stdout);
      return 0;
    }

  if (flt_document_get_modified (document) &&
      !flt_document_save_to_path (document, NULL, FLT_SAVE_NONE, &error))
    {
      flt_cli_error ("%s", error->message);
      return 1;
    }

  return 0;
}
