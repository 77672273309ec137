#ifndef PC_SERVICE_MEDS_H
#define PC_SERVICE_MEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/adherence.h"
#include "domain/screen.h"
#include "service/doses.h"
#include "service/session.h"
#include "store/meds.h"

/*
 * A person's medications and doses for a session: what the terminal
 * interface and the command line both call.  Each function checks the
 * session's permission on the person first (view to read, edit to change
 * medications, record to record doses), seals what the schema marks
 * sealed, and writes in one transaction with an audit row that names
 * the fields it touched, never their values.
 *
 * Adding a medication is screened: meds_screen_candidate shows what adding
 * a drug would find, saving nothing; meds_add_screened screens again in
 * the transaction that saves, refuses a major finding about the new drug
 * unless an override with NCPDP codes and a note comes with it, and
 * records the override with the medication or neither.
 *
 * The doses_ctx passed along must work on the session's store and act as
 * the session's account (doses_ctx_init with session_user_id).
 */

/*
 * Prepares a doses context that acts as the session's account, under the
 * settings given, and names accounts by e-mail in what it says.
 */
void meds_doses_ctx(struct session *s, const struct clock *clock,
    const struct settings *cfg, struct doses_ctx *dc);

/* A medication in clear, as a person gives it. */
struct meds_input {
	int64_t drug_id;		/* meds_resolve_drug's */
	const char *strength;		/* "500 mg" */
	const char *dosage_form;	/* "tablet" */
	const char *schedule;		/* the SPEC (domain/schedule.h) */
	const char *start_date;		/* YYYY-MM-DD; NULL or "" for today */
	const char *end_date;		/* NULL or "" when open */
	const char *prescriber;		/* NULL or "" when none */
	const char *pharmacy;
	const char *instructions;
	int quantity;			/* 0 when unknown */
	int days_supply;		/* 0 when unknown */
	int refills;
	bool critical;
};

/* What screening found, most severe first; findings point into facts. */
struct meds_screening {
	int64_t drug_id;		/* the candidate, or 0 */
	struct screen_facts *facts;
	struct screen_result result;
};

/* A decision to go ahead despite a major finding, in NCPDP DUR terms. */
struct meds_override {
	const char *service_code;	/* M0, P0, R0 */
	const char *result_code;	/* 1A ... 1G */
	const char *note;		/* why it is safe; sealed */
};

/* A medication in clear, with its refill forecast. */
struct meds_view {
	struct store_med med;
	int quantity;			/* prescribed; 0 when unknown */
	char schedule[201];		/* the SPEC as written */
	char *prescriber;		/* NULL when none; wiped when freed */
	char *pharmacy;
	char *instructions;
	char *status_reason;		/* of the latest status change */
	bool has_fill;			/* a fill is recorded */
	double on_hand;
	struct adherence_refill refill;	/* when has_fill */
};

/*
 * Finds the drug a typed name means, by any of its names: exactly, or as
 * the only drug the search finds.  An unknown or ambiguous name is
 * refused (ERR_NOT_FOUND) with the nearest names, so that no medication
 * is added that screening cannot see.  shown gets the drug's name.
 */
int meds_resolve_drug(struct store *st, const char *name, int64_t *drug_id,
    char *shown, size_t size, struct error *err);

/*
 * Screens a drug (drug_id 0: nothing new) against the person's active
 * medications, allergies and conditions, saving nothing.  Findings the
 * person's carers reviewed before are marked so; majors show all the
 * same.  Needs view.
 */
int meds_screen_candidate(struct session *s, int64_t person_id,
    int64_t drug_id, struct meds_screening *out, struct error *err);

/* Frees what a screening holds. */
void meds_screening_free(struct meds_screening *sc);

/* Whether a finding is one adding the candidate brings and should show. */
bool meds_finding_is_new(const struct meds_screening *sc,
    const struct screen_finding *f);

/* Whether the candidate brings a major finding, which needs an override. */
bool meds_needs_override(const struct meds_screening *sc);

/*
 * Adds a medication for the person after screening it again in the same
 * transaction.  A major finding about the new drug is refused with
 * ERR_CONFLICT unless ovr is given and passes dur_override_check; the
 * override is then recorded for each such finding.  The lesser findings
 * it brings count as reviewed: they were shown before saving.  Needs
 * edit.
 */
int meds_add_screened(struct session *s, struct doses_ctx *dc,
    int64_t person_id, const struct meds_input *in,
    const struct meds_override *ovr, int64_t *medication_id,
    struct error *err);

/*
 * Changes what may change of a prescription without it becoming a new
 * one: quantity, days of supply, refills, end date, critical, prescriber,
 * pharmacy and instructions (in->drug_id, strength, form, schedule and
 * start date must be as they are).  Needs edit.
 */
int meds_edit(struct session *s, struct doses_ctx *dc, int64_t medication_id,
    const struct meds_input *in, struct error *err);

/*
 * Pauses, resumes, discontinues or completes a medication; the reason is
 * sealed and required to discontinue.  Needs edit.
 */
int meds_set_status(struct session *s, struct doses_ctx *dc,
    int64_t medication_id, enum store_med_status status, const char *reason,
    struct error *err);

/*
 * Records a fill of a medication dispensed today or earlier, at an active
 * pharmacy of the directory when fill->pharmacy_id is set, with an audit
 * row; needs edit.  A fill that comes too soon is refused with
 * ERR_CONFLICT and out->too_soon set, unless override is given.
 */
int meds_fill_add(struct session *s, struct doses_ctx *dc,
    int64_t medication_id, const struct store_fill *fill, bool override,
    struct doses_fill_result *out, struct error *err);

/* Marks a finding as read, so that a lesser one is not shouted again. */
int meds_review_finding(struct session *s, int64_t person_id,
    const char *finding_key, struct error *err);

/* Every medication of the person in clear, by drug name.  Needs view. */
int meds_list(struct session *s, struct doses_ctx *dc, int64_t person_id,
    struct meds_view **list, size_t *count, struct error *err);

/* Wipes and frees a list from meds_list. */
void meds_list_free(struct meds_view *list, size_t count);

/*
 * Records a dose for the person (doses_record), as a caregiver when the
 * record is not the account's own, with note (a reason to skip; NULL or
 * "" for none) sealed; req->note is ignored.  Needs record.
 */
int meds_record_dose(struct session *s, struct doses_ctx *dc,
    const struct doses_request *req, const char *note,
    struct doses_outcome *out, struct error *err);

/*
 * The note of a dose, live or archived, in clear (NULL when none); free
 * it with vault_free_text.  Needs view.
 */
int meds_dose_note(struct session *s, int64_t person_id, int64_t event_id,
    bool archived, char **note, struct error *err);

#endif
