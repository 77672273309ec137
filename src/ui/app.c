#include "config.h"

#include "ui/app.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "common/date.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/validate.h"
#include "ui/widgets.h"

#define MIN_COLS 80
#define MIN_ROWS 24
#define TOP_ROWS 2		/* the header and the tab line */
#define BOTTOM_ROWS 2		/* the status line and the key hints */

/* Set by the signal handlers, read and cleared by the loop. */
static volatile sig_atomic_t got_resize;
static volatile sig_atomic_t got_interrupt;
static volatile sig_atomic_t got_stop;
static volatile sig_atomic_t got_end;

static void
on_signal(int sig)
{
	switch (sig) {
	case SIGWINCH: got_resize = 1; break;
	case SIGINT: got_interrupt = 1; break;
	case SIGTSTP: got_stop = 1; break;
	default: got_end = 1; break;
	}
}

static const int handled_signals[] = { SIGWINCH, SIGINT, SIGTSTP, SIGTERM,
    SIGHUP };
#define N_SIGNALS (sizeof handled_signals / sizeof handled_signals[0])

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
app_init(struct app *app, const struct ui_services *svc,
    const struct clock *clock, long idle_lock_seconds)
{
	memset(app, 0, sizeof *app);
	ui_model_init(&app->model);
	app->svc = svc;
	app->clock = *clock;
	app->idle_lock_seconds = idle_lock_seconds;
	app->mode = MODE_MAIN;
	app->screen = SCR_TODAY;
	app->before_help = SCR_TODAY;
	app->dirty = true;
}

const struct screen *
screen_get(enum screen_id id)
{
	static const struct screen *const screens[SCR_COUNT] = {
		[SCR_TODAY] = &screen_today,
		[SCR_MEDS] = &screen_meds,
		[SCR_INTERACTIONS] = &screen_interactions,
		[SCR_ADHERENCE] = &screen_adherence,
		[SCR_PROFILE] = &screen_profile,
		[SCR_HELP] = &screen_help,
	};

	return screens[id < SCR_COUNT ? id : SCR_TODAY];
}

void
app_today(const struct app *app, char iso[11])
{
	time_t now;
	struct tm tm;

	if (app->model.today[0] != '\0') {
		memcpy(iso, app->model.today, 11);
		return;
	}
	now = (time_t)clock_now(&app->clock);
	localtime_r(&now, &tm);
	strftime(iso, 11, "%Y-%m-%d", &tm);
}

bool
app_not_future(struct app *app, struct uiform *f, int field,
    const char *status)
{
	char today[11];

	app_today(app, today);
	if (uiform_get(f, field)[0] == '\0' ||
	    strcmp(uiform_get(f, field), today) <= 0)
		return true;
	uiform_refuse(f, field, _("lies in the future"));
	app_status(app, STATUS_ERROR, "%s", status);
	return false;
}

void
app_dirty(struct app *app)
{
	app->dirty = true;
}

void
app_status(struct app *app, enum status_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	va_end(ap);
	app->status_kind = kind;
	app->dirty = true;
}

void
app_fail(struct app *app, const struct error *err)
{
	app_status(app, STATUS_ERROR, "%s", err->text);
}

int
app_reload(struct app *app)
{
	struct error err;

	error_clear(&err);
	if (app->svc->load == NULL)
		return 0;
	if (app->svc->load(app->svc->ctx, &app->model, &err) != 0) {
		app_fail(app, &err);
		return -1;
	}
	ui_model_sort_doses(&app->model);
	ui_findings_sort(&app->model.findings);
	app->dirty = true;
	return 0;
}

/* Where the form goes: the body, less rows kept for its context above. */
static int
post_app_form(struct app *app)
{
	int rows = getmaxy(app->body), cols = getmaxx(app->body);
	int top = app->form_top < rows - 4 ? app->form_top : 0;

	if (app->form_win != NULL) {
		delwin(app->form_win);
		app->form_win = NULL;
	}
	app->form_win = derwin(app->body, rows - top, cols, top, 0);
	if (app->form_win == NULL)
		return -1;
	werase(app->body);
	return uiform_post(&app->form, app->form_win);
}

