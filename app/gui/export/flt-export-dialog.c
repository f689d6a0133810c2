/* flt-export-dialog.c: Export → AWS ECS…, the files shown before they are written
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog holds one FltAwsOptions: the defaults (bound to the settings
 * when there are any) and the host ports chosen here.  Every change of
 * them waits FLT_EXPORT_DIALOG_DEBOUNCE_MS for the next, then computes
 * the export again in a worker thread, cancelling the one still running;
 * until the new one arrives the preview keeps the last and Export is off,
 * so what is written is always what the person saw.
 *
 * Writing first refuses to replace files with other content; the dialog
 * asks, and writes again without that guard only after "Replace".
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "flt-export-dialog.h"
#include "flt-text.h"
#include "flt-export-dialog-private.h"
#include "flt-file-chooser.h"

#define MIB (G_GINT64_CONSTANT (1024) * 1024)

struct _FltExportDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *close_button;
  GtkSpinner          *busy_spinner;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkStack            *stack;
  AdwStatusPage       *invalid_page;
  GtkListBox          *warnings_list;
  GtkSpinButton       *cpu_spin;
  GtkSpinButton       *mem_spin;
  AdwPreferencesGroup *ports_group;
  AdwActionRow        *folder_row;
  AdwActionRow        *written_row;
  GtkStack            *preview_stack;
  GtkSourceView       *compose_view;
  GtkSourceView       *params_view;
  GtkSourceView       *task_view;
  GtkSourceBuffer     *compose_buffer;
  GtkSourceBuffer     *params_buffer;
  GtkSourceBuffer     *task_buffer;

  /* Owned references */
  FltProject          *project;
  GSettings           *settings;       /* nullable */
  FltAwsOptions       *options;
  FltAwsExport        *export;         /* the latest; NULL until the first arrives */
  GFile               *folder;
  GPtrArray           *port_spins;     /* GtkSpinButton, one per published port */
  GCancellable        *cancellable;    /* cancelled when the dialog goes */
  GCancellable        *compute_cancellable;
  AdwMessageDialog    *question;       /* "Replace Existing Files?", while open */
  GStrv                written;        /* the paths of the last export written */

  guint                compute_id;     /* the pause after a change */
  guint                computing : 1;  /* the export shown is not the choices' yet */
  guint                writing : 1;
};

G_DEFINE_FINAL_TYPE (FltExportDialog, flt_export_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOW_DIAGNOSTIC,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void flt_export_dialog_write (FltExportDialog  *self,
                                     FltAwsWriteFlags  flags);

/* Auxiliary methods */

/* A folder as people read it: the home folder as "~". */
static char *
dup_display_path (GFile *folder)
{
  const char *home = g_get_home_dir ();
  const char *path = g_file_peek_path (folder);

  if (path == NULL)
    return g_file_get_parse_name (folder);

  if (home != NULL && strcmp (home, "/") != 0 && g_str_has_prefix (path, home))
    {
      const char *rest = path + strlen (home);

      if (*rest == '\0')
        return g_strdup ("~");
      if (*rest == G_DIR_SEPARATOR)
        {
          g_autofree char *display = g_filename_display_name (rest);

          return g_strconcat ("~", display, NULL);
        }
    }
  return g_filename_display_name (path);
}

static char *
dup_location (const FltDiagnostic *diagnostic)
{
  g_autofree char *file = NULL;

  if (diagnostic == NULL || diagnostic->file == NULL)
    return NULL;

  file = g_path_get_basename (diagnostic->file);
  if (diagnostic->line == 0)
    return g_steal_pointer (&file);
  /* Translators: where a problem is: the file and the line, for
   * example "docker-compose.yml:12". */
  return g_strdup_printf (_("%s:%u"), file, diagnostic->line);
}

static GtkSourceBuffer *
flt_export_dialog_get_buffer (FltExportDialog *self,
                              FltAwsFile       file)
{
  switch (file)
    {
    case FLT_AWS_FILE_COMPOSE:
      return self->compose_buffer;
    case FLT_AWS_FILE_PARAMS:
      return self->params_buffer;
    case FLT_AWS_FILE_TASK_DEFINITION:
      return self->task_buffer;
    case FLT_AWS_N_FILES:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char * const page_names[FLT_AWS_N_FILES] = { "compose", "params", "task-definition" };

static FltAwsFile
flt_export_dialog_get_visible_file (FltExportDialog *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->preview_stack);

  for (guint f = 0; f < FLT_AWS_N_FILES; f++)
    if (g_strcmp0 (name, page_names[f]) == 0)
      return f;
  return FLT_AWS_FILE_COMPOSE;
}

/* Replaces only the part of @buffer's text that differs from @text, so a
 * new default changes a few characters and the view keeps its place. */
static void
set_buffer_text (GtkTextBuffer *buffer,
                 const char    *text)
{
  GtkTextIter start, end;
  g_autofree char *old = NULL;
  gsize old_length, new_length, prefix = 0, suffix = 0;
  int start_offset, end_offset;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  old = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  old_length = strlen (old);
  new_length = strlen (text);

  while (prefix < old_length && prefix < new_length && old[prefix] == text[prefix])
    prefix++;
  if (prefix == old_length && prefix == new_length)
    return;
  while (suffix < old_length - prefix && suffix < new_length - prefix &&
         old[old_length - 1 - suffix] == text[new_length - 1 - suffix])
    suffix++;

  /* Both ends on a character boundary: the bytes kept are the same in
   * both texts, so one text tells for both. */
  while (prefix > 0 && ((guchar) old[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix > 0 && ((guchar) old[old_length - suffix] & 0xC0) == 0x80)
    suffix--;

  start_offset = (int) g_utf8_strlen (old, prefix);
  end_offset = start_offset + (int) g_utf8_strlen (old + prefix, old_length - suffix - prefix);

  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, end_offset);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text + prefix, (int) (new_length - suffix - prefix));
}

static void
flt_export_dialog_update_style (FltExportDialog *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme == NULL)
    return;
  for (guint f = 0; f < FLT_AWS_N_FILES; f++)
    gtk_source_buffer_set_style_scheme (flt_export_dialog_get_buffer (self, f), scheme);
}

static void
flt_export_dialog_update_actions (FltExportDialog *self)
{
  gboolean ready = self->export != NULL && !self->computing && !self->writing && self->question == NULL;
  gboolean busy = self->computing || self->writing;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.write", ready && self->folder != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.copy", self->export != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-folder", !self->writing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.open-folder", self->written != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy && self->export != NULL);
  gtk_spinner_set_spinning (self->busy_spinner, busy && self->export != NULL);
}

