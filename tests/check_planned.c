/*
 * Reminders end to end below the command line: medications added through
 * the doses service, planned by a planning timer from their real
 * schedules in the person's real time zone, delivered on an injected
 * clock, answered and recorded through the services the command line and
 * the screens call.  Real SQLite files; made-up people.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/date.h"
#include "domain/remind_text.h"
#include "service/doses.h"
#include "service/remind_engine.h"
#include "service/timer.h"
#include "store/meds.h"
#include "store/store_notify.h"
#include "testtimer.h"
#include "testutil.h"

/* A patient in New York, and whoever the test adds around her. */
static struct test_home w;
static struct clock clk;
static struct doses_ctx ctx;	/* the patient acting */

static const struct remind_rules rules = { 60, 7 };

static int64_t
at(const char *utc)
{
	return test_utc(utc);
}

static void
exec_ok(const char *sql)
{
	test_exec_ok(w.db, sql);
}

static int64_t
count(const char *sql)
{
	return test_query_int(w.db, sql);
}

/* The first column of a query whose every ?1 is n. */
static int64_t
count_of(const char *sql, int64_t n)
{
	sqlite3_stmt *stmt;
	int64_t value;

	ck_assert_msg(sqlite3_prepare_v2(w.db, sql, -1, &stmt, NULL) ==
	    SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(w.db));
	sqlite3_bind_int64(stmt, 1, n);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

static void
set_zone(int64_t person, const char *zone)
{
	char sql[256];

	snprintf(sql, sizeof sql, "UPDATE user_profiles SET timezone = '%s'"
	    " WHERE person_id = %lld", zone, (long long)person);
	exec_ok(sql);
}

/* Preferences of an account: advance minutes, missed alerts, quiet hours. */
static void
set_prefs(int64_t user, int advance, int missed, const char *quiet_start,
    const char *quiet_end)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO"
	    " notification_preferences (user_id, reminder_advance_minutes,"
	    " missed_dose_alerts, quiet_hours_start, quiet_hours_end)"
	    " VALUES (%lld, %d, %d, %s%s%s, %s%s%s)", (long long)user, advance,
	    missed, quiet_start ? "'" : "", quiet_start ? quiet_start : "NULL",
	    quiet_start ? "'" : "", quiet_end ? "'" : "",
	    quiet_end ? quiet_end : "NULL", quiet_end ? "'" : "");
	exec_ok(sql);
}

static int64_t
user_of(const char *email)
{
	return test_user_id(w.db, email);
}

/* An account with a record of its own in zone, and a care relationship. */
static int64_t
add_carer(const char *email, const char *zone, int alerts)
{
	char sql[256];
	int64_t user;

	set_zone(test_make_person(w.db, email), zone);
	user = user_of(email);
	snprintf(sql, sizeof sql, "INSERT INTO care_relationships (person_id,"
	    " user_id, can_view, can_receive_alerts) VALUES (%lld, %lld, 1,"
	    " %d)", (long long)w.person, (long long)user, alerts);
	exec_ok(sql);
	return user;
}

static void
setup(void)
{
	test_home_open(&w, "ann@example.org");
	set_zone(w.person, "America/New_York");
	clk = clock_fixed(at("2026-03-01T12:00:00Z"));
	test_doses_ctx(&ctx, w.st, &clk, w.user, rules.grace_minutes,
	    rules.refill_days);
}

static void
teardown(void)
{
	test_home_close(&w);
}

/* A medication of the patient's, from 2026-03-01, through the service. */
static int64_t
add_med(const char *drug, const char *spec, bool critical)
{
	struct doses_med_input in = { 0 };
	struct error err;
	int64_t id;

	ck_assert_int_eq(store_drug_by_name(w.st, drug, true, &in.med.drug_id,
	    &err), 0);
	in.med.person_id = w.person;
	in.med.strength = "10 mg";
	in.med.dosage_form = "tablet";
	in.med.dosing_schedule = spec;
	in.med.start_day = date_from_ymd(2026, 3, 1);
	in.med.end_day = SCHED_NO_END;
	in.med.is_critical = critical;
	ck_assert_msg(doses_med_add(&ctx, &in, &id, &err) == 0, "%s",
	    err.text);
	return id;
}

