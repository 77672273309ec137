#include "config.h"

#include "store/summaries.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "domain/dose.h"
#include "domain/schedule.h"
#include "store/bind.h"
#include "store/store_internal.h"

static int
period_from_text(const char *text)
{
	for (int p = 0; p < ADH_PERIODS; p++) {
		if (text != NULL && strcmp(text, adherence_period_name(
		    (enum adherence_period)p)) == 0)
			return p;
	}
	return ADH_DAILY;
}

int
store_summary_delete(struct store *st, int64_t person_id,
    int64_t medication_id, enum adherence_period period, int first_day,
    struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "DELETE FROM adherence_summaries"
	    " WHERE person_id = ?1 AND medication_id IS ?2"
	    " AND period_type = ?3 AND period_start = ?4", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	store_bind_id(q, 2, medication_id);
	sqlite3_bind_text(q, 3, adherence_period_name(period), -1,
	    SQLITE_STATIC);
	store_bind_day(q, 4, first_day);
	return store_step_done(st, q, _("cannot update the adherence summary"),
	    err);
}

int
store_summary_put(struct store *st, int64_t person_id,
    const struct store_summary *s, int64_t now, struct error *err)
{
	sqlite3_stmt *q;

	if (store_summary_delete(st, person_id, s->medication_id, s->period,
	    s->first_day, err) != 0)
		return -1;
	q = stmt_get(st, "INSERT INTO adherence_summaries (person_id,"
	    " medication_id, period_type, period_start, period_end,"
	    " total_scheduled_doses, doses_taken, doses_missed, doses_skipped,"
	    " doses_snoozed, doses_partial, current_streak_days,"
	    " longest_streak_days, calculated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", err);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	store_bind_id(q, 2, s->medication_id);
	sqlite3_bind_text(q, 3, adherence_period_name(s->period), -1,
	    SQLITE_STATIC);
	store_bind_day(q, 4, s->first_day);
	store_bind_day(q, 5, s->last_day);
	sqlite3_bind_int64(q, 6, s->c.scheduled);
	sqlite3_bind_int64(q, 7, s->c.taken);
	sqlite3_bind_int64(q, 8, s->c.missed);
	sqlite3_bind_int64(q, 9, s->c.skipped);
	sqlite3_bind_int64(q, 10, s->c.snoozed);
	sqlite3_bind_int64(q, 11, s->c.partial);
	sqlite3_bind_int(q, 12, s->current_streak);
	sqlite3_bind_int(q, 13, s->longest_streak);
	sqlite3_bind_int64(q, 14, now);
	return store_step_done(st, q, _("cannot update the adherence summary"),
	    err);
}

int
store_summaries_clear(struct store *st, int64_t person_id, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "DELETE FROM adherence_summaries"
	    " WHERE person_id = ?1", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	return store_step_done(st, q, _("cannot clear the adherence summaries"),
	    err);
}

int
store_summaries(struct store *st, int64_t person_id, int64_t medication_id,
    enum adherence_period period, int first, int last,
    struct store_summary **out, size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT coalesce(medication_id, 0),"
	    " period_type, period_start, period_end, total_scheduled_doses,"
	    " doses_taken, doses_missed, doses_skipped, doses_snoozed,"
	    " doses_partial, current_streak_days, longest_streak_days"
	    " FROM adherence_summaries WHERE person_id = ?1"
	    " AND period_type = ?3 AND period_start BETWEEN ?4 AND ?5"
	    " AND CASE WHEN ?2 = -1 THEN medication_id IS NOT NULL"
	    " ELSE medication_id IS nullif(?2, 0) END"
	    " ORDER BY medication_id, period_start", err);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	sqlite3_bind_int64(q, 2, medication_id);
	sqlite3_bind_text(q, 3, adherence_period_name(period), -1,
	    SQLITE_STATIC);
	store_bind_day(q, 4, first);
	store_bind_day(q, 5, last);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_summary *s = store_push((void **)out, n, &cap,
		    sizeof *s, err);

		if (s == NULL)
			break;
		s->medication_id = sqlite3_column_int64(q, 0);
		s->period = (enum adherence_period)period_from_text(
		    (const char *)sqlite3_column_text(q, 1));
		s->first_day = store_column_day(q, 2, 0);
		s->last_day = store_column_day(q, 3, 0);
		s->c.scheduled = sqlite3_column_int64(q, 4);
		s->c.taken = sqlite3_column_int64(q, 5);
		s->c.missed = sqlite3_column_int64(q, 6);
		s->c.skipped = sqlite3_column_int64(q, 7);
		s->c.snoozed = sqlite3_column_int64(q, 8);
		s->c.partial = sqlite3_column_int64(q, 9);
		s->current_streak = sqlite3_column_int(q, 10);
		s->longest_streak = sqlite3_column_int(q, 11);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		store_fail(st, err, _("cannot read the adherence summaries"));
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

int
store_dose_counts(struct store *st, int64_t medication_id, int first,
    int last, struct adherence_counts *out, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT e.status, count(*) FROM"
	    " (SELECT schedule_id, status FROM dose_events"
	    " WHERE medication_id = ?1 AND slot_date BETWEEN ?2 AND ?3"
	    " UNION ALL SELECT schedule_id, status FROM dose_events_archive"
	    " WHERE medication_id = ?1 AND slot_date BETWEEN ?2 AND ?3) e"
	    " JOIN medication_schedules s ON s.schedule_id = e.schedule_id"
	    " WHERE s.kind <> 'prn' GROUP BY e.status", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	store_bind_day(q, 2, first);
	store_bind_day(q, 3, last);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		long count = (long)sqlite3_column_int64(q, 1);
		enum dose_status s;

		if (name == NULL || dose_status_from_name(name, &s) != 0)
			continue;
		if (s == DOSE_TAKEN)
			out->taken += count;
		else if (s == DOSE_PARTIAL)
			out->partial += count;
		else if (s == DOSE_SKIPPED)
			out->skipped += count;
		else if (s == DOSE_SNOOZED)
			out->snoozed += count;
		else
			out->missed += count;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot count the doses"));
		return -1;
	}
	return 0;
}

int
store_dose_days(struct store *st, int64_t person_id,
    struct store_dose_day **out, size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT DISTINCT e.medication_id,"
	    " e.slot_date FROM (SELECT medication_id, schedule_id, slot_date"
	    " FROM dose_events WHERE person_id = ?1 UNION ALL"
	    " SELECT medication_id, schedule_id, slot_date"
	    " FROM dose_events_archive WHERE person_id = ?1) e"
	    " JOIN medication_schedules s ON s.schedule_id = e.schedule_id"
	    " WHERE s.kind <> 'prn' AND e.slot_date IS NOT NULL"
	    " ORDER BY e.medication_id, e.slot_date", err);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_dose_day *d = store_push((void **)out, n, &cap,
		    sizeof *d, err);

		if (d == NULL)
			break;
		d->medication_id = sqlite3_column_int64(q, 0);
		d->day = store_column_day(q, 1, 0);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		store_fail(st, err, _("cannot read the doses"));
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}
