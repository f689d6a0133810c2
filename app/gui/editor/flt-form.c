/* flt-form.c: fields bound to paths of a compose file, shared by the editor's forms
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A form edits one mapping of the document (`services.web`,
 * `networks.front`).  Each field names a path below it; what is typed is
 * written with the document's minimal patches, so the text stays the truth
 * and every edit is one undo step.  Entries apply on Enter, when focus
 * leaves them, or after a pause in typing; they never write per keystroke.
 *
 * The form re-reads the document whenever it changes and whenever the
 * workspace has a new project (which brings new diagnostics).  A field
 * that is being typed in keeps its text and cursor.  Messages (diagnostics
 * whose path is the field's or below it, and edits the document refused)
 * appear in a row right under the field they concern.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "flt-form.h"
#include "flt-path.h"
#include "flt-units.h"

/* How long typing must pause before an entry is written. */
#define FLT_FORM_APPLY_DELAY_MS 500

typedef enum
{
  FIELD_ENTRY,
  FIELD_SWITCH,
  FIELD_TRACKED,    /* a row the form only shows messages for */
} FieldType;

typedef enum
{
  PROBLEM_NONE,
  PROBLEM_INVALID,    /* the text typed is not a valid value */
  PROBLEM_REFUSED,    /* the document refused the edit */
} ProblemKind;

typedef struct
{
  FltForm             *form;
  GtkWidget           *row;           /* borrowed: the field goes when it is destroyed */
  GtkEditable         *editable;      /* entries */
  GtkSwitch           *sw;            /* switches */
  GtkEventController  *focus;         /* entries: applies when focus leaves */
  GtkWidget           *hint;          /* owned: sizes' value in units, after the text */
  GtkWidget           *message_row;   /* owned; in the row's list box while shown */
  char                *subpath;
  FieldType            type;
  FltFieldKind         kind;
  FltFieldDisplayFunc  display;
  FltFieldApplyFunc    apply;
  gpointer             user_data;
  char                *shown;         /* the document's value as last shown */
  char                *problem;
  ProblemKind          problem_kind;
  char                *structure;     /* why the value cannot be edited as text */
  guint                timeout_id;
  guint                pending : 1;
  guint                locked : 1;
} Field;

typedef struct
{
  char *key;
  char *inner_key;
} Shorthand;

struct _FltForm
{
  GObject              parent_instance;

  /* Owned references */
  FltWorkspace        *workspace;
  FltDocument         *document;
  char                *base_path;
  GPtrArray           *fields;        /* Field */
  GHashTable          *by_row;        /* GtkWidget → Field */
  GArray              *shorthands;    /* Shorthand */
  GPtrArray           *orphan_errors; /* char*: refused edits with no row to show them under */
  GPtrArray           *deferred;      /* GtkWidget, borrowed: hidden only until the next frame */

  /* Borrowed references */
  AdwPreferencesGroup *problems_group;
  GtkListBox          *problems_list;

  FltFormState         state;
  guint                writing;
  guint                updating;
  guint                refreshing : 1;
  guint                refresh_again : 1;
};

G_DEFINE_FINAL_TYPE (FltForm, flt_form, G_TYPE_OBJECT)

enum {
  REFRESH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void flt_form_place_messages (FltForm *self);
static void field_apply             (Field   *field);

/* Text helpers */

static gboolean
is_shell_safe (const char *word)
{
  if (*word == '\0')
    return FALSE;
  for (const char *p = word; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_@%+=:,./-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * flt_form_join_argv:
 *
 * Joins words into one line of shell syntax that g_shell_parse_argv()
 * splits back into the same words, quoting only the words that need it.
 */
char *
flt_form_join_argv (const char * const *argv)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      if (is_shell_safe (argv[i]))
        g_string_append (out, argv[i]);
      else
        {
          g_string_append_c (out, '\'');
          for (const char *p = argv[i]; *p; p++)
            {
              if (*p == '\'')
                g_string_append (out, "'\\''");
              else
                g_string_append_c (out, *p);
            }
          g_string_append_c (out, '\'');
        }
    }
  return g_string_free (out, FALSE);
}

/* "a, b,,c " → ["a", "b", "c"] */
GStrv
flt_form_split_list (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* A new scalar that YAML reads back as this very string, never as a
 * number, boolean or null (so `restart: "no"` stays a string). */
char *
flt_form_encode_string (const char *value)
{
  return flt_yaml_encode_new_scalar (value, TRUE, FALSE);
}

/**
 * flt_form_encode_list:
 * @like: (nullable): the list being replaced, whose style the new one keeps
 * @flow: the style when there is no list to follow
 * @quote: whether to double-quote the items when there is no list to
 *   follow, as commands usually are (`["CMD", "curl"]`)
 *
 * The YAML text of a list of strings: flow (`[a, b]`) or block (`- a`),
 * quoted the way @like's first item is.
 */
char *
flt_form_encode_list (FltDocument        *document,
                      const FltNode      *like,
                      const char * const *items,
                      gboolean            flow,
                      gboolean            quote)
{
  FltScalarStyle style = quote ? FLT_SCALAR_DOUBLE_QUOTED : FLT_SCALAR_PLAIN;
  GString *out = g_string_new (NULL);

  like = flt_node_deref (like);
  if (like != NULL && like->kind == FLT_NODE_SEQUENCE)
    {
      flow = like->flow;
      style = FLT_SCALAR_PLAIN;
      if (like->n_items > 0 && like->items[0]->kind == FLT_NODE_SCALAR)
        style = like->items[0]->style;
    }

  if (flow)
    g_string_append_c (out, '[');
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autofree char *item = NULL;

      if (style == FLT_SCALAR_DOUBLE_QUOTED || style == FLT_SCALAR_SINGLE_QUOTED)
        item = flt_yaml_encode_scalar (items[i], style, flow, 0, "\n");
      else
        item = flt_yaml_encode_new_scalar (items[i], TRUE, flow);

      if (flow)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", item);
      else
        g_string_append_printf (out, "%s- %s", i > 0 ? "\n" : "", item);
    }
  if (flow)
    g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* The text of a scalar exactly as the file writes it, quotes included. */
char *
flt_form_dup_scalar_text (FltDocument   *document,
                          const FltNode *node)
{
  const char *text;
  gsize length;

  g_return_val_if_fail (node != NULL, NULL);

  text = flt_document_get_text (document, &length);
  if (node->kind != FLT_NODE_SCALAR || node->end.offset > length ||
      node->start.offset >= node->end.offset ||
      node->style == FLT_SCALAR_LITERAL || node->style == FLT_SCALAR_FOLDED)
    return flt_yaml_encode_new_scalar (node->value ? node->value : "", TRUE, FALSE);

  return g_strndup (text + node->start.offset, node->end.offset - node->start.offset);
}

/**
 * flt_form_relative_path:
 * @folder: (nullable): the project folder
 *
 * How a compose file names @file: `.`, `./web` or `../shared` when it is
 * near @folder, else the absolute path.
 */
char *
flt_form_relative_path (const char *folder,
                        GFile      *file)
{
  g_autoptr(GFile) base = NULL;
  g_autoptr(GString) ups = g_string_new (NULL);
  const char *path = g_file_peek_path (file);

  if (path == NULL)
    return g_file_get_uri (file);
  if (folder == NULL)
    return g_strdup (path);

  base = g_file_new_for_path (folder);
  /* Up to three levels up: further than that an absolute path reads better. */
  for (guint level = 0; base != NULL && level < 4; level++)
    {
      g_autofree char *relative = NULL;
      g_autoptr(GFile) parent = NULL;

      if (g_file_equal (base, file))
        return level == 0 ? g_strdup (".") : g_strndup (ups->str, ups->len - 1);

      relative = g_file_get_relative_path (base, file);
      if (relative != NULL)
        return level == 0 ? g_strconcat ("./", relative, NULL)
                          : g_strconcat (ups->str, relative, NULL);

      parent = g_file_get_parent (base);
      /* Going up to the root says nothing a plain absolute path does not. */
      if (parent == NULL || !g_file_has_parent (parent, NULL))
        break;
      g_string_append (ups, "../");
      g_set_object (&base, parent);
    }
  return g_strdup (path);
}

/* Fields */

static Field *
field_lookup (FltForm   *self,
              GtkWidget *row)
{
  return row != NULL ? g_hash_table_lookup (self->by_row, row) : NULL;
}

static void
field_clear_message_row (Field *field)
{
  if (field->message_row == NULL)
    return;

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);

  if (GTK_IS_LIST_BOX (gtk_widget_get_parent (field->message_row)))
    gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (field->message_row)),
                         field->message_row);
  g_clear_object (&field->message_row);
}

