/* flt-graph-render.c: one renderer for the graph, in the window, PNG and SVG
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "flt-graph-private.h"
#include "flt-graph-render.h"

/* ----------------------------------------------------------------------
 * Colours: libadwaita's named colours, light and dark
 * ---------------------------------------------------------------------- */

typedef struct
{
  double r, g, b, a;
} Rgba;

typedef struct
{
  Rgba background;
  Rgba card;
  Rgba card_border;
  Rgba shadow;
  Rgba text;
  Rgba dim;
  Rgba line;
  Rgba strong_line;
  Rgba accent;          /* lines and text */
  Rgba accent_bg;       /* fills */
  Rgba success;
  Rgba warning;
  Rgba error;
  Rgba neutral;
  Rgba network_fill;
  Rgba host_fill;
  Rgba label_bg;
  Rgba on_badge;
} Palette;

#define RGB(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, alpha }

static const Palette light = {
  .background = RGB (0xffffff, 1),
  .card = RGB (0xffffff, 1),
  .card_border = RGB (0x000000, 0.15),
  .shadow = RGB (0x000000, 0.07),
  .text = RGB (0x000000, 0.8),
  .dim = RGB (0x000000, 0.55),
  .line = RGB (0x000000, 0.35),
  .strong_line = RGB (0x000000, 0.65),
  .accent = RGB (0x1c71d8, 1),
  .accent_bg = RGB (0x3584e4, 1),
  .success = RGB (0x26a269, 1),
  .warning = RGB (0xe5a50a, 1),
  .error = RGB (0xe01b24, 1),
  .neutral = RGB (0x9a9996, 1),
  .network_fill = RGB (0xe8f0fb, 1),
  .host_fill = RGB (0xebebeb, 1),
  .label_bg = RGB (0xffffff, 0.9),
  .on_badge = RGB (0xffffff, 1),
};

static const Palette dark = {
  .background = RGB (0x1e1e1e, 1),
  .card = RGB (0x383838, 1),
  .card_border = RGB (0xffffff, 0.12),
  .shadow = RGB (0x000000, 0.25),
  .text = RGB (0xffffff, 0.92),
  .dim = RGB (0xffffff, 0.6),
  .line = RGB (0xffffff, 0.35),
  .strong_line = RGB (0xffffff, 0.7),
  .accent = RGB (0x78aeed, 1),
  .accent_bg = RGB (0x3584e4, 1),
  .success = RGB (0x2ec27e, 1),
  .warning = RGB (0xe5a50a, 1),
  .error = RGB (0xe01b24, 1),
  .neutral = RGB (0x77767b, 1),
  .network_fill = RGB (0x2a3a4f, 1),
  .host_fill = RGB (0x303030, 1),
  .label_bg = RGB (0x1e1e1e, 0.9),
  .on_badge = RGB (0xffffff, 1),
};

static void
set_colour (cairo_t    *cr,
            const Rgba *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static void
set_colour_alpha (cairo_t    *cr,
                  const Rgba *c,
                  double      alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

/* Green: doing its job; yellow: on its way (or held); red: failed;
 * grey: not running, or not known. */
static const Rgba *
state_colour (const Palette *p,
              FltGraphState  state)
{
  switch (state)
    {
    case FLT_GRAPH_STATE_RUNNING:
    case FLT_GRAPH_STATE_HEALTHY:
      return &p->success;
    case FLT_GRAPH_STATE_STARTING:
    case FLT_GRAPH_STATE_RESTARTING:
    case FLT_GRAPH_STATE_PAUSED:
      return &p->warning;
    case FLT_GRAPH_STATE_UNHEALTHY:
    case FLT_GRAPH_STATE_DEAD:
    case FLT_GRAPH_STATE_FAILED:
      return &p->error;
    case FLT_GRAPH_STATE_UNKNOWN:
    case FLT_GRAPH_STATE_CREATED:
    case FLT_GRAPH_STATE_EXITED:
    default:
      return &p->neutral;
    }
}

/* ----------------------------------------------------------------------
 * Text, with shaped layouts kept between frames
 * ---------------------------------------------------------------------- */

typedef enum
{
  FONT_TITLE,
  FONT_BODY,
  FONT_SMALL,
  FONT_BADGE,
  N_FONTS
} Font;

typedef struct
{
  PangoContext *context;
  PangoFontDescription *fonts[N_FONTS];
  GHashTable *layouts;         /* key → PangoLayout */
} TextCache;

#define MAX_CACHED_LAYOUTS 8192

static void
text_cache_free (TextCache *cache)
{
  g_clear_pointer (&cache->layouts, g_hash_table_unref);
  for (int i = 0; i < N_FONTS; i++)
    g_clear_pointer (&cache->fonts[i], pango_font_description_free);
  g_clear_object (&cache->context);
  g_free (cache);
}

static PangoFontDescription *
make_font (double size,
           gboolean bold)
{
  PangoFontDescription *font = pango_font_description_from_string ("Cantarell, Noto Sans, DejaVu Sans, Sans");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  return font;
}

/* One cache per graph and thread: layouts shaped without hinting, so the
 * same shapes serve every zoom level and every surface. */
static TextCache *
text_cache_get (FltGraph *graph)
{
  static GQuark quark;
  TextCache *cache;

  if (quark == 0)
    quark = g_quark_from_static_string ("flt-graph-text-cache");

  cache = g_object_get_qdata (G_OBJECT (graph), quark);
  if (cache != NULL)
    return cache;

  cache = g_new0 (TextCache, 1);
  {
    cairo_font_options_t *options = cairo_font_options_create ();
    PangoFontMap *map = pango_cairo_font_map_get_default ();

    cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
    cache->context = pango_font_map_create_context (map);
    pango_cairo_context_set_font_options (cache->context, options);
    pango_cairo_context_set_resolution (cache->context, 96);
#if PANGO_VERSION_CHECK (1, 44, 0)
    pango_context_set_round_glyph_positions (cache->context, FALSE);
#endif
    cairo_font_options_destroy (options);
  }
  cache->fonts[FONT_TITLE] = make_font (13.5, TRUE);
  cache->fonts[FONT_BODY] = make_font (11.5, FALSE);
  cache->fonts[FONT_SMALL] = make_font (10.5, FALSE);
  cache->fonts[FONT_BADGE] = make_font (9.5, TRUE);
  cache->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_object_set_qdata_full (G_OBJECT (graph), quark, cache, (GDestroyNotify) text_cache_free);
  return cache;
}

static PangoLayout *
text_layout (TextCache          *cache,
             Font                font,
             const char         *text,
             double              max_width,
             PangoEllipsizeMode  ellipsize)
{
  g_autofree char *key = g_strdup_printf ("%d|%d|%d|%s", font, (int) max_width, ellipsize, text);
  PangoLayout *layout = g_hash_table_lookup (cache->layouts, key);

  if (layout != NULL)
    return layout;

  if (g_hash_table_size (cache->layouts) >= MAX_CACHED_LAYOUTS)
    g_hash_table_remove_all (cache->layouts);

  layout = pango_layout_new (cache->context);
  pango_layout_set_font_description (layout, cache->fonts[font]);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, ellipsize);
    }
  g_hash_table_insert (cache->layouts, g_steal_pointer (&key), layout);
  return layout;
}

