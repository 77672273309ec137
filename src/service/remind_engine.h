#ifndef PC_REMIND_ENGINE_H
#define PC_REMIND_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/remind_plan.h"
#include "service/doses.h"
#include "store/store.h"
#include "store/store_notify.h"

/*
 * Where the planner meets the store: what each person's schedules, doses
 * and supplies make due, who hears about it, and what an answer to a
 * notification does.
 *
 * Who hears about a person: the account whose own record the person is
 * (users.person_id), for every kind of notification, and each account
 * whose care relationship grants the receive-alerts permission and is
 * not revoked, for missed-dose alerts and refill reminders.  Managing a
 * record (people.managed_by) gives no alerts by itself: a manager who
 * wants them grants the permission to their own account like anyone
 * else's, so that one switch, visible in the list of grants, decides.
 */

/* How far ahead reminders are queued. */
#define REMIND_HORIZON_SECONDS (48 * 3600)

/* The rules a queue refresh plans with, from the settings. */
struct remind_rules {
	int grace_minutes;	/* grace_minutes: after a dose, until missed */
	int refill_days;	/* refill_warn_days: before the supply ends */
};

/*
 * Brings one person's planned notifications in [from, until) in line
 * with what the planner makes of slots and refills at now, for the
 * person's own account and every caregiver whose receive-alerts
 * permission is in force, each under their own preferences: new items
 * are queued, items already queued stay as they are, and pending ones
 * the plan no longer holds are withdrawn (see store_notify_plan).  An
 * advance reminder whose dose's time has come by now is left out: the
 * dose's own reminder stands for it.  *added counts the new ones.
 */
int remind_queue_person(struct store *st, int64_t person_id,
    const struct remind_slot *slots, size_t nslots,
    const struct remind_refill *refills, size_t nrefills,
    const struct remind_rules *rules, int64_t from, int64_t until,
    int64_t now, size_t *added, struct error *err);

/*
 * Brings the whole queue up to date at now: withdraws what recipients no
 * longer allowed would get, then plans every person from their schedules
 * (each dose slot with its record in dose_events, critical as the
 * medication says) and supplies (the run-out day of each active
 * medication with fills, as of the start of the person's day), over the
 * grace period past and REMIND_HORIZON_SECONDS ahead.  A person whose
 * plan fails does not stop the others; the first failure is returned.
 */
int remind_refresh_queue(struct store *st, const struct remind_rules *rules,
    int64_t now, struct error *err);

/*
 * What a change to a dose's record means for its notifications, in the
 * caller's transaction: the notification answered (answered, 0 when
 * none) records action as user_id's answer, every other open one of the
 * dose leaves the queue and every screen, and what the dose still needs
 * is queued: after a snooze, its reminder when the snooze ends and the
 * missed-dose alert a grace period later; after an undone record, what
 * an unrecorded dose has.
 */
int remind_dose_changed(struct store *st, const struct remind_rules *rules,
    const struct remind_slot *slot, int64_t answered, int64_t user_id,
    enum store_notify_action action, int64_t now, struct error *err);

/*
 * Answers a notification for the context's account, as a pop-up does.
 * NOTIFY_DISMISSED only closes it.  NOTIFY_MARKED_TAKEN, NOTIFY_SKIPPED
 * and NOTIFY_SNOOZED (snooze_minutes 5, 10 or 30) record the dose
 * through doses_record, recorded via "reminder", which closes the dose's
 * notifications on every screen and, for a snooze, queues the reminder
 * again; out (may be NULL) gets the record's outcome.  Whether the
 * account may record doses for the person is the caller's to check, as
 * for doses_record.
 */
int remind_answer(struct doses_ctx *ctx, const struct remind_notice *n,
    enum store_notify_action action, int snooze_minutes,
    struct doses_outcome *out, struct error *err);

#endif
