/* flt-graph.c: the project as a graph of services, networks, volumes and the host
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "flt-graph-private.h"

G_DEFINE_FINAL_TYPE (FltGraph, flt_graph, G_TYPE_OBJECT)

enum
{
  CHANGED,
  STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ----------------------------------------------------------------------
 * Nodes, edges and replicas
 * ---------------------------------------------------------------------- */

FltGraphReplica *
flt_graph_replica_new (const char    *container_id,
                       const char    *name,
                       int            number,
                       FltGraphState  state)
{
  FltGraphReplica *replica = g_new0 (FltGraphReplica, 1);

  replica->container_id = g_strdup (container_id);
  replica->name = g_strdup (name);
  replica->number = number;
  replica->state = state;
  return replica;
}

void
flt_graph_replica_free (FltGraphReplica *replica)
{
  if (replica == NULL)
    return;
  g_free (replica->container_id);
  g_free (replica->name);
  g_free (replica);
}

static FltGraphReplica *
replica_copy (const FltGraphReplica *replica)
{
  return flt_graph_replica_new (replica->container_id, replica->name,
                                replica->number, replica->state);
}

static void
node_free (FltGraphNodeImpl *node)
{
  g_free (node->pub.id);
  g_free (node->pub.name);
  g_free (node->pub.detail);
  g_clear_pointer (&node->pub.replicas, g_ptr_array_unref);
  g_free (node->file_detail);
  g_free (node->sort_key);
  g_free (node);
}

static void
edge_free (FltGraphEdgeImpl *edge)
{
  g_free (edge->pub.source_id);
  g_free (edge->pub.target_id);
  g_free (edge->pub.label);
  g_free (edge->pub.points);
  g_free (edge->file_label);
  g_clear_pointer (&edge->via, g_array_unref);
  g_free (edge);
}

static const char *
kind_prefix (FltGraphNodeKind kind)
{
  switch (kind)
    {
    case FLT_GRAPH_NODE_SERVICE: return "service";
    case FLT_GRAPH_NODE_NETWORK: return "network";
    case FLT_GRAPH_NODE_VOLUME: return "volume";
    case FLT_GRAPH_NODE_HOST:
    default: return "host";
    }
}

static FltGraphNodeImpl *
add_node (FltGraph         *self,
          FltGraphNodeKind  kind,
          const char       *name,
          const char       *detail)
{
  FltGraphNodeImpl *node = g_new0 (FltGraphNodeImpl, 1);

  node->pub.kind = kind;
  node->pub.id = kind == FLT_GRAPH_NODE_HOST
    ? g_strdup ("host")
    : g_strconcat (kind_prefix (kind), ":", name, NULL);
  node->pub.name = g_strdup (name);
  node->pub.detail = g_strdup (detail);
  node->file_detail = g_strdup (detail);
  node->pub.replicas = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_graph_replica_free);
  node->pub.state = FLT_GRAPH_STATE_UNKNOWN;
  /* The host comes first, then services, networks and volumes, each by
   * name: the order every layout starts from. */
  node->sort_key = g_strdup_printf ("%d\x1f%s", kind == FLT_GRAPH_NODE_HOST ? 0 : (int) kind + 1, name);

  switch (kind)
    {
    case FLT_GRAPH_NODE_SERVICE:
      node->pub.width = FLT_GRAPH_SERVICE_WIDTH;
      node->pub.height = FLT_GRAPH_SERVICE_HEIGHT;
      break;
    case FLT_GRAPH_NODE_NETWORK:
      node->pub.width = FLT_GRAPH_NETWORK_WIDTH;
      node->pub.height = FLT_GRAPH_NETWORK_HEIGHT;
      break;
    case FLT_GRAPH_NODE_VOLUME:
      node->pub.width = FLT_GRAPH_VOLUME_WIDTH;
      node->pub.height = FLT_GRAPH_VOLUME_HEIGHT;
      break;
    case FLT_GRAPH_NODE_HOST:
    default:
      node->pub.width = FLT_GRAPH_HOST_WIDTH;
      node->pub.height = FLT_GRAPH_HOST_HEIGHT;
      break;
    }

  node->index = self->nodes->len;
  g_ptr_array_add (self->nodes, node);
  g_hash_table_insert (self->node_index, node->pub.id, node);
  return node;
}

static FltGraphEdgeImpl *
add_edge (FltGraph         *self,
          FltGraphNodeImpl *source,
          FltGraphNodeImpl *target,
          FltGraphEdgeKind  kind,
          const char       *label,
          gboolean          read_only)
{
  FltGraphEdgeImpl *edge = g_new0 (FltGraphEdgeImpl, 1);

  edge->source = source;
  edge->target = target;
  edge->pub.source_id = g_strdup (source->pub.id);
  edge->pub.target_id = g_strdup (target->pub.id);
  edge->pub.kind = kind;
  edge->pub.label = g_strdup (label);
  edge->file_label = g_strdup (label);
  edge->pub.read_only = read_only;
  edge->via = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (self->edges, edge);
  return edge;
}

/* ----------------------------------------------------------------------
 * Building from the project
 * ---------------------------------------------------------------------- */

