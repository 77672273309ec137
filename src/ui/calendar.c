#include "config.h"

#include "ui/calendar.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

long
cal_days(int year, int month, int mday)
{
	/* Counts from March so that the leap day ends the year. */
	long y = month <= 2 ? year - 1 : year;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
cal_split(long day, int *year, int *month, int *mday)
{
	long z = day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);

	*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

int
cal_month_days(int year, int month)
{
	int next_y = month == 12 ? year + 1 : year;
	int next_m = month == 12 ? 1 : month + 1;

	return (int)(cal_days(next_y, next_m, 1) - cal_days(year, month, 1));
}

bool
cal_from_iso(const char *iso, long *day)
{
	int y, m, d, end = 0;

	if (sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &end) != 3 ||
	    end != 10 || iso[10] != '\0' || m < 1 || m > 12 || d < 1 ||
	    d > cal_month_days(y, m))
		return false;
	*day = cal_days(y, m, d);
	return true;
}

void
cal_to_iso(long day, char iso[11])
{
	char buf[48];
	int y, m, d;

	cal_split(day, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	memcpy(iso, buf, 10);
	iso[10] = '\0';
}

int
cal_weekday(long day)
{
	/* 1970-01-01 was a Thursday. */
	long w = (day + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
cal_first_weekday(void)
{
#ifdef _NL_TIME_FIRST_WEEKDAY
	/* glibc counts from 1 = the locale's week-1stday, a Sunday. */
	int first = *nl_langinfo(_NL_TIME_FIRST_WEEKDAY);

	if (first >= 1 && first <= 7)
		return (first - 1) % 7;
#endif
	return 0;
}
