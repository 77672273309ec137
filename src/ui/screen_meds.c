#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/validate.h"

/* The add and edit form, one row per field; the enum names the rows. */
enum med_field {
	MF_DRUG, MF_STRENGTH, MF_FORM, MF_TIMES, MF_AMOUNT, MF_UNIT,
	MF_START, MF_END, MF_PRESCRIBER, MF_PHARMACY, MF_QUANTITY,
	MF_SUPPLY, MF_REFILLS, MF_INSTRUCTIONS, MF_CRITICAL, MF_COUNT
};

static const char *const dosage_forms[] = { N_("tablet"), N_("capsule"),
    N_("liquid"), N_("injection"), N_("inhaler"), N_("patch"), N_("drops"),
    N_("cream"), N_("another form"), NULL };
static const char *const dosage_codes[] = { "tablet", "capsule", "liquid",
    "injection", "inhaler", "patch", "drops", "cream", "other", NULL };
static const char *const no_yes[] = { N_("no"), N_("yes"), NULL };
static const char *const no_yes_codes[] = { "0", "1", NULL };

static const struct form_field_def med_fields[MF_COUNT] = {
	[MF_DRUG] = { N_("Drug"), FK_TEXT, true, 30, 200, 0, 0, NULL, NULL },
	[MF_STRENGTH] = { N_("Strength"), FK_TEXT, true, 14, 50, 0, 0, NULL,
	    NULL },
	[MF_FORM] = { N_("Form"), FK_CHOICE, true, 0, 0, 0, 0, dosage_forms,
	    dosage_codes },
	[MF_TIMES] = { N_("Dose times"), FK_TIMES, true, 24, 190, 0, 0, NULL,
	    NULL },
	[MF_AMOUNT] = { N_("Dose amount"), FK_NUMBER, false, 8, 10, 0.01,
	    1000, NULL, NULL },
	[MF_UNIT] = { N_("Dose unit"), FK_TEXT, false, 12, 20, 0, 0, NULL,
	    NULL },
	[MF_START] = { N_("Start date"), FK_DATE, true, 12, 12, 0, 0, NULL,
	    NULL },
	[MF_END] = { N_("End date"), FK_DATE, false, 12, 12, 0, 0, NULL,
	    NULL },
	[MF_PRESCRIBER] = { N_("Prescriber"), FK_TEXT, false, 30, 128, 0, 0,
	    NULL, NULL },
	[MF_PHARMACY] = { N_("Pharmacy"), FK_TEXT, false, 30, 128, 0, 0, NULL,
	    NULL },
	[MF_QUANTITY] = { N_("Quantity"), FK_INTEGER, false, 8, 6, 1, 10000,
	    NULL, NULL },
	[MF_SUPPLY] = { N_("Days of supply"), FK_INTEGER, false, 8, 4, 1,
	    365, NULL, NULL },
	[MF_REFILLS] = { N_("Refills left"), FK_INTEGER, false, 8, 3, 0, 99,
	    NULL, NULL },
	[MF_INSTRUCTIONS] = { N_("Instructions"), FK_TEXT, false, 30, 255, 0,
	    0, NULL, NULL },
	[MF_CRITICAL] = { N_("Critical"), FK_CHOICE, false, 0, 0, 0, 0, no_yes,
	    no_yes_codes },
};

enum override_field { OF_SERVICE, OF_RESULT, OF_NOTE, OF_COUNT };

static const char *const services[] = { N_("(choose)"),
    N_("M0 prescriber consulted"), N_("P0 patient consulted"),
    N_("R0 other source consulted"), NULL };
static const char *const service_codes[] = { "", "M0", "P0", "R0", NULL };
static const char *const results[] = { N_("(choose)"),
    N_("1A as is, false positive"), N_("1B as is"),
    N_("1C with a different dose"), N_("1D with different directions"),
    N_("1E with a different drug"), N_("1F with a different quantity"),
    N_("1G with prescriber approval"), NULL };
static const char *const result_codes[] = { "", "1A", "1B", "1C", "1D", "1E",
    "1F", "1G", NULL };

