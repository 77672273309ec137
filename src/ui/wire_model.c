#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/tz.h"
#include "service/access.h"
#include "service/account.h"
#include "service/health.h"
#include "service/meds.h"
#include "ui/wire_internal.h"

/*
 * The view model of the open record, read afresh on every load: people,
 * today's doses, medications, screening findings, adherence and the
 * profile.  Dates and times are the person's own.
 */

/* How far back the adherence charts reach, and the breakdown's months. */
#define CHART_DAYS (10 * 366)
#define BREAKDOWN_MONTHS 12
#define PDC_DAYS 365

static int
out_of_memory(struct error *err)
{
	error_set(err, ERR_INTERNAL, _("out of memory"));
	return -1;
}

static void
day_iso(int day, char iso[11])
{
	date_format(day, iso);
}

/* People ------------------------------------------------------------------ */

static void
relation_of(const struct person_entry *e, char *buf, size_t size)
{
	char perms[64];

	if (e->is_self)
		str_copy(buf, size, _("you"));
	else if (e->permissions & PERM_MANAGE)
		str_copy(buf, size, _("you look after"));
	else
		snprintf(buf, size, _("shared with you: %s"),
		    access_format(e->permissions & PERM_GRANTABLE, perms,
		    sizeof perms));
}

static int
load_people(struct wire *w, struct ui_model *m, struct error *err)
{
	struct person_entry *list;
	size_t n;

	if (health_people_list(w->session, &list, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct ui_person *p = ui_model_add_person(m);

		if (p == NULL) {
			health_people_free(list, n);
			return out_of_memory(err);
		}
		p->id = list[i].person_id;
		str_copy(p->name, sizeof p->name, list[i].name);
		relation_of(&list[i], p->relation, sizeof p->relation);
		if (p->id == w->person_id) {
			m->person = *p;
			m->has_person = true;
		}
	}
	health_people_free(list, n);
	return 0;
}

/* Medications --------------------------------------------------------------- */

static enum ui_med_status
med_status(enum store_med_status s)
{
	switch (s) {
	case MED_ACTIVE: return UI_MED_ACTIVE;
	case MED_PAUSED: return UI_MED_PAUSED;
	case MED_DISCONTINUED: return UI_MED_DISCONTINUED;
	case MED_COMPLETED: break;
	}
	return UI_MED_COMPLETED;
}

/* Whether every rule is a plain daily time with the first one's amount. */
static bool
plain_daily(const struct sched_spec *spec)
{
	for (size_t i = 0; i < spec->n; i++) {
		const struct sched_rule *r = &spec->rules[i];

		if (r->kind != SCHED_DAILY || r->valid_from != SCHED_NO_START ||
		    r->valid_until != SCHED_NO_END ||
		    r->amount != spec->rules[0].amount ||
		    strcmp(r->unit, spec->rules[0].unit) != 0)
			return false;
	}
	return spec->n > 0;
}

/*
 * Daily times as the form takes them ("08:00,20:00", with the amount
 * apart); any other schedule as it was written.
 */
static void
times_of(const char *schedule, struct ui_medication *med)
{
	struct sched_spec spec;
	struct error ignored;
	size_t used = 0;

	str_copy(med->times, sizeof med->times, schedule);
	if (sched_parse(schedule, &spec, &ignored) != 0)
		return;
	if (plain_daily(&spec)) {
		for (size_t i = 0; i < spec.n && used < sizeof med->times; i++)
			used += (size_t)snprintf(med->times + used,
			    sizeof med->times - used, "%s%02d:%02d",
			    i ? "," : "", spec.rules[i].minute / 60,
			    spec.rules[i].minute % 60);
		snprintf(med->dose_amount, sizeof med->dose_amount, "%g",
		    spec.rules[0].amount);
		str_copy(med->dose_unit, sizeof med->dose_unit,
		    spec.rules[0].unit);
	}
	sched_spec_free(&spec);
}

static void
refill_of(const struct meds_view *v, struct ui_medication *med)
{
	if (!v->has_fill || v->refill.no_use)
		return;
	med->days_left = v->refill.days_left > 0 ?
	    (long)v->refill.days_left : 0;
	med->refill = med->days_left == 0 ? UI_REFILL_OUT :
	    v->refill.refill_soon ? UI_REFILL_SOON : UI_REFILL_OK;
	day_iso(v->refill.runout_day, med->runout_date);
}

static void
fill_med(const struct meds_view *v, struct ui_medication *med)
{
	med->id = v->med.medication_id;
	str_copy(med->name, sizeof med->name, v->med.drug_name);
	str_copy(med->strength, sizeof med->strength, v->med.strength);
	str_copy(med->form, sizeof med->form, v->med.dosage_form);
	times_of(v->schedule, med);
	str_copy(med->instructions, sizeof med->instructions,
	    v->instructions ? v->instructions : "");
	str_copy(med->prescriber, sizeof med->prescriber,
	    v->prescriber ? v->prescriber : "");
	str_copy(med->pharmacy, sizeof med->pharmacy,
	    v->pharmacy ? v->pharmacy : "");
	day_iso(v->med.start_day, med->start_date);
	if (v->med.end_day != SCHED_NO_END)
		day_iso(v->med.end_day, med->end_date);
	med->status = med_status(v->med.status);
	str_copy(med->status_reason, sizeof med->status_reason,
	    v->status_reason ? v->status_reason : "");
	med->critical = v->med.is_critical;
	med->quantity = v->quantity > 0 ? v->quantity : -1;
	med->days_supply = v->med.days_supply > 0 ? v->med.days_supply : -1;
	med->refills_remaining = v->med.refills_remaining;
	refill_of(v, med);
}

static int
load_meds(struct ui_model *m, const struct meds_view *views, size_t n,
    struct error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct ui_medication *med = ui_model_add_med(m);

		if (med == NULL)
			return out_of_memory(err);
		fill_med(&views[i], med);
	}
	return 0;
}

