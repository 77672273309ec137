#include "config.h"

#include "store/meds.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "common/i18n.h"
#include "store/store_internal.h"

static const char *const status_names[] = {
	[MED_ACTIVE] = "active",
	[MED_PAUSED] = "paused",
	[MED_DISCONTINUED] = "discontinued",
	[MED_COMPLETED] = "completed",
};

const char *
store_med_status_name(enum store_med_status status)
{
	return status_names[status];
}

static enum store_med_status
status_from_text(const unsigned char *text)
{
	for (int i = 0; i <= MED_COMPLETED; i++) {
		if (text != NULL && strcmp((const char *)text,
		    status_names[i]) == 0)
			return (enum store_med_status)i;
	}
	return MED_DISCONTINUED;
}

static void
copy_text(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src != NULL ? (const char *)src : "");
}

int
store_drug_by_name(struct store *st, const char *name, bool create,
    int64_t *id, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT drug_id FROM drugs_master"
	    " WHERE drug_name = ?1 COLLATE NOCASE", err);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot look up the drug"));
		return -1;
	}
	if (!create) {
		error_set(err, ERR_NOT_FOUND, _("no drug is called \"%s\""),
		    name);
		return -1;
	}
	q = stmt_get(st, "INSERT INTO drugs_master (drug_name, origin)"
	    " VALUES (?1, 'user')", err);
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (store_step_done(st, q, _("cannot add the drug"), err) != 0)
		return -1;
	*id = store_last_id(st);
	return 0;
}

int
store_person_add(struct store *st, const char *timezone,
    struct store_sealed first_name, struct store_sealed last_name,
    int64_t now, int64_t *id, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO people (created_at,"
	    " updated_at) VALUES (?1, ?1)", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, now);
	if (store_step_done(st, q, _("cannot add the person"), err) != 0)
		return -1;
	*id = store_last_id(st);
	q = stmt_get(st, "INSERT INTO user_profiles (person_id, first_name,"
	    " last_name, timezone, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5)", err);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, *id);
	store_bind_sealed(q, 2, first_name);
	store_bind_sealed(q, 3, last_name);
	sqlite3_bind_text(q, 4, timezone, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, now);
	return store_step_done(st, q, _("cannot add the person"), err);
}

static int
add_history(struct store *st, int64_t medication_id, const char *old_status,
    const char *new_status, struct store_sealed reason, int64_t by_user,
    int64_t now, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO medication_status_history"
	    " (medication_id, old_status, new_status, reason, changed_by,"
	    " changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	if (old_status != NULL)
		sqlite3_bind_text(q, 2, old_status, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, new_status, -1, SQLITE_STATIC);
	store_bind_sealed(q, 4, reason);
	store_bind_id(q, 5, by_user);
	sqlite3_bind_int64(q, 6, now);
	return store_step_done(st, q, _("cannot record the status change"),
	    err);
}

int
store_med_create(struct store *st, const struct store_med_new *m,
    int64_t by_user, int64_t now, int64_t *id, struct error *err)
{
	static const struct store_sealed none = { NULL, 0 };
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO user_medications"
	    " (person_id, drug_id, prescription_number, prescriber_name,"
	    " prescriber_npi, prescriber_id, pharmacy_name, pharmacy_phone,"
	    " pharmacy_id, strength, dosage_form, quantity_prescribed,"
	    " refills_remaining, days_supply, dosing_schedule, instructions,"
	    " start_date, end_date, is_critical, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20)", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, m->person_id);
	sqlite3_bind_int64(q, 2, m->drug_id);
	store_bind_sealed(q, 3, m->prescription_number);
	store_bind_sealed(q, 4, m->prescriber_name);
	store_bind_sealed(q, 5, m->prescriber_npi);
	store_bind_id(q, 6, m->prescriber_id);
	store_bind_sealed(q, 7, m->pharmacy_name);
	store_bind_sealed(q, 8, m->pharmacy_phone);
	store_bind_id(q, 9, m->pharmacy_id);
	sqlite3_bind_text(q, 10, m->strength, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, m->dosage_form, -1, SQLITE_STATIC);
	store_bind_id(q, 12, m->quantity_prescribed);
	sqlite3_bind_int(q, 13, m->refills_remaining);
	store_bind_id(q, 14, m->days_supply);
	if (m->dosing_schedule != NULL)
		sqlite3_bind_text(q, 15, m->dosing_schedule, -1, SQLITE_STATIC);
	store_bind_sealed(q, 16, m->instructions);
	store_bind_day(q, 17, m->start_day);
	store_bind_day(q, 18, m->end_day);
	sqlite3_bind_int(q, 19, m->is_critical);
	sqlite3_bind_int64(q, 20, now);
	if (store_step_done(st, q, _("cannot add the medication"), err) != 0)
		return -1;
	*id = store_last_id(st);
	return add_history(st, *id, NULL, "active", none, by_user, now, err);
}

