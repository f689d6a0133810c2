/* test-export-dialog.c: Export → AWS ECS… on the tutorial's compose file
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-test-gui.h"
#include "flt-export-dialog.h"
#include "flt-export-dialog-private.h"

#define PROJECT_TIMEOUT_MS (FLT_TEST_TIMEOUT_SECONDS * 1000)

/* A file with nothing ECS would drop: one service, one port. */
static const char plain[] =
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    ports:\n"
  "      - \"8080:80\"\n";

/* A file the export refuses: the host port is out of range. */
static const char bad_port[] =
  "services:\n"
  "  web:\n"
  "    image: nginx\n"
  "    ports:\n"
  "      - \"99999:80\"\n";

typedef struct
{
  GtkWindow       *parent;
  FltExportDialog *dialog;
  FltWorkspace    *workspace;
  GSettings       *settings;
  char            *tmpdir;       /* files the test writes, removed at the end */
  guint            busy_changes;
} Fixture;

/* Helpers */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_assert_no_errno (g_unlink (child));
    }
  g_assert_no_errno (g_rmdir (path));
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* The first GtkLabel under @widget showing @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first GtkButton under @widget labelled @label, or NULL. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* GtkSourceView colours text a moment after it changes, in an idle:
 * a screenshot waits for that as a person's eye would. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  flt_test_spin (200);
  flt_test_wait_for_paint (widget);
  flt_test_save_screenshot (widget, name);
}

static void
busy_changed_cb (Fixture *f)
{
  f->busy_changes++;
}

static void
wait_for_export (Fixture *f)
{
  FLT_TEST_WAIT_UNTIL (!flt_export_dialog_get_busy (f->dialog));
}

/* Opens @path as the window would (a workspace, waited for) and shows the
 * dialog for its project. */
static void
fixture_open_path (Fixture    *f,
                   const char *path,
                   gboolean    with_settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) document = NULL;

  memset (f, 0, sizeof *f);

  document = flt_document_new_for_path (path, &error);
  g_assert_no_error (error);
  f->workspace = flt_workspace_new (document, NULL);
  g_assert_true (flt_workspace_wait (f->workspace, PROJECT_TIMEOUT_MS));
  g_assert_nonnull (flt_workspace_get_project (f->workspace));

  f->tmpdir = g_dir_make_tmp ("flt-export-dialog-XXXXXX", &error);
  g_assert_no_error (error);

  if (with_settings)
    {
      f->settings = flt_test_create_settings ();
      g_settings_reset (f->settings, "aws-cpu-shares");
      g_settings_reset (f->settings, "aws-mem-limit");
    }

  f->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (f->parent);

  f->dialog = g_object_ref_sink (flt_export_dialog_new (f->parent, flt_workspace_get_project (f->workspace),
                                                        f->settings));
  g_signal_connect_swapped (f->dialog, "notify::busy", G_CALLBACK (busy_changed_cb), f);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

/* The same for a file made of @text, in a folder of its own. */
static void
fixture_open_text (Fixture    *f,
                   const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flt-export-project-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "compose.yaml", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);

  fixture_open_path (f, path, TRUE);

  /* The project keeps what it needs in memory. */
  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
fixture_open_tutorial (Fixture *f)
{
  g_autofree char *path = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples",
                                            "foodtrucks", "docker-compose.yml", NULL);

  fixture_open_path (f, path, TRUE);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_assert_finalize_object (f->dialog);
  gtk_window_destroy (f->parent);
  g_clear_object (&f->workspace);
  g_clear_object (&f->settings);
  remove_tree (f->tmpdir);
  g_free (f->tmpdir);
}

