/* test-stack-spec.c: a project as Swarm services and overlay networks
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bodies are compared with what `docker stack deploy` (docker/cli
 * cli/compose/convert) sends for the same file.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "flt-stack-spec.h"

static char *work_dir;

static FltProject *
load (const char *text)
{
  g_autofree char *path = g_build_filename (work_dir, "compose.yaml", NULL);
  g_autofree char *env_path = g_build_filename (work_dir, "web.env", NULL);
  g_autoptr(FltDocument) doc = NULL;
  g_autoptr(FltEnvironment) env = flt_environment_new ();
  FltProjectOptions options = { .environment = env };

  flt_environment_set (env, "FROM_SHELL", "shell-value", FLT_VARIABLE_FROM_ENVIRONMENT);
  g_assert_true (g_file_set_contents (env_path, "B=from-file\nA=file-a\n", -1, NULL));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  doc = flt_document_new_for_path (path, NULL);
  g_assert_nonnull (doc);
  return flt_project_new (&doc, 1, &options);
}

/* The node at "a/b/0/c", or NULL. */
static JsonNode *
at (JsonNode   *node,
    const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint index = (guint) g_ascii_strtoull (parts[i], NULL, 10);

          node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
        }
      else
        node = NULL;
    }
  return node;
}

static const char *
str_at (JsonNode   *node,
        const char *path)
{
  JsonNode *found = at (node, path);

  return found && JSON_NODE_HOLDS_VALUE (found) ? json_node_get_string (found) : NULL;
}

static gint64
int_at (JsonNode   *node,
        const char *path)
{
  JsonNode *found = at (node, path);

  g_assert_nonnull (found);
  return json_node_get_int (found);
}

static guint
len_at (JsonNode   *node,
        const char *path)
{
  JsonNode *found = at (node, path);

  g_assert_nonnull (found);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (found));
  return json_array_get_length (json_node_get_array (found));
}

static gboolean
warnings_mention (GPtrArray  *warnings,
                  const char *text)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static const char *tutorial_text =
  "name: demo\n"
  "services:\n"
  "  es:\n"
  "    image: flotilla-test/busybox\n"
  "    volumes:\n"
  "      - esdata:/usr/share/elasticsearch/data\n"
  "    networks: [back]\n"
  "  web:\n"
  "    image: flotilla-test/busybox\n"
  "    build: .\n"
  "    entrypoint: [\"/bin/sh\", \"-c\"]\n"
  "    command: python app.py\n"
  "    env_file: web.env\n"
  "    environment:\n"
  "      A: from-environment\n"
  "      FROM_SHELL:\n"
  "      NOT_SET_ANYWHERE:\n"
  "    labels:\n"
  "      tier: front\n"
  "    depends_on: [es]\n"
  "    init: true\n"
  "    stop_grace_period: 30s\n"
  "    ulimits:\n"
  "      nofile:\n"
  "        soft: 20000\n"
  "        hard: 40000\n"
  "    healthcheck:\n"
  "      test: wget -q -O- http://localhost:5000/\n"
  "      interval: 10s\n"
  "      retries: 3\n"
  "    extra_hosts:\n"
  "      - \"db.local:10.0.0.5\"\n"
  "    ports:\n"
  "      - \"5000:5000\"\n"
  "      - \"127.0.0.1:9000-9001:8000-8001/udp\"\n"
  "      - target: 7000\n"
  "        mode: host\n"
  "    volumes:\n"
  "      - .:/code:ro\n"
  "      - type: tmpfs\n"
  "        target: /scratch\n"
  "        tmpfs:\n"
  "          size: 1048576\n"
  "      - /cache\n"
  "    networks:\n"
  "      front:\n"
  "        aliases: [www]\n"
  "      back:\n"
  "    deploy:\n"
  "      replicas: 2\n"
  "      labels:\n"
  "        owner: team\n"
  "      resources:\n"
  "        limits:\n"
  "          cpus: '0.5'\n"
  "          memory: 256M\n"
  "          pids: 100\n"
  "        reservations:\n"
  "          cpus: '0.25'\n"
  "          memory: 128M\n"
  "      restart_policy:\n"
  "        condition: on-failure\n"
  "        delay: 5s\n"
  "        max_attempts: 3\n"
  "        window: 2m\n"
  "      update_config:\n"
  "        delay: 10s\n"
  "        order: start-first\n"
  "        failure_action: rollback\n"
  "        max_failure_ratio: 0.25\n"
  "      rollback_config:\n"
  "        parallelism: 2\n"
  "      placement:\n"
  "        constraints: [node.role == manager]\n"
  "        preferences:\n"
  "          - spread: node.labels.zone\n"
  "        max_replicas_per_node: 1\n"
  "networks:\n"
  "  front:\n"
  "    attachable: true\n"
  "    labels:\n"
  "      purpose: public\n"
  "  back:\n"
  "    driver_opts:\n"
  "      encrypted: \"\"\n"
  "    ipam:\n"
  "      config:\n"
  "        - subnet: 10.20.0.0/24\n"
  "volumes:\n"
  "  esdata:\n"
  "    driver: local\n"
  "    labels:\n"
  "      backup: daily\n";