void
app_open_form(struct app *app)
{
	app->form_open = true;
	if (app->body != NULL && post_app_form(app) != 0)
		app_status(app, STATUS_ERROR, "%s",
		    _("The form does not fit; make the terminal taller."));
	app->dirty = true;
}

static void
drop_form_window(struct app *app)
{
	if (app->form_win != NULL) {
		delwin(app->form_win);
		app->form_win = NULL;
	}
}

void
app_close_form(struct app *app)
{
	uiform_free(&app->form);
	app->form_open = false;
	app->form_top = 0;
	app->form_above = NULL;
	drop_form_window(app);
	app->dirty = true;
}

void
app_park_form(struct app *app)
{
	uiform_unpost(&app->form);
	app->parked = app->form;
	app->parked_open = true;
	memset(&app->form, 0, sizeof app->form);
	app->form_open = false;
	drop_form_window(app);
	app->dirty = true;
}

void
app_unpark_form(struct app *app)
{
	if (!app->parked_open)
		return;
	if (app->form_open)
		app_close_form(app);
	app->form = app->parked;
	memset(&app->parked, 0, sizeof app->parked);
	app->parked_open = false;
	app->reviewing = false;
	app_open_form(app);
}

void
app_drop_parked(struct app *app)
{
	if (!app->parked_open)
		return;
	uiform_free(&app->parked);
	memset(&app->parked, 0, sizeof app->parked);
	app->parked_open = false;
	app->reviewing = false;
}

static void
open_prompt(struct app *app, enum prompt_kind kind, const char *question,
    void (*done)(struct app *app, bool accepted))
{
	prompt_close(app);
	app->prompt.kind = kind;
	str_copy(app->prompt.question, sizeof app->prompt.question, question);
	app->prompt.done = done;
	app->dirty = true;
}

void
app_ask(struct app *app, const char *question,
    void (*done)(struct app *app, bool yes))
{
	open_prompt(app, PROMPT_YESNO, question, done);
}

void
app_ask_text(struct app *app, const char *question, bool secret,
    void (*done)(struct app *app, bool accepted))
{
	open_prompt(app, secret ? PROMPT_SECRET : PROMPT_TEXT, question, done);
}

void
app_choose(struct app *app, const char *title, const char *const *names,
    const int64_t *ids, int n, void (*done)(struct app *app, int index))
{
	struct chooser *c = &app->chooser;

	chooser_close(app);
	c->n = n > CHOOSER_MAX ? CHOOSER_MAX : n;
	str_copy(c->title, sizeof c->title, title);
	for (int i = 0; i < c->n; i++) {
		str_copy(c->names[i], UI_NAME_MAX, names[i]);
		c->ids[i] = ids != NULL ? ids[i] : i;
	}
	c->done = done;
	c->open = true;
	app->dirty = true;
}

void
app_show(struct app *app, enum screen_id id)
{
	if (id == SCR_HELP && app->screen != SCR_HELP)
		app->before_help = app->screen;
	app->screen = id;
	app->dirty = true;
}

/* Forgets what unlocks the data and hides every screen behind the lock. */
void
app_lock(struct app *app)
{
	if (app->svc->lock == NULL || app->svc->unlock == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Locking needs a signed-in account."));
		return;
	}
	app->svc->lock(app->svc->ctx);
	/* What was read with the keys goes with them, until unlocked. */
	ui_model_free(&app->model);
	ui_findings_free(&app->tried);
	app->tried_drug[0] = '\0';
	chooser_close(app);
	app->popup.focused = false;
	if (app->form_open)
		uiform_unpost(&app->form);
	app->prompt_before_lock = app->prompt;
	memset(&app->prompt, 0, sizeof app->prompt);
	app->mode = MODE_LOCKED;
	app->waiting_reminders = 0;
	screen_lock_prompt(app);
	app->dirty = true;
}

