/* flt-logs-page.h: the Logs room of the window
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"
#include "flt-engine.h"
#include "flt-log-buffer.h"
#include "flt-log-feed.h"
#include "flt-log-filter.h"
#include "flt-log-view.h"

G_BEGIN_DECLS

#define FLT_TYPE_LOGS_PAGE (flt_logs_page_get_type ())
G_DECLARE_FINAL_TYPE (FltLogsPage, flt_logs_page, FLT, LOGS_PAGE, GtkWidget)

FltLogsPage  *flt_logs_page_new               (void);
void          flt_logs_page_set_settings      (FltLogsPage          *self,
                                               GSettings            *settings);
void          flt_logs_page_follow            (FltLogsPage          *self,
                                               FltEngine            *engine,
                                               FltProject           *project);
void          flt_logs_page_follow_stack      (FltLogsPage          *self,
                                               FltEngine            *engine,
                                               FltProject           *project,
                                               const char           *stack_services);
gboolean      flt_logs_page_get_following_stack (FltLogsPage        *self);
void          flt_logs_page_stop              (FltLogsPage          *self);
gboolean      flt_logs_page_get_following     (FltLogsPage          *self);
const GError *flt_logs_page_get_engine_error  (FltLogsPage          *self);
void          flt_logs_page_show_service      (FltLogsPage          *self,
                                               const char           *service);
FltLogBuffer *flt_logs_page_get_buffer        (FltLogsPage          *self);
FltLogFeed   *flt_logs_page_get_feed          (FltLogsPage          *self);
FltLogFilter *flt_logs_page_get_filter        (FltLogsPage          *self);
FltLogView   *flt_logs_page_get_view          (FltLogsPage          *self);
void          flt_logs_page_set_search        (FltLogsPage          *self,
                                               const char           *text);
const char   *flt_logs_page_get_match_text    (FltLogsPage          *self);
const char   *flt_logs_page_get_state         (FltLogsPage          *self);
void          flt_logs_page_save_async        (FltLogsPage          *self,
                                               GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      flt_logs_page_save_finish       (FltLogsPage          *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
