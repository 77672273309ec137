#ifndef PC_STORE_NOTIFY_H
#define PC_STORE_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/remind_plan.h"
#include "store/store.h"

/*
 * The notification queue and its history.  A row waits in the queue from
 * the moment the planner adds it; it goes to the external command once,
 * through a claim, and stays on the recipient's screens until it is
 * answered there or the dose it is about is recorded.
 *
 * A row is due for the command at the latest of its scheduled time, the
 * end of any quiet hours that held it and its next retry; for screens at
 * the latest of the first two.  Only rows whose recipient may still
 * receive them count: the person's own account, or a caregiver whose
 * receive-alerts permission is in force.
 *
 * Writes run in a transaction of their own, or in the caller's when one
 * is open on the connection.
 */

/*
 * A claim older than this belongs to a process that died without
 * finishing: others may take the row.  Well above the longest a delivery
 * command may run.
 */
#define STORE_NOTIFY_STALE_SECONDS 600

enum store_notify_audience {
	NOTIFY_FOR_COMMAND,	/* pending rows for the external command */
	NOTIFY_FOR_SCREEN	/* rows one account's screens show */
};

struct store_notify_filter {
	enum store_notify_audience audience;
	int64_t user_id;	/* whose rows; 0 for everyone's (command) */
};

/* What a person did with a notification, as the history records it. */
enum store_notify_action {
	NOTIFY_MARKED_TAKEN,
	NOTIFY_SKIPPED,
	NOTIFY_SNOOZED,
	NOTIFY_DISMISSED
};

enum store_notify_method {
	NOTIFY_BY_COMMAND,	/* the external command delivered it */
	NOTIFY_IN_APP		/* shown on screens only, as in quiet hours */
};

/*
 * Queues items, skipping any whose key (recipient, kind, dose, instant)
 * is queued already and bringing back any such row withdrawn before, in
 * one transaction or the caller's; *added says how many are new.
 */
int store_notify_enqueue(struct store *st, const struct remind_item *items,
    size_t count, int64_t now, size_t *added, struct error *err);

/*
 * Brings one person's planned rows in line with a new plan (items, of
 * that person), in one transaction or the caller's: queues the items not
 * queued yet, bringing back any withdrawn before, and withdraws the
 * pending rows the plan no longer holds among the dose reminders due
 * before until, the missed-dose alerts due in [from, until) and the
 * refill reminders due before until whose supply runs out at or after
 * from.  Rows a process has claimed, and snoozed reminders, stay.
 */
int store_notify_plan(struct store *st, int64_t person_id,
    const struct remind_item *items, size_t count, int64_t from,
    int64_t until, int64_t now, size_t *added, size_t *withdrawn,
    struct error *err);

/*
 * Fills out with up to max rows due at now for the filter, oldest first,
 * leaving out those skip says to (may be NULL); *count says how many.
 */
int store_notify_due(struct store *st, const struct store_notify_filter *f,
    int64_t now, bool (*skip)(void *ctx, int64_t id), void *ctx,
    struct remind_notice *out, size_t max, size_t *count,
    struct error *err);

/* The first instant after after when a row falls due, or REMIND_NEVER. */
int store_notify_next_due(struct store *st,
    const struct store_notify_filter *f, int64_t after, int64_t *due,
    struct error *err);

/*
 * Every notification due on user_id's screens at now and not yet
 * answered, oldest first, in a new array the caller frees.
 */
int store_notify_open(struct store *st, int64_t user_id, int64_t now,
    struct remind_notice **out, size_t *count, struct error *err);

/* One row by its id, whatever its state. */
int store_notify_get(struct store *st, int64_t id, struct remind_notice *out,
    struct error *err);

/* Whether a row still waits for an answer (not closed, not cancelled). */
int store_notify_is_open(struct store *st, int64_t id, bool *open,
    struct error *err);

/* Keeps a row back until until, when quiet hours end. */
int store_notify_hold(struct store *st, int64_t id, int64_t until,
    struct error *err);

