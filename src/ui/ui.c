#include "config.h"

#include "ui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/auth.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "store/store_catalogue.h"
#include "ui/app.h"
#include "ui/services.h"
#include "ui/wire.h"

/*
 * How long the screen may stay idle before it locks, in seconds: the
 * idle_lock_minutes setting, or less when PRESCRIPCARE_IDLE_LOCK_SECONDS
 * asks for less.  That variable is a testing aid (documented in the man
 * page): an end-to-end test cannot wait minutes, and the clock tests pin
 * with PRESCRIPCARE_NOW stands still.  It can only shorten the wait, so
 * it never weakens the lock.
 */
static long
idle_lock_seconds(const struct cli *cli)
{
	long seconds = settings_number(&cli->cfg, CFG_IDLE_LOCK_MINUTES) * 60;
	const char *test = getenv("PRESCRIPCARE_IDLE_LOCK_SECONDS");
	long shorter;

	if (test != NULL && str_to_long(test, &shorter) == 0 && shorter > 0 &&
	    shorter < seconds)
		return shorter;
	return seconds;
}

/*
 * The catalogue's version, which the screens show beside the reminder
 * that they do not replace a professional's judgement, and its sources,
 * a page long, which the help screen lists after the keys.
 */
static void
describe_drug_data(struct store *st, struct app *app)
{
	struct error err;

	app->drug_sources[0] = '\0';
	if (store_catalogue_meta(st, "version", app->model.drug_data,
	    sizeof app->model.drug_data, &err) != 0) {
		app->model.drug_data[0] = '\0';
		return;
	}
	if (store_catalogue_meta(st, "sources", app->drug_sources,
	    sizeof app->drug_sources, &err) != 0)
		app->drug_sources[0] = '\0';
}

static int
run(struct cli *cli, struct store *st, struct error *err)
{
	struct wire_config wc;
	struct ui_services svc;
	struct wire *w;
	struct app app;
	int rc;

	memset(&wc, 0, sizeof wc);
	if (cli_session_options(cli, &wc.opts, err) != 0)
		return -1;
	wc.st = st;
	wc.db_path = cli->db_path;
	wc.clock = &cli->clock;
	wc.cfg = &cli->cfg;
	wc.user = cli->user_email;
	wc.person = cli->person;
	if (wire_open(&w, &wc, &svc, err) != 0)
		return -1;
	app_init(&app, &svc, &cli->clock, idle_lock_seconds(cli));
	str_copy(app.model.store_path, sizeof app.model.store_path,
	    store_path(st));
	describe_drug_data(st, &app);
	rc = app_run(&app, err);
	app_free(&app);
	wire_close(w);
	return rc;
}

int
ui_main(struct cli *cli, struct error *err)
{
	struct store *st;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		error_set(err, ERR_USAGE,
		    _("the terminal interface needs a terminal; run a command instead (see --help)"));
		return -1;
	}
	if (cli_open_store(cli, &st, STORE_OPEN_EXISTING, err) != 0)
		return -1;
	rc = run(cli, st, err);
	store_close(st);
	return rc;
}
