#include "config.h"

#include "service/timer.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/i18n.h"
#include "service/remind_zone.h"

/* Deliveries waiting for the main loop; a full queue makes the timer wait. */
#define QUEUE_CAP 32

/* Notifications read per look at the queue; more are read on the next. */
#define SCAN_MAX 128

/* After the store refused a look, try again this much later. */
#define RETRY_AFTER_FAILURE_MS 5000

/*
 * The CLOCK_BOOTTIME timer is armed this much after the monotonic
 * deadline, so that without a suspend the condition variable always
 * wakes first and the boot timer never adds a wake-up of its own.
 */
#define BOOT_SLACK_MS 2000

/*
 * SQLite appends a commit to the WAL file (which inotify sees) before it
 * publishes it in the shared-memory index (which it does not), so the
 * last file event of a commit can come before the commit is visible.  A
 * store event that shows no change is therefore looked at again after
 * these delays: a short burst after activity, nothing when idle.
 */
static const int64_t recheck_delays_ms[] = { 25, 100, 400, 1600 };

#define RECHECKS (sizeof recheck_delays_ms / sizeof recheck_delays_ms[0])

/* Boot time running this much further ahead of monotonic time: a suspend. */
#define RESUME_GAP_NS 1000000000LL

/* The wall-clock watch is re-armed this far ahead; it fires only if set. */
#define FAR_AHEAD_SECONDS (365LL * 86400)

/* A planning timer plans at least this often. */
#define REPLAN_EVERY_MS (REMIND_HORIZON_SECONDS * 1000LL / 2)

enum wake_reason {
	WAKE_ASKED = 1 << 0,	/* timer_wake */
	WAKE_STORE = 1 << 1,	/* the store's files changed */
	WAKE_JUMP = 1 << 2,	/* the wall clock was set */
	WAKE_BOOT = 1 << 3,	/* the boot-time deadline passed */
	WAKE_ROOM = 1 << 4,	/* the main loop took or finished one */
	WAKE_REPLAN = 1 << 5	/* timer_replan */
};

struct timer {
	struct timer_config cfg;
	char *db_path;
	char *watch_db;		/* the store's file name, and the WAL's */
	char *watch_wal;
	struct store *st;	/* used by the timer thread only */
	struct remind_zones *zones;	/* clocks handed out point into it */

	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	pthread_t helper;
	bool thread_started;
	bool helper_started;

	/* Under lock. */
	bool stop;
	bool starved;		/* due work was left for lack of room */
	unsigned reasons;
	struct timer_delivery *queue[QUEUE_CAP];
	size_t qhead, qlen;
	int64_t *inflight;	/* ids handed out and not finished */
	size_t ninflight, capinflight;
	struct timer_stats stats;
	struct error failure;
	bool failed;
	struct remind_rules rules;	/* what a planning timer plans with */

	int pipe_r, pipe_w;
	int stop_fd;		/* tells the helper to end */
	int realtime_fd;	/* cancelled when the wall clock is set */
	int boot_fd;		/* the deadline on CLOCK_BOOTTIME */
	int inotify_fd;		/* -1 unless watching the store */

	/* The timer thread's own. */
	int64_t next_due;	/* seconds, or REMIND_NEVER */
	int64_t retry_at;	/* monotonic ms to retry a failed look, or 0 */
	int64_t recheck_at;	/* monotonic ms to look for a commit, or 0 */
	size_t recheck_step;
	int64_t counter;	/* the store's data_version when last read */
	int64_t boot_gap;	/* CLOCK_BOOTTIME minus CLOCK_MONOTONIC, ns */
	bool planning;		/* keeps the queue planned */
	bool plan_due;		/* plan before the next look */
	int64_t replan_at;	/* ms on the timer's clock */
	int plan_failures;	/* in a row, for the retry's backoff */
};

/* Clocks ----------------------------------------------------------------- */

static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t
system_now_ms(void *ctx)
{
	(void)ctx;
	return clock_ns(CLOCK_REALTIME) / 1000000;
}

struct timer_clock
timer_clock_system(void)
{
	struct timer_clock c = { system_now_ms, NULL };

	return c;
}

