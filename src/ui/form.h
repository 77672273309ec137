#ifndef PC_UI_FORM_H
#define PC_UI_FORM_H

#include <curses.h>
#include <form.h>
#include <stdbool.h>

/*
 * Forms on the ncurses form library.  A form is described by a table of
 * fields; this wrapper lays it out, checks each field as it is left (the
 * reason stands next to the field), refuses to save while any field is
 * wrong, keeps what was typed across a resize, and can tell whether
 * anything was typed so that nothing is dropped without asking.
 */

enum field_kind {
	FK_TEXT,
	FK_SECRET,	/* not echoed */
	FK_DATE,	/* the locale's date layout */
	FK_TIME,	/* HH:MM */
	FK_TIMES,	/* HH:MM, HH:MM ... */
	FK_NUMBER,	/* decimal, from min to max */
	FK_INTEGER,	/* whole, from min to max */
	FK_CHOICE,	/* one of choices; Space and arrows change it */
	FK_EMAIL,
	FK_ZONE,	/* IANA time zone name */
	FK_PHONE,
	FK_CODE,	/* six-digit one-time code */
	FK_ICD10	/* a diagnosis code such as E11.9 */
};

struct form_field_def {
	const char *label;		/* N_() */
	enum field_kind kind;
	bool required;
	int width;			/* columns shown; 0 for the default */
	int max_len;			/* characters kept; 0 for width */
	double min, max;		/* FK_NUMBER, FK_INTEGER */
	const char *const *choices;	/* FK_CHOICE: N_() labels, NULL-ended */
	const char *const *codes;	/* FK_CHOICE: what each stands for */
};

#define FORM_MAX_FIELDS 16
#define FORM_VALUE_MAX 256
#define FORM_WHY_MAX 128
#define UI_FORM_TITLE_MAX 320

enum form_result {
	FORM_GOING,		/* the key was used; carry on */
	FORM_SAVE,		/* save asked and every field is right */
	FORM_REFUSED,		/* save asked while a field is wrong */
	FORM_CANCEL,		/* the person wants to leave the form */
	FORM_UNUSED		/* not a key for the form */
};

struct uiform {
	char title[UI_FORM_TITLE_MAX];	/* translated */
	const struct form_field_def *defs;
	int n;
	char value[FORM_MAX_FIELDS][FORM_VALUE_MAX];	/* as typed */
	char initial[FORM_MAX_FIELDS][FORM_VALUE_MAX];
	char norm[FORM_MAX_FIELDS][FORM_VALUE_MAX];	/* once checked */
	char why[FORM_MAX_FIELDS][FORM_WHY_MAX];	/* "" when right */
	int choice[FORM_MAX_FIELDS];
	bool hidden[FORM_MAX_FIELDS];
	int current;			/* index into defs */
	int purpose;			/* what the owner does on save */
	long long id;			/* the record edited, 0 for a new one */

	/* Set while posted. */
	FORM *form;
	FIELD *fields[FORM_MAX_FIELDS + 1];
	WINDOW *win;
	WINDOW *sub;
	int field_x, field_cols, note_x;
};

/* Starts a form with every field blank (or its first choice). */
void uiform_init(struct uiform *f, const char *title,
    const struct form_field_def *defs, int n, int purpose);

/*
 * Sets a field's starting value before the form is posted; for a choice,
 * the code it stands for.
 */
void uiform_set(struct uiform *f, int field, const char *value);

/* Shows or hides a field; takes effect at the next post. */
void uiform_show(struct uiform *f, int field, bool shown);

/* Lays the form out in win and posts it; -1 when it does not fit. */
int uiform_post(struct uiform *f, WINDOW *win);

/* Keeps what was typed and takes the form off its window. */
void uiform_unpost(struct uiform *f);

/* Draws the title, labels, hints and reasons around the fields. */
void uiform_draw(struct uiform *f);

/* Puts the terminal cursor where typing goes. */
void uiform_cursor(struct uiform *f);

/* Handles one key (see keys.h for how keys are encoded). */
enum form_result uiform_key(struct uiform *f, int key);

/* Whether anything differs from the starting values. */
bool uiform_changed(struct uiform *f);

/* Checks every shown field; returns how many are wrong. */
int uiform_check_all(struct uiform *f);

/* Marks a field wrong for a reason found across fields. */
void uiform_refuse(struct uiform *f, int field, const char *why);

/* The checked value of a field: ISO date, HH:MM, choice code, text. */
const char *uiform_get(const struct uiform *f, int field);

/* Wipes every value (passwords included) and frees the curses side. */
void uiform_free(struct uiform *f);

/* The number of wrong fields (after the last checks). */
int uiform_wrong(const struct uiform *f);

/* The first wrong field, or -1. */
int uiform_first_wrong(const struct uiform *f);

#endif
