#include "config.h"

#include "service/health.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "service/access.h"
#include "domain/keys.h"
#include "service/session_internal.h"
#include "service/vault.h"
#include "store/health.h"
#include "store/people.h"

#define PROFILES "user_profiles"
#define CONDITIONS "user_medical_conditions"
#define ALLERGIES "user_allergies"

/* Which profile fields are sealed, and in which column. */
static const struct {
	enum profile_field field;
	enum store_profile_sealed slot;
} sealed_fields[] = {
	{ PF_FIRST_NAME, SP_FIRST_NAME },
	{ PF_LAST_NAME, SP_LAST_NAME },
	{ PF_DATE_OF_BIRTH, SP_DATE_OF_BIRTH },
	{ PF_PHONE_NUMBER, SP_PHONE_NUMBER },
	{ PF_EMERGENCY_CONTACT_NAME, SP_EMERGENCY_CONTACT_NAME },
	{ PF_EMERGENCY_CONTACT_PHONE, SP_EMERGENCY_CONTACT_PHONE },
	{ PF_ADDRESS_LINE1, SP_ADDRESS_LINE1 },
	{ PF_ADDRESS_LINE2, SP_ADDRESS_LINE2 },
	{ PF_CITY, SP_CITY },
	{ PF_STATE_PROVINCE, SP_STATE_PROVINCE },
	{ PF_POSTAL_CODE, SP_POSTAL_CODE },
	{ PF_COUNTRY, SP_COUNTRY },
};

#define SEALED_COUNT (sizeof sealed_fields / sizeof *sealed_fields)

static int
out_of_memory(struct error *err)
{
	error_set(err, ERR_INTERNAL, _("out of memory"));
	return -1;
}

void
health_date_of(int64_t now, char today[11])
{
	time_t t = (time_t)now;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(today, 11, "%Y-%m-%d", &tm) != 10)
		str_copy(today, 11, "9999-12-31");
}

void
health_today(const struct session *s, char today[11])
{
	health_date_of(session_now(s), today);
}

/* Seals one column's value; ctx knows the key or the session. */
typedef int (*sealer)(void *ctx, const char *column, const char *plain,
    struct blob *out, struct error *err);

struct key_sealer {
	const unsigned char *key;
	uint32_t version;
	struct field_place place;
};

static int
seal_with_key(void *ctx, const char *column, const char *plain,
    struct blob *out, struct error *err)
{
	struct key_sealer *k = ctx;

	blob_free(out);
	if (plain == NULL)
		return 0;
	k->place.column = column;
	return keys_field_seal(k->key, k->version, &k->place, plain,
	    strlen(plain), out, err);
}

struct session_sealer {
	struct session *s;
	int64_t person_id;
	const char *table;
	int64_t row_id;
};

static int
seal_for_session(void *ctx, const char *column, const char *plain,
    struct blob *out, struct error *err)
{
	struct session_sealer *v = ctx;

	return vault_seal(v->s, v->person_id, v->table, column, v->row_id,
	    plain, out, err);
}

/* Profiles: clear text <-> store -------------------------------------- */

static int
profile_to_store(const struct profile *p, struct store_profile *sp,
    sealer seal, void *ctx, struct error *err)
{
	const char *const *v = (const char *const *)p->value;
	double kg = 0;
	long cm = 0;

	for (size_t i = 0; i < SEALED_COUNT; i++) {
		enum store_profile_sealed slot = sealed_fields[i].slot;

		if (seal(ctx, store_profile_sealed_columns[slot],
		    v[sealed_fields[i].field], &sp->sealed[slot], err) != 0)
			return -1;
	}
	str_copy(sp->gender, sizeof sp->gender, v[PF_GENDER] ?
	    v[PF_GENDER] : "prefer_not_to_say");
	if (v[PF_HEIGHT_CM] != NULL)
		str_to_long(v[PF_HEIGHT_CM], &cm);
	if (v[PF_WEIGHT_KG] != NULL)
		str_to_double(v[PF_WEIGHT_KG], &kg);
	sp->height_cm = cm;
	sp->weight_kg = kg;
	str_copy(sp->blood_type, sizeof sp->blood_type,
	    v[PF_BLOOD_TYPE] ? v[PF_BLOOD_TYPE] : "");
	str_copy(sp->timezone, sizeof sp->timezone,
	    v[PF_TIMEZONE] ? v[PF_TIMEZONE] : "UTC");
	str_copy(sp->travel_timezone, sizeof sp->travel_timezone,
	    v[PF_TRAVEL_TIMEZONE] ? v[PF_TRAVEL_TIMEZONE] : "");
	str_copy(sp->preferred_language, sizeof sp->preferred_language,
	    v[PF_PREFERRED_LANGUAGE] ? v[PF_PREFERRED_LANGUAGE] : "en");
	return 0;
}

