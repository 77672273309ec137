#ifndef PC_STORE_BIND_H
#define PC_STORE_BIND_H

/*
 * Small helpers shared by the store's files for binding the schema's
 * conventions (dates as text, optional ids, sealed blobs), for reading
 * columns back, and for stepping statements.
 */

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "common/blob.h"
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

/* Binds text, or NULL when text is NULL. */
int store_bind_text(sqlite3_stmt *stmt, int index, const char *text);

/* Binds a blob's bytes, or NULL when it is empty. */
int store_bind_blob(sqlite3_stmt *stmt, int index, const struct blob *b);

/* Copies a BLOB column into out (empty for NULL); -1 when out of memory. */
int store_column_blob(sqlite3_stmt *stmt, int index, struct blob *out);

/* Copies a TEXT column into buf, cut to size; "" for NULL. */
void store_column_text(sqlite3_stmt *stmt, int index, char *buf,
    size_t size);

/*
 * Steps a statement expected to return one row: 1 with a row, 0 when
 * there is none, -1 with err filled on failure.
 */
int store_step_row(struct store *st, sqlite3_stmt *stmt, const char *what,
    struct error *err);

/*
 * Steps a statement that returns one row and reads its first column as
 * an integer, a NULL reading as if_null; resets the statement.
 */
int store_step_int(struct store *st, sqlite3_stmt *stmt, int64_t if_null,
    int64_t *out, const char *what, struct error *err);

/* Fills err for a failed allocation and returns -1. */
int store_out_of_memory(struct error *err);

/*
 * Steps through every row of stmt, adding one zeroed element of size
 * bytes to *list a row for read to fill; read returns -1 when out of
 * memory.  On failure the rows read so far stay in *list (*count of them)
 * for the caller to free.
 */
int store_collect_rows(struct store *st, sqlite3_stmt *stmt, void **list,
    size_t *count, size_t size, int (*read)(sqlite3_stmt *, void *),
    struct error *err);

/*
 * Collects the first column of every row of stmt as an id, in a new
 * array the caller frees (NULL, with err, on failure).
 */
int store_collect_ids(struct store *st, sqlite3_stmt *stmt, int64_t **out,
    size_t *count, struct error *err);

/*
 * Binds id to ?1 of a statement returning one row and reads its first
 * column as an integer, a NULL reading as if_null.
 */
int store_int_by_id(struct store *st, sqlite3_stmt *stmt, int64_t id,
    int64_t if_null, int64_t *out, const char *what, struct error *err);

/*
 * Steps a statement that selects one row by id into out with read; a
 * missing row is ERR_NOT_FOUND "there is no <what> <id>".  On failure
 * out may hold part of a row for the caller to free.
 */
int store_fetch_one(struct store *st, sqlite3_stmt *stmt, int64_t id,
    const char *what, void *out, int (*read)(sqlite3_stmt *, void *),
    struct error *err);

/* The rowid of the last insert on this connection. */
int64_t store_last_id(struct store *st);

/* Rows changed by the last statement on this connection. */
int store_changes(struct store *st);

#endif
