#ifndef PC_CLI_H
#define PC_CLI_H

#include <stdio.h>

#include "common/clock.h"
#include "common/settings.h"
#include "common/error.h"
#include "store/store.h"

/* What every command receives: the settings and the global options. */
struct cli {
	struct settings cfg;
	struct clock clock;
	char db_path[4096];
	const char *user_email;		/* --user */
	const char *person;		/* --person */
	int password_fd;		/* --password-fd, or -1 */
	char origin[46];		/* SSH client address, or "" */
	char common_passwords[4096];	/* path of the refused list */
	const char *program;		/* argv[0], for messages */
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv, struct error *err);
	const char *args;		/* usage after the name */
	const char *summary;		/* one line for --help, translated */
};

/* Every command, in the order --help lists them; ends with a NULL name. */
extern const struct cli_command cli_commands[];

/* Runs the whole command line and returns the process exit status. */
int cli_main(int argc, char **argv);

/* Opens the chosen store, creating it only when mode says so. */
int cli_open_store(struct cli *cli, struct store **st,
    enum store_open_mode mode, struct error *err);

/* Prints the list of commands and options to fp. */
void cli_usage(FILE *fp, const char *program);

#endif
