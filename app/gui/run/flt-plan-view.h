/* flt-plan-view.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-runner.h"

G_BEGIN_DECLS

#define FLT_TYPE_PLAN_VIEW (flt_plan_view_get_type ())
G_DECLARE_FINAL_TYPE (FltPlanView, flt_plan_view, FLT, PLAN_VIEW, GtkWidget)

FltPlanView *flt_plan_view_new        (void);
void         flt_plan_view_set_plan   (FltPlanView   *self,
                                       const FltPlan *plan);
guint        flt_plan_view_get_n_rows (FltPlanView   *self);
char        *flt_plan_describe_action (const FltPlanAction *action);

G_END_DECLS
