/* flt-stack-spec.h: a project as Swarm services and overlay networks, the
 * way `docker stack deploy` converts it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "flt-core.h"

G_BEGIN_DECLS

/* The labels `docker stack` puts on what it creates and finds its stacks
 * by (docker/cli cli/compose/convert). */
#define FLT_STACK_LABEL_NAMESPACE "com.docker.stack.namespace"
#define FLT_STACK_LABEL_IMAGE     "com.docker.stack.image"

typedef enum
{
  FLT_STACK_ERROR_NOT_SWARM,     /* the engine is in no Swarm */
  FLT_STACK_ERROR_NOT_MANAGER,   /* it is a worker: deploy from a manager */
  FLT_STACK_ERROR_INVALID,       /* the project or the stack name cannot be deployed */
  FLT_STACK_ERROR_FAILED,        /* a step failed; the message names it */
  FLT_STACK_ERROR_TIMED_OUT,     /* the services did not converge in time */
} FltStackError;

#define FLT_STACK_ERROR (flt_stack_error_quark ())
GQuark     flt_stack_error_quark         (void);

gboolean   flt_stack_name_check          (const char  *name,
                                          GError     **error);
char      *flt_stack_scoped_name         (const char  *stack,
                                          const char  *name);
GPtrArray *flt_stack_deployed_services   (FltProject  *project);
GPtrArray *flt_stack_network_keys        (FltProject  *project);
char      *flt_stack_network_name        (FltProject  *project,
                                          const char  *stack,
                                          const char  *key);
char      *flt_stack_volume_name         (FltProject  *project,
                                          const char  *stack,
                                          const char  *key);
JsonNode  *flt_stack_network_spec        (FltProject  *project,
                                          const char  *stack,
                                          const char  *key,
                                          gboolean     check_duplicate);
JsonNode  *flt_stack_service_spec        (FltProject  *project,
                                          FltService  *service,
                                          const char  *stack,
                                          GPtrArray   *warnings,
                                          GError     **error);

G_END_DECLS
