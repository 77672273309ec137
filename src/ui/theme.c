#include "config.h"

#include "ui/theme.h"

#include <stdlib.h>

struct role_style {
	short fg, bg;		/* -1: the terminal's own */
	attr_t colour_attr;	/* added to the colour pair */
	attr_t mono_attr;	/* used alone without colour */
};

/* One row per role: how it looks in colour and without. */
static const struct role_style styles[TH_COUNT] = {
	[TH_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[TH_TITLE] = { -1, -1, A_BOLD, A_BOLD },
	[TH_HEADER] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[TH_TAB] = { -1, -1, A_NORMAL, A_NORMAL },
	[TH_TAB_ACTIVE] = { COLOR_BLACK, COLOR_CYAN, A_BOLD,
	    A_REVERSE | A_BOLD },
	[TH_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[TH_HINT] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[TH_INFO] = { -1, -1, A_BOLD, A_BOLD },
	[TH_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TH_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[TH_MUTED] = { -1, -1, A_DIM, A_DIM },
	[TH_OVERDUE] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TH_MAJOR] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[TH_MODERATE] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[TH_MINOR] = { -1, -1, A_NORMAL, A_NORMAL },
	[TH_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[TH_FIELD_BAD] = { COLOR_RED, -1, A_UNDERLINE | A_BOLD,
	    A_UNDERLINE | A_BOLD },
	[TH_POPUP] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[TH_BAR] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[TH_HEAT_NONE] = { -1, -1, A_DIM, A_DIM },
	[TH_HEAT_LOW] = { COLOR_RED, -1, A_NORMAL, A_NORMAL },
	[TH_HEAT_MID] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[TH_HEAT_HIGH] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[TH_HEAT_FULL] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
};

static bool use_colour;

static bool
colour_wanted(void)
{
	const char *no_colour = getenv("NO_COLOR");

	/* no-color.org: set and not empty means no colour at all. */
	return (no_colour == NULL || *no_colour == '\0') && has_colors();
}

void
theme_init(void)
{
	bool defaults;

	use_colour = colour_wanted();
	if (!use_colour)
		return;
	start_color();
	/* Without the terminal's own colours, -1 means white on black. */
	defaults = use_default_colors() == OK;
	for (int r = 1; r < TH_COUNT; r++) {
		short fg = styles[r].fg, bg = styles[r].bg;

		if (!defaults && fg < 0)
			fg = COLOR_WHITE;
		if (!defaults && bg < 0)
			bg = COLOR_BLACK;
		init_pair((short)r, fg, bg);
	}
}

bool
theme_colour(void)
{
	return use_colour;
}

attr_t
theme_attr(enum theme_role role)
{
	if (!use_colour)
		return styles[role].mono_attr;
	if (role == TH_NORMAL)
		return A_NORMAL;
	return COLOR_PAIR(role) | styles[role].colour_attr;
}
