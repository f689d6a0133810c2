/* flt-yaml-view-private.h: what the tests may look at inside a YAML view
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "flt-yaml-view.h"

G_BEGIN_DECLS

#define FLT_YAML_VIEW_COMMIT_DELAY_MS 300

GtkSourceView *_flt_yaml_view_get_source_view  (FltYamlView       *self);
GtkSearchBar  *_flt_yaml_view_get_search_bar   (FltYamlView       *self);
GtkEditable   *_flt_yaml_view_get_search_entry (FltYamlView       *self);
const char    *_flt_yaml_view_get_search_label (FltYamlView       *self);
guint          _flt_yaml_view_get_n_underlines (FltYamlView       *self);
void           _flt_yaml_view_set_commit_delay (FltYamlView       *self,
                                                guint              milliseconds);
char          *_flt_yaml_view_dup_messages_at  (FltYamlView       *self,
                                                const GtkTextIter *iter,
                                                gboolean           whole_line);

G_END_DECLS