static struct timer *
planner(struct timer_manual_clock *mc, int64_t now, bool watch)
{
	struct test_timer_setup s = { w.path, NOTIFY_FOR_COMMAND, 0, NULL,
	    watch, &rules };

	return test_timer_start(&s, mc, now);
}

static struct timer *
screen(struct timer_manual_clock *mc, int64_t now, int64_t user)
{
	struct test_timer_setup s = { w.path, NOTIFY_FOR_SCREEN, user, NULL,
	    true, NULL };

	return test_timer_start(&s, mc, now);
}

/* The text of a notice on its own clock. */
static const char *
text_of(const struct remind_notice *n)
{
	static char buf[REMIND_TEXT_LINE];
	struct wallclock utc = wallclock_fixed(0);
	struct error err;

	ck_assert_int_eq(remind_text_one(n, &utc, buf, sizeof buf, &err), 0);
	return buf;
}

/* The dose's time on the person's clock, as PRESCRIPCARE_DUE_LOCAL. */
static const char *
local_due(const struct remind_notice *n)
{
	static char buf[40];
	struct wall_time t;
	struct error err;

	ck_assert_int_eq(wallclock_local(&n->clock, n->item.slot, &t, &err),
	    0);
	wallclock_format_iso(&t, buf, sizeof buf);
	return buf;
}

/* Moves to now and expects one delivery of kind; sends it. */
static struct remind_notice
expect_one(struct timer *t, struct timer_manual_clock *mc, int64_t now,
    enum remind_kind kind, enum quiet_action action)
{
	struct timer_delivery *d;
	struct remind_notice n;

	test_timer_move(t, mc, now);
	d = test_timer_next(t);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_msg(d->notices[0].item.kind == kind, "kind %s, not %s",
	    remind_kind_name(d->notices[0].item.kind), remind_kind_name(kind));
	ck_assert_int_eq(d->action, action);
	ck_assert(!d->summary);
	n = d->notices[0];
	test_timer_send(w.st, t, d, "test", now);
	test_timer_none(t);
	return n;
}

/* Daylight saving time ---------------------------------------------------- */

/*
 * 2026-03-08: New York springs forward at 02:00 EST to 03:00 EDT.  The
 * 08:00 dose moves from 13:00Z to 12:00Z, and 02:30 does not exist that
 * day, so its dose comes at 03:30 EDT.
 */
