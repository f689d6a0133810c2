/* flt-runner-up.c: up, and the plan it follows
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "flt-runner-private.h"

static int
desired_replicas (FltService         *service,
                  const FltUpOptions *options)
{
  gpointer value;
  int n;

  if (options != NULL && options->scale != NULL &&
      g_hash_table_lookup_extended (options->scale, flt_service_get_name (service), NULL, &value))
    n = GPOINTER_TO_INT (value);
  else
    n = flt_service_get_replicas (service);

  if (flt_service_get_container_name (service) != NULL && n > 1)
    n = 1;
  return MAX (n, 0);
}

static FltPlanAction *
action_new (FltActionKind     kind,
            FltService       *service,
            FltContainerInfo *container,
            const char       *name,
            int               number)
{
  FltPlanAction *action = g_new0 (FltPlanAction, 1);

  action->kind = kind;
  action->service = g_strdup (flt_service_get_name (service));
  action->container = g_strdup (container ? container->name : name);
  action->container_id = container ? g_strdup (container->id) : NULL;
  action->number = container ? container->number : number;
  return action;
}

/* Why an existing container does not match the file any more, or NULL
 * when it does. */
static GStrv
recreate_reasons (FltOperation       *op,
                  FltService         *service,
                  FltContainerInfo   *container,
                  const char         *config_hash,
                  const char         *key_hashes,
                  const char         *image_id,
                  const FltUpOptions *options)
{
  g_autoptr(GStrvBuilder) reasons = g_strv_builder_new ();

  if (options != NULL && options->force_recreate)
    {
      g_strv_builder_add (reasons, _("--force-recreate"));
      return g_strv_builder_end (reasons);
    }

  if (g_strcmp0 (container->config_hash, config_hash) != 0)
    {
      if (container->key_hashes != NULL)
        {
          g_auto(GStrv) keys = flt_key_hashes_diff (container->key_hashes, key_hashes);

          for (guint i = 0; keys[i] != NULL; i++)
            g_strv_builder_add (reasons, keys[i]);
          if (keys[0] == NULL)
            g_strv_builder_add (reasons, _("the environment or an env file changed"));
        }
      else
        g_strv_builder_add (reasons, _("made by another tool or version (its config-hash differs)"));
    }
  else if (image_id != NULL && container->image_id_label != NULL &&
           g_strcmp0 (container->image_id_label, image_id) != 0)
    g_strv_builder_add (reasons, _("the image changed"));

  {
    GStrv result = g_strv_builder_end (reasons);

    if (result[0] == NULL)
      {
        g_strfreev (result);
        return NULL;
      }
    return result;
  }
}

/* What up does to one service's containers. */
static gboolean
plan_service (FltOperation        *op,
              FltService          *service,
              const FltUpOptions  *options,
              FltPlan             *plan,
              GError             **error)
{
  g_autoptr(FltContainerSpec) spec = NULL;
  g_autofree char *key_hashes = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  const char *image_id;
  int wanted = desired_replicas (service, options);
  int highest = 0;
  int kept = 0;

  spec = flt_container_spec_new (op->project, service, 1, NULL, TRUE, _flt_operation_lookup, op, error);
  if (spec == NULL)
    return FALSE;
  key_hashes = flt_service_key_hashes (op->project, service);

  g_mutex_lock (&op->lock);
  existing = g_ptr_array_ref (_flt_operation_containers_of (op, flt_service_get_name (service)));
  image_id = g_hash_table_lookup (op->image_ids, flt_service_get_name (service));
  g_mutex_unlock (&op->lock);

  for (guint i = 0; i < existing->len; i++)
    {
      FltContainerInfo *c = g_ptr_array_index (existing, i);
      FltPlanAction *action;
      g_auto(GStrv) reasons = NULL;
      gboolean rebuilt = FALSE;

      highest = MAX (highest, c->number);
      if (kept >= wanted)
        {
          g_ptr_array_add (plan->actions, action_new (FLT_ACTION_SCALE_DOWN, service, c, NULL, 0));
          continue;
        }
      kept++;

      for (guint j = 0; j < plan->builds->len; j++)
        rebuilt |= g_str_equal (g_ptr_array_index (plan->builds, j), flt_service_get_name (service));

      reasons = recreate_reasons (op, service, c, spec->config_hash, key_hashes, image_id, options);
      if (reasons == NULL && rebuilt)
        reasons = g_strsplit (_("the image is rebuilt"), "\n", -1);

      if (reasons != NULL && !(options && options->no_recreate))
        {
          action = action_new (FLT_ACTION_RECREATE, service, c, NULL, 0);
          action->reasons = g_steal_pointer (&reasons);
        }
      else if (!flt_container_info_is_running (c))
        action = action_new (FLT_ACTION_START, service, c, NULL, 0);
      else
        action = action_new (FLT_ACTION_KEEP, service, c, NULL, 0);
      g_ptr_array_add (plan->actions, action);
    }

  /* New replicas take numbers after the highest, as Compose numbers them. */
  for (int n = kept; n < wanted; n++)
    {
      g_autofree char *name = flt_container_name (op->project, service, ++highest);

      g_ptr_array_add (plan->actions, action_new (FLT_ACTION_CREATE, service, NULL, name, highest));
    }

  return TRUE;
}

