#include "config.h"

#include "service/meds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/date.h"
#include "common/i18n.h"
#include "common/strbuf.h"
#include "common/strutil.h"
#include "service/access.h"
#include "service/health.h"
#include "service/pharmacies.h"
#include "service/providers.h"
#include "service/session_internal.h"
#include "service/vault.h"
#include "store/people.h"
#include "store/store_screen.h"
#include "store/store_search.h"

#define MEDS "user_medications"
/*
 * A status change's reason is sealed once and kept twice, in the history
 * row and, for a discontinuation, in the medication's row; it is bound to
 * the history's reason column and the medication's id.
 */
#define REASONS "medication_status_history"
/*
 * A dose's note is bound to the person and column only (row 0): the
 * event's id is chosen inside doses_record, and a confirmed record
 * replaces an earlier one.
 */
#define DOSES "dose_events"
#define SUGGESTIONS 3

static int
out_of_memory(struct error *err)
{
	error_set(err, ERR_INTERNAL, _("out of memory"));
	return -1;
}

static void
name_by_email(void *data, int64_t user_id, char *buf, size_t size)
{
	struct session *s = data;
	struct store_account a;
	struct error err;

	if (store_account_get(s->st, user_id, &a, &err) != 0) {
		snprintf(buf, size, _("account %lld"), (long long)user_id);
		return;
	}
	snprintf(buf, size, "%s", a.email);
	store_account_free(&a);
}

void
meds_doses_ctx(struct session *s, const struct clock *clock,
    const struct settings *cfg, struct doses_ctx *dc)
{
	doses_ctx_init(dc, s->st, clock, cfg, s->user_id);
	dc->name_account = name_by_email;
	dc->name_data = s;
}

/* Drugs ---------------------------------------------------------------- */

static int
refuse_drug(const char *name, const struct search_hit *hits, size_t n,
    struct error *err)
{
	struct strbuf list = { 0 };

	for (size_t i = 0; i < n; i++)
		strbuf_printf(&list, "%s%s", i ? ", " : "", hits[i].name);
	if (n > 0)
		error_set(err, ERR_NOT_FOUND,
		    _("\"%s\" is not one drug of the catalogue; did you mean: %s?"),
		    name, strbuf_text(&list));
	else
		error_set(err, ERR_NOT_FOUND,
		    _("no drug of the catalogue is called \"%s\"; search by part of its name"),
		    name);
	strbuf_free(&list);
	return -1;
}

int
meds_resolve_drug(struct store *st, const char *name, int64_t *drug_id,
    char *shown, size_t size, struct error *err)
{
	struct search_hit hits[SUGGESTIONS + 1];
	struct drug_ref ref;
	size_t n = 0;
	int found = store_drug_resolve(st, name, &ref, err);

	if (found < 0)
		return -1;
	if (found == 1 && ref.drug_id != 0) {
		*drug_id = ref.drug_id;
		snprintf(shown, size, "%s", ref.name);
		return 0;
	}
	if (store_search_drugs(st, name, hits, SUGGESTIONS + 1, &n, err) != 0)
		return -1;
	if (n == 1 || (n > 1 && hits[0].match == SEARCH_EXACT &&
	    hits[1].match != SEARCH_EXACT)) {
		*drug_id = hits[0].drug_id;
		snprintf(shown, size, "%s", hits[0].name);
		return 0;
	}
	return refuse_drug(name, hits, n < SUGGESTIONS ? n : SUGGESTIONS, err);
}

/* Screening ------------------------------------------------------------ */

/* What the record says besides the drugs: allergies and conditions. */
struct record_context {
	struct allergy_view *allergies;
	size_t n_allergies;
	struct condition_view *conditions;
	size_t n_conditions;
	const char **allergy_names;
	const char **condition_codes;
	size_t n_codes;
};

static void
context_free(struct record_context *c)
{
	health_allergy_list_free(c->allergies, c->n_allergies);
	health_condition_list_free(c->conditions, c->n_conditions);
	free(c->allergy_names);
	free(c->condition_codes);
	memset(c, 0, sizeof *c);
}

