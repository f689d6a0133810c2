/* flt-log-view.h: the lines of a log filter, drawn as they scroll by
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-log-filter.h"

G_BEGIN_DECLS

#define FLT_TYPE_LOG_VIEW (flt_log_view_get_type ())
G_DECLARE_FINAL_TYPE (FltLogView, flt_log_view, FLT, LOG_VIEW, GtkWidget)

/* How many colours service prefixes cycle through. */
#define FLT_LOG_VIEW_N_COLORS 8

GtkWidget    *flt_log_view_new                (void);
FltLogFilter *flt_log_view_get_filter         (FltLogView   *self);
void          flt_log_view_set_filter         (FltLogView   *self,
                                               FltLogFilter *filter);
gboolean      flt_log_view_get_follow         (FltLogView   *self);
void          flt_log_view_set_follow         (FltLogView   *self,
                                               gboolean      follow);
gboolean      flt_log_view_get_show_timestamps (FltLogView  *self);
void          flt_log_view_set_show_timestamps (FltLogView  *self,
                                               gboolean      show_timestamps);

int           flt_log_view_get_current_match  (FltLogView   *self);
gboolean      flt_log_view_find               (FltLogView   *self,
                                               gboolean      backwards);
void          flt_log_view_scroll_to_row      (FltLogView   *self,
                                               guint         row);
guint         flt_log_view_get_top_row        (FltLogView   *self);
char         *flt_log_view_dup_row_text       (FltLogView   *self,
                                               guint         row);

void          flt_log_view_select_rows        (FltLogView   *self,
                                               guint         first,
                                               guint         last);
void          flt_log_view_select_range       (FltLogView   *self,
                                               guint         first_row,
                                               gsize         first_index,
                                               guint         last_row,
                                               gsize         last_index);
void          flt_log_view_select_all         (FltLogView   *self);
void          flt_log_view_clear_selection    (FltLogView   *self);
char         *flt_log_view_dup_selected_text  (FltLogView   *self);

void          flt_log_view_get_service_color  (guint         service_index,
                                               gboolean      dark,
                                               GdkRGBA      *color);

G_END_DECLS
