/* flt-compose-types.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-compose-types.h"

G_DEFINE_BOXED_TYPE (FltPort, flt_port, flt_port_copy, flt_port_free)
G_DEFINE_BOXED_TYPE (FltMount, flt_mount, flt_mount_copy, flt_mount_free)
G_DEFINE_BOXED_TYPE (FltKeyValue, flt_key_value, flt_key_value_copy, flt_key_value_free)

void
flt_port_free (FltPort *port)
{
  if (port == NULL)
    return;
  g_free (port->path);
  g_free (port->host_ip);
  g_free (port->protocol);
  g_free (port->mode);
  g_free (port->name);
  g_free (port->app_protocol);
  g_free (port);
}

FltPort *
flt_port_copy (const FltPort *port)
{
  FltPort *copy = g_memdup2 (port, sizeof *port);

  copy->path = g_strdup (port->path);
  copy->host_ip = g_strdup (port->host_ip);
  copy->protocol = g_strdup (port->protocol);
  copy->mode = g_strdup (port->mode);
  copy->name = g_strdup (port->name);
  copy->app_protocol = g_strdup (port->app_protocol);
  return copy;
}

/* The short syntax Compose would read back: [IP:][HOST:]CONTAINER[/PROTO]. */
char *
flt_port_to_string (const FltPort *port)
{
  GString *s = g_string_new (NULL);

  if (port->host_ip != NULL)
    {
      if (strchr (port->host_ip, ':') != NULL)
        g_string_append_printf (s, "[%s]:", port->host_ip);
      else
        g_string_append_printf (s, "%s:", port->host_ip);
    }

  if (port->published_start != 0)
    {
      g_string_append_printf (s, "%u", port->published_start);
      if (port->published_end != port->published_start)
        g_string_append_printf (s, "-%u", port->published_end);
      g_string_append_c (s, ':');
    }
  else if (port->host_ip != NULL)
    g_string_append_c (s, ':');

  g_string_append_printf (s, "%u", port->target_start);
  if (port->target_end != port->target_start)
    g_string_append_printf (s, "-%u", port->target_end);

  if (port->protocol != NULL && g_strcmp0 (port->protocol, "tcp") != 0)
    g_string_append_printf (s, "/%s", port->protocol);

  return g_string_free (s, FALSE);
}

void
flt_mount_free (FltMount *mount)
{
  if (mount == NULL)
    return;
  g_free (mount->path);
  g_free (mount->source);
  g_free (mount->target);
  g_free (mount->mode);
  g_free (mount->propagation);
  g_free (mount->selinux);
  g_free (mount->subpath);
  g_free (mount);
}

FltMount *
flt_mount_copy (const FltMount *mount)
{
  FltMount *copy = g_memdup2 (mount, sizeof *mount);

  copy->path = g_strdup (mount->path);
  copy->source = g_strdup (mount->source);
  copy->target = g_strdup (mount->target);
  copy->mode = g_strdup (mount->mode);
  copy->propagation = g_strdup (mount->propagation);
  copy->selinux = g_strdup (mount->selinux);
  copy->subpath = g_strdup (mount->subpath);
  return copy;
}

const char *
flt_mount_type_to_string (FltMountType type)
{
  switch (type)
    {
    case FLT_MOUNT_BIND: return "bind";
    case FLT_MOUNT_VOLUME: return "volume";
    case FLT_MOUNT_ANONYMOUS: return "volume";
    case FLT_MOUNT_TMPFS: return "tmpfs";
    case FLT_MOUNT_NPIPE: return "npipe";
    case FLT_MOUNT_CLUSTER: return "cluster";
    default: return "volume";
    }
}

void
flt_key_value_free (FltKeyValue *kv)
{
  if (kv == NULL)
    return;
  g_free (kv->path);
  g_free (kv->name);
  g_free (kv->value);
  g_free (kv);
}

FltKeyValue *
flt_key_value_copy (const FltKeyValue *kv)
{
  FltKeyValue *copy = g_memdup2 (kv, sizeof *kv);

  copy->path = g_strdup (kv->path);
  copy->name = g_strdup (kv->name);
  copy->value = g_strdup (kv->value);
  return copy;
}

void
flt_env_file_free (FltEnvFile *env_file)
{
  if (env_file == NULL)
    return;
  g_free (env_file->path);
  g_free (env_file->file);
  g_free (env_file->format);
  g_free (env_file);
}

void
flt_link_free (FltLink *link)
{
  if (link == NULL)
    return;
  g_free (link->path);
  g_free (link->service);
  g_free (link->alias);
  g_free (link);
}

const char *
flt_condition_to_string (FltCondition condition)
{
  switch (condition)
    {
    case FLT_CONDITION_HEALTHY: return "service_healthy";
    case FLT_CONDITION_COMPLETED_SUCCESSFULLY: return "service_completed_successfully";
    case FLT_CONDITION_STARTED:
    default: return "service_started";
    }
}

void
flt_dependency_free (FltDependency *dependency)
{
  if (dependency == NULL)
    return;
  g_free (dependency->path);
  g_free (dependency->service);
  g_free (dependency);
}

void
flt_network_attachment_free (FltNetworkAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->path);
  g_free (attachment->network);
  g_strfreev (attachment->aliases);
  g_free (attachment->ipv4_address);
  g_free (attachment->ipv6_address);
  g_free (attachment);
}

void
flt_healthcheck_free (FltHealthcheck *healthcheck)
{
  if (healthcheck == NULL)
    return;
  g_free (healthcheck->path);
  g_strfreev (healthcheck->test);
  g_free (healthcheck);
}

void
flt_build_free (FltBuild *build)
{
  if (build == NULL)
    return;
  g_free (build->path);
  g_free (build->context);
  g_free (build->dockerfile);
  g_free (build->dockerfile_inline);
  g_free (build->target);
  g_clear_pointer (&build->args, g_ptr_array_unref);
  g_clear_pointer (&build->labels, g_ptr_array_unref);
  g_strfreev (build->cache_from);
  g_free (build->network);
  g_free (build);
}

void
flt_deploy_free (FltDeploy *deploy)
{
  if (deploy == NULL)
    return;
  g_free (deploy->path);
  g_free (deploy->restart_condition);
  g_free (deploy->mode);
  g_free (deploy);
}
