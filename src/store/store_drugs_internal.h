#ifndef PC_STORE_DRUGS_INTERNAL_H
#define PC_STORE_DRUGS_INTERNAL_H

/*
 * Shared by the drug-knowledge files of src/store: ingredients and groups
 * ("concepts") by name, and id lists bound to queries as JSON arrays.
 */

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "store/store_internal.h"

/* Finds a concept ("ingredient" or "group") by name: 1, 0 or -1. */
int store_concept_find(struct store *st, const char *kind, const char *name,
    int64_t *id, struct error *err);

/* Finds or adds a concept, marking a new one with origin. */
int store_concept_make(struct store *st, const char *kind, const char *name,
    const char *origin, int64_t *id, struct error *err);

/*
 * Writes to buf the known concept of this kind closest to name, at most
 * max_typos away, or an empty string when none is that near.
 */
void store_concept_closest(struct store *st, const char *kind,
    const char *name, int max_typos, char *buf, size_t size);

/* Writes ids as a JSON array, for "IN (SELECT value FROM json_each(?))". */
void store_ids_json(const int64_t *ids, size_t count, struct strbuf *out);

#endif
