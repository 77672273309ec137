/*
 * How late reminders fire, and what an idle timer costs.
 *
 * With the real clock: queues reminders due over the next half minute (one
 * a second, plus a burst of several due in the same second), runs the
 * timer thread as the daemon does, and measures, for each, the time from
 * its due instant to its arrival at the main loop through the pipe, then
 * its claim and its record as delivered.  Then the queue holds only a
 * reminder an hour away and the timer is left alone for a while (60 s by
 * default, or the first argument): its wake-ups are counted and scaled
 * to an hour.  Then the same for a timer that also plans the queue from
 * the schedules, as the daemon's does.  Prints figures; asserts nothing.
 */
#include "config.h"

#include <poll.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "service/timer.h"
#include "store/store.h"
#include "store/store_notify.h"

#define SPREAD 25	/* reminders one second apart */
#define BURST 8		/* reminders due in one same second */
#define TOTAL (SPREAD + BURST)

static int64_t
real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
must(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "remind_latency: %s\n", what);
		exit(1);
	}
}

/* A made-up patient with one medication and no quiet hours. */
static void
arrange(const char *path)
{
	sqlite3 *db;

	must(sqlite3_open(path, &db) == SQLITE_OK, "cannot open the store");
	must(sqlite3_exec(db,
	    "INSERT INTO people DEFAULT VALUES;"
	    "INSERT INTO users (person_id, email, password_hash, public_key,"
	    " secret_key_by_password, password_key_salt,"
	    " secret_key_by_recovery, recovery_key_salt) VALUES (1,"
	    " 'bench@example.org',"
	    " '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', zeroblob(32),"
	    " zeroblob(72), zeroblob(16), zeroblob(72), zeroblob(16));"
	    "INSERT INTO drugs_master (drug_name) VALUES ('Metformin');"
	    "INSERT INTO user_medications (person_id, drug_id, strength,"
	    " dosage_form, start_date) VALUES (1, 1, '500 mg', 'tablet',"
	    " '2026-01-01');"
	    "INSERT INTO medication_schedules (medication_id, dose_time)"
	    " VALUES (1, '08:00');"
	    "INSERT INTO notification_preferences (user_id,"
	    " quiet_hours_start, quiet_hours_end) VALUES (1, NULL, NULL);",
	    NULL, NULL, NULL) == SQLITE_OK, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* A reminder due at due for the dose at slot; distinct slots, distinct rows. */
static void
enqueue(struct store *st, int64_t slot, int64_t due)
{
	struct remind_item it = { REMIND_DUE, 1, 1, 1, 1, slot, due, false };
	struct error err;
	size_t added;

	must(store_notify_enqueue(st, &it, 1, due, &added, &err) == 0,
	    err.text);
}

/* Claims and records a delivery, as the daemon does after its command. */
static void
settle(struct store *st, struct timer *t, struct timer_delivery *d)
{
	int64_t ids[TOTAL];
	bool mine[TOTAL];
	struct error err;
	size_t won;

	for (size_t i = 0; i < d->count && i < TOTAL; i++)
		ids[i] = d->notices[i].id;
	must(store_notify_claim(st, ids, d->count, "bench", real_ms() / 1000,
	    mine, &won, &err) == 0, err.text);
	must(store_notify_delivered(st, ids, d->count, "bench",
	    NOTIFY_BY_COMMAND, real_ms() / 1000, &err) == 0, err.text);
	timer_finish(t, d);
}

static int
by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
measure_latency(struct store *st, struct timer *t)
{
	int64_t late[TOTAL], sum = 0;
	int got = 0;

	while (got < TOTAL) {
		struct pollfd pfd = { timer_fd(t), POLLIN, 0 };
		struct timer_delivery *d;

		must(poll(&pfd, 1, 60000) == 1, "a reminder did not come");
		while ((d = timer_take(t)) != NULL) {
			int64_t now = real_ms();

			for (size_t i = 0; i < d->count && got < TOTAL; i++)
				late[got++] = now -
				    d->notices[i].item.at * 1000;
			settle(st, t, d);
		}
	}
	qsort(late, TOTAL, sizeof late[0], by_value);
	for (int i = 0; i < TOTAL; i++)
		sum += late[i];
	printf("reminders fired:          %d (%d one a second, %d in one second)\n",
	    TOTAL, SPREAD, BURST);
	printf("lateness, ms:             min %lld  median %lld  p95 %lld  max %lld  mean %.1f\n",
	    (long long)late[0], (long long)late[TOTAL / 2],
	    (long long)late[TOTAL * 95 / 100], (long long)late[TOTAL - 1],
	    (double)sum / TOTAL);
	printf("within one second:        %s\n",
	    late[TOTAL - 1] < 1000 ? "all" : "NOT all");
	fflush(stdout);
}

/*
 * A write to the store is followed by a few quick looks for commits
 * still being published (about 2 s); they are counted apart from the
 * idle time that follows.
 */
static void
measure_idle(struct timer *t, const char *what, int seconds)
{
	struct timer_stats start, before, after;
	uint64_t wakes;

	timer_stats(t, &start);
	timer_wake(t);
	sleep(3);
	timer_stats(t, &before);
	sleep((unsigned)seconds);
	timer_stats(t, &after);
	wakes = after.wakeups - before.wakeups;
	printf("idle, %s: %llu wake-ups in the 3 s after the last write,"
	    " then %llu in %d s (scaled: %.1f per hour)\n", what,
	    (unsigned long long)(before.wakeups - start.wakeups),
	    (unsigned long long)wakes, seconds,
	    (double)wakes * 3600.0 / seconds);
	fflush(stdout);
}

static void
remove_store(const char *dir)
{
	static const char *const files[] = { "bench.db", "bench.db-wal",
	    "bench.db-shm" };
	char path[256];

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
main(int argc, char **argv)
{
	int idle = argc > 1 ? atoi(argv[1]) : 60;
	char dir[] = "/tmp/prescripcare-bench-XXXXXX";
	char path[256];
	struct remind_rules rules = { 60, 7 };
	struct timer_config cfg;
	struct timer_stats busy;
	struct store *st;
	struct timer *t;
	struct error err;
	int64_t first;

	must(mkdtemp(dir) != NULL, "cannot make a temporary folder");
	snprintf(path, sizeof path, "%s/bench.db", dir);
	must(store_open(&st, path, STORE_OPEN_CREATE, &err) == 0, err.text);
	arrange(path);

	/* Due from two seconds on, so the timer is asleep before the first. */
	first = real_ms() / 1000 + 2;
	for (int i = 0; i < SPREAD; i++)
		enqueue(st, first + i, first + i);
	for (int i = 0; i < BURST; i++)
		enqueue(st, first - 60 * (i + 1), first + SPREAD / 2);
	memset(&cfg, 0, sizeof cfg);
	cfg.db_path = path;
	cfg.clock = timer_clock_system();
	cfg.filter.audience = NOTIFY_FOR_COMMAND;
	cfg.watch_store = true;
	must(timer_start(&t, &cfg, &err) == 0, err.text);

	measure_latency(st, t);
	timer_stats(t, &busy);
	printf("wake-ups while firing:    %llu for %d reminders over %d s\n",
	    (unsigned long long)busy.wakeups, TOTAL, SPREAD);
	enqueue(st, real_ms() / 1000 + 3600, real_ms() / 1000 + 3600);
	measure_idle(t, "next reminder in 1 h", idle > 0 ? idle : 60);
	timer_stop(t);

	/* The daemon's timer plans as well; its plan must not cost wake-ups. */
	cfg.plan = &rules;
	must(timer_start(&t, &cfg, &err) == 0, err.text);
	measure_idle(t, "planning timer", idle > 0 ? idle : 60);
	timer_stats(t, &busy);
	printf("plans while idle:         %llu\n",
	    (unsigned long long)busy.plans);

	timer_stop(t);
	store_close(st);
	remove_store(dir);
	return 0;
}
