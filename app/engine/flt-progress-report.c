/* flt-progress-report.c: a step of up, down or a stack deploy, to whoever listens
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The runner and the stack work on threads of their own.  A blocking
 * call's caller gets each step at once, on the thread that made it; an
 * asynchronous one's gets it in its own main context, as a copy, since
 * the step's strings do not outlive the call.
 */

#include "flt-progress-report.h"

typedef struct
{
  FltProgressFunc func;
  gpointer data;
  FltProgress progress;
  char *kind, *name, *service, *text;
} Delivery;

static gboolean
deliver (gpointer user_data)
{
  Delivery *d = user_data;

  d->func (&d->progress, d->data);
  return G_SOURCE_REMOVE;
}

static void
delivery_free (gpointer user_data)
{
  Delivery *d = user_data;

  g_free (d->kind);
  g_free (d->name);
  g_free (d->service);
  g_free (d->text);
  g_free (d);
}

/**
 * _flt_progress_report:
 * @func: (nullable): the listener; nothing happens without one
 * @deliver_to: (nullable): the main context to post the step to, or
 *   %NULL to call @func now
 * @lock: (nullable): held around a call now, so that steps reported from
 *   several threads come one at a time
 */
void
_flt_progress_report (FltProgressFunc    func,
                      gpointer           data,
                      GMainContext      *deliver_to,
                      GMutex            *lock,
                      const FltProgress *progress)
{
  Delivery *d;

  if (func == NULL)
    return;

  if (deliver_to == NULL)
    {
      if (lock != NULL)
        g_mutex_lock (lock);
      func (progress, data);
      if (lock != NULL)
        g_mutex_unlock (lock);
      return;
    }

  d = g_new0 (Delivery, 1);
  d->func = func;
  d->data = data;
  d->kind = g_strdup (progress->kind);
  d->name = g_strdup (progress->name);
  d->service = g_strdup (progress->service);
  d->text = g_strdup (progress->text);
  d->progress = *progress;
  d->progress.kind = d->kind;
  d->progress.name = d->name;
  d->progress.service = d->service;
  d->progress.text = d->text;
  g_main_context_invoke_full (deliver_to, G_PRIORITY_DEFAULT, deliver, d, delivery_free);
}
