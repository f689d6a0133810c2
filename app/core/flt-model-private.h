/* flt-model-private.h: the model objects' insides, for the project loader
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-network.h"
#include "flt-service.h"
#include "flt-volume.h"

G_BEGIN_DECLS

struct _FltService
{
  GObject parent_instance;

  char *name;
  char *path;
  const FltNode *node;

  char *image;
  FltBuild *build;
  GStrv command;
  GStrv entrypoint;
  GPtrArray *ports;          /* FltPort */
  GPtrArray *volumes;        /* FltMount */
  GPtrArray *environment;    /* FltKeyValue */
  GPtrArray *env_files;      /* FltEnvFile */
  GPtrArray *links;          /* FltLink */
  GPtrArray *depends_on;     /* FltDependency */
  GPtrArray *networks;       /* FltNetworkAttachment */
  char *network_mode;
  FltHealthcheck *healthcheck;
  char *restart;
  FltDeploy *deploy;
  gint64 cpu_shares;
  gint64 mem_limit;
  double cpus;
  GStrv profiles;
  GPtrArray *labels;         /* FltKeyValue */
  char *container_name;
  GStrv extension_names;
  int scale;
  gboolean enabled;
  char *pull_policy;
};

struct _FltNetwork
{
  GObject parent_instance;

  char *key;
  char *name;
  char *path;
  const FltNode *node;
  char *driver;
  gboolean external;
  gboolean internal;
  gboolean attachable;
  gboolean enable_ipv6;
  gboolean implicit;
  GStrv subnets;
  GPtrArray *labels;
};

struct _FltVolume
{
  GObject parent_instance;

  char *key;
  char *name;
  char *path;
  const FltNode *node;
  char *driver;
  gboolean external;
  GPtrArray *labels;
};

G_END_DECLS
