/* flt-window-graph.c: the Graph view in the window: made on first use,
 * following the file and the engine, and in step with the sidebar
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A node selected in the graph is the same service, network or volume
 * selected in the sidebar, and the other way round; opening a node opens
 * its form in the Editor view.  The graph's menus use the window's own
 * service actions (Start, Stop, Restart, Show Logs).
 */

#include "config.h"

#include <string.h>

#include "flt-graph-view.h"
#include "flt-window-private.h"

/* "service:web" → FLT_SIDEBAR_SERVICE and "web"; the host and orphans
 * have no row in the sidebar. */
static FltSidebarKind
node_to_sidebar (FltWindow   *self,
                 const char  *node_id,
                 const char **name)
{
  static const struct { const char *prefix; FltSidebarKind kind; } kinds[] = {
    { "service:", FLT_SIDEBAR_SERVICE },
    { "network:", FLT_SIDEBAR_NETWORK },
    { "volume:", FLT_SIDEBAR_VOLUME },
  };
  FltGraph *graph = flt_graph_view_get_graph (FLT_GRAPH_VIEW (self->graph_view));
  const FltGraphNode *node = node_id ? flt_graph_lookup_node (graph, node_id) : NULL;

  *name = NULL;
  if (node == NULL || node->orphan)
    return FLT_SIDEBAR_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_has_prefix (node_id, kinds[i].prefix))
      {
        *name = node_id + strlen (kinds[i].prefix);
        return kinds[i].kind;
      }
  return FLT_SIDEBAR_NONE;
}

static char *
sidebar_to_node (FltSidebarKind  kind,
                 const char     *name)
{
  switch (kind)
    {
    case FLT_SIDEBAR_SERVICE:
      return g_strconcat ("service:", name, NULL);
    case FLT_SIDEBAR_NETWORK:
      return g_strconcat ("network:", name, NULL);
    case FLT_SIDEBAR_VOLUME:
      return g_strconcat ("volume:", name, NULL);
    case FLT_SIDEBAR_NONE:
    default:
      return NULL;
    }
}

static void
graph_selected_cb (FltWindow *self)
{
  const char *node_id = flt_graph_view_get_selected (FLT_GRAPH_VIEW (self->graph_view));
  const char *name;
  FltSidebarKind kind = node_to_sidebar (self, node_id, &name);

  /* The host, an orphan or nothing: the sidebar keeps what it has, so
   * that the Editor view still shows the last service. */
  if (kind != FLT_SIDEBAR_NONE)
    flt_sidebar_select (self->sidebar, kind, name);
}

static void
sidebar_selected_cb (FltWindow *self)
{
  const char *name = NULL;
  FltSidebarKind kind = flt_sidebar_get_selected (self->sidebar, &name);
  g_autofree char *node_id = sidebar_to_node (kind, name);

  if (node_id != NULL && self->graph_view != NULL)
    flt_graph_view_select (FLT_GRAPH_VIEW (self->graph_view), node_id);
}

static void
graph_node_activated_cb (FltWindow  *self,
                         const char *node_id)
{
  const char *name;
  FltSidebarKind kind = node_to_sidebar (self, node_id, &name);

  if (kind == FLT_SIDEBAR_NONE)
    return;
  if (kind == FLT_SIDEBAR_SERVICE)
    {
      _flt_window_show_service (self, name);
      return;
    }
  flt_sidebar_select (self->sidebar, kind, name);
  _flt_window_select_view (self, "editor");
}

/* The window goes: its sidebar may still say something on the way. */
static void
graph_view_destroyed_cb (FltWindow *self)
{
  if (self->sidebar != NULL)
    g_signal_handlers_disconnect_by_func (self->sidebar, sidebar_selected_cb, self);
  self->graph_view = NULL;
}

/**
 * _flt_window_graph_ensure:
 *
 * Returns: (transfer none): the Graph view, made now if it was not yet
 */
GtkWidget *
_flt_window_graph_ensure (FltWindow *self)
{
  if (self->graph_view != NULL)
    return self->graph_view;

  self->graph_view = flt_graph_view_new ();
  adw_bin_set_child (self->graph_slot, self->graph_view);
  flt_graph_view_set_workspace (FLT_GRAPH_VIEW (self->graph_view), self->workspace);
  flt_graph_view_set_state (FLT_GRAPH_VIEW (self->graph_view), self->state);
  flt_graph_view_set_stack_state (FLT_GRAPH_VIEW (self->graph_view), self->stack_state);

  g_signal_connect_object (self->graph_view, "notify::selected", G_CALLBACK (graph_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->graph_view, "node-activated", G_CALLBACK (graph_node_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "selection-changed", G_CALLBACK (sidebar_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->graph_view, "destroy", G_CALLBACK (graph_view_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  sidebar_selected_cb (self);
  return self->graph_view;
}

void
_flt_window_graph_set_workspace (FltWindow *self)
{
  if (self->graph_view != NULL)
    flt_graph_view_set_workspace (FLT_GRAPH_VIEW (self->graph_view), self->workspace);
}

/* Called whenever self->state or self->stack_state is replaced or dropped. */
void
_flt_window_graph_set_state (FltWindow *self)
{
  if (self->graph_view == NULL)
    return;
  flt_graph_view_set_state (FLT_GRAPH_VIEW (self->graph_view), self->state);
  flt_graph_view_set_stack_state (FLT_GRAPH_VIEW (self->graph_view), self->stack_state);
}

/* The graph reads the document: what was typed elsewhere goes in first. */
void
_flt_window_graph_shown (FltWindow *self)
{
  _flt_window_flush_edits (self);
  _flt_window_graph_ensure (self);
}

static void
export_graph_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FltWindow *self = FLT_WINDOW (widget);
  GtkWidget *view;

  if (self->workspace == NULL)
    return;
  _flt_window_select_view (self, "graph");
  view = _flt_window_graph_ensure (self);
  gtk_widget_activate_action_variant (view, "graph.export", parameter);
}

void
_flt_window_class_graph_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-graph", "s", export_graph_action);
}
