/* flt-logs-page.c: the Logs room of the window
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page owns the whole chain: a buffer of lines, the feed that fills it
 * from the engine (or from anywhere), the filter that picks the rows and
 * finds the matches, and the view that draws them.
 */

#include <glib/gi18n.h>

#include "flt-logs-page.h"

struct _FltLogsPage
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *toolbar;
  GtkMenuButton     *services_button;
  GtkBox            *services_box;
  GtkSearchEntry    *search_entry;
  GtkLabel          *match_label;
  GtkRevealer       *banner_revealer;
  GtkLabel          *banner_label;
  GtkWidget         *banner_retry;
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  AdwStatusPage     *unreachable_page;
  GtkScrolledWindow *scroller;
  FltLogView        *view;
  GtkLabel          *no_match_label;

  /* Owned references */
  FltLogBuffer      *buffer;
  FltLogFilter      *filter;
  FltLogFeed        *feed;
  GSettings         *settings;
  FltProject        *project;          /* the project whose services are listed */
  FltEngine         *engine;           /* what is followed, while following */
  FltProject        *followed;
  char              *stack_services;   /* following a stack's: its services, a line each */
  GCancellable      *follow_cancellable;
  GError            *engine_error;
  char              *banner_message;   /* a save error, shown in the banner */
  GCancellable      *save_cancellable;

  guint              n_listed;         /* services of the buffer in the chooser */
  guint              regex : 1;
  guint              match_case : 1;
  guint              hide_unmatched : 1;
  guint              updating_checks : 1;
};