#define MED_COLUMNS "m.medication_id, m.person_id, m.drug_id, d.drug_name," \
	" m.strength, m.dosage_form, m.refills_remaining," \
	" coalesce(m.days_supply, 0), m.start_date, m.end_date, m.status," \
	" m.is_critical FROM user_medications m" \
	" JOIN drugs_master d ON d.drug_id = m.drug_id"

static void
read_med(sqlite3_stmt *q, struct store_med *out)
{
	out->medication_id = sqlite3_column_int64(q, 0);
	out->person_id = sqlite3_column_int64(q, 1);
	out->drug_id = sqlite3_column_int64(q, 2);
	copy_text(out->drug_name, sizeof out->drug_name,
	    sqlite3_column_text(q, 3));
	copy_text(out->strength, sizeof out->strength,
	    sqlite3_column_text(q, 4));
	copy_text(out->dosage_form, sizeof out->dosage_form,
	    sqlite3_column_text(q, 5));
	out->refills_remaining = sqlite3_column_int(q, 6);
	out->days_supply = sqlite3_column_int(q, 7);
	out->start_day = store_column_day(q, 8, SCHED_NO_START);
	out->end_day = store_column_day(q, 9, SCHED_NO_END);
	out->status = status_from_text(sqlite3_column_text(q, 10));
	out->is_critical = sqlite3_column_int(q, 11) != 0;
}

int
store_med_get(struct store *st, int64_t medication_id, struct store_med *out,
    struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT " MED_COLUMNS
	    " WHERE m.medication_id = ?1", err);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_med(q, out);
	else if (rc == SQLITE_DONE)
		error_set(err, ERR_NOT_FOUND, _("no medication has the id %lld"),
		    (long long)medication_id);
	else
		store_fail(st, err, _("cannot read the medication"));
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_med_list(struct store *st, int64_t person_id, bool current_only,
    struct store_med **out, size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT " MED_COLUMNS
	    " WHERE m.person_id = ?1 AND (?2 = 0 OR m.status IN"
	    " ('active', 'paused')) ORDER BY d.drug_name, m.medication_id",
	    err);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	sqlite3_bind_int(q, 2, current_only);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_med *m = store_push((void **)out, n, &cap, sizeof *m,
		    err);

		if (m == NULL)
			break;
		read_med(q, m);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			store_fail(st, err, _("cannot list the medications"));
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static int
read_details(sqlite3_stmt *q, void *out)
{
	struct store_med_details *d = out;

	d->quantity_prescribed = sqlite3_column_int(q, 0);
	copy_text(d->dosing_schedule, sizeof d->dosing_schedule,
	    sqlite3_column_text(q, 1));
	if (store_column_blob(q, 2, &d->prescriber_name) != 0 ||
	    store_column_blob(q, 3, &d->pharmacy_name) != 0 ||
	    store_column_blob(q, 4, &d->instructions) != 0 ||
	    store_column_blob(q, 5, &d->status_reason) != 0 ||
	    store_column_blob(q, 6, &d->discontinuation_reason) != 0)
		return -1;
	d->prescriber_id = sqlite3_column_int64(q, 7);
	return 0;
}

int
store_med_details_get(struct store *st, int64_t medication_id,
    struct store_med_details *out, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT coalesce(m.quantity_prescribed,"
	    " 0), m.dosing_schedule, m.prescriber_name, m.pharmacy_name,"
	    " m.instructions, (SELECT h.reason"
	    " FROM medication_status_history h"
	    " WHERE h.medication_id = m.medication_id"
	    " ORDER BY h.changed_at DESC, h.change_id DESC LIMIT 1),"
	    " m.discontinuation_reason, coalesce(m.prescriber_id, 0)"
	    " FROM user_medications m WHERE m.medication_id = ?1", err);

	memset(out, 0, sizeof *out);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	if (store_fetch_one(st, q, medication_id, _("medication"), out,
	    read_details, err) != 0) {
		store_med_details_free(out);
		return -1;
	}
	return 0;
}

