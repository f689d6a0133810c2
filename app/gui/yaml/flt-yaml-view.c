/* flt-yaml-view.c: the compose file as text, kept in step with the document
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document is the truth; the source buffer is a view of it that the
 * person may type into.  Typing only changes the buffer.  After a pause the
 * buffer's text is handed to the document in one flt_document_set_text()
 * call, which makes one undo step and one revision.  Changes that come from
 * anywhere else (a form, undo, a reload) are copied into the buffer by
 * replacing just the range that differs, so the cursor, the scroll position
 * and the highlighting of the rest stay where they are.
 *
 * To compute that range without reading the whole buffer back on every
 * change, the view keeps a copy of the text the buffer last agreed with
 * (synced_text).  The same copy lets typing that is still pending survive a
 * change from elsewhere: both are differences from it, and when they touch
 * different places they are merged.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "flt-yaml-view.h"
#include "flt-yaml-view-private.h"

#define FLT_CATEGORY_ERROR   "flt-error"
#define FLT_CATEGORY_WARNING "flt-warning"

/* Enough lines to see how a file indents, few enough to be instant. */
#define FLT_INDENT_SAMPLE_LINES 2000

/* One diagnostic shown in the buffer: the marks move with the text while
 * the person types, until the next build replaces them. */
typedef struct
{
  FltDiagnostic *diagnostic;
  GtkTextMark   *start;
  GtkTextMark   *end;
  GtkTextMark   *gutter;      /* a GtkSourceMark: the icon in the gutter */
} FltUnderline;

struct _FltYamlView
{
  AdwBin                   parent_instance;

  /* Template widgets */
  GtkSearchBar            *search_bar;
  GtkSearchEntry          *search_entry;
  GtkLabel                *search_label;
  GtkSourceView           *source_view;
  GtkSourceBuffer         *buffer;

  /* Owned references */
  FltWorkspace            *workspace;
  FltDocument             *document;
  GSignalGroup            *workspace_signals;
  GSignalGroup            *document_signals;
  GtkSourceSearchSettings *search_settings;
  GtkSourceSearchContext  *search_context;
  GCancellable            *search_cancellable;
  GtkTextTag              *error_tag;
  GtkTextTag              *warning_tag;
  GPtrArray               *underlines;      /* of FltUnderline */

  /* The document's text as the buffer last held it, unchanged */
  char                    *synced_text;
  gsize                    synced_length;
  guint                    synced_revision;

  guint                    commit_id;
  guint                    commit_delay;    /* ms */
  guint                    pending : 1;     /* typing not yet in the document */
  guint                    applying : 1;    /* the buffer follows the document */
  guint                    committing : 1;  /* the document follows the buffer */
  guint                    exact : 1;       /* the buffer holds the text byte for byte */
};

G_DEFINE_FINAL_TYPE (FltYamlView, flt_yaml_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_HAS_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
flt_underline_free (FltUnderline *underline)
{
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (underline->start);

  /* Deleting the source mark also takes its icon out of the gutter. */
  if (buffer != NULL)
    {
      gtk_text_buffer_delete_mark (buffer, underline->start);
      gtk_text_buffer_delete_mark (buffer, underline->end);
      gtk_text_buffer_delete_mark (buffer, underline->gutter);
    }
  g_clear_object (&underline->start);
  g_clear_object (&underline->end);
  g_clear_object (&underline->gutter);
  g_clear_pointer (&underline->diagnostic, flt_diagnostic_unref);
  g_free (underline);
}

static inline gboolean
is_continuation (const char *text,
                 gsize       length,
                 gsize       i)
{
  return i < length && ((guchar) text[i] & 0xC0) == 0x80;
}

/* The bytes @a and @b share at their start and end, shrunk so that neither
 * boundary falls inside a character or between the two bytes of "\r\n". */
static void
common_affixes (const char *a,
                gsize       a_length,
                const char *b,
                gsize       b_length,
                gsize      *prefix_out,
                gsize      *suffix_out)
{
  gsize shortest = MIN (a_length, b_length);
  gsize prefix = 0;
  gsize suffix = 0;

  while (prefix < shortest && a[prefix] == b[prefix])
    prefix++;
  while (suffix < shortest - prefix &&
         a[a_length - 1 - suffix] == b[b_length - 1 - suffix])
    suffix++;

  while (prefix > 0 && (is_continuation (a, a_length, prefix) ||
                        is_continuation (b, b_length, prefix)))
    prefix--;
  if (prefix > 0 && a[prefix - 1] == '\r')
    prefix--;

  while (suffix > 0 && (is_continuation (a, a_length, a_length - suffix) ||
                        is_continuation (b, b_length, b_length - suffix)))
    suffix--;
  if (suffix > 0 && a[a_length - suffix] == '\n')
    suffix--;

  *prefix_out = prefix;
  *suffix_out = suffix;
}

/* Where a character offset goes when [@start, @old_end) becomes @new_length
 * characters long: before the change it stays, after it shifts, inside it
 * keeps its distance from the start as far as the new text allows. */
static int
map_offset (int offset,
            int start,
            int old_end,
            int new_length)
{
  if (offset <= start)
    return offset;
  if (offset >= old_end)
    return offset - (old_end - start) + new_length;
  return start + MIN (offset - start, new_length);
}

static void
flt_yaml_view_set_synced (FltYamlView *self,
                          char        *text,
                          gsize        length)
{
  g_free (self->synced_text);
  self->synced_text = text;
  self->synced_length = length;
  self->synced_revision = self->document ? flt_document_get_revision (self->document) : 0;
}

static void
flt_yaml_view_set_pending (FltYamlView *self,
                           gboolean     pending)
{
  if (self->pending == !!pending)
    return;
  self->pending = !!pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PENDING]);
}

