/* flt-stack.c: a project deployed to a Docker Swarm as a stack, as
 * `docker stack deploy`, `ps` and `rm` do it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stack is what carries the com.docker.stack.namespace label: overlay
 * networks and Swarm services named "<stack>_<key>".  Deploying creates
 * what is missing and updates the services that exist in place (Swarm
 * restarts only the tasks whose spec changed); like `docker stack deploy`
 * it leaves services the file no longer has unless asked to prune.
 * Removing takes the services first, waits for their tasks to go, then
 * takes the networks, which Swarm refuses to remove while tasks use them.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-progress-report.h"
#include "flt-stack.h"

struct _FltStack
{
  GObject parent_instance;

  FltEngine *engine;
  FltProject *project;
  char *name;

  GMutex progress_lock;
  FltProgressFunc progress_func;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
};

G_DEFINE_FINAL_TYPE (FltStack, flt_stack, G_TYPE_OBJECT)

/* How long rm waits for the tasks of removed services to go, and then
 * for their networks to be free. */
#define REMOVE_WAIT_SECONDS 120
#define DEFAULT_DEPLOY_WAIT_SECONDS 300

/* Tasks and services */

void
flt_stack_task_free (FltStackTask *task)
{
  if (task == NULL)
    return;
  g_free (task->id);
  g_free (task->service);
  g_free (task->service_id);
  g_free (task->node_id);
  g_free (task->node);
  g_free (task->message);
  g_free (task->error);
  g_free (task->container_id);
  g_free (task->image);
  g_free (task->ports);
  g_free (task);
}

void
flt_stack_service_free (FltStackService *service)
{
  if (service == NULL)
    return;
  g_free (service->id);
  g_free (service->name);
  g_free (service->service);
  g_free (service->image);
  g_free (service->ports);
  g_free (service->update_state);
  g_free (service->update_message);
  g_free (service);
}

static const char * const task_states[] = {
  "new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting",
  "running", "complete", "shutdown", "failed", "rejected", "remove", "orphaned", "unknown",
};

G_STATIC_ASSERT (G_N_ELEMENTS (task_states) == FLT_TASK_UNKNOWN + 1);

/* The engine's word for the state: "running", "shutdown"… */
const char *
flt_task_state_to_string (FltTaskState state)
{
  if ((guint) state > FLT_TASK_UNKNOWN)
    state = FLT_TASK_UNKNOWN;
  return task_states[state];
}

FltTaskState
flt_task_state_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (task_states); i++)
    if (g_strcmp0 (text, task_states[i]) == 0)
      return i;
  return FLT_TASK_UNKNOWN;
}

gboolean
flt_task_state_is_final (FltTaskState state)
{
  return state >= FLT_TASK_COMPLETE && state != FLT_TASK_UNKNOWN;
}

/* The state as a person reads it, translated. */
const char *
flt_task_state_describe (FltTaskState state)
{
  switch (state)
    {
    /* Translators: the states of a Swarm task, as `docker stack ps` shows them */
    case FLT_TASK_NEW: return C_("task", "New");
    case FLT_TASK_ALLOCATED: return C_("task", "Allocated");
    case FLT_TASK_PENDING: return C_("task", "Pending");
    case FLT_TASK_ASSIGNED: return C_("task", "Assigned");
    case FLT_TASK_ACCEPTED: return C_("task", "Accepted");
    case FLT_TASK_PREPARING: return C_("task", "Preparing");
    case FLT_TASK_READY: return C_("task", "Ready");
    case FLT_TASK_STARTING: return C_("task", "Starting");
    case FLT_TASK_RUNNING: return C_("task", "Running");
    case FLT_TASK_COMPLETE: return C_("task", "Complete");
    case FLT_TASK_SHUTDOWN: return C_("task", "Shutdown");
    case FLT_TASK_FAILED: return C_("task", "Failed");
    case FLT_TASK_REJECTED: return C_("task", "Rejected");
    case FLT_TASK_REMOVE: return C_("task", "Remove");
    case FLT_TASK_ORPHANED: return C_("task", "Orphaned");
    case FLT_TASK_UNKNOWN:
    default: return C_("task", "Unknown");
    }
}

/* JSON helpers */

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static gint64
int_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/* A reply of the wrong shape: not an engine, or not the API we speak. */
static void
set_shape_error (GError     **error,
                 const char  *request)
{
  if (error != NULL && *error == NULL)
    g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PROTOCOL,
                 _("the Docker Engine’s answer to %s is not what the Engine API describes; is it a "
                   "Docker Engine?"),
                 request);
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return time ? g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time) : 0;
}

/* "*:8080->80/tcp, ..." from an array of EndpointPortConfig, each once. */
static char *
ports_text (JsonArray *ports)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
    {
      JsonObject *p = json_array_get_object_element (ports, i);
      gint64 published = int_member (p, "PublishedPort");
      const char *protocol = string_member (p, "Protocol");
      char *entry;

      if (published > 0)
        entry = g_strdup_printf ("*:%" G_GINT64_FORMAT "->%" G_GINT64_FORMAT "/%s", published,
                                 int_member (p, "TargetPort"), protocol ? protocol : "tcp");
      else
        entry = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", int_member (p, "TargetPort"),
                                 protocol ? protocol : "tcp");
      if (!g_hash_table_add (seen, entry))
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, entry);
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

/* The Swarm */

static FltSwarmRole
role_from_info (JsonNode *info)
{
  JsonObject *swarm = JSON_NODE_HOLDS_OBJECT (info) ? object_member (json_node_get_object (info), "Swarm") : NULL;
  const char *state = string_member (swarm, "LocalNodeState");

  if (state == NULL || *state == '\0' || g_str_equal (state, "inactive"))
    return FLT_SWARM_NONE;
  if (!g_str_equal (state, "active"))
    return FLT_SWARM_UNAVAILABLE;
  return json_object_get_boolean_member_with_default (swarm, "ControlAvailable", FALSE)
         ? FLT_SWARM_MANAGER : FLT_SWARM_WORKER;
}

/**
 * flt_swarm_get_role:
 *
 * Asks the engine (`GET /info`) what it is in a Swarm.
 *
 * Returns: the role; %FLT_SWARM_NONE with @error set when the engine
 *   cannot be asked
 */
