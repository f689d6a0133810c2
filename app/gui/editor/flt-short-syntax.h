/* flt-short-syntax.h: list entries of a service as written, split into the
 * fields the list editors show, checked and joined again
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-core.h"

G_BEGIN_DECLS

/**
 * FltPortFields:
 * @host_ip: (nullable): without the brackets of an IPv6 address
 * @published: (nullable): the host port or range
 * @target: the container port or range
 * @protocol: (nullable): as written after the slash; %NULL when absent
 *
 * A short-syntax port ("127.0.0.1:8080:80/udp") split where it is written,
 * variables (`${WEB_PORT:-80}`) and all: nothing is checked.
 */
typedef struct
{
  char *host_ip;
  char *published;
  char *target;
  char *protocol;
} FltPortFields;

void      flt_port_fields_clear     (FltPortFields        *fields);
void      flt_port_fields_split     (const char           *text,
                                     FltPortFields        *out);
char     *flt_port_fields_join      (const FltPortFields  *fields);

gboolean  flt_check_port_range      (const char           *text,
                                     guint                *start,
                                     guint                *end);
gboolean  flt_check_ip_address      (const char           *text);

/**
 * FltMountFields:
 * @source: (nullable): host path or volume name; %NULL for an anonymous volume
 * @target: the path in the container
 * @mode: (nullable): the options after the second colon, e.g. "ro,z"
 *
 * A short-syntax volume ("./data:/data:ro") split where it is written.
 */
typedef struct
{
  char *source;
  char *target;
  char *mode;
} FltMountFields;

void      flt_mount_fields_clear    (FltMountFields       *fields);
void      flt_mount_fields_split    (const char           *text,
                                     FltMountFields       *out);
char     *flt_mount_fields_join     (const FltMountFields *fields);
gboolean  flt_mount_source_is_path  (const char           *source);
char     *flt_mount_mode_set_read_only (const char        *mode,
                                     gboolean              read_only);
gboolean  flt_mount_mode_is_read_only (const char         *mode);

/* "KEY=value" of a list-form environment; @value is NULL for "KEY" alone. */
void      flt_env_entry_split       (const char           *text,
                                     char                **name,
                                     char                **value);
gboolean  flt_check_variable_name   (const char           *name);

char     *flt_resolve_host_path     (const char           *path,
                                     const char           *project_dir);
char     *flt_display_path          (const char           *path,
                                     const char           *project_dir);
char     *flt_written_value         (const FltNode        *node);

G_END_DECLS
