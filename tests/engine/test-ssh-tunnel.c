/* test-ssh-tunnel.c: ssh:// engines through the private socket, with a
 * stand-in for ssh (FLOTILLA_SSH) that answers HTTP on its pipes the way
 * `docker system dial-stdio` does, or fails the ways ssh fails
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real thing, ssh to an sshd in front of a second dockerd, is in
 * tests/engine/integration/test-remote.py.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "flt-engine.h"
#include "flt-ssh-tunnel.h"

/* Answers each request read on stdin: /version like an engine, anything
 * else with its own path; writes its command line to $FAKE_SSH_LOG. */
static const char fake_dial_stdio[] =
  "import json, os, sys\n"
  "with open(os.environ['FAKE_SSH_LOG'], 'a') as log:\n"
  "    log.write(' '.join(sys.argv[1:]) + '\\n')\n"
  "inp, out = sys.stdin.buffer, sys.stdout.buffer\n"
  "while True:\n"
  "    line = inp.readline()\n"
  "    if not line:\n"
  "        break\n"
  "    method, path, _ = line.decode().split(' ', 2)\n"
  "    length = 0\n"
  "    while True:\n"
  "        header = inp.readline()\n"
  "        if header in (b'\\r\\n', b'\\n', b''):\n"
  "            break\n"
  "        name, value = header.decode().split(':', 1)\n"
  "        if name.lower() == 'content-length':\n"
  "            length = int(value)\n"
  "    if length:\n"
  "        inp.read(length)\n"
  "    if path.endswith('/version'):\n"
  "        body = {'ApiVersion': '1.43', 'MinAPIVersion': '1.12', 'Version': '24.0.0-fake'}\n"
  "    else:\n"
  "        body = {'Method': method, 'Path': path}\n"
  "    data = json.dumps(body).encode()\n"
  "    out.write(b'HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\n'\n"
  "              b'Content-Length: %d\\r\\n\\r\\n' % len(data) + data)\n"
  "    out.flush()\n";

typedef struct
{
  char *dir;
  char *log;
  char *runtime;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *script = NULL;

  f->dir = g_dir_make_tmp ("flotilla-ssh-XXXXXX", NULL);
  f->log = g_build_filename (f->dir, "argv.log", NULL);
  script = g_build_filename (f->dir, "fake-ssh.py", NULL);
  g_assert_true (g_file_set_contents (script, fake_dial_stdio, -1, NULL));
  g_setenv ("FAKE_SSH_LOG", f->log, TRUE);
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
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unsetenv ("FLOTILLA_SSH");
  g_unsetenv ("FAKE_SSH_LOG");
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->log);
}

/* Uses the stand-in: FLOTILLA_SSH may hold a program with its own
 * options, split as a shell would. */
static void
use_fake (Fixture    *f,
          const char *shell_code)
{
  g_autofree char *script = g_build_filename (f->dir, "fake-ssh.py", NULL);
  g_autofree char *program = NULL;

  if (shell_code == NULL)
    program = g_strdup_printf ("python3 %s", script);
  else
    {
      g_autofree char *sh = g_build_filename (f->dir, "fake-ssh.sh", NULL);
      g_autofree char *text = g_strdup_printf ("#!/bin/sh\n%s\n", shell_code);

      g_assert_true (g_file_set_contents (sh, text, -1, NULL));
      g_assert_cmpint (g_chmod (sh, 0755), ==, 0);
      program = g_strdup (sh);
    }
  g_setenv ("FLOTILLA_SSH", program, TRUE);
}

