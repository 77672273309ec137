#ifndef PC_DOSE_H
#define PC_DOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/tz.h"

/*
 * Rules about single doses, free of storage: the state of a slot at a
 * moment, which slot a dose belongs to, when a record is retrospective,
 * what to say about a dose already recorded, the limits of as-needed
 * doses and the undo window.
 */

enum dose_status {
	DOSE_PENDING,		/* not yet due */
	DOSE_DUE,		/* due, within the grace period */
	DOSE_TAKEN,
	DOSE_PARTIAL,
	DOSE_SKIPPED,
	DOSE_SNOOZED,
	DOSE_MISSED		/* the grace period passed without a record */
};

/* What is known of a recorded dose, as dose_events holds it. */
struct dose_record {
	int64_t event_id;
	enum dose_status status;	/* taken, partial, skipped, snoozed, missed */
	int64_t slot_at;		/* scheduled instant */
	int64_t actual_at;		/* 0 when not taken */
	int64_t snoozed_until;		/* 0 unless snoozed */
	int64_t recorded_at;		/* when it was written */
	int64_t recorded_by;		/* the account, 0 when unknown */
	char recorded_via[16];		/* manual, reminder, auto, caregiver */
	double amount;			/* 0 when the scheduled amount */
	bool retrospective;
};

/* The schema's name of a status ("taken"); pending and due have none. */
const char *dose_status_name(enum dose_status status);

/* A status from the schema's name; -1 when unknown. */
int dose_status_from_name(const char *name, enum dose_status *status);

/*
 * The state of a slot at now.  Without a record it is pending before its
 * time, due until grace_minutes after it, then missed.  A snoozed slot is
 * snoozed until its snooze ends, then due for another grace period, then
 * missed.  A taken, partial, skipped or missed record is final.
 */
enum dose_status dose_state(int64_t slot_at, const struct dose_record *rec,
    int64_t now, int grace_minutes);

/*
 * Which slot a dose taken at `at` belongs to, or -1 when none.  Slots are
 * one medication's, ordered by time.  A slot's window opens grace_minutes
 * before its time and closes when the next slot's time comes (or 24 hours
 * after it, for the last one).  The dose goes to the earliest slot not yet
 * recorded whose window holds `at`: a late morning dose taken before the
 * afternoon dose is due stays the morning's, never the afternoon's.
 */
int dose_attribute(const int64_t *slot_at, const bool *recorded, size_t n,
    int64_t at, int grace_minutes);

/*
 * A record is retrospective when it is written more than grace_minutes
 * after the moment it describes: the time the dose was taken, or for a
 * skip or snooze, the slot's time.
 */
bool dose_is_retrospective(int64_t slot_at, int64_t actual_at,
    int64_t recorded_at, int grace_minutes);

/*
 * Says what is already recorded for a slot, for the confirmation asked
 * before a second record: "taken at 08:02, recorded by Alex", with times
 * in the zone given.  who may be NULL when the recorder is unknown.
 */
void dose_describe(const struct dose_record *rec, const struct tz *tz,
    const char *who, char *buf, size_t size);

/* The verdict on one more as-needed dose. */
struct dose_prn_check {
	bool too_soon;		/* closer than the minimum gap to another */
	int64_t allowed_from;	/* earliest instant the gap allows */
	bool over_max;		/* more than the maximum in some 24 hours */
	int most_in_24h;	/* the most doses in a 24-hour window, new one included */
	char warning[256];	/* empty when neither */
};

/*
 * Checks a dose at `at` against the doses already taken (any order):
 * the minimum gap in minutes and the maximum in any rolling 24 hours
 * (0 means no limit).  These are warnings; the dose may still be taken.
 */
void dose_prn_check(const int64_t *taken, size_t n, int64_t at,
    int min_gap_minutes, int max_per_24h, const struct tz *tz,
    struct dose_prn_check *out);

/* True while a record written at recorded_at may still be undone. */
bool dose_undo_allowed(int64_t recorded_at, int64_t now, int undo_minutes);

#endif
