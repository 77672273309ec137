#include "config.h"

#include "service/remind_engine.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "service/plan.h"

/*
 * Slots are generated from further back than the plan's window: a snooze
 * (up to a day) moves a dose's alerts past the day it was due.
 */
#define SLOT_LOOKBACK_SECONDS (24 * 3600)

/* An advance reminder comes at most this long before its dose. */
#define ADVANCE_MAX_SECONDS (240 * 60)

/* Drops advance reminders of doses whose time has come. */
static void
drop_late_advances(struct remind_list *plan, int64_t now)
{
	size_t kept = 0;

	for (size_t i = 0; i < plan->count; i++) {
		const struct remind_item *it = &plan->items[i];

		if (it->kind == REMIND_ADVANCE && it->slot <= now)
			continue;
		plan->items[kept++] = *it;
	}
	plan->count = kept;
}

/* The plan for in, with the person's recipients filled in. */
static int
make_plan(struct store *st, int64_t person_id, struct remind_plan_input *in,
    int64_t now, struct remind_list *plan, struct error *err)
{
	struct remind_recipient *who = NULL;
	int rc;

	if (store_notify_recipients(st, person_id, &who, &in->nrecipients,
	    err) != 0)
		return -1;
	in->recipients = who;
	rc = remind_plan(in, plan, err);
	if (rc == 0)
		drop_late_advances(plan, now);
	free(who);
	return rc;
}

int
remind_queue_person(struct store *st, int64_t person_id,
    const struct remind_slot *slots, size_t nslots,
    const struct remind_refill *refills, size_t nrefills,
    const struct remind_rules *rules, int64_t from, int64_t until,
    int64_t now, size_t *added, struct error *err)
{
	struct remind_plan_input in = {
		.slots = slots, .nslots = nslots,
		.refills = refills, .nrefills = nrefills,
		.grace_minutes = rules->grace_minutes,
		.refill_days = rules->refill_days,
		.from = from, .until = until,
	};
	struct remind_list plan = { NULL, 0, 0 };
	size_t withdrawn;
	int rc;

	*added = 0;
	rc = make_plan(st, person_id, &in, now, &plan, err);
	if (rc == 0)
		rc = store_notify_plan(st, person_id, plan.items, plan.count,
		    from, until, now, added, &withdrawn, err);
	remind_list_free(&plan);
	return rc;
}

/* Planning one person from the store ------------------------------------ */

/* A person's slots and supplies, as the planner takes them. */
struct person_input {
	struct remind_slot *slots;
	size_t nslots;
	struct remind_refill *refills;
	size_t nrefills;
};

static void
person_input_free(struct person_input *pi)
{
	free(pi->slots);
	free(pi->refills);
}

/* What dose_events says of one slot. */
static void
mark_recorded(struct remind_slot *slot, const struct store_dose *events,
    size_t n)
{
	for (size_t e = 0; e < n; e++) {
		const struct dose_record *rec = &events[e].rec;

		if (events[e].schedule_id != slot->schedule_id ||
		    rec->slot_at != slot->due)
			continue;
		if (rec->status == DOSE_SNOOZED && rec->snoozed_until != 0)
			slot->snoozed_until = rec->snoozed_until;
		else
			slot->recorded = true;
	}
}

