#include "config.h"

#include <check.h>
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "domain/bmi.h"
#include "ui/app.h"
#include "ui/calendar.h"
#include "ui/chart.h"
#include "ui/keys.h"
#include "ui/model.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/validate.h"

/* Whether a comes before b in s, both present. */
static bool
before(const char *s, const char *a, const char *b)
{
	const char *x = strstr(s, a), *y = strstr(s, b);

	return x != NULL && y != NULL && x < y;
}

/* Every test runs in C.UTF-8: D_FMT is %m/%d/%y and wcwidth knows CJK. */
static void
utf8_locale(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
}

START_TEST(test_every_action_has_a_key)
{
	const struct key_binding *t = keys_table();

	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		bool found = false;

		for (size_t i = 0; i < keys_count(); i++)
			found |= t[i].action == (enum action)a &&
			    t[i].keys[0] != 0;
		ck_assert_msg(found, "action %d has no key", a);
	}
	for (size_t i = 0; i < keys_count(); i++) {
		ck_assert_msg(t[i].label != NULL && t[i].label[0],
		    "row %zu has no label", i);
		ck_assert_msg(t[i].contexts != 0, "row %zu applies nowhere", i);
	}
}
END_TEST

/* A key means one thing in each context, or the table contradicts itself. */
START_TEST(test_no_key_is_bound_twice_in_a_context)
{
	const struct key_binding *t = keys_table();
	size_t n = keys_count(), slots = sizeof t[0].keys / sizeof t[0].keys[0];

	for (int ctx = 0; ctx < KC_COUNT; ctx++) {
		for (size_t i = 0; i < n; i++) {
			for (size_t k = 0; k < slots && t[i].keys[k]; k++) {
				int key = t[i].keys[k];

				if (!(t[i].contexts & KC_BIT(ctx)))
					continue;
				for (size_t j = i + 1; j < n; j++) {
					for (size_t l = 0; l < slots &&
					    t[j].keys[l]; l++)
						ck_assert_msg(!((t[j].contexts &
						    KC_BIT(ctx)) &&
						    t[j].keys[l] == key &&
						    t[j].action != t[i].action),
						    "key %d twice in context %d",
						    key, ctx);
				}
			}
		}
	}
}
END_TEST

START_TEST(test_key_lookups)
{
	ck_assert_int_eq(keys_action(KC_TODAY, 't'), ACT_TAKE);
	ck_assert_int_eq(keys_action(KC_REMINDER, 'z'), ACT_SNOOZE);
	ck_assert_int_eq(keys_action(KC_MEDS, 't'), ACT_NONE);
	ck_assert_int_eq(keys_action(KC_MEDS, 'j'), ACT_DOWN);
	ck_assert_int_eq(keys_action(KC_MEDS, KEY_FN(KEY_DOWN)), ACT_DOWN);
	ck_assert_int_eq(keys_action(KC_HELP, 'k'), ACT_UP);
	ck_assert_int_eq(keys_action(KC_TODAY, 'g'), ACT_TOP);
	ck_assert_int_eq(keys_action(KC_TODAY, 'G'), ACT_BOTTOM);
	ck_assert_int_eq(keys_action(KC_ADHERENCE, 'h'), ACT_EARLIER);
	ck_assert_int_eq(keys_action(KC_ADHERENCE, 'l'), ACT_LATER);
	ck_assert_int_eq(keys_action(KC_PROFILE, '3'), ACT_GO_INTERACTIONS);
	ck_assert_int_eq(keys_action(KC_TODAY, '\t'), ACT_NEXT_SCREEN);
	ck_assert_int_eq(keys_action(KC_TODAY, '/'), ACT_SEARCH);
	ck_assert_int_eq(keys_action(KC_MEDS, 'q'), ACT_QUIT);
	/* In a form, q is a letter: only ^C leaves from there. */
	ck_assert_int_eq(keys_action(KC_FORM, 'q'), ACT_NONE);
	ck_assert_int_eq(keys_action(KC_FORM, KEY_CTRL('c')), ACT_INTERRUPT);
	ck_assert_int_eq(keys_action(KC_FORM, KEY_FN(KEY_F(2))), ACT_SAVE);
	ck_assert_int_eq(keys_action(KC_FORM, '\r'), ACT_FIELD_NEXT);
	ck_assert_int_eq(keys_action(KC_MEDS, 'a'), ACT_ADD);
	ck_assert_int_eq(keys_action(KC_PROFILE, 'a'), ACT_ADD_ALLERGY);
	ck_assert_int_eq(keys_first(KC_TODAY, ACT_FOCUS_REMINDER), 'r');
}
END_TEST

