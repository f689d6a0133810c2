/* flt-log-buffer.c: a bounded ring of log lines, searchable, without widgets
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Memory stays flat however many lines go through: a line is a 24-byte
 * record in a ring of at most `capacity` records, and its text sits in the
 * text block of the batch it came with.  Blocks leave in the order they
 * came, once the last of their lines has been evicted (or once the last
 * snapshot holding them is written), so there is no allocation per line
 * and nothing to compact.
 */

#define _GNU_SOURCE   /* memmem */

#include <string.h>
#include <time.h>

#include <glib/gi18n.h>

#include "flt-log-buffer.h"

#define TIMESTAMP_WIDTH 23          /* "2026-01-05 12:34:56.789" */
#define MAX_SOURCES G_MAXUINT16

/* ----------------------------------------------------------------------
 * Batches
 * ---------------------------------------------------------------------- */

typedef struct
{
  gsize   offset;
  gint64  timestamp;
  guint32 length;
  guint16 source;
  guint8  stream;
} BatchRecord;

typedef struct
{
  char *container;
  char *service;
  int   number;
} BatchSource;

struct _FltLogBatch
{
  char        *text;
  gsize        text_len;
  gsize        text_alloc;
  BatchRecord *records;
  guint        n_records;
  guint        records_alloc;
  GPtrArray   *sources;        /* BatchSource */
  guint        last_source;
};

static void
batch_source_free (BatchSource *source)
{
  g_free (source->container);
  g_free (source->service);
  g_free (source);
}

FltLogBatch *
flt_log_batch_new (void)
{
  FltLogBatch *self = g_new0 (FltLogBatch, 1);

  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_source_free);
  self->last_source = G_MAXUINT;
  return self;
}

void
flt_log_batch_free (FltLogBatch *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self->records);
  g_ptr_array_unref (self->sources);
  g_free (self);
}

guint
flt_log_batch_get_length (FltLogBatch *self)
{
  return self->n_records;
}

gsize
flt_log_batch_get_size (FltLogBatch *self)
{
  return self->text_len;
}

static gboolean
batch_source_is (BatchSource      *source,
                 const FltLogLine *line)
{
  return source->number == line->number &&
         g_strcmp0 (source->service, line->service) == 0 &&
         g_strcmp0 (source->container, line->container) == 0;
}

static guint16
batch_intern_source (FltLogBatch      *self,
                     const FltLogLine *line)
{
  BatchSource *source;

  /* Lines come in runs from one container: check the last one first. */
  if (self->last_source != G_MAXUINT &&
      batch_source_is (g_ptr_array_index (self->sources, self->last_source), line))
    return self->last_source;

  for (guint i = 0; i < self->sources->len; i++)
    if (batch_source_is (g_ptr_array_index (self->sources, i), line))
      return self->last_source = i;

  if (self->sources->len >= MAX_SOURCES)
    return self->sources->len - 1;

  source = g_new0 (BatchSource, 1);
  source->container = g_strdup (line->container ? line->container : "");
  source->service = g_strdup (line->service ? line->service : "");
  source->number = line->number;
  g_ptr_array_add (self->sources, source);
  return self->last_source = self->sources->len - 1;
}

/* What the view can show: valid UTF-8 without terminal escape sequences
 * (colours, cursor moves) or other control characters but the tab.
 * @out has room for 3 * @length bytes: each invalid byte becomes U+FFFD. */
