#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "common/i18n.h"

int
cmd_init(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "shared", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	enum store_open_mode mode = STORE_OPEN_CREATE;
	struct store *st;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 's') {
			error_set(err, ERR_USAGE, _("usage: prescripcare init [--shared]"));
			return -1;
		}
		mode = STORE_OPEN_CREATE_SHARED;
	}
	if (optind != argc) {
		error_set(err, ERR_USAGE, _("usage: prescripcare init [--shared]"));
		return -1;
	}
	if (cli_open_store(cli, &st, mode, err) != 0)
		return -1;
	if (cli_after_init(cli, st, err) != 0) {
		store_close(st);
		return -1;
	}
	printf(_("Store ready at %s (schema %d).\n"), store_path(st),
	    store_schema_version(st, err));
	store_close(st);
	return 0;
}

int
cmd_doctor(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct store_check checks[16];
	struct store *st;
	bool quick = argc == 2 && strcmp(argv[1], "--quick") == 0;
	int n, failed = 0;

	if (argc != 1 && !quick) {
		error_set(err, ERR_USAGE,
		    _("usage: prescripcare doctor [--quick]"));
		return -1;
	}
	if (cli_open_store(cli, &st, STORE_OPEN_EXISTING, err) != 0)
		return -1;
	n = store_doctor(st, quick, checks, 16, err);
	store_close(st);
	if (n < 0)
		return -1;

	for (int i = 0; i < n; i++) {
		printf("%-16s %-8s %s\n", checks[i].name,
		    checks[i].ok ? _("ok") : _("PROBLEM"), checks[i].detail);
		failed += !checks[i].ok;
	}
	if (failed > 0) {
		error_set(err, ERR_STORE,
		    _("%d check(s) found a problem with %s"), failed,
		    cli->db_path);
		return -1;
	}
	return 0;
}

int
cmd_backup(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct store *st;
	int rc;

	if (argc != 2 || argv[1][0] == '-') {
		error_set(err, ERR_USAGE, _("usage: prescripcare backup FILE"));
		return -1;
	}
	if (cli_open_store(cli, &st, STORE_OPEN_EXISTING, err) != 0)
		return -1;
	rc = store_backup(st, argv[1], err);
	store_close(st);
	if (rc != 0)
		return -1;
	printf(_("Backup written to %s.\n"), argv[1]);
	return 0;
}
