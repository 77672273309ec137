#ifndef PC_STORE_SCREEN_H
#define PC_STORE_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/screen.h"
#include "store/store.h"

/*
 * What screening needs from the store, and what it leaves there.  Adding a
 * medication goes: store_person_active_drugs, store_screen_facts with the
 * new drug as candidate, screen_run, store_apply_reviews; then, when a
 * major finding is accepted, store_record_overrides in the same
 * transaction that saves the medication.
 */

struct screen_request {
	const int64_t *drug_ids;	/* the list, e.g. active medications */
	size_t drug_count;
	int64_t candidate_drug_id;	/* the drug about to be added, or 0 */
	/* Ingredients named on their own, screened as one-ingredient drugs. */
	const int64_t *ingredient_ids;
	size_t ingredient_count;
	/* Allergies as written ("penicillin", "Augmentin", "sulfa"). */
	const char *const *allergies;
	size_t allergy_count;
	/* ICD-10 codes as typed ("N18.4"); a malformed one is an error. */
	const char *const *conditions;
	size_t condition_count;
};

/*
 * Gathers the facts for one screening: the drugs with their ingredients
 * and groups, the rules that concern them, and what the allergies match.
 * The caller frees *out with screen_facts_free.
 */
int store_screen_facts(struct store *st, const struct screen_request *req,
    struct screen_facts **out, struct error *err);

/* The drugs of a person's active medications, in a list to free(). */
int store_person_active_drugs(struct store *st, int64_t person_id,
    int64_t **drug_ids, size_t *count, struct error *err);

/* Marks the findings this person's carers already reviewed. */
int store_apply_reviews(struct store *st, int64_t person_id,
    struct screen_result *result, struct error *err);

/* Records that a finding was read, so it is not shouted again. */
int store_review_finding(struct store *st, int64_t person_id,
    int64_t user_id, const char *finding_key, int64_t at,
    struct error *err);

/* A decision to go ahead despite a finding, in NCPDP DUR terms. */
struct dur_override {
	int64_t person_id;
	int64_t user_id;		/* who decided */
	int64_t medication_id;		/* the medication saved, or 0 */
	const char *service_code;	/* M0, P0, R0... */
	const char *result_code;	/* 1A, 1B, 1C, 1D, 1G... */
	/* Why, sealed under the person's key by the caller: health data. */
	const void *note;
	size_t note_size;
	int64_t at;
};

/*
 * Checks an override (dur_override_check) and records it with an
 * 'override' row in the audit log naming the conflict, service and result
 * codes; the finding counts as reviewed from then on.  Joins the caller's
 * transaction when there is one.
 */
int store_record_override(struct store *st, const struct dur_override *o,
    const struct screen_finding *finding, struct error *err);

/*
 * Records the same override for every major finding of result that
 * involves the candidate (every major one when none does); returns how
 * many, or -1.  All or none are recorded.
 */
int store_record_overrides(struct store *st, const struct dur_override *o,
    const struct screen_result *result, struct error *err);

#endif