static gsize
sanitize (const char *text,
          gsize       length,
          char       *out)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;
  char *o = out;

  while (p < end)
    {
      guchar c = *p;

      if (c >= 0x20 && c < 0x7f)
        {
          const guchar *run = p;

          while (p < end && *p >= 0x20 && *p < 0x7f)
            p++;
          memcpy (o, run, p - run);
          o += p - run;
        }
      else if (c == '\t')
        {
          *o++ = '\t';
          p++;
        }
      else if (c == 0x1b)
        {
          p++;
          if (p < end && *p == '[')
            {
              /* CSI: parameters and intermediates, then one final byte. */
              p++;
              while (p < end && *p >= 0x20 && *p <= 0x3f)
                p++;
              if (p < end && *p >= 0x40 && *p <= 0x7e)
                p++;
            }
          else if (p < end && *p == ']')
            {
              /* OSC (titles, hyperlinks): up to BEL or ESC \. */
              p++;
              while (p < end && *p != 0x07 && *p != 0x1b)
                p++;
              if (p < end && *p == 0x07)
                p++;
              else if (p + 1 < end && *p == 0x1b && p[1] == '\\')
                p += 2;
            }
          else if (p < end)
            p++;
        }
      else if (c < 0x80)
        p++;                                /* other control characters */
      else
        {
          gunichar ch = g_utf8_get_char_validated ((const char *) p, end - p);

          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            {
              memcpy (o, "\xef\xbf\xbd", 3);
              o += 3;
              p++;
            }
          else
            {
              guint n = g_utf8_skip[c];

              memcpy (o, p, n);
              o += n;
              p += n;
            }
        }
    }

  return o - out;
}

static gboolean
is_plain (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (c < 0x20 || c >= 0x7f)
        return FALSE;
    }
  return TRUE;
}

/**
 * flt_log_batch_add:
 *
 * Copies @line into the batch, dropping escape sequences and making the
 * text valid UTF-8.
 */
void
flt_log_batch_add (FltLogBatch      *self,
                   const FltLogLine *line)
{
  gsize length = line->text != NULL ? line->length : 0;
  gsize room = length * 3;
  BatchRecord *record;

  g_return_if_fail (self != NULL);

  /* A record holds a 32-bit length; the demuxer never makes lines this
   * long, but a caller might. */
  if (length > G_MAXUINT32 / 3)
    length = room = G_MAXUINT32 / 3;

  if (self->text_len + room > self->text_alloc)
    {
      self->text_alloc = MAX (MAX (self->text_alloc * 2, self->text_len + room), 16384);
      self->text = g_realloc (self->text, self->text_alloc);
    }
  if (self->n_records == self->records_alloc)
    {
      self->records_alloc = MAX (self->records_alloc * 2, 256);
      self->records = g_renew (BatchRecord, self->records, self->records_alloc);
    }

  record = &self->records[self->n_records++];
  record->offset = self->text_len;
  record->timestamp = line->timestamp;
  record->stream = line->stream;
  record->source = batch_intern_source (self, line);

  if (is_plain (line->text, length))
    {
      memcpy (self->text + self->text_len, line->text, length);
      record->length = length;
    }
  else
    record->length = sanitize (line->text, length, self->text + self->text_len);
  self->text_len += record->length;
}

/* ----------------------------------------------------------------------
 * The buffer
 * ---------------------------------------------------------------------- */

/* One batch's text, shared by its lines in the ring and by snapshots. */
typedef struct
{
  gatomicrefcount ref;
  guint64         end_seq;    /* the sequence number after its last line */
  char           *text;
} Chunk;

typedef struct
{
  const char *text;
  gint64      timestamp;
  guint32     length;
  guint16     source;
  guint8      stream;
} Record;

G_STATIC_ASSERT (sizeof (Record) <= 24);

typedef struct
{
  char *container;
  char *service;
  char *label;
  int   number;
  guint service_index;
} Source;

typedef struct
{
  char *name;
  guint n_lines;
} Service;

struct _FltLogBuffer
{
  GObject     parent_instance;

  guint       capacity;
  Record     *ring;
  guint       ring_alloc;
  guint       head;
  guint       n_lines;
  guint64     first_seq;
  GQueue      chunks;          /* Chunk, oldest first */

  GPtrArray  *sources;         /* Source */
  GHashTable *source_ids;      /* "container\nservice\nnumber" → index + 1 */
  GPtrArray  *services;        /* Service */
  GHashTable *service_ids;     /* name → index + 1 */
  guint       label_width;
};

G_DEFINE_FINAL_TYPE (FltLogBuffer, flt_log_buffer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAPACITY,
  PROP_N_LINES,
  N_PROPS
};

