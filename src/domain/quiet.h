#ifndef PC_QUIET_H
#define PC_QUIET_H

#include <stdbool.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/wallclock.h"

/*
 * Quiet hours: a daily window on the recipient's own wall clock, such as
 * 22:00-07:00, during which nobody is woken for what can wait.
 *
 * The window holds every local time t with start <= t < end: the start
 * minute is inside, the end minute is not, so with 22:00-07:00 the times
 * 21:59 and 07:00 sound while 22:00 and 06:59 are quiet.  A start later
 * than the end wraps past midnight.  A start equal to the end means no
 * quiet hours at all (not a whole day of them).
 *
 * Only the wall clock counts, so on a day when clocks change the window
 * lasts an hour more or less in real time, as the person lives it.
 */
struct quiet_hours {
	int start;		/* minutes after local midnight, 0-1439 */
	int end;		/* exclusive; equal to start: no window */
};

/* How much a notification may disturb. */
enum quiet_class {
	QUIET_CLASS_DOSE,	/* a dose is due (or soon, or snoozed) */
	QUIET_CLASS_ALERT,	/* a dose went unrecorded past its grace */
	QUIET_CLASS_ROUTINE	/* refills and anything else that can wait */
};

enum quiet_action {
	QUIET_SOUND,		/* show it with bell, flash and the command */
	QUIET_SILENT,		/* show it, but no bell, flash or command */
	QUIET_HOLD		/* keep it back until the window ends */
};

struct quiet_verdict {
	enum quiet_action action;
	int64_t hold_until;	/* with QUIET_HOLD: when the window ends */
};

/*
 * Reads a window from two "HH:MM" texts as the preferences store them;
 * either one NULL or empty means no quiet hours.  A malformed time is
 * refused with a message saying the expected form.
 */
int quiet_parse(const char *start, const char *end, struct quiet_hours *out,
    struct error *err);

/* Whether the window is empty (start equal to end). */
bool quiet_is_empty(const struct quiet_hours *q);

/* Whether a local minute of the day (0-1439) falls inside the window. */
bool quiet_contains_minute(const struct quiet_hours *q, int minute);

/* Whether the instant at falls inside the window on the clock wc. */
int quiet_active(const struct quiet_hours *q, const struct wallclock *wc,
    int64_t at, bool *inside, struct error *err);

/*
 * The first instant at or after at that lies outside the window: at
 * itself when it is outside, else the moment the window ends, found on
 * the wall clock so that a clock change during the night is honoured.
 */
int quiet_window_end(const struct quiet_hours *q, const struct wallclock *wc,
    int64_t at, int64_t *end, struct error *err);

/*
 * What to do with a notification of class cls delivered at now.  Outside
 * the window everything sounds.  Inside it a dose reminder is shown
 * silently and alerts and routine notices are held until the window ends;
 * a dose reminder or missed-dose alert for a critical medication sounds
 * anyway.  A refill notice waits even for a critical medication: the
 * supply lasts days, and waking someone does not open the pharmacy.
 */
int quiet_decide(const struct quiet_hours *q, const struct wallclock *wc,
    enum quiet_class cls, bool critical, int64_t now,
    struct quiet_verdict *out, struct error *err);

#endif