/* The first GtkLabel under @widget whose text has @part in it, or NULL. */
static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *part)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), part) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The warning headed @title whose message has @part in it. */
static GtkListBoxRow *
find_warning_row (Fixture    *f,
                  const char *title,
                  const char *part)
{
  GtkListBox *list = _flt_export_dialog_get_warnings_list (f->dialog);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (find_label (GTK_WIDGET (row), title) != NULL && find_label_containing (GTK_WIDGET (row), part) != NULL)
      return row;
  return NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

static void
assert_preview_contains (Fixture    *f,
                         FltAwsFile  file,
                         const char *text)
{
  g_autofree char *preview = _flt_export_dialog_dup_preview (f->dialog, file);

  if (strstr (preview, text) == NULL)
    g_error ("%s does not contain ‘%s’:\n%s", flt_aws_file_get_name (file), text, preview);
}

static void
assert_preview_lacks (Fixture    *f,
                      FltAwsFile  file,
                      const char *text)
{
  g_autofree char *preview = _flt_export_dialog_dup_preview (f->dialog, file);

  if (strstr (preview, text) != NULL)
    g_error ("%s still contains ‘%s’:\n%s", flt_aws_file_get_name (file), text, preview);
}

/* Every preview is the text the export would write. */
static void
assert_previews_match_export (Fixture *f)
{
  FltAwsExport *export = _flt_export_dialog_get_export (f->dialog);

  g_assert_nonnull (export);
  for (guint file = 0; file < FLT_AWS_N_FILES; file++)
    {
      g_autofree char *preview = _flt_export_dialog_dup_preview (f->dialog, file);

      g_assert_cmpstr (preview, ==, flt_aws_export_get_text (export, file));
    }
}

/* The files in @folder are byte for byte the previews. */
static void
assert_files_match_previews (Fixture    *f,
                             const char *folder)
{
  for (guint file = 0; file < FLT_AWS_N_FILES; file++)
    {
      g_autofree char *path = g_build_filename (folder, flt_aws_file_get_name (file), NULL);
      g_autofree char *preview = _flt_export_dialog_dup_preview (f->dialog, file);
      g_autofree char *written = read_text (path);

      g_assert_cmpstr (written, ==, preview);
    }
}

static gboolean
action_enabled (Fixture    *f,
                const char *name)
{
  /* gtk_widget_activate_action() does nothing for a disabled action and
   * says so; the button bound to it mirrors the state. */
  GtkWidget *button = NULL;
  const char *label = NULL;

  if (g_str_equal (name, "export.write"))
    label = _("_Export");
  g_assert_nonnull (label);
  button = find_button (GTK_WIDGET (f->dialog), label);
  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
set_spin (GtkSpinButton *spin,
          double         value)
{
  gtk_spin_button_set_value (spin, value);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, value);
}

/* Tests */

static void
test_export_dialog_tutorial (void)
{
  Fixture f;
  GtkListBoxRow *row;
  GtkSpinButton *port_spin;
  g_autofree char *project_dir = NULL;
  g_autofree char *folder = NULL;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_tutorial (&f);
  wait_for_export (&f);
  g_assert_cmpstr (_flt_export_dialog_get_page_name (f.dialog), ==, "export");
  assert_previews_match_export (&f);

  /* The tutorial's file as it is: web published on 5000, 250 MiB each. */
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "\"5000:5000\"");
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "mem_limit: 262144000");
  assert_preview_contains (&f, FLT_AWS_FILE_PARAMS, "ecs_network_mode: bridge");
  assert_preview_contains (&f, FLT_AWS_FILE_TASK_DEFINITION, "\"family\": \"foodtrucks\"");
  g_assert_cmpfloat (gtk_spin_button_get_value (_flt_export_dialog_get_cpu_spin (f.dialog)), ==, 100);
  g_assert_cmpfloat (gtk_spin_button_get_value (_flt_export_dialog_get_mem_spin (f.dialog)), ==, 250);

  /* It opens on the project's folder. */
  project_dir = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples", "foodtrucks", NULL);
  {
    g_autoptr(GFile) expected = g_file_new_for_path (project_dir);

    g_assert_true (g_file_equal (flt_export_dialog_get_folder (f.dialog), expected));
  }

  /* What does not carry over is there before anything is written: the
   * source-code bind mount, on web, at its line, and the missing links
   * for the project as a whole. */
  g_assert_cmpuint (count_rows (_flt_export_dialog_get_warnings_list (f.dialog)), ==,
                    flt_aws_export_get_warnings (_flt_export_dialog_get_export (f.dialog))->len);
  row = find_warning_row (&f, "web", ".:/code");
  g_assert_nonnull (row);
  g_assert_nonnull (find_label (GTK_WIDGET (row), "docker-compose.yml:14"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  row = find_warning_row (&f, C_("export warning", "Whole project"), "links");
  g_assert_nonnull (row);
  g_assert_nonnull (find_label (GTK_WIDGET (row), "docker-compose.yml:5"));

  /* web's 5000 published on 80, as the tutorial's aws-compose.yml has it. */
  g_assert_null (_flt_export_dialog_get_port_spin (f.dialog, "es", 9200));
  port_spin = _flt_export_dialog_get_port_spin (f.dialog, "web", 5000);
  g_assert_nonnull (port_spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (port_spin), ==, 5000);
  {
    GtkWidget *port_row = gtk_widget_get_ancestor (GTK_WIDGET (port_spin), ADW_TYPE_ACTION_ROW);

    g_assert_nonnull (port_row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (port_row)), ==, "web");
    g_assert_true (gtk_widget_get_mapped (port_row));
  }
  f.busy_changes = 0;
  set_spin (port_spin, 80);
  /* Export waits for the files that match the choices. */
  g_assert_true (flt_export_dialog_get_busy (f.dialog));
  g_assert_false (action_enabled (&f, "export.write"));
  wait_for_export (&f);
  g_assert_cmpuint (f.busy_changes, ==, 2);
  g_assert_true (action_enabled (&f, "export.write"));
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "\"80:5000\"");
  assert_preview_lacks (&f, FLT_AWS_FILE_COMPOSE, "\"5000:5000\"");
  assert_preview_contains (&f, FLT_AWS_FILE_TASK_DEFINITION, "\"hostPort\": 80,");
  assert_previews_match_export (&f);

  /* A new memory default: MiB in the row, bytes in the file and the key. */
  set_spin (_flt_export_dialog_get_mem_spin (f.dialog), 512);
  wait_for_export (&f);
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "mem_limit: 536870912");
  assert_preview_lacks (&f, FLT_AWS_FILE_COMPOSE, "mem_limit: 262144000");
  assert_preview_contains (&f, FLT_AWS_FILE_TASK_DEFINITION, "\"memory\": 512,");
  assert_preview_contains (&f, FLT_AWS_FILE_PARAMS, "mem_limit: \"1024\"");
  g_assert_cmpint (g_settings_get_int64 (f.settings, "aws-mem-limit"), ==, 536870912);

  set_spin (_flt_export_dialog_get_cpu_spin (f.dialog), 256);
  wait_for_export (&f);
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "cpu_shares: 256");
  g_assert_cmpint (g_settings_get_int (f.settings, "aws-cpu-shares"), ==, 256);
  assert_previews_match_export (&f);

  /* Back to the compose file's own port: no override left. */
  set_spin (port_spin, 5000);
  wait_for_export (&f);
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "\"5000:5000\"");
  set_spin (port_spin, 80);
  wait_for_export (&f);

  save_screenshot (GTK_WIDGET (f.dialog), "export-dialog");
  _flt_export_dialog_show_file (f.dialog, FLT_AWS_FILE_TASK_DEFINITION);
  save_screenshot (GTK_WIDGET (f.dialog), "export-dialog-task-definition");

  /* Written into a folder that does not exist yet: the three files, each
   * the text that was shown. */
  folder = g_build_filename (f.tmpdir, "aws", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (folder);

    flt_export_dialog_set_folder (f.dialog, file);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dialog), "export.write", NULL));
  g_assert_true (flt_export_dialog_get_busy (f.dialog));
  wait_for_export (&f);
  g_assert_null (_flt_export_dialog_get_error (f.dialog));
  g_assert_null (_flt_export_dialog_get_question (f.dialog));
  g_assert_nonnull (_flt_export_dialog_get_written (f.dialog));
  g_assert_cmpuint (g_strv_length ((char **) _flt_export_dialog_get_written (f.dialog)), ==, 3);
  for (guint file = 0; file < FLT_AWS_N_FILES; file++)
    {
      g_autofree char *path = g_build_filename (folder, flt_aws_file_get_name (file), NULL);

      g_assert_true (g_strv_contains (_flt_export_dialog_get_written (f.dialog), path));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  assert_files_match_previews (&f, folder);
  g_assert_nonnull (find_label (GTK_WIDGET (f.dialog), "aws-compose.yml\necs-params.yml\ntask-definition.json"));
  g_assert_nonnull (find_button (GTK_WIDGET (f.dialog), _("_Close")));
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (f.dialog), _("_Open Folder"))));

  save_screenshot (GTK_WIDGET (f.dialog), "export-dialog-written");

  /* The same files again: nothing to ask, they are the same. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dialog), "export.write", NULL));
  wait_for_export (&f);
  g_assert_null (_flt_export_dialog_get_question (f.dialog));
  g_assert_nonnull (_flt_export_dialog_get_written (f.dialog));

  {
    /* Not g_autofree: on an array, that frees only its first element. */
    char *before[FLT_AWS_N_FILES] = { NULL };
    AdwMessageDialog *question;
    GtkWidget *button;

    for (guint file = 0; file < FLT_AWS_N_FILES; file++)
      {
        g_autofree char *path = g_build_filename (folder, flt_aws_file_get_name (file), NULL);

        before[file] = read_text (path);
      }

    /* Other content now: the export asks before replacing it. */
    set_spin (_flt_export_dialog_get_mem_spin (f.dialog), 300);
    wait_for_export (&f);
    g_assert_null (_flt_export_dialog_get_written (f.dialog));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dialog), "export.write", NULL));
    FLT_TEST_WAIT_UNTIL (_flt_export_dialog_get_question (f.dialog) != NULL);
    question = _flt_export_dialog_get_question (f.dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, _("Replace Existing Files?"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (question), folder));
    g_assert_false (action_enabled (&f, "export.write"));
    flt_test_wait_for_paint (GTK_WIDGET (question));
    flt_test_save_screenshot (GTK_WIDGET (question), "export-dialog-replace");

    /* Cancel: the files stay as they were, and nothing says they were written. */
    button = find_button (GTK_WIDGET (question), _("_Cancel"));
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    g_assert_null (_flt_export_dialog_get_question (f.dialog));
    g_assert_false (flt_export_dialog_get_busy (f.dialog));
    for (guint file = 0; file < FLT_AWS_N_FILES; file++)
      {
        g_autofree char *path = g_build_filename (folder, flt_aws_file_get_name (file), NULL);
        g_autofree char *after = read_text (path);

        g_assert_cmpstr (after, ==, before[file]);
      }
    g_assert_null (_flt_export_dialog_get_written (f.dialog));
    g_assert_null (_flt_export_dialog_get_error (f.dialog));
    g_assert_true (action_enabled (&f, "export.write"));

    /* Replace: now they are the new ones. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dialog), "export.write", NULL));
    FLT_TEST_WAIT_UNTIL (_flt_export_dialog_get_question (f.dialog) != NULL);
    question = _flt_export_dialog_get_question (f.dialog);
    button = find_button (GTK_WIDGET (question), _("_Replace"));
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    g_assert_null (_flt_export_dialog_get_question (f.dialog));
    wait_for_export (&f);
    g_assert_nonnull (_flt_export_dialog_get_written (f.dialog));
    assert_files_match_previews (&f, folder);
    assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "mem_limit: 314572800");

    for (guint file = 0; file < FLT_AWS_N_FILES; file++)
      g_free (before[file]);
  }

  fixture_close (&f);
}

/* Changes in quick succession make one computation, after the last. */
static void
test_export_dialog_debounce (void)
{
  Fixture f;
  GtkSpinButton *mem_spin;
  GtkSpinButton *cpu_spin;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_tutorial (&f);
  wait_for_export (&f);
  mem_spin = _flt_export_dialog_get_mem_spin (f.dialog);
  cpu_spin = _flt_export_dialog_get_cpu_spin (f.dialog);

  f.busy_changes = 0;
  set_spin (mem_spin, 260);
  set_spin (mem_spin, 270);
  set_spin (cpu_spin, 128);
  set_spin (mem_spin, 280);
  g_assert_true (flt_export_dialog_get_busy (f.dialog));
  wait_for_export (&f);
  /* Busy once, then ready once: no result in between was shown. */
  g_assert_cmpuint (f.busy_changes, ==, 2);
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "mem_limit: 293601280");
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "cpu_shares: 128");
  assert_previews_match_export (&f);

  /* A change from elsewhere (Preferences) is followed too. */
  g_settings_set_int64 (f.settings, "aws-mem-limit", 128 * 1024 * 1024);
  FLT_TEST_WAIT_UNTIL (gtk_spin_button_get_value (mem_spin) == 128);
  wait_for_export (&f);
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "mem_limit: 134217728");

  fixture_close (&f);
}

