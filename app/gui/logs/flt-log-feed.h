/* flt-log-feed.h: log lines from any thread into a buffer, a frame at a time
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-engine.h"
#include "flt-log-buffer.h"

G_BEGIN_DECLS

/* The shortest time between two deliveries to the buffer: about a frame. */
#define FLT_LOG_FEED_INTERVAL_MS 16

#define FLT_TYPE_LOG_FEED (flt_log_feed_get_type ())
G_DECLARE_FINAL_TYPE (FltLogFeed, flt_log_feed, FLT, LOG_FEED, GObject)

FltLogFeed   *flt_log_feed_new           (FltLogBuffer        *buffer);
FltLogBuffer *flt_log_feed_get_buffer    (FltLogFeed          *self);

/* Any thread. */
void          flt_log_feed_push          (FltLogFeed          *self,
                                          const FltLogLine    *line);
void          flt_log_feed_push_lines    (FltLogFeed          *self,
                                          const FltLogLine    *lines,
                                          guint                n_lines);
guint         flt_log_feed_get_pending   (FltLogFeed          *self);
guint64       flt_log_feed_get_dropped   (FltLogFeed          *self);

/* The feed's own thread (the one it was made in). */
void          flt_log_feed_flush         (FltLogFeed          *self);
void          flt_log_feed_follow_async  (FltLogFeed          *self,
                                          FltEngine           *engine,
                                          FltProject          *project,
                                          gboolean             resume,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void          flt_log_feed_follow_stack_async (FltLogFeed     *self,
                                          FltEngine           *engine,
                                          const char          *stack,
                                          gboolean             resume,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      flt_log_feed_follow_finish (FltLogFeed          *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
