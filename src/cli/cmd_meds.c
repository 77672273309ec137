#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/care.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/date.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/dur.h"
#include "service/access.h"
#include "service/meds.h"

#define MED_ADD_USAGE "med add DRUG --strength S --form F --schedule SPEC" \
	" [--start DATE] [--end DATE] [--quantity N] [--refills N]" \
	" [--days-supply N] [--prescriber NAME|#ID] [--instructions TEXT]" \
	" [--critical] [--override SERVICE:RESULT --override-note TEXT]"
#define FILL_ADD_USAGE "fill add MED --quantity Q --days-supply D" \
	" [--date DATE] [--pharmacy ID] [--override]"

/* What "med add" was given, checked before anyone logs in. */
struct med_add_args {
	const char *drug;
	const char *strength;
	const char *form;
	const char *schedule;
	const char *prescriber;
	const char *instructions;
	const char *override;		/* SERVICE:RESULT as given */
	const char *override_note;
	char service_code[8];
	char result_code[8];
	int start, end;
	long quantity, refills, days_supply;
	bool critical;
};

static int
med_add_option(int c, char **argv, struct med_add_args *a,
    struct error *err)
{
	switch (c) {
	case 's': a->strength = optarg; return 0;
	case 'f': a->form = optarg; return 0;
	case 'S': a->schedule = optarg; return 0;
	case 'p': a->prescriber = optarg; return 0;
	case 'i': a->instructions = optarg; return 0;
	case 'c': a->critical = true; return 0;
	case 'o': a->override = optarg; return 0;
	case 'n': a->override_note = optarg; return 0;
	case 'b': return care_parse_day("--start", optarg, &a->start, err);
	case 'e': return care_parse_day("--end", optarg, &a->end, err);
	case 'q':
		return care_parse_long("--quantity", optarg, 1, 100000,
		    &a->quantity, err);
	case 'r':
		return care_parse_long("--refills", optarg, 0, 99, &a->refills,
		    err);
	case 'd':
		return care_parse_long("--days-supply", optarg, 1, 365,
		    &a->days_supply, err);
	}
	return care_option_error(c, argv, MED_ADD_USAGE, err);
}

/*
 * Splits --override SERVICE:RESULT and checks the codes and the note as
 * saving will, so that a mistyped override is refused before screening.
 */
static int
check_override(struct med_add_args *a, struct error *err)
{
	const char *colon;
	size_t len;

	if (a->override == NULL) {
		if (a->override_note == NULL)
			return 0;
		error_set(err, ERR_USAGE,
		    _("--override-note goes with --override SERVICE:RESULT, such as --override M0:1B"));
		return -1;
	}
	colon = strchr(a->override, ':');
	len = colon != NULL ? (size_t)(colon - a->override) : 0;
	if (colon == NULL || len == 0 || len >= sizeof a->service_code ||
	    strlen(colon + 1) >= sizeof a->result_code) {
		error_set(err, ERR_USAGE,
		    _("--override takes the NCPDP professional service and result codes as SERVICE:RESULT, such as M0:1B, not \"%s\""),
		    a->override);
		return -1;
	}
	memcpy(a->service_code, a->override, len);
	a->service_code[len] = '\0';
	snprintf(a->result_code, sizeof a->result_code, "%s", colon + 1);
	if (care_check_text("--override-note", a->override_note, 1000,
	    MED_ADD_USAGE, err) != 0)
		return -1;
	if (dur_override_check(a->service_code, a->result_code,
	    strlen(a->override_note), err) != 0) {
		err->kind = ERR_USAGE;
		return -1;
	}
	return 0;
}

