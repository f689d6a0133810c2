/* flt-volume.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "flt-model-private.h"

G_DEFINE_FINAL_TYPE (FltVolume, flt_volume, G_TYPE_OBJECT)

static void
flt_volume_finalize (GObject *object)
{
  FltVolume *self = FLT_VOLUME (object);

  g_free (self->key);
  g_free (self->name);
  g_free (self->path);
  g_free (self->driver);
  g_clear_pointer (&self->labels, g_ptr_array_unref);

  G_OBJECT_CLASS (flt_volume_parent_class)->finalize (object);
}

static void
flt_volume_class_init (FltVolumeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_volume_finalize;
}

static void
flt_volume_init (FltVolume *self)
{
  self->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
}

const char *flt_volume_get_key (FltVolume *self) { return self->key; }
/* The engine's name for it: `name:`, else <project>_<key>. */
const char *flt_volume_get_name (FltVolume *self) { return self->name; }
const char *flt_volume_get_path (FltVolume *self) { return self->path; }
const FltNode *flt_volume_get_node (FltVolume *self) { return self->node; }
const char *flt_volume_get_driver (FltVolume *self) { return self->driver; }
gboolean flt_volume_get_external (FltVolume *self) { return self->external; }
GPtrArray *flt_volume_get_labels (FltVolume *self) { return self->labels; }