static char *
network_detail (const char         *driver,
                gboolean            external,
                const char * const *subnets)
{
  GString *s = g_string_new (driver != NULL ? driver : (external ? NULL : "bridge"));

  for (guint i = 0; subnets != NULL && subnets[i] != NULL; i++)
    g_string_append_printf (s, s->len > 0 ? " · %s" : "%s", subnets[i]);
  return g_string_free (s, s->len == 0);
}

static char *
port_label (const FltPort *port)
{
  g_autofree char *published = NULL;
  g_autofree char *target = NULL;

  if (port->target_end > port->target_start)
    target = g_strdup_printf ("%u-%u/%s", port->target_start, port->target_end,
                              port->protocol ? port->protocol : "tcp");
  else
    target = g_strdup_printf ("%u/%s", port->target_start, port->protocol ? port->protocol : "tcp");

  if (port->published_start == 0)
    /* Translators: a port published on a port the engine picks, e.g.
     * "any → 5000/tcp" */
    return g_strdup_printf (_("any → %s"), target);

  if (port->published_end > port->published_start)
    published = g_strdup_printf ("%u-%u", port->published_start, port->published_end);
  else
    published = g_strdup_printf ("%u", port->published_start);

  if (port->host_ip != NULL && strcmp (port->host_ip, "0.0.0.0") != 0 && strcmp (port->host_ip, "::") != 0)
    {
      if (strchr (port->host_ip, ':') != NULL)
        return g_strdup_printf ("[%s]:%s → %s", port->host_ip, published, target);
      return g_strdup_printf ("%s:%s → %s", port->host_ip, published, target);
    }
  return g_strdup_printf ("%s → %s", published, target);
}

static FltGraphNodeImpl *
lookup (FltGraph   *self,
        const char *id)
{
  return g_hash_table_lookup (self->node_index, id);
}

static FltGraphNodeImpl *
lookup_kind (FltGraph         *self,
             FltGraphNodeKind  kind,
             const char       *name)
{
  g_autofree char *id = g_strconcat (kind_prefix (kind), ":", name, NULL);

  return lookup (self, id);
}

static FltGraphNodeImpl *
ensure_host (FltGraph *self)
{
  FltGraphNodeImpl *host = lookup (self, "host");

  if (host == NULL)
    host = add_node (self, FLT_GRAPH_NODE_HOST, "host", NULL);
  return host;
}

static void
add_service_edges (FltGraph   *self,
                   FltService *service)
{
  FltGraphNodeImpl *node = lookup_kind (self, FLT_GRAPH_NODE_SERVICE, flt_service_get_name (service));
  GPtrArray *ports = flt_service_get_ports (service);
  GPtrArray *depends = flt_service_get_depends_on (service);
  GPtrArray *links = flt_service_get_links (service);
  GPtrArray *networks = flt_service_get_networks (service);
  GPtrArray *mounts = flt_service_get_volumes (service);
  const char *mode = flt_service_get_network_mode (service);

  for (guint i = 0; ports != NULL && i < ports->len; i++)
    {
      FltPort *port = g_ptr_array_index (ports, i);
      /* Even "3000" alone publishes: on a port the engine picks. */
      g_autofree char *label = port_label (port);

      add_edge (self, ensure_host (self), node, FLT_GRAPH_EDGE_PORT, label, FALSE);
    }

  for (guint i = 0; depends != NULL && i < depends->len; i++)
    {
      FltDependency *d = g_ptr_array_index (depends, i);
      FltGraphNodeImpl *other = lookup_kind (self, FLT_GRAPH_NODE_SERVICE, d->service);

      if (other == NULL || other == node)
        continue;
      /* service_started is what a plain list says: no label for it. */
      add_edge (self, node, other, FLT_GRAPH_EDGE_DEPENDS_ON,
                d->condition == FLT_CONDITION_STARTED ? NULL : flt_condition_to_string (d->condition),
                FALSE);
    }

  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      FltLink *l = g_ptr_array_index (links, i);
      FltGraphNodeImpl *other = lookup_kind (self, FLT_GRAPH_NODE_SERVICE, l->service);

      if (other == NULL || other == node)
        continue;
      add_edge (self, node, other, FLT_GRAPH_EDGE_LINK,
                l->alias != NULL && g_strcmp0 (l->alias, l->service) != 0 ? l->alias : NULL, FALSE);
    }

  if (mode != NULL && strcmp (mode, "host") == 0)
    {
      /* Translators: the label of the line from a service that uses the
       * host's network stack to the host */
      add_edge (self, node, ensure_host (self), FLT_GRAPH_EDGE_NETWORK, _("host network"), FALSE);
    }
  else if (mode != NULL && g_str_has_prefix (mode, "service:"))
    {
      FltGraphNodeImpl *other = lookup_kind (self, FLT_GRAPH_NODE_SERVICE, mode + strlen ("service:"));

      if (other != NULL && other != node)
        /* Translators: the label of the line from a service to the service
         * whose network stack it shares (network_mode: service:…) */
        add_edge (self, node, other, FLT_GRAPH_EDGE_NETWORK, _("shares its network"), FALSE);
    }
  else
    {
      /* network_mode: none, container:… and bridge have no network of the
       * project to draw a line to; the tooltip says which mode it is. */
      for (guint i = 0; (mode == NULL || strcmp (mode, "none") != 0) && networks != NULL && i < networks->len; i++)
        {
          FltNetworkAttachment *a = g_ptr_array_index (networks, i);
          FltGraphNodeImpl *network = lookup_kind (self, FLT_GRAPH_NODE_NETWORK, a->network);
          g_autofree char *label = NULL;

          if (network == NULL)
            {
              /* The legacy format has no networks section: everything is
               * on the project's default network. */
              if (strcmp (a->network, "default") != 0)
                continue;
              network = add_node (self, FLT_GRAPH_NODE_NETWORK, "default", "bridge");
            }
          if (a->aliases != NULL && a->aliases[0] != NULL)
            label = g_strjoinv (", ", a->aliases);
          if (a->ipv4_address != NULL)
            {
              char *with_ip = label ? g_strdup_printf ("%s · %s", a->ipv4_address, label) : g_strdup (a->ipv4_address);

              g_free (label);
              label = with_ip;
            }
          add_edge (self, node, network, FLT_GRAPH_EDGE_NETWORK, label, FALSE);
        }
    }

  for (guint i = 0; mounts != NULL && i < mounts->len; i++)
    {
      FltMount *m = g_ptr_array_index (mounts, i);
      FltGraphNodeImpl *volume;

      if (m->type != FLT_MOUNT_VOLUME || m->source == NULL)
        continue;
      volume = lookup_kind (self, FLT_GRAPH_NODE_VOLUME, m->source);
      if (volume == NULL)
        continue;
      add_edge (self, node, volume, FLT_GRAPH_EDGE_MOUNT, m->target, m->read_only);
    }
}

