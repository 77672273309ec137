/*
 * The pure parts of reminders: quiet hours on a wall clock (including
 * days when the clocks change), the planner, snoozes and texts.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "domain/quiet.h"
#include "domain/remind_plan.h"
#include "domain/remind_text.h"
#include "domain/wallclock.h"
#include "testutil.h"

static int64_t
at(const char *utc)
{
	return test_utc(utc);
}

static struct quiet_hours
window(const char *start, const char *end)
{
	struct quiet_hours q;
	struct error err;

	ck_assert_msg(quiet_parse(start, end, &q, &err) == 0, "%s", err.text);
	return q;
}

static bool
inside(const struct quiet_hours *q, const struct wallclock *wc, int64_t t)
{
	struct error err;
	bool in;

	ck_assert_msg(quiet_active(q, wc, t, &in, &err) == 0, "%s", err.text);
	return in;
}

static int64_t
window_end(const struct quiet_hours *q, const struct wallclock *wc, int64_t t)
{
	struct error err;
	int64_t end;

	ck_assert_msg(quiet_window_end(q, wc, t, &end, &err) == 0, "%s",
	    err.text);
	return end;
}

/*
 * A zone that switches from one offset to another at one instant: enough
 * to stand for a daylight-saving change without the tz database.
 */
struct switching_zone {
	int64_t switch_at;
	int before, after;
};

static int
switching_to_local(const struct wallclock *wc, int64_t utc,
    struct wall_time *out)
{
	const struct switching_zone *z = wc->ctx;
	struct wallclock fixed = wallclock_fixed(utc < z->switch_at ?
	    z->before : z->after);

	return fixed.to_local(&fixed, utc, out);
}

static struct wallclock
switching_clock(const struct switching_zone *z)
{
	struct wallclock wc = { switching_to_local, z, 0 };

	return wc;
}

/* A zone of the tz database, read through tz_utc_to_wall. */
START_TEST(test_wallclock_of_a_real_zone_over_its_spring_change)
{
	struct tz *ny;
	struct wallclock wc;
	struct wall_time t;
	struct quiet_hours q = window("01:30", "03:30");
	struct error err;
	char iso[40];
	int64_t end;

	ck_assert_int_eq(tz_open(&ny, "America/New_York", &err), 0);
	wc = wallclock_zone(ny);
	ck_assert_int_eq(wallclock_local(&wc, at("2026-03-08T06:59:59Z"), &t,
	    &err), 0);
	wallclock_format_iso(&t, iso, sizeof iso);
	ck_assert_str_eq(iso, "2026-03-08T01:59:59-05:00");
	ck_assert_int_eq(wallclock_local(&wc, at("2026-03-08T07:00:00Z"), &t,
	    &err), 0);
	wallclock_format_iso(&t, iso, sizeof iso);
	ck_assert_str_eq(iso, "2026-03-08T03:00:00-04:00");

	/* A window that loses its 02:xx hour ends at 03:30 EDT all the same. */
	ck_assert(inside(&q, &wc, at("2026-03-08T06:59:00Z")));
	ck_assert(inside(&q, &wc, at("2026-03-08T07:00:00Z")));
	ck_assert_int_eq(quiet_window_end(&q, &wc, at("2026-03-08T06:45:00Z"),
	    &end, &err), 0);
	ck_assert_int_eq(end, at("2026-03-08T07:30:00Z"));
	tz_close(ny);
}
END_TEST

/* Quiet hours ------------------------------------------------------------ */

