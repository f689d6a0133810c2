/* flt-project-gio.c: the GIO side of projects: list models and loading
 * in a worker thread
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apart from flt-project.c so that the command line does not load GIO.
 */

#include "flt-project-private.h"

static GListModel *
model_for (FltProject *self,
           guint       which,
           GType       type,
           GPtrArray  *items)
{
  GListModel **slot = _flt_project_model_slot (self, which);

  if (*slot == NULL)
    {
      GListStore *store = g_list_store_new (type);

      g_list_store_splice (store, 0, 0, items->pdata, items->len);
      *slot = G_LIST_MODEL (store);
    }
  return *slot;
}

/**
 * flt_project_get_services:
 *
 * Returns: (transfer none): every service, in file order, including those
 *   that profiles leave out (see flt_service_get_enabled())
 */
GListModel *
flt_project_get_services (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return model_for (self, 0, FLT_TYPE_SERVICE, flt_project_get_service_list (self));
}

GListModel *
flt_project_get_networks (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return model_for (self, 1, FLT_TYPE_NETWORK, flt_project_get_network_list (self));
}

GListModel *
flt_project_get_volumes (FltProject *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT (self), NULL);

  return model_for (self, 2, FLT_TYPE_VOLUME, flt_project_get_volume_list (self));
}

typedef struct
{
  GPtrArray *files;
  FltProjectOptions options;
  char *project_name;
  char *project_directory;
  GStrv env_files;
  GStrv profiles;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_ptr_array_unref (data->files);
  g_clear_object (&data->options.environment);
  g_free (data->project_name);
  g_free (data->project_directory);
  g_strfreev (data->env_files);
  g_strfreev (data->profiles);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < data->files->len; i++)
    {
      GError *error = NULL;
      FltDocument *document = flt_document_new_for_file (g_ptr_array_index (data->files, i),
                                                         cancellable, &error);

      if (document == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (documents, document);
    }

  g_task_return_pointer (task,
                         flt_project_new ((FltDocument * const *) documents->pdata, documents->len,
                                          &data->options),
                         g_object_unref);
}

/**
 * flt_project_load_async:
 * @files: (element-type GFile): the compose files
 *
 * Reads the files and builds the project in a worker thread.
 */
void
flt_project_load_async (GPtrArray               *files,
                        const FltProjectOptions *options,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  data->files = g_ptr_array_ref (files);
  if (options != NULL)
    {
      data->project_name = g_strdup (options->project_name);
      data->project_directory = g_strdup (options->project_directory);
      data->env_files = g_strdupv ((char **) options->env_files);
      data->profiles = g_strdupv ((char **) options->profiles);
      data->options.load_env_files = options->load_env_files;
      if (options->environment != NULL)
        data->options.environment = flt_environment_copy (options->environment);
    }
  data->options.project_name = data->project_name;
  data->options.project_directory = data->project_directory;
  data->options.env_files = (const char * const *) data->env_files;
  data->options.profiles = (const char * const *) data->profiles;

  g_task_set_source_tag (task, flt_project_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

FltProject *
flt_project_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

