#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/care.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/date.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "service/access.h"
#include "service/meds.h"
#include "service/health.h"

#define TAKE_USAGE "take MED [--at TIME] [--amount A] [--partial] [--with-food|--without-food] [--confirm]"
#define SKIP_USAGE "skip MED --reason R [--at TIME] [--confirm]"
#define SNOOZE_USAGE "snooze MED [--minutes 5|10|30]"

static const char *
weekday_name(int day)
{
	static const char *const names[] = {
		N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
		N_("Friday"), N_("Saturday"), N_("Sunday")
	};

	return _(names[date_weekday(day)]);
}

/* today --------------------------------------------------------------- */

/* How many as-needed doses of a medication the day's list holds. */
static int
prn_taken(const struct doses_day *d, int64_t medication_id)
{
	int n = 0;

	for (size_t i = 0; i < d->n; i++) {
		if (d->items[i].recorded &&
		    d->items[i].slot.medication_id == medication_id)
			n++;
	}
	return n;
}

static void
print_item(struct care *c, const struct doses_day *d,
    const struct doses_item *it, const struct store_med *m,
    const struct tz *tz)
{
	char label[256], amount[96], when[8] = "", what[256] = "";

	care_med_label(m, label, sizeof label);
	care_format_amount(it->dose.rec.amount > 0 ? it->dose.rec.amount :
	    it->slot.amount, it->slot.unit, m->dosage_form, amount,
	    sizeof amount);
	if (it->slot.at != 0)
		tz_format_hhmm(tz, it->slot.at, when, sizeof when);
	if (it->recorded)
		care_describe(c, &it->dose, tz, what, sizeof what);
	else if (it->prn)
		snprintf(what, sizeof what, _("%d taken today"),
		    prn_taken(d, it->slot.medication_id));
	if (it->prn && !it->recorded)
		printf("  %-5s  %-10s %-30s %-12s %s\n", "", _("as needed"),
		    label, amount, what);
	else
		printf("  %-5s  %-10s %-30s %-12s %s\n", when,
		    care_state_word(it->state), label, amount, what);
}

static int
print_today(struct care *c, int day, struct error *err)
{
	const struct tz *tz;
	struct care_meds meds;
	struct doses_day d;
	char date[DATE_TEXT_SIZE];

	if (doses_today(&c->ctx, c->person, day, &d, err) != 0)
		return -1;
	if ((tz = care_zone(c, d.zone, err)) == NULL ||
	    care_meds_load(c, &meds, err) != 0) {
		doses_day_free(&d);
		return -1;
	}
	date_format(day, date);
	printf(_("%s, %s %s (%s)\n"), c->person_name, weekday_name(day), date,
	    d.zone);
	if (d.n == 0)
		printf(_("  No doses are scheduled.\n"));
	for (size_t i = 0; i < d.n; i++) {
		const struct store_med *m = care_meds_find(&meds,
		    d.items[i].slot.medication_id);

		if (m != NULL)
			print_item(c, &d, &d.items[i], m, tz);
	}
	care_meds_free(&meds);
	doses_day_free(&d);
	return 0;
}

int
cmd_today(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct care c;
	int day = SCHED_NO_START, rc;

	if (argc == 3 && strcmp(argv[1], "--date") == 0) {
		if (care_parse_day("--date", argv[2], &day, err) != 0)
			return -1;
	} else if (argc != 1) {
		return cli_usage_error(err, "today [--date DATE]");
	}
	if (care_open(cli, PERM_VIEW, CARE_DOSES_TABLE, &c, err) != 0)
		return -1;
	rc = day == SCHED_NO_START ? care_today(&c, &day, err) : 0;
	if (rc == 0)
		rc = print_today(&c, day, err);
	care_close(&c);
	return rc;
}

/* take, skip, snooze ----------------------------------------------------- */

/* What one of the recording commands was given. */
struct dose_args {
	const char *usage;
	enum dose_status status;
	const char *med;
	struct care_time at;
	double amount;
	int with_food;			/* 1, 0, or -1 when not said */
	const char *reason;
	long minutes;
	bool confirm;
};

