/* flt-stack.h: a project deployed to a Docker Swarm as a stack, as
 * `docker stack deploy`, `ps` and `rm` do it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-core.h"
#include "flt-engine.h"
#include "flt-log-follower.h"
#include "flt-runner.h"
#include "flt-stack-spec.h"

G_BEGIN_DECLS

/**
 * FltSwarmRole:
 * @FLT_SWARM_NONE: the engine is in no Swarm
 * @FLT_SWARM_WORKER: a worker node: it runs tasks but cannot deploy
 * @FLT_SWARM_MANAGER: a manager node: stacks are deployed here
 * @FLT_SWARM_UNAVAILABLE: joining, locked or in error
 */
typedef enum
{
  FLT_SWARM_NONE,
  FLT_SWARM_WORKER,
  FLT_SWARM_MANAGER,
  FLT_SWARM_UNAVAILABLE,
} FltSwarmRole;

/**
 * FltTaskState:
 *
 * A Swarm task's state, in the order Swarm moves through them; everything
 * from %FLT_TASK_COMPLETE on is final.
 */
typedef enum
{
  FLT_TASK_NEW,
  FLT_TASK_ALLOCATED,
  FLT_TASK_PENDING,
  FLT_TASK_ASSIGNED,
  FLT_TASK_ACCEPTED,
  FLT_TASK_PREPARING,
  FLT_TASK_READY,
  FLT_TASK_STARTING,
  FLT_TASK_RUNNING,
  FLT_TASK_COMPLETE,
  FLT_TASK_SHUTDOWN,
  FLT_TASK_FAILED,
  FLT_TASK_REJECTED,
  FLT_TASK_REMOVE,
  FLT_TASK_ORPHANED,
  FLT_TASK_UNKNOWN,
} FltTaskState;

/**
 * FltStackTask:
 * @id: the task's ID
 * @service: the compose service: the Swarm service's name without
 *   "<stack>_"
 * @service_id: the Swarm service's ID
 * @slot: the replica's number, from 1; 0 for global services (one task
 *   per node)
 * @node_id: the node it is on, or %NULL while unassigned
 * @node: that node's hostname (its ID when the node is gone)
 * @desired: what Swarm wants it to be
 * @state: what it is
 * @message: Swarm's word on the state ("started")
 * @error: (nullable): why it failed or was rejected
 * @container_id: (nullable): its container, once made
 * @exit_code: the container's exit code
 * @timestamp: Unix microseconds of the last state change
 * @image: the image it runs
 * @ports: (nullable): host-mode ports it published: "*:32768->5000/tcp"
 */
typedef struct
{
  char *id;
  char *service;
  char *service_id;
  int slot;
  char *node_id;
  char *node;
  FltTaskState desired;
  FltTaskState state;
  char *message;
  char *error;
  char *container_id;
  int exit_code;
  gint64 timestamp;
  char *image;
  char *ports;
} FltStackTask;

/**
 * FltStackService:
 * @id: the Swarm service's ID
 * @name: its name, "<stack>_<service>"
 * @service: the compose service's name
 * @version: the version index an update must name
 * @image: the image it runs
 * @global: one task per node rather than replicas
 * @replicas: the tasks it should have running
 * @running: the tasks it has running
 * @ports: (nullable): its published ports: "*:8080->80/tcp"
 * @update_state: (nullable): a rolling update's state ("updating",
 *   "completed", "paused"…)
 * @update_message: (nullable): what the update says about itself
 */
typedef struct
{
  char *id;
  char *name;
  char *service;
  guint64 version;
  char *image;
  gboolean global;
  guint replicas;
  guint running;
  char *ports;
  char *update_state;
  char *update_message;
} FltStackService;

/**
 * FltStackDeployOptions:
 * @prune: remove the stack's services that the file no longer has;
 *   without it they keep running, as with `docker stack deploy`
 * @wait: return once every service runs its tasks of the new spec, as
 *   `docker stack deploy --detach=false` does
 * @timeout: seconds to wait; 0 for five minutes
 */
typedef struct
{
  gboolean prune;
  gboolean wait;
  guint timeout;
} FltStackDeployOptions;

void          flt_stack_task_free            (FltStackTask        *task);
void          flt_stack_service_free         (FltStackService     *service);
const char   *flt_task_state_to_string       (FltTaskState         state);
const char   *flt_task_state_describe        (FltTaskState         state);
FltTaskState  flt_task_state_from_string     (const char          *text);
gboolean      flt_task_state_is_final        (FltTaskState         state);

FltSwarmRole  flt_swarm_get_role             (FltEngine           *engine,
                                              GCancellable        *cancellable,
                                              GError             **error);
void          flt_swarm_get_role_async       (FltEngine           *engine,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
FltSwarmRole  flt_swarm_get_role_finish      (FltEngine           *engine,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean      flt_swarm_check_manager        (FltEngine           *engine,
                                              GCancellable        *cancellable,
                                              GError             **error);

#define FLT_TYPE_STACK (flt_stack_get_type ())
G_DECLARE_FINAL_TYPE (FltStack, flt_stack, FLT, STACK, GObject)

FltStack     *flt_stack_new                  (FltEngine           *engine,
                                              FltProject          *project,
                                              const char          *name);
const char   *flt_stack_get_name             (FltStack            *self);
FltEngine    *flt_stack_get_engine           (FltStack            *self);
FltProject   *flt_stack_get_project          (FltStack            *self);
void          flt_stack_set_progress_func    (FltStack            *self,
                                              FltProgressFunc      func,
                                              gpointer             user_data,
                                              GDestroyNotify       destroy);

/* Blocking; for worker threads and the command line. */
gboolean      flt_stack_deploy               (FltStack            *self,
                                              const FltStackDeployOptions *options,
                                              GCancellable        *cancellable,
                                              GError             **error);
gboolean      flt_stack_remove               (FltStack            *self,
                                              GCancellable        *cancellable,
                                              GError             **error);
GPtrArray    *flt_stack_list_services        (FltStack            *self,
                                              GCancellable        *cancellable,
                                              GError             **error);
GPtrArray    *flt_stack_list_tasks           (FltStack            *self,
                                              gboolean             all,
                                              GCancellable        *cancellable,
                                              GError             **error);
gboolean      flt_stack_logs                 (FltStack            *self,
                                              const FltLogOptions *options,
                                              FltLogFunc           func,
                                              gpointer             user_data,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* The same in a worker thread; progress arrives in the caller's
 * thread-default main context. */
void          flt_stack_deploy_async         (FltStack            *self,
                                              const FltStackDeployOptions *options,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      flt_stack_deploy_finish        (FltStack            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void          flt_stack_remove_async         (FltStack            *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      flt_stack_remove_finish        (FltStack            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void          flt_stack_list_tasks_async     (FltStack            *self,
                                              gboolean             all,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray    *flt_stack_list_tasks_finish    (FltStack            *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltStackTask, flt_stack_task_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltStackService, flt_stack_service_free)

G_END_DECLS
