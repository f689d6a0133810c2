/* flt-workspace.c: an open compose file and the project derived from it
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor's views all observe one workspace.  The document is the truth
 * and changes on the main thread; the project is re-derived from a snapshot
 * of its text in a worker thread, because deriving it reads files (`.env`,
 * `env_file`, `include`, `extends`) and takes tens of milliseconds for large
 * projects.  Bursts of edits are coalesced: at most one build runs, and a
 * build whose text has meanwhile changed is thrown away and redone.
 */

#include "config.h"

#include "flt-workspace.h"

struct _FltWorkspace
{
  GObject         parent_instance;

  FltDocument    *document;
  FltEnvironment *environment;
  FltProject     *project;
  GCancellable   *cancellable;
  guint           project_revision;
  guint           building_revision;
  guint           idle_id;
  gboolean        building;
  gboolean        dirty;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (FltWorkspace, flt_workspace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_PROJECT,
  PROP_PROJECT_REVISION,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char           *text;
  gsize           length;
  char           *path;
  char           *directory;
  FltEnvironment *environment;
  FltDocument    *document;   /* set when loading: built in the thread */
  FltProject     *project;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_free (data->text);
  g_free (data->path);
  g_free (data->directory);
  g_clear_object (&data->environment);
  g_clear_object (&data->document);
  g_clear_object (&data->project);
  g_free (data);
}

static void
build_project (BuildData *data)
{
  FltProjectOptions options = { 0 };

  if (data->document == NULL)
    data->document = flt_document_new (data->text, data->length,
                                       data->path ? data->path : "compose.yaml");
  options.project_directory = data->directory;
  options.environment = data->environment;
  options.load_env_files = TRUE;
  data->project = flt_project_new (&data->document, 1, &options);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  build_project (task_data);
  g_task_return_boolean (task, TRUE);
}

static void flt_workspace_schedule (FltWorkspace *self);

static void
update_busy (FltWorkspace *self)
{
  gboolean busy = self->building || self->idle_id != 0;

  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FltWorkspace) self = user_data;
  BuildData *data = g_task_get_task_data (G_TASK (result));
  gboolean current;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  self->building = FALSE;
  current = !self->dirty && self->building_revision == flt_document_get_revision (self->document);

  /* A build of text that has since changed is only worth showing when
   * there is nothing at all to show yet. */
  if (current || self->project == NULL)
    {
      g_set_object (&self->project, data->project);
      self->project_revision = self->building_revision;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_REVISION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
    }
  if (!current)
    flt_workspace_schedule (self);
  update_busy (self);
}

static char *
document_directory (FltDocument *document)
{
  const char *path = flt_document_get_path (document);

  return path != NULL ? g_path_get_dirname (path) : NULL;
}

static gboolean
start_build (gpointer user_data)
{
  FltWorkspace *self = user_data;
  g_autoptr(GTask) task = NULL;
  BuildData *data = g_new0 (BuildData, 1);

  self->idle_id = 0;
  self->building = TRUE;
  self->dirty = FALSE;
  data->text = g_strdup (flt_document_get_text (self->document, &data->length));
  data->path = g_strdup (flt_document_get_path (self->document));
  data->directory = document_directory (self->document);
  data->environment = self->environment ? flt_environment_copy (self->environment) : NULL;
  self->building_revision = flt_document_get_revision (self->document);

  task = g_task_new (self, self->cancellable, build_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_build);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
  return G_SOURCE_REMOVE;
}

static void
flt_workspace_schedule (FltWorkspace *self)
{
  /* While a build runs, its completion schedules the next one. */
  if (self->building)
    self->dirty = TRUE;
  else if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, start_build, self, NULL);
  update_busy (self);
}

static void
document_revision_cb (FltWorkspace *self)
{
  flt_workspace_schedule (self);
}

static void
flt_workspace_dispose (GObject *object)
{
  FltWorkspace *self = FLT_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->project);
  g_clear_object (&self->environment);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (flt_workspace_parent_class)->dispose (object);
}