static int
parse_amount(const char *text, double *amount, struct error *err)
{
	if (str_to_double(text, amount) == 0 && *amount > 0 &&
	    *amount <= 10000)
		return 0;
	error_set(err, ERR_USAGE,
	    _("--amount takes how much was taken in the dose's unit, above 0 and at most 10000, such as 1 or 0.5; not \"%s\""),
	    text);
	return -1;
}

static int
parse_food(int with, struct dose_args *a, struct error *err)
{
	if (a->with_food >= 0 && a->with_food != with) {
		error_set(err, ERR_USAGE,
		    _("--with-food and --without-food contradict each other; give one"));
		return -1;
	}
	a->with_food = with;
	return 0;
}

static int
parse_minutes(const char *text, long *minutes, struct error *err)
{
	if (str_to_long(text, minutes) == 0 &&
	    (*minutes == 5 || *minutes == 10 || *minutes == 30))
		return 0;
	error_set(err, ERR_USAGE,
	    _("--minutes takes 5, 10 or 30, not \"%s\""), text);
	return -1;
}

static int
dose_option(int c, char **argv, struct dose_args *a, struct error *err)
{
	switch (c) {
	case 't':
		return care_parse_time("--at", optarg, &a->at, err);
	case 'a':
		return parse_amount(optarg, &a->amount, err);
	case 'p':
		a->status = DOSE_PARTIAL;
		return 0;
	case 'f':
		return parse_food(1, a, err);
	case 'n':
		return parse_food(0, a, err);
	case 'c':
		a->confirm = true;
		return 0;
	case 'r':
		a->reason = optarg;
		return 0;
	case 'm':
		return parse_minutes(optarg, &a->minutes, err);
	}
	return care_option_error(c, argv, a->usage, err);
}

static int
check_dose_args(const struct dose_args *a, struct error *err)
{
	if (care_check_text("--reason", a->reason, 500,
	    a->status == DOSE_SKIPPED ? a->usage : NULL, err) != 0)
		return -1;
	if (a->status == DOSE_PARTIAL && a->amount == 0) {
		error_set(err, ERR_USAGE,
		    _("--partial needs --amount to say how much was taken"));
		return -1;
	}
	return 0;
}

static int
parse_dose(int argc, char **argv, const struct option *opts,
    struct dose_args *a, struct error *err)
{
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (dose_option(c, argv, a, err) != 0)
			return -1;
	}
	if (optind + 1 != argc)
		return cli_usage_error(err, a->usage);
	a->med = argv[optind];
	return check_dose_args(a, err);
}

static void
dose_args_init(struct dose_args *a, const char *usage,
    enum dose_status status)
{
	memset(a, 0, sizeof *a);
	a->usage = usage;
	a->status = status;
	a->with_food = -1;
}

/* The medication to record a dose of, refused when it gives no doses. */
static int
recordable_med(struct care *c, const char *name, struct store_med *med,
    struct error *err)
{
	char label[256];

	if (care_find_med(c, name, med, err) != 0)
		return -1;
	if (med->status == MED_ACTIVE)
		return 0;
	care_med_label(med, label, sizeof label);
	if (med->status == MED_PAUSED)
		error_set(err, ERR_INVALID,
		    _("%s is paused, so no dose is due; \"prescripcare med resume %s\" resumes it"),
		    label, med->drug_name);
	else
		error_set(err, ERR_INVALID,
		    _("%s is stopped; no more doses of it are recorded"), label);
	return -1;
}

static int
fill_request(struct care *c, const struct dose_args *a,
    const struct store_med *med, struct doses_request *req,
    struct error *err)
{
	memset(req, 0, sizeof *req);
	req->person_id = c->person;
	req->medication_id = med->medication_id;
	req->status = a->status;
	req->amount = a->amount;
	req->taken_with_food = a->with_food;
	req->snooze_minutes = (int)a->minutes;
	req->confirmed = a->confirm;
	if (a->at.given) {
		if (care_time_instant(c, &a->at, &req->actual_at, err) != 0)
			return -1;
		if (req->actual_at > clock_now(c->ctx.clock) + 60) {
			error_set(err, ERR_USAGE,
			    _("--at is later than now; a dose is recorded once it has happened"));
			return -1;
		}
	}
	return 0;
}