static int64_t
manual_now_ms(void *ctx)
{
	struct timer_manual_clock *mc = ctx;

	return atomic_load(&mc->ms);
}

struct timer_clock
timer_clock_manual(struct timer_manual_clock *mc, int64_t ms)
{
	struct timer_clock c = { manual_now_ms, mc };

	atomic_store(&mc->ms, ms);
	return c;
}

void
timer_manual_set(struct timer_manual_clock *mc, int64_t ms)
{
	atomic_store(&mc->ms, ms);
}

static int64_t
now_ms(const struct timer *t)
{
	return t->cfg.clock.now_ms(t->cfg.clock.ctx);
}

/* Small helpers under the lock -------------------------------------------- */

static void
bump(struct timer *t, uint64_t *counter, uint64_t by)
{
	pthread_mutex_lock(&t->lock);
	*counter += by;
	pthread_mutex_unlock(&t->lock);
}

static void
note_failure(struct timer *t, const struct error *err)
{
	pthread_mutex_lock(&t->lock);
	t->failure = *err;
	t->failed = true;
	t->stats.failures++;
	pthread_mutex_unlock(&t->lock);
}

static uint64_t
failure_count(struct timer *t)
{
	uint64_t n;

	pthread_mutex_lock(&t->lock);
	n = t->stats.failures;
	pthread_mutex_unlock(&t->lock);
	return n;
}

static void
wake_with(struct timer *t, unsigned reason)
{
	pthread_mutex_lock(&t->lock);
	t->reasons |= reason;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

static void
poke_pipe(struct timer *t)
{
	char byte = 1;

	/* A full pipe already says "readable"; nothing is lost. */
	if (write(t->pipe_w, &byte, 1) < 0 && errno != EAGAIN)
		return;
}

static void
drain_fd(int fd)
{
	char buf[256];

	while (read(fd, buf, sizeof buf) > 0)
		continue;
}

static bool
id_in(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++) {
		if (ids[i] == id)
			return true;
	}
	return false;
}

/* The ids a scan leaves alone, because the main loop has them. */
struct id_set {
	const int64_t *ids;
	size_t n;
};

static bool
skip_inflight(void *ctx, int64_t id)
{
	const struct id_set *set = ctx;

	return id_in(set->ids, set->n, id);
}

static int
inflight_add(struct timer *t, int64_t id)
{
	if (t->ninflight == t->capinflight) {
		size_t cap = t->capinflight ? t->capinflight * 2 : 64;
		int64_t *grown = realloc(t->inflight, cap * sizeof *grown);

		if (grown == NULL)
			return -1;
		t->inflight = grown;
		t->capinflight = cap;
	}
	t->inflight[t->ninflight++] = id;
	return 0;
}

static void
inflight_remove(struct timer *t, int64_t id)
{
	for (size_t i = 0; i < t->ninflight; i++) {
		if (t->inflight[i] == id) {
			t->inflight[i] = t->inflight[--t->ninflight];
			return;
		}
	}
}

/* Deliveries -------------------------------------------------------------- */

static void
delivery_free(struct timer_delivery *d)
{
	if (d == NULL)
		return;
	free(d->notices);
	free(d);
}

static struct timer_delivery *
delivery_new(int64_t user_id, const struct wallclock *wc)
{
	struct timer_delivery *d = calloc(1, sizeof *d);

	if (d == NULL)
		return NULL;
	d->user_id = user_id;
	d->action = QUIET_SOUND;
	d->clock = *wc;
	return d;
}

static int
delivery_add(struct timer_delivery *d, const struct remind_notice *n)
{
	struct remind_notice *grown = realloc(d->notices,
	    (d->count + 1) * sizeof *grown);

	if (grown == NULL)
		return -1;
	d->notices = grown;
	d->notices[d->count++] = *n;
	return 0;
}

/*
 * Puts a delivery on the queue and marks its notifications as handed
 * out; false (and d untouched) when the queue is full.
 */
