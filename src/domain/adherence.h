#ifndef PC_ADHERENCE_H
#define PC_ADHERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/*
 * Adherence measures, free of storage: periods, dose counts and streaks
 * from dose records; PDC and MPR from fills; refill forecasts.  Days are
 * day numbers (common/date.h).
 */

enum adherence_period {
	ADH_DAILY,
	ADH_WEEKLY,		/* Monday to Sunday */
	ADH_MONTHLY,
	ADH_YEARLY
};

#define ADH_PERIODS 4

/* The schema's name of a period ("daily"). */
const char *adherence_period_name(enum adherence_period period);

/* The first and last day of the period of a kind that holds day. */
void adherence_period_bounds(enum adherence_period period, int day,
    int *first, int *last);

/* Doses of one period, as adherence_summaries counts them. */
struct adherence_counts {
	long scheduled;
	long taken;
	long missed;
	long skipped;
	long snoozed;
	long partial;
};

/* Adds the counts of c to those of to. */
void adherence_counts_add(struct adherence_counts *to,
    const struct adherence_counts *c);

/* Taken doses per hundred scheduled, 0 when none were scheduled. */
double adherence_percent(const struct adherence_counts *c);

/* One day's scheduled and fully taken doses, for streaks. */
struct adherence_day {
	int scheduled;
	int taken;
};

/*
 * Streaks over consecutive days: a day counts when it had doses and every
 * one was taken; a day without doses neither counts nor breaks a streak.
 * current is the run that ends on the last day; when last_is_open (the
 * last day is today and not over) an unfinished last day does not break
 * it.  longest is the longest run.
 */
void adherence_streaks(const struct adherence_day *days, size_t n,
    bool last_is_open, int *current, int *longest);

/* One dispensing: its day, days of supply, and which drug it was. */
struct adherence_fill {
	int day;
	int days_supply;
	int64_t drug;		/* fills of one drug carry supply forward */
};

/* Proportion of Days Covered as the Pharmacy Quality Alliance defines it. */
struct adherence_pdc {
	int index_day;		/* the first fill in the period */
	int period_days;	/* index day to the period's end */
	int covered_days;	/* days with supply of at least one drug */
	double pdc;		/* covered / period, 0..1 */
	bool adherent;		/* pdc >= 0.80 */
	bool eligible;		/* two fills on different days, index >= 91
				 * days before the end */
};

/*
 * PDC over the fills dated from first to last (inclusive): the period
 * runs from the first such fill (the index day) to last.  A fill of a
 * drug that comes while earlier supply of the same drug lasts starts the
 * day after that supply ends; fills of different drugs are not shifted
 * and a day covered by both counts once; supply past the end is dropped.
 * Fails with ERR_NOT_FOUND when no fill falls in the period.
 */
int adherence_pdc(const struct adherence_fill *fills, size_t n, int first,
    int last, struct adherence_pdc *out, struct error *err);

/* Medication Possession Ratio. */
struct adherence_mpr {
	int period_days;
	long supply_days;
	double uncapped;	/* may exceed 1 when fills overlap */
	double capped;		/* at most 1 */
};

/*
 * MPR over the same period as adherence_pdc (first fill to last): the
 * days' supply of every fill dated in it, whole and counted as often as
 * it overlaps, divided by the days of the period.
 */
int adherence_mpr(const struct adherence_fill *fills, size_t n, int first,
    int last, struct adherence_mpr *out, struct error *err);

/* How long the medication on hand lasts. */
struct adherence_refill {
	double days_left;	/* on hand / daily use */
	int runout_day;		/* the first day without supply */
	int refills_remaining;
	bool refill_soon;	/* runs out within the warning days */
	bool no_use;		/* nothing is scheduled: never runs out */
};

/*
 * Forecasts from the quantity on hand and the schedule's mean daily use
 * (in the same units), counting from today.
 */
void adherence_refill_forecast(double on_hand, double daily_use, int today,
    int refills_remaining, int warn_days, struct adherence_refill *out);

/*
 * True when a fill on fill_day comes before percent % of the previous
 * fill's days' supply has passed; earliest gets the first day it would
 * not be too soon.
 */
bool adherence_refill_too_soon(int last_fill_day, int last_days_supply,
    int fill_day, int percent, int *earliest);

#endif
