#ifndef PC_REMIND_TEXT_H
#define PC_REMIND_TEXT_H

#include <stddef.h>

#include "common/error.h"
#include "domain/remind_plan.h"
#include "domain/wallclock.h"

/*
 * The words of a notification, built when it is delivered from the
 * references its queue row keeps.  Times are shown on the notification's
 * own clock (the person's) when it has one, else on the clock given.
 */

/* Room enough for one notification's line. */
#define REMIND_TEXT_LINE 512

/* The clock a notification's times are shown on: its own, else wc. */
const struct wallclock *remind_text_clock(const struct remind_notice *n,
    const struct wallclock *wc);

/*
 * Writes one line such as "Metformin 500 mg: 1 tablet due now (08:00)".
 * A caregiver's line starts by naming the person by number, since names
 * are sealed and a caregiver may look after several people.  A text too
 * long for buf is cut at a character boundary.
 */
int remind_text_one(const struct remind_notice *n, const struct wallclock *wc,
    char *buf, size_t size, struct error *err);

/*
 * Writes the one summary that stands for everything quiet hours held
 * back: a first line with the count, then one line per notification, so
 * that nothing held is lost in it.  A buffer of count * REMIND_TEXT_LINE
 * + REMIND_TEXT_LINE bytes always suffices.
 */
int remind_text_summary(const struct remind_notice *notices, size_t count,
    const struct wallclock *wc, char *buf, size_t size, struct error *err);

#endif
