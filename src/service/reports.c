#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "service/doses.h"
#include "service/plan.h"

/* The generator's count for one key (0: all medications) over days. */
static long
planned_total(const struct plan *p, int64_t medication_id, int first,
    int last)
{
	long total = 0;

	for (size_t i = 0; i < p->n_meds; i++) {
		if (medication_id == 0 ||
		    p->meds[i].med.medication_id == medication_id)
			total += sched_count_days(&p->meds[i].sm, p->zones,
			    p->n_zones, first, last, NULL);
	}
	return total;
}

static int
push_row(struct doses_report *r, size_t *cap, const struct doses_period *row,
    struct error *err)
{
	if (r->n == *cap) {
		size_t c = *cap == 0 ? 64 : *cap * 2;
		struct doses_period *v = realloc(r->rows, c * sizeof *v);

		if (v == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return -1;
		}
		r->rows = v;
		*cap = c;
	}
	r->rows[r->n++] = *row;
	return 0;
}

/* Days that are over count their unrecorded doses as missed. */
static void
finish_row(struct doses_period *row, int today)
{
	long rec = row->c.taken + row->c.partial + row->c.skipped +
	    row->c.snoozed + row->c.missed;

	row->open = row->last_day >= today;
	if (!row->open && row->c.scheduled > rec)
		row->c.missed += row->c.scheduled - rec;
	row->percent = adherence_percent(&row->c);
}

/* Appends one key's periods, taking cached rows where there are some. */
static int
report_key(const struct plan *p, int64_t key, enum adherence_period period,
    int first, int last, int today, const struct store_summary *cached,
    size_t n_cached, struct doses_report *out, size_t *cap,
    struct error *err)
{
	size_t r = 0;
	int a, b;

	while (r < n_cached && cached[r].medication_id != key)
		r++;
	adherence_period_bounds(period, first, &a, &b);
	for (; a <= last; adherence_period_bounds(period, b + 1, &a, &b)) {
		struct doses_period row = { 0 };

		row.medication_id = key;
		row.period = period;
		row.first_day = a;
		row.last_day = b;
		if (r < n_cached && cached[r].medication_id == key &&
		    cached[r].first_day == a) {
			row.c = cached[r].c;
			row.current_streak = cached[r].current_streak;
			row.longest_streak = cached[r].longest_streak;
			r++;
		} else {
			row.c.scheduled = planned_total(p, key, a, b);
		}
		finish_row(&row, today);
		if (push_row(out, cap, &row, err) != 0)
			return -1;
	}
	return 0;
}

int
doses_adherence(struct doses_ctx *ctx, int64_t person_id,
    int64_t medication_id, enum adherence_period period, int first,
    int last, struct doses_report *out, struct error *err)
{
	struct store_summary *cached = NULL;
	size_t n_cached = 0, cap = 0;
	struct plan p;
	int a, b, today, rc = 0;

	out->rows = NULL;
	out->n = 0;
	if (last < first) {
		error_set(err, ERR_USAGE, _("the report ends before it begins"));
		return -1;
	}
	if (plan_load(ctx->st, person_id, &p, err) != 0)
		return -1;
	today = plan_day_of(&p, clock_now(ctx->clock));
	adherence_period_bounds(period, first, &a, &b);
	if (store_summaries(ctx->st, person_id, medication_id, period, a, last,
	    &cached, &n_cached, err) != 0) {
		plan_free(&p);
		return -1;
	}
	for (size_t i = 0; i < p.n_meds && rc == 0; i++) {
		int64_t id = p.meds[i].med.medication_id;

		if (medication_id == STORE_EVERY_MEDICATION
		    ? p.meds[i].prn_only : id != medication_id)
			continue;
		rc = report_key(&p, id, period, first, last, today, cached,
		    n_cached, out, &cap, err);
	}
	if (rc == 0 && medication_id == 0)
		rc = report_key(&p, 0, period, first, last, today, cached,
		    n_cached, out, &cap, err);
	free(cached);
	plan_free(&p);
	if (rc != 0)
		doses_report_free(out);
	return rc;
}