/* The slot's own words: "Metformin 500 mg, the 08:00 dose of 2026-03-10". */
static void
slot_words(const struct store_med *med, const struct doses_outcome *out,
    const struct tz *tz, char *buf, size_t size)
{
	char label[256], when[8], date[DATE_TEXT_SIZE];

	care_med_label(med, label, sizeof label);
	if (out->prn) {
		snprintf(buf, size, _("%s (as needed)"), label);
		return;
	}
	tz_format_hhmm(tz, out->slot_at, when, sizeof when);
	date_format(out->slot_day, date);
	snprintf(buf, size, _("%s, the %s dose of %s"), label, when, date);
}

static void
print_recorded(struct care *c, const struct store_med *med,
    const struct doses_outcome *out, const struct tz *tz)
{
	struct store_dose d;
	struct error ignored;
	char slot[384], what[256] = "";

	slot_words(med, out, tz, slot, sizeof slot);
	if (store_dose_get(c->st, out->event_id, &d, &ignored) == 0)
		care_describe(c, &d, tz, what, sizeof what);
	printf("%s: %s.\n", slot, what);
	if (out->replaced)
		printf(_("This replaces what was recorded before.\n"));
	if (out->retrospective)
		printf(_("It is marked as recorded after the fact.\n"));
	if (out->prn && out->prn_check.warning[0] != '\0')
		fprintf(stderr, _("prescripcare: warning: %s\n"),
		    out->prn_check.warning);
}

/* Rewrites a refusal for a dose already recorded with what to do. */
static void
explain_conflict(const struct store_med *med, const struct doses_outcome *out,
    const struct tz *tz, struct error *err)
{
	char slot[384];

	slot_words(med, out, tz, slot, sizeof slot);
	error_set(err, ERR_CONFLICT,
	    _("%s is already recorded: %s; nothing changed. If this is right, --confirm replaces that record"),
	    slot, out->existing_text);
}

static int
record_dose(struct care *c, const struct dose_args *a, struct error *err)
{
	struct doses_outcome out;
	struct doses_request req;
	struct store_med med;
	const struct tz *tz;
	int rc;

	if (recordable_med(c, a->med, &med, err) != 0 ||
	    fill_request(c, a, &med, &req, err) != 0)
		return -1;
	rc = meds_record_dose(c->s, &c->ctx, &req, a->reason, &out, err);
	if (rc != 0 && (err->kind != ERR_CONFLICT || !out.has_existing))
		return -1;
	if ((tz = care_zone_of_day(c, out.slot_day, err)) == NULL)
		return -1;
	if (rc != 0) {
		explain_conflict(&med, &out, tz, err);
		return -1;
	}
	print_recorded(c, &med, &out, tz);
	return 0;
}

static int
run_dose_command(struct cli *cli, int argc, char **argv,
    const struct option *opts, struct dose_args *a, struct error *err)
{
	struct care c;
	int rc;

	if (parse_dose(argc, argv, opts, a, err) != 0 ||
	    care_open(cli, PERM_RECORD, NULL, &c, err) != 0)
		return -1;
	rc = record_dose(&c, a, err);
	care_close(&c);
	return rc;
}

int
cmd_take(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 't' },
		{ "amount", required_argument, NULL, 'a' },
		{ "partial", no_argument, NULL, 'p' },
		{ "with-food", no_argument, NULL, 'f' },
		{ "without-food", no_argument, NULL, 'n' },
		{ "confirm", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct dose_args a;

	dose_args_init(&a, TAKE_USAGE, DOSE_TAKEN);
	return run_dose_command(cli, argc, argv, opts, &a, err);
}

int
cmd_skip(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 't' },
		{ "confirm", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct dose_args a;

	dose_args_init(&a, SKIP_USAGE, DOSE_SKIPPED);
	return run_dose_command(cli, argc, argv, opts, &a, err);
}

