#include "config.h"

#include "gen.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/date.h"
#include "common/settings.h"
#include "domain/tz.h"
#include "service/account.h"
#include "service/doses.h"
#include "service/health.h"
#include "service/meds.h"
#include "service/session.h"

void
gen_defaults(struct gen_options *o)
{
	memset(o, 0, sizeof *o);
	o->people = 1;
	o->medications = 15;
	o->doses_per_day = 4;
	o->years = 10;
	o->end = 1782864000;	/* 2026-07-01T00:00Z */
	o->timezone = "Europe/Berlin";
	o->seed = 42;
}

/* Nonce (24) + MAC (16) + a text of 4 to 40 bytes, as sealing makes. */
static struct store_sealed
random_sealed(unsigned char *buf, unsigned *seed)
{
	size_t len = 24 + 16 + 4 + (size_t)(rand_r(seed) % 37);
	struct store_sealed s = { buf, len };

	randombytes_buf(buf, len);
	return s;
}

static void
spec_for(int doses, int k, char *buf, size_t size)
{
	static const char *const sets[] = { "08:00", "08:00,20:00",
	    "08:00,14:00,20:00", "07:00,12:00,17:00,22:00",
	    "06:00,10:00,14:00,18:00,22:00",
	    "06:00,09:00,12:00,15:00,18:00,21:00" };

	(void)k;
	snprintf(buf, size, "1 tablet %s", sets[doses - 1]);
}

static int
add_medication(struct doses_ctx *ctx, const struct gen_options *o,
    int64_t person, int k, int start, unsigned *seed, int64_t *id,
    struct error *err)
{
	unsigned char a[96], b[96], c[96];
	struct doses_med_input in;
	char name[64], spec[96];

	memset(&in, 0, sizeof in);
	snprintf(name, sizeof name, "Benchdrug %02d", k + 1);
	spec_for(o->doses_per_day, k, spec, sizeof spec);
	if (store_drug_by_name(ctx->st, name, true, &in.med.drug_id, err) != 0)
		return -1;
	in.med.person_id = person;
	in.med.strength = "10 mg";
	in.med.dosage_form = "tablet";
	in.med.dosing_schedule = spec;
	in.med.start_day = start;
	in.med.end_day = SCHED_NO_END;
	in.med.refills_remaining = 3;
	in.med.prescriber_name = random_sealed(a, seed);
	in.med.pharmacy_name = random_sealed(b, seed);
	in.med.instructions = random_sealed(c, seed);
	return doses_med_add(ctx, &in, id, err);
}

/* Writes the events of one medication's slots before `end`. */
static int
add_events(struct doses_ctx *ctx, int64_t person, int64_t med,
    const struct tz *tz, int first, int last, unsigned *seed,
    int64_t *events, struct error *err)
{
	struct sched_rule *rules;
	struct sched_slots slots = { 0 };
	struct sched_zone zone = { 0, tz };
	struct sched_med sm = { med, first, last, NULL, 0, NULL, 0 };
	size_t n;
	int rc = 0;

	if (store_schedules(ctx->st, med, &rules, &n, err) != 0)
		return -1;
	sm.rules = rules;
	sm.n_rules = n;
	if (sched_slots_for_days(&sm, &zone, 1, first, last, &slots,
	    err) != 0) {
		free(rules);
		return -1;
	}
	for (size_t i = 0; i < slots.n && rc == 0; i++) {
		struct store_dose d;
		int roll = rand_r(seed) % 100;

		if (roll >= 97)
			continue;		/* never recorded: missed */
		memset(&d, 0, sizeof d);
		d.person_id = person;
		d.medication_id = med;
		d.schedule_id = slots.v[i].schedule_id;
		d.slot_day = slots.v[i].day;
		d.taken_with_food = -1;
		d.rec.slot_at = slots.v[i].at;
		d.rec.status = roll < 92 ? DOSE_TAKEN : DOSE_SKIPPED;
		d.rec.actual_at = d.rec.status == DOSE_TAKEN ?
		    slots.v[i].at + rand_r(seed) % 1800 : 0;
		d.rec.recorded_at = slots.v[i].at + 1800;
		snprintf(d.rec.recorded_via, sizeof d.rec.recorded_via,
		    "manual");
		rc = store_dose_insert(ctx->st, &d, NULL, err);
		*events += rc == 0;
	}
	sched_slots_free(&slots);
	free(rules);
	return rc;
}

