/* flt-suggestion-popover.h: suggestions under an entry as the user types
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FLT_TYPE_SUGGESTION_POPOVER (flt_suggestion_popover_get_type ())
G_DECLARE_FINAL_TYPE (FltSuggestionPopover, flt_suggestion_popover, FLT, SUGGESTION_POPOVER, GtkPopover)

FltSuggestionPopover *flt_suggestion_popover_new         (void);
void                  flt_suggestion_popover_attach      (FltSuggestionPopover *self,
                                                          GtkWidget            *editable);
void                  flt_suggestion_popover_set_model   (FltSuggestionPopover *self,
                                                          GListModel           *strings);
GListModel           *flt_suggestion_popover_get_matches (FltSuggestionPopover *self);
void                  flt_suggestion_popover_choose      (FltSuggestionPopover *self,
                                                          guint                 position);

G_END_DECLS
