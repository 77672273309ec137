#include "config.h"

#include "store/store_catalogue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csv.h"
#include "common/i18n.h"
#include "common/strbuf.h"
#include "common/strutil.h"
#include "common/textfold.h"
#include "domain/catalogue.h"
#include "store/store_drugs_internal.h"

#define PROGRESS_EVERY 2000
#define SOURCES_MAX 65536

/* One file being loaded, and what it is loaded as. */
struct loader {
	struct store *st;
	const char *origin;		/* "catalogue" or "import" */
	bool declares;			/* may name new ingredients */
	bool lenient;			/* may too, unless one looks a typo */
	struct csv_reader *csv;
	struct csv_record rec;
	const struct import_progress *progress;
	struct import_stats *stats;
	long rows;
};

typedef int (*row_fn)(struct loader *l, struct error *err);

/* Concepts ----------------------------------------------------------------- */

int
store_concept_find(struct store *st, const char *kind, const char *name,
    int64_t *id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT concept_id FROM drug_concepts"
	    " WHERE kind = ?1 AND name = ?2", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		return 1;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot read the drug knowledge"));
		return -1;
	}
	return 0;
}

int
store_concept_make(struct store *st, const char *kind, const char *name,
    const char *origin, int64_t *id, struct error *err)
{
	sqlite3_stmt *stmt;
	int found = store_concept_find(st, kind, name, id, err);

	if (found != 0)
		return found < 0 ? -1 : 0;
	stmt = stmt_get(st, "INSERT INTO drug_concepts (kind, name, origin)"
	    " VALUES (?1, ?2, ?3)", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, origin, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		store_fail(st, err, _("cannot add an ingredient"));
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

void
store_concept_closest(struct store *st, const char *kind, const char *name,
    int max_typos, char *buf, size_t size)
{
	struct error err;
	sqlite3_stmt *stmt = stmt_get(st, "SELECT name FROM drug_concepts"
	    " WHERE kind = ?1", &err);
	char want[TEXT_WORD_MAX * 4], folded[TEXT_WORD_MAX * 4];
	int best = max_typos + 1;

	buf[0] = '\0';
	if (stmt == NULL)
		return;
	text_fold(name, want, sizeof want);
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *other = (const char *)sqlite3_column_text(stmt, 0);
		int d;

		text_fold(other, folded, sizeof folded);
		d = text_distance(want, folded, best - 1);
		if (d < best) {
			best = d;
			snprintf(buf, size, "%s", other);
		}
	}
	sqlite3_reset(stmt);
}

void
store_ids_json(const int64_t *ids, size_t count, struct strbuf *out)
{
	strbuf_printf(out, "[");
	for (size_t i = 0; i < count; i++)
		strbuf_printf(out, "%s%lld", i ? "," : "", (long long)ids[i]);
	strbuf_printf(out, "]");
}

/* Rows --------------------------------------------------------------------- */

/* Fills err with the store's failure, placed at the current record. */
static int
row_fail(struct loader *l, struct error *err, const char *what)
{
	struct error why;

	store_fail(l->st, &why, what);
	csv_field_error(l->csv, &l->rec, (size_t)-1, err, why.kind, "%s",
	    why.text);
	return -1;
}

static int
step_done(struct loader *l, sqlite3_stmt *stmt, struct error *err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	return row_fail(l, err, _("cannot save the row"));
}

/*
 * Remembers what a row defines; a second row defining the same thing is
 * an error naming the first one's line.
 */
static int
first_time(struct loader *l, const char *kind, int64_t a, const char *b,
    size_t field, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(l->st, "INSERT INTO temp.load_seen"
	    " (kind, a, b, line) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT DO NOTHING", err);
	long line;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, a);
	sqlite3_bind_text(stmt, 3, b, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, l->rec.first_line);
	if (step_done(l, stmt, err) != 0)
		return -1;
	if (sqlite3_changes(l->st->db) == 1)
		return 0;

	stmt = stmt_get(l->st, "SELECT line FROM temp.load_seen"
	    " WHERE kind = ?1 AND a = ?2 AND b = ?3", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, a);
	sqlite3_bind_text(stmt, 3, b, -1, SQLITE_STATIC);
	line = sqlite3_step(stmt) == SQLITE_ROW ?
	    (long)sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_reset(stmt);
	csv_field_error(l->csv, &l->rec, field, err, ERR_INVALID,
	    _("this repeats what line %ld already says; keep one of the two"),
	    line);
	return -1;
}

