/* flt-fuzz-smoke.c: runs a fuzz target without libFuzzer, for the test suite
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Linked with one fuzz-*.c in place of libFuzzer's main(): it feeds the
 * target every seed and regression file it is given, then mutated copies
 * of them made with a fixed-seed PRNG, so that a run is the same every
 * time.  It prints TAP; an input that breaks an invariant aborts the
 * program, and the line before says which one it was.
 *
 *   smoke-NAME [--corpus-kind=KIND] [--mutations=N] [--seed=N] PATH...
 *
 * PATH is a file or a folder of inputs.  --corpus-kind adds the files of
 * that kind from $FLOTILLA_CORPUS_DIR/MANIFEST.tsv (the shared corpus,
 * which the suite skips when it is absent).
 *
 * In an AddressSanitizer build, FLT_FUZZ_SMOKE_LEAKS=DIR checks for leaks
 * after every input until one leaks, and keeps that input in DIR to be
 * replayed alone (a leak is otherwise reported at exit, without the input
 * that made it; and once one is there, every later check reports it
 * again).
 */

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "flt-fuzz.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define HAVE_LSAN 1
#endif
#endif

#define MAX_MUTATED_SIZE (64 * 1024)
#define BATCH            500

typedef struct
{
  char   *name;
  GBytes *bytes;
} Input;

static void
input_free (gpointer data)
{
  Input *input = data;

  g_free (input->name);
  g_bytes_unref (input->bytes);
  g_free (input);
}

static guint test_number;

/* The input being run, saved by the crash handler so that a failing
 * mutation can be replayed: smoke-NAME FILE --mutations=0. */
static const guint8 *current_data;
static gsize current_size;
static char *crash_file;

