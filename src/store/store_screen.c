#include "config.h"

#include "store/store_screen.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strbuf.h"
#include "common/textfold.h"
#include "domain/dur.h"
#include "store/store_drugs_internal.h"

struct ids {
	int64_t *items;
	size_t count;
	size_t capacity;
};

/* The state of one gathering of facts. */
struct gathering {
	struct store *st;
	struct screen_facts *facts;
	struct ids concepts;		/* ingredients and groups of the drugs */
	struct ids labels;		/* every concept a finding may name */
	struct strbuf json;
	bool failed;
};

static void
push(struct gathering *g, struct ids *ids, int64_t id)
{
	if (ids->count == ids->capacity) {
		size_t cap = ids->capacity ? ids->capacity * 2 : 64;
		int64_t *more = realloc(ids->items, cap * sizeof *more);

		if (more == NULL) {
			g->failed = true;
			return;
		}
		ids->items = more;
		ids->capacity = cap;
	}
	ids->items[ids->count++] = id;
}

static const char *
column_text(sqlite3_stmt *stmt, int column)
{
	return (const char *)sqlite3_column_text(stmt, column);
}

static enum screen_severity
column_severity(sqlite3_stmt *stmt, int column)
{
	enum screen_severity s = SCREEN_NONE;
	const char *text = column_text(stmt, column);

	if (text != NULL)
		screen_severity_parse(text, &s);
	return s;
}

static int
read_fail(struct gathering *g, int rc, struct error *err)
{
	if (rc == SQLITE_DONE && !g->failed)
		return 0;
	if (g->failed)
		error_set(err, ERR_INTERNAL, _("out of memory"));
	else
		store_fail(g->st, err, _("cannot read the drug knowledge"));
	return -1;
}

typedef void (*row_fn)(struct gathering *g, sqlite3_stmt *stmt, int arg);

/* Steps through a bound statement, handing each row to row. */
static int
each_row(struct gathering *g, sqlite3_stmt *stmt, row_fn row, int arg,
    struct error *err)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		row(g, stmt, arg);
	sqlite3_reset(stmt);
	return read_fail(g, rc, err);
}

/* Binds a list of ids as the JSON array parameter 1. */
static void
bind_ids(struct gathering *g, sqlite3_stmt *stmt, const struct ids *ids)
{
	strbuf_clear(&g->json);
	store_ids_json(ids->items, ids->count, &g->json);
	g->failed |= strbuf_failed(&g->json);
	sqlite3_bind_text(stmt, 1, strbuf_text(&g->json), -1, SQLITE_STATIC);
}

static void
ingredient_row(struct gathering *g, sqlite3_stmt *stmt, int drug)
{
	int64_t concept = sqlite3_column_int64(stmt, 0);

	g->failed |= screen_add_ingredient(g->facts, drug, concept) != 0;
	push(g, &g->concepts, concept);
}

static int
add_ingredients(struct gathering *g, int index, int64_t drug_id,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT concept_id"
	    " FROM drug_ingredients WHERE drug_id = ?1", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, drug_id);
	return each_row(g, stmt, ingredient_row, index, err);
}

static int
add_drug(struct gathering *g, int64_t drug_id, bool candidate,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT drug_name, drug_class"
	    " FROM drugs_master WHERE drug_id = ?1", err);
	int index = -1;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, drug_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		index = screen_add_drug(g->facts, drug_id,
		    column_text(stmt, 0), column_text(stmt, 1), candidate);
	sqlite3_reset(stmt);
	if (index < 0) {
		error_set(err, ERR_NOT_FOUND, _("no drug has the id %lld"),
		    (long long)drug_id);
		return -1;
	}
	return add_ingredients(g, index, drug_id, err);
}

/* An ingredient named alone, screened as a drug of that one ingredient. */
static int
add_bare_ingredient(struct gathering *g, int64_t concept_id,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT name FROM drug_concepts"
	    " WHERE concept_id = ?1 AND kind = 'ingredient'", err);
	int index = -1;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, concept_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		index = screen_add_drug(g->facts, 0, column_text(stmt, 0),
		    NULL, false);
	sqlite3_reset(stmt);
	if (index < 0 || screen_add_ingredient(g->facts, index,
	    concept_id) != 0) {
		error_set(err, ERR_NOT_FOUND, _("no ingredient has the id %lld"),
		    (long long)concept_id);
		return -1;
	}
	push(g, &g->concepts, concept_id);
	return 0;
}

