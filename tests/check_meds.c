#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/settings.h"
#include "domain/keys.h"
#include "service/access.h"
#include "service/account.h"
#include "service/health.h"
#include "service/meds.h"
#include "service/pharmacies.h"
#include "service/providers.h"
#include "service/session.h"
#include "service/vault.h"
#include "store/store_catalogue.h"
#include "testutil.h"

/*
 * Medications for a session on real store files with the fixture
 * catalogue: screening before saving, the override saved with the
 * medication or not at all, sealed fields, permissions, edits, status
 * changes and doses.  The clock is fixed at a Monday morning, UTC.
 */

#define T0 1773045000		/* 2026-03-09 08:30:00 UTC */
#define PW_ADA "ada lantern orbit"
#define PW_VIEWER "viewer maple cloud"

static char *dir;
static char *db_path;
static struct store *st;
static struct clock clk;
static struct settings cfg;
static struct session_options opts;
static char list_path[4096];
static struct session *ada;
static struct doses_ctx dc;
static int64_t person;

static int64_t
query_int(const char *sql)
{
	return test_query_file(db_path, sql);
}

static void
load_catalogue(void)
{
	const char *src = getenv("TESTS_SRCDIR");
	char path[4096];
	struct import_stats stats;
	struct error err;
	bool loaded;

	snprintf(path, sizeof path, "%s/data/catalogue",
	    src != NULL ? src : "tests");
	ck_assert_msg(store_catalogue_sync(st, path, 1000, &loaded, &stats,
	    &err) == 0, "%s", err.text);
}

static void
setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	dir = test_tmpdir();
	st = test_store_create(dir, "meds.db");
	db_path = test_path(dir, "meds.db");
	load_catalogue();
	clk = clock_fixed(T0);
	settings_defaults(&cfg);
	test_session_options(&opts, &clk, list_path);
	test_account(st, &opts, NULL, "ada@example.org", PW_ADA, "Ada",
	    "Lovelace", NULL);
	ada = test_login(st, &opts, "ada@example.org", PW_ADA);
	test_account(st, &opts, ada, "viewer@example.org", PW_VIEWER, "Vera",
	    "Viewer", NULL);
	person = session_self_person(ada);
	meds_doses_ctx(ada, &clk, &cfg, &dc);
}

static void
teardown(void)
{
	session_logout(ada, LOGOUT_USER);
	store_close(st);
	free(db_path);
	test_tmpdir_remove(dir);
}

static int64_t
drug(const char *name)
{
	char shown[256];
	struct error err;
	int64_t id;

	ck_assert_msg(meds_resolve_drug(st, name, &id, shown, sizeof shown,
	    &err) == 0, "%s: %s", name, err.text);
	return id;
}

static void
input(struct meds_input *in, const char *name, const char *strength,
    const char *schedule)
{
	memset(in, 0, sizeof *in);
	in->drug_id = drug(name);
	in->strength = strength;
	in->dosage_form = "tablet";
	in->schedule = schedule;
	in->prescriber = "Dr. Planted Prescriber";
	in->instructions = "planted-instruction with food";
}

/* Adds a medication that brings no major finding; returns its id. */
static int64_t
add(const char *name, const char *strength, const char *schedule)
{
	struct meds_input in;
	struct error err;
	int64_t id;

	input(&in, name, strength, schedule);
	ck_assert_msg(meds_add_screened(ada, &dc, person, &in, NULL, &id,
	    &err) == 0, "add %s: %s", name, err.text);
	return id;
}