static gboolean
plan_all (FltOperation        *op,
          GPtrArray           *targets,
          const FltUpOptions  *options,
          FltPlan             *plan,
          GError             **error)
{
  for (guint i = 0; i < targets->len; i++)
    if (!plan_service (op, g_ptr_array_index (targets, i), options, plan, error))
      return FALSE;

  for (guint i = 0; options && options->remove_orphans && i < op->orphans->len; i++)
    {
      FltContainerInfo *c = g_ptr_array_index (op->orphans, i);
      FltPlanAction *action = g_new0 (FltPlanAction, 1);

      action->kind = FLT_ACTION_REMOVE_ORPHAN;
      action->service = g_strdup (c->service);
      action->container = g_strdup (c->name);
      action->container_id = g_strdup (c->id);
      action->number = c->number;
      g_ptr_array_add (plan->actions, action);
    }

  return TRUE;
}

FltPlan *
_flt_runner_plan (FltRunner           *self,
                  const FltUpOptions  *options,
                  GMainContext        *deliver_to,
                  GCancellable        *cancellable,
                  GError             **error)
{
  FltOperation *op = _flt_operation_new (self, deliver_to, cancellable);
  g_autoptr(GPtrArray) targets = NULL;
  FltPlan *plan = _flt_plan_new ();
  gboolean ok;

  targets = _flt_runner_targets (self, options ? options->services : NULL, TRUE, error);
  ok = targets != NULL &&
       flt_engine_connect (self->engine, cancellable, error) &&
       _flt_runner_ensure_images (op, targets, options, plan, error) &&
       _flt_runner_ensure_networks (op, targets, plan, error) &&
       _flt_runner_ensure_volumes (op, targets, plan, error) &&
       _flt_operation_list (op, FALSE, error) &&
       plan_all (op, targets, options, plan, error);

  _flt_operation_free (op);
  if (!ok)
    {
      flt_plan_free (plan);
      return NULL;
    }
  return plan;
}

/**
 * flt_runner_plan:
 *
 * What up would do, per container, from the file and the engine's state,
 * without changing anything: the `up --dry-run` of the command line.
 *
 * Returns: (transfer full): the plan, or %NULL on error
 */
FltPlan *
flt_runner_plan (FltRunner           *self,
                 const FltUpOptions  *options,
                 GCancellable        *cancellable,
                 GError             **error)
{
  return _flt_runner_plan (self, options, NULL, cancellable, error);
}

/* Creating containers */

