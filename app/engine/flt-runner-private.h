/* flt-runner-private.h: what the runner's files share
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-container-spec.h"
#include "flt-runner.h"

G_BEGIN_DECLS

struct _FltRunner
{
  GObject parent_instance;

  FltEngine *engine;
  FltProject *project;

  GMutex progress_lock;
  FltProgressFunc progress_func;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
};

/* One operation's state, shared by the threads that work on it. */
typedef struct
{
  FltRunner *runner;
  FltEngine *engine;
  FltProject *project;
  GCancellable *cancellable;

  FltProgressFunc progress_func;
  gpointer progress_data;
  GMainContext *deliver_to;  /* NULL: report from the working thread */
  GMutex progress_lock;

  GMutex lock;
  GHashTable *containers;   /* service → GPtrArray of FltContainerInfo, by number */
  GHashTable *image_ids;    /* service → image ID */
  GPtrArray *orphans;       /* FltContainerInfo */

  /* While up converges and starts at once: service name → whether its
   * containers were made (TRUE) or could not be (FALSE); NULL otherwise.
   * Guarded by lock; converged_changed is signalled on every entry. */
  GHashTable *converged;
  GCond converged_changed;
} FltOperation;

FltOperation *_flt_operation_new            (FltRunner           *runner,
                                             GMainContext        *deliver_to,
                                             GCancellable        *cancellable);
void          _flt_operation_free           (FltOperation        *op);
gboolean      _flt_operation_list           (FltOperation        *op,
                                             gboolean             include_oneoff,
                                             GError             **error);
GPtrArray    *_flt_operation_containers_of  (FltOperation        *op,
                                             const char          *service);
char         *_flt_operation_lookup         (const char          *service,
                                             gpointer             user_data);
gboolean      _flt_operation_wait_converged (FltOperation        *op,
                                             const char          *service);
void          _flt_operation_set_converged  (FltOperation        *op,
                                             const char          *service,
                                             gboolean             made);

void          _flt_runner_progress          (FltOperation        *op,
                                             FltProgressState     state,
                                             const char          *kind,
                                             const char          *name,
                                             const char          *service,
                                             double               fraction,
                                             const char          *format,
                                             ...) G_GNUC_PRINTF (7, 8);

FltPlan      *_flt_plan_new                 (void);
FltPlan      *_flt_runner_plan              (FltRunner           *self,
                                             const FltUpOptions  *options,
                                             GMainContext        *deliver_to,
                                             GCancellable        *cancellable,
                                             GError             **error);
gboolean      _flt_runner_up                (FltRunner           *self,
                                             const FltUpOptions  *options,
                                             GMainContext        *deliver_to,
                                             GCancellable        *cancellable,
                                             GError             **error);
gboolean      _flt_runner_command           (FltRunner           *self,
                                             FltRunnerCommand     command,
                                             const char * const  *services,
                                             int                  timeout,
                                             GMainContext        *deliver_to,
                                             GCancellable        *cancellable,
                                             GError             **error);
gboolean      _flt_runner_down              (FltRunner           *self,
                                             const FltDownOptions *options,
                                             GMainContext        *deliver_to,
                                             GCancellable        *cancellable,
                                             GError             **error);
GPtrArray    *_flt_runner_targets           (FltRunner           *self,
                                             const char * const  *services,
                                             gboolean             with_dependencies,
                                             GError             **error);
GPtrArray    *_flt_runner_levels            (FltRunner           *self,
                                             GPtrArray           *targets);
GStrv         _flt_runner_create_dependencies (FltService        *service);
FltContainerInfo *_flt_runner_recreate_container (FltOperation   *op,
                                                 FltService     *service,
                                                 FltContainerInfo *old,
                                                 GError        **error);

/* flt-runner-resources.c */
gboolean      _flt_runner_ensure_images     (FltOperation        *op,
                                             GPtrArray           *targets,
                                             const FltUpOptions  *options,
                                             FltPlan             *plan,
                                             GError             **error);
gboolean      _flt_runner_build_image       (FltOperation        *op,
                                             FltService          *service,
                                             GError             **error);
gboolean      _flt_runner_pull_image        (FltOperation        *op,
                                             FltService          *service,
                                             GError             **error);
gboolean      _flt_runner_ensure_networks   (FltOperation        *op,
                                             GPtrArray           *targets,
                                             FltPlan             *plan,
                                             GError             **error);
gboolean      _flt_runner_ensure_volumes    (FltOperation        *op,
                                             GPtrArray           *targets,
                                             FltPlan             *plan,
                                             GError             **error);
gboolean      _flt_runner_remove_networks   (FltOperation        *op,
                                             GError             **error);
gboolean      _flt_runner_remove_volumes    (FltOperation        *op,
                                             GError             **error);

/* flt-runner-start.c */
gboolean      _flt_runner_start_services    (FltOperation        *op,
                                             GPtrArray           *targets,
                                             GError             **error);

/* flt-runner-down.c */
gboolean      _flt_runner_stop_container    (FltOperation        *op,
                                             FltContainerInfo    *container,
                                             int                  timeout,
                                             GError             **error);
gboolean      _flt_runner_remove_container  (FltOperation        *op,
                                             FltContainerInfo    *container,
                                             gboolean             volumes,
                                             GError             **error);

G_END_DECLS
