#include "config.h"

#include "domain/schedule.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "common/i18n.h"

#define MAX_TOKENS 64
#define MAX_TOKEN 48
#define MAX_RULES 64

static const char *const kind_names[] = {
	[SCHED_DAILY] = "daily",
	[SCHED_INTERVAL] = "interval",
	[SCHED_WEEKDAYS] = "weekdays",
	[SCHED_EVERY_N_DAYS] = "every_n_days",
	[SCHED_CYCLE] = "cycle",
	[SCHED_PRN] = "prn",
	[SCHED_TAPER] = "taper",
};

const char *
sched_kind_name(enum sched_kind kind)
{
	return kind_names[kind];
}

int
sched_kind_from_name(const char *name, enum sched_kind *kind)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++) {
		if (strcmp(kind_names[i], name) == 0) {
			*kind = (enum sched_kind)i;
			return 0;
		}
	}
	return -1;
}

/* Parsing ------------------------------------------------------------ */

struct parser {
	char tok[MAX_TOKENS][MAX_TOKEN];
	int n;
	int pos;
	const char *step;		/* the step's text, for messages */
	struct error *err;
};

/* The shape of the SPEC a failing step seems to be, for its example. */
enum hint {
	HINT_GENERAL, HINT_TIMES, HINT_INTERVAL, HINT_DAYS, HINT_EVERY,
	HINT_CYCLE, HINT_PRN, HINT_TAPER, HINT_AMOUNT
};

static const char *
example(enum hint hint)
{
	switch (hint) {
	case HINT_TIMES:
		return "08:00,20:00";
	case HINT_INTERVAL:
		return "every 8h from 06:00";
	case HINT_DAYS:
		return "mon,wed,fri 09:00";
	case HINT_EVERY:
		return "every 2 days 08:00";
	case HINT_CYCLE:
		return "21 on 7 off 08:00";
	case HINT_PRN:
		return "as needed max 4/day min 6h";
	case HINT_TAPER:
		return "2026-01-01..2026-01-07 40mg 08:00; 2026-01-08..2026-01-14 30mg 08:00";
	case HINT_AMOUNT:
		return "2 tablets 08:00,20:00";
	case HINT_GENERAL:
		break;
	}
	return "08:00,20:00";
}

static int
fail(struct parser *p, enum hint hint, const char *what)
{
	error_set(p->err, ERR_INVALID,
	    _("schedule \"%s\": %s; for example \"%s\""), p->step, what,
	    example(hint));
	return -1;
}

static int
tokenize(struct parser *p, const char *step)
{
	const char *s = step;

	p->n = 0;
	p->pos = 0;
	while (*s != '\0') {
		size_t len = 0;

		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			break;
		if (p->n == MAX_TOKENS)
			return fail(p, HINT_GENERAL, _("it is too long"));
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != ',') {
			if (len + 1 == MAX_TOKEN)
				return fail(p, HINT_GENERAL,
				    _("a word in it is too long"));
			p->tok[p->n][len++] = (char)tolower((unsigned char)*s);
			s++;
		}
		p->tok[p->n][len] = '\0';
		p->n++;
	}
	return 0;
}

static const char *
peek(const struct parser *p, int ahead)
{
	return p->pos + ahead < p->n ? p->tok[p->pos + ahead] : NULL;
}

static bool
accept(struct parser *p, const char *word)
{
	const char *t = peek(p, 0);

	if (t == NULL || strcmp(t, word) != 0)
		return false;
	p->pos++;
	return true;
}

/* A whole positive number of at most six digits. */
static bool
whole_number(const char *t, int *out)
{
	long v = 0;

	if (t == NULL || *t == '\0' || strlen(t) > 6)
		return false;
	for (const char *c = t; *c != '\0'; c++) {
		if (!isdigit((unsigned char)*c))
			return false;
		v = v * 10 + (*c - '0');
	}
	*out = (int)v;
	return true;
}

static bool
is_time(const char *t)
{
	int m;

	return t != NULL && date_parse_hhmm(t, &m) == 0;
}

