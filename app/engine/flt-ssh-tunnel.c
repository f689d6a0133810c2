/* flt-ssh-tunnel.c: a private socket that reaches an engine through
 * `ssh … docker system dial-stdio`
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup connects to sockets, not to a program's pipes, so the tunnel
 * listens on a unix socket of its own (mode 0600, in a 0700 folder of
 * XDG_RUNTIME_DIR) and, for each connection made to it, runs ssh as the
 * docker CLI does and copies bytes both ways.  It runs in a thread of its
 * own, with its own main context: engine calls block in worker threads and
 * in the command line, where no main loop may be turning.
 *
 * When ssh fails (no such host, refused key, no docker over there) the
 * client only sees its connection close; so the tunnel keeps what ssh said
 * on stderr, and closes the connection only after ssh has exited and that
 * is recorded.  The engine then asks for it with
 * flt_ssh_tunnel_take_failure() and shows it instead of "connection
 * closed".
 */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <signal.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>
#include <unistd.h>

#include "flt-engine.h"
#include "flt-ssh-tunnel.h"

struct _FltSshTunnel
{
  GObject parent_instance;

  FltEndpoint *endpoint;
  char *destination;        /* user@host, for messages */
  char **argv;
  char *dir;
  char *socket_path;

  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  GSocketService *service;

  GMutex lock;              /* guards failure and pipes */
  GError *failure;
  gint64 failure_time;      /* monotonic µs */
  GList *pipes;
  gboolean stopping;
};

G_DEFINE_FINAL_TYPE (FltSshTunnel, flt_ssh_tunnel, G_TYPE_OBJECT)

/* One connection to the socket and the ssh that serves it. */
typedef struct
{
  FltSshTunnel *tunnel;     /* not a reference: the thread outlives no tunnel */
  GSocketConnection *connection;
  GSubprocess *process;
  GOutputStream *errors;    /* what ssh wrote on stderr */
  GCancellable *cancellable;
  int pending;              /* stdout, stderr, exit, and the client's side */
  int ssh_parts;            /* stdout, stderr and exit */
  gboolean closing;
} Pipe;

static void
pipe_free (Pipe *pipe)
{
  g_clear_object (&pipe->connection);
  g_clear_object (&pipe->process);
  g_clear_object (&pipe->errors);
  g_clear_object (&pipe->cancellable);
  g_free (pipe);
}

static void
flt_ssh_tunnel_finalize (GObject *object)
{
  FltSshTunnel *self = FLT_SSH_TUNNEL (object);

  flt_ssh_tunnel_stop (self);
  g_clear_pointer (&self->endpoint, flt_endpoint_free);
  g_free (self->destination);
  g_strfreev (self->argv);
  g_free (self->dir);
  g_free (self->socket_path);
  g_clear_error (&self->failure);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (flt_ssh_tunnel_parent_class)->finalize (object);
}

static void
flt_ssh_tunnel_class_init (FltSshTunnelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flt_ssh_tunnel_finalize;
}

static void
flt_ssh_tunnel_init (FltSshTunnel *self)
{
  g_mutex_init (&self->lock);
}

static const char *
getenv_in (const char * const *environment,
           const char         *name)
{
  return environment ? g_environ_getenv ((char **) environment, name) : g_getenv (name);
}

/**
 * flt_ssh_command_line:
 * @control_dir: (nullable): where ssh may keep the socket of a shared
 *   connection (ControlMaster); %NULL for a login per call
 * @environment: (nullable): where to read `FLOTILLA_SSH`, the ssh program
 *   to run (with options of its own, as a shell would split them); %NULL
 *   reads the process's
 *
 * What the docker CLI runs for an ssh:// engine, without questions: a
 * window has no terminal to type a password or accept a host key in, so
 * ssh must get in with a key (ssh-agent, ~/.ssh) and know the host.
 *
 * Returns: (transfer full): the command line
 */
