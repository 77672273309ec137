#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "service/doses.h"
#include "testutil.h"

static char *dir;
static char *db_path;
static struct store *st;
static struct clock clk;
static struct doses_ctx ctx;
static int64_t person;
static int64_t user;

static int64_t
utc(const char *text)
{
	return test_utc(text);
}

static int
day(const char *text)
{
	int d;

	ck_assert_msg(date_parse(text, &d) == 0, "bad date %s", text);
	return d;
}

static void
set_zone(const char *zone)
{
	sqlite3 *db = test_raw_open(db_path);
	char sql[256];

	snprintf(sql, sizeof sql, "UPDATE user_profiles SET timezone = '%s'"
	    " WHERE person_id = %lld", zone, (long long)person);
	ck_assert_int_eq(test_exec(db, sql), SQLITE_OK);
	sqlite3_close(db);
}

static void
setup(void)
{
	struct settings cfg;
	sqlite3 *db;

	dir = test_tmpdir();
	st = test_store_create(dir, "doses.db");
	db_path = test_path(dir, "doses.db");
	db = test_raw_open(db_path);
	person = test_make_person(db, "pat@example.org");
	user = test_query_int(db, "SELECT user_id FROM users");
	sqlite3_close(db);
	set_zone("Europe/Berlin");
	clk = clock_fixed(utc("2026-03-01T05:00:00Z"));
	settings_defaults(&cfg);
	doses_ctx_init(&ctx, st, &clk, &cfg, user);
}

static void
teardown(void)
{
	store_close(st);
	free(db_path);
	test_tmpdir_remove(dir);
}

static int64_t
add_med(const char *drug, const char *spec, const char *start)
{
	struct doses_med_input in = { 0 };
	struct error err;
	int64_t id;

	ck_assert_int_eq(store_drug_by_name(st, drug, true, &in.med.drug_id,
	    &err), 0);
	in.med.person_id = person;
	in.med.strength = "10 mg";
	in.med.dosage_form = "tablet";
	in.med.dosing_schedule = spec;
	in.med.start_day = day(start);
	in.med.end_day = SCHED_NO_END;
	in.med.refills_remaining = 2;
	ck_assert_msg(doses_med_add(&ctx, &in, &id, &err) == 0, "%s",
	    err.text);
	return id;
}

static int
record(int64_t med, enum dose_status status, int64_t actual_at,
    bool confirmed, struct doses_outcome *out, struct error *err)
{
	struct doses_request req = { 0 };

	req.person_id = person;
	req.medication_id = med;
	req.status = status;
	req.actual_at = actual_at;
	req.taken_with_food = -1;
	req.confirmed = confirmed;
	return doses_record(&ctx, &req, out, err);
}

static int64_t
count(const char *sql)
{
	return test_query_file(db_path, sql);
}

/* Recording and today --------------------------------------------------- */

START_TEST(test_today_lists_states_and_a_record)
{
	int64_t med = add_med("Metformin", "08:00,20:00", "2026-03-01");
	struct doses_outcome out;
	struct doses_day d;
	struct error err;

	/* 2026-03-29 is Berlin's spring change; 08:00 CEST is 06:00Z. */
	clk.fixed = utc("2026-03-29T06:30:00Z");
	ck_assert_int_eq(doses_today(&ctx, person, day("2026-03-29"), &d,
	    &err), 0);
	ck_assert_str_eq(d.zone, "Europe/Berlin");
	ck_assert_uint_eq(d.n, 2);
	ck_assert_int_eq(d.items[0].slot.at, utc("2026-03-29T06:00:00Z"));
	ck_assert_int_eq(d.items[0].state, DOSE_DUE);
	ck_assert_int_eq(d.items[1].state, DOSE_PENDING);
	doses_day_free(&d);

	ck_assert_msg(record(med, DOSE_TAKEN, 0, false, &out, &err) == 0, "%s",
	    err.text);
	ck_assert_int_eq(out.slot_at, utc("2026-03-29T06:00:00Z"));
	ck_assert(!out.retrospective);
	ck_assert_int_eq(doses_today(&ctx, person, day("2026-03-29"), &d,
	    &err), 0);
	ck_assert_int_eq(d.items[0].state, DOSE_TAKEN);
	ck_assert_int_eq(d.items[0].dose.rec.actual_at, clk.fixed);
	doses_day_free(&d);

	/* Past the grace period the evening dose is missed. */
	clk.fixed = utc("2026-03-29T19:00:00Z");
	ck_assert_int_eq(doses_today(&ctx, person, day("2026-03-29"), &d,
	    &err), 0);
	ck_assert_int_eq(d.items[1].state, DOSE_MISSED);
	doses_day_free(&d);
	ctx.grace_minutes = 180;
	ck_assert_int_eq(doses_today(&ctx, person, day("2026-03-29"), &d,
	    &err), 0);
	ck_assert_int_eq(d.items[1].state, DOSE_DUE);
	doses_day_free(&d);
}
END_TEST

