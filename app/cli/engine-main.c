/* engine-main.c: flotilla-compose-engine, the commands of flotilla-compose
 * that talk to a Docker Engine
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * flotilla-compose runs this program for them, with the same arguments, so
 * that config and edit start without loading the HTTP stack.
 */

#include <glib/gi18n.h>

#include "flt-cli-engine.h"

static const FltCliCommand commands[] = {
  { "up", flt_cli_up, N_("Create and start the project’s containers"), TRUE },
  { "down", flt_cli_down, N_("Stop and remove the project’s containers and networks"), TRUE },
  { "ps", flt_cli_ps, N_("List the project’s containers"), TRUE },
  { "logs", flt_cli_logs, N_("Show the containers’ output"), TRUE },
  { "start", flt_cli_start, N_("Start existing containers"), TRUE },
  { "stop", flt_cli_stop, N_("Stop containers without removing them"), TRUE },
  { "restart", flt_cli_restart, N_("Restart containers"), TRUE },
  { "build", flt_cli_build, N_("Build the services’ images"), TRUE },
  { "pull", flt_cli_pull, N_("Pull the services’ images"), TRUE },
  { "graph", flt_cli_graph, N_("Draw the project as SVG, PNG or DOT, live with --live"), TRUE },
  { "stack", flt_cli_stack, N_("Deploy the project to a Docker Swarm as a stack; list or remove it"), TRUE },
};

int
main (int   argc,
      char *argv[])
{
  return flt_cli_main (argc, argv, commands, G_N_ELEMENTS (commands), TRUE);
}
