#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/date.h"
#include "domain/adherence.h"
#include "domain/dose.h"
#include "domain/schedule.h"
#include "domain/tz.h"

/* Helpers -------------------------------------------------------------- */

static struct tz *
zone(const char *name)
{
	struct tz *tz = NULL;
	struct error err;

	ck_assert_msg(tz_open(&tz, name, &err) == 0, "%s", err.text);
	return tz;
}

static int
day(const char *text)
{
	int d;

	ck_assert_msg(date_parse(text, &d) == 0, "bad date %s", text);
	return d;
}

static int64_t
utc(const char *text)
{
	int64_t t;

	ck_assert_msg(clock_parse_utc(text, &t) == 0, "bad instant %s", text);
	return t;
}

static struct sched_spec
parse_ok(const char *text)
{
	struct sched_spec spec;
	struct error err;

	ck_assert_msg(sched_parse(text, &spec, &err) == 0, "%s: %s", text,
	    err.text);
	return spec;
}

static void
parse_fails(const char *text, const char *needle)
{
	struct sched_spec spec;
	struct error err;

	ck_assert_msg(sched_parse(text, &spec, &err) != 0,
	    "\"%s\" was accepted", text);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_msg(strstr(err.text, needle) != NULL,
	    "\"%s\": message \"%s\" lacks \"%s\"", text, err.text, needle);
	ck_assert_msg(strstr(err.text, "for example") != NULL,
	    "no example in \"%s\"", err.text);
	ck_assert_ptr_null(spec.rules);
}

/* Every slot from a spec over the local days first..last. */
static struct sched_slots
slots_of(const char *spec_text, const struct tz *tz, const char *start,
    const char *first, const char *last)
{
	struct sched_spec spec = parse_ok(spec_text);
	struct sched_slots slots = { 0 };
	struct sched_zone z = { 0, tz };
	struct sched_med med = { 1, day(start), SCHED_NO_END, spec.rules,
	    spec.n, NULL, 0 };
	struct error err;

	for (size_t i = 0; i < spec.n; i++)
		spec.rules[i].id = (int64_t)i + 1;
	ck_assert_msg(sched_slots_for_days(&med, &z, 1, day(first), day(last),
	    &slots, &err) == 0, "%s", err.text);
	sched_spec_free(&spec);
	return slots;
}

static void
wall_is(const struct tz *tz, int64_t at, const char *date, int hh, int mm)
{
	struct tz_wall w;

	tz_utc_to_wall(tz, at, &w);
	ck_assert_int_eq(w.day, day(date));
	ck_assert_int_eq(w.minute, hh * 60 + mm);
}

/* Dates ------------------------------------------------------------------- */

START_TEST(test_dates_round_trip)
{
	char buf[DATE_TEXT_SIZE];
	int d;

	for (int n = -800000; n < 800000; n += 997) {
		int y, m, dd;

		date_to_ymd(n, &y, &m, &dd);
		ck_assert_int_eq(date_from_ymd(y, m, dd), n);
	}
	ck_assert_int_eq(day("1970-01-01"), 0);
	ck_assert_int_eq(date_weekday(day("2026-03-09")), 0);	/* Monday */
	ck_assert_int_eq(date_weekday(day("2026-03-08")), 6);
	ck_assert_int_ne(date_parse("2026-02-29", &d), 0);
	ck_assert_int_eq(date_parse("2024-02-29", &d), 0);
	ck_assert_int_ne(date_parse("2026-1-01", &d), 0);
	date_format(day("2026-12-31"), buf);
	ck_assert_str_eq(buf, "2026-12-31");
	ck_assert_int_ne(date_parse_hhmm("24:00", &d), 0);
	ck_assert_int_ne(date_parse_hhmm("8:00", &d), 0);
}
END_TEST

/* Time zones ---------------------------------------------------------- */

START_TEST(test_zone_names_are_checked)
{
	struct tz *tz;
	struct error err;

	ck_assert(tz_name_exists("America/New_York"));
	ck_assert(tz_name_exists("UTC"));
	ck_assert(!tz_name_exists("Mars/Base"));
	ck_assert(!tz_name_exists("XYZ3"));		/* a POSIX rule */
	ck_assert(!tz_name_exists("../../etc/passwd"));
	ck_assert(!tz_name_exists("/usr/share/zoneinfo/UTC"));
	ck_assert(!tz_name_exists("zone.tab"));
	ck_assert(!tz_name_exists(""));
	ck_assert_int_ne(tz_open(&tz, "Mars/Base", &err), 0);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.text, "Mars/Base"));
	ck_assert_ptr_nonnull(strstr(err.text, "Europe/Berlin"));
}
END_TEST

