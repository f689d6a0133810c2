/* flt-aws-export.h: a project as the files AWS ECS takes: aws-compose.yml,
 * ecs-params.yml and a task definition
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "flt-diagnostic.h"
#include "flt-project.h"

G_BEGIN_DECLS

/* The tutorial's values for a t2.micro instance: 100 CPU units and
 * 250 MiB.  The GSettings keys aws-cpu-shares and aws-mem-limit default to
 * them too. */
#define FLT_AWS_DEFAULT_CPU_SHARES 100
#define FLT_AWS_DEFAULT_MEM_LIMIT  G_GINT64_CONSTANT (262144000)

/**
 * FltAwsFile:
 * @FLT_AWS_FILE_COMPOSE: `aws-compose.yml`, for `ecs-cli compose --file`
 * @FLT_AWS_FILE_PARAMS: `ecs-params.yml`, which ecs-cli reads beside it
 * @FLT_AWS_FILE_TASK_DEFINITION: `task-definition.json`, for
 *   `aws ecs register-task-definition --cli-input-json file://…`
 */
typedef enum
{
  FLT_AWS_FILE_COMPOSE,
  FLT_AWS_FILE_PARAMS,
  FLT_AWS_FILE_TASK_DEFINITION,
  FLT_AWS_N_FILES,
} FltAwsFile;

/* A set of files, for writing: (1 << FltAwsFile) each. */
#define FLT_AWS_FILES_ALL ((1u << FLT_AWS_N_FILES) - 1)

/**
 * FltAwsIssue:
 *
 * What kind of thing did not carry over to ECS, for code that reacts to a
 * kind (tests, the dialog's quick fixes).  People read the diagnostic's
 * message.
 */
typedef enum
{
  FLT_AWS_ISSUE_BUILD,            /* build: ECS pulls images, it builds nothing */
  FLT_AWS_ISSUE_NO_IMAGE,         /* build and no image: a name was made up */
  FLT_AWS_ISSUE_LOCAL_BIND,       /* a bind mount of a folder on this computer */
  FLT_AWS_ISSUE_MOUNT,            /* tmpfs, npipe and other mounts ECS lacks */
  FLT_AWS_ISSUE_NAMED_VOLUME,     /* a named volume lives on one instance */
  FLT_AWS_ISSUE_NETWORKS,         /* user-defined networks and aliases */
  FLT_AWS_ISSUE_NETWORK_MODE,
  FLT_AWS_ISSUE_RESTART,
  FLT_AWS_ISSUE_PORT_RANGE,
  FLT_AWS_ISSUE_PORT_IP,
  FLT_AWS_ISSUE_PORT_PROTOCOL,
  FLT_AWS_ISSUE_PORT_OVERRIDE,    /* a host port set in the options matches no port */
  FLT_AWS_ISSUE_ENVIRONMENT,      /* a variable without a value here */
  FLT_AWS_ISSUE_ENV_FILE,         /* an env_file that could not be read */
  FLT_AWS_ISSUE_HEALTHCHECK,
  FLT_AWS_ISSUE_DEPENDENCY,       /* a dependency ECS cannot keep */
  FLT_AWS_ISSUE_NO_LINKS,         /* several containers and no links between them */
  FLT_AWS_ISSUE_LINK,             /* external_links, volumes_from a container */
  FLT_AWS_ISSUE_LOGGING,
  FLT_AWS_ISSUE_ULIMIT,
  FLT_AWS_ISSUE_RESOURCES,        /* too little memory, reservation above limit */
  FLT_AWS_ISSUE_NAME,             /* a service name ECS does not accept */
  FLT_AWS_ISSUE_DEPLOY,
  FLT_AWS_ISSUE_CONTAINER_NAME,
  FLT_AWS_ISSUE_PROFILE,          /* a service left out: its profile is off */
  FLT_AWS_ISSUE_SECRETS,          /* secrets and configs */
  FLT_AWS_ISSUE_UNSUPPORTED,      /* any other key with no ECS equivalent */
  FLT_AWS_ISSUE_TOO_MANY,         /* more containers than a task definition holds */
} FltAwsIssue;

/**
 * FltAwsWarning:
 * @issue: the kind of problem
 * @service: (nullable): the service it is about
 * @diagnostic: a warning with the position in the compose file, the model
 *   path (like `services.web.volumes[0]`) and a translated message that
 *   says what is dropped, why, and what to do
 */
typedef struct
{
  FltAwsIssue issue;
  char *service;
  FltDiagnostic *diagnostic;
} FltAwsWarning;