static const struct meds_view *
view_of(const struct meds_view *views, size_t n, int64_t medication_id)
{
	for (size_t i = 0; i < n; i++) {
		if (views[i].med.medication_id == medication_id)
			return &views[i];
	}
	return NULL;
}

/* Today ------------------------------------------------------------------- */

static void
amount_text(const struct doses_item *it, const struct meds_view *v,
    char *buf, size_t size)
{
	double amount = it->recorded && it->dose.rec.amount > 0 ?
	    it->dose.rec.amount : it->slot.amount > 0 ? it->slot.amount : 1;
	const char *unit = it->slot.unit[0] ? it->slot.unit :
	    v != NULL ? v->med.dosage_form : "";

	snprintf(buf, size, "%g%s%s", amount, unit[0] ? " " : "", unit);
}

static enum ui_dose_state
dose_state_of(enum dose_status s)
{
	switch (s) {
	case DOSE_TAKEN: return UI_DOSE_TAKEN;
	case DOSE_PARTIAL: return UI_DOSE_PARTIAL;
	case DOSE_SKIPPED: return UI_DOSE_SKIPPED;
	case DOSE_SNOOZED: return UI_DOSE_SNOOZED;
	case DOSE_MISSED: return UI_DOSE_MISSED;
	case DOSE_PENDING:
	case DOSE_DUE: break;
	}
	return UI_DOSE_DUE;
}

static void
fill_dose(const struct doses_item *it, const struct meds_view *v,
    const struct tz *tz, struct ui_dose *d)
{
	char name[UI_NAME_MAX];

	snprintf(name, sizeof name, "%s %s", v ? v->med.drug_name : "?",
	    v ? v->med.strength : "");
	if (it->prn && !it->recorded)
		snprintf(d->medication, sizeof d->medication,
		    _("%s (as needed)"), name);
	else
		str_copy(d->medication, sizeof d->medication, name);
	if (it->slot.at != 0)
		tz_format_hhmm(tz, it->slot.at, d->time, sizeof d->time);
	if (it->recorded && it->dose.rec.actual_at != 0)
		tz_format_hhmm(tz, it->dose.rec.actual_at, d->actual,
		    sizeof d->actual);
	if (it->state == DOSE_SNOOZED)
		tz_format_hhmm(tz, it->dose.rec.snoozed_until,
		    d->snoozed_until, sizeof d->snoozed_until);
	amount_text(it, v, d->amount, sizeof d->amount);
	d->state = dose_state_of(it->state);
	d->overdue = it->state == DOSE_DUE;
	d->critical = v != NULL && v->med.is_critical;
}