GStrv
flt_ssh_command_line (const FltEndpoint  *endpoint,
                      const char         *control_dir,
                      const char * const *environment)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *program = getenv_in (environment, "FLOTILLA_SSH");
  g_auto(GStrv) words = NULL;
  g_autofree char *port = NULL;
  g_autofree char *control = NULL;

  if (program != NULL && *program != '\0' && g_shell_parse_argv (program, NULL, &words, NULL))
    g_strv_builder_addv (builder, (const char **) words);
  else
    g_strv_builder_add (builder, "ssh");

  g_strv_builder_add_many (builder, "-o", "ConnectTimeout=30", "-o", "BatchMode=yes", "-T", NULL);
  /* Every HTTP connection is an ssh of its own: sharing one login among
   * them saves a handshake each (Up makes dozens).  The shared login is
   * one per destination and ssh command: another FLOTILLA_SSH (another
   * key, say) must not ride on a login made with the first.  ssh adds 17
   * characters to the path while it makes the socket, and a socket path
   * has room for about 100. */
  if (control_dir != NULL)
    {
      g_autofree char *identity = g_strdup_printf ("%s\n%s\n%s\n%u", program ? program : "ssh",
                                                   endpoint->user ? endpoint->user : "", endpoint->host,
                                                   endpoint->port);
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, identity, -1);

      digest[16] = '\0';
      control = g_strdup_printf ("ControlPath=%s/ssh-%s", control_dir, digest);
      if (strlen (control) - strlen ("ControlPath=") + 17 < 100)
        g_strv_builder_add_many (builder, "-o", "ControlMaster=auto", "-o", control,
                                 "-o", "ControlPersist=30", NULL);
    }
  if (endpoint->user != NULL && *endpoint->user != '\0')
    g_strv_builder_add_many (builder, "-l", endpoint->user, NULL);
  if (endpoint->port != 0)
    {
      port = g_strdup_printf ("%u", endpoint->port);
      g_strv_builder_add_many (builder, "-p", port, NULL);
    }
  g_strv_builder_add_many (builder, "--", endpoint->host, "docker", "system", "dial-stdio", NULL);
  return g_strv_builder_end (builder);
}

/* The last line ssh or the remote shell wrote that says something. */
static char *
last_words (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0')
        return g_strdup (line);
    }
  return NULL;
}

/**
 * flt_ssh_explain_failure:
 * @destination: `user@host` or `host`, as the message names it
 * @exit_status: ssh's exit status (255: ssh's own failure; otherwise the
 *   remote command's)
 * @stderr_text: (nullable): what ssh and the remote command wrote on stderr
 *
 * Turns a failed `ssh … docker system dial-stdio` into something a person
 * can act on.
 *
 * Returns: (transfer full): an error of FLT_ENGINE_ERROR: PERMISSION for a
 *   refused login or socket, NO_ENGINE when nothing serves Docker there,
 *   CONNECTION_LOST otherwise
 */
GError *
flt_ssh_explain_failure (const char *destination,
                         int         exit_status,
                         const char *stderr_text)
{
  g_autofree char *said = last_words (stderr_text);
  const char *text = stderr_text ? stderr_text : "";

  if (said == NULL)
    /* Translators: what ssh said when it said nothing; %d is its exit status */
    said = g_strdup_printf (_("exit status %d"), exit_status);

  if (strstr (text, "Could not resolve hostname") != NULL || strstr (text, "Name or service not known") != NULL)
    return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE,
                        _("cannot find the host of %s for ssh (ssh said “%s”); check the name in the "
                          "ssh:// address and in ~/.ssh/config"), destination, said);

  if (strstr (text, "Host key verification failed") != NULL ||
      strstr (text, "REMOTE HOST IDENTIFICATION HAS CHANGED") != NULL ||
      strstr (text, "No ED25519 host key is known") != NULL ||
      strstr (text, "host key is known") != NULL)
    return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                        _("the host key of %s is not one ssh knows and trusts (ssh said “%s”); connect "
                          "once in a terminal with “ssh %s” to check and accept it"),
                        destination, said, destination);

  if (strstr (text, "Permission denied") != NULL && strstr (text, "docker") == NULL)
    return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                        _("could not log in to %s with ssh (ssh said “%s”); Flotilla cannot type a "
                          "password, so let ssh in with a key: “ssh-copy-id %s”, and add the key to "
                          "ssh-agent"),
                        destination, said, destination);

  if (strstr (text, "Connection refused") != NULL || strstr (text, "Connection timed out") != NULL ||
      strstr (text, "No route to host") != NULL || strstr (text, "Network is unreachable") != NULL)
    return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE,
                        _("no ssh server answers for %s (ssh said “%s”); is the host up and sshd running?"),
                        destination, said);

  if (exit_status == 127 || strstr (text, "command not found") != NULL ||
      strstr (text, "docker: not found") != NULL || strstr (text, "'docker': No such file") != NULL)
    return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE,
                        _("there is no docker command on %s (the shell there said “%s”); install the "
                          "Docker CLI there, or put it on the PATH that ssh sessions get"), destination, said);

  if (strstr (text, "permission denied while trying to connect to the Docker daemon") != NULL)
    return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_PERMISSION,
                        _("the user on %s may not use Docker (docker said “%s”); add it to the “docker” "
                          "group there"),
                        destination, said);

  if (strstr (text, "Cannot connect to the Docker daemon") != NULL || strstr (text, "Is the docker daemon running") != NULL)
    return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_NO_ENGINE,
                        _("no Docker Engine runs on %s (docker said “%s”); start dockerd there"), destination, said);

  if (strstr (text, "unknown command") != NULL && strstr (text, "dial-stdio") != NULL)
    return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_TOO_OLD,
                        _("the docker command on %s is too old for “docker system dial-stdio” (it said "
                          "“%s”); Docker 18.09 or newer is needed there"), destination, said);

  return g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_CONNECTION_LOST,
                      _("the ssh connection to %s failed: %s"), destination, said);
}

