#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/profile.h"
#include "service/account.h"
#include "service/health.h"
#include "service/meds.h"
#include "store/store_search.h"
#include "ui/wire_internal.h"

/*
 * What the forms save, each through the service that checks, seals,
 * audits and writes it in one transaction.
 */

#define SEARCH_MAX 32

static int
need_record(struct wire *w, struct error *err)
{
	if (w->session != NULL && w->person_id != 0)
		return 0;
	error_set(err, ERR_DENIED, _("no record is open"));
	return -1;
}

/* Medications ------------------------------------------------------------- */

/*
 * The form's dose times and amount as a schedule: "1 tablet 08:00,20:00";
 * without an amount, a dose is one of the medication's form.
 */
static void
schedule_of(const struct ui_med_draft *d, char *buf, size_t size)
{
	if (d->dose_amount > 0)
		snprintf(buf, size, "%g%s%s %s", d->dose_amount,
		    d->dose_unit[0] ? " " : "", d->dose_unit, d->times);
	else
		snprintf(buf, size, "%s", d->times);
}

static void
input_of(const struct ui_med_draft *d, int64_t drug_id, const char *spec,
    struct meds_input *in)
{
	memset(in, 0, sizeof *in);
	in->drug_id = drug_id;
	in->strength = d->strength;
	in->dosage_form = d->form;
	in->schedule = spec;
	in->start_date = d->start_date;
	in->end_date = d->end_date;
	in->prescriber = d->prescriber;
	in->pharmacy = d->pharmacy;
	in->instructions = d->instructions;
	in->quantity = d->quantity > 0 ? (int)d->quantity : 0;
	in->days_supply = d->days_supply > 0 ? (int)d->days_supply : 0;
	in->refills = (int)d->refills;
	in->critical = d->critical;
}

static int
screen_medication(void *ctx, const struct ui_med_draft *d,
    struct ui_findings *out, struct error *err)
{
	struct wire *w = ctx;
	struct meds_screening sc;
	char name[SEARCH_TEXT_SIZE];
	int64_t drug_id;
	int rc;

	if (need_record(w, err) != 0)
		return -1;
	/* An edit keeps the drug, so it brings nothing new to screen. */
	if (d->id != 0)
		return 0;
	if (meds_resolve_drug(w->cfg.st, d->drug, &drug_id, name, sizeof name,
	    err) != 0 || meds_screen_candidate(w->session, w->person_id,
	    drug_id, &sc, err) != 0)
		return -1;
	rc = wire_findings(&sc, out, err);
	meds_screening_free(&sc);
	return rc;
}

static int
save_medication(void *ctx, const struct ui_med_draft *d,
    const struct ui_override *ovr, struct error *err)
{
	struct wire *w = ctx;
	struct meds_override o = { ovr ? ovr->service : NULL,
	    ovr ? ovr->result : NULL, ovr ? ovr->note : NULL };
	struct meds_input in;
	char name[SEARCH_TEXT_SIZE], spec[256];
	int64_t drug_id, id;
	int rc;

	if (need_record(w, err) != 0 ||
	    meds_resolve_drug(w->cfg.st, d->drug, &drug_id, name, sizeof name,
	    err) != 0)
		return -1;
	schedule_of(d, spec, sizeof spec);
	input_of(d, drug_id, spec, &in);
	if (d->id != 0)
		rc = meds_edit(w->session, &w->doses, d->id, &in, err);
	else
		rc = meds_add_screened(w->session, &w->doses, w->person_id, &in,
		    ovr ? &o : NULL, &id, err);
	if (rc == 0)
		wire_reminders_changed(w);
	return rc;
}

static int
set_medication_status(void *ctx, int64_t medication_id,
    enum ui_med_status status, const char *reason, struct error *err)
{
	static const enum store_med_status to[] = {
		[UI_MED_ACTIVE] = MED_ACTIVE,
		[UI_MED_PAUSED] = MED_PAUSED,
		[UI_MED_COMPLETED] = MED_COMPLETED,
		[UI_MED_DISCONTINUED] = MED_DISCONTINUED,
	};
	struct wire *w = ctx;