static int
set_text(struct profile *p, enum profile_field f, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return 0;
	p->value[f] = strdup(text);
	return p->value[f] != NULL ? 0 : -1;
}

static int
plain_fields(const struct store_profile *sp, struct profile *p)
{
	char number[32];
	int rc = 0;

	rc |= set_text(p, PF_GENDER, sp->gender);
	if (sp->height_cm > 0) {
		snprintf(number, sizeof number, "%lld",
		    (long long)sp->height_cm);
		rc |= set_text(p, PF_HEIGHT_CM, number);
	}
	if (sp->weight_kg > 0) {
		snprintf(number, sizeof number, "%g", sp->weight_kg);
		rc |= set_text(p, PF_WEIGHT_KG, number);
	}
	rc |= set_text(p, PF_BLOOD_TYPE, sp->blood_type);
	rc |= set_text(p, PF_TIMEZONE, sp->timezone);
	rc |= set_text(p, PF_TRAVEL_TIMEZONE, sp->travel_timezone);
	rc |= set_text(p, PF_PREFERRED_LANGUAGE, sp->preferred_language);
	p->bmi = sp->bmi;
	return rc;
}

/* Reads and opens a profile, without the read being audited. */
static int
load_profile(struct session *s, int64_t person_id, struct store_profile *sp,
    struct profile *p, struct error *err)
{
	memset(p, 0, sizeof *p);
	if (store_profile_get(s->st, person_id, sp, err) != 0)
		return -1;
	for (size_t i = 0; i < SEALED_COUNT; i++) {
		enum store_profile_sealed slot = sealed_fields[i].slot;

		if (vault_open(s, person_id, PROFILES,
		    store_profile_sealed_columns[slot], sp->profile_id,
		    &sp->sealed[slot], &p->value[sealed_fields[i].field],
		    err) != 0)
			goto fail;
	}
	if (plain_fields(sp, p) == 0)
		return 0;
	out_of_memory(err);
fail:
	profile_clear(p);
	store_profile_free(sp);
	return -1;
}

int
health_profile_get(struct session *s, int64_t person_id, struct profile *p,
    struct error *err)
{
	struct store_profile sp;

	memset(p, 0, sizeof *p);
	if (access_read(s, person_id, PROFILES, err) != 0 ||
	    load_profile(s, person_id, &sp, p, err) != 0)
		return -1;
	store_profile_free(&sp);
	return 0;
}

int
health_person_names(struct session *s, int64_t person_id, char **first,
    char **full, struct error *err)
{
	struct store_profile sp;
	struct profile p;
	size_t len;

	if (first != NULL)
		*first = NULL;
	if (full != NULL)
		*full = NULL;
	/* A name is part of the record: reading another's is audited too. */
	if (access_read(s, person_id, PROFILES, err) != 0 ||
	    load_profile(s, person_id, &sp, &p, err) != 0)
		return -1;
	store_profile_free(&sp);
	len = strlen(p.value[PF_FIRST_NAME] ? p.value[PF_FIRST_NAME] : "") +
	    strlen(p.value[PF_LAST_NAME] ? p.value[PF_LAST_NAME] : "") + 2;
	if (full != NULL && (*full = malloc(len)) != NULL)
		snprintf(*full, len, "%s%s%s", p.value[PF_FIRST_NAME] ?
		    p.value[PF_FIRST_NAME] : "", p.value[PF_LAST_NAME] ? " " :
		    "", p.value[PF_LAST_NAME] ? p.value[PF_LAST_NAME] : "");
	if (first != NULL) {
		*first = p.value[PF_FIRST_NAME];
		p.value[PF_FIRST_NAME] = NULL;
	}
	profile_clear(&p);
	if ((full != NULL && *full == NULL) ||
	    (first != NULL && *first == NULL)) {
		if (full != NULL) {
			vault_free_text(*full);
			*full = NULL;
		}
		if (first != NULL) {
			vault_free_text(*first);
			*first = NULL;
		}
		return out_of_memory(err);
	}
	return 0;
}