static const struct form_field_def override_fields[OF_COUNT] = {
	[OF_SERVICE] = { N_("Service"), FK_CHOICE, true, 0, 0, 0, 0, services,
	    service_codes },
	[OF_RESULT] = { N_("Result"), FK_CHOICE, true, 0, 0, 0, 0, results,
	    result_codes },
	[OF_NOTE] = { N_("Why it is safe"), FK_TEXT, true, 36, 255, 0, 0, NULL,
	    NULL },
};

enum fill_field { FF_QUANTITY, FF_SUPPLY, FF_DATE, FF_COUNT };

static const struct form_field_def fill_fields[FF_COUNT] = {
	[FF_QUANTITY] = { N_("Quantity"), FK_NUMBER, true, 8, 8, 0.01, 100000,
	    NULL, NULL },
	[FF_SUPPLY] = { N_("Days of supply"), FK_INTEGER, true, 8, 3, 1, 365,
	    NULL, NULL },
	[FF_DATE] = { N_("Filled on"), FK_DATE, true, 12, 12, 0, 0, NULL,
	    NULL },
};

static const struct form_field_def reason_optional[] = {
	{ N_("Reason"), FK_TEXT, false, 40, 255, 0, 0, NULL, NULL },
};
static const struct form_field_def reason_required[] = {
	{ N_("Reason"), FK_TEXT, true, 40, 255, 0, 0, NULL, NULL },
};

static const char *
status_name(enum ui_med_status s)
{
	switch (s) {
	case UI_MED_ACTIVE: return _("active");
	case UI_MED_PAUSED: return _("paused");
	case UI_MED_COMPLETED: return _("completed");
	case UI_MED_DISCONTINUED: return _("discontinued");
	}
	return "";
}

static bool
matches(const struct ui_medication *med, const char *filter)
{
	return text_contains(med->name, filter) ||
	    text_contains(med->strength, filter) ||
	    text_contains(med->prescriber, filter) ||
	    text_contains(status_name(med->status), filter);
}

static bool
keep_current(struct app *app, size_t i)
{
	return !ui_med_is_past(&app->model.meds[i]) &&
	    matches(&app->model.meds[i], app->lists[SCR_MEDS].filter);
}

static bool
keep_past(struct app *app, size_t i)
{
	return ui_med_is_past(&app->model.meds[i]) &&
	    matches(&app->model.meds[i], app->lists[SCR_MEDS].filter);
}

/* Active and paused medications first, then the past ones. */
static int
rows(struct app *app, int *index, int max)
{
	int n = list_filter(app, app->model.n_meds, keep_current, index, max);
	int room = max > n ? max - n : 0;

	return n + list_filter(app, app->model.n_meds, keep_past,
	    index != NULL && room > 0 ? index + n : NULL, room);
}

static void
supply_text(const struct ui_medication *med, char *buf, size_t size)
{
	switch (med->refill) {
	case UI_REFILL_UNKNOWN:
		snprintf(buf, size, "%s", _("no fill recorded"));
		break;
	case UI_REFILL_OUT:
		snprintf(buf, size, "%s", _("run out"));
		break;
	case UI_REFILL_SOON:
	case UI_REFILL_OK:
		snprintf(buf, size, ngettext("%ld day left", "%ld days left",
		    (unsigned long)med->days_left), med->days_left);
		break;
	}
}

static attr_t
supply_attr(const struct ui_medication *med)
{
	if (med->refill == UI_REFILL_OUT)
		return theme_attr(TH_ERROR);
	if (med->refill == UI_REFILL_SOON)
		return theme_attr(TH_MODERATE);
	return A_NORMAL;
}

static void
draw_row(WINDOW *w, int y, const struct ui_medication *med, bool selected)
{
	int cols = getmaxx(w);
	char name[UI_NAME_MAX + 80], supply[64];
	attr_t attr = ui_med_is_past(med) ? theme_attr(TH_MUTED) : A_NORMAL;

	if (selected)
		attr = theme_attr(TH_SELECTED);
	snprintf(name, sizeof name, "%s %s", med->name, med->strength);
	supply_text(med, supply, sizeof supply);
	draw_fill(w, y, 0, cols, attr);
	draw_cell(w, y, 1, name, cols - 50, attr);
	draw_cell(w, y, cols - 48, med->times, 16, attr);
	draw_cell(w, y, cols - 31, status_name(med->status), 13, attr);
	draw_cell(w, y, cols - 17, supply, 16,
	    selected ? attr : attr | supply_attr(med));
}