G_DEFINE_FINAL_TYPE (FltLogsPage, flt_logs_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REGEX,
  PROP_MATCH_CASE,
  PROP_HIDE_UNMATCHED,
  PROP_SHOW_TIMESTAMPS,
  PROP_FOLLOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void flt_logs_page_start (FltLogsPage *self,
                                 gboolean     resume);

/* Auxiliary methods */

static void
update_actions (FltLogsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n_matches = flt_log_filter_get_n_matches (self->filter);

  gtk_widget_action_set_enabled (widget, "logs.save", flt_log_filter_get_n_rows (self->filter) > 0);
  gtk_widget_action_set_enabled (widget, "logs.clear", flt_log_buffer_get_n_lines (self->buffer) > 0);
  gtk_widget_action_set_enabled (widget, "logs.find-next", n_matches > 0);
  gtk_widget_action_set_enabled (widget, "logs.find-previous", n_matches > 0);
  gtk_widget_action_set_enabled (widget, "logs.retry", self->project != NULL && self->engine != NULL);
}

static void
update_match_label (FltLogsPage *self)
{
  g_autofree char *text = NULL;
  guint n = flt_log_filter_get_n_matches (self->filter);
  int current = flt_log_view_get_current_match (self->view);
  gboolean truncated = flt_log_filter_get_matches_truncated (self->filter);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (*query == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->match_label), FALSE);
      return;
    }

  if (gtk_widget_has_css_class (GTK_WIDGET (self->search_entry), "error"))
    /* The tooltip says what is wrong with it. */
    text = g_strdup (_("Invalid pattern"));
  else if (n == 0)
    text = g_strdup (flt_log_filter_is_complete (self->filter) ? _("No matches") : "…");
  else if (current < 0 && truncated)
    /* Translators: more matches were found than are counted */
    text = g_strdup_printf (_("Over %u matches"), n);
  else if (current < 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  else if (truncated)
    /* Translators: the current match and how many there are, when there
     * are more than are counted: "3 of over 1000000" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of over %u", "%d of over %u", n),
                            current + 1, n);
  else
    /* Translators: the current match and how many there are: "3 of 120" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %u", "%d of %u", n),
                            current + 1, n);

  gtk_label_set_text (self->match_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->match_label), TRUE);
}

static void
update_state (FltLogsPage *self)
{
  gboolean has_lines = flt_log_buffer_get_n_lines (self->buffer) > 0;
  const char *message = NULL;

  if (has_lines)
    gtk_stack_set_visible_child_name (self->stack, "logs");
  else if (self->engine_error != NULL)
    {
      g_autofree char *why = NULL;
      g_autofree char *description = NULL;

      if (self->stack_services != NULL)
        /* Translators: %s says why, e.g. "the Docker Engine stopped
         * sending the output of web: Connection reset by peer" */
        why = g_strdup_printf (_("The output of the stack’s services cannot be followed: %s"),
                               self->engine_error->message);
      else
        /* Translators: %s says why, e.g. "the connection to the Docker
         * Engine at unix:///var/run/docker.sock failed: No such file" */
        why = g_strdup_printf (_("The output of the project’s containers cannot be followed: %s"),
                               self->engine_error->message);
      description = g_strconcat (why, "\n", _("Check that Docker is running and that you may use it, then try again."), NULL);

      adw_status_page_set_description (self->unreachable_page, description);
      gtk_stack_set_visible_child_name (self->stack, "unreachable");
    }
  else
    {
      adw_status_page_set_description (self->empty_page,
                                       self->stack_services != NULL
                                       ? _("Lines appear here as the stack’s tasks write them.")
                                       : self->engine != NULL
                                       ? _("Lines appear here as the project’s containers write them.")
                                       : _("Start the project to see what its containers write."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }

  /* Rows hidden by the search or the service choice. */
  if (has_lines && flt_log_filter_get_n_rows (self->filter) == 0 &&
      flt_log_filter_is_complete (self->filter))
    {
      gboolean by_search = flt_log_filter_get_hide_unmatched (self->filter) &&
                           flt_log_filter_get_search (self->filter) != NULL;

      gtk_label_set_text (self->no_match_label,
                          by_search ? _("No lines match the search")
                                    : _("No lines from the services chosen"));
      gtk_widget_set_visible (GTK_WIDGET (self->no_match_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->no_match_label), FALSE);

  /* The banner: a save that failed, or the engine lost while lines stay. */
  if (self->banner_message != NULL)
    message = self->banner_message;
  else if (self->engine_error != NULL && has_lines)
    message = self->engine_error->message;

  if (message != NULL)
    {
      g_autofree char *text = NULL;

      if (message == self->banner_message)
        text = g_strdup (message);
      else
        {
          /* Translators: %s says why */
          g_autofree char *why = g_strdup_printf (_("New lines no longer arrive: %s"), message);

          text = g_strconcat (why, "\n", _("Check that Docker is running, then try again."), NULL);
        }
      gtk_label_set_text (self->banner_label, text);
      gtk_widget_set_visible (self->banner_retry, message != self->banner_message);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, message != NULL);

  update_actions (self);
}

static void
update_services_label (FltLogsPage *self)
{
  g_auto(GStrv) shown = flt_log_filter_dup_services (self->filter);
  g_autofree char *label = NULL;
  guint n_shown = shown ? g_strv_length (shown) : 0;

  if (shown == NULL)
    label = g_strdup (_("All Services"));
  else if (n_shown == 0)
    label = g_strdup (_("No Services"));
  else if (n_shown == 1)
    label = g_strdup (shown[0]);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Service", "%u Services", n_shown), n_shown);

  gtk_menu_button_set_label (self->services_button, label);
}

/* Every service the chooser lists: the project's in file order, then any
 * other the buffer has met. */
static GPtrArray *
list_services (FltLogsPage *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (self->project != NULL)
    {
      GPtrArray *services = flt_project_get_service_list (self->project);

      for (guint i = 0; i < services->len; i++)
        g_ptr_array_add (names, g_strdup (flt_service_get_name (g_ptr_array_index (services, i))));
    }
  for (guint i = 0; i < flt_log_buffer_get_n_services (self->buffer); i++)
    {
      const char *name = flt_log_buffer_get_service_name (self->buffer, i);

      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (name));
    }
  return names;
}

static void
service_toggled_cb (FltLogsPage    *self,
                    GtkCheckButton *check)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  gboolean all = TRUE;

  if (self->updating_checks)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->services_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        g_ptr_array_add (shown, (gpointer) gtk_check_button_get_label (GTK_CHECK_BUTTON (child)));
      else
        all = FALSE;
    }
  g_ptr_array_add (shown, NULL);

  /* With every box ticked, services that start later show up too. */
  flt_log_filter_set_services (self->filter, all ? NULL : (const char * const *) shown->pdata);
  update_services_label (self);
  update_state (self);
}