static int
add_slots(struct person_input *pi, const struct plan_med *m,
    const struct sched_slots *slots, const struct store_dose *events,
    size_t nevents, struct error *err)
{
	struct remind_slot *grown = realloc(pi->slots,
	    (pi->nslots + slots->n + 1) * sizeof *grown);

	if (grown == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	pi->slots = grown;
	for (size_t i = 0; i < slots->n; i++) {
		struct remind_slot *s = &pi->slots[pi->nslots++];

		memset(s, 0, sizeof *s);
		s->due = slots->v[i].at;
		s->schedule_id = slots->v[i].schedule_id;
		s->medication_id = m->med.medication_id;
		s->person_id = m->med.person_id;
		s->critical = m->med.is_critical;
		mark_recorded(s, events, nevents);
	}
	return 0;
}

/* Every medication's slots in [from, until) with their records. */
static int
gather_slots(struct store *st, const struct plan *p, int64_t from,
    int64_t until, struct person_input *pi, struct error *err)
{
	struct store_dose *events = NULL;
	size_t nevents = 0;
	int rc;

	rc = store_doses_between(st, p->person_id, 0,
	    plan_day_of(p, from) - 1, plan_day_of(p, until) + 1, &events,
	    &nevents, err);
	for (size_t m = 0; m < p->n_meds && rc == 0; m++) {
		struct sched_slots slots = { 0 };

		rc = sched_slots_between(&p->meds[m].sm, p->zones, p->n_zones,
		    from, until, &slots, err);
		if (rc == 0)
			rc = add_slots(pi, &p->meds[m], &slots, events,
			    nevents, err);
		sched_slots_free(&slots);
	}
	free(events);
	return rc;
}

/*
 * When a medication's supply runs out, for its refill reminder.  Doses
 * nobody records do not use up the supply in the forecast, whose date
 * then moves a day later every day; so once a reminder has named a date
 * since the last fill, that date stands until a fill, unless the
 * forecast comes to say sooner.  One fill, one reminder.
 */
static int
runs_out(struct store *st, const struct plan *p, const struct plan_med *m,
    int day, int64_t *out, struct error *err)
{
	int64_t named;

	*out = tz_day_start(plan_zone(p, day), day);
	if (store_notify_refill_named(st, m->med.medication_id, &named,
	    err) != 0)
		return -1;
	if (named != 0 && named < *out)
		*out = named;
	return 0;
}

/*
 * The run-out instant of each active medication with fills to forecast
 * from.  As-needed medications are left out: their forecast assumes the
 * most allowed every day and would warn far too soon.
 */
static int
gather_refills(struct store *st, const struct plan *p,
    const struct remind_rules *rules, int64_t now, struct person_input *pi,
    struct error *err)
{
	int today = plan_day_of(p, now);

	pi->refills = calloc(p->n_meds + 1, sizeof *pi->refills);
	if (pi->refills == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < p->n_meds; i++) {
		const struct plan_med *m = &p->meds[i];
		struct remind_refill *r = &pi->refills[pi->nrefills];
		struct plan_supply supply;

		if (m->med.status != MED_ACTIVE || m->prn_only)
			continue;
		if (plan_supply(st, m, today, rules->refill_days, true,
		    &supply, err) != 0)
			return -1;
		if (supply.fills == 0 || supply.forecast.no_use)
			continue;
		if (runs_out(st, p, m, supply.forecast.runout_day,
		    &r->runs_out, err) != 0)
			return -1;
		r->medication_id = m->med.medication_id;
		r->person_id = p->person_id;
		r->critical = m->med.is_critical;
		pi->nrefills++;
	}
	return 0;
}

static int
plan_person(struct store *st, const struct remind_rules *rules,
    int64_t person_id, int64_t now, struct error *err)
{
	int64_t from = now - (int64_t)rules->grace_minutes * 60;
	int64_t until = now + REMIND_HORIZON_SECONDS;
	struct person_input pi = { NULL, 0, NULL, 0 };
	struct plan p;
	size_t added;
	int rc;

	if (plan_load(st, person_id, &p, err) != 0)
		return -1;
	rc = gather_slots(st, &p, from - SLOT_LOOKBACK_SECONDS,
	    until + ADVANCE_MAX_SECONDS, &pi, err);
	if (rc == 0)
		rc = gather_refills(st, &p, rules, now, &pi, err);
	plan_free(&p);
	if (rc == 0)
		rc = remind_queue_person(st, person_id, pi.slots, pi.nslots,
		    pi.refills, pi.nrefills, rules, from, until, now, &added,
		    err);
	person_input_free(&pi);
	return rc;
}

int
remind_refresh_queue(struct store *st, const struct remind_rules *rules,
    int64_t now, struct error *err)
{
	struct error one;
	int64_t *people;
	size_t n, withdrawn;
	int rc = 0;

	if (store_notify_cancel_unauthorised(st, now, &withdrawn, err) != 0 ||
	    store_notify_people(st, &people, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (plan_person(st, rules, people[i], now, &one) != 0 &&
		    rc == 0) {
			*err = one;
			rc = -1;
		}
	}
	free(people);
	return rc;
}

/* Changes to one dose ---------------------------------------------------- */

int
remind_dose_changed(struct store *st, const struct remind_rules *rules,
    const struct remind_slot *slot, int64_t answered, int64_t user_id,
    enum store_notify_action action, int64_t now, struct error *err)
{
	struct remind_plan_input in = {
		.slots = slot, .nslots = 1,
		.grace_minutes = rules->grace_minutes,
		.refill_days = rules->refill_days,
		.from = now - (int64_t)rules->grace_minutes * 60,
		.until = now + REMIND_HORIZON_SECONDS,
	};
	struct remind_list plan = { NULL, 0, 0 };
	size_t n;
	int rc;

	/* Answered already, here or elsewhere: the record still stands. */
	if (answered != 0 && store_notify_answer(st, answered, user_id,
	    action, now, err) != 0 && err->kind != ERR_CONFLICT)
		return -1;
	if (store_notify_cancel_slot(st, slot->schedule_id, slot->due, now, &n,
	    err) != 0)
		return -1;
	rc = make_plan(st, slot->person_id, &in, now, &plan, err);
	if (rc == 0)
		rc = store_notify_enqueue(st, plan.items, plan.count, now, &n,
		    err);
	remind_list_free(&plan);
	return rc;
}

int
remind_answer(struct doses_ctx *ctx, const struct remind_notice *n,
    enum store_notify_action action, int snooze_minutes,
    struct doses_outcome *out, struct error *err)
{
	static const enum dose_status statuses[] = {
		[NOTIFY_MARKED_TAKEN] = DOSE_TAKEN,
		[NOTIFY_SKIPPED] = DOSE_SKIPPED,
		[NOTIFY_SNOOZED] = DOSE_SNOOZED,
	};
	int64_t now = clock_now(ctx->clock);
	struct doses_ctx by_reminder = *ctx;
	struct doses_request req;
	struct doses_outcome ignored;
	struct remind_item again;

	if (n->item.user_id != ctx->user_id) {
		error_set(err, ERR_DENIED,
		    _("this notification belongs to another account"));
		return -1;
	}
	if (action == NOTIFY_DISMISSED)
		return store_notify_answer(ctx->st, n->id, ctx->user_id,
		    action, now, err);
	if (action == NOTIFY_SNOOZED && remind_snooze(&n->item,
	    snooze_minutes, now, &again, err) != 0)
		return -1;
	if (n->item.schedule_id == 0 || n->item.kind == REMIND_REFILL ||
	    n->item.kind == REMIND_OTHER) {
		error_set(err, ERR_INVALID,
		    _("only a reminder about a dose can be marked taken or skipped; dismiss this one"));
		return -1;
	}
	memset(&req, 0, sizeof req);
	req.person_id = n->item.person_id;
	req.medication_id = n->item.medication_id;
	req.schedule_id = n->item.schedule_id;
	req.slot_at = n->item.slot;
	req.status = statuses[action];
	req.taken_with_food = -1;
	req.snooze_minutes = snooze_minutes;
	req.notification_id = n->id;
	by_reminder.recorded_via = "reminder";
	return doses_record(&by_reminder, &req, out != NULL ? out : &ignored,
	    err);
}
