#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/theme.h"

enum login_field { LF_EMAIL, LF_PASSWORD, LF_CODE, LF_COUNT };

static const struct form_field_def login_fields[LF_COUNT] = {
	[LF_EMAIL] = { N_("E-mail"), FK_EMAIL, true, 30, 255, 0, 0, NULL,
	    NULL },
	[LF_PASSWORD] = { N_("Password"), FK_SECRET, true, 30, 255, 0, 0,
	    NULL, NULL },
	[LF_CODE] = { N_("Code from your app"), FK_CODE, true, 8, 7, 0, 0,
	    NULL, NULL },
};

void
screen_login_start(struct app *app)
{
	app->mode = MODE_LOGIN;
	uiform_init(&app->form, _("Sign in to PrescripCare"), login_fields,
	    LF_COUNT, FP_LOGIN);
	uiform_show(&app->form, LF_CODE, app->login_needs_code);
	if (app->svc->user_hint != NULL) {
		uiform_set(&app->form, LF_EMAIL, app->svc->user_hint);
		app->form.current = LF_PASSWORD;
	}
	app_open_form(app);
}

/* Forgets the typed password, in the form and in its copy. */
static void
wipe_password(struct uiform *f, struct ui_login *in)
{
	sodium_memzero(in, sizeof *in);
	sodium_memzero(f->value[LF_PASSWORD], FORM_VALUE_MAX);
	sodium_memzero(f->norm[LF_PASSWORD], FORM_VALUE_MAX);
}

static void
ask_for_code(struct app *app, struct uiform *f)
{
	app->login_needs_code = true;
	uiform_unpost(f);
	uiform_show(f, LF_CODE, true);
	f->current = LF_CODE;
	app_open_form(app);
	app_status(app, STATUS_INFO, "%s",
	    _("Now the 6-digit code from your authenticator app."));
}

enum submit_result
screen_login_submit(struct app *app, struct uiform *f)
{
	struct ui_login in;
	enum ui_login_result result;
	struct error err;
	int rc;

	if (app->svc->login == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Signing in is not available in this version yet."));
		return SUBMIT_KEEP;
	}
	memset(&in, 0, sizeof in);
	str_copy(in.email, sizeof in.email, uiform_get(f, LF_EMAIL));
	str_copy(in.password, sizeof in.password, f->value[LF_PASSWORD]);
	if (!f->hidden[LF_CODE])
		str_copy(in.code, sizeof in.code, uiform_get(f, LF_CODE));
	error_clear(&err);
	rc = app->svc->login(app->svc->ctx, &in, &result, &err);
	if (rc != 0) {
		/* Unposted first: unposting reads the fields back. */
		uiform_unpost(f);
		wipe_password(f, &in);
		f->current = LF_PASSWORD;
		app_open_form(app);
		app_fail(app, &err);
		return SUBMIT_KEEP;
	}
	if (result == UI_LOGIN_NEED_CODE) {
		sodium_memzero(&in, sizeof in);
		ask_for_code(app, f);
		return SUBMIT_KEEP;
	}
	wipe_password(f, &in);
	app->mode = MODE_MAIN;
	app->login_needs_code = false;
	app_close_form(app);
	app_reload(app);
	return SUBMIT_MOVED;
}

static void
unlock_answer(struct app *app, bool accepted)
{
	struct error err;
	int rc;

	if (!accepted) {
		sodium_memzero(app->prompt.text, sizeof app->prompt.text);
		screen_lock_prompt(app);
		return;
	}
	error_clear(&err);
	rc = app->svc->unlock(app->svc->ctx, app->prompt.text, &err);
	sodium_memzero(app->prompt.text, sizeof app->prompt.text);
	if (rc != 0) {
		screen_lock_prompt(app);
		app_fail(app, &err);
		return;
	}
	app->mode = MODE_MAIN;
	app->prompt = app->prompt_before_lock;
	memset(&app->prompt_before_lock, 0, sizeof app->prompt_before_lock);
	if (app->form_open)
		app_open_form(app);
	app_reload(app);
	app_status(app, STATUS_OK, "%s", _("Unlocked."));
}

void
screen_lock_prompt(struct app *app)
{
	app_ask_text(app, _("Password to unlock:"), true, unlock_answer);
}

void
screen_lock_draw(struct app *app, WINDOW *w)
{
	int mid = getmaxy(w) / 2 - 2;
	char line[512];

	draw_centred(w, mid, _("PrescripCare is locked"), theme_attr(TH_TITLE));
	if (app->model.account[0]) {
		snprintf(line, sizeof line, _("Signed in as %s"),
		    app->model.account);
		draw_centred(w, mid + 2, line, A_NORMAL);
	}
	if (app->waiting_reminders > 0) {
		snprintf(line, sizeof line, ngettext(
		    "%d reminder is waiting; unlock to see it.",
		    "%d reminders are waiting; unlock to see them.",
		    (unsigned long)app->waiting_reminders),
		    app->waiting_reminders);
		draw_centred(w, mid + 4, line, theme_attr(TH_INFO));
	}
	/* The prompt has the status line: why unlocking failed goes here. */
	if (app->status[0] != '\0' && app->status_kind == STATUS_ERROR)
		draw_wrapped(w, mid + 6, 2, 4, getmaxx(w) - 4, app->status, 0,
		    theme_attr(TH_ERROR));
}
