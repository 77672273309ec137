#include "config.h"

#include "ui/chart.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "ui/calendar.h"
#include "ui/draw.h"
#include "ui/text.h"
#include "ui/theme.h"

int
chart_bar_eighths(double percent, int rows)
{
	double p;

	if (rows <= 0 || !(percent > 0))
		return 0;
	p = percent > 100 ? 100 : percent;
	/* Any dose taken shows at least a sliver above an empty day. */
	return (int)fmax(1, lround(p * rows * 8 / 100.0));
}

int
chart_heat_level(double percent)
{
	if (percent < 0)
		return 0;
	if (percent < 50)
		return 1;
	if (percent < 80)
		return 2;
	if (percent < 100)
		return 3;
	return 4;
}

int
chart_bars_fit(int cols, int bar_cols)
{
	return bar_cols > 0 && cols > 0 ? cols / bar_cols : 0;
}

static bool
utf8(void)
{
	return MB_CUR_MAX > 1;
}

const char *
chart_heat_glyph(int level)
{
	static const char *const fancy[] = { "\xc2\xb7", "\xe2\x96\x91",
	    "\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88" };
	static const char *const plain[] = { ".", "-", "+", "*", "#" };

	if (level < 0 || level > 4)
		level = 0;
	return utf8() ? fancy[level] : plain[level];
}

static enum theme_role
heat_role(int level)
{
	static const enum theme_role roles[] = { TH_HEAT_NONE, TH_HEAT_LOW,
	    TH_HEAT_MID, TH_HEAT_HIGH, TH_HEAT_FULL };

	return roles[level < 0 || level > 4 ? 0 : level];
}

double
chart_day_percent(const struct ui_adherence *a, long day)
{
	long first, idx;

	if (a->n_days == 0 || !cal_from_iso(a->days[0].start, &first))
		return -1;
	idx = day - first;
	if (idx >= 0 && (size_t)idx < a->n_days) {
		long at;

		if (cal_from_iso(a->days[idx].start, &at) && at == day)
			return a->days[idx].percent;
	}
	/* The series has a gap: look the day up the slow way. */
	for (size_t i = 0; i < a->n_days; i++) {
		long at;

		if (cal_from_iso(a->days[i].start, &at) && at == day)
			return a->days[i].percent;
	}
	return -1;
}

/* One cell of a bar at a row counted from the bottom. */
static const char *
bar_piece(int eighths, int row)
{
	static const char *const blocks[] = { " ", "\xe2\x96\x81",
	    "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85",
	    "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" };
	int in_row = eighths - row * 8;

	if (in_row <= 0)
		return " ";
	if (in_row >= 8)
		return utf8() ? blocks[8] : "#";
	if (!utf8())
		return in_row >= 4 ? "#" : " ";
	return blocks[in_row];
}

static void
draw_scale(WINDOW *w, int y, int x, int rows)
{
	draw_text(w, y, x, "100%", 4, theme_attr(TH_MUTED));
	if (rows >= 5)
		draw_text(w, y + rows / 2, x, " 50%", 4, theme_attr(TH_MUTED));
	draw_text(w, y + rows - 1, x, "  0%", 4, theme_attr(TH_MUTED));
}

static void
draw_bar(WINDOW *w, int y, int x, int rows, const struct ui_period *p)
{
	int level = chart_heat_level(p->percent);
	attr_t attr = theme_attr(heat_role(level));
	int eighths = chart_bar_eighths(p->percent, rows);

	if (p->percent < 0) {
		draw_text(w, y + rows - 1, x, chart_heat_glyph(0), 1, attr);
		return;
	}
	if (eighths == 0) {
		draw_text(w, y + rows - 1, x, "_", 1, attr);
		return;
	}
	for (int r = 0; r < rows; r++) {
		const char *piece = bar_piece(eighths, r);

		draw_text(w, y + rows - 1 - r, x, piece, 1, attr);
		draw_text(w, y + rows - 1 - r, x + 1, piece, 1, attr);
	}
}

static const nl_item abmon[] = { ABMON_1, ABMON_2, ABMON_3, ABMON_4,
    ABMON_5, ABMON_6, ABMON_7, ABMON_8, ABMON_9, ABMON_10, ABMON_11,
    ABMON_12 };

/* The label under a bar, or "" when this bar has none. */
static void
bar_label(const struct ui_period *p, const struct ui_period *before,
    enum chart_labels labels, char *buf, size_t size)
{
	long day, prev;
	int y, m, d, py, pm, pd;

