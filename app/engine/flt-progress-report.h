/* flt-progress-report.h: a step of up, down or a stack deploy, to whoever listens
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-runner.h"

G_BEGIN_DECLS

void _flt_progress_report (FltProgressFunc    func,
                           gpointer           data,
                           GMainContext      *deliver_to,
                           GMutex            *lock,
                           const FltProgress *progress);

G_END_DECLS