void
app_remind(struct app *app, const struct ui_reminder *items, int n)
{
	struct popup *p = &app->popup;

	bool bell = false;

	for (int i = 0; i < n; i++) {
		bool known = false;

		if (items[i].closed) {
			popup_forget(app, items[i].dose_id);
			continue;
		}
		for (int j = 0; j < p->n; j++)
			known |= p->items[j].dose_id == items[i].dose_id;
		if (known)
			continue;
		bell |= !items[i].silent;
		if (app->mode != MODE_MAIN)
			app->waiting_reminders++;
		if (p->n == POPUP_MAX) {
			memmove(p->items, p->items + 1,
			    (POPUP_MAX - 1) * sizeof p->items[0]);
			p->n--;
		}
		p->items[p->n++] = items[i];
	}
	if (bell && app->mode == MODE_MAIN)
		beep();
	app->dirty = true;
}

/* Whether leaving now would throw away something half typed. */
static bool
form_at_stake(struct app *app)
{
	if (app->mode == MODE_LOGIN)
		return false;
	if (app->parked_open)
		return true;
	return app->form_open && uiform_changed(&app->form);
}

static void
quit_answer(struct app *app, bool yes)
{
	if (yes)
		app->quit = true;
	else if (app->mode == MODE_LOCKED)
		screen_lock_prompt(app);
}

static void
request_quit(struct app *app)
{
	if (form_at_stake(app))
		app_ask(app, _("Quit and lose the form you were typing? (y/n)"),
		    quit_answer);
	else
		app->quit = true;
}

static void
discard_answer(struct app *app, bool yes)
{
	if (!yes)
		return;
	app_close_form(app);
	app_unpark_form(app);
	app_status(app, STATUS_INFO, "%s", _("Nothing was saved."));
}

static void
cancel_form(struct app *app)
{
	if (app->mode == MODE_LOGIN)
		return;
	if (uiform_changed(&app->form))
		app_ask(app, _("Discard what you typed in this form? (y/n)"),
		    discard_answer);
	else
		discard_answer(app, true);
}

static enum submit_result
submit(struct app *app)
{
	static enum submit_result (*const save[FP_COUNT])(struct app *,
	    struct uiform *) = {
		[FP_LOGIN] = screen_login_submit,
		[FP_MED] = screen_meds_submit,
		[FP_OVERRIDE] = screen_meds_override,
		[FP_PAUSE] = screen_meds_status_submit,
		[FP_DISCONTINUE] = screen_meds_status_submit,
		[FP_FILL] = screen_meds_fill_submit,
		[FP_PROFILE] = screen_profile_submit,
		[FP_NOTIFY] = screen_profile_submit,
		[FP_CONDITION] = screen_profile_submit,
		[FP_ALLERGY] = screen_profile_submit,
	};
	int purpose = app->form.purpose;

	if (purpose < 0 || purpose >= FP_COUNT || save[purpose] == NULL)
		return SUBMIT_KEEP;
	return save[purpose](app, &app->form);
}

static void
form_key(struct app *app, int key)
{
	int before = app->form.current;
	enum form_result r = uiform_key(&app->form, key);
	int wrong;

	switch (r) {
	case FORM_SAVE:
		if (submit(app) == SUBMIT_CLOSE)
			app_close_form(app);
		break;
	case FORM_REFUSED:
		wrong = uiform_wrong(&app->form);
		app_status(app, STATUS_ERROR, ngettext(
		    "Not saved: %d field needs fixing; it is marked with !",
		    "Not saved: %d fields need fixing; they are marked with !",
		    (unsigned long)wrong), wrong);
		break;
	case FORM_CANCEL:
		cancel_form(app);
		break;
	case FORM_UNUSED:
		if (keys_action(KC_FORM, key) == ACT_REDRAW)
			clearok(curscr, TRUE);
		break;
	case FORM_GOING:
		if (app->form.current != before && app->form.why[before][0])
			app_status(app, STATUS_ERROR, "%s: %s",
			    _(app->form.defs[before].label),
			    app->form.why[before]);
		break;
	}
}

static int
switch_target(struct app *app, int step)
{
	int from = app->screen == SCR_HELP ? (int)app->before_help :
	    (int)app->screen;

	return (from + step + SCR_HELP) % SCR_HELP;
}

