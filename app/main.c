/* main.c: the flotilla executable
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "flt-application.h"
#include "flt-renderer.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FltApplication) app = NULL;
  const char *locale_dir = g_getenv ("FLOTILLA_LOCALEDIR");

  /* FLOTILLA_LOCALEDIR: the catalogues of an uninstalled build (meson
   * devenv points it at BUILD/po). */
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL && *locale_dir != '\0' ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  flt_renderer_choose ("/dev");
  app = flt_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
