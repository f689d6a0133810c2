/* flt-sidebar.c: the project's services, networks and volumes
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows come from the file (the workspace's project); their states come
 * from the engine (the project state).  Either may change at any time and
 * independently, so each refresh keeps the selection by name.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "flt-sidebar.h"

struct _FltSidebar
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkWidget       *scroller;
  GtkListBox      *services_list;
  GtkListBox      *networks_list;
  GtkListBox      *volumes_list;

  /* Owned references */
  FltWorkspace    *workspace;
  FltProjectState *state;
  GSignalGroup    *state_signals;
  FltStackState   *stack_state;
  GSignalGroup    *stack_signals;
  gboolean         stack_deployed;
  char            *selected_name;
  FltSidebarKind   selected_kind;
  guint            status_idle;
  gboolean         selecting;
};

G_DEFINE_FINAL_TYPE (FltSidebar, flt_sidebar, GTK_TYPE_WIDGET)

enum {
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkListBox *
list_for (FltSidebar     *self,
          FltSidebarKind  kind)
{
  switch (kind)
    {
    case FLT_SIDEBAR_SERVICE:
      return self->services_list;
    case FLT_SIDEBAR_NETWORK:
      return self->networks_list;
    case FLT_SIDEBAR_VOLUME:
      return self->volumes_list;
    case FLT_SIDEBAR_NONE:
    default:
      return NULL;
    }
}

static const char *
row_name (GtkListBoxRow *row)
{
  if (FLT_IS_SERVICE_ROW (row))
    return flt_service_row_get_name (FLT_SERVICE_ROW (row));
  return g_object_get_data (G_OBJECT (row), "flt-name");
}

static GtkListBoxRow *
find_row (GtkListBox *list,
          const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (row_name (GTK_LIST_BOX_ROW (child)), name) == 0)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Whether @list already shows exactly @names, in order. */
static gboolean
rows_match (GtkListBox *list,
            GPtrArray  *names)
{
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;
      if (i >= names->len || g_strcmp0 (row_name (GTK_LIST_BOX_ROW (child)), g_ptr_array_index (names, i)) != 0)
        return FALSE;
      i++;
    }
  return i == names->len;
}

static void
update_statuses (FltSidebar *self)
{
  gboolean known = self->state != NULL && flt_project_state_is_connected (self->state);
  /* A deployed stack's tasks are the services' replicas. */
  gboolean stack = self->stack_state != NULL && flt_stack_state_is_deployed (self->stack_state);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->services_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      FltServiceRow *row;
      FltServiceStatus status;

      if (!FLT_IS_SERVICE_ROW (child))
        continue;
      row = FLT_SERVICE_ROW (child);
      if (stack)
        {
          flt_stack_state_get_service_status (self->stack_state, flt_service_row_get_name (row), &status);
          flt_service_row_set_status (row, &status);
        }
      else if (known)
        {
          g_autoptr(GPtrArray) containers =
            flt_project_state_list_service_containers (self->state, flt_service_row_get_name (row));

          flt_service_status_compute (&status, containers);
          flt_service_row_set_status (row, &status);
        }
      else
        flt_service_row_set_status (row, NULL);
    }
}

static char *
describe_network (FltSidebar *self,
                  FltNetwork *network)
{
  const char *key = flt_network_get_key (network);
  const char *driver = flt_network_get_driver (network);

  /* Deployed as a stack, the project's own networks are Swarm overlays. */
  if (self->stack_deployed && !flt_network_get_external (network))
    return g_strdup (driver ? driver : "overlay");
  if (self->state != NULL)
    {
      g_autoptr(FltNetworkState) live = flt_project_state_find_network_by_key (self->state, key);

      if (live != NULL && live->subnets != NULL && live->subnets[0] != NULL)
        /* Translators: a network's driver and its subnet, e.g. "bridge · 172.18.0.0/16" */
        return g_strdup_printf (_("%s · %s"), live->driver ? live->driver : "bridge", live->subnets[0]);
    }
  if (flt_network_get_external (network))
    /* Translators: a network made outside the project */
    return g_strdup (C_("network", "External"));
  return g_strdup (driver ? driver : "bridge");
}

static char *
describe_volume (FltVolume *volume)
{
  const char *driver = flt_volume_get_driver (volume);

  if (flt_volume_get_external (volume))
    /* Translators: a volume made outside the project */
    return g_strdup (C_("volume", "External"));
  return g_strdup (driver ? driver : "local");
}

static GtkWidget *
new_simple_row (const char *name,
                const char *subtitle,
                const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  g_object_set_data_full (G_OBJECT (row), "flt-name", g_strdup (name), g_free);
  return row;
}

static void
restore_selection (FltSidebar *self)
{
  GtkListBox *list = list_for (self, self->selected_kind);
  GtkListBoxRow *row = list ? find_row (list, self->selected_name) : NULL;

  self->selecting = TRUE;
  if (row != NULL)
    gtk_list_box_select_row (list, row);
  self->selecting = FALSE;

  if (row == NULL && self->selected_kind != FLT_SIDEBAR_NONE)
    {
      /* What was shown is gone (removed, renamed): say so once. */
      self->selected_kind = FLT_SIDEBAR_NONE;
      g_clear_pointer (&self->selected_name, g_free);
      g_signal_emit (self, signals[SELECTION_CHANGED], 0);
    }
}