START_TEST(test_key_names)
{
	char buf[64];
	const struct key_binding *t = keys_table();

	utf8_locale();
	keys_name(KEY_FN(KEY_UP), buf, sizeof buf);
	ck_assert_str_eq(buf, "Up");
	keys_name(KEY_CTRL('l'), buf, sizeof buf);
	ck_assert_str_eq(buf, "^L");
	keys_name('\t', buf, sizeof buf);
	ck_assert_str_eq(buf, "Tab");
	keys_name(KEY_FN(KEY_F(2)), buf, sizeof buf);
	ck_assert_str_eq(buf, "F2");
	keys_name(0x00e9, buf, sizeof buf);
	ck_assert_str_eq(buf, "\xc3\xa9");
	for (size_t i = 0; i < keys_count(); i++) {
		if (t[i].action == ACT_EDIT && (t[i].contexts & KC_BIT(KC_MEDS))) {
			/* "\n", "\r" and KEY_ENTER are one "Enter". */
			keys_names(&t[i], buf, sizeof buf);
			ck_assert_str_eq(buf, "e Enter");
		}
	}
}
END_TEST

START_TEST(test_hints_fit_and_put_the_screen_first)
{
	char buf[512];

	utf8_locale();
	keys_hints(KC_TODAY, 80, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "t take"));
	ck_assert_ptr_nonnull(strstr(buf, "q quit"));
	ck_assert(before(buf, "t take", "q quit"));
	ck_assert_int_le(text_width(buf), 80);
	keys_hints(KC_TODAY, 20, buf, sizeof buf);
	ck_assert_int_le(text_width(buf), 20);
	ck_assert_ptr_nonnull(strstr(buf, "t take"));
	ck_assert_ptr_null(strstr(buf, "quit"));
}
END_TEST

START_TEST(test_dates_follow_the_locale)
{
	char iso[11], why[128], out[32];

	utf8_locale();
	ck_assert_int_eq(valid_date("12/31/2026", iso, why, sizeof why), 0);
	ck_assert_str_eq(iso, "2026-12-31");
	ck_assert_int_eq(valid_date(" 3/8/26 ", iso, why, sizeof why), 0);
	ck_assert_str_eq(iso, "2026-03-08");
	ck_assert_int_eq(valid_date("2026-03-08", iso, why, sizeof why), 0);
	ck_assert_str_eq(iso, "2026-03-08");
	ck_assert_int_eq(valid_date("02/29/2024", iso, why, sizeof why), 0);
	ck_assert_int_eq(valid_date("02/29/2025", iso, why, sizeof why), -1);
	ck_assert_str_eq(why, "no such date");
	ck_assert_int_eq(valid_date("2026-02-30", iso, why, sizeof why), -1);
	ck_assert_int_eq(valid_date("31/12/2026", iso, why, sizeof why), -1);
	ck_assert_str_eq(why, "not a date; use MM/DD/YYYY");
	ck_assert_int_eq(valid_date("12/31/2026x", iso, why, sizeof why), -1);
	ck_assert_int_eq(valid_date("tomorrow", iso, why, sizeof why), -1);
	date_layout(out, sizeof out);
	ck_assert_str_eq(out, "MM/DD/YYYY");
	ck_assert_int_eq(date_to_locale("2026-03-08", out, sizeof out), 0);
	ck_assert_str_eq(out, "03/08/2026");
}
END_TEST

START_TEST(test_times_and_numbers)
{
	char hhmm[6], list[64], why[128], code[7];
	double d;
	long l;

	utf8_locale();
	ck_assert_int_eq(valid_time("8:05", hhmm, why, sizeof why), 0);
	ck_assert_str_eq(hhmm, "08:05");
	ck_assert_int_eq(valid_time("20.30", hhmm, why, sizeof why), 0);
	ck_assert_str_eq(hhmm, "20:30");
	ck_assert_int_eq(valid_time("24:00", hhmm, why, sizeof why), -1);
	ck_assert_int_eq(valid_time("12:60", hhmm, why, sizeof why), -1);
	ck_assert_int_eq(valid_time("7pm", hhmm, why, sizeof why), -1);
	ck_assert_int_eq(valid_time_list("20:00, 8:00", list, sizeof list, why,
	    sizeof why), 0);
	ck_assert_str_eq(list, "08:00,20:00");
	ck_assert_int_eq(valid_time_list("8:00 08:00", list, sizeof list, why,
	    sizeof why), -1);
	ck_assert_str_eq(why, "a time is given twice");
	ck_assert_int_eq(valid_time_list("8:00,x", list, sizeof list, why,
	    sizeof why), -1);
	ck_assert_int_eq(valid_number("72,5", 1, 650, &d, why, sizeof why), 0);
	ck_assert_double_eq(d, 72.5);
	ck_assert_int_eq(valid_number("0", 1, 650, &d, why, sizeof why), -1);
	ck_assert_str_eq(why, "a number from 1 to 650");
	ck_assert_int_eq(valid_number("nan", 1, 650, &d, why, sizeof why), -1);
	ck_assert_int_eq(valid_number("1e3", 1, 650, &d, why, sizeof why), -1);
	ck_assert_int_eq(valid_integer("272", 30, 272, &l, why, sizeof why), 0);
	ck_assert_int_eq(valid_integer("2.5", 30, 272, &l, why, sizeof why),
	    -1);
	ck_assert_int_eq(valid_integer("", 30, 272, &l, why, sizeof why), -1);
	ck_assert_int_eq(valid_required("  ", why, sizeof why), -1);
	ck_assert_int_eq(valid_required(" a ", why, sizeof why), 0);
	ck_assert_int_eq(valid_code("123 456", code, why, sizeof why), 0);
	ck_assert_str_eq(code, "123456");
	ck_assert_int_eq(valid_code("12345", code, why, sizeof why), -1);
	ck_assert_int_eq(valid_code("1234567", code, why, sizeof why), -1);
}
END_TEST