static void
text_size (PangoLayout *layout,
           double      *width,
           double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

static const double font_px[N_FONTS] = { 13.5, 11.5, 10.5, 9.5 };

/* Text smaller than this many device pixels cannot be read: a grey bar
 * where it would be is the whole of it, and much cheaper to draw. */
#define MIN_TEXT_PX 4.5

/* Shows @layout at the current point, or its bar when too small. */
static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             Font         font)
{
  double dx = 1, dy = 0;

  cairo_user_to_device_distance (cr, &dx, &dy);
  if (hypot (dx, dy) * font_px[font] >= MIN_TEXT_PX)
    {
      pango_cairo_show_layout (cr, layout);
      return;
    }
  {
    double x, y, w, h;

    cairo_get_current_point (cr, &x, &y);
    text_size (layout, &w, &h);
    cairo_new_path (cr);
    cairo_rectangle (cr, x, y + h * 0.35, w, h * 0.35);
    cairo_fill (cr);
  }
}

/* Draws @text with its top-left at (x, y); returns its width. */
static double
draw_text (cairo_t            *cr,
           TextCache          *cache,
           Font                font,
           const char         *text,
           double              x,
           double              y,
           double              max_width,
           PangoEllipsizeMode  ellipsize)
{
  PangoLayout *layout;
  double width;

  if (text == NULL || *text == '\0')
    return 0;
  layout = text_layout (cache, font, text, max_width, ellipsize);
  text_size (layout, &width, NULL);
  cairo_move_to (cr, x, y);
  show_layout (cr, layout, font);
  return width;
}

/* ----------------------------------------------------------------------
 * Shapes
 * ---------------------------------------------------------------------- */

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Square on the left, rounded on the right. */
static void
right_rounded_rect (cairo_t *cr,
                    double   x,
                    double   y,
                    double   w,
                    double   h,
                    double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_line_to (cr, x, y + h);
  cairo_line_to (cr, x, y);
  cairo_close_path (cr);
}

/* A card whose left @band is in @band_colour: the card's rounded shape
 * in that colour, then all but the band over it (a clip would cost a
 * mask per card). */
static void
fill_banded (cairo_t    *cr,
             double      x,
             double      y,
             double      w,
             double      h,
             double      r,
             double      band,
             const Rgba *band_colour,
             const Rgba *fill)
{
  rounded_rect (cr, x, y, w, h, r);
  set_colour (cr, band_colour);
  cairo_fill (cr);
  right_rounded_rect (cr, x + band, y, w - band, h, r);
  set_colour (cr, fill);
  cairo_fill (cr);
}

typedef struct
{
  FltGraph *graph;
  cairo_t *cr;
  const Palette *p;
  TextCache *text;
  const FltGraphStyle *style;
  double hairline;             /* one device pixel, in graph units */
  double device_scale;         /* device pixels per graph unit */
  double clip[4];              /* x0, y0, x1, y1 */
  const char *focus_id;        /* whose edges are highlighted, or NULL */
} Ctx;

static gboolean
visible (Ctx    *c,
         double  x,
         double  y,
         double  w,
         double  h)
{
  return x <= c->clip[2] && y <= c->clip[3] && x + w >= c->clip[0] && y + h >= c->clip[1];
}

static void
draw_tag (Ctx        *c,
          const char *text,
          double      right,
          double      y,
          const Rgba *colour)
{
  PangoLayout *layout = text_layout (c->text, FONT_BADGE, text, 0, PANGO_ELLIPSIZE_NONE);
  double w, h;

  text_size (layout, &w, &h);
  rounded_rect (c->cr, right - w - 10, y, w + 10, h + 2, (h + 2) / 2);
  set_colour (c->cr, colour);
  cairo_fill (c->cr);
  set_colour (c->cr, &c->p->on_badge);
  cairo_move_to (c->cr, right - w - 5, y + 1);
  show_layout (c->cr, layout, FONT_BADGE);
}

