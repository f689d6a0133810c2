/* flt-log-buffer.h: a bounded ring of log lines, searchable, without widgets
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "flt-log-follower.h"

G_BEGIN_DECLS

/* The default of the log-scrollback setting. */
#define FLT_LOG_BUFFER_DEFAULT_CAPACITY 100000

/* Longest text the view lays out for one line; saving writes it whole. */
#define FLT_LOG_DISPLAY_MAX_BYTES 4096

/**
 * FltLogBatch:
 *
 * Lines on their way into a buffer.  Built in any one thread at a time;
 * a batch keeps all its text in one growing block, which the buffer then
 * adopts as it is, so a line costs no allocation of its own.
 */
typedef struct _FltLogBatch FltLogBatch;

FltLogBatch *flt_log_batch_new        (void);
void         flt_log_batch_add        (FltLogBatch      *self,
                                       const FltLogLine *line);
guint        flt_log_batch_get_length (FltLogBatch      *self);
gsize        flt_log_batch_get_size   (FltLogBatch      *self);
void         flt_log_batch_free       (FltLogBatch      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltLogBatch, flt_log_batch_free)

/**
 * FltLogEntry:
 * @text: the line, valid UTF-8 without escape sequences or line breaks;
 *   not NUL-terminated
 * @length: its length in bytes
 * @timestamp: when the engine received it, Unix nanoseconds, or -1
 * @stream: stdout, stderr or the engine's own
 * @service: its service
 * @container: its container
 * @number: the container's replica number, or 0
 * @label: what the prefix shows: "web-1", or "web" without a number
 * @service_index: the service's place in the order services became known;
 *   it picks the prefix colour, and stays with the service until the
 *   buffer goes
 * @seq: the line's sequence number: lines are numbered in the order they
 *   arrive, and keep their number while they stay
 *
 * One line of a buffer.  The pointers stay valid until the buffer next
 * changes.
 */
typedef struct
{
  const char  *text;
  gsize        length;
  gint64       timestamp;
  FltLogStream stream;
  const char  *service;
  const char  *container;
  int          number;
  const char  *label;
  guint        service_index;
  guint64      seq;
} FltLogEntry;

#define FLT_TYPE_LOG_BUFFER (flt_log_buffer_get_type ())
G_DECLARE_FINAL_TYPE (FltLogBuffer, flt_log_buffer, FLT, LOG_BUFFER, GObject)

FltLogBuffer *flt_log_buffer_new                (guint         capacity);
guint         flt_log_buffer_get_capacity       (FltLogBuffer *self);
void          flt_log_buffer_set_capacity       (FltLogBuffer *self,
                                                 guint         capacity);
guint         flt_log_buffer_get_n_lines        (FltLogBuffer *self);
guint64       flt_log_buffer_get_first_seq      (FltLogBuffer *self);
guint64       flt_log_buffer_get_end_seq        (FltLogBuffer *self);
void          flt_log_buffer_append_batch       (FltLogBuffer *self,
                                                 FltLogBatch  *batch);
void          flt_log_buffer_append             (FltLogBuffer *self,
                                                 const FltLogLine *lines,
                                                 guint         n_lines);
void          flt_log_buffer_clear              (FltLogBuffer *self);
gboolean      flt_log_buffer_get_entry          (FltLogBuffer *self,
                                                 guint         index,
                                                 FltLogEntry  *entry);
guint         flt_log_buffer_get_service_index_at (FltLogBuffer *self,
                                                 guint         index);
guint         flt_log_buffer_intern_service     (FltLogBuffer *self,
                                                 const char   *service);
guint         flt_log_buffer_get_n_services     (FltLogBuffer *self);
const char   *flt_log_buffer_get_service_name   (FltLogBuffer *self,
                                                 guint         service_index);
int           flt_log_buffer_lookup_service     (FltLogBuffer *self,
                                                 const char   *service);
guint         flt_log_buffer_count_service_lines (FltLogBuffer *self,
                                                 const char   *service);
guint         flt_log_buffer_get_label_width    (FltLogBuffer *self);

/* Formatting, shared by the view and by saving so that a saved file holds
 * what the view shows. */
gsize         flt_log_format_timestamp          (gint64        timestamp,
                                                 char         *out,
                                                 gsize         out_size);
void          flt_log_format_row                (GString           *out,
                                                 const FltLogEntry *entry,
                                                 guint              label_width,
                                                 gboolean           timestamps,
                                                 gsize              max_text,
                                                 gsize             *text_offset);

/**
 * FltLogSnapshot:
 *
 * Some lines of a buffer, kept alive after the buffer moves on, for a
 * worker thread to write out.
 */
typedef struct _FltLogSnapshot FltLogSnapshot;

FltLogSnapshot *flt_log_buffer_snapshot         (FltLogBuffer      *self,
                                                 const guint       *indices,
                                                 guint              n_indices);
guint           flt_log_snapshot_get_n_lines    (FltLogSnapshot    *self);
gboolean        flt_log_snapshot_write          (FltLogSnapshot    *self,
                                                 GOutputStream     *stream,
                                                 gboolean           timestamps,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
void            flt_log_snapshot_free           (FltLogSnapshot    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltLogSnapshot, flt_log_snapshot_free)

/**
 * FltLogSearchFlags:
 * @FLT_LOG_SEARCH_DEFAULT: plain text, any case
 * @FLT_LOG_SEARCH_REGEX: the text is a regular expression (PCRE syntax)
 * @FLT_LOG_SEARCH_MATCH_CASE: upper and lower case differ
 */
typedef enum
{
  FLT_LOG_SEARCH_DEFAULT    = 0,
  FLT_LOG_SEARCH_REGEX      = 1 << 0,
  FLT_LOG_SEARCH_MATCH_CASE = 1 << 1,
} FltLogSearchFlags;

/**
 * FltLogSearch:
 *
 * A compiled query.  Immutable, so it may be used from several threads.
 */
typedef struct _FltLogSearch FltLogSearch;

FltLogSearch     *flt_log_search_new       (const char        *text,
                                            FltLogSearchFlags  flags,
                                            GError           **error);
FltLogSearch     *flt_log_search_ref       (FltLogSearch      *self);
void              flt_log_search_unref     (FltLogSearch      *self);
const char       *flt_log_search_get_text  (FltLogSearch      *self);
FltLogSearchFlags flt_log_search_get_flags (FltLogSearch      *self);
gboolean          flt_log_search_find      (FltLogSearch      *self,
                                            const char        *text,
                                            gsize              length,
                                            gsize              from,
                                            gsize             *match_start,
                                            gsize             *match_end);
gboolean          flt_log_search_matches   (FltLogSearch      *self,
                                            const char        *text,
                                            gsize              length);
gboolean          flt_log_buffer_find      (FltLogBuffer      *self,
                                            FltLogSearch      *search,
                                            guint              from,
                                            gboolean           backwards,
                                            guint             *found);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltLogSearch, flt_log_search_unref)

G_END_DECLS
