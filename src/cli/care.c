#include "config.h"

#include "cli/care.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/auth.h"
#include "common/date.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "service/access.h"
#include "service/account.h"
#include "service/health.h"
#include "service/vault.h"

/* Names the accounts that recorded doses, asking the session once each. */
static void
name_account(void *data, int64_t user_id, char *buf, size_t size)
{
	struct care *c = data;
	struct care_name *slot;

	for (size_t i = 0; i < c->n_names; i++) {
		if (c->names[i].user_id == user_id) {
			snprintf(buf, size, "%s", c->names[i].name);
			return;
		}
	}
	slot = &c->names[c->n_names < CARE_NAMES ? c->n_names++ :
	    CARE_NAMES - 1];
	slot->user_id = user_id;
	account_display_name(c->s, user_id, slot->name, sizeof slot->name);
	snprintf(buf, size, "%s", slot->name);
}

static void
find_person_name(struct care *c)
{
	struct error err;
	char *full = NULL;

	if (health_person_names(c->s, c->person, NULL, &full, &err) == 0 &&
	    full != NULL)
		snprintf(c->person_name, sizeof c->person_name, "%s", full);
	else
		snprintf(c->person_name, sizeof c->person_name,
		    _("person %lld"), (long long)c->person);
	vault_free_text(full);
}

void
care_attach(struct care *c, struct cli *cli, struct store *st,
    struct session *s)
{
	memset(c, 0, sizeof *c);
	c->cli = cli;
	c->st = st;
	c->s = s;
	doses_ctx_init(&c->ctx, st, &cli->clock, &cli->cfg, session_user_id(s));
	c->ctx.name_account = name_account;
	c->ctx.name_data = c;
}

int
care_login(struct cli *cli, struct care *c, struct error *err)
{
	struct session *s;
	struct store *st;

	memset(c, 0, sizeof *c);
	if (cli_open_session(cli, &st, &s, err) != 0)
		return -1;
	care_attach(c, cli, st, s);
	return 0;
}

int
care_enter(struct care *c, int64_t person_id, unsigned wanted,
    const char *table, struct error *err)
{
	int rc;

	c->person = person_id;
	if (table != NULL)
		rc = access_read(c->s, c->person, table, err);
	else
		rc = access_require(c->s, c->person, wanted, err);
	if (rc != 0)
		return -1;
	find_person_name(c);
	c->ctx.recorded_via = c->person == session_self_person(c->s) ?
	    "manual" : "caregiver";
	return 0;
}

int
care_choose_person(struct care *c, unsigned wanted, const char *table,
    struct error *err)
{
	int64_t person_id;

	if (cli_person(c->cli, c->s, &person_id, err) != 0)
		return -1;
	return care_enter(c, person_id, wanted, table, err);
}

int
care_open(struct cli *cli, unsigned wanted, const char *table,
    struct care *c, struct error *err)
{
	if (care_login(cli, c, err) != 0)
		return -1;
	if (care_choose_person(c, wanted, table, err) != 0) {
		care_close(c);
		return -1;
	}
	return 0;
}

void
care_close(struct care *c)
{
	tz_close(c->tz);
	cli_close_session(c->st, c->s);
	memset(c, 0, sizeof *c);
}

void
care_med_label(const struct store_med *m, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s", m->drug_name, m->strength);
}

static bool
is_current(const struct store_med *m)
{
	return m->status == MED_ACTIVE || m->status == MED_PAUSED;
}

/* Does the name fit the medication: drug, "drug strength" or "#id"? */
static bool
fits(const struct store_med *m, const char *name)
{
	char label[256];
	long id;

	if (name[0] == '#')
		return str_to_long(name + 1, &id) == 0 &&
		    id == m->medication_id;
	care_med_label(m, label, sizeof label);
	return strcasecmp(m->drug_name, name) == 0 ||
	    strcasecmp(label, name) == 0;
}

