#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/auth.h"
#include "cli/care.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/csv.h"
#include "common/date.h"
#include "common/i18n.h"
#include "common/strbuf.h"
#include "service/access.h"
#include "service/meds.h"
#include "service/vault.h"

#define HISTORY_USAGE "history [--from DATE] [--to DATE] [--format text|csv]"
#define ADHERENCE_USAGE "adherence [--from DATE] [--to DATE] [--by day|week|month|year] [--format text|csv|json]"

/* Days a report covers when neither --from nor --to says otherwise. */
#define DEFAULT_DAYS 30

enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON };

static int
parse_format(const char *text, bool json_allowed, enum format *out,
    struct error *err)
{
	if (strcmp(text, "text") == 0)
		*out = FORMAT_TEXT;
	else if (strcmp(text, "csv") == 0)
		*out = FORMAT_CSV;
	else if (strcmp(text, "json") == 0 && json_allowed)
		*out = FORMAT_JSON;
	else {
		error_set(err, ERR_USAGE, json_allowed ?
		    _("--format takes text, csv or json, not \"%s\"") :
		    _("--format takes text or csv, not \"%s\""), text);
		return -1;
	}
	return 0;
}

static int
parse_period(const char *text, enum adherence_period *out,
    struct error *err)
{
	static const char *const names[ADH_PERIODS] = {
		"day", "week", "month", "year"
	};

	for (int i = 0; i < ADH_PERIODS; i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = (enum adherence_period)i;
			return 0;
		}
	}
	error_set(err, ERR_USAGE,
	    _("--by takes day, week, month or year, not \"%s\""), text);
	return -1;
}

/* What history and adherence were given. */
struct report_args {
	const char *usage;
	bool json_allowed;
	int first, last;
	enum format format;
	enum adherence_period by;
};

static int
parse_report(int argc, char **argv, struct report_args *a,
    struct error *err)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'o' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	int c, rc = 0;

	optind = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, ":", opts,
	    NULL)) != -1) {
		if (c == 'f')
			rc = care_parse_day("--from", optarg, &a->first, err);
		else if (c == 't')
			rc = care_parse_day("--to", optarg, &a->last, err);
		else if (c == 'o')
			rc = parse_format(optarg, a->json_allowed, &a->format,
			    err);
		else if (c == 'b' && a->json_allowed)
			rc = parse_period(optarg, &a->by, err);
		else
			rc = care_option_error(c, argv, a->usage, err);
	}
	if (rc == 0 && optind != argc)
		rc = cli_usage_error(err, a->usage);
	return rc;
}

static void
report_args_init(struct report_args *a, const char *usage, bool adherence)
{
	memset(a, 0, sizeof *a);
	a->usage = usage;
	a->json_allowed = adherence;
	a->first = SCHED_NO_START;
	a->last = SCHED_NO_END;
	a->format = FORMAT_TEXT;
	a->by = ADH_WEEKLY;
}

/* history ------------------------------------------------------------- */

/* One line of the history, in words. */
struct history_row {
	char medication[256];
	char scheduled[20];
	char recorded[20];
	const char *status;
	char amount[96];
	char by[128];
	char note[640];
};

static void
add_note(char *note, size_t size, const char *text)
{
	size_t len = strlen(note);

	snprintf(note + len, size - len, "%s%s", len > 0 ? "; " : "", text);
}

/* The sealed note of a dose (a reason to skip), when it has one. */
static void
open_note(struct care *c, const struct store_dose *d, char *note,
    size_t size)
{
	struct error err;
	char *text = NULL;

	if (meds_dose_note(c->s, c->person, d->rec.event_id, d->archived,
	    &text, &err) == 0 && text != NULL)
		add_note(note, size, text);
	vault_free_text(text);
}