/*
 * The concept a rule names.  An import must name known ones; the shipped
 * catalogue may name an ingredient it does not ship as a drug (a later
 * RxNorm import brings it), unless the name is one typo from a known one.
 */
static int
resolve(struct loader *l, const struct catalogue_ref *ref, int64_t *id,
    struct error *err)
{
	const char *kind = ref->is_group ? "group" : "ingredient";
	bool new_allowed = l->lenient && !ref->is_group;
	char closest[256];
	int found = store_concept_find(l->st, kind, ref->name, id, err);

	if (found != 0)
		return found < 0 ? -1 : 0;
	store_concept_closest(l->st, kind, ref->name, new_allowed ? 1 : 3,
	    closest, sizeof closest);
	if (new_allowed && closest[0] == '\0') {
		if (store_concept_make(l->st, kind, ref->name, l->origin, id,
		    err) != 0)
			return row_fail(l, err, _("cannot add an ingredient"));
		return 0;
	}
	if (ref->is_group)
		csv_field_error(l->csv, &l->rec, ref->field, err,
		    ERR_INVALID, closest[0] ?
		    _("no group \"@%s\" is known; did you mean \"@%s\"? (groups.csv lists the groups)") :
		    _("no group \"@%s\" is known%s; groups.csv lists the groups"),
		    ref->name, closest);
	else
		csv_field_error(l->csv, &l->rec, ref->field, err,
		    ERR_INVALID, closest[0] ?
		    _("no ingredient \"%s\" is known; did you mean \"%s\"?") :
		    _("no ingredient \"%s\" is known%s; add the drug first (or import RxNorm)"),
		    ref->name, closest);
	return -1;
}

static int
ingredient_ref(struct loader *l, const struct catalogue_ref *ref,
    int64_t *id, struct error *err)
{
	if (!l->declares)
		return resolve(l, ref, id, err);
	if (store_concept_make(l->st, "ingredient", ref->name, l->origin, id,
	    err) != 0)
		return row_fail(l, err, _("cannot add an ingredient"));
	return 0;
}