enum {
  LINES_CHANGED,
  CLEARED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static Chunk *
chunk_ref (Chunk *chunk)
{
  g_atomic_ref_count_inc (&chunk->ref);
  return chunk;
}

static void
chunk_unref (Chunk *chunk)
{
  if (g_atomic_ref_count_dec (&chunk->ref))
    {
      g_free (chunk->text);
      g_free (chunk);
    }
}

static void
source_free (Source *source)
{
  g_free (source->container);
  g_free (source->service);
  g_free (source->label);
  g_free (source);
}

static void
service_free (Service *service)
{
  g_free (service->name);
  g_free (service);
}

static inline Record *
ring_at (FltLogBuffer *self,
         guint         index)
{
  guint i = self->head + index;

  if (i >= self->ring_alloc)
    i -= self->ring_alloc;
  return &self->ring[i];
}

/* Makes room for @needed records, never more than the capacity. */
static void
ring_resize (FltLogBuffer *self,
             guint         alloc)
{
  Record *ring;

  g_assert (alloc >= self->n_lines);

  if (alloc == self->ring_alloc)
    return;

  ring = alloc > 0 ? g_new (Record, alloc) : NULL;
  for (guint i = 0; i < self->n_lines; i++)
    ring[i] = *ring_at (self, i);
  g_free (self->ring);
  self->ring = ring;
  self->ring_alloc = alloc;
  self->head = 0;
}

static void
ring_reserve (FltLogBuffer *self,
              guint         needed)
{
  guint alloc;

  if (needed <= self->ring_alloc)
    return;
  alloc = MAX (needed, MIN (G_MAXUINT / 2, self->ring_alloc) * 2);
  alloc = MAX (alloc, 1024);
  ring_resize (self, MIN (alloc, self->capacity));
}

static void
release_chunks (FltLogBuffer *self)
{
  Chunk *chunk;

  while ((chunk = g_queue_peek_head (&self->chunks)) != NULL &&
         (chunk->end_seq <= self->first_seq || self->n_lines == 0))
    chunk_unref (g_queue_pop_head (&self->chunks));
}

static void
evict (FltLogBuffer *self,
       guint         n)
{
  g_assert (n <= self->n_lines);

  for (guint i = 0; i < n; i++)
    {
      Record *record = ring_at (self, i);
      Source *source = g_ptr_array_index (self->sources, record->source);
      Service *service = g_ptr_array_index (self->services, source->service_index);

      service->n_lines--;
    }

  self->head = self->ring_alloc > 0 ? (self->head + n) % self->ring_alloc : 0;
  self->n_lines -= n;
  self->first_seq += n;
  if (self->n_lines == 0)
    self->head = 0;
}

/**
 * flt_log_buffer_intern_service:
 *
 * Makes @service known, so that it gets the next prefix colour.  Calling
 * it with a project's services in file order gives them their colours in
 * that order, whichever speaks first.
 *
 * Returns: the service's index
 */
guint
flt_log_buffer_intern_service (FltLogBuffer *self,
                               const char   *service)
{
  gpointer id;
  Service *entry;

  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), 0);
  g_return_val_if_fail (service != NULL, 0);

  id = g_hash_table_lookup (self->service_ids, service);
  if (id != NULL)
    return GPOINTER_TO_UINT (id) - 1;

  entry = g_new0 (Service, 1);
  entry->name = g_strdup (service);
  g_ptr_array_add (self->services, entry);
  g_hash_table_insert (self->service_ids, entry->name, GUINT_TO_POINTER (self->services->len));
  return self->services->len - 1;
}


/* "web-2" for a project's container; a Swarm task's name says its slot
 * and node already ("web.2@node1", flt-stack-logs.c), so it is its own. */
static char *
source_label (const Source *source)
{
  gsize length = strlen (source->service);

  if (source->container != NULL && strncmp (source->container, source->service, length) == 0 &&
      (source->container[length] == '.' || source->container[length] == '@') &&
      strchr (source->container, '@') != NULL)
    return g_strdup (source->container);
  if (source->number > 0)
    return g_strdup_printf ("%s-%d", source->service, source->number);
  return g_strdup (source->service);
}

