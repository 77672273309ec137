#include "config.h"

#include "service/remind_engine.h"

#include <stdlib.h>

#include "common/i18n.h"

int
remind_queue_person(struct store *st, int64_t person_id,
    const struct remind_slot *slots, size_t nslots,
    const struct remind_refill *refills, size_t nrefills,
    const struct remind_rules *rules, int64_t from, int64_t until,
    int64_t now, size_t *added, struct error *err)
{
	struct remind_plan_input in = {
		.slots = slots, .nslots = nslots,
		.refills = refills, .nrefills = nrefills,
		.grace_minutes = rules->grace_minutes,
		.refill_days = rules->refill_days,
		.from = from, .until = until,
	};
	struct remind_recipient *who = NULL;
	struct remind_list plan = { NULL, 0, 0 };
	int rc = -1;

	*added = 0;
	if (store_notify_recipients(st, person_id, &who, &in.nrecipients,
	    err) != 0)
		return -1;
	in.recipients = who;
	if (remind_plan(&in, &plan, err) == 0)
		rc = store_notify_enqueue(st, plan.items, plan.count, now,
		    added, err);
	remind_list_free(&plan);
	free(who);
	return rc;
}

int
remind_refresh_queue(struct store *st, const struct remind_rules *rules,
    int64_t now, struct error *err)
{
	size_t withdrawn;

	(void)rules;
	if (store_notify_cancel_unauthorised(st, now, &withdrawn, err) != 0)
		return -1;

	/*
	 * Still to come: for each person with active schedules, the dose
	 * slots of [now, now + REMIND_HORIZON_SECONDS) with their recorded
	 * flags, and each medication's run-out instant, go through
	 * remind_queue_person.  Both come from the schedule and dose module,
	 * which this code cannot reach yet; until then the daemon delivers
	 * what other parts of the program have queued.
	 */
	return 0;
}

int
remind_answer(struct store *st, const struct remind_notice *n,
    int64_t user_id, enum store_notify_action action, int snooze_minutes,
    int64_t now, struct error *err)
{
	struct remind_item again;

	if (n->item.user_id != user_id) {
		error_set(err, ERR_DENIED,
		    _("this notification belongs to another account"));
		return -1;
	}
	if (action != NOTIFY_SNOOZED)
		return store_notify_answer(st, n->id, user_id, action, now,
		    err);
	if (remind_snooze(&n->item, snooze_minutes, now, &again, err) != 0)
		return -1;
	return store_notify_snooze(st, n->id, user_id, &again, now, err);
}
