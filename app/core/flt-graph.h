/* flt-graph.h: the project as a graph of services, networks, volumes and the host
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "flt-project.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_GRAPH_NODE_SERVICE,
  FLT_GRAPH_NODE_NETWORK,
  FLT_GRAPH_NODE_VOLUME,
  FLT_GRAPH_NODE_HOST,
} FltGraphNodeKind;

typedef enum
{
  FLT_GRAPH_EDGE_NETWORK,     /* service — network, label: IP + aliases */
  FLT_GRAPH_EDGE_DEPENDS_ON,  /* service → service, label: condition */
  FLT_GRAPH_EDGE_LINK,        /* service → service, label: alias */
  FLT_GRAPH_EDGE_MOUNT,       /* service — volume, label: target, read_only flag */
  FLT_GRAPH_EDGE_PORT,        /* host → service, label "5000 → 5000/tcp" */
} FltGraphEdgeKind;

typedef enum
{
  FLT_GRAPH_STATE_UNKNOWN,    /* drawn from the file only */
  FLT_GRAPH_STATE_CREATED,
  FLT_GRAPH_STATE_STARTING,
  FLT_GRAPH_STATE_RUNNING,
  FLT_GRAPH_STATE_HEALTHY,
  FLT_GRAPH_STATE_UNHEALTHY,
  FLT_GRAPH_STATE_RESTARTING,
  FLT_GRAPH_STATE_PAUSED,
  FLT_GRAPH_STATE_EXITED,
  FLT_GRAPH_STATE_DEAD,
  FLT_GRAPH_STATE_FAILED,     /* exited with a code other than 0, or killed for memory */
} FltGraphState;

/* One container of a service: a badge on its card. */
typedef struct
{
  char *container_id;
  char *name;
  int number;
  FltGraphState state;
} FltGraphReplica;

typedef struct
{
  char *id;                    /* stable: "service:web", "network:default", "volume:esdata", "host" */
  FltGraphNodeKind kind;
  char *name;                  /* service / network / volume name as the file says */
  char *detail;                /* image for services; "bridge · 172.18.0.0/16" for networks; driver for volumes */
  FltGraphState state;         /* the service's overall state (worst replica) */
  GPtrArray *replicas;         /* FltGraphReplica, services only, empty before the project runs */
  gboolean orphan;             /* a container of the project not in the file */
  gboolean external;           /* external network/volume */
  double x, y, width, height;  /* after layout, graph coordinates (top-left, size) */
  gboolean pinned;             /* moved by the user; layout keeps it */
} FltGraphNode;

typedef struct
{
  char *source_id;
  char *target_id;
  FltGraphEdgeKind kind;
  char *label;                 /* may be NULL */
  gboolean read_only;          /* mounts */
  /* after layout: a polyline in graph coordinates */
  guint n_points;
  double *points;              /* x0,y0,x1,y1,... */
} FltGraphEdge;

#define FLT_TYPE_GRAPH (flt_graph_get_type ())
G_DECLARE_FINAL_TYPE (FltGraph, flt_graph, FLT, GRAPH, GObject)

FltGraph           *flt_graph_new                (FltProject       *project);
void                flt_graph_set_project        (FltGraph         *self,
                                                  FltProject       *project);
FltProject         *flt_graph_get_project        (FltGraph         *self);
guint               flt_graph_get_n_nodes        (FltGraph         *self);
const FltGraphNode *flt_graph_get_node           (FltGraph         *self,
                                                  guint             index);
const FltGraphNode *flt_graph_lookup_node        (FltGraph         *self,
                                                  const char       *id);
guint               flt_graph_get_n_edges        (FltGraph         *self);
const FltGraphEdge *flt_graph_get_edge           (FltGraph         *self,
                                                  guint             index);
void                flt_graph_layout             (FltGraph         *self);
void                flt_graph_move_node          (FltGraph         *self,
                                                  const char       *id,
                                                  double            x,
                                                  double            y);
void                flt_graph_unpin_all          (FltGraph         *self);
void                flt_graph_get_bounds         (FltGraph         *self,
                                                  double           *x,
                                                  double           *y,
                                                  double           *width,
                                                  double           *height);
const FltGraphNode *flt_graph_hit_node           (FltGraph         *self,
                                                  double            x,
                                                  double            y);

/* Live state, kept by app/engine/flt-graph-live.c; plain setters so that
 * the core tests can drive them without an engine.  Between freeze and
 * thaw, changes are collected and "changed"/"state-changed" fire once. */
void                flt_graph_freeze             (FltGraph         *self);
void                flt_graph_thaw               (FltGraph         *self);
void                flt_graph_set_live           (FltGraph         *self,
                                                  gboolean          live);
gboolean            flt_graph_get_live           (FltGraph         *self);
guint               flt_graph_get_edges_serial   (FltGraph         *self);
void                flt_graph_set_replicas       (FltGraph         *self,
                                                  const char       *service,
                                                  GPtrArray        *replicas);
void                flt_graph_set_edge_label     (FltGraph         *self,
                                                  const char       *source_id,
                                                  const char       *target_id,
                                                  FltGraphEdgeKind  kind,
                                                  const char       *label);
void                flt_graph_set_network_detail (FltGraph         *self,
                                                  const char       *network,
                                                  const char       *detail);
void                flt_graph_add_orphan         (FltGraph         *self,
                                                  const char       *service,
                                                  GPtrArray        *replicas);
void                flt_graph_remove_orphan      (FltGraph         *self,
                                                  const char       *service);
void                flt_graph_clear_live         (FltGraph         *self);

char               *flt_graph_to_dot             (FltGraph         *self);

/* Beyond the contract: what the view needs besides (see graph-notes.md). */
FltGraphReplica    *flt_graph_replica_new        (const char       *container_id,
                                                  const char       *name,
                                                  int               number,
                                                  FltGraphState     state);
void                flt_graph_replica_free       (FltGraphReplica  *replica);
const FltGraphEdge *flt_graph_hit_edge           (FltGraph         *self,
                                                  double            x,
                                                  double            y,
                                                  double            tolerance);
const char         *flt_graph_state_to_string    (FltGraphState     state);
const char         *flt_graph_edge_kind_to_string (FltGraphEdgeKind kind);
char               *flt_graph_dup_node_tooltip   (FltGraph         *self,
                                                  const char       *id);
char               *flt_graph_dup_edge_tooltip   (FltGraph           *self,
                                                  const FltGraphEdge *edge);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltGraphReplica, flt_graph_replica_free)

G_END_DECLS