static int
check_med_add(struct med_add_args *a, struct error *err)
{
	struct sched_spec spec;

	if (care_check_text(_("the drug's name"), a->drug, 200, MED_ADD_USAGE,
	    err) != 0 ||
	    care_check_text("--strength", a->strength, 50, MED_ADD_USAGE,
	    err) != 0 ||
	    care_check_text("--form", a->form, 50, MED_ADD_USAGE, err) != 0 ||
	    care_check_text("--schedule", a->schedule, 200, MED_ADD_USAGE,
	    err) != 0 ||
	    care_check_text("--prescriber", a->prescriber, 200, NULL,
	    err) != 0 ||
	    care_check_text("--instructions", a->instructions, 1000, NULL,
	    err) != 0 ||
	    check_override(a, err) != 0)
		return -1;
	if (sched_parse(a->schedule, &spec, err) != 0)
		return -1;
	sched_spec_free(&spec);
	if (a->start != SCHED_NO_START && a->end != SCHED_NO_END &&
	    a->end < a->start) {
		error_set(err, ERR_USAGE,
		    _("--end comes before --start; a medication ends on or after the day it starts"));
		return -1;
	}
	return 0;
}

static int
parse_med_add(int argc, char **argv, struct med_add_args *a,
    struct error *err)
{
	static const struct option opts[] = {
		{ "strength", required_argument, NULL, 's' },
		{ "form", required_argument, NULL, 'f' },
		{ "schedule", required_argument, NULL, 'S' },
		{ "start", required_argument, NULL, 'b' },
		{ "end", required_argument, NULL, 'e' },
		{ "quantity", required_argument, NULL, 'q' },
		{ "refills", required_argument, NULL, 'r' },
		{ "days-supply", required_argument, NULL, 'd' },
		{ "prescriber", required_argument, NULL, 'p' },
		{ "instructions", required_argument, NULL, 'i' },
		{ "critical", no_argument, NULL, 'c' },
		{ "override", required_argument, NULL, 'o' },
		{ "override-note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(a, 0, sizeof *a);
	a->start = SCHED_NO_START;
	a->end = SCHED_NO_END;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (med_add_option(c, argv, a, err) != 0)
			return -1;
	}
	if (optind + 1 != argc)
		return cli_usage_error(err, MED_ADD_USAGE);
	a->drug = argv[optind];
	return check_med_add(a, err);
}

/* Prints what adding the drug brings, most severe first; majors counted. */
static size_t
print_findings(const struct meds_screening *sc, const char *drug)
{
	size_t shown = 0, majors = 0;

	for (size_t i = 0; i < sc->result.count; i++) {
		const struct screen_finding *f = &sc->result.findings[i];

		if (!meds_finding_is_new(sc, f))
			continue;
		if (shown++ == 0)
			printf(_("Screening %s against the medication list, allergies and conditions:\n"),
			    drug);
		cli_print_finding(f);
		if (f->severity == SCREEN_MAJOR)
			majors++;
	}
	return majors;
}

/* Adds to the service's refusal of a major finding how to go ahead. */
static void
explain_major(struct error *err)
{
	char why[sizeof err->text];

	snprintf(why, sizeof why, "%s", err->text);
	error_set(err, ERR_CONFLICT,
	    _("%s. Nothing was saved. If it is to be taken all the same, give --override SERVICE:RESULT with the NCPDP codes of what was done, such as M0:1B (prescriber consulted, filled as is), and --override-note TEXT saying why"),
	    why);
}

static void
fill_input(const struct med_add_args *a, int64_t drug_id,
    char start[DATE_TEXT_SIZE], char end[DATE_TEXT_SIZE],
    struct meds_input *in)
{
	memset(in, 0, sizeof *in);
	start[0] = end[0] = '\0';
	if (a->start != SCHED_NO_START)
		date_format(a->start, start);
	if (a->end != SCHED_NO_END)
		date_format(a->end, end);
	in->drug_id = drug_id;
	in->strength = a->strength;
	in->dosage_form = a->form;
	in->schedule = a->schedule;
	in->start_date = start;
	in->end_date = end;
	in->prescriber = a->prescriber;
	in->instructions = a->instructions;
	in->quantity = (int)a->quantity;
	in->refills = (int)a->refills;
	in->days_supply = (int)a->days_supply;
	in->critical = a->critical;
}

/*
 * Screens the drug, prints what it brings and saves it unless a major
 * finding has no override; *overridden says whether one was recorded.
 */
static int
add_med(struct care *c, const struct med_add_args *a, int64_t *id,
    bool *overridden, struct error *err)
{
	struct meds_override ovr = { a->service_code, a->result_code,
	    a->override_note };
	char drug[256], start[DATE_TEXT_SIZE], end[DATE_TEXT_SIZE];
	struct meds_screening sc;
	struct meds_input in;
	int64_t drug_id;
	int rc;

	if (meds_resolve_drug(c->st, a->drug, &drug_id, drug, sizeof drug,
	    err) != 0 ||
	    meds_screen_candidate(c->s, c->person, drug_id, &sc, err) != 0)
		return -1;
	*overridden = print_findings(&sc, drug) > 0 && a->override != NULL;
	meds_screening_free(&sc);
	if (!*overridden && a->override != NULL)
		fprintf(stderr, _("prescripcare: warning: %s brings no major finding; --override is not needed and is not recorded\n"),
		    drug);
	fill_input(a, drug_id, start, end, &in);
	rc = meds_add_screened(c->s, &c->ctx, c->person, &in,
	    a->override != NULL ? &ovr : NULL, id, err);
	if (rc != 0 && err->kind == ERR_CONFLICT && a->override == NULL)
		explain_major(err);
	return rc;
}

static int
med_add(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct med_add_args a;
	struct store_med med;
	struct care c;
	char label[256];
	bool overridden = false;
	int64_t id;
	int rc;

	if (parse_med_add(argc, argv, &a, err) != 0 ||
	    care_open(cli, PERM_EDIT, NULL, &c, err) != 0)
		return -1;
	rc = add_med(&c, &a, &id, &overridden, err);
	if (rc == 0)
		rc = store_med_get(c.st, id, &med, err);
	if (rc == 0) {
		char start[DATE_TEXT_SIZE];

		care_med_label(&med, label, sizeof label);
		date_format(med.start_day, start);
		printf(_("Added %s %s for %s (medication #%lld): %s, from %s.\n"),
		    label, med.dosage_form, c.person_name, (long long)id,
		    a.schedule, start);
		if (overridden)
			printf(_("The major finding is overridden with %s:%s and the note, on the record.\n"),
			    a.service_code, a.result_code);
	}
	care_close(&c);
	return rc;
}

/* med list ---------------------------------------------------------------- */

static const char *
status_word(enum store_med_status status)
{
	switch (status) {
	case MED_ACTIVE:
		return _("active");
	case MED_PAUSED:
		return _("paused");
	case MED_DISCONTINUED:
		return _("stopped");
	case MED_COMPLETED:
		return _("completed");
	}
	return "?";
}

static void
print_opened(const char *label, const char *text)
{
	if (text != NULL)
		printf("      %s: %s\n", label, text);
}

static void
print_med(const struct meds_view *v)
{
	const struct store_med *m = &v->med;
	char label[256], from[DATE_TEXT_SIZE], until[DATE_TEXT_SIZE] = "";

	care_med_label(m, label, sizeof label);
	date_format(m->start_day, from);
	if (m->end_day != SCHED_NO_END)
		date_format(m->end_day, until);
	printf("#%-4lld %-32s %-12s %s\n", (long long)m->medication_id, label,
	    status_word(m->status), v->schedule);
	printf(_("      %s; from %s%s%s; %d refill(s) left%s\n"),
	    m->dosage_form, from, until[0] ? _(" until ") : "", until,
	    m->refills_remaining, m->is_critical ?
	    _("; critical: reminders sound in quiet hours") : "");
	print_opened(_("prescriber"), v->prescriber);
	print_opened(_("pharmacy"), v->pharmacy);
	print_opened(_("instructions"), v->instructions);
	if (m->status == MED_DISCONTINUED)
		print_opened(_("stopped because"), v->status_reason);
}

static int
med_list(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct meds_view *list;
	struct care c;
	bool all = argc == 2 && strcmp(argv[1], "--all") == 0;
	size_t n, shown = 0;

	if (argc != 1 && !all)
		return cli_usage_error(err, "med list [--all]");
	if (care_open(cli, PERM_VIEW, NULL, &c, err) != 0)
		return -1;
	if (meds_list(c.s, &c.ctx, c.person, &list, &n, err) != 0) {
		care_close(&c);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		enum store_med_status st = list[i].med.status;

		if (all || st == MED_ACTIVE || st == MED_PAUSED) {
			print_med(&list[i]);
			shown++;
		}
	}
	if (shown == 0)
		printf(all ? _("%s has no medications recorded.\n") :
		    _("%s takes no medication now; --all lists stopped ones too.\n"),
		    c.person_name);
	meds_list_free(list, n);
	care_close(&c);
	return 0;
}

/* med pause | resume | stop ---------------------------------------------- */

static int
parse_stop(int argc, char **argv, const char **name, const char **reason,
    struct error *err)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*reason = NULL;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 'r')
			return care_option_error(c, argv,
			    "med stop MED --reason R", err);
		*reason = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage_error(err, "med stop MED --reason R");
	*name = argv[optind];
	return care_check_text("--reason", *reason, 500,
	    "med stop MED --reason R", err);
}

