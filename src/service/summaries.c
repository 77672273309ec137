#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "service/doses.h"
#include "service/plan.h"

/*
 * How the cache is kept.  A row exists for a medication (or all of them)
 * and a period when at least one scheduled dose of it in that period is
 * recorded, live or archived; archiving therefore changes no row.
 *  - A medication's day: counts from its events; scheduled is the
 *    generator's count, or the recorded count when that is higher.
 *  - All medications' day: the sum of the medications' day rows, with
 *    the generator's count for medications without a row that day.
 *  - A week, month or year: the sum of its day rows, with the
 *    generator's count for days without a row; streaks run over its days.
 */

static long
recorded(const struct adherence_counts *c)
{
	return c->taken + c->missed + c->skipped + c->snoozed + c->partial;
}

/* Adds the generator's count per day of one medication or all of them. */
static void
count_planned(const struct plan *p, int64_t medication_id, int first,
    int last, int *per_day)
{
	for (size_t i = 0; i < p->n_meds; i++) {
		if (medication_id != 0 &&
		    p->meds[i].med.medication_id != medication_id)
			continue;
		sched_count_days(&p->meds[i].sm, p->zones, p->n_zones, first,
		    last, per_day);
	}
}

static int
put_med_day(struct doses_ctx *ctx, struct plan *p, int64_t medication_id,
    int day, int64_t now, struct error *err)
{
	struct store_summary s = { 0 };
	int planned = 0;

	if (store_dose_counts(ctx->st, medication_id, day, day, &s.c,
	    err) != 0)
		return -1;
	if (recorded(&s.c) == 0)
		return store_summary_delete(ctx->st, p->person_id,
		    medication_id, ADH_DAILY, day, err);
	count_planned(p, medication_id, day, day, &planned);
	s.c.scheduled = planned > recorded(&s.c) ? planned : recorded(&s.c);
	s.medication_id = medication_id;
	s.period = ADH_DAILY;
	s.first_day = s.last_day = day;
	s.current_streak = s.longest_streak = s.c.taken >= s.c.scheduled;
	return store_summary_put(ctx->st, p->person_id, &s, now, err);
}

static int
put_overall_day(struct doses_ctx *ctx, struct plan *p, int day, int64_t now,
    struct error *err)
{
	struct store_summary *rows, s = { 0 };
	size_t n;
	int rc;

	if (store_summaries(ctx->st, p->person_id, STORE_EVERY_MEDICATION,
	    ADH_DAILY, day, day, &rows, &n, err) != 0)
		return -1;
	if (n == 0)
		return store_summary_delete(ctx->st, p->person_id, 0,
		    ADH_DAILY, day, err);
	for (size_t i = 0; i < p->n_meds; i++) {
		int64_t id = p->meds[i].med.medication_id;
		bool has_row = false;
		int planned = 0;

		for (size_t r = 0; r < n; r++) {
			if (rows[r].medication_id == id) {
				adherence_counts_add(&s.c, &rows[r].c);
				has_row = true;
			}
		}
		if (!has_row) {
			count_planned(p, id, day, day, &planned);
			s.c.scheduled += planned;
		}
	}
	free(rows);
	s.period = ADH_DAILY;
	s.first_day = s.last_day = day;
	s.current_streak = s.longest_streak = s.c.taken >= s.c.scheduled;
	rc = store_summary_put(ctx->st, p->person_id, &s, now, err);
	return rc;
}

/*
 * Builds one row of a longer period from its day rows, or removes it
 * when no day of the period has a record.
 */
static int
put_period(struct doses_ctx *ctx, struct plan *p, int64_t medication_id,
    enum adherence_period period, int day, int64_t now, struct error *err)
{
	struct store_summary *rows, s = { 0 };
	struct adherence_day *days;
	int *planned;
	size_t n, r = 0;
	int len;