static guint16
intern_source (FltLogBuffer *self,
               BatchSource  *batch_source)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s\n%d", batch_source->container,
                                          batch_source->service, batch_source->number);
  gpointer id = g_hash_table_lookup (self->source_ids, key);
  Source *source;
  guint width;

  if (id != NULL)
    return GPOINTER_TO_UINT (id) - 1;
  if (self->sources->len >= MAX_SOURCES)
    return self->sources->len - 1;

  source = g_new0 (Source, 1);
  source->container = g_strdup (batch_source->container);
  source->service = g_strdup (batch_source->service);
  source->number = batch_source->number;
  source->label = source_label (source);
  source->service_index = flt_log_buffer_intern_service (self, source->service);
  g_ptr_array_add (self->sources, source);
  g_hash_table_insert (self->source_ids, g_steal_pointer (&key), GUINT_TO_POINTER (self->sources->len));

  width = g_utf8_strlen (source->label, -1);
  self->label_width = MAX (self->label_width, width);

  return self->sources->len - 1;
}

/**
 * flt_log_buffer_append_batch:
 * @batch: (transfer full): the lines
 *
 * Adds the lines of @batch at the end, evicting the oldest lines beyond
 * the capacity; then emits ::lines-changed once.
 */
void
flt_log_buffer_append_batch (FltLogBuffer *self,
                             FltLogBatch  *batch)
{
  g_autofree guint16 *map = NULL;
  guint n, skip, keep, removed;
  Chunk *chunk;

  g_return_if_fail (FLT_IS_LOG_BUFFER (self));
  g_return_if_fail (batch != NULL);

  n = batch->n_records;
  if (n == 0)
    {
      flt_log_batch_free (batch);
      return;
    }

  /* Lines beyond the capacity would be evicted at once: skip them. */
  skip = n > self->capacity ? n - self->capacity : 0;
  keep = n - skip;
  removed = self->n_lines + keep > self->capacity ? self->n_lines + keep - self->capacity : 0;
  evict (self, removed);
  self->first_seq += skip;

  map = g_new (guint16, batch->sources->len);
  for (guint i = 0; i < batch->sources->len; i++)
    map[i] = intern_source (self, g_ptr_array_index (batch->sources, i));

  chunk = g_new0 (Chunk, 1);
  g_atomic_ref_count_init (&chunk->ref);
  /* Give back the slack of the last doubling before pointing into it. */
  chunk->text = g_realloc (g_steal_pointer (&batch->text), MAX (batch->text_len, 1));

  ring_reserve (self, self->n_lines + keep);
  for (guint i = skip; i < n; i++)
    {
      const BatchRecord *in = &batch->records[i];
      Record *out;
      Source *source;

      self->n_lines++;
      out = ring_at (self, self->n_lines - 1);
      out->text = chunk->text + in->offset;
      out->length = in->length;
      out->timestamp = in->timestamp;
      out->stream = in->stream;
      out->source = map[in->source];

      source = g_ptr_array_index (self->sources, out->source);
      ((Service *) g_ptr_array_index (self->services, source->service_index))->n_lines++;
    }

  chunk->end_seq = self->first_seq + self->n_lines;
  g_queue_push_tail (&self->chunks, chunk);
  release_chunks (self);
  flt_log_batch_free (batch);

  g_signal_emit (self, signals[LINES_CHANGED], 0, removed, keep);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
}

/* The same, for lines at hand. */
void
flt_log_buffer_append (FltLogBuffer     *self,
                       const FltLogLine *lines,
                       guint             n_lines)
{
  FltLogBatch *batch;

  g_return_if_fail (FLT_IS_LOG_BUFFER (self));
  g_return_if_fail (lines != NULL || n_lines == 0);

  batch = flt_log_batch_new ();
  for (guint i = 0; i < n_lines; i++)
    flt_log_batch_add (batch, &lines[i]);
  flt_log_buffer_append_batch (self, batch);
}

/* Forgets every line; services keep their colours. */
void
flt_log_buffer_clear (FltLogBuffer *self)
{
  g_return_if_fail (FLT_IS_LOG_BUFFER (self));

  self->first_seq += self->n_lines;
  self->n_lines = 0;
  self->head = 0;
  for (guint i = 0; i < self->services->len; i++)
    ((Service *) g_ptr_array_index (self->services, i))->n_lines = 0;
  g_queue_clear_full (&self->chunks, (GDestroyNotify) chunk_unref);
  ring_resize (self, 0);

  g_signal_emit (self, signals[CLEARED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
}

guint
flt_log_buffer_get_capacity (FltLogBuffer *self)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), 0);
  return self->capacity;
}

