/* flt-container-spec.h: a service as the Engine's container create body
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "flt-core.h"

G_BEGIN_DECLS

/* Looks up the engine name of the first container of a service, for
 * `service:` modes, links and volumes_from; %NULL when it has none. */
typedef char *(*FltContainerLookupFunc) (const char *service,
                                         gpointer    user_data);

/**
 * FltContainerSpec:
 * @body: the `POST /containers/create` body
 * @name: the container's name
 * @primary_network: (nullable): the engine name of the network it is
 *   created on
 * @extra_networks: (element-type JsonNode): `POST /networks/{id}/connect`
 *   bodies without "Container", keyed by engine network name in
 *   @extra_network_names, for engines older than API 1.44
 * @extra_network_names: (element-type utf8): see @extra_networks
 * @config_hash: the value of com.docker.compose.config-hash
 */
typedef struct
{
  JsonNode *body;
  char *name;
  char *primary_network;
  GPtrArray *extra_networks;
  GPtrArray *extra_network_names;
  char *config_hash;
} FltContainerSpec;

void              flt_container_spec_free    (FltContainerSpec         *self);
FltContainerSpec *flt_container_spec_new     (FltProject               *project,
                                              FltService               *service,
                                              int                       number,
                                              const char               *image_id,
                                              gboolean                  all_networks_at_create,
                                              FltContainerLookupFunc    lookup,
                                              gpointer                  user_data,
                                              GError                  **error);
char             *flt_container_name         (FltProject               *project,
                                              FltService               *service,
                                              int                       number);
char             *flt_service_image_ref      (FltProject               *project,
                                              FltService               *service);
char             *flt_service_key_hashes     (FltProject               *project,
                                              FltService               *service);
GStrv             flt_service_environment    (FltProject               *project,
                                              FltService               *service,
                                              GError                  **error);
GStrv             flt_key_hashes_diff        (const char               *old_hashes,
                                              const char               *new_hashes);
char             *flt_network_engine_name    (FltProject               *project,
                                              const char               *key);
char             *flt_volume_engine_name     (FltProject               *project,
                                              const char               *key);
char             *flt_primary_network        (FltService               *service);
gint64            flt_service_stop_timeout   (FltService               *service);
void              flt_ulimits_to_json        (JsonBuilder              *builder,
                                              const FltNode            *ulimits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltContainerSpec, flt_container_spec_free)

G_END_DECLS
