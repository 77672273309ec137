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

#define SEVERITY_COLS 10

static const char *
severity_name(enum ui_severity s)
{
	switch (s) {
	case UI_SEV_MAJOR: return _("MAJOR");
	case UI_SEV_MODERATE: return _("moderate");
	case UI_SEV_MINOR: return _("minor");
	}
	return "";
}

static enum theme_role
severity_role(enum ui_severity s)
{
	return s == UI_SEV_MAJOR ? TH_MAJOR : s == UI_SEV_MODERATE ?
	    TH_MODERATE : TH_MINOR;
}

/* The findings the screen shows: a tried drug's, or the record's. */
static const struct ui_findings *
shown(const struct app *app)
{
	return app->tried_drug[0] ? &app->tried : &app->model.findings;
}

static bool
matches(const struct ui_finding *f, const char *filter)
{
	return text_contains(f->drugs, filter) ||
	    text_contains(f->kind, filter) ||
	    text_contains(severity_name(f->severity), filter) ||
	    text_contains(f->effect, filter);
}

static bool
keep(struct app *app, size_t i)
{
	return matches(&shown(app)->items[i],
	    app->lists[SCR_INTERACTIONS].filter);
}

static int
rows(struct app *app, int *index, int max)
{
	return list_filter(app, shown(app)->n, keep, index, max);
}

/* A lesser finding read before is listed quietly; a major one never is. */
static bool
quiet(const struct ui_finding *f)
{
	return f->reviewed && f->severity != UI_SEV_MAJOR;
}

static void
draw_finding_row(WINDOW *w, int y, const struct ui_finding *f, bool sel)
{
	int cols = getmaxx(w);
	attr_t attr = sel ? theme_attr(TH_SELECTED) : quiet(f) ?
	    theme_attr(TH_MUTED) : A_NORMAL;
	char drugs[UI_NAME_MAX + 32];

	snprintf(drugs, sizeof drugs, quiet(f) ? _("%s (read)") : "%s",
	    f->drugs);
	draw_fill(w, y, 0, cols, attr);
	draw_cell(w, y, 1, severity_name(f->severity), SEVERITY_COLS - 1,
	    sel || quiet(f) ? attr : theme_attr(severity_role(f->severity)));
	draw_cell(w, y, SEVERITY_COLS + 1, f->kind, 3, attr);
	draw_cell(w, y, SEVERITY_COLS + 5, drugs, cols - SEVERITY_COLS - 6,
	    attr);
}

/* Writes "Label: text" wrapped; returns the rows it took. */
static int
labelled(WINDOW *w, int y, int rows, const char *label, const char *text)
{
	char line[UI_TEXT_MAX + 64];

	int n;

	if (rows <= 0)
		return 0;
	snprintf(line, sizeof line, "%s %s", label, text[0] ? text : "-");
	n = draw_wrapped(w, y, 1, rows, getmaxx(w) - 2, line, 0, A_NORMAL);
	/* The label starts the first line; bold it over the plain copy. */
	draw_text(w, y, 1, label, getmaxx(w) - 2, theme_attr(TH_TITLE));
	return n < rows ? n : rows;
}

void
screen_draw_findings(WINDOW *w, int y, int rows, const struct ui_findings *f,
    const int *index, int n, int sel, int top)
{
	int list_rows = n < rows / 3 ? n : rows / 3;
	const struct ui_finding *cur;
	int at;

	if (list_rows < 1)
		list_rows = 1;
	for (int r = 0; r < list_rows && top + r < n; r++)
		draw_finding_row(w, y + r, &f->items[index[top + r]],
		    top + r == sel);
	if (n == 0 || sel >= n)
		return;
	cur = &f->items[index[sel]];
	at = y + list_rows + 1;
	at += labelled(w, at, y + rows - at, _("Mechanism:"), cur->mechanism);
	at += labelled(w, at, y + rows - at, _("Effect:"), cur->effect);
	labelled(w, at, y + rows - at, _("Management:"), cur->management);
}

static void
draw_heading(struct app *app, WINDOW *w)
{
	const struct ui_findings *f = shown(app);
	size_t count[4] = { 0, 0, 0, 0 };
	char title[UI_NAME_MAX + 160], counts[128];
	char source[sizeof app->model.drug_data + 64];

	for (size_t i = 0; i < f->n; i++)
		count[f->items[i].severity & 3]++;
	if (app->tried_drug[0])
		snprintf(title, sizeof title,
		    _("If %s were added (Esc: back to the list)"),
		    app->tried_drug);
	else if (app->lists[SCR_INTERACTIONS].filter[0])
		snprintf(title, sizeof title, _("Interactions (search: %s)"),
		    app->lists[SCR_INTERACTIONS].filter);
	else
		snprintf(title, sizeof title, "%s",
		    _("Interactions, most severe first"));
	draw_text(w, 0, 1, title, getmaxx(w) - 2, theme_attr(TH_TITLE));
	snprintf(counts, sizeof counts, _("%zu major, %zu moderate, %zu minor"),
	    count[UI_SEV_MAJOR], count[UI_SEV_MODERATE], count[UI_SEV_MINOR]);
	draw_text(w, 1, 1, counts, getmaxx(w) - 2, A_NORMAL);

	/* Where the findings come from, and what they are not. */
	if (app->model.drug_data[0] != '\0')
		snprintf(source, sizeof source,
		    _("drug data %s (sources: ? help)"),
		    app->model.drug_data);
	else
		snprintf(source, sizeof source, "%s",
		    _("no drug catalogue loaded"));
	draw_text(w, 1, 2 + text_width(counts) + 2, source,
	    getmaxx(w) - text_width(counts) - 5, theme_attr(TH_MUTED));
	draw_text(w, 2, 1,
	    _("Not a substitute for a pharmacist's or doctor's judgement."),
	    getmaxx(w) - 2, theme_attr(TH_MUTED));
}

