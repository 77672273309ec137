#include "config.h"

#include "domain/quiet.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"

#define MINUTES_PER_DAY 1440

/*
 * A clock change moves the wall clock by an hour or two at most, so a
 * handful of corrections always reach the window's end.
 */
#define MAX_CORRECTIONS 4

static int
parse_hhmm(const char *text, int *minute)
{
	int h, m, used = 0;

	if (strlen(text) != 5 || sscanf(text, "%2d:%2d%n", &h, &m,
	    &used) != 2 || used != 5 || text[2] != ':')
		return -1;
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	*minute = h * 60 + m;
	return 0;
}

int
quiet_parse(const char *start, const char *end, struct quiet_hours *out,
    struct error *err)
{
	struct quiet_hours q;

	if (start == NULL || end == NULL || *start == '\0' || *end == '\0') {
		out->start = out->end = 0;
		return 0;
	}
	if (parse_hhmm(start, &q.start) != 0) {
		error_set(err, ERR_INVALID,
		    _("quiet hours must start at a time such as 22:00, not \"%s\""),
		    start);
		return -1;
	}
	if (parse_hhmm(end, &q.end) != 0) {
		error_set(err, ERR_INVALID,
		    _("quiet hours must end at a time such as 07:00, not \"%s\""),
		    end);
		return -1;
	}
	*out = q;
	return 0;
}

bool
quiet_is_empty(const struct quiet_hours *q)
{
	return q->start == q->end;
}

bool
quiet_contains_minute(const struct quiet_hours *q, int minute)
{
	if (q->start < q->end)
		return minute >= q->start && minute < q->end;
	if (q->start > q->end)
		return minute >= q->start || minute < q->end;
	return false;
}

static int
local_minute(const struct wallclock *wc, int64_t at, int *minute,
    int *second, struct error *err)
{
	struct wall_time t;

	if (wallclock_local(wc, at, &t, err) != 0)
		return -1;
	*minute = t.hour * 60 + t.minute;
	if (second != NULL)
		*second = t.second;
	return 0;
}

int
quiet_active(const struct quiet_hours *q, const struct wallclock *wc,
    int64_t at, bool *inside, struct error *err)
{
	int minute;

	*inside = false;
	if (quiet_is_empty(q))
		return 0;
	if (local_minute(wc, at, &minute, NULL, err) != 0)
		return -1;
	*inside = quiet_contains_minute(q, minute);
	return 0;
}

int
quiet_window_end(const struct quiet_hours *q, const struct wallclock *wc,
    int64_t at, int64_t *end, struct error *err)
{
	int64_t t = at;
	bool inside;
	int i;

	if (quiet_active(q, wc, at, &inside, err) != 0)
		return -1;

	/* Jump to where the wall clock should read the end time... */
	for (i = 0; inside && i < MAX_CORRECTIONS; i++) {
		int minute, second;

		if (local_minute(wc, t, &minute, &second, err) != 0)
			return -1;
		t += (int64_t)((q->end - minute + MINUTES_PER_DAY) %
		    MINUTES_PER_DAY) * 60 - second;
		if (quiet_active(q, wc, t, &inside, err) != 0)
			return -1;
	}
	if (inside) {
		error_set(err, ERR_INTERNAL,
		    _("the end of the quiet hours could not be found on this clock"));
		return -1;
	}

	/*
	 * ...then step back over minutes a skipped hour made us overshoot:
	 * the end is the first outside minute after at.
	 */
	for (i = 0; i < MINUTES_PER_DAY && t - 60 > at; i++) {
		if (quiet_active(q, wc, t - 60, &inside, err) != 0)
			return -1;
		if (inside)
			break;
		t -= 60;
	}
	*end = t;
	return 0;
}

int
quiet_decide(const struct quiet_hours *q, const struct wallclock *wc,
    enum quiet_class cls, bool critical, int64_t now,
    struct quiet_verdict *out, struct error *err)
{
	bool inside;

	out->action = QUIET_SOUND;
	out->hold_until = 0;
	if (quiet_active(q, wc, now, &inside, err) != 0)
		return -1;
	if (!inside)
		return 0;
	if (critical && cls != QUIET_CLASS_ROUTINE)
		return 0;
	if (cls == QUIET_CLASS_DOSE) {
		out->action = QUIET_SILENT;
		return 0;
	}
	out->action = QUIET_HOLD;
	return quiet_window_end(q, wc, now, &out->hold_until, err);
}