/* Evicts what no longer fits, at once. */
void
flt_log_buffer_set_capacity (FltLogBuffer *self,
                             guint         capacity)
{
  guint removed = 0;

  g_return_if_fail (FLT_IS_LOG_BUFFER (self));
  g_return_if_fail (capacity > 0);

  if (self->capacity == capacity)
    return;

  self->capacity = capacity;
  if (self->n_lines > capacity)
    {
      removed = self->n_lines - capacity;
      evict (self, removed);
      release_chunks (self);
    }
  if (self->ring_alloc > capacity)
    ring_resize (self, capacity);

  if (removed > 0)
    {
      g_signal_emit (self, signals[LINES_CHANGED], 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

guint
flt_log_buffer_get_n_lines (FltLogBuffer *self)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), 0);
  return self->n_lines;
}

/* The sequence number of line 0. */
guint64
flt_log_buffer_get_first_seq (FltLogBuffer *self)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), 0);
  return self->first_seq;
}

/* The sequence number the next line will get. */
guint64
flt_log_buffer_get_end_seq (FltLogBuffer *self)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), 0);
  return self->first_seq + self->n_lines;
}

gboolean
flt_log_buffer_get_entry (FltLogBuffer *self,
                          guint         index,
                          FltLogEntry  *entry)
{
  const Record *record;
  const Source *source;

  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  if (index >= self->n_lines)
    return FALSE;

  record = ring_at (self, index);
  source = g_ptr_array_index (self->sources, record->source);
  entry->text = record->text;
  entry->length = record->length;
  entry->timestamp = record->timestamp;
  entry->stream = record->stream;
  entry->service = source->service;
  entry->container = source->container;
  entry->number = source->number;
  entry->label = source->label;
  entry->service_index = source->service_index;
  entry->seq = self->first_seq + index;
  return TRUE;
}

/* Cheaper than a whole entry, for filtering by service. */
guint
flt_log_buffer_get_service_index_at (FltLogBuffer *self,
                                     guint         index)
{
  const Record *record;

  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), 0);
  g_return_val_if_fail (index < self->n_lines, 0);

  record = ring_at (self, index);
  return ((Source *) g_ptr_array_index (self->sources, record->source))->service_index;
}

guint
flt_log_buffer_get_n_services (FltLogBuffer *self)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), 0);
  return self->services->len;
}

const char *
flt_log_buffer_get_service_name (FltLogBuffer *self,
                                 guint         service_index)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), NULL);
  g_return_val_if_fail (service_index < self->services->len, NULL);
  return ((Service *) g_ptr_array_index (self->services, service_index))->name;
}

/* Returns: the service's index, or -1 when the buffer has not met it */
int
flt_log_buffer_lookup_service (FltLogBuffer *self,
                               const char   *service)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), -1);
  g_return_val_if_fail (service != NULL, -1);
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->service_ids, service)) - 1;
}

/* How many of the lines now held came from @service. */
guint
flt_log_buffer_count_service_lines (FltLogBuffer *self,
                                    const char   *service)
{
  int index = flt_log_buffer_lookup_service (self, service);

  if (index < 0)
    return 0;
  return ((Service *) g_ptr_array_index (self->services, index))->n_lines;
}

/* The widest prefix label met so far, in characters. */
guint
flt_log_buffer_get_label_width (FltLogBuffer *self)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), 0);
  return self->label_width;
}

/* ----------------------------------------------------------------------
 * Formatting
 * ---------------------------------------------------------------------- */

/* Local time with milliseconds; an absent timestamp is as many spaces,
 * so that columns stay aligned.  Returns the length written. */
