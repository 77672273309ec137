#include "config.h"

#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "store/store_internal.h"

static void
add_check(struct store_check *checks, int max, int *n, const char *name,
    bool ok, const char *detail)
{
	if (*n >= max)
		return;
	checks[*n].name = name;
	checks[*n].ok = ok;
	snprintf(checks[*n].detail, sizeof checks[*n].detail, "%s", detail);
	(*n)++;
}

static void
check_integrity(struct store *st, bool quick, struct store_check *checks,
    int max, int *n)
{
	sqlite3_stmt *stmt;
	char first[200] = "";
	int problems = 0;

	if (sqlite3_prepare_v2(st->db, quick ? "PRAGMA quick_check" :
	    "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK) {
		add_check(checks, max, n, "integrity", false,
		    sqlite3_errmsg(st->db));
		return;
	}
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(stmt, 0);

		if (line != NULL && strcmp(line, "ok") == 0)
			continue;
		if (problems++ == 0 && line != NULL)
			snprintf(first, sizeof first, "%s", line);
	}
	sqlite3_finalize(stmt);
	add_check(checks, max, n, "integrity", problems == 0,
	    problems == 0 ? "ok" : first);
}

static void
check_foreign_keys(struct store *st, struct store_check *checks, int max,
    int *n)
{
	sqlite3_stmt *stmt;
	char table[128] = "";
	int dangling = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &stmt,
	    NULL) != SQLITE_OK) {
		add_check(checks, max, n, "foreign keys", false,
		    sqlite3_errmsg(st->db));
		return;
	}
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (dangling++ == 0)
			snprintf(table, sizeof table,
			    _("dangling references in %s"),
			    (const char *)sqlite3_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	add_check(checks, max, n, "foreign keys", dangling == 0,
	    dangling == 0 ? "ok" : table);
}

static void
check_version(struct store *st, struct store_check *checks, int max, int *n)
{
	struct error err;
	char text[64];
	int version = store_schema_version(st, &err);
	int latest = store_schema_version_latest();

	snprintf(text, sizeof text, "%d (latest %d)", version, latest);
	add_check(checks, max, n, "schema version", version == latest, text);
}

static void
check_file_mode(struct store *st, struct store_check *checks, int max,
    int *n)
{
	struct stat sb;
	char text[64];

	if (stat(st->path, &sb) != 0) {
		add_check(checks, max, n, "permissions", false,
		    strerror(errno));
		return;
	}
	snprintf(text, sizeof text, "%04o", (unsigned)(sb.st_mode & 07777));
	add_check(checks, max, n, "permissions",
	    (sb.st_mode & (S_IROTH | S_IWOTH)) == 0, text);
}

static void
check_journal(struct store *st, struct store_check *checks, int max, int *n)
{
	sqlite3_stmt *stmt;
	char mode[32] = "unknown";

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &stmt,
	    NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(mode, sizeof mode, "%s",
		    (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	add_check(checks, max, n, "journal mode", strcmp(mode, "wal") == 0,
	    mode);
}

int
store_doctor(struct store *st, bool quick, struct store_check *checks,
    int max, struct error *err)
{
	int n = 0;

	(void)err;
	check_integrity(st, quick, checks, max, &n);
	check_foreign_keys(st, checks, max, &n);
	check_version(st, checks, max, &n);
	check_file_mode(st, checks, max, &n);
	check_journal(st, checks, max, &n);
	return n;
}

int
store_backup(struct store *st, const char *dest, struct error *err)
{
	sqlite3 *out = NULL;
	sqlite3_backup *backup;
	int fd, rc;

	/* The copy holds the same health data: as private as the original. */
	fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		error_set(err, errno == EEXIST ? ERR_CONFLICT : ERR_IO,
		    errno == EEXIST ?
		    _("%s already exists; choose a new file for the backup") :
		    _("cannot create %s: %s"), dest, strerror(errno));
		return -1;
	}
	close(fd);

	if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		error_set(err, ERR_IO, _("cannot open %s: %s"), dest,
		    sqlite3_errmsg(out));
		sqlite3_close(out);
		unlink(dest);
		return -1;
	}
	backup = sqlite3_backup_init(out, "main", st->db, "main");
	if (backup == NULL) {
		error_set(err, ERR_STORE, _("cannot start the backup: %s"),
		    sqlite3_errmsg(out));
		sqlite3_close(out);
		unlink(dest);
		return -1;
	}

	/*
	 * Copy in slices and let writers in between: a write by another
	 * connection restarts the copy, which still ends consistent.
	 */
	do {
		rc = sqlite3_backup_step(backup, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(backup);

	if (rc != SQLITE_DONE) {
		error_set(err, ERR_STORE, _("the backup failed: %s"),
		    sqlite3_errstr(rc));
		sqlite3_close(out);
		unlink(dest);
		return -1;
	}
	rc = sqlite3_exec(out, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_close(out);
	if (rc != SQLITE_OK) {
		error_set(err, ERR_STORE, _("the backup failed: %s"),
		    sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

int64_t
store_count_rows(struct store *st, const char *table, struct error *err)
{
	sqlite3_stmt *stmt;
	char sql[160];
	int64_t count = -1;

	/* Only a name the schema itself lists reaches the query text. */
	stmt = stmt_get(st, "SELECT 1 FROM sqlite_schema"
	    " WHERE type = 'table' AND name = ?1", err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		error_set(err, ERR_NOT_FOUND, _("no table named %s"), table);
		return -1;
	}
	sqlite3_reset(stmt);

	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, err, _("cannot count rows"));
		return -1;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW)
		count = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return count;
}