START_TEST(test_late_dose_keeps_its_own_slot)
{
	int64_t med = add_med("Ibuprofen", "08:00,14:00", "2026-03-01");
	struct doses_outcome out;
	struct error err;

	clk.fixed = utc("2026-03-10T12:00:00Z");	/* 13:00 in Berlin */
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_eq(out.slot_at, utc("2026-03-10T07:00:00Z"));
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_eq(out.slot_at, utc("2026-03-10T13:00:00Z"));

	/* Recorded three hours after it was taken: retrospective. */
	clk.fixed = utc("2026-03-11T10:00:00Z");
	ck_assert_int_eq(record(med, DOSE_TAKEN, utc("2026-03-11T07:05:00Z"),
	    false, &out, &err), 0);
	ck_assert(out.retrospective);
	ck_assert_int_eq(count("SELECT is_retrospective FROM dose_events"
	    " ORDER BY event_id DESC LIMIT 1"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"
	    " WHERE scheduled_datetime <> actual_datetime"), 3);

	ck_assert_int_ne(record(med, DOSE_TAKEN, clk.fixed + 3600, false, &out,
	    &err), 0);
	ck_assert_int_eq(err.kind, ERR_INVALID);
}
END_TEST

START_TEST(test_second_record_needs_confirmation_then_undo)
{
	int64_t med = add_med("Warfarin", "08:00", "2026-03-01");
	struct doses_outcome out;
	struct doses_undo_result u;
	struct error err;

	clk.fixed = utc("2026-03-10T07:02:00Z");
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_ne(record(med, DOSE_SKIPPED, 0, false, &out, &err), 0);
	ck_assert_int_eq(err.kind, ERR_CONFLICT);
	ck_assert(out.has_existing);
	ck_assert_str_eq(out.existing_text, "taken at 08:02, recorded by account 1");
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"), 1);

	ck_assert_int_eq(record(med, DOSE_SKIPPED, 0, true, &out, &err), 0);
	ck_assert(out.replaced);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"
	    " WHERE status = 'skipped'"), 1);
	ck_assert_int_eq(count("SELECT doses_skipped FROM adherence_summaries"
	    " WHERE period_type = 'daily' AND medication_id IS NOT NULL"), 1);

	ck_assert_int_eq(doses_undo(&ctx, person, 0, &u, &err), 0);
	ck_assert(!u.removed);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"
	    " WHERE status = 'taken' AND actual_datetime IS NOT NULL"), 1);
	ck_assert_int_eq(count("SELECT doses_taken FROM adherence_summaries"
	    " WHERE period_type = 'daily' AND medication_id IS NOT NULL"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'undo' AND table_name = 'dose_events'"), 1);
	ck_assert_int_ne(doses_undo(&ctx, person, u.event_id, &u, &err), 0);

	/* A fresh record, undone within the window, is removed. */
	clk.fixed = utc("2026-03-11T07:00:00Z");
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_eq(doses_undo(&ctx, person, 0, &u, &err), 0);
	ck_assert(u.removed);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM adherence_summaries"
	    " WHERE period_start = '2026-03-11'"), 0);

	/* Outside the window an undo is refused and changes nothing. */
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	clk.fixed += (int64_t)ctx.undo_minutes * 60 + 1;
	ck_assert_int_ne(doses_undo(&ctx, person, 0, &u, &err), 0);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"), 2);
}
END_TEST