static void
refresh_rows (FltSidebar *self)
{
  FltProject *project = self->workspace ? flt_workspace_get_project (self->workspace) : NULL;
  GPtrArray *services = project ? flt_project_get_service_list (project) : NULL;
  GPtrArray *networks = project ? flt_project_get_network_list (project) : NULL;
  GPtrArray *volumes = project ? flt_project_get_volume_list (project) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; services != NULL && i < services->len; i++)
    g_ptr_array_add (names, (gpointer) flt_service_get_name (g_ptr_array_index (services, i)));

  self->selecting = TRUE;
  if (!rows_match (self->services_list, names))
    {
      remove_rows (self->services_list);
      for (guint i = 0; i < names->len; i++)
        gtk_list_box_append (self->services_list,
                             GTK_WIDGET (flt_service_row_new (g_ptr_array_index (names, i))));
    }
  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      GtkListBoxRow *row = find_row (self->services_list, flt_service_get_name (service));
      const FltBuild *build = flt_service_get_build (service);
      const char *image = flt_service_get_image (service);
      g_autofree char *built = NULL;

      if (image == NULL && build != NULL)
        /* Translators: what the sidebar says of a service built from a folder */
        built = g_strdup_printf (_("Built from %s"), build->context ? build->context : ".");
      flt_service_row_set_image (FLT_SERVICE_ROW (row), image ? image : built);
    }

  /* Networks and volumes have no editable state of their own in the rows,
   * so they are simply rebuilt. */
  remove_rows (self->networks_list);
  for (guint i = 0; networks != NULL && i < networks->len; i++)
    {
      FltNetwork *network = g_ptr_array_index (networks, i);
      g_autofree char *subtitle = describe_network (self, network);

      gtk_list_box_append (self->networks_list,
                           new_simple_row (flt_network_get_key (network), subtitle,
                                           "network-wired-symbolic"));
    }
  remove_rows (self->volumes_list);
  for (guint i = 0; volumes != NULL && i < volumes->len; i++)
    {
      FltVolume *volume = g_ptr_array_index (volumes, i);
      g_autofree char *subtitle = describe_volume (volume);

      gtk_list_box_append (self->volumes_list,
                           new_simple_row (flt_volume_get_key (volume), subtitle,
                                           "drive-harddisk-symbolic"));
    }
  self->selecting = FALSE;

  update_statuses (self);
  restore_selection (self);
}

static gboolean
status_idle_cb (gpointer user_data)
{
  FltSidebar *self = user_data;

  self->status_idle = 0;
  update_statuses (self);
  return G_SOURCE_REMOVE;
}

/* Events come in bursts (create, attach, start, health…): one refresh per
 * burst is enough. */
static void
state_changed_cb (FltSidebar *self)
{
  if (self->status_idle == 0)
    self->status_idle = g_idle_add (status_idle_cb, self);
}

static void
network_changed_cb (FltSidebar *self)
{
  refresh_rows (self);
}

/* The stack came or went: the networks' rows say overlay or not. */
static void
stack_changed_cb (FltSidebar *self)
{
  gboolean deployed = self->stack_state != NULL && flt_stack_state_is_deployed (self->stack_state);

  if (deployed != self->stack_deployed)
    {
      self->stack_deployed = deployed;
      refresh_rows (self);
    }
  state_changed_cb (self);
}

static void
row_selected_cb (FltSidebar    *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list)
{
  FltSidebarKind kind;

  if (self->selecting || row == NULL)
    return;

  kind = list == self->services_list ? FLT_SIDEBAR_SERVICE
       : list == self->networks_list ? FLT_SIDEBAR_NETWORK
       : FLT_SIDEBAR_VOLUME;

  /* One selection across the three lists. */
  self->selecting = TRUE;
  for (FltSidebarKind k = FLT_SIDEBAR_SERVICE; k <= FLT_SIDEBAR_VOLUME; k++)
    if (k != kind)
      gtk_list_box_unselect_all (list_for (self, k));
  self->selecting = FALSE;

  if (self->selected_kind == kind && g_strcmp0 (self->selected_name, row_name (row)) == 0)
    return;
  self->selected_kind = kind;
  g_free (self->selected_name);
  self->selected_name = g_strdup (row_name (row));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
flt_sidebar_dispose (GObject *object)
{
  FltSidebar *self = FLT_SIDEBAR (object);

  g_clear_handle_id (&self->status_idle, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  g_clear_object (&self->state_signals);
  g_clear_object (&self->state);
  g_clear_object (&self->stack_signals);
  g_clear_object (&self->stack_state);
  g_clear_pointer (&self->selected_name, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_SIDEBAR);
  /* The template's root has no name, so it is not among what
   * gtk_widget_dispose_template() lets go of. */
  while (gtk_widget_get_first_child (GTK_WIDGET (self)) != NULL)
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (self)));

  G_OBJECT_CLASS (flt_sidebar_parent_class)->dispose (object);
}