START_TEST(test_quiet_edges_of_a_window_over_midnight)
{
	struct quiet_hours q = window("22:00", "07:00");
	struct wallclock utc = wallclock_fixed(0);
	struct wallclock kolkata = wallclock_fixed(5 * 3600 + 1800);

	ck_assert(!inside(&q, &utc, at("2026-03-10T21:59:00Z")));
	ck_assert(!inside(&q, &utc, at("2026-03-10T21:59:59Z")));
	ck_assert(inside(&q, &utc, at("2026-03-10T22:00:00Z")));
	ck_assert(inside(&q, &utc, at("2026-03-10T23:59:59Z")));
	ck_assert(inside(&q, &utc, at("2026-03-11T00:00:00Z")));
	ck_assert(inside(&q, &utc, at("2026-03-11T06:59:00Z")));
	ck_assert(inside(&q, &utc, at("2026-03-11T06:59:59Z")));
	ck_assert(!inside(&q, &utc, at("2026-03-11T07:00:00Z")));
	ck_assert(!inside(&q, &utc, at("2026-03-11T12:00:00Z")));

	/* The window is on the person's clock: 22:00 in Kolkata is 16:30Z. */
	ck_assert(!inside(&q, &kolkata, at("2026-03-10T16:29:00Z")));
	ck_assert(inside(&q, &kolkata, at("2026-03-10T16:30:00Z")));
	ck_assert(inside(&q, &kolkata, at("2026-03-11T01:29:00Z")));
	ck_assert(!inside(&q, &kolkata, at("2026-03-11T01:30:00Z")));
}
END_TEST

START_TEST(test_quiet_window_within_one_day)
{
	struct quiet_hours q = window("13:00", "15:00");
	struct wallclock utc = wallclock_fixed(0);

	ck_assert(!inside(&q, &utc, at("2026-03-10T12:59:00Z")));
	ck_assert(inside(&q, &utc, at("2026-03-10T13:00:00Z")));
	ck_assert(inside(&q, &utc, at("2026-03-10T14:59:00Z")));
	ck_assert(!inside(&q, &utc, at("2026-03-10T15:00:00Z")));
	ck_assert(!inside(&q, &utc, at("2026-03-10T23:00:00Z")));
	ck_assert(!inside(&q, &utc, at("2026-03-10T03:00:00Z")));
	ck_assert_int_eq(window_end(&q, &utc, at("2026-03-10T13:30:00Z")),
	    at("2026-03-10T15:00:00Z"));
}
END_TEST

START_TEST(test_quiet_empty_window_and_bad_times)
{
	struct quiet_hours same = window("07:00", "07:00");
	struct quiet_hours none = window(NULL, "07:00");
	struct wallclock utc = wallclock_fixed(0);
	struct quiet_hours q;
	struct error err;
	static const char *const bad[] = { "7:00", "24:00", "22:60", "ab:cd",
	    "22:00x", "-1:00", "22-00", "" };

	ck_assert(quiet_is_empty(&same));
	ck_assert(quiet_is_empty(&none));
	for (int h = 0; h < 24; h++) {
		int64_t t = at("2026-03-10T00:00:00Z") + h * 3600;

		ck_assert(!inside(&same, &utc, t));
		ck_assert(!inside(&none, &utc, t));
		ck_assert_int_eq(window_end(&same, &utc, t), t);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (bad[i][0] == '\0')
			continue;
		ck_assert_int_eq(quiet_parse(bad[i], "07:00", &q, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.text, "22:00"));
		ck_assert_int_eq(quiet_parse("22:00", bad[i], &q, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.text, "07:00"));
	}
}
END_TEST

START_TEST(test_quiet_window_end)
{
	struct quiet_hours q = window("22:00", "07:00");
	struct wallclock utc = wallclock_fixed(0);
	struct wallclock ny = wallclock_fixed(-5 * 3600);

	ck_assert_int_eq(window_end(&q, &utc, at("2026-03-10T22:00:00Z")),
	    at("2026-03-11T07:00:00Z"));
	ck_assert_int_eq(window_end(&q, &utc, at("2026-03-10T23:30:17Z")),
	    at("2026-03-11T07:00:00Z"));
	ck_assert_int_eq(window_end(&q, &utc, at("2026-03-11T06:59:59Z")),
	    at("2026-03-11T07:00:00Z"));
	ck_assert_int_eq(window_end(&q, &utc, at("2026-03-11T07:00:00Z")),
	    at("2026-03-11T07:00:00Z"));
	ck_assert_int_eq(window_end(&q, &utc, at("2026-03-11T12:00:00Z")),
	    at("2026-03-11T12:00:00Z"));

	/* 01:00 in New York is 06:00Z; its 07:00 is 12:00Z. */
	ck_assert_int_eq(window_end(&q, &ny, at("2026-03-11T06:00:00Z")),
	    at("2026-03-11T12:00:00Z"));
}
END_TEST

