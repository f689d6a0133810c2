/* flt-graph-layout.c: where the graph's nodes go and how its edges run
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A layered layout, left to right: the host, then services by dependency
 * (a service stands left of what it depends on), then each network and
 * volume one column right of the last service using it.  Edges spanning
 * several columns get a waypoint in each column between ("dummies"), so
 * that they run through the gaps between cards instead of across them.
 *
 * Order within a column: the previous positions (or names, for a fresh
 * graph) then a few barycentre sweeps.  Heights: each column is placed as
 * close as possible to its neighbours' centres without overlapping, which
 * is an isotonic regression, solved exactly by pooling adjacent
 * violators.  Nothing here depends on hash order, time or fonts, so the
 * same project always gives the same positions.
 */

#include <math.h>
#include <string.h>

#include "flt-graph-private.h"

#define N_ORDER_SWEEPS 8
#define N_PLACE_SWEEPS 4
#define DUMMY_GAP      12.0
/* Moves smaller than this after an edit are not made. */
#define SNAP            6.0
/* How far a label may be moved off its edge to make room for others. */
#define MAX_LABEL_SHIFT 60.0

typedef struct
{
  FltGraphNodeImpl *node;      /* NULL for a dummy */
  FltGraphEdgeImpl *edge;      /* a dummy's edge */
  int layer;
  guint pos;                   /* index in its layer */
  double key;                  /* the ordering's sort key */
  double y;                    /* centre */
  double height;
  gboolean seeded;             /* laid out before: keeps its place */
  double seed;                 /* its centre's y then */
  GArray *up;                  /* guint: neighbours in layer - 1 */
  GArray *down;                /* guint: neighbours in layer + 1 */
} Elem;

typedef struct
{
  GArray *elems;               /* Elem */
  GPtrArray *layers;           /* GArray of guint per layer, in order */
  guint n_layers;
  /* A layout of an edited project: what was there keeps its order, and
   * only what is new finds its place. */
  gboolean stable;
} Layout;

static inline Elem *
elem_at (Layout *l,
         guint   i)
{
  return &g_array_index (l->elems, Elem, i);
}

static guint
add_elem (Layout           *l,
          FltGraphNodeImpl *node,
          FltGraphEdgeImpl *edge,
          int               layer,
          double            height)
{
  Elem e = { 0 };

  e.node = node;
  e.edge = edge;
  e.layer = layer;
  e.height = height;
  e.up = g_array_new (FALSE, FALSE, sizeof (guint));
  e.down = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (l->elems, e);
  return l->elems->len - 1;
}

static void
link_elems (Layout *l,
            guint   upper,
            guint   lower)
{
  g_array_append_val (elem_at (l, upper)->down, lower);
  g_array_append_val (elem_at (l, lower)->up, upper);
}

static void
layout_clear (Layout *l)
{
  for (guint i = 0; i < l->elems->len; i++)
    {
      g_array_unref (elem_at (l, i)->up);
      g_array_unref (elem_at (l, i)->down);
    }
  g_array_unref (l->elems);
  g_ptr_array_unref (l->layers);
}

/* ----------------------------------------------------------------------
 * Layers
 * ---------------------------------------------------------------------- */

static gboolean
is_service_edge (FltGraphEdgeImpl *edge)
{
  return edge->source->pub.kind == FLT_GRAPH_NODE_SERVICE
      && edge->target->pub.kind == FLT_GRAPH_NODE_SERVICE
      && edge->source != edge->target;
}

typedef struct
{
  FltGraph *graph;
  GPtrArray **incoming;        /* per node index: service edges into it */
  int *layer;
  guint8 *visit;               /* 0 new, 1 on the stack, 2 done */
} LayerWalk;

/* The longest chain of dependents above a service, plus one.  An edge
 * closing a cycle (the project reports those as errors) is ignored. */
static int
service_layer (LayerWalk        *w,
               FltGraphNodeImpl *node)
{
  GPtrArray *in = w->incoming[node->index];
  int layer = 1;

  if (w->visit[node->index] == 2)
    return w->layer[node->index];
  if (w->visit[node->index] == 1)
    return -1;
  w->visit[node->index] = 1;
  for (guint i = 0; in != NULL && i < in->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (in, i);
      int above = service_layer (w, edge->source);

      if (above >= 0)
        layer = MAX (layer, above + 1);
    }
  w->visit[node->index] = 2;
  w->layer[node->index] = layer;
  return layer;
}

static int
compare_nodes_by_key (gconstpointer a,
                      gconstpointer b)
{
  const FltGraphNodeImpl *x = *(FltGraphNodeImpl * const *) a;
  const FltGraphNodeImpl *y = *(FltGraphNodeImpl * const *) b;

  return strcmp (x->sort_key, y->sort_key);
}

static void
assign_layers (FltGraph *self)
{
  guint n = self->nodes->len;
  g_autofree GPtrArray **incoming = g_new0 (GPtrArray *, n);
  g_autofree int *layer = g_new0 (int, n);
  g_autofree guint8 *visit = g_new0 (guint8, n);
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (n);
  LayerWalk w = { self, incoming, layer, visit };
  int deepest = 1;

  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);

      if (!is_service_edge (edge))
        continue;
      if (incoming[edge->target->index] == NULL)
        incoming[edge->target->index] = g_ptr_array_new ();
      g_ptr_array_add (incoming[edge->target->index], edge);
    }

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (self->nodes, i));
  g_ptr_array_sort (sorted, compare_nodes_by_key);

  for (guint i = 0; i < n; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (sorted, i);

      if (node->pub.kind == FLT_GRAPH_NODE_SERVICE)
        {
          node->layer = node->pub.orphan ? 1 : service_layer (&w, node);
          deepest = MAX (deepest, node->layer);
        }
      else if (node->pub.kind == FLT_GRAPH_NODE_HOST)
        node->layer = 0;
      else
        node->layer = -1;
    }

  /* Networks and volumes: one column right of their last service. */
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);
      FltGraphNodeImpl *service = edge->source, *other = edge->target;

      if (service->pub.kind != FLT_GRAPH_NODE_SERVICE
          || (other->pub.kind != FLT_GRAPH_NODE_NETWORK && other->pub.kind != FLT_GRAPH_NODE_VOLUME))
        continue;
      other->layer = MAX (other->layer, service->layer + 1);
    }
  for (guint i = 0; i < n; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i);

      if (node->layer < 0)
        node->layer = deepest + 1;
    }

  for (guint i = 0; i < n; i++)
    g_clear_pointer (&incoming[i], g_ptr_array_unref);
}