START_TEST(test_new_york_spring_gap_shifts_forward)
{
	struct tz *ny = zone("America/New_York");
	int d = day("2026-03-08");

	ck_assert_int_eq(tz_wall_to_utc(ny, d, 1 * 60 + 30),
	    utc("2026-03-08T06:30:00Z"));
	/* 02:30 does not exist: it happens once, at 03:30 EDT. */
	ck_assert_int_eq(tz_wall_to_utc(ny, d, 2 * 60 + 30),
	    utc("2026-03-08T07:30:00Z"));
	wall_is(ny, tz_wall_to_utc(ny, d, 150), "2026-03-08", 3, 30);
	ck_assert_int_eq(tz_wall_to_utc(ny, d, 3 * 60 + 30),
	    utc("2026-03-08T07:30:00Z"));
	ck_assert_int_eq(tz_wall_to_utc(ny, d, 8 * 60),
	    utc("2026-03-08T12:00:00Z"));
	ck_assert_int_eq(tz_day_start(ny, d + 1) - tz_day_start(ny, d),
	    23 * 3600);
	tz_close(ny);
}
END_TEST

START_TEST(test_new_york_fall_back_takes_first)
{
	struct tz *ny = zone("America/New_York");
	int d = day("2026-11-01");

	/* 01:30 happens twice; the first (EDT) is the one. */
	ck_assert_int_eq(tz_wall_to_utc(ny, d, 90), utc("2026-11-01T05:30:00Z"));
	ck_assert_int_eq(tz_wall_to_utc(ny, d, 8 * 60),
	    utc("2026-11-01T13:00:00Z"));
	ck_assert_int_eq(tz_day_start(ny, d + 1) - tz_day_start(ny, d),
	    25 * 3600);
	wall_is(ny, utc("2026-11-01T06:30:00Z"), "2026-11-01", 1, 30);
	tz_close(ny);
}
END_TEST

START_TEST(test_berlin_and_lord_howe)
{
	struct tz *be = zone("Europe/Berlin");
	struct tz *lh = zone("Australia/Lord_Howe");

	/* Berlin springs 02:00 -> 03:00 on 2026-03-29. */
	ck_assert_int_eq(tz_wall_to_utc(be, day("2026-03-29"), 150),
	    utc("2026-03-29T01:30:00Z"));
	wall_is(be, utc("2026-03-29T01:30:00Z"), "2026-03-29", 3, 30);
	/* and falls 03:00 -> 02:00 on 2026-10-25: 02:30 CEST first. */
	ck_assert_int_eq(tz_wall_to_utc(be, day("2026-10-25"), 150),
	    utc("2026-10-25T00:30:00Z"));

	/* Lord Howe moves by 30 minutes: 02:00 -> 02:30 on 2026-10-04. */
	ck_assert_int_eq(tz_wall_to_utc(lh, day("2026-10-04"), 2 * 60 + 15),
	    utc("2026-10-03T15:45:00Z"));
	wall_is(lh, utc("2026-10-03T15:45:00Z"), "2026-10-04", 2, 45);
	ck_assert_int_eq(tz_day_start(lh, day("2026-10-05")) -
	    tz_day_start(lh, day("2026-10-04")), 86400 - 1800);
	/* and back 02:00 -> 01:30 on 2026-04-05: 01:45 at +11 first. */
	ck_assert_int_eq(tz_wall_to_utc(lh, day("2026-04-05"), 105),
	    utc("2026-04-04T14:45:00Z"));
	ck_assert_int_eq(tz_day_start(lh, day("2026-04-06")) -
	    tz_day_start(lh, day("2026-04-05")), 86400 + 1800);

	/* The rules hold after the last listed transition too. */
	ck_assert_int_eq(tz_offset(be, utc("2061-07-01T12:00:00Z")), 7200);
	tz_close(be);
	tz_close(lh);
}
END_TEST

START_TEST(test_several_zones_at_once)
{
	struct tz *ny = zone("America/New_York");
	struct tz *tk = zone("Asia/Tokyo");
	int64_t t = utc("2026-06-01T23:30:00Z");

	wall_is(ny, t, "2026-06-01", 19, 30);
	wall_is(tk, t, "2026-06-02", 8, 30);
	tz_close(ny);
	tz_close(tk);
}
END_TEST

/* Schedule SPEC --------------------------------------------------------- */

