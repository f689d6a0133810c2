/* flt-yaml-writer.h: writing YAML (and JSON) text
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-node.h"

G_BEGIN_DECLS

/* What a plain scalar's text means to a YAML 1.1 reader such as
 * docker-compose 1.x, which is stricter than YAML 1.2's. */
typedef enum
{
  FLT_PLAIN_STRING,
  FLT_PLAIN_NUMBER,
  FLT_PLAIN_BOOL,
  FLT_PLAIN_NULL,
  FLT_PLAIN_SEXAGESIMAL,   /* "80:50": a number for YAML 1.1, a string for 1.2 */
} FltPlainKind;

FltPlainKind flt_yaml_plain_kind      (const char   *text);
gboolean     flt_yaml_plain_is_safe   (const char   *text,
                                       gboolean      flow);
char        *flt_yaml_encode_scalar   (const char   *value,
                                       FltScalarStyle style,
                                       gboolean      flow,
                                       guint         indent,
                                       const char   *newline);
char        *flt_yaml_encode_key      (const char   *key);
char        *flt_yaml_encode_new_scalar (const char *value,
                                       gboolean      as_string,
                                       gboolean      flow);
void         flt_yaml_write_node      (GString      *out,
                                       const FltNode *node,
                                       guint         indent);
void         flt_json_write_node      (GString      *out,
                                       const FltNode *node,
                                       guint         indent);
char        *flt_yaml_reindent        (const char   *text,
                                       guint         indent,
                                       const char   *newline);

G_END_DECLS
