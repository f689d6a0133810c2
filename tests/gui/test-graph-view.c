/* test-graph-view.c: the Graph view in a real window
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Selecting a node selects its row in the sidebar and back; opening a
 * node opens its form; an edge drawn from a service onto another service
 * or a network becomes one undoable edit of the file, and one the file
 * cannot take is refused with the reason; zooming and fitting keep the
 * graph in view; the exports write what their names say; a live project
 * state colours the cards.  The tutorial's graph is saved as screenshots,
 * light and dark, not running and running.
 *
 * A pointer's drag cannot be synthesised in GTK 4: the tests emit what the
 * canvas emits at the end of one (connect-nodes, node-activated,
 * node-menu) and call what the keys are bound to.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-graph-edit.h"
#include "flt-graph-render.h"
#include "flt-graph-view-private.h"
#include "flt-project-state-private.h"
#include "flt-service-editor.h"
#include "flt-test-gui.h"
#include "flt-window-private.h"

typedef struct
{
  char      *dir;
  char      *path;
  GSettings *settings;
  FltWindow *window;
  FltGraphView *view;
} Fixture;

static const char foodtrucks_text[] =
  "# SF Food Trucks\n"
  "version: \"2\"\n"
  "services:\n"
  "  es:\n"
  "    image: elasticsearch\n"
  "  web:\n"
  "    image: prakhar1989/foodtrucks-web\n"
  "    command: python app.py\n"
  "    ports:\n"
  "      - \"5000:5000\"\n"
  "    volumes:\n"
  "      - .:/code\n";

static const char networks_text[] =
  "name: demo\n"
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    networks:\n"
  "      - front\n"
  "  api:\n"
  "    image: busybox\n"
  "  db:\n"
  "    image: postgres\n"
  "    network_mode: host\n"
  "  cache:\n"
  "    image: redis\n"
  "    networks:\n"
  "      back:\n"
  "        aliases: [kv]\n"
  "networks:\n"
  "  front: {}\n"
  "  back: {}\n";

/* The file the running screenshot shows: the tutorial with a name, so
 * that the containers below are its own. */
static const char running_text[] =
  "name: foodtrucks\n"
  "services:\n"
  "  es:\n"
  "    image: docker.elastic.co/elasticsearch/elasticsearch:6.3.2\n"
  "    environment:\n"
  "      - discovery.type=single-node\n"
  "    volumes:\n"
  "      - esdata1:/usr/share/elasticsearch/data\n"
  "  web:\n"
  "    image: prakhar1989/foodtrucks-web\n"
  "    command: python3 app.py\n"
  "    depends_on:\n"
  "      - es\n"
  "    ports:\n"
  "      - \"5000:5000\"\n"
  "    volumes:\n"
  "      - ./flask-app:/opt/flask-app\n"
  "volumes:\n"
  "  esdata1:\n"
  "    driver: local\n";