static char *
flt_yaml_view_dup_buffer_text (FltYamlView *self,
                               gsize       *length)
{
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
  *length = strlen (text);
  return text;
}

/* Smallest indentation of the first lines that hold something: the step
 * the file indents by.  Two spaces when nothing is indented yet. */
static guint
detect_indent_width (const char *text,
                     gsize       length)
{
  guint lines = 0;
  guint best = 0;
  gsize i = 0;

  while (i < length && lines < FLT_INDENT_SAMPLE_LINES)
    {
      guint spaces = 0;

      while (i < length && text[i] == ' ')
        {
          spaces++;
          i++;
        }
      if (spaces > 0 && i < length && text[i] != '\n' && text[i] != '\r' &&
          text[i] != '#' && text[i] != '\t' && (best == 0 || spaces < best))
        best = spaces;
      while (i < length && text[i] != '\n')
        i++;
      i++;
      lines++;
    }

  return best > 0 && best <= 8 ? best : 2;
}

/* Puts the whole of @text into the buffer, as when a file is opened. */
static void
flt_yaml_view_load_text (FltYamlView *self,
                         const char  *text,
                         gsize        length)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start;

  self->exact = g_utf8_validate_len (text, length, NULL);
  self->applying = TRUE;
  if (self->exact)
    gtk_text_buffer_set_text (buffer, text, length);
  else
    {
      /* The buffer holds only UTF-8.  Shown with replacement characters,
       * the text cannot be typed into: committing it would change bytes
       * the person never touched.  The diagnostics say how to fix it. */
      g_autofree char *valid = g_utf8_make_valid (text, length);

      gtk_text_buffer_set_text (buffer, valid, -1);
    }
  self->applying = FALSE;

  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), self->exact && self->document != NULL);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

/* Makes the buffer, which holds @old, hold @new by replacing the one range
 * where they differ. */
static void
flt_yaml_view_replace_text (FltYamlView *self,
                            const char  *old,
                            gsize        old_length,
                            const char  *new,
                            gsize        new_length)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  GtkTextMark *top = NULL;
  GtkTextIter start, end, insert, bound;
  gsize prefix, suffix;
  int start_offset, old_end_offset, new_chars;
  int insert_offset, bound_offset;

  if (!self->exact || !g_utf8_validate_len (new, new_length, NULL))
    {
      flt_yaml_view_load_text (self, new, new_length);
      return;
    }

  common_affixes (old, old_length, new, new_length, &prefix, &suffix);
  if (prefix + suffix == old_length && old_length == new_length)
    return;

  start_offset = g_utf8_pointer_to_offset (old, old + prefix);
  old_end_offset = start_offset + g_utf8_strlen (old + prefix, old_length - suffix - prefix);
  new_chars = g_utf8_strlen (new + prefix, new_length - suffix - prefix);

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_iter_at_mark (buffer, &bound, gtk_text_buffer_get_selection_bound (buffer));
  insert_offset = gtk_text_iter_get_offset (&insert);
  bound_offset = gtk_text_iter_get_offset (&bound);

  /* A change above the first line shown (a form removed a service up
   * there): that line stays first.  Left alone, the text view keeps a
   * pixel offset, which moves by as many lines as its estimate of the
   * heights above was off while it measures them again. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->source_view)))
    {
      GdkRectangle visible;
      GtkTextIter top_iter;

      gtk_text_view_get_visible_rect (view, &visible);
      gtk_text_view_get_line_at_y (view, &top_iter, visible.y, NULL);
      if (visible.y > 0 && start_offset < gtk_text_iter_get_offset (&top_iter))
        top = gtk_text_buffer_create_mark (buffer, NULL, &top_iter, TRUE);
    }

  self->applying = TRUE;
  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, old_end_offset);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, new + prefix, new_length - suffix - prefix);
  self->applying = FALSE;

  /* The scroll, done once the lines are measured, keeps a mark of its own. */
  if (top != NULL)
    {
      gtk_text_view_scroll_to_mark (view, top, 0.0, TRUE, 0.0, 0.0);
      gtk_text_buffer_delete_mark (buffer, top);
    }

  gtk_text_buffer_get_iter_at_offset (buffer, &insert,
                                      map_offset (insert_offset, start_offset, old_end_offset, new_chars));
  gtk_text_buffer_get_iter_at_offset (buffer, &bound,
                                      map_offset (bound_offset, start_offset, old_end_offset, new_chars));
  gtk_text_buffer_select_range (buffer, &insert, &bound);
}

/* Three-way merge of what was typed (@mine) and what changed elsewhere
 * (@theirs), both made from @base.  When they touch the same text the
 * typing wins: the other change stays one undo step away. */
