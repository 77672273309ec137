#include "config.h"

#include "store/bind.h"

#include <limits.h>
#include <stdlib.h>

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
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return NULL;
		}
		*v = p;
		*cap = c;
	}
	return (char *)*v + (*n)++ * size;
}
