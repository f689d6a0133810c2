/* flt-project-state.c: a live picture of one Compose project on one engine
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker thread lists the project (containers, each inspected; networks,
 * each inspected for its members; volumes), then follows /events from the
 * time it started listing, so nothing that happens meanwhile is lost
 * (engine-api.md, section 5).  Everything it learns is queued and applied
 * in the main context that was current at start, where the model lives and
 * the signals are emitted; the worker only ever reads the engine.
 *
 * One event stream carries container, network and volume events together,
 * so that their order is kept (a container's "start" and its network's
 * "connect").  It cannot be filtered by the project label: network and
 * volume events carry no labels.  Container events are matched by their
 * label attributes instead, networks and volumes by the IDs and names the
 * listing gave.
 *
 * When the stream ends or a call fails, the state turns disconnected and
 * the worker tries again after 0.5 s, 1 s, 2 s, 4 s, then every 5 s; each
 * new connection starts with a fresh listing, which removes what vanished
 * meanwhile.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-json-stream.h"
#include "flt-project-state-private.h"

#define BACKOFF_FIRST_MS 500
#define BACKOFF_MAX_MS   5000

/* The events the state reacts to; "health_status" matches all three
 * "health_status: …" actions.  "kill" is left out: a "die" follows it. */
static const char * const wanted_actions[] = {
  "create", "start", "restart", "die", "stop", "pause", "unpause", "oom",
  "destroy", "rename", "health_status", "connect", "disconnect", "remove",
  NULL
};

/* ----------------------------------------------------------------------
 * JSON helpers that never warn on a value of the wrong type
 * ---------------------------------------------------------------------- */

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;
      gint64 value = g_ascii_strtoll (text, &end, 10);

      return end != text ? value : fallback;
    }
  return fallback;
}

static gboolean
get_bool (JsonObject *object,
          const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node = array && index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
dup_nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

/* "2026-11-28T13:23:16.445332643Z" → Unix microseconds; 0 for Go's zero
 * time ("0001-01-01T00:00:00Z") and anything unreadable. */
static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || g_str_has_prefix (text, "0001-"))
    return 0;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return 0;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* "172.18.0.2/16" → "172.18.0.2", and 16 into @prefix. */
static char *
strip_prefix (const char *cidr,
              int        *prefix)
{
  const char *slash;

  if (prefix != NULL)
    *prefix = 0;
  if (cidr == NULL || cidr[0] == '\0')
    return NULL;
  slash = strchr (cidr, '/');
  if (slash == NULL)
    return g_strdup (cidr);
  if (prefix != NULL)
    *prefix = (int) g_ascii_strtoll (slash + 1, NULL, 10);
  return g_strndup (cidr, slash - cidr);
}

/* ----------------------------------------------------------------------
 * Snapshots
 * ---------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (FltContainerState, flt_container_state, flt_container_state_ref, flt_container_state_unref)
G_DEFINE_BOXED_TYPE (FltNetworkState, flt_network_state, flt_network_state_ref, flt_network_state_unref)
G_DEFINE_BOXED_TYPE (FltVolumeState, flt_volume_state, flt_volume_state_ref, flt_volume_state_unref)

static void
attachment_free (FltAttachmentState *self)
{
  g_free (self->network);
  g_free (self->network_id);
  g_free (self->ipv4);
  g_free (self->ipv6);
  g_free (self->mac);
  g_strfreev (self->aliases);
  g_free (self);
}

static FltAttachmentState *
attachment_copy (const FltAttachmentState *self)
{
  FltAttachmentState *copy = g_new0 (FltAttachmentState, 1);

  copy->network = g_strdup (self->network);
  copy->network_id = g_strdup (self->network_id);
  copy->ipv4 = g_strdup (self->ipv4);
  copy->ipv4_prefix = self->ipv4_prefix;
  copy->ipv6 = g_strdup (self->ipv6);
  copy->mac = g_strdup (self->mac);
  copy->aliases = g_strdupv (self->aliases);
  return copy;
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

static gboolean
attachment_equal (const FltAttachmentState *a,
                  const FltAttachmentState *b)
{
  return g_strcmp0 (a->network, b->network) == 0 &&
         g_strcmp0 (a->network_id, b->network_id) == 0 &&
         g_strcmp0 (a->ipv4, b->ipv4) == 0 &&
         a->ipv4_prefix == b->ipv4_prefix &&
         g_strcmp0 (a->ipv6, b->ipv6) == 0 &&
         g_strcmp0 (a->mac, b->mac) == 0 &&
         strv_equal0 (a->aliases, b->aliases);
}

static int
attachment_compare (gconstpointer a,
                    gconstpointer b)
{
  const FltAttachmentState *x = *(FltAttachmentState **) a;
  const FltAttachmentState *y = *(FltAttachmentState **) b;

  return g_strcmp0 (x->network, y->network);
}

static void
port_free (FltPublishedPort *self)
{
  g_free (self->host_ip);
  g_free (self->protocol);
  g_free (self);
}

static FltPublishedPort *
port_copy (const FltPublishedPort *self)
{
  FltPublishedPort *copy = g_new0 (FltPublishedPort, 1);

  copy->host_ip = g_strdup (self->host_ip);
  copy->host_port = self->host_port;
  copy->container_port = self->container_port;
  copy->protocol = g_strdup (self->protocol);
  return copy;
}

static gboolean
port_equal (const FltPublishedPort *a,
            const FltPublishedPort *b)
{
  return a->host_port == b->host_port && a->container_port == b->container_port &&
         g_strcmp0 (a->host_ip, b->host_ip) == 0 && g_strcmp0 (a->protocol, b->protocol) == 0;
}

static int
port_compare (gconstpointer a,
              gconstpointer b)
{
  const FltPublishedPort *x = *(FltPublishedPort **) a;
  const FltPublishedPort *y = *(FltPublishedPort **) b;
  int c;

  if (x->container_port != y->container_port)
    return x->container_port < y->container_port ? -1 : 1;
  if ((c = g_strcmp0 (x->protocol, y->protocol)) != 0)
    return c;
  if (x->host_port != y->host_port)
    return x->host_port < y->host_port ? -1 : 1;
  return g_strcmp0 (x->host_ip, y->host_ip);
}

static FltContainerState *
container_state_new (void)
{
  FltContainerState *self = g_new0 (FltContainerState, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
  self->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) port_free);
  return self;
}

FltContainerState *
flt_container_state_ref (FltContainerState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
flt_container_state_unref (FltContainerState *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->service);
  g_free (self->image);
  g_ptr_array_unref (self->networks);
  g_ptr_array_unref (self->ports);
  g_free (self);
}

static FltContainerState *
container_state_copy (const FltContainerState *self)
{
  FltContainerState *copy = container_state_new ();

  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->service = g_strdup (self->service);
  copy->number = self->number;
  copy->oneoff = self->oneoff;
  copy->status = self->status;
  copy->health = self->health;
  copy->exit_code = self->exit_code;
  copy->restarting = self->restarting;
  copy->oom_killed = self->oom_killed;
  copy->image = g_strdup (self->image);
  copy->created = self->created;
  copy->changed = self->changed;
  for (guint i = 0; i < self->networks->len; i++)
    g_ptr_array_add (copy->networks, attachment_copy (g_ptr_array_index (self->networks, i)));
  for (guint i = 0; i < self->ports->len; i++)
    g_ptr_array_add (copy->ports, port_copy (g_ptr_array_index (self->ports, i)));
  return copy;
}

static gboolean
container_state_equal (const FltContainerState *a,
                       const FltContainerState *b)
{
  if (g_strcmp0 (a->id, b->id) != 0 || g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->service, b->service) != 0 || a->number != b->number ||
      a->oneoff != b->oneoff || a->status != b->status || a->health != b->health ||
      a->exit_code != b->exit_code || a->restarting != b->restarting ||
      a->oom_killed != b->oom_killed || g_strcmp0 (a->image, b->image) != 0 ||
      a->created != b->created || a->changed != b->changed ||
      a->networks->len != b->networks->len || a->ports->len != b->ports->len)
    return FALSE;
  for (guint i = 0; i < a->networks->len; i++)
    if (!attachment_equal (g_ptr_array_index (a->networks, i), g_ptr_array_index (b->networks, i)))
      return FALSE;
  for (guint i = 0; i < a->ports->len; i++)
    if (!port_equal (g_ptr_array_index (a->ports, i), g_ptr_array_index (b->ports, i)))
      return FALSE;
  return TRUE;
}

/**
 * flt_container_state_get_attachment:
 * @network: a network's name or ID
 *
 * Returns: (transfer none) (nullable): the container's attachment to it
 */
