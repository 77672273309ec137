#ifndef PC_TZ_H
#define PC_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/*
 * Time zones from the system's tz database, read through GLib's GTimeZone.
 * A struct tz never changes once opened, so one may be shared by threads,
 * and nothing here reads or sets the process's TZ.  Many zones can be open
 * at once: a caregiver sees people who live in different zones.
 *
 * Wall-clock rules on the days clocks change:
 *  - a wall time that does not exist that day (the spring-forward gap)
 *    happens once, shifted forward by the length of the gap: 02:30 on the
 *    day New York springs forward is 03:30 EDT;
 *  - a wall time that happens twice (fall back) happens once, at its first
 *    occurrence: 01:30 on the day New York falls back is 01:30 EDT.
 */
struct tz;

/* The longest zone name accepted, as user_profiles.timezone allows. */
#define TZ_NAME_MAX 64

/* A moment as the clocks of one zone show it. */
struct tz_wall {
	int day;		/* local calendar day (see common/date.h) */
	int minute;		/* minutes after local midnight, 0-1439 */
	int second;		/* 0-59 */
	int offset;		/* seconds east of UTC in force */
};

/*
 * True when name is a zone of the system's tz database, such as
 * "Europe/Berlin"; "Mars/Base" and POSIX rule strings are not.
 */
bool tz_name_exists(const char *name);

/*
 * Opens the zone called name, refusing a name the tz database does not
 * know with a message that gives an example of a valid one.
 */
int tz_open(struct tz **out, const char *name, struct error *err);

/* Releases a zone; NULL is allowed. */
void tz_close(struct tz *tz);

/* The zone's IANA name as it was opened. */
const char *tz_name(const struct tz *tz);

/* Seconds east of UTC in force at the instant utc. */
int tz_offset(const struct tz *tz, int64_t utc);

/* The zone's abbreviation in force at utc ("EDT", "+1030") into buf. */
void tz_abbreviation(const struct tz *tz, int64_t utc, char *buf,
    size_t size);

/*
 * The instant when the wall clock shows minute (0-1439) of the local day,
 * by the gap and fall-back rules above.
 */
int64_t tz_wall_to_utc(const struct tz *tz, int day, int minute);

/* The wall-clock reading of an instant. */
void tz_utc_to_wall(const struct tz *tz, int64_t utc, struct tz_wall *out);

/* The local calendar day an instant falls on. */
int tz_day_of(const struct tz *tz, int64_t utc);

/* The first instant of a local day; the day ends where the next begins. */
int64_t tz_day_start(const struct tz *tz, int day);

/* Writes the wall time of an instant as "HH:MM" (buf of 6 or more). */
void tz_format_hhmm(const struct tz *tz, int64_t utc, char *buf,
    unsigned size);

#endif
