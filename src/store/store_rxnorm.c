#include "config.h"

#include "store/store_catalogue.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csv.h"
#include "common/i18n.h"
#include "common/strbuf.h"
#include "store/store_drugs_internal.h"

/*
 * RxNorm names a concept by its RXCUI and a term type (TTY): IN an
 * ingredient, PIN a precise ingredient (a salt), MIN several ingredients,
 * BN a brand, SCDC a clinical drug component, SCD a clinical drug, SBD a
 * branded drug.  RXNREL links them; the direction of its labels varies,
 * so a link is read from the term types at its two ends.
 */

#define CONSO_FIELDS 19		/* 18 columns and the empty after the last | */
#define REL_FIELDS 17
#define PROGRESS_EVERY 5000
#define DRUG_NAME_MAX 200
#define MAX_INGREDIENTS 32

enum tty { TTY_IN, TTY_PIN, TTY_MIN, TTY_BN, TTY_SCDC, TTY_SCD, TTY_SBD,
    TTY_OTHER };

static const char *const tty_names[] = { "IN", "PIN", "MIN", "BN", "SCDC",
    "SCD", "SBD" };

enum { CONSO_RXCUI = 0, CONSO_SAB = 11, CONSO_TTY = 12, CONSO_STR = 14,
    CONSO_SUPPRESS = 16 };
enum { REL_RXCUI1 = 0, REL_STYPE1 = 2, REL_RXCUI2 = 4, REL_STYPE2 = 6,
    REL_RELA = 7, REL_SAB = 10 };

enum link_kind { LINK_INGREDIENT, LINK_COMPONENT, LINK_TRADENAME,
    LINK_FORM };

struct rx_concept {
	int64_t rxcui;
	enum tty tty;
	char *name;
	size_t first_link;		/* in the sorted links */
	size_t link_count;
	int64_t concept_id;		/* for ingredients, once written */
};

struct rx_link {
	size_t from;
	size_t to;
	enum link_kind kind;
};

struct rxnorm {
	struct store *st;
	const struct import_progress *progress;
	struct import_stats *stats;
	const char *source;
	struct rx_concept *concepts;
	size_t count;
	size_t capacity;
	struct rx_link *links;
	size_t link_count;
	size_t link_capacity;
};

static enum tty
tty_parse(const char *s)
{
	for (size_t i = 0; i < sizeof tty_names / sizeof tty_names[0]; i++) {
		if (strcmp(s, tty_names[i]) == 0)
			return (enum tty)i;
	}
	return TTY_OTHER;
}

static int
parse_rxcui(const struct csv_reader *r, struct csv_record *rec, size_t i,
    int64_t *out, struct error *err)
{
	const char *s = rec->field[i];
	size_t len = strlen(s);

	if (len == 0 || len > 12 || strspn(s, "0123456789") != len) {
		csv_field_error(r, rec, i, err, ERR_INVALID,
		    _("an RXCUI is a number, not \"%s\"; is this an RxNorm RRF file?"),
		    s);
		return -1;
	}
	*out = strtoll(s, NULL, 10);
	return 0;
}

static void
tick(struct rxnorm *rx, const char *stage, uint64_t done, uint64_t total,
    bool force)
{
	if (rx->progress == NULL || rx->progress->report == NULL)
		return;
	if (force || done % PROGRESS_EVERY == 0)
		rx->progress->report(rx->progress->ctx, stage, done, total);
}

static int
expect_fields(const struct csv_reader *r, struct csv_record *rec,
    size_t want, struct error *err)
{
	if (rec->count == want)
		return 0;
	csv_field_error(r, rec, rec->count < want ? rec->count - 1 : want,
	    err, ERR_INVALID,
	    _("%zu fields where an RxNorm release has %zu (each line ends with '|')"),
	    rec->count - 1, want - 1);
	return -1;
}

static int
add_concept(struct rxnorm *rx, int64_t rxcui, enum tty tty, const char *str,
    struct error *err)
{
	struct rx_concept *c;

