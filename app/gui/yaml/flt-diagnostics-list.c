/* flt-diagnostics-list.c: the problems of the open file, to jump to
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "flt-diagnostics-list.h"
#include "flt-diagnostics-list-private.h"

struct _FltDiagnosticsList
{
  AdwBin        parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkListBox   *list_box;

  /* Owned references */
  FltWorkspace *workspace;
  GSignalGroup *workspace_signals;
  GPtrArray    *diagnostics;    /* of FltDiagnostic, one per row, in order */

  guint         n_errors;
  guint         n_warnings;
};

G_DEFINE_FINAL_TYPE (FltDiagnosticsList, flt_diagnostics_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods */

static GtkWidget *
flt_diagnostics_list_create_row (const FltDiagnostic *diagnostic)
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
    /* Translators: where a problem is, as compilers write it: the file,
     * the line and the column, for example "docker-compose.yml:12:5". */
    location = g_strdup_printf (_("%s:%u:%u"), file, diagnostic->line, diagnostic->column);
  else if (file != NULL && diagnostic->line > 0)
    /* Translators: where a problem is: the file and the line, for
     * example "docker-compose.yml:12". */
    location = g_strdup_printf (_("%s:%u"), file, diagnostic->line);
  else
    location = g_steal_pointer (&file);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), diagnostic->message);
  if (location != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), location);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
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

static gboolean
same_diagnostics (GPtrArray *a,
                  GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const FltDiagnostic *da = g_ptr_array_index (a, i);
      const FltDiagnostic *db = g_ptr_array_index (b, i);

      if (flt_diagnostic_compare (da, db) != 0 || da->offset != db->offset || da->length != db->length)
        return FALSE;
    }
  return TRUE;
}

static void
flt_diagnostics_list_set_counts (FltDiagnosticsList *self,
                                 guint               n_errors,
                                 guint               n_warnings)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_errors != n_errors)
    {
      self->n_errors = n_errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
    }
  if (self->n_warnings != n_warnings)
    {
      self->n_warnings = n_warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WARNINGS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
flt_diagnostics_list_update (FltDiagnosticsList *self)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  FltProject *project;
  GtkWidget *child;
  guint n_errors = 0;
  guint n_warnings = 0;

  g_assert (FLT_IS_DIAGNOSTICS_LIST (self));

  project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;
  if (project == NULL)
    diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_diagnostic_unref);
  else
    diagnostics = flt_workspace_dup_diagnostics (self->workspace);

  /* Each pause in typing builds the project again; mostly nothing changed,
   * and rebuilding the rows would lose the keyboard focus among them. */
  if (self->diagnostics != NULL && same_diagnostics (self->diagnostics, diagnostics))
    goto done;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const FltDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (diagnostic->severity == FLT_SEVERITY_ERROR)
        n_errors++;
      else if (diagnostic->severity == FLT_SEVERITY_WARNING)
        n_warnings++;
      gtk_list_box_append (self->list_box, flt_diagnostics_list_create_row (diagnostic));
    }

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = g_steal_pointer (&diagnostics);
  flt_diagnostics_list_set_counts (self, n_errors, n_warnings);

done:
  if (project == NULL)
    gtk_stack_set_visible_child_name (self->stack, "none");
  else if (self->diagnostics->len == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

/* Callbacks */

static void
row_activated_cb (FltDiagnosticsList *self,
                  GtkListBoxRow      *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->diagnostics == NULL || index < 0 || (guint) index >= self->diagnostics->len)
    return;

  g_signal_emit (self, signals[ACTIVATED], 0, g_ptr_array_index (self->diagnostics, index));
}

static void
project_changed_cb (FltDiagnosticsList *self)
{
  flt_diagnostics_list_update (self);
}

/* GObject */

