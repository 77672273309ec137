#ifndef PC_TESTTIMER_H
#define PC_TESTTIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "service/timer.h"
#include "store/store.h"

/*
 * Driving the reminder timer from a test: an injected clock moved by
 * hand, and waits that end on the event itself (a look at the queue, a
 * delivery in the pipe) within a generous bound, never a fixed sleep.
 */

/* What a test timer looks at and how. */
struct test_timer_setup {
	const char *path;			/* the store's file */
	enum store_notify_audience audience;
	int64_t user_id;			/* the screen's account */
	timer_zone_fn zone;			/* NULL: the store's zones */
	bool watch;				/* wake on other commits */
	const struct remind_rules *plan;	/* NULL: no planning */
};

/* Starts a timer on a manual clock at now (seconds). */
struct timer *test_timer_start(const struct test_timer_setup *s,
    struct timer_manual_clock *mc, int64_t now);

/* How many looks at the queue the timer has finished. */
uint64_t test_timer_scans(struct timer *t);

/* Waits until the timer has finished at least at_least looks. */
void test_timer_settle(struct timer *t, uint64_t at_least);

/*
 * Moves the clock to now, wakes the timer and waits for a look that saw
 * the new time (one under way at the old time does not count).
 */
void test_timer_move(struct timer *t, struct timer_manual_clock *mc,
    int64_t now);

/* Waits for the next delivery and takes it; fails the test if none. */
struct timer_delivery *test_timer_next(struct timer *t);

/* Fails the test when a delivery is waiting. */
void test_timer_none(struct timer *t);

/*
 * What the daemon does with a delivery: claims its notifications on st
 * as owner (all must be won), records them as delivered (by the command,
 * or on screens only for a silent one) and hands the delivery back.
 */
void test_timer_send(struct store *st, struct timer *t,
    struct timer_delivery *d, const char *owner, int64_t now);

#endif
