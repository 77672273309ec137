#include "config.h"

#include "store/doses.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "domain/schedule.h"
#include "store/bind.h"
#include "store/store_internal.h"

#define EVENT_COLUMNS "event_id, person_id, medication_id, schedule_id," \
	" scheduled_datetime, coalesce(actual_datetime, 0), status," \
	" coalesce(dose_amount_taken, 0), coalesce(taken_with_food, -1)," \
	" coalesce(snoozed_until, 0), recorded_via," \
	" coalesce(recorded_by, 0), is_retrospective, updated_at, slot_date"

static void
read_dose(sqlite3_stmt *q, struct store_dose *d, bool archived)
{
	const char *status = (const char *)sqlite3_column_text(q, 6);
	const char *via = (const char *)sqlite3_column_text(q, 10);

	memset(d, 0, sizeof *d);
	d->rec.event_id = sqlite3_column_int64(q, 0);
	d->person_id = sqlite3_column_int64(q, 1);
	d->medication_id = sqlite3_column_int64(q, 2);
	d->schedule_id = sqlite3_column_int64(q, 3);
	d->rec.slot_at = sqlite3_column_int64(q, 4);
	d->rec.actual_at = sqlite3_column_int64(q, 5);
	if (status == NULL || dose_status_from_name(status,
	    &d->rec.status) != 0)
		d->rec.status = DOSE_MISSED;
	d->rec.amount = sqlite3_column_double(q, 7);
	d->taken_with_food = sqlite3_column_int(q, 8);
	d->rec.snoozed_until = sqlite3_column_int64(q, 9);
	snprintf(d->rec.recorded_via, sizeof d->rec.recorded_via, "%s",
	    via != NULL ? via : "manual");
	d->rec.recorded_by = sqlite3_column_int64(q, 11);
	d->rec.retrospective = sqlite3_column_int(q, 12) != 0;
	d->rec.recorded_at = sqlite3_column_int64(q, 13);
	d->slot_day = store_column_day(q, 14, 0);
	d->archived = archived;
}

/* Binds the recorded facts shared by insert and update, from index 1. */
static void
bind_facts(sqlite3_stmt *q, const struct store_dose *d)
{
	const struct dose_record *r = &d->rec;

	sqlite3_bind_text(q, 1, dose_status_name(r->status), -1,
	    SQLITE_STATIC);
	store_bind_id(q, 2, r->actual_at);
	if (r->amount > 0)
		sqlite3_bind_double(q, 3, r->amount);
	if (d->taken_with_food >= 0)
		sqlite3_bind_int(q, 4, d->taken_with_food);
	store_bind_id(q, 5, r->snoozed_until);
	sqlite3_bind_text(q, 6, r->recorded_via[0] != '\0' ?
	    r->recorded_via : "manual", -1, SQLITE_TRANSIENT);
	store_bind_id(q, 7, r->recorded_by);
	sqlite3_bind_int(q, 8, r->retrospective);
	sqlite3_bind_int64(q, 9, r->recorded_at);
	store_bind_sealed(q, 10, d->note);
}

int
store_dose_insert(struct store *st, const struct store_dose *d,
    struct store_dose *existing, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO dose_events (status,"
	    " actual_datetime, dose_amount_taken, taken_with_food,"
	    " snoozed_until, recorded_via, recorded_by, is_retrospective,"
	    " created_at, updated_at, notes, person_id, medication_id,"
	    " schedule_id, scheduled_datetime, slot_date) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", err);
	struct error ignored;

	if (q == NULL)
		return -1;
	bind_facts(q, d);
	sqlite3_bind_int64(q, 11, d->person_id);
	sqlite3_bind_int64(q, 12, d->medication_id);
	sqlite3_bind_int64(q, 13, d->schedule_id);
	sqlite3_bind_int64(q, 14, d->rec.slot_at);
	store_bind_day(q, 15, d->slot_day);
	if (store_step_done(st, q, _("cannot record the dose"), err) == 0)
		return 0;
	if (err->kind == ERR_CONFLICT) {
		error_set(err, ERR_CONFLICT,
		    _("this dose is already recorded"));
		if (existing != NULL)
			store_dose_find(st, d->schedule_id, d->rec.slot_at,
			    existing, &ignored);
	}
	return -1;
}

