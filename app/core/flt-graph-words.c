/* flt-graph-words.c: what the graph's states and lines are called, and its tooltips
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "flt-graph-private.h"

/**
 * flt_graph_state_to_string:
 *
 * Returns: the state as the legend and tooltips say it, translated
 */
const char *
flt_graph_state_to_string (FltGraphState state)
{
  switch (state)
    {
    case FLT_GRAPH_STATE_CREATED: return C_("container state", "Created");
    case FLT_GRAPH_STATE_STARTING: return C_("container state", "Starting");
    case FLT_GRAPH_STATE_RUNNING: return C_("container state", "Running");
    case FLT_GRAPH_STATE_HEALTHY: return C_("container state", "Healthy");
    case FLT_GRAPH_STATE_UNHEALTHY: return C_("container state", "Unhealthy");
    case FLT_GRAPH_STATE_RESTARTING: return C_("container state", "Restarting");
    case FLT_GRAPH_STATE_PAUSED: return C_("container state", "Paused");
    case FLT_GRAPH_STATE_EXITED: return C_("container state", "Stopped");
    case FLT_GRAPH_STATE_DEAD: return C_("container state", "Dead");
    case FLT_GRAPH_STATE_FAILED: return C_("container state", "Failed");
    case FLT_GRAPH_STATE_UNKNOWN:
    default: return C_("container state", "Not running");
    }
}

/**
 * flt_graph_edge_kind_to_string:
 *
 * Returns: what a line of that kind means, translated
 */
const char *
flt_graph_edge_kind_to_string (FltGraphEdgeKind kind)
{
  switch (kind)
    {
    case FLT_GRAPH_EDGE_NETWORK: return C_("graph edge", "On network");
    case FLT_GRAPH_EDGE_DEPENDS_ON: return C_("graph edge", "Depends on");
    case FLT_GRAPH_EDGE_LINK: return C_("graph edge", "Link");
    case FLT_GRAPH_EDGE_MOUNT: return C_("graph edge", "Mounts volume");
    case FLT_GRAPH_EDGE_PORT:
    default: return C_("graph edge", "Published port");
    }
}

static void
append_line (GString    *s,
             const char *line)
{
  if (s->len > 0)
    g_string_append_c (s, '\n');
  g_string_append (s, line);
}

/**
 * flt_graph_dup_node_tooltip:
 *
 * Returns: (transfer full) (nullable): a few lines about the node, for a
 *   tooltip; %NULL if there is no such node
 */
char *
flt_graph_dup_node_tooltip (FltGraph   *self,
                            const char *id)
{
  FltGraphNodeImpl *node;
  GString *s;

  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);

  node = id ? g_hash_table_lookup (self->node_index, id) : NULL;
  if (node == NULL)
    return NULL;

  s = g_string_new (NULL);
  switch (node->pub.kind)
    {
    case FLT_GRAPH_NODE_SERVICE:
      {
        g_autofree char *title = node->pub.orphan
          /* Translators: tooltip title of a container group whose service
           * is no longer in the file */
          ? g_strdup_printf (_("Service %s (not in the file)"), node->pub.name)
          : g_strdup_printf (_("Service %s"), node->pub.name);

        append_line (s, title);
        if (node->pub.detail != NULL)
          append_line (s, node->pub.detail);
        if (self->live && node->pub.replicas->len == 0)
          append_line (s, _("No containers"));
        for (guint i = 0; i < node->pub.replicas->len; i++)
          {
            FltGraphReplica *r = g_ptr_array_index (node->pub.replicas, i);
            /* Translators: a line of a service's tooltip: container name
             * and its state, e.g. "demo-web-1: Running" */
            g_autofree char *line = g_strdup_printf (_("%s: %s"), r->name ? r->name : r->container_id,
                                                     flt_graph_state_to_string (r->state));

            append_line (s, line);
          }
        break;
      }
    case FLT_GRAPH_NODE_NETWORK:
      {
        g_autofree char *title = node->pub.external
          ? g_strdup_printf (_("External network %s"), node->pub.name)
          : g_strdup_printf (_("Network %s"), node->pub.name);

        append_line (s, title);
        if (node->pub.detail != NULL)
          append_line (s, node->pub.detail);
        break;
      }
    case FLT_GRAPH_NODE_VOLUME:
      {
        g_autofree char *title = node->pub.external
          ? g_strdup_printf (_("External volume %s"), node->pub.name)
          : g_strdup_printf (_("Volume %s"), node->pub.name);

        append_line (s, title);
        if (node->pub.detail != NULL)
          append_line (s, node->pub.detail);
        break;
      }
    case FLT_GRAPH_NODE_HOST:
    default:
      append_line (s, _("This computer: the ports services publish on it"));
      break;
    }

  /* The node's lines, one per edge, in the edges' order. */
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);
      FltGraphNodeImpl *other;
      g_autofree char *line = NULL;

      if (edge->source == node)
        other = edge->target;
      else if (edge->target == node)
        other = edge->source;
      else
        continue;

      if (edge->pub.kind == FLT_GRAPH_EDGE_PORT && node->pub.kind == FLT_GRAPH_NODE_SERVICE)
        /* Translators: tooltip line, e.g. "Published port 5000 → 5000/tcp" */
        line = g_strdup_printf (_("Published port %s"), edge->pub.label);
      else if (edge->pub.kind == FLT_GRAPH_EDGE_DEPENDS_ON && edge->source == node)
        line = edge->pub.label
          /* Translators: tooltip line, e.g. "Starts after db (service_healthy)" */
          ? g_strdup_printf (_("Starts after %s (%s)"), other->pub.name, edge->pub.label)
          : g_strdup_printf (_("Starts after %s"), other->pub.name);
      else if (edge->pub.kind == FLT_GRAPH_EDGE_LINK && edge->source == node)
        line = edge->pub.label
          /* Translators: tooltip line, e.g. "Linked to db as database" */
          ? g_strdup_printf (_("Linked to %s as %s"), other->pub.name, edge->pub.label)
          : g_strdup_printf (_("Linked to %s"), other->pub.name);
      else if (edge->pub.kind == FLT_GRAPH_EDGE_MOUNT && edge->source == node)
        line = edge->pub.read_only
          /* Translators: tooltip line, e.g. "Mounts esdata at /data, read-only" */
          ? g_strdup_printf (_("Mounts %s at %s, read-only"), other->pub.name, edge->pub.label)
          : g_strdup_printf (_("Mounts %s at %s"), other->pub.name, edge->pub.label);
      else if (edge->pub.kind == FLT_GRAPH_EDGE_NETWORK && edge->source == node
               && other->pub.kind == FLT_GRAPH_NODE_NETWORK)
        line = edge->pub.label
          /* Translators: tooltip line, e.g. "On network default as 172.18.0.2 · web" */
          ? g_strdup_printf (_("On network %s as %s"), other->pub.name, edge->pub.label)
          : g_strdup_printf (_("On network %s"), other->pub.name);
      else if (edge->pub.kind == FLT_GRAPH_EDGE_NETWORK && edge->source == node
               && other->pub.kind == FLT_GRAPH_NODE_HOST)
        line = g_strdup (_("Uses the host’s network"));
      else if (edge->pub.kind == FLT_GRAPH_EDGE_NETWORK && edge->source == node)
        /* Translators: tooltip line for network_mode: service:NAME */
        line = g_strdup_printf (_("Uses the network of %s"), other->pub.name);
      if (line != NULL)
        append_line (s, line);
    }

  return g_string_free (s, FALSE);
}