static void
test_command_line (void)
{
  g_autoptr(FltEndpoint) e = flt_endpoint_parse ("ssh://deploy@prod.example.com:2222", "test", NULL);
  g_autoptr(FltEndpoint) bare = flt_endpoint_parse ("ssh://prod.example.com", "test", NULL);
  const char *env[] = { "FLOTILLA_SSH=ssh -F '/my config'", NULL };
  g_auto(GStrv) argv = flt_ssh_command_line (e, NULL, NULL);
  g_auto(GStrv) own = flt_ssh_command_line (e, NULL, env);
  g_auto(GStrv) plain = flt_ssh_command_line (bare, "/run/user/1000/flotilla", NULL);
  g_autofree char *joined = g_strjoinv (" ", argv);
  g_autofree char *joined_own = g_strjoinv (" ", own);
  g_autofree char *joined_plain = g_strjoinv (" ", plain);

  g_assert_cmpstr (joined, ==,
                   "ssh -o ConnectTimeout=30 -o BatchMode=yes -T -l deploy -p 2222 -- prod.example.com "
                   "docker system dial-stdio");
  g_assert_cmpstr (own[2], ==, "/my config");
  g_assert_true (g_str_has_prefix (joined_own, "ssh -F /my config -o ConnectTimeout=30"));
  /* One shared login per destination and ssh command. */
  g_assert_true (g_str_has_prefix (joined_plain, "ssh -o ConnectTimeout=30 -o BatchMode=yes -T -o ControlMaster=auto "
                                                 "-o ControlPath=/run/user/1000/flotilla/ssh-"));
  g_assert_true (g_str_has_suffix (joined_plain, " -o ControlPersist=30 -- prod.example.com docker system dial-stdio"));
  {
    g_auto(GStrv) again = flt_ssh_command_line (bare, "/run/user/1000/flotilla", NULL);
    g_auto(GStrv) other_program = flt_ssh_command_line (bare, "/run/user/1000/flotilla", env);
    g_auto(GStrv) other_user = flt_ssh_command_line (e, "/run/user/1000/flotilla", NULL);

    g_assert_cmpstr (again[9], ==, plain[9]);
    g_assert_true (g_str_has_prefix (plain[9], "ControlPath="));
    g_assert_cmpstr (other_program[11], !=, plain[9]);
    g_assert_true (g_str_has_prefix (other_program[11], "ControlPath="));
    g_assert_cmpstr (other_user[9], !=, plain[9]);
  }
  /* No sharing where the socket's path would be too long. */
  {
    g_autofree char *deep = g_strnfill (90, 'd');
    g_auto(GStrv) long_dir = flt_ssh_command_line (bare, deep, NULL);
    g_autofree char *joined_long = g_strjoinv (" ", long_dir);

    g_assert_null (strstr (joined_long, "ControlMaster"));
  }
}

typedef struct
{
  int status;
  const char *stderr_text;
  int code;
  const char *says;         /* what the message must hold to be useful */
} FailureCase;

static const FailureCase failure_cases[] = {
  { 255, "ssh: Could not resolve hostname nowhere.invalid: Name or service not known\n",
    FLT_ENGINE_ERROR_NO_ENGINE, "cannot find the host" },
  { 255, "root@127.0.0.1: Permission denied (publickey,password).\n",
    FLT_ENGINE_ERROR_PERMISSION, "ssh-copy-id" },
  { 255, "Host key verification failed.\n", FLT_ENGINE_ERROR_PERMISSION, "host key" },
  { 255, "ssh: connect to host 10.0.0.1 port 22: Connection refused\n", FLT_ENGINE_ERROR_NO_ENGINE, "sshd" },
  { 127, "bash: line 1: docker: command not found\n", FLT_ENGINE_ERROR_NO_ENGINE, "no docker command" },
  { 127, "env: 'docker': No such file or directory\n", FLT_ENGINE_ERROR_NO_ENGINE, "no docker command" },
  { 1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n",
    FLT_ENGINE_ERROR_NO_ENGINE, "start dockerd" },
  { 1, "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock\n",
    FLT_ENGINE_ERROR_PERMISSION, "“docker” group" },
  { 3, "", FLT_ENGINE_ERROR_CONNECTION_LOST, "exit status 3" },
};

static void
test_explain (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (failure_cases); i++)
    {
      const FailureCase *c = &failure_cases[i];
      g_autoptr(GError) error = flt_ssh_explain_failure ("root@box", c->status, c->stderr_text);

      g_test_message ("%s", error->message);
      g_assert_error (error, FLT_ENGINE_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, "root@box"));
      g_assert_nonnull (strstr (error->message, c->says));
    }
}

/* Requests go through the stand-in and come back; each connection runs the
 * command line the docker CLI would; the socket goes with the engine. */
