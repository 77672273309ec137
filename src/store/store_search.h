#ifndef PC_STORE_SEARCH_H
#define PC_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "store/store.h"

/*
 * Finding a drug by any of its names, the same in the interface and on the
 * command line: as the person types (prefixes of words), without regard to
 * case or accents, and past a typo or two.  Exact names come first, then
 * names that begin with what was typed, then names with a word that does,
 * then names found by correcting a typo.
 */

enum search_match {
	SEARCH_EXACT,		/* the whole name */
	SEARCH_PREFIX,		/* the name begins with the query */
	SEARCH_WORD,		/* each word of the query begins a word */
	SEARCH_FUZZY		/* after correcting a typo */
};

#define SEARCH_TEXT_SIZE 304

struct search_hit {
	int64_t drug_id;
	enum search_match match;
	char matched[SEARCH_TEXT_SIZE];	/* the name that matched */
	char name[SEARCH_TEXT_SIZE];
	char generic[SEARCH_TEXT_SIZE];
	char brands[SEARCH_TEXT_SIZE];	/* "Advil, Motrin" */
	char drug_class[SEARCH_TEXT_SIZE];
	char origin[12];
};

/*
 * Fills up to max hits for what a person typed, best first, one per drug;
 * *count says how many.  A query without a letter or digit is an error.
 */
int store_search_drugs(struct store *st, const char *query,
    struct search_hit *hits, size_t max, size_t *count, struct error *err);

/* A drug named exactly, or failing that an ingredient of that name. */
struct drug_ref {
	int64_t drug_id;		/* 0 when only an ingredient matched */
	int64_t concept_id;		/* the ingredient, when drug_id is 0 */
	char name[SEARCH_TEXT_SIZE];
};

/*
 * Finds the drug a name means, ignoring case: 1 when found, 0 when
 * nothing has that name (search for suggestions), -1 on error.
 */
int store_drug_resolve(struct store *st, const char *name,
    struct drug_ref *out, struct error *err);

/*
 * Brings this connection's typo index (the words of every drug name, kept
 * in memory) up to date; search does so itself, this lets a program pay
 * the cost before the first search.
 */
int store_search_refresh(struct store *st, struct error *err);

#endif
