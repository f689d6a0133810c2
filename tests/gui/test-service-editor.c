/* test-service-editor.c: the service, network and volume forms write the file
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-environment-editor.h"
#include "flt-form.h"
#include "flt-list-editor.h"
#include "flt-mapping-editor.h"
#include "flt-network-editor.h"
#include "flt-service-editor.h"
#include "flt-service-editor-private.h"
#include "flt-suggestion-popover.h"
#include "flt-test-gui.h"
#include "flt-volume-editor.h"

#define PROJECT_TIMEOUT_MS (FLT_TEST_TIMEOUT_SECONDS * 1000)

typedef struct
{
  char         *dir;
  char         *path;
  FltDocument  *document;
  FltWorkspace *workspace;
  GtkWindow    *window;
  GtkWidget    *editor;
} Fixture;

static char *
read_foodtrucks (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples",
                                            "foodtrucks", "docker-compose.yml", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* Opens @text (the Food Trucks file when NULL) from a file in a folder of
 * its own, as the window would, and waits for its project. */
static void
fixture_open (Fixture    *f,
              const char *text)
{
  g_autofree char *foodtrucks = NULL;
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("flotilla-form-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "docker-compose.yml", NULL);
  if (text == NULL)
    text = foodtrucks = read_foodtrucks ();
  g_assert_true (g_file_set_contents (f->path, text, -1, &error));

  f->document = flt_document_new_for_path (f->path, &error);
  g_assert_no_error (error);
  f->workspace = flt_workspace_new (f->document, NULL);
  g_assert_true (flt_workspace_wait (f->workspace, PROJECT_TIMEOUT_MS));

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 720, 900);
}

static void
fixture_show (Fixture   *f,
              GtkWidget *editor)
{
  f->editor = editor;
  gtk_window_set_child (f->window, editor);
  gtk_window_present (f->window);
}

static FltServiceEditor *
fixture_open_service (Fixture    *f,
                      const char *text,
                      const char *service)
{
  FltServiceEditor *editor;

  fixture_open (f, text);
  editor = flt_service_editor_new ();
  fixture_show (f, GTK_WIDGET (editor));
  flt_service_editor_set_service (editor, f->workspace, service);
  return editor;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_no_errno (g_unlink (child));
    }
  g_assert_no_errno (g_rmdir (path));
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->workspace);
  g_assert_finalize_object (f->document);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static const char *
text_of (Fixture *f)
{
  return flt_document_get_text (f->document, NULL);
}

/* Checks on the text that show the whole file when they fail. */
static void
assert_contains (Fixture    *f,
                 const char *needle)
{
  if (strstr (text_of (f), needle) == NULL)
    g_error ("The file does not contain:\n%s\nIt is:\n%s", needle, text_of (f));
}

static void
assert_lacks (Fixture    *f,
              const char *needle)
{
  if (strstr (text_of (f), needle) != NULL)
    g_error ("The file still contains:\n%s\nIt is:\n%s", needle, text_of (f));
}

static void
assert_ends_with (Fixture    *f,
                  const char *suffix)
{
  if (!g_str_has_suffix (text_of (f), suffix))
    g_error ("The file does not end with:\n%s\nIt is:\n%s", suffix, text_of (f));
}

static GtkWidget *
child (Fixture    *f,
       GType       type,
       const char *id)
{
  GObject *object = gtk_widget_get_template_child (f->editor, type, id);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkWidget *
service_child (Fixture    *f,
               const char *id)
{
  return child (f, FLT_TYPE_SERVICE_EDITOR, id);
}

/* What a user does: type, then press Enter. */
static void
type_and_enter (GtkWidget  *editable,
                const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  if (ADW_IS_ENTRY_ROW (editable))
    g_signal_emit_by_name (editable, "entry-activated");
  else
    g_signal_emit_by_name (editable, "activate");
}

static FltForm *
form_of (Fixture *f)
{
  return _flt_service_editor_get_form (FLT_SERVICE_EDITOR (f->editor));
}

/* Waits until the project reflects the text: diagnostics are current. */
static void
wait_project (Fixture *f)
{
  g_assert_true (flt_workspace_wait (f->workspace, PROJECT_TIMEOUT_MS));
}

static guint
count_changed_lines (const char *before,
                     const char *after)
{
  g_auto(GStrv) a = g_strsplit (before, "\n", -1);
  g_auto(GStrv) b = g_strsplit (after, "\n", -1);
  guint changed = 0;

  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (guint i = 0; a[i] != NULL; i++)
    if (strcmp (a[i], b[i]) != 0)
      changed++;
  return changed;
}

static guint
combo_index_of (AdwComboRow *row,
                const char  *text)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static char *
combo_selected_text (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  return item ? g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item))) : NULL;
}

/* The image: one line changes, one undo takes it back */

static void
test_image (void)
{
  Fixture f;
  g_autofree char *before = NULL;
  GtkWidget *image;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  image = service_child (&f, "image_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (image)), ==, "prakhar1989/foodtrucks-web");

  before = g_strdup (text_of (&f));
  type_and_enter (image, "nginx:1.27");
  g_assert_cmpuint (count_changed_lines (before, text_of (&f)), ==, 1);
  assert_contains (&f, "\n    image: nginx:1.27\n");
  /* The comments at the top are the file's, untouched. */
  g_assert_true (g_str_has_prefix (text_of (&f), "# SF Food Trucks"));

  /* One edit, one undo step. */
  g_assert_true (flt_document_undo (f.document));
  g_assert_cmpstr (text_of (&f), ==, before);
  g_assert_false (flt_document_can_undo (f.document));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (image)), ==, "prakhar1989/foodtrucks-web");

  fixture_close (&f);
}

/* Restart: a drop-down that writes the key, and removes it for "Not Set" */