static char *
merge_changes (const char *base,
               gsize       base_length,
               const char *mine,
               gsize       mine_length,
               const char *theirs,
               gsize       theirs_length,
               gsize      *length)
{
  gsize mine_prefix, mine_suffix, theirs_prefix, theirs_suffix;
  gsize mine_end, theirs_end;
  GString *merged;

  common_affixes (base, base_length, mine, mine_length, &mine_prefix, &mine_suffix);
  common_affixes (base, base_length, theirs, theirs_length, &theirs_prefix, &theirs_suffix);
  mine_end = base_length - mine_suffix;
  theirs_end = base_length - theirs_suffix;

  merged = g_string_sized_new (MAX (mine_length, theirs_length) + 16);

  if (mine_end <= theirs_prefix)
    {
      /* The typing comes first; up to its end, theirs is still the base. */
      g_string_append_len (merged, theirs, mine_prefix);
      g_string_append_len (merged, mine + mine_prefix, mine_length - mine_suffix - mine_prefix);
      g_string_append_len (merged, theirs + mine_end, theirs_length - mine_end);
    }
  else if (mine_prefix >= theirs_end)
    {
      /* The typing comes after the other change: shift it by its size. */
      gsize shifted_start = mine_prefix + theirs_length - base_length;
      gsize shifted_end = mine_end + theirs_length - base_length;

      g_string_append_len (merged, theirs, shifted_start);
      g_string_append_len (merged, mine + mine_prefix, mine_length - mine_suffix - mine_prefix);
      g_string_append_len (merged, theirs + shifted_end, theirs_length - shifted_end);
    }
  else
    g_string_append_len (merged, mine, mine_length);

  *length = merged->len;
  return g_string_free (merged, FALSE);
}

static void
flt_yaml_view_commit (FltYamlView *self)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert (FLT_IS_YAML_VIEW (self));

  g_clear_handle_id (&self->commit_id, g_source_remove);
  if (!self->pending || self->document == NULL)
    {
      flt_yaml_view_set_pending (self, FALSE);
      return;
    }

  text = flt_yaml_view_dup_buffer_text (self, &length);
  flt_yaml_view_set_pending (self, FALSE);

  /* Text typed and then typed away again makes no revision. */
  self->committing = TRUE;
  flt_document_set_text (self->document, text, length);
  self->committing = FALSE;

  flt_yaml_view_set_synced (self, g_steal_pointer (&text), length);
}

static gboolean
flt_yaml_view_commit_cb (gpointer user_data)
{
  FltYamlView *self = user_data;

  self->commit_id = 0;
  flt_yaml_view_commit (self);
  return G_SOURCE_REMOVE;
}

/* Diagnostics */

static void
flt_yaml_view_clear_underlines (FltYamlView *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end;

  if (self->underlines->len == 0)
    return;

  g_ptr_array_set_size (self->underlines, 0);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->warning_tag, &start, &end);
}

static gboolean
flt_yaml_view_is_own_diagnostic (FltYamlView         *self,
                                 FltProject          *project,
                                 const FltDiagnostic *diagnostic)
{
  const char * const *files = project ? flt_project_get_config_files (project) : NULL;

  if (diagnostic->file == NULL || self->document == NULL)
    return FALSE;

  /* The project names the document as the workspace built it: its path,
   * or a stand-in for a file never saved. */
  return (files != NULL && files[0] != NULL && g_strcmp0 (diagnostic->file, files[0]) == 0) ||
         g_strcmp0 (diagnostic->file, flt_document_get_path (self->document)) == 0 ||
         g_strcmp0 (diagnostic->file, flt_document_get_display_name (self->document)) == 0;
}

static int
compare_by_offset (gconstpointer a,
                   gconstpointer b)
{
  const FltDiagnostic *da = *(const FltDiagnostic **) a;
  const FltDiagnostic *db = *(const FltDiagnostic **) b;

  if (da->offset != db->offset)
    return da->offset < db->offset ? -1 : 1;
  return 0;
}

/* For a diagnostic with no length: the word at its place, or when the
 * place is blank (the end of the file, say), the word before it. */
static void
flt_yaml_view_find_token (FltYamlView         *self,
                          const FltDiagnostic *diagnostic,
                          GtkTextIter         *start,
                          GtkTextIter         *end)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);

  if (!gtk_text_buffer_get_iter_at_line_offset (buffer, start, MAX (diagnostic->line, 1) - 1,
                                                MAX (diagnostic->column, 1) - 1))
    {
      if (!gtk_text_iter_is_end (start) && !gtk_text_iter_ends_line (start))
        gtk_text_iter_forward_to_line_end (start);
    }

  *end = *start;
  while (!gtk_text_iter_ends_line (end) && !g_unichar_isspace (gtk_text_iter_get_char (end)))
    gtk_text_iter_forward_char (end);
  if (!gtk_text_iter_equal (start, end))
    return;

  while (gtk_text_iter_backward_char (start))
    {
      if (!g_unichar_isspace (gtk_text_iter_get_char (start)))
        {
          *end = *start;
          gtk_text_iter_forward_char (end);
          while (!gtk_text_iter_starts_line (start))
            {
              GtkTextIter before = *start;

              gtk_text_iter_backward_char (&before);
              if (g_unichar_isspace (gtk_text_iter_get_char (&before)))
                break;
              *start = before;
            }
          return;
        }
    }
}

