#include "config.h"

#include "ui/ui.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "ui/app.h"
#include "ui/sample.h"
#include "ui/services.h"

/*
 * Until the accounts, drugs, doses and reminders services are wired in,
 * the interface knows only what the store itself can say: where it is, and
 * whether it holds accounts, in which case someone must sign in.
 */
static bool
store_has_accounts(void *ctx)
{
	struct error err;

	return store_count_rows(ctx, "users", &err) > 0;
}

static void
today_of(const struct clock *clock, char iso[11])
{
	time_t now = (time_t)clock_now(clock);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(iso, 11, "%Y-%m-%d", &tm);
}

int
ui_main(struct cli *cli, struct error *err)
{
	struct ui_services svc;
	struct store *st;
	struct app app;
	const char *sample = getenv("PRESCRIPCARE_UI_SAMPLE");
	bool use_sample = sample != NULL && strcmp(sample, "1") == 0;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		error_set(err, ERR_USAGE,
		    _("the terminal interface needs a terminal; run a command instead (see --help)"));
		return -1;
	}
	if (cli_open_store(cli, &st, STORE_OPEN_EXISTING, err) != 0)
		return -1;
	memset(&svc, 0, sizeof svc);
	svc.ctx = st;
	svc.wake_fd = -1;
	svc.needs_login = store_has_accounts;
	if (use_sample) {
		char today[11];

		today_of(&cli->clock, today);
		svc.needs_login = NULL;
		if (ui_sample_services(&svc, today) != 0)
			use_sample = false;
	}
	app_init(&app, &svc, &cli->clock,
	    settings_number(&cli->cfg, CFG_IDLE_LOCK_MINUTES));
	str_copy(app.model.store_path, sizeof app.model.store_path,
	    store_path(st));
	rc = app_run(&app, err);
	app_free(&app);
	if (use_sample)
		ui_sample_end(&svc);
	store_close(st);
	return rc;
}
