/* test-logs.c: the Logs room: buffer, search, filter, feed, view and page
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Three kinds of tests:
 *  - /logs/buffer/…, /logs/search/…, /logs/filter/…, /logs/feed/…: the
 *    model, without widgets;
 *  - /logs/view/…, /logs/page/…: a real page in a window on the test
 *    display, with screenshots in light and dark;
 *  - /logs/engine/…: following a busybox project on the Docker Engine at
 *    /var/run/docker.sock, skipped when none answers.
 */

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-container-info.h"
#include "flt-logs-page.h"
#include "flt-runner.h"
#include "flt-test-gui.h"

/* ----------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static FltLogLine
make_line (const char   *service,
           int           number,
           FltLogStream  stream,
           gint64        timestamp,
           const char   *text)
{
  static char containers[8][64];
  static guint next;
  char *container = containers[next++ % G_N_ELEMENTS (containers)];
  FltLogLine line;

  g_snprintf (container, 64, "demo-%s-%d", service, number);
  line.container = container;
  line.service = service;
  line.number = number;
  line.stream = stream;
  line.timestamp = timestamp;
  line.text = text;
  line.length = strlen (text);
  return line;
}

static void
append_text (FltLogBuffer *buffer,
             const char   *service,
             const char   *text)
{
  FltLogLine line = make_line (service, 1, FLT_LOG_STDOUT, -1, text);

  flt_log_buffer_append (buffer, &line, 1);
}

/* Appends @n lines "SERVICE line I" in one batch. */
static void
append_numbered (FltLogBuffer *buffer,
                 const char   *service,
                 guint         first,
                 guint         n)
{
  g_autoptr(FltLogBatch) batch = flt_log_batch_new ();

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s line %u", service, i);
      FltLogLine line = make_line (service, 1, FLT_LOG_STDOUT, -1, text);

      flt_log_batch_add (batch, &line);
    }
  flt_log_buffer_append_batch (buffer, g_steal_pointer (&batch));
}

static char *
dup_text (FltLogBuffer *buffer,
          guint         index)
{
  FltLogEntry entry;

  g_assert_true (flt_log_buffer_get_entry (buffer, index, &entry));
  return g_strndup (entry.text, entry.length);
}

typedef struct
{
  guint emissions;
  guint removed;
  guint added;
  guint cleared;
} Changes;

static void
lines_changed_cb (FltLogBuffer *buffer,
                  guint         removed,
                  guint         added,
                  Changes      *changes)
{
  changes->emissions++;
  changes->removed += removed;
  changes->added += added;
}

static void
cleared_cb (FltLogBuffer *buffer,
            Changes      *changes)
{
  changes->cleared++;
}

static FltEngine *
engine_for_socket (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat ("unix://", path, NULL);
  g_autoptr(FltEndpoint) endpoint = flt_endpoint_parse (uri, "the test", &error);

  g_assert_no_error (error);
  return flt_engine_new (endpoint);
}

static FltProject *
project_for_yaml (const char  *name,
                  const char  *yaml,
                  char       **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) document = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flt-logs-XXXXXX", &error);
  g_autofree char *file = NULL;
  FltProjectOptions options = { 0 };
  FltProject *project;

  g_assert_no_error (error);
  file = g_build_filename (dir, "compose.yaml", NULL);
  g_file_set_contents (file, yaml, -1, &error);
  g_assert_no_error (error);
  document = flt_document_new_for_path (file, &error);
  g_assert_no_error (error);
  options.project_name = name;
  options.project_directory = dir;
  project = flt_project_new (&document, 1, &options);
  g_assert_false (flt_project_has_errors (project));
  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&dir);
  else
    {
      g_unlink (file);
      g_rmdir (dir);
    }
  return project;
}

static void
remove_project_dir (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, "compose.yaml", NULL);

  g_unlink (file);
  g_rmdir (dir);
}

/* A window holding a page, presented and painted. */
static GtkWindow *
page_window_new (FltLogsPage **page_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  FltLogsPage *page = flt_logs_page_new ();

  gtk_window_set_default_size (window, 860, 460);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  flt_test_wait_for_paint (GTK_WIDGET (window));
  *page_out = page;
  return window;
}

/* What the elasticsearch and web services of the Food Trucks example
 * might write as they start: two services, stdout and stderr. */
static void
feed_foodtrucks (FltLogsPage *page,
                 guint        repeat)
{
  static const struct
  {
    const char  *service;
    FltLogStream stream;
    const char  *text;
  } lines[] = {
    { "es", FLT_LOG_STDOUT, "[2026-01-05T09:41:02,114][INFO ][o.e.n.Node] version[6.3.2], pid[1], build[default/tar]" },
    { "es", FLT_LOG_STDOUT, "[2026-01-05T09:41:02,120][INFO ][o.e.n.Node] JVM arguments [-Xms512m, -Xmx512m]" },
    { "web", FLT_LOG_STDOUT, " * Serving Flask app \"app\" (lazy loading)" },
    { "web", FLT_LOG_STDERR, "Unable to connect to ES. Retrying in 5 secs..." },
    { "es", FLT_LOG_STDOUT, "[2026-01-05T09:41:07,501][INFO ][o.e.h.n.Netty4HttpServerTransport] publish_address {172.18.0.2:9200}" },
    { "es", FLT_LOG_STDOUT, "[2026-01-05T09:41:07,502][INFO ][o.e.n.Node] started" },
    { "web", FLT_LOG_STDERR, "Out of retries. Bailing out..." },
    { "web", FLT_LOG_STDOUT, "Loading data in elasticsearch ..." },
    { "web", FLT_LOG_STDOUT, "Total trucks loaded:  733" },
    { "web", FLT_LOG_STDOUT, " * Running on http://0.0.0.0:5000/ (Press CTRL+C to quit)" },
    { "web", FLT_LOG_STDOUT, "172.18.0.1 - - [05/Jan/2026 09:41:12] \"GET /search?q=tacos HTTP/1.1\" 200 -" },
    { "es", FLT_LOG_STDERR, "[2026-01-05T09:41:13,008][WARN ][o.e.c.r.a.DiskThresholdMonitor] high disk watermark [90%] exceeded" },
    { "web", FLT_LOG_STDOUT, "172.18.0.1 - - [05/Jan/2026 09:41:14] \"GET /debug HTTP/1.1\" 200 -" },
  };
  GArray *batch = g_array_new (FALSE, FALSE, sizeof (FltLogLine));
  /* 2026-01-05 09:41:02 UTC */
  gint64 ts = G_GINT64_CONSTANT (1767606062) * 1000000000 + 114000000;

  for (guint r = 0; r < repeat; r++)
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        FltLogLine line = make_line (lines[i].service, 1, lines[i].stream, ts, lines[i].text);

        ts += 377000000;
        g_array_append_val (batch, line);
      }

  flt_log_feed_push_lines (flt_logs_page_get_feed (page), (FltLogLine *) batch->data, batch->len);
  flt_log_feed_flush (flt_logs_page_get_feed (page));
  g_array_unref (batch);
}