START_TEST(test_planned_from_schedules_over_a_dst_day)
{
	struct timer_manual_clock mc;
	int64_t morning = add_med("Examplomycin", "08:00", false);
	struct timer *t;
	struct remind_notice n;
	struct timer_stats s;

	add_med("Nocturnol", "02:30", false);
	set_prefs(w.user, 15, 1, NULL, NULL);
	t = planner(&mc, at("2026-03-07T12:00:00Z"), false);
	test_timer_settle(t, 1);
	timer_stats(t, &s);
	ck_assert_uint_eq(s.plans, 1);

	/* Planned: the grace period back, 48 hours ahead. */
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE related_medication_id = ?1 AND reminder_kind = 'due'",
	    morning), 2);
	ck_assert_int_eq(count_of("SELECT max(scheduled_for) -"
	    " min(scheduled_for) FROM notification_queue"
	    " WHERE related_medication_id = ?1 AND reminder_kind = 'due'",
	    morning), 23 * 3600);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE reminder_kind = 'due' AND scheduled_for IN"
	    " (unixepoch('2026-03-07T13:00:00'),"
	    " unixepoch('2026-03-08T12:00:00'),"
	    " unixepoch('2026-03-08T07:30:00'),"
	    " unixepoch('2026-03-09T06:30:00'))"), 4);

	/* Saturday, EST: advance, due, and missed after the grace period. */
	n = expect_one(t, &mc, at("2026-03-07T12:45:00Z"), REMIND_ADVANCE,
	    QUIET_SOUND);
	ck_assert_str_eq(text_of(&n),
	    "Examplomycin 10 mg: 1 tablet at 08:00, in 15 minutes");
	n = expect_one(t, &mc, at("2026-03-07T13:00:00Z"), REMIND_DUE,
	    QUIET_SOUND);
	ck_assert_str_eq(text_of(&n),
	    "Examplomycin 10 mg: 1 tablet due now (08:00)");
	ck_assert_str_eq(local_due(&n), "2026-03-07T08:00:00-05:00");
	test_timer_move(t, &mc, at("2026-03-07T13:59:59Z"));
	test_timer_none(t);
	n = expect_one(t, &mc, at("2026-03-07T14:00:00Z"), REMIND_MISSED,
	    QUIET_SOUND);
	ck_assert_str_eq(text_of(&n),
	    "Examplomycin 10 mg: the 08:00 dose has not been recorded");

	/* Sunday: 02:30 falls in the gap and comes at 03:30 EDT. */
	expect_one(t, &mc, at("2026-03-08T07:15:00Z"), REMIND_ADVANCE,
	    QUIET_SOUND);
	n = expect_one(t, &mc, at("2026-03-08T07:30:00Z"), REMIND_DUE,
	    QUIET_SOUND);
	ck_assert_str_eq(text_of(&n),
	    "Nocturnol 10 mg: 1 tablet due now (03:30)");
	ck_assert_str_eq(local_due(&n), "2026-03-08T03:30:00-04:00");
	expect_one(t, &mc, at("2026-03-08T08:30:00Z"), REMIND_MISSED,
	    QUIET_SOUND);

	/* Sunday's 08:00 is an hour earlier in UTC, on the same wall time. */
	expect_one(t, &mc, at("2026-03-08T11:45:00Z"), REMIND_ADVANCE,
	    QUIET_SOUND);
	n = expect_one(t, &mc, at("2026-03-08T12:00:00Z"), REMIND_DUE,
	    QUIET_SOUND);
	ck_assert_str_eq(local_due(&n), "2026-03-08T08:00:00-04:00");
	ck_assert_str_eq(text_of(&n),
	    "Examplomycin 10 mg: 1 tablet due now (08:00)");
	test_timer_move(t, &mc, at("2026-03-08T12:59:59Z"));
	test_timer_none(t);
	expect_one(t, &mc, at("2026-03-08T13:00:00Z"), REMIND_MISSED,
	    QUIET_SOUND);
	timer_stop(t);
}
END_TEST

/* Quiet hours -------------------------------------------------------------- */

/*
 * Quiet hours 22:00-07:00 on the patient's New York clock (EDT, UTC-4 on
 * 2026-03-10): the start minute is inside, the end minute is not.
 */
START_TEST(test_quiet_hour_edges_in_the_persons_zone)
{
	struct timer_manual_clock mc;
	struct timer *t;
	struct remind_notice n;

	static const struct {
		const char *at, *medication;
		enum quiet_action action;
	} doses[] = {
		{ "2026-03-11T01:59:00Z", "Alphamycin", QUIET_SOUND },
		{ "2026-03-11T02:00:00Z", "Betamycin", QUIET_SILENT },
		/* A critical medication sounds inside the window. */
		{ "2026-03-11T03:00:00Z", "Insulin glargine", QUIET_SOUND },
		{ "2026-03-11T10:59:00Z", "Gammamycin", QUIET_SILENT },
		{ "2026-03-11T11:00:00Z", "Deltamycin", QUIET_SOUND },
	};

	add_med("Alphamycin", "21:59", false);
	add_med("Betamycin", "22:00", false);
	add_med("Gammamycin", "06:59", false);
	add_med("Deltamycin", "07:00", false);
	add_med("Insulin glargine", "23:00", true);
	set_prefs(w.user, 0, 0, "22:00", "07:00");
	t = planner(&mc, at("2026-03-10T20:00:00Z"), false);
	test_timer_settle(t, 1);
	test_timer_none(t);
	for (size_t i = 0; i < sizeof doses / sizeof doses[0]; i++) {
		n = expect_one(t, &mc, at(doses[i].at), REMIND_DUE,
		    doses[i].action);
		ck_assert_str_eq(n.medication, doses[i].medication);
		ck_assert(n.item.critical == (i == 2));
	}

	/* Silent ones stayed on the screens; the command had the others. */
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'delivered' AND delivery_method = 'in_app'"), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'delivered' AND delivery_method = 'command'"), 3);
	timer_stop(t);
}
END_TEST