static void
test_through_tunnel (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FltEndpoint) e = flt_endpoint_parse ("ssh://deploy@box.example:2200", "test", NULL);
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *argv = NULL;
  g_autofree char *socket_path = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  struct stat st;

  use_fake (f, NULL);
  engine = flt_engine_new (e);
  g_assert_true (flt_engine_connect (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (flt_engine_get_server_version (engine), ==, "24.0.0-fake");
  g_assert_cmpstr (flt_engine_get_api_version (engine), ==, "1.43");

  body = json_from_string ("{}", NULL);
  reply = flt_engine_call (engine, "POST", "/containers/create?name=x", body, NULL, NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "Method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (object, "Path"), ==, "/v1.43/containers/create?name=x");

  g_assert_true (g_file_get_contents (f->log, &argv, NULL, NULL));
  g_assert_true (g_str_has_prefix (argv, "-o ConnectTimeout=30 -o BatchMode=yes -T -o ControlMaster=auto "));
  g_assert_nonnull (strstr (argv, " -o ControlPersist=30 -l deploy -p 2200 -- box.example docker system dial-stdio\n"));

  /* Only we may use the socket. */
  {
    GPtrArray *sockets = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "flotilla", NULL);
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    g_autofree char *prefix = g_strdup_printf ("ssh-%d-", (int) getpid ());

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      if (g_str_has_prefix (name, prefix))
        g_ptr_array_add (sockets, g_build_filename (dir, name, NULL));
    g_assert_cmpuint (sockets->len, ==, 1);
    socket_path = g_strdup (g_ptr_array_index (sockets, 0));
    g_ptr_array_unref (sockets);
    g_assert_cmpint (g_stat (socket_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpint (g_stat (dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }

  g_clear_object (&engine);
  g_assert_false (g_file_test (socket_path, G_FILE_TEST_EXISTS));
}

typedef struct
{
  const char *shell_code;
  int code;
  const char *says;
} TunnelFailure;

static const TunnelFailure tunnel_failures[] = {
  { "echo 'root@box.example: Permission denied (publickey).' >&2; exit 255",
    FLT_ENGINE_ERROR_PERMISSION, "could not log in to box.example with ssh" },
  { "echo 'ssh: Could not resolve hostname box.example: Name or service not known' >&2; exit 255",
    FLT_ENGINE_ERROR_NO_ENGINE, "cannot find the host of box.example" },
  { "cat > /dev/null & echo 'sh: 1: docker: not found' >&2; exit 127",
    FLT_ENGINE_ERROR_NO_ENGINE, "no docker command on box.example" },
  { "exit 255", FLT_ENGINE_ERROR_CONNECTION_LOST, "the ssh connection to box.example failed: exit status 255" },
};

/* What ssh says reaches the caller instead of "connection closed". */
static void
test_failures (Fixture       *f,
               gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (tunnel_failures); i++)
    {
      g_autoptr(FltEndpoint) e = flt_endpoint_parse ("ssh://box.example", "test", NULL);
      g_autoptr(FltEngine) engine = NULL;
      g_autoptr(GError) error = NULL;

      use_fake (f, tunnel_failures[i].shell_code);
      engine = flt_engine_new (e);
      g_assert_false (flt_engine_connect (engine, NULL, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, FLT_ENGINE_ERROR, tunnel_failures[i].code);
      g_assert_nonnull (strstr (error->message, tunnel_failures[i].says));
      g_assert_true (flt_engine_error_is_gone (error) || tunnel_failures[i].code == FLT_ENGINE_ERROR_PERMISSION);
    }
}

/* No ssh at all: said as such. */
static void
test_no_ssh (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FltEndpoint) e = flt_endpoint_parse ("ssh://box.example", "test", NULL);
  g_autoptr(FltEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("FLOTILLA_SSH", "/nonexistent/bin/ssh", TRUE);
  engine = flt_engine_new (e);
  g_assert_false (flt_engine_connect (engine, NULL, &error));
  g_assert_error (error, FLT_ENGINE_ERROR, FLT_ENGINE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "openssh-client"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *runtime = NULL;

  /* The sockets go to a runtime folder of the test's own. */
  runtime = g_dir_make_tmp ("flotilla-runtime-XXXXXX", NULL);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ssh/command-line", test_command_line);
  g_test_add_func ("/ssh/explain", test_explain);
  g_test_add ("/ssh/through-tunnel", Fixture, NULL, fixture_set_up, test_through_tunnel, fixture_tear_down);
  g_test_add ("/ssh/failures", Fixture, NULL, fixture_set_up, test_failures, fixture_tear_down);
  g_test_add ("/ssh/no-ssh", Fixture, NULL, fixture_set_up, test_no_ssh, fixture_tear_down);

  {
    int status = g_test_run ();

    remove_tree (runtime);
    return status;
  }
}