static void
test_restart (void)
{
  Fixture f;
  g_autofree char *before = NULL;
  g_autofree char *shown = NULL;
  AdwComboRow *restart;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  restart = ADW_COMBO_ROW (service_child (&f, "restart_row"));
  before = g_strdup (text_of (&f));
  g_assert_cmpuint (adw_combo_row_get_selected (restart), ==, 0);

  adw_combo_row_set_selected (restart, combo_index_of (restart, "always"));
  assert_contains (&f, "\n    restart: always\n");
  assert_ends_with (&f, "      - .:/code\n    restart: always\n");

  /* "no" is a boolean to YAML 1.1 readers: it is quoted. */
  adw_combo_row_set_selected (restart, combo_index_of (restart, "no"));
  assert_contains (&f, "\n    restart: \"no\"\n");

  adw_combo_row_set_selected (restart, 0);
  g_assert_cmpstr (text_of (&f), ==, before);
  fixture_close (&f);

  /* Values the list does not offer are shown as written. */
  fixture_open_service (&f, "services:\n  web:\n    image: nginx\n    restart: on-failure:3\n", "web");
  restart = ADW_COMBO_ROW (service_child (&f, "restart_row"));
  shown = combo_selected_text (restart);
  g_assert_cmpstr (shown, ==, "on-failure:3");
  fixture_close (&f);
}

/* Command and entrypoint keep the form the file gives them */

static void
test_command_forms (void)
{
  Fixture f;
  g_autofree char *message = NULL;
  GtkWidget *command;
  GtkWidget *entrypoint;

  if (flt_test_gui_skip_if_needed ())
    return;

  /* A string stays a string. */
  fixture_open_service (&f, NULL, "web");
  command = service_child (&f, "command_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (command)), ==, "python app.py");
  type_and_enter (command, "python app.py --debug");
  assert_contains (&f, "\n    command: python app.py --debug\n");
  fixture_close (&f);

  /* A flow list stays a flow list, quoted as it was. */
  fixture_open_service (&f,
                        "services:\n"
                        "  web:\n"
                        "    image: python:3\n"
                        "    command: [\"python\", \"app.py\"]\n"
                        "    entrypoint:\n"
                        "      - /bin/sh\n"
                        "      - -c\n",
                        "web");
  command = service_child (&f, "command_row");
  entrypoint = service_child (&f, "entrypoint_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (command)), ==, "python app.py");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entrypoint)), ==, "/bin/sh -c");

  type_and_enter (command, "python 'my app.py' --port=5000");
  assert_contains (&f, "\n    command: [\"python\", \"my app.py\", \"--port=5000\"]\n");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (command)), ==, "python 'my app.py' --port=5000");

  /* A block list stays a block list. */
  type_and_enter (entrypoint, "/bin/bash -lc");
  assert_contains (&f, "\n    entrypoint:\n      - /bin/bash\n      - -lc\n");

  /* Words a shell cannot split are refused, under the field. */
  {
    g_autofree char *before = g_strdup (text_of (&f));

    type_and_enter (command, "python 'app.py");
    g_assert_cmpstr (text_of (&f), ==, before);
    message = flt_form_dup_message (form_of (&f), command);
    g_assert_nonnull (message);
    /* The Russian run translates the message; the English one reads it. */
    if (flt_test_gui_get_language () == NULL)
      g_assert_nonnull (strstr (message, "cannot be split into words"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (command)), ==, "python 'app.py");
  }

  /* Clearing the field removes the key. */
  type_and_enter (command, "");
  assert_lacks (&f, "command:");
  fixture_close (&f);
}

/* Build: the short form is kept until something besides the context is set */

static void
test_build (void)
{
  Fixture f;
  g_autofree char *web_dir = NULL;
  g_autoptr(GFile) web = NULL;
  GtkWidget *context;
  GtkWidget *dockerfile;
  FltMappingEditor *args;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f,
                        "services:\n"
                        "  web:\n"
                        "    build: .   # the app\n"
                        "    ports:\n"
                        "      - \"5000:5000\"\n",
                        "web");
  context = service_child (&f, "context_row");
  dockerfile = service_child (&f, "dockerfile_row");
  args = FLT_MAPPING_EDITOR (service_child (&f, "build_args_editor"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (context)), ==, ".");

  /* The context alone keeps the short form. */
  web_dir = g_build_filename (f.dir, "web", NULL);
  g_assert_no_errno (g_mkdir (web_dir, 0755));
  web = g_file_new_for_path (web_dir);
  _flt_service_editor_use_context_folder (FLT_SERVICE_EDITOR (f.editor), web);
  g_assert_cmpstr (text_of (&f), ==,
                   "services:\n"
                   "  web:\n"
                   "    build: ./web   # the app\n"
                   "    ports:\n"
                   "      - \"5000:5000\"\n");

  /* A Dockerfile needs the long form, which keeps the context (and the
   * comment, which the core leaves at the end of the value it replaced). */
  type_and_enter (dockerfile, "Dockerfile.dev");
  g_assert_cmpstr (text_of (&f), ==,
                   "services:\n"
                   "  web:\n"
                   "    build:\n"
                   "      context: ./web\n"
                   "      dockerfile: Dockerfile.dev   # the app\n"
                   "    ports:\n"
                   "      - \"5000:5000\"\n");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (context)), ==, "./web");

  /* Arguments: added, changed, removed. */
  type_and_enter (flt_mapping_editor_get_add_row (args), "VERSION=1.2");
  assert_contains (&f, "      dockerfile: Dockerfile.dev   # the app\n      args:\n        VERSION: \"1.2\"\n");
  g_assert_cmpuint (flt_mapping_editor_get_n_rows (args), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (flt_mapping_editor_get_add_row (args))), ==, "");
  type_and_enter (flt_mapping_editor_get_row (args, "VERSION"), "1.3");
  assert_contains (&f, "        VERSION: \"1.3\"\n");
  flt_mapping_editor_remove (args, "VERSION");
  assert_lacks (&f, "args");
  g_assert_cmpuint (flt_mapping_editor_get_n_rows (args), ==, 0);
  fixture_close (&f);

  /* An argument for a short-form build upgrades it too, in one step. */
  fixture_open_service (&f, "services:\n  web:\n    build: \"./app\"\n", "web");
  args = FLT_MAPPING_EDITOR (service_child (&f, "build_args_editor"));
  type_and_enter (flt_mapping_editor_get_add_row (args), "PIP_INDEX=https://pypi.org/simple");
  g_assert_cmpstr (text_of (&f), ==,
                   "services:\n"
                   "  web:\n"
                   "    build:\n"
                   "      context: \"./app\"\n"
                   "      args:\n"
                   "        PIP_INDEX: https://pypi.org/simple\n");
  g_assert_true (flt_document_undo (f.document));
  g_assert_cmpstr (text_of (&f), ==, "services:\n  web:\n    build: \"./app\"\n");
  fixture_close (&f);
}

