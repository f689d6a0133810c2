/* flt-endpoint.h: where the Docker Engine is
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FLT_ENDPOINT_UNIX,
  FLT_ENDPOINT_TCP,
  FLT_ENDPOINT_SSH,
} FltEndpointKind;

/**
 * FltEndpoint:
 * @uri: the endpoint as Docker writes it, e.g. `unix:///var/run/docker.sock`
 * @source: where it came from, for messages ("DOCKER_HOST", "the context
 *   “prod”", "the default socket")
 * @socket_path: %FLT_ENDPOINT_UNIX: the socket
 * @host: %FLT_ENDPOINT_TCP and %FLT_ENDPOINT_SSH: the host name
 * @port: the TCP port (0: the default for the kind)
 * @user: %FLT_ENDPOINT_SSH: the user, or %NULL
 * @tls: speak TLS (`DOCKER_TLS_VERIFY`, or certificates given)
 * @tls_verify: check the engine's certificate against @ca_file
 * @ca_file: (nullable): CA certificate (PEM)
 * @cert_file: (nullable): client certificate (PEM)
 * @key_file: (nullable): client key (PEM)
 * @context: (nullable): the Docker context it comes from
 */
typedef struct
{
  FltEndpointKind kind;
  char *uri;
  char *source;
  char *socket_path;
  char *host;
  guint port;
  char *user;
  gboolean tls;
  gboolean tls_verify;
  char *ca_file;
  char *cert_file;
  char *key_file;
  char *context;
} FltEndpoint;

typedef enum
{
  FLT_ENDPOINT_ERROR_INVALID,
  FLT_ENDPOINT_ERROR_NO_CONTEXT,
} FltEndpointError;

#define FLT_ENDPOINT_ERROR (flt_endpoint_error_quark ())
GQuark       flt_endpoint_error_quark  (void);

#define FLT_TYPE_ENDPOINT (flt_endpoint_get_type ())
GType        flt_endpoint_get_type     (void) G_GNUC_CONST;

/**
 * FltTlsOptions:
 * @tls: `--tls`: speak TLS without checking the engine's certificate
 * @verify: `--tlsverify`: speak TLS and check the engine's certificate
 * @ca_file: (nullable): `--tlscacert`
 * @cert_file: (nullable): `--tlscert`
 * @key_file: (nullable): `--tlskey`
 *
 * The docker CLI's TLS options.  Files left %NULL default to ca.pem,
 * cert.pem and key.pem in `DOCKER_CERT_PATH` (else `~/.docker`), used when
 * they exist.
 */
typedef struct
{
  gboolean tls;
  gboolean verify;
  const char *ca_file;
  const char *cert_file;
  const char *key_file;
} FltTlsOptions;

/**
 * FltDockerContext:
 * @name: the context's name ("default" for DOCKER_HOST or the local socket)
 * @description: (nullable): what its owner wrote about it
 * @host: (nullable): its Docker endpoint, e.g. `tcp://build:2376`
 * @current: the docker CLI would use it now (DOCKER_CONTEXT, then the
 *   currentContext of config.json)
 */
typedef struct
{
  char *name;
  char *description;
  char *host;
  gboolean current;
} FltDockerContext;

FltEndpoint *flt_endpoint_parse        (const char        *uri,
                                        const char        *source,
                                        GError           **error);
FltEndpoint *flt_endpoint_resolve      (const char        *host,
                                        const char        *context,
                                        const char * const *environment,
                                        GError           **error);
FltEndpoint *flt_endpoint_resolve_full (const char          *host,
                                        const char          *context,
                                        const FltTlsOptions *tls,
                                        const char * const  *environment,
                                        GError             **error);
FltEndpoint *flt_endpoint_for_context  (const char        *name,
                                        const char * const *environment,
                                        GError           **error);
GStrv        flt_endpoint_list_contexts (const char * const *environment);
GPtrArray   *flt_endpoint_list_context_details (const char * const *environment);
gboolean     flt_endpoint_is_local     (const FltEndpoint *self);
FltEndpoint *flt_endpoint_copy         (const FltEndpoint *self);
void         flt_endpoint_free         (FltEndpoint       *self);
void         flt_docker_context_free   (FltDockerContext  *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltEndpoint, flt_endpoint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltDockerContext, flt_docker_context_free)

G_END_DECLS
