/* flt-document.c: the text of a compose file, its tree, undo and saving
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flt-document-private.h"

typedef struct
{
  FltPatch *forward;
  FltPatch *backward;
} UndoStep;

struct _FltDocument
{
  GObject parent_instance;

  GFile *file;            /* made from @path when first asked for */
  char *path;
  char *display_name;

  char *text;
  gsize length;
  FltTree *tree;
  FltDiagnostic *syntax_error;
  const char *newline;
  gboolean legacy;

  /* What we last read from or wrote to disk, to notice other writers and
   * to know whether there is anything to save. */
  char *saved_text;
  gsize saved_length;

  GArray *undo;
  GArray *redo;
  guint revision;
  gboolean modified;
};

G_DEFINE_FINAL_TYPE (FltDocument, flt_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (flt-document-error-quark, flt_document_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_DISPLAY_NAME,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_REVISION,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
clear_undo_step (gpointer data)
{
  UndoStep *step = data;

  g_clear_pointer (&step->forward, flt_patch_unref);
  g_clear_pointer (&step->backward, flt_patch_unref);
}

static void
flt_document_finalize (GObject *object)
{
  FltDocument *self = FLT_DOCUMENT (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->tree, flt_tree_unref);
  g_clear_pointer (&self->syntax_error, flt_diagnostic_unref);
  g_clear_pointer (&self->saved_text, g_free);
  g_clear_pointer (&self->undo, g_array_unref);
  g_clear_pointer (&self->redo, g_array_unref);

  G_OBJECT_CLASS (flt_document_parent_class)->finalize (object);
}

static void
flt_document_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FltDocument *self = FLT_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, flt_document_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, flt_document_can_redo (self));
      break;
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_document_class_init (FltDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = flt_document_finalize;
  object_class->get_property = flt_document_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FltDocument::changed:
   *
   * The text changed; the tree has been re-derived.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
flt_document_init (FltDocument *self)
{
  self->undo = g_array_new (FALSE, TRUE, sizeof (UndoStep));
  g_array_set_clear_func (self->undo, clear_undo_step);
  self->redo = g_array_new (FALSE, TRUE, sizeof (UndoStep));
  g_array_set_clear_func (self->redo, clear_undo_step);
  self->newline = "\n";
}

static const char *
detect_newline (const char *text,
                gsize       length)
{
  const char *nl = memchr (text, '\n', length);

  if (nl != NULL && nl > text && nl[-1] == '\r')
    return "\r\n";
  return "\n";
}

/* The legacy (version 1) format has services at the top level, as the
 * tutorial's aws-compose.yml does. */
static gboolean
detect_legacy (FltTree *tree)
{
  FltNode *root = tree ? flt_tree_get_root (tree) : NULL;
  gboolean has_service = FALSE;

  if (!flt_node_is_mapping (root) || root->n_items == 0)
    return FALSE;

  for (guint i = 0; i < root->n_items; i++)
    {
      const FltNode *key = flt_node_key (root, i);
      const FltNode *value = flt_node_value (root, i);

      if (key->kind != FLT_NODE_SCALAR)
        return FALSE;
      if (g_str_has_prefix (key->value, "x-"))
        continue;
      if (g_str_equal (key->value, "services") || g_str_equal (key->value, "version") ||
          g_str_equal (key->value, "networks") || g_str_equal (key->value, "volumes") ||
          g_str_equal (key->value, "include") || g_str_equal (key->value, "name") ||
          g_str_equal (key->value, "secrets") || g_str_equal (key->value, "configs"))
        return FALSE;
      while (value != NULL && value->kind == FLT_NODE_ALIAS)
        value = value->target;
      if (!flt_node_is_mapping (value))
        return FALSE;
      if (flt_node_lookup (value, "image") != NULL || flt_node_lookup (value, "build") != NULL ||
          flt_node_lookup (value, "<<") != NULL)
        has_service = TRUE;
    }

  return has_service;
}

gboolean
_flt_tree_is_legacy (FltTree *tree)
{
  return detect_legacy (tree);
}

static void
reparse (FltDocument *self)
{
  g_autoptr(GError) error = NULL;
  FltMark mark = { 0 };

  g_clear_pointer (&self->tree, flt_tree_unref);
  g_clear_pointer (&self->syntax_error, flt_diagnostic_unref);

  self->newline = detect_newline (self->text, self->length);
  self->tree = flt_tree_parse (self->text, self->length, self->display_name, &mark, &error);
  if (self->tree == NULL)
    {
      FltDiagnosticKind kind = FLT_DIAGNOSTIC_SYNTAX;

      if (g_error_matches (error, FLT_TREE_ERROR, FLT_TREE_ERROR_ENCODING))
        kind = FLT_DIAGNOSTIC_ENCODING;
      else if (g_error_matches (error, FLT_TREE_ERROR, FLT_TREE_ERROR_TOO_DEEP) ||
               g_error_matches (error, FLT_TREE_ERROR, FLT_TREE_ERROR_TOO_LARGE))
        kind = FLT_DIAGNOSTIC_LIMIT;
      self->syntax_error = flt_diagnostic_new (FLT_SEVERITY_ERROR, kind, self->display_name,
                                               &mark, NULL, NULL, error->message);
    }

  self->legacy = detect_legacy (self->tree);
}

static void
set_modified (FltDocument *self,
              gboolean     modified)
{
  if (self->modified != modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

static void
update_modified (FltDocument *self)
{
  set_modified (self, !(self->saved_text != NULL &&
                        self->length == self->saved_length &&
                        memcmp (self->text, self->saved_text, self->length) == 0));
}

static void
take_text (FltDocument *self,
           char        *text,
           gsize        length)
{
  g_free (self->text);
  self->text = text;
  self->length = length;
  reparse (self);
  self->revision++;
  update_modified (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void remember_saved_text (FltDocument *self,
                                 const char  *text,
                                 gsize        length);

static void
remember_saved (FltDocument *self)
{
  remember_saved_text (self, self->text, self->length);
}

/**
 * flt_document_new:
 * @text: the document's text
 * @length: its length, or -1 if NUL-terminated
 * @display_name: (nullable): the name to use in diagnostics
 *
 * Returns: (transfer full): a document that has no file yet
 */
FltDocument *
flt_document_new (const char *text,
                  gssize      length,
                  const char *display_name)
{
  FltDocument *self = g_object_new (FLT_TYPE_DOCUMENT, NULL);

  if (length < 0)
    length = strlen (text);

  self->display_name = g_strdup (display_name ? display_name : _("Untitled"));
  self->text = g_malloc (length + 1);
  memcpy (self->text, text, length);
  self->text[length] = '\0';
  self->length = length;
  reparse (self);
  remember_saved (self);

  return self;
}

static char *
display_name_for_path (const char *path)
{
  g_autofree char *cwd = g_get_current_dir ();

  /* Relative to the current folder when inside it, as compilers print. */
  if (g_str_has_prefix (path, cwd) && path[strlen (cwd)] == '/')
    return g_strdup (path + strlen (cwd) + 1);
  return g_strdup (path);
}

/* Local files are read with plain system calls: the command line loads
 * files on every run, and GIO's VFS set-up would cost more than parsing. */
FltDocument *
_flt_document_load_path (const char  *path,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = display_name_for_path (path);
  g_autofree char *contents = NULL;
  GStatBuf st;
  FltDocument *self;
  gsize length = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("cannot open %s: %s"), name, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_REGULAR,
                   _("%s is a folder, not a file; open the compose file inside it"), name);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_NOT_REGULAR,
                   _("%s is not a regular file"), name);
      return NULL;
    }
  if (st.st_size > FLT_DOCUMENT_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (st.st_size);

      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_TOO_LARGE,
                   _("%s is %s, more than the %d MB Flotilla opens; split it into "
                     "smaller files joined with “include”"),
                   name, size, FLT_DOCUMENT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      int saved = errno;

      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                     _("cannot read %s: permission denied; check the file’s owner and mode"), name);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("cannot read %s: %s"), name, local_error->message);
      (void) saved;
      return NULL;
    }

  self = g_object_new (FLT_TYPE_DOCUMENT, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  self->display_name = g_steal_pointer (&name);
  self->text = g_steal_pointer (&contents);
  self->length = length;
  reparse (self);
  remember_saved (self);

  return self;
}

/**
 * flt_document_new_for_path:
 *
 * Reads the file at @path.  A file that does not parse still gives a
 * document, whose flt_document_get_syntax_error() says what is wrong; only
 * a file that cannot be read is an error.
 *
 * Returns: (transfer full): the document, or %NULL on error
 */
FltDocument *
flt_document_new_for_path (const char  *path,
                           GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return _flt_document_load_path (path, error);
}

/**
 * flt_document_get_path:
 *
 * Returns: (nullable): the absolute local path of the file
 */
const char *
flt_document_get_path (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), NULL);

  return self->path;
}

