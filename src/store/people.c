#include "config.h"

#include "store/people.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "store/bind.h"
#include "store/store_internal.h"

const char *const store_profile_sealed_columns[SP_SEALED_COUNT] = {
	[SP_FIRST_NAME] = "first_name",
	[SP_LAST_NAME] = "last_name",
	[SP_DATE_OF_BIRTH] = "date_of_birth",
	[SP_PHONE_NUMBER] = "phone_number",
	[SP_EMERGENCY_CONTACT_NAME] = "emergency_contact_name",
	[SP_EMERGENCY_CONTACT_PHONE] = "emergency_contact_phone",
	[SP_ADDRESS_LINE1] = "address_line1",
	[SP_ADDRESS_LINE2] = "address_line2",
	[SP_CITY] = "city",
	[SP_STATE_PROVINCE] = "state_province",
	[SP_POSTAL_CODE] = "postal_code",
	[SP_COUNTRY] = "country",
};

int
store_person_insert(struct store *st, int64_t managed_by, int64_t now,
    int64_t *person_id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO people (managed_by,"
	    " created_at, updated_at) VALUES (?, ?2, ?2)", err);

	if (stmt == NULL)
		return -1;
	store_bind_id(stmt, 1, managed_by);
	sqlite3_bind_int64(stmt, 2, now);
	if (store_step_done(st, stmt, _("cannot add the person"), err) != 0)
		return -1;
	*person_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_person_get(struct store *st, int64_t person_id, int64_t *managed_by,
    uint32_t *key_version, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT coalesce(managed_by, 0),"
	    " key_version FROM people WHERE person_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	rc = store_step_row(st, stmt, _("cannot read a person"), err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, ERR_NOT_FOUND,
			    _("there is no person %lld"), (long long)person_id);
		return -1;
	}
	*managed_by = sqlite3_column_int64(stmt, 0);
	*key_version = (uint32_t)sqlite3_column_int64(stmt, 1);
	sqlite3_reset(stmt);
	return 0;
}

int
store_person_set_key_version(struct store *st, int64_t person_id,
    uint32_t version, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE people SET key_version = ?"
	    " WHERE person_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, version);
	sqlite3_bind_int64(stmt, 2, person_id);
	return store_step_done(st, stmt, _("cannot rotate the person's key"),
	    err);
}

int
store_person_key_put(struct store *st, int64_t person_id, int64_t user_id,
    uint32_t version, const unsigned char *sealed, size_t len, int64_t now,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT OR REPLACE INTO person_keys"
	    " (person_id, user_id, key_version, sealed_key, created_at)"
	    " VALUES (?, ?, ?, ?, ?)", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, user_id);
	sqlite3_bind_int64(stmt, 3, version);
	sqlite3_bind_blob(stmt, 4, sealed, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 5, now);
	return store_step_done(st, stmt, _("cannot store a sealed key"), err);
}

int
store_person_key_get(struct store *st, int64_t person_id, int64_t user_id,
    uint32_t version, struct blob *sealed, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT sealed_key FROM person_keys"
	    " WHERE person_id = ? AND user_id = ? AND key_version = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, user_id);
	sqlite3_bind_int64(stmt, 3, version);
	rc = store_step_row(st, stmt, _("cannot read a sealed key"), err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, ERR_NOT_FOUND,
			    _("no key of version %u of this record is sealed to this account"),
			    (unsigned)version);
		return -1;
	}
	rc = store_column_blob(stmt, 0, sealed);
	sqlite3_reset(stmt);
	return rc == 0 ? 0 : store_out_of_memory(err);
}

int
store_person_key_versions(struct store *st, int64_t person_id,
    int64_t user_id, uint32_t **versions, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT key_version FROM person_keys"
	    " WHERE person_id = ? AND user_id = ? ORDER BY key_version", err);
	int64_t *ids;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, user_id);
	if (store_collect_ids(st, stmt, &ids, count, err) != 0)
		return -1;
	*versions = malloc((*count ? *count : 1) * sizeof **versions);
	if (*versions == NULL) {
		free(ids);
		return store_out_of_memory(err);
	}
	for (size_t i = 0; i < *count; i++)
		(*versions)[i] = (uint32_t)ids[i];
	free(ids);
	return 0;
}

