/* flt-log-view.c: the lines of a log filter, drawn as they scroll by
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scrollable widget that lays out only the rows on screen, so a million
 * lines cost no more to show than fifty.  Rows have one height (the font
 * is monospace and lines do not wrap), which turns scrolling into
 * arithmetic: row = (offset - padding) / row height.
 *
 * Positions that must survive lines coming and going (the selection, the
 * current match) are kept by line sequence number, never by row.
 */

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "flt-log-view.h"

#define PAD_X 10             /* left and right of the text, in pixels */
#define PAD_Y 4
#define ROW_SPACING 2
#define MARKER_X 3           /* where the stderr marker is drawn */
#define MARKER_WIDTH 3

typedef struct
{
  guint64 seq;
  gsize   index;             /* a byte offset into the row's text as shown */
} Position;

struct _FltLogView
{
  GtkWidget      parent_instance;

  FltLogFilter  *filter;
  FltLogBuffer  *buffer;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;

  guint          follow : 1;
  guint          show_timestamps : 1;
  guint          updating : 1;          /* adjustments changing under our hand */
  guint          metrics_valid : 1;
  guint          has_selection : 1;
  guint          select_lines : 1;      /* the selection takes whole rows */
  guint          has_current : 1;
  guint          has_pending_top : 1;

  int            row_height;
  double         char_width;
  int            content_width;         /* the widest row drawn so far */
  guint          width_idle;

  Position       anchor;                /* where the selection started */
  Position       cursor;                /* where it ends */
  double         drag_x;
  double         drag_y;

  guint64        current;               /* the ordinal of the current match */
  int            current_index;         /* its index now, or -1 */
  guint64        pending_top;           /* a line to bring back after a reset */

  GString       *row_text;
  GtkWidget     *menu;
};

static void flt_log_view_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FltLogView, flt_log_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, flt_log_view_scrollable_init))

enum {
  PROP_0,
  PROP_FILTER,
  PROP_FOLLOW,
  PROP_SHOW_TIMESTAMPS,
  PROP_CURRENT_MATCH,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

/* Prefix colours, readable on the light and on the dark background (the
 * GNOME palette: darker shades on light, lighter shades on dark). */
static const char * const palette_light[FLT_LOG_VIEW_N_COLORS] = {
  "#1c71d8", "#26a269", "#c64600", "#813d9c", "#0e7c86", "#c01c28", "#865e3c", "#5e5c64",
};
static const char * const palette_dark[FLT_LOG_VIEW_N_COLORS] = {
  "#62a0ea", "#57e389", "#ffa348", "#dc8add", "#5bc8d6", "#f66151", "#cdab8f", "#c0bfbc",
};

/* Auxiliary methods */

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/**
 * flt_log_view_get_service_color:
 *
 * The prefix colour of the service @service_index: one per service,
 * cycling through FLT_LOG_VIEW_N_COLORS.
 */
void
flt_log_view_get_service_color (guint     service_index,
                                gboolean  dark,
                                GdkRGBA  *color)
{
  const char * const *palette = dark ? palette_dark : palette_light;

  gdk_rgba_parse (color, palette[service_index % FLT_LOG_VIEW_N_COLORS]);
}

static void
get_foreground (FltLogView *self,
                GdkRGBA    *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
#endif
}

static void
ensure_metrics (FltLogView *self)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;

  if (self->metrics_valid)
    return;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "0123456789");
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  self->char_width = logical.width / 10.0;
  self->row_height = MAX (logical.height + ROW_SPACING, 1);
  self->metrics_valid = TRUE;
}

static guint
n_rows (FltLogView *self)
{
  return self->filter != NULL ? flt_log_filter_get_n_rows (self->filter) : 0;
}

static guint64
row_seq (FltLogView *self,
         guint       row)
{
  return flt_log_buffer_get_first_seq (self->buffer) + flt_log_filter_get_line (self->filter, row);
}

/* The row as shown; @max_text limits the text, as drawing does. */
static void
format_row (FltLogView *self,
            guint       row,
            gsize       max_text,
            GString    *out,
            gsize      *text_offset)
{
  FltLogEntry entry;

  g_string_truncate (out, 0);
  flt_log_buffer_get_entry (self->buffer, flt_log_filter_get_line (self->filter, row), &entry);
  flt_log_format_row (out, &entry, flt_log_buffer_get_label_width (self->buffer),
                      self->show_timestamps, max_text, text_offset);
}

static double
bottom_value (FltLogView *self)
{
  return MAX (0.0, gtk_adjustment_get_upper (self->vadjustment) -
                   gtk_adjustment_get_page_size (self->vadjustment));
}