/* depends_on: the list becomes a mapping only for a condition */

static const char *depends_text =
  "services:\n"
  "  db:\n"
  "    image: postgres:16\n"
  "  cache:\n"
  "    image: redis:7\n"
  "  worker:\n"
  "    image: busybox\n"
  "  web:\n"
  "    image: nginx\n"
  "    depends_on: [db]\n";

static void
test_depends_on (void)
{
  Fixture f;
  GtkWidget *db;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, depends_text, "web");
  db = _flt_service_editor_get_dependency_row (FLT_SERVICE_EDITOR (f.editor), "db");
  g_assert_nonnull (db);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (db)), ==, 0);

  /* Adding keeps the short list. */
  gtk_widget_activate_action (f.editor, "service-editor.add-dependency", "s", "cache");
  assert_contains (&f, "\n    depends_on: [db, cache]\n");

  /* Choosing "started" again writes nothing. */
  db = _flt_service_editor_get_dependency_row (FLT_SERVICE_EDITOR (f.editor), "db");
  adw_combo_row_set_selected (ADW_COMBO_ROW (db), 0);
  assert_contains (&f, "\n    depends_on: [db, cache]\n");

  /* "healthy" needs the long form: every dependency keeps its condition. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (db), 1);
  assert_ends_with (&f,
                                   "    depends_on:\n"
                                   "      db:\n"
                                   "        condition: service_healthy\n"
                                   "      cache:\n"
                                   "        condition: service_started\n");
  db = _flt_service_editor_get_dependency_row (FLT_SERVICE_EDITOR (f.editor), "db");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (db)), ==, 1);

  /* In the long form a condition is one line. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (_flt_service_editor_get_dependency_row (FLT_SERVICE_EDITOR (f.editor), "cache")), 2);
  assert_contains (&f, "      cache:\n        condition: service_completed_successfully\n");

  /* The add button offers what is left: worker. */
  {
    GtkMenuButton *add = GTK_MENU_BUTTON (service_child (&f, "depends_add_button"));
    GMenuModel *menu;
    g_autofree char *label = NULL;

    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (add)));
    gtk_menu_button_popup (add);
    menu = gtk_menu_button_get_menu_model (add);
    g_assert_nonnull (menu);
    g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
    g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    g_assert_cmpstr (label, ==, "worker");
    gtk_menu_button_popdown (add);
  }

  /* And new ones follow the long form. */
  gtk_widget_activate_action (f.editor, "service-editor.add-dependency", "s", "worker");
  g_assert_false (gtk_widget_get_sensitive (service_child (&f, "depends_add_button")));
  assert_ends_with (&f, "      worker:\n        condition: service_started\n");

  /* Removing the last one removes the key. */
  _flt_service_editor_remove_list_row (FLT_SERVICE_EDITOR (f.editor),
                                       _flt_service_editor_get_dependency_row (FLT_SERVICE_EDITOR (f.editor), "worker"));
  _flt_service_editor_remove_list_row (FLT_SERVICE_EDITOR (f.editor),
                                       _flt_service_editor_get_dependency_row (FLT_SERVICE_EDITOR (f.editor), "cache"));
  _flt_service_editor_remove_list_row (FLT_SERVICE_EDITOR (f.editor),
                                       _flt_service_editor_get_dependency_row (FLT_SERVICE_EDITOR (f.editor), "db"));
  assert_lacks (&f, "depends_on");
  g_assert_null (_flt_service_editor_get_dependency_row (FLT_SERVICE_EDITOR (f.editor), "db"));
  fixture_close (&f);
}

/* Networks: aliases turn the list into a mapping */

static void
test_networks (void)
{
  Fixture f;
  GtkWidget *aliases;
  GtkWidget *address;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f,
                        "services:\n"
                        "  web:\n"
                        "    image: nginx\n"
                        "    networks:\n"
                        "      - front\n"
                        "      - back\n"
                        "networks:\n"
                        "  front:\n"
                        "  back:\n"
                        "  admin:\n",
                        "web");
  g_assert_nonnull (_flt_service_editor_get_network_row (FLT_SERVICE_EDITOR (f.editor), "front", &aliases, &address));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (aliases)), ==, "");

  /* Joining another network keeps the list. */
  gtk_widget_activate_action (f.editor, "service-editor.add-network", "s", "admin");
  assert_contains (&f, "      - back\n      - admin\nnetworks:");

  type_and_enter (aliases, "www, site");
  g_assert_cmpstr (text_of (&f), ==,
                   "services:\n"
                   "  web:\n"
                   "    image: nginx\n"
                   "    networks:\n"
                   "      front:\n"
                   "        aliases:\n"
                   "          - www\n"
                   "          - site\n"
                   "      back: {}\n"
                   "      admin: {}\n"
                   "networks:\n"
                   "  front:\n"
                   "  back:\n"
                   "  admin:\n");
  /* The rows stayed: the one typed in still shows what was typed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (aliases)), ==, "www, site");

  /* In the mapping, an address is one more key; `{}` makes way for it. */
  g_assert_nonnull (_flt_service_editor_get_network_row (FLT_SERVICE_EDITOR (f.editor), "back", NULL, &address));
  type_and_enter (address, "172.20.0.5");
  assert_contains (&f, "      back:\n        ipv4_address: 172.20.0.5\n");

  /* Aliases edited in place. */
  type_and_enter (aliases, "www");
  assert_contains (&f, "      front:\n        aliases:\n          - www\n      back:");
  fixture_close (&f);
}

/* Healthcheck */

