/* test-list-editors.c: the ports, volumes and environment editors of the
 * service form, in a window, on real files
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-test-gui.h"
#include "flt-environment-editor.h"
#include "flt-mounts-editor.h"
#include "flt-ports-editor.h"
#include "flt-short-syntax.h"

typedef struct
{
  char               *dir;         /* the project folder, removed afterwards */
  char               *original;    /* the compose file's text as written */
  FltDocument        *document;
  FltWorkspace       *workspace;
  GtkWindow          *window;
  AdwPreferencesPage *page;
} Fixture;

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* A project folder holding @text as docker-compose.yml (and @dotenv as its
 * .env), opened the way the window opens files, in a window with an empty
 * preferences page. */
static void
fixture_open (Fixture    *f,
              const char *text,
              const char *dotenv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("flotilla-lists-XXXXXX", &error);
  g_assert_no_error (error);
  write_file (f->dir, "docker-compose.yml", text);
  if (dotenv != NULL)
    write_file (f->dir, ".env", dotenv);
  f->original = g_strdup (text);

  path = g_build_filename (f->dir, "docker-compose.yml", NULL);
  f->document = flt_document_new_for_path (path, &error);
  g_assert_no_error (error);
  f->workspace = flt_workspace_new (f->document, NULL);
  g_assert_true (flt_workspace_wait (f->workspace, FLT_TEST_TIMEOUT_SECONDS * 1000));

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 760, 640);
  f->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
}

static gpointer
fixture_add (Fixture   *f,
             GtkWidget *editor)
{
  adw_preferences_page_add (f->page, ADW_PREFERENCES_GROUP (editor));
  gtk_window_present (f->window);
  return editor;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_assert_no_errno (g_rmdir (path));
    }
  else
    g_assert_no_errno (g_unlink (path));
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->workspace);
  g_clear_object (&f->document);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->original);
}

static const char *
text_of (Fixture *f)
{
  return flt_document_get_text (f->document, NULL);
}

static void
wait_for_project (Fixture *f)
{
  g_assert_true (flt_workspace_wait (f->workspace, FLT_TEST_TIMEOUT_SECONDS * 1000));
}

/* @after is @before with the one line @old_line replaced by @new_line. */
static void
assert_one_line_changed (const char *before,
                         const char *after,
                         const char *old_line,
                         const char *new_line)
{
  g_auto(GStrv) a = g_strsplit (before, "\n", -1);
  g_auto(GStrv) b = g_strsplit (after, "\n", -1);
  guint changed = 0;

  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (guint i = 0; a[i] != NULL; i++)
    {
      if (g_str_equal (a[i], b[i]))
        continue;
      changed++;
      g_assert_cmpstr (a[i], ==, old_line);
      g_assert_cmpstr (b[i], ==, new_line);
    }
  g_assert_cmpuint (changed, ==, 1);
}

/* @after is @before with @inserted (lines) put in at one place. */
static void
assert_lines_inserted (const char *before,
                       const char *after,
                       const char *inserted)
{
  gsize n_before = strlen (before);
  gsize n_inserted = strlen (inserted);
  gsize at = 0;

  if (strlen (after) != n_before + n_inserted)
    g_test_message ("Expected “%s” inserted into:\n%s\nfound:\n%s", inserted, before, after);
  g_assert_cmpuint (strlen (after), ==, n_before + n_inserted);
  while (at < n_before && before[at] == after[at])
    at++;
  /* The insertion starts at a line's start, or takes the line break
   * before it along. */
  while (at > 0 && before[at - 1] != '\n')
    at--;
  if (strncmp (after + at, inserted, n_inserted) != 0)
    {
      at = 0;
      while (at < n_before && before[at] == after[at])
        at++;
    }
  g_assert_cmpmem (after + at, n_inserted, inserted, n_inserted);
  g_assert_cmpstr (after + at + n_inserted, ==, before + at);
}

static FltListRow *
row_at (gpointer editor,
        guint    index)
{
  FltListRow *row = flt_list_editor_get_row (FLT_LIST_EDITOR (editor), index);

  g_assert_nonnull (row);
  return row;
}

static void
assert_message_contains (FltListRow    *row,
                         FltRowMessage  which,
                         const char    *part)
{
  const char *message = flt_list_row_get_message (row, which);

  if (message == NULL || strstr (message, part) == NULL)
    g_error ("Expected “%s” in the row's message, found “%s”", part, message ? message : "(none)");
}

static void
assert_all_messages_contain (FltListRow *row,
                             const char *part)
{
  g_autofree char *all = flt_list_row_dup_all_messages (row);

  if (strstr (all, part) == NULL)
    g_error ("Expected “%s” under the row, found “%s”", part, all);
}

/* Enter in an entry: its text activates, and the entry passes it on. */
static void
press_enter (GtkEditable *editable)
{
  GtkEditable *text = gtk_editable_get_delegate (editable);

  g_assert_true (GTK_IS_TEXT (text));
  g_signal_emit_by_name (text, "activate");
}

/* Types into @editable as a person does: the whole text, then Enter. */
static void
type_and_enter (GtkEditable *editable,
                const char  *text)
{
  gtk_widget_grab_focus (GTK_WIDGET (editable));
  gtk_editable_set_text (editable, text);
  press_enter (editable);
}

static char *
read_text_file (const char *dir,
                const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Ports */

static void
test_ports_edit_published (void)
{
  g_autofree char *foodtrucks = NULL;
  g_autofree char *source = NULL;
  FltPortsEditor *editor;
  FltPortRow *row;
  GtkEditable *published;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  source = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples", "foodtrucks", NULL);
  foodtrucks = read_text_file (source, "docker-compose.yml");
  fixture_open (&f, foodtrucks, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");

  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 1);
  row = FLT_PORT_ROW (row_at (editor, 0));
  g_assert_cmpstr (flt_list_row_get_path (FLT_LIST_ROW (row)), ==, "services.web.ports[0]");
  published = flt_port_row_get_field (row, FLT_PORT_FIELD_PUBLISHED);
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "5000");
  g_assert_cmpstr (gtk_editable_get_text (flt_port_row_get_field (row, FLT_PORT_FIELD_TARGET)), ==, "5000");
  g_assert_cmpstr (gtk_editable_get_text (flt_port_row_get_field (row, FLT_PORT_FIELD_HOST_IP)), ==, "");
  g_assert_cmpuint (gtk_drop_down_get_selected (flt_port_row_get_protocol (row)), ==, 0);
  g_assert_false (flt_port_row_get_long_syntax (row));

  type_and_enter (published, "8080");
  assert_one_line_changed (f.original, text_of (&f), "      - \"5000:5000\"", "      - \"8080:5000\"");

  /* The row is the same one once the project caught up. */
  wait_for_project (&f);
  g_assert_true (row_at (editor, 0) == FLT_LIST_ROW (row));
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "8080");
  g_assert_false (flt_list_row_get_dirty (FLT_LIST_ROW (row)));

  /* Undo and redo, as the window does them, show in the form. */
  gtk_widget_grab_focus (GTK_WIDGET (flt_port_row_get_field (row, FLT_PORT_FIELD_TARGET)));
  g_assert_true (flt_document_undo (f.document));
  g_assert_cmpstr (text_of (&f), ==, f.original);
  wait_for_project (&f);
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "5000");
  g_assert_true (flt_document_redo (f.document));
  wait_for_project (&f);
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "8080");

  flt_test_wait_for_paint (GTK_WIDGET (f.window));
  fixture_close (&f);
}

