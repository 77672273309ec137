#ifndef PC_STORE_DOSES_H
#define PC_STORE_DOSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/dose.h"
#include "store/bind.h"
#include "store/store.h"

/*
 * Dose events: one row per schedule slot (UNIQUE (schedule_id,
 * scheduled_datetime)), their audit rows, and their archive.  Reads look
 * at the live and the archived rows alike.  These run inside the
 * caller's transaction.
 */

struct store_dose {
	struct dose_record rec;		/* status, times, recorder */
	int64_t person_id;
	int64_t medication_id;
	int64_t schedule_id;
	int slot_day;			/* the slot's local day */
	int taken_with_food;		/* 1, 0, or -1 when unknown */
	bool archived;
	/* Written with the event; reads leave it empty (see store_dose_note). */
	struct store_sealed note;
};

/*
 * Inserts an event.  A slot that already has one fails with
 * ERR_CONFLICT, and *existing (when not NULL) is filled with it.
 */
int store_dose_insert(struct store *st, const struct store_dose *d,
    struct store_dose *existing, struct error *err);

/*
 * Replaces the recorded facts of an existing event (a confirmed
 * re-record), its note included.
 */
int store_dose_update(struct store *st, const struct store_dose *d,
    struct error *err);

/* Finds the event of a slot; ERR_NOT_FOUND when none (archive included). */
int store_dose_find(struct store *st, int64_t schedule_id, int64_t slot_at,
    struct store_dose *out, struct error *err);

/* The sealed note of an event, live or archived; empty when none. */
int store_dose_note(struct store *st, int64_t event_id, bool archived,
    struct blob *note, struct error *err);

/* Reads a live event by id. */
int store_dose_get(struct store *st, int64_t event_id, struct store_dose *out,
    struct error *err);

/* Deletes a live event. */
int store_dose_delete(struct store *st, int64_t event_id, struct error *err);

/*
 * Every event of a person on a local day, as-needed ones included, in
 * slot order.  Frees with free.
 */
int store_doses_on_day(struct store *st, int64_t person_id, int day,
    struct store_dose **out, size_t *n, struct error *err);

/*
 * A medication's events (live and archived) for local days first..last,
 * ordered by slot; medication 0 means all of the person's.  Frees with free.
 */
int store_doses_between(struct store *st, int64_t person_id,
    int64_t medication_id, int first, int last, struct store_dose **out,
    size_t *n, struct error *err);

/* The instants of a schedule's taken doses in [from, until). */
int store_dose_times(struct store *st, int64_t schedule_id, int64_t from,
    int64_t until, int64_t **out, size_t *n, struct error *err);

/* The amount taken of a medication from day on (scheduled amounts). */
int store_dose_amount_since(struct store *st, int64_t medication_id,
    int first_day, double *amount, struct error *err);

/*
 * Appends an audit row about an event: action is 'create', 'update',
 * 'undo' or 'archive'; old_json and new_json hold the event's clear facts
 * or NULL.  A person or event id of 0 is stored as NULL.
 */
int store_dose_audit(struct store *st, int64_t user_id, int64_t person_id,
    const char *action, int64_t event_id, const char *old_json,
    const char *new_json, int64_t now, struct error *err);

/* The last change to an event that an undo would revert. */
struct store_dose_change {
	int64_t log_id;
	bool was_create;		/* else an update with old values */
	int64_t performed_at;
	bool undone;			/* an undo came after it */
};

int store_dose_last_change(struct store *st, int64_t event_id,
    struct store_dose_change *out, struct error *err);

/* Puts back the facts an update's audit row kept as old values. */
int store_dose_restore(struct store *st, int64_t event_id, int64_t log_id,
    int64_t now, struct error *err);

/* The event's clear facts as JSON for the audit trail (caller frees). */
char *store_dose_json(struct store *st, int64_t event_id, struct error *err);

/*
 * Moves the events of a person (0: of everyone) whose slot is before
 * cutoff into dose_events_archive, in the caller's transaction; *moved
 * gets how many.
 */
int store_dose_archive(struct store *st, int64_t person_id, int64_t cutoff,
    int64_t now, int64_t *moved, struct error *err);

/*
 * The latest event an account recorded for a person and not undone, for
 * undo; of one medication, or of any when medication_id is 0.
 */
int store_dose_last_by(struct store *st, int64_t person_id, int64_t user_id,
    int64_t medication_id, int64_t *event_id, struct error *err);

#endif