static void
field_set_problem (Field       *field,
                   ProblemKind  kind,
                   const char  *message)
{
  g_free (field->problem);
  field->problem = g_strdup (message);
  field->problem_kind = message != NULL ? kind : PROBLEM_NONE;
}

static void
field_free (Field *field)
{
  g_clear_handle_id (&field->timeout_id, g_source_remove);
  field_clear_message_row (field);

  if (field->row != NULL)
    g_signal_handlers_disconnect_by_data (field->row, field);
  if (field->editable != NULL)
    {
      g_signal_handlers_disconnect_by_data (field->editable, field);
      if (field->focus != NULL)
        gtk_widget_remove_controller (GTK_WIDGET (field->editable), field->focus);
    }
  if (field->sw != NULL)
    g_signal_handlers_disconnect_by_data (field->sw, field);

  g_clear_object (&field->hint);
  g_free (field->subpath);
  g_free (field->shown);
  g_free (field->problem);
  g_free (field->structure);
  g_free (field);
}

static void
field_row_destroy_cb (GtkWidget *row,
                      Field     *field)
{
  flt_form_untrack (field->form, row);
}

static Field *
field_new (FltForm    *self,
           GtkWidget  *row,
           const char *subpath,
           FieldType   type)
{
  Field *field;

  g_assert (FLT_IS_FORM (self));
  g_assert (GTK_IS_WIDGET (row));

  /* A row tracked again (a list refilled in place) starts afresh. */
  flt_form_untrack (self, row);

  field = g_new0 (Field, 1);
  field->form = self;
  field->row = row;
  field->subpath = g_strdup (subpath);
  field->type = type;
  g_ptr_array_add (self->fields, field);
  g_hash_table_insert (self->by_row, row, field);
  g_signal_connect (row, "destroy", G_CALLBACK (field_row_destroy_cb), field);

  return field;
}

/* Replaces an entry's text, keeping the cursor where it was. */
static void
field_set_text (Field      *field,
                const char *text)
{
  FltForm *self = field->form;
  int position;

  if (g_strcmp0 (gtk_editable_get_text (field->editable), text) == 0)
    return;

  position = gtk_editable_get_position (field->editable);
  self->updating++;
  gtk_editable_set_text (field->editable, text);
  gtk_editable_set_position (field->editable, MIN (position, (int) g_utf8_strlen (text, -1)));
  self->updating--;
}

static gboolean
field_timeout_cb (gpointer user_data)
{
  Field *field = user_data;

  field->timeout_id = 0;
  field_apply (field);
  return G_SOURCE_REMOVE;
}

static void
field_changed_cb (GtkEditable *editable,
                  Field       *field)
{
  if (field->form->updating > 0 || field->form->state != FLT_FORM_READY)
    return;

  field->pending = TRUE;
  g_clear_handle_id (&field->timeout_id, g_source_remove);
  field->timeout_id = g_timeout_add (FLT_FORM_APPLY_DELAY_MS, field_timeout_cb, field);
}

static void
field_activated_cb (GtkWidget *widget,
                    Field     *field)
{
  field_apply (field);
}

static void
field_focus_leave_cb (GtkEventControllerFocus *controller,
                      Field                   *field)
{
  field_apply (field);
}

static void
field_switch_cb (GtkSwitch  *sw,
                 GParamSpec *pspec,
                 Field      *field)
{
  FltForm *self = field->form;

  if (self->updating > 0 || self->state != FLT_FORM_READY || field->locked)
    return;

  if (gtk_switch_get_active (sw))
    flt_form_set (self, field->row, field->subpath, "true", FLT_EDIT_NONE);
  else
    flt_form_remove (self, field->row, field->subpath, FLT_FORM_REMOVE_PRUNE);

  /* A refused edit leaves the document as it was: show that. */
  flt_form_refresh (self);
}

/* Values */

static gboolean
has_variable (const char *text)
{
  return strchr (text, '$') != NULL;
}

/* The words of a list node, or NULL when it holds anything but scalars. */
static GStrv
node_dup_words (const FltNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  node = flt_node_deref (node);
  if (node == NULL || node->kind != FLT_NODE_SEQUENCE)
    return NULL;

  for (guint i = 0; i < node->n_items; i++)
    {
      const FltNode *item = flt_node_deref (node->items[i]);

      if (item == NULL || item->kind != FLT_NODE_SCALAR)
        return NULL;
      g_strv_builder_add (builder, item->is_null ? "" : item->value);
    }
  return g_strv_builder_end (builder);
}

static char *
display_builtin (FltForm  *self,
                 Field    *field,
                 char    **structure)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self, field->subpath));
  g_auto(GStrv) words = NULL;

  *structure = NULL;

  if (node == NULL || (node->kind == FLT_NODE_SCALAR && node->is_null))
    return g_strdup ("");
  if (node->kind == FLT_NODE_SCALAR)
    return g_strdup (node->value);

  if (node->kind == FLT_NODE_SEQUENCE &&
      (field->kind == FLT_FIELD_LIST || field->kind == FLT_FIELD_COMMAND) &&
      (words = node_dup_words (node)) != NULL)
    {
      if (field->kind == FLT_FIELD_LIST)
        return g_strjoinv (", ", words);
      return flt_form_join_argv ((const char * const *) words);
    }

  /* Translators: %s is what the file holds there: "a mapping" or "a list". */
  *structure = g_strdup_printf (_("The file has %s here, which this field cannot show; "
                                  "edit it in the YAML view"),
                                flt_node_kind_to_string (node));
  return g_strdup ("");
}

/* Numbers and sizes as typed, unquoted where the file has them unquoted:
 * `mem_limit: 512m` rather than the `"512m"` a change of type would give. */
static gboolean
set_plain (FltForm    *self,
           Field      *field,
           const char *value)
{
  const FltNode *node = flt_node_deref (flt_form_lookup (self, field->subpath));

  if ((node == NULL || (node->kind == FLT_NODE_SCALAR && node->style == FLT_SCALAR_PLAIN)) &&
      flt_yaml_plain_is_safe (value, TRUE) &&
      (flt_yaml_plain_kind (value) == FLT_PLAIN_STRING || flt_yaml_plain_kind (value) == FLT_PLAIN_NUMBER))
    return flt_form_set (self, field->row, field->subpath, value, FLT_EDIT_YAML);
  return flt_form_set (self, field->row, field->subpath, value, FLT_EDIT_NONE);
}