static void
person_chosen(struct app *app, int index)
{
	struct error err;

	if (index < 0)
		return;
	error_clear(&err);
	if (app->svc->switch_person(app->svc->ctx, app->chooser.ids[index],
	    &err) != 0) {
		app_fail(app, &err);
		return;
	}
	for (int i = 0; i < SCR_COUNT; i++)
		memset(&app->lists[i], 0, sizeof app->lists[i]);
	if (app_reload(app) == 0)
		app_status(app, STATUS_OK, _("Now showing the record of %s."),
		    app->model.person.name);
}

static void
switch_person(struct app *app)
{
	const char *names[CHOOSER_MAX];
	char labels[CHOOSER_MAX][UI_NAME_MAX + 70];
	int64_t ids[CHOOSER_MAX];
	int n = 0;

	if (app->svc->switch_person == NULL || app->model.n_people == 0) {
		app_status(app, STATUS_INFO, "%s",
		    _("There is no other record you may open."));
		return;
	}
	for (size_t i = 0; i < app->model.n_people && n < CHOOSER_MAX; i++) {
		const struct ui_person *p = &app->model.people[i];

		snprintf(labels[n], sizeof labels[n], "%s%s%s%s", p->name,
		    p->relation[0] ? " (" : "", p->relation,
		    p->relation[0] ? ")" : "");
		names[n] = labels[n];
		ids[n++] = p->id;
	}
	app_choose(app, _("Whose record?"), names, ids, n, person_chosen);
}

static void
search_done(struct app *app, bool keep)
{
	struct list_state *l = &app->lists[app->screen];

	if (!keep)
		l->filter[0] = '\0';
	l->sel = 0;
	l->top = 0;
}

static bool
movement(enum action a)
{
	return a == ACT_UP || a == ACT_DOWN || a == ACT_TOP ||
	    a == ACT_BOTTOM || a == ACT_PAGE_UP || a == ACT_PAGE_DOWN;
}

static bool
global_action(struct app *app, enum action a)
{
	const struct screen *s = screen_get(app->screen);

	switch (a) {
	case ACT_QUIT: request_quit(app); return true;
	case ACT_HELP:
		app_show(app, app->screen == SCR_HELP ? app->before_help :
		    SCR_HELP);
		return true;
	case ACT_NEXT_SCREEN: app_show(app, switch_target(app, 1)); return true;
	case ACT_PREV_SCREEN: app_show(app, switch_target(app, -1)); return true;
	case ACT_GO_TODAY: app_show(app, SCR_TODAY); return true;
	case ACT_GO_MEDS: app_show(app, SCR_MEDS); return true;
	case ACT_GO_INTERACTIONS: app_show(app, SCR_INTERACTIONS); return true;
	case ACT_GO_ADHERENCE: app_show(app, SCR_ADHERENCE); return true;
	case ACT_GO_PROFILE: app_show(app, SCR_PROFILE); return true;
	case ACT_SWITCH_PERSON: switch_person(app); return true;
	case ACT_LOCK: app_lock(app); return true;
	case ACT_REDRAW: clearok(curscr, TRUE); return true;
	case ACT_SEARCH:
		if (s->rows == NULL)
			return false;
		open_prompt(app, PROMPT_SEARCH, "/", search_done);
		str_copy(app->prompt.text, sizeof app->prompt.text,
		    app->lists[app->screen].filter);
		return true;
	case ACT_FOCUS_REMINDER:
		if (app->popup.n == 0)
			app_status(app, STATUS_INFO, "%s",
			    _("No reminder is waiting."));
		else
			app->popup.focused = true;
		return true;
	default:
		return false;
	}
}

static void
screen_key(struct app *app, int key)
{
	const struct screen *s = screen_get(app->screen);
	enum action a = keys_action(s->ctx, key);
	int page = app->body != NULL ? getmaxy(app->body) / 2 : 10;

	if (global_action(app, a))
		return;
	if (s->act != NULL && s->act(app, a))
		return;
	if (movement(a) && s->rows != NULL) {
		list_act(&app->lists[app->screen], a,
		    s->rows(app, NULL, 0), page);
		return;
	}
	if (key != KEY_FN(KEY_RESIZE))
		app_status(app, STATUS_INFO, "%s",
		    _("That key does nothing here; press ? to see every key."));
}