START_TEST(test_snooze_then_take_and_a_sealed_note)
{
	int64_t med = add_med("Lisinopril", "08:00", "2026-03-01");
	struct doses_request req = { 0 };
	struct doses_outcome out;
	struct error err;
	static const unsigned char note[] = { 1, 2, 3, 4 };

	clk.fixed = utc("2026-03-10T07:05:00Z");
	req.person_id = person;
	req.medication_id = med;
	req.status = DOSE_SNOOZED;
	req.taken_with_food = -1;
	req.snooze_minutes = 30;
	ck_assert_int_eq(doses_record(&ctx, &req, &out, &err), 0);
	ck_assert_int_eq(count("SELECT snoozed_until FROM dose_events"),
	    utc("2026-03-10T07:35:00Z"));

	/* A snooze gave no dose: taking it needs no confirmation. */
	clk.fixed = utc("2026-03-10T07:36:00Z");
	ck_assert_msg(record(med, DOSE_TAKEN, 0, false, &out, &err) == 0, "%s",
	    err.text);
	ck_assert(out.replaced);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"
	    " WHERE status = 'taken'"), 1);

	/* A confirmed skip keeps its sealed note; a later record clears it. */
	req.status = DOSE_SKIPPED;
	req.confirmed = true;
	req.note.data = note;
	req.note.len = sizeof note;
	ck_assert_int_eq(doses_record(&ctx, &req, &out, &err), 0);
	ck_assert_int_eq(count("SELECT length(notes) FROM dose_events"), 4);
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, true, &out, &err), 0);
	ck_assert_int_eq(count("SELECT notes IS NULL FROM dose_events"), 1);
}
END_TEST

START_TEST(test_history_lists_slots_and_as_needed_doses)
{
	int64_t med = add_med("Metformin", "08:00,20:00", "2026-03-01");
	int64_t prn = add_med("Ibuprofen", "as needed max 3/day", "2026-03-01");
	struct doses_history h;
	struct doses_outcome out;
	struct error err;
	int64_t moved;

	clk.fixed = utc("2026-03-09T07:10:00Z");
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_eq(record(prn, DOSE_TAKEN, 0, false, &out, &err), 0);
	clk.fixed = utc("2026-03-10T12:00:00Z");
	ck_assert_int_eq(doses_history(&ctx, person, day("2026-03-08"),
	    day("2026-03-10"), &h, &err), 0);
	ck_assert_uint_eq(h.n, 3);
	ck_assert_str_eq(h.days[0].zone, "Europe/Berlin");
	ck_assert_uint_eq(h.days[0].n, 2);
	ck_assert_int_eq(h.days[0].items[0].state, DOSE_MISSED);
	ck_assert_uint_eq(h.days[1].n, 3);
	ck_assert_int_eq(h.days[1].items[0].state, DOSE_TAKEN);
	ck_assert(h.days[1].items[1].prn && h.days[1].items[1].recorded);
	ck_assert(h.days[1].items[1].slot.amount == 1);
	ck_assert_int_eq(h.days[2].items[1].state, DOSE_PENDING);
	doses_history_free(&h);

	/* Archived records stay in the history. */
	ctx.archive_after_days = 0;
	ck_assert_int_eq(doses_archive(&ctx, person, &moved, &err), 0);
	ck_assert_int_eq(moved, 2);
	ck_assert_int_eq(doses_history(&ctx, person, day("2026-03-09"),
	    day("2026-03-09"), &h, &err), 0);
	ck_assert_uint_eq(h.days[0].n, 3);
	ck_assert(h.days[0].items[0].dose.archived);
	ck_assert_int_eq(h.days[0].items[0].state, DOSE_TAKEN);
	doses_history_free(&h);
	ck_assert_int_ne(doses_history(&ctx, person, day("2026-03-10"),
	    day("2026-03-08"), &h, &err), 0);
}
END_TEST