gsize
flt_log_format_timestamp (gint64  timestamp,
                          char   *out,
                          gsize   out_size)
{
  struct tm tm;
  time_t seconds;

  g_return_val_if_fail (out_size > TIMESTAMP_WIDTH, 0);

  if (timestamp < 0)
    {
      memset (out, ' ', TIMESTAMP_WIDTH);
      out[TIMESTAMP_WIDTH] = '\0';
      return TIMESTAMP_WIDTH;
    }

  seconds = (time_t) (timestamp / G_GINT64_CONSTANT (1000000000));
  if (localtime_r (&seconds, &tm) == NULL)
    memset (&tm, 0, sizeof tm);
  return g_snprintf (out, out_size, "%04d-%02d-%02d %02d:%02d:%02d.%03d",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec,
                     (int) (timestamp / 1000000 % 1000));
}

/**
 * flt_log_format_row:
 * @out: where to append the row
 * @label_width: the width to pad the label to, in characters
 * @timestamps: whether to begin with the timestamp
 * @max_text: the most bytes of text to show; longer text ends in "…"
 * @text_offset: (out) (optional): where the text begins in @out
 *
 * Appends what a row shows: "2026-01-05 12:34:56.789 web-1  | text", as
 * Compose prints it with its prefixes.
 */
void
flt_log_format_row (GString           *out,
                    const FltLogEntry *entry,
                    guint              label_width,
                    gboolean           timestamps,
                    gsize              max_text,
                    gsize             *text_offset)
{
  guint width;

  if (timestamps)
    {
      char stamp[64];

      g_string_append_len (out, stamp, flt_log_format_timestamp (entry->timestamp, stamp, sizeof stamp));
      g_string_append_c (out, ' ');
    }

  g_string_append (out, entry->label);
  width = g_utf8_strlen (entry->label, -1);
  for (; width < label_width; width++)
    g_string_append_c (out, ' ');
  g_string_append (out, " | ");

  if (text_offset != NULL)
    *text_offset = out->len;

  if (entry->length > max_text)
    {
      const char *cut = entry->text + max_text;

      /* The text is valid UTF-8: back up to the start of a character. */
      while (cut > entry->text && ((guchar) *cut & 0xc0) == 0x80)
        cut--;
      g_string_append_len (out, entry->text, cut - entry->text);
      g_string_append (out, "…");
    }
  else
    g_string_append_len (out, entry->text, entry->length);
}

/* ----------------------------------------------------------------------
 * Snapshots
 * ---------------------------------------------------------------------- */

struct _FltLogSnapshot
{
  Record    *records;
  guint      n_records;
  GPtrArray *chunks;       /* Chunk */
  GPtrArray *sources;      /* Source, copies */
  guint      label_width;
};

/**
 * flt_log_buffer_snapshot:
 * @indices: (nullable) (array length=n_indices): the lines to keep, by
 *   index; %NULL for all
 *
 * Copies the records of some lines (24 bytes each) and holds on to their
 * text, so that a worker thread can write them while the buffer goes on.
 */
FltLogSnapshot *
flt_log_buffer_snapshot (FltLogBuffer *self,
                         const guint  *indices,
                         guint         n_indices)
{
  FltLogSnapshot *snapshot;

  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), NULL);

  if (indices == NULL)
    n_indices = self->n_lines;
  for (guint i = 0; indices != NULL && i < n_indices; i++)
    g_return_val_if_fail (indices[i] < self->n_lines, NULL);

  snapshot = g_new0 (FltLogSnapshot, 1);
  snapshot->records = g_new (Record, MAX (n_indices, 1));
  for (guint i = 0; i < n_indices; i++)
    {
      guint index = indices ? indices[i] : i;

      snapshot->records[snapshot->n_records++] = *ring_at (self, index);
    }

  snapshot->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_unref);
  for (GList *l = self->chunks.head; l != NULL; l = l->next)
    g_ptr_array_add (snapshot->chunks, chunk_ref (l->data));

  snapshot->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  for (guint i = 0; i < self->sources->len; i++)
    {
      const Source *source = g_ptr_array_index (self->sources, i);
      Source *copy = g_new0 (Source, 1);

      copy->container = g_strdup (source->container);
      copy->service = g_strdup (source->service);
      copy->label = g_strdup (source->label);
      copy->number = source->number;
      copy->service_index = source->service_index;
      g_ptr_array_add (snapshot->sources, copy);
    }
  snapshot->label_width = self->label_width;

  return snapshot;
}

guint
flt_log_snapshot_get_n_lines (FltLogSnapshot *self)
{
  return self->n_records;
}

