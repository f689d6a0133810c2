/* flt-project-private.h: the stages of turning files into a project
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-diagnostic.h"
#include "flt-environment.h"
#include "flt-model-private.h"
#include "flt-project.h"
#include "flt-tree.h"

G_BEGIN_DECLS

/* Diagnostics are collected into a GPtrArray of FltDiagnostic. */
void        _flt_report              (GPtrArray         *diagnostics,
                                      FltSeverity        severity,
                                      FltDiagnosticKind  kind,
                                      const FltNode     *node,
                                      const char        *path,
                                      const char        *format,
                                      ...) G_GNUC_PRINTF (6, 7);

/* flt-project-merge.c */
FltNode    *_flt_merge_override      (FltTree           *out,
                                      const FltNode     *base,
                                      const FltNode     *override,
                                      int                level);
void        _flt_apply_extends       (FltTree           *out,
                                      FltNode           *root,
                                      const char        *working_dir,
                                      FltEnvironment    *env,
                                      GPtrArray         *diagnostics);
FltNode    *_flt_normalize_list_or_dict (FltTree        *out,
                                      const FltNode     *node,
                                      const char        *separator);

/* flt-schema.c */
void        _flt_schema_check        (const FltNode     *root,
                                      GPtrArray         *diagnostics);
char       *_flt_suggest             (const char        *word,
                                      const char * const *candidates);

/* flt-compose-parse.c */
FltPort    *_flt_parse_port          (const FltNode     *node,
                                      const char        *path,
                                      GPtrArray         *diagnostics);
GPtrArray  *_flt_parse_ports         (const FltNode     *node,
                                      const char        *path,
                                      GPtrArray         *diagnostics);
FltMount   *_flt_parse_mount         (const FltNode     *node,
                                      const char        *path,
                                      GPtrArray         *diagnostics);
gboolean    _flt_node_to_duration    (const FltNode     *node,
                                      const char        *path,
                                      gint64            *out,
                                      GPtrArray         *diagnostics);
gboolean    _flt_node_to_size        (const FltNode     *node,
                                      const char        *path,
                                      gint64            *out,
                                      GPtrArray         *diagnostics);
GStrv       _flt_node_to_command     (const FltNode     *node);
GStrv       _flt_node_to_strv        (const FltNode     *node);
GPtrArray  *_flt_node_to_key_values  (const FltNode     *node,
                                      const char        *path,
                                      const char        *separator);

/* flt-model-build.c */
FltService *_flt_build_service       (const char        *name,
                                      const FltNode     *node,
                                      const char        *path,
                                      GPtrArray         *diagnostics);
FltNetwork *_flt_build_network       (const char        *key,
                                      const FltNode     *node,
                                      const char        *project_name);
FltVolume  *_flt_build_volume        (const char        *key,
                                      const FltNode     *node,
                                      const char        *project_name);

/* flt-project-checks.c */
void        _flt_project_check       (FltProject        *self,
                                      GPtrArray         *diagnostics);

/* flt-project.c */
GListModel **_flt_project_model_slot (FltProject        *self,
                                      guint              which);

/* flt-project-config.c */
FltNode    *_flt_project_normalize   (FltProject        *self,
                                      FltTree           *out);

G_END_DECLS
