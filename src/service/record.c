#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "service/doses.h"
#include "service/plan.h"
#include "service/remind_engine.h"

/* A dose may be recorded a little ahead of its moment, not more. */
#define FUTURE_SLACK_SECONDS 300
#define DEFAULT_SNOOZE_MINUTES 10

/* Today's list ------------------------------------------------------- */

static struct doses_item *
add_item(struct doses_day *out, size_t *cap, struct error *err)
{
	if (out->n == *cap) {
		size_t c = *cap == 0 ? 32 : *cap * 2;
		struct doses_item *v = realloc(out->items, c * sizeof *v);

		if (v == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return NULL;
		}
		out->items = v;
		*cap = c;
	}
	memset(&out->items[out->n], 0, sizeof out->items[0]);
	return &out->items[out->n++];
}

static int
compare_items(const void *a, const void *b)
{
	const struct doses_item *x = a, *y = b;
	int64_t ax = x->slot.at != 0 ? x->slot.at : INT64_MAX;
	int64_t ay = y->slot.at != 0 ? y->slot.at : INT64_MAX;

	if (ax != ay)
		return (ax > ay) - (ax < ay);
	return (x->slot.medication_id > y->slot.medication_id) -
	    (x->slot.medication_id < y->slot.medication_id);
}

/* The day's scheduled slots of every medication, each with its record. */
static int
list_slots(struct doses_ctx *ctx, const struct plan *p, int day,
    struct store_dose *events, bool *used, size_t n_events,
    struct doses_day *out, size_t *cap, struct error *err)
{
	int64_t now = clock_now(ctx->clock);

	for (size_t m = 0; m < p->n_meds; m++) {
		struct sched_slots slots = { 0 };

		if (sched_slots_for_days(&p->meds[m].sm, p->zones, p->n_zones,
		    day, day, &slots, err) != 0)
			return -1;
		for (size_t i = 0; i < slots.n; i++) {
			struct doses_item *it = add_item(out, cap, err);

			if (it == NULL) {
				sched_slots_free(&slots);
				return -1;
			}
			it->slot = slots.v[i];
			for (size_t e = 0; e < n_events; e++) {
				if (used[e] || events[e].schedule_id !=
				    it->slot.schedule_id ||
				    events[e].rec.slot_at != it->slot.at)
					continue;
				used[e] = true;
				it->recorded = true;
				it->dose = events[e];
			}
			it->state = dose_state(it->slot.at, it->recorded ?
			    &it->dose.rec : NULL, now, ctx->grace_minutes);
		}
		sched_slots_free(&slots);
	}
	return 0;
}

/* Amount, unit and kind of the rule of a record outside the day's slots. */
static void
describe_rule(const struct plan *p, const struct store_dose *d,
    struct doses_item *it)
{
	for (size_t m = 0; m < p->n_meds; m++) {
		const struct plan_med *pm = &p->meds[m];

		if (pm->med.medication_id != d->medication_id)
			continue;
		it->prn = pm->prn_only;
		for (size_t r = 0; r < pm->n_rules; r++) {
			if (pm->rules[r].id != d->schedule_id)
				continue;
			it->slot.amount = pm->rules[r].amount;
			memcpy(it->slot.unit, pm->rules[r].unit,
			    sizeof it->slot.unit);
		}
	}
}

/*
 * One line per as-needed rule when prn_lines is set, then every other
 * record of the day.
 */
static int
list_rest(const struct plan *p, bool prn_lines, struct store_dose *events,
    const bool *used, size_t n_events, struct doses_day *out, size_t *cap,
    struct error *err)
{
	for (size_t m = 0; m < p->n_meds && prn_lines; m++) {
		const struct plan_med *pm = &p->meds[m];

		for (size_t r = 0; r < pm->n_rules; r++) {
			struct doses_item *it;

			if (pm->rules[r].kind != SCHED_PRN ||
			    pm->med.status != MED_ACTIVE)
				continue;
			if ((it = add_item(out, cap, err)) == NULL)
				return -1;
			it->prn = true;
			it->slot.medication_id = pm->med.medication_id;
			it->slot.schedule_id = pm->rules[r].id;
			it->slot.amount = pm->rules[r].amount;
			memcpy(it->slot.unit, pm->rules[r].unit,
			    sizeof it->slot.unit);
			it->state = DOSE_PENDING;
		}
	}
	for (size_t e = 0; e < n_events; e++) {
		struct doses_item *it;

		if (used[e])
			continue;
		if ((it = add_item(out, cap, err)) == NULL)
			return -1;
		it->slot.at = events[e].rec.slot_at;
		it->slot.medication_id = events[e].medication_id;
		it->slot.schedule_id = events[e].schedule_id;
		it->slot.day = events[e].slot_day;
		it->recorded = true;
		it->dose = events[e];
		it->state = events[e].rec.status;
		describe_rule(p, &events[e], it);
	}
	return 0;
}

