#ifndef PC_UI_KEYS_H
#define PC_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Every key the interface answers to is one row of the table in keys.c:
 * what it does, which keys do it, its label, where it applies and, when it
 * earns a place there, its word in the status line.  The help screen and
 * the status-line hints are generated from the table, and the main loop
 * looks keys up in it, so a new key is one row.
 */

/* Where a key applies: the five main screens, help, and the widgets. */
enum key_context {
	KC_TODAY,
	KC_MEDS,
	KC_INTERACTIONS,
	KC_ADHERENCE,
	KC_PROFILE,
	KC_HELP,
	KC_FORM,	/* a form, including sign-in and the lock screen */
	KC_REMINDER,	/* the reminder pop-up, once focused */
	KC_MENU,	/* a list to choose from */
	KC_PROMPT,	/* the one-line search and question prompt */
	KC_COUNT
};

#define KC_BIT(c) (1u << (c))
#define KC_SCREENS (KC_BIT(KC_TODAY) | KC_BIT(KC_MEDS) | \
	KC_BIT(KC_INTERACTIONS) | KC_BIT(KC_ADHERENCE) | KC_BIT(KC_PROFILE) | \
	KC_BIT(KC_HELP))
#define KC_LISTS (KC_BIT(KC_TODAY) | KC_BIT(KC_MEDS) | \
	KC_BIT(KC_INTERACTIONS) | KC_BIT(KC_PROFILE) | KC_BIT(KC_HELP) | \
	KC_BIT(KC_MENU) | KC_BIT(KC_REMINDER))

enum action {
	ACT_NONE,
	ACT_QUIT,
	ACT_INTERRUPT,
	ACT_HELP,
	ACT_NEXT_SCREEN,
	ACT_PREV_SCREEN,
	ACT_GO_TODAY,
	ACT_GO_MEDS,
	ACT_GO_INTERACTIONS,
	ACT_GO_ADHERENCE,
	ACT_GO_PROFILE,
	ACT_SWITCH_PERSON,
	ACT_SEARCH,
	ACT_FOCUS_REMINDER,
	ACT_LOCK,
	ACT_REDRAW,
	ACT_UP,
	ACT_DOWN,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_EARLIER,
	ACT_LATER,
	ACT_TAKE,
	ACT_SKIP,
	ACT_SNOOZE,
	ACT_ADD,
	ACT_EDIT,
	ACT_PAUSE,
	ACT_DISCONTINUE,
	ACT_FILL,
	ACT_TRY_DRUG,
	ACT_REVIEW,
	ACT_NEXT_VIEW,
	ACT_EDIT_NOTIFY,
	ACT_ADD_CONDITION,
	ACT_ADD_ALLERGY,
	ACT_CHOOSE,
	ACT_CLOSE,
	ACT_FIELD_NEXT,
	ACT_FIELD_PREV,
	ACT_FIELD_LEFT,
	ACT_FIELD_RIGHT,
	ACT_FIELD_HOME,
	ACT_FIELD_END,
	ACT_FIELD_BACKSPACE,
	ACT_FIELD_DELETE,
	ACT_FIELD_CLEAR,
	ACT_SAVE,
	ACT_CANCEL,
	ACT_COUNT
};

/*
 * Keys are wide characters as typed, or ncurses key codes marked with
 * KEY_FN so the two ranges never meet.
 */
#define KEY_FN(code) ((code) | 0x1000000)
#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

/* The heading a binding is listed under in the help screen. */
enum key_section {
	SEC_EVERYWHERE,
	SEC_LISTS,
	SEC_TODAY,
	SEC_MEDS,
	SEC_INTERACTIONS,
	SEC_ADHERENCE,
	SEC_PROFILE,
	SEC_REMINDER,
	SEC_FORMS,
	SEC_COUNT
};

struct key_binding {
	enum action action;
	int keys[5];		/* 0 ends the list early */
	const char *label;	/* N_(): what the keys do */
	unsigned contexts;	/* KC_BIT() of where they apply */
	const char *hint;	/* N_(): one word for the status line, or NULL */
	enum key_section section;
};

/* The whole table; keys_count() rows. */
const struct key_binding *keys_table(void);
size_t keys_count(void);

/* The action a key means in a context, or ACT_NONE. */
enum action keys_action(enum key_context ctx, int key);

/* The first key bound to an action in a context, or 0. */
int keys_first(enum key_context ctx, enum action action);

/* A person's name for one key: "q", "Tab", "^L", "Up", "F2". */
void keys_name(int key, char *buf, size_t size);

/* All the keys of one binding, as "j Down". */
void keys_names(const struct key_binding *b, char *buf, size_t size);

/*
 * The status-line hints for a context, "t take  s skip ... q quit", as
 * many as fit in cols columns: the context's own keys first, then those
 * that apply everywhere.
 */
void keys_hints(enum key_context ctx, int cols, char *buf, size_t size);

/* The translated heading of a section in the help screen. */
const char *keys_section_title(enum key_section section);

#endif