static gboolean
apply_builtin (FltForm    *self,
               Field      *field,
               const char *text)
{
  g_autofree char *value = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;
  const FltNode *node;

  if (*value == '\0')
    return flt_form_remove (self, field->row, field->subpath, FLT_FORM_REMOVE_PRUNE);

  switch (field->kind)
    {
    case FLT_FIELD_STRING:
      return flt_form_set_string (self, field->row, field->subpath, value);

    case FLT_FIELD_INTEGER:
      if (!has_variable (value) &&
          !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, NULL, NULL))
        {
          g_autofree char *message =
            /* Translators: %s is what the user typed into a number field. */
            g_strdup_printf (_("“%s” is not a whole number; enter digits only, like 512"), value);

          flt_form_show_invalid (self, field->row, message);
          return FALSE;
        }
      return set_plain (self, field, value);

    case FLT_FIELD_NUMBER:
      {
        char *end = NULL;

        if (!has_variable (value))
          {
            errno = 0;
            g_ascii_strtod (value, &end);
            if (errno != 0 || end == value || *end != '\0')
              {
                g_autofree char *message =
                  /* Translators: %s is what the user typed into a number field. */
                  g_strdup_printf (_("“%s” is not a number; enter one like 0.5 or 2"), value);

                flt_form_show_invalid (self, field->row, message);
                return FALSE;
              }
          }
        return set_plain (self, field, value);
      }

    case FLT_FIELD_SIZE:
      {
        gint64 bytes;

        if (!has_variable (value) && !flt_parse_size (value, &bytes, &error))
          {
            flt_form_show_invalid (self, field->row, error->message);
            return FALSE;
          }
        return set_plain (self, field, value);
      }

    case FLT_FIELD_DURATION:
      {
        gint64 nanoseconds;

        if (!has_variable (value) && !flt_parse_duration (value, &nanoseconds, &error))
          {
            flt_form_show_invalid (self, field->row, error->message);
            return FALSE;
          }
        return flt_form_set_string (self, field->row, field->subpath, value);
      }

    case FLT_FIELD_LIST:
      {
        g_auto(GStrv) items = flt_form_split_list (value);
        g_auto(GStrv) current = NULL;
        g_autofree char *yaml = NULL;

        node = flt_form_lookup (self, field->subpath);
        current = node_dup_words (node);
        if (current != NULL && g_strv_equal ((const char * const *) current, (const char * const *) items))
          return TRUE;
        if (items[0] == NULL)
          return flt_form_remove (self, field->row, field->subpath, FLT_FORM_REMOVE_PRUNE);
        yaml = flt_form_encode_list (self->document, node, (const char * const *) items, TRUE, FALSE);
        return flt_form_set (self, field->row, field->subpath, yaml, FLT_EDIT_YAML);
      }

    case FLT_FIELD_COMMAND:
      {
        g_auto(GStrv) argv = NULL;

        if (!g_shell_parse_argv (value, NULL, &argv, &error))
          {
            g_autofree char *message =
              /* Translators: %s says why a command line cannot be split into
               * words, for example that a quote is not closed. */
              g_strdup_printf (_("The command cannot be split into words: %s"), error->message);

            flt_form_show_invalid (self, field->row, message);
            return FALSE;
          }

        node = flt_node_deref (flt_form_lookup (self, field->subpath));
        if (node != NULL && node->kind == FLT_NODE_SEQUENCE)
          {
            g_auto(GStrv) current = node_dup_words (node);
            g_autofree char *yaml = NULL;

            if (current != NULL && g_strv_equal ((const char * const *) current, (const char * const *) argv))
              return TRUE;
            yaml = flt_form_encode_list (self->document, node, (const char * const *) argv, TRUE, TRUE);
            return flt_form_set (self, field->row, field->subpath, yaml, FLT_EDIT_YAML);
          }
        return flt_form_set_string (self, field->row, field->subpath, value);
      }

    default:
      g_assert_not_reached ();
    }
}

/* A size's value in units after its text ("256.0 MiB" for 268435456).  The
 * label is a suffix only while it shows something: an empty suffix would
 * still take room in the row. */
static void
field_update_hint (Field      *field,
                   const char *text)
{
  gint64 bytes;
  gboolean show;

  if (field->kind != FLT_FIELD_SIZE || !ADW_IS_ENTRY_ROW (field->row))
    return;

  show = text != NULL && *text != '\0' && flt_parse_size (text, &bytes, NULL);
  if (show)
    {
      g_autofree char *size = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

      if (field->hint == NULL)
        {
          field->hint = g_object_ref_sink (gtk_label_new (NULL));
          gtk_widget_add_css_class (field->hint, "dim-label");
          gtk_widget_add_css_class (field->hint, "numeric");
        }
      gtk_label_set_label (GTK_LABEL (field->hint), size);
      if (gtk_widget_get_parent (field->hint) == NULL)
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (field->row), field->hint);
    }
  else if (field->hint != NULL && gtk_widget_get_parent (field->hint) != NULL)
    adw_entry_row_remove (ADW_ENTRY_ROW (field->row), field->hint);
}

static void
field_apply (Field *field)
{
  FltForm *self = field->form;
  g_autoptr(GtkWidget) row = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subpath = NULL;

  g_clear_handle_id (&field->timeout_id, g_source_remove);
  if (!field->pending || field->type != FIELD_ENTRY)
    return;
  field->pending = FALSE;

  if (self->state != FLT_FORM_READY || field->locked || field->structure != NULL)
    return;

  text = g_strdup (gtk_editable_get_text (field->editable));
  if (g_strcmp0 (text, field->shown) == 0)
    {
      if (field->problem_kind == PROBLEM_INVALID)
        {
          field_set_problem (field, PROBLEM_NONE, NULL);
          flt_form_place_messages (self);
        }
      return;
    }

  field_set_problem (field, PROBLEM_NONE, NULL);

  /* Writing refreshes the form, and a refresh may give the row a field of
   * its own or none at all: only the row is known to survive. */
  row = g_object_ref (field->row);
  subpath = g_strdup (field->subpath);
  if (field->apply != NULL)
    field->apply (self, row, subpath, text, field->user_data);
  else
    apply_builtin (self, field, text);

  field = field_lookup (self, row);
  if (field == NULL)
    return;

  /* A locked field goes back to what the file says. */
  if (field->locked && field->shown != NULL)
    field_set_text (field, field->shown);
  field_update_hint (field, gtk_editable_get_text (field->editable));
  flt_form_place_messages (self);
}