START_TEST(test_quiet_hours_on_days_the_clocks_change)
{
	struct quiet_hours q = window("22:00", "07:00");
	/* Clocks go forward: 02:00 local (+01:00) becomes 03:00 (+02:00). */
	struct switching_zone spring = { at("2026-03-29T01:00:00Z"), 3600,
	    7200 };
	/* Clocks go back: 03:00 local (+02:00) becomes 02:00 (+01:00). */
	struct switching_zone autumn = { at("2026-10-25T01:00:00Z"), 7200,
	    3600 };
	struct wallclock fwd = switching_clock(&spring);
	struct wallclock back = switching_clock(&autumn);
	struct quiet_hours into_gap = window("22:00", "02:30");

	/* 23:00 local is 22:00Z; 07:00 local after the change is 05:00Z. */
	ck_assert_int_eq(window_end(&q, &fwd, at("2026-03-28T22:00:00Z")),
	    at("2026-03-29T05:00:00Z"));
	ck_assert(inside(&q, &fwd, at("2026-03-29T04:59:00Z")));
	ck_assert(!inside(&q, &fwd, at("2026-03-29T05:00:00Z")));

	/* A night an hour longer: 07:00 local is 06:00Z. */
	ck_assert_int_eq(window_end(&q, &back, at("2026-10-24T21:00:00Z")),
	    at("2026-10-25T06:00:00Z"));
	ck_assert(inside(&q, &back, at("2026-10-25T05:59:00Z")));
	ck_assert(!inside(&q, &back, at("2026-10-25T06:00:00Z")));

	/* 02:30 never comes that night: the window ends at 03:00 local. */
	ck_assert_int_eq(window_end(&into_gap, &fwd,
	    at("2026-03-28T22:00:00Z")), at("2026-03-29T01:00:00Z"));
	ck_assert(inside(&into_gap, &fwd, at("2026-03-29T00:59:00Z")));
}
END_TEST

static struct quiet_verdict
decide(const struct quiet_hours *q, enum quiet_class cls, bool critical,
    int64_t now)
{
	struct wallclock utc = wallclock_fixed(0);
	struct quiet_verdict v;
	struct error err;

	ck_assert_msg(quiet_decide(q, &utc, cls, critical, now, &v, &err) ==
	    0, "%s", err.text);
	return v;
}

START_TEST(test_quiet_decisions_and_critical_medications)
{
	struct quiet_hours q = window("22:00", "07:00");
	int64_t night = at("2026-03-10T23:30:00Z");
	int64_t day = at("2026-03-10T12:00:00Z");
	int64_t morning = at("2026-03-11T07:00:00Z");
	struct quiet_verdict v;

	ck_assert_int_eq(decide(&q, QUIET_CLASS_DOSE, false, day).action,
	    QUIET_SOUND);
	ck_assert_int_eq(decide(&q, QUIET_CLASS_ALERT, false, day).action,
	    QUIET_SOUND);
	ck_assert_int_eq(decide(&q, QUIET_CLASS_ROUTINE, false, day).action,
	    QUIET_SOUND);

	/* A vitamin at night: on the screen, but no bell. */
	ck_assert_int_eq(decide(&q, QUIET_CLASS_DOSE, false, night).action,
	    QUIET_SILENT);
	/* Insulin at night sounds, and so does its missed dose. */
	ck_assert_int_eq(decide(&q, QUIET_CLASS_DOSE, true, night).action,
	    QUIET_SOUND);
	ck_assert_int_eq(decide(&q, QUIET_CLASS_ALERT, true, night).action,
	    QUIET_SOUND);

	v = decide(&q, QUIET_CLASS_ALERT, false, night);
	ck_assert_int_eq(v.action, QUIET_HOLD);
	ck_assert_int_eq(v.hold_until, morning);
	v = decide(&q, QUIET_CLASS_ROUTINE, true, night);
	ck_assert_int_eq(v.action, QUIET_HOLD);
	ck_assert_int_eq(v.hold_until, morning);
}
END_TEST