/* Without settings, the tutorial's defaults; nothing is remembered. */
static void
test_export_dialog_no_settings (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("FLOTILLA_SOURCE_DIR"), "data", "examples",
                                            "foodtrucks", "docker-compose.yml", NULL);
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_path (&f, path, FALSE);
  wait_for_export (&f);
  g_assert_cmpfloat (gtk_spin_button_get_value (_flt_export_dialog_get_cpu_spin (f.dialog)), ==,
                     FLT_AWS_DEFAULT_CPU_SHARES);
  g_assert_cmpfloat (gtk_spin_button_get_value (_flt_export_dialog_get_mem_spin (f.dialog)) * 1024 * 1024, ==,
                     FLT_AWS_DEFAULT_MEM_LIMIT);
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "mem_limit: 262144000");

  set_spin (_flt_export_dialog_get_mem_spin (f.dialog), 100);
  wait_for_export (&f);
  assert_preview_contains (&f, FLT_AWS_FILE_COMPOSE, "mem_limit: 104857600");

  fixture_close (&f);
}

static void
test_export_dialog_no_warnings (void)
{
  Fixture f;
  GtkListBox *list;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_text (&f, plain);
  wait_for_export (&f);
  g_assert_cmpstr (_flt_export_dialog_get_page_name (f.dialog), ==, "export");
  list = _flt_export_dialog_get_warnings_list (f.dialog);
  g_assert_cmpuint (count_rows (list), ==, 0);
  g_assert_nonnull (find_label (GTK_WIDGET (list), _("Everything carries over to ECS")));
  g_assert_nonnull (_flt_export_dialog_get_port_spin (f.dialog, "web", 80));
  save_screenshot (GTK_WIDGET (f.dialog), "export-dialog-no-warnings");
  /* The empty state is what shows. */
  g_assert_true (gtk_widget_get_mapped (find_label (GTK_WIDGET (list), _("Everything carries over to ECS"))));

  fixture_close (&f);
}

