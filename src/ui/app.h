#ifndef PC_UI_APP_H
#define PC_UI_APP_H

#include <curses.h>
#include <menu.h>
#include <panel.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/clock.h"
#include "domain/tz.h"
#include "ui/form.h"
#include "ui/keys.h"
#include "ui/model.h"
#include "ui/services.h"

/*
 * The interface's one loop.  Only the main thread calls curses: it waits
 * in ppoll() on the keyboard and on the reminder thread's wake-up pipe,
 * with the signals it cares about unblocked only while it waits; their
 * handlers set flags and nothing else.  Whatever changes marks the screen
 * dirty, and the screen is drawn once per pass.
 */

enum screen_id {
	SCR_TODAY,
	SCR_MEDS,
	SCR_INTERACTIONS,
	SCR_ADHERENCE,
	SCR_PROFILE,
	SCR_HELP,
	SCR_COUNT
};

enum app_mode {
	MODE_MAIN,
	MODE_LOGIN,
	MODE_LOCKED
};

enum status_kind {
	STATUS_INFO,
	STATUS_OK,
	STATUS_ERROR
};

/* What a form is for: picks the function that saves it. */
enum form_purpose {
	FP_LOGIN,
	FP_MED,
	FP_OVERRIDE,
	FP_PAUSE,
	FP_DISCONTINUE,
	FP_FILL,
	FP_PROFILE,
	FP_NOTIFY,
	FP_CONDITION,
	FP_ALLERGY,
	FP_COUNT
};

/* The selection, scroll and search of one list. */
struct list_state {
	int sel;		/* among the rows that match the search */
	int top;
	char filter[128];
};

enum prompt_kind {
	PROMPT_NONE,
	PROMPT_SEARCH,		/* filters the list as one types */
	PROMPT_TEXT,		/* one line, handed over on Enter */
	PROMPT_SECRET,		/* one line, never shown */
	PROMPT_YESNO
};

struct app;

struct prompt {
	enum prompt_kind kind;
	char question[256];
	char text[256];
	/* Called with accepted = false on Esc or "no". */
	void (*done)(struct app *app, bool accepted);
};

#define CHOOSER_MAX 32

/* A list to choose one item from, on the menu library and a panel. */
struct chooser {
	bool open;
	char title[128];
	char names[CHOOSER_MAX][UI_NAME_MAX];
	int64_t ids[CHOOSER_MAX];
	int n;
	MENU *menu;
	ITEM *items[CHOOSER_MAX + 1];
	WINDOW *win;
	WINDOW *sub;
	PANEL *panel;
	/* Called with the index chosen, or -1 when closed. */
	void (*done)(struct app *app, int index);
};

#define POPUP_MAX 8

/* Due reminders, on a panel that takes keys only once focused. */
struct popup {
	struct ui_reminder items[POPUP_MAX];
	int n;
	int sel;
	bool focused;
	WINDOW *win;
	PANEL *panel;
};

enum adherence_view {
	ADH_DAYS,
	ADH_WEEKS,
	ADH_MONTH,
	ADH_YEAR,
	ADH_VIEW_COUNT
};

struct app {
	struct ui_model model;
	const struct ui_services *svc;
	struct clock clock;
	long idle_lock_seconds;

	enum app_mode mode;
	enum screen_id screen;
	enum screen_id before_help;
	struct list_state lists[SCR_COUNT];

	enum adherence_view adherence_view;
	int adherence_offset;		/* periods back from today */

	struct ui_findings tried;	/* what trying a drug found */
	char tried_drug[UI_NAME_MAX];
	struct ui_drug_hit hits[CHOOSER_MAX];

	struct ui_med_draft draft;	/* a medication being added */
	struct ui_findings draft_findings;
	bool reviewing;			/* its findings are on screen */

	bool login_needs_code;
	int64_t pending_dose;		/* the dose a snooze menu is for */
	enum ui_dose_action pending_act;	/* what a confirmation is for */
	int pending_minutes;
	int64_t pending_med;		/* the medication a question is about */

	struct uiform form;
	bool form_open;
	WINDOW *form_win;		/* the part of the body it is posted in */
	int form_top;			/* body rows kept above it */
	/* Draws what the form is about in the rows above it. */
	void (*form_above)(struct app *app, WINDOW *w, int rows);
	struct uiform parked;		/* the form under an override form */
	bool parked_open;

	struct prompt prompt;
	struct prompt prompt_before_lock;
	struct chooser chooser;
	struct popup popup;

	char status[512];
	enum status_kind status_kind;

	struct tz *clock_tz;		/* the header clock's, kept open */
	char drug_sources[8192];	/* the catalogue's, for the help */

	SCREEN *term;
	WINDOW *body;
	WINDOW *input;
	bool dirty;
	bool quit;
	bool too_small;
	int64_t last_input_ms;
	int waiting_reminders;		/* arrived while locked */
};

/*
 * Prepares an app on an empty model; nothing is drawn yet.  The screen
 * locks after idle_lock_seconds without a key (0: never by itself).
 */
void app_init(struct app *app, const struct ui_services *svc,
    const struct clock *clock, long idle_lock_seconds);

/*
 * Starts curses, runs the loop until the person quits, and restores the
 * terminal.  Returns 0, or -1 with err filled when the terminal could not
 * be used.
 */
int app_run(struct app *app, struct error *err);

/* Frees what the app holds, wiping typed values. */
void app_free(struct app *app);

/* Shows a message in the status line until the next key. */
void app_status(struct app *app, enum status_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Shows an error from a service call in the status line. */
void app_fail(struct app *app, const struct error *err);

/* Marks the screen to be drawn again on this pass. */
void app_dirty(struct app *app);

/* Refills the model from the services; says so when it cannot. */
int app_reload(struct app *app);

/* Opens the initialised app->form over the body. */
void app_open_form(struct app *app);

/* Closes the form, wiping what was typed. */
void app_close_form(struct app *app);

/* Sets a form aside (kept as typed) so another can be shown over it. */
void app_park_form(struct app *app);

/* Brings back the form set aside, posted as it was. */
void app_unpark_form(struct app *app);

/* Throws away the form set aside, wiping what was typed. */
void app_drop_parked(struct app *app);

/* Locks the screen now (the idle lock calls this too). */
void app_lock(struct app *app);

/* Asks a yes-or-no question in the status line. */
void app_ask(struct app *app, const char *question,
    void (*done)(struct app *app, bool yes));

/* Asks for one line of text in the status line; secret hides it. */
void app_ask_text(struct app *app, const char *question, bool secret,
    void (*done)(struct app *app, bool accepted));

/* Opens a list to choose from; names are copied. */
void app_choose(struct app *app, const char *title, const char *const *names,
    const int64_t *ids, int n, void (*done)(struct app *app, int index));

/* Shows the screen; the current one stays when it is already shown. */
void app_show(struct app *app, enum screen_id id);

/* Adds due reminders to the pop-up (drawn without taking the keyboard). */
void app_remind(struct app *app, const struct ui_reminder *items, int n);

/* The open record's date today, "YYYY-MM-DD". */
void app_today(const struct app *app, char iso[11]);

/*
 * True when the date in a form's field is empty or not after today; else
 * marks the field and puts status (translated) in the status line.
 */
bool app_not_future(struct app *app, struct uiform *f, int field,
    const char *status);

/* Handles one key as if typed; the loop calls it, and so can tests. */
void app_key(struct app *app, int key);

/* Draws everything that changed; the loop calls it once per pass. */
void app_render(struct app *app);

#endif