static void
draw_outline (Ctx                *c,
              const FltGraphNode *n,
              double              radius)
{
  cairo_t *cr = c->cr;
  gboolean selected = g_strcmp0 (c->style->selected_id, n->id) == 0;
  gboolean hover = g_strcmp0 (c->style->hover_id, n->id) == 0;

  rounded_rect (cr, n->x + 0.5, n->y + 0.5, n->width - 1, n->height - 1, radius);
  if (n->orphan || n->external)
    {
      double dash[] = { 5, 3 };

      cairo_set_dash (cr, dash, 2, 0);
    }
  if (n->orphan)
    set_colour (cr, &c->p->warning);
  else
    set_colour (cr, hover ? &c->p->accent : &c->p->card_border);
  cairo_set_line_width (cr, n->orphan ? 1.5 : MAX (1.0, c->hairline));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  if (selected)
    {
      rounded_rect (cr, n->x - 2.5, n->y - 2.5, n->width + 5, n->height + 5, radius + 2.5);
      set_colour (cr, &c->p->accent);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
    }
  else if (hover)
    {
      rounded_rect (cr, n->x - 1.5, n->y - 1.5, n->width + 3, n->height + 3, radius + 1.5);
      set_colour_alpha (cr, &c->p->accent, 0.45);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
}

/* A shadow shows from half size up; below, it is a cost and no more. */
static void
draw_shadow (Ctx                *c,
             const FltGraphNode *n,
             double              radius)
{
  if (c->device_scale < 0.5)
    return;
  rounded_rect (c->cr, n->x, n->y + 1.5, n->width, n->height, radius);
  set_colour (c->cr, &c->p->shadow);
  cairo_fill (c->cr);
}

static void
draw_card_base (Ctx                *c,
                const FltGraphNode *n,
                double              radius,
                const Rgba         *fill)
{
  cairo_t *cr = c->cr;

  draw_shadow (c, n, radius);
  rounded_rect (cr, n->x, n->y, n->width, n->height, radius);
  set_colour (cr, fill);
  cairo_fill (cr);
}

/* ----------------------------------------------------------------------
 * Nodes
 * ---------------------------------------------------------------------- */

static void
draw_service (Ctx                *c,
              const FltGraphNode *n)
{
  cairo_t *cr = c->cr;
  gboolean live = flt_graph_get_live (c->graph);
  const Rgba *state = state_colour (c->p, n->state);
  double text_x = n->x + 18;
  double text_width = n->width - 18 - 12;

  /* The card, with the state as a stripe along its left edge. */
  draw_shadow (c, n, 10);
  fill_banded (cr, n->x, n->y, n->width, n->height, 10, 6, state, &c->p->card);
  draw_outline (c, n, 10);

  if (n->orphan)
    {
      /* Translators: a tag on a group of containers whose service is not
       * in the file; keep it short */
      const char *tag = C_("graph", "orphan");
      PangoLayout *layout = text_layout (c->text, FONT_BADGE, tag, 0, PANGO_ELLIPSIZE_NONE);
      double tag_width;

      text_size (layout, &tag_width, NULL);
      draw_tag (c, tag, n->x + n->width - 8, n->y + 9, &c->p->warning);
      text_width -= tag_width + 14;
    }

  if (!live)
    {
      set_colour (cr, &c->p->text);
      draw_text (cr, c->text, FONT_TITLE, n->name, text_x, n->y + 16, text_width, PANGO_ELLIPSIZE_END);
      set_colour (cr, &c->p->dim);
      draw_text (cr, c->text, FONT_BODY, n->detail, text_x, n->y + 40,
                 n->width - 18 - 12, PANGO_ELLIPSIZE_MIDDLE);
      return;
    }

  set_colour (cr, &c->p->text);
  draw_text (cr, c->text, FONT_TITLE, n->name, text_x, n->y + 9, text_width, PANGO_ELLIPSIZE_END);
  set_colour (cr, &c->p->dim);
  draw_text (cr, c->text, FONT_BODY, n->detail, text_x, n->y + 30, n->width - 18 - 12, PANGO_ELLIPSIZE_MIDDLE);

  /* The state, and a badge per container (the worst few if many). */
  {
    guint n_replicas = n->replicas->len;
    guint shown = MIN (n_replicas, 5);
    double right = n->x + n->width - 10;
    double badge_y = n->y + n->height - 24;
    const char *words = n_replicas == 0 && !n->orphan
      /* Translators: the state of a service that has no container yet */
      ? C_("container state", "Not created")
      : flt_graph_state_to_string (n->state);

    if (n_replicas > shown)
      {
        g_autofree char *more = g_strdup_printf ("+%u", n_replicas - shown);
        PangoLayout *layout = text_layout (c->text, FONT_BADGE, more, 0, PANGO_ELLIPSIZE_NONE);
        double w;

        text_size (layout, &w, NULL);
        set_colour (cr, &c->p->dim);
        cairo_move_to (cr, right - w, badge_y + 2);
        show_layout (cr, layout, FONT_BADGE);
        right -= w + 4;
      }
    for (guint i = shown; i > 0; i--)
      {
        FltGraphReplica *r = g_ptr_array_index (n->replicas, i - 1);
        g_autofree char *number = g_strdup_printf ("%d", r->number > 0 ? r->number : (int) i);
        PangoLayout *layout = text_layout (c->text, FONT_BADGE, number, 0, PANGO_ELLIPSIZE_NONE);
        double w, h, bw;

        text_size (layout, &w, &h);
        bw = MAX (16, w + 8);
        rounded_rect (cr, right - bw, badge_y, bw, 16, 5);
        set_colour (cr, state_colour (c->p, r->state));
        cairo_fill (cr);
        set_colour (cr, &c->p->on_badge);
        cairo_move_to (cr, right - bw + (bw - w) / 2, badge_y + (16 - h) / 2);
        show_layout (cr, layout, FONT_BADGE);
        right -= bw + 3;
      }

    cairo_arc (cr, text_x + 4, badge_y + 8, 4, 0, 2 * G_PI);
    set_colour (cr, state);
    cairo_fill (cr);
    set_colour (cr, &c->p->text);
    draw_text (cr, c->text, FONT_SMALL, words, text_x + 13, badge_y + 1,
               MAX (20, right - text_x - 17), PANGO_ELLIPSIZE_END);
  }
}

static void
draw_network_icon (cairo_t    *cr,
                   double      x,
                   double      y,
                   const Rgba *colour)
{
  /* Three hosts on a wire. */
  set_colour (cr, colour);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x, y + 10);
  cairo_line_to (cr, x + 16, y + 10);
  cairo_move_to (cr, x + 8, y + 3);
  cairo_line_to (cr, x + 8, y + 10);
  cairo_stroke (cr);
  cairo_rectangle (cr, x + 5, y, 6, 5);
  cairo_rectangle (cr, x - 1, y + 12, 5, 4);
  cairo_rectangle (cr, x + 12, y + 12, 5, 4);
  cairo_fill (cr);
}