static void
flt_export_dialog_set_computing (FltExportDialog *self,
                                 gboolean         computing)
{
  gboolean was_busy = flt_export_dialog_get_busy (self);

  self->computing = !!computing;
  flt_export_dialog_update_actions (self);
  if (was_busy != flt_export_dialog_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
flt_export_dialog_set_writing (FltExportDialog *self,
                               gboolean         writing)
{
  gboolean was_busy = flt_export_dialog_get_busy (self);

  self->writing = !!writing;
  flt_export_dialog_update_actions (self);
  if (was_busy != flt_export_dialog_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
flt_export_dialog_show_error (FltExportDialog *self,
                              const char      *message)
{
  g_autofree char *text = flt_text_sentence (message);

  gtk_label_set_label (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
flt_export_dialog_hide_error (FltExportDialog *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_label_set_label (self->error_label, "");
}

/* What was written belongs to the folder and the choices it was written
 * with; once either changes, it no longer describes what Export writes. */
static void
flt_export_dialog_forget_written (FltExportDialog *self)
{
  g_clear_pointer (&self->written, g_strfreev);
  gtk_widget_set_visible (GTK_WIDGET (self->written_row), FALSE);
  flt_export_dialog_update_actions (self);
}

/* The export */

/* Not an AdwActionRow: the message is what people read, and it gets the
 * row's whole width, with the service and the place in the file above it. */
static GtkWidget *
create_warning_row (const FltAwsWarning *warning)
{
  const FltDiagnostic *diagnostic = warning->diagnostic;
  g_autofree char *location = dup_location (diagnostic);
  g_autofree char *message = flt_text_sentence (diagnostic ? diagnostic->message : "");
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *title, *body;

  /* One in this file opens the YAML view there (the window does). */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), diagnostic != NULL && diagnostic->line > 0);
  if (diagnostic != NULL && diagnostic->line > 0)
    gtk_widget_set_tooltip_text (row, _("Show it in the YAML view"));
  gtk_widget_add_css_class (row, "flt-diagnostic");
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (icon, _("Not carried over"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not carried over"),
                                  -1);
  gtk_box_append (GTK_BOX (box), icon);

  if (warning->service != NULL)
    title = gtk_label_new (warning->service);
  else
    /* Translators: the heading of a warning about no service in particular */
    title = gtk_label_new (C_("export warning", "Whole project"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (heading), title);

  if (location != NULL)
    {
      GtkWidget *label = gtk_label_new (location);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "numeric");
      if (diagnostic->path != NULL)
        gtk_widget_set_tooltip_text (label, diagnostic->path);
      gtk_box_append (GTK_BOX (heading), label);
    }
  gtk_box_append (GTK_BOX (text), heading);

  body = gtk_label_new (message);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), body);
  gtk_box_append (GTK_BOX (box), text);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
warning_activated_cb (FltExportDialog *self,
                      GtkListBoxRow   *row)
{
  GPtrArray *warnings = flt_aws_export_get_warnings (self->export);
  int index = gtk_list_box_row_get_index (row);
  const FltAwsWarning *warning;

  if (index < 0 || (guint) index >= warnings->len)
    return;
  warning = g_ptr_array_index (warnings, index);
  if (warning->diagnostic == NULL)
    return;
  /* The window shows the place; the dialog, over it, would hide it. */
  g_signal_emit (self, signals[SHOW_DIAGNOSTIC], 0, warning->diagnostic);
  gtk_window_close (GTK_WINDOW (self));
}

static void
flt_export_dialog_show_warnings (FltExportDialog *self)
{
  GPtrArray *warnings = flt_aws_export_get_warnings (self->export);
  GtkListBoxRow *row;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((row = gtk_list_box_get_row_at_index (self->warnings_list, 0)) != NULL)
    gtk_list_box_remove (self->warnings_list, GTK_WIDGET (row));

  for (guint i = 0; i < warnings->len; i++)
    gtk_list_box_append (self->warnings_list, create_warning_row (g_ptr_array_index (warnings, i)));
}

static void
flt_export_dialog_show_export (FltExportDialog *self)
{
  for (guint f = 0; f < FLT_AWS_N_FILES; f++)
    set_buffer_text (GTK_TEXT_BUFFER (flt_export_dialog_get_buffer (self, f)),
                     flt_aws_export_get_text (self->export, f));
  flt_export_dialog_show_warnings (self);
  gtk_stack_set_visible_child_name (self->stack, "export");
}

/* The project cannot be exported at all: say why, and what to do. */
static void
flt_export_dialog_show_invalid (FltExportDialog *self,
                                const GError    *error)
{
  g_autofree char *description = NULL;

  if (g_error_matches (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_INVALID))
    {
      GPtrArray *diagnostics = flt_project_get_diagnostics (self->project);
      const FltDiagnostic *first = NULL;
      g_autofree char *location = NULL;
      g_autofree char *message = NULL;
      guint n_errors = 0;

      for (guint i = 0; i < diagnostics->len; i++)
        {
          const FltDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

          if (diagnostic->severity != FLT_SEVERITY_ERROR)
            continue;
          if (first == NULL)
            first = diagnostic;
          n_errors++;
        }

      message = flt_text_sentence (first ? first->message : error->message);
      location = dup_location (first);
      if (location != NULL)
        /* Translators: a place in a file, like "docker-compose.yml:5",
         * and what is wrong there. */
        description = g_strdup_printf (_("%s: %s"), location, message);
      else
        description = g_steal_pointer (&message);

      if (n_errors > 0)
        {
          g_autofree char *advice =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Fix %u error in the compose file, then export again.",
                                          "Fix %u errors in the compose file, then export again.",
                                          n_errors),
                             n_errors);
          g_autofree char *both = g_strconcat (description, "\n\n", advice, NULL);

          g_free (description);
          description = g_steal_pointer (&both);
        }

      adw_status_page_set_title (self->invalid_page, _("Fix the Compose File First"));
    }
  else
    {
      description = flt_text_sentence (error->message);
      if (g_error_matches (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_NO_SERVICES))
        adw_status_page_set_title (self->invalid_page, _("Nothing to Export"));
      else
        adw_status_page_set_title (self->invalid_page, _("Cannot Export"));
    }

  {
    /* The status page reads its description as markup. */
    g_autofree char *escaped = g_markup_escape_text (description, -1);

    adw_status_page_set_description (self->invalid_page, escaped);
    g_object_set_data_full (G_OBJECT (self->invalid_page), "flt-text", g_steal_pointer (&description), g_free);
  }
  gtk_stack_set_visible_child_name (self->stack, "invalid");
}

static void
flt_export_dialog_computed_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(FltExportDialog) self = user_data;
  g_autoptr(FltAwsExport) export = NULL;
  g_autoptr(GError) error = NULL;

  export = flt_aws_export_new_finish (result, &error);

  /* A newer computation replaced this one, or the dialog is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Choices changed while it ran: the next one is on its way. */
  if (self->compute_id != 0)
    return;

  g_clear_object (&self->compute_cancellable);

  if (export == NULL)
    {
      g_clear_object (&self->export);
      flt_export_dialog_show_invalid (self, error);
      flt_export_dialog_set_computing (self, FALSE);
      return;
    }

  g_set_object (&self->export, export);
  flt_export_dialog_show_export (self);
  flt_export_dialog_set_computing (self, FALSE);
}

static void
flt_export_dialog_read_defaults (FltExportDialog *self)
{
  gint64 cpu_shares, mem_limit;

  /* The keys hold bytes exactly; the spin button only whole MiB. */
  if (self->settings != NULL)
    {
      cpu_shares = g_settings_get_int (self->settings, "aws-cpu-shares");
      mem_limit = g_settings_get_int64 (self->settings, "aws-mem-limit");
    }
  else
    {
      cpu_shares = gtk_spin_button_get_value_as_int (self->cpu_spin);
      mem_limit = (gint64) gtk_spin_button_get_value_as_int (self->mem_spin) * MIB;
    }
  flt_aws_options_set_cpu_shares (self->options, cpu_shares);
  flt_aws_options_set_mem_limit (self->options, mem_limit);
}

static void
flt_export_dialog_compute (FltExportDialog *self)
{
  g_clear_handle_id (&self->compute_id, g_source_remove);

  if (self->compute_cancellable != NULL)
    g_cancellable_cancel (self->compute_cancellable);
  g_clear_object (&self->compute_cancellable);
  self->compute_cancellable = g_cancellable_new ();

  flt_export_dialog_read_defaults (self);
  flt_export_dialog_set_computing (self, TRUE);
  flt_aws_export_new_async (self->project, self->options, self->compute_cancellable,
                            flt_export_dialog_computed_cb, g_object_ref (self));
}

static gboolean
compute_timeout_cb (gpointer user_data)
{
  FltExportDialog *self = user_data;

  self->compute_id = 0;
  flt_export_dialog_compute (self);
  return G_SOURCE_REMOVE;
}

static void
flt_export_dialog_schedule_compute (FltExportDialog *self)
{
  if (self->project == NULL)
    return;

  g_clear_handle_id (&self->compute_id, g_source_remove);
  self->compute_id = g_timeout_add (FLT_EXPORT_DIALOG_DEBOUNCE_MS, compute_timeout_cb, self);
  flt_export_dialog_forget_written (self);
  flt_export_dialog_set_computing (self, TRUE);
}

/* Callbacks */

static void
defaults_changed_cb (FltExportDialog *self)
{
  flt_export_dialog_schedule_compute (self);
}

static void
settings_changed_cb (FltExportDialog *self,
                     const char      *key)
{
  if (g_strcmp0 (key, "aws-cpu-shares") == 0 || g_strcmp0 (key, "aws-mem-limit") == 0)
    flt_export_dialog_schedule_compute (self);
}

static void
port_changed_cb (FltExportDialog *self,
                 GtkSpinButton   *spin)
{
  const char *service = g_object_get_data (G_OBJECT (spin), "flt-service");
  guint container_port = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "flt-container-port"));
  guint compose_port = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "flt-compose-port"));
  guint host_port = (guint) gtk_spin_button_get_value_as_int (spin);

  /* The compose file's own port needs no override: 0 goes back to it. */
  flt_aws_options_set_host_port (self->options, service, container_port,
                                 host_port == compose_port ? 0 : host_port);
  flt_export_dialog_schedule_compute (self);
}