int
store_dose_update(struct store *st, const struct store_dose *d,
    struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "UPDATE dose_events SET status = ?1,"
	    " actual_datetime = ?2, dose_amount_taken = ?3,"
	    " taken_with_food = ?4, snoozed_until = ?5, recorded_via = ?6,"
	    " recorded_by = ?7, is_retrospective = ?8, updated_at = ?9,"
	    " notes = ?10 WHERE event_id = ?11", err);

	if (q == NULL)
		return -1;
	bind_facts(q, d);
	sqlite3_bind_int64(q, 11, d->rec.event_id);
	return store_step_done(st, q, _("cannot change the dose"), err);
}

/* Reads at most one row of q into out; ERR_NOT_FOUND when none. */
static int
read_one(struct store *st, sqlite3_stmt *q, struct store_dose *out,
    bool archived, struct error *err)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW)
		read_dose(q, out, archived);
	else if (rc == SQLITE_DONE)
		error_set(err, ERR_NOT_FOUND, _("no dose is recorded there"));
	else
		store_fail(st, err, _("cannot read the dose"));
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_dose_find(struct store *st, int64_t schedule_id, int64_t slot_at,
    struct store_dose *out, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT " EVENT_COLUMNS
	    " FROM dose_events WHERE schedule_id = ?1"
	    " AND scheduled_datetime = ?2", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, schedule_id);
	sqlite3_bind_int64(q, 2, slot_at);
	if (read_one(st, q, out, false, err) == 0)
		return 0;
	if (err->kind != ERR_NOT_FOUND)
		return -1;
	q = stmt_get(st, "SELECT " EVENT_COLUMNS
	    " FROM dose_events_archive WHERE schedule_id = ?1"
	    " AND scheduled_datetime = ?2", err);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, schedule_id);
	sqlite3_bind_int64(q, 2, slot_at);
	return read_one(st, q, out, true, err);
}

int
store_dose_get(struct store *st, int64_t event_id, struct store_dose *out,
    struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT " EVENT_COLUMNS
	    " FROM dose_events WHERE event_id = ?1", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, event_id);
	return read_one(st, q, out, false, err);
}

int
store_dose_delete(struct store *st, int64_t event_id, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "DELETE FROM dose_events"
	    " WHERE event_id = ?1", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, event_id);
	return store_step_done(st, q, _("cannot remove the dose"), err);
}

static int
read_note(sqlite3_stmt *q, void *out)
{
	return store_column_blob(q, 0, out);
}

int
store_dose_note(struct store *st, int64_t event_id, bool archived,
    struct blob *note, struct error *err)
{
	sqlite3_stmt *q = archived ?
	    stmt_get(st, "SELECT notes FROM dose_events_archive"
	    " WHERE event_id = ?1", err) :
	    stmt_get(st, "SELECT notes FROM dose_events WHERE event_id = ?1",
	    err);

	note->data = NULL;
	note->len = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, event_id);
	return store_fetch_one(st, q, event_id, _("dose"), note, read_note,
	    err);
}

/* Reads every row of q into a new array; column 15 says "archived". */
static int
read_all(struct store *st, sqlite3_stmt *q, struct store_dose **out,
    size_t *n, struct error *err)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_dose *d = store_push((void **)out, n, &cap,
		    sizeof *d, err);

		if (d == NULL)
			break;
		read_dose(q, d, sqlite3_column_int(q, 15) != 0);
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

int
store_doses_on_day(struct store *st, int64_t person_id, int day,
    struct store_dose **out, size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT " EVENT_COLUMNS ", 0"
	    " FROM dose_events INDEXED BY idx_dose_events_person_day"
	    " WHERE person_id = ?1 AND slot_date = ?2", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	store_bind_day(q, 2, day);
	return read_all(st, q, out, n, err);
}