void
app_key(struct app *app, int key)
{
	app->last_input_ms = now_ms();
	app->dirty = true;
	if (app->mode == MODE_MAIN && app->svc->touch != NULL)
		app->svc->touch(app->svc->ctx);
	if (app->prompt.kind != PROMPT_YESNO)
		app->status[0] = '\0';
	if (key == KEY_CTRL('c') && app->prompt.kind != PROMPT_YESNO) {
		request_quit(app);
		return;
	}
	if (app->too_small) {
		if (key == 'q')
			request_quit(app);
		else if (app->prompt.kind == PROMPT_YESNO)
			prompt_key(app, key);
		return;
	}
	if (app->prompt.kind != PROMPT_NONE)
		prompt_key(app, key);
	else if (app->mode == MODE_LOCKED)
		screen_lock_prompt(app);
	else if (app->chooser.open)
		chooser_key(app, key);
	else if (app->popup.focused)
		popup_key(app, key);
	else if (app->form_open)
		form_key(app, key);
	else if (app->mode == MODE_MAIN)
		screen_key(app, key);
}

/* The header: the program, whose record is open, the time. */
/*
 * The header clock keeps the open record's time, since its doses are
 * listed on that clock; when the terminal's own clock differs (a carer
 * in another zone), the zone's abbreviation says so, so the two are not
 * mixed up.
 */
static void
header_clock(struct app *app, char *out, size_t size)
{
	int64_t now = clock_now(&app->clock);
	time_t t = (time_t)now;
	char day[DATE_TEXT_SIZE], shown[64], zone[TZ_NAME_MAX + 2] = "";
	struct tz_wall wall;
	struct error ignored;
	struct tm tm;

	localtime_r(&t, &tm);
	wall.day = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	wall.minute = tm.tm_hour * 60 + tm.tm_min;
	if (app->model.has_person && app->model.zone[0] != '\0') {
		if (app->clock_tz == NULL ||
		    strcmp(tz_name(app->clock_tz), app->model.zone) != 0) {
			tz_close(app->clock_tz);
			app->clock_tz = NULL;
			(void)tz_open(&app->clock_tz, app->model.zone,
			    &ignored);
		}
		if (app->clock_tz != NULL) {
			tz_utc_to_wall(app->clock_tz, now, &wall);
			if (wall.offset != tm.tm_gmtoff) {
				zone[0] = ' ';
				tz_abbreviation(app->clock_tz, now, zone + 1,
				    sizeof zone - 1);
			}
		}
	}
	date_format(wall.day, day);
	date_to_locale(day, shown, sizeof shown);
	snprintf(out, size, "%s %02d:%02d%s ", shown, wall.minute / 60,
	    wall.minute % 60, zone);
}

static void
draw_header(struct app *app)
{
	char left[UI_NAME_MAX + 128], right[160];
	int right_width;

	draw_fill(stdscr, 0, 0, COLS, theme_attr(TH_HEADER));
	if (app->mode == MODE_LOCKED)
		snprintf(left, sizeof left, " PrescripCare | %s", _("Locked"));
	else if (app->mode == MODE_LOGIN)
		snprintf(left, sizeof left, " PrescripCare | %s",
		    _("Not signed in"));
	else if (app->model.has_person)
		snprintf(left, sizeof left, " PrescripCare | %s %s%s%s%s",
		    _("Record:"), app->model.person.name,
		    app->model.person.relation[0] ? " (" : "",
		    app->model.person.relation,
		    app->model.person.relation[0] ? ")" : "");
	else
		snprintf(left, sizeof left, " PrescripCare | %s",
		    _("No record open"));
	header_clock(app, right, sizeof right);
	right_width = text_width(right);
	draw_text(stdscr, 0, 0, left, COLS - right_width - 1,
	    theme_attr(TH_HEADER));
	draw_text(stdscr, 0, COLS - right_width, right, right_width,
	    theme_attr(TH_HEADER));
}