START_TEST(test_undo_of_one_medication)
{
	int64_t a = add_med("Metformin", "08:00", "2026-03-01");
	int64_t b = add_med("Warfarin", "08:00", "2026-03-01");
	struct doses_undo_result u;
	struct doses_outcome out;
	struct error err;

	clk.fixed = utc("2026-03-10T07:00:00Z");
	ck_assert_int_eq(record(a, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_eq(record(b, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_eq(doses_undo_last(&ctx, person, a, &u, &err), 0);
	ck_assert(u.removed);
	ck_assert_int_eq(u.before.medication_id, a);
	ck_assert_int_eq(u.before.rec.status, DOSE_TAKEN);
	ck_assert_int_eq(count("SELECT medication_id FROM dose_events"), b);
	ck_assert_int_ne(doses_undo_last(&ctx, person, a, &u, &err), 0);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);
}
END_TEST

START_TEST(test_refill_status_and_archive_of_one_person)
{
	int64_t med = add_med("Atorvastatin", "21:00", "2026-01-01");
	struct doses_refill_status r;
	struct doses_fill_result f;
	struct store_fill fill = { 0 };
	struct error err;
	int64_t moved;
	sqlite3 *db;

	clk.fixed = utc("2026-03-10T12:00:00Z");
	fill.day = day("2026-03-01");
	fill.quantity = 30;
	fill.days_supply = 30;
	ck_assert_int_eq(doses_fill_add(&ctx, med, &fill, false, &f, &err), 0);
	ck_assert_int_eq(doses_refill_status(&ctx, med, &r, &err), 0);
	ck_assert_uint_eq(r.fills, 1);
	ck_assert(r.too_soon);
	ck_assert_int_eq(r.earliest_day, day("2026-03-25"));
	ck_assert(r.on_hand == 30);
	ck_assert_int_eq(r.forecast.runout_day, day("2026-04-09"));

	/* One event from 2023, older than the two years kept live. */
	db = test_raw_open(db_path);
	ck_assert_int_eq(test_exec(db, "INSERT INTO dose_events (person_id,"
	    " medication_id, schedule_id, scheduled_datetime, status,"
	    " slot_date) SELECT person_id, medication_id, (SELECT schedule_id"
	    " FROM medication_schedules), 1700000000, 'missed', '2023-11-14'"
	    " FROM user_medications"), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(doses_archive(&ctx, person + 1, &moved, &err), 0);
	ck_assert_int_eq(moved, 0);
	ck_assert_int_eq(doses_archive(&ctx, person, &moved, &err), 0);
	ck_assert_int_eq(moved, 1);
	ck_assert_int_eq(count("SELECT person_id FROM audit_logs"
	    " WHERE action_type = 'archive'"), person);
}
END_TEST

struct racer {
	const char *path;
	int64_t med;
	int64_t at;
	pthread_barrier_t *barrier;
	int rc;
	struct error err;
	struct doses_outcome out;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct store *mine;
	struct settings cfg;
	struct clock c = clock_fixed(r->at);
	struct doses_ctx my;
	struct doses_request req = { 0 };

	settings_defaults(&cfg);
	if (store_open(&mine, r->path, STORE_OPEN_EXISTING, &r->err) != 0) {
		r->rc = -2;
		pthread_barrier_wait(r->barrier);
		return NULL;
	}
	doses_ctx_init(&my, mine, &c, &cfg, user);
	req.person_id = person;
	req.medication_id = r->med;
	req.status = DOSE_TAKEN;
	req.taken_with_food = -1;
	pthread_barrier_wait(r->barrier);
	r->rc = doses_record(&my, &req, &r->out, &r->err);
	store_close(mine);
	return NULL;
}

START_TEST(test_two_terminals_cannot_both_record_a_dose)
{
	int64_t med = add_med("Digoxin", "08:00", "2026-03-01");
	pthread_barrier_t barrier;
	struct racer r[2];
	pthread_t t[2];
	int ok = 0, conflict = 0;

	pthread_barrier_init(&barrier, NULL, 2);
	for (int i = 0; i < 2; i++) {
		memset(&r[i], 0, sizeof r[i]);
		r[i].path = db_path;
		r[i].med = med;
		r[i].at = utc("2026-03-10T07:01:00Z") + i * 30;
		r[i].barrier = &barrier;
		pthread_create(&t[i], NULL, race, &r[i]);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	for (int i = 0; i < 2; i++) {
		ck_assert_msg(r[i].rc != -2, "%s", r[i].err.text);
		if (r[i].rc == 0) {
			ok++;
		} else {
			ck_assert_int_eq(r[i].err.kind, ERR_CONFLICT);
			ck_assert(r[i].out.has_existing);
			ck_assert_ptr_nonnull(strstr(r[i].out.existing_text,
			    "taken at 08:0"));
			conflict++;
		}
	}
	ck_assert_int_eq(ok, 1);
	ck_assert_int_eq(conflict, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"), 1);
	ck_assert_int_eq(count("SELECT doses_taken FROM adherence_summaries"
	    " WHERE medication_id IS NULL AND period_type = 'yearly'"), 1);
}
END_TEST

START_TEST(test_prn_doses_are_recorded_with_warnings)
{
	int64_t med = add_med("Paracetamol", "as needed max 2/day min 6h",
	    "2026-03-01");
	struct doses_outcome out;
	struct doses_day d;
	struct error err;

	clk.fixed = utc("2026-03-10T08:00:00Z");
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert(out.prn);
	ck_assert_str_eq(out.prn_check.warning, "");
	clk.fixed += 2 * 3600;
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert(out.prn_check.too_soon);
	clk.fixed += 8 * 3600;
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert(out.prn_check.over_max);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events"), 3);
	/* As-needed doses have no schedule to adhere to. */
	ck_assert_int_eq(count("SELECT count(*) FROM adherence_summaries"), 0);
	ck_assert_int_eq(doses_today(&ctx, person, day("2026-03-10"), &d,
	    &err), 0);
	ck_assert_uint_eq(d.n, 4);	/* three doses and the as-needed line */
	ck_assert(d.items[3].prn && d.items[3].slot.at == 0);
	doses_day_free(&d);
	ck_assert_int_ne(record(med, DOSE_SKIPPED, 0, false, &out, &err), 0);
}
END_TEST

START_TEST(test_status_history_and_pauses)
{
	int64_t med = add_med("Lisinopril", "08:00", "2026-03-01");
	struct store_sealed none = { NULL, 0 };
	struct store_sealed why = { "\x01\x02\x03", 3 };
	struct doses_report rep;
	struct error err;

	clk.fixed = utc("2026-03-05T12:00:00Z");
	ck_assert_int_eq(doses_med_set_status(&ctx, med, MED_PAUSED, none,
	    &err), 0);
	clk.fixed = utc("2026-03-08T12:00:00Z");
	ck_assert_int_eq(doses_med_set_status(&ctx, med, MED_ACTIVE, none,
	    &err), 0);
	ck_assert_int_ne(doses_med_set_status(&ctx, med, MED_ACTIVE, none,
	    &err), 0);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_int_ne(doses_med_set_status(&ctx, med, MED_DISCONTINUED,
	    none, &err), 0);
	clk.fixed = utc("2026-03-10T12:00:00Z");
	ck_assert_int_eq(doses_med_set_status(&ctx, med, MED_DISCONTINUED, why,
	    &err), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM medication_status_history"),
	    4);
	ck_assert_int_eq(count("SELECT length(discontinuation_reason)"
	    " FROM user_medications"), 3);

	/* Slots: 03-01..05 and 03-09..10 only. */
	clk.fixed = utc("2026-03-20T12:00:00Z");
	ck_assert_int_eq(doses_adherence(&ctx, person, med, ADH_MONTHLY,
	    day("2026-03-01"), day("2026-03-31"), &rep, &err), 0);
	ck_assert_uint_eq(rep.n, 1);
	ck_assert_int_eq(rep.rows[0].c.scheduled, 7);
	doses_report_free(&rep);
}
END_TEST

START_TEST(test_fills_forecast_and_measures)
{
	int64_t med = add_med("Atorvastatin", "2 tablets 08:00", "2026-03-01");
	struct store_fill f = { 0, day("2026-03-01"), 60, 30, 0 };
	struct doses_fill_result fr;
	struct adherence_refill fc;
	struct adherence_pdc pdc;
	struct adherence_mpr mpr;
	struct doses_outcome out;
	struct error err;
	double on_hand;

	ck_assert_int_eq(doses_fill_add(&ctx, med, &f, false, &fr, &err), 0);
	ck_assert_int_eq(fr.refills_remaining, 2);
	f.day = day("2026-03-20");
	ck_assert_int_ne(doses_fill_add(&ctx, med, &f, false, &fr, &err), 0);
	ck_assert_int_eq(err.kind, ERR_CONFLICT);
	ck_assert_ptr_nonnull(strstr(err.text, "2026-03-25"));
	ck_assert_int_eq(count("SELECT count(*) FROM medication_fills"), 1);
	f.day = day("2026-03-26");
	ck_assert_int_eq(doses_fill_add(&ctx, med, &f, false, &fr, &err), 0);
	ck_assert_int_eq(fr.refills_remaining, 1);

	clk.fixed = utc("2026-03-02T07:00:00Z");
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_eq(doses_refill_forecast(&ctx, med, &on_hand, &fc, &err),
	    0);
	ck_assert(on_hand == 118);
	ck_assert(fc.days_left == 59);
	ck_assert_int_eq(fc.runout_day, day("2026-03-02") + 59);

	ck_assert_int_eq(doses_refill_measures(&ctx, &med, 1, day("2026-03-01"),
	    day("2026-04-29"), &pdc, &mpr, &err), 0);
	/* 03-01..03-30, then the early fill carried to 03-31..04-29. */
	ck_assert_int_eq(pdc.covered_days, 60);
	ck_assert_int_eq(pdc.period_days, 60);
	ck_assert(mpr.uncapped == 1.0);
}
END_TEST

START_TEST(test_travel_moves_later_days_only)
{
	int64_t med = add_med("Levothyroxine", "07:00", "2026-06-01");
	struct doses_outcome out;
	struct doses_day d;
	struct error err;

	clk.fixed = utc("2026-06-02T05:00:00Z");
	ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out, &err), 0);
	ck_assert_int_ne(doses_follow_zone(&ctx, person, day("2026-06-01"),
	    "America/New_York", &err), 0);
	ck_assert_int_ne(doses_follow_zone(&ctx, person, day("2026-06-03"),
	    "Mars/Base", &err), 0);
	ck_assert_int_eq(doses_follow_zone(&ctx, person, day("2026-06-03"),
	    "America/New_York", &err), 0);
	ck_assert_int_eq(doses_today(&ctx, person, day("2026-06-03"), &d,
	    &err), 0);
	ck_assert_str_eq(d.zone, "America/New_York");
	ck_assert_int_eq(d.items[0].slot.at, utc("2026-06-03T11:00:00Z"));
	doses_day_free(&d);
	ck_assert_int_eq(doses_today(&ctx, person, day("2026-06-02"), &d,
	    &err), 0);
	ck_assert_int_eq(d.items[0].state, DOSE_TAKEN);
	doses_day_free(&d);
	ck_assert_int_eq(count("SELECT count(*) FROM user_profiles"
	    " WHERE travel_timezone = 'America/New_York'"), 1);
}
END_TEST

/* Summaries stay equal to a full recomputation ---------------------------- */

static char *
dump_summaries(void)
{
	sqlite3 *db = test_raw_open(db_path);
	sqlite3_stmt *q;
	size_t len = 0, cap = 1 << 16;
	char *out = malloc(cap);

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT coalesce(medication_id,"
	    " 0), period_type, period_start, period_end,"
	    " total_scheduled_doses, doses_taken, doses_missed, doses_skipped,"
	    " doses_snoozed, doses_partial, current_streak_days,"
	    " longest_streak_days FROM adherence_summaries ORDER BY 1, 2, 3",
	    -1, &q, NULL), SQLITE_OK);
	out[0] = '\0';
	while (sqlite3_step(q) == SQLITE_ROW) {
		char line[256];
		int n = snprintf(line, sizeof line,
		    "%lld %s %s %s %d %d %d %d %d %d %d %d\n",
		    (long long)sqlite3_column_int64(q, 0),
		    sqlite3_column_text(q, 1), sqlite3_column_text(q, 2),
		    sqlite3_column_text(q, 3), sqlite3_column_int(q, 4),
		    sqlite3_column_int(q, 5), sqlite3_column_int(q, 6),
		    sqlite3_column_int(q, 7), sqlite3_column_int(q, 8),
		    sqlite3_column_int(q, 9), sqlite3_column_int(q, 10),
		    sqlite3_column_int(q, 11));

		if (len + (size_t)n + 1 > cap) {
			cap *= 2;
			out = realloc(out, cap);
		}
		memcpy(out + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return out;
}

START_TEST(test_random_history_matches_a_rebuild)
{
	int64_t meds[3];
	unsigned seed = 20260301;
	struct doses_report before, after;
	struct error err;
	char *incremental, *rebuilt;
	int takes = 0, undos = 0, archived = 0;

	set_zone("America/New_York");
	meds[0] = add_med("Metformin", "08:00,20:00", "2026-01-01");
	meds[1] = add_med("Methotrexate", "every 2 days 09:00", "2026-01-01");
	meds[2] = add_med("Tamoxifen", "2 tablets 21 on 7 off 07:30",
	    "2026-01-05");
	ctx.archive_after_days = 30;
	ctx.grace_minutes = 12 * 60;
	clk.fixed = utc("2026-01-01T12:00:00Z");

	for (int step = 0; step < 600; step++) {
		int op = (int)(rand_r(&seed) % 100);
		int64_t med = meds[rand_r(&seed) % 3];
		struct doses_outcome out;
		struct doses_undo_result u;

		clk.fixed += (int64_t)(rand_r(&seed) % (6 * 3600));
		if (op < 55) {
			takes += record(med, DOSE_TAKEN, 0, op % 7 == 0, &out,
			    &err) == 0;
		} else if (op < 75) {
			record(med, DOSE_SKIPPED, 0, op % 3 == 0, &out, &err);
		} else if (op < 80) {
			record(med, DOSE_PARTIAL, 0, true, &out, &err);
		} else if (op < 95) {
			undos += doses_undo(&ctx, person, 0, &u, &err) == 0;
		} else {
			int64_t moved;

			ck_assert_int_eq(doses_archive(&ctx, 0, &moved, &err),
			    0);
			archived += (int)moved;
		}
	}
	ck_assert_int_gt(takes, 50);
	ck_assert_int_gt(undos, 10);
	ck_assert_int_gt(archived, 10);
	ck_assert_int_eq(count("SELECT count(*) FROM dose_events_archive"),
	    archived);

	incremental = dump_summaries();
	ck_assert_int_gt(strlen(incremental), 1000);
	ck_assert_int_eq(doses_adherence(&ctx, person, 0, ADH_MONTHLY,
	    day("2026-01-01"), day("2026-12-31"), &before, &err), 0);
	ck_assert_int_eq(doses_rebuild_summaries(&ctx, person, &err), 0);
	rebuilt = dump_summaries();
	ck_assert_str_eq(incremental, rebuilt);
	ck_assert_int_eq(doses_adherence(&ctx, person, 0, ADH_MONTHLY,
	    day("2026-01-01"), day("2026-12-31"), &after, &err), 0);
	ck_assert_uint_eq(before.n, after.n);
	ck_assert_int_eq(memcmp(before.rows, after.rows,
	    before.n * sizeof before.rows[0]), 0);
	doses_report_free(&before);
	doses_report_free(&after);
	free(incremental);
	free(rebuilt);
}
END_TEST

START_TEST(test_archive_keeps_reports_and_streaks)
{
	int64_t med = add_med("Aspirin", "08:00", "2026-01-01");
	struct doses_report before, after;
	struct doses_outcome out;
	struct error err;
	int64_t moved;
	int cur, lon;

	for (int i = 0; i < 90; i++) {
		clk.fixed = utc("2026-01-01T07:10:00Z") + (int64_t)i * 86400;
		if (i != 40)
			ck_assert_int_eq(record(med, DOSE_TAKEN, 0, false, &out,
			    &err), 0);
	}
	ck_assert_int_eq(doses_streaks(&ctx, person, med, &cur, &lon, &err), 0);
	ck_assert_int_eq(cur, 49);
	ck_assert_int_eq(lon, 49);
	clk.fixed += 40 * 86400;
	ck_assert_int_eq(doses_adherence(&ctx, person, med, ADH_MONTHLY,
	    day("2026-01-01"), day("2026-03-31"), &before, &err), 0);
	ck_assert_int_eq(before.rows[1].c.missed, 1);
	ck_assert_int_eq(before.rows[1].c.taken, 27);
	ck_assert_int_eq(before.rows[2].c.taken, 31);

	ctx.archive_after_days = 60;
	ck_assert_int_eq(doses_archive(&ctx, 0, &moved, &err), 0);
	ck_assert_int_gt(moved, 50);
	ck_assert_int_eq(doses_adherence(&ctx, person, med, ADH_MONTHLY,
	    day("2026-01-01"), day("2026-03-31"), &after, &err), 0);
	ck_assert_int_eq(memcmp(before.rows, after.rows,
	    before.n * sizeof before.rows[0]), 0);
	ck_assert_int_eq(doses_rebuild_summaries(&ctx, person, &err), 0);
	doses_report_free(&after);
	ck_assert_int_eq(doses_adherence(&ctx, person, med, ADH_MONTHLY,
	    day("2026-01-01"), day("2026-03-31"), &after, &err), 0);
	ck_assert_int_eq(memcmp(before.rows, after.rows,
	    before.n * sizeof before.rows[0]), 0);
	doses_report_free(&before);
	doses_report_free(&after);
}
END_TEST

static Suite *
doses_suite(void)
{
	Suite *s = suite_create("doses");
	TCase *t = tcase_create("service");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_today_lists_states_and_a_record);
	tcase_add_test(t, test_late_dose_keeps_its_own_slot);
	tcase_add_test(t, test_second_record_needs_confirmation_then_undo);
	tcase_add_test(t, test_two_terminals_cannot_both_record_a_dose);
	tcase_add_test(t, test_prn_doses_are_recorded_with_warnings);
	tcase_add_test(t, test_status_history_and_pauses);
	tcase_add_test(t, test_fills_forecast_and_measures);
	tcase_add_test(t, test_travel_moves_later_days_only);
	tcase_add_test(t, test_random_history_matches_a_rebuild);
	tcase_add_test(t, test_archive_keeps_reports_and_streaks);
	tcase_add_test(t, test_snooze_then_take_and_a_sealed_note);
	tcase_add_test(t, test_history_lists_slots_and_as_needed_doses);
	tcase_add_test(t, test_undo_of_one_medication);
	tcase_add_test(t, test_refill_status_and_archive_of_one_person);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(doses_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