static void
flt_workspace_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FltWorkspace *self = FLT_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_PROJECT_REVISION:
      g_value_set_uint (value, self->project_revision);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_workspace_class_init (FltWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_workspace_dispose;
  object_class->get_property = flt_workspace_get_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, FLT_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Notified whenever a newer project is ready; it may lag the document by
   * one build while #FltWorkspace:busy is set. */
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, FLT_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_REVISION] =
    g_param_spec_uint ("project-revision", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
flt_workspace_init (FltWorkspace *self)
{
  self->cancellable = g_cancellable_new ();
}

static FltWorkspace *
workspace_new (FltDocument    *document,
               FltEnvironment *environment,
               FltProject     *project)
{
  FltWorkspace *self = g_object_new (FLT_TYPE_WORKSPACE, NULL);

  self->document = g_object_ref (document);
  self->environment = environment ? flt_environment_copy (environment) : NULL;
  g_signal_connect_swapped (document, "notify::revision",
                            G_CALLBACK (document_revision_cb), self);
  if (project != NULL)
    {
      self->project = g_object_ref (project);
      self->project_revision = flt_document_get_revision (document);
    }
  else
    flt_workspace_schedule (self);
  return self;
}

/**
 * flt_workspace_new:
 * @document: the compose file
 * @environment: (nullable): the variables to interpolate with; %NULL for
 *   the process environment
 *
 * The project is built in the background: it is %NULL until
 * #FltWorkspace:project is first notified (flt_workspace_wait() waits).
 *
 * Returns: (transfer full): a new workspace
 */
FltWorkspace *
flt_workspace_new (FltDocument    *document,
                   FltEnvironment *environment)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (document), NULL);

  return workspace_new (document, environment, NULL);
}

typedef struct
{
  GFile          *file;
  FltEnvironment *environment;
  BuildData      *build;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->environment);
  g_clear_pointer (&data->build, build_data_free);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FltDocument) document = flt_document_new_for_file (data->file, cancellable, &error);

  if (document == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->build = g_new0 (BuildData, 1);
  data->build->document = g_steal_pointer (&document);
  data->build->directory = document_directory (data->build->document);
  data->build->environment = data->environment ? g_object_ref (data->environment) : NULL;
  build_project (data->build);
  g_task_return_boolean (task, TRUE);
}

/**
 * flt_workspace_load_async:
 * @file: the compose file to open
 * @environment: (nullable): as for flt_workspace_new()
 *
 * Reads @file and builds its project in a worker thread; the workspace
 * returned by flt_workspace_load_finish() has its project already.
 */
void
flt_workspace_load_async (GFile               *file,
                          FltEnvironment      *environment,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->environment = environment ? flt_environment_copy (environment) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, flt_workspace_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

FltWorkspace *
flt_workspace_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  LoadData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  return workspace_new (data->build->document, data->environment, data->build->project);
}

FltDocument *
flt_workspace_get_document (FltWorkspace *self)
{
  g_return_val_if_fail (FLT_IS_WORKSPACE (self), NULL);

  return self->document;
}

/**
 * flt_workspace_get_project:
 *
 * Returns: (transfer none) (nullable): the project derived from the
 *   document at flt_workspace_get_project_revision()
 */
FltProject *
flt_workspace_get_project (FltWorkspace *self)
{
  g_return_val_if_fail (FLT_IS_WORKSPACE (self), NULL);

  return self->project;
}

guint
flt_workspace_get_project_revision (FltWorkspace *self)
{
  g_return_val_if_fail (FLT_IS_WORKSPACE (self), 0);

  return self->project_revision;
}

gboolean
flt_workspace_get_busy (FltWorkspace *self)
{
  g_return_val_if_fail (FLT_IS_WORKSPACE (self), FALSE);

  return self->busy;
}

/**
 * flt_workspace_dup_diagnostics:
 *
 * Returns: (transfer container): the current project's diagnostics, sorted
 *   by place; empty before the first build
 */
GPtrArray *
flt_workspace_dup_diagnostics (FltWorkspace *self)
{
  GPtrArray *diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_diagnostic_unref);

  g_return_val_if_fail (FLT_IS_WORKSPACE (self), diagnostics);

  if (self->project != NULL)
    {
      GPtrArray *all = flt_project_get_diagnostics (self->project);

      for (guint i = 0; i < all->len; i++)
        g_ptr_array_add (diagnostics, flt_diagnostic_ref (g_ptr_array_index (all, i)));
    }
  return diagnostics;
}

/**
 * flt_workspace_refresh:
 *
 * Rebuilds the project though the document did not change: for when a file
 * it reads (`.env`, an `env_file`, an included file) did.
 */
void
flt_workspace_refresh (FltWorkspace *self)
{
  g_return_if_fail (FLT_IS_WORKSPACE (self));

  flt_workspace_schedule (self);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * flt_workspace_wait:
 * @timeout_ms: how long to wait at most
 *
 * Runs the thread-default main context until the project matches the
 * document.  For tests and tools; the GUI observes #FltWorkspace:project.
 *
 * Returns: %TRUE when the project is up to date
 */
gboolean
flt_workspace_wait (FltWorkspace *self,
                    guint         timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_return_val_if_fail (FLT_IS_WORKSPACE (self), FALSE);

  timeout_id = g_timeout_add (timeout_ms, wait_timeout_cb, &timed_out);
  while (!timed_out && (self->busy || self->project == NULL ||
                        self->project_revision != flt_document_get_revision (self->document)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  return !timed_out;
}