int
cmd_snooze(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "minutes", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct dose_args a;

	dose_args_init(&a, SNOOZE_USAGE, DOSE_SNOOZED);
	a.minutes = 10;
	return run_dose_command(cli, argc, argv, opts, &a, err);
}

/* undo ----------------------------------------------------------------- */

static int
undo_dose(struct care *c, const char *name, struct error *err)
{
	struct doses_undo_result res;
	struct store_med med;
	const struct tz *tz;
	char label[256], when[8], what[256];

	if (name != NULL && care_find_med(c, name, &med, err) != 0)
		return -1;
	if (doses_undo_last(&c->ctx, c->person, name != NULL ?
	    med.medication_id : 0, &res, err) != 0)
		return -1;
	if (name == NULL && store_med_get(c->st, res.before.medication_id,
	    &med, err) != 0)
		return -1;
	if ((tz = care_zone_of_day(c, res.before.slot_day, err)) == NULL)
		return -1;
	care_med_label(&med, label, sizeof label);
	tz_format_hhmm(tz, res.before.rec.slot_at, when, sizeof when);
	care_describe(c, &res.before, tz, what, sizeof what);
	if (res.removed)
		printf(_("Undone: %s, the %s dose (%s); it is open again.\n"),
		    label, when, what);
	else
		printf(_("Undone: %s, the %s dose (%s); the earlier record is back.\n"),
		    label, when, what);
	return 0;
}

int
cmd_undo(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct care c;
	int rc;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return cli_usage_error(err, "undo [MED]");
	if (care_open(cli, PERM_RECORD, NULL, &c, err) != 0)
		return -1;
	rc = undo_dose(&c, argc == 2 ? argv[1] : NULL, err);
	care_close(&c);
	return rc;
}

/* travel --------------------------------------------------------------- */

/* The person's home zone, from the profile. */
static int
home_zone(struct care *c, char zone[TZ_NAME_MAX + 1], struct error *err)
{
	struct profile p;

	if (health_profile_get(c->s, c->person, &p, err) != 0)
		return -1;
	snprintf(zone, TZ_NAME_MAX + 1, "%s", p.value[PF_TIMEZONE] != NULL ?
	    p.value[PF_TIMEZONE] : "UTC");
	profile_clear(&p);
	return 0;
}

static int
follow_zone(struct care *c, const char *zone, int from, struct error *err)
{
	char home[TZ_NAME_MAX + 1], date[DATE_TEXT_SIZE];
	bool going_home = strcmp(zone, "home") == 0;

	if (home_zone(c, home, err) != 0 ||
	    (from == SCHED_NO_START && care_today(c, &from, err) != 0))
		return -1;
	if (doses_follow_zone(&c->ctx, c->person, from, going_home ? home :
	    zone, err) != 0)
		return -1;
	date_format(from, date);
	if (going_home || strcmp(zone, home) == 0)
		printf(_("From %s, %s's doses follow home time (%s) again.\n"),
		    date, c->person_name, home);
	else
		printf(_("From %s, %s's doses follow local time in %s; \"prescripcare travel home\" goes back to %s.\n"),
		    date, c->person_name, zone, home);
	return 0;
}

int
cmd_travel(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int from = SCHED_NO_START, c, rc;
	struct care care;

	optind = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 'f')
			return care_option_error(c, argv,
			    "travel ZONE|home [--from DATE]", err);
		if (care_parse_day("--from", optarg, &from, err) != 0)
			return -1;
	}
	if (optind + 1 != argc)
		return cli_usage_error(err, "travel ZONE|home [--from DATE]");
	if (strcmp(argv[optind], "home") != 0 &&
	    !tz_name_exists(argv[optind])) {
		error_set(err, ERR_USAGE,
		    _("\"%s\" is not a time zone of this system's tz database; use a name such as Europe/Berlin or America/New_York, or \"home\""),
		    argv[optind]);
		return -1;
	}
	if (care_open(cli, PERM_EDIT, NULL, &care, err) != 0)
		return -1;
	rc = follow_zone(&care, argv[optind], from, err);
	care_close(&care);
	return rc;
}
