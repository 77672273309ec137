#include "config.h"

#include "store/health.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "store/bind.h"
#include "store/store_internal.h"

/* Conditions ------------------------------------------------------------ */

#define CONDITION_COLUMNS \
	"condition_id, person_id, condition_name, condition_code, notes," \
	" severity, coalesce(diagnosed_date, ''), status, created_at"

static int
read_condition(sqlite3_stmt *stmt, void *out)
{
	struct store_condition *c = out;

	c->condition_id = sqlite3_column_int64(stmt, 0);
	c->person_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 5, c->severity, sizeof c->severity);
	store_column_text(stmt, 6, c->diagnosed_date,
	    sizeof c->diagnosed_date);
	store_column_text(stmt, 7, c->status, sizeof c->status);
	c->created_at = sqlite3_column_int64(stmt, 8);
	if (store_column_blob(stmt, 2, &c->name) != 0 ||
	    store_column_blob(stmt, 3, &c->code) != 0 ||
	    store_column_blob(stmt, 4, &c->notes) != 0)
		return -1;
	return 0;
}

int
store_condition_insert(struct store *st, const struct store_condition *c,
    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO user_medical_conditions"
	    " (condition_id, person_id, condition_name, condition_code,"
	    " severity, diagnosed_date, status, notes, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?9, ?9)", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, c->condition_id);
	sqlite3_bind_int64(stmt, 2, c->person_id);
	store_bind_blob(stmt, 3, &c->name);
	store_bind_blob(stmt, 4, &c->code);
	sqlite3_bind_text(stmt, 5, c->severity, -1, SQLITE_TRANSIENT);
	store_bind_text(stmt, 6, c->diagnosed_date[0] ? c->diagnosed_date :
	    NULL);
	sqlite3_bind_text(stmt, 7, c->status, -1, SQLITE_TRANSIENT);
	store_bind_blob(stmt, 8, &c->notes);
	sqlite3_bind_int64(stmt, 9, now);
	return store_step_done(st, stmt, _("cannot add the condition"), err);
}

int
store_condition_get(struct store *st, int64_t condition_id,
    struct store_condition *c, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " CONDITION_COLUMNS
	    " FROM user_medical_conditions WHERE condition_id = ?", err);

	memset(c, 0, sizeof *c);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, condition_id);
	if (store_fetch_one(st, stmt, condition_id, _("condition"), c,
	    read_condition, err) != 0) {
		store_condition_clear(c);
		return -1;
	}
	return 0;
}

int
store_condition_list(struct store *st, int64_t person_id,
    struct store_condition **list, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " CONDITION_COLUMNS
	    " FROM user_medical_conditions WHERE person_id = ?"
	    " ORDER BY condition_id", err);
	void *rows;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	if (store_collect_rows(st, stmt, &rows, count, sizeof **list,
	    read_condition, err) != 0) {
		store_condition_list_free(rows, *count);
		return -1;
	}
	*list = rows;
	return 0;
}

int
store_condition_delete(struct store *st, int64_t condition_id,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "DELETE FROM user_medical_conditions"
	    " WHERE condition_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, condition_id);
	return store_step_done(st, stmt, _("cannot remove the condition"),
	    err);
}

void
store_condition_clear(struct store_condition *c)
{
	blob_free(&c->name);
	blob_free(&c->code);
	blob_free(&c->notes);
}

void
store_condition_list_free(struct store_condition *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		store_condition_clear(&list[i]);
	free(list);
}

/* Allergies ------------------------------------------------------------- */

#define ALLERGY_COLUMNS \
	"allergy_id, person_id, allergen_name, reaction_symptoms," \
	" allergen_type, reaction_severity, verified_by_doctor, created_at"

static int
read_allergy(sqlite3_stmt *stmt, void *out)
{
	struct store_allergy *a = out;

	a->allergy_id = sqlite3_column_int64(stmt, 0);
	a->person_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 4, a->allergen_type, sizeof a->allergen_type);
	store_column_text(stmt, 5, a->severity, sizeof a->severity);
	a->verified_by_doctor = sqlite3_column_int(stmt, 6) != 0;
	a->created_at = sqlite3_column_int64(stmt, 7);
	if (store_column_blob(stmt, 2, &a->allergen) != 0 ||
	    store_column_blob(stmt, 3, &a->symptoms) != 0)
		return -1;
	return 0;
}

int
store_allergy_insert(struct store *st, const struct store_allergy *a,
    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO user_allergies"
	    " (allergy_id, person_id, allergen_name, allergen_type,"
	    " reaction_severity, reaction_symptoms, verified_by_doctor,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?8, ?8)",
	    err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, a->allergy_id);
	sqlite3_bind_int64(stmt, 2, a->person_id);
	store_bind_blob(stmt, 3, &a->allergen);
	sqlite3_bind_text(stmt, 4, a->allergen_type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 5, a->severity, -1, SQLITE_TRANSIENT);
	store_bind_blob(stmt, 6, &a->symptoms);
	sqlite3_bind_int(stmt, 7, a->verified_by_doctor);
	sqlite3_bind_int64(stmt, 8, now);
	return store_step_done(st, stmt, _("cannot add the allergy"), err);
}

int
store_allergy_get(struct store *st, int64_t allergy_id,
    struct store_allergy *a, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " ALLERGY_COLUMNS
	    " FROM user_allergies WHERE allergy_id = ?", err);

	memset(a, 0, sizeof *a);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, allergy_id);
	if (store_fetch_one(st, stmt, allergy_id, _("allergy"), a,
	    read_allergy, err) != 0) {
		store_allergy_clear(a);
		return -1;
	}
	return 0;
}

int
store_allergy_list(struct store *st, int64_t person_id,
    struct store_allergy **list, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " ALLERGY_COLUMNS
	    " FROM user_allergies WHERE person_id = ? ORDER BY allergy_id",
	    err);
	void *rows;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	if (store_collect_rows(st, stmt, &rows, count, sizeof **list, read_allergy,
	    err) != 0) {
		store_allergy_list_free(rows, *count);
		return -1;
	}
	*list = rows;
	return 0;
}

int
store_allergy_delete(struct store *st, int64_t allergy_id,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "DELETE FROM user_allergies"
	    " WHERE allergy_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, allergy_id);
	return store_step_done(st, stmt, _("cannot remove the allergy"), err);
}

void
store_allergy_clear(struct store_allergy *a)
{
	blob_free(&a->allergen);
	blob_free(&a->symptoms);
}

void
store_allergy_list_free(struct store_allergy *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		store_allergy_clear(&list[i]);
	free(list);
}