static void
flt_yaml_view_add_underline (FltYamlView   *self,
                             FltDiagnostic *diagnostic,
                             GtkTextIter   *start,
                             GtkTextIter   *end)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  gboolean error = diagnostic->severity == FLT_SEVERITY_ERROR;
  FltUnderline *underline;
  GtkTextIter line_end = *start;
  GtkTextIter line_start = *start;

  /* A span over many lines (a whole service, say) would underline a page;
   * its first line is where the eye should go. */
  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);
  if (gtk_text_iter_compare (end, &line_end) > 0 && !gtk_text_iter_equal (start, &line_end))
    *end = line_end;

  gtk_text_buffer_apply_tag (buffer, error ? self->error_tag : self->warning_tag, start, end);

  underline = g_new0 (FltUnderline, 1);
  underline->diagnostic = flt_diagnostic_ref (diagnostic);
  underline->start = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, start, TRUE));
  underline->end = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, end, FALSE));
  /* The gutter shows only marks at the start of a line (GtkSourceView 5.6). */
  gtk_text_iter_set_line_offset (&line_start, 0);
  underline->gutter = g_object_ref (GTK_TEXT_MARK (
    gtk_source_buffer_create_source_mark (self->buffer, NULL,
                                          error ? FLT_CATEGORY_ERROR : FLT_CATEGORY_WARNING,
                                          &line_start)));
  g_ptr_array_add (self->underlines, underline);
}

/* Underlines the current project's diagnostics, when they describe the text
 * the buffer holds; otherwise the next build will. */
static void
flt_yaml_view_apply_diagnostics (FltYamlView *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GPtrArray) own = NULL;
  FltProject *project;
  guint revision;
  gsize byte = 0;
  int chars = 0;

  g_assert (FLT_IS_YAML_VIEW (self));

  if (self->workspace == NULL)
    {
      flt_yaml_view_clear_underlines (self);
      return;
    }

  project = flt_workspace_get_project (self->workspace);
  revision = flt_document_get_revision (self->document);
  if (project == NULL || self->pending || !self->exact ||
      flt_workspace_get_project_revision (self->workspace) != revision ||
      self->synced_revision != revision)
    return;

  flt_yaml_view_clear_underlines (self);

  diagnostics = flt_workspace_dup_diagnostics (self->workspace);
  own = g_ptr_array_new ();
  for (guint i = 0; i < diagnostics->len; i++)
    {
      FltDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if ((diagnostic->severity == FLT_SEVERITY_ERROR || diagnostic->severity == FLT_SEVERITY_WARNING) &&
          diagnostic->line > 0 && diagnostic->offset <= self->synced_length &&
          flt_yaml_view_is_own_diagnostic (self, project, diagnostic))
        g_ptr_array_add (own, diagnostic);
    }
  g_ptr_array_sort (own, compare_by_offset);

  /* Byte offsets become character offsets in one pass over the text. */
  for (guint i = 0; i < own->len; i++)
    {
      FltDiagnostic *diagnostic = g_ptr_array_index (own, i);
      const char *text = self->synced_text;
      gsize offset = diagnostic->offset;
      gsize end_offset = MIN (offset + diagnostic->length, self->synced_length);
      GtkTextIter start, end;

      while (offset > 0 && is_continuation (text, self->synced_length, offset))
        offset--;
      while (end_offset > offset && is_continuation (text, self->synced_length, end_offset))
        end_offset--;

      chars += g_utf8_strlen (text + byte, offset - byte);
      byte = offset;

      if (end_offset > offset)
        {
          gtk_text_buffer_get_iter_at_offset (buffer, &start, chars);
          gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                              chars + g_utf8_strlen (text + offset, end_offset - offset));
        }
      else
        flt_yaml_view_find_token (self, diagnostic, &start, &end);

      if (!gtk_text_iter_equal (&start, &end))
        flt_yaml_view_add_underline (self, diagnostic, &start, &end);
    }
}

static void
flt_yaml_view_update_style (FltYamlView *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;
  GdkRGBA error_color, warning_color;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (self->buffer, scheme);

  /* libadwaita's error and warning colours for each variant. */
  gdk_rgba_parse (&error_color, dark ? "#ff7b63" : "#c01c28");
  gdk_rgba_parse (&warning_color, dark ? "#f8e45c" : "#9c6e03");
  g_object_set (self->error_tag, "underline-rgba", &error_color, NULL);
  g_object_set (self->warning_tag, "underline-rgba", &warning_color, NULL);
}

/* Search */

static void
flt_yaml_view_update_search_label (FltYamlView *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  const char *search_text = gtk_source_search_settings_get_search_text (self->search_settings);
  int count = gtk_source_search_context_get_occurrences_count (self->search_context);
  g_autofree char *label = NULL;
  GtkTextIter start, end;
  int position;

  if (search_text == NULL || count < 0)
    {
      gtk_label_set_label (self->search_label, "");
      return;
    }
  if (count == 0)
    {
      gtk_label_set_label (self->search_label, _("No matches"));
      return;
    }

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  position = gtk_source_search_context_get_occurrence_position (self->search_context, &start, &end);
  if (position > 0)
    /* Translators: the match the cursor is on, and how many there are,
     * as in "3 of 12". */
    label = g_strdup_printf (_("%d of %d"), position, count);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);
  gtk_label_set_label (self->search_label, label);
}