	if (need_record(w, err) != 0 ||
	    meds_set_status(w->session, &w->doses, medication_id, to[status],
	    reason, err) != 0)
		return -1;
	wire_reminders_changed(w);
	return 0;
}

static int
add_fill(void *ctx, const struct ui_fill *f, bool override,
    struct ui_fill_done *done, struct error *err)
{
	struct wire *w = ctx;
	struct doses_fill_result res;
	struct store_fill fill;
	int rc;

	memset(done, 0, sizeof *done);
	memset(&fill, 0, sizeof fill);
	if (need_record(w, err) != 0)
		return -1;
	if (date_parse(f->date, &fill.day) != 0) {
		error_set(err, ERR_INVALID, _("the fill's date is not a date"));
		return -1;
	}
	fill.quantity = f->quantity;
	fill.days_supply = (int)f->days_supply;
	rc = meds_fill_add(w->session, &w->doses, f->medication_id, &fill,
	    override, &res, err);
	done->too_soon = res.too_soon;
	done->refills_remaining = res.refills_remaining;
	if (res.too_soon)
		date_format(res.earliest_day, done->due_from);
	if (rc == 0)
		wire_reminders_changed(w);
	return rc;
}

/* Drugs --------------------------------------------------------------------- */

static int
search_drugs(void *ctx, const char *query, struct ui_drug_hit *hits, int max,
    int *count, struct error *err)
{
	struct wire *w = ctx;
	struct search_hit found[SEARCH_MAX];
	size_t n = 0;

	if (store_search_drugs(w->cfg.st, query, found,
	    max < SEARCH_MAX ? (size_t)max : SEARCH_MAX, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		bool other = strcmp(found[i].matched, found[i].name) != 0;

		hits[i].drug_id = found[i].drug_id;
		snprintf(hits[i].name, sizeof hits[i].name, "%s%s%s%s",
		    found[i].name, other ? " (" : "",
		    other ? found[i].matched : "", other ? ")" : "");
	}
	*count = (int)n;
	return 0;
}

static int
try_drug(void *ctx, int64_t drug_id, struct ui_findings *out,
    struct error *err)
{
	struct wire *w = ctx;
	struct meds_screening sc;
	int rc;

	if (need_record(w, err) != 0 ||
	    meds_screen_candidate(w->session, w->person_id, drug_id, &sc,
	    err) != 0)
		return -1;
	rc = wire_findings(&sc, out, err);
	meds_screening_free(&sc);
	return rc;
}

static int
review_finding(void *ctx, const struct ui_finding *f, struct error *err)
{
	struct wire *w = ctx;

	if (need_record(w, err) != 0)
		return -1;
	return meds_review_finding(w->session, w->person_id, f->key, err);
}

/* The profile ------------------------------------------------------------- */

/* The profile's changes: what the form holds that the record does not. */
struct changes {
	struct profile_change list[PF_COUNT];
	char numbers[2][32];
	size_t n;
};

static void
change(struct changes *c, const struct profile *now, enum profile_field f,
    const char *typed)
{
	const char *was = now->value[f] != NULL ? now->value[f] : "";

	if (strcmp(was, typed) != 0) {
		c->list[c->n].field = f;
		c->list[c->n++].value = typed;
	}
}

static void
number_changes(struct changes *c, const struct profile *now,
    const struct ui_profile *p)
{
	long cm = 0;
	double kg = 0;

	c->numbers[0][0] = c->numbers[1][0] = '\0';
	if (p->height_cm > 0)
		snprintf(c->numbers[0], sizeof c->numbers[0], "%d",
		    p->height_cm);
	if (p->weight_kg > 0)
		snprintf(c->numbers[1], sizeof c->numbers[1], "%g",
		    p->weight_kg);
	/* Numbers are compared as numbers: "70" and "70.0" are one weight. */
	str_to_long(now->value[PF_HEIGHT_CM] ? now->value[PF_HEIGHT_CM] : "0",
	    &cm);
	str_to_double(now->value[PF_WEIGHT_KG] ? now->value[PF_WEIGHT_KG] :
	    "0", &kg);
	if (cm != p->height_cm) {
		c->list[c->n].field = PF_HEIGHT_CM;
		c->list[c->n++].value = c->numbers[0];
	}
	if (kg != p->weight_kg) {
		c->list[c->n].field = PF_WEIGHT_KG;
		c->list[c->n++].value = c->numbers[1];
	}
}

static void
profile_changes(struct changes *c, const struct profile *now,
    const struct ui_profile *p)
{
	c->n = 0;
	change(c, now, PF_FIRST_NAME, p->first_name);
	change(c, now, PF_LAST_NAME, p->last_name);
	change(c, now, PF_DATE_OF_BIRTH, p->date_of_birth);
	change(c, now, PF_GENDER, p->gender);
	change(c, now, PF_PHONE_NUMBER, p->phone);
	change(c, now, PF_BLOOD_TYPE, p->blood_type);
	change(c, now, PF_EMERGENCY_CONTACT_NAME, p->emergency_name);
	change(c, now, PF_EMERGENCY_CONTACT_PHONE, p->emergency_phone);
	number_changes(c, now, p);
}

static int
save_profile(void *ctx, const struct ui_profile *p, struct error *err)
{
	struct wire *w = ctx;
	struct changes c;
	struct profile now;
	int rc;

	if (need_record(w, err) != 0 ||
	    health_profile_get(w->session, w->person_id, &now, err) != 0)
		return -1;
	profile_changes(&c, &now, p);
	rc = c.n == 0 ? 0 : health_profile_update(w->session, w->person_id,
	    c.list, c.n, err);
	profile_clear(&now);
	return rc;
}

static int
save_notify(void *ctx, const struct ui_notify *n, struct error *err)
{
	struct wire *w = ctx;
	struct store_notify_settings s;
	struct profile now;
	bool zone_changed;
	int rc;

	if (need_record(w, err) != 0 ||
	    health_profile_get(w->session, w->person_id, &now, err) != 0)
		return -1;
	zone_changed = now.value[PF_TIMEZONE] == NULL ||
	    strcmp(now.value[PF_TIMEZONE], n->timezone) != 0;
	profile_clear(&now);
	memset(&s, 0, sizeof s);
	s.medication_reminders = n->reminders;
	s.missed_dose_alerts = n->missed_doses;
	s.refill_reminders = n->refills;
	s.interaction_warnings = n->interactions;
	s.advance_minutes = n->advance_minutes;
	str_copy(s.quiet_start, sizeof s.quiet_start, n->quiet_start);
	str_copy(s.quiet_end, sizeof s.quiet_end, n->quiet_end);
	rc = account_notify_set(w->session, &s, w->person_id,
	    zone_changed ? n->timezone : NULL, err);
	if (rc == 0)
		wire_reminders_changed(w);
	return rc;
}

static const char *
or_null(const char *text)
{
	return text[0] != '\0' ? text : NULL;
}

static int
add_condition(void *ctx, const struct ui_condition *c, struct error *err)
{
	struct wire *w = ctx;
	struct condition_input in;
	int64_t id;

	if (need_record(w, err) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.name = c->name;
	in.code = or_null(c->code);
	in.severity = or_null(c->severity);
	in.status = or_null(c->status);
	in.diagnosed_date = or_null(c->diagnosed);
	return health_condition_add(w->session, w->person_id, &in, &id, err);
}

static int
add_allergy(void *ctx, const struct ui_allergy *a, struct error *err)
{
	struct wire *w = ctx;
	struct allergy_input in;
	int64_t id;

	if (need_record(w, err) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.allergen = a->allergen;
	in.type = or_null(a->type);
	in.severity = or_null(a->severity);
	in.symptoms = or_null(a->reaction);
	return health_allergy_add(w->session, w->person_id, &in, &id, err);
}

void
wire_edit_services(struct ui_services *svc)
{
	svc->screen_medication = screen_medication;
	svc->save_medication = save_medication;
	svc->set_medication_status = set_medication_status;
	svc->add_fill = add_fill;
	svc->search_drugs = search_drugs;
	svc->try_drug = try_drug;
	svc->review_finding = review_finding;
	svc->save_profile = save_profile;
	svc->save_notify = save_notify;
	svc->add_condition = add_condition;
	svc->add_allergy = add_allergy;
}