/* ----------------------------------------------------------------------
 * The buffer
 * ---------------------------------------------------------------------- */

static void
test_buffer_ring (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (5);
  Changes changes = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  FltLogEntry entry;

  g_signal_connect (buffer, "lines-changed", G_CALLBACK (lines_changed_cb), &changes);
  g_signal_connect (buffer, "cleared", G_CALLBACK (cleared_cb), &changes);

  append_numbered (buffer, "web", 0, 3);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 3);
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 3);

  /* Past the capacity, the oldest go, counted in the same emission. */
  append_numbered (buffer, "db", 3, 4);
  g_assert_cmpuint (changes.emissions, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 2);
  g_assert_cmpuint (changes.added, ==, 7);
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 5);
  g_assert_cmpuint (flt_log_buffer_get_first_seq (buffer), ==, 2);
  g_assert_cmpuint (flt_log_buffer_get_end_seq (buffer), ==, 7);
  first = dup_text (buffer, 0);
  last = dup_text (buffer, 4);
  g_assert_cmpstr (first, ==, "web line 2");
  g_assert_cmpstr (last, ==, "db line 6");
  g_assert_false (flt_log_buffer_get_entry (buffer, 5, &entry));
  g_assert_true (flt_log_buffer_get_entry (buffer, 1, &entry));
  g_assert_cmpuint (entry.seq, ==, 3);
  g_assert_cmpstr (entry.service, ==, "db");
  g_assert_cmpstr (entry.label, ==, "db-1");
  g_assert_cmpstr (entry.container, ==, "demo-db-1");
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "web"), ==, 1);
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "db"), ==, 4);

  /* A batch larger than the whole buffer keeps its last lines. */
  append_numbered (buffer, "web", 100, 12);
  g_assert_cmpuint (changes.removed, ==, 2 + 5);
  g_assert_cmpuint (changes.added, ==, 7 + 5);
  g_assert_cmpuint (flt_log_buffer_get_first_seq (buffer), ==, 7 + 7);
  g_clear_pointer (&first, g_free);
  first = dup_text (buffer, 0);
  g_assert_cmpstr (first, ==, "web line 107");
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "db"), ==, 0);
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "web"), ==, 5);

  /* A smaller capacity evicts at once. */
  flt_log_buffer_set_capacity (buffer, 2);
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 2);
  g_assert_cmpuint (changes.removed, ==, 7 + 3);
  g_clear_pointer (&first, g_free);
  first = dup_text (buffer, 0);
  g_assert_cmpstr (first, ==, "web line 110");

  /* And a larger one keeps what is there. */
  flt_log_buffer_set_capacity (buffer, 1000);
  append_numbered (buffer, "db", 0, 900);
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 902);
  g_clear_pointer (&first, g_free);
  first = dup_text (buffer, 0);
  g_assert_cmpstr (first, ==, "web line 110");

  /* Clearing forgets lines, not numbers nor services. */
  flt_log_buffer_clear (buffer);
  g_assert_cmpuint (changes.cleared, ==, 1);
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 0);
  g_assert_cmpuint (flt_log_buffer_get_first_seq (buffer), ==, 3 + 4 + 12 + 900);
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "db"), ==, 0);
  g_assert_cmpint (flt_log_buffer_lookup_service (buffer, "web"), ==, 0);
  g_assert_cmpint (flt_log_buffer_lookup_service (buffer, "db"), ==, 1);

  append_text (buffer, "web", "after the clear");
  g_clear_pointer (&first, g_free);
  first = dup_text (buffer, 0);
  g_assert_cmpstr (first, ==, "after the clear");
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 1);
}

/* Many lines through a small buffer: every one is accounted for, and
 * what stays is the newest, in order. */
static void
test_buffer_churn (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (1000);
  Changes changes = { 0 };
  guint total = 0;

  g_signal_connect (buffer, "lines-changed", G_CALLBACK (lines_changed_cb), &changes);

  for (guint round = 0; round < 200; round++)
    {
      guint n = 1 + (round * 37) % 700;

      append_numbered (buffer, round % 2 ? "web" : "db", total, n);
      total += n;
      g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, MIN (total, 1000));
    }
  g_assert_cmpuint (changes.added - changes.removed, ==, 1000);
  g_assert_cmpuint (flt_log_buffer_get_end_seq (buffer), ==, total);

  for (guint i = 0; i < 1000; i++)
    {
      FltLogEntry entry;
      g_autofree char *expected = NULL;

      g_assert_true (flt_log_buffer_get_entry (buffer, i, &entry));
      expected = g_strdup_printf ("%s line %" G_GUINT64_FORMAT, entry.service, entry.seq);
      g_assert_cmpmem (entry.text, entry.length, expected, strlen (expected));
    }
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "web") +
                    flt_log_buffer_count_service_lines (buffer, "db"), ==, 1000);
}

