/* flt-aws-export.c: FltAwsExport, the three files of an AWS ECS export in
 * memory, their warnings and options, and writing them out
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "flt-aws-export-private.h"

static const char * const file_names[FLT_AWS_N_FILES] = {
  "aws-compose.yml",
  "ecs-params.yml",
  "task-definition.json",
};

G_DEFINE_QUARK (flt-aws-export-error-quark, flt_aws_export_error)

const char *
flt_aws_file_get_name (FltAwsFile file)
{
  g_return_val_if_fail (file < FLT_AWS_N_FILES, NULL);

  return file_names[file];
}

/* ------------------------------------------------------------------ */
/* Warnings                                                           */

G_DEFINE_BOXED_TYPE (FltAwsWarning, flt_aws_warning, flt_aws_warning_copy, flt_aws_warning_free)

FltAwsWarning *
flt_aws_warning_copy (const FltAwsWarning *warning)
{
  FltAwsWarning *copy = g_new0 (FltAwsWarning, 1);

  copy->issue = warning->issue;
  copy->service = g_strdup (warning->service);
  copy->diagnostic = warning->diagnostic ? flt_diagnostic_ref (warning->diagnostic) : NULL;
  return copy;
}

void
flt_aws_warning_free (FltAwsWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->service);
  g_clear_pointer (&warning->diagnostic, flt_diagnostic_unref);
  g_free (warning);
}

/* ------------------------------------------------------------------ */
/* Options                                                            */

G_DEFINE_BOXED_TYPE (FltAwsOptions, flt_aws_options, flt_aws_options_copy, flt_aws_options_free)

static void
host_port_clear (gpointer data)
{
  g_free (((HostPort *) data)->service);
}

/**
 * flt_aws_options_new:
 *
 * Returns: (transfer full): options with the tutorial's defaults
 */
FltAwsOptions *
flt_aws_options_new (void)
{
  FltAwsOptions *self = g_new0 (FltAwsOptions, 1);

  self->cpu_shares = FLT_AWS_DEFAULT_CPU_SHARES;
  self->mem_limit = FLT_AWS_DEFAULT_MEM_LIMIT;
  self->host_ports = g_array_new (FALSE, TRUE, sizeof (HostPort));
  g_array_set_clear_func (self->host_ports, host_port_clear);
  return self;
}

FltAwsOptions *
flt_aws_options_copy (const FltAwsOptions *options)
{
  FltAwsOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);

  copy = flt_aws_options_new ();
  copy->cpu_shares = options->cpu_shares;
  copy->mem_limit = options->mem_limit;
  copy->family = g_strdup (options->family);
  for (guint i = 0; i < options->host_ports->len; i++)
    {
      const HostPort *hp = &g_array_index (options->host_ports, HostPort, i);
      HostPort dup = { g_strdup (hp->service), hp->container_port, hp->host_port };

      g_array_append_val (copy->host_ports, dup);
    }
  return copy;
}

void
flt_aws_options_free (FltAwsOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->family);
  g_array_unref (options->host_ports);
  g_free (options);
}

/**
 * flt_aws_options_set_cpu_shares:
 * @cpu_shares: CPU units (1024 is one vCPU) for services that set none
 */
void
flt_aws_options_set_cpu_shares (FltAwsOptions *options,
                                gint64         cpu_shares)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (cpu_shares >= 0);

  options->cpu_shares = cpu_shares;
}

gint64
flt_aws_options_get_cpu_shares (const FltAwsOptions *options)
{
  g_return_val_if_fail (options != NULL, FLT_AWS_DEFAULT_CPU_SHARES);

  return options->cpu_shares;
}

/**
 * flt_aws_options_set_mem_limit:
 * @bytes: the memory limit for services that set none
 */
void
flt_aws_options_set_mem_limit (FltAwsOptions *options,
                               gint64         bytes)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (bytes > 0);

  options->mem_limit = bytes;
}