static void
test_healthcheck (void)
{
  Fixture f;
  g_autofree char *message = NULL;
  g_autofree char *before = NULL;
  AdwComboRow *kind;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, "services:\n  web:\n    image: nginx\n", "web");
  kind = ADW_COMBO_ROW (service_child (&f, "test_kind_row"));

  /* A kind is written once there is a command to run. */
  adw_combo_row_set_selected (kind, 1);
  assert_lacks (&f, "healthcheck");
  type_and_enter (service_child (&f, "test_row"), "curl -f http://localhost/");
  g_assert_nonnull (strstr (text_of (&f),
                            "    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/\"]\n"));
  g_assert_cmpuint (adw_combo_row_get_selected (kind), ==, 1);

  type_and_enter (service_child (&f, "interval_row"), "30s");
  type_and_enter (service_child (&f, "timeout_row"), "5s");
  type_and_enter (service_child (&f, "retries_row"), "3");
  type_and_enter (service_child (&f, "start_period_row"), "1m");
  assert_ends_with (&f,
                                   "      interval: 30s\n"
                                   "      timeout: 5s\n"
                                   "      retries: 3\n"
                                   "      start_period: 1m\n");

  /* Durations are checked as Compose reads them. */
  before = g_strdup (text_of (&f));
  type_and_enter (service_child (&f, "interval_row"), "30 seconds");
  g_assert_cmpstr (text_of (&f), ==, before);
  message = flt_form_dup_message (form_of (&f), service_child (&f, "interval_row"));
  g_assert_nonnull (message);
  type_and_enter (service_child (&f, "retries_row"), "three");
  g_assert_cmpstr (text_of (&f), ==, before);
  g_clear_pointer (&message, g_free);
  message = flt_form_dup_message (form_of (&f), service_child (&f, "retries_row"));
  if (flt_test_gui_get_language () == NULL)
    g_assert_nonnull (strstr (message, "whole number"));

  /* The shell form: a list with CMD-SHELL. */
  adw_combo_row_set_selected (kind, 2);
  assert_contains (&f, "      test: [\"CMD-SHELL\", \"curl -f http://localhost/\"]\n");

  gtk_switch_set_active (GTK_SWITCH (service_child (&f, "disable_switch")), TRUE);
  assert_ends_with (&f, "      disable: true\n");
  gtk_switch_set_active (GTK_SWITCH (service_child (&f, "disable_switch")), FALSE);
  assert_lacks (&f, "disable");
  fixture_close (&f);

  /* A string test is a shell command, and stays a string. */
  fixture_open_service (&f,
                        "services:\n"
                        "  web:\n"
                        "    image: nginx\n"
                        "    healthcheck:\n"
                        "      test: curl -f http://localhost || exit 1\n",
                        "web");
  kind = ADW_COMBO_ROW (service_child (&f, "test_kind_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (kind), ==, 2);
  type_and_enter (service_child (&f, "test_row"), "wget -q -O- http://localhost || exit 1");
  assert_contains (&f, "      test: wget -q -O- http://localhost || exit 1\n");
  adw_combo_row_set_selected (kind, 3);
  assert_contains (&f, "      test: [\"NONE\"]\n");
  adw_combo_row_set_selected (kind, 0);
  g_assert_cmpstr (text_of (&f), ==, "services:\n  web:\n    image: nginx\n");
  fixture_close (&f);
}

/* Resources: sizes with units */

static void
test_resources (void)
{
  Fixture f;
  g_autofree char *message = NULL;
  g_autofree char *before = NULL;
  GtkWidget *mem_limit;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, "services:\n  web:\n    image: nginx\n    mem_limit: 268435456\n", "web");
  mem_limit = service_child (&f, "mem_limit_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mem_limit)), ==, "268435456");

  type_and_enter (mem_limit, "512m");
  assert_contains (&f, "\n    mem_limit: 512m\n");
  type_and_enter (service_child (&f, "cpu_shares_row"), "512");
  assert_contains (&f, "\n    cpu_shares: 512\n");

  before = g_strdup (text_of (&f));
  type_and_enter (mem_limit, "lots");
  g_assert_cmpstr (text_of (&f), ==, before);
  message = flt_form_dup_message (form_of (&f), mem_limit);
  g_assert_nonnull (message);

  /* Nested keys are made as needed, and go with the last value. */
  type_and_enter (service_child (&f, "cpus_row"), "0.5");
  type_and_enter (service_child (&f, "memory_row"), "1g");
  assert_ends_with (&f,
                                   "    deploy:\n"
                                   "      resources:\n"
                                   "        limits:\n"
                                   "          cpus: 0.5\n"
                                   "          memory: 1g\n");
  type_and_enter (service_child (&f, "memory_row"), "");
  type_and_enter (service_child (&f, "cpus_row"), "");
  assert_lacks (&f, "deploy");
  fixture_close (&f);
}

/* Diagnostics appear under the field they concern */

static void
test_diagnostic (void)
{
  Fixture f;
  g_autofree char *message = NULL;
  GtkWidget *restart;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  restart = service_child (&f, "restart_row");
  g_assert_null (flt_form_dup_message (form_of (&f), restart));

  /* As if typed in the YAML view. */
  g_assert_true (flt_document_set_value (f.document, "services.web.restart", "sometimes", FLT_EDIT_NONE, NULL));
  wait_project (&f);
  flt_test_spin (10);

  message = flt_form_dup_message (form_of (&f), restart);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "sometimes"));
  g_assert_true (gtk_widget_has_css_class (restart, "error"));
  {
    g_autofree char *shown = combo_selected_text (ADW_COMBO_ROW (restart));

    g_assert_cmpstr (shown, ==, "sometimes");
  }

  /* Fixed in the form: the message goes. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (restart), combo_index_of (ADW_COMBO_ROW (restart), "unless-stopped"));
  wait_project (&f);
  flt_test_spin (10);
  g_assert_null (flt_form_dup_message (form_of (&f), restart));
  g_assert_false (gtk_widget_has_css_class (restart, "error"));
  fixture_close (&f);
}

/* A value shared through an anchor is refused, and the field says why */