static const char web_ports[] =
  "# Food trucks with a port to play with\n"
  "services:\n"
  "  es:\n"
  "    image: elasticsearch\n"
  "  web:\n"
  "    image: prakhar1989/foodtrucks-web   # the app\n"
  "    ports:\n"
  "      - \"5000:5000\"\n"
  "      - 127.0.0.1:9000:9000/udp\n";

static void
test_ports_typing_is_one_step (void)
{
  FltPortsEditor *editor;
  GtkEditable *published;
  guint revision;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, web_ports, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");
  published = flt_port_row_get_field (FLT_PORT_ROW (row_at (editor, 0)), FLT_PORT_FIELD_PUBLISHED);

  /* Key by key, without pausing: nothing is written while typing... */
  revision = flt_document_get_revision (f.document);
  gtk_widget_grab_focus (GTK_WIDGET (published));
  gtk_editable_set_text (published, "8");
  gtk_editable_set_text (published, "80");
  gtk_editable_set_text (published, "808");
  gtk_editable_set_text (published, "8080");
  g_assert_cmpuint (flt_document_get_revision (f.document), ==, revision);
  g_assert_cmpstr (text_of (&f), ==, f.original);

  /* ... and the pause afterwards writes it, as one step. */
  FLT_TEST_WAIT_UNTIL (flt_document_get_revision (f.document) != revision);
  assert_one_line_changed (f.original, text_of (&f), "      - \"5000:5000\"", "      - \"8080:5000\"");
  g_assert_true (flt_document_undo (f.document));
  g_assert_cmpstr (text_of (&f), ==, f.original);
  g_assert_false (flt_document_can_undo (f.document));

  /* The second entry keeps its address, protocol and lack of quotes. */
  wait_for_project (&f);
  {
    FltPortRow *row = FLT_PORT_ROW (row_at (editor, 1));

    g_assert_cmpstr (gtk_editable_get_text (flt_port_row_get_field (row, FLT_PORT_FIELD_HOST_IP)), ==, "127.0.0.1");
    g_assert_cmpuint (gtk_drop_down_get_selected (flt_port_row_get_protocol (row)), ==, 1);
    type_and_enter (flt_port_row_get_field (row, FLT_PORT_FIELD_TARGET), "9001");
    assert_one_line_changed (f.original, text_of (&f), "      - 127.0.0.1:9000:9000/udp",
                             "      - 127.0.0.1:9000:9001/udp");

    /* A protocol is written at once. */
    gtk_drop_down_set_selected (flt_port_row_get_protocol (row), 0);
    g_assert_nonnull (strstr (text_of (&f), "      - 127.0.0.1:9000:9001/tcp\n"));
  }

  fixture_close (&f);
}

static void
test_ports_invalid (void)
{
  FltPortsEditor *editor;
  FltListRow *row;
  GtkEditable *published, *target, *host_ip;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, web_ports, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");
  row = row_at (editor, 0);
  published = flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_PUBLISHED);
  target = flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_TARGET);
  host_ip = flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_HOST_IP);

  /* Out of range: the field says so at once, and nothing is written, not
   * on Enter, nor after the pause. */
  gtk_widget_grab_focus (GTK_WIDGET (published));
  gtk_editable_set_text (published, "70000");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (published), "error"));
  assert_message_contains (row, FLT_ROW_MESSAGE_CHECK, "“70000”");
  assert_message_contains (row, FLT_ROW_MESSAGE_CHECK, "1 to 65535");
  press_enter (published);
  flt_test_spin (800);
  g_assert_cmpstr (text_of (&f), ==, f.original);
  g_assert_false (flt_document_can_undo (f.document));

  /* Not a number, and zero */
  gtk_editable_set_text (published, "80a");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (published), "error"));
  gtk_editable_set_text (published, "0");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (published), "error"));

  /* Ranges of different sizes */
  gtk_editable_set_text (published, "3000-3004");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (published), "error"));
  gtk_editable_set_text (target, "3000-3005");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (published), "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (target), "error"));
  assert_message_contains (row, FLT_ROW_MESSAGE_CHECK, "different sizes");
  press_enter (target);

  /* A range backwards, an empty container port, a wrong address */
  gtk_editable_set_text (target, "3005-3000");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (target), "error"));
  gtk_editable_set_text (target, "");
  assert_message_contains (row, FLT_ROW_MESSAGE_CHECK, "Enter the container port");
  gtk_editable_set_text (target, "5000");
  gtk_editable_set_text (published, "5000");
  gtk_editable_set_text (host_ip, "300.1.1.1");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (host_ip), "error"));
  assert_message_contains (row, FLT_ROW_MESSAGE_CHECK, "“300.1.1.1” is not an IP address");
  press_enter (host_ip);
  flt_test_spin (800);
  g_assert_cmpstr (text_of (&f), ==, f.original);

  /* Made valid, it is written, and the marks go. */
  type_and_enter (host_ip, "::1");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (host_ip), "error"));
  g_assert_null (flt_list_row_get_message (row, FLT_ROW_MESSAGE_CHECK));
  assert_one_line_changed (f.original, text_of (&f), "      - \"5000:5000\"", "      - \"[::1]:5000:5000\"");

  fixture_close (&f);
}

