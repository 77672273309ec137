/*
 * The notification queue on real SQLite files, and the timer thread that
 * delivers from it, driven by an injected clock.
 */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/process.h"
#include "service/remind_engine.h"
#include "domain/remind_text.h"
#include "service/timer.h"
#include "store/store_notify.h"
#include "testtimer.h"
#include "testutil.h"

/* One household: a patient taking two medications, one of them critical. */
static struct test_home w;
static int64_t med, sched;		/* Metformin, daily */
static int64_t crit_med, crit_sched;	/* Insulin, critical */

static int64_t
at(const char *utc)
{
	return test_utc(utc);
}

static int64_t
user_of(const char *email)
{
	return test_user_id(w.db, email);
}

static void
exec_ok(const char *sql)
{
	test_exec_ok(w.db, sql);
}

/* Quiet hours off, so only the tests about them meet them. */
static void
no_quiet_hours(int64_t user_id)
{
	char sql[256];

	snprintf(sql, sizeof sql, "INSERT INTO notification_preferences"
	    " (user_id, quiet_hours_start, quiet_hours_end) VALUES (%lld,"
	    " NULL, NULL)", (long long)user_id);
	exec_ok(sql);
}

static int64_t
add_caregiver(const char *email, int alerts)
{
	char sql[256];
	int64_t user;

	test_make_person(w.db, email);
	user = user_of(email);
	snprintf(sql, sizeof sql, "INSERT INTO care_relationships (person_id,"
	    " user_id, can_receive_alerts) VALUES (%lld, %lld, %d)",
	    (long long)w.person, (long long)user, alerts);
	exec_ok(sql);
	no_quiet_hours(user);
	return user;
}

static void
setup(void)
{
	test_home_open(&w, "ann@example.org");
	no_quiet_hours(w.user);
	test_make_medication(w.db, w.person, "Metformin", &med, &sched);
	test_make_medication(w.db, w.person, "Insulin glargine", &crit_med,
	    &crit_sched);
	exec_ok("UPDATE user_medications SET is_critical = 1"
	    " WHERE drug_id = (SELECT drug_id FROM drugs_master"
	    " WHERE drug_name = 'Insulin glargine')");
}

static void
teardown(void)
{
	test_home_close(&w);
}

static struct remind_item
item(enum remind_kind kind, int64_t user, int64_t slot, int64_t when,
    bool critical)
{
	struct remind_item it = { kind, user, w.person,
	    critical ? crit_med : med,
	    kind == REMIND_REFILL ? 0 : critical ? crit_sched : sched,
	    slot, when, critical };

	return it;
}

static size_t
queue(const struct remind_item *items, size_t n, int64_t now)
{
	struct error err;
	size_t added;

	ck_assert_msg(store_notify_enqueue(w.st, items, n, now, &added,
	    &err) == 0, "%s", err.text);
	return added;
}

static int64_t
queue_one(struct remind_item it)
{
	ck_assert_uint_eq(queue(&it, 1, it.at), 1);
	return test_query_int(w.db,
	    "SELECT max(notification_id) FROM notification_queue");
}

static int64_t
count(const char *sql)
{
	return test_query_int(w.db, sql);
}

static struct remind_rules
rules(void)
{
	struct remind_rules r = { 60, 7 };

	return r;
}

/* An unrecorded dose of Metformin's daily schedule. */
static struct remind_slot
dose_slot(int64_t due)
{
	struct remind_slot s = { .due = due, .schedule_id = sched,
	    .medication_id = med, .person_id = w.person };

	return s;
}

/* The clock and settings of an account acting at now. */
static struct clock fixed_clock;

static struct doses_ctx
acting(int64_t user, int64_t now)
{
	struct doses_ctx ctx;

	fixed_clock = clock_fixed(now);
	test_doses_ctx(&ctx, w.st, &fixed_clock, user, 60, 7);
	return ctx;
}

/* The queue ---------------------------------------------------------------- */

START_TEST(test_enqueue_once_per_key)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_slot slot = dose_slot(eight);
	struct remind_rules r = rules();
	struct remind_item snooze;
	struct error err;
	size_t added;

	ck_assert_int_eq(remind_queue_person(w.st, w.person, &slot, 1, NULL, 0,
	    &r, eight - 86400, eight + 86400, eight - 86400, &added, &err), 0);
	ck_assert_uint_eq(added, 3);
	ck_assert_int_eq(remind_queue_person(w.st, w.person, &slot, 1, NULL, 0,
	    &r, eight - 86400, eight + 86400, eight - 86400, &added, &err), 0);
	ck_assert_uint_eq(added, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE reminder_kind = 'due' AND notification_type ="
	    " 'medication_reminder' AND slot_at = scheduled_for"
	    " AND status = 'pending'"), 1);

	/* A snooze landing on another reminder's instant is its own row. */
	snooze = item(REMIND_SNOOZED, w.user, eight - 86400, eight, false);
	ck_assert_uint_eq(queue(&snooze, 1, eight), 1);
	ck_assert_uint_eq(queue(&snooze, 1, eight), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"), 4);
}
END_TEST

