/* flt-log-filter.c: which lines of a log buffer are shown, and the matches
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every line is classified once, in arrival order: a cursor marks the
 * first line not looked at yet.  New lines move the end; a change of
 * services or search moves the cursor back to the first line.  Either way
 * the work is done in slices of a few milliseconds, so that a search over
 * a full buffer never holds up the main loop for long.
 *
 * When every service is shown and nothing is hidden, rows are the lines
 * themselves and no index is kept: the common case costs nothing.
 */

#include "flt-log-filter.h"

/* How long a slice of classification may take, in microseconds. */
#define SLICE_US 4000

struct _FltLogFilter
{
  GObject       parent_instance;

  FltLogBuffer *buffer;
  GHashTable   *services;        /* names shown; NULL: all */
  GByteArray   *service_mask;    /* by service index: shown or not */
  FltLogSearch *search;
  gboolean      hide_unmatched;

  gboolean      indexed;         /* rows below are kept, not implied */
  GArray       *rows;            /* guint64 sequence numbers */
  guint         rows_start;
  GArray       *matches;         /* FltLogMatch */
  guint         matches_start;
  guint64       match_base;      /* the ordinal of matches[matches_start] */
  gboolean      truncated;
  guint64       cursor;          /* the first line not classified */
  guint         idle_id;
};

G_DEFINE_FINAL_TYPE (FltLogFilter, flt_log_filter, G_TYPE_OBJECT)