static void
test_service (void)
{
  g_autoptr(FltProject) project = load (tutorial_text);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) spec = NULL;
  g_autofree char *code = g_canonicalize_filename (".", work_dir);
  JsonNode *node;

  spec = flt_stack_service_spec (project, flt_project_get_service (project, "web"), "demo", warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (spec);

  /* The service: its name in the stack, deploy.labels and the stack's. */
  g_assert_cmpstr (str_at (spec, "Name"), ==, "demo_web");
  g_assert_cmpstr (str_at (spec, "Labels/com.docker.stack.namespace"), ==, "demo");
  g_assert_cmpstr (str_at (spec, "Labels/com.docker.stack.image"), ==, "flotilla-test/busybox");
  g_assert_cmpstr (str_at (spec, "Labels/owner"), ==, "team");
  g_assert_null (at (spec, "Labels/tier"));

  /* The container: entrypoint as Command, command as Args, the service's
   * labels, environment resolved and sorted. */
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Image"), ==, "flotilla-test/busybox");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Labels/tier"), ==, "front");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Labels/com.docker.stack.namespace"), ==, "demo");
  g_assert_cmpuint (len_at (spec, "TaskTemplate/ContainerSpec/Command"), ==, 2);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Command/0"), ==, "/bin/sh");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Args/0"), ==, "python");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Args/1"), ==, "app.py");
  g_assert_cmpuint (len_at (spec, "TaskTemplate/ContainerSpec/Env"), ==, 3);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Env/0"), ==, "A=from-environment");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Env/1"), ==, "B=from-file");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Env/2"), ==, "FROM_SHELL=shell-value");
  g_assert_true (json_node_get_boolean (at (spec, "TaskTemplate/ContainerSpec/Init")));
  g_assert_cmpint (int_at (spec, "TaskTemplate/ContainerSpec/StopGracePeriod"), ==, G_GINT64_CONSTANT (30000000000));
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Healthcheck/Test/0"), ==, "CMD-SHELL");
  g_assert_cmpint (int_at (spec, "TaskTemplate/ContainerSpec/Healthcheck/Interval"), ==, G_GINT64_CONSTANT (10000000000));
  g_assert_cmpint (int_at (spec, "TaskTemplate/ContainerSpec/Healthcheck/Retries"), ==, 3);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Hosts/0"), ==, "10.0.0.5 db.local");
  g_assert_cmpuint (len_at (spec, "TaskTemplate/ContainerSpec/Ulimits"), ==, 1);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Ulimits/0/Name"), ==, "nofile");
  g_assert_cmpint (int_at (spec, "TaskTemplate/ContainerSpec/Ulimits/0/Soft"), ==, 20000);
  g_assert_cmpint (int_at (spec, "TaskTemplate/ContainerSpec/Ulimits/0/Hard"), ==, 40000);

  /* Mounts: the bind from the project folder, tmpfs and an anonymous
   * volume, in the file's order. */
  g_assert_cmpuint (len_at (spec, "TaskTemplate/ContainerSpec/Mounts"), ==, 3);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/0/Type"), ==, "bind");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/0/Source"), ==, code);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/0/Target"), ==, "/code");
  g_assert_true (json_node_get_boolean (at (spec, "TaskTemplate/ContainerSpec/Mounts/0/ReadOnly")));
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/1/Type"), ==, "tmpfs");
  g_assert_cmpint (int_at (spec, "TaskTemplate/ContainerSpec/Mounts/1/TmpfsOptions/SizeBytes"), ==, 1048576);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/2/Type"), ==, "volume");
  g_assert_null (at (spec, "TaskTemplate/ContainerSpec/Mounts/2/Source"));
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/2/Target"), ==, "/cache");

  /* Resources, restart policy, placement. */
  g_assert_cmpint (int_at (spec, "TaskTemplate/Resources/Limits/NanoCPUs"), ==, 500000000);
  g_assert_cmpint (int_at (spec, "TaskTemplate/Resources/Limits/MemoryBytes"), ==, 256 * 1024 * 1024);
  g_assert_cmpint (int_at (spec, "TaskTemplate/Resources/Limits/Pids"), ==, 100);
  g_assert_cmpint (int_at (spec, "TaskTemplate/Resources/Reservations/NanoCPUs"), ==, 250000000);
  g_assert_cmpint (int_at (spec, "TaskTemplate/Resources/Reservations/MemoryBytes"), ==, 128 * 1024 * 1024);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/RestartPolicy/Condition"), ==, "on-failure");
  g_assert_cmpint (int_at (spec, "TaskTemplate/RestartPolicy/Delay"), ==, G_GINT64_CONSTANT (5000000000));
  g_assert_cmpint (int_at (spec, "TaskTemplate/RestartPolicy/MaxAttempts"), ==, 3);
  g_assert_cmpint (int_at (spec, "TaskTemplate/RestartPolicy/Window"), ==, G_GINT64_CONSTANT (120000000000));
  g_assert_cmpstr (str_at (spec, "TaskTemplate/Placement/Constraints/0"), ==, "node.role == manager");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/Placement/Preferences/0/Spread/SpreadDescriptor"), ==,
                   "node.labels.zone");
  g_assert_cmpint (int_at (spec, "TaskTemplate/Placement/MaxReplicas"), ==, 1);

  /* Networks by engine name, each with the file's aliases and the
   * service's own name. */
  g_assert_cmpuint (len_at (spec, "TaskTemplate/Networks"), ==, 2);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/Networks/0/Target"), ==, "demo_back");
  g_assert_cmpuint (len_at (spec, "TaskTemplate/Networks/0/Aliases"), ==, 1);
  g_assert_cmpstr (str_at (spec, "TaskTemplate/Networks/0/Aliases/0"), ==, "web");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/Networks/1/Target"), ==, "demo_front");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/Networks/1/Aliases/0"), ==, "www");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/Networks/1/Aliases/1"), ==, "web");

  /* Replicas and the update and rollback strategies; a missing
   * parallelism is 1, as docker makes it. */
  g_assert_cmpint (int_at (spec, "Mode/Replicated/Replicas"), ==, 2);
  g_assert_cmpint (int_at (spec, "UpdateConfig/Parallelism"), ==, 1);
  g_assert_cmpint (int_at (spec, "UpdateConfig/Delay"), ==, G_GINT64_CONSTANT (10000000000));
  g_assert_cmpstr (str_at (spec, "UpdateConfig/Order"), ==, "start-first");
  g_assert_cmpstr (str_at (spec, "UpdateConfig/FailureAction"), ==, "rollback");
  g_assert_cmpfloat_with_epsilon (json_node_get_double (at (spec, "UpdateConfig/MaxFailureRatio")), 0.25, 1e-9);
  g_assert_cmpint (int_at (spec, "RollbackConfig/Parallelism"), ==, 2);

  /* Published ports, one per port of a range, sorted by published port:
   * the host-mode one without a published port first. */
  g_assert_cmpuint (len_at (spec, "EndpointSpec/Ports"), ==, 4);
  node = at (spec, "EndpointSpec/Ports/0");
  g_assert_cmpint (int_at (node, "TargetPort"), ==, 7000);
  g_assert_null (at (node, "PublishedPort"));
  g_assert_cmpstr (str_at (node, "PublishMode"), ==, "host");
  node = at (spec, "EndpointSpec/Ports/1");
  g_assert_cmpint (int_at (node, "TargetPort"), ==, 5000);
  g_assert_cmpint (int_at (node, "PublishedPort"), ==, 5000);
  g_assert_cmpstr (str_at (node, "Protocol"), ==, "tcp");
  g_assert_cmpstr (str_at (node, "PublishMode"), ==, "ingress");
  g_assert_cmpint (int_at (spec, "EndpointSpec/Ports/2/PublishedPort"), ==, 9000);
  g_assert_cmpint (int_at (spec, "EndpointSpec/Ports/2/TargetPort"), ==, 8000);
  g_assert_cmpint (int_at (spec, "EndpointSpec/Ports/3/PublishedPort"), ==, 9001);
  g_assert_cmpint (int_at (spec, "EndpointSpec/Ports/3/TargetPort"), ==, 8001);
  g_assert_cmpstr (str_at (spec, "EndpointSpec/Ports/3/Protocol"), ==, "udp");
  g_assert_null (at (spec, "EndpointSpec/Mode"));

  /* What Swarm has no place for is said, not sent. */
  g_assert_true (warnings_mention (warnings, "build"));
  g_assert_true (warnings_mention (warnings, "depends_on"));
  g_assert_true (warnings_mention (warnings, "127.0.0.1"));
  g_assert_null (at (spec, "TaskTemplate/ContainerSpec/Build"));
}