FltSwarmRole
flt_swarm_get_role (FltEngine     *engine,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(JsonNode) info = flt_engine_call (engine, "GET", "/info", NULL, NULL, cancellable, error);

  if (info == NULL)
    return FLT_SWARM_NONE;
  return role_from_info (info);
}

static void
role_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) info = flt_engine_call_finish (FLT_ENGINE (object), result, &error);

  if (info == NULL)
    {
      if (error == NULL)
        set_shape_error (&error, "GET /info");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, role_from_info (info));
}

void
flt_swarm_get_role_async (FltEngine           *engine,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (engine, cancellable, callback, user_data);

  g_task_set_source_tag (task, flt_swarm_get_role_async);
  flt_engine_call_async (engine, "GET", "/info", NULL, cancellable, role_cb, task);
}

FltSwarmRole
flt_swarm_get_role_finish (FltEngine     *engine,
                           GAsyncResult  *result,
                           GError       **error)
{
  GError *local_error = NULL;
  gssize role;

  g_return_val_if_fail (g_task_is_valid (result, engine), FLT_SWARM_NONE);

  role = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FLT_SWARM_NONE;
    }
  return (FltSwarmRole) role;
}

static const char *
engine_where (FltEngine *engine)
{
  const FltEndpoint *endpoint = flt_engine_get_endpoint (engine);

  return endpoint->kind == FLT_ENDPOINT_UNIX ? endpoint->socket_path : endpoint->uri;
}

/**
 * flt_swarm_check_manager:
 *
 * Returns: whether stacks can be deployed on the engine; if not, @error
 *   says why and what to do
 */
gboolean
flt_swarm_check_manager (FltEngine     *engine,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  FltSwarmRole role = flt_swarm_get_role (engine, cancellable, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  switch (role)
    {
    case FLT_SWARM_MANAGER:
      return TRUE;
    case FLT_SWARM_WORKER:
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_NOT_MANAGER,
                   _("the Docker Engine at %s is a Swarm worker, not a manager: deploy from a "
                     "manager node (docker node ls there lists them), or promote this one with "
                     "docker node promote"),
                   engine_where (engine));
      return FALSE;
    case FLT_SWARM_UNAVAILABLE:
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_NOT_MANAGER,
                   _("the Docker Engine at %s is not an active Swarm manager (it is joining, "
                     "locked or in error): see docker info, and unlock it with docker swarm unlock "
                     "if it is locked"),
                   engine_where (engine));
      return FALSE;
    case FLT_SWARM_NONE:
    default:
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_NOT_SWARM,
                   _("the Docker Engine at %s is not a Swarm manager: run docker swarm init to "
                     "make it one (or docker swarm join to add it to a Swarm), then deploy again"),
                   engine_where (engine));
      return FALSE;
    }
}

/* The stack object */

static void
flt_stack_finalize (GObject *object)
{
  FltStack *self = FLT_STACK (object);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_clear_object (&self->engine);
  g_clear_object (&self->project);
  g_free (self->name);
  g_mutex_clear (&self->progress_lock);

  G_OBJECT_CLASS (flt_stack_parent_class)->finalize (object);
}

static void
flt_stack_class_init (FltStackClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_stack_finalize;
}

static void
flt_stack_init (FltStack *self)
{
  g_mutex_init (&self->progress_lock);
}

/**
 * flt_stack_new:
 * @project: (nullable): the project to deploy; listing and removing need
 *   only a name
 * @name: (nullable): the stack's name; %NULL for the project's name
 *
 * Returns: (transfer full): the stack
 */
FltStack *
flt_stack_new (FltEngine  *engine,
               FltProject *project,
               const char *name)
{
  FltStack *self;

  g_return_val_if_fail (FLT_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (project != NULL || name != NULL, NULL);

  self = g_object_new (FLT_TYPE_STACK, NULL);
  self->engine = g_object_ref (engine);
  self->project = project ? g_object_ref (project) : NULL;
  self->name = g_strdup (name ? name : flt_project_get_name (project));
  return self;
}

const char *
flt_stack_get_name (FltStack *self)
{
  g_return_val_if_fail (FLT_IS_STACK (self), NULL);

  return self->name;
}

FltEngine *
flt_stack_get_engine (FltStack *self)
{
  g_return_val_if_fail (FLT_IS_STACK (self), NULL);

  return self->engine;
}

FltProject *
flt_stack_get_project (FltStack *self)
{
  g_return_val_if_fail (FLT_IS_STACK (self), NULL);

  return self->project;
}

/**
 * flt_stack_set_progress_func:
 * @func: (nullable): called for every step: from the working thread in
 *   the blocking calls, in the caller's main context in the asynchronous
 *   ones
 */
void
flt_stack_set_progress_func (FltStack        *self,
                             FltProgressFunc  func,
                             gpointer         user_data,
                             GDestroyNotify   destroy)
{
  g_return_if_fail (FLT_IS_STACK (self));

  g_mutex_lock (&self->progress_lock);
  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
  g_mutex_unlock (&self->progress_lock);
}

/* One deploy or remove: where its progress goes. */
typedef struct
{
  FltStack *stack;
  GCancellable *cancellable;
  GMainContext *deliver_to;   /* NULL: report from the working thread */
  FltProgressFunc func;
  gpointer data;
} Operation;

static void progress (Operation        *op,
                      FltProgressState  state,
                      const char       *kind,
                      const char       *name,
                      const char       *service,
                      double            fraction,
                      const char       *format,
                      ...) G_GNUC_PRINTF (7, 8);

static void
progress (Operation        *op,
          FltProgressState  state,
          const char       *kind,
          const char       *name,
          const char       *service,
          double            fraction,
          const char       *format,
          ...)
{
  g_autofree char *text = NULL;
  FltProgress p;
  va_list args;

  if (op->func == NULL)
    return;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  p.kind = kind;
  p.name = name;
  p.service = service;
  p.text = text;
  p.state = state;
  p.fraction = fraction;
  _flt_progress_report (op->func, op->data, op->deliver_to, NULL, &p);
}

static void
operation_init (Operation    *op,
                FltStack     *self,
                GMainContext *deliver_to,
                GCancellable *cancellable)
{
  op->stack = self;
  op->cancellable = cancellable;
  op->deliver_to = deliver_to;
  g_mutex_lock (&self->progress_lock);
  op->func = self->progress_func;
  op->data = self->progress_data;
  g_mutex_unlock (&self->progress_lock);
}

/* Sleeps @milliseconds unless cancelled first. */
static gboolean
pause_for (GCancellable *cancellable,
           guint         milliseconds)
{
  for (guint waited = 0; waited < milliseconds; waited += 50)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (50 * 1000);
    }
  return !g_cancellable_is_cancelled (cancellable);
}

