#include "config.h"

#include "testtimer.h"

#include <check.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/error.h"

/* Bounds on waits for an event that should come at once. */
#define EVENT_BOUND_MS 30000

struct timer *
test_timer_start(const struct test_timer_setup *s,
    struct timer_manual_clock *mc, int64_t now)
{
	struct timer_config cfg;
	struct timer *t;
	struct error err;

	memset(&cfg, 0, sizeof cfg);
	cfg.db_path = s->path;
	cfg.clock = timer_clock_manual(mc, now * 1000);
	cfg.filter.audience = s->audience;
	cfg.filter.user_id = s->audience == NOTIFY_FOR_SCREEN ? s->user_id :
	    0;
	cfg.zone = s->zone;
	cfg.watch_store = s->watch;
	cfg.plan = s->plan;
	ck_assert_msg(timer_start(&t, &cfg, &err) == 0, "%s", err.text);
	return t;
}

uint64_t
test_timer_scans(struct timer *t)
{
	struct timer_stats s;

	timer_stats(t, &s);
	return s.scans;
}

void
test_timer_settle(struct timer *t, uint64_t at_least)
{
	int64_t deadline = clock_monotonic_ms() + EVENT_BOUND_MS;
	struct timespec nap = { 0, 1000000 };

	while (test_timer_scans(t) < at_least && clock_monotonic_ms() < deadline)
		nanosleep(&nap, NULL);
	ck_assert_uint_ge(test_timer_scans(t), at_least);
}

static int64_t
last_look_ms(struct timer *t)
{
	struct timer_stats s;

	timer_stats(t, &s);
	return s.last_look_ms;
}

void
test_timer_move(struct timer *t, struct timer_manual_clock *mc, int64_t now)
{
	int64_t deadline = clock_monotonic_ms() + EVENT_BOUND_MS;
	struct timespec nap = { 0, 1000000 };

	timer_manual_set(mc, now * 1000);
	timer_wake(t);
	while (last_look_ms(t) < now * 1000 && clock_monotonic_ms() < deadline)
		nanosleep(&nap, NULL);
	ck_assert_int_ge(last_look_ms(t), now * 1000);
}

struct timer_delivery *
test_timer_next(struct timer *t)
{
	struct pollfd pfd = { timer_fd(t), POLLIN, 0 };
	struct timer_delivery *d;

	if (poll(&pfd, 1, EVENT_BOUND_MS) != 1) {
		struct timer_stats s;

		timer_stats(t, &s);
		ck_abort_msg("nothing came through the pipe (%llu looks,"
		    " %llu store changes seen)", (unsigned long long)s.scans,
		    (unsigned long long)s.store_changes);
	}
	d = timer_take(t);
	ck_assert_ptr_nonnull(d);
	return d;
}

void
test_timer_none(struct timer *t)
{
	struct timer_delivery *d = timer_take(t);

	ck_assert_msg(d == NULL, "unexpected delivery of %lld",
	    d != NULL ? (long long)d->notices[0].id : 0LL);
}

void
test_timer_send(struct store *st, struct timer *t, struct timer_delivery *d,
    const char *owner, int64_t now)
{
	int64_t *ids = calloc(d->count + 1, sizeof *ids);
	bool *mine = calloc(d->count + 1, sizeof *mine);
	struct error err;
	size_t won;

	ck_assert(ids != NULL && mine != NULL);
	for (size_t i = 0; i < d->count; i++)
		ids[i] = d->notices[i].id;
	ck_assert_msg(store_notify_claim(st, ids, d->count, owner, now, mine,
	    &won, &err) == 0, "%s", err.text);
	ck_assert_uint_eq(won, d->count);
	ck_assert_msg(store_notify_delivered(st, ids, d->count, owner,
	    d->action == QUIET_SILENT ? NOTIFY_IN_APP : NOTIFY_BY_COMMAND, now,
	    &err) == 0, "%s", err.text);
	free(ids);
	free(mine);
	timer_finish(t, d);
}