static void
test_named_volume_and_default_network (void)
{
  g_autoptr(FltProject) project = load (tutorial_text);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) spec = flt_stack_service_spec (project, flt_project_get_service (project, "es"), "other",
                                                     warnings, &error);

  g_assert_no_error (error);
  /* Under another stack name, everything the stack makes is scoped by
   * it, not by the project's name. */
  g_assert_cmpstr (str_at (spec, "Name"), ==, "other_es");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/0/Type"), ==, "volume");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/0/Source"), ==, "other_esdata");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/0/VolumeOptions/Labels/com.docker.stack.namespace"),
                   ==, "other");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/0/VolumeOptions/Labels/backup"), ==, "daily");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Mounts/0/VolumeOptions/DriverConfig/Name"), ==, "local");
  g_assert_cmpstr (str_at (spec, "TaskTemplate/Networks/0/Target"), ==, "other_back");
  /* No replicas asked for: Swarm's default (one), as docker sends it. */
  g_assert_nonnull (at (spec, "Mode/Replicated"));
  g_assert_null (at (spec, "Mode/Replicated/Replicas"));
  g_assert_null (at (spec, "TaskTemplate/RestartPolicy"));
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
test_networks (void)
{
  g_autoptr(FltProject) project = load ("name: demo\n"
                                        "services:\n"
                                        "  a:\n"
                                        "    image: x\n"
                                        "  b:\n"
                                        "    image: x\n"
                                        "    networks: [front, shared, outside]\n"
                                        "networks:\n"
                                        "  front:\n"
                                        "    driver: overlay\n"
                                        "    attachable: true\n"
                                        "    internal: true\n"
                                        "    labels: [purpose=public]\n"
                                        "    ipam:\n"
                                        "      config:\n"
                                        "        - subnet: 10.20.0.0/24\n"
                                        "          gateway: 10.20.0.1\n"
                                        "  shared:\n"
                                        "    name: everyone\n"
                                        "  outside:\n"
                                        "    external: true\n");
  g_autoptr(GPtrArray) keys = flt_stack_network_keys (project);
  g_autoptr(JsonNode) front = flt_stack_network_spec (project, "st", "front", TRUE);
  g_autoptr(JsonNode) fallback = flt_stack_network_spec (project, "st", "default", FALSE);
  g_autofree char *shared = flt_stack_network_name (project, "st", "shared");
  g_autofree char *outside = flt_stack_network_name (project, "st", "outside");

  /* The networks the services use, the implicit default one included. */
  g_assert_cmpuint (keys->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "default");
  g_assert_cmpstr (g_ptr_array_index (keys, 1), ==, "front");
  g_assert_cmpstr (shared, ==, "everyone");
  g_assert_cmpstr (outside, ==, "outside");

  g_assert_cmpstr (str_at (front, "Name"), ==, "st_front");
  g_assert_cmpstr (str_at (front, "Driver"), ==, "overlay");
  g_assert_true (json_node_get_boolean (at (front, "Attachable")));
  g_assert_true (json_node_get_boolean (at (front, "Internal")));
  g_assert_true (json_node_get_boolean (at (front, "CheckDuplicate")));
  g_assert_cmpstr (str_at (front, "IPAM/Config/0/Subnet"), ==, "10.20.0.0/24");
  g_assert_cmpstr (str_at (front, "IPAM/Config/0/Gateway"), ==, "10.20.0.1");
  g_assert_cmpstr (str_at (front, "Labels/purpose"), ==, "public");
  g_assert_cmpstr (str_at (front, "Labels/com.docker.stack.namespace"), ==, "st");

  /* The default network: overlay, not attachable, as docker makes it. */
  g_assert_cmpstr (str_at (fallback, "Name"), ==, "st_default");
  g_assert_cmpstr (str_at (fallback, "Driver"), ==, "overlay");
  g_assert_false (json_node_get_boolean (at (fallback, "Attachable")));
  g_assert_null (at (fallback, "CheckDuplicate"));
  g_assert_cmpstr (str_at (fallback, "Labels/com.docker.stack.namespace"), ==, "st");
}