/* Conditions screen by their ICD-10 code, while they are not resolved. */
static int
context_load(struct session *s, int64_t person_id, struct record_context *c,
    struct error *err)
{
	memset(c, 0, sizeof *c);
	if (health_allergy_list(s, person_id, &c->allergies, &c->n_allergies,
	    err) != 0 || health_condition_list(s, person_id, &c->conditions,
	    &c->n_conditions, err) != 0)
		return -1;
	c->allergy_names = calloc(c->n_allergies + 1, sizeof *c->allergy_names);
	c->condition_codes = calloc(c->n_conditions + 1,
	    sizeof *c->condition_codes);
	if (c->allergy_names == NULL || c->condition_codes == NULL)
		return out_of_memory(err);
	for (size_t i = 0; i < c->n_allergies; i++)
		c->allergy_names[i] = c->allergies[i].allergen;
	for (size_t i = 0; i < c->n_conditions; i++) {
		const struct condition_view *v = &c->conditions[i];

		if (v->code != NULL && strcmp(v->status, "resolved") != 0)
			c->condition_codes[c->n_codes++] = v->code;
	}
	return 0;
}

static int
screen_with(struct session *s, int64_t person_id, int64_t drug_id,
    const struct record_context *c, struct meds_screening *out,
    struct error *err)
{
	struct screen_request req;
	int64_t *drugs = NULL;
	size_t n = 0;
	int rc;

	if (store_person_active_drugs(s->st, person_id, &drugs, &n, err) != 0)
		return -1;
	memset(&req, 0, sizeof req);
	req.drug_ids = drugs;
	req.drug_count = n;
	req.candidate_drug_id = drug_id;
	req.allergies = c->allergy_names;
	req.allergy_count = c->n_allergies;
	req.conditions = c->condition_codes;
	req.condition_count = c->n_codes;
	rc = store_screen_facts(s->st, &req, &out->facts, err);
	free(drugs);
	if (rc != 0)
		return -1;
	if (screen_run(out->facts, &out->result, err) != 0)
		return -1;
	return store_apply_reviews(s->st, person_id, &out->result, err);
}

int
meds_screen_candidate(struct session *s, int64_t person_id, int64_t drug_id,
    struct meds_screening *out, struct error *err)
{
	struct record_context c;
	int rc;

	memset(out, 0, sizeof *out);
	out->drug_id = drug_id;
	if (access_require(s, person_id, PERM_VIEW, err) != 0)
		return -1;
	rc = context_load(s, person_id, &c, err);
	if (rc == 0)
		rc = screen_with(s, person_id, drug_id, &c, out, err);
	context_free(&c);
	if (rc != 0)
		meds_screening_free(out);
	return rc;
}

void
meds_screening_free(struct meds_screening *sc)
{
	screen_result_free(&sc->result);
	screen_facts_free(sc->facts);
	sc->facts = NULL;
}

bool
meds_finding_is_new(const struct meds_screening *sc,
    const struct screen_finding *f)
{
	if (sc->drug_id != 0 && !f->involves_candidate)
		return false;
	return screen_finding_shown(f);
}

bool
meds_needs_override(const struct meds_screening *sc)
{
	for (size_t i = 0; i < sc->result.count; i++) {
		const struct screen_finding *f = &sc->result.findings[i];

		if (f->severity == SCREEN_MAJOR && meds_finding_is_new(sc, f))
			return true;
	}
	return false;
}

/* Sealing -------------------------------------------------------------- */

/* Seals an optional text; "" and NULL both leave the column empty. */
static int
seal(struct session *s, int64_t person_id, const char *table,
    const char *column, int64_t row_id, const char *plain, struct blob *out,
    struct error *err)
{
	memset(out, 0, sizeof *out);
	if (plain == NULL || plain[0] == '\0')
		return 0;
	return vault_seal(s, person_id, table, column, row_id, plain, out,
	    err);
}

static struct store_sealed
sealed(const struct blob *b)
{
	struct store_sealed v = { b->data, b->len };

	return v;
}

/* The sealed columns an add or an edit writes, and the prescriber link. */
struct sealed_med {
	int64_t prescriber_id;		/* a directory entry, or 0 */
	struct blob prescriber;
	struct blob prescriber_npi;
	struct blob pharmacy;
	struct blob instructions;
};

/*
 * "#ID" names an entry of the provider directory: the prescription then
 * points to it and keeps its name and NPI as they were when written.
 * Anything else is the prescriber's name as typed.
 */