START_TEST(test_spec_daily_times)
{
	struct sched_spec s = parse_ok("20:00, 08:00");

	ck_assert_uint_eq(s.n, 2);
	ck_assert_int_eq(s.rules[0].kind, SCHED_DAILY);
	ck_assert_int_eq(s.rules[0].minute, 8 * 60);
	ck_assert_int_eq(s.rules[1].minute, 20 * 60);
	ck_assert(s.rules[0].amount == 1);
	ck_assert_str_eq(s.rules[0].unit, "");
	sched_spec_free(&s);

	s = parse_ok("2 Tablets 08:00,20:00");
	ck_assert(s.rules[1].amount == 2);
	ck_assert_str_eq(s.rules[1].unit, "tablets");
	sched_spec_free(&s);

	s = parse_ok("08:00 2.5 ml");
	ck_assert(s.rules[0].amount == 2.5);
	ck_assert_str_eq(s.rules[0].unit, "ml");
	sched_spec_free(&s);

	s = parse_ok("08:00 1 tablet; 20:00 2 tablets");
	ck_assert_uint_eq(s.n, 2);
	ck_assert(s.rules[0].amount == 1 && s.rules[1].amount == 2);
	sched_spec_free(&s);
}
END_TEST

START_TEST(test_spec_every_kind)
{
	struct sched_spec s = parse_ok("every 8h from 06:00");

	ck_assert_int_eq(s.rules[0].kind, SCHED_INTERVAL);
	ck_assert_int_eq(s.rules[0].interval_hours, 8);
	ck_assert_int_eq(s.rules[0].minute, 360);
	sched_spec_free(&s);

	s = parse_ok("mon,wed,fri 09:00");
	ck_assert_int_eq(s.rules[0].kind, SCHED_WEEKDAYS);
	ck_assert_int_eq(s.rules[0].weekdays, 1 | 4 | 16);
	sched_spec_free(&s);

	s = parse_ok("Mon-Fri 07:30");
	ck_assert_int_eq(s.rules[0].weekdays, 0x1f);
	sched_spec_free(&s);

	s = parse_ok("every 2 days 08:00");
	ck_assert_int_eq(s.rules[0].kind, SCHED_EVERY_N_DAYS);
	ck_assert_int_eq(s.rules[0].every_n_days, 2);
	sched_spec_free(&s);

	s = parse_ok("every other day 08:00");
	ck_assert_int_eq(s.rules[0].every_n_days, 2);
	sched_spec_free(&s);

	s = parse_ok("21 on 7 off 08:00");
	ck_assert_int_eq(s.rules[0].kind, SCHED_CYCLE);
	ck_assert_int_eq(s.rules[0].cycle_on, 21);
	ck_assert_int_eq(s.rules[0].cycle_off, 7);
	sched_spec_free(&s);

	s = parse_ok("as needed max 4/day min 6h");
	ck_assert_int_eq(s.rules[0].kind, SCHED_PRN);
	ck_assert_int_eq(s.rules[0].prn_max_per_day, 4);
	ck_assert_int_eq(s.rules[0].prn_min_interval_minutes, 360);
	ck_assert_int_eq(s.rules[0].minute, -1);
	sched_spec_free(&s);

	s = parse_ok("2 puffs as needed min 90 min");
	ck_assert_int_eq(s.rules[0].prn_min_interval_minutes, 90);
	ck_assert_int_eq(s.rules[0].prn_max_per_day, 0);
	ck_assert(s.rules[0].amount == 2);
	sched_spec_free(&s);

	s = parse_ok("2026-01-01..2026-01-07 40mg 08:00; "
	    "2026-01-08..2026-01-14 30mg 08:00");
	ck_assert_uint_eq(s.n, 2);
	ck_assert_int_eq(s.rules[0].kind, SCHED_TAPER);
	ck_assert(s.rules[0].amount == 40 && s.rules[1].amount == 30);
	ck_assert_str_eq(s.rules[1].unit, "mg");
	ck_assert_int_eq(s.rules[1].valid_from, day("2026-01-08"));
	ck_assert_int_eq(s.rules[1].valid_until, day("2026-01-14"));
	sched_spec_free(&s);
}
END_TEST