	if (rx->count == rx->capacity) {
		size_t cap = rx->capacity ? rx->capacity * 2 : 4096;
		struct rx_concept *more = realloc(rx->concepts,
		    cap * sizeof *more);

		if (more == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return -1;
		}
		rx->concepts = more;
		rx->capacity = cap;
	}
	c = &rx->concepts[rx->count];
	memset(c, 0, sizeof *c);
	c->rxcui = rxcui;
	c->tty = tty;
	c->name = strdup(str);
	if (c->name == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	rx->count++;
	return 0;
}

static int
conso_row(struct rxnorm *rx, const struct csv_reader *r,
    struct csv_record *rec, struct error *err)
{
	const char *suppress;
	enum tty tty;
	int64_t rxcui;

	if (expect_fields(r, rec, CONSO_FIELDS, err) != 0 ||
	    parse_rxcui(r, rec, CONSO_RXCUI, &rxcui, err) != 0)
		return -1;
	if (strcmp(rec->field[CONSO_SAB], "RXNORM") != 0)
		return 0;
	tty = tty_parse(rec->field[CONSO_TTY]);
	suppress = rec->field[CONSO_SUPPRESS];
	if (tty == TTY_OTHER || (*suppress != '\0' && strcmp(suppress,
	    "N") != 0))
		return 0;
	if (rec->field[CONSO_STR][0] == '\0') {
		csv_field_error(r, rec, CONSO_STR, err, ERR_INVALID,
		    _("an RxNorm name (STR) is empty"));
		return -1;
	}
	return add_concept(rx, rxcui, tty, rec->field[CONSO_STR], err);
}

/* Reads one RRF file of a release, calling row for each line. */
static int
read_rrf(struct rxnorm *rx, const char *dir, const char *file,
    int (*row)(struct rxnorm *, const struct csv_reader *,
    struct csv_record *, struct error *), struct error *err)
{
	struct csv_reader *r;
	struct csv_record rec;
	char path[4096];
	uint64_t lines = 0;
	int got;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (csv_open_file(&r, path, file, '|', CSV_UNQUOTED, err) != 0)
		return -1;
	while ((got = csv_next(r, &rec, err)) > 0) {
		if (row(rx, r, &rec, err) != 0) {
			got = -1;
			break;
		}
		if (++lines % PROGRESS_EVERY == 0)
			tick(rx, file, csv_offset(r), csv_size(r), true);
	}
	if (got == 0)
		tick(rx, file, csv_offset(r), csv_size(r), true);
	csv_close(r);
	return got;
}

static int
compare_rxcui(const void *a, const void *b)
{
	const struct rx_concept *x = a, *y = b;

	return (x->rxcui > y->rxcui) - (x->rxcui < y->rxcui);
}

/* Sorts the concepts and keeps the first of any repeated RXCUI. */
static void
index_concepts(struct rxnorm *rx)
{
	size_t out = 0;

	if (rx->count > 1)
		qsort(rx->concepts, rx->count, sizeof *rx->concepts,
		    compare_rxcui);
	for (size_t i = 0; i < rx->count; i++) {
		if (out > 0 && rx->concepts[out - 1].rxcui ==
		    rx->concepts[i].rxcui) {
			free(rx->concepts[i].name);
			continue;
		}
		rx->concepts[out++] = rx->concepts[i];
	}
	rx->count = out;
}

static struct rx_concept *
find(struct rxnorm *rx, int64_t rxcui)
{
	struct rx_concept key = { .rxcui = rxcui };

	return bsearch(&key, rx->concepts, rx->count, sizeof key,
	    compare_rxcui);
}

static bool
is_ingredient(enum tty t)
{
	return t == TTY_IN || t == TTY_PIN;
}

static bool
is_product(enum tty t)
{
	return t == TTY_SCD || t == TTY_SBD || t == TTY_SCDC || t == TTY_MIN;
}

/* What a link between two term types means, or -1 when nothing to us. */
static int
classify(enum tty x, enum tty y, const char *rela)
{
	bool ingredient_rela = strstr(rela, "ingredient") != NULL ||
	    strcmp(rela, "has_part") == 0 || strcmp(rela, "part_of") == 0;

	if (ingredient_rela && is_product(x) && is_ingredient(y))
		return LINK_INGREDIENT;
	if (ingredient_rela && x == TTY_SBD && y == TTY_BN)
		return LINK_TRADENAME;
	if ((strcmp(rela, "consists_of") == 0 ||
	    strcmp(rela, "constitutes") == 0) && (x == TTY_SCD ||
	    x == TTY_SBD) && y == TTY_SCDC)
		return LINK_COMPONENT;
	if ((strcmp(rela, "has_tradename") == 0 ||
	    strcmp(rela, "tradename_of") == 0) && ((x == TTY_SBD &&
	    y == TTY_SCD) || (x == TTY_IN && y == TTY_BN)))
		return LINK_TRADENAME;
	if ((strcmp(rela, "has_form") == 0 || strcmp(rela, "form_of") == 0) &&
	    x == TTY_PIN && y == TTY_IN)
		return LINK_FORM;
	return -1;
}

static int
add_link(struct rxnorm *rx, size_t from, size_t to, enum link_kind kind,
    struct error *err)
{
	if (rx->link_count == rx->link_capacity) {
		size_t cap = rx->link_capacity ? rx->link_capacity * 2 : 4096;
		struct rx_link *more = realloc(rx->links, cap * sizeof *more);

		if (more == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return -1;
		}
		rx->links = more;
		rx->link_capacity = cap;
	}
	rx->links[rx->link_count].from = from;
	rx->links[rx->link_count].to = to;
	rx->links[rx->link_count++].kind = kind;
	return 0;
}

static int
rel_row(struct rxnorm *rx, const struct csv_reader *r,
    struct csv_record *rec, struct error *err)
{
	struct rx_concept *a, *b;
	int64_t cui1, cui2;
	size_t x, y;
	int kind;