static void
rebuild_services (FltLogsPage *self)
{
  g_autoptr(GPtrArray) names = list_services (self);
  GtkWidget *child;

  self->updating_checks = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->services_box))) != NULL)
    gtk_box_remove (self->services_box, child);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      GtkWidget *check = gtk_check_button_new_with_label (name);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   flt_log_filter_includes_service (self->filter, name));
      g_signal_connect_object (check, "toggled", G_CALLBACK (service_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->services_box, check);
    }
  self->updating_checks = FALSE;
  self->n_listed = flt_log_buffer_get_n_services (self->buffer);
  update_services_label (self);
}

static void
set_services (FltLogsPage        *self,
              const char * const *services)
{
  flt_log_filter_set_services (self->filter, services);
  rebuild_services (self);
  update_state (self);
}

static void
update_search (FltLogsPage *self)
{
  g_autoptr(FltLogSearch) search = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  FltLogSearchFlags flags = FLT_LOG_SEARCH_DEFAULT;
  FltLogSearch *current;

  if (self->regex)
    flags |= FLT_LOG_SEARCH_REGEX;
  if (self->match_case)
    flags |= FLT_LOG_SEARCH_MATCH_CASE;

  /* The entry reports typing after a delay, possibly for text already
   * applied: starting over would lose the current match. */
  current = flt_log_filter_get_search (self->filter);
  if (current != NULL && *text != '\0' && flt_log_search_get_flags (current) == flags &&
      g_str_equal (flt_log_search_get_text (current), text))
    return;

  if (*text != '\0')
    search = flt_log_search_new (text, flags, &error);

  if (error != NULL)
    {
      /* Translators: %s is what the regular expression library says */
      g_autofree char *tooltip = g_strdup_printf (_("This regular expression is not valid: %s"), error->message);

      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), tooltip);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->match_label), tooltip);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->match_label), NULL);
    }

  flt_log_filter_set_search (self->filter, search);
  update_match_label (self);
  update_state (self);
}

static void
set_banner_message (FltLogsPage *self,
                    char        *message)
{
  g_free (self->banner_message);
  self->banner_message = message;
  update_state (self);
}

/* Callbacks */

static void
buffer_lines_changed_cb (FltLogsPage  *self,
                         guint         removed,
                         guint         added,
                         FltLogBuffer *buffer)
{
  if (flt_log_buffer_get_n_services (buffer) != self->n_listed)
    rebuild_services (self);
  if (removed == 0 && added > 0 && flt_log_buffer_get_n_lines (buffer) == added)
    update_state (self);             /* the first lines */
  else
    update_actions (self);
}

static void
buffer_cleared_cb (FltLogsPage  *self,
                   FltLogBuffer *buffer)
{
  update_state (self);
}

static void
filter_changed_cb (FltLogsPage *self)
{
  update_match_label (self);
  update_state (self);
}

static void
current_match_cb (FltLogsPage *self)
{
  update_match_label (self);
}

static void
search_changed_cb (FltLogsPage    *self,
                   GtkSearchEntry *entry)
{
  update_search (self);
}

static void
search_activate_cb (FltLogsPage    *self,
                    GtkSearchEntry *entry)
{
  flt_log_view_find (self->view, FALSE);
}

static void
search_next_cb (FltLogsPage    *self,
                GtkSearchEntry *entry)
{
  flt_log_view_find (self->view, FALSE);
}

static void
search_previous_cb (FltLogsPage    *self,
                    GtkSearchEntry *entry)
{
  flt_log_view_find (self->view, TRUE);
}

static void
search_stop_cb (FltLogsPage    *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static gboolean
search_key_pressed_cb (FltLogsPage           *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_SHIFT_MASK))
    {
      flt_log_view_find (self->view, TRUE);
      return TRUE;
    }
  return FALSE;
}

typedef struct
{
  FltLogsPage  *self;
  GCancellable *cancellable;
} FollowCall;