const FltAttachmentState *
flt_container_state_get_attachment (FltContainerState *self,
                                    const char        *network)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (network != NULL, NULL);

  for (guint i = 0; i < self->networks->len; i++)
    {
      FltAttachmentState *a = g_ptr_array_index (self->networks, i);

      if (g_strcmp0 (a->network, network) == 0 || g_strcmp0 (a->network_id, network) == 0)
        return a;
    }
  return NULL;
}

gboolean
flt_container_state_is_running (FltContainerState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->status == FLT_CONTAINER_RUNNING || self->status == FLT_CONTAINER_PAUSED ||
         self->status == FLT_CONTAINER_RESTARTING;
}

static FltNetworkState *
network_state_new (void)
{
  FltNetworkState *self = g_new0 (FltNetworkState, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

FltNetworkState *
flt_network_state_ref (FltNetworkState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
flt_network_state_unref (FltNetworkState *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->key);
  g_free (self->driver);
  g_free (self->scope);
  g_strfreev (self->subnets);
  g_strfreev (self->gateways);
  g_hash_table_unref (self->members);
  g_free (self);
}

static FltNetworkState *
network_state_copy (const FltNetworkState *self)
{
  FltNetworkState *copy = network_state_new ();
  GHashTableIter iter;
  gpointer key, value;

  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->key = g_strdup (self->key);
  copy->driver = g_strdup (self->driver);
  copy->scope = g_strdup (self->scope);
  copy->internal = self->internal;
  copy->subnets = g_strdupv (self->subnets);
  copy->gateways = g_strdupv (self->gateways);
  g_hash_table_iter_init (&iter, self->members);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->members, g_strdup (key), g_strdup (value));
  return copy;
}

static gboolean
network_state_equal (const FltNetworkState *a,
                     const FltNetworkState *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_strcmp0 (a->id, b->id) != 0 || g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->key, b->key) != 0 || g_strcmp0 (a->driver, b->driver) != 0 ||
      g_strcmp0 (a->scope, b->scope) != 0 || a->internal != b->internal ||
      !strv_equal0 (a->subnets, b->subnets) || !strv_equal0 (a->gateways, b->gateways) ||
      g_hash_table_size (a->members) != g_hash_table_size (b->members))
    return FALSE;
  g_hash_table_iter_init (&iter, a->members);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b->members, key)) != 0 ||
        !g_hash_table_contains (b->members, key))
      return FALSE;
  return TRUE;
}

/**
 * flt_network_state_get_member_ipv4:
 *
 * Returns: (transfer none) (nullable): the container's IPv4 address on the
 *   network, "" while unknown, %NULL when it is no member
 */
const char *
flt_network_state_get_member_ipv4 (FltNetworkState *self,
                                   const char      *container_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (container_id != NULL, NULL);

  return g_hash_table_lookup (self->members, container_id);
}

FltVolumeState *
flt_volume_state_ref (FltVolumeState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
flt_volume_state_unref (FltVolumeState *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->name);
  g_free (self->key);
  g_free (self->driver);
  g_free (self->mountpoint);
  g_free (self);
}

static gboolean
volume_state_equal (const FltVolumeState *a,
                    const FltVolumeState *b)
{
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->key, b->key) == 0 &&
         g_strcmp0 (a->driver, b->driver) == 0 && g_strcmp0 (a->mountpoint, b->mountpoint) == 0;
}

/* ----------------------------------------------------------------------
 * Reading the engine's JSON into snapshots
 * ---------------------------------------------------------------------- */

static void
take_labels (FltContainerState *self,
             JsonObject        *labels)
{
  const char *number = get_string (labels, FLT_LABEL_NUMBER);

  g_free (self->service);
  self->service = g_strdup (get_string (labels, FLT_LABEL_SERVICE));
  self->number = number ? (int) g_ascii_strtoll (number, NULL, 10) : 0;
  self->oneoff = g_strcmp0 (get_string (labels, FLT_LABEL_ONEOFF), "True") == 0;
}

static void
read_attachments (FltContainerState *self,
                  JsonObject        *networks)
{
  GList *names;

  g_ptr_array_set_size (self->networks, 0);
  if (networks == NULL)
    return;

  names = json_object_get_members (networks);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *endpoint = get_object (networks, l->data);
      JsonArray *aliases = get_array (endpoint, "Aliases");
      FltAttachmentState *a;

      if (endpoint == NULL)
        continue;
      a = g_new0 (FltAttachmentState, 1);
      a->network = g_strdup (l->data);
      a->network_id = dup_nonempty (get_string (endpoint, "NetworkID"));
      a->ipv4 = dup_nonempty (get_string (endpoint, "IPAddress"));
      a->ipv4_prefix = a->ipv4 ? (int) get_int (endpoint, "IPPrefixLen", 0) : 0;
      a->ipv6 = dup_nonempty (get_string (endpoint, "GlobalIPv6Address"));
      a->mac = dup_nonempty (get_string (endpoint, "MacAddress"));
      if (aliases != NULL && json_array_get_length (aliases) > 0)
        {
          GStrvBuilder *builder = g_strv_builder_new ();

          for (guint i = 0; i < json_array_get_length (aliases); i++)
            {
              JsonNode *node = json_array_get_element (aliases, i);

              if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
                g_strv_builder_add (builder, json_node_get_string (node));
            }
          a->aliases = g_strv_builder_end (builder);
          g_strv_builder_unref (builder);
        }
      g_ptr_array_add (self->networks, a);
    }
  g_list_free (names);
  g_ptr_array_sort (self->networks, attachment_compare);
}

/* NetworkSettings.Ports: {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort":
 * "8080"}], "81/tcp": null}; only published ports are kept. */
static void
read_ports (FltContainerState *self,
            JsonObject        *ports)
{
  GList *keys;

  g_ptr_array_set_size (self->ports, 0);
  if (ports == NULL)
    return;

  keys = json_object_get_members (ports);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonArray *bindings = get_array (ports, l->data);
      const char *slash = strchr (l->data, '/');
      guint container_port = (guint) g_ascii_strtoull (l->data, NULL, 10);

      for (guint i = 0; bindings != NULL && i < json_array_get_length (bindings); i++)
        {
          JsonNode *node = json_array_get_element (bindings, i);
          JsonObject *binding = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          FltPublishedPort *port;

          if (binding == NULL)
            continue;
          port = g_new0 (FltPublishedPort, 1);
          port->host_ip = g_strdup (get_string (binding, "HostIp"));
          port->host_port = (guint) get_int (binding, "HostPort", 0);
          port->container_port = container_port;
          port->protocol = g_strdup (slash ? slash + 1 : "tcp");
          g_ptr_array_add (self->ports, port);
        }
    }
  g_list_free (keys);
  g_ptr_array_sort (self->ports, port_compare);
}

/* Returns the container's snapshot and, in @project, its project label. */
static FltContainerState *
container_state_new_from_inspect (JsonObject  *inspect,
                                  const char **project)
{
  JsonObject *state = get_object (inspect, "State");
  JsonObject *config = get_object (inspect, "Config");
  JsonObject *settings = get_object (inspect, "NetworkSettings");
  JsonObject *labels = get_object (config, "Labels");
  JsonObject *health = get_object (state, "Health");
  const char *id = get_string (inspect, "Id");
  const char *name = get_string (inspect, "Name");
  FltContainerState *self;

  *project = get_string (labels, FLT_LABEL_PROJECT);
  if (id == NULL)
    return NULL;

  self = container_state_new ();
  self->id = g_strdup (id);
  self->name = name ? g_strdup (name[0] == '/' ? name + 1 : name) : g_strndup (id, 12);
  take_labels (self, labels);
  self->image = g_strdup (get_string (config, "Image"));
  self->created = parse_time (get_string (inspect, "Created")) / G_USEC_PER_SEC;

  self->status = flt_container_status_from_string (get_string (state, "Status"));
  self->restarting = get_bool (state, "Restarting");
  self->oom_killed = get_bool (state, "OOMKilled");
  self->exit_code = (int) get_int (state, "ExitCode", 0);
  self->health = health ? flt_health_from_string (get_string (health, "Status")) : FLT_HEALTH_NONE;
  if (self->status == FLT_CONTAINER_RUNNING || self->status == FLT_CONTAINER_PAUSED ||
      self->status == FLT_CONTAINER_RESTARTING)
    self->changed = parse_time (get_string (state, "StartedAt"));
  else
    self->changed = parse_time (get_string (state, "FinishedAt"));
  if (self->changed == 0)
    self->changed = self->created * G_USEC_PER_SEC;

  read_attachments (self, get_object (settings, "Networks"));
  read_ports (self, get_object (settings, "Ports"));
  return self;
}