/* The next dose still to come today, which its reminder will announce. */
static void
note_next(struct ui_model *m, const struct doses_item *it,
    const struct ui_dose *d, int64_t *next_at)
{
	int64_t at = it->state == DOSE_SNOOZED ? it->dose.rec.snoozed_until :
	    it->slot.at;

	if ((it->state != DOSE_PENDING && it->state != DOSE_SNOOZED) ||
	    at == 0 || (*next_at != 0 && at >= *next_at))
		return;
	*next_at = at;
	m->has_next_reminder = true;
	memset(&m->next_reminder, 0, sizeof m->next_reminder);
	m->next_reminder.dose_id = d->id;
	str_copy(m->next_reminder.time, sizeof m->next_reminder.time,
	    it->state == DOSE_SNOOZED ? d->snoozed_until : d->time);
	str_copy(m->next_reminder.medication,
	    sizeof m->next_reminder.medication, d->medication);
	str_copy(m->next_reminder.amount, sizeof m->next_reminder.amount,
	    d->amount);
}

static int
add_doses(struct wire *w, struct ui_model *m, const struct doses_day *day,
    const struct meds_view *views, size_t n_views, const struct tz *tz,
    struct error *err)
{
	int64_t next_at = 0;

	for (size_t i = 0; i < day->n; i++) {
		const struct doses_item *it = &day->items[i];
		struct wire_slot s = { w->person_id, it->slot.medication_id,
		    it->slot.schedule_id, it->slot.at, it->recorded ?
		    it->dose.rec.status : it->state };
		struct ui_dose *d = ui_model_add_dose(m);

		if (d == NULL || (d->id = wire_slot_id(w, &s)) == 0)
			return out_of_memory(err);
		wire_slot_get(w, d->id)->state = s.state;
		fill_dose(it, view_of(views, n_views, s.medication_id), tz, d);
		note_next(m, it, d, &next_at);
	}
	return 0;
}

static int
load_today(struct wire *w, struct ui_model *m, int today,
    const struct meds_view *views, size_t n_views, struct error *err)
{
	struct doses_day day;
	struct tz *tz;
	int rc;

	if (doses_today(&w->doses, w->person_id, today, &day, err) != 0)
		return -1;
	rc = tz_open(&tz, day.zone_name, err);
	if (rc == 0) {
		rc = add_doses(w, m, &day, views, n_views, tz, err);
		tz_close(tz);
	}
	doses_day_free(&day);
	return rc;
}

/* Findings ----------------------------------------------------------------- */

static enum ui_severity
severity_of(enum screen_severity s)
{
	return s == SCREEN_MAJOR ? UI_SEV_MAJOR : s == SCREEN_MODERATE ?
	    UI_SEV_MODERATE : UI_SEV_MINOR;
}

static void
fill_finding(const struct screen_finding *f, struct ui_finding *u)
{
	bool subject = f->subject[0] != '\0' && f->conflict != DUR_DD;
	char drugs[UI_NAME_MAX + SCREEN_TEXT_SIZE + 16];

	u->severity = severity_of(f->severity);
	str_copy(u->kind, sizeof u->kind, dur_conflict_code(f->conflict));
	snprintf(drugs, sizeof drugs, "%s%s%s%s%s%s",
	    f->drug_name[0] ? f->drug_name[0] : "",
	    f->drug_name[1] ? " + " : "", f->drug_name[1] ? f->drug_name[1] :
	    "", subject ? " (" : "", subject ? f->subject : "",
	    subject ? ")" : "");
	str_copy(u->drugs, sizeof u->drugs, drugs);
	str_copy(u->mechanism, sizeof u->mechanism,
	    f->mechanism ? f->mechanism : "");
	str_copy(u->effect, sizeof u->effect, f->effect ? f->effect : f->rule);
	str_copy(u->management, sizeof u->management,
	    f->management ? f->management : "");
	u->reviewed = f->reviewed;
	str_copy(u->key, sizeof u->key, f->key);
}