	if (expect_fields(r, rec, REL_FIELDS, err) != 0 ||
	    parse_rxcui(r, rec, REL_RXCUI1, &cui1, err) != 0 ||
	    parse_rxcui(r, rec, REL_RXCUI2, &cui2, err) != 0)
		return -1;
	if (strcmp(rec->field[REL_SAB], "RXNORM") != 0 ||
	    strcmp(rec->field[REL_STYPE1], "CUI") != 0 ||
	    strcmp(rec->field[REL_STYPE2], "CUI") != 0)
		return 0;
	a = find(rx, cui1);
	b = find(rx, cui2);
	if (a == NULL || b == NULL)
		return 0;
	x = (size_t)(a - rx->concepts);
	y = (size_t)(b - rx->concepts);
	kind = classify(a->tty, b->tty, rec->field[REL_RELA]);
	if (kind >= 0)
		return add_link(rx, x, y, (enum link_kind)kind, err);
	kind = classify(b->tty, a->tty, rec->field[REL_RELA]);
	if (kind >= 0)
		return add_link(rx, y, x, (enum link_kind)kind, err);
	return 0;
}

static int
compare_links(const void *a, const void *b)
{
	const struct rx_link *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return (x->to > y->to) - (x->to < y->to);
}

static void
index_links(struct rxnorm *rx)
{
	if (rx->link_count > 1)
		qsort(rx->links, rx->link_count, sizeof *rx->links,
		    compare_links);
	for (size_t i = 0; i < rx->link_count; i++) {
		struct rx_concept *c = &rx->concepts[rx->links[i].from];

		if (c->link_count++ == 0)
			c->first_link = i;
	}
}

static void
add_unique(size_t *list, size_t *count, size_t item)
{
	for (size_t i = 0; i < *count; i++) {
		if (list[i] == item)
			return;
	}
	if (*count < MAX_INGREDIENTS)
		list[(*count)++] = item;
}

/* The ingredient (IN) a precise ingredient is a form of, or itself. */
static size_t
base_ingredient(const struct rxnorm *rx, size_t i)
{
	const struct rx_concept *c = &rx->concepts[i];

	for (size_t k = 0; k < c->link_count; k++) {
		const struct rx_link *l = &rx->links[c->first_link + k];

		if (l->kind == LINK_FORM)
			return l->to;
	}
	return i;
}

/* Collects the ingredients of a concept, following links a few deep. */
static void
ingredients_of(const struct rxnorm *rx, size_t i, int depth, size_t *list,
    size_t *count)
{
	const struct rx_concept *c = &rx->concepts[i];

	if (is_ingredient(c->tty)) {
		add_unique(list, count, base_ingredient(rx, i));
		return;
	}
	if (depth == 0)
		return;
	for (size_t k = 0; k < c->link_count; k++) {
		const struct rx_link *l = &rx->links[c->first_link + k];

		if (l->kind == LINK_FORM || (l->kind == LINK_TRADENAME &&
		    rx->concepts[l->to].tty == TTY_BN))
			continue;
		ingredients_of(rx, l->to, depth - 1, list, count);
	}
}

/* Brands of a concept as a JSON array: an SBD's, or an IN's. */
static void
brands_json(const struct rxnorm *rx, size_t i, struct strbuf *out)
{
	const struct rx_concept *c = &rx->concepts[i];
	int n = 0;

	strbuf_printf(out, "[");
	for (size_t k = 0; k < c->link_count; k++) {
		const struct rx_link *l = &rx->links[c->first_link + k];

		if (l->kind != LINK_TRADENAME || rx->concepts[l->to].tty !=
		    TTY_BN)
			continue;
		strbuf_printf(out, "%s", n++ ? "," : "");
		strbuf_json_string(out, rx->concepts[l->to].name);
	}
	strbuf_printf(out, "]");
}

/* Writing ------------------------------------------------------------------ */

struct writer {
	struct rxnorm *rx;
	sqlite3_stmt *by_rxcui;
	sqlite3_stmt *by_name;
	sqlite3_stmt *insert;
	sqlite3_stmt *update;
	sqlite3_stmt *unlink;
	sqlite3_stmt *link;
	sqlite3_stmt *concept_rxcui;
	struct strbuf brands;
	struct strbuf ingredients;
	struct strbuf generic;
};

static int
prepare(struct store *st, sqlite3_stmt **stmt, const char *sql,
    struct error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) == SQLITE_OK)
		return 0;
	store_fail(st, err, _("cannot prepare a query"));
	return -1;
}

