/* test-engine-faults.c: the window when its Docker Engine dies and comes back
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Docker Engine of the test's own (tests/engine/integration/throwaway.py,
 * its own socket, data and bridge) is killed with SIGKILL twice: in the
 * middle of Up, and while the logs and the graph follow the running
 * project.  Each time the window must go on (its main loop keeps running:
 * a 50 ms timer fires on time), say the engine is gone, and, once the
 * engine is started again on the same data, reconnect by itself, show what
 * the engine really has, follow the logs again, and bring the project up
 * with the containers it made before rather than beside them.  The shared
 * engine (/var/run/docker.sock) is never touched.  Skipped, with the
 * reason, where no throwaway engine can run (it needs root and dockerd).
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-container-info.h"
#include "flt-log-buffer.h"
#include "flt-logs-page.h"
#include "flt-test-gui.h"
#include "flt-window-private.h"

#define TEST_IMAGE "flotilla-test/busybox"

/* How long the window may take to notice that the engine is gone, or that
 * it is back: the state retries every 5 s at the most. */
#define NOTICE_SECONDS 15

/* The longest the main loop may stand still while the engine dies and
 * comes back.  Layout and painting take a few frames at most; a blocking
 * call to a dead engine would take seconds. */
#define STALL_LIMIT_MS 1000

/* ------------------------------------------------------------------
 * The main loop's pulse
 * ------------------------------------------------------------------ */

static gint64 last_beat;
static gint64 longest_stall;

static gboolean
heartbeat_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_beat != 0)
    longest_stall = MAX (longest_stall, now - last_beat);
  last_beat = now;
  return G_SOURCE_CONTINUE;
}

static void
heartbeat_reset (void)
{
  last_beat = 0;
  longest_stall = 0;
}

/* The 50 ms timer's longest gap since the last reset, less its period. */
static guint
heartbeat_longest_stall_ms (void)
{
  return longest_stall > 50000 ? (longest_stall - 50000) / 1000 : 0;
}

/* Runs the main loop until @condition holds or @seconds pass. */
#define WAIT_SECONDS(condition, seconds)                                     \
  G_STMT_START {                                                             \
    gint64 wait_end_ = g_get_monotonic_time ()                               \
                       + (gint64) (seconds) * flt_test_time_scale () * G_USEC_PER_SEC; \
    while (!(condition) && g_get_monotonic_time () < wait_end_)              \
      g_main_context_iteration (NULL, TRUE);                                 \
    if (!(condition))                                                        \
      g_error ("Gave up after %u s waiting for %s", (guint) ((seconds) * flt_test_time_scale ()), #condition); \
  } G_STMT_END

/* ------------------------------------------------------------------
 * The throwaway engine, driven through throwaway.py's line protocol
 * ------------------------------------------------------------------ */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *replies;
  GOutputStream    *commands;
  char             *host;
} Throwaway;

typedef struct
{
  gboolean done;
  char    *line;
  GError  *error;
} LineRead;

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                          NULL, &read->error);
  read->done = TRUE;
}

