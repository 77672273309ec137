#ifndef PC_UI_VALIDATE_H
#define PC_UI_VALIDATE_H

#include <stddef.h>

/*
 * Checks of what a person types into a form.  Each returns 0 when the text
 * is acceptable, filling the normalised value where there is one, or -1
 * with a short translated reason in why, fit to stand next to the field.
 * Optional fields are only checked when not blank.
 */

/* Refuses text that is empty or only spaces. */
int valid_required(const char *text, char *why, size_t why_size);

/*
 * A calendar date in the locale's own order (nl_langinfo(D_FMT)), with a
 * two- or four-digit year as the locale writes it, or as YYYY-MM-DD.
 * Refuses days that do not exist, such as the 30th of February.  Fills
 * iso with "YYYY-MM-DD".
 */
int valid_date(const char *text, char iso[11], char *why, size_t why_size);

/* A time of day as HH:MM (or H:MM, or with a dot); fills "HH:MM". */
int valid_time(const char *text, char hhmm[6], char *why, size_t why_size);

/*
 * Several times of day separated by commas or spaces, such as
 * "8:00, 20:00"; fills out with them sorted, as "08:00,20:00", and
 * refuses a time given twice.
 */
int valid_time_list(const char *text, char *out, size_t out_size, char *why,
    size_t why_size);

/* A decimal number (dot or comma) from min to max inclusive. */
int valid_number(const char *text, double min, double max, double *out,
    char *why, size_t why_size);

/* A whole number from min to max inclusive. */
int valid_integer(const char *text, long min, long max, long *out,
    char *why, size_t why_size);

/* Something shaped like an e-mail address: one "@", a dotted domain. */
int valid_email(const char *text, char *why, size_t why_size);

/* An IANA time zone name found in the system's time zone database. */
int valid_timezone(const char *text, char *why, size_t why_size);

/* A telephone number: digits with +, spaces, dashes, dots, brackets. */
int valid_phone(const char *text, char *why, size_t why_size);

/* A six-digit one-time code; spaces between digits are allowed. */
int valid_code(const char *text, char code[7], char *why, size_t why_size);

/* How the locale writes a date, for people: "MM/DD/YYYY", "DD/MM/YYYY". */
/* An ICD-10 code such as E11 or E11.9. */
int valid_icd10(const char *text, char *why, size_t why_size);

void date_layout(char *buf, size_t size);

/* Writes an ISO date the locale's way, with a four-digit year. */
int date_to_locale(const char *iso, char *out, size_t size);

#endif