static void
build (FltGraph *self)
{
  GPtrArray *services, *networks, *volumes;

  if (self->project == NULL)
    return;

  services = flt_project_get_service_list (self->project);
  networks = flt_project_get_network_list (self->project);
  volumes = flt_project_get_volume_list (self->project);

  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      const char *image = flt_service_get_image (service);
      const FltBuild *b = flt_service_get_build (service);
      g_autofree char *detail = NULL;

      if (!flt_service_get_enabled (service))
        continue;
      if (image != NULL)
        detail = g_strdup (image);
      else if (b != NULL && b->context != NULL)
        /* Translators: a service's image line when it has no image but a
         * build context, e.g. "built from ./app" */
        detail = g_strdup_printf (_("built from %s"), b->context);
      add_node (self, FLT_GRAPH_NODE_SERVICE, flt_service_get_name (service), detail);
    }

  for (guint i = 0; networks != NULL && i < networks->len; i++)
    {
      FltNetwork *network = g_ptr_array_index (networks, i);
      g_autofree char *detail = network_detail (flt_network_get_driver (network),
                                                flt_network_get_external (network),
                                                flt_network_get_subnets (network));
      FltGraphNodeImpl *node = add_node (self, FLT_GRAPH_NODE_NETWORK, flt_network_get_key (network), detail);

      node->pub.external = flt_network_get_external (network);
    }

  for (guint i = 0; volumes != NULL && i < volumes->len; i++)
    {
      FltVolume *volume = g_ptr_array_index (volumes, i);
      const char *driver = flt_volume_get_driver (volume);
      FltGraphNodeImpl *node = add_node (self, FLT_GRAPH_NODE_VOLUME, flt_volume_get_key (volume),
                                         driver ? driver : (flt_volume_get_external (volume) ? NULL : "local"));

      node->pub.external = flt_volume_get_external (volume);
    }

  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);

      if (flt_service_get_enabled (service))
        add_service_edges (self, service);
    }
}

/* ----------------------------------------------------------------------
 * Changes and signals
 * ---------------------------------------------------------------------- */