/* The planner ------------------------------------------------------------ */

static struct remind_recipient
patient(int64_t user_id)
{
	struct remind_recipient r = { user_id, true, { 0 } };

	remind_prefs_defaults(&r.prefs);
	return r;
}

static struct remind_recipient
caregiver(int64_t user_id)
{
	struct remind_recipient r = patient(user_id);

	r.is_patient = false;
	return r;
}

static struct remind_slot
slot(int64_t due, int64_t schedule_id)
{
	struct remind_slot s = { .due = due, .schedule_id = schedule_id,
	    .medication_id = 100 + schedule_id, .person_id = 7 };

	return s;
}

static void
plan(struct remind_plan_input *in, struct remind_list *out)
{
	struct error err;

	out->items = NULL;
	out->count = out->cap = 0;
	ck_assert_msg(remind_plan(in, out, &err) == 0, "%s", err.text);
}

static void
expect_item(const struct remind_item *it, enum remind_kind kind,
    int64_t user_id, int64_t when)
{
	ck_assert_int_eq(it->kind, kind);
	ck_assert_int_eq(it->user_id, user_id);
	ck_assert_int_eq(it->at, when);
}

static void
expect_same(const struct remind_list *a, const struct remind_list *b)
{
	ck_assert_uint_eq(a->count, b->count);
	for (size_t i = 0; i < a->count; i++) {
		ck_assert_int_eq(remind_item_compare(&a->items[i],
		    &b->items[i]), 0);
		ck_assert_int_eq(a->items[i].critical, b->items[i].critical);
		ck_assert_int_eq(a->items[i].person_id, b->items[i].person_id);
	}
}

static struct remind_plan_input
input(const struct remind_slot *slots, size_t nslots,
    const struct remind_recipient *who, size_t nwho)
{
	struct remind_plan_input in;

	memset(&in, 0, sizeof in);
	in.slots = slots;
	in.nslots = nslots;
	in.recipients = who;
	in.nrecipients = nwho;
	in.grace_minutes = 60;
	in.refill_days = 7;
	in.from = at("2026-03-10T00:00:00Z");
	in.until = at("2026-03-12T00:00:00Z");
	return in;
}

START_TEST(test_plan_patient_and_caregiver)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_slot slots[] = { slot(eight, 1) };
	struct remind_recipient who[] = { patient(1), caregiver(2) };
	struct remind_plan_input in = input(slots, 1, who, 2);
	struct remind_list out;

	plan(&in, &out);
	ck_assert_uint_eq(out.count, 4);
	expect_item(&out.items[0], REMIND_ADVANCE, 1, eight - 15 * 60);
	expect_item(&out.items[1], REMIND_DUE, 1, eight);
	expect_item(&out.items[2], REMIND_MISSED, 1, eight + 3600);
	expect_item(&out.items[3], REMIND_MISSED, 2, eight + 3600);
	for (size_t i = 0; i < out.count; i++) {
		ck_assert_int_eq(out.items[i].slot, eight);
		ck_assert_int_eq(out.items[i].schedule_id, 1);
		ck_assert_int_eq(out.items[i].medication_id, 101);
		ck_assert_int_eq(out.items[i].person_id, 7);
	}
	remind_list_free(&out);
}
END_TEST

