/* flt-sidebar.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "flt-core.h"
#include "flt-project-state.h"
#include "flt-stack-state.h"
#include "flt-service-row.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_SIDEBAR_NONE,
  FLT_SIDEBAR_SERVICE,
  FLT_SIDEBAR_NETWORK,
  FLT_SIDEBAR_VOLUME,
} FltSidebarKind;

#define FLT_TYPE_SIDEBAR (flt_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (FltSidebar, flt_sidebar, FLT, SIDEBAR, GtkWidget)

FltSidebar     *flt_sidebar_new             (void);
void            flt_sidebar_set_workspace   (FltSidebar      *self,
                                             FltWorkspace    *workspace);
void            flt_sidebar_set_state       (FltSidebar      *self,
                                             FltProjectState *state);
void            flt_sidebar_set_stack_state (FltSidebar      *self,
                                             FltStackState   *stack_state);
void            flt_sidebar_select          (FltSidebar      *self,
                                             FltSidebarKind   kind,
                                             const char      *name);
FltSidebarKind  flt_sidebar_get_selected    (FltSidebar      *self,
                                             const char     **name);
FltServiceRow  *flt_sidebar_get_service_row (FltSidebar      *self,
                                             const char      *name);
guint           flt_sidebar_get_n_rows      (FltSidebar      *self,
                                             FltSidebarKind   kind);

G_END_DECLS