static void
ambiguous(const char *name, const struct store_med *meds, const size_t *hits,
    size_t n, struct error *err)
{
	char list[384] = "", label[256], one[300];

	for (size_t i = 0; i < n; i++) {
		care_med_label(&meds[hits[i]], label, sizeof label);
		snprintf(one, sizeof one, "%s%s (#%lld, %s)", i ? ", " : "",
		    label, (long long)meds[hits[i]].medication_id,
		    store_med_status_name(meds[hits[i]].status));
		if (strlen(list) + strlen(one) < sizeof list)
			strcat(list, one);
	}
	error_set(err, ERR_USAGE,
	    _("\"%s\" names %zu medications: %s; name one with its strength, such as \"%s\", or by its number, such as #%lld"),
	    name, n, list, label, (long long)meds[hits[n - 1]].medication_id);
}

/* Indexes of the medications that fit, current ones first if any fit. */
static size_t
matches(const struct store_med *meds, size_t n, const char *name,
    size_t *hits)
{
	size_t k = 0;

	for (int pass = 0; pass < 2 && k == 0; pass++) {
		for (size_t i = 0; i < n; i++) {
			if ((pass == 0) == is_current(&meds[i]) &&
			    fits(&meds[i], name))
				hits[k++] = i;
		}
	}
	return k;
}

int
care_find_med(struct care *c, const char *name, struct store_med *out,
    struct error *err)
{
	struct store_med *meds;
	size_t n, k, *hits;

	if (store_med_list(c->st, c->person, false, &meds, &n, err) != 0)
		return -1;
	if ((hits = calloc(n + 1, sizeof *hits)) == NULL) {
		free(meds);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	k = matches(meds, n, name, hits);
	if (k == 1)
		*out = meds[hits[0]];
	else if (k == 0)
		error_set(err, ERR_NOT_FOUND,
		    _("%s has no medication called \"%s\"; \"prescripcare med list --all\" shows them"),
		    c->person_name, name);
	else
		ambiguous(name, meds, hits, k, err);
	free(hits);
	free(meds);
	return k == 1 ? 0 : -1;
}

int
care_meds_load(struct care *c, struct care_meds *meds, struct error *err)
{
	return store_med_list(c->st, c->person, false, &meds->v, &meds->n,
	    err);
}

const struct store_med *
care_meds_find(const struct care_meds *meds, int64_t medication_id)
{
	for (size_t i = 0; i < meds->n; i++) {
		if (meds->v[i].medication_id == medication_id)
			return &meds->v[i];
	}
	return NULL;
}

void
care_meds_free(struct care_meds *meds)
{
	free(meds->v);
	meds->v = NULL;
	meds->n = 0;
}

void
care_describe(struct care *c, const struct store_dose *d, const struct tz *tz,
    char *buf, size_t size)
{
	char who[128] = "";

	if (d->rec.recorded_by != 0)
		name_account(c, d->rec.recorded_by, who, sizeof who);
	dose_describe(&d->rec, tz, who, buf, size);
}

int
care_today(struct care *c, int *day, struct error *err)
{
	return doses_local_today(&c->ctx, c->person, day, err);
}

const struct tz *
care_zone(struct care *c, const char *name, struct error *err)
{
	if (c->tz != NULL && strcmp(tz_name(c->tz), name) == 0)
		return c->tz;
	tz_close(c->tz);
	c->tz = NULL;
	if (tz_open(&c->tz, name, err) != 0)
		return NULL;
	return c->tz;
}

const struct tz *
care_zone_of_day(struct care *c, int day, struct error *err)
{
	char name[TZ_NAME_MAX + 1];

	if (doses_zone_of_day(&c->ctx, c->person, day, name, err) != 0)
		return NULL;
	return care_zone(c, name, err);
}

int
care_parse_time(const char *option, const char *text, struct care_time *t,
    struct error *err)
{
	char date[DATE_TEXT_SIZE];
	bool ok;

	memset(t, 0, sizeof *t);
	t->given = true;
	if (strlen(text) == 5) {
		ok = date_parse_hhmm(text, &t->minute) == 0;
	} else {
		ok = strlen(text) == 16 && text[10] == 'T';
		if (ok) {
			memcpy(date, text, 10);
			date[10] = '\0';
			t->has_day = true;
			ok = date_parse(date, &t->day) == 0 &&
			    date_parse_hhmm(text + 11, &t->minute) == 0;
		}
	}
	if (ok)
		return 0;
	error_set(err, ERR_USAGE,
	    _("%s takes a time on the person's clock, HH:MM for today or YYYY-MM-DDTHH:MM, such as 08:05 or 2026-03-08T20:10; \"%s\" is neither"),
	    option, text);
	return -1;
}

int
care_time_instant(struct care *c, const struct care_time *t, int64_t *at,
    struct error *err)
{
	const struct tz *tz;
	int day = t->day;