static void
follow_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FollowCall *call = user_data;
  FltLogsPage *self = call->self;
  g_autoptr(GError) error = NULL;

  flt_log_feed_follow_finish (FLT_LOG_FEED (object), result, &error);

  /* Only the latest run speaks; one that was stopped has nothing to say. */
  if (call->cancellable == self->follow_cancellable &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&self->follow_cancellable);
      g_clear_error (&self->engine_error);
      if (error != NULL)
        self->engine_error = g_steal_pointer (&error);
      else
        /* Without follow the run only ends when the engine goes. */
        self->engine_error = g_error_new_literal (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                                                  _("the Docker Engine stopped sending the project’s output"));
      update_state (self);
    }

  g_object_unref (call->cancellable);
  g_object_unref (call->self);
  g_free (call);
}

static gboolean
same_services (FltProject *a,
               FltProject *b)
{
  GPtrArray *left = flt_project_get_service_list (a);
  GPtrArray *right = flt_project_get_service_list (b);

  if (left->len != right->len)
    return FALSE;
  for (guint i = 0; i < left->len; i++)
    if (g_strcmp0 (flt_service_get_name (g_ptr_array_index (left, i)),
                   flt_service_get_name (g_ptr_array_index (right, i))) != 0)
      return FALSE;
  return TRUE;
}

static void
flt_logs_page_start (FltLogsPage *self,
                     gboolean     resume)
{
  FollowCall *call;

  g_assert (FLT_IS_LOGS_PAGE (self));
  g_assert (self->engine != NULL && self->followed != NULL);

  g_cancellable_cancel (self->follow_cancellable);
  g_clear_object (&self->follow_cancellable);
  g_clear_error (&self->engine_error);
  self->follow_cancellable = g_cancellable_new ();

  call = g_new0 (FollowCall, 1);
  call->self = g_object_ref (self);
  call->cancellable = g_object_ref (self->follow_cancellable);
  if (self->stack_services != NULL)
    flt_log_feed_follow_stack_async (self->feed, self->engine, flt_project_get_name (self->followed), resume,
                                     self->follow_cancellable, follow_done_cb, call);
  else
    flt_log_feed_follow_async (self->feed, self->engine, self->followed, resume,
                               self->follow_cancellable, follow_done_cb, call);
  update_state (self);
}

/* Saving */

typedef struct
{
  GFile          *file;
  FltLogSnapshot *snapshot;
  gboolean        timestamps;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->snapshot, flt_log_snapshot_free);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (stream == NULL ||
      !flt_log_snapshot_write (data->snapshot, G_OUTPUT_STREAM (stream), data->timestamps, cancellable, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FltLogsPage *self = FLT_LOGS_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;

  if (!flt_logs_page_save_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: the first %s is a file, the second why it failed */
      set_banner_message (self, g_strdup_printf (_("The logs could not be saved to “%s”: %s. Choose another place and save again."),
                                                 name, error->message));
    }
}

static void
save_to (FltLogsPage *self,
         GFile       *file)
{
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  flt_logs_page_save_async (self, file, self->save_cancellable, save_done_cb, g_object_ref (file));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
save_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FltLogsPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);
  if (file != NULL)
    save_to (self, file);
  else if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not choose where to save the logs: %s", error->message);
}
#else
static void
save_response_cb (FltLogsPage          *self,
                  int                   response,
                  GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        save_to (self, file);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_object_unref (native);
}
#endif

static char *
suggest_file_name (FltLogsPage *self)
{
  if (self->project != NULL)
    return g_strdup_printf ("%s-logs.txt", flt_project_get_name (self->project));
  return g_strdup ("logs.txt");
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltLogsPage *self = FLT_LOGS_PAGE (widget);
  g_autofree char *name = suggest_file_name (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Save the Lines Shown"));
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, parent, NULL, save_dialog_cb, g_object_ref (self));
#else
  /* Released in the response handler. */
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save the Lines Shown"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  flt_log_buffer_clear (FLT_LOGS_PAGE (widget)->buffer);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltLogsPage *self = FLT_LOGS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  flt_log_view_find (FLT_LOGS_PAGE (widget)->view, FALSE);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  flt_log_view_find (FLT_LOGS_PAGE (widget)->view, TRUE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FltLogsPage *self = FLT_LOGS_PAGE (widget);

  if (self->engine != NULL && self->followed != NULL)
    flt_logs_page_start (self, TRUE);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FltLogsPage *self = FLT_LOGS_PAGE (widget);

  g_clear_pointer (&self->banner_message, g_free);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
show_all_services_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  set_services (FLT_LOGS_PAGE (widget), NULL);
}