gint64
flt_aws_options_get_mem_limit (const FltAwsOptions *options)
{
  g_return_val_if_fail (options != NULL, FLT_AWS_DEFAULT_MEM_LIMIT);

  return options->mem_limit;
}

/**
 * flt_aws_options_set_family:
 * @family: (nullable): the task definition family; %NULL for the project
 *   name
 */
void
flt_aws_options_set_family (FltAwsOptions *options,
                            const char    *family)
{
  g_return_if_fail (options != NULL);

  g_free (options->family);
  options->family = family != NULL && *family != '\0' ? g_strdup (family) : NULL;
}

const char *
flt_aws_options_get_family (const FltAwsOptions *options)
{
  g_return_val_if_fail (options != NULL, NULL);

  return options->family;
}

/* The index of the host port set for @container_port of @service, or -1. */
int
_flt_aws_options_find_host_port (const FltAwsOptions *options,
                                 const char          *service,
                                 guint                container_port)
{
  for (guint i = 0; i < options->host_ports->len; i++)
    {
      const HostPort *hp = &g_array_index (options->host_ports, HostPort, i);

      if (hp->container_port == container_port && g_str_equal (hp->service, service))
        return (int) i;
    }
  return -1;
}

/**
 * flt_aws_options_set_host_port:
 * @host_port: the port to publish @container_port of @service on, as the
 *   tutorial publishes web's 5000 on 80; 0 goes back to the project's
 */
void
flt_aws_options_set_host_port (FltAwsOptions *options,
                               const char    *service,
                               guint          container_port,
                               guint          host_port)
{
  int i;

  g_return_if_fail (options != NULL);
  g_return_if_fail (service != NULL);
  g_return_if_fail (container_port > 0 && container_port <= 65535);
  g_return_if_fail (host_port <= 65535);

  i = _flt_aws_options_find_host_port (options, service, container_port);
  if (host_port == 0)
    {
      if (i >= 0)
        g_array_remove_index (options->host_ports, i);
      return;
    }
  if (i >= 0)
    g_array_index (options->host_ports, HostPort, i).host_port = host_port;
  else
    {
      HostPort hp = { g_strdup (service), container_port, host_port };

      g_array_append_val (options->host_ports, hp);
    }
}

/**
 * flt_aws_options_get_host_port:
 *
 * Returns: the host port set for @container_port of @service, or 0
 */
guint
flt_aws_options_get_host_port (const FltAwsOptions *options,
                               const char          *service,
                               guint                container_port)
{
  int i;

  g_return_val_if_fail (options != NULL, 0);
  g_return_val_if_fail (service != NULL, 0);

  i = _flt_aws_options_find_host_port (options, service, container_port);
  return i >= 0 ? g_array_index (options->host_ports, HostPort, i).host_port : 0;
}

/* ------------------------------------------------------------------ */
/* FltAwsExport                                                       */

struct _FltAwsExport
{
  GObject parent_instance;

  char *texts[FLT_AWS_N_FILES];
  GPtrArray *warnings;      /* FltAwsWarning */
  guint n_containers;
  char *family;
  GStrv sources;            /* the project's files, never to be overwritten */
};

G_DEFINE_FINAL_TYPE (FltAwsExport, flt_aws_export, G_TYPE_OBJECT)

static void
flt_aws_export_finalize (GObject *object)
{
  FltAwsExport *self = FLT_AWS_EXPORT (object);

  for (guint i = 0; i < FLT_AWS_N_FILES; i++)
    g_free (self->texts[i]);
  g_ptr_array_unref (self->warnings);
  g_free (self->family);
  g_strfreev (self->sources);

  G_OBJECT_CLASS (flt_aws_export_parent_class)->finalize (object);
}

static void
flt_aws_export_class_init (FltAwsExportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_aws_export_finalize;
}

static void
flt_aws_export_init (FltAwsExport *self)
{
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_aws_warning_free);
}