static void
member_row(struct gathering *g, sqlite3_stmt *stmt, int unused)
{
	int64_t group = sqlite3_column_int64(stmt, 0);

	(void)unused;
	g->failed |= screen_add_member(g->facts, group,
	    sqlite3_column_int64(stmt, 1)) != 0;
	push(g, &g->concepts, group);
}

static int
add_groups(struct gathering *g, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT group_id, ingredient_id"
	    " FROM group_members WHERE ingredient_id IN"
	    " (SELECT value FROM json_each(?1))", err);

	if (stmt == NULL)
		return -1;
	bind_ids(g, stmt, &g->concepts);
	return each_row(g, stmt, member_row, 0, err);
}

static void
interaction_row(struct gathering *g, sqlite3_stmt *stmt, int unused)
{
	struct screen_interaction_rule r = {
		.rule_id = sqlite3_column_int64(stmt, 0),
		.a = sqlite3_column_int64(stmt, 1),
		.b = sqlite3_column_int64(stmt, 2),
		.severity = column_severity(stmt, 3),
		.score = sqlite3_column_int(stmt, 4),
		.evidence = column_text(stmt, 5),
		.mechanism = column_text(stmt, 6),
		.effect = column_text(stmt, 7),
		.management = column_text(stmt, 8),
		.source = column_text(stmt, 9),
	};

	(void)unused;
	g->failed |= screen_add_interaction(g->facts, &r) != 0;
}

static int
add_interactions(struct gathering *g, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT rule_id, concept_a,"
	    " concept_b, severity, score, evidence, mechanism,"
	    " clinical_effect, management, source FROM interaction_rules"
	    " WHERE concept_a IN (SELECT value FROM json_each(?1))"
	    " AND concept_b IN (SELECT value FROM json_each(?1))", err);

	if (stmt == NULL)
		return -1;
	bind_ids(g, stmt, &g->concepts);
	return each_row(g, stmt, interaction_row, 0, err);
}

static void
food_row(struct gathering *g, sqlite3_stmt *stmt, int unused)
{
	struct screen_food_rule r = {
		.rule_id = sqlite3_column_int64(stmt, 0),
		.concept = sqlite3_column_int64(stmt, 1),
		.food = column_text(stmt, 2),
		.type = column_text(stmt, 3),
		.severity = column_severity(stmt, 4),
		.description = column_text(stmt, 5),
		.recommendation = column_text(stmt, 6),
		.source = column_text(stmt, 7),
	};

	(void)unused;
	g->failed |= screen_add_food_rule(g->facts, &r) != 0;
}

static int
add_foods(struct gathering *g, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT rule_id, concept_id,"
	    " food, type, severity, description, recommendation, source"
	    " FROM food_rules WHERE concept_id IN"
	    " (SELECT value FROM json_each(?1))", err);

	if (stmt == NULL)
		return -1;
	bind_ids(g, stmt, &g->concepts);
	return each_row(g, stmt, food_row, 0, err);
}

static void
allergen_row(struct gathering *g, sqlite3_stmt *stmt, int allergy)
{
	g->failed |= screen_allergy_add_allergen(g->facts, allergy,
	    sqlite3_column_int64(stmt, 0)) != 0;
}

/* Allergens whose terms are these words (or the singular of them). */
static int
match_allergens(struct gathering *g, int allergy, const char *folded,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT DISTINCT allergen_id"
	    " FROM allergen_terms WHERE term IN (?1, ?2)", err);
	char singular[256];
	size_t len = strlen(folded);

	if (stmt == NULL)
		return -1;
	snprintf(singular, sizeof singular, "%s", folded);
	if (len > 3 && singular[len - 1] == 's')
		singular[len - 1] = '\0';
	sqlite3_bind_text(stmt, 1, folded, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, singular, -1, SQLITE_STATIC);
	return each_row(g, stmt, allergen_row, allergy, err);
}

static void
allergic_ingredient_row(struct gathering *g, sqlite3_stmt *stmt, int allergy)
{
	int64_t concept = sqlite3_column_int64(stmt, 0);

	g->failed |= screen_allergy_add_ingredient(g->facts, allergy,
	    concept) != 0;
	/* Its groups tell which allergen class it belongs to. */
	push(g, &g->concepts, concept);
}

