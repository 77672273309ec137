#include "config.h"

#include "domain/dose.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"

static const char *const status_names[] = {
	[DOSE_PENDING] = NULL,
	[DOSE_DUE] = NULL,
	[DOSE_TAKEN] = "taken",
	[DOSE_PARTIAL] = "partial",
	[DOSE_SKIPPED] = "skipped",
	[DOSE_SNOOZED] = "snoozed",
	[DOSE_MISSED] = "missed",
};

const char *
dose_status_name(enum dose_status status)
{
	if (status == DOSE_PENDING)
		return "pending";
	if (status == DOSE_DUE)
		return "due";
	return status_names[status];
}

int
dose_status_from_name(const char *name, enum dose_status *status)
{
	for (int i = DOSE_TAKEN; i <= DOSE_MISSED; i++) {
		if (strcmp(status_names[i], name) == 0) {
			*status = (enum dose_status)i;
			return 0;
		}
	}
	return -1;
}

enum dose_status
dose_state(int64_t slot_at, const struct dose_record *rec, int64_t now,
    int grace_minutes)
{
	int64_t grace = (int64_t)grace_minutes * 60;
	int64_t due_from = slot_at;

	if (rec != NULL && rec->status != DOSE_SNOOZED)
		return rec->status;
	if (rec != NULL) {
		if (now < rec->snoozed_until)
			return DOSE_SNOOZED;
		due_from = rec->snoozed_until;
	}
	if (now < slot_at)
		return DOSE_PENDING;
	if (now < due_from + grace)
		return DOSE_DUE;
	return DOSE_MISSED;
}

int
dose_attribute(const int64_t *slot_at, const bool *recorded, size_t n,
    int64_t at, int grace_minutes)
{
	int64_t early = (int64_t)grace_minutes * 60;

	for (size_t i = 0; i < n; i++) {
		int64_t opens = slot_at[i] - early;
		int64_t closes = i + 1 < n ? slot_at[i + 1] :
		    slot_at[i] + 86400;

		if (recorded[i] || at < opens || at >= closes)
			continue;
		return (int)i;
	}
	return -1;
}

bool
dose_is_retrospective(int64_t slot_at, int64_t actual_at, int64_t recorded_at,
    int grace_minutes)
{
	int64_t moment = actual_at != 0 ? actual_at : slot_at;

	return recorded_at > moment + (int64_t)grace_minutes * 60;
}

void
dose_describe(const struct dose_record *rec, const struct tz *tz,
    const char *who, char *buf, size_t size)
{
	char when[8];
	int64_t moment = rec->actual_at != 0 ? rec->actual_at :
	    rec->recorded_at;
	int n;

	tz_format_hhmm(tz, moment, when, sizeof when);
	switch (rec->status) {
	case DOSE_TAKEN:
		n = snprintf(buf, size, _("taken at %s"), when);
		break;
	case DOSE_PARTIAL:
		n = snprintf(buf, size, _("partly taken at %s"), when);
		break;
	case DOSE_SKIPPED:
		n = snprintf(buf, size, _("skipped at %s"), when);
		break;
	case DOSE_SNOOZED:
		tz_format_hhmm(tz, rec->snoozed_until, when, sizeof when);
		n = snprintf(buf, size, _("snoozed until %s"), when);
		break;
	default:
		n = snprintf(buf, size, _("marked missed"));
		break;
	}
	if (n < 0 || (size_t)n >= size)
		return;
	if (who != NULL && *who != '\0')
		snprintf(buf + n, size - (size_t)n, _(", recorded by %s"), who);
	else
		snprintf(buf + n, size - (size_t)n,
		    _(", recorded by an unknown account"));
}

/* The most doses in a 24-hour window [s, s + 24h) that holds `at`. */
static int
most_in_window(const int64_t *taken, size_t n, int64_t at)
{
	int most = 0;

	/* The busiest such window starts at a dose, or at `at` itself. */
	for (size_t i = 0; i <= n; i++) {
		int64_t start = i < n ? taken[i] : at;
		int count = 1;

		if (start > at || start + 86400 <= at)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (taken[j] >= start && taken[j] < start + 86400)
				count++;
		}
		if (count > most)
			most = count;
	}
	return most;
}

void
dose_prn_check(const int64_t *taken, size_t n, int64_t at,
    int min_gap_minutes, int max_per_24h, const struct tz *tz,
    struct dose_prn_check *out)
{
	int64_t gap = (int64_t)min_gap_minutes * 60;
	int64_t nearest_before = INT64_MIN;
	char when[8];
	int len = 0;

	memset(out, 0, sizeof *out);
	out->allowed_from = at;
	for (size_t i = 0; i < n; i++) {
		if (gap > 0 && taken[i] > at - gap && taken[i] < at + gap)
			out->too_soon = true;
		if (taken[i] <= at && taken[i] > nearest_before)
			nearest_before = taken[i];
	}
	if (out->too_soon && nearest_before != INT64_MIN)
		out->allowed_from = nearest_before + gap;
	out->most_in_24h = most_in_window(taken, n, at);
	out->over_max = max_per_24h > 0 && out->most_in_24h > max_per_24h;

	if (out->too_soon) {
		tz_format_hhmm(tz, out->allowed_from, when, sizeof when);
		len = snprintf(out->warning, sizeof out->warning,
		    _("less than %d minutes since or before another dose (next from %s)"),
		    min_gap_minutes, when);
	}
	if (out->over_max && len >= 0 && (size_t)len < sizeof out->warning)
		snprintf(out->warning + len, sizeof out->warning - (size_t)len,
		    _("%s%d doses in 24 hours, more than the maximum of %d"),
		    len > 0 ? "; " : "", out->most_in_24h, max_per_24h);
}

bool
dose_undo_allowed(int64_t recorded_at, int64_t now, int undo_minutes)
{
	return now >= recorded_at &&
	    now - recorded_at <= (int64_t)undo_minutes * 60;
}