static void
test_shared_anchor (void)
{
  Fixture f;
  g_autofree char *message = NULL;
  g_autofree char *before = NULL;
  GtkWidget *replicas;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f,
                        "x-deploy: &deploy\n"
                        "  replicas: 2\n"
                        "services:\n"
                        "  web:\n"
                        "    image: nginx\n"
                        "    deploy: *deploy\n"
                        "  api:\n"
                        "    image: busybox\n"
                        "    deploy: *deploy\n",
                        "web");
  replicas = service_child (&f, "replicas_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (replicas)), ==, "2");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (replicas)));

  before = g_strdup (text_of (&f));
  type_and_enter (replicas, "3");
  g_assert_cmpstr (text_of (&f), ==, before);
  g_assert_false (flt_document_can_undo (f.document));

  message = flt_form_dup_message (form_of (&f), replicas);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "&deploy"));
  g_assert_true (flt_form_get_locked (form_of (&f), replicas));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (replicas)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (replicas)), ==, "2");

  /* Other fields still work, and the refusal stays. */
  type_and_enter (service_child (&f, "image_row"), "nginx:1.27");
  assert_contains (&f, "    image: nginx:1.27\n");
  g_assert_true (flt_form_get_locked (form_of (&f), replicas));

  /* Once the anchor is gone (in the YAML view), the field is free again. */
  g_assert_true (flt_document_set_value (f.document, "services.web.deploy", "replicas: 2", FLT_EDIT_YAML, NULL));
  g_assert_false (flt_form_get_locked (form_of (&f), replicas));
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (replicas)));
  type_and_enter (replicas, "3");
  assert_contains (&f, "    deploy:\n      replicas: 3\n");
  fixture_close (&f);
}

/* Focus and typing survive a project rebuild */

static void
test_focus_kept (void)
{
  Fixture f;
  GtkWidget *image;
  GtkWidget *label;
  FltMappingEditor *labels;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, "services:\n  es:\n    image: elasticsearch\n  web:\n    image: nginx\n"
                        "    labels:\n      team: web\n", "web");
  flt_test_wait_for_paint (GTK_WIDGET (f.window));

  image = service_child (&f, "image_row");
  gtk_widget_grab_focus (image);
  gtk_editable_set_text (GTK_EDITABLE (image), "nginx:1.2");
  gtk_editable_set_position (GTK_EDITABLE (image), 3);

  /* Someone else edits the file; a new project comes. */
  g_assert_true (flt_document_set_value (f.document, "services.es.image", "opensearch", FLT_EDIT_NONE, NULL));
  wait_project (&f);

  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f.window)), image));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (image)), ==, "nginx:1.2");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (image)), ==, 3);

  /* What was typed is written after the pause, in one step. */
  flt_test_spin (700);
  assert_contains (&f, "  web:\n    image: nginx:1.2\n");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f.window)), image));

  /* A list's row being typed in stays the same widget. */
  labels = FLT_MAPPING_EDITOR (service_child (&f, "labels_editor"));
  label = flt_mapping_editor_get_row (labels, "team");
  gtk_widget_grab_focus (label);
  gtk_editable_set_text (GTK_EDITABLE (label), "web-fro");
  gtk_editable_set_position (GTK_EDITABLE (label), 5);
  flt_workspace_refresh (f.workspace);
  wait_project (&f);
  g_assert_true (flt_mapping_editor_get_row (labels, "team") == label);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f.window)), label));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (label)), ==, "web-fro");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (label)), ==, 5);
  fixture_close (&f);
}

/* A service that is not in the file shows an empty state */

static void
test_missing_service (void)
{
  Fixture f;
  GtkStack *stack;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  stack = GTK_STACK (service_child (&f, "stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "form");

  g_assert_true (flt_document_remove_service (f.document, "web", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  wait_project (&f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  /* Undo brings it back. */
  g_assert_true (flt_document_undo (f.document));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "form");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (service_child (&f, "image_row"))), ==,
                   "prakhar1989/foodtrucks-web");

  flt_service_editor_set_service (FLT_SERVICE_EDITOR (f.editor), f.workspace, "nope");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  flt_service_editor_set_service (FLT_SERVICE_EDITOR (f.editor), NULL, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  fixture_close (&f);
}

/* Links and env files */

static void
test_links_and_env_files (void)
{
  Fixture f;
  g_autofree char *env_path = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GFile) env = NULL;
  GtkWidget *alias;
  GtkWidget *row;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");

  gtk_widget_activate_action (f.editor, "service-editor.add-link", "s", "es");
  assert_ends_with (&f, "      - .:/code\n    links:\n      - es\n");
  g_assert_nonnull (_flt_service_editor_get_link_row (FLT_SERVICE_EDITOR (f.editor), 0, &alias));
  type_and_enter (alias, "search");
  assert_ends_with (&f, "    links:\n      - es:search\n");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (alias)), ==, "search");

  /* A file that is not there yet: the core says so under its row. */
  env_path = g_build_filename (f.dir, "web.env", NULL);
  env = g_file_new_for_path (env_path);
  _flt_service_editor_add_env_file (FLT_SERVICE_EDITOR (f.editor), env);
  assert_ends_with (&f, "    env_file:\n      - ./web.env\n");
  wait_project (&f);
  flt_test_spin (10);
  row = _flt_service_editor_get_env_file_row (FLT_SERVICE_EDITOR (f.editor), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "./web.env");
  message = flt_form_dup_message (form_of (&f), row);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "./web.env"));

  /* Made, the message goes. */
  g_assert_true (g_file_set_contents (env_path, "DEBUG=1\n", -1, NULL));
  flt_workspace_refresh (f.workspace);
  wait_project (&f);
  flt_test_spin (10);
  g_clear_pointer (&message, g_free);
  message = flt_form_dup_message (form_of (&f), _flt_service_editor_get_env_file_row (FLT_SERVICE_EDITOR (f.editor), 0));
  g_assert_null (message);

  _flt_service_editor_remove_list_row (FLT_SERVICE_EDITOR (f.editor),
                                       _flt_service_editor_get_env_file_row (FLT_SERVICE_EDITOR (f.editor), 0));
  assert_lacks (&f, "env_file");
  fixture_close (&f);
}

/* Image suggestions */

