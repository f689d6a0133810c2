/* flt-compose-types.h: the small value types a service is made of
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "flt-node.h"

G_BEGIN_DECLS

/* Every part keeps @path (where it is in the model, for edits and
 * diagnostics) and @node (its node in the project's resolved tree, whose
 * origin gives the span in the file). */

typedef struct
{
  char *path;
  const FltNode *node;
  char *host_ip;          /* NULL: all interfaces */
  guint published_start;  /* 0: not published, or a random host port */
  guint published_end;    /* == published_start unless a range */
  guint target_start;
  guint target_end;
  char *protocol;         /* "tcp" or "udp" (or "sctp") */
  char *mode;             /* "ingress" or "host" */
  char *name;             /* long syntax `name:` */
  char *app_protocol;
} FltPort;

typedef enum
{
  FLT_MOUNT_BIND,
  FLT_MOUNT_VOLUME,       /* named volume */
  FLT_MOUNT_ANONYMOUS,    /* anonymous volume: no source */
  FLT_MOUNT_TMPFS,
  FLT_MOUNT_NPIPE,
  FLT_MOUNT_CLUSTER,
} FltMountType;

typedef struct
{
  char *path;
  const FltNode *node;
  FltMountType type;
  char *source;           /* host path (as written), volume name, or NULL */
  char *target;
  gboolean read_only;
  char *mode;             /* short-syntax options after the second colon, e.g. "ro,z" */
  gboolean create_host_path;
  gboolean nocopy;
  char *propagation;
  char *selinux;
  char *subpath;
  gint64 tmpfs_size;      /* -1 unset */
  gboolean long_syntax;
} FltMount;

typedef struct
{
  char *path;
  const FltNode *node;
  char *name;
  char *value;            /* NULL: no value given; taken from the environment */
  gboolean has_value;
} FltKeyValue;

typedef struct
{
  char *path;
  const FltNode *node;
  char *file;             /* as written */
  gboolean required;
  char *format;           /* NULL or "raw" */
} FltEnvFile;

typedef struct
{
  char *path;
  const FltNode *node;
  char *service;
  char *alias;            /* links: the alias, or NULL */
} FltLink;

typedef enum
{
  FLT_CONDITION_STARTED,
  FLT_CONDITION_HEALTHY,
  FLT_CONDITION_COMPLETED_SUCCESSFULLY,
} FltCondition;

typedef struct
{
  char *path;
  const FltNode *node;
  char *service;
  FltCondition condition;
  gboolean required;
  gboolean restart;
} FltDependency;

typedef struct
{
  char *path;
  const FltNode *node;
  char *network;          /* the network's key in the file */
  GStrv aliases;
  char *ipv4_address;
  char *ipv6_address;
  int priority;
} FltNetworkAttachment;

typedef struct
{
  char *path;
  const FltNode *node;
  GStrv test;             /* ["CMD", ...], ["CMD-SHELL", cmd] or ["NONE"]; NULL: image default */
  gint64 interval;        /* nanoseconds, -1 unset */
  gint64 timeout;
  gint64 start_period;
  gint64 start_interval;
  int retries;            /* -1 unset */
  gboolean disable;
} FltHealthcheck;

typedef struct
{
  char *path;
  const FltNode *node;
  char *context;          /* as written; NULL when only dockerfile_inline... */
  char *dockerfile;
  char *dockerfile_inline;
  char *target;
  GPtrArray *args;        /* FltKeyValue */
  GPtrArray *labels;      /* FltKeyValue */
  GStrv cache_from;
  char *network;
  gint64 shm_size;
} FltBuild;

typedef struct
{
  double cpus;            /* 0 unset */
  gint64 memory;          /* bytes, -1 unset */
  gint64 pids;            /* -1 unset */
} FltResourceSet;

typedef struct
{
  char *path;
  const FltNode *node;
  FltResourceSet limits;
  FltResourceSet reservations;
  int replicas;           /* -1 unset */
  char *restart_condition;
  char *mode;             /* "replicated" or "global" */
} FltDeploy;

#define FLT_TYPE_PORT (flt_port_get_type ())
#define FLT_TYPE_MOUNT (flt_mount_get_type ())
#define FLT_TYPE_KEY_VALUE (flt_key_value_get_type ())
GType flt_port_get_type (void) G_GNUC_CONST;
GType flt_mount_get_type (void) G_GNUC_CONST;
GType flt_key_value_get_type (void) G_GNUC_CONST;

void flt_port_free                 (FltPort              *port);
void flt_mount_free                (FltMount             *mount);
void flt_key_value_free            (FltKeyValue          *kv);
void flt_env_file_free             (FltEnvFile           *env_file);
void flt_link_free                 (FltLink              *link);
void flt_dependency_free           (FltDependency        *dependency);
void flt_network_attachment_free   (FltNetworkAttachment *attachment);
void flt_healthcheck_free          (FltHealthcheck       *healthcheck);
void flt_build_free                (FltBuild             *build);
void flt_deploy_free               (FltDeploy            *deploy);

FltPort     *flt_port_copy         (const FltPort        *port);
FltMount    *flt_mount_copy        (const FltMount       *mount);
FltKeyValue *flt_key_value_copy    (const FltKeyValue    *kv);

char        *flt_port_to_string    (const FltPort        *port);
GPtrArray   *flt_key_values_from_node (const FltNode      *node,
                                    const char           *path,
                                    const char           *separator);
const char  *flt_condition_to_string (FltCondition        condition);
const char  *flt_mount_type_to_string (FltMountType       type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltPort, flt_port_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltMount, flt_mount_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltKeyValue, flt_key_value_free)

G_END_DECLS
