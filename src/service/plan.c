#include "config.h"

#include "service/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"

static int
load_zones(struct store *st, struct plan *p, struct error *err)
{
	char home[TZ_NAME_MAX + 1];
	struct store_zone_change *changes;
	size_t n;
	int rc = 0;

	if (store_person_zones(st, p->person_id, home, &changes, &n, err) != 0)
		return -1;
	p->tzs = calloc(n + 1, sizeof *p->tzs);
	p->zones = calloc(n + 1, sizeof *p->zones);
	if (p->tzs == NULL || p->zones == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		free(changes);
		return -1;
	}
	for (size_t i = 0; i <= n && rc == 0; i++) {
		const char *name = i == 0 ? home : changes[i - 1].timezone;

		rc = tz_open(&p->tzs[i], name, err);
		if (rc == 0) {
			p->zones[i].tz = p->tzs[i];
			p->zones[i].from_day = i == 0 ? SCHED_NO_START :
			    changes[i - 1].from_day;
			p->n_zones = i + 1;
		}
	}
	free(changes);
	return rc;
}

static int
load_med(struct store *st, struct plan_med *m, struct error *err)
{
	if (store_schedules(st, m->med.medication_id, &m->rules, &m->n_rules,
	    err) != 0 || store_med_pauses(st, m->med.medication_id,
	    &m->pauses, &m->n_pauses, err) != 0)
		return -1;
	m->prn_only = true;
	for (size_t r = 0; r < m->n_rules; r++) {
		if (m->rules[r].kind != SCHED_PRN)
			m->prn_only = false;
	}
	m->sm.medication_id = m->med.medication_id;
	m->sm.start_day = m->med.start_day;
	m->sm.end_day = m->med.end_day;
	m->sm.rules = m->rules;
	m->sm.n_rules = m->n_rules;
	m->sm.pauses = m->pauses;
	m->sm.n_pauses = m->n_pauses;
	return 0;
}

int
plan_load(struct store *st, int64_t person_id, struct plan *p,
    struct error *err)
{
	struct store_med *meds;
	size_t n;

	memset(p, 0, sizeof *p);
	p->person_id = person_id;
	if (load_zones(st, p, err) != 0 ||
	    store_med_list(st, person_id, false, &meds, &n, err) != 0) {
		plan_free(p);
		return -1;
	}
	p->meds = calloc(n > 0 ? n : 1, sizeof *p->meds);
	if (p->meds == NULL) {
		free(meds);
		plan_free(p);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		p->meds[i].med = meds[i];
		p->n_meds = i + 1;
		if (load_med(st, &p->meds[i], err) != 0) {
			free(meds);
			plan_free(p);
			return -1;
		}
	}
	free(meds);
	return 0;
}

void
plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n_meds; i++) {
		free(p->meds[i].rules);
		free(p->meds[i].pauses);
	}
	free(p->meds);
	for (size_t i = 0; i < p->n_zones; i++)
		tz_close(p->tzs[i]);
	free(p->tzs);
	free(p->zones);
	memset(p, 0, sizeof *p);
}

struct plan_med *
plan_find(struct plan *p, int64_t medication_id)
{
	for (size_t i = 0; i < p->n_meds; i++) {
		if (p->meds[i].med.medication_id == medication_id)
			return &p->meds[i];
	}
	return NULL;
}

const struct tz *
plan_zone(const struct plan *p, int day)
{
	return sched_zone_for_day(p->zones, p->n_zones, day);
}

int
plan_day_of(const struct plan *p, int64_t at)
{
	return sched_day_of(p->zones, p->n_zones, at);
}

void
name_account(const struct doses_ctx *ctx, int64_t user_id, char *buf,
    size_t size)
{
	if (user_id == 0) {
		buf[0] = '\0';
		return;
	}
	if (ctx->name_account != NULL) {
		ctx->name_account(ctx->name_data, user_id, buf, size);
		return;
	}
	snprintf(buf, size, _("account %lld"), (long long)user_id);
}