#define FLT_TYPE_AWS_WARNING (flt_aws_warning_get_type ())
GType          flt_aws_warning_get_type   (void) G_GNUC_CONST;
FltAwsWarning *flt_aws_warning_copy       (const FltAwsWarning *warning);
void           flt_aws_warning_free       (FltAwsWarning       *warning);

/**
 * FltAwsOptions:
 *
 * The per-project choices an export needs: the CPU units and memory limit
 * for services that set none, the task definition family, and host ports
 * to publish instead of the project's.
 */
typedef struct _FltAwsOptions FltAwsOptions;

#define FLT_TYPE_AWS_OPTIONS (flt_aws_options_get_type ())
GType          flt_aws_options_get_type        (void) G_GNUC_CONST;
FltAwsOptions *flt_aws_options_new             (void);
FltAwsOptions *flt_aws_options_copy            (const FltAwsOptions *options);
void           flt_aws_options_free            (FltAwsOptions       *options);
void           flt_aws_options_set_cpu_shares  (FltAwsOptions       *options,
                                                gint64               cpu_shares);
gint64         flt_aws_options_get_cpu_shares  (const FltAwsOptions *options);
void           flt_aws_options_set_mem_limit   (FltAwsOptions       *options,
                                                gint64               bytes);
gint64         flt_aws_options_get_mem_limit   (const FltAwsOptions *options);
void           flt_aws_options_set_family      (FltAwsOptions       *options,
                                                const char          *family);
const char    *flt_aws_options_get_family      (const FltAwsOptions *options);
void           flt_aws_options_set_host_port   (FltAwsOptions       *options,
                                                const char          *service,
                                                guint                container_port,
                                                guint                host_port);
guint          flt_aws_options_get_host_port   (const FltAwsOptions *options,
                                                const char          *service,
                                                guint                container_port);

typedef enum
{
  FLT_AWS_EXPORT_ERROR_INVALID,      /* the project has errors: fix them first */
  FLT_AWS_EXPORT_ERROR_NO_SERVICES,
  FLT_AWS_EXPORT_ERROR_FOLDER,       /* the folder cannot be made or used */
  FLT_AWS_EXPORT_ERROR_SOURCE,       /* the target is one of the project's own files */
  FLT_AWS_EXPORT_ERROR_EXISTS,       /* FLT_AWS_WRITE_KEEP_EXISTING and the file differs */
  FLT_AWS_EXPORT_ERROR_WRITE,
} FltAwsExportError;

#define FLT_AWS_EXPORT_ERROR (flt_aws_export_error_quark ())
GQuark flt_aws_export_error_quark (void);

/**
 * FltAwsWriteFlags:
 * @FLT_AWS_WRITE_NONE: replace files of the same names
 * @FLT_AWS_WRITE_KEEP_EXISTING: refuse, writing nothing, when one of the
 *   files exists with other content (the dialog asks, then writes again
 *   without this flag)
 */
typedef enum
{
  FLT_AWS_WRITE_NONE          = 0,
  FLT_AWS_WRITE_KEEP_EXISTING = 1 << 0,
} FltAwsWriteFlags;

#define FLT_TYPE_AWS_EXPORT (flt_aws_export_get_type ())
G_DECLARE_FINAL_TYPE (FltAwsExport, flt_aws_export, FLT, AWS_EXPORT, GObject)

FltAwsExport  *flt_aws_export_new              (FltProject          *project,
                                                const FltAwsOptions *options,
                                                GError             **error);
void           flt_aws_export_new_async        (FltProject          *project,
                                                const FltAwsOptions *options,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
FltAwsExport  *flt_aws_export_new_finish       (GAsyncResult        *result,
                                                GError             **error);

const char    *flt_aws_export_get_text         (FltAwsExport        *self,
                                                FltAwsFile           file);
GPtrArray     *flt_aws_export_get_warnings     (FltAwsExport        *self);
guint          flt_aws_export_get_n_containers (FltAwsExport        *self);
const char    *flt_aws_export_get_family       (FltAwsExport        *self);

gboolean       flt_aws_export_write            (FltAwsExport        *self,
                                                const char          *folder,
                                                guint                files,
                                                FltAwsWriteFlags     flags,
                                                GStrv               *written,
                                                GError             **error);
void           flt_aws_export_write_async      (FltAwsExport        *self,
                                                const char          *folder,
                                                guint                files,
                                                FltAwsWriteFlags     flags,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       flt_aws_export_write_finish     (FltAwsExport        *self,
                                                GAsyncResult        *result,
                                                GStrv               *written,
                                                GError             **error);

const char    *flt_aws_file_get_name           (FltAwsFile           file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltAwsOptions, flt_aws_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltAwsWarning, flt_aws_warning_free)

G_END_DECLS
