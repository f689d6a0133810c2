/* flt-port-row.h: one published port of a service
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-list-row.h"

G_BEGIN_DECLS

typedef enum
{
  FLT_PORT_FIELD_HOST_IP,
  FLT_PORT_FIELD_PUBLISHED,
  FLT_PORT_FIELD_TARGET,
} FltPortField;

/**
 * FltPortClaim:
 * @service: the service that publishes it
 * @host_ip: (nullable): %NULL for every interface
 * @port: the fixed host port
 * @protocol: "tcp", "udp" or "sctp"
 *
 * A host port another service of the project holds, for conflicts.
 */
typedef struct
{
  char  *service;
  char  *host_ip;
  guint  port;
  char  *protocol;
} FltPortClaim;

void flt_port_claim_free (FltPortClaim *port);

#define FLT_TYPE_PORT_ROW (flt_port_row_get_type ())
G_DECLARE_FINAL_TYPE (FltPortRow, flt_port_row, FLT, PORT_ROW, FltListRow)

FltPortRow  *flt_port_row_new             (void);
void         flt_port_row_update          (FltPortRow     *self,
                                           const char     *path,
                                           const FltNode  *item,
                                           FltEnvironment *environment,
                                           GPtrArray      *others);
void         flt_port_row_set_context     (FltPortRow     *self,
                                           FltEnvironment *environment,
                                           GPtrArray      *others);
gboolean     flt_port_row_get_long_syntax (FltPortRow     *self);
GtkEditable *flt_port_row_get_field       (FltPortRow     *self,
                                           FltPortField    field);
GtkDropDown *flt_port_row_get_protocol    (FltPortRow     *self);

G_END_DECLS