static void
test_export_dialog_invalid (void)
{
  Fixture f;
  const char *text;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_text (&f, bad_port);
  wait_for_export (&f);
  g_assert_cmpstr (_flt_export_dialog_get_page_name (f.dialog), ==, "invalid");
  g_assert_null (_flt_export_dialog_get_export (f.dialog));
  g_assert_false (action_enabled (&f, "export.write"));

  /* The first error, where it is, and what to do. */
  text = _flt_export_dialog_get_invalid_text (f.dialog);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "compose.yaml:5: "));
  g_assert_nonnull (strstr (text, "99999"));
  g_assert_nonnull (find_label (GTK_WIDGET (f.dialog), _("Fix the Compose File First")));

  /* Export stays off: activating it anyway writes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f.dialog), "export.write", NULL);
  g_assert_false (flt_export_dialog_get_busy (f.dialog));
  g_assert_null (_flt_export_dialog_get_question (f.dialog));
  g_assert_null (_flt_export_dialog_get_written (f.dialog));

  save_screenshot (GTK_WIDGET (f.dialog), "export-dialog-invalid");

  fixture_close (&f);
}

/* A folder that cannot be made: the reason inline, nothing written. */
static void
test_export_dialog_write_error (void)
{
  Fixture f;
  g_autofree char *blocker = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;
  const char *message;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_tutorial (&f);
  wait_for_export (&f);

  blocker = g_build_filename (f.tmpdir, "a-file", NULL);
  g_assert_true (g_file_set_contents (blocker, "not a folder\n", -1, NULL));
  folder = g_build_filename (blocker, "aws", NULL);
  file = g_file_new_for_path (folder);
  flt_export_dialog_set_folder (f.dialog, file);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dialog), "export.write", NULL));
  wait_for_export (&f);
  message = _flt_export_dialog_get_error (f.dialog);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, folder));
  g_assert_null (_flt_export_dialog_get_written (f.dialog));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  save_screenshot (GTK_WIDGET (f.dialog), "export-dialog-error");

  /* Another folder takes the message away. */
  {
    g_autoptr(GFile) good = g_file_new_for_path (f.tmpdir);

    flt_export_dialog_set_folder (f.dialog, good);
  }
  g_assert_null (_flt_export_dialog_get_error (f.dialog));

  fixture_close (&f);
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static void
test_export_dialog_copy (void)
{
  Fixture f;
  GdkClipboard *clipboard;
  FltAwsFile files[] = { FLT_AWS_FILE_COMPOSE, FLT_AWS_FILE_TASK_DEFINITION, FLT_AWS_FILE_PARAMS };

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_tutorial (&f);
  wait_for_export (&f);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f.dialog));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *text = NULL;

      _flt_export_dialog_show_file (f.dialog, files[i]);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dialog), "export.copy", NULL));
      gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &text);
      FLT_TEST_WAIT_UNTIL (text != NULL);
      g_assert_cmpstr (text, ==, flt_aws_export_get_text (_flt_export_dialog_get_export (f.dialog), files[i]));
    }

  fixture_close (&f);
}