static void
field_update (FltForm *self,
              Field   *field)
{
  g_autofree char *text = NULL;
  g_autofree char *structure = NULL;

  if (field->type == FIELD_SWITCH)
    {
      const FltNode *node = flt_node_deref (flt_form_lookup (self, field->subpath));
      gboolean active = FALSE;

      if (node != NULL && !flt_node_get_bool (node, &active))
        active = FALSE;
      self->updating++;
      gtk_switch_set_active (field->sw, active);
      self->updating--;
      gtk_widget_set_sensitive (GTK_WIDGET (field->sw), !field->locked);
      return;
    }

  if (field->type != FIELD_ENTRY)
    return;

  if (field->display != NULL)
    text = field->display (self, field->subpath, field->user_data);
  else
    text = display_builtin (self, field, &structure);
  if (text == NULL)
    text = g_strdup ("");

  g_free (field->structure);
  field->structure = g_steal_pointer (&structure);
  gtk_editable_set_editable (field->editable, !field->locked && field->structure == NULL);

  if (g_strcmp0 (text, field->shown) == 0)
    return;

  g_free (field->shown);
  field->shown = g_strdup (text);

  /* What is being typed wins over what the file said a moment ago; it is
   * written when the typing pauses. */
  if (!field->pending)
    {
      field_set_text (field, text);
      if (field->problem_kind == PROBLEM_INVALID)
        field_set_problem (field, PROBLEM_NONE, NULL);
    }
  field_update_hint (field, gtk_editable_get_text (field->editable));
}

/* State */

static void
field_unlock (Field *field)
{
  if (!field->locked)
    return;

  field->locked = FALSE;
  if (field->editable != NULL)
    gtk_editable_set_editable (field->editable, field->structure == NULL);
  else if (field->sw != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (field->sw), TRUE);
  else
    gtk_widget_set_sensitive (field->row, TRUE);
}

static FltFormState
compute_state (FltForm *self)
{
  if (self->workspace == NULL || self->base_path == NULL)
    return FLT_FORM_EMPTY;
  if (flt_document_get_tree (self->document) == NULL)
    return FLT_FORM_SYNTAX_ERROR;
  if (flt_document_lookup (self->document, self->base_path, NULL) == NULL)
    return FLT_FORM_MISSING;
  return FLT_FORM_READY;
}

static void
clear_refusals (FltForm *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->problem_kind == PROBLEM_REFUSED)
        field_set_problem (field, PROBLEM_NONE, NULL);
      field_unlock (field);
    }
  g_ptr_array_set_size (self->orphan_errors, 0);
}

static void
document_revision_cb (FltForm *self)
{
  /* Someone else changed the file (the YAML view, undo): what was refused
   * may be possible now, so the form tries again next time. */
  if (self->writing == 0)
    clear_refusals (self);
  flt_form_refresh (self);
}

static void
project_cb (FltForm *self)
{
  flt_form_refresh (self);
}

/* Messages */

static gboolean
path_is_under (const char *path,
               const char *prefix)
{
  gsize n = strlen (prefix);

  if (strncmp (path, prefix, n) != 0)
    return FALSE;
  return path[n] == '\0' || path[n] == '.' || path[n] == '[';
}

static const char *
severity_class (FltSeverity severity)
{
  switch (severity)
    {
    case FLT_SEVERITY_ERROR:
      return "error";
    case FLT_SEVERITY_WARNING:
      return "warning";
    case FLT_SEVERITY_INFO:
    default:
      return "accent";
    }
}

static const char *
severity_icon (FltSeverity severity)
{
  switch (severity)
    {
    case FLT_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case FLT_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case FLT_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static GtkWidget *
create_message_row (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (row, "flt-field-message");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return g_object_ref_sink (row);
}

static void
message_row_add_line (GtkWidget   *row,
                      FltSeverity  severity,
                      const char  *icon_name,
                      const char  *text)
{
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name ? icon_name : severity_icon (severity));
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, severity_class (severity));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  severity == FLT_SEVERITY_ERROR ? _("Error") :
                                  severity == FLT_SEVERITY_WARNING ? _("Warning") :
                                  /* Translators: the severity of a message that
                                   * is neither an error nor a warning. */
                                  _("Note"),
                                  -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "flt-field-message-text");
  if (severity == FLT_SEVERITY_ERROR)
    gtk_widget_add_css_class (label, "error");

  gtk_box_append (GTK_BOX (line), icon);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (box), line);
}

/* Puts @message_row right under @field's row, in the same list. */
static gboolean
field_show_message_row (Field     *field,
                        GtkWidget *message_row)
{
  GtkWidget *anchor = field->row;

  if (GTK_IS_LIST_BOX (anchor))
    {
      gtk_list_box_append (GTK_LIST_BOX (anchor), message_row);
      return TRUE;
    }

  while (anchor != NULL &&
         !(GTK_IS_LIST_BOX_ROW (anchor) && GTK_IS_LIST_BOX (gtk_widget_get_parent (anchor))))
    anchor = gtk_widget_get_parent (anchor);
  if (anchor == NULL)
    return FALSE;

  gtk_list_box_insert (GTK_LIST_BOX (gtk_widget_get_parent (anchor)), message_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (anchor)) + 1);
  return TRUE;
}

static GtkWidget *
create_problem_row (FltSeverity  severity,
                    const char  *message,
                    const char  *location)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (severity));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  if (location != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), location);
  gtk_widget_add_css_class (row, "flt-diagnostic");
  gtk_widget_add_css_class (icon, severity_class (severity));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static char *
diagnostic_location (const FltDiagnostic *diagnostic)
{
  if (diagnostic->line > 0 && diagnostic->column > 0)
    /* Translators: where a problem is in the compose file. */
    return g_strdup_printf (_("Line %u, column %u"), diagnostic->line, diagnostic->column);
  if (diagnostic->line > 0)
    /* Translators: where a problem is in the compose file. */
    return g_strdup_printf (_("Line %u"), diagnostic->line);
  return NULL;
}

static void
clear_problems (FltForm *self)
{
  GtkWidget *child;

  if (self->problems_list == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), FALSE);
}

static void
add_problem (FltForm     *self,
             FltSeverity  severity,
             const char  *message,
             const char  *location)
{
  if (self->problems_list == NULL)
    return;
  gtk_list_box_append (self->problems_list, create_problem_row (severity, message, location));
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), TRUE);
}

static void
field_set_severity_class (Field       *field,
                          FltSeverity  severity,
                          gboolean     any)
{
  gtk_widget_remove_css_class (field->row, "error");
  gtk_widget_remove_css_class (field->row, "warning");
  if (any && severity != FLT_SEVERITY_INFO && !GTK_IS_LIST_BOX (field->row))
    gtk_widget_add_css_class (field->row, severity_class (severity));
}

/* Whether @row is on the page, or will be in the next frame: a section
 * whose layout waits for it (flt_form_set_deferred) still shows its rows'
 * messages, so that they are not sent to the problems list meanwhile. */
static gboolean
flt_form_row_is_shown (FltForm   *self,
                       GtkWidget *row)
{
  for (GtkWidget *widget = row; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget) &&
        (self->deferred == NULL || !g_ptr_array_find (self->deferred, widget, NULL)))
      return FALSE;
  return TRUE;
}

