/* flt-graph-dot.c: the graph in Graphviz's DOT language
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "flt-graph-private.h"

/* A DOT ID in double quotes: quotes and backslashes escaped, line breaks
 * as \n so that a label stays on its line in the file. */
static void
append_id (GString    *s,
           const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      if (*p == '\n')
        {
          g_string_append (s, "\\n");
          continue;
        }
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static const char *
state_fill (FltGraphState state)
{
  switch (state)
    {
    case FLT_GRAPH_STATE_RUNNING:
    case FLT_GRAPH_STATE_HEALTHY:
      return "#8ff0a4";
    case FLT_GRAPH_STATE_STARTING:
    case FLT_GRAPH_STATE_RESTARTING:
    case FLT_GRAPH_STATE_PAUSED:
      return "#f9f06b";
    case FLT_GRAPH_STATE_UNHEALTHY:
    case FLT_GRAPH_STATE_DEAD:
    case FLT_GRAPH_STATE_FAILED:
      return "#f66151";
    default:
      return "#deddda";
    }
}

/**
 * flt_graph_to_dot:
 *
 * The same nodes and edges for Graphviz (`dot -Tsvg`), left to right
 * like our own layout; live states become fill colours.  Each node also
 * carries our layout's position (`pos`, in points, y up) for `neato -n`.
 *
 * Returns: (transfer full): the DOT text
 */
char *
flt_graph_to_dot (FltGraph *self)
{
  GString *s = g_string_new (NULL);
  FltProject *project;
  double bx, by, bw, bh;

  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);

  project = flt_graph_get_project (self);
  flt_graph_get_bounds (self, &bx, &by, &bw, &bh);

  g_string_append (s, "digraph ");
  append_id (s, project ? flt_project_get_name (project) : "compose");
  g_string_append (s, " {\n"
                      "  graph [rankdir=LR, fontname=\"Sans\", nodesep=0.3, ranksep=1.2];\n"
                      "  node [fontname=\"Sans\", fontsize=11, style=\"rounded,filled\", shape=box, fillcolor=\"#ffffff\"];\n"
                      "  edge [fontname=\"Sans\", fontsize=9];\n");

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const FltGraphNode *n = g_ptr_array_index (self->nodes, i);
      g_autofree char *label = n->detail ? g_strdup_printf ("%s\n%s", n->name, n->detail) : g_strdup (n->name);
      g_autofree char *pos = NULL;
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (s, "  ");
      append_id (s, n->id);
      g_string_append (s, " [label=");
      append_id (s, label);
      switch (n->kind)
        {
        case FLT_GRAPH_NODE_SERVICE:
          g_string_append_printf (s, ", fillcolor=\"%s\"", state_fill (n->state));
          if (n->orphan)
            g_string_append (s, ", style=\"rounded,filled,dashed\", color=\"#e5a50a\"");
          break;
        case FLT_GRAPH_NODE_NETWORK:
          g_string_append (s, ", shape=box, style=\"filled\", fillcolor=\"#e8f0fb\", color=\"#3584e4\"");
          break;
        case FLT_GRAPH_NODE_VOLUME:
          g_string_append (s, ", shape=cylinder, style=\"filled\"");
          break;
        case FLT_GRAPH_NODE_HOST:
        default:
          g_string_append (s, ", shape=house, style=\"filled\", fillcolor=\"#ebebeb\"");
          break;
        }
      if (n->external)
        g_string_append (s, ", peripheries=2");
      /* Points, y growing upwards, as Graphviz has them. */
      g_ascii_formatd (x, sizeof x, "%.1f", (n->x + n->width / 2 - bx) * 0.75);
      g_ascii_formatd (y, sizeof y, "%.1f", (by + bh - n->y - n->height / 2) * 0.75);
      g_string_append_printf (s, ", pos=\"%s,%s\"];\n", x, y);
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      const FltGraphEdge *e = g_ptr_array_index (self->edges, i);

      g_string_append (s, "  ");
      append_id (s, e->source_id);
      g_string_append (s, " -> ");
      append_id (s, e->target_id);
      g_string_append (s, " [");
      switch (e->kind)
        {
        case FLT_GRAPH_EDGE_DEPENDS_ON:
          g_string_append (s, "class=\"depends_on\"");
          break;
        case FLT_GRAPH_EDGE_LINK:
          g_string_append (s, "class=\"link\", style=dashed, arrowhead=empty");
          break;
        case FLT_GRAPH_EDGE_MOUNT:
          g_string_append (s, e->read_only
                              ? "class=\"mount\", style=dotted, dir=back, arrowtail=odot"
                              : "class=\"mount\", style=dotted, dir=none");
          break;
        case FLT_GRAPH_EDGE_PORT:
          g_string_append (s, "class=\"port\", color=\"#1c71d8\", fontcolor=\"#1c71d8\"");
          break;
        case FLT_GRAPH_EDGE_NETWORK:
        default:
          g_string_append (s, "class=\"network\", dir=none, color=\"#77767b\"");
          break;
        }
      if (e->label != NULL)
        {
          g_autofree char *label = e->kind == FLT_GRAPH_EDGE_MOUNT && e->read_only
            ? g_strdup_printf ("%s (ro)", e->label) : g_strdup (e->label);

          g_string_append (s, ", label=");
          append_id (s, label);
        }
      g_string_append (s, "];\n");
    }
  g_string_append (s, "}\n");
  return g_string_free (s, FALSE);
}
