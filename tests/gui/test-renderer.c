/* test-renderer.c: the cairo renderer where there is no GPU
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decision only: a made-up /dev with and without GPU nodes, and
 * GSK_RENDERER set by the user.  No window is made.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "flt-renderer.h"

typedef struct
{
  char *dev;
} Fixture;

static void
touch (const char *dev,
       const char *relative)
{
  g_autofree char *path = g_build_filename (dev, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dev = g_dir_make_tmp ("flt-dev-XXXXXX", NULL);
  g_unsetenv ("GSK_RENDERER");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dev);
  g_free (f->dev);
  g_unsetenv ("GSK_RENDERER");
}

static void
test_no_gpu (Fixture       *f,
             gconstpointer  data)
{
  /* Nothing, or a /dev/dri with no node in it. */
  g_assert_false (flt_renderer_has_gpu (f->dev));
  touch (f->dev, "dri/by-path/nothing");
  g_assert_false (flt_renderer_has_gpu (f->dev));

  g_assert_cmpstr (flt_renderer_choose (f->dev), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
}

static void
test_gpu (Fixture       *f,
          gconstpointer  data)
{
  const char *node = data;

  touch (f->dev, node);
  g_assert_true (flt_renderer_has_gpu (f->dev));
  g_assert_null (flt_renderer_choose (f->dev));
  g_assert_null (g_getenv ("GSK_RENDERER"));
}

static void
test_user_wins (Fixture       *f,
                gconstpointer  data)
{
  g_setenv ("GSK_RENDERER", "ngl", TRUE);
  g_assert_cmpstr (flt_renderer_choose (f->dev), ==, "ngl");
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "ngl");

  /* Set but empty is GTK's own choice, and so ours. */
  g_setenv ("GSK_RENDERER", "", TRUE);
  g_assert_cmpstr (flt_renderer_choose (f->dev), ==, "cairo");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/renderer/no-gpu", Fixture, NULL, fixture_set_up, test_no_gpu, fixture_tear_down);
  g_test_add ("/renderer/gpu/render-node", Fixture, "dri/renderD128", fixture_set_up, test_gpu, fixture_tear_down);
  g_test_add ("/renderer/gpu/card", Fixture, "dri/card0", fixture_set_up, test_gpu, fixture_tear_down);
  g_test_add ("/renderer/gpu/nvidia", Fixture, "nvidia0", fixture_set_up, test_gpu, fixture_tear_down);
  g_test_add ("/renderer/user-wins", Fixture, NULL, fixture_set_up, test_user_wins, fixture_tear_down);

  return g_test_run ();
}