int
wire_findings(const struct meds_screening *sc, struct ui_findings *out,
    struct error *err)
{
	for (size_t i = 0; i < sc->result.count; i++) {
		const struct screen_finding *f = &sc->result.findings[i];
		struct ui_finding *u;

		/* The record's own list keeps what was read, quietly. */
		if (sc->drug_id != 0 && !meds_finding_is_new(sc, f))
			continue;
		if ((u = ui_findings_add(out)) == NULL)
			return out_of_memory(err);
		fill_finding(f, u);
	}
	return 0;
}

static int
load_findings(struct wire *w, struct ui_model *m, struct error *err)
{
	struct meds_screening sc;
	int rc;

	if (meds_screen_candidate(w->session, w->person_id, 0, &sc, err) != 0)
		return -1;
	rc = wire_findings(&sc, &m->findings, err);
	meds_screening_free(&sc);
	return rc;
}

/* Adherence ---------------------------------------------------------------- */

static int
add_periods(struct ui_model *m, const struct doses_report *r, bool weeks,
    struct error *err)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct doses_period *p = &r->rows[i];
		struct ui_period *u = weeks ? ui_model_add_week(m) :
		    ui_model_add_day(m);

		if (u == NULL)
			return out_of_memory(err);
		day_iso(p->first_day, u->start);
		u->scheduled = (int)p->c.scheduled;
		u->taken = (int)p->c.taken;
		u->percent = p->c.scheduled > 0 ? p->percent : -1;
	}
	return 0;
}

static int
load_series(struct wire *w, struct ui_model *m, enum adherence_period period,
    int first, int today, struct error *err)
{
	struct doses_report r;
	int rc;

	if (doses_adherence(&w->doses, w->person_id, 0, period, first, today,
	    &r, err) != 0)
		return -1;
	rc = add_periods(m, &r, period == ADH_WEEKLY, err);
	doses_report_free(&r);
	return rc;
}

/* PDC over the last year as a percentage, or -1 without fills. */
static int
pdc_of(struct wire *w, const int64_t *ids, size_t n, int today, double *out,
    struct error *err)
{
	struct adherence_pdc pdc;
	struct adherence_mpr mpr;

	*out = -1;
	if (n == 0)
		return 0;
	if (doses_refill_measures(&w->doses, ids, n, today - PDC_DAYS + 1,
	    today, &pdc, &mpr, err) == 0) {
		*out = pdc.pdc * 100;
		return 0;
	}
	return err->kind == ERR_NOT_FOUND ? 0 : -1;
}

static void
add_counts(struct ui_med_adherence *a, int64_t medication_id,
    const struct doses_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (r->rows[i].medication_id != medication_id)
			continue;
		a->scheduled += (int)r->rows[i].c.scheduled;
		a->taken += (int)r->rows[i].c.taken;
	}
}

/*
 * Each medication's doses over the whole months before this one and the
 * days of this one so far: a month still running counts its days to
 * come, which would make every count look late.
 */
struct breakdown {
	struct doses_report months;
	struct doses_report days;
};

static int
breakdown_reports(struct wire *w, int today, struct breakdown *b,
    struct error *err)
{
	int y, mo, d, month_start;

	memset(b, 0, sizeof *b);
	date_to_ymd(today, &y, &mo, &d);
	month_start = date_from_ymd(y, mo, 1);
	mo -= BREAKDOWN_MONTHS - 1;
	while (mo < 1) {
		mo += 12;
		y--;
	}
	if (doses_adherence(&w->doses, w->person_id, STORE_EVERY_MEDICATION,
	    ADH_MONTHLY, date_from_ymd(y, mo, 1), month_start - 1, &b->months,
	    err) != 0)
		return -1;
	return doses_adherence(&w->doses, w->person_id,
	    STORE_EVERY_MEDICATION, ADH_DAILY, month_start, today, &b->days,
	    err);
}