/* Ingredients an allergy names: itself, or those of a drug so named. */
static int
match_ingredients(struct gathering *g, int allergy, const char *text,
    const char *folded, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT concept_id"
	    " FROM drug_concepts WHERE kind = 'ingredient'"
	    " AND name IN (?1, ?2) UNION SELECT i.concept_id"
	    " FROM drug_names n JOIN drug_ingredients i"
	    " ON i.drug_id = n.drug_id WHERE n.name IN (?1, ?2)", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, folded, -1, SQLITE_STATIC);
	return each_row(g, stmt, allergic_ingredient_row, allergy, err);
}

static void
allergy_rule_row(struct gathering *g, sqlite3_stmt *stmt, int unused)
{
	struct screen_allergy_rule r = {
		.rule_id = sqlite3_column_int64(stmt, 0),
		.allergen_id = sqlite3_column_int64(stmt, 1),
		.allergen = column_text(stmt, 2),
		.target = sqlite3_column_int64(stmt, 3),
		.severity = column_severity(stmt, 4),
		.note = column_text(stmt, 5),
		.source = column_text(stmt, 6),
	};

	(void)unused;
	g->failed |= screen_add_allergy_rule(g->facts, &r) != 0;
	push(g, &g->labels, r.target);
}

static int
add_allergy_rules(struct gathering *g, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT r.rule_id,"
	    " r.allergen_id, a.name, r.concept_id, r.severity, r.note,"
	    " r.source FROM allergy_rules r JOIN allergens a"
	    " ON a.allergen_id = r.allergen_id", err);

	if (stmt == NULL)
		return -1;
	return each_row(g, stmt, allergy_rule_row, 0, err);
}

static int
add_allergies(struct gathering *g, const struct screen_request *req,
    struct error *err)
{
	for (size_t i = 0; i < req->allergy_count; i++) {
		char folded[256];
		int allergy;

		text_fold(req->allergies[i], folded, sizeof folded);
		allergy = screen_add_allergy(g->facts, req->allergies[i]);
		if (allergy < 0) {
			g->failed = true;
			return read_fail(g, SQLITE_DONE, err);
		}
		if (match_allergens(g, allergy, folded, err) != 0 ||
		    match_ingredients(g, allergy, req->allergies[i], folded,
		    err) != 0)
			return -1;
	}
	return req->allergy_count > 0 ? add_allergy_rules(g, err) : 0;
}

static void
condition_rule_row(struct gathering *g, sqlite3_stmt *stmt, int unused)
{
	struct screen_condition_rule r = {
		.rule_id = sqlite3_column_int64(stmt, 0),
		.icd10_prefix = column_text(stmt, 1),
		.condition = column_text(stmt, 2),
		.target = sqlite3_column_int64(stmt, 3),
		.severity = column_severity(stmt, 4),
		.reason = column_text(stmt, 5),
		.management = column_text(stmt, 6),
		.source = column_text(stmt, 7),
	};

	(void)unused;
	g->failed |= screen_add_condition_rule(g->facts, &r) != 0;
	push(g, &g->labels, r.target);
}