static void
print_status_change(const struct care *c, const struct store_med *m,
    enum store_med_status status)
{
	char label[256];

	care_med_label(m, label, sizeof label);
	if (status == MED_PAUSED)
		printf(_("%s is paused for %s from now: no doses are due until it is resumed.\n"),
		    label, c->person_name);
	else if (status == MED_ACTIVE)
		printf(_("%s is active again for %s from now.\n"), label,
		    c->person_name);
	else
		printf(_("%s is stopped for %s; its history is kept.\n"), label,
		    c->person_name);
}

static int
change_status(struct care *c, const char *name, enum store_med_status status,
    const char *reason, struct error *err)
{
	struct store_med med;

	if (care_find_med(c, name, &med, err) != 0 ||
	    meds_set_status(c->s, &c->ctx, med.medication_id, status, reason,
	    err) != 0)
		return -1;
	print_status_change(c, &med, status);
	return 0;
}

static int
med_status(struct cli *cli, int argc, char **argv, struct error *err)
{
	enum store_med_status status = MED_ACTIVE;
	const char *reason = NULL, *name = argc == 2 ? argv[1] : NULL;
	struct care c;
	int rc;

	if (strcmp(argv[0], "stop") == 0) {
		if (parse_stop(argc, argv, &name, &reason, err) != 0)
			return -1;
		status = MED_DISCONTINUED;
	} else if (argc != 2 || argv[1][0] == '-') {
		return cli_usage_error(err, "med pause|resume MED");
	} else if (strcmp(argv[0], "pause") == 0) {
		status = MED_PAUSED;
	}
	if (care_open(cli, PERM_EDIT, NULL, &c, err) != 0)
		return -1;
	rc = change_status(&c, name, status, reason, err);
	care_close(&c);
	return rc;
}

