#ifndef PC_SCHEDULE_H
#define PC_SCHEDULE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/tz.h"

/*
 * Dose schedules: the SPEC a person writes, the rules it stands for (one
 * rule is one row of medication_schedules) and the dose slots the rules
 * produce in a time zone.
 *
 * SPEC grammar (words are case-insensitive; commas and spaces both
 * separate list items):
 *
 *   SPEC   := STEP { ";" STEP }
 *   STEP   := [DATES] [AMOUNT] RULE [AMOUNT]        (one AMOUNT at most)
 *   DATES  := YYYY-MM-DD ".." YYYY-MM-DD            (limits the step)
 *   AMOUNT := NUMBER [UNIT] | NUMBER UNIT           ("2 tablets", "40mg")
 *   RULE   := TIMES                                 every day
 *           | "every" N "h" "from" TIME             every N hours (N divides 24)
 *           | DAYS TIMES                            on those weekdays
 *           | "every" N "days" TIMES                every N days from the start
 *           | "every other day" TIMES               the same as every 2 days
 *           | N "on" M "off" TIMES                  N days on, M off, from the start
 *           | "as needed" ["max" N "/day"] ["min" N "h" | N "min"]
 *   TIMES  := HH:MM { "," HH:MM }                   24-hour wall-clock times
 *   DAYS   := DAY { "," DAY } | DAY "-" DAY | "weekdays" | "weekends"
 *   DAY    := mon | tue | wed | thu | fri | sat | sun (or the full name)
 *
 * A STEP with DATES whose rule is TIMES is a taper step; steps of a taper
 * may not overlap.  Without an AMOUNT a dose is 1 of the medication's form.
 * "every N days" and cycles count from the step's first date, else from
 * the medication's start date.
 */

#define SCHED_UNIT_MAX 20
#define SCHED_NO_START INT_MIN	/* valid_from when the rule has none */
#define SCHED_NO_END INT_MAX	/* valid_until / end day when open */
#define SCHED_MAX_TIMES 24	/* wall times one rule has on one day */

enum sched_kind {
	SCHED_DAILY,
	SCHED_INTERVAL,
	SCHED_WEEKDAYS,
	SCHED_EVERY_N_DAYS,
	SCHED_CYCLE,
	SCHED_PRN,
	SCHED_TAPER
};

/* One rule: one row of medication_schedules. */
struct sched_rule {
	int64_t id;			/* schedule_id once stored, else 0 */
	enum sched_kind kind;
	int minute;			/* dose_time; -1 for as needed */
	int interval_hours;
	int weekdays;			/* bit 0 Monday ... bit 6 Sunday */
	int every_n_days;
	int cycle_on, cycle_off;
	int prn_min_interval_minutes;	/* 0 when not limited */
	int prn_max_per_day;		/* 0 when not limited */
	int valid_from;			/* day number or SCHED_NO_START */
	int valid_until;		/* day number or SCHED_NO_END */
	double amount;
	char unit[SCHED_UNIT_MAX + 1];	/* "" when the form is meant */
};

struct sched_spec {
	struct sched_rule *rules;
	size_t n;
};

/*
 * Parses a SPEC into rules.  On error nothing is allocated and err says
 * what is wrong, quoting the part, with an example of a valid SPEC.
 */
int sched_parse(const char *text, struct sched_spec *out, struct error *err);

void sched_spec_free(struct sched_spec *spec);

/* The kind's name as the schema spells it ("every_n_days"). */
const char *sched_kind_name(enum sched_kind kind);

/* The kind of a schema name; -1 when the name is unknown. */
int sched_kind_from_name(const char *name, enum sched_kind *kind);

/*
 * The wall times (minutes after midnight, ascending) a rule has on a
 * local day, counting cycles from anchor_day; returns how many.
 */
int sched_rule_times(const struct sched_rule *rule, int anchor_day, int day,
    int minutes[SCHED_MAX_TIMES]);

/* An interval of instants [from, until) in which no dose is due. */
struct sched_pause {
	int64_t from;
	int64_t until;		/* INT64_MAX while still paused */
};

/*
 * The zone schedules follow from a local day on: the home zone, or the
 * zone of a journey.  A list is sorted by from_day; its first entry also
 * covers the days before its from_day.
 */
struct sched_zone {
	int from_day;
	const struct tz *tz;
};

/* What the generator needs to know of one medication. */
struct sched_med {
	int64_t medication_id;
	int start_day;
	int end_day;			/* SCHED_NO_END when open */
	const struct sched_rule *rules;
	size_t n_rules;
	const struct sched_pause *pauses;
	size_t n_pauses;
};

/* One dose slot. */
struct sched_slot {
	int64_t at;			/* UTC instant */
	int64_t medication_id;
	int64_t schedule_id;
	int day;			/* local day */
	int minute;			/* wall time of the rule */
	double amount;
	char unit[SCHED_UNIT_MAX + 1];
};

struct sched_slots {
	struct sched_slot *v;
	size_t n, cap;
};

/* The zone that local day follows in a list of zones. */
const struct tz *sched_zone_for_day(const struct sched_zone *zones,
    size_t n_zones, int day);

/*
 * The local day an instant falls on by a list of zones: read in the
 * first (home) zone, then in the zone that day follows; the two agree
 * except around a change of zone.
 */
int sched_day_of(const struct sched_zone *zones, size_t n_zones, int64_t at);

/*
 * Appends the slots of local days first..last (inclusive), ordered by
 * instant.  As-needed rules have no slots.
 */
int sched_slots_for_days(const struct sched_med *med,
    const struct sched_zone *zones, size_t n_zones, int first, int last,
    struct sched_slots *out, struct error *err);

/* Appends the slots whose instant lies in [from, until), in order. */
int sched_slots_between(const struct sched_med *med,
    const struct sched_zone *zones, size_t n_zones, int64_t from,
    int64_t until, struct sched_slots *out, struct error *err);

/*
 * Counts slots per local day for days first..last into per_day (which
 * holds last - first + 1 counts, added to) and returns the total; it
 * converts to instants only on days that touch a pause.
 */
long sched_count_days(const struct sched_med *med,
    const struct sched_zone *zones, size_t n_zones, int first, int last,
    int *per_day);

/* Orders slots by instant, then medication, then schedule. */
void sched_slots_sort(struct sched_slots *slots);

void sched_slots_free(struct sched_slots *slots);

/*
 * The mean amount taken per day over days first..last, for refill
 * forecasts; as-needed rules count at their maximum per day.
 */
double sched_daily_use(const struct sched_med *med, int first, int last);

#endif