static bool
push(struct timer *t, struct timer_delivery *d)
{
	bool pushed = false;

	pthread_mutex_lock(&t->lock);
	if (t->qlen < QUEUE_CAP) {
		for (size_t i = 0; i < d->count && !d->closed; i++) {
			if (inflight_add(t, d->notices[i].id) != 0)
				break;
		}
		t->queue[(t->qhead + t->qlen++) % QUEUE_CAP] = d;
		t->stats.deliveries++;
		pushed = true;
	} else {
		t->starved = true;
	}
	pthread_mutex_unlock(&t->lock);
	if (pushed)
		poke_pipe(t);
	return pushed;
}

/* One look at the queue ---------------------------------------------------- */

/* What one scan knows of each recipient it meets. */
struct recipient {
	int64_t user_id;
	struct remind_prefs prefs;
	struct wallclock clock;
	struct timer_delivery *summary;
};

struct scan {
	struct timer *t;
	int64_t now;
	struct recipient *who;
	size_t nwho;
	bool full;		/* the main loop's queue filled up */
};

static struct recipient *
recipient_for(struct scan *s, int64_t user_id)
{
	struct timer *t = s->t;
	struct recipient *r;
	struct error err;

	for (size_t i = 0; i < s->nwho; i++) {
		if (s->who[i].user_id == user_id)
			return &s->who[i];
	}
	r = &s->who[s->nwho++];
	memset(r, 0, sizeof *r);
	r->user_id = user_id;
	if (store_notify_prefs(t->st, user_id, &r->prefs, &err) != 0) {
		note_failure(t, &err);
		remind_prefs_defaults(&r->prefs);
	}
	if (t->cfg.zone != NULL) {
		if (t->cfg.zone(t->cfg.zone_ctx, user_id, &r->clock) != 0)
			r->clock = wallclock_fixed(0);
	} else if (remind_zones_account(t->zones, t->st, user_id, s->now,
	    &r->clock, &err) != 0) {
		note_failure(t, &err);
		r->clock = wallclock_fixed(0);
	}
	return r;
}

/*
 * The clock of the person a notice is about, for the times of its text;
 * the recipient's when the zone is chosen per account or cannot be read.
 */
static void
set_person_clock(struct scan *s, const struct recipient *r,
    struct remind_notice *n)
{
	struct error err;

	n->clock = r->clock;
	if (s->t->cfg.zone != NULL || n->item.person_id <= 0)
		return;
	if (remind_zones_person(s->t->zones, s->t->st, n->item.person_id,
	    n->item.slot, &n->clock, &err) != 0) {
		note_failure(s->t, &err);
		n->clock = r->clock;
	}
}

/*
 * What quiet hours make of one notification.  When the wall clock cannot
 * be read the notification sounds: a reminder that comes at a bad hour
 * is better than one that never comes.
 */
static struct quiet_verdict
verdict_for(struct recipient *r, const struct remind_notice *n, int64_t now)
{
	struct quiet_verdict v;
	struct error err;

	if (quiet_decide(&r->prefs.quiet, &r->clock,
	    remind_kind_class(n->item.kind), n->item.critical, now, &v,
	    &err) != 0) {
		v.action = QUIET_SOUND;
		v.hold_until = 0;
	}
	return v;
}

static void
handle_notice(struct scan *s, struct remind_notice *n)
{
	struct recipient *r = recipient_for(s, n->item.user_id);
	struct quiet_verdict v = verdict_for(r, n, s->now);
	struct timer_delivery *d;
	struct error err;

	if (v.action == QUIET_HOLD) {
		if (store_notify_hold(s->t->st, n->id, v.hold_until, &err) != 0)
			note_failure(s->t, &err);
		return;
	}
	set_person_clock(s, r, n);
	if (n->held_until != 0) {
		if (r->summary == NULL)
			r->summary = delivery_new(r->user_id, &r->clock);
		if (r->summary != NULL) {
			r->summary->summary = true;
			delivery_add(r->summary, n);
		}
		return;
	}
	if (s->full || (d = delivery_new(r->user_id, &r->clock)) == NULL)
		return;
	d->action = v.action;
	if (delivery_add(d, n) != 0 || !push(s->t, d)) {
		delivery_free(d);
		s->full = true;
	}
}

