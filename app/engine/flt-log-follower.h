/* flt-log-follower.h: the output of a project's containers, as lines
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-core.h"
#include "flt-engine.h"
#include "flt-log-demuxer.h"

G_BEGIN_DECLS

/**
 * FltLogLine:
 * @container: the container's name
 * @service: its service
 * @number: its replica number (0 when it has none)
 * @stream: stdout, stderr or the engine's own
 * @timestamp: Unix nanoseconds, or -1 when not asked for
 * @text: the line, without its line break; not NUL-terminated
 * @length: its length in bytes
 */
typedef struct
{
  const char *container;
  const char *service;
  int number;
  FltLogStream stream;
  gint64 timestamp;
  const char *text;
  gsize length;
} FltLogLine;

/* Called from reader threads, one line at a time. */
typedef void (*FltLogFunc) (const FltLogLine *line,
                            gpointer          user_data);

/* Called when a container's stream begins or ends. */
typedef void (*FltLogContainerFunc) (const char *container,
                                     const char *service,
                                     gboolean    attached,
                                     gpointer    user_data);

typedef struct
{
  const char * const *services;   /* NULL: all */
  gboolean follow;
  gboolean timestamps;
  const char *tail;               /* "all" or a number; NULL: all */
  gint64 since;                   /* Unix seconds, 0: from the start */
} FltLogOptions;

typedef struct _FltLogFollower FltLogFollower;

FltLogFollower *flt_log_follower_new  (FltEngine            *engine,
                                       FltProject           *project,
                                       const FltLogOptions  *options,
                                       FltLogFunc            func,
                                       FltLogContainerFunc   container_func,
                                       gpointer              user_data);
gboolean        flt_log_follower_run  (FltLogFollower       *self,
                                       GCancellable         *cancellable,
                                       GError              **error);
void            flt_log_follower_free (FltLogFollower       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltLogFollower, flt_log_follower_free)

G_END_DECLS