void
store_med_details_free(struct store_med_details *d)
{
	blob_free(&d->prescriber_name);
	blob_free(&d->pharmacy_name);
	blob_free(&d->instructions);
	blob_free(&d->discontinuation_reason);
	blob_free(&d->status_reason);
}

int
store_med_edit(struct store *st, const struct store_med_edit *e,
    int64_t now, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "UPDATE user_medications SET"
	    " quantity_prescribed = ?2, days_supply = ?3,"
	    " refills_remaining = ?4, end_date = ?5, is_critical = ?6,"
	    " prescriber_name = ?7, pharmacy_name = ?8, instructions = ?9,"
	    " updated_at = ?10, prescriber_id = ?11, prescriber_npi = ?12"
	    " WHERE medication_id = ?1", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, e->medication_id);
	store_bind_id(q, 2, e->quantity_prescribed);
	store_bind_id(q, 3, e->days_supply);
	sqlite3_bind_int(q, 4, e->refills_remaining);
	store_bind_day(q, 5, e->end_day);
	sqlite3_bind_int(q, 6, e->is_critical);
	store_bind_sealed(q, 7, e->prescriber_name);
	store_bind_sealed(q, 8, e->pharmacy_name);
	store_bind_sealed(q, 9, e->instructions);
	sqlite3_bind_int64(q, 10, now);
	store_bind_id(q, 11, e->prescriber_id);
	store_bind_sealed(q, 12, e->prescriber_npi);
	if (store_step_done(st, q, _("cannot change the medication"), err) != 0)
		return -1;
	if (store_changes(st) == 0) {
		error_set(err, ERR_NOT_FOUND, _("no medication has the id %lld"),
		    (long long)e->medication_id);
		return -1;
	}
	return 0;
}

static bool
transition_allowed(enum store_med_status from, enum store_med_status to)
{
	switch (to) {
	case MED_PAUSED:
		return from == MED_ACTIVE;
	case MED_ACTIVE:
		return from == MED_PAUSED;
	case MED_DISCONTINUED:
	case MED_COMPLETED:
		return from == MED_ACTIVE || from == MED_PAUSED;
	}
	return false;
}

int
store_med_set_status(struct store *st, int64_t medication_id,
    enum store_med_status status, struct store_sealed reason,
    int64_t by_user, int64_t now, struct error *err)
{
	struct store_med med;
	sqlite3_stmt *q;

	if (store_med_get(st, medication_id, &med, err) != 0)
		return -1;
	if (!transition_allowed(med.status, status)) {
		error_set(err, ERR_INVALID,
		    _("a medication that is %s cannot become %s; resume a paused one, pause an active one, or stop one that is active or paused"),
		    status_names[med.status], status_names[status]);
		return -1;
	}
	q = stmt_get(st, "UPDATE user_medications SET status = ?2,"
	    " discontinuation_reason = CASE WHEN ?2 = 'discontinued' THEN ?3"
	    " ELSE discontinuation_reason END, updated_at = ?4"
	    " WHERE medication_id = ?1", err);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	sqlite3_bind_text(q, 2, status_names[status], -1, SQLITE_STATIC);
	store_bind_sealed(q, 3, reason);
	sqlite3_bind_int64(q, 4, now);
	if (store_step_done(st, q, _("cannot change the medication"), err) != 0)
		return -1;
	return add_history(st, medication_id, status_names[med.status],
	    status_names[status], reason, by_user, now, err);
}