START_TEST(test_spec_errors_say_what_and_show_an_example)
{
	parse_fails("", "empty");
	parse_fails("8:00", "HH:MM");
	parse_fails("25:00", "HH:MM");
	parse_fails("08:00,08:00", "twice");
	parse_fails("every 5h from 06:00", "divide a day");
	parse_fails("every 8h", "from 06:00");
	parse_fails("every 8 from 06:00", "\"days\" or \"h\"");
	parse_fails("every 1 days 08:00", "from 2 to 365");
	parse_fails("21 on 7 08:00", "21 on 7 off");
	parse_fails("21 on 7 off", "at least one time");
	parse_fails("as needed max 4", "per day");
	parse_fails("as needed min 6", "unit of the minimum gap");
	parse_fails("as needed max 4/day max 3/day", "given twice");
	parse_fails("2026-02-30..2026-03-07 08:00", "must exist");
	parse_fails("2026-01-07..2026-01-01 08:00", "end before they begin");
	parse_fails("2026-01-01..2026-01-10 40mg 08:00; "
	    "2026-01-08..2026-01-14 30mg 08:00", "overlap");
	/* Two steps from the same day are two doses on that day. */
	parse_fails("2026-01-01..2026-01-07 40mg 08:00; "
	    "2026-01-01..2026-01-14 30mg 20:00", "overlap");
	parse_fails("0 tablets 08:00", "more than 0");
	parse_fails("2supercalifragilisticunits 08:00", "longer than 20");
	parse_fails("2 supercalifragilisticunits 08:00", "longer than 20");
	parse_fails("08:00 twice daily", "not understood");
	parse_fails("tuesdays 08:00", "does not start like");
	parse_fails("mon,wed", "at least one time");
}
END_TEST

/* Slots over 60 days --------------------------------------------------- */

static int
count_on(const struct sched_slots *s, const char *date)
{
	int n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->v[i].day == day(date);
	return n;
}

START_TEST(test_sixty_days_of_every_kind)
{
	struct tz *be = zone("Europe/Berlin");
	struct sched_slots s;

	/* 2026-03-01..2026-04-29: 60 days across Berlin's spring change. */
	s = slots_of("08:00,20:00", be, "2026-03-01", "2026-03-01",
	    "2026-04-29");
	ck_assert_uint_eq(s.n, 120);
	for (size_t i = 0; i < s.n; i++) {
		struct tz_wall w;

		tz_utc_to_wall(be, s.v[i].at, &w);
		ck_assert_int_eq(w.minute, i % 2 == 0 ? 480 : 1200);
		if (i > 0)
			ck_assert(s.v[i].at > s.v[i - 1].at);
	}
	sched_slots_free(&s);

	s = slots_of("every 8h from 06:00", be, "2026-03-01", "2026-03-01",
	    "2026-04-29");
	ck_assert_uint_eq(s.n, 180);
	wall_is(be, s.v[0].at, "2026-03-01", 6, 0);
	wall_is(be, s.v[1].at, "2026-03-01", 14, 0);
	wall_is(be, s.v[2].at, "2026-03-01", 22, 0);
	sched_slots_free(&s);

	/* Mondays, Wednesdays, Fridays: 2026-03-02 is a Monday. */
	s = slots_of("mon,wed,fri 09:00", be, "2026-03-01", "2026-03-01",
	    "2026-04-29");
	ck_assert_uint_eq(s.n, 26);
	for (size_t i = 0; i < s.n; i++)
		ck_assert((0x15 >> date_weekday(s.v[i].day)) & 1);
	sched_slots_free(&s);

	s = slots_of("every 2 days 08:00", be, "2026-03-01", "2026-03-01",
	    "2026-04-29");
	ck_assert_uint_eq(s.n, 30);
	ck_assert_int_eq(count_on(&s, "2026-03-01"), 1);
	ck_assert_int_eq(count_on(&s, "2026-03-02"), 0);
	ck_assert_int_eq(count_on(&s, "2026-03-29"), 1);	/* DST day */
	sched_slots_free(&s);

	/* 21 on 7 off from 03-01: on 03-01..03-21, off ..03-28, on 03-29.. */
	s = slots_of("21 on 7 off 08:00", be, "2026-03-01", "2026-03-01",
	    "2026-04-29");
	ck_assert_uint_eq(s.n, 21 + 21 + 4);
	ck_assert_int_eq(count_on(&s, "2026-03-21"), 1);
	ck_assert_int_eq(count_on(&s, "2026-03-22"), 0);
	ck_assert_int_eq(count_on(&s, "2026-03-28"), 0);
	ck_assert_int_eq(count_on(&s, "2026-03-29"), 1);
	sched_slots_free(&s);

	s = slots_of("as needed max 4/day", be, "2026-03-01", "2026-03-01",
	    "2026-04-29");
	ck_assert_uint_eq(s.n, 0);
	sched_slots_free(&s);

	s = slots_of("2026-03-01..2026-03-07 40mg 08:00; "
	    "2026-03-08..2026-03-14 30 mg 08:00; "
	    "2026-03-15..2026-03-21 10 mg 08:00", be, "2026-03-01",
	    "2026-03-01", "2026-04-29");
	ck_assert_uint_eq(s.n, 21);
	ck_assert(s.v[6].amount == 40 && s.v[7].amount == 30);
	ck_assert(s.v[20].amount == 10);
	sched_slots_free(&s);
	tz_close(be);
}
END_TEST