/**
 * flt_ssh_tunnel_new:
 *
 * Makes the tunnel; nothing listens until flt_ssh_tunnel_start().
 */
FltSshTunnel *
flt_ssh_tunnel_new (const FltEndpoint *endpoint)
{
  FltSshTunnel *self = g_object_new (FLT_TYPE_SSH_TUNNEL, NULL);
  static gint counter;
  g_autofree char *name = NULL;

  g_return_val_if_fail (endpoint != NULL && endpoint->kind == FLT_ENDPOINT_SSH, self);

  self->endpoint = flt_endpoint_copy (endpoint);
  self->destination = endpoint->user ? g_strdup_printf ("%s@%s", endpoint->user, endpoint->host)
                                     : g_strdup (endpoint->host);
  self->dir = g_build_filename (g_get_user_runtime_dir (), "flotilla", NULL);
  self->argv = flt_ssh_command_line (endpoint, self->dir, NULL);
  name = g_strdup_printf ("ssh-%d-%d.sock", (int) getpid (), g_atomic_int_add (&counter, 1));
  self->socket_path = g_build_filename (self->dir, name, NULL);
  return self;
}

const char *
flt_ssh_tunnel_get_socket_path (FltSshTunnel *self)
{
  g_return_val_if_fail (FLT_IS_SSH_TUNNEL (self), NULL);

  return self->socket_path;
}

/**
 * flt_ssh_tunnel_take_failure:
 *
 * Returns: (transfer full) (nullable): why the last ssh that failed did,
 *   once; %NULL when none failed in the last ten seconds since the last
 *   call
 */
GError *
flt_ssh_tunnel_take_failure (FltSshTunnel *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (FLT_IS_SSH_TUNNEL (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  /* A failure long past says nothing about the call failing now. */
  if (self->failure != NULL && g_get_monotonic_time () - self->failure_time > 10 * G_USEC_PER_SEC)
    g_clear_error (&self->failure);
  return g_steal_pointer (&self->failure);
}

static void
record_failure (FltSshTunnel *self,
                GError       *error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_clear_error (&self->failure);
  self->failure = error;
  self->failure_time = g_get_monotonic_time ();
}

static void quit_if_done (FltSshTunnel *self);

/* One of the pipe's four halves is done. */
static void
pipe_release (Pipe *pipe)
{
  FltSshTunnel *self = pipe->tunnel;

  if (--pipe->pending > 0)
    return;

  g_mutex_lock (&self->lock);
  self->pipes = g_list_remove (self->pipes, pipe);
  g_mutex_unlock (&self->lock);
  pipe_free (pipe);
  quit_if_done (self);
}

/* ssh has exited and said all it had to: keep what went wrong, then let
 * the client see its connection close. */
static void
pipe_finish (Pipe *pipe)
{
  FltSshTunnel *self = pipe->tunnel;

  if (pipe->closing)
    return;
  pipe->closing = TRUE;

  if (!self->stopping && g_subprocess_get_if_exited (pipe->process) &&
      g_subprocess_get_exit_status (pipe->process) != 0)
    {
      gsize size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (pipe->errors));
      g_autofree char *text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (pipe->errors)), size);

      g_debug ("ssh to %s exited with %d: %s", self->destination,
               g_subprocess_get_exit_status (pipe->process), text);
      record_failure (self, flt_ssh_explain_failure (self->destination,
                                                     g_subprocess_get_exit_status (pipe->process), text));
    }

  g_cancellable_cancel (pipe->cancellable);
  g_io_stream_close (G_IO_STREAM (pipe->connection), NULL, NULL);
}

static void
half_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pipe *pipe = user_data;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL);
  pipe_release (pipe);
}

/* stdout, stderr and the exit: when all three are in, ssh is done. */
static void
ssh_part_done (Pipe *pipe)
{
  if (--pipe->ssh_parts == 0)
    pipe_finish (pipe);
  pipe_release (pipe);
}

static void
stdout_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL);
  ssh_part_done (user_data);
}

static void
stderr_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL);
  ssh_part_done (user_data);
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  ssh_part_done (user_data);
}

/* In ssh, before it runs: the signals as they were before the tunnel's
 * thread blocked SIGPIPE. */