static int
seal_prescriber(struct session *s, int64_t person_id, int64_t row_id,
    const char *typed, struct sealed_med *out, struct error *err)
{
	struct store_provider p;
	char name[260];
	long id;

	if (typed == NULL || typed[0] != '#')
		return seal(s, person_id, MEDS, "prescriber_name", row_id,
		    typed, &out->prescriber, err);
	if (str_to_long(typed + 1, &id) != 0 || id < 1) {
		error_set(err, ERR_INVALID,
		    _("the prescriber \"%s\" is neither a name nor #ID of the provider directory (see \"prescripcare provider list\")"),
		    typed);
		return -1;
	}
	if (provider_get_active(s, id, &p, err) != 0)
		return -1;
	provider_display_name(&p, name, sizeof name);
	out->prescriber_id = id;
	if (seal(s, person_id, MEDS, "prescriber_name", row_id, name,
	    &out->prescriber, err) != 0)
		return -1;
	return seal(s, person_id, MEDS, "prescriber_npi", row_id,
	    p.npi_number[0] ? p.npi_number : NULL, &out->prescriber_npi, err);
}

static int
seal_med(struct session *s, int64_t person_id, int64_t row_id,
    const struct meds_input *in, struct sealed_med *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (seal_prescriber(s, person_id, row_id, in->prescriber, out,
	    err) != 0 ||
	    seal(s, person_id, MEDS, "pharmacy_name", row_id, in->pharmacy,
	    &out->pharmacy, err) != 0 ||
	    seal(s, person_id, MEDS, "instructions", row_id, in->instructions,
	    &out->instructions, err) != 0)
		return -1;
	return 0;
}

static void
sealed_med_free(struct sealed_med *m)
{
	blob_free(&m->prescriber);
	blob_free(&m->prescriber_npi);
	blob_free(&m->pharmacy);
	blob_free(&m->instructions);
}

/* Checks ---------------------------------------------------------------- */

static int
check_free_text(const char *what, const char *value, size_t max,
    struct error *err)
{
	if (value == NULL)
		return 0;
	if (strlen(value) > max) {
		error_set(err, ERR_INVALID, _("%s may have at most %zu bytes"),
		    what, max);
		return -1;
	}
	for (const char *p = value; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20) {
			error_set(err, ERR_INVALID,
			    _("%s may not contain control characters"), what);
			return -1;
		}
	}
	return 0;
}

/* A date as YYYY-MM-DD, or fallback when none is given. */
static int
parse_day(const char *what, const char *text, int fallback, int *day,
    struct error *err)
{
	if (text == NULL || text[0] == '\0') {
		*day = fallback;
		return 0;
	}
	if (date_parse(text, day) == 0)
		return 0;
	error_set(err, ERR_INVALID, _("%s must be a date as YYYY-MM-DD, not \"%s\""),
	    what, text);
	return -1;
}

static int
check_input(const struct meds_input *in, struct error *err)
{
	if (check_free_text(_("the prescriber"), in->prescriber, 128,
	    err) != 0 ||
	    check_free_text(_("the pharmacy"), in->pharmacy, 128, err) != 0 ||
	    check_free_text(_("the instructions"), in->instructions, 1000,
	    err) != 0)
		return -1;
	if (in->quantity < 0 || in->quantity > 10000 || in->days_supply < 0 ||
	    in->days_supply > 365 || in->refills < 0 || in->refills > 99) {
		error_set(err, ERR_INVALID,
		    _("the quantity must be 0 to 10000, the days of supply 0 to 365 and the refills 0 to 99"));
		return -1;
	}
	return 0;
}

/* The start and end days of the input; the start defaults to today. */
static int
dates_of(int64_t person_id, const struct meds_input *in,
    struct doses_ctx *dc, int *start, int *end, struct error *err)
{
	int today;

	if (doses_local_today(dc, person_id, &today, err) != 0)
		return -1;
	if (parse_day(_("the start date"), in->start_date, today, start,
	    err) != 0 || parse_day(_("the end date"), in->end_date,
	    SCHED_NO_END, end, err) != 0)
		return -1;
	if (*end != SCHED_NO_END && *end < *start) {
		error_set(err, ERR_INVALID,
		    _("the end date comes before the start date"));
		return -1;
	}
	return 0;
}