static int
writer_open(struct writer *w, struct error *err)
{
	struct store *st = w->rx->st;

	return prepare(st, &w->by_rxcui, "SELECT drug_id, origin"
	    " FROM drugs_master WHERE rxcui = ?1", err) != 0 ||
	    prepare(st, &w->by_name, "SELECT drug_id, origin FROM drugs_master"
	    " WHERE drug_name = ?1 COLLATE NOCASE", err) != 0 ||
	    prepare(st, &w->insert, "INSERT INTO drugs_master (drug_name,"
	    " generic_name, brand_names, active_ingredients, rxcui, source,"
	    " origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'import')", err) != 0 ||
	    prepare(st, &w->update, "UPDATE drugs_master SET drug_name = ?1,"
	    " generic_name = ?2, brand_names = ?3, active_ingredients = ?4,"
	    " rxcui = ?5, source = ?6 WHERE drug_id = ?7", err) != 0 ||
	    prepare(st, &w->unlink, "DELETE FROM drug_ingredients"
	    " WHERE drug_id = ?1", err) != 0 ||
	    prepare(st, &w->link, "INSERT OR IGNORE INTO drug_ingredients"
	    " (drug_id, concept_id) VALUES (?1, ?2)", err) != 0 ||
	    prepare(st, &w->concept_rxcui, "UPDATE OR IGNORE drug_concepts"
	    " SET rxcui = ?2 WHERE concept_id = ?1 AND rxcui IS NULL",
	    err) != 0 ? -1 : 0;
}