static void
recorded_facts(struct care *c, const struct doses_item *it,
    const struct store_med *m, const struct tz *tz, struct history_row *r)
{
	const struct store_dose *d = &it->dose;
	bool taken = d->rec.status == DOSE_TAKEN ||
	    d->rec.status == DOSE_PARTIAL;

	care_format_local(tz, taken ? d->rec.actual_at : d->rec.recorded_at,
	    r->recorded, sizeof r->recorded);
	if (taken)
		care_format_amount(d->rec.amount > 0 ? d->rec.amount :
		    it->slot.amount, it->slot.unit, m->dosage_form, r->amount,
		    sizeof r->amount);
	if (d->rec.recorded_by != 0)
		c->ctx.name_account(c, d->rec.recorded_by, r->by,
		    sizeof r->by);
	if (taken && !it->prn && d->rec.actual_at >
	    it->slot.at + 60LL * c->ctx.grace_minutes)
		add_note(r->note, sizeof r->note, _("late"));
	if (d->rec.retrospective)
		add_note(r->note, sizeof r->note,
		    _("recorded after the fact"));
	if (d->taken_with_food >= 0)
		add_note(r->note, sizeof r->note, d->taken_with_food ?
		    _("with food") : _("without food"));
	if (d->rec.status == DOSE_SKIPPED)
		open_note(c, d, r->note, sizeof r->note);
}

static void
fill_row(struct care *c, const struct doses_item *it,
    const struct store_med *m, const struct tz *tz, struct history_row *r)
{
	memset(r, 0, sizeof *r);
	care_med_label(m, r->medication, sizeof r->medication);
	r->status = care_state_word(it->state);
	if (it->prn)
		add_note(r->note, sizeof r->note, _("as needed"));
	else
		care_format_local(tz, it->slot.at, r->scheduled,
		    sizeof r->scheduled);
	if (it->recorded)
		recorded_facts(c, it, m, tz, r);
}

static void
print_row(FILE *fp, enum format format, const struct history_row *r)
{
	const char *fields[] = { r->medication, r->scheduled, r->recorded,
	    r->status, r->amount, r->by, r->note };

	if (format == FORMAT_TEXT)
		fprintf(fp, "%-16s  %-9s %-28s %-16s  %-12s %s%s%s\n",
		    r->scheduled[0] ? r->scheduled : "-", r->status,
		    r->medication, r->recorded[0] ? r->recorded : "-",
		    r->amount[0] ? r->amount : "-", r->by, r->note[0] &&
		    r->by[0] ? "; " : "", r->note);
	else
		csv_write_record(fp, fields, sizeof fields / sizeof fields[0]);
}

static void
print_history_head(const struct care *c, const struct report_args *a,
    const char *zone)
{
	char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	const char *head[] = { _("Medication"), _("Scheduled"), _("Recorded"),
	    _("Status"), _("Amount"), _("Recorded by"), _("Note") };

	if (a->format == FORMAT_CSV) {
		csv_write_record(stdout, head, sizeof head / sizeof head[0]);
		return;
	}
	date_format(a->first, from);
	date_format(a->last, to);
	printf(_("Doses of %s from %s to %s, times in %s\n"), c->person_name,
	    from, to, zone);
	printf("%-16s  %-9s %-28s %-16s  %-12s %s\n", _("Scheduled"),
	    _("Status"), _("Medication"), _("Recorded"), _("Amount"),
	    _("Recorded by; note"));
}

/* Prints one day's doses that are due or past, and as-needed ones. */
static int
print_day(struct care *c, const struct report_args *a,
    const struct doses_day *d, const struct care_meds *meds,
    struct error *err)
{
	const struct tz *tz = care_zone(c, d->zone, err);
	struct history_row row;

	if (tz == NULL)
		return -1;
	for (size_t i = 0; i < d->n; i++) {
		const struct doses_item *it = &d->items[i];
		const struct store_med *m = care_meds_find(meds,
		    it->slot.medication_id);

		if (m == NULL || (!it->recorded && it->state == DOSE_PENDING))
			continue;
		fill_row(c, it, m, tz, &row);
		print_row(stdout, a->format, &row);
	}
	return 0;
}