/* ----------------------------------------------------------------------
 * Order within the layers
 * ---------------------------------------------------------------------- */

static int
compare_by_key (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Elem *x = elem_at (user_data, *(const guint *) a);
  const Elem *y = elem_at (user_data, *(const guint *) b);

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  /* Ties keep the current order: the sort must be stable. */
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void
sort_layer (Layout *l,
            GArray *layer)
{
  g_array_sort_with_data (layer, compare_by_key, l);
  for (guint i = 0; i < layer->len; i++)
    elem_at (l, g_array_index (layer, guint, i))->pos = i;
}

/* Each element of @layer moves to the mean position of its neighbours on
 * one side; those with none stay where they are. */
static void
barycentre_sweep (Layout *l,
                  GArray *layer,
                  GArray *(*neighbours) (Elem *e),
                  guint   other_len)
{
  double scale = layer->len > 1 && other_len > 1 ? (double) (layer->len - 1) / (other_len - 1) : 1.0;

  for (guint i = 0; i < layer->len; i++)
    {
      Elem *e = elem_at (l, g_array_index (layer, guint, i));
      GArray *nb = neighbours (e);
      double sum = 0;

      if (nb->len == 0 || (l->stable && e->seeded))
        {
          e->key = e->pos;
          continue;
        }
      for (guint k = 0; k < nb->len; k++)
        sum += elem_at (l, g_array_index (nb, guint, k))->pos;
      /* Scaled to this layer's length, so that neighbourless elements
       * keep a comparable place among the others. */
      e->key = sum / nb->len * scale;
    }
  sort_layer (l, layer);
}

static GArray *
up_of (Elem *e)
{
  return e->up;
}

static GArray *
down_of (Elem *e)
{
  return e->down;
}

static void
order_layers (Layout *l)
{
  for (int sweep = 0; sweep < N_ORDER_SWEEPS; sweep++)
    {
      for (guint k = 1; k < l->n_layers; k++)
        barycentre_sweep (l, g_ptr_array_index (l->layers, k), up_of,
                          ((GArray *) g_ptr_array_index (l->layers, k - 1))->len);
      for (guint k = l->n_layers - 1; k-- > 0;)
        barycentre_sweep (l, g_ptr_array_index (l->layers, k), down_of,
                          ((GArray *) g_ptr_array_index (l->layers, k + 1))->len);
    }
}

/* ----------------------------------------------------------------------
 * Heights within the layers
 * ---------------------------------------------------------------------- */

/* Puts centres y[0..n) as near to want[0..n) as can be (least squares,
 * weighted) while keeping y[i+1] - y[i] >= sep[i]: substituting
 * z[i] = y[i] - offset[i] leaves z non-decreasing, an isotonic regression
 * that pooling adjacent violators solves in one pass. */
static void
place_isotonic (guint         n,
                const double *want,
                const double *weight,
                const double *sep,
                double       *y)
{
  g_autofree double *offset = g_new (double, n);
  g_autofree double *sum = g_new (double, n);
  g_autofree double *wsum = g_new (double, n);
  g_autofree guint *start = g_new (guint, n);
  guint blocks = 0;

  offset[0] = 0;
  for (guint i = 1; i < n; i++)
    offset[i] = offset[i - 1] + sep[i - 1];

  for (guint i = 0; i < n; i++)
    {
      sum[blocks] = weight[i] * (want[i] - offset[i]);
      wsum[blocks] = weight[i];
      start[blocks] = i;
      blocks++;
      while (blocks > 1 && sum[blocks - 2] / wsum[blocks - 2] > sum[blocks - 1] / wsum[blocks - 1])
        {
          sum[blocks - 2] += sum[blocks - 1];
          wsum[blocks - 2] += wsum[blocks - 1];
          blocks--;
        }
    }

  for (guint b = 0; b < blocks; b++)
    {
      guint end = b + 1 < blocks ? start[b + 1] : n;
      double z = sum[b] / wsum[b];

      for (guint i = start[b]; i < end; i++)
        y[i] = z + offset[i];
    }
}

static double
separation (const Elem *a,
            const Elem *b)
{
  double gap = a->node != NULL && b->node != NULL ? FLT_GRAPH_ROW_GAP : DUMMY_GAP;

  return (a->height + b->height) / 2 + gap;
}

static void
place_layer (Layout  *l,
             GArray  *layer,
             gboolean use_up,
             gboolean use_down)
{
  guint n = layer->len;
  g_autofree double *want = g_new (double, n);
  g_autofree double *weight = g_new (double, n);
  g_autofree double *sep = g_new (double, MAX (n, 1));
  g_autofree double *y = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      Elem *e = elem_at (l, g_array_index (layer, guint, i));
      double total = 0;
      guint count = 0;

      if (use_up)
        for (guint k = 0; k < e->up->len; k++, count++)
          total += elem_at (l, g_array_index (e->up, guint, k))->y;
      if (use_down)
        for (guint k = 0; k < e->down->len; k++, count++)
          total += elem_at (l, g_array_index (e->down, guint, k))->y;

      if (count > 0)
        {
          want[i] = total / count;
          weight[i] = 1.0;
        }
      else
        {
          /* Nothing pulls it: it stays, but gives way easily. */
          want[i] = e->y;
          weight[i] = 0.05;
        }
      /* After an edit, half of the pull is back to where it was. */
      if (l->stable && e->seeded)
        {
          want[i] = count > 0 ? (want[i] + e->seed) / 2 : e->seed;
          weight[i] = 1.0;
        }
      if (i + 1 < n)
        sep[i] = separation (e, elem_at (l, g_array_index (layer, guint, i + 1)));
    }

  place_isotonic (n, want, weight, sep, y);
  for (guint i = 0; i < n; i++)
    elem_at (l, g_array_index (layer, guint, i))->y = y[i];
}