START_TEST(test_addresses_zones_phones)
{
	char why[128];

	utf8_locale();
	ck_assert_int_eq(valid_email("ana@example.org", why, sizeof why), 0);
	ck_assert_int_eq(valid_email("ana@example", why, sizeof why), -1);
	ck_assert_int_eq(valid_email("@example.org", why, sizeof why), -1);
	ck_assert_int_eq(valid_email("a b@example.org", why, sizeof why), -1);
	ck_assert_int_eq(valid_email("a@@example.org", why, sizeof why), -1);
	ck_assert_int_eq(valid_timezone("Europe/Madrid", why, sizeof why), 0);
	ck_assert_int_eq(valid_timezone("UTC", why, sizeof why), 0);
	ck_assert_int_eq(valid_timezone("Mars/Base", why, sizeof why), -1);
	ck_assert_int_eq(valid_timezone("../../etc/passwd", why, sizeof why),
	    -1);
	ck_assert_int_eq(valid_timezone("/etc/passwd", why, sizeof why), -1);
	ck_assert_int_eq(valid_phone("+34 (91) 555-01-23", why, sizeof why),
	    0);
	ck_assert_int_eq(valid_phone("555-CALL", why, sizeof why), -1);
	ck_assert_int_eq(valid_phone("12", why, sizeof why), -1);
	ck_assert_int_eq(valid_icd10("E11.9", why, sizeof why), 0);
	ck_assert_int_eq(valid_icd10("S72.001A", why, sizeof why), 0);
	ck_assert_int_eq(valid_icd10("J45", why, sizeof why), 0);
	ck_assert_int_eq(valid_icd10("e11", why, sizeof why), -1);
	ck_assert_str_eq(why, "like E11 or E11.9");
	ck_assert_int_eq(valid_icd10("E11.", why, sizeof why), -1);
	ck_assert_int_eq(valid_icd10("E119", why, sizeof why), -1);
}
END_TEST

START_TEST(test_width_is_counted_in_columns)
{
	char out[64];

	utf8_locale();
	ck_assert_int_eq(text_width("N\xc3\xba\xc3\xb1" "ez"), 5);
	/* 李小龍: three wide characters, two columns each. */
	ck_assert_int_eq(text_width("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d"), 6);
	/* e followed by a combining acute accent is one column. */
	ck_assert_int_eq(text_width("e\xcc\x81"), 1);
	ck_assert_int_eq(text_width("a\xff" "b"), 3);
	ck_assert_int_eq(text_fit("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d", 3,
	    false, out, sizeof out), 2);
	ck_assert_str_eq(out, "\xe6\x9d\x8e");
	ck_assert_int_eq(text_fit("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d", 5,
	    true, out, sizeof out), 5);
	ck_assert_str_eq(out, "\xe6\x9d\x8e\xe5\xb0\x8f\xe2\x80\xa6");
	ck_assert_int_eq(text_fit("N\xc3\xba\xc3\xb1" "ez", 5, true, out,
	    sizeof out), 5);
	ck_assert_str_eq(out, "N\xc3\xba\xc3\xb1" "ez");
	ck_assert_int_eq(text_fit("tab\there", 20, false, out, sizeof out), 8);
	ck_assert_str_eq(out, "tab?here");
	/* A buffer too small cuts at a character, never inside one. */
	ck_assert_int_eq(text_fit("\xc3\xba\xc3\xba\xc3\xba", 10, false, out,
	    4), 1);
	ck_assert_str_eq(out, "\xc3\xba");
}
END_TEST

START_TEST(test_wrap_and_search)
{
	struct text_line lines[8];
	const char *s = "Avoid the pair; prefer paracetamol for pain.";

	utf8_locale();
	/* "Avoid the pair;" / "prefer" / "paracetamol for" / "pain." */
	ck_assert_int_eq(text_wrap(s, 16, lines, 8), 4);
	ck_assert_int_eq((int)lines[0].len, 15);
	ck_assert_int_eq((int)lines[1].len, 6);
	ck_assert_int_eq(strncmp(s + lines[2].start, "paracetamol for", 15), 0);
	ck_assert_int_eq((int)lines[2].len, 15);
	ck_assert_int_eq(text_wrap("abcdefghij", 4, lines, 8), 3);
	ck_assert_int_eq((int)lines[2].len, 2);
	ck_assert_int_eq(text_wrap("one\ntwo", 40, lines, 8), 2);
	ck_assert(text_contains("Ana N\xc3\xba\xc3\xb1" "ez", "N\xc3\x9a\xc3\x91"));
	ck_assert(text_contains("Warfarin 5 mg", "FARIN"));
	ck_assert(!text_contains("Warfarin", "aspirin"));
	ck_assert(text_contains("anything", ""));
}
END_TEST