static void
flt_sidebar_class_init (FltSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_sidebar_dispose;

  /**
   * FltSidebar::selection-changed:
   *
   * The selected service, network or volume changed; see
   * flt_sidebar_get_selected().
   */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, FltSidebar, scroller);
  gtk_widget_class_bind_template_child (widget_class, FltSidebar, services_list);
  gtk_widget_class_bind_template_child (widget_class, FltSidebar, networks_list);
  gtk_widget_class_bind_template_child (widget_class, FltSidebar, volumes_list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fltsidebar");
}

static void
flt_sidebar_init (FltSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->state_signals = g_signal_group_new (FLT_TYPE_PROJECT_STATE);
  g_signal_group_connect_swapped (self->state_signals, "container-added", G_CALLBACK (state_changed_cb), self);
  g_signal_group_connect_swapped (self->state_signals, "container-changed", G_CALLBACK (state_changed_cb), self);
  g_signal_group_connect_swapped (self->state_signals, "container-removed", G_CALLBACK (state_changed_cb), self);
  g_signal_group_connect_swapped (self->state_signals, "connection-changed", G_CALLBACK (state_changed_cb), self);
  g_signal_group_connect_swapped (self->state_signals, "network-changed", G_CALLBACK (network_changed_cb), self);
  self->stack_signals = g_signal_group_new (FLT_TYPE_STACK_STATE);
  g_signal_group_connect_swapped (self->stack_signals, "changed", G_CALLBACK (stack_changed_cb), self);
}

FltSidebar *
flt_sidebar_new (void)
{
  return g_object_new (FLT_TYPE_SIDEBAR, NULL);
}

void
flt_sidebar_set_workspace (FltSidebar   *self,
                           FltWorkspace *workspace)
{
  g_return_if_fail (FLT_IS_SIDEBAR (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    g_signal_connect_object (workspace, "notify::project", G_CALLBACK (refresh_rows), self,
                             G_CONNECT_SWAPPED);
  refresh_rows (self);
}

/**
 * flt_sidebar_set_state:
 * @state: (nullable): the engine's view of the project, or %NULL when
 *   there is no engine
 */
void
flt_sidebar_set_state (FltSidebar      *self,
                       FltProjectState *state)
{
  g_return_if_fail (FLT_IS_SIDEBAR (self));

  if (!g_set_object (&self->state, state))
    return;
  g_signal_group_set_target (self->state_signals, state);
  refresh_rows (self);
}

/**
 * flt_sidebar_set_stack_state:
 * @stack_state: (nullable): the project's stack on the engine's Swarm
 *
 * While the stack is deployed the rows say how many of each service's
 * tasks run, rather than its containers.
 */
void
flt_sidebar_set_stack_state (FltSidebar    *self,
                             FltStackState *stack_state)
{
  g_return_if_fail (FLT_IS_SIDEBAR (self));

  if (!g_set_object (&self->stack_state, stack_state))
    return;
  g_signal_group_set_target (self->stack_signals, stack_state);
  stack_changed_cb (self);
}

void
flt_sidebar_select (FltSidebar     *self,
                    FltSidebarKind  kind,
                    const char     *name)
{
  GtkListBox *list;
  GtkListBoxRow *row;

  g_return_if_fail (FLT_IS_SIDEBAR (self));

  list = list_for (self, kind);
  row = list && name ? find_row (list, name) : NULL;
  if (row == NULL)
    {
      for (FltSidebarKind k = FLT_SIDEBAR_SERVICE; k <= FLT_SIDEBAR_VOLUME; k++)
        gtk_list_box_unselect_all (list_for (self, k));
      if (self->selected_kind != FLT_SIDEBAR_NONE)
        {
          self->selected_kind = FLT_SIDEBAR_NONE;
          g_clear_pointer (&self->selected_name, g_free);
          g_signal_emit (self, signals[SELECTION_CHANGED], 0);
        }
      return;
    }
  gtk_list_box_select_row (list, row);
}

FltSidebarKind
flt_sidebar_get_selected (FltSidebar  *self,
                          const char **name)
{
  g_return_val_if_fail (FLT_IS_SIDEBAR (self), FLT_SIDEBAR_NONE);

  if (name != NULL)
    *name = self->selected_name;
  return self->selected_kind;
}

/**
 * flt_sidebar_get_service_row:
 *
 * Returns: (transfer none) (nullable): the row showing @name
 */
FltServiceRow *
flt_sidebar_get_service_row (FltSidebar *self,
                             const char *name)
{
  g_return_val_if_fail (FLT_IS_SIDEBAR (self), NULL);

  return (FltServiceRow *) find_row (self->services_list, name);
}

guint
flt_sidebar_get_n_rows (FltSidebar     *self,
                        FltSidebarKind  kind)
{
  GtkListBox *list;
  guint n = 0;

  g_return_val_if_fail (FLT_IS_SIDEBAR (self), 0);

  list = list_for (self, kind);
  for (GtkWidget *child = list ? gtk_widget_get_first_child (GTK_WIDGET (list)) : NULL;
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;
  return n;
}