static void
flt_yaml_view_search_done (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data,
                           gboolean      forward)
{
  g_autoptr(FltYamlView) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkSourceSearchContext *context = GTK_SOURCE_SEARCH_CONTEXT (object);
  GtkTextIter start, end;
  gboolean found;

  if (forward)
    found = gtk_source_search_context_forward_finish (context, result, &start, &end, NULL, &error);
  else
    found = gtk_source_search_context_backward_finish (context, result, &start, &end, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (found)
    {
      gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self->buffer), &start, &end);
      gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view),
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (self->buffer)),
                                    0.25, FALSE, 0.0, 0.0);
    }
  flt_yaml_view_update_search_label (self);
}

static void
flt_yaml_view_search_forward_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  flt_yaml_view_search_done (object, result, user_data, TRUE);
}

static void
flt_yaml_view_search_backward_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  flt_yaml_view_search_done (object, result, user_data, FALSE);
}

/* Looks for the next match after the selection, or from its start when
 * @from_start (the search text changed: the current match may still do). */
static void
flt_yaml_view_search (FltYamlView *self,
                      gboolean     forward,
                      gboolean     from_start)
{
  GtkTextIter start, end;

  if (gtk_source_search_settings_get_search_text (self->search_settings) == NULL)
    return;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();

  gtk_text_buffer_get_selection_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  if (forward)
    gtk_source_search_context_forward_async (self->search_context, from_start ? &start : &end,
                                             self->search_cancellable,
                                             flt_yaml_view_search_forward_cb, g_object_ref (self));
  else
    gtk_source_search_context_backward_async (self->search_context, &start,
                                              self->search_cancellable,
                                              flt_yaml_view_search_backward_cb, g_object_ref (self));
}

/* Callbacks */

static void
buffer_changed_cb (FltYamlView *self)
{
  if (self->applying)
    return;

  /* Per keystroke: restart the timer, nothing that grows with the file. */
  flt_yaml_view_set_pending (self, TRUE);
  g_clear_handle_id (&self->commit_id, g_source_remove);
  self->commit_id = g_timeout_add (self->commit_delay, flt_yaml_view_commit_cb, self);
}

static void
document_revision_cb (FltYamlView *self)
{
  const char *text;
  gsize length = 0;

  if (self->committing || self->document == NULL)
    return;

  text = flt_document_get_text (self->document, &length);

  if (self->pending)
    {
      g_autofree char *mine = NULL;
      g_autofree char *merged = NULL;
      gsize mine_length = 0;
      gsize merged_length = 0;

      /* Typing not yet committed must not be lost: merge it into the new
       * text and commit that, then show the result. */
      g_clear_handle_id (&self->commit_id, g_source_remove);
      mine = flt_yaml_view_dup_buffer_text (self, &mine_length);
      merged = merge_changes (self->synced_text, self->synced_length,
                              mine, mine_length, text, length, &merged_length);
      flt_yaml_view_set_pending (self, FALSE);

      self->committing = TRUE;
      flt_document_set_text (self->document, merged, merged_length);
      self->committing = FALSE;

      text = flt_document_get_text (self->document, &length);
      flt_yaml_view_replace_text (self, mine, mine_length, text, length);
    }
  else
    flt_yaml_view_replace_text (self, self->synced_text, self->synced_length, text, length);

  flt_yaml_view_set_synced (self, g_memdup2 (text, length + 1), length);
}

static void
project_changed_cb (FltYamlView *self)
{
  flt_yaml_view_apply_diagnostics (self);
}

static void
focus_leave_cb (FltYamlView *self)
{
  /* Whatever the person does next (a form, a button) sees their typing. */
  flt_yaml_view_flush (self);
}

static void
style_changed_cb (FltYamlView *self)
{
  flt_yaml_view_update_style (self);
}

static gboolean
query_tooltip_cb (FltYamlView *self,
                  int          x,
                  int          y,
                  gboolean     keyboard_mode,
                  GtkTooltip  *tooltip)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self->source_view);
  GtkWidget *gutter = gtk_text_view_get_gutter (text_view, GTK_TEXT_WINDOW_LEFT);
  g_autofree char *messages = NULL;
  GtkTextIter iter;
  int buffer_x, buffer_y;

  if (self->underlines->len == 0)
    return FALSE;

  if (keyboard_mode)
    {
      GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      messages = _flt_yaml_view_dup_messages_at (self, &iter, FALSE);
    }
  else
    {
      gtk_text_view_window_to_buffer_coords (text_view, GTK_TEXT_WINDOW_WIDGET, x, y,
                                             &buffer_x, &buffer_y);
      if (gutter != NULL && x < gtk_widget_get_width (gutter))
        {
          gtk_text_view_get_line_at_y (text_view, &iter, buffer_y, NULL);
          messages = _flt_yaml_view_dup_messages_at (self, &iter, TRUE);
        }
      else if (gtk_text_view_get_iter_at_location (text_view, &iter, buffer_x, buffer_y))
        messages = _flt_yaml_view_dup_messages_at (self, &iter, FALSE);
    }

  if (messages == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, messages);
  return TRUE;
}

