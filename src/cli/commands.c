#include "config.h"

#include "cli/commands.h"

#include "common/i18n.h"

/* The command table: a new command is one row here. */
const struct cli_command cli_commands[] = {
	{ "init", cmd_init, "[--shared]",
	    N_("create the store (group-shared with --shared)") },
	{ "doctor", cmd_doctor, "",
	    N_("check the store's integrity, schema and permissions") },
	{ "backup", cmd_backup, "FILE",
	    N_("copy the store to FILE, safely while others write") },
	{ "remind", cmd_remind, "--daemon [--command CMD]",
	    N_("deliver reminders through a command, without a terminal") },
	{ NULL, NULL, NULL, NULL }
};

int
cli_after_init(struct cli *cli, struct store *st, struct error *err)
{
	(void)cli;
	(void)st;
	(void)err;
	return 0;
}