static int
add_condition(struct gathering *g, const char *typed, struct error *err)
{
	sqlite3_stmt *stmt;
	char code[16];

	if (screen_icd10_normalize(typed, code, sizeof code, err) != 0)
		return -1;
	g->failed |= screen_add_condition(g->facts, code) != 0;
	stmt = stmt_get(g->st, "SELECT rule_id, icd10_prefix, condition,"
	    " concept_id, severity, reason, management, source"
	    " FROM condition_rules WHERE ?1 GLOB icd10_prefix || '*'", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
	return each_row(g, stmt, condition_rule_row, 0, err);
}

/* Names every concept the findings may mention. */
static void
concept_row(struct gathering *g, sqlite3_stmt *stmt, int unused)
{
	(void)unused;
	g->failed |= screen_add_concept(g->facts,
	    sqlite3_column_int64(stmt, 0), column_text(stmt, 1),
	    sqlite3_column_int(stmt, 2) != 0, column_text(stmt, 3)) != 0;
}

static int
add_concepts(struct gathering *g, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(g->st, "SELECT concept_id, name,"
	    " kind = 'group', drug_class FROM drug_concepts"
	    " WHERE concept_id IN (SELECT value FROM json_each(?1))", err);

	if (stmt == NULL)
		return -1;
	for (size_t i = 0; i < g->concepts.count; i++)
		push(g, &g->labels, g->concepts.items[i]);
	bind_ids(g, stmt, &g->labels);
	return each_row(g, stmt, concept_row, 0, err);
}

static int
gather(struct gathering *g, const struct screen_request *req,
    struct error *err)
{
	for (size_t i = 0; i < req->drug_count; i++) {
		if (add_drug(g, req->drug_ids[i], false, err) != 0)
			return -1;
	}
	if (req->candidate_drug_id != 0 &&
	    add_drug(g, req->candidate_drug_id, true, err) != 0)
		return -1;
	for (size_t i = 0; i < req->ingredient_count; i++) {
		if (add_bare_ingredient(g, req->ingredient_ids[i], err) != 0)
			return -1;
	}
	if (add_allergies(g, req, err) != 0 || add_groups(g, err) != 0)
		return -1;
	for (size_t i = 0; i < req->condition_count; i++) {
		if (add_condition(g, req->conditions[i], err) != 0)
			return -1;
	}
	if (add_interactions(g, err) != 0 || add_foods(g, err) != 0 ||
	    add_concepts(g, err) != 0)
		return -1;
	return g->failed ? read_fail(g, SQLITE_DONE, err) : 0;
}

int
store_screen_facts(struct store *st, const struct screen_request *req,
    struct screen_facts **out, struct error *err)
{
	struct gathering g = { .st = st };
	int rc;

	*out = NULL;
	g.facts = screen_facts_new();
	if (g.facts == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	rc = gather(&g, req, err);
	free(g.concepts.items);
	free(g.labels.items);
	strbuf_free(&g.json);
	if (rc != 0) {
		screen_facts_free(g.facts);
		return -1;
	}
	*out = g.facts;
	return 0;
}

int
store_person_active_drugs(struct store *st, int64_t person_id,
    int64_t **drug_ids, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT DISTINCT drug_id"
	    " FROM user_medications WHERE person_id = ?1"
	    " AND status = 'active' ORDER BY drug_id", err);
	struct gathering g = { .st = st };
	struct ids ids = { 0 };
	int rc;

	*drug_ids = NULL;
	*count = 0;
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		push(&g, &ids, sqlite3_column_int64(stmt, 0));
	sqlite3_reset(stmt);
	if (read_fail(&g, rc, err) != 0) {
		free(ids.items);
		return -1;
	}
	*drug_ids = ids.items;
	*count = ids.count;
	return 0;
}

/* Reviews and overrides ---------------------------------------------------- */

int
store_apply_reviews(struct store *st, int64_t person_id,
    struct screen_result *result, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT 1 FROM finding_reviews"
	    " WHERE person_id = ?1 AND finding_key = ?2", err);

	if (stmt == NULL)
		return -1;
	for (size_t i = 0; i < result->count; i++) {
		int rc;

		sqlite3_bind_int64(stmt, 1, person_id);
		sqlite3_bind_text(stmt, 2, result->findings[i].key, -1,
		    SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			store_fail(st, err, _("cannot read the reviews"));
			return -1;
		}
		result->findings[i].reviewed = rc == SQLITE_ROW;
	}
	return 0;
}

static int
write_review(struct store *st, int64_t person_id, int64_t user_id,
    const char *key, int64_t at, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO finding_reviews"
	    " (person_id, finding_key, reviewed_by, reviewed_at)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE"
	    " SET reviewed_by = excluded.reviewed_by,"
	    " reviewed_at = excluded.reviewed_at", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_text(stmt, 2, key, -1, SQLITE_STATIC);
	if (user_id > 0)
		sqlite3_bind_int64(stmt, 3, user_id);
	sqlite3_bind_int64(stmt, 4, at);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(st, err, _("cannot record the review"));
	return -1;
}

int
store_review_finding(struct store *st, int64_t person_id, int64_t user_id,
    const char *finding_key, int64_t at, struct error *err)
{
	return write_review(st, person_id, user_id, finding_key, at, err);
}

