/* flt-window-private.h: the window's parts, shared by the files that make
 * it up (files, engine, run, actions) and by the tests
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-engine.h"
#include "flt-project-state.h"
#include "flt-runner.h"
#include "flt-stack-state.h"
#include "flt-window.h"

#include "flt-progress-panel.h"
#include "flt-sidebar.h"

G_BEGIN_DECLS

struct _FltWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwViewStack         *view_stack;
  GtkStack             *main_stack;
  GtkStack             *editor_stack;
  AdwToastOverlay      *toasts;
  AdwStatusPage        *error_page;
  GtkRevealer          *engine_banner;
  GtkLabel             *engine_banner_label;
  GtkRevealer          *disk_banner;
  GtkRevealer          *save_banner;
  GtkLabel             *save_banner_label;
  GtkRevealer          *progress_revealer;
  FltProgressPanel     *progress_panel;
  FltSidebar           *sidebar;
  GtkMenuButton        *diagnostics_button;
  GtkMenuButton        *engine_button;
  AdwBin               *service_editor_slot;
  AdwBin               *network_editor_slot;
  AdwBin               *volume_editor_slot;
  AdwBin               *yaml_slot;
  AdwBin               *logs_slot;
  AdwBin               *graph_slot;
  AdwBin               *diagnostics_slot;

  /* The rooms, made in code and put into their slots */
  GtkWidget            *service_editor;
  GtkWidget            *network_editor;
  GtkWidget            *volume_editor;
  GtkWidget            *yaml_view;
  GtkWidget            *logs_page;
  GtkWidget            *graph_view;
  GtkWidget            *diagnostics_list;
  GtkLabel             *diagnostics_label;
  GMenu                *recent_menu;
  GMenu                *export_menu;

  /* Owned references */
  GSettings            *settings;         /* nullable */
  GCancellable         *cancellable;      /* cancelled when the window goes */
  GFile                *file;
  FltWorkspace         *workspace;
  GFileMonitor         *monitor;
  char                 *disk_text;        /* what the file held when the disk banner was shown */
  gsize                 disk_length;
  FltEngine            *engine;
  FltProjectState      *state;
  FltStackState        *stack_state;      /* the project's stack, while the engine is a Swarm manager */
  GCancellable         *operation;        /* the running Up, Down…; NULL when idle */
  GtkWidget            *dialog;           /* the question being asked, for the tests */
  GtkStringList        *image_names;
  char                 *state_project;    /* the project name state follows */
  char                 *pending_selection; /* a service to select once it is built */
  char                 *save_error;       /* why the last save failed, until one works */

  guint                 loading : 1;
  guint                 connecting : 1;
  guint                 close_confirmed : 1;
};

typedef void (*FltResponseFunc) (gpointer    data,
                                 const char *response);

/* flt-window.c */
void        _flt_window_ask                 (FltWindow     *self,
                                             GtkWidget     *dialog,
                                             FltResponseFunc func,
                                             gpointer       data,
                                             GDestroyNotify destroy);
void        _flt_window_set_loading         (FltWindow     *self,
                                             gboolean       loading);
void        _flt_window_notify_busy         (FltWindow     *self);
void        _flt_window_select_view         (FltWindow     *self,
                                             const char    *name);
void        _flt_window_set_workspace       (FltWindow     *self,
                                             FltWorkspace  *workspace);
void        _flt_window_update_title        (FltWindow     *self);
void        _flt_window_update_actions      (FltWindow     *self);
char       *_flt_window_dup_file_name       (FltWindow     *self);
void        _flt_window_toast               (FltWindow     *self,
                                             const char    *message);
void        _flt_window_show_dialog         (FltWindow     *self,
                                             GtkWidget     *dialog);
void        _flt_window_flush_edits         (FltWindow     *self);
void        _flt_window_show_service        (FltWindow     *self,
                                             const char    *name);

/* flt-window-rooms.c */
void        _flt_window_class_rooms_init    (GtkWidgetClass *widget_class);
void        _flt_window_rooms_init          (FltWindow     *self);
GtkWidget  *_flt_window_rooms_get           (FltWindow     *self,
                                             const char    *name);