static void
draw_tabs(struct app *app)
{
	int x = 1;

	if (app->mode != MODE_MAIN)
		return;
	for (int i = 0; i < SCR_HELP; i++) {
		char tab[96];
		bool on = app->screen == (enum screen_id)i;

		snprintf(tab, sizeof tab, " %d %s ", i + 1,
		    _(screen_get((enum screen_id)i)->title));
		x += draw_text(stdscr, 1, x, tab, COLS - x,
		    theme_attr(on ? TH_TAB_ACTIVE : TH_TAB)) + 1;
	}
	if (app->screen == SCR_HELP) {
		char tab[64];

		snprintf(tab, sizeof tab, " ? %s ", _(screen_help.title));
		draw_text(stdscr, 1, x, tab, COLS - x,
		    theme_attr(TH_TAB_ACTIVE));
	}
}

static enum key_context
current_context(struct app *app)
{
	if (app->prompt.kind != PROMPT_NONE)
		return KC_PROMPT;
	if (app->chooser.open)
		return KC_MENU;
	if (app->popup.focused)
		return KC_REMINDER;
	if (app->form_open || app->mode != MODE_MAIN)
		return KC_FORM;
	return screen_get(app->screen)->ctx;
}

/* Draws the status and hint rows; returns the prompt's cursor column. */
static int
draw_footer(struct app *app)
{
	static const enum theme_role roles[] = { TH_INFO, TH_OK, TH_ERROR };
	char hints[512];
	int cursor = -1;

	if (app->prompt.kind != PROMPT_NONE)
		cursor = prompt_draw(app, LINES - 2);
	else
		draw_cell(stdscr, LINES - 2, 0, app->status, COLS,
		    theme_attr(roles[app->status_kind]));
	if (app->prompt.kind == PROMPT_YESNO)
		hints[0] = '\0';	/* the question names its answers */
	else
		keys_hints(current_context(app), COLS - 1, hints,
		    sizeof hints);
	draw_cell(stdscr, LINES - 1, 0, hints, COLS, theme_attr(TH_HINT));
	return cursor;
}

static void
draw_too_small(struct app *app)
{
	char msg[160];

	werase(stdscr);
	snprintf(msg, sizeof msg, _("terminal too small: %dx%d needed, now %dx%d"),
	    MIN_COLS, MIN_ROWS, COLS, LINES);
	draw_wrapped(stdscr, LINES > 2 ? LINES / 2 - 1 : 0, 0, 3, COLS, msg, 0,
	    theme_attr(TH_ERROR));
	if (app->prompt.kind == PROMPT_YESNO && LINES > 1)
		prompt_draw(app, LINES - 1);
	wnoutrefresh(stdscr);
	doupdate();
}

static void
draw_body(struct app *app)
{
	WINDOW *w = app->body;

	if (app->mode == MODE_LOCKED) {
		werase(w);
		screen_lock_draw(app, w);
		return;
	}
	if (app->form_open && app->form.form != NULL) {
		if (app->form_above != NULL)
			app->form_above(app, w, app->form_top);
		uiform_draw(&app->form);
		return;
	}
	werase(w);
	if (app->form_open) {
		draw_centred(w, getmaxy(w) / 2, _("The form does not fit; make the terminal taller."),
		    theme_attr(TH_ERROR));
		return;
	}
	if (app->mode == MODE_MAIN)
		screen_get(app->screen)->draw(app, w);
}

void
app_render(struct app *app)
{
	int prompt_col;
	bool typing;

	app->dirty = false;
	if (app->too_small) {
		curs_set(0);
		draw_too_small(app);
		return;
	}
	werase(stdscr);
	draw_header(app);
	draw_tabs(app);
	prompt_col = draw_footer(app);
	wnoutrefresh(stdscr);
	draw_body(app);
	touchwin(app->body);
	wnoutrefresh(app->body);
	popup_render(app);
	chooser_render(app);
	update_panels();
	typing = prompt_col >= 0 && app->prompt.kind != PROMPT_YESNO;
	if (typing) {
		wmove(stdscr, LINES - 2, prompt_col);
		wnoutrefresh(stdscr);
	} else if (app->form_open && app->form.form != NULL &&
	    !app->chooser.open && !app->popup.focused &&
	    app->prompt.kind == PROMPT_NONE && app->mode != MODE_LOCKED) {
		typing = true;
		uiform_cursor(&app->form);
		wnoutrefresh(app->form_win);
	}
	curs_set(typing ? 1 : 0);
	doupdate();
}

