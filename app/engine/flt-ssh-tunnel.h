/* flt-ssh-tunnel.h: a private socket that reaches an engine through
 * `ssh … docker system dial-stdio`
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "flt-endpoint.h"

G_BEGIN_DECLS

#define FLT_TYPE_SSH_TUNNEL (flt_ssh_tunnel_get_type ())
G_DECLARE_FINAL_TYPE (FltSshTunnel, flt_ssh_tunnel, FLT, SSH_TUNNEL, GObject)

FltSshTunnel   *flt_ssh_tunnel_new             (const FltEndpoint  *endpoint);
gboolean        flt_ssh_tunnel_start           (FltSshTunnel       *self,
                                                GError            **error);
void            flt_ssh_tunnel_stop            (FltSshTunnel       *self);
const char     *flt_ssh_tunnel_get_socket_path (FltSshTunnel       *self);
GError         *flt_ssh_tunnel_take_failure    (FltSshTunnel       *self);

GStrv           flt_ssh_command_line           (const FltEndpoint  *endpoint,
                                                const char         *control_dir,
                                                const char * const *environment);
GError         *flt_ssh_explain_failure        (const char         *destination,
                                                int                 exit_status,
                                                const char         *stderr_text);

G_END_DECLS
