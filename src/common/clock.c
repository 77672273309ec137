#include "config.h"

#include "common/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t
system_now(const struct clock *clock)
{
	(void)clock;
	return (int64_t)time(NULL);
}

static int64_t
fixed_now(const struct clock *clock)
{
	return clock->fixed;
}

int64_t
clock_now(const struct clock *clock)
{
	if (clock == NULL || clock->now == NULL)
		return (int64_t)time(NULL);
	return clock->now(clock);
}

struct clock
clock_system(void)
{
	struct clock c = { system_now, 0 };

	return c;
}

struct clock
clock_fixed(int64_t epoch_seconds)
{
	struct clock c = { fixed_now, epoch_seconds };

	return c;
}

/* Days from 1970-01-01 to a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int
clock_parse_utc(const char *text, int64_t *out)
{
	int y, mo, d, h, mi, s = 0, used = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi,
	    &s, &used) != 6 || text[used] != '\0') {
		s = 0;
		used = 0;
		if (sscanf(text, "%4d-%2d-%2dT%2d:%2dZ%n", &y, &mo, &d, &h,
		    &mi, &used) != 5 || text[used] != '\0')
			return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    h < 0 || mi < 0 || mi > 59 || s < 0 || s > 59)
		return -1;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return -1;
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + s;
	return 0;
}

int
clock_from_environment(struct clock *clock, char *why, size_t why_size)
{
	const char *fixed = getenv("PRESCRIPCARE_NOW");
	int64_t t;

	if (fixed == NULL || *fixed == '\0') {
		*clock = clock_system();
		return 0;
	}
	if (clock_parse_utc(fixed, &t) != 0) {
		snprintf(why, why_size,
		    "PRESCRIPCARE_NOW must be an instant such as 2026-03-08T06:30:00Z, not \"%s\"",
		    fixed);
		return -1;
	}
	*clock = clock_fixed(t);
	return 0;
}
