#include "config.h"

#include "ui/wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "service/access.h"
#include "service/account.h"
#include "service/health.h"
#include "service/meds.h"
#include "service/remind_engine.h"
#include "ui/wire_internal.h"

/* Dose numbers ------------------------------------------------------------ */

static bool
same_slot(const struct wire_slot *a, const struct wire_slot *b)
{
	return a->person_id == b->person_id &&
	    a->medication_id == b->medication_id &&
	    a->schedule_id == b->schedule_id && a->slot_at == b->slot_at;
}

int64_t
wire_slot_id(struct wire *w, const struct wire_slot *s)
{
	for (size_t i = 0; i < w->n_slots; i++) {
		if (same_slot(&w->slots[i], s))
			return (int64_t)i + 1;
	}
	if (w->n_slots == w->cap_slots) {
		size_t cap = w->cap_slots ? w->cap_slots * 2 : 64;
		struct wire_slot *v = realloc(w->slots, cap * sizeof *v);

		if (v == NULL)
			return 0;
		w->slots = v;
		w->cap_slots = cap;
	}
	w->slots[w->n_slots++] = *s;
	return (int64_t)w->n_slots;
}

struct wire_slot *
wire_slot_get(struct wire *w, int64_t id)
{
	if (id < 1 || (size_t)id > w->n_slots)
		return NULL;
	return &w->slots[id - 1];
}

/* Signing in, the lock ------------------------------------------------ */

static bool
needs_login(void *ctx)
{
	struct wire *w = ctx;
	struct error err;
	bool is_new = false;

	/* A store that cannot say is treated as one with accounts. */
	if (account_store_is_new(w->cfg.st, &is_new, &err) != 0)
		return true;
	return !is_new;
}

/* Asked for a one-time code before one was typed: the form asks next. */
static int
code_wanted(void *ctx, char *code, size_t size, struct error *err)
{
	bool *asked = ctx;

	(void)code;
	(void)size;
	*asked = true;
	error_set(err, ERR_USAGE, _("the one-time code is needed"));
	return -1;
}

/*
 * The record shown first: --person, else the account's own, else the
 * first record the account may see.
 */
static int
first_record(struct wire *w, struct error *err)
{
	struct person_entry *people;
	size_t n;

	if (session_resolve_person(w->session, w->cfg.person, &w->person_id,
	    err) == 0)
		return 0;
	if (w->cfg.person != NULL || err->kind != ERR_NOT_FOUND)
		return -1;
	if (health_people_list(w->session, &people, &n, err) != 0)
		return -1;
	w->person_id = n > 0 ? people[0].person_id : 0;
	health_people_free(people, n);
	return 0;
}

static void
start_timer(struct wire *w)
{
	struct timer_config tc;
	struct error err;

	memset(&tc, 0, sizeof tc);
	tc.db_path = w->cfg.db_path;
	tc.clock = timer_clock_system();
	/* PRESCRIPCARE_NOW pins the clock for end-to-end tests. */
	if (w->cfg.clock->fixed != 0)
		tc.clock = timer_clock_manual(&w->fixed_clock,
		    clock_now(w->cfg.clock) * 1000);
	tc.filter.audience = NOTIFY_FOR_SCREEN;
	tc.filter.user_id = session_user_id(w->session);
	tc.watch_store = true;
	/* Without the timer the screens still work; reminders do not show. */
	if (timer_start(&w->timer, &tc, &err) == 0)
		w->svc->wake_fd = timer_fd(w->timer);
}

void
wire_reminders_changed(struct wire *w)
{
	struct remind_rules rules = {
		(int)settings_number(w->cfg.cfg, CFG_GRACE_MINUTES),
		(int)settings_number(w->cfg.cfg, CFG_REFILL_WARN_DAYS),
	};
	struct error err;

	/* A failure leaves the queue as it was; the daemon plans it too. */
	remind_refresh_queue(w->cfg.st, &rules, clock_now(w->cfg.clock), &err);
	if (w->timer != NULL)
		timer_wake(w->timer);
}

static int
login(void *ctx, const struct ui_login *in, enum ui_login_result *result,
    struct error *err)
{
	struct wire *w = ctx;
	struct login_request req;
	bool asked = false;

	memset(&req, 0, sizeof req);
	req.email = in->email;
	req.password = in->password;
	req.totp_code = in->code[0] != '\0' ? in->code : NULL;
	req.ask_code = code_wanted;
	req.ask_ctx = &asked;
	if (session_login(w->cfg.st, &w->cfg.opts, &req, &w->session,
	    err) != 0) {
		if (!asked)
			return -1;
		*result = UI_LOGIN_NEED_CODE;
		return 0;
	}
	if (first_record(w, err) != 0) {
		session_logout(w->session, LOGOUT_USER);
		w->session = NULL;
		return -1;
	}
	meds_doses_ctx(w->session, w->cfg.clock, w->cfg.cfg, &w->doses);
	*result = UI_LOGIN_OK;
	start_timer(w);
	wire_reminders_changed(w);
	return 0;
}