static int
print_history(struct care *c, struct report_args *a, struct error *err)
{
	struct doses_history h;
	struct care_meds meds;
	int rc = 0;

	if (care_complete_range(c, DEFAULT_DAYS, &a->first, &a->last,
	    err) != 0 ||
	    doses_history(&c->ctx, c->person, a->first, a->last, &h,
	    err) != 0)
		return -1;
	if (care_meds_load(c, &meds, err) != 0) {
		doses_history_free(&h);
		return -1;
	}
	print_history_head(c, a, h.n > 0 ? h.days[h.n - 1].zone : "UTC");
	for (size_t i = 0; i < h.n && rc == 0; i++)
		rc = print_day(c, a, &h.days[i], &meds, err);
	care_meds_free(&meds);
	doses_history_free(&h);
	return rc;
}

int
cmd_history(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct report_args a;
	struct care c;
	int rc;

	report_args_init(&a, HISTORY_USAGE, false);
	if (parse_report(argc, argv, &a, err) != 0 ||
	    care_open(cli, PERM_VIEW, CARE_DOSES_TABLE, &c, err) != 0)
		return -1;
	rc = print_history(&c, &a, err);
	care_close(&c);
	return rc;
}

/* adherence ----------------------------------------------------------- */

/* One medication's (or, with id 0, every one's) part of the report. */
struct adh_key {
	int64_t id;
	char label[256];
	const struct doses_period *rows;
	size_t n_rows;
	struct adherence_counts total;
	double percent;
	int current_streak, longest_streak;
	bool has_fills;
	struct adherence_pdc pdc;
	struct adherence_mpr mpr;
};

struct adh_report {
	struct doses_report periods;	/* each medication's */
	struct doses_report overall;	/* all together */
	struct doses_report daily_each;	/* for the totals of the range */
	struct doses_report daily_all;
	struct adh_key *keys;
	size_t n_keys;
};

static void
adh_report_free(struct adh_report *r)
{
	doses_report_free(&r->periods);
	doses_report_free(&r->overall);
	doses_report_free(&r->daily_each);
	doses_report_free(&r->daily_all);
	free(r->keys);
}

/*
 * Today counts only the doses whose time has come: those recorded, and
 * those missed without a record; doses still ahead are not yet due.
 */
static void
settle_today(const struct doses_day *d, struct doses_report *daily)
{
	for (size_t i = 0; i < daily->n; i++) {
		struct doses_period *p = &daily->rows[i];
		long due = 0, missed = 0;

		if (p->first_day != d->day)
			continue;
		for (size_t k = 0; k < d->n; k++) {
			const struct doses_item *it = &d->items[k];

			if (it->prn || it->slot.at == 0 ||
			    (p->medication_id != 0 &&
			    it->slot.medication_id != p->medication_id))
				continue;
			if (it->state >= DOSE_TAKEN && it->state != DOSE_SNOOZED)
				due++;
			if (it->state == DOSE_MISSED && !it->recorded)
				missed++;
		}
		p->c.scheduled = due;
		p->c.missed += missed;
		p->percent = adherence_percent(&p->c);
	}
}

/* The counts of a key's days first..last, up to today. */
static void
sum_days(const struct doses_report *daily, int64_t id, int first, int last,
    int today, struct adherence_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < daily->n; i++) {
		const struct doses_period *p = &daily->rows[i];

		if (p->medication_id == id && p->first_day >= first &&
		    p->first_day <= last && p->first_day <= today)
			adherence_counts_add(out, &p->c);
	}
}

/* A period that holds today counts its days up to now, not beyond. */
static void
settle_open_periods(struct doses_report *periods,
    const struct doses_report *daily, int today)
{
	for (size_t i = 0; i < periods->n; i++) {
		struct doses_period *p = &periods->rows[i];

		if (!p->open)
			continue;
		sum_days(daily, p->medication_id, p->first_day, p->last_day,
		    today, &p->c);
		p->percent = adherence_percent(&p->c);
	}
}