static void
fixture_set_up (Fixture    *fixture,
                const char *text)
{
  g_autoptr(GFile) file = NULL;

  fixture->dir = g_dir_make_tmp ("flt-graph-view-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "docker-compose.yml", NULL);
  g_assert_true (g_file_set_contents (fixture->path, text, -1, NULL));

  /* No engine: the live state, where a test wants one, is the test's. */
  fixture->settings = flt_test_create_settings ();
  g_settings_set_string (fixture->settings, "engine-endpoint", "unix:///nonexistent/flotilla-test/docker.sock");

  file = g_file_new_for_path (fixture->path);
  fixture->window = flt_window_new (NULL, fixture->settings);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
  flt_window_open (fixture->window, file);
  FLT_TEST_WAIT_UNTIL (!flt_window_get_loading (fixture->window) &&
                       flt_window_get_project (fixture->window) != NULL);

  _flt_window_select_view (fixture->window, "graph");
  fixture->view = FLT_GRAPH_VIEW (_flt_window_get_view (fixture->window, "graph"));
  g_assert_nonnull (fixture->view);
  FLT_TEST_WAIT_UNTIL (flt_graph_get_n_nodes (flt_graph_view_get_graph (fixture->view)) > 0);
  flt_test_wait_for_paint (GTK_WIDGET (fixture->view));
}

static void
fixture_tear_down (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_settings_reset (fixture->settings, "engine-endpoint");
  g_clear_object (&fixture->settings);
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static FltDocument *
document_of (Fixture *fixture)
{
  return flt_workspace_get_document (flt_window_get_workspace (fixture->window));
}

static const char *
text_of (Fixture *fixture)
{
  return flt_document_get_text (document_of (fixture), NULL);
}

/* Waits until the project, and so the graph, is built from the text. */
static void
wait_for_project (Fixture *fixture)
{
  FltWorkspace *workspace = flt_window_get_workspace (fixture->window);

  FLT_TEST_WAIT_UNTIL (flt_workspace_get_project_revision (workspace) ==
                       flt_document_get_revision (document_of (fixture)) &&
                       flt_graph_get_project (flt_graph_view_get_graph (fixture->view)) ==
                       flt_workspace_get_project (workspace));
}

static void
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static const FltGraphEdge *
find_edge (FltGraph         *graph,
           const char       *source_id,
           const char       *target_id,
           FltGraphEdgeKind  kind)
{
  for (guint i = 0; i < flt_graph_get_n_edges (graph); i++)
    {
      const FltGraphEdge *edge = flt_graph_get_edge (graph, i);

      if (edge->kind == kind && g_strcmp0 (edge->source_id, source_id) == 0 &&
          g_strcmp0 (edge->target_id, target_id) == 0)
        return edge;
    }
  return NULL;
}

/* What the canvas emits when an edge is dropped. */
static void
drop_edge (Fixture    *fixture,
           const char *source_id,
           const char *target_id)
{
  g_signal_emit_by_name (flt_graph_view_get_canvas (fixture->view), "connect-nodes", source_id, target_id);
}

static const char *
sidebar_selection (Fixture        *fixture,
                   FltSidebarKind *kind)
{
  const char *name = NULL;

  *kind = flt_sidebar_get_selected (_flt_window_get_sidebar (fixture->window), &name);
  return name;
}

/* The whole graph inside the canvas. */
static void
assert_graph_in_view (FltGraphCanvas *canvas)
{
  FltGraph *graph = flt_graph_canvas_get_graph (canvas);
  double bx, by, bw, bh, x0, y0, x1, y1;

  flt_graph_get_bounds (graph, &bx, &by, &bw, &bh);
  g_assert_cmpfloat (bw, >, 0);
  g_assert_cmpfloat (bh, >, 0);
  flt_graph_canvas_graph_to_widget (canvas, bx, by, &x0, &y0);
  flt_graph_canvas_graph_to_widget (canvas, bx + bw, by + bh, &x1, &y1);
  g_assert_cmpfloat (x0, >=, 0);
  g_assert_cmpfloat (y0, >=, 0);
  g_assert_cmpfloat (x1, <=, gtk_widget_get_width (GTK_WIDGET (canvas)));
  g_assert_cmpfloat (y1, <=, gtk_widget_get_height (GTK_WIDGET (canvas)));
}

/* ------------------------------------------------------------------ */

static void
test_nodes_follow_file (void)
{
  Fixture fixture = { 0 };
  FltGraph *graph;
  g_autoptr(GError) error = NULL;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, foodtrucks_text);
  graph = flt_graph_view_get_graph (fixture.view);

  /* The tutorial: both services, the default network, the host that
   * publishes 5000. */
  g_assert_nonnull (flt_graph_lookup_node (graph, "service:web"));
  g_assert_nonnull (flt_graph_lookup_node (graph, "service:es"));
  g_assert_nonnull (flt_graph_lookup_node (graph, "network:default"));
  g_assert_nonnull (flt_graph_lookup_node (graph, "host"));
  g_assert_nonnull (find_edge (graph, "host", "service:web", FLT_GRAPH_EDGE_PORT));

  /* A service added to the file appears in the graph once it is built. */
  g_assert_true (flt_document_add_service (document_of (&fixture), "cache", "redis:7", &error));
  g_assert_no_error (error);
  wait_for_project (&fixture);
  g_assert_nonnull (flt_graph_lookup_node (graph, "service:cache"));

  fixture_tear_down (&fixture);
}

static void
test_selection_follows_sidebar (void)
{
  Fixture fixture = { 0 };
  FltSidebar *sidebar;
  FltSidebarKind kind;
  const char *name;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, foodtrucks_text);
  sidebar = _flt_window_get_sidebar (fixture.window);

  /* The sidebar's selection is the graph's when the graph is made. */
  name = sidebar_selection (&fixture, &kind);
  g_assert_cmpint (kind, ==, FLT_SIDEBAR_SERVICE);
  g_assert_cmpstr (flt_graph_view_get_selected (fixture.view), ==, "service:es");

  /* Sidebar → graph */
  flt_sidebar_select (sidebar, FLT_SIDEBAR_SERVICE, "web");
  g_assert_cmpstr (flt_graph_view_get_selected (fixture.view), ==, "service:web");
  flt_sidebar_select (sidebar, FLT_SIDEBAR_NETWORK, "default");
  g_assert_cmpstr (flt_graph_view_get_selected (fixture.view), ==, "network:default");

  /* Graph → sidebar */
  flt_graph_view_select (fixture.view, "service:es");
  name = sidebar_selection (&fixture, &kind);
  g_assert_cmpint (kind, ==, FLT_SIDEBAR_SERVICE);
  g_assert_cmpstr (name, ==, "es");

  /* The host has no row: the sidebar keeps es, the graph the host. */
  flt_graph_view_select (fixture.view, "host");
  g_assert_cmpstr (flt_graph_view_get_selected (fixture.view), ==, "host");
  name = sidebar_selection (&fixture, &kind);
  g_assert_cmpint (kind, ==, FLT_SIDEBAR_SERVICE);
  g_assert_cmpstr (name, ==, "es");

  /* A node the graph does not have selects nothing. */
  flt_graph_view_select (fixture.view, "service:nope");
  g_assert_null (flt_graph_view_get_selected (fixture.view));

  fixture_tear_down (&fixture);
}

static void
test_keyboard_selection (void)
{
  Fixture fixture = { 0 };
  FltGraphCanvas *canvas;
  FltGraph *graph;
  const FltGraphNode *from;
  const FltGraphNode *to;
  const char *directions[] = { "right", "left", "down", "up" };
  int moves[][2] = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };
  guint moved = 0;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, foodtrucks_text);
  canvas = flt_graph_view_get_canvas (fixture.view);
  graph = flt_graph_view_get_graph (fixture.view);

  /* With nothing selected, an arrow selects the first service. */
  flt_graph_view_select (fixture.view, NULL);
  flt_graph_canvas_move_selection (canvas, 1, 0);
  g_assert_nonnull (flt_graph_view_get_selected (fixture.view));
  g_assert_true (g_str_has_prefix (flt_graph_view_get_selected (fixture.view), "service:"));

  /* Each arrow moves to a node in that direction, or stays put. */
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    for (guint n = 0; n < flt_graph_get_n_nodes (graph); n++)
      {
        g_autofree char *before = NULL;
        double fx, fy, tx, ty;

        flt_graph_view_select (fixture.view, flt_graph_get_node (graph, n)->id);
        before = g_strdup (flt_graph_view_get_selected (fixture.view));
        flt_graph_canvas_move_selection (canvas, moves[i][0], moves[i][1]);
        if (g_strcmp0 (before, flt_graph_view_get_selected (fixture.view)) == 0)
          continue;
        from = flt_graph_lookup_node (graph, before);
        to = flt_graph_lookup_node (graph, flt_graph_view_get_selected (fixture.view));
        fx = from->x + from->width / 2;
        fy = from->y + from->height / 2;
        tx = to->x + to->width / 2;
        ty = to->y + to->height / 2;
        g_test_message ("%s: %s → %s", directions[i], before, to->id);
        g_assert_cmpfloat ((tx - fx) * moves[i][0] + (ty - fy) * moves[i][1], >, 0);
        moved++;
      }
  /* Four or more nodes laid out in two dimensions: some arrow moved. */
  g_assert_cmpuint (moved, >, 0);

  fixture_tear_down (&fixture);
}