/* The preview follows the dark style, and so do the screenshots. */
static void
test_export_dialog_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceBuffer *buffer;
  GtkSourceStyleScheme *scheme;
  Fixture f;

  if (flt_test_gui_skip_if_needed ())
    return;

  fixture_open_tutorial (&f);
  wait_for_export (&f);
  set_spin (_flt_export_dialog_get_port_spin (f.dialog, "web", 5000), 80);
  wait_for_export (&f);

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
             _flt_export_dialog_get_preview_view (f.dialog, FLT_AWS_FILE_COMPOSE))));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "yaml");
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (_flt_export_dialog_get_preview_view (f.dialog, FLT_AWS_FILE_COMPOSE))));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (_flt_export_dialog_get_preview_view (f.dialog, FLT_AWS_FILE_COMPOSE))));
  {
    GtkSourceBuffer *json = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                              _flt_export_dialog_get_preview_view (f.dialog, FLT_AWS_FILE_TASK_DEFINITION))));

    g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (json)), ==, "json");
  }

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  FLT_TEST_WAIT_UNTIL (adw_style_manager_get_dark (manager));
  scheme = gtk_source_buffer_get_style_scheme (buffer);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, "Adwaita-dark");
  save_screenshot (GTK_WIDGET (f.dialog), "export-dialog-dark");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  FLT_TEST_WAIT_UNTIL (!adw_style_manager_get_dark (manager));
  scheme = gtk_source_buffer_get_style_scheme (buffer);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, "Adwaita");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  flt_test_gui_init (&argc, &argv);

  g_test_add_func ("/flotilla/export-dialog/tutorial", test_export_dialog_tutorial);
  g_test_add_func ("/flotilla/export-dialog/debounce", test_export_dialog_debounce);
  g_test_add_func ("/flotilla/export-dialog/no-settings", test_export_dialog_no_settings);
  g_test_add_func ("/flotilla/export-dialog/no-warnings", test_export_dialog_no_warnings);
  g_test_add_func ("/flotilla/export-dialog/invalid", test_export_dialog_invalid);
  g_test_add_func ("/flotilla/export-dialog/write-error", test_export_dialog_write_error);
  g_test_add_func ("/flotilla/export-dialog/copy", test_export_dialog_copy);
  g_test_add_func ("/flotilla/export-dialog/dark", test_export_dialog_dark);

  return g_test_run ();
}
