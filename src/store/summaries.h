#ifndef PC_STORE_SUMMARIES_H
#define PC_STORE_SUMMARIES_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/adherence.h"
#include "store/store.h"

/*
 * The adherence_summaries cache: one row per person, medication (or all
 * of them, medication 0) and period that has at least one recorded dose,
 * live or archived.  The service layer decides the numbers; this file
 * reads and writes rows and counts events.
 */

struct store_summary {
	int64_t medication_id;		/* 0 for all medications */
	enum adherence_period period;
	int first_day;
	int last_day;
	struct adherence_counts c;
	int current_streak;		/* run ending on the period's last day */
	int longest_streak;		/* longest run within the period */
};

/* Writes a row, replacing the one for the same key. */
int store_summary_put(struct store *st, int64_t person_id,
    const struct store_summary *s, int64_t now, struct error *err);

/* Removes the row for a key, if there is one. */
int store_summary_delete(struct store *st, int64_t person_id,
    int64_t medication_id, enum adherence_period period, int first_day,
    struct error *err);

/* Removes every row of a person. */
int store_summaries_clear(struct store *st, int64_t person_id,
    struct error *err);

/*
 * The rows of a period kind whose start lies in first..last, by
 * medication then start.  medication_id 0 reads the rows over all
 * medications; STORE_EVERY_MEDICATION reads every medication's own rows.
 */
#define STORE_EVERY_MEDICATION (-1)

int store_summaries(struct store *st, int64_t person_id,
    int64_t medication_id, enum adherence_period period, int first,
    int last, struct store_summary **out, size_t *n, struct error *err);

/*
 * Counts a medication's scheduled (not as-needed) dose events by status
 * over local days first..last, live and archived.
 */
int store_dose_counts(struct store *st, int64_t medication_id, int first,
    int last, struct adherence_counts *out, struct error *err);

/* One medication and local day that has scheduled dose events. */
struct store_dose_day {
	int64_t medication_id;
	int day;
};

/* Every such medication and day of a person, live and archived. */
int store_dose_days(struct store *st, int64_t person_id,
    struct store_dose_day **out, size_t *n, struct error *err);

#endif
