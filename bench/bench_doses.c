#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/settings.h"
#include "gen.h"
#include "service/doses.h"

/*
 * Times the daily paths on a made-up store of one person with 15
 * medications, four doses a day, ten years.  Prints figures; asserts no
 * time.  A store path may be given to reuse one; else one is generated
 * in a temporary folder.
 */

#define PERSON 1

static int
compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
report(const char *what, double *ms, int n, const char *target)
{
	qsort(ms, (size_t)n, sizeof *ms, compare_double);
	printf("%-44s median %7.3f ms  min %7.3f  max %7.3f  (%d runs)%s%s\n",
	    what, ms[n / 2], ms[0], ms[n - 1], n, target[0] ? "  target " : "",
	    target);
}

static int
bench_today(struct doses_ctx *ctx, int today)
{
	double ms[50];
	struct error err;

	for (int i = 0; i < 50; i++) {
		struct doses_day d;
		double t0 = (gen_seconds() * 1e3);

		if (doses_today(ctx, PERSON, today, &d, &err) != 0) {
			fprintf(stderr, "today: %s\n", err.text);
			return -1;
		}
		ms[i] = (gen_seconds() * 1e3) - t0;
		if (i == 0)
			printf("today's list: %zu doses\n", d.n);
		doses_day_free(&d);
	}
	report("today's doses", ms, 50, "< 5 ms");
	return 0;
}

static int
bench_year(struct doses_ctx *ctx, int today)
{
	double ms[20];
	struct error err;

	for (int i = 0; i < 20; i++) {
		struct doses_report r;
		double t0 = (gen_seconds() * 1e3);

		if (doses_adherence(ctx, PERSON, STORE_EVERY_MEDICATION,
		    ADH_DAILY, today - 364, today, &r, &err) != 0) {
			fprintf(stderr, "adherence: %s\n", err.text);
			return -1;
		}
		ms[i] = (gen_seconds() * 1e3) - t0;
		if (i == 0)
			printf("a year of daily adherence: %zu rows\n", r.n);
		doses_report_free(&r);
	}
	report("a year of daily adherence, every medication", ms, 20,
	    "< 20 ms");
	return 0;
}

/* Records each of today's doses with its slot named, one transaction each. */
static int
bench_record(struct doses_ctx *ctx, int today)
{
	struct doses_day d;
	struct error err;
	double *ms;
	int n = 0;

	if (doses_today(ctx, PERSON, today, &d, &err) != 0)
		return -1;
	ms = calloc(d.n + 1, sizeof *ms);
	for (size_t i = 0; i < d.n; i++) {
		struct doses_request req = { 0 };
		struct doses_outcome out;
		double t0;

		if (d.items[i].prn || d.items[i].recorded)
			continue;
		req.person_id = PERSON;
		req.medication_id = d.items[i].slot.medication_id;
		req.schedule_id = d.items[i].slot.schedule_id;
		req.slot_at = d.items[i].slot.at;
		req.status = DOSE_TAKEN;
		req.actual_at = d.items[i].slot.at;
		req.taken_with_food = -1;
		t0 = (gen_seconds() * 1e3);
		if (doses_record(ctx, &req, &out, &err) != 0) {
			fprintf(stderr, "record: %s\n", err.text);
			break;
		}
		ms[n++] = (gen_seconds() * 1e3) - t0;
	}
	if (n > 0)
		report("record one dose + summaries (1 transaction)", ms, n,
		    "");
	free(ms);
	doses_day_free(&d);
	return n > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/prescripcare-bench-XXXXXX";
	char path[256];
	struct gen_options o;
	struct settings cfg;
	struct doses_ctx ctx;
	struct clock clock;
	struct store *st;
	struct error err;
	int64_t events;
	int today, rc = 0;

	gen_defaults(&o);
	clock = clock_fixed(o.end);
	if (argc > 1) {
		snprintf(path, sizeof path, "%s", argv[1]);
	} else {
		if (mkdtemp(dir) == NULL)
			return 1;
		snprintf(path, sizeof path, "%s/bench.db", dir);
	}
	if (store_open(&st, path, STORE_OPEN_CREATE, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.text);
		return 1;
	}
	if (argc <= 1) {
		double t0 = (gen_seconds() * 1e3);

		if (gen_store(st, &o, &events, &err) != 0) {
			fprintf(stderr, "bench: %s\n", err.text);
			return 1;
		}
		printf("store: %lld dose events (15 medications, 4 a day, 10"
		    " years), generated in %.1f s\n", (long long)events,
		    ((gen_seconds() * 1e3) - t0) / 1e3);
	}
	/* Late on the last day, when every dose of the day is due. */
	clock.fixed += 20 * 3600;
	settings_defaults(&cfg);
	doses_ctx_init(&ctx, st, &clock, &cfg, 0);
	if (doses_local_today(&ctx, PERSON, &today, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.text);
		return 1;
	}
	if (bench_today(&ctx, today) != 0 || bench_year(&ctx, today) != 0 ||
	    bench_record(&ctx, today) != 0)
		rc = 1;
	store_close(st);
	if (argc <= 1) {
		unlink(path);
		snprintf(path, sizeof path, "%s/bench.db-wal", dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/bench.db-shm", dir);
		unlink(path);
		rmdir(dir);
	}
	return rc;
}
