#ifndef PC_SERVICE_PLAN_H
#define PC_SERVICE_PLAN_H

/*
 * Shared by the files of src/service only: everything the slot generator
 * needs about one person, loaded from the store in one go.
 */

#include "service/doses.h"

struct plan_med {
	struct store_med med;
	struct sched_rule *rules;
	size_t n_rules;
	struct sched_pause *pauses;
	size_t n_pauses;
	struct sched_med sm;
	bool prn_only;		/* has no scheduled rule, only as-needed */
};

struct plan {
	int64_t person_id;
	struct tz **tzs;
	struct sched_zone *zones;
	size_t n_zones;
	struct plan_med *meds;
	size_t n_meds;
};

/* Loads a person's zones and all their medications with rules. */
int plan_load(struct store *st, int64_t person_id, struct plan *p,
    struct error *err);

void plan_free(struct plan *p);

/* The medication in the plan, or NULL. */
struct plan_med *plan_find(struct plan *p, int64_t medication_id);

/* The local day an instant falls on by the zones of the plan. */
int plan_day_of(const struct plan *p, int64_t at);

/* The zone a local day follows. */
const struct tz *plan_zone(const struct plan *p, int day);

/*
 * Recomputes the summaries a change to a medication's events on a local
 * day touches: the day, week, month and year, for it and for all.
 */
int summaries_refresh(struct doses_ctx *ctx, struct plan *p,
    int64_t medication_id, int day, struct error *err);

/* What a medication's fills leave on hand, and how long it lasts. */
struct plan_supply {
	size_t fills;			/* 0: nothing to forecast from */
	double on_hand;
	struct adherence_refill forecast;
};

/*
 * Forecasts a medication's supply from its fills and schedule, as of
 * today (a local day).  With at_day_start the doses of today are not
 * yet taken off, so the run-out day stays the same all day long while
 * the doses are taken as planned.
 */
int plan_supply(struct store *st, const struct plan_med *m, int today,
    int warn_days, bool at_day_start, struct plan_supply *out,
    struct error *err);

/* Writes a name for an account into buf. */
void name_account(const struct doses_ctx *ctx, int64_t user_id, char *buf,
    size_t size);

#endif