static void
search_changed_cb (FltYamlView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_source_search_settings_set_search_text (self->search_settings, *text ? text : NULL);
  flt_yaml_view_update_search_label (self);
  flt_yaml_view_search (self, TRUE, TRUE);
}

static void
search_next_cb (FltYamlView *self)
{
  flt_yaml_view_search (self, TRUE, FALSE);
}

static void
search_previous_cb (FltYamlView *self)
{
  flt_yaml_view_search (self, FALSE, FALSE);
}

static void
search_mode_changed_cb (FltYamlView *self)
{
  gboolean enabled = gtk_search_bar_get_search_mode (self->search_bar);

  if (self->search_context == NULL)
    return;

  gtk_source_search_context_set_highlight (self->search_context, enabled);
  if (!enabled)
    {
      g_cancellable_cancel (self->search_cancellable);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
    }
}

static void
occurrences_changed_cb (FltYamlView *self)
{
  flt_yaml_view_update_search_label (self);
}

/* Actions */

static void
flt_yaml_view_undo_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  FltYamlView *self = FLT_YAML_VIEW (widget);

  /* The window flushes too; doing it here keeps the order right for any
   * container that forwards to the document without knowing about us. */
  flt_yaml_view_flush (self);
  gtk_widget_activate_action (widget, g_str_equal (action_name, "yaml-view.undo") ? "win.undo" : "win.redo", NULL);
}

static void
flt_yaml_view_find_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  FltYamlView *self = FLT_YAML_VIEW (widget);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end;

  /* A selection within one line is what the person wants to find. */
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), selected);
    }

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
flt_yaml_view_find_next_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  flt_yaml_view_search (FLT_YAML_VIEW (widget), !g_str_equal (action_name, "yaml-view.find-previous"), FALSE);
}

/* GObject */

static void
flt_yaml_view_dispose (GObject *object)
{
  FltYamlView *self = FLT_YAML_VIEW (object);

  /* Typing is kept even when the view goes first. */
  if (self->document != NULL)
    flt_yaml_view_commit (self);
  g_clear_handle_id (&self->commit_id, g_source_remove);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->search_context);
  g_clear_object (&self->search_settings);

  if (self->underlines != NULL)
    g_ptr_array_set_size (self->underlines, 0);

  if (self->workspace_signals != NULL)
    g_signal_group_set_target (self->workspace_signals, NULL);
  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);
  g_clear_object (&self->workspace_signals);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->workspace);
  g_clear_object (&self->document);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLT_TYPE_YAML_VIEW);

  G_OBJECT_CLASS (flt_yaml_view_parent_class)->dispose (object);
}

static void
flt_yaml_view_finalize (GObject *object)
{
  FltYamlView *self = FLT_YAML_VIEW (object);

  g_clear_pointer (&self->underlines, g_ptr_array_unref);
  g_clear_pointer (&self->synced_text, g_free);

  G_OBJECT_CLASS (flt_yaml_view_parent_class)->finalize (object);
}

static void
flt_yaml_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FltYamlView *self = FLT_YAML_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_HAS_PENDING:
      g_value_set_boolean (value, self->pending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_yaml_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FltYamlView *self = FLT_YAML_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      flt_yaml_view_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_yaml_view_class_init (FltYamlViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Idempotent; registers GtkSourceView's types and resources. */
  gtk_source_init ();

  object_class->dispose = flt_yaml_view_dispose;
  object_class->finalize = flt_yaml_view_finalize;
  object_class->get_property = flt_yaml_view_get_property;
  object_class->set_property = flt_yaml_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         FLT_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FltYamlView:has-pending:
   *
   * Whether the buffer holds typing the document has not received yet;
   * flt_yaml_view_flush() hands it over.
   */
  properties[PROP_HAS_PENDING] =
    g_param_spec_boolean ("has-pending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/flt-yaml-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FltYamlView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FltYamlView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FltYamlView, search_label);
  gtk_widget_class_bind_template_child (widget_class, FltYamlView, source_view);
  gtk_widget_class_bind_template_child (widget_class, FltYamlView, buffer);
  gtk_widget_class_bind_template_callback (widget_class, buffer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_changed_cb);

  gtk_widget_class_install_action (widget_class, "yaml-view.undo", NULL, flt_yaml_view_undo_action);
  gtk_widget_class_install_action (widget_class, "yaml-view.redo", NULL, flt_yaml_view_undo_action);
  gtk_widget_class_install_action (widget_class, "yaml-view.find", NULL, flt_yaml_view_find_action);
  gtk_widget_class_install_action (widget_class, "yaml-view.find-next", NULL, flt_yaml_view_find_next_action);
  gtk_widget_class_install_action (widget_class, "yaml-view.find-previous", NULL, flt_yaml_view_find_next_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "yaml-view.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "yaml-view.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "yaml-view.find-previous", NULL);
}

/* Undo and redo keys pressed in the text go to the document's history, not
 * to the text view's own (which is off).  They are caught before the text
 * view sees them, and only there: the search entry keeps its own undo. */
static void
flt_yaml_view_add_undo_shortcuts (FltYamlView *self)
{
  static const struct {
    const char *trigger;
    const char *action;
  } shortcuts[] = {
    { "<Control>z", "yaml-view.undo" },
    { "<Control><Shift>z", "yaml-view.redo" },
    { "<Control>y", "yaml-view.redo" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].trigger),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self->source_view), controller);
}