static void
draw_details(WINDOW *w, int y, const struct ui_medication *med)
{
	int cols = getmaxx(w), half = cols / 2;
	char buf[UI_NAME_MAX + 256], start[32], end[32], supply[64];

	draw_fill(w, y, 0, cols, theme_attr(TH_TAB_ACTIVE));
	snprintf(buf, sizeof buf, " %s %s %s", med->name, med->strength,
	    _(med->form));
	draw_text(w, y, 0, buf, cols, theme_attr(TH_TAB_ACTIVE));
	if (med->dose_amount[0])
		snprintf(buf, sizeof buf, "%s %s, %s", med->dose_amount,
		    med->dose_unit[0] ? med->dose_unit : _(med->form),
		    med->times);
	else
		snprintf(buf, sizeof buf, "%s", med->times);
	draw_pair(w, y + 1, 1, half - 2, _("Dose:"), buf);
	draw_pair(w, y + 1, half, half - 1, _("Status:"), status_name(med->status));
	date_to_locale(med->start_date, start, sizeof start);
	end[0] = '\0';
	if (med->end_date[0])
		date_to_locale(med->end_date, end, sizeof end);
	draw_pair(w, y + 2, 1, half - 2, _("Started:"), start);
	draw_pair(w, y + 2, half, half - 1, _("Ends:"), end);
	draw_pair(w, y + 3, 1, half - 2, _("Prescriber:"), med->prescriber);
	draw_pair(w, y + 3, half, half - 1, _("Pharmacy:"), med->pharmacy);
	snprintf(buf, sizeof buf, "%ld", med->refills_remaining);
	draw_pair(w, y + 4, 1, half - 2, _("Refills left:"), buf);
	supply_text(med, supply, sizeof supply);
	if (med->runout_date[0]) {
		char when[32];

		date_to_locale(med->runout_date, when, sizeof when);
		snprintf(buf, sizeof buf, _("%s, runs out %s"), supply, when);
	} else {
		snprintf(buf, sizeof buf, "%s", supply);
	}
	draw_pair(w, y + 4, half, half - 1, _("Supply:"), buf);
	draw_pair(w, y + 5, 1, cols - 2, _("Instructions:"), med->instructions);
	if (med->status_reason[0])
		draw_pair(w, y + 6, 1, cols - 2, _("Reason:"), med->status_reason);
	if (med->critical)
		draw_text(w, y + 7, 1,
		    _("Critical: its reminders sound even in quiet hours."),
		    cols - 2, theme_attr(TH_MODERATE));
}

/* The findings of a draft waiting for the person's answer. */
static void
draw_review(struct app *app, WINDOW *w)
{
	const struct ui_findings *f = &app->draft_findings;
	char title[UI_NAME_MAX + 96];
	int *index = malloc((f->n > 0 ? f->n : 1) * sizeof *index);

	snprintf(title, sizeof title, ngettext(
	    "Screening %s found %zu finding; nothing is saved yet.",
	    "Screening %s found %zu findings; nothing is saved yet.",
	    (unsigned long)f->n), app->draft.drug, f->n);
	draw_text(w, 0, 1, title, getmaxx(w) - 2, theme_attr(TH_TITLE));
	if (index == NULL)
		return;
	for (size_t i = 0; i < f->n; i++)
		index[i] = (int)i;
	screen_draw_findings(w, 2, getmaxy(w) - 2, f, index, (int)f->n, 0, 0);
	free(index);
}

static void
draw_heading(struct app *app, WINDOW *w)
{
	const struct ui_model *m = &app->model;
	size_t past = 0;
	char title[256], counts[96];

	for (size_t i = 0; i < m->n_meds; i++)
		past += ui_med_is_past(&m->meds[i]);
	if (app->lists[SCR_MEDS].filter[0])
		snprintf(title, sizeof title, _("Medications (search: %s)"),
		    app->lists[SCR_MEDS].filter);
	else
		snprintf(title, sizeof title, "%s", _("Medications"));
	draw_text(w, 0, 1, title, getmaxx(w) - 30, theme_attr(TH_TITLE));
	snprintf(counts, sizeof counts, _("%zu current, %zu past"),
	    m->n_meds - past, past);
	draw_text(w, 0, getmaxx(w) - text_width(counts) - 1, counts,
	    text_width(counts), A_NORMAL);
}

