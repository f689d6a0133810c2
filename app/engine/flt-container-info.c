/* flt-container-info.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-container-info.h"

G_DEFINE_BOXED_TYPE (FltContainerInfo, flt_container_info, flt_container_info_ref, flt_container_info_unref)

FltContainerInfo *
flt_container_info_ref (FltContainerInfo *self)
{
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
flt_container_info_unref (FltContainerInfo *self)
{
  if (!g_ref_count_dec (&self->ref_count))
    return;

  g_free (self->id);
  g_free (self->name);
  g_free (self->image);
  g_free (self->command);
  g_free (self->state_text);
  g_free (self->service);
  g_free (self->config_hash);
  g_free (self->image_id_label);
  g_free (self->key_hashes);
  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_clear_pointer (&self->ports, json_node_unref);
  g_clear_pointer (&self->networks, json_node_unref);
  g_free (self);
}

FltContainerStatus
flt_container_status_from_string (const char *text)
{
  if (g_strcmp0 (text, "running") == 0)
    return FLT_CONTAINER_RUNNING;
  if (g_strcmp0 (text, "paused") == 0)
    return FLT_CONTAINER_PAUSED;
  if (g_strcmp0 (text, "restarting") == 0)
    return FLT_CONTAINER_RESTARTING;
  if (g_strcmp0 (text, "removing") == 0)
    return FLT_CONTAINER_REMOVING;
  if (g_strcmp0 (text, "exited") == 0)
    return FLT_CONTAINER_EXITED;
  if (g_strcmp0 (text, "dead") == 0)
    return FLT_CONTAINER_DEAD;
  return FLT_CONTAINER_CREATED;
}

const char *
flt_container_status_to_string (FltContainerStatus status)
{
  switch (status)
    {
    case FLT_CONTAINER_RUNNING: return "running";
    case FLT_CONTAINER_PAUSED: return "paused";
    case FLT_CONTAINER_RESTARTING: return "restarting";
    case FLT_CONTAINER_REMOVING: return "removing";
    case FLT_CONTAINER_EXITED: return "exited";
    case FLT_CONTAINER_DEAD: return "dead";
    case FLT_CONTAINER_CREATED:
    default: return "created";
    }
}

FltHealth
flt_health_from_string (const char *text)
{
  if (g_strcmp0 (text, "healthy") == 0)
    return FLT_HEALTH_HEALTHY;
  if (g_strcmp0 (text, "unhealthy") == 0)
    return FLT_HEALTH_UNHEALTHY;
  if (g_strcmp0 (text, "starting") == 0)
    return FLT_HEALTH_STARTING;
  return FLT_HEALTH_NONE;
}

const char *
flt_health_to_string (FltHealth health)
{
  switch (health)
    {
    case FLT_HEALTH_HEALTHY: return "healthy";
    case FLT_HEALTH_UNHEALTHY: return "unhealthy";
    case FLT_HEALTH_STARTING: return "starting";
    case FLT_HEALTH_NONE:
    default: return "";
    }
}

static void
read_labels (FltContainerInfo *self,
             JsonObject       *labels)
{
  GList *members;

  if (self->labels == NULL)
    self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (labels == NULL)
    return;

  members = json_object_get_members (labels);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (labels, l->data);

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        g_hash_table_insert (self->labels, g_strdup (l->data), g_strdup (json_node_get_string (value)));
    }
  g_list_free (members);
}

static void
take_compose_labels (FltContainerInfo *self)
{
  const char *number = g_hash_table_lookup (self->labels, FLT_LABEL_NUMBER);

  g_free (self->service);
  self->service = g_strdup (g_hash_table_lookup (self->labels, FLT_LABEL_SERVICE));
  self->number = number ? (int) g_ascii_strtoll (number, NULL, 10) : 0;
  self->oneoff = g_strcmp0 (g_hash_table_lookup (self->labels, FLT_LABEL_ONEOFF), "True") == 0;
  g_free (self->config_hash);
  self->config_hash = g_strdup (g_hash_table_lookup (self->labels, FLT_LABEL_CONFIG_HASH));
  g_free (self->image_id_label);
  self->image_id_label = g_strdup (g_hash_table_lookup (self->labels, FLT_LABEL_IMAGE));
  g_free (self->key_hashes);
  self->key_hashes = g_strdup (g_hash_table_lookup (self->labels, FLT_LABEL_KEY_HASHES));
}

/**
 * flt_container_info_new_from_json:
 * @object: one entry of `GET /containers/json`
 *
 * Returns: (transfer full): the container
 */