/* One line from the helper; the window keeps running meanwhile. */
static char *
throwaway_reply (Throwaway *t,
                 guint      seconds)
{
  LineRead read = { 0 };

  g_data_input_stream_read_line_async (t->replies, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  WAIT_SECONDS (read.done, seconds);
  g_assert_no_error (read.error);
  if (read.line == NULL)
    g_error ("throwaway.py ended without answering");
  return read.line;
}

static char *
throwaway_command (Throwaway  *t,
                   const char *command,
                   guint       seconds)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (t->commands, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (t->commands, NULL, &error);
  g_assert_no_error (error);
  return throwaway_reply (t, seconds);
}

/* "ready unix:///…": sets @t's host. */
static void
expect_ready (Throwaway  *t,
              const char *reply)
{
  if (!g_str_has_prefix (reply, "ready "))
    g_error ("the throwaway engine did not start: %s", reply);
  g_free (t->host);
  t->host = g_strdup (reply + strlen ("ready "));
}

static void
throwaway_free (Throwaway *t)
{
  g_autoptr(GError) error = NULL;

  if (t->commands != NULL && !g_output_stream_is_closed (t->commands))
    {
      g_autofree char *reply = throwaway_command (t, "quit", 180);

      g_assert_cmpstr (reply, ==, "purged");
    }
  if (t->process != NULL)
    {
      g_subprocess_wait (t->process, NULL, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&t->replies);
  g_clear_object (&t->process);
  g_free (t->host);
  g_free (t);
}

/* A new engine, or NULL when the test was skipped. */
static Throwaway *
throwaway_start (void)
{
  g_autofree char *script = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "tests", "engine",
                                              "integration", "throwaway.py", NULL);
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  Throwaway *t;

  if (python == NULL)
    {
      g_test_skip ("no python3 to run tests/engine/integration/throwaway.py");
      return NULL;
    }

  t = g_new0 (Throwaway, 1);
  t->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                 &error, python, script, "serve", NULL);
  g_assert_no_error (error);
  t->commands = g_subprocess_get_stdin_pipe (t->process);
  t->replies = g_data_input_stream_new (g_subprocess_get_stdout_pipe (t->process));

  /* Starting dockerd and building the test image in it. */
  reply = throwaway_reply (t, 300);
  if (g_str_has_prefix (reply, "skip "))
    {
      g_test_skip (reply + strlen ("skip "));
      g_output_stream_close (t->commands, NULL, NULL);
      g_subprocess_wait (t->process, NULL, NULL);
      t->commands = NULL;
      throwaway_free (t);
      return NULL;
    }
  expect_ready (t, reply);
  return t;
}

/* ------------------------------------------------------------------
 * What the engine has, asked directly
 * ------------------------------------------------------------------ */

static FltEngine *
engine_for (const char *host)
{
  g_autoptr(FltEndpoint) endpoint = NULL;
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  endpoint = flt_endpoint_parse (host, "the test", &error);
  g_assert_no_error (error);
  engine = flt_engine_new (endpoint);
  flt_engine_connect (engine, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&engine);
}

/* The project's containers on the engine: name → state ("running"…), and
 * ID → name into @ids when it is not NULL. */
static GHashTable *
list_containers (FltEngine  *engine,
                 const char *project,
                 GHashTable *ids)
{
  g_autofree char *filters = g_strdup_printf ("{\"label\":[\"com.docker.compose.project=%s\"]}", project);
  g_autofree char *escaped = g_uri_escape_string (filters, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/containers/json?all=1&filters=%s", escaped);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = flt_engine_call (engine, "GET", path, NULL, NULL, NULL, &error);
  GHashTable *states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (reply));
  array = json_node_get_array (reply);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);
      JsonArray *names = json_object_get_array_member (c, "Names");
      const char *name = json_array_get_string_element (names, 0);

      name = name[0] == '/' ? name + 1 : name;
      /* Two containers of one name cannot exist; two of one service
       * would show as two names. */
      g_hash_table_insert (states, g_strdup (name), g_strdup (json_object_get_string_member (c, "State")));
      if (ids != NULL)
        g_hash_table_insert (ids, g_strdup (json_object_get_string_member (c, "Id")), g_strdup (name));
    }
  return states;
}

static GHashTable *
ids_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Whether the window's picture of the project is what the engine has:
 * the same containers, each in the same state. */