static void
draw_network (Ctx                *c,
              const FltGraphNode *n)
{
  cairo_t *cr = c->cr;
  double radius = MIN (n->height / 2, 16);
  double top = n->y + MIN (n->height / 2 - 20, 10);

  /* A bus: an accent bar down the left, where the lines come in. */
  draw_shadow (c, n, radius);
  fill_banded (cr, n->x, n->y, n->width, n->height, radius, 4, &c->p->accent_bg, &c->p->network_fill);
  draw_outline (c, n, radius);

  draw_network_icon (cr, n->x + 14, top + 3, &c->p->accent);
  set_colour (cr, &c->p->text);
  draw_text (cr, c->text, FONT_TITLE, n->name, n->x + 38, top, n->width - 38 - 10, PANGO_ELLIPSIZE_END);
  set_colour (cr, &c->p->dim);
  {
    g_autofree char *detail = NULL;

    if (n->external)
      /* Translators: the detail line of a network the project uses but
       * does not create, e.g. "external · overlay" (its driver) */
      detail = n->detail ? g_strdup_printf (C_("network", "external · %s"), n->detail)
                         : g_strdup (C_("network", "external"));
    draw_text (cr, c->text, FONT_SMALL, detail ? detail : n->detail, n->x + 38, top + 20,
               n->width - 38 - 10, PANGO_ELLIPSIZE_MIDDLE);
  }
}

static void
draw_volume_icon (cairo_t    *cr,
                  double      x,
                  double      y,
                  const Rgba *colour)
{
  /* A cylinder: a disk on top of a drum. */
  set_colour (cr, colour);
  cairo_set_line_width (cr, 1.5);
  cairo_new_path (cr);
  cairo_save (cr);
  cairo_translate (cr, x + 8, y + 3);
  cairo_scale (cr, 8, 3);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_stroke (cr);
  cairo_move_to (cr, x, y + 3);
  cairo_line_to (cr, x, y + 15);
  cairo_save (cr);
  cairo_translate (cr, x + 8, y + 15);
  cairo_scale (cr, 8, 3);
  cairo_arc_negative (cr, 0, 0, 1, G_PI, 0);
  cairo_restore (cr);
  cairo_line_to (cr, x + 16, y + 3);
  cairo_stroke (cr);
}

static void
draw_volume (Ctx                *c,
             const FltGraphNode *n)
{
  cairo_t *cr = c->cr;
  g_autofree char *detail = NULL;

  draw_card_base (c, n, 8, &c->p->card);
  draw_outline (c, n, 8);
  draw_volume_icon (cr, n->x + 12, n->y + 17, &c->p->dim);
  set_colour (cr, &c->p->text);
  draw_text (cr, c->text, FONT_TITLE, n->name, n->x + 36, n->y + 8, n->width - 36 - 10, PANGO_ELLIPSIZE_END);
  if (n->external)
    /* Translators: the detail line of a volume the project uses but does
     * not create, e.g. "external · local" (its driver) */
    detail = n->detail ? g_strdup_printf (C_("volume", "external · %s"), n->detail)
                       : g_strdup (C_("volume", "external"));
  set_colour (cr, &c->p->dim);
  draw_text (cr, c->text, FONT_SMALL, detail ? detail : n->detail, n->x + 36, n->y + 28,
             n->width - 36 - 10, PANGO_ELLIPSIZE_MIDDLE);
}

static void
draw_host (Ctx                *c,
           const FltGraphNode *n)
{
  cairo_t *cr = c->cr;
  double top = n->y + n->height / 2 - 20;
  double x = n->x + 12;

  draw_card_base (c, n, 10, &c->p->host_fill);
  draw_outline (c, n, 10);

  /* A screen on a stand. */
  set_colour (cr, &c->p->dim);
  cairo_set_line_width (cr, 1.5);
  rounded_rect (cr, x, top + 5, 18, 13, 2);
  cairo_move_to (cr, x + 9, top + 18);
  cairo_line_to (cr, x + 9, top + 22);
  cairo_move_to (cr, x + 4, top + 22.5);
  cairo_line_to (cr, x + 14, top + 22.5);
  cairo_stroke (cr);

  set_colour (cr, &c->p->text);
  /* Translators: the node of the graph that stands for this computer,
   * where services publish their ports */
  draw_text (cr, c->text, FONT_TITLE, C_("graph", "Host"), x + 28, top + 1, n->width - 28 - 20, PANGO_ELLIPSIZE_END);
  set_colour (cr, &c->p->dim);
  draw_text (cr, c->text, FONT_SMALL, C_("graph", "this computer"), x + 28, top + 21,
             n->width - 28 - 20, PANGO_ELLIPSIZE_END);
}

static void
draw_node (Ctx                *c,
           const FltGraphNode *n)
{
  if (!visible (c, n->x - 4, n->y - 4, n->width + 8, n->height + 8))
    return;

  switch (n->kind)
    {
    case FLT_GRAPH_NODE_SERVICE: draw_service (c, n); break;
    case FLT_GRAPH_NODE_NETWORK: draw_network (c, n); break;
    case FLT_GRAPH_NODE_VOLUME: draw_volume (c, n); break;
    case FLT_GRAPH_NODE_HOST:
    default: draw_host (c, n); break;
    }
}

/* ----------------------------------------------------------------------
 * Edges
 * ---------------------------------------------------------------------- */

/* Adds the edge's curve to the path, leaving out the segments outside
 * the clip: when zoomed in, most of a long edge is, and stroking it
 * anyway would cost as much as the whole picture. */