static void
test_ports_add_remove (void)
{
  FltPortsEditor *editor;
  FltListRow *draft;
  g_autofree char *with_ports = NULL;
  g_autofree char *with_two = NULL;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, web_ports, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());

  /* es publishes nothing: Add makes the ports: key. */
  flt_ports_editor_set_service (editor, f.workspace, "es");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "ports.add", NULL));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  g_assert_nonnull (draft);
  g_assert_true (flt_list_row_get_draft (draft));
  /* An empty draft is not an error yet. */
  g_assert_null (flt_list_row_get_message (draft, FLT_ROW_MESSAGE_CHECK));

  /* Half typed, it waits; complete, it adds itself. */
  type_and_enter (flt_port_row_get_field (FLT_PORT_ROW (draft), FLT_PORT_FIELD_PUBLISHED), "9200");
  g_assert_cmpstr (text_of (&f), ==, f.original);
  assert_message_contains (draft, FLT_ROW_MESSAGE_CHECK, "Enter the container port");
  type_and_enter (flt_port_row_get_field (FLT_PORT_ROW (draft), FLT_PORT_FIELD_TARGET), "9200");
  /* 9200:9200 cannot be read as a number, in YAML 1.1 either: no quotes */
  assert_lines_inserted (f.original, text_of (&f), "    ports:\n      - 9200:9200\n");
  g_assert_null (flt_list_editor_get_draft (FLT_LIST_EDITOR (editor)));
  with_ports = g_strdup (text_of (&f));

  wait_for_project (&f);
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 1);
  g_assert_true (row_at (editor, 0) == draft);
  g_assert_cmpstr (flt_list_row_get_path (draft), ==, "services.es.ports[0]");

  /* Another one after it, in its neighbour's style */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "ports.add", NULL));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  type_and_enter (flt_port_row_get_field (FLT_PORT_ROW (draft), FLT_PORT_FIELD_TARGET), "9300");
  assert_lines_inserted (with_ports, text_of (&f), "      - 9300\n");
  with_two = g_strdup (text_of (&f));
  wait_for_project (&f);
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 2);

  /* Removing the first takes its line, and the other row moves up. */
  flt_list_row_request_remove (row_at (editor, 0));
  assert_lines_inserted (text_of (&f), with_two, "      - 9200:9200\n");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 1);
  wait_for_project (&f);
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (flt_port_row_get_field (FLT_PORT_ROW (row_at (editor, 0)),
                                                                   FLT_PORT_FIELD_TARGET)), ==, "9300");

  /* A draft given up leaves nothing behind. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "ports.add", NULL));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  gtk_editable_set_text (flt_port_row_get_field (FLT_PORT_ROW (draft), FLT_PORT_FIELD_PUBLISHED), "1");
  flt_list_row_request_remove (draft);
  g_assert_null (flt_list_editor_get_draft (FLT_LIST_EDITOR (editor)));
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 1);

  fixture_close (&f);
}

static const char long_syntax[] =
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    ports:\n"
  "      - target: 80\n"
  "        published: \"8080\"   # the public one\n"
  "        mode: host\n"
  "      - \"443:443\"\n";

static void
test_ports_long_syntax (void)
{
  FltPortsEditor *editor;
  FltPortRow *row;
  g_autofree char *after_published = NULL;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, long_syntax, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");
  row = FLT_PORT_ROW (row_at (editor, 0));
  g_assert_true (flt_port_row_get_long_syntax (row));
  g_assert_false (flt_port_row_get_long_syntax (FLT_PORT_ROW (row_at (editor, 1))));
  g_assert_cmpstr (gtk_editable_get_text (flt_port_row_get_field (row, FLT_PORT_FIELD_PUBLISHED)), ==, "8080");
  g_assert_cmpstr (gtk_editable_get_text (flt_port_row_get_field (row, FLT_PORT_FIELD_TARGET)), ==, "80");

  /* Only the published key changes, quotes and comment kept. */
  type_and_enter (flt_port_row_get_field (row, FLT_PORT_FIELD_PUBLISHED), "9090");
  assert_one_line_changed (f.original, text_of (&f),
                           "        published: \"8080\"   # the public one",
                           "        published: \"9090\"   # the public one");
  after_published = g_strdup (text_of (&f));

  /* A protocol the entry did not name is added as a key of its own. */
  wait_for_project (&f);
  gtk_drop_down_set_selected (flt_port_row_get_protocol (row), 1);
  assert_lines_inserted (after_published, text_of (&f), "        protocol: udp\n");
  g_assert_null (strstr (text_of (&f), "9090:80"));

  /* Leaving Host IP empty writes nothing. */
  wait_for_project (&f);
  g_assert_true (flt_port_row_get_long_syntax (row));
  type_and_enter (flt_port_row_get_field (row, FLT_PORT_FIELD_HOST_IP), "");
  g_assert_null (strstr (text_of (&f), "host_ip"));

  fixture_close (&f);
}

static const char conflict[] =
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    ports:\n"
  "      - \"8080:80\"\n"
  "  api:\n"
  "    image: nginx\n"
  "    ports:\n"
  "      - \"0.0.0.0:8080:8000\"\n"
  "      - \"8081:8000/udp\"\n";

static void
test_ports_conflict (void)
{
  FltPortsEditor *web, *api;
  FltListRow *row;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, conflict, NULL);
  web = fixture_add (&f, flt_ports_editor_new ());
  api = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (web, f.workspace, "web");
  flt_ports_editor_set_service (api, f.workspace, "api");

  /* Both sides say so: the core's diagnostic on the later one, the row's
   * own warning on the earlier. */
  assert_message_contains (row_at (web, 0), FLT_ROW_MESSAGE_WARNING, "also published by the service api");
  assert_all_messages_contain (row_at (api, 0), "also published by the service web");
  g_assert_null (flt_list_row_get_message (row_at (api, 1), FLT_ROW_MESSAGE_WARNING));

  /* As typed: taking UDP's 8081 over TCP is no conflict; 8081/udp is. */
  row = row_at (web, 0);
  gtk_widget_grab_focus (GTK_WIDGET (flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_PUBLISHED)));
  gtk_editable_set_text (flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_PUBLISHED), "8081");
  g_assert_null (flt_list_row_get_message (row, FLT_ROW_MESSAGE_WARNING));
  gtk_drop_down_set_selected (flt_port_row_get_protocol (FLT_PORT_ROW (row)), 1);
  assert_message_contains (row, FLT_ROW_MESSAGE_WARNING, "8081/udp");

  fixture_close (&f);
}

static const char shared_anchor[] =
  "x-ports: &ports\n"
  "  - \"8080:80\"\n"
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    ports: *ports\n";

static void
test_ports_shared_anchor (void)
{
  FltPortsEditor *editor;
  FltListRow *row;
  GtkEditable *published;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, shared_anchor, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");
  row = row_at (editor, 0);
  published = flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_PUBLISHED);
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "8080");

  /* The core refuses; the row says why, shows the file again, and takes
   * no more edits. */
  type_and_enter (published, "9090");
  g_assert_cmpstr (text_of (&f), ==, f.original);
  g_assert_true (flt_list_row_get_locked (row));
  assert_message_contains (row, FLT_ROW_MESSAGE_EDIT, "comes from the anchor &ports");
  assert_message_contains (row, FLT_ROW_MESSAGE_EDIT, "read-only");
  g_assert_false (gtk_editable_get_editable (published));
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "8080");

  /* It stays so across projects, until the entry itself changes. */
  gtk_widget_grab_focus (GTK_WIDGET (flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_TARGET)));
  flt_document_set_value (f.document, "services.web.image", "httpd", FLT_EDIT_NONE, NULL);
  wait_for_project (&f);
  g_assert_true (flt_list_row_get_locked (row));
  flt_document_set_value (f.document, "x-ports[0]", "8081:80", FLT_EDIT_NONE, NULL);
  wait_for_project (&f);
  g_assert_false (flt_list_row_get_locked (row));
  g_assert_true (gtk_editable_get_editable (published));
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "8081");

  fixture_close (&f);
}

static const char merged_ports[] =
  "x-base: &base\n"
  "  image: nginx\n"
  "  ports:\n"
  "    - \"80:80\"\n"
  "services:\n"
  "  web:\n"
  "    <<: *base\n";