START_TEST(test_enqueue_refuses_broken_rows_whole)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_item batch[2] = {
		item(REMIND_DUE, w.user, eight, eight, false),
		item(REMIND_DUE, 9999, eight, eight, false),
	};
	struct error err;
	size_t added = 7;

	ck_assert_int_eq(store_notify_enqueue(w.st, batch, 2, eight, &added,
	    &err), -1);
	ck_assert_uint_eq(added, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"), 0);
	batch[1] = item(REMIND_OTHER, w.user, eight, eight, false);
	ck_assert_int_eq(store_notify_enqueue(w.st, batch + 1, 1, eight,
	    &added, &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);
}
END_TEST

static bool
claim_one(struct store *st, int64_t id, const char *owner, int64_t now)
{
	struct error err;
	size_t won;
	bool mine;

	ck_assert_msg(store_notify_claim(st, &id, 1, owner, now, &mine, &won,
	    &err) == 0, "%s", err.text);
	ck_assert_uint_eq(won, mine ? 1 : 0);
	return mine;
}

START_TEST(test_delivery_retries_with_backoff_then_fails)
{
	int64_t t = at("2026-03-10T08:00:00Z");
	int64_t id = queue_one(item(REMIND_DUE, w.user, t, t, false));
	char sql[256];
	struct error err;

	exec_ok("UPDATE notification_queue SET max_retries = 2");
	ck_assert(!claim_one(w.st, id, "a", t - 1));
	ck_assert(claim_one(w.st, id, "a", t));
	ck_assert(!claim_one(w.st, id, "b", t));

	/* First failure: a minute; the second: two. */
	ck_assert_int_eq(store_notify_failed(w.st, &id, 1, "a", "exit 1", t,
	    &err), 0);
	snprintf(sql, sizeof sql, "SELECT next_attempt_at - %lld"
	    " FROM notification_queue", (long long)t);
	ck_assert_int_eq(count(sql), 60);
	ck_assert(!claim_one(w.st, id, "b", t + 59));
	ck_assert(claim_one(w.st, id, "b", t + 60));
	ck_assert_int_eq(store_notify_failed(w.st, &id, 1, "b", "exit 1",
	    t + 60, &err), 0);
	ck_assert_int_eq(count("SELECT next_attempt_at - scheduled_for"
	    " FROM notification_queue"), 180);
	ck_assert(claim_one(w.st, id, "a", t + 180));
	ck_assert_int_eq(store_notify_failed(w.st, &id, 1, "a",
	    "the command exited with status 3", t + 180, &err), 0);

	/* Three failures with max_retries 2: given up, and said why. */
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'failed' AND retry_count = 3"
	    " AND failure_reason = 'the command exited with status 3'"), 1);
	ck_assert(!claim_one(w.st, id, "a", t + 100000));
	ck_assert_int_eq(count("SELECT count(*) FROM notification_history"
	    " WHERE delivery_status = 'failed'"), 3);
	ck_assert_int_eq(store_notify_backoff(1), 60);
	ck_assert_int_eq(store_notify_backoff(2), 120);
	ck_assert_int_eq(store_notify_backoff(30), 3600);
}
END_TEST

START_TEST(test_delivered_rows_are_never_sent_again)
{
	int64_t t = at("2026-03-10T08:00:00Z");
	int64_t id = queue_one(item(REMIND_DUE, w.user, t, t, false));
	struct error err;

	ck_assert(claim_one(w.st, id, "a", t));
	ck_assert_int_eq(store_notify_delivered(w.st, &id, 1, "a",
	    NOTIFY_BY_COMMAND, t + 1, &err), 0);
	ck_assert(!claim_one(w.st, id, "b", t + 100000));
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'delivered' AND delivery_method = 'command'"
	    " AND claimed_by IS NULL"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_history"
	    " WHERE delivery_status = 'delivered'"
	    " AND delivery_method = 'command'"), 1);

	/* Only the owner of the claim can record the delivery. */
	id = queue_one(item(REMIND_DUE, w.user, t + 60, t + 60, false));
	ck_assert(claim_one(w.st, id, "a", t + 60));
	ck_assert_int_eq(store_notify_delivered(w.st, &id, 1, "b",
	    NOTIFY_BY_COMMAND, t + 61, &err), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'pending'"), 1);
}
END_TEST