/* Snoozes ------------------------------------------------------------------ */

/* Answers a notice at now through the service a pop-up calls. */
static int
answer(const struct remind_notice *n, enum store_notify_action action,
    int minutes, int64_t now, struct error *err)
{
	clk.fixed = now;
	return remind_answer(&ctx, n, action, minutes, NULL, err);
}

START_TEST(test_snooze_chain_moves_the_reminder_and_the_alert)
{
	struct timer_manual_clock mc;
	int64_t due = at("2026-03-10T12:00:00Z");
	int64_t now = due;
	static const int minutes[] = { 5, 10, 30 };
	struct timer *t;
	struct remind_notice n;
	struct error err;

	add_med("Examplomycin", "08:00", false);
	set_prefs(w.user, 0, 1, NULL, NULL);
	t = planner(&mc, at("2026-03-10T11:00:00Z"), false);
	n = expect_one(t, &mc, due, REMIND_DUE, QUIET_SOUND);

	for (int i = 0; i < 3; i++) {
		ck_assert_msg(answer(&n, NOTIFY_SNOOZED, minutes[i], now,
		    &err) == 0, "%s", err.text);
		now += minutes[i] * 60;
		test_timer_move(t, &mc, now - 1);
		test_timer_none(t);
		n = expect_one(t, &mc, now, REMIND_SNOOZED, QUIET_SOUND);
		ck_assert_int_eq(n.item.slot, due);
		ck_assert_str_eq(text_of(&n),
		    "Examplomycin 10 mg: 1 tablet due at 08:00, snoozed");
	}
	ck_assert_int_eq(answer(&n, NOTIFY_SNOOZED, 15, now, &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);

	/* The missed-dose alert waits a grace period after the last snooze. */
	ck_assert_int_eq(now, due + 45 * 60);
	test_timer_move(t, &mc, due + 3600);
	test_timer_none(t);
	test_timer_move(t, &mc, now + 3600 - 1);
	test_timer_none(t);
	n = expect_one(t, &mc, now + 3600, REMIND_MISSED, QUIET_SOUND);

	/* Taken late, from the alert: recorded, and nothing more comes. */
	ck_assert_msg(answer(&n, NOTIFY_MARKED_TAKEN, 0, now + 3660,
	    &err) == 0, "%s", err.text);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"
	    " WHERE status = 'taken' AND recorded_via = 'reminder'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_history"
	    " WHERE action_taken = 'snoozed'"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_history"
	    " WHERE action_taken = 'marked_taken'"), 1);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE slot_at = ?1 AND closed_at IS NULL", due), 0);
	test_timer_move(t, &mc, due + 86400 - 1);
	test_timer_none(t);
	timer_stop(t);
}
END_TEST

/*
 * A screen records the dose itself (through doses_record, as the meds
 * service does), naming the reminder it answers: the answer is in that
 * reminder's history, and one snoozed reminder waits.
 */
