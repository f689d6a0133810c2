/* flt-window.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n.h>

#include "flt-window.h"
#include "flt-window-private.h"

#define FLT_RECENT_FILES_MAX 10
#define FLT_WINDOW_MIN_WIDTH 360
#define FLT_WINDOW_MIN_HEIGHT 294
#define FLT_WINDOW_MAX_SIZE 32767

struct _FltWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *problems_group;
  GtkListBox          *problems_list;
  AdwPreferencesGroup *services_group;
  GtkListBox          *services_list;

  /* Owned references */
  GSettings           *settings;     /* nullable */
  GCancellable        *cancellable;  /* the current load; cancelled when the window goes */
  GFile               *file;
  FltDocument         *document;
  FltProject          *project;

  guint                loading : 1;
};

G_DEFINE_FINAL_TYPE (FltWindow, flt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_FILE,
  PROP_PROJECT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What one load produces: the document and the project built from it. */
typedef struct
{
  FltDocument *document;
  FltProject  *project;
} FltWindowLoad;

static void
flt_window_load_free (FltWindowLoad *load)
{
  g_clear_object (&load->document);
  g_clear_object (&load->project);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltWindowLoad, flt_window_load_free)

/* Auxiliary methods */

static void
flt_window_set_loading (FltWindow *self,
                        gboolean   loading)
{
  g_assert (FLT_IS_WINDOW (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static char *
flt_window_dup_folder_name (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  const char *home = g_get_home_dir ();
  const char *path;

  if (parent == NULL)
    return NULL;

  path = g_file_peek_path (parent);
  if (path == NULL)
    return g_file_get_parse_name (parent);

  if (home != NULL && g_str_has_prefix (path, home) && strcmp (home, "/") != 0)
    {
      const char *rest = path + strlen (home);

      if (*rest == '\0')
        return g_strdup ("~");
      if (*rest == G_DIR_SEPARATOR)
        return g_strconcat ("~", rest, NULL);
    }

  return g_filename_display_name (path);
}

static void
flt_window_remember_file (FltWindow *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  g_auto(GStrv) updated = NULL;
  g_autofree char *uri = NULL;
  guint n = 1;

  g_assert (FLT_IS_WINDOW (self));

  if (self->settings == NULL || self->file == NULL)
    return;

  uri = g_file_get_uri (self->file);
  recent = g_settings_get_strv (self->settings, "recent-files");

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, uri);
  for (guint i = 0; recent[i] != NULL && n < FLT_RECENT_FILES_MAX; i++)
    {
      if (g_strcmp0 (recent[i], uri) == 0)
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) updated);
}

static void
flt_window_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() needs GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
flt_window_create_service_row (gpointer item,
                               gpointer user_data)
{
  FltService *service = FLT_SERVICE (item);
  const char *image = flt_service_get_image (service);
  const FltBuild *build = flt_service_get_build (service);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (image != NULL)
    subtitle = g_strdup (image);
  else if (build != NULL && build->context != NULL)
    /* Translators: %s is the folder or URL a service's image is built
     * from, for example "./web". */
    subtitle = g_strdup_printf (_("Built from %s"), build->context);
  else if (build != NULL)
    subtitle = g_strdup (_("Built from an inline Dockerfile"));
  else
    subtitle = g_strdup (_("No image"));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), flt_service_get_name (service));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "flt-service");

  return row;
}

static GtkWidget *
flt_window_create_diagnostic_row (const FltDiagnostic *diagnostic)
{
  g_autofree char *file = NULL;
  g_autofree char *location = NULL;
  const char *icon_name;
  const char *style_class;
  const char *severity;
  GtkWidget *row;
  GtkWidget *icon;

  switch (diagnostic->severity)
    {
    case FLT_SEVERITY_ERROR:
      icon_name = "dialog-error-symbolic";
      style_class = "error";
      severity = _("Error");
      break;

    case FLT_SEVERITY_WARNING:
      icon_name = "dialog-warning-symbolic";
      style_class = "warning";
      severity = _("Warning");
      break;

    case FLT_SEVERITY_INFO:
    default:
      icon_name = "dialog-information-symbolic";
      style_class = "accent";
      /* Translators: the severity of a diagnostic that is neither an
       * error nor a warning. */
      severity = _("Note");
      break;
    }

  file = diagnostic->file != NULL ? g_path_get_basename (diagnostic->file) : NULL;

  if (file != NULL && diagnostic->line > 0 && diagnostic->column > 0)
    /* Translators: where a problem is: a file name, then a line and a
     * column number. */
    location = g_strdup_printf (_("%s, line %u, column %u"), file, diagnostic->line, diagnostic->column);
  else if (file != NULL && diagnostic->line > 0)
    /* Translators: where a problem is: a file name, then a line number. */
    location = g_strdup_printf (_("%s, line %u"), file, diagnostic->line);
  else
    location = g_steal_pointer (&file);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), diagnostic->message);
  if (location != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), location);
  gtk_widget_add_css_class (row, "flt-diagnostic");

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_add_css_class (icon, style_class);
  gtk_widget_set_tooltip_text (icon, severity);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, severity,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
