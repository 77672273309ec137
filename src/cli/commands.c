#include "config.h"

#include "cli/commands.h"

#include "common/i18n.h"

/* The command table: a new command is one row here. */
const struct cli_command cli_commands[] = {
	{ "init", cmd_init, "[--shared]",
	    N_("create the store (group-shared with --shared)") },
	{ "doctor", cmd_doctor, "[--quick]",
	    N_("check the store's integrity, schema and permissions") },
	{ "backup", cmd_backup, "FILE",
	    N_("copy the store to FILE, safely while others write") },
	{ "useradd", cmd_useradd, "EMAIL [--admin]",
	    N_("create an account (the first one administers the store)") },
	{ "usermod", cmd_usermod, "EMAIL --status S|--unlock",
	    N_("suspend, reactivate or unlock an account (admin)") },
	{ "passwd", cmd_passwd, "[--recover]",
	    N_("change the password, or replace it with the recovery code") },
	{ "totp", cmd_totp, "enable|disable",
	    N_("turn two-factor login with one-time codes on or off") },
	{ "person", cmd_person, "add|list",
	    N_("add someone you look after, or list who you may see") },
	{ "profile", cmd_profile, "[--set FIELD=VALUE]...",
	    N_("show or change a person's profile") },
	{ "allergy", cmd_allergy, "add|list|remove",
	    N_("record, list or remove allergies") },
	{ "condition", cmd_condition, "add|list|remove",
	    N_("record, list or remove medical conditions") },
	{ "grant", cmd_grant, "EMAIL --can PERMS",
	    N_("let another account see or help with a record") },
	{ "revoke", cmd_revoke, "EMAIL",
	    N_("end another account's access to a record") },
	{ "grants", cmd_grants, "",
	    N_("list who else has access to a record") },
	{ "provider", cmd_provider, "add|list|link|unlink",
	    N_("keep the provider directory; link providers to a record") },
	{ "providers", cmd_providers, "",
	    N_("list the providers linked to a record") },
	{ "pharmacy", cmd_pharmacy, "add|list",
	    N_("keep the directory of pharmacies that fills name") },
	{ "med", cmd_med, "add|list|pause|resume|stop",
	    N_("add, list, pause, resume or stop medications") },
	{ "fill", cmd_fill, "add MED --quantity Q ...",
	    N_("record a fill from the pharmacy") },
	{ "today", cmd_today, "[--date DATE]",
	    N_("list the day's doses and what is recorded") },
	{ "take", cmd_take, "MED [--at TIME] [--confirm]",
	    N_("record a dose as taken") },
	{ "skip", cmd_skip, "MED --reason R",
	    N_("record a dose as skipped, and why") },
	{ "snooze", cmd_snooze, "MED [--minutes 5|10|30]",
	    N_("put a due dose off for a few minutes") },
	{ "undo", cmd_undo, "[MED]",
	    N_("undo the last dose you recorded") },
	{ "history", cmd_history, "[--from D] [--format csv]",
	    N_("every dose in a range, as text or CSV") },
	{ "adherence", cmd_adherence, "[--by P] [--format F]",
	    N_("adherence by period, streaks, PDC and MPR") },
	{ "refills", cmd_refills, "",
	    N_("supply on hand, run-out dates and refills due") },
	{ "archive", cmd_archive, "",
	    N_("move old dose records to the archive") },
	{ "travel", cmd_travel, "ZONE|home [--from DATE]",
	    N_("follow local time while away, or home time again") },
	{ "audit", cmd_audit, "[--limit N]",
	    N_("read the audit log (admin)") },
	{ "demo", cmd_demo, "",
	    N_("fill a new store with a made-up household") },
	{ "check", cmd_check, "DRUG... [--allergy A] [--condition ICD10]",
	    N_("screen drugs for interactions, allergies, conditions, food and duplicates") },
	{ "search", cmd_search, "TERM... [--limit N]",
	    N_("find drugs by generic or brand name, typos forgiven") },
	{ "about", cmd_about, "",
	    N_("show the drug catalogue's version and sources") },
	{ "import", cmd_import, "rxnorm DIR | interactions FILE",
	    N_("import RxNorm release files or interaction rules") },
	{ "remind", cmd_remind, "--daemon [--command CMD]",
	    N_("deliver reminders through a command, without a terminal") },
	{ NULL, NULL, NULL, NULL }
};

int
cli_usage_error(struct error *err, const char *text)
{
	error_set(err, ERR_USAGE, _("usage: prescripcare %s"), text);
	return -1;
}