static void
set_follow_internal (FltLogView *self,
                     gboolean    follow)
{
  follow = !!follow;
  if (self->follow == follow)
    return;
  self->follow = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

static void
configure_adjustments (FltLogView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double upper, value;

  if (self->vadjustment == NULL || self->hadjustment == NULL)
    return;

  ensure_metrics (self);

  self->updating = TRUE;

  upper = MAX ((double) n_rows (self) * self->row_height + 2 * PAD_Y, height);
  value = self->follow ? upper - height
                       : CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, upper - height);
  gtk_adjustment_configure (self->vadjustment, value, 0, upper,
                            self->row_height, MAX (height - self->row_height, self->row_height),
                            height);

  upper = MAX (self->content_width + 2 * PAD_X, width);
  gtk_adjustment_configure (self->hadjustment,
                            CLAMP (gtk_adjustment_get_value (self->hadjustment), 0, upper - width),
                            0, upper,
                            self->char_width * 4, MAX (width * 0.9, 1), width);

  self->updating = FALSE;
}

static gboolean
update_width_cb (gpointer user_data)
{
  FltLogView *self = user_data;

  self->width_idle = 0;
  configure_adjustments (self);
  return G_SOURCE_REMOVE;
}

static void
update_current_index (FltLogView *self)
{
  int index = -1;

  if (self->has_current && self->filter != NULL)
    {
      guint64 base = flt_log_filter_get_match_base (self->filter);

      if (self->current >= base && self->current - base < flt_log_filter_get_n_matches (self->filter))
        index = self->current - base;
      else
        self->has_current = FALSE;
    }

  if (index != self->current_index)
    {
      self->current_index = index;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_MATCH]);
    }
}

/* Hit-testing: the row and byte under a point of the widget. */
static gboolean
position_at (FltLogView *self,
             double      x,
             double      y,
             Position   *position,
             gboolean   *in_prefix)
{
  g_autoptr(PangoLayout) layout = NULL;
  guint n = n_rows (self);
  double offset;
  gsize text_offset = 0;
  guint row;
  int index, trailing;

  if (n == 0)
    return FALSE;

  ensure_metrics (self);
  offset = y + gtk_adjustment_get_value (self->vadjustment) - PAD_Y;
  if (offset < 0)
    offset = 0;
  row = MIN ((guint) (offset / self->row_height), n - 1);

  format_row (self, row, FLT_LOG_DISPLAY_MAX_BYTES, self->row_text, &text_offset);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_text (layout, self->row_text->str, self->row_text->len);

  position->seq = row_seq (self, row);
  if (y + gtk_adjustment_get_value (self->vadjustment) - PAD_Y >= (double) n * self->row_height)
    position->index = self->row_text->len;
  else
    {
      double lx = x + gtk_adjustment_get_value (self->hadjustment) - PAD_X;

      pango_layout_xy_to_index (layout, MAX (lx, 0) * PANGO_SCALE, self->row_height / 2 * PANGO_SCALE,
                                &index, &trailing);
      position->index = g_utf8_offset_to_pointer (self->row_text->str + index, trailing) - self->row_text->str;
      position->index = MIN (position->index, self->row_text->len);
    }

  if (in_prefix != NULL)
    {
      double lx = x + gtk_adjustment_get_value (self->hadjustment) - PAD_X;
      PangoRectangle pos;

      pango_layout_index_to_pos (layout, text_offset, &pos);
      *in_prefix = lx < pos.x / (double) PANGO_SCALE;
    }
  return TRUE;
}

static int
compare_positions (const Position *a,
                   const Position *b)
{
  if (a->seq != b->seq)
    return a->seq < b->seq ? -1 : 1;
  if (a->index != b->index)
    return a->index < b->index ? -1 : 1;
  return 0;
}

static void
selection_bounds (FltLogView *self,
                  Position   *start,
                  Position   *end)
{
  if (compare_positions (&self->anchor, &self->cursor) <= 0)
    {
      *start = self->anchor;
      *end = self->cursor;
    }
  else
    {
      *start = self->cursor;
      *end = self->anchor;
    }
}

/* The selected bytes of a row of @length bytes; FALSE when none. */
static gboolean
row_selection (FltLogView *self,
               guint64     seq,
               gsize       length,
               gsize      *from,
               gsize      *to,
               gboolean   *whole)
{
  Position start, end;

  if (!self->has_selection)
    return FALSE;

  selection_bounds (self, &start, &end);
  if (seq < start.seq || seq > end.seq)
    return FALSE;

  if (self->select_lines)
    {
      *from = 0;
      *to = length;
    }
  else
    {
      *from = seq == start.seq ? MIN (start.index, length) : 0;
      *to = seq == end.seq ? MIN (end.index, length) : length;
    }
  *whole = *from == 0 && (*to == length && (self->select_lines || seq != end.seq));
  return *to > *from || (self->select_lines && length == 0);
}