static gboolean
state_matches_engine (FltProjectState *state,
                      FltEngine       *engine,
                      const char      *project)
{
  g_autoptr(GHashTable) listed = list_containers (engine, project, NULL);
  g_autoptr(GPtrArray) known = flt_project_state_list_containers (state);
  GHashTableIter iter;
  gpointer name, status;

  if (known->len != g_hash_table_size (listed))
    return FALSE;
  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, &name, &status))
    {
      g_autoptr(FltContainerState) container = flt_project_state_find_container (state, name);

      if (container == NULL || container->status != flt_container_status_from_string (status))
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_running (GHashTable *containers)
{
  GHashTableIter iter;
  gpointer status;

  g_hash_table_iter_init (&iter, containers);
  while (g_hash_table_iter_next (&iter, NULL, &status))
    if (g_strcmp0 (status, "running") != 0)
      return FALSE;
  return g_hash_table_size (containers) > 0;
}

static gboolean
service_running (FltWindow  *window,
                 const char *service)
{
  FltProjectState *state = _flt_window_get_state (window);
  g_autoptr(GPtrArray) containers = NULL;

  if (state == NULL)
    return FALSE;
  containers = flt_project_state_list_service_containers (state, service);
  for (guint i = 0; i < containers->len; i++)
    if (flt_container_state_is_running (g_ptr_array_index (containers, i)))
      return TRUE;
  return FALSE;
}

static gboolean
connected (FltWindow *window)
{
  FltProjectState *state = _flt_window_get_state (window);

  return state != NULL && flt_project_state_is_connected (state);
}

/* ------------------------------------------------------------------ */

/* talker writes a line every 0.2 s; slow turns healthy 6 s after each
 * start, and app waits for it, so that Up is still busy when the engine
 * is killed under it. */
static char *
write_project (const char  *name,
               char       **dir)
{
  g_autofree char *text = g_strdup_printf (
    "name: %s\n"
    "services:\n"
    "  talker:\n"
    "    image: " TEST_IMAGE "\n"
    "    init: true\n"
    "    network_mode: none\n"
    "    command: [\"sh\", \"-c\", \"i=0; while true; do i=$$((i+1)); echo line $$i; sleep 0.2; done\"]\n"
    "  slow:\n"
    "    image: " TEST_IMAGE "\n"
    "    init: true\n"
    "    network_mode: none\n"
    "    command: [\"sh\", \"-c\", \"rm -f /tmp/ready; sleep 6; touch /tmp/ready; exec sleep 3600\"]\n"
    "    healthcheck:\n"
    "      test: [\"CMD\", \"test\", \"-f\", \"/tmp/ready\"]\n"
    "      interval: 1s\n"
    "      retries: 60\n"
    "  app:\n"
    "    image: " TEST_IMAGE "\n"
    "    init: true\n"
    "    network_mode: none\n"
    "    command: [\"sleep\", \"3600\"]\n"
    "    depends_on:\n"
    "      slow:\n"
    "        condition: service_healthy\n", name);
  char *path;

  *dir = g_dir_make_tmp ("flt-engine-faults-XXXXXX", NULL);
  path = g_build_filename (*dir, "compose.yaml", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* After a kill: the window says the engine is gone, and went on meanwhile. */
static void
check_engine_gone (FltWindow  *window,
                   const char *host)
{
  const char *message;
  const char *lost;

  WAIT_SECONDS (gtk_revealer_get_reveal_child (window->engine_banner) && !connected (window),
                NOTICE_SECONDS);
  message = gtk_label_get_label (window->engine_banner_label);
  g_test_message ("the banner: %s", message);
  /* Either the project state's words (it reconnects by itself), or the
   * failed command's, which name the engine that is gone. */
  lost = _("Lost the Docker Engine; Flotilla reconnects as soon as it answers. %s");
  g_assert_nonnull (strstr (lost, "%s"));
  if (strncmp (message, lost, strstr (lost, "%s") - lost) != 0)
    g_assert_nonnull (strstr (message, host + strlen ("unix://")));
  g_assert_cmpuint (heartbeat_longest_stall_ms (), <, STALL_LIMIT_MS * flt_test_time_scale ());
}

/* After a restart: the window reconnects by itself and shows what the
 * engine has now (dockerd stopped the killed one's containers). */
static void
check_engine_back (FltWindow  *window,
                   FltEngine  *engine,
                   const char *project)
{
  WAIT_SECONDS (connected (window) && !gtk_revealer_get_reveal_child (window->engine_banner),
                NOTICE_SECONDS);
  /* The state re-lists on reconnecting; the listing here is a blocking
   * call, so it is made only every 200 ms. */
  for (guint i = 0; !state_matches_engine (_flt_window_get_state (window), engine, project); i++)
    {
      if (i * 200 > NOTICE_SECONDS * 1000 * flt_test_time_scale ())
        g_error ("the window's picture of the project never matched the engine's");
      flt_test_spin (200);
    }
  g_assert_cmpuint (heartbeat_longest_stall_ms (), <, STALL_LIMIT_MS * flt_test_time_scale ());
}

/* The runner's word that it made a container anew because the engine
 * kept a stale task of the old one (after dockerd is killed, containerd may
 * still hold it): the names, from its debug message. */
static GHashTable *made_anew;

static GLogWriterOutput
watch_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if (g_strcmp0 (domain, "flotilla-engine") == 0 && message != NULL &&
      g_str_has_suffix (message, "; making it anew") && strchr (message, ':') != NULL)
    g_hash_table_add (made_anew, g_strndup (message, strchr (message, ':') - message));
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Up after the restart kept the containers it found: every name is still
 * there, once, and under the same ID unless the runner said it had to make
 * that one anew. */
static void
check_kept (GHashTable *before,
            GHashTable *after)
{
  GHashTableIter iter;
  gpointer id, name;
  guint remade = 0;

  g_assert_cmpuint (g_hash_table_size (after), >=, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &id, &name))
    {
      if (g_hash_table_contains (after, id))
        continue;
      if (!g_hash_table_contains (made_anew, name))
        g_error ("Up replaced the container %s (%.12s) without saying why", (char *) name, (char *) id);
      remade++;
    }
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &id, &name))
    {
      GHashTableIter other;
      gpointer other_name;
      guint count = 0;

      g_hash_table_iter_init (&other, after);
      while (g_hash_table_iter_next (&other, NULL, &other_name))
        count += g_str_equal (name, other_name);
      g_assert_cmpuint (count, ==, 1);
    }
  g_test_message ("Up kept %u of %u containers; %u made anew for a stale task",
                  g_hash_table_size (before) - remade, g_hash_table_size (before), remade);
  g_hash_table_remove_all (made_anew);
}