static void
place_layers (Layout *l)
{
  for (guint k = 0; k < l->n_layers; k++)
    {
      GArray *layer = g_ptr_array_index (l->layers, k);
      double y = 0;

      for (guint i = 0; i < layer->len; i++)
        {
          Elem *e = elem_at (l, g_array_index (layer, guint, i));

          if (i > 0)
            y += separation (elem_at (l, g_array_index (layer, guint, i - 1)), e);
          /* After an edit, from where things were. */
          if (l->stable && e->seeded)
            y = i > 0 ? MAX (y, e->seed) : e->seed;
          e->y = y;
        }
    }

  for (int sweep = 0; sweep < N_PLACE_SWEEPS; sweep++)
    {
      for (guint k = 1; k < l->n_layers; k++)
        place_layer (l, g_ptr_array_index (l->layers, k), TRUE, FALSE);
      for (guint k = l->n_layers - 1; k-- > 0;)
        place_layer (l, g_ptr_array_index (l->layers, k), FALSE, TRUE);
    }
  /* Then both sides at once, until it settles enough. */
  for (int sweep = 0; sweep < 3; sweep++)
    for (guint k = 0; k < l->n_layers; k++)
      place_layer (l, g_ptr_array_index (l->layers, k), TRUE, TRUE);
}

/* ----------------------------------------------------------------------
 * The whole layout
 * ---------------------------------------------------------------------- */

/* The starting order of a layer: by name, or, where the nodes were laid
 * out before, by their previous height, new ones after them (the sweeps
 * then take them to their neighbours). */
static void
initial_order (Layout  *l,
               GArray  *layer,
               gboolean use_seeds)
{
  guint n_seeded = 0;

  for (guint i = 0; i < layer->len; i++)
    {
      Elem *e = elem_at (l, g_array_index (layer, guint, i));

      e->pos = i;
      e->key = i;
      if (use_seeds && e->seeded)
        n_seeded++;
    }
  if (n_seeded == 0)
    return;

  for (guint i = 0; i < layer->len; i++)
    {
      Elem *e = elem_at (l, g_array_index (layer, guint, i));

      e->key = e->seeded ? e->seed : G_MAXDOUBLE;
    }
  sort_layer (l, layer);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Where the free nodes that were laid out before moved, as a whole: the
 * median of their moves, to take back so that an edit does not shift
 * the whole picture. */
static gboolean
median_shift (Layout *l,
              double *dx,
              double *dy)
{
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < l->elems->len; i++)
    {
      Elem *e = elem_at (l, i);
      double x, y;

      if (e->node == NULL || !e->node->has_seed)
        continue;
      x = e->node->seed_x - e->node->pub.x;
      y = e->node->seed - (e->node->pub.y + e->node->pub.height / 2);
      g_array_append_val (xs, x);
      g_array_append_val (ys, y);
    }
  if (xs->len == 0)
    return FALSE;
  g_array_sort (xs, compare_doubles);
  g_array_sort (ys, compare_doubles);
  *dx = round (g_array_index (xs, double, xs->len / 2));
  *dy = round (g_array_index (ys, double, ys->len / 2));
  return TRUE;
}

