#ifndef PC_STORE_INTERNAL_H
#define PC_STORE_INTERNAL_H

/*
 * Shared by the files of src/store only: the connection itself and a cache
 * of prepared statements, so each query is compiled once per connection.
 */

#include <sqlite3.h>

#include "store/store.h"

#define STMT_CACHE_SIZE 128

struct stmt_slot {
	const char *sql;	/* a string literal: compared by address */
	sqlite3_stmt *stmt;
};

struct search_cache;

struct store {
	sqlite3 *db;
	char *path;
	struct stmt_slot cache[STMT_CACHE_SIZE];
	int in_transaction;
	struct search_cache *search;	/* drug search's word index */
};

/*
 * Returns a reset statement for sql, preparing it on first use.  The SQL
 * must be a string literal: the cache keys on its address.
 */
sqlite3_stmt *stmt_get(struct store *st, const char *sql, struct error *err);

/* Fills err from the connection's last failure, prefixed with what. */
void store_fail(struct store *st, struct error *err, const char *what);

/* Frees what drug search keeps for the connection (store_search.c). */
void store_search_release(struct store *st);

/* Runs SQL that takes no parameters and returns no rows. */
int store_exec(struct store *st, const char *sql, struct error *err);

#endif