static void
style_dark_cb (FltExportDialog *self)
{
  flt_export_dialog_update_style (self);
}

/* Host ports */

static gboolean
has_port_spin (FltExportDialog *self,
               const char      *service,
               guint            container_port)
{
  return _flt_export_dialog_get_port_spin (self, service, container_port) != NULL;
}

/* One row per published container port the export keeps: what ECS cannot
 * publish (ranges, other protocols) is among the warnings instead. */
static void
flt_export_dialog_add_port_rows (FltExportDialog *self)
{
  GPtrArray *services = flt_project_get_service_list (self->project);

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      const char *name = flt_service_get_name (service);
      GPtrArray *ports;

      if (!flt_service_get_enabled (service))
        continue;

      ports = flt_service_get_ports (service);
      for (guint j = 0; j < ports->len; j++)
        {
          const FltPort *port = g_ptr_array_index (ports, j);
          g_autofree char *subtitle = NULL;
          g_autofree char *label = NULL;
          GtkWidget *row, *spin;

          if (port->published_start == 0 ||
              port->published_start != port->published_end ||
              port->target_start != port->target_end ||
              (g_strcmp0 (port->protocol, "tcp") != 0 && g_strcmp0 (port->protocol, "udp") != 0) ||
              has_port_spin (self, name, port->target_start))
            continue;

          row = adw_action_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
          /* Translators: the first %u is a port inside the container, %s
           * its protocol (tcp or udp), the second %u the port the compose
           * file publishes it on, for example "Container port 5000/tcp,
           * published on 5000 in the compose file". */
          subtitle = g_strdup_printf (_("Container port %u/%s, published on %u in the compose file"),
                                      port->target_start, port->protocol, port->published_start);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

          spin = gtk_spin_button_new_with_range (1, 65535, 1);
          gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), port->published_start);
          gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
          /* Translators: for screen readers: %u is a port inside the
           * container, %s the service, e.g. "Host port for port 5000 of web" */
          label = g_strdup_printf (_("Host port for port %u of %s"), port->target_start, name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                          -1);
          g_object_set_data_full (G_OBJECT (spin), "flt-service", g_strdup (name), g_free);
          g_object_set_data (G_OBJECT (spin), "flt-container-port", GUINT_TO_POINTER (port->target_start));
          g_object_set_data (G_OBJECT (spin), "flt-compose-port", GUINT_TO_POINTER (port->published_start));
          g_signal_connect_object (spin, "value-changed", G_CALLBACK (port_changed_cb), self, G_CONNECT_SWAPPED);

          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
          adw_preferences_group_add (self->ports_group, row);
          g_ptr_array_add (self->port_spins, g_object_ref (spin));
        }
    }

  if (self->port_spins->len == 0)
    adw_preferences_group_set_description (self->ports_group, _("No service publishes a port"));
}