static const char *const day_names[7][2] = {
	{ "mon", "monday" }, { "tue", "tuesday" }, { "wed", "wednesday" },
	{ "thu", "thursday" }, { "fri", "friday" }, { "sat", "saturday" },
	{ "sun", "sunday" },
};

static int
day_index(const char *t)
{
	for (int i = 0; i < 7; i++) {
		if (strcmp(t, day_names[i][0]) == 0 ||
		    strcmp(t, day_names[i][1]) == 0)
			return i;
	}
	return -1;
}

/* A token such as "mon", "mon-fri", "weekdays" or "weekends" as a mask. */
static int
day_mask(const char *t)
{
	char first[MAX_TOKEN];
	const char *dash = strchr(t, '-');
	int a, b, mask = 0;

	if (strcmp(t, "weekdays") == 0)
		return 0x1f;
	if (strcmp(t, "weekends") == 0)
		return 0x60;
	if (dash == NULL)
		return (a = day_index(t)) < 0 ? 0 : 1 << a;
	snprintf(first, sizeof first, "%.*s", (int)(dash - t), t);
	a = day_index(first);
	b = day_index(dash + 1);
	if (a < 0 || b < 0)
		return 0;
	for (int i = a;; i = (i + 1) % 7) {
		mask |= 1 << i;
		if (i == b)
			break;
	}
	return mask;
}

static const char *const keywords[] = {
	"every", "from", "on", "off", "as", "needed", "max", "min", "day",
	"days", "h", "hour", "hours", "other", "per", "a", "prn", "weekdays",
	"weekends", NULL
};

static bool
is_unit_word(const char *t)
{
	if (t == NULL || !isalpha((unsigned char)t[0]) || day_mask(t) != 0)
		return false;
	for (int i = 0; keywords[i] != NULL; i++) {
		if (strcmp(t, keywords[i]) == 0)
			return false;
	}
	for (const char *c = t; *c != '\0'; c++) {
		if (!isalpha((unsigned char)*c) && *c != '.' && *c != '/')
			return false;
	}
	return true;
}

/* A leading decimal number; returns how many characters it used. */
static size_t
leading_number(const char *t, double *out)
{
	size_t i = 0;
	int dots = 0;
	char buf[32];

	while (isdigit((unsigned char)t[i]) || (t[i] == '.' && dots++ == 0))
		i++;
	if (i == 0 || i >= sizeof buf || t[i - 1] == '.')
		return 0;
	memcpy(buf, t, i);
	buf[i] = '\0';
	*out = strtod(buf, NULL);
	return i;
}

/*
 * An amount is "40mg", "2.5 ml", "1 tablet" or a bare "2" that is not the
 * start of a cycle ("21 on") or a time.  Returns 1 when one was read.
 */
static int
parse_amount(struct parser *p, double *amount, char *unit)
{
	const char *t = peek(p, 0);
	double v;
	size_t used;

	if (t == NULL || is_time(t) || strstr(t, "..") != NULL)
		return 0;
	used = leading_number(t, &v);
	if (used == 0)
		return 0;
	if (t[used] != '\0') {
		if (!is_unit_word(t + used))
			return 0;
		if (strlen(t + used) > SCHED_UNIT_MAX)
			return fail(p, HINT_AMOUNT,
			    _("the unit is longer than 20 letters"));
		snprintf(unit, SCHED_UNIT_MAX + 1, "%s", t + used);
		p->pos++;
	} else {
		const char *next = peek(p, 1);

		if (next != NULL && (strcmp(next, "on") == 0 ||
		    strcmp(next, "days") == 0 || strcmp(next, "day") == 0 ||
		    strcmp(next, "h") == 0 || strcmp(next, "hours") == 0))
			return 0;
		p->pos++;
		unit[0] = '\0';
		if (is_unit_word(next)) {
			if (strlen(next) > SCHED_UNIT_MAX)
				return fail(p, HINT_AMOUNT,
				    _("the unit is longer than 20 letters"));
			snprintf(unit, SCHED_UNIT_MAX + 1, "%s", next);
			p->pos++;
		}
	}
	if (!(v > 0) || v > 10000)
		return fail(p, HINT_AMOUNT,
		    _("an amount must be more than 0 and at most 10000"));
	*amount = v;
	return 1;
}

