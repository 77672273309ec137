#include "config.h"

#include "testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/error.h"
#include "common/settings.h"
#include "domain/keys.h"
#include "service/account.h"

char *
test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	dir = test_path(base, "prescripcare-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

static int
remove_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
test_tmpdir_remove(char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

void
test_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

char *
test_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);

	ck_assert_ptr_nonnull(path);
	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

struct store *
test_store_create(const char *dir, const char *name)
{
	struct store *st = NULL;
	struct error err;
	char *path = test_path(dir, name);

	error_clear(&err);
	ck_assert_msg(store_open(&st, path, STORE_OPEN_CREATE, &err) == 0,
	    "store_open: %s", err.text);
	free(path);
	return st;
}

sqlite3 *
test_raw_open(const char *path)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL,
	    NULL, NULL), SQLITE_OK);
	return db;
}

int
test_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

void
test_exec_ok(sqlite3 *db, const char *sql)
{
	ck_assert_msg(test_exec(db, sql) == SQLITE_OK, "%s: %s", sql,
	    sqlite3_errmsg(db));
}

int64_t
test_utc(const char *text)
{
	int64_t t;

	ck_assert_msg(clock_parse_utc(text, &t) == 0, "bad instant %s", text);
	return t;
}

int64_t
test_user_id(sqlite3 *db, const char *email)
{
	char sql[320];

	snprintf(sql, sizeof sql,
	    "SELECT user_id FROM users WHERE email = '%s'", email);
	return test_query_int(db, sql);
}

int64_t
test_query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t value;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) ==
	    SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

int64_t
test_query_file(const char *path, const char *sql)
{
	sqlite3 *db = test_raw_open(path);
	int64_t value = test_query_int(db, sql);

	sqlite3_close(db);
	return value;
}

int64_t
test_account(struct store *st, const struct session_options *opts,
    struct session *creator, const char *email, const char *password,
    const char *first, const char *last, char *recovery)
{
	struct account_request req = { email, password, false, first, last };
	char code[KEYS_RECOVERY_CODE_SIZE];
	struct error err;
	int64_t id;

	ck_assert_msg(account_create(st, opts, creator, &req,
	    recovery ? recovery : code, &id, &err) == 0, "create %s: %s",
	    email, err.text);
	return id;
}

void
test_session_options(struct session_options *opts, const struct clock *clock,
    char *list)
{
	struct error err;

	session_options_defaults(opts);
	opts->clock = clock;
	opts->kdf = keys_kdf_cheapest();
	ck_assert_msg(settings_data_file("common-passwords.txt", list, 4096,
	    &err) == 0, "%s", err.text);
	opts->common_passwords = list;
}

struct session *
test_login(struct store *st, const struct session_options *opts,
    const char *email, const char *password)
{
	struct login_request req = { email, password, NULL, NULL, NULL };
	struct session *s = NULL;
	struct error err;

	ck_assert_msg(session_login(st, opts, &req, &s, &err) == 0,
	    "login %s: %s", email, err.text);
	return s;
}

int64_t
test_make_person(sqlite3 *db, const char *email)
{
	char sql[1024];

	ck_assert_int_eq(test_exec(db, "INSERT INTO people DEFAULT VALUES"),
	    SQLITE_OK);
	snprintf(sql, sizeof sql,
	    "INSERT INTO users (person_id, email, password_hash, public_key,"
	    " secret_key_by_password, password_key_salt,"
	    " secret_key_by_recovery, recovery_key_salt)"
	    " VALUES (last_insert_rowid(), '%s',"
	    " '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', zeroblob(32),"
	    " zeroblob(72), zeroblob(16), zeroblob(72), zeroblob(16))", email);
	ck_assert_msg(test_exec(db, sql) == SQLITE_OK, "%s",
	    sqlite3_errmsg(db));
	ck_assert_int_eq(test_exec(db,
	    "INSERT INTO user_profiles (person_id, first_name, last_name)"
	    " SELECT person_id, x'01', x'02' FROM users"
	    " WHERE user_id = last_insert_rowid()"), SQLITE_OK);
	return test_query_int(db, "SELECT max(person_id) FROM people");
}

void
test_make_medication(sqlite3 *db, int64_t person_id, const char *drug,
    int64_t *medication_id, int64_t *schedule_id)
{
	char sql[512];

	snprintf(sql, sizeof sql,
	    "INSERT OR IGNORE INTO drugs_master (drug_name) VALUES ('%s')",
	    drug);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_OK);
	snprintf(sql, sizeof sql,
	    "INSERT INTO user_medications (person_id, drug_id, strength,"
	    " dosage_form, start_date) SELECT %lld, drug_id, '500 mg',"
	    " 'tablet', '2026-01-01' FROM drugs_master WHERE drug_name = '%s'",
	    (long long)person_id, drug);
	ck_assert_msg(test_exec(db, sql) == SQLITE_OK, "%s",
	    sqlite3_errmsg(db));
	*medication_id = sqlite3_last_insert_rowid(db);
	snprintf(sql, sizeof sql,
	    "INSERT INTO medication_schedules (medication_id, dose_time,"
	    " dose_amount, dose_unit) VALUES (%lld, '08:00', 1, 'tablet')",
	    (long long)*medication_id);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_OK);
	*schedule_id = sqlite3_last_insert_rowid(db);
}

void
test_home_open(struct test_home *h, const char *email)
{
	memset(h, 0, sizeof *h);
	h->dir = test_tmpdir();
	h->st = test_store_create(h->dir, "home.db");
	h->path = test_path(h->dir, "home.db");
	h->db = test_raw_open(h->path);
	h->person = test_make_person(h->db, email);
	h->user = test_user_id(h->db, email);
}

void
test_home_close(struct test_home *h)
{
	sqlite3_close(h->db);
	store_close(h->st);
	free(h->path);
	test_tmpdir_remove(h->dir);
}

void
test_doses_ctx(struct doses_ctx *ctx, struct store *st,
    const struct clock *clock, int64_t user, int grace_minutes,
    int refill_warn_days)
{
	struct settings cfg;

	settings_defaults(&cfg);
	doses_ctx_init(ctx, st, clock, &cfg, user);
	settings_free(&cfg);
	ctx->grace_minutes = grace_minutes;
	ctx->refill_warn_days = refill_warn_days;
}

int
test_run(Suite *suite)
{
	SRunner *sr = srunner_create(suite);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
