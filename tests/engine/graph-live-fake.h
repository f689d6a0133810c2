/* graph-live-fake.h: an engine's picture of a project, made up from its file,
 * for the live graph's tests and benchmark
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "flt-core.h"
#include "flt-project-state-private.h"

/* How one container of the fake project is: Docker's own words. */
typedef struct
{
  const char *status;          /* "running", "exited"… */
  const char *health;          /* NULL, "starting", "healthy", "unhealthy" */
  int exit_code;
  gboolean oom_killed;
} FakeContainer;

/* Decides each container's state; NULL for running. */
typedef void (*FakeStateFunc) (const char    *service,
                               int            number,
                               FakeContainer *out,
                               gpointer       user_data);

static inline char *
fake_id (const char *kind,
         const char *name,
         int         number)
{
  g_autofree char *seed = g_strdup_printf ("%s/%s/%d", kind, name, number);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
}

/* "172.<20+n>.0.<k>": each network its own /16, each container a host. */
static inline char *
fake_ip (guint network,
         guint host)
{
  return g_strdup_printf ("172.%u.%u.%u", 20 + network, host / 250, 2 + host % 250);
}

/* The containers (@replicas per service; orphans by name in @orphans) and
 * networks `up` would make for @project, as inspections, given to @state
 * as one resync. */