static FltNetworkState *
network_state_new_from_inspect (JsonObject  *inspect,
                                const char **project)
{
  JsonObject *labels = get_object (inspect, "Labels");
  JsonObject *containers = get_object (inspect, "Containers");
  JsonArray *configs = get_array (get_object (inspect, "IPAM"), "Config");
  const char *id = get_string (inspect, "Id");
  FltNetworkState *self;
  GStrvBuilder *subnets, *gateways;

  *project = get_string (labels, FLT_LABEL_PROJECT);
  if (id == NULL)
    return NULL;

  self = network_state_new ();
  self->id = g_strdup (id);
  self->name = g_strdup (get_string (inspect, "Name"));
  self->key = g_strdup (get_string (labels, FLT_LABEL_NETWORK));
  self->driver = g_strdup (get_string (inspect, "Driver"));
  self->scope = g_strdup (get_string (inspect, "Scope"));
  self->internal = get_bool (inspect, "Internal");

  subnets = g_strv_builder_new ();
  gateways = g_strv_builder_new ();
  for (guint i = 0; configs != NULL && i < json_array_get_length (configs); i++)
    {
      JsonNode *node = json_array_get_element (configs, i);
      JsonObject *config = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *subnet = get_string (config, "Subnet");

      if (subnet == NULL)
        continue;
      g_strv_builder_add (subnets, subnet);
      g_strv_builder_add (gateways, get_string (config, "Gateway") ? get_string (config, "Gateway") : "");
    }
  self->subnets = g_strv_builder_end (subnets);
  self->gateways = g_strv_builder_end (gateways);
  g_strv_builder_unref (subnets);
  g_strv_builder_unref (gateways);

  if (containers != NULL)
    {
      GList *ids = json_object_get_members (containers);

      for (GList *l = ids; l != NULL; l = l->next)
        {
          JsonObject *endpoint = get_object (containers, l->data);
          char *ipv4 = strip_prefix (get_string (endpoint, "IPv4Address"), NULL);

          g_hash_table_insert (self->members, g_strdup (l->data), ipv4 ? ipv4 : g_strdup (""));
        }
      g_list_free (ids);
    }
  return self;
}

static FltVolumeState *
volume_state_new_from_json (JsonObject  *volume,
                            const char **project)
{
  JsonObject *labels = get_object (volume, "Labels");
  const char *name = get_string (volume, "Name");
  FltVolumeState *self;

  *project = get_string (labels, FLT_LABEL_PROJECT);
  if (name == NULL)
    return NULL;

  self = g_new0 (FltVolumeState, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (name);
  self->key = g_strdup (get_string (labels, FLT_LABEL_VOLUME));
  self->driver = g_strdup (get_string (volume, "Driver"));
  self->mountpoint = g_strdup (get_string (volume, "Mountpoint"));
  return self;
}

typedef struct
{
  const char *type;
  const char *action;
  const char *id;
  JsonObject *attributes;
  gint64 time;              /* Unix microseconds */
} Event;

static gboolean
read_event (JsonObject *object,
            Event      *event)
{
  JsonObject *actor = get_object (object, "Actor");
  gint64 nanos = get_int (object, "timeNano", 0);

  event->type = get_string (object, "Type");
  event->action = get_string (object, "Action");
  if (event->action == NULL)
    event->action = get_string (object, "status");
  event->id = get_string (actor, "ID");
  if (event->id == NULL)
    event->id = get_string (object, "id");
  event->attributes = get_object (actor, "Attributes");
  event->time = nanos > 0 ? nanos / 1000 : get_int (object, "time", 0) * G_USEC_PER_SEC;
  return event->type != NULL && event->action != NULL && event->id != NULL;
}

/* ----------------------------------------------------------------------
 * The object
 * ---------------------------------------------------------------------- */

typedef struct _Worker Worker;

struct _FltProjectState
{
  GObject parent_instance;

  FltEngine *engine;
  char *project;

  /* The model; touched only in the main context */
  GHashTable *containers;   /* ID → FltContainerState */
  GHashTable *networks;     /* ID → FltNetworkState */
  GHashTable *volumes;      /* name → FltVolumeState */
  gboolean connected;
  char *error;
  gint64 last_event_time;

  Worker *worker;
};

G_DEFINE_FINAL_TYPE (FltProjectState, flt_project_state, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_PROJECT_NAME,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  CONTAINER_ADDED,
  CONTAINER_CHANGED,
  CONTAINER_REMOVED,
  NETWORK_CHANGED,
  VOLUME_CHANGED,
  CONNECTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void stop_worker (FltProjectState *self);

static void
flt_project_state_dispose (GObject *object)
{
  FltProjectState *self = FLT_PROJECT_STATE (object);

  stop_worker (self);

  G_OBJECT_CLASS (flt_project_state_parent_class)->dispose (object);
}

static void
flt_project_state_finalize (GObject *object)
{
  FltProjectState *self = FLT_PROJECT_STATE (object);

  g_clear_object (&self->engine);
  g_free (self->project);
  g_hash_table_unref (self->containers);
  g_hash_table_unref (self->networks);
  g_hash_table_unref (self->volumes);
  g_free (self->error);

  G_OBJECT_CLASS (flt_project_state_parent_class)->finalize (object);
}

static void
flt_project_state_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FltProjectState *self = FLT_PROJECT_STATE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_PROJECT_NAME:
      g_value_set_string (value, self->project);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_project_state_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FltProjectState *self = FLT_PROJECT_STATE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_PROJECT_NAME:
      self->project = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_project_state_class_init (FltProjectStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_project_state_dispose;
  object_class->finalize = flt_project_state_finalize;
  object_class->get_property = flt_project_state_get_property;
  object_class->set_property = flt_project_state_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, FLT_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_NAME] =
    g_param_spec_string ("project-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether the listing is current and events are flowing. */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FltProjectState::container-added:
   * @id: the container's ID
   */
  signals[CONTAINER_ADDED] =
    g_signal_new ("container-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FltProjectState::container-changed:
   * @id: the container's ID; its new snapshot is in place
   */
  signals[CONTAINER_CHANGED] =
    g_signal_new ("container-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FltProjectState::container-removed:
   * @id: the container's ID; it is no longer listed
   */
  signals[CONTAINER_REMOVED] =
    g_signal_new ("container-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FltProjectState::network-changed:
   * @id: the network's ID
   *
   * A network appeared, changed or went away; flt_project_state_get_network()
   * tells which.
   */
  signals[NETWORK_CHANGED] =
    g_signal_new ("network-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FltProjectState::volume-changed:
   * @name: the volume's name
   *
   * A volume appeared, changed or went away.
   */
  signals[VOLUME_CHANGED] =
    g_signal_new ("volume-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FltProjectState::connection-changed:
   * @connected: whether the picture is live again, or no longer is
   */
  signals[CONNECTION_CHANGED] =
    g_signal_new ("connection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
flt_project_state_init (FltProjectState *self)
{
  self->containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) flt_container_state_unref);
  self->networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) flt_network_state_unref);
  self->volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) flt_volume_state_unref);
}

/**
 * flt_project_state_new:
 * @engine: the engine to watch
 * @project_name: the Compose project's (normalised) name
 *
 * Nothing happens until flt_project_state_start().
 *
 * Returns: (transfer full): the state
 */
FltProjectState *
flt_project_state_new (FltEngine  *engine,
                       const char *project_name)
{
  g_return_val_if_fail (FLT_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (project_name != NULL, NULL);

  return g_object_new (FLT_TYPE_PROJECT_STATE,
                       "engine", engine,
                       "project-name", project_name,
                       NULL);
}

FltEngine *
flt_project_state_get_engine (FltProjectState *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);

  return self->engine;
}

const char *
flt_project_state_get_project_name (FltProjectState *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);

  return self->project;
}

gboolean
flt_project_state_is_connected (FltProjectState *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), FALSE);

  return self->connected;
}

