#include "config.h"

#include "service/doses.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "common/i18n.h"
#include "service/plan.h"

void
doses_ctx_init(struct doses_ctx *ctx, struct store *st,
    const struct clock *clock, const struct settings *cfg, int64_t user_id)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->st = st;
	ctx->clock = clock;
	ctx->user_id = user_id;
	ctx->recorded_via = "manual";
	ctx->grace_minutes = (int)settings_number(cfg, CFG_GRACE_MINUTES);
	ctx->undo_minutes = (int)settings_number(cfg, CFG_UNDO_MINUTES);
	ctx->refill_too_soon_percent = (int)settings_number(cfg,
	    CFG_REFILL_TOO_SOON_PERCENT);
	ctx->refill_warn_days = (int)settings_number(cfg, CFG_REFILL_WARN_DAYS);
	ctx->archive_after_days = (int)settings_number(cfg,
	    CFG_ARCHIVE_AFTER_DAYS);
}

/* Opens a write transaction, or joins the caller's; *own says which. */
static int
begin(struct doses_ctx *ctx, bool *own, struct error *err)
{
	*own = !store_in_transaction(ctx->st);
	return *own ? store_begin(ctx->st, err) : 0;
}

/*
 * Ends a write begun with begin: commits, or rolls back on failure; a
 * joined transaction is left to its owner.
 */
static int
finish(struct doses_ctx *ctx, bool own, int rc, struct error *err)
{
	if (!own)
		return rc == 0 ? 0 : -1;
	if (rc != 0) {
		store_rollback(ctx->st);
		return -1;
	}
	return store_commit(ctx->st, err);
}

static int
check_med_input(const struct store_med_new *m, struct error *err)
{
	size_t strength = m->strength != NULL ? strlen(m->strength) : 0;
	size_t form = m->dosage_form != NULL ? strlen(m->dosage_form) : 0;

	if (strength == 0 || strength > 50) {
		error_set(err, ERR_INVALID,
		    _("the strength must be 1 to 50 characters, such as \"500 mg\""));
		return -1;
	}
	if (form == 0 || form > 50) {
		error_set(err, ERR_INVALID,
		    _("the form must be 1 to 50 characters, such as \"tablet\""));
		return -1;
	}
	if (m->end_day != SCHED_NO_END && m->end_day < m->start_day) {
		error_set(err, ERR_INVALID,
		    _("the end date comes before the start date"));
		return -1;
	}
	if (m->refills_remaining < 0 || m->quantity_prescribed < 0 ||
	    m->days_supply < 0) {
		error_set(err, ERR_INVALID,
		    _("quantities, refills and days of supply cannot be negative"));
		return -1;
	}
	return 0;
}

int
doses_med_add(struct doses_ctx *ctx, const struct doses_med_input *in,
    int64_t *medication_id, struct error *err)
{
	struct sched_spec spec;
	int64_t now = clock_now(ctx->clock);
	bool own;
	int rc = 0;

	if (check_med_input(&in->med, err) != 0)
		return -1;
	if (in->med.dosing_schedule == NULL) {
		error_set(err, ERR_USAGE,
		    _("a medication needs a schedule, such as \"08:00,20:00\""));
		return -1;
	}
	if (sched_parse(in->med.dosing_schedule, &spec, err) != 0)
		return -1;
	if (begin(ctx, &own, err) != 0) {
		sched_spec_free(&spec);
		return -1;
	}
	rc = store_med_create(ctx->st, &in->med, ctx->user_id, now,
	    medication_id, err);
	for (size_t i = 0; i < spec.n && rc == 0; i++) {
		struct sched_rule *r = &spec.rules[i];

		/* Counting from the start date is kept with the rule. */
		if ((r->kind == SCHED_EVERY_N_DAYS || r->kind == SCHED_CYCLE) &&
		    r->valid_from == SCHED_NO_START)
			r->valid_from = in->med.start_day;
		rc = store_schedule_add(ctx->st, *medication_id, r, now, err);
	}
	sched_spec_free(&spec);
	return finish(ctx, own, rc, err);
}