static void
collect(void *ctx, const char *owner)
{
	char *seen = ctx;

	strncat(seen, owner, 255 - strlen(seen));
	strncat(seen, ";", 255 - strlen(seen));
}

START_TEST(test_claims_of_a_dead_process_are_taken_over)
{
	int64_t t = at("2026-03-10T08:00:00Z");
	int64_t id = queue_one(item(REMIND_DUE, w.user, t, t, false));
	char me[300], host[300], dead[400], seen[256] = "";
	struct error err;
	size_t released;

	ck_assert_int_eq(process_owner_id(me, sizeof me), 0);
	ck_assert_int_eq(process_owner_alive(me), 1);
	snprintf(host, sizeof host, "%s", me);
	*strchr(host, ':') = '\0';
	snprintf(dead, sizeof dead, "%s:%d:1", host, 0x7ffffff0);
	ck_assert_int_eq(process_owner_alive(dead), 0);
	ck_assert_int_eq(process_owner_alive("elsewhere.example:1:1"), -1);

	ck_assert(claim_one(w.st, id, dead, t));
	ck_assert(!claim_one(w.st, id, me, t + 10));

	/* Stale after the limit, whoever held it... */
	ck_assert(claim_one(w.st, id, me,
	    t + STORE_NOTIFY_STALE_SECONDS + 1));

	/* ...or at once, when the holder is known to be gone. */
	id = queue_one(item(REMIND_DUE, w.user, t + 60, t + 60, false));
	ck_assert(claim_one(w.st, id, dead, t + 60));
	ck_assert_int_eq(store_notify_claim_owners(w.st, collect, seen, &err),
	    0);
	ck_assert_ptr_nonnull(strstr(seen, dead));
	ck_assert_int_eq(store_notify_release(w.st, dead, &released, &err), 0);
	ck_assert_uint_eq(released, 1);
	ck_assert(claim_one(w.st, id, me, t + 61));
}
END_TEST

/* Two sessions race for every row: each row must go out exactly once. */
struct racer {
	const char *path;
	const char *owner;
	const int64_t *ids;
	size_t n;
	pthread_barrier_t *start;
	bool *won;
	int failures;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct store *st;
	struct error err;

	if (store_open(&st, r->path, STORE_OPEN_EXISTING, &err) != 0) {
		r->failures++;
		return NULL;
	}
	for (size_t i = 0; i < r->n; i++) {
		int64_t id = r->ids[i];
		size_t won;

		/* Both go for the same row at the same moment. */
		pthread_barrier_wait(r->start);

		if (store_notify_claim(st, &id, 1, r->owner,
		    at("2026-03-10T09:00:00Z"), &r->won[i], &won, &err) != 0 ||
		    (r->won[i] && store_notify_delivered(st, &id, 1, r->owner,
		    NOTIFY_BY_COMMAND, at("2026-03-10T09:00:00Z"), &err) != 0))
			r->failures++;
	}
	store_close(st);
	return NULL;
}

START_TEST(test_two_sessions_claim_each_reminder_once)
{
	enum { N = 120 };
	int64_t t = at("2026-03-10T08:00:00Z");
	int64_t ids[N];
	bool won_a[N], won_b[N];
	pthread_barrier_t start;
	struct racer a = { w.path, "terminal-a", ids, N, &start, won_a, 0 };
	struct racer b = { w.path, "terminal-b", ids, N, &start, won_b, 0 };
	pthread_t ta, tb;

	pthread_barrier_init(&start, NULL, 2);

	for (int i = 0; i < N; i++)
		ids[i] = queue_one(item(REMIND_DUE, w.user, t + i * 10,
		    t + i * 10, false));
	pthread_create(&ta, NULL, race, &a);
	pthread_create(&tb, NULL, race, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&start);
	ck_assert_int_eq(a.failures + b.failures, 0);
	for (int i = 0; i < N; i++) {
		ck_assert_msg(won_a[i] != won_b[i], "row %d claimed %s", i,
		    won_a[i] ? "twice" : "by nobody");
	}
	ck_assert_int_eq(count("SELECT count(*) FROM notification_history"), N);
	ck_assert_int_eq(count("SELECT count(DISTINCT notification_id)"
	    " FROM notification_history"), N);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'delivered'"), N);
}
END_TEST