/**
 * flt_aws_export_new:
 * @project: a project without errors
 * @options: (nullable): %NULL for the defaults
 * @error: %FLT_AWS_EXPORT_ERROR_INVALID when the project has errors,
 *   %FLT_AWS_EXPORT_ERROR_NO_SERVICES when no service is enabled
 *
 * Computes the three files and the warnings in memory; nothing is written.
 * Reads the services' env_file files, so the window calls
 * flt_aws_export_new_async() instead.
 *
 * Returns: (transfer full) (nullable): the export
 */
FltAwsExport *
flt_aws_export_new (FltProject           *project,
                    const FltAwsOptions  *options,
                    GError              **error)
{
  g_autoptr(FltAwsOptions) defaults = NULL;
  g_autoptr(FltAwsExport) self = NULL;
  g_autoptr(FltAwsTask) task = NULL;
  const char * const *files;

  g_return_val_if_fail (FLT_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (flt_project_has_errors (project))
    {
      g_set_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_INVALID,
                   _("the project has errors; fix the problems listed for its compose file, then export again"));
      return NULL;
    }

  if (options == NULL)
    options = defaults = flt_aws_options_new ();

  self = g_object_new (FLT_TYPE_AWS_EXPORT, NULL);
  task = _flt_aws_task_new (project, options, self->warnings);
  if (task->containers->len == 0)
    {
      g_set_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_NO_SERVICES,
                   _("the project has no service to export; add a service, or enable a profile with --profile"));
      return NULL;
    }

  self->texts[FLT_AWS_FILE_COMPOSE] = _flt_aws_compose_to_text (task);
  self->texts[FLT_AWS_FILE_PARAMS] = _flt_ecs_params_to_text (task);
  self->texts[FLT_AWS_FILE_TASK_DEFINITION] = _flt_task_definition_to_text (task);
  self->n_containers = task->containers->len;
  self->family = g_strdup (task->family);

  files = flt_project_get_config_files (project);
  self->sources = g_strdupv ((char **) files);

  return g_steal_pointer (&self);
}

/**
 * flt_aws_export_get_text:
 *
 * Returns: (transfer none): the text of @file, as it would be written
 */
const char *
flt_aws_export_get_text (FltAwsExport *self,
                         FltAwsFile    file)
{
  g_return_val_if_fail (FLT_IS_AWS_EXPORT (self), NULL);
  g_return_val_if_fail (file < FLT_AWS_N_FILES, NULL);

  return self->texts[file];
}

/**
 * flt_aws_export_get_warnings:
 *
 * Returns: (transfer none) (element-type FltAwsWarning): what does not
 *   carry over, in the order of the services
 */
GPtrArray *
flt_aws_export_get_warnings (FltAwsExport *self)
{
  g_return_val_if_fail (FLT_IS_AWS_EXPORT (self), NULL);

  return self->warnings;
}

guint
flt_aws_export_get_n_containers (FltAwsExport *self)
{
  g_return_val_if_fail (FLT_IS_AWS_EXPORT (self), 0);

  return self->n_containers;
}

const char *
flt_aws_export_get_family (FltAwsExport *self)
{
  g_return_val_if_fail (FLT_IS_AWS_EXPORT (self), NULL);

  return self->family;
}

/* ------------------------------------------------------------------ */
/* Writing                                                            */

static char *
real_path (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy;

  if (real == NULL)
    return g_canonicalize_filename (path, NULL);
  copy = g_strdup (real);
  free (real);
  return copy;
}

static gboolean
same_content (const char *path,
              const char *text)
{
  g_autofree char *contents = NULL;
  gsize length;

  return g_file_get_contents (path, &contents, &length, NULL) &&
         length == strlen (text) && memcmp (contents, text, length) == 0;
}