/* Refreshes the summaries of every medication's day and of today. */
static int
refresh_today(struct doses_ctx *ctx, int64_t person_id,
    int64_t medication_id, struct error *err)
{
	struct plan p;
	int rc;

	if (plan_load(ctx->st, person_id, &p, err) != 0)
		return -1;
	rc = summaries_refresh(ctx, &p, medication_id,
	    plan_day_of(&p, clock_now(ctx->clock)), err);
	plan_free(&p);
	return rc;
}

int
doses_med_set_status(struct doses_ctx *ctx, int64_t medication_id,
    enum store_med_status status, struct store_sealed reason,
    struct error *err)
{
	struct store_med med;
	bool own;
	int rc;

	if (status == MED_DISCONTINUED && reason.data == NULL) {
		error_set(err, ERR_USAGE,
		    _("say why the medication is stopped, for the record"));
		return -1;
	}
	if (begin(ctx, &own, err) != 0)
		return -1;
	rc = store_med_get(ctx->st, medication_id, &med, err);
	if (rc == 0)
		rc = store_med_set_status(ctx->st, medication_id, status,
		    reason, ctx->user_id, clock_now(ctx->clock), err);
	if (rc == 0)
		rc = refresh_today(ctx, med.person_id, medication_id, err);
	return finish(ctx, own, rc, err);
}

int
doses_fill_add(struct doses_ctx *ctx, int64_t medication_id,
    const struct store_fill *fill, bool override,
    struct doses_fill_result *out, struct error *err)
{
	struct store_fill *fills = NULL;
	struct store_med med;
	size_t n = 0;
	bool own;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(fill->quantity > 0) || fill->days_supply < 1 ||
	    fill->days_supply > 365) {
		error_set(err, ERR_INVALID,
		    _("a fill needs a quantity above 0 and 1 to 365 days of supply"));
		return -1;
	}
	if (begin(ctx, &own, err) != 0)
		return -1;
	rc = store_med_get(ctx->st, medication_id, &med, err);
	if (rc == 0)
		rc = store_fills(ctx->st, medication_id, &fills, &n, err);
	if (rc == 0 && n > 0) {
		const struct store_fill *last = &fills[n - 1];

		out->too_soon = adherence_refill_too_soon(last->day,
		    last->days_supply, fill->day, ctx->refill_too_soon_percent,
		    &out->earliest_day);
	}
	free(fills);
	if (rc == 0 && out->too_soon && !override) {
		char when[DATE_TEXT_SIZE];

		date_format(out->earliest_day, when);
		error_set(err, ERR_CONFLICT,
		    _("refill too soon: less than %d%% of the last fill's supply has been used; it is due from %s"),
		    ctx->refill_too_soon_percent, when);
		rc = -1;
	}
	if (rc == 0 && n > 0)
		rc = store_med_use_refill(ctx->st, medication_id, err);
	if (rc == 0)
		rc = store_fill_add(ctx->st, medication_id, fill, ctx->user_id,
		    clock_now(ctx->clock), &out->fill_id, err);
	if (rc == 0 && store_med_get(ctx->st, medication_id, &med, err) == 0)
		out->refills_remaining = med.refills_remaining;
	return finish(ctx, own, rc, err);
}

int
doses_local_today(struct doses_ctx *ctx, int64_t person_id, int *day,
    struct error *err)
{
	struct plan p;

	if (plan_load(ctx->st, person_id, &p, err) != 0)
		return -1;
	*day = plan_day_of(&p, clock_now(ctx->clock));
	plan_free(&p);
	return 0;
}

int
doses_zone_of_day(struct doses_ctx *ctx, int64_t person_id, int day,
    char name[TZ_NAME_MAX + 1], struct error *err)
{
	struct plan p;

	if (plan_load(ctx->st, person_id, &p, err) != 0)
		return -1;
	snprintf(name, TZ_NAME_MAX + 1, "%s", tz_name(plan_zone(&p, day)));
	plan_free(&p);
	return 0;
}