static gboolean
overlaps_pinned (FltGraph *self,
                 double    x,
                 double    y,
                 double    width,
                 double    height,
                 double   *below)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      FltGraphNode *p = g_ptr_array_index (self->nodes, i);

      if (!p->pinned)
        continue;
      if (x < p->x + p->width + FLT_GRAPH_ROW_GAP / 2 && p->x < x + width + FLT_GRAPH_ROW_GAP / 2
          && y < p->y + p->height + FLT_GRAPH_ROW_GAP / 2 && p->y < y + height + FLT_GRAPH_ROW_GAP / 2)
        {
          *below = p->y + p->height + FLT_GRAPH_ROW_GAP;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_bus (const FltGraphNodeImpl *node)
{
  return node->pub.kind == FLT_GRAPH_NODE_NETWORK || node->pub.kind == FLT_GRAPH_NODE_HOST;
}

static int
compare_by_centre (gconstpointer a,
                   gconstpointer b)
{
  const FltGraphNodeImpl *x = *(FltGraphNodeImpl * const *) a;
  const FltGraphNodeImpl *y = *(FltGraphNodeImpl * const *) b;
  double cx = x->pub.y + x->pub.height / 2, cy = y->pub.y + y->pub.height / 2;

  if (cx != cy)
    return cx < cy ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Each free bus gets a trunk: the host to its right, a network to its
 * left, in the gap between the columns; in one gap, the top network's
 * trunk is nearest to it. */
static void
assign_trunks (FltGraph     *self,
               Layout       *l,
               const double *column_x,
               const double *column_width)
{
  for (guint k = 0; k <= l->n_layers; k++)
    {
      g_autoptr(GPtrArray) networks = g_ptr_array_new ();
      guint n_hosts = 0;

      for (guint i = 0; i < l->elems->len; i++)
        {
          Elem *e = elem_at (l, i);

          if (e->node == NULL || !is_bus (e->node))
            continue;
          if (e->node->pub.kind == FLT_GRAPH_NODE_NETWORK && (guint) e->layer == k)
            g_ptr_array_add (networks, e->node);
          else if (e->node->pub.kind == FLT_GRAPH_NODE_HOST && (guint) e->layer + 1 == k)
            {
              e->node->has_trunk = TRUE;
              e->node->trunk_x = column_x[e->layer] + column_width[e->layer] + 24
                                 + n_hosts++ * FLT_GRAPH_TRUNK_SPACING;
            }
        }
      g_ptr_array_sort (networks, compare_by_centre);
      for (guint i = 0; i < networks->len; i++)
        {
          FltGraphNodeImpl *node = g_ptr_array_index (networks, i);

          node->has_trunk = TRUE;
          node->trunk_x = column_x[k] - 24 - i * FLT_GRAPH_TRUNK_SPACING;
        }
    }
  (void) self;
}

void
_flt_graph_run_layout (FltGraph *self,
                       gboolean  use_seeds)
{
  Layout l = { 0 };
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (self->nodes->len);
  g_autofree int *layer_map = NULL;
  g_autofree double *column_x = NULL;
  g_autofree double *column_width = NULL;
  g_autofree guint *node_elem = NULL;
  g_autofree GArray **chains = NULL;
  g_autofree GArray **old_via = NULL;
  g_autofree guint *gap_trunks = NULL;
  double min_y = G_MAXDOUBLE;
  double shift_x = 0, shift_y = 0;
  gboolean any_pinned = FALSE;
  int max_layer = 0;

  for (guint i = 0; i < self->nodes->len; i++)
    ((FltGraphNodeImpl *) g_ptr_array_index (self->nodes, i))->has_trunk = FALSE;

  /* Nodes laid out before keep their order: their place now is their
   * seed, unless one was given (set_project gives the previous graph's). */
  for (guint i = 0; use_seeds && i < self->nodes->len; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i);

      if (!node->laid_out)
        continue;
      node->has_seed = TRUE;
      node->seed = node->pub.y + node->pub.height / 2;
      node->seed_x = node->pub.x;
    }

  /* The previous ways through the columns seed the dummies. */
  old_via = g_new0 (GArray *, self->edges->len + 1);
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);

      if (edge->via->len > 0)
        {
          old_via[i] = edge->via;
          edge->via = g_array_new (FALSE, FALSE, sizeof (double));
        }
    }

  if (self->nodes->len == 0)
    {
      _flt_graph_route (self);
      return;
    }

  assign_layers (self);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (self->nodes, i);

      g_ptr_array_add (sorted, node);
      max_layer = MAX (max_layer, node->layer);
      any_pinned |= node->pub.pinned;
    }
  g_ptr_array_sort (sorted, compare_nodes_by_key);

  /* Columns that only pinned nodes would use are left out. */
  layer_map = g_new (int, max_layer + 1);
  for (int k = 0; k <= max_layer; k++)
    layer_map[k] = -1;
  for (guint i = 0; i < sorted->len; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (sorted, i);

      if (!node->pub.pinned)
        layer_map[node->layer] = 0;
    }
  for (int k = 0; k <= max_layer; k++)
    if (layer_map[k] == 0)
      layer_map[k] = l.n_layers++;

  l.elems = g_array_new (FALSE, FALSE, sizeof (Elem));
  l.layers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint k = 0; k < l.n_layers; k++)
    g_ptr_array_add (l.layers, g_array_new (FALSE, FALSE, sizeof (guint)));

  node_elem = g_new (guint, self->nodes->len);
  for (guint i = 0; i < sorted->len; i++)
    {
      FltGraphNodeImpl *node = g_ptr_array_index (sorted, i);
      guint e;

      node_elem[node->index] = G_MAXUINT;
      if (node->pub.pinned)
        continue;
      e = add_elem (&l, node, NULL, layer_map[node->layer], node->pub.height);
      node_elem[node->index] = e;
      if (use_seeds && node->has_seed)
        {
          elem_at (&l, e)->seeded = TRUE;
          elem_at (&l, e)->seed = node->seed;
          l.stable = TRUE;
        }
      g_array_append_val (g_ptr_array_index (l.layers, layer_map[node->layer]), e);
    }

  /* Edges between free nodes in different columns: a chain of dummies,
   * kept from the upper end down. */
  chains = g_new0 (GArray *, self->edges->len);
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);
      guint a = node_elem[edge->source->index], b = node_elem[edge->target->index];
      guint prev;
      int la, lb;

      if (a == G_MAXUINT || b == G_MAXUINT)
        continue;
      la = elem_at (&l, a)->layer;
      lb = elem_at (&l, b)->layer;
      if (la == lb)
        continue;
      if (la > lb)
        {
          guint t = a;
          int tl = la;

          a = b;
          b = t;
          la = lb;
          lb = tl;
        }
      chains[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      prev = a;
      for (int k = la + 1; k < lb; k++)
        {
          guint d = add_elem (&l, NULL, edge, k, 0);
          guint n_old = old_via[i] ? old_via[i]->len / 3 : 0;

          /* The same way as before, if the edge spans as many columns. */
          if (use_seeds && n_old == (guint) (lb - la - 1))
            {
              guint at = edge->source->layer > edge->target->layer ? lb - 1 - k : k - la - 1;

              elem_at (&l, d)->seeded = TRUE;
              elem_at (&l, d)->seed = g_array_index (old_via[i], double, 3 * at + 2);
            }

          g_array_append_val (g_ptr_array_index (l.layers, k), d);
          g_array_append_val (chains[i], d);
          link_elems (&l, prev, d);
          prev = d;
        }
      link_elems (&l, prev, b);
    }

  for (guint k = 0; k < l.n_layers; k++)
    initial_order (&l, g_ptr_array_index (l.layers, k), use_seeds);
  order_layers (&l);
  place_layers (&l);

  /* Columns: as wide as their widest card, a gap for labels between. */
  column_x = g_new0 (double, l.n_layers + 1);
  column_width = g_new0 (double, l.n_layers + 1);
  for (guint i = 0; i < l.elems->len; i++)
    {
      Elem *e = elem_at (&l, i);

      if (e->node != NULL)
        column_width[e->layer] = MAX (column_width[e->layer], e->node->pub.width);
      min_y = MIN (min_y, e->y - e->height / 2);
    }
  /* A gap holds the trunks of the buses beside it, and room for labels. */
  gap_trunks = g_new0 (guint, l.n_layers + 1);
  for (guint i = 0; i < l.elems->len; i++)
    {
      Elem *e = elem_at (&l, i);

      if (e->node == NULL || !is_bus (e->node))
        continue;
      if (e->node->pub.kind == FLT_GRAPH_NODE_HOST)
        gap_trunks[e->layer + 1]++;
      else
        gap_trunks[e->layer]++;
    }
  for (guint k = 1; k < l.n_layers; k++)
    column_x[k] = column_x[k - 1] + column_width[k - 1]
                  + MAX (FLT_GRAPH_COLUMN_GAP, 64 + gap_trunks[k] * FLT_GRAPH_TRUNK_SPACING);

  /* A fresh layout starts at the origin; a new one of an edited project
   * stays where the previous one was. */
  for (guint i = 0; i < l.elems->len; i++)
    {
      Elem *e = elem_at (&l, i);

      e->y = round (e->y - min_y - e->height / 2) + e->height / 2;
      if (e->node != NULL)
        {
          e->node->pub.x = round (column_x[e->layer] + (column_width[e->layer] - e->node->pub.width) / 2);
          e->node->pub.y = e->y - e->height / 2;
        }
    }
  if (use_seeds && median_shift (&l, &shift_x, &shift_y))
    {
      for (guint k = 0; k < l.n_layers; k++)
        column_x[k] += shift_x;
      for (guint i = 0; i < l.elems->len; i++)
        {
          Elem *e = elem_at (&l, i);

          e->y += shift_y;
          if (e->node != NULL)
            {
              e->node->pub.x += shift_x;
              e->node->pub.y += shift_y;
            }
        }
    }

  /* What moved by a hair stays put: no jitter on every edit. */
  if (use_seeds && l.stable)
    for (guint i = 0; i < l.elems->len; i++)
      {
        Elem *e = elem_at (&l, i);

        if (!e->seeded || fabs (e->y - e->seed) >= SNAP)
          continue;
        e->y = e->seed;
        if (e->node != NULL)
          {
            e->node->pub.y = e->seed - e->node->pub.height / 2;
            if (fabs (e->node->pub.x - e->node->seed_x) < SNAP)
              e->node->pub.x = e->node->seed_x;
          }
      }

  /* Pinned nodes are where they were put; free ones that would land on
   * one go below it, and the rest of their column with them. */
  for (guint k = 0; any_pinned && k < l.n_layers; k++)
    {
      GArray *layer = g_ptr_array_index (l.layers, k);
      double push = 0;

      for (guint i = 0; i < layer->len; i++)
        {
          Elem *e = elem_at (&l, g_array_index (layer, guint, i));
          double below;

          e->y += push;
          if (e->node == NULL)
            continue;
          e->node->pub.y += push;
          while (overlaps_pinned (self, e->node->pub.x, e->node->pub.y, e->node->pub.width,
                                  e->node->pub.height, &below))
            {
              push += below - e->node->pub.y;
              e->y += below - e->node->pub.y;
              e->node->pub.y = below;
            }
        }
    }

  assign_trunks (self, &l, column_x, column_width);

  /* The edges' way through the columns between their ends, stored from
   * source to target as (entry x, exit x, y). */
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);
      gboolean reversed;
      guint n;

      if (chains[i] == NULL)
        continue;
      n = chains[i]->len;
      reversed = edge->source->layer > edge->target->layer;
      for (guint k = 0; k < n; k++)
        {
          Elem *d = elem_at (&l, g_array_index (chains[i], guint, reversed ? n - 1 - k : k));
          double left = column_x[d->layer], right = left + column_width[d->layer];
          double triple[3] = { reversed ? right : left, reversed ? left : right, round (d->y) };

          g_array_append_vals (edge->via, triple, 3);
        }
      g_array_unref (chains[i]);
    }

  for (guint i = 0; i < self->edges->len; i++)
    g_clear_pointer (&old_via[i], g_array_unref);
  for (guint i = 0; i < self->nodes->len; i++)
    ((FltGraphNodeImpl *) g_ptr_array_index (self->nodes, i))->laid_out = TRUE;
  layout_clear (&l);
  _flt_graph_route (self);
}