START_TEST(test_plan_follows_each_recipients_switches)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_slot slots[] = { slot(eight, 1) };
	struct remind_recipient who[] = { patient(1), caregiver(2) };
	struct remind_refill refill = { 101, 7, at("2026-03-18T09:00:00Z"),
	    false };
	struct remind_plan_input in = input(slots, 1, who, 2);
	struct remind_list out;

	in.refills = &refill;
	in.nrefills = 1;
	who[0].prefs.advance_minutes = 0;
	who[0].prefs.missed_dose_alerts = false;
	who[1].prefs.refill_reminders = false;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 3);
	expect_item(&out.items[0], REMIND_DUE, 1, eight);
	expect_item(&out.items[1], REMIND_MISSED, 2, eight + 3600);
	expect_item(&out.items[2], REMIND_REFILL, 1,
	    at("2026-03-11T09:00:00Z"));
	ck_assert_int_eq(out.items[2].schedule_id, 0);
	ck_assert_int_eq(out.items[2].slot, refill.runs_out);
	remind_list_free(&out);

	who[0].prefs.medication_reminders = false;
	who[0].prefs.refill_reminders = false;
	who[1].prefs.missed_dose_alerts = false;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 0);
	remind_list_free(&out);
}
END_TEST

START_TEST(test_plan_skips_recorded_doses)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_slot slots[] = { slot(eight, 1), slot(eight, 2) };
	struct remind_recipient who[] = { patient(1), caregiver(2) };
	struct remind_plan_input in = input(slots, 2, who, 2);
	struct remind_list out;

	slots[0].recorded = true;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 4);
	for (size_t i = 0; i < out.count; i++)
		ck_assert_int_eq(out.items[i].schedule_id, 2);
	remind_list_free(&out);
}
END_TEST

START_TEST(test_plan_is_deterministic_without_duplicates)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	int64_t noon = at("2026-03-10T12:00:00Z");
	struct remind_slot twice[] = { slot(noon, 1), slot(eight, 1),
	    slot(noon, 1), slot(eight, 2), slot(eight, 1) };
	struct remind_slot once[] = { slot(eight, 1), slot(eight, 2),
	    slot(noon, 1) };
	struct remind_recipient who[] = { caregiver(2), patient(1) };
	struct remind_plan_input a = input(twice, 5, who, 2);
	struct remind_plan_input b = input(once, 3, who, 2);
	struct remind_list la, lb, halves;
	char k1[128], k2[128];

	plan(&a, &la);
	plan(&b, &lb);
	ck_assert_uint_eq(la.count, 12);
	expect_same(&la, &lb);
	for (size_t i = 1; i < la.count; i++) {
		remind_item_key(&la.items[i - 1], k1, sizeof k1);
		remind_item_key(&la.items[i], k2, sizeof k2);
		ck_assert_str_ne(k1, k2);
		ck_assert_int_le(la.items[i - 1].at, la.items[i].at);
	}

	/* Two halves of a window plan exactly what the whole one does. */
	b.until = at("2026-03-10T10:00:00Z");
	plan(&b, &halves);
	b.from = b.until;
	b.until = at("2026-03-12T00:00:00Z");
	ck_assert_int_eq(remind_plan(&b, &halves, &(struct error){ 0 }), 0);
	expect_same(&halves, &lb);
	remind_list_free(&la);
	remind_list_free(&lb);
	remind_list_free(&halves);
}
END_TEST

START_TEST(test_plan_leaves_out_advance_at_the_previous_dose)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_slot hourly[] = { slot(eight, 1), slot(eight + 3600, 1) };
	struct remind_recipient who[] = { patient(1) };
	struct remind_plan_input in = input(hourly, 2, who, 1);
	struct remind_list out;
	size_t advances = 0;

	who[0].prefs.missed_dose_alerts = false;
	who[0].prefs.advance_minutes = 60;
	plan(&in, &out);
	for (size_t i = 0; i < out.count; i++)
		advances += out.items[i].kind == REMIND_ADVANCE;
	ck_assert_uint_eq(advances, 1);
	ck_assert_uint_eq(out.count, 3);
	remind_list_free(&out);

	who[0].prefs.advance_minutes = 30;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 4);
	expect_item(&out.items[2], REMIND_ADVANCE, 1, eight + 1800);
	remind_list_free(&out);
}
END_TEST