/**
 * flt_graph_dup_edge_tooltip:
 * @edge: one of @self's edges
 *
 * Returns: (transfer full) (nullable): what the line means, as a whole
 *   sentence for each kind of line (so that a translation can put the
 *   words in its own order); %NULL if its ends are not in the graph
 */
char *
flt_graph_dup_edge_tooltip (FltGraph           *self,
                            const FltGraphEdge *edge)
{
  FltGraphNodeImpl *source, *target;
  const char *from, *to, *label;

  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);
  g_return_val_if_fail (edge != NULL, NULL);

  source = g_hash_table_lookup (self->node_index, edge->source_id);
  target = g_hash_table_lookup (self->node_index, edge->target_id);
  if (source == NULL || target == NULL)
    return NULL;
  from = source->pub.name;
  to = target->pub.name;
  label = edge->label != NULL && *edge->label != '\0' ? edge->label : NULL;

  switch (edge->kind)
    {
    case FLT_GRAPH_EDGE_DEPENDS_ON:
      return label
        /* Translators: an edge's tooltip, e.g. "web starts after db (service_healthy)" */
        ? g_strdup_printf (_("%s starts after %s (%s)"), from, to, label)
        /* Translators: an edge's tooltip, e.g. "web starts after db" */
        : g_strdup_printf (_("%s starts after %s"), from, to);
    case FLT_GRAPH_EDGE_LINK:
      return label
        /* Translators: an edge's tooltip, e.g. "web is linked to db as database" */
        ? g_strdup_printf (_("%s is linked to %s as %s"), from, to, label)
        /* Translators: an edge's tooltip, e.g. "web is linked to db" */
        : g_strdup_printf (_("%s is linked to %s"), from, to);
    case FLT_GRAPH_EDGE_MOUNT:
      if (label == NULL)
        /* Translators: an edge's tooltip, e.g. "es mounts the volume esdata" */
        return g_strdup_printf (_("%s mounts the volume %s"), from, to);
      return edge->read_only
        /* Translators: an edge's tooltip, e.g. "es mounts the volume esdata at /data, read-only" */
        ? g_strdup_printf (_("%s mounts the volume %s at %s, read-only"), from, to, label)
        /* Translators: an edge's tooltip, e.g. "es mounts the volume esdata at /data" */
        : g_strdup_printf (_("%s mounts the volume %s at %s"), from, to, label);
    case FLT_GRAPH_EDGE_PORT:
      return label
        /* Translators: an edge's tooltip, e.g. "web is published on this computer: 5000 → 5000/tcp" */
        ? g_strdup_printf (_("%s is published on this computer: %s"), to, label)
        : g_strdup_printf (_("%s is published on this computer"), to);
    case FLT_GRAPH_EDGE_NETWORK:
    default:
      if (target->pub.kind == FLT_GRAPH_NODE_HOST)
        /* Translators: an edge's tooltip for network_mode: host */
        return g_strdup_printf (_("%s uses this computer’s network"), from);
      if (target->pub.kind != FLT_GRAPH_NODE_NETWORK)
        /* Translators: an edge's tooltip for network_mode: service:NAME */
        return g_strdup_printf (_("%s uses the network of %s"), from, to);
      return label
        /* Translators: an edge's tooltip, e.g. "web is on the network default as 172.18.0.2 · web" */
        ? g_strdup_printf (_("%s is on the network %s as %s"), from, to, label)
        /* Translators: an edge's tooltip, e.g. "web is on the network default" */
        : g_strdup_printf (_("%s is on the network %s"), from, to);
    }
}
