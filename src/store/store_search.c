#include "config.h"

#include "store/store_search.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strbuf.h"
#include "common/textfold.h"
#include "common/wordindex.h"
#include "store/store_internal.h"

/* How many names each step may bring before they are ranked. */
#define FOUND_MAX 640
#define WORD_STEP_LIMIT 200
#define CORRECTIONS_MAX 4
#define QUERY_TOKENS 8

struct found {
	int64_t drug_id;
	enum search_match match;
	int kind_rank;			/* name, generic, brand */
	size_t length;
	char matched[SEARCH_TEXT_SIZE];
};

struct gather {
	struct found items[FOUND_MAX];
	size_t count;
	char query[SEARCH_TEXT_SIZE];	/* folded */
	char *tokens[QUERY_TOKENS];
	size_t token_count;
	char token_text[SEARCH_TEXT_SIZE];
};

/* Typo index ----------------------------------------------------------------- */

/* The words of every drug name, indexed for typos, for one connection. */
struct search_cache {
	struct word_index *words;
	int64_t names_version;		/* of search_state, when built */
};

void
store_search_release(struct store *st)
{
	if (st->search == NULL)
		return;
	word_index_free(st->search->words);
	free(st->search);
	st->search = NULL;
}

static int
names_version(struct store *st, int64_t *version, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT names_version"
	    " FROM search_state WHERE id = 1", err);
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	store_fail(st, err, _("cannot read the search index"));
	return -1;
}

/* Reads the vocabulary of the full-text index into a new word index. */
static int
build_words(struct store *st, struct word_index **out, struct error *err)
{
	struct word_index *words = word_index_new();
	sqlite3_stmt *stmt = stmt_get(st, "SELECT term FROM drug_names_vocab",
	    err);
	int rc = SQLITE_NOMEM;

	if (words == NULL || stmt == NULL) {
		word_index_free(words);
		if (stmt != NULL)
			error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (word_index_add(words,
		    (const char *)sqlite3_column_text(stmt, 0)) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		word_index_free(words);
		if (rc == SQLITE_NOMEM)
			error_set(err, ERR_INTERNAL, _("out of memory"));
		else
			store_fail(st, err, _("cannot read the search index"));
		return -1;
	}
	*out = words;
	return 0;
}

int
store_search_refresh(struct store *st, struct error *err)
{
	struct word_index *words;
	int64_t version;

	if (names_version(st, &version, err) != 0)
		return -1;
	if (st->search != NULL && st->search->names_version == version)
		return 0;
	if (build_words(st, &words, err) != 0)
		return -1;
	if (st->search == NULL && (st->search = calloc(1,
	    sizeof *st->search)) == NULL) {
		word_index_free(words);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	word_index_free(st->search->words);
	st->search->words = words;
	st->search->names_version = version;
	return 0;
}

/* Gathering ------------------------------------------------------------------- */

static int
kind_rank(const char *kind)
{
	if (strcmp(kind, "name") == 0)
		return 0;
	return strcmp(kind, "generic") == 0 ? 1 : 2;
}

static bool
better(const struct found *x, const struct found *y)
{
	if (x->match != y->match)
		return x->match < y->match;
	if (x->kind_rank != y->kind_rank)
		return x->kind_rank < y->kind_rank;
	return x->length < y->length;
}

/* Ranks one name against the query and keeps the best per drug. */
static void
consider(struct gather *g, int64_t drug_id, const char *name,
    const char *kind, enum search_match floor)
{
	char folded[SEARCH_TEXT_SIZE];
	size_t qlen = strlen(g->query);
	struct found f;

	text_fold(name, folded, sizeof folded);
	f.drug_id = drug_id;
	f.kind_rank = kind_rank(kind);
	f.length = strlen(folded);
	if (strcmp(folded, g->query) == 0)
		f.match = SEARCH_EXACT;
	else if (strncmp(folded, g->query, qlen) == 0)
		f.match = SEARCH_PREFIX;
	else
		f.match = floor;
	snprintf(f.matched, sizeof f.matched, "%s", name);

	for (size_t i = 0; i < g->count; i++) {
		if (g->items[i].drug_id != drug_id)
			continue;
		if (better(&f, &g->items[i]))
			g->items[i] = f;
		return;
	}
	if (g->count < FOUND_MAX)
		g->items[g->count++] = f;
}

/* Runs a query whose rows are (drug_id, name, kind) and considers each. */
static int
gather_rows(struct store *st, struct gather *g, sqlite3_stmt *stmt,
    enum search_match floor, struct error *err)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		consider(g, sqlite3_column_int64(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1),
		    (const char *)sqlite3_column_text(stmt, 2), floor);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(st, err, _("cannot search the drugs"));
	return -1;
}

/* Names that begin with the query as typed, through the name index. */
static int
gather_prefix(struct store *st, struct gather *g, size_t max,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT drug_id, name, kind"
	    " FROM drug_names WHERE name >= ?1 AND name < ?2"
	    " ORDER BY name LIMIT ?3", err);
	char upper[SEARCH_TEXT_SIZE + 8];

	if (stmt == NULL)
		return -1;
	snprintf(upper, sizeof upper, "%s\xf4\x8f\xbf\xbf", g->query);
	sqlite3_bind_text(stmt, 1, g->query, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, upper, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)(max * 2 + 8));
	return gather_rows(st, g, stmt, SEARCH_PREFIX, err);
}

