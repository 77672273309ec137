#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"

#define KEYS_COLS 16

static bool
matches(const struct key_binding *b, const char *filter)
{
	char names[128];

	keys_names(b, names, sizeof names);
	return text_contains(_(b->label), filter) ||
	    text_contains(names, filter) ||
	    text_contains(keys_section_title(b->section), filter);
}

static bool
keep(struct app *app, size_t i)
{
	return matches(&keys_table()[i], app->lists[SCR_HELP].filter);
}

static int
rows(struct app *app, int *index, int max)
{
	return list_filter(app, keys_count(), keep, index, max);
}

/* Draws one line of the help when it falls in the rows shown. */
static void
help_line(WINDOW *w, int y, int line, int top, int rows_shown, int x,
    const char *text, attr_t attr)
{
	if (w != NULL && line >= top && line - top < rows_shown)
		draw_text(w, y + line - top, x, text, getmaxx(w) - x - 1, attr);
}

/*
 * After the keys, without a search: where the drug data comes from and
 * what it is not, as "prescripcare about" prints them.
 */
static int
about_lines(struct app *app, WINDOW *w, int y, int line, int top,
    int rows_shown)
{
	const char *p = app->drug_sources;
	char text[256];

	line++;
	help_line(w, y, line++, top, rows_shown, 1, _("About the drug data"),
	    theme_attr(TH_TITLE));
	snprintf(text, sizeof text, _("Catalogue: %s"),
	    app->model.drug_data[0] ? app->model.drug_data :
	    _("no drug catalogue loaded"));
	help_line(w, y, line++, top, rows_shown, 3, text, A_NORMAL);
	help_line(w, y, line++, top, rows_shown, 3,
	    _("Not a substitute for a pharmacist's or doctor's judgement."),
	    theme_attr(TH_ERROR));
	while (*p != '\0') {
		size_t len = strcspn(p, "\n");

		snprintf(text, sizeof text, "%.*s", (int)len, p);
		help_line(w, y, line++, top, rows_shown, 3, text,
		    theme_attr(TH_MUTED));
		p += len;
		if (*p == '\n')
			p++;
	}
	return line;
}

/*
 * Walks the lines of the help, headings included, drawing those from top
 * on; returns how many lines there are.
 */
static int
lines(struct app *app, WINDOW *w, int y, int top, int rows_shown)
{
	const struct key_binding *table = keys_table();
	int count, line = 0;
	int *index = list_rows(app, SCR_HELP, &count);
	int cols = w != NULL ? getmaxx(w) : 0;
	enum key_section section = SEC_COUNT;

	if (index == NULL)
		return 0;
	for (int k = 0; k < count; k++) {
		const struct key_binding *b = &table[index[k]];
		char names[128];
		bool visible;

		if (b->section != section) {
			section = b->section;
			visible = line >= top && line - top < rows_shown;
			if (w != NULL && visible)
				draw_text(w, y + line - top, 1,
				    keys_section_title(section), cols - 2,
				    theme_attr(TH_TITLE));
			line++;
		}
		visible = line >= top && line - top < rows_shown;
		if (w != NULL && visible) {
			keys_names(b, names, sizeof names);
			draw_text(w, y + line - top, 3, names, KEYS_COLS - 1,
			    theme_attr(TH_HINT));
			draw_text(w, y + line - top, 3 + KEYS_COLS, _(b->label),
			    cols - KEYS_COLS - 4, A_NORMAL);
		}
		line++;
	}
	free(index);
	if (app->lists[SCR_HELP].filter[0] == '\0')
		line = about_lines(app, w, y, line, top, rows_shown);
	return line;
}

static void
draw(struct app *app, WINDOW *w)
{
	struct list_state *l = &app->lists[SCR_HELP];
	int shown = getmaxy(w) - 2;
	int total = lines(app, NULL, 0, 0, 0);
	char title[256];

	if (l->top > total - shown)
		l->top = total - shown;
	if (l->top < 0)
		l->top = 0;
	if (l->filter[0])
		snprintf(title, sizeof title, _("Keys (search: %s)"), l->filter);
	else
		snprintf(title, sizeof title, "%s",
		    _("Every key, from the same table the program reads"));
	draw_text(w, 0, 1, title, getmaxx(w) - 2, theme_attr(TH_TITLE));
	if (total == 0) {
		draw_text(w, 2, 1, _("No key matches the search."),
		    getmaxx(w) - 2, theme_attr(TH_MUTED));
		return;
	}
	lines(app, w, 2, l->top, shown);
	if (l->top + shown < total) {
		const char *more = _("(more below: j, PgDn)");

		draw_text(w, getmaxy(w) - 1, getmaxx(w) - text_width(more) - 1,
		    more, text_width(more), theme_attr(TH_MUTED));
	}
}

static bool
act(struct app *app, enum action action)
{
	struct list_state *l = &app->lists[SCR_HELP];
	int page = app->body != NULL ? getmaxy(app->body) - 3 : 10;

	switch (action) {
	case ACT_UP: l->top--; break;
	case ACT_DOWN: l->top++; break;
	case ACT_PAGE_UP: l->top -= page; break;
	case ACT_PAGE_DOWN: l->top += page; break;
	case ACT_TOP: l->top = 0; break;
	case ACT_BOTTOM: l->top = 1 << 20; break;
	case ACT_CLOSE: app_show(app, app->before_help); break;
	default: return false;
	}
	if (l->top < 0)
		l->top = 0;
	return true;
}

const struct screen screen_help = {
	N_("Help"), KC_HELP, draw, act, rows
};