/* ----------------------------------------------------------------------
 * Routing: anchors, polylines, labels, bounds
 * ---------------------------------------------------------------------- */

typedef struct
{
  FltGraphEdgeImpl *edge;
  gboolean at_source;
  FltGraphSide side;
  double toward;               /* along the side: where the edge heads */
  double anchor_x, anchor_y;
} End;

static void
centre (const FltGraphNode *n,
        double             *x,
        double             *y)
{
  *x = n->x + n->width / 2;
  *y = n->y + n->height / 2;
}

/* For an edge drawn straight: which sides its ends use. */
static void
direct_sides (const FltGraphNode *a,
              const FltGraphNode *b,
              FltGraphSide       *side_a,
              FltGraphSide       *side_b)
{
  if (b->x >= a->x + a->width)
    {
      *side_a = FLT_GRAPH_SIDE_RIGHT;
      *side_b = FLT_GRAPH_SIDE_LEFT;
    }
  else if (a->x >= b->x + b->width)
    {
      *side_a = FLT_GRAPH_SIDE_LEFT;
      *side_b = FLT_GRAPH_SIDE_RIGHT;
    }
  else if (b->y >= a->y + a->height / 2)
    {
      *side_a = FLT_GRAPH_SIDE_BOTTOM;
      *side_b = FLT_GRAPH_SIDE_TOP;
    }
  else
    {
      *side_a = FLT_GRAPH_SIDE_TOP;
      *side_b = FLT_GRAPH_SIDE_BOTTOM;
    }
}

