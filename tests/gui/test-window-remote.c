/* test-window-remote.c: the window's engine switcher — automatic, this
 * computer, Docker contexts, an address typed in — remembered per file,
 * and the bind mount warning for an engine elsewhere
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No engine answers at the contexts' addresses here: what is checked is
 * which engine the window goes to and what it says about it.  Talking to
 * real remote engines is tests/engine/integration/test-remote.py's.
 */

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "flt-test-gui.h"
#include "flt-window.h"
#include "flt-window-private.h"

static const char compose_text[] =
  "services:\n"
  "  web:\n"
  "    image: flotilla-test/busybox\n"
  "    volumes:\n"
  "      - ./site:/usr/share/nginx/html:ro\n"
  "      - cache:/var/cache\n"
  "      - type: bind\n"
  "        source: /srv/uploads\n"
  "        target: /uploads\n"
  "  db:\n"
  "    image: flotilla-test/busybox\n"
  "volumes:\n"
  "  cache:\n";

static char *docker_config;
static char *project_dir;
static char *project_path;

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
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
add_context (const char *name,
             const char *description,
             const char *host)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *dir = g_build_filename (docker_config, "contexts", "meta", digest, NULL);
  g_autofree char *meta = g_build_filename (dir, "meta.json", NULL);
  g_autofree char *text = g_strdup_printf ("{\"Name\":\"%s\",\"Metadata\":{\"Description\":\"%s\"},"
                                           "\"Endpoints\":{\"docker\":{\"Host\":\"%s\",\"SkipTLSVerify\":false}}}",
                                           name, description, host);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (meta, text, -1, NULL));
}

static FltWindow *
open_project (GSettings *settings)
{
  g_autoptr(GFile) file = g_file_new_for_path (project_path);
  FltWindow *window = flt_window_new (NULL, settings);

  gtk_window_present (GTK_WINDOW (window));
  flt_window_open (window, file);
  FLT_TEST_WAIT_UNTIL (!flt_window_get_loading (window) && flt_window_get_project (window) != NULL);
  return window;
}

static const char *
button_label (FltWindow *window)
{
  GtkWidget *box = gtk_menu_button_get_child (window->engine_button);
  GtkWidget *label = gtk_widget_get_last_child (box);

  return gtk_label_get_label (GTK_LABEL (label));
}

/* The parts this file is about: the header bar with the engine button, and
 * the banner under it (the rest of the window is other tests'). */
static void
save_header_and_banner (FltWindow  *window,
                        const char *name)
{
  GtkWidget *header = gtk_widget_get_ancestor (GTK_WIDGET (window->engine_button), ADW_TYPE_HEADER_BAR);
  g_autofree char *header_name = g_strconcat (name, "-header", NULL);
  g_autofree char *banner_name = g_strconcat (name, "-banner", NULL);

  flt_test_wait_for_paint (GTK_WIDGET (window));
  flt_test_save_screenshot (header, header_name);
  flt_test_save_screenshot (GTK_WIDGET (window->engine_banner), banner_name);
}

static char *
item_attribute (GMenuModel *model,
                int         index,
                const char *attribute)
{
  char *value = NULL;

  g_menu_model_get_item_attribute (model, index, attribute, "s", &value);
  return value;
}

/* The menu lists the automatic engine, this computer, each context with
 * its address, and a way to type another address. */
