/* flt-project.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "flt-document.h"
#include "flt-environment.h"
#include "flt-network.h"
#include "flt-service.h"
#include "flt-volume.h"

G_BEGIN_DECLS

/**
 * FltProjectOptions:
 * @project_name: (nullable): `-p`; wins over everything else
 * @project_directory: (nullable): defaults to the first file's folder
 * @env_files: (nullable): `--env-file` files, replacing the project's `.env`
 * @profiles: (nullable): `--profile` names; `COMPOSE_PROFILES` adds to them
 * @environment: (nullable): the process environment to use; %NULL reads it
 * @load_env_files: read services' `env_file` entries (the editor shows them)
 *
 * How to turn documents into a project, as `docker compose` options do.
 */
typedef struct
{
  const char         *project_name;
  const char         *project_directory;
  const char * const *env_files;
  const char * const *profiles;
  FltEnvironment     *environment;
  gboolean            load_env_files;
} FltProjectOptions;

typedef enum
{
  FLT_PROJECT_ERROR_CYCLE,   /* services depend on each other in a circle */
} FltProjectError;

#define FLT_PROJECT_ERROR (flt_project_error_quark ())
GQuark flt_project_error_quark (void);

#define FLT_TYPE_PROJECT (flt_project_get_type ())
G_DECLARE_FINAL_TYPE (FltProject, flt_project, FLT, PROJECT, GObject)

FltProject     *flt_project_new                  (FltDocument * const      *documents,
                                                  guint                     n_documents,
                                                  const FltProjectOptions  *options);
void            flt_project_load_async           (GPtrArray                *files,
                                                  const FltProjectOptions  *options,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
FltProject     *flt_project_load_finish          (GAsyncResult             *result,
                                                  GError                  **error);

const char     *flt_project_get_name             (FltProject               *self);
const char     *flt_project_get_working_dir      (FltProject               *self);
const char * const *flt_project_get_config_files (FltProject               *self);
FltEnvironment *flt_project_get_environment      (FltProject               *self);
GPtrArray      *flt_project_get_diagnostics      (FltProject               *self);
gboolean        flt_project_has_errors           (FltProject               *self);
gboolean        flt_project_is_legacy            (FltProject               *self);
GPtrArray      *flt_project_get_service_list     (FltProject               *self);
GPtrArray      *flt_project_get_network_list     (FltProject               *self);
GPtrArray      *flt_project_get_volume_list      (FltProject               *self);
GListModel     *flt_project_get_services         (FltProject               *self);
FltService     *flt_project_get_service          (FltProject               *self,
                                                  const char               *name);
GListModel     *flt_project_get_networks         (FltProject               *self);
FltNetwork     *flt_project_get_network          (FltProject               *self,
                                                  const char               *key);
GListModel     *flt_project_get_volumes          (FltProject               *self);
FltVolume      *flt_project_get_volume           (FltProject               *self,
                                                  const char               *key);
const char * const *flt_project_get_active_profiles (FltProject            *self);
FltTree        *flt_project_get_tree             (FltProject               *self);
GStrv           flt_project_dup_service_order    (FltProject               *self,
                                                  GError                  **error);

FltNode        *flt_project_normalize_service    (FltProject               *self,
                                                  FltService               *service,
                                                  FltTree                  *out);
char           *flt_project_to_yaml              (FltProject               *self);
char           *flt_project_to_json              (FltProject               *self);

char           *flt_normalize_project_name       (const char               *name);

G_END_DECLS