/* A medication the account's way: screened, sealed and audited. */
static int
add_sealed_medication(struct session *s, struct doses_ctx *ctx,
    const struct gen_options *o, int64_t person, int k, int start,
    int64_t *id, struct error *err)
{
	struct meds_input in;
	char name[64], spec[96], start_date[DATE_TEXT_SIZE];

	memset(&in, 0, sizeof in);
	snprintf(name, sizeof name, "Benchdrug %02d", k + 1);
	spec_for(o->doses_per_day, k, spec, sizeof spec);
	date_format(start, start_date);
	if (store_drug_by_name(ctx->st, name, true, &in.drug_id, err) != 0)
		return -1;
	in.strength = "10 mg";
	in.dosage_form = "tablet";
	in.schedule = spec;
	in.start_date = start_date;
	in.refills = 3;
	in.prescriber = "Dr. Example Prescriber";
	in.pharmacy = "Example Pharmacy";
	in.instructions = "Take with a glass of water.";
	return meds_add_screened(s, ctx, person, &in, NULL, id, err);
}

static int
gen_person(struct doses_ctx *ctx, struct session *s,
    const struct gen_options *o, const struct tz *tz, unsigned *seed,
    int64_t *events, struct error *err)
{
	unsigned char f[96], l[96];
	int today = tz_day_of(tz, o->end);
	int start = today - 365 * o->years;
	int64_t person = s != NULL ? session_self_person(s) : 0;

	if (s == NULL && store_begin(ctx->st, err) != 0)
		return -1;
	if (s == NULL && (store_person_add(ctx->st, o->timezone,
	    random_sealed(f, seed), random_sealed(l, seed), o->end, &person,
	    err) != 0 || store_commit(ctx->st, err) != 0)) {
		store_rollback(ctx->st);
		return -1;
	}
	for (int k = 0; k < o->medications; k++) {
		int64_t med;

		if ((s != NULL ? add_sealed_medication(s, ctx, o, person, k,
		    start, &med, err) : add_medication(ctx, o, person, k, start,
		    seed, &med, err)) != 0)
			return -1;
		if (store_begin(ctx->st, err) != 0)
			return -1;
		if (add_events(ctx, person, med, tz, start, today - 1, seed,
		    events, err) != 0 || store_commit(ctx->st, err) != 0) {
			store_rollback(ctx->st);
			return -1;
		}
	}
	return doses_rebuild_summaries(ctx, person, err);
}

/* The account whose own record the first person is, signed in. */
static int
gen_account(struct store *st, const struct gen_options *o,
    const struct clock *clock, struct session **s, struct error *err)
{
	struct account_request req = { o->email, o->password, false, "Bench",
	    "Person" };
	struct login_request login = { o->email, o->password, NULL, NULL,
	    NULL };
	struct profile_change zone = { PF_TIMEZONE, o->timezone };
	struct session_options opts;
	char code[KEYS_RECOVERY_CODE_SIZE], list[4096];
	int64_t id;

	session_options_defaults(&opts);
	opts.clock = clock;
	if (settings_data_file("common-passwords.txt", list, sizeof list,
	    err) != 0)
		return -1;
	opts.common_passwords = list;
	if (account_create(st, &opts, NULL, &req, code, &id, err) != 0 ||
	    session_login(st, &opts, &login, s, err) != 0)
		return -1;
	return health_profile_update(*s, session_self_person(*s), &zone, 1,
	    err);
}

int
gen_store(struct store *st, const struct gen_options *o, int64_t *events,
    struct error *err)
{
	struct clock clock = clock_fixed(o->end);
	struct session *s = NULL;
	struct settings cfg;
	struct doses_ctx ctx;
	struct tz *tz;
	unsigned seed = o->seed;
	int rc = 0;

	*events = 0;
	if (sodium_init() < 0) {
		error_set(err, ERR_CRYPTO, "libsodium cannot start");
		return -1;
	}
	if (tz_open(&tz, o->timezone, err) != 0)
		return -1;
	settings_defaults(&cfg);
	doses_ctx_init(&ctx, st, &clock, &cfg, 0);
	if (o->email != NULL) {
		rc = gen_account(st, o, &clock, &s, err);
		if (rc == 0)
			meds_doses_ctx(s, &clock, &cfg, &ctx);
	}
	for (int p = 0; p < o->people && rc == 0; p++)
		rc = gen_person(&ctx, p == 0 ? s : NULL, o, tz, &seed, events,
		    err);
	session_logout(s, LOGOUT_USER);
	tz_close(tz);
	return rc;
}

double
gen_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
