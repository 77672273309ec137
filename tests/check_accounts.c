#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/date.h"
#include "common/settings.h"
#include "service/access.h"
#include "service/account.h"
#include "service/health.h"
#include "service/providers.h"
#include "domain/keys.h"
#include "domain/password.h"
#include "service/session.h"
#include "domain/totp.h"
#include "service/vault.h"
#include "store/people.h"
#include "testutil.h"

/*
 * Accounts, sessions, grants and sealed health data on real store files.
 * The clock is fixed and moved by hand; the time zone is UTC so that the
 * lockout message can be checked word for word.  Argon2id runs at the
 * cheapest cost here (the cost is recorded in each wrapping); the
 * program's own cost is measured by bench/bench_login.
 */

#define T0 1772951400		/* 2026-03-08 06:30:00 UTC */
#define PW_ADMIN "admin horse battery"
#define PW_ADA "ada lantern orbit"
#define PW_CARER "carer pebble river"
#define PW_VIEWER "viewer maple cloud"

static char *dir;
static char *db_path;
static struct store *st;
static struct clock clk;
static struct session_options opts;
static char list_path[4096];

static void
setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	dir = test_tmpdir();
	st = test_store_create(dir, "test.db");
	db_path = test_path(dir, "test.db");
	clk = clock_fixed(T0);
	test_session_options(&opts, &clk, list_path);
	opts.origin = "192.0.2.7";
}

static void
teardown(void)
{
	store_close(st);
	free(db_path);
	test_tmpdir_remove(dir);
}

static struct session *
login(const char *email, const char *password)
{
	return test_login(st, &opts, email, password);
}

static int
try_login(const char *email, const char *password, struct error *err)
{
	struct login_request req = { email, password, NULL, NULL, NULL };
	struct session *s = NULL;
	int rc = session_login(st, &opts, &req, &s, err);

	if (rc == 0)
		session_logout(s, LOGOUT_USER);
	return rc;
}

static int64_t
add_account(struct session *admin, const char *email, const char *password,
    const char *first, const char *last, char *recovery)
{
	return test_account(st, &opts, admin, email, password, first, last,
	    recovery);
}

/* An administrator, Ada (a patient) and a caregiver; returns the admin. */
static struct session *
household(void)
{
	struct session *admin;

	add_account(NULL, "admin@example.org", PW_ADMIN, "Admin", NULL, NULL);
	admin = login("admin@example.org", PW_ADMIN);
	add_account(admin, "ada@example.org", PW_ADA, "Ada", "Lovelace",
	    NULL);
	add_account(admin, "carer@example.org", PW_CARER, "Charles", "Carer",
	    NULL);
	add_account(admin, "viewer@example.org", PW_VIEWER, "Vera", "Viewer",
	    NULL);
	return admin;
}

static int64_t
audit_count(const char *action, const char *extra)
{
	char sql[512];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_logs"
	    " WHERE action_type = '%s' %s", action, extra ? extra : "");
	return test_query_file(db_path, sql);
}

/* Accounts and login ---------------------------------------------------- */

