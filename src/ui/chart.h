#ifndef PC_UI_CHART_H
#define PC_UI_CHART_H

#include <curses.h>
#include <stddef.h>

#include "ui/model.h"

/*
 * The adherence charts: bars of percentages, and calendar heat maps of a
 * month and a year.  The scaling functions are pure; the drawing ones
 * draw into a window from the model's series.
 */

/* The height of a bar in eighths of a row, 0 to rows * 8, for 0-100 %. */
int chart_bar_eighths(double percent, int rows);

/*
 * A day's heat level: 0 nothing was due, 1 under half taken, 2 under
 * 80 %, 3 under all, 4 everything taken.
 */
int chart_heat_level(double percent);

/* How many bars of bar_cols columns fit in cols columns. */
int chart_bars_fit(int cols, int bar_cols);

/* The glyph for a heat level, in UTF-8 or ASCII as the locale allows. */
const char *chart_heat_glyph(int level);

/* The percentage on a day of the series, or -1 when it is not in it. */
double chart_day_percent(const struct ui_adherence *a, long day);

enum chart_labels {
	CHART_LABEL_DAYS,	/* the day of the month, weekly */
	CHART_LABEL_MONTHS	/* the month's name where one begins */
};

/*
 * Draws as many bars as fit of periods[0..end), the last at the right, in
 * a box of rows by cols at (y, x), with a 0-100 % scale at the left and
 * dates under the bars.
 */
void chart_bars(WINDOW *w, int y, int x, int rows, int cols,
    const struct ui_period *periods, size_t end, enum chart_labels labels);

/* Draws the month around a day as a calendar heat map; returns rows used. */
int chart_month(WINDOW *w, int y, int x, const struct ui_adherence *a,
    int year, int month);

/* Draws a year as 7 weekday rows of week columns; returns rows used. */
int chart_year(WINDOW *w, int y, int x, const struct ui_adherence *a,
    int year);

/* Draws the key to the heat glyphs on one row. */
void chart_legend(WINDOW *w, int y, int x, int cols);

#endif
