/* flt-environment.c
 *
 * Copyright 2026 The Flotilla authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "flt-dotenv.h"
#include "flt-environment.h"

typedef struct
{
  char              *value;
  FltVariableSource  source;
} Variable;

struct _FltEnvironment
{
  GObject     parent_instance;

  GHashTable *variables;    /* name -> Variable */
  char       *dotenv_path;
};

G_DEFINE_FINAL_TYPE (FltEnvironment, flt_environment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOTENV_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
variable_free (gpointer data)
{
  Variable *variable = data;

  g_free (variable->value);
  g_free (variable);
}

static void
flt_environment_finalize (GObject *object)
{
  FltEnvironment *self = (FltEnvironment *) object;

  g_clear_pointer (&self->variables, g_hash_table_unref);
  g_clear_pointer (&self->dotenv_path, g_free);

  G_OBJECT_CLASS (flt_environment_parent_class)->finalize (object);
}

static void
flt_environment_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FltEnvironment *self = FLT_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_DOTENV_PATH:
      g_value_set_string (value, self->dotenv_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flt_environment_class_init (FltEnvironmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = flt_environment_finalize;
  object_class->get_property = flt_environment_get_property;

  /**
   * FltEnvironment:dotenv-path:
   *
   * The file last loaded with flt_environment_load_dotenv(), or %NULL.
   */
  properties[PROP_DOTENV_PATH] =
    g_param_spec_string ("dotenv-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
flt_environment_init (FltEnvironment *self)
{
  self->variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, variable_free);
}

/**
 * flt_environment_new:
 *
 * Returns: (transfer full): an environment with no variable
 */
FltEnvironment *
flt_environment_new (void)
{
  return g_object_new (FLT_TYPE_ENVIRONMENT, NULL);
}

/**
 * flt_environment_new_from_process:
 *
 * Returns: (transfer full): an environment holding the variables of the
 *   process environment, with the source %FLT_VARIABLE_FROM_ENVIRONMENT
 */
FltEnvironment *
flt_environment_new_from_process (void)
{
  FltEnvironment *self = flt_environment_new ();
  g_auto(GStrv) process_env = g_get_environ ();

  for (guint i = 0; process_env[i] != NULL; i++)
    {
      const char *equals = strchr (process_env[i], '=');
      g_autofree char *name = NULL;

      /* Skip malformed entries and Windows' hidden "=C:" ones */
      if (equals == NULL || equals == process_env[i])
        continue;

      name = g_strndup (process_env[i], equals - process_env[i]);
      flt_environment_set (self, name, equals + 1, FLT_VARIABLE_FROM_ENVIRONMENT);
    }

  return self;
}

/**
 * flt_environment_copy:
 * @self: a #FltEnvironment
 *
 * Returns: (transfer full): a new environment with the same variables,
 *   sources and dotenv path
 */
FltEnvironment *
flt_environment_copy (FltEnvironment *self)
{
  FltEnvironment *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (FLT_IS_ENVIRONMENT (self), NULL);

  copy = flt_environment_new ();
  copy->dotenv_path = g_strdup (self->dotenv_path);

  g_hash_table_iter_init (&iter, self->variables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Variable *variable = value;

      flt_environment_set (copy, key, variable->value, variable->source);
    }

  return copy;
}

/**
 * flt_environment_set:
 * @self: a #FltEnvironment
 * @name: a variable name
 * @value: (nullable): its value; %NULL unsets the variable
 * @source: where the value comes from
 *
 * Sets a variable, replacing any earlier value.
 */
void
flt_environment_set (FltEnvironment    *self,
                     const char        *name,
                     const char        *value,
                     FltVariableSource  source)
{
  Variable *variable;

  g_return_if_fail (FLT_IS_ENVIRONMENT (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (value == NULL)
    {
      flt_environment_unset (self, name);
      return;
    }

  variable = g_new0 (Variable, 1);
  variable->value = g_strdup (value);
  variable->source = source;
  g_hash_table_replace (self->variables, g_strdup (name), variable);
}

/**
 * flt_environment_unset:
 * @self: a #FltEnvironment
 * @name: a variable name
 *
 * Removes a variable, if it is set.
 */
void
flt_environment_unset (FltEnvironment *self,
                       const char     *name)
{
  g_return_if_fail (FLT_IS_ENVIRONMENT (self));
  g_return_if_fail (name != NULL);

  g_hash_table_remove (self->variables, name);
}

/**
 * flt_environment_lookup:
 * @self: a #FltEnvironment
 * @name: a variable name
 * @source: (out) (optional): where the value comes from;
 *   %FLT_VARIABLE_UNSET when the variable is not set
 *
 * Returns: (nullable) (transfer none): the variable's value, "" when it is
 *   set but empty, %NULL when it is not set
 */
const char *
flt_environment_lookup (FltEnvironment    *self,
                        const char        *name,
                        FltVariableSource *source)
{
  const Variable *variable;

  g_return_val_if_fail (FLT_IS_ENVIRONMENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  variable = g_hash_table_lookup (self->variables, name);

  if (source != NULL)
    *source = variable != NULL ? variable->source : FLT_VARIABLE_UNSET;

  return variable != NULL ? variable->value : NULL;
}

static const char *
lookup_for_dotenv (const char *name,
                   gpointer    user_data)
{
  return flt_environment_lookup (FLT_ENVIRONMENT (user_data), name, NULL);
}

/**
 * flt_environment_load_dotenv:
 * @self: a #FltEnvironment
 * @path: the .env file
 * @override: whether the file's variables replace variables already set
 * @error: return location for a #GError
 *
 * Adds the variables of a .env file with the source
 * %FLT_VARIABLE_FROM_DOTENV.
 *
 * Without @override, a variable already set (from the process environment,
 * say) keeps its value, as in Compose, where the environment wins over
 * `.env`; `${NAME}` in the file's values then also sees the environment's
 * value before the file's own.  With @override the file wins in both.
 *
 * A missing file is %G_FILE_ERROR_NOENT, which callers may ignore.  Parse
 * errors are #FLT_DOTENV_ERROR or #FLT_INTERPOLATE_ERROR with a message
 * starting with "PATH:LINE: ".  On error nothing changes.
 *
 * Returns: %TRUE on success
 */
gboolean
flt_environment_load_dotenv (FltEnvironment  *self,
                             const char      *path,
                             gboolean         override,
                             GError         **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (FLT_IS_ENVIRONMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entries = flt_dotenv_parse_file (path,
                                   override ? FLT_DOTENV_FLAGS_FILE_FIRST : FLT_DOTENV_FLAGS_NONE,
                                   lookup_for_dotenv, self,
                                   NULL, error);
  if (entries == NULL)
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      const FltDotenvEntry *entry = g_ptr_array_index (entries, i);

      /* "NAME" alone only repeats a variable that is already here */
      if (entry->inherited || entry->value == NULL)
        continue;

      if (override || !g_hash_table_contains (self->variables, entry->name))
        flt_environment_set (self, entry->name, entry->value, FLT_VARIABLE_FROM_DOTENV);
    }

  if (g_strcmp0 (self->dotenv_path, path) != 0)
    {
      g_free (self->dotenv_path);
      self->dotenv_path = g_strdup (path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOTENV_PATH]);
    }

  return TRUE;
}

/**
 * flt_environment_get_dotenv_path:
 * @self: a #FltEnvironment
 *
 * Returns: (nullable): the file last loaded with
 *   flt_environment_load_dotenv(), or %NULL
 */
const char *
flt_environment_get_dotenv_path (FltEnvironment *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT (self), NULL);

  return self->dotenv_path;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * flt_environment_list_names:
 * @self: a #FltEnvironment
 *
 * Returns: (transfer full): the names of the variables, sorted bytewise
 */
GStrv
flt_environment_list_names (FltEnvironment *self)
{
  g_autofree const char **keys = NULL;
  guint n_keys = 0;
  GStrv names;

  g_return_val_if_fail (FLT_IS_ENVIRONMENT (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->variables, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_names);

  names = g_new0 (char *, n_keys + 1);
  for (guint i = 0; i < n_keys; i++)
    names[i] = g_strdup (keys[i]);

  return names;
}

/**
 * flt_environment_get_size:
 * @self: a #FltEnvironment
 *
 * Returns: the number of variables
 */
guint
flt_environment_get_size (FltEnvironment *self)
{
  g_return_val_if_fail (FLT_IS_ENVIRONMENT (self), 0);

  return g_hash_table_size (self->variables);
}
