/* main.c: flotilla-compose, the command line
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "flt-cli.h"

static const FltCliCommand commands[] = {
  { "config", flt_cli_config, N_("Validate the project and print it resolved"), FALSE },
  { "edit", flt_cli_edit, N_("Change the compose file with minimal edits"), FALSE },
  { "export-aws", flt_cli_export_aws, N_("Write the project as aws-compose.yml, ecs-params.yml and an ECS task definition"), FALSE },
  { "up", NULL, N_("Create and start the project’s containers"), TRUE },
  { "down", NULL, N_("Stop and remove the project’s containers and networks"), TRUE },
  { "ps", NULL, N_("List the project’s containers"), TRUE },
  { "logs", NULL, N_("Show the containers’ output"), TRUE },
  { "start", NULL, N_("Start existing containers"), TRUE },
  { "stop", NULL, N_("Stop containers without removing them"), TRUE },
  { "restart", NULL, N_("Restart containers"), TRUE },
  { "build", NULL, N_("Build the services’ images"), TRUE },
  { "pull", NULL, N_("Pull the services’ images"), TRUE },
  { "graph", NULL, N_("Draw the project as SVG, PNG or DOT, live with --live"), TRUE },
  { "stack", NULL, N_("Deploy the project to a Docker Swarm as a stack; list or remove it"), TRUE },
};

int
main (int   argc,
      char *argv[])
{
  return flt_cli_main (argc, argv, commands, G_N_ELEMENTS (commands), FALSE);
}
