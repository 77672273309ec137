#include "config.h"

#include "cli/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "service/meds.h"
#include "store/meds.h"

/* Whose record a medication belongs to. */
enum demo_person { ADA, WALTER };

/* Schedules that need dates are written from these, days before today. */
enum demo_schedule {
	FIXED,			/* the SPEC as it stands */
	WARFARIN,		/* 5 mg and 2.5 mg on alternate days */
	TAPER			/* prednisone 40, 20, 10 mg, five days each */
};

/* One medication of the household and its fills. */
struct demo_med {
	enum demo_person who;
	const char *drug;
	const char *strength;
	const char *form;
	enum demo_schedule kind;
	const char *schedule;
	int start, end;			/* days before today; end -1: open */
	int refills;
	int days_supply;
	bool critical;
	const char *prescriber;
	const char *instructions;
	int fills[4];			/* days before today, 0 ends the list */
	int fill_quantity;
	int paused, resumed;		/* days before today; 0: never */
	int stopped;			/* days before today; 0: never */
	const char *stop_reason;	/* NULL: completed, not stopped */
};

/*
 * Made-up prescriptions.  Fills leave one medication due for a refill,
 * one with a gap (its PDC below 100%), and one too soon to refill.
 */
static const struct demo_med meds[] = {
	{ ADA, "metformin", "500 mg", "tablet", FIXED, "08:00,20:00",
	    DEMO_DAYS, -1, 5, 30, false, "Dr Iris Example",
	    "with breakfast and with supper", { 90, 61, 31, 2 }, 60, 0, 0,
	    0, NULL },
	{ ADA, "lisinopril", "10 mg", "tablet", FIXED, "08:00",
	    DEMO_DAYS, -1, 1, 90, true, "Dr Iris Example",
	    "in the morning", { 90 }, 90, 0, 0, 0, NULL },
	{ ADA, "atorvastatin", "20 mg", "tablet", FIXED, "21:00",
	    DEMO_DAYS, -1, 3, 30, false, "Dr Iris Example",
	    "at bedtime", { 90, 56, 24 }, 30, 40, 33, 0, NULL },
	{ ADA, "ibuprofen", "200 mg", "tablet", FIXED,
	    "2 tablets as needed max 3/day min 6h", DEMO_DAYS, -1, 0, 0,
	    false, NULL, "with food, for knee pain", { 0 }, 0, 0, 0, 0, NULL },
	{ WALTER, "levothyroxine", "50 mcg", "tablet", FIXED, "07:00",
	    DEMO_DAYS, -1, 4, 30, false, "Dr Omar Sample",
	    "on an empty stomach, 30 minutes before breakfast",
	    { 90, 60, 30 }, 30, 0, 0, 0, NULL },
	{ WALTER, "warfarin", "2.5 mg", "tablet", WARFARIN, NULL,
	    DEMO_DAYS, -1, 4, 30, true, "Dr Omar Sample",
	    "INR check every four weeks", { 90, 60, 30 }, 45, 0, 0, 0, NULL },
	{ WALTER, "prednisone", "10 mg", "tablet", TAPER, NULL,
	    50, 36, 0, 15, false, "Dr Omar Sample",
	    "with breakfast; do not stop early", { 50 }, 35, 0, 0, 35, NULL },
	{ WALTER, "omeprazole", "20 mg", "capsule", FIXED, "07:30",
	    DEMO_DAYS, -1, 2, 30, false, "Dr Omar Sample",
	    "before breakfast", { 90, 60, 30 }, 30, 0, 0, 20,
	    "the stomach settled; Dr Sample stopped it" },
};

#define N_MEDS (sizeof meds / sizeof meds[0])

int64_t
demo_at(const struct demo *d, int day, int minute)
{
	return tz_wall_to_utc(d->tz, day, minute);
}

/* A number from 0 to n - 1, the same sequence for the same seed. */
static unsigned
pick(struct demo *d, unsigned n)
{
	d->seed ^= d->seed << 13;
	d->seed ^= d->seed >> 7;
	d->seed ^= d->seed << 17;
	return (unsigned)(d->seed % n);
}

/* "YYYY-MM-DD..YYYY-MM-DD" for days first..last into buf. */
static void
date_range(int first, int last, char buf[2 * DATE_TEXT_SIZE + 2])
{
	char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];

	date_format(first, a);
	date_format(last, b);
	snprintf(buf, 2 * DATE_TEXT_SIZE + 2, "%s..%s", a, b);
}