START_TEST(test_answers_close_the_notification_everywhere)
{
	int64_t t = at("2026-03-10T08:00:00Z");
	int64_t id = queue_one(item(REMIND_DUE, w.user, t, t, false));
	struct remind_notice *open, n;
	struct doses_ctx ctx;
	struct error err;
	size_t count_open;

	ck_assert_int_eq(store_notify_open(w.st, w.user, t - 1, &open,
	    &count_open, &err), 0);
	ck_assert_uint_eq(count_open, 0);
	free(open);
	ck_assert_int_eq(store_notify_open(w.st, w.user, t, &open,
	    &count_open, &err), 0);
	ck_assert_uint_eq(count_open, 1);
	ck_assert_int_eq(open[0].id, id);
	ck_assert_str_eq(open[0].medication, "Metformin");
	ck_assert_str_eq(open[0].email, "ann@example.org");
	ck_assert(!open[0].for_caregiver);
	n = open[0];
	free(open);

	ctx = acting(w.user + 1, t);
	ck_assert_int_eq(remind_answer(&ctx, &n, NOTIFY_MARKED_TAKEN, 0, NULL,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ctx = acting(w.user, t + 30);
	ck_assert_msg(remind_answer(&ctx, &n, NOTIFY_MARKED_TAKEN, 0, NULL,
	    &err) == 0, "%s", err.text);
	ctx = acting(w.user, t + 31);
	ck_assert_int_eq(remind_answer(&ctx, &n, NOTIFY_DISMISSED, 0, NULL,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_CONFLICT);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"
	    " WHERE status = 'taken' AND recorded_via = 'reminder'"), 1);
	ck_assert_int_eq(store_notify_open(w.st, w.user, t + 60, &open,
	    &count_open, &err), 0);
	ck_assert_uint_eq(count_open, 0);
	free(open);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_history"
	    " WHERE action_taken = 'marked_taken' AND delivery_status ="
	    " 'clicked' AND clicked_at IS NOT NULL"), 1);

	/* Answered on a screen, it no longer goes to the command. */
	ck_assert(!claim_one(w.st, id, "daemon", t + 60));
}
END_TEST

START_TEST(test_snooze_chain_in_the_queue)
{
	int64_t t = at("2026-03-10T08:00:00Z");
	int64_t first = queue_one(item(REMIND_DUE, w.user, t, t, false));
	struct remind_notice n;
	struct doses_ctx ctx;
	struct error err;
	int64_t now = t;
	static const int minutes[] = { 5, 10, 30 };

	ck_assert_int_eq(store_notify_get(w.st, first, &n, &err), 0);
	for (int i = 0; i < 3; i++) {
		struct remind_notice *open;
		size_t k;

		ctx = acting(w.user, now);
		ck_assert_msg(remind_answer(&ctx, &n, NOTIFY_SNOOZED,
		    minutes[i], NULL, &err) == 0, "%s", err.text);
		now += minutes[i] * 60;
		ck_assert_int_eq(store_notify_open(w.st, w.user, now - 1, &open,
		    &k, &err), 0);
		ck_assert_uint_eq(k, 0);
		free(open);
		ck_assert_int_eq(store_notify_open(w.st, w.user, now, &open, &k,
		    &err), 0);
		ck_assert_uint_eq(k, 1);
		ck_assert_int_eq(open[0].item.kind, REMIND_SNOOZED);
		ck_assert_int_eq(open[0].item.slot, t);
		n = open[0];
		free(open);
	}
	ctx = acting(w.user, now);
	ck_assert_int_eq(remind_answer(&ctx, &n, NOTIFY_SNOOZED, 15, NULL,
	    &err), -1);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_history"
	    " WHERE action_taken = 'snoozed'"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE reminder_kind = 'snoozed'"), 3);

	/* Recording the dose closes the last snooze too. */
	ck_assert_int_eq(store_notify_cancel_slot(w.st, sched, t, now,
	    &(size_t){ 0 }, &err), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE closed_at IS NULL"), 0);
}
END_TEST

START_TEST(test_recording_a_dose_cancels_its_reminders)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	int64_t noon = at("2026-03-10T12:00:00Z");
	struct remind_slot slots[] = {
		dose_slot(eight), dose_slot(noon),
	};
	struct remind_rules r = rules();
	struct error err;
	size_t added, cancelled;
	int64_t shown;

	add_caregiver("bob@example.org", 1);
	ck_assert_int_eq(remind_queue_person(w.st, w.person, slots, 2, NULL, 0,
	    &r, eight - 3600, noon + 7200, eight - 3600, &added, &err), 0);
	ck_assert_uint_eq(added, 8);

	/* The 08:00 reminder went out before the dose was recorded. */
	shown = count("SELECT notification_id FROM notification_queue"
	    " WHERE reminder_kind = 'due' AND slot_at = scheduled_for"
	    " ORDER BY slot_at LIMIT 1");
	ck_assert(claim_one(w.st, shown, "d", eight));
	ck_assert_int_eq(store_notify_delivered(w.st, &shown, 1, "d",
	    NOTIFY_BY_COMMAND, eight, &err), 0);

	ck_assert_int_eq(store_notify_cancel_slot(w.st, sched, eight,
	    eight + 600, &cancelled, &err), 0);
	ck_assert_uint_eq(cancelled, 4);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'cancelled'"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'delivered' AND closed_at IS NOT NULL"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE closed_at IS NULL"), 4);
}
END_TEST