enum {
  ROWS_CHANGED,
  MATCHES_CHANGED,
  RESET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void flt_log_filter_schedule (FltLogFilter *self);

/* Auxiliary methods */

static void
drop_front (GArray *array,
            guint  *start,
            guint   n)
{
  *start += n;
  /* Compact now and then, so that dropping stays cheap on average. */
  if (*start > 4096 && *start > array->len / 2)
    {
      g_array_remove_range (array, 0, *start);
      *start = 0;
    }
}

static gboolean
service_shown (FltLogFilter *self,
               guint         index)
{
  if (self->services == NULL)
    return TRUE;

  while (self->service_mask->len <= index)
    {
      const char *name = flt_log_buffer_get_service_name (self->buffer, self->service_mask->len);
      guint8 shown = g_hash_table_contains (self->services, name);

      g_byte_array_append (self->service_mask, &shown, 1);
    }
  return self->service_mask->data[index];
}

/* Forgets rows and matches before the buffer's first line. */
static void
trim_front (FltLogFilter *self,
            guint        *rows_removed,
            guint        *matches_removed)
{
  guint64 first = flt_log_buffer_get_first_seq (self->buffer);
  guint n;

  *rows_removed = 0;
  if (self->indexed)
    {
      for (n = 0; self->rows_start + n < self->rows->len; n++)
        if (g_array_index (self->rows, guint64, self->rows_start + n) >= first)
          break;
      drop_front (self->rows, &self->rows_start, n);
      *rows_removed = n;
    }

  for (n = 0; self->matches_start + n < self->matches->len; n++)
    if (g_array_index (self->matches, FltLogMatch, self->matches_start + n).seq >= first)
      break;
  drop_front (self->matches, &self->matches_start, n);
  self->match_base += n;
  *matches_removed = n;

  self->cursor = MAX (self->cursor, first);
}

static gboolean
needs_classifying (FltLogFilter *self)
{
  return self->indexed || self->search != NULL;
}

/* Starts over: after a change of what is shown, or a clear. */
static void
flt_log_filter_reset (FltLogFilter *self)
{
  g_assert (FLT_IS_LOG_FILTER (self));

  self->indexed = self->services != NULL || (self->hide_unmatched && self->search != NULL);
  g_array_set_size (self->rows, 0);
  self->rows_start = 0;
  self->match_base += self->matches->len - self->matches_start;
  g_array_set_size (self->matches, 0);
  self->matches_start = 0;
  self->truncated = FALSE;
  self->cursor = needs_classifying (self)
                 ? flt_log_buffer_get_first_seq (self->buffer)
                 : flt_log_buffer_get_end_seq (self->buffer);

  g_signal_emit (self, signals[RESET], 0);

  if (!flt_log_filter_process (self, SLICE_US))
    flt_log_filter_schedule (self);
}

static gboolean
process_idle_cb (gpointer user_data)
{
  FltLogFilter *self = user_data;

  if (flt_log_filter_process (self, SLICE_US))
    {
      self->idle_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
flt_log_filter_schedule (FltLogFilter *self)
{
  if (self->idle_id == 0 && !flt_log_filter_is_complete (self))
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, process_idle_cb, self, NULL);
}

/* Callbacks */

static void
buffer_lines_changed_cb (FltLogFilter *self,
                         guint         removed,
                         guint         added,
                         FltLogBuffer *buffer)
{
  guint rows_removed, matches_removed;

  trim_front (self, &rows_removed, &matches_removed);
  if (!needs_classifying (self))
    self->cursor = flt_log_buffer_get_end_seq (buffer);

  if (matches_removed > 0)
    g_signal_emit (self, signals[MATCHES_CHANGED], 0, matches_removed, 0);

  if (!self->indexed)
    g_signal_emit (self, signals[ROWS_CHANGED], 0, removed, added);
  else if (rows_removed > 0)
    g_signal_emit (self, signals[ROWS_CHANGED], 0, rows_removed, 0);

  if (!flt_log_filter_process (self, SLICE_US / 2))
    flt_log_filter_schedule (self);
}

static void
buffer_cleared_cb (FltLogFilter *self,
                   FltLogBuffer *buffer)
{
  flt_log_filter_reset (self);
}

/* Public API */

FltLogFilter *
flt_log_filter_new (FltLogBuffer *buffer)
{
  FltLogFilter *self;

  g_return_val_if_fail (FLT_IS_LOG_BUFFER (buffer), NULL);

  self = g_object_new (FLT_TYPE_LOG_FILTER, NULL);
  self->buffer = g_object_ref (buffer);
  self->cursor = flt_log_buffer_get_end_seq (buffer);
  g_signal_connect_object (buffer, "lines-changed", G_CALLBACK (buffer_lines_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "cleared", G_CALLBACK (buffer_cleared_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}

FltLogBuffer *
flt_log_filter_get_buffer (FltLogFilter *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), NULL);
  return self->buffer;
}

/**
 * flt_log_filter_set_services:
 * @services: (nullable) (array zero-terminated=1): the services to show;
 *   %NULL shows every service, including those that come later
 */
void
flt_log_filter_set_services (FltLogFilter       *self,
                             const char * const *services)
{
  g_return_if_fail (FLT_IS_LOG_FILTER (self));

  g_clear_pointer (&self->services, g_hash_table_unref);
  g_byte_array_set_size (self->service_mask, 0);
  if (services != NULL)
    {
      self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; services[i] != NULL; i++)
        g_hash_table_add (self->services, g_strdup (services[i]));
    }
  flt_log_filter_reset (self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Returns: (transfer full) (nullable): the services shown, sorted, or
 * %NULL for all */
char **
flt_log_filter_dup_services (FltLogFilter *self)
{
  g_autofree const char **names = NULL;
  guint n;
  char **copy;

  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), NULL);

  if (self->services == NULL)
    return NULL;
  names = (const char **) g_hash_table_get_keys_as_array (self->services, &n);
  copy = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (names[i]);
  g_qsort_with_data (copy, n, sizeof (char *), compare_names, NULL);
  return copy;
}

gboolean
flt_log_filter_includes_service (FltLogFilter *self,
                                 const char   *service)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), FALSE);
  return self->services == NULL || g_hash_table_contains (self->services, service);
}

