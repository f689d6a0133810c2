/* test-window-stack.c: Deploy to Swarm and Remove from Swarm in the window
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the test engine: while it is in no Swarm the window does not
 * offer the actions (and its menu does not show them); once it is a
 * manager (the test runs `docker swarm init`'s API call, and leaves the
 * Swarm at the end only if it made it) the window offers them, Deploy
 * asks first and names what Swarm leaves out, the progress panel follows
 * the services until their tasks run, the tasks become replicas on the
 * graph, and Remove takes the stack away.  The menu, both questions and
 * the finished deploy are saved as screenshots.
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-graph-view.h"
#include "flt-logs-page.h"
#include "flt-stack-graph.h"
#include "flt-test-gui.h"
#include "flt-window-private.h"

#define TEST_IMAGE "flotilla-test/busybox"

/* The integration test deploys to a Swarm too: one at a time. */
static int
take_swarm_lock (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "flotilla-swarm-test.lock", NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

  if (fd >= 0)
    flock (fd, LOCK_EX);
  return fd;
}

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

/* `docker swarm init`, on the first address that works. */
static gboolean
init_swarm (FltEngine  *engine,
            char      **why)
{
  static const char * const bodies[] = {
    "{\"ListenAddr\": \"0.0.0.0:2377\"}",
    "{\"ListenAddr\": \"127.0.0.1:2377\", \"AdvertiseAddr\": \"127.0.0.1:2377\"}",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) body = json_from_string (bodies[i], NULL);
      g_autoptr(JsonNode) reply = NULL;

      g_clear_error (&error);
      reply = flt_engine_call (engine, "POST", "/swarm/init", body, NULL, NULL, &error);
      if (error == NULL)
        return TRUE;
    }
  *why = g_strdup_printf ("docker swarm init failed: %s", error->message);
  return FALSE;
}

/* Tutorial-shaped, for a kernel with or without IPVS: es answers on 9200,
 * web at two replicas fetches it by name and serves on a host-mode port.
 * build and depends_on are there for Swarm to leave out. */
static char *
write_project (const char  *name,
               char       **dir)
{
  g_autofree char *text = g_strdup_printf (
    "name: %s\n"
    "services:\n"
    "  es:\n"
    "    image: " TEST_IMAGE "\n"
    "    init: true\n"
    "    command: [\"sh\", \"-c\", \"mkdir -p /www && echo green > /www/index.html && exec httpd -f -p 9200 -h /www\"]\n"
    "    deploy:\n"
    "      endpoint_mode: dnsrr\n"
    "  web:\n"
    "    image: " TEST_IMAGE "\n"
    "    build: .\n"
    "    init: true\n"
    "    depends_on: [es]\n"
    "    command: [\"sh\", \"-c\", \"until wget -q -O- http://es:9200/; do sleep 0.2; done; echo web reached es; exec sleep 600\"]\n"
    "    ports:\n"
    "      - target: 5000\n"
    "        mode: host\n"
    "    deploy:\n"
    "      replicas: 2\n"
    "      endpoint_mode: dnsrr\n", name);
  char *path;

  *dir = g_dir_make_tmp ("flt-window-stack-XXXXXX", NULL);
  path = g_build_filename (*dir, "compose.yaml", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
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

static GtkMenuButton *
find_main_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) &&
      g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), "open-menu-symbolic") == 0)
    return GTK_MENU_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_main_menu (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The menu's item showing @label (its model buttons have a "text"). */
static GtkWidget *
find_menu_item (GtkWidget  *widget,
                const char *label)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "text") != NULL)
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      if (g_strcmp0 (text, label) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_item (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Opens the main menu and says whether it shows Deploy to Swarm; saves it
 * as a screenshot when @screenshot is given. */
static gboolean
menu_offers_deploy (FltWindow  *window,
                    const char *screenshot)
{
  GtkMenuButton *button = find_main_menu (GTK_WIDGET (window));
  g_auto(GStrv) parts = g_strsplit (_("_Deploy to Swarm…"), "_", -1);
  g_autofree char *label = g_strjoinv ("", parts);   /* as shown: without the mnemonic */
  GtkPopover *popover;
  GtkWidget *item;
  gboolean shown;

  g_assert_nonnull (button);
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  FLT_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  flt_test_wait_for_paint (GTK_WIDGET (popover));
  item = find_menu_item (GTK_WIDGET (popover), label);
  shown = item != NULL && gtk_widget_get_visible (item);
  if (screenshot != NULL)
    flt_test_save_screenshot (GTK_WIDGET (popover), screenshot);
  gtk_menu_button_popdown (button);
  FLT_TEST_WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (popover)));
  return shown;
}