static void
draw_empty(struct app *app, WINDOW *w)
{
	char line[256];

	if (app->lists[SCR_MEDS].filter[0] && app->model.n_meds > 0)
		snprintf(line, sizeof line, _("No medication matches \"%s\"."),
		    app->lists[SCR_MEDS].filter);
	else
		snprintf(line, sizeof line, "%s",
		    _("No medications yet. Press a to add one."));
	draw_text(w, 2, 1, line, getmaxx(w) - 2, theme_attr(TH_MUTED));
}

static void
draw(struct app *app, WINDOW *w)
{
	struct list_state *l = &app->lists[SCR_MEDS];
	int count, shown = (getmaxy(w) - 2) / 2;
	int *index;

	if (app->reviewing) {
		draw_review(app, w);
		return;
	}
	draw_heading(app, w);
	index = list_rows(app, SCR_MEDS, &count);
	if (index == NULL)
		return;
	if (count == 0) {
		draw_empty(app, w);
		free(index);
		return;
	}
	draw_text(w, 1, 1, _("Medication"), 30, theme_attr(TH_MUTED));
	draw_text(w, 1, getmaxx(w) - 48, _("Times"), 16, theme_attr(TH_MUTED));
	draw_text(w, 1, getmaxx(w) - 31, _("Status"), 13, theme_attr(TH_MUTED));
	draw_text(w, 1, getmaxx(w) - 17, _("Supply"), 16, theme_attr(TH_MUTED));
	list_scroll(l, count, shown);
	for (int r = 0; r < shown && l->top + r < count; r++)
		draw_row(w, 2 + r, &app->model.meds[index[l->top + r]],
		    l->top + r == l->sel);
	draw_details(w, 2 + shown, &app->model.meds[index[l->sel]]);
	free(index);
}

static void
open_med_form(struct app *app, const struct ui_medication *med)
{
	struct uiform *f = &app->form;
	char iso[11], shown[32];

	uiform_init(f, med ? _("Edit medication") : _("Add a medication"),
	    med_fields, MF_COUNT, FP_MED);
	if (med == NULL) {
		app_today(app, iso);
		date_to_locale(iso, shown, sizeof shown);
		uiform_set(f, MF_START, shown);
		app_open_form(app);
		return;
	}
	f->id = med->id;
	uiform_set(f, MF_DRUG, med->name);
	uiform_set(f, MF_STRENGTH, med->strength);
	uiform_set(f, MF_FORM, med->form);
	uiform_set(f, MF_TIMES, med->times);
	uiform_set(f, MF_AMOUNT, med->dose_amount);
	uiform_set(f, MF_UNIT, med->dose_unit);
	date_to_locale(med->start_date, shown, sizeof shown);
	uiform_set(f, MF_START, shown);
	if (med->end_date[0]) {
		date_to_locale(med->end_date, shown, sizeof shown);
		uiform_set(f, MF_END, shown);
	}
	uiform_set(f, MF_PRESCRIBER, med->prescriber);
	uiform_set(f, MF_PHARMACY, med->pharmacy);
	if (med->quantity > 0) {
		snprintf(shown, sizeof shown, "%ld", med->quantity);
		uiform_set(f, MF_QUANTITY, shown);
	}
	if (med->days_supply > 0) {
		snprintf(shown, sizeof shown, "%ld", med->days_supply);
		uiform_set(f, MF_SUPPLY, shown);
	}
	snprintf(shown, sizeof shown, "%ld", med->refills_remaining);
	uiform_set(f, MF_REFILLS, shown);
	uiform_set(f, MF_INSTRUCTIONS, med->instructions);
	uiform_set(f, MF_CRITICAL, med->critical ? "1" : "0");
	app_open_form(app);
}

