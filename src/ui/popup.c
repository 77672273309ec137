#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#define POPUP_COLS 60

void
popup_unpost(struct app *app)
{
	struct popup *p = &app->popup;

	if (p->panel != NULL) {
		del_panel(p->panel);
		p->panel = NULL;
	}
	if (p->win != NULL) {
		delwin(p->win);
		p->win = NULL;
	}
}

void
popup_forget(struct app *app, int64_t dose_id)
{
	struct popup *p = &app->popup;

	for (int i = 0; i < p->n; i++) {
		if (p->items[i].dose_id != dose_id)
			continue;
		memmove(&p->items[i], &p->items[i + 1],
		    (size_t)(p->n - i - 1) * sizeof p->items[0]);
		p->n--;
		i--;
	}
	if (p->sel >= p->n)
		p->sel = p->n > 0 ? p->n - 1 : 0;
	if (p->n == 0)
		p->focused = false;
	app->dirty = true;
}

static void
draw_items(struct app *app, WINDOW *w)
{
	struct popup *p = &app->popup;
	int cols = getmaxx(w) - 4;

	for (int i = 0; i < p->n; i++) {
		const struct ui_reminder *r = &p->items[i];
		char line[UI_NAME_MAX + 96];
		attr_t attr = p->focused && i == p->sel ?
		    theme_attr(TH_SELECTED) : A_NORMAL;

		snprintf(line, sizeof line, "%s  %s%s%s%s", r->time,
		    r->medication, r->amount[0] ? ", " : "", r->amount,
		    r->critical ? " !" : "");
		draw_cell(w, 1 + i, 2, line, cols, attr);
	}
}

static void
draw_hint(struct app *app, WINDOW *w)
{
	int row = getmaxy(w) - 2, cols = getmaxx(w) - 4;
	char hint[256], key[32];

	if (app->popup.focused) {
		keys_hints(KC_REMINDER, cols, hint, sizeof hint);
	} else {
		keys_name(keys_first(KC_TODAY, ACT_FOCUS_REMINDER), key,
		    sizeof key);
		/* TRANSLATORS: %s is the key that moves into the pop-up. */
		snprintf(hint, sizeof hint, _("%s: answer; the screen keeps the keyboard"),
		    key);
	}
	draw_cell(w, row, 2, hint, cols, theme_attr(TH_HINT));
}

void
popup_render(struct app *app)
{
	struct popup *p = &app->popup;
	int rows = p->n + 3, cols = COLS - 2 < POPUP_COLS ? COLS - 2 :
	    POPUP_COLS;
	char title[64];

	if (p->n == 0 || app->mode != MODE_MAIN || app->too_small) {
		if (p->panel != NULL)
			hide_panel(p->panel);
		return;
	}
	if (p->win != NULL && getmaxy(p->win) != rows)
		popup_unpost(app);
	if (p->win == NULL) {
		p->win = newwin(rows, cols, LINES - 2 - rows, COLS - cols - 1);
		if (p->win == NULL)
			return;
		p->panel = new_panel(p->win);
	}
	werase(p->win);
	snprintf(title, sizeof title, ngettext("Reminder", "%d reminders",
	    (unsigned long)p->n), p->n);
	draw_box(p->win, title, theme_attr(p->focused ? TH_POPUP : TH_TITLE));
	draw_items(app, p->win);
	draw_hint(app, p->win);
	show_panel(p->panel);
	top_panel(p->panel);
	touchwin(p->win);
}

void
popup_key(struct app *app, int key)
{
	struct popup *p = &app->popup;
	enum action a = keys_action(KC_REMINDER, key);

	switch (a) {
	case ACT_UP:
		if (p->sel > 0)
			p->sel--;
		break;
	case ACT_DOWN:
		if (p->sel + 1 < p->n)
			p->sel++;
		break;
	case ACT_TAKE:
	case ACT_SKIP:
	case ACT_SNOOZE:
		screen_dose_act(app, p->items[p->sel].dose_id, a);
		break;
	case ACT_CLOSE:
		p->focused = false;
		break;
	default:
		app_status(app, STATUS_INFO, "%s",
		    _("The reminder has the keyboard: t take, s skip, z snooze, Esc back."));
		break;
	}
	app->dirty = true;
}
