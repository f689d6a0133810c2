/* flt-log-demuxer.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FltLogStream:
 * @FLT_LOG_STDOUT: standard output (and stdin frames, which the Engine
 *   writes to stdout)
 * @FLT_LOG_STDERR: standard error
 * @FLT_LOG_SYSTEM: an error message from the Engine itself ("systemerr")
 *
 * Where a log line came from.  The values are the Engine's frame stream
 * numbers.
 */
typedef enum
{
  FLT_LOG_STDOUT = 1,
  FLT_LOG_STDERR = 2,
  FLT_LOG_SYSTEM = 3,
} FltLogStream;

typedef enum
{
  FLT_LOG_DEMUXER_ERROR_INVALID_HEADER,  /* not a multiplexed stream */
  FLT_LOG_DEMUXER_ERROR_FAILED,          /* fed again after an error */
} FltLogDemuxerError;

#define FLT_LOG_DEMUXER_ERROR (flt_log_demuxer_error_quark ())
GQuark flt_log_demuxer_error_quark (void);

/* Lines longer than this are delivered in pieces of this many bytes.  (The
 * libFuzzer target builds the demuxer with a small value, which reaches
 * the pieces without megabytes of input.) */
#ifndef FLT_LOG_DEMUXER_MAX_LINE
#define FLT_LOG_DEMUXER_MAX_LINE (1024 * 1024)
#endif

/**
 * FltLogLineFunc:
 * @stream: where the line came from
 * @line: the line, without its "\n" (nor a "\r" before it); it is
 *   followed by a NUL byte, but may contain NUL bytes itself, so use
 *   @length.  It points into the demuxer's buffer and is valid only
 *   during the call.
 * @length: the length of @line in bytes
 * @user_data: the data given to the feed or finish call
 */
typedef void (*FltLogLineFunc) (FltLogStream  stream,
                                const char   *line,
                                gsize         length,
                                gpointer      user_data);

typedef struct _FltLogDemuxer FltLogDemuxer;

FltLogDemuxer *flt_log_demuxer_new     (gboolean         tty);
gboolean       flt_log_demuxer_feed    (FltLogDemuxer   *self,
                                        const guint8    *data,
                                        gsize            length,
                                        FltLogLineFunc   func,
                                        gpointer         user_data,
                                        GError         **error);
void           flt_log_demuxer_finish  (FltLogDemuxer   *self,
                                        FltLogLineFunc   func,
                                        gpointer         user_data);
void           flt_log_demuxer_free    (FltLogDemuxer   *self);

const char    *flt_log_split_timestamp (const char      *line,
                                        gsize            length,
                                        gint64          *out_unix_nanoseconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltLogDemuxer, flt_log_demuxer_free)

G_END_DECLS