/* Full-text query on the words of the names. */
static int
gather_fts(struct store *st, struct gather *g, const char *expression,
    enum search_match floor, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT n.drug_id, n.name, n.kind"
	    " FROM drug_names_fts f JOIN drug_names n"
	    " ON n.name_id = f.rowid WHERE drug_names_fts MATCH ?1 LIMIT ?2",
	    err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, expression, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, WORD_STEP_LIMIT);
	return gather_rows(st, g, stmt, floor, err);
}

/* Words -------------------------------------------------------------------- */

static void
split_tokens(struct gather *g)
{
	char *save = NULL;

	snprintf(g->token_text, sizeof g->token_text, "%s", g->query);
	g->token_count = 0;
	for (char *t = strtok_r(g->token_text, " ", &save); t != NULL &&
	    g->token_count < QUERY_TOKENS; t = strtok_r(NULL, " ", &save))
		g->tokens[g->token_count++] = t;
}

/* "tok"* for every token: each word of the query begins a word. */
static void
word_expression(const struct gather *g, struct strbuf *out)
{
	for (size_t i = 0; i < g->token_count; i++)
		strbuf_printf(out, "%s\"%s\"*", i ? " " : "", g->tokens[i]);
}

/*
 * The same with typos corrected: ("tok"* OR "word" OR ...) per token.
 * Returns whether any token had a correction.
 */
static int
fuzzy_expression(struct word_index *words, const struct gather *g,
    struct strbuf *out)
{
	int any = 0;

	for (size_t i = 0; i < g->token_count; i++) {
		struct word_match list[CORRECTIONS_MAX];
		size_t length = text_length(g->tokens[i]), count = 0;
		bool last = i + 1 == g->token_count;

		/* A typo in four letters or fewer leaves too little to go on. */
		if (length >= 4)
			count = word_index_near(words, g->tokens[i], last,
			    length <= 5 ? 1 : 2, list, CORRECTIONS_MAX);
		strbuf_printf(out, "%s(\"%s\"*", i ? " AND " : "",
		    g->tokens[i]);
		for (size_t k = 0; k < count; k++)
			strbuf_printf(out, " OR \"%s\"", list[k].word);
		strbuf_printf(out, ")");
		any |= count > 0;
	}
	return any;
}

static bool
found_exact(const struct gather *g)
{
	for (size_t i = 0; i < g->count; i++) {
		if (g->items[i].match == SEARCH_EXACT)
			return true;
	}
	return false;
}

static int
gather(struct store *st, struct gather *g, size_t max, struct error *err)
{
	struct strbuf expr = { 0 };
	int rc = gather_prefix(st, g, max, err);

	if (rc == 0) {
		word_expression(g, &expr);
		rc = gather_fts(st, g, strbuf_text(&expr), SEARCH_WORD, err);
	}
	/* A name typed right needs no guessing. */
	if (rc == 0 && g->count < max && !found_exact(g)) {
		int any;

		strbuf_clear(&expr);
		any = fuzzy_expression(st->search->words, g, &expr);
		if (any > 0)
			rc = gather_fts(st, g, strbuf_text(&expr),
			    SEARCH_FUZZY, err);
	}
	if (rc == 0 && strbuf_failed(&expr)) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		rc = -1;
	}
	strbuf_free(&expr);
	return rc;
}