START_TEST(test_chart_scaling)
{
	ck_assert_int_eq(chart_bar_eighths(0, 8), 0);
	ck_assert_int_eq(chart_bar_eighths(-1, 8), 0);
	ck_assert_int_eq(chart_bar_eighths(100, 8), 64);
	ck_assert_int_eq(chart_bar_eighths(150, 8), 64);
	ck_assert_int_eq(chart_bar_eighths(50, 8), 32);
	ck_assert_int_eq(chart_bar_eighths(0.1, 8), 1);
	ck_assert_int_eq(chart_bar_eighths(50, 0), 0);
	ck_assert_int_eq(chart_heat_level(-1), 0);
	ck_assert_int_eq(chart_heat_level(0), 1);
	ck_assert_int_eq(chart_heat_level(49.9), 1);
	ck_assert_int_eq(chart_heat_level(50), 2);
	ck_assert_int_eq(chart_heat_level(79.9), 2);
	ck_assert_int_eq(chart_heat_level(80), 3);
	ck_assert_int_eq(chart_heat_level(99.9), 3);
	ck_assert_int_eq(chart_heat_level(100), 4);
	ck_assert_int_eq(chart_bars_fit(75, 3), 25);
	ck_assert_int_eq(chart_bars_fit(2, 3), 0);
}
END_TEST

START_TEST(test_day_lookup_survives_gaps)
{
	struct ui_model m;
	long day;

	ui_model_init(&m);
	strcpy(ui_model_add_day(&m)->start, "2026-03-01");
	m.adherence.days[0].percent = 10;
	strcpy(ui_model_add_day(&m)->start, "2026-03-02");
	m.adherence.days[1].percent = 20;
	strcpy(ui_model_add_day(&m)->start, "2026-03-05");
	m.adherence.days[2].percent = 50;
	ck_assert(cal_from_iso("2026-03-02", &day));
	ck_assert_double_eq(chart_day_percent(&m.adherence, day), 20);
	ck_assert(cal_from_iso("2026-03-05", &day));
	ck_assert_double_eq(chart_day_percent(&m.adherence, day), 50);
	ck_assert(cal_from_iso("2026-03-03", &day));
	ck_assert_double_eq(chart_day_percent(&m.adherence, day), -1);
	ui_model_free(&m);
}
END_TEST

START_TEST(test_calendar)
{
	char iso[11];
	long day;
	int y, m, d;

	ck_assert_int_eq(cal_days(1970, 1, 1), 0);
	ck_assert_int_eq(cal_weekday(cal_days(2026, 3, 8)), 0);
	ck_assert_int_eq(cal_weekday(cal_days(2000, 1, 1)), 6);
	ck_assert_int_eq(cal_month_days(2024, 2), 29);
	ck_assert_int_eq(cal_month_days(2100, 2), 28);
	ck_assert_int_eq(cal_month_days(2026, 12), 31);
	for (long t = cal_days(1899, 12, 25); t < cal_days(2101, 1, 5); t++) {
		cal_split(t, &y, &m, &d);
		ck_assert_int_eq(cal_days(y, m, d), t);
	}
	cal_to_iso(cal_days(2026, 2, 28) + 1, iso);
	ck_assert_str_eq(iso, "2026-03-01");
	ck_assert(!cal_from_iso("2026-02-29", &day));
	ck_assert(!cal_from_iso("2026-3-1", &day));
}
END_TEST

START_TEST(test_findings_sort_most_severe_first)
{
	struct ui_findings f;
	static const struct { int sev; const char *kind, *drugs; } rows[] = {
		{ UI_SEV_MINOR, "DF", "c" }, { UI_SEV_MAJOR, "TD", "a" },
		{ UI_SEV_MODERATE, "DD", "b" }, { UI_SEV_MAJOR, "DD", "z" },
	};

	memset(&f, 0, sizeof f);
	for (size_t i = 0; i < 4; i++) {
		struct ui_finding *x = ui_findings_add(&f);

		x->severity = (enum ui_severity)rows[i].sev;
		strcpy(x->kind, rows[i].kind);
		strcpy(x->drugs, rows[i].drugs);
	}
	ck_assert(ui_findings_have_major(&f));
	ui_findings_sort(&f);
	/* At one severity the duplication (TD) comes after the others. */
	ck_assert_str_eq(f.items[0].drugs, "z");
	ck_assert_str_eq(f.items[1].drugs, "a");
	ck_assert_str_eq(f.items[2].drugs, "b");
	ck_assert_str_eq(f.items[3].drugs, "c");
	ui_findings_free(&f);
	ck_assert(!ui_findings_have_major(&f));
}
END_TEST