/* New records ---------------------------------------------------------- */

int
health_check_new_record(const char *first_name, const char *last_name,
    const char *date_of_birth, const char *today, struct error *err)
{
	char *normal = NULL;

	if (profile_validate(PF_FIRST_NAME, first_name ? first_name : "",
	    today, &normal, err) != 0)
		return -1;
	keys_free_text(normal);
	if (last_name != NULL) {
		if (profile_validate(PF_LAST_NAME, last_name, today, &normal,
		    err) != 0)
			return -1;
		keys_free_text(normal);
	}
	if (date_of_birth != NULL &&
	    profile_check_past_date("date_of_birth", date_of_birth, today,
	    err) != 0)
		return -1;
	return 0;
}

/* The machine's zone when it names one of the tz database, else UTC. */
static void
default_zone(char *buf, size_t size)
{
	const char *tz = getenv("TZ");
	char line[128] = "";
	char *normal = NULL;
	struct error ignored;
	FILE *fp;

	str_copy(buf, size, "UTC");
	if (tz != NULL && *tz == ':')
		tz++;
	if (tz == NULL || *tz == '\0') {
		if ((fp = fopen("/etc/timezone", "r")) != NULL) {
			if (fgets(line, sizeof line, fp) == NULL)
				line[0] = '\0';
			fclose(fp);
		}
		tz = str_trim(line);
	}
	if (*tz != '\0' && profile_validate(PF_TIMEZONE, tz, NULL, &normal,
	    &ignored) == 0) {
		str_copy(buf, size, normal);
		free(normal);
	}
}

static int
save_new_profile(struct store *st, const struct new_record *r,
    int64_t person_id, const unsigned char *key, struct error *err)
{
	struct key_sealer k = { key, 1, { PROFILES, NULL, person_id, 0 } };
	struct store_profile sp;
	struct profile p;
	char zone[65];
	int rc;

	memset(&sp, 0, sizeof sp);
	memset(&p, 0, sizeof p);
	default_zone(zone, sizeof zone);
	sp.person_id = person_id;
	if (store_next_row_id(st, PROFILES, &sp.profile_id, err) != 0)
		return -1;
	k.place.row_id = sp.profile_id;
	p.value[PF_FIRST_NAME] = (char *)r->first_name;
	/* The schema wants a last name; an empty one is allowed. */
	p.value[PF_LAST_NAME] = (char *)(r->last_name ? r->last_name : "");
	p.value[PF_DATE_OF_BIRTH] = (char *)r->date_of_birth;
	p.value[PF_TIMEZONE] = zone;
	rc = profile_to_store(&p, &sp, seal_with_key, &k, err);
	if (rc == 0)
		rc = store_profile_save(st, &sp, r->now, err);
	store_profile_free(&sp);
	return rc;
}

int
health_create_record(struct store *st, const struct new_record *r,
    int64_t *person_id, struct error *err)
{
	unsigned char sealed[KEYS_SEALED_DATA_KEY_BYTES];
	unsigned char *key;
	int rc;

	if (store_person_insert(st, r->managed_by, r->now, person_id, err) != 0
	    || (key = keys_data_key_new(err)) == NULL)
		return -1;
	rc = keys_seal_data_key(key, r->public_key, sealed, err);
	if (rc == 0)
		rc = store_person_key_put(st, *person_id, r->managed_by, 1,
		    sealed, sizeof sealed, r->now, err);
	if (rc == 0)
		rc = save_new_profile(st, r, *person_id, key, err);
	keys_secure_free(key);
	return rc;
}

struct person_add {
	struct session *s;
	struct new_record record;
	int64_t person_id;
};

static int
write_person(void *ctx, struct error *err)
{
	struct person_add *a = ctx;
	struct audit_note note = { "create", "people", 0, 0,
	    "{\"fields\":[\"first_name\",\"last_name\",\"date_of_birth\"]}",
	    "record created" };

	if (health_create_record(a->s->st, &a->record, &a->person_id,
	    err) != 0)
		return -1;
	note.record_id = note.person_id = a->person_id;
	return session_audit(a->s, &note, err);
}

int
health_person_add(struct session *s, const char *first_name,
    const char *last_name, const char *date_of_birth, int64_t *person_id,
    struct error *err)
{
	struct person_add a;
	char today[11];