static void
writer_close(struct writer *w)
{
	sqlite3_finalize(w->by_rxcui);
	sqlite3_finalize(w->by_name);
	sqlite3_finalize(w->insert);
	sqlite3_finalize(w->update);
	sqlite3_finalize(w->unlink);
	sqlite3_finalize(w->link);
	sqlite3_finalize(w->concept_rxcui);
	strbuf_free(&w->brands);
	strbuf_free(&w->ingredients);
	strbuf_free(&w->generic);
}

static int
run_stmt(struct store *st, sqlite3_stmt *stmt, struct error *err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	store_fail(st, err, _("cannot save the RxNorm data"));
	return -1;
}

static int
write_ingredients(struct writer *w, struct error *err)
{
	struct rxnorm *rx = w->rx;

	for (size_t i = 0; i < rx->count; i++) {
		struct rx_concept *c = &rx->concepts[i];
		char name[DRUG_NAME_MAX + 1];

		if (!is_ingredient(c->tty) || base_ingredient(rx, i) != i)
			continue;
		snprintf(name, sizeof name, "%s", c->name);
		for (char *p = name; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		if (store_concept_make(rx->st, "ingredient", name, "import",
		    &c->concept_id, err) != 0)
			return -1;
		sqlite3_bind_int64(w->concept_rxcui, 1, c->concept_id);
		sqlite3_bind_int64(w->concept_rxcui, 2, c->rxcui);
		if (run_stmt(rx->st, w->concept_rxcui, err) != 0)
			return -1;
		rx->stats->ingredients++;
	}
	return 0;
}

/* The drug already holding this RXCUI or name: its id and origin. */
static int
existing_drug(struct writer *w, const struct rx_concept *c, int64_t *id,
    bool *imported, struct error *err)
{
	sqlite3_stmt *queries[2] = { w->by_rxcui, w->by_name };

	sqlite3_bind_int64(w->by_rxcui, 1, c->rxcui);
	sqlite3_bind_text(w->by_name, 1, c->name, -1, SQLITE_STATIC);
	for (int q = 0; q < 2; q++) {
		int rc = sqlite3_step(queries[q]);

		if (rc == SQLITE_ROW) {
			*id = sqlite3_column_int64(queries[q], 0);
			*imported = strcmp((const char *)sqlite3_column_text(
			    queries[q], 1), "import") == 0;
		}
		sqlite3_reset(queries[q]);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc != SQLITE_DONE) {
			store_fail(w->rx->st, err, _("cannot read the drugs"));
			return -1;
		}
	}
	return 0;
}

/* Fills the generic name and ingredient list of a drug from its links. */
static size_t
describe(struct writer *w, size_t i, size_t *list)
{
	struct rxnorm *rx = w->rx;
	size_t count = 0;

	ingredients_of(rx, i, 3, list, &count);
	strbuf_clear(&w->generic);
	strbuf_clear(&w->ingredients);
	strbuf_clear(&w->brands);
	strbuf_printf(&w->ingredients, "[");
	for (size_t k = 0; k < count; k++) {
		const char *name = rx->concepts[list[k]].name;

		strbuf_printf(&w->generic, "%s%s", k ? " / " : "", name);
		strbuf_printf(&w->ingredients, "%s", k ? "," : "");
		strbuf_json_string(&w->ingredients, name);
	}
	strbuf_printf(&w->ingredients, "]");
	brands_json(rx, i, &w->brands);
	return count;
}

static int
save_drug(struct writer *w, const struct rx_concept *c, int64_t *id,
    bool update, struct error *err)
{
	sqlite3_stmt *stmt = update ? w->update : w->insert;
	const char *generic = strbuf_text(&w->generic);
	char rxcui[24];

	snprintf(rxcui, sizeof rxcui, "%lld", (long long)c->rxcui);
	sqlite3_bind_text(stmt, 1, c->name, -1, SQLITE_STATIC);
	if (generic[0] != '\0' && strlen(generic) <= DRUG_NAME_MAX)
		sqlite3_bind_text(stmt, 2, generic, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 2);
	sqlite3_bind_text(stmt, 3, strbuf_text(&w->brands), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, strbuf_text(&w->ingredients), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, rxcui, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 6, w->rx->source, -1, SQLITE_STATIC);
	if (update)
		sqlite3_bind_int64(stmt, 7, *id);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		bool refused = (sqlite3_extended_errcode(w->rx->st->db) &
		    0xff) == SQLITE_CONSTRAINT;

		sqlite3_reset(stmt);
		if (refused)
			return 1;	/* a name another drug holds: left out */
		store_fail(w->rx->st, err, _("cannot save the RxNorm data"));
		return -1;
	}
	sqlite3_reset(stmt);
	if (!update)
		*id = sqlite3_last_insert_rowid(w->rx->st->db);
	return 0;
}