static int
parse_times(struct parser *p, int *minutes, int *n, enum hint hint)
{
	*n = 0;
	while (peek(p, 0) != NULL && is_time(peek(p, 0))) {
		int m;

		date_parse_hhmm(peek(p, 0), &m);
		for (int i = 0; i < *n; i++) {
			if (minutes[i] == m)
				return fail(p, hint,
				    _("a time is given twice"));
		}
		if (*n == SCHED_MAX_TIMES)
			return fail(p, hint, _("more than 24 times a day"));
		minutes[(*n)++] = m;
		p->pos++;
	}
	if (*n == 0) {
		const char *t = peek(p, 0);

		if (t != NULL && strchr(t, ':') != NULL)
			return fail(p, hint,
			    _("times are written HH:MM on a 24-hour clock, from 00:00 to 23:59"));
		return fail(p, hint, _("it needs at least one time such as 08:00"));
	}
	return 0;
}

/* The parts of one step before it becomes rules. */
struct step {
	struct sched_rule base;
	int minutes[SCHED_MAX_TIMES];
	int n_minutes;
	bool has_dates;
};

static int
parse_count(struct parser *p, int *n, int min, int max, enum hint hint,
    const char *what)
{
	char msg[160];

	if (!whole_number(peek(p, 0), n) || *n < min || *n > max) {
		snprintf(msg, sizeof msg, _("%s must be a whole number from %d to %d"),
		    what, min, max);
		return fail(p, hint, msg);
	}
	p->pos++;
	return 0;
}

/* "8h", "8 h", "8 hours": the count is read, then the unit. */
static int
parse_hours_word(struct parser *p, int *hours)
{
	const char *t = peek(p, 0);
	size_t len = t != NULL ? strlen(t) : 0;

	if (len > 1 && t[len - 1] == 'h') {
		char num[MAX_TOKEN];

		snprintf(num, sizeof num, "%.*s", (int)(len - 1), t);
		if (!whole_number(num, hours) || *hours < 1 || *hours > 24)
			return fail(p, HINT_INTERVAL,
			    _("the interval must be 1 to 24 hours"));
		p->pos++;
		return 0;
	}
	if (parse_count(p, hours, 1, 24, HINT_INTERVAL, _("the interval")) != 0)
		return -1;
	if (!accept(p, "h") && !accept(p, "hours") && !accept(p, "hour"))
		return fail(p, HINT_INTERVAL,
		    _("say the unit of the interval: \"every 8h\""));
	return 0;
}

static int
parse_interval(struct parser *p, struct step *s)
{
	if (parse_hours_word(p, &s->base.interval_hours) != 0)
		return -1;
	if (24 % s->base.interval_hours != 0)
		return fail(p, HINT_INTERVAL,
		    _("the hours must divide a day evenly (1, 2, 3, 4, 6, 8, 12 or 24); for other gaps write the times out"));
	if (!accept(p, "from"))
		return fail(p, HINT_INTERVAL,
		    _("say when the first dose is: \"from 06:00\""));
	s->base.kind = SCHED_INTERVAL;
	if (parse_times(p, s->minutes, &s->n_minutes, HINT_INTERVAL) != 0)
		return -1;
	if (s->n_minutes != 1)
		return fail(p, HINT_INTERVAL, _("give one first time"));
	return 0;
}

static int
parse_every(struct parser *p, struct step *s)
{
	const char *t = peek(p, 0);
	const char *next = peek(p, 1);
	size_t len = t != NULL ? strlen(t) : 0;

	if (accept(p, "other")) {
		if (!accept(p, "day"))
			return fail(p, HINT_EVERY, _("write \"every other day\""));
		s->base.every_n_days = 2;
	} else if (accept(p, "day")) {
		s->base.kind = SCHED_DAILY;
		return parse_times(p, s->minutes, &s->n_minutes, HINT_TIMES);
	} else if ((len > 1 && t[len - 1] == 'h') || (next != NULL &&
	    (strcmp(next, "h") == 0 || strncmp(next, "hour", 4) == 0))) {
		return parse_interval(p, s);
	} else {
		if (parse_count(p, &s->base.every_n_days, 2, 365, HINT_EVERY,
		    _("the number of days")) != 0)
			return -1;
		if (!accept(p, "days"))
			return fail(p, HINT_EVERY,
			    _("say \"days\" or \"h\" after the number"));
	}
	s->base.kind = SCHED_EVERY_N_DAYS;
	return parse_times(p, s->minutes, &s->n_minutes, HINT_EVERY);
}