	adherence_period_bounds(period, day, &s.first_day, &s.last_day);
	if (store_summaries(ctx->st, p->person_id, medication_id, ADH_DAILY,
	    s.first_day, s.last_day, &rows, &n, err) != 0)
		return -1;
	if (n == 0)
		return store_summary_delete(ctx->st, p->person_id,
		    medication_id, period, s.first_day, err);
	len = s.last_day - s.first_day + 1;
	planned = calloc((size_t)len, sizeof *planned);
	days = calloc((size_t)len, sizeof *days);
	if (planned == NULL || days == NULL) {
		free(planned);
		free(days);
		free(rows);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	count_planned(p, medication_id, s.first_day, s.last_day, planned);
	for (int d = 0; d < len; d++) {
		if (r < n && rows[r].first_day == s.first_day + d) {
			adherence_counts_add(&s.c, &rows[r].c);
			days[d].scheduled = (int)rows[r].c.scheduled;
			days[d].taken = (int)rows[r].c.taken;
			r++;
		} else {
			s.c.scheduled += planned[d];
			days[d].scheduled = planned[d];
		}
	}
	adherence_streaks(days, (size_t)len, false, &s.current_streak,
	    &s.longest_streak);
	free(planned);
	free(days);
	free(rows);
	s.medication_id = medication_id;
	s.period = period;
	return store_summary_put(ctx->st, p->person_id, &s, now, err);
}

int
summaries_refresh(struct doses_ctx *ctx, struct plan *p,
    int64_t medication_id, int day, struct error *err)
{
	int64_t now = clock_now(ctx->clock);

	if (put_med_day(ctx, p, medication_id, day, now, err) != 0 ||
	    put_overall_day(ctx, p, day, now, err) != 0)
		return -1;
	for (int k = ADH_WEEKLY; k <= ADH_YEARLY; k++) {
		if (put_period(ctx, p, medication_id, (enum adherence_period)k,
		    day, now, err) != 0 ||
		    put_period(ctx, p, 0, (enum adherence_period)k, day, now,
		    err) != 0)
			return -1;
	}
	return 0;
}

/* True when the key (medication, period start) came just before. */
static bool
seen(int64_t *last_med, int *last_start, int64_t med, int start)
{
	bool same = *last_med == med && *last_start == start;

	*last_med = med;
	*last_start = start;
	return same;
}

static int
rebuild_medications(struct doses_ctx *ctx, struct plan *p,
    const struct store_dose_day *dd, size_t n, struct error *err)
{
	int64_t now = clock_now(ctx->clock);

	for (size_t i = 0; i < n; i++) {
		if (put_med_day(ctx, p, dd[i].medication_id, dd[i].day, now,
		    err) != 0)
			return -1;
	}

	/* The days come ordered by medication, then day. */
	for (int k = ADH_WEEKLY; k <= ADH_YEARLY; k++) {
		int64_t last_med = -1;
		int last_start = INT_MIN;

		for (size_t i = 0; i < n; i++) {
			int a, b;

			adherence_period_bounds((enum adherence_period)k,
			    dd[i].day, &a, &b);
			if (seen(&last_med, &last_start, dd[i].medication_id, a))
				continue;
			if (put_period(ctx, p, dd[i].medication_id,
			    (enum adherence_period)k, a, now, err) != 0)
				return -1;
		}
	}
	return 0;
}

static int
compare_days(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The distinct days of dd, ascending; *m gets how many. */
static int *
distinct_days(const struct store_dose_day *dd, size_t n, size_t *m,
    struct error *err)
{
	int *days = malloc((n > 0 ? n : 1) * sizeof *days);

	*m = 0;
	if (days == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		days[i] = dd[i].day;
	qsort(days, n, sizeof *days, compare_days);
	for (size_t i = 0; i < n; i++) {
		if (*m == 0 || days[*m - 1] != days[i])
			days[(*m)++] = days[i];
	}
	return days;
}

/* The all-medication rows of every day and period that has a record. */
static int
rebuild_overall(struct doses_ctx *ctx, struct plan *p,
    const struct store_dose_day *dd, size_t n, struct error *err)
{
	int64_t now = clock_now(ctx->clock);
	size_t m;
	int *days = distinct_days(dd, n, &m, err);
	int rc = 0;

	if (days == NULL)
		return -1;
	for (size_t i = 0; i < m && rc == 0; i++)
		rc = put_overall_day(ctx, p, days[i], now, err);
	for (int k = ADH_WEEKLY; k <= ADH_YEARLY && rc == 0; k++) {
		int64_t last_med = -1;
		int last_start = INT_MIN;

		for (size_t i = 0; i < m && rc == 0; i++) {
			int a, b;

			adherence_period_bounds((enum adherence_period)k,
			    days[i], &a, &b);
			if (!seen(&last_med, &last_start, 0, a))
				rc = put_period(ctx, p, 0,
				    (enum adherence_period)k, a, now, err);
		}
	}
	free(days);
	return rc;
}

int
doses_rebuild_summaries(struct doses_ctx *ctx, int64_t person_id,
    struct error *err)
{
	struct store_dose_day *dd = NULL;
	struct plan p;
	size_t n = 0;

	if (store_begin(ctx->st, err) != 0)
		return -1;
	if (plan_load(ctx->st, person_id, &p, err) != 0) {
		store_rollback(ctx->st);
		return -1;
	}
	if (store_summaries_clear(ctx->st, person_id, err) != 0 ||
	    store_dose_days(ctx->st, person_id, &dd, &n, err) != 0 ||
	    rebuild_medications(ctx, &p, dd, n, err) != 0 ||
	    rebuild_overall(ctx, &p, dd, n, err) != 0) {
		free(dd);
		plan_free(&p);
		store_rollback(ctx->st);
		return -1;
	}
	free(dd);
	plan_free(&p);
	return store_commit(ctx->st, err);
}
