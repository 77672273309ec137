#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_internal.h"
#include "testutil.h"

static char *dir;
static char *db_path;

static void
setup(void)
{
	struct store *st;

	dir = test_tmpdir();
	st = test_store_create(dir, "test.db");
	store_close(st);
	db_path = test_path(dir, "test.db");
}

static void
teardown(void)
{
	free(db_path);
	test_tmpdir_remove(dir);
}

/* Schema and migrations ------------------------------------------------ */

static char *
schema_dump(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	size_t len = 0, cap = 1 << 16;
	char *out = malloc(cap);

	out[0] = '\0';
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT group_concat(sql, ';')"
	    " FROM (SELECT sql FROM sqlite_schema ORDER BY name)", -1, &stmt,
	    NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_text(stmt, 0) != NULL) {
		const char *s = (const char *)sqlite3_column_text(stmt, 0);

		len = strlen(s);
		out = realloc(out, len + 1);
		memcpy(out, s, len + 1);
	}
	sqlite3_finalize(stmt);
	return out;
}

START_TEST(test_migrations_on_empty_file_then_idempotent)
{
	struct store *st;
	struct error err;
	sqlite3 *db = test_raw_open(db_path);
	char *before = schema_dump(db);
	int64_t tables = test_query_int(db,
	    "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");

	ck_assert_int_eq(test_query_int(db, "PRAGMA user_version"),
	    store_schema_version_latest());
	ck_assert_int_ge(tables, 25);
	sqlite3_close(db);

	ck_assert_int_eq(store_open(&st, db_path, STORE_OPEN_EXISTING, &err), 0);
	ck_assert_int_eq(store_schema_version(st, &err),
	    store_schema_version_latest());
	store_close(st);

	db = test_raw_open(db_path);
	{
		char *after = schema_dump(db);

		ck_assert_str_eq(before, after);
		free(after);
	}
	free(before);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_every_table_is_strict)
{
	sqlite3 *db = test_raw_open(db_path);

	ck_assert_int_eq(test_query_int(db,
	    "SELECT count(*) FROM pragma_table_list"
	    " WHERE schema = 'main' AND type = 'table' AND strict = 0"
	    " AND name NOT LIKE 'sqlite_%'"), 0);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_newer_store_is_refused)
{
	struct store *st = NULL;
	struct error err;
	char sql[64];
	sqlite3 *db = test_raw_open(db_path);

	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    store_schema_version_latest() + 1);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_OK);
	sqlite3_close(db);

	error_clear(&err);
	ck_assert_int_eq(store_open(&st, db_path, STORE_OPEN_EXISTING, &err),
	    -1);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(err.kind, ERR_TOO_NEW);
	ck_assert_ptr_nonnull(strstr(err.text, "newer"));
}
END_TEST

START_TEST(test_non_sqlite_file_is_a_clear_error)
{
	struct store *st = NULL;
	struct error err;
	char *path = test_path(dir, "garbage.db");
	FILE *fp = fopen(path, "w");

	for (int i = 0; i < 300; i++)
		fputs("this is not a database at all\n", fp);
	fclose(fp);
	chmod(path, 0600);

	error_clear(&err);
	ck_assert_int_eq(store_open(&st, path, STORE_OPEN_EXISTING, &err), -1);
	ck_assert_int_eq(err.kind, ERR_STORE);
	ck_assert_ptr_nonnull(strstr(err.text, "not an SQLite database"));
	free(path);
}
END_TEST

START_TEST(test_foreign_sqlite_file_is_refused)
{
	struct store *st = NULL;
	struct error err;
	char *path = test_path(dir, "other.db");
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(test_exec(db, "CREATE TABLE notes (x)"), SQLITE_OK);
	sqlite3_close(db);
	chmod(path, 0600);

	ck_assert_int_eq(store_open(&st, path, STORE_OPEN_EXISTING, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "another program"));

	/* Nothing of ours was written into it. */
	db = test_raw_open(path);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*) FROM sqlite_schema"),
	    1);
	sqlite3_close(db);
	free(path);
}
END_TEST