int
store_person_key_holders(struct store *st, int64_t person_id,
    int64_t **users, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT DISTINCT user_id"
	    " FROM person_keys WHERE person_id = ? ORDER BY user_id", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	return store_collect_ids(st, stmt, users, count, err);
}

int
store_person_keys_delete(struct store *st, int64_t person_id,
    int64_t user_id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "DELETE FROM person_keys"
	    " WHERE person_id = ? AND user_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, user_id);
	return store_step_done(st, stmt, _("cannot remove sealed keys"), err);
}

int
store_person_visible(struct store *st, int64_t user_id, int64_t **people,
    size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT DISTINCT person_id"
	    " FROM person_keys WHERE user_id = ? ORDER BY person_id", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	return store_collect_ids(st, stmt, people, count, err);
}

/* Identifiers cannot be bound, so each table has its own query. */
static const struct {
	const char *table;
	const char *sql;
} next_id_queries[] = {
	{ "user_profiles",
	    "SELECT coalesce(max(profile_id), 0) + 1 FROM user_profiles" },
	{ "user_medical_conditions", "SELECT coalesce(max(condition_id), 0)"
	    " + 1 FROM user_medical_conditions" },
	{ "user_allergies",
	    "SELECT coalesce(max(allergy_id), 0) + 1 FROM user_allergies" },
	{ "user_medications", "SELECT coalesce(max(medication_id), 0) + 1"
	    " FROM user_medications" },
	{ "medication_status_history", "SELECT coalesce(max(change_id), 0)"
	    " + 1 FROM medication_status_history" },
	{ "medication_schedules", "SELECT coalesce(max(schedule_id), 0) + 1"
	    " FROM medication_schedules" },
	{ "dose_events",
	    "SELECT coalesce(max(event_id), 0) + 1 FROM dose_events" },
	{ "notification_preferences", "SELECT coalesce(max(preference_id),"
	    " 0) + 1 FROM notification_preferences" },
	{ "user_provider_relationships", "SELECT coalesce(max(relationship_id),"
	    " 0) + 1 FROM user_provider_relationships" },
	{ "health_metrics",
	    "SELECT coalesce(max(metric_id), 0) + 1 FROM health_metrics" },
	{ "lifestyle_goals",
	    "SELECT coalesce(max(goal_id), 0) + 1 FROM lifestyle_goals" },
	{ "user_insurance",
	    "SELECT coalesce(max(insurance_id), 0) + 1 FROM user_insurance" },
};

int
store_next_row_id(struct store *st, const char *table, int64_t *id,
    struct error *err)
{
	for (size_t i = 0; i < sizeof next_id_queries /
	    sizeof *next_id_queries; i++) {
		sqlite3_stmt *stmt;

		if (strcmp(next_id_queries[i].table, table) != 0)
			continue;
		if (!st->in_transaction) {
			error_set(err, ERR_INTERNAL,
			    "store_next_row_id outside a write transaction");
			return -1;
		}
		stmt = stmt_get(st, next_id_queries[i].sql, err);
		if (stmt == NULL || store_step_row(st, stmt,
		    _("cannot read the store"), err) != 1)
			return -1;
		*id = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		return 0;
	}
	error_set(err, ERR_INTERNAL, "no sealed columns in table %s", table);
	return -1;
}

#define PROFILE_COLUMNS \
	"profile_id, person_id, first_name, last_name, date_of_birth," \
	" phone_number, emergency_contact_name, emergency_contact_phone," \
	" address_line1, address_line2, city, state_province, postal_code," \
	" country, gender, coalesce(height_cm, 0), coalesce(weight_kg, 0)," \
	" coalesce(bmi, 0), coalesce(blood_type, ''), timezone," \
	" coalesce(travel_timezone, ''), preferred_language"

void
store_profile_free(struct store_profile *p)
{
	for (int i = 0; i < SP_SEALED_COUNT; i++)
		blob_free(&p->sealed[i]);
}