static gboolean
set_cancelled (GCancellable  *cancellable,
               GError       **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  return FALSE;
}

/* Listing */

static char *
namespace_filters (FltStack   *self,
                   const char *extra_key,
                   const char *extra_value)
{
  g_autofree char *label = g_strdup_printf ("%s=%s", FLT_STACK_LABEL_NAMESPACE, self->name);

  return flt_engine_filters ("label", label, extra_key, extra_value, NULL);
}

/* The stack's services as the engine has them, or NULL with @error set. */
static JsonArray *
get_services (FltStack      *self,
              JsonNode     **holder,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *filters = namespace_filters (self, NULL, NULL);
  g_autofree char *path = g_strdup_printf ("/services?%s", filters);
  JsonNode *reply = flt_engine_call (self->engine, "GET", path, NULL, NULL, cancellable, error);

  *holder = reply;
  if (reply == NULL || !JSON_NODE_HOLDS_ARRAY (reply))
    {
      set_shape_error (error, "GET /services");
      return NULL;
    }
  return json_node_get_array (reply);
}

static JsonArray *
get_tasks (FltStack      *self,
           gboolean       all,
           JsonNode     **holder,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *filters = namespace_filters (self, all ? NULL : "desired-state", all ? NULL : "running");
  g_autofree char *path = g_strdup_printf ("/tasks?%s", filters);
  JsonNode *reply = flt_engine_call (self->engine, "GET", path, NULL, NULL, cancellable, error);

  *holder = reply;
  if (reply == NULL || !JSON_NODE_HOLDS_ARRAY (reply))
    {
      set_shape_error (error, "GET /tasks");
      return NULL;
    }
  return json_node_get_array (reply);
}

/* "<stack>_web" → "web"; a name outside the stack stays as it is. */
static char *
service_key (FltStack   *self,
             const char *name)
{
  gsize length = strlen (self->name);

  if (name != NULL && strncmp (name, self->name, length) == 0 && name[length] == '_')
    return g_strdup (name + length + 1);
  return g_strdup (name);
}

static FltStackService *
service_from_json (FltStack   *self,
                   JsonObject *object)
{
  FltStackService *s = g_new0 (FltStackService, 1);
  JsonObject *spec = object_member (object, "Spec");
  JsonObject *mode = object_member (spec, "Mode");
  JsonObject *container = object_member (object_member (spec, "TaskTemplate"), "ContainerSpec");
  JsonObject *update = object_member (object, "UpdateStatus");
  JsonObject *status = object_member (object, "ServiceStatus");

  s->id = g_strdup (string_member (object, "ID"));
  s->name = g_strdup (string_member (spec, "Name"));
  s->service = service_key (self, s->name);
  s->version = int_member (object_member (object, "Version"), "Index");
  s->image = g_strdup (string_member (container, "Image"));
  s->global = object_member (mode, "Global") != NULL || object_member (mode, "GlobalJob") != NULL;
  if (object_member (mode, "Replicated") != NULL)
    s->replicas = json_object_has_member (object_member (mode, "Replicated"), "Replicas")
                  ? int_member (object_member (mode, "Replicated"), "Replicas") : 1;
  if (status != NULL)
    {
      s->running = int_member (status, "RunningTasks");
      if (s->global)
        s->replicas = int_member (status, "DesiredTasks");
    }
  s->ports = ports_text (array_member (object_member (object, "Endpoint"), "Ports"));
  s->update_state = g_strdup (string_member (update, "State"));
  s->update_message = g_strdup (string_member (update, "Message"));
  return s;
}

static int
compare_services (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 ((*(FltStackService * const *) a)->name, (*(FltStackService * const *) b)->name);
}

/**
 * flt_stack_list_services:
 *
 * Returns: (transfer full) (element-type FltStackService): the stack's
 *   services with their running and desired task counts, by name; empty
 *   when the stack is not deployed
 */
GPtrArray *
flt_stack_list_services (FltStack      *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *filters = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  GPtrArray *list;
  JsonArray *array;

  g_return_val_if_fail (FLT_IS_STACK (self), NULL);

  if (!flt_swarm_check_manager (self->engine, cancellable, error))
    return NULL;

  /* status=1 counts the running and desired tasks (API 1.41). */
  filters = namespace_filters (self, NULL, NULL);
  path = g_strdup_printf ("/services?status=1&%s", filters);
  reply = flt_engine_call (self->engine, "GET", path, NULL, NULL, cancellable, error);
  if (reply == NULL || !JSON_NODE_HOLDS_ARRAY (reply))
    {
      set_shape_error (error, "GET /services");
      return NULL;
    }

  array = json_node_get_array (reply);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_stack_service_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (object != NULL)
        g_ptr_array_add (list, service_from_json (self, object));
    }
  g_ptr_array_sort (list, compare_services);
  return list;
}

/* Node ID → hostname. */
static GHashTable *
get_node_names (FltStack     *self,
                GCancellable *cancellable)
{
  g_autoptr(JsonNode) reply = flt_engine_call (self->engine, "GET", "/nodes", NULL, NULL, cancellable, NULL);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array = reply && JSON_NODE_HOLDS_ARRAY (reply) ? json_node_get_array (reply) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *node = json_array_get_object_element (array, i);
      const char *id = string_member (node, "ID");
      const char *hostname = string_member (object_member (node, "Description"), "Hostname");

      if (id != NULL && hostname != NULL)
        g_hash_table_insert (names, g_strdup (id), g_strdup (hostname));
    }
  return names;
}