static void
test_ports_inherited (void)
{
  FltPortsEditor *editor;
  FltListRow *draft;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, merged_ports, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 1);

  /* The list comes through a merge key: adding to it is refused, and the
   * draft says so, keeping what was typed and its remove button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "ports.add", NULL));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  type_and_enter (flt_port_row_get_field (FLT_PORT_ROW (draft), FLT_PORT_FIELD_TARGET), "443");
  g_assert_cmpstr (text_of (&f), ==, f.original);
  g_assert_true (flt_list_row_get_locked (draft));
  assert_message_contains (draft, FLT_ROW_MESSAGE_EDIT, "merge key");
  g_assert_cmpstr (gtk_editable_get_text (flt_port_row_get_field (FLT_PORT_ROW (draft), FLT_PORT_FIELD_TARGET)),
                   ==, "443");
  flt_list_row_request_remove (draft);
  g_assert_null (flt_list_editor_get_draft (FLT_LIST_EDITOR (editor)));
  g_assert_cmpstr (text_of (&f), ==, f.original);

  fixture_close (&f);
}

static void
test_ports_focus_kept (void)
{
  FltPortsEditor *editor;
  FltListRow *row;
  GtkEditable *published;
  GtkWidget *focus;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, web_ports, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");
  flt_test_wait_for_paint (GTK_WIDGET (f.window));
  row = row_at (editor, 0);
  published = flt_port_row_get_field (FLT_PORT_ROW (row), FLT_PORT_FIELD_PUBLISHED);

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (published)));
  gtk_editable_set_position (published, 2);
  focus = gtk_root_get_focus (GTK_ROOT (f.window));
  g_assert_true (focus == GTK_WIDGET (published) || gtk_widget_is_ancestor (focus, GTK_WIDGET (published)));

  /* An edit elsewhere re-derives the project: same row, same focus, same
   * cursor. */
  g_assert_true (flt_document_set_value (f.document, "services.es.image", "opensearch", FLT_EDIT_NONE, NULL));
  wait_for_project (&f);
  g_assert_true (row_at (editor, 0) == row);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f.window)) == focus);
  g_assert_cmpint (gtk_editable_get_position (published), ==, 2);

  /* The entry itself changed (in the YAML view): the field being typed in
   * keeps its text until the person leaves it. */
  g_assert_true (flt_document_set_value (f.document, "services.web.ports[0]", "6000:5000", FLT_EDIT_NONE, NULL));
  wait_for_project (&f);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f.window)) == focus);
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "5000");
  g_assert_cmpint (gtk_editable_get_position (published), ==, 2);
  gtk_widget_grab_focus (GTK_WIDGET (flt_port_row_get_field (FLT_PORT_ROW (row_at (editor, 1)),
                                                             FLT_PORT_FIELD_PUBLISHED)));
  g_assert_cmpstr (gtk_editable_get_text (published), ==, "6000");

  /* Nothing the person typed was written over the other change. */
  g_assert_nonnull (strstr (text_of (&f), "      - \"6000:5000\"\n"));
  g_assert_nonnull (strstr (text_of (&f), "    image: opensearch\n"));

  fixture_close (&f);
}

static void
test_ports_flush (void)
{
  FltPortsEditor *editor;
  GtkEditable *target;
  g_autofree char *after_flush = NULL;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, web_ports, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");

  /* Saving right after typing: flushing writes what waits for the pause. */
  target = flt_port_row_get_field (FLT_PORT_ROW (row_at (editor, 0)), FLT_PORT_FIELD_TARGET);
  gtk_widget_grab_focus (GTK_WIDGET (target));
  gtk_editable_set_text (target, "5001");
  g_assert_cmpstr (text_of (&f), ==, f.original);
  flt_list_editor_flush (FLT_LIST_EDITOR (editor));
  assert_one_line_changed (f.original, text_of (&f), "      - \"5000:5000\"", "      - \"5000:5001\"");
  after_flush = g_strdup (text_of (&f));

  /* Going to another service writes what was typed for this one. */
  wait_for_project (&f);
  gtk_editable_set_text (target, "5002");
  flt_ports_editor_set_service (editor, f.workspace, "es");
  assert_one_line_changed (after_flush, text_of (&f), "      - \"5000:5001\"", "      - \"5000:5002\"");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 0);

  fixture_close (&f);
}

static void
test_ports_unbound (void)
{
  FltPortsEditor *editor;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, web_ports, NULL);
  editor = fixture_add (&f, flt_ports_editor_new ());
  flt_ports_editor_set_service (editor, f.workspace, "web");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 2);

  /* A service that is not in the file, and no workspace at all */
  flt_ports_editor_set_service (editor, f.workspace, "db");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (editor), "ports.add", NULL);
  g_assert_null (flt_list_editor_get_draft (FLT_LIST_EDITOR (editor)));
  flt_ports_editor_set_service (editor, NULL, "web");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 0);
  g_assert_null (flt_list_editor_get_workspace (FLT_LIST_EDITOR (editor)));

  /* Renamed away in the YAML view, the rows go; back, they come back. */
  flt_ports_editor_set_service (editor, f.workspace, "web");
  g_assert_true (flt_document_rename_service (f.document, "web", "app", NULL));
  wait_for_project (&f);
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 0);
  g_assert_true (flt_document_undo (f.document));
  wait_for_project (&f);
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 2);

  /* While the file does not parse, the rows stay and say why. */
  flt_document_set_text (f.document, "services: [\n", -1);
  wait_for_project (&f);
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 2);
  g_assert_nonnull (strstr (flt_list_editor_get_message (FLT_LIST_EDITOR (editor)), "line"));
  g_assert_true (flt_document_undo (f.document));
  wait_for_project (&f);
  g_assert_cmpstr (flt_list_editor_get_message (FLT_LIST_EDITOR (editor)), ==, "");

  fixture_close (&f);
}

/* Volumes */

static const char mounts_text[] =
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    volumes:\n"
  "      - ./code:/code\n"
  "      - data:/var/lib/data\n"
  "      - /cache\n"
  "      - type: bind\n"
  "        source: ./missing\n"
  "        target: /srv\n"
  "        read_only: true\n"
  "      - undeclared:/u\n"
  "volumes:\n"
  "  data: {}\n"
  "  logs:\n";