START_TEST(test_change_counter_sees_other_connections_only)
{
	struct error err;
	int64_t before, after;

	ck_assert_int_eq(store_notify_change_counter(w.st, &before, &err), 0);
	queue_one(item(REMIND_DUE, w.user, 100, 100, false));
	ck_assert_int_eq(store_notify_change_counter(w.st, &after, &err), 0);
	ck_assert_int_eq(before, after);
	exec_ok("UPDATE notification_queue SET priority = 'low'");
	ck_assert_int_eq(store_notify_change_counter(w.st, &after, &err), 0);
	ck_assert_int_ne(before, after);
}
END_TEST

START_TEST(test_preferences_and_their_defaults)
{
	int64_t other;
	struct remind_prefs p;
	struct error err;

	test_make_person(w.db, "cy@example.org");
	other = user_of("cy@example.org");
	ck_assert_int_eq(store_notify_prefs(w.st, other, &p, &err), 0);
	ck_assert_int_eq(p.advance_minutes, 15);
	ck_assert_int_eq(p.quiet.start, 22 * 60);
	ck_assert_int_eq(p.quiet.end, 7 * 60);
	ck_assert(p.medication_reminders && p.missed_dose_alerts &&
	    p.refill_reminders);
	exec_ok("UPDATE notification_preferences SET reminder_advance_minutes"
	    " = 30, missed_dose_alerts = 0, quiet_hours_start = '23:30',"
	    " quiet_hours_end = '06:15'");
	ck_assert_int_eq(store_notify_prefs(w.st, w.user, &p, &err), 0);
	ck_assert_int_eq(p.advance_minutes, 30);
	ck_assert(!p.missed_dose_alerts);
	ck_assert_int_eq(p.quiet.start, 23 * 60 + 30);
	ck_assert_int_eq(p.quiet.end, 6 * 60 + 15);
}
END_TEST

START_TEST(test_caregivers_with_the_permission_and_a_revoked_one)
{
	int64_t eight = at("2026-03-10T08:00:00Z");
	struct remind_slot slot = dose_slot(eight);
	struct remind_refill refill = { med, w.person,
	    at("2026-03-15T08:00:00Z"), false };
	struct remind_rules r = rules();
	int64_t bob = add_caregiver("bob@example.org", 1);
	int64_t cy = add_caregiver("cy@example.org", 0);
	struct remind_recipient *who;
	struct remind_notice due[16];
	struct store_notify_filter all = { NOTIFY_FOR_COMMAND, 0 };
	struct error err;
	size_t n, added;
	char sql[256];

	ck_assert_int_eq(store_notify_recipients(w.st, w.person, &who, &n,
	    &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(who[0].is_patient && who[0].user_id == w.user);
	ck_assert(!who[1].is_patient && who[1].user_id == bob);
	free(who);

	ck_assert_int_eq(remind_queue_person(w.st, w.person, &slot, 1, &refill,
	    1, &r, eight - 86400 * 7, eight + 86400, eight - 86400 * 7, &added,
	    &err), 0);
	ck_assert_uint_eq(added, 6);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE user_id IN (SELECT user_id FROM users"
	    " WHERE email = 'bob@example.org') AND reminder_kind IN"
	    " ('missed', 'refill')"), 2);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM notification_queue"
	    " WHERE user_id = %lld", (long long)cy);
	ck_assert_int_eq(count(sql), 0);

	/* Bob hears about the missed dose, as "person N" in the text. */
	ck_assert_int_eq(store_notify_due(w.st, &all, eight + 3600, NULL, NULL,
	    due, 16, &n, &err), 0);
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(due[5].item.kind, REMIND_MISSED);
	ck_assert_int_eq(due[5].item.user_id, bob);
	ck_assert(due[5].for_caregiver);
	ck_assert(!due[4].for_caregiver);

	/* Revoked: what was queued for him no longer goes out. */
	snprintf(sql, sizeof sql, "UPDATE care_relationships SET revoked_at ="
	    " %lld WHERE user_id = %lld", (long long)eight, (long long)bob);
	exec_ok(sql);
	ck_assert_int_eq(store_notify_due(w.st, &all, eight + 3600, NULL, NULL,
	    due, 16, &n, &err), 0);
	ck_assert_uint_eq(n, 4);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(due[i].item.user_id, w.user);
	ck_assert_int_eq(remind_refresh_queue(w.st, &r, eight, &err), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM notification_queue"
	    " WHERE user_id = %lld AND status = 'cancelled'", (long long)bob);
	ck_assert_int_eq(count(sql), 2);
	ck_assert_int_eq(store_notify_recipients(w.st, w.person, &who, &n,
	    &err), 0);
	ck_assert_uint_eq(n, 1);
	free(who);
}
END_TEST