static int
compare_ends (gconstpointer a,
              gconstpointer b)
{
  const End *x = a, *y = b;
  const FltGraphNodeImpl *nx = x->at_source ? x->edge->source : x->edge->target;
  const FltGraphNodeImpl *ny = y->at_source ? y->edge->source : y->edge->target;

  if (nx != ny)
    return nx->index < ny->index ? -1 : 1;
  if (x->side != y->side)
    return x->side < y->side ? -1 : 1;
  if (x->toward != y->toward)
    return x->toward < y->toward ? -1 : 1;
  /* Same direction: keep the edges' own order (ports as written). */
  if (x->edge->index != y->edge->index)
    return x->edge->index < y->edge->index ? -1 : 1;
  return x->at_source ? -1 : y->at_source;
}

static FltGraphNodeImpl *trunk_bus (const FltGraphEdgeImpl *edge,
                                    gboolean               *at_source);

static void
spread_anchors (End   *ends,
                guint  n)
{
  const FltGraphNodeImpl *node = ends[0].at_source ? ends[0].edge->source : ends[0].edge->target;
  const FltGraphNode *p = &node->pub;
  gboolean vertical_side = ends[0].side == FLT_GRAPH_SIDE_LEFT || ends[0].side == FLT_GRAPH_SIDE_RIGHT;
  double length = vertical_side ? p->height : p->width;
  double spacing = n > 1 ? MIN (FLT_GRAPH_ANCHOR_SPACING, (length - 16) / (n - 1)) : 0;
  gboolean at_trunk = FALSE, at_source;

  /* A bus's edges all meet at one point, where its trunk comes in. */
  for (guint i = 0; i < n; i++)
    at_trunk |= trunk_bus (ends[i].edge, &at_source) == node;
  if (at_trunk && vertical_side)
    spacing = 0;

  for (guint i = 0; i < n; i++)
    {
      double along = (i - (n - 1) / 2.0) * spacing;

      switch (ends[i].side)
        {
        case FLT_GRAPH_SIDE_RIGHT:
          ends[i].anchor_x = p->x + p->width;
          ends[i].anchor_y = p->y + p->height / 2 + along;
          break;
        case FLT_GRAPH_SIDE_LEFT:
          ends[i].anchor_x = p->x;
          ends[i].anchor_y = p->y + p->height / 2 + along;
          break;
        case FLT_GRAPH_SIDE_TOP:
          ends[i].anchor_x = p->x + p->width / 2 + along;
          ends[i].anchor_y = p->y;
          break;
        case FLT_GRAPH_SIDE_BOTTOM:
        default:
          ends[i].anchor_x = p->x + p->width / 2 + along;
          ends[i].anchor_y = p->y + p->height;
          break;
        }
    }
}

static gboolean
edge_is_direct (const FltGraphEdgeImpl *edge)
{
  return edge->via->len == 0
      && (edge->source->pub.pinned || edge->target->pub.pinned
          || edge->source->layer == edge->target->layer);
}

void
_flt_graph_edge_segment_sides (const FltGraphEdgeImpl *edge,
                               guint                   segment,
                               FltGraphSide           *start,
                               FltGraphSide           *end)
{
  const double *p = edge->pub.points;
  guint last = edge->pub.n_points - 2;
  double dx = p[2 * segment + 2] - p[2 * segment];
  double dy = p[2 * segment + 3] - p[2 * segment + 1];

  if (fabs (dx) < 0.5 && segment != 0 && segment != last)
    {
      /* Along a trunk. */
      *start = dy >= 0 ? FLT_GRAPH_SIDE_BOTTOM : FLT_GRAPH_SIDE_TOP;
      *end = dy >= 0 ? FLT_GRAPH_SIDE_TOP : FLT_GRAPH_SIDE_BOTTOM;
      return;
    }
  *start = segment == 0 ? edge->start_side : (dx >= 0 ? FLT_GRAPH_SIDE_RIGHT : FLT_GRAPH_SIDE_LEFT);
  *end = segment == last ? edge->end_side : (dx >= 0 ? FLT_GRAPH_SIDE_LEFT : FLT_GRAPH_SIDE_RIGHT);
}

void
_flt_graph_segment_controls (double        x0,
                             double        y0,
                             FltGraphSide  start,
                             double        x1,
                             double        y1,
                             FltGraphSide  end,
                             double       *c1x,
                             double       *c1y,
                             double       *c2x,
                             double       *c2y)
{
  double dx = fabs (x1 - x0), dy = fabs (y1 - y0);
  double h = MAX (dx / 2, MIN (48, dy / 2 + 8));
  double v = MAX (dy / 2, MIN (48, dx / 2 + 8));

  /* A straight run stays straight. */
  if ((dy < 0.5 && (start == FLT_GRAPH_SIDE_RIGHT || start == FLT_GRAPH_SIDE_LEFT))
      || (dx < 0.5 && (start == FLT_GRAPH_SIDE_TOP || start == FLT_GRAPH_SIDE_BOTTOM)))
    {
      *c1x = x0;
      *c1y = y0;
      *c2x = x1;
      *c2y = y1;
      return;
    }

  *c1x = x0;
  *c1y = y0;
  switch (start)
    {
    case FLT_GRAPH_SIDE_RIGHT: *c1x = x0 + h; break;
    case FLT_GRAPH_SIDE_LEFT: *c1x = x0 - h; break;
    case FLT_GRAPH_SIDE_TOP: *c1y = y0 - v; break;
    case FLT_GRAPH_SIDE_BOTTOM: default: *c1y = y0 + v; break;
    }
  *c2x = x1;
  *c2y = y1;
  switch (end)
    {
    case FLT_GRAPH_SIDE_RIGHT: *c2x = x1 + h; break;
    case FLT_GRAPH_SIDE_LEFT: *c2x = x1 - h; break;
    case FLT_GRAPH_SIDE_TOP: *c2y = y1 - v; break;
    case FLT_GRAPH_SIDE_BOTTOM: default: *c2y = y1 + v; break;
    }
}

