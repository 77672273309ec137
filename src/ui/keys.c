#include "config.h"

#include "ui/keys.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/i18n.h"
#include "ui/text.h"

#define ENTER_KEYS '\n', '\r', KEY_FN(KEY_ENTER)
#define SCREENS_AND_WIDGETS (KC_SCREENS | KC_BIT(KC_FORM) | \
	KC_BIT(KC_REMINDER) | KC_BIT(KC_MENU) | KC_BIT(KC_PROMPT))
#define SEARCHABLE (KC_BIT(KC_TODAY) | KC_BIT(KC_MEDS) | \
	KC_BIT(KC_INTERACTIONS) | KC_BIT(KC_HELP))

static const struct key_binding table[] = {
	/* Everywhere */
	{ ACT_HELP, { '?', KEY_FN(KEY_F(1)) }, N_("show every key"),
	    KC_SCREENS, N_("help"), SEC_EVERYWHERE },
	{ ACT_QUIT, { 'q' }, N_("quit"), KC_SCREENS, N_("quit"),
	    SEC_EVERYWHERE },
	{ ACT_INTERRUPT, { KEY_CTRL('c') },
	    N_("quit from anywhere; asks first when a form is half typed"),
	    SCREENS_AND_WIDGETS, NULL, SEC_EVERYWHERE },
	{ ACT_NEXT_SCREEN, { '\t' }, N_("next screen"), KC_SCREENS, NULL,
	    SEC_EVERYWHERE },
	{ ACT_PREV_SCREEN, { KEY_FN(KEY_BTAB) }, N_("previous screen"),
	    KC_SCREENS, NULL, SEC_EVERYWHERE },
	{ ACT_GO_TODAY, { '1' }, N_("Today: the day's doses"), KC_SCREENS,
	    NULL, SEC_EVERYWHERE },
	{ ACT_GO_MEDS, { '2' }, N_("Medications"), KC_SCREENS, NULL,
	    SEC_EVERYWHERE },
	{ ACT_GO_INTERACTIONS, { '3' }, N_("Interactions"), KC_SCREENS, NULL,
	    SEC_EVERYWHERE },
	{ ACT_GO_ADHERENCE, { '4' }, N_("Adherence"), KC_SCREENS, NULL,
	    SEC_EVERYWHERE },
	{ ACT_GO_PROFILE, { '5' }, N_("Profile"), KC_SCREENS, NULL,
	    SEC_EVERYWHERE },
	{ ACT_SWITCH_PERSON, { 'w' }, N_("switch whose record is open"),
	    KC_SCREENS, N_("who"), SEC_EVERYWHERE },
	{ ACT_FOCUS_REMINDER, { 'r' }, N_("answer the reminder pop-up"),
	    KC_SCREENS, NULL, SEC_EVERYWHERE },
	{ ACT_LOCK, { 'L' }, N_("lock the screen now"), KC_SCREENS, NULL,
	    SEC_EVERYWHERE },
	{ ACT_REDRAW, { KEY_CTRL('l') }, N_("redraw the screen"),
	    KC_SCREENS | KC_BIT(KC_FORM), NULL, SEC_EVERYWHERE },

	/* Lists */
	{ ACT_UP, { 'k', KEY_FN(KEY_UP) }, N_("move up"), KC_LISTS, NULL,
	    SEC_LISTS },
	{ ACT_DOWN, { 'j', KEY_FN(KEY_DOWN) }, N_("move down"), KC_LISTS,
	    NULL, SEC_LISTS },
	{ ACT_TOP, { 'g', KEY_FN(KEY_HOME) }, N_("go to the first row"),
	    KC_LISTS, NULL, SEC_LISTS },
	{ ACT_BOTTOM, { 'G', KEY_FN(KEY_END) }, N_("go to the last row"),
	    KC_LISTS, NULL, SEC_LISTS },
	{ ACT_PAGE_UP, { KEY_FN(KEY_PPAGE), KEY_CTRL('b') }, N_("page up"),
	    KC_LISTS, NULL, SEC_LISTS },
	{ ACT_PAGE_DOWN, { KEY_FN(KEY_NPAGE), KEY_CTRL('f') },
	    N_("page down"), KC_LISTS, NULL, SEC_LISTS },
	{ ACT_SEARCH, { '/' }, N_("search this list as you type"),
	    SEARCHABLE, N_("search"), SEC_LISTS },

	/* Today */
	{ ACT_TAKE, { 't' }, N_("record the dose as taken"),
	    KC_BIT(KC_TODAY) | KC_BIT(KC_REMINDER), N_("take"), SEC_TODAY },
	{ ACT_SKIP, { 's' }, N_("skip the dose"),
	    KC_BIT(KC_TODAY) | KC_BIT(KC_REMINDER), N_("skip"), SEC_TODAY },
	{ ACT_SNOOZE, { 'z' }, N_("snooze the dose 5, 10 or 30 minutes"),
	    KC_BIT(KC_TODAY) | KC_BIT(KC_REMINDER), N_("snooze"), SEC_TODAY },

	/* Medications */
	{ ACT_ADD, { 'a' }, N_("add a medication, screened before saving"),
	    KC_BIT(KC_MEDS), N_("add"), SEC_MEDS },
	{ ACT_EDIT, { 'e', ENTER_KEYS }, N_("edit the medication"),
	    KC_BIT(KC_MEDS), N_("edit"), SEC_MEDS },
	{ ACT_PAUSE, { 'p' }, N_("pause or resume the medication"),
	    KC_BIT(KC_MEDS), N_("pause"), SEC_MEDS },
	{ ACT_DISCONTINUE, { 'x' }, N_("discontinue it, with a reason"),
	    KC_BIT(KC_MEDS), N_("stop"), SEC_MEDS },
	{ ACT_FILL, { 'f' }, N_("record a fill from the pharmacy"),
	    KC_BIT(KC_MEDS), N_("fill"), SEC_MEDS },

	/* Interactions */
	{ ACT_TRY_DRUG, { 'd' }, N_("try a new drug against the list"),
	    KC_BIT(KC_INTERACTIONS), N_("try drug"), SEC_INTERACTIONS },
	{ ACT_REVIEW, { 'm' },
	    N_("mark the finding as read; a major one still stands out"),
	    KC_BIT(KC_INTERACTIONS), N_("read"), SEC_INTERACTIONS },

	/* Adherence */
	{ ACT_NEXT_VIEW, { 'v' }, N_("next chart: days, weeks, month, year"),
	    KC_BIT(KC_ADHERENCE), N_("chart"), SEC_ADHERENCE },
	{ ACT_EARLIER, { 'h', KEY_FN(KEY_LEFT) }, N_("earlier period"),
	    KC_BIT(KC_ADHERENCE), NULL, SEC_ADHERENCE },
	{ ACT_LATER, { 'l', KEY_FN(KEY_RIGHT) }, N_("later period"),
	    KC_BIT(KC_ADHERENCE), NULL, SEC_ADHERENCE },

	/* Profile */
	{ ACT_EDIT, { 'e' }, N_("edit personal and physical details"),
	    KC_BIT(KC_PROFILE), N_("edit"), SEC_PROFILE },
	{ ACT_EDIT_NOTIFY, { 'n' },
	    N_("edit quiet hours and notifications"), KC_BIT(KC_PROFILE),
	    N_("notices"), SEC_PROFILE },
	{ ACT_ADD_CONDITION, { 'c' }, N_("add a condition"),
	    KC_BIT(KC_PROFILE), NULL, SEC_PROFILE },
	{ ACT_ADD_ALLERGY, { 'a' }, N_("add an allergy"), KC_BIT(KC_PROFILE),
	    NULL, SEC_PROFILE },

	/* The reminder pop-up, help, menus */
	{ ACT_CLOSE, { KEY_ESC }, N_("go back"),
	    KC_BIT(KC_REMINDER) | KC_BIT(KC_MENU) | KC_BIT(KC_HELP) |
	    KC_BIT(KC_INTERACTIONS),
	    N_("back"), SEC_REMINDER },
	{ ACT_CHOOSE, { ENTER_KEYS }, N_("choose, or keep what was typed"),
	    KC_BIT(KC_MENU) | KC_BIT(KC_PROMPT), N_("choose"), SEC_REMINDER },

	/* Forms and prompts */
	{ ACT_FIELD_NEXT, { '\t', ENTER_KEYS, KEY_FN(KEY_DOWN) },
	    N_("next field; each field is checked as you leave it"),
	    KC_BIT(KC_FORM), NULL, SEC_FORMS },
	{ ACT_FIELD_PREV, { KEY_FN(KEY_BTAB), KEY_FN(KEY_UP) },
	    N_("previous field"), KC_BIT(KC_FORM), NULL, SEC_FORMS },
	{ ACT_FIELD_LEFT, { KEY_FN(KEY_LEFT) },
	    N_("move left, or the previous choice"),
	    KC_BIT(KC_FORM) | KC_BIT(KC_PROMPT), NULL, SEC_FORMS },
	{ ACT_FIELD_RIGHT, { KEY_FN(KEY_RIGHT) },
	    N_("move right, or the next choice"),
	    KC_BIT(KC_FORM) | KC_BIT(KC_PROMPT), NULL, SEC_FORMS },
	{ ACT_FIELD_RIGHT, { ' ' }, N_("the next choice, in a choice field"),
	    KC_BIT(KC_FORM), NULL, SEC_FORMS },
	{ ACT_FIELD_HOME, { KEY_FN(KEY_HOME), KEY_CTRL('a') },
	    N_("start of the field"), KC_BIT(KC_FORM) | KC_BIT(KC_PROMPT),
	    NULL, SEC_FORMS },
	{ ACT_FIELD_END, { KEY_FN(KEY_END), KEY_CTRL('e') },
	    N_("end of the field"), KC_BIT(KC_FORM) | KC_BIT(KC_PROMPT), NULL,
	    SEC_FORMS },
	{ ACT_FIELD_BACKSPACE, { KEY_FN(KEY_BACKSPACE), 127, 8 },
	    N_("delete the character before the cursor"),
	    KC_BIT(KC_FORM) | KC_BIT(KC_PROMPT), NULL, SEC_FORMS },
	{ ACT_FIELD_DELETE, { KEY_FN(KEY_DC), KEY_CTRL('d') },
	    N_("delete the character under the cursor"),
	    KC_BIT(KC_FORM) | KC_BIT(KC_PROMPT), NULL, SEC_FORMS },
	{ ACT_FIELD_CLEAR, { KEY_CTRL('u') }, N_("clear the field"),
	    KC_BIT(KC_FORM) | KC_BIT(KC_PROMPT), NULL, SEC_FORMS },
	{ ACT_SAVE, { KEY_FN(KEY_F(2)), KEY_CTRL('o') },
	    N_("save; nothing is saved while a field is wrong"),
	    KC_BIT(KC_FORM), N_("save"), SEC_FORMS },
	{ ACT_CANCEL, { KEY_ESC },
	    N_("cancel; asks first when something was typed"),
	    KC_BIT(KC_FORM) | KC_BIT(KC_PROMPT), N_("cancel"), SEC_FORMS },
};