static int
parse_cycle(struct parser *p, struct step *s)
{
	if (parse_count(p, &s->base.cycle_on, 1, 365, HINT_CYCLE,
	    _("the days on")) != 0)
		return -1;
	if (!accept(p, "on"))
		return fail(p, HINT_CYCLE, _("a cycle reads \"21 on 7 off\""));
	if (parse_count(p, &s->base.cycle_off, 1, 365, HINT_CYCLE,
	    _("the days off")) != 0)
		return -1;
	if (!accept(p, "off"))
		return fail(p, HINT_CYCLE, _("a cycle reads \"21 on 7 off\""));
	s->base.kind = SCHED_CYCLE;
	return parse_times(p, s->minutes, &s->n_minutes, HINT_CYCLE);
}

/* "4/day", "4 per day", "4 a day", "4/24h". */
static int
parse_prn_max(struct parser *p, struct step *s)
{
	char num[MAX_TOKEN];
	const char *t = peek(p, 0);
	const char *slash = t != NULL ? strchr(t, '/') : NULL;

	if (slash != NULL) {
		snprintf(num, sizeof num, "%.*s", (int)(slash - t), t);
		if (strcmp(slash, "/day") != 0 && strcmp(slash, "/24h") != 0)
			return fail(p, HINT_PRN,
			    _("the maximum is counted per day: \"max 4/day\""));
		if (!whole_number(num, &s->base.prn_max_per_day) ||
		    s->base.prn_max_per_day < 1 ||
		    s->base.prn_max_per_day > 48)
			return fail(p, HINT_PRN,
			    _("the maximum must be 1 to 48 doses a day"));
		p->pos++;
		return 0;
	}
	if (parse_count(p, &s->base.prn_max_per_day, 1, 48, HINT_PRN,
	    _("the maximum per day")) != 0)
		return -1;
	if ((accept(p, "per") || accept(p, "a")) && accept(p, "day"))
		return 0;
	return fail(p, HINT_PRN, _("the maximum is counted per day: \"max 4/day\""));
}

/* "6h", "6 h", "6 hours", "30min", "30 minutes". */
static int
parse_prn_min(struct parser *p, struct step *s)
{
	const char *t = peek(p, 0);
	double v;
	size_t used = t != NULL ? leading_number(t, &v) : 0;
	const char *unit = NULL;
	int minutes;

	if (used == 0 || strchr(t, '.') != NULL)
		return fail(p, HINT_PRN,
		    _("the minimum gap is whole hours or minutes: \"min 6h\""));
	p->pos++;
	unit = t[used] != '\0' ? t + used : peek(p, 0);
	if (t[used] == '\0' && unit != NULL)
		p->pos++;
	if (unit != NULL && (strcmp(unit, "h") == 0 ||
	    strncmp(unit, "hour", 4) == 0))
		minutes = (int)v * 60;
	else if (unit != NULL && strncmp(unit, "min", 3) == 0)
		minutes = (int)v;
	else
		return fail(p, HINT_PRN,
		    _("say the unit of the minimum gap: \"min 6h\" or \"min 90min\""));
	if (minutes < 1 || minutes > 7 * 24 * 60)
		return fail(p, HINT_PRN,
		    _("the minimum gap must be 1 minute to 7 days"));
	s->base.prn_min_interval_minutes = minutes;
	return 0;
}

