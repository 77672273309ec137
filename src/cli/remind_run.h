#ifndef PC_REMIND_RUN_H
#define PC_REMIND_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/error.h"
#include "domain/remind_plan.h"
#include "domain/wallclock.h"

/*
 * Delivery through the external command: the notification's text on its
 * standard input, its particulars in PRESCRIPCARE_* variables, run by
 * /bin/sh -c in a process group of its own.
 */

/* How long a delivery command may run before it is stopped and failed. */
#define REMIND_COMMAND_TIMEOUT_SECONDS 60

/* What is delivered in one run: one notification, or a summary. */
struct remind_run_input {
	const char *command;
	const struct remind_notice *notices;
	size_t count;
	bool summary;
	const struct wallclock *clock;	/* the recipient's */
};

/*
 * Starts the command.  Everything the child needs is prepared before
 * fork, with the caller's signals blocked; the child restores default
 * dispositions and the caller's original mask (orig_mask), takes the text
 * from a memory file as its standard input, and dies with the parent
 * (PR_SET_PDEATHSIG), so a killed daemon leaves no half-done delivery
 * running that a restarted one would repeat.
 */
int remind_run_start(const struct remind_run_input *in,
    const sigset_t *orig_mask, pid_t *pid, struct error *err);

/*
 * Whether a reaped child's wait status means success; when not, writes
 * the reason for the failure record.
 */
bool remind_run_succeeded(int status, char *reason, size_t size);

#endif