static void
up_and_wait (FltWindow *window)
{
  FltProgressPanel *panel = _flt_window_get_progress_panel (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.up", NULL));
  WAIT_SECONDS (!_flt_window_get_busy (window), 120);
  if (flt_progress_panel_get_message (panel) != NULL)
    g_error ("Up failed: %s", flt_progress_panel_get_message (panel));
  WAIT_SECONDS (service_running (window, "talker") && service_running (window, "slow") &&
                service_running (window, "app"), NOTICE_SECONDS);
}

static void
test_engine_killed (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(GHashTable) containers = NULL;
  g_autoptr(GHashTable) ids_before = NULL;
  g_autoptr(GHashTable) ids_after = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *original = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *container = NULL;
  FltProgressPanel *panel;
  FltLogsPage *logs;
  FltDocument *document;
  FltWindow *window;
  Throwaway *t;
  guint heartbeat;
  guint lines;
  gint64 killed;

  if (flt_test_gui_skip_if_needed ())
    return;
  if ((t = throwaway_start ()) == NULL)
    return;

  engine = engine_for (t->host);
  name = g_strdup_printf ("flt-engine-faults-%d", (int) getpid ());
  path = write_project (name, &dir);
  settings = flt_test_create_settings ();
  g_settings_set_string (settings, "engine-endpoint", t->host);

  file = g_file_new_for_path (path);
  window = flt_window_new (NULL, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  flt_window_open (window, file);
  FLT_TEST_WAIT_UNTIL (!flt_window_get_loading (window) && flt_window_get_project (window) != NULL);
  panel = _flt_window_get_progress_panel (window);
  document = flt_workspace_get_document (flt_window_get_workspace (window));
  FLT_TEST_WAIT_UNTIL (connected (window));

  heartbeat = g_timeout_add (50, heartbeat_cb, NULL);

  /* 1. Killed during Up: Up is waiting for slow to turn healthy. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.up", NULL));
  g_assert_true (_flt_window_get_busy (window));
  WAIT_SECONDS (service_running (window, "slow"), 60);
  g_assert_true (_flt_window_get_busy (window));
  heartbeat_reset ();
  reply = throwaway_command (t, "kill", 60);
  g_assert_cmpstr (reply, ==, "killed");
  killed = g_get_monotonic_time ();

  /* Up ends, and says why, instead of waiting for an engine that is gone. */
  WAIT_SECONDS (!_flt_window_get_busy (window), NOTICE_SECONDS);
  g_test_message ("Up gave up %.1f s after the engine was killed: %s",
                  (g_get_monotonic_time () - killed) / 1e6, flt_progress_panel_get_message (panel));
  g_assert_nonnull (flt_progress_panel_get_message (panel));
  check_engine_gone (window, t->host);
  g_test_message ("the window noticed %.1f s after the engine was killed; the main loop stood still "
                  "for %u ms at the most", (g_get_monotonic_time () - killed) / 1e6,
                  heartbeat_longest_stall_ms ());

  /* Editing goes on without an engine. */
  original = g_strdup (flt_document_get_text (document, NULL));
  g_assert_true (flt_document_set_value (document, "services.app.command", "[\"sleep\", \"60\"]", 0, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpstr (flt_document_get_text (document, NULL), ==, original);
  g_assert_false (flt_document_get_modified (document));
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "engine-gone");

  /* The engine comes back on the same data, as after a crash. */
  heartbeat_reset ();
  ready = throwaway_command (t, "start", 120);
  expect_ready (t, ready);
  g_clear_object (&engine);
  engine = engine_for (t->host);
  check_engine_back (window, engine, name);
  ids_before = ids_new ();
  g_clear_pointer (&containers, g_hash_table_unref);
  containers = list_containers (engine, name, ids_before);
  container = g_strdup_printf ("%s-slow-1", name);
  g_assert_true (g_hash_table_contains (containers, container));
  g_assert_false (all_running (containers));

  /* Up again finishes the job with what the killed one made. */
  up_and_wait (window);
  ids_after = ids_new ();
  g_clear_pointer (&containers, g_hash_table_unref);
  containers = list_containers (engine, name, ids_after);
  g_assert_cmpuint (g_hash_table_size (containers), ==, 3);
  g_assert_true (all_running (containers));
  check_kept (ids_before, ids_after);
  g_clear_pointer (&ids_before, g_hash_table_unref);
  ids_before = g_steal_pointer (&ids_after);

  /* 2. Killed while the logs and the graph follow the project. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "logs"));
  logs = FLT_LOGS_PAGE (_flt_window_get_view (window, "logs"));
  WAIT_SECONDS (flt_log_buffer_count_service_lines (flt_logs_page_get_buffer (logs), "talker") > 2,
                NOTICE_SECONDS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "graph"));
  flt_test_wait_for_paint (GTK_WIDGET (window));

  heartbeat_reset ();
  g_clear_pointer (&reply, g_free);
  reply = throwaway_command (t, "kill", 60);
  g_assert_cmpstr (reply, ==, "killed");
  check_engine_gone (window, t->host);
  WAIT_SECONDS (flt_logs_page_get_engine_error (logs) != NULL, NOTICE_SECONDS);
  g_test_message ("the logs say: %s", flt_logs_page_get_engine_error (logs)->message);
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "engine-gone-graph");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "logs"));
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "engine-gone-logs");

  heartbeat_reset ();
  g_clear_pointer (&ready, g_free);
  ready = throwaway_command (t, "start", 120);
  expect_ready (t, ready);
  g_clear_object (&engine);
  engine = engine_for (t->host);
  check_engine_back (window, engine, name);

  /* Up brings the same three containers back, and the logs follow them
   * again without being asked. */
  lines = flt_log_buffer_count_service_lines (flt_logs_page_get_buffer (logs), "talker");
  up_and_wait (window);
  ids_after = ids_new ();
  g_clear_pointer (&containers, g_hash_table_unref);
  containers = list_containers (engine, name, ids_after);
  g_assert_true (all_running (containers));
  g_assert_cmpuint (g_hash_table_size (ids_after), ==, g_hash_table_size (ids_before));
  check_kept (ids_before, ids_after);
  WAIT_SECONDS (flt_log_buffer_count_service_lines (flt_logs_page_get_buffer (logs), "talker") > lines + 2,
                NOTICE_SECONDS);
  g_assert_null (flt_logs_page_get_engine_error (logs));

  /* Down leaves nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.down", NULL));
  WAIT_SECONDS (!_flt_window_get_busy (window), 120);
  g_assert_null (flt_progress_panel_get_message (panel));
  g_clear_pointer (&containers, g_hash_table_unref);
  containers = list_containers (engine, name, NULL);
  g_assert_cmpuint (g_hash_table_size (containers), ==, 0);

  g_source_remove (heartbeat);
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "engine-endpoint");
  g_clear_object (&engine);
  throwaway_free (t);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  flt_test_gui_init (&argc, &argv);
  made_anew = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_log_set_writer_func (watch_log, NULL, NULL);

  g_test_add_func ("/flotilla/engine-faults/killed-and-back", test_engine_killed);

  return g_test_run ();
}
