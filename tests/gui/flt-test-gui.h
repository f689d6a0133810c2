/* flt-test-gui.h: what every in-process GUI test needs
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FLT_TEST_TIMEOUT_SECONDS 30

const char *flt_test_gui_init           (int          *argc,
                                         char       ***argv);
const char *flt_test_gui_get_language   (void);
const char *flt_test_gui_get_skip_reason (void);
gboolean    flt_test_gui_skip_if_needed (void);
GSettings  *flt_test_create_settings    (void);
void        flt_test_wait_for_paint     (GtkWidget    *widget);
void        flt_test_spin               (guint         milliseconds);
char       *flt_test_build_screenshot_path (const char *name);
void        flt_test_save_screenshot    (GtkWidget    *widget,
                                         const char   *name);
void        flt_test_watchdog_start     (const char   *what);
void        flt_test_watchdog_stop      (void);
guint       flt_test_time_scale         (void);

/* Runs the main loop until @condition holds, failing the test after
 * FLT_TEST_TIMEOUT_SECONDS (times flt_test_time_scale()). */
#define FLT_TEST_WAIT_UNTIL(condition)                                       \
  G_STMT_START {                                                             \
    flt_test_watchdog_start (G_STRLOC ": " #condition);                       \
    while (!(condition))                                                     \
      g_main_context_iteration (NULL, TRUE);                                 \
    flt_test_watchdog_stop ();                                               \
  } G_STMT_END

G_END_DECLS
