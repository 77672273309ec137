#ifndef PC_CLOCK_H
#define PC_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/*
 * Everything that depends on the time asks a clock, so tests pin it.  The
 * program's clock is the system's, unless PRESCRIPCARE_NOW names a fixed
 * instant (a testing aid documented in the man page).
 */
struct clock {
	int64_t (*now)(const struct clock *clock);
	int64_t fixed;		/* seconds since the epoch, for fixed clocks */
};

/* The current instant in seconds since the Unix epoch. */
int64_t clock_now(const struct clock *clock);

/* A clock that reads the system time. */
struct clock clock_system(void);

/* A clock that always says the given instant. */
struct clock clock_fixed(int64_t epoch_seconds);

/*
 * The program's clock: fixed at PRESCRIPCARE_NOW when that holds an
 * instant such as 2026-03-08T06:30:00Z, else the system's.
 */
int clock_from_environment(struct clock *clock, char *why, size_t why_size);

/*
 * Milliseconds on CLOCK_MONOTONIC: for timeouts and intervals, which a
 * change of the wall clock must not stretch or cut.
 */
int64_t clock_monotonic_ms(void);

/* Parses "YYYY-MM-DDTHH:MM[:SS]Z" into seconds since the epoch. */
int clock_parse_utc(const char *text, int64_t *out);

#endif
