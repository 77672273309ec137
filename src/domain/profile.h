#ifndef PC_PROFILE_H
#define PC_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/*
 * The fields of a person's profile as text, and the rules each value must
 * meet.  One table in profile.c names every field once, with its kind,
 * limits and whether it is sealed; "profile --set" and the interface's
 * form both follow it.
 */

enum profile_field {
	PF_FIRST_NAME,
	PF_LAST_NAME,
	PF_DATE_OF_BIRTH,
	PF_GENDER,
	PF_PHONE_NUMBER,
	PF_EMERGENCY_CONTACT_NAME,
	PF_EMERGENCY_CONTACT_PHONE,
	PF_HEIGHT_CM,
	PF_WEIGHT_KG,
	PF_BLOOD_TYPE,
	PF_ADDRESS_LINE1,
	PF_ADDRESS_LINE2,
	PF_CITY,
	PF_STATE_PROVINCE,
	PF_POSTAL_CODE,
	PF_COUNTRY,
	PF_TIMEZONE,
	PF_TRAVEL_TIMEZONE,
	PF_PREFERRED_LANGUAGE,
	PF_COUNT
};

/* A profile in clear: each value malloc'd, NULL when not set. */
struct profile {
	char *value[PF_COUNT];
	double bmi;			/* 0 when height or weight is missing */
};

/* The field's name as typed after --set, e.g. "date_of_birth". */
const char *profile_field_name(enum profile_field field);

/* A short description of the values the field accepts, for help. */
const char *profile_field_hint(enum profile_field field);

/* Finds a field by name; PF_COUNT when there is none. */
enum profile_field profile_field_by_name(const char *name);

/*
 * Checks one value for a field and writes its normal form (trimmed, with
 * canonical case) to a malloc'd *normal; an empty value clears the field
 * where that is allowed (*normal NULL).  today is "YYYY-MM-DD" for date
 * checks; time zones are checked against the tz database (TZDIR or
 * /usr/share/zoneinfo).
 */
int profile_validate(enum profile_field field, const char *value,
    const char *today, char **normal, struct error *err);

/*
 * Parses quiet hours "HH:MM-HH:MM" (they may run past midnight) into two
 * "HH:MM" strings.
 */
int profile_parse_quiet_hours(const char *value, char start[6], char end[6],
    struct error *err);

/* Checks an ISO date "YYYY-MM-DD" that must not be after today. */
int profile_check_past_date(const char *what, const char *value,
    const char *today, struct error *err);

/* Checks printable text without control characters, within max bytes. */
int profile_check_text(const char *field, const char *value, size_t max,
    struct error *err);

/* Checks a telephone number: digits with + - ( ) . and spaces. */
int profile_check_phone(const char *field, const char *value,
    struct error *err);

/*
 * Checks an ICD-10 code: a capital letter, a digit and one more character,
 * then an optional dotted extension (E11, E11.9, S72.001A); "" or NULL
 * for none passes.
 */
int profile_check_icd10(const char *code, struct error *err);

/* Wipes and frees every value of a profile. */
void profile_clear(struct profile *p);

#endif