/**
 * flt_log_snapshot_write:
 *
 * Writes the lines as the view shows them, one per line.  Blocks: meant
 * for a worker thread.
 */
gboolean
flt_log_snapshot_write (FltLogSnapshot  *self,
                        GOutputStream   *stream,
                        gboolean         timestamps,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(GString) text = g_string_sized_new (128 * 1024);

  for (guint i = 0; i < self->n_records; i++)
    {
      const Record *record = &self->records[i];
      const Source *source = g_ptr_array_index (self->sources, record->source);
      FltLogEntry entry = {
        .text = record->text,
        .length = record->length,
        .timestamp = record->timestamp,
        .stream = record->stream,
        .service = source->service,
        .container = source->container,
        .number = source->number,
        .label = source->label,
        .service_index = source->service_index,
      };

      flt_log_format_row (text, &entry, self->label_width, timestamps, G_MAXSIZE, NULL);
      g_string_append_c (text, '\n');

      if (text->len >= 64 * 1024 || i + 1 == self->n_records)
        {
          if (!g_output_stream_write_all (stream, text->str, text->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (text, 0);
        }
    }

  return TRUE;
}

void
flt_log_snapshot_free (FltLogSnapshot *self)
{
  if (self == NULL)
    return;
  g_free (self->records);
  g_ptr_array_unref (self->chunks);
  g_ptr_array_unref (self->sources);
  g_free (self);
}

/* ----------------------------------------------------------------------
 * Searching
 * ---------------------------------------------------------------------- */

struct _FltLogSearch
{
  gatomicrefcount   ref;
  char             *text;
  gsize             length;
  FltLogSearchFlags flags;
  GRegex           *regex;     /* NULL for plain text matched with case */
};

/**
 * flt_log_search_new:
 * @text: what to look for; not empty
 * @error: set to a #GRegexError when @text is not a valid expression
 *
 * Returns: (transfer full) (nullable): the query, or %NULL with @error set
 */
FltLogSearch *
flt_log_search_new (const char         *text,
                    FltLogSearchFlags   flags,
                    GError            **error)
{
  g_autoptr(GRegex) regex = NULL;
  FltLogSearch *self;

  g_return_val_if_fail (text != NULL && *text != '\0', NULL);

  if ((flags & FLT_LOG_SEARCH_REGEX) || !(flags & FLT_LOG_SEARCH_MATCH_CASE))
    {
      g_autofree char *pattern = (flags & FLT_LOG_SEARCH_REGEX)
                                 ? g_strdup (text) : g_regex_escape_string (text, -1);
      GRegexCompileFlags compile = G_REGEX_OPTIMIZE;

      if (!(flags & FLT_LOG_SEARCH_MATCH_CASE))
        compile |= G_REGEX_CASELESS;
      regex = g_regex_new (pattern, compile, 0, error);
      if (regex == NULL)
        return NULL;
    }

  self = g_new0 (FltLogSearch, 1);
  g_atomic_ref_count_init (&self->ref);
  self->text = g_strdup (text);
  self->length = strlen (text);
  self->flags = flags;
  self->regex = g_steal_pointer (&regex);
  return self;
}

FltLogSearch *
flt_log_search_ref (FltLogSearch *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
flt_log_search_unref (FltLogSearch *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref))
    {
      g_clear_pointer (&self->regex, g_regex_unref);
      g_free (self->text);
      g_free (self);
    }
}

const char *
flt_log_search_get_text (FltLogSearch *self)
{
  return self->text;
}

FltLogSearchFlags
flt_log_search_get_flags (FltLogSearch *self)
{
  return self->flags;
}

/**
 * flt_log_search_find:
 * @text: a line, valid UTF-8, not necessarily NUL-terminated
 * @from: where to start, a character boundary
 * @match_start: (out): where the match begins, in bytes
 * @match_end: (out): where it ends
 *
 * Finds the first non-empty match at or after @from.
 */
gboolean
flt_log_search_find (FltLogSearch *self,
                     const char   *text,
                     gsize         length,
                     gsize         from,
                     gsize        *match_start,
                     gsize        *match_end)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (from >= length)
    return FALSE;

  if (self->regex == NULL)
    {
      const char *hit = memmem (text + from, length - from, self->text, self->length);

      if (hit == NULL)
        return FALSE;
      *match_start = hit - text;
      *match_end = *match_start + self->length;
      return TRUE;
    }
  else
    {
      g_autoptr(GMatchInfo) info = NULL;
      int start, end;

      /* NOTEMPTY: "x*" would otherwise match between every character. */
      if (!g_regex_match_full (self->regex, text, length, from,
                               G_REGEX_MATCH_NOTEMPTY, &info, NULL))
        return FALSE;
      if (!g_match_info_fetch_pos (info, 0, &start, &end) || end <= start)
        return FALSE;
      *match_start = start;
      *match_end = end;
      return TRUE;
    }
}