static FltStackTask *
task_from_json (FltStack   *self,
                JsonObject *object,
                GHashTable *services,
                GHashTable *nodes)
{
  FltStackTask *t = g_new0 (FltStackTask, 1);
  JsonObject *status = object_member (object, "Status");
  JsonObject *container = object_member (status, "ContainerStatus");
  const char *err = string_member (status, "Err");
  const char *service_name;

  t->id = g_strdup (string_member (object, "ID"));
  t->service_id = g_strdup (string_member (object, "ServiceID"));
  service_name = g_hash_table_lookup (services, t->service_id ? t->service_id : "");
  t->service = service_name ? service_key (self, service_name) : g_strdup (t->service_id);
  t->slot = int_member (object, "Slot");
  t->node_id = g_strdup (string_member (object, "NodeID"));
  if (t->node_id != NULL && *t->node_id != '\0')
    {
      const char *hostname = g_hash_table_lookup (nodes, t->node_id);

      t->node = g_strdup (hostname ? hostname : t->node_id);
    }
  t->desired = flt_task_state_from_string (string_member (object, "DesiredState"));
  t->state = flt_task_state_from_string (string_member (status, "State"));
  t->message = g_strdup (string_member (status, "Message"));
  t->error = err != NULL && *err != '\0' ? g_strdup (err) : NULL;
  t->container_id = g_strdup (string_member (container, "ContainerID"));
  t->exit_code = int_member (container, "ExitCode");
  t->timestamp = parse_time (string_member (status, "Timestamp"));
  t->image = g_strdup (string_member (object_member (object_member (object, "Spec"), "ContainerSpec"), "Image"));
  t->ports = ports_text (array_member (object_member (status, "PortStatus"), "Ports"));
  return t;
}

/* By service, then slot (or node for global services), newest first. */
static int
compare_tasks (gconstpointer a,
               gconstpointer b)
{
  const FltStackTask *x = *(FltStackTask * const *) a;
  const FltStackTask *y = *(FltStackTask * const *) b;
  int c = g_strcmp0 (x->service, y->service);

  if (c != 0)
    return c;
  if (x->slot != y->slot)
    return x->slot < y->slot ? -1 : 1;
  if ((c = g_strcmp0 (x->node, y->node)) != 0)
    return c;
  return x->timestamp > y->timestamp ? -1 : x->timestamp < y->timestamp;
}

/**
 * flt_stack_list_tasks:
 * @all: also the tasks Swarm no longer wants running (history, failures)
 *
 * Returns: (transfer full) (element-type FltStackTask): the stack's tasks
 *   with their node and state, by service and slot; empty when the stack
 *   is not deployed
 */
GPtrArray *
flt_stack_list_tasks (FltStack      *self,
                      gboolean       all,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(JsonNode) services_holder = NULL;
  g_autoptr(JsonNode) tasks_holder = NULL;
  g_autoptr(GHashTable) services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) nodes = NULL;
  JsonArray *service_array, *task_array;
  GPtrArray *list;

  g_return_val_if_fail (FLT_IS_STACK (self), NULL);

  if (!flt_swarm_check_manager (self->engine, cancellable, error))
    return NULL;
  service_array = get_services (self, &services_holder, cancellable, error);
  if (service_array == NULL)
    return NULL;
  task_array = get_tasks (self, all, &tasks_holder, cancellable, error);
  if (task_array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (service_array); i++)
    {
      JsonObject *s = json_array_get_object_element (service_array, i);
      const char *id = string_member (s, "ID");
      const char *name = string_member (object_member (s, "Spec"), "Name");

      if (id != NULL && name != NULL)
        g_hash_table_insert (services, g_strdup (id), g_strdup (name));
    }
  nodes = get_node_names (self, cancellable);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_stack_task_free);
  for (guint i = 0; i < json_array_get_length (task_array); i++)
    {
      JsonObject *object = json_array_get_object_element (task_array, i);

      if (object != NULL)
        g_ptr_array_add (list, task_from_json (self, object, services, nodes));
    }
  g_ptr_array_sort (list, compare_tasks);
  return list;
}

/* Deploy */

/* The network called exactly @name, if any. */
static JsonNode *
find_network (FltStack      *self,
              const char    *name,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *escaped = escape (name);
  g_autofree char *path = g_strdup_printf ("/networks/%s", escaped);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = flt_engine_call (self->engine, "GET", path, NULL, NULL, cancellable, &local_error);

  if (reply == NULL)
    {
      if (local_error != NULL && !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* The lookup also matches ID prefixes. */
  if (!JSON_NODE_HOLDS_OBJECT (reply) ||
      g_strcmp0 (string_member (json_node_get_object (reply), "Name"), name) != 0)
    return NULL;
  return g_steal_pointer (&reply);
}

static gboolean
ensure_network (Operation   *op,
                const char  *key,
                GError     **error)
{
  FltStack *self = op->stack;
  FltNetwork *network = flt_project_get_network (self->project, key);
  g_autofree char *name = flt_stack_network_name (self->project, self->name, key);
  g_autoptr(JsonNode) existing = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scope;

  existing = find_network (self, name, op->cancellable, error);
  if (error != NULL && *error != NULL)
    return FALSE;

  if (network != NULL && flt_network_get_external (network))
    {
      if (existing == NULL)
        {
          g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                       _("the external network %s does not exist; create it first "
                         "(docker network create --driver overlay --attachable %s)"),
                       name, name);
          return FALSE;
        }
      scope = string_member (json_node_get_object (existing), "Scope");
      if (g_strcmp0 (scope, "swarm") != 0)
        {
          g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                       _("the external network %s belongs to this engine alone (its scope is %s), "
                         "so Swarm services cannot join it; use an overlay network"),
                       name, scope ? scope : "local");
          return FALSE;
        }
      return TRUE;
    }

  if (existing != NULL)
    {
      scope = string_member (json_node_get_object (existing), "Scope");
      if (g_strcmp0 (scope, "swarm") != 0)
        {
          g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                       _("a network called %s already exists on this engine, but it is a %s network "
                         "of this engine alone, not a Swarm one (did Up start the project here?): "
                         "take the project down first, or deploy the stack under another name"),
                       name, string_member (json_node_get_object (existing), "Driver"));
          return FALSE;
        }
      return TRUE;
    }

  progress (op, FLT_PROGRESS_WORKING, "Network", name, NULL, -1, _("Creating"));
  body = flt_stack_network_spec (self->project, self->name, key, !flt_engine_api_at_least (self->engine, 1, 44));
  created = flt_engine_call (self->engine, "POST", "/networks/create", body, NULL, op->cancellable, &local_error);
  if (local_error != NULL && !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONFLICT))
    {
      progress (op, FLT_PROGRESS_ERROR, "Network", name, NULL, -1, "%s", local_error->message);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || flt_engine_error_is_gone (local_error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                     _("the network %s cannot be created: %s"), name, local_error->message);
      return FALSE;
    }
  /* Translators: a network's state, after its name in the progress of a deploy */
  progress (op, FLT_PROGRESS_DONE, "Network", name, NULL, 1, C_("network", "Created"));
  return TRUE;
}

