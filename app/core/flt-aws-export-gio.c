/* flt-aws-export-gio.c: the AWS export off the main thread
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>

#include "flt-aws-export.h"

/* Apart from flt-aws-export.c, so that flotilla-compose, which exports
 * synchronously, does not load GIO (see DEVELOPERS.md). */

typedef struct
{
  FltProject *project;
  FltAwsOptions *options;
} NewData;

static void
new_data_free (NewData *data)
{
  g_clear_object (&data->project);
  g_clear_pointer (&data->options, flt_aws_options_free);
  g_free (data);
}

static void
new_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  NewData *data = task_data;
  GError *error = NULL;
  FltAwsExport *export;

  if (g_task_return_error_if_cancelled (task))
    return;

  export = flt_aws_export_new (data->project, data->options, &error);
  if (export == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, export, g_object_unref);
}

/**
 * flt_aws_export_new_async:
 * @options: (nullable): copied; %NULL for the defaults
 *
 * Computes the export in a worker thread: it reads the services' env_file
 * files.  The project is only read, never changed.
 */
void
flt_aws_export_new_async (FltProject          *project,
                          const FltAwsOptions *options,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NewData *data;

  g_return_if_fail (FLT_IS_PROJECT (project));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (NewData, 1);
  data->project = g_object_ref (project);
  data->options = options ? flt_aws_options_copy (options) : flt_aws_options_new ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, flt_aws_export_new_async);
  g_task_set_task_data (task, data, (GDestroyNotify) new_data_free);
  g_task_run_in_thread (task, new_thread);
}

/**
 * flt_aws_export_new_finish:
 *
 * Returns: (transfer full) (nullable): the export, or %NULL with @error
 */
FltAwsExport *
flt_aws_export_new_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == flt_aws_export_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *folder;
  guint files;
  FltAwsWriteFlags flags;
  GStrv written;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->folder);
  g_strfreev (data->written);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (flt_aws_export_write (source_object, data->folder, data->files, data->flags, &data->written, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * flt_aws_export_write_async:
 *
 * flt_aws_export_write() in a worker thread.  Once the writing has started
 * it is not interrupted: cancelling then changes nothing.
 */
void
flt_aws_export_write_async (FltAwsExport        *self,
                            const char          *folder,
                            guint                files,
                            FltAwsWriteFlags     flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (FLT_IS_AWS_EXPORT (self));
  g_return_if_fail (folder != NULL);

  data = g_new0 (WriteData, 1);
  data->folder = g_strdup (folder);
  data->files = files;
  data->flags = flags;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flt_aws_export_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

/**
 * flt_aws_export_write_finish:
 * @written: (out) (optional) (transfer full): the paths written
 */
gboolean
flt_aws_export_write_finish (FltAwsExport  *self,
                             GAsyncResult  *result,
                             GStrv         *written,
                             GError       **error)
{
  WriteData *data;

  g_return_val_if_fail (FLT_IS_AWS_EXPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == flt_aws_export_write_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (written != NULL)
    *written = g_steal_pointer (&data->written);
  return g_task_propagate_boolean (G_TASK (result), error);
}