static void
flt_yaml_view_init (FltYamlView *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  g_autoptr(GtkSourceMarkAttributes) error_attributes = gtk_source_mark_attributes_new ();
  g_autoptr(GtkSourceMarkAttributes) warning_attributes = gtk_source_mark_attributes_new ();
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->underlines = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_underline_free);
  self->commit_delay = FLT_YAML_VIEW_COMMIT_DELAY_MS;

  gtk_source_buffer_set_language (self->buffer, gtk_source_language_manager_get_language (languages, "yaml"));
  self->error_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), NULL,
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                NULL);
  self->warning_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), NULL,
                                                  "underline", PANGO_UNDERLINE_ERROR,
                                                  NULL);

  /* In colour: the gutter draws symbolic icons grey. */
  gtk_source_mark_attributes_set_icon_name (error_attributes, "flt-diagnostic-error");
  gtk_source_mark_attributes_set_icon_name (warning_attributes, "flt-diagnostic-warning");
  gtk_source_view_set_mark_attributes (self->source_view, FLT_CATEGORY_ERROR, error_attributes, 20);
  gtk_source_view_set_mark_attributes (self->source_view, FLT_CATEGORY_WARNING, warning_attributes, 10);

  self->search_settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->search_settings, TRUE);
  self->search_context = gtk_source_search_context_new (self->buffer, self->search_settings);
  gtk_source_search_context_set_highlight (self->search_context, FALSE);
  g_signal_connect_object (self->search_context, "notify::occurrences-count",
                           G_CALLBACK (occurrences_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  self->workspace_signals = g_signal_group_new (FLT_TYPE_WORKSPACE);
  g_signal_group_connect_object (self->workspace_signals, "notify::project",
                                 G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  self->document_signals = g_signal_group_new (FLT_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "notify::revision",
                                 G_CALLBACK (document_revision_cb), self, G_CONNECT_SWAPPED);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->source_view), focus);

  flt_yaml_view_add_undo_shortcuts (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  flt_yaml_view_update_style (self);

  /* Nothing to type into until there is a document. */
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), FALSE);
  self->exact = TRUE;
}

/* Public API */

/**
 * flt_yaml_view_new:
 *
 * Returns: (transfer floating): a new, empty YAML view
 */
GtkWidget *
flt_yaml_view_new (void)
{
  return g_object_new (FLT_TYPE_YAML_VIEW, NULL);
}

/**
 * flt_yaml_view_set_workspace:
 * @workspace: (nullable): the open file to show, or %NULL for none
 *
 * Shows @workspace's document.  Typing still pending for the previous one
 * is committed to it first.
 */
void
flt_yaml_view_set_workspace (FltYamlView  *self,
                             FltWorkspace *workspace)
{
  const char *text = "";
  gsize length = 0;

  g_return_if_fail (FLT_IS_YAML_VIEW (self));
  g_return_if_fail (workspace == NULL || FLT_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  flt_yaml_view_commit (self);
  flt_yaml_view_clear_underlines (self);

  g_set_object (&self->workspace, workspace);
  g_set_object (&self->document, (workspace ? flt_workspace_get_document (workspace) : NULL));
  g_signal_group_set_target (self->workspace_signals, self->workspace);
  g_signal_group_set_target (self->document_signals, self->document);

  if (self->document != NULL)
    text = flt_document_get_text (self->document, &length);

  self->exact = TRUE;
  flt_yaml_view_load_text (self, text, length);
  flt_yaml_view_set_synced (self, g_memdup2 (text, length + 1), length);

  if (self->document != NULL)
    {
      guint width = detect_indent_width (text, length);

      gtk_source_view_set_indent_width (self->source_view, width);
      gtk_source_view_set_tab_width (self->source_view, width);
    }

  flt_yaml_view_apply_diagnostics (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * flt_yaml_view_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace shown
 */
FltWorkspace *
flt_yaml_view_get_workspace (FltYamlView *self)
{
  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), NULL);

  return self->workspace;
}

/**
 * flt_yaml_view_flush:
 *
 * Hands typing still waiting for its pause to the document now, as one
 * undo step.  Call it before undo, redo, save, or running the project.
 */
void
flt_yaml_view_flush (FltYamlView *self)
{
  g_return_if_fail (FLT_IS_YAML_VIEW (self));

  flt_yaml_view_commit (self);
}

/**
 * flt_yaml_view_has_pending:
 *
 * Returns: whether there is typing the document has not received yet
 */
gboolean
flt_yaml_view_has_pending (FltYamlView *self)
{
  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), FALSE);

  return self->pending;
}

static void
flt_yaml_view_reveal (FltYamlView *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);

  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view),
                                gtk_text_buffer_get_insert (buffer),
                                0.25, FALSE, 0.0, 0.0);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/**
 * flt_yaml_view_goto:
 * @line: 1-based line
 * @column: 1-based column, in characters; 0 for the start of the line
 *
 * Puts the cursor there, as far as the text reaches, scrolls to it and
 * focuses the text.
 */