static FltContainerInfo *
create_container (FltOperation  *op,
                  FltService    *service,
                  int            number,
                  const char    *name,
                  const char    *replaces,
                  GError       **error)
{
  g_autoptr(FltContainerSpec) spec = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  const char *image_id;
  const char *id;
  FltContainerInfo *info;
  gboolean all_networks = flt_engine_api_at_least (op->engine, 1, 44);

  g_mutex_lock (&op->lock);
  image_id = g_hash_table_lookup (op->image_ids, flt_service_get_name (service));
  g_mutex_unlock (&op->lock);

  spec = flt_container_spec_new (op->project, service, number, image_id, all_networks,
                                 _flt_operation_lookup, op, error);
  if (spec == NULL)
    return NULL;

  if (replaces != NULL)
    {
      JsonObject *labels = json_object_get_object_member (json_node_get_object (spec->body), "Labels");
      g_autofree char *replace = g_strdup_printf ("%s-%d", flt_service_get_name (service), number);

      json_object_set_string_member (labels, FLT_LABEL_REPLACE, replace);
    }

  escaped = g_uri_escape_string (name, NULL, FALSE);
  path = g_strdup_printf ("/containers/create?name=%s", escaped);
  _flt_runner_progress (op, FLT_PROGRESS_WORKING, "Container", spec->name, flt_service_get_name (service), -1,
                        _("Creating"));
  reply = flt_engine_call (op->engine, "POST", path, spec->body, NULL, op->cancellable, &local_error);
  if (reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
    {
      const char *why = local_error ? local_error->message : _("the engine gave no container ID");

      _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Container", spec->name, flt_service_get_name (service), -1,
                            "%s", why);
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                   _("the container %s of the service %s cannot be created: %s"),
                   spec->name, flt_service_get_name (service), why);
      return NULL;
    }
  id = json_object_get_string_member_with_default (json_node_get_object (reply), "Id", NULL);

  /* Older engines take one network at create: connect the others now, so
   * that the container has them all when it starts. */
  for (guint i = 0; i < spec->extra_networks->len; i++)
    {
      JsonNode *body = g_ptr_array_index (spec->extra_networks, i);
      g_autofree char *network = g_uri_escape_string (g_ptr_array_index (spec->extra_network_names, i), NULL, FALSE);
      g_autofree char *connect = g_strdup_printf ("/networks/%s/connect", network);

      json_object_set_string_member (json_node_get_object (body), "Container", id);
      flt_engine_call (op->engine, "POST", connect, body, NULL, op->cancellable, &local_error);
      if (local_error != NULL)
        {
          _flt_runner_progress (op, FLT_PROGRESS_ERROR, "Container", spec->name, flt_service_get_name (service), -1,
                                "%s", local_error->message);
          g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                       _("the container %s cannot join the network %s: %s"),
                       spec->name, (char *) g_ptr_array_index (spec->extra_network_names, i), local_error->message);
          return NULL;
        }
    }

  info = g_new0 (FltContainerInfo, 1);
  g_ref_count_init (&info->ref_count);
  info->id = g_strdup (id);
  info->name = g_strdup (name);
  info->service = g_strdup (flt_service_get_name (service));
  info->number = number;
  info->status = FLT_CONTAINER_CREATED;
  info->exit_code = -1;
  info->config_hash = g_strdup (spec->config_hash);
  info->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Translators: a container's state, after its name in the progress of Up */
  _flt_runner_progress (op, FLT_PROGRESS_DONE, "Container", spec->name, flt_service_get_name (service), 1,
                        C_("container", "Created"));
  return info;
}

static void
replace_in_list (FltOperation     *op,
                 const char       *service,
                 FltContainerInfo *old,
                 FltContainerInfo *new_container)
{
  GPtrArray *list;

  g_mutex_lock (&op->lock);
  list = _flt_operation_containers_of (op, service);
  if (old != NULL)
    g_ptr_array_remove (list, old);
  if (new_container != NULL)
    {
      g_ptr_array_add (list, new_container);
      g_ptr_array_sort (list, flt_container_info_compare_number);
    }
  g_mutex_unlock (&op->lock);
}

static FltContainerInfo *
find_container (FltOperation *op,
                const char   *service,
                const char   *id)
{
  GPtrArray *list;
  FltContainerInfo *found = NULL;

  g_mutex_lock (&op->lock);
  list = _flt_operation_containers_of (op, service);
  for (guint i = 0; i < list->len && found == NULL; i++)
    if (g_strcmp0 (((FltContainerInfo *) g_ptr_array_index (list, i))->id, id) == 0)
      found = g_ptr_array_index (list, i);
  g_mutex_unlock (&op->lock);
  return found;
}

/**
 * _flt_runner_recreate_container:
 * @old: one of the operation's containers of @service
 *
 * As Compose recreates: the new container under a temporary name, the old
 * one stopped and removed, then the new one renamed.  It takes @old's
 * place in the operation's list.
 *
 * Returns: (transfer none) (nullable): the new container, owned by the
 *   operation, or %NULL with @error set
 */
FltContainerInfo *
_flt_runner_recreate_container (FltOperation     *op,
                                FltService       *service,
                                FltContainerInfo *old,
                                GError          **error)
{
  g_autofree char *name = g_strdup (old->name);
  g_autofree char *temporary = g_strdup_printf ("%.12s_%s", old->id, old->name);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  FltContainerInfo *created;

  created = create_container (op, service, old->number, temporary, old->name, error);
  if (created == NULL)
    return NULL;

  if (!_flt_runner_stop_container (op, old, -1, error) ||
      !_flt_runner_remove_container (op, old, FALSE, error))
    {
      flt_container_info_unref (created);
      return NULL;
    }

  escaped = g_uri_escape_string (name, NULL, FALSE);
  path = g_strdup_printf ("/containers/%s/rename?name=%s", created->id, escaped);
  flt_engine_call (op->engine, "POST", path, NULL, NULL, op->cancellable, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_FAILED,
                   _("the recreated container of the service %s cannot take the name %s back: %s"),
                   flt_service_get_name (service), name, local_error->message);
      flt_container_info_unref (created);
      return NULL;
    }
  g_free (created->name);
  created->name = g_strdup (name);
  _flt_runner_progress (op, FLT_PROGRESS_DONE, "Container", name, flt_service_get_name (service), 1,
                        _("Recreated"));
  replace_in_list (op, flt_service_get_name (service), old, created);
  return created;
}

