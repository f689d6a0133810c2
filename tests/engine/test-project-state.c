/* test-project-state.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Three kinds of tests:
 *  - /project-state/apply/…: events and inspections applied directly, the
 *    events recorded from Engine 20.10 (data/project-state-events.jsonl: a
 *    two-service project up, a failing healthcheck, `docker stop` of db, a
 *    rename, then down);
 *  - /project-state/fake/…: the worker against a tiny HTTP server on a Unix
 *    socket of the test's own, which goes away and comes back;
 *  - /project-state/engine/…: against the Docker Engine at
 *    /var/run/docker.sock, skipped when none answers.
 */

#include <errno.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "flt-core.h"
#include "flt-project-state-private.h"
#include "flt-runner.h"

/* ----------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
apply_event (FltProjectState *state,
             const char      *text)
{
  g_autoptr(JsonNode) node = parse (text);

  _flt_project_state_apply_event (state, json_node_get_object (node));
}

static void
apply_container (FltProjectState *state,
                 const char      *id,
                 const char      *text)
{
  g_autoptr(JsonNode) node = text ? parse (text) : NULL;

  _flt_project_state_apply_container (state, id, node ? json_node_get_object (node) : NULL);
}

static void
apply_network (FltProjectState *state,
               const char      *id,
               const char      *text)
{
  g_autoptr(JsonNode) node = text ? parse (text) : NULL;

  _flt_project_state_apply_network (state, id, node ? json_node_get_object (node) : NULL);
}

static void
apply_resync (FltProjectState *state,
              const char      *containers,
              const char      *networks,
              const char      *volumes)
{
  g_autoptr(JsonNode) c = parse (containers);
  g_autoptr(JsonNode) n = parse (networks);
  g_autoptr(JsonNode) v = parse (volumes);

  _flt_project_state_apply_resync (state, json_node_get_array (c), json_node_get_array (n),
                                   json_node_get_array (v));
}

/* Records the signals as "added:ID", "changed:ID", "removed:ID",
 * "network:ID", "volume:NAME", "connected:0|1", "notify"; IDs are cut to
 * 12 characters. */
typedef struct
{
  GPtrArray *log;
} Recorder;

static void
record (Recorder   *rec,
        const char *kind,
        const char *id)
{
  g_ptr_array_add (rec->log, g_strdup_printf ("%s:%.12s", kind, id));
}

static void on_added (FltProjectState *s, const char *id, Recorder *rec) { record (rec, "added", id); }
static void on_changed (FltProjectState *s, const char *id, Recorder *rec) { record (rec, "changed", id); }
static void on_removed (FltProjectState *s, const char *id, Recorder *rec) { record (rec, "removed", id); }
static void on_network (FltProjectState *s, const char *id, Recorder *rec) { record (rec, "network", id); }
static void on_volume (FltProjectState *s, const char *name, Recorder *rec) { record (rec, "volume", name); }

static void
on_connection (FltProjectState *s,
               gboolean         connected,
               Recorder        *rec)
{
  record (rec, "connected", connected ? "1" : "0");
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Recorder   *rec)
{
  g_ptr_array_add (rec->log, g_strdup_printf ("notify:%s", pspec->name));
}

static void
recorder_attach (Recorder        *rec,
                 FltProjectState *state)
{
  rec->log = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (state, "container-added", G_CALLBACK (on_added), rec);
  g_signal_connect (state, "container-changed", G_CALLBACK (on_changed), rec);
  g_signal_connect (state, "container-removed", G_CALLBACK (on_removed), rec);
  g_signal_connect (state, "network-changed", G_CALLBACK (on_network), rec);
  g_signal_connect (state, "volume-changed", G_CALLBACK (on_volume), rec);
  g_signal_connect (state, "connection-changed", G_CALLBACK (on_connection), rec);
  g_signal_connect (state, "notify::connected", G_CALLBACK (on_notify), rec);
}

/* How many times @entry was logged since the last take. */
static guint
recorder_count (Recorder   *rec,
                const char *entry)
{
  guint n = 0;

  for (guint i = 0; i < rec->log->len; i++)
    if (g_str_equal (g_ptr_array_index (rec->log, i), entry))
      n++;
  return n;
}

/* The log since the last call, joined by spaces. */
static char *
recorder_take (Recorder *rec)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rec->log->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, g_ptr_array_index (rec->log, i));
    }
  g_ptr_array_set_size (rec->log, 0);
  return g_string_free (out, FALSE);
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->log, g_ptr_array_unref);
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the default main context until @cond holds or @ms pass. */
#define WAIT_FOR(cond, ms) \
  G_STMT_START { \
    gint64 wait_end_ = g_get_monotonic_time () + (gint64) (ms) * 1000; \
    guint wait_tick_ = g_timeout_add (10, tick, NULL); \
    while (!(cond) && g_get_monotonic_time () < wait_end_) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (wait_tick_); \
  } G_STMT_END

static void
spin (guint ms)
{
  WAIT_FOR (FALSE, ms);
}

static FltEngine *
engine_for_socket (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat ("unix://", path, NULL);
  g_autoptr(FltEndpoint) endpoint = flt_endpoint_parse (uri, "the test", &error);

  g_assert_no_error (error);
  return flt_engine_new (endpoint);
}

/* A dummy engine for the pure tests: it is never called. */
static FltProjectState *
new_pure_state (const char *project)
{
  g_autoptr(FltEngine) engine = engine_for_socket ("/nonexistent/docker.sock");

  return flt_project_state_new (engine, project);
}

static guint
n_containers (FltProjectState *state)
{
  g_autoptr(GPtrArray) list = flt_project_state_list_containers (state);

  return list->len;
}

static guint
n_networks (FltProjectState *state)
{
  g_autoptr(GPtrArray) list = flt_project_state_list_networks (state);

  return list->len;
}

/* ----------------------------------------------------------------------
 * Pure tests
 * ---------------------------------------------------------------------- */

#define REC_NET "57999b68c3e0f7f4f3960307600bd7923e389099f76007cd3231359f60a25a31"
#define REC_DB  "35a81eb372fd1b8bc4d2a850b90e794d3198a2edfe370cf0959e12af0ce4a6bb"
#define REC_WEB "805bb37ca490aeec92b9ff169432daec1adacfda86e12d81b0913282995f320d"

/* rec_default just after its creation, as `GET /networks/{id}` gives it. */
static const char rec_network_inspect[] =
  "{\"Name\":\"rec_default\",\"Id\":\"" REC_NET "\",\"Created\":\"2026-11-28T13:23:16.362049149Z\","
  "\"Scope\":\"local\",\"Driver\":\"bridge\",\"EnableIPv6\":false,"
  "\"IPAM\":{\"Driver\":\"default\",\"Options\":null,\"Config\":[{\"Subnet\":\"172.20.0.0/16\",\"Gateway\":\"172.20.0.1\"}]},"
  "\"Internal\":false,\"Attachable\":false,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},"
  "\"ConfigOnly\":false,\"Containers\":{},\"Options\":{},"
  "\"Labels\":{\"com.docker.compose.network\":\"default\",\"com.docker.compose.project\":\"rec\","
  "\"com.docker.compose.version\":\"0.1.0\"}}";

/* rec-web-1 once started (trimmed to what the state reads). */
static const char rec_web_inspect[] =
  "{\"Id\":\"" REC_WEB "\",\"Created\":\"2026-11-28T13:23:16.44684236Z\",\"Name\":\"/rec-web-1\","
  "\"State\":{\"Status\":\"running\",\"Running\":true,\"Paused\":false,\"Restarting\":false,"
  "\"OOMKilled\":false,\"Dead\":false,\"Pid\":22326,\"ExitCode\":0,\"Error\":\"\","
  "\"StartedAt\":\"2026-11-28T13:23:16.901126137Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\","
  "\"Health\":{\"Status\":\"starting\",\"FailingStreak\":0,\"Log\":[]}},"
  "\"Config\":{\"Image\":\"flotilla-test/busybox\",\"Labels\":{"
  "\"com.docker.compose.container-number\":\"1\",\"com.docker.compose.oneoff\":\"False\","
  "\"com.docker.compose.project\":\"rec\",\"com.docker.compose.service\":\"web\"}},"
  "\"NetworkSettings\":{\"Ports\":{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"18080\"},"
  "{\"HostIp\":\"::\",\"HostPort\":\"18080\"}],\"81/udp\":null},"
  "\"Networks\":{\"rec_default\":{\"IPAMConfig\":null,\"Links\":null,"
  "\"Aliases\":[\"rec-web-1\",\"web\",\"805bb37ca490\"],\"NetworkID\":\"" REC_NET "\","
  "\"EndpointID\":\"7c21f699ab8a\",\"Gateway\":\"172.20.0.1\",\"IPAddress\":\"172.20.0.3\","
  "\"IPPrefixLen\":16,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"fd00::3\",\"GlobalIPv6PrefixLen\":64,"
  "\"MacAddress\":\"02:42:ac:14:00:03\",\"DriverOpts\":null}}}}";

static GPtrArray *
read_recorded_events (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "engine", "data", "project-state-events.jsonl", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func (g_free);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (events, g_strdup (lines[i]));
  return events;
}

/* Applies the recorded events whose index is in [from, to). */
static void
apply_range (FltProjectState *state,
             GPtrArray       *events,
             guint            from,
             guint            to)
{
  for (guint i = from; i < to; i++)
    apply_event (state, g_ptr_array_index (events, i));
}