static int
compare_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (better(x, y))
		return -1;
	if (better(y, x))
		return 1;
	if (strcmp(x->matched, y->matched) != 0)
		return strcmp(x->matched, y->matched);
	return (x->drug_id > y->drug_id) - (x->drug_id < y->drug_id);
}

static void
copy_column(sqlite3_stmt *stmt, int column, char *out, size_t size)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);

	snprintf(out, size, "%s", text != NULL ? (const char *)text : "");
}

static int
describe_hit(struct store *st, const struct found *f, struct search_hit *hit,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT drug_name, generic_name,"
	    " (SELECT group_concat(value, ', ') FROM json_each(brand_names)),"
	    " drug_class, origin FROM drugs_master WHERE drug_id = ?1", err);

	if (stmt == NULL)
		return -1;
	memset(hit, 0, sizeof *hit);
	hit->drug_id = f->drug_id;
	hit->match = f->match;
	snprintf(hit->matched, sizeof hit->matched, "%s", f->matched);
	sqlite3_bind_int64(stmt, 1, f->drug_id);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		store_fail(st, err, _("cannot search the drugs"));
		return -1;
	}
	copy_column(stmt, 0, hit->name, sizeof hit->name);
	copy_column(stmt, 1, hit->generic, sizeof hit->generic);
	copy_column(stmt, 2, hit->brands, sizeof hit->brands);
	copy_column(stmt, 3, hit->drug_class, sizeof hit->drug_class);
	copy_column(stmt, 4, hit->origin, sizeof hit->origin);
	sqlite3_reset(stmt);
	return 0;
}

int
store_search_drugs(struct store *st, const char *query,
    struct search_hit *hits, size_t max, size_t *count, struct error *err)
{
	struct gather *g;
	int rc = 0;

	*count = 0;
	if (store_search_refresh(st, err) != 0)
		return -1;
	g = calloc(1, sizeof *g);
	if (g == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	if (text_fold(query, g->query, sizeof g->query) == 0) {
		error_set(err, ERR_USAGE,
		    _("type at least one letter or digit of a drug's name"));
		free(g);
		return -1;
	}
	split_tokens(g);
	if (gather(st, g, max, err) != 0) {
		free(g);
		return -1;
	}
	qsort(g->items, g->count, sizeof *g->items, compare_found);
	for (size_t i = 0; i < g->count && *count < max && rc == 0; i++) {
		rc = describe_hit(st, &g->items[i], &hits[*count], err);
		*count += rc == 0;
	}
	free(g);
	return rc;
}

static int
resolve_ingredient(struct store *st, const char *name, struct drug_ref *out,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT concept_id, name"
	    " FROM drug_concepts WHERE kind = 'ingredient' AND name = ?1",
	    err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->drug_id = 0;
		out->concept_id = sqlite3_column_int64(stmt, 0);
		copy_column(stmt, 1, out->name, sizeof out->name);
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	store_fail(st, err, _("cannot search the drugs"));
	return -1;
}

int
store_drug_resolve(struct store *st, const char *name, struct drug_ref *out,
    struct error *err)
{
	/* A drug's own name before a generic or brand of another one. */
	sqlite3_stmt *stmt = stmt_get(st, "SELECT n.drug_id, d.drug_name"
	    " FROM drug_names n JOIN drugs_master d ON d.drug_id = n.drug_id"
	    " WHERE n.name = ?1 ORDER BY n.kind = 'name' DESC,"
	    " n.kind = 'generic' DESC, d.origin = 'catalogue' DESC,"
	    " length(d.drug_name), d.drug_id LIMIT 1", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->drug_id = sqlite3_column_int64(stmt, 0);
		copy_column(stmt, 1, out->name, sizeof out->name);
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot search the drugs"));
		return -1;
	}
	return resolve_ingredient(st, name, out, err);
}
