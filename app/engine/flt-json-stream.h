/* flt-json-stream.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  FLT_JSON_STREAM_ERROR_INVALID,    /* a value that is not valid JSON */
  FLT_JSON_STREAM_ERROR_TOO_LARGE,  /* a value above the size cap, skipped */
  FLT_JSON_STREAM_ERROR_TRUNCATED,  /* the stream ended inside a value */
} FltJsonStreamError;

#define FLT_JSON_STREAM_ERROR (flt_json_stream_error_quark ())
GQuark flt_json_stream_error_quark (void);

/* The default cap on the size of one value, in bytes. */
#define FLT_JSON_STREAM_MAX_VALUE (16 * 1024 * 1024)

/**
 * FltJsonValueFunc:
 * @value: (transfer none): one value of the stream; take a reference to
 *   keep it after the call
 * @user_data: the data given to the feed or finish call
 */
typedef void (*FltJsonValueFunc) (JsonNode *value,
                                  gpointer  user_data);

typedef struct _FltJsonStream FltJsonStream;

FltJsonStream *flt_json_stream_new                (void);
void           flt_json_stream_set_max_value_size (FltJsonStream     *self,
                                                   gsize              max_size);
gboolean       flt_json_stream_feed               (FltJsonStream     *self,
                                                   const char        *data,
                                                   gsize              length,
                                                   FltJsonValueFunc   func,
                                                   gpointer           user_data,
                                                   GError           **error);
gboolean       flt_json_stream_finish             (FltJsonStream     *self,
                                                   FltJsonValueFunc   func,
                                                   gpointer           user_data,
                                                   GError           **error);
void           flt_json_stream_free               (FltJsonStream     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltJsonStream, flt_json_stream_free)

G_END_DECLS