static void
emit_changed (FltGraph *self)
{
  if (self->freeze_count > 0)
    {
      self->pending_changed = TRUE;
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
emit_state_changed (FltGraph *self)
{
  if (self->freeze_count > 0)
    {
      self->pending_state = TRUE;
      return;
    }
  g_signal_emit (self, signals[STATE_CHANGED], 0);
}

static void
relayout (FltGraph *self)
{
  if (self->freeze_count > 0)
    {
      self->pending_layout = TRUE;
      self->pending_changed = TRUE;
      return;
    }
  _flt_graph_run_layout (self, TRUE);
  emit_changed (self);
}

/**
 * flt_graph_freeze:
 *
 * Holds back layout and signals until the matching flt_graph_thaw(), so
 * that applying a whole engine state redraws once.
 */
void
flt_graph_freeze (FltGraph *self)
{
  g_return_if_fail (FLT_IS_GRAPH (self));

  self->freeze_count++;
}

void
flt_graph_thaw (FltGraph *self)
{
  g_return_if_fail (FLT_IS_GRAPH (self));
  g_return_if_fail (self->freeze_count > 0);

  if (--self->freeze_count > 0)
    return;

  if (self->pending_layout)
    _flt_graph_run_layout (self, TRUE);
  else if (self->pending_labels)
    _flt_graph_place_labels (self);
  if (self->pending_changed)
    g_signal_emit (self, signals[CHANGED], 0);
  else if (self->pending_state)
    g_signal_emit (self, signals[STATE_CHANGED], 0);
  self->pending_layout = self->pending_changed = self->pending_state = self->pending_labels = FALSE;
}

/* ----------------------------------------------------------------------
 * GObject
 * ---------------------------------------------------------------------- */

static void
flt_graph_dispose (GObject *object)
{
  FltGraph *self = FLT_GRAPH (object);

  g_clear_object (&self->project);
  G_OBJECT_CLASS (flt_graph_parent_class)->dispose (object);
}

static void
flt_graph_finalize (GObject *object)
{
  FltGraph *self = FLT_GRAPH (object);

  g_clear_pointer (&self->node_index, g_hash_table_unref);
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  G_OBJECT_CLASS (flt_graph_parent_class)->finalize (object);
}

static void
flt_graph_class_init (FltGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_graph_dispose;
  object_class->finalize = flt_graph_finalize;

  /**
   * FltGraph::changed:
   *
   * Nodes or edges came or went, or moved: lay out and redraw.  Pointers
   * to nodes and edges taken before are no longer valid.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FltGraph::state-changed:
   *
   * Only states, replicas, labels or details changed: redraw.  Nodes and
   * edges stay where they are, and pointers to them stay valid.
   */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
flt_graph_init (FltGraph *self)
{
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  self->edges = g_ptr_array_new_with_free_func ((GDestroyNotify) edge_free);
  self->node_index = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * flt_graph_new:
 * @project: (nullable): the project; %NULL for an empty graph
 *
 * Returns: (transfer full): the graph, laid out
 */
FltGraph *
flt_graph_new (FltProject *project)
{
  FltGraph *self;

  g_return_val_if_fail (project == NULL || FLT_IS_PROJECT (project), NULL);

  self = g_object_new (FLT_TYPE_GRAPH, NULL);
  self->project = project ? g_object_ref (project) : NULL;
  build (self);
  _flt_graph_run_layout (self, FALSE);
  return self;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

typedef struct
{
  double x, y, cy, width, height, trunk_x;
  int layer;
  gboolean has_trunk;
  gboolean pinned;
  GPtrArray *replicas;
  FltGraphState state;
  gboolean orphan;
} Remembered;

static void
remembered_free (Remembered *r)
{
  g_clear_pointer (&r->replicas, g_ptr_array_unref);
  g_free (r);
}

/* For each edge, "source\x1ftarget\x1fkind\x1fn", n counting the same
 * edges before it: the same edge in the graph of an edited project. */
static GPtrArray *
edge_keys (FltGraph *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);
      char *base = g_strdup_printf ("%s\x1f%s\x1f%d", edge->pub.source_id, edge->pub.target_id, edge->pub.kind);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, base));

      g_ptr_array_add (keys, g_strdup_printf ("%s\x1f%u", base, n));
      g_hash_table_replace (seen, base, GUINT_TO_POINTER (n + 1));
    }
  return keys;
}

/* The graph's shape: its nodes and edges in order, nothing of their
 * words or states. */
static char *
shape_of (FltGraph  *self,
          GPtrArray *keys)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i);

      g_string_append (s, node->pub.id);
      g_string_append_c (s, node->pub.orphan ? '\x1d' : '\x1e');
    }
  for (guint i = 0; i < keys->len; i++)
    {
      g_string_append (s, g_ptr_array_index (keys, i));
      g_string_append_c (s, '\x1e');
    }
  return g_string_free (s, FALSE);
}

/**
 * flt_graph_set_project:
 * @project: (nullable): the project, re-derived from the document
 *
 * Rebuilds the graph.  Nodes that persist keep their place in the order
 * (and their position, if pinned) and their live state, so that a small
 * edit moves little; emits "changed".
 */