const struct key_binding *
keys_table(void)
{
	return table;
}

size_t
keys_count(void)
{
	return sizeof table / sizeof table[0];
}

static bool
binds(const struct key_binding *b, int key)
{
	for (size_t i = 0; i < sizeof b->keys / sizeof b->keys[0]; i++) {
		if (b->keys[i] == 0)
			break;
		if (b->keys[i] == key)
			return true;
	}
	return false;
}

enum action
keys_action(enum key_context ctx, int key)
{
	for (size_t i = 0; i < keys_count(); i++) {
		if ((table[i].contexts & KC_BIT(ctx)) && binds(&table[i], key))
			return table[i].action;
	}
	return ACT_NONE;
}

int
keys_first(enum key_context ctx, enum action action)
{
	for (size_t i = 0; i < keys_count(); i++) {
		if ((table[i].contexts & KC_BIT(ctx)) &&
		    table[i].action == action)
			return table[i].keys[0];
	}
	return 0;
}

static const char *
function_key_name(int code, char *buf, size_t size)
{
	switch (code) {
	/* TRANSLATORS: names of keys on the keyboard. */
	case KEY_UP: return _("Up");
	case KEY_DOWN: return _("Down");
	case KEY_LEFT: return _("Left");
	case KEY_RIGHT: return _("Right");
	case KEY_HOME: return _("Home");
	case KEY_END: return _("End");
	case KEY_PPAGE: return _("PgUp");
	case KEY_NPAGE: return _("PgDn");
	case KEY_BTAB: return _("Shift-Tab");
	case KEY_BACKSPACE: return _("Backspace");
	case KEY_DC: return _("Del");
	case KEY_ENTER: return _("Enter");
	}
	if (code >= KEY_F(1) && code <= KEY_F(24)) {
		snprintf(buf, size, "F%d", code - KEY_F0);
		return buf;
	}
	snprintf(buf, size, "#%d", code);
	return buf;
}

