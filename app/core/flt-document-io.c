/* flt-document-io.c: documents and GIO: files, asynchronous load and save
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept apart from flt-document.c so that the command line, which works
 * with paths, does not pull GIO in: loading it costs more than validating
 * a small compose file.
 */

#include <glib/gi18n-lib.h>

#include "flt-document-private.h"

static char *
describe (GFile *file)
{
  char *path = g_file_get_path (file);

  return path ? path : g_file_get_uri (file);
}

/**
 * flt_document_new_for_file:
 *
 * Reads @file, which must be local.  A file that does not parse still
 * gives a document, whose flt_document_get_syntax_error() says what is
 * wrong; only a file that cannot be read is an error.
 *
 * Returns: (transfer full): the document, or %NULL on error
 */
FltDocument *
flt_document_new_for_file (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (g_file_peek_path (file) == NULL)
    {
      g_autofree char *name = describe (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not a local file; Flotilla opens compose files on this computer"), name);
      return NULL;
    }

  return _flt_document_load_path (g_file_peek_path (file), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  FltDocument *document = flt_document_new_for_file (file, cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

void
flt_document_load_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, flt_document_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

FltDocument *
flt_document_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * flt_document_get_file:
 *
 * Returns: (transfer none) (nullable): the file, %NULL before the first save
 */
GFile *
flt_document_get_file (FltDocument *self)
{
  GFile **slot;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), NULL);

  slot = _flt_document_file_slot (self);
  if (*slot == NULL && flt_document_get_path (self) != NULL)
    *slot = g_file_new_for_path (flt_document_get_path (self));
  return *slot;
}

static const char *
local_path (GFile   *file,
            GError **error)
{
  if (file == NULL)
    return NULL;
  if (g_file_peek_path (file) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("only local files can be saved"));
      return NULL;
    }
  return g_file_peek_path (file);
}

/**
 * flt_document_save:
 * @file: (nullable): where to save; %NULL saves to the document's file
 *
 * See flt_document_save_to_path().
 */
gboolean
flt_document_save (FltDocument   *self,
                   GFile         *file,
                   FltSaveFlags   flags,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const char *path = NULL;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  if (file != NULL && (path = local_path (file, error)) == NULL)
    return FALSE;

  return flt_document_save_to_path (self, path, flags, error);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (_flt_save_snapshot_write (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Only the write runs in a worker thread; the document's own state changes
 * in flt_document_save_finish(), on the caller's thread. */
void
flt_document_save_async (FltDocument         *self,
                         GFile               *file,
                         FltSaveFlags         flags,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  FltSaveSnapshot *snapshot;
  const char *path = NULL;

  g_return_if_fail (FLT_IS_DOCUMENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flt_document_save_async);

  if (file != NULL && (path = local_path (file, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  snapshot = _flt_document_snapshot (self, path, flags, &error);
  if (snapshot == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, snapshot, (GDestroyNotify) _flt_save_snapshot_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
flt_document_save_finish (FltDocument   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  _flt_document_commit_snapshot (self, g_task_get_task_data (G_TASK (result)));
  return TRUE;
}