START_TEST(test_dst_days_keep_wall_times)
{
	const char *zones[] = { "America/New_York", "Europe/Berlin",
	    "Australia/Lord_Howe" };
	const char *days[][2] = { { "2026-03-08", "2026-11-01" },
	    { "2026-03-29", "2026-10-25" }, { "2026-10-04", "2026-04-05" } };

	for (int z = 0; z < 3; z++) {
		struct tz *tz = zone(zones[z]);

		for (int k = 0; k < 2; k++) {
			struct sched_slots s = slots_of(
			    "00:30,01:45,02:15,02:30,08:00,14:00", tz,
			    "2026-01-01", days[z][k], days[z][k]);

			/* Each time happens exactly once, in order. */
			ck_assert_uint_eq(s.n, 6);
			for (size_t i = 1; i < s.n; i++)
				ck_assert(s.v[i].at > s.v[i - 1].at);
			wall_is(tz, s.v[4].at, days[z][k], 8, 0);
			wall_is(tz, s.v[5].at, days[z][k], 14, 0);
			sched_slots_free(&s);
		}
		tz_close(tz);
	}
}
END_TEST

START_TEST(test_interval_doses_keep_wall_times_over_dst)
{
	struct tz *ny = zone("America/New_York");
	struct sched_slots s = slots_of("every 8h from 06:00", ny,
	    "2026-03-01", "2026-03-07", "2026-03-09");

	ck_assert_uint_eq(s.n, 9);
	for (size_t i = 0; i < s.n; i++) {
		struct tz_wall w;

		tz_utc_to_wall(ny, s.v[i].at, &w);
		ck_assert_int_eq(w.minute, 360 + 480 * (int)(i % 3));
	}
	/* The night across the change is an hour shorter. */
	ck_assert_int_eq(s.v[3].at - s.v[2].at, 7 * 3600);
	sched_slots_free(&s);
	tz_close(ny);
}
END_TEST

START_TEST(test_pauses_and_dates_bound_slots)
{
	struct tz *be = zone("Europe/Berlin");
	struct sched_spec spec = parse_ok("08:00,20:00");
	struct sched_pause pause = { utc("2026-05-03T10:00:00Z"),
	    utc("2026-05-05T07:00:00Z") };
	struct sched_zone z = { 0, be };
	struct sched_med med = { 1, day("2026-05-01"), day("2026-05-10"),
	    spec.rules, spec.n, &pause, 1 };
	struct sched_slots s = { 0 };
	struct error err;
	int per_day[20] = { 0 };
	long total;

	ck_assert_int_eq(sched_slots_for_days(&med, &z, 1, day("2026-04-25"),
	    day("2026-05-20"), &s, &err), 0);
	/* 10 days x 2, less 05-03 20:00, 05-04 both, 05-05 08:00 (06:00Z). */
	ck_assert_uint_eq(s.n, 20 - 4);
	total = sched_count_days(&med, &z, 1, day("2026-04-25"),
	    day("2026-05-20"), per_day);
	ck_assert_int_eq(total, 16);
	ck_assert_int_eq(per_day[day("2026-05-03") - day("2026-04-25")], 1);
	ck_assert_int_eq(per_day[day("2026-05-04") - day("2026-04-25")], 0);
	ck_assert_int_eq(per_day[day("2026-05-05") - day("2026-04-25")], 1);
	sched_slots_free(&s);

	ck_assert_int_eq(sched_slots_between(&med, &z, 1,
	    utc("2026-05-01T06:00:00Z"), utc("2026-05-01T18:00:00Z"), &s,
	    &err), 0);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_int_eq(s.v[0].at, utc("2026-05-01T06:00:00Z"));
	sched_slots_free(&s);
	sched_spec_free(&spec);
	tz_close(be);
}
END_TEST