static void
test_image_suggestions (void)
{
  Fixture f;
  const char *images[] = { "nginx:1.27", "nginx:alpine", "postgres:16", "prakhar1989/foodtrucks-web", NULL };
  g_autoptr(GtkStringList) names = gtk_string_list_new (images);
  FltSuggestionPopover *suggestions;
  GtkWidget *image;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  flt_service_editor_set_image_names (FLT_SERVICE_EDITOR (f.editor), G_LIST_MODEL (names));
  suggestions = _flt_service_editor_get_image_suggestions (FLT_SERVICE_EDITOR (f.editor));
  flt_test_wait_for_paint (GTK_WIDGET (f.window));

  image = service_child (&f, "image_row");
  gtk_widget_grab_focus (image);
  gtk_editable_set_text (GTK_EDITABLE (image), "NGI");
  g_assert_cmpuint (g_list_model_get_n_items (flt_suggestion_popover_get_matches (suggestions)), ==, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (suggestions)));
  /* The entry keeps the keyboard. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f.window)), image));
  flt_test_wait_for_paint (GTK_WIDGET (suggestions));
  flt_test_save_screenshot (GTK_WIDGET (suggestions), "image-suggestions");

  flt_suggestion_popover_choose (suggestions, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (suggestions)));
  assert_contains (&f, "\n    image: nginx:alpine\n");
  fixture_close (&f);
}

/* Network and volume editors */

static const char *objects_text =
  "services:\n"
  "  es:\n"
  "    image: elasticsearch:8.13.0\n"
  "    volumes:\n"
  "      - esdata:/usr/share/elasticsearch/data\n"
  "    networks:\n"
  "      - foodtrucks-net\n"
  "networks:\n"
  "  foodtrucks-net:\n"
  "    driver: bridge   # one engine\n"
  "volumes:\n"
  "  esdata:\n"
  "    driver: local\n";

static void
test_network_editor (void)
{
  Fixture f;
  FltNetworkEditor *editor;
  FltMappingEditor *labels;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, objects_text);
  editor = flt_network_editor_new ();
  fixture_show (&f, GTK_WIDGET (editor));
  flt_network_editor_set_network (editor, f.workspace, "foodtrucks-net");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (&f, FLT_TYPE_NETWORK_EDITOR, "driver_row"))), ==, "bridge");
  type_and_enter (child (&f, FLT_TYPE_NETWORK_EDITOR, "driver_row"), "overlay");
  assert_contains (&f, "    driver: overlay   # one engine\n");

  gtk_switch_set_active (GTK_SWITCH (child (&f, FLT_TYPE_NETWORK_EDITOR, "attachable_switch")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (child (&f, FLT_TYPE_NETWORK_EDITOR, "internal_switch")), TRUE);
  type_and_enter (child (&f, FLT_TYPE_NETWORK_EDITOR, "subnet_row"), "172.28.0.0/16");
  type_and_enter (child (&f, FLT_TYPE_NETWORK_EDITOR, "gateway_row"), "172.28.0.1");
  labels = FLT_MAPPING_EDITOR (child (&f, FLT_TYPE_NETWORK_EDITOR, "labels_editor"));
  type_and_enter (flt_mapping_editor_get_add_row (labels), "com.example.team=search");
  type_and_enter (child (&f, FLT_TYPE_NETWORK_EDITOR, "name_row"), "foodtrucks");
  assert_ends_with (&f,
                                   "networks:\n"
                                   "  foodtrucks-net:\n"
                                   "    driver: overlay   # one engine\n"
                                   "    attachable: true\n"
                                   "    internal: true\n"
                                   "    ipam:\n"
                                   "      config:\n"
                                   "        - subnet: 172.28.0.0/16\n"
                                   "          gateway: 172.28.0.1\n"
                                   "    labels:\n"
                                   "      com.example.team: search\n"
                                   "    name: foodtrucks\n"
                                   "volumes:\n"
                                   "  esdata:\n"
                                   "    driver: local\n");

  /* Clearing both addresses takes ipam away. */
  type_and_enter (child (&f, FLT_TYPE_NETWORK_EDITOR, "gateway_row"), "");
  type_and_enter (child (&f, FLT_TYPE_NETWORK_EDITOR, "subnet_row"), "");
  assert_lacks (&f, "ipam");

  /* The default network is not in the file until it is added. */
  flt_network_editor_set_network (editor, f.workspace, "default");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (&f, FLT_TYPE_NETWORK_EDITOR, "stack"))), ==, "empty");
  g_signal_emit_by_name (child (&f, FLT_TYPE_NETWORK_EDITOR, "declare_button"), "clicked");
  assert_contains (&f, "  default: {}\n");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (&f, FLT_TYPE_NETWORK_EDITOR, "stack"))), ==, "form");
  fixture_close (&f);
}

static void
test_volume_editor (void)
{
  Fixture f;
  FltVolumeEditor *editor;
  FltMappingEditor *options;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, objects_text);
  editor = flt_volume_editor_new ();
  fixture_show (&f, GTK_WIDGET (editor));
  flt_volume_editor_set_volume (editor, f.workspace, "esdata");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (&f, FLT_TYPE_VOLUME_EDITOR, "driver_row"))), ==, "local");
  options = FLT_MAPPING_EDITOR (child (&f, FLT_TYPE_VOLUME_EDITOR, "driver_opts_editor"));
  type_and_enter (flt_mapping_editor_get_add_row (options), "type=tmpfs");
  type_and_enter (flt_mapping_editor_get_add_row (options), "device=tmpfs");
  type_and_enter (child (&f, FLT_TYPE_VOLUME_EDITOR, "name_row"), "foodtrucks-esdata");
  assert_ends_with (&f,
                                   "volumes:\n"
                                   "  esdata:\n"
                                   "    driver: local\n"
                                   "    driver_opts:\n"
                                   "      type: tmpfs\n"
                                   "      device: tmpfs\n"
                                   "    name: foodtrucks-esdata\n");

  gtk_switch_set_active (GTK_SWITCH (child (&f, FLT_TYPE_VOLUME_EDITOR, "external_switch")), TRUE);
  assert_ends_with (&f, "    external: true\n");
  type_and_enter (child (&f, FLT_TYPE_VOLUME_EDITOR, "driver_row"), "");
  assert_lacks (&f, "driver: local");

  flt_volume_editor_set_volume (editor, f.workspace, "gone");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (&f, FLT_TYPE_VOLUME_EDITOR, "stack"))), ==, "empty");
  fixture_close (&f);
}

/* Entries write on Enter, when focus leaves, or after a pause: one undo
 * step for an edit, not one a keystroke */

