#ifndef PC_STORE_MEDS_H
#define PC_STORE_MEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/blob.h"
#include "common/error.h"
#include "domain/schedule.h"
#include "store/bind.h"
#include "store/store.h"

/*
 * Medications, their status history, schedules, fills and the zones a
 * person's schedules follow.  Sealed columns arrive already sealed: the
 * store stores ciphertext and never sees the clear text.  These functions
 * run inside the caller's transaction when there is one.
 */

enum store_med_status {
	MED_ACTIVE,
	MED_PAUSED,
	MED_DISCONTINUED,
	MED_COMPLETED
};

/* The schema's name of a status. */
const char *store_med_status_name(enum store_med_status status);

/*
 * The id of the drug of that name (any case), adding a hand-entered row
 * to drugs_master when create is set and there is none.
 */
int store_drug_by_name(struct store *st, const char *name, bool create,
    int64_t *id, struct error *err);

/*
 * Adds a person with a profile in a zone and sealed names, for tools such
 * as the benchmarks' store generator that work without accounts.
 */
int store_person_add(struct store *st, const char *timezone,
    struct store_sealed first_name, struct store_sealed last_name,
    int64_t now, int64_t *id, struct error *err);

/* A new prescription record. */
struct store_med_new {
	int64_t person_id;
	int64_t drug_id;
	const char *strength;		/* "500 mg" */
	const char *dosage_form;	/* "tablet" */
	int quantity_prescribed;	/* 0 when unknown */
	int refills_remaining;
	int days_supply;		/* 0 when unknown */
	const char *dosing_schedule;	/* the SPEC as written */
	int start_day;
	int end_day;			/* SCHED_NO_END when open */
	bool is_critical;
	int64_t prescriber_id;		/* 0 when none */
	int64_t pharmacy_id;		/* 0 when none */
	struct store_sealed prescription_number;
	struct store_sealed prescriber_name;
	struct store_sealed prescriber_npi;
	struct store_sealed pharmacy_name;
	struct store_sealed pharmacy_phone;
	struct store_sealed instructions;
};

/* The clear columns of a medication. */
struct store_med {
	int64_t medication_id;
	int64_t person_id;
	int64_t drug_id;
	char drug_name[201];
	char strength[51];
	char dosage_form[51];
	int refills_remaining;
	int days_supply;
	int start_day;
	int end_day;
	enum store_med_status status;
	bool is_critical;
};

/*
 * Creates a medication and the first row of its status history (active),
 * stamped now and by the account (0 when none).
 */
int store_med_create(struct store *st, const struct store_med_new *m,
    int64_t by_user, int64_t now, int64_t *id, struct error *err);

/* Reads one medication; ERR_NOT_FOUND when there is none. */
int store_med_get(struct store *st, int64_t medication_id,
    struct store_med *out, struct error *err);

/*
 * The person's medications, by drug name; with current_only, those active
 * or paused.  The caller frees *out.
 */
int store_med_list(struct store *st, int64_t person_id, bool current_only,
    struct store_med **out, size_t *n, struct error *err);

/* A medication's columns beyond store_med: the sealed ones as blobs. */
struct store_med_details {
	int quantity_prescribed;	/* 0 when unknown */
	char dosing_schedule[201];	/* the SPEC as written */
	int64_t prescriber_id;		/* a directory entry, or 0 */
	struct blob prescriber_name;
	struct blob pharmacy_name;
	struct blob instructions;
	struct blob discontinuation_reason; /* empty unless discontinued */
	struct blob status_reason;	/* of the latest status change */
};

/* Reads the rest of a medication; ERR_NOT_FOUND when there is none. */
int store_med_details_get(struct store *st, int64_t medication_id,
    struct store_med_details *out, struct error *err);

/* Frees the blobs of details. */
void store_med_details_free(struct store_med_details *d);

/* What may change of a prescription without it becoming a new one. */
struct store_med_edit {
	int64_t medication_id;
	int quantity_prescribed;	/* 0 when unknown */
	int days_supply;		/* 0 when unknown */
	int refills_remaining;
	int end_day;			/* SCHED_NO_END when open */
	bool is_critical;
	int64_t prescriber_id;		/* 0 when none */
	struct store_sealed prescriber_name;
	struct store_sealed prescriber_npi;
	struct store_sealed pharmacy_name;
	struct store_sealed instructions;
};

/* Writes an edit over the medication's columns it names. */
int store_med_edit(struct store *st, const struct store_med_edit *e,
    int64_t now, struct error *err);

/*
 * Moves a medication to a new status and appends the change to its
 * history, never rewriting earlier rows.  Allowed: active -> paused,
 * paused -> active, active or paused -> discontinued or completed.
 * A discontinuation keeps its reason (sealed) in both places.
 */
int store_med_set_status(struct store *st, int64_t medication_id,
    enum store_med_status status, struct store_sealed reason,
    int64_t by_user, int64_t now, struct error *err);

/*
 * The intervals in which the medication gave no doses: paused until
 * resumed, and from a discontinuation or completion on.  Frees with free.
 */
int store_med_pauses(struct store *st, int64_t medication_id,
    struct sched_pause **out, size_t *n, struct error *err);

/* Adds one schedule rule; its id is written back into rule->id. */
int store_schedule_add(struct store *st, int64_t medication_id,
    struct sched_rule *rule, int64_t now, struct error *err);

/* The medication's active rules.  Frees with free. */
int store_schedules(struct store *st, int64_t medication_id,
    struct sched_rule **out, size_t *n, struct error *err);

/* Finds the rule with this id, checking that it is the medication's. */
int store_schedule_get(struct store *st, int64_t schedule_id,
    int64_t *medication_id, struct sched_rule *out, struct error *err);

/* One dispensing. */
struct store_fill {
	int64_t fill_id;
	int day;
	double quantity;
	int days_supply;
	int64_t pharmacy_id;
};

/* Records a fill and returns its id. */
int store_fill_add(struct store *st, int64_t medication_id,
    const struct store_fill *fill, int64_t by_user, int64_t now,
    int64_t *id, struct error *err);

/* Spends one refill of the prescription, when any is left. */
int store_med_use_refill(struct store *st, int64_t medication_id,
    struct error *err);

/* The medication's fills by day.  Frees with free. */
int store_fills(struct store *st, int64_t medication_id,
    struct store_fill **out, size_t *n, struct error *err);

/* A day from which a person's schedules follow a zone. */
struct store_zone_change {
	int from_day;
	char timezone[TZ_NAME_MAX + 1];
};

/*
 * The person's home zone (user_profiles.timezone, UTC without a profile)
 * and the changes from it by day.  Frees *changes with free.
 */
int store_person_zones(struct store *st, int64_t person_id,
    char home[TZ_NAME_MAX + 1], struct store_zone_change **changes,
    size_t *n, struct error *err);

/*
 * Records that from from_day the person's schedules follow zone, and
 * keeps the zone the person is in (NULL when at home) in the profile.
 */
int store_zone_change_add(struct store *st, int64_t person_id, int from_day,
    const char *zone, const char *travel_zone, int64_t now,
    struct error *err);

#endif