void
doses_report_free(struct doses_report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

static int
earliest_start(const struct plan *p, int64_t medication_id)
{
	int first = SCHED_NO_END;

	for (size_t i = 0; i < p->n_meds; i++) {
		if ((medication_id == 0 ||
		    p->meds[i].med.medication_id == medication_id) &&
		    p->meds[i].med.start_day < first)
			first = p->meds[i].med.start_day;
	}
	return first;
}

int
doses_streaks(struct doses_ctx *ctx, int64_t person_id,
    int64_t medication_id, int *current, int *longest, struct error *err)
{
	struct store_summary *rows = NULL;
	struct adherence_day *days;
	struct plan p;
	size_t n, r = 0;
	int first, today, len;

	*current = *longest = 0;
	if (plan_load(ctx->st, person_id, &p, err) != 0)
		return -1;
	today = plan_day_of(&p, clock_now(ctx->clock));
	first = earliest_start(&p, medication_id);
	if (first > today ||
	    store_summaries(ctx->st, person_id, medication_id, ADH_DAILY,
	    first, today, &rows, &n, err) != 0) {
		plan_free(&p);
		return first > today ? 0 : -1;
	}
	len = today - first + 1;
	days = calloc((size_t)len, sizeof *days);
	if (days == NULL) {
		free(rows);
		plan_free(&p);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	for (int d = 0; d < len; d++) {
		if (r < n && rows[r].first_day == first + d) {
			days[d].scheduled = (int)rows[r].c.scheduled;
			days[d].taken = (int)rows[r].c.taken;
			r++;
		} else {
			days[d].scheduled = (int)planned_total(&p,
			    medication_id, first + d, first + d);
		}
	}
	adherence_streaks(days, (size_t)len, true, current, longest);
	free(days);
	free(rows);
	plan_free(&p);
	return 0;
}

/* The fills of some medications as the adherence code counts them. */
static struct adherence_fill *
load_fills(struct doses_ctx *ctx, const int64_t *ids, size_t n_ids,
    size_t *n, struct error *err)
{
	struct adherence_fill *all = NULL;

	*n = 0;
	for (size_t i = 0; i < n_ids; i++) {
		struct store_fill *f;
		struct store_med med;
		struct adherence_fill *v;
		size_t k;

		if (store_med_get(ctx->st, ids[i], &med, err) != 0 ||
		    store_fills(ctx->st, ids[i], &f, &k, err) != 0) {
			free(all);
			return NULL;
		}
		v = realloc(all, (*n + k + 1) * sizeof *v);
		if (v == NULL) {
			free(f);
			free(all);
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return NULL;
		}
		all = v;
		for (size_t j = 0; j < k; j++) {
			all[*n].day = f[j].day;
			all[*n].days_supply = f[j].days_supply;
			all[*n].drug = med.drug_id;
			(*n)++;
		}
		free(f);
	}
	if (all == NULL)
		all = malloc(sizeof *all);
	return all;
}

int
doses_refill_measures(struct doses_ctx *ctx, const int64_t *medication_ids,
    size_t n, int first, int last, struct adherence_pdc *pdc,
    struct adherence_mpr *mpr, struct error *err)
{
	size_t k;
	struct adherence_fill *fills = load_fills(ctx, medication_ids, n, &k,
	    err);
	int rc;

	if (fills == NULL)
		return -1;
	rc = adherence_pdc(fills, k, first, last, pdc, err);
	if (rc == 0)
		rc = adherence_mpr(fills, k, first, last, mpr, err);
	free(fills);
	return rc;
}

int
plan_supply(struct store *st, const struct plan_med *m, int today,
    int warn_days, bool at_day_start, struct plan_supply *out,
    struct error *err)
{
	int64_t id = m->med.medication_id;
	struct store_fill *fills = NULL;
	double filled = 0, used = 0, today_use = 0;
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_fills(st, id, &fills, &out->fills, err);
	if (rc == 0 && out->fills > 0)
		rc = store_dose_amount_since(st, id, fills[0].day, &used, err);
	if (rc == 0 && out->fills > 0 && at_day_start)
		rc = store_dose_amount_since(st, id, today, &today_use, err);
	for (size_t i = 0; rc == 0 && i < out->fills; i++)
		filled += fills[i].quantity;
	free(fills);
	if (rc != 0)
		return -1;
	used -= today_use;
	out->on_hand = filled - used > 0 ? filled - used : 0;
	adherence_refill_forecast(out->on_hand, sched_daily_use(&m->sm, today,
	    today + 27), today, m->med.refills_remaining, warn_days,
	    &out->forecast);
	return 0;
}

int
doses_refill_status(struct doses_ctx *ctx, int64_t medication_id,
    struct doses_refill_status *out, struct error *err)
{
	struct plan_supply supply;
	struct store_fill *fills = NULL;
	struct plan_med *m;
	struct store_med med;
	struct plan p;
	size_t n = 0;
	int today, rc;

	memset(out, 0, sizeof *out);
	if (store_med_get(ctx->st, medication_id, &med, err) != 0 ||
	    plan_load(ctx->st, med.person_id, &p, err) != 0)
		return -1;
	m = plan_find(&p, medication_id);
	if (m == NULL) {
		error_set(err, ERR_NOT_FOUND, _("no such medication"));
		plan_free(&p);
		return -1;
	}
	today = plan_day_of(&p, clock_now(ctx->clock));
	rc = plan_supply(ctx->st, m, today, ctx->refill_warn_days, false,
	    &supply, err);
	if (rc == 0)
		rc = store_fills(ctx->st, medication_id, &fills, &n, err);
	plan_free(&p);
	if (rc != 0) {
		free(fills);
		return -1;
	}
	out->fills = supply.fills;
	out->on_hand = supply.on_hand;
	out->forecast = supply.forecast;
	if (n > 0) {
		out->last_fill_day = fills[n - 1].day;
		out->last_days_supply = fills[n - 1].days_supply;
		out->too_soon = adherence_refill_too_soon(out->last_fill_day,
		    out->last_days_supply, today,
		    ctx->refill_too_soon_percent, &out->earliest_day);
	}
	free(fills);
	return 0;
}

int
doses_refill_forecast(struct doses_ctx *ctx, int64_t medication_id,
    double *on_hand, struct adherence_refill *out, struct error *err)
{
	struct doses_refill_status status;

	if (doses_refill_status(ctx, medication_id, &status, err) != 0)
		return -1;
	*on_hand = status.on_hand;
	*out = status.forecast;
	return 0;
}

int
doses_archive(struct doses_ctx *ctx, int64_t person_id, int64_t *moved,
    struct error *err)
{
	int64_t now = clock_now(ctx->clock);
	int64_t cutoff = now - (int64_t)ctx->archive_after_days * 86400;
	char facts[96];

	*moved = 0;
	if (store_begin(ctx->st, err) != 0)
		return -1;
	if (store_dose_archive(ctx->st, person_id, cutoff, now, moved,
	    err) != 0)
		goto fail;
	snprintf(facts, sizeof facts, "{\"moved\":%lld,\"before\":%lld}",
	    (long long)*moved, (long long)cutoff);
	if (*moved > 0 && store_dose_audit(ctx->st, ctx->user_id, person_id,
	    "archive", 0, NULL, facts, now, err) != 0)
		goto fail;
	return store_commit(ctx->st, err);
fail:
	store_rollback(ctx->st);
	*moved = 0;
	return -1;
}

int
doses_follow_zone(struct doses_ctx *ctx, int64_t person_id, int from_day,
    const char *zone, struct error *err)
{
	struct plan p;
	int today;
	const char *travel;

	if (!tz_name_exists(zone)) {
		error_set(err, ERR_INVALID,
		    _("\"%s\" is not a time zone of this system's tz database; use a name such as Europe/Berlin or America/New_York"),
		    zone);
		return -1;
	}
	if (store_begin(ctx->st, err) != 0)
		return -1;
	if (plan_load(ctx->st, person_id, &p, err) != 0) {
		store_rollback(ctx->st);
		return -1;
	}
	today = plan_day_of(&p, clock_now(ctx->clock));
	travel = strcmp(tz_name(p.zones[0].tz), zone) == 0 ? NULL : zone;
	plan_free(&p);
	if (from_day < today) {
		store_rollback(ctx->st);
		error_set(err, ERR_INVALID,
		    _("a change of time zone applies from today or a later day, so that recorded doses keep their times"));
		return -1;
	}
	if (store_zone_change_add(ctx->st, person_id, from_day, zone, travel,
	    clock_now(ctx->clock), err) != 0) {
		store_rollback(ctx->st);
		return -1;
	}
	return store_commit(ctx->st, err);
}