	if (!t->has_day && care_today(c, &day, err) != 0)
		return -1;
	if ((tz = care_zone_of_day(c, day, err)) == NULL)
		return -1;
	*at = tz_wall_to_utc(tz, day, t->minute);
	return 0;
}

void
care_format_local(const struct tz *tz, int64_t at, char *buf, size_t size)
{
	struct tz_wall w;
	char date[DATE_TEXT_SIZE];

	tz_utc_to_wall(tz, at, &w);
	date_format(w.day, date);
	snprintf(buf, size, "%s %02d:%02d", date, w.minute / 60,
	    w.minute % 60);
}

void
care_format_amount(double amount, const char *unit, const char *form,
    char *buf, size_t size)
{
	snprintf(buf, size, "%g %s", amount, unit[0] != '\0' ? unit : form);
}

const char *
care_state_word(enum dose_status state)
{
	switch (state) {
	case DOSE_PENDING:
		return _("pending");
	case DOSE_DUE:
		return _("due");
	case DOSE_TAKEN:
		return _("taken");
	case DOSE_PARTIAL:
		return _("partial");
	case DOSE_SKIPPED:
		return _("skipped");
	case DOSE_SNOOZED:
		return _("snoozed");
	case DOSE_MISSED:
		return _("missed");
	}
	return "?";
}

int
care_parse_day(const char *option, const char *text, int *day,
    struct error *err)
{
	if (date_parse(text, day) == 0)
		return 0;
	error_set(err, ERR_USAGE,
	    _("%s takes a date as YYYY-MM-DD, such as 2026-03-08; \"%s\" is not one"),
	    option, text);
	return -1;
}

int
care_check_text(const char *option, const char *text, size_t max,
    const char *usage, struct error *err)
{
	if (text == NULL && usage == NULL)
		return 0;
	if (text == NULL) {
		error_set(err, ERR_USAGE,
		    _("%s is required; usage: prescripcare %s"), option, usage);
		return -1;
	}
	if (text[0] == '\0') {
		error_set(err, ERR_USAGE, _("%s needs a value"), option);
		return -1;
	}
	if (strlen(text) > max) {
		error_set(err, ERR_USAGE,
		    _("%s takes at most %zu characters; this one has %zu"),
		    option, max, strlen(text));
		return -1;
	}
	return 0;
}

int
care_parse_long(const char *option, const char *text, long min, long max,
    long *out, struct error *err)
{
	if (str_to_long(text, out) == 0 && *out >= min && *out <= max)
		return 0;
	error_set(err, ERR_USAGE,
	    _("%s takes a whole number from %ld to %ld, not \"%s\""), option,
	    min, max, text);
	return -1;
}

int
care_complete_range(struct care *c, int days, int *first, int *last,
    struct error *err)
{
	int today;

	if (*last == SCHED_NO_END) {
		if (care_today(c, &today, err) != 0)
			return -1;
		*last = *first == SCHED_NO_START || *first <= today ? today :
		    *first + days - 1;
	}
	if (*first == SCHED_NO_START)
		*first = *last - days + 1;
	if (*last < *first) {
		error_set(err, ERR_USAGE,
		    _("--to comes before --from; give the earlier date to --from"));
		return -1;
	}
	if (*last - *first >= CARE_MAX_DAYS) {
		error_set(err, ERR_USAGE,
		    _("a report covers at most %d days; narrow --from and --to"),
		    CARE_MAX_DAYS);
		return -1;
	}
	return 0;
}

int
care_option_error(int c, char **argv, const char *usage, struct error *err)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (c == ':')
		error_set(err, ERR_USAGE,
		    _("%s needs a value; usage: prescripcare %s"), arg, usage);
	else if (c == '?')
		error_set(err, ERR_USAGE,
		    _("unknown option \"%s\"; usage: prescripcare %s"), arg,
		    usage);
	else
		error_set(err, ERR_USAGE, _("usage: prescripcare %s"), usage);
	return -1;
}
