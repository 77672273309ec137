#ifndef PC_STORE_H
#define PC_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/error.h"

/*
 * The store is the only part of the program that speaks SQL.  One
 * struct store is one connection; a thread that needs the database opens
 * its own.
 */
struct store;

enum store_open_mode {
	STORE_OPEN_EXISTING,	/* fail unless the file is already a store */
	STORE_OPEN_CREATE,	/* create a private store if none exists */
	STORE_OPEN_CREATE_SHARED /* create one the owning group may use */
};

/* Identifies our files among other SQLite databases: "PrCr". */
#define STORE_APPLICATION_ID 0x50724372

/*
 * Opens (and with a create mode, makes) the store at path, refuses files
 * that everyone may read, and brings the schema up to date, each migration
 * in its own transaction.
 */
int store_open(struct store **out, const char *path,
    enum store_open_mode mode, struct error *err);

/* Finishes outstanding statements and closes the connection. */
void store_close(struct store *st);

/* The schema version this program writes. */
int store_schema_version_latest(void);

/* The schema version recorded in the open store. */
int store_schema_version(struct store *st, struct error *err);

/* The path the store was opened with. */
const char *store_path(const struct store *st);

/*
 * Write transactions take the write lock at once (BEGIN IMMEDIATE), so a
 * second terminal waits for the busy timeout instead of failing late.
 */
int store_begin(struct store *st, struct error *err);
int store_commit(struct store *st, struct error *err);
void store_rollback(struct store *st);

/*
 * Whether a write transaction is open on this connection, so that a
 * write can join it (and leave the commit or rollback to its owner).
 */
bool store_in_transaction(const struct store *st);

/*
 * Starts a write transaction, or joins the one already open on this
 * connection (*own is then false), so that a write can run alone or as
 * one step of a larger one.
 */
int store_begin_or_join(struct store *st, bool *own, struct error *err);

/*
 * Ends what store_begin_or_join began: commits when rc is 0, else rolls
 * back; a joined transaction is left for its owner to end.  Returns 0
 * only when rc was 0 and the commit (if ours) succeeded.
 */
int store_end(struct store *st, bool own, int rc, struct error *err);

/* One line per finding from the doctor's checks. */
struct store_check {
	const char *name;
	bool ok;
	char detail[256];
};

/*
 * Runs the doctor's checks: integrity, foreign keys, schema version, file
 * permissions, journal mode.  quick trades the full integrity check for
 * SQLite's quick_check, which skips verifying that indexes match tables.  Fills up to max results and returns their
 * number, or -1 when the store could not be examined at all.
 */
int store_doctor(struct store *st, bool quick, struct store_check *checks,
    int max, struct error *err);

/*
 * Copies the whole store to a new file at dest with SQLite's online backup,
 * which stays consistent while other connections write.
 */
int store_backup(struct store *st, const char *dest, struct error *err);

/* Row count of one table of the schema, for checks and reports. */
int64_t store_count_rows(struct store *st, const char *table,
    struct error *err);

#endif
