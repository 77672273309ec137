#ifndef PC_UI_WIRE_H
#define PC_UI_WIRE_H

#include "common/clock.h"
#include "common/error.h"
#include "common/settings.h"
#include "service/session.h"
#include "store/store.h"
#include "ui/services.h"

/*
 * The interface's services on the real program: sessions and the idle
 * lock, the view model read from the store, doses, medications with
 * their screening, the profile, and reminders from the timer thread.
 * Nothing here draws; everything here runs on the main thread, except
 * the timer it starts, which keeps to its own connection.
 */

struct wire;

/* What the wiring works with; it keeps the pointers, not copies. */
struct wire_config {
	struct store *st;		/* the main thread's connection */
	const char *db_path;		/* for the timer's own connection */
	const struct clock *clock;
	const struct settings *cfg;
	struct session_options opts;	/* how to log in */
	const char *user;		/* --user, or NULL */
	const char *person;		/* --person, or NULL for one's own */
};

/* Fills svc with the wiring's functions; nothing is opened yet. */
int wire_open(struct wire **out, const struct wire_config *cfg,
    struct ui_services *svc, struct error *err);

/* Stops the timer, logs out (wiping the keys) and frees the wiring. */
void wire_close(struct wire *w);

#endif