int
store_profile_get(struct store *st, int64_t person_id,
    struct store_profile *p, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " PROFILE_COLUMNS
	    " FROM user_profiles WHERE person_id = ?", err);
	int rc, col = 2;

	if (stmt == NULL)
		return -1;
	memset(p, 0, sizeof *p);
	sqlite3_bind_int64(stmt, 1, person_id);
	rc = store_step_row(st, stmt, _("cannot read a profile"), err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, ERR_NOT_FOUND,
			    _("person %lld has no profile"),
			    (long long)person_id);
		return -1;
	}
	p->profile_id = sqlite3_column_int64(stmt, 0);
	p->person_id = sqlite3_column_int64(stmt, 1);
	for (int i = 0; i < SP_SEALED_COUNT; i++, col++) {
		if (store_column_blob(stmt, col, &p->sealed[i]) != 0) {
			sqlite3_reset(stmt);
			store_profile_free(p);
			return store_out_of_memory(err);
		}
	}
	store_column_text(stmt, col++, p->gender, sizeof p->gender);
	p->height_cm = sqlite3_column_int64(stmt, col++);
	p->weight_kg = sqlite3_column_double(stmt, col++);
	p->bmi = sqlite3_column_double(stmt, col++);
	store_column_text(stmt, col++, p->blood_type, sizeof p->blood_type);
	store_column_text(stmt, col++, p->timezone, sizeof p->timezone);
	store_column_text(stmt, col++, p->travel_timezone,
	    sizeof p->travel_timezone);
	store_column_text(stmt, col, p->preferred_language,
	    sizeof p->preferred_language);
	sqlite3_reset(stmt);
	return 0;
}

static const char *
text_or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

int
store_profile_save(struct store *st, const struct store_profile *p,
    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO user_profiles"
	    " (profile_id, person_id, first_name, last_name, date_of_birth,"
	    " phone_number, emergency_contact_name, emergency_contact_phone,"
	    " address_line1, address_line2, city, state_province, postal_code,"
	    " country, gender, height_cm, weight_kg, blood_type, timezone,"
	    " travel_timezone, preferred_language, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?22, ?22) ON CONFLICT (person_id) DO UPDATE SET"
	    " first_name = excluded.first_name,"
	    " last_name = excluded.last_name,"
	    " date_of_birth = excluded.date_of_birth,"
	    " phone_number = excluded.phone_number,"
	    " emergency_contact_name = excluded.emergency_contact_name,"
	    " emergency_contact_phone = excluded.emergency_contact_phone,"
	    " address_line1 = excluded.address_line1,"
	    " address_line2 = excluded.address_line2,"
	    " city = excluded.city, state_province = excluded.state_province,"
	    " postal_code = excluded.postal_code, country = excluded.country,"
	    " gender = excluded.gender, height_cm = excluded.height_cm,"
	    " weight_kg = excluded.weight_kg,"
	    " blood_type = excluded.blood_type, timezone = excluded.timezone,"
	    " travel_timezone = excluded.travel_timezone,"
	    " preferred_language = excluded.preferred_language,"
	    " updated_at = excluded.updated_at", err);
	int col = 3;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, p->profile_id);
	sqlite3_bind_int64(stmt, 2, p->person_id);
	for (int i = 0; i < SP_SEALED_COUNT; i++)
		store_bind_blob(stmt, col++, &p->sealed[i]);
	sqlite3_bind_text(stmt, col++, p->gender, -1, SQLITE_TRANSIENT);
	store_bind_id(stmt, col++, p->height_cm);
	if (p->weight_kg > 0)
		sqlite3_bind_double(stmt, col++, p->weight_kg);
	else
		sqlite3_bind_null(stmt, col++);
	store_bind_text(stmt, col++, text_or_null(p->blood_type));
	sqlite3_bind_text(stmt, col++, p->timezone, -1, SQLITE_TRANSIENT);
	store_bind_text(stmt, col++, text_or_null(p->travel_timezone));
	sqlite3_bind_text(stmt, col++, p->preferred_language, -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, col, now);
	return store_step_done(st, stmt, _("cannot save the profile"), err);
}

#define CARE_COLUMNS \
	"relationship_id, person_id, user_id, can_view, can_record_doses," \
	" can_edit_medications, can_receive_alerts, coalesce(granted_by, 0)," \
	" granted_at"

