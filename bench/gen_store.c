#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "gen.h"

/*
 * gen_store --out PATH [--people N] [--meds N] [--doses N] [--years N]
 *           [--zone NAME] [--end YYYY-MM-DDTHH:MMZ]
 *           [--user EMAIL --password PASSWORD]
 * Writes a made-up store for timing and prints how long it took.  With
 * --user, the first person is that account's own record, which it can
 * sign in to read (the password is a made-up one for a benchmark).
 */

static int
usage(void)
{
	fprintf(stderr, "usage: gen_store --out PATH [--people N] [--meds N]"
	    " [--doses N] [--years N] [--zone NAME] [--end INSTANT]"
	    " [--user EMAIL --password PASSWORD]\n");
	return 64;
}

int
main(int argc, char **argv)
{
	struct gen_options o;
	const char *out = NULL;
	struct store *st;
	struct error err;
	int64_t events;
	double t0;

	gen_defaults(&o);
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *v = argv[i + 1];

		if (strcmp(argv[i], "--out") == 0)
			out = v;
		else if (strcmp(argv[i], "--people") == 0)
			o.people = atoi(v);
		else if (strcmp(argv[i], "--meds") == 0)
			o.medications = atoi(v);
		else if (strcmp(argv[i], "--doses") == 0)
			o.doses_per_day = atoi(v);
		else if (strcmp(argv[i], "--years") == 0)
			o.years = atoi(v);
		else if (strcmp(argv[i], "--zone") == 0)
			o.timezone = v;
		else if (strcmp(argv[i], "--user") == 0)
			o.email = v;
		else if (strcmp(argv[i], "--password") == 0)
			o.password = v;
		else if (strcmp(argv[i], "--end") == 0) {
			if (clock_parse_utc(v, &o.end) != 0)
				return usage();
		} else
			return usage();
	}
	if (out == NULL || o.people < 1 || o.medications < 1 ||
	    o.doses_per_day < 1 || o.doses_per_day > 6 || o.years < 1 ||
	    (o.email == NULL) != (o.password == NULL))
		return usage();
	if (store_open(&st, out, STORE_OPEN_CREATE, &err) != 0) {
		fprintf(stderr, "gen_store: %s\n", err.text);
		return 1;
	}
	t0 = gen_seconds();
	if (gen_store(st, &o, &events, &err) != 0) {
		fprintf(stderr, "gen_store: %s\n", err.text);
		store_close(st);
		return 1;
	}
	printf("generated %lld dose events for %d people x %d medications"
	    " x %d a day x %d years in %.1f s\n", (long long)events, o.people,
	    o.medications, o.doses_per_day, o.years, gen_seconds() - t0);
	store_close(st);
	return 0;
}