void
flt_graph_set_project (FltGraph   *self,
                       FltProject *project)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) ways = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *old_shape = NULL;
  g_autofree char *new_shape = NULL;

  g_return_if_fail (FLT_IS_GRAPH (self));
  g_return_if_fail (project == NULL || FLT_IS_PROJECT (project));

  before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) remembered_free);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i);
      Remembered *r = g_new0 (Remembered, 1);

      r->x = node->pub.x;
      r->y = node->pub.y;
      r->cy = node->pub.y + node->pub.height / 2;
      r->width = node->pub.width;
      r->height = node->pub.height;
      r->layer = node->layer;
      r->has_trunk = node->has_trunk;
      r->trunk_x = node->trunk_x;
      r->pinned = node->pub.pinned;
      r->replicas = g_ptr_array_ref (node->pub.replicas);
      r->state = node->pub.state;
      r->orphan = node->pub.orphan;
      g_hash_table_insert (before, g_strdup (node->pub.id), r);
    }

  /* The edges' ways through the columns, to lay them out the same way. */
  ways = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  keys = edge_keys (self);
  old_shape = shape_of (self, keys);
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);

      g_hash_table_insert (ways, g_strdup (g_ptr_array_index (keys, i)), g_array_ref (edge->via));
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  g_set_object (&self->project, project);
  g_ptr_array_set_size (self->edges, 0);
  g_hash_table_remove_all (self->node_index);
  g_ptr_array_set_size (self->nodes, 0);
  build (self);

  keys = edge_keys (self);
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);
      GArray *via = g_hash_table_lookup (ways, g_ptr_array_index (keys, i));

      if (via != NULL)
        {
          g_array_unref (edge->via);
          edge->via = g_array_ref (via);
        }
    }

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i);
      Remembered *r = g_hash_table_lookup (before, node->pub.id);

      if (r == NULL)
        continue;
      node->has_seed = TRUE;
      node->seed = r->cy;
      node->seed_x = r->x;
      if (r->pinned)
        {
          node->pub.pinned = TRUE;
          node->pub.x = r->x;
          node->pub.y = r->y;
        }
      if (self->live && node->pub.kind == FLT_GRAPH_NODE_SERVICE && !r->orphan)
        {
          g_ptr_array_unref (node->pub.replicas);
          node->pub.replicas = g_ptr_array_ref (r->replicas);
          node->pub.state = r->state;
        }
    }

  /* Orphans are the engine's, not the file's: keep them until the next
   * state says otherwise, unless the file now has the service. */
  if (self->live)
    {
      GHashTableIter iter;
      const char *id;
      Remembered *r;
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &r))
        if (r->orphan && lookup (self, id) == NULL)
          g_ptr_array_add (ids, (gpointer) id);
      g_ptr_array_sort (ids, compare_strings);
      for (guint i = 0; i < ids->len; i++)
        {
          const char *orphan_id = g_ptr_array_index (ids, i);
          Remembered *o = g_hash_table_lookup (before, orphan_id);
          FltGraphNodeImpl *node = add_node (self, FLT_GRAPH_NODE_SERVICE,
                                             orphan_id + strlen ("service:"),
                                             _("not in the compose file"));

          node->pub.orphan = TRUE;
          g_ptr_array_unref (node->pub.replicas);
          node->pub.replicas = g_ptr_array_ref (o->replicas);
          node->pub.state = o->state;
          node->has_seed = TRUE;
          node->seed = o->cy;
          node->seed_x = o->x;
          if (o->pinned)
            {
              node->pub.pinned = TRUE;
              node->pub.x = o->x;
              node->pub.y = o->y;
            }
        }
    }

  /* Most edits (an environment variable, a command) leave the graph's
   * shape as it was: then nothing moves at all. */
  g_clear_pointer (&keys, g_ptr_array_unref);
  keys = edge_keys (self);
  new_shape = shape_of (self, keys);
  if (!self->pending_layout && g_strcmp0 (old_shape, new_shape) == 0)
    {
      for (guint i = 0; i < self->nodes->len; i++)
        {
          FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i);
          Remembered *r = g_hash_table_lookup (before, node->pub.id);

          node->pub.x = r->x;
          node->pub.y = r->y;
          node->pub.width = r->width;
          node->pub.height = r->height;
          node->layer = r->layer;
          node->has_trunk = r->has_trunk;
          node->trunk_x = r->trunk_x;
          node->laid_out = TRUE;
        }
      _flt_graph_route (self);
      emit_changed (self);
      return;
    }

  if (self->freeze_count > 0)
    {
      self->pending_layout = TRUE;
      self->pending_changed = TRUE;
      return;
    }
  _flt_graph_run_layout (self, TRUE);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * flt_graph_get_project:
 *
 * Returns: (transfer none) (nullable): the project
 */
FltProject *
flt_graph_get_project (FltGraph *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);

  return self->project;
}

guint
flt_graph_get_n_nodes (FltGraph *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), 0);

  return self->nodes->len;
}

const FltGraphNode *
flt_graph_get_node (FltGraph *self,
                    guint     index)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);
  g_return_val_if_fail (index < self->nodes->len, NULL);

  return g_ptr_array_index (self->nodes, index);
}

/**
 * flt_graph_lookup_node:
 * @id: "service:web", "network:default", "volume:data" or "host"
 *
 * Returns: (nullable): the node
 */
const FltGraphNode *
flt_graph_lookup_node (FltGraph   *self,
                       const char *id)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);

  if (id == NULL)
    return NULL;
  return (const FltGraphNode *) lookup (self, id);
}

guint
flt_graph_get_n_edges (FltGraph *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), 0);

  return self->edges->len;
}

const FltGraphEdge *
flt_graph_get_edge (FltGraph *self,
                    guint     index)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);
  g_return_val_if_fail (index < self->edges->len, NULL);

  return g_ptr_array_index (self->edges, index);
}

/**
 * flt_graph_layout:
 *
 * Lays the graph out again, keeping pinned nodes where they are and the
 * others in their current order where it does no harm.  Deterministic.
 */
void
flt_graph_layout (FltGraph *self)
{
  g_return_if_fail (FLT_IS_GRAPH (self));

  relayout (self);
}