static inline void
fake_engine_state (FltProjectState    *state,
                   FltProject         *project,
                   guint               replicas,
                   const char * const *orphans,
                   FakeStateFunc       func,
                   gpointer            user_data)
{
  const char *name = flt_project_state_get_project_name (state);
  GPtrArray *services = flt_project_get_service_list (project);
  GPtrArray *networks = flt_project_get_network_list (project);
  g_autoptr(JsonArray) containers = json_array_new ();
  g_autoptr(JsonArray) network_list = json_array_new ();
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint host = 0;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint n = 0; n < networks->len; n++)
    g_ptr_array_add (members, json_object_new ());

  for (guint i = 0; i < services->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (services, i));
  for (guint i = 0; orphans != NULL && orphans[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) orphans[i]);

  for (guint i = 0; i < all->len; i++)
    {
      gboolean orphan = i >= services->len;
      FltService *service = orphan ? NULL : g_ptr_array_index (all, i);
      const char *service_name = orphan ? g_ptr_array_index (all, i) : flt_service_get_name (service);
      GPtrArray *attachments = service ? flt_service_get_networks (service) : NULL;

      if (service != NULL && !flt_service_get_enabled (service))
        continue;
      for (guint r = 1; r <= replicas; r++, host++)
        {
          g_autofree char *id = fake_id ("container", service_name, r);
          g_autofree char *cname = g_strdup_printf ("/%s-%s-%u", name, service_name, r);
          g_autofree char *number = g_strdup_printf ("%u", r);
          FakeContainer c = { "running", NULL, 0, FALSE };
          JsonObject *inspect = json_object_new ();
          JsonObject *st = json_object_new ();
          JsonObject *config = json_object_new ();
          JsonObject *labels = json_object_new ();
          JsonObject *settings = json_object_new ();
          JsonObject *nets = json_object_new ();

          if (func != NULL)
            func (service_name, r, &c, user_data);

          json_object_set_string_member (inspect, "Id", id);
          json_object_set_string_member (inspect, "Name", cname);
          json_object_set_string_member (inspect, "Created", "2026-01-01T00:00:00Z");
          json_object_set_string_member (st, "Status", c.status);
          json_object_set_boolean_member (st, "Running", strcmp (c.status, "running") == 0);
          json_object_set_int_member (st, "ExitCode", c.exit_code);
          json_object_set_boolean_member (st, "OOMKilled", c.oom_killed);
          json_object_set_string_member (st, "StartedAt", "2026-01-01T00:00:01Z");
          if (c.health != NULL)
            {
              JsonObject *health = json_object_new ();

              json_object_set_string_member (health, "Status", c.health);
              json_object_set_object_member (st, "Health", health);
            }
          json_object_set_object_member (inspect, "State", st);
          json_object_set_string_member (labels, FLT_LABEL_PROJECT, name);
          json_object_set_string_member (labels, FLT_LABEL_SERVICE, service_name);
          json_object_set_string_member (labels, FLT_LABEL_NUMBER, number);
          json_object_set_string_member (labels, FLT_LABEL_ONEOFF, "False");
          json_object_set_object_member (config, "Labels", labels);
          json_object_set_string_member (config, "Image", service ? flt_service_get_image (service) : "old");
          json_object_set_object_member (inspect, "Config", config);

          for (guint a = 0; attachments != NULL && a < attachments->len; a++)
            {
              FltNetworkAttachment *att = g_ptr_array_index (attachments, a);
              JsonObject *endpoint = json_object_new ();
              JsonObject *member = json_object_new ();
              JsonArray *aliases = json_array_new ();
              g_autofree char *net_name = g_strdup_printf ("%s_%s", name, att->network);
              g_autofree char *net_id = fake_id ("network", att->network, 0);
              g_autofree char *ip = NULL;
              g_autofree char *cidr = NULL;
              guint n;

              for (n = 0; n < networks->len; n++)
                if (strcmp (flt_network_get_key (g_ptr_array_index (networks, n)), att->network) == 0)
                  break;
              if (n == networks->len)
                {
                  json_object_unref (endpoint);
                  json_object_unref (member);
                  json_array_unref (aliases);
                  continue;
                }
              /* A stopped container has no address. */
              ip = strcmp (c.status, "running") == 0 ? fake_ip (n, host) : g_strdup ("");
              json_array_add_string_element (aliases, service_name);
              json_object_set_string_member (endpoint, "NetworkID", net_id);
              json_object_set_string_member (endpoint, "IPAddress", ip);
              json_object_set_int_member (endpoint, "IPPrefixLen", *ip ? 16 : 0);
              json_object_set_array_member (endpoint, "Aliases", aliases);
              json_object_set_object_member (nets, net_name, endpoint);
              if (*ip)
                {
                  cidr = g_strdup_printf ("%s/16", ip);
                  json_object_set_string_member (member, "IPv4Address", cidr);
                  json_object_set_object_member (g_ptr_array_index (members, n), id, member);
                }
              else
                json_object_unref (member);
            }
          json_object_set_object_member (settings, "Networks", nets);
          json_object_set_object_member (inspect, "NetworkSettings", settings);
          json_array_add_object_element (containers, inspect);
        }
    }

  for (guint n = 0; n < networks->len; n++)
    {
      FltNetwork *network = g_ptr_array_index (networks, n);
      const char *key = flt_network_get_key (network);
      g_autofree char *net_id = fake_id ("network", key, 0);
      g_autofree char *net_name = g_strdup_printf ("%s_%s", name, key);
      g_autofree char *subnet = g_strdup_printf ("172.%u.0.0/16", 20 + n);
      g_autofree char *gateway = g_strdup_printf ("172.%u.0.1", 20 + n);
      JsonObject *inspect = json_object_new ();
      JsonObject *labels = json_object_new ();
      JsonObject *ipam = json_object_new ();
      JsonArray *configs = json_array_new ();
      JsonObject *config = json_object_new ();

      if (flt_network_get_external (network))
        {
          json_object_unref (inspect);
          json_object_unref (labels);
          json_object_unref (ipam);
          json_array_unref (configs);
          json_object_unref (config);
          continue;
        }
      json_object_set_string_member (inspect, "Id", net_id);
      json_object_set_string_member (inspect, "Name", net_name);
      json_object_set_string_member (inspect, "Driver", "bridge");
      json_object_set_string_member (inspect, "Scope", "local");
      json_object_set_string_member (labels, FLT_LABEL_PROJECT, name);
      json_object_set_string_member (labels, FLT_LABEL_NETWORK, key);
      json_object_set_object_member (inspect, "Labels", labels);
      json_object_set_string_member (config, "Subnet", subnet);
      json_object_set_string_member (config, "Gateway", gateway);
      json_array_add_object_element (configs, config);
      json_object_set_array_member (ipam, "Config", configs);
      json_object_set_object_member (inspect, "IPAM", ipam);
      json_object_set_object_member (inspect, "Containers", json_object_ref (g_ptr_array_index (members, n)));
      json_array_add_object_element (network_list, inspect);
    }

  _flt_project_state_apply_resync (state, containers, network_list, NULL);
}