typedef struct
{
  FltOperation *op;
  FltService *service;
  FltPlan *plan;
  GHashTable *targets;      /* service names */
  GError *error;
} ServiceWork;

static gpointer
converge_service (gpointer data)
{
  ServiceWork *work = data;
  FltOperation *op = work->op;
  const char *service_name = flt_service_get_name (work->service);
  g_auto(GStrv) needs = _flt_runner_create_dependencies (work->service);

  /* A service's create call names the containers of its links,
   * volumes_from and service: modes: those come first.  Everything else
   * is made at once. */
  for (guint i = 0; needs[i] != NULL && work->error == NULL; i++)
    {
      if (!g_hash_table_contains (work->targets, needs[i]) || _flt_operation_wait_converged (op, needs[i]))
        continue;
      if (!g_cancellable_set_error_if_cancelled (op->cancellable, &work->error))
        g_set_error (&work->error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_DEPENDENCY,
                     _("the containers of the service %s were not made because those of %s could not be"),
                     service_name, needs[i]);
    }

  for (guint i = 0; i < work->plan->actions->len && work->error == NULL; i++)
    {
      FltPlanAction *action = g_ptr_array_index (work->plan->actions, i);
      FltContainerInfo *c;

      if (!g_str_equal (action->service, service_name))
        continue;

      switch (action->kind)
        {
        case FLT_ACTION_CREATE:
          c = create_container (op, work->service, action->number, action->container, NULL, &work->error);
          if (c != NULL)
            replace_in_list (op, service_name, NULL, c);
          break;

        case FLT_ACTION_RECREATE:
          c = find_container (op, service_name, action->container_id);
          if (c != NULL)
            _flt_runner_recreate_container (op, work->service, c, &work->error);
          break;

        case FLT_ACTION_SCALE_DOWN:
          c = find_container (op, service_name, action->container_id);
          if (c != NULL && _flt_runner_stop_container (op, c, -1, &work->error) &&
              _flt_runner_remove_container (op, c, FALSE, &work->error))
            replace_in_list (op, service_name, c, NULL);
          break;

        case FLT_ACTION_KEEP:
        case FLT_ACTION_START:
        case FLT_ACTION_REMOVE_ORPHAN:
        default:
          break;
        }
    }

  _flt_operation_set_converged (op, service_name, work->error == NULL);
  return NULL;
}

/* Converges every service at once, each after the services its create call
 * names; then removes the orphans that are to go. */
static gboolean
converge (FltOperation  *op,
          GPtrArray     *targets,
          FltPlan       *plan,
          GError       **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree ServiceWork *work = g_new0 (ServiceWork, targets->len);
  g_autofree GThread **threads = g_new0 (GThread *, targets->len);
  GError *first = NULL;

  for (guint i = 0; i < targets->len; i++)
    g_hash_table_add (names, (gpointer) flt_service_get_name (g_ptr_array_index (targets, i)));

  g_mutex_lock (&op->lock);
  if (op->converged == NULL)
    op->converged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_unlock (&op->lock);

  for (guint i = 0; i < targets->len; i++)
    {
      work[i].op = op;
      work[i].service = g_ptr_array_index (targets, i);
      work[i].plan = plan;
      work[i].targets = names;
      threads[i] = g_thread_new ("flotilla-converge", converge_service, &work[i]);
    }

  /* The first failure in dependency order that is not a consequence of
   * another is the cause. */
  for (guint i = 0; i < targets->len; i++)
    {
      g_thread_join (threads[i]);
      if (work[i].error != NULL && first == NULL &&
          !g_error_matches (work[i].error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_DEPENDENCY))
        first = g_steal_pointer (&work[i].error);
    }
  for (guint i = 0; i < targets->len; i++)
    {
      if (work[i].error != NULL && first == NULL)
        first = g_steal_pointer (&work[i].error);
      g_clear_error (&work[i].error);
    }
  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }

  for (guint i = 0; i < plan->actions->len; i++)
    {
      FltPlanAction *action = g_ptr_array_index (plan->actions, i);

      if (action->kind != FLT_ACTION_REMOVE_ORPHAN)
        continue;
      for (guint j = 0; j < op->orphans->len; j++)
        {
          FltContainerInfo *c = g_ptr_array_index (op->orphans, j);

          if (g_strcmp0 (c->id, action->container_id) == 0 &&
              !(_flt_runner_stop_container (op, c, -1, error) && _flt_runner_remove_container (op, c, FALSE, error)))
            return FALSE;
        }
    }

  return TRUE;
}

