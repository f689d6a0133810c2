/* flt-renderer.c: which of GTK's renderers draws the windows
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without a GPU, GTK's GL renderer runs on Mesa's llvmpipe, a software
 * emulation of one.  On such a machine (a virtual machine, a remote
 * desktop, Xvfb) GTK's cairo renderer draws the same windows for less:
 * measured with tests/bench on two cores, 339 ms to the first frame
 * instead of 482, 128 MB resident with a full log view instead of 209,
 * and main-loop stalls of 17 ms instead of 55.  So the cairo renderer is
 * chosen when no GPU device is there.  GSK_RENDERER, set by the user,
 * always wins.
 */

#include "config.h"

#include <string.h>

#include "flt-renderer.h"

/**
 * flt_renderer_has_gpu:
 * @dev_dir: the device folder, "/dev" but for tests
 *
 * Returns: whether a GPU device is there: a DRM node (Mesa's drivers and
 *   NVIDIA's with its DRM module) or NVIDIA's own.
 */
gboolean
flt_renderer_has_gpu (const char *dev_dir)
{
  g_autofree char *dri = g_build_filename (dev_dir, "dri", NULL);
  g_autofree char *nvidia = g_build_filename (dev_dir, "nvidia0", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (nvidia, G_FILE_TEST_EXISTS))
    return TRUE;
  dir = g_dir_open (dri, 0, NULL);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD") || g_str_has_prefix (name, "card"))
      return TRUE;
  return FALSE;
}

/**
 * flt_renderer_choose:
 * @dev_dir: the device folder, "/dev" but for tests
 *
 * Sets GSK_RENDERER to "cairo" when the user has not set it and there is
 * no GPU; called before GTK makes its first window.
 *
 * Returns: the GSK_RENDERER now in force, or %NULL for GTK's own choice
 */
const char *
flt_renderer_choose (const char *dev_dir)
{
  const char *chosen = g_getenv ("GSK_RENDERER");

  if (chosen != NULL && *chosen != '\0')
    return chosen;
  if (flt_renderer_has_gpu (dev_dir))
    return NULL;
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return "cairo";
}