static void
flt_diagnostics_list_dispose (GObject *object)
{
  FltDiagnosticsList *self = FLT_DIAGNOSTICS_LIST (object);

  if (self->workspace_signals != NULL)
    g_signal_group_set_target (self->workspace_signals, NULL);
  g_clear_object (&self->workspace_signals);
  g_clear_object (&self->workspace);

  /* The stack is both AdwBin's child and a template child: let AdwBin
   * unparent it once, before the template drops it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_DIAGNOSTICS_LIST);

  G_OBJECT_CLASS (flt_diagnostics_list_parent_class)->dispose (object);
}

static void
flt_diagnostics_list_finalize (GObject *object)
{
  FltDiagnosticsList *self = FLT_DIAGNOSTICS_LIST (object);

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);

  G_OBJECT_CLASS (flt_diagnostics_list_parent_class)->finalize (object);
}

static void
flt_diagnostics_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FltDiagnosticsList *self = FLT_DIAGNOSTICS_LIST (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;

    case PROP_N_WARNINGS:
      g_value_set_uint (value, self->n_warnings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_diagnostics_list_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FltDiagnosticsList *self = FLT_DIAGNOSTICS_LIST (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      flt_diagnostics_list_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_diagnostics_list_class_init (FltDiagnosticsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_diagnostics_list_dispose;
  object_class->finalize = flt_diagnostics_list_finalize;
  object_class->get_property = flt_diagnostics_list_get_property;
  object_class->set_property = flt_diagnostics_list_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         FLT_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_WARNINGS] =
    g_param_spec_uint ("n-warnings", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FltDiagnosticsList::activated:
   * @diagnostic: the problem whose row was clicked
   *
   * The person wants to see where @diagnostic is.
   */
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FLT_TYPE_DIAGNOSTIC);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-diagnostics-list.ui");
  gtk_widget_class_bind_template_child (widget_class, FltDiagnosticsList, stack);
  gtk_widget_class_bind_template_child (widget_class, FltDiagnosticsList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
flt_diagnostics_list_init (FltDiagnosticsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->workspace_signals = g_signal_group_new (FLT_TYPE_WORKSPACE);
  g_signal_group_connect_object (self->workspace_signals, "notify::project",
                                 G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->stack, "none");
}

/* Public API */

/**
 * flt_diagnostics_list_new:
 *
 * Returns: (transfer floating): a new, empty list
 */
GtkWidget *
flt_diagnostics_list_new (void)
{
  return g_object_new (FLT_TYPE_DIAGNOSTICS_LIST, NULL);
}

/**
 * flt_diagnostics_list_set_workspace:
 * @workspace: (nullable): the open file whose problems to list
 *
 * Lists the diagnostics of @workspace's project, following each new build.
 */
void
flt_diagnostics_list_set_workspace (FltDiagnosticsList *self,
                                    FltWorkspace       *workspace)
{
  g_return_if_fail (FLT_IS_DIAGNOSTICS_LIST (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_signal_group_set_target (self->workspace_signals, workspace);
  flt_diagnostics_list_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * flt_diagnostics_list_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace listed
 */
FltWorkspace *
flt_diagnostics_list_get_workspace (FltDiagnosticsList *self)
{
  g_return_val_if_fail (FLT_IS_DIAGNOSTICS_LIST (self), NULL);

  return self->workspace;
}

/**
 * flt_diagnostics_list_get_n_errors:
 *
 * Returns: how many errors the list shows; #FltDiagnosticsList:n-errors
 *   is notified when it changes
 */
guint
flt_diagnostics_list_get_n_errors (FltDiagnosticsList *self)
{
  g_return_val_if_fail (FLT_IS_DIAGNOSTICS_LIST (self), 0);

  return self->n_errors;
}

/**
 * flt_diagnostics_list_get_n_warnings:
 *
 * Returns: how many warnings the list shows
 */
guint
flt_diagnostics_list_get_n_warnings (FltDiagnosticsList *self)
{
  g_return_val_if_fail (FLT_IS_DIAGNOSTICS_LIST (self), 0);

  return self->n_warnings;
}

/**
 * flt_diagnostics_list_dup_summary:
 *
 * The counts in words, for a tooltip or an accessible label: one line for
 * the errors and one for the warnings, each worded for its number.
 *
 * Returns: (transfer full): the summary
 */
char *
flt_diagnostics_list_dup_summary (FltDiagnosticsList *self)
{
  GString *summary;

  g_return_val_if_fail (FLT_IS_DIAGNOSTICS_LIST (self), NULL);

  if (self->n_errors == 0 && self->n_warnings == 0)
    return g_strdup (_("No errors or warnings"));

  summary = g_string_new (NULL);
  if (self->n_errors > 0)
    g_string_append_printf (summary,
                            g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", self->n_errors),
                            self->n_errors);
  if (self->n_errors > 0 && self->n_warnings > 0)
    g_string_append_c (summary, '\n');
  if (self->n_warnings > 0)
    g_string_append_printf (summary,
                            g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", self->n_warnings),
                            self->n_warnings);
  return g_string_free (summary, FALSE);
}

/* For the tests */

GtkListBox *
_flt_diagnostics_list_get_list_box (FltDiagnosticsList *self)
{
  g_return_val_if_fail (FLT_IS_DIAGNOSTICS_LIST (self), NULL);

  return self->list_box;
}

const char *
_flt_diagnostics_list_get_page_name (FltDiagnosticsList *self)
{
  g_return_val_if_fail (FLT_IS_DIAGNOSTICS_LIST (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