/* Writes the SPEC of a medication, with dates where it needs them. */
static void
write_schedule(const struct demo *d, const struct demo_med *m, char *buf,
    size_t size)
{
	char one[2 * DATE_TEXT_SIZE + 2], two[sizeof one], three[sizeof one];
	int start = d->today - m->start;

	if (m->kind == FIXED) {
		snprintf(buf, size, "%s", m->schedule);
	} else if (m->kind == WARFARIN) {
		date_range(start, d->today + 365, one);
		date_range(start + 1, d->today + 365, two);
		snprintf(buf, size, "%s 2 tablets every other day 18:00;"
		    " %s 1 tablet every other day 18:00", one, two);
	} else {
		date_range(start, start + 4, one);
		date_range(start + 5, start + 9, two);
		date_range(start + 10, start + 14, three);
		snprintf(buf, size, "%s 4 tablets 08:00; %s 2 tablets 08:00;"
		    " %s 1 tablet 08:00", one, two, three);
	}
}

/* The session that acts on a person's record in the demo. */
static struct care *
owner(struct demo *d, enum demo_person who)
{
	return who == ADA ? &d->ada : &d->clara_walter;
}

/* Moves the demo's clock to a local time some days before today. */
static void
set_time(struct demo *d, int days_ago, int minute)
{
	d->clock.fixed = demo_at(d, d->today - days_ago, minute);
}

static int
add_fills(struct demo *d, struct care *c, const struct demo_med *m,
    int64_t id, struct error *err)
{
	for (size_t i = 0; i < 4 && m->fills[i] > 0; i++) {
		struct doses_fill_result res;
		struct store_fill fill;

		memset(&fill, 0, sizeof fill);
		fill.day = d->today - m->fills[i];
		fill.quantity = m->fill_quantity;
		fill.days_supply = m->days_supply;
		fill.pharmacy_id = d->pharmacy;
		set_time(d, m->fills[i], 10 * 60);
		if (meds_fill_add(c->s, &c->ctx, id, &fill, false, &res,
		    err) != 0)
			return -1;
	}
	return 0;
}

/* Pauses and resumes, stops or completes a medication, as it says. */
static int
change_status(struct demo *d, const struct demo_med *m, int64_t id,
    struct error *err)
{
	struct care *c = owner(d, m->who);

	if (m->paused > 0) {
		set_time(d, m->paused, 12 * 60);
		if (meds_set_status(c->s, &c->ctx, id, MED_PAUSED, NULL,
		    err) != 0)
			return -1;
		set_time(d, m->resumed, 12 * 60);
		if (meds_set_status(c->s, &c->ctx, id, MED_ACTIVE, NULL,
		    err) != 0)
			return -1;
	}
	if (m->stopped == 0)
		return 0;
	set_time(d, m->stopped, 12 * 60);
	return meds_set_status(c->s, &c->ctx, id, m->stop_reason != NULL ?
	    MED_DISCONTINUED : MED_COMPLETED, m->stop_reason, err);
}

/*
 * Adds a medication, taking the catalogue's drug or adding the name,
 * screened as the commands screen it.
 */
static int
add_med(struct demo *d, const struct demo_med *m, int64_t *id,
    struct error *err)
{
	struct care *c = owner(d, m->who);
	char spec[256], start[DATE_TEXT_SIZE], end[DATE_TEXT_SIZE] = "";
	char doctor[24];
	struct meds_input in;

	memset(&in, 0, sizeof in);
	if (store_drug_by_name(c->st, m->drug, true, &in.drug_id, err) != 0)
		return -1;
	write_schedule(d, m, spec, sizeof spec);
	date_format(d->today - m->start, start);
	if (m->end >= 0)
		date_format(d->today - m->end, end);
	in.strength = m->strength;
	in.dosage_form = m->form;
	in.schedule = spec;
	in.start_date = start;
	in.end_date = end;
	in.prescriber = m->prescriber;
	if (m->who == ADA && m->prescriber != NULL && d->ada_doctor != 0) {
		snprintf(doctor, sizeof doctor, "#%lld",
		    (long long)d->ada_doctor);
		in.prescriber = doctor;
	}
	in.instructions = m->instructions;
	in.quantity = m->fill_quantity;
	in.refills = m->refills;
	in.days_supply = m->days_supply;
	in.critical = m->critical;
	set_time(d, m->start, 9 * 60);
	/* None of the household's drugs brings a major finding. */
	if (meds_add_screened(c->s, &c->ctx, c->person, &in, NULL, id,
	    err) != 0)
		return -1;
	return add_fills(d, c, m, *id, err);
}

