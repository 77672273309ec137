#ifndef PC_REMIND_ENGINE_H
#define PC_REMIND_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/remind_plan.h"
#include "store/store.h"
#include "store/store_notify.h"

/*
 * Where the planner meets the store: who hears about a person, what gets
 * queued, and what a person's answer to a notification does.
 */

/* How far ahead reminders are queued. */
#define REMIND_HORIZON_SECONDS (48 * 3600)

/* The rules a queue refresh plans with, from the settings. */
struct remind_rules {
	int grace_minutes;	/* grace_minutes: after a dose, until missed */
	int refill_days;	/* refill_warn_days: before the supply ends */
};

/*
 * Queues what the planner makes of one person's doses and supplies in
 * [from, until), for the person's own account and every caregiver whose
 * receive-alerts permission is in force now, each under their own
 * preferences.  Items already queued are left as they are; *added counts
 * the new ones.
 */
int remind_queue_person(struct store *st, int64_t person_id,
    const struct remind_slot *slots, size_t nslots,
    const struct remind_refill *refills, size_t nrefills,
    const struct remind_rules *rules, int64_t from, int64_t until,
    int64_t now, size_t *added, struct error *err);

/*
 * Brings the whole queue up to date at now: withdraws what recipients no
 * longer allowed would get, and queues every person's reminders for the
 * next REMIND_HORIZON_SECONDS.
 */
int remind_refresh_queue(struct store *st, const struct remind_rules *rules,
    int64_t now, struct error *err);

/*
 * Records user_id's answer to a notification and closes it on every
 * screen.  NOTIFY_SNOOZED also queues the reminder again snooze_minutes
 * (5, 10 or 30) from now.  Recording the dose itself, for "taken" and
 * "skipped", is the dose module's; it then calls
 * store_notify_cancel_slot for the dose's other notifications.
 */
int remind_answer(struct store *st, const struct remind_notice *n,
    int64_t user_id, enum store_notify_action action, int snooze_minutes,
    int64_t now, struct error *err);

#endif