static void
test_buffer_sanitize (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (10);
  static const struct
  {
    const char *in;
    gsize length;
    const char *out;
  } cases[] = {
    { "\033[1;31mERROR\033[0m boom", 0, "ERROR boom" },
    { "\033]0;title\007after", 0, "after" },
    { "tab\there\rprogress", 0, "tab\thereprogress" },
    { "bad \xff byte", 0, "bad \xef\xbf\xbd byte" },
    { "nul\0inside", 10, "nulinside" },
    { "caf\xc3\xa9 \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 0, "café привет" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FltLogLine line = make_line ("web", 1, FLT_LOG_STDOUT, -1, cases[i].in);
      g_autofree char *text = NULL;

      if (cases[i].length > 0)
        line.length = cases[i].length;
      flt_log_buffer_append (buffer, &line, 1);
      text = dup_text (buffer, flt_log_buffer_get_n_lines (buffer) - 1);
      g_assert_cmpstr (text, ==, cases[i].out);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

/* Lines of a Swarm stack's services are named after their task, which
 * says the slot and the node: that is the label, as it is. */
static void
test_buffer_task_labels (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (10);
  FltLogLine lines[] = {
    make_line ("web", 2, FLT_LOG_STDOUT, -1, "from a task"),
    make_line ("agent", 0, FLT_LOG_STDOUT, -1, "from a global task"),
    make_line ("web", 3, FLT_LOG_STDOUT, -1, "from a container"),
    make_line ("webapp", 1, FLT_LOG_STDOUT, -1, "another service's task"),
  };
  FltLogEntry entry;

  lines[0].container = "web.2@node1";
  lines[1].container = "agent@node2";
  lines[3].container = "web.1@node1";   /* not webapp's name: the usual label */
  flt_log_buffer_append (buffer, lines, G_N_ELEMENTS (lines));

  g_assert_true (flt_log_buffer_get_entry (buffer, 0, &entry));
  g_assert_cmpstr (entry.label, ==, "web.2@node1");
  g_assert_true (flt_log_buffer_get_entry (buffer, 1, &entry));
  g_assert_cmpstr (entry.label, ==, "agent@node2");
  g_assert_true (flt_log_buffer_get_entry (buffer, 2, &entry));
  g_assert_cmpstr (entry.label, ==, "web-3");
  g_assert_true (flt_log_buffer_get_entry (buffer, 3, &entry));
  g_assert_cmpstr (entry.label, ==, "webapp-1");
  g_assert_cmpuint (flt_log_buffer_get_label_width (buffer), ==, strlen ("web.2@node1"));
}

static void
test_buffer_format (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (10);
  g_autoptr(GString) row = g_string_new (NULL);
  FltLogLine lines[] = {
    make_line ("web", 1, FLT_LOG_STDOUT, G_GINT64_CONSTANT (1234567890123), "hello"),
    make_line ("elasticsearch", 2, FLT_LOG_STDERR, -1, "warm"),
  };
  FltLogEntry entry;
  gsize text_offset = 0;
  char stamp[64];

  /* Local time: pin the zone. */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();

  flt_log_buffer_append (buffer, lines, G_N_ELEMENTS (lines));
  g_assert_cmpuint (flt_log_buffer_get_label_width (buffer), ==, strlen ("elasticsearch-2"));

  flt_log_format_timestamp (G_GINT64_CONSTANT (1234567890123), stamp, sizeof stamp);
  g_assert_cmpstr (stamp, ==, "1970-01-01 00:20:34.567");

  flt_log_buffer_get_entry (buffer, 0, &entry);
  flt_log_format_row (row, &entry, flt_log_buffer_get_label_width (buffer), FALSE, G_MAXSIZE, &text_offset);
  g_assert_cmpstr (row->str, ==, "web-1           | hello");
  g_assert_cmpuint (text_offset, ==, strlen ("web-1           | "));

  g_string_truncate (row, 0);
  flt_log_format_row (row, &entry, flt_log_buffer_get_label_width (buffer), TRUE, G_MAXSIZE, NULL);
  g_assert_cmpstr (row->str, ==, "1970-01-01 00:20:34.567 web-1           | hello");

  /* Without a timestamp the column stays, blank. */
  flt_log_buffer_get_entry (buffer, 1, &entry);
  g_string_truncate (row, 0);
  flt_log_format_row (row, &entry, flt_log_buffer_get_label_width (buffer), TRUE, 2, NULL);
  g_assert_cmpstr (row->str, ==, "                        elasticsearch-2 | wa…");

  g_unsetenv ("TZ");
  tzset ();
}

/* Each service keeps its colour: the order services became known, which
 * the page sets to the order of the file, and clearing does not change. */
static void
test_buffer_colors (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (100);
  GdkRGBA light[FLT_LOG_VIEW_N_COLORS], dark[FLT_LOG_VIEW_N_COLORS];
  FltLogEntry entry;

  g_assert_cmpuint (flt_log_buffer_intern_service (buffer, "es"), ==, 0);
  g_assert_cmpuint (flt_log_buffer_intern_service (buffer, "web"), ==, 1);
  g_assert_cmpuint (flt_log_buffer_intern_service (buffer, "es"), ==, 0);

  /* web speaks first, yet keeps its place. */
  append_text (buffer, "web", "first");
  append_text (buffer, "cache", "second");
  append_text (buffer, "es", "third");
  flt_log_buffer_get_entry (buffer, 0, &entry);
  g_assert_cmpuint (entry.service_index, ==, 1);
  flt_log_buffer_get_entry (buffer, 1, &entry);
  g_assert_cmpuint (entry.service_index, ==, 2);
  flt_log_buffer_get_entry (buffer, 2, &entry);
  g_assert_cmpuint (entry.service_index, ==, 0);

  flt_log_buffer_clear (buffer);
  append_text (buffer, "cache", "again");
  flt_log_buffer_get_entry (buffer, 0, &entry);
  g_assert_cmpuint (entry.service_index, ==, 2);

  /* The palette: distinct colours, a lighter shade on dark. */
  for (guint i = 0; i < FLT_LOG_VIEW_N_COLORS; i++)
    {
      flt_log_view_get_service_color (i, FALSE, &light[i]);
      flt_log_view_get_service_color (i, TRUE, &dark[i]);
      g_assert_cmpfloat (light[i].red + light[i].green + light[i].blue, <,
                         dark[i].red + dark[i].green + dark[i].blue);
      for (guint j = 0; j < i; j++)
        g_assert_false (gdk_rgba_equal (&light[i], &light[j]));
    }
  flt_log_view_get_service_color (FLT_LOG_VIEW_N_COLORS + 3, FALSE, &light[0]);
  g_assert_true (gdk_rgba_equal (&light[0], &light[3]));
}

/* ----------------------------------------------------------------------
 * Searching
 * ---------------------------------------------------------------------- */

static void
assert_find (FltLogSearch *search,
             const char   *text,
             gsize         from,
             gssize        start,
             gssize        end)
{
  gsize s = 0, e = 0;
  gboolean found = flt_log_search_find (search, text, strlen (text), from, &s, &e);

  if (start < 0)
    g_assert_false (found);
  else
    {
      g_assert_true (found);
      g_assert_cmpuint (s, ==, start);
      g_assert_cmpuint (e, ==, end);
    }
}

static void
test_search_plain (void)
{
  g_autoptr(FltLogSearch) any = flt_log_search_new ("error", FLT_LOG_SEARCH_DEFAULT, NULL);
  g_autoptr(FltLogSearch) exact = flt_log_search_new ("error", FLT_LOG_SEARCH_MATCH_CASE, NULL);
  g_autoptr(FltLogSearch) dots = flt_log_search_new ("a.b", FLT_LOG_SEARCH_DEFAULT, NULL);
  g_autoptr(FltLogSearch) cyrillic = flt_log_search_new ("ошибка", FLT_LOG_SEARCH_DEFAULT, NULL);

  g_assert_nonnull (any);
  assert_find (any, "an ERROR and an error", 0, 3, 8);
  assert_find (any, "an ERROR and an error", 4, 16, 21);
  assert_find (any, "an ERROR and an error", 17, -1, -1);
  assert_find (exact, "an ERROR and an error", 0, 16, 21);
  assert_find (exact, "no Error here", 0, -1, -1);

  /* Plain text is taken literally. */
  assert_find (dots, "axb a.b", 0, 4, 7);

  /* Case folding beyond ASCII. */
  assert_find (cyrillic, "ОШИБКА: нет", 0, 0, strlen ("ОШИБКА"));
  g_assert_cmpstr (flt_log_search_get_text (cyrillic), ==, "ошибка");
}

static void
test_search_regex (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FltLogSearch) ms = flt_log_search_new ("\\d+ms", FLT_LOG_SEARCH_REGEX, NULL);
  g_autoptr(FltLogSearch) star = flt_log_search_new ("x*", FLT_LOG_SEARCH_REGEX, NULL);
  g_autoptr(FltLogSearch) word = flt_log_search_new ("^GET|POST", FLT_LOG_SEARCH_REGEX | FLT_LOG_SEARCH_MATCH_CASE, NULL);
  g_autoptr(FltLogSearch) caseless = flt_log_search_new ("warn(ing)?", FLT_LOG_SEARCH_REGEX, NULL);
  FltLogSearch *invalid;

  assert_find (ms, "took 15ms, then 200ms", 0, 5, 9);
  assert_find (ms, "took 15ms, then 200ms", 9, 16, 21);

  /* Empty matches are no matches. */
  assert_find (star, "abc", 0, -1, -1);
  assert_find (star, "abxxc", 0, 2, 4);

  /* Anchors hold to the line even when searching further along it. */
  assert_find (word, "GET / then POST /", 0, 0, 3);
  assert_find (word, "GET / then POST /", 1, 11, 15);
  assert_find (word, "get / then post /", 0, -1, -1);
  assert_find (caseless, "WARNING: low disk", 0, 0, 7);

  /* A broken expression is an error, not a crash. */
  invalid = flt_log_search_new ("(unclosed", FLT_LOG_SEARCH_REGEX, &error);
  g_assert_null (invalid);
  g_assert_error (error, G_REGEX_ERROR, G_REGEX_ERROR_UNMATCHED_PARENTHESIS);
  g_clear_error (&error);

  /* The same text as plain text is fine. */
  invalid = flt_log_search_new ("(unclosed", FLT_LOG_SEARCH_DEFAULT, &error);
  g_assert_no_error (error);
  assert_find (invalid, "an (unclosed paren", 0, 3, 12);
  flt_log_search_unref (invalid);
}

static void
test_search_buffer (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (100);
  g_autoptr(FltLogSearch) search = flt_log_search_new ("line 1", FLT_LOG_SEARCH_DEFAULT, NULL);
  guint found = 0;

  append_numbered (buffer, "web", 0, 30);
  g_assert_true (flt_log_buffer_find (buffer, search, 0, FALSE, &found));
  g_assert_cmpuint (found, ==, 1);
  g_assert_true (flt_log_buffer_find (buffer, search, 2, FALSE, &found));
  g_assert_cmpuint (found, ==, 10);
  g_assert_true (flt_log_buffer_find (buffer, search, 29, TRUE, &found));
  g_assert_cmpuint (found, ==, 19);
  g_assert_false (flt_log_buffer_find (buffer, search, 20, FALSE, &found));
  g_assert_false (flt_log_buffer_find (buffer, search, 0, TRUE, &found));
}

/* ----------------------------------------------------------------------
 * The filter
 * ---------------------------------------------------------------------- */

typedef struct
{
  guint rows_added;
  guint rows_removed;
  guint matches_added;
  guint matches_removed;
  guint resets;
} FilterChanges;

static void
rows_changed_cb (FltLogFilter  *filter,
                 guint          removed,
                 guint          added,
                 FilterChanges *changes)
{
  changes->rows_removed += removed;
  changes->rows_added += added;
}

static void
matches_changed_cb (FltLogFilter  *filter,
                    guint          removed,
                    guint          added,
                    FilterChanges *changes)
{
  changes->matches_removed += removed;
  changes->matches_added += added;
}

static void
reset_cb (FltLogFilter  *filter,
          FilterChanges *changes)
{
  changes->resets++;
}

static char *
dup_row (FltLogFilter *filter,
         guint         row)
{
  return dup_text (flt_log_filter_get_buffer (filter), flt_log_filter_get_line (filter, row));
}

static void
test_filter_incremental (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (50);
  g_autoptr(FltLogFilter) filter = flt_log_filter_new (buffer);
  g_autoptr(FltLogSearch) search = flt_log_search_new ("line \\d*7$", FLT_LOG_SEARCH_REGEX, NULL);
  FilterChanges changes = { 0 };
  g_autofree char *text = NULL;
  const FltLogMatch *match;

  g_signal_connect (filter, "rows-changed", G_CALLBACK (rows_changed_cb), &changes);
  g_signal_connect (filter, "matches-changed", G_CALLBACK (matches_changed_cb), &changes);
  g_signal_connect (filter, "reset", G_CALLBACK (reset_cb), &changes);

  /* Without a filter, rows are lines. */
  append_numbered (buffer, "web", 0, 20);
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 20);
  g_assert_cmpuint (changes.rows_added, ==, 20);

  /* A search finds matches; rows stay lines. */
  flt_log_filter_set_search (filter, search);
  g_assert_true (flt_log_filter_process (filter, -1));
  g_assert_cmpuint (changes.resets, ==, 1);
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 20);
  g_assert_cmpuint (flt_log_filter_get_n_matches (filter), ==, 2);
  match = flt_log_filter_get_match (filter, 1);
  g_assert_cmpuint (match->seq, ==, 17);
  g_assert_cmpuint (match->start, ==, strlen ("web "));
  g_assert_cmpuint (match->end, ==, strlen ("web line 17"));

  /* Filter mode: only matching lines. */
  flt_log_filter_set_hide_unmatched (filter, TRUE);
  g_assert_true (flt_log_filter_process (filter, -1));
  g_assert_cmpuint (changes.resets, ==, 2);
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 2);
  text = dup_row (filter, 1);
  g_assert_cmpstr (text, ==, "web line 17");

  /* New lines are classified on arrival, without starting over. */
  changes.rows_added = 0;
  append_numbered (buffer, "db", 20, 20);
  g_assert_true (flt_log_filter_process (filter, -1));
  g_assert_cmpuint (changes.resets, ==, 2);
  g_assert_cmpuint (changes.rows_added, ==, 2);
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 4);
  g_clear_pointer (&text, g_free);
  text = dup_row (filter, 3);
  g_assert_cmpstr (text, ==, "db line 37");
  g_assert_cmpuint (flt_log_filter_row_for_seq (filter, 17), ==, 1);
  g_assert_cmpuint (flt_log_filter_row_for_seq (filter, 18), ==, 2);
  g_assert_cmpuint (flt_log_filter_get_match_base (filter), ==, 2);

  /* Evicted lines take their rows and matches with them. */
  append_numbered (buffer, "db", 40, 30);       /* lines 0..19 go */
  g_assert_true (flt_log_filter_process (filter, -1));
  g_assert_cmpuint (changes.rows_removed, ==, 2);
  g_assert_cmpuint (changes.matches_removed, >=, 2);
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 2 + 3);
  g_clear_pointer (&text, g_free);
  text = dup_row (filter, 0);
  g_assert_cmpstr (text, ==, "db line 27");
  g_assert_cmpuint (flt_log_filter_get_match_base (filter), ==, 2 + 2);

  /* Services: only db, then none, then all again. */
  flt_log_filter_set_hide_unmatched (filter, FALSE);
  {
    const char *only_web[] = { "web", NULL };
    const char *none[] = { NULL };

    flt_log_filter_set_services (filter, only_web);
    g_assert_true (flt_log_filter_process (filter, -1));
    g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 0);
    g_assert_cmpuint (flt_log_filter_get_n_matches (filter), ==, 0);
    g_assert_true (flt_log_filter_includes_service (filter, "web"));
    g_assert_false (flt_log_filter_includes_service (filter, "db"));

    /* A service first seen later is not shown when services are chosen. */
    append_text (buffer, "cache", "cache line 7");
    append_text (buffer, "web", "web line 7");
    g_assert_true (flt_log_filter_process (filter, -1));
    g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 1);
    g_assert_cmpuint (flt_log_filter_get_n_matches (filter), ==, 1);

    flt_log_filter_set_services (filter, none);
    g_assert_true (flt_log_filter_process (filter, -1));
    g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 0);
  }
  flt_log_filter_set_services (filter, NULL);
  g_assert_true (flt_log_filter_process (filter, -1));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 50);
  g_assert_null (flt_log_filter_dup_services (filter));

  /* Clearing starts over. */
  changes.resets = 0;
  flt_log_buffer_clear (buffer);
  g_assert_cmpuint (changes.resets, ==, 1);
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 0);
  g_assert_cmpuint (flt_log_filter_get_n_matches (filter), ==, 0);
}