/* The engine's warnings on a create or update: "Warning" (1.41 and
 * before) or "Warnings". */
static void
report_warnings (Operation  *op,
                 JsonNode   *reply,
                 const char *name,
                 const char *service)
{
  JsonObject *object = reply && JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  JsonArray *warnings = array_member (object, "Warnings");
  const char *warning = string_member (object, "Warning");

  if (warning != NULL && *warning != '\0')
    progress (op, FLT_PROGRESS_WARNING, "Service", name, service, -1, "%s", warning);
  for (guint i = 0; warnings != NULL && i < json_array_get_length (warnings); i++)
    if (json_array_get_string_element (warnings, i) != NULL)
      progress (op, FLT_PROGRESS_WARNING, "Service", name, service, -1, "%s",
                json_array_get_string_element (warnings, i));
}

static gboolean
create_service (Operation   *op,
                FltService  *service,
                JsonNode    *spec,
                const char  *name,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  progress (op, FLT_PROGRESS_WORKING, "Service", name, flt_service_get_name (service), -1, _("Creating"));
  reply = flt_engine_call (op->stack->engine, "POST", "/services/create", spec, NULL, op->cancellable, &local_error);
  if (local_error != NULL)
    {
      progress (op, FLT_PROGRESS_ERROR, "Service", name, flt_service_get_name (service), -1,
                "%s", local_error->message);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || flt_engine_error_is_gone (local_error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                     _("the Swarm service %s cannot be created: %s"), name, local_error->message);
      return FALSE;
    }
  report_warnings (op, reply, name, flt_service_get_name (service));
  /* Translators: a Swarm service's state, after its name in the progress of a deploy */
  progress (op, FLT_PROGRESS_DONE, "Service", name, flt_service_get_name (service), 1, C_("service", "Created"));
  return TRUE;
}

/* Updates in place: the current version, and its ForceUpdate counter kept
 * so that an unchanged spec restarts nothing (docker does the same). */
static gboolean
update_service (Operation   *op,
                FltService  *service,
                JsonNode    *spec,
                const char  *name,
                const char  *id,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *escaped = escape (id);

  progress (op, FLT_PROGRESS_WORKING, "Service", name, flt_service_get_name (service), -1, _("Updating"));

  /* A version that moved on between the read and the write is retried. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autofree char *inspect_path = g_strdup_printf ("/services/%s", escaped);
      g_autofree char *update_path = NULL;
      g_autoptr(JsonNode) current = NULL;
      g_autoptr(JsonNode) body = json_node_copy (spec);
      g_autoptr(JsonNode) reply = NULL;
      JsonObject *object, *template;

      g_clear_error (&local_error);
      current = flt_engine_call (op->stack->engine, "GET", inspect_path, NULL, NULL, op->cancellable, &local_error);
      if (current == NULL || !JSON_NODE_HOLDS_OBJECT (current))
        break;
      object = json_node_get_object (current);
      template = object_member (json_node_get_object (body), "TaskTemplate");
      json_object_set_int_member (template, "ForceUpdate",
                                  int_member (object_member (object_member (object, "Spec"), "TaskTemplate"),
                                              "ForceUpdate"));
      update_path = g_strdup_printf ("/services/%s/update?version=%" G_GINT64_FORMAT, escaped,
                                     int_member (object_member (object, "Version"), "Index"));
      reply = flt_engine_call (op->stack->engine, "POST", update_path, body, NULL, op->cancellable, &local_error);
      if (local_error == NULL)
        {
          report_warnings (op, reply, name, flt_service_get_name (service));
          progress (op, FLT_PROGRESS_DONE, "Service", name, flt_service_get_name (service), 1, _("Updated"));
          return TRUE;
        }
      if (strstr (local_error->message, "out of sequence") == NULL)
        break;
    }

  if (local_error == NULL)
    set_shape_error (&local_error, "GET /services/{id}");
  progress (op, FLT_PROGRESS_ERROR, "Service", name, flt_service_get_name (service), -1, "%s", local_error->message);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || flt_engine_error_is_gone (local_error))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                 _("the Swarm service %s cannot be updated: %s"), name, local_error->message);
  return FALSE;
}

static gboolean
remove_service (Operation   *op,
                const char  *name,
                const char  *id,
                GError     **error)
{
  g_autofree char *escaped = escape (id);
  g_autofree char *path = g_strdup_printf ("/services/%s", escaped);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = service_key (op->stack, name);

  progress (op, FLT_PROGRESS_WORKING, "Service", name, key, -1, _("Removing"));
  flt_engine_call (op->stack->engine, "DELETE", path, NULL, NULL, op->cancellable, &local_error);
  if (local_error != NULL && !g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
    {
      progress (op, FLT_PROGRESS_ERROR, "Service", name, key, -1, "%s", local_error->message);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || flt_engine_error_is_gone (local_error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                     _("the Swarm service %s cannot be removed: %s"), name, local_error->message);
      return FALSE;
    }
  /* Translators: a Swarm service's state, after its name in the progress of stack rm */
  progress (op, FLT_PROGRESS_DONE, "Service", name, key, 1, C_("service", "Removed"));
  return TRUE;
}

/* Whether @task runs the service's current spec: what a rolling update
 * has already replaced does not count.  The engine adds "Runtime" to the
 * service's copy only. */
static gboolean
task_is_current (JsonObject *task,
                 JsonObject *template)
{
  JsonObject *spec = object_member (task, "Spec");
  g_autoptr(GList) members = NULL;

  if (spec == NULL || template == NULL)
    return TRUE;
  members = json_object_get_members (template);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *mine = json_object_get_member (spec, l->data);

      if (g_str_equal (l->data, "Runtime"))
        continue;
      if (mine == NULL || !json_node_equal (mine, json_object_get_member (template, l->data)))
        return FALSE;
    }
  g_clear_pointer (&members, g_list_free);
  members = json_object_get_members (spec);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "Runtime") && !json_object_has_member (template, l->data))
      return FALSE;
  return TRUE;
}