START_TEST(test_bmi)
{
	double bmi;

	ck_assert_int_eq(bmi_compute(170, 70, &bmi), 0);
	ck_assert_double_eq_tol(bmi, 24.2, 1e-9);
	ck_assert_int_eq(bmi_classify(bmi), BMI_HEALTHY);
	ck_assert_int_eq(bmi_classify(18.4), BMI_UNDERWEIGHT);
	ck_assert_int_eq(bmi_classify(25), BMI_OVERWEIGHT);
	ck_assert_int_eq(bmi_classify(30), BMI_OBESE);
	ck_assert_int_eq(bmi_compute(0, 70, &bmi), -1);
	ck_assert_int_eq(bmi_compute(170, 0, &bmi), -1);
}
END_TEST

/*
 * Drawing checks: a real curses screen writing to /dev/null, screens drawn
 * into a window from a view model, and the window's text read back.
 */
static SCREEN *term;
static FILE *term_out, *term_in;

static void
start_curses(void)
{
	utf8_locale();
	term_out = fopen("/dev/null", "w");
	term_in = fopen("/dev/null", "r");
	ck_assert_ptr_nonnull(term_out);
	term = newterm("xterm-256color", term_out, term_in);
	ck_assert_ptr_nonnull(term);
}

/*
 * The screen is left to the end of the test's process, as the program
 * does: delscreen would not free the panel library's pseudo-panel.
 */
static void
stop_curses(void)
{
	endwin();
	term = NULL;
}

static char *
window_text(WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	char *text, *at;

	ck_assert(rows > 0 && cols > 0);
	text = calloc((size_t)rows, (size_t)cols * 4 + 2);
	ck_assert_ptr_nonnull(text);
	at = text;

	for (int y = 0; y < rows; y++) {
		mvwinnstr(w, y, 0, at, cols * 4);
		at += strlen(at);
		*at++ = '\n';
	}
	return text;
}

static const struct ui_services no_services = { .wake_fd = -1 };

START_TEST(test_help_lists_every_key)
{
	struct app app;
	struct clock c = clock_fixed(1772900000);
	const struct key_binding *t = keys_table();
	WINDOW *w;
	char *text;

	start_curses();
	app_init(&app, &no_services, &c, 15 * 60);
	w = newwin(200, 100, 0, 0);
	screen_help.draw(&app, w);
	text = window_text(w);
	for (size_t i = 0; i < keys_count(); i++) {
		char names[128];

		keys_names(&t[i], names, sizeof names);
		ck_assert_msg(strstr(text, t[i].label) != NULL,
		    "help lacks \"%s\"", t[i].label);
		ck_assert_msg(strstr(text, names) != NULL,
		    "help lacks the keys \"%s\"", names);
	}
	free(text);
	delwin(w);
	app_free(&app);
	stop_curses();
}
END_TEST

static void
add_dose(struct ui_model *m, const char *time, const char *name,
    enum ui_dose_state state, bool overdue)
{
	struct ui_dose *d = ui_model_add_dose(m);

	strcpy(d->time, time);
	strcpy(d->medication, name);
	strcpy(d->amount, "1 tablet");
	d->state = state;
	d->overdue = overdue;
}

START_TEST(test_today_draws_doses_in_time_order)
{
	struct app app;
	struct clock c = clock_fixed(1772900000);
	WINDOW *w;
	char *text;

	start_curses();
	app_init(&app, &no_services, &c, 15 * 60);
	app.model.has_person = true;
	strcpy(app.model.today, "2026-03-08");
	add_dose(&app.model, "20:00", "Metformin 500 mg", UI_DOSE_DUE, false);
	add_dose(&app.model, "08:00", "Warfarin 5 mg", UI_DOSE_DUE, true);
	add_dose(&app.model, "07:30",
	    "\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d drops with a long name that does not fit",
	    UI_DOSE_TAKEN, false);
	strcpy(app.model.doses[2].actual, "07:41");
	ui_model_sort_doses(&app.model);
	w = newwin(20, 80, 0, 0);
	screen_today.draw(&app, w);
	text = window_text(w);
	ck_assert_ptr_nonnull(strstr(text, "Today, 03/08/2026"));
	ck_assert_ptr_nonnull(strstr(text, "1 of 3 taken"));
	ck_assert(before(text, "07:30", "08:00"));
	ck_assert(before(text, "08:00", "20:00"));
	ck_assert_ptr_nonnull(strstr(text, "!08:00 Warfarin"));
	ck_assert_ptr_nonnull(strstr(text, "OVERDUE"));
	ck_assert_ptr_nonnull(strstr(text, "taken 07:41"));
	/* The wide name is cut by columns, with an ellipsis, in its column. */
	ck_assert_ptr_nonnull(strstr(text, "\xe6\x9d\x8e\xe5\xb0\x8f"));
	ck_assert_ptr_nonnull(strstr(text, "\xe2\x80\xa6 1 tablet"));
	free(text);
	delwin(w);
	app_free(&app);
	stop_curses();
}
END_TEST

