#ifndef PC_TESTUTIL_H
#define PC_TESTUTIL_H

#include <check.h>
#include <sqlite3.h>
#include <stdint.h>

#include "service/session.h"
#include "service/doses.h"
#include "store/store.h"

/* A fresh private folder under $TMPDIR, removed by test_tmpdir_remove. */
char *test_tmpdir(void);
void test_tmpdir_remove(char *dir);

/* Writes text to a new or emptied file, failing the test on error. */
void test_write_file(const char *path, const char *text);

/* dir/name in a static-free buffer the caller frees. */
char *test_path(const char *dir, const char *name);

/* Opens a new store in dir, failing the test on error. */
struct store *test_store_create(const char *dir, const char *name);

/* A second, raw connection to a store file, as another program would. */
sqlite3 *test_raw_open(const char *path);

/* Runs SQL on a raw connection; returns SQLite's result code. */
int test_exec(sqlite3 *db, const char *sql);

/* Runs SQL on a raw connection, failing the test with SQLite's message. */
void test_exec_ok(sqlite3 *db, const char *sql);

/* The instant "YYYY-MM-DDTHH:MM[:SS]Z" names, failing the test if none. */
int64_t test_utc(const char *text);

/* The id of the account with this email. */
int64_t test_user_id(sqlite3 *db, const char *email);

/* The first column of the first row of a query, as an integer. */
int64_t test_query_int(sqlite3 *db, const char *sql);

/* The first column of the first row of a query on a store file. */
int64_t test_query_file(const char *path, const char *sql);

/*
 * Creates an account (the first one needs no creator) and returns its
 * id; recovery, when not NULL, gets the recovery code.
 */
int64_t test_account(struct store *st, const struct session_options *opts,
    struct session *creator, const char *email, const char *password,
    const char *first, const char *last, char *recovery);

/*
 * Session options for tests: the clock given, the cheapest Argon2id cost
 * (the real one is measured by bench/bench_login) and the shipped list of
 * common passwords, whose path is kept in list (4096 bytes).
 */
void test_session_options(struct session_options *opts,
    const struct clock *clock, char *list);

/* Logs in, failing the test when the login is refused. */
struct session *test_login(struct store *st,
    const struct session_options *opts, const char *email,
    const char *password);

/* Makes an account, a person and their profile; returns the person's id. */
int64_t test_make_person(sqlite3 *db, const char *email);

/* Adds a drug, a medication for the person, and one daily schedule. */
void test_make_medication(sqlite3 *db, int64_t person_id, const char *drug,
    int64_t *medication_id, int64_t *schedule_id);

/*
 * A store in a fresh folder with one patient's account and record, and a
 * second, raw connection to it, as another program would have.
 */
struct test_home {
	char *dir;
	char *path;
	struct store *st;	/* the program's own connection */
	sqlite3 *db;		/* a second one, to arrange and to check */
	int64_t person;
	int64_t user;		/* the patient's own account */
};

void test_home_open(struct test_home *h, const char *email);
void test_home_close(struct test_home *h);

/*
 * A doses context for an account on a clock, with the default settings
 * but for the grace period and refill warning given.
 */
void test_doses_ctx(struct doses_ctx *ctx, struct store *st,
    const struct clock *clock, int64_t user, int grace_minutes,
    int refill_warn_days);

/* Runs a suite of tests and returns the exit status for main. */
int test_run(Suite *suite);

#endif