flt_window_show_diagnostics (FltWindow *self,
                             GPtrArray *diagnostics)
{
  g_autofree char *description = NULL;
  guint n_errors = 0;
  guint n_warnings = 0;

  g_assert (FLT_IS_WINDOW (self));

  flt_window_clear_list (self->problems_list);

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const FltDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (diagnostic->severity == FLT_SEVERITY_ERROR)
        n_errors++;
      else if (diagnostic->severity == FLT_SEVERITY_WARNING)
        n_warnings++;

      gtk_list_box_append (self->problems_list,
                           flt_window_create_diagnostic_row (diagnostic));
    }

  if (n_errors > 0)
    description = g_strdup_printf (ngettext ("The file has %u error. The project cannot run until it is fixed.",
                                             "The file has %u errors. The project cannot run until they are fixed.",
                                             n_errors),
                                   n_errors);
  else if (n_warnings > 0)
    description = g_strdup_printf (ngettext ("The file has %u warning.",
                                             "The file has %u warnings.",
                                             n_warnings),
                                   n_warnings);

  adw_preferences_group_set_title (self->problems_group,
                                   n_errors + n_warnings > 0 ? _("Problems") : _("Notes"));
  adw_preferences_group_set_description (self->problems_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group),
                          diagnostics != NULL && diagnostics->len > 0);
}

static void
flt_window_show_project (FltWindow     *self,
                         FltWindowLoad *load)
{
  GListModel *services;
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  guint n_services;

  g_assert (FLT_IS_WINDOW (self));

  g_set_object (&self->document, load->document);
  if (g_set_object (&self->project, load->project))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);

  /* The display name is the path as the user gave it; the title bar has
   * room for the file name, and the subtitle already names the folder. */
  title = g_path_get_basename (flt_document_get_display_name (self->document));
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  services = flt_project_get_services (self->project);
  n_services = g_list_model_get_n_items (services);
  gtk_list_box_bind_model (self->services_list, services,
                           flt_window_create_service_row, self, NULL);
  count = g_strdup_printf (ngettext ("%u service", "%u services", n_services), n_services);
  adw_preferences_group_set_description (self->services_group, count);

  flt_window_show_diagnostics (self, flt_project_get_diagnostics (self->project));

  gtk_stack_set_visible_child_name (self->stack, "project");
  flt_window_remember_file (self);
  flt_window_set_loading (self, FALSE);
}

static void
flt_window_show_error (FltWindow    *self,
                       const GError *error)
{
  g_assert (FLT_IS_WINDOW (self));

  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  flt_window_set_loading (self, FALSE);
}

/* Loading: the document is read asynchronously, then the project is built
 * in a worker thread, since building it may read the services' env files. */

static void
flt_window_build_project_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  FltWindowLoad *load = task_data;
  FltProjectOptions options = { 0 };

  options.load_env_files = TRUE;
  load->project = flt_project_new (&load->document, 1, &options);

  g_task_return_boolean (task, TRUE);
}

static void
flt_window_document_loaded_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  FltWindowLoad *load = g_task_get_task_data (task);

  load->document = flt_document_load_finish (result, &error);
  if (load->document == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_run_in_thread (task, flt_window_build_project_thread);
}

static void
flt_window_load_async (FltWindow           *self,
                       GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_assert (FLT_IS_WINDOW (self));
  g_assert (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flt_window_load_async);
  g_task_set_task_data (task, g_new0 (FltWindowLoad, 1), (GDestroyNotify) flt_window_load_free);

  flt_document_load_async (file, cancellable, flt_window_document_loaded_cb, g_steal_pointer (&task));
}

static FltWindowLoad *
flt_window_load_finish (FltWindow     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  FltWindowLoad *data;
  FltWindowLoad *load;

  g_assert (g_task_is_valid (result, self));

  /* A cancelled task reports the cancellation even when the work was done,
   * so a load that a newer one replaced never shows up. */
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  load = g_new0 (FltWindowLoad, 1);
  load->document = g_object_ref (data->document);
  load->project = g_object_ref (data->project);

  return load;
}

static void
flt_window_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  FltWindow *self = FLT_WINDOW (object);
  g_autoptr(FltWindowLoad) load = NULL;
  g_autoptr(GError) error = NULL;

  load = flt_window_load_finish (self, result, &error);
  if (load == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        flt_window_show_error (self, error);
      return;
    }

  flt_window_show_project (self, load);
}

/* Opening files */

static void
flt_window_open_chosen (FltWindow *self,
                        GFile     *file)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  g_assert (FLT_IS_WINDOW (self));

  /* An empty window takes the file; one that shows a project keeps it and
   * the file gets a window of its own. */
  if (self->file == NULL || application == NULL)
    flt_window_open (self, file);
  else
    g_application_open (G_APPLICATION (application), &file, 1, "");
}

