#ifndef PC_COMMANDS_H
#define PC_COMMANDS_H

#include "cli/cli.h"

struct screen_finding;

/*
 * One function per command of the command line.  Each returns the exit
 * status, or -1 with err filled.
 */
int cmd_init(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_doctor(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_backup(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_useradd(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_usermod(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_passwd(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_totp(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_audit(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_person(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_profile(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_allergy(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_condition(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_grant(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_revoke(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_grants(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_provider(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_providers(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_pharmacy(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_med(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_fill(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_today(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_take(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_skip(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_snooze(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_undo(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_history(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_adherence(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_refills(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_archive(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_travel(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_demo(struct cli *cli, int argc, char **argv, struct error *err);

/* Fills err with "usage: prescripcare <text>" and returns -1. */
int cli_usage_error(struct error *err, const char *text);
int cmd_check(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_search(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_about(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_import(struct cli *cli, int argc, char **argv, struct error *err);
int cmd_remind(struct cli *cli, int argc, char **argv, struct error *err);

/* Work that follows the creation of a store, such as loading reference data. */
int cli_after_init(struct cli *cli, struct store *st, struct error *err);

/*
 * Loads the shipped drug catalogue into an open store when it is newer
 * than the store's; a failure is a warning on stderr, never fatal.
 */
int cli_refresh_catalogue(struct cli *cli, struct store *st);

/*
 * Fills err with "unknown drug" and the nearest names the search finds,
 * and returns -1.
 */
int cli_unknown_drug(struct store *st, const char *name, struct error *err);

/*
 * Prints a screening finding as "check" does: severity, conflict code,
 * drugs, then its rule, effect, mechanism, management and source.
 */
void cli_print_finding(const struct screen_finding *f);

#endif
