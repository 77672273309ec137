#include "config.h"

#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/i18n.h"
#include "store/migrations.h"
#include "store/store_internal.h"

/* How long a writer waits for another terminal's transaction to end. */
#define BUSY_TIMEOUT_MS 15000

void
store_fail(struct store *st, struct error *err, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);
	enum error_kind kind = ERR_STORE;

	if ((code & 0xff) == SQLITE_CONSTRAINT)
		kind = ERR_INVALID;
	error_set(err, kind, "%s: %s", what, sqlite3_errmsg(st->db));
}

int
store_exec(struct store *st, const char *sql, struct error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(err, (sqlite3_extended_errcode(st->db) & 0xff) ==
		    SQLITE_CONSTRAINT ? ERR_INVALID : ERR_STORE, "%s",
		    msg != NULL ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *
stmt_get(struct store *st, const char *sql, struct error *err)
{
	unsigned slot = (unsigned)(((uintptr_t)sql >> 3) % STMT_CACHE_SIZE);
	struct stmt_slot *s = &st->cache[slot];

	if (s->sql == sql) {
		sqlite3_reset(s->stmt);
		sqlite3_clear_bindings(s->stmt);
		return s->stmt;
	}
	if (s->stmt != NULL) {
		sqlite3_finalize(s->stmt);
		s->stmt = NULL;
		s->sql = NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->stmt, NULL) != SQLITE_OK) {
		store_fail(st, err, _("cannot prepare a query"));
		return NULL;
	}
	s->sql = sql;
	return s->stmt;
}

static int
make_private_dir(const char *path, struct error *err)
{
	char *copy = strdup(path);
	char *slash;
	int rc = 0;

	if (copy == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	slash = strrchr(copy, '/');
	if (slash == NULL || slash == copy) {
		free(copy);
		return 0;
	}
	*slash = '\0';

	/* Create the parents first; only the store's own folder is ours. */
	for (char *p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
		if (rc != 0)
			break;
	}
	if (rc == 0 && mkdir(copy, 0700) != 0 && errno != EEXIST)
		rc = -1;
	if (rc != 0)
		error_set(err, ERR_IO, _("cannot create folder %s: %s"), copy,
		    strerror(errno));
	free(copy);
	return rc;
}

/*
 * Creating the file ourselves with a narrow mode means it is never, even
 * for an instant, readable by other users before SQLite writes to it.
 */
static int
create_file(const char *path, enum store_open_mode mode, struct error *err)
{
	mode_t perms = mode == STORE_OPEN_CREATE_SHARED ? 0660 : 0600;
	mode_t old_umask;
	int fd;

	if (make_private_dir(path, err) != 0)
		return -1;
	old_umask = umask(mode == STORE_OPEN_CREATE_SHARED ? 0007 : 0077);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, perms);
	umask(old_umask);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		error_set(err, ERR_IO, _("cannot create the store %s: %s"),
		    path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static int
check_permissions(const char *path, struct error *err)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			error_set(err, ERR_NOT_FOUND,
			    _("no store at %s; create one with \"prescripcare init\""),
			    path);
		else
			error_set(err, ERR_IO, _("cannot examine %s: %s"),
			    path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		error_set(err, ERR_STORE, _("%s is not a regular file"), path);
		return -1;
	}
	if (sb.st_mode & (S_IROTH | S_IWOTH)) {
		error_set(err, ERR_UNSAFE,
		    _("%s can be read by every user of this machine; make it private with \"chmod 600 %s\" (or \"chmod 660\" for a store shared by one group)"),
		    path, path);
		return -1;
	}
	return 0;
}

static int
apply_settings(struct store *st, struct error *err)
{
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);

	/*
	 * The first read tells a damaged or foreign file apart from a store:
	 * SQLite opens any file lazily.
	 */
	if (store_exec(st, "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA secure_delete = ON;", err) != 0)
		return -1;
	return 0;
}

static int
pragma_int(struct store *st, const char *sql, int *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, err, _("cannot read the store"));
		return -1;
	}
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		store_fail(st, err, _("cannot read the store"));
		sqlite3_finalize(stmt);
		return -1;
	}
	*out = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

int
store_schema_version_latest(void)
{
	int latest = 0;

	for (const struct migration *m = store_migrations; m->version; m++)
		latest = m->version;
	return latest;
}

int
store_schema_version(struct store *st, struct error *err)
{
	int version;

	if (pragma_int(st, "PRAGMA user_version", &version, err) != 0)
		return -1;
	return version;
}

