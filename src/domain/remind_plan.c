#include "config.h"

#include "domain/remind_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"

/* Each kind's stored name, queue type, title and place in quiet hours. */
static const struct kind_info {
	const char *name;
	const char *type;
	const char *title;	/* stored in English, translated when shown */
	enum quiet_class quiet;
} kinds[REMIND_KIND_COUNT] = {
	[REMIND_ADVANCE] = { "advance", "medication_reminder",
	    N_("Dose coming up"), QUIET_CLASS_DOSE },
	[REMIND_DUE] = { "due", "medication_reminder", N_("Dose due"),
	    QUIET_CLASS_DOSE },
	[REMIND_SNOOZED] = { "snoozed", "medication_reminder",
	    N_("Snoozed dose"), QUIET_CLASS_DOSE },
	[REMIND_MISSED] = { "missed", "missed_dose", N_("Missed dose"),
	    QUIET_CLASS_ALERT },
	[REMIND_REFILL] = { "refill", "refill_due", N_("Refill due"),
	    QUIET_CLASS_ROUTINE },
	[REMIND_OTHER] = { "other", "health_tip", N_("Notice"),
	    QUIET_CLASS_ROUTINE },
};

static const struct kind_info *
kind_info(enum remind_kind kind)
{
	return &kinds[kind < REMIND_KIND_COUNT ? kind : REMIND_OTHER];
}

void
remind_prefs_defaults(struct remind_prefs *prefs)
{
	prefs->advance_minutes = 15;
	prefs->medication_reminders = true;
	prefs->missed_dose_alerts = true;
	prefs->refill_reminders = true;
	prefs->quiet.start = 22 * 60;
	prefs->quiet.end = 7 * 60;
}

const char *
remind_kind_name(enum remind_kind kind)
{
	return kind_info(kind)->name;
}

int
remind_kind_parse(const char *name, enum remind_kind *out)
{
	for (int k = 0; k < REMIND_KIND_COUNT; k++) {
		if (strcmp(kinds[k].name, name) == 0) {
			*out = (enum remind_kind)k;
			return 0;
		}
	}
	return -1;
}

const char *
remind_kind_type(enum remind_kind kind)
{
	return kind_info(kind)->type;
}

const char *
remind_kind_title(enum remind_kind kind)
{
	return kind_info(kind)->title;
}

enum quiet_class
remind_kind_class(enum remind_kind kind)
{
	return kind_info(kind)->quiet;
}

static int
cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

int
remind_item_compare(const void *pa, const void *pb)
{
	const struct remind_item *a = pa, *b = pb;
	int c;

	if ((c = cmp_i64(a->at, b->at)) != 0 ||
	    (c = cmp_i64(a->user_id, b->user_id)) != 0 ||
	    (c = cmp_i64(a->kind, b->kind)) != 0 ||
	    (c = cmp_i64(a->schedule_id, b->schedule_id)) != 0 ||
	    (c = cmp_i64(a->medication_id, b->medication_id)) != 0)
		return c;
	return cmp_i64(a->slot, b->slot);
}

void
remind_item_key(const struct remind_item *item, char *buf, size_t size)
{
	snprintf(buf, size, "u%lld/%s/s%lld/m%lld/d%lld/t%lld",
	    (long long)item->user_id, remind_kind_name(item->kind),
	    (long long)item->schedule_id, (long long)item->medication_id,
	    (long long)item->slot, (long long)item->at);
}

void
remind_list_free(struct remind_list *list)
{
	free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}

static int
list_push(struct remind_list *list, const struct remind_item *item,
    struct error *err)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		struct remind_item *grown = realloc(list->items,
		    cap * sizeof *grown);

		if (grown == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return -1;
		}
		list->items = grown;
		list->cap = cap;
	}
	list->items[list->count++] = *item;
	return 0;
}

/* The window the items must fall in, and the list they go to. */
struct sink {
	int64_t from, until;
	struct remind_list *list;
	struct error *err;
};

static int
push_item(struct sink *s, enum remind_kind kind, int64_t user_id,
    const struct remind_slot *slot, int64_t at)
{
	struct remind_item item;

	item.kind = kind;
	item.user_id = user_id;
	item.person_id = slot->person_id;
	item.medication_id = slot->medication_id;
	item.schedule_id = slot->schedule_id;
	item.slot = slot->due;
	item.at = at;
	item.critical = slot->critical;
	return list_push(s->list, &item, s->err);
}

static int
emit(struct sink *s, enum remind_kind kind, int64_t user_id,
    const struct remind_slot *slot, int64_t at)
{
	if (at < s->from || at >= s->until)
		return 0;
	return push_item(s, kind, user_id, slot, at);
}

/* The latest dose of the same schedule before this one, or none. */
static int64_t
previous_slot(const struct remind_plan_input *in,
    const struct remind_slot *slot)
{
	int64_t best = INT64_MIN;

	for (size_t i = 0; i < in->nslots; i++) {
		const struct remind_slot *o = &in->slots[i];

		if (o->schedule_id == slot->schedule_id && o->due < slot->due &&
		    o->due > best)
			best = o->due;
	}
	return best;
}

/* The patient's reminders of a slot: before and at it, or after a snooze. */
static int
plan_dose_reminders(const struct remind_plan_input *in,
    const struct remind_slot *slot, const struct remind_recipient *rc,
    struct sink *s)
{
	const struct remind_prefs *p = &rc->prefs;
	int64_t advance = slot->due - (int64_t)p->advance_minutes * 60;