/*
 * The interface's side of the services contract.  These callbacks stand in
 * for the services the wiring phase brings (no store is involved); they
 * record what the screens ask of them.
 */
static struct {
	int calls;
	int64_t dose;
	enum ui_dose_action act;
	int minutes;
	int locks, unlocks;
	bool confirmed;
	char email[256], password[256], code[8];
} seen;

static int
fake_dose_action(void *ctx, int64_t dose, enum ui_dose_action act,
    int minutes, bool confirmed, enum ui_dose_done *done, struct error *err)
{
	(void)ctx;
	*done = UI_DOSE_RECORDED;
	seen.calls++;
	seen.dose = dose;
	seen.act = act;
	seen.minutes = minutes;
	seen.confirmed = confirmed;
	/* Dose 12 is recorded already: the screen must ask first. */
	if (dose == 12 && !confirmed) {
		error_set(err, ERR_CONFLICT,
		    "this dose is already recorded: taken at 20:02, recorded by alex@example.org");
		return -1;
	}
	return 0;
}

static void
fake_lock(void *ctx)
{
	(void)ctx;
	seen.locks++;
}

static int
fake_unlock(void *ctx, const char *password, struct error *err)
{
	(void)ctx;
	if (strcmp(password, "right horse") != 0) {
		error_set(err, ERR_DENIED, "wrong password");
		return -1;
	}
	seen.unlocks++;
	return 0;
}

static int
fake_login(void *ctx, const struct ui_login *in,
    enum ui_login_result *result, struct error *err)
{
	(void)ctx;
	(void)err;
	seen.calls++;
	strcpy(seen.email, in->email);
	strcpy(seen.password, in->password);
	strcpy(seen.code, in->code);
	*result = in->code[0] ? UI_LOGIN_OK : UI_LOGIN_NEED_CODE;
	return 0;
}

static void
type(struct app *app, const char *text)
{
	for (const char *p = text; *p; p++)
		app_key(app, (unsigned char)*p);
}

/* The whole terminal as last drawn, one row per line. */
static char *
screen_text(void)
{
	return window_text(curscr);
}

static void
start_app(struct app *app, const struct ui_services *svc)
{
	static struct clock c;

	c = clock_fixed(1772900000);
	start_curses();
	memset(&seen, 0, sizeof seen);
	app_init(app, svc, &c, 15 * 60);
	app->body = newwin(LINES - 4, COLS, 2, 0);
	app->model.has_person = true;
	strcpy(app->model.today, "2026-03-08");
	add_dose(&app->model, "08:00", "Warfarin 5 mg", UI_DOSE_DUE, true);
	add_dose(&app->model, "20:00", "Metformin 500 mg", UI_DOSE_DUE, false);
	app->model.doses[0].id = 11;
	app->model.doses[1].id = 12;
}

static void
stop_app(struct app *app)
{
	delwin(app->body);
	app->body = NULL;
	app_free(app);
	stop_curses();
}

START_TEST(test_reminder_waits_for_r)
{
	struct ui_services svc = { .wake_fd = -1,
	    .dose_action = fake_dose_action };
	struct ui_reminder due = { .dose_id = 99, .time = "08:00",
	    .medication = "Lisinopril 10 mg", .amount = "1 tablet" };
	struct app app;
	char *text;

	start_app(&app, &svc);
	app_remind(&app, &due, 1);
	app_render(&app);
	text = screen_text();
	ck_assert_ptr_nonnull(strstr(text, "Lisinopril 10 mg"));
	ck_assert_ptr_nonnull(strstr(text, "r: answer"));
	free(text);
	/* The screen keeps the keyboard: j moves Today, t takes its dose. */
	app_key(&app, 'j');
	ck_assert_int_eq(app.lists[SCR_TODAY].sel, 1);
	app_key(&app, 't');
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_int_eq(seen.dose, 12);
	ck_assert_int_eq(app.popup.n, 1);
	/* It was recorded already: what is recorded is said, and asked. */
	ck_assert_int_eq(app.prompt.kind, PROMPT_YESNO);
	ck_assert_ptr_nonnull(strstr(app.prompt.question,
	    "taken at 20:02, recorded by alex@example.org"));
	app_key(&app, 'y');
	ck_assert_int_eq(seen.calls, 2);
	ck_assert(seen.confirmed);
	/* After r the keys go to the pop-up: z then 10 minutes. */
	app_key(&app, 'r');
	ck_assert(app.popup.focused);
	app_key(&app, 'z');
	ck_assert(app.chooser.open);
	app_render(&app);
	app_key(&app, 'j');
	app_key(&app, '\n');
	ck_assert_int_eq(seen.calls, 3);
	ck_assert_int_eq(seen.dose, 99);
	ck_assert_int_eq(seen.act, UI_ACT_SNOOZE);
	ck_assert_int_eq(seen.minutes, 10);
	ck_assert_int_eq(app.popup.n, 0);
	ck_assert(!app.popup.focused);
	stop_app(&app);
}
END_TEST

