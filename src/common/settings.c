#include "config.h"

#include "common/settings.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"

enum option_type { OPT_TEXT, OPT_NUMBER };

struct option_def {
	const char *name;
	enum option_type type;
	const char *default_text;
	long default_number;
	long min;
	long max;
};

/* One row per setting; the man page's CONFIGURATION section follows it. */
static const struct option_def options[CFG_COUNT] = {
	[CFG_DB] = { "db", OPT_TEXT, NULL, 0, 0, 0 },
	[CFG_IDLE_LOCK_MINUTES] = { "idle_lock_minutes", OPT_NUMBER, NULL,
	    15, 1, 24 * 60 },
	[CFG_GRACE_MINUTES] = { "grace_minutes", OPT_NUMBER, NULL,
	    60, 5, 24 * 60 },
	[CFG_UNDO_MINUTES] = { "undo_minutes", OPT_NUMBER, NULL,
	    48 * 60, 1, 30 * 24 * 60 },
	[CFG_REFILL_TOO_SOON_PERCENT] = { "refill_too_soon_percent",
	    OPT_NUMBER, NULL, 80, 50, 100 },
	[CFG_REFILL_WARN_DAYS] = { "refill_warn_days", OPT_NUMBER, NULL,
	    7, 0, 90 },
	[CFG_ARCHIVE_AFTER_DAYS] = { "archive_after_days", OPT_NUMBER, NULL,
	    730, 30, 36500 },
	[CFG_REMIND_COMMAND] = { "remind_command", OPT_TEXT, NULL, 0, 0, 0 },
	[CFG_PID_FILE] = { "pid_file", OPT_TEXT, NULL, 0, 0, 0 },
};

void
settings_defaults(struct settings *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	for (int i = 0; i < CFG_COUNT; i++)
		cfg->number[i] = options[i].default_number;
}

enum setting_key
settings_key_by_name(const char *name)
{
	for (int i = 0; i < CFG_COUNT; i++) {
		if (strcmp(options[i].name, name) == 0)
			return (enum setting_key)i;
	}
	return CFG_COUNT;
}

int
settings_set(struct settings *cfg, const char *key, const char *value,
    struct error *err)
{
	enum setting_key k = settings_key_by_name(key);
	const struct option_def *opt;
	long n;

	if (k == CFG_COUNT) {
		error_set(err, ERR_INVALID, _("unknown setting \"%s\""), key);
		return -1;
	}
	opt = &options[k];
	if (opt->type == OPT_TEXT) {
		char *copy = strdup(value);

		if (copy == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return -1;
		}
		free(cfg->text[k]);
		cfg->text[k] = copy;
		cfg->is_set[k] = true;
		return 0;
	}
	if (str_to_long(value, &n) != 0 || n < opt->min || n > opt->max) {
		error_set(err, ERR_INVALID,
		    _("%s must be a whole number from %ld to %ld, not \"%s\""),
		    key, opt->min, opt->max, value);
		return -1;
	}
	cfg->number[k] = n;
	cfg->is_set[k] = true;
	return 0;
}

int
settings_read_file(struct settings *cfg, const char *path, struct error *err)
{
	FILE *fp = fopen(path, "r");
	char line[PATH_MAX + 128];
	int lineno = 0;

	if (fp == NULL) {
		if (errno == ENOENT)
			return 0;
		error_set(err, ERR_IO, _("cannot read %s: %s"), path,
		    strerror(errno));
		return -1;
	}

	while (fgets(line, sizeof line, fp) != NULL) {
		char *key, *value, *eq;

		lineno++;
		key = str_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (eq == NULL) {
			error_set(err, ERR_INVALID,
			    _("%s:%d: expected \"name = value\""), path, lineno);
			fclose(fp);
			return -1;
		}
		*eq = '\0';
		key = str_trim(key);
		value = str_trim(eq + 1);
		if (settings_set(cfg, key, value, err) != 0) {
			char reason[sizeof err->text];

			snprintf(reason, sizeof reason, "%s", err->text);
			error_set(err, err->kind, "%s:%d: %s", path, lineno,
			    reason);
			fclose(fp);
			return -1;
		}
	}
	fclose(fp);
	return 0;
}

static int
user_config_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg != NULL && *xdg != '\0')
		n = snprintf(buf, size, "%s/prescripcare/config", xdg);
	else if (home != NULL && *home != '\0')
		n = snprintf(buf, size, "%s/.config/prescripcare/config", home);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
settings_load(struct settings *cfg, struct error *err)
{
	char path[PATH_MAX];
	const char *env_db;

	if (settings_read_file(cfg, SYSCONFDIR "/prescripcare.conf", err) != 0)
		return -1;
	if (user_config_path(path, sizeof path) == 0 &&
	    settings_read_file(cfg, path, err) != 0)
		return -1;
	env_db = getenv("PRESCRIPCARE_DB");
	if (env_db != NULL && *env_db != '\0')
		return settings_set(cfg, "db", env_db, err);
	return 0;
}

const char *
settings_text(const struct settings *cfg, enum setting_key key)
{
	return cfg->text[key];
}

long
settings_number(const struct settings *cfg, enum setting_key key)
{
	return cfg->number[key];
}

int
settings_default_db_path(char *buf, size_t size, struct error *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg != NULL && *xdg != '\0')
		n = snprintf(buf, size, "%s/prescripcare/prescripcare.db", xdg);
	else if (home != NULL && *home != '\0')
		n = snprintf(buf, size,
		    "%s/.local/share/prescripcare/prescripcare.db", home);
	else {
		error_set(err, ERR_USAGE,
		    _("neither XDG_DATA_HOME nor HOME is set; choose a store with --db PATH"));
		return -1;
	}
	if (n < 0 || (size_t)n >= size) {
		error_set(err, ERR_USAGE, _("the store's path is too long"));
		return -1;
	}
	return 0;
}

int
settings_data_file(const char *name, char *buf, size_t size,
    struct error *err)
{
	const char *dir = getenv("PRESCRIPCARE_DATADIR");
	int n;

	if (dir == NULL || *dir == '\0')
		dir = PKGDATADIR;
	n = snprintf(buf, size, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= size) {
		error_set(err, ERR_USAGE,
		    _("the data folder's path is too long: %s"), dir);
		return -1;
	}
	return 0;
}

void
settings_free(struct settings *cfg)
{
	for (int i = 0; i < CFG_COUNT; i++) {
		free(cfg->text[i]);
		cfg->text[i] = NULL;
	}
}
