/* flt-cli-engine.h: the commands that drive a Docker Engine
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "flt-cli.h"
#include "flt-engine.h"
#include "flt-log-follower.h"
#include "flt-runner.h"

G_BEGIN_DECLS

FltEngine  *flt_cli_open_engine   (FltCliOptions    *options,
                                  GError          **error);
const char *flt_cli_progress_mark (FltProgressState  state);
char       *flt_cli_log_prefix_new (const char       *label,
                                    guint             width,
                                    gboolean          color,
                                    guint             turn);
void        flt_cli_print_log_text (const FltLogLine *line,
                                    gboolean          timestamps,
                                    gboolean          flush);

int flt_cli_up      (FltCliOptions *options, int argc, char **argv);
int flt_cli_down    (FltCliOptions *options, int argc, char **argv);
int flt_cli_ps      (FltCliOptions *options, int argc, char **argv);
int flt_cli_logs    (FltCliOptions *options, int argc, char **argv);
int flt_cli_start   (FltCliOptions *options, int argc, char **argv);
int flt_cli_stop    (FltCliOptions *options, int argc, char **argv);
int flt_cli_restart (FltCliOptions *options, int argc, char **argv);
int flt_cli_build   (FltCliOptions *options, int argc, char **argv);
int flt_cli_pull    (FltCliOptions *options, int argc, char **argv);
int flt_cli_graph   (FltCliOptions *options, int argc, char **argv);
int flt_cli_stack   (FltCliOptions *options, int argc, char **argv);

G_END_DECLS
