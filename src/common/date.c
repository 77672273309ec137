#include "config.h"

#include "common/date.h"

#include <stdio.h>
#include <string.h>

/* The civil-from-days algorithm works in 400-year eras of 146097 days. */
int
date_from_ymd(int year, int month, int day)
{
	long y = (long)year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int)(era * 146097 + doe - 719468);
}

void
date_to_ymd(int days, int *year, int *month, int *day)
{
	long z = (long)days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long m = mp < 10 ? mp + 3 : mp - 9;

	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

static bool
is_leap(int year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int
date_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool
date_valid_ymd(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
	    day >= 1 && day <= date_days_in_month(year, month);
}

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

static int
digits_value(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int
date_parse(const char *text, int *days)
{
	int y, m, d;

	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
	    !all_digits(text, 4) || !all_digits(text + 5, 2) ||
	    !all_digits(text + 8, 2))
		return -1;
	y = digits_value(text, 4);
	m = digits_value(text + 5, 2);
	d = digits_value(text + 8, 2);
	if (!date_valid_ymd(y, m, d))
		return -1;
	*days = date_from_ymd(y, m, d);
	return 0;
}

void
date_format(int days, char buf[DATE_TEXT_SIZE])
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, DATE_TEXT_SIZE, "%s", "----------");
		return;
	}

	/* Each part's range is known, which the compiler cannot see. */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int
date_weekday(int days)
{
	/* 1970-01-01 was a Thursday, weekday 3 when Monday is 0. */
	int w = (days + 3) % 7;

	return w < 0 ? w + 7 : w;
}

int
date_parse_hhmm(const char *text, int *minutes)
{
	int h, m;

	if (strlen(text) != 5 || text[2] != ':' || !all_digits(text, 2) ||
	    !all_digits(text + 3, 2))
		return -1;
	h = digits_value(text, 2);
	m = digits_value(text + 3, 2);
	if (h > 23 || m > 59)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}