START_TEST(test_record_naming_its_reminder_answers_it)
{
	struct timer_manual_clock mc;
	int64_t due = at("2026-03-10T12:00:00Z");
	int64_t med = add_med("Examplomycin", "08:00", false);
	struct doses_request req = { 0 };
	struct doses_outcome out;
	struct timer *t;
	struct remind_notice n;
	struct error err;

	set_prefs(w.user, 0, 1, NULL, NULL);
	t = planner(&mc, at("2026-03-10T11:00:00Z"), false);
	n = expect_one(t, &mc, due, REMIND_DUE, QUIET_SOUND);
	req.person_id = w.person;
	req.medication_id = med;
	req.schedule_id = n.item.schedule_id;
	req.slot_at = due;
	req.status = DOSE_SNOOZED;
	req.taken_with_food = -1;
	req.snooze_minutes = 10;
	req.notification_id = n.id;
	clk.fixed = due + 30;
	ck_assert_msg(doses_record(&ctx, &req, &out, &err) == 0, "%s",
	    err.text);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_history"
	    " WHERE notification_id = ?1 AND action_taken = 'snoozed'", n.id),
	    1);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE reminder_kind = 'snoozed' AND status = 'pending'"
	    " AND scheduled_for = ?1", due + 630), 1);
	ck_assert_int_eq(count_of("SELECT scheduled_for FROM notification_queue"
	    " WHERE reminder_kind = 'missed' AND status = 'pending'"
	    " AND slot_at = ?1", due), due + 630 + 3600);
	n = expect_one(t, &mc, due + 630, REMIND_SNOOZED, QUIET_SOUND);
	ck_assert_int_eq(n.item.slot, due);
	timer_stop(t);
}
END_TEST

/* Caregivers --------------------------------------------------------------- */

/* Takes every delivery waiting after a move to now, sending each. */
static size_t
take_all(struct timer *t, struct timer_manual_clock *mc, int64_t now,
    struct timer_delivery *kept, size_t max)
{
	struct timer_delivery *d;
	size_t n = 0;

	test_timer_move(t, mc, now);
	while ((d = timer_take(t)) != NULL) {
		ck_assert_uint_lt(n, max);
		kept[n] = *d;
		kept[n].notices = malloc(d->count * sizeof *d->notices);
		ck_assert_ptr_nonnull(kept[n].notices);
		memcpy(kept[n].notices, d->notices, d->count *
		    sizeof *d->notices);
		n++;
		test_timer_send(w.st, t, d, "test", now);
	}
	return n;
}

static void
free_kept(struct timer_delivery *kept, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(kept[i].notices);
}

/* The one delivery of kept for user; fails unless there is exactly one. */
static const struct timer_delivery *
for_user(const struct timer_delivery *kept, size_t n, int64_t user)
{
	const struct timer_delivery *found = NULL;

	for (size_t i = 0; i < n; i++) {
		if (kept[i].user_id != user)
			continue;
		ck_assert_msg(found == NULL, "two deliveries for %lld",
		    (long long)user);
		found = &kept[i];
	}
	ck_assert_msg(found != NULL, "nothing for %lld", (long long)user);
	return found;
}

/* Whether any of kept is for user. */
static bool
any_for(const struct timer_delivery *kept, size_t n, int64_t user)
{
	for (size_t i = 0; i < n; i++) {
		if (kept[i].user_id == user)
			return true;
	}
	return false;
}

/*
 * Bob, in London, may receive alerts; Cy may only view; Dan manages the
 * record without the permission.  Ann's 5 tablets, filled on 2026-03-05
 * with none recorded taken since, last until 2026-03-15 at one a day:
 * the refill warning's time, a week before, has passed, so it comes at
 * once, to Ann and to Bob.
 */