/* A big search runs in slices: a zero budget still makes progress, one
 * step at a time, and the result is the same as in one go. */
static void
test_filter_slices (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (100000);
  g_autoptr(FltLogFilter) filter = flt_log_filter_new (buffer);
  g_autoptr(FltLogSearch) search = flt_log_search_new ("line \\d+3$", FLT_LOG_SEARCH_REGEX, NULL);
  guint steps = 0;

  append_numbered (buffer, "web", 0, 20000);
  flt_log_filter_set_hide_unmatched (filter, TRUE);
  flt_log_filter_set_search (filter, search);
  while (!flt_log_filter_process (filter, 0))
    steps++;
  g_assert_cmpuint (steps, >, 1);
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 2000 - 1);   /* "line 3" has no tens */
  g_assert_cmpuint (flt_log_filter_get_n_matches (filter), ==, 2000 - 1);
}

/* ----------------------------------------------------------------------
 * The feed
 * ---------------------------------------------------------------------- */

typedef struct
{
  FltLogFeed *feed;
  guint       n_lines;
} Producer;

static gpointer
produce (gpointer data)
{
  Producer *producer = data;

  for (guint i = 0; i < producer->n_lines; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);
      FltLogLine line = make_line (i % 2 ? "web" : "db", 1, FLT_LOG_STDOUT, -1, text);

      /* One line at a time, as the follower's readers do. */
      flt_log_feed_push (producer->feed, &line);
    }
  return NULL;
}