/* The label sits on the gap next to the end it says something about: a
 * port's next to the service, a mount's path next to the service, the
 * rest next to the source. */
static void
place_label (FltGraphEdgeImpl *edge)
{
  const double *p = edge->pub.points;
  guint n = edge->pub.n_points;
  guint segment = 0;

  if (n < 2)
    return;
  if (edge->pub.kind == FLT_GRAPH_EDGE_PORT)
    segment = n - 2;
  edge->label_x = (p[2 * segment] + p[2 * segment + 2]) / 2;
  edge->label_y = (p[2 * segment + 1] + p[2 * segment + 3]) / 2;
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const FltGraphEdgeImpl *x = *(FltGraphEdgeImpl * const *) a;
  const FltGraphEdgeImpl *y = *(FltGraphEdgeImpl * const *) b;

  if (x->label_y != y->label_y)
    return x->label_y < y->label_y ? -1 : 1;
  if (x->label_x != y->label_x)
    return x->label_x < y->label_x ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* About how wide the renderer draws a label (10.5 px text, a pill around
 * it, ellipsized to fit a gap): near enough to keep labels apart. */
static double
label_width (const FltGraphEdgeImpl *edge)
{
  double chars = g_utf8_strlen (edge->pub.label, -1) + (edge->pub.read_only ? 5 : 0);

  return MIN (FLT_GRAPH_COLUMN_GAP - 14, 6.2 * chars + 12);
}

/* Labels that would overlap are moved up or down a row, as little as
 * will do; one that would end too far from its edge says the wrong
 * thing, so where too many crowd, those go (the tooltips still say
 * them). */
static void
separate_labels (FltGraph *self)
{
  g_autoptr(GPtrArray) labelled = g_ptr_array_new ();
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (double) * 4);
  const double row = FLT_GRAPH_LABEL_HEIGHT + 4;

  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);

      edge->label_hidden = FALSE;
      if (edge->pub.label != NULL && edge->pub.n_points >= 2)
        g_ptr_array_add (labelled, edge);
    }
  g_ptr_array_sort (labelled, compare_labels);

  for (guint i = 0; i < labelled->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (labelled, i);
      double half = label_width (edge) / 2;
      gboolean found = FALSE;

      for (int step = 0; !found && step * row / 2 <= MAX_LABEL_SHIFT; step++)
        {
          /* 0, +1, -1, +2, -2… rows. */
          double y = edge->label_y + (step % 2 ? 1 : -1) * ((step + 1) / 2) * row;
          double box[4] = { edge->label_x - half, y - row / 2, edge->label_x + half, y + row / 2 };
          gboolean clear = TRUE;

          for (guint k = 0; clear && k < placed->len; k++)
            {
              const double *other = (const double *) placed->data + 4 * k;

              clear = box[2] <= other[0] || other[2] <= box[0] || box[3] <= other[1] || other[3] <= box[1];
            }
          if (clear)
            {
              edge->label_y = y;
              g_array_append_vals (placed, box, 1);
              found = TRUE;
            }
        }
      edge->label_hidden = !found;
    }
}

static void
update_bounds (FltGraph *self)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const FltGraphNode *n = g_ptr_array_index (self->nodes, i);

      x0 = MIN (x0, n->x);
      y0 = MIN (y0, n->y);
      x1 = MAX (x1, n->x + n->width);
      y1 = MAX (y1, n->y + n->height);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, i);

      for (guint k = 0; k + 1 < edge->pub.n_points; k++)
        {
          const double *p = edge->pub.points + 2 * k;
          double c1x, c1y, c2x, c2y;
          FltGraphSide start, end;

          _flt_graph_edge_segment_sides (edge, k, &start, &end);
          _flt_graph_segment_controls (p[0], p[1], start, p[2], p[3], end, &c1x, &c1y, &c2x, &c2y);
          /* A Bézier stays within the hull of its control points. */
          x0 = MIN (x0, MIN (MIN (p[0], p[2]), MIN (c1x, c2x)));
          x1 = MAX (x1, MAX (MAX (p[0], p[2]), MAX (c1x, c2x)));
          y0 = MIN (y0, MIN (MIN (p[1], p[3]), MIN (c1y, c2y)));
          y1 = MAX (y1, MAX (MAX (p[1], p[3]), MAX (c1y, c2y)));
        }
      if (edge->pub.label != NULL && edge->pub.n_points >= 2 && !edge->label_hidden)
        {
          /* Labels are short; the renderer ellipsizes them at this width. */
          double half = MIN (FLT_GRAPH_COLUMN_GAP - 16, 7.0 * g_utf8_strlen (edge->pub.label, -1) + 12) / 2;

          x0 = MIN (x0, edge->label_x - half);
          x1 = MAX (x1, edge->label_x + half);
          y0 = MIN (y0, edge->label_y - FLT_GRAPH_LABEL_HEIGHT / 2);
          y1 = MAX (y1, edge->label_y + FLT_GRAPH_LABEL_HEIGHT / 2);
        }
    }

  if (x0 > x1)
    {
      memset (self->bounds, 0, sizeof self->bounds);
      return;
    }
  self->bounds[0] = x0;
  self->bounds[1] = y0;
  self->bounds[2] = x1 - x0;
  self->bounds[3] = y1 - y0;
}

/* The bus whose trunk @edge runs along, if any: a bus with a trunk at
 * one end, and the other end laid out in a column on the trunk's side. */
static FltGraphNodeImpl *
trunk_bus (const FltGraphEdgeImpl *edge,
           gboolean               *at_source)
{
  FltGraphNodeImpl *ends[2] = { edge->source, edge->target };

  if (edge_is_direct (edge))
    return NULL;
  for (int i = 0; i < 2; i++)
    {
      FltGraphNodeImpl *bus = ends[i], *other = ends[1 - i];

      if (!bus->has_trunk || other->pub.pinned)
        continue;
      if ((bus->pub.kind == FLT_GRAPH_NODE_HOST && other->layer > bus->layer)
          || (bus->pub.kind == FLT_GRAPH_NODE_NETWORK && other->layer < bus->layer))
        {
          *at_source = i == 0;
          return bus;
        }
    }
  return NULL;
}