typedef struct
{
  char *name;           /* "<stack>_<service>" */
  char *service;        /* the compose service */
  guint running;        /* reported last, G_MAXUINT before the first report */
  gboolean done;
  char *last_error;
} Waiting;

static void
waiting_free (Waiting *w)
{
  g_free (w->name);
  g_free (w->service);
  g_free (w->last_error);
  g_free (w);
}

/* Until each service runs as many tasks of its current spec as it wants,
 * reporting counts and task failures on the way. */
static gboolean
wait_converged (Operation  *op,
                GPtrArray  *waiting,
                guint       timeout,
                GError    **error)
{
  FltStack *self = op->stack;
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = started + (gint64) timeout * G_USEC_PER_SEC;
  gint64 deploy_time = g_get_real_time ();
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (;;)
    {
      g_autoptr(JsonNode) services_holder = NULL;
      g_autoptr(JsonNode) tasks_holder = NULL;
      JsonArray *services = get_services (self, &services_holder, op->cancellable, error);
      JsonArray *tasks = services ? get_tasks (self, TRUE, &tasks_holder, op->cancellable, error) : NULL;
      gboolean all_done = TRUE;

      if (tasks == NULL)
        return FALSE;

      for (guint i = 0; i < waiting->len; i++)
        {
          Waiting *w = g_ptr_array_index (waiting, i);
          JsonObject *service = NULL, *spec, *mode, *template, *update;
          const char *id, *update_state;
          guint running = 0, wanted = 1, desired = 0;
          gboolean job;

          if (w->done)
            continue;
          for (guint j = 0; j < json_array_get_length (services) && service == NULL; j++)
            {
              JsonObject *candidate = json_array_get_object_element (services, j);

              if (g_strcmp0 (string_member (object_member (candidate, "Spec"), "Name"), w->name) == 0)
                service = candidate;
            }
          if (service == NULL)
            {
              g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                           _("the Swarm service %s disappeared while it was being deployed"), w->name);
              return FALSE;
            }

          id = string_member (service, "ID");
          spec = object_member (service, "Spec");
          mode = object_member (spec, "Mode");
          template = object_member (spec, "TaskTemplate");
          update = object_member (service, "UpdateStatus");
          update_state = string_member (update, "State");
          job = object_member (mode, "ReplicatedJob") != NULL || object_member (mode, "GlobalJob") != NULL;
          if (object_member (mode, "Replicated") != NULL &&
              json_object_has_member (object_member (mode, "Replicated"), "Replicas"))
            wanted = int_member (object_member (mode, "Replicated"), "Replicas");

          for (guint j = 0; j < json_array_get_length (tasks); j++)
            {
              JsonObject *task = json_array_get_object_element (tasks, j);
              JsonObject *status = object_member (task, "Status");
              FltTaskState state = flt_task_state_from_string (string_member (status, "State"));
              const char *err = string_member (status, "Err");
              const char *task_id = string_member (task, "ID");

              if (g_strcmp0 (string_member (task, "ServiceID"), id) != 0)
                continue;
              if (g_strcmp0 (string_member (task, "DesiredState"), "running") == 0)
                {
                  desired++;
                  if (state == FLT_TASK_RUNNING && task_is_current (task, template))
                    running++;
                }
              /* A failure of this deploy, said once per task. */
              if ((state == FLT_TASK_FAILED || state == FLT_TASK_REJECTED) && err != NULL && *err != '\0' &&
                  task_id != NULL && parse_time (string_member (status, "Timestamp")) >= deploy_time - G_USEC_PER_SEC &&
                  g_hash_table_add (reported, g_strdup (task_id)))
                {
                  /* Translators: a Swarm task failed; %d is its replica number, %s Swarm's reason */
                  progress (op, FLT_PROGRESS_WARNING, "Service", w->name, w->service, -1,
                            _("Task %d failed: %s"), (int) int_member (task, "Slot"), err);
                  g_free (w->last_error);
                  w->last_error = g_strdup (err);
                }
            }

          if (object_member (mode, "Global") != NULL)
            /* One per eligible node: as many as Swarm made, once it made
             * some (or after a while, when no node qualifies). */
            wanted = desired > 0 || g_get_monotonic_time () - started > 5 * G_USEC_PER_SEC ? desired : 1;

          if (g_strcmp0 (update_state, "paused") == 0 || g_strcmp0 (update_state, "rollback_paused") == 0 ||
              g_strcmp0 (update_state, "rollback_completed") == 0)
            {
              const char *message = string_member (update, "Message");

              progress (op, FLT_PROGRESS_ERROR, "Service", w->name, w->service, -1, "%s",
                        message ? message : update_state);
              g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                           _("the update of %s stopped (%s): %s; see flotilla-compose stack ps"),
                           w->name, update_state, message ? message : "");
              return FALSE;
            }

          if (job || (running >= wanted && g_strcmp0 (update_state, "updating") != 0 &&
                      g_strcmp0 (update_state, "rollback_started") != 0))
            {
              w->done = TRUE;
              progress (op, FLT_PROGRESS_DONE, "Service", w->name, w->service, 1,
                        "%s", job ? _("Started") : _("Running"));
              continue;
            }

          all_done = FALSE;
          if (running != w->running)
            {
              w->running = running;
              progress (op, FLT_PROGRESS_WORKING, "Service", w->name, w->service,
                        wanted > 0 ? (double) running / wanted : -1,
                        g_dngettext (GETTEXT_PACKAGE, "%u of %u task running", "%u of %u tasks running", wanted),
                        running, wanted);
            }
        }

      if (all_done)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        {
          for (guint i = 0; i < waiting->len; i++)
            {
              Waiting *w = g_ptr_array_index (waiting, i);

              if (w->done)
                continue;
              if (w->last_error != NULL)
                g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_TIMED_OUT,
                             ngettext ("%s did not get all its tasks running within %u second; the last "
                                       "failure: %s",
                                       "%s did not get all its tasks running within %u seconds; the last "
                                       "failure: %s", timeout),
                             w->name, timeout, w->last_error);
              else
                g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_TIMED_OUT,
                             ngettext ("%s did not get all its tasks running within %u second; see "
                                       "flotilla-compose stack ps for where they are",
                                       "%s did not get all its tasks running within %u seconds; see "
                                       "flotilla-compose stack ps for where they are", timeout),
                             w->name, timeout);
              return FALSE;
            }
        }
      if (!pause_for (op->cancellable, 500))
        return set_cancelled (op->cancellable, error);
    }
}