/* The timer thread --------------------------------------------------------- */

static int
utc_zone(void *ctx, int64_t user_id, struct wallclock *out)
{
	(void)ctx;
	(void)user_id;
	*out = wallclock_fixed(0);
	return 0;
}

static struct timer *
start_timer(struct timer_manual_clock *mc, int64_t now,
    enum store_notify_audience audience, bool watch)
{
	struct test_timer_setup setup = { w.path, audience, w.user, utc_zone,
	    watch, NULL };

	return test_timer_start(&setup, mc, now);
}

static void
send_all(struct timer *t, struct timer_delivery *d, int64_t now)
{
	test_timer_send(w.st, t, d, "test", now);
}

START_TEST(test_timer_fires_at_the_injected_due_time)
{
	struct timer_manual_clock mc;
	int64_t t0 = at("2026-03-10T07:50:00Z");
	int64_t id = queue_one(item(REMIND_DUE, w.user, t0 + 600, t0 + 600,
	    false));
	struct timer *t = start_timer(&mc, t0, NOTIFY_FOR_COMMAND, false);
	struct timer_delivery *d;

	test_timer_settle(t, 1);
	test_timer_none(t);
	test_timer_move(t, &mc, t0 + 599);
	test_timer_none(t);
	timer_manual_set(&mc, (t0 + 600) * 1000);
	timer_wake(t);
	d = test_timer_next(t);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->count, 1);
	ck_assert_int_eq(d->notices[0].id, id);
	ck_assert_int_eq(d->action, QUIET_SOUND);
	ck_assert(!d->summary && !d->closed);
	send_all(t, d, t0 + 600);
	test_timer_move(t, &mc, t0 + 6000);
	test_timer_none(t);
	timer_stop(t);
}
END_TEST

START_TEST(test_timer_wakes_when_told_and_on_other_commits)
{
	struct timer_manual_clock mc;
	int64_t t0 = at("2026-03-10T08:00:00Z");
	struct timer *t = start_timer(&mc, t0, NOTIFY_FOR_COMMAND, true);
	struct timer_delivery *d;
	struct timer_stats s;
	int64_t id;

	test_timer_settle(t, 1);
	test_timer_none(t);

	/* Asked: the main loop queued something and said so. */
	id = queue_one(item(REMIND_DUE, w.user, t0, t0, false));
	timer_wake(t);
	d = test_timer_next(t);
	ck_assert_int_eq(d->notices[0].id, id);
	send_all(t, d, t0);

	/* Not asked: another process commits, the store watch notices. */
	exec_ok("INSERT INTO notification_queue (user_id, person_id,"
	    " notification_type, reminder_kind, title, message,"
	    " scheduled_for, related_medication_id, related_schedule_id,"
	    " slot_at) SELECT user_id, person_id, 'missed_dose', 'missed',"
	    " 'Missed dose', '', scheduled_for, related_medication_id,"
	    " related_schedule_id, slot_at FROM notification_queue");
	d = test_timer_next(t);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->notices[0].item.kind, REMIND_MISSED);
	timer_stats(t, &s);
	ck_assert_uint_ge(s.store_changes, 1);
	send_all(t, d, t0);
	timer_stop(t);
}
END_TEST