/**
 * flt_graph_move_node:
 * @x: the node's new left, in graph coordinates
 * @y: its new top
 *
 * Pins the node there and reroutes its edges; nothing else moves.
 */
void
flt_graph_move_node (FltGraph   *self,
                     const char *id,
                     double      x,
                     double      y)
{
  FltGraphNodeImpl *node;

  g_return_if_fail (FLT_IS_GRAPH (self));
  g_return_if_fail (id != NULL);

  node = lookup (self, id);
  if (node == NULL)
    return;

  node->pub.x = x;
  node->pub.y = y;
  node->pub.pinned = TRUE;
  node->laid_out = TRUE;
  node->has_trunk = FALSE;
  /* Its edges go straight now; the others keep their way through the
   * columns, with the ends on shared sides spread out again. */
  _flt_graph_route (self);
  emit_changed (self);
}

/**
 * flt_graph_unpin_all:
 *
 * "Arrange": forgets moved positions and the previous order, and lays
 * the graph out as a fresh one would be.
 */
void
flt_graph_unpin_all (FltGraph *self)
{
  g_return_if_fail (FLT_IS_GRAPH (self));

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i);

      node->pub.pinned = FALSE;
      node->has_seed = FALSE;
      node->laid_out = FALSE;
    }
  if (self->freeze_count > 0)
    {
      self->pending_layout = self->pending_changed = TRUE;
      return;
    }
  _flt_graph_run_layout (self, FALSE);
  emit_changed (self);
}

/**
 * flt_graph_get_bounds:
 *
 * The rectangle holding every node, edge and label, in graph
 * coordinates; 0×0 for an empty graph.
 */
void
flt_graph_get_bounds (FltGraph *self,
                      double   *x,
                      double   *y,
                      double   *width,
                      double   *height)
{
  g_return_if_fail (FLT_IS_GRAPH (self));

  if (x) *x = self->bounds[0];
  if (y) *y = self->bounds[1];
  if (width) *width = self->bounds[2];
  if (height) *height = self->bounds[3];
}

/**
 * flt_graph_hit_node:
 * @x: in graph coordinates
 * @y: in graph coordinates
 *
 * Returns: (nullable): the topmost node at that point
 */
const FltGraphNode *
flt_graph_hit_node (FltGraph *self,
                    double    x,
                    double    y)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);

  /* Drawn in array order with pinned nodes last: hit in reverse. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = self->nodes->len; i > 0; i--)
      {
        const FltGraphNode *node = g_ptr_array_index (self->nodes, i - 1);

        if ((pass == 0) != node->pinned)
          continue;
        if (x >= node->x && x < node->x + node->width
            && y >= node->y && y < node->y + node->height)
          return node;
      }
  return NULL;
}

static double
distance_to_segment (double px, double py,
                     double ax, double ay,
                     double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

static double
distance_to_edge (const FltGraphEdgeImpl *edge,
                  double                  x,
                  double                  y)
{
  const double *p = edge->pub.points;
  double best = G_MAXDOUBLE;

  for (guint s = 0; s + 1 < edge->pub.n_points; s++)
    {
      double x0 = p[2 * s], y0 = p[2 * s + 1], x1 = p[2 * s + 2], y1 = p[2 * s + 3];
      double c1x, c1y, c2x, c2y, lx = x0, ly = y0;
      FltGraphSide start, end;

      /* Quick reject on the segment's box. */
      if (x < MIN (x0, x1) - 80 - best || x > MAX (x0, x1) + 80 + best
          || y < MIN (y0, y1) - 80 - best || y > MAX (y0, y1) + 80 + best)
        continue;

      _flt_graph_edge_segment_sides (edge, s, &start, &end);
      _flt_graph_segment_controls (x0, y0, start, x1, y1, end, &c1x, &c1y, &c2x, &c2y);
      for (int k = 1; k <= 12; k++)
        {
          double t = k / 12.0, u = 1 - t;
          double bx = u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x1;
          double by = u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y1;

          best = MIN (best, distance_to_segment (x, y, lx, ly, bx, by));
          lx = bx;
          ly = by;
        }
    }
  return best;
}

/**
 * flt_graph_hit_edge:
 * @x: in graph coordinates
 * @y: in graph coordinates
 * @tolerance: how far from the line still counts, in graph units
 *
 * Returns: (nullable): the edge nearest to the point within @tolerance
 */
const FltGraphEdge *
flt_graph_hit_edge (FltGraph *self,
                    double    x,
                    double    y,
                    double    tolerance)
{
  const FltGraphEdge *best = NULL;
  double best_distance = tolerance;

  g_return_val_if_fail (FLT_IS_GRAPH (self), NULL);

  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);
      double d = distance_to_edge (edge, x, y);

      if (d <= best_distance)
        {
          best_distance = d;
          best = &edge->pub;
        }
    }
  return best;
}

/* ----------------------------------------------------------------------
 * Live state
 * ---------------------------------------------------------------------- */

/* The worse of two states, for a service's overall one: a failure beats
 * a transition, which beats stopped, which beats running. */
