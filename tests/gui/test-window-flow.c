/* test-window-flow.c: what a person does in the window, end to end
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Open the Food Trucks example, change web's published port in the form
 * and check that one line of the file changed; type in the YAML view and
 * check the form follows; undo.  Then, against the test engine, a project
 * shaped like Food Trucks (an `es` answering on 9200 and a `web` that
 * reaches it by name) built from the local busybox image: press Up, wait
 * for both services running in the sidebar, read both services' lines in
 * the logs, see both cards go green in the graph, change a service so that Up must recreate it and answer the
 * plan it shows, then Down.  Each main view is saved as a screenshot.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-container-info.h"
#include "flt-graph-view.h"
#include "flt-list-editor.h"
#include "flt-log-buffer.h"
#include "flt-logs-page.h"
#include "flt-port-row.h"
#include "flt-ports-editor.h"
#include "flt-service-editor-private.h"
#include "flt-service-editor.h"
#include "flt-suggestion-popover.h"
#include "flt-test-gui.h"
#include "flt-window-private.h"
#include "flt-yaml-view-private.h"
#include "flt-yaml-view.h"

#define TEST_IMAGE "flotilla-test/busybox"
#define TEST_PREFIX "flt-window-flow-"

static char *
copy_example (char **dir)
{
  g_autofree char *source = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples",
                                              "foodtrucks", "docker-compose.yml", NULL);
  g_autofree char *text = NULL;
  char *path;
  gsize length;

  g_assert_true (g_file_get_contents (source, &text, &length, NULL));
  *dir = g_dir_make_tmp ("flt-window-flow-XXXXXX", NULL);
  path = g_build_filename (*dir, "docker-compose.yml", NULL);
  g_assert_true (g_file_set_contents (path, text, length, NULL));
  return path;
}

static FltWindow *
open_window (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  FltWindow *window = flt_window_new (NULL, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  flt_window_open (window, file);
  FLT_TEST_WAIT_UNTIL (!flt_window_get_loading (window) && flt_window_get_project (window) != NULL);
  return window;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The entry row titled @title, as a person finds a field by its label. */