/* Adding ----------------------------------------------------------------- */

struct adding {
	struct session *s;
	struct doses_ctx *dc;
	int64_t person_id;
	const struct meds_input *in;
	const struct meds_override *ovr;
	int start, end;
	struct meds_screening sc;
	int64_t id;
};

/* The first major finding the candidate brings, for the refusal. */
static void
refuse_major(const struct meds_screening *sc, struct error *err)
{
	for (size_t i = 0; i < sc->result.count; i++) {
		const struct screen_finding *f = &sc->result.findings[i];

		if (f->severity != SCREEN_MAJOR || !meds_finding_is_new(sc, f))
			continue;
		error_set(err, ERR_CONFLICT,
		    _("major %s: %s%s%s; save it only with an override giving the NCPDP service and result codes and a note"),
		    dur_conflict_code(f->conflict), f->drug_name[0],
		    f->drug_name[1] != NULL ? " + " : "",
		    f->drug_name[1] != NULL ? f->drug_name[1] : f->subject);
		return;
	}
}

static int
record_override(struct adding *a, struct error *err)
{
	struct dur_override o;
	struct blob note = { NULL, 0 };
	int rc;

	if (dur_override_check(a->ovr->service_code, a->ovr->result_code,
	    a->ovr->note != NULL ? strlen(a->ovr->note) : 0, err) != 0 ||
	    check_free_text(_("the note"), a->ovr->note, 1000, err) != 0 ||
	    seal(a->s, a->person_id, "dur_overrides", "note", 0, a->ovr->note,
	    &note, err) != 0)
		return -1;
	memset(&o, 0, sizeof o);
	o.person_id = a->person_id;
	o.user_id = a->s->user_id;
	o.medication_id = a->id;
	o.service_code = a->ovr->service_code;
	o.result_code = a->ovr->result_code;
	o.note = note.data;
	o.note_size = note.len;
	o.at = session_now(a->s);
	rc = store_record_overrides(a->s->st, &o, &a->sc.result, err);
	blob_free(&note);
	return rc < 0 ? -1 : 0;
}

/* What was shown before saving counts as read from now on. */
static int
review_lesser(struct adding *a, struct error *err)
{
	for (size_t i = 0; i < a->sc.result.count; i++) {
		const struct screen_finding *f = &a->sc.result.findings[i];

		if (f->severity == SCREEN_MAJOR || !meds_finding_is_new(&a->sc, f))
			continue;
		if (store_review_finding(a->s->st, a->person_id, a->s->user_id,
		    f->key, session_now(a->s), err) != 0)
			return -1;
	}
	return 0;
}

static int
insert_med(struct adding *a, struct error *err)
{
	struct doses_med_input m;
	struct sealed_med sm;
	int64_t expected;
	int rc;

	if (store_next_row_id(a->s->st, MEDS, &expected, err) != 0 ||
	    seal_med(a->s, a->person_id, expected, a->in, &sm, err) != 0) {
		sealed_med_free(&sm);
		return -1;
	}
	memset(&m, 0, sizeof m);
	m.med.person_id = a->person_id;
	m.med.drug_id = a->in->drug_id;
	m.med.strength = a->in->strength;
	m.med.dosage_form = a->in->dosage_form;
	m.med.quantity_prescribed = a->in->quantity;
	m.med.refills_remaining = a->in->refills;
	m.med.days_supply = a->in->days_supply;
	m.med.dosing_schedule = a->in->schedule;
	m.med.start_day = a->start;
	m.med.end_day = a->end;
	m.med.is_critical = a->in->critical;
	m.med.prescriber_id = sm.prescriber_id;
	m.med.prescriber_name = sealed(&sm.prescriber);
	m.med.prescriber_npi = sealed(&sm.prescriber_npi);
	m.med.pharmacy_name = sealed(&sm.pharmacy);
	m.med.instructions = sealed(&sm.instructions);
	rc = doses_med_add(a->dc, &m, &a->id, err);
	sealed_med_free(&sm);
	if (rc == 0 && a->id != expected) {
		error_set(err, ERR_INTERNAL,
		    "the medication's id changed while it was sealed");
		return -1;
	}
	return rc;
}