const char *
flt_document_get_display_name (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), NULL);

  return self->display_name;
}

const char *
flt_document_get_text (FltDocument *self,
                       gsize       *length)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), NULL);

  if (length != NULL)
    *length = self->length;
  return self->text;
}

/**
 * flt_document_get_tree:
 *
 * Returns: (transfer none) (nullable): the tree, or %NULL when the text
 *   does not parse
 */
FltTree *
flt_document_get_tree (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), NULL);

  return self->tree;
}

/**
 * flt_document_get_syntax_error:
 *
 * Returns: (transfer none) (nullable): why the text does not parse
 */
FltDiagnostic *
flt_document_get_syntax_error (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), NULL);

  return self->syntax_error;
}

gboolean
flt_document_get_modified (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  return self->modified;
}

guint
flt_document_get_revision (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), 0);

  return self->revision;
}

const char *
flt_document_get_newline (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), "\n");

  return self->newline;
}

gboolean
flt_document_is_legacy (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  return self->legacy;
}

static void
notify_undo_state (FltDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Applies @patch and records it as one undo step.  When @must_parse is set
 * (edits made by the model, not typed by a person), a result that no
 * longer parses is refused: such an edit would be our bug, and the file
 * must not pay for it. */
gboolean
_flt_document_apply_patch (FltDocument  *self,
                           FltPatch     *patch,
                           gboolean      must_parse,
                           GError      **error)
{
  return _flt_document_apply_patch_checked (self, patch, must_parse, NULL, NULL, NULL, error);
}

/* Like _flt_document_apply_patch(), and when @check is set, only for a
 * result that @check accepts: otherwise nothing changes, *@rejected is
 * set, and so is @error. */
gboolean
_flt_document_apply_patch_checked (FltDocument       *self,
                                   FltPatch          *patch,
                                   gboolean           must_parse,
                                   FltPatchCheckFunc  check,
                                   gpointer           user_data,
                                   gboolean          *rejected,
                                   GError           **error)
{
  g_autofree char *text = NULL;
  UndoStep step;
  gsize length = 0;

  if (rejected != NULL)
    *rejected = FALSE;
  if (!flt_patch_check (patch, self->length, error))
    return FALSE;
  if (flt_patch_is_empty (patch))
    return TRUE;

  text = flt_patch_apply (patch, self->text, self->length, &length);

  /* Writing what is already there is no change, and no undo step. */
  if (length == self->length && memcmp (text, self->text, length) == 0)
    return TRUE;

  if (must_parse)
    {
      g_autoptr(FltTree) tree = NULL;
      g_autoptr(GError) parse_error = NULL;
      FltMark mark;

      tree = flt_tree_parse (text, length, self->display_name, &mark, &parse_error);
      if (tree == NULL)
        {
          g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_VALUE,
                       _("the change would make the file invalid YAML (%s at line %u); "
                         "nothing was changed"),
                       parse_error->message, mark.line + 1);
          return FALSE;
        }
      if (check != NULL && !check (tree, user_data))
        {
          if (rejected != NULL)
            *rejected = TRUE;
          g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_VALUE,
                       _("the change would not read back as written here (the text around it "
                         "would change its meaning); nothing was changed, edit it in the YAML view"));
          return FALSE;
        }
    }

  step.backward = flt_patch_invert (patch, self->text);
  step.forward = flt_patch_ref (patch);
  g_array_append_val (self->undo, step);
  g_array_set_size (self->redo, 0);

  take_text (self, g_steal_pointer (&text), length);
  notify_undo_state (self);

  return TRUE;
}