/* Writing */

#if GTK_CHECK_VERSION (4, 10, 0)
static void
open_folder_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FltExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (gtk_file_launcher_launch_finish (GTK_FILE_LAUNCHER (object), result, &error) ||
      g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
      g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    return;

  /* Translators: %s is the reason, from the system */
  message = g_strdup_printf (_("Could not open the folder: %s. Open it from your file manager instead."),
                             error->message);
  flt_export_dialog_show_error (self, message);
}
#endif

static void
flt_export_dialog_open_folder (FltExportDialog *self)
{
  if (self->folder == NULL)
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (self->folder);

    gtk_file_launcher_launch (launcher, GTK_WINDOW (self), self->cancellable,
                              open_folder_done_cb, g_object_ref (self));
  }
#else
  {
    g_autofree char *uri = g_file_get_uri (self->folder);

    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
  }
#endif
}

static void
flt_export_dialog_show_written (FltExportDialog *self,
                                GStrv            written)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *title = NULL;
  guint n = g_strv_length (written);

  g_clear_pointer (&self->written, g_strfreev);
  self->written = written;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *basename = g_path_get_basename (written[i]);

      if (names->len > 0)
        g_string_append_c (names, '\n');
      g_string_append (names, basename);
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file written", "%u files written", n), n);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->written_row), title);
  adw_action_row_set_subtitle (self->written_row, names->str);
  gtk_widget_set_visible (GTK_WIDGET (self->written_row), TRUE);

  /* Nothing is left to cancel. */
  gtk_button_set_label (self->close_button, _("_Close"));
  flt_export_dialog_update_actions (self);
}