/* Files and permissions ------------------------------------------------- */

START_TEST(test_created_store_is_private)
{
	struct stat sb;
	char *sub = test_path(dir, "fresh/prescripcare");
	char *path = test_path(sub, "p.db");
	struct store *st;
	struct error err;

	ck_assert_int_eq(store_open(&st, path, STORE_OPEN_CREATE, &err), 0);
	store_close(st);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(sub, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	free(path);
	free(sub);
}
END_TEST

START_TEST(test_shared_store_is_group_only)
{
	struct stat sb;
	char *path = test_path(dir, "household.db");
	struct store *st;
	struct error err;

	ck_assert_int_eq(store_open(&st, path, STORE_OPEN_CREATE_SHARED, &err),
	    0);
	store_close(st);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0660);
	free(path);
}
END_TEST

START_TEST(test_world_readable_store_is_refused)
{
	struct store *st = NULL;
	struct error err;

	ck_assert_int_eq(chmod(db_path, 0644), 0);
	ck_assert_int_eq(store_open(&st, db_path, STORE_OPEN_EXISTING, &err),
	    -1);
	ck_assert_int_eq(err.kind, ERR_UNSAFE);
	ck_assert_ptr_nonnull(strstr(err.text, "chmod 600"));
}
END_TEST

START_TEST(test_missing_store_says_how_to_create)
{
	struct store *st = NULL;
	struct error err;
	char *path = test_path(dir, "absent.db");

	ck_assert_int_eq(store_open(&st, path, STORE_OPEN_EXISTING, &err), -1);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.text, "prescripcare init"));
	ck_assert_int_eq(access(path, F_OK), -1);
	free(path);
}
END_TEST

