#include "config.h"

#include "domain/adherence.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "common/i18n.h"

/* The PQA's threshold: 80 % of days covered is adherent. */
#define PDC_ADHERENT 0.80
/* The PQA measures only patients whose index date is this early. */
#define PDC_MIN_PERIOD_DAYS 91

static const char *const period_names[ADH_PERIODS] = {
	"daily", "weekly", "monthly", "yearly"
};

const char *
adherence_period_name(enum adherence_period period)
{
	return period_names[period];
}

void
adherence_period_bounds(enum adherence_period period, int day, int *first,
    int *last)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	switch (period) {
	case ADH_DAILY:
		*first = *last = day;
		return;
	case ADH_WEEKLY:
		*first = day - date_weekday(day);
		*last = *first + 6;
		return;
	case ADH_MONTHLY:
		*first = date_from_ymd(y, m, 1);
		*last = *first + date_days_in_month(y, m) - 1;
		return;
	case ADH_YEARLY:
		*first = date_from_ymd(y, 1, 1);
		*last = date_from_ymd(y, 12, 31);
		return;
	}
}

void
adherence_counts_add(struct adherence_counts *to,
    const struct adherence_counts *c)
{
	to->scheduled += c->scheduled;
	to->taken += c->taken;
	to->missed += c->missed;
	to->skipped += c->skipped;
	to->snoozed += c->snoozed;
	to->partial += c->partial;
}

double
adherence_percent(const struct adherence_counts *c)
{
	if (c->scheduled <= 0)
		return 0;
	return (double)c->taken * 100.0 / (double)c->scheduled;
}

void
adherence_streaks(const struct adherence_day *days, size_t n,
    bool last_is_open, int *current, int *longest)
{
	int run = 0, best = 0;
	size_t end = n;

	for (size_t i = 0; i < n; i++) {
		if (days[i].scheduled == 0)
			continue;
		if (days[i].taken >= days[i].scheduled)
			run++;
		else
			run = 0;
		if (run > best)
			best = run;
	}
	*longest = best;

	/* An unfinished today neither adds to nor breaks the streak. */
	if (last_is_open && n > 0 && days[n - 1].taken < days[n - 1].scheduled)
		end = n - 1;
	run = 0;
	for (size_t i = end; i-- > 0;) {
		if (days[i].scheduled == 0)
			continue;
		if (days[i].taken < days[i].scheduled)
			break;
		run++;
	}
	*current = run;
}

static int
compare_fills(const void *a, const void *b)
{
	const struct adherence_fill *x = a, *y = b;

	if (x->drug != y->drug)
		return (x->drug > y->drug) - (x->drug < y->drug);
	return (x->day > y->day) - (x->day < y->day);
}

/* The fills dated in [first, last], sorted by drug then day. */
static struct adherence_fill *
fills_in_period(const struct adherence_fill *fills, size_t n, int first,
    int last, size_t *kept, int *index_day, struct error *err)
{
	struct adherence_fill *v = malloc((n > 0 ? n : 1) * sizeof *v);

	*kept = 0;
	*index_day = last + 1;
	if (v == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (fills[i].day < first || fills[i].day > last ||
		    fills[i].days_supply <= 0)
			continue;
		v[(*kept)++] = fills[i];
		if (fills[i].day < *index_day)
			*index_day = fills[i].day;
	}
	if (*kept == 0) {
		free(v);
		error_set(err, ERR_NOT_FOUND,
		    _("no fill falls in the period, so there is nothing to measure"));
		return NULL;
	}
	qsort(v, *kept, sizeof *v, compare_fills);
	return v;
}

int
adherence_pdc(const struct adherence_fill *fills, size_t n, int first,
    int last, struct adherence_pdc *out, struct error *err)
{
	size_t kept;
	int index_day;
	struct adherence_fill *v = fills_in_period(fills, n, first, last,
	    &kept, &index_day, err);
	unsigned char *covered;
	int days, distinct_days = 0, last_seen = 0;

	memset(out, 0, sizeof *out);
	if (v == NULL)
		return -1;
	days = last - index_day + 1;
	covered = calloc((size_t)days, 1);
	if (covered == NULL) {
		free(v);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < kept; i++) {
		/* Same drug: start the day after the earlier supply ends. */
		int next_free = i > 0 && v[i - 1].drug == v[i].drug ?
		    last_seen : INT_MIN;
		int start = v[i].day > next_free ? v[i].day : next_free;

		for (int d = start; d < start + v[i].days_supply && d <= last;
		    d++)
			covered[d - index_day] = 1;
		last_seen = start + v[i].days_supply;
	}
	out->index_day = index_day;
	out->period_days = days;
	for (int d = 0; d < days; d++)
		out->covered_days += covered[d];
	out->pdc = (double)out->covered_days / days;
	out->adherent = out->pdc >= PDC_ADHERENT;

	/* Eligible: fills on two different days, period of 91 days or more. */
	for (size_t i = 0; i < kept; i++) {
		if (v[i].day != index_day)
			distinct_days = 1;
	}
	out->eligible = distinct_days && days >= PDC_MIN_PERIOD_DAYS;
	free(covered);
	free(v);
	return 0;
}

int
adherence_mpr(const struct adherence_fill *fills, size_t n, int first,
    int last, struct adherence_mpr *out, struct error *err)
{
	size_t kept;
	int index_day;
	struct adherence_fill *v = fills_in_period(fills, n, first, last,
	    &kept, &index_day, err);

	memset(out, 0, sizeof *out);
	if (v == NULL)
		return -1;
	out->period_days = last - index_day + 1;
	for (size_t i = 0; i < kept; i++)
		out->supply_days += v[i].days_supply;
	out->uncapped = (double)out->supply_days / out->period_days;
	out->capped = out->uncapped > 1 ? 1 : out->uncapped;
	free(v);
	return 0;
}

void
adherence_refill_forecast(double on_hand, double daily_use, int today,
    int refills_remaining, int warn_days, struct adherence_refill *out)
{
	memset(out, 0, sizeof *out);
	out->refills_remaining = refills_remaining;
	if (on_hand < 0)
		on_hand = 0;
	if (!(daily_use > 0)) {
		out->no_use = true;
		out->days_left = 0;
		out->runout_day = today;
		return;
	}
	out->days_left = on_hand / daily_use;

	/* Whole days of supply: the first day short of a full day's use. */
	out->runout_day = today + (int)(out->days_left + 1e-9);
	out->refill_soon = out->runout_day - today <= warn_days;
}

bool
adherence_refill_too_soon(int last_fill_day, int last_days_supply,
    int fill_day, int percent, int *earliest)
{
	/* The first whole day by which percent % of the supply has passed. */
	int need = (last_days_supply * percent + 99) / 100;

	*earliest = last_fill_day + need;
	return fill_day < *earliest;
}
