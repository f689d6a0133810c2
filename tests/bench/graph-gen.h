/* graph-gen.h: a made-up Compose project of any size, for the graph's tests
 * and benchmark
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

/* @n_services services on @n_networks networks, shaped like a large real
 * project: chains of four services that depend on each other, a few
 * published ports, a named volume every fifth service, each service on
 * one or two networks, some with aliases.  @extra adds a service "zz-extra"
 * that depends on the first one, to see how much an edit moves. */
static inline char *
flt_test_generate_project (guint    n_services,
                           guint    n_networks,
                           gboolean extra)
{
  GString *s = g_string_new ("services:\n");

  for (guint i = 0; i < n_services; i++)
    {
      g_string_append_printf (s, "  svc%03u:\n    image: example/app-%u:1.%u\n", i, i % 7, i % 3);
      if (i % 4 != 0)
        g_string_append_printf (s, "    depends_on: [svc%03u]\n", i - 1);
      if (i % 10 == 0)
        g_string_append_printf (s, "    ports: [\"%u:80\"]\n", 8000 + i);
      if (i % 5 == 0)
        g_string_append_printf (s, "    volumes: [\"data%03u:/var/lib/data\"]\n", i);
      g_string_append (s, "    networks:\n");
      g_string_append_printf (s, "      net%02u:\n", i % n_networks);
      if (i % 3 == 0)
        g_string_append_printf (s, "        aliases: [app%u]\n", i);
      if (n_networks > 1 && i % 2 == 0)
        g_string_append_printf (s, "      net%02u: {}\n", (i / 2 + 1) % n_networks == i % n_networks
                                ? (i % n_networks + 1) % n_networks : (i / 2 + 1) % n_networks);
    }
  if (extra)
    g_string_append (s, "  zz-extra:\n    image: example/extra\n    depends_on: [svc000]\n"
                        "    networks: [net00]\n");

  g_string_append (s, "networks:\n");
  for (guint i = 0; i < n_networks; i++)
    g_string_append_printf (s, "  net%02u: {}\n", i);
  g_string_append (s, "volumes:\n");
  for (guint i = 0; i < n_services; i += 5)
    g_string_append_printf (s, "  data%03u: {}\n", i);
  return g_string_free (s, FALSE);
}