void
keys_name(int key, char *buf, size_t size)
{
	char tmp[32];
	const char *name = NULL;

	if (key & KEY_FN(0)) {
		name = function_key_name(key & ~KEY_FN(0), tmp, sizeof tmp);
	} else if (key == '\t') {
		name = _("Tab");
	} else if (key == '\n' || key == '\r') {
		name = _("Enter");
	} else if (key == KEY_ESC) {
		name = _("Esc");
	} else if (key == ' ') {
		name = _("Space");
	} else if (key == 127 || key == 8) {
		name = _("Backspace");
	} else if (key < 32) {
		snprintf(tmp, sizeof tmp, "^%c", key + '@');
		name = tmp;
	} else {
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof st);
		n = wcrtomb(tmp, (wchar_t)key, &st);
		tmp[n == (size_t)-1 ? 0 : n] = '\0';
		name = tmp;
	}
	snprintf(buf, size, "%s", name);
}

void
keys_names(const struct key_binding *b, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof b->keys / sizeof b->keys[0]; i++) {
		char name[32];
		int n;

		if (b->keys[i] == 0)
			break;
		keys_name(b->keys[i], name, sizeof name);
		if (strstr(buf, name) != NULL)
			continue;	/* "\n" and "\r" are both Enter */
		n = snprintf(buf + used, size - used, "%s%s", used ? " " : "",
		    name);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

/* Appends "key word" when it fits in cols; returns false when it did not. */
static bool
add_hint(const struct key_binding *b, int cols, char *buf, size_t size)
{
	char name[32], piece[96];
	int width = text_width(buf);

	keys_name(b->keys[0], name, sizeof name);
	snprintf(piece, sizeof piece, "%s%s %s", buf[0] ? "  " : "", name,
	    _(b->hint));
	if (width + text_width(piece) > cols ||
	    strlen(buf) + strlen(piece) + 1 > size)
		return false;
	strcat(buf, piece);
	return true;
}

void
keys_hints(enum key_context ctx, int cols, char *buf, size_t size)
{
	buf[0] = '\0';
	/* The context's own keys, then the list keys, then the global ones. */
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < keys_count(); i++) {
			const struct key_binding *b = &table[i];
			int rank = b->section == SEC_EVERYWHERE ? 2 :
			    b->section == SEC_LISTS ? 1 : 0;

			if (b->hint == NULL || !(b->contexts & KC_BIT(ctx)) ||
			    rank != pass)
				continue;
			if (!add_hint(b, cols, buf, size))
				return;
		}
	}
}

const char *
keys_section_title(enum key_section section)
{
	switch (section) {
	case SEC_EVERYWHERE: return _("Everywhere");
	case SEC_LISTS: return _("In lists");
	case SEC_TODAY: return _("Today, and the reminder pop-up");
	case SEC_MEDS: return _("Medications");
	case SEC_INTERACTIONS: return _("Interactions");
	case SEC_ADHERENCE: return _("Adherence");
	case SEC_PROFILE: return _("Profile");
	case SEC_REMINDER: return _("Pop-ups, menus and help");
	case SEC_FORMS: return _("Forms, sign-in and prompts");
	case SEC_COUNT: break;
	}
	return "";
}
