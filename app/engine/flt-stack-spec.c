/* flt-stack-spec.c: a project as Swarm services and overlay networks, the
 * way `docker stack deploy` converts it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Field by field as docker/cli's cli/compose/convert does it, so that a
 * stack deployed here and one deployed by `docker stack deploy` from the
 * same file are the same services, and each tool updates the other's in
 * place.  Where the compose specification has a key that the old v3
 * format lacked (mem_limit, cpus, pids_limit), it stands in for the
 * missing deploy.resources value, as it does for containers.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-container-spec.h"
#include "flt-host-path.h"
#include "flt-stack-spec.h"
#include "flt-units.h"

G_DEFINE_QUARK (flt-stack-error-quark, flt_stack_error)

/* Service keys a Swarm service has no room for; docker stack deploy
 * ignores them too ("Ignoring unsupported options"). */
static const char * const unsupported_keys[] = {
  "build", "cgroup_parent", "cgroupns_mode", "container_name", "devices", "domainname",
  "external_links", "ipc", "links", "mac_address", "network_mode", "pid", "privileged",
  "security_opt", "shm_size", "userns_mode", "depends_on", "configs", "secrets",
  NULL
};

static const char *
scalar (const FltNode *node)
{
  return flt_node_is_scalar (node) && !node->is_null ? node->value : NULL;
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder   *b,
          const char    *member,
          const FltNode *node)
{
  gboolean value;

  if (flt_node_get_bool (node, &value))
    {
      json_builder_set_member_name (b, member);
      json_builder_add_boolean_value (b, value);
    }
}

/* A list of strings, or one string as a list of one; nothing when absent
 * or empty. */
static void
add_string_list (JsonBuilder   *b,
                 const char    *member,
                 const FltNode *node)
{
  if (scalar (node) == NULL && (!flt_node_is_sequence (node) || node->n_items == 0))
    return;
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  if (scalar (node) != NULL)
    json_builder_add_string_value (b, node->value);
  for (guint i = 0; flt_node_is_sequence (node) && i < node->n_items; i++)
    if (scalar (node->items[i]) != NULL)
      json_builder_add_string_value (b, node->items[i]->value);
  json_builder_end_array (b);
}

static void
add_strv (JsonBuilder        *b,
          const char         *member,
          const char * const *strv)
{
  if (strv == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

/* A duration key in nanoseconds; FALSE when absent or unreadable. */
static gboolean
node_duration (const FltNode *node,
               gint64        *out)
{
  return scalar (node) != NULL && flt_parse_duration (node->value, out, NULL);
}

static gboolean
node_int (const FltNode *node,
          gint64        *out)
{
  return flt_node_get_int64 (node, out);
}

static gboolean
node_double (const FltNode *node,
             double        *out)
{
  const char *v = scalar (node);
  char *end = NULL;

  if (v == NULL)
    return FALSE;
  *out = g_ascii_strtod (v, &end);
  return end != v && *end == '\0';
}

static void
add_key_values (JsonBuilder *b,
                GPtrArray   *kvs)
{
  for (guint i = 0; kvs != NULL && i < kvs->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (kvs, i);

      json_builder_set_member_name (b, kv->name);
      json_builder_add_string_value (b, kv->value ? kv->value : "");
    }
}

/* Labels: the file's, then the stack's namespace over them. */
static void
add_labels (JsonBuilder *b,
            GPtrArray   *labels,
            const char  *stack,
            const char  *image)
{
  json_builder_set_member_name (b, "Labels");
  json_builder_begin_object (b);
  add_key_values (b, labels);
  add_string (b, FLT_STACK_LABEL_NAMESPACE, stack);
  add_string (b, FLT_STACK_LABEL_IMAGE, image);
  json_builder_end_object (b);
}

static void
add_string_map (JsonBuilder   *b,
                const char    *member,
                const FltNode *node)
{
  g_autoptr(GPtrArray) kvs = NULL;

  if (!flt_node_is_mapping (node) && !flt_node_is_sequence (node))
    return;
  kvs = flt_key_values_from_node (node, "", "=");
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  add_key_values (b, kvs);
  json_builder_end_object (b);
}

/**
 * flt_stack_name_check:
 *
 * A stack's name becomes the first half of its services' names, which
 * Swarm wants as DNS labels: letters, digits, "-" and "_", starting and
 * ending with a letter or digit.
 */
gboolean
flt_stack_name_check (const char  *name,
                      GError     **error)
{
  gsize length = name ? strlen (name) : 0;
  gboolean ok = length > 0 && length <= 63 && g_ascii_isalnum (name[0]) && g_ascii_isalnum (name[length - 1]);

  for (gsize i = 0; ok && i < length; i++)
    ok = g_ascii_isalnum (name[i]) || name[i] == '-' || name[i] == '_';
  if (!ok)
    g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                 _("“%s” cannot name a stack: use letters, digits, “-” and “_”, starting and "
                   "ending with a letter or digit, at most 63 characters"),
                 name ? name : "");
  return ok;
}

/* What docker/cli calls Namespace.Scope: "<stack>_<name>". */
char *
flt_stack_scoped_name (const char *stack,
                       const char *name)
{
  return g_strdup_printf ("%s_%s", stack, name);
}

/**
 * flt_stack_deployed_services:
 *
 * Returns: (transfer container) (element-type FltService): the services a
 *   deploy makes: the enabled ones (profiles apply), in the file's order
 */
GPtrArray *
flt_stack_deployed_services (FltProject *project)
{
  GPtrArray *list = flt_project_get_service_list (project);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < list->len; i++)
    if (flt_service_get_enabled (g_ptr_array_index (list, i)))
      g_ptr_array_add (out, g_ptr_array_index (list, i));
  return out;
}