void        _flt_window_rooms_set_workspace (FltWindow     *self,
                                             FltWorkspace  *workspace);
void        _flt_window_rooms_show          (FltWindow     *self,
                                             FltSidebarKind kind,
                                             const char    *name);
void        _flt_window_rooms_flush         (FltWindow     *self);
void        _flt_window_rooms_follow_logs   (FltWindow     *self);
void        _flt_window_rooms_show_logs     (FltWindow     *self,
                                             const char    *service);
void        _flt_window_rooms_set_images    (FltWindow     *self,
                                             GListModel    *images);

/* flt-window-files.c */
void        _flt_window_class_files_init    (GtkWidgetClass *widget_class);
void        _flt_window_files_init          (FltWindow     *self);
void        _flt_window_watch_file          (FltWindow     *self);
void        _flt_window_remember_file       (FltWindow     *self);
gboolean    _flt_window_confirm_close       (FltWindow     *self);
void        _flt_window_save_async          (FltWindow     *self,
                                             gboolean       choose,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
gboolean    _flt_window_save_finish         (FltWindow     *self,
                                             GAsyncResult  *result,
                                             GError       **error);
const char *_flt_window_get_save_error      (FltWindow     *self);

/* flt-window-engine.c */
void        _flt_window_class_engine_init   (GtkWidgetClass *widget_class);
void        _flt_window_engine_init         (FltWindow     *self);
void        _flt_window_engine_connect      (FltWindow     *self);
void        _flt_window_engine_follow       (FltWindow     *self);
void        _flt_window_engine_disconnect   (FltWindow     *self);
void        _flt_window_engine_refresh_images (FltWindow   *self);
char       *_flt_window_describe_state      (FltWindow     *self);

/* flt-window-remote.c */
void        _flt_window_remote_init         (FltWindow     *self);
FltEndpoint *_flt_window_remote_resolve     (FltWindow     *self,
                                             GError       **error);
void        _flt_window_remote_choose       (FltWindow     *self,
                                             const char    *choice);
const char *_flt_window_remote_get_choice   (FltWindow     *self);
char       *_flt_window_remote_describe_binds (const FltEndpoint *endpoint,
                                             FltProject    *project);
char       *_flt_window_remote_bind_warning (FltWindow     *self);
void        _flt_window_remote_acknowledge_binds (FltWindow *self);

/* flt-window-run.c */
void        _flt_window_class_run_init      (GtkWidgetClass *widget_class);

/* flt-window-stack.c */
void        _flt_window_class_stack_init    (GtkWidgetClass *widget_class);
void        _flt_window_stack_update_actions (FltWindow    *self);
gboolean    _flt_window_stack_is_manager    (FltWindow     *self);
gboolean    _flt_window_stack_role_known    (FltWindow     *self);
void        _flt_window_stack_follow        (FltWindow     *self);

/* flt-window-services.c */
void        _flt_window_class_services_init (GtkWidgetClass *widget_class);

/* flt-window-graph.c */
void        _flt_window_class_graph_init    (GtkWidgetClass *widget_class);
GtkWidget  *_flt_window_graph_ensure        (FltWindow     *self);
void        _flt_window_graph_shown         (FltWindow     *self);
void        _flt_window_graph_set_workspace (FltWindow     *self);
void        _flt_window_graph_set_state     (FltWindow     *self);

/* flt-window-run.c: what every operation on the engine shares */
GCancellable *_flt_window_operation_begin   (FltWindow     *self,
                                             const char    *title);
gboolean    _flt_window_operation_end       (FltWindow     *self,
                                             const char    *title,
                                             const GError  *error);

/* For the tests */
const char *_flt_window_get_page_name       (FltWindow     *self);
FltSidebar *_flt_window_get_sidebar         (FltWindow     *self);
FltProgressPanel *_flt_window_get_progress_panel (FltWindow *self);
GtkWidget  *_flt_window_get_dialog          (FltWindow     *self);
GtkWidget  *_flt_window_get_view            (FltWindow     *self,
                                             const char    *name);
FltProjectState *_flt_window_get_state      (FltWindow     *self);
gboolean    _flt_window_get_busy            (FltWindow     *self);

G_END_DECLS