int
store_med_pauses(struct store *st, int64_t medication_id,
    struct sched_pause **out, size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT new_status, changed_at"
	    " FROM medication_status_history WHERE medication_id = ?1"
	    " ORDER BY changed_at, change_id", err);
	size_t cap = 0;
	struct sched_pause *open = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		enum store_med_status s = status_from_text(
		    sqlite3_column_text(q, 0));
		int64_t at = sqlite3_column_int64(q, 1);

		if (s == MED_ACTIVE && open != NULL) {
			open->until = at;
			open = NULL;
		} else if (s != MED_ACTIVE && open == NULL) {
			open = store_push((void **)out, n, &cap, sizeof **out, err);
			if (open == NULL)
				break;
			open->from = at;
			open->until = INT64_MAX;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			store_fail(st, err, _("cannot read the status history"));
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int
store_schedule_add(struct store *st, int64_t medication_id,
    struct sched_rule *r, int64_t now, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO medication_schedules"
	    " (medication_id, kind, dose_time, interval_hours, weekdays,"
	    " every_n_days, cycle_days_on, cycle_days_off,"
	    " prn_min_interval_minutes, prn_max_per_day, valid_from,"
	    " valid_until, dose_amount, dose_unit, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?15)", err);
	char hhmm[6];

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	sqlite3_bind_text(q, 2, sched_kind_name(r->kind), -1, SQLITE_STATIC);
	if (r->minute >= 0) {
		snprintf(hhmm, sizeof hhmm, "%02d:%02d", r->minute / 60 % 24,
		    r->minute % 60);
		sqlite3_bind_text(q, 3, hhmm, -1, SQLITE_TRANSIENT);
	}
	store_bind_id(q, 4, r->interval_hours);
	store_bind_id(q, 5, r->weekdays);
	store_bind_id(q, 6, r->every_n_days);
	store_bind_id(q, 7, r->cycle_on);
	store_bind_id(q, 8, r->cycle_off);
	store_bind_id(q, 9, r->prn_min_interval_minutes);
	store_bind_id(q, 10, r->prn_max_per_day);
	store_bind_day(q, 11, r->valid_from);
	store_bind_day(q, 12, r->valid_until);
	sqlite3_bind_double(q, 13, r->amount);
	if (r->unit[0] != '\0')
		sqlite3_bind_text(q, 14, r->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 15, now);
	if (store_step_done(st, q, _("cannot add the schedule"), err) != 0)
		return -1;
	r->id = store_last_id(st);
	return 0;
}

#define RULE_COLUMNS "schedule_id, kind, dose_time, interval_hours," \
	" weekdays, every_n_days, cycle_days_on, cycle_days_off," \
	" prn_min_interval_minutes, prn_max_per_day, valid_from," \
	" valid_until, dose_amount, dose_unit, medication_id" \
	" FROM medication_schedules"

static void
read_rule(sqlite3_stmt *q, struct sched_rule *r)
{
	const char *kind = (const char *)sqlite3_column_text(q, 1);
	const char *time = (const char *)sqlite3_column_text(q, 2);

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(q, 0);
	if (kind == NULL || sched_kind_from_name(kind, &r->kind) != 0)
		r->kind = SCHED_DAILY;
	r->minute = -1;
	if (time != NULL)
		date_parse_hhmm(time, &r->minute);
	r->interval_hours = sqlite3_column_int(q, 3);
	r->weekdays = sqlite3_column_int(q, 4);
	r->every_n_days = sqlite3_column_int(q, 5);
	r->cycle_on = sqlite3_column_int(q, 6);
	r->cycle_off = sqlite3_column_int(q, 7);
	r->prn_min_interval_minutes = sqlite3_column_int(q, 8);
	r->prn_max_per_day = sqlite3_column_int(q, 9);
	r->valid_from = store_column_day(q, 10, SCHED_NO_START);
	r->valid_until = store_column_day(q, 11, SCHED_NO_END);
	r->amount = sqlite3_column_type(q, 12) == SQLITE_NULL ? 1 :
	    sqlite3_column_double(q, 12);
	copy_text(r->unit, sizeof r->unit, sqlite3_column_text(q, 13));
}

