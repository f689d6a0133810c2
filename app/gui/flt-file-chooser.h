/* flt-file-chooser.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  FLT_CHOOSE_OPEN,
  FLT_CHOOSE_SAVE,
  FLT_CHOOSE_FOLDER,
} FltChooseMode;

void   flt_choose_file_async  (GtkWindow           *parent,
                               FltChooseMode        mode,
                               const char          *title,
                               GFile               *initial_folder,
                               const char          *initial_name,
                               GtkFileFilter       *filter,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
GFile *flt_choose_file_finish (GAsyncResult        *result,
                               GError             **error);
GtkFileFilter *flt_compose_file_filter_new (void);

G_END_DECLS