	if (session_check_open(s, err) != 0)
		return -1;
	health_today(s, today);
	if (health_check_new_record(first_name, last_name, date_of_birth,
	    today, err) != 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.s = s;
	a.record.managed_by = s->user_id;
	a.record.public_key = s->keys.public_key;
	a.record.first_name = first_name;
	a.record.last_name = last_name;
	a.record.date_of_birth = date_of_birth;
	a.record.now = session_now(s);
	if (session_in_transaction(s->st, write_person, &a, err) != 0)
		return -1;
	*person_id = a.person_id;
	return 0;
}

/* People the session may see ------------------------------------------ */

void
health_people_free(struct person_entry *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		vault_free_text(list[i].name);
	free(list);
}

static int
fill_entry(struct session *s, int64_t person_id, struct person_entry *e,
    struct error *err)
{
	e->person_id = person_id;
	e->is_self = person_id == s->self_person;
	if (access_permissions(s, person_id, &e->permissions, err) != 0 ||
	    access_read(s, person_id, PROFILES, err) != 0)
		return -1;
	return health_person_names(s, person_id, NULL, &e->name, err);
}

int
health_people_list(struct session *s, struct person_entry **list,
    size_t *count, struct error *err)
{
	int64_t *people;
	size_t n, filled = 0;

	if (store_person_visible(s->st, s->user_id, &people, &n, err) != 0)
		return -1;
	*list = calloc(n ? n : 1, sizeof **list);
	if (*list == NULL) {
		free(people);
		return out_of_memory(err);
	}
	/* The account's own record leads. */
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			if ((people[i] == s->self_person) != (pass == 0))
				continue;
			if (fill_entry(s, people[i], &(*list)[filled], err) != 0)
				goto fail;
			filled++;
		}
	}
	free(people);
	*count = filled;
	return 0;
fail:
	free(people);
	health_people_free(*list, filled + 1);
	*list = NULL;
	return -1;
}

/* Profile changes ------------------------------------------------------ */

/* A JSON list of field names, the only trace of a change in the log. */
static void
field_list(char *buf, size_t size, const char *const *names, size_t count)
{
	size_t used = (size_t)snprintf(buf, size, "{\"fields\":[");

	for (size_t i = 0; i < count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s\"%s\"",
		    i ? "," : "", names[i]);
	if (used < size)
		snprintf(buf + used, size - used, "]}");
}

struct profile_update {
	struct session *s;
	int64_t person_id;
	struct profile *p;
	const char *names[PF_COUNT];
	size_t changed;
};

static int
write_profile(void *ctx, struct error *err)
{
	struct profile_update *u = ctx;
	struct store_profile sp;
	struct session_sealer v = { u->s, u->person_id, PROFILES, 0 };
	char values[512];
	struct audit_note note = { "update", PROFILES, 0, u->person_id, values,
	    "profile changed" };
	int rc;

	if (store_profile_get(u->s->st, u->person_id, &sp, err) != 0)
		return -1;
	v.row_id = note.record_id = sp.profile_id;
	rc = profile_to_store(u->p, &sp, seal_for_session, &v, err);
	if (rc == 0)
		rc = store_profile_save(u->s->st, &sp, session_now(u->s), err);
	store_profile_free(&sp);
	if (rc != 0)
		return -1;
	field_list(values, sizeof values, u->names, u->changed);
	return session_audit(u->s, &note, err);
}

static int
apply_changes(struct profile_update *u, const struct profile_change *changes,
    size_t count, struct error *err)
{
	char today[11];

	health_today(u->s, today);
	for (size_t i = 0; i < count; i++) {
		enum profile_field f = changes[i].field;
		char *normal;

		if (f >= PF_COUNT) {
			error_set(err, ERR_USAGE, _("unknown profile field"));
			return -1;
		}
		if (profile_validate(f, changes[i].value, today, &normal,
		    err) != 0)
			return -1;
		keys_free_text(u->p->value[f]);
		u->p->value[f] = normal;
		u->names[u->changed < PF_COUNT ? u->changed++ :
		    PF_COUNT - 1] = profile_field_name(f);
	}
	return 0;
}

int
health_profile_update(struct session *s, int64_t person_id,
    const struct profile_change *changes, size_t count, struct error *err)
{
	struct profile_update u;
	struct store_profile sp;
	struct profile p;
	int rc;

	if (access_require(s, person_id, PERM_EDIT, err) != 0 ||
	    load_profile(s, person_id, &sp, &p, err) != 0)
		return -1;
	store_profile_free(&sp);
	memset(&u, 0, sizeof u);
	u.s = s;
	u.person_id = person_id;
	u.p = &p;
	rc = apply_changes(&u, changes, count, err);
	if (rc == 0)
		rc = session_in_transaction(s->st, write_profile, &u, err);
	profile_clear(&p);
	return rc;
}