/* @search: (nullable): what to find; %NULL for nothing */
void
flt_log_filter_set_search (FltLogFilter *self,
                           FltLogSearch *search)
{
  g_return_if_fail (FLT_IS_LOG_FILTER (self));

  if (self->search == search)
    return;
  g_clear_pointer (&self->search, flt_log_search_unref);
  self->search = search ? flt_log_search_ref (search) : NULL;
  flt_log_filter_reset (self);
}

FltLogSearch *
flt_log_filter_get_search (FltLogFilter *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), NULL);
  return self->search;
}

/* Filter mode: with a search, show only the lines that match it. */
void
flt_log_filter_set_hide_unmatched (FltLogFilter *self,
                                   gboolean      hide_unmatched)
{
  g_return_if_fail (FLT_IS_LOG_FILTER (self));

  hide_unmatched = !!hide_unmatched;
  if (self->hide_unmatched == hide_unmatched)
    return;
  self->hide_unmatched = hide_unmatched;
  flt_log_filter_reset (self);
}

gboolean
flt_log_filter_get_hide_unmatched (FltLogFilter *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), FALSE);
  return self->hide_unmatched;
}

guint
flt_log_filter_get_n_rows (FltLogFilter *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), 0);

  if (!self->indexed)
    return flt_log_buffer_get_n_lines (self->buffer);
  return self->rows->len - self->rows_start;
}

/* Returns: the buffer index of the line shown in @row */
guint
flt_log_filter_get_line (FltLogFilter *self,
                         guint         row)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), 0);
  g_return_val_if_fail (row < flt_log_filter_get_n_rows (self), 0);

  if (!self->indexed)
    return row;
  return g_array_index (self->rows, guint64, self->rows_start + row) -
         flt_log_buffer_get_first_seq (self->buffer);
}

/* Returns: the first row showing line @seq or a later one; the number of
 * rows when there is none */
guint
flt_log_filter_row_for_seq (FltLogFilter *self,
                            guint64       seq)
{
  guint64 first;
  guint low, high;

  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), 0);

  first = flt_log_buffer_get_first_seq (self->buffer);
  if (!self->indexed)
    return seq <= first ? 0 : (guint) MIN (seq - first, flt_log_filter_get_n_rows (self));

  low = 0;
  high = self->rows->len - self->rows_start;
  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (self->rows, guint64, self->rows_start + mid) < seq)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* Returns: (transfer full): the buffer indices of every row */
guint *
flt_log_filter_dup_lines (FltLogFilter *self,
                          guint        *n_lines)
{
  guint n = flt_log_filter_get_n_rows (self);
  guint *lines = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    lines[i] = flt_log_filter_get_line (self, i);
  *n_lines = n;
  return lines;
}

guint
flt_log_filter_get_n_matches (FltLogFilter *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), 0);
  return self->matches->len - self->matches_start;
}

/* Whether more matches were found than are kept. */
gboolean
flt_log_filter_get_matches_truncated (FltLogFilter *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), FALSE);
  return self->truncated;
}

const FltLogMatch *
flt_log_filter_get_match (FltLogFilter *self,
                          guint         index)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), NULL);
  g_return_val_if_fail (index < flt_log_filter_get_n_matches (self), NULL);
  return &g_array_index (self->matches, FltLogMatch, self->matches_start + index);
}

/* The ordinal of match 0.  Ordinals stay with their match while it
 * stays, and are never given twice, so the view can keep the current
 * match by ordinal while older ones go. */
guint64
flt_log_filter_get_match_base (FltLogFilter *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), 0);
  return self->match_base;
}

/* Returns: the index of the first match in line @seq or a later line */
guint
flt_log_filter_match_for_seq (FltLogFilter *self,
                              guint64       seq)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), 0);

  high = flt_log_filter_get_n_matches (self);
  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (flt_log_filter_get_match (self, mid)->seq < seq)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

gboolean
flt_log_filter_is_complete (FltLogFilter *self)
{
  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), TRUE);
  return self->cursor >= flt_log_buffer_get_end_seq (self->buffer);
}