static void
test_apply_recorded (void)
{
  g_autoptr(FltProjectState) state = new_pure_state ("rec");
  g_autoptr(GPtrArray) events = read_recorded_events ();
  g_autoptr(FltContainerState) web = NULL;
  g_autoptr(FltContainerState) db = NULL;
  g_autoptr(FltNetworkState) net = NULL;
  const FltAttachmentState *a;
  Recorder rec;
  char *log;

  /* 0 network create, 1-2 container create, 3-4 connect, 5-6 start,
   * 7-9 exec, 10 unhealthy, 11 kill db, 12 die db, 13 disconnect db,
   * 14 stop db, 15 rename db, 16 kill web, 17 destroy db, 18 die web,
   * 19 disconnect web, 20 stop web, 21 destroy web, 22 network destroy */
  g_assert_cmpuint (events->len, ==, 23);
  recorder_attach (&rec, state);

  /* The network's create event alone does not say whose it is; the worker
   * inspects it. */
  apply_range (state, events, 0, 1);
  g_assert_cmpuint (n_networks (state), ==, 0);
  apply_network (state, REC_NET, rec_network_inspect);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "network:57999b68c3e0");
  g_free (log);

  apply_range (state, events, 1, 7);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==,
                   "added:35a81eb372fd added:805bb37ca490 "
                   "network:57999b68c3e0 changed:35a81eb372fd "
                   "network:57999b68c3e0 changed:805bb37ca490 "
                   "changed:35a81eb372fd changed:805bb37ca490");
  g_free (log);

  web = flt_project_state_get_container (state, REC_WEB);
  g_assert_nonnull (web);
  g_assert_cmpstr (web->name, ==, "rec-web-1");
  g_assert_cmpstr (web->service, ==, "web");
  g_assert_cmpint (web->number, ==, 1);
  g_assert_false (web->oneoff);
  g_assert_cmpstr (web->image, ==, "flotilla-test/busybox");
  g_assert_cmpint (web->status, ==, FLT_CONTAINER_RUNNING);
  g_assert_cmpint (web->changed, ==, G_GINT64_CONSTANT (1795872196901126));
  a = flt_container_state_get_attachment (web, "rec_default");
  g_assert_nonnull (a);
  g_assert_cmpstr (a->network_id, ==, REC_NET);
  g_assert_null (a->ipv4);
  g_clear_pointer (&web, flt_container_state_unref);

  net = flt_project_state_get_network (state, REC_NET);
  g_assert_cmpuint (g_hash_table_size (net->members), ==, 2);
  g_assert_cmpstr (flt_network_state_get_member_ipv4 (net, REC_WEB), ==, "");
  g_clear_pointer (&net, flt_network_state_unref);

  /* The inspections after "start" bring addresses, ports and health. */
  apply_container (state, REC_WEB, rec_web_inspect);
  {
    g_autoptr(GString) db_inspect = g_string_new (rec_web_inspect);

    g_string_replace (db_inspect, REC_WEB, REC_DB, 0);
    g_string_replace (db_inspect, "rec-web-1", "rec-db-1", 0);
    g_string_replace (db_inspect, "\"web\"", "\"db\"", 0);
    g_string_replace (db_inspect, "172.20.0.3", "172.20.0.2", 0);
    g_string_replace (db_inspect, "\"Health\":{\"Status\":\"starting\",\"FailingStreak\":0,\"Log\":[]}",
                      "\"Health\":null", 0);
    apply_container (state, REC_DB, db_inspect->str);
  }
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "changed:805bb37ca490 changed:35a81eb372fd");
  g_free (log);
  db = flt_project_state_get_container (state, REC_DB);
  g_assert_cmpint (db->health, ==, FLT_HEALTH_NONE);
  g_assert_cmpstr (flt_container_state_get_attachment (db, REC_NET)->ipv4, ==, "172.20.0.2");
  g_clear_pointer (&db, flt_container_state_unref);
  web = flt_project_state_get_container (state, REC_WEB);
  g_assert_cmpint (web->health, ==, FLT_HEALTH_STARTING);
  a = flt_container_state_get_attachment (web, REC_NET);
  g_assert_cmpstr (a->ipv4, ==, "172.20.0.3");
  g_assert_cmpint (a->ipv4_prefix, ==, 16);

  /* Exec events change nothing; the healthcheck's verdict does. */
  apply_range (state, events, 7, 10);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "");
  g_free (log);
  apply_range (state, events, 10, 11);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "changed:805bb37ca490");
  g_free (log);
  /* The snapshot taken before did not change under us. */
  g_assert_cmpint (web->health, ==, FLT_HEALTH_STARTING);
  g_clear_pointer (&web, flt_container_state_unref);
  web = flt_project_state_get_container (state, REC_WEB);
  g_assert_cmpint (web->health, ==, FLT_HEALTH_UNHEALTHY);
  g_clear_pointer (&web, flt_container_state_unref);

  /* docker stop db: kill (nothing), die with its exit code, disconnect,
   * stop (nothing more). */
  apply_range (state, events, 11, 12);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "");
  g_free (log);
  apply_range (state, events, 12, 15);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "changed:35a81eb372fd network:57999b68c3e0 changed:35a81eb372fd");
  g_free (log);
  db = flt_project_state_get_container (state, REC_DB);
  g_assert_cmpint (db->status, ==, FLT_CONTAINER_EXITED);
  g_assert_cmpint (db->exit_code, ==, 143);
  g_assert_cmpint (db->changed, ==, G_GINT64_CONSTANT (1795872204606572));
  g_assert_false (flt_container_state_is_running (db));
  /* Stopped, it stays attached to its network, without an address. */
  a = flt_container_state_get_attachment (db, "rec_default");
  g_assert_nonnull (a);
  g_assert_null (a->ipv4);
  g_clear_pointer (&db, flt_container_state_unref);
  net = flt_project_state_get_network (state, REC_NET);
  g_assert_null (flt_network_state_get_member_ipv4 (net, REC_DB));
  g_assert_nonnull (flt_network_state_get_member_ipv4 (net, REC_WEB));
  g_clear_pointer (&net, flt_network_state_unref);

  apply_range (state, events, 15, 16);
  db = flt_project_state_find_container (state, "rec-db-renamed");
  g_assert_nonnull (db);
  g_assert_cmpstr (db->id, ==, REC_DB);
  g_clear_pointer (&db, flt_container_state_unref);
  g_assert_null (flt_project_state_find_container (state, "rec-db-1"));
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "changed:35a81eb372fd");
  g_free (log);

  /* down */
  apply_range (state, events, 16, 23);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==,
                   "removed:35a81eb372fd changed:805bb37ca490 "
                   "network:57999b68c3e0 changed:805bb37ca490 "
                   "removed:805bb37ca490 network:57999b68c3e0");
  g_free (log);
  g_assert_cmpuint (n_containers (state), ==, 0);
  g_assert_null (flt_project_state_get_network (state, REC_NET));
  g_assert_cmpint (_flt_project_state_get_last_event_time (state), ==, G_GINT64_CONSTANT (1795872205197825));

  recorder_clear (&rec);
}

static void
test_apply_inspections (void)
{
  g_autoptr(FltProjectState) state = new_pure_state ("rec");
  g_autoptr(FltContainerState) web = NULL;
  g_autoptr(FltNetworkState) net = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const FltAttachmentState *a;
  FltPublishedPort *port;

  apply_container (state, REC_WEB, rec_web_inspect);
  web = flt_project_state_get_container (state, REC_WEB);
  g_assert_nonnull (web);
  g_assert_cmpstr (web->name, ==, "rec-web-1");
  g_assert_cmpint (web->created, ==, G_GINT64_CONSTANT (1795872196));
  g_assert_cmpint (web->changed, ==, G_GINT64_CONSTANT (1795872196901126));
  g_assert_cmpint (web->exit_code, ==, 0);
  g_assert_false (web->restarting);

  g_assert_cmpuint (web->networks->len, ==, 1);
  a = g_ptr_array_index (web->networks, 0);
  g_assert_cmpstr (a->network, ==, "rec_default");
  g_assert_cmpstr (a->ipv4, ==, "172.20.0.3");
  g_assert_cmpstr (a->ipv6, ==, "fd00::3");
  g_assert_cmpstr (a->mac, ==, "02:42:ac:14:00:03");
  g_assert_cmpstrv (a->aliases, ((const char * const[]) { "rec-web-1", "web", "805bb37ca490", NULL }));

  /* Only published ports; 81/udp is exposed without a binding. */
  g_assert_cmpuint (web->ports->len, ==, 2);
  port = g_ptr_array_index (web->ports, 0);
  g_assert_cmpstr (port->host_ip, ==, "0.0.0.0");
  g_assert_cmpuint (port->host_port, ==, 18080);
  g_assert_cmpuint (port->container_port, ==, 80);
  g_assert_cmpstr (port->protocol, ==, "tcp");
  port = g_ptr_array_index (web->ports, 1);
  g_assert_cmpstr (port->host_ip, ==, "::");

  {
    /* The same network with web as a member. */
    g_autoptr(GString) s = g_string_new (rec_network_inspect);

    g_string_replace (s, "\"Containers\":{}",
                      "\"Containers\":{\"" REC_WEB "\":{\"Name\":\"rec-web-1\",\"EndpointID\":\"7c21\","
                      "\"MacAddress\":\"02:42:ac:14:00:03\",\"IPv4Address\":\"172.20.0.3/16\",\"IPv6Address\":\"\"}}", 1);
    apply_network (state, REC_NET, s->str);
  }
  net = flt_project_state_find_network (state, "rec_default");
  g_assert_nonnull (net);
  g_assert_cmpstr (net->id, ==, REC_NET);
  g_assert_cmpstr (net->key, ==, "default");
  g_assert_cmpstr (net->driver, ==, "bridge");
  g_assert_cmpstr (net->scope, ==, "local");
  g_assert_false (net->internal);
  g_assert_cmpstrv (net->subnets, ((const char * const[]) { "172.20.0.0/16", NULL }));
  g_assert_cmpstrv (net->gateways, ((const char * const[]) { "172.20.0.1", NULL }));
  g_assert_cmpstr (flt_network_state_get_member_ipv4 (net, REC_WEB), ==, a->ipv4);
  g_clear_pointer (&net, flt_network_state_unref);
  net = flt_project_state_find_network_by_key (state, "default");
  g_assert_nonnull (net);

  /* Lookups by service; a container of another project is refused, and an
   * inspection of nothing removes. */
  list = flt_project_state_list_service_containers (state, "web");
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = flt_project_state_list_service_containers (state, "db");
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  {
    g_autoptr(GString) other = g_string_new (rec_web_inspect);

    g_string_replace (other, "\"com.docker.compose.project\":\"rec\"", "\"com.docker.compose.project\":\"other\"", 0);
    g_string_replace (other, REC_WEB, "0ther", 0);
    apply_container (state, "0ther", other->str);
    g_assert_null (flt_project_state_get_container (state, "0ther"));
  }
  apply_container (state, REC_WEB, NULL);
  g_assert_null (flt_project_state_get_container (state, REC_WEB));
  /* …and leaves its networks. */
  g_clear_pointer (&net, flt_network_state_unref);
  net = flt_project_state_get_network (state, REC_NET);
  g_assert_cmpuint (g_hash_table_size (net->members), ==, 0);
  apply_network (state, REC_NET, NULL);
  g_assert_null (flt_project_state_get_network (state, REC_NET));
}