static void
test_mounts_kinds (void)
{
  FltMountsEditor *editor;
  FltMountRow *code, *data, *cache, *srv, *undeclared;
  g_autofree char *code_dir = NULL;
  g_autofree char *on_computer = NULL;
  g_autofree char *after_ro = NULL;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, mounts_text, NULL);
  code_dir = g_build_filename (f.dir, "code", NULL);
  g_assert_no_errno (g_mkdir (code_dir, 0755));
  editor = fixture_add (&f, flt_mounts_editor_new ());
  flt_mounts_editor_set_service (editor, f.workspace, "web");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 5);

  code = FLT_MOUNT_ROW (row_at (editor, 0));
  data = FLT_MOUNT_ROW (row_at (editor, 1));
  cache = FLT_MOUNT_ROW (row_at (editor, 2));
  srv = FLT_MOUNT_ROW (row_at (editor, 3));
  undeclared = FLT_MOUNT_ROW (row_at (editor, 4));
  FLT_TEST_WAIT_UNTIL (flt_mount_row_get_folder_checked (code) && flt_mount_row_get_folder_checked (srv));

  /* A bind mount: as written, and where that is */
  g_assert_cmpint (flt_mount_row_get_kind (code), ==, FLT_MOUNT_BIND);
  g_assert_cmpstr (gtk_editable_get_text (flt_mount_row_get_host_path (code)), ==, "./code");
  g_assert_cmpstr (gtk_editable_get_text (flt_mount_row_get_target (code)), ==, "/code");
  on_computer = g_strdup_printf ("On this computer: %s", code_dir);
  assert_message_contains (FLT_LIST_ROW (code), FLT_ROW_MESSAGE_INFO, on_computer);
  g_assert_null (flt_list_row_get_message (FLT_LIST_ROW (code), FLT_ROW_MESSAGE_WARNING));
  g_assert_false (gtk_switch_get_active (flt_mount_row_get_read_only (code)));

  /* A named volume, picked among the declared ones */
  g_assert_cmpint (flt_mount_row_get_kind (data), ==, FLT_MOUNT_VOLUME);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (flt_mount_row_get_volume (data))), ==, 2);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (flt_mount_row_get_volume (data))),
                   ==, "data");

  /* An anonymous one: only its path, and no read-only switch to offer */
  g_assert_cmpint (flt_mount_row_get_kind (cache), ==, FLT_MOUNT_ANONYMOUS);
  g_assert_cmpstr (gtk_editable_get_text (flt_mount_row_get_target (cache)), ==, "/cache");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (flt_mount_row_get_read_only (cache))));

  /* The long syntax, with a folder that is not there */
  g_assert_cmpint (flt_mount_row_get_kind (srv), ==, FLT_MOUNT_BIND);
  g_assert_true (flt_mount_row_get_long_syntax (srv));
  g_assert_true (gtk_switch_get_active (flt_mount_row_get_read_only (srv)));
  assert_message_contains (FLT_LIST_ROW (srv), FLT_ROW_MESSAGE_WARNING, "does not exist");

  /* A volume the project does not declare: the drop-down still shows it */
  g_assert_cmpint (flt_mount_row_get_kind (undeclared), ==, FLT_MOUNT_VOLUME);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (flt_mount_row_get_volume (undeclared))),
                   ==, "undeclared");
  assert_all_messages_contain (FLT_LIST_ROW (undeclared), "not declared");

  /* Read-only on: ":ro" in the short syntax... */
  gtk_switch_set_active (flt_mount_row_get_read_only (code), TRUE);
  assert_one_line_changed (f.original, text_of (&f), "      - ./code:/code", "      - ./code:/code:ro");
  after_ro = g_strdup (text_of (&f));

  /* ... read_only: in the long one */
  wait_for_project (&f);
  gtk_switch_set_active (flt_mount_row_get_read_only (srv), FALSE);
  assert_one_line_changed (after_ro, text_of (&f), "        read_only: true", "        read_only: false");

  /* Picking another volume, and moving it in the container */
  wait_for_project (&f);
  gtk_drop_down_set_selected (flt_mount_row_get_volume (undeclared), 1);
  g_assert_nonnull (strstr (text_of (&f), "      - logs:/u\n"));
  type_and_enter (flt_mount_row_get_target (data), "/var/lib/other");
  g_assert_nonnull (strstr (text_of (&f), "      - data:/var/lib/other\n"));

  /* A relative container path is refused as typed. */
  gtk_editable_set_text (flt_mount_row_get_target (cache), "cache");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (flt_mount_row_get_target (cache)), "error"));
  assert_message_contains (FLT_LIST_ROW (cache), FLT_ROW_MESSAGE_CHECK, "absolute");

  fixture_close (&f);
}

static void
test_mounts_add (void)
{
  FltMountsEditor *editor;
  FltListRow *draft;
  g_autofree char *with_logs = NULL;
  g_autofree char *with_named = NULL;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open (&f, mounts_text, NULL);
  editor = fixture_add (&f, flt_mounts_editor_new ());
  flt_mounts_editor_set_service (editor, f.workspace, "web");

  /* A folder */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "volumes.add", "s", "bind"));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  g_assert_cmpint (flt_mount_row_get_kind (FLT_MOUNT_ROW (draft)), ==, FLT_MOUNT_BIND);
  gtk_editable_set_text (flt_mount_row_get_host_path (FLT_MOUNT_ROW (draft)), "./logs");
  type_and_enter (flt_mount_row_get_target (FLT_MOUNT_ROW (draft)), "/var/log/nginx");
  assert_lines_inserted (f.original, text_of (&f), "      - ./logs:/var/log/nginx\n");
  with_logs = g_strdup (text_of (&f));

  /* A named volume: the first declared one is offered */
  wait_for_project (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "volumes.add", "s", "volume"));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (flt_mount_row_get_volume (FLT_MOUNT_ROW (draft)))),
                   ==, "data");
  gtk_drop_down_set_selected (flt_mount_row_get_volume (FLT_MOUNT_ROW (draft)), 1);
  g_assert_cmpstr (text_of (&f), ==, with_logs);
  type_and_enter (flt_mount_row_get_target (FLT_MOUNT_ROW (draft)), "/logs");
  assert_lines_inserted (with_logs, text_of (&f), "      - logs:/logs\n");
  with_named = g_strdup (text_of (&f));

  /* An anonymous one */
  wait_for_project (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "volumes.add", "s", "anonymous"));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  type_and_enter (flt_mount_row_get_target (FLT_MOUNT_ROW (draft)), "/tmp/cache");
  assert_lines_inserted (with_named, text_of (&f), "      - /tmp/cache\n");
  wait_for_project (&f);
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 8);
  g_assert_cmpint (flt_mount_row_get_kind (FLT_MOUNT_ROW (row_at (editor, 7))), ==, FLT_MOUNT_ANONYMOUS);

  fixture_close (&f);
}

/* Environment */

static const char environment[] =
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    environment:\n"
  "      - A=${FROM_DOTENV}\n"
  "      - B=http://${FLT_TEST_FROM_PROCESS}:9200\n"
  "      - C=${FLT_TEST_UNSET_C:-fallback}\n"
  "      - D=${FLT_TEST_UNSET_D}\n"
  "      - FLT_TEST_FROM_PROCESS\n"
  "      - PLAIN=value\n"
  "    env_file:\n"
  "      - web.env\n";