static void
flt_form_place_messages (FltForm *self)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *base = NULL;
  g_autofree char **paths = NULL;

  g_assert (FLT_IS_FORM (self));

  for (guint i = 0; i < self->fields->len; i++)
    field_clear_message_row (g_ptr_array_index (self->fields, i));
  clear_problems (self);

  if (self->state == FLT_FORM_SYNTAX_ERROR)
    {
      FltDiagnostic *syntax = flt_document_get_syntax_error (self->document);

      if (syntax != NULL)
        {
          g_autofree char *location = diagnostic_location (syntax);

          add_problem (self, FLT_SEVERITY_ERROR, syntax->message, location);
        }
      return;
    }
  if (self->state != FLT_FORM_READY)
    return;

  /* Each field's full path, once; NULL for fields that cannot show one. */
  paths = g_new0 (char *, self->fields->len + 1);
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      GtkWidget *parent = gtk_widget_get_parent (field->row);
      GtkWidget *expander = parent != NULL ? gtk_widget_get_ancestor (parent, ADW_TYPE_EXPANDER_ROW) : NULL;

      /* A row folded away in an expander cannot show a message: the
       * expander's own row shows it instead. */
      if (flt_form_row_is_shown (self, field->row) &&
          (expander == NULL || adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander))))
        paths[i] = flt_form_dup_path (self, field->subpath);
    }

  /* Refusals and invalid input first: they answer what was just done. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const char *text = field->problem ? field->problem : field->structure;

      field_set_severity_class (field, FLT_SEVERITY_ERROR, FALSE);
      if (text == NULL)
        continue;
      field->message_row = create_message_row ();
      message_row_add_line (field->message_row,
                            field->problem ? FLT_SEVERITY_ERROR : FLT_SEVERITY_INFO,
                            field->locked ? "changes-prevent-symbolic" : NULL,
                            text);
      field_set_severity_class (field, FLT_SEVERITY_ERROR, field->problem != NULL);
    }

  for (guint i = 0; i < self->orphan_errors->len; i++)
    add_problem (self, FLT_SEVERITY_ERROR, g_ptr_array_index (self->orphan_errors, i), NULL);

  diagnostics = flt_workspace_dup_diagnostics (self->workspace);
  base = g_strdup (self->base_path);
  for (guint d = 0; d < diagnostics->len; d++)
    {
      const FltDiagnostic *diagnostic = g_ptr_array_index (diagnostics, d);
      Field *best = NULL;
      gsize best_length = 0;

      if (diagnostic->path == NULL || !path_is_under (diagnostic->path, base))
        continue;

      for (guint i = 0; i < self->fields->len; i++)
        {
          if (paths[i] != NULL && path_is_under (diagnostic->path, paths[i]) &&
              strlen (paths[i]) > best_length)
            {
              best = g_ptr_array_index (self->fields, i);
              best_length = strlen (paths[i]);
            }
        }

      if (best == NULL)
        {
          g_autofree char *location = diagnostic_location (diagnostic);

          add_problem (self, diagnostic->severity, diagnostic->message, location);
          continue;
        }

      if (best->message_row == NULL)
        best->message_row = create_message_row ();
      message_row_add_line (best->message_row, diagnostic->severity, NULL, diagnostic->message);
      if (!gtk_widget_has_css_class (best->row, "error"))
        field_set_severity_class (best, diagnostic->severity, TRUE);
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->message_row != NULL && !field_show_message_row (field, field->message_row))
        g_clear_object (&field->message_row);
      /* Screen readers read the message with the field. */
      if (field->message_row != NULL)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (field->row),
                                        GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, field->message_row, NULL,
                                        -1);
      g_free (paths[i]);
    }
}

/* Writing */

static gboolean
record_error (FltForm   *self,
              GtkWidget *row,
              GError    *error)
{
  Field *field = field_lookup (self, row);
  gboolean lock = g_error_matches (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_SHARED) ||
                  g_error_matches (error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_INHERITED);
  g_autofree char *message = NULL;

  if (lock)
    /* Translators: %s is the reason the file cannot be changed there, for
     * example "services.web.deploy comes from the anchor &deploy (line 3),
     * which 2 places use; edit the anchor there, or replace the alias with a
     * copy first". */
    message = g_strdup_printf (_("This field is read-only in the form because %s."), error->message);
  else
    message = g_strdup (error->message);

  if (field == NULL)
    {
      g_ptr_array_add (self->orphan_errors, g_steal_pointer (&message));
      return FALSE;
    }

  field_set_problem (field, PROBLEM_REFUSED, message);
  if (lock)
    {
      field->locked = TRUE;
      field->pending = FALSE;
      g_clear_handle_id (&field->timeout_id, g_source_remove);
      if (field->editable != NULL)
        gtk_editable_set_editable (field->editable, FALSE);
      else if (field->sw != NULL)
        gtk_widget_set_sensitive (GTK_WIDGET (field->sw), FALSE);
      else
        gtk_widget_set_sensitive (field->row, FALSE);
    }
  return FALSE;
}

static gboolean
field_is_locked (FltForm   *self,
                 GtkWidget *row)
{
  Field *field = field_lookup (self, row);

  return field != NULL && field->locked;
}

/* The shorthand @subpath falls under when the file writes it as a scalar
 * (`build: .` for `build.context`); %NULL otherwise. */
static const Shorthand *
find_shorthand (FltForm        *self,
                const char     *subpath,
                const FltNode **out_scalar)
{
  for (guint i = 0; i < self->shorthands->len; i++)
    {
      const Shorthand *shorthand = &g_array_index (self->shorthands, Shorthand, i);
      g_autofree char *key_path = NULL;
      const FltNode *node;

      if (!path_is_under (subpath, shorthand->key) || strcmp (subpath, shorthand->key) == 0)
        continue;

      key_path = flt_form_dup_path (self, shorthand->key);
      node = flt_document_lookup (self->document, key_path, NULL);
      if (node != NULL && node->kind == FLT_NODE_SCALAR && !node->is_null)
        {
          *out_scalar = node;
          return shorthand;
        }
    }
  return NULL;
}

static gboolean
is_block_yaml (const char *value)
{
  g_autoptr(FltTree) tree = flt_tree_parse (value, strlen (value), "value", NULL, NULL);
  FltNode *root = tree != NULL ? flt_tree_get_root (tree) : NULL;

  return root != NULL && !root->flow &&
         (root->kind == FLT_NODE_MAPPING || root->kind == FLT_NODE_SEQUENCE);
}

/* The long form of a shorthand with one more value in it:
 * `build: .` and `args.FOO = 1` give "context: .\nargs:\n  FOO: 1". */