static int
write_add(void *ctx, struct error *err)
{
	struct adding *a = ctx;
	struct record_context c;
	struct audit_note note = { "create", MEDS, 0, a->person_id,
	    "{\"fields\":[\"drug_id\",\"strength\",\"dosage_form\","
	    "\"dosing_schedule\",\"start_date\",\"end_date\","
	    "\"prescriber_name\",\"pharmacy_name\",\"instructions\"]}",
	    "medication added" };
	int rc;

	/* Screened again here: the record may have changed since. */
	rc = context_load(a->s, a->person_id, &c, err);
	if (rc == 0)
		rc = screen_with(a->s, a->person_id, a->in->drug_id, &c, &a->sc,
		    err);
	context_free(&c);
	if (rc != 0)
		return -1;
	if (meds_needs_override(&a->sc) && a->ovr == NULL) {
		refuse_major(&a->sc, err);
		return -1;
	}
	if (insert_med(a, err) != 0 ||
	    (meds_needs_override(&a->sc) && record_override(a, err) != 0) ||
	    review_lesser(a, err) != 0)
		return -1;
	note.record_id = a->id;
	return session_audit(a->s, &note, err);
}

int
meds_add_screened(struct session *s, struct doses_ctx *dc,
    int64_t person_id, const struct meds_input *in,
    const struct meds_override *ovr, int64_t *medication_id,
    struct error *err)
{
	struct adding a;
	int rc;

	memset(&a, 0, sizeof a);
	a.s = s;
	a.dc = dc;
	a.person_id = person_id;
	a.in = in;
	a.ovr = ovr;
	a.sc.drug_id = in->drug_id;
	if (access_require(s, person_id, PERM_EDIT, err) != 0 ||
	    check_input(in, err) != 0 ||
	    dates_of(person_id, in, dc, &a.start, &a.end, err) != 0)
		return -1;
	rc = session_in_transaction(s->st, write_add, &a, err);
	meds_screening_free(&a.sc);
	if (rc == 0)
		*medication_id = a.id;
	return rc;
}

/* Editing --------------------------------------------------------------- */

/* A rule's unit, where none means one of the medication's form. */
static const char *
unit_of(const struct sched_rule *r, const char *form)
{
	return r->unit[0] != '\0' ? r->unit : form;
}

static bool
same_rule(const struct sched_rule *a, const struct sched_rule *b,
    const char *form)
{
	return a->kind == b->kind && a->minute == b->minute &&
	    a->interval_hours == b->interval_hours &&
	    a->weekdays == b->weekdays && a->every_n_days == b->every_n_days &&
	    a->cycle_on == b->cycle_on && a->cycle_off == b->cycle_off &&
	    a->prn_min_interval_minutes == b->prn_min_interval_minutes &&
	    a->prn_max_per_day == b->prn_max_per_day &&
	    a->valid_from == b->valid_from && a->valid_until == b->valid_until &&
	    a->amount == b->amount &&
	    strcasecmp(unit_of(a, form), unit_of(b, form)) == 0;
}

static bool
has_rule(const struct sched_spec *spec, const struct sched_rule *r,
    const char *form)
{
	for (size_t i = 0; i < spec->n; i++) {
		if (same_rule(&spec->rules[i], r, form))
			return true;
	}
	return false;
}

/*
 * Whether two SPECs stand for the same rules, however they are written:
 * in any order, with "1 tablet" or nothing for one tablet.
 */
static bool
same_schedule(const char *a, const char *b, const char *form)
{
	struct sched_spec x, y;
	struct error ignored;
	bool same;

	if (sched_parse(a, &x, &ignored) != 0)
		return false;
	if (sched_parse(b, &y, &ignored) != 0) {
		sched_spec_free(&x);
		return false;
	}
	same = x.n == y.n;
	for (size_t i = 0; same && i < x.n; i++)
		same = has_rule(&y, &x.rules[i], form) &&
		    has_rule(&x, &y.rules[i], form);
	sched_spec_free(&x);
	sched_spec_free(&y);
	return same;
}

struct editing {
	struct session *s;
	const struct meds_input *in;
	struct store_med med;
	int end;
};