static void
test_activate_opens_editor (void)
{
  Fixture fixture = { 0 };
  GtkWidget *editor;
  FltSidebarKind kind;
  const char *name;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, foodtrucks_text);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (fixture.window->view_stack), ==, "graph");

  /* A double-click on web's card. */
  g_signal_emit_by_name (flt_graph_view_get_canvas (fixture.view), "node-activated", "service:web");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (fixture.window->view_stack), ==, "editor");
  editor = _flt_window_get_view (fixture.window, "service");
  g_assert_cmpstr (flt_service_editor_get_service_name (FLT_SERVICE_EDITOR (editor)), ==, "web");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture.window->editor_stack), ==, "service");

  /* A network opens its form too. */
  _flt_window_select_view (fixture.window, "graph");
  g_signal_emit_by_name (flt_graph_view_get_canvas (fixture.view), "node-activated", "network:default");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (fixture.window->view_stack), ==, "editor");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture.window->editor_stack), ==, "network");
  name = sidebar_selection (&fixture, &kind);
  g_assert_cmpint (kind, ==, FLT_SIDEBAR_NETWORK);
  g_assert_cmpstr (name, ==, "default");

  /* The host has no form: nothing happens. */
  _flt_window_select_view (fixture.window, "graph");
  g_signal_emit_by_name (flt_graph_view_get_canvas (fixture.view), "node-activated", "host");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (fixture.window->view_stack), ==, "graph");

  /* Ctrl+3 is the graph, Ctrl+4 the logs, after Editor and YAML. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-view", "s", "logs"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (fixture.window->view_stack), ==, "logs");

  fixture_tear_down (&fixture);
}

static void
test_menu (void)
{
  Fixture fixture = { 0 };
  GtkWidget *menu;
  GMenuModel *model;
  gboolean found_start = FALSE;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, foodtrucks_text);

  /* A right-click on web's card. */
  g_signal_emit_by_name (flt_graph_view_get_canvas (fixture.view), "node-menu", "service:web", 300.0, 200.0);
  menu = _flt_graph_view_get_menu (fixture.view);
  g_assert_nonnull (menu);
  FLT_TEST_WAIT_UNTIL (gtk_widget_get_mapped (menu));
  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));

  /* The window's own service actions, for web. */
  for (int s = 0; s < g_menu_model_get_n_items (model); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (model, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          g_autoptr(GVariant) target = NULL;

          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          target = g_menu_model_get_item_attribute_value (section, i, G_MENU_ATTRIBUTE_TARGET, NULL);
          if (g_strcmp0 (action, "win.service-start") == 0)
            {
              found_start = TRUE;
              g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "web");
            }
        }
      g_clear_object (&section);
    }
  g_assert_true (found_start);
  flt_test_wait_for_paint (menu);
  flt_test_save_screenshot (menu, "graph-menu");
  gtk_popover_popdown (GTK_POPOVER (menu));
  FLT_TEST_WAIT_UNTIL (!gtk_widget_get_mapped (menu));
  /* GTK 4.8 keeps a tooltip timeout for the surface the pointer was over
   * (the menu's, here, under Xvfb's pointer), and fails a critical if
   * the window goes before it fires: let it fire. */
  flt_test_spin (700);

  /* Show Logs from the menu goes to web's logs. */
  g_assert_true (gtk_widget_activate_action (menu, "win.service-logs", "s", "web"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (fixture.window->view_stack), ==, "logs");

  fixture_tear_down (&fixture);
}

static void
test_connect_depends_on (void)
{
  Fixture fixture = { 0 };
  g_autofree char *original = NULL;
  FltGraph *graph;
  const char *expected =
    "# SF Food Trucks\n"
    "version: \"2\"\n"
    "services:\n"
    "  es:\n"
    "    image: elasticsearch\n"
    "  web:\n"
    "    image: prakhar1989/foodtrucks-web\n"
    "    command: python app.py\n"
    "    ports:\n"
    "      - \"5000:5000\"\n"
    "    volumes:\n"
    "      - .:/code\n"
    "    depends_on:\n"
    "      - es\n";

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, foodtrucks_text);
  graph = flt_graph_view_get_graph (fixture.view);
  original = g_strdup (text_of (&fixture));
  g_assert_null (find_edge (graph, "service:web", "service:es", FLT_GRAPH_EDGE_DEPENDS_ON));

  /* web's handle dropped onto es: web depends on es, one edit. */
  drop_edge (&fixture, "service:web", "service:es");
  g_assert_cmpstr (text_of (&fixture), ==, expected);
  g_assert_nonnull (_flt_graph_view_get_last_message (fixture.view));
  g_assert_nonnull (strstr (_flt_graph_view_get_last_message (fixture.view), "es"));
  wait_for_project (&fixture);
  g_assert_nonnull (find_edge (graph, "service:web", "service:es", FLT_GRAPH_EDGE_DEPENDS_ON));

  /* The same edge again: refused, the file as it was. */
  drop_edge (&fixture, "service:web", "service:es");
  g_assert_cmpstr (text_of (&fixture), ==, expected);

  /* The window's Undo takes it back, and the graph follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.undo", NULL));
  g_assert_cmpstr (text_of (&fixture), ==, original);
  wait_for_project (&fixture);
  g_assert_null (find_edge (graph, "service:web", "service:es", FLT_GRAPH_EDGE_DEPENDS_ON));

  fixture_tear_down (&fixture);
}

/* A mapping depends_on gets a key with the condition the short form
 * means. */
