/* flt-container-spec.c: a service as the Engine's container create body
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Field by field as engine-api.md section 1.3 describes what Compose sends.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-container-info.h"
#include "flt-container-spec.h"
#include "flt-dotenv.h"
#include "flt-host-path.h"
#include "flt-units.h"

void
flt_container_spec_free (FltContainerSpec *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->body, json_node_unref);
  g_free (self->name);
  g_free (self->primary_network);
  g_clear_pointer (&self->extra_networks, g_ptr_array_unref);
  g_clear_pointer (&self->extra_network_names, g_ptr_array_unref);
  g_free (self->config_hash);
  g_free (self);
}

char *
flt_container_name (FltProject *project,
                    FltService *service,
                    int         number)
{
  if (flt_service_get_container_name (service) != NULL)
    return g_strdup (flt_service_get_container_name (service));
  return g_strdup_printf ("%s-%s-%d", flt_project_get_name (project), flt_service_get_name (service), number);
}

/* The image a service runs: its own, or the one `up` builds for it. */
char *
flt_service_image_ref (FltProject *project,
                       FltService *service)
{
  const char *image = flt_service_get_image (service);

  if (image != NULL && *image != '\0')
    return g_strdup (image);
  return g_strdup_printf ("%s-%s", flt_project_get_name (project), flt_service_get_name (service));
}

char *
flt_network_engine_name (FltProject *project,
                         const char *key)
{
  FltNetwork *network = flt_project_get_network (project, key);

  if (network != NULL)
    return g_strdup (flt_network_get_name (network));
  return g_strdup_printf ("%s_%s", flt_project_get_name (project), key);
}

char *
flt_volume_engine_name (FltProject *project,
                        const char *key)
{
  FltVolume *volume = flt_project_get_volume (project, key);

  if (volume != NULL)
    return g_strdup (flt_volume_get_name (volume));
  return g_strdup_printf ("%s_%s", flt_project_get_name (project), key);
}

/* The network a container is created on: the highest priority, then the
 * first key in sort order, as Compose picks it. */
char *
flt_primary_network (FltService *service)
{
  GPtrArray *networks = flt_service_get_networks (service);
  FltNetworkAttachment *best = NULL;

  for (guint i = 0; i < networks->len; i++)
    {
      FltNetworkAttachment *a = g_ptr_array_index (networks, i);

      if (best == NULL || a->priority > best->priority ||
          (a->priority == best->priority && g_strcmp0 (a->network, best->network) < 0))
        best = a;
    }
  return best ? g_strdup (best->network) : NULL;
}

gint64
flt_service_stop_timeout (FltService *service)
{
  const FltNode *node = flt_service_get_field (service, "stop_grace_period");
  gint64 ns;

  if (flt_node_is_scalar (node) && flt_parse_duration (node->value, &ns, NULL))
    return ns / G_GINT64_CONSTANT (1000000000);
  return -1;
}

static const char *
scalar (const FltNode *node)
{
  return flt_node_is_scalar (node) && !node->is_null ? node->value : NULL;
}