/**
 * flt_document_apply:
 *
 * Applies a patch, as one undo step.  The result must still parse.
 */
gboolean
flt_document_apply (FltDocument  *self,
                    FltPatch     *patch,
                    GError      **error)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (patch != NULL, FALSE);

  return _flt_document_apply_patch (self, patch, TRUE, error);
}

/**
 * flt_document_set_text:
 *
 * Replaces the text, as typed in the YAML view: the change is recorded as
 * the smallest replacement that turns the old text into the new, and the
 * new text may fail to parse.
 */
void
flt_document_set_text (FltDocument *self,
                       const char  *text,
                       gssize       length)
{
  g_autoptr(FltPatch) patch = NULL;
  gsize prefix = 0;
  gsize suffix = 0;

  g_return_if_fail (FLT_IS_DOCUMENT (self));

  if (length < 0)
    length = strlen (text);

  while (prefix < self->length && prefix < (gsize) length && self->text[prefix] == text[prefix])
    prefix++;
  while (suffix < self->length - prefix && suffix < (gsize) length - prefix &&
         self->text[self->length - 1 - suffix] == text[length - 1 - suffix])
    suffix++;

  /* By length: the text may hold NUL bytes, which must stay (and be shown
   * as an error) rather than silently cut the text short. */
  patch = flt_patch_new (_("Edit text"));
  flt_patch_replace_len (patch, prefix, self->length - prefix - suffix,
                         text + prefix, length - prefix - suffix);
  _flt_document_apply_patch (self, patch, FALSE, NULL);
}