static void
replace_response_cb (FltExportDialog  *self,
                     const char       *response,
                     AdwMessageDialog *question)
{
  if (self->question != question)
    return;
  self->question = NULL;
  g_object_unref (question);

  if (g_strcmp0 (response, "replace") == 0)
    flt_export_dialog_write (self, FLT_AWS_WRITE_NONE);
  else
    flt_export_dialog_update_actions (self);
}

static void
flt_export_dialog_ask_replace (FltExportDialog *self,
                               const GError    *error)
{
  g_autofree char *body = flt_text_sentence (error->message);
  AdwMessageDialog *question;

  question = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                         _("Replace Existing Files?"),
                                                         body));
  adw_message_dialog_add_responses (question,
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (question, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (question, "cancel");
  adw_message_dialog_set_close_response (question, "cancel");
  g_signal_connect_object (question, "response", G_CALLBACK (replace_response_cb), self, G_CONNECT_SWAPPED);

  self->question = g_object_ref (question);
  flt_export_dialog_update_actions (self);
  gtk_window_present (GTK_WINDOW (question));
}

static void
flt_export_dialog_written_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(FltExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) written = NULL;

  if (flt_aws_export_write_finish (FLT_AWS_EXPORT (object), result, &written, &error))
    {
      flt_export_dialog_set_writing (self, FALSE);
      flt_export_dialog_show_written (self, g_steal_pointer (&written));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  flt_export_dialog_set_writing (self, FALSE);
  if (g_error_matches (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_EXISTS))
    flt_export_dialog_ask_replace (self, error);
  else
    flt_export_dialog_show_error (self, error->message);
}

static void
flt_export_dialog_write (FltExportDialog  *self,
                         FltAwsWriteFlags  flags)
{
  const char *path;

  g_return_if_fail (self->export != NULL && self->folder != NULL);

  flt_export_dialog_hide_error (self);

  path = g_file_peek_path (self->folder);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (self->folder);
      g_autofree char *message =
        /* Translators: %s is a folder given as an address, like sftp://host/dir */
        g_strdup_printf (_("Cannot write to %s: the export writes only to folders on this computer; "
                           "choose a local folder"), name);

      flt_export_dialog_show_error (self, message);
      return;
    }

  flt_export_dialog_forget_written (self);
  flt_export_dialog_set_writing (self, TRUE);
  flt_aws_export_write_async (self->export, path, FLT_AWS_FILES_ALL, flags, self->cancellable,
                              flt_export_dialog_written_cb, g_object_ref (self));
}

