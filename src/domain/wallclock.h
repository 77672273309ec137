#ifndef PC_WALLCLOCK_H
#define PC_WALLCLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/tz.h"

/*
 * Instants are UTC everywhere; what a person reads on their own clock is
 * a view of one, taken through a converter.  Quiet hours, reminder texts
 * and the daemon's environment all ask a struct wallclock: the program
 * fills it from a zone of the tz database (wallclock_zone), and tests may
 * use fixed offsets or a fake daylight-saving switch.
 */

struct wall_time {
	int year, month, day;	/* the local calendar date */
	int hour, minute, second;
	int utc_offset;		/* seconds east of UTC in force then */
};

struct wallclock {
	/*
	 * Fills out with the wall time of utc; returns 0, or -1 when the
	 * instant cannot be shown in this zone.  Must be safe to call from
	 * any thread at any time.
	 */
	int (*to_local)(const struct wallclock *wc, int64_t utc,
	    struct wall_time *out);
	const void *ctx;	/* the converter's own data */
	int offset;		/* seconds east of UTC, for fixed clocks */
};

/* A clock that is always the given number of seconds east of UTC. */
struct wallclock wallclock_fixed(int offset_seconds);

/*
 * The clock of a zone of the tz database.  The zone is only read, so the
 * clock may be used from any thread while the zone stays open.
 */
struct wallclock wallclock_zone(const struct tz *tz);

/* The wall time of utc on wc; fills err when the converter fails. */
int wallclock_local(const struct wallclock *wc, int64_t utc,
    struct wall_time *out, struct error *err);

/* Writes "2026-03-08T07:30:00+01:00" (or "...Z" when the offset is 0). */
void wallclock_format_iso(const struct wall_time *t, char *buf, size_t size);

/* Writes "2026-03-08T06:30:00Z" for an instant. */
void wallclock_format_utc(int64_t utc, char *buf, size_t size);

#endif
