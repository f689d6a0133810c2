/* flt-runner.h: a project's up, down and the rest, as Compose does them
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-container-info.h"
#include "flt-core.h"
#include "flt-engine.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_PROGRESS_WORKING,
  FLT_PROGRESS_DONE,
  FLT_PROGRESS_WARNING,
  FLT_PROGRESS_ERROR,
} FltProgressState;

/**
 * FltProgress:
 * @kind: what it is about: "Network", "Volume", "Image", "Container" or
 *   "Service" (not translated: a category)
 * @name: its name
 * @service: (nullable): the service it belongs to
 * @text: what is happening, translated ("Creating", "Started", "Pulling
 *   45%", or an error message)
 * @state: whether it is under way, done, or went wrong
 * @fraction: for long steps, 0..1, or -1
 */
typedef struct
{
  const char *kind;
  const char *name;
  const char *service;
  const char *text;
  FltProgressState state;
  double fraction;
} FltProgress;

typedef void (*FltProgressFunc) (const FltProgress *progress,
                                 gpointer           user_data);

typedef enum
{
  FLT_ACTION_CREATE,
  FLT_ACTION_RECREATE,
  FLT_ACTION_KEEP,
  FLT_ACTION_START,
  FLT_ACTION_SCALE_DOWN,
  FLT_ACTION_REMOVE_ORPHAN,
} FltActionKind;

/**
 * FltPlanAction:
 * @reasons: (nullable): for %FLT_ACTION_RECREATE, why: the keys whose
 *   change forces it, or a sentence
 */
typedef struct
{
  FltActionKind kind;
  char *service;
  char *container;
  char *container_id;
  int number;
  GStrv reasons;
} FltPlanAction;

/**
 * FltPlan:
 * @actions: (element-type FltPlanAction): per container, what up does
 * @networks: (element-type utf8): networks up creates
 * @volumes: (element-type utf8): volumes up creates
 * @builds: (element-type utf8): services whose image up builds
 * @pulls: (element-type utf8): images up pulls
 */
typedef struct
{
  GPtrArray *actions;
  GPtrArray *networks;
  GPtrArray *volumes;
  GPtrArray *builds;
  GPtrArray *pulls;
} FltPlan;

typedef struct
{
  const char * const *services;  /* only these (and what they need); NULL: all */
  gboolean build;                /* build images even when they exist */
  gboolean no_build;
  gboolean remove_orphans;
  gboolean force_recreate;
  gboolean no_recreate;
  gboolean no_start;
  GHashTable *scale;             /* service name → GINT_TO_POINTER (replicas) */
} FltUpOptions;

typedef struct
{
  gboolean volumes;              /* -v: named volumes too */
  gboolean remove_orphans;
  int timeout;                   /* seconds to wait before killing; -1: the containers' own */
} FltDownOptions;

/* What flt_runner_command_async() does to the named services. */
typedef enum
{
  FLT_RUNNER_STOP,
  FLT_RUNNER_START,
  FLT_RUNNER_RESTART,
  FLT_RUNNER_BUILD,
  FLT_RUNNER_PULL,
} FltRunnerCommand;

typedef enum
{
  FLT_RUNNER_ERROR_FAILED,       /* a step failed; the message names the service and the step */
  FLT_RUNNER_ERROR_DEPENDENCY,   /* a dependency failed or did not reach its condition */
  FLT_RUNNER_ERROR_INVALID,      /* the project has errors */
  FLT_RUNNER_ERROR_UNKNOWN_SERVICE,
} FltRunnerError;

#define FLT_RUNNER_ERROR (flt_runner_error_quark ())
GQuark flt_runner_error_quark (void);

#define FLT_TYPE_RUNNER (flt_runner_get_type ())
G_DECLARE_FINAL_TYPE (FltRunner, flt_runner, FLT, RUNNER, GObject)

FltRunner   *flt_runner_new              (FltEngine          *engine,
                                          FltProject         *project);
FltEngine   *flt_runner_get_engine       (FltRunner          *self);
FltProject  *flt_runner_get_project      (FltRunner          *self);
void         flt_runner_set_progress_func (FltRunner         *self,
                                          FltProgressFunc     func,
                                          gpointer            user_data,
                                          GDestroyNotify      destroy);

/* Blocking; for worker threads and the command line.  Progress goes to the
 * progress function, from the thread doing the work. */
FltPlan     *flt_runner_plan             (FltRunner          *self,
                                          const FltUpOptions *options,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean     flt_runner_up               (FltRunner          *self,
                                          const FltUpOptions *options,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean     flt_runner_down             (FltRunner          *self,
                                          const FltDownOptions *options,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean     flt_runner_stop             (FltRunner          *self,
                                          const char * const *services,
                                          int                 timeout,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean     flt_runner_start            (FltRunner          *self,
                                          const char * const *services,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean     flt_runner_restart          (FltRunner          *self,
                                          const char * const *services,
                                          int                 timeout,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean     flt_runner_build            (FltRunner          *self,
                                          const char * const *services,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean     flt_runner_pull             (FltRunner          *self,
                                          const char * const *services,
                                          GCancellable       *cancellable,
                                          GError            **error);
GPtrArray   *flt_runner_list             (FltRunner          *self,
                                          gboolean            all,
                                          gboolean            orphans,
                                          GCancellable       *cancellable,
                                          GError            **error);

/* The same, in a worker thread: progress is delivered in the caller's
 * thread-default main context, through the progress function. */
void         flt_runner_up_async         (FltRunner          *self,
                                          const FltUpOptions *options,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean     flt_runner_up_finish        (FltRunner          *self,
                                          GAsyncResult       *result,
                                          GError            **error);
void         flt_runner_down_async       (FltRunner          *self,
                                          const FltDownOptions *options,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean     flt_runner_down_finish      (FltRunner          *self,
                                          GAsyncResult       *result,
                                          GError            **error);
void         flt_runner_plan_async       (FltRunner          *self,
                                          const FltUpOptions *options,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
FltPlan     *flt_runner_plan_finish      (FltRunner          *self,
                                          GAsyncResult       *result,
                                          GError            **error);

void         flt_runner_command_async    (FltRunner          *self,
                                          FltRunnerCommand    command,
                                          const char * const *services,
                                          int                 timeout,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean     flt_runner_command_finish   (FltRunner          *self,
                                          GAsyncResult       *result,
                                          GError            **error);

void         flt_plan_free               (FltPlan            *plan);
guint        flt_plan_count_disruptive   (const FltPlan      *plan);
const char  *flt_action_kind_to_string   (FltActionKind       kind);
char        *flt_progress_describe_item  (const char         *kind,
                                          const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltPlan, flt_plan_free)

G_END_DECLS