static void
unblock_sigpipe (gpointer user_data)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  pthread_sigmask (SIG_UNBLOCK, &set, NULL);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  FltSshTunnel *self = user_data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  Pipe *pipe;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, unblock_sigpipe, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) self->argv, &error);
  if (process == NULL)
    {
      if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
        record_failure (self, g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_UNSUPPORTED,
                                           _("cannot reach %s: there is no ssh command here; "
                                             "install the OpenSSH client (openssh-client)"),
                                           self->endpoint->uri));
      else
        record_failure (self, g_error_new (FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_UNSUPPORTED,
                                           _("cannot run ssh to reach %s: %s"), self->endpoint->uri,
                                           error->message));
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  pipe = g_new0 (Pipe, 1);
  pipe->tunnel = self;
  pipe->connection = g_object_ref (connection);
  pipe->process = process;
  pipe->errors = g_memory_output_stream_new_resizable ();
  pipe->cancellable = g_cancellable_new ();
  pipe->pending = 4;
  pipe->ssh_parts = 3;

  g_mutex_lock (&self->lock);
  self->pipes = g_list_prepend (self->pipes, pipe);
  g_mutex_unlock (&self->lock);

  /* The client's requests to ssh; when the client hangs up, ssh's stdin
   * closes and dial-stdio ends. */
  g_output_stream_splice_async (g_subprocess_get_stdin_pipe (process),
                                g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT,
                                pipe->cancellable, half_done_cb, pipe);
  /* The engine's replies to the client; the connection is closed only in
   * pipe_finish(), once ssh's failure, if any, is recorded. */
  g_output_stream_splice_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                g_subprocess_get_stdout_pipe (process),
                                G_OUTPUT_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT,
                                NULL, stdout_done_cb, pipe);
  g_output_stream_splice_async (pipe->errors, g_subprocess_get_stderr_pipe (process),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, stderr_done_cb, pipe);
  g_subprocess_wait_async (process, NULL, exited_cb, pipe);
  return TRUE;
}

static gpointer
tunnel_thread (gpointer user_data)
{
  FltSshTunnel *self = user_data;
  sigset_t set;

  /* Writing to an ssh that has exited raises SIGPIPE in the writing
   * thread, which would end the whole program: blocked here, the write
   * fails with EPIPE instead, and the pipe is closed as for any failure. */
  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &set, NULL);

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * flt_ssh_tunnel_start:
 *
 * Listens on the private socket, in a thread of the tunnel's own.  Does
 * nothing when it already listens.
 */
gboolean
flt_ssh_tunnel_start (FltSshTunnel  *self,
                      GError       **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FLT_IS_SSH_TUNNEL (self), FALSE);

  if (self->thread != NULL)
    return TRUE;

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_UNSUPPORTED,
                   _("cannot make the folder %s for the ssh connection to %s: %s"),
                   self->dir, self->endpoint->uri, g_strerror (saved));
      return FALSE;
    }
  g_unlink (self->socket_path);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  /* The service attaches its source to the thread-default context. */
  g_main_context_push_thread_default (self->context);
  self->service = g_socket_service_new ();
  address = g_unix_socket_address_new (self->socket_path);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &local_error))
    {
      g_main_context_pop_thread_default (self->context);
      g_clear_object (&self->service);
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_set_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_UNSUPPORTED,
                   _("cannot listen on %s for the ssh connection to %s: %s"),
                   self->socket_path, self->endpoint->uri, local_error->message);
      return FALSE;
    }
  g_chmod (self->socket_path, 0600);
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  g_main_context_pop_thread_default (self->context);

  self->thread = g_thread_new ("flotilla-ssh", tunnel_thread, self);
  return TRUE;
}

static void
quit_if_done (FltSshTunnel *self)
{
  gboolean done;

  g_mutex_lock (&self->lock);
  done = self->stopping && self->pipes == NULL;
  g_mutex_unlock (&self->lock);
  if (done)
    g_main_loop_quit (self->loop);
}

/* In the tunnel's thread: stop listening, end every ssh, and quit once
 * their pipes are gone. */
static gboolean
stop_in_thread (gpointer user_data)
{
  FltSshTunnel *self = user_data;
  GList *pipes;

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  pipes = g_list_copy (self->pipes);
  g_mutex_unlock (&self->lock);

  for (GList *l = pipes; l != NULL; l = l->next)
    {
      Pipe *pipe = l->data;

      g_subprocess_force_exit (pipe->process);
      g_cancellable_cancel (pipe->cancellable);
    }
  g_list_free (pipes);
  quit_if_done (self);
  return G_SOURCE_REMOVE;
}

/**
 * flt_ssh_tunnel_stop:
 *
 * Ends every ssh the tunnel runs, stops listening and removes the socket.
 * Called when the tunnel goes; it may also be called before.
 */
void
flt_ssh_tunnel_stop (FltSshTunnel *self)
{
  g_return_if_fail (FLT_IS_SSH_TUNNEL (self));

  if (self->thread == NULL)
    return;

  g_main_context_invoke (self->context, stop_in_thread, self);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_object (&self->service);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_unlink (self->socket_path);
}