static char *
container_json (const char *project,
                const char *id,
                const char *service,
                int         number,
                const char *status,
                const char *health,
                int         exit_code,
                gboolean    restarting,
                const char *ip)
{
  return g_strdup_printf ("{\"Id\":\"%s\",\"Name\":\"/%s-%s-%d\",\"Created\":\"2026-11-28T13:00:00Z\","
                          "\"State\":{\"Status\":\"%s\",\"Restarting\":%s,\"ExitCode\":%d,"
                          "\"StartedAt\":\"2026-11-28T13:00:01Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"%s%s%s},"
                          "\"Config\":{\"Image\":\"img\",\"Labels\":{\"com.docker.compose.project\":\"%s\","
                          "\"com.docker.compose.service\":\"%s\",\"com.docker.compose.container-number\":\"%d\","
                          "\"com.docker.compose.oneoff\":\"False\"}},"
                          "\"NetworkSettings\":{\"Ports\":{},\"Networks\":{\"%s_default\":{\"NetworkID\":\"n1\","
                          "\"IPAddress\":\"%s\",\"IPPrefixLen\":%d,\"Aliases\":[\"%s\"]}}}}",
                          id, project, service, number, status, restarting ? "true" : "false", exit_code,
                          health ? ",\"Health\":{\"Status\":\"" : "", health ? health : "", health ? "\"}" : "",
                          project, service, number, project, ip ? ip : "", ip ? 16 : 0, service);
}

static char *
network_json (const char *project,
              const char *id,
              const char *members)
{
  return g_strdup_printf ("{\"Id\":\"%s\",\"Name\":\"%s_default\",\"Driver\":\"bridge\",\"Scope\":\"local\","
                          "\"Internal\":false,\"IPAM\":{\"Config\":[{\"Subnet\":\"172.30.0.0/16\"}]},"
                          "\"Containers\":{%s},\"Labels\":{\"com.docker.compose.project\":\"%s\","
                          "\"com.docker.compose.network\":\"default\"}}",
                          id, project, members ? members : "", project);
}

static char *
volume_json (const char *project,
             const char *key)
{
  return g_strdup_printf ("{\"Name\":\"%s_%s\",\"Driver\":\"local\",\"Mountpoint\":\"/var/lib/docker/volumes/%s_%s/_data\","
                          "\"Labels\":{\"com.docker.compose.project\":\"%s\",\"com.docker.compose.volume\":\"%s\"},"
                          "\"Scope\":\"local\"}",
                          project, key, project, key, project, key);
}

static void
test_apply_resync (void)
{
  g_autoptr(FltProjectState) state = new_pure_state ("demo");
  g_autofree char *a = container_json ("demo", "a1", "web", 1, "running", NULL, 0, FALSE, "172.30.0.2");
  g_autofree char *b = container_json ("demo", "b1", "db", 1, "running", "healthy", 0, FALSE, "172.30.0.3");
  g_autofree char *b2 = container_json ("demo", "b1", "db", 1, "running", "unhealthy", 0, FALSE, "172.30.0.3");
  g_autofree char *c = container_json ("demo", "c1", "web", 2, "running", NULL, 0, FALSE, "172.30.0.4");
  g_autofree char *x = container_json ("other", "x1", "web", 1, "running", NULL, 0, FALSE, "172.31.0.2");
  g_autofree char *n = network_json ("demo", "n1", "\"a1\":{\"IPv4Address\":\"172.30.0.2/16\"},\"b1\":{\"IPv4Address\":\"172.30.0.3/16\"}");
  g_autofree char *n2 = network_json ("demo", "n1", "\"b1\":{\"IPv4Address\":\"172.30.0.3/16\"},\"c1\":{\"IPv4Address\":\"172.30.0.4/16\"}");
  g_autofree char *v = volume_json ("demo", "data");
  g_autofree char *first_containers = g_strdup_printf ("[%s,%s,%s]", a, b, x);
  g_autofree char *second_containers = g_strdup_printf ("[%s,%s]", b2, c);
  g_autofree char *same_containers = g_strdup_printf ("[%s,%s]", b2, c);
  g_autofree char *networks = g_strdup_printf ("[%s]", n);
  g_autofree char *networks2 = g_strdup_printf ("[%s]", n2);
  g_autofree char *volumes = g_strdup_printf ("[%s]", v);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(FltVolumeState) volume = NULL;
  Recorder rec;
  char *log;

  recorder_attach (&rec, state);

  /* Whatever the engine's filter let through, another project's container
   * is not ours. */
  apply_resync (state, first_containers, networks, volumes);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "network:n1 volume:demo_data added:a1 added:b1");
  g_free (log);
  list = flt_project_state_list_containers (state);
  g_assert_cmpuint (list->len, ==, 2);
  /* By service, then number: db before web. */
  g_assert_cmpstr (((FltContainerState *) g_ptr_array_index (list, 0))->id, ==, "b1");
  g_clear_pointer (&list, g_ptr_array_unref);
  volume = flt_project_state_get_volume (state, "demo_data");
  g_assert_nonnull (volume);
  g_assert_cmpstr (volume->key, ==, "data");
  g_assert_cmpstr (volume->driver, ==, "local");
  g_assert_cmpstr (volume->mountpoint, ==, "/var/lib/docker/volumes/demo_data/_data");

  /* After a reconnection: a1 went, b1 turned unhealthy, c1 came, the
   * volume was removed. */
  apply_resync (state, second_containers, networks2, "[]");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "network:n1 changed:b1 added:c1 removed:a1 volume:demo_data");
  g_free (log);
  g_assert_null (flt_project_state_get_container (state, "a1"));
  g_assert_null (flt_project_state_get_volume (state, "demo_data"));
  list = flt_project_state_list_volumes (state);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The same picture again changes nothing. */
  apply_resync (state, same_containers, networks2, "[]");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "");
  g_free (log);

  recorder_clear (&rec);
}

static void
test_apply_foreign (void)
{
  g_autoptr(FltProjectState) state = new_pure_state ("demo");
  g_autofree char *n = network_json ("demo", "n1", NULL);
  Recorder rec;
  char *log;

  recorder_attach (&rec, state);
  apply_network (state, "n1", n);
  g_free (recorder_take (&rec));

  /* Another project's container, a network that is not ours with a
   * container that is not ours, a volume we do not know, garbage. */
  apply_event (state, "{\"Type\":\"container\",\"Action\":\"create\",\"Actor\":{\"ID\":\"x1\",\"Attributes\":"
                      "{\"com.docker.compose.project\":\"other\",\"name\":\"other-web-1\"}},\"timeNano\":1}");
  apply_event (state, "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"y1\",\"Attributes\":"
                      "{\"name\":\"plain\"}},\"timeNano\":2}");
  apply_event (state, "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"n9\",\"Attributes\":"
                      "{\"name\":\"bridge\",\"type\":\"bridge\",\"container\":\"x1\"}},\"timeNano\":3}");
  apply_event (state, "{\"Type\":\"volume\",\"Action\":\"destroy\",\"Actor\":{\"ID\":\"nope\",\"Attributes\":"
                      "{\"driver\":\"local\"}},\"timeNano\":4}");
  apply_event (state, "{\"Type\":\"container\",\"Action\":7,\"Actor\":[]}");
  apply_event (state, "{}");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "");
  g_free (log);

  /* A network event matched by name when the ID is not the one listed. */
  apply_event (state, "{\"Type\":\"network\",\"Action\":\"destroy\",\"Actor\":{\"ID\":\"n-unknown\",\"Attributes\":"
                      "{\"name\":\"demo_default\",\"type\":\"bridge\"}},\"timeNano\":5}");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "network:n1");
  g_free (log);
  g_assert_cmpuint (n_networks (state), ==, 0);

  recorder_clear (&rec);
}

