#ifndef PC_STORE_CATALOGUE_H
#define PC_STORE_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "store/store.h"

/*
 * Loading drug knowledge: the shipped catalogue, RxNorm release files and
 * interaction rules in the catalogue's layout.  Each load is one
 * transaction: a file with an error, reported by file, line and column,
 * changes nothing.
 */

/* Told how far a long import has come; total is 0 when unknown. */
struct import_progress {
	void (*report)(void *ctx, const char *stage, uint64_t done,
	    uint64_t total);
	void *ctx;
};

/* What a load did, for the summary line. */
struct import_stats {
	long drugs;		/* drugs added or updated */
	long ingredients;	/* ingredients added */
	long brands;		/* brand names linked */
	long rules;		/* rules added or updated */
	long kept;		/* rows kept because a user or import made them */
	long skipped;		/* rows left out, with the reason counted */
};

/*
 * Loads the catalogue in dir (drugs.csv, groups.csv, interactions.csv,
 * food.csv, allergy.csv, conditions.csv, VERSION, SOURCES) when the store
 * has none or an older one, replacing only the rows of origin
 * 'catalogue'.  *loaded says whether it did; now is the loading time.
 */
int store_catalogue_sync(struct store *st, const char *dir, int64_t now,
    bool *loaded, struct import_stats *stats, struct error *err);

/*
 * The store's catalogue facts: key "version", "sources" or "loaded_at";
 * an empty string when none was loaded.
 */
int store_catalogue_meta(struct store *st, const char *key, char *buf,
    size_t size, struct error *err);

/*
 * Reads interaction rules in the layout of interactions.csv and adds them
 * with origin 'import', replacing any rule of the same pair.  Every
 * ingredient or group named must already be known to the store.
 */
int store_import_interactions(struct store *st, const char *path,
    const struct import_progress *progress, struct import_stats *stats,
    struct error *err);

/*
 * Reads RXNCONSO.RRF and RXNREL.RRF from an RxNorm release folder and adds
 * its ingredients, multi-ingredient, clinical and branded drugs, with
 * their brand names and ingredients, as origin 'import'.
 */
int store_import_rxnorm(struct store *st, const char *dir,
    const struct import_progress *progress, struct import_stats *stats,
    struct error *err);

#endif