START_TEST(test_timer_missed_alerts_after_the_grace_period)
{
	struct timer_manual_clock mc;
	int64_t eight = at("2026-03-10T08:00:00Z");
	int64_t noon = at("2026-03-10T12:00:00Z");
	struct remind_slot slots[] = {
		dose_slot(eight), dose_slot(noon),
	};
	struct remind_rules r = rules();
	int64_t bob = add_caregiver("bob@example.org", 1);
	int64_t dan = add_caregiver("dan@example.org", 1);
	struct timer *t;
	struct timer_delivery *d;
	struct error err;
	size_t added;
	char sql[256];
	bool to_patient = false, to_bob = false;

	ck_assert_int_eq(remind_queue_person(w.st, w.person, slots, 2, NULL, 0,
	    &r, eight - 3600, noon + 7200, eight - 3600, &added, &err), 0);
	ck_assert_uint_eq(added, 10);

	/* Dan's permission is revoked after his alerts were queued. */
	snprintf(sql, sizeof sql, "UPDATE care_relationships SET revoked_at ="
	    " %lld WHERE user_id = %lld", (long long)eight, (long long)dan);
	exec_ok(sql);

	t = start_timer(&mc, eight - 900, NOTIFY_FOR_COMMAND, false);
	d = test_timer_next(t);
	ck_assert_int_eq(d->notices[0].item.kind, REMIND_ADVANCE);
	send_all(t, d, eight - 900);
	test_timer_move(t, &mc, eight);
	d = test_timer_next(t);
	ck_assert_int_eq(d->notices[0].item.kind, REMIND_DUE);
	send_all(t, d, eight);

	test_timer_move(t, &mc, eight + 3599);
	test_timer_none(t);
	test_timer_move(t, &mc, eight + 3600);
	for (int i = 0; i < 2; i++) {
		d = test_timer_next(t);
		ck_assert_int_eq(d->notices[0].item.kind, REMIND_MISSED);
		to_patient |= d->notices[0].item.user_id == w.user;
		to_bob |= d->notices[0].item.user_id == bob;
		ck_assert_int_ne(d->notices[0].item.user_id, dan);
		send_all(t, d, eight + 3600);
	}
	ck_assert(to_patient && to_bob);
	test_timer_none(t);

	/* The noon dose is taken in time: its missed alerts never come. */
	test_timer_move(t, &mc, noon - 900);
	send_all(t, test_timer_next(t), noon - 900);
	test_timer_move(t, &mc, noon);
	send_all(t, test_timer_next(t), noon);
	ck_assert_int_eq(store_notify_cancel_slot(w.st, sched, noon,
	    noon + 600, &added, &err), 0);
	test_timer_move(t, &mc, noon + 3600);
	test_timer_none(t);
	test_timer_move(t, &mc, noon + 86400);
	test_timer_none(t);
	timer_stop(t);
}
END_TEST

START_TEST(test_timer_quiet_hours_and_the_morning_summary)
{
	struct timer_manual_clock mc;
	int64_t night = at("2026-03-10T23:00:00Z");
	int64_t morning = at("2026-03-11T07:00:00Z");
	int64_t missed = queue_one(item(REMIND_MISSED, w.user, night - 3600,
	    night, false));
	int64_t refill = queue_one(item(REMIND_REFILL, w.user,
	    at("2026-03-15T12:00:00Z"), night + 1800, false));
	int64_t vitamin = queue_one(item(REMIND_DUE, w.user, night + 900,
	    night + 900, false));
	int64_t insulin = queue_one(item(REMIND_DUE, w.user, night + 1200,
	    night + 1200, true));
	int64_t insulin_missed = queue_one(item(REMIND_MISSED, w.user,
	    night - 1200, night + 2400, true));
	struct timer *t;
	struct timer_delivery *d;
	char text[4 * REMIND_TEXT_LINE], sql[256];
	struct error err;

	exec_ok("UPDATE notification_preferences SET quiet_hours_start ="
	    " '22:00', quiet_hours_end = '07:00'");
	t = start_timer(&mc, night - 60, NOTIFY_FOR_COMMAND, false);
	test_timer_settle(t, 1);
	test_timer_none(t);
	test_timer_move(t, &mc, night + 2700);

	d = test_timer_next(t);
	ck_assert_int_eq(d->notices[0].id, vitamin);
	ck_assert_int_eq(d->action, QUIET_SILENT);
	send_all(t, d, night + 2700);
	d = test_timer_next(t);
	ck_assert_int_eq(d->notices[0].id, insulin);
	ck_assert_int_eq(d->action, QUIET_SOUND);
	send_all(t, d, night + 2700);
	d = test_timer_next(t);
	ck_assert_int_eq(d->notices[0].id, insulin_missed);
	ck_assert_int_eq(d->action, QUIET_SOUND);
	send_all(t, d, night + 2700);
	test_timer_none(t);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM notification_queue"
	    " WHERE held_until = %lld AND status = 'pending'",
	    (long long)morning);
	ck_assert_int_eq(count(sql), 2);

	test_timer_move(t, &mc, morning - 1);
	test_timer_none(t);
	test_timer_move(t, &mc, morning);
	d = test_timer_next(t);
	ck_assert(d->summary);
	ck_assert_int_eq(d->action, QUIET_SOUND);
	ck_assert_uint_eq(d->count, 2);
	ck_assert_int_eq(d->notices[0].id, missed);
	ck_assert_int_eq(d->notices[1].id, refill);
	ck_assert_int_eq(remind_text_summary(d->notices, d->count, &d->clock,
	    text, sizeof text, &err), 0);
	ck_assert_str_eq(text,
	    "While quiet hours lasted, 2 notifications were held:\n"
	    "- Metformin 500 mg: the 22:00 dose has not been recorded\n"
	    "- Metformin 500 mg: the supply runs out on 2026-03-15; time to refill");
	send_all(t, d, morning);
	test_timer_none(t);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status <> 'delivered'"), 0);
	timer_stop(t);
}
END_TEST

