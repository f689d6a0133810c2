/* flt-dotenv.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Errors of the .env syntax itself.  Interpolation errors inside values keep
 * their FLT_INTERPOLATE_ERROR domain and code; every message starts with
 * "FILE:LINE: ".
 */
typedef enum
{
  FLT_DOTENV_ERROR_INVALID_NAME,        /* "A B=1", "A$=1", "=1" */
  FLT_DOTENV_ERROR_UNTERMINATED_QUOTE,  /* A="no end */
  FLT_DOTENV_ERROR_BINARY,              /* a NUL byte: not a text file */
  FLT_DOTENV_ERROR_NOT_REGULAR,         /* a folder, a device, a pipe... */
  FLT_DOTENV_ERROR_TOO_LARGE,           /* above FLT_DOTENV_MAX_SIZE */
} FltDotenvError;

/* Env files larger than this are refused (no real one comes near). */
#define FLT_DOTENV_MAX_SIZE (16 * 1024 * 1024)

#define FLT_DOTENV_ERROR (flt_dotenv_error_quark ())
GQuark flt_dotenv_error_quark (void);

/**
 * FltDotenvFlags:
 * @FLT_DOTENV_FLAGS_NONE: as Compose: a `${VAR}` in a value is looked up
 *   with the lookup function first, then among the file's earlier lines
 * @FLT_DOTENV_FLAGS_FILE_FIRST: the file's earlier lines win over the lookup
 *   function (for a file that overrides the environment)
 */
typedef enum
{
  FLT_DOTENV_FLAGS_NONE       = 0,
  FLT_DOTENV_FLAGS_FILE_FIRST = 1 << 0,
} FltDotenvFlags;

/**
 * FltDotenvLookupFunc:
 * @name: a variable name
 * @user_data: the data given with the function
 *
 * Returns: (nullable) (transfer none): the variable's value, %NULL if unset
 */
typedef const char *(*FltDotenvLookupFunc) (const char *name,
                                            gpointer    user_data);

/**
 * FltDotenvEntry:
 * @name: the variable's name
 * @value: (nullable): its value, interpolated; %NULL only for a name alone
 *   on its line (`NAME`) that the lookup function does not know, which
 *   Compose leaves out
 * @line: the line where the entry starts, from 1
 * @inherited: %TRUE for a name alone on its line, whose value comes from
 *   the lookup function
 */
typedef struct
{
  char     *name;
  char     *value;
  guint     line;
  gboolean  inherited;
} FltDotenvEntry;

void        flt_dotenv_entry_free (FltDotenvEntry *entry);

GPtrArray  *flt_dotenv_parse      (const char           *text,
                                   gssize                length,
                                   const char           *file_name,
                                   FltDotenvFlags        flags,
                                   FltDotenvLookupFunc   lookup,
                                   gpointer              user_data,
                                   guint                *error_line,
                                   GError              **error);
GPtrArray  *flt_dotenv_parse_file (const char           *path,
                                   FltDotenvFlags        flags,
                                   FltDotenvLookupFunc   lookup,
                                   gpointer              user_data,
                                   guint                *error_line,
                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FltDotenvEntry, flt_dotenv_entry_free)

G_END_DECLS