static long
number_or(const struct uiform *f, int field, long fallback)
{
	long v;

	return str_to_long(uiform_get(f, field), &v) == 0 ? v : fallback;
}

static void
fill_draft(struct ui_med_draft *d, const struct uiform *f)
{
	memset(d, 0, sizeof *d);
	d->id = f->id;
	str_copy(d->drug, sizeof d->drug, uiform_get(f, MF_DRUG));
	str_copy(d->strength, sizeof d->strength, uiform_get(f, MF_STRENGTH));
	str_copy(d->form, sizeof d->form, uiform_get(f, MF_FORM));
	str_copy(d->times, sizeof d->times, uiform_get(f, MF_TIMES));
	if (str_to_double(uiform_get(f, MF_AMOUNT), &d->dose_amount) != 0)
		d->dose_amount = 0;
	str_copy(d->dose_unit, sizeof d->dose_unit, uiform_get(f, MF_UNIT));
	str_copy(d->start_date, sizeof d->start_date, uiform_get(f, MF_START));
	str_copy(d->end_date, sizeof d->end_date, uiform_get(f, MF_END));
	str_copy(d->prescriber, sizeof d->prescriber,
	    uiform_get(f, MF_PRESCRIBER));
	str_copy(d->pharmacy, sizeof d->pharmacy, uiform_get(f, MF_PHARMACY));
	d->quantity = number_or(f, MF_QUANTITY, -1);
	d->days_supply = number_or(f, MF_SUPPLY, -1);
	d->refills = number_or(f, MF_REFILLS, 0);
	str_copy(d->instructions, sizeof d->instructions,
	    uiform_get(f, MF_INSTRUCTIONS));
	d->critical = strcmp(uiform_get(f, MF_CRITICAL), "1") == 0;
}

/* Saves the draft; on success the forms behind it go too. */
static bool
save_draft(struct app *app, const struct ui_override *ovr)
{
	struct error err;

	error_clear(&err);
	if (app->svc->save_medication == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Not saved: saving medications is not available in this version yet."));
		return false;
	}
	if (app->svc->save_medication(app->svc->ctx, &app->draft, ovr,
	    &err) != 0) {
		app_fail(app, &err);
		return false;
	}
	app_drop_parked(app);
	app_reload(app);
	app_status(app, STATUS_OK, _("Saved %s."), app->draft.drug);
	return true;
}

static void
review_answer(struct app *app, bool yes)
{
	app->reviewing = false;
	if (yes && save_draft(app, NULL))
		return;
	app_unpark_form(app);
}

/*
 * The findings stand above the override form, the majors first: the
 * override answers them, and saving counts the lesser ones as read.
 */
static void
draw_majors(struct app *app, WINDOW *w, int rows)
{
	const struct ui_findings *f = &app->draft_findings;
	int *index = malloc((f->n > 0 ? f->n : 1) * sizeof *index);
	int n = 0;

	draw_text(w, 0, 1,
	    _("A major finding needs an override with NCPDP codes to save:"),
	    getmaxx(w) - 2, theme_attr(TH_ERROR));
	if (index == NULL)
		return;
	for (size_t i = 0; i < f->n; i++)
		index[n++] = (int)i;
	screen_draw_findings(w, 1, rows - 1, f, index, n, 0, 0);
	free(index);
}

static void
open_override(struct app *app)
{
	app_park_form(app);
	uiform_init(&app->form, _("Override the major finding"),
	    override_fields, OF_COUNT, FP_OVERRIDE);
	app->form_top = app->body != NULL ? getmaxy(app->body) - 8 : 10;
	app->form_above = draw_majors;
	app_open_form(app);
}