/**
 * flt_project_state_get_error:
 *
 * Returns: (nullable): why the state is not connected, when it tried and
 *   failed; %NULL while connected
 */
const char *
flt_project_state_get_error (FltProjectState *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);

  return self->error;
}

/* ----------------------------------------------------------------------
 * Changing the model (main context)
 * ---------------------------------------------------------------------- */

/* Takes @state; emits only when something really changed. */
static void
commit_container (FltProjectState   *self,
                  FltContainerState *state)
{
  FltContainerState *old = g_hash_table_lookup (self->containers, state->id);
  g_autofree char *id = g_strdup (state->id);

  if (old != NULL && container_state_equal (old, state))
    {
      flt_container_state_unref (state);
      return;
    }
  g_hash_table_replace (self->containers, g_strdup (state->id), state);
  g_signal_emit (self, signals[old ? CONTAINER_CHANGED : CONTAINER_ADDED], 0, id);
}

static void
commit_network (FltProjectState *self,
                FltNetworkState *state)
{
  FltNetworkState *old = g_hash_table_lookup (self->networks, state->id);
  g_autofree char *id = g_strdup (state->id);

  if (old != NULL && network_state_equal (old, state))
    {
      flt_network_state_unref (state);
      return;
    }
  g_hash_table_replace (self->networks, g_strdup (state->id), state);
  g_signal_emit (self, signals[NETWORK_CHANGED], 0, id);
}

static void
commit_volume (FltProjectState *self,
               FltVolumeState  *state)
{
  FltVolumeState *old = g_hash_table_lookup (self->volumes, state->name);
  g_autofree char *name = g_strdup (state->name);

  if (old != NULL && volume_state_equal (old, state))
    {
      flt_volume_state_unref (state);
      return;
    }
  g_hash_table_replace (self->volumes, g_strdup (state->name), state);
  g_signal_emit (self, signals[VOLUME_CHANGED], 0, name);
}

static void
remove_network (FltProjectState *self,
                const char      *id)
{
  g_autofree char *copy = g_strdup (id);

  if (g_hash_table_remove (self->networks, copy))
    g_signal_emit (self, signals[NETWORK_CHANGED], 0, copy);
}

static void
remove_volume (FltProjectState *self,
               const char      *name)
{
  g_autofree char *copy = g_strdup (name);

  if (g_hash_table_remove (self->volumes, copy))
    g_signal_emit (self, signals[VOLUME_CHANGED], 0, copy);
}

static void
remove_container (FltProjectState *self,
                  const char      *id)
{
  g_autofree char *copy = g_strdup (id);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (!g_hash_table_remove (self->containers, copy))
    return;

  /* A container that goes leaves its networks, whether or not their
   * "disconnect" was seen. */
  g_hash_table_iter_init (&iter, self->networks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_hash_table_contains (((FltNetworkState *) value)->members, copy))
      g_ptr_array_add (changed, value);
  for (guint i = 0; i < changed->len; i++)
    {
      FltNetworkState *network = network_state_copy (g_ptr_array_index (changed, i));

      g_hash_table_remove (network->members, copy);
      commit_network (self, network);
    }

  g_signal_emit (self, signals[CONTAINER_REMOVED], 0, copy);
}

static FltNetworkState *
lookup_network (FltProjectState *self,
                const char      *id,
                const char      *name)
{
  FltNetworkState *network = id ? g_hash_table_lookup (self->networks, id) : NULL;
  GHashTableIter iter;
  gpointer value;

  if (network != NULL || name == NULL)
    return network;
  g_hash_table_iter_init (&iter, self->networks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((FltNetworkState *) value)->name, name) == 0)
      return value;
  return NULL;
}

void
_flt_project_state_set_connected (FltProjectState *self,
                                  gboolean         connected,
                                  const char      *error)
{
  g_return_if_fail (FLT_IS_PROJECT_STATE (self));

  g_free (self->error);
  self->error = connected ? NULL : g_strdup (error);
  if (self->connected == !!connected)
    return;
  self->connected = !!connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  g_signal_emit (self, signals[CONNECTION_CHANGED], 0, self->connected);
}

gint64
_flt_project_state_get_last_event_time (FltProjectState *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), 0);

  return self->last_event_time;
}

static void
apply_container_event (FltProjectState *self,
                       const Event     *event)
{
  FltContainerState *old;
  FltContainerState *state;
  const char *action = event->action;
  const char *name = get_string (event->attributes, "name");

  if (g_strcmp0 (get_string (event->attributes, FLT_LABEL_PROJECT), self->project) != 0)
    return;
  if (g_str_has_prefix (action, "exec_") || g_str_equal (action, "kill"))
    return;

  if (g_str_equal (action, "destroy"))
    {
      remove_container (self, event->id);
      return;
    }

  old = g_hash_table_lookup (self->containers, event->id);
  if (old != NULL)
    state = container_state_copy (old);
  else
    {
      /* Usually "create"; any other event of a container we missed brings
       * it in too, and its inspection fills in the rest. */
      JsonObject *labels = event->attributes;

      state = container_state_new ();
      state->id = g_strdup (event->id);
      state->name = g_strdup (name ? name : "");
      state->image = g_strdup (get_string (labels, "image"));
      take_labels (state, labels);
      state->created = event->time / G_USEC_PER_SEC;
      state->changed = event->time;
      state->status = FLT_CONTAINER_CREATED;
    }

  if (name != NULL && g_strcmp0 (state->name, name) != 0)
    {
      g_free (state->name);
      state->name = g_strdup (name);
    }

  if (g_str_equal (action, "start") || g_str_equal (action, "restart") ||
      g_str_equal (action, "unpause"))
    {
      if (state->status != FLT_CONTAINER_RUNNING)
        state->changed = event->time;
      if (!g_str_equal (action, "unpause"))
        {
          state->exit_code = 0;
          state->oom_killed = FALSE;
          /* The engine restarts its healthcheck with every start. */
          if (state->health != FLT_HEALTH_NONE && state->status != FLT_CONTAINER_RUNNING)
            state->health = FLT_HEALTH_STARTING;
        }
      state->status = FLT_CONTAINER_RUNNING;
      state->restarting = FALSE;
    }
  else if (g_str_equal (action, "die"))
    {
      state->status = FLT_CONTAINER_EXITED;
      state->exit_code = (int) get_int (event->attributes, "exitCode", state->exit_code);
      state->changed = event->time;
      /* Whether the engine restarts it, its inspection will tell. */
    }
  else if (g_str_equal (action, "stop"))
    {
      if (state->status != FLT_CONTAINER_EXITED)
        {
          state->status = FLT_CONTAINER_EXITED;
          state->changed = event->time;
        }
      state->restarting = FALSE;
    }
  else if (g_str_equal (action, "pause"))
    {
      state->status = FLT_CONTAINER_PAUSED;
      state->changed = event->time;
    }
  else if (g_str_equal (action, "oom"))
    state->oom_killed = TRUE;
  else if (g_str_has_prefix (action, "health_status"))
    {
      const char *colon = strchr (action, ':');
      g_autofree char *verdict = colon ? g_strstrip (g_strdup (colon + 1)) : NULL;

      if (verdict != NULL)
        state->health = flt_health_from_string (verdict);
    }
  /* "create" and "rename" change nothing beyond the name. */

  commit_container (self, state);
}