static void
lock(void *ctx)
{
	struct wire *w = ctx;

	if (w->session != NULL)
		session_lock(w->session);
}

static int
unlock(void *ctx, const char *password, struct error *err)
{
	struct wire *w = ctx;

	if (w->session == NULL) {
		error_set(err, ERR_DENIED, _("nobody is signed in"));
		return -1;
	}
	return session_unlock(w->session, password, err);
}

static void
touch(void *ctx)
{
	struct wire *w = ctx;

	if (w->session != NULL && !session_is_locked(w->session))
		session_touch(w->session);
}

static bool
idle_expired(void *ctx)
{
	struct wire *w = ctx;

	return w->session != NULL && !session_is_locked(w->session) &&
	    session_idle_expired(w->session);
}

static int
switch_person(void *ctx, int64_t person_id, struct error *err)
{
	struct wire *w = ctx;

	if (w->session == NULL) {
		error_set(err, ERR_DENIED, _("nobody is signed in"));
		return -1;
	}
	if (access_require(w->session, person_id, PERM_VIEW, err) != 0)
		return -1;
	w->person_id = person_id;
	return 0;
}

/* Reminders ------------------------------------------------------------- */

static bool
delivery_held(const struct wire *w, const struct timer_delivery *d)
{
	for (size_t i = 0; i < w->n_held; i++) {
		if (w->held[i].delivery == d)
			return true;
	}
	return false;
}

/* Lets go of one reminder; its delivery goes back with the last one. */
static void
release_held(struct wire *w, size_t i)
{
	struct timer_delivery *d = w->held[i].delivery;

	w->held[i] = w->held[--w->n_held];
	if (!delivery_held(w, d))
		timer_finish(w->timer, d);
}

static int
hold(struct wire *w, const struct remind_notice *n,
    struct timer_delivery *d, int64_t dose_id)
{
	if (w->n_held == w->cap_held) {
		size_t cap = w->cap_held ? w->cap_held * 2 : 16;
		struct wire_held *v = realloc(w->held, cap * sizeof *v);

		if (v == NULL)
			return -1;
		w->held = v;
		w->cap_held = cap;
	}
	w->held[w->n_held].notice = *n;
	w->held[w->n_held].delivery = d;
	w->held[w->n_held++].dose_id = dose_id;
	return 0;
}

/* The reminder as the pop-up shows it, in the recipient's own time. */
static void
describe(const struct timer_delivery *d, const struct remind_notice *n,
    struct ui_reminder *out)
{
	struct wall_time t;
	struct error ignored;
	char name[UI_NAME_MAX];

	snprintf(name, sizeof name, "%s%s%s", n->medication,
	    n->strength[0] ? " " : "", n->strength);
	if (n->item.kind == REMIND_REFILL) {
		snprintf(out->medication, sizeof out->medication,
		    _("refill soon: %s"), name);
	} else {
		str_copy(out->medication, sizeof out->medication, name);
		if (wallclock_local(&d->clock, n->item.slot, &t, &ignored) == 0)
			snprintf(out->time, sizeof out->time, "%02d:%02d",
			    t.hour, t.minute);
	}
	/* Without a unit, one dose is one of the medication's form. */
	if (n->amount > 0 && (n->unit[0] != '\0' || n->amount != 1))
		snprintf(out->amount, sizeof out->amount, "%g%s%s", n->amount,
		    n->unit[0] ? " " : "", n->unit);
	out->critical = n->item.critical;
	out->silent = d->action == QUIET_SILENT;
}

static int64_t
dose_of(struct wire *w, const struct remind_notice *n)
{
	struct wire_slot s = { n->item.person_id, n->item.medication_id,
	    n->item.kind == REMIND_REFILL ? 0 : n->item.schedule_id,
	    n->item.slot, DOSE_PENDING };

	return wire_slot_id(w, &s);
}

/* Reminders answered elsewhere leave this screen. */
static int
closed(struct wire *w, struct timer_delivery *d, struct ui_reminder *out,
    int max)
{
	int shown = 0;

	for (size_t k = 0; k < d->count; k++) {
		for (size_t i = 0; i < w->n_held; i++) {
			if (w->held[i].notice.id != d->notices[k].id)
				continue;
			if (shown < max) {
				memset(&out[shown], 0, sizeof out[shown]);
				out[shown].dose_id = w->held[i].dose_id;
				out[shown++].closed = true;
			}
			release_held(w, i);
			break;
		}
	}
	timer_finish(w->timer, d);
	return shown;
}

static int
take_reminders(void *ctx, struct ui_reminder *out, int max)
{
	struct wire *w = ctx;
	struct timer_delivery *d;
	int shown = 0;

	if (w->timer == NULL || (d = timer_take(w->timer)) == NULL)
		return 0;
	if (d->closed)
		return closed(w, d, out, max);
	for (size_t k = 0; k < d->count; k++) {
		int64_t id = dose_of(w, &d->notices[k]);

		if (id == 0 || hold(w, &d->notices[k], d, id) != 0)
			continue;
		if (shown < max) {
			memset(&out[shown], 0, sizeof out[shown]);
			out[shown].dose_id = id;
			describe(d, &d->notices[k], &out[shown++]);
		}
	}
	if (!delivery_held(w, d))
		timer_finish(w->timer, d);
	return shown;
}