/* Totals, streaks and refill measures of one key over the range. */
static int
complete_key(struct care *c, const struct adh_report *r, int first,
    int last, int today, struct adh_key *k, struct error *err)
{
	sum_days(k->id == 0 ? &r->daily_all : &r->daily_each, k->id, first,
	    last, today, &k->total);
	k->percent = adherence_percent(&k->total);
	if (doses_streaks(&c->ctx, c->person, k->id, &k->current_streak,
	    &k->longest_streak, err) != 0)
		return -1;
	if (k->id == 0)
		return 0;
	k->has_fills = doses_refill_measures(&c->ctx, &k->id, 1, first, last,
	    &k->pdc, &k->mpr, err) == 0;
	if (!k->has_fills && err->kind != ERR_NOT_FOUND)
		return -1;
	return 0;
}

/* Groups the period rows by medication into keys, all medications last. */
static int
make_keys(struct adh_report *r, const struct care_meds *m,
    struct error *err)
{
	const struct doses_report *parts[] = { &r->periods, &r->overall };

	r->keys = calloc(r->periods.n + 2, sizeof *r->keys);
	if (r->keys == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	for (size_t p = 0; p < 2; p++) {
		for (size_t i = 0; i < parts[p]->n; i++) {
			const struct doses_period *row = &parts[p]->rows[i];
			struct adh_key *k = &r->keys[r->n_keys];
			const struct store_med *med;

			if (r->n_keys > 0 && k[-1].id == row->medication_id) {
				k[-1].n_rows++;
				continue;
			}
			k->id = row->medication_id;
			k->rows = row;
			k->n_rows = 1;
			med = care_meds_find(m, k->id);
			if (med != NULL)
				care_med_label(med, k->label, sizeof k->label);
			else
				snprintf(k->label, sizeof k->label, "%s",
				    _("All medications"));
			r->n_keys++;
		}
	}
	return 0;
}

/* Counts today's and open periods' doses only as far as now. */
static int
settle(struct care *c, struct adh_report *r, int today, struct error *err)
{
	struct doses_day d;

	if (doses_today(&c->ctx, c->person, today, &d, err) != 0)
		return -1;
	settle_today(&d, &r->daily_each);
	settle_today(&d, &r->daily_all);
	doses_day_free(&d);
	settle_open_periods(&r->periods, &r->daily_each, today);
	settle_open_periods(&r->overall, &r->daily_all, today);
	return 0;
}

static int
build_adherence(struct care *c, const struct report_args *a,
    struct adh_report *r, struct error *err)
{
	struct care_meds meds;
	int from, to, today, rc;

	memset(r, 0, sizeof *r);
	/* Daily rows from the start of the first period, for open ones. */
	adherence_period_bounds(a->by, a->first, &from, &to);
	if (care_today(c, &today, err) != 0 ||
	    care_meds_load(c, &meds, err) != 0)
		return -1;
	rc = doses_adherence(&c->ctx, c->person, STORE_EVERY_MEDICATION, a->by,
	    a->first, a->last, &r->periods, err);
	if (rc == 0)
		rc = doses_adherence(&c->ctx, c->person, 0, a->by, a->first,
		    a->last, &r->overall, err);
	if (rc == 0)
		rc = doses_adherence(&c->ctx, c->person,
		    STORE_EVERY_MEDICATION, ADH_DAILY, from, a->last,
		    &r->daily_each, err);
	if (rc == 0)
		rc = doses_adherence(&c->ctx, c->person, 0, ADH_DAILY, from,
		    a->last, &r->daily_all, err);
	if (rc == 0)
		rc = settle(c, r, today, err);
	if (rc == 0)
		rc = make_keys(r, &meds, err);
	for (size_t i = 0; rc == 0 && i < r->n_keys; i++)
		rc = complete_key(c, r, a->first, a->last, today, &r->keys[i],
		    err);
	care_meds_free(&meds);
	return rc;
}

static const char *const period_names[ADH_PERIODS] = {
	"day", "week", "month", "year"
};

/* "2026-03", "2026-03-09..2026-03-15": how a period is named. */
static void
period_label(const struct doses_period *p, char *buf, size_t size)
{
	char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];