static void
test_connect_depends_on_mapping (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture,
                  "services:\n"
                  "  web:\n"
                  "    image: nginx\n"
                  "    depends_on:\n"
                  "      db:\n"
                  "        condition: service_healthy\n"
                  "  db:\n"
                  "    image: postgres\n"
                  "  cache:\n"
                  "    image: redis\n");

  g_assert_true (flt_graph_view_connect (fixture.view, "service:web", "service:cache", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text_of (&fixture), ==,
                   "services:\n"
                   "  web:\n"
                   "    image: nginx\n"
                   "    depends_on:\n"
                   "      db:\n"
                   "        condition: service_healthy\n"
                   "      cache:\n"
                   "        condition: service_started\n"
                   "  db:\n"
                   "    image: postgres\n"
                   "  cache:\n"
                   "    image: redis\n");

  fixture_tear_down (&fixture);
}

static void
test_connect_refused (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  const char *message;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture,
                  "services:\n"
                  "  web:\n"
                  "    image: nginx\n"
                  "    depends_on: [api]\n"
                  "  api:\n"
                  "    image: busybox\n"
                  "    links:\n"
                  "      - db\n"
                  "  db:\n"
                  "    image: postgres\n"
                  "volumes:\n"
                  "  data: {}\n");
  original = g_strdup (text_of (&fixture));

  /* db → web would close web → api → db (a link orders as depends_on does). */
  g_assert_false (flt_graph_view_connect (fixture.view, "service:db", "service:web", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_CYCLE);
  g_clear_error (&error);
  message = _flt_graph_view_get_last_message (fixture.view);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "db"));
  g_assert_nonnull (strstr (message, "web"));
  g_assert_cmpstr (text_of (&fixture), ==, original);

  /* api → web: the direct circle. */
  g_assert_false (flt_graph_view_connect (fixture.view, "service:api", "service:web", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_CYCLE);
  g_clear_error (&error);

  /* Itself, again, and onto what cannot take an edge. */
  g_assert_false (flt_graph_view_connect (fixture.view, "service:web", "service:web", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_SELF);
  g_clear_error (&error);
  g_assert_false (flt_graph_view_connect (fixture.view, "service:web", "service:api", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (flt_graph_view_connect (fixture.view, "service:web", "host", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (flt_graph_view_connect (fixture.view, "network:default", "service:web", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* What the canvas asks while dragging agrees. */
  g_assert_false (flt_graph_edit_can_connect (flt_window_get_project (fixture.window), "service:db", "service:web"));
  g_assert_true (flt_graph_edit_can_connect (flt_window_get_project (fixture.window), "service:web", "service:db"));

  g_assert_cmpstr (text_of (&fixture), ==, original);
  g_assert_false (flt_document_can_undo (document_of (&fixture)));

  fixture_tear_down (&fixture);
}

static void
test_connect_network (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  FltGraph *graph;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, networks_text);
  graph = flt_graph_view_get_graph (fixture.view);
  original = g_strdup (text_of (&fixture));

  /* web's list of networks gets an item. */
  drop_edge (&fixture, "service:web", "network:back");
  g_assert_nonnull (strstr (text_of (&fixture),
                            "  web:\n    image: nginx\n    networks:\n      - front\n      - back\n  api:\n"));
  wait_for_project (&fixture);
  g_assert_nonnull (find_edge (graph, "service:web", "network:back", FLT_GRAPH_EDGE_NETWORK));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.undo", NULL));
  g_assert_cmpstr (text_of (&fixture), ==, original);

  /* Until the project is built from the text as it is, the checks could
   * read an old one: the view says so and waits. */
  g_assert_false (flt_graph_view_connect (fixture.view, "service:api", "network:back", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_cmpstr (text_of (&fixture), ==, original);
  wait_for_project (&fixture);

  /* api is on the default network without saying so: it stays there. */
  g_assert_true (flt_graph_view_connect (fixture.view, "service:api", "network:back", &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text_of (&fixture),
                            "  api:\n    image: busybox\n    networks:\n      - default\n      - back\n  db:\n"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.undo", NULL));
  g_assert_cmpstr (text_of (&fixture), ==, original);
  wait_for_project (&fixture);

  /* cache's networks are a mapping: a key. */
  g_assert_true (flt_graph_view_connect (fixture.view, "service:cache", "network:front", &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text_of (&fixture),
                            "    networks:\n      back:\n        aliases: [kv]\n      front: {}\nnetworks:\n"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.undo", NULL));
  wait_for_project (&fixture);

  /* Refused: already there, and network_mode. */
  g_assert_false (flt_graph_view_connect (fixture.view, "service:web", "network:front", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (flt_graph_view_connect (fixture.view, "service:api", "network:default", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (flt_graph_view_connect (fixture.view, "service:db", "network:back", &error));
  g_assert_error (error, FLT_GRAPH_EDIT_ERROR, FLT_GRAPH_EDIT_ERROR_NETWORK_MODE);
  g_assert_nonnull (strstr (_flt_graph_view_get_last_message (fixture.view), "network_mode"));
  g_clear_error (&error);
  g_assert_cmpstr (text_of (&fixture), ==, original);

  fixture_tear_down (&fixture);
}

static void
test_zoom_and_fit (void)
{
  Fixture fixture = { 0 };
  FltGraphCanvas *canvas;
  GtkWidget *view;
  double fitted;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, running_text);
  canvas = flt_graph_view_get_canvas (fixture.view);
  view = GTK_WIDGET (fixture.view);

  /* Fitted on first show. */
  assert_graph_in_view (canvas);
  fitted = flt_graph_canvas_get_zoom (canvas);
  g_assert_cmpfloat (fitted, <=, 1.0);

  /* Zoom in, as the + button does, until it no longer grows. */
  for (guint i = 0; i < 30; i++)
    g_assert_true (gtk_widget_activate_action (view, "graph.zoom-in", NULL));
  g_assert_cmpfloat (flt_graph_canvas_get_zoom (canvas), ==, FLT_GRAPH_CANVAS_MAX_ZOOM);
  for (guint i = 0; i < 60; i++)
    g_assert_true (gtk_widget_activate_action (view, "graph.zoom-out", NULL));
  g_assert_cmpfloat (flt_graph_canvas_get_zoom (canvas), ==, FLT_GRAPH_CANVAS_MIN_ZOOM);

  /* Zooming at a point keeps that point where it is. */
  {
    double gx, gy, x, y;

    flt_graph_canvas_widget_to_graph (canvas, 100, 80, &gx, &gy);
    flt_graph_canvas_zoom_at (canvas, 1.7, 100, 80);
    flt_graph_canvas_graph_to_widget (canvas, gx, gy, &x, &y);
    g_assert_cmpfloat_with_epsilon (x, 100, 1e-6);
    g_assert_cmpfloat_with_epsilon (y, 80, 1e-6);
  }

  /* Scrolled far away, then fitted: all of it in view again. */
  flt_graph_canvas_scroll_by (canvas, 5000, -3000);
  g_assert_true (gtk_widget_activate_action (view, "graph.zoom-fit", NULL));
  assert_graph_in_view (canvas);
  g_assert_cmpfloat_with_epsilon (flt_graph_canvas_get_zoom (canvas), fitted, 1e-9);

  /* A node moved by hand, then Arrange: fitted, still in view. */
  {
    FltGraph *graph = flt_graph_view_get_graph (fixture.view);
    const FltGraphNode *web = flt_graph_lookup_node (graph, "service:web");

    flt_graph_move_node (graph, "service:web", web->x + 400, web->y + 300);
    g_assert_true (flt_graph_lookup_node (graph, "service:web")->pinned);
    g_assert_true (gtk_widget_activate_action (view, "graph.arrange", NULL));
    g_assert_false (flt_graph_lookup_node (graph, "service:web")->pinned);
    assert_graph_in_view (canvas);
  }

  /* A smaller window: fit still shows everything. */
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 700, 500);
  FLT_TEST_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (canvas)) < 700);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  g_assert_true (gtk_widget_activate_action (view, "graph.zoom-fit", NULL));
  assert_graph_in_view (canvas);

  fixture_tear_down (&fixture);
}

/* A frame's snapshot of @canvas, there and then, as GTK takes it. */
static void
snapshot_now (FltGraphCanvas *canvas)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  GTK_WIDGET_GET_CLASS (canvas)->snapshot (GTK_WIDGET (canvas), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
}

/* The edges are drawn once and kept while only the focus, the state or a
 * scroll by whole pixels changes; a change to the graph or the zoom has
 * them drawn anew in a worker, the kept ones standing in meanwhile.  What the kept layer looks like is the core's test
 * (/graph/render/layers). */
static void
test_edge_cache (void)
{
  Fixture fixture = { 0 };
  FltGraphCanvas *canvas;
  FltGraph *graph;
  const FltGraphNode *web;
  guint drawn;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, running_text);
  canvas = flt_graph_view_get_canvas (fixture.view);
  graph = flt_graph_view_get_graph (fixture.view);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  drawn = _flt_graph_canvas_get_n_edge_draws (canvas);
  g_assert_cmpuint (drawn, >, 0);

  flt_graph_view_select (fixture.view, "service:web");
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  flt_graph_view_select (fixture.view, "service:es");
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn);

  /* The first scroll may draw them with a margin; the next ones use it. */
  flt_graph_canvas_scroll_by (canvas, 12, 0);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  drawn = _flt_graph_canvas_get_n_edge_draws (canvas);
  flt_graph_canvas_scroll_by (canvas, 12, -8);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  flt_graph_canvas_scroll_by (canvas, -30, 8);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn);

  web = flt_graph_lookup_node (graph, "service:web");
  flt_graph_move_node (graph, "service:web", web->x + 40, web->y + 30);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn + 1);

  /* A zoom: the frame shows the kept edges scaled, and a worker draws
   * them anew; its layer arrives through the main loop. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "graph.zoom-in", NULL));
  snapshot_now (canvas);
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn + 1);
  g_assert_true (_flt_graph_canvas_get_edges_pending (canvas));
  FLT_TEST_WAIT_UNTIL (!_flt_graph_canvas_get_edges_pending (canvas));
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn + 2);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn + 2);

  /* A change to the graph while the worker draws: what it draws stands
   * in, then the edges are drawn again for the graph as it is now. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.view), "graph.zoom-out", NULL));
  snapshot_now (canvas);
  g_assert_true (_flt_graph_canvas_get_edges_pending (canvas));
  web = flt_graph_lookup_node (graph, "service:web");
  flt_graph_move_node (graph, "service:web", web->x - 40, web->y - 30);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  g_assert_false (_flt_graph_canvas_get_edges_pending (canvas));
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn + 4);
  flt_test_spin (50);
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn + 4);

  fixture_tear_down (&fixture);
}

static GtkGesture *
find_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

static void
node_centre (FltGraphCanvas *canvas,
             const char     *id,
             double         *x,
             double         *y)
{
  const FltGraphNode *node = flt_graph_lookup_node (flt_graph_canvas_get_graph (canvas), id);

  g_assert_nonnull (node);
  flt_graph_canvas_graph_to_widget (canvas, node->x + node->width / 2, node->y + node->height / 2, x, y);
}

/* The canvas's own drag code, driven through its gesture's signals as a
 * pointer would: pan, move a card, draw an edge from the handle. */
static void
test_drag (void)
{
  Fixture fixture = { 0 };
  FltGraphCanvas *canvas;
  GtkGesture *drag;
  FltGraph *graph;
  g_autofree char *original = NULL;
  guint drawn;
  double x, y, x2, y2, es_x, es_y, gx, gy;
  gboolean dropped = FALSE;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, foodtrucks_text);
  canvas = flt_graph_view_get_canvas (fixture.view);
  graph = flt_graph_view_get_graph (fixture.view);
  drag = find_drag_gesture (GTK_WIDGET (canvas));
  original = g_strdup (text_of (&fixture));

  /* Pan: from empty space, everything moves with the pointer. */
  flt_graph_canvas_widget_to_graph (canvas, 4, 4, &gx, &gy);
  g_assert_null (flt_graph_hit_node (graph, gx, gy));
  node_centre (canvas, "service:es", &x, &y);
  g_signal_emit_by_name (drag, "drag-begin", 4.0, 4.0);
  g_signal_emit_by_name (drag, "drag-update", 100.0, 50.0);
  g_signal_emit_by_name (drag, "drag-end", 100.0, 50.0);
  node_centre (canvas, "service:es", &x2, &y2);
  g_assert_cmpfloat_with_epsilon (x2 - x, 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (y2 - y, 50, 1e-6);
  g_assert_false (flt_graph_lookup_node (graph, "service:es")->pinned);

  /* Move: es's card follows the pointer and stays where it was put.
   * While it moves, the frames do not wait for all the edges: the kept
   * ones stand in until a worker's arrive. */
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  drawn = _flt_graph_canvas_get_n_edge_draws (canvas);
  g_signal_emit_by_name (drag, "drag-begin", x2, y2);
  g_signal_emit_by_name (drag, "drag-update", 30.0, -35.0);
  snapshot_now (canvas);
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), ==, drawn);
  g_assert_true (_flt_graph_canvas_get_edges_pending (canvas));
  g_signal_emit_by_name (drag, "drag-update", 60.0, -70.0);
  snapshot_now (canvas);
  g_signal_emit_by_name (drag, "drag-end", 60.0, -70.0);
  /* Once it is put down, the edges catch up with where it is. */
  flt_test_wait_for_paint (GTK_WIDGET (canvas));
  g_assert_false (_flt_graph_canvas_get_edges_pending (canvas));
  g_assert_cmpuint (_flt_graph_canvas_get_n_edge_draws (canvas), >, drawn);
  node_centre (canvas, "service:es", &es_x, &es_y);
  g_assert_cmpfloat_with_epsilon (es_x - x2, 60, 1e-6);
  g_assert_cmpfloat_with_epsilon (es_y - y2, -70, 1e-6);
  g_assert_true (flt_graph_lookup_node (graph, "service:es")->pinned);
  g_assert_cmpstr (text_of (&fixture), ==, original);

  /* Connect: from web's handle onto es.  The handle shows on the
   * selected card. */
  flt_graph_view_select (fixture.view, "service:web");
  g_assert_true (flt_graph_canvas_get_handle (canvas, "service:web", &x, &y));
  g_signal_connect_swapped (canvas, "connect-nodes", G_CALLBACK (set_flag), &dropped);
  g_signal_emit_by_name (drag, "drag-begin", x, y);
  g_signal_emit_by_name (drag, "drag-update", es_x - x, es_y - y);
  flt_test_wait_for_paint (GTK_WIDGET (fixture.window));
  flt_test_save_screenshot (GTK_WIDGET (fixture.window), "graph-connect");
  g_assert_cmpstr (text_of (&fixture), ==, original);
  g_signal_emit_by_name (drag, "drag-end", es_x - x, es_y - y);
  g_assert_true (dropped);
  g_assert_nonnull (strstr (text_of (&fixture), "    depends_on:\n      - es\n"));
  g_assert_cmpstr (flt_graph_view_get_selected (fixture.view), ==, "service:web");

  /* Dropped on nothing: nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.undo", NULL));
  wait_for_project (&fixture);
  dropped = FALSE;
  g_assert_true (flt_graph_canvas_get_handle (canvas, "service:web", &x, &y));
  g_signal_emit_by_name (drag, "drag-begin", x, y);
  g_signal_emit_by_name (drag, "drag-update", 4.0 - x, 4.0 - y);
  g_signal_emit_by_name (drag, "drag-end", 4.0 - x, 4.0 - y);
  g_assert_false (dropped);
  g_assert_cmpstr (text_of (&fixture), ==, original);

  fixture_tear_down (&fixture);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (flt_graph_view_export_finish (FLT_GRAPH_VIEW (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
keep_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
export_to (Fixture        *fixture,
           FltGraphFormat  format,
           const char     *name,
           gsize          *length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  char *contents = NULL;
  gboolean done = FALSE;

  flt_graph_view_export_async (fixture->view, file, format, NULL, export_done_cb, &done);
  FLT_TEST_WAIT_UNTIL (done);
  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  g_unlink (path);
  return contents;
}

static void
test_export (void)
{
  Fixture fixture = { 0 };
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *dot = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GFile) file = NULL;
  FltGraphFormat format;
  gsize length;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, foodtrucks_text);

  png = export_to (&fixture, FLT_GRAPH_FORMAT_PNG, "graph.png", &length);
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);

  svg = export_to (&fixture, FLT_GRAPH_FORMAT_SVG, "graph.svg", &length);
  g_assert_true (g_str_has_prefix (svg, "<?xml") || g_str_has_prefix (svg, "<svg"));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_nonnull (strstr (svg, "web"));

  dot = export_to (&fixture, FLT_GRAPH_FORMAT_DOT, "graph.dot", &length);
  g_assert_true (g_str_has_prefix (dot, "digraph") || g_str_has_prefix (dot, "graph") ||
                 g_str_has_prefix (dot, "strict"));
  g_assert_nonnull (strstr (dot, "web"));

  g_assert_true (flt_graph_format_from_string ("SVG", &format));
  g_assert_cmpint (format, ==, FLT_GRAPH_FORMAT_SVG);
  g_assert_true (flt_graph_format_from_string ("gv", &format));
  g_assert_cmpint (format, ==, FLT_GRAPH_FORMAT_DOT);
  g_assert_false (flt_graph_format_from_string ("jpeg", &format));

  /* A folder that does not exist: an error, and no file. */
  missing = g_build_filename (fixture.dir, "no-such-folder", "graph.svg", NULL);
  file = g_file_new_for_path (missing);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    flt_graph_view_export_async (fixture.view, file, FLT_GRAPH_FORMAT_SVG, NULL, keep_result_cb, &result);
    FLT_TEST_WAIT_UNTIL (result != NULL);
    g_assert_false (flt_graph_view_export_finish (fixture.view, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  fixture_tear_down (&fixture);
}

/* ------------------------------------------------------------------ */
/* Live state, as the engine's events would make it */

#define NET_ID "5a7e000000000000000000000000000000000000000000000000000000000001"
#define ES_ID  "e5e5000000000000000000000000000000000000000000000000000000000002"
#define WEB_ID "7eb0000000000000000000000000000000000000000000000000000000000003"

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
apply_network (FltProjectState *state)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"Name\":\"foodtrucks_default\",\"Id\":\"" NET_ID "\",\"Scope\":\"local\",\"Driver\":\"bridge\","
    "\"IPAM\":{\"Driver\":\"default\",\"Config\":[{\"Subnet\":\"172.20.0.0/16\",\"Gateway\":\"172.20.0.1\"}]},"
    "\"Internal\":false,\"Containers\":{},\"Options\":{},"
    "\"Labels\":{\"com.docker.compose.network\":\"default\",\"com.docker.compose.project\":\"foodtrucks\"}}");

  _flt_project_state_apply_network (state, NET_ID, object);
}

/* A container of the project as `GET /containers/{id}/json` says it. */
static void
apply_container (FltProjectState *state,
                 const char      *id,
                 const char      *service,
                 const char      *status,
                 const char      *health,
                 int              exit_code,
                 const char      *ip)
{
  g_autofree char *health_json = health ? g_strdup_printf (",\"Health\":{\"Status\":\"%s\"}", health)
                                        : g_strdup ("");
  g_autofree char *text = g_strdup_printf (
    "{\"Id\":\"%s\",\"Name\":\"/foodtrucks-%s-1\","
    "\"State\":{\"Status\":\"%s\",\"Running\":%s,\"Paused\":false,\"Restarting\":false,"
    "\"OOMKilled\":false,\"Dead\":false,\"ExitCode\":%d%s},"
    "\"Config\":{\"Image\":\"%s\",\"Labels\":{"
    "\"com.docker.compose.container-number\":\"1\",\"com.docker.compose.oneoff\":\"False\","
    "\"com.docker.compose.project\":\"foodtrucks\",\"com.docker.compose.service\":\"%s\"}},"
    "\"NetworkSettings\":{\"Ports\":{%s},"
    "\"Networks\":{\"foodtrucks_default\":{\"Aliases\":[\"foodtrucks-%s-1\",\"%s\"],"
    "\"NetworkID\":\"" NET_ID "\",\"IPAddress\":\"%s\",\"IPPrefixLen\":16}}}}",
    id, service, status, g_str_equal (status, "running") ? "true" : "false", exit_code, health_json,
    service, service,
    g_str_equal (service, "web") ? "\"5000/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"5000\"}]" : "",
    service, service, ip);
  g_autoptr(JsonObject) object = parse_object (text);

  _flt_project_state_apply_container (state, id, object);
}

static FltProjectState *
new_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FltEndpoint) endpoint = flt_endpoint_parse ("unix:///nonexistent/docker.sock", "the test", &error);
  g_autoptr(FltEngine) engine = NULL;

  g_assert_no_error (error);
  engine = flt_engine_new (endpoint);
  return flt_project_state_new (engine, "foodtrucks");
}

static FltServiceStatusKind
sidebar_status (Fixture    *fixture,
                const char *service)
{
  FltServiceRow *row = flt_sidebar_get_service_row (_flt_window_get_sidebar (fixture->window), service);

  g_assert_nonnull (row);
  return flt_service_row_get_status_kind (row);
}

static FltGraphState
service_state (Fixture    *fixture,
               const char *id)
{
  const FltGraphNode *node = flt_graph_lookup_node (flt_graph_view_get_graph (fixture->view), id);

  g_assert_nonnull (node);
  return node->state;
}

static void
test_live_state (void)
{
  Fixture fixture = { 0 };
  g_autoptr(FltProjectState) state = NULL;

  if (flt_test_gui_skip_if_needed ())
    return;
  fixture_set_up (&fixture, running_text);
  g_assert_cmpint (service_state (&fixture, "service:web"), ==, FLT_GRAPH_STATE_UNKNOWN);

  /* Up: es healthy, web running, both on the project's network. */
  state = new_state ();
  _flt_project_state_set_connected (state, TRUE, NULL);
  /* The sidebar shows the same state; the banner about the engine the
   * window could not reach does not matter here. */
  flt_sidebar_set_state (_flt_window_get_sidebar (fixture.window), state);
  gtk_revealer_set_reveal_child (fixture.window->engine_banner, FALSE);
  apply_network (state);
  apply_container (state, ES_ID, "es", "running", "healthy", 0, "172.20.0.2");
  apply_container (state, WEB_ID, "web", "running", NULL, 0, "172.20.0.3");
  flt_graph_view_set_state (fixture.view, state);
  g_assert_cmpint (service_state (&fixture, "service:web"), ==, FLT_GRAPH_STATE_RUNNING);
  g_assert_cmpint (service_state (&fixture, "service:es"), ==, FLT_GRAPH_STATE_HEALTHY);

  flt_graph_view_select (fixture.view, "service:web");
  /* The sidebar catches up in an idle of its own. */
  FLT_TEST_WAIT_UNTIL (sidebar_status (&fixture, "web") == FLT_SERVICE_RUNNING);
  flt_test_wait_for_paint (GTK_WIDGET (fixture.window));
  flt_test_save_screenshot (GTK_WIDGET (fixture.window), "graph-running");

  /* es turns unhealthy, then web stops: each shows on the next frame,
   * and one burst of events is applied once. */
  apply_container (state, ES_ID, "es", "running", "unhealthy", 0, "172.20.0.2");
  g_assert_true (_flt_graph_view_get_apply_pending (fixture.view));
  apply_container (state, WEB_ID, "web", "exited", NULL, 137, "");
  FLT_TEST_WAIT_UNTIL (!_flt_graph_view_get_apply_pending (fixture.view));
  g_assert_cmpint (service_state (&fixture, "service:es"), ==, FLT_GRAPH_STATE_UNHEALTHY);
  /* Killed (137): red as a failure, as the sidebar says it. */
  g_assert_cmpint (service_state (&fixture, "service:web"), ==, FLT_GRAPH_STATE_FAILED);
  FLT_TEST_WAIT_UNTIL (sidebar_status (&fixture, "es") == FLT_SERVICE_UNHEALTHY);
  flt_test_wait_for_paint (GTK_WIDGET (fixture.window));
  flt_test_save_screenshot (GTK_WIDGET (fixture.window), "graph-problems");

  /* An exit with 0 is a stop, not a failure: grey. */
  apply_container (state, WEB_ID, "web", "exited", NULL, 0, "");
  FLT_TEST_WAIT_UNTIL (!_flt_graph_view_get_apply_pending (fixture.view));
  g_assert_cmpint (service_state (&fixture, "service:web"), ==, FLT_GRAPH_STATE_EXITED);

  /* Down: the state goes, the file's picture stays. */
  _flt_project_state_apply_container (state, WEB_ID, NULL);
  _flt_project_state_apply_container (state, ES_ID, NULL);
  FLT_TEST_WAIT_UNTIL (!_flt_graph_view_get_apply_pending (fixture.view));
  g_assert_cmpint (service_state (&fixture, "service:web"), ==, FLT_GRAPH_STATE_UNKNOWN);
  flt_graph_view_set_state (fixture.view, NULL);
  flt_sidebar_set_state (_flt_window_get_sidebar (fixture.window), NULL);
  g_assert_false (flt_graph_get_live (flt_graph_view_get_graph (fixture.view)));

  fixture_tear_down (&fixture);
}

static void
test_screenshots (void)
{
  Fixture fixture = { 0 };
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *source = NULL;
  g_autofree char *text = NULL;

  if (flt_test_gui_skip_if_needed ())
    return;

  /* The tutorial's own file, as the data/examples copy has it. */
  source = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples", "foodtrucks",
                             "docker-compose.yml", NULL);
  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  fixture_set_up (&fixture, text);

  flt_graph_view_select (fixture.view, "service:web");
  flt_test_wait_for_paint (GTK_WIDGET (fixture.window));
  flt_test_save_screenshot (GTK_WIDGET (fixture.window), "graph");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  flt_test_wait_for_paint (GTK_WIDGET (fixture.window));
  flt_test_save_screenshot (GTK_WIDGET (fixture.window), "graph-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  fixture_tear_down (&fixture);
}

/* A file with no services: the view says what to do. */
static void
test_empty (void)
{
  g_autoptr(GtkWidget) ref = NULL;
  FltGraphView *view;
  GtkWidget *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = gtk_window_new ();
  view = FLT_GRAPH_VIEW (flt_graph_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  gtk_window_present (GTK_WINDOW (window));
  flt_test_wait_for_paint (window);
  g_assert_cmpuint (flt_graph_get_n_nodes (flt_graph_view_get_graph (view)), ==, 0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (view), "graph.zoom-in", NULL) &&
                  flt_graph_canvas_get_zoom (flt_graph_view_get_canvas (view)) != 1.0);
  flt_test_save_screenshot (window, "graph-empty");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  flt_test_gui_init (&argc, &argv);

  g_test_add_func ("/graph-view/nodes-follow-file", test_nodes_follow_file);
  g_test_add_func ("/graph-view/selection-follows-sidebar", test_selection_follows_sidebar);
  g_test_add_func ("/graph-view/keyboard-selection", test_keyboard_selection);
  g_test_add_func ("/graph-view/activate-opens-editor", test_activate_opens_editor);
  g_test_add_func ("/graph-view/menu", test_menu);
  g_test_add_func ("/graph-view/connect-depends-on", test_connect_depends_on);
  g_test_add_func ("/graph-view/connect-depends-on-mapping", test_connect_depends_on_mapping);
  g_test_add_func ("/graph-view/connect-refused", test_connect_refused);
  g_test_add_func ("/graph-view/connect-network", test_connect_network);
  g_test_add_func ("/graph-view/zoom-and-fit", test_zoom_and_fit);
  g_test_add_func ("/graph-view/edge-cache", test_edge_cache);
  g_test_add_func ("/graph-view/drag", test_drag);
  g_test_add_func ("/graph-view/export", test_export);
  g_test_add_func ("/graph-view/live-state", test_live_state);
  g_test_add_func ("/graph-view/screenshots", test_screenshots);
  g_test_add_func ("/graph-view/empty", test_empty);

  return g_test_run ();
}
