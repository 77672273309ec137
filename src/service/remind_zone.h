#ifndef PC_REMIND_ZONE_H
#define PC_REMIND_ZONE_H

#include <stdint.h>

#include "common/error.h"
#include "domain/wallclock.h"
#include "store/store.h"

/*
 * The wall clocks reminders are read on, from the time zones the store
 * records.  A person's clock is the zone their schedules follow at the
 * moment in question: the profile's home zone, or the zone a journey
 * moved them to (see doses_follow_zone).  An account's clock is that of
 * its own record, or UTC for an account without one, as a caregiver's
 * may be.  Quiet hours are kept on the recipient account's clock; the
 * times in a text are the person's, as their schedule states them.
 *
 * Zones are opened once and stay open until remind_zones_free, so a
 * clock handed out stays valid until then, in any thread.
 */
struct remind_zones;

int remind_zones_new(struct remind_zones **out, struct error *err);

/* Closes every zone; clocks taken from it must no longer be used. */
void remind_zones_free(struct remind_zones *z);

/* The clock of person_id at the instant at. */
int remind_zones_person(struct remind_zones *z, struct store *st,
    int64_t person_id, int64_t at, struct wallclock *out, struct error *err);

/* The clock of the account user_id at the instant at. */
int remind_zones_account(struct remind_zones *z, struct store *st,
    int64_t user_id, int64_t at, struct wallclock *out, struct error *err);

#endif
