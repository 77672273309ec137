#ifndef PC_UI_SCREEN_H
#define PC_UI_SCREEN_H

#include <curses.h>
#include <stdbool.h>

#include "ui/app.h"
#include "ui/keys.h"

/*
 * A main screen: its title for the tab line, its key context, how it
 * draws into the body window and what it does with an action.  Each lives
 * in its own screen_*.c file.
 */
struct screen {
	const char *title;	/* N_() */
	enum key_context ctx;
	/* Draws from the model into w, which is already blank. */
	void (*draw)(struct app *app, WINDOW *w);
	/* Acts on a key's action; false when it means nothing here. */
	bool (*act)(struct app *app, enum action action);
	/* The list the search and the movement keys work on, or NULL. */
	int (*rows)(struct app *app, int *index, int max);
};

extern const struct screen screen_today;
extern const struct screen screen_meds;
extern const struct screen screen_interactions;
extern const struct screen screen_adherence;
extern const struct screen screen_profile;
extern const struct screen screen_help;

/* The screen with an id. */
const struct screen *screen_get(enum screen_id id);

/* What a form's save function did with it. */
enum submit_result {
	SUBMIT_CLOSE,		/* saved: close the form */
	SUBMIT_KEEP,		/* not saved: the form stays as typed */
	SUBMIT_MOVED		/* the function parked or replaced the form */
};

/* Sign-in and the lock screen (screen_login.c). */
void screen_login_start(struct app *app);
enum submit_result screen_login_submit(struct app *app, struct uiform *f);
/* Asks for the password on the lock screen. */
void screen_lock_prompt(struct app *app);
/* Draws the lock screen's body. */
void screen_lock_draw(struct app *app, WINDOW *w);

/* The medication forms (screen_meds.c). */
enum submit_result screen_meds_submit(struct app *app, struct uiform *f);
enum submit_result screen_meds_override(struct app *app, struct uiform *f);
enum submit_result screen_meds_status_submit(struct app *app,
    struct uiform *f);
enum submit_result screen_meds_fill_submit(struct app *app, struct uiform *f);

/* The profile forms (screen_profile.c). */
enum submit_result screen_profile_submit(struct app *app, struct uiform *f);

/* Draws findings as a list with the selected one's details beneath. */
void screen_draw_findings(WINDOW *w, int y, int rows,
    const struct ui_findings *f, const int *index, int n, int sel, int top);

/* Dose actions shared by Today and the reminder pop-up (screen_today.c). */
void screen_dose_act(struct app *app, int64_t dose_id, enum action action);

/*
 * Helpers for list screens (list.c).  A screen's rows() fills the model
 * indexes of the rows that match its search; these keep the selection
 * among them and scroll it into view.
 */
void list_act(struct list_state *l, enum action action, int count,
    int page);
void list_scroll(struct list_state *l, int count, int rows);
/* The model index of the selected row, or -1 when nothing matches. */
int list_selected(struct app *app, enum screen_id id);
/* The rows of a screen that match its search; the caller frees them. */
int *list_rows(struct app *app, enum screen_id id, int *count);
/*
 * Puts into index (up to max, when index is not NULL) each i below count
 * that keep accepts, in order; returns how many it accepts.
 */
int list_filter(struct app *app, size_t count,
    bool (*keep)(struct app *app, size_t i), int *index, int max);

#endif