static void
edge_path (Ctx                    *c,
           const FltGraphEdgeImpl *edge,
           double                  trim_end,
           gboolean                skip_trunk)
{
  cairo_t *cr = c->cr;
  const double *p = edge->pub.points;
  guint n = edge->pub.n_points;
  gboolean pen_down = FALSE;

  for (guint s = 0; s + 1 < n; s++)
    {
      double x0 = p[2 * s], y0 = p[2 * s + 1], x1 = p[2 * s + 2], y1 = p[2 * s + 3];
      double c1x, c1y, c2x, c2y, left, top, right, bottom;
      FltGraphSide start, end;

      if (skip_trunk && (int) s == edge->trunk_segment)
        {
          pen_down = FALSE;
          continue;
        }
      _flt_graph_edge_segment_sides (edge, s, &start, &end);
      if (s + 2 == n && trim_end > 0)
        {
          /* Leave room for the arrowhead: end short of the node. */
          switch (end)
            {
            case FLT_GRAPH_SIDE_LEFT: x1 -= trim_end; break;
            case FLT_GRAPH_SIDE_RIGHT: x1 += trim_end; break;
            case FLT_GRAPH_SIDE_TOP: y1 -= trim_end; break;
            case FLT_GRAPH_SIDE_BOTTOM: default: y1 += trim_end; break;
            }
        }
      _flt_graph_segment_controls (x0, y0, start, x1, y1, end, &c1x, &c1y, &c2x, &c2y);

      /* A Bézier stays within the box of its control points. */
      left = MIN (MIN (x0, x1), MIN (c1x, c2x));
      right = MAX (MAX (x0, x1), MAX (c1x, c2x));
      top = MIN (MIN (y0, y1), MIN (c1y, c2y));
      bottom = MAX (MAX (y0, y1), MAX (c1y, c2y));
      if (!visible (c, left - 4, top - 4, right - left + 8, bottom - top + 8))
        {
          pen_down = FALSE;
          continue;
        }
      if (!pen_down)
        cairo_move_to (cr, x0, y0);
      pen_down = TRUE;
      if ((c1x == x0 && c1y == y0 && c2x == x1 && c2y == y1)
          || (x0 == x1 && c1x == x0 && c2x == x1) || (y0 == y1 && c1y == y0 && c2y == y1))
        cairo_line_to (cr, x1, y1);
      else
        cairo_curve_to (cr, c1x, c1y, c2x, c2y, x1, y1);
    }
}

/* Adds an arrowhead at (x, y) pointing into the node through @side; the
 * caller fills (@filled) or strokes the lot. */
static void
draw_arrowhead (cairo_t      *cr,
                double        x,
                double        y,
                FltGraphSide  side,
                gboolean      filled,
                double        size)
{
  double dx = 0, dy = 0;

  switch (side)
    {
    case FLT_GRAPH_SIDE_LEFT: dx = 1; break;
    case FLT_GRAPH_SIDE_RIGHT: dx = -1; break;
    case FLT_GRAPH_SIDE_TOP: dy = 1; break;
    case FLT_GRAPH_SIDE_BOTTOM: default: dy = -1; break;
    }
  cairo_move_to (cr, x - dx * size - dy * size * 0.55, y - dy * size + dx * size * 0.55);
  cairo_line_to (cr, x, y);
  cairo_line_to (cr, x - dx * size + dy * size * 0.55, y - dy * size - dx * size * 0.55);
  if (filled)
    cairo_close_path (cr);
}

static gboolean
edge_visible (Ctx                    *c,
              const FltGraphEdgeImpl *edge)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint i = 0; i < edge->pub.n_points; i++)
    {
      x0 = MIN (x0, edge->pub.points[2 * i]);
      x1 = MAX (x1, edge->pub.points[2 * i]);
      y0 = MIN (y0, edge->pub.points[2 * i + 1]);
      y1 = MAX (y1, edge->pub.points[2 * i + 1]);
    }
  /* Curves bulge a little past their points. */
  return visible (c, x0 - 60, y0 - 60, x1 - x0 + 120, y1 - y0 + 120);
}

static gboolean
edge_highlighted (Ctx                    *c,
                  const FltGraphEdgeImpl *edge)
{
  return c->focus_id != NULL
      && (strcmp (edge->pub.source_id, c->focus_id) == 0 || strcmp (edge->pub.target_id, c->focus_id) == 0);
}

/* How an edge is drawn.  Edges of one style are stroked together, in one
 * path: a stroke per edge costs a mask the size of its bounds, which for
 * hundreds of long edges is most of a frame. */
typedef enum
{
  STYLE_NETWORK,
  STYLE_SHARED_NETWORK,        /* network_mode: host or service:… */
  STYLE_MOUNT,
  STYLE_PORT,
  STYLE_DEPENDS_ON,
  STYLE_LINK,
  N_STYLES
} EdgeStyle;

typedef struct
{
  const Rgba *colour;
  double width;
  double dash[2];
  int n_dash;
  double arrow;                /* 0: none */
  gboolean filled;
} StyleInfo;

static EdgeStyle
edge_style (const FltGraphEdgeImpl *edge)
{
  switch (edge->pub.kind)
    {
    case FLT_GRAPH_EDGE_DEPENDS_ON: return STYLE_DEPENDS_ON;
    case FLT_GRAPH_EDGE_LINK: return STYLE_LINK;
    case FLT_GRAPH_EDGE_MOUNT: return STYLE_MOUNT;
    case FLT_GRAPH_EDGE_PORT: return STYLE_PORT;
    case FLT_GRAPH_EDGE_NETWORK:
    default:
      return edge->target->pub.kind == FLT_GRAPH_NODE_NETWORK ? STYLE_NETWORK : STYLE_SHARED_NETWORK;
    }
}

static StyleInfo
style_info (const Palette *p,
            EdgeStyle      style,
            gboolean       highlight)
{
  StyleInfo info = { &p->line, 1.5, { 0, 0 }, 0, 0, TRUE };

  switch (style)
    {
    case STYLE_DEPENDS_ON:
      info.colour = &p->strong_line;
      info.width = 1.75;
      info.arrow = 9;
      break;
    case STYLE_LINK:
      info.colour = &p->strong_line;
      info.arrow = 9;
      info.filled = FALSE;
      info.dash[0] = 6;
      info.dash[1] = 4;
      info.n_dash = 2;
      break;
    case STYLE_MOUNT:
      info.width = 2;
      info.dash[0] = 1.5;
      info.dash[1] = 3;
      info.n_dash = 2;
      break;
    case STYLE_PORT:
      info.colour = &p->accent;
      info.width = 2;
      info.arrow = 8;
      break;
    case STYLE_SHARED_NETWORK:
      info.dash[0] = 6;
      info.dash[1] = 3;
      info.n_dash = 2;
      break;
    case STYLE_NETWORK:
    default:
      break;
    }
  if (highlight)
    {
      info.colour = &p->accent;
      info.width += 1;
    }
  return info;
}