int
demo_medications(struct demo *d, struct error *err)
{
	int64_t ids[N_MEDS];

	for (size_t i = 0; i < N_MEDS; i++) {
		if (add_med(d, &meds[i], &ids[i], err) != 0)
			return -1;
		if (strcmp(meds[i].drug, "ibuprofen") == 0)
			d->ibuprofen = ids[i];
	}
	for (size_t i = 0; i < N_MEDS; i++) {
		if (change_status(d, &meds[i], ids[i], err) != 0)
			return -1;
	}
	d->clock.fixed = d->now;
	return 0;
}

/* History -------------------------------------------------------------- */

/* How a scheduled dose went. */
enum demo_outcome { ON_TIME, LATE, SKIPPED, MISSED };

static const char *const skip_reasons[] = {
	"felt sick that morning",
	"ran out at home; refilled the next day",
	"away from home without it",
	"the doctor said to hold it before a blood test",
};

#define N_REASONS (sizeof skip_reasons / sizeof skip_reasons[0])

/* Mostly on time, some late, a few skipped, a few never recorded. */
static enum demo_outcome
outcome(struct demo *d)
{
	unsigned r = pick(d, 100);

	if (r < 80)
		return ON_TIME;
	if (r < 88)
		return LATE;
	return r < 94 ? SKIPPED : MISSED;
}

static int
record_slot(struct demo *d, struct care *c, const struct doses_item *it,
    struct error *err)
{
	enum demo_outcome o = outcome(d);
	struct doses_request req;
	struct doses_outcome out;
	int64_t at, written;

	if (o == MISSED)
		return 0;
	at = it->slot.at + 60 * (o == LATE ? 75 + (int)pick(d, 120) :
	    (int)pick(d, 35) - 10);
	written = at + 60 * (int)pick(d, 10);
	if (pick(d, 25) == 0)
		written += 13 * 3600;	/* written down the next morning */
	if (written > d->now - 15 * 60)
		return 0;		/* the latest doses are still to do */
	memset(&req, 0, sizeof req);
	req.person_id = c->person;
	req.medication_id = it->slot.medication_id;
	req.schedule_id = it->slot.schedule_id;
	req.slot_at = it->slot.at;
	req.status = o == SKIPPED ? DOSE_SKIPPED : DOSE_TAKEN;
	req.actual_at = o == SKIPPED ? 0 : at;
	req.taken_with_food = -1;
	d->clock.fixed = written;
	if (meds_record_dose(c->s, &c->ctx, &req, o == SKIPPED ?
	    skip_reasons[pick(d, N_REASONS)] : NULL, &out, err) != 0)
		return -1;
	d->doses++;
	return 0;
}

/*
 * Records a person's scheduled doses of one day; a helper, when given,
 * records some of them instead of the person.
 */
static int
record_day(struct demo *d, struct care *c, struct care *helper, int day,
    struct error *err)
{
	struct doses_day list;
	int rc = 0;

	d->clock.fixed = d->now;
	if (doses_today(&c->ctx, c->person, day, &list, err) != 0)
		return -1;
	for (size_t i = 0; i < list.n && rc == 0; i++) {
		const struct doses_item *it = &list.items[i];
		struct care *who = helper != NULL && pick(d, 100) < 15 ?
		    helper : c;

		if (!it->prn && it->slot.at != 0 && !it->recorded)
			rc = record_slot(d, who, it, err);
	}
	doses_day_free(&list);
	return rc;
}

/* Ada's knee: an as-needed dose on about one day in five. */
static int
record_prn(struct demo *d, int day, struct error *err)
{
	struct doses_request req;
	struct doses_outcome out;
	int64_t at;

	if (pick(d, 5) != 0)
		return 0;
	at = demo_at(d, day, 10 * 60 + (int)pick(d, 8 * 60));
	if (at > d->now - 3600)
		return 0;
	memset(&req, 0, sizeof req);
	req.person_id = d->ada.person;
	req.medication_id = d->ibuprofen;
	req.status = DOSE_TAKEN;
	req.actual_at = at;
	req.taken_with_food = 1;
	d->clock.fixed = at + 120;
	if (meds_record_dose(d->ada.s, &d->ada.ctx, &req, NULL, &out,
	    err) != 0)
		return -1;
	d->doses++;
	return 0;
}

int
demo_history(struct demo *d, struct error *err)
{
	for (int day = d->today - DEMO_DAYS; day <= d->today; day++) {
		if (record_day(d, &d->ada, &d->clara_ada, day, err) != 0 ||
		    record_prn(d, day, err) != 0 ||
		    record_day(d, &d->clara_walter, NULL, day, err) != 0)
			return -1;
	}
	d->clock.fixed = d->now;
	return 0;
}