static void
push_summaries(struct scan *s)
{
	for (size_t i = 0; i < s->nwho; i++) {
		struct timer_delivery *d = s->who[i].summary;

		if (d == NULL)
			continue;
		s->who[i].summary = NULL;
		if (s->full || !push(s->t, d)) {
			delivery_free(d);
			s->full = true;
		}
	}
}

/* Screens: notifications answered elsewhere leave this screen too. */
static void
report_closed(struct timer *t, const int64_t *ids, size_t n)
{
	struct wallclock utc = wallclock_fixed(0);

	for (size_t i = 0; i < n; i++) {
		struct timer_delivery *d;
		struct remind_notice gone;
		struct error err;
		bool open;

		if (store_notify_is_open(t->st, ids[i], &open, &err) != 0) {
			note_failure(t, &err);
			return;
		}
		if (open)
			continue;
		memset(&gone, 0, sizeof gone);
		gone.id = ids[i];
		gone.item.user_id = t->cfg.filter.user_id;
		d = delivery_new(gone.item.user_id, &utc);
		if (d == NULL || delivery_add(d, &gone) != 0) {
			delivery_free(d);
			return;
		}
		d->closed = true;
		pthread_mutex_lock(&t->lock);
		inflight_remove(t, ids[i]);
		pthread_mutex_unlock(&t->lock);
		if (!push(t, d)) {
			delivery_free(d);
			return;
		}
	}
}

/* Copies the handed-out ids, so the store is read without the lock held. */
static int64_t *
inflight_copy(struct timer *t, size_t *n, size_t *room)
{
	int64_t *copy;

	pthread_mutex_lock(&t->lock);
	*n = t->ninflight;
	*room = QUEUE_CAP - t->qlen;
	t->starved = *room == 0;
	copy = malloc((*n ? *n : 1) * sizeof *copy);
	if (copy != NULL && *n > 0)
		memcpy(copy, t->inflight, *n * sizeof *copy);
	pthread_mutex_unlock(&t->lock);
	return copy;
}