static void
add_trunks (Ctx       *c,
            GPtrArray *edges)
{
  guint n_nodes = c->graph->nodes->len;
  g_autofree double *low = g_new (double, n_nodes);
  g_autofree double *high = g_new (double, n_nodes);
  g_autofree double *x = g_new0 (double, n_nodes);

  for (guint i = 0; i < n_nodes; i++)
    {
      low[i] = G_MAXDOUBLE;
      high[i] = -G_MAXDOUBLE;
    }
  for (guint i = 0; i < edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (edges, i);
      const double *p;
      guint b;

      if (edge->trunk_segment < 0 || edge->bus == NULL)
        continue;
      p = edge->pub.points + 2 * edge->trunk_segment;
      b = edge->bus->index;
      x[b] = p[0];
      low[b] = MIN (low[b], MIN (p[1], p[3]));
      high[b] = MAX (high[b], MAX (p[1], p[3]));
    }
  for (guint i = 0; i < n_nodes; i++)
    {
      if (low[i] > high[i] || !visible (c, x[i] - 4, low[i], 8, high[i] - low[i]))
        continue;
      cairo_move_to (c->cr, x[i], MAX (low[i], c->clip[1] - 8));
      cairo_line_to (c->cr, x[i], MIN (high[i], c->clip[3] + 8));
    }
}

/* All edges of @style (highlighted or not): lines, then arrowheads, then
 * the dots where mounts meet their volume. */