static int
parse_prn(struct parser *p, struct step *s)
{
	s->base.kind = SCHED_PRN;
	s->base.minute = -1;
	for (;;) {
		if (accept(p, "max")) {
			if (s->base.prn_max_per_day != 0)
				return fail(p, HINT_PRN, _("\"max\" is given twice"));
			if (parse_prn_max(p, s) != 0)
				return -1;
		} else if (accept(p, "min")) {
			if (s->base.prn_min_interval_minutes != 0)
				return fail(p, HINT_PRN, _("\"min\" is given twice"));
			if (parse_prn_min(p, s) != 0)
				return -1;
		} else {
			return 0;
		}
	}
}

static int
parse_days(struct parser *p, struct step *s)
{
	int mask;

	while (peek(p, 0) != NULL && (mask = day_mask(peek(p, 0))) != 0) {
		s->base.weekdays |= mask;
		p->pos++;
	}
	s->base.kind = s->base.weekdays == 0x7f ? SCHED_DAILY : SCHED_WEEKDAYS;
	return parse_times(p, s->minutes, &s->n_minutes, HINT_DAYS);
}

static int
parse_rule(struct parser *p, struct step *s)
{
	const char *t = peek(p, 0);
	const char *next = peek(p, 1);
	int n;

	if (t == NULL)
		return fail(p, HINT_GENERAL, _("it says no times"));
	if (is_time(t)) {
		s->base.kind = SCHED_DAILY;
		return parse_times(p, s->minutes, &s->n_minutes, HINT_TIMES);
	}
	if (accept(p, "every"))
		return parse_every(p, s);
	if (accept(p, "prn") || (accept(p, "as") && accept(p, "needed")))
		return parse_prn(p, s);
	if (day_mask(t) != 0)
		return parse_days(p, s);
	if (whole_number(t, &n) && next != NULL && strcmp(next, "on") == 0)
		return parse_cycle(p, s);
	if (strchr(t, ':') != NULL)
		return fail(p, HINT_TIMES,
		    _("times are written HH:MM on a 24-hour clock, from 00:00 to 23:59"));
	return fail(p, HINT_GENERAL, _("it does not start like any kind of schedule"));
}

static int
parse_dates(struct parser *p, struct step *s)
{
	const char *t = peek(p, 0);
	const char *dots = t != NULL ? strstr(t, "..") : NULL;
	char first[MAX_TOKEN];

	if (dots == NULL)
		return 0;
	snprintf(first, sizeof first, "%.*s", (int)(dots - t), t);
	if (date_parse(first, &s->base.valid_from) != 0 ||
	    date_parse(dots + 2, &s->base.valid_until) != 0)
		return fail(p, HINT_TAPER,
		    _("dates are written YYYY-MM-DD..YYYY-MM-DD and must exist"));
	if (s->base.valid_until < s->base.valid_from)
		return fail(p, HINT_TAPER, _("the dates end before they begin"));
	s->has_dates = true;
	p->pos++;
	return 0;
}

static int
parse_step(struct parser *p, struct step *s)
{
	int got;

	memset(s, 0, sizeof *s);
	s->base.valid_from = SCHED_NO_START;
	s->base.valid_until = SCHED_NO_END;
	s->base.amount = 1;
	if (parse_dates(p, s) != 0)
		return -1;
	if ((got = parse_amount(p, &s->base.amount, s->base.unit)) < 0)
		return -1;
	if (parse_rule(p, s) != 0)
		return -1;
	if (got == 0 && parse_amount(p, &s->base.amount, s->base.unit) < 0)
		return -1;
	if (peek(p, 0) != NULL) {
		char msg[128];

		snprintf(msg, sizeof msg, _("\"%s\" is not understood there"),
		    peek(p, 0));
		return fail(p, s->base.kind == SCHED_PRN ? HINT_PRN :
		    HINT_GENERAL, msg);
	}
	if (s->has_dates && s->base.kind == SCHED_DAILY)
		s->base.kind = SCHED_TAPER;
	return 0;
}

