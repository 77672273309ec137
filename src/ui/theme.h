#ifndef PC_UI_THEME_H
#define PC_UI_THEME_H

#include <curses.h>
#include <stdbool.h>

/*
 * What each kind of text looks like.  Colour when the terminal has it and
 * NO_COLOR is not set; otherwise bold, reverse and underline carry the same
 * distinctions, so nothing is told by colour alone.
 */
enum theme_role {
	TH_NORMAL,
	TH_TITLE,
	TH_HEADER,
	TH_TAB,
	TH_TAB_ACTIVE,
	TH_SELECTED,
	TH_HINT,
	TH_INFO,
	TH_ERROR,
	TH_OK,
	TH_MUTED,
	TH_OVERDUE,
	TH_MAJOR,
	TH_MODERATE,
	TH_MINOR,
	TH_FIELD,
	TH_FIELD_BAD,
	TH_POPUP,
	TH_BAR,
	TH_HEAT_NONE,
	TH_HEAT_LOW,
	TH_HEAT_MID,
	TH_HEAT_HIGH,
	TH_HEAT_FULL,
	TH_COUNT
};

/* Chooses colour or monochrome; call once after initscr. */
void theme_init(void);

/* Whether colour is in use. */
bool theme_colour(void);

/* The attributes of a role. */
attr_t theme_attr(enum theme_role role);

#endif