static GtkEditable *
find_field (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return GTK_EDITABLE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = find_field (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
type_and_enter (GtkEditable *editable,
                const char  *text)
{
  gtk_widget_grab_focus (GTK_WIDGET (editable));
  gtk_editable_set_text (editable, text);
  g_signal_emit_by_name (gtk_editable_get_delegate (editable), "activate");
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
    if (!g_str_equal (a[i], b[i]))
      changed++;
  return changed;
}

static const char *
document_text (FltWindow *window)
{
  return flt_document_get_text (flt_workspace_get_document (flt_window_get_workspace (window)), NULL);
}

static void
wait_for_project (FltWindow *window)
{
  FltWorkspace *workspace = flt_window_get_workspace (window);

  g_assert_true (flt_workspace_wait (workspace, FLT_TEST_TIMEOUT_SECONDS * 1000));
}

/* The form, the YAML view and undo on the Food Trucks example itself. */
static void
test_edit_views (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *original = NULL;
  g_autofree char *shown = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  FltWindow *window;
  GtkWidget *editor;
  GtkWidget *ports;
  FltListRow *row;
  GtkEditable *image;
  const char *at;

  if (flt_test_gui_skip_if_needed ())
    return;

  path = copy_example (&dir);
  window = open_window (path);
  original = g_strdup (document_text (window));

  /* The form: web's published port, typed and entered as a person does. */
  flt_sidebar_select (_flt_window_get_sidebar (window), FLT_SIDEBAR_SERVICE, "web");
  editor = _flt_window_get_view (window, "service");
  g_assert_cmpstr (flt_service_editor_get_service_name (FLT_SERVICE_EDITOR (editor)), ==, "web");
  ports = find_descendant (editor, FLT_TYPE_PORTS_EDITOR);
  g_assert_nonnull (ports);
  row = flt_list_editor_get_row (FLT_LIST_EDITOR (ports), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_PUBLISHED)),
                   ==, "5000");
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "flow-editor");

  type_and_enter (flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_PUBLISHED), "8080");
  FLT_TEST_WAIT_UNTIL (strstr (document_text (window), "8080:5000") != NULL);
  g_assert_cmpuint (count_changed_lines (original, document_text (window)), ==, 1);
  wait_for_project (window);

  /* The YAML view: web's image typed in the text reaches the form after
   * the pause. */
  _flt_window_select_view (window, "yaml");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (_flt_yaml_view_get_source_view (FLT_YAML_VIEW (_flt_window_get_view (window, "yaml")))));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (shown, ==, document_text (window));
  at = strstr (document_text (window), "prakhar1989/foodtrucks-web");
  g_assert_nonnull (at);
  gtk_text_buffer_get_iter_at_offset (buffer, &start,
                                      g_utf8_pointer_to_offset (document_text (window), at)
                                      + strlen ("prakhar1989/foodtrucks-web"));
  gtk_text_buffer_insert (buffer, &start, ":v2", -1);
  g_assert_null (strstr (document_text (window), "foodtrucks-web:v2"));
  FLT_TEST_WAIT_UNTIL (strstr (document_text (window), "foodtrucks-web:v2") != NULL);
  wait_for_project (window);
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "flow-yaml");

  _flt_window_select_view (window, "editor");
  image = find_field (editor, _("Image"));
  g_assert_nonnull (image);
  FLT_TEST_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (image), "prakhar1989/foodtrucks-web:v2") == 0);

  /* Undo, across both views: first the typing, then the form's edit. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_null (strstr (document_text (window), "foodtrucks-web:v2"));
  wait_for_project (window);
  FLT_TEST_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (image), "prakhar1989/foodtrucks-web") == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpstr (document_text (window), ==, original);
  g_assert_false (flt_document_get_modified (flt_workspace_get_document (flt_window_get_workspace (window))));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ */

static FltEngine *
test_engine (void)
{
  g_autoptr(FltEndpoint) endpoint = flt_endpoint_resolve (NULL, NULL, NULL, NULL);
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) image = NULL;

  if (endpoint == NULL)
    {
      g_test_skip ("no Docker Engine endpoint");
      return NULL;
    }
  engine = flt_engine_new (endpoint);
  if (!flt_engine_connect (engine, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf ("no Docker Engine: %s", error->message);

      g_test_skip (message);
      return NULL;
    }
  image = flt_engine_call (engine, "GET", "/images/" TEST_IMAGE "/json", NULL, NULL, NULL, NULL);
  if (image == NULL)
    {
      g_test_skip ("the image " TEST_IMAGE " is missing: build it with tests/tools/build-test-image.py");
      return NULL;
    }
  return g_steal_pointer (&engine);
}

/* Food Trucks in busybox: es answers on 9200 once healthy; web waits for
 * it, reaches it by its name on the project network, and says so. */