static void
scan_due(struct timer *t, int64_t now, const int64_t *ids, size_t nids)
{
	struct id_set set = { ids, nids };
	struct remind_notice *due = malloc(SCAN_MAX * sizeof *due);
	struct recipient *who = malloc(SCAN_MAX * sizeof *who);
	struct scan s = { t, now, who, 0, false };
	struct error err;
	size_t n = 0;

	if (due == NULL || who == NULL) {
		error_set(&err, ERR_INTERNAL, _("out of memory"));
		note_failure(t, &err);
		goto done;
	}
	if (store_notify_due(t->st, &t->cfg.filter, now, skip_inflight, &set,
	    due, SCAN_MAX, &n, &err) != 0) {
		note_failure(t, &err);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		handle_notice(&s, &due[i]);
	push_summaries(&s);

	/* A full batch may have left more behind: look again at once. */
	if (n == SCAN_MAX && !s.full)
		wake_with(t, WAKE_ROOM);
done:
	free(due);
	free(who);
}

/*
 * Brings the queue up to date.  A failure is tried again shortly, then
 * less and less often while it lasts, so that a lasting one (a store
 * that refuses writes) costs few wake-ups.
 */
static void
plan(struct timer *t, int64_t now_msec)
{
	struct remind_rules rules;
	struct error err;
	int64_t retry = RETRY_AFTER_FAILURE_MS;

	pthread_mutex_lock(&t->lock);
	rules = t->rules;
	pthread_mutex_unlock(&t->lock);
	t->plan_due = false;
	t->replan_at = now_msec + REPLAN_EVERY_MS;
	if (remind_refresh_queue(t->st, &rules, now_msec / 1000, &err) == 0) {
		t->plan_failures = 0;
	} else {
		note_failure(t, &err);
		for (int i = 0; i < t->plan_failures && retry < REPLAN_EVERY_MS;
		    i++)
			retry *= 2;
		t->plan_failures++;
		t->replan_at = now_msec + (retry < REPLAN_EVERY_MS ? retry :
		    REPLAN_EVERY_MS);
	}
	bump(t, &t->stats.plans, 1);
}

static void
scan(struct timer *t, int64_t now_msec)
{
	int64_t now = now_msec / 1000;
	size_t n, room;
	int64_t *ids = inflight_copy(t, &n, &room);
	uint64_t failures_before = failure_count(t);
	struct error err;

	t->retry_at = 0;
	if (ids == NULL)
		return;
	if (t->cfg.filter.audience == NOTIFY_FOR_SCREEN && n > 0)
		report_closed(t, ids, n);
	if (room > 0)
		scan_due(t, now, ids, n);
	free(ids);
	if (store_notify_next_due(t->st, &t->cfg.filter, now, &t->next_due,
	    &err) != 0)
		note_failure(t, &err);

	/* Whatever the store refused this time is tried again shortly. */
	if (failure_count(t) != failures_before)
		t->retry_at = clock_monotonic_ms() + RETRY_AFTER_FAILURE_MS;

	/* Counted last: once it moves, this look's deliveries are queued. */
	pthread_mutex_lock(&t->lock);
	t->stats.scans++;
	t->stats.last_look_ms = now_msec;
	pthread_mutex_unlock(&t->lock);
}

/* The timer thread -------------------------------------------------------- */

/* Whether the machine slept since the last look: boot time ran ahead. */
static bool
resumed(struct timer *t)
{
	int64_t gap = clock_ns(CLOCK_BOOTTIME) - clock_ns(CLOCK_MONOTONIC);
	bool slept = gap - t->boot_gap > RESUME_GAP_NS;

	t->boot_gap = gap;
	return slept;
}

static bool
store_changed(struct timer *t)
{
	int64_t counter;
	struct error err;

	if (store_notify_change_counter(t->st, &counter, &err) != 0) {
		note_failure(t, &err);
		return true;
	}
	if (counter == t->counter)
		return false;
	t->counter = counter;
	bump(t, &t->stats.store_changes, 1);
	return true;
}

/*
 * Whether the store changed.  It is looked at again shortly after every
 * event or change, even one that showed a change: the file events read
 * at once may include those of a later commit still being published,
 * and no further event will come for it.
 */
static bool
commit_seen(struct timer *t, unsigned reasons)
{
	int64_t mono = clock_monotonic_ms();
	bool event = reasons & WAKE_STORE;
	bool changed;

	if (!event && (t->recheck_at == 0 || mono < t->recheck_at))
		return false;
	changed = store_changed(t);
	if (event || changed)
		t->recheck_step = 0;
	else
		t->recheck_step++;
	t->recheck_at = t->recheck_step < RECHECKS ?
	    mono + recheck_delays_ms[t->recheck_step] : 0;
	return changed;
}

/*
 * Whether to look at the queue now; sets plan_due when a planning timer
 * should plan first.
 */
static bool
should_scan(struct timer *t, unsigned reasons, int64_t now)
{
	bool scan_now = false;
	bool replan = false;

	if (resumed(t)) {
		bump(t, &t->stats.resumes, 1);
		scan_now = replan = true;
	}
	if (reasons & WAKE_JUMP) {
		bump(t, &t->stats.clock_jumps, 1);
		replan = true;
	}
	if (reasons & (WAKE_ASKED | WAKE_JUMP | WAKE_BOOT | WAKE_ROOM))
		scan_now = true;
	if (commit_seen(t, reasons))
		scan_now = replan = true;
	if ((reasons & WAKE_REPLAN) || now >= t->replan_at)
		replan = true;
	if (t->planning && replan) {
		t->plan_due = true;
		scan_now = true;
	}
	if (t->next_due != REMIND_NEVER && now >= t->next_due * 1000)
		scan_now = true;
	if (t->retry_at != 0 && clock_monotonic_ms() >= t->retry_at)
		scan_now = true;
	return scan_now;
}

/* The sooner of two waits in ms, where -1 means none. */
static int64_t
sooner(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static int64_t
until_mono(int64_t at)
{
	int64_t left;

	if (at == 0)
		return -1;
	left = at - clock_monotonic_ms();
	return left > 0 ? left : 0;
}

/* How long to sleep: to the next due time, retry or recheck; -1 for ever. */
static int64_t
wait_ms(const struct timer *t)
{
	int64_t wait = -1;

	if (t->next_due != REMIND_NEVER) {
		wait = t->next_due * 1000 - now_ms(t);
		if (wait < 0)
			wait = 0;
	}
	if (t->planning)
		wait = sooner(wait, t->replan_at > now_ms(t) ?
		    t->replan_at - now_ms(t) : 0);
	wait = sooner(wait, until_mono(t->retry_at));
	return sooner(wait, until_mono(t->recheck_at));
}

static void
arm_boot_timer(struct timer *t, int64_t wait_ms)
{
	struct itimerspec its;

	memset(&its, 0, sizeof its);
	if (wait_ms >= 0) {
		wait_ms += BOOT_SLACK_MS;
		its.it_value.tv_sec = wait_ms / 1000;
		its.it_value.tv_nsec = wait_ms % 1000 * 1000000;
	}
	timerfd_settime(t->boot_fd, 0, &its, NULL);
}

/*
 * Sleeps, with the lock held, until a reason arrives or the deadline
 * passes; returns the reasons gathered, or -1 when asked to stop.
 */
static int
sleep_until_due(struct timer *t)
{
	unsigned reasons;

	while (!t->stop && t->reasons == 0) {
		int64_t wait = wait_ms(t);
		struct timespec ts;
		int rc;

		if (wait == 0)
			break;
		arm_boot_timer(t, wait);
		if (wait < 0) {
			rc = pthread_cond_wait(&t->cond, &t->lock);
		} else {
			int64_t at = clock_ns(CLOCK_MONOTONIC) + wait * 1000000;

			ts.tv_sec = (time_t)(at / 1000000000LL);
			ts.tv_nsec = (long)(at % 1000000000LL);
			rc = pthread_cond_timedwait(&t->cond, &t->lock, &ts);
		}
		t->stats.wakeups++;
		if (rc == ETIMEDOUT)
			break;
	}
	if (t->stop)
		return -1;
	reasons = t->reasons;
	t->reasons = 0;
	return (int)reasons;
}

static void *
timer_main(void *arg)
{
	struct timer *t = arg;
	int reasons = WAKE_ASKED;

	t->boot_gap = clock_ns(CLOCK_BOOTTIME) - clock_ns(CLOCK_MONOTONIC);
	for (;;) {
		if (should_scan(t, (unsigned)reasons, now_ms(t))) {
			if (t->plan_due)
				plan(t, now_ms(t));
			scan(t, now_ms(t));
		}
		pthread_mutex_lock(&t->lock);
		reasons = sleep_until_due(t);
		pthread_mutex_unlock(&t->lock);
		if (reasons < 0)
			break;
	}
	return NULL;
}

/* The helper thread: turns kernel events into wake-ups --------------------- */

static void
arm_realtime_watch(struct timer *t)
{
	struct itimerspec its;

	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = (time_t)(clock_ns(CLOCK_REALTIME) /
	    1000000000LL + FAR_AHEAD_SECONDS);
	timerfd_settime(t->realtime_fd, TFD_TIMER_ABSTIME |
	    TFD_TIMER_CANCEL_ON_SET, &its, NULL);
}

static bool
store_file_event(struct timer *t)
{
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	bool ours = false;
	ssize_t len;

	while ((len = read(t->inotify_fd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const void *)p;

			if (ev->len > 0 && (strcmp(ev->name, t->watch_db) == 0 ||
			    strcmp(ev->name, t->watch_wal) == 0))
				ours = true;
			p += sizeof *ev + ev->len;
		}
	}
	return ours;
}

static unsigned
helper_events(struct timer *t, const struct pollfd *fds)
{
	unsigned reasons = 0;
	uint64_t expirations;

	if (fds[1].revents & POLLIN) {
		/* ECANCELED means the wall clock was set. */
		if (read(t->realtime_fd, &expirations, sizeof expirations) < 0 &&
		    errno == ECANCELED)
			reasons |= WAKE_JUMP;
		arm_realtime_watch(t);
	}
	if ((fds[2].revents & POLLIN) &&
	    read(t->boot_fd, &expirations, sizeof expirations) > 0)
		reasons |= WAKE_BOOT;
	if (fds[3].fd >= 0 && (fds[3].revents & POLLIN) && store_file_event(t))
		reasons |= WAKE_STORE;
	return reasons;
}

static void *
helper_main(void *arg)
{
	struct timer *t = arg;
	struct pollfd fds[4] = {
		{ t->stop_fd, POLLIN, 0 },
		{ t->realtime_fd, POLLIN, 0 },
		{ t->boot_fd, POLLIN, 0 },
		{ t->inotify_fd, POLLIN, 0 },
	};

	for (;;) {
		unsigned reasons;

		if (poll(fds, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents & POLLIN)
			break;
		reasons = helper_events(t, fds);
		if (reasons != 0)
			wake_with(t, reasons);
	}
	return NULL;
}

/* Starting and stopping -------------------------------------------------- */

static int
watch_names(struct timer *t, struct error *err)
{
	char *copy = strdup(t->db_path);
	char *dir_copy = strdup(t->db_path);
	const char *base;
	size_t len;

	if (copy == NULL || dir_copy == NULL)
		goto oom;
	base = basename(copy);
	len = strlen(base);
	t->watch_db = strdup(base);
	t->watch_wal = malloc(len + 5);
	if (t->watch_db == NULL || t->watch_wal == NULL)
		goto oom;
	memcpy(t->watch_wal, base, len);
	memcpy(t->watch_wal + len, "-wal", 5);
	if (t->cfg.watch_store && inotify_add_watch(t->inotify_fd,
	    dirname(dir_copy), IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE |
	    IN_MOVED_TO) < 0) {
		error_set(err, ERR_IO, _("cannot watch the store's folder: %s"),
		    strerror(errno));
		free(copy);
		free(dir_copy);
		return -1;
	}
	free(copy);
	free(dir_copy);
	return 0;
oom:
	free(copy);
	free(dir_copy);
	error_set(err, ERR_INTERNAL, _("out of memory"));
	return -1;
}

static int
open_fds(struct timer *t, struct error *err)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
		goto fail;
	t->pipe_r = p[0];
	t->pipe_w = p[1];
	t->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	t->realtime_fd = timerfd_create(CLOCK_REALTIME,
	    TFD_CLOEXEC | TFD_NONBLOCK);
	t->boot_fd = timerfd_create(CLOCK_BOOTTIME, TFD_CLOEXEC | TFD_NONBLOCK);
	if (t->stop_fd < 0 || t->realtime_fd < 0 || t->boot_fd < 0)
		goto fail;
	if (t->cfg.watch_store) {
		t->inotify_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
		if (t->inotify_fd < 0)
			goto fail;
	}
	arm_realtime_watch(t);
	return 0;
fail:
	error_set(err, ERR_IO, _("cannot set up the reminder timer: %s"),
	    strerror(errno));
	return -1;
}

static int
init_sync(struct timer *t, struct error *err)
{
	pthread_condattr_t attr;
	int rc;

	if (pthread_mutex_init(&t->lock, NULL) != 0) {
		error_set(err, ERR_INTERNAL, _("cannot create a lock"));
		return -1;
	}
	pthread_condattr_init(&attr);
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (rc == 0)
		rc = pthread_cond_init(&t->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (rc != 0) {
		pthread_mutex_destroy(&t->lock);
		error_set(err, ERR_INTERNAL,
		    _("cannot create a condition variable on the monotonic clock"));
		return -1;
	}
	return 0;
}

/* Starts both threads with every signal blocked, then restores the mask. */
static int
start_threads(struct timer *t, struct error *err)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&t->thread, NULL, timer_main, t);
	t->thread_started = rc == 0;
	if (rc == 0) {
		rc = pthread_create(&t->helper, NULL, helper_main, t);
		t->helper_started = rc == 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		error_set(err, ERR_INTERNAL,
		    _("cannot start the reminder timer: %s"), strerror(rc));
	return rc == 0 ? 0 : -1;
}

static void
close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

static void
release(struct timer *t, bool sync_ready)
{
	while (t->qlen > 0) {
		delivery_free(t->queue[t->qhead]);
		t->qhead = (t->qhead + 1) % QUEUE_CAP;
		t->qlen--;
	}
	close_fd(t->pipe_r);
	close_fd(t->pipe_w);
	close_fd(t->stop_fd);
	close_fd(t->realtime_fd);
	close_fd(t->boot_fd);
	close_fd(t->inotify_fd);
	if (sync_ready) {
		pthread_cond_destroy(&t->cond);
		pthread_mutex_destroy(&t->lock);
	}
	store_close(t->st);
	remind_zones_free(t->zones);
	free(t->inflight);
	free(t->db_path);
	free(t->watch_db);
	free(t->watch_wal);
	free(t);
}

int
timer_start(struct timer **out, const struct timer_config *cfg,
    struct error *err)
{
	struct timer *t = calloc(1, sizeof *t);

	*out = NULL;
	if (t == NULL || (t->db_path = strdup(cfg->db_path)) == NULL) {
		free(t);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	t->cfg = *cfg;
	t->cfg.db_path = t->db_path;
	t->pipe_r = t->pipe_w = t->stop_fd = -1;
	t->realtime_fd = t->boot_fd = t->inotify_fd = -1;
	t->next_due = REMIND_NEVER;
	t->planning = cfg->plan != NULL;
	t->plan_due = t->planning;
	t->replan_at = INT64_MAX;
	if (t->planning)
		t->rules = *cfg->plan;
	t->cfg.plan = NULL;
	if (remind_zones_new(&t->zones, err) != 0 ||
	    store_open(&t->st, t->db_path, STORE_OPEN_EXISTING, err) != 0 ||
	    open_fds(t, err) != 0 || watch_names(t, err) != 0 ||
	    store_notify_change_counter(t->st, &t->counter, err) != 0) {
		release(t, false);
		return -1;
	}
	if (init_sync(t, err) != 0) {
		release(t, false);
		return -1;
	}
	if (start_threads(t, err) != 0) {
		timer_stop(t);
		return -1;
	}
	*out = t;
	return 0;
}

int
timer_fd(const struct timer *t)
{
	return t->pipe_r;
}

struct timer_delivery *
timer_take(struct timer *t)
{
	struct timer_delivery *d = NULL;
	bool more, starved;

	drain_fd(t->pipe_r);
	pthread_mutex_lock(&t->lock);
	if (t->qlen > 0) {
		d = t->queue[t->qhead];
		t->qhead = (t->qhead + 1) % QUEUE_CAP;
		t->qlen--;
	}
	more = t->qlen > 0;
	starved = t->starved;
	if (starved) {
		t->reasons |= WAKE_ROOM;
		pthread_cond_signal(&t->cond);
	}
	pthread_mutex_unlock(&t->lock);

	/* Keep the descriptor readable while deliveries still wait. */
	if (more)
		poke_pipe(t);
	return d;
}

void
timer_finish(struct timer *t, struct timer_delivery *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < d->count; i++)
		inflight_remove(t, d->notices[i].id);
	t->reasons |= WAKE_ROOM;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	delivery_free(d);
}

void
timer_wake(struct timer *t)
{
	wake_with(t, WAKE_ASKED);
}

void
timer_replan(struct timer *t, const struct remind_rules *rules)
{
	pthread_mutex_lock(&t->lock);
	t->rules = *rules;
	t->reasons |= WAKE_REPLAN;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

void
timer_stats(struct timer *t, struct timer_stats *out)
{
	pthread_mutex_lock(&t->lock);
	*out = t->stats;
	pthread_mutex_unlock(&t->lock);
}

bool
timer_failure(struct timer *t, struct error *err)
{
	bool failed;

	pthread_mutex_lock(&t->lock);
	failed = t->failed;
	if (failed)
		*err = t->failure;
	t->failed = false;
	pthread_mutex_unlock(&t->lock);
	return failed;
}

void
timer_stop(struct timer *t)
{
	uint64_t one = 1;

	if (t == NULL)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	while (write(t->stop_fd, &one, sizeof one) < 0 && errno == EINTR)
		continue;
	if (t->thread_started)
		pthread_join(t->thread, NULL);
	if (t->helper_started)
		pthread_join(t->helper, NULL);
	release(t, true);
}