/* Checks of conditions and allergies ----------------------------------- */

static int
check_choice(const char *what, const char *value, const char *const *words,
    size_t count, const char *list, struct error *err)
{
	for (size_t i = 0; i < count; i++) {
		if (strcmp(value, words[i]) == 0)
			return 0;
	}
	error_set(err, ERR_INVALID, _("%s cannot be \"%s\": choose %s"), what,
	    value, list);
	return -1;
}

static int
check_free_text(const char *what, const char *value, size_t max,
    bool required, struct error *err)
{
	if (value == NULL || value[0] == '\0') {
		if (!required)
			return 0;
		error_set(err, ERR_INVALID, _("%s is required"), what);
		return -1;
	}
	if (strlen(value) > max) {
		error_set(err, ERR_INVALID, _("%s may have at most %zu bytes"),
		    what, max);
		return -1;
	}
	for (const char *p = value; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') {
			error_set(err, ERR_INVALID,
			    _("%s may not contain control characters"), what);
			return -1;
		}
	}
	return 0;
}

static const char *const condition_severities[] = { "mild", "moderate",
    "severe" };
static const char *const condition_statuses[] = { "active", "resolved",
    "managed" };
static const char *const allergen_types[] = { "drug", "food",
    "environmental", "other" };
static const char *const allergy_severities[] = { "mild", "moderate",
    "severe", "life_threatening" };

static int
check_condition(const struct session *s, const struct condition_input *in,
    struct error *err)
{
	char today[11];

	health_today(s, today);
	if (check_free_text(_("the condition's name"), in->name, 200, true,
	    err) != 0 || profile_check_icd10(in->code, err) != 0 ||
	    check_free_text(_("the notes"), in->notes, 2000, false, err) != 0)
		return -1;
	if (in->severity != NULL && check_choice("severity", in->severity,
	    condition_severities, 3, "mild, moderate or severe", err) != 0)
		return -1;
	if (in->status != NULL && check_choice("status", in->status,
	    condition_statuses, 3, "active, resolved or managed", err) != 0)
		return -1;
	if (in->diagnosed_date != NULL && in->diagnosed_date[0] != '\0' &&
	    profile_check_past_date(_("the diagnosis date"),
	    in->diagnosed_date, today, err) != 0)
		return -1;
	return 0;
}

static int
check_allergy(const struct allergy_input *in, struct error *err)
{
	if (check_free_text(_("the allergen"), in->allergen, 200, true,
	    err) != 0 ||
	    check_free_text(_("the symptoms"), in->symptoms, 1000, false,
	    err) != 0)
		return -1;
	if (in->type == NULL || check_choice("type", in->type, allergen_types,
	    4, "drug, food, environmental or other", err) != 0) {
		if (in->type == NULL)
			error_set(err, ERR_INVALID,
			    _("an allergy needs its type: drug, food, environmental or other"));
		return -1;
	}
	if (in->severity == NULL || check_choice("severity", in->severity,
	    allergy_severities, 4, "mild, moderate, severe or life_threatening",
	    err) != 0) {
		if (in->severity == NULL)
			error_set(err, ERR_INVALID,
			    _("an allergy needs its severity: mild, moderate, severe or life_threatening"));
		return -1;
	}
	return 0;
}

/* Conditions ----------------------------------------------------------- */

struct condition_add {
	struct session *s;
	int64_t person_id;
	const struct condition_input *in;
	int64_t id;
};