static void
test_environment_sources (void)
{
  FltEnvironmentEditor *editor;
  FltListRow *a, *b, *c, *d, *through, *plain;
  GtkListBox *env_files;
  GtkListBoxRow *file_row;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  /* Set before the project reads the process environment */
  g_setenv ("FLT_TEST_FROM_PROCESS", "process-value", TRUE);
  g_unsetenv ("FLT_TEST_UNSET_C");
  g_unsetenv ("FLT_TEST_UNSET_D");
  g_unsetenv ("FROM_DOTENV");

  fixture_open (&f, environment, "FROM_DOTENV=dotenv-value\n");
  write_file (f.dir, "web.env", "FROM_FILE=1\nPLAIN=overridden\n");
  flt_workspace_refresh (f.workspace);
  wait_for_project (&f);

  editor = fixture_add (&f, flt_environment_editor_new ());
  flt_environment_editor_set_service (editor, f.workspace, "web");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 6);
  a = row_at (editor, 0);
  b = row_at (editor, 1);
  c = row_at (editor, 2);
  d = row_at (editor, 3);
  through = row_at (editor, 4);
  plain = row_at (editor, 5);

  /* The value as written, and what it becomes */
  g_assert_cmpstr (gtk_editable_get_text (flt_environment_row_get_name_entry (FLT_ENVIRONMENT_ROW (a))), ==, "A");
  g_assert_cmpstr (gtk_editable_get_text (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (a))), ==,
                   "${FROM_DOTENV}");
  assert_message_contains (a, FLT_ROW_MESSAGE_INFO, "The container gets “dotenv-value”");
  assert_message_contains (a, FLT_ROW_MESSAGE_INFO, "FROM_DOTENV comes from ./.env");

  assert_message_contains (b, FLT_ROW_MESSAGE_INFO, "The container gets “http://process-value:9200”");
  assert_message_contains (b, FLT_ROW_MESSAGE_INFO, "FLT_TEST_FROM_PROCESS comes from the environment");

  assert_message_contains (c, FLT_ROW_MESSAGE_INFO, "The container gets “fallback”");
  assert_message_contains (c, FLT_ROW_MESSAGE_INFO, "the default written in the file");
  g_assert_null (flt_list_row_get_message (c, FLT_ROW_MESSAGE_WARNING));

  assert_message_contains (d, FLT_ROW_MESSAGE_WARNING, "FLT_TEST_UNSET_D is not set; it will be empty");
  /* ... said once: the core's own warning about it is left out */
  g_assert_null (flt_list_row_get_diagnostics (d) != NULL && flt_list_row_get_diagnostics (d)->len > 0
                 ? "a diagnostic" : NULL);

  g_assert_true (flt_environment_row_get_passed_through (FLT_ENVIRONMENT_ROW (through)));
  g_assert_cmpstr (gtk_editable_get_text (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (through))), ==, "");
  assert_message_contains (through, FLT_ROW_MESSAGE_INFO, "Passed through from the environment: “process-value”");

  g_assert_null (flt_list_row_get_message (plain, FLT_ROW_MESSAGE_INFO));

  /* env_file: variables, read-only, the list's own entry winning */
  FLT_TEST_WAIT_UNTIL (flt_environment_editor_get_env_files_loaded (editor));
  env_files = flt_environment_editor_get_env_file_list (editor);
  file_row = gtk_list_box_get_row_at_index (env_files, 0);
  g_assert_nonnull (file_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (file_row)), ==, "FROM_FILE");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (file_row)), "web.env"));
  file_row = gtk_list_box_get_row_at_index (env_files, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (file_row)), ==, "PLAIN");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (file_row)), "wins"));
  g_assert_null (gtk_list_box_get_row_at_index (env_files, 2));

  /* The list form stays a list. */
  type_and_enter (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (plain)), "changed value");
  assert_one_line_changed (f.original, text_of (&f), "      - PLAIN=value", "      - PLAIN=changed value");

  /* Typing a broken reference writes nothing. */
  gtk_widget_grab_focus (GTK_WIDGET (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (c))));
  gtk_editable_set_text (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (c)), "${BROKEN");
  assert_message_contains (c, FLT_ROW_MESSAGE_CHECK, "broken variable reference");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (c))),
                                           "error"));

  g_unsetenv ("FLT_TEST_FROM_PROCESS");
  fixture_close (&f);
}

static const char environment_map[] =
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    environment:\n"
  "      ES_HOST: ${ES_HOST:-es}   # where Elasticsearch is\n"
  "      DEBUG: \"true\"\n"
  "      PASSED:\n";

static void
test_environment_map_form (void)
{
  FltEnvironmentEditor *editor;
  FltListRow *host, *debug, *draft;
  g_autofree char *after_host = NULL;
  g_autofree char *after_rename = NULL;
  g_autofree char *after_add = NULL;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  g_unsetenv ("ES_HOST");
  g_unsetenv ("PASSED");
  fixture_open (&f, environment_map, "ES_HOST=search\n");
  editor = fixture_add (&f, flt_environment_editor_new ());
  flt_environment_editor_set_service (editor, f.workspace, "web");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 3);
  host = row_at (editor, 0);
  debug = row_at (editor, 1);
  g_assert_true (flt_environment_row_get_map_form (FLT_ENVIRONMENT_ROW (host)));
  g_assert_cmpstr (flt_list_row_get_path (host), ==, "services.web.environment.ES_HOST");
  assert_message_contains (host, FLT_ROW_MESSAGE_INFO, "The container gets “search”");
  assert_message_contains (host, FLT_ROW_MESSAGE_INFO, "ES_HOST comes from ./.env");
  g_assert_true (flt_environment_row_get_passed_through (FLT_ENVIRONMENT_ROW (row_at (editor, 2))));
  assert_message_contains (row_at (editor, 2), FLT_ROW_MESSAGE_WARNING, "PASSED is not set");

  /* A value: that line only, comment kept */
  type_and_enter (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (host)), "${ES_HOST:-elastic}");
  assert_one_line_changed (f.original, text_of (&f),
                           "      ES_HOST: ${ES_HOST:-es}   # where Elasticsearch is",
                           "      ES_HOST: ${ES_HOST:-elastic}   # where Elasticsearch is");
  after_host = g_strdup (text_of (&f));

  /* A name: renamed in place, value and quotes kept */
  wait_for_project (&f);
  type_and_enter (flt_environment_row_get_name_entry (FLT_ENVIRONMENT_ROW (debug)), "VERBOSE");
  assert_one_line_changed (after_host, text_of (&f), "      DEBUG: \"true\"", "      VERBOSE: \"true\"");
  g_assert_cmpstr (flt_list_row_get_path (debug), ==, "services.web.environment.VERBOSE");
  after_rename = g_strdup (text_of (&f));

  /* Renaming onto another variable is refused. */
  wait_for_project (&f);
  type_and_enter (flt_environment_row_get_name_entry (FLT_ENVIRONMENT_ROW (debug)), "ES_HOST");
  g_assert_cmpstr (text_of (&f), ==, after_rename);
  assert_message_contains (debug, FLT_ROW_MESSAGE_EDIT, "ES_HOST is in this list already");

  /* Adding keeps the mapping. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "environment.add", NULL));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  gtk_editable_set_text (flt_environment_row_get_name_entry (FLT_ENVIRONMENT_ROW (draft)), "WORKERS");
  type_and_enter (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (draft)), "four");
  assert_lines_inserted (after_rename, text_of (&f), "      WORKERS: four\n");
  after_add = g_strdup (text_of (&f));

  /* Removing takes the line. */
  wait_for_project (&f);
  flt_list_row_request_remove (row_at (editor, 0));
  g_assert_null (strstr (text_of (&f), "ES_HOST"));
  g_assert_cmpuint (strlen (text_of (&f)), <, strlen (after_add));

  fixture_close (&f);
}

