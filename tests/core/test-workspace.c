/* test-workspace.c: the project follows the document, built off the main
 * thread
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "flt-core.h"

static const char foodtrucks[] =
  "version: \"3\"\n"
  "services:\n"
  "  es:\n"
  "    image: docker.elastic.co/elasticsearch/elasticsearch:6.3.2\n"
  "  web:\n"
  "    image: prakhar1989/foodtrucks-web\n"
  "    ports:\n"
  "      - \"5000:5000\"\n"
  "    environment:\n"
  "      - ES_HOST=${ES_HOST:-es}\n";

static guint
count_services (FltProject *project)
{
  return flt_project_get_service_list (project)->len;
}

static const char *
environment_value (FltService *service,
                   const char *name)
{
  GPtrArray *environment = flt_service_get_environment (service);

  for (guint i = 0; i < environment->len; i++)
    {
      FltKeyValue *pair = g_ptr_array_index (environment, i);

      if (g_strcmp0 (pair->name, name) == 0)
        return pair->value;
    }
  return NULL;
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static void
keep_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_follows_edits (void)
{
  g_autoptr(FltDocument) document = flt_document_new (foodtrucks, -1, "compose.yaml");
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  g_autoptr(FltWorkspace) workspace = flt_workspace_new (document, environment);
  g_autoptr(GError) error = NULL;
  FltProject *first;
  guint notified = 0;

  g_assert_null (flt_workspace_get_project (workspace));
  g_assert_true (flt_workspace_get_busy (workspace));
  g_signal_connect_swapped (workspace, "notify::project", G_CALLBACK (count_cb), &notified);

  g_assert_true (flt_workspace_wait (workspace, 5000));
  first = flt_workspace_get_project (workspace);
  g_assert_nonnull (first);
  g_assert_false (flt_workspace_get_busy (workspace));
  g_assert_cmpuint (count_services (first), ==, 2);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (flt_workspace_get_project_revision (workspace), ==,
                    flt_document_get_revision (document));

  /* Three edits in a row give one more project, not three. */
  g_assert_true (flt_document_add_service (document, "db", "postgres:16", &error));
  g_assert_no_error (error);
  g_assert_true (flt_document_set_value (document, "services.web.ports[0]", "80:5000", 0, &error));
  g_assert_no_error (error);
  g_assert_true (flt_document_add_service (document, "cache", "redis:7", &error));
  g_assert_no_error (error);
  g_assert_true (flt_workspace_get_busy (workspace));
  g_assert_true (flt_workspace_wait (workspace, 5000));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (flt_workspace_get_project (workspace) != first);
  g_assert_cmpuint (count_services (flt_workspace_get_project (workspace)), ==, 4);
  g_assert_nonnull (flt_project_get_service (flt_workspace_get_project (workspace), "cache"));
}

static void
test_edit_during_build (void)
{
  g_autoptr(FltDocument) document = flt_document_new (foodtrucks, -1, "compose.yaml");
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  g_autoptr(FltWorkspace) workspace = flt_workspace_new (document, environment);
  g_autoptr(GError) error = NULL;

  g_assert_true (flt_workspace_wait (workspace, 5000));
  g_assert_true (flt_document_add_service (document, "db", "postgres:16", &error));

  /* Let the build start in its thread, then change the text under it: the
   * stale result must not be the last word. */
  while (!g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (flt_document_remove_service (document, "es", &error));
  g_assert_no_error (error);
  g_assert_true (flt_workspace_wait (workspace, 5000));
  g_assert_null (flt_project_get_service (flt_workspace_get_project (workspace), "es"));
  g_assert_nonnull (flt_project_get_service (flt_workspace_get_project (workspace), "db"));
  g_assert_cmpuint (flt_workspace_get_project_revision (workspace), ==,
                    flt_document_get_revision (document));
}

static void
test_diagnostics_follow (void)
{
  g_autoptr(FltDocument) document = flt_document_new (foodtrucks, -1, "compose.yaml");
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  g_autoptr(FltWorkspace) workspace = flt_workspace_new (document, environment);
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) broken = NULL;
  g_autoptr(GError) error = NULL;
  FltDiagnostic *diagnostic;

  g_assert_true (flt_workspace_wait (workspace, 5000));
  clean = flt_workspace_dup_diagnostics (workspace);
  g_assert_false (flt_diagnostics_have_errors (clean));

  g_assert_true (flt_document_set_value (document, "services.web.ports[0]", "99999:5000", 0, &error));
  g_assert_no_error (error);
  g_assert_true (flt_workspace_wait (workspace, 5000));
  broken = flt_workspace_dup_diagnostics (workspace);
  g_assert_cmpuint (broken->len, ==, clean->len + 1);
  diagnostic = NULL;
  for (guint i = 0; i < broken->len; i++)
    if (((FltDiagnostic *) g_ptr_array_index (broken, i))->severity == FLT_SEVERITY_ERROR)
      diagnostic = g_ptr_array_index (broken, i);
  g_assert_nonnull (diagnostic);
  g_assert_cmpint (diagnostic->severity, ==, FLT_SEVERITY_ERROR);
  g_assert_cmpuint (diagnostic->line, ==, 8);
  g_assert_cmpstr (diagnostic->path, ==, "services.web.ports[0]");
}

static void
test_load_and_refresh_env (void)
{
  g_autofree char *dir = g_dir_make_tmp ("flt-workspace-XXXXXX", NULL);
  g_autofree char *compose = g_build_filename (dir, "compose.yaml", NULL);
  g_autofree char *dotenv = g_build_filename (dir, ".env", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (compose);
  g_autoptr(FltEnvironment) environment = flt_environment_new ();
  g_autoptr(FltWorkspace) workspace = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FltService *web;

  g_assert_true (g_file_set_contents (compose, foodtrucks, -1, NULL));
  g_assert_true (g_file_set_contents (dotenv, "ES_HOST=search\n", -1, NULL));

  flt_workspace_load_async (file, environment, NULL,
                            keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  workspace = flt_workspace_load_finish (result, &error);
  g_assert_no_error (error);

  /* Loading hands over a workspace whose project is ready. */
  g_assert_false (flt_workspace_get_busy (workspace));
  web = flt_project_get_service (flt_workspace_get_project (workspace), "web");
  g_assert_nonnull (web);
  g_assert_cmpstr (environment_value (web, "ES_HOST"), ==, "search");

  /* The document did not change, but the file it reads did. */
  g_assert_true (g_file_set_contents (dotenv, "ES_HOST=elastic\n", -1, NULL));
  flt_workspace_refresh (workspace);
  g_assert_true (flt_workspace_get_busy (workspace));
  g_assert_true (flt_workspace_wait (workspace, 5000));
  web = flt_project_get_service (flt_workspace_get_project (workspace), "web");
  g_assert_cmpstr (environment_value (web, "ES_HOST"), ==, "elastic");

  g_unlink (dotenv);
  g_unlink (compose);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workspace/follows-edits", test_follows_edits);
  g_test_add_func ("/workspace/edit-during-build", test_edit_during_build);
  g_test_add_func ("/workspace/diagnostics-follow", test_diagnostics_follow);
  g_test_add_func ("/workspace/load-and-refresh-env", test_load_and_refresh_env);

  return g_test_run ();
}