START_TEST(test_lock_hides_everything_until_unlocked)
{
	struct ui_services svc = { .wake_fd = -1, .lock = fake_lock,
	    .unlock = fake_unlock };
	struct ui_reminder due = { .dose_id = 5, .time = "09:00",
	    .medication = "Secret-drug 1 mg" };
	struct app app;
	char *text;

	start_app(&app, &svc);
	app_key(&app, 'L');
	ck_assert_int_eq(seen.locks, 1);
	ck_assert_int_eq(app.mode, MODE_LOCKED);
	app_remind(&app, &due, 1);
	app_render(&app);
	text = screen_text();
	ck_assert_ptr_nonnull(strstr(text, "PrescripCare is locked"));
	ck_assert_ptr_nonnull(strstr(text, "1 reminder is waiting"));
	ck_assert_ptr_null(strstr(text, "Warfarin"));
	ck_assert_ptr_null(strstr(text, "Secret-drug"));
	free(text);
	type(&app, "wrong\n");
	ck_assert_int_eq(app.mode, MODE_LOCKED);
	ck_assert_str_eq(app.status, "wrong password");
	app_render(&app);
	text = screen_text();
	ck_assert_ptr_null(strstr(text, "wrong\n"));
	free(text);
	type(&app, "right horse\n");
	ck_assert_int_eq(seen.unlocks, 1);
	ck_assert_int_eq(app.mode, MODE_MAIN);
	stop_app(&app);
}
END_TEST

START_TEST(test_sign_in_asks_for_the_code_when_needed)
{
	struct ui_services svc = { .wake_fd = -1, .login = fake_login };
	struct app app;
	char *text;

	start_app(&app, &svc);
	screen_login_start(&app);
	type(&app, "not-an-address\tpw");
	app_key(&app, KEY_FN(KEY_F(2)));
	ck_assert_int_eq(seen.calls, 0);
	ck_assert_str_eq(app.form.why[0], "not an e-mail address");
	/* The refusal put the cursor on the wrong field. */
	ck_assert_int_eq(app.form.current, 0);
	app_key(&app, KEY_CTRL('u'));
	type(&app, "ada@example.org");
	app_key(&app, KEY_FN(KEY_F(2)));
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_str_eq(seen.email, "ada@example.org");
	ck_assert_str_eq(seen.password, "pw");
	ck_assert_str_eq(seen.code, "");
	ck_assert_int_eq(app.mode, MODE_LOGIN);
	app_render(&app);
	text = screen_text();
	ck_assert_ptr_nonnull(strstr(text, "Code from your app"));
	ck_assert_ptr_null(strstr(text, " pw"));
	free(text);
	type(&app, "123 456");
	app_key(&app, KEY_FN(KEY_F(2)));
	ck_assert_int_eq(seen.calls, 2);
	ck_assert_str_eq(seen.code, "123456");
	ck_assert_int_eq(app.mode, MODE_MAIN);
	ck_assert(!app.form_open);
	stop_app(&app);
}
END_TEST

static struct {
	int screens, saves;
	struct ui_med_draft draft;
	struct ui_override ovr;
	bool had_override;
	enum ui_severity severity;
} med;

static int
fake_screen(void *ctx, const struct ui_med_draft *d, struct ui_findings *out,
    struct error *err)
{
	struct ui_finding *f = ui_findings_add(out);

	(void)ctx;
	(void)err;
	med.screens++;
	f->severity = med.severity;
	strcpy(f->kind, "DD");
	snprintf(f->drugs, sizeof f->drugs, "%s + Ibuprofen", d->drug);
	strcpy(f->effect, "a higher risk of bleeding");
	return 0;
}

static int
fake_save(void *ctx, const struct ui_med_draft *d,
    const struct ui_override *ovr, struct error *err)
{
	(void)ctx;
	(void)err;
	med.saves++;
	med.draft = *d;
	med.had_override = ovr != NULL;
	if (ovr != NULL)
		med.ovr = *ovr;
	return 0;
}

static const struct ui_services med_services = { .wake_fd = -1,
    .screen_medication = fake_screen, .save_medication = fake_save };

/*
 * Starts the app, and adds a medication whose screening finds one
 * finding of the given severity: drug, strength, (form), times, F2.
 */
static void
add_medication(struct app *app, enum ui_severity severity)
{
	start_app(app, &med_services);
	memset(&med, 0, sizeof med);
	med.severity = severity;
	app_key(app, '2');
	app_key(app, 'a');
	ck_assert(app->form_open);
	type(app, "Warfarin\t5 mg\t\t8:00\t");
	app_key(app, KEY_FN(KEY_F(2)));
}

