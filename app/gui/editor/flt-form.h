/* flt-form.h: fields bound to paths of a compose file, shared by the editor's forms
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "flt-core.h"

G_BEGIN_DECLS

/* How an entry's text maps to the file. */
typedef enum
{
  FLT_FIELD_STRING,     /* written as a YAML string */
  FLT_FIELD_INTEGER,    /* a whole number */
  FLT_FIELD_NUMBER,     /* a decimal number, like cpus: 0.5 */
  FLT_FIELD_SIZE,       /* a byte size with units: 256m, 1g */
  FLT_FIELD_DURATION,   /* a duration: 30s, 1m30s */
  FLT_FIELD_LIST,       /* comma-separated; written as a list in the file's style */
  FLT_FIELD_COMMAND,    /* shell syntax; a string stays a string, a list a list */
} FltFieldKind;

typedef enum
{
  FLT_FORM_EMPTY,         /* nothing to edit */
  FLT_FORM_READY,
  FLT_FORM_MISSING,       /* the target is not in the file (removed, renamed) */
  FLT_FORM_SYNTAX_ERROR,  /* the file does not parse, so nothing can be edited */
} FltFormState;

typedef enum
{
  FLT_FORM_REMOVE_NONE  = 0,
  FLT_FORM_REMOVE_PRUNE = 1 << 0,  /* also remove the parents it leaves empty, up to the target */
} FltFormRemoveFlags;

#define FLT_TYPE_FORM (flt_form_get_type ())
G_DECLARE_FINAL_TYPE (FltForm, flt_form, FLT, FORM, GObject)

/* For entries whose text maps to the file in a way of their own: the text
 * to show for the document as it is, and how to write what was typed. */
typedef char     *(*FltFieldDisplayFunc) (FltForm    *form,
                                          const char *subpath,
                                          gpointer    user_data);
typedef gboolean  (*FltFieldApplyFunc)   (FltForm    *form,
                                          GtkWidget  *row,
                                          const char *subpath,
                                          const char *text,
                                          gpointer    user_data);

FltForm        *flt_form_new               (void);
void            flt_form_set_target        (FltForm             *self,
                                            FltWorkspace        *workspace,
                                            const char          *base_path);
void            flt_form_detach            (FltForm             *self);
FltWorkspace   *flt_form_get_workspace     (FltForm             *self);
FltDocument    *flt_form_get_document      (FltForm             *self);
const char     *flt_form_get_base_path     (FltForm             *self);
FltFormState    flt_form_get_state         (FltForm             *self);
char           *flt_form_dup_path          (FltForm             *self,
                                            const char          *subpath);
const FltNode  *flt_form_lookup            (FltForm             *self,
                                            const char          *subpath);
void            flt_form_add_shorthand     (FltForm             *self,
                                            const char          *key,
                                            const char          *inner_key);
void            flt_form_set_problems      (FltForm             *self,
                                            AdwPreferencesGroup *group,
                                            GtkListBox          *list);

void            flt_form_add_entry         (FltForm             *self,
                                            GtkWidget           *row,
                                            GtkEditable         *editable,
                                            const char          *subpath,
                                            FltFieldKind         kind);
void            flt_form_add_custom_entry  (FltForm             *self,
                                            GtkWidget           *row,
                                            GtkEditable         *editable,
                                            const char          *subpath,
                                            FltFieldDisplayFunc  display,
                                            FltFieldApplyFunc    apply,
                                            gpointer             user_data);
void            flt_form_add_switch        (FltForm             *self,
                                            GtkWidget           *row,
                                            GtkSwitch           *sw,
                                            const char          *subpath);
void            flt_form_track             (FltForm             *self,
                                            GtkWidget           *row,
                                            const char          *subpath);
void            flt_form_untrack           (FltForm             *self,
                                            GtkWidget           *row);
void            flt_form_set_subpath       (FltForm             *self,
                                            GtkWidget           *row,
                                            const char          *subpath);
gboolean        flt_form_is_tracked        (FltForm             *self,
                                            GtkWidget           *row);
void            flt_form_apply             (FltForm             *self,
                                            GtkWidget           *row);
void            flt_form_flush             (FltForm             *self);
void            flt_form_refresh           (FltForm             *self);

gboolean        flt_form_set               (FltForm             *self,
                                            GtkWidget           *row,
                                            const char          *subpath,
                                            const char          *value,
                                            FltEditFlags         flags);
gboolean        flt_form_set_string        (FltForm             *self,
                                            GtkWidget           *row,
                                            const char          *subpath,
                                            const char          *value);
gboolean        flt_form_add_item          (FltForm             *self,
                                            GtkWidget           *row,
                                            const char          *subpath,
                                            const char          *value,
                                            FltEditFlags         flags);
gboolean        flt_form_remove            (FltForm             *self,
                                            GtkWidget           *row,
                                            const char          *subpath,
                                            FltFormRemoveFlags   flags);
void            flt_form_show_invalid      (FltForm             *self,
                                            GtkWidget           *row,
                                            const char          *message);
char           *flt_form_dup_message       (FltForm             *self,
                                            GtkWidget           *row);
void            flt_form_set_deferred      (FltForm             *self,
                                            GtkWidget          **sections,
                                            guint                n_sections);
gboolean        flt_form_get_locked        (FltForm             *self,
                                            GtkWidget           *row);

/* Text helpers the forms share */
char           *flt_form_join_argv         (const char * const  *argv);
GStrv           flt_form_split_list        (const char          *text);
char           *flt_form_encode_list       (FltDocument         *document,
                                            const FltNode       *like,
                                            const char * const  *items,
                                            gboolean             flow,
                                            gboolean             quote);
char           *flt_form_encode_string     (const char          *value);
char           *flt_form_dup_scalar_text   (FltDocument         *document,
                                            const FltNode       *node);
char           *flt_form_relative_path     (const char          *folder,
                                            GFile               *file);
char           *flt_form_dup_folder        (FltForm             *self);

G_END_DECLS