START_TEST(test_caregiver_alerts_follow_the_grant_and_stop_on_revoke)
{
	struct timer_manual_clock mc;
	int64_t bob = add_carer("bob@example.org", "Europe/London", 1);
	int64_t cy = add_carer("cy@example.org", "UTC", 0);
	int64_t dan, med, pending;
	struct store_fill fill = { 0, date_from_ymd(2026, 3, 5), 5, 5, 0 };
	struct doses_fill_result filled;
	struct timer_delivery kept[8];
	const struct timer_delivery *d;
	struct timer *t;
	struct error err;
	char sql[256];
	size_t n;

	test_make_person(w.db, "dan@example.org");
	dan = user_of("dan@example.org");
	snprintf(sql, sizeof sql, "UPDATE people SET managed_by = %lld"
	    " WHERE person_id = %lld", (long long)dan, (long long)w.person);
	exec_ok(sql);
	med = add_med("Examplomycin", "08:00", false);
	clk.fixed = at("2026-03-05T15:00:00Z");
	ck_assert_msg(doses_fill_add(&ctx, med, &fill, false, &filled,
	    &err) == 0, "%s", err.text);
	set_prefs(w.user, 0, 1, "22:00", "07:00");

	/* 07:30 in New York, 11:30 in London: nobody is in quiet hours. */
	t = planner(&mc, at("2026-03-10T11:30:00Z"), false);
	n = take_all(t, &mc, at("2026-03-10T11:30:00Z"), kept, 8);
	ck_assert_uint_eq(n, 2);
	d = for_user(kept, n, bob);
	ck_assert_int_eq(d->notices[0].item.kind, REMIND_REFILL);
	ck_assert_str_eq(text_of(&d->notices[0]),
	    "For person 1: Examplomycin 10 mg: the supply runs out on 2026-03-15; time to refill");
	d = for_user(kept, n, w.user);
	ck_assert_int_eq(d->notices[0].item.kind, REMIND_REFILL);
	free_kept(kept, n);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE user_id = ?1", cy), 0);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE user_id = ?1", dan), 0);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE user_id = ?1 AND reminder_kind NOT IN"
	    " ('missed', 'refill')", bob), 0);

	/* The 08:00 dose: due for Ann; unrecorded, both hear of it. */
	n = take_all(t, &mc, at("2026-03-10T12:00:00Z"), kept, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(kept[0].user_id, w.user);
	free_kept(kept, n);
	n = take_all(t, &mc, at("2026-03-10T13:00:00Z"), kept, 8);
	ck_assert_uint_eq(n, 2);
	d = for_user(kept, n, bob);
	ck_assert_int_eq(d->notices[0].item.kind, REMIND_MISSED);
	ck_assert(d->notices[0].for_caregiver);
	ck_assert_str_eq(text_of(&d->notices[0]),
	    "For person 1: Examplomycin 10 mg: the 08:00 dose has not been recorded");
	ck_assert_str_eq(local_due(&d->notices[0]),
	    "2026-03-10T08:00:00-04:00");
	ck_assert_int_eq(for_user(kept, n, w.user)->notices[0].item.kind,
	    REMIND_MISSED);
	free_kept(kept, n);

	/*
	 * Each one's quiet hours are on their own clock.  A midnight dose in
	 * New York is due at 04:00 UTC, shown silently to Ann; its alert at
	 * 05:00 UTC (01:00 in New York, 05:00 in London) is held for Bob
	 * until 07:00 in London and for Ann until 07:00 in New York.
	 */
	add_med("Nocturnol", "00:00", false);
	clk.fixed = at("2026-03-10T14:00:00Z");
	ck_assert_int_eq(remind_refresh_queue(w.st, &rules, clk.fixed, &err),
	    0);
	n = take_all(t, &mc, at("2026-03-11T05:00:00Z"), kept, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(kept[0].user_id, w.user);
	ck_assert_int_eq(kept[0].action, QUIET_SILENT);
	free_kept(kept, n);
	ck_assert_int_eq(count_of("SELECT held_until FROM notification_queue"
	    " WHERE user_id = ?1 AND reminder_kind = 'missed'"
	    " AND status = 'pending' AND held_until IS NOT NULL", bob),
	    at("2026-03-11T07:00:00Z"));
	ck_assert_int_eq(count_of("SELECT held_until FROM notification_queue"
	    " WHERE user_id = ?1 AND reminder_kind = 'missed'"
	    " AND status = 'pending' AND held_until IS NOT NULL", w.user),
	    at("2026-03-11T11:00:00Z"));
	n = take_all(t, &mc, at("2026-03-11T07:00:00Z"), kept, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert(kept[0].summary && kept[0].user_id == bob);
	free_kept(kept, n);

	/*
	 * Revoked: what is already queued for him is no longer delivered,
	 * even before anything is planned again, and a refresh withdraws it.
	 */
	snprintf(sql, sizeof sql, "UPDATE care_relationships SET revoked_at ="
	    " unixepoch() WHERE user_id = %lld", (long long)bob);
	exec_ok(sql);
	pending = count_of("SELECT count(*) FROM notification_queue"
	    " WHERE user_id = ?1 AND status = 'pending'", bob);
	ck_assert_int_gt(pending, 0);
	n = take_all(t, &mc, at("2026-03-11T11:00:00Z"), kept, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert(kept[0].summary && kept[0].user_id == w.user);
	free_kept(kept, n);
	n = take_all(t, &mc, at("2026-03-11T13:00:00Z"), kept, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert(!any_for(kept, n, bob));
	free_kept(kept, n);
	clk.fixed = at("2026-03-11T13:01:00Z");
	ck_assert_int_eq(remind_refresh_queue(w.st, &rules, clk.fixed, &err),
	    0);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE user_id = ?1 AND status = 'pending'", bob), 0);
	ck_assert_int_ge(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE user_id = ?1 AND status = 'cancelled'", bob), pending);
	n = take_all(t, &mc, at("2026-03-12T13:00:00Z"), kept, 8);
	ck_assert_uint_gt(n, 0);
	ck_assert(!any_for(kept, n, bob));
	free_kept(kept, n);

	/* The audit trail knows each delivery by ids and kind, no names. */
	ck_assert_int_eq(count("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'reminder_sent'"),
	    count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'delivered'"));
	ck_assert_int_eq(count("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'reminder_sent' AND (new_values LIKE"
	    " '%mycin%' OR new_values LIKE '%octurnol%'"
	    " OR new_values NOT LIKE '{\"kind\":%')"), 0);
	timer_stop(t);
}
END_TEST

/* Several sessions --------------------------------------------------------- */

START_TEST(test_two_planning_sessions_deliver_each_reminder_once)
{
	struct timer_manual_clock mc1, mc2;
	int64_t due = at("2026-03-10T12:00:00Z");
	struct timer *one, *two;
	struct timer_delivery *d1, *d2;
	struct store *other;
	struct error err;
	int64_t id;
	bool won1, won2;
	size_t n;

	add_med("Examplomycin", "08:00", false);
	set_prefs(w.user, 0, 0, NULL, NULL);
	one = planner(&mc1, due, true);
	two = planner(&mc2, due, true);
	d1 = test_timer_next(one);
	d2 = test_timer_next(two);

	/* Planned twice, queued once; handed to both, claimed by one. */
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"), 2);
	id = d1->notices[0].id;
	ck_assert_int_eq(d2->notices[0].id, id);
	ck_assert_int_eq(store_open(&other, w.path, STORE_OPEN_EXISTING,
	    &err), 0);
	ck_assert_int_eq(store_notify_claim(w.st, &id, 1, "one", due, &won1,
	    &n, &err), 0);
	ck_assert_int_eq(store_notify_claim(other, &id, 1, "two", due, &won2,
	    &n, &err), 0);
	ck_assert(won1 != won2);
	ck_assert_int_eq(store_notify_delivered(won1 ? w.st : other, &id, 1,
	    won1 ? "one" : "two", NOTIFY_BY_COMMAND, due, &err), 0);
	ck_assert_int_eq(store_notify_delivered(won1 ? other : w.st, &id, 1,
	    won1 ? "two" : "one", NOTIFY_BY_COMMAND, due, &err), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_history"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'reminder_sent'"), 1);
	timer_finish(one, d1);
	timer_finish(two, d2);
	store_close(other);
	timer_stop(one);
	timer_stop(two);
}
END_TEST

/* Recording a dose --------------------------------------------------------- */

static int
record_taken(int64_t med, int64_t now, struct error *err)
{
	struct doses_request req = { 0 };
	struct doses_outcome out;

	req.person_id = w.person;
	req.medication_id = med;
	req.status = DOSE_TAKEN;
	req.taken_with_food = -1;
	clk.fixed = now;
	return doses_record(&ctx, &req, &out, err);
}

/* Waits for a screen to take down the notification id. */
static void
expect_closed(struct timer *t, int64_t id)
{
	struct timer_delivery *d = test_timer_next(t);

	ck_assert(d->closed);
	ck_assert_int_eq(d->notices[0].id, id);
	timer_finish(t, d);
}

START_TEST(test_recording_the_dose_cancels_its_reminders)
{
	struct timer_manual_clock mc, mc1, mc2;
	int64_t due = at("2026-03-10T12:00:00Z");
	int64_t med = add_med("Examplomycin", "08:00", false);
	struct timer *plan, *one, *two;
	struct timer_delivery *a1, *a2, *d1, *d2;
	struct doses_undo_result undone;
	struct error err;

	set_prefs(w.user, 15, 1, NULL, NULL);
	plan = planner(&mc, due - 16 * 60, false);
	test_timer_settle(plan, 1);
	one = screen(&mc1, due - 15 * 60, w.user);
	two = screen(&mc2, due - 15 * 60, w.user);

	/* Both terminals show the advance reminder, then the due one. */
	a1 = test_timer_next(one);
	a2 = test_timer_next(two);
	ck_assert_int_eq(a1->notices[0].item.kind, REMIND_ADVANCE);
	ck_assert_int_eq(a2->notices[0].id, a1->notices[0].id);
	test_timer_move(one, &mc1, due);
	test_timer_move(two, &mc2, due);
	d1 = test_timer_next(one);
	d2 = test_timer_next(two);
	ck_assert_int_eq(d1->notices[0].item.kind, REMIND_DUE);
	ck_assert_int_eq(d2->notices[0].id, d1->notices[0].id);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE reminder_kind = 'missed' AND status = 'pending'"
	    " AND slot_at = ?1", due), 1);

	/* Recorded as the command line does: everything of it closes. */
	ck_assert_msg(record_taken(med, due + 180, &err) == 0, "%s",
	    err.text);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE slot_at = ?1 AND closed_at IS NULL", due), 0);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE reminder_kind = 'missed' AND status = 'cancelled'"
	    " AND slot_at = ?1", due), 1);
	expect_closed(one, a1->notices[0].id);
	expect_closed(one, d1->notices[0].id);
	expect_closed(two, a2->notices[0].id);
	expect_closed(two, d2->notices[0].id);
	timer_finish(one, a1);
	timer_finish(one, d1);
	timer_finish(two, a2);
	timer_finish(two, d2);
	test_timer_move(plan, &mc, due + 3600);
	test_timer_none(plan);

	/*
	 * Undone: the dose is unrecorded again, within its grace period, so
	 * its due reminder and its alert come back.
	 */
	clk.fixed = due + 240;
	ck_assert_msg(doses_undo(&ctx, w.person, 0, &undone, &err) == 0,
	    "%s", err.text);
	ck_assert_int_eq(count_of("SELECT count(*) FROM notification_queue"
	    " WHERE reminder_kind = 'missed' AND status = 'pending'"
	    " AND slot_at = ?1", due), 1);
	expect_one(plan, &mc, due + 300, REMIND_DUE, QUIET_SOUND);
	ck_assert_int_eq(expect_one(plan, &mc, due + 3600, REMIND_MISSED,
	    QUIET_SOUND).item.slot, due);
	timer_stop(one);
	timer_stop(two);
	timer_stop(plan);
}
END_TEST

static Suite *
planned_suite(void)
{
	Suite *s = suite_create("planned");
	TCase *tc = tcase_create("planned");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_planned_from_schedules_over_a_dst_day);
	tcase_add_test(tc, test_quiet_hour_edges_in_the_persons_zone);
	tcase_add_test(tc, test_snooze_chain_moves_the_reminder_and_the_alert);
	tcase_add_test(tc, test_record_naming_its_reminder_answers_it);
	tcase_add_test(tc,
	    test_caregiver_alerts_follow_the_grant_and_stop_on_revoke);
	tcase_add_test(tc,
	    test_two_planning_sessions_deliver_each_reminder_once);
	tcase_add_test(tc, test_recording_the_dose_cancels_its_reminders);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return test_run(planned_suite());
}