START_TEST(test_plan_next_due)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_slot slots[] = { slot(eight, 1) };
	struct remind_recipient who[] = { patient(1) };
	struct remind_plan_input in = input(slots, 1, who, 1);
	struct error err;
	int64_t next;

	ck_assert_int_eq(remind_plan_next_due(&in, eight - 3600, &next, &err), 0);
	ck_assert_int_eq(next, eight - 900);
	ck_assert_int_eq(remind_plan_next_due(&in, eight - 900, &next, &err), 0);
	ck_assert_int_eq(next, eight);
	ck_assert_int_eq(remind_plan_next_due(&in, eight, &next, &err), 0);
	ck_assert_int_eq(next, eight + 3600);
	ck_assert_int_eq(remind_plan_next_due(&in, eight + 3600, &next, &err), 0);
	ck_assert_int_eq(next, REMIND_NEVER);
	slots[0].recorded = true;
	ck_assert_int_eq(remind_plan_next_due(&in, 0, &next, &err), 0);
	ck_assert_int_eq(next, REMIND_NEVER);
}
END_TEST

START_TEST(test_plan_snoozed_slot_moves_its_reminder_and_alert)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	int64_t until = eight + 30 * 60;
	struct remind_slot slots[] = { slot(eight, 1) };
	struct remind_recipient who[] = { patient(1), caregiver(2) };
	struct remind_plan_input in = input(slots, 1, who, 2);
	struct remind_list out;

	slots[0].snoozed_until = until;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 3);
	expect_item(&out.items[0], REMIND_SNOOZED, 1, until);
	expect_item(&out.items[1], REMIND_MISSED, 1, until + 3600);
	expect_item(&out.items[2], REMIND_MISSED, 2, until + 3600);
	for (size_t i = 0; i < out.count; i++)
		ck_assert_int_eq(out.items[i].slot, eight);
	remind_list_free(&out);

	/* Recorded after the snooze: nothing more. */
	slots[0].recorded = true;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 0);
	remind_list_free(&out);
}
END_TEST

START_TEST(test_plan_late_refill_while_the_supply_lasts)
{
	struct remind_recipient who[] = { patient(1) };
	struct remind_refill refill = { 101, 7, at("2026-03-13T05:00:00Z"),
	    false };
	struct remind_plan_input in = input(NULL, 0, who, 1);
	struct remind_list out;
	struct error err;
	int64_t next;

	/* Its time (03-06) passed before the window: planned at that time. */
	in.refills = &refill;
	in.nrefills = 1;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 1);
	expect_item(&out.items[0], REMIND_REFILL, 1,
	    at("2026-03-06T05:00:00Z"));
	remind_list_free(&out);
	ck_assert_int_eq(remind_plan_next_due(&in, in.from, &next, &err), 0);
	ck_assert_int_eq(next, REMIND_NEVER);

	/* Run out before the window: too late to say. */
	refill.runs_out = in.from - 1;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 0);
	remind_list_free(&out);

	/* Its time after the window: not yet. */
	refill.runs_out = in.until + 7 * 86400;
	plan(&in, &out);
	ck_assert_uint_eq(out.count, 0);
	remind_list_free(&out);
	ck_assert_int_eq(remind_plan_next_due(&in, in.from, &next, &err), 0);
	ck_assert_int_eq(next, in.until);
}
END_TEST

START_TEST(test_plan_refuses_bad_rules)
{
	struct remind_recipient who[] = { patient(1) };
	struct remind_plan_input in = input(NULL, 0, who, 1);
	struct remind_list out = { NULL, 0, 0 };
	struct error err;

	who[0].prefs.advance_minutes = 241;
	ck_assert_int_eq(remind_plan(&in, &out, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "0 to 240"));
	who[0].prefs.advance_minutes = 15;
	in.grace_minutes = -1;
	ck_assert_int_eq(remind_plan(&in, &out, &err), -1);
	ck_assert_uint_eq(out.count, 0);
}
END_TEST