/* Builds the body window for the current size and reposts the form. */
static void
layout(struct app *app)
{
	app->too_small = COLS < MIN_COLS || LINES < MIN_ROWS;
	if (app->form_open)
		uiform_unpost(&app->form);
	drop_form_window(app);
	popup_unpost(app);
	chooser_unpost(app);
	if (app->body != NULL) {
		delwin(app->body);
		app->body = NULL;
	}
	if (app->too_small)
		return;
	app->body = newwin(LINES - TOP_ROWS - BOTTOM_ROWS, COLS, TOP_ROWS, 0);
	if (app->form_open && app->mode != MODE_LOCKED)
		post_app_form(app);
}

static void
resize(struct app *app)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	layout(app);
	clearok(curscr, TRUE);
	app->dirty = true;
}

/* Stops the program as ^Z asks, with the terminal given back first. */
static void
suspend(struct app *app)
{
	sigset_t only;

	endwin();
	signal(SIGTSTP, SIG_DFL);
	sigemptyset(&only);
	sigaddset(&only, SIGTSTP);
	raise(SIGTSTP);
	pthread_sigmask(SIG_UNBLOCK, &only, NULL);
	/* Stopped here until continued. */
	pthread_sigmask(SIG_BLOCK, &only, NULL);
	signal(SIGTSTP, on_signal);
	resize(app);
}

static void
handle_signals(struct app *app)
{
	if (got_end) {
		app->quit = true;
		return;
	}
	if (got_resize) {
		got_resize = 0;
		resize(app);
	}
	if (got_stop) {
		got_stop = 0;
		suspend(app);
	}
	if (got_interrupt) {
		got_interrupt = 0;
		app_key(app, KEY_CTRL('c'));
	}
}

static int64_t
idle_deadline(const struct app *app)
{
	if (app->mode != MODE_MAIN || app->svc->lock == NULL ||
	    app->idle_lock_seconds <= 0)
		return -1;
	return app->last_input_ms + app->idle_lock_seconds * 1000;
}

static void
read_keys(struct app *app)
{
	wint_t ch;
	int rc;

	while ((rc = wget_wch(app->input, &ch)) != ERR) {
		int key = rc == KEY_CODE_YES ? KEY_FN((int)ch) : (int)ch;

		/* Resizes arrive as SIGWINCH; this only echoes resizeterm. */
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		app_key(app, key);
		if (app->quit)
			return;
	}
}

static void
read_reminders(struct app *app)
{
	struct ui_reminder due[POPUP_MAX];
	int n;

	if (app->svc->take_reminders == NULL)
		return;
	n = app->svc->take_reminders(app->svc->ctx, due, POPUP_MAX);
	if (n > 0)
		app_remind(app, due, n);
}

static void
deliver_pending(const sigset_t *open_mask)
{
	sigset_t blocked;

	pthread_sigmask(SIG_SETMASK, open_mask, &blocked);
	pthread_sigmask(SIG_SETMASK, &blocked, NULL);
}

/* Waits for a key, a reminder, a signal or the next deadline. */
static void
wait_once(struct app *app, const sigset_t *open_mask)
{
	struct pollfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = app->svc->wake_fd, .events = POLLIN },
	};
	nfds_t nfds = app->svc->wake_fd >= 0 ? 2 : 1;
	int64_t deadline = idle_deadline(app), now = now_ms();
	/* Wake at the next minute too, so the clock in the header moves. */
	int64_t wait = 60000 - (int64_t)(clock_now(&app->clock) % 60) * 1000;
	struct timespec ts;
	int rc;

	if (deadline >= 0 && deadline - now < wait)
		wait = deadline - now > 0 ? deadline - now : 0;
	ts.tv_sec = (time_t)(wait / 1000);
	ts.tv_nsec = (long)(wait % 1000) * 1000000;
	rc = ppoll(fds, nfds, &ts, open_mask);
	if (rc == 0)
		app->dirty = true;
	if (rc <= 0)
		return;
	/*
	 * When keys are ready, ppoll puts the mask back without delivering
	 * a signal that came with them; open it a moment so the handlers
	 * run, because ^C then "y" must reach the question ^C asks.
	 */
	deliver_pending(open_mask);
	handle_signals(app);
	if (app->quit)
		return;
	if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
		read_keys(app);
	if (fds[0].revents & (POLLHUP | POLLERR))
		app->quit = true;
	if (nfds == 2 && (fds[1].revents & POLLIN))
		read_reminders(app);
}