static int
write_drug(struct writer *w, size_t i, struct error *err)
{
	struct rxnorm *rx = w->rx;
	const struct rx_concept *c = &rx->concepts[i];
	size_t list[MAX_INGREDIENTS], count;
	bool imported = false;
	int64_t id = 0;
	int found, saved;

	if (strlen(c->name) > DRUG_NAME_MAX) {
		rx->stats->skipped++;
		return 0;
	}
	found = existing_drug(w, c, &id, &imported, err);
	if (found < 0)
		return -1;
	if (found && !imported) {
		rx->stats->kept++;
		return 0;
	}
	count = describe(w, i, list);
	if (strbuf_failed(&w->generic) || strbuf_failed(&w->ingredients) ||
	    strbuf_failed(&w->brands)) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	saved = save_drug(w, c, &id, found, err);
	if (saved < 0)
		return -1;
	if (saved > 0) {
		rx->stats->skipped++;
		return 0;
	}
	sqlite3_bind_int64(w->unlink, 1, id);
	if (found && run_stmt(rx->st, w->unlink, err) != 0)
		return -1;
	for (size_t k = 0; k < count; k++) {
		sqlite3_bind_int64(w->link, 1, id);
		sqlite3_bind_int64(w->link, 2, rx->concepts[list[k]].concept_id);
		if (run_stmt(rx->st, w->link, err) != 0)
			return -1;
	}
	rx->stats->drugs++;
	return 0;
}

static int
write_all(struct rxnorm *rx, struct error *err)
{
	struct writer w = { .rx = rx };
	int rc = writer_open(&w, err);

	if (rc == 0)
		rc = write_ingredients(&w, err);
	for (size_t i = 0; i < rx->count && rc == 0; i++) {
		enum tty t = rx->concepts[i].tty;

		if (t == TTY_BN)
			rx->stats->brands++;
		if (t == TTY_IN || t == TTY_MIN || t == TTY_SCD ||
		    t == TTY_SBD)
			rc = write_drug(&w, i, err);
		tick(rx, _("saving"), i + 1, rx->count, i + 1 == rx->count);
	}
	writer_close(&w);
	return rc;
}

static void
rxnorm_free(struct rxnorm *rx)
{
	for (size_t i = 0; i < rx->count; i++)
		free(rx->concepts[i].name);
	free(rx->concepts);
	free(rx->links);
}

int
store_import_rxnorm(struct store *st, const char *dir,
    const struct import_progress *progress, struct import_stats *stats,
    struct error *err)
{
	struct rxnorm rx = { .st = st, .progress = progress, .stats = stats,
	    .source = "RxNorm" };
	int rc;

	memset(stats, 0, sizeof *stats);
	rc = read_rrf(&rx, dir, "RXNCONSO.RRF", conso_row, err);
	if (rc == 0) {
		index_concepts(&rx);
		rc = read_rrf(&rx, dir, "RXNREL.RRF", rel_row, err);
	}
	if (rc == 0 && rx.count == 0) {
		error_set(err, ERR_INVALID,
		    _("%s/RXNCONSO.RRF holds no RxNorm ingredient, brand or drug names (SAB=RXNORM)"),
		    dir);
		rc = -1;
	}
	if (rc == 0) {
		index_links(&rx);
		rc = store_begin(st, err);
		if (rc == 0 && (write_all(&rx, err) != 0 ||
		    store_commit(st, err) != 0)) {
			store_rollback(st);
			rc = -1;
		}
	}
	rxnorm_free(&rx);
	return rc;
}
