#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "ui/calendar.h"
#include "ui/chart.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"

#define CHART_ROWS 9

static const char *
view_name(enum adherence_view v)
{
	switch (v) {
	case ADH_DAYS: return _("by day");
	case ADH_WEEKS: return _("by week");
	case ADH_MONTH: return _("month");
	case ADH_YEAR: return _("year");
	case ADH_VIEW_COUNT: break;
	}
	return "";
}

/* The year and month shown, offset months or years back from today. */
static void
period_shown(struct app *app, int *year, int *month)
{
	char iso[11];
	long day;
	int d;

	app_today(app, iso);
	if (!cal_from_iso(iso, &day))
		day = 0;
	cal_split(day, year, month, &d);
	if (app->adherence_view == ADH_YEAR) {
		*year -= app->adherence_offset;
		return;
	}
	*month -= app->adherence_offset;
	while (*month < 1) {
		*month += 12;
		(*year)--;
	}
}

static void
draw_summary(struct app *app, WINDOW *w, int y)
{
	const struct ui_adherence *a = &app->model.adherence;
	char line[256], pdc[128];

	if (a->pdc >= 0)
		snprintf(pdc, sizeof pdc, a->pdc >= a->pdc_target ?
		    _("PDC %.1f%%, adherent (%.0f%% or more)") :
		    _("PDC %.1f%%, below the %.0f%% target"), a->pdc,
		    a->pdc_target);
	else
		snprintf(pdc, sizeof pdc, "%s", _("PDC not known yet"));
	snprintf(line, sizeof line,
	    _("Streak: %d days now, longest %d days.  %s"),
	    a->current_streak, a->longest_streak, pdc);
	draw_text(w, y, 1, line, getmaxx(w) - 2,
	    a->pdc >= 0 && a->pdc < a->pdc_target ? theme_attr(TH_MODERATE) :
	    A_NORMAL);
}

/* How many periods back the bars end, a screenful per step. */
static size_t
bars_end(struct app *app, size_t n, int cols)
{
	size_t page = (size_t)chart_bars_fit(cols - 5, 3);
	size_t back = page * (size_t)app->adherence_offset;

	if (back >= n)
		return n > 0 ? (n < page ? n : page) : 0;
	return n - back;
}

static void
draw_chart(struct app *app, WINDOW *w, int y)
{
	const struct ui_adherence *a = &app->model.adherence;
	int cols = getmaxx(w) - 2, year, month;

	switch (app->adherence_view) {
	case ADH_DAYS:
		chart_bars(w, y, 1, CHART_ROWS, cols, a->days,
		    bars_end(app, a->n_days, cols), CHART_LABEL_DAYS);
		break;
	case ADH_WEEKS:
		chart_bars(w, y, 1, CHART_ROWS, cols, a->weeks,
		    bars_end(app, a->n_weeks, cols), CHART_LABEL_MONTHS);
		break;
	case ADH_MONTH:
		period_shown(app, &year, &month);
		chart_month(w, y, 3, a, year, month);
		chart_legend(w, y + CHART_ROWS - 1, 1, cols);
		break;
	case ADH_YEAR:
		period_shown(app, &year, &month);
		chart_year(w, y, 1, a, year);
		chart_legend(w, y + CHART_ROWS - 1, 1, cols);
		break;
	case ADH_VIEW_COUNT:
		break;
	}
}

static void
draw_breakdown(struct app *app, WINDOW *w, int y)
{
	const struct ui_adherence *a = &app->model.adherence;
	int cols = getmaxx(w), rows = getmaxy(w) - y - 1;

	draw_text(w, y, 1, _("Medication"), cols - 30, theme_attr(TH_MUTED));
	draw_text(w, y, cols - 28, _("Taken"), 11, theme_attr(TH_MUTED));
	draw_text(w, y, cols - 16, "%", 6, theme_attr(TH_MUTED));
	draw_text(w, y, cols - 9, "PDC", 8, theme_attr(TH_MUTED));
	for (int r = 0; r < rows && (size_t)r < a->n_meds; r++) {
		const struct ui_med_adherence *m = &a->meds[r];
		char taken[32], pct[16], pdc[16];

		snprintf(taken, sizeof taken, "%d/%d", m->taken, m->scheduled);
		if (m->scheduled > 0)
			snprintf(pct, sizeof pct, "%.0f%%",
			    100.0 * m->taken / m->scheduled);
		else
			snprintf(pct, sizeof pct, "-");
		if (m->pdc >= 0)
			snprintf(pdc, sizeof pdc, "%.1f%%", m->pdc);
		else
			snprintf(pdc, sizeof pdc, "-");
		draw_text(w, y + 1 + r, 1, m->name, cols - 30, A_NORMAL);
		draw_text(w, y + 1 + r, cols - 28, taken, 11, A_NORMAL);
		draw_text(w, y + 1 + r, cols - 16, pct, 6, A_NORMAL);
		draw_text(w, y + 1 + r, cols - 9, pdc, 8,
		    m->pdc >= 0 && m->pdc < a->pdc_target ?
		    theme_attr(TH_MODERATE) : A_NORMAL);
	}
}

static void
draw_title(struct app *app, WINDOW *w)
{
	static const nl_item mon[] = { MON_1, MON_2, MON_3, MON_4, MON_5,
	    MON_6, MON_7, MON_8, MON_9, MON_10, MON_11, MON_12 };
	char title[256], which[128];
	int year, month;

	period_shown(app, &year, &month);
	if (app->adherence_view == ADH_MONTH)
		snprintf(which, sizeof which, "%s %d",
		    nl_langinfo(mon[month - 1]), year);
	else if (app->adherence_view == ADH_YEAR)
		snprintf(which, sizeof which, "%d", year);
	else
		snprintf(which, sizeof which, "%s", view_name(
		    app->adherence_view));
	snprintf(title, sizeof title, _("Adherence: %s"), which);
	draw_text(w, 0, 1, title, getmaxx(w) - 2, theme_attr(TH_TITLE));
}

static void
draw(struct app *app, WINDOW *w)
{
	const struct ui_adherence *a = &app->model.adherence;

	draw_title(app, w);
	if (a->n_days == 0 && a->n_weeks == 0 && a->n_meds == 0) {
		draw_wrapped(w, 2, 1, 3, getmaxx(w) - 2,
		    _("No doses recorded yet, so there is nothing to chart."),
		    0, theme_attr(TH_MUTED));
		return;
	}
	draw_summary(app, w, 1);
	draw_chart(app, w, 3);
	draw_breakdown(app, w, 3 + CHART_ROWS + 1);
}

static bool
act(struct app *app, enum action action)
{
	switch (action) {
	case ACT_NEXT_VIEW:
		app->adherence_view = (app->adherence_view + 1) %
		    ADH_VIEW_COUNT;
		app->adherence_offset = 0;
		return true;
	case ACT_EARLIER:
		app->adherence_offset++;
		return true;
	case ACT_LATER:
		if (app->adherence_offset > 0)
			app->adherence_offset--;
		return true;
	default:
		return false;
	}
}

const struct screen screen_adherence = {
	N_("Adherence"), KC_ADHERENCE, draw, act, NULL
};