static int
write_condition(void *ctx, struct error *err)
{
	struct condition_add *a = ctx;
	struct store_condition c;
	struct session_sealer v = { a->s, a->person_id, CONDITIONS, 0 };
	struct audit_note note = { "create", CONDITIONS, 0, a->person_id,
	    "{\"fields\":[\"condition_name\",\"condition_code\",\"severity\","
	    "\"diagnosed_date\",\"status\",\"notes\"]}", "condition added" };
	int rc;

	memset(&c, 0, sizeof c);
	if (store_next_row_id(a->s->st, CONDITIONS, &a->id, err) != 0)
		return -1;
	c.condition_id = v.row_id = note.record_id = a->id;
	c.person_id = a->person_id;
	str_copy(c.severity, sizeof c.severity,
	    a->in->severity ? a->in->severity : "moderate");
	str_copy(c.status, sizeof c.status,
	    a->in->status ? a->in->status : "active");
	str_copy(c.diagnosed_date, sizeof c.diagnosed_date,
	    a->in->diagnosed_date ? a->in->diagnosed_date : "");
	rc = seal_for_session(&v, "condition_name", a->in->name, &c.name, err);
	if (rc == 0 && a->in->code && a->in->code[0])
		rc = seal_for_session(&v, "condition_code", a->in->code,
		    &c.code, err);
	if (rc == 0 && a->in->notes && a->in->notes[0])
		rc = seal_for_session(&v, "notes", a->in->notes, &c.notes,
		    err);
	if (rc == 0)
		rc = store_condition_insert(a->s->st, &c, session_now(a->s),
		    err);
	store_condition_clear(&c);
	return rc != 0 ? -1 : session_audit(a->s, &note, err);
}

int
health_condition_add(struct session *s, int64_t person_id,
    const struct condition_input *in, int64_t *condition_id,
    struct error *err)
{
	struct condition_add a = { s, person_id, in, 0 };

	if (access_require(s, person_id, PERM_EDIT, err) != 0 ||
	    check_condition(s, in, err) != 0 ||
	    session_in_transaction(s->st, write_condition, &a, err) != 0)
		return -1;
	*condition_id = a.id;
	return 0;
}

static int
open_condition(struct session *s, const struct store_condition *c,
    struct condition_view *v, struct error *err)
{
	v->condition_id = c->condition_id;
	str_copy(v->severity, sizeof v->severity, c->severity);
	str_copy(v->diagnosed_date, sizeof v->diagnosed_date,
	    c->diagnosed_date);
	str_copy(v->status, sizeof v->status, c->status);
	if (vault_open(s, c->person_id, CONDITIONS, "condition_name",
	    c->condition_id, &c->name, &v->name, err) != 0 ||
	    vault_open(s, c->person_id, CONDITIONS, "condition_code",
	    c->condition_id, &c->code, &v->code, err) != 0 ||
	    vault_open(s, c->person_id, CONDITIONS, "notes", c->condition_id,
	    &c->notes, &v->notes, err) != 0)
		return -1;
	return 0;
}

int
health_condition_list(struct session *s, int64_t person_id,
    struct condition_view **list, size_t *count, struct error *err)
{
	struct store_condition *rows;
	size_t n;
	int rc = 0;

	if (access_read(s, person_id, CONDITIONS, err) != 0 ||
	    store_condition_list(s->st, person_id, &rows, &n, err) != 0)
		return -1;
	*list = calloc(n ? n : 1, sizeof **list);
	if (*list == NULL) {
		store_condition_list_free(rows, n);
		return out_of_memory(err);
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = open_condition(s, &rows[i], &(*list)[i], err);
	store_condition_list_free(rows, n);
	if (rc != 0) {
		health_condition_list_free(*list, n);
		*list = NULL;
		return -1;
	}
	*count = n;
	return 0;
}

void
health_condition_list_free(struct condition_view *list, size_t count)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < count; i++) {
		vault_free_text(list[i].name);
		vault_free_text(list[i].code);
		vault_free_text(list[i].notes);
	}
	free(list);
}

struct removal {
	struct session *s;
	const char *table;
	int64_t id;
	int64_t person_id;
	int (*delete)(struct store *, int64_t, struct error *);
};

static int
write_removal(void *ctx, struct error *err)
{
	struct removal *r = ctx;
	struct audit_note note = { "delete", r->table, r->id, r->person_id,
	    NULL, "removed" };

	if (r->delete(r->s->st, r->id, err) != 0)
		return -1;
	return session_audit(r->s, &note, err);
}

int
health_condition_remove(struct session *s, int64_t condition_id,
    struct error *err)
{
	struct removal r = { s, CONDITIONS, condition_id, 0,
	    store_condition_delete };
	struct store_condition c;

	if (store_condition_get(s->st, condition_id, &c, err) != 0)
		return -1;
	r.person_id = c.person_id;
	store_condition_clear(&c);
	if (access_require(s, r.person_id, PERM_EDIT, err) != 0)
		return -1;
	return session_in_transaction(s->st, write_removal, &r, err);
}

/* Allergies ------------------------------------------------------------ */