void
flt_yaml_view_goto (FltYamlView *self,
                    guint        line,
                    guint        column)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter, line_end;

  g_return_if_fail (FLT_IS_YAML_VIEW (self));

  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, MAX (line, 1) - 1);
  line_end = iter;
  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);
  if (column > 1)
    {
      gtk_text_iter_forward_chars (&iter, column - 1);
      if (gtk_text_iter_compare (&iter, &line_end) > 0)
        iter = line_end;
    }

  gtk_text_buffer_place_cursor (buffer, &iter);
  flt_yaml_view_reveal (self);
}

/**
 * flt_yaml_view_select_span:
 * @offset: byte offset into the document's text
 * @length: length in bytes
 *
 * Selects that part of the document (a diagnostic's span, say), scrolls to
 * it and focuses the text.  Pending typing is committed first, so that the
 * offsets mean the document's current text.
 */
void
flt_yaml_view_select_span (FltYamlView *self,
                           gsize        offset,
                           gsize        length)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  gsize end_offset;
  int start_chars;

  g_return_if_fail (FLT_IS_YAML_VIEW (self));

  buffer = GTK_TEXT_BUFFER (self->buffer);
  flt_yaml_view_commit (self);

  offset = MIN (offset, self->synced_length);
  end_offset = MIN (offset + length, self->synced_length);
  if (self->exact)
    {
      while (offset > 0 && is_continuation (self->synced_text, self->synced_length, offset))
        offset--;
      while (end_offset > offset && is_continuation (self->synced_text, self->synced_length, end_offset))
        end_offset--;
      start_chars = g_utf8_pointer_to_offset (self->synced_text, self->synced_text + offset);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, start_chars);
      gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                          start_chars + g_utf8_strlen (self->synced_text + offset,
                                                                       end_offset - offset));
      gtk_text_buffer_select_range (buffer, &start, &end);
    }

  flt_yaml_view_reveal (self);
}

/**
 * flt_yaml_view_show_diagnostic:
 *
 * Selects what @diagnostic is about, for a click in the diagnostics list.
 *
 * Returns: %FALSE when it concerns another file (an `env_file`, an
 *   included file), which this view does not show
 */
gboolean
flt_yaml_view_show_diagnostic (FltYamlView         *self,
                               const FltDiagnostic *diagnostic)
{
  FltProject *project;

  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), FALSE);
  g_return_val_if_fail (diagnostic != NULL, FALSE);

  if (self->workspace == NULL)
    return FALSE;

  project = flt_workspace_get_project (self->workspace);
  if (!flt_yaml_view_is_own_diagnostic (self, project, diagnostic))
    return FALSE;

  flt_yaml_view_commit (self);

  /* Byte offsets hold only for the text the project was built from. */
  if (diagnostic->length > 0 &&
      flt_workspace_get_project_revision (self->workspace) == flt_document_get_revision (self->document))
    flt_yaml_view_select_span (self, diagnostic->offset, diagnostic->length);
  else
    flt_yaml_view_goto (self, diagnostic->line, diagnostic->column);
  return TRUE;
}

/* For the tests */

GtkSourceView *
_flt_yaml_view_get_source_view (FltYamlView *self)
{
  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), NULL);

  return self->source_view;
}

GtkSearchBar *
_flt_yaml_view_get_search_bar (FltYamlView *self)
{
  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), NULL);

  return self->search_bar;
}

GtkEditable *
_flt_yaml_view_get_search_entry (FltYamlView *self)
{
  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

const char *
_flt_yaml_view_get_search_label (FltYamlView *self)
{
  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), NULL);

  return gtk_label_get_label (self->search_label);
}

guint
_flt_yaml_view_get_n_underlines (FltYamlView *self)
{
  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), 0);

  return self->underlines->len;
}

/* Tests that must not race the pause make it longer. */
void
_flt_yaml_view_set_commit_delay (FltYamlView *self,
                                 guint        milliseconds)
{
  g_return_if_fail (FLT_IS_YAML_VIEW (self));

  self->commit_delay = milliseconds;
}

/* The messages of the diagnostics shown at @iter (or on its line), one per
 * line, for the tooltip; %NULL when there are none. */
char *
_flt_yaml_view_dup_messages_at (FltYamlView       *self,
                                const GtkTextIter *iter,
                                gboolean           whole_line)
{
  GtkTextBuffer *buffer;
  GString *messages = NULL;

  g_return_val_if_fail (FLT_IS_YAML_VIEW (self), NULL);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  for (guint i = 0; i < self->underlines->len; i++)
    {
      FltUnderline *underline = g_ptr_array_index (self->underlines, i);
      GtkTextIter start, end;
      gboolean hit;

      gtk_text_buffer_get_iter_at_mark (buffer, &start, underline->start);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, underline->end);
      if (whole_line)
        hit = gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (iter);
      else
        hit = gtk_text_iter_in_range (iter, &start, &end);
      if (!hit)
        continue;

      if (messages == NULL)
        messages = g_string_new (underline->diagnostic->message);
      else
        g_string_append_printf (messages, "\n%s", underline->diagnostic->message);
    }

  return messages ? g_string_free (messages, FALSE) : NULL;
}