static void
show_no_services_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  const char *none[] = { NULL };

  set_services (FLT_LOGS_PAGE (widget), none);
}

/* GObject */

static void
flt_logs_page_dispose (GObject *object)
{
  FltLogsPage *self = FLT_LOGS_PAGE (object);
  GtkWidget *child;

  flt_logs_page_stop (self);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  if (self->settings != NULL)
    g_settings_unbind (self->buffer, "capacity");
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_LOGS_PAGE);
  /* The template's children without an id are ours to drop too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->feed);
  g_clear_object (&self->filter);
  g_clear_object (&self->buffer);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (flt_logs_page_parent_class)->dispose (object);
}

static void
flt_logs_page_finalize (GObject *object)
{
  FltLogsPage *self = FLT_LOGS_PAGE (object);

  g_clear_error (&self->engine_error);
  g_free (self->banner_message);

  G_OBJECT_CLASS (flt_logs_page_parent_class)->finalize (object);
}

static void
flt_logs_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FltLogsPage *self = FLT_LOGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_REGEX:
      g_value_set_boolean (value, self->regex);
      break;
    case PROP_MATCH_CASE:
      g_value_set_boolean (value, self->match_case);
      break;
    case PROP_HIDE_UNMATCHED:
      g_value_set_boolean (value, self->hide_unmatched);
      break;
    case PROP_SHOW_TIMESTAMPS:
      g_value_set_boolean (value, flt_log_view_get_show_timestamps (self->view));
      break;
    case PROP_FOLLOW:
      g_value_set_boolean (value, flt_log_view_get_follow (self->view));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_logs_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FltLogsPage *self = FLT_LOGS_PAGE (object);
  gboolean flag = g_value_get_boolean (value);

  switch (prop_id)
    {
    case PROP_REGEX:
      if (self->regex != flag)
        {
          self->regex = flag;
          update_search (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MATCH_CASE:
      if (self->match_case != flag)
        {
          self->match_case = flag;
          update_search (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_HIDE_UNMATCHED:
      if (self->hide_unmatched != flag)
        {
          self->hide_unmatched = flag;
          flt_log_filter_set_hide_unmatched (self->filter, flag);
          update_state (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_TIMESTAMPS:
      flt_log_view_set_show_timestamps (self->view, flag);
      break;
    case PROP_FOLLOW:
      flt_log_view_set_follow (self->view, flag);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
view_notify_cb (FltLogsPage *self,
                GParamSpec  *pspec,
                FltLogView  *view)
{
  if (g_str_equal (pspec->name, "follow"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
  else if (g_str_equal (pspec->name, "show-timestamps"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TIMESTAMPS]);
}

static void
flt_logs_page_class_init (FltLogsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_logs_page_dispose;
  object_class->finalize = flt_logs_page_finalize;
  object_class->get_property = flt_logs_page_get_property;
  object_class->set_property = flt_logs_page_set_property;

  properties[PROP_REGEX] =
    g_param_spec_boolean ("regex", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MATCH_CASE] =
    g_param_spec_boolean ("match-case", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Filter mode: only the lines that match the search are shown. */
  properties[PROP_HIDE_UNMATCHED] =
    g_param_spec_boolean ("hide-unmatched", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_TIMESTAMPS] =
    g_param_spec_boolean ("show-timestamps", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FLT_TYPE_LOG_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-logs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, services_button);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, services_box);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, match_label);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, banner_retry);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, unreachable_page);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, view);
  gtk_widget_class_bind_template_child (widget_class, FltLogsPage, no_match_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);

  gtk_widget_class_install_action (widget_class, "logs.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "logs.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "logs.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "logs.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "logs.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "logs.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "logs.dismiss", NULL, dismiss_action);
  gtk_widget_class_install_action (widget_class, "logs.show-all-services", NULL, show_all_services_action);
  gtk_widget_class_install_action (widget_class, "logs.show-no-services", NULL, show_no_services_action);
  gtk_widget_class_install_property_action (widget_class, "logs.regex", "regex");
  gtk_widget_class_install_property_action (widget_class, "logs.match-case", "match-case");
  gtk_widget_class_install_property_action (widget_class, "logs.filter", "hide-unmatched");
  gtk_widget_class_install_property_action (widget_class, "logs.timestamps", "show-timestamps");
  gtk_widget_class_install_property_action (widget_class, "logs.follow", "follow");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "logs.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "logs.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "logs.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "logs.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "logs.clear", NULL);

  gtk_widget_class_set_css_name (widget_class, "logspage");
}

