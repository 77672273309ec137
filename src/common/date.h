#ifndef PC_DATE_H
#define PC_DATE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Calendar dates as day numbers: days since 1970-01-01 in the proleptic
 * Gregorian calendar.  A day number says nothing about a time zone; it is
 * the person's own calendar day wherever it is used.
 */

#define DATE_TEXT_SIZE 11	/* "YYYY-MM-DD" and its terminator */

/* The day number of a year, month (1-12) and day of the month. */
int date_from_ymd(int year, int month, int day);

/* Splits a day number back into year, month and day of the month. */
void date_to_ymd(int days, int *year, int *month, int *day);

/* True when the year, month and day name a real date. */
bool date_valid_ymd(int year, int month, int day);

/* Parses exactly "YYYY-MM-DD" naming a real date; 0 on success. */
int date_parse(const char *text, int *days);

/* Writes "YYYY-MM-DD" into buf, which holds DATE_TEXT_SIZE bytes. */
void date_format(int days, char buf[DATE_TEXT_SIZE]);

/* The day of the week, 0 for Monday up to 6 for Sunday. */
int date_weekday(int days);

/* The number of days in a month of a year. */
int date_days_in_month(int year, int month);

/* Parses exactly "HH:MM" on a 24-hour clock into minutes after midnight. */
int date_parse_hhmm(const char *text, int *minutes);

#endif