static int
compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* One rule per wall time, except that an interval or PRN rule is one. */
static int
add_step_rules(struct parser *p, const struct step *s, struct sched_rule *out,
    size_t *n)
{
	int count = s->base.kind == SCHED_PRN || s->base.kind ==
	    SCHED_INTERVAL ? 1 : s->n_minutes;
	int minutes[SCHED_MAX_TIMES];

	memcpy(minutes, s->minutes, sizeof minutes);
	qsort(minutes, (size_t)s->n_minutes, sizeof minutes[0], compare_int);
	if (*n + (size_t)count > MAX_RULES)
		return fail(p, HINT_GENERAL, _("it has too many steps and times"));
	for (int i = 0; i < count; i++) {
		struct sched_rule *r = &out[(*n)++];

		*r = s->base;
		r->minute = s->base.kind == SCHED_PRN ? -1 :
		    s->base.kind == SCHED_INTERVAL ? s->minutes[0] : minutes[i];
	}
	return 0;
}

static bool
ranges_overlap(const struct sched_rule *a, const struct sched_rule *b)
{
	return a->valid_from <= b->valid_until &&
	    b->valid_from <= a->valid_until;
}

/*
 * Taper steps that overlap would double a dose on the shared days.  The
 * rules of one step (one per time of day) share its dates by design, so
 * only rules of different steps are compared.
 */
static int
check_taper(struct parser *p, const struct sched_rule *rules,
    const int *step_of, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if (rules[i].kind != SCHED_TAPER ||
			    rules[j].kind != SCHED_TAPER ||
			    step_of[i] == step_of[j] ||
			    !ranges_overlap(&rules[i], &rules[j]))
				continue;
			p->step = "";
			return fail(p, HINT_TAPER,
			    _("the dates of two taper steps overlap"));
		}
	}
	return 0;
}

int
sched_parse(const char *text, struct sched_spec *out, struct error *err)
{
	struct parser *p = calloc(1, sizeof *p);
	struct sched_rule rules[MAX_RULES];
	int step_of[MAX_RULES];
	size_t n = 0;
	int steps = 0;
	char *copy = text != NULL ? strdup(text) : NULL;
	char *save = NULL;
	int rc = -1;

	out->rules = NULL;
	out->n = 0;
	if (p == NULL || copy == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		goto done;
	}
	p->err = err;
	for (char *step = strtok_r(copy, ";", &save); step != NULL;
	    step = strtok_r(NULL, ";", &save)) {
		struct step s;
		size_t first = n;

		p->step = step;
		while (*p->step == ' ')
			p->step++;
		if (tokenize(p, step) != 0 || parse_step(p, &s) != 0 ||
		    add_step_rules(p, &s, rules, &n) != 0)
			goto done;
		for (size_t k = first; k < n; k++)
			step_of[k] = steps;
		steps++;
	}
	if (n == 0) {
		p->step = text;
		fail(p, HINT_GENERAL, _("it is empty"));
		goto done;
	}
	if (check_taper(p, rules, step_of, n) != 0)
		goto done;
	out->rules = malloc(n * sizeof rules[0]);
	if (out->rules == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		goto done;
	}
	memcpy(out->rules, rules, n * sizeof rules[0]);
	out->n = n;
	rc = 0;
done:
	free(copy);
	free(p);
	return rc;
}

void
sched_spec_free(struct sched_spec *spec)
{
	free(spec->rules);
	spec->rules = NULL;
	spec->n = 0;
}

/* Slots ----------------------------------------------------------------- */

static int
floor_mod(int a, int m)
{
	int r = a % m;

	return r < 0 ? r + m : r;
}

static bool
rule_applies(const struct sched_rule *r, int anchor, int day)
{
	if (day < r->valid_from || day > r->valid_until)
		return false;
	if (r->valid_from != SCHED_NO_START)
		anchor = r->valid_from;
	switch (r->kind) {
	case SCHED_DAILY:
	case SCHED_TAPER:
	case SCHED_INTERVAL:
		return true;
	case SCHED_WEEKDAYS:
		return (r->weekdays >> date_weekday(day)) & 1;
	case SCHED_EVERY_N_DAYS:
		return floor_mod(day - anchor, r->every_n_days) == 0;
	case SCHED_CYCLE:
		return floor_mod(day - anchor, r->cycle_on + r->cycle_off) <
		    r->cycle_on;
	case SCHED_PRN:
		return false;
	}
	return false;
}