	date_format(p->first_day, a);
	date_format(p->last_day, b);
	if (p->period == ADH_DAILY)
		snprintf(buf, size, "%s", a);
	else if (p->period == ADH_MONTHLY)
		snprintf(buf, size, "%.7s", a);
	else if (p->period == ADH_YEARLY)
		snprintf(buf, size, "%.4s", a);
	else
		snprintf(buf, size, "%s..%s", a, b);
}

static void
text_counts(const char *label, const struct adherence_counts *c,
    double percent, bool open)
{
	printf("  %-22s %9ld %6ld %7ld %7ld %7ld %6ld %7.1f%%%s\n", label,
	    c->scheduled, c->taken, c->partial, c->skipped, c->snoozed,
	    c->missed, percent, open ? _(" so far") : "");
}

static void
text_refills(const struct adh_key *k)
{
	char index[DATE_TEXT_SIZE];

	if (!k->has_fills) {
		printf(_("  refills: no fill recorded in the period\n"));
		return;
	}
	date_format(k->pdc.index_day, index);
	printf(_("  refills from %s: PDC %.1f%% (%s), MPR %.2f (capped %.2f)%s\n"),
	    index, 100 * k->pdc.pdc, k->pdc.adherent ?
	    _("adherent: 80% or more") : _("below 80%"), k->mpr.uncapped,
	    k->mpr.capped, k->pdc.eligible ? "" :
	    _("; too few fills or days for the PQA measure"));
}

static void
text_key(const struct adh_key *k)
{
	char label[32];

	printf("%s\n", k->label);
	printf("  %-22s %9s %6s %7s %7s %7s %6s %8s\n", _("period"),
	    _("scheduled"), _("taken"), _("partial"), _("skipped"),
	    _("snoozed"), _("missed"), _("taken %"));
	for (size_t i = 0; i < k->n_rows; i++) {
		period_label(&k->rows[i], label, sizeof label);
		text_counts(label, &k->rows[i].c, k->rows[i].percent,
		    k->rows[i].open);
	}
	text_counts(_("whole range"), &k->total, k->percent, false);
	printf(_("  streaks of full days: current %d, longest %d\n"),
	    k->current_streak, k->longest_streak);
	if (k->id != 0)
		text_refills(k);
}

static void
csv_counts(const char *med, const char *period, int first, int last,
    const struct adherence_counts *c, double percent)
{
	char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];

	date_format(first, a);
	date_format(last, b);
	csv_write_field(stdout, med);
	printf(",%s,%s,%s,%ld,%ld,%ld,%ld,%ld,%ld,%.1f", period, a, b,
	    c->scheduled, c->taken, c->partial, c->skipped, c->snoozed,
	    c->missed, percent);
}

static void
csv_key(const struct adh_key *k, const struct report_args *a)
{
	for (size_t i = 0; i < k->n_rows; i++) {
		csv_counts(k->label, period_names[k->rows[i].period],
		    k->rows[i].first_day, k->rows[i].last_day, &k->rows[i].c,
		    k->rows[i].percent);
		fputs(",,,,\r\n", stdout);
	}
	csv_counts(k->label, "total", a->first, a->last, &k->total,
	    k->percent);
	printf(",%d,%d,", k->current_streak, k->longest_streak);
	if (k->has_fills)
		printf("%.3f,%.3f", k->pdc.pdc, k->mpr.uncapped);
	else
		putchar(',');
	fputs("\r\n", stdout);
}

static void
json_counts(struct strbuf *sb, const struct adherence_counts *c,
    double percent)
{
	strbuf_printf(sb, "\"scheduled\": %ld, \"taken\": %ld, \"partial\": %ld, \"skipped\": %ld, \"snoozed\": %ld, \"missed\": %ld, \"percent\": %.1f",
	    c->scheduled, c->taken, c->partial, c->skipped, c->snoozed,
	    c->missed, percent);
}

