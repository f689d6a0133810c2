/* flt-cli.h: what the flotilla-compose commands share
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-core.h"

G_BEGIN_DECLS

/* The options that come before the command, as in `docker compose`. */
typedef struct
{
  char **files;
  char *project_name;
  char *project_directory;
  char **env_files;
  char **profiles;
  char *host;
  char *context;
  gboolean tls;
  gboolean tlsverify;
  char *tlscacert;
  char *tlscert;
  char *tlskey;
} FltCliOptions;

typedef int (*FltCliCommandFunc) (FltCliOptions *options,
                                  int            argc,
                                  char         **argv);

/**
 * FltCliCommand:
 * @engine: the command talks to a Docker Engine; it runs in the helper
 *   program flotilla-compose-engine, so that the others need not load the
 *   HTTP stack
 * @func: (nullable): %NULL for engine commands in the main program
 */
typedef struct
{
  const char *name;
  FltCliCommandFunc func;
  const char *summary;
  gboolean engine;
} FltCliCommand;

int         flt_cli_main                (int                   argc,
                                         char                **argv,
                                         const FltCliCommand  *commands,
                                         guint                 n_commands,
                                         gboolean              in_engine_helper);

GPtrArray  *flt_cli_find_files          (FltCliOptions  *options,
                                         GError        **error);
FltProject *flt_cli_load_project        (FltCliOptions  *options,
                                         GPtrArray     **documents,
                                         GError        **error);
gboolean    flt_cli_print_diagnostics   (GPtrArray      *diagnostics,
                                         gboolean        warnings);
void        flt_cli_error               (const char     *format,
                                         ...) G_GNUC_PRINTF (1, 2);
char       *flt_cli_pad                 (const char     *text,
                                         guint           width);

typedef gboolean (*FltCliWorkFunc) (gpointer session, gpointer data, GError **error);

int         flt_cli_run_interruptible   (FltCliWorkFunc  func,
                                         gpointer        session,
                                         gpointer        data,
                                         GCancellable   *cancellable);
gboolean    flt_cli_parse_options       (GOptionContext  *context,
                                         int             *argc,
                                         char          ***argv);

int         flt_cli_config              (FltCliOptions  *options,
                                         int             argc,
                                         char          **argv);
int         flt_cli_edit                (FltCliOptions  *options,
                                         int             argc,
                                         char          **argv);
int         flt_cli_export_aws          (FltCliOptions  *options,
                                         int             argc,
                                         char          **argv);

G_END_DECLS