static char *
build_long_form (FltForm          *self,
                 const Shorthand  *shorthand,
                 const FltNode    *scalar,
                 const char       *subpath,
                 const char       *value,
                 FltEditFlags      flags,
                 gboolean          as_string)
{
  g_autofree char *inner_key = flt_yaml_encode_key (shorthand->inner_key);
  g_autofree char *inner_value = flt_form_dup_scalar_text (self->document, scalar);
  g_autoptr(GArray) segments = flt_path_parse (subpath, NULL);
  g_autoptr(GArray) key_segments = flt_path_parse (shorthand->key, NULL);
  GString *out;

  if (segments == NULL || key_segments == NULL || segments->len <= key_segments->len)
    return NULL;

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s: %s", inner_key, inner_value);

  for (guint i = key_segments->len; i < segments->len; i++)
    {
      FltPathSegment *segment = &g_array_index (segments, FltPathSegment, i);
      guint indent = 2 * (i - key_segments->len);
      g_autofree char *key = NULL;

      if (segment->key == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      key = flt_yaml_encode_key (segment->key);
      g_string_append_printf (out, "\n%*s%s:", (int) indent, "", key);

      if (i + 1 < segments->len)
        continue;

      if (flags & FLT_EDIT_YAML)
        {
          if (is_block_yaml (value))
            {
              g_autofree char *body = flt_yaml_reindent (value, indent + 2, "\n");

              g_string_append_printf (out, "\n%*s%s", (int) indent + 2, "", body);
            }
          else
            g_string_append_printf (out, " %s", value);
        }
      else
        {
          g_autofree char *encoded = flt_yaml_encode_new_scalar (value, as_string, FALSE);

          g_string_append_printf (out, " %s", encoded);
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
write_value (FltForm      *self,
             GtkWidget    *row,
             const char   *subpath,
             const char   *value,
             FltEditFlags  flags,
             gboolean      as_string)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *encoded = NULL;
  const Shorthand *shorthand;
  const FltNode *scalar = NULL;
  gboolean ok;

  g_return_val_if_fail (FLT_IS_FORM (self), FALSE);
  g_return_val_if_fail (subpath != NULL && value != NULL, FALSE);

  if (self->state != FLT_FORM_READY || field_is_locked (self, row))
    return FALSE;

  shorthand = find_shorthand (self, subpath, &scalar);
  if (shorthand != NULL)
    {
      g_autofree char *inner = g_strconcat (shorthand->key, ".", shorthand->inner_key, NULL);

      path = flt_form_dup_path (self, shorthand->key);
      if (strcmp (subpath, inner) == 0 && !(flags & FLT_EDIT_YAML))
        {
          /* The shorthand's own value: it stays a shorthand. */
        }
      else
        {
          encoded = build_long_form (self, shorthand, scalar, subpath, value, flags, as_string);
          if (encoded == NULL)
            {
              g_set_error (&error, FLT_DOCUMENT_ERROR, FLT_DOCUMENT_ERROR_WRONG_KIND,
                           _("%s is written in its short form; write it out in the YAML view first"),
                           path);
              return record_error (self, row, error);
            }
          value = encoded;
          flags = FLT_EDIT_YAML;
          as_string = FALSE;
        }
    }
  else
    path = flt_form_dup_path (self, subpath);

  /* A new string that YAML would read as something else (`no`, `1`) is
   * quoted; an existing value keeps the quoting the file gives it. */
  if (as_string && !(flags & FLT_EDIT_YAML) &&
      flt_document_lookup (self->document, path, NULL) == NULL)
    {
      g_free (encoded);
      encoded = flt_form_encode_string (value);
      value = encoded;
      flags |= FLT_EDIT_YAML;
    }

  self->writing++;
  ok = flt_document_set_value (self->document, path, value, flags, &error);
  self->writing--;

  if (!ok)
    return record_error (self, row, error);
  return TRUE;
}

/**
 * flt_form_set:
 * @row: (nullable): the row to show a refusal under
 * @subpath: the path below the form's target
 *
 * Sets a value, adding the keys that are missing.  A value whose shorthand
 * the file uses (`build: .`) is written in the long form, keeping what the
 * shorthand said.
 */
gboolean
flt_form_set (FltForm      *self,
              GtkWidget    *row,
              const char   *subpath,
              const char   *value,
              FltEditFlags  flags)
{
  return write_value (self, row, subpath, value, flags, FALSE);
}

/* Like flt_form_set(), for values that must stay strings. */
gboolean
flt_form_set_string (FltForm    *self,
                     GtkWidget  *row,
                     const char *subpath,
                     const char *value)
{
  return write_value (self, row, subpath, value, FLT_EDIT_NONE, TRUE);
}

gboolean
flt_form_add_item (FltForm      *self,
                   GtkWidget    *row,
                   const char   *subpath,
                   const char   *value,
                   FltEditFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean ok;

  g_return_val_if_fail (FLT_IS_FORM (self), FALSE);

  if (self->state != FLT_FORM_READY || field_is_locked (self, row))
    return FALSE;

  path = flt_form_dup_path (self, subpath);
  self->writing++;
  ok = flt_document_add_item (self->document, path, value, flags, &error);
  self->writing--;

  if (!ok)
    return record_error (self, row, error);
  return TRUE;
}

static gboolean
is_lone_entry (const FltNode *node)
{
  node = flt_node_deref (node);
  return node != NULL && node->n_items == 1 &&
         (node->kind == FLT_NODE_MAPPING || node->kind == FLT_NODE_SEQUENCE);
}

/**
 * flt_form_remove:
 *
 * Removes a key or a list item; nothing when it is not there.  With
 * %FLT_FORM_REMOVE_PRUNE, a parent that would be left empty goes too
 * (clearing `deploy.resources.limits.cpus` removes `deploy` when that was
 * all it held), in the same single edit.
 */
gboolean
flt_form_remove (FltForm            *self,
                 GtkWidget          *row,
                 const char         *subpath,
                 FltFormRemoveFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const Shorthand *shorthand;
  const FltNode *scalar = NULL;
  gboolean ok;

  g_return_val_if_fail (FLT_IS_FORM (self), FALSE);

  if (self->state != FLT_FORM_READY || field_is_locked (self, row))
    return FALSE;

  shorthand = find_shorthand (self, subpath, &scalar);
  if (shorthand != NULL)
    {
      g_autofree char *inner = g_strconcat (shorthand->key, ".", shorthand->inner_key, NULL);

      /* Only the shorthand's own value is there to remove. */
      if (strcmp (subpath, inner) != 0)
        return TRUE;
      subpath = shorthand->key;
    }

  path = flt_form_dup_path (self, subpath);
  if (flt_document_lookup (self->document, path, NULL) == NULL)
    return TRUE;

  if (flags & FLT_FORM_REMOVE_PRUNE)
    {
      g_autoptr(GArray) segments = flt_path_parse (path, NULL);
      g_autoptr(GArray) base_segments = flt_path_parse (self->base_path, NULL);
      guint n = segments ? segments->len : 0;

      while (segments != NULL && base_segments != NULL && n - 1 > base_segments->len)
        {
          g_autofree char *parent = flt_path_build ((FltPathSegment *) segments->data, n - 1);

          if (!is_lone_entry (flt_document_lookup (self->document, parent, NULL)))
            break;
          n--;
        }
      if (segments != NULL && n < segments->len)
        {
          g_free (path);
          path = flt_path_build ((FltPathSegment *) segments->data, n);
        }
    }

  self->writing++;
  ok = flt_document_remove (self->document, path, &error);
  self->writing--;

  if (!ok)
    return record_error (self, row, error);
  return TRUE;
}

/* Shows that what was typed into @row's field is not a valid value; the
 * file is left alone and the text stays for the user to fix. */
void
flt_form_show_invalid (FltForm    *self,
                       GtkWidget  *row,
                       const char *message)
{
  Field *field = field_lookup (self, row);

  g_return_if_fail (FLT_IS_FORM (self));

  if (field == NULL)
    {
      g_ptr_array_add (self->orphan_errors, g_strdup (message));
      return;
    }
  field_set_problem (field, PROBLEM_INVALID, message);
  flt_form_place_messages (self);
}

/* Registering fields */

static Field *
add_entry (FltForm      *self,
           GtkWidget    *row,
           GtkEditable  *editable,
           const char   *subpath,
           FltFieldKind  kind)
{
  Field *field = field_new (self, row, subpath, FIELD_ENTRY);

  field->editable = editable;
  field->kind = kind;

  g_signal_connect (editable, "changed", G_CALLBACK (field_changed_cb), field);
  if (ADW_IS_ENTRY_ROW (editable))
    g_signal_connect (editable, "entry-activated", G_CALLBACK (field_activated_cb), field);
  else if (GTK_IS_ENTRY (editable))
    g_signal_connect (editable, "activate", G_CALLBACK (field_activated_cb), field);

  field->focus = gtk_event_controller_focus_new ();
  g_signal_connect (field->focus, "leave", G_CALLBACK (field_focus_leave_cb), field);
  gtk_widget_add_controller (GTK_WIDGET (editable), field->focus);

  return field;
}

/* An entry whose text is the value at @subpath, read and written as @kind
 * says; @row is where its messages go (often @editable itself). */
void
flt_form_add_entry (FltForm      *self,
                    GtkWidget    *row,
                    GtkEditable  *editable,
                    const char   *subpath,
                    FltFieldKind  kind)
{
  Field *field;

  g_return_if_fail (FLT_IS_FORM (self));
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  field = add_entry (self, row, editable, subpath, kind);
  if (self->state == FLT_FORM_READY)
    field_update (self, field);
}

void
flt_form_add_custom_entry (FltForm             *self,
                           GtkWidget           *row,
                           GtkEditable         *editable,
                           const char          *subpath,
                           FltFieldDisplayFunc  display,
                           FltFieldApplyFunc    apply,
                           gpointer             user_data)
{
  Field *field;

  g_return_if_fail (FLT_IS_FORM (self));
  g_return_if_fail (GTK_IS_EDITABLE (editable));
  g_return_if_fail (display != NULL && apply != NULL);

  field = add_entry (self, row, editable, subpath, FLT_FIELD_STRING);
  field->display = display;
  field->apply = apply;
  field->user_data = user_data;

  if (self->state == FLT_FORM_READY)
    field_update (self, field);
}

/* A switch that writes `true`, or removes the key when turned off. */
void
flt_form_add_switch (FltForm    *self,
                     GtkWidget  *row,
                     GtkSwitch  *sw,
                     const char *subpath)
{
  Field *field;

  g_return_if_fail (FLT_IS_FORM (self));
  g_return_if_fail (GTK_IS_SWITCH (sw));

  field = field_new (self, row, subpath, FIELD_SWITCH);
  field->sw = sw;
  g_signal_connect (sw, "notify::active", G_CALLBACK (field_switch_cb), field);

  if (self->state == FLT_FORM_READY)
    field_update (self, field);
}

/**
 * flt_form_track:
 * @row: a row, or a list box (messages then go at its end)
 *
 * Shows messages about @subpath and below under @row: diagnostics, and the
 * edits made with @row that the document refused.  The form forgets @row
 * when it is destroyed.
 */
void
flt_form_track (FltForm    *self,
                GtkWidget  *row,
                const char *subpath)
{
  g_return_if_fail (FLT_IS_FORM (self));

  field_new (self, row, subpath, FIELD_TRACKED);
}

/* Points @row's field at another path, keeping what is being typed: for
 * lists whose form changes under a row (`[a, b]` becoming a mapping). */
void
flt_form_set_subpath (FltForm    *self,
                      GtkWidget  *row,
                      const char *subpath)
{
  Field *field;

  g_return_if_fail (FLT_IS_FORM (self));

  field = field_lookup (self, row);
  if (field == NULL || g_strcmp0 (field->subpath, subpath) == 0)
    return;
  g_free (field->subpath);
  field->subpath = g_strdup (subpath);
}

gboolean
flt_form_is_tracked (FltForm   *self,
                     GtkWidget *row)
{
  g_return_val_if_fail (FLT_IS_FORM (self), FALSE);

  return field_lookup (self, row) != NULL;
}

void
flt_form_untrack (FltForm   *self,
                  GtkWidget *row)
{
  Field *field;

  g_return_if_fail (FLT_IS_FORM (self));

  field = field_lookup (self, row);
  if (field == NULL)
    return;

  g_hash_table_remove (self->by_row, row);
  g_ptr_array_remove (self->fields, field);
}

/* Writes what is typed in @row now instead of after the pause. */
void
flt_form_apply (FltForm   *self,
                GtkWidget *row)
{
  Field *field;

  g_return_if_fail (FLT_IS_FORM (self));

  field = field_lookup (self, row);
  if (field != NULL)
    field_apply (field);
}

/* Writes every entry that is waiting for its pause. */
void
flt_form_flush (FltForm *self)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();

  g_return_if_fail (FLT_IS_FORM (self));

  /* Writing refreshes the form, which may replace fields: collect first. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->pending)
        g_ptr_array_add (pending, field->row);
    }
  for (guint i = 0; i < pending->len; i++)
    flt_form_apply (self, g_ptr_array_index (pending, i));
}

/**
 * flt_form_set_deferred:
 * @sections: (array length=n_sections) (nullable): hidden widgets that hold
 *   rows of the form, or %NULL for none
 *
 * Says which hidden sections are hidden only until the next frame (their
 * layout waits for it): their rows keep their messages instead of sending
 * them to the problems list.  The caller shows them, then calls this again
 * with %NULL.
 */
void
flt_form_set_deferred (FltForm    *self,
                       GtkWidget **sections,
                       guint       n_sections)
{
  g_return_if_fail (FLT_IS_FORM (self));

  g_clear_pointer (&self->deferred, g_ptr_array_unref);
  if (sections != NULL && n_sections > 0)
    {
      self->deferred = g_ptr_array_sized_new (n_sections);
      for (guint i = 0; i < n_sections; i++)
        g_ptr_array_add (self->deferred, sections[i]);
    }
}

/**
 * flt_form_refresh:
 *
 * Reads the document again: emits #FltForm::refresh for the form's own
 * widgets, updates the fields, and places the messages.  Runs by itself
 * when the document or the project changes.
 */
void
flt_form_refresh (FltForm *self)
{
  g_return_if_fail (FLT_IS_FORM (self));

  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }

  self->refreshing = TRUE;
  do
    {
      self->refresh_again = FALSE;
      self->state = compute_state (self);

      for (guint i = 0; i < self->fields->len; i++)
        field_clear_message_row (g_ptr_array_index (self->fields, i));

      g_signal_emit (self, signals[REFRESH], 0);

      if (self->state == FLT_FORM_READY)
        for (guint i = 0; i < self->fields->len; i++)
          field_update (self, g_ptr_array_index (self->fields, i));

      flt_form_place_messages (self);
    }
  while (self->refresh_again);
  self->refreshing = FALSE;
}

/* For tests and accessibility: the messages shown under @row, one a line. */
char *
flt_form_dup_message (FltForm   *self,
                      GtkWidget *row)
{
  Field *field;
  GString *text;

  g_return_val_if_fail (FLT_IS_FORM (self), NULL);

  field = field_lookup (self, row);
  if (field == NULL || field->message_row == NULL ||
      gtk_widget_get_parent (field->message_row) == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (GtkWidget *line = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (field->message_row)));
       line != NULL;
       line = gtk_widget_get_next_sibling (line))
    {
      GtkWidget *label = gtk_widget_get_last_child (line);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_label (GTK_LABEL (label)));
    }
  return g_string_free (text, FALSE);
}