/* Actions */

static void
write_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FltExportDialog *self = FLT_EXPORT_DIALOG (widget);

  if (self->export == NULL || self->computing || self->writing || self->question != NULL)
    return;
  flt_export_dialog_write (self, FLT_AWS_WRITE_KEEP_EXISTING);
}

static void
folder_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FltExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;

  folder = flt_choose_file_finish (result, &error);
  if (folder == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message =
            /* Translators: %s is the reason, from the system */
            g_strdup_printf (_("Could not choose a folder: %s"), error->message);

          flt_export_dialog_show_error (self, message);
        }
      return;
    }
  flt_export_dialog_set_folder (self, folder);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FltExportDialog *self = FLT_EXPORT_DIALOG (widget);

  flt_choose_file_async (GTK_WINDOW (self), FLT_CHOOSE_FOLDER,
                         _("Choose a Folder for the Export"),
                         self->folder, NULL, NULL, self->cancellable,
                         folder_chosen_cb, g_object_ref (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FltExportDialog *self = FLT_EXPORT_DIALOG (widget);
  FltAwsFile file = flt_export_dialog_get_visible_file (self);
  g_autofree char *title = NULL;

  if (self->export == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), flt_aws_export_get_text (self->export, file));
  /* Translators: %s is a file name, like aws-compose.yml */
  title = g_strdup_printf (_("Copied %s"), flt_aws_file_get_name (file));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  flt_export_dialog_open_folder (FLT_EXPORT_DIALOG (widget));
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  flt_export_dialog_hide_error (FLT_EXPORT_DIALOG (widget));
}

/* GObject */

static void
flt_export_dialog_dispose (GObject *object)
{
  FltExportDialog *self = FLT_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->compute_cancellable != NULL)
    g_cancellable_cancel (self->compute_cancellable);
  g_clear_handle_id (&self->compute_id, g_source_remove);

  if (self->question != NULL)
    {
      AdwMessageDialog *question = g_steal_pointer (&self->question);

      gtk_window_destroy (GTK_WINDOW (question));
      g_object_unref (question);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_EXPORT_DIALOG);

  g_clear_pointer (&self->port_spins, g_ptr_array_unref);
  g_clear_object (&self->compute_cancellable);
  g_clear_object (&self->export);
  g_clear_object (&self->folder);
  g_clear_object (&self->settings);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (flt_export_dialog_parent_class)->dispose (object);
}

static void
flt_export_dialog_finalize (GObject *object)
{
  FltExportDialog *self = FLT_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->options, flt_aws_options_free);
  g_clear_pointer (&self->written, g_strfreev);

  G_OBJECT_CLASS (flt_export_dialog_parent_class)->finalize (object);
}