/* The networks a service joins: those it names, else the default one.
 * network_mode is not for Swarm services and is left out. */
static GPtrArray *
service_network_keys (FltService *service)
{
  GPtrArray *attachments = flt_service_get_networks (service);
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; i < attachments->len; i++)
    g_ptr_array_add (keys, ((FltNetworkAttachment *) g_ptr_array_index (attachments, i))->network);
  if (keys->len == 0)
    g_ptr_array_add (keys, (gpointer) "default");
  return keys;
}

/**
 * flt_stack_network_keys:
 *
 * Returns: (transfer full) (element-type utf8): the keys of the networks
 *   the deployed services join, each once, in the order first used
 */
GPtrArray *
flt_stack_network_keys (FltProject *project)
{
  g_autoptr(GPtrArray) services = flt_stack_deployed_services (project);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < services->len; i++)
    {
      g_autoptr(GPtrArray) used = service_network_keys (g_ptr_array_index (services, i));

      for (guint j = 0; j < used->len; j++)
        if (!g_ptr_array_find_with_equal_func (keys, g_ptr_array_index (used, j), g_str_equal, NULL))
          g_ptr_array_add (keys, g_strdup (g_ptr_array_index (used, j)));
    }
  return keys;
}

/* A network or volume keeps a name the file gives it (or that it has as
 * an external one); otherwise the stack scopes its key. */
static gboolean
has_own_name (const FltNode *node)
{
  const FltNode *external = flt_node_lookup (node, "external");
  gboolean b = FALSE;

  return scalar (flt_node_lookup (node, "name")) != NULL || flt_node_is_mapping (external) ||
         (flt_node_get_bool (external, &b) && b);
}

char *
flt_stack_network_name (FltProject *project,
                        const char *stack,
                        const char *key)
{
  FltNetwork *network = flt_project_get_network (project, key);

  if (network != NULL && has_own_name (flt_network_get_node (network)))
    return g_strdup (flt_network_get_name (network));
  return flt_stack_scoped_name (stack, key);
}

char *
flt_stack_volume_name (FltProject *project,
                       const char *stack,
                       const char *key)
{
  FltVolume *volume = flt_project_get_volume (project, key);

  if (volume != NULL && has_own_name (flt_volume_get_node (volume)))
    return g_strdup (flt_volume_get_name (volume));
  return flt_stack_scoped_name (stack, key);
}

/**
 * flt_stack_network_spec:
 * @key: the network's key in the file ("default" for the implicit one)
 * @check_duplicate: add CheckDuplicate (engines before API 1.44)
 *
 * Returns: (transfer full): the `POST /networks/create` body: an overlay
 *   network unless the file names another driver, with the stack's label
 */
