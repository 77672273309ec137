#include "config.h"

#include "domain/remind_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"

/* Drops a UTF-8 sequence that a cut left incomplete at the end of s. */
static void
trim_partial_utf8(char *s)
{
	size_t len = strlen(s), lead = len, need;
	unsigned char c;

	while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0)
		return;
	c = (unsigned char)s[lead - 1];
	if (c < 0x80)
		return;
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	if (len - (lead - 1) < need)
		s[lead - 1] = '\0';
}

/* Appends to buf, keeping it terminated and whole characters only. */
static void
append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
append(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;
	int n;

	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= size - used)
		trim_partial_utf8(buf);
}

static void
what_phrase(const struct remind_notice *n, char *buf, size_t size)
{
	if (n->medication[0] == '\0')
		snprintf(buf, size, "%s", _("A medication"));
	else if (n->strength[0] == '\0')
		snprintf(buf, size, "%s", n->medication);
	else
		snprintf(buf, size, "%s %s", n->medication, n->strength);
}

static void
dose_phrase(const struct remind_notice *n, char *buf, size_t size)
{
	if (n->amount > 0)
		snprintf(buf, size, "%g %s", n->amount, n->unit);
	else
		snprintf(buf, size, "%s", _("the dose"));
}

/* "08:00", with the date in front when the day is not that of at. */
static int
time_phrase(const struct wallclock *wc, int64_t instant, int64_t at,
    char *buf, size_t size, struct error *err)
{
	struct wall_time t, ref;

	if (wallclock_local(wc, instant, &t, err) != 0 ||
	    wallclock_local(wc, at, &ref, err) != 0)
		return -1;
	if (t.year == ref.year && t.month == ref.month && t.day == ref.day)
		snprintf(buf, size, "%02d:%02d", t.hour, t.minute);
	else
		snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", t.year,
		    t.month, t.day, t.hour, t.minute);
	return 0;
}

static int
date_phrase(const struct wallclock *wc, int64_t instant, char *buf,
    size_t size, struct error *err)
{
	struct wall_time t;

	if (wallclock_local(wc, instant, &t, err) != 0)
		return -1;
	snprintf(buf, size, "%04d-%02d-%02d", t.year, t.month, t.day);
	return 0;
}

static int
body(const struct remind_notice *n, const struct wallclock *wc, char *buf,
    size_t size, struct error *err)
{
	const struct remind_item *it = &n->item;
	char what[300], dose[64], when[32];

	what_phrase(n, what, sizeof what);
	dose_phrase(n, dose, sizeof dose);
	if (it->kind == REMIND_REFILL) {
		if (date_phrase(wc, it->slot, when, sizeof when, err) != 0)
			return -1;
		append(buf, size, _("%s: the supply runs out on %s; time to refill"),
		    what, when);
		return 0;
	}
	if (it->kind == REMIND_OTHER) {
		append(buf, size, "%s", n->title);
		if (n->message[0] != '\0' && strcmp(n->message, n->title) != 0)
			append(buf, size, ": %s", n->message);
		return 0;
	}
	if (time_phrase(wc, it->slot, it->at, when, sizeof when, err) != 0)
		return -1;
	switch (it->kind) {
	case REMIND_ADVANCE:
		append(buf, size, _("%s: %s at %s, in %lld minutes"), what,
		    dose, when, (long long)((it->slot - it->at) / 60));
		break;
	case REMIND_DUE:
		append(buf, size, _("%s: %s due now (%s)"), what, dose, when);
		break;
	case REMIND_SNOOZED:
		append(buf, size, _("%s: %s due at %s, snoozed"), what, dose,
		    when);
		break;
	default:
		append(buf, size, _("%s: the %s dose has not been recorded"),
		    what, when);
		break;
	}
	return 0;
}

const struct wallclock *
remind_text_clock(const struct remind_notice *n, const struct wallclock *wc)
{
	return n->clock.to_local != NULL ? &n->clock : wc;
}

int
remind_text_one(const struct remind_notice *n, const struct wallclock *wc,
    char *buf, size_t size, struct error *err)
{
	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (n->for_caregiver)
		append(buf, size, _("For person %lld: "),
		    (long long)n->item.person_id);
	return body(n, remind_text_clock(n, wc), buf, size, err);
}

int
remind_text_summary(const struct remind_notice *notices, size_t count,
    const struct wallclock *wc, char *buf, size_t size, struct error *err)
{
	char line[REMIND_TEXT_LINE];

	if (size == 0)
		return 0;
	buf[0] = '\0';
	append(buf, size, ngettext("While quiet hours lasted, %zu notification was held:",
	    "While quiet hours lasted, %zu notifications were held:", count),
	    count);
	for (size_t i = 0; i < count; i++) {
		if (remind_text_one(&notices[i], wc, line, sizeof line,
		    err) != 0)
			return -1;
		append(buf, size, "\n- %s", line);
	}
	return 0;
}
