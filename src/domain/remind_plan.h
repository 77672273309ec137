#ifndef PC_REMIND_PLAN_H
#define PC_REMIND_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/quiet.h"

/*
 * The reminder planner: from a person's dose slots, supplies and the
 * accounts that should hear about them, the notifications to queue.  It
 * is pure and deterministic: the same input gives the same items in the
 * same order, and no two items share a key, so planning the same hours
 * twice queues nothing new.
 */

enum remind_kind {
	REMIND_ADVANCE,		/* a dose is coming: the advance minutes before */
	REMIND_DUE,		/* a dose is due now */
	REMIND_SNOOZED,		/* a dose reminder again, after a snooze */
	REMIND_MISSED,		/* no record once the grace period is over */
	REMIND_REFILL,		/* the supply runs out in a few days */
	REMIND_OTHER,		/* queued by other parts of the program */
	REMIND_KIND_COUNT
};

/* Never: no instant is this late. */
#define REMIND_NEVER INT64_MAX

/* One dose of one schedule, as the schedule module generates them. */
struct remind_slot {
	int64_t due;		/* the dose's instant, UTC */
	int64_t schedule_id;
	int64_t medication_id;
	int64_t person_id;
	bool critical;		/* the medication sounds in quiet hours */
	bool recorded;		/* taken, skipped or otherwise answered */
	int64_t snoozed_until;	/* when a snooze of it ends; 0 for none */
};

/* When a medication's supply runs out. */
struct remind_refill {
	int64_t medication_id;
	int64_t person_id;
	int64_t runs_out;	/* the instant the last dose is used, UTC */
	bool critical;
};

/* One account's notification preferences. */
struct remind_prefs {
	int advance_minutes;	/* 0-240; 0: no advance reminder */
	bool medication_reminders;
	bool missed_dose_alerts;
	bool refill_reminders;
	struct quiet_hours quiet;
};

/*
 * Someone who hears about the person's doses: the person's own account,
 * or a caregiver holding the receive-alerts permission.  A caregiver gets
 * missed-dose alerts and refill reminders, not every dose reminder.
 */
struct remind_recipient {
	int64_t user_id;
	bool is_patient;
	struct remind_prefs prefs;
};

/* One notification to queue. */
struct remind_item {
	enum remind_kind kind;
	int64_t user_id;	/* the account it is for */
	int64_t person_id;	/* the person it is about */
	int64_t medication_id;
	int64_t schedule_id;	/* 0 for a refill */
	int64_t slot;		/* the dose's instant, or the run-out instant */
	int64_t at;		/* when it is due to be delivered */
	bool critical;
};

struct remind_plan_input {
	const struct remind_slot *slots;	/* of one person */
	size_t nslots;
	const struct remind_refill *refills;
	size_t nrefills;
	const struct remind_recipient *recipients;
	size_t nrecipients;
	int grace_minutes;	/* after a dose, before it counts as missed */
	int refill_days;	/* days before the supply runs out */
	int64_t from;		/* plan items due in [from, until) */
	int64_t until;
};

/* A growable list of items that the caller frees. */
struct remind_list {
	struct remind_item *items;
	size_t count;
	size_t cap;
};

/*
 * A queued notification as delivery sees it: the item, its queue state,
 * and the references its text is built from.
 */
struct remind_notice {
	int64_t id;
	struct remind_item item;
	int64_t held_until;	/* 0 unless quiet hours held it back */
	int retry_count;
	int max_retries;
	char title[201];
	char message[512];
	char medication[201];	/* the drug's name; empty when none */
	char strength[51];
	double amount;		/* of one dose; 0 when not known */
	char unit[21];
	char email[256];	/* the recipient's address */
	bool for_caregiver;	/* the recipient is not the person */
	struct wallclock clock;	/* the person's, for its times; no
				 * converter when not known */
};

/* The defaults the preferences table gives an account without a row. */
void remind_prefs_defaults(struct remind_prefs *prefs);

/* The name a kind is stored and shown under, such as "missed". */
const char *remind_kind_name(enum remind_kind kind);

/* The kind stored under name; -1 for a name that is none. */
int remind_kind_parse(const char *name, enum remind_kind *out);

/* The notification_type of the queue a kind belongs to. */
const char *remind_kind_type(enum remind_kind kind);

/* The kind's title in English, as queued; translate it to show it. */
const char *remind_kind_title(enum remind_kind kind);

/* How much a kind may disturb during quiet hours. */
enum quiet_class remind_kind_class(enum remind_kind kind);

/*
 * Appends to out every notification due in [from, until): advance and
 * due reminders of unrecorded slots for the patient, missed-dose alerts
 * at slot + grace for the patient and caregivers, and refill reminders
 * refill_days before each run-out, each as the recipient's preferences
 * allow.  An advance reminder that would come at or before the previous
 * dose of the same schedule is left out: that dose's own reminder stands
 * there.  A snoozed slot has, instead of its advance and due reminders,
 * one reminder when the snooze ends, and its missed-dose alert comes a
 * grace period after that.  A refill reminder whose time came before
 * from is still planned, at that time, while the supply has not run out
 * by from: a warning is not lost because nobody planned when it fell
 * due.  Items come sorted, without two of one key.
 */
int remind_plan(const struct remind_plan_input *in, struct remind_list *out,
    struct error *err);

/*
 * The earliest instant after after at which the same input makes some
 * notification due, ignoring from and until; REMIND_NEVER when none.
 */
int remind_plan_next_due(const struct remind_plan_input *in, int64_t after,
    int64_t *next, struct error *err);

/*
 * The reminder that a snooze of minutes (5, 10 or 30) at now brings back:
 * the same dose and recipient, due at now + minutes.
 */
int remind_snooze(const struct remind_item *from, int minutes, int64_t now,
    struct remind_item *out, struct error *err);

/* Writes the item's stable key, one per recipient, kind, dose and instant. */
void remind_item_key(const struct remind_item *item, char *buf, size_t size);

/* Orders items by due instant, then by key; for qsort and merging. */
int remind_item_compare(const void *a, const void *b);

/* Frees the list's items and empties it. */
void remind_list_free(struct remind_list *list);

#endif