START_TEST(test_major_needs_an_override_saved_with_the_medication)
{
	struct meds_override none = { "M0", "1B", "" };
	struct meds_override bad = { "00", "1B", "checked" };
	struct meds_override good = { "M0", "1B", "planted-note INR weekly" };
	struct meds_screening sc;
	struct meds_input in;
	struct error err;
	int64_t id;

	add("ibuprofen", "400 mg", "08:00,20:00");
	input(&in, "Coumadin", "5 mg", "18:00");
	ck_assert_int_eq(meds_screen_candidate(ada, person, in.drug_id, &sc,
	    &err), 0);
	ck_assert(meds_needs_override(&sc));
	meds_screening_free(&sc);

	/* Without an override, or with one that says too little: nothing. */
	ck_assert_int_eq(meds_add_screened(ada, &dc, person, &in, NULL, &id,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_CONFLICT);
	ck_assert_msg(strstr(err.text, "major DD") != NULL, "%s", err.text);
	ck_assert_int_eq(meds_add_screened(ada, &dc, person, &in, &none, &id,
	    &err), -1);
	ck_assert_int_eq(meds_add_screened(ada, &dc, person, &in, &bad, &id,
	    &err), -1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM user_medications"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM medication_schedules"),
	    2);
	ck_assert_int_eq(query_int("SELECT count(*) FROM dur_overrides"), 0);

	/* With one: the medication, its override and the audit together. */
	ck_assert_msg(meds_add_screened(ada, &dc, person, &in, &good, &id,
	    &err) == 0, "%s", err.text);
	ck_assert_int_eq(query_int("SELECT count(*) FROM user_medications"), 2);
	ck_assert_int_eq(query_int("SELECT medication_id FROM dur_overrides"
	    " WHERE conflict_code = 'DD' AND service_code = 'M0'"
	    " AND result_code = '1B'"), id);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'override'"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'create' AND table_name = 'user_medications'"),
	    2);
	ck_assert_int_eq(query_int("SELECT count(*) FROM dur_overrides"
	    " WHERE instr(note, 'planted-note') > 0"), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM user_medications"
	    " WHERE instr(instructions, 'planted-instruction') > 0"
	    " OR instr(prescriber_name, 'Planted') > 0"), 0);
}
END_TEST

START_TEST(test_lesser_findings_shown_before_saving_count_as_read)
{
	struct meds_screening sc;
	struct error err;
	size_t moderate = 0;

	add("warfarin", "5 mg", "18:00");
	add("ciprofloxacin", "500 mg", "08:00,20:00");
	ck_assert_int_eq(meds_screen_candidate(ada, person, 0, &sc, &err), 0);
	for (size_t i = 0; i < sc.result.count; i++) {
		const struct screen_finding *f = &sc.result.findings[i];

		if (f->conflict != DUR_DD)
			continue;
		ck_assert_int_eq(f->severity, SCREEN_MODERATE);
		ck_assert(f->reviewed);
		moderate++;
	}
	ck_assert_uint_eq(moderate, 1);
	meds_screening_free(&sc);
	/* What the new drug brought was read; the list's own was not new. */
	ck_assert_int_ge(query_int("SELECT count(*) FROM finding_reviews"), 1);
}
END_TEST

START_TEST(test_unknown_drugs_are_refused_with_a_hint)
{
	char shown[256];
	struct error err;
	int64_t id;

	ck_assert_int_eq(meds_resolve_drug(st, "Zzyzxqua", &id, shown,
	    sizeof shown, &err), -1);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.text, "no drug of the catalogue"));
	ck_assert_int_eq(meds_resolve_drug(st, "Advil", &id, shown,
	    sizeof shown, &err), 0);
	ck_assert_str_eq(shown, "ibuprofen");
}
END_TEST