int
store_schedules(struct store *st, int64_t medication_id,
    struct sched_rule **out, size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT " RULE_COLUMNS
	    " WHERE medication_id = ?1 AND is_active = 1"
	    " ORDER BY dose_time, schedule_id", err);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct sched_rule *r = store_push((void **)out, n, &cap, sizeof *r,
		    err);

		if (r == NULL)
			break;
		read_rule(q, r);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			store_fail(st, err, _("cannot read the schedules"));
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int
store_schedule_get(struct store *st, int64_t schedule_id,
    int64_t *medication_id, struct sched_rule *out, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT " RULE_COLUMNS
	    " WHERE schedule_id = ?1", err);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, schedule_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_rule(q, out);
		*medication_id = sqlite3_column_int64(q, 14);
	} else if (rc == SQLITE_DONE) {
		error_set(err, ERR_NOT_FOUND, _("no schedule has the id %lld"),
		    (long long)schedule_id);
	} else {
		store_fail(st, err, _("cannot read the schedule"));
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_fill_add(struct store *st, int64_t medication_id,
    const struct store_fill *fill, int64_t by_user, int64_t now, int64_t *id,
    struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO medication_fills"
	    " (medication_id, filled_on, quantity, days_supply, pharmacy_id,"
	    " recorded_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	store_bind_day(q, 2, fill->day);
	sqlite3_bind_double(q, 3, fill->quantity);
	sqlite3_bind_int(q, 4, fill->days_supply);
	store_bind_id(q, 5, fill->pharmacy_id);
	store_bind_id(q, 6, by_user);
	sqlite3_bind_int64(q, 7, now);
	if (store_step_done(st, q, _("cannot record the fill"), err) != 0)
		return -1;
	*id = store_last_id(st);
	return 0;
}

int
store_med_use_refill(struct store *st, int64_t medication_id,
    struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "UPDATE user_medications"
	    " SET refills_remaining = refills_remaining - 1"
	    " WHERE medication_id = ?1 AND refills_remaining > 0", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	return store_step_done(st, q, _("cannot count the refill"), err);
}

int
store_fills(struct store *st, int64_t medication_id, struct store_fill **out,
    size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT fill_id, filled_on, quantity,"
	    " days_supply, coalesce(pharmacy_id, 0) FROM medication_fills"
	    " WHERE medication_id = ?1 ORDER BY filled_on, fill_id", err);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, medication_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_fill *f = store_push((void **)out, n, &cap, sizeof *f,
		    err);

		if (f == NULL)
			break;
		f->fill_id = sqlite3_column_int64(q, 0);
		f->day = store_column_day(q, 1, 0);
		f->quantity = sqlite3_column_double(q, 2);
		f->days_supply = sqlite3_column_int(q, 3);
		f->pharmacy_id = sqlite3_column_int64(q, 4);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			store_fail(st, err, _("cannot read the fills"));
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int
store_person_zones(struct store *st, int64_t person_id,
    char home[TZ_NAME_MAX + 1], struct store_zone_change **changes,
    size_t *n, struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "SELECT timezone FROM user_profiles"
	    " WHERE person_id = ?1", err);
	size_t cap = 0;
	int rc;

	*changes = NULL;
	*n = 0;
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	snprintf(home, TZ_NAME_MAX + 1, "UTC");
	if (sqlite3_step(q) == SQLITE_ROW)
		copy_text(home, TZ_NAME_MAX + 1, sqlite3_column_text(q, 0));
	sqlite3_reset(q);

	q = stmt_get(st, "SELECT from_date, timezone FROM schedule_zones"
	    " WHERE person_id = ?1 ORDER BY from_date", err);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_zone_change *c = store_push((void **)changes, n, &cap,
		    sizeof *c, err);

		if (c == NULL)
			break;
		c->from_day = store_column_day(q, 0, 0);
		copy_text(c->timezone, sizeof c->timezone,
		    sqlite3_column_text(q, 1));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			store_fail(st, err, _("cannot read the time zones"));
		free(*changes);
		*changes = NULL;
		return -1;
	}
	return 0;
}

int
store_zone_change_add(struct store *st, int64_t person_id, int from_day,
    const char *zone, const char *travel_zone, int64_t now,
    struct error *err)
{
	sqlite3_stmt *q = stmt_get(st, "INSERT INTO schedule_zones"
	    " (person_id, from_date, timezone, created_at)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (person_id, from_date)"
	    " DO UPDATE SET timezone = excluded.timezone", err);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	store_bind_day(q, 2, from_day);
	sqlite3_bind_text(q, 3, zone, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, now);
	if (store_step_done(st, q, _("cannot record the time zone"), err) != 0)
		return -1;
	q = stmt_get(st, "UPDATE user_profiles SET travel_timezone = ?2"
	    " WHERE person_id = ?1", err);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person_id);
	if (travel_zone != NULL)
		sqlite3_bind_text(q, 2, travel_zone, -1, SQLITE_STATIC);
	return store_step_done(st, q, _("cannot record the time zone"), err);
}