static void
apply_network_event (FltProjectState *self,
                     const Event     *event)
{
  const char *action = event->action;
  const char *name = get_string (event->attributes, "name");
  const char *container = get_string (event->attributes, "container");
  FltNetworkState *network = lookup_network (self, event->id, name);
  FltContainerState *member = container ? g_hash_table_lookup (self->containers, container) : NULL;

  if (g_str_equal (action, "destroy") || g_str_equal (action, "remove"))
    {
      if (network != NULL)
        remove_network (self, network->id);
      return;
    }

  if (g_str_equal (action, "connect") || g_str_equal (action, "disconnect"))
    {
      gboolean connect = g_str_equal (action, "connect");

      if (network != NULL && container != NULL &&
          connect != g_hash_table_contains (network->members, container))
        {
          FltNetworkState *copy = network_state_copy (network);

          if (connect)
            g_hash_table_insert (copy->members, g_strdup (container), g_strdup (""));
          else
            g_hash_table_remove (copy->members, container);
          commit_network (self, copy);
        }

      if (member != NULL)
        {
          FltContainerState *copy = container_state_copy (member);
          const char *network_name = name ? name : network ? network->name : NULL;
          FltAttachmentState *found = NULL;
          guint index = 0;

          for (guint i = 0; i < copy->networks->len; i++)
            {
              FltAttachmentState *a = g_ptr_array_index (copy->networks, i);

              if (g_strcmp0 (a->network_id, event->id) == 0 ||
                  (network_name != NULL && g_strcmp0 (a->network, network_name) == 0))
                {
                  found = a;
                  index = i;
                  break;
                }
            }

          if (connect && found == NULL && network_name != NULL)
            {
              FltAttachmentState *a = g_new0 (FltAttachmentState, 1);

              a->network = g_strdup (network_name);
              a->network_id = g_strdup (event->id);
              g_ptr_array_add (copy->networks, a);
              g_ptr_array_sort (copy->networks, attachment_compare);
            }
          else if (!connect && found != NULL)
            {
              /* A running container leaves the network; a stopping one
               * only loses its addresses and stays attached. */
              if (flt_container_state_is_running (copy))
                g_ptr_array_remove_index (copy->networks, index);
              else
                {
                  g_clear_pointer (&found->ipv4, g_free);
                  g_clear_pointer (&found->ipv6, g_free);
                  found->ipv4_prefix = 0;
                }
            }
          commit_container (self, copy);
        }
    }
  /* "create": the worker inspects the network to see whose it is. */
}

static void
apply_volume_event (FltProjectState *self,
                    const Event     *event)
{
  if (g_str_equal (event->action, "destroy"))
    remove_volume (self, event->id);
  /* "create": the worker inspects the volume to see whose it is. */
}

void
_flt_project_state_apply_event (FltProjectState *self,
                                JsonObject      *object)
{
  Event event;

  g_return_if_fail (FLT_IS_PROJECT_STATE (self));
  g_return_if_fail (object != NULL);

  if (!read_event (object, &event))
    return;
  if (event.time > self->last_event_time)
    self->last_event_time = event.time;

  if (g_str_equal (event.type, "container"))
    apply_container_event (self, &event);
  else if (g_str_equal (event.type, "network"))
    apply_network_event (self, &event);
  else if (g_str_equal (event.type, "volume"))
    apply_volume_event (self, &event);
}

void
_flt_project_state_apply_container (FltProjectState *self,
                                    const char      *id,
                                    JsonObject      *inspect)
{
  FltContainerState *state;
  const char *project = NULL;

  g_return_if_fail (FLT_IS_PROJECT_STATE (self));
  g_return_if_fail (id != NULL);

  state = inspect ? container_state_new_from_inspect (inspect, &project) : NULL;
  if (state == NULL || g_strcmp0 (project, self->project) != 0)
    {
      g_clear_pointer (&state, flt_container_state_unref);
      remove_container (self, id);
      return;
    }
  commit_container (self, state);
}

void
_flt_project_state_apply_network (FltProjectState *self,
                                  const char      *id,
                                  JsonObject      *inspect)
{
  FltNetworkState *state;
  const char *project = NULL;

  g_return_if_fail (FLT_IS_PROJECT_STATE (self));
  g_return_if_fail (id != NULL);

  state = inspect ? network_state_new_from_inspect (inspect, &project) : NULL;
  if (state == NULL || g_strcmp0 (project, self->project) != 0)
    {
      g_clear_pointer (&state, flt_network_state_unref);
      remove_network (self, id);
      return;
    }
  commit_network (self, state);
}

void
_flt_project_state_apply_volume (FltProjectState *self,
                                 const char      *name,
                                 JsonObject      *volume)
{
  FltVolumeState *state;
  const char *project = NULL;

  g_return_if_fail (FLT_IS_PROJECT_STATE (self));
  g_return_if_fail (name != NULL);

  state = volume ? volume_state_new_from_json (volume, &project) : NULL;
  if (state == NULL || g_strcmp0 (project, self->project) != 0)
    {
      g_clear_pointer (&state, flt_volume_state_unref);
      remove_volume (self, name);
      return;
    }
  commit_volume (self, state);
}

static GPtrArray *
stale_keys (GHashTable *table,
            GHashTable *seen)
{
  GPtrArray *stale = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_ptr_array_add (stale, g_strdup (key));
  return stale;
}

void
_flt_project_state_apply_resync (FltProjectState *self,
                                 JsonArray       *containers,
                                 JsonArray       *networks,
                                 JsonArray       *volumes)
{
  g_autoptr(GHashTable) seen_containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) stale = NULL;

  g_return_if_fail (FLT_IS_PROJECT_STATE (self));

  /* Networks first, so that a graph sees them before their members. */
  for (guint i = 0; networks != NULL && i < json_array_get_length (networks); i++)
    {
      JsonObject *object = array_object (networks, i);
      const char *project = NULL;
      FltNetworkState *state = object ? network_state_new_from_inspect (object, &project) : NULL;

      if (state == NULL || g_strcmp0 (project, self->project) != 0)
        {
          g_clear_pointer (&state, flt_network_state_unref);
          continue;
        }
      g_hash_table_add (seen_networks, g_strdup (state->id));
      commit_network (self, state);
    }

  for (guint i = 0; volumes != NULL && i < json_array_get_length (volumes); i++)
    {
      JsonObject *object = array_object (volumes, i);
      const char *project = NULL;
      FltVolumeState *state = object ? volume_state_new_from_json (object, &project) : NULL;

      if (state == NULL || g_strcmp0 (project, self->project) != 0)
        {
          g_clear_pointer (&state, flt_volume_state_unref);
          continue;
        }
      g_hash_table_add (seen_volumes, g_strdup (state->name));
      commit_volume (self, state);
    }

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *object = array_object (containers, i);
      const char *project = NULL;
      FltContainerState *state = object ? container_state_new_from_inspect (object, &project) : NULL;

      if (state == NULL || g_strcmp0 (project, self->project) != 0)
        {
          g_clear_pointer (&state, flt_container_state_unref);
          continue;
        }
      g_hash_table_add (seen_containers, g_strdup (state->id));
      commit_container (self, state);
    }

  stale = stale_keys (self->containers, seen_containers);
  for (guint i = 0; i < stale->len; i++)
    remove_container (self, g_ptr_array_index (stale, i));
  g_ptr_array_unref (stale);

  stale = stale_keys (self->networks, seen_networks);
  for (guint i = 0; i < stale->len; i++)
    remove_network (self, g_ptr_array_index (stale, i));
  g_ptr_array_unref (stale);

  stale = stale_keys (self->volumes, seen_volumes);
  for (guint i = 0; i < stale->len; i++)
    remove_volume (self, g_ptr_array_index (stale, i));
}

/* ----------------------------------------------------------------------
 * Getters
 * ---------------------------------------------------------------------- */

static int
compare_containers (gconstpointer a,
                    gconstpointer b)
{
  const FltContainerState *x = *(FltContainerState **) a;
  const FltContainerState *y = *(FltContainerState **) b;
  int c;

  if ((c = g_strcmp0 (x->service, y->service)) != 0)
    return c;
  if (x->oneoff != y->oneoff)
    return x->oneoff ? 1 : -1;
  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

static int
compare_networks (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 ((*(FltNetworkState **) a)->name, (*(FltNetworkState **) b)->name);
}

static int
compare_volumes (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 ((*(FltVolumeState **) a)->name, (*(FltVolumeState **) b)->name);
}

/**
 * flt_project_state_list_containers:
 *
 * Returns: (transfer full) (element-type FltContainerState): snapshots of
 *   the project's containers, by service, then replica number
 */
GPtrArray *
flt_project_state_list_containers (FltProjectState *self)
{
  return flt_project_state_list_service_containers (self, NULL);
}

/**
 * flt_project_state_list_service_containers:
 * @service: (nullable): a service, or %NULL for all
 *
 * Returns: (transfer full) (element-type FltContainerState): snapshots of
 *   the service's containers, by replica number
 */
GPtrArray *
flt_project_state_list_service_containers (FltProjectState *self,
                                           const char      *service)
{
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_container_state_unref);
  g_hash_table_iter_init (&iter, self->containers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (service == NULL || g_strcmp0 (((FltContainerState *) value)->service, service) == 0)
      g_ptr_array_add (list, flt_container_state_ref (value));
  g_ptr_array_sort (list, compare_containers);
  return list;
}

/**
 * flt_project_state_get_container:
 * @id: a container ID
 *
 * Returns: (transfer full) (nullable): its snapshot
 */
FltContainerState *
flt_project_state_get_container (FltProjectState *self,
                                 const char      *id)
{
  FltContainerState *state;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  state = g_hash_table_lookup (self->containers, id);
  return state ? flt_container_state_ref (state) : NULL;
}

/**
 * flt_project_state_find_container:
 * @name: a container name ("demo-web-1")
 *
 * Returns: (transfer full) (nullable): its snapshot
 */
FltContainerState *
flt_project_state_find_container (FltProjectState *self,
                                  const char      *name)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (name[0] == '/')
    name++;
  g_hash_table_iter_init (&iter, self->containers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((FltContainerState *) value)->name, name) == 0)
      return flt_container_state_ref (value);
  return NULL;
}