static char *
container_event (const char *project,
                 const char *action,
                 const char *id,
                 const char *extra,
                 gint64      nanos)
{
  return g_strdup_printf ("{\"Type\":\"container\",\"Action\":\"%s\",\"Actor\":{\"ID\":\"%s\",\"Attributes\":"
                          "{\"com.docker.compose.project\":\"%s\",\"com.docker.compose.service\":\"web\","
                          "\"com.docker.compose.container-number\":\"1\",\"com.docker.compose.oneoff\":\"False\","
                          "\"image\":\"img\",\"name\":\"demo-web-1\"%s}},\"time\":%" G_GINT64_FORMAT
                          ",\"timeNano\":%" G_GINT64_FORMAT "}",
                          action, id, project, extra ? extra : "", nanos / 1000000000, nanos);
}

static void
apply_container_event (FltProjectState *state,
                       const char      *action,
                       const char      *extra,
                       gint64           nanos)
{
  g_autofree char *event = container_event ("demo", action, "a1", extra, nanos);

  apply_event (state, event);
}

static void
test_apply_lifecycle (void)
{
  g_autoptr(FltProjectState) state = new_pure_state ("demo");
  g_autofree char *restarting = container_json ("demo", "a1", "web", 1, "restarting", "unhealthy", 1, TRUE, NULL);
  g_autoptr(FltContainerState) c = NULL;

  /* An event for a container never listed brings it in. */
  apply_container_event (state, "start", NULL, 1000000000);
  c = flt_project_state_get_container (state, "a1");
  g_assert_nonnull (c);
  g_assert_cmpint (c->status, ==, FLT_CONTAINER_RUNNING);
  g_assert_cmpstr (c->service, ==, "web");
  g_assert_cmpstr (c->image, ==, "img");
  g_clear_pointer (&c, flt_container_state_unref);

  apply_container_event (state, "pause", NULL, 2000000000);
  c = flt_project_state_get_container (state, "a1");
  g_assert_cmpint (c->status, ==, FLT_CONTAINER_PAUSED);
  g_assert_true (flt_container_state_is_running (c));
  g_assert_cmpint (c->changed, ==, 2000000);
  g_clear_pointer (&c, flt_container_state_unref);

  apply_container_event (state, "unpause", NULL, 3000000000);
  apply_container_event (state, "health_status: healthy", NULL, 3500000000);
  c = flt_project_state_get_container (state, "a1");
  g_assert_cmpint (c->status, ==, FLT_CONTAINER_RUNNING);
  g_assert_cmpint (c->health, ==, FLT_HEALTH_HEALTHY);
  g_clear_pointer (&c, flt_container_state_unref);

  /* Out of memory, then dead; the inspection says the engine restarts it. */
  apply_container_event (state, "oom", NULL, 4000000000);
  apply_container_event (state, "die", ",\"exitCode\":\"137\"", 4100000000);
  c = flt_project_state_get_container (state, "a1");
  g_assert_true (c->oom_killed);
  g_assert_cmpint (c->status, ==, FLT_CONTAINER_EXITED);
  g_assert_cmpint (c->exit_code, ==, 137);
  g_assert_cmpint (c->changed, ==, 4100000);
  g_clear_pointer (&c, flt_container_state_unref);

  apply_container (state, "a1", restarting);
  c = flt_project_state_get_container (state, "a1");
  g_assert_cmpint (c->status, ==, FLT_CONTAINER_RESTARTING);
  g_assert_true (c->restarting);
  g_clear_pointer (&c, flt_container_state_unref);

  /* Started again: running, health back to starting, the exit forgotten. */
  apply_container_event (state, "start", NULL, 5000000000);
  c = flt_project_state_get_container (state, "a1");
  g_assert_cmpint (c->status, ==, FLT_CONTAINER_RUNNING);
  g_assert_false (c->restarting);
  g_assert_false (c->oom_killed);
  g_assert_cmpint (c->exit_code, ==, 0);
  g_assert_cmpint (c->health, ==, FLT_HEALTH_STARTING);
  g_clear_pointer (&c, flt_container_state_unref);

  apply_container_event (state, "health_status: unhealthy", NULL, 6000000000);
  apply_container_event (state, "restart", NULL, 7000000000);
  c = flt_project_state_get_container (state, "a1");
  g_assert_cmpint (c->status, ==, FLT_CONTAINER_RUNNING);
  g_clear_pointer (&c, flt_container_state_unref);

  apply_container_event (state, "destroy", NULL, 8000000000);
  g_assert_null (flt_project_state_get_container (state, "a1"));
  /* A destroy of what is gone is harmless. */
  apply_container_event (state, "destroy", NULL, 8100000000);
}

static void
test_apply_network_events (void)
{
  g_autoptr(FltProjectState) state = new_pure_state ("demo");
  g_autofree char *a = container_json ("demo", "a1", "web", 1, "running", NULL, 0, FALSE, "172.30.0.2");
  g_autofree char *n = network_json ("demo", "n1", "\"a1\":{\"IPv4Address\":\"172.30.0.2/16\"}");
  g_autofree char *containers = g_strdup_printf ("[%s]", a);
  g_autofree char *networks = g_strdup_printf ("[%s]", n);
  g_autoptr(FltContainerState) c = NULL;
  g_autoptr(FltNetworkState) net = NULL;
  Recorder rec;
  char *log;

  apply_resync (state, containers, networks, "[]");
  recorder_attach (&rec, state);

  /* `docker network connect` to an external network: the container gains
   * an attachment; the network is not the project's. */
  apply_event (state, "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"ext\",\"Attributes\":"
                      "{\"container\":\"a1\",\"name\":\"shared\",\"type\":\"bridge\"}},\"timeNano\":10}");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "changed:a1");
  g_free (log);
  c = flt_project_state_get_container (state, "a1");
  g_assert_cmpuint (c->networks->len, ==, 2);
  g_assert_nonnull (flt_container_state_get_attachment (c, "shared"));
  g_assert_nonnull (flt_container_state_get_attachment (c, "ext"));
  g_clear_pointer (&c, flt_container_state_unref);

  /* `docker network disconnect` of a running container: it leaves. */
  apply_event (state, "{\"Type\":\"network\",\"Action\":\"disconnect\",\"Actor\":{\"ID\":\"n1\",\"Attributes\":"
                      "{\"container\":\"a1\",\"name\":\"demo_default\",\"type\":\"bridge\"}},\"timeNano\":11}");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "network:n1 changed:a1");
  g_free (log);
  c = flt_project_state_get_container (state, "a1");
  g_assert_null (flt_container_state_get_attachment (c, "demo_default"));
  g_clear_pointer (&c, flt_container_state_unref);
  net = flt_project_state_get_network (state, "n1");
  g_assert_cmpuint (g_hash_table_size (net->members), ==, 0);
  g_clear_pointer (&net, flt_network_state_unref);

  /* A container of another project joins ours: a member, not ours. */
  apply_event (state, "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"n1\",\"Attributes\":"
                      "{\"container\":\"z9\",\"name\":\"demo_default\",\"type\":\"bridge\"}},\"timeNano\":12}");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "network:n1");
  g_free (log);
  net = flt_project_state_get_network (state, "n1");
  g_assert_cmpstr (flt_network_state_get_member_ipv4 (net, "z9"), ==, "");
  g_clear_pointer (&net, flt_network_state_unref);
  /* Connecting twice changes nothing. */
  apply_event (state, "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"n1\",\"Attributes\":"
                      "{\"container\":\"z9\",\"name\":\"demo_default\",\"type\":\"bridge\"}},\"timeNano\":13}");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "");
  g_free (log);

  recorder_clear (&rec);
}

static void
test_apply_volume_events (void)
{
  g_autoptr(FltProjectState) state = new_pure_state ("demo");
  g_autofree char *v = volume_json ("demo", "data");
  g_autofree char *volumes = g_strdup_printf ("[%s]", v);
  Recorder rec;
  char *log;

  apply_resync (state, "[]", "[]", volumes);
  recorder_attach (&rec, state);
  /* Creation alone says nothing about whose it is (no labels). */
  apply_event (state, "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"demo_cache\",\"Attributes\":"
                      "{\"driver\":\"local\"}},\"timeNano\":1}");
  apply_event (state, "{\"Type\":\"volume\",\"Action\":\"destroy\",\"Actor\":{\"ID\":\"demo_data\",\"Attributes\":"
                      "{\"driver\":\"local\"}},\"timeNano\":2}");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "volume:demo_data");
  g_free (log);
  g_assert_null (flt_project_state_get_volume (state, "demo_data"));

  {
    g_autofree char *cache = volume_json ("demo", "cache");
    g_autoptr(JsonNode) node = parse (cache);

    _flt_project_state_apply_volume (state, "demo_cache", json_node_get_object (node));
    log = recorder_take (&rec);
    g_assert_cmpstr (log, ==, "volume:demo_cache");
    g_free (log);
  }
  recorder_clear (&rec);
}

static void
test_apply_connected (void)
{
  g_autoptr(FltProjectState) state = new_pure_state ("demo");
  Recorder rec;
  char *log;

  recorder_attach (&rec, state);
  g_assert_false (flt_project_state_is_connected (state));
  _flt_project_state_set_connected (state, FALSE, "no engine");
  g_assert_cmpstr (flt_project_state_get_error (state), ==, "no engine");
  _flt_project_state_set_connected (state, TRUE, NULL);
  _flt_project_state_set_connected (state, TRUE, NULL);
  g_assert_null (flt_project_state_get_error (state));
  g_assert_true (flt_project_state_is_connected (state));
  _flt_project_state_set_connected (state, FALSE, "gone");
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "notify:connected connected:1 notify:connected connected:0");
  g_free (log);

  /* Stopping a state that never started is fine, and so is stopping twice. */
  flt_project_state_stop (state);
  flt_project_state_stop (state);
  g_assert_false (flt_project_state_is_running (state));
  recorder_clear (&rec);
}

/* ----------------------------------------------------------------------
 * A fake engine on a Unix socket
 * ---------------------------------------------------------------------- */

