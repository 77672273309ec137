#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/validate.h"
#include "ui/widgets.h"

#define TIME_COLS 6
#define AMOUNT_COLS 14
#define STATE_COLS 20

static bool
matches(const struct ui_dose *d, const char *filter)
{
	return text_contains(d->medication, filter) ||
	    text_contains(d->amount, filter) || text_contains(d->time, filter);
}

static bool
keep(struct app *app, size_t i)
{
	return matches(&app->model.doses[i], app->lists[SCR_TODAY].filter);
}

static int
rows(struct app *app, int *index, int max)
{
	return list_filter(app, app->model.n_doses, keep, index, max);
}

static void
state_text(const struct ui_dose *d, char *buf, size_t size)
{
	switch (d->state) {
	case UI_DOSE_DUE:
		snprintf(buf, size, "%s", d->overdue ? _("OVERDUE") : _("due"));
		break;
	case UI_DOSE_TAKEN:
		snprintf(buf, size, _("taken %s"), d->actual);
		break;
	case UI_DOSE_PARTIAL:
		snprintf(buf, size, _("partly taken %s"), d->actual);
		break;
	case UI_DOSE_SKIPPED:
		snprintf(buf, size, "%s", _("skipped"));
		break;
	case UI_DOSE_SNOOZED:
		snprintf(buf, size, _("snoozed to %s"), d->snoozed_until);
		break;
	case UI_DOSE_MISSED:
		snprintf(buf, size, "%s", _("missed"));
		break;
	}
}

static attr_t
row_attr(const struct ui_dose *d, bool selected)
{
	attr_t attr = A_NORMAL;

	if (d->overdue)
		attr = theme_attr(TH_OVERDUE);
	else if (d->state == UI_DOSE_TAKEN || d->state == UI_DOSE_SKIPPED)
		attr = theme_attr(TH_MUTED);
	else if (d->state == UI_DOSE_MISSED)
		attr = theme_attr(TH_ERROR);
	if (selected)
		attr = theme_attr(TH_SELECTED) | (d->overdue ? A_BOLD : 0);
	return attr;
}

static void
draw_dose(WINDOW *w, int y, const struct ui_dose *d, bool selected)
{
	int cols = getmaxx(w);
	int name_cols = cols - 2 - TIME_COLS - AMOUNT_COLS - STATE_COLS - 2;
	char state[64], name[UI_NAME_MAX + 8];
	attr_t attr = row_attr(d, selected);
	int x = 1;

	state_text(d, state, sizeof state);
	snprintf(name, sizeof name, "%s%s", d->medication,
	    d->critical ? " !" : "");
	draw_fill(w, y, 0, cols, attr);
	draw_text(w, y, 0, d->overdue ? "!" : " ", 1, attr);
	draw_cell(w, y, x, d->time, TIME_COLS, attr);
	x += TIME_COLS;
	draw_cell(w, y, x, name, name_cols, attr);
	x += name_cols + 1;
	draw_cell(w, y, x, d->amount, AMOUNT_COLS, attr);
	x += AMOUNT_COLS + 1;
	draw_cell(w, y, x, state, STATE_COLS, attr);
}

static void
draw_heading(struct app *app, WINDOW *w)
{
	const struct ui_model *m = &app->model;
	char iso[11], day[32], title[160], counts[96];
	size_t taken = 0;

	app_today(app, iso);
	date_to_locale(iso, day, sizeof day);
	if (app->lists[SCR_TODAY].filter[0])
		snprintf(title, sizeof title, _("Today, %s (search: %s)"), day,
		    app->lists[SCR_TODAY].filter);
	else
		snprintf(title, sizeof title, _("Today, %s"), day);
	draw_text(w, 0, 1, title, getmaxx(w) - 30, theme_attr(TH_TITLE));
	for (size_t i = 0; i < m->n_doses; i++)
		taken += m->doses[i].state == UI_DOSE_TAKEN ||
		    m->doses[i].state == UI_DOSE_PARTIAL;
	snprintf(counts, sizeof counts, _("%zu of %zu taken"), taken,
	    m->n_doses);
	draw_text(w, 0, getmaxx(w) - text_width(counts) - 1, counts,
	    text_width(counts), A_NORMAL);
}

static void
draw_next(struct app *app, WINDOW *w)
{
	const struct ui_model *m = &app->model;
	char line[UI_NAME_MAX + 128];

	if (m->has_next_reminder)
		snprintf(line, sizeof line, _("Next reminder: %s %s, %s"),
		    m->next_reminder.time, m->next_reminder.medication,
		    m->next_reminder.amount);
	else
		snprintf(line, sizeof line, "%s",
		    _("No reminder is coming today."));
	draw_text(w, 1, 1, line, getmaxx(w) - 2, theme_attr(TH_INFO));
}

static void
draw_empty(struct app *app, WINDOW *w)
{
	const struct ui_model *m = &app->model;
	char line[4200];

	if (app->lists[SCR_TODAY].filter[0] && m->n_doses > 0) {
		snprintf(line, sizeof line, _("No dose matches \"%s\"."),
		    app->lists[SCR_TODAY].filter);
		draw_text(w, 4, 1, line, getmaxx(w) - 2, theme_attr(TH_MUTED));
		return;
	}
	if (!m->has_person) {
		draw_wrapped(w, 4, 1, 3, getmaxx(w) - 2,
		    _("No record is open, so there are no doses to show."), 0,
		    theme_attr(TH_MUTED));
		snprintf(line, sizeof line, _("Store: %s"), m->store_path);
		draw_wrapped(w, 6, 1, 3, getmaxx(w) - 2, line, 0, A_NORMAL);
		return;
	}
	draw_text(w, 4, 1, _("No doses are scheduled today."), getmaxx(w) - 2,
	    theme_attr(TH_MUTED));
}