JsonNode *
flt_stack_network_spec (FltProject *project,
                        const char *stack,
                        const char *key,
                        gboolean    check_duplicate)
{
  FltNetwork *network = flt_project_get_network (project, key);
  const FltNode *node = network ? flt_network_get_node (network) : NULL;
  const FltNode *ipam = flt_node_lookup (node, "ipam");
  const FltNode *config = flt_node_lookup (ipam, "config");
  const char *driver = network ? flt_network_get_driver (network) : NULL;
  g_autofree char *name = flt_stack_network_name (project, stack, key);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "Name", name);
  add_string (b, "Driver", driver != NULL && *driver != '\0' ? driver : "overlay");
  json_builder_set_member_name (b, "Internal");
  json_builder_add_boolean_value (b, network != NULL && flt_network_get_internal (network));
  json_builder_set_member_name (b, "Attachable");
  json_builder_add_boolean_value (b, network != NULL && flt_network_get_attachable (network));
  if (network != NULL && flt_network_get_enable_ipv6 (network))
    {
      json_builder_set_member_name (b, "EnableIPv6");
      json_builder_add_boolean_value (b, TRUE);
    }
  if (check_duplicate)
    {
      json_builder_set_member_name (b, "CheckDuplicate");
      json_builder_add_boolean_value (b, TRUE);
    }
  add_string_map (b, "Options", flt_node_lookup (node, "driver_opts"));

  if (flt_node_is_mapping (ipam))
    {
      json_builder_set_member_name (b, "IPAM");
      json_builder_begin_object (b);
      add_string (b, "Driver", scalar (flt_node_lookup (ipam, "driver")));
      json_builder_set_member_name (b, "Config");
      json_builder_begin_array (b);
      for (guint i = 0; flt_node_is_sequence (config) && i < config->n_items; i++)
        {
          json_builder_begin_object (b);
          add_string (b, "Subnet", scalar (flt_node_lookup (config->items[i], "subnet")));
          add_string (b, "IPRange", scalar (flt_node_lookup (config->items[i], "ip_range")));
          add_string (b, "Gateway", scalar (flt_node_lookup (config->items[i], "gateway")));
          add_string_map (b, "AuxiliaryAddresses", flt_node_lookup (config->items[i], "aux_addresses"));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }

  add_labels (b, network ? flt_network_get_labels (network) : NULL, stack, NULL);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Services */

typedef struct
{
  FltProject *project;
  FltService *service;
  const char *stack;
  GPtrArray *warnings;
  const FltNode *deploy;     /* the service's deploy mapping, or NULL */
} Conversion;

static const FltNode *
field (Conversion *c,
       const char *key)
{
  return flt_service_get_field (c->service, key);
}

static void
warn (Conversion *c,
      char       *message)
{
  if (c->warnings != NULL)
    g_ptr_array_add (c->warnings, message);
  else
    g_free (message);
}

static char *
absolute_source (FltProject *project,
                 const char *source)
{
  if (g_str_has_prefix (source, "~/") || g_str_equal (source, "~"))
    return g_build_filename (g_get_home_dir (), source + 1, NULL);
  if (g_path_is_absolute (source))
    return g_strdup (source);
  return g_canonicalize_filename (source, flt_project_get_working_dir (project));
}

static gboolean
add_mounts (JsonBuilder  *b,
            Conversion   *c,
            GError      **error)
{
  GPtrArray *mounts = flt_service_get_volumes (c->service);

  if (mounts->len == 0)
    return TRUE;

  json_builder_set_member_name (b, "Mounts");
  json_builder_begin_array (b);
  for (guint i = 0; i < mounts->len; i++)
    {
      FltMount *m = g_ptr_array_index (mounts, i);

      json_builder_begin_object (b);
      switch (m->type)
        {
        case FLT_MOUNT_BIND:
          {
            g_autofree char *local = absolute_source (c->project, m->source);
            /* In a Flatpak, a project opened through the document portal. */
            g_autofree char *source = flt_host_path_for_engine (local);

            add_string (b, "Type", "bind");
            add_string (b, "Source", source);
            if (m->propagation != NULL)
              {
                json_builder_set_member_name (b, "BindOptions");
                json_builder_begin_object (b);
                add_string (b, "Propagation", m->propagation);
                json_builder_end_object (b);
              }
            if (m->selinux != NULL)
              warn (c, g_strdup_printf (_("the SELinux option “%s” of the bind mount %s has no Swarm "
                                          "equivalent and is left out"),
                                        m->selinux, m->target));
          }
          break;

        case FLT_MOUNT_VOLUME:
          {
            FltVolume *volume = flt_project_get_volume (c->project, m->source);
            g_autofree char *name = flt_stack_volume_name (c->project, c->stack, m->source);
            const FltNode *node = volume ? flt_volume_get_node (volume) : NULL;

            if (volume == NULL)
              {
                json_builder_end_object (b);
                json_builder_end_array (b);
                g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                             _("the service %s mounts the volume “%s”, which the file does not "
                               "declare under volumes:"),
                             flt_service_get_name (c->service), m->source);
                return FALSE;
              }
            add_string (b, "Type", "volume");
            add_string (b, "Source", name);
            json_builder_set_member_name (b, "VolumeOptions");
            json_builder_begin_object (b);
            if (m->nocopy)
              {
                json_builder_set_member_name (b, "NoCopy");
                json_builder_add_boolean_value (b, TRUE);
              }
            /* Each node makes the volume on first use, from these. */
            if (!flt_volume_get_external (volume))
              {
                const FltNode *driver_opts = flt_node_lookup (node, "driver_opts");

                add_labels (b, flt_volume_get_labels (volume), c->stack, NULL);
                if (flt_volume_get_driver (volume) != NULL || flt_node_is_mapping (driver_opts))
                  {
                    json_builder_set_member_name (b, "DriverConfig");
                    json_builder_begin_object (b);
                    add_string (b, "Name", flt_volume_get_driver (volume));
                    add_string_map (b, "Options", driver_opts);
                    json_builder_end_object (b);
                  }
              }
            json_builder_end_object (b);
          }
          break;

        case FLT_MOUNT_ANONYMOUS:
          add_string (b, "Type", "volume");
          break;

        case FLT_MOUNT_TMPFS:
          add_string (b, "Type", "tmpfs");
          if (m->tmpfs_size >= 0)
            {
              json_builder_set_member_name (b, "TmpfsOptions");
              json_builder_begin_object (b);
              add_int (b, "SizeBytes", m->tmpfs_size);
              json_builder_end_object (b);
            }
          break;

        case FLT_MOUNT_NPIPE:
          add_string (b, "Type", "npipe");
          add_string (b, "Source", m->source);
          break;

        case FLT_MOUNT_CLUSTER:
        default:
          json_builder_end_object (b);
          json_builder_end_array (b);
          g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                       _("the service %s mounts %s as a cluster volume, which Flotilla cannot "
                         "deploy yet; use a named volume"),
                       flt_service_get_name (c->service), m->target);
          return FALSE;
        }
      add_string (b, "Target", m->target);
      if (m->read_only)
        {
          json_builder_set_member_name (b, "ReadOnly");
          json_builder_add_boolean_value (b, TRUE);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return TRUE;
}

static void
add_healthcheck (JsonBuilder *b,
                 Conversion  *c)
{
  const FltHealthcheck *h = flt_service_get_healthcheck (c->service);

  if (h == NULL)
    return;

  json_builder_set_member_name (b, "Healthcheck");
  json_builder_begin_object (b);
  add_strv (b, "Test", (const char * const *) h->test);
  if (h->interval >= 0)
    add_int (b, "Interval", h->interval);
  if (h->timeout >= 0)
    add_int (b, "Timeout", h->timeout);
  if (h->start_period >= 0)
    add_int (b, "StartPeriod", h->start_period);
  if (h->retries >= 0)
    add_int (b, "Retries", h->retries);
  json_builder_end_object (b);
}

/* extra_hosts "name:ip", "name=ip" or {name: ip} become hosts(5) lines,
 * "ip name". */
static void
add_hosts (JsonBuilder *b,
           Conversion  *c)
{
  const FltNode *node = field (c, "extra_hosts");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; flt_node_is_sequence (node) && i < node->n_items; i++)
    {
      const char *entry = scalar (node->items[i]);
      const char *separator = entry ? strpbrk (entry, "=:") : NULL;

      if (separator != NULL)
        g_ptr_array_add (lines, g_strdup_printf ("%s %.*s", separator + 1, (int) (separator - entry), entry));
    }
  for (guint i = 0; flt_node_is_mapping (node) && i < node->n_items; i++)
    {
      const FltNode *value = flt_node_value (node, i);

      if (scalar (value) != NULL)
        g_ptr_array_add (lines, g_strdup_printf ("%s %s", value->value, flt_node_key (node, i)->value));
      for (guint j = 0; flt_node_is_sequence (value) && j < value->n_items; j++)
        if (scalar (value->items[j]) != NULL)
          g_ptr_array_add (lines, g_strdup_printf ("%s %s", value->items[j]->value, flt_node_key (node, i)->value));
    }

  if (lines->len == 0)
    return;
  g_ptr_array_add (lines, NULL);
  add_strv (b, "Hosts", (const char * const *) lines->pdata);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
add_container_spec (JsonBuilder  *b,
                    Conversion   *c,
                    const char   *image,
                    GError      **error)
{
  g_auto(GStrv) env = flt_service_environment (c->project, c->service, error);
  gint64 grace;

  if (env == NULL)
    return FALSE;

  json_builder_set_member_name (b, "ContainerSpec");
  json_builder_begin_object (b);
  add_string (b, "Image", image);
  add_labels (b, flt_service_get_labels (c->service), c->stack, NULL);
  /* Swarm's Command is the entrypoint, and Args the command. */
  add_strv (b, "Command", flt_service_get_entrypoint (c->service));
  add_strv (b, "Args", flt_service_get_command (c->service));
  add_string (b, "Hostname", scalar (field (c, "hostname")));
  if (env[0] != NULL)
    {
      /* Sorted, as docker sorts them: an unchanged file is an unchanged
       * spec, and the redeploy restarts nothing. */
      qsort (env, g_strv_length (env), sizeof (char *), compare_strings);
      add_strv (b, "Env", (const char * const *) env);
    }
  add_string (b, "Dir", scalar (field (c, "working_dir")));
  add_string (b, "User", scalar (field (c, "user")));
  add_string_list (b, "Groups", field (c, "group_add"));
  add_bool (b, "TTY", field (c, "tty"));
  add_bool (b, "OpenStdin", field (c, "stdin_open"));
  add_bool (b, "ReadOnly", field (c, "read_only"));
  if (!add_mounts (b, c, error))
    {
      json_builder_end_object (b);
      return FALSE;
    }
  add_string (b, "StopSignal", scalar (field (c, "stop_signal")));
  if (node_duration (field (c, "stop_grace_period"), &grace))
    add_int (b, "StopGracePeriod", grace);
  add_healthcheck (b, c);
  add_hosts (b, c);
  if (field (c, "dns") != NULL || field (c, "dns_search") != NULL || field (c, "dns_opt") != NULL)
    {
      json_builder_set_member_name (b, "DNSConfig");
      json_builder_begin_object (b);
      add_string_list (b, "Nameservers", field (c, "dns"));
      add_string_list (b, "Search", field (c, "dns_search"));
      add_string_list (b, "Options", field (c, "dns_opt"));
      json_builder_end_object (b);
    }
  add_string (b, "Isolation", scalar (field (c, "isolation")));
  add_bool (b, "Init", field (c, "init"));
  add_string_map (b, "Sysctls", field (c, "sysctls"));
  add_string_list (b, "CapabilityAdd", field (c, "cap_add"));
  add_string_list (b, "CapabilityDrop", field (c, "cap_drop"));
  flt_ulimits_to_json (b, field (c, "ulimits"));
  json_builder_end_object (b);
  return TRUE;
}

/* Limits from deploy.resources.limits, else from the service's own keys
 * (cpus, mem_limit, pids_limit); reservations from deploy, else
 * mem_reservation. */
static void
add_resources (JsonBuilder *b,
               Conversion  *c)
{
  const FltDeploy *deploy = flt_service_get_deploy (c->service);
  double cpus = deploy && deploy->limits.cpus > 0 ? deploy->limits.cpus : flt_service_get_cpus (c->service);
  gint64 memory = flt_service_get_memory_limit (c->service);
  gint64 pids = deploy ? deploy->limits.pids : -1;
  double reserved_cpus = deploy ? deploy->reservations.cpus : 0;
  gint64 reserved_memory = deploy ? deploy->reservations.memory : -1;
  const FltNode *mem_reservation = field (c, "mem_reservation");

  if (pids < 0)
    node_int (field (c, "pids_limit"), &pids);
  if (reserved_memory < 0 && scalar (mem_reservation) != NULL)
    flt_parse_size (mem_reservation->value, &reserved_memory, NULL);

  json_builder_set_member_name (b, "Resources");
  json_builder_begin_object (b);
  if (cpus > 0 || memory >= 0 || pids > 0)
    {
      json_builder_set_member_name (b, "Limits");
      json_builder_begin_object (b);
      if (cpus > 0)
        add_int (b, "NanoCPUs", (gint64) (cpus * 1e9 + 0.5));
      if (memory >= 0)
        add_int (b, "MemoryBytes", memory);
      if (pids > 0)
        add_int (b, "Pids", pids);
      json_builder_end_object (b);
    }
  if (reserved_cpus > 0 || reserved_memory >= 0)
    {
      json_builder_set_member_name (b, "Reservations");
      json_builder_begin_object (b);
      if (reserved_cpus > 0)
        add_int (b, "NanoCPUs", (gint64) (reserved_cpus * 1e9 + 0.5));
      if (reserved_memory >= 0)
        add_int (b, "MemoryBytes", reserved_memory);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

/* deploy.restart_policy as it is; else `restart:` the way docker reads it
 * for a stack: always and unless-stopped restart on any exit, on-failure
 * keeps its count, and "no" leaves Swarm's default (which is "any"). */
static gboolean
add_restart_policy (JsonBuilder  *b,
                    Conversion   *c,
                    GError      **error)
{
  const FltNode *policy = flt_node_lookup (c->deploy, "restart_policy");
  const char *restart = flt_service_get_restart (c->service);
  gint64 v;

  if (flt_node_is_mapping (policy))
    {
      json_builder_set_member_name (b, "RestartPolicy");
      json_builder_begin_object (b);
      add_string (b, "Condition", scalar (flt_node_lookup (policy, "condition")));
      if (node_duration (flt_node_lookup (policy, "delay"), &v))
        add_int (b, "Delay", v);
      if (node_int (flt_node_lookup (policy, "max_attempts"), &v))
        add_int (b, "MaxAttempts", v);
      if (node_duration (flt_node_lookup (policy, "window"), &v))
        add_int (b, "Window", v);
      json_builder_end_object (b);
      return TRUE;
    }

  if (restart == NULL || g_str_equal (restart, "no") || *restart == '\0')
    return TRUE;

  json_builder_set_member_name (b, "RestartPolicy");
  json_builder_begin_object (b);
  if (g_str_equal (restart, "always") || g_str_equal (restart, "unless-stopped"))
    add_string (b, "Condition", "any");
  else if (g_str_has_prefix (restart, "on-failure"))
    {
      add_string (b, "Condition", "on-failure");
      add_int (b, "MaxAttempts", restart[strlen ("on-failure")] == ':'
                                 ? g_ascii_strtoll (restart + strlen ("on-failure:"), NULL, 10) : 0);
    }
  else
    {
      json_builder_end_object (b);
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                   _("the service %s has restart: %s, which is not a restart policy "
                     "(no, always, on-failure[:N] or unless-stopped)"),
                   flt_service_get_name (c->service), restart);
      return FALSE;
    }
  json_builder_end_object (b);
  return TRUE;
}

static void
add_placement (JsonBuilder *b,
               Conversion  *c)
{
  const FltNode *placement = flt_node_lookup (c->deploy, "placement");
  const FltNode *preferences = flt_node_lookup (placement, "preferences");
  gint64 max_replicas;

  json_builder_set_member_name (b, "Placement");
  json_builder_begin_object (b);
  add_string_list (b, "Constraints", flt_node_lookup (placement, "constraints"));
  if (flt_node_is_sequence (preferences) && preferences->n_items > 0)
    {
      json_builder_set_member_name (b, "Preferences");
      json_builder_begin_array (b);
      for (guint i = 0; i < preferences->n_items; i++)
        {
          const char *spread = scalar (flt_node_lookup (preferences->items[i], "spread"));

          if (spread == NULL)
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "Spread");
          json_builder_begin_object (b);
          add_string (b, "SpreadDescriptor", spread);
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (node_int (flt_node_lookup (placement, "max_replicas_per_node"), &max_replicas))
    add_int (b, "MaxReplicas", max_replicas);
  json_builder_end_object (b);
}

static void
add_log_driver (JsonBuilder *b,
                Conversion  *c)
{
  const FltNode *logging = field (c, "logging");

  if (!flt_node_is_mapping (logging))
    return;
  json_builder_set_member_name (b, "LogDriver");
  json_builder_begin_object (b);
  add_string (b, "Name", scalar (flt_node_lookup (logging, "driver")));
  add_string_map (b, "Options", flt_node_lookup (logging, "options"));
  json_builder_end_object (b);
}

typedef struct
{
  char *target;
  GStrv aliases;
  const FltNode *driver_opts;
} Attachment;

static int
compare_attachments (gconstpointer a,
                     gconstpointer b)
{
  return g_strcmp0 ((*(Attachment * const *) a)->target, (*(Attachment * const *) b)->target);
}

static void
attachment_free (Attachment *a)
{
  g_free (a->target);
  g_strfreev (a->aliases);
  g_free (a);
}

/* Each network with the file's aliases and the service's own name, so
 * that the others reach it by that name; sorted by network, as docker
 * sorts them. */
static void
add_networks (JsonBuilder *b,
              Conversion  *c)
{
  g_autoptr(GPtrArray) keys = service_network_keys (c->service);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
  GPtrArray *attachments = flt_service_get_networks (c->service);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      Attachment *a = g_new0 (Attachment, 1);
      g_autoptr(GStrvBuilder) aliases = g_strv_builder_new ();

      a->target = flt_stack_network_name (c->project, c->stack, key);
      for (guint j = 0; j < attachments->len; j++)
        {
          FltNetworkAttachment *attachment = g_ptr_array_index (attachments, j);

          if (!g_str_equal (attachment->network, key))
            continue;
          if (attachment->aliases != NULL)
            g_strv_builder_addv (aliases, (const char **) attachment->aliases);
          a->driver_opts = flt_node_lookup (attachment->node, "driver_opts");
        }
      g_strv_builder_add (aliases, flt_service_get_name (c->service));
      a->aliases = g_strv_builder_end (aliases);
      g_ptr_array_add (list, a);
    }
  g_ptr_array_sort (list, compare_attachments);

  json_builder_set_member_name (b, "Networks");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      Attachment *a = g_ptr_array_index (list, i);

      json_builder_begin_object (b);
      add_string (b, "Target", a->target);
      add_strv (b, "Aliases", (const char * const *) a->aliases);
      add_string_map (b, "DriverOpts", a->driver_opts);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static gboolean
add_mode (JsonBuilder  *b,
          Conversion   *c,
          GError      **error)
{
  const FltDeploy *deploy = flt_service_get_deploy (c->service);
  const char *mode = deploy && deploy->mode ? deploy->mode : "replicated";
  int replicas = deploy ? deploy->replicas : -1;
  const FltNode *scale = field (c, "scale");
  gint64 n;

  /* `scale:` stands in for a missing deploy.replicas. */
  if (replicas < 0 && node_int (scale, &n))
    replicas = (int) n;

  json_builder_set_member_name (b, "Mode");
  json_builder_begin_object (b);
  if (g_str_equal (mode, "replicated"))
    {
      json_builder_set_member_name (b, "Replicated");
      json_builder_begin_object (b);
      if (replicas >= 0)
        add_int (b, "Replicas", replicas);
      json_builder_end_object (b);
    }
  else if (g_str_equal (mode, "replicated-job"))
    {
      json_builder_set_member_name (b, "ReplicatedJob");
      json_builder_begin_object (b);
      if (replicas >= 0)
        {
          add_int (b, "MaxConcurrent", replicas);
          add_int (b, "TotalCompletions", replicas);
        }
      json_builder_end_object (b);
    }
  else if (g_str_equal (mode, "global") || g_str_equal (mode, "global-job"))
    {
      if (replicas >= 0)
        {
          json_builder_end_object (b);
          g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                       _("the service %s is deployed in %s mode, one task per node, so it cannot "
                         "also ask for %d replicas; remove deploy.replicas or the mode"),
                       flt_service_get_name (c->service), mode, replicas);
          return FALSE;
        }
      json_builder_set_member_name (b, g_str_equal (mode, "global") ? "Global" : "GlobalJob");
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  else
    {
      json_builder_end_object (b);
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                   _("the service %s has deploy.mode: %s; Swarm knows replicated, global, "
                     "replicated-job and global-job"),
                   flt_service_get_name (c->service), mode);
      return FALSE;
    }
  json_builder_end_object (b);
  return TRUE;
}

/* update_config and rollback_config; docker makes a missing parallelism
 * 1, not Swarm's unlimited. */
static void
add_update_config (JsonBuilder *b,
                   const char  *member,
                   const FltNode *config)
{
  gint64 v;
  double ratio;

  if (!flt_node_is_mapping (config))
    return;
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  add_int (b, "Parallelism", node_int (flt_node_lookup (config, "parallelism"), &v) ? v : 1);
  if (node_duration (flt_node_lookup (config, "delay"), &v))
    add_int (b, "Delay", v);
  add_string (b, "FailureAction", scalar (flt_node_lookup (config, "failure_action")));
  if (node_duration (flt_node_lookup (config, "monitor"), &v))
    add_int (b, "Monitor", v);
  if (node_double (flt_node_lookup (config, "max_failure_ratio"), &ratio))
    {
      json_builder_set_member_name (b, "MaxFailureRatio");
      json_builder_add_double_value (b, ratio);
    }
  add_string (b, "Order", scalar (flt_node_lookup (config, "order")));
  json_builder_end_object (b);
}

static int
compare_ports (gconstpointer a,
               gconstpointer b)
{
  const guint *x = a, *y = b;

  /* By published port, then target, as docker sorts them. */
  if (x[0] != y[0])
    return x[0] < y[0] ? -1 : 1;
  return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Published ports: every port of a range on its own; published 0 lets
 * Swarm pick one. */
static void
add_endpoint_spec (JsonBuilder *b,
                   Conversion  *c)
{
  GPtrArray *ports = flt_service_get_ports (c->service);
  const char *mode = scalar (flt_node_lookup (c->deploy, "endpoint_mode"));
  /* published, target, index of the FltPort */
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint) * 3);

  json_builder_set_member_name (b, "EndpointSpec");
  json_builder_begin_object (b);
  if (mode != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (mode, -1);

      add_string (b, "Mode", lower);
    }

  for (guint i = 0; i < ports->len; i++)
    {
      FltPort *p = g_ptr_array_index (ports, i);

      if (p->host_ip != NULL && !g_str_equal (p->host_ip, "0.0.0.0") && !g_str_equal (p->host_ip, "::"))
        warn (c, g_strdup_printf (_("Swarm publishes port %u on every address of its nodes; the "
                                    "host address %s is left out"),
                                  p->target_start, p->host_ip));
      for (guint t = p->target_start; t <= p->target_end; t++)
        {
          guint entry[3];

          entry[0] = p->published_start ? p->published_start + (t - p->target_start) : 0;
          entry[1] = t;
          entry[2] = i;
          g_array_append_vals (order, entry, 1);
        }
    }
  g_array_sort (order, compare_ports);

  if (order->len > 0)
    {
      json_builder_set_member_name (b, "Ports");
      json_builder_begin_array (b);
      for (guint i = 0; i < order->len; i++)
        {
          const guint *entry = &g_array_index (order, guint, i * 3);
          FltPort *p = g_ptr_array_index (ports, entry[2]);

          json_builder_begin_object (b);
          add_string (b, "Name", p->name);
          add_string (b, "Protocol", p->protocol ? p->protocol : "tcp");
          add_int (b, "TargetPort", entry[1]);
          if (entry[0] > 0)
            add_int (b, "PublishedPort", entry[0]);
          add_string (b, "PublishMode", p->mode ? p->mode : "ingress");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
warn_unsupported (Conversion *c)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autofree char *list = NULL;

  for (guint i = 0; unsupported_keys[i] != NULL; i++)
    if (field (c, unsupported_keys[i]) != NULL)
      g_ptr_array_add (found, (gpointer) unsupported_keys[i]);
  if (found->len == 0)
    return;
  g_ptr_array_add (found, NULL);
  list = g_strjoinv (", ", (char **) found->pdata);
  /* Translators: %s is a list of compose keys ("build, links") */
  warn (c, g_strdup_printf (_("a Swarm service has no place for %s; left out"), list));
}

/**
 * flt_stack_service_spec:
 * @stack: the stack's name
 * @warnings: (nullable) (element-type utf8): what the conversion leaves
 *   out of @service, translated, is added here
 *
 * Returns: (transfer full): the `POST /services/create` (and update) body
 *   of @service, or %NULL when the service cannot be a Swarm service
 */
JsonNode *
flt_stack_service_spec (FltProject  *project,
                        FltService  *service,
                        const char  *stack,
                        GPtrArray   *warnings,
                        GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *name = flt_stack_scoped_name (stack, flt_service_get_name (service));
  g_autofree char *image = flt_service_image_ref (project, service);
  const FltDeploy *deploy = flt_service_get_deploy (service);
  Conversion c = { project, service, stack, warnings, deploy ? deploy->node : NULL };
  gboolean ok;

  if (!flt_stack_name_check (stack, error))
    return NULL;
  if (strlen (name) > 63 || strchr (name, '.') != NULL)
    {
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                   _("the Swarm service %s would have an invalid name: service names are at most "
                     "63 letters, digits, “-” and “_”; rename the service or choose a shorter stack name"),
                   name);
      return NULL;
    }

  warn_unsupported (&c);

  json_builder_begin_object (b);
  add_string (b, "Name", name);
  {
    const FltNode *labels = flt_node_lookup (c.deploy, "labels");
    g_autoptr(GPtrArray) kvs = flt_node_is_mapping (labels) || flt_node_is_sequence (labels)
                               ? flt_key_values_from_node (labels, "", "=") : NULL;

    add_labels (b, kvs, stack, image);
  }

  json_builder_set_member_name (b, "TaskTemplate");
  json_builder_begin_object (b);
  ok = add_container_spec (b, &c, image, error);
  if (ok)
    {
      add_resources (b, &c);
      ok = add_restart_policy (b, &c, error);
    }
  if (ok)
    {
      add_placement (b, &c);
      add_log_driver (b, &c);
      add_networks (b, &c);
    }
  json_builder_end_object (b);

  if (ok)
    ok = add_mode (b, &c, error);
  if (ok)
    {
      add_update_config (b, "UpdateConfig", flt_node_lookup (c.deploy, "update_config"));
      add_update_config (b, "RollbackConfig", flt_node_lookup (c.deploy, "rollback_config"));
      add_endpoint_spec (b, &c);
    }
  json_builder_end_object (b);

  if (!ok)
    return NULL;
  return json_builder_get_root (b);
}