static void
flt_export_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FltExportDialog *self = FLT_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, flt_export_dialog_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_export_dialog_class_init (FltExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Idempotent; registers GtkSourceView's types and resources. */
  gtk_source_init ();

  object_class->dispose = flt_export_dialog_dispose;
  object_class->finalize = flt_export_dialog_finalize;
  object_class->get_property = flt_export_dialog_get_property;

  /**
   * FltExportDialog:busy:
   *
   * Whether the export is being computed again after a change, or being
   * written; Export waits for it.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FltExportDialog::show-diagnostic:
   * @diagnostic: (type gpointer): the warning's place in the file, an
   *   FltDiagnostic valid during the emission
   *
   * A warning was clicked: the window shows its place; the dialog closes.
   */
  signals[SHOW_DIAGNOSTIC] =
    g_signal_new ("show-diagnostic", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, invalid_page);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, cpu_spin);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, mem_spin);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, ports_group);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, written_row);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, compose_view);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, params_view);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, task_view);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, compose_buffer);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, params_buffer);
  gtk_widget_class_bind_template_child (widget_class, FltExportDialog, task_buffer);
  gtk_widget_class_bind_template_callback (widget_class, defaults_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, warning_activated_cb);

  gtk_widget_class_install_action (widget_class, "export.write", NULL, write_action);
  gtk_widget_class_install_action (widget_class, "export.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "export.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "export.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "export.dismiss-error", NULL, dismiss_error_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "export.write", NULL);
}

static void
flt_export_dialog_init (FltExportDialog *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceView *views[FLT_AWS_N_FILES];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->options = flt_aws_options_new ();
  self->port_spins = g_ptr_array_new_with_free_func (g_object_unref);

  views[FLT_AWS_FILE_COMPOSE] = self->compose_view;
  views[FLT_AWS_FILE_PARAMS] = self->params_view;
  views[FLT_AWS_FILE_TASK_DEFINITION] = self->task_view;

  /* Read-only, but selectable: people copy a part of a file too. */
  for (guint f = 0; f < FLT_AWS_N_FILES; f++)
    {
      GtkTextView *text_view = GTK_TEXT_VIEW (views[f]);
      GtkSourceBuffer *buffer = flt_export_dialog_get_buffer (self, f);
      const char *language = f == FLT_AWS_FILE_TASK_DEFINITION ? "json" : "yaml";

      gtk_text_view_set_editable (text_view, FALSE);
      gtk_text_view_set_monospace (text_view, TRUE);
      gtk_text_view_set_top_margin (text_view, 6);
      gtk_text_view_set_bottom_margin (text_view, 6);
      gtk_text_view_set_left_margin (text_view, 6);
      gtk_text_view_set_right_margin (text_view, 6);
      gtk_source_view_set_show_line_numbers (views[f], TRUE);
      gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (buffer), FALSE);
      gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
      gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, language));
    }

  flt_export_dialog_update_style (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);

  flt_export_dialog_update_actions (self);
}

/* Megabytes in the row, bytes in the key: what compose files say is bytes. */
static gboolean
bytes_to_mib (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  g_value_set_double (value, (double) g_variant_get_int64 (variant) / MIB);
  return TRUE;
}

static GVariant *
mib_to_bytes (const GValue       *value,
              const GVariantType *expected_type,
              gpointer            user_data)
{
  return g_variant_new_int64 ((gint64) (g_value_get_double (value) + 0.5) * MIB);
}

/**
 * flt_export_dialog_new:
 * @parent: (nullable): the project's window
 * @project: the project to export; it is only read
 * @settings: (nullable): the application's settings, whose aws-cpu-shares
 *   and aws-mem-limit are the defaults shown, and change with them
 *
 * Opens on the project's folder and starts computing the export at once.
 *
 * Returns: (transfer none): the dialog, owned by GTK like every window
 *   until it is closed; present it
 */
FltExportDialog *
flt_export_dialog_new (GtkWindow  *parent,
                       FltProject *project,
                       GSettings  *settings)
{
  FltExportDialog *self;
  g_autoptr(GFile) folder = NULL;
  const char *working_dir;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FLT_IS_PROJECT (project), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FLT_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_settings_bind (settings, "aws-cpu-shares", self->cpu_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind_with_mapping (settings, "aws-mem-limit", self->mem_spin, "value",
                                    G_SETTINGS_BIND_DEFAULT, bytes_to_mib, mib_to_bytes, NULL, NULL);
      /* Another window's Preferences may change them while this is open. */
      g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      gtk_spin_button_set_value (self->cpu_spin, FLT_AWS_DEFAULT_CPU_SHARES);
      gtk_spin_button_set_value (self->mem_spin, (double) FLT_AWS_DEFAULT_MEM_LIMIT / MIB);
    }

  /* Set only now, so that the bindings above did not schedule anything. */
  self->project = g_object_ref (project);
  adw_window_title_set_subtitle (self->window_title, flt_project_get_name (project));
  flt_export_dialog_add_port_rows (self);

  /* ecs-cli reads ecs-params.yml from the folder it runs in, and the
   * tutorial keeps aws-compose.yml beside docker-compose.yml: the project's
   * own folder is where both expect them. */
  working_dir = flt_project_get_working_dir (project);
  if (working_dir != NULL)
    folder = g_file_new_for_path (working_dir);
  else
    folder = g_file_new_for_path (g_get_home_dir ());
  flt_export_dialog_set_folder (self, folder);

  flt_export_dialog_compute (self);

  return self;
}