static gboolean
deploy (FltStack                    *self,
        const FltStackDeployOptions *options,
        Operation                   *op,
        GError                     **error)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) waiting_free);
  g_autoptr(GHashTable) existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) deployed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) holder = NULL;
  JsonArray *current;

  if (self->project == NULL)
    {
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                   _("there is no compose file to deploy"));
      return FALSE;
    }
  if (flt_project_has_errors (self->project))
    {
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                   _("the project has errors; fix them before deploying it"));
      return FALSE;
    }
  if (!flt_stack_name_check (self->name, error))
    return FALSE;
  if (!flt_swarm_check_manager (self->engine, op->cancellable, error))
    return FALSE;

  /* Every service is converted before anything changes on the Swarm. */
  services = flt_stack_deployed_services (self->project);
  if (services->len == 0)
    {
      g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_INVALID,
                   _("the project has no services to deploy (are they all behind profiles?)"));
      return FALSE;
    }
  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *name = flt_stack_scoped_name (self->name, flt_service_get_name (service));
      JsonNode *spec = flt_stack_service_spec (self->project, service, self->name, warnings, error);

      if (spec == NULL)
        return FALSE;
      g_ptr_array_add (specs, spec);
      for (guint j = 0; j < warnings->len; j++)
        progress (op, FLT_PROGRESS_WARNING, "Service", name, flt_service_get_name (service), -1,
                  "%s", (char *) g_ptr_array_index (warnings, j));
    }

  keys = flt_stack_network_keys (self->project);
  for (guint i = 0; i < keys->len; i++)
    if (!ensure_network (op, g_ptr_array_index (keys, i), error))
      return FALSE;

  current = get_services (self, &holder, op->cancellable, error);
  if (current == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (current); i++)
    {
      JsonObject *object = json_array_get_object_element (current, i);
      const char *name = string_member (object_member (object, "Spec"), "Name");
      const char *id = string_member (object, "ID");

      if (name != NULL && id != NULL)
        g_hash_table_insert (existing, g_strdup (name), g_strdup (id));
    }

  for (guint i = 0; i < services->len; i++)
    {
      FltService *service = g_ptr_array_index (services, i);
      JsonNode *spec = g_ptr_array_index (specs, i);
      g_autofree char *name = flt_stack_scoped_name (self->name, flt_service_get_name (service));
      const char *id = g_hash_table_lookup (existing, name);
      Waiting *w;

      if (g_cancellable_is_cancelled (op->cancellable))
        return set_cancelled (op->cancellable, error);
      if (id != NULL ? !update_service (op, service, spec, name, id, error)
                     : !create_service (op, service, spec, name, error))
        return FALSE;
      g_hash_table_add (deployed, g_strdup (name));

      w = g_new0 (Waiting, 1);
      w->name = g_strdup (name);
      w->service = g_strdup (flt_service_get_name (service));
      w->running = G_MAXUINT;
      g_ptr_array_add (waiting, w);
    }

  /* What the file no longer has. */
  {
    GHashTableIter iter;
    gpointer existing_name;
    g_autoptr(GPtrArray) stale = g_ptr_array_new ();

    g_hash_table_iter_init (&iter, existing);
    while (g_hash_table_iter_next (&iter, &existing_name, NULL))
      if (!g_hash_table_contains (deployed, existing_name))
        g_ptr_array_add (stale, existing_name);
    g_ptr_array_sort (stale, (GCompareFunc) g_strcmp0);
    for (guint i = 0; i < stale->len; i++)
      {
        const char *name = g_ptr_array_index (stale, i);
        g_autofree char *key = service_key (self, name);

        if (options != NULL && options->prune)
          {
            if (!remove_service (op, name, g_hash_table_lookup (existing, name), error))
              return FALSE;
          }
        else
          progress (op, FLT_PROGRESS_WARNING, "Service", name, key, -1,
                    _("No longer in the file; it keeps running (deploy with prune to remove it)"));
      }
  }

  if (options != NULL && options->wait)
    return wait_converged (op, waiting, options->timeout ? options->timeout : DEFAULT_DEPLOY_WAIT_SECONDS,
                           error);
  return TRUE;
}

/**
 * flt_stack_deploy:
 *
 * Deploys the project as `docker stack deploy` does: an overlay network
 * for each network the services use, then a Swarm service per service,
 * created or updated in place.  Nothing changes when a service cannot be
 * converted.
 */
gboolean
flt_stack_deploy (FltStack                    *self,
                  const FltStackDeployOptions *options,
                  GCancellable                *cancellable,
                  GError                     **error)
{
  Operation op;

  g_return_val_if_fail (FLT_IS_STACK (self), FALSE);

  operation_init (&op, self, NULL, cancellable);
  return deploy (self, options, &op, error);
}

/* Remove */

