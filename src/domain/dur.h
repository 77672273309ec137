#ifndef PC_DUR_H
#define PC_DUR_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"

/*
 * Drug utilisation review in the terms pharmacy systems use (NCPDP
 * Telecommunication Standard DUR/PPS fields): the conflict a screen found,
 * what the professional did about it and what came of it.
 */

enum dur_conflict {
	DUR_DA,			/* drug-allergy */
	DUR_DD,			/* drug-drug interaction */
	DUR_DC,			/* drug-disease (inferred from a condition) */
	DUR_DF,			/* drug-food */
	DUR_ID,			/* ingredient duplication */
	DUR_TD,			/* therapeutic duplication */
	DUR_CONFLICT_COUNT
};

/* One row of an NCPDP code list. */
struct dur_code {
	const char *code;
	const char *label;	/* translatable, mark with N_() */
	bool proceeds;		/* for results: the drug is dispensed or kept */
};

/* The two-letter NCPDP code of a conflict ("DD"). */
const char *dur_conflict_code(enum dur_conflict conflict);

/* What the conflict means, translated ("drug-drug interaction"). */
const char *dur_conflict_label(enum dur_conflict conflict);

/* Reads a two-letter conflict code; -1 when it is not one we screen. */
int dur_conflict_parse(const char *code, enum dur_conflict *out);

/* Professional service codes (M0 prescriber consulted...), NULL-ended. */
extern const struct dur_code dur_service_codes[];

/* Result of service codes (1B filled as is...), NULL-ended. */
extern const struct dur_code dur_result_codes[];

/* The row for a code in one of the lists above, or NULL. */
const struct dur_code *dur_code_find(const struct dur_code *list,
    const char *code);

/*
 * Checks that an override of a major finding says what was done and why:
 * a real professional service (not 00), a result under which the drug is
 * still dispensed, and a note.  Fills err with what is missing.
 */
int dur_override_check(const char *service_code, const char *result_code,
    size_t note_length, struct error *err);

#endif
