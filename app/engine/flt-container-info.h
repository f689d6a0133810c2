/* flt-container-info.h: a container of a Compose project, as the engine lists it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The labels Compose puts on what it creates (engine-api.md, section 1.4). */
#define FLT_LABEL_PROJECT         "com.docker.compose.project"
#define FLT_LABEL_SERVICE         "com.docker.compose.service"
#define FLT_LABEL_NUMBER          "com.docker.compose.container-number"
#define FLT_LABEL_ONEOFF          "com.docker.compose.oneoff"
#define FLT_LABEL_CONFIG_HASH     "com.docker.compose.config-hash"
#define FLT_LABEL_VERSION         "com.docker.compose.version"
#define FLT_LABEL_WORKING_DIR     "com.docker.compose.project.working_dir"
#define FLT_LABEL_CONFIG_FILES    "com.docker.compose.project.config_files"
#define FLT_LABEL_ENVIRONMENT_FILE "com.docker.compose.project.environment_file"
#define FLT_LABEL_DEPENDS_ON      "com.docker.compose.depends_on"
#define FLT_LABEL_IMAGE           "com.docker.compose.image"
#define FLT_LABEL_REPLACE         "com.docker.compose.replace"
#define FLT_LABEL_NETWORK         "com.docker.compose.network"
#define FLT_LABEL_VOLUME          "com.docker.compose.volume"
/* Ours: a short hash per service key, so that a plan can say which keys
 * changed. */
#define FLT_LABEL_KEY_HASHES      "io.github.flotilla.key-hashes"

typedef enum
{
  FLT_CONTAINER_CREATED,
  FLT_CONTAINER_RUNNING,
  FLT_CONTAINER_PAUSED,
  FLT_CONTAINER_RESTARTING,
  FLT_CONTAINER_REMOVING,
  FLT_CONTAINER_EXITED,
  FLT_CONTAINER_DEAD,
} FltContainerStatus;

typedef enum
{
  FLT_HEALTH_NONE,
  FLT_HEALTH_STARTING,
  FLT_HEALTH_HEALTHY,
  FLT_HEALTH_UNHEALTHY,
} FltHealth;

/**
 * FltContainerInfo:
 *
 * What a listing (`GET /containers/json`) or an inspection says about one
 * container; health and exit code only come from an inspection or events.
 */
typedef struct
{
  grefcount ref_count;
  char *id;
  char *name;               /* without the leading "/" */
  char *image;
  char *command;
  gint64 created;           /* Unix seconds */
  char *state_text;         /* "Up 3 minutes", as the engine words it */
  FltContainerStatus status;
  FltHealth health;
  int exit_code;
  char *service;
  int number;               /* 0: not a numbered replica */
  gboolean oneoff;
  char *config_hash;
  char *image_id_label;
  char *key_hashes;
  GHashTable *labels;       /* string → string */
  JsonNode *ports;          /* the listing's Ports array, or NULL */
  JsonNode *networks;       /* NetworkSettings.Networks, or NULL */
} FltContainerInfo;

#define FLT_TYPE_CONTAINER_INFO (flt_container_info_get_type ())
GType              flt_container_info_get_type    (void) G_GNUC_CONST;

FltContainerInfo  *flt_container_info_new_from_json (JsonObject        *object);
FltContainerInfo  *flt_container_info_ref           (FltContainerInfo  *self);
void               flt_container_info_unref         (FltContainerInfo  *self);
void               flt_container_info_update_from_inspect (FltContainerInfo *self,
                                                    JsonObject        *inspect);
const char        *flt_container_info_get_label     (FltContainerInfo  *self,
                                                     const char        *key);
gboolean           flt_container_info_is_running    (FltContainerInfo  *self);
const char        *flt_container_status_to_string   (FltContainerStatus status);
FltContainerStatus flt_container_status_from_string (const char        *text);
const char        *flt_health_to_string             (FltHealth          health);
FltHealth          flt_health_from_string           (const char        *text);
int                flt_container_info_compare_number (gconstpointer     a,
                                                      gconstpointer     b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltContainerInfo, flt_container_info_unref)

G_END_DECLS