/**
 * flt_project_state_list_networks:
 *
 * Returns: (transfer full) (element-type FltNetworkState): snapshots of the
 *   project's networks, by name
 */
GPtrArray *
flt_project_state_list_networks (FltProjectState *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_network_state_unref);
  g_hash_table_iter_init (&iter, self->networks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, flt_network_state_ref (value));
  g_ptr_array_sort (list, compare_networks);
  return list;
}

/**
 * flt_project_state_get_network:
 * @id: a network ID
 *
 * Returns: (transfer full) (nullable): its snapshot
 */
FltNetworkState *
flt_project_state_get_network (FltProjectState *self,
                               const char      *id)
{
  FltNetworkState *state;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  state = g_hash_table_lookup (self->networks, id);
  return state ? flt_network_state_ref (state) : NULL;
}

/**
 * flt_project_state_find_network:
 * @name: a network's name on the engine ("demo_default")
 *
 * Returns: (transfer full) (nullable): its snapshot
 */
FltNetworkState *
flt_project_state_find_network (FltProjectState *self,
                                const char      *name)
{
  FltNetworkState *state;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  state = lookup_network (self, NULL, name);
  return state ? flt_network_state_ref (state) : NULL;
}

/**
 * flt_project_state_find_network_by_key:
 * @key: a network's key in the Compose file ("default")
 *
 * Returns: (transfer full) (nullable): its snapshot
 */
FltNetworkState *
flt_project_state_find_network_by_key (FltProjectState *self,
                                       const char      *key)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  g_hash_table_iter_init (&iter, self->networks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((FltNetworkState *) value)->key, key) == 0)
      return flt_network_state_ref (value);
  return NULL;
}

/**
 * flt_project_state_list_volumes:
 *
 * Returns: (transfer full) (element-type FltVolumeState): snapshots of the
 *   project's volumes, by name
 */
GPtrArray *
flt_project_state_list_volumes (FltProjectState *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_volume_state_unref);
  g_hash_table_iter_init (&iter, self->volumes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, flt_volume_state_ref (value));
  g_ptr_array_sort (list, compare_volumes);
  return list;
}

/**
 * flt_project_state_get_volume:
 * @name: a volume's name on the engine
 *
 * Returns: (transfer full) (nullable): its snapshot
 */
FltVolumeState *
flt_project_state_get_volume (FltProjectState *self,
                              const char      *name)
{
  FltVolumeState *state;

  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  state = g_hash_table_lookup (self->volumes, name);
  return state ? flt_volume_state_ref (state) : NULL;
}

/* ----------------------------------------------------------------------
 * The worker thread
 * ---------------------------------------------------------------------- */

typedef enum
{
  UPDATE_EVENT,
  UPDATE_CONTAINER,
  UPDATE_NETWORK,
  UPDATE_VOLUME,
  UPDATE_RESYNC,
  UPDATE_CONNECTED,
} UpdateKind;

typedef struct
{
  UpdateKind kind;
  char *id;
  JsonNode *node;           /* the event, inspection or entry; NULL: gone */
  JsonNode *networks;       /* UPDATE_RESYNC: node holds the containers */
  JsonNode *volumes;
  gboolean connected;
  char *error;
} Update;

static void
update_free (Update *update)
{
  g_free (update->id);
  g_clear_pointer (&update->node, json_node_unref);
  g_clear_pointer (&update->networks, json_node_unref);
  g_clear_pointer (&update->volumes, json_node_unref);
  g_free (update->error);
  g_free (update);
}

struct _Worker
{
  gatomicrefcount ref_count;
  FltEngine *engine;
  char *project;
  char *label;              /* com.docker.compose.project=P */
  GMainContext *context;
  GCancellable *cancellable;
  GThread *thread;

  GMutex lock;              /* guards what follows */
  GCond wake;
  gboolean stopping;
  GQueue updates;
  gboolean drain_pending;
  FltProjectState *owner;   /* borrowed; read only in the main context */

  /* The worker thread's own idea of what belongs to the project, to pick
   * out the network and volume events, which carry no labels. */
  GHashTable *known_containers;  /* ID set */
  GHashTable *known_networks;    /* ID → name */
  GHashTable *known_volumes;     /* name set */
};

static Worker *
worker_ref (Worker *w)
{
  g_atomic_ref_count_inc (&w->ref_count);
  return w;
}

static void
worker_unref (Worker *w)
{
  if (!g_atomic_ref_count_dec (&w->ref_count))
    return;
  g_object_unref (w->engine);
  g_free (w->project);
  g_free (w->label);
  g_main_context_unref (w->context);
  g_object_unref (w->cancellable);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->wake);
  g_queue_clear_full (&w->updates, (GDestroyNotify) update_free);
  g_hash_table_unref (w->known_containers);
  g_hash_table_unref (w->known_networks);
  g_hash_table_unref (w->known_volumes);
  g_free (w);
}

static gboolean
worker_is_stopping (Worker *w)
{
  gboolean stopping;

  g_mutex_lock (&w->lock);
  stopping = w->stopping;
  g_mutex_unlock (&w->lock);
  return stopping;
}

/* Main context: applies everything the worker queued, in order. */
static gboolean
drain_updates (gpointer data)
{
  Worker *w = data;
  g_autoptr(FltProjectState) owner = NULL;

  g_mutex_lock (&w->lock);
  w->drain_pending = FALSE;
  if (!w->stopping && w->owner != NULL)
    owner = g_object_ref (w->owner);
  g_mutex_unlock (&w->lock);

  for (;;)
    {
      Update *update;

      g_mutex_lock (&w->lock);
      /* A handler may stop the state; what is queued then is dropped. */
      update = w->stopping ? NULL : g_queue_pop_head (&w->updates);
      g_mutex_unlock (&w->lock);
      if (update == NULL || owner == NULL)
        {
          g_clear_pointer (&update, update_free);
          break;
        }

      switch (update->kind)
        {
        case UPDATE_EVENT:
          _flt_project_state_apply_event (owner, json_node_get_object (update->node));
          break;
        case UPDATE_CONTAINER:
          _flt_project_state_apply_container (owner, update->id,
                                              update->node ? json_node_get_object (update->node) : NULL);
          break;
        case UPDATE_NETWORK:
          _flt_project_state_apply_network (owner, update->id,
                                            update->node ? json_node_get_object (update->node) : NULL);
          break;
        case UPDATE_VOLUME:
          _flt_project_state_apply_volume (owner, update->id,
                                           update->node ? json_node_get_object (update->node) : NULL);
          break;
        case UPDATE_RESYNC:
          _flt_project_state_apply_resync (owner, json_node_get_array (update->node),
                                           json_node_get_array (update->networks),
                                           json_node_get_array (update->volumes));
          break;
        case UPDATE_CONNECTED:
          _flt_project_state_set_connected (owner, update->connected, update->error);
          break;
        default:
          g_assert_not_reached ();
        }
      update_free (update);
    }

  return G_SOURCE_REMOVE;
}

/* Worker thread: queues @update (taking it) for the main context.  An idle
 * source rather than g_main_context_invoke(): invoke would run the update
 * right here if this thread could acquire the context. */