START_TEST(test_settings_fit_a_medical_record)
{
	struct store *st;
	struct error err;
	sqlite3 *db;

	ck_assert_int_eq(store_open(&st, db_path, STORE_OPEN_EXISTING, &err), 0);
	db = test_raw_open(db_path);
	ck_assert_int_eq(test_query_int(db,
	    "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
	sqlite3_close(db);
	store_close(st);
}
END_TEST

/* Constraints ---------------------------------------------------------- */

START_TEST(test_bad_enum_values_are_rejected)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "a@example.org");
	char sql[256];

	snprintf(sql, sizeof sql, "INSERT INTO user_allergies (person_id,"
	    " allergen_name, allergen_type, reaction_severity) VALUES (%lld,"
	    " x'00', 'pill', 'mild')", (long long)person);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db,
	    "UPDATE users SET account_status = 'banned'"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db,
	    "UPDATE user_profiles SET blood_type = 'C+'"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db,
	    "UPDATE user_profiles SET blood_type = 'AB-'"), SQLITE_OK);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_impossible_heights_and_weights_are_rejected)
{
	sqlite3 *db = test_raw_open(db_path);

	test_make_person(db, "a@example.org");
	ck_assert_int_eq(test_exec(db, "UPDATE user_profiles SET height_cm = 0"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db,
	    "UPDATE user_profiles SET height_cm = 300"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db,
	    "UPDATE user_profiles SET weight_kg = -2"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db,
	    "UPDATE user_profiles SET weight_kg = 1000"),
	    SQLITE_CONSTRAINT_CHECK);
	/* STRICT refuses text where a number belongs. */
	ck_assert_int_eq(test_exec(db,
	    "UPDATE user_profiles SET height_cm = 'tall'"),
	    SQLITE_CONSTRAINT_DATATYPE);

	ck_assert_int_eq(test_exec(db, "UPDATE user_profiles SET height_cm ="
	    " 170, weight_kg = 72.25"), SQLITE_OK);
	ck_assert_int_eq(test_query_int(db,
	    "SELECT bmi * 100 FROM user_profiles"), 2500);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_duplicate_emails_are_rejected)
{
	sqlite3 *db = test_raw_open(db_path);

	test_make_person(db, "same@example.org");
	ck_assert_int_eq(test_exec(db, "INSERT INTO users (email,"
	    " password_hash, public_key, secret_key_by_password,"
	    " password_key_salt, secret_key_by_recovery, recovery_key_salt)"
	    " VALUES ('SAME@example.org', '$argon2id$x', zeroblob(32),"
	    " x'00', zeroblob(16), x'00', zeroblob(16))"),
	    SQLITE_CONSTRAINT_UNIQUE);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*) FROM users"), 1);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_dangling_references_are_rejected)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "a@example.org");
	char sql[256];

	snprintf(sql, sizeof sql, "INSERT INTO user_medications (person_id,"
	    " drug_id, strength, dosage_form, start_date) VALUES (%lld, 999,"
	    " '5 mg', 'tablet', '2026-01-01')", (long long)person);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_CONSTRAINT_FOREIGNKEY);
	ck_assert_int_eq(test_exec(db, "INSERT INTO dose_events (person_id,"
	    " medication_id, schedule_id, scheduled_datetime, status)"
	    " VALUES (1, 77, 88, 1000, 'missed')"),
	    SQLITE_CONSTRAINT_FOREIGNKEY);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_second_event_for_one_slot_is_rejected)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "a@example.org");
	int64_t med, sched;
	char sql[512];

	test_make_medication(db, person, "metformin", &med, &sched);
	snprintf(sql, sizeof sql, "INSERT INTO dose_events (person_id,"
	    " medication_id, schedule_id, scheduled_datetime,"
	    " actual_datetime, status) VALUES (%lld, %lld, %lld, 1767254400,"
	    " 1767254500, 'taken')", (long long)person, (long long)med,
	    (long long)sched);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_OK);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_CONSTRAINT_UNIQUE);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_json_columns_are_checked)
{
	sqlite3 *db = test_raw_open(db_path);

	ck_assert_int_eq(test_exec(db, "INSERT INTO drugs_master (drug_name,"
	    " brand_names) VALUES ('x', '[\"unclosed')"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db, "INSERT INTO drugs_master (drug_name,"
	    " brand_names) VALUES ('x', '{\"not\": \"an array\"}')"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db, "INSERT INTO drugs_master (drug_name,"
	    " brand_names) VALUES ('x', '[\"Brandx\"]')"), SQLITE_OK);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_dates_and_times_are_checked)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "a@example.org");
	int64_t med, sched;

	test_make_medication(db, person, "lisinopril", &med, &sched);
	ck_assert_int_eq(test_exec(db, "UPDATE user_medications SET"
	    " start_date = '2026-02-30'"), SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db, "UPDATE user_medications SET"
	    " end_date = '2025-12-31'"), SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db, "UPDATE medication_schedules SET"
	    " dose_time = '25:00'"), SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(test_exec(db, "UPDATE medication_schedules SET"
	    " dose_time = '8:00'"), SQLITE_CONSTRAINT_CHECK);
	sqlite3_close(db);
}
END_TEST

/* Cascades ------------------------------------------------------------- */