static void
json_refills(struct strbuf *sb, const struct adh_key *k)
{
	char index[DATE_TEXT_SIZE];

	if (!k->has_fills) {
		strbuf_printf(sb, "null");
		return;
	}
	date_format(k->pdc.index_day, index);
	strbuf_printf(sb, "{\"index_date\": \"%s\", \"period_days\": %d, \"covered_days\": %d, \"pdc\": %.4f, \"pdc_adherent\": %s, \"pdc_eligible\": %s, \"supply_days\": %ld, \"mpr\": %.4f, \"mpr_capped\": %.4f}",
	    index, k->pdc.period_days, k->pdc.covered_days, k->pdc.pdc,
	    k->pdc.adherent ? "true" : "false",
	    k->pdc.eligible ? "true" : "false", k->mpr.supply_days,
	    k->mpr.uncapped, k->mpr.capped);
}

static void
json_key(struct strbuf *sb, const struct adh_key *k)
{
	char a[DATE_TEXT_SIZE], b[DATE_TEXT_SIZE];

	strbuf_printf(sb, "{\"medication\": ");
	strbuf_json_string(sb, k->id != 0 ? k->label : "all");
	strbuf_printf(sb, ", \"total\": {");
	json_counts(sb, &k->total, k->percent);
	strbuf_printf(sb, "}, \"current_streak\": %d, \"longest_streak\": %d,"
	    " \"periods\": [", k->current_streak, k->longest_streak);
	for (size_t i = 0; i < k->n_rows; i++) {
		date_format(k->rows[i].first_day, a);
		date_format(k->rows[i].last_day, b);
		strbuf_printf(sb, "%s\n    {\"start\": \"%s\", \"end\": \"%s\", ",
		    i ? "," : "", a, b);
		json_counts(sb, &k->rows[i].c, k->rows[i].percent);
		strbuf_printf(sb, ", \"open\": %s}",
		    k->rows[i].open ? "true" : "false");
	}
	strbuf_printf(sb, "]");
	if (k->id != 0) {
		strbuf_printf(sb, ", \"refills\": ");
		json_refills(sb, k);
	}
	strbuf_printf(sb, "}");
}

/* The whole report as one JSON object: medications, then all together. */
static int
print_json(const struct report_args *a, const struct adh_report *r,
    struct error *err)
{
	char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	struct strbuf sb = { 0 };
	int rc;

	date_format(a->first, from);
	date_format(a->last, to);
	strbuf_printf(&sb, "{\"from\": \"%s\", \"to\": \"%s\", \"by\": \"%s\","
	    " \"medications\": [", from, to, period_names[a->by]);
	for (size_t i = 0; i < r->n_keys; i++) {
		const struct adh_key *k = &r->keys[i];

		strbuf_printf(&sb, k->id != 0 ? "%s\n  " :
		    "%s],\n \"overall\": ", i > 0 && k->id != 0 ? "," : "");
		json_key(&sb, k);
	}
	strbuf_printf(&sb, "}\n");
	rc = strbuf_write(&sb, stdout, err);
	strbuf_free(&sb);
	return rc;
}

static int
print_adherence(const struct care *c, const struct report_args *a,
    const struct adh_report *r, struct error *err)
{
	char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];

	if (a->format == FORMAT_JSON)
		return print_json(a, r, err);
	date_format(a->first, from);
	date_format(a->last, to);
	if (a->format == FORMAT_CSV)
		printf("medication,period,start,end,scheduled,taken,partial,skipped,snoozed,missed,percent,current_streak,longest_streak,pdc,mpr\r\n");
	else
		printf(_("Adherence of %s from %s to %s, by %s\n"),
		    c->person_name, from, to, period_names[a->by]);
	for (size_t i = 0; i < r->n_keys; i++) {
		if (a->format == FORMAT_TEXT)
			text_key(&r->keys[i]);
		else
			csv_key(&r->keys[i], a);
	}
	return 0;
}