/**
 * flt_log_filter_process:
 * @budget_us: how long to work, in microseconds; -1 to finish
 *
 * Classifies lines not looked at yet, emitting ::rows-changed and
 * ::matches-changed for what it adds.
 *
 * Returns: whether every line has been classified
 */
gboolean
flt_log_filter_process (FltLogFilter *self,
                        gint64        budget_us)
{
  gint64 deadline = budget_us >= 0 ? g_get_monotonic_time () + budget_us : G_MAXINT64;
  guint64 first, end;
  guint rows_added = 0;
  guint matches_added = 0;
  guint count = 0;

  g_return_val_if_fail (FLT_IS_LOG_FILTER (self), TRUE);

  first = flt_log_buffer_get_first_seq (self->buffer);
  end = flt_log_buffer_get_end_seq (self->buffer);
  self->cursor = MAX (self->cursor, first);

  while (self->cursor < end)
    {
      guint index = self->cursor - first;
      gboolean shown = TRUE;

      if (self->services != NULL)
        shown = service_shown (self, flt_log_buffer_get_service_index_at (self->buffer, index));

      if (shown && self->search != NULL)
        {
          FltLogEntry entry;
          gsize from = 0, start, end_byte;
          guint found = 0;

          flt_log_buffer_get_entry (self->buffer, index, &entry);
          while (flt_log_search_find (self->search, entry.text, entry.length, from, &start, &end_byte))
            {
              found++;
              if (self->matches->len - self->matches_start < FLT_LOG_FILTER_MAX_MATCHES)
                {
                  FltLogMatch match = { self->cursor, start, end_byte };

                  g_array_append_val (self->matches, match);
                  matches_added++;
                }
              else
                {
                  self->truncated = TRUE;
                  break;
                }
              from = end_byte;
            }
          if (found == 0 && self->hide_unmatched)
            shown = FALSE;
        }

      if (shown && self->indexed)
        {
          g_array_append_val (self->rows, self->cursor);
          rows_added++;
        }

      self->cursor++;
      if ((++count & 127) == 0 && g_get_monotonic_time () >= deadline)
        break;
    }

  if (rows_added > 0)
    g_signal_emit (self, signals[ROWS_CHANGED], 0, 0, rows_added);
  if (matches_added > 0)
    g_signal_emit (self, signals[MATCHES_CHANGED], 0, 0, matches_added);

  return flt_log_filter_is_complete (self);
}

/* GObject */

static void
flt_log_filter_dispose (GObject *object)
{
  FltLogFilter *self = FLT_LOG_FILTER (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (flt_log_filter_parent_class)->dispose (object);
}

static void
flt_log_filter_finalize (GObject *object)
{
  FltLogFilter *self = FLT_LOG_FILTER (object);

  g_clear_pointer (&self->services, g_hash_table_unref);
  g_clear_pointer (&self->search, flt_log_search_unref);
  g_byte_array_unref (self->service_mask);
  g_array_unref (self->rows);
  g_array_unref (self->matches);

  G_OBJECT_CLASS (flt_log_filter_parent_class)->finalize (object);
}

static void
flt_log_filter_class_init (FltLogFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_log_filter_dispose;
  object_class->finalize = flt_log_filter_finalize;

  /**
   * FltLogFilter::rows-changed:
   * @removed: rows gone from the front
   * @added: rows added at the end
   */
  signals[ROWS_CHANGED] =
    g_signal_new ("rows-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * FltLogFilter::matches-changed:
   * @removed: matches gone from the front
   * @added: matches added at the end
   */
  signals[MATCHES_CHANGED] =
    g_signal_new ("matches-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /* Rows and matches start over; the ones added next come from the
   * first line. */
  signals[RESET] =
    g_signal_new ("reset",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
flt_log_filter_init (FltLogFilter *self)
{
  self->service_mask = g_byte_array_new ();
  self->rows = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->matches = g_array_new (FALSE, FALSE, sizeof (FltLogMatch));
}