START_TEST(test_snooze_chain)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_item due = { REMIND_DUE, 1, 7, 101, 1, eight, eight,
	    false };
	struct remind_item a, b, c, refill = due;
	char ka[128], kb[128], kc[128];
	struct error err;

	ck_assert_int_eq(remind_snooze(&due, 5, eight + 20, &a, &err), 0);
	ck_assert_int_eq(a.kind, REMIND_SNOOZED);
	ck_assert_int_eq(a.at, eight + 20 + 300);
	ck_assert_int_eq(a.slot, eight);
	ck_assert_int_eq(remind_snooze(&a, 10, a.at + 5, &b, &err), 0);
	ck_assert_int_eq(b.at, a.at + 5 + 600);
	ck_assert_int_eq(remind_snooze(&b, 30, b.at, &c, &err), 0);
	ck_assert_int_eq(c.at, b.at + 1800);
	ck_assert_int_eq(c.slot, eight);
	ck_assert_int_eq(c.user_id, 1);
	remind_item_key(&a, ka, sizeof ka);
	remind_item_key(&b, kb, sizeof kb);
	remind_item_key(&c, kc, sizeof kc);
	ck_assert_str_ne(ka, kb);
	ck_assert_str_ne(kb, kc);

	ck_assert_int_eq(remind_snooze(&due, 7, eight, &a, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "5, 10 or 30"));
	refill.kind = REMIND_REFILL;
	refill.schedule_id = 0;
	ck_assert_int_eq(remind_snooze(&refill, 5, eight, &a, &err), -1);
}
END_TEST

/* Texts ------------------------------------------------------------------ */

static struct remind_notice
notice(enum remind_kind kind, int64_t slot_at, int64_t when)
{
	struct remind_notice n;

	memset(&n, 0, sizeof n);
	n.id = 1;
	n.item.kind = kind;
	n.item.user_id = 1;
	n.item.person_id = 7;
	n.item.schedule_id = 1;
	n.item.slot = slot_at;
	n.item.at = when;
	snprintf(n.medication, sizeof n.medication, "Metformin");
	snprintf(n.strength, sizeof n.strength, "500 mg");
	n.amount = 1;
	snprintf(n.unit, sizeof n.unit, "tablet");
	return n;
}

static void
expect_text(const struct remind_notice *n, const char *want)
{
	struct wallclock paris = wallclock_fixed(3600);
	char buf[REMIND_TEXT_LINE];
	struct error err;

	ck_assert_int_eq(remind_text_one(n, &paris, buf, sizeof buf, &err), 0);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_texts_name_the_dose_on_the_local_clock)
{
	int64_t eight = at("2026-03-10T07:00:00Z");
	struct remind_notice n = notice(REMIND_ADVANCE, eight, eight - 900);

	expect_text(&n, "Metformin 500 mg: 1 tablet at 08:00, in 15 minutes");
	n = notice(REMIND_DUE, eight, eight);
	expect_text(&n, "Metformin 500 mg: 1 tablet due now (08:00)");
	n = notice(REMIND_SNOOZED, eight, eight + 600);
	expect_text(&n, "Metformin 500 mg: 1 tablet due at 08:00, snoozed");
	n = notice(REMIND_MISSED, eight, eight + 3600);
	n.for_caregiver = true;
	expect_text(&n,
	    "For person 7: Metformin 500 mg: the 08:00 dose has not been recorded");
	n = notice(REMIND_REFILL, at("2026-03-17T23:30:00Z"), eight);
	expect_text(&n,
	    "Metformin 500 mg: the supply runs out on 2026-03-18; time to refill");
	n = notice(REMIND_MISSED, eight, eight + 86400);
	expect_text(&n,
	    "Metformin 500 mg: the 2026-03-10 08:00 dose has not been recorded");
}
END_TEST