int
cmd_med(struct cli *cli, int argc, char **argv, struct error *err)
{
	const char *verb = argc >= 2 ? argv[1] : "";

	if (strcmp(verb, "add") == 0)
		return med_add(cli, argc - 1, argv + 1, err);
	if (strcmp(verb, "list") == 0)
		return med_list(cli, argc - 1, argv + 1, err);
	if (strcmp(verb, "pause") == 0 || strcmp(verb, "resume") == 0 ||
	    strcmp(verb, "stop") == 0)
		return med_status(cli, argc - 1, argv + 1, err);
	return cli_usage_error(err, "med add|list|pause|resume|stop");
}

/* fill add ------------------------------------------------------------- */

struct fill_args {
	const char *med;
	double quantity;
	long days_supply;
	int day;
	long pharmacy_id;	/* 0 when not given */
	bool override;
};

static int
parse_fill(int argc, char **argv, struct fill_args *a, struct error *err)
{
	static const struct option opts[] = {
		{ "quantity", required_argument, NULL, 'q' },
		{ "days-supply", required_argument, NULL, 'd' },
		{ "date", required_argument, NULL, 't' },
		{ "override", no_argument, NULL, 'o' },
		{ "pharmacy", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char *quantity = NULL;
	int c;

	memset(a, 0, sizeof *a);
	a->day = SCHED_NO_START;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'q')
			quantity = optarg;
		else if (c == 'd' && care_parse_long("--days-supply", optarg, 1,
		    365, &a->days_supply, err) != 0)
			return -1;
		else if (c == 't' && care_parse_day("--date", optarg, &a->day,
		    err) != 0)
			return -1;
		else if (c == 'o')
			a->override = true;
		else if (c == 'p' && care_parse_long("--pharmacy",
		    optarg + (optarg[0] == '#'), 1, LONG_MAX, &a->pharmacy_id,
		    err) != 0)
			return -1;
		else if (c != 'd' && c != 't' && c != 'p')
			return care_option_error(c, argv, FILL_ADD_USAGE, err);
	}
	if (optind + 1 != argc || quantity == NULL || a->days_supply == 0)
		return cli_usage_error(err, FILL_ADD_USAGE);
	a->med = argv[optind];
	if (str_to_double(quantity, &a->quantity) != 0 ||
	    !(a->quantity > 0) || a->quantity > 100000) {
		error_set(err, ERR_USAGE,
		    _("--quantity takes the number of units dispensed, above 0 and at most 100000, such as 60; not \"%s\""),
		    quantity);
		return -1;
	}
	return 0;
}