START_TEST(test_timer_two_screens_show_and_clear_together)
{
	struct timer_manual_clock mc1, mc2, mc3;
	int64_t t0 = at("2026-03-10T08:00:00Z");
	int64_t id = queue_one(item(REMIND_DUE, w.user, t0, t0, false));
	struct timer *one = start_timer(&mc1, t0, NOTIFY_FOR_SCREEN, false);
	struct timer *two = start_timer(&mc2, t0, NOTIFY_FOR_SCREEN, true);
	struct timer_delivery *d1 = test_timer_next(one);
	struct timer_delivery *d2 = test_timer_next(two);
	struct timer_delivery *gone;
	struct timer *later;
	struct doses_ctx ctx;
	struct error err;

	ck_assert_int_eq(d1->notices[0].id, id);
	ck_assert_int_eq(d2->notices[0].id, id);
	ck_assert_int_eq(count("SELECT count(*) FROM notification_queue"
	    " WHERE status = 'pending'"), 1);

	/* Answered in the first terminal: the second takes it down. */
	ctx = acting(w.user, t0 + 30);
	ck_assert_msg(remind_answer(&ctx, &d1->notices[0],
	    NOTIFY_MARKED_TAKEN, 0, NULL, &err) == 0, "%s", err.text);
	timer_finish(one, d1);
	gone = test_timer_next(two);
	ck_assert(gone->closed);
	ck_assert_int_eq(gone->notices[0].id, id);
	timer_finish(two, gone);
	timer_finish(two, d2);

	/* A terminal opened afterwards shows nothing of it. */
	later = start_timer(&mc3, t0 + 60, NOTIFY_FOR_SCREEN, false);
	test_timer_settle(later, 1);
	test_timer_none(later);
	timer_stop(later);
	timer_stop(one);
	timer_stop(two);
}
END_TEST

START_TEST(test_timer_idle_sleeps_until_the_next_due_time)
{
	struct timer_manual_clock mc;
	int64_t t0 = at("2026-03-10T08:00:00Z");
	struct timer *t;
	struct timer_stats s;

	queue_one(item(REMIND_DUE, w.user, t0 + 3600, t0 + 3600, false));
	t = start_timer(&mc, t0, NOTIFY_FOR_COMMAND, true);
	test_timer_settle(t, 1);
	usleep(300 * 1000);
	timer_stats(t, &s);
	ck_assert_uint_eq(s.scans, 1);
	ck_assert_uint_eq(s.wakeups, 0);
	ck_assert_uint_eq(s.deliveries, 0);
	timer_stop(t);
}
END_TEST

static Suite *
notify_suite(void)
{
	Suite *s = suite_create("notify");
	TCase *store = tcase_create("queue");
	TCase *timer = tcase_create("timer");

	tcase_add_checked_fixture(store, setup, teardown);
	tcase_add_test(store, test_enqueue_once_per_key);
	tcase_add_test(store, test_enqueue_refuses_broken_rows_whole);
	tcase_add_test(store, test_delivery_retries_with_backoff_then_fails);
	tcase_add_test(store, test_delivered_rows_are_never_sent_again);
	tcase_add_test(store, test_claims_of_a_dead_process_are_taken_over);
	tcase_add_test(store, test_two_sessions_claim_each_reminder_once);
	tcase_add_test(store, test_answers_close_the_notification_everywhere);
	tcase_add_test(store, test_snooze_chain_in_the_queue);
	tcase_add_test(store, test_recording_a_dose_cancels_its_reminders);
	tcase_add_test(store, test_change_counter_sees_other_connections_only);
	tcase_add_test(store, test_preferences_and_their_defaults);
	tcase_add_test(store,
	    test_caregivers_with_the_permission_and_a_revoked_one);
	suite_add_tcase(s, store);

	tcase_add_checked_fixture(timer, setup, teardown);
	tcase_add_test(timer, test_timer_fires_at_the_injected_due_time);
	tcase_add_test(timer, test_timer_wakes_when_told_and_on_other_commits);
	tcase_add_test(timer, test_timer_missed_alerts_after_the_grace_period);
	tcase_add_test(timer, test_timer_quiet_hours_and_the_morning_summary);
	tcase_add_test(timer, test_timer_two_screens_show_and_clear_together);
	tcase_add_test(timer, test_timer_idle_sleeps_until_the_next_due_time);
	suite_add_tcase(s, timer);
	return s;
}

int
main(void)
{
	return test_run(notify_suite());
}