enum submit_result
screen_meds_submit(struct app *app, struct uiform *f)
{
	struct error err;

	if (uiform_get(f, MF_END)[0] &&
	    strcmp(uiform_get(f, MF_END), uiform_get(f, MF_START)) < 0) {
		uiform_refuse(f, MF_END, _("before the start date"));
		app_status(app, STATUS_ERROR, "%s",
		    _("Not saved: the end date comes before the start date."));
		return SUBMIT_KEEP;
	}
	if (app->svc->screen_medication == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Not saved: interaction screening is not available in this version, and no medication is saved unscreened."));
		return SUBMIT_KEEP;
	}
	fill_draft(&app->draft, f);
	ui_findings_free(&app->draft_findings);
	error_clear(&err);
	if (app->svc->screen_medication(app->svc->ctx, &app->draft,
	    &app->draft_findings, &err) != 0) {
		app_fail(app, &err);
		return SUBMIT_KEEP;
	}
	ui_findings_sort(&app->draft_findings);
	if (app->draft_findings.n == 0)
		return save_draft(app, NULL) ? SUBMIT_CLOSE : SUBMIT_KEEP;
	if (ui_findings_have_major(&app->draft_findings)) {
		open_override(app);
		return SUBMIT_MOVED;
	}
	app_park_form(app);
	app->reviewing = true;
	app_ask(app, _("Save it with these findings? (y/n)"), review_answer);
	return SUBMIT_MOVED;
}

enum submit_result
screen_meds_override(struct app *app, struct uiform *f)
{
	struct ui_override ovr;

	memset(&ovr, 0, sizeof ovr);
	for (size_t i = 0; i < app->draft_findings.n; i++) {
		if (app->draft_findings.items[i].severity == UI_SEV_MAJOR) {
			str_copy(ovr.conflict, sizeof ovr.conflict,
			    app->draft_findings.items[i].kind);
			break;
		}
	}
	str_copy(ovr.service, sizeof ovr.service, uiform_get(f, OF_SERVICE));
	str_copy(ovr.result, sizeof ovr.result, uiform_get(f, OF_RESULT));
	str_copy(ovr.note, sizeof ovr.note, uiform_get(f, OF_NOTE));
	return save_draft(app, &ovr) ? SUBMIT_CLOSE : SUBMIT_KEEP;
}

static bool
change_status(struct app *app, int64_t id, enum ui_med_status to,
    const char *reason)
{
	struct error err;

	error_clear(&err);
	if (app->svc->set_medication_status == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Not saved: changing a medication's status is not available in this version yet."));
		return false;
	}
	if (app->svc->set_medication_status(app->svc->ctx, id, to, reason,
	    &err) != 0) {
		app_fail(app, &err);
		return false;
	}
	app_reload(app);
	app_status(app, STATUS_OK, _("Now %s."), status_name(to));
	return true;
}

enum submit_result
screen_meds_status_submit(struct app *app, struct uiform *f)
{
	enum ui_med_status to = f->purpose == FP_PAUSE ? UI_MED_PAUSED :
	    UI_MED_DISCONTINUED;

	return change_status(app, f->id, to, uiform_get(f, 0)) ?
	    SUBMIT_CLOSE : SUBMIT_KEEP;
}

static void
resume_answer(struct app *app, bool yes)
{
	if (yes)
		change_status(app, app->pending_med, UI_MED_ACTIVE, "");
}

static void
pause_or_resume(struct app *app, const struct ui_medication *med)
{
	char title[UI_NAME_MAX + 64];

	if (ui_med_is_past(med)) {
		app_status(app, STATUS_INFO, "%s",
		    _("A past medication cannot be paused; add it again to restart it."));
		return;
	}
	if (med->status == UI_MED_PAUSED) {
		app->pending_med = med->id;
		snprintf(title, sizeof title, _("Resume %s? (y/n)"), med->name);
		app_ask(app, title, resume_answer);
		return;
	}
	snprintf(title, sizeof title, _("Pause %s"), med->name);
	uiform_init(&app->form, title, reason_optional, 1, FP_PAUSE);
	app->form.id = med->id;
	app_open_form(app);
}

static void
discontinue(struct app *app, const struct ui_medication *med)
{
	char title[UI_NAME_MAX + 64];

	if (med->status == UI_MED_DISCONTINUED) {
		app_status(app, STATUS_INFO, "%s",
		    _("It is already discontinued."));
		return;
	}
	snprintf(title, sizeof title, _("Discontinue %s"), med->name);
	uiform_init(&app->form, title, reason_required, 1,
	    FP_DISCONTINUE);
	app->form.id = med->id;
	app_open_form(app);
}

/* Fills ------------------------------------------------------------------- */