/*
 * Lets go of every reminder shown about a dose.  A recorded dose closed
 * them already, in the transaction that recorded it; otherwise (a refill
 * reminder put away) each is closed here.  Answered elsewhere meanwhile
 * is no failure: it is gone.
 */
static void
release_dose(struct wire *w, int64_t dose_id, bool recorded)
{
	struct error err;

	for (size_t i = 0; i < w->n_held; ) {
		if (w->held[i].dose_id != dose_id) {
			i++;
			continue;
		}
		if (!recorded)
			remind_answer(&w->doses, &w->held[i].notice,
			    NOTIFY_DISMISSED, 0, NULL, &err);
		release_held(w, i);
	}
}

/* The reminder shown about a dose, which recording it answers; or 0. */
static int64_t
notice_of(const struct wire *w, int64_t dose_id)
{
	for (size_t i = 0; i < w->n_held; i++) {
		if (w->held[i].dose_id == dose_id)
			return w->held[i].notice.id;
	}
	return 0;
}

/* Doses ------------------------------------------------------------------ */

static enum dose_status
status_of(enum ui_dose_action act)
{
	switch (act) {
	case UI_ACT_TAKE: return DOSE_TAKEN;
	case UI_ACT_SKIP: return DOSE_SKIPPED;
	case UI_ACT_SNOOZE: break;
	}
	return DOSE_SNOOZED;
}

/* A refill reminder has no dose: skipping it puts it away. */
static int
put_away(struct wire *w, int64_t dose_id, enum ui_dose_action act,
    enum ui_dose_done *done, struct error *err)
{
	if (act == UI_ACT_TAKE) {
		error_set(err, ERR_USAGE,
		    _("a refill reminder has no dose to record; s puts it away"));
		return -1;
	}
	release_dose(w, dose_id, false);
	*done = UI_DOSE_PUT_AWAY;
	return 0;
}

static int
dose_action(void *ctx, int64_t dose_id, enum ui_dose_action act,
    int snooze_minutes, bool confirmed, enum ui_dose_done *done,
    struct error *err)
{
	struct wire *w = ctx;
	struct wire_slot *slot = wire_slot_get(w, dose_id);
	struct doses_request req;
	struct doses_outcome out;

	*done = UI_DOSE_RECORDED;
	if (w->session == NULL || slot == NULL) {
		error_set(err, ERR_NOT_FOUND,
		    _("that dose is no longer on the list"));
		return -1;
	}
	if (slot->schedule_id == 0)
		return put_away(w, dose_id, act, done, err);
	memset(&req, 0, sizeof req);
	req.person_id = slot->person_id;
	req.medication_id = slot->medication_id;
	req.schedule_id = slot->schedule_id;
	req.slot_at = slot->slot_at;
	req.status = status_of(act);
	req.taken_with_food = -1;
	req.snooze_minutes = snooze_minutes;
	/* A snoozed dose is answered now for good: no need to ask. */
	req.confirmed = confirmed || slot->state == DOSE_SNOOZED;
	req.notification_id = notice_of(w, dose_id);
	if (meds_record_dose(w->session, &w->doses, &req, NULL, &out,
	    err) != 0) {
		/* What is recorded, short enough for the question asked. */
		if (err->kind == ERR_CONFLICT && out.has_existing)
			error_set(err, ERR_CONFLICT, "%s", out.existing_text);
		return -1;
	}
	slot->state = req.status;
	release_dose(w, dose_id, true);
	/* The schedules are as they were: the timer need only look again. */
	if (w->timer != NULL)
		timer_wake(w->timer);
	return 0;
}

/* The wiring ---------------------------------------------------------------- */

int
wire_open(struct wire **out, const struct wire_config *cfg,
    struct ui_services *svc, struct error *err)
{
	struct wire *w = calloc(1, sizeof *w);

	if (w == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	w->cfg = *cfg;
	w->svc = svc;
	memset(svc, 0, sizeof *svc);
	svc->ctx = w;
	svc->wake_fd = -1;
	svc->user_hint = cfg->user;
	svc->needs_login = needs_login;
	svc->login = login;
	svc->lock = lock;
	svc->unlock = unlock;
	svc->touch = touch;
	svc->idle_expired = idle_expired;
	svc->load = wire_load;
	svc->switch_person = switch_person;
	svc->dose_action = dose_action;
	svc->take_reminders = take_reminders;
	wire_edit_services(svc);
	*out = w;
	return 0;
}

void
wire_close(struct wire *w)
{
	if (w == NULL)
		return;
	while (w->n_held > 0)
		release_held(w, w->n_held - 1);
	timer_stop(w->timer);
	w->svc->wake_fd = -1;
	session_logout(w->session, LOGOUT_USER);
	free(w->held);
	free(w->slots);
	free(w);
}