typedef struct
{
  GMutex lock;
  GCond cond;
  /* The world it shows */
  GHashTable *containers;   /* ID → inspect JSON */
  GHashTable *networks;     /* ID → inspect JSON */
  GHashTable *volumes;      /* name → JSON */
  GQueue events;            /* JSON lines for the open event stream */
  GPtrArray *requests;      /* "GET /path?query" */
  guint event_streams;      /* open right now */

  /* The server, while up */
  char *path;
  GSocket *listener;
  GCancellable *cancellable;
  GThread *accept_thread;
  GPtrArray *threads;
  gboolean down;
} Fake;

static Fake *
fake_new (const char *path)
{
  Fake *fake = g_new0 (Fake, 1);

  g_mutex_init (&fake->lock);
  g_cond_init (&fake->cond);
  fake->containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake->networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake->volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&fake->events);
  fake->requests = g_ptr_array_new_with_free_func (g_free);
  fake->path = g_strdup (path);
  fake->down = TRUE;
  return fake;
}

static void
fake_set (Fake       *fake,
          GHashTable *table,
          const char *key,
          char       *json)
{
  g_mutex_lock (&fake->lock);
  if (json != NULL)
    g_hash_table_replace (table, g_strdup (key), json);
  else
    g_hash_table_remove (table, key);
  g_mutex_unlock (&fake->lock);
}

static void
fake_send_event (Fake *fake,
                 char *json)
{
  g_mutex_lock (&fake->lock);
  g_queue_push_tail (&fake->events, json);
  g_cond_broadcast (&fake->cond);
  g_mutex_unlock (&fake->lock);
}

static gboolean
write_text (GOutputStream *out,
            const char    *text,
            GCancellable  *cancellable)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, cancellable, NULL);
}

static gboolean
respond (GOutputStream *out,
         guint          status,
         const char    *body,
         GCancellable  *cancellable)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: application/json\r\n"
                                           "Api-Version: 1.41\r\nContent-Length: %zu\r\n\r\n",
                                           status, status == 200 ? "OK" : "Not Found", strlen (body));

  return write_text (out, head, cancellable) && write_text (out, body, cancellable);
}

static char *
list_json (Fake       *fake,
           GHashTable *table,
           const char *wrap)
{
  GString *out = g_string_new (wrap ? wrap : "");
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      /* The listing only needs IDs; volumes are listed whole. */
      if (table == fake->volumes)
        g_string_append (out, value);
      else
        g_string_append_printf (out, "{\"Id\":\"%s\"}", (char *) key);
    }
  g_string_append_c (out, ']');
  if (wrap != NULL)
    g_string_append (out, ",\"Warnings\":null}");
  return g_string_free (out, FALSE);
}

/* Holds an event stream open, sending what the test queues, until the
 * server goes down. */