/*
 * One day's list from a loaded plan and the day's events (which it may
 * reorder); frees what it made on failure.
 */
static int
build_day(struct doses_ctx *ctx, const struct plan *p, int day,
    bool prn_lines, struct store_dose *events, size_t n_events,
    struct doses_day *out, struct error *err)
{
	bool *used = calloc(n_events + 1, sizeof *used);
	size_t cap = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->day = day;
	snprintf(out->zone_name, sizeof out->zone_name, "%s",
	    tz_name(plan_zone(p, day)));
	out->zone = out->zone_name;
	if (used == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	rc = list_slots(ctx, p, day, events, used, n_events, out, &cap, err);
	if (rc == 0)
		rc = list_rest(p, prn_lines, events, used, n_events, out, &cap,
		    err);
	if (rc == 0 && out->n > 1)
		qsort(out->items, out->n, sizeof out->items[0], compare_items);
	free(used);
	if (rc != 0)
		doses_day_free(out);
	return rc;
}

int
doses_today(struct doses_ctx *ctx, int64_t person_id, int day,
    struct doses_day *out, struct error *err)
{
	struct store_dose *events = NULL;
	size_t n_events = 0;
	struct plan p;
	int rc;

	memset(out, 0, sizeof *out);
	if (plan_load(ctx->st, person_id, &p, err) != 0)
		return -1;
	rc = store_doses_on_day(ctx->st, person_id, day, &events, &n_events,
	    err);
	if (rc == 0)
		rc = build_day(ctx, &p, day, true, events, n_events, out, err);
	free(events);
	plan_free(&p);
	return rc;
}

static int
compare_slot_days(const void *a, const void *b)
{
	const struct store_dose *x = a, *y = b;

	if (x->slot_day != y->slot_day)
		return (x->slot_day > y->slot_day) -
		    (x->slot_day < y->slot_day);
	return (x->rec.slot_at > y->rec.slot_at) -
	    (x->rec.slot_at < y->rec.slot_at);
}

/* The days of a history from events (live and archived) sorted by day. */
static int
build_days(struct doses_ctx *ctx, const struct plan *p, int first, int last,
    struct store_dose *events, size_t n_events, struct doses_history *out,
    struct error *err)
{
	size_t e = 0;
	int rc = 0;