static void
on_crash (int signal_number)
{
  int fd = open (crash_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  if (fd >= 0)
    {
      gsize done = 0;

      while (done < current_size)
        {
          ssize_t n = write (fd, current_data + done, current_size - done);

          if (n <= 0)
            break;
          done += n;
        }
      close (fd);
      (void) !write (STDERR_FILENO, "the input is saved in ", 22);
      (void) !write (STDERR_FILENO, crash_file, strlen (crash_file));
      (void) !write (STDERR_FILENO, "\n", 1);
    }

  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

static void
run_input (const guint8 *data,
           gsize         size)
{
  current_data = data;
  current_size = size;
  LLVMFuzzerTestOneInput (data, size);
  current_data = NULL;
  current_size = 0;

#ifdef HAVE_LSAN
  {
    static gboolean leaked;
    const char *dir = g_getenv ("FLT_FUZZ_SMOKE_LEAKS");

    if (dir != NULL && !leaked && __lsan_do_recoverable_leak_check ())
      {
        g_autofree char *path = g_build_filename (dir, "first-leak", NULL);

        leaked = TRUE;
        g_file_set_contents (path, (const char *) data, size, NULL);
        fprintf (stderr, "# the input above leaked: kept as %s\n", path);
      }
  }
#endif
}

static void
add_file (GPtrArray  *inputs,
          const char *path,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  Input *input;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      printf ("not ok %u - read %s: %s\n", ++test_number, name, error->message);
      return;
    }

  input = g_new0 (Input, 1);
  input->name = g_strdup (name);
  input->bytes = g_bytes_new_take (contents, length);
  g_ptr_array_add (inputs, input);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_path (GPtrArray  *inputs,
          const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        add_file (inputs, path, path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;

  /* In name order, so that every run is the same. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_equal (name, "README.md"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *shown = g_build_filename (base, g_ptr_array_index (names, i), NULL);

      if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        add_file (inputs, file, shown);
    }
}

/* The files of @kind listed in the shared corpus's MANIFEST.tsv. */
static guint
add_corpus (GPtrArray  *inputs,
            const char *kind)
{
  const char *dir = g_getenv ("FLOTILLA_CORPUS_DIR");
  g_autofree char *manifest = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint added = 0;

  if (dir == NULL)
    return 0;
  manifest = g_build_filename (dir, "MANIFEST.tsv", NULL);
  if (!g_file_get_contents (manifest, &contents, NULL, NULL))
    return 0;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      g_autofree char *path = NULL;
      g_autofree char *shown = NULL;

      if (g_strv_length (fields) < 6 || !g_str_equal (fields[5], kind))
        continue;
      path = g_build_filename (dir, fields[0], NULL);
      shown = g_build_filename ("corpus", fields[0], NULL);
      add_file (inputs, path, shown);
      added++;
    }

  return added;
}

/* Bytes that mean something to at least one of the parsers. */
static const guint8 interesting_bytes[] = {
  0x00, 0xff, 0x7f, 0x80, 0xc3, 0xe2, '\n', '\r', '\t', ' ', ':', '-', '#', '$',
  '{', '}', '[', ']', '"', '\'', '&', '*', '|', '>', '\\', ',', '?', '!', '=',
};

#define TOKEN(s) { s, sizeof s - 1 }
static const struct
{
  const char *text;
  gsize       length;   /* some hold NUL bytes */
} tokens[] = {
  TOKEN ("\r\n"), TOKEN ("\n  "), TOKEN ("- "), TOKEN (": "), TOKEN ("${"), TOKEN ("}"),
  TOKEN ("$$"), TOKEN ("${A:-"), TOKEN ("${A:?"), TOKEN ("<<: *a"), TOKEN ("&a "), TOKEN ("*a"),
  TOKEN ("|\n"), TOKEN (">-\n"), TOKEN ("\""), TOKEN ("'"), TOKEN ("\\u00e9"), TOKEN ("\\x"),
  TOKEN ("{\"a\":[1,"), TOKEN ("]}"), TOKEN ("null"), TOKEN ("\xef\xbb\xbf"),
  TOKEN ("\xe2\x84\xaa"), TOKEN ("\xc5\xbf"), TOKEN ("export "), TOKEN ("#"), TOKEN (" #"),
  TOKEN ("\t"), TOKEN ("\x01\x00\x00\x00\x00\x00\x00\x05"),
  TOKEN ("\x02\x00\x00\x00\x00\x00\x01\x00"), TOKEN ("2026-11-28T13:07:28.134801231Z "),
  TOKEN ("services:\n  web:\n    image: x\n"),
};

static void
mutate_once (GByteArray *data,
             GRand      *rand,
             GPtrArray  *inputs)
{
  guint len = data->len;

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0: /* flip a bit */
      if (len > 0)
        data->data[g_rand_int_range (rand, 0, len)] ^= 1 << g_rand_int_range (rand, 0, 8);
      break;

    case 1: /* an interesting byte */
      if (len > 0)
        data->data[g_rand_int_range (rand, 0, len)] =
          interesting_bytes[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting_bytes))];
      break;

    case 2: /* insert random bytes */
      {
        guint n = g_rand_int_range (rand, 1, 9);
        guint at = g_rand_int_range (rand, 0, len + 1);

        g_byte_array_set_size (data, len + n);
        memmove (data->data + at + n, data->data + at, len - at);
        for (guint i = 0; i < n; i++)
          data->data[at + i] = g_rand_int_range (rand, 0, 256);
      }
      break;

    case 3: /* delete a range */
      if (len > 0)
        {
          guint at = g_rand_int_range (rand, 0, len);
          guint n = g_rand_int_range (rand, 1, MIN (len - at, 64) + 1);

          g_byte_array_remove_range (data, at, n);
        }
      break;

    case 4: /* copy a range elsewhere */
      if (len > 0 && len < MAX_MUTATED_SIZE)
        {
          guint from = g_rand_int_range (rand, 0, len);
          guint n = g_rand_int_range (rand, 1, MIN (len - from, 256) + 1);
          guint to = g_rand_int_range (rand, 0, len + 1);
          g_autofree guint8 *copy = g_memdup2 (data->data + from, n);

          g_byte_array_set_size (data, len + n);
          memmove (data->data + to + n, data->data + to, len - to);
          memcpy (data->data + to, copy, n);
        }
      break;

    case 5: /* splice with another input */
      {
        Input *other = g_ptr_array_index (inputs, g_rand_int_range (rand, 0, inputs->len));
        gsize other_len = 0;
        const guint8 *other_data = g_bytes_get_data (other->bytes, &other_len);
        guint cut = g_rand_int_range (rand, 0, len + 1);
        gsize from = other_len > 0 ? (gsize) g_rand_int_range (rand, 0, other_len) : 0;

        g_byte_array_set_size (data, cut);
        g_byte_array_append (data, other_data + from, MIN (other_len - from, MAX_MUTATED_SIZE / 2));
      }
      break;

    case 6: /* insert a token */
      {
        guint t = g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens));
        gsize n = tokens[t].length;
        guint at = g_rand_int_range (rand, 0, len + 1);

        g_byte_array_set_size (data, len + n);
        memmove (data->data + at + n, data->data + at, len - at);
        memcpy (data->data + at, tokens[t].text, n);
      }
      break;

    case 7: /* truncate */
    default:
      if (len > 0)
        g_byte_array_set_size (data, g_rand_int_range (rand, 0, len));
      break;
    }

  if (data->len > MAX_MUTATED_SIZE)
    g_byte_array_set_size (data, MAX_MUTATED_SIZE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (input_free);
  g_autoptr(GRand) rand = NULL;
  const char *corpus_kind = NULL;
  guint mutations = 2000;
  guint32 seed = 20261128;

  LLVMFuzzerInitialize (&argc, &argv);

  {
    g_autofree char *base = g_path_get_basename (argv[0]);
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *file = g_strconcat (base, "-crash-input", NULL);

    crash_file = g_build_filename (cwd, file, NULL);
    signal (SIGABRT, on_crash);
    signal (SIGSEGV, on_crash);
    signal (SIGBUS, on_crash);
    signal (SIGFPE, on_crash);
    signal (SIGILL, on_crash);
  }

  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--corpus-kind="))
        corpus_kind = argv[i] + strlen ("--corpus-kind=");
      else if (g_str_has_prefix (argv[i], "--mutations="))
        mutations = (guint) g_ascii_strtoull (argv[i] + strlen ("--mutations="), NULL, 10);
      else if (g_str_has_prefix (argv[i], "--seed="))
        seed = (guint32) g_ascii_strtoull (argv[i] + strlen ("--seed="), NULL, 10);
      else if (g_str_equal (argv[i], "--tap"))
        ;
      else
        add_path (inputs, argv[i]);
    }

  if (corpus_kind != NULL && add_corpus (inputs, corpus_kind) == 0)
    printf ("# no shared corpus (FLOTILLA_CORPUS_DIR): only the committed seeds run\n");

  /* Each input on its own first, named, so that a failure says which. */
  for (guint i = 0; i < inputs->len; i++)
    {
      Input *input = g_ptr_array_index (inputs, i);
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (input->bytes, &length);

      printf ("# %s\n", input->name);
      fflush (stdout);
      run_input (data, length);
      printf ("ok %u - %s\n", ++test_number, input->name);
    }

  if (inputs->len == 0)
    {
      printf ("not ok %u - no inputs to mutate\n", ++test_number);
      printf ("1..%u\n", test_number);
      return 1;
    }

  printf ("# %u mutated inputs\n", mutations);
  fflush (stdout);
  rand = g_rand_new_with_seed (seed);
  for (guint done = 0; done < mutations; )
    {
      guint batch = MIN (BATCH, mutations - done);

      for (guint j = 0; j < batch; j++)
        {
          Input *input = g_ptr_array_index (inputs, g_rand_int_range (rand, 0, inputs->len));
          gsize length = 0;
          const guint8 *data = g_bytes_get_data (input->bytes, &length);
          g_autoptr(GByteArray) mutated = g_byte_array_sized_new (length + 64);
          guint n = g_rand_int_range (rand, 1, 7);

          g_byte_array_append (mutated, data, MIN (length, MAX_MUTATED_SIZE));
          for (guint k = 0; k < n; k++)
            mutate_once (mutated, rand, inputs);

          /* Enough to redo it by hand: the seed and the input number. */
          if (g_getenv ("FLT_FUZZ_SMOKE_VERBOSE") != NULL)
            printf ("# mutation %u of %s (--seed=%u)\n", done + j + 1, input->name, seed);
          run_input (mutated->data, mutated->len);
        }

      printf ("ok %u - mutated inputs %u to %u (seed %u)\n", ++test_number, done + 1, done + batch, seed);
      fflush (stdout);
      done += batch;
    }

  printf ("1..%u\n", test_number);
  return 0;
}