static int
add_fill(struct care *c, const struct fill_args *a, struct error *err)
{
	struct doses_fill_result res;
	struct store_fill fill;
	struct store_med med;
	char label[256], when[DATE_TEXT_SIZE];
	int today;

	if (care_find_med(c, a->med, &med, err) != 0 ||
	    care_today(c, &today, err) != 0)
		return -1;
	memset(&fill, 0, sizeof fill);
	fill.day = a->day != SCHED_NO_START ? a->day : today;
	fill.quantity = a->quantity;
	fill.days_supply = (int)a->days_supply;
	fill.pharmacy_id = a->pharmacy_id;
	if (meds_fill_add(c->s, &c->ctx, med.medication_id, &fill,
	    a->override, &res, err) != 0) {
		if (err->kind == ERR_CONFLICT && res.too_soon) {
			char why[sizeof err->text];

			snprintf(why, sizeof why, "%s", err->text);
			error_set(err, ERR_CONFLICT,
			    _("%s; nothing was recorded (--override records it anyway)"),
			    why);
		}
		return -1;
	}
	care_med_label(&med, label, sizeof label);
	date_format(fill.day, when);
	printf(_("Fill of %g recorded for %s on %s (%d days' supply); %d refill(s) left.\n"),
	    fill.quantity, label, when, fill.days_supply,
	    res.refills_remaining);
	if (res.too_soon) {
		date_format(res.earliest_day, when);
		printf(_("It came too soon (due from %s) and was recorded because of --override.\n"),
		    when);
	}
	return 0;
}

int
cmd_fill(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct fill_args a;
	struct care c;
	int rc;

	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return cli_usage_error(err, FILL_ADD_USAGE);
	if (parse_fill(argc - 1, argv + 1, &a, err) != 0 ||
	    care_open(cli, PERM_EDIT, NULL, &c, err) != 0)
		return -1;
	rc = add_fill(&c, &a, err);
	care_close(&c);
	return rc;
}