	qsort(events, n_events, sizeof *events, compare_slot_days);
	for (int day = first; day <= last && rc == 0; day++) {
		size_t from;

		while (e < n_events && events[e].slot_day < day)
			e++;
		from = e;
		while (e < n_events && events[e].slot_day == day)
			e++;
		rc = build_day(ctx, p, day, false, events + from, e - from,
		    &out->days[out->n], err);
		if (rc == 0)
			out->n++;
	}
	return rc;
}

int
doses_history(struct doses_ctx *ctx, int64_t person_id, int first,
    int last, struct doses_history *out, struct error *err)
{
	struct store_dose *events = NULL;
	size_t n_events = 0;
	struct plan p;
	int rc;

	memset(out, 0, sizeof *out);
	if (last < first) {
		error_set(err, ERR_USAGE, _("the history ends before it begins"));
		return -1;
	}
	out->days = calloc((size_t)(last - first + 1), sizeof *out->days);
	if (out->days == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	if (plan_load(ctx->st, person_id, &p, err) != 0) {
		doses_history_free(out);
		return -1;
	}
	rc = store_doses_between(ctx->st, person_id, 0, first, last, &events,
	    &n_events, err);
	if (rc == 0)
		rc = build_days(ctx, &p, first, last, events, n_events, out,
		    err);
	free(events);
	plan_free(&p);
	if (rc != 0)
		doses_history_free(out);
	return rc;
}

void
doses_history_free(struct doses_history *h)
{
	for (size_t i = 0; i < h->n; i++)
		doses_day_free(&h->days[i]);
	free(h->days);
	h->days = NULL;
	h->n = 0;
}

void
doses_day_free(struct doses_day *d)
{
	free(d->items);
	d->items = NULL;
	d->n = 0;
}

/* Recording ----------------------------------------------------------- */

/* Everything one recording works with, gathered in one place. */
struct recording {
	struct doses_ctx *ctx;
	const struct doses_request *req;
	struct doses_outcome *out;
	struct plan plan;
	struct plan_med *med;
	const struct sched_rule *prn_rule;
	int64_t now;
	int64_t at;		/* when taken, or now */
};

static int
check_request(const struct recording *r, struct error *err)
{
	const struct doses_request *q = r->req;

	if (q->status < DOSE_TAKEN) {
		error_set(err, ERR_USAGE,
		    _("a dose is recorded as taken, partial, skipped, snoozed or missed"));
		return -1;
	}
	if (q->actual_at > r->now + FUTURE_SLACK_SECONDS) {
		error_set(err, ERR_INVALID,
		    _("a dose cannot be recorded as taken in the future"));
		return -1;
	}
	if (q->amount < 0 || q->amount > 10000) {
		error_set(err, ERR_INVALID,
		    _("the amount must be more than 0 and at most 10000"));
		return -1;
	}
	if (q->snooze_minutes < 0 || q->snooze_minutes > 24 * 60) {
		error_set(err, ERR_INVALID,
		    _("a snooze lasts 1 minute to 24 hours"));
		return -1;
	}
	return 0;
}

static int
find_med(struct recording *r, struct error *err)
{
	r->med = plan_find(&r->plan, r->req->medication_id);
	if (r->med == NULL) {
		error_set(err, ERR_NOT_FOUND,
		    _("this person has no such medication"));
		return -1;
	}
	for (size_t i = 0; i < r->med->n_rules; i++) {
		const struct sched_rule *rule = &r->med->rules[i];

		if (rule->kind == SCHED_PRN && (r->req->schedule_id == 0 ||
		    r->req->schedule_id == rule->id) && r->prn_rule == NULL)
			r->prn_rule = rule;
	}
	if (r->prn_rule != NULL && r->req->schedule_id == 0 &&
	    !r->med->prn_only)
		r->prn_rule = NULL;
	return 0;
}

/* Fills out->existing and the text that asks for confirmation. */
static void
describe_existing(struct recording *r, const struct store_dose *d)
{
	char who[96];

	r->out->has_existing = true;
	r->out->existing = *d;
	name_account(r->ctx, d->rec.recorded_by, who, sizeof who);
	dose_describe(&d->rec, plan_zone(&r->plan, d->slot_day), who,
	    r->out->existing_text, sizeof r->out->existing_text);
}

/* The slot named by the request, checked against the schedule. */
static int
named_slot(struct recording *r, struct error *err)
{
	struct sched_slots slots = { 0 };
	int day = plan_day_of(&r->plan, r->req->slot_at);
	int rc = -1;

	if (sched_slots_for_days(&r->med->sm, r->plan.zones,
	    r->plan.n_zones, day - 1, day + 1, &slots, err) != 0)
		return -1;
	for (size_t i = 0; i < slots.n; i++) {
		if (slots.v[i].schedule_id == r->req->schedule_id &&
		    slots.v[i].at == r->req->slot_at) {
			r->out->schedule_id = slots.v[i].schedule_id;
			r->out->slot_at = slots.v[i].at;
			r->out->slot_day = slots.v[i].day;
			rc = 0;
		}
	}
	sched_slots_free(&slots);
	if (rc != 0)
		error_set(err, ERR_NOT_FOUND,
		    _("no dose of this medication is scheduled at that time"));
	return rc;
}

/*
 * The slot a dose at r->at belongs to by dose_attribute.  When the only
 * slot whose window holds it is recorded already, that is a conflict.
 */
static int
attributed_slot(struct recording *r, struct error *err)
{
	struct sched_slots slots = { 0 };
	struct store_dose *found = NULL;
	int64_t *times = NULL;
	bool *recorded = NULL, *none = NULL;
	int idx = -1, rc = -1;

	if (sched_slots_between(&r->med->sm, r->plan.zones, r->plan.n_zones,
	    r->at - 2 * 86400, r->at + 2 * 86400, &slots, err) != 0)
		return -1;
	times = calloc(slots.n + 1, sizeof *times);
	recorded = calloc(slots.n + 1, sizeof *recorded);
	none = calloc(slots.n + 1, sizeof *none);
	found = calloc(slots.n + 1, sizeof *found);
	if (times == NULL || recorded == NULL || none == NULL || found == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < slots.n; i++) {
		struct error ignored;

		times[i] = slots.v[i].at;
		recorded[i] = store_dose_find(r->ctx->st,
		    slots.v[i].schedule_id, slots.v[i].at, &found[i],
		    &ignored) == 0;
	}
	idx = dose_attribute(times, recorded, slots.n, r->at,
	    r->ctx->grace_minutes);
	if (idx < 0)
		idx = dose_attribute(times, none, slots.n, r->at,
		    r->ctx->grace_minutes);
	if (idx < 0) {
		error_set(err, ERR_NOT_FOUND,
		    _("no dose of this medication is due around that time; name the scheduled time to record it"));
		goto done;
	}
	r->out->schedule_id = slots.v[idx].schedule_id;
	r->out->slot_at = slots.v[idx].at;
	r->out->slot_day = slots.v[idx].day;
	rc = 0;
done:
	free(times);
	free(recorded);
	free(none);
	free(found);
	sched_slots_free(&slots);
	return rc;
}

static int
prn_slot(struct recording *r, struct error *err)
{
	int64_t *taken = NULL;
	size_t n = 0;

	if (r->req->status != DOSE_TAKEN && r->req->status != DOSE_PARTIAL) {
		error_set(err, ERR_USAGE,
		    _("an as-needed dose is recorded only when taken"));
		return -1;
	}
	r->out->prn = true;
	r->out->schedule_id = r->prn_rule->id;
	r->out->slot_at = r->at;
	r->out->slot_day = plan_day_of(&r->plan, r->at);
	if (store_dose_times(r->ctx->st, r->prn_rule->id, r->at - 86400,
	    r->at + 86400, &taken, &n, err) != 0)
		return -1;
	dose_prn_check(taken, n, r->at, r->prn_rule->prn_min_interval_minutes,
	    r->prn_rule->prn_max_per_day, plan_zone(&r->plan,
	    r->out->slot_day), &r->out->prn_check);
	free(taken);
	return 0;
}

static int64_t
snooze_end(const struct recording *r)
{
	int minutes = r->req->snooze_minutes;

	return r->now + 60LL * (minutes > 0 ? minutes : DEFAULT_SNOOZE_MINUTES);
}

static void
fill_dose(const struct recording *r, struct store_dose *d)
{
	const struct doses_request *q = r->req;
	bool taken = q->status == DOSE_TAKEN || q->status == DOSE_PARTIAL;

	memset(d, 0, sizeof *d);
	d->person_id = q->person_id;
	d->medication_id = q->medication_id;
	d->schedule_id = r->out->schedule_id;
	d->slot_day = r->out->slot_day;
	d->taken_with_food = q->taken_with_food;
	d->rec.status = q->status;
	d->rec.slot_at = r->out->slot_at;
	d->rec.actual_at = taken ? r->at : 0;
	if (q->status == DOSE_SNOOZED)
		d->rec.snoozed_until = snooze_end(r);
	d->rec.recorded_at = r->now;
	d->rec.recorded_by = r->ctx->user_id;
	snprintf(d->rec.recorded_via, sizeof d->rec.recorded_via, "%s",
	    r->ctx->recorded_via != NULL ? r->ctx->recorded_via : "manual");
	d->rec.amount = q->amount;
	d->note = q->note;
	d->rec.retrospective = dose_is_retrospective(d->rec.slot_at,
	    d->rec.actual_at, r->now, r->ctx->grace_minutes);
}

/* Writes the event, or replaces the slot's record when confirmed. */
static int
write_event(struct recording *r, struct error *err)
{
	struct store_dose d, existing;
	struct error lookup;
	char *old = NULL, *now_json = NULL;
	int rc;

	fill_dose(r, &d);
	r->out->retrospective = d.rec.retrospective;
	if (store_dose_find(r->ctx->st, d.schedule_id, d.rec.slot_at,
	    &existing, &lookup) == 0) {
		describe_existing(r, &existing);
		if (existing.archived) {
			error_set(err, ERR_INVALID,
			    _("this dose is archived and can no longer be changed"));
			return -1;
		}
		/* A snooze put the dose off; it gave none, so no double dose. */
		if (!r->req->confirmed &&
		    existing.rec.status != DOSE_SNOOZED) {
			error_set(err, ERR_CONFLICT,
			    _("this dose is already recorded: %s"),
			    r->out->existing_text);
			return -1;
		}
		d.rec.event_id = existing.rec.event_id;
		old = store_dose_json(r->ctx->st, d.rec.event_id, err);
		rc = old == NULL || store_dose_update(r->ctx->st, &d, err) != 0;
		r->out->replaced = true;
	} else if (lookup.kind != ERR_NOT_FOUND) {
		*err = lookup;
		return -1;
	} else {
		rc = store_dose_insert(r->ctx->st, &d, &existing, err) != 0;
		if (rc != 0 && err->kind == ERR_CONFLICT)
			describe_existing(r, &existing);
		d.rec.event_id = store_last_id(r->ctx->st);
	}
	if (rc == 0) {
		r->out->event_id = d.rec.event_id;
		now_json = store_dose_json(r->ctx->st, d.rec.event_id, err);
		rc = now_json == NULL || store_dose_audit(r->ctx->st,
		    r->ctx->user_id, d.person_id, old != NULL ? "update" :
		    "create", d.rec.event_id, old, now_json, r->now, err) != 0;
	}
	free(old);
	free(now_json);
	return rc == 0 ? 0 : -1;
}

static enum store_notify_action
answer_of(enum dose_status status)
{
	switch (status) {
	case DOSE_TAKEN:
	case DOSE_PARTIAL:
		return NOTIFY_MARKED_TAKEN;
	case DOSE_SKIPPED:
		return NOTIFY_SKIPPED;
	case DOSE_SNOOZED:
		return NOTIFY_SNOOZED;
	default:
		return NOTIFY_DISMISSED;
	}
}

/* The recorded slot's notifications follow the record. */
static int
follow_notifications(struct recording *r, struct error *err)
{
	struct remind_rules rules = { r->ctx->grace_minutes,
	    r->ctx->refill_warn_days };
	struct remind_slot slot;

	memset(&slot, 0, sizeof slot);
	slot.due = r->out->slot_at;
	slot.schedule_id = r->out->schedule_id;
	slot.medication_id = r->req->medication_id;
	slot.person_id = r->req->person_id;
	slot.critical = r->med->med.is_critical;
	if (r->req->status == DOSE_SNOOZED)
		slot.snoozed_until = snooze_end(r);
	else
		slot.recorded = true;
	return remind_dose_changed(r->ctx->st, &rules, &slot,
	    r->req->notification_id, r->ctx->user_id,
	    answer_of(r->req->status), r->now, err);
}

static int
record_in_transaction(struct recording *r, struct error *err)
{
	if (plan_load(r->ctx->st, r->req->person_id, &r->plan, err) != 0)
		return -1;
	if (find_med(r, err) != 0)
		return -1;
	if (r->prn_rule != NULL) {
		if (prn_slot(r, err) != 0)
			return -1;
	} else if (r->req->schedule_id != 0 && r->req->slot_at != 0) {
		if (named_slot(r, err) != 0)
			return -1;
	} else if (attributed_slot(r, err) != 0) {
		return -1;
	}
	if (write_event(r, err) != 0)
		return -1;
	if (r->out->prn)
		return 0;
	if (follow_notifications(r, err) != 0)
		return -1;
	return summaries_refresh(r->ctx, &r->plan, r->req->medication_id,
	    r->out->slot_day, err);
}

int
doses_record(struct doses_ctx *ctx, const struct doses_request *req,
    struct doses_outcome *out, struct error *err)
{
	struct recording r;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.ctx = ctx;
	r.req = req;
	r.out = out;
	r.now = clock_now(ctx->clock);
	r.at = req->actual_at != 0 ? req->actual_at : r.now;
	if (check_request(&r, err) != 0)
		return -1;
	if (store_begin(ctx->st, err) != 0)
		return -1;
	rc = record_in_transaction(&r, err);
	plan_free(&r.plan);
	if (rc != 0) {
		store_rollback(ctx->st);
		return -1;
	}
	return store_commit(ctx->st, err);
}

/* Undo ------------------------------------------------------------------ */

/* After an undo the slot is as its remaining record, or lack of one, says. */
static int
follow_undo(struct doses_ctx *ctx, const struct store_dose *d, bool critical,
    int64_t now, struct error *err)
{
	struct remind_rules rules = { ctx->grace_minutes,
	    ctx->refill_warn_days };
	struct remind_slot slot;
	struct store_dose left;
	struct error lookup;

	memset(&slot, 0, sizeof slot);
	slot.due = d->rec.slot_at;
	slot.schedule_id = d->schedule_id;
	slot.medication_id = d->medication_id;
	slot.person_id = d->person_id;
	slot.critical = critical;
	if (store_dose_find(ctx->st, d->schedule_id, d->rec.slot_at, &left,
	    &lookup) == 0) {
		if (left.rec.status == DOSE_SNOOZED)
			slot.snoozed_until = left.rec.snoozed_until;
		else
			slot.recorded = true;
	} else if (lookup.kind != ERR_NOT_FOUND) {
		*err = lookup;
		return -1;
	}
	return remind_dose_changed(ctx->st, &rules, &slot, 0, ctx->user_id,
	    NOTIFY_DISMISSED, now, err);
}

static int
undo_in_transaction(struct doses_ctx *ctx, int64_t person_id,
    int64_t medication_id, int64_t event_id, struct doses_undo_result *out,
    struct error *err)
{
	struct store_dose_change change;
	struct store_dose d;
	struct plan p;
	struct plan_med *m;
	int64_t now = clock_now(ctx->clock);
	char *old, *restored = NULL;
	int rc;

	if (event_id == 0 && store_dose_last_by(ctx->st, person_id,
	    ctx->user_id, medication_id, &event_id, err) != 0)
		return -1;
	if (store_dose_get(ctx->st, event_id, &d, err) != 0)
		return -1;
	out->before = d;
	if (d.person_id != person_id) {
		error_set(err, ERR_NOT_FOUND, _("no dose is recorded there"));
		return -1;
	}
	if (store_dose_last_change(ctx->st, event_id, &change, err) != 0)
		return -1;
	if (change.undone) {
		error_set(err, ERR_INVALID, _("this record was undone already"));
		return -1;
	}
	if (!dose_undo_allowed(change.performed_at, now, ctx->undo_minutes)) {
		error_set(err, ERR_INVALID,
		    _("a record can be undone only within %d minutes of writing it"),
		    ctx->undo_minutes);
		return -1;
	}
	out->event_id = event_id;
	out->removed = change.was_create;
	if ((old = store_dose_json(ctx->st, event_id, err)) == NULL)
		return -1;
	if (change.was_create)
		rc = store_dose_delete(ctx->st, event_id, err);
	else if ((rc = store_dose_restore(ctx->st, event_id, change.log_id,
	    now, err)) == 0 &&
	    (restored = store_dose_json(ctx->st, event_id, err)) == NULL)
		rc = -1;
	if (rc == 0)
		rc = store_dose_audit(ctx->st, ctx->user_id, person_id, "undo",
		    event_id, old, restored, now, err);
	free(old);
	free(restored);
	if (rc != 0 || plan_load(ctx->st, person_id, &p, err) != 0)
		return -1;
	m = plan_find(&p, d.medication_id);
	if (m != NULL && !m->prn_only)
		rc = summaries_refresh(ctx, &p, d.medication_id, d.slot_day,
		    err);
	if (rc == 0 && m != NULL && !m->prn_only)
		rc = follow_undo(ctx, &d, m->med.is_critical, now, err);
	plan_free(&p);
	return rc;
}

static int
undo(struct doses_ctx *ctx, int64_t person_id, int64_t medication_id,
    int64_t event_id, struct doses_undo_result *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (store_begin(ctx->st, err) != 0)
		return -1;
	if (undo_in_transaction(ctx, person_id, medication_id, event_id, out,
	    err) != 0) {
		store_rollback(ctx->st);
		return -1;
	}
	return store_commit(ctx->st, err);
}

int
doses_undo(struct doses_ctx *ctx, int64_t person_id, int64_t event_id,
    struct doses_undo_result *out, struct error *err)
{
	return undo(ctx, person_id, 0, event_id, out, err);
}

int
doses_undo_last(struct doses_ctx *ctx, int64_t person_id,
    int64_t medication_id, struct doses_undo_result *out, struct error *err)
{
	return undo(ctx, person_id, medication_id, 0, out, err);
}