static int
insert_override(struct store *st, const struct dur_override *o,
    const struct screen_finding *f, int64_t *id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO dur_overrides"
	    " (person_id, medication_id, finding_key, conflict_code, severity,"
	    " service_code, result_code, note, decided_by, decided_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, o->person_id);
	if (o->medication_id > 0)
		sqlite3_bind_int64(stmt, 2, o->medication_id);
	sqlite3_bind_text(stmt, 3, f->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, dur_conflict_code(f->conflict), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, screen_severity_name(f->severity), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, o->service_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, o->result_code, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 8, o->note, (int)o->note_size, SQLITE_STATIC);
	if (o->user_id > 0)
		sqlite3_bind_int64(stmt, 9, o->user_id);
	sqlite3_bind_int64(stmt, 10, o->at);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot record the override"));
		return -1;
	}
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* The audit row: codes only, never the note or the drugs' names. */
static int
audit_override(struct store *st, const struct dur_override *o,
    const struct screen_finding *f, int64_t id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO audit_logs (user_id,"
	    " person_id, action_type, table_name, record_id, new_values,"
	    " description, performed_at, risk_level) VALUES (?1, ?2,"
	    " 'override', 'dur_overrides', ?3, ?4, ?5, ?6, ?7)", err);
	struct strbuf json = { 0 };
	char description[96];
	int rc;

	if (stmt == NULL)
		return -1;
	strbuf_printf(&json, "{\"conflict\":\"%s\",\"severity\":\"%s\","
	    "\"service\":", dur_conflict_code(f->conflict),
	    screen_severity_name(f->severity));
	strbuf_json_string(&json, o->service_code);
	strbuf_printf(&json, ",\"result\":");
	strbuf_json_string(&json, o->result_code);
	strbuf_printf(&json, "}");
	snprintf(description, sizeof description, "DUR %s %s %s",
	    dur_conflict_code(f->conflict), o->service_code, o->result_code);
	if (o->user_id > 0)
		sqlite3_bind_int64(stmt, 1, o->user_id);
	sqlite3_bind_int64(stmt, 2, o->person_id);
	sqlite3_bind_int64(stmt, 3, id);
	sqlite3_bind_text(stmt, 4, strbuf_text(&json), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, description, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, o->at);
	sqlite3_bind_text(stmt, 7, f->severity == SCREEN_MAJOR ? "high" :
	    "medium", -1, SQLITE_STATIC);
	rc = strbuf_failed(&json) ? SQLITE_NOMEM : sqlite3_step(stmt);
	sqlite3_reset(stmt);
	strbuf_free(&json);
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(st, err, _("cannot write the audit log"));
	return -1;
}

static int
record_one(struct store *st, const struct dur_override *o,
    const struct screen_finding *f, struct error *err)
{
	int64_t id;

	return insert_override(st, o, f, &id, err) != 0 ||
	    audit_override(st, o, f, id, err) != 0 ||
	    write_review(st, o->person_id, o->user_id, f->key, o->at,
	    err) != 0 ? -1 : 0;
}

static int
check_override(const struct dur_override *o, struct error *err)
{
	if (dur_override_check(o->service_code, o->result_code, o->note_size,
	    err) != 0)
		return -1;
	if (o->person_id <= 0 || o->note == NULL) {
		error_set(err, ERR_USAGE,
		    _("an override belongs to a person and carries a note"));
		return -1;
	}
	return 0;
}

int
store_record_override(struct store *st, const struct dur_override *o,
    const struct screen_finding *finding, struct error *err)
{
	bool own = !st->in_transaction;

	if (check_override(o, err) != 0 || (own && store_begin(st, err) != 0))
		return -1;
	if (record_one(st, o, finding, err) != 0) {
		if (own)
			store_rollback(st);
		return -1;
	}
	return own ? store_commit(st, err) : 0;
}

static bool
has_candidate(const struct screen_result *result)
{
	for (size_t i = 0; i < result->count; i++) {
		if (result->findings[i].involves_candidate)
			return true;
	}
	return false;
}

int
store_record_overrides(struct store *st, const struct dur_override *o,
    const struct screen_result *result, struct error *err)
{
	bool own = !st->in_transaction;
	bool candidate_only = has_candidate(result);
	int recorded = 0;

	if (check_override(o, err) != 0 || (own && store_begin(st, err) != 0))
		return -1;
	for (size_t i = 0; i < result->count; i++) {
		const struct screen_finding *f = &result->findings[i];

		if (f->severity != SCREEN_MAJOR || (candidate_only &&
		    !f->involves_candidate))
			continue;
		if (record_one(st, o, f, err) != 0) {
			if (own)
				store_rollback(st);
			return -1;
		}
		recorded++;
	}
	if (own && store_commit(st, err) != 0)
		return -1;
	return recorded;
}