static void
serve_events (Fake          *fake,
              GOutputStream *out,
              GCancellable  *cancellable)
{
  if (!write_text (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n", cancellable))
    return;

  g_mutex_lock (&fake->lock);
  fake->event_streams++;
  for (;;)
    {
      char *event;

      while (!fake->down && g_queue_is_empty (&fake->events))
        g_cond_wait (&fake->cond, &fake->lock);
      if (fake->down)
        break;
      event = g_queue_pop_head (&fake->events);
      g_mutex_unlock (&fake->lock);
      {
        g_autofree char *chunk = g_strdup_printf ("%zx\r\n%s\n\r\n", strlen (event) + 1, event);

        write_text (out, chunk, cancellable);
      }
      g_free (event);
      g_mutex_lock (&fake->lock);
    }
  fake->event_streams--;
  g_mutex_unlock (&fake->lock);
  /* Gone without the last chunk, as when dockerd dies. */
}

static gpointer
serve_connection (gpointer data)
{
  GSocketConnection *connection = data;
  Fake *fake = g_object_get_data (G_OBJECT (connection), "fake");
  GCancellable *cancellable = g_object_get_data (G_OBJECT (connection), "cancellable");
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  for (;;)
    {
      g_autofree char *request = g_data_input_stream_read_line (in, NULL, cancellable, NULL);
      g_auto(GStrv) parts = NULL;
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      const char *route;
      guint status = 200;

      if (request == NULL)
        break;
      /* Headers, up to the blank line; requests have no body. */
      for (;;)
        {
          g_autofree char *header = g_data_input_stream_read_line (in, NULL, cancellable, NULL);

          if (header == NULL)
            goto done;
          if (header[0] == '\0')
            break;
        }

      parts = g_strsplit (request, " ", 3);
      if (g_strv_length (parts) < 2)
        break;
      g_mutex_lock (&fake->lock);
      g_ptr_array_add (fake->requests, g_strdup_printf ("%s %s", parts[0], parts[1]));
      g_mutex_unlock (&fake->lock);

      path = g_strdup (parts[1]);
      if (strchr (path, '?') != NULL)
        *strchr (path, '?') = '\0';
      route = path;
      if (g_str_has_prefix (route, "/v1."))
        route = strchr (route + 1, '/');
      if (route == NULL)
        route = "/";

      g_mutex_lock (&fake->lock);
      if (g_str_equal (route, "/version"))
        body = g_strdup ("{\"Version\":\"20.10.24-fake\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}");
      else if (g_str_equal (route, "/containers/json"))
        body = list_json (fake, fake->containers, NULL);
      else if (g_str_equal (route, "/networks"))
        body = list_json (fake, fake->networks, NULL);
      else if (g_str_equal (route, "/volumes"))
        body = list_json (fake, fake->volumes, "{\"Volumes\":");
      else if (g_str_has_prefix (route, "/containers/") && g_str_has_suffix (route, "/json"))
        {
          g_autofree char *id = g_strndup (route + strlen ("/containers/"),
                                           strlen (route) - strlen ("/containers/") - strlen ("/json"));

          body = g_strdup (g_hash_table_lookup (fake->containers, id));
        }
      else if (g_str_has_prefix (route, "/networks/"))
        body = g_strdup (g_hash_table_lookup (fake->networks, route + strlen ("/networks/")));
      else if (g_str_has_prefix (route, "/volumes/"))
        body = g_strdup (g_hash_table_lookup (fake->volumes, route + strlen ("/volumes/")));
      g_mutex_unlock (&fake->lock);

      if (g_str_equal (route, "/events"))
        {
          serve_events (fake, out, cancellable);
          break;
        }
      if (body == NULL)
        {
          status = 404;
          body = g_strdup ("{\"message\":\"not found\"}");
        }
      if (!respond (out, status, body, cancellable))
        break;
    }

done:
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_object_unref (connection);
  return NULL;
}

static gpointer
accept_connections (gpointer data)
{
  Fake *fake = data;
  GCancellable *cancellable = fake->cancellable;

  for (;;)
    {
      g_autoptr(GSocket) socket = g_socket_accept (fake->listener, cancellable, NULL);
      GSocketConnection *connection;

      if (socket == NULL)
        break;
      connection = g_socket_connection_factory_create_connection (socket);
      g_object_set_data (G_OBJECT (connection), "fake", fake);
      g_object_set_data (G_OBJECT (connection), "cancellable", cancellable);
      g_mutex_lock (&fake->lock);
      g_ptr_array_add (fake->threads, g_thread_new ("fake-engine", serve_connection, connection));
      g_mutex_unlock (&fake->lock);
    }
  return NULL;
}

static void
fake_up (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (fake->path);

  fake->listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_socket_bind (fake->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (fake->listener, &error);
  g_assert_no_error (error);
  fake->cancellable = g_cancellable_new ();
  fake->threads = g_ptr_array_new ();
  g_mutex_lock (&fake->lock);
  fake->down = FALSE;
  g_queue_clear_full (&fake->events, g_free);
  g_mutex_unlock (&fake->lock);
  fake->accept_thread = g_thread_new ("fake-accept", accept_connections, fake);
}

/* Everything goes at once: open streams end mid-body, the socket goes. */
static void
fake_down (Fake *fake)
{
  if (fake->listener == NULL)
    return;

  g_mutex_lock (&fake->lock);
  fake->down = TRUE;
  g_cond_broadcast (&fake->cond);
  g_mutex_unlock (&fake->lock);
  g_cancellable_cancel (fake->cancellable);
  g_thread_join (fake->accept_thread);
  g_socket_close (fake->listener, NULL);
  g_clear_object (&fake->listener);
  for (guint i = 0; i < fake->threads->len; i++)
    g_thread_join (g_ptr_array_index (fake->threads, i));
  g_clear_pointer (&fake->threads, g_ptr_array_unref);
  g_clear_object (&fake->cancellable);
  g_unlink (fake->path);
}

static guint
fake_count_requests (Fake       *fake,
                     const char *prefix)
{
  guint n = 0;

  g_mutex_lock (&fake->lock);
  for (guint i = 0; i < fake->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (fake->requests, i), prefix))
      n++;
  g_mutex_unlock (&fake->lock);
  return n;
}

static void
fake_free (Fake *fake)
{
  fake_down (fake);
  g_hash_table_unref (fake->containers);
  g_hash_table_unref (fake->networks);
  g_hash_table_unref (fake->volumes);
  g_queue_clear_full (&fake->events, g_free);
  g_ptr_array_unref (fake->requests);
  g_mutex_clear (&fake->lock);
  g_cond_clear (&fake->cond);
  g_free (fake->path);
  g_free (fake);
}

static gboolean
has_container (FltProjectState *state,
               const char      *id)
{
  g_autoptr(FltContainerState) c = flt_project_state_get_container (state, id);

  return c != NULL;
}

static FltContainerStatus
status_of (FltProjectState *state,
           const char      *id)
{
  g_autoptr(FltContainerState) c = flt_project_state_get_container (state, id);

  return c ? c->status : (FltContainerStatus) -1;
}

static void
test_fake_reconnect (void)
{
  g_autofree char *dir = g_dir_make_tmp ("flt-state-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "docker.sock", NULL);
  g_autoptr(FltEngine) engine = engine_for_socket (path);
  g_autoptr(FltProjectState) state = flt_project_state_new (engine, "fake");
  Fake *fake = fake_new (path);
  Recorder rec;
  gint64 t0, t_down, t_up, t_back;
  char *log;

  fake_set (fake, fake->containers, "a1",
            container_json ("fake", "a1", "web", 1, "running", NULL, 0, FALSE, "172.30.0.2"));
  fake_set (fake, fake->containers, "x1",
            container_json ("other", "x1", "web", 1, "running", NULL, 0, FALSE, "172.31.0.2"));
  fake_set (fake, fake->networks, "n1",
            network_json ("fake", "n1", "\"a1\":{\"IPv4Address\":\"172.30.0.2/16\"}"));
  fake_set (fake, fake->volumes, "fake_data", volume_json ("fake", "data"));

  recorder_attach (&rec, state);

  /* Started with no engine there: disconnected, saying why. */
  flt_project_state_start (state);
  g_assert_true (flt_project_state_is_running (state));
  WAIT_FOR (flt_project_state_get_error (state) != NULL, 2000);
  g_assert_false (flt_project_state_is_connected (state));
  g_assert_nonnull (strstr (flt_project_state_get_error (state), "no Docker Engine at"));
  g_test_message ("without an engine: %s", flt_project_state_get_error (state));

  /* The engine appears: the next retry lists it. */
  fake_up (fake);
  t0 = g_get_monotonic_time ();
  WAIT_FOR (flt_project_state_is_connected (state), 3000);
  g_assert_true (flt_project_state_is_connected (state));
  g_test_message ("connected %.2f s after the engine appeared", (g_get_monotonic_time () - t0) / 1e6);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "network:n1 volume:fake_data added:a1 notify:connected connected:1");
  g_free (log);
  g_assert_false (has_container (state, "x1"));
  g_assert_cmpint (status_of (state, "a1"), ==, FLT_CONTAINER_RUNNING);
  g_assert_cmpuint (fake_count_requests (fake, "GET /v1.41/events?since="), ==, 1);

  /* An event on the stream: a1 dies (the engine's inspection agrees). */
  WAIT_FOR (fake->event_streams == 1, 1000);
  fake_set (fake, fake->containers, "a1",
            container_json ("fake", "a1", "web", 1, "exited", NULL, 3, FALSE, NULL));
  t0 = g_get_monotonic_time ();
  fake_send_event (fake, container_event ("fake", "die", "a1", ",\"exitCode\":\"3\"", g_get_real_time () * 1000));
  WAIT_FOR (status_of (state, "a1") == FLT_CONTAINER_EXITED, 1000);
  g_assert_cmpint (status_of (state, "a1"), ==, FLT_CONTAINER_EXITED);
  g_test_message ("fake event to state: %.1f ms", (g_get_monotonic_time () - t0) / 1e3);
  {
    g_autoptr(FltContainerState) a1 = flt_project_state_get_container (state, "a1");

    g_assert_cmpint (a1->exit_code, ==, 3);
  }
  /* The inspection after "die" follows, and its answer (the address
   * gone) is applied: the request alone is not enough under a slow build,
   * where the answer would otherwise land after the disconnection below. */
  WAIT_FOR (fake_count_requests (fake, "GET /v1.41/containers/a1/json") >= 2 &&
            recorder_count (&rec, "changed:a1") >= 2, 5000);
  g_assert_cmpuint (recorder_count (&rec, "changed:a1"), ==, 2);
  g_free (recorder_take (&rec));

  /* The engine goes away. */
  t_down = g_get_monotonic_time ();
  fake_down (fake);
  WAIT_FOR (!flt_project_state_is_connected (state), 1000);
  g_assert_false (flt_project_state_is_connected (state));
  g_test_message ("disconnection noticed after %.1f ms", (g_get_monotonic_time () - t_down) / 1e3);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "notify:connected connected:0");
  g_free (log);
  g_assert_nonnull (flt_project_state_get_error (state));

  /* Meanwhile a1 was removed and b1 created; the engine comes back. */
  fake_set (fake, fake->containers, "a1", NULL);
  fake_set (fake, fake->containers, "b1",
            container_json ("fake", "b1", "db", 1, "running", "healthy", 0, FALSE, "172.30.0.5"));
  fake_set (fake, fake->networks, "n1",
            network_json ("fake", "n1", "\"b1\":{\"IPv4Address\":\"172.30.0.5/16\"}"));
  spin (1200);
  fake_up (fake);
  t_up = g_get_monotonic_time ();
  /* Backoff: at most 5 s between tries. */
  WAIT_FOR (flt_project_state_is_connected (state), 6000);
  g_assert_true (flt_project_state_is_connected (state));
  t_back = g_get_monotonic_time ();
  g_test_message ("reconnected %.2f s after the engine came back (%.2f s after it went)",
                  (t_back - t_up) / 1e6, (t_back - t_down) / 1e6);
  log = recorder_take (&rec);
  g_assert_cmpstr (log, ==, "network:n1 added:b1 removed:a1 notify:connected connected:1");
  g_free (log);
  g_assert_false (has_container (state, "a1"));
  g_assert_true (has_container (state, "b1"));
  {
    g_autoptr(FltNetworkState) n1 = flt_project_state_get_network (state, "n1");

    g_assert_cmpstr (flt_network_state_get_member_ipv4 (n1, "b1"), ==, "172.30.0.5");
    g_assert_null (flt_network_state_get_member_ipv4 (n1, "a1"));
  }
  g_assert_cmpuint (fake_count_requests (fake, "GET /v1.41/events?since="), ==, 2);

  /* Stopping with the event stream open returns at once. */
  WAIT_FOR (fake->event_streams == 1, 1000);
  t0 = g_get_monotonic_time ();
  flt_project_state_stop (state);
  g_test_message ("stop with a stream open: %.1f ms", (g_get_monotonic_time () - t0) / 1e3);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 500 * 1000);
  g_assert_false (flt_project_state_is_running (state));
  g_assert_false (flt_project_state_is_connected (state));

  /* …and so does stopping during the backoff. */
  flt_project_state_start (state);
  WAIT_FOR (flt_project_state_is_connected (state), 2000);
  g_assert_true (flt_project_state_is_connected (state));
  fake_down (fake);
  WAIT_FOR (!flt_project_state_is_connected (state), 1000);
  spin (100);
  t0 = g_get_monotonic_time ();
  flt_project_state_stop (state);
  g_test_message ("stop while waiting to retry: %.1f ms", (g_get_monotonic_time () - t0) / 1e3);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 200 * 1000);

  recorder_clear (&rec);
  g_signal_handlers_disconnect_by_data (state, &rec);
  /* Nothing the worker queued keeps the state alive. */
  g_assert_finalize_object (g_steal_pointer (&state));
  /* Queued updates die with their worker once the context runs them. */
  spin (50);
  fake_free (fake);
  g_rmdir (dir);
}

/* ----------------------------------------------------------------------
 * Against the real engine
 * ---------------------------------------------------------------------- */

#define TEST_PREFIX "flt-state-test-"
#define TEST_IMAGE "flotilla-test/busybox"

static const char compose_yaml[] =
  "services:\n"
  "  web:\n"
  "    image: " TEST_IMAGE "\n"
  "    init: true\n"
  "    command: [\"sh\", \"-c\", \"while true; do sleep 1; done\"]\n"
  "    ports: [\"127.0.0.1::80\"]\n"
  "    healthcheck:\n"
  "      test: [\"CMD\", \"sh\", \"-c\", \"test ! -f /fail\"]\n"
  "      interval: 1s\n"
  "      timeout: 1s\n"
  "      retries: 1\n"
  "  db:\n"
  "    image: " TEST_IMAGE "\n"
  "    init: true\n"
  "    command: [\"sleep\", \"1000\"]\n"
  "    networks:\n"
  "      default:\n"
  "        aliases: [\"database\"]\n";

static FltEngine *
real_engine (void)
{
  g_autoptr(FltEngine) engine = engine_for_socket ("/var/run/docker.sock");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) image = NULL;

  if (!flt_engine_connect (engine, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf ("no Docker Engine: %s", error->message);

      g_test_skip (message);
      return NULL;
    }

  image = flt_engine_call (engine, "GET", "/images/" TEST_IMAGE "/json", NULL, NULL, NULL, NULL);
  if (image == NULL)
    {
      const char *source = g_getenv ("FLOTILLA_SOURCE_DIR");
      g_autofree char *builder = source ? g_build_filename (source, "tests", "tools", "build-test-image.py", NULL) : NULL;
      int status = -1;

      if (builder != NULL && g_file_test (builder, G_FILE_TEST_EXISTS))
        {
          const char *argv[] = { "python3", builder, "-q", NULL };

          g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL);
        }
      image = flt_engine_call (engine, "GET", "/images/" TEST_IMAGE "/json", NULL, NULL, NULL, NULL);
      if (image == NULL)
        {
          g_test_skip ("the image " TEST_IMAGE " is missing and could not be built");
          return NULL;
        }
    }
  return g_steal_pointer (&engine);
}

/* Removes what earlier runs of this test left behind when they died: only
 * projects whose process is gone, so that a concurrent run is spared. */