int
cmd_adherence(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct report_args a;
	struct adh_report r;
	struct care c;
	int rc;

	report_args_init(&a, ADHERENCE_USAGE, true);
	if (parse_report(argc, argv, &a, err) != 0 ||
	    care_open(cli, PERM_VIEW, "adherence_summaries", &c, err) != 0)
		return -1;
	rc = care_complete_range(&c, DEFAULT_DAYS, &a.first, &a.last, err);
	if (rc == 0) {
		rc = build_adherence(&c, &a, &r, err);
		if (rc == 0)
			rc = print_adherence(&c, &a, &r, err);
		adh_report_free(&r);
	}
	care_close(&c);
	return rc;
}

/* refills -------------------------------------------------------------- */

static void
refill_words(const struct doses_refill_status *r, char *buf, size_t size)
{
	char when[DATE_TEXT_SIZE];

	if (r->fills == 0) {
		snprintf(buf, size, "%s", _("no fill recorded"));
		return;
	}
	if (r->too_soon) {
		date_format(r->earliest_day, when);
		snprintf(buf, size, _("too soon to refill until %s"), when);
	} else if (r->forecast.no_use) {
		snprintf(buf, size, "%s", _("nothing scheduled to use it up"));
	} else if (r->forecast.refill_soon) {
		snprintf(buf, size, "%s", r->forecast.refills_remaining > 0 ?
		    _("refill now") :
		    _("refill now; no refills left: ask the prescriber"));
	} else {
		snprintf(buf, size, "%s", _("enough on hand"));
	}
}

static int
print_refill(struct care *c, const struct store_med *m, struct error *err)
{
	struct doses_refill_status r;
	char label[256], runout[DATE_TEXT_SIZE] = "-", days[16] = "-";
	char words[160];

	if (doses_refill_status(&c->ctx, m->medication_id, &r, err) != 0)
		return -1;
	care_med_label(m, label, sizeof label);
	if (r.fills > 0 && !r.forecast.no_use) {
		date_format(r.forecast.runout_day, runout);
		snprintf(days, sizeof days, "%.1f", r.forecast.days_left);
	}
	refill_words(&r, words, sizeof words);
	printf("%-30s %8g %9s  %-10s %7d  %s\n", label, r.on_hand, days,
	    runout, m->refills_remaining, words);
	return 0;
}

int
cmd_refills(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct store_med *meds = NULL;
	struct care c;
	size_t n = 0;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage_error(err, "refills");
	if (care_open(cli, PERM_VIEW, "medication_fills", &c, err) != 0)
		return -1;
	rc = store_med_list(c.st, c.person, true, &meds, &n, err);
	if (rc == 0)
		printf("%-30s %8s %9s  %-10s %7s  %s\n", _("Medication"),
		    _("On hand"), _("Days left"), _("Runs out"), _("Refills"),
		    _("Status"));
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = print_refill(&c, &meds[i], err);
	free(meds);
	care_close(&c);
	return rc;
}

/* archive -------------------------------------------------------------- */

static void
print_archived(const struct doses_ctx *ctx, int64_t moved, const char *whose)
{
	char before[DATE_TEXT_SIZE];

	date_format((int)((clock_now(ctx->clock) -
	    (int64_t)ctx->archive_after_days * 86400) / 86400), before);
	if (moved == 0)
		printf(_("No dose of %s is from before %s; nothing moved.\n"),
		    whose, before);
	else
		printf(_("Moved %lld dose record(s) of %s from before %s to the archive; adherence figures are unchanged.\n"),
		    (long long)moved, whose, before);
}

int
cmd_archive(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct care c;
	int64_t moved;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage_error(err, "archive");
	if (care_login(cli, &c, err) != 0)
		return -1;
	if (cli->person == NULL && session_is_admin(c.s)) {
		rc = doses_archive(&c.ctx, 0, &moved, err);
		if (rc == 0)
			print_archived(&c.ctx, moved, _("anyone"));
	} else {
		rc = care_choose_person(&c, PERM_MANAGE, NULL, err);
		if (rc == 0)
			rc = doses_archive(&c.ctx, c.person, &moved, err);
		if (rc == 0)
			print_archived(&c.ctx, moved, c.person_name);
	}
	care_close(&c);
	return rc;
}