static char *
flow_project (const char  *name,
              char       **dir)
{
  g_autofree char *text = g_strdup_printf (
    "name: %s\n"
    "services:\n"
    "  es:\n"
    "    image: " TEST_IMAGE "\n"
    "    init: true\n"
    "    command: [\"sh\", \"-c\", \"mkdir -p /www && echo green > /www/health && echo es is ready && httpd -f -p 9200 -h /www\"]\n"
    "    healthcheck:\n"
    "      test: [\"CMD\", \"wget\", \"-q\", \"-O-\", \"http://127.0.0.1:9200/health\"]\n"
    "      interval: 1s\n"
    "      retries: 30\n"
    "  web:\n"
    "    image: " TEST_IMAGE "\n"
    "    init: true\n"
    "    command: [\"sh\", \"-c\", \"while true; do wget -q -O- http://es:9200/health && echo web reached es; sleep 0.5; done\"]\n"
    "    environment:\n"
    "      - ES_HOST=es\n"
    "    ports:\n"
    "      - \"5000\"\n"
    "    depends_on:\n"
    "      es:\n"
    "        condition: service_healthy\n", name);
  char *path;

  *dir = g_dir_make_tmp ("flt-window-flow-XXXXXX", NULL);
  path = g_build_filename (*dir, "docker-compose.yml", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static gboolean
service_running (FltWindow  *window,
                 const char *service)
{
  FltServiceRow *row = flt_sidebar_get_service_row (_flt_window_get_sidebar (window), service);
  FltServiceStatusKind kind = row ? flt_service_row_get_status_kind (row) : FLT_SERVICE_NOT_CREATED;

  return kind == FLT_SERVICE_RUNNING || kind == FLT_SERVICE_HEALTHY;
}

static gboolean
service_gone (FltWindow  *window,
              const char *service)
{
  FltServiceRow *row = flt_sidebar_get_service_row (_flt_window_get_sidebar (window), service);

  return row != NULL && flt_service_row_get_status_text (row) != NULL &&
         flt_service_row_get_status_kind (row) == FLT_SERVICE_NOT_CREATED;
}

static gboolean
graph_node_up (FltGraph   *graph,
               const char *id)
{
  const FltGraphNode *node = flt_graph_lookup_node (graph, id);

  return node != NULL && (node->state == FLT_GRAPH_STATE_RUNNING || node->state == FLT_GRAPH_STATE_HEALTHY);
}

static void
take_down (FltEngine  *engine,
           const char *path)
{
  g_autoptr(FltDocument) document = flt_document_new_for_path (path, NULL);
  g_autoptr(FltProject) project = NULL;
  g_autoptr(FltRunner) runner = NULL;
  FltDownOptions down = { .volumes = TRUE, .remove_orphans = TRUE, .timeout = 1 };

  if (document == NULL)
    return;
  project = flt_project_new (&document, 1, NULL);
  runner = flt_runner_new (engine, project);
  flt_runner_down (runner, &down, NULL, NULL);
}

static void
test_up_logs_down (void)
{
  g_autoptr(FltEngine) engine = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *container = NULL;
  FltProgressPanel *panel;
  FltLogBuffer *logs;
  FltGraph *graph;
  FltWindow *window;
  GtkWidget *dialog;
  GtkEditable *command;
  GtkEditable *image;
  FltSuggestionPopover *suggestions;
  GListModel *matches;

  if (flt_test_gui_skip_if_needed ())
    return;
  if ((engine = test_engine ()) == NULL)
    return;

  name = g_strdup_printf (TEST_PREFIX "%d", (int) getpid ());
  path = flow_project (name, &dir);
  window = open_window (path);
  panel = _flt_window_get_progress_panel (window);

  /* The window connects by itself; Up is offered once it has. */
  FLT_TEST_WAIT_UNTIL (_flt_window_get_state (window) != NULL &&
                       flt_project_state_is_connected (_flt_window_get_state (window)));
  FLT_TEST_WAIT_UNTIL (service_gone (window, "es") && service_gone (window, "web"));

  /* The image field offers the engine's local images as you type. */
  flt_sidebar_select (_flt_window_get_sidebar (window), FLT_SIDEBAR_SERVICE, "web");
  image = find_field (_flt_window_get_view (window, "service"), _("Image"));
  g_assert_nonnull (image);
  suggestions = _flt_service_editor_get_image_suggestions (FLT_SERVICE_EDITOR (_flt_window_get_view (window, "service")));
  FLT_TEST_WAIT_UNTIL (window->image_names != NULL);
  gtk_widget_grab_focus (GTK_WIDGET (image));
  gtk_editable_set_text (image, "busybo");
  matches = flt_suggestion_popover_get_matches (suggestions);
  g_assert_cmpuint (g_list_model_get_n_items (matches), >=, 1);
  {
    g_autoptr(GtkStringObject) first = g_list_model_get_item (matches, 0);

    g_assert_cmpstr (gtk_string_object_get_string (first), ==, TEST_IMAGE ":latest");
  }
  type_and_enter (image, TEST_IMAGE);
  FLT_TEST_WAIT_UNTIL (strstr (document_text (window), "image: " TEST_IMAGE "\n    init") != NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.up", NULL));
  g_assert_true (_flt_window_get_busy (window));
  FLT_TEST_WAIT_UNTIL (!_flt_window_get_busy (window));
  g_assert_null (flt_progress_panel_get_message (panel));
  container = g_strdup_printf ("%s-es-1", name);
  g_assert_nonnull (flt_progress_panel_find_row (panel, "Container", container));
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "flow-up");

  FLT_TEST_WAIT_UNTIL (service_running (window, "es") && service_running (window, "web"));
  g_assert_cmpint (flt_service_row_get_status_kind (flt_sidebar_get_service_row (_flt_window_get_sidebar (window), "es")),
                   ==, FLT_SERVICE_HEALTHY);

  /* Both services' lines reach the logs: web's only once it reached es
   * by name over the project network. */
  logs = flt_logs_page_get_buffer (FLT_LOGS_PAGE (_flt_window_get_view (window, "logs")));
  FLT_TEST_WAIT_UNTIL (flt_log_buffer_count_service_lines (logs, "es") > 0 &&
                       flt_log_buffer_count_service_lines (logs, "web") > 1);
  _flt_window_select_view (window, "logs");
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "flow-logs");

  /* The graph: both services' cards turn green as the engine reports them. */
  _flt_window_select_view (window, "graph");
  graph = flt_graph_view_get_graph (FLT_GRAPH_VIEW (_flt_window_get_view (window, "graph")));
  FLT_TEST_WAIT_UNTIL (graph_node_up (graph, "service:es") && graph_node_up (graph, "service:web"));
  g_assert_cmpint (flt_graph_lookup_node (graph, "service:es")->state, ==, FLT_GRAPH_STATE_HEALTHY);
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "flow-graph");

  /* A change that forces web's container to be made anew: Up shows the
   * plan, names why, and waits for the answer. */
  _flt_window_select_view (window, "editor");
  flt_sidebar_select (_flt_window_get_sidebar (window), FLT_SIDEBAR_SERVICE, "web");
  command = find_field (_flt_window_get_view (window, "service"), _("Command"));
  g_assert_nonnull (command);
  type_and_enter (command, "sh -c 'while true; do wget -q -O- http://es:9200/health && echo web v2 reached es; sleep 0.5; done'");
  FLT_TEST_WAIT_UNTIL (strstr (document_text (window), "web v2") != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.up", NULL));

  /* The file is not saved: first the window asks about that. */
  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL);
  dialog = _flt_window_get_dialog (window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "run");
  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL && _flt_window_get_dialog (window) != dialog);
  dialog = _flt_window_get_dialog (window);
  flt_test_wait_for_paint (dialog);
  flt_test_save_screenshot (dialog, "flow-plan");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  FLT_TEST_WAIT_UNTIL (!_flt_window_get_busy (window));
  g_assert_null (flt_progress_panel_get_message (panel));
  FLT_TEST_WAIT_UNTIL (flt_log_buffer_count_service_lines (logs, "web") > 0 &&
                       service_running (window, "web"));

  /* Down: nothing of the project is left. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.down", NULL));
  FLT_TEST_WAIT_UNTIL (!_flt_window_get_busy (window));
  g_assert_null (flt_progress_panel_get_message (panel));
  FLT_TEST_WAIT_UNTIL (service_gone (window, "es") && service_gone (window, "web"));

  gtk_window_destroy (GTK_WINDOW (window));
  take_down (engine, path);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  flt_test_gui_init (&argc, &argv);

  g_test_add_func ("/window/flow/edit-views", test_edit_views);
  g_test_add_func ("/window/flow/up-logs-down", test_up_logs_down);

  return g_test_run ();
}
