#include "config.h"

#include "domain/wallclock.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/date.h"
#include "common/i18n.h"

static void
split_instant(int64_t local_seconds, int offset, struct wall_time *out)
{
	int64_t days = local_seconds / 86400;
	int64_t rest = local_seconds % 86400;

	if (rest < 0) {
		rest += 86400;
		days--;
	}
	date_to_ymd((int)days, &out->year, &out->month, &out->day);
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
zone_to_local(const struct wallclock *wc, int64_t utc, struct wall_time *out)
{
	struct tz_wall w;

	tz_utc_to_wall(wc->ctx, utc, &w);
	date_to_ymd(w.day, &out->year, &out->month, &out->day);
	out->hour = w.minute / 60;
	out->minute = w.minute % 60;
	out->second = w.second;
	out->utc_offset = w.offset;
	return 0;
}

struct wallclock
wallclock_zone(const struct tz *tz)
{
	struct wallclock wc = { zone_to_local, tz, 0 };

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
