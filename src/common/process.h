#ifndef PC_PROCESS_H
#define PC_PROCESS_H

#include <stddef.h>

/*
 * Names for running processes that another process can check, so a claim
 * left by a process that died is recognised as such at once instead of
 * after a timeout.  A name is "host:pid:start", where start is the
 * process's start time in clock ticks since boot: a pid reused by a new
 * process does not pass for the old one.
 */

/* Writes this process's name; -1 when it does not fit. */
int process_owner_id(char *buf, size_t size);

/* Whether owner runs: 1 yes, 0 gone, -1 cannot tell (another host's). */
int process_owner_alive(const char *owner);

#endif
