/* flt-network.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "flt-model-private.h"

G_DEFINE_FINAL_TYPE (FltNetwork, flt_network, G_TYPE_OBJECT)

static void
flt_network_finalize (GObject *object)
{
  FltNetwork *self = FLT_NETWORK (object);

  g_free (self->key);
  g_free (self->name);
  g_free (self->path);
  g_free (self->driver);
  g_strfreev (self->subnets);
  g_clear_pointer (&self->labels, g_ptr_array_unref);

  G_OBJECT_CLASS (flt_network_parent_class)->finalize (object);
}

static void
flt_network_class_init (FltNetworkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_network_finalize;
}

static void
flt_network_init (FltNetwork *self)
{
  self->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) flt_key_value_free);
}

const char *flt_network_get_key (FltNetwork *self) { return self->key; }
/* The engine's name for it: `name:`, else <project>_<key>. */
const char *flt_network_get_name (FltNetwork *self) { return self->name; }
const char *flt_network_get_path (FltNetwork *self) { return self->path; }
const FltNode *flt_network_get_node (FltNetwork *self) { return self->node; }
const char *flt_network_get_driver (FltNetwork *self) { return self->driver; }
gboolean flt_network_get_external (FltNetwork *self) { return self->external; }
gboolean flt_network_get_internal (FltNetwork *self) { return self->internal; }
gboolean flt_network_get_attachable (FltNetwork *self) { return self->attachable; }
gboolean flt_network_get_enable_ipv6 (FltNetwork *self) { return self->enable_ipv6; }
gboolean flt_network_get_implicit (FltNetwork *self) { return self->implicit; }
const char * const *flt_network_get_subnets (FltNetwork *self) { return (const char * const *) self->subnets; }
GPtrArray *flt_network_get_labels (FltNetwork *self) { return self->labels; }
