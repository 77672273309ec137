#include "config.h"

#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "ui/ui.h"

enum { OPT_DB = 1000, OPT_USER, OPT_PERSON, OPT_PASSWORD_FD, OPT_VERSION,
    OPT_HELP };

/* Options that mean the same before or after the command's name. */
static const struct option global_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "user", required_argument, NULL, OPT_USER },
	{ "person", required_argument, NULL, OPT_PERSON },
	{ "password-fd", required_argument, NULL, OPT_PASSWORD_FD },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

void
cli_usage(FILE *fp, const char *program)
{
	fprintf(fp, _("Usage: %s [OPTION]... [COMMAND [ARG]...]\n"), program);
	fputs(_("Without a command, starts the terminal interface.\n\n"), fp);
	fputs(_("Commands:\n"), fp);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(fp, "  %-10s %-28s %s\n", c->name, c->args,
		    _(c->summary));
	fputs(_("\nOptions:\n"
	    "  --db PATH         use the store at PATH\n"
	    "  --user EMAIL      act as this account\n"
	    "  --person NAME     act on this person's record\n"
	    "  --password-fd N   read the password from file descriptor N\n"
	    "  --version         print the version and exit\n"
	    "  --help            print this help and exit\n"), fp);
	fputs(_("\nSee prescripcare(1) for details and exit statuses.\n"), fp);
}

static const struct option *
find_global(const char *arg, const char **value)
{
	size_t len;

	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	arg += 2;
	len = strcspn(arg, "=");
	for (const struct option *o = global_options; o->name; o++) {
		if (strlen(o->name) == len && strncmp(o->name, arg, len) == 0) {
			*value = arg[len] == '=' ? arg + len + 1 : NULL;
			return o;
		}
	}
	return NULL;
}

static int
apply_global(struct cli *cli, int opt, const char *value, struct error *err)
{
	long fd;

	switch (opt) {
	case OPT_DB:
		if (str_copy(cli->db_path, sizeof cli->db_path, value) != 0) {
			error_set(err, ERR_USAGE, _("the store's path is too long"));
			return -1;
		}
		return 0;
	case OPT_USER:
		cli->user_email = value;
		return 0;
	case OPT_PERSON:
		cli->person = value;
		return 0;
	case OPT_PASSWORD_FD:
		if (str_to_long(value, &fd) != 0 || fd < 0 || fd > 1024) {
			error_set(err, ERR_USAGE,
			    _("--password-fd needs a file descriptor number, not \"%s\""),
			    value);
			return -1;
		}
		cli->password_fd = (int)fd;
		return 0;
	}
	return 0;
}

/*
 * Takes the global options out of argv wherever they stand, so that
 * "prescripcare today --user a@b" and "prescripcare --user a@b today"
 * mean the same.  Returns the new argc, or -1 with err filled; sets
 * *action to OPT_VERSION or OPT_HELP when one of those was asked for.
 */
static int
extract_globals(struct cli *cli, int argc, char **argv, int *action,
    struct error *err)
{
	int out = 1;

	for (int i = 1; i < argc; i++) {
		const struct option *o;
		const char *value = NULL;

		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		o = find_global(argv[i], &value);
		if (o == NULL) {
			argv[out++] = argv[i];
			continue;
		}
		if (o->has_arg == no_argument) {
			*action = o->val;
			continue;
		}
		if (value == NULL) {
			if (i + 1 >= argc) {
				error_set(err, ERR_USAGE,
				    _("option --%s needs a value"), o->name);
				return -1;
			}
			value = argv[++i];
		}
		if (apply_global(cli, o->val, value, err) != 0)
			return -1;
	}
	argv[out] = NULL;
	return out;
}

int
cli_open_store(struct cli *cli, struct store **st, enum store_open_mode mode,
    struct error *err)
{
	if (store_open(st, cli->db_path, mode, err) != 0)
		return -1;
	if (mode == STORE_OPEN_EXISTING)
		cli_refresh_catalogue(cli, *st);
	return 0;
}

static int
choose_store_path(struct cli *cli, struct error *err)
{
	const char *configured;

	if (cli->db_path[0] != '\0')
		return 0;
	configured = settings_text(&cli->cfg, CFG_DB);
	if (configured != NULL) {
		if (str_copy(cli->db_path, sizeof cli->db_path,
		    configured) != 0) {
			error_set(err, ERR_USAGE,
			    _("the store's path is too long"));
			return -1;
		}
		return 0;
	}
	return settings_default_db_path(cli->db_path, sizeof cli->db_path, err);
}

static const struct cli_command *
find_command(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

static int
run(struct cli *cli, int argc, char **argv, struct error *err)
{
	const struct cli_command *cmd;
	int action = 0;
	char why[256];

	argc = extract_globals(cli, argc, argv, &action, err);
	if (argc < 0)
		return -1;
	if (action == OPT_VERSION) {
		printf("prescripcare %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (action == OPT_HELP) {
		cli_usage(stdout, cli->program);
		return 0;
	}
	if (clock_from_environment(&cli->clock, why, sizeof why) != 0) {
		error_set(err, ERR_USAGE, "%s", why);
		return -1;
	}
	if (settings_load(&cli->cfg, err) != 0 ||
	    choose_store_path(cli, err) != 0)
		return -1;

	if (argc < 2)
		return ui_main(cli, err);
	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		error_set(err, ERR_USAGE,
		    _("unknown command \"%s\"; \"prescripcare --help\" lists them"),
		    argv[1]);
		return -1;
	}
	return cmd->run(cli, argc - 1, argv + 1, err);
}

int
cli_main(int argc, char **argv)
{
	struct cli cli;
	struct error err;
	int status;

	memset(&cli, 0, sizeof cli);
	error_clear(&err);
	settings_defaults(&cli.cfg);
	cli.password_fd = -1;
	cli.program = "prescripcare";

	status = run(&cli, argc, argv, &err);
	if (status < 0) {
		fprintf(stderr, "prescripcare: %s\n", err.text);
		status = error_exit_status(err.kind);
	}
	settings_free(&cli.cfg);
	return status;
}
