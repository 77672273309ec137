#ifndef PC_STORE_BIND_H
#define PC_STORE_BIND_H

/*
 * Small helpers shared by the store's files for binding the schema's
 * conventions (dates as text, optional ids, sealed blobs) and for running
 * a statement that returns no rows.
 */

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "store/store_internal.h"

/* Ciphertext made by the accounts code; the store never opens it. */
struct store_sealed {
	const void *data;	/* NULL for no value */
	size_t len;
};

/* Binds a day number as 'YYYY-MM-DD', or NULL for INT_MIN / INT_MAX. */
int store_bind_day(sqlite3_stmt *stmt, int index, int day);

/* Binds an id, or NULL when it is 0. */
int store_bind_id(sqlite3_stmt *stmt, int index, int64_t id);

/* Binds a sealed blob, or NULL when it has no data. */
int store_bind_sealed(sqlite3_stmt *stmt, int index, struct store_sealed s);

/* Reads a 'YYYY-MM-DD' column as a day number, or fallback when NULL. */
int store_column_day(sqlite3_stmt *stmt, int col, int fallback);

/*
 * Steps a statement that returns no rows.  A UNIQUE violation becomes
 * ERR_CONFLICT, another constraint ERR_INVALID, the rest ERR_STORE.
 */
int store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what,
    struct error *err);

/*
 * Makes room for one more element of size bytes at the end of *v (n used,
 * cap allocated) and returns it, or NULL with err set.
 */
void *store_push(void **v, size_t *n, size_t *cap, size_t size,
    struct error *err);

/* The rowid of the last insert on this connection. */
int64_t store_last_id(struct store *st);

/* Rows changed by the last statement on this connection. */
int store_changes(struct store *st);

#endif
