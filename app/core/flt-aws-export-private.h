/* flt-aws-export-private.h: the containers an AWS export is made of, shared
 * by the three file writers
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-aws-export.h"
#include "flt-tree.h"

G_BEGIN_DECLS

/* The project is first turned into these, with every mapping rule applied
 * and every warning given once; the writers only lay them out in their
 * formats.  Strings are values, not YAML: each writer escapes them. */

typedef struct
{
  guint container_port;
  guint host_port;          /* 0: ECS picks one (dynamic port) */
  const char *protocol;     /* "tcp" or "udp" */
} FltAwsPort;

typedef struct
{
  char *volume;             /* the task volume's name */
  char *source;             /* for aws-compose.yml: host path or volume, NULL if anonymous */
  char *container_path;
  gboolean read_only;
} FltAwsMount;

typedef enum
{
  FLT_AWS_VOLUME_HOST,      /* a path on the container instance */
  FLT_AWS_VOLUME_SCRATCH,   /* an anonymous Docker volume, gone with the task */
  FLT_AWS_VOLUME_DOCKER,    /* a named Docker volume */
} FltAwsVolumeKind;

typedef struct
{
  char *name;
  FltAwsVolumeKind kind;
  char *host_path;          /* FLT_AWS_VOLUME_HOST */
  char *driver;             /* FLT_AWS_VOLUME_DOCKER */
  gboolean external;
  GPtrArray *driver_opts;   /* FltKeyValue */
  GPtrArray *labels;        /* FltKeyValue */
} FltAwsVolume;

typedef struct
{
  char *name;
  char *value;              /* the value the task definition gets */
  gboolean from_shell;      /* no value in the project: ecs-cli reads it from its shell */
} FltAwsVariable;

typedef struct
{
  char *name;
  gint64 soft;
  gint64 hard;
} FltAwsUlimit;

/* A link, a volumes_from or a dependency: from one container to another. */
typedef struct
{
  char *service;            /* the other service, as aws-compose.yml names it */
  char *container;          /* its ECS container name */
  char *alias;              /* links: the name to reach it by, or NULL */
  gboolean read_only;       /* volumes_from */
  const char *condition;    /* depends_on: START, HEALTHY, SUCCESS or COMPLETE */
} FltAwsReference;

typedef struct
{
  char *service;            /* the service's name in the project */
  char *name;               /* its container name on ECS */
  char *image;
  gint64 cpu;               /* CPU units (cpu_shares) */
  gint64 memory;            /* bytes (mem_limit) */
  gint64 memory_reservation;/* bytes, -1 unset */

  const FltNode *command_node;     /* to keep a string command a string */
  GStrv command;
  const FltNode *entrypoint_node;
  GStrv entrypoint;
  char *working_dir;
  char *user;
  char *hostname;

  GArray *ports;            /* FltAwsPort */
  GPtrArray *links;         /* FltAwsReference */
  GPtrArray *environment;   /* FltAwsVariable */
  GPtrArray *mounts;        /* FltAwsMount */
  GPtrArray *volumes_from;  /* FltAwsReference */
  GPtrArray *extra_hosts;   /* FltKeyValue: name = host, value = address */
  GPtrArray *ulimits;       /* FltAwsUlimit */
  char *log_driver;
  GPtrArray *log_options;   /* FltKeyValue */
  GPtrArray *labels;        /* FltKeyValue */
  GStrv dns;
  GStrv dns_search;
  GStrv cap_add;
  GStrv cap_drop;
  GStrv security_opt;
  int privileged;           /* -1 unset, else a boolean */
  int read_only;
  int tty;
  int stdin_open;
  int init;                 /* ecs-params init_process_enabled */

  GStrv health_test;        /* NULL: none */
  gint64 health_interval;   /* seconds, -1 unset */
  gint64 health_timeout;
  gint64 health_start_period;
  int health_retries;

  GPtrArray *depends_on;    /* FltAwsReference */
  gboolean essential;
} FltAwsContainer;

typedef struct
{
  char *family;
  const char *network_mode;
  GPtrArray *containers;    /* FltAwsContainer */
  GPtrArray *volumes;       /* FltAwsVolume */
} FltAwsTask;

typedef struct
{
  char *service;
  guint container_port;
  guint host_port;
} HostPort;

struct _FltAwsOptions
{
  gint64 cpu_shares;
  gint64 mem_limit;
  char *family;
  GArray *host_ports;       /* HostPort */
};

/* flt-aws-export.c */
int      _flt_aws_options_find_host_port (const FltAwsOptions *options,
                                     const char        *service,
                                     guint              container_port);

/* flt-aws-convert.c */
FltAwsTask *_flt_aws_task_new       (FltProject        *project,
                                     const FltAwsOptions *options,
                                     GPtrArray         *warnings);
void     _flt_aws_task_free         (FltAwsTask        *task);
gint64   _flt_aws_memory_mib        (gint64             bytes);
gint64   _flt_aws_task_cpu          (const FltAwsTask  *task);
gint64   _flt_aws_task_memory_mib   (const FltAwsTask  *task);
char    *_flt_aws_escape_dollars    (const char        *value);
char    *_flt_aws_format_seconds    (gint64             seconds);

/* flt-aws-compose.c, flt-ecs-params.c, flt-task-definition.c */
char    *_flt_aws_compose_to_text   (const FltAwsTask  *task);
char    *_flt_ecs_params_to_text    (const FltAwsTask  *task);
char    *_flt_task_definition_to_text (const FltAwsTask *task);

/* flt-aws-nodes.c: building output trees.  Strings are strings, typed
 * values are plain; with @escape, every "$" is written "$$". */
typedef FltNode *(*FltAwsItemFunc)  (FltTree           *out,
                                     gconstpointer      item,
                                     gconstpointer      data);

FltNode *_flt_aws_string            (FltTree           *out,
                                     const char        *value);
FltNode *_flt_aws_typed             (FltTree           *out,
                                     const char        *literal);
FltNode *_flt_aws_number            (FltTree           *out,
                                     gint64             value);
FltNode *_flt_aws_bool              (FltTree           *out,
                                     gboolean           value);
FltNode *_flt_aws_bool_or_null      (FltTree           *out,
                                     int                value);
FltNode *_flt_aws_strv              (FltTree           *out,
                                     const char * const *strv,
                                     gboolean           escape);
FltNode *_flt_aws_strv_or_null      (FltTree           *out,
                                     const char * const *strv,
                                     gboolean           escape);
FltNode *_flt_aws_key_values        (FltTree           *out,
                                     GPtrArray         *kvs,
                                     gboolean           escape);
FltNode *_flt_aws_sequence          (FltTree           *out,
                                     GPtrArray         *items,
                                     FltAwsItemFunc     item_node,
                                     gconstpointer      data);
FltNode *_flt_aws_mapping           (FltTree           *out,
                                     const char        *first_key,
                                     ...) G_GNUC_NULL_TERMINATED;
void     _flt_aws_set               (FltTree           *out,
                                     FltNode           *mapping,
                                     const char        *key,
                                     FltNode           *value);
void     _flt_aws_set_task_size     (FltTree           *out,
                                     FltNode           *mapping,
                                     const FltAwsTask  *task,
                                     const char        *cpu_key,
                                     const char        *memory_key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltAwsTask, _flt_aws_task_free)

G_END_DECLS