	if (slot->snoozed_until != 0)
		return emit(s, REMIND_SNOOZED, rc->user_id, slot,
		    slot->snoozed_until);
	if (p->advance_minutes > 0 && advance > previous_slot(in, slot) &&
	    emit(s, REMIND_ADVANCE, rc->user_id, slot, advance) != 0)
		return -1;
	return emit(s, REMIND_DUE, rc->user_id, slot, slot->due);
}

static int
plan_slot(const struct remind_plan_input *in, const struct remind_slot *slot,
    struct sink *s)
{
	int64_t base = slot->snoozed_until != 0 ? slot->snoozed_until :
	    slot->due;
	int64_t missed_at = base + (int64_t)in->grace_minutes * 60;

	if (slot->recorded)
		return 0;
	for (size_t r = 0; r < in->nrecipients; r++) {
		const struct remind_recipient *rc = &in->recipients[r];

		if (rc->is_patient && rc->prefs.medication_reminders &&
		    plan_dose_reminders(in, slot, rc, s) != 0)
			return -1;
		if (rc->prefs.missed_dose_alerts && emit(s, REMIND_MISSED,
		    rc->user_id, slot, missed_at) != 0)
			return -1;
	}
	return 0;
}

static int
plan_refill(const struct remind_plan_input *in,
    const struct remind_refill *refill, struct sink *s)
{
	struct remind_slot as_slot = {
		.due = refill->runs_out,
		.schedule_id = 0,
		.medication_id = refill->medication_id,
		.person_id = refill->person_id,
		.critical = refill->critical,
	};
	int64_t at = refill->runs_out - (int64_t)in->refill_days * 86400;

	/* Late is still worth saying while the supply lasts. */
	if (refill->runs_out < s->from || at >= s->until)
		return 0;
	for (size_t r = 0; r < in->nrecipients; r++) {
		const struct remind_recipient *rc = &in->recipients[r];

		if (rc->prefs.refill_reminders && push_item(s, REMIND_REFILL,
		    rc->user_id, &as_slot, at) != 0)
			return -1;
	}
	return 0;
}

static int
check_input(const struct remind_plan_input *in, struct error *err)
{
	if (in->grace_minutes < 0 || in->refill_days < 0) {
		error_set(err, ERR_INVALID,
		    _("the grace period and refill warning cannot be negative"));
		return -1;
	}
	for (size_t r = 0; r < in->nrecipients; r++) {
		int advance = in->recipients[r].prefs.advance_minutes;

		if (advance < 0 || advance > 240) {
			error_set(err, ERR_INVALID,
			    _("a reminder can come 0 to 240 minutes before a dose, not %d"),
			    advance);
			return -1;
		}
	}
	return 0;
}

/* Sorts the new part of the list and drops repeated keys. */
static void
sort_unique(struct remind_list *list, size_t first)
{
	struct remind_item *items = list->items + first;
	size_t n = list->count - first, kept = 0;

	if (n == 0)
		return;
	qsort(items, n, sizeof *items, remind_item_compare);
	for (size_t i = 0; i < n; i++) {
		if (kept > 0 && remind_item_compare(&items[kept - 1],
		    &items[i]) == 0)
			continue;
		items[kept++] = items[i];
	}
	list->count = first + kept;
}

static int
plan_window(const struct remind_plan_input *in, int64_t from, int64_t until,
    struct remind_list *out, struct error *err)
{
	struct sink s = { from, until, out, err };
	size_t first = out->count;

	if (check_input(in, err) != 0)
		return -1;
	for (size_t i = 0; i < in->nslots; i++) {
		if (plan_slot(in, &in->slots[i], &s) != 0)
			return -1;
	}
	for (size_t i = 0; i < in->nrefills; i++) {
		if (plan_refill(in, &in->refills[i], &s) != 0)
			return -1;
	}
	sort_unique(out, first);
	return 0;
}

int
remind_plan(const struct remind_plan_input *in, struct remind_list *out,
    struct error *err)
{
	return plan_window(in, in->from, in->until, out, err);
}

int
remind_plan_next_due(const struct remind_plan_input *in, int64_t after,
    int64_t *next, struct error *err)
{
	struct remind_list list = { NULL, 0, 0 };

	*next = REMIND_NEVER;
	if (after == REMIND_NEVER)
		return 0;
	if (plan_window(in, after + 1, REMIND_NEVER, &list, err) != 0) {
		remind_list_free(&list);
		return -1;
	}
	/* A late refill reminder keeps its time, which is not after after. */
	for (size_t i = 0; i < list.count && *next == REMIND_NEVER; i++) {
		if (list.items[i].at > after)
			*next = list.items[i].at;
	}
	remind_list_free(&list);
	return 0;
}

int
remind_snooze(const struct remind_item *from, int minutes, int64_t now,
    struct remind_item *out, struct error *err)
{
	if (minutes != 5 && minutes != 10 && minutes != 30) {
		error_set(err, ERR_INVALID,
		    _("a reminder can be snoozed for 5, 10 or 30 minutes, not %d"),
		    minutes);
		return -1;
	}
	if (from->kind == REMIND_REFILL || from->kind == REMIND_OTHER ||
	    from->schedule_id == 0) {
		error_set(err, ERR_INVALID,
		    _("only a reminder about a dose can be snoozed"));
		return -1;
	}
	*out = *from;
	out->kind = REMIND_SNOOZED;
	out->at = now + (int64_t)minutes * 60;
	return 0;
}