/* The drug of this name, and who made it: 1 when found, 0, or -1. */
static int
drug_by_name(struct loader *l, const char *name, int64_t *id, char *origin,
    size_t size, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(l->st, "SELECT drug_id, origin"
	    " FROM drugs_master WHERE drug_name = ?1 COLLATE NOCASE", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		snprintf(origin, size, "%s", sqlite3_column_text(stmt, 1));
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return row_fail(l, err, _("cannot read the drugs"));
}

static void
bind_drug(sqlite3_stmt *stmt, const struct catalogue_drug *d,
    const char *ingredients_json)
{
	sqlite3_bind_text(stmt, 1, d->generic_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, strbuf_text(&d->brands), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, d->drug_class, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, d->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, d->atc_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, ingredients_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, strbuf_text(&d->strengths), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, strbuf_text(&d->forms), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, strbuf_text(&d->routes), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, strbuf_text(&d->side_effects), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, d->pregnancy, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, d->csa_schedule, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 13, strbuf_text(&d->storage), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 14, d->source, -1, SQLITE_STATIC);
}

/* Writes a catalogue drug, new or replacing the old catalogue row. */
static int
save_drug(struct loader *l, const struct catalogue_drug *d, int64_t *id,
    bool exists, struct error *err)
{
	struct strbuf json = { 0 };
	sqlite3_stmt *stmt;
	int rc;

	for (size_t k = 0; k < d->ingredients.count; k++) {
		strbuf_printf(&json, "%s", k ? "," : "[");
		strbuf_json_string(&json, d->ingredients.item[k]);
	}
	strbuf_printf(&json, "]");
	stmt = exists ? stmt_get(l->st, "UPDATE drugs_master SET"
	    " generic_name = ?1, brand_names = ?2, drug_class = ?3,"
	    " therapeutic_category = ?4, atc_code = ?5,"
	    " active_ingredients = ?6, available_strengths = ?7,"
	    " dosage_forms = ?8, route_of_administration = ?9,"
	    " side_effects = ?10, pregnancy_category = ?11,"
	    " controlled_substance_schedule = ?12, storage = ?13,"
	    " source = ?14 WHERE drug_id = ?15", err) :
	    stmt_get(l->st, "INSERT INTO drugs_master (drug_name,"
	    " generic_name, brand_names, drug_class, therapeutic_category,"
	    " atc_code, active_ingredients, available_strengths,"
	    " dosage_forms, route_of_administration, side_effects,"
	    " pregnancy_category, controlled_substance_schedule,"
	    " storage, source, origin) VALUES (?1, ?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'catalogue')",
	    err);
	if (stmt == NULL || strbuf_failed(&json)) {
		strbuf_free(&json);
		return stmt == NULL ? -1 : row_fail(l, err, _("out of memory"));
	}
	bind_drug(stmt, d, strbuf_text(&json));
	if (exists)
		sqlite3_bind_int64(stmt, 15, *id);
	rc = step_done(l, stmt, err);
	strbuf_free(&json);
	if (rc != 0)
		return -1;
	if (!exists)
		*id = sqlite3_last_insert_rowid(l->st->db);
	return 0;
}

static int
link_ingredient(struct loader *l, int64_t drug, const char *name,
    const char *drug_class, struct error *err)
{
	sqlite3_stmt *stmt;
	int64_t concept;

	if (store_concept_make(l->st, "ingredient", name, l->origin,
	    &concept, err) != 0)
		return row_fail(l, err, _("cannot add an ingredient"));
	stmt = stmt_get(l->st, "INSERT OR IGNORE INTO drug_ingredients"
	    " (drug_id, concept_id) VALUES (?1, ?2)", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, drug);
	sqlite3_bind_int64(stmt, 2, concept);
	if (step_done(l, stmt, err) != 0)
		return -1;
	if (drug_class == NULL)
		return 0;

	/* A drug of one ingredient gives that ingredient its class. */
	stmt = stmt_get(l->st, "UPDATE drug_concepts SET drug_class = ?2"
	    " WHERE concept_id = ?1 AND (drug_class IS NULL"
	    " OR origin = 'catalogue')", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, concept);
	sqlite3_bind_text(stmt, 2, drug_class, -1, SQLITE_STATIC);
	return step_done(l, stmt, err);
}

static int
drug_row(struct loader *l, struct error *err)
{
	struct catalogue_drug d;
	char origin[16] = "", folded[256];
	int64_t id = 0;
	int found, rc = -1;

	if (catalogue_parse_drug(l->csv, &l->rec, &d, err) != 0)
		return -1;
	text_fold(d.generic_name, folded, sizeof folded);
	if (first_time(l, "drug", 0, folded, 0, err) != 0)
		goto out;
	found = drug_by_name(l, d.generic_name, &id, origin, sizeof origin,
	    err);
	if (found < 0)
		goto out;
	if (found && strcmp(origin, "catalogue") != 0) {
		l->stats->kept++;
		rc = 0;
		goto out;
	}
	if (save_drug(l, &d, &id, found, err) != 0 ||
	    first_time(l, "drug_id", id, "", 0, err) != 0)
		goto out;
	for (size_t k = 0; k < d.ingredients.count; k++) {
		if (link_ingredient(l, id, d.ingredients.item[k],
		    d.ingredients.count == 1 ? d.drug_class : NULL, err) != 0)
			goto out;
	}
	l->stats->drugs++;
	rc = 0;
out:
	catalogue_drug_free(&d);
	return rc;
}

static int
member_row(struct loader *l, struct error *err)
{
	struct catalogue_member m;
	sqlite3_stmt *stmt;
	int64_t group, ingredient;
	char key[32];

	if (catalogue_parse_member(l->csv, &l->rec, &m, err) != 0)
		return -1;
	if (store_concept_make(l->st, "group", m.group.name, l->origin,
	    &group, err) != 0)
		return row_fail(l, err, _("cannot add a group"));
	if (ingredient_ref(l, &m.ingredient, &ingredient, err) != 0)
		return -1;
	snprintf(key, sizeof key, "%lld", (long long)ingredient);
	if (first_time(l, "member", group, key, 1, err) != 0)
		return -1;
	stmt = stmt_get(l->st, "INSERT INTO group_members (group_id,"
	    " ingredient_id, origin) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT DO NOTHING", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, group);
	sqlite3_bind_int64(stmt, 2, ingredient);
	sqlite3_bind_text(stmt, 3, l->origin, -1, SQLITE_STATIC);
	return step_done(l, stmt, err);
}

/*
 * Binds the loader's origin as the last parameter, writes the rule, and
 * counts it, or counts it kept when a person's own rule stands instead.
 */
static int
save_rule(struct loader *l, sqlite3_stmt *stmt, int origin_parameter,
    struct error *err)
{
	sqlite3_bind_text(stmt, origin_parameter, l->origin, -1,
	    SQLITE_STATIC);
	if (step_done(l, stmt, err) != 0)
		return -1;
	if (sqlite3_changes(l->st->db) > 0)
		l->stats->rules++;
	else
		l->stats->kept++;
	return 0;
}

static int
interaction_row(struct loader *l, struct error *err)
{
	struct catalogue_interaction r;
	sqlite3_stmt *stmt;
	int64_t a, b;
	char key[32];

	if (catalogue_parse_interaction(l->csv, &l->rec, &r, err) != 0 ||
	    resolve(l, &r.a, &a, err) != 0 || resolve(l, &r.b, &b, err) != 0)
		return -1;
	if (a > b) {
		int64_t t = a;

		a = b;
		b = t;
	}
	snprintf(key, sizeof key, "%lld", (long long)b);
	if (first_time(l, "pair", a, key, 1, err) != 0)
		return -1;

	/* An import replaces the pair's rule; the catalogue never does. */
	stmt = strcmp(l->origin, "import") == 0 ?
	    stmt_get(l->st, "INSERT INTO interaction_rules (concept_a,"
	    " concept_b, severity, score, evidence, mechanism,"
	    " clinical_effect, management, source, origin) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO UPDATE SET"
	    " severity = excluded.severity, score = excluded.score,"
	    " evidence = excluded.evidence, mechanism = excluded.mechanism,"
	    " clinical_effect = excluded.clinical_effect,"
	    " management = excluded.management, source = excluded.source,"
	    " origin = excluded.origin", err) :
	    stmt_get(l->st, "INSERT INTO interaction_rules (concept_a,"
	    " concept_b, severity, score, evidence, mechanism,"
	    " clinical_effect, management, source, origin) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, a);
	sqlite3_bind_int64(stmt, 2, b);
	sqlite3_bind_text(stmt, 3, screen_severity_name(r.severity), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, r.score);
	sqlite3_bind_text(stmt, 5, r.evidence, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, r.mechanism, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, r.effect, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, r.management, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, r.source, -1, SQLITE_STATIC);
	return save_rule(l, stmt, 10, err);
}

static int
food_row(struct loader *l, struct error *err)
{
	struct catalogue_food r;
	sqlite3_stmt *stmt;
	char folded[256];
	int64_t concept;

	if (catalogue_parse_food(l->csv, &l->rec, &r, err) != 0 ||
	    resolve(l, &r.target, &concept, err) != 0)
		return -1;
	text_fold(r.food, folded, sizeof folded);
	if (first_time(l, "food", concept, folded, 1, err) != 0)
		return -1;
	stmt = stmt_get(l->st, "INSERT INTO food_rules (concept_id, food,"
	    " type, severity, description, recommendation, source, origin)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
	    err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, concept);
	sqlite3_bind_text(stmt, 2, r.food, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r.type, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, screen_severity_name(r.severity), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, r.description, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, r.recommendation, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, r.source, -1, SQLITE_STATIC);
	return save_rule(l, stmt, 8, err);
}

static int
add_term(struct loader *l, int64_t allergen, const char *term,
    struct error *err)
{
	sqlite3_stmt *stmt;
	char folded[256];

	if (text_fold(term, folded, sizeof folded) == 0)
		return 0;
	stmt = stmt_get(l->st, "INSERT OR IGNORE INTO allergen_terms"
	    " (allergen_id, term) VALUES (?1, ?2)", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, allergen);
	sqlite3_bind_text(stmt, 2, folded, -1, SQLITE_STATIC);
	return step_done(l, stmt, err);
}

/* The allergen of this name, added when new, with its terms. */
static int
allergen(struct loader *l, const struct catalogue_allergy *r, int64_t *id,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(l->st, "INSERT INTO allergens (name,"
	    " origin) VALUES (?1, ?2) ON CONFLICT DO NOTHING", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, r->allergen, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, l->origin, -1, SQLITE_STATIC);
	if (step_done(l, stmt, err) != 0)
		return -1;
	stmt = stmt_get(l->st, "SELECT allergen_id FROM allergens"
	    " WHERE name = ?1", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, r->allergen, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return row_fail(l, err, _("cannot read the allergens"));
	}
	*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (add_term(l, *id, r->allergen, err) != 0)
		return -1;
	for (size_t k = 0; k < r->terms.count; k++) {
		if (add_term(l, *id, r->terms.item[k], err) != 0)
			return -1;
	}
	return 0;
}

static int
allergy_row(struct loader *l, struct error *err)
{
	struct catalogue_allergy r;
	sqlite3_stmt *stmt;
	int64_t id = 0, concept = 0;
	char key[32];

	if (catalogue_parse_allergy(l->csv, &l->rec, &r, err) != 0 ||
	    resolve(l, &r.target, &concept, err) != 0 ||
	    allergen(l, &r, &id, err) != 0)
		return -1;
	snprintf(key, sizeof key, "%lld", (long long)concept);
	if (first_time(l, "allergy", id, key, 2, err) != 0)
		return -1;
	stmt = stmt_get(l->st, "INSERT INTO allergy_rules (allergen_id,"
	    " concept_id, severity, note, source, origin) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6) ON CONFLICT DO NOTHING", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, concept);
	sqlite3_bind_text(stmt, 3, screen_severity_name(r.severity), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, r.note, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, r.source, -1, SQLITE_STATIC);
	return save_rule(l, stmt, 6, err);
}

static int
condition_row(struct loader *l, struct error *err)
{
	struct catalogue_condition r;
	sqlite3_stmt *stmt;
	int64_t concept;

	if (catalogue_parse_condition(l->csv, &l->rec, &r, err) != 0 ||
	    resolve(l, &r.target, &concept, err) != 0)
		return -1;
	if (first_time(l, "condition", concept, r.prefix, 0, err) != 0)
		return -1;
	stmt = stmt_get(l->st, "INSERT INTO condition_rules (icd10_prefix,"
	    " condition, concept_id, severity, reason, management, source,"
	    " origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " ON CONFLICT DO NOTHING", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, r.prefix, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, r.condition, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, concept);
	sqlite3_bind_text(stmt, 4, screen_severity_name(r.severity), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, r.reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, r.management, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, r.source, -1, SQLITE_STATIC);
	return save_rule(l, stmt, 8, err);
}

/* Files -------------------------------------------------------------------- */

static void
report(struct loader *l, const char *stage, bool force)
{
	if (l->progress == NULL || l->progress->report == NULL)
		return;
	if (!force && l->rows % PROGRESS_EVERY != 0)
		return;
	l->progress->report(l->progress->ctx, stage, csv_offset(l->csv),
	    csv_size(l->csv));
}

static int
load_rows(struct loader *l, const char *path, const char *name,
    enum catalogue_file file, row_fn row, struct error *err)
{
	const struct catalogue_layout *layout = catalogue_layout(file);
	int rc;

	if (csv_open_file(&l->csv, path, name, ',', CSV_QUOTED, err) != 0)
		return -1;
	rc = csv_expect_header(l->csv, layout->columns, layout->count, err);
	while (rc == 0) {
		int got = csv_next(l->csv, &l->rec, err);

		if (got <= 0) {
			rc = got;
			break;
		}
		l->rows++;
		rc = row(l, err);
		report(l, name, false);
	}
	if (rc == 0)
		report(l, name, true);
	csv_close(l->csv);
	l->csv = NULL;
	return rc;
}

static int
prepare_load(struct store *st, struct error *err)
{
	return store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS load_seen ("
	    " kind TEXT NOT NULL, a INTEGER NOT NULL, b TEXT NOT NULL,"
	    " line INTEGER NOT NULL, PRIMARY KEY (kind, a, b));"
	    " DELETE FROM temp.load_seen;", err);
}

/* Reads the first line of a small text file, trimmed. */
static int
read_text(const char *path, char *buf, size_t size, bool first_line,
    struct error *err)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL) {
		error_set(err, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO,
		    _("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, size - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if (first_line)
		buf[strcspn(buf, "\r\n")] = '\0';
	memmove(buf, str_trim(buf), strlen(str_trim(buf)) + 1);
	return 0;
}

static int
clear_catalogue(struct store *st, struct error *err)
{
	return store_exec(st,
	    "DELETE FROM interaction_rules WHERE origin = 'catalogue';"
	    "DELETE FROM food_rules WHERE origin = 'catalogue';"
	    "DELETE FROM allergy_rules WHERE origin = 'catalogue';"
	    "DELETE FROM condition_rules WHERE origin = 'catalogue';"
	    "DELETE FROM group_members WHERE origin = 'catalogue';"
	    "DELETE FROM allergen_terms WHERE allergen_id IN"
	    " (SELECT allergen_id FROM allergens WHERE origin = 'catalogue');"
	    "DELETE FROM drug_ingredients WHERE drug_id IN"
	    " (SELECT drug_id FROM drugs_master WHERE origin = 'catalogue');"
	    "UPDATE drug_concepts SET drug_class = NULL"
	    " WHERE origin = 'catalogue';", err);
}

/*
 * Drops what the new catalogue no longer ships, except drugs someone
 * takes and concepts that imported or personal rows still use.
 */
static int
prune_catalogue(struct store *st, struct error *err)
{
	return store_exec(st,
	    "DELETE FROM drugs_master WHERE origin = 'catalogue'"
	    " AND drug_id NOT IN (SELECT a FROM temp.load_seen"
	    "  WHERE kind = 'drug_id')"
	    " AND drug_id NOT IN (SELECT drug_id FROM user_medications);"
	    "DELETE FROM drug_concepts WHERE origin = 'catalogue'"
	    " AND NOT EXISTS (SELECT 1 FROM drug_ingredients i"
	    "  WHERE i.concept_id = drug_concepts.concept_id)"
	    " AND NOT EXISTS (SELECT 1 FROM group_members m"
	    "  WHERE m.group_id = drug_concepts.concept_id"
	    "  OR m.ingredient_id = drug_concepts.concept_id)"
	    " AND NOT EXISTS (SELECT 1 FROM interaction_rules r"
	    "  WHERE r.concept_a = drug_concepts.concept_id"
	    "  OR r.concept_b = drug_concepts.concept_id)"
	    " AND NOT EXISTS (SELECT 1 FROM food_rules r"
	    "  WHERE r.concept_id = drug_concepts.concept_id)"
	    " AND NOT EXISTS (SELECT 1 FROM allergy_rules r"
	    "  WHERE r.concept_id = drug_concepts.concept_id)"
	    " AND NOT EXISTS (SELECT 1 FROM condition_rules r"
	    "  WHERE r.concept_id = drug_concepts.concept_id);"
	    "DELETE FROM allergens WHERE origin = 'catalogue'"
	    " AND allergen_id NOT IN (SELECT allergen_id FROM allergy_rules);",
	    err);
}

static int
set_meta(struct store *st, const char *key, const char *value,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO catalogue_meta (key,"
	    " value) VALUES (?1, ?2) ON CONFLICT DO UPDATE"
	    " SET value = excluded.value", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(st, err, _("cannot record the catalogue version"));
	return -1;
}

int
store_catalogue_meta(struct store *st, const char *key, char *buf,
    size_t size, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT value FROM catalogue_meta"
	    " WHERE key = ?1", err);
	int rc;

	if (stmt == NULL)
		return -1;
	buf[0] = '\0';
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		snprintf(buf, size, "%s", sqlite3_column_text(stmt, 0));
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	store_fail(st, err, _("cannot read the catalogue version"));
	return -1;
}

static int
load_catalogue_files(struct loader *l, const char *dir, struct error *err)
{
	static const row_fn rows[CATALOGUE_FILE_COUNT] = {
		[CATALOGUE_DRUGS] = drug_row,
		[CATALOGUE_GROUPS] = member_row,
		[CATALOGUE_INTERACTIONS] = interaction_row,
		[CATALOGUE_FOOD] = food_row,
		[CATALOGUE_ALLERGY] = allergy_row,
		[CATALOGUE_CONDITIONS] = condition_row,
	};

	for (int f = 0; f < CATALOGUE_FILE_COUNT; f++) {
		const char *name = catalogue_layout(f)->file;
		char path[4096];

		l->declares = f == CATALOGUE_DRUGS || f == CATALOGUE_GROUPS;
		l->lenient = !l->declares;
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (load_rows(l, path, name, (enum catalogue_file)f, rows[f],
		    err) != 0)
			return -1;
	}
	return 0;
}

/* Whether the shipped version is newer than the store's: 1, 0 or -1. */
static int
is_newer(struct store *st, const char *version, struct error *err)
{
	char stored[64];

	if (store_catalogue_meta(st, "version", stored, sizeof stored,
	    err) != 0)
		return -1;
	return stored[0] == '\0' ||
	    catalogue_version_compare(version, stored) > 0;
}

int
store_catalogue_sync(struct store *st, const char *dir, int64_t now,
    bool *loaded, struct import_stats *stats, struct error *err)
{
	struct loader l = { .st = st, .origin = "catalogue", .stats = stats };
	char path[4096], version[64], *sources;
	char stamp[32];
	int newer;

	*loaded = false;
	memset(stats, 0, sizeof *stats);
	snprintf(path, sizeof path, "%s/VERSION", dir);
	if (read_text(path, version, sizeof version, true, err) != 0 ||
	    catalogue_version_check(version, err) != 0)
		return -1;
	if ((sources = malloc(SOURCES_MAX)) == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	snprintf(path, sizeof path, "%s/SOURCES", dir);
	if (read_text(path, sources, SOURCES_MAX, false, err) != 0 ||
	    store_begin(st, err) != 0) {
		free(sources);
		return -1;
	}
	newer = is_newer(st, version, err);
	if (newer <= 0) {
		store_rollback(st);
		free(sources);
		return newer;
	}
	snprintf(stamp, sizeof stamp, "%lld", (long long)now);
	if (prepare_load(st, err) != 0 || clear_catalogue(st, err) != 0 ||
	    load_catalogue_files(&l, dir, err) != 0 ||
	    prune_catalogue(st, err) != 0 ||
	    set_meta(st, "version", version, err) != 0 ||
	    set_meta(st, "sources", sources, err) != 0 ||
	    set_meta(st, "loaded_at", stamp, err) != 0 ||
	    store_commit(st, err) != 0) {
		store_rollback(st);
		free(sources);
		return -1;
	}
	free(sources);
	*loaded = true;
	return 0;
}

int
store_import_interactions(struct store *st, const char *path,
    const struct import_progress *progress, struct import_stats *stats,
    struct error *err)
{
	struct loader l = { .st = st, .origin = "import",
	    .progress = progress, .stats = stats };

	memset(stats, 0, sizeof *stats);
	if (store_begin(st, err) != 0)
		return -1;
	if (prepare_load(st, err) != 0 ||
	    load_rows(&l, path, path, CATALOGUE_INTERACTIONS, interaction_row,
	    err) != 0 || store_commit(st, err) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}