static int
write_edit(void *ctx, struct error *err)
{
	struct editing *e = ctx;
	struct audit_note note = { "update", MEDS, e->med.medication_id,
	    e->med.person_id, "{\"fields\":[\"quantity_prescribed\","
	    "\"days_supply\",\"refills_remaining\",\"end_date\",\"is_critical\","
	    "\"prescriber_name\",\"prescriber_npi\",\"prescriber_id\","
	    "\"pharmacy_name\",\"instructions\"]}", "medication changed" };
	struct store_med_edit ed;
	struct sealed_med sm;
	int rc;

	if (seal_med(e->s, e->med.person_id, e->med.medication_id, e->in, &sm,
	    err) != 0) {
		sealed_med_free(&sm);
		return -1;
	}
	memset(&ed, 0, sizeof ed);
	ed.medication_id = e->med.medication_id;
	ed.quantity_prescribed = e->in->quantity;
	ed.days_supply = e->in->days_supply;
	ed.refills_remaining = e->in->refills;
	ed.end_day = e->end;
	ed.is_critical = e->in->critical;
	ed.prescriber_id = sm.prescriber_id;
	ed.prescriber_name = sealed(&sm.prescriber);
	ed.prescriber_npi = sealed(&sm.prescriber_npi);
	ed.pharmacy_name = sealed(&sm.pharmacy);
	ed.instructions = sealed(&sm.instructions);
	rc = store_med_edit(e->s->st, &ed, session_now(e->s), err);
	sealed_med_free(&sm);
	return rc != 0 ? -1 : session_audit(e->s, &note, err);
}

/* Refuses an edit that would make the prescription another one. */
static int
check_unchanged(const struct store_med *med, const char *schedule,
    const struct meds_input *in, int start, struct error *err)
{
	if (in->drug_id == med->drug_id &&
	    strcmp(in->strength, med->strength) == 0 &&
	    strcmp(in->dosage_form, med->dosage_form) == 0 &&
	    start == med->start_day &&
	    same_schedule(in->schedule, schedule, med->dosage_form))
		return 0;
	error_set(err, ERR_INVALID,
	    _("a new drug, strength, form, dose times or start date makes a new prescription: discontinue this one and add the new one, so that what was taken stays with the old"));
	return -1;
}

static int
open_field(struct session *s, const struct store_med *m, const char *table,
    const char *column, const struct blob *b, char **out, struct error *err)
{
	return vault_open(s, m->person_id, table, column, m->medication_id, b,
	    out, err);
}

/*
 * A form shows a linked prescriber by name; saved unchanged, that name
 * keeps the link to the directory entry rather than replacing it.
 */
static int
keep_prescriber_link(struct session *s, const struct store_med *m,
    const struct store_med_details *d, const char *typed, char *id_text,
    size_t size, const char **prescriber, struct error *err)
{
	char *stored = NULL;
	bool same;

	*prescriber = typed;
	if (d->prescriber_id == 0 || typed == NULL || typed[0] == '#')
		return 0;
	if (open_field(s, m, MEDS, "prescriber_name", &d->prescriber_name,
	    &stored, err) != 0)
		return -1;
	same = stored != NULL && strcmp(stored, typed) == 0;
	vault_free_text(stored);
	if (same) {
		snprintf(id_text, size, "#%lld", (long long)d->prescriber_id);
		*prescriber = id_text;
	}
	return 0;
}

int
meds_edit(struct session *s, struct doses_ctx *dc, int64_t medication_id,
    const struct meds_input *in, struct error *err)
{
	struct store_med_details d;
	struct meds_input kept = *in;
	struct editing e;
	char id_text[24];
	int start, rc;

	memset(&e, 0, sizeof e);
	e.s = s;
	e.in = &kept;
	if (store_med_get(s->st, medication_id, &e.med, err) != 0 ||
	    access_require(s, e.med.person_id, PERM_EDIT, err) != 0 ||
	    check_input(in, err) != 0 ||
	    dates_of(e.med.person_id, in, dc, &start, &e.end, err) != 0 ||
	    store_med_details_get(s->st, medication_id, &d, err) != 0)
		return -1;
	rc = check_unchanged(&e.med, d.dosing_schedule, in, start, err);
	if (rc == 0)
		rc = keep_prescriber_link(s, &e.med, &d, in->prescriber,
		    id_text, sizeof id_text, &kept.prescriber, err);
	store_med_details_free(&d);
	if (rc != 0)
		return -1;
	return session_in_transaction(s->st, write_edit, &e, err);
}