static void
draw(struct app *app, WINDOW *w)
{
	struct list_state *l = &app->lists[SCR_TODAY];
	int count, list_rows_shown = getmaxy(w) - 4;
	int *index = list_rows(app, SCR_TODAY, &count);

	draw_heading(app, w);
	draw_next(app, w);
	if (index == NULL)
		return;
	if (count == 0) {
		draw_empty(app, w);
		free(index);
		return;
	}
	draw_text(w, 3, 1, _("Time"), TIME_COLS, theme_attr(TH_MUTED));
	draw_text(w, 3, 1 + TIME_COLS, _("Medication"), 30,
	    theme_attr(TH_MUTED));
	draw_text(w, 3, getmaxx(w) - AMOUNT_COLS - STATE_COLS - 2,
	    _("Amount"), AMOUNT_COLS, theme_attr(TH_MUTED));
	draw_text(w, 3, getmaxx(w) - STATE_COLS - 1, _("State"), STATE_COLS,
	    theme_attr(TH_MUTED));
	list_scroll(l, count, list_rows_shown);
	for (int r = 0; r < list_rows_shown && l->top + r < count; r++) {
		int i = index[l->top + r];

		draw_dose(w, 4 + r, &app->model.doses[i], l->top + r == l->sel);
	}
	free(index);
}

static void record(struct app *app, int64_t dose_id, enum ui_dose_action act,
    int minutes, bool confirmed);

static void
confirm_answer(struct app *app, bool yes)
{
	if (yes)
		record(app, app->pending_dose, app->pending_act,
		    app->pending_minutes, true);
	else
		app_status(app, STATUS_INFO, "%s",
		    _("Nothing was changed."));
}

/* A dose already recorded: says what is recorded and asks first. */
static void
ask_to_replace(struct app *app, int64_t dose_id, enum ui_dose_action act,
    int minutes, const struct error *err)
{
	char question[sizeof err->text + 64];

	app->pending_dose = dose_id;
	app->pending_act = act;
	app->pending_minutes = minutes;
	/* TRANSLATORS: %s is what is recorded: "taken at 08:02, recorded by ...". */
	snprintf(question, sizeof question, _("Already %s. Record again? (y/n)"),
	    err->text);
	app_ask(app, question, confirm_answer);
}

static void
record(struct app *app, int64_t dose_id, enum ui_dose_action act,
    int minutes, bool confirmed)
{
	enum ui_dose_done done = UI_DOSE_RECORDED;
	struct error err;

	error_clear(&err);
	if (app->svc->dose_action(app->svc->ctx, dose_id, act, minutes,
	    confirmed, &done, &err) != 0) {
		if (err.kind == ERR_CONFLICT && !confirmed)
			ask_to_replace(app, dose_id, act, minutes, &err);
		else
			app_fail(app, &err);
		return;
	}
	popup_forget(app, dose_id);
	app_reload(app);
	if (done == UI_DOSE_PUT_AWAY)
		app_status(app, STATUS_OK, "%s", _("The reminder is put away."));
	else if (act == UI_ACT_TAKE)
		app_status(app, STATUS_OK, "%s", _("Recorded as taken."));
	else if (act == UI_ACT_SKIP)
		app_status(app, STATUS_OK, "%s", _("Recorded as skipped."));
	else
		app_status(app, STATUS_OK, _("Snoozed for %d minutes."),
		    minutes);
}

static void
snooze_chosen(struct app *app, int index)
{
	if (index >= 0)
		record(app, app->pending_dose, UI_ACT_SNOOZE,
		    (int)app->chooser.ids[index], false);
}

void
screen_dose_act(struct app *app, int64_t dose_id, enum action action)
{
	const char *names[] = { _("5 minutes"), _("10 minutes"),
	    _("30 minutes") };
	static const int64_t minutes[] = { 5, 10, 30 };

	if (app->svc->dose_action == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Doses cannot be recorded in this version yet; nothing was changed."));
		return;
	}
	if (action == ACT_TAKE) {
		record(app, dose_id, UI_ACT_TAKE, 0, false);
	} else if (action == ACT_SKIP) {
		record(app, dose_id, UI_ACT_SKIP, 0, false);
	} else if (action == ACT_SNOOZE) {
		app->pending_dose = dose_id;
		app_choose(app, _("Snooze for"), names, minutes, 3,
		    snooze_chosen);
	}
}

static bool
act(struct app *app, enum action action)
{
	int i;

	if (action != ACT_TAKE && action != ACT_SKIP && action != ACT_SNOOZE)
		return false;
	i = list_selected(app, SCR_TODAY);
	if (i < 0) {
		app_status(app, STATUS_INFO, "%s", _("No dose is selected."));
		return true;
	}
	screen_dose_act(app, app->model.doses[i].id, action);
	return true;
}

const struct screen screen_today = {
	N_("Today"), KC_TODAY, draw, act, rows
};