START_TEST(test_summary_lists_every_held_notification)
{
	int64_t night = at("2026-03-10T23:00:00Z");
	struct remind_notice held[3];
	struct wallclock utc = wallclock_fixed(0);
	char buf[4 * REMIND_TEXT_LINE];
	struct error err;

	held[0] = notice(REMIND_MISSED, night, night + 1800);
	held[1] = notice(REMIND_REFILL, at("2026-03-15T12:00:00Z"), night);
	held[2] = notice(REMIND_MISSED, night - 3600, night);
	snprintf(held[2].medication, sizeof held[2].medication, "Lisinopril");
	snprintf(held[2].strength, sizeof held[2].strength, "10 mg");
	ck_assert_int_eq(remind_text_summary(held, 3, &utc, buf, sizeof buf,
	    &err), 0);
	ck_assert_str_eq(buf,
	    "While quiet hours lasted, 3 notifications were held:\n"
	    "- Metformin 500 mg: the 23:00 dose has not been recorded\n"
	    "- Metformin 500 mg: the supply runs out on 2026-03-15; time to refill\n"
	    "- Lisinopril 10 mg: the 22:00 dose has not been recorded");
}
END_TEST

START_TEST(test_texts_are_cut_on_a_character_boundary)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_notice n = notice(REMIND_DUE, eight, eight);
	struct wallclock utc = wallclock_fixed(0);
	char buf[12];
	struct error err;

	/* "Ärztemittel" is 12 bytes; a 12-byte buffer holds 11. */
	snprintf(n.medication, sizeof n.medication, "\xc3\x84rztemittel");
	for (size_t size = 1; size <= sizeof buf; size++) {
		ck_assert_int_eq(remind_text_one(&n, &utc, buf, size, &err), 0);
		ck_assert_uint_lt(strlen(buf), size);
		if (size == 2)
			ck_assert_str_eq(buf, "");
	}
	ck_assert_str_eq(buf, "\xc3\x84rztemitte");
}
END_TEST

static Suite *
remind_suite(void)
{
	Suite *s = suite_create("remind");
	TCase *quiet = tcase_create("quiet");
	TCase *planner = tcase_create("plan");
	TCase *text = tcase_create("text");

	tcase_add_test(quiet, test_quiet_edges_of_a_window_over_midnight);
	tcase_add_test(quiet, test_quiet_window_within_one_day);
	tcase_add_test(quiet, test_quiet_empty_window_and_bad_times);
	tcase_add_test(quiet, test_quiet_window_end);
	tcase_add_test(quiet, test_quiet_hours_on_days_the_clocks_change);
	tcase_add_test(quiet,
	    test_wallclock_of_a_real_zone_over_its_spring_change);
	tcase_add_test(quiet, test_quiet_decisions_and_critical_medications);
	suite_add_tcase(s, quiet);

	tcase_add_test(planner, test_plan_patient_and_caregiver);
	tcase_add_test(planner, test_plan_follows_each_recipients_switches);
	tcase_add_test(planner, test_plan_skips_recorded_doses);
	tcase_add_test(planner, test_plan_is_deterministic_without_duplicates);
	tcase_add_test(planner, test_plan_leaves_out_advance_at_the_previous_dose);
	tcase_add_test(planner, test_plan_next_due);
	tcase_add_test(planner, test_plan_refuses_bad_rules);
	tcase_add_test(planner,
	    test_plan_snoozed_slot_moves_its_reminder_and_alert);
	tcase_add_test(planner, test_plan_late_refill_while_the_supply_lasts);
	tcase_add_test(planner, test_snooze_chain);
	suite_add_tcase(s, planner);

	tcase_add_test(text, test_texts_name_the_dose_on_the_local_clock);
	tcase_add_test(text, test_summary_lists_every_held_notification);
	tcase_add_test(text, test_texts_are_cut_on_a_character_boundary);
	suite_add_tcase(s, text);
	return s;
}

int
main(void)
{
	return test_run(remind_suite());
}