static void
post (Worker *w,
      Update *update)
{
  gboolean schedule = FALSE;

  g_mutex_lock (&w->lock);
  if (w->stopping)
    {
      g_mutex_unlock (&w->lock);
      update_free (update);
      return;
    }
  g_queue_push_tail (&w->updates, update);
  if (!w->drain_pending)
    schedule = w->drain_pending = TRUE;
  g_mutex_unlock (&w->lock);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, drain_updates, worker_ref (w), (GDestroyNotify) worker_unref);
      g_source_set_static_name (source, "[flotilla] project state");
      g_source_attach (source, w->context);
      g_source_unref (source);
    }
}

static void
post_node (Worker     *w,
           UpdateKind  kind,
           const char *id,
           JsonNode   *node)
{
  Update *update = g_new0 (Update, 1);

  update->kind = kind;
  update->id = g_strdup (id);
  update->node = node ? json_node_ref (node) : NULL;
  post (w, update);
}

static void
post_connected (Worker     *w,
                gboolean    connected,
                const char *error)
{
  Update *update = g_new0 (Update, 1);

  update->kind = UPDATE_CONNECTED;
  update->connected = connected;
  update->error = g_strdup (error);
  post (w, update);
}

/* Waits @ms milliseconds, or less if stopped; FALSE when stopped. */
static gboolean
worker_sleep (Worker *w,
              guint   ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  gboolean stopping;

  g_mutex_lock (&w->lock);
  while (!w->stopping)
    if (!g_cond_wait_until (&w->wake, &w->lock, end))
      break;
  stopping = w->stopping;
  g_mutex_unlock (&w->lock);
  return !stopping;
}

/* GET @path; %NULL with @error unset for a 404. */
static JsonNode *
get_json (Worker      *w,
          const char  *path,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = flt_engine_call (w->engine, "GET", path, NULL, NULL, w->cancellable, &local_error);

  if (node == NULL && local_error != NULL &&
      !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return node;
}

static JsonNode *
inspect (Worker      *w,
         const char  *kind,
         const char  *id,
         GError     **error)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/%s/%s%s", kind, escaped,
                                           g_str_equal (kind, "containers") ? "/json" : "");
  JsonNode *node = get_json (w, path, error);

  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    g_clear_pointer (&node, json_node_unref);
  return node;
}

/* The IDs a listing gives; %NULL on error. */
static GPtrArray *
list_ids (Worker      *w,
          const char  *path,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) list = get_json (w, path, &local_error);
  JsonArray *array = list && JSON_NODE_HOLDS_ARRAY (list) ? json_node_get_array (list) : NULL;
  GPtrArray *ids;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *id = get_string (array_object (array, i), "Id");

      if (id != NULL)
        g_ptr_array_add (ids, g_strdup (id));
    }
  return ids;
}

static gboolean
labelled_ours (Worker     *w,
               JsonObject *object)
{
  return g_strcmp0 (get_string (get_object (object, "Labels"), FLT_LABEL_PROJECT), w->project) == 0;
}

/* Lists the project and queues the whole picture. */
static gboolean
worker_resync (Worker  *w,
               GError **error)
{
  g_autofree char *filters = flt_engine_filters ("label", w->label, NULL);
  g_autofree char *containers_path = g_strdup_printf ("/containers/json?all=1&%s", filters);
  g_autofree char *networks_path = g_strdup_printf ("/networks?%s", filters);
  g_autofree char *volumes_path = g_strdup_printf ("/volumes?%s", filters);
  g_autoptr(GPtrArray) network_ids = NULL;
  g_autoptr(GPtrArray) container_ids = NULL;
  g_autoptr(JsonNode) volume_list = NULL;
  g_autoptr(JsonArray) containers = json_array_new ();
  g_autoptr(JsonArray) networks = json_array_new ();
  g_autoptr(JsonArray) volumes = json_array_new ();
  g_autoptr(GError) local_error = NULL;
  JsonArray *entries;
  Update *update;

  g_hash_table_remove_all (w->known_containers);
  g_hash_table_remove_all (w->known_networks);
  g_hash_table_remove_all (w->known_volumes);

  /* Networks first, like a graph wants them; the listing has no members. */
  network_ids = list_ids (w, networks_path, error);
  if (network_ids == NULL)
    return FALSE;
  for (guint i = 0; i < network_ids->len; i++)
    {
      const char *id = g_ptr_array_index (network_ids, i);
      JsonNode *node = inspect (w, "networks", id, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (node == NULL)
        continue;       /* removed since the listing */
      g_hash_table_insert (w->known_networks, g_strdup (id),
                           g_strdup (get_string (json_node_get_object (node), "Name")));
      json_array_add_element (networks, node);
    }

  volume_list = get_json (w, volumes_path, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  entries = volume_list && JSON_NODE_HOLDS_OBJECT (volume_list)
            ? get_array (json_node_get_object (volume_list), "Volumes") : NULL;
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = array_object (entries, i);
      const char *name = get_string (entry, "Name");

      if (name == NULL)
        continue;
      g_hash_table_add (w->known_volumes, g_strdup (name));
      json_array_add_element (volumes, json_node_copy (json_array_get_element (entries, i)));
    }

  /* The listing has no health, exit code or aliases: inspect each. */
  container_ids = list_ids (w, containers_path, error);
  if (container_ids == NULL)
    return FALSE;
  for (guint i = 0; i < container_ids->len; i++)
    {
      const char *id = g_ptr_array_index (container_ids, i);
      JsonNode *node = inspect (w, "containers", id, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (node == NULL)
        continue;
      if (labelled_ours (w, get_object (json_node_get_object (node), "Config")))
        g_hash_table_add (w->known_containers, g_strdup (id));
      json_array_add_element (containers, node);
    }

  update = g_new0 (Update, 1);
  update->kind = UPDATE_RESYNC;
  update->node = json_node_init_array (json_node_alloc (), containers);
  update->networks = json_node_init_array (json_node_alloc (), networks);
  update->volumes = json_node_init_array (json_node_alloc (), volumes);
  post (w, update);
  return TRUE;
}

/* What a batch of events asks to look at again once it is applied. */
typedef struct
{
  Worker *worker;
  GPtrArray *events;
  GHashTable *containers;   /* IDs to inspect */
  GHashTable *networks;     /* IDs to inspect */
  GHashTable *new_networks; /* IDs of created networks: whose are they? */
  GHashTable *new_volumes;  /* names of created volumes */
} Batch;

static void
batch_init (Batch  *batch,
            Worker *w)
{
  batch->worker = w;
  batch->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  batch->containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  batch->networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  batch->new_networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  batch->new_volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
batch_clear (Batch *batch)
{
  g_ptr_array_unref (batch->events);
  g_hash_table_unref (batch->containers);
  g_hash_table_unref (batch->networks);
  g_hash_table_unref (batch->new_networks);
  g_hash_table_unref (batch->new_volumes);
}

static void
collect_event (JsonNode *value,
               gpointer  user_data)
{
  Batch *batch = user_data;

  if (JSON_NODE_HOLDS_OBJECT (value))
    g_ptr_array_add (batch->events, json_node_ref (value));
}

static const char *
known_network (Worker     *w,
               const char *id,
               const char *name)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_contains (w->known_networks, id))
    return id;
  g_hash_table_iter_init (&iter, w->known_networks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, name) == 0)
      return key;
  return NULL;
}

/* Decides whether an event concerns the project, queues it, and notes what
 * to inspect afterwards. */