static gboolean
label_shows (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_shows (child, text))
      return TRUE;
  return FALSE;
}

static guint
count_running (GPtrArray  *tasks,
               const char *service)
{
  guint n = 0;

  for (guint i = 0; i < tasks->len; i++)
    {
      FltStackTask *task = g_ptr_array_index (tasks, i);

      if (g_str_equal (task->service, service) && task->state == FLT_TASK_RUNNING &&
          task->desired == FLT_TASK_RUNNING)
        n++;
    }
  return n;
}

static gboolean
stack_service_running (FltWindow  *window,
                       const char *service)
{
  FltServiceRow *row = flt_sidebar_get_service_row (_flt_window_get_sidebar (window), service);

  return window->stack_state != NULL && flt_stack_state_is_deployed (window->stack_state) &&
         row != NULL && flt_service_row_get_status_kind (row) == FLT_SERVICE_RUNNING;
}

static guint
count_graph_running (FltGraph   *graph,
                     const char *id)
{
  const FltGraphNode *node = flt_graph_lookup_node (graph, id);
  guint n = 0;

  for (guint i = 0; node != NULL && node->replicas != NULL && i < node->replicas->len; i++)
    if (((FltGraphReplica *) g_ptr_array_index (node->replicas, i))->state == FLT_GRAPH_STATE_RUNNING)
      n++;
  return n;
}

/* How many of @service's tasks wrote @text: lines from a stack name the
 * task they came from, "web.2@node". */
static guint
count_task_lines (FltLogBuffer *buffer,
                  const char   *service,
                  const char   *text)
{
  g_autoptr(GHashTable) tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *prefix = g_strconcat (service, ".", NULL);
  FltLogEntry entry;

  for (guint i = 0; flt_log_buffer_get_entry (buffer, i, &entry); i++)
    if (g_strcmp0 (entry.service, service) == 0 && g_str_has_prefix (entry.container, prefix) &&
        strchr (entry.container, '@') != NULL && entry.length == strlen (text) &&
        memcmp (entry.text, text, entry.length) == 0)
      g_hash_table_add (tasks, g_strdup (entry.container));
  return g_hash_table_size (tasks);
}

/* While the engine is in no Swarm: nothing to offer, and the menu does
 * not show it. */
