/* flt-volume.h
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "flt-compose-types.h"

G_BEGIN_DECLS

#define FLT_TYPE_VOLUME (flt_volume_get_type ())
G_DECLARE_FINAL_TYPE (FltVolume, flt_volume, FLT, VOLUME, GObject)

/* A top-level named volume. */

const char    *flt_volume_get_key      (FltVolume *self);
const char    *flt_volume_get_name     (FltVolume *self);
const char    *flt_volume_get_path     (FltVolume *self);
const FltNode *flt_volume_get_node     (FltVolume *self);
const char    *flt_volume_get_driver   (FltVolume *self);
gboolean       flt_volume_get_external (FltVolume *self);
GPtrArray     *flt_volume_get_labels   (FltVolume *self);

G_END_DECLS
