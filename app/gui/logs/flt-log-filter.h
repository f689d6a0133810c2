/* flt-log-filter.h: which lines of a log buffer are shown, and the matches
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-log-buffer.h"

G_BEGIN_DECLS

/* Matches kept for counting and stepping through; the view highlights
 * the ones on screen either way. */
#define FLT_LOG_FILTER_MAX_MATCHES 1000000

/**
 * FltLogMatch:
 * @seq: the line's sequence number
 * @start: where the match begins in the line's text, in bytes
 * @end: where it ends
 */
typedef struct
{
  guint64 seq;
  guint32 start;
  guint32 end;
} FltLogMatch;

#define FLT_TYPE_LOG_FILTER (flt_log_filter_get_type ())
G_DECLARE_FINAL_TYPE (FltLogFilter, flt_log_filter, FLT, LOG_FILTER, GObject)

FltLogFilter      *flt_log_filter_new                 (FltLogBuffer       *buffer);
FltLogBuffer      *flt_log_filter_get_buffer          (FltLogFilter       *self);

void               flt_log_filter_set_services        (FltLogFilter       *self,
                                                       const char * const *services);
char             **flt_log_filter_dup_services        (FltLogFilter       *self);
gboolean           flt_log_filter_includes_service    (FltLogFilter       *self,
                                                       const char         *service);
void               flt_log_filter_set_search          (FltLogFilter       *self,
                                                       FltLogSearch       *search);
FltLogSearch      *flt_log_filter_get_search          (FltLogFilter       *self);
void               flt_log_filter_set_hide_unmatched  (FltLogFilter       *self,
                                                       gboolean            hide_unmatched);
gboolean           flt_log_filter_get_hide_unmatched  (FltLogFilter       *self);

guint              flt_log_filter_get_n_rows          (FltLogFilter       *self);
guint              flt_log_filter_get_line            (FltLogFilter       *self,
                                                       guint               row);
guint              flt_log_filter_row_for_seq         (FltLogFilter       *self,
                                                       guint64             seq);
guint             *flt_log_filter_dup_lines           (FltLogFilter       *self,
                                                       guint              *n_lines);

guint              flt_log_filter_get_n_matches       (FltLogFilter       *self);
gboolean           flt_log_filter_get_matches_truncated (FltLogFilter     *self);
const FltLogMatch *flt_log_filter_get_match           (FltLogFilter       *self,
                                                       guint               index);
guint64            flt_log_filter_get_match_base      (FltLogFilter       *self);
guint              flt_log_filter_match_for_seq       (FltLogFilter       *self,
                                                       guint64             seq);

gboolean           flt_log_filter_process             (FltLogFilter       *self,
                                                       gint64              budget_us);
gboolean           flt_log_filter_is_complete         (FltLogFilter       *self);

G_END_DECLS