struct allergy_add {
	struct session *s;
	int64_t person_id;
	const struct allergy_input *in;
	int64_t id;
};

static int
write_allergy(void *ctx, struct error *err)
{
	struct allergy_add *a = ctx;
	struct store_allergy row;
	struct session_sealer v = { a->s, a->person_id, ALLERGIES, 0 };
	struct audit_note note = { "create", ALLERGIES, 0, a->person_id,
	    "{\"fields\":[\"allergen_name\",\"allergen_type\","
	    "\"reaction_severity\",\"reaction_symptoms\","
	    "\"verified_by_doctor\"]}", "allergy added" };
	int rc;

	memset(&row, 0, sizeof row);
	if (store_next_row_id(a->s->st, ALLERGIES, &a->id, err) != 0)
		return -1;
	row.allergy_id = v.row_id = note.record_id = a->id;
	row.person_id = a->person_id;
	str_copy(row.allergen_type, sizeof row.allergen_type, a->in->type);
	str_copy(row.severity, sizeof row.severity, a->in->severity);
	row.verified_by_doctor = a->in->verified_by_doctor;
	rc = seal_for_session(&v, "allergen_name", a->in->allergen,
	    &row.allergen, err);
	if (rc == 0 && a->in->symptoms && a->in->symptoms[0])
		rc = seal_for_session(&v, "reaction_symptoms",
		    a->in->symptoms, &row.symptoms, err);
	if (rc == 0)
		rc = store_allergy_insert(a->s->st, &row, session_now(a->s),
		    err);
	store_allergy_clear(&row);
	return rc != 0 ? -1 : session_audit(a->s, &note, err);
}

int
health_allergy_add(struct session *s, int64_t person_id,
    const struct allergy_input *in, int64_t *allergy_id, struct error *err)
{
	struct allergy_add a = { s, person_id, in, 0 };

	if (access_require(s, person_id, PERM_EDIT, err) != 0 ||
	    check_allergy(in, err) != 0 ||
	    session_in_transaction(s->st, write_allergy, &a, err) != 0)
		return -1;
	*allergy_id = a.id;
	return 0;
}

static int
open_allergy(struct session *s, const struct store_allergy *a,
    struct allergy_view *v, struct error *err)
{
	v->allergy_id = a->allergy_id;
	str_copy(v->type, sizeof v->type, a->allergen_type);
	str_copy(v->severity, sizeof v->severity, a->severity);
	v->verified_by_doctor = a->verified_by_doctor;
	if (vault_open(s, a->person_id, ALLERGIES, "allergen_name",
	    a->allergy_id, &a->allergen, &v->allergen, err) != 0 ||
	    vault_open(s, a->person_id, ALLERGIES, "reaction_symptoms",
	    a->allergy_id, &a->symptoms, &v->symptoms, err) != 0)
		return -1;
	return 0;
}

int
health_allergy_list(struct session *s, int64_t person_id,
    struct allergy_view **list, size_t *count, struct error *err)
{
	struct store_allergy *rows;
	size_t n;
	int rc = 0;

	if (access_read(s, person_id, ALLERGIES, err) != 0 ||
	    store_allergy_list(s->st, person_id, &rows, &n, err) != 0)
		return -1;
	*list = calloc(n ? n : 1, sizeof **list);
	if (*list == NULL) {
		store_allergy_list_free(rows, n);
		return out_of_memory(err);
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = open_allergy(s, &rows[i], &(*list)[i], err);
	store_allergy_list_free(rows, n);
	if (rc != 0) {
		health_allergy_list_free(*list, n);
		*list = NULL;
		return -1;
	}
	*count = n;
	return 0;
}

void
health_allergy_list_free(struct allergy_view *list, size_t count)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < count; i++) {
		vault_free_text(list[i].allergen);
		vault_free_text(list[i].symptoms);
	}
	free(list);
}

int
health_allergy_remove(struct session *s, int64_t allergy_id,
    struct error *err)
{
	struct removal r = { s, ALLERGIES, allergy_id, 0,
	    store_allergy_delete };
	struct store_allergy a;

	if (store_allergy_get(s->st, allergy_id, &a, err) != 0)
		return -1;
	r.person_id = a.person_id;
	store_allergy_clear(&a);
	if (access_require(s, r.person_id, PERM_EDIT, err) != 0)
		return -1;
	return session_in_transaction(s->st, write_removal, &r, err);
}