static void
test_menu (void)
{
  g_autoptr(GSettings) settings = NULL;
  GMenuModel *menu, *engines, *other;
  GtkPopover *popover;
  FltWindow *window;
  g_autofree char *automatic = NULL, *local = NULL, *prod = NULL, *prod_target = NULL, *custom = NULL;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  window = open_project (settings);
  g_assert_cmpstr (_flt_window_remote_get_choice (window), ==, "");

  gtk_menu_button_popup (window->engine_button);
  popover = gtk_menu_button_get_popover (window->engine_button);
  FLT_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));

  menu = gtk_menu_button_get_menu_model (window->engine_button);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  engines = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  other = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (engines), ==, 4);
  automatic = item_attribute (engines, 0, G_MENU_ATTRIBUTE_LABEL);
  local = item_attribute (engines, 1, G_MENU_ATTRIBUTE_LABEL);
  prod = item_attribute (engines, 2, G_MENU_ATTRIBUTE_LABEL);
  prod_target = item_attribute (engines, 2, G_MENU_ATTRIBUTE_TARGET);
  custom = item_attribute (other, 0, G_MENU_ATTRIBUTE_ACTION);
  g_assert_cmpstr (automatic, ==, C_("engine", "Automatic"));
  g_assert_cmpstr (local, ==, C_("engine", "This Computer"));
  g_assert_nonnull (strstr (prod, "prod"));
  g_assert_nonnull (strstr (prod, "unix:///nonexistent/flotilla-prod/docker.sock"));
  g_assert_cmpstr (prod_target, ==, "context:prod");
  g_assert_cmpstr (custom, ==, "engine.custom");
  g_object_unref (engines);
  g_object_unref (other);

  flt_test_wait_for_paint (GTK_WIDGET (popover));
  flt_test_save_screenshot (GTK_WIDGET (popover), "remote-menu");
  gtk_menu_button_popdown (window->engine_button);
  FLT_TEST_WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (popover)));
  /* GTK 4.8 keeps a tooltip timeout for the surface under Xvfb's pointer
   * and fails a critical if the window goes before it fires: let it. */
  flt_test_spin (700);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Choosing a context reconnects the window there, says so on the button,
 * and the next window for the file starts there. */
static void
test_choose_context (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) choices = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *remembered = NULL;
  FltWindow *window, *second;
  const char *message;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  window = open_project (settings);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "engine.choose", "s", "context:prod"));
  g_assert_cmpstr (_flt_window_remote_get_choice (window), ==, "context:prod");
  g_assert_cmpstr (button_label (window), ==, "prod");
  /* Without a local engine the banner said so first. */
  FLT_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (window->engine_banner) &&
                       strstr (gtk_label_get_label (window->engine_banner_label),
                               "/nonexistent/flotilla-prod/docker.sock") != NULL);
  message = gtk_label_get_label (window->engine_banner_label);
  g_assert_nonnull (strstr (message, "/nonexistent/flotilla-prod/docker.sock"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->engine_button)), "prod"));

  uri = g_filename_to_uri (project_path, NULL, NULL);
  choices = g_settings_get_value (settings, "engine-choices");
  g_assert_true (g_variant_lookup (choices, uri, "s", &remembered));
  g_assert_cmpstr (remembered, ==, "context:prod");

  save_header_and_banner (window, "remote-context");

  second = open_project (settings);
  g_assert_cmpstr (_flt_window_remote_get_choice (second), ==, "context:prod");
  FLT_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (second->engine_banner));
  g_assert_nonnull (strstr (gtk_label_get_label (second->engine_banner_label), "flotilla-prod"));

  /* Back to automatic: the file is forgotten. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "engine.choose", "s", ""));
  g_clear_pointer (&choices, g_variant_unref);
  choices = g_settings_get_value (settings, "engine-choices");
  g_assert_false (g_variant_lookup (choices, uri, "s", NULL));

  gtk_window_destroy (GTK_WINDOW (second));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkEditable *
dialog_entry (GtkWidget *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));

  return GTK_EDITABLE (gtk_widget_get_first_child (box));
}

/* Another address: Connect only for one that parses, with the reason
 * shown under the field otherwise; over ssh, what ssh said is the banner. */
static void
test_custom_address (void)
{
  g_autoptr(GSettings) settings = NULL;
  GtkWidget *dialog, *problem;
  GtkEditable *entry;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  window = open_project (settings);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "engine.custom", NULL));
  dialog = _flt_window_get_dialog (window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  entry = dialog_entry (dialog);
  problem = gtk_widget_get_next_sibling (GTK_WIDGET (entry));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect"));

  gtk_editable_set_text (entry, "ftp://build.example");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect"));
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (problem)), "ssh://"));
  flt_test_wait_for_paint (dialog);
  flt_test_save_screenshot (dialog, "remote-custom-invalid");

  gtk_editable_set_text (entry, "ssh://deploy@build.example");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect"));
  g_assert_false (gtk_widget_get_visible (problem));
  flt_test_wait_for_paint (dialog);
  flt_test_save_screenshot (dialog, "remote-custom");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  g_assert_cmpstr (_flt_window_remote_get_choice (window), ==, "url:ssh://deploy@build.example");
  g_assert_cmpstr (button_label (window), ==, "deploy@build.example");
  /* FLOTILLA_SSH is a stand-in that fails as ssh does for a refused key.
   * Without a local engine the banner already says so: wait for the
   * remote engine's words. */
  FLT_TEST_WAIT_UNTIL (gtk_revealer_get_reveal_child (window->engine_banner) &&
                       strstr (gtk_label_get_label (window->engine_banner_label), "deploy@build.example") != NULL);
  g_assert_nonnull (strstr (gtk_label_get_label (window->engine_banner_label), "deploy@build.example"));
  g_assert_nonnull (strstr (gtk_label_get_label (window->engine_banner_label), "ssh-copy-id"));
  save_header_and_banner (window, "remote-ssh-refused");

  /* The address typed in is offered again in the menu. */
  gtk_menu_button_popup (window->engine_button);
  FLT_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (window->engine_button))));
  {
    GMenuModel *menu = gtk_menu_button_get_menu_model (window->engine_button);
    g_autoptr(GMenuModel) engines = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
    int n = g_menu_model_get_n_items (engines);
    g_autofree char *last = item_attribute (engines, n - 1, G_MENU_ATTRIBUTE_TARGET);

    g_assert_cmpstr (last, ==, "url:ssh://deploy@build.example");
  }
  gtk_menu_button_popdown (window->engine_button);
  FLT_TEST_WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (window->engine_button))));
  flt_test_spin (700);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Bind mounts are listed for an engine on another machine only. */