gboolean
flt_document_can_undo (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  return self->undo->len > 0;
}

gboolean
flt_document_can_redo (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  return self->redo->len > 0;
}

static gboolean
move_step (FltDocument *self,
           GArray      *from,
           GArray      *to,
           gboolean     undoing)
{
  UndoStep step;
  g_autofree char *text = NULL;
  gsize length = 0;

  if (from->len == 0)
    return FALSE;

  step = g_array_index (from, UndoStep, from->len - 1);
  /* Take ownership away from the array before shrinking it. */
  g_array_index (from, UndoStep, from->len - 1).forward = NULL;
  g_array_index (from, UndoStep, from->len - 1).backward = NULL;
  g_array_set_size (from, from->len - 1);

  text = flt_patch_apply (undoing ? step.backward : step.forward, self->text, self->length, &length);
  g_array_append_val (to, step);

  take_text (self, g_steal_pointer (&text), length);
  notify_undo_state (self);
  return TRUE;
}

gboolean
flt_document_undo (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  return move_step (self, self->undo, self->redo, TRUE);
}

gboolean
flt_document_redo (FltDocument *self)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  return move_step (self, self->redo, self->undo, FALSE);
}

/* Whether the file at @path holds something other than @expected; a file
 * that is gone holds nothing to lose, and counts as unchanged. */
static gboolean
file_differs (const char  *path,
              const char  *expected,
              gsize        expected_length,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return length != expected_length || memcmp (contents, expected, length) != 0;
}

/**
 * flt_document_changed_on_disk:
 *
 * Whether the file now holds something other than what this document last
 * read or wrote.  A file that was deleted counts as unchanged.
 */