/* Lines pushed one by one from a thread reach the buffer in few batches,
 * in order. */
static void
test_feed_thread (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (100000);
  g_autoptr(FltLogFeed) feed = flt_log_feed_new (buffer);
  Producer producer = { feed, 20000 };
  Changes changes = { 0 };
  GThread *thread;

  g_signal_connect (buffer, "lines-changed", G_CALLBACK (lines_changed_cb), &changes);

  thread = g_thread_new ("producer", produce, &producer);
  FLT_TEST_WAIT_UNTIL (flt_log_buffer_get_n_lines (buffer) == producer.n_lines);
  g_thread_join (thread);

  g_assert_cmpuint (flt_log_feed_get_pending (feed), ==, 0);
  g_assert_cmpuint (flt_log_feed_get_dropped (feed), ==, 0);
  /* Batched: nowhere near one delivery per line. */
  g_assert_cmpuint (changes.emissions, <, producer.n_lines / 20);
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "web"), ==, producer.n_lines / 2);
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "db"), ==, producer.n_lines / 2);
  for (guint i = 0; i < producer.n_lines; i += 997)
    {
      g_autofree char *text = dup_text (buffer, i);
      g_autofree char *expected = g_strdup_printf ("line %u", i);

      g_assert_cmpstr (text, ==, expected);
    }
}

/* More pending than the buffer holds: the excess never reaches the main
 * loop, and what arrives is the newest. */
static void
test_feed_overflow (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (1000);
  g_autoptr(FltLogFeed) feed = flt_log_feed_new (buffer);
  g_autofree char *last = NULL;
  Producer producer = { feed, 200000 };

  /* From this thread, without running the main loop in between. */
  produce (&producer);
  g_assert_cmpuint (flt_log_feed_get_pending (feed), <, 1000 + 65536 + 1);
  g_assert_cmpuint (flt_log_feed_get_dropped (feed) + flt_log_feed_get_pending (feed), ==, 200000);

  flt_log_feed_flush (feed);
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 1000);
  last = dup_text (buffer, 999);
  g_assert_cmpstr (last, ==, "line 199999");
}

static void
follow_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (flt_log_feed_follow_finish (FLT_LOG_FEED (object), result, &error));
  g_assert_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE);
  *(gboolean *) user_data = TRUE;
}

/* Lines seen before a restart of the follower are not shown twice. */
static void
test_feed_resume (void)
{
  g_autoptr(FltLogBuffer) buffer = flt_log_buffer_new (100);
  g_autoptr(FltLogFeed) feed = flt_log_feed_new (buffer);
  g_autoptr(FltEngine) engine = engine_for_socket ("/nonexistent/flotilla-test.sock");
  g_autoptr(FltProject) project = project_for_yaml ("flt-logs-resume", "services:\n  web:\n    image: busybox\n", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FltLogLine seen[] = {
    make_line ("web", 1, FLT_LOG_STDOUT, 1000, "one"),
    make_line ("web", 1, FLT_LOG_STDOUT, 2000, "two"),
  };
  FltLogLine again[] = {
    make_line ("web", 1, FLT_LOG_STDOUT, 1000, "one"),
    make_line ("web", 1, FLT_LOG_STDOUT, 2000, "two"),
    make_line ("web", 1, FLT_LOG_STDOUT, 3000, "three"),
    make_line ("web", 1, FLT_LOG_STDOUT, 2500, "late but new to the resume point"),
  };
  gboolean done = FALSE;

  flt_log_feed_push_lines (feed, seen, G_N_ELEMENTS (seen));
  flt_log_feed_flush (feed);

  /* The engine is not there; what matters is the resume point it sets. */
  flt_log_feed_follow_async (feed, engine, project, TRUE, cancellable, follow_done_cb, &done);
  FLT_TEST_WAIT_UNTIL (done);

  flt_log_feed_push_lines (feed, again, G_N_ELEMENTS (again));
  flt_log_feed_flush (feed);
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 4);
  {
    g_autofree char *third = dup_text (buffer, 2);
    g_autofree char *fourth = dup_text (buffer, 3);

    g_assert_cmpstr (third, ==, "three");
    g_assert_cmpstr (fourth, ==, "late but new to the resume point");
  }
}

/* ----------------------------------------------------------------------
 * The view
 * ---------------------------------------------------------------------- */

static guint64
top_seq (FltLogView *view)
{
  FltLogFilter *filter = flt_log_view_get_filter (view);
  FltLogBuffer *buffer = flt_log_filter_get_buffer (filter);

  return flt_log_buffer_get_first_seq (buffer) +
         flt_log_filter_get_line (filter, flt_log_view_get_top_row (view));
}