static void
copy_to_clipboard (FltLogView *self)
{
  g_autofree char *text = flt_log_view_dup_selected_text (self);

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
update_actions (FltLogView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log-view.copy", self->has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log-view.select-all", n_rows (self) > 0);
}

static void
set_selection (FltLogView     *self,
               const Position *anchor,
               const Position *cursor,
               gboolean        lines)
{
  self->anchor = *anchor;
  self->cursor = *cursor;
  self->select_lines = !!lines;
  self->has_selection = TRUE;
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Scrolls vertically so that @row is in view, centred when it was not. */
static void
reveal_row (FltLogView *self,
            guint       row)
{
  double top, page, value;

  if (self->vadjustment == NULL)
    return;

  ensure_metrics (self);
  top = PAD_Y + (double) row * self->row_height;
  value = gtk_adjustment_get_value (self->vadjustment);
  page = gtk_adjustment_get_page_size (self->vadjustment);
  if (top >= value && top + self->row_height <= value + page)
    return;
  gtk_adjustment_set_value (self->vadjustment, top - (page - self->row_height) / 2);
}

static void
reveal_match (FltLogView        *self,
              const FltLogMatch *match)
{
  g_autoptr(PangoLayout) layout = NULL;
  guint row = flt_log_filter_row_for_seq (self->filter, match->seq);
  gsize text_offset = 0;
  PangoRectangle start, end;
  double value, page;

  if (row >= n_rows (self))
    return;
  reveal_row (self, row);

  /* And horizontally, for matches far along long lines. */
  format_row (self, row, FLT_LOG_DISPLAY_MAX_BYTES, self->row_text, &text_offset);
  if (text_offset + match->end > self->row_text->len)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_text (layout, self->row_text->str, self->row_text->len);
  pango_layout_index_to_pos (layout, text_offset + match->start, &start);
  pango_layout_index_to_pos (layout, text_offset + match->end, &end);
  self->content_width = MAX (self->content_width, PANGO_PIXELS_CEIL (end.x));
  configure_adjustments (self);

  value = gtk_adjustment_get_value (self->hadjustment);
  page = gtk_adjustment_get_page_size (self->hadjustment);
  if (start.x / PANGO_SCALE < value || end.x / PANGO_SCALE + 2 * PAD_X > value + page)
    gtk_adjustment_set_value (self->hadjustment, MAX (0, start.x / PANGO_SCALE - page / 3));
}

/* Callbacks */

static void
adjustment_value_changed_cb (FltLogView    *self,
                             GtkAdjustment *adjustment)
{
  if (adjustment == self->vadjustment && !self->updating)
    {
      /* The user scrolled: following stops above the bottom and comes back
       * at it. */
      set_follow_internal (self, gtk_adjustment_get_value (adjustment) >= bottom_value (self) - 1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
filter_rows_changed_cb (FltLogView   *self,
                        guint         removed,
                        guint         added,
                        FltLogFilter *filter)
{
  ensure_metrics (self);

  /* Keep the lines in view where they are while older ones go. */
  if (removed > 0 && !self->follow && self->vadjustment != NULL)
    {
      self->updating = TRUE;
      gtk_adjustment_set_value (self->vadjustment,
                                MAX (0, gtk_adjustment_get_value (self->vadjustment) -
                                        (double) removed * self->row_height));
      self->updating = FALSE;
    }

  configure_adjustments (self);

  if (self->has_pending_top)
    {
      guint row = flt_log_filter_row_for_seq (filter, self->pending_top);

      if (row < n_rows (self) || flt_log_filter_is_complete (filter))
        {
          self->has_pending_top = FALSE;
          if (!self->follow && row < n_rows (self))
            {
              self->updating = TRUE;
              gtk_adjustment_set_value (self->vadjustment, PAD_Y + (double) row * self->row_height - PAD_Y);
              self->updating = FALSE;
            }
        }
    }

  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
filter_matches_changed_cb (FltLogView   *self,
                           guint         removed,
                           guint         added,
                           FltLogFilter *filter)
{
  update_current_index (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
filter_reset_cb (FltLogView   *self,
                 FltLogFilter *filter)
{
  /* Bring back the line that was on top once it is classified again. */
  self->has_pending_top = !self->follow;
  self->has_current = FALSE;
  update_current_index (self);
  configure_adjustments (self);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
buffer_cleared_cb (FltLogView   *self,
                   FltLogBuffer *buffer)
{
  self->has_selection = FALSE;
  self->has_pending_top = FALSE;
  self->content_width = 0;
  update_actions (self);
}

static void
style_dark_cb (FltLogView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_begin_cb (FltLogView     *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  Position position;
  gboolean in_prefix = FALSE;
  GdkModifierType state;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_x = x;
  self->drag_y = y;

  if (!position_at (self, x, y, &position, &in_prefix))
    {
      flt_log_view_clear_selection (self);
      return;
    }

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  if ((state & GDK_SHIFT_MASK) && self->has_selection)
    set_selection (self, &self->anchor, &position, self->select_lines);
  else if (in_prefix)
    set_selection (self, &position, &position, TRUE);   /* the gutter picks whole lines */
  else
    {
      self->anchor = self->cursor = position;
      self->select_lines = FALSE;
      self->has_selection = FALSE;
      update_actions (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
drag_update_cb (FltLogView     *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  double x = self->drag_x + dx;
  double y = self->drag_y + dy;
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  Position position;

  /* Dragging past an edge scrolls. */
  if (y < 0 || y > height)
    {
      double step = (y < 0 ? -1 : 1) * self->row_height;

      gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) + step);
    }

  if (position_at (self, x, CLAMP (y, 0, height), &position, NULL))
    set_selection (self, &self->anchor, &position, self->select_lines);
}

static gboolean
is_word_char (gunichar c)
{
  return !g_unichar_isspace (c) && c != '|' && c != '"' && c != '\'';
}

static void
click_pressed_cb (FltLogView      *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  Position position;

  if (n_press < 2 || !position_at (self, x, y, &position, NULL))
    return;

  if (n_press == 2)
    {
      /* A word: the run of non-blank characters around the pointer. */
      guint row = flt_log_filter_row_for_seq (self->filter, position.seq);
      const char *text, *start, *end;
      Position a, b;

      format_row (self, row, FLT_LOG_DISPLAY_MAX_BYTES, self->row_text, NULL);
      text = self->row_text->str;
      start = end = text + MIN (position.index, self->row_text->len);
      while (start > text)
        {
          const char *prev = g_utf8_prev_char (start);

          if (!is_word_char (g_utf8_get_char (prev)))
            break;
          start = prev;
        }
      while (*end != '\0' && is_word_char (g_utf8_get_char (end)))
        end = g_utf8_next_char (end);

      a.seq = b.seq = position.seq;
      a.index = start - text;
      b.index = end - text;
      set_selection (self, &a, &b, FALSE);
    }
  else
    set_selection (self, &position, &position, TRUE);
}

static void
context_pressed_cb (FltLogView      *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_widget_grab_focus (GTK_WIDGET (self));
  update_actions (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

/* Actions and key bindings */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  copy_to_clipboard (FLT_LOG_VIEW (widget));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  flt_log_view_select_all (FLT_LOG_VIEW (widget));
}

enum {
  SCROLL_LINE_UP,
  SCROLL_LINE_DOWN,
  SCROLL_PAGE_UP,
  SCROLL_PAGE_DOWN,
  SCROLL_TOP,
  SCROLL_BOTTOM,
};

static gboolean
scroll_binding_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  FltLogView *self = FLT_LOG_VIEW (widget);
  GtkAdjustment *adj = self->vadjustment;
  double value, page, step;

  if (adj == NULL)
    return FALSE;

  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_increment (adj);
  step = gtk_adjustment_get_step_increment (adj);

  switch (g_variant_get_int32 (args))
    {
    case SCROLL_LINE_UP:   value -= step; break;
    case SCROLL_LINE_DOWN: value += step; break;
    case SCROLL_PAGE_UP:   value -= page; break;
    case SCROLL_PAGE_DOWN: value += page; break;
    case SCROLL_TOP:       value = 0; break;
    case SCROLL_BOTTOM:    value = bottom_value (self); break;
    default:               g_assert_not_reached ();
    }
  gtk_adjustment_set_value (adj, CLAMP (value, 0, bottom_value (self)));
  return TRUE;
}

/* GtkWidget */

static void
flt_log_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  FltLogView *self = FLT_LOG_VIEW (widget);

  ensure_metrics (self);
  *minimum = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = self->char_width * 80 + 2 * PAD_X;
  else
    *natural = self->row_height * 10 + 2 * PAD_Y;
}

static void
flt_log_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  FltLogView *self = FLT_LOG_VIEW (widget);

  configure_adjustments (self);
  gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
append_range (GtkSnapshot    *snapshot,
              PangoLayoutLine *line,
              int             from,
              int             to,
              double          y,
              int             height,
              const GdkRGBA  *color)
{
  int *ranges = NULL;
  int n_ranges = 0;

  pango_layout_line_get_x_ranges (line, from, to, &ranges, &n_ranges);
  for (int i = 0; i < n_ranges; i++)
    {
      double x0 = ranges[2 * i] / (double) PANGO_SCALE;
      double x1 = ranges[2 * i + 1] / (double) PANGO_SCALE;

      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (x0, y, MAX (x1 - x0, 1), height));
    }
  g_free (ranges);
}

static void
flt_log_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  FltLogView *self = FLT_LOG_VIEW (widget);
  g_autoptr(PangoLayout) layout = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = is_dark ();
  FltLogSearch *search;
  GdkRGBA fg, palette[FLT_LOG_VIEW_N_COLORS], marker, system_fg, selection, match, current;
  const FltLogMatch *current_match = NULL;
  guint label_width, total;
  double vvalue, hvalue;
  int widest = self->content_width;
  guint row;

  if (self->filter == NULL || self->vadjustment == NULL || (total = n_rows (self)) == 0)
    return;

  ensure_metrics (self);
  get_foreground (self, &fg);
  for (guint i = 0; i < FLT_LOG_VIEW_N_COLORS; i++)
    flt_log_view_get_service_color (i, dark, &palette[i]);
  gdk_rgba_parse (&marker, dark ? "#ff7b63" : "#e01b24");
  gdk_rgba_parse (&system_fg, dark ? "#ff7b63" : "#c01c28");
  gdk_rgba_parse (&selection, dark ? "rgba(120,174,237,0.35)" : "rgba(53,132,228,0.25)");
  gdk_rgba_parse (&match, dark ? "rgba(245,194,17,0.35)" : "rgba(246,211,45,0.55)");
  gdk_rgba_parse (&current, dark ? "rgba(255,120,0,0.75)" : "rgba(255,120,0,0.65)");

  search = flt_log_filter_get_search (self->filter);
  if (self->current_index >= 0)
    current_match = flt_log_filter_get_match (self->filter, self->current_index);

  vvalue = gtk_adjustment_get_value (self->vadjustment);
  hvalue = gtk_adjustment_get_value (self->hadjustment);
  label_width = flt_log_buffer_get_label_width (self->buffer);
  layout = gtk_widget_create_pango_layout (widget, NULL);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  row = vvalue > PAD_Y ? (guint) ((vvalue - PAD_Y) / self->row_height) : 0;
  for (; row < total; row++)
    {
      double y = PAD_Y + (double) row * self->row_height - vvalue;
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
      PangoLayoutLine *line;
      PangoAttribute *attr;
      const GdkRGBA *label_color;
      FltLogEntry entry;
      gsize text_offset = 0, label_start, from, to, shown_text;
      gboolean whole;
      int layout_width;

      if (y >= height)
        break;

      flt_log_buffer_get_entry (self->buffer, flt_log_filter_get_line (self->filter, row), &entry);
      g_string_truncate (self->row_text, 0);
      flt_log_format_row (self->row_text, &entry, label_width, self->show_timestamps,
                          FLT_LOG_DISPLAY_MAX_BYTES, &text_offset);
      shown_text = MIN (entry.length, FLT_LOG_DISPLAY_MAX_BYTES);
      label_start = self->show_timestamps ? strlen ("2026-01-05 12:34:56.789 ") : 0;

      /* Timestamps dimmed, the prefix in its service's colour, the
       * engine's own messages in italics. */
      label_color = &palette[entry.service_index % FLT_LOG_VIEW_N_COLORS];
      if (label_start > 0)
        {
          attr = pango_attr_foreground_alpha_new (0xffff * 0.55);
          attr->start_index = 0;
          attr->end_index = label_start;
          pango_attr_list_insert (attrs, attr);
        }
      attr = pango_attr_foreground_new (label_color->red * 0xffff, label_color->green * 0xffff,
                                        label_color->blue * 0xffff);
      attr->start_index = label_start;
      attr->end_index = text_offset;
      pango_attr_list_insert (attrs, attr);
      if (entry.stream == FLT_LOG_SYSTEM)
        {
          attr = pango_attr_style_new (PANGO_STYLE_ITALIC);
          attr->start_index = text_offset;
          attr->end_index = G_MAXUINT;
          pango_attr_list_insert (attrs, attr);
          attr = pango_attr_foreground_new (system_fg.red * 0xffff, system_fg.green * 0xffff,
                                            system_fg.blue * 0xffff);
          attr->start_index = text_offset;
          attr->end_index = G_MAXUINT;
          pango_attr_list_insert (attrs, attr);
        }

      pango_layout_set_text (layout, self->row_text->str, self->row_text->len);
      pango_layout_set_attributes (layout, attrs);
      line = pango_layout_get_line_readonly (layout, 0);

      if (entry.stream != FLT_LOG_STDOUT)
        gtk_snapshot_append_color (snapshot, &marker,
                                   &GRAPHENE_RECT_INIT (MARKER_X, y, MARKER_WIDTH, self->row_height));

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PAD_X - hvalue, y));

      if (row_selection (self, entry.seq, self->row_text->len, &from, &to, &whole))
        {
          if (whole)
            gtk_snapshot_append_color (snapshot, &selection,
                                       &GRAPHENE_RECT_INIT (hvalue - PAD_X, 0, width, self->row_height));
          else
            append_range (snapshot, line, from, to, 0, self->row_height, &selection);
        }

      if (search != NULL)
        {
          gsize start, end, at = 0;
          guint found = 0;

          /* Every match on screen, even past the ones the filter keeps. */
          while (found++ < 1000 &&
                 flt_log_search_find (search, entry.text, shown_text, at, &start, &end))
            {
              gboolean is_current = current_match != NULL && current_match->seq == entry.seq &&
                                    current_match->start == start;

              append_range (snapshot, line, text_offset + start, text_offset + end, 0,
                            self->row_height, is_current ? &current : &match);
              at = end;
            }
        }

      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);

      pango_layout_get_pixel_size (layout, &layout_width, NULL);
      widest = MAX (widest, layout_width);
    }

  gtk_snapshot_pop (snapshot);

  /* Rows seen for the first time may be wider: let the scrollbar know,
   * outside of drawing. */
  if (widest > self->content_width)
    {
      self->content_width = widest;
      if (self->width_idle == 0)
        self->width_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_width_cb, self, NULL);
    }
}

static void
flt_log_view_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  FltLogView *self = FLT_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (flt_log_view_parent_class)->css_changed (widget, change);

  /* The font may have changed. */
  self->metrics_valid = FALSE;
  self->content_width = 0;
  gtk_widget_queue_resize (widget);
}

static void
flt_log_view_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  FltLogView *self = FLT_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (flt_log_view_parent_class)->system_setting_changed (widget, setting);
  self->metrics_valid = FALSE;
  gtk_widget_queue_resize (widget);
}

/* GtkScrollable */

static void
set_adjustment (FltLogView     *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
      g_object_unref (*slot);
    }
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed",
                            G_CALLBACK (adjustment_value_changed_cb), self);
  configure_adjustments (self);
}