/*
 * Locks after the idle time without a key.  The loop measures it on the
 * monotonic clock, which stands still while the machine sleeps; the
 * session's own wall-clock reckoning catches the time asleep.
 */
static void
check_idle(struct app *app)
{
	int64_t deadline = idle_deadline(app);

	if (deadline < 0)
		return;
	if (now_ms() >= deadline || (app->svc->idle_expired != NULL &&
	    app->svc->idle_expired(app->svc->ctx)))
		app_lock(app);
}

static void
install_signals(sigset_t *open_mask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < N_SIGNALS; i++) {
		sigaction(handled_signals[i], &sa, NULL);
		sigaddset(&block, handled_signals[i]);
	}
	/* Blocked except inside ppoll, so none is lost between checks. */
	pthread_sigmask(SIG_BLOCK, &block, open_mask);
	for (size_t i = 0; i < N_SIGNALS; i++)
		sigdelset(open_mask, handled_signals[i]);
}

static void
restore_signals(void)
{
	sigset_t unblock;

	sigemptyset(&unblock);
	for (size_t i = 0; i < N_SIGNALS; i++) {
		signal(handled_signals[i], SIG_DFL);
		sigaddset(&unblock, handled_signals[i]);
	}
	pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

static int
start_terminal(struct app *app, struct error *err)
{
	const char *term = getenv("TERM");

	app->term = newterm(NULL, stdout, stdin);
	if (app->term == NULL) {
		error_set(err, ERR_IO,
		    _("cannot drive this terminal (TERM=%s); set TERM to your terminal's type"),
		    term != NULL ? term : "");
		return -1;
	}
	cbreak();
	noecho();
	set_escdelay(25);
	theme_init();
	app->input = newwin(1, 1, 0, 0);
	keypad(app->input, TRUE);
	nodelay(app->input, TRUE);
	curs_set(0);
	layout(app);
	return 0;
}

static void
stop_terminal(struct app *app)
{
	chooser_close(app);
	popup_unpost(app);
	if (app->form_open)
		app_close_form(app);
	app_drop_parked(app);
	if (app->body != NULL)
		delwin(app->body);
	if (app->input != NULL)
		delwin(app->input);
	app->body = app->input = NULL;
	endwin();
	/*
	 * No delscreen: the panel library hangs a pseudo-panel on the screen
	 * that delscreen does not free, and the process ends here anyway.
	 */
	app->term = NULL;
}

int
app_run(struct app *app, struct error *err)
{
	sigset_t open_mask;

	install_signals(&open_mask);
	if (start_terminal(app, err) != 0) {
		restore_signals();
		return -1;
	}
	app->last_input_ms = now_ms();
	if (app->svc->needs_login != NULL &&
	    app->svc->needs_login(app->svc->ctx))
		screen_login_start(app);
	else
		app_reload(app);
	while (!app->quit) {
		handle_signals(app);
		if (app->quit)
			break;
		check_idle(app);
		if (app->dirty)
			app_render(app);
		wait_once(app, &open_mask);
	}
	stop_terminal(app);
	restore_signals();
	return 0;
}

void
app_free(struct app *app)
{
	chooser_close(app);
	popup_unpost(app);
	prompt_close(app);
	uiform_free(&app->form);
	app_drop_parked(app);
	ui_findings_free(&app->tried);
	ui_findings_free(&app->draft_findings);
	ui_model_free(&app->model);
	tz_close(app->clock_tz);
	app->clock_tz = NULL;
}