static int
add_breakdown(struct wire *w, struct ui_model *m, const struct meds_view *v,
    const struct breakdown *b, int today, struct error *err)
{
	struct ui_med_adherence *a = ui_model_add_med_adherence(m);

	if (a == NULL)
		return out_of_memory(err);
	snprintf(a->name, sizeof a->name, "%s %s", v->med.drug_name,
	    v->med.strength);
	add_counts(a, v->med.medication_id, &b->months);
	add_counts(a, v->med.medication_id, &b->days);
	return pdc_of(w, &v->med.medication_id, 1, today, &a->pdc, err);
}

/* Per medication over the last twelve months, with PDC over the year. */
static int
load_breakdown(struct wire *w, struct ui_model *m,
    const struct meds_view *views, size_t n, int today, struct error *err)
{
	struct breakdown b;
	int64_t *ids = calloc(n + 1, sizeof *ids);
	size_t active = 0;
	int rc;

	if (ids == NULL)
		return out_of_memory(err);
	rc = breakdown_reports(w, today, &b, err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (views[i].med.status == MED_DISCONTINUED ||
		    views[i].med.status == MED_COMPLETED)
			continue;
		ids[active++] = views[i].med.medication_id;
		rc = add_breakdown(w, m, &views[i], &b, today, err);
	}
	if (rc == 0)
		rc = pdc_of(w, ids, active, today, &m->adherence.pdc, err);
	doses_report_free(&b.months);
	doses_report_free(&b.days);
	free(ids);
	return rc;
}

static int
load_adherence(struct wire *w, struct ui_model *m,
    const struct meds_view *views, size_t n, int today, struct error *err)
{
	int first = today;

	for (size_t i = 0; i < n; i++) {
		if (views[i].med.start_day < first)
			first = views[i].med.start_day;
	}
	if (n == 0)
		return 0;
	if (first < today - CHART_DAYS)
		first = today - CHART_DAYS;
	if (load_series(w, m, ADH_DAILY, first, today, err) != 0 ||
	    load_series(w, m, ADH_WEEKLY, first, today, err) != 0 ||
	    doses_streaks(&w->doses, w->person_id, 0,
	    &m->adherence.current_streak, &m->adherence.longest_streak,
	    err) != 0)
		return -1;
	return load_breakdown(w, m, views, n, today, err);
}

/* The profile ----------------------------------------------------------- */

static const char *
value(const struct profile *p, enum profile_field f)
{
	return p->value[f] != NULL ? p->value[f] : "";
}

static void
fill_profile(const struct profile *p, struct ui_profile *u)
{
	double kg = 0;
	long cm = 0;

	str_copy(u->first_name, sizeof u->first_name, value(p, PF_FIRST_NAME));
	str_copy(u->last_name, sizeof u->last_name, value(p, PF_LAST_NAME));
	str_copy(u->date_of_birth, sizeof u->date_of_birth,
	    value(p, PF_DATE_OF_BIRTH));
	str_copy(u->gender, sizeof u->gender, value(p, PF_GENDER));
	str_copy(u->phone, sizeof u->phone, value(p, PF_PHONE_NUMBER));
	str_to_long(value(p, PF_HEIGHT_CM), &cm);
	str_to_double(value(p, PF_WEIGHT_KG), &kg);
	u->height_cm = (int)cm;
	u->weight_kg = kg;
	str_copy(u->blood_type, sizeof u->blood_type, value(p, PF_BLOOD_TYPE));
	str_copy(u->emergency_name, sizeof u->emergency_name,
	    value(p, PF_EMERGENCY_CONTACT_NAME));
	str_copy(u->emergency_phone, sizeof u->emergency_phone,
	    value(p, PF_EMERGENCY_CONTACT_PHONE));
	str_copy(u->notify.timezone, sizeof u->notify.timezone,
	    value(p, PF_TIMEZONE));
}

