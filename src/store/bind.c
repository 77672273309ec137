#include "config.h"

#include "store/bind.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "common/i18n.h"

int
store_bind_day(sqlite3_stmt *stmt, int index, int day)
{
	char text[DATE_TEXT_SIZE];

	if (day == INT_MIN || day == INT_MAX)
		return sqlite3_bind_null(stmt, index);
	date_format(day, text);
	return sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
}

int
store_bind_id(sqlite3_stmt *stmt, int index, int64_t id)
{
	if (id == 0)
		return sqlite3_bind_null(stmt, index);
	return sqlite3_bind_int64(stmt, index, id);
}

int
store_bind_sealed(sqlite3_stmt *stmt, int index, struct store_sealed s)
{
	if (s.data == NULL)
		return sqlite3_bind_null(stmt, index);
	return sqlite3_bind_blob(stmt, index, s.data, (int)s.len,
	    SQLITE_TRANSIENT);
}

int
store_column_day(sqlite3_stmt *stmt, int col, int fallback)
{
	const char *text = (const char *)sqlite3_column_text(stmt, col);
	int day;

	if (text == NULL || date_parse(text, &day) != 0)
		return fallback;
	return day;
}

int
store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what,
    struct error *err)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(stmt);
		return 0;
	}
	store_fail(st, err, what);
	if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE)
		err->kind = ERR_CONFLICT;
	sqlite3_reset(stmt);
	return -1;
}

int64_t
store_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int
store_changes(struct store *st)
{
	return sqlite3_changes(st->db);
}

void *
store_push(void **v, size_t *n, size_t *cap, size_t size, struct error *err)
{
	if (*n == *cap) {
		size_t c = *cap == 0 ? 32 : *cap * 2;
		void *p = realloc(*v, c * size);

		if (p == NULL) {
			store_out_of_memory(err);
			return NULL;
		}
		*v = p;
		*cap = c;
	}
	return (char *)*v + (*n)++ * size;
}

int
store_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text == NULL)
		return sqlite3_bind_null(stmt, index);
	return sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
}

int
store_bind_blob(sqlite3_stmt *stmt, int index, const struct blob *b)
{
	struct store_sealed s = { NULL, 0 };

	if (b != NULL) {
		s.data = b->data;
		s.len = b->len;
	}
	return store_bind_sealed(stmt, index, s);
}

int
store_column_blob(sqlite3_stmt *stmt, int index, struct blob *out)
{
	const void *data = sqlite3_column_blob(stmt, index);
	int len = sqlite3_column_bytes(stmt, index);

	blob_free(out);
	if (data == NULL || sqlite3_column_type(stmt, index) == SQLITE_NULL)
		return 0;
	return blob_set(out, data, (size_t)len);
}

void
store_column_text(sqlite3_stmt *stmt, int index, char *buf, size_t size)
{
	const char *text = (const char *)sqlite3_column_text(stmt, index);
	size_t len;

	if (size == 0)
		return;
	if (text == NULL) {
		buf[0] = '\0';
		return;
	}
	len = strlen(text);
	if (len >= size)
		len = size - 1;
	memcpy(buf, text, len);
	buf[len] = '\0';
}

int
store_step_row(struct store *st, sqlite3_stmt *stmt, const char *what,
    struct error *err)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(st, err, what);
	sqlite3_reset(stmt);
	return -1;
}

int
store_step_int(struct store *st, sqlite3_stmt *stmt, int64_t if_null,
    int64_t *out, const char *what, struct error *err)
{
	int rc = store_step_row(st, stmt, what, err);

	if (rc == 1)
		*out = sqlite3_column_type(stmt, 0) == SQLITE_NULL ? if_null :
		    sqlite3_column_int64(stmt, 0);
	else if (rc == 0)
		store_fail(st, err, what);
	sqlite3_reset(stmt);
	return rc == 1 ? 0 : -1;
}

int
store_out_of_memory(struct error *err)
{
	error_set(err, ERR_INTERNAL, _("out of memory"));
	return -1;
}

int
store_collect_rows(struct store *st, sqlite3_stmt *stmt, void **list,
    size_t *count, size_t size, int (*read)(sqlite3_stmt *, void *),
    struct error *err)
{
	size_t cap = 0;
	void *row;
	int rc;

	*list = NULL;
	*count = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((row = store_push(list, count, &cap, size, err)) == NULL) {
			sqlite3_reset(stmt);
			return -1;
		}
		memset(row, 0, size);
		if (read(stmt, row) != 0) {
			sqlite3_reset(stmt);
			return store_out_of_memory(err);
		}
	}
	if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot read the store"));
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	return 0;
}

static int
read_id(sqlite3_stmt *stmt, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(stmt, 0);
	return 0;
}

int
store_collect_ids(struct store *st, sqlite3_stmt *stmt, int64_t **out,
    size_t *count, struct error *err)
{
	void *ids;

	*out = NULL;
	if (store_collect_rows(st, stmt, &ids, count, sizeof **out, read_id,
	    err) != 0) {
		free(ids);
		*count = 0;
		return -1;
	}
	*out = ids;
	return 0;
}

int
store_int_by_id(struct store *st, sqlite3_stmt *stmt, int64_t id,
    int64_t if_null, int64_t *out, const char *what, struct error *err)
{
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return store_step_int(st, stmt, if_null, out, what, err);
}

int
store_fetch_one(struct store *st, sqlite3_stmt *stmt, int64_t id,
    const char *what, void *out, int (*read)(sqlite3_stmt *, void *),
    struct error *err)
{
	int rc = store_step_row(st, stmt, _("cannot read the store"), err);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		sqlite3_reset(stmt);
		error_set(err, ERR_NOT_FOUND, _("there is no %s %lld"), what,
		    (long long)id);
		return -1;
	}
	rc = read(stmt, out);
	sqlite3_reset(stmt);
	return rc == 0 ? 0 : store_out_of_memory(err);
}