/* Status ------------------------------------------------------------------ */

struct status_change {
	struct session *s;
	struct doses_ctx *dc;
	struct store_med med;
	enum store_med_status status;
	const char *reason;
};

static int
write_status(void *ctx, struct error *err)
{
	struct status_change *c = ctx;
	char values[96];
	struct audit_note note = { "update", MEDS, c->med.medication_id,
	    c->med.person_id, values, "medication status changed" };
	struct blob reason;
	int rc;

	if (seal(c->s, c->med.person_id, REASONS, "reason",
	    c->med.medication_id, c->reason, &reason, err) != 0)
		return -1;
	rc = doses_med_set_status(c->dc, c->med.medication_id, c->status,
	    sealed(&reason), err);
	blob_free(&reason);
	if (rc != 0)
		return -1;
	snprintf(values, sizeof values, "{\"fields\":[\"status\"%s],"
	    "\"status\":\"%s\"}", c->reason && c->reason[0] ?
	    ",\"reason\"" : "", store_med_status_name(c->status));
	return session_audit(c->s, &note, err);
}

int
meds_set_status(struct session *s, struct doses_ctx *dc,
    int64_t medication_id, enum store_med_status status, const char *reason,
    struct error *err)
{
	struct status_change c = { s, dc, { 0 }, status, reason };

	if (store_med_get(s->st, medication_id, &c.med, err) != 0 ||
	    access_require(s, c.med.person_id, PERM_EDIT, err) != 0 ||
	    check_free_text(_("the reason"), reason, 1000, err) != 0)
		return -1;
	if (status == MED_DISCONTINUED && (reason == NULL ||
	    reason[0] == '\0')) {
		error_set(err, ERR_INVALID,
		    _("say why the medication is stopped, for the record"));
		return -1;
	}
	return session_in_transaction(s->st, write_status, &c, err);
}

/* Fills -------------------------------------------------------------------- */

struct new_fill {
	struct session *s;
	struct doses_ctx *dc;
	struct store_med med;
	const struct store_fill *fill;
	bool override;
	struct doses_fill_result *out;
};

static int
write_fill(void *ctx, struct error *err)
{
	struct new_fill *f = ctx;
	char values[96];
	struct audit_note note = { "create", "medication_fills", 0,
	    f->med.person_id, values, "fill recorded" };

	if (doses_fill_add(f->dc, f->med.medication_id, f->fill, f->override,
	    f->out, err) != 0)
		return -1;
	note.record_id = f->out->fill_id;
	snprintf(values, sizeof values, "{\"medication_id\":%lld%s}",
	    (long long)f->med.medication_id,
	    f->out->too_soon ? ",\"too_soon_overridden\":true" : "");
	return session_audit(f->s, &note, err);
}

int
meds_fill_add(struct session *s, struct doses_ctx *dc,
    int64_t medication_id, const struct store_fill *fill, bool override,
    struct doses_fill_result *out, struct error *err)
{
	struct new_fill f = { s, dc, { 0 }, fill, override, out };
	int today;

	memset(out, 0, sizeof *out);
	if (store_med_get(s->st, medication_id, &f.med, err) != 0 ||
	    access_require(s, f.med.person_id, PERM_EDIT, err) != 0 ||
	    doses_local_today(dc, f.med.person_id, &today, err) != 0)
		return -1;
	if (fill->day > today) {
		error_set(err, ERR_INVALID,
		    _("the fill's date is after today; a fill is recorded once it is dispensed"));
		return -1;
	}
	if (fill->pharmacy_id != 0 &&
	    pharmacy_check_usable(s, fill->pharmacy_id, err) != 0)
		return -1;
	return session_in_transaction(s->st, write_fill, &f, err);
}

/* Reviews ------------------------------------------------------------------ */

int
meds_review_finding(struct session *s, int64_t person_id,
    const char *finding_key, struct error *err)
{
	if (access_require(s, person_id, PERM_EDIT, err) != 0)
		return -1;
	return store_review_finding(s->st, person_id, s->user_id, finding_key,
	    session_now(s), err);
}