static gboolean
at_bottom (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 0.5;
}

/* Follow sticks to the bottom until the user scrolls up, and comes back
 * when they scroll down to it again. */
static void
test_view_follow (void)
{
  FltLogsPage *page;
  GtkWindow *window;
  FltLogView *view;
  FltLogBuffer *buffer;
  GtkAdjustment *vadj;
  gboolean follow = FALSE;
  guint64 seq;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = page_window_new (&page);
  view = flt_logs_page_get_view (page);
  buffer = flt_logs_page_get_buffer (page);
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  flt_log_buffer_set_capacity (buffer, 2000);

  append_numbered (buffer, "web", 0, 500);
  flt_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_true (flt_log_view_get_follow (view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, gtk_adjustment_get_page_size (vadj));
  g_assert_true (at_bottom (vadj));

  /* New lines keep it at the bottom. */
  append_numbered (buffer, "web", 500, 100);
  g_assert_true (at_bottom (vadj));
  g_assert_cmpuint (top_seq (view), >, 500);

  /* Scrolling up stops following; new lines do not move the view. */
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) / 2);
  g_assert_false (flt_log_view_get_follow (view));
  g_object_get (page, "follow", &follow, NULL);
  g_assert_false (follow);
  seq = top_seq (view);
  append_numbered (buffer, "web", 600, 100);
  g_assert_cmpuint (top_seq (view), ==, seq);
  g_assert_false (at_bottom (vadj));

  /* Nor does eviction: the same line stays on top while older ones go. */
  append_numbered (buffer, "web", 700, 1500);
  g_assert_cmpuint (flt_log_buffer_get_first_seq (buffer), >, 0);
  g_assert_cmpuint (flt_log_buffer_get_first_seq (buffer), <, seq);
  g_assert_cmpuint (top_seq (view), ==, seq);
  g_assert_false (flt_log_view_get_follow (view));

  /* Back at the bottom, following resumes. */
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj));
  g_assert_true (flt_log_view_get_follow (view));
  append_numbered (buffer, "web", 2200, 50);
  g_assert_true (at_bottom (vadj));

  /* And the toolbar's toggle jumps back down. */
  gtk_adjustment_set_value (vadj, 0);
  g_assert_false (flt_log_view_get_follow (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.follow", NULL));
  g_assert_true (flt_log_view_get_follow (view));
  g_assert_true (at_bottom (vadj));

  gtk_window_destroy (window);
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_view_selection (void)
{
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;
  FltLogsPage *page;
  GtkWindow *window;
  FltLogView *view;
  FltLogBuffer *buffer;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = page_window_new (&page);
  view = flt_logs_page_get_view (page);
  buffer = flt_logs_page_get_buffer (page);
  append_numbered (buffer, "web", 0, 3);
  append_numbered (buffer, "db", 3, 2);

  g_assert_null (flt_log_view_dup_selected_text (view));

  /* Whole rows, as shown, prefixes aligned. */
  flt_log_view_select_rows (view, 1, 3);
  text = flt_log_view_dup_selected_text (view);
  g_assert_cmpstr (text, ==,
                   "web-1 | web line 1\n"
                   "web-1 | web line 2\n"
                   "db-1  | db line 3\n");

  /* A range: from inside one row to inside another. */
  g_clear_pointer (&text, g_free);
  flt_log_view_select_range (view, 0, strlen ("web-1 | web "), 2, strlen ("web-1 | web line"));
  text = flt_log_view_dup_selected_text (view);
  g_assert_cmpstr (text, ==,
                   "line 0\n"
                   "web-1 | web line 1\n"
                   "web-1 | web line");

  /* Ctrl+C's action puts it on the clipboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log-view.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL,
                                 clipboard_read_cb, &copied);
  FLT_TEST_WAIT_UNTIL (copied != NULL);
  g_assert_cmpstr (copied, ==, text);

  /* Select All takes every row. */
  g_clear_pointer (&text, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log-view.select-all", NULL));
  text = flt_log_view_dup_selected_text (view);
  g_assert_cmpuint (strlen (text), ==, 3 * strlen ("web-1 | web line 0\n") + 2 * strlen ("db-1  | db line 3\n"));

  flt_log_view_clear_selection (view);
  g_assert_null (flt_log_view_dup_selected_text (view));

  gtk_window_destroy (window);
}

/* ----------------------------------------------------------------------
 * The page
 * ---------------------------------------------------------------------- */

static void
test_page_search (void)
{
  FltLogsPage *page;
  GtkWindow *window;
  FltLogFilter *filter;
  FltLogView *view;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = page_window_new (&page);
  view = flt_logs_page_get_view (page);
  filter = flt_logs_page_get_filter (page);
  feed_foodtrucks (page, 3);
  g_assert_null (flt_logs_page_get_match_text (page));

  /* "Retrying" and "retries", three times each. */
  flt_logs_page_set_search (page, "retr");
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (filter));
  g_assert_cmpuint (flt_log_filter_get_n_matches (filter), ==, 6);
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "6 matches");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.find-next", NULL));
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "1 of 6");
  /* The entry's delayed report of the same text changes nothing. */
  flt_test_spin (400);
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "1 of 6");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.find-next", NULL));
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "2 of 6");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.find-previous", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.find-previous", NULL));
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "6 of 6");
  /* Stepping to a match scrolls to it, which stops following if it is
   * not at the bottom. */
  g_assert_cmpint (flt_log_view_get_current_match (view), ==, 5);

  /* Match case. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.match-case", NULL));
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (filter));
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "3 matches");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.match-case", NULL));

  /* A regular expression, first broken, then whole. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.regex", NULL));
  flt_logs_page_set_search (page, "Retr(y");
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "Invalid pattern");
  g_assert_null (flt_log_filter_get_search (filter));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 39);
  flt_logs_page_set_search (page, "Retr(y|ies)|^Total");
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (filter));
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "9 matches");

  /* Filter mode shows only the matching lines. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.filter", NULL));
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (filter));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 9);
  /* and classifies new lines as they come. */
  feed_foodtrucks (page, 1);
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (filter));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 12);

  /* Nothing matches: the page says so. */
  flt_logs_page_set_search (page, "no such thing");
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (filter));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 0);
  g_assert_cmpstr (flt_logs_page_get_match_text (page), ==, "No matches");

  flt_logs_page_set_search (page, "");
  g_assert_null (flt_logs_page_get_match_text (page));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 52);

  gtk_window_destroy (window);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  if (!flt_logs_page_save_finish (FLT_LOGS_PAGE (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "saved");  /* a marker: done, no error */
}

static GError *
save_and_wait (FltLogsPage *page,
               GFile       *file)
{
  GError *error = NULL;

  flt_logs_page_save_async (page, file, NULL, save_done_cb, &error);
  FLT_TEST_WAIT_UNTIL (error != NULL);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && g_str_equal (error->message, "saved"))
    g_clear_error (&error);
  return error;
}