static void
flt_logs_page_init (FltLogsPage *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->buffer = flt_log_buffer_new (FLT_LOG_BUFFER_DEFAULT_CAPACITY);
  self->filter = flt_log_filter_new (self->buffer);
  self->feed = flt_log_feed_new (self->buffer);
  flt_log_view_set_filter (self->view, self->filter);

  g_signal_connect_object (self->buffer, "lines-changed", G_CALLBACK (buffer_lines_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "cleared", G_CALLBACK (buffer_cleared_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "matches-changed", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "reset", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "rows-changed", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::current-match", G_CALLBACK (current_match_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify", G_CALLBACK (view_notify_cb),
                           self, G_CONNECT_SWAPPED);

  /* Enter goes to the next match (the entry's activate); Shift+Enter to
   * the previous one. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->view));

  rebuild_services (self);
  update_state (self);
}

/* Public API */

FltLogsPage *
flt_logs_page_new (void)
{
  return g_object_new (FLT_TYPE_LOGS_PAGE, NULL);
}

static gboolean
scrollback_get_mapping (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  g_value_set_uint (value, (guint) MAX (g_variant_get_int32 (variant), 1));
  return TRUE;
}

/**
 * flt_logs_page_set_settings:
 * @settings: (nullable): the application's settings
 *
 * Binds the scrollback (the log-scrollback key) to the buffer's capacity.
 */
void
flt_logs_page_set_settings (FltLogsPage *self,
                            GSettings   *settings)
{
  g_return_if_fail (FLT_IS_LOGS_PAGE (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;
  if (self->settings != NULL)
    g_settings_unbind (self->buffer, "capacity");
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    g_settings_bind_with_mapping (settings, "log-scrollback", self->buffer, "capacity",
                                  G_SETTINGS_BIND_GET, scrollback_get_mapping, NULL, NULL, NULL);
}

static void
follow (FltLogsPage *self,
        FltEngine   *engine,
        FltProject  *project,
        const char  *stack_services)
{
  gboolean same_target;

  if (project != NULL)
    {
      GPtrArray *services = flt_project_get_service_list (project);

      /* Prefix colours in file order, whichever service speaks first. */
      for (guint i = 0; i < services->len; i++)
        flt_log_buffer_intern_service (self->buffer, flt_service_get_name (g_ptr_array_index (services, i)));
    }
  g_set_object (&self->project, project);
  rebuild_services (self);

  if (engine == NULL || project == NULL)
    {
      flt_logs_page_stop (self);
      return;
    }

  same_target = self->engine == engine && self->followed != NULL &&
                g_strcmp0 (flt_project_get_name (self->followed), flt_project_get_name (project)) == 0 &&
                (self->stack_services == NULL) == (stack_services == NULL);

  /* A stack's readers follow the services it had when they began; the
   * file's services do not matter to them. */
  if (same_target && self->follow_cancellable != NULL &&
      (stack_services != NULL ? g_strcmp0 (self->stack_services, stack_services) == 0
                              : same_services (self->followed, project)))
    {
      g_set_object (&self->followed, project);
      return;
    }

  g_set_object (&self->engine, engine);
  g_set_object (&self->followed, project);
  g_free (self->stack_services);
  self->stack_services = g_strdup (stack_services);
  flt_logs_page_start (self, same_target);
}

/**
 * flt_logs_page_follow:
 * @engine: (nullable): the engine the project runs on; %NULL stops
 * @project: (nullable): the project
 *
 * Follows the output of every service of @project, starting with the
 * last lines each container wrote.  Called again with a newer version of
 * the same project, it goes on where it was, following the services the
 * newer version has; lines already shown are not shown twice.
 */
void
flt_logs_page_follow (FltLogsPage *self,
                      FltEngine   *engine,
                      FltProject  *project)
{
  g_return_if_fail (FLT_IS_LOGS_PAGE (self));
  g_return_if_fail (engine == NULL || FLT_IS_ENGINE (engine));
  g_return_if_fail (project == NULL || FLT_IS_PROJECT (project));

  follow (self, engine, project, NULL);
}

/**
 * flt_logs_page_follow_stack:
 * @stack_services: the services the stack has now, a line each
 *   (flt_stack_state_dup_service_names())
 *
 * Follows the service logs of @project's stack on @engine's Swarm
 * instead of its containers; each line names its task ("web.2@node1").
 * Called again with other @stack_services (a redeploy added or took
 * away one), it goes on where it was with the new ones.
 */
void
flt_logs_page_follow_stack (FltLogsPage *self,
                            FltEngine   *engine,
                            FltProject  *project,
                            const char  *stack_services)
{
  g_return_if_fail (FLT_IS_LOGS_PAGE (self));
  g_return_if_fail (FLT_IS_ENGINE (engine));
  g_return_if_fail (FLT_IS_PROJECT (project));
  g_return_if_fail (stack_services != NULL);

  follow (self, engine, project, stack_services);
}

/* Whether the page follows a stack's services rather than containers. */
gboolean
flt_logs_page_get_following_stack (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), FALSE);

  return self->follow_cancellable != NULL && self->stack_services != NULL;
}

/* Stops following; the lines stay. */
void
flt_logs_page_stop (FltLogsPage *self)
{
  g_return_if_fail (FLT_IS_LOGS_PAGE (self));

  g_cancellable_cancel (self->follow_cancellable);
  g_clear_object (&self->follow_cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->followed);
  g_clear_pointer (&self->stack_services, g_free);
  g_clear_error (&self->engine_error);
  if (self->stack != NULL)
    update_state (self);
}

/* Whether a follower runs. */
gboolean
flt_logs_page_get_following (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), FALSE);
  return self->follow_cancellable != NULL;
}

/* Why following stopped, or %NULL. */
const GError *
flt_logs_page_get_engine_error (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), NULL);
  return self->engine_error;
}