START_TEST(test_major_finding_needs_an_override)
{
	struct app app;
	char *text;

	add_medication(&app, UI_SEV_MAJOR);
	ck_assert_int_eq(med.screens, 1);
	ck_assert_int_eq(med.saves, 0);
	ck_assert_int_eq(app.form.purpose, FP_OVERRIDE);
	ck_assert(app.parked_open);
	app_render(&app);
	text = screen_text();
	ck_assert_ptr_nonnull(strstr(text, "override with NCPDP codes"));
	ck_assert_ptr_nonnull(strstr(text, "Warfarin + Ibuprofen"));
	free(text);
	/* Saving without choosing the codes is refused. */
	app_key(&app, KEY_FN(KEY_F(2)));
	ck_assert_int_eq(med.saves, 0);
	ck_assert_str_eq(app.form.why[0], "choose one");
	ck_assert_str_eq(app.form.why[1], "choose one");
	/* M0 prescriber consulted, 1B filled as is, and a reason. */
	app_key(&app, ' ');
	app_key(&app, '\t');
	app_key(&app, ' ');
	app_key(&app, ' ');
	app_key(&app, '\t');
	type(&app, "INR checked weekly");
	app_key(&app, KEY_FN(KEY_F(2)));
	ck_assert_int_eq(med.saves, 1);
	ck_assert(med.had_override);
	ck_assert_str_eq(med.ovr.conflict, "DD");
	ck_assert_str_eq(med.ovr.service, "M0");
	ck_assert_str_eq(med.ovr.result, "1B");
	ck_assert_str_eq(med.ovr.note, "INR checked weekly");
	ck_assert_str_eq(med.draft.drug, "Warfarin");
	ck_assert_str_eq(med.draft.times, "08:00");
	ck_assert_str_eq(med.draft.start_date, "2026-03-08");
	ck_assert(!app.form_open);
	ck_assert(!app.parked_open);
	stop_app(&app);
}
END_TEST

START_TEST(test_lesser_findings_are_shown_and_asked)
{
	struct app app;
	char *text;

	add_medication(&app, UI_SEV_MODERATE);
	ck_assert(app.reviewing);
	ck_assert_int_eq(app.prompt.kind, PROMPT_YESNO);
	app_render(&app);
	text = screen_text();
	ck_assert_ptr_nonnull(strstr(text, "found 1 finding; nothing is saved"));
	ck_assert_ptr_nonnull(strstr(text, "moderate"));
	free(text);
	/* No: back to the form as typed, nothing saved. */
	app_key(&app, 'n');
	ck_assert_int_eq(med.saves, 0);
	ck_assert(app.form_open);
	ck_assert_str_eq(app.form.value[0], "Warfarin");
	app_key(&app, KEY_FN(KEY_F(2)));
	app_key(&app, 'y');
	ck_assert_int_eq(med.saves, 1);
	ck_assert(!med.had_override);
	ck_assert(!app.form_open);
	stop_app(&app);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ui");
	TCase *keys = tcase_create("keys");
	TCase *input = tcase_create("input");
	TCase *text = tcase_create("text");
	TCase *charts = tcase_create("charts");
	TCase *draw = tcase_create("draw");
	SRunner *sr;
	int failed;

	tcase_add_test(keys, test_every_action_has_a_key);
	tcase_add_test(keys, test_no_key_is_bound_twice_in_a_context);
	tcase_add_test(keys, test_key_lookups);
	tcase_add_test(keys, test_key_names);
	tcase_add_test(keys, test_hints_fit_and_put_the_screen_first);
	tcase_add_test(input, test_dates_follow_the_locale);
	tcase_add_test(input, test_times_and_numbers);
	tcase_add_test(input, test_addresses_zones_phones);
	tcase_add_test(text, test_width_is_counted_in_columns);
	tcase_add_test(text, test_wrap_and_search);
	tcase_add_test(charts, test_chart_scaling);
	tcase_add_test(charts, test_day_lookup_survives_gaps);
	tcase_add_test(charts, test_calendar);
	tcase_add_test(charts, test_findings_sort_most_severe_first);
	tcase_add_test(charts, test_bmi);
	tcase_add_test(draw, test_help_lists_every_key);
	tcase_add_test(draw, test_today_draws_doses_in_time_order);
	tcase_add_test(draw, test_reminder_waits_for_r);
	tcase_add_test(draw, test_lock_hides_everything_until_unlocked);
	tcase_add_test(draw, test_sign_in_asks_for_the_code_when_needed);
	tcase_add_test(draw, test_major_finding_needs_an_override);
	tcase_add_test(draw, test_lesser_findings_are_shown_and_asked);
	suite_add_tcase(s, keys);
	suite_add_tcase(s, input);
	suite_add_tcase(s, text);
	suite_add_tcase(s, charts);
	suite_add_tcase(s, draw);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