START_TEST(test_view_only_cannot_record_or_change)
{
	struct doses_request req;
	struct doses_outcome out;
	struct doses_ctx vdc;
	struct meds_input in;
	struct session *viewer;
	struct store_fill fill = { 0, 0, 30, 30, 0 };
	struct doses_fill_result filled;
	struct error err;
	int64_t med = add("metformin", "500 mg", "08:00"), id;

	ck_assert_int_eq(access_grant(ada, person, "viewer@example.org",
	    PERM_VIEW, &err), 0);
	viewer = test_login(st, &opts, "viewer@example.org", PW_VIEWER);
	meds_doses_ctx(viewer, &clk, &cfg, &vdc);
	memset(&req, 0, sizeof req);
	req.person_id = person;
	req.medication_id = med;
	req.status = DOSE_TAKEN;
	req.taken_with_food = -1;
	ck_assert_int_eq(meds_record_dose(viewer, &vdc, &req, NULL, &out,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_msg(strstr(err.text, "not record doses") != NULL, "%s",
	    err.text);
	input(&in, "aspirin", "81 mg", "08:00");
	ck_assert_int_eq(meds_add_screened(viewer, &vdc, person, &in, NULL,
	    &id, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_int_eq(meds_set_status(viewer, &vdc, med, MED_PAUSED, NULL,
	    &err), -1);
	ck_assert_int_eq(meds_fill_add(viewer, &vdc, med, &fill, false,
	    &filled, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_int_eq(query_int("SELECT count(*) FROM medication_fills"), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM dose_events"), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM user_medications"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM user_medications"
	    " WHERE status = 'active'"), 1);
	session_logout(viewer, LOGOUT_USER);
}
END_TEST

START_TEST(test_fills_are_dated_audited_and_checked_for_too_soon)
{
	int64_t med = add("metformin", "500 mg", "08:00");
	struct doses_fill_result filled;
	struct store_fill fill = { 0, 0, 30, 30, 0 };
	struct error err;
	int today;

	ck_assert_int_eq(doses_local_today(&dc, person, &today, &err), 0);
	fill.day = today + 1;
	ck_assert_int_eq(meds_fill_add(ada, &dc, med, &fill, false, &filled,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_msg(strstr(err.text, "after today") != NULL, "%s", err.text);

	fill.day = today;
	ck_assert_msg(meds_fill_add(ada, &dc, med, &fill, false, &filled,
	    &err) == 0, "%s", err.text);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'create'"
	    " AND table_name = 'medication_fills'"), 1);

	/* The same fill again the same day is too soon until overridden. */
	ck_assert_int_eq(meds_fill_add(ada, &dc, med, &fill, false, &filled,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_CONFLICT);
	ck_assert(filled.too_soon);
	ck_assert_int_eq(query_int("SELECT count(*) FROM medication_fills"), 1);
	ck_assert_int_eq(meds_fill_add(ada, &dc, med, &fill, true, &filled,
	    &err), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM medication_fills"), 2);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'create'"
	    " AND table_name = 'medication_fills'"
	    " AND new_values LIKE '%too_soon_overridden%'"), 1);
}
END_TEST

START_TEST(test_a_dose_recorded_twice_names_who_recorded_it)
{
	char *note = NULL;
	struct doses_request req;
	struct doses_outcome out;
	struct error err;
	int64_t med = add("metformin", "500 mg", "08:00");

	memset(&req, 0, sizeof req);
	req.person_id = person;
	req.medication_id = med;
	req.status = DOSE_TAKEN;
	req.taken_with_food = -1;
	ck_assert_msg(meds_record_dose(ada, &dc, &req, NULL, &out, &err) == 0,
	    "%s", err.text);
	req.schedule_id = out.schedule_id;
	req.slot_at = out.slot_at;
	req.status = DOSE_SKIPPED;
	ck_assert_int_eq(meds_record_dose(ada, &dc, &req, "felt sick", &out,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_CONFLICT);
	ck_assert(out.has_existing);
	ck_assert_str_eq(out.existing_text,
	    "taken at 08:30, recorded by ada@example.org");
	req.confirmed = true;
	ck_assert_int_eq(meds_record_dose(ada, &dc, &req, "felt sick", &out,
	    &err), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM dose_events"
	    " WHERE status = 'skipped'"), 1);
	ck_assert_msg(meds_dose_note(ada, person, out.event_id, false, &note,
	    &err) == 0, "%s", err.text);
	ck_assert_ptr_nonnull(note);
	ck_assert_str_eq(note, "felt sick");
	vault_free_text(note);
}
END_TEST

START_TEST(test_status_changes_keep_a_sealed_reason)
{
	struct meds_view *list;
	struct error err;
	size_t n;
	int64_t med = add("metformin", "500 mg", "08:00");

	ck_assert_int_eq(meds_set_status(ada, &dc, med, MED_DISCONTINUED, "",
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_int_eq(meds_set_status(ada, &dc, med, MED_PAUSED, NULL,
	    &err), 0);
	ck_assert_int_eq(meds_set_status(ada, &dc, med, MED_ACTIVE, NULL,
	    &err), 0);
	ck_assert_int_eq(meds_set_status(ada, &dc, med, MED_DISCONTINUED,
	    "planted-reason stomach upset", &err), 0);
	ck_assert_int_eq(meds_list(ada, &dc, person, &list, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].med.status, MED_DISCONTINUED);
	ck_assert_str_eq(list[0].status_reason, "planted-reason stomach upset");
	ck_assert_str_eq(list[0].prescriber, "Dr. Planted Prescriber");
	ck_assert_str_eq(list[0].schedule, "08:00");
	ck_assert(!list[0].has_fill);
	meds_list_free(list, n);
	ck_assert_int_eq(query_int("SELECT count(*) FROM"
	    " medication_status_history WHERE instr(reason, 'planted') > 0"),
	    0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"
	    " WHERE table_name = 'user_medications' AND action_type = 'update'"),
	    3);
}
END_TEST

START_TEST(test_fills_name_a_pharmacy_of_the_directory)
{
	struct pharmacy_input corner = { "Corner Pharmacy", NULL, "retail",
	    "+1 555 0199", "1 Example Street", "Springfield", "IL", "62701",
	    "US" };
	struct pharmacy_input bad = corner;
	int64_t med = add("metformin", "500 mg", "08:00"), pharmacy;
	struct doses_fill_result filled;
	struct store_fill fill = { 0, 0, 30, 30, 999 };
	struct store_pharmacy *list;
	struct error err;
	size_t n;

	ck_assert_int_eq(doses_local_today(&dc, person, &fill.day, &err), 0);
	bad.type = "drive_through";
	ck_assert_int_eq(pharmacy_add(ada, &bad, &pharmacy, &err), -1);
	ck_assert_int_eq(err.kind, ERR_USAGE);
	bad = corner;
	bad.city = "";
	ck_assert_int_eq(pharmacy_add(ada, &bad, &pharmacy, &err), -1);
	ck_assert_int_eq(err.kind, ERR_USAGE);
	bad = corner;
	bad.phone = "ring the bell";
	ck_assert_int_eq(pharmacy_add(ada, &bad, &pharmacy, &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_int_eq(query_int("SELECT count(*) FROM pharmacies"), 0);

	ck_assert_msg(pharmacy_add(ada, &corner, &pharmacy, &err) == 0, "%s",
	    err.text);
	ck_assert_int_eq(pharmacy_list(ada, "springfield", &list, &n, &err),
	    0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(list[0].name, "Corner Pharmacy");
	free(list);

	/* A fill names a pharmacy that exists, or nothing is written. */
	ck_assert_int_eq(meds_fill_add(ada, &dc, med, &fill, false, &filled,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);
	ck_assert_int_eq(query_int("SELECT count(*) FROM medication_fills"), 0);
	fill.pharmacy_id = pharmacy;
	ck_assert_msg(meds_fill_add(ada, &dc, med, &fill, false, &filled,
	    &err) == 0, "%s", err.text);
	ck_assert_int_eq(query_int("SELECT pharmacy_id FROM medication_fills"),
	    pharmacy);
}
END_TEST

START_TEST(test_a_prescriber_from_the_directory)
{
	struct provider_input doctor = { "Robin", "Example", "Dr",
	    "Family medicine", "1234567893", NULL, NULL, NULL, NULL };
	struct meds_view *list;
	struct meds_input in;
	struct error err;
	int64_t provider, med;
	char typed[32];
	size_t n;

	ck_assert_int_eq(provider_add(ada, &doctor, &provider, &err), 0);
	snprintf(typed, sizeof typed, "#%lld", (long long)provider);
	input(&in, "metformin", "500 mg", "08:00");
	in.prescriber = typed;
	ck_assert_msg(meds_add_screened(ada, &dc, person, &in, NULL, &med,
	    &err) == 0, "%s", err.text);
	ck_assert_int_eq(query_int("SELECT prescriber_id FROM"
	    " user_medications"), provider);
	ck_assert_int_eq(query_int("SELECT count(*) FROM user_medications"
	    " WHERE prescriber_npi IS NOT NULL"), 1);
	ck_assert_int_eq(meds_list(ada, &dc, person, &list, &n, &err), 0);
	ck_assert_str_eq(list[0].prescriber, "Dr Robin Example");
	meds_list_free(list, n);

	/* Saved again with the name a form shows, the link stays. */
	in.prescriber = "Dr Robin Example";
	in.refills = 3;
	ck_assert_int_eq(meds_edit(ada, &dc, med, &in, &err), 0);
	ck_assert_int_eq(query_int("SELECT prescriber_id FROM"
	    " user_medications WHERE refills_remaining = 3"), provider);

	/* A name typed instead drops the link; a wrong number is refused. */
	in.prescriber = "Dr. Other";
	ck_assert_int_eq(meds_edit(ada, &dc, med, &in, &err), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM user_medications"
	    " WHERE prescriber_id IS NULL AND prescriber_npi IS NULL"), 1);
	in.prescriber = "#999";
	ck_assert_int_eq(meds_edit(ada, &dc, med, &in, &err), -1);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);
	in.prescriber = "#one";
	ck_assert_int_eq(meds_edit(ada, &dc, med, &in, &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_int_eq(meds_list(ada, &dc, person, &list, &n, &err), 0);
	ck_assert_str_eq(list[0].prescriber, "Dr. Other");
	meds_list_free(list, n);
}
END_TEST

START_TEST(test_edits_keep_the_same_prescription)
{
	struct meds_view *list;
	struct meds_input in;
	struct error err;
	size_t n;
	int64_t med = add("metformin", "500 mg", "08:00,20:00");

	input(&in, "metformin", "500 mg", "1 tablet 20:00 08:00");
	in.prescriber = "Dr. Other";
	in.refills = 2;
	in.end_date = "2026-06-30";
	ck_assert_msg(meds_edit(ada, &dc, med, &in, &err) == 0, "%s",
	    err.text);
	ck_assert_int_eq(meds_list(ada, &dc, person, &list, &n, &err), 0);
	ck_assert_str_eq(list[0].prescriber, "Dr. Other");
	ck_assert_int_eq(list[0].med.refills_remaining, 2);
	meds_list_free(list, n);
	in.strength = "850 mg";
	ck_assert_int_eq(meds_edit(ada, &dc, med, &in, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "new prescription"));
	in.strength = "500 mg";
	in.schedule = "08:00";
	ck_assert_int_eq(meds_edit(ada, &dc, med, &in, &err), -1);
	in.schedule = "08:00,20:00";
	in.end_date = "2026-01-01";
	ck_assert_int_eq(meds_edit(ada, &dc, med, &in, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "before the start date"));
}
END_TEST

START_TEST(test_notification_settings_and_zone_in_one_transaction)
{
	struct store_notify_settings s, back;
	struct profile p;
	struct error err;

	ck_assert_int_eq(account_notify_get(ada, &s, &err), 0);
	ck_assert_str_eq(s.quiet_start, "22:00");
	s.advance_minutes = 300;
	ck_assert_int_eq(account_notify_set(ada, &s, person, NULL, &err), -1);
	s.advance_minutes = 30;
	strcpy(s.quiet_start, "25:00");
	ck_assert_int_eq(account_notify_set(ada, &s, person, NULL, &err), -1);
	strcpy(s.quiet_start, "23:00");
	s.refill_reminders = false;
	/* A bad zone leaves the settings as they were. */
	ck_assert_int_eq(account_notify_set(ada, &s, person, "Mars/Base",
	    &err), -1);
	ck_assert_int_eq(account_notify_get(ada, &back, &err), 0);
	ck_assert(back.refill_reminders);
	ck_assert_int_eq(account_notify_set(ada, &s, person, "Europe/Lisbon",
	    &err), 0);
	ck_assert_int_eq(account_notify_get(ada, &back, &err), 0);
	ck_assert(!back.refill_reminders);
	ck_assert_int_eq(back.advance_minutes, 30);
	ck_assert_str_eq(back.quiet_start, "23:00");
	ck_assert_int_eq(health_profile_get(ada, person, &p, &err), 0);
	ck_assert_str_eq(p.value[PF_TIMEZONE], "Europe/Lisbon");
	profile_clear(&p);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("meds");
	TCase *tc = tcase_create("meds");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_major_needs_an_override_saved_with_the_medication);
	tcase_add_test(tc, test_lesser_findings_shown_before_saving_count_as_read);
	tcase_add_test(tc, test_unknown_drugs_are_refused_with_a_hint);
	tcase_add_test(tc, test_view_only_cannot_record_or_change);
	tcase_add_test(tc,
	    test_fills_are_dated_audited_and_checked_for_too_soon);
	tcase_add_test(tc, test_a_dose_recorded_twice_names_who_recorded_it);
	tcase_add_test(tc, test_status_changes_keep_a_sealed_reason);
	tcase_add_test(tc, test_edits_keep_the_same_prescription);
	tcase_add_test(tc, test_a_prescriber_from_the_directory);
	tcase_add_test(tc, test_fills_name_a_pharmacy_of_the_directory);
	tcase_add_test(tc, test_notification_settings_and_zone_in_one_transaction);
	suite_add_tcase(s, tc);
	return test_run(s);
}