int
_flt_graph_state_rank (FltGraphState state)
{
  switch (state)
    {
    case FLT_GRAPH_STATE_HEALTHY: return 1;
    case FLT_GRAPH_STATE_RUNNING: return 2;
    case FLT_GRAPH_STATE_CREATED: return 3;
    case FLT_GRAPH_STATE_EXITED: return 4;
    case FLT_GRAPH_STATE_PAUSED: return 5;
    case FLT_GRAPH_STATE_STARTING: return 6;
    case FLT_GRAPH_STATE_RESTARTING: return 7;
    case FLT_GRAPH_STATE_UNHEALTHY: return 8;
    case FLT_GRAPH_STATE_FAILED: return 9;
    case FLT_GRAPH_STATE_DEAD: return 10;
    case FLT_GRAPH_STATE_UNKNOWN:
    default: return 0;
    }
}

gboolean
_flt_graph_state_is_up (FltGraphState state)
{
  return state == FLT_GRAPH_STATE_RUNNING || state == FLT_GRAPH_STATE_HEALTHY
      || state == FLT_GRAPH_STATE_STARTING || state == FLT_GRAPH_STATE_UNHEALTHY;
}

void
flt_graph_set_live (FltGraph *self,
                    gboolean  live)
{
  g_return_if_fail (FLT_IS_GRAPH (self));

  live = !!live;
  if (self->live == live)
    return;
  self->live = live;
  emit_state_changed (self);
}

/**
 * flt_graph_get_edges_serial:
 *
 * Changes whenever the edges' labels were placed anew, which a change of
 * state can do without #FltGraph::changed (a port's label follows what
 * the engine published).  A view that keeps a picture of the edges
 * compares it on #FltGraph::state-changed.
 */
guint
flt_graph_get_edges_serial (FltGraph *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), 0);

  return self->edges_serial;
}

gboolean
flt_graph_get_live (FltGraph *self)
{
  g_return_val_if_fail (FLT_IS_GRAPH (self), FALSE);

  return self->live;
}

static gboolean
replicas_equal (GPtrArray *a,
                GPtrArray *b)
{
  guint n_a = a ? a->len : 0, n_b = b ? b->len : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    {
      FltGraphReplica *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      if (x->number != y->number || x->state != y->state
          || g_strcmp0 (x->container_id, y->container_id) != 0
          || g_strcmp0 (x->name, y->name) != 0)
        return FALSE;
    }
  return TRUE;
}

static int
compare_replicas (gconstpointer a,
                  gconstpointer b)
{
  const FltGraphReplica *x = *(FltGraphReplica * const *) a;
  const FltGraphReplica *y = *(FltGraphReplica * const *) b;

  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

/* Returns whether anything changed. */
static gboolean
node_set_replicas (FltGraphNodeImpl *node,
                   GPtrArray        *replicas)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_graph_replica_free);
  FltGraphState state = FLT_GRAPH_STATE_UNKNOWN;

  for (guint i = 0; replicas != NULL && i < replicas->len; i++)
    {
      FltGraphReplica *r = g_ptr_array_index (replicas, i);

      g_ptr_array_add (copy, replica_copy (r));
      if (_flt_graph_state_rank (r->state) > _flt_graph_state_rank (state))
        state = r->state;
    }
  g_ptr_array_sort (copy, compare_replicas);

  if (replicas_equal (copy, node->pub.replicas) && state == node->pub.state)
    return FALSE;
  g_ptr_array_unref (node->pub.replicas);
  node->pub.replicas = g_steal_pointer (&copy);
  node->pub.state = state;
  return TRUE;
}

/**
 * flt_graph_set_replicas:
 * @service: the service's name
 * @replicas: (element-type FltGraphReplica) (nullable): its containers,
 *   copied; %NULL or empty for none
 *
 * The service's state becomes its worst replica's.  Unknown services are
 * ignored (orphans go through flt_graph_add_orphan()).
 */
void
flt_graph_set_replicas (FltGraph   *self,
                        const char *service,
                        GPtrArray  *replicas)
{
  FltGraphNodeImpl *node;

  g_return_if_fail (FLT_IS_GRAPH (self));
  g_return_if_fail (service != NULL);

  node = lookup_kind (self, FLT_GRAPH_NODE_SERVICE, service);
  if (node == NULL)
    return;
  if (node_set_replicas (node, replicas))
    emit_state_changed (self);
}

/**
 * flt_graph_set_edge_label:
 * @label: (nullable): the new label, or %NULL to go back to the file's
 *
 * Relabels every edge of @kind from @source_id to @target_id.
 */
void
flt_graph_set_edge_label (FltGraph         *self,
                          const char       *source_id,
                          const char       *target_id,
                          FltGraphEdgeKind  kind,
                          const char       *label)
{
  gboolean changed = FALSE;

  g_return_if_fail (FLT_IS_GRAPH (self));
  g_return_if_fail (source_id != NULL && target_id != NULL);

  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);
      const char *wanted;

      if (edge->pub.kind != kind
          || strcmp (edge->pub.source_id, source_id) != 0
          || strcmp (edge->pub.target_id, target_id) != 0)
        continue;
      wanted = label != NULL ? label : edge->file_label;
      if (g_strcmp0 (wanted, edge->pub.label) == 0)
        continue;
      g_free (edge->pub.label);
      edge->pub.label = g_strdup (wanted);
      changed = TRUE;
    }
  if (!changed)
    return;
  if (self->freeze_count > 0)
    self->pending_labels = TRUE;
  else
    _flt_graph_place_labels (self);
  emit_state_changed (self);
}

