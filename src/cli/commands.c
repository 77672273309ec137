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
	{ "check", cmd_check, "DRUG... [--allergy A] [--condition ICD10]",
	    N_("screen drugs for interactions, allergies, conditions, food and duplicates") },
	{ "search", cmd_search, "TERM... [--limit N]",
	    N_("find drugs by generic or brand name, typos forgiven") },
	{ "about", cmd_about, "",
	    N_("show the drug catalogue's version and sources") },
	{ "import", cmd_import, "rxnorm DIR | interactions FILE",
	    N_("import RxNorm release files or interaction rules") },
	{ NULL, NULL, NULL, NULL }
};

