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

struct store {
	sqlite3 *db;
	char *path;
	struct stmt_slot cache[STMT_CACHE_SIZE];
	int in_transaction;
};

/*
 * Returns a reset statement for sql, preparing it on first use.  The SQL
 * must be a string literal: the cache keys on its address.
 */
sqlite3_stmt *stmt_get(struct store *st, const char *sql, struct error *err);

/* Fills err from the connection's last failure, prefixed with what. */
void store_fail(struct store *st, struct error *err, const char *what);

/* Runs SQL that takes no parameters and returns no rows. */
int store_exec(struct store *st, const char *sql, struct error *err);

/*
 * Binding and reading helpers.  A zero id or a NULL text or empty blob is
 * bound as SQL NULL, and read back the same way.
 */
struct blob;
int store_bind_id(sqlite3_stmt *stmt, int index, int64_t id);
int store_bind_text(sqlite3_stmt *stmt, int index, const char *text);
int store_bind_blob(sqlite3_stmt *stmt, int index, const struct blob *b);
int store_column_blob(sqlite3_stmt *stmt, int index, struct blob *out);
void store_column_text(sqlite3_stmt *stmt, int index, char *buf,
    size_t size);

/* Fills err for a failed allocation and returns -1. */
int store_out_of_memory(struct error *err);

/*
 * Steps through every row of stmt, growing *list by one zeroed element of
 * size bytes a row for read to fill; read returns -1 when out of memory.
 * On failure the rows read so far stay in *list (*count of them) for the
 * caller to free.
 */
int store_collect_rows(struct store *st, sqlite3_stmt *stmt, void **list,
    size_t *count, size_t size, int (*read)(sqlite3_stmt *, void *),
    struct error *err);

/*
 * Steps a statement that selects one row by id into out with read; a
 * missing row is ERR_NOT_FOUND "there is no <what> <id>".  On failure
 * out may hold part of a row for the caller to free.
 */
int store_fetch_one(struct store *st, sqlite3_stmt *stmt, int64_t id,
    const char *what, void *out, int (*read)(sqlite3_stmt *, void *),
    struct error *err);

/* Steps a statement that returns no row; fills err with what on failure. */
int store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what,
    struct error *err);

/*
 * Steps a statement expected to return one row: 1 with a row, 0 when
 * there is none, -1 with err filled on failure.
 */
int store_step_row(struct store *st, sqlite3_stmt *stmt, const char *what,
    struct error *err);

#endif