/**
 * flt_graph_set_network_detail:
 * @network: the network's key in the file
 * @detail: (nullable): e.g. "bridge · 172.18.0.0/16"; %NULL goes back to
 *   the file's
 */
void
flt_graph_set_network_detail (FltGraph   *self,
                              const char *network,
                              const char *detail)
{
  FltGraphNodeImpl *node;
  const char *wanted;

  g_return_if_fail (FLT_IS_GRAPH (self));
  g_return_if_fail (network != NULL);

  node = lookup_kind (self, FLT_GRAPH_NODE_NETWORK, network);
  if (node == NULL)
    return;
  wanted = detail != NULL ? detail : node->file_detail;
  if (g_strcmp0 (wanted, node->pub.detail) == 0)
    return;
  g_free (node->pub.detail);
  node->pub.detail = g_strdup (wanted);
  emit_state_changed (self);
}

/**
 * flt_graph_add_orphan:
 * @service: the service the containers say they belong to
 * @replicas: (element-type FltGraphReplica): its containers, copied
 *
 * Adds a node for containers of the project whose service the file does
 * not have (any more).  A service the file has just gets the replicas.
 */
void
flt_graph_add_orphan (FltGraph   *self,
                      const char *service,
                      GPtrArray  *replicas)
{
  FltGraphNodeImpl *node;

  g_return_if_fail (FLT_IS_GRAPH (self));
  g_return_if_fail (service != NULL);

  node = lookup_kind (self, FLT_GRAPH_NODE_SERVICE, service);
  if (node != NULL)
    {
      if (node_set_replicas (node, replicas))
        emit_state_changed (self);
      return;
    }

  /* Translators: the detail line of a node for containers whose service
   * the compose file does not have */
  node = add_node (self, FLT_GRAPH_NODE_SERVICE, service, _("not in the compose file"));
  node->pub.orphan = TRUE;
  node_set_replicas (node, replicas);
  relayout (self);
}

static void remove_node (FltGraph *self, FltGraphNodeImpl *node);

/**
 * flt_graph_remove_orphan:
 * @service: an orphan's service name
 *
 * Takes away an orphan node whose containers are gone; services of the
 * file stay.
 */
void
flt_graph_remove_orphan (FltGraph   *self,
                         const char *service)
{
  FltGraphNodeImpl *node;

  g_return_if_fail (FLT_IS_GRAPH (self));
  g_return_if_fail (service != NULL);

  node = lookup_kind (self, FLT_GRAPH_NODE_SERVICE, service);
  if (node == NULL || !node->pub.orphan)
    return;
  remove_node (self, node);
  relayout (self);
}

static void
remove_node (FltGraph         *self,
             FltGraphNodeImpl *node)
{
  for (guint i = self->edges->len; i > 0; i--)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i - 1);

      if (edge->source == node || edge->target == node)
        g_ptr_array_remove_index (self->edges, i - 1);
    }
  g_hash_table_remove (self->node_index, node->pub.id);
  g_ptr_array_remove_index (self->nodes, node->index);
  for (guint i = 0; i < self->nodes->len; i++)
    ((FltGraphNodeImpl *) g_ptr_array_index (self->nodes, i))->index = i;
}

/**
 * flt_graph_clear_live:
 *
 * Back to what the file says: no replicas, no orphans, the file's labels
 * and details, not live.
 */
void
flt_graph_clear_live (FltGraph *self)
{
  gboolean state_changed = FALSE, structure_changed = FALSE, labels_changed = FALSE;

  g_return_if_fail (FLT_IS_GRAPH (self));

  for (guint i = self->nodes->len; i > 0; i--)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i - 1);

      if (node->pub.orphan)
        {
          remove_node (self, node);
          structure_changed = TRUE;
          continue;
        }
      state_changed |= node_set_replicas (node, NULL);
      if (g_strcmp0 (node->pub.detail, node->file_detail) != 0)
        {
          g_free (node->pub.detail);
          node->pub.detail = g_strdup (node->file_detail);
          state_changed = TRUE;
        }
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);

      if (g_strcmp0 (edge->pub.label, edge->file_label) != 0)
        {
          g_free (edge->pub.label);
          edge->pub.label = g_strdup (edge->file_label);
          state_changed = TRUE;
          labels_changed = TRUE;
        }
    }
  if (labels_changed && !structure_changed)
    {
      if (self->freeze_count > 0)
        self->pending_labels = TRUE;
      else
        _flt_graph_place_labels (self);
    }
  if (self->live)
    {
      self->live = FALSE;
      state_changed = TRUE;
    }

  if (structure_changed)
    relayout (self);
  else if (state_changed)
    emit_state_changed (self);
}
