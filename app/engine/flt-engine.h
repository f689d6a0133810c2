/* flt-engine.h: one Docker Engine, over its HTTP API
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "flt-endpoint.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_ENGINE_ERROR_NO_ENGINE,        /* nothing answers at the endpoint */
  FLT_ENGINE_ERROR_PERMISSION,       /* the socket is not ours to open */
  FLT_ENGINE_ERROR_TOO_OLD,          /* the engine's API is older than we speak */
  FLT_ENGINE_ERROR_NOT_FOUND,        /* 404 */
  FLT_ENGINE_ERROR_CONFLICT,         /* 409 */
  FLT_ENGINE_ERROR_FAILED,           /* any other error the engine returned */
  FLT_ENGINE_ERROR_PROTOCOL,         /* a reply we cannot read */
  FLT_ENGINE_ERROR_CONNECTION_LOST,  /* the engine went away mid-way */
  FLT_ENGINE_ERROR_UNSUPPORTED,      /* an endpoint kind we cannot reach */
} FltEngineError;

#define FLT_ENGINE_ERROR (flt_engine_error_quark ())
GQuark flt_engine_error_quark (void);

/* The oldest Engine API this code knows how to drive (Docker 19.03). */
#define FLT_ENGINE_MIN_API "1.40"
/* The newest it knows; a newer engine is spoken to at this version. */
#define FLT_ENGINE_MAX_API "1.47"

#define FLT_TYPE_ENGINE (flt_engine_get_type ())
G_DECLARE_FINAL_TYPE (FltEngine, flt_engine, FLT, ENGINE, GObject)

FltEngine         *flt_engine_new                (const FltEndpoint    *endpoint);
const FltEndpoint *flt_engine_get_endpoint       (FltEngine            *self);
const char        *flt_engine_get_api_version    (FltEngine            *self);
const char        *flt_engine_get_server_version (FltEngine            *self);
gboolean           flt_engine_api_at_least       (FltEngine            *self,
                                                  guint                 major,
                                                  guint                 minor);

gboolean           flt_engine_connect            (FltEngine            *self,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void               flt_engine_connect_async      (FltEngine            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean           flt_engine_connect_finish     (FltEngine            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Calls block; they are meant for worker threads and the command line.
 * @path is below the API version, e.g. "/containers/json?all=1". */
JsonNode          *flt_engine_call               (FltEngine            *self,
                                                  const char           *method,
                                                  const char           *path,
                                                  JsonNode             *body,
                                                  guint                *status,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
GBytes            *flt_engine_call_raw           (FltEngine            *self,
                                                  const char           *method,
                                                  const char           *path,
                                                  GBytes               *body,
                                                  const char           *content_type,
                                                  guint                *status,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
GInputStream      *flt_engine_open_stream        (FltEngine            *self,
                                                  const char           *method,
                                                  const char           *path,
                                                  GBytes               *body,
                                                  const char           *content_type,
                                                  const char * const   *headers,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void               flt_engine_call_async         (FltEngine            *self,
                                                  const char           *method,
                                                  const char           *path,
                                                  JsonNode             *body,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonNode          *flt_engine_call_finish        (FltEngine            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

char              *flt_engine_filters            (const char           *key,
                                                  ...) G_GNUC_NULL_TERMINATED;
gboolean           flt_engine_error_is_gone      (const GError         *error);

G_END_DECLS