static void
test_environment_add_list (void)
{
  g_autofree char *foodtrucks = NULL;
  g_autofree char *source = NULL;
  FltEnvironmentEditor *editor;
  FltListRow *draft;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  source = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples", "foodtrucks", NULL);
  foodtrucks = read_text_file (source, "docker-compose.yml");
  fixture_open (&f, foodtrucks, NULL);
  editor = fixture_add (&f, flt_environment_editor_new ());
  flt_environment_editor_set_service (editor, f.workspace, "es");
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 0);

  /* The tutorial's single-node setting, in a new list */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "environment.add", NULL));
  draft = flt_list_editor_get_draft (FLT_LIST_EDITOR (editor));
  gtk_editable_set_text (flt_environment_row_get_name_entry (FLT_ENVIRONMENT_ROW (draft)), "discovery type");
  assert_message_contains (draft, FLT_ROW_MESSAGE_CHECK, "cannot contain");
  gtk_editable_set_text (flt_environment_row_get_name_entry (FLT_ENVIRONMENT_ROW (draft)), "discovery.type");
  type_and_enter (flt_environment_row_get_value_entry (FLT_ENVIRONMENT_ROW (draft)), "single-node");
  assert_lines_inserted (f.original, text_of (&f), "    environment:\n      - discovery.type=single-node\n");

  wait_for_project (&f);
  g_assert_cmpuint (flt_list_editor_get_n_rows (FLT_LIST_EDITOR (editor)), ==, 1);
  g_assert_cmpstr (flt_list_row_get_path (row_at (editor, 0)), ==, "services.es.environment[0]");

  fixture_close (&f);
}

/* The parts the rows are made of */