START_TEST(test_travel_follows_the_zone_of_each_day)
{
	struct tz *be = zone("Europe/Berlin");
	struct tz *ny = zone("America/New_York");
	struct sched_spec spec = parse_ok("08:00");
	struct sched_zone zones[2] = { { 0, be }, { day("2026-06-03"), ny } };
	struct sched_med med = { 1, day("2026-06-01"), SCHED_NO_END,
	    spec.rules, spec.n, NULL, 0 };
	struct sched_slots s = { 0 };
	struct error err;

	ck_assert_int_eq(sched_slots_for_days(&med, zones, 2,
	    day("2026-06-01"), day("2026-06-04"), &s, &err), 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_int_eq(s.v[1].at, utc("2026-06-02T06:00:00Z"));
	ck_assert_int_eq(s.v[2].at, utc("2026-06-03T12:00:00Z"));
	wall_is(ny, s.v[3].at, "2026-06-04", 8, 0);
	sched_slots_free(&s);
	sched_spec_free(&spec);
	tz_close(be);
	tz_close(ny);
}
END_TEST

/* Dose rules ----------------------------------------------------------- */

START_TEST(test_states_and_grace)
{
	int64_t slot = utc("2026-05-01T08:00:00Z");
	struct dose_record r = { 0 };

	ck_assert_int_eq(dose_state(slot, NULL, slot - 60, 60), DOSE_PENDING);
	ck_assert_int_eq(dose_state(slot, NULL, slot, 60), DOSE_DUE);
	ck_assert_int_eq(dose_state(slot, NULL, slot + 3599, 60), DOSE_DUE);
	ck_assert_int_eq(dose_state(slot, NULL, slot + 3600, 60), DOSE_MISSED);
	ck_assert_int_eq(dose_state(slot, NULL, slot + 1800, 15), DOSE_MISSED);
	r.status = DOSE_TAKEN;
	ck_assert_int_eq(dose_state(slot, &r, slot + 86400, 60), DOSE_TAKEN);
	r.status = DOSE_SNOOZED;
	r.snoozed_until = slot + 900;
	ck_assert_int_eq(dose_state(slot, &r, slot + 600, 60), DOSE_SNOOZED);
	ck_assert_int_eq(dose_state(slot, &r, slot + 3600, 60), DOSE_DUE);
	ck_assert_int_eq(dose_state(slot, &r, slot + 4500, 60), DOSE_MISSED);
}
END_TEST

START_TEST(test_late_dose_goes_to_its_own_slot)
{
	int64_t base = utc("2026-05-01T00:00:00Z");
	int64_t slots[3] = { base + 8 * 3600, base + 14 * 3600,
	    base + 20 * 3600 };
	bool rec[3] = { false, false, false };

	/* 13:00, morning dose not taken: it is the morning's. */
	ck_assert_int_eq(dose_attribute(slots, rec, 3, base + 13 * 3600, 60), 0);
	/* 07:30: early for 08:00. */
	ck_assert_int_eq(dose_attribute(slots, rec, 3, base + 7 * 3600 + 1800,
	    60), 0);
	/* 06:00: too early for anything. */
	ck_assert_int_eq(dose_attribute(slots, rec, 3, base + 6 * 3600, 60), -1);
	/* Once 14:00 comes, the morning's window is closed. */
	ck_assert_int_eq(dose_attribute(slots, rec, 3, base + 14 * 3600 + 300,
	    60), 1);
	rec[0] = true;
	ck_assert_int_eq(dose_attribute(slots, rec, 3, base + 13 * 3600 + 1800,
	    60), 1);
	ck_assert(dose_is_retrospective(slots[0], slots[0] + 60,
	    slots[0] + 2 * 3600, 60));
	ck_assert(!dose_is_retrospective(slots[0], slots[0] + 5 * 3600,
	    slots[0] + 5 * 3600, 60));
	ck_assert(dose_is_retrospective(slots[0], 0, slots[0] + 3601, 60));
}
END_TEST

START_TEST(test_describe_an_earlier_record)
{
	struct tz *be = zone("Europe/Berlin");
	struct dose_record r = { 0 };
	char buf[128];

	r.status = DOSE_TAKEN;
	r.actual_at = utc("2026-05-01T06:02:00Z");
	dose_describe(&r, be, "Alex Example", buf, sizeof buf);
	ck_assert_str_eq(buf, "taken at 08:02, recorded by Alex Example");
	r.status = DOSE_SKIPPED;
	r.actual_at = 0;
	r.recorded_at = utc("2026-05-01T06:30:00Z");
	dose_describe(&r, be, NULL, buf, sizeof buf);
	ck_assert_str_eq(buf, "skipped at 08:30, recorded by an unknown account");
	tz_close(be);
}
END_TEST

START_TEST(test_prn_limits_warn)
{
	struct tz *u = zone("UTC");
	int64_t t0 = utc("2026-05-01T08:00:00Z");
	int64_t taken[4] = { t0, t0 + 6 * 3600, t0 + 12 * 3600,
	    t0 + 18 * 3600 };
	struct dose_prn_check c;

	dose_prn_check(taken, 2, t0 + 9 * 3600, 360, 4, u, &c);
	ck_assert(c.too_soon);
	ck_assert_int_eq(c.allowed_from, t0 + 12 * 3600);
	ck_assert(!c.over_max);
	ck_assert_ptr_nonnull(strstr(c.warning, "20:00"));

	dose_prn_check(taken, 2, t0 + 12 * 3600, 360, 4, u, &c);
	ck_assert(!c.too_soon && !c.over_max);
	ck_assert_str_eq(c.warning, "");

	/* A fifth dose within 24 hours of the first four. */
	dose_prn_check(taken, 4, t0 + 23 * 3600, 60, 4, u, &c);
	ck_assert(c.over_max);
	ck_assert_int_eq(c.most_in_24h, 5);
	ck_assert_ptr_nonnull(strstr(c.warning, "maximum of 4"));

	/* 24 hours after the first, the window has rolled on. */
	dose_prn_check(taken, 4, t0 + 24 * 3600, 60, 4, u, &c);
	ck_assert(!c.over_max);
	ck_assert_int_eq(c.most_in_24h, 4);
	tz_close(u);
}
END_TEST

START_TEST(test_undo_window)
{
	ck_assert(dose_undo_allowed(1000, 1000 + 60 * 60, 60));
	ck_assert(!dose_undo_allowed(1000, 1000 + 60 * 60 + 1, 60));
	ck_assert(!dose_undo_allowed(1000, 999, 60));
}
END_TEST

/* Adherence ------------------------------------------------------------ */

START_TEST(test_pdc_pqa_vector)
{
	struct adherence_fill f[4] = {
		{ day("2018-01-01"), 90, 1 }, { day("2018-03-25"), 90, 1 },
		{ day("2018-07-05"), 90, 1 }, { day("2018-10-15"), 90, 1 },
	};
	struct adherence_pdc p;
	struct adherence_mpr m;
	struct error err;

	ck_assert_int_eq(adherence_pdc(f, 4, day("2018-01-01"),
	    day("2018-12-31"), &p, &err), 0);
	ck_assert_int_eq(p.period_days, 365);
	ck_assert_int_eq(p.covered_days, 348);
	ck_assert_int_eq((int)(p.pdc * 1000 + 0.5), 953);
	ck_assert(p.adherent && p.eligible);

	ck_assert_int_eq(adherence_mpr(f, 4, day("2018-01-01"),
	    day("2018-12-31"), &m, &err), 0);
	ck_assert_int_eq(m.supply_days, 360);
	ck_assert_int_eq((int)(m.uncapped * 10000 + 0.5), 9863);
}
END_TEST

START_TEST(test_pdc_and_mpr_by_hand)
{
	/*
	 * 100 days (day 0..99); fills day 0 (30 d), day 20 (30 d: overlaps by
	 * 10 days, so it runs 30..59), day 70 (30 d: 70..99).  Covered:
	 * 0..59 and 70..99 = 90 days.  MPR = 90 / 100.
	 */
	int d0 = day("2026-01-01");
	struct adherence_fill f[3] = { { d0, 30, 7 }, { d0 + 20, 30, 7 },
	    { d0 + 70, 30, 7 } };
	/* A different drug of the class overlapping is not shifted. */
	struct adherence_fill g[2] = { { d0, 30, 1 }, { d0 + 20, 30, 2 } };
	struct adherence_pdc p;
	struct adherence_mpr m;
	struct error err;

	ck_assert_int_eq(adherence_pdc(f, 3, d0, d0 + 99, &p, &err), 0);
	ck_assert_int_eq(p.covered_days, 90);
	ck_assert_int_eq(p.period_days, 100);
	ck_assert(p.adherent);
	ck_assert_int_eq(adherence_mpr(f, 3, d0, d0 + 99, &m, &err), 0);
	ck_assert(m.uncapped == 0.9 && m.capped == 0.9);

	ck_assert_int_eq(adherence_pdc(g, 2, d0, d0 + 99, &p, &err), 0);
	ck_assert_int_eq(p.covered_days, 50);
	ck_assert(!p.adherent);
	ck_assert_int_eq(adherence_mpr(g, 2, d0, d0 + 99, &m, &err), 0);
	ck_assert(m.uncapped == 0.6);

	/* Period from the first fill: day 10 to day 39 is 30 days. */
	f[0].day = d0 + 10;
	ck_assert_int_eq(adherence_mpr(f, 1, d0, d0 + 39, &m, &err), 0);
	ck_assert_int_eq(m.period_days, 30);
	ck_assert(m.uncapped == 1.0);
	ck_assert_int_eq(adherence_mpr(f, 2, d0, d0 + 39, &m, &err), 0);
	ck_assert(m.uncapped == 2.0 && m.capped == 1.0);
	ck_assert_int_eq(adherence_pdc(f, 2, d0, d0 + 39, &p, &err), 0);
	ck_assert(!p.eligible);		/* under 91 days */

	ck_assert_int_ne(adherence_pdc(f, 3, d0 + 200, d0 + 300, &p, &err), 0);
	ck_assert_int_eq(err.kind, ERR_NOT_FOUND);
}
END_TEST

START_TEST(test_streaks)
{
	struct adherence_day d[8] = { { 2, 2 }, { 2, 1 }, { 2, 2 }, { 0, 0 },
	    { 2, 2 }, { 1, 1 }, { 2, 2 }, { 2, 1 } };
	int cur, lon;

	adherence_streaks(d, 8, false, &cur, &lon);
	ck_assert_int_eq(cur, 0);
	ck_assert_int_eq(lon, 4);		/* days 2, 4, 5, 6 */
	adherence_streaks(d, 8, true, &cur, &lon);
	ck_assert_int_eq(cur, 4);
	adherence_streaks(d, 7, false, &cur, &lon);
	ck_assert_int_eq(cur, 4);
}
END_TEST

START_TEST(test_refills)
{
	struct adherence_refill r;
	int earliest;

	adherence_refill_forecast(45, 2, day("2026-05-01"), 3, 7, &r);
	ck_assert(r.days_left == 22.5);
	ck_assert_int_eq(r.runout_day, day("2026-05-23"));
	ck_assert_int_eq(r.refills_remaining, 3);
	ck_assert(!r.refill_soon);
	adherence_refill_forecast(10, 2, day("2026-05-01"), 0, 7, &r);
	ck_assert(r.refill_soon);
	adherence_refill_forecast(10, 0, day("2026-05-01"), 0, 7, &r);
	ck_assert(r.no_use);

	ck_assert(adherence_refill_too_soon(day("2026-01-01"), 30,
	    day("2026-01-20"), 80, &earliest));
	ck_assert_int_eq(earliest, day("2026-01-25"));
	ck_assert(!adherence_refill_too_soon(day("2026-01-01"), 30,
	    day("2026-01-25"), 80, &earliest));
}
END_TEST

START_TEST(test_periods)
{
	int a, b;

	adherence_period_bounds(ADH_WEEKLY, day("2026-03-08"), &a, &b);
	ck_assert_int_eq(a, day("2026-03-02"));
	ck_assert_int_eq(b, day("2026-03-08"));
	adherence_period_bounds(ADH_MONTHLY, day("2024-02-10"), &a, &b);
	ck_assert_int_eq(b, day("2024-02-29"));
	adherence_period_bounds(ADH_YEARLY, day("2024-02-10"), &a, &b);
	ck_assert_int_eq(b - a, 365);
}
END_TEST

static Suite *
domain_suite(void)
{
	Suite *s = suite_create("domain");
	TCase *t = tcase_create("time zones");
	TCase *sc = tcase_create("schedules");
	TCase *d = tcase_create("doses");
	TCase *a = tcase_create("adherence");

	tcase_add_test(t, test_dates_round_trip);
	tcase_add_test(t, test_zone_names_are_checked);
	tcase_add_test(t, test_new_york_spring_gap_shifts_forward);
	tcase_add_test(t, test_new_york_fall_back_takes_first);
	tcase_add_test(t, test_berlin_and_lord_howe);
	tcase_add_test(t, test_several_zones_at_once);
	suite_add_tcase(s, t);

	tcase_add_test(sc, test_spec_daily_times);
	tcase_add_test(sc, test_spec_every_kind);
	tcase_add_test(sc, test_spec_errors_say_what_and_show_an_example);
	tcase_add_test(sc, test_sixty_days_of_every_kind);
	tcase_add_test(sc, test_dst_days_keep_wall_times);
	tcase_add_test(sc, test_interval_doses_keep_wall_times_over_dst);
	tcase_add_test(sc, test_pauses_and_dates_bound_slots);
	tcase_add_test(sc, test_travel_follows_the_zone_of_each_day);
	suite_add_tcase(s, sc);

	tcase_add_test(d, test_states_and_grace);
	tcase_add_test(d, test_late_dose_goes_to_its_own_slot);
	tcase_add_test(d, test_describe_an_earlier_record);
	tcase_add_test(d, test_prn_limits_warn);
	tcase_add_test(d, test_undo_window);
	suite_add_tcase(s, d);

	tcase_add_test(a, test_pdc_pqa_vector);
	tcase_add_test(a, test_pdc_and_mpr_by_hand);
	tcase_add_test(a, test_streaks);
	tcase_add_test(a, test_refills);
	tcase_add_test(a, test_periods);
	suite_add_tcase(s, a);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(domain_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