/**
 * flt_logs_page_show_service:
 * @service: (nullable): the only service to show, or %NULL for all
 */
void
flt_logs_page_show_service (FltLogsPage *self,
                            const char  *service)
{
  const char *only[] = { service, NULL };

  g_return_if_fail (FLT_IS_LOGS_PAGE (self));

  set_services (self, service != NULL ? only : NULL);
}

FltLogBuffer *
flt_logs_page_get_buffer (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), NULL);
  return self->buffer;
}

/* Lines pushed here from any thread take the path the engine's take. */
FltLogFeed *
flt_logs_page_get_feed (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), NULL);
  return self->feed;
}

FltLogFilter *
flt_logs_page_get_filter (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), NULL);
  return self->filter;
}

FltLogView *
flt_logs_page_get_view (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), NULL);
  return self->view;
}

/* Types @text into the search entry, and applies it now rather than
 * after the entry's typing delay. */
void
flt_logs_page_set_search (FltLogsPage *self,
                          const char  *text)
{
  g_return_if_fail (FLT_IS_LOGS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  update_search (self);
}

/* What the match counter says ("3 of 120"), or %NULL when hidden. */
const char *
flt_logs_page_get_match_text (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->match_label)))
    return NULL;
  return gtk_label_get_text (self->match_label);
}

/* Which page shows: "empty", "unreachable" or "logs". */
const char *
flt_logs_page_get_state (FltLogsPage *self)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * flt_logs_page_save_async:
 *
 * Writes the lines shown, as shown (prefixes, and timestamps when they
 * are on), to @file, in a worker thread.
 */
void
flt_logs_page_save_async (FltLogsPage         *self,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree guint *lines = NULL;
  SaveData *data;
  guint n_lines;

  g_return_if_fail (FLT_IS_LOGS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Rows still being classified are not shown yet either. */
  lines = flt_log_filter_dup_lines (self->filter, &n_lines);

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (file);
  data->snapshot = flt_log_buffer_snapshot (self->buffer, lines, n_lines);
  data->timestamps = flt_log_view_get_show_timestamps (self->view);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flt_logs_page_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
flt_logs_page_save_finish (FltLogsPage   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FLT_IS_LOGS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