static void
test_short_syntax (void)
{
  static const struct {
    const char *text, *ip, *published, *target, *protocol;
  } ports[] = {
    { "80", NULL, NULL, "80", NULL },
    { "8080:80", NULL, "8080", "80", NULL },
    { "127.0.0.1:8080:80/udp", "127.0.0.1", "8080", "80", "udp" },
    { "127.0.0.1::80", "127.0.0.1", NULL, "80", NULL },
    { "[::1]:8080:80", "::1", "8080", "80", NULL },
    { "3000-3005:3000-3005", NULL, "3000-3005", "3000-3005", NULL },
    { "${WEB_PORT:-5000}:5000", NULL, "${WEB_PORT:-5000}", "5000", NULL },
    { "${IP:-0.0.0.0}:${P}:80/tcp", "${IP:-0.0.0.0}", "${P}", "80", "tcp" },
  };
  static const struct {
    const char *text, *source, *target, *mode;
  } volumes[] = {
    { "/cache", NULL, "/cache", NULL },
    { "./code:/code", "./code", "/code", NULL },
    { "data:/data:ro,z", "data", "/data", "ro,z" },
    { "${DATA:-./data}:/data", "${DATA:-./data}", "/data", NULL },
    { "C:\\data:/data", "C:\\data", "/data", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      FltPortFields fields;
      g_autofree char *joined = NULL;

      flt_port_fields_split (ports[i].text, &fields);
      g_assert_cmpstr (fields.host_ip, ==, ports[i].ip);
      g_assert_cmpstr (fields.published, ==, ports[i].published);
      g_assert_cmpstr (fields.target, ==, ports[i].target);
      g_assert_cmpstr (fields.protocol, ==, ports[i].protocol);
      joined = flt_port_fields_join (&fields);
      g_assert_cmpstr (joined, ==, ports[i].text);
      flt_port_fields_clear (&fields);
    }

  for (guint i = 0; i < G_N_ELEMENTS (volumes); i++)
    {
      FltMountFields fields;
      g_autofree char *joined = NULL;

      flt_mount_fields_split (volumes[i].text, &fields);
      g_assert_cmpstr (fields.source, ==, volumes[i].source);
      g_assert_cmpstr (fields.target, ==, volumes[i].target);
      g_assert_cmpstr (fields.mode, ==, volumes[i].mode);
      joined = flt_mount_fields_join (&fields);
      g_assert_cmpstr (joined, ==, volumes[i].text);
      flt_mount_fields_clear (&fields);
    }

  {
    g_autofree char *a = flt_mount_mode_set_read_only (NULL, TRUE);
    g_autofree char *b = flt_mount_mode_set_read_only ("rw,z", TRUE);
    g_autofree char *c = flt_mount_mode_set_read_only ("z,ro", FALSE);
    g_autofree char *d = flt_mount_mode_set_read_only ("ro", FALSE);
    g_autofree char *e = flt_mount_mode_set_read_only ("z", TRUE);

    g_assert_cmpstr (a, ==, "ro");
    g_assert_cmpstr (b, ==, "ro,z");
    g_assert_cmpstr (c, ==, "z");
    g_assert_null (d);
    g_assert_cmpstr (e, ==, "ro,z");
  }

  g_assert_true (flt_check_port_range ("1", NULL, NULL));
  g_assert_true (flt_check_port_range ("65535", NULL, NULL));
  g_assert_true (flt_check_port_range ("8000-8010", NULL, NULL));
  g_assert_false (flt_check_port_range ("0", NULL, NULL));
  g_assert_false (flt_check_port_range ("65536", NULL, NULL));
  g_assert_false (flt_check_port_range ("8010-8000", NULL, NULL));
  g_assert_false (flt_check_port_range ("80-90-100", NULL, NULL));
  g_assert_false (flt_check_port_range ("+80", NULL, NULL));
  g_assert_false (flt_check_port_range ("", NULL, NULL));
  g_assert_true (flt_check_ip_address ("::1"));
  g_assert_false (flt_check_ip_address ("localhost"));
  g_assert_true (flt_check_variable_name ("discovery.type"));
  g_assert_false (flt_check_variable_name ("A=B"));
  g_assert_false (flt_check_variable_name (""));
}

/* Screenshots */

static const char showcase[] =
  "services:\n"
  "  es:\n"
  "    image: docker.elastic.co/elasticsearch/elasticsearch:6.3.2\n"
  "    ports:\n"
  "      - \"9200:9200\"\n"
  "  web:\n"
  "    image: prakhar1989/foodtrucks-web\n"
  "    command: python app.py\n"
  "    ports:\n"
  "      - \"5000:5000\"\n"
  "      - target: 8443\n"
  "        published: 9200\n"
  "        protocol: tcp\n"
  "      - \"127.0.0.1:70000:80\"\n"
  "    volumes:\n"
  "      - .:/opt/flask-app\n"
  "      - esdata:/usr/share/data:ro\n"
  "      - ./uploads:/uploads\n"
  "      - /tmp/cache\n"
  "    environment:\n"
  "      - ES_HOST=${ES_HOST:-es}\n"
  "      - FLASK_ENV=${FLASK_ENV}\n"
  "      - SECRET_KEY\n"
  "      - WORKERS=4\n"
  "    env_file: web.env\n"
  "volumes:\n"
  "  esdata:\n";

static void
take_screenshots (Fixture    *f,
                  GtkWidget  *editor,
                  const char *name)
{
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_preferences_page_add (f->page, ADW_PREFERENCES_GROUP (editor));
  gtk_window_present (f->window);
  flt_test_wait_for_paint (GTK_WIDGET (f->window));
  flt_test_save_screenshot (GTK_WIDGET (f->window), name);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  flt_test_wait_for_paint (GTK_WIDGET (f->window));
  flt_test_save_screenshot (GTK_WIDGET (f->window), dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  adw_preferences_page_remove (f->page, ADW_PREFERENCES_GROUP (editor));
}

static void
test_screenshots (void)
{
  GtkWidget *ports, *mounts, *environment_editor;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  g_setenv ("SECRET_KEY", "s3cret", TRUE);
  g_unsetenv ("ES_HOST");
  g_unsetenv ("FLASK_ENV");
  fixture_open (&f, showcase, "ES_HOST=search.internal\n");
  write_file (f.dir, "web.env", "GUNICORN_CMD_ARGS=--workers=2\nWORKERS=2\n");
  {
    g_autofree char *uploads = g_build_filename (f.dir, "uploads", NULL);

    g_assert_no_errno (g_mkdir (uploads, 0755));
  }
  flt_workspace_refresh (f.workspace);
  wait_for_project (&f);

  ports = flt_ports_editor_new ();
  flt_ports_editor_set_service (FLT_PORTS_EDITOR (ports), f.workspace, "web");
  gtk_widget_activate_action (ports, "ports.add", NULL);
  take_screenshots (&f, ports, "ports-editor");

  mounts = flt_mounts_editor_new ();
  flt_mounts_editor_set_service (FLT_MOUNTS_EDITOR (mounts), f.workspace, "web");
  for (guint i = 0; i < flt_list_editor_get_n_rows (FLT_LIST_EDITOR (mounts)); i++)
    FLT_TEST_WAIT_UNTIL (flt_mount_row_get_folder_checked (FLT_MOUNT_ROW (row_at (mounts, i))));
  take_screenshots (&f, mounts, "mounts-editor");

  environment_editor = flt_environment_editor_new ();
  flt_environment_editor_set_service (FLT_ENVIRONMENT_EDITOR (environment_editor), f.workspace, "web");
  FLT_TEST_WAIT_UNTIL (flt_environment_editor_get_env_files_loaded (FLT_ENVIRONMENT_EDITOR (environment_editor)));
  take_screenshots (&f, environment_editor, "environment-editor");

  g_unsetenv ("SECRET_KEY");
  fixture_close (&f);
}

/* Benchmark (-m perf): how long the editors take on a long list.  It
 * reports, it does not judge: timings belong to no assertion. */

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

static void
test_perf (void)
{
  g_autoptr(GString) text = g_string_new ("services:\n  big:\n    image: nginx\n    ports:\n");
  FltListEditor *editors[3];
  const char *names[] = { "ports", "volumes", "environment" };
  guint n = 300;
  gint64 start;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "      - \"%u:%u\"\n", 10000 + i, 80 + i);
  g_string_append (text, "    volumes:\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "      - ./data%u:/data/%u\n", i, i);
  g_string_append (text, "    environment:\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "      - VAR_%u=${VALUE_%u:-default %u}\n", i, i, i);
  g_string_append (text, "  other:\n    image: nginx\n");

  fixture_open (&f, text->str, NULL);
  editors[0] = fixture_add (&f, flt_ports_editor_new ());
  editors[1] = fixture_add (&f, flt_mounts_editor_new ());
  editors[2] = fixture_add (&f, flt_environment_editor_new ());
  flt_test_wait_for_paint (GTK_WIDGET (f.window));

  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    {
      start = g_get_monotonic_time ();
      flt_list_editor_set_service (editors[i], f.workspace, "big");
      g_test_message ("%s: %u rows made and filled in %.1f ms", names[i], n, elapsed_ms (start));
      g_assert_cmpuint (flt_list_editor_get_n_rows (editors[i]), ==, n);
    }

  start = g_get_monotonic_time ();
  flt_test_wait_for_paint (GTK_WIDGET (f.window));
  g_test_message ("first frame with the %u rows of each editor: %.1f ms", n, elapsed_ms (start));

  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    {
      start = g_get_monotonic_time ();
      flt_list_editor_refresh (editors[i]);
      g_test_message ("%s: %u rows refreshed, reused, in %.1f ms", names[i], n, elapsed_ms (start));
    }

  start = g_get_monotonic_time ();
  type_and_enter (flt_port_row_get_field (FLT_PORT_ROW (row_at (editors[0], n - 1)), FLT_PORT_FIELD_PUBLISHED),
                  "20000");
  g_test_message ("ports: the last entry written in %.1f ms", elapsed_ms (start));
  start = g_get_monotonic_time ();
  wait_for_project (&f);
  g_test_message ("edit to project re-derived and %u rows of each editor refreshed: %.1f ms",
                  n, elapsed_ms (start));
  start = g_get_monotonic_time ();
  flt_test_wait_for_paint (GTK_WIDGET (f.window));
  g_test_message ("next frame: %.1f ms", elapsed_ms (start));

  fixture_close (&f);
}

static void
test_translated (void)
{
  if (flt_test_gui_skip_if_needed ())
    return;

  /* The catalogue is the one built next to the tests: make sure it was
   * found, or the Russian screenshots would quietly be English ones. */
  g_assert_cmpstr (_("Services"), !=, "Services");
}

int
main (int   argc,
      char *argv[])
{
  flt_test_gui_init (&argc, &argv);

  g_test_add_func ("/flotilla/list-editors/screenshots", test_screenshots);

  /* The Russian run is for the screenshots: the other cases read the
   * messages, which it translates. */
  if (flt_test_gui_get_language () != NULL)
    {
      g_test_add_func ("/flotilla/list-editors/translated", test_translated);
      return g_test_run ();
    }

  g_test_add_func ("/flotilla/list-editors/short-syntax", test_short_syntax);
  g_test_add_func ("/flotilla/list-editors/ports/edit-published", test_ports_edit_published);
  g_test_add_func ("/flotilla/list-editors/ports/typing-is-one-step", test_ports_typing_is_one_step);
  g_test_add_func ("/flotilla/list-editors/ports/invalid", test_ports_invalid);
  g_test_add_func ("/flotilla/list-editors/ports/add-remove", test_ports_add_remove);
  g_test_add_func ("/flotilla/list-editors/ports/long-syntax", test_ports_long_syntax);
  g_test_add_func ("/flotilla/list-editors/ports/conflict", test_ports_conflict);
  g_test_add_func ("/flotilla/list-editors/ports/shared-anchor", test_ports_shared_anchor);
  g_test_add_func ("/flotilla/list-editors/ports/inherited", test_ports_inherited);
  g_test_add_func ("/flotilla/list-editors/ports/focus-kept", test_ports_focus_kept);
  g_test_add_func ("/flotilla/list-editors/ports/flush", test_ports_flush);
  g_test_add_func ("/flotilla/list-editors/ports/unbound", test_ports_unbound);
  g_test_add_func ("/flotilla/list-editors/volumes/kinds", test_mounts_kinds);
  g_test_add_func ("/flotilla/list-editors/volumes/add", test_mounts_add);
  g_test_add_func ("/flotilla/list-editors/environment/sources", test_environment_sources);
  g_test_add_func ("/flotilla/list-editors/environment/map-form", test_environment_map_form);
  g_test_add_func ("/flotilla/list-editors/environment/add-list", test_environment_add_list);
  if (g_test_perf ())
    g_test_add_func ("/flotilla/list-editors/perf", test_perf);

  return g_test_run ();
}
