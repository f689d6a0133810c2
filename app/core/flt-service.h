/* flt-service.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "flt-compose-types.h"

G_BEGIN_DECLS

#define FLT_TYPE_SERVICE (flt_service_get_type ())
G_DECLARE_FINAL_TYPE (FltService, flt_service, FLT, SERVICE, GObject)

/* A service as the project resolves it: interpolated, with overrides,
 * extends and merge keys applied.  Read-only; edits go to the document. */

const char          *flt_service_get_name            (FltService *self);
const char          *flt_service_get_path            (FltService *self);
const FltNode       *flt_service_get_node            (FltService *self);
const FltNode       *flt_service_get_field           (FltService *self,
                                                      const char *key);
const char          *flt_service_get_image           (FltService *self);
const FltBuild      *flt_service_get_build           (FltService *self);
const char * const  *flt_service_get_command         (FltService *self);
const char * const  *flt_service_get_entrypoint      (FltService *self);
GPtrArray           *flt_service_get_ports           (FltService *self);
GPtrArray           *flt_service_get_volumes         (FltService *self);
GPtrArray           *flt_service_get_environment     (FltService *self);
GPtrArray           *flt_service_get_env_files       (FltService *self);
GPtrArray           *flt_service_get_links           (FltService *self);
GPtrArray           *flt_service_get_depends_on      (FltService *self);
GPtrArray           *flt_service_get_networks        (FltService *self);
const char          *flt_service_get_network_mode    (FltService *self);
const FltHealthcheck *flt_service_get_healthcheck    (FltService *self);
const char          *flt_service_get_restart         (FltService *self);
const FltDeploy     *flt_service_get_deploy          (FltService *self);
gint64               flt_service_get_cpu_shares      (FltService *self);
gint64               flt_service_get_mem_limit       (FltService *self);
gint64               flt_service_get_memory_limit    (FltService *self);
double               flt_service_get_cpus            (FltService *self);
const char * const  *flt_service_get_profiles        (FltService *self);
GPtrArray           *flt_service_get_labels          (FltService *self);
const char          *flt_service_get_container_name  (FltService *self);
const char * const  *flt_service_get_extension_names (FltService *self);
int                  flt_service_get_replicas        (FltService *self);
gboolean             flt_service_get_enabled         (FltService *self);
const char          *flt_service_get_pull_policy     (FltService *self);
GStrv                flt_service_dup_dependency_names (FltService *self);

G_END_DECLS
