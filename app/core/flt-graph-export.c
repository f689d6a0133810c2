/* flt-graph-export.c: the graph as SVG and PNG files
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>

#include "flt-graph-private.h"
#include "flt-graph-render.h"

/* The graph's bounds and a margin; a small page for an empty graph. */
static void
export_extent (FltGraph *graph,
               double   *x,
               double   *y,
               double   *width,
               double   *height)
{
  flt_graph_get_bounds (graph, x, y, width, height);
  if (*width <= 0 || *height <= 0)
    {
      *x = *y = 0;
      *width = 320;
      *height = 80;
    }
  *x -= FLT_GRAPH_EXPORT_MARGIN;
  *y -= FLT_GRAPH_EXPORT_MARGIN;
  *width += 2 * FLT_GRAPH_EXPORT_MARGIN;
  *height += 2 * FLT_GRAPH_EXPORT_MARGIN;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
append_escaped (GString    *s,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (s, escaped);
}

static gboolean
renumber_surface (const GMatchInfo *match,
                  GString          *result,
                  gpointer          user_data)
{
  GHashTable *numbers = user_data;
  g_autofree char *old = g_match_info_fetch (match, 1);
  gpointer number = g_hash_table_lookup (numbers, old);

  if (number == NULL)
    {
      number = GUINT_TO_POINTER (g_hash_table_size (numbers) + 1);
      g_hash_table_insert (numbers, g_steal_pointer (&old), number);
    }
  g_string_append_printf (result, "surface%u", GPOINTER_TO_UINT (number));
  return FALSE;
}

/* Cairo names its surfaces after a counter that runs for the whole
 * process; numbered from one in each file, the same graph gives the same
 * bytes however many were drawn before. */
static char *
renumber_surfaces (const char *svg,
                   gsize       length)
{
  /* Not G_REGEX_OPTIMIZE: compiling to machine code costs more than one
   * pass over a file saves. */
  g_autoptr(GRegex) regex = g_regex_new ("surface([0-9]+)", 0, 0, NULL);
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return g_regex_replace_eval (regex, svg, length, 0, 0, renumber_surface, numbers, NULL);
}

/* Cairo draws text as glyph outlines: a title and a description in words
 * let people (and screen readers, and grep) find what the picture shows. */
static char *
svg_description (FltGraph *graph)
{
  GString *s = g_string_new (NULL);
  FltProject *project = flt_graph_get_project (graph);

  g_string_append (s, "<title>");
  append_escaped (s, project ? flt_project_get_name (project) : "");
  g_string_append (s, "</title>\n<desc>");
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const FltGraphNode *n = g_ptr_array_index (graph->nodes, i);

      append_escaped (s, n->id);
      if (n->detail != NULL)
        {
          g_string_append (s, " (");
          append_escaped (s, n->detail);
          g_string_append (s, ")");
        }
      if (flt_graph_get_live (graph) && n->kind == FLT_GRAPH_NODE_SERVICE)
        {
          g_string_append (s, " ");
          append_escaped (s, flt_graph_state_to_string (n->state));
        }
      g_string_append_c (s, '\n');
    }
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const FltGraphEdge *e = g_ptr_array_index (graph->edges, i);

      append_escaped (s, e->source_id);
      g_string_append (s, " → ");
      append_escaped (s, e->target_id);
      g_string_append (s, " [");
      append_escaped (s, flt_graph_edge_kind_to_string (e->kind));
      if (e->label != NULL)
        {
          g_string_append (s, ": ");
          append_escaped (s, e->label);
        }
      if (e->read_only)
        g_string_append (s, ", ro");
      g_string_append (s, "]\n");
    }
  g_string_append (s, "</desc>\n");
  return g_string_free (s, FALSE);
}

/**
 * flt_graph_render_svg:
 * @dark: the dark palette, on a dark background
 *
 * Returns: (transfer full) (nullable): the graph as an SVG document
 */
GBytes *
flt_graph_render_svg (FltGraph  *graph,
                      gboolean   dark_style,
                      GError   **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double x, y, w, h;
  g_autofree char *description = NULL;
  g_autofree char *svg = NULL;
  const char *svg_start, *tag_end;

  g_return_val_if_fail (FLT_IS_GRAPH (graph), NULL);

  export_extent (graph, &x, &y, &w, &h);
  surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, ceil (w), ceil (h));
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
  cr = cairo_create (surface);
  _flt_graph_render_page (graph, cr, x, y, 1.0, dark_style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the graph as SVG: %s"), cairo_status_to_string (status));
      return NULL;
    }

  svg = renumber_surfaces ((const char *) bytes->data, bytes->len);

  /* The description goes right after the <svg …> start tag. */
  svg_start = strstr (svg, "<svg");
  tag_end = svg_start ? strchr (svg_start, '>') : NULL;
  if (tag_end == NULL)
    return g_bytes_new_take (svg, strlen (svg));

  {
    gsize at = tag_end + 1 - svg;
    GString *out = g_string_sized_new (strlen (svg) + 1024);

    description = svg_description (graph);
    g_string_append_len (out, svg, at);
    g_string_append_c (out, '\n');
    g_string_append (out, description);
    g_string_append (out, svg + at);
    return g_string_free_to_bytes (out);
  }
}

/**
 * flt_graph_write_svg:
 * @path: the file to write
 */
gboolean
flt_graph_write_svg (FltGraph    *graph,
                     const char  *path,
                     gboolean     dark_style,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (FLT_IS_GRAPH (graph), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = flt_graph_render_svg (graph, dark_style, error);
  if (bytes == NULL)
    return FALSE;
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &local))
    {
      g_set_error (error, local->domain, local->code,
                   _("Could not write the graph to “%s”: %s. Check that the folder exists and that you may write there."),
                   path, local->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * flt_graph_render_surface:
 * @scale: device pixels per graph unit
 * @dark: the dark palette, on a dark background
 *
 * The picture flt_graph_write_png() encodes: background, margins and
 * all, so that a caller can encode it elsewhere (in a thread, say).
 *
 * Returns: (transfer full) (nullable): an ARGB32 image surface, or %NULL
 *   with @error set when it would be too large
 */
cairo_surface_t *
flt_graph_render_surface (FltGraph  *graph,
                          double     scale,
                          gboolean   dark_style,
                          GError   **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double x, y, w, h;
  int pw, ph;

  g_return_val_if_fail (FLT_IS_GRAPH (graph), NULL);

  if (!(scale > 0))
    scale = 1;
  export_extent (graph, &x, &y, &w, &h);
  pw = (int) ceil (w * scale);
  ph = (int) ceil (h * scale);
  if (pw > 32767 || ph > 32767)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The graph is too large for a PNG at this scale (%d × %d pixels; the most is 32767). Use a smaller scale, or SVG."),
                   pw, ph);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cr = cairo_create (surface);
  _flt_graph_render_page (graph, cr, x, y, scale, dark_style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the graph: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return surface;
}

/**
 * flt_graph_write_png:
 * @path: the file to write
 * @scale: device pixels per graph unit (1 = as on screen at 100 %, 2 for
 *   a sharper image)
 */
gboolean
flt_graph_write_png (FltGraph    *graph,
                     const char  *path,
                     double       scale,
                     gboolean     dark_style,
                     GError     **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (FLT_IS_GRAPH (graph), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = flt_graph_render_surface (graph, scale, dark_style, error);
  if (surface == NULL)
    return FALSE;
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the graph to “%s”: %s. Check that the folder exists and that you may write there."),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
