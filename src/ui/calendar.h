#ifndef PC_UI_CALENDAR_H
#define PC_UI_CALENDAR_H

#include <stdbool.h>

/*
 * Calendar arithmetic for the adherence charts, on day numbers (days since
 * 1970-01-01 in the proleptic Gregorian calendar), free of time zones:
 * the model's dates are already the person's own.
 */

/* The day number of "YYYY-MM-DD"; false when it is not such a date. */
bool cal_from_iso(const char *iso, long *day);

/* Writes a day number as "YYYY-MM-DD". */
void cal_to_iso(long day, char iso[11]);

/* The day number of a year, month (1-12) and day of month. */
long cal_days(int year, int month, int mday);

/* Splits a day number into year, month (1-12) and day of month. */
void cal_split(long day, int *year, int *month, int *mday);

/* Day of the week: 0 Sunday to 6 Saturday. */
int cal_weekday(long day);

/* Days in a month of a year. */
int cal_month_days(int year, int month);

/* The locale's first day of the week: 0 Sunday, 1 Monday. */
int cal_first_weekday(void);

#endif
