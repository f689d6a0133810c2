/* flt-service-status.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-project-state.h"

G_BEGIN_DECLS

/* What a service's containers add up to, worst first within each kind. */
typedef enum
{
  FLT_SERVICE_NOT_CREATED,
  FLT_SERVICE_CREATED,      /* containers exist but never ran */
  FLT_SERVICE_STARTING,     /* running, healthcheck not decided yet */
  FLT_SERVICE_RUNNING,      /* running, no healthcheck */
  FLT_SERVICE_HEALTHY,
  FLT_SERVICE_UNHEALTHY,
  FLT_SERVICE_RESTARTING,
  FLT_SERVICE_PAUSED,
  FLT_SERVICE_EXITED,       /* all stopped; see exit_code */
  FLT_SERVICE_PARTIAL,      /* some replicas run, others do not */
} FltServiceStatusKind;

typedef struct
{
  FltServiceStatusKind kind;
  guint n_containers;
  guint n_running;
  int exit_code;            /* for FLT_SERVICE_EXITED: the first non-zero code, else 0 */
} FltServiceStatus;

void        flt_service_status_compute     (FltServiceStatus   *status,
                                            GPtrArray          *containers);
char       *flt_service_status_describe    (const FltServiceStatus *status);
const char *flt_service_status_style_class (const FltServiceStatus *status);
gboolean    flt_service_status_is_up       (const FltServiceStatus *status);

G_END_DECLS