int
store_doses_between(struct store *st, int64_t person_id,
    int64_t medication_id, int first, int last, struct store_dose **out,
    size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT * FROM (SELECT " EVENT_COLUMNS
	    ", 0 FROM dose_events WHERE person_id = ?1"
	    " AND (?2 = 0 OR medication_id = ?2)"
	    " AND slot_date BETWEEN ?3 AND ?4"
	    " UNION ALL SELECT " EVENT_COLUMNS ", 1 FROM dose_events_archive"
	    " WHERE person_id = ?1 AND (?2 = 0 OR medication_id = ?2)"
	    " AND slot_date BETWEEN ?3 AND ?4)"
	    " ORDER BY scheduled_datetime, medication_id", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	sqlite3_bind_int64(q, 2, medication_id);
	store_bind_day(q, 3, first);
	store_bind_day(q, 4, last);
	return read_all(st, q, out, n, err);
}

int
store_dose_times(struct store *st, int64_t schedule_id, int64_t from,
    int64_t until, int64_t **out, size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT actual_datetime"
	    " FROM dose_events WHERE schedule_id = ?1"
	    " AND status IN ('taken', 'partial')"
	    " AND actual_datetime >= ?2 AND actual_datetime < ?3"
	    " ORDER BY actual_datetime", err);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, schedule_id);
	sqlite3_bind_int64(q, 2, from);
	sqlite3_bind_int64(q, 3, until);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t *t = store_push((void **)out, n, &cap, sizeof *t, err);

		if (t == NULL)
			break;
		*t = sqlite3_column_int64(q, 0);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		store_fail(st, err, _("cannot read the doses"));
	free(*out);
	*out = NULL;
	return -1;
}

int
store_dose_amount_since(struct store *st, int64_t medication_id,
    int first_day, double *amount, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT total(coalesce("
	    "e.dose_amount_taken, s.dose_amount, 1)) FROM dose_events e"
	    " JOIN medication_schedules s ON s.schedule_id = e.schedule_id"
	    " WHERE e.medication_id = ?1 AND e.slot_date >= ?2"
	    " AND e.status IN ('taken', 'partial')", err);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	store_bind_day(q, 2, first_day);
	rc = sqlite3_step(q);
	*amount = rc == SQLITE_ROW ? sqlite3_column_double(q, 0) : 0;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		store_fail(st, err, _("cannot add up the doses"));
		return -1;
	}
	return 0;
}

int
store_dose_audit(struct store *st, int64_t user_id, int64_t person_id,
    const char *action, int64_t event_id, const char *old_json,
    const char *new_json, int64_t now, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO audit_logs (user_id,"
	    " person_id, action_type, table_name, record_id, old_values,"
	    " new_values, performed_at) VALUES (?1, ?2, ?3, 'dose_events',"
	    " ?4, ?5, ?6, ?7)", err);

	if (q == NULL)
		return -1;
	store_bind_id(q, 1, user_id);
	store_bind_id(q, 2, person_id);
	sqlite3_bind_text(q, 3, action, -1, SQLITE_STATIC);
	store_bind_id(q, 4, event_id);
	if (old_json != NULL)
		sqlite3_bind_text(q, 5, old_json, -1, SQLITE_STATIC);
	if (new_json != NULL)
		sqlite3_bind_text(q, 6, new_json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, now);
	return store_step_done(st, q, _("cannot write the audit trail"), err);
}

int
store_dose_last_change(struct store *st, int64_t event_id,
    struct store_dose_change *out, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT log_id, action_type,"
	    " performed_at, EXISTS (SELECT 1 FROM audit_logs u"
	    " WHERE u.table_name = 'dose_events' AND u.record_id = ?1"
	    " AND u.action_type = 'undo' AND u.log_id > a.log_id)"
	    " FROM audit_logs a WHERE a.table_name = 'dose_events'"
	    " AND a.record_id = ?1 AND a.action_type IN ('create', 'update')"
	    " ORDER BY a.log_id DESC LIMIT 1", err);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, event_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *action = (const char *)sqlite3_column_text(q, 1);

		out->log_id = sqlite3_column_int64(q, 0);
		out->was_create = action != NULL &&
		    strcmp(action, "create") == 0;
		out->performed_at = sqlite3_column_int64(q, 2);
		out->undone = sqlite3_column_int(q, 3) != 0;
	} else if (rc == SQLITE_DONE) {
		error_set(err, ERR_NOT_FOUND,
		    _("this dose has no recorded change to undo"));
	} else {
		store_fail(st, err, _("cannot read the audit trail"));
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_dose_restore(struct store *st, int64_t event_id, int64_t log_id,
    int64_t now, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "UPDATE dose_events SET"
	    " status = json_extract(a.old_values, '$.status'),"
	    " actual_datetime = json_extract(a.old_values, '$.actual_datetime'),"
	    " dose_amount_taken = json_extract(a.old_values, '$.dose_amount_taken'),"
	    " taken_with_food = json_extract(a.old_values, '$.taken_with_food'),"
	    " snoozed_until = json_extract(a.old_values, '$.snoozed_until'),"
	    " recorded_via = json_extract(a.old_values, '$.recorded_via'),"
	    " recorded_by = json_extract(a.old_values, '$.recorded_by'),"
	    " is_retrospective = json_extract(a.old_values, '$.is_retrospective'),"
	    " updated_at = ?3"
	    " FROM audit_logs a WHERE a.log_id = ?2"
	    " AND dose_events.event_id = ?1", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, event_id);
	sqlite3_bind_int64(q, 2, log_id);
	sqlite3_bind_int64(q, 3, now);
	return store_step_done(st, q, _("cannot undo the change"), err);
}

