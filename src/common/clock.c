#include "config.h"

#include "common/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/date.h"

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

int64_t
clock_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

int
clock_parse_utc(const char *text, int64_t *out)
{
	int y, mo, d, h, mi, s = 0, used = 0;

	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi,
	    &s, &used) != 6 || text[used] != '\0') {
		s = 0;
		used = 0;
		if (sscanf(text, "%4d-%2d-%2dT%2d:%2dZ%n", &y, &mo, &d, &h,
		    &mi, &used) != 5 || text[used] != '\0')
			return -1;
	}
	if (!date_valid_ymd(y, mo, d) || h > 23 || h < 0 || mi < 0 || mi > 59 ||
	    s < 0 || s > 59)
		return -1;
	*out = (int64_t)date_from_ymd(y, mo, d) * 86400 +
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