FltContainerInfo *
flt_container_info_new_from_json (JsonObject *object)
{
  FltContainerInfo *self = g_new0 (FltContainerInfo, 1);
  JsonArray *names = json_object_has_member (object, "Names") ? json_object_get_array_member (object, "Names") : NULL;
  JsonObject *settings;

  g_ref_count_init (&self->ref_count);
  self->id = g_strdup (json_object_get_string_member_with_default (object, "Id", ""));
  if (names != NULL && json_array_get_length (names) > 0)
    {
      const char *name = json_array_get_string_element (names, 0);

      self->name = g_strdup (name && name[0] == '/' ? name + 1 : name);
    }
  else
    self->name = g_strndup (self->id, 12);
  self->image = g_strdup (json_object_get_string_member_with_default (object, "Image", ""));
  self->command = g_strdup (json_object_get_string_member_with_default (object, "Command", ""));
  self->created = json_object_get_int_member_with_default (object, "Created", 0);
  self->state_text = g_strdup (json_object_get_string_member_with_default (object, "Status", ""));
  self->status = flt_container_status_from_string (json_object_get_string_member_with_default (object, "State", ""));
  self->exit_code = -1;

  /* The listing words health into the status: "Up 5 seconds (healthy)". */
  if (strstr (self->state_text, "(healthy)") != NULL)
    self->health = FLT_HEALTH_HEALTHY;
  else if (strstr (self->state_text, "(unhealthy)") != NULL)
    self->health = FLT_HEALTH_UNHEALTHY;
  else if (strstr (self->state_text, "(health: starting)") != NULL)
    self->health = FLT_HEALTH_STARTING;

  read_labels (self, json_object_has_member (object, "Labels") &&
                     JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "Labels"))
                     ? json_object_get_object_member (object, "Labels") : NULL);
  take_compose_labels (self);

  if (json_object_has_member (object, "Ports"))
    self->ports = json_node_copy (json_object_get_member (object, "Ports"));
  settings = json_object_has_member (object, "NetworkSettings") &&
             JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "NetworkSettings"))
             ? json_object_get_object_member (object, "NetworkSettings") : NULL;
  if (settings != NULL && json_object_has_member (settings, "Networks"))
    self->networks = json_node_copy (json_object_get_member (settings, "Networks"));

  return self;
}

/* Fills in what only an inspection (`GET /containers/{id}/json`) says. */
void
flt_container_info_update_from_inspect (FltContainerInfo *self,
                                        JsonObject       *inspect)
{
  JsonObject *state = json_object_has_member (inspect, "State") &&
                      JSON_NODE_HOLDS_OBJECT (json_object_get_member (inspect, "State"))
                      ? json_object_get_object_member (inspect, "State") : NULL;
  JsonObject *config = json_object_has_member (inspect, "Config") &&
                       JSON_NODE_HOLDS_OBJECT (json_object_get_member (inspect, "Config"))
                       ? json_object_get_object_member (inspect, "Config") : NULL;
  JsonObject *settings = json_object_has_member (inspect, "NetworkSettings") &&
                         JSON_NODE_HOLDS_OBJECT (json_object_get_member (inspect, "NetworkSettings"))
                         ? json_object_get_object_member (inspect, "NetworkSettings") : NULL;
  const char *name = json_object_get_string_member_with_default (inspect, "Name", NULL);

  if (name != NULL)
    {
      g_free (self->name);
      self->name = g_strdup (name[0] == '/' ? name + 1 : name);
    }

  if (state != NULL)
    {
      JsonObject *health = json_object_has_member (state, "Health") &&
                           JSON_NODE_HOLDS_OBJECT (json_object_get_member (state, "Health"))
                           ? json_object_get_object_member (state, "Health") : NULL;

      self->status = flt_container_status_from_string (json_object_get_string_member_with_default (state, "Status", ""));
      self->exit_code = json_object_get_int_member_with_default (state, "ExitCode", -1);
      self->health = health ? flt_health_from_string (json_object_get_string_member_with_default (health, "Status", ""))
                            : FLT_HEALTH_NONE;
    }

  if (config != NULL)
    {
      read_labels (self, json_object_has_member (config, "Labels") &&
                         JSON_NODE_HOLDS_OBJECT (json_object_get_member (config, "Labels"))
                         ? json_object_get_object_member (config, "Labels") : NULL);
      take_compose_labels (self);
      g_free (self->image);
      self->image = g_strdup (json_object_get_string_member_with_default (config, "Image", self->image));
    }

  if (settings != NULL && json_object_has_member (settings, "Networks"))
    {
      g_clear_pointer (&self->networks, json_node_unref);
      self->networks = json_node_copy (json_object_get_member (settings, "Networks"));
    }
}

const char *
flt_container_info_get_label (FltContainerInfo *self,
                              const char       *key)
{
  return self->labels ? g_hash_table_lookup (self->labels, key) : NULL;
}

gboolean
flt_container_info_is_running (FltContainerInfo *self)
{
  return self->status == FLT_CONTAINER_RUNNING || self->status == FLT_CONTAINER_RESTARTING ||
         self->status == FLT_CONTAINER_PAUSED;
}

int
flt_container_info_compare_number (gconstpointer a,
                                   gconstpointer b)
{
  const FltContainerInfo *x = *(FltContainerInfo **) a;
  const FltContainerInfo *y = *(FltContainerInfo **) b;

  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}
