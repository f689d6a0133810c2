/* flt-project-state.h: a live picture of one Compose project on one engine
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-container-info.h"
#include "flt-engine.h"

G_BEGIN_DECLS

/**
 * FltAttachmentState:
 * @network: the network's name
 * @network_id: its ID
 * @ipv4: the IPv4 address, without the prefix length ("172.18.0.2"), or
 *   %NULL while the container is not running
 * @ipv4_prefix: the prefix length (16), or 0
 * @ipv6: the global IPv6 address, or %NULL
 * @mac: the MAC address, or %NULL
 * @aliases: (nullable): the DNS names other members reach it by
 *
 * One network a container is attached to.
 */
typedef struct
{
  char *network;
  char *network_id;
  char *ipv4;
  int ipv4_prefix;
  char *ipv6;
  char *mac;
  GStrv aliases;
} FltAttachmentState;

/**
 * FltPublishedPort:
 * @host_ip: the host address it listens on ("0.0.0.0", "::")
 * @host_port: the host port
 * @container_port: the port inside the container
 * @protocol: "tcp", "udp" or "sctp"
 */
typedef struct
{
  char *host_ip;
  guint host_port;
  guint container_port;
  char *protocol;
} FltPublishedPort;

/**
 * FltContainerState:
 * @id: the full container ID
 * @name: its name, without the leading "/"
 * @service: the Compose service it belongs to
 * @number: its replica number, 0 when it has none
 * @oneoff: made by `run`
 * @status: created, running, exited…
 * @health: the healthcheck's verdict, %FLT_HEALTH_NONE without one
 * @exit_code: the last exit code (0 before the first exit)
 * @restarting: the engine is restarting it after an exit
 * @oom_killed: the kernel killed it for lack of memory
 * @image: the image as the service names it
 * @created: Unix seconds
 * @changed: Unix microseconds of the last change of @status
 * @networks: (element-type FltAttachmentState): sorted by network name
 * @ports: (element-type FltPublishedPort): published ports, sorted
 *
 * One container, as it was when the snapshot was taken.  A snapshot never
 * changes: the state replaces it with a new one, so keep a reference for
 * as long as you need it and read the fields directly.
 */
typedef struct
{
  gatomicrefcount ref_count;
  char *id;
  char *name;
  char *service;
  int number;
  gboolean oneoff;
  FltContainerStatus status;
  FltHealth health;
  int exit_code;
  gboolean restarting;
  gboolean oom_killed;
  char *image;
  gint64 created;
  gint64 changed;
  GPtrArray *networks;
  GPtrArray *ports;
} FltContainerState;

/**
 * FltNetworkState:
 * @id: the network ID
 * @name: its name on the engine ("demo_default")
 * @key: its key in the Compose file ("default"), from the
 *   `com.docker.compose.network` label
 * @driver: "bridge", "overlay"…
 * @scope: "local", "swarm"…
 * @internal: no route out
 * @subnets: the IPAM subnets, in CIDR form
 * @gateways: the IPAM gateways, one per subnet ("" where none is set)
 * @members: container ID → IPv4 address without the prefix length ("" while
 *   unknown)
 *
 * One network of the project; a snapshot, like #FltContainerState.
 */
typedef struct
{
  gatomicrefcount ref_count;
  char *id;
  char *name;
  char *key;
  char *driver;
  char *scope;
  gboolean internal;
  GStrv subnets;
  GStrv gateways;
  GHashTable *members;
} FltNetworkState;

/**
 * FltVolumeState:
 * @name: the volume's name on the engine ("demo_data")
 * @key: its key in the Compose file, from `com.docker.compose.volume`
 * @driver: "local"…
 * @mountpoint: where the engine keeps it
 *
 * One named volume of the project; a snapshot.
 */
typedef struct
{
  gatomicrefcount ref_count;
  char *name;
  char *key;
  char *driver;
  char *mountpoint;
} FltVolumeState;

#define FLT_TYPE_CONTAINER_STATE (flt_container_state_get_type ())
#define FLT_TYPE_NETWORK_STATE (flt_network_state_get_type ())
#define FLT_TYPE_VOLUME_STATE (flt_volume_state_get_type ())

GType                       flt_container_state_get_type       (void) G_GNUC_CONST;
FltContainerState          *flt_container_state_ref            (FltContainerState *self);
void                        flt_container_state_unref          (FltContainerState *self);
const FltAttachmentState   *flt_container_state_get_attachment (FltContainerState *self,
                                                                const char        *network);
gboolean                    flt_container_state_is_running     (FltContainerState *self);

GType                       flt_network_state_get_type         (void) G_GNUC_CONST;
FltNetworkState            *flt_network_state_ref              (FltNetworkState   *self);
void                        flt_network_state_unref            (FltNetworkState   *self);
const char                 *flt_network_state_get_member_ipv4  (FltNetworkState   *self,
                                                                const char        *container_id);

GType                       flt_volume_state_get_type          (void) G_GNUC_CONST;
FltVolumeState             *flt_volume_state_ref               (FltVolumeState    *self);
void                        flt_volume_state_unref             (FltVolumeState    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltContainerState, flt_container_state_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltNetworkState, flt_network_state_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltVolumeState, flt_volume_state_unref)

#define FLT_TYPE_PROJECT_STATE (flt_project_state_get_type ())
G_DECLARE_FINAL_TYPE (FltProjectState, flt_project_state, FLT, PROJECT_STATE, GObject)

FltProjectState   *flt_project_state_new                     (FltEngine       *engine,
                                                              const char      *project_name);
FltEngine         *flt_project_state_get_engine              (FltProjectState *self);
const char        *flt_project_state_get_project_name        (FltProjectState *self);

void               flt_project_state_start                   (FltProjectState *self);
void               flt_project_state_stop                    (FltProjectState *self);
gboolean           flt_project_state_is_running              (FltProjectState *self);
gboolean           flt_project_state_is_connected            (FltProjectState *self);
const char        *flt_project_state_get_error               (FltProjectState *self);

GPtrArray         *flt_project_state_list_containers         (FltProjectState *self);
GPtrArray         *flt_project_state_list_service_containers (FltProjectState *self,
                                                              const char      *service);
FltContainerState *flt_project_state_get_container           (FltProjectState *self,
                                                              const char      *id);
FltContainerState *flt_project_state_find_container          (FltProjectState *self,
                                                              const char      *name);

GPtrArray         *flt_project_state_list_networks           (FltProjectState *self);
FltNetworkState   *flt_project_state_get_network             (FltProjectState *self,
                                                              const char      *id);
FltNetworkState   *flt_project_state_find_network            (FltProjectState *self,
                                                              const char      *name);
FltNetworkState   *flt_project_state_find_network_by_key     (FltProjectState *self,
                                                              const char      *key);

GPtrArray         *flt_project_state_list_volumes            (FltProjectState *self);
FltVolumeState    *flt_project_state_get_volume              (FltProjectState *self,
                                                              const char      *name);

G_END_DECLS