static gboolean
remove_stack (FltStack   *self,
              Operation  *op,
              GError    **error)
{
  g_autoptr(JsonNode) services_holder = NULL;
  g_autoptr(JsonNode) networks_holder = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *filters = NULL;
  g_autofree char *path = NULL;
  JsonArray *services, *networks;
  gint64 deadline;

  if (!flt_swarm_check_manager (self->engine, op->cancellable, error))
    return FALSE;

  services = get_services (self, &services_holder, op->cancellable, error);
  if (services == NULL)
    return FALSE;
  filters = namespace_filters (self, NULL, NULL);
  path = g_strdup_printf ("/networks?%s", filters);
  networks_holder = flt_engine_call (self->engine, "GET", path, NULL, NULL, op->cancellable, error);
  if (networks_holder == NULL || !JSON_NODE_HOLDS_ARRAY (networks_holder))
    {
      set_shape_error (error, "GET /networks");
      return FALSE;
    }
  networks = json_node_get_array (networks_holder);

  if (json_array_get_length (services) == 0 && json_array_get_length (networks) == 0)
    {
      /* Translators: %s is a stack's name */
      progress (op, FLT_PROGRESS_WARNING, "Stack", self->name, NULL, -1, _("Nothing found in stack %s"),
                self->name);
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (services); i++)
    g_ptr_array_add (names, g_strdup_printf ("%s\n%s",
                                             string_member (object_member (json_array_get_object_element (services, i), "Spec"), "Name"),
                                             string_member (json_array_get_object_element (services, i), "ID")));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (names, i), "\n", 2);

      if (!remove_service (op, parts[0], parts[1], error))
        return FALSE;
    }

  /* Swarm keeps a network while tasks are attached to it: wait for the
   * tasks of the removed services to go first, and for their containers
   * on this node, which outlive the tasks by a moment. */
  deadline = g_get_monotonic_time () + REMOVE_WAIT_SECONDS * G_USEC_PER_SEC;
  if (json_array_get_length (services) > 0)
    {
      g_autofree char *containers_path = g_strdup_printf ("/containers/json?all=1&%s", filters);

      for (;;)
        {
          g_autoptr(JsonNode) tasks_holder = NULL;
          g_autoptr(JsonNode) containers = NULL;
          JsonArray *tasks = get_tasks (self, TRUE, &tasks_holder, op->cancellable, error);
          guint left;

          if (tasks == NULL)
            return FALSE;
          containers = flt_engine_call (self->engine, "GET", containers_path, NULL, NULL, op->cancellable, error);
          if (containers == NULL || !JSON_NODE_HOLDS_ARRAY (containers))
            {
              set_shape_error (error, "GET /containers/json");
              return FALSE;
            }
          left = MAX (json_array_get_length (tasks), json_array_get_length (json_node_get_array (containers)));
          if (left == 0)
            break;
          if (g_get_monotonic_time () > deadline)
            {
              progress (op, FLT_PROGRESS_WARNING, "Stack", self->name, NULL, -1,
                        g_dngettext (GETTEXT_PACKAGE, "%u task is still stopping",
                                     "%u tasks are still stopping", left),
                        left);
              break;
            }
          if (!pause_for (op->cancellable, 250))
            return set_cancelled (op->cancellable, error);
        }
    }

  for (guint i = 0; i < json_array_get_length (networks); i++)
    {
      JsonObject *network = json_array_get_object_element (networks, i);
      const char *name = string_member (network, "Name");
      g_autofree char *escaped = escape (string_member (network, "Id") ? string_member (network, "Id") : name);
      g_autofree char *network_path = g_strdup_printf ("/networks/%s", escaped);

      progress (op, FLT_PROGRESS_WORKING, "Network", name, NULL, -1, _("Removing"));
      for (;;)
        {
          g_autoptr(GError) local_error = NULL;

          flt_engine_call (self->engine, "DELETE", network_path, NULL, NULL, op->cancellable, &local_error);
          if (local_error == NULL || g_error_matches (local_error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NOT_FOUND))
            {
              /* Translators: a network's state, after its name in the progress of stack rm */
              progress (op, FLT_PROGRESS_DONE, "Network", name, NULL, 1, C_("network", "Removed"));
              break;
            }
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              flt_engine_error_is_gone (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* Still in use by a task's container that is on its way out. */
          if (g_get_monotonic_time () > deadline)
            {
              progress (op, FLT_PROGRESS_ERROR, "Network", name, NULL, -1, "%s", local_error->message);
              g_set_error (error, FLT_STACK_ERROR, FLT_STACK_ERROR_FAILED,
                           _("the network %s cannot be removed: %s"), name, local_error->message);
              return FALSE;
            }
          if (!pause_for (op->cancellable, 500))
            return set_cancelled (op->cancellable, error);
        }
    }
  return TRUE;
}

/**
 * flt_stack_remove:
 *
 * Removes the stack as `docker stack rm` does: its services, then (once
 * their tasks are gone) its networks.  Volumes stay, as they do with
 * docker.  A stack that is not there is no error; the progress says so.
 */
gboolean
flt_stack_remove (FltStack      *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Operation op;

  g_return_val_if_fail (FLT_IS_STACK (self), FALSE);

  operation_init (&op, self, NULL, cancellable);
  return remove_stack (self, &op, error);
}

/* Asynchronous wrappers */

typedef enum { DEPLOY, REMOVE, LIST_TASKS } Job;

typedef struct
{
  Job job;
  FltStackDeployOptions options;
  gboolean all;
  GMainContext *context;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  FltStack *self = source_object;
  TaskData *data = task_data;
  GError *error = NULL;
  Operation op;

  operation_init (&op, self, data->context, cancellable);
  switch (data->job)
    {
    case DEPLOY:
      if (deploy (self, &data->options, &op, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case REMOVE:
      if (remove_stack (self, &op, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case LIST_TASKS:
    default:
      {
        GPtrArray *tasks = flt_stack_list_tasks (self, data->all, cancellable, &error);

        if (tasks == NULL)
          g_task_return_error (task, error);
        else
          g_task_return_pointer (task, tasks, (GDestroyNotify) g_ptr_array_unref);
      }
      break;
    }
}

static void
start_task (FltStack            *self,
            TaskData            *data,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  data->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, run_thread);
}

void
flt_stack_deploy_async (FltStack                    *self,
                        const FltStackDeployOptions *options,
                        GCancellable                *cancellable,
                        GAsyncReadyCallback          callback,
                        gpointer                     user_data)
{
  TaskData *data = g_new0 (TaskData, 1);

  g_return_if_fail (FLT_IS_STACK (self));

  data->job = DEPLOY;
  if (options != NULL)
    data->options = *options;
  start_task (self, data, flt_stack_deploy_async, cancellable, callback, user_data);
}

gboolean
flt_stack_deploy_finish (FltStack      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
flt_stack_remove_async (FltStack            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  TaskData *data = g_new0 (TaskData, 1);

  g_return_if_fail (FLT_IS_STACK (self));

  data->job = REMOVE;
  start_task (self, data, flt_stack_remove_async, cancellable, callback, user_data);
}

gboolean
flt_stack_remove_finish (FltStack      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
flt_stack_list_tasks_async (FltStack            *self,
                            gboolean             all,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  TaskData *data = g_new0 (TaskData, 1);

  g_return_if_fail (FLT_IS_STACK (self));

  data->job = LIST_TASKS;
  data->all = all;
  start_task (self, data, flt_stack_list_tasks_async, cancellable, callback, user_data);
}

/**
 * flt_stack_list_tasks_finish:
 *
 * Returns: (transfer full) (element-type FltStackTask): the tasks
 */
GPtrArray *
flt_stack_list_tasks_finish (FltStack      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