gboolean
flt_form_get_locked (FltForm   *self,
                     GtkWidget *row)
{
  g_return_val_if_fail (FLT_IS_FORM (self), FALSE);

  return field_is_locked (self, row);
}

/* Target */

static void
disconnect_workspace (FltForm *self)
{
  if (self->workspace != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->workspace, self);
      g_signal_handlers_disconnect_by_data (self->document, self);
    }
  g_clear_object (&self->workspace);
  g_clear_object (&self->document);
}

static void
reset_fields (FltForm *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      g_clear_handle_id (&field->timeout_id, g_source_remove);
      field->pending = FALSE;
      field_unlock (field);
      field_set_problem (field, PROBLEM_NONE, NULL);
      g_clear_pointer (&field->shown, g_free);
      g_clear_pointer (&field->structure, g_free);
    }
  g_ptr_array_set_size (self->orphan_errors, 0);
}

/**
 * flt_form_set_target:
 * @workspace: (nullable): the open file
 * @base_path: (nullable): the mapping to edit, like `services.web`
 *
 * What was being typed for the previous target is written first.
 */
void
flt_form_set_target (FltForm      *self,
                     FltWorkspace *workspace,
                     const char   *base_path)
{
  g_return_if_fail (FLT_IS_FORM (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (self->workspace == workspace && g_strcmp0 (self->base_path, base_path) == 0)
    return;

  flt_form_flush (self);
  disconnect_workspace (self);
  reset_fields (self);

  g_free (self->base_path);
  self->base_path = g_strdup (base_path);

  if (workspace != NULL)
    {
      self->workspace = g_object_ref (workspace);
      self->document = g_object_ref (flt_workspace_get_document (workspace));
      g_signal_connect_swapped (self->document, "notify::revision",
                                G_CALLBACK (document_revision_cb), self);
      g_signal_connect_swapped (self->workspace, "notify::project",
                                G_CALLBACK (project_cb), self);
    }

  flt_form_refresh (self);
}

/* Lets go of the workspace without writing what is pending: for dispose. */
void
flt_form_detach (FltForm *self)
{
  g_return_if_fail (FLT_IS_FORM (self));

  reset_fields (self);
  disconnect_workspace (self);
  g_clear_pointer (&self->base_path, g_free);
  self->state = FLT_FORM_EMPTY;
  self->problems_group = NULL;
  self->problems_list = NULL;
}

FltWorkspace *
flt_form_get_workspace (FltForm *self)
{
  g_return_val_if_fail (FLT_IS_FORM (self), NULL);

  return self->workspace;
}

FltDocument *
flt_form_get_document (FltForm *self)
{
  g_return_val_if_fail (FLT_IS_FORM (self), NULL);

  return self->document;
}

const char *
flt_form_get_base_path (FltForm *self)
{
  g_return_val_if_fail (FLT_IS_FORM (self), NULL);

  return self->base_path;
}

FltFormState
flt_form_get_state (FltForm *self)
{
  g_return_val_if_fail (FLT_IS_FORM (self), FLT_FORM_EMPTY);

  return self->state;
}

/* The full path of @subpath ("ports[0]", "build.args") below the target. */
char *
flt_form_dup_path (FltForm    *self,
                   const char *subpath)
{
  g_return_val_if_fail (FLT_IS_FORM (self), NULL);

  if (subpath == NULL || *subpath == '\0')
    return g_strdup (self->base_path);
  if (self->base_path == NULL)
    return g_strdup (subpath);
  if (subpath[0] == '[')
    return g_strconcat (self->base_path, subpath, NULL);
  return g_strconcat (self->base_path, ".", subpath, NULL);
}

/**
 * flt_form_lookup:
 *
 * Returns: (nullable) (transfer none): the node of the document's own tree
 *   at @subpath (valid until the document changes), or %NULL when it is not
 *   in the file.  A shorthand's scalar stands for its inner key.
 */
const FltNode *
flt_form_lookup (FltForm    *self,
                 const char *subpath)
{
  g_autofree char *path = NULL;
  const FltNode *node;

  g_return_val_if_fail (FLT_IS_FORM (self), NULL);

  if (self->document == NULL || self->base_path == NULL)
    return NULL;

  path = flt_form_dup_path (self, subpath);
  node = flt_document_lookup (self->document, path, NULL);
  if (node != NULL)
    return node;

  for (guint i = 0; i < self->shorthands->len; i++)
    {
      const Shorthand *shorthand = &g_array_index (self->shorthands, Shorthand, i);
      const FltNode *scalar = NULL;
      g_autofree char *inner = g_strconcat (shorthand->key, ".", shorthand->inner_key, NULL);

      if (strcmp (subpath, inner) == 0 && find_shorthand (self, subpath, &scalar) != NULL)
        return scalar;
    }
  return NULL;
}

/**
 * flt_form_add_shorthand:
 *
 * Declares that @key may be a scalar standing for its @inner_key, the way
 * `build: .` means `build: {context: .}`.
 */
void
flt_form_add_shorthand (FltForm    *self,
                        const char *key,
                        const char *inner_key)
{
  Shorthand shorthand;

  g_return_if_fail (FLT_IS_FORM (self));

  shorthand.key = g_strdup (key);
  shorthand.inner_key = g_strdup (inner_key);
  g_array_append_val (self->shorthands, shorthand);
}

/* Where diagnostics that belong to no field, and syntax errors, go. */
void
flt_form_set_problems (FltForm             *self,
                       AdwPreferencesGroup *group,
                       GtkListBox          *list)
{
  g_return_if_fail (FLT_IS_FORM (self));

  self->problems_group = group;
  self->problems_list = list;
}

/* The project folder, against which relative paths are written. */
char *
flt_form_dup_folder (FltForm *self)
{
  const char *path;

  g_return_val_if_fail (FLT_IS_FORM (self), NULL);

  path = self->document != NULL ? flt_document_get_path (self->document) : NULL;
  return path != NULL ? g_path_get_dirname (path) : NULL;
}

/* GObject */

static void
clear_shorthand (gpointer data)
{
  Shorthand *shorthand = data;

  g_free (shorthand->key);
  g_free (shorthand->inner_key);
}

static void
flt_form_dispose (GObject *object)
{
  FltForm *self = FLT_FORM (object);

  flt_form_detach (self);
  g_hash_table_remove_all (self->by_row);
  g_ptr_array_set_size (self->fields, 0);

  G_OBJECT_CLASS (flt_form_parent_class)->dispose (object);
}

static void
flt_form_finalize (GObject *object)
{
  FltForm *self = FLT_FORM (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->by_row, g_hash_table_unref);
  g_clear_pointer (&self->shorthands, g_array_unref);
  g_clear_pointer (&self->orphan_errors, g_ptr_array_unref);
  g_clear_pointer (&self->deferred, g_ptr_array_unref);

  G_OBJECT_CLASS (flt_form_parent_class)->finalize (object);
}

static void
flt_form_class_init (FltFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flt_form_dispose;
  object_class->finalize = flt_form_finalize;

  /**
   * FltForm::refresh:
   *
   * The document or the project changed: update the widgets the form does
   * not manage itself (lists, drop-downs).  Rows tracked here get their
   * messages afterwards.
   */
  signals[REFRESH] =
    g_signal_new ("refresh",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
flt_form_init (FltForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->by_row = g_hash_table_new (NULL, NULL);
  self->shorthands = g_array_new (FALSE, TRUE, sizeof (Shorthand));
  g_array_set_clear_func (self->shorthands, clear_shorthand);
  self->orphan_errors = g_ptr_array_new_with_free_func (g_free);
  self->state = FLT_FORM_EMPTY;
}

FltForm *
flt_form_new (void)
{
  return g_object_new (FLT_TYPE_FORM, NULL);
}