/* Save writes the rows shown, as shown. */
static void
test_page_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  FltLogsPage *page;
  GtkWindow *window;
  FltLogView *view;
  FltLogFilter *filter;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = page_window_new (&page);
  view = flt_logs_page_get_view (page);
  filter = flt_logs_page_get_filter (page);
  feed_foodtrucks (page, 2);

  /* Only web, with timestamps. */
  flt_logs_page_show_service (page, "web");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.timestamps", NULL));
  g_assert_true (flt_log_view_get_show_timestamps (view));
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (filter));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 16);
  for (guint row = 0; row < flt_log_filter_get_n_rows (filter); row++)
    {
      g_autofree char *text = flt_log_view_dup_row_text (view, row);

      g_string_append_printf (expected, "%s\n", text);
    }

  dir = g_dir_make_tmp ("flt-logs-save-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "logs.txt", NULL);
  file = g_file_new_for_path (path);
  error = save_and_wait (page, file);
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected->str);
  g_assert_nonnull (strstr (contents, " web-1 | Total trucks loaded:  733\n"));
  g_assert_null (strstr (contents, "es-1"));
  g_assert_true (g_ascii_isdigit (contents[0]));

  /* A place that cannot be written to is an error, reported. */
  bad = g_file_new_build_filename (dir, "missing-folder", "logs.txt", NULL);
  error = save_and_wait (page, bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (window);
}

static void
test_page_clear (void)
{
  FltLogsPage *page;
  GtkWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = page_window_new (&page);
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "empty");
  feed_foodtrucks (page, 1);
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "logs");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.clear", NULL));
  g_assert_cmpuint (flt_log_buffer_get_n_lines (flt_logs_page_get_buffer (page)), ==, 0);
  g_assert_cmpuint (flt_log_filter_get_n_rows (flt_logs_page_get_filter (page)), ==, 0);
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "empty");

  feed_foodtrucks (page, 1);
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "logs");
  gtk_window_destroy (window);
}

/* What the window's test relies on: lines of two services pushed from a
 * thread show up, per service and combined. */
static void
test_page_two_services (void)
{
  Producer producer = { NULL, 2000 };
  FltLogsPage *page;
  GtkWindow *window;
  FltLogBuffer *buffer;
  FltLogFilter *filter;
  GThread *thread;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = page_window_new (&page);
  buffer = flt_logs_page_get_buffer (page);
  filter = flt_logs_page_get_filter (page);
  producer.feed = flt_logs_page_get_feed (page);

  thread = g_thread_new ("producer", produce, &producer);
  FLT_TEST_WAIT_UNTIL (flt_log_buffer_get_n_lines (buffer) == producer.n_lines);
  g_thread_join (thread);
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "web"), ==, 1000);
  g_assert_cmpuint (flt_log_buffer_count_service_lines (buffer, "db"), ==, 1000);
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 2000);
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "logs");

  /* Per service. */
  flt_logs_page_show_service (page, "db");
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (filter));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 1000);
  for (guint row = 0; row < 1000; row += 99)
    {
      FltLogEntry entry;

      flt_log_buffer_get_entry (buffer, flt_log_filter_get_line (filter, row), &entry);
      g_assert_cmpstr (entry.service, ==, "db");
    }

  /* None, then all again from the chooser's buttons. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.show-no-services", NULL));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.show-all-services", NULL));
  g_assert_cmpuint (flt_log_filter_get_n_rows (filter), ==, 2000);

  gtk_window_destroy (window);
}

static void
test_page_settings (void)
{
  g_autoptr(GSettings) settings = NULL;
  FltLogsPage *page;
  FltLogBuffer *buffer;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  page = g_object_ref_sink (flt_logs_page_new ());
  buffer = flt_logs_page_get_buffer (page);
  g_assert_cmpint (g_settings_get_int (settings, "log-scrollback"), ==, FLT_LOG_BUFFER_DEFAULT_CAPACITY);

  flt_logs_page_set_settings (page, settings);
  g_assert_cmpuint (flt_log_buffer_get_capacity (buffer), ==, FLT_LOG_BUFFER_DEFAULT_CAPACITY);
  append_numbered (buffer, "web", 0, 3000);
  g_settings_set_int (settings, "log-scrollback", 1000);
  g_assert_cmpuint (flt_log_buffer_get_capacity (buffer), ==, 1000);
  g_assert_cmpuint (flt_log_buffer_get_n_lines (buffer), ==, 1000);

  g_settings_reset (settings, "log-scrollback");
  g_object_unref (page);
}

/* Nothing answers: the page says what is wrong and offers to try again. */
static void
test_page_unreachable (void)
{
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(FltProject) project = NULL;
  FltLogsPage *page;
  GtkWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  engine = engine_for_socket ("/nonexistent/flotilla-test.sock");
  project = project_for_yaml ("flt-logs-unreachable",
                              "services:\n  web:\n    image: busybox\n  es:\n    image: busybox\n", NULL);
  window = page_window_new (&page);

  flt_logs_page_follow (page, engine, project);
  g_assert_true (flt_logs_page_get_following (page));
  FLT_TEST_WAIT_UNTIL (flt_logs_page_get_engine_error (page) != NULL);
  g_assert_false (flt_logs_page_get_following (page));
  g_assert_error ((GError *) flt_logs_page_get_engine_error (page), FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE);
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "unreachable");

  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "logs-unreachable");

  /* Trying again fails again, without piling up runs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.retry", NULL));
  g_assert_true (flt_logs_page_get_following (page));
  FLT_TEST_WAIT_UNTIL (!flt_logs_page_get_following (page));
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "unreachable");

  /* A NULL engine stops: back to the empty page. */
  flt_logs_page_follow (page, NULL, project);
  g_assert_null (flt_logs_page_get_engine_error (page));
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "empty");

  gtk_window_destroy (window);
}