static void
test_apply_triggers (void)
{
  Fixture f;
  const char *typed = "foodtrucks-web";
  GtkWidget *name;
  GtkWidget *image;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  flt_test_wait_for_paint (GTK_WIDGET (f.window));
  name = service_child (&f, "container_name_row");
  image = service_child (&f, "image_row");

  gtk_widget_grab_focus (name);
  for (gsize i = 1; i <= strlen (typed); i++)
    {
      g_autofree char *prefix = g_strndup (typed, i);

      gtk_editable_set_text (GTK_EDITABLE (name), prefix);
    }
  assert_lacks (&f, "container_name");

  /* Leaving the field writes it. */
  gtk_widget_grab_focus (image);
  assert_contains (&f, "\n    container_name: foodtrucks-web\n");
  g_assert_true (flt_document_undo (f.document));
  assert_lacks (&f, "container_name");
  g_assert_false (flt_document_can_undo (f.document));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "");

  /* So does a pause. */
  gtk_widget_grab_focus (name);
  gtk_editable_set_text (GTK_EDITABLE (name), "ft-web");
  FLT_TEST_WAIT_UNTIL (strstr (text_of (&f), "container_name: ft-web") != NULL);
  g_assert_true (flt_document_undo (f.document));
  g_assert_false (flt_document_can_undo (f.document));
  fixture_close (&f);
}

/* A file that does not parse: nothing to edit, and the problem is said */

static void
test_syntax_error (void)
{
  Fixture f;
  GtkWidget *problems;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  problems = service_child (&f, "problems_group");
  g_assert_false (gtk_widget_get_visible (problems));

  flt_document_set_text (f.document, "services:\n  web:\n    image: [nginx\n", -1);
  g_assert_false (gtk_widget_get_sensitive (service_child (&f, "general_group")));
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (service_child (&f, "problems_list")), 0));

  g_assert_true (flt_document_undo (f.document));
  g_assert_true (gtk_widget_get_sensitive (service_child (&f, "general_group")));
  g_assert_false (gtk_widget_get_visible (problems));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (service_child (&f, "image_row"))), ==,
                   "prakhar1989/foodtrucks-web");
  fixture_close (&f);
}

/* The ports, volumes and environment editors follow the service */

static void
test_list_editors (void)
{
  Fixture f;
  FltListEditor *ports;
  FltListEditor *mounts;
  FltListEditor *environment;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  ports = FLT_LIST_EDITOR (service_child (&f, "ports_editor"));
  mounts = FLT_LIST_EDITOR (service_child (&f, "mounts_editor"));
  environment = FLT_LIST_EDITOR (service_child (&f, "environment_editor"));

  g_assert_cmpstr (flt_list_editor_get_service_name (ports), ==, "web");
  g_assert_cmpstr (flt_list_editor_get_service_name (mounts), ==, "web");
  g_assert_cmpstr (flt_list_editor_get_service_name (environment), ==, "web");
  g_assert_cmpuint (flt_list_editor_get_n_rows (ports), ==, 1);
  g_assert_cmpuint (flt_list_editor_get_n_rows (mounts), ==, 1);

  flt_service_editor_set_service (FLT_SERVICE_EDITOR (f.editor), f.workspace, "es");
  g_assert_cmpstr (flt_list_editor_get_service_name (ports), ==, "es");
  g_assert_cmpuint (flt_list_editor_get_n_rows (ports), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (service_child (&f, "image_row"))), ==, "elasticsearch");
  fixture_close (&f);
}

/* Screenshots */

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget))
    return GTK_SCROLLED_WINDOW (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkScrolledWindow *found = find_scrolled_window (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The page from top to bottom, a window's height at a time (the test
 * display is no taller than that), in light and dark. */
static void
screenshot_page (Fixture    *f,
                 const char *name)
{
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;

  gtk_window_set_focus (f->window, NULL);
  /* Two frames: a form that has just shown lays out its lower sections
   * in the frame after its first (flt_service_editor_reveal_cb). */
  flt_test_wait_for_paint (GTK_WIDGET (f->window));
  flt_test_wait_for_paint (GTK_WIDGET (f->window));
  scrolled = find_scrolled_window (GTK_WIDGET (f->window));
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  for (int dark = 0; dark <= 1; dark++)
    {
      double step = gtk_adjustment_get_page_size (adjustment) - 48;
      double value = 0;

      set_dark (dark);
      for (guint part = 1; ; part++)
        {
          g_autofree char *full = g_strdup_printf ("%s-%u-%s", name, part, dark ? "dark" : "light");
          double last = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

          gtk_adjustment_set_value (adjustment, MIN (value, last));
          flt_test_wait_for_paint (GTK_WIDGET (f->window));
          flt_test_save_screenshot (GTK_WIDGET (f->window), full);
          if (value >= last)
            break;
          value += step;
        }
      gtk_adjustment_set_value (adjustment, 0);
    }
  set_dark (FALSE);
}

/* The sections below the first two wait one frame when the form first
 * shows; their rows take their messages meanwhile, and after that frame
 * every section is on the page. */
static void
count_visible_groups (GtkWidget *widget,
                      GtkWidget *except,
                      guint     *visible,
                      guint     *hidden)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (ADW_IS_PREFERENCES_GROUP (c) && c != except)
        {
          if (gtk_widget_get_visible (c))
            (*visible)++;
          else
            (*hidden)++;
          continue;
        }
      count_visible_groups (c, except, visible, hidden);
    }
}

static void
test_lower_sections (void)
{
  Fixture f;
  GtkWidget *problems;
  g_autofree char *message = NULL;
  guint visible = 0, hidden = 0;

  if (flt_test_gui_skip_if_needed ())
    return;

  /* A mistake far down the form: a health check retry count that is no
   * number. */
  fixture_open_service (&f,
                        "services:\n"
                        "  web:\n"
                        "    image: nginx\n"
                        "    healthcheck:\n"
                        "      test: [\"CMD\", \"true\"]\n"
                        "      retries: many\n",
                        "web");
  wait_project (&f);
  problems = service_child (&f, "problems_group");
  message = flt_form_dup_message (form_of (&f), service_child (&f, "retries_row"));
  g_assert_nonnull (message);
  g_assert_false (gtk_widget_get_visible (problems));

  flt_test_wait_for_paint (GTK_WIDGET (f.window));
  flt_test_wait_for_paint (GTK_WIDGET (f.window));
  count_visible_groups (f.editor, problems, &visible, &hidden);
  g_assert_cmpuint (hidden, ==, 0);
  g_assert_cmpuint (visible, >=, 13);
  g_assert_false (gtk_widget_get_visible (problems));
  fixture_close (&f);
}