static gboolean
set_write_error (GError     **error,
                 GError      *cause,
                 const char  *path,
                 const char  *folder)
{
  switch (cause->code)
    {
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
    case G_FILE_ERROR_ROFS:
      g_set_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_WRITE,
                   _("cannot write %s: no permission to write in the folder %s; choose another folder"),
                   path, folder);
      break;
    case G_FILE_ERROR_NOSPC:
      g_set_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_WRITE,
                   _("cannot write %s: the disk is full; free some space or choose another folder"),
                   path);
      break;
    default:
      g_set_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_WRITE,
                   _("cannot write %s: %s; choose another folder"), path, cause->message);
    }
  return FALSE;
}

/**
 * flt_aws_export_write:
 * @folder: where to write; made when missing
 * @files: which files, as bits (1 << FltAwsFile); %FLT_AWS_FILES_ALL
 * @written: (out) (optional) (transfer full): the paths written
 *
 * Writes each file atomically (a temporary file renamed over the old one),
 * after checking them all: it never writes over the project's own compose
 * files, and with %FLT_AWS_WRITE_KEEP_EXISTING it writes nothing when one
 * of them exists with other content.  Blocks; the window calls
 * flt_aws_export_write_async().
 */
gboolean
flt_aws_export_write (FltAwsExport      *self,
                      const char        *folder,
                      guint              files,
                      FltAwsWriteFlags   flags,
                      GStrv             *written,
                      GError           **error)
{
  g_autoptr(GStrvBuilder) done = g_strv_builder_new ();
  g_autofree char *dir = NULL;
  g_autofree char *real_dir = NULL;
  char *paths[FLT_AWS_N_FILES] = { NULL };
  gboolean ok = FALSE;

  g_return_val_if_fail (FLT_IS_AWS_EXPORT (self), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_canonicalize_filename (folder, NULL);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;

      g_set_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_FOLDER,
                   _("cannot make the folder %s: %s; choose another folder"), dir, g_strerror (saved));
      return FALSE;
    }
  real_dir = real_path (dir);

  for (guint f = 0; f < FLT_AWS_N_FILES; f++)
    {
      g_autofree char *real = NULL;

      if (!(files & (1u << f)))
        continue;
      paths[f] = g_build_filename (dir, file_names[f], NULL);
      real = g_build_filename (real_dir, file_names[f], NULL);

      for (guint i = 0; self->sources != NULL && self->sources[i] != NULL; i++)
        {
          g_autofree char *source = NULL;

          /* Documents read from memory have a display name, not a path. */
          if (!g_path_is_absolute (self->sources[i]))
            continue;
          source = real_path (self->sources[i]);
          if (g_str_equal (source, real))
            {
              g_set_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_SOURCE,
                           _("%s is the compose file this project is read from, and the export would "
                             "replace it; write the export to another folder"),
                           paths[f]);
              goto out;
            }
        }

      if ((flags & FLT_AWS_WRITE_KEEP_EXISTING) &&
          g_file_test (paths[f], G_FILE_TEST_EXISTS) && !same_content (paths[f], self->texts[f]))
        {
          g_set_error (error, FLT_AWS_EXPORT_ERROR, FLT_AWS_EXPORT_ERROR_EXISTS,
                       _("%s exists already with other content; replace it, or choose another folder"),
                       paths[f]);
          goto out;
        }
    }

  for (guint f = 0; f < FLT_AWS_N_FILES; f++)
    {
      g_autoptr(GError) local_error = NULL;

      if (paths[f] == NULL)
        continue;
      if (!g_file_set_contents_full (paths[f], self->texts[f], -1,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0666, &local_error))
        {
          set_write_error (error, local_error, paths[f], dir);
          goto out;
        }
      g_strv_builder_add (done, paths[f]);
    }
  ok = TRUE;

out:
  for (guint f = 0; f < FLT_AWS_N_FILES; f++)
    g_free (paths[f]);
  if (written != NULL)
    *written = g_strv_builder_end (done);
  return ok;
}