typedef struct
{
  const char *restart;
  const char *condition;   /* NULL: no RestartPolicy */
  gint64 attempts;         /* -1: none */
} RestartCase;

static void
test_restart (void)
{
  static const RestartCase cases[] = {
    { "always", "any", -1 },
    { "unless-stopped", "any", -1 },
    { "on-failure", "on-failure", 0 },
    { "on-failure:4", "on-failure", 4 },
    { "\"no\"", NULL, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("name: demo\nservices:\n  a:\n    image: x\n    restart: %s\n",
                                               cases[i].restart);
      g_autoptr(FltProject) project = load (text);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) spec = flt_stack_service_spec (project, flt_project_get_service (project, "a"), "demo",
                                                         NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (str_at (spec, "TaskTemplate/RestartPolicy/Condition"), ==, cases[i].condition);
      if (cases[i].attempts >= 0)
        g_assert_cmpint (int_at (spec, "TaskTemplate/RestartPolicy/MaxAttempts"), ==, cases[i].attempts);
      else
        g_assert_null (at (spec, "TaskTemplate/RestartPolicy/MaxAttempts"));
    }
}

static void
test_modes (void)
{
  g_autoptr(FltProject) project = load ("name: demo\n"
                                        "services:\n"
                                        "  agent:\n"
                                        "    image: x\n"
                                        "    deploy:\n"
                                        "      mode: global\n"
                                        "      endpoint_mode: DNSRR\n"
                                        "  scaled:\n"
                                        "    image: x\n"
                                        "    scale: 3\n"
                                        "  job:\n"
                                        "    image: x\n"
                                        "    deploy:\n"
                                        "      mode: replicated-job\n"
                                        "      replicas: 4\n"
                                        "  both:\n"
                                        "    image: x\n"
                                        "    deploy:\n"
                                        "      mode: global\n"
                                        "      replicas: 2\n"
                                        "  odd:\n"
                                        "    image: x\n"
                                        "    deploy:\n"
                                        "      mode: sometimes\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) agent = flt_stack_service_spec (project, flt_project_get_service (project, "agent"), "demo",
                                                      NULL, &error);
  g_autoptr(JsonNode) scaled = NULL;
  g_autoptr(JsonNode) job = NULL;
  g_autoptr(JsonNode) both = NULL;
  g_autoptr(JsonNode) odd = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (at (agent, "Mode/Global"));
  g_assert_null (at (agent, "Mode/Replicated"));
  g_assert_cmpstr (str_at (agent, "EndpointSpec/Mode"), ==, "dnsrr");

  scaled = flt_stack_service_spec (project, flt_project_get_service (project, "scaled"), "demo", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (int_at (scaled, "Mode/Replicated/Replicas"), ==, 3);

  job = flt_stack_service_spec (project, flt_project_get_service (project, "job"), "demo", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (int_at (job, "Mode/ReplicatedJob/TotalCompletions"), ==, 4);
  g_assert_cmpint (int_at (job, "Mode/ReplicatedJob/MaxConcurrent"), ==, 4);

  both = flt_stack_service_spec (project, flt_project_get_service (project, "both"), "demo", NULL, &error);
  g_assert_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID);
  g_assert_null (both);
  g_assert_nonnull (strstr (error->message, "both"));
  g_assert_nonnull (strstr (error->message, "replicas"));
  g_clear_error (&error);

  odd = flt_stack_service_spec (project, flt_project_get_service (project, "odd"), "demo", NULL, &error);
  g_assert_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID);
  g_assert_null (odd);
  g_assert_nonnull (strstr (error->message, "sometimes"));
}

/* An unchanged file must give the same body, or every redeploy would
 * restart every task. */
static void
test_stable (void)
{
  g_autoptr(FltProject) first = load (tutorial_text);
  g_autoptr(FltProject) second = load (tutorial_text);
  g_autoptr(JsonNode) a = flt_stack_service_spec (first, flt_project_get_service (first, "web"), "demo", NULL, NULL);
  g_autoptr(JsonNode) b = flt_stack_service_spec (second, flt_project_get_service (second, "web"), "demo", NULL, NULL);
  g_autofree char *text_a = json_to_string (a, FALSE);
  g_autofree char *text_b = json_to_string (b, FALSE);

  g_assert_cmpstr (text_a, ==, text_b);
}

static void
test_names (void)
{
  static const char * const good[] = { "demo", "my-stack", "a_b1", "7up" };
  static const char * const bad[] = { "", "-lead", "trail_", "has space", "dots.no", "ünï" };
  g_autofree char *long_name = g_strnfill (64, 'a');
  g_autoptr(FltProject) project = load ("name: demo\nservices:\n  dotted.name:\n    image: x\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) spec = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (flt_stack_name_check (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (flt_stack_name_check (bad[i], &error));
      g_assert_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (flt_stack_name_check (long_name, NULL));

  /* A service name Swarm would refuse is said before anything is sent. */
  spec = flt_stack_service_spec (project, flt_project_get_service (project, "dotted.name"), "demo", NULL, &error);
  g_assert_null (spec);
  g_assert_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "demo_dotted.name"));
}