static void
test_bind_warning (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(FltEndpoint) local = flt_endpoint_parse ("unix:///var/run/docker.sock", "test", NULL);
  g_autoptr(FltEndpoint) loopback = flt_endpoint_parse ("tcp://127.0.0.1:2376", "test", NULL);
  g_autoptr(FltEndpoint) far = flt_endpoint_parse ("ssh://deploy@build.example", "test", NULL);
  g_autofree char *none = NULL, *none_either = NULL, *warning = NULL;
  FltWindow *window;

  if (flt_test_gui_skip_if_needed ())
    return;

  settings = flt_test_create_settings ();
  window = open_project (settings);

  none = _flt_window_remote_describe_binds (local, flt_window_get_project (window));
  none_either = _flt_window_remote_describe_binds (loopback, flt_window_get_project (window));
  warning = _flt_window_remote_describe_binds (far, flt_window_get_project (window));
  g_assert_null (none);
  g_assert_null (none_either);
  g_assert_nonnull (warning);
  g_test_message ("%s", warning);
  g_assert_nonnull (strstr (warning, "ssh://deploy@build.example"));
  g_assert_nonnull (strstr (warning, "web: ./site → /usr/share/nginx/html"));
  g_assert_nonnull (strstr (warning, "web: /srv/uploads → /uploads"));
  /* Named volumes live on the engine anyway. */
  g_assert_null (strstr (warning, "cache"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *fake_ssh = NULL;
  int status;

  /* Contexts of the test's own; no engine answers at them. */
  docker_config = g_dir_make_tmp ("flotilla-remote-config-XXXXXX", NULL);
  g_setenv ("DOCKER_CONFIG", docker_config, TRUE);
  g_unsetenv ("DOCKER_HOST");
  g_unsetenv ("DOCKER_CONTEXT");
  add_context ("prod", "Production", "unix:///nonexistent/flotilla-prod/docker.sock");
  add_context ("staging", "Staging", "tcp://staging.example:2376");
  fake_ssh = g_build_filename (docker_config, "fake-ssh", NULL);
  g_assert_true (g_file_set_contents (fake_ssh,
                                      "#!/bin/sh\necho 'deploy@build.example: Permission denied (publickey).' >&2\n"
                                      "exit 255\n", -1, NULL));
  g_assert_cmpint (g_chmod (fake_ssh, 0755), ==, 0);
  g_setenv ("FLOTILLA_SSH", fake_ssh, TRUE);

  project_dir = g_dir_make_tmp ("flotilla-remote-project-XXXXXX", NULL);
  project_path = g_build_filename (project_dir, "compose.yaml", NULL);
  g_assert_true (g_file_set_contents (project_path, compose_text, -1, NULL));

  flt_test_gui_init (&argc, &argv);

  g_test_add_func ("/flotilla/window-remote/menu", test_menu);
  g_test_add_func ("/flotilla/window-remote/choose-context", test_choose_context);
  g_test_add_func ("/flotilla/window-remote/custom-address", test_custom_address);
  g_test_add_func ("/flotilla/window-remote/bind-warning", test_bind_warning);

  status = g_test_run ();
  remove_tree (project_dir);
  remove_tree (docker_config);
  return status;
}