/* The page with lines from two services, light and dark. */
static void
test_page_screenshots (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  FltLogsPage *page;
  GtkWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  window = page_window_new (&page);
  flt_test_save_screenshot (GTK_WIDGET (window), "logs-empty");

  feed_foodtrucks (page, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.timestamps", NULL));
  flt_logs_page_set_search (page, "retr");
  FLT_TEST_WAIT_UNTIL (flt_log_filter_is_complete (flt_logs_page_get_filter (page)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.find-previous", NULL));
  flt_log_view_select_rows (flt_logs_page_get_view (page), 44, 45);

  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "logs-light");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "logs-dark");

  /* Filter mode, per service, dark. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.filter", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "logs.timestamps", NULL));
  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (GTK_WIDGET (window), "logs-filter-dark");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (window);
}

static void
test_page_translated (void)
{
  if (flt_test_gui_skip_if_needed ())
    return;

  /* The catalogue is the one built next to the tests: make sure it was
   * found, or the Russian screenshots would quietly be English ones. */
  g_assert_cmpstr (_("Services"), !=, "Services");
}

/* ----------------------------------------------------------------------
 * Against the real engine
 * ---------------------------------------------------------------------- */

#define TEST_PREFIX "flt-logs-test-"
#define TEST_IMAGE "flotilla-test/busybox"

static const char compose_yaml[] =
  "services:\n"
  "  web:\n"
  "    image: " TEST_IMAGE "\n"
  "    init: true\n"
  "    command: [\"sh\", \"-c\", \"while true; do echo web says hello; echo web warns >&2; sleep 0.2; done\"]\n"
  "  db:\n"
  "    image: " TEST_IMAGE "\n"
  "    init: true\n"
  "    command: [\"sh\", \"-c\", \"echo db is ready; while true; do sleep 0.3; echo db still here; done\"]\n";

static FltEngine *
real_engine (void)
{
  g_autoptr(FltEngine) engine = engine_for_socket ("/var/run/docker.sock");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) image = NULL;

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

/* Removes containers and networks left by runs of this test that died. */
static void
sweep_leftovers (FltEngine *engine)
{
  g_autofree char *filters = flt_engine_filters ("label", FLT_LABEL_PROJECT, NULL);
  const char *kinds[] = { "containers", "networks" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *path = g_strdup_printf ("/%s%s%s", kinds[k], k == 0 ? "/json?all=1&" : "?", filters);
      g_autoptr(JsonNode) reply = flt_engine_call (engine, "GET", path, NULL, NULL, NULL, NULL);
      JsonArray *items;

      if (reply == NULL || !JSON_NODE_HOLDS_ARRAY (reply))
        continue;
      items = json_node_get_array (reply);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          JsonObject *labels = json_object_get_object_member (item, "Labels");
          const char *project = labels ? json_object_get_string_member_with_default (labels, FLT_LABEL_PROJECT, "") : "";
          const char *id = json_object_get_string_member_with_default (item, "Id", NULL);
          g_autofree char *remove = NULL;
          long pid;

          if (!g_str_has_prefix (project, TEST_PREFIX) || id == NULL)
            continue;
          pid = strtol (project + strlen (TEST_PREFIX), NULL, 10);
          if (pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno != ESRCH))
            continue;
          remove = g_strdup_printf ("/%s/%s%s", kinds[k], id, k == 0 ? "?force=1" : "");
          g_autoptr(JsonNode) ignored = flt_engine_call (engine, "DELETE", remove, NULL, NULL, NULL, NULL);
          g_test_message ("removed %s, left by a run that died", id);
        }
    }
}

static gboolean
has_line (FltLogBuffer *buffer,
          const char   *service,
          FltLogStream  stream,
          const char   *text)
{
  for (guint i = 0; i < flt_log_buffer_get_n_lines (buffer); i++)
    {
      FltLogEntry entry;

      flt_log_buffer_get_entry (buffer, i, &entry);
      if (entry.stream == stream && g_str_equal (entry.service, service) &&
          entry.length == strlen (text) && memcmp (entry.text, text, entry.length) == 0)
        {
          /* Always asked for, so that the toggle can show them. */
          g_assert_cmpint (entry.timestamp, >, 0);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_engine_follow (void)
{
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(FltProject) project = NULL;
  g_autoptr(FltRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  FltUpOptions up = { 0 };
  FltDownOptions down = { .volumes = TRUE, .remove_orphans = TRUE, .timeout = 1 };
  FltLogsPage *page;
  GtkWindow *window;
  FltLogBuffer *buffer;

  if (flt_test_gui_skip_if_needed ())
    return;
  if ((engine = real_engine ()) == NULL)
    return;

  sweep_leftovers (engine);
  name = g_strdup_printf (TEST_PREFIX "%d", (int) getpid ());
  project = project_for_yaml (name, compose_yaml, &dir);
  runner = flt_runner_new (engine, project);
  flt_runner_up (runner, &up, NULL, &error);
  g_assert_no_error (error);

  window = page_window_new (&page);
  buffer = flt_logs_page_get_buffer (page);
  flt_logs_page_follow (page, engine, project);
  FLT_TEST_WAIT_UNTIL (has_line (buffer, "web", FLT_LOG_STDOUT, "web says hello") &&
                       has_line (buffer, "web", FLT_LOG_STDERR, "web warns") &&
                       has_line (buffer, "db", FLT_LOG_STDOUT, "db is ready"));
  g_assert_true (flt_logs_page_get_following (page));
  g_assert_cmpstr (flt_logs_page_get_state (page), ==, "logs");

  /* The same project again: it goes on, and keeps receiving. */
  flt_logs_page_follow (page, engine, project);
  g_assert_true (flt_logs_page_get_following (page));
  {
    guint64 end = flt_log_buffer_get_end_seq (buffer);

    FLT_TEST_WAIT_UNTIL (flt_log_buffer_get_end_seq (buffer) > end + 4);
  }

  flt_logs_page_stop (page);
  g_assert_false (flt_logs_page_get_following (page));
  gtk_window_destroy (window);

  flt_runner_down (runner, &down, NULL, &error);
  g_assert_no_error (error);
  remove_project_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  flt_test_gui_init (&argc, &argv);

  if (flt_test_gui_get_language () == NULL)
    {
      g_test_add_func ("/logs/buffer/ring", test_buffer_ring);
      g_test_add_func ("/logs/buffer/churn", test_buffer_churn);
      g_test_add_func ("/logs/buffer/sanitize", test_buffer_sanitize);
      g_test_add_func ("/logs/buffer/format", test_buffer_format);
      g_test_add_func ("/logs/buffer/task-labels", test_buffer_task_labels);
      g_test_add_func ("/logs/buffer/colors", test_buffer_colors);
      g_test_add_func ("/logs/search/plain", test_search_plain);
      g_test_add_func ("/logs/search/regex", test_search_regex);
      g_test_add_func ("/logs/search/buffer", test_search_buffer);
      g_test_add_func ("/logs/filter/incremental", test_filter_incremental);
      g_test_add_func ("/logs/filter/slices", test_filter_slices);
      g_test_add_func ("/logs/feed/thread", test_feed_thread);
      g_test_add_func ("/logs/feed/overflow", test_feed_overflow);
      g_test_add_func ("/logs/feed/resume", test_feed_resume);
      g_test_add_func ("/logs/view/follow", test_view_follow);
      g_test_add_func ("/logs/view/selection", test_view_selection);
      g_test_add_func ("/logs/page/search", test_page_search);
      g_test_add_func ("/logs/page/save", test_page_save);
      g_test_add_func ("/logs/page/clear", test_page_clear);
      g_test_add_func ("/logs/page/two-services", test_page_two_services);
      g_test_add_func ("/logs/page/settings", test_page_settings);
      g_test_add_func ("/logs/engine/follow", test_engine_follow);
    }
  else
    g_test_add_func ("/logs/page/translated", test_page_translated);

  g_test_add_func ("/logs/page/unreachable", test_page_unreachable);
  g_test_add_func ("/logs/page/screenshots", test_page_screenshots);

  return g_test_run ();
}