static int
check_identity(struct store *st, int version, struct error *err)
{
	int app_id;
	int tables;

	if (pragma_int(st, "PRAGMA application_id", &app_id, err) != 0)
		return -1;
	if (app_id == STORE_APPLICATION_ID)
		return 0;
	if (pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables,
	    err) != 0)
		return -1;
	if (app_id != 0 || version != 0 || tables != 0) {
		error_set(err, ERR_STORE,
		    _("%s is an SQLite database of another program, not a PrescripCare store"),
		    st->path);
		return -1;
	}
	return 0;
}

static int
migrate(struct store *st, struct error *err)
{
	int latest = store_schema_version_latest();
	int version;

	if ((version = store_schema_version(st, err)) < 0)
		return -1;
	if (check_identity(st, version, err) != 0)
		return -1;
	if (version > latest) {
		error_set(err, ERR_TOO_NEW,
		    _("%s was written by a newer PrescripCare (schema %d; this one knows up to %d); upgrade prescripcare to open it"),
		    st->path, version, latest);
		return -1;
	}

	for (const struct migration *m = store_migrations; m->version; m++) {
		char pragma[96];

		if (m->version <= version)
			continue;
		if (store_begin(st, err) != 0)
			return -1;

		/* Another process may have migrated while we waited. */
		if ((version = store_schema_version(st, err)) < 0) {
			store_rollback(st);
			return -1;
		}
		if (m->version <= version) {
			store_rollback(st);
			continue;
		}
		snprintf(pragma, sizeof pragma,
		    "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		    STORE_APPLICATION_ID, m->version);
		if (store_exec(st, m->sql, err) != 0 ||
		    store_exec(st, pragma, err) != 0) {
			char reason[sizeof err->text];

			snprintf(reason, sizeof reason, "%s", err->text);
			error_set(err, ERR_STORE,
			    _("schema migration %s failed: %s"), m->name,
			    reason);
			store_rollback(st);
			return -1;
		}
		if (store_commit(st, err) != 0)
			return -1;
		version = m->version;
	}
	return 0;
}

static int
set_wal(struct store *st, struct error *err)
{
	sqlite3_stmt *stmt;
	int ok = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1,
	    &stmt, NULL) != SQLITE_OK) {
		store_fail(st, err, _("cannot open the store"));
		return -1;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *mode = (const char *)sqlite3_column_text(stmt, 0);

		ok = mode != NULL && strcmp(mode, "wal") == 0;
	}
	sqlite3_finalize(stmt);
	if (!ok)
		store_fail(st, err, _("cannot switch the store to WAL mode"));
	return ok ? 0 : -1;
}

/* SQLite reports a foreign file only once it reads; say so plainly. */
static void
explain_open_failure(struct store *st, struct error *err)
{
	int code = sqlite3_errcode(st->db);

	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		error_set(err, ERR_STORE,
		    _("%s is damaged or is not an SQLite database; restore it from a backup"),
		    st->path);
}

int
store_open(struct store **out, const char *path, enum store_open_mode mode,
    struct error *err)
{
	struct store *st;

	*out = NULL;
	if (mode != STORE_OPEN_EXISTING && create_file(path, mode, err) != 0)
		return -1;
	if (check_permissions(path, err) != 0)
		return -1;

	st = calloc(1, sizeof *st);
	if (st == NULL || (st->path = strdup(path)) == NULL) {
		free(st);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		error_set(err, ERR_STORE, _("cannot open %s: %s"), path,
		    st->db ? sqlite3_errmsg(st->db) : _("out of memory"));
		store_close(st);
		return -1;
	}
	if (apply_settings(st, err) != 0 || set_wal(st, err) != 0 ||
	    migrate(st, err) != 0) {
		if (err->kind == ERR_STORE)
			explain_open_failure(st, err);
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < STMT_CACHE_SIZE; i++)
		sqlite3_finalize(st->cache[i].stmt);
	store_search_release(st);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *
store_path(const struct store *st)
{
	return st->path;
}

int
store_begin(struct store *st, struct error *err)
{
	if (store_exec(st, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	st->in_transaction = 1;
	return 0;
}

int
store_commit(struct store *st, struct error *err)
{
	if (store_exec(st, "COMMIT", err) != 0) {
		store_rollback(st);
		return -1;
	}
	st->in_transaction = 0;
	return 0;
}

bool
store_in_transaction(const struct store *st)
{
	return st->in_transaction != 0;
}

void
store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_transaction = 0;
}

int
store_begin_or_join(struct store *st, bool *own, struct error *err)
{
	*own = !st->in_transaction;
	return *own ? store_begin(st, err) : 0;
}

int
store_end(struct store *st, bool own, int rc, struct error *err)
{
	if (!own)
		return rc == 0 ? 0 : -1;
	if (rc != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}
