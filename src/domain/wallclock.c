#include "config.h"

#include "domain/wallclock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common/i18n.h"

/* The proleptic Gregorian date of a day count from 1970-01-01. */
static void
civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static void
split_instant(int64_t local_seconds, int offset, struct wall_time *out)
{
	int64_t days = local_seconds / 86400;
	int64_t rest = local_seconds % 86400;

	if (rest < 0) {
		rest += 86400;
		days--;
	}
	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(rest / 3600);
	out->minute = (int)(rest / 60 % 60);
	out->second = (int)(rest % 60);
	out->utc_offset = offset;
}

static int
fixed_to_local(const struct wallclock *wc, int64_t utc, struct wall_time *out)
{
	split_instant(utc + wc->offset, wc->offset, out);
	return 0;
}

struct wallclock
wallclock_fixed(int offset_seconds)
{
	struct wallclock wc = { fixed_to_local, NULL, offset_seconds };

	return wc;
}

static int
system_to_local(const struct wallclock *wc, int64_t utc, struct wall_time *out)
{
	time_t t = (time_t)utc;
	struct tm tm;

	(void)wc;
	if ((int64_t)t != utc || localtime_r(&t, &tm) == NULL)
		return -1;
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->hour = tm.tm_hour;
	out->minute = tm.tm_min;
	out->second = tm.tm_sec > 59 ? 59 : tm.tm_sec;
	out->utc_offset = (int)tm.tm_gmtoff;
	return 0;
}

struct wallclock
wallclock_system(void)
{
	struct wallclock wc = { system_to_local, NULL, 0 };

	return wc;
}

int
wallclock_local(const struct wallclock *wc, int64_t utc,
    struct wall_time *out, struct error *err)
{
	if (wc == NULL || wc->to_local == NULL || wc->to_local(wc, utc,
	    out) != 0) {
		error_set(err, ERR_INVALID,
		    _("cannot show the instant %lld in the person's time zone"),
		    (long long)utc);
		return -1;
	}
	return 0;
}

void
wallclock_format_iso(const struct wall_time *t, char *buf, size_t size)
{
	int off = abs(t->utc_offset);

	if (t->utc_offset == 0) {
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", t->year,
		    t->month, t->day, t->hour, t->minute, t->second);
		return;
	}
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    t->year, t->month, t->day, t->hour, t->minute, t->second,
	    t->utc_offset < 0 ? '-' : '+', off / 3600, off / 60 % 60);
}

void
wallclock_format_utc(int64_t utc, char *buf, size_t size)
{
	struct wall_time t;

	split_instant(utc, 0, &t);
	wallclock_format_iso(&t, buf, size);
}