static void
test_screenshot_service (void)
{
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f, NULL, "web");
  screenshot_page (&f, "service-editor-web");
  fixture_close (&f);
}

/* The same service after some editing in the form: lists filled in, a
 * field's diagnostic, an entry the form refused. */
static void
test_screenshot_service_edited (void)
{
  Fixture f;
  g_autofree char *env_path = NULL;
  g_autoptr(GFile) env = NULL;
  GtkWidget *row;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_service (&f,
                        "# SF Food Trucks\n"
                        "x-deploy: &deploy\n"
                        "  replicas: 1\n"
                        "services:\n"
                        "  es:\n"
                        "    image: elasticsearch:8.13.0\n"
                        "    deploy: *deploy\n"
                        "  web:\n"
                        "    deploy: *deploy\n"
                        "    image: prakhar1989/foodtrucks-web\n"
                        "    command: python3 app.py\n"
                        "    restart: sometimes\n"
                        "    depends_on:\n"
                        "      es:\n"
                        "        condition: service_healthy\n"
                        "    links:\n"
                        "      - es:search\n"
                        "    networks:\n"
                        "      foodtrucks-net:\n"
                        "        aliases: [web, frontend]\n"
                        "    ports:\n"
                        "      - \"5000:5000\"\n"
                        "    volumes:\n"
                        "      - ./flask-app:/opt/flask-app\n"
                        "    healthcheck:\n"
                        "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:5000/\"]\n"
                        "      interval: 30s\n"
                        "      retries: 3\n"
                        "    cpu_shares: 512\n"
                        "    mem_limit: 256m\n"
                        "    labels:\n"
                        "      com.example.tutorial: docker-curriculum\n"
                        "networks:\n"
                        "  foodtrucks-net:\n"
                        "    driver: bridge\n",
                        "web");
  env_path = g_build_filename (f.dir, "web.env", NULL);
  env = g_file_new_for_path (env_path);
  _flt_service_editor_add_env_file (FLT_SERVICE_EDITOR (f.editor), env);
  type_and_enter (service_child (&f, "timeout_row"), "5 seconds");
  type_and_enter (service_child (&f, "replicas_row"), "2");
  wait_project (&f);
  flt_test_spin (10);

  row = _flt_service_editor_get_network_row (FLT_SERVICE_EDITOR (f.editor), "foodtrucks-net", NULL, NULL);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  screenshot_page (&f, "service-editor-web-edited");
  fixture_close (&f);
}

static void
test_screenshot_network_and_volume (void)
{
  Fixture f;
  FltNetworkEditor *network;
  FltVolumeEditor *volume;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f,
                "services:\n"
                "  es:\n"
                "    image: elasticsearch:8.13.0\n"
                "    volumes:\n"
                "      - esdata:/usr/share/elasticsearch/data\n"
                "    networks:\n"
                "      - foodtrucks-net\n"
                "networks:\n"
                "  foodtrucks-net:\n"
                "    driver: bridge\n"
                "    attachable: true\n"
                "    ipam:\n"
                "      config:\n"
                "        - subnet: 172.28.0.0/16\n"
                "    labels:\n"
                "      com.example.tutorial: docker-curriculum\n"
                "volumes:\n"
                "  esdata:\n"
                "    driver: local\n"
                "    driver_opts:\n"
                "      type: none\n"
                "      o: bind\n"
                "      device: /srv/esdata\n");
  network = flt_network_editor_new ();
  fixture_show (&f, GTK_WIDGET (network));
  flt_network_editor_set_network (network, f.workspace, "foodtrucks-net");
  screenshot_page (&f, "network-editor");

  volume = flt_volume_editor_new ();
  fixture_show (&f, GTK_WIDGET (volume));
  flt_volume_editor_set_volume (volume, f.workspace, "esdata");
  screenshot_page (&f, "volume-editor");
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  flt_test_gui_init (&argc, &argv);

  g_test_add_func ("/flotilla/service-editor/image", test_image);
  g_test_add_func ("/flotilla/service-editor/restart", test_restart);
  g_test_add_func ("/flotilla/service-editor/command-forms", test_command_forms);
  g_test_add_func ("/flotilla/service-editor/build", test_build);
  g_test_add_func ("/flotilla/service-editor/depends-on", test_depends_on);
  g_test_add_func ("/flotilla/service-editor/networks", test_networks);
  g_test_add_func ("/flotilla/service-editor/healthcheck", test_healthcheck);
  g_test_add_func ("/flotilla/service-editor/resources", test_resources);
  g_test_add_func ("/flotilla/service-editor/diagnostic", test_diagnostic);
  g_test_add_func ("/flotilla/service-editor/shared-anchor", test_shared_anchor);
  g_test_add_func ("/flotilla/service-editor/focus-kept", test_focus_kept);
  g_test_add_func ("/flotilla/service-editor/missing-service", test_missing_service);
  g_test_add_func ("/flotilla/service-editor/links-and-env-files", test_links_and_env_files);
  g_test_add_func ("/flotilla/service-editor/image-suggestions", test_image_suggestions);
  g_test_add_func ("/flotilla/service-editor/apply-triggers", test_apply_triggers);
  g_test_add_func ("/flotilla/service-editor/syntax-error", test_syntax_error);
  g_test_add_func ("/flotilla/service-editor/list-editors", test_list_editors);
  g_test_add_func ("/flotilla/network-editor/fields", test_network_editor);
  g_test_add_func ("/flotilla/volume-editor/fields", test_volume_editor);
  g_test_add_func ("/flotilla/service-editor/lower-sections", test_lower_sections);
  g_test_add_func ("/flotilla/service-editor/screenshot/service", test_screenshot_service);
  g_test_add_func ("/flotilla/service-editor/screenshot/service-edited", test_screenshot_service_edited);
  g_test_add_func ("/flotilla/service-editor/screenshot/network-and-volume", test_screenshot_network_and_volume);

  return g_test_run ();
}
