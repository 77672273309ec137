#ifndef PC_COMMANDS_H
#define PC_COMMANDS_H

#include "cli/cli.h"

/*
 * One function per command of the command line.  Each returns the exit
 * status, or -1 with err filled.
 */
int cmd_init(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_doctor(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_backup(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_remind(struct cli *cli, int argc, char **argv, struct error *err);

/* Work that follows the creation of a store, such as loading reference data. */
int cli_after_init(struct cli *cli, struct store *st, struct error *err);

#endif