/* Listing ---------------------------------------------------------------- */

static int
open_details(struct session *s, struct meds_view *v, struct error *err)
{
	struct store_med_details d;
	int rc;

	if (store_med_details_get(s->st, v->med.medication_id, &d, err) != 0)
		return -1;
	v->quantity = d.quantity_prescribed;
	snprintf(v->schedule, sizeof v->schedule, "%s", d.dosing_schedule);
	rc = open_field(s, &v->med, MEDS, "prescriber_name",
	    &d.prescriber_name, &v->prescriber, err);
	if (rc == 0)
		rc = open_field(s, &v->med, MEDS, "pharmacy_name",
		    &d.pharmacy_name, &v->pharmacy, err);
	if (rc == 0)
		rc = open_field(s, &v->med, MEDS, "instructions",
		    &d.instructions, &v->instructions, err);
	if (rc == 0)
		rc = open_field(s, &v->med, REASONS, "reason",
		    &d.status_reason, &v->status_reason, err);
	store_med_details_free(&d);
	return rc;
}

static int
forecast(struct session *s, struct doses_ctx *dc, struct meds_view *v,
    struct error *err)
{
	struct store_fill *fills = NULL;
	size_t n = 0;

	if (store_fills(s->st, v->med.medication_id, &fills, &n, err) != 0)
		return -1;
	free(fills);
	v->has_fill = n > 0;
	if (!v->has_fill)
		return 0;
	return doses_refill_forecast(dc, v->med.medication_id, &v->on_hand,
	    &v->refill, err);
}

int
meds_list(struct session *s, struct doses_ctx *dc, int64_t person_id,
    struct meds_view **list, size_t *count, struct error *err)
{
	struct store_med *meds = NULL;
	size_t n = 0;
	int rc = 0;

	*list = NULL;
	*count = 0;
	if (access_read(s, person_id, MEDS, err) != 0 ||
	    store_med_list(s->st, person_id, false, &meds, &n, err) != 0)
		return -1;
	*list = calloc(n ? n : 1, sizeof **list);
	if (*list == NULL) {
		free(meds);
		return out_of_memory(err);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		(*list)[i].med = meds[i];
		rc = open_details(s, &(*list)[i], err);
		if (rc == 0)
			rc = forecast(s, dc, &(*list)[i], err);
	}
	free(meds);
	if (rc != 0) {
		meds_list_free(*list, n);
		*list = NULL;
		return -1;
	}
	*count = n;
	return 0;
}

void
meds_list_free(struct meds_view *list, size_t count)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < count; i++) {
		vault_free_text(list[i].prescriber);
		vault_free_text(list[i].pharmacy);
		vault_free_text(list[i].instructions);
		vault_free_text(list[i].status_reason);
	}
	free(list);
}

/* Doses ------------------------------------------------------------------- */

int
meds_record_dose(struct session *s, struct doses_ctx *dc,
    const struct doses_request *req, const char *note,
    struct doses_outcome *out, struct error *err)
{
	const char *via = dc->recorded_via;
	struct doses_request sealed_req = *req;
	struct blob sealed_note;
	int rc;

	memset(out, 0, sizeof *out);
	if (access_require(s, req->person_id, PERM_RECORD, err) != 0 ||
	    check_free_text(_("the note"), note, 1000, err) != 0 ||
	    seal(s, req->person_id, DOSES, "notes", 0, note, &sealed_note,
	    err) != 0)
		return -1;
	sealed_req.note = sealed(&sealed_note);
	if (req->person_id != s->self_person)
		dc->recorded_via = "caregiver";
	rc = doses_record(dc, &sealed_req, out, err);
	dc->recorded_via = via;
	blob_free(&sealed_note);
	return rc;
}

int
meds_dose_note(struct session *s, int64_t person_id, int64_t event_id,
    bool archived, char **note, struct error *err)
{
	struct blob sealed_note = { NULL, 0 };
	int rc;

	*note = NULL;
	if (access_require(s, person_id, PERM_VIEW, err) != 0 ||
	    store_dose_note(s->st, event_id, archived, &sealed_note, err) != 0)
		return -1;
	rc = vault_open(s, person_id, DOSES, "notes", 0, &sealed_note, note,
	    err);
	blob_free(&sealed_note);
	return rc;
}