static int
load_conditions(struct wire *w, struct ui_model *m, struct error *err)
{
	struct condition_view *list;
	size_t n;
	int rc = 0;

	if (health_condition_list(w->session, w->person_id, &list, &n,
	    err) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct ui_condition *c = ui_model_add_condition(m);

		if (c == NULL) {
			rc = out_of_memory(err);
			break;
		}
		str_copy(c->name, sizeof c->name, list[i].name);
		if (list[i].code != NULL)
			str_copy(c->code, sizeof c->code, list[i].code);
		str_copy(c->severity, sizeof c->severity, list[i].severity);
		str_copy(c->status, sizeof c->status, list[i].status);
		str_copy(c->diagnosed, sizeof c->diagnosed,
		    list[i].diagnosed_date);
	}
	health_condition_list_free(list, n);
	return rc;
}

static int
load_allergies(struct wire *w, struct ui_model *m, struct error *err)
{
	struct allergy_view *list;
	size_t n;
	int rc = 0;

	if (health_allergy_list(w->session, w->person_id, &list, &n,
	    err) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct ui_allergy *a = ui_model_add_allergy(m);

		if (a == NULL) {
			rc = out_of_memory(err);
			break;
		}
		str_copy(a->allergen, sizeof a->allergen, list[i].allergen);
		str_copy(a->type, sizeof a->type, list[i].type);
		str_copy(a->severity, sizeof a->severity, list[i].severity);
		str_copy(a->reaction, sizeof a->reaction,
		    list[i].symptoms ? list[i].symptoms : "");
	}
	health_allergy_list_free(list, n);
	return rc;
}

static int
load_notify(struct wire *w, struct ui_notify *n, struct error *err)
{
	struct store_notify_settings s;

	if (account_notify_get(w->session, &s, err) != 0)
		return -1;
	n->reminders = s.medication_reminders;
	n->missed_doses = s.missed_dose_alerts;
	n->refills = s.refill_reminders;
	n->interactions = s.interaction_warnings;
	n->advance_minutes = s.advance_minutes;
	str_copy(n->quiet_start, sizeof n->quiet_start, s.quiet_start);
	str_copy(n->quiet_end, sizeof n->quiet_end, s.quiet_end);
	return 0;
}

static int
load_profile(struct wire *w, struct ui_model *m, struct error *err)
{
	struct profile p;

	if (health_profile_get(w->session, w->person_id, &p, err) != 0)
		return -1;
	fill_profile(&p, &m->profile);
	profile_clear(&p);
	if (load_conditions(w, m, err) != 0 || load_allergies(w, m, err) != 0)
		return -1;
	return load_notify(w, &m->profile.notify, err);
}

/* The whole model ----------------------------------------------------------- */

static int
load_record(struct wire *w, struct ui_model *m, struct error *err)
{
	struct meds_view *views = NULL;
	size_t n = 0;
	int today, rc;

	if (doses_local_today(&w->doses, w->person_id, &today, err) != 0 ||
	    doses_zone_of_day(&w->doses, w->person_id, today, m->zone,
	    err) != 0)
		return -1;
	day_iso(today, m->today);
	if (meds_list(w->session, &w->doses, w->person_id, &views, &n,
	    err) != 0)
		return -1;
	rc = load_meds(m, views, n, err);
	if (rc == 0)
		rc = load_today(w, m, today, views, n, err);
	if (rc == 0)
		rc = load_findings(w, m, err);
	if (rc == 0)
		rc = load_adherence(w, m, views, n, today, err);
	if (rc == 0)
		rc = load_profile(w, m, err);
	meds_list_free(views, n);
	return rc;
}

int
wire_load(void *ctx, struct ui_model *m, struct error *err)
{
	struct wire *w = ctx;

	ui_model_free(m);
	if (w->session == NULL)
		return 0;
	str_copy(m->account, sizeof m->account, session_email(w->session));
	if (load_people(w, m, err) != 0)
		return -1;
	if (!m->has_person)
		return 0;
	if (load_record(w, m, err) == 0)
		return 0;
	/* Half a record is worse than none: show what went wrong instead. */
	ui_model_free(m);
	return -1;
}