static void
draw(struct app *app, WINDOW *w)
{
	struct list_state *l = &app->lists[SCR_INTERACTIONS];
	int count, rows_left = getmaxy(w) - 3;
	int *index;

	draw_heading(app, w);
	index = list_rows(app, SCR_INTERACTIONS, &count);
	if (index == NULL)
		return;
	if (count == 0) {
		const char *msg = l->filter[0] && shown(app)->n > 0 ?
		    _("No finding matches the search.") : app->tried_drug[0] ?
		    _("No finding: nothing on the list interacts with it.") :
		    _("No findings for this record.");

		draw_text(w, 3, 1, msg, getmaxx(w) - 2, theme_attr(TH_MUTED));
		free(index);
		return;
	}
	list_scroll(l, count, rows_left / 3 > 0 ? rows_left / 3 : 1);
	screen_draw_findings(w, 3, rows_left, shown(app), index, count, l->sel,
	    l->top);
	free(index);
}

static void
drug_chosen(struct app *app, int index)
{
	struct error err;

	if (index < 0)
		return;
	error_clear(&err);
	ui_findings_free(&app->tried);
	if (app->svc->try_drug(app->svc->ctx, app->chooser.ids[index],
	    &app->tried, &err) != 0) {
		app_fail(app, &err);
		return;
	}
	ui_findings_sort(&app->tried);
	str_copy(app->tried_drug, sizeof app->tried_drug,
	    app->chooser.names[index]);
	memset(&app->lists[SCR_INTERACTIONS], 0,
	    sizeof app->lists[SCR_INTERACTIONS]);
	app_status(app, STATUS_INFO, ngettext("%zu finding for %s.",
	    "%zu findings for %s.", (unsigned long)app->tried.n),
	    app->tried.n, app->tried_drug);
}

static void
drug_typed(struct app *app, bool accepted)
{
	char query[256];
	const char *names[CHOOSER_MAX];
	int64_t ids[CHOOSER_MAX];
	struct error err;
	int n = 0;

	if (!accepted)
		return;
	str_copy(query, sizeof query, app->prompt.text);
	str_trim(query);
	if (query[0] == '\0') {
		app_status(app, STATUS_ERROR, "%s",
		    _("Type part of a drug's name to search for it."));
		return;
	}
	if (app->svc->search_drugs == NULL || app->svc->try_drug == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Drug search is not available in this version yet."));
		return;
	}
	error_clear(&err);
	if (app->svc->search_drugs(app->svc->ctx, query, app->hits,
	    CHOOSER_MAX, &n, &err) != 0) {
		app_fail(app, &err);
		return;
	}
	if (n == 0) {
		app_status(app, STATUS_INFO, _("No drug matches \"%s\"."),
		    query);
		return;
	}
	for (int i = 0; i < n; i++) {
		names[i] = app->hits[i].name;
		ids[i] = app->hits[i].drug_id;
	}
	app_choose(app, _("Try which drug?"), names, ids, n, drug_chosen);
}

/* Marks the selected finding of the record as read. */
static void
review(struct app *app)
{
	int i = list_selected(app, SCR_INTERACTIONS);
	struct error err;

	if (app->tried_drug[0] || i < 0) {
		app_status(app, STATUS_INFO, "%s", app->tried_drug[0] ?
		    _("Only the record's own findings can be marked as read.") :
		    _("No finding is selected."));
		return;
	}
	if (app->svc->review_finding == NULL) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Marking findings is not available in this version."));
		return;
	}
	error_clear(&err);
	if (app->svc->review_finding(app->svc->ctx, &app->model.findings.items[i],
	    &err) != 0) {
		app_fail(app, &err);
		return;
	}
	app_reload(app);
	app_status(app, STATUS_OK, "%s", _("Marked as read."));
}

static bool
act(struct app *app, enum action action)
{
	if (action == ACT_REVIEW) {
		review(app);
		return true;
	}
	if (action == ACT_CLOSE && app->tried_drug[0]) {
		app->tried_drug[0] = '\0';
		ui_findings_free(&app->tried);
		memset(&app->lists[SCR_INTERACTIONS], 0,
		    sizeof app->lists[SCR_INTERACTIONS]);
		return true;
	}
	if (action != ACT_TRY_DRUG)
		return false;
	app_ask_text(app, _("Drug to try:"), false, drug_typed);
	return true;
}

const struct screen screen_interactions = {
	N_("Interactions"), KC_INTERACTIONS, draw, act, rows
};