typedef struct
{
  FltOperation *op;
  GPtrArray *targets;
  FltPlan *plan;
  gboolean ok;
  GError *error;
} ConvergeThread;

static gpointer
converge_thread (gpointer data)
{
  ConvergeThread *c = data;

  c->ok = converge (c->op, c->targets, c->plan, &c->error);
  return NULL;
}

/* Makes and starts the containers at once: each service starts as soon as
 * its own containers are made and its dependencies have met their
 * conditions, rather than after every container of the project is made.
 * A failure to make containers is the error, before what follows from it. */
static gboolean
converge_and_start (FltOperation  *op,
                    GPtrArray     *targets,
                    FltPlan       *plan,
                    GError       **error)
{
  ConvergeThread c = { op, targets, plan, FALSE, NULL };
  g_autoptr(GError) start_error = NULL;
  GThread *thread;
  gboolean started;

  g_mutex_lock (&op->lock);
  op->converged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_unlock (&op->lock);

  thread = g_thread_new ("flotilla-converge", converge_thread, &c);
  started = _flt_runner_start_services (op, targets, &start_error);
  g_thread_join (thread);

  if (!c.ok)
    {
      g_propagate_error (error, c.error);
      return FALSE;
    }
  if (!started)
    {
      g_propagate_error (error, g_steal_pointer (&start_error));
      return FALSE;
    }
  return TRUE;
}

static void
warn_orphans (FltOperation       *op,
              const FltUpOptions *options)
{
  if ((options && options->remove_orphans) || op->orphans->len == 0)
    return;

  for (guint i = 0; i < op->orphans->len; i++)
    {
      FltContainerInfo *c = g_ptr_array_index (op->orphans, i);

      _flt_runner_progress (op, FLT_PROGRESS_WARNING, "Container", c->name, c->service, -1,
                            _("Orphan: its service is not in the file; --remove-orphans removes it"));
    }
}

gboolean
_flt_runner_up (FltRunner           *self,
                const FltUpOptions  *options,
                GMainContext        *deliver_to,
                GCancellable        *cancellable,
                GError             **error)
{
  FltOperation *op = _flt_operation_new (self, deliver_to, cancellable);
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(FltPlan) plan = _flt_plan_new ();
  gboolean ok;

  if (flt_project_has_errors (self->project))
    {
      g_set_error (error, FLT_RUNNER_ERROR, FLT_RUNNER_ERROR_INVALID,
                   _("the project has errors; fix them before bringing it up"));
      _flt_operation_free (op);
      return FALSE;
    }

  targets = _flt_runner_targets (self, options ? options->services : NULL, TRUE, error);
  ok = targets != NULL &&
       flt_engine_connect (self->engine, cancellable, error) &&
       _flt_runner_ensure_images (op, targets, options, NULL, error) &&
       _flt_runner_ensure_networks (op, targets, NULL, error) &&
       _flt_runner_ensure_volumes (op, targets, NULL, error) &&
       _flt_operation_list (op, FALSE, error) &&
       plan_all (op, targets, options, plan, error);

  if (ok)
    {
      warn_orphans (op, options);
      if (options && options->no_start)
        ok = converge (op, targets, plan, error);
      else
        ok = converge_and_start (op, targets, plan, error);
    }

  _flt_operation_free (op);
  return ok;
}

/**
 * flt_runner_up:
 *
 * Brings the project up as `docker compose up -d` does: images, networks,
 * volumes, then each service's containers created or recreated to match
 * the file and started in dependency order, independent services in
 * parallel, waiting for depends_on conditions.  A second up on an
 * unchanged project changes nothing.  On failure the error names the
 * service and the step; what was made carries the project's labels, so
 * down removes it.
 */
gboolean
flt_runner_up (FltRunner           *self,
               const FltUpOptions  *options,
               GCancellable        *cancellable,
               GError             **error)
{
  return _flt_runner_up (self, options, NULL, cancellable, error);
}