static const FltNode *
field (FltService *service,
       const char *key)
{
  return flt_service_get_field (service, key);
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
add_bool_field (JsonBuilder   *b,
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

/* A list of strings, or one string as a list of one. */
static void
add_string_list (JsonBuilder   *b,
                 const char    *member,
                 const FltNode *node)
{
  if (node == NULL || (flt_node_is_scalar (node) && node->is_null))
    return;
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  if (flt_node_is_scalar (node))
    json_builder_add_string_value (b, node->value);
  for (guint i = 0; flt_node_is_sequence (node) && i < node->n_items; i++)
    if (scalar (node->items[i]) != NULL)
      json_builder_add_string_value (b, node->items[i]->value);
  json_builder_end_array (b);
}

static gboolean
node_int (const FltNode *node,
          gint64        *out)
{
  const char *v = scalar (node);
  char *end = NULL;

  if (v == NULL)
    return FALSE;
  *out = g_ascii_strtoll (v, &end, 10);
  return end != v && *end == '\0';
}

static gboolean
node_size (const FltNode *node,
           gint64        *out)
{
  return scalar (node) != NULL && flt_parse_size (node->value, out, NULL);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

typedef struct
{
  FltEnvironment *environment;
} EnvLookup;

static const char *
lookup_project_variable (const char *name,
                         gpointer    user_data)
{
  return flt_environment_lookup (user_data, name, NULL);
}

/* env_file entries first, then environment over them; a key given without
 * a value takes it from the project's environment, or is left out. */
static gboolean
build_env (FltProject  *project,
           FltService  *service,
           GPtrArray   *out,
           GError     **error)
{
  FltEnvironment *environment = flt_project_get_environment (project);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *files = flt_service_get_env_files (service);
  GPtrArray *vars = flt_service_get_environment (service);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < files->len; i++)
    {
      FltEnvFile *f = g_ptr_array_index (files, i);
      g_autofree char *path = g_path_is_absolute (f->file)
                              ? g_strdup (f->file)
                              : g_build_filename (flt_project_get_working_dir (project), f->file, NULL);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      if (!f->required && !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      if (g_strcmp0 (f->format, "raw") == 0)
        {
          g_autofree char *contents = NULL;
          g_auto(GStrv) lines = NULL;

          if (!g_file_get_contents (path, &contents, NULL, &local_error))
            goto failed;
          lines = g_strsplit (contents, "\n", -1);
          for (guint j = 0; lines[j] != NULL; j++)
            {
              const char *eq = strchr (lines[j], '=');

              if (lines[j][0] == '\0' || lines[j][0] == '#' || eq == NULL)
                continue;
              g_ptr_array_add (names, g_strndup (lines[j], eq - lines[j]));
              g_ptr_array_add (values, g_strdup (eq + 1));
            }
          continue;
        }

      entries = flt_dotenv_parse_file (path, FLT_DOTENV_FLAGS_NONE, lookup_project_variable, environment,
                                       NULL, &local_error);
      if (entries == NULL)
        goto failed;
      for (guint j = 0; j < entries->len; j++)
        {
          FltDotenvEntry *e = g_ptr_array_index (entries, j);

          if (e->value == NULL)
            continue;
          g_ptr_array_add (names, g_strdup (e->name));
          g_ptr_array_add (values, g_strdup (e->value));
        }
      continue;

    failed:
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("the service %s cannot read its env file %s: %s"),
                   flt_service_get_name (service), f->file, local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < vars->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (vars, i);
      const char *value = kv->has_value ? kv->value : flt_environment_lookup (environment, kv->name, NULL);

      if (value == NULL)
        continue;
      g_ptr_array_add (names, g_strdup (kv->name));
      g_ptr_array_add (values, g_strdup (value));
    }

  /* The last one of a name wins, at the place of its first. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gpointer at;

      if (g_hash_table_lookup_extended (index, name, NULL, &at))
        {
          char *line = g_strdup_printf ("%s=%s", name, (char *) g_ptr_array_index (values, i));

          g_free (g_ptr_array_index (out, GPOINTER_TO_UINT (at)));
          out->pdata[GPOINTER_TO_UINT (at)] = line;
        }
      else
        {
          g_hash_table_insert (index, (gpointer) name, GUINT_TO_POINTER (out->len));
          g_ptr_array_add (out, g_strdup_printf ("%s=%s", name, (char *) g_ptr_array_index (values, i)));
        }
    }

  return TRUE;
}

/**
 * flt_service_environment:
 *
 * The variables a service's containers get, as `docker stack deploy` and
 * `up` resolve them: env_file entries first, environment over them.
 *
 * Returns: (transfer full): "NAME=value" lines, or %NULL when an env file
 *   cannot be read
 */
GStrv
flt_service_environment (FltProject  *project,
                         FltService  *service,
                         GError     **error)
{
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);

  if (!build_env (project, service, env, error))
    return NULL;
  g_ptr_array_add (env, NULL);
  return (GStrv) g_ptr_array_steal (env, NULL);
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

static void
add_mounts (JsonBuilder *b,
            FltProject  *project,
            FltService  *service,
            GPtrArray   *binds)
{
  GPtrArray *mounts = flt_service_get_volumes (service);
  gboolean any = FALSE;

  for (guint i = 0; i < mounts->len; i++)
    {
      FltMount *m = g_ptr_array_index (mounts, i);

      /* Short-syntax binds and named volumes go in Binds, as Compose
       * sends them: the engine creates a missing host folder for those. */
      if (!m->long_syntax && m->type == FLT_MOUNT_BIND)
        {
          g_autofree char *local = absolute_source (project, m->source);
          /* In a Flatpak, a project opened through the document portal. */
          g_autofree char *source = flt_host_path_for_engine (local);
          GString *mode = g_string_new (m->read_only ? "ro" : "rw");

          if (m->selinux)
            g_string_append_printf (mode, ",%s", m->selinux);
          if (m->propagation)
            g_string_append_printf (mode, ",%s", m->propagation);
          g_ptr_array_add (binds, g_strdup_printf ("%s:%s:%s", source, m->target, mode->str));
          g_string_free (mode, TRUE);
          continue;
        }
      if (!m->long_syntax && m->type == FLT_MOUNT_VOLUME && !m->nocopy)
        {
          g_autofree char *name = flt_volume_engine_name (project, m->source);

          g_ptr_array_add (binds, g_strdup_printf ("%s:%s:%s", name, m->target, m->read_only ? "ro" : "rw"));
          continue;
        }

      if (!any)
        {
          json_builder_set_member_name (b, "Mounts");
          json_builder_begin_array (b);
          any = TRUE;
        }

      json_builder_begin_object (b);
      add_string (b, "Type", flt_mount_type_to_string (m->type));
      if (m->type == FLT_MOUNT_BIND)
        {
          g_autofree char *source = absolute_source (project, m->source);
          g_autofree char *engine_source = NULL;

          /* The engine refuses a missing source for Mounts; Compose makes
           * it when asked to (and the engine is on this machine). */
          if (m->create_host_path && !g_file_test (source, G_FILE_TEST_EXISTS))
            g_mkdir_with_parents (source, 0755);
          /* In a Flatpak, a project opened through the document portal. */
          engine_source = flt_host_path_for_engine (source);
          add_string (b, "Source", engine_source);
        }
      else if (m->type == FLT_MOUNT_VOLUME)
        {
          g_autofree char *name = flt_volume_engine_name (project, m->source);

          add_string (b, "Source", name);
        }
      else if (m->source != NULL && *m->source != '\0' && m->type != FLT_MOUNT_ANONYMOUS)
        add_string (b, "Source", m->source);
      add_string (b, "Target", m->target);
      if (m->read_only)
        {
          json_builder_set_member_name (b, "ReadOnly");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (m->type == FLT_MOUNT_BIND && m->propagation != NULL)
        {
          json_builder_set_member_name (b, "BindOptions");
          json_builder_begin_object (b);
          add_string (b, "Propagation", m->propagation);
          json_builder_end_object (b);
        }
      if ((m->type == FLT_MOUNT_VOLUME || m->type == FLT_MOUNT_ANONYMOUS) && (m->nocopy || m->subpath))
        {
          json_builder_set_member_name (b, "VolumeOptions");
          json_builder_begin_object (b);
          if (m->nocopy)
            {
              json_builder_set_member_name (b, "NoCopy");
              json_builder_add_boolean_value (b, TRUE);
            }
          add_string (b, "Subpath", m->subpath);
          json_builder_end_object (b);
        }
      if (m->type == FLT_MOUNT_TMPFS && m->tmpfs_size >= 0)
        {
          json_builder_set_member_name (b, "TmpfsOptions");
          json_builder_begin_object (b);
          add_int (b, "SizeBytes", m->tmpfs_size);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }

  if (any)
    json_builder_end_array (b);
}

static void
add_port_bindings (JsonBuilder *b,
                   FltService  *service)
{
  GPtrArray *ports = flt_service_get_ports (service);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  if (ports->len == 0)
    return;

  json_builder_set_member_name (b, "PortBindings");
  json_builder_begin_object (b);
  for (guint i = 0; i < ports->len; i++)
    {
      FltPort *p = g_ptr_array_index (ports, i);

      for (guint t = p->target_start; t <= p->target_end; t++)
        {
          g_autofree char *key = g_strdup_printf ("%u/%s", t, p->protocol);
          g_autofree char *host_port = NULL;
          guint offset = t - p->target_start;
          gboolean seen = FALSE;

          if (p->published_start == 0)
            host_port = g_strdup ("");
          else if (p->target_start == p->target_end && p->published_end != p->published_start)
            host_port = g_strdup_printf ("%u-%u", p->published_start, p->published_end);
          else
            host_port = g_strdup_printf ("%u", p->published_start + offset);

          /* Several bindings of one container port share one entry. */
          for (guint k = 0; k < keys->len; k++)
            if (g_str_equal (g_ptr_array_index (keys, k), key))
              seen = TRUE;
          if (seen)
            continue;
          g_ptr_array_add (keys, g_strdup (key));

          json_builder_set_member_name (b, key);
          json_builder_begin_array (b);
          for (guint j = i; j < ports->len; j++)
            {
              FltPort *q = g_ptr_array_index (ports, j);

              if (g_strcmp0 (q->protocol, p->protocol) != 0 || t < q->target_start || t > q->target_end)
                continue;
              json_builder_begin_object (b);
              add_string (b, "HostIp", q->host_ip ? q->host_ip : "");
              if (q == p)
                add_string (b, "HostPort", host_port);
              else
                {
                  g_autofree char *other = q->published_start == 0 ? g_strdup ("")
                                           : g_strdup_printf ("%u", q->published_start + (t - q->target_start));

                  add_string (b, "HostPort", other);
                }
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
    }
  json_builder_end_object (b);
}

static void
add_exposed_ports (JsonBuilder *b,
                   FltService  *service)
{
  GPtrArray *ports = flt_service_get_ports (service);
  const FltNode *expose = field (service, "expose");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  for (guint i = 0; i < ports->len; i++)
    {
      FltPort *p = g_ptr_array_index (ports, i);

      for (guint t = p->target_start; t <= p->target_end; t++)
        {
          char *key = g_strdup_printf ("%u/%s", t, p->protocol);

          if (g_hash_table_add (seen, key))
            g_ptr_array_add (keys, key);
        }
    }
  for (guint i = 0; flt_node_is_sequence (expose) && i < expose->n_items; i++)
    {
      const char *v = scalar (expose->items[i]);
      char *key;

      if (v == NULL)
        continue;
      key = strchr (v, '/') ? g_strdup (v) : g_strdup_printf ("%s/tcp", v);
      if (g_hash_table_add (seen, key))
        g_ptr_array_add (keys, key);
    }

  if (keys->len == 0)
    return;
  json_builder_set_member_name (b, "ExposedPorts");
  json_builder_begin_object (b);
  for (guint i = 0; i < keys->len; i++)
    {
      json_builder_set_member_name (b, g_ptr_array_index (keys, i));
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static void
add_healthcheck (JsonBuilder *b,
                 FltService  *service)
{
  const FltHealthcheck *h = flt_service_get_healthcheck (service);

  if (h == NULL)
    return;

  json_builder_set_member_name (b, "Healthcheck");
  json_builder_begin_object (b);
  if (h->test != NULL)
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

static void
add_restart_policy (JsonBuilder *b,
                    FltService  *service)
{
  const FltDeploy *deploy = flt_service_get_deploy (service);
  const char *restart = flt_service_get_restart (service);
  g_autofree char *name = NULL;
  gint64 retries = 0;

  if (deploy != NULL && deploy->restart_condition != NULL)
    {
      if (g_str_equal (deploy->restart_condition, "none"))
        name = g_strdup ("no");
      else if (g_str_equal (deploy->restart_condition, "any"))
        name = g_strdup ("always");
      else
        name = g_strdup (deploy->restart_condition);
    }
  else if (restart != NULL)
    {
      const char *colon = strchr (restart, ':');

      name = colon ? g_strndup (restart, colon - restart) : g_strdup (restart);
      if (colon != NULL)
        retries = g_ascii_strtoll (colon + 1, NULL, 10);
    }

  if (name == NULL)
    return;

  json_builder_set_member_name (b, "RestartPolicy");
  json_builder_begin_object (b);
  add_string (b, "Name", name);
  add_int (b, "MaximumRetryCount", retries);
  json_builder_end_object (b);
}

static void
add_resources (JsonBuilder *b,
               FltService  *service)
{
  const FltDeploy *deploy = flt_service_get_deploy (service);
  gint64 v;
  double cpus = flt_service_get_cpus (service);

  if (flt_service_get_memory_limit (service) >= 0)
    add_int (b, "Memory", flt_service_get_memory_limit (service));
  if (deploy != NULL && deploy->reservations.memory >= 0)
    add_int (b, "MemoryReservation", deploy->reservations.memory);
  else if (node_size (field (service, "mem_reservation"), &v))
    add_int (b, "MemoryReservation", v);
  if (node_size (field (service, "memswap_limit"), &v))
    add_int (b, "MemorySwap", v);
  if (flt_service_get_cpu_shares (service) >= 0)
    add_int (b, "CpuShares", flt_service_get_cpu_shares (service));
  if (deploy != NULL && deploy->limits.cpus > 0)
    cpus = deploy->limits.cpus;
  if (cpus > 0)
    add_int (b, "NanoCpus", (gint64) (cpus * 1e9 + 0.5));
  if (deploy != NULL && deploy->limits.pids >= 0)
    add_int (b, "PidsLimit", deploy->limits.pids);
  else if (node_int (field (service, "pids_limit"), &v))
    add_int (b, "PidsLimit", v);
  if (node_int (field (service, "cpu_quota"), &v))
    add_int (b, "CpuQuota", v);
  if (node_int (field (service, "cpu_period"), &v))
    add_int (b, "CpuPeriod", v);
  add_string (b, "CpusetCpus", scalar (field (service, "cpuset")));
  if (node_size (field (service, "shm_size"), &v))
    add_int (b, "ShmSize", v);
  add_bool_field (b, "OomKillDisable", field (service, "oom_kill_disable"));
  if (node_int (field (service, "oom_score_adj"), &v))
    add_int (b, "OomScoreAdj", v);
}

/**
 * flt_ulimits_to_json:
 * @ulimits: (nullable): a service's `ulimits` (a name → a number, or
 *   soft and hard)
 *
 * Adds "Ulimits": [{Name, Soft, Hard}…], as a container's HostConfig and a
 * Swarm service's ContainerSpec both have it; nothing when there are none.
 */
void
flt_ulimits_to_json (JsonBuilder   *b,
                     const FltNode *ulimits)
{
  if (!flt_node_is_mapping (ulimits) || ulimits->n_items == 0)
    return;

  json_builder_set_member_name (b, "Ulimits");
  json_builder_begin_array (b);
  for (guint i = 0; i < ulimits->n_items; i++)
    {
      const FltNode *value = flt_node_value (ulimits, i);
      gint64 soft = 0, hard = 0;

      if (flt_node_is_mapping (value))
        {
          node_int (flt_node_lookup (value, "soft"), &soft);
          node_int (flt_node_lookup (value, "hard"), &hard);
        }
      else if (node_int (value, &soft))
        hard = soft;

      json_builder_begin_object (b);
      add_string (b, "Name", flt_node_key (ulimits, i)->value);
      add_int (b, "Soft", soft);
      add_int (b, "Hard", hard);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* list_or_dict → an object of strings (sysctls, logging options...). */
static void
add_string_map (JsonBuilder   *b,
                const char    *member,
                const FltNode *node,
                const char    *separator)
{
  g_autoptr(GPtrArray) kvs = NULL;

  if (node == NULL || (!flt_node_is_mapping (node) && !flt_node_is_sequence (node)))
    return;

  kvs = flt_key_values_from_node (node, "", separator);
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  for (guint i = 0; i < kvs->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (kvs, i);

      json_builder_set_member_name (b, kv->name);
      json_builder_add_string_value (b, kv->value ? kv->value : "");
    }
  json_builder_end_object (b);
}

static void
add_extra_hosts (JsonBuilder   *b,
                 const FltNode *node)
{
  if (node == NULL)
    return;

  json_builder_set_member_name (b, "ExtraHosts");
  json_builder_begin_array (b);
  if (flt_node_is_mapping (node))
    for (guint i = 0; i < node->n_items; i++)
      {
        const FltNode *value = flt_node_value (node, i);
        g_autofree char *entry = g_strdup_printf ("%s:%s", flt_node_key (node, i)->value,
                                                  scalar (value) ? value->value : "");

        json_builder_add_string_value (b, entry);
      }
  for (guint i = 0; flt_node_is_sequence (node) && i < node->n_items; i++)
    if (scalar (node->items[i]) != NULL)
      {
        /* "host=ip" is the newer spelling of "host:ip". */
        g_autofree char *entry = g_strdup (node->items[i]->value);
        char *eq = strchr (entry, '=');

        if (eq != NULL)
          *eq = ':';
        json_builder_add_string_value (b, entry);
      }
  json_builder_end_array (b);
}

static char *
resolve_service_mode (const char             *mode,
                      FltContainerLookupFunc  lookup,
                      gpointer                user_data)
{
  g_autofree char *container = NULL;

  if (mode == NULL || !g_str_has_prefix (mode, "service:"))
    return g_strdup (mode);
  container = lookup ? lookup (mode + strlen ("service:"), user_data) : NULL;
  return container ? g_strconcat ("container:", container, NULL) : NULL;
}

/* "container:alias" for each link and external link. */
static GPtrArray *
link_entries (FltService             *service,
              FltContainerLookupFunc  lookup,
              gpointer                user_data)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *links = flt_service_get_links (service);
  const FltNode *external = field (service, "external_links");

  for (guint i = 0; i < links->len; i++)
    {
      FltLink *l = g_ptr_array_index (links, i);
      g_autofree char *container = lookup ? lookup (l->service, user_data) : NULL;

      if (container != NULL)
        g_ptr_array_add (entries, g_strdup_printf ("%s:%s", container, l->alias ? l->alias : l->service));
    }
  for (guint i = 0; flt_node_is_sequence (external) && i < external->n_items; i++)
    {
      const char *v = scalar (external->items[i]);

      if (v != NULL)
        g_ptr_array_add (entries, strchr (v, ':') ? g_strdup (v) : g_strdup_printf ("%s:%s", v, v));
    }
  return entries;
}

static void
add_links (JsonBuilder *b,
           GPtrArray   *entries)
{
  if (entries == NULL || entries->len == 0)
    return;
  json_builder_set_member_name (b, "Links");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (entries, i));
  json_builder_end_array (b);
}

static void
add_volumes_from (JsonBuilder            *b,
                  FltService             *service,
                  FltContainerLookupFunc  lookup,
                  gpointer                user_data)
{
  const FltNode *from = field (service, "volumes_from");

  if (!flt_node_is_sequence (from) || from->n_items == 0)
    return;

  json_builder_set_member_name (b, "VolumesFrom");
  json_builder_begin_array (b);
  for (guint i = 0; i < from->n_items; i++)
    {
      const char *v = scalar (from->items[i]);
      g_auto(GStrv) parts = NULL;
      g_autofree char *container = NULL;
      g_autofree char *entry = NULL;

      if (v == NULL)
        continue;
      if (g_str_has_prefix (v, "container:"))
        {
          json_builder_add_string_value (b, v + strlen ("container:"));
          continue;
        }
      parts = g_strsplit (v, ":", 2);
      container = lookup ? lookup (parts[0], user_data) : NULL;
      if (container == NULL)
        continue;
      entry = parts[1] ? g_strdup_printf ("%s:%s", container, parts[1]) : g_strdup (container);
      json_builder_add_string_value (b, entry);
    }
  json_builder_end_array (b);
}

/* @links: (nullable): for the primary network — on a user-defined network
 * the engine honours links only here, not in HostConfig.Links. */
static void
add_endpoint (JsonBuilder          *b,
              FltNetworkAttachment *a,
              const char           *container_name,
              const char           *service_name,
              GPtrArray            *links)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Aliases");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, container_name);
  json_builder_add_string_value (b, service_name);
  for (guint i = 0; a->aliases != NULL && a->aliases[i] != NULL; i++)
    json_builder_add_string_value (b, a->aliases[i]);
  json_builder_end_array (b);
  if (a->ipv4_address != NULL || a->ipv6_address != NULL)
    {
      json_builder_set_member_name (b, "IPAMConfig");
      json_builder_begin_object (b);
      add_string (b, "IPv4Address", a->ipv4_address);
      add_string (b, "IPv6Address", a->ipv6_address);
      json_builder_end_object (b);
    }
  add_links (b, links);
  json_builder_end_object (b);
}

static void
add_labels (JsonBuilder *b,
            FltProject  *project,
            FltService  *service,
            int          number,
            const char  *image_id,
            const char  *config_hash,
            const char  *key_hashes)
{
  GPtrArray *user = flt_service_get_labels (service);
  GPtrArray *depends = flt_service_get_depends_on (service);
  g_autofree char *files = g_strjoinv (",", (char **) flt_project_get_config_files (project));
  g_autofree char *number_text = g_strdup_printf ("%d", number);
  GString *depends_text = g_string_new (NULL);

  for (guint i = 0; i < depends->len; i++)
    {
      FltDependency *d = g_ptr_array_index (depends, i);

      g_string_append_printf (depends_text, "%s%s:%s:%s", i ? "," : "", d->service,
                              flt_condition_to_string (d->condition), d->restart ? "true" : "false");
    }

  json_builder_set_member_name (b, "Labels");
  json_builder_begin_object (b);
  /* The user's labels first: Compose's own win over them. */
  for (guint i = 0; i < user->len; i++)
    {
      FltKeyValue *kv = g_ptr_array_index (user, i);

      if (g_str_has_prefix (kv->name, "com.docker.compose."))
        continue;
      add_string (b, kv->name, kv->value ? kv->value : "");
    }

  /* The body that is hashed leaves Compose's bookkeeping out, so that a new
   * version of the tool or a new dependency does not recreate containers. */
  if (config_hash == NULL)
    {
      json_builder_end_object (b);
      g_string_free (depends_text, TRUE);
      return;
    }

  add_string (b, FLT_LABEL_CONFIG_HASH, config_hash);
  if (number > 0)
    add_string (b, FLT_LABEL_NUMBER, number_text);
  add_string (b, FLT_LABEL_DEPENDS_ON, depends_text->str);
  if (image_id != NULL)
    add_string (b, FLT_LABEL_IMAGE, image_id);
  add_string (b, FLT_LABEL_ONEOFF, "False");
  add_string (b, FLT_LABEL_PROJECT, flt_project_get_name (project));
  add_string (b, FLT_LABEL_CONFIG_FILES, files);
  add_string (b, FLT_LABEL_WORKING_DIR, flt_project_get_working_dir (project));
  add_string (b, FLT_LABEL_SERVICE, flt_service_get_name (service));
  add_string (b, FLT_LABEL_VERSION, PACKAGE_VERSION);
  if (key_hashes != NULL)
    add_string (b, FLT_LABEL_KEY_HASHES, key_hashes);
  json_builder_end_object (b);
  g_string_free (depends_text, TRUE);
}

/* The whole body; @config_hash NULL builds the body the hash is made of. */
static JsonNode *
build_body (FltProject             *project,
            FltService             *service,
            int                     number,
            const char             *image_id,
            const char             *config_hash,
            const char             *key_hashes,
            GPtrArray              *env,
            gboolean                all_networks,
            FltContainerLookupFunc  lookup,
            gpointer                user_data,
            FltContainerSpec       *spec)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *image = flt_service_image_ref (project, service);
  g_autofree char *name = config_hash ? flt_container_name (project, service, number) : g_strdup ("");
  g_autofree char *primary = flt_primary_network (service);
  g_autofree char *network_mode = NULL;
  GPtrArray *networks = flt_service_get_networks (service);
  g_autoptr(GPtrArray) links = link_entries (service, lookup, user_data);
  gint64 stop_timeout = flt_service_stop_timeout (service);
  gint64 v;

  json_builder_begin_object (b);
  add_string (b, "Image", image);
  add_strv (b, "Entrypoint", flt_service_get_entrypoint (service));
  add_strv (b, "Cmd", flt_service_get_command (service));
  if (env->len > 0)
    {
      g_ptr_array_add (env, NULL);
      add_strv (b, "Env", (const char * const *) env->pdata);
      g_ptr_array_remove_index (env, env->len - 1);
    }
  add_labels (b, project, service, config_hash ? number : 0, config_hash ? image_id : NULL,
              config_hash, key_hashes);
  add_exposed_ports (b, service);
  add_string (b, "Hostname", scalar (field (service, "hostname")));
  add_string (b, "Domainname", scalar (field (service, "domainname")));
  add_string (b, "User", scalar (field (service, "user")));
  add_string (b, "WorkingDir", scalar (field (service, "working_dir")));
  add_bool_field (b, "Tty", field (service, "tty"));
  add_bool_field (b, "OpenStdin", field (service, "stdin_open"));
  json_builder_set_member_name (b, "AttachStdout");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "AttachStderr");
  json_builder_add_boolean_value (b, TRUE);
  add_string (b, "StopSignal", scalar (field (service, "stop_signal")));
  if (stop_timeout >= 0)
    add_int (b, "StopTimeout", stop_timeout);
  add_healthcheck (b, service);
  add_string (b, "MacAddress", scalar (field (service, "mac_address")));

  json_builder_set_member_name (b, "HostConfig");
  json_builder_begin_object (b);
  add_mounts (b, project, service, binds);
  if (binds->len > 0)
    {
      g_ptr_array_add (binds, NULL);
      add_strv (b, "Binds", (const char * const *) binds->pdata);
    }
  add_port_bindings (b, service);
  add_restart_policy (b, service);

  if (flt_service_get_network_mode (service) != NULL)
    network_mode = resolve_service_mode (flt_service_get_network_mode (service), lookup, user_data);
  else if (primary != NULL)
    network_mode = flt_network_engine_name (project, primary);
  else
    network_mode = g_strdup ("none");
  add_string (b, "NetworkMode", network_mode);

  add_links (b, links);
  add_volumes_from (b, service, lookup, user_data);
  add_resources (b, service);
  flt_ulimits_to_json (b, field (service, "ulimits"));
  add_bool_field (b, "Privileged", field (service, "privileged"));
  add_bool_field (b, "ReadonlyRootfs", field (service, "read_only"));
  add_bool_field (b, "Init", field (service, "init"));
  add_string_list (b, "CapAdd", field (service, "cap_add"));
  add_string_list (b, "CapDrop", field (service, "cap_drop"));
  add_string_list (b, "Dns", field (service, "dns"));
  add_string_list (b, "DnsSearch", field (service, "dns_search"));
  add_string_list (b, "DnsOptions", field (service, "dns_opt"));
  add_string_list (b, "SecurityOpt", field (service, "security_opt"));
  add_string_list (b, "GroupAdd", field (service, "group_add"));
  add_extra_hosts (b, field (service, "extra_hosts"));
  add_string_map (b, "Sysctls", field (service, "sysctls"), "=");
  {
    const FltNode *tmpfs = field (service, "tmpfs");

    if (tmpfs != NULL)
      {
        json_builder_set_member_name (b, "Tmpfs");
        json_builder_begin_object (b);
        if (scalar (tmpfs) != NULL)
          add_string (b, tmpfs->value, "");
        for (guint i = 0; flt_node_is_sequence (tmpfs) && i < tmpfs->n_items; i++)
          if (scalar (tmpfs->items[i]) != NULL)
            {
              g_auto(GStrv) parts = g_strsplit (tmpfs->items[i]->value, ":", 2);

              add_string (b, parts[0], parts[1] ? parts[1] : "");
            }
        json_builder_end_object (b);
      }
  }
  {
    const FltNode *logging = field (service, "logging");

    if (flt_node_is_mapping (logging))
      {
        json_builder_set_member_name (b, "LogConfig");
        json_builder_begin_object (b);
        add_string (b, "Type", scalar (flt_node_lookup (logging, "driver")));
        add_string_map (b, "Config", flt_node_lookup (logging, "options"), "=");
        json_builder_end_object (b);
      }
  }
  {
    g_autofree char *pid = resolve_service_mode (scalar (field (service, "pid")), lookup, user_data);
    g_autofree char *ipc = resolve_service_mode (scalar (field (service, "ipc")), lookup, user_data);

    add_string (b, "PidMode", pid);
    add_string (b, "IpcMode", ipc);
  }
  add_string (b, "UsernsMode", scalar (field (service, "userns_mode")));
  add_string (b, "Runtime", scalar (field (service, "runtime")));
  add_string (b, "Isolation", scalar (field (service, "isolation")));
  add_string (b, "CgroupParent", scalar (field (service, "cgroup_parent")));
  {
    const FltNode *devices = field (service, "devices");

    if (flt_node_is_sequence (devices) && devices->n_items > 0)
      {
        json_builder_set_member_name (b, "Devices");
        json_builder_begin_array (b);
        for (guint i = 0; i < devices->n_items; i++)
          {
            const FltNode *d = devices->items[i];
            g_auto(GStrv) parts = scalar (d) ? g_strsplit (d->value, ":", 3) : NULL;

            json_builder_begin_object (b);
            if (parts != NULL)
              {
                add_string (b, "PathOnHost", parts[0]);
                add_string (b, "PathInContainer", parts[1] ? parts[1] : parts[0]);
                add_string (b, "CgroupPermissions", parts[1] && parts[2] ? parts[2] : "rwm");
              }
            else if (flt_node_is_mapping (d))
              {
                add_string (b, "PathOnHost", scalar (flt_node_lookup (d, "source")));
                add_string (b, "PathInContainer", scalar (flt_node_lookup (d, "target")));
                add_string (b, "CgroupPermissions", scalar (flt_node_lookup (d, "permissions")) ?: "rwm");
              }
            json_builder_end_object (b);
          }
        json_builder_end_array (b);
      }
  }
  if (node_int (field (service, "mem_swappiness"), &v))
    add_int (b, "MemorySwappiness", v);
  json_builder_end_object (b);

  /* Networks: the primary one at create time (all of them from API 1.44),
   * the others connected before the container starts. */
  if (flt_service_get_network_mode (service) == NULL && networks->len > 0)
    {
      json_builder_set_member_name (b, "NetworkingConfig");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "EndpointsConfig");
      json_builder_begin_object (b);
      for (guint i = 0; i < networks->len; i++)
        {
          FltNetworkAttachment *a = g_ptr_array_index (networks, i);
          g_autofree char *engine_name = flt_network_engine_name (project, a->network);

          if (!all_networks && g_strcmp0 (a->network, primary) != 0)
            {
              if (spec != NULL)
                {
                  g_autoptr(JsonBuilder) eb = json_builder_new ();

                  json_builder_begin_object (eb);
                  json_builder_set_member_name (eb, "EndpointConfig");
                  add_endpoint (eb, a, name, flt_service_get_name (service), NULL);
                  json_builder_end_object (eb);
                  g_ptr_array_add (spec->extra_networks, json_builder_get_root (eb));
                  g_ptr_array_add (spec->extra_network_names, g_strdup (engine_name));
                }
              continue;
            }
          json_builder_set_member_name (b, engine_name);
          add_endpoint (b, a, name, flt_service_get_name (service),
                        g_strcmp0 (a->network, primary) == 0 ? links : NULL);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
sort_object (JsonNode *node);

/* Sorted keys, so that the hash does not depend on the order we wrote. */
static void
sort_object (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        sort_object (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *sorted = json_object_new ();
      GList *members = g_list_sort (json_object_get_members (object), (GCompareFunc) g_strcmp0);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_dup_member (object, l->data);

          sort_object (child);
          json_object_set_member (sorted, l->data, child);
        }
      g_list_free (members);
      json_node_take_object (node, sorted);
    }
}

static char *
hash_node (JsonNode *node)
{
  g_autofree char *text = NULL;

  sort_object (node);
  text = json_to_string (node, FALSE);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/**
 * flt_service_key_hashes:
 *
 * Returns: (transfer full): `key=hash,...`, a short hash of each key of the
 *   normalised service, for naming what changed
 */
char *
flt_service_key_hashes (FltProject *project,
                        FltService *service)
{
  g_autoptr(FltTree) tree = flt_tree_new_empty (NULL);
  FltNode *node = flt_project_normalize_service (project, service, tree);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < node->n_items; i++)
    {
      const char *key = flt_node_key (node, i)->value;
      GString *json = g_string_new (NULL);
      g_autofree char *digest = NULL;

      /* What does not shape the container does not force a recreate. */
      if (g_str_equal (key, "build") || g_str_equal (key, "depends_on") || g_str_equal (key, "profiles") ||
          g_str_equal (key, "scale") || g_str_equal (key, "pull_policy"))
        {
          g_string_free (json, TRUE);
          continue;
        }
      flt_json_write_node (json, flt_node_value (node, i), 0);
      digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json->str, json->len);
      g_string_append_printf (out, "%s%s=%.8s", out->len ? "," : "", key, digest);
      g_string_free (json, TRUE);
    }

  return g_string_free (out, FALSE);
}

/**
 * flt_key_hashes_diff:
 *
 * Returns: (transfer full): the keys whose hashes differ, were added or
 *   were removed
 */
GStrv
flt_key_hashes_diff (const char *old_hashes,
                     const char *new_hashes)
{
  g_auto(GStrv) old_pairs = g_strsplit (old_hashes ? old_hashes : "", ",", -1);
  g_auto(GStrv) new_pairs = g_strsplit (new_hashes ? new_hashes : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; new_pairs[i] != NULL; i++)
    {
      const char *eq = strchr (new_pairs[i], '=');
      g_autofree char *key = eq ? g_strndup (new_pairs[i], eq - new_pairs[i]) : NULL;

      if (key != NULL && !g_strv_contains ((const char * const *) old_pairs, new_pairs[i]))
        g_strv_builder_add (builder, key);
    }
  for (guint i = 0; old_pairs[i] != NULL; i++)
    {
      const char *eq = strchr (old_pairs[i], '=');
      g_autofree char *prefix = eq ? g_strndup (old_pairs[i], eq - old_pairs[i] + 1) : NULL;
      gboolean kept = FALSE;

      if (prefix == NULL)
        continue;
      for (guint j = 0; new_pairs[j] != NULL && !kept; j++)
        kept = g_str_has_prefix (new_pairs[j], prefix);
      if (!kept)
        {
          prefix[strlen (prefix) - 1] = '\0';
          g_strv_builder_add (builder, prefix);
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * flt_container_spec_new:
 * @number: the replica's number, from 1
 * @image_id: (nullable): the local image's ID, for the image label
 * @all_networks_at_create: the engine takes several networks at create
 *   (API 1.44 and later)
 * @lookup: (scope call) (nullable): finds containers of other services
 *
 * Returns: (transfer full): the spec, or %NULL when an env file cannot be
 *   read
 */
FltContainerSpec *
flt_container_spec_new (FltProject              *project,
                        FltService              *service,
                        int                      number,
                        const char              *image_id,
                        gboolean                 all_networks_at_create,
                        FltContainerLookupFunc   lookup,
                        gpointer                 user_data,
                        GError                 **error)
{
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) hashed = NULL;
  g_autofree char *key_hashes = NULL;
  FltContainerSpec *spec;

  if (!build_env (project, service, env, error))
    return NULL;

  spec = g_new0 (FltContainerSpec, 1);
  spec->extra_networks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  spec->extra_network_names = g_ptr_array_new_with_free_func (g_free);
  spec->name = flt_container_name (project, service, number);
  if (flt_service_get_network_mode (service) == NULL)
    {
      g_autofree char *primary = flt_primary_network (service);

      spec->primary_network = primary ? flt_network_engine_name (project, primary) : NULL;
    }

  /* The hash covers everything that shapes the container except what
   * differs between replicas (name, number) and the hash labels. */
  hashed = build_body (project, service, 0, NULL, NULL, NULL, env, TRUE, lookup, user_data, NULL);
  spec->config_hash = hash_node (hashed);
  key_hashes = flt_service_key_hashes (project, service);

  spec->body = build_body (project, service, number, image_id, spec->config_hash, key_hashes, env,
                           all_networks_at_create, lookup, user_data, spec);
  return spec;
}