static void
sweep_leftovers (FltEngine *engine)
{
  g_autofree char *filters = flt_engine_filters ("label", FLT_LABEL_PROJECT, NULL);
  const char *kinds[] = { "containers/json?all=1&", "networks?", "volumes?" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *path = g_strdup_printf ("/%s%s", kinds[k], filters);
      g_autoptr(JsonNode) reply = flt_engine_call (engine, "GET", path, NULL, NULL, NULL, NULL);
      JsonArray *items = NULL;

      if (reply == NULL)
        continue;
      if (JSON_NODE_HOLDS_ARRAY (reply))
        items = json_node_get_array (reply);
      else if (JSON_NODE_HOLDS_OBJECT (reply) && json_object_has_member (json_node_get_object (reply), "Volumes") &&
               JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (reply), "Volumes")))
        items = json_object_get_array_member (json_node_get_object (reply), "Volumes");
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          JsonObject *labels = json_object_has_member (item, "Labels") &&
                               JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "Labels"))
                               ? json_object_get_object_member (item, "Labels") : NULL;
          const char *project = labels ? json_object_get_string_member_with_default (labels, FLT_LABEL_PROJECT, "") : "";
          const char *id = json_object_get_string_member_with_default (item, k == 2 ? "Name" : "Id", NULL);
          g_autofree char *delete = NULL;
          long pid;

          if (!g_str_has_prefix (project, TEST_PREFIX) || id == NULL)
            continue;
          pid = strtol (project + strlen (TEST_PREFIX), NULL, 10);
          if (pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno != ESRCH))
            continue;
          delete = g_strdup_printf ("/%s/%s%s", k == 0 ? "containers" : k == 1 ? "networks" : "volumes", id,
                                    k == 0 ? "?force=1&v=1" : "");
          g_autoptr(JsonNode) ignored = flt_engine_call (engine, "DELETE", delete, NULL, NULL, NULL, NULL);
          g_test_message ("removed %s left by a dead run", id);
        }
    }
}

typedef struct
{
  FltEngine *engine;
  char *name;
  char *dir;
  FltProject *project;
  FltRunner *runner;
} Project;

/* A project with a name of its own (the test's PID in it), not up yet. */
static Project *
project_new (FltEngine *engine)
{
  static guint counter;
  Project *p = g_new0 (Project, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) document = NULL;
  g_autofree char *file = NULL;
  FltProjectOptions options = { 0 };

  p->engine = g_object_ref (engine);
  p->name = g_strdup_printf (TEST_PREFIX "%d-%u", (int) getpid (), ++counter);
  p->dir = g_dir_make_tmp ("flt-state-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (p->dir, "compose.yaml", NULL);
  g_file_set_contents (file, compose_yaml, -1, &error);
  g_assert_no_error (error);
  document = flt_document_new_for_path (file, &error);
  g_assert_no_error (error);
  options.project_name = p->name;
  options.project_directory = p->dir;
  p->project = flt_project_new (&document, 1, &options);
  g_assert_false (flt_project_has_errors (p->project));
  p->runner = flt_runner_new (engine, p->project);
  return p;
}

static void
project_up (Project *p)
{
  g_autoptr(GError) error = NULL;
  FltUpOptions up = { 0 };

  flt_runner_up (p->runner, &up, NULL, &error);
  g_assert_no_error (error);
}

static void
project_down (Project *p)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (p->dir, "compose.yaml", NULL);
  FltDownOptions down = { .volumes = TRUE, .remove_orphans = TRUE, .timeout = 1 };

  flt_runner_down (p->runner, &down, NULL, &error);
  g_assert_no_error (error);
}

static void
project_free (Project *p)
{
  g_autofree char *file = g_build_filename (p->dir, "compose.yaml", NULL);

  g_unlink (file);
  g_rmdir (p->dir);
  g_object_unref (p->runner);
  g_object_unref (p->project);
  g_object_unref (p->engine);
  g_free (p->name);
  g_free (p->dir);
  g_free (p);
}

static FltContainerState *
service_container (FltProjectState *state,
                   const char      *service)
{
  g_autoptr(GPtrArray) list = flt_project_state_list_service_containers (state, service);

  return list->len > 0 ? flt_container_state_ref (g_ptr_array_index (list, 0)) : NULL;
}

static FltHealth
health_of (FltProjectState *state,
           const char      *service)
{
  g_autoptr(FltContainerState) c = service_container (state, service);

  return c ? c->health : FLT_HEALTH_NONE;
}

/* Both services running, each with an address on the project network, and
 * the network knowing both addresses. */
static gboolean
all_up (FltProjectState *state)
{
  const char *services[] = { "web", "db" };
  g_autoptr(GPtrArray) networks = flt_project_state_list_networks (state);
  FltNetworkState *net;
  GHashTableIter iter;
  gpointer value;

  if (networks->len != 1)
    return FALSE;
  net = g_ptr_array_index (networks, 0);
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autoptr(FltContainerState) c = service_container (state, services[i]);
      const FltAttachmentState *a = c ? flt_container_state_get_attachment (c, net->id) : NULL;

      if (c == NULL || c->status != FLT_CONTAINER_RUNNING || a == NULL || a->ipv4 == NULL)
        return FALSE;
    }
  if (g_hash_table_size (net->members) != 2)
    return FALSE;
  g_hash_table_iter_init (&iter, net->members);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((char *) value)[0] == '\0')
      return FALSE;
  return TRUE;
}

/* db is attached to one network, without an address. */
static gboolean
db_left_network (FltProjectState *state)
{
  g_autoptr(FltContainerState) db = service_container (state, "db");

  return db != NULL && db->networks->len == 1 &&
         ((FltAttachmentState *) g_ptr_array_index (db->networks, 0))->ipv4 == NULL;
}

static guint
n_members (FltProjectState *state)
{
  g_autoptr(GPtrArray) networks = flt_project_state_list_networks (state);

  return networks->len == 1 ? g_hash_table_size (((FltNetworkState *) g_ptr_array_index (networks, 0))->members) : 0;
}