gboolean
flt_document_changed_on_disk (FltDocument   *self,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  if (self->path == NULL)
    return FALSE;

  return file_differs (self->path, self->saved_text, self->saved_length, error);
}

static gboolean
set_save_error (GError     **error,
                int          saved_errno,
                const char  *path,
                const char  *what)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int code = g_file_error_from_errno (saved_errno);

  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      g_set_error (error, G_FILE_ERROR, code,
                   _("cannot save %s: the disk is full; the file on disk was not changed. "
                     "Free some space and save again, or use Save As to save it somewhere else"),
                   path);
      break;
    case EROFS:
      g_set_error (error, G_FILE_ERROR, code,
                   _("cannot save %s: %s is on a read-only file system; "
                     "use Save As to save it somewhere else"),
                   path, dir);
      break;
    case EACCES:
    case EPERM:
      g_set_error (error, G_FILE_ERROR, code,
                   _("cannot save %s: no permission to write in %s; "
                     "use Save As to save it somewhere else"),
                   path, dir);
      break;
    default:
      g_set_error (error, G_FILE_ERROR, code, _("cannot save %s: %s (%s); the file on disk was not changed"),
                   path, g_strerror (saved_errno), what);
    }
  return FALSE;
}

/* Writes @text next to @path and renames it over @path, so that the file is
 * at every moment either the old or the new content.  Keeps the old file's
 * mode (and owner, where allowed). */
static gboolean
write_atomically (const char  *path,
                  const char  *text,
                  gsize        length,
                  GError     **error)
{
  g_autofree char *real = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  struct stat st;
  gboolean existed;
  mode_t mode;
  gsize written = 0;
  int fd;

  real = realpath (path, NULL);
  if (real == NULL)
    real = g_strdup (path);

  existed = g_stat (real, &st) == 0;
  if (existed)
    mode = st.st_mode & 07777;
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      mode = 0666 & ~mask;
    }

  dir = g_path_get_dirname (real);
  base = g_path_get_basename (real);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_save_error (error, errno, path, "mkstemp");

  while (written < length)
    {
      gssize n = write (fd, text + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;

          close (fd);
          g_unlink (tmp);
          return set_save_error (error, saved, path, "write");
        }
      written += n;
    }

  if (fchmod (fd, mode) != 0 ||
      (existed && fchown (fd, st.st_uid, st.st_gid) != 0 && errno != EPERM))
    {
      /* A different owner is not worth failing for; a failed chmod is. */
      if (errno != EPERM)
        {
          int saved = errno;

          close (fd);
          g_unlink (tmp);
          return set_save_error (error, saved, path, "fchmod");
        }
    }

  if (fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      return set_save_error (error, saved, path, "fsync");
    }

  if (close (fd) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      return set_save_error (error, saved, path, "close");
    }

  if (g_rename (tmp, real) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      return set_save_error (error, saved, path, "rename");
    }

  /* Make the rename itself durable. */
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }

  return TRUE;
}

static void
remember_saved_text (FltDocument *self,
                     const char  *text,
                     gsize        length)
{
  g_free (self->saved_text);
  self->saved_text = g_memdup2 (text, length + 1);
  self->saved_length = length;
  update_modified (self);
}

void
_flt_save_snapshot_free (FltSaveSnapshot *snapshot)
{
  g_free (snapshot->path);
  g_free (snapshot->display_name);
  g_free (snapshot->text);
  g_free (snapshot->disk_text);
  g_free (snapshot);
}

/* Everything a save needs, copied, so that the write can run in a thread
 * while the document goes on changing. */