START_TEST(test_first_account_is_admin_and_others_need_one)
{
	struct account_request req = { "eve@example.org", "eve willow stone",
	    true, NULL, NULL };
	char code[KEYS_RECOVERY_CODE_SIZE];
	struct session *admin, *ada;
	struct error err;
	int64_t id;

	admin = household();
	ck_assert(session_is_admin(admin));
	ada = login("ada@example.org", PW_ADA);
	ck_assert(!session_is_admin(ada));

	/* Without a creator, or with one who is no administrator: refused. */
	ck_assert_int_eq(account_create(st, &opts, NULL, &req, code, &id,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_int_eq(account_create(st, &opts, ada, &req, code, &id,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert(strstr(err.text, "administrator") != NULL);

	/* An administrator may make another administrator. */
	ck_assert_int_eq(account_create(st, &opts, admin, &req, code, &id,
	    &err), 0);
	ck_assert_uint_eq(strlen(code), 29);
	session_logout(ada, LOGOUT_USER);
	ada = login("eve@example.org", "eve willow stone");
	ck_assert(session_is_admin(ada));

	/* The same email twice, a bad email or password: refused. */
	ck_assert_int_eq(account_create(st, &opts, admin, &req, code, &id,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_CONFLICT);
	req.email = "not-an-email";
	ck_assert_int_eq(account_create(st, &opts, admin, &req, code, &id,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	req.email = "fred@example.org";
	req.password = "Password123";
	ck_assert_int_eq(account_create(st, &opts, admin, &req, code, &id,
	    &err), -1);
	ck_assert(strstr(err.text, "common") != NULL);
	session_logout(ada, LOGOUT_USER);
	session_logout(admin, LOGOUT_USER);
}
END_TEST

START_TEST(test_lockout_after_five_failures_until_the_period_ends)
{
	struct session *admin = household();
	struct error err;

	session_logout(admin, LOGOUT_USER);
	for (int i = 1; i <= 4; i++) {
		ck_assert_int_eq(try_login("ada@example.org", "wrong guess!!",
		    &err), -1);
		ck_assert_int_eq(err.kind, ERR_DENIED);
		ck_assert_str_eq(err.text, "wrong email or password");
	}
	ck_assert_int_eq(try_login("ada@example.org", "wrong guess!!", &err),
	    -1);
	ck_assert_int_eq(err.kind, ERR_LOCKED);
	ck_assert_msg(strstr(err.text, "until 2026-03-08 06:45 UTC") != NULL,
	    "%s", err.text);

	/* Even the right password is refused while the lock lasts. */
	clk.fixed = T0 + 15 * 60 - 1;
	ck_assert_int_eq(try_login("ada@example.org", PW_ADA, &err), -1);
	ck_assert_int_eq(err.kind, ERR_LOCKED);
	clk.fixed = T0 + 15 * 60;
	ck_assert_int_eq(try_login("ada@example.org", PW_ADA, &err), 0);

	/* The count started again: four more failures do not lock. */
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(try_login("ada@example.org", "nope nope nope",
		    &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_int_eq(try_login("ada@example.org", PW_ADA, &err), 0);
	ck_assert_int_eq(audit_count("lockout", NULL), 1);
	ck_assert_int_eq(audit_count("login_failed", NULL), 4 + 1 + 1 + 4);

	/* An unknown account gives the same answer and a row without id. */
	ck_assert_int_eq(try_login("nobody@example.org", PW_ADA, &err), -1);
	ck_assert_str_eq(err.text, "wrong email or password");
	ck_assert_int_eq(audit_count("login_failed", "AND user_id IS NULL"),
	    1);
}
END_TEST

START_TEST(test_suspended_and_deactivated_accounts_cannot_log_in)
{
	struct session *admin = household(), *carer;
	struct error err;

	carer = login("carer@example.org", PW_CARER);
	ck_assert_int_eq(account_set_status(carer, "ada@example.org",
	    ACCOUNT_SUSPENDED, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);

	ck_assert_int_eq(account_set_status(admin, "carer@example.org",
	    ACCOUNT_SUSPENDED, &err), 0);
	/* The open session ends at once. */
	ck_assert_int_eq(health_person_add(carer, "Dora", NULL, NULL, &(int64_t){0},
	    &err), -1);
	ck_assert(access_require(carer, session_self_person(carer), PERM_VIEW,
	    &err) == -1);
	ck_assert(strstr(err.text, "ended") != NULL);
	session_logout(carer, LOGOUT_USER);

	ck_assert_int_eq(try_login("carer@example.org", PW_CARER, &err), -1);
	ck_assert(strstr(err.text, "suspended") != NULL);
	ck_assert_int_eq(account_set_status(admin, "carer@example.org",
	    ACCOUNT_DEACTIVATED, &err), 0);
	ck_assert_int_eq(try_login("carer@example.org", PW_CARER, &err), -1);
	ck_assert(strstr(err.text, "deactivated") != NULL);
	ck_assert_int_eq(account_set_status(admin, "carer@example.org",
	    ACCOUNT_ACTIVE, &err), 0);
	ck_assert_int_eq(try_login("carer@example.org", PW_CARER, &err), 0);
	ck_assert_int_eq(account_set_status(admin, "admin@example.org",
	    ACCOUNT_SUSPENDED, &err), -1);
	session_logout(admin, LOGOUT_USER);
}
END_TEST

START_TEST(test_sessions_are_rows_with_expiry_and_reason)
{
	struct session *admin = household(), *ada;
	sqlite3 *db;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	session_logout(ada, LOGOUT_TIMEOUT);
	db = test_raw_open(db_path);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*) FROM"
	    " session_management WHERE is_active = 1"), 0);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*) FROM"
	    " session_management WHERE logout_reason = 'timeout'"), 1);
	ck_assert_int_eq(test_query_int(db, "SELECT min(expires_at -"
	    " created_at) FROM session_management"), SESSION_MAX_HOURS * 3600);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*) FROM"
	    " session_management WHERE ip_address = '192.0.2.7'"
	    " AND length(session_id) = 64"), 2);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_idle_session_locks_until_the_password)
{
	struct session *admin = household(), *ada;
	struct profile p;
	struct error err;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	clk.fixed += 14 * 60 + 59;
	ck_assert(!session_idle_expired(ada));
	session_touch(ada);
	clk.fixed += 15 * 60;
	ck_assert(session_idle_expired(ada));

	session_lock(ada);
	ck_assert(session_is_locked(ada));
	ck_assert_int_eq(health_profile_get(ada, session_self_person(ada), &p,
	    &err), -1);
	ck_assert(strstr(err.text, "locked") != NULL);
	ck_assert_int_eq(session_unlock(ada, "not my password", &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_int_eq(session_unlock(ada, PW_ADA, &err), 0);
	ck_assert(!session_idle_expired(ada));
	ck_assert_int_eq(health_profile_get(ada, session_self_person(ada), &p,
	    &err), 0);
	ck_assert_str_eq(p.value[PF_FIRST_NAME], "Ada");
	profile_clear(&p);
	session_logout(ada, LOGOUT_USER);
}
END_TEST

/* Permissions ----------------------------------------------------------- */

static int64_t
ada_adds_health_data(struct session *ada)
{
	struct condition_input c = { "Asthma", "J45.9", "mild", "2001-05-04",
	    NULL, "inhaler before running" };
	struct allergy_input a = { "Penicillin", "drug", "severe", "hives",
	    true };
	struct error err;
	int64_t id, person = session_self_person(ada);

	ck_assert_msg(health_condition_add(ada, person, &c, &id, &err) == 0,
	    "%s", err.text);
	ck_assert_msg(health_allergy_add(ada, person, &a, &id, &err) == 0,
	    "%s", err.text);
	return person;
}

/* Every read and write path a caregiver could take, refused with reason. */
static void
assert_every_path_refused(struct session *s, int64_t person,
    int64_t condition_id, int64_t allergy_id)
{
	struct profile_change change = { PF_CITY, "Elsewhere" };
	struct condition_input c = { "Gout", NULL, NULL, NULL, NULL, NULL };
	struct allergy_input a = { "Latex", "other", "mild", NULL, false };
	struct condition_view *cl = NULL;
	struct allergy_view *al = NULL;
	struct access_grant *grants = NULL;
	struct blob blob = { NULL, 0 };
	struct profile p;
	struct error err;
	int64_t id;
	size_t n;
	char *plain = NULL;

#define REFUSED(call) do { \
	error_clear(&err); \
	ck_assert_msg((call) == -1, "not refused: %s", #call); \
	ck_assert_msg(err.kind == ERR_DENIED, "%s: %s", #call, err.text); \
	ck_assert_msg(err.text[0] != '\0', "no reason: %s", #call); \
} while (0)
	REFUSED(health_profile_get(s, person, &p, &err));
	REFUSED(health_profile_update(s, person, &change, 1, &err));
	REFUSED(health_condition_list(s, person, &cl, &n, &err));
	REFUSED(health_condition_add(s, person, &c, &id, &err));
	REFUSED(health_condition_remove(s, condition_id, &err));
	REFUSED(health_allergy_list(s, person, &al, &n, &err));
	REFUSED(health_allergy_add(s, person, &a, &id, &err));
	REFUSED(health_allergy_remove(s, allergy_id, &err));
	REFUSED(health_person_names(s, person, NULL, &plain, &err));
	REFUSED(vault_seal(s, person, "dose_events", "notes", 0, "x", &blob,
	    &err));
	REFUSED(access_require(s, person, PERM_RECORD, &err));
	REFUSED(access_require(s, person, PERM_ALERTS, &err));
	REFUSED(access_grant(s, person, "viewer@example.org", PERM_VIEW,
	    &err));
	REFUSED(access_revoke(s, person, "viewer@example.org", &err));
	REFUSED(access_list_grants(s, person, &grants, &n, &err));
#undef REFUSED
}

START_TEST(test_caregiver_without_grant_is_refused_everywhere)
{
	struct session *admin = household(), *ada, *carer;
	struct condition_view *cl;
	struct allergy_view *al;
	struct blob sealed = { NULL, 0 };
	struct error err;
	int64_t person, found;
	size_t n;
	char *plain;

	ada = login("ada@example.org", PW_ADA);
	person = ada_adds_health_data(ada);
	ck_assert_int_eq(health_condition_list(ada, person, &cl, &n, &err), 0);
	ck_assert_int_eq(health_allergy_list(ada, person, &al, &n, &err), 0);
	ck_assert_int_eq(vault_seal(ada, person, "dose_events", "notes", 0,
	    "a note", &sealed, &err), 0);

	carer = login("carer@example.org", PW_CARER);
	assert_every_path_refused(carer, person, cl[0].condition_id,
	    al[0].allergy_id);
	ck_assert_int_eq(vault_open(carer, person, "dose_events", "notes", 0,
	    &sealed, &plain, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert(strstr(err.text, "no access") != NULL);
	ck_assert_int_eq(session_resolve_person(carer, "Ada", &found, &err),
	    -1);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);

	/* The administrator is no exception. */
	assert_every_path_refused(admin, person, cl[0].condition_id,
	    al[0].allergy_id);

	/* Nothing changed in Ada's record. */
	health_condition_list_free(cl, 1);
	health_allergy_list_free(al, 1);
	ck_assert_int_eq(health_condition_list(ada, person, &cl, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(cl[0].name, "Asthma");
	ck_assert_str_eq(cl[0].notes, "inhaler before running");
	health_condition_list_free(cl, n);
	blob_free(&sealed);
	session_logout(carer, LOGOUT_USER);
	session_logout(ada, LOGOUT_USER);
	session_logout(admin, LOGOUT_USER);
}
END_TEST

START_TEST(test_view_only_grant_cannot_record_doses)
{
	struct session *admin = household(), *ada, *viewer;
	struct condition_input c = { "Gout", NULL, NULL, NULL, NULL, NULL };
	struct allergy_view *al;
	struct blob blob = { NULL, 0 };
	struct error err;
	unsigned perms;
	int64_t person, id, found;
	size_t n;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	person = ada_adds_health_data(ada);
	ck_assert_int_eq(access_parse("view", &perms, &err), 0);
	ck_assert_int_eq(access_grant(ada, person, "viewer@example.org", perms,
	    &err), 0);

	viewer = login("viewer@example.org", PW_VIEWER);
	/* The check that dose recording calls before it writes. */
	ck_assert_int_eq(access_require(viewer, person, PERM_RECORD, &err),
	    -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_str_eq(err.text, "you may view Ada Lovelace's record but not"
	    " record doses: ask ada@example.org to grant \"record\"");
	ck_assert_int_eq(vault_seal(viewer, person, "dose_events", "notes", 0,
	    "took it", &blob, &err), -1);
	ck_assert_int_eq(health_condition_add(viewer, person, &c, &id, &err),
	    -1);
	ck_assert(strstr(err.text, "grant \"edit\"") != NULL);

	/* Viewing works, finds her by name, and is logged as a read. */
	ck_assert_int_eq(session_resolve_person(viewer, "ada lovelace", &found,
	    &err), 0);
	ck_assert_int_eq(found, person);
	ck_assert_int_eq(audit_count("read", "AND table_name ="
	    " 'user_profiles'"), 1);
	ck_assert_int_eq(health_allergy_list(viewer, person, &al, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(al[0].allergen, "Penicillin");
	health_allergy_list_free(al, n);
	ck_assert_int_eq(audit_count("read", "AND table_name ="
	    " 'user_allergies' AND ip_address = '192.0.2.7'"), 1);

	/* Granting "record" lets the same check pass. */
	ck_assert_int_eq(access_parse("record", &perms, &err), 0);
	ck_assert_int_eq(access_grant(ada, person, "viewer@example.org", perms,
	    &err), 0);
	ck_assert_int_eq(access_require(viewer, person, PERM_RECORD, &err), 0);
	ck_assert_int_eq(vault_seal(viewer, person, "dose_events", "notes", 0,
	    "took it", &blob, &err), 0);
	blob_free(&blob);
	session_logout(viewer, LOGOUT_USER);
	session_logout(ada, LOGOUT_USER);
}
END_TEST

/* Providers ------------------------------------------------------------- */

#define NPI_VALID "1234567893"	/* the check digit fits */

/* The carer also works as a pharmacist, with an entry tied to her login. */
static int64_t
carer_as_provider(struct session *carer)
{
	struct provider_input in = { "Charles", "Carer", "PharmD",
	    "Community pharmacy", NPI_VALID, "Corner Pharmacy",
	    "+1 555 0100", "carer@example.org", "carer@example.org" };
	struct error err;
	int64_t id;

	ck_assert_msg(provider_add(carer, &in, &id, &err) == 0, "%s",
	    err.text);
	return id;
}

static int
link_provider(struct session *s, int64_t person, int64_t provider,
    unsigned rights, struct error *err)
{
	int today = date_from_ymd(2026, 3, 8);
	struct provider_link_request req = { provider, "pharmacist", false,
	    rights, today, today };

	return provider_link(s, person, &req, err);
}

static int64_t
keys_held(int64_t person, const char *email)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM person_keys"
	    " WHERE person_id = %lld AND user_id = (SELECT user_id FROM users"
	    " WHERE email = '%s')", (long long)person, email);
	return test_query_file(db_path, sql);
}

START_TEST(test_provider_links_grant_what_the_blueprint_names)
{
	struct session *admin = household(), *ada, *carer;
	struct condition_input c = { "Gout", NULL, NULL, NULL, NULL, NULL };
	struct condition_view *cl;
	struct allergy_view *al;
	struct store_linked_provider *links;
	struct error err;
	int64_t person, provider, id;
	unsigned perms;
	char sql[160];
	size_t n;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	person = ada_adds_health_data(ada);
	ck_assert_int_eq(health_condition_list(ada, person, &cl, &n, &err), 0);
	ck_assert_int_eq(health_allergy_list(ada, person, &al, &n, &err), 0);
	carer = login("carer@example.org", PW_CARER);
	provider = carer_as_provider(carer);

	/* In the directory is not yet linked: nothing is open to her. */
	assert_every_path_refused(carer, person, cl[0].condition_id,
	    al[0].allergy_id);
	health_condition_list_free(cl, 1);
	health_allergy_list_free(al, 1);
	ck_assert_int_eq(keys_held(person, "carer@example.org"), 0);

	/* Viewing medications opens the record to read, not to change. */
	ck_assert_int_eq(link_provider(ada, person, provider, PROVIDER_VIEW,
	    &err), 0);
	ck_assert_int_gt(keys_held(person, "carer@example.org"), 0);
	ck_assert_int_eq(access_permissions(carer, person, &perms, &err), 0);
	ck_assert_uint_eq(perms, PERM_VIEW);
	ck_assert_int_eq(health_allergy_list(carer, person, &al, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(al[0].allergen, "Penicillin");
	health_allergy_list_free(al, n);
	ck_assert_int_eq(health_condition_add(carer, person, &c, &id, &err),
	    -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_msg(strstr(err.text, "link you with \"prescribe\" or"
	    " \"modify\"") != NULL, "%s", err.text);
	ck_assert_int_eq(access_require(carer, person, PERM_RECORD, &err), -1);

	/* Prescribing is editing medications; it never records doses. */
	ck_assert_int_eq(link_provider(ada, person, provider,
	    PROVIDER_VIEW | PROVIDER_PRESCRIBE, &err), 0);
	ck_assert_int_eq(access_permissions(carer, person, &perms, &err), 0);
	ck_assert_uint_eq(perms, PERM_VIEW | PERM_EDIT);
	ck_assert_msg(health_condition_add(carer, person, &c, &id, &err) == 0,
	    "%s", err.text);
	ck_assert_int_eq(access_require(carer, person, PERM_RECORD, &err), -1);
	ck_assert_int_eq(access_require(carer, person, PERM_MANAGE, &err), -1);

	/* The new link replaced the old one, which stays as history. */
	ck_assert_int_eq(provider_links(ada, person, &links, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(provider_link_rights(&links[0].link),
	    PROVIDER_VIEW | PROVIDER_PRESCRIBE);
	ck_assert_str_eq(links[0].provider.npi_number, NPI_VALID);
	free(links);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM"
	    " user_provider_relationships WHERE person_id = %lld"
	    " AND status = 'inactive' AND end_date = '2026-03-08'",
	    (long long)person);
	ck_assert_int_eq(test_query_file(db_path, sql), 1);

	/* Unlinking ends access at once and rotates the data key. */
	ck_assert_int_eq(provider_unlink(ada, person, provider,
	    date_from_ymd(2026, 3, 8), &err), 0);
	ck_assert_int_eq(health_allergy_list(carer, person, &al, &n, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_int_eq(keys_held(person, "carer@example.org"), 0);
	snprintf(sql, sizeof sql, "SELECT key_version FROM people"
	    " WHERE person_id = %lld", (long long)person);
	ck_assert_int_eq(test_query_file(db_path, sql), 2);
	ck_assert_int_eq(provider_unlink(ada, person, provider,
	    date_from_ymd(2026, 3, 8), &err), -1);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);
	ck_assert_int_eq(audit_count("grant", "AND table_name ="
	    " 'user_provider_relationships'"), 2);
	ck_assert_int_eq(audit_count("revoke", "AND table_name ="
	    " 'user_provider_relationships'"), 1);
	ck_assert_int_eq(audit_count("create", "AND table_name ="
	    " 'healthcare_providers'"), 1);
	session_logout(carer, LOGOUT_USER);
	session_logout(ada, LOGOUT_USER);
}
END_TEST

START_TEST(test_revoke_keeps_keys_while_a_provider_link_remains)
{
	struct session *admin = household(), *ada, *carer;
	struct allergy_view *al;
	struct error err;
	int64_t person, provider;
	size_t n;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	person = ada_adds_health_data(ada);
	carer = login("carer@example.org", PW_CARER);
	provider = carer_as_provider(carer);
	ck_assert_int_eq(access_grant(ada, person, "carer@example.org",
	    PERM_VIEW | PERM_RECORD, &err), 0);
	ck_assert_int_eq(link_provider(ada, person, provider, PROVIDER_VIEW,
	    &err), 0);

	/* The grant ends; the pharmacist's link still lets her read. */
	ck_assert_int_eq(access_revoke(ada, person, "carer@example.org", &err),
	    0);
	ck_assert_int_eq(access_require(carer, person, PERM_RECORD, &err), -1);
	ck_assert_int_eq(health_allergy_list(carer, person, &al, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	health_allergy_list_free(al, n);
	ck_assert_int_gt(keys_held(person, "carer@example.org"), 0);

	/* With the link gone too, nothing is left. */
	ck_assert_int_eq(provider_unlink(ada, person, provider,
	    date_from_ymd(2026, 3, 8), &err), 0);
	ck_assert_int_eq(health_allergy_list(carer, person, &al, &n, &err), -1);
	ck_assert_int_eq(keys_held(person, "carer@example.org"), 0);
	session_logout(carer, LOGOUT_USER);
	session_logout(ada, LOGOUT_USER);
}
END_TEST

START_TEST(test_provider_entries_and_links_are_checked)
{
	struct session *admin = household(), *ada, *carer, *viewer;
	struct provider_input bad_npi = { "Pat", "Typo", NULL, NULL,
	    "1234567890", NULL, NULL, NULL, NULL };
	struct provider_input short_npi = { "Pat", "Short", NULL, NULL,
	    "12345", NULL, NULL, NULL, NULL };
	struct provider_input no_name = { "", "Nameless", NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL };
	struct provider_input bad_phone = { "Pat", "Phone", NULL, NULL, NULL,
	    NULL, "call me", NULL, NULL };
	struct provider_input someone_else = { "Vera", "Viewer", NULL, NULL,
	    NULL, NULL, NULL, NULL, "viewer@example.org" };
	struct provider_input same_npi = { "Other", "Person", NULL, NULL,
	    NPI_VALID, NULL, NULL, NULL, NULL };
	int today = date_from_ymd(2026, 3, 8);
	struct provider_link_request req = { 0, "pharmacist", true,
	    PROVIDER_VIEW, today + 1, today };
	struct store_provider *list;
	struct error err;
	int64_t person, provider, id;
	size_t n;

	ada = login("ada@example.org", PW_ADA);
	person = session_self_person(ada);
	carer = login("carer@example.org", PW_CARER);
	provider = carer_as_provider(carer);

#define REFUSED(call, wanted) do { \
	error_clear(&err); \
	ck_assert_msg((call) == -1, "not refused: %s", #call); \
	ck_assert_msg(err.kind == (wanted), "%s: %s", #call, err.text); \
} while (0)
	REFUSED(provider_add(carer, &bad_npi, &id, &err), ERR_INVALID);
	ck_assert(strstr(err.text, "check digit") != NULL);
	REFUSED(provider_add(carer, &short_npi, &id, &err), ERR_INVALID);
	REFUSED(provider_add(carer, &no_name, &id, &err), ERR_USAGE);
	REFUSED(provider_add(carer, &bad_phone, &id, &err), ERR_INVALID);
	REFUSED(provider_add(carer, &same_npi, &id, &err), ERR_CONFLICT);
	/* Only the login itself or an administrator ties an entry to it. */
	REFUSED(provider_add(carer, &someone_else, &id, &err), ERR_DENIED);
	ck_assert_int_eq(provider_add(admin, &someone_else, &id, &err), 0);
	ck_assert_int_eq(provider_list(ada, "VIEW", &list, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].provider_id, id);
	free(list);
	ck_assert_int_eq(provider_list(ada, NULL, &list, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	free(list);

	req.provider_id = provider;
	REFUSED(provider_link(ada, person, &req, &err), ERR_INVALID);
	req.start_day = today;
	req.type = "barber";
	REFUSED(provider_link(ada, person, &req, &err), ERR_USAGE);
	req.type = "pharmacist";
	req.provider_id = 999;
	REFUSED(provider_link(ada, person, &req, &err), ERR_NOT_FOUND);
	req.provider_id = provider;
	/* Only whoever manages the record links providers to it. */
	viewer = login("viewer@example.org", PW_VIEWER);
	ck_assert_int_eq(access_grant(ada, person, "viewer@example.org",
	    PERM_VIEW | PERM_EDIT, &err), 0);
	REFUSED(provider_link(viewer, person, &req, &err), ERR_DENIED);
	REFUSED(provider_unlink(viewer, person, provider, today, &err),
	    ERR_DENIED);
	ck_assert_int_eq(provider_link(ada, person, &req, &err), 0);

	/* One primary provider: a second takes the mark from the first. */
	req.provider_id = id;
	ck_assert_int_eq(provider_link(ada, person, &req, &err), 0);
	ck_assert_int_eq(test_query_file(db_path, "SELECT count(*) FROM"
	    " user_provider_relationships WHERE is_primary = 1"), 1);
	ck_assert_int_eq(test_query_file(db_path, "SELECT provider_id FROM"
	    " user_provider_relationships WHERE is_primary = 1"), id);
	ck_assert_int_eq(provider_parse_rights("prescribe", &req.rights,
	    &err), 0);
	ck_assert_uint_eq(req.rights, PROVIDER_VIEW | PROVIDER_PRESCRIBE);
	REFUSED(provider_parse_rights("view,record", &req.rights, &err),
	    ERR_USAGE);
#undef REFUSED
	session_logout(viewer, LOGOUT_USER);
	session_logout(carer, LOGOUT_USER);
	session_logout(ada, LOGOUT_USER);
	session_logout(admin, LOGOUT_USER);
}
END_TEST

/* The account key of an account as someone holding the file would get. */
static void
steal_keypair(sqlite3 *db, const char *email, const char *password,
    struct account_keypair *kp)
{
	sqlite3_stmt *stmt;
	struct error err;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT public_key,"
	    " secret_key_by_password, password_key_salt FROM users"
	    " WHERE email = ?", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, email, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	memcpy(kp->public_key, sqlite3_column_blob(stmt, 0), 32);
	ck_assert_int_eq(keys_unwrap_secret(sqlite3_column_blob(stmt, 1),
	    (size_t)sqlite3_column_bytes(stmt, 1), password,
	    sqlite3_column_blob(stmt, 2), kp, &err), 0);
	sqlite3_finalize(stmt);
}

static struct blob
query_blob(sqlite3 *db, const char *sql)
{
	struct blob b = { NULL, 0 };
	sqlite3_stmt *stmt;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	blob_set(&b, sqlite3_column_blob(stmt, 0),
	    (size_t)sqlite3_column_bytes(stmt, 0));
	sqlite3_finalize(stmt);
	return b;
}

START_TEST(test_revoke_rotates_so_the_old_key_reads_nothing_new)
{
	struct session *admin = household(), *ada, *carer, *viewer;
	struct allergy_input later = { "Sulfonamide", "drug", "moderate",
	    NULL, false };
	struct account_keypair stolen = { { 0 }, NULL };
	struct field_place place = { "user_allergies", "allergen_name", 0, 0 };
	struct allergy_view *al;
	struct blob old_sealed, new_blob;
	unsigned char *old_key;
	struct error err;
	uint32_t version;
	int64_t person, id;
	size_t n;
	char *plain = NULL, sql[256];
	sqlite3 *db;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	person = ada_adds_health_data(ada);
	ck_assert_int_eq(access_grant(ada, person, "carer@example.org",
	    PERM_VIEW | PERM_RECORD, &err), 0);
	ck_assert_int_eq(access_grant(ada, person, "viewer@example.org",
	    PERM_VIEW, &err), 0);

	/* What the carer could keep: its sealed key of version 1. */
	db = test_raw_open(db_path);
	snprintf(sql, sizeof sql, "SELECT sealed_key FROM person_keys"
	    " WHERE person_id = %lld AND key_version = 1 AND user_id ="
	    " (SELECT user_id FROM users WHERE email = 'carer@example.org')",
	    (long long)person);
	old_sealed = query_blob(db, sql);
	carer = login("carer@example.org", PW_CARER);

	ck_assert_int_eq(access_revoke(ada, person, "carer@example.org", &err),
	    0);
	ck_assert_int_eq(access_revoke(ada, person, "carer@example.org", &err),
	    -1);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);

	/* Access ends at once, even for the session already open. */
	ck_assert_int_eq(health_allergy_list(carer, person, &al, &n, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM person_keys"
	    " WHERE person_id = %lld AND user_id = (SELECT user_id FROM users"
	    " WHERE email = 'carer@example.org')", (long long)person);
	ck_assert_int_eq(test_query_int(db, sql), 0);

	ck_assert_int_eq(health_allergy_add(ada, person, &later, &id, &err), 0);
	snprintf(sql, sizeof sql, "SELECT allergen_name FROM user_allergies"
	    " WHERE allergy_id = %lld", (long long)id);
	new_blob = query_blob(db, sql);
	ck_assert_int_eq(keys_field_version(&new_blob, &version, &err), 0);
	ck_assert_uint_eq(version, 2);

	/* The carer's old key, opened as a thief would, reads nothing new. */
	steal_keypair(db, "carer@example.org", PW_CARER, &stolen);
	old_key = keys_open_data_key(old_sealed.data, old_sealed.len, &stolen,
	    &err);
	ck_assert_ptr_nonnull(old_key);
	place.person_id = person;
	place.row_id = id;
	ck_assert_int_eq(keys_field_open(old_key, &place, &new_blob, &plain,
	    &err), -1);
	ck_assert_ptr_null(plain);

	/* Ada and the remaining viewer read old and new alike. */
	viewer = login("viewer@example.org", PW_VIEWER);
	ck_assert_int_eq(health_allergy_list(viewer, person, &al, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(al[0].allergen, "Penicillin");
	ck_assert_str_eq(al[1].allergen, "Sulfonamide");
	health_allergy_list_free(al, n);
	ck_assert_int_eq(health_allergy_list(ada, person, &al, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	health_allergy_list_free(al, n);
	ck_assert_int_eq(audit_count("revoke", NULL), 1);

	keys_secure_free(old_key);
	keys_keypair_wipe(&stolen);
	blob_free(&old_sealed);
	blob_free(&new_blob);
	sqlite3_close(db);
	session_logout(viewer, LOGOUT_USER);
	session_logout(carer, LOGOUT_USER);
	session_logout(ada, LOGOUT_USER);
}
END_TEST

START_TEST(test_person_names_resolve_for_those_who_may_see_them)
{
	struct session *admin = household(), *carer;
	struct person_entry *people;
	struct error err;
	int64_t dora, dan, found;
	size_t n;

	session_logout(admin, LOGOUT_USER);
	carer = login("carer@example.org", PW_CARER);
	ck_assert_int_eq(health_person_add(carer, "Dora", "Carer",
	    "1941-02-03", &dora, &err), 0);
	ck_assert_int_eq(health_person_add(carer, "Dan", "Carer", NULL, &dan,
	    &err), 0);
	ck_assert_int_eq(health_person_add(carer, "", "Nobody", NULL, &found,
	    &err), -1);
	ck_assert_int_eq(health_person_add(carer, "Zed", NULL, "2999-01-01",
	    &found, &err), -1);

	ck_assert_int_eq(session_resolve_person(carer, "dora", &found, &err),
	    0);
	ck_assert_int_eq(found, dora);
	ck_assert_int_eq(session_resolve_person(carer, "Dan Carer", &found,
	    &err), 0);
	ck_assert_int_eq(found, dan);
	ck_assert_int_eq(session_resolve_person(carer, "self", &found, &err),
	    0);
	ck_assert_int_eq(found, session_self_person(carer));
	ck_assert_int_eq(session_resolve_person(carer, "Carer", &found, &err),
	    -1);
	ck_assert_int_eq(session_resolve_person(carer, "Charles", &found,
	    &err), 0);
	ck_assert_int_eq(session_resolve_person(carer, "Ada", &found, &err),
	    -1);
	ck_assert(strstr(err.text, "person list") != NULL);

	ck_assert_int_eq(health_people_list(carer, &people, &n, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(people[0].is_self);
	ck_assert_str_eq(people[0].name, "Charles Carer");
	ck_assert_str_eq(people[1].name, "Dora Carer");
	ck_assert(people[1].permissions & PERM_MANAGE);
	health_people_free(people, n);
	session_logout(carer, LOGOUT_USER);
}
END_TEST

START_TEST(test_condition_codes_of_three_characters)
{
	struct session *admin = household(), *ada;
	struct condition_input c = { "Hypertension", "I10", NULL, NULL, NULL,
	    NULL };
	struct error err;
	int64_t id, person;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	person = session_self_person(ada);
	ck_assert_msg(health_condition_add(ada, person, &c, &id, &err) == 0,
	    "%s", err.text);
	c.code = "E11.9";
	ck_assert_int_eq(health_condition_add(ada, person, &c, &id, &err), 0);
	c.code = "I1";
	ck_assert_int_eq(health_condition_add(ada, person, &c, &id, &err), -1);
	c.code = "I10.";
	ck_assert_int_eq(health_condition_add(ada, person, &c, &id, &err), -1);
	c.code = "i10";
	ck_assert_int_eq(health_condition_add(ada, person, &c, &id, &err), -1);
	session_logout(ada, LOGOUT_USER);
}
END_TEST

START_TEST(test_accounts_are_named_by_name_or_by_email)
{
	struct session *admin = household(), *ada, *carer;
	int64_t carer_id = 3, ada_self;
	struct error err;
	char name[128];

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	ada_self = session_self_person(ada);
	account_display_name(ada, session_user_id(ada), name, sizeof name);
	ck_assert_str_eq(name, "Ada Lovelace");
	/* Ada may not open the carer's record: his email stands in. */
	account_display_name(ada, carer_id, name, sizeof name);
	ck_assert_str_eq(name, "carer@example.org");
	account_display_name(ada, 999, name, sizeof name);
	ck_assert_str_eq(name, "account 999");
	ck_assert_int_eq(access_grant(ada, ada_self, "carer@example.org",
	    PERM_VIEW, &err), 0);
	session_logout(ada, LOGOUT_USER);

	carer = login("carer@example.org", PW_CARER);
	account_display_name(carer, 2, name, sizeof name);
	ck_assert_str_eq(name, "Ada Lovelace");
	account_display_name(carer, carer_id, name, sizeof name);
	ck_assert_str_eq(name, "Charles Carer");
	session_logout(carer, LOGOUT_USER);
}
END_TEST

START_TEST(test_profile_changes_are_checked_sealed_and_audited)
{
	struct session *admin = household(), *ada;
	struct profile_change good[] = {
		{ PF_DATE_OF_BIRTH, "1815-12-10" },
		{ PF_HEIGHT_CM, "165" },
		{ PF_WEIGHT_KG, "55.5" },
		{ PF_BLOOD_TYPE, "ab-" },
		{ PF_TIMEZONE, "Europe/London" },
		{ PF_CITY, "Marylebone" },
	};
	struct profile_change bad[] = {
		{ PF_CITY, "Nowhere" },
		{ PF_HEIGHT_CM, "300" },
	};
	struct profile p;
	struct error err;
	int64_t person;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	person = session_self_person(ada);
	ck_assert_int_eq(health_profile_update(ada, person, good, 6, &err), -1);
	ck_assert(strstr(err.text, "1900") != NULL);
	good[0].value = "1915-12-10";
	ck_assert_msg(health_profile_update(ada, person, good, 6, &err) == 0,
	    "%s", err.text);
	ck_assert_int_eq(health_profile_update(ada, person, bad, 2, &err), -1);
	ck_assert(strstr(err.text, "height_cm") != NULL);

	ck_assert_int_eq(health_profile_get(ada, person, &p, &err), 0);
	ck_assert_str_eq(p.value[PF_DATE_OF_BIRTH], "1915-12-10");
	ck_assert_str_eq(p.value[PF_BLOOD_TYPE], "AB-");
	ck_assert_str_eq(p.value[PF_CITY], "Marylebone");
	ck_assert_str_eq(p.value[PF_TIMEZONE], "Europe/London");
	ck_assert(p.bmi > 20.3 && p.bmi < 20.4);
	profile_clear(&p);
	ck_assert_int_eq(audit_count("update", "AND table_name ="
	    " 'user_profiles' AND new_values LIKE '%\"city\"%'"
	    " AND new_values NOT LIKE '%Marylebone%'"), 1);
	session_logout(ada, LOGOUT_USER);
}
END_TEST

/* Keys and secrets ------------------------------------------------------ */

static char *
read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long size;

	*len = 0;
	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (size_t)size, fp);
	fclose(fp);
	return buf;
}

static int
found_in_files(const char *needle)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	int found = 0;

	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		size_t len;
		char *data;

		snprintf(path, sizeof path, "%s%s", db_path, suffixes[i]);
		data = read_file(path, &len);
		if (data != NULL && memmem(data, len, needle,
		    strlen(needle)) != NULL)
			found = 1;
		free(data);
	}
	return found;
}

START_TEST(test_planted_secrets_appear_nowhere_in_the_files)
{
	static const char *const planted[] = {
		"Quintavia", "Zorbleworth", "1932-07-19", "+44 20 7946 0991",
		"Barnabus Emergency", "17 Wrenfield Mews", "Ottersby",
		"Hyperquibblosis", "Q99.8", "takes it with marmalade",
		"Penicillaminex", "purple blotches", "Vantablack Dust",
		"lantern orbit pebble", "totally new passphrase",
	};
	struct profile_change changes[] = {
		{ PF_DATE_OF_BIRTH, "1932-07-19" },
		{ PF_PHONE_NUMBER, "+44 20 7946 0991" },
		{ PF_EMERGENCY_CONTACT_NAME, "Barnabus Emergency" },
		{ PF_ADDRESS_LINE1, "17 Wrenfield Mews" },
		{ PF_CITY, "Ottersby" },
	};
	struct condition_input c = { "Hyperquibblosis", "Q99.8", "severe",
	    NULL, "managed", "takes it with marmalade" };
	struct allergy_input a = { "Penicillaminex", "drug", "severe",
	    "purple blotches", false };
	struct allergy_input a2 = { "Vantablack Dust", "environmental", "mild",
	    NULL, false };
	char recovery[KEYS_RECOVERY_CODE_SIZE];
	struct totp_enrolment e;
	struct session *admin, *q;
	struct error err;
	char code[16], secret_b32[40];
	int64_t person, id;

	add_account(NULL, "admin@example.org", PW_ADMIN, NULL, NULL, NULL);
	admin = login("admin@example.org", PW_ADMIN);
	add_account(admin, "q@example.org", "lantern orbit pebble",
	    "Quintavia", "Zorbleworth", recovery);
	q = login("q@example.org", "lantern orbit pebble");
	person = session_self_person(q);
	ck_assert_int_eq(health_profile_update(q, person, changes, 5, &err), 0);
	ck_assert_int_eq(health_condition_add(q, person, &c, &id, &err), 0);
	ck_assert_int_eq(health_allergy_add(q, person, &a, &id, &err), 0);
	ck_assert_int_eq(access_grant(q, person, "admin@example.org",
	    PERM_VIEW, &err), 0);
	ck_assert_int_eq(access_revoke(q, person, "admin@example.org", &err),
	    0);
	ck_assert_int_eq(health_allergy_add(q, person, &a2, &id, &err), 0);
	ck_assert_int_eq(account_totp_begin(q, &e, &err), 0);
	ck_assert_int_eq(totp_code_at(e.secret, sizeof e.secret, clk.fixed, 6,
	    code, sizeof code, &err), 0);
	ck_assert_int_eq(account_totp_enable(q, &e, code, &err), 0);
	snprintf(secret_b32, sizeof secret_b32, "%.32s",
	    strstr(e.uri, "secret=") + 7);
	ck_assert_int_eq(account_change_password(q, "lantern orbit pebble",
	    "totally new passphrase", &err), 0);

	/* Checked while the store is open, so the WAL still holds it all. */
	ck_assert(found_in_files("q@example.org"));
	for (size_t i = 0; i < sizeof planted / sizeof *planted; i++)
		ck_assert_msg(!found_in_files(planted[i]), "\"%s\" in clear",
		    planted[i]);
	ck_assert_msg(!found_in_files(recovery), "recovery code in clear");
	ck_assert_msg(!found_in_files(secret_b32), "TOTP secret in clear");
	ck_assert(!found_in_files((const char *)e.secret));
	account_totp_discard(&e);
	session_logout(q, LOGOUT_USER);
	session_logout(admin, LOGOUT_USER);
}
END_TEST

START_TEST(test_recovery_code_sets_a_new_password)
{
	char recovery[KEYS_RECOVERY_CODE_SIZE], fresh[KEYS_RECOVERY_CODE_SIZE];
	struct session *admin, *ada;
	struct profile p;
	struct error err;

	add_account(NULL, "admin@example.org", PW_ADMIN, NULL, NULL, NULL);
	admin = login("admin@example.org", PW_ADMIN);
	add_account(admin, "ada@example.org", PW_ADA, "Ada", "Lovelace",
	    recovery);
	session_logout(admin, LOGOUT_USER);

	ck_assert_int_eq(account_recover(st, &opts, "ada@example.org",
	    "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "brand new words here", fresh,
	    &err), -1);
	ck_assert_str_eq(err.text, "wrong email or recovery code");
	ck_assert_int_eq(account_recover(st, &opts, "ada@example.org",
	    recovery, "short", fresh, &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);

	ck_assert_int_eq(account_recover(st, &opts, "ada@example.org",
	    recovery, "brand new words here", fresh, &err), 0);
	ck_assert_str_ne(fresh, recovery);
	ck_assert_int_eq(try_login("ada@example.org", PW_ADA, &err), -1);
	ada = login("ada@example.org", "brand new words here");
	ck_assert_int_eq(health_profile_get(ada, session_self_person(ada), &p,
	    &err), 0);
	ck_assert_str_eq(p.value[PF_LAST_NAME], "Lovelace");
	profile_clear(&p);
	session_logout(ada, LOGOUT_USER);

	/* The code that was used is spent; the new one works. */
	ck_assert_int_eq(account_recover(st, &opts, "ada@example.org",
	    recovery, "another set of words", fresh + 0, &err), -1);
	ck_assert_int_eq(audit_count("password_change", NULL), 1);
}
END_TEST

/* Ada's password hash as the store holds it, into buf. */
static void
stored_hash(char *buf, size_t size)
{
	sqlite3 *db = test_raw_open(db_path);
	sqlite3_stmt *stmt;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT password_hash"
	    " FROM users WHERE email = 'ada@example.org'", -1, &stmt, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(buf, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

START_TEST(test_login_hashes_again_at_a_higher_cost)
{
	struct session *admin = household(), *ada;
	struct session_options cheap = opts;
	struct allergy_view *al;
	struct error err;
	char before[PASSWORD_HASH_SIZE], after[PASSWORD_HASH_SIZE];
	char again[PASSWORD_HASH_SIZE];
	int64_t person;
	size_t n;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	person = ada_adds_health_data(ada);
	session_logout(ada, LOGOUT_USER);
	stored_hash(before, sizeof before);
	ck_assert(!password_below_cost(before, cheap.kdf));

	/* The program's cost is raised: the next login hashes again. */
	opts.kdf.opslimit = cheap.kdf.opslimit + 1;
	ck_assert(password_below_cost(before, opts.kdf));
	ada = login("ada@example.org", PW_ADA);
	session_logout(ada, LOGOUT_USER);
	stored_hash(after, sizeof after);
	ck_assert_str_ne(before, after);
	ck_assert(!password_below_cost(after, opts.kdf));
	ck_assert_int_eq(audit_count("password_change", "AND description ="
	    " 'password hashed again at today''s cost'"), 1);

	/* The account key was wrapped again with it: the data still opens. */
	ada = login("ada@example.org", PW_ADA);
	ck_assert_int_eq(health_allergy_list(ada, person, &al, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(al[0].allergen, "Penicillin");
	health_allergy_list_free(al, n);
	session_logout(ada, LOGOUT_USER);
	stored_hash(again, sizeof again);
	ck_assert_str_eq(after, again);

	/* A lower cost never lowers a hash made at a higher one. */
	opts = cheap;
	ada = login("ada@example.org", PW_ADA);
	session_logout(ada, LOGOUT_USER);
	stored_hash(again, sizeof again);
	ck_assert_str_eq(after, again);
	ck_assert_int_eq(try_login("ada@example.org", "not her password",
	    &err), -1);
	ck_assert(!password_below_cost("not a hash", opts.kdf));
}
END_TEST

START_TEST(test_password_change_rewraps_one_key_and_no_data)
{
	struct session *admin = household(), *ada;
	struct blob wrapped_before, wrapped_after, data_before, data_after;
	struct blob keys_before, keys_after;
	struct error err;
	sqlite3 *db;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	ada_adds_health_data(ada);
	db = test_raw_open(db_path);
#define WRAPPED "SELECT secret_key_by_password || password_key_salt ||" \
	" password_hash FROM users WHERE email = 'ada@example.org'"
#define DATA "SELECT group_concat(hex(first_name) || hex(last_name), '')" \
	" || (SELECT group_concat(hex(allergen_name) ||" \
	" hex(reaction_symptoms), '') FROM user_allergies)" \
	" FROM user_profiles"
#define KEYS "SELECT group_concat(hex(sealed_key), '') FROM person_keys"
	wrapped_before = query_blob(db, WRAPPED);
	data_before = query_blob(db, DATA);
	keys_before = query_blob(db, KEYS);

	ck_assert_int_eq(account_change_password(ada, "not the password",
	    "fresh words for ada", &err), -1);
	ck_assert_int_eq(account_change_password(ada, PW_ADA, "password123",
	    &err), -1);
	ck_assert_int_eq(account_change_password(ada, PW_ADA,
	    "fresh words for ada", &err), 0);
	wrapped_after = query_blob(db, WRAPPED);
	data_after = query_blob(db, DATA);
	keys_after = query_blob(db, KEYS);

	ck_assert(wrapped_before.len != wrapped_after.len ||
	    memcmp(wrapped_before.data, wrapped_after.data,
	    wrapped_before.len) != 0);
	ck_assert_uint_eq(data_before.len, data_after.len);
	ck_assert_mem_eq(data_before.data, data_after.data, data_before.len);
	ck_assert_uint_eq(keys_before.len, keys_after.len);
	ck_assert_mem_eq(keys_before.data, keys_after.data, keys_before.len);
	session_logout(ada, LOGOUT_USER);

	ck_assert_int_eq(try_login("ada@example.org", PW_ADA, &err), -1);
	ada = login("ada@example.org", "fresh words for ada");
	ck_assert_int_eq(session_resolve_person(ada, "Ada", &(int64_t){0},
	    &err), 0);
	session_logout(ada, LOGOUT_USER);
	blob_free(&wrapped_before);
	blob_free(&wrapped_after);
	blob_free(&data_before);
	blob_free(&data_after);
	blob_free(&keys_before);
	blob_free(&keys_after);
	sqlite3_close(db);
}
END_TEST

/* The secret of RFC 6238's SHA-1 test vectors. */
static const unsigned char rfc_secret[] = "12345678901234567890";

START_TEST(test_totp_rfc_vector_at_login)
{
	struct session *admin = household(), *ada;
	struct login_request req = { "ada@example.org", PW_ADA, NULL, NULL,
	    NULL };
	struct totp_enrolment e;
	struct error err;
	bool on;

	session_logout(admin, LOGOUT_USER);
	ada = login("ada@example.org", PW_ADA);
	memset(&e, 0, sizeof e);
	memcpy(e.secret, rfc_secret, TOTP_SECRET_BYTES);
	clk.fixed = 59;
	ck_assert_int_eq(account_totp_enable(ada, &e, "287083", &err), -1);
	ck_assert_int_eq(account_totp_enable(ada, &e, "287082", &err), 0);
	ck_assert_int_eq(account_totp_enabled(ada, &on, &err), 0);
	ck_assert(on);
	session_logout(ada, LOGOUT_USER);

	/* Without a code, with a wrong one, with the spent one: refused. */
	ck_assert_int_eq(session_login(st, &opts, &req, &ada, &err), -1);
	ck_assert(strstr(err.text, "one-time code") != NULL);
	req.totp_code = "123456";
	ck_assert_int_eq(session_login(st, &opts, &req, &ada, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	req.totp_code = "287082";
	clk.fixed = 89;
	ck_assert_int_eq(session_login(st, &opts, &req, &ada, &err), -1);
	ck_assert(strstr(err.text, "used already") != NULL);

	/* RFC 6238 at T = 1111111109: 07081804, so 081804 for six digits. */
	clk.fixed = 1111111109;
	req.totp_code = "081804";
	ck_assert_msg(session_login(st, &opts, &req, &ada, &err) == 0, "%s",
	    err.text);
	ck_assert_int_eq(account_totp_disable(ada, &err), 0);
	session_logout(ada, LOGOUT_USER);
	req.totp_code = NULL;
	ck_assert_int_eq(session_login(st, &opts, &req, &ada, &err), 0);
	session_logout(ada, LOGOUT_USER);
	ck_assert_int_eq(audit_count("login_failed", "AND description LIKE"
	    " '%one-time%'"), 3);
}
END_TEST

/* Audit ----------------------------------------------------------------- */

static int
count_row(const struct store_audit_row *row, void *ctx)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_audit_rows_for_each_action_and_none_can_change)
{
	static const char *const actions[] = { "create", "read", "update",
	    "delete", "login", "logout", "login_failed", "lockout",
	    "password_change", "grant", "revoke" };
	struct session *admin = household(), *ada, *viewer;
	struct profile_change change = { PF_CITY, "Kew" };
	struct allergy_view *al;
	struct error err;
	int64_t person;
	int rows = 0;
	size_t n;
	sqlite3 *db;

	ada = login("ada@example.org", PW_ADA);
	person = ada_adds_health_data(ada);
	ck_assert_int_eq(health_profile_update(ada, person, &change, 1, &err),
	    0);
	ck_assert_int_eq(access_grant(ada, person, "viewer@example.org",
	    PERM_VIEW, &err), 0);
	viewer = login("viewer@example.org", PW_VIEWER);
	ck_assert_int_eq(health_allergy_list(viewer, person, &al, &n, &err), 0);
	ck_assert_int_eq(health_allergy_remove(ada, al[0].allergy_id, &err),
	    0);
	health_allergy_list_free(al, n);
	ck_assert_int_eq(access_revoke(ada, person, "viewer@example.org",
	    &err), 0);
	ck_assert_int_eq(account_change_password(ada, PW_ADA,
	    "new words for ada", &err), 0);
	session_logout(viewer, LOGOUT_USER);
	for (int i = 0; i < 5; i++)
		try_login("viewer@example.org", "not the password", &err);

	for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
		ck_assert_msg(audit_count(actions[i], NULL) > 0, "no %s row",
		    actions[i]);
	ck_assert_int_eq(audit_count("read", "AND person_id IS NOT NULL AND"
	    " user_id = (SELECT user_id FROM users WHERE email ="
	    " 'viewer@example.org')"), 1);
	ck_assert_int_eq(audit_count("delete", "AND table_name ="
	    " 'user_allergies' AND record_id IS NOT NULL"), 1);

	/* Only an administrator reads it. */
	ck_assert_int_eq(account_audit_read(ada, NULL, 10, count_row, &rows,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_int_eq(account_audit_read(admin, "ada@example.org", 1000,
	    count_row, &rows, &err), 0);
	ck_assert_int_ge(rows, 8);

	/* The log refuses changes and deletions from anyone. */
	db = test_raw_open(db_path);
	ck_assert_int_ne(test_exec(db, "UPDATE audit_logs SET"
	    " description = 'nothing happened'"), SQLITE_OK);
	ck_assert_int_ne(test_exec(db, "DELETE FROM audit_logs"), SQLITE_OK);
	ck_assert_int_eq(test_query_int(db, "SELECT count(*) FROM audit_logs"
	    " WHERE description = 'nothing happened'"), 0);
	sqlite3_close(db);
	session_logout(ada, LOGOUT_USER);
	session_logout(admin, LOGOUT_USER);
}
END_TEST

/* Profile rules (pure) -------------------------------------------------- */

static int
valid(enum profile_field f, const char *value)
{
	struct error err;
	char *normal = NULL;
	int rc = profile_validate(f, value, "2026-03-08", &normal, &err);

	free(normal);
	return rc == 0;
}

START_TEST(test_profile_field_rules)
{
	char start[6], end[6];
	struct error err;

	ck_assert(valid(PF_HEIGHT_CM, "1") && valid(PF_HEIGHT_CM, "299"));
	ck_assert(!valid(PF_HEIGHT_CM, "0") && !valid(PF_HEIGHT_CM, "300"));
	ck_assert(!valid(PF_HEIGHT_CM, "170.5") && !valid(PF_HEIGHT_CM, "x"));
	ck_assert(valid(PF_WEIGHT_KG, "72.5") && !valid(PF_WEIGHT_KG, "0"));
	ck_assert(!valid(PF_WEIGHT_KG, "1000") && !valid(PF_WEIGHT_KG, "nan"));
	ck_assert(valid(PF_BLOOD_TYPE, "o+") && !valid(PF_BLOOD_TYPE, "C+"));
	ck_assert(valid(PF_DATE_OF_BIRTH, "2024-02-29"));
	ck_assert(!valid(PF_DATE_OF_BIRTH, "2023-02-29"));
	ck_assert(!valid(PF_DATE_OF_BIRTH, "2026-03-09"));
	ck_assert(!valid(PF_DATE_OF_BIRTH, "1990-1-1"));
	ck_assert(valid(PF_TIMEZONE, "Europe/Paris"));
	ck_assert(valid(PF_TIMEZONE, "America/Argentina/Buenos_Aires"));
	ck_assert(!valid(PF_TIMEZONE, "Mars/Olympus_Mons"));
	ck_assert(!valid(PF_TIMEZONE, "../../etc/passwd"));
	ck_assert(!valid(PF_TIMEZONE, "/etc/passwd"));
	ck_assert(!valid(PF_TIMEZONE, "Europe"));
	ck_assert(!valid(PF_TIMEZONE, ""));
	ck_assert(valid(PF_TRAVEL_TIMEZONE, ""));
	ck_assert(valid(PF_PHONE_NUMBER, "+1 (555) 010-9999"));
	ck_assert(!valid(PF_PHONE_NUMBER, "call me"));
	ck_assert(!valid(PF_PHONE_NUMBER, "55+5555"));
	ck_assert(valid(PF_PREFERRED_LANGUAGE, "pt_BR"));
	ck_assert(!valid(PF_PREFERRED_LANGUAGE, "English"));
	ck_assert(!valid(PF_FIRST_NAME, "  "));
	ck_assert(!valid(PF_CITY, "two\nlines"));
	ck_assert(valid(PF_GENDER, "Female"));
	ck_assert(!valid(PF_GENDER, "unknown"));
	ck_assert_int_eq(profile_field_by_name("height_cm"), PF_HEIGHT_CM);
	ck_assert_int_eq(profile_field_by_name("shoe_size"), PF_COUNT);

	ck_assert_int_eq(profile_parse_quiet_hours("22:30-06:45", start, end,
	    &err), 0);
	ck_assert_str_eq(start, "22:30");
	ck_assert_str_eq(end, "06:45");
	ck_assert_int_eq(profile_parse_quiet_hours("24:00-06:00", start, end,
	    &err), -1);
	ck_assert_int_eq(profile_parse_quiet_hours("22:00-22:00", start, end,
	    &err), -1);
	ck_assert_int_eq(profile_parse_quiet_hours("10pm-6am", start, end,
	    &err), -1);
}
END_TEST

static Suite *
accounts_suite(void)
{
	Suite *s = suite_create("accounts");
	TCase *login_case = tcase_create("login");
	TCase *perm = tcase_create("permissions");
	TCase *providers = tcase_create("providers");
	TCase *secrets = tcase_create("secrets");
	TCase *audit = tcase_create("audit");
	TCase *rules = tcase_create("rules");

	tcase_add_checked_fixture(login_case, setup, teardown);
	tcase_add_test(login_case,
	    test_first_account_is_admin_and_others_need_one);
	tcase_add_test(login_case,
	    test_lockout_after_five_failures_until_the_period_ends);
	tcase_add_test(login_case,
	    test_suspended_and_deactivated_accounts_cannot_log_in);
	tcase_add_test(login_case,
	    test_sessions_are_rows_with_expiry_and_reason);
	tcase_add_test(login_case, test_idle_session_locks_until_the_password);
	tcase_add_test(login_case, test_totp_rfc_vector_at_login);
	suite_add_tcase(s, login_case);

	tcase_add_checked_fixture(perm, setup, teardown);
	tcase_add_test(perm, test_caregiver_without_grant_is_refused_everywhere);
	tcase_add_test(perm, test_view_only_grant_cannot_record_doses);
	tcase_add_test(perm, test_accounts_are_named_by_name_or_by_email);
	tcase_add_test(perm, test_condition_codes_of_three_characters);
	tcase_add_test(perm,
	    test_revoke_rotates_so_the_old_key_reads_nothing_new);
	tcase_add_test(perm,
	    test_person_names_resolve_for_those_who_may_see_them);
	tcase_add_test(perm,
	    test_profile_changes_are_checked_sealed_and_audited);
	suite_add_tcase(s, perm);

	tcase_add_checked_fixture(providers, setup, teardown);
	tcase_add_test(providers,
	    test_provider_links_grant_what_the_blueprint_names);
	tcase_add_test(providers,
	    test_revoke_keeps_keys_while_a_provider_link_remains);
	tcase_add_test(providers, test_provider_entries_and_links_are_checked);
	suite_add_tcase(s, providers);

	tcase_add_checked_fixture(secrets, setup, teardown);
	tcase_add_test(secrets, test_planted_secrets_appear_nowhere_in_the_files);
	tcase_add_test(secrets, test_recovery_code_sets_a_new_password);
	tcase_add_test(secrets,
	    test_password_change_rewraps_one_key_and_no_data);
	tcase_add_test(secrets, test_login_hashes_again_at_a_higher_cost);
	suite_add_tcase(s, secrets);

	tcase_add_checked_fixture(audit, setup, teardown);
	tcase_add_test(audit,
	    test_audit_rows_for_each_action_and_none_can_change);
	suite_add_tcase(s, audit);

	tcase_add_test(rules, test_profile_field_rules);
	suite_add_tcase(s, rules);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(accounts_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
