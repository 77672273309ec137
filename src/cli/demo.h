#ifndef PC_CLI_DEMO_H
#define PC_CLI_DEMO_H

#include <stdint.h>

#include "cli/care.h"

/*
 * The made-up household of "prescripcare demo", shared by the two files
 * that build it: the accounts and health records (cmd_demo.c), and the
 * medications with their months of doses (demo_doses.c).  Everything is
 * written through the same services as the commands, so the demo's
 * summaries are what real use would give.
 */

/* The days of dose history, ending today. */
#define DEMO_DAYS 90

/* The time zone of the household. */
#define DEMO_ZONE "America/Chicago"

struct demo {
	struct cli *cli;
	struct care ada;		/* Ada's session on her own record */
	struct care clara_ada;		/* Clara's session on Ada's record */
	struct care clara_walter;	/* and on her father's */
	struct clock clock;		/* moved to each moment it acts */
	int64_t now;			/* the program's clock */
	int today;			/* the household's local day */
	struct tz *tz;
	uint64_t seed;			/* the same history for the same now */
	int64_t ibuprofen;		/* Ada's as-needed medication */
	int64_t ada_doctor;		/* her doctor in the directory */
	int64_t pharmacy;		/* where the household's fills are */
	long doses;			/* dose records written */
};

/* The instant of a local day and minute in the household's zone. */
int64_t demo_at(const struct demo *d, int day, int minute);

/* Adds Ada's and Walter's medications, their fills and status changes. */
int demo_medications(struct demo *d, struct error *err);

/* Records the doses of the DEMO_DAYS days up to now. */
int demo_history(struct demo *d, struct error *err);

#endif
