#ifndef PC_TIMER_H
#define PC_TIMER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/quiet.h"
#include "domain/remind_plan.h"
#include "domain/wallclock.h"
#include "service/remind_engine.h"
#include "store/store_notify.h"

/*
 * The reminder timer: a thread with its own connection to the store that
 * sleeps until the next notification falls due, decides what quiet hours
 * allow, and hands what is due to the main loop through a small locked
 * queue and a pipe the loop watches together with the keyboard.  Only the
 * main thread shows anything.
 *
 * Idle, it sleeps on a condition variable timed on CLOCK_MONOTONIC until
 * the next due instant, or without a deadline when nothing is queued.  It
 * wakes early when:
 *   - the main loop calls timer_wake (a schedule or dose changed);
 *   - another connection commits to the store: a helper thread watches
 *     the store's folder with inotify, and the timer rescans only when
 *     SQLite's data_version says another connection wrote, so commits by
 *     other terminals and the daemon are seen within moments;
 *   - the wall clock is set (a timerfd on CLOCK_REALTIME armed with
 *     TFD_TIMER_CANCEL_ON_SET, read by the helper);
 *   - the machine resumes from suspend: CLOCK_MONOTONIC stands still
 *     while suspended, so a CLOCK_BOOTTIME timerfd armed for the same
 *     deadline fires on resume, and a grown gap between the two clocks
 *     is counted as a resume.
 *
 * A timer that plans (timer_config.plan) also keeps the queue planned
 * with remind_refresh_queue before it looks: when it starts, when asked
 * (timer_replan), when another connection committed (after a delivery
 * round, a dose recorded, a schedule or a permission changed), when the
 * wall clock was set or the machine resumed, and otherwise every half
 * REMIND_HORIZON_SECONDS, so that everything is queued a day ahead.
 */

struct timer;

/* Where the timer reads the time: the system's, or a test's. */
struct timer_clock {
	int64_t (*now_ms)(void *ctx);	/* milliseconds since the epoch */
	void *ctx;
};

/* A clock that moves only when set; the owner wakes the timer after. */
struct timer_manual_clock {
	_Atomic int64_t ms;
};

/* A wall clock chosen for an account, in place of the store's zones. */
typedef int (*timer_zone_fn)(void *ctx, int64_t user_id,
    struct wallclock *out);

struct timer_config {
	const char *db_path;		/* the timer opens its own connection */
	struct timer_clock clock;
	struct store_notify_filter filter;	/* command, or one screen */

	/*
	 * NULL: each recipient's quiet hours follow the zone of their own
	 * record (UTC without one) and each text the zone of the person it
	 * is about, as remind_zones reads them from the store.  Otherwise
	 * zone gives one clock per account for both.
	 */
	timer_zone_fn zone;
	void *zone_ctx;
	bool watch_store;		/* wake on other connections' commits */
	const struct remind_rules *plan; /* NULL: deliver only, not plan */
};

/*
 * What the main loop receives: one notification to show (and, when it
 * sounds, to send to the command), or the summary of everything quiet
 * hours held for one account, or (screens only) word that a notification
 * was answered elsewhere and should leave this screen.
 */
struct timer_delivery {
	int64_t user_id;
	enum quiet_action action;	/* QUIET_SOUND or QUIET_SILENT */
	bool summary;			/* gathered after quiet hours */
	bool closed;			/* answered elsewhere: take it down */
	struct wallclock clock;		/* the recipient's; each notice
					 * has its person's */
	size_t count;
	struct remind_notice *notices;
};

/* Counters, for tests and for measuring an idle hour. */
struct timer_stats {
	uint64_t wakeups;	/* returns from the sleep, whatever the cause */
	uint64_t scans;		/* looks at the queue */
	uint64_t deliveries;	/* handed to the main loop */
	uint64_t store_changes;	/* wake-ups on another connection's commit */
	uint64_t clock_jumps;	/* the wall clock was set */
	uint64_t resumes;	/* the machine came back from suspend */
	uint64_t failures;	/* scans the store refused; retried */
	uint64_t plans;		/* queue refreshes of a planning timer */
	int64_t last_look_ms;	/* the time (timer clock) of the last look */
};

/* The system's real-time clock. */
struct timer_clock timer_clock_system(void);

/* A clock reading mc, which starts at ms. */
struct timer_clock timer_clock_manual(struct timer_manual_clock *mc,
    int64_t ms);

/* Moves a manual clock; call timer_wake afterwards. */
void timer_manual_set(struct timer_manual_clock *mc, int64_t ms);

/*
 * Opens the timer's connection and starts its threads.  Threads start
 * with every signal blocked, so signals reach the main thread only.
 */
int timer_start(struct timer **out, const struct timer_config *cfg,
    struct error *err);

/* The descriptor to poll for reading: readable while deliveries wait. */
int timer_fd(const struct timer *t);

/* The next delivery, or NULL when none waits. */
struct timer_delivery *timer_take(struct timer *t);

/*
 * Hands a delivery back once the main loop is done with it (sent, shown
 * and answered, or dropped), and frees it.  Until then its notifications
 * are not handed out again.  Its clocks stay valid until timer_stop.
 */
void timer_finish(struct timer *t, struct timer_delivery *d);

/* Asks the timer to look at the queue again now. */
void timer_wake(struct timer *t);

/*
 * Asks a planning timer to plan again now, under new rules (after the
 * settings were read again); ignored by a timer that does not plan.
 */
void timer_replan(struct timer *t, const struct remind_rules *rules);

/* A copy of the counters. */
void timer_stats(struct timer *t, struct timer_stats *out);

/*
 * The last failure the thread met, if any (it keeps retrying); returns
 * true and fills err when there was one since the last call.
 */
bool timer_failure(struct timer *t, struct error *err);

/* Stops the threads, closes the connection and frees what is left. */
void timer_stop(struct timer *t);

#endif
