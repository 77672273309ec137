#ifndef PC_SETTINGS_H
#define PC_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"

/*
 * Settings come, in rising order of precedence, from built-in defaults,
 * /etc/prescripcare.conf, $XDG_CONFIG_HOME/prescripcare/config, the
 * environment and the command line.  The table in settings.c names every
 * setting once, with its type, limits and help.
 */

enum setting_key {
	CFG_DB,
	CFG_IDLE_LOCK_MINUTES,
	CFG_GRACE_MINUTES,
	CFG_UNDO_MINUTES,
	CFG_REFILL_TOO_SOON_PERCENT,
	CFG_REFILL_WARN_DAYS,
	CFG_ARCHIVE_AFTER_DAYS,
	CFG_REMIND_COMMAND,
	CFG_PID_FILE,
	CFG_COUNT
};

struct settings {
	char *text[CFG_COUNT];	/* owned; NULL when a number */
	long number[CFG_COUNT];
	bool is_set[CFG_COUNT];	/* given by a file, env or option */
};

/* Fills every setting with its built-in default. */
void settings_defaults(struct settings *cfg);

/*
 * Reads one "key = value" file.  A missing file is not an error; a line
 * that names an unknown key or a value out of range is, with its number.
 */
int settings_read_file(struct settings *cfg, const char *path, struct error *err);

/* Reads the system file, then the user's file, then PRESCRIPCARE_DB. */
int settings_load(struct settings *cfg, struct error *err);

/* Sets one setting from text, checking its type and limits. */
int settings_set(struct settings *cfg, const char *key, const char *value,
    struct error *err);

/* Finds a setting by its name in the file, or returns CFG_COUNT. */
enum setting_key settings_key_by_name(const char *name);

const char *settings_text(const struct settings *cfg, enum setting_key key);
long settings_number(const struct settings *cfg, enum setting_key key);

/* The store's path when nobody chose one: under $XDG_DATA_HOME. */
int settings_default_db_path(char *buf, size_t size, struct error *err);

/*
 * The path of a shipped data file: under PRESCRIPCARE_DATADIR when that
 * is set (tests and uninstalled builds), else the installed data folder.
 */
int settings_data_file(const char *name, char *buf, size_t size,
    struct error *err);

/* Frees the texts a configuration owns. */
void settings_free(struct settings *cfg);

#endif