/* The points: the anchors, through the columns between, and along the
 * bus's trunk where there is one. */
static void
build_polyline (FltGraphEdgeImpl *edge)
{
  guint nv = edge->via->len / 3;
  gboolean bus_at_source = FALSE;
  FltGraphNodeImpl *bus = trunk_bus (edge, &bus_at_source);
  guint n = 2 + 2 * nv + (bus ? 2 : 0);
  double *p;
  guint at = 0;

  if (edge->pub.n_points != n)
    {
      g_free (edge->pub.points);
      edge->pub.points = g_new0 (double, 2 * n);
      edge->pub.n_points = n;
    }
  p = edge->pub.points;
  edge->bus = bus;
  edge->trunk_segment = -1;

#define ADD(px, py) G_STMT_START { p[2 * at] = (px); p[2 * at + 1] = (py); at++; } G_STMT_END

  ADD (edge->start_x, edge->start_y);
  if (bus != NULL && bus_at_source)
    {
      double next_y = nv > 0 ? g_array_index (edge->via, double, 2) : edge->end_y;

      ADD (bus->trunk_x, edge->start_y);
      edge->trunk_segment = at - 1;
      ADD (bus->trunk_x, next_y);
    }
  for (guint v = 0; v < nv; v++)
    {
      const double *t = (const double *) edge->via->data + 3 * v;

      /* Straight through a column, in the direction of travel. */
      ADD (t[0], t[2]);
      ADD (t[1], t[2]);
    }
  if (bus != NULL && !bus_at_source)
    {
      double last_y = p[2 * at - 1];

      ADD (bus->trunk_x, last_y);
      edge->trunk_segment = at - 1;
      ADD (bus->trunk_x, edge->end_y);
    }
  ADD (edge->end_x, edge->end_y);

#undef ADD
}

/* Recomputes every edge's polyline from the nodes' positions and the
 * ways through the columns that the last layout found. */
void
_flt_graph_route (FltGraph *self)
{
  guint n_edges = self->edges->len;
  g_autoptr(GArray) ends = g_array_sized_new (FALSE, FALSE, sizeof (End), 2 * n_edges);
  guint i = 0;

  for (guint k = 0; k < n_edges; k++)
    ((FltGraphEdgeImpl *) g_ptr_array_index (self->edges, k))->index = k;

  for (guint k = 0; k < n_edges; k++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (self->edges, k);
      const FltGraphNode *s = &edge->source->pub, *t = &edge->target->pub;
      End a = { edge, TRUE }, b = { edge, FALSE };
      double sx, sy, tx, ty;

      if (edge_is_direct (edge) || edge->via->len == 0)
        {
          if (edge_is_direct (edge))
            direct_sides (s, t, &a.side, &b.side);
          else if (edge->source->layer < edge->target->layer)
            {
              a.side = FLT_GRAPH_SIDE_RIGHT;
              b.side = FLT_GRAPH_SIDE_LEFT;
            }
          else
            {
              a.side = FLT_GRAPH_SIDE_LEFT;
              b.side = FLT_GRAPH_SIDE_RIGHT;
            }
          centre (s, &sx, &sy);
          centre (t, &tx, &ty);
          a.toward = a.side == FLT_GRAPH_SIDE_LEFT || a.side == FLT_GRAPH_SIDE_RIGHT ? ty : tx;
          b.toward = b.side == FLT_GRAPH_SIDE_LEFT || b.side == FLT_GRAPH_SIDE_RIGHT ? sy : sx;
        }
      else
        {
          const double *v = (const double *) edge->via->data;
          guint nv = edge->via->len / 3;
          gboolean rightwards = v[1] >= v[0];

          a.side = rightwards ? FLT_GRAPH_SIDE_RIGHT : FLT_GRAPH_SIDE_LEFT;
          b.side = rightwards ? FLT_GRAPH_SIDE_LEFT : FLT_GRAPH_SIDE_RIGHT;
          a.toward = v[2];
          b.toward = v[3 * (nv - 1) + 2];
        }
      g_array_append_val (ends, a);
      g_array_append_val (ends, b);
    }

  g_array_sort (ends, compare_ends);
  while (i < ends->len)
    {
      End *first = &g_array_index (ends, End, i);
      guint j = i + 1;

      while (j < ends->len)
        {
          End *e = &g_array_index (ends, End, j);

          if (e->side != first->side
              || (e->at_source ? e->edge->source : e->edge->target)
                 != (first->at_source ? first->edge->source : first->edge->target))
            break;
          j++;
        }
      spread_anchors (first, j - i);
      i = j;
    }

  for (guint k = 0; k < ends->len; k++)
    {
      End *e = &g_array_index (ends, End, k);

      if (e->at_source)
        {
          e->edge->start_x = e->anchor_x;
          e->edge->start_y = e->anchor_y;
          e->edge->start_side = e->side;
        }
      else
        {
          e->edge->end_x = e->anchor_x;
          e->edge->end_y = e->anchor_y;
          /* The side it enters by; for the curve that is the side's
           * outward direction, as at the start. */
          e->edge->end_side = e->side;
        }
    }

  for (guint k = 0; k < n_edges; k++)
    build_polyline (g_ptr_array_index (self->edges, k));

  _flt_graph_place_labels (self);
}

/* The labels' places, again: after a route, or when their words change
 * (live addresses are longer than the file's aliases). */
void
_flt_graph_place_labels (FltGraph *self)
{
  self->edges_serial++;
  for (guint k = 0; k < self->edges->len; k++)
    place_label (g_ptr_array_index (self->edges, k));
  separate_labels (self);
  update_bounds (self);
}