static int
read_care(sqlite3_stmt *stmt, void *out)
{
	struct store_care *c = out;

	c->relationship_id = sqlite3_column_int64(stmt, 0);
	c->person_id = sqlite3_column_int64(stmt, 1);
	c->user_id = sqlite3_column_int64(stmt, 2);
	c->can_view = sqlite3_column_int(stmt, 3) != 0;
	c->can_record_doses = sqlite3_column_int(stmt, 4) != 0;
	c->can_edit_medications = sqlite3_column_int(stmt, 5) != 0;
	c->can_receive_alerts = sqlite3_column_int(stmt, 6) != 0;
	c->granted_by = sqlite3_column_int64(stmt, 7);
	c->granted_at = sqlite3_column_int64(stmt, 8);
	return 0;
}

int
store_care_active(struct store *st, int64_t person_id, int64_t user_id,
    struct store_care *care, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " CARE_COLUMNS
	    " FROM care_relationships WHERE person_id = ? AND user_id = ?"
	    " AND revoked_at IS NULL", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, user_id);
	rc = store_step_row(st, stmt, _("cannot read a grant"), err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, ERR_NOT_FOUND,
			    _("no access has been granted"));
		return -1;
	}
	read_care(stmt, care);
	sqlite3_reset(stmt);
	return 0;
}

static void
bind_permissions(sqlite3_stmt *stmt, int first, const struct store_care *c)
{
	sqlite3_bind_int(stmt, first, c->can_view);
	sqlite3_bind_int(stmt, first + 1, c->can_record_doses);
	sqlite3_bind_int(stmt, first + 2, c->can_edit_medications);
	sqlite3_bind_int(stmt, first + 3, c->can_receive_alerts);
}

int
store_care_grant(struct store *st, const struct store_care *care,
    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE care_relationships SET"
	    " can_view = ?, can_record_doses = ?, can_edit_medications = ?,"
	    " can_receive_alerts = ?, granted_by = ?, updated_at = ?"
	    " WHERE person_id = ? AND user_id = ? AND revoked_at IS NULL",
	    err);

	if (stmt == NULL)
		return -1;
	bind_permissions(stmt, 1, care);
	store_bind_id(stmt, 5, care->granted_by);
	sqlite3_bind_int64(stmt, 6, now);
	sqlite3_bind_int64(stmt, 7, care->person_id);
	sqlite3_bind_int64(stmt, 8, care->user_id);
	if (store_step_done(st, stmt, _("cannot grant access"), err) != 0)
		return -1;
	if (sqlite3_changes(st->db) > 0)
		return 0;

	stmt = stmt_get(st, "INSERT INTO care_relationships (person_id,"
	    " user_id, can_view, can_record_doses, can_edit_medications,"
	    " can_receive_alerts, granted_by, granted_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?8, ?8)", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, care->person_id);
	sqlite3_bind_int64(stmt, 2, care->user_id);
	bind_permissions(stmt, 3, care);
	store_bind_id(stmt, 7, care->granted_by);
	sqlite3_bind_int64(stmt, 8, now);
	return store_step_done(st, stmt, _("cannot grant access"), err);
}

int
store_care_revoke(struct store *st, int64_t person_id, int64_t user_id,
    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE care_relationships SET"
	    " revoked_at = ?1, updated_at = ?1 WHERE person_id = ?"
	    " AND user_id = ? AND revoked_at IS NULL", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int64(stmt, 2, person_id);
	sqlite3_bind_int64(stmt, 3, user_id);
	return store_step_done(st, stmt, _("cannot revoke access"), err);
}

int
store_care_list(struct store *st, int64_t person_id,
    struct store_care **grants, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " CARE_COLUMNS
	    " FROM care_relationships WHERE person_id = ?"
	    " AND revoked_at IS NULL ORDER BY granted_at, relationship_id",
	    err);
	void *list;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	if (store_collect_rows(st, stmt, &list, count, sizeof **grants,
	    read_care, err) != 0) {
		free(list);
		return -1;
	}
	*grants = list;
	return 0;
}