static void
draw_edges (Ctx       *c,
            EdgeStyle  style,
            gboolean   highlight)
{
  cairo_t *cr = c->cr;
  GPtrArray *edges = c->graph->edges;
  StyleInfo info = style_info (c->p, style, highlight);
  g_autoptr(GPtrArray) drawn = g_ptr_array_new ();

  for (guint i = 0; i < edges->len; i++)
    {
      FltGraphEdgeImpl *edge = g_ptr_array_index (edges, i);

      if (edge->pub.n_points < 2 || edge_style (edge) != style
          || edge_highlighted (c, edge) != highlight || !edge_visible (c, edge))
        continue;
      g_ptr_array_add (drawn, edge);
    }
  if (drawn->len == 0)
    return;

  cairo_new_path (cr);
  for (guint i = 0; i < drawn->len; i++)
    edge_path (c, g_ptr_array_index (drawn, i), info.arrow > 0 ? info.arrow - 1 : 0, !highlight);
  /* Each bus's trunk once, however many edges run along it. */
  if (!highlight)
    add_trunks (c, drawn);
  cairo_set_line_cap (cr, info.n_dash == 2 && info.dash[0] < 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  set_colour (cr, info.colour);
  cairo_set_line_width (cr, info.width);
  cairo_set_dash (cr, info.dash, info.n_dash, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  if (info.arrow > 0)
    {
      for (guint i = 0; i < drawn->len; i++)
        {
          FltGraphEdgeImpl *edge = g_ptr_array_index (drawn, i);
          const double *p = edge->pub.points;
          guint n = edge->pub.n_points;

          draw_arrowhead (cr, p[2 * n - 2], p[2 * n - 1], edge->end_side, info.filled, info.arrow);
        }
      cairo_set_line_width (cr, info.width);
      if (info.filled)
        cairo_fill (cr);
      else
        cairo_stroke (cr);
    }

  /* A mount's end on the volume: a dot, hollow when read-only. */
  if (style == STYLE_MOUNT)
    {
      for (int hollow = 0; hollow < 2; hollow++)
        {
          for (guint i = 0; i < drawn->len; i++)
            {
              FltGraphEdgeImpl *edge = g_ptr_array_index (drawn, i);
              const double *p = edge->pub.points;
              guint n = edge->pub.n_points;

              if (edge->pub.read_only != hollow)
                continue;
              cairo_new_sub_path (cr);
              cairo_arc (cr, p[2 * n - 2], p[2 * n - 1], 3.5, 0, 2 * G_PI);
            }
          if (hollow)
            {
              set_colour (cr, &c->p->background);
              cairo_fill_preserve (cr);
              set_colour (cr, info.colour);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
          else
            cairo_fill (cr);
        }
    }
}

static void
draw_edge_label (Ctx                    *c,
                 const FltGraphEdgeImpl *edge)
{
  cairo_t *cr = c->cr;
  g_autofree char *text = NULL;
  PangoLayout *layout;
  double w, h, x, y;
  gboolean highlight;

  if (edge->pub.label == NULL || edge->pub.n_points < 2 || edge->label_hidden)
    return;
  if (!visible (c, edge->label_x - FLT_GRAPH_COLUMN_GAP / 2, edge->label_y - 10, FLT_GRAPH_COLUMN_GAP, 20))
    return;

  if (edge->pub.kind == FLT_GRAPH_EDGE_MOUNT && edge->pub.read_only)
    /* Translators: a volume's mount point in the graph, mounted read-only,
     * e.g. "/data (ro)"; keep "ro" short */
    text = g_strdup_printf (_("%s (ro)"), edge->pub.label);
  else
    text = g_strdup (edge->pub.label);

  layout = text_layout (c->text, FONT_SMALL, text, FLT_GRAPH_COLUMN_GAP - 24, PANGO_ELLIPSIZE_MIDDLE);
  text_size (layout, &w, &h);
  x = round (edge->label_x - w / 2);
  y = round (edge->label_y - h / 2);
  highlight = edge_highlighted (c, edge);

  rounded_rect (cr, x - 5, y - 1, w + 10, h + 2, (h + 2) / 2);
  set_colour (cr, &c->p->label_bg);
  cairo_fill_preserve (cr);
  if (edge->pub.kind == FLT_GRAPH_EDGE_PORT || highlight)
    {
      set_colour_alpha (cr, &c->p->accent, 0.5);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  else
    cairo_new_path (cr);

  set_colour (cr, edge->pub.kind == FLT_GRAPH_EDGE_PORT || highlight ? &c->p->accent : &c->p->dim);
  cairo_move_to (cr, x, y);
  show_layout (cr, layout, FONT_SMALL);
}

/* ----------------------------------------------------------------------
 * The whole graph
 * ---------------------------------------------------------------------- */

static void
ctx_init (Ctx                 *c,
          FltGraph            *graph,
          cairo_t             *cr,
          const FltGraphStyle *style)
{
  c->graph = graph;
  c->cr = cr;
  c->focus_id = NULL;
  c->style = style;
  c->p = style->dark ? &dark : &light;
  c->text = text_cache_get (graph);
  c->hairline = style->scale > 0 ? 1.0 / style->scale : 1.0;
  {
    double dx = 1, dy = 0;

    cairo_user_to_device_distance (cr, &dx, &dy);
    c->device_scale = hypot (dx, dy);
  }
  cairo_clip_extents (cr, &c->clip[0], &c->clip[1], &c->clip[2], &c->clip[3]);
}

/* Past this many edges in view, edges are antialiased the fast way: they
 * are too many to tell the difference, and the careful way would take
 * several frames' time (each crossing of two slanted lines costs). */
#define MANY_EDGES 100

static void
render (FltGraph            *graph,
        cairo_t             *cr,
        const FltGraphStyle *style,
        FltGraphLayers       layers,
        gboolean             best)
{
  gboolean edges = (layers & FLT_GRAPH_LAYER_EDGES) != 0;
  gboolean focus = (layers & FLT_GRAPH_LAYER_FOCUS) != 0;
  Ctx c;
  guint in_view = 0;

  cairo_save (cr);
  ctx_init (&c, graph, cr, style);
  /* The edges layer alone draws every edge plain, so that it holds
   * whatever the pointer is over; the focus layer goes over it. */
  if (focus)
    c.focus_id = style->selected_id != NULL ? style->selected_id : style->hover_id;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint i = 0; !best && i < graph->edges->len; i++)
    in_view += edge_visible (&c, g_ptr_array_index (graph->edges, i));

  /* Highlighted edges last, over the others. */
  cairo_save (cr);
  if (!best && in_view > MANY_EDGES)
    {
      /* Half a pixel off a curve does not show; it halves the work. */
      cairo_set_tolerance (cr, 0.5);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
    }
  for (int highlight = 0; highlight < 2; highlight++)
    for (EdgeStyle edge_kind = 0; (highlight ? focus : edges) && edge_kind < N_STYLES; edge_kind++)
      draw_edges (&c, edge_kind, highlight);
  cairo_restore (cr);

  for (guint i = 0; (edges || focus) && i < graph->edges->len; i++)
    {
      const FltGraphEdgeImpl *edge = g_ptr_array_index (graph->edges, i);

      if (edge_highlighted (&c, edge) ? focus : edges)
        draw_edge_label (&c, edge);
    }
  for (int pass = 0; (layers & FLT_GRAPH_LAYER_NODES) && pass < 2; pass++)
    for (guint i = 0; i < graph->nodes->len; i++)
      {
        const FltGraphNode *n = g_ptr_array_index (graph->nodes, i);

        if (n->pinned == (pass == 1))
          draw_node (&c, n);
      }
  cairo_restore (cr);
}

/**
 * flt_graph_render:
 * @cr: where to draw, its transform mapping graph coordinates to the
 *   surface
 * @style: light or dark, selection and hover
 *
 * Draws the edges, their labels, then the nodes (pinned ones on top).
 * Paints no background, so that the view's own shows through.  Only
 * what lies within the clip is drawn; with very many edges in view they
 * are drawn a little less finely, to keep up with the frame rate (the
 * exported files are always drawn finely).
 */
void
flt_graph_render (FltGraph            *graph,
                  cairo_t             *cr,
                  const FltGraphStyle *style)
{
  flt_graph_render_layers (graph, cr, style, FLT_GRAPH_LAYER_ALL);
}

/**
 * flt_graph_render_layers:
 * @layers: which of the picture's layers to draw
 *
 * As flt_graph_render(), some of the layers.  The three drawn one over
 * the other, each in a call of its own, make the same picture as
 * flt_graph_render(), except that a highlighted edge also has its plain
 * self under it.
 */
void
flt_graph_render_layers (FltGraph            *graph,
                         cairo_t             *cr,
                         const FltGraphStyle *style,
                         FltGraphLayers       layers)
{
  g_return_if_fail (FLT_IS_GRAPH (graph));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  render (graph, cr, style, layers, FALSE);
}

/* ----------------------------------------------------------------------
 * The legend
 * ---------------------------------------------------------------------- */

typedef struct
{
  const char *text;
  int kind;                    /* < 0: a state colour; else an edge kind */
  FltGraphState state;
} LegendRow;

static guint
legend_rows (LegendRow *rows)
{
  guint n = 0;

  rows[n++] = (LegendRow) { C_("graph legend", "Running or healthy"), -1, FLT_GRAPH_STATE_RUNNING };
  rows[n++] = (LegendRow) { C_("graph legend", "Starting, restarting or paused"), -1, FLT_GRAPH_STATE_STARTING };
  rows[n++] = (LegendRow) { C_("graph legend", "Failed, unhealthy or dead"), -1, FLT_GRAPH_STATE_FAILED };
  rows[n++] = (LegendRow) { C_("graph legend", "Stopped, or not known"), -1, FLT_GRAPH_STATE_UNKNOWN };
  rows[n++] = (LegendRow) { C_("graph legend", "Depends on"), FLT_GRAPH_EDGE_DEPENDS_ON, 0 };
  rows[n++] = (LegendRow) { C_("graph legend", "Link"), FLT_GRAPH_EDGE_LINK, 0 };
  rows[n++] = (LegendRow) { C_("graph legend", "Published port"), FLT_GRAPH_EDGE_PORT, 0 };
  rows[n++] = (LegendRow) { C_("graph legend", "Network"), FLT_GRAPH_EDGE_NETWORK, 0 };
  rows[n++] = (LegendRow) { C_("graph legend", "Volume (○ read-only)"), FLT_GRAPH_EDGE_MOUNT, 0 };
  return n;
}

#define LEGEND_PAD 10.0
#define LEGEND_ROW 18.0
#define LEGEND_SAMPLE 28.0

/* The legend has no graph to hang its cache on: one for the thread. */
static TextCache *
legend_text (void)
{
  static GPrivate key = G_PRIVATE_INIT ((GDestroyNotify) g_object_unref);
  FltGraph *holder = g_private_get (&key);

  if (holder == NULL)
    {
      holder = g_object_new (FLT_TYPE_GRAPH, NULL);
      g_private_set (&key, holder);
    }
  return text_cache_get (holder);
}

void
flt_graph_measure_legend (const FltGraphStyle *style,
                          double              *width,
                          double              *height)
{
  LegendRow rows[16];
  guint n = legend_rows (rows);
  TextCache *text = legend_text ();
  double widest = 0;

  for (guint i = 0; i < n; i++)
    {
      double w;

      text_size (text_layout (text, FONT_SMALL, rows[i].text, 0, PANGO_ELLIPSIZE_NONE), &w, NULL);
      widest = MAX (widest, w);
    }
  if (width)
    *width = ceil (2 * LEGEND_PAD + LEGEND_SAMPLE + 8 + widest);
  if (height)
    *height = ceil (2 * LEGEND_PAD + n * LEGEND_ROW + 6);
}

/**
 * flt_graph_render_legend:
 * @width: (out) (optional): its width
 * @height: (out) (optional): its height
 *
 * Draws the key to colours and lines, its top-left at the origin of
 * @cr's user space.
 */
void
flt_graph_render_legend (cairo_t             *cr,
                         const FltGraphStyle *style,
                         double              *width,
                         double              *height)
{
  const Palette *p = style->dark ? &dark : &light;
  LegendRow rows[16];
  guint n = legend_rows (rows);
  TextCache *text = legend_text ();
  double w, h, y = LEGEND_PAD;

  flt_graph_measure_legend (style, &w, &h);
  cairo_save (cr);

  rounded_rect (cr, 0, 0, w, h, 10);
  set_colour (cr, &p->card);
  cairo_fill_preserve (cr);
  set_colour (cr, &p->card_border);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++, y += LEGEND_ROW)
    {
      double mid = y + LEGEND_ROW / 2;
      double x0 = LEGEND_PAD, x1 = LEGEND_PAD + LEGEND_SAMPLE;

      if (i == 4)
        y += 6, mid += 6;
      if (rows[i].kind < 0)
        {
          rounded_rect (cr, x0 + 4, mid - 6, 20, 12, 4);
          set_colour (cr, state_colour (p, rows[i].state));
          cairo_fill (cr);
        }
      else
        {
          double dash[2] = { 0, 0 };
          int n_dash = 0;
          const Rgba *colour = &p->line;
          gboolean arrow = FALSE, filled = TRUE;

          switch (rows[i].kind)
            {
            case FLT_GRAPH_EDGE_DEPENDS_ON: colour = &p->strong_line; arrow = TRUE; break;
            case FLT_GRAPH_EDGE_LINK:
              colour = &p->strong_line; arrow = TRUE; filled = FALSE;
              dash[0] = 6; dash[1] = 4; n_dash = 2;
              break;
            case FLT_GRAPH_EDGE_PORT: colour = &p->accent; arrow = TRUE; break;
            case FLT_GRAPH_EDGE_MOUNT: dash[0] = 1.5; dash[1] = 3; n_dash = 2; break;
            default: break;
            }
          set_colour (cr, colour);
          cairo_set_line_width (cr, rows[i].kind == FLT_GRAPH_EDGE_MOUNT ? 2 : 1.75);
          cairo_set_line_cap (cr, n_dash == 2 && dash[0] < 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
          cairo_set_dash (cr, dash, n_dash, 0);
          cairo_move_to (cr, x0, mid);
          cairo_line_to (cr, x1 - (arrow ? 6 : 4), mid);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
          if (arrow)
            {
              draw_arrowhead (cr, x1, mid, FLT_GRAPH_SIDE_LEFT, filled, 8);
              if (filled)
                cairo_fill (cr);
              else
                cairo_stroke (cr);
            }
          if (rows[i].kind == FLT_GRAPH_EDGE_MOUNT)
            {
              cairo_arc (cr, x1 - 2, mid, 3.5, 0, 2 * G_PI);
              cairo_fill (cr);
            }
        }
      set_colour (cr, &p->text);
      {
        PangoLayout *layout = text_layout (text, FONT_SMALL, rows[i].text, 0, PANGO_ELLIPSIZE_NONE);
        double th;

        text_size (layout, NULL, &th);
        cairo_move_to (cr, x1 + 8, mid - th / 2);
        show_layout (cr, layout, FONT_SMALL);
      }
    }
  cairo_restore (cr);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

/* ----------------------------------------------------------------------
 * Pages for the files (flt-graph-export.c writes them)
 * ---------------------------------------------------------------------- */

/* A page of the exported picture: the background, then the graph with
 * (x, y) at the surface's origin, at @scale, finely. */
void
_flt_graph_render_page (FltGraph *graph,
                        cairo_t  *cr,
                        double    x,
                        double    y,
                        double    scale,
                        gboolean  dark_style)
{
  FltGraphStyle style = { dark_style, NULL, NULL, scale };
  const Palette *p = dark_style ? &dark : &light;

  set_colour (cr, &p->background);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -x, -y);
  if (graph->nodes->len == 0)
    {
      TextCache *text = text_cache_get (graph);

      set_colour (cr, &p->dim);
      draw_text (cr, text, FONT_BODY, _("The project has no services to draw."),
                 x + FLT_GRAPH_EXPORT_MARGIN, y + FLT_GRAPH_EXPORT_MARGIN, 0, PANGO_ELLIPSIZE_NONE);
      return;
    }
  render (graph, cr, &style, FLT_GRAPH_LAYER_ALL, TRUE);
}