START_TEST(test_deleting_a_person_cascades_to_their_records_only)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t alice = test_make_person(db, "alice@example.org");
	int64_t bob = test_make_person(db, "bob@example.org");
	int64_t med_a, sched_a, med_b, sched_b;
	char sql[512];

	test_make_medication(db, alice, "metformin", &med_a, &sched_a);
	test_make_medication(db, bob, "metformin", &med_b, &sched_b);
	snprintf(sql, sizeof sql, "INSERT INTO dose_events (person_id,"
	    " medication_id, schedule_id, scheduled_datetime, status)"
	    " VALUES (%lld, %lld, %lld, 1000, 'missed'),"
	    " (%lld, %lld, %lld, 1000, 'missed')",
	    (long long)alice, (long long)med_a, (long long)sched_a,
	    (long long)bob, (long long)med_b, (long long)sched_b);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_OK);

	snprintf(sql, sizeof sql, "DELETE FROM people WHERE person_id = %lld",
	    (long long)alice);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_OK);

	ck_assert_int_eq(test_query_int(db,
	    "SELECT count(*) FROM user_profiles"), 1);
	ck_assert_int_eq(test_query_int(db,
	    "SELECT count(*) FROM user_medications"), 1);
	ck_assert_int_eq(test_query_int(db,
	    "SELECT count(*) FROM medication_schedules"), 1);
	ck_assert_int_eq(test_query_int(db,
	    "SELECT count(*) FROM dose_events"), 1);
	/* Reference data and the account itself stay. */
	ck_assert_int_eq(test_query_int(db,
	    "SELECT count(*) FROM drugs_master"), 1);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*) FROM users"), 2);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*) FROM users"
	    " WHERE person_id IS NULL"), 1);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_drug_in_use_cannot_be_deleted)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "a@example.org");
	int64_t med, sched;

	test_make_medication(db, person, "warfarin", &med, &sched);
	ck_assert_int_eq(test_exec(db, "DELETE FROM drugs_master"),
	    SQLITE_CONSTRAINT_FOREIGNKEY);
	ck_assert_int_eq(test_exec(db, "DELETE FROM user_medications"),
	    SQLITE_OK);
	ck_assert_int_eq(test_query_int(db,
	    "SELECT count(*) FROM medication_schedules"), 0);
	ck_assert_int_eq(test_exec(db, "DELETE FROM drugs_master"), SQLITE_OK);
	sqlite3_close(db);
}
END_TEST

/* Derived values and triggers ----------------------------------------- */

START_TEST(test_adherence_percentage_is_generated)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "a@example.org");
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO adherence_summaries"
	    " (person_id, period_type, period_start, period_end,"
	    " total_scheduled_doses, doses_taken, doses_missed)"
	    " VALUES (%lld, 'daily', '2026-01-01', '2026-01-01', 8, 6, 2)",
	    (long long)person);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_OK);
	ck_assert_int_eq(test_query_int(db, "SELECT adherence_percentage * 100"
	    " FROM adherence_summaries"), 7500);

	/* The overall row (no medication) cannot be duplicated. */
	ck_assert_int_eq(test_exec(db, sql), SQLITE_CONSTRAINT_UNIQUE);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_updated_at_follows_changes)
{
	sqlite3 *db = test_raw_open(db_path);

	test_make_person(db, "a@example.org");
	ck_assert_int_eq(test_exec(db, "UPDATE user_profiles SET updated_at = 5"),
	    SQLITE_OK);
	ck_assert_int_eq(test_exec(db, "UPDATE user_profiles SET height_cm = 160"),
	    SQLITE_OK);
	ck_assert_int_gt(test_query_int(db,
	    "SELECT updated_at FROM user_profiles"), 1700000000);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_audit_log_is_append_only)
{
	sqlite3 *db = test_raw_open(db_path);

	ck_assert_int_eq(test_exec(db, "INSERT INTO audit_logs (action_type,"
	    " description) VALUES ('login', 'signed in')"), SQLITE_OK);
	ck_assert_int_eq(test_exec(db,
	    "UPDATE audit_logs SET description = 'nothing happened'"),
	    SQLITE_CONSTRAINT_TRIGGER);
	ck_assert_int_eq(test_exec(db, "DELETE FROM audit_logs"),
	    SQLITE_CONSTRAINT_TRIGGER);
	ck_assert_int_eq(test_query_int(db,
	    "SELECT count(*) FROM audit_logs"), 1);

	/* Archiving moves a row: copy first, then the original may go. */
	ck_assert_int_eq(test_exec(db, "INSERT INTO audit_logs_archive"
	    " (log_id, action_type, description, performed_at, risk_level,"
	    " flagged_for_review) SELECT log_id, action_type, description,"
	    " performed_at, risk_level, flagged_for_review FROM audit_logs"),
	    SQLITE_OK);
	ck_assert_int_eq(test_exec(db, "DELETE FROM audit_logs"), SQLITE_OK);
	ck_assert_int_eq(test_exec(db, "DELETE FROM audit_logs_archive"),
	    SQLITE_CONSTRAINT_TRIGGER);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_views_answer)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "a@example.org");
	int64_t med, sched;

	test_make_medication(db, person, "atorvastatin", &med, &sched);
	ck_assert_int_eq(test_exec(db, "INSERT INTO medication_schedules"
	    " (medication_id, dose_time) SELECT medication_id, '20:00'"
	    " FROM user_medications"), SQLITE_OK);
	ck_assert_int_eq(test_query_int(db, "SELECT daily_doses"
	    " FROM user_medication_summary"), 2);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*)"
	    " FROM daily_adherence_dashboard"), 1);
	sqlite3_close(db);
}
END_TEST