FltProject *
flt_export_dialog_get_project (FltExportDialog *self)
{
  g_return_val_if_fail (FLT_IS_EXPORT_DIALOG (self), NULL);

  return self->project;
}

/**
 * flt_export_dialog_get_folder:
 *
 * Returns: (transfer none): where Export writes the files
 */
GFile *
flt_export_dialog_get_folder (FltExportDialog *self)
{
  g_return_val_if_fail (FLT_IS_EXPORT_DIALOG (self), NULL);

  return self->folder;
}

/**
 * flt_export_dialog_set_folder:
 * @folder: where Export writes the files; made when missing
 *
 * What "Choose Folder…" does with the folder chosen.
 */
void
flt_export_dialog_set_folder (FltExportDialog *self,
                              GFile           *folder)
{
  g_autofree char *display = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (FLT_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (self->folder != NULL && g_file_equal (self->folder, folder))
    return;

  g_set_object (&self->folder, folder);
  display = dup_display_path (folder);
  name = g_file_get_basename (folder);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->folder_row), name ? name : display);
  adw_action_row_set_subtitle (self->folder_row, display);

  flt_export_dialog_hide_error (self);
  flt_export_dialog_forget_written (self);
}

/**
 * flt_export_dialog_get_busy:
 *
 * Returns: whether the export is being computed or written
 */
gboolean
flt_export_dialog_get_busy (FltExportDialog *self)
{
  g_return_val_if_fail (FLT_IS_EXPORT_DIALOG (self), FALSE);

  return self->computing || self->writing;
}

/* For the tests */

FltAwsExport *
_flt_export_dialog_get_export (FltExportDialog *self)
{
  return self->export;
}

const char *
_flt_export_dialog_get_page_name (FltExportDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
_flt_export_dialog_get_invalid_text (FltExportDialog *self)
{
  return g_object_get_data (G_OBJECT (self->invalid_page), "flt-text");
}

GtkListBox *
_flt_export_dialog_get_warnings_list (FltExportDialog *self)
{
  return self->warnings_list;
}

GtkSpinButton *
_flt_export_dialog_get_cpu_spin (FltExportDialog *self)
{
  return self->cpu_spin;
}

GtkSpinButton *
_flt_export_dialog_get_mem_spin (FltExportDialog *self)
{
  return self->mem_spin;
}

GtkSpinButton *
_flt_export_dialog_get_port_spin (FltExportDialog *self,
                                  const char      *service,
                                  guint            container_port)
{
  for (guint i = 0; i < self->port_spins->len; i++)
    {
      GObject *spin = g_ptr_array_index (self->port_spins, i);

      if (g_strcmp0 (g_object_get_data (spin, "flt-service"), service) == 0 &&
          GPOINTER_TO_UINT (g_object_get_data (spin, "flt-container-port")) == container_port)
        return GTK_SPIN_BUTTON (spin);
    }
  return NULL;
}

char *
_flt_export_dialog_dup_preview (FltExportDialog *self,
                                FltAwsFile       file)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (flt_export_dialog_get_buffer (self, file));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

GtkSourceView *
_flt_export_dialog_get_preview_view (FltExportDialog *self,
                                     FltAwsFile       file)
{
  switch (file)
    {
    case FLT_AWS_FILE_COMPOSE:
      return self->compose_view;
    case FLT_AWS_FILE_PARAMS:
      return self->params_view;
    case FLT_AWS_FILE_TASK_DEFINITION:
      return self->task_view;
    case FLT_AWS_N_FILES:
    default:
      g_return_val_if_reached (NULL);
    }
}

void
_flt_export_dialog_show_file (FltExportDialog *self,
                              FltAwsFile       file)
{
  g_return_if_fail (file < FLT_AWS_N_FILES);

  gtk_stack_set_visible_child_name (self->preview_stack, page_names[file]);
}

AdwMessageDialog *
_flt_export_dialog_get_question (FltExportDialog *self)
{
  return self->question;
}

const char * const *
_flt_export_dialog_get_written (FltExportDialog *self)
{
  return (const char * const *) self->written;
}

const char *
_flt_export_dialog_get_error (FltExportDialog *self)
{
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_label (self->error_label);
}