/* The prescription's quantity and supply are the likely fill. */
static void
open_fill_form(struct app *app, const struct ui_medication *med)
{
	struct uiform *f = &app->form;
	char title[UI_NAME_MAX + 64], iso[11], shown[32];

	if (ui_med_is_past(med)) {
		app_status(app, STATUS_INFO, "%s",
		    _("A past medication is not filled; add it again to restart it."));
		return;
	}
	snprintf(title, sizeof title, _("Record a fill of %s %s"), med->name,
	    med->strength);
	uiform_init(f, title, fill_fields, FF_COUNT, FP_FILL);
	f->id = med->id;
	if (med->quantity > 0) {
		snprintf(shown, sizeof shown, "%ld", med->quantity);
		uiform_set(f, FF_QUANTITY, shown);
	}
	if (med->days_supply > 0) {
		snprintf(shown, sizeof shown, "%ld", med->days_supply);
		uiform_set(f, FF_SUPPLY, shown);
	}
	app_today(app, iso);
	date_to_locale(iso, shown, sizeof shown);
	uiform_set(f, FF_DATE, shown);
	app_open_form(app);
}

static void fill_anyway_answer(struct app *app, bool yes);

static bool
save_fill(struct app *app, bool override)
{
	struct uiform *f = &app->form;
	struct ui_fill fill;
	struct ui_fill_done done;
	struct error err;
	char question[320], due[32];

	memset(&fill, 0, sizeof fill);
	fill.medication_id = f->id;
	fill.quantity = strtod(uiform_get(f, FF_QUANTITY), NULL);
	fill.days_supply = strtol(uiform_get(f, FF_SUPPLY), NULL, 10);
	str_copy(fill.date, sizeof fill.date, uiform_get(f, FF_DATE));
	error_clear(&err);
	if (app->svc->add_fill(app->svc->ctx, &fill, override, &done,
	    &err) == 0) {
		app_reload(app);
		app_status(app, STATUS_OK,
		    _("Fill recorded; %d refill(s) left on the prescription."),
		    done.refills_remaining);
		return true;
	}
	if (err.kind == ERR_CONFLICT && done.too_soon) {
		date_to_locale(done.due_from, due, sizeof due);
		snprintf(question, sizeof question,
		    _("Too soon: due from %s. Record it anyway? (y/n)"), due);
		app_ask(app, question, fill_anyway_answer);
		return false;
	}
	app_fail(app, &err);
	return false;
}

static void
fill_anyway_answer(struct app *app, bool yes)
{
	if (!yes) {
		app_status(app, STATUS_INFO, "%s",
		    _("Nothing was recorded; the form is as you typed it."));
		return;
	}
	if (save_fill(app, true))
		app_close_form(app);
}

enum submit_result
screen_meds_fill_submit(struct app *app, struct uiform *f)
{
	if (!app_not_future(app, f, FF_DATE,
	    _("Not saved: a fill is recorded once it is dispensed.")))
		return SUBMIT_KEEP;
	if (app->svc->add_fill == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Not saved: recording fills is not available in this version yet."));
		return SUBMIT_KEEP;
	}
	return save_fill(app, false) ? SUBMIT_CLOSE : SUBMIT_KEEP;
}

static bool
act(struct app *app, enum action action)
{
	int i;

	if (action == ACT_ADD) {
		open_med_form(app, NULL);
		return true;
	}
	if (action != ACT_EDIT && action != ACT_PAUSE &&
	    action != ACT_DISCONTINUE && action != ACT_FILL)
		return false;
	i = list_selected(app, SCR_MEDS);
	if (i < 0) {
		app_status(app, STATUS_INFO, "%s",
		    _("No medication is selected."));
		return true;
	}
	if (action == ACT_EDIT)
		open_med_form(app, &app->model.meds[i]);
	else if (action == ACT_PAUSE)
		pause_or_resume(app, &app->model.meds[i]);
	else if (action == ACT_FILL)
		open_fill_form(app, &app->model.meds[i]);
	else
		discontinue(app, &app->model.meds[i]);
	return true;
}

const struct screen screen_meds = {
	N_("Medications"), KC_MEDS, draw, act, rows
};
