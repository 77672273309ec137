#include "config.h"

#include "domain/profile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/date.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/keys.h"
#include "domain/tz.h"

enum kind {
	K_FIRST_NAME,		/* text, required */
	K_TEXT,			/* text, may be cleared */
	K_DATE_PAST,
	K_GENDER,
	K_PHONE,
	K_HEIGHT,
	K_WEIGHT,
	K_BLOOD_TYPE,
	K_ZONE,			/* required */
	K_ZONE_OPTIONAL,
	K_LANGUAGE
};

static const struct {
	const char *name;
	enum kind kind;
	size_t max;		/* bytes, for text */
	const char *hint;
} fields[PF_COUNT] = {
	[PF_FIRST_NAME] = { "first_name", K_FIRST_NAME, 100,
	    N_("text, required") },
	[PF_LAST_NAME] = { "last_name", K_TEXT, 100, N_("text") },
	[PF_DATE_OF_BIRTH] = { "date_of_birth", K_DATE_PAST, 0,
	    N_("YYYY-MM-DD, not in the future") },
	[PF_GENDER] = { "gender", K_GENDER, 0,
	    N_("male, female, other or prefer_not_to_say") },
	[PF_PHONE_NUMBER] = { "phone_number", K_PHONE, 0,
	    N_("digits with optional + ( ) - and spaces") },
	[PF_EMERGENCY_CONTACT_NAME] = { "emergency_contact_name", K_TEXT, 200,
	    N_("text") },
	[PF_EMERGENCY_CONTACT_PHONE] = { "emergency_contact_phone", K_PHONE, 0,
	    N_("digits with optional + ( ) - and spaces") },
	[PF_HEIGHT_CM] = { "height_cm", K_HEIGHT, 0,
	    N_("whole centimetres from 1 to 299") },
	[PF_WEIGHT_KG] = { "weight_kg", K_WEIGHT, 0,
	    N_("kilograms above 0 and below 1000, such as 72.5") },
	[PF_BLOOD_TYPE] = { "blood_type", K_BLOOD_TYPE, 0,
	    N_("A+, A-, B+, B-, AB+, AB-, O+, O- or unknown") },
	[PF_ADDRESS_LINE1] = { "address_line1", K_TEXT, 255, N_("text") },
	[PF_ADDRESS_LINE2] = { "address_line2", K_TEXT, 255, N_("text") },
	[PF_CITY] = { "city", K_TEXT, 100, N_("text") },
	[PF_STATE_PROVINCE] = { "state_province", K_TEXT, 100, N_("text") },
	[PF_POSTAL_CODE] = { "postal_code", K_TEXT, 20, N_("text") },
	[PF_COUNTRY] = { "country", K_TEXT, 100, N_("text") },
	[PF_TIMEZONE] = { "timezone", K_ZONE, 0,
	    N_("an IANA time zone such as Europe/Paris") },
	[PF_TRAVEL_TIMEZONE] = { "travel_timezone", K_ZONE_OPTIONAL, 0,
	    N_("an IANA time zone, or empty") },
	[PF_PREFERRED_LANGUAGE] = { "preferred_language", K_LANGUAGE, 0,
	    N_("a language code such as en or pt_BR") },
};

static const char *const genders[] = { "male", "female", "other",
    "prefer_not_to_say" };
static const char *const blood_types[] = { "A+", "A-", "B+", "B-", "AB+",
    "AB-", "O+", "O-", "unknown" };

const char *
profile_field_name(enum profile_field field)
{
	return fields[field].name;
}

const char *
profile_field_hint(enum profile_field field)
{
	return _(fields[field].hint);
}

enum profile_field
profile_field_by_name(const char *name)
{
	for (int i = 0; i < PF_COUNT; i++) {
		if (strcmp(fields[i].name, name) == 0)
			return (enum profile_field)i;
	}
	return PF_COUNT;
}

static int
invalid(const char *field, const char *value, struct error *err)
{
	enum profile_field f = profile_field_by_name(field);

	error_set(err, ERR_INVALID, _("%s cannot be \"%s\": it takes %s"),
	    field, value, f == PF_COUNT ? "" : profile_field_hint(f));
	return -1;
}

int
profile_check_past_date(const char *what, const char *value,
    const char *today, struct error *err)
{
	int days;

	if (date_parse(value, &days) != 0) {
		error_set(err, ERR_INVALID,
		    _("%s must be a real date written YYYY-MM-DD, not \"%s\""),
		    what, value);
		return -1;
	}
	if (strcmp(value, "1900-01-01") < 0 ||
	    (today != NULL && strcmp(value, today) > 0)) {
		error_set(err, ERR_INVALID,
		    _("%s %s is in the future or before 1900; check the year"),
		    what, value);
		return -1;
	}
	return 0;
}

int
profile_check_text(const char *field, const char *value, size_t max,
    struct error *err)
{
	if (strlen(value) > max) {
		error_set(err, ERR_INVALID,
		    _("%s may have at most %zu bytes"), field, max);
		return -1;
	}
	for (const char *p = value; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			error_set(err, ERR_INVALID,
			    _("%s may not contain control characters such as tabs or new lines"),
			    field);
			return -1;
		}
	}
	return 0;
}

int
profile_check_icd10(const char *code, struct error *err)
{
	size_t len = code ? strlen(code) : 0;

	if (len == 0)
		return 0;
	if (len >= 3 && len <= 8 && isupper((unsigned char)code[0]) &&
	    isdigit((unsigned char)code[1]) && isalnum((unsigned char)code[2])
	    && (len == 3 || code[3] == '.')) {
		size_t i = len == 3 ? 3 : 4;

		while (i < len && isalnum((unsigned char)code[i]))
			i++;
		if (i == len && (len == 3 || len > 4))
			return 0;
	}
	error_set(err, ERR_INVALID,
	    _("\"%s\" is not an ICD-10 code; they look like E11 or E11.9 (capital letter first)"),
	    code);
	return -1;
}