	buf[0] = '\0';
	if (!cal_from_iso(p->start, &day))
		return;
	cal_split(day, &y, &m, &d);
	if (labels == CHART_LABEL_DAYS) {
		if (d == 1 || d % 7 == 1)
			snprintf(buf, size, "%d", d);
		return;
	}
	if (before != NULL && cal_from_iso(before->start, &prev)) {
		cal_split(prev, &py, &pm, &pd);
		if (pm == m)
			return;
	}
	snprintf(buf, size, "%s", nl_langinfo(abmon[m - 1]));
}

void
chart_bars(WINDOW *w, int y, int x, int rows, int cols,
    const struct ui_period *periods, size_t end, enum chart_labels labels)
{
	int plot_rows = rows - 1;
	int fit = chart_bars_fit(cols - 5, 3);
	size_t first = end > (size_t)fit ? end - (size_t)fit : 0;
	int label_free = 0;

	if (plot_rows < 2 || fit <= 0)
		return;
	draw_scale(w, y, x, plot_rows);
	for (size_t i = first; i < end; i++) {
		int bx = x + 5 + (int)(i - first) * 3;
		char label[32];

		draw_bar(w, y, bx, plot_rows, &periods[i]);
		bar_label(&periods[i], i > first ? &periods[i - 1] : NULL,
		    labels, label, sizeof label);
		if (label[0] == '\0' || bx < label_free)
			continue;
		label_free = bx + draw_text(w, y + plot_rows, bx, label,
		    x + cols - bx, theme_attr(TH_MUTED)) + 1;
	}
}

/* Two columns of the locale's abbreviated weekday name. */
static void
weekday_name(int weekday, char *buf, size_t size)
{
	static const nl_item abday[] = { ABDAY_1, ABDAY_2, ABDAY_3, ABDAY_4,
	    ABDAY_5, ABDAY_6, ABDAY_7 };

	text_fit(nl_langinfo(abday[weekday]), 2, false, buf, size);
}

int
chart_month(WINDOW *w, int y, int x, const struct ui_adherence *a,
    int year, int month)
{
	int first_wd = cal_first_weekday();
	long first = cal_days(year, month, 1);
	int ndays = cal_month_days(year, month);
	int lead = (cal_weekday(first) - first_wd + 7) % 7;
	int row = 1;

	for (int i = 0; i < 7; i++) {
		char name[16];

		weekday_name((first_wd + i) % 7, name, sizeof name);
		draw_text(w, y, x + i * 5, name, 4, theme_attr(TH_TITLE));
	}
	for (int d = 1; d <= ndays; d++) {
		int col = (lead + d - 1) % 7;
		int level = chart_heat_level(chart_day_percent(a,
		    first + d - 1));
		char num[16];

		snprintf(num, sizeof num, "%2d", d);
		draw_text(w, y + row, x + col * 5, num, 2, A_NORMAL);
		draw_text(w, y + row, x + col * 5 + 2, chart_heat_glyph(level),
		    1, theme_attr(heat_role(level)));
		if (col == 6 && d < ndays)
			row++;
	}
	return row + 1;
}

int
chart_year(WINDOW *w, int y, int x, const struct ui_adherence *a, int year)
{
	int first_wd = cal_first_weekday();
	long first = cal_days(year, 1, 1);
	long last = cal_days(year + 1, 1, 1);
	int lead = (cal_weekday(first) - first_wd + 7) % 7;
	int next_label_col = 0;

	for (int i = 0; i < 7; i++) {
		char name[16];

		weekday_name((first_wd + i) % 7, name, sizeof name);
		draw_text(w, y + 1 + i, x, name, 2, theme_attr(TH_MUTED));
	}
	for (long day = first; day < last; day++) {
		int offset = (int)(day - first) + lead;
		int col = offset / 7, wd = offset % 7;
		int level = chart_heat_level(chart_day_percent(a, day));
		int yy, mm, dd;

		cal_split(day, &yy, &mm, &dd);
		if (dd == 1 && col >= next_label_col) {
			draw_text(w, y, x + 3 + col, nl_langinfo(abmon[mm - 1]),
			    3, theme_attr(TH_MUTED));
			next_label_col = col + 4;
		}
		draw_text(w, y + 1 + wd, x + 3 + col, chart_heat_glyph(level),
		    1, theme_attr(heat_role(level)));
	}
	return 8;
}

void
chart_legend(WINDOW *w, int y, int x, int cols)
{
	/* TRANSLATORS: the key to the heat map; each follows its symbol. */
	const char *labels[] = { N_("none due"), N_("under 50%"),
	    N_("under 80%"), N_("under 100%"), N_("all taken") };
	int at = x;

	for (int level = 0; level < 5 && at < x + cols; level++) {
		at += draw_text(w, y, at, chart_heat_glyph(level), 1,
		    theme_attr(heat_role(level)));
		at += 1;
		at += draw_text(w, y, at, _(labels[level]), x + cols - at,
		    theme_attr(TH_MUTED));
		at += 2;
	}
}