static void
test_undeclared_volume (void)
{
  g_autoptr(FltProject) project = load ("name: demo\n"
                                        "services:\n"
                                        "  a:\n"
                                        "    image: x\n"
                                        "    volumes:\n"
                                        "      - type: volume\n"
                                        "        source: nowhere\n"
                                        "        target: /data\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) spec = flt_stack_service_spec (project, flt_project_get_service (project, "a"), "demo",
                                                     NULL, &error);

  g_assert_null (spec);
  g_assert_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nowhere"));
}

static void
test_image_of_built_service (void)
{
  g_autoptr(FltProject) project = load ("name: demo\nservices:\n  app:\n    build: .\n");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) spec = flt_stack_service_spec (project, flt_project_get_service (project, "app"), "demo",
                                                     warnings, NULL);

  /* The image `flotilla-compose build` tags, as up would run it. */
  g_assert_cmpstr (str_at (spec, "TaskTemplate/ContainerSpec/Image"), ==, "demo-app");
  g_assert_cmpstr (str_at (spec, "Labels/com.docker.stack.image"), ==, "demo-app");
  g_assert_true (warnings_mention (warnings, "build"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  work_dir = g_dir_make_tmp ("flotilla-stack-spec-XXXXXX", NULL);

  g_test_add_func ("/stack-spec/service", test_service);
  g_test_add_func ("/stack-spec/named-volume-and-default-network", test_named_volume_and_default_network);
  g_test_add_func ("/stack-spec/networks", test_networks);
  g_test_add_func ("/stack-spec/restart", test_restart);
  g_test_add_func ("/stack-spec/modes", test_modes);
  g_test_add_func ("/stack-spec/stable", test_stable);
  g_test_add_func ("/stack-spec/names", test_names);
  g_test_add_func ("/stack-spec/undeclared-volume", test_undeclared_volume);
  g_test_add_func ("/stack-spec/image-of-built-service", test_image_of_built_service);

  status = g_test_run ();
  {
    g_autofree char *compose = g_build_filename (work_dir, "compose.yaml", NULL);
    g_autofree char *env = g_build_filename (work_dir, "web.env", NULL);

    g_unlink (compose);
    g_unlink (env);
    g_rmdir (work_dir);
  }
  return status;
}