int
sched_rule_times(const struct sched_rule *rule, int anchor_day, int day,
    int minutes[SCHED_MAX_TIMES])
{
	int n = 0;

	if (!rule_applies(rule, anchor_day, day) || rule->minute < 0)
		return 0;
	if (rule->kind != SCHED_INTERVAL || rule->interval_hours <= 0) {
		minutes[0] = rule->minute;
		return 1;
	}
	for (int k = 0; k * rule->interval_hours < 24; k++)
		minutes[n++] = (rule->minute + k * rule->interval_hours * 60) %
		    1440;
	qsort(minutes, (size_t)n, sizeof minutes[0], compare_int);
	return n;
}

const struct tz *
sched_zone_for_day(const struct sched_zone *zones, size_t n_zones, int day)
{
	const struct tz *tz = zones[0].tz;

	for (size_t i = 1; i < n_zones && zones[i].from_day <= day; i++)
		tz = zones[i].tz;
	return tz;
}

int
sched_day_of(const struct sched_zone *zones, size_t n_zones, int64_t at)
{
	int day = tz_day_of(zones[0].tz, at);

	return tz_day_of(sched_zone_for_day(zones, n_zones, day), at);
}

static bool
paused_at(const struct sched_med *med, int64_t at)
{
	for (size_t i = 0; i < med->n_pauses; i++) {
		if (at >= med->pauses[i].from && at < med->pauses[i].until)
			return true;
	}
	return false;
}

/* True when a pause begins or ends within a day or so of the local day. */
static bool
pause_near(const struct sched_med *med, int day)
{
	int64_t lo = (int64_t)day * 86400 - 2 * 86400;
	int64_t hi = (int64_t)day * 86400 + 3 * 86400;

	for (size_t i = 0; i < med->n_pauses; i++) {
		const struct sched_pause *p = &med->pauses[i];

		if ((p->from >= lo && p->from < hi) ||
		    (p->until >= lo && p->until < hi))
			return true;
	}
	return false;
}