static void
phase_no_swarm (void)
{
  FltWindow *window = open_window (g_getenv ("FLT_TEST_STACK_FILE"));

  FLT_TEST_WAIT_UNTIL (_flt_window_stack_role_known (window));
  g_assert_false (_flt_window_stack_is_manager (window));
  g_assert_false (menu_offers_deploy (window, NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stack-deploy", NULL);
  flt_test_spin (100);
  g_assert_null (_flt_window_get_dialog (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* On a manager: deploy, see the tasks, remove. */
static void
phase_manager (void)
{
  const char *name = g_getenv ("FLT_TEST_STACK_NAME");
  g_autoptr(FltEngine) engine = test_engine ();
  g_autoptr(FltStack) stack = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(FltGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *web = g_strdup_printf ("%s_web", name);
  FltLogBuffer *logs;
  FltWindow *window = open_window (g_getenv ("FLT_TEST_STACK_FILE"));
  FltProgressPanel *panel = _flt_window_get_progress_panel (window);
  const FltGraphNode *node;
  GtkWidget *dialog;

  g_assert_nonnull (engine);
  FLT_TEST_WAIT_UNTIL (_flt_window_stack_is_manager (window));
  g_assert_true (menu_offers_deploy (window, "stack-menu"));

  /* Deploy asks first, naming the stack and what Swarm leaves out. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stack-deploy", NULL));
  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL);
  dialog = _flt_window_get_dialog (window);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("Deploy to Swarm?"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), name));
  g_assert_true (label_shows (dialog, "build, depends_on"));
  flt_test_wait_for_paint (dialog);
  flt_test_save_screenshot (dialog, "stack-deploy-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "deploy");

  /* The panel follows the services until their tasks run. */
  FLT_TEST_WAIT_UNTIL (_flt_window_get_busy (window));
  FLT_TEST_WAIT_UNTIL (!_flt_window_get_busy (window));
  g_assert_null (flt_progress_panel_get_message (panel));
  g_assert_nonnull (flt_progress_panel_find_row (panel, "Service", web));
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "stack-deployed");

  stack = flt_stack_new (engine, NULL, name);
  tasks = flt_stack_list_tasks (stack, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_running (tasks, "web"), ==, 2);
  g_assert_cmpuint (count_running (tasks, "es"), ==, 1);

  /* The window follows the stack: the sidebar counts each service's
   * running tasks, the header says the project runs on the Swarm, the
   * graph shows the tasks as replicas named after slot and node, and the
   * Logs view follows the services' logs. */
  FLT_TEST_WAIT_UNTIL (stack_service_running (window, "web") && stack_service_running (window, "es"));
  g_assert_cmpuint (flt_service_row_get_status_kind (flt_sidebar_get_service_row (_flt_window_get_sidebar (window),
                                                                                  "web")), ==, FLT_SERVICE_RUNNING);
  /* The stack's network is an overlay, and the sidebar says so. */
  FLT_TEST_WAIT_UNTIL (label_shows (GTK_WIDGET (_flt_window_get_sidebar (window)), "overlay"));
  {
    g_autofree char *subtitle = _flt_window_describe_state (window);
    g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u service running on the Swarm",
                                                              "%u of %u services running on the Swarm", 2), 2, 2);

    g_assert_cmpstr (subtitle, ==, expected);
  }

  _flt_window_select_view (window, "graph");
  graph = g_object_ref (flt_graph_view_get_graph (FLT_GRAPH_VIEW (_flt_window_get_view (window, "graph"))));
  FLT_TEST_WAIT_UNTIL (count_graph_running (graph, "service:web") == 2 &&
                       count_graph_running (graph, "service:es") == 1);
  node = flt_graph_lookup_node (graph, "service:web");
  for (guint i = 0; i < node->replicas->len; i++)
    {
      const FltGraphReplica *replica = g_ptr_array_index (node->replicas, i);
      g_autofree char *prefix = g_strdup_printf ("web.%d@", replica->number);

      g_assert_true (g_str_has_prefix (replica->name, prefix));
    }
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "stack-graph");

  _flt_window_select_view (window, "logs");
  logs = flt_logs_page_get_buffer (FLT_LOGS_PAGE (_flt_window_get_view (window, "logs")));
  FLT_TEST_WAIT_UNTIL (flt_logs_page_get_following_stack (FLT_LOGS_PAGE (_flt_window_get_view (window, "logs"))));
  /* Each of web's tasks reached es by name over the overlay network. */
  FLT_TEST_WAIT_UNTIL (count_task_lines (logs, "web", "web reached es") == 2);
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "stack-logs");

  stack = flt_stack_new (engine, NULL, name);
  tasks = flt_stack_list_tasks (stack, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_running (tasks, "web"), ==, 2);
  g_assert_cmpuint (count_running (tasks, "es"), ==, 1);

  /* Remove asks too, then the stack is gone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stack-remove", NULL));
  FLT_TEST_WAIT_UNTIL (_flt_window_get_dialog (window) != NULL && _flt_window_get_dialog (window) != dialog);
  dialog = _flt_window_get_dialog (window);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("Remove the Stack?"));
  flt_test_wait_for_paint (dialog);
  flt_test_save_screenshot (dialog, "stack-remove-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  FLT_TEST_WAIT_UNTIL (_flt_window_get_busy (window));
  FLT_TEST_WAIT_UNTIL (!_flt_window_get_busy (window));
  g_assert_null (flt_progress_panel_get_message (panel));

  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = flt_stack_list_tasks (stack, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 0);

  /* Without the stack the window is back to the project's containers. */
  FLT_TEST_WAIT_UNTIL (!flt_stack_state_is_deployed (window->stack_state));
  FLT_TEST_WAIT_UNTIL (count_graph_running (graph, "service:web") == 0);
  FLT_TEST_WAIT_UNTIL (!flt_logs_page_get_following_stack (FLT_LOGS_PAGE (_flt_window_get_view (window, "logs"))));
  g_assert_cmpuint (flt_service_row_get_status_kind (flt_sidebar_get_service_row (_flt_window_get_sidebar (window),
                                                                                  "web")), ==, FLT_SERVICE_NOT_CREATED);
  FLT_TEST_WAIT_UNTIL (!label_shows (GTK_WIDGET (_flt_window_get_sidebar (window)), "overlay"));
  {
    g_autoptr(GPtrArray) services = flt_stack_list_services (stack, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (services->len, ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The window works in child processes, so that whatever happens there,
 * this one takes away the stack and the Swarm it made. */
static void
test_deploy_and_remove (void)
{
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *why = NULL;
  FltSwarmRole role;
  gboolean initialised = FALSE, had_gwbridge, passed;
  int lock;

  if (g_test_subprocess ())
    {
      if (g_strcmp0 (g_getenv ("FLT_TEST_STACK_PHASE"), "no-swarm") == 0)
        phase_no_swarm ();
      else
        phase_manager ();
      return;
    }

  if (flt_test_gui_skip_if_needed ())
    return;
  if ((engine = test_engine ()) == NULL)
    return;

  lock = take_swarm_lock ();
  role = flt_swarm_get_role (engine, NULL, &error);
  g_assert_no_error (error);
  if (role == FLT_SWARM_WORKER || role == FLT_SWARM_UNAVAILABLE)
    {
      g_test_skip ("the test engine is in a Swarm, but not as an active manager");
      close (lock);
      return;
    }

  /* Swarm makes docker_gwbridge and keeps it after leaving. */
  {
    g_autoptr(JsonNode) bridge = flt_engine_call (engine, "GET", "/networks/docker_gwbridge", NULL, NULL, NULL, NULL);

    had_gwbridge = bridge != NULL;
  }
  name = g_strdup_printf ("fltwinstack%d", (int) getpid ());
  path = write_project (name, &dir);
  g_setenv ("FLT_TEST_STACK_NAME", name, TRUE);
  g_setenv ("FLT_TEST_STACK_FILE", path, TRUE);
  if (flt_test_gui_get_language () != NULL)
    g_setenv ("FLT_TEST_STACK_LANGUAGE", flt_test_gui_get_language (), TRUE);

  if (role == FLT_SWARM_NONE)
    {
      g_setenv ("FLT_TEST_STACK_PHASE", "no-swarm", TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      passed = g_test_trap_has_passed ();
      if (passed && !init_swarm (engine, &why))
        {
          g_test_skip (why);
          close (lock);
          g_unlink (path);
          g_rmdir (dir);
          return;
        }
      initialised = passed;
      if (!passed)
        goto out;
    }

  g_setenv ("FLT_TEST_STACK_PHASE", "manager", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  passed = g_test_trap_has_passed ();

out:
  /* Whatever the child left. */
  {
    g_autoptr(FltStack) stack = flt_stack_new (engine, NULL, name);

    if (flt_swarm_get_role (engine, NULL, NULL) == FLT_SWARM_MANAGER)
      flt_stack_remove (stack, NULL, NULL);
  }
  if (initialised)
    {
      flt_engine_call (engine, "POST", "/swarm/leave?force=1", NULL, NULL, NULL, NULL);
      if (!had_gwbridge)
        flt_engine_call (engine, "DELETE", "/networks/docker_gwbridge", NULL, NULL, NULL, NULL);
    }
  close (lock);
  g_unlink (path);
  g_rmdir (dir);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  const char *language = g_getenv ("FLT_TEST_STACK_LANGUAGE");
  char **argv_with_language;
  int argc_with_language;
  int status;

  /* A child process is started without the parent's --language. */
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  if (language != NULL && g_strv_contains ((const char * const *) argv, "--GTestSubprocess"))
    g_ptr_array_add (args, g_strdup_printf ("--language=%s", language));
  g_ptr_array_add (args, NULL);
  argc_with_language = args->len - 1;
  /* g_test_init() takes out of argv what it reads: it gets a copy of the
   * pointers, so that args still frees every string. */
  argv_with_language = g_memdup2 (args->pdata, args->len * sizeof (char *));

  flt_test_gui_init (&argc_with_language, &argv_with_language);

  g_test_add_func ("/flotilla/window-stack/deploy-and-remove", test_deploy_and_remove);

  status = g_test_run ();
  g_free (argv_with_language);
  return status;
}