/* Transactions, concurrency and backup -------------------------------- */

struct writer {
	const char *path;
	int failures;
};

/* Each writer commits its own rows on its own connection. */
static void *
write_many(void *arg)
{
	struct writer *w = arg;
	struct store *st;
	struct error err;

	if (store_open(&st, w->path, STORE_OPEN_EXISTING, &err) != 0) {
		w->failures = 1000;
		return NULL;
	}
	for (int i = 0; i < 100; i++) {
		if (store_begin(st, &err) != 0 ||
		    store_exec(st, "INSERT INTO pharmacies (pharmacy_name,"
		    " pharmacy_type, phone_number, address_line1, city,"
		    " state_province, postal_code, country) VALUES ('P',"
		    " 'retail', '555', 'x', 'y', 'z', '1', 'c')", &err) != 0 ||
		    store_commit(st, &err) != 0) {
			store_rollback(st);
			w->failures++;
		}
	}
	store_close(st);
	return NULL;
}

START_TEST(test_two_writers_wait_instead_of_failing)
{
	pthread_t threads[2];
	struct writer w[2] = { { db_path, 0 }, { db_path, 0 } };

	for (int i = 0; i < 2; i++)
		pthread_create(&threads[i], NULL, write_many, &w[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	ck_assert_int_eq(w[0].failures, 0);
	ck_assert_int_eq(w[1].failures, 0);
	{
		sqlite3 *db = test_raw_open(db_path);

		ck_assert_int_eq(test_query_int(db,
		    "SELECT count(*) FROM pharmacies"), 200);
		sqlite3_close(db);
	}
}
END_TEST

START_TEST(test_backup_has_the_same_rows)
{
	struct store *st, *copy;
	struct error err;
	char *backup = test_path(dir, "backup.db");
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "a@example.org");
	int64_t med, sched;
	struct stat sb;

	test_make_medication(db, person, "amlodipine", &med, &sched);
	sqlite3_close(db);

	ck_assert_int_eq(store_open(&st, db_path, STORE_OPEN_EXISTING, &err), 0);
	ck_assert_int_eq(store_backup(st, backup, &err), 0);
	/* A second backup onto the same file is refused, not overwritten. */
	ck_assert_int_eq(store_backup(st, backup, &err), -1);
	ck_assert_int_eq(err.kind, ERR_CONFLICT);

	ck_assert_int_eq(stat(backup, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(store_open(&copy, backup, STORE_OPEN_EXISTING, &err),
	    0);
	ck_assert_int_eq(store_count_rows(copy, "users", &err), 1);
	ck_assert_int_eq(store_count_rows(copy, "user_medications", &err), 1);
	ck_assert_int_eq(store_count_rows(copy, "medication_schedules", &err),
	    store_count_rows(st, "medication_schedules", &err));
	ck_assert_int_eq(store_count_rows(copy, "no_such_table", &err), -1);
	store_close(copy);
	store_close(st);
	free(backup);
}
END_TEST

START_TEST(test_doctor_reports_a_healthy_store)
{
	struct store_check checks[16];
	struct store *st;
	struct error err;
	int n;

	ck_assert_int_eq(store_open(&st, db_path, STORE_OPEN_EXISTING, &err), 0);
	n = store_doctor(st, false, checks, 16, &err);
	ck_assert_int_eq(n, 5);
	for (int i = 0; i < n; i++)
		ck_assert_msg(checks[i].ok, "%s: %s", checks[i].name,
		    checks[i].detail);

	/* A dangling reference, slipped in with the checks off, is found. */
	{
		sqlite3 *db = test_raw_open(db_path);

		test_exec(db, "PRAGMA foreign_keys = OFF");
		ck_assert_int_eq(test_exec(db, "INSERT INTO user_allergies"
		    " (person_id, allergen_name, allergen_type,"
		    " reaction_severity) VALUES (42, x'00', 'drug', 'mild')"),
		    SQLITE_OK);
		sqlite3_close(db);
	}
	n = store_doctor(st, true, checks, 16, &err);
	ck_assert_str_eq(checks[1].name, "foreign keys");
	ck_assert(!checks[1].ok);
	store_close(st);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *schema = tcase_create("schema");
	TCase *files = tcase_create("files");
	TCase *rules = tcase_create("constraints");
	TCase *ops = tcase_create("operations");

	tcase_add_checked_fixture(schema, setup, teardown);
	tcase_add_test(schema, test_migrations_on_empty_file_then_idempotent);
	tcase_add_test(schema, test_every_table_is_strict);
	tcase_add_test(schema, test_newer_store_is_refused);
	tcase_add_test(schema, test_non_sqlite_file_is_a_clear_error);
	tcase_add_test(schema, test_foreign_sqlite_file_is_refused);
	suite_add_tcase(s, schema);

	tcase_add_checked_fixture(files, setup, teardown);
	tcase_add_test(files, test_created_store_is_private);
	tcase_add_test(files, test_shared_store_is_group_only);
	tcase_add_test(files, test_world_readable_store_is_refused);
	tcase_add_test(files, test_missing_store_says_how_to_create);
	tcase_add_test(files, test_settings_fit_a_medical_record);
	suite_add_tcase(s, files);

	tcase_add_checked_fixture(rules, setup, teardown);
	tcase_add_test(rules, test_bad_enum_values_are_rejected);
	tcase_add_test(rules, test_impossible_heights_and_weights_are_rejected);
	tcase_add_test(rules, test_duplicate_emails_are_rejected);
	tcase_add_test(rules, test_dangling_references_are_rejected);
	tcase_add_test(rules, test_second_event_for_one_slot_is_rejected);
	tcase_add_test(rules, test_json_columns_are_checked);
	tcase_add_test(rules, test_dates_and_times_are_checked);
	tcase_add_test(rules,
	    test_deleting_a_person_cascades_to_their_records_only);
	tcase_add_test(rules, test_drug_in_use_cannot_be_deleted);
	tcase_add_test(rules, test_adherence_percentage_is_generated);
	tcase_add_test(rules, test_updated_at_follows_changes);
	tcase_add_test(rules, test_audit_log_is_append_only);
	tcase_add_test(rules, test_views_answer);
	suite_add_tcase(s, rules);

	tcase_add_checked_fixture(ops, setup, teardown);
	tcase_add_test(ops, test_two_writers_wait_instead_of_failing);
	tcase_add_test(ops, test_backup_has_the_same_rows);
	tcase_add_test(ops, test_doctor_reports_a_healthy_store);
	suite_add_tcase(s, ops);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
