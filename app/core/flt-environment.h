/* flt-environment.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where a variable's value comes from, for the editor's explanations. */
typedef enum
{
  FLT_VARIABLE_UNSET,
  FLT_VARIABLE_FROM_ENVIRONMENT,  /* the process environment */
  FLT_VARIABLE_FROM_DOTENV,       /* the project's .env or --env-file */
  FLT_VARIABLE_FROM_DEFAULT,      /* a ${VAR:-default} in the file itself */
} FltVariableSource;

#define FLT_TYPE_ENVIRONMENT (flt_environment_get_type ())
G_DECLARE_FINAL_TYPE (FltEnvironment, flt_environment, FLT, ENVIRONMENT, GObject)

FltEnvironment    *flt_environment_new               (void);
FltEnvironment    *flt_environment_new_from_process  (void);
FltEnvironment    *flt_environment_copy              (FltEnvironment     *self);
void               flt_environment_set               (FltEnvironment     *self,
                                                      const char         *name,
                                                      const char         *value,
                                                      FltVariableSource   source);
void               flt_environment_unset             (FltEnvironment     *self,
                                                      const char         *name);
const char        *flt_environment_lookup            (FltEnvironment     *self,
                                                      const char         *name,
                                                      FltVariableSource  *source);
gboolean           flt_environment_load_dotenv       (FltEnvironment     *self,
                                                      const char         *path,
                                                      gboolean            override,
                                                      GError            **error);
const char        *flt_environment_get_dotenv_path   (FltEnvironment     *self);
GStrv              flt_environment_list_names        (FltEnvironment     *self);
guint              flt_environment_get_size          (FltEnvironment     *self);

G_END_DECLS