gboolean
flt_log_search_matches (FltLogSearch *self,
                        const char   *text,
                        gsize         length)
{
  gsize start, end;

  return flt_log_search_find (self, text, length, 0, &start, &end);
}

/**
 * flt_log_buffer_find:
 * @from: the first line to look at
 * @backwards: look at @from, then the lines before it
 * @found: (out): the index of the first matching line
 *
 * Returns: whether a line matched
 */
gboolean
flt_log_buffer_find (FltLogBuffer *self,
                     FltLogSearch *search,
                     guint         from,
                     gboolean      backwards,
                     guint        *found)
{
  g_return_val_if_fail (FLT_IS_LOG_BUFFER (self), FALSE);
  g_return_val_if_fail (search != NULL, FALSE);

  if (self->n_lines == 0)
    return FALSE;
  from = MIN (from, self->n_lines - 1);

  for (guint i = from; ; backwards ? i-- : i++)
    {
      const Record *record;

      if (i >= self->n_lines)
        return FALSE;
      record = ring_at (self, i);
      if (flt_log_search_matches (search, record->text, record->length))
        {
          *found = i;
          return TRUE;
        }
      if (backwards && i == 0)
        return FALSE;
    }
}

/* ----------------------------------------------------------------------
 * GObject
 * ---------------------------------------------------------------------- */

static void
flt_log_buffer_finalize (GObject *object)
{
  FltLogBuffer *self = FLT_LOG_BUFFER (object);

  g_queue_clear_full (&self->chunks, (GDestroyNotify) chunk_unref);
  g_free (self->ring);
  g_hash_table_unref (self->source_ids);
  g_ptr_array_unref (self->sources);
  g_hash_table_unref (self->service_ids);
  g_ptr_array_unref (self->services);

  G_OBJECT_CLASS (flt_log_buffer_parent_class)->finalize (object);
}

static void
flt_log_buffer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FltLogBuffer *self = FLT_LOG_BUFFER (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    case PROP_N_LINES:
      g_value_set_uint (value, self->n_lines);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_log_buffer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FltLogBuffer *self = FLT_LOG_BUFFER (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      flt_log_buffer_set_capacity (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_log_buffer_class_init (FltLogBufferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = flt_log_buffer_finalize;
  object_class->get_property = flt_log_buffer_get_property;
  object_class->set_property = flt_log_buffer_set_property;

  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       1, G_MAXINT, FLT_LOG_BUFFER_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_LINES] =
    g_param_spec_uint ("n-lines", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FltLogBuffer::lines-changed:
   * @removed: how many lines left from the front
   * @added: how many lines came at the end
   *
   * Line i after the change is line i + @removed before it, for the
   * lines that stayed; the last @added lines are new.
   */
  signals[LINES_CHANGED] =
    g_signal_new ("lines-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /* Every line is gone (the sequence numbers go on). */
  signals[CLEARED] =
    g_signal_new ("cleared",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
flt_log_buffer_init (FltLogBuffer *self)
{
  self->capacity = FLT_LOG_BUFFER_DEFAULT_CAPACITY;
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  self->source_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) service_free);
  self->service_ids = g_hash_table_new (g_str_hash, g_str_equal);
}

FltLogBuffer *
flt_log_buffer_new (guint capacity)
{
  g_return_val_if_fail (capacity > 0, NULL);

  return g_object_new (FLT_TYPE_LOG_BUFFER, "capacity", capacity, NULL);
}
