#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widgets.h"

void
chooser_unpost(struct app *app)
{
	struct chooser *c = &app->chooser;

	if (c->menu != NULL) {
		unpost_menu(c->menu);
		free_menu(c->menu);
		c->menu = NULL;
	}
	for (int i = 0; c->items[i] != NULL; i++) {
		free_item(c->items[i]);
		c->items[i] = NULL;
	}
	if (c->panel != NULL) {
		del_panel(c->panel);
		c->panel = NULL;
	}
	if (c->sub != NULL) {
		delwin(c->sub);
		c->sub = NULL;
	}
	if (c->win != NULL) {
		delwin(c->win);
		c->win = NULL;
	}
}

void
chooser_close(struct app *app)
{
	chooser_unpost(app);
	app->chooser.open = false;
	app->dirty = true;
}

/* Builds the menu in a window centred on the screen. */
static int
post(struct app *app)
{
	struct chooser *c = &app->chooser;
	int width = text_width(c->title) + 6, height, k = 0;

	for (int i = 0; i < c->n; i++) {
		char fitted[UI_NAME_MAX];

		/* The menu needs every name to fit its window. */
		text_fit(c->names[i], COLS - 12, true, fitted, sizeof fitted);
		memcpy(c->names[i], fitted, sizeof fitted);
		if (text_width(c->names[i]) + 6 > width)
			width = text_width(c->names[i]) + 6;
		c->items[k] = new_item(c->names[i], "");
		if (c->items[k] != NULL)
			k++;
	}
	c->items[k] = NULL;
	if (width > COLS - 4)
		width = COLS - 4;
	height = (c->n < LINES - 8 ? c->n : LINES - 8) + 2;
	c->menu = new_menu(c->items);
	c->win = newwin(height, width, (LINES - height) / 2,
	    (COLS - width) / 2);
	if (c->menu == NULL || c->win == NULL)
		return -1;
	c->sub = derwin(c->win, height - 2, width - 4, 1, 2);
	set_menu_win(c->menu, c->win);
	set_menu_sub(c->menu, c->sub);
	set_menu_format(c->menu, height - 2, 1);
	set_menu_mark(c->menu, "");
	set_menu_fore(c->menu, theme_attr(TH_SELECTED));
	keypad(c->win, TRUE);
	if (post_menu(c->menu) != E_OK)
		return -1;
	c->panel = new_panel(c->win);
	return 0;
}

void
chooser_render(struct app *app)
{
	struct chooser *c = &app->chooser;

	if (!c->open || app->too_small || app->mode != MODE_MAIN) {
		if (c->panel != NULL)
			hide_panel(c->panel);
		return;
	}
	if (c->menu == NULL && post(app) != 0) {
		chooser_close(app);
		return;
	}
	draw_box(c->win, c->title, theme_attr(TH_TITLE));
	show_panel(c->panel);
	top_panel(c->panel);
	touchwin(c->win);
}

static void
finish(struct app *app, int index)
{
	void (*done)(struct app *, int) = app->chooser.done;

	chooser_close(app);
	if (done != NULL)
		done(app, index);
}

void
chooser_key(struct app *app, int key)
{
	struct chooser *c = &app->chooser;
	enum action a = keys_action(KC_MENU, key);
	static const struct { enum action a; int req; } moves[] = {
		{ ACT_UP, REQ_UP_ITEM }, { ACT_DOWN, REQ_DOWN_ITEM },
		{ ACT_TOP, REQ_FIRST_ITEM }, { ACT_BOTTOM, REQ_LAST_ITEM },
		{ ACT_PAGE_UP, REQ_SCR_UPAGE }, { ACT_PAGE_DOWN, REQ_SCR_DPAGE },
	};

	if (a == ACT_CLOSE) {
		finish(app, -1);
		return;
	}
	if (c->menu == NULL)
		return;
	if (a == ACT_CHOOSE) {
		finish(app, item_index(current_item(c->menu)));
		return;
	}
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		if (moves[i].a == a)
			menu_driver(c->menu, moves[i].req);
	}
}