char *
store_dose_json(struct store *st, int64_t event_id, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT json_object("
	    "'status', status, 'actual_datetime', actual_datetime,"
	    " 'dose_amount_taken', dose_amount_taken,"
	    " 'taken_with_food', taken_with_food,"
	    " 'snoozed_until', snoozed_until, 'recorded_via', recorded_via,"
	    " 'recorded_by', recorded_by,"
	    " 'is_retrospective', is_retrospective,"
	    " 'scheduled_datetime', scheduled_datetime)"
	    " FROM dose_events WHERE event_id = ?1", err);
	char *json = NULL;

	if (q == NULL)
		return NULL;
	sqlite3_bind_int64(q, 1, event_id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		json = strdup((const char *)sqlite3_column_text(q, 0));
		if (json == NULL)
			error_set(err, ERR_INTERNAL, _("out of memory"));
	} else {
		store_fail(st, err, _("cannot read the dose"));
	}
	sqlite3_reset(q);
	return json;
}

int
store_dose_archive(struct store *st, int64_t person_id, int64_t cutoff,
    int64_t now, int64_t *moved, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO dose_events_archive"
	    " (event_id, person_id, medication_id, schedule_id,"
	    " scheduled_datetime, actual_datetime, status, dose_amount_taken,"
	    " taken_with_food, side_effects_noted, notes, location,"
	    " snoozed_until, recorded_via, recorded_by, is_retrospective,"
	    " device_info, created_at, updated_at, slot_date, archived_at)"
	    " SELECT event_id, person_id, medication_id, schedule_id,"
	    " scheduled_datetime, actual_datetime, status, dose_amount_taken,"
	    " taken_with_food, side_effects_noted, notes, location,"
	    " snoozed_until, recorded_via, recorded_by, is_retrospective,"
	    " device_info, created_at, updated_at, slot_date, ?2"
	    " FROM dose_events WHERE scheduled_datetime < ?1"
	    " AND (?3 = 0 OR person_id = ?3)", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cutoff);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_int64(q, 3, person_id);
	if (store_step_done(st, q, _("cannot archive the doses"), err) != 0)
		return -1;
	*moved = store_changes(st);
	q = stmt_get(st, "DELETE FROM dose_events"
	    " WHERE scheduled_datetime < ?1 AND (?2 = 0 OR person_id = ?2)",
	    err);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cutoff);
	sqlite3_bind_int64(q, 2, person_id);
	if (store_step_done(st, q, _("cannot archive the doses"), err) != 0)
		return -1;
	if (store_changes(st) != *moved) {
		error_set(err, ERR_INTERNAL,
		    _("archiving moved a different number of doses than it copied"));
		return -1;
	}
	return 0;
}

int
store_dose_last_by(struct store *st, int64_t person_id, int64_t user_id,
    int64_t medication_id, int64_t *event_id, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT a.record_id FROM audit_logs a"
	    " WHERE a.table_name = 'dose_events' AND a.person_id = ?1"
	    " AND a.user_id IS ?2 AND a.action_type IN ('create', 'update')"
	    " AND NOT EXISTS (SELECT 1 FROM audit_logs u"
	    " WHERE u.table_name = 'dose_events'"
	    " AND u.record_id = a.record_id AND u.action_type = 'undo'"
	    " AND u.log_id > a.log_id)"
	    " AND (?3 = 0 OR EXISTS (SELECT 1 FROM dose_events e"
	    " WHERE e.event_id = a.record_id AND e.medication_id = ?3))"
	    " ORDER BY a.log_id DESC LIMIT 1", err);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	store_bind_id(q, 2, user_id);
	sqlite3_bind_int64(q, 3, medication_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*event_id = sqlite3_column_int64(q, 0);
	else if (rc == SQLITE_DONE)
		error_set(err, ERR_NOT_FOUND, _("there is no dose to undo"));
	else
		store_fail(st, err, _("cannot read the audit trail"));
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}