int
profile_check_phone(const char *field, const char *value, struct error *err)
{
	size_t digits = 0, len = strlen(value);

	for (const char *p = value; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (strchr("+-() .", *p) == NULL)
			return invalid(field, value, err);
	}
	if (digits < 5 || len > 20 || (strchr(value, '+') != NULL &&
	    value[0] != '+'))
		return invalid(field, value, err);
	return 0;
}

static int
check_height(const char *field, const char *value, struct error *err)
{
	long cm;

	if (str_to_long(value, &cm) != 0 || cm < 1 || cm > 299)
		return invalid(field, value, err);
	return 0;
}

static int
check_weight(const char *field, const char *value, struct error *err)
{
	double kg;

	if (str_to_double(value, &kg) != 0 || !(kg > 0) || !(kg < 1000))
		return invalid(field, value, err);
	return 0;
}

/* Finds value among words, ignoring case; its canonical spelling. */
static const char *
one_of(const char *value, const char *const *words, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (strcasecmp(value, words[i]) == 0)
			return words[i];
	}
	return NULL;
}

static int
check_zone(const char *field, const char *value, struct error *err)
{
	if (!tz_name_exists(value)) {
		error_set(err, ERR_INVALID,
		    _("%s \"%s\" is not a time zone of the tz database; use a name such as Europe/Paris or America/New_York (see /usr/share/zoneinfo)"),
		    field, value);
		return -1;
	}
	return 0;
}

/* "en", "pt_BR", "zh-Hant": two or three letters, then a region. */
static int
check_language(const char *field, const char *value, struct error *err)
{
	size_t base = 0, len = strlen(value);

	while (islower((unsigned char)value[base]))
		base++;
	if (base < 2 || base > 3 || len > 10)
		return invalid(field, value, err);
	if (value[base] == '\0')
		return 0;
	if ((value[base] != '_' && value[base] != '-') || len - base - 1 < 2)
		return invalid(field, value, err);
	for (const char *p = value + base + 1; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p))
			return invalid(field, value, err);
	}
	return 0;
}

static int
check_value(enum profile_field f, const char *value, const char *today,
    const char **canonical, struct error *err)
{
	const char *name = fields[f].name;

	*canonical = value;
	switch (fields[f].kind) {
	case K_FIRST_NAME:
	case K_TEXT:
		return profile_check_text(name, value, fields[f].max, err);
	case K_DATE_PAST:
		return profile_check_past_date(name, value, today, err);
	case K_GENDER:
		*canonical = one_of(value, genders, 4);
		return *canonical ? 0 : invalid(name, value, err);
	case K_PHONE:
		return profile_check_phone(name, value, err);
	case K_HEIGHT:
		return check_height(name, value, err);
	case K_WEIGHT:
		return check_weight(name, value, err);
	case K_BLOOD_TYPE:
		*canonical = one_of(value, blood_types, 9);
		return *canonical ? 0 : invalid(name, value, err);
	case K_ZONE:
	case K_ZONE_OPTIONAL:
		return check_zone(name, value, err);
	case K_LANGUAGE:
		return check_language(name, value, err);
	}
	return invalid(name, value, err);
}

static int
may_be_empty(enum profile_field f)
{
	enum kind k = fields[f].kind;

	return k != K_FIRST_NAME && k != K_ZONE && k != K_LANGUAGE;
}

int
profile_validate(enum profile_field field, const char *value,
    const char *today, char **normal, struct error *err)
{
	char *copy = strdup(value), *trimmed;
	const char *canonical;
	int rc = -1;

	*normal = NULL;
	if (copy == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	trimmed = str_trim(copy);
	if (*trimmed == '\0') {
		if (may_be_empty(field))
			rc = 0;
		else
			error_set(err, ERR_INVALID,
			    _("%s cannot be empty: it takes %s"),
			    fields[field].name, profile_field_hint(field));
	} else if (check_value(field, trimmed, today, &canonical, err) == 0) {
		*normal = strdup(canonical);
		rc = *normal != NULL ? 0 : -1;
		if (rc != 0)
			error_set(err, ERR_INTERNAL, _("out of memory"));
	}
	keys_free_text(copy);
	return rc;
}

int
profile_parse_quiet_hours(const char *value, char start[6], char end[6],
    struct error *err)
{
	const char *dash = strchr(value, '-');
	int minutes;

	if (dash == NULL || dash - value != 5 || strlen(dash + 1) != 5)
		goto bad;
	memcpy(start, value, 5);
	start[5] = '\0';
	memcpy(end, dash + 1, 6);
	if (date_parse_hhmm(start, &minutes) != 0 ||
	    date_parse_hhmm(end, &minutes) != 0)
		goto bad;
	if (strcmp(start, end) == 0) {
		error_set(err, ERR_INVALID,
		    _("quiet hours that start and end at %s last no time; give two different times"),
		    start);
		return -1;
	}
	return 0;
bad:
	error_set(err, ERR_INVALID,
	    _("quiet_hours must be two times of day as HH:MM-HH:MM, such as 22:00-07:00, not \"%s\""),
	    value);
	return -1;
}

void
profile_clear(struct profile *p)
{
	for (int i = 0; i < PF_COUNT; i++) {
		keys_free_text(p->value[i]);
		p->value[i] = NULL;
	}
	p->bmi = 0;
}
