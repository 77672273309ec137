#ifndef PC_BENCH_GEN_H
#define PC_BENCH_GEN_H

#include <stdint.h>

#include "common/error.h"
#include "store/store.h"

/*
 * Makes a store of made-up people for benchmarks: each with medications
 * taking doses at fixed times for some years up to the day before `end`,
 * about nine doses in ten taken, the rest skipped or not recorded, and
 * adherence summaries rebuilt.  Sealed columns hold random bytes of a
 * plausible length, so no account or key is needed.
 *
 * With an account (email and password), the first person is instead that
 * account's own record, made the way the program makes it: the account
 * with the program's own Argon2id cost, and the medications added through
 * meds_add_screened with their fields sealed, so that the account can
 * sign in to the terminal interface and read everything.
 */
struct gen_options {
	int people;
	int medications;	/* per person */
	int doses_per_day;	/* 1 to 6 */
	int years;
	int64_t end;		/* an instant on the last (open) day */
	const char *timezone;
	unsigned seed;
	const char *email;	/* NULL: no account */
	const char *password;
};

/* The defaults: 1 person, 15 medications, 4 doses a day, 10 years. */
void gen_defaults(struct gen_options *o);

/* Seconds on the monotonic clock, for timing. */
double gen_seconds(void);

/* Fills the store; *events gets how many dose events were written. */
int gen_store(struct store *st, const struct gen_options *o,
    int64_t *events, struct error *err);

#endif