/*
 * Claims rows for delivery through the command, in one BEGIN IMMEDIATE
 * transaction: a row is taken only if it is pending, due and unclaimed
 * (or claimed longer ago than the stale limit), so of two processes
 * claiming one row exactly one wins.  claimed[i] says whether ids[i] is
 * now ours; *won counts them.
 */
int store_notify_claim(struct store *st, const int64_t *ids, size_t count,
    const char *owner, int64_t now, bool *claimed, size_t *won,
    struct error *err);

/*
 * Records claimed rows as delivered, with a history row and an audit row
 * ('reminder_sent': ids, kind and method only) each.
 */
int store_notify_delivered(struct store *st, const int64_t *ids, size_t count,
    const char *owner, enum store_notify_method how, int64_t now,
    struct error *err);

/*
 * Records a failed delivery of claimed rows: each is retried after
 * store_notify_backoff of its failures so far, or marked failed once it
 * has failed max_retries + 1 times.  The reason goes to the row and the
 * history.
 */
int store_notify_failed(struct store *st, const int64_t *ids, size_t count,
    const char *owner, const char *reason, int64_t now, struct error *err);

/* Seconds before the next try after failures failed deliveries. */
int64_t store_notify_backoff(int failures);

/*
 * Records the answer user_id gave and closes the row on every screen;
 * ERR_CONFLICT when it was answered already, in this terminal or another.
 */
int store_notify_answer(struct store *st, int64_t id, int64_t user_id,
    enum store_notify_action action, int64_t now, struct error *err);

/* Answers a row "snoozed" and queues again, in one transaction. */
int store_notify_snooze(struct store *st, int64_t id, int64_t user_id,
    const struct remind_item *again, int64_t now, struct error *err);

/*
 * Closes every open row about one dose once it is recorded: pending rows
 * are cancelled, shown ones leave the screens.
 */
int store_notify_cancel_slot(struct store *st, int64_t schedule_id,
    int64_t slot, int64_t now, size_t *cancelled, struct error *err);

/* Closes open rows whose recipient may no longer receive them. */
int store_notify_cancel_unauthorised(struct store *st, int64_t now,
    size_t *cancelled, struct error *err);

/*
 * A number that changes whenever another connection, in this process or
 * another, commits to the store (SQLite's data_version): cheap enough to
 * ask on every wake-up.  Commits on this same connection leave it alone.
 */
int store_notify_change_counter(struct store *st, int64_t *counter,
    struct error *err);

/* One account's preferences; the table's defaults when it has no row. */
int store_notify_prefs(struct store *st, int64_t user_id,
    struct remind_prefs *out, struct error *err);

/*
 * Who hears about person_id: their own active account, then caregivers
 * whose receive-alerts permission is in force, each with preferences, in
 * a new array the caller frees.
 */
int store_notify_recipients(struct store *st, int64_t person_id,
    struct remind_recipient **out, size_t *count, struct error *err);

/*
 * The people whose reminders are planned: everyone with a medication,
 * and anyone with planned rows still pending; in a new array.
 */
int store_notify_people(struct store *st, int64_t **ids, size_t *count,
    struct error *err);

/*
 * The earliest run-out instant the refill reminders of a medication have
 * named since its last fill was recorded (withdrawn ones aside), or 0
 * when none has.
 */
int store_notify_refill_named(struct store *st, int64_t medication_id,
    int64_t *runs_out, struct error *err);

/* The person an account's own record is, or 0 for none. */
int store_notify_account_person(struct store *st, int64_t user_id,
    int64_t *person_id, struct error *err);

/*
 * Calls fn with each owner holding a claim on a pending row; fn must not
 * use the store (collect the owners, then act on them).
 */
int store_notify_claim_owners(struct store *st,
    void (*fn)(void *ctx, const char *owner), void *ctx, struct error *err);

/* Drops every claim of owner, a process known to be gone. */
int store_notify_release(struct store *st, const char *owner, size_t *released,
    struct error *err);

#endif