FltSaveSnapshot *
_flt_document_snapshot (FltDocument   *self,
                        const char    *path,
                        FltSaveFlags   flags,
                        GError       **error)
{
  FltSaveSnapshot *snapshot;

  if (path == NULL)
    path = self->path;
  if (path == NULL)
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INVALID_PATH,
                   _("the document has no file yet; choose where to save it"));
      return NULL;
    }

  snapshot = g_new0 (FltSaveSnapshot, 1);
  snapshot->path = g_canonicalize_filename (path, NULL);
  snapshot->display_name = g_strdup (self->display_name);
  snapshot->text = g_memdup2 (self->text, self->length + 1);
  snapshot->length = self->length;
  snapshot->disk_text = g_memdup2 (self->saved_text, self->saved_length + 1);
  snapshot->disk_length = self->saved_length;
  snapshot->check_disk = self->path != NULL && g_str_equal (snapshot->path, self->path) &&
                         !(flags & FLT_SAVE_FORCE);

  return snapshot;
}

gboolean
_flt_save_snapshot_write (FltSaveSnapshot  *snapshot,
                          GError          **error)
{
  if (snapshot->check_disk &&
      file_differs (snapshot->path, snapshot->disk_text, snapshot->disk_length, NULL))
    {
      g_set_error (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_CHANGED_ON_DISK,
                   _("%s was changed on disk by another program since it was opened; "
                     "reload it, or save anyway to overwrite those changes"),
                   snapshot->display_name);
      return FALSE;
    }

  return write_atomically (snapshot->path, snapshot->text, snapshot->length, error);
}

/* After a successful write: the document now belongs to that file. */
void
_flt_document_commit_snapshot (FltDocument     *self,
                               FltSaveSnapshot *snapshot)
{
  if (g_strcmp0 (self->path, snapshot->path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (snapshot->path);
      g_clear_object (&self->file);
      g_free (self->display_name);
      self->display_name = display_name_for_path (snapshot->path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
    }

  remember_saved_text (self, snapshot->text, snapshot->length);
}

/**
 * flt_document_is_saved_text:
 *
 * Whether @text is what this document last read from or wrote to its
 * file: a change notification for it is then the document's own save.
 */
gboolean
flt_document_is_saved_text (FltDocument *self,
                            const char  *text,
                            gsize        length)
{
  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  return self->saved_text != NULL && length == self->saved_length &&
         memcmp (text, self->saved_text, length) == 0;
}

/**
 * flt_document_reload_text:
 * @text: what the document's file holds now
 * @length: its length, or -1 when nul-terminated
 *
 * Takes the file's new contents after another program changed it.  The
 * change is one undoable step, so a reload that throws away edits can be
 * undone, and afterwards the document counts as saved.
 */
void
flt_document_reload_text (FltDocument *self,
                          const char  *text,
                          gssize       length)
{
  g_return_if_fail (FLT_IS_DOCUMENT (self));
  g_return_if_fail (text != NULL);

  if (length < 0)
    length = strlen (text);
  flt_document_set_text (self, text, length);
  remember_saved_text (self, text, length);
}

/**
 * flt_document_save_to_path:
 * @path: (nullable): where to save; %NULL saves to the document's file
 *
 * Saves atomically.  Saving over the document's own file is refused with
 * %FLT_DOCUMENT_ERROR_CHANGED_ON_DISK when someone else changed it since it
 * was read, unless @flags has %FLT_SAVE_FORCE.
 */
gboolean
flt_document_save_to_path (FltDocument   *self,
                           const char    *path,
                           FltSaveFlags   flags,
                           GError       **error)
{
  FltSaveSnapshot *snapshot;
  gboolean ok;

  g_return_val_if_fail (FLT_IS_DOCUMENT (self), FALSE);

  snapshot = _flt_document_snapshot (self, path, flags, error);
  if (snapshot == NULL)
    return FALSE;

  ok = _flt_save_snapshot_write (snapshot, error);
  if (ok)
    _flt_document_commit_snapshot (self, snapshot);

  _flt_save_snapshot_free (snapshot);
  return ok;
}

/* The GIO side (GFile, asynchronous load and save) is in
 * flt-document-io.c, so that programs that only need paths do not load
 * GIO at start-up. */
GFile **
_flt_document_file_slot (FltDocument *self)
{
  return &self->file;
}