/* The picture agrees with what `GET /networks/{id}` says. */
static void
check_against_engine (FltProjectState *state,
                      FltEngine       *engine)
{
  g_autoptr(GPtrArray) networks = flt_project_state_list_networks (state);
  g_autoptr(GPtrArray) containers = flt_project_state_list_containers (state);
  g_autoptr(FltContainerState) web = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  FltNetworkState *net;
  FltPublishedPort *port;
  JsonObject *members;

  g_assert_cmpuint (networks->len, ==, 1);
  net = g_ptr_array_index (networks, 0);
  g_assert_cmpstr (net->key, ==, "default");
  g_assert_cmpstr (net->driver, ==, "bridge");
  g_assert_nonnull (net->subnets);
  g_assert_nonnull (net->subnets[0]);

  path = g_strdup_printf ("/networks/%s", net->id);
  reply = flt_engine_call (engine, "GET", path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  members = json_object_get_object_member (json_node_get_object (reply), "Containers");
  g_assert_cmpuint (json_object_get_size (members), ==, 2);
  g_assert_cmpuint (containers->len, ==, 2);

  for (guint i = 0; i < containers->len; i++)
    {
      FltContainerState *c = g_ptr_array_index (containers, i);
      JsonObject *member = json_object_get_object_member (members, c->id);
      const FltAttachmentState *a = flt_container_state_get_attachment (c, net->id);
      g_autofree char *cidr = NULL;

      g_assert_nonnull (member);
      g_assert_nonnull (a);
      g_assert_cmpstr (a->network, ==, net->name);
      cidr = g_strdup_printf ("%s/%d", a->ipv4, a->ipv4_prefix);
      g_assert_cmpstr (cidr, ==, json_object_get_string_member (member, "IPv4Address"));
      g_assert_cmpstr (a->mac, ==, json_object_get_string_member (member, "MacAddress"));
      g_assert_cmpstr (flt_network_state_get_member_ipv4 (net, c->id), ==, a->ipv4);
      g_assert_nonnull (a->aliases);
      g_assert_true (g_strv_contains ((const char * const *) a->aliases, c->service));
      if (g_str_equal (c->service, "db"))
        g_assert_true (g_strv_contains ((const char * const *) a->aliases, "database"));
      g_test_message ("%s: %s on %s", c->name, cidr, net->name);
    }

  web = service_container (state, "web");
  g_assert_cmpuint (web->ports->len, ==, 1);
  port = g_ptr_array_index (web->ports, 0);
  g_assert_cmpstr (port->host_ip, ==, "127.0.0.1");
  g_assert_cmpuint (port->container_port, ==, 80);
  g_assert_cmpuint (port->host_port, >, 0);
  g_assert_cmpstr (port->protocol, ==, "tcp");
}

typedef struct
{
  char *db_id;
  char *web_id;
  gint64 db_exited_at;        /* real time, µs, when the signal came */
  gint64 db_latency;          /* from the die event's time */
  gint64 unhealthy_latency;   /* from the health_status event's time */
} Watch;

static void
on_watch_changed (FltProjectState *state,
                  const char      *id,
                  Watch           *watch)
{
  g_autoptr(FltContainerState) c = flt_project_state_get_container (state, id);
  gint64 now = g_get_real_time ();

  if (c == NULL)
    return;
  if (g_str_equal (id, watch->db_id) && watch->db_exited_at == 0 && c->status == FLT_CONTAINER_EXITED)
    {
      watch->db_exited_at = now;
      watch->db_latency = now - c->changed;
    }
  if (g_str_equal (id, watch->web_id) && c->health == FLT_HEALTH_UNHEALTHY && watch->unhealthy_latency < 0)
    watch->unhealthy_latency = now - _flt_project_state_get_last_event_time (state);
}

typedef struct
{
  FltEngine *engine;
  char *path;
  gint64 returned;
} Call;

static gpointer
post_in_thread (gpointer data)
{
  Call *call = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = flt_engine_call (call->engine, "POST", call->path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  call->returned = g_get_real_time ();
  return NULL;
}

/* POSTs in a thread of its own while the main context keeps running. */
static GThread *
post_async (Call       *call,
            FltEngine  *engine,
            char       *path)
{
  call->engine = engine;
  call->path = path;
  call->returned = 0;
  return g_thread_new ("post", post_in_thread, call);
}

static void
exec_detached (FltEngine  *engine,
               const char *id,
               const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/containers/%s/exec", id);
  g_autofree char *body_text = g_strdup_printf ("{\"Cmd\":[\"sh\",\"-c\",\"%s\"]}", command);
  g_autoptr(JsonNode) body = parse (body_text);
  g_autoptr(JsonNode) start_body = parse ("{\"Detach\":true}");
  g_autoptr(JsonNode) reply = flt_engine_call (engine, "POST", path, body, NULL, NULL, &error);
  g_autoptr(JsonNode) ignored = NULL;
  g_autofree char *start = NULL;

  g_assert_no_error (error);
  start = g_strdup_printf ("/exec/%s/start", json_object_get_string_member (json_node_get_object (reply), "Id"));
  ignored = flt_engine_call (engine, "POST", start, start_body, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_engine_live (void)
{
  g_autoptr(FltEngine) engine = real_engine ();
  g_autoptr(FltProjectState) early = NULL;
  g_autoptr(FltProjectState) late = NULL;
  g_autoptr(FltContainerState) db = NULL;
  g_autoptr(FltContainerState) web = NULL;
  Watch watch = { 0 };
  Recorder rec;
  Project *p;
  Call call;
  GThread *thread;
  gint64 t0;

  if (engine == NULL)
    return;
  sweep_leftovers (engine);
  p = project_new (engine);

  /* Watching from before the project exists: it all comes by events. */
  early = flt_project_state_new (engine, p->name);
  recorder_attach (&rec, early);
  t0 = g_get_monotonic_time ();
  flt_project_state_start (early);
  WAIT_FOR (flt_project_state_is_connected (early), 5000);
  g_assert_true (flt_project_state_is_connected (early));
  g_test_message ("empty project listed and followed in %.1f ms", (g_get_monotonic_time () - t0) / 1e3);
  g_assert_cmpuint (n_containers (early), ==, 0);

  project_up (p);
  g_test_message ("project %s is up", p->name);
  WAIT_FOR (all_up (early), 5000);
  g_assert_true (all_up (early));
  check_against_engine (early, engine);
  {
    g_autofree char *log = recorder_take (&rec);

    g_assert_nonnull (strstr (log, "network:"));
    g_assert_nonnull (strstr (log, "added:"));
  }

  /* The listing path: a second state started now sees the same. */
  late = flt_project_state_new (engine, p->name);
  t0 = g_get_monotonic_time ();
  flt_project_state_start (late);
  WAIT_FOR (flt_project_state_is_connected (late), 5000);
  g_assert_true (flt_project_state_is_connected (late));
  g_test_message ("running project listed in %.1f ms", (g_get_monotonic_time () - t0) / 1e3);
  g_assert_true (all_up (late));
  check_against_engine (late, engine);

  db = service_container (early, "db");
  web = service_container (early, "web");
  watch.db_id = g_strdup (db->id);
  watch.web_id = g_strdup (web->id);
  watch.unhealthy_latency = -1;
  g_signal_connect (early, "container-changed", G_CALLBACK (on_watch_changed), &watch);

  /* The healthcheck passes within a couple of intervals. */
  WAIT_FOR (health_of (early, "web") == FLT_HEALTH_HEALTHY, 8000);
  g_assert_cmpint (health_of (early, "web"), ==, FLT_HEALTH_HEALTHY);

  /* Stop db: its status changes within a second of the engine saying so. */
  t0 = g_get_real_time ();
  thread = post_async (&call, engine, g_strdup_printf ("/containers/%s/stop?t=1", db->id));
  WAIT_FOR (watch.db_exited_at != 0, 5000);
  g_thread_join (thread);
  g_free (call.path);
  g_assert_cmpint (watch.db_exited_at, !=, 0);
  g_test_message ("db: exited in the state %.1f ms after stop was called (the call returned after %.1f ms); "
                  "die event to signal: %.1f ms",
                  (watch.db_exited_at - t0) / 1e3, (call.returned - t0) / 1e3, watch.db_latency / 1e3);
  g_assert_cmpint (watch.db_latency, <, G_USEC_PER_SEC);
  g_assert_cmpint (watch.db_exited_at - call.returned, <, G_USEC_PER_SEC);

  /* The network's "disconnect" follows the "die". */
  WAIT_FOR (db_left_network (early) && n_members (early) == 1, 1000);
  g_clear_pointer (&db, flt_container_state_unref);
  db = service_container (early, "db");
  g_assert_cmpint (db->status, ==, FLT_CONTAINER_EXITED);
  g_assert_cmpint (db->exit_code, ==, 143);   /* SIGTERM, through init */
  g_assert_false (db->restarting);
  /* Still attached to its network, without an address; no longer a member. */
  g_assert_true (db_left_network (early));
  g_assert_cmpuint (n_members (early), ==, 1);

  /* Make the healthcheck fail. */
  exec_detached (engine, web->id, "touch /fail");
  t0 = g_get_real_time ();
  WAIT_FOR (watch.unhealthy_latency >= 0, 8000);
  g_assert_cmpint (watch.unhealthy_latency, >=, 0);
  g_test_message ("web: unhealthy in the state %.1f ms after the check began failing; "
                  "health_status event to signal: %.1f ms",
                  (g_get_real_time () - t0) / 1e3, watch.unhealthy_latency / 1e3);
  g_assert_cmpint (watch.unhealthy_latency, <, G_USEC_PER_SEC);
  WAIT_FOR (health_of (late, "web") == FLT_HEALTH_UNHEALTHY, 1000);
  g_assert_cmpint (health_of (late, "web"), ==, FLT_HEALTH_UNHEALTHY);

  /* Start db again: running, with an address again. */
  thread = post_async (&call, engine, g_strdup_printf ("/containers/%s/start", db->id));
  WAIT_FOR (all_up (early), 3000);
  g_thread_join (thread);
  g_free (call.path);
  WAIT_FOR (all_up (early) && all_up (late), 3000);
  g_assert_true (all_up (early));
  check_against_engine (early, engine);
  check_against_engine (late, engine);

  /* What events built equals what a listing gives. */
  {
    g_autoptr(GPtrArray) a = flt_project_state_list_containers (early);
    g_autoptr(GPtrArray) b = flt_project_state_list_containers (late);

    g_assert_cmpuint (a->len, ==, b->len);
    for (guint i = 0; i < a->len; i++)
      {
        FltContainerState *x = g_ptr_array_index (a, i);
        FltContainerState *y = g_ptr_array_index (b, i);
        const FltAttachmentState *ax = g_ptr_array_index (x->networks, 0);
        const FltAttachmentState *ay = g_ptr_array_index (y->networks, 0);

        g_assert_cmpstr (x->id, ==, y->id);
        g_assert_cmpstr (x->name, ==, y->name);
        g_assert_cmpint (x->status, ==, y->status);
        g_assert_cmpint (x->health, ==, y->health);
        g_assert_cmpint (x->exit_code, ==, y->exit_code);
        g_assert_cmpstr (ax->ipv4, ==, ay->ipv4);
        g_assert_cmpstr (ax->mac, ==, ay->mac);
        g_assert_cmpstrv (ax->aliases, ay->aliases);
        g_assert_cmpuint (x->ports->len, ==, y->ports->len);
      }
  }

  /* down: both states see everything go. */
  g_free (recorder_take (&rec));
  project_down (p);
  WAIT_FOR (n_containers (early) == 0 && n_networks (early) == 0 &&
            n_containers (late) == 0 && n_networks (late) == 0, 3000);
  g_assert_cmpuint (n_containers (early), ==, 0);
  g_assert_cmpuint (n_networks (early), ==, 0);
  g_assert_cmpuint (n_containers (late), ==, 0);
  g_assert_cmpuint (n_networks (late), ==, 0);
  {
    g_autofree char *log = recorder_take (&rec);

    g_assert_nonnull (strstr (log, "removed:"));
    g_assert_null (strstr (log, "connected:"));
  }
  g_assert_true (flt_project_state_is_connected (early));

  flt_project_state_stop (late);
  flt_project_state_stop (early);
  g_signal_handlers_disconnect_by_data (early, &watch);
  g_signal_handlers_disconnect_by_data (early, &rec);
  recorder_clear (&rec);
  g_free (watch.db_id);
  g_free (watch.web_id);
  project_free (p);
  g_assert_finalize_object (g_steal_pointer (&early));
  g_assert_finalize_object (g_steal_pointer (&late));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project-state/apply/recorded", test_apply_recorded);
  g_test_add_func ("/project-state/apply/inspections", test_apply_inspections);
  g_test_add_func ("/project-state/apply/resync", test_apply_resync);
  g_test_add_func ("/project-state/apply/foreign", test_apply_foreign);
  g_test_add_func ("/project-state/apply/lifecycle", test_apply_lifecycle);
  g_test_add_func ("/project-state/apply/network-events", test_apply_network_events);
  g_test_add_func ("/project-state/apply/volume-events", test_apply_volume_events);
  g_test_add_func ("/project-state/apply/connected", test_apply_connected);
  g_test_add_func ("/project-state/fake/reconnect", test_fake_reconnect);
  g_test_add_func ("/project-state/engine/live", test_engine_live);

  return g_test_run ();
}