static gboolean
flt_log_view_get_border (GtkScrollable *scrollable,
                         GtkBorder     *border)
{
  return FALSE;
}

static void
flt_log_view_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = flt_log_view_get_border;
}

/* GObject */

static void
flt_log_view_dispose (GObject *object)
{
  FltLogView *self = FLT_LOG_VIEW (object);

  g_clear_handle_id (&self->width_idle, g_source_remove);
  flt_log_view_set_filter (self, NULL);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (flt_log_view_parent_class)->dispose (object);
}

static void
flt_log_view_finalize (GObject *object)
{
  FltLogView *self = FLT_LOG_VIEW (object);

  g_string_free (self->row_text, TRUE);

  G_OBJECT_CLASS (flt_log_view_parent_class)->finalize (object);
}

static void
flt_log_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FltLogView *self = FLT_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;
    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;
    case PROP_SHOW_TIMESTAMPS:
      g_value_set_boolean (value, self->show_timestamps);
      break;
    case PROP_CURRENT_MATCH:
      g_value_set_int (value, self->current_index);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_log_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FltLogView *self = FLT_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      flt_log_view_set_filter (self, g_value_get_object (value));
      break;
    case PROP_FOLLOW:
      flt_log_view_set_follow (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_TIMESTAMPS:
      flt_log_view_set_show_timestamps (self, g_value_get_boolean (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_log_view_class_init (FltLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flt_log_view_dispose;
  object_class->finalize = flt_log_view_finalize;
  object_class->get_property = flt_log_view_get_property;
  object_class->set_property = flt_log_view_set_property;

  widget_class->measure = flt_log_view_measure;
  widget_class->size_allocate = flt_log_view_size_allocate;
  widget_class->snapshot = flt_log_view_snapshot;
  widget_class->css_changed = flt_log_view_css_changed;
  widget_class->system_setting_changed = flt_log_view_system_setting_changed;

  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL,
                         FLT_TYPE_LOG_FILTER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the view sticks to the newest line. */
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_TIMESTAMPS] =
    g_param_spec_boolean ("show-timestamps", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The index of the emphasised match among the filter's, or -1. */
  properties[PROP_CURRENT_MATCH] =
    g_param_spec_int ("current-match", NULL, NULL,
                      -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_install_action (widget_class, "log-view.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "log-view.select-all", NULL, select_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "log-view.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK, "log-view.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "log-view.select-all", NULL);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, scroll_binding_cb, "i", SCROLL_LINE_UP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, scroll_binding_cb, "i", SCROLL_LINE_DOWN);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Up, 0, scroll_binding_cb, "i", SCROLL_PAGE_UP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Down, 0, scroll_binding_cb, "i", SCROLL_PAGE_DOWN);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, 0, scroll_binding_cb, "i", SCROLL_TOP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_End, 0, scroll_binding_cb, "i", SCROLL_BOTTOM);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, scroll_binding_cb, "i", SCROLL_TOP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, scroll_binding_cb, "i", SCROLL_BOTTOM);

  gtk_widget_class_set_css_name (widget_class, "logview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LOG);
}

static void
flt_log_view_init (FltLogView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkGesture *gesture;

  self->follow = TRUE;
  self->current_index = -1;
  self->row_text = g_string_sized_new (256);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self), "monospace");
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "text");

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (context_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_menu_append (menu, _("_Copy"), "log-view.copy");
  g_menu_append (menu, _("Select _All"), "log-view.select-all");
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);

  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
  update_actions (self);
}

/* Public API */

GtkWidget *
flt_log_view_new (void)
{
  return g_object_new (FLT_TYPE_LOG_VIEW, NULL);
}

FltLogFilter *
flt_log_view_get_filter (FltLogView *self)
{
  g_return_val_if_fail (FLT_IS_LOG_VIEW (self), NULL);
  return self->filter;
}

void
flt_log_view_set_filter (FltLogView   *self,
                         FltLogFilter *filter)
{
  g_return_if_fail (FLT_IS_LOG_VIEW (self));
  g_return_if_fail (filter == NULL || FLT_IS_LOG_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->filter, self);
      g_signal_handlers_disconnect_by_data (self->buffer, self);
    }
  g_set_object (&self->filter, filter);
  g_clear_object (&self->buffer);
  if (filter != NULL)
    self->buffer = g_object_ref (flt_log_filter_get_buffer (filter));
  if (filter != NULL)
    {
      g_signal_connect_object (filter, "rows-changed", G_CALLBACK (filter_rows_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (filter, "matches-changed", G_CALLBACK (filter_matches_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (filter, "reset", G_CALLBACK (filter_reset_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->buffer, "cleared", G_CALLBACK (buffer_cleared_cb),
                               self, G_CONNECT_SWAPPED);
    }

  self->has_selection = FALSE;
  self->has_current = FALSE;
  update_current_index (self);
  configure_adjustments (self);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

gboolean
flt_log_view_get_follow (FltLogView *self)
{
  g_return_val_if_fail (FLT_IS_LOG_VIEW (self), FALSE);
  return self->follow;
}

/* Following sticks the view to the newest line; turning it on jumps
 * there. */
void
flt_log_view_set_follow (FltLogView *self,
                         gboolean    follow)
{
  g_return_if_fail (FLT_IS_LOG_VIEW (self));

  set_follow_internal (self, follow);
  if (follow)
    configure_adjustments (self);
}

gboolean
flt_log_view_get_show_timestamps (FltLogView *self)
{
  g_return_val_if_fail (FLT_IS_LOG_VIEW (self), FALSE);
  return self->show_timestamps;
}

void
flt_log_view_set_show_timestamps (FltLogView *self,
                                  gboolean    show_timestamps)
{
  g_return_if_fail (FLT_IS_LOG_VIEW (self));

  show_timestamps = !!show_timestamps;
  if (self->show_timestamps == show_timestamps)
    return;
  self->show_timestamps = show_timestamps;
  /* Selections are kept in bytes of the row as shown, which moved. */
  self->has_selection = FALSE;
  self->content_width = 0;
  update_actions (self);
  configure_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TIMESTAMPS]);
}

/* Returns: the index of the emphasised match, or -1 */
int
flt_log_view_get_current_match (FltLogView *self)
{
  g_return_val_if_fail (FLT_IS_LOG_VIEW (self), -1);
  return self->current_index;
}

/**
 * flt_log_view_find:
 * @backwards: go to the previous match rather than the next
 *
 * Makes the next (or previous) match the current one, wrapping around,
 * and scrolls to it.  Without a current match, starts from what is on
 * screen.
 *
 * Returns: whether there was a match to go to
 */
gboolean
flt_log_view_find (FltLogView *self,
                   gboolean    backwards)
{
  guint n, index;

  g_return_val_if_fail (FLT_IS_LOG_VIEW (self), FALSE);

  if (self->filter == NULL || (n = flt_log_filter_get_n_matches (self->filter)) == 0)
    return FALSE;

  if (self->current_index >= 0)
    index = backwards ? (self->current_index + n - 1) % n : (self->current_index + 1) % n;
  else
    {
      guint top = flt_log_view_get_top_row (self);
      guint total = n_rows (self);

      if (total == 0)
        return FALSE;
      if (!backwards)
        {
          index = flt_log_filter_match_for_seq (self->filter, row_seq (self, MIN (top, total - 1)));
          if (index >= n)
            index = 0;
        }
      else
        {
          int page_rows = self->row_height > 0 ? gtk_widget_get_height (GTK_WIDGET (self)) / self->row_height : 1;
          guint bottom = MIN (top + MAX (page_rows, 1), total) - 1;

          index = flt_log_filter_match_for_seq (self->filter, row_seq (self, bottom) + 1);
          index = index > 0 ? index - 1 : n - 1;
        }
    }

  self->has_current = TRUE;
  self->current = flt_log_filter_get_match_base (self->filter) + index;
  update_current_index (self);
  reveal_match (self, flt_log_filter_get_match (self->filter, index));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

/* The first row at least partly on screen. */
guint
flt_log_view_get_top_row (FltLogView *self)
{
  double value;

  g_return_val_if_fail (FLT_IS_LOG_VIEW (self), 0);

  ensure_metrics (self);
  value = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
  return value > PAD_Y ? (guint) ((value - PAD_Y) / self->row_height) : 0;
}

void
flt_log_view_scroll_to_row (FltLogView *self,
                            guint       row)
{
  g_return_if_fail (FLT_IS_LOG_VIEW (self));

  ensure_metrics (self);
  gtk_adjustment_set_value (self->vadjustment,
                            MIN ((double) row * self->row_height, bottom_value (self)));
}

/* Returns: (transfer full): row @row as shown, without truncation */
char *
flt_log_view_dup_row_text (FltLogView *self,
                           guint       row)
{
  GString *text;

  g_return_val_if_fail (FLT_IS_LOG_VIEW (self), NULL);
  g_return_val_if_fail (row < n_rows (self), NULL);

  text = g_string_new (NULL);
  format_row (self, row, G_MAXSIZE, text, NULL);
  return g_string_free (text, FALSE);
}

/* Selects rows @first to @last, whole. */
void
flt_log_view_select_rows (FltLogView *self,
                          guint       first,
                          guint       last)
{
  Position a = { 0, 0 }, b = { 0, 0 };

  g_return_if_fail (FLT_IS_LOG_VIEW (self));
  g_return_if_fail (first <= last && last < n_rows (self));

  a.seq = row_seq (self, first);
  b.seq = row_seq (self, last);
  set_selection (self, &a, &b, TRUE);
}

/* Selects from byte @first_index of row @first_row to byte @last_index of
 * row @last_row, counting in the rows as shown. */
void
flt_log_view_select_range (FltLogView *self,
                           guint       first_row,
                           gsize       first_index,
                           guint       last_row,
                           gsize       last_index)
{
  Position a, b;

  g_return_if_fail (FLT_IS_LOG_VIEW (self));
  g_return_if_fail (first_row < n_rows (self) && last_row < n_rows (self));

  a.seq = row_seq (self, first_row);
  a.index = first_index;
  b.seq = row_seq (self, last_row);
  b.index = last_index;
  set_selection (self, &a, &b, FALSE);
}

void
flt_log_view_select_all (FltLogView *self)
{
  guint n;

  g_return_if_fail (FLT_IS_LOG_VIEW (self));

  n = n_rows (self);
  if (n > 0)
    flt_log_view_select_rows (self, 0, n - 1);
}

void
flt_log_view_clear_selection (FltLogView *self)
{
  g_return_if_fail (FLT_IS_LOG_VIEW (self));

  self->has_selection = FALSE;
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * flt_log_view_dup_selected_text:
 *
 * What Copy puts on the clipboard: the selected part of each row as
 * shown, rows taken whole written in full, one row per line.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL without a
 *   selection
 */
char *
flt_log_view_dup_selected_text (FltLogView *self)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) row_text = NULL;
  Position start, end;
  guint row, total;

  g_return_val_if_fail (FLT_IS_LOG_VIEW (self), NULL);

  if (!self->has_selection || self->filter == NULL)
    return NULL;

  selection_bounds (self, &start, &end);
  total = n_rows (self);
  text = g_string_new (NULL);
  row_text = g_string_new (NULL);

  for (row = flt_log_filter_row_for_seq (self->filter, start.seq); row < total; row++)
    {
      guint64 seq = row_seq (self, row);
      gsize from, to;
      gboolean whole;

      if (seq > end.seq)
        break;

      format_row (self, row, FLT_LOG_DISPLAY_MAX_BYTES, row_text, NULL);
      if (!row_selection (self, seq, row_text->len, &from, &to, &whole))
        continue;
      if (whole)
        {
          format_row (self, row, G_MAXSIZE, row_text, NULL);
          g_string_append_len (text, row_text->str, row_text->len);
          g_string_append_c (text, '\n');
        }
      else
        {
          g_string_append_len (text, row_text->str + from, to - from);
          if (seq != end.seq)
            g_string_append_c (text, '\n');
        }
    }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}