static int
grow(struct sched_slots *out, struct error *err)
{
	size_t cap = out->cap == 0 ? 64 : out->cap * 2;
	struct sched_slot *v;

	if (out->n < out->cap)
		return 0;
	v = realloc(out->v, cap * sizeof *v);
	if (v == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	out->v = v;
	out->cap = cap;
	return 0;
}

/*
 * Within a day whose offset does not change, a wall time is the day's
 * start plus its minutes; only days with a clock change need the slower
 * conversion of each time.
 */
struct day_frame {
	const struct tz *tz;
	int day;
	int64_t midnight_local;
	int offset;
	bool steady;
};

static void
frame_day(struct day_frame *f, const struct tz *tz, int day)
{
	int64_t start = tz_day_start(tz, day);
	int64_t end = tz_day_start(tz, day + 1);

	f->tz = tz;
	f->day = day;
	f->midnight_local = (int64_t)day * 86400;
	f->offset = tz_offset(tz, start);
	f->steady = tz_offset(tz, end - 1) == f->offset &&
	    start + f->offset == f->midnight_local;
}

static int64_t
frame_instant(const struct day_frame *f, int minute)
{
	if (f->steady)
		return f->midnight_local + minute * 60 - f->offset;
	return tz_wall_to_utc(f->tz, f->day, minute);
}

static int
append_day(const struct sched_med *med, const struct day_frame *f,
    struct sched_slots *out, struct error *err)
{
	for (size_t r = 0; r < med->n_rules; r++) {
		const struct sched_rule *rule = &med->rules[r];
		int minutes[SCHED_MAX_TIMES];
		int n = sched_rule_times(rule, med->start_day, f->day, minutes);

		for (int i = 0; i < n; i++) {
			int64_t at = frame_instant(f, minutes[i]);
			struct sched_slot *s;

			if (paused_at(med, at))
				continue;
			if (grow(out, err) != 0)
				return -1;
			s = &out->v[out->n++];
			s->at = at;
			s->medication_id = med->medication_id;
			s->schedule_id = rule->id;
			s->day = f->day;
			s->minute = minutes[i];
			s->amount = rule->amount;
			memcpy(s->unit, rule->unit, sizeof s->unit);
		}
	}
	return 0;
}

static int
compare_slots(const void *a, const void *b)
{
	const struct sched_slot *x = a, *y = b;

	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	if (x->medication_id != y->medication_id)
		return (x->medication_id > y->medication_id) -
		    (x->medication_id < y->medication_id);
	return (x->schedule_id > y->schedule_id) -
	    (x->schedule_id < y->schedule_id);
}

void
sched_slots_sort(struct sched_slots *slots)
{
	if (slots->n > 1)
		qsort(slots->v, slots->n, sizeof slots->v[0], compare_slots);
}

int
sched_slots_for_days(const struct sched_med *med,
    const struct sched_zone *zones, size_t n_zones, int first, int last,
    struct sched_slots *out, struct error *err)
{
	size_t before = out->n;

	if (first < med->start_day)
		first = med->start_day;
	if (last > med->end_day)
		last = med->end_day;
	for (int day = first; day <= last; day++) {
		struct day_frame f;

		frame_day(&f, sched_zone_for_day(zones, n_zones, day), day);
		if (append_day(med, &f, out, err) != 0)
			return -1;
	}
	if (out->n - before > 1)
		qsort(out->v + before, out->n - before, sizeof out->v[0],
		    compare_slots);
	return 0;
}

int
sched_slots_between(const struct sched_med *med,
    const struct sched_zone *zones, size_t n_zones, int64_t from,
    int64_t until, struct sched_slots *out, struct error *err)
{
	size_t before = out->n, kept = before;

	/* Zones differ from UTC by less than a day either way. */
	int first = (int)((from >= 0 ? from : from - 86399) / 86400) - 1;
	int last = (int)((until >= 0 ? until : until - 86399) / 86400) + 1;

	if (sched_slots_for_days(med, zones, n_zones, first, last, out,
	    err) != 0)
		return -1;
	for (size_t i = before; i < out->n; i++) {
		if (out->v[i].at >= from && out->v[i].at < until)
			out->v[kept++] = out->v[i];
	}
	out->n = kept;
	return 0;
}

long
sched_count_days(const struct sched_med *med, const struct sched_zone *zones,
    size_t n_zones, int first, int last, int *per_day)
{
	long total = 0;
	int lo = first > med->start_day ? first : med->start_day;
	int hi = last < med->end_day ? last : med->end_day;

	for (int day = lo; day <= hi; day++) {
		int count = 0;

		if (pause_near(med, day)) {
			struct sched_slots one = { 0 };
			struct error ignored;

			if (sched_slots_for_days(med, zones, n_zones, day, day,
			    &one, &ignored) == 0)
				count = (int)one.n;
			sched_slots_free(&one);
		} else if (!paused_at(med, (int64_t)day * 86400)) {
			int minutes[SCHED_MAX_TIMES];

			for (size_t r = 0; r < med->n_rules; r++)
				count += sched_rule_times(&med->rules[r],
				    med->start_day, day, minutes);
		}
		if (per_day != NULL)
			per_day[day - first] += count;
		total += count;
	}
	return total;
}

void
sched_slots_free(struct sched_slots *slots)
{
	free(slots->v);
	slots->v = NULL;
	slots->n = slots->cap = 0;
}

double
sched_daily_use(const struct sched_med *med, int first, int last)
{
	double sum = 0;
	int days = last - first + 1;

	if (days <= 0)
		return 0;
	for (int day = first; day <= last; day++) {
		for (size_t r = 0; r < med->n_rules; r++) {
			const struct sched_rule *rule = &med->rules[r];
			int minutes[SCHED_MAX_TIMES];

			if (day < med->start_day || day > med->end_day)
				continue;
			if (rule->kind == SCHED_PRN) {
				if (day >= rule->valid_from &&
				    day <= rule->valid_until)
					sum += rule->amount *
					    rule->prn_max_per_day;
				continue;
			}
			sum += rule->amount * sched_rule_times(rule,
			    med->start_day, day, minutes);
		}
	}
	return sum / days;
}