static GtkFileFilter *
flt_window_create_compose_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Compose Files"));
  gtk_file_filter_add_mime_type (filter, "application/x-yaml");
  gtk_file_filter_add_mime_type (filter, "application/yaml");
  gtk_file_filter_add_suffix (filter, "yml");
  gtk_file_filter_add_suffix (filter, "yaml");

  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
flt_window_open_dialog_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(FltWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        g_warning ("Could not choose a file: %s", error->message);
      return;
    }

  flt_window_open_chosen (self, file);
}
#else
static void
flt_window_open_response_cb (FltWindow            *self,
                             int                   response,
                             GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        flt_window_open_chosen (self, file);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_object_unref (native);
}
#endif

static void
flt_window_open_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = flt_window_create_compose_filter ();

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Open a Compose File"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL,
                        flt_window_open_dialog_cb, g_object_ref (self));
#else
  /* Released in the response handler. */
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open a Compose File"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response",
                           G_CALLBACK (flt_window_open_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

/* GtkWindow */

static gboolean
flt_window_close_request (GtkWindow *window)
{
  FltWindow *self = FLT_WINDOW (window);

  if (self->settings != NULL)
    {
      gboolean maximized = gtk_window_is_maximized (window);
      int width = 0;
      int height = 0;

      /* Saved on close rather than bound: while a window is being set up
       * its default size can be unset, which the schema's range refuses. */
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      if (!maximized && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width",
                              CLAMP (width, FLT_WINDOW_MIN_WIDTH, FLT_WINDOW_MAX_SIZE));
          g_settings_set_int (self->settings, "window-height",
                              CLAMP (height, FLT_WINDOW_MIN_HEIGHT, FLT_WINDOW_MAX_SIZE));
        }
      g_settings_set_boolean (self->settings, "window-maximized", maximized);
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (flt_window_parent_class)->close_request (window);
}

/* GObject */

static void
flt_window_constructed (GObject *object)
{
  FltWindow *self = FLT_WINDOW (object);

  G_OBJECT_CLASS (flt_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

static void
flt_window_dispose (GObject *object)
{
  FltWindow *self = FLT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (flt_window_parent_class)->dispose (object);
}

static void
flt_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FltWindow *self = FLT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FltWindow *self = FLT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_window_class_init (FltWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = flt_window_constructed;
  object_class->dispose = flt_window_dispose;
  object_class->get_property = flt_window_get_property;
  object_class->set_property = flt_window_set_property;

  window_class->close_request = flt_window_close_request;

  /**
   * FltWindow:settings: (nullable)
   *
   * Where the window keeps its size and the recent files; %NULL keeps
   * nothing.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         FLT_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FltWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, problems_group);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, services_group);
  gtk_widget_class_bind_template_child (widget_class, FltWindow, services_list);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, flt_window_open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
}

static void
flt_window_init (FltWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/**
 * flt_window_new:
 * @application: (nullable): the application the window belongs to
 * @settings: (nullable): where to keep the window size and recent files
 *
 * Returns: (transfer floating): a new, empty window
 */
FltWindow *
flt_window_new (GtkApplication *application,
                GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FLT_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

/**
 * flt_window_open:
 * @self: a #FltWindow
 * @file: the compose file to show
 *
 * Starts loading @file and shows its project when it is read; anything the
 * window was loading before is cancelled.
 */
void
flt_window_open (FltWindow *self,
                 GFile     *file)
{
  g_autofree char *basename = NULL;
  g_autofree char *folder = NULL;

  g_return_if_fail (FLT_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_clear_object (&self->document);
  if (self->project != NULL)
    {
      g_clear_object (&self->project);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
    }

  basename = g_file_get_basename (file);
  folder = flt_window_dup_folder_name (file);
  adw_window_title_set_title (self->window_title, basename);
  adw_window_title_set_subtitle (self->window_title, folder);
  gtk_window_set_title (GTK_WINDOW (self), basename);

  flt_window_set_loading (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  flt_window_load_async (self, file, self->cancellable, flt_window_loaded_cb, NULL);
}

/**
 * flt_window_get_file:
 * @self: a #FltWindow
 *
 * Returns: (transfer none) (nullable): the file the window shows
 */
GFile *
flt_window_get_file (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * flt_window_get_project:
 * @self: a #FltWindow
 *
 * Returns: (transfer none) (nullable): the project shown, once loaded
 */
FltProject *
flt_window_get_project (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), NULL);

  return self->project;
}

gboolean
flt_window_get_loading (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), FALSE);

  return self->loading;
}

GtkListBox *
_flt_window_get_services_list (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), NULL);

  return self->services_list;
}

GtkListBox *
_flt_window_get_problems_list (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), NULL);

  return self->problems_list;
}

/* "empty", "loading", "error" or "project" */
const char *
_flt_window_get_page_name (FltWindow *self)
{
  g_return_val_if_fail (FLT_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