static void
sort_event (Batch      *batch,
            JsonNode   *node)
{
  Worker *w = batch->worker;
  Event event;

  if (!read_event (json_node_get_object (node), &event))
    return;

  if (g_str_equal (event.type, "container"))
    {
      if (g_strcmp0 (get_string (event.attributes, FLT_LABEL_PROJECT), w->project) != 0)
        return;
      post_node (w, UPDATE_EVENT, NULL, node);
      if (g_str_equal (event.action, "destroy"))
        {
          g_hash_table_remove (w->known_containers, event.id);
          g_hash_table_remove (batch->containers, event.id);
          return;
        }
      g_hash_table_add (w->known_containers, g_strdup (event.id));
      /* A start brings addresses and ports, a die may turn into a restart;
       * health and pauses are all in the event. */
      if (g_str_equal (event.action, "create") || g_str_equal (event.action, "start") ||
          g_str_equal (event.action, "restart") || g_str_equal (event.action, "die") ||
          g_str_equal (event.action, "unpause") || g_str_equal (event.action, "rename"))
        g_hash_table_add (batch->containers, g_strdup (event.id));
    }
  else if (g_str_equal (event.type, "network"))
    {
      const char *name = get_string (event.attributes, "name");
      const char *container = get_string (event.attributes, "container");
      const char *known = known_network (w, event.id, name);
      gboolean ours = container != NULL && g_hash_table_contains (w->known_containers, container);

      if (g_str_equal (event.action, "create"))
        {
          g_hash_table_add (batch->new_networks, g_strdup (event.id));
          return;
        }
      if (known == NULL && !ours)
        return;
      post_node (w, UPDATE_EVENT, NULL, node);
      if (g_str_equal (event.action, "destroy") || g_str_equal (event.action, "remove"))
        {
          if (known != NULL)
            {
              g_hash_table_remove (batch->networks, known);
              g_hash_table_remove (w->known_networks, known);
            }
          return;
        }
      if (known != NULL)
        g_hash_table_add (batch->networks, g_strdup (known));
      if (ours)
        g_hash_table_add (batch->containers, g_strdup (container));
    }
  else if (g_str_equal (event.type, "volume"))
    {
      if (g_str_equal (event.action, "create"))
        g_hash_table_add (batch->new_volumes, g_strdup (event.id));
      else if (g_str_equal (event.action, "destroy") &&
               g_hash_table_remove (w->known_volumes, event.id))
        post_node (w, UPDATE_EVENT, NULL, node);
    }
}

/* Inspects what the batch's events changed and queues the results. */
static gboolean
run_batch (Batch   *batch,
           GError **error)
{
  Worker *w = batch->worker;
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < batch->events->len; i++)
    sort_event (batch, g_ptr_array_index (batch->events, i));

  g_hash_table_iter_init (&iter, batch->new_networks);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) node = inspect (w, "networks", key, &local_error);

      if (local_error != NULL && flt_engine_error_is_gone (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (node == NULL || !labelled_ours (w, json_node_get_object (node)))
        continue;
      g_hash_table_insert (w->known_networks, g_strdup (key),
                           g_strdup (get_string (json_node_get_object (node), "Name")));
      g_hash_table_remove (batch->networks, key);
      post_node (w, UPDATE_NETWORK, key, node);
    }

  g_hash_table_iter_init (&iter, batch->networks);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) node = inspect (w, "networks", key, &local_error);

      if (local_error != NULL && flt_engine_error_is_gone (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Gone: its "destroy" is on the way. */
      if (node != NULL)
        post_node (w, UPDATE_NETWORK, key, node);
    }

  g_hash_table_iter_init (&iter, batch->containers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) node = inspect (w, "containers", key, &local_error);

      if (local_error != NULL && flt_engine_error_is_gone (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (node != NULL)
        post_node (w, UPDATE_CONTAINER, key, node);
    }

  g_hash_table_iter_init (&iter, batch->new_volumes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) node = inspect (w, "volumes", key, &local_error);

      if (local_error != NULL && flt_engine_error_is_gone (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (node == NULL || !labelled_ours (w, json_node_get_object (node)))
        continue;
      g_hash_table_add (w->known_volumes, g_strdup (key));
      post_node (w, UPDATE_VOLUME, key, node);
    }

  return TRUE;
}

/* {"type":["container","network","volume"],"event":[…]}, URI-escaped */
static char *
events_filters (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "container");
  json_builder_add_string_value (builder, "network");
  json_builder_add_string_value (builder, "volume");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_begin_array (builder);
  for (guint i = 0; wanted_actions[i] != NULL; i++)
    json_builder_add_string_value (builder, wanted_actions[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_uri_escape_string (json, NULL, FALSE);
}

/* One connection: list, then follow events until the stream ends.
 * @connected is set once the picture was live. */
static gboolean
worker_session (Worker    *w,
                gboolean  *connected,
                GError   **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(FltJsonStream) parser = flt_json_stream_new ();
  g_autofree char *filters = NULL;
  g_autofree char *path = NULL;
  char buffer[16384];
  /* Events from a second before the listing are replayed: applying them
   * again is harmless, and clocks are not exact. */
  gint64 since = g_get_real_time () - G_USEC_PER_SEC;

  *connected = FALSE;
  if (!worker_resync (w, error))
    return FALSE;

  filters = events_filters ();
  path = g_strdup_printf ("/events?since=%" G_GINT64_FORMAT ".%06d000&filters=%s",
                          since / G_USEC_PER_SEC, (int) (since % G_USEC_PER_SEC), filters);

  stream = flt_engine_open_stream (w->engine, "GET", path, NULL, NULL, NULL, w->cancellable, error);
  if (stream == NULL)
    return FALSE;

  *connected = TRUE;
  post_connected (w, TRUE, NULL);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, w->cancellable, &local_error);
      Batch batch;
      gboolean ok;

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                         _("the Docker Engine stopped sending events: %s"), local_error->message);
          return FALSE;
        }
      if (n == 0)
        {
          g_set_error_literal (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                               _("the Docker Engine closed its event stream; is it still running?"));
          return FALSE;
        }

      batch_init (&batch, w);
      if (!flt_json_stream_feed (parser, buffer, n, collect_event, &batch, &local_error))
        g_debug ("Skipping an unreadable event: %s", local_error->message);
      ok = run_batch (&batch, error);
      batch_clear (&batch);
      if (!ok)
        return FALSE;
    }
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  guint delay = 0;

  while (!worker_is_stopping (w))
    {
      g_autoptr(GError) error = NULL;
      gboolean connected = FALSE;

      worker_session (w, &connected, &error);
      if (g_cancellable_is_cancelled (w->cancellable) || worker_is_stopping (w))
        break;

      g_debug ("Project %s: %s", w->project, error ? error->message : "disconnected");
      post_connected (w, FALSE, error ? error->message : NULL);
      delay = connected || delay == 0 ? BACKOFF_FIRST_MS : MIN (delay * 2, BACKOFF_MAX_MS);
      if (!worker_sleep (w, delay))
        break;
    }

  worker_unref (w);
  return NULL;
}

/**
 * flt_project_state_start:
 *
 * Lists the project and follows its events, in a thread of its own.  The
 * state changes, and its signals are emitted, in the thread-default main
 * context of the caller; call every function of the state from there.
 * Starting a started state does nothing.
 */
void
flt_project_state_start (FltProjectState *self)
{
  Worker *w;

  g_return_if_fail (FLT_IS_PROJECT_STATE (self));

  if (self->worker != NULL)
    return;

  w = g_new0 (Worker, 1);
  g_atomic_ref_count_init (&w->ref_count);
  w->engine = g_object_ref (self->engine);
  w->project = g_strdup (self->project);
  w->label = g_strdup_printf ("%s=%s", FLT_LABEL_PROJECT, self->project);
  w->context = g_main_context_ref_thread_default ();
  w->cancellable = g_cancellable_new ();
  g_mutex_init (&w->lock);
  g_cond_init (&w->wake);
  g_queue_init (&w->updates);
  w->owner = self;
  w->known_containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->known_networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w->known_volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->worker = w;
  w->thread = g_thread_new ("flotilla-state", worker_main, worker_ref (w));
}

static void
stop_worker (FltProjectState *self)
{
  Worker *w = g_steal_pointer (&self->worker);

  if (w == NULL)
    return;

  g_mutex_lock (&w->lock);
  w->stopping = TRUE;
  w->owner = NULL;
  g_cond_broadcast (&w->wake);
  g_mutex_unlock (&w->lock);

  g_cancellable_cancel (w->cancellable);
  g_thread_join (w->thread);
  worker_unref (w);
}

/**
 * flt_project_state_stop:
 *
 * Stops following the engine and waits for the worker thread, which only
 * takes as long as cancelling a read.  The picture is kept, but is no longer
 * connected.
 */
void
flt_project_state_stop (FltProjectState *self)
{
  g_return_if_fail (FLT_IS_PROJECT_STATE (self));

  stop_worker (self);
  _flt_project_state_set_connected (self, FALSE, NULL);
}

gboolean
flt_project_state_is_running (FltProjectState *self)
{
  g_return_val_if_fail (FLT_IS_PROJECT_STATE (self), FALSE);

  return self->worker != NULL;
}
