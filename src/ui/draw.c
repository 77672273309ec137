#include "config.h"

#include "ui/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/text.h"
#include "ui/theme.h"

int
draw_text(WINDOW *w, int y, int x, const char *s, int cols, attr_t attr)
{
	char buf[4096];
	int used;
	int max_cols = getmaxx(w) - x;

	if (cols > max_cols)
		cols = max_cols;
	if (cols <= 0 || y < 0 || y >= getmaxy(w))
		return 0;
	used = text_fit(s, cols, true, buf, sizeof buf);
	wattrset(w, (int)attr);
	mvwaddstr(w, y, x, buf);
	wattrset(w, A_NORMAL);
	return used;
}

void
draw_fill(WINDOW *w, int y, int x, int cols, attr_t attr)
{
	int max_cols = getmaxx(w) - x;

	if (cols > max_cols)
		cols = max_cols;
	if (cols <= 0 || y < 0 || y >= getmaxy(w))
		return;
	wattrset(w, (int)attr);
	mvwhline(w, y, x, ' ', cols);
	wattrset(w, A_NORMAL);
}

void
draw_cell(WINDOW *w, int y, int x, const char *s, int cols, attr_t attr)
{
	draw_fill(w, y, x, cols, attr);
	draw_text(w, y, x, s, cols, attr);
}

int
draw_wrapped(WINDOW *w, int y, int x, int rows, int cols, const char *s,
    int skip, attr_t attr)
{
	struct text_line lines[256];
	int n = text_wrap(s, cols, lines, 256);

	for (int i = skip, row = 0; i < n && i < 256 && row < rows; i++) {
		char piece[2048];
		size_t len = lines[i].len < sizeof piece - 1 ?
		    lines[i].len : sizeof piece - 1;

		memcpy(piece, s + lines[i].start, len);
		piece[len] = '\0';
		draw_text(w, y + row++, x, piece, cols, attr);
	}
	return n;
}

void
draw_centred(WINDOW *w, int y, const char *s, attr_t attr)
{
	int cols = getmaxx(w);
	int width = text_width(s);
	int x = width < cols ? (cols - width) / 2 : 0;

	draw_text(w, y, x, s, cols - x, attr);
}

void
draw_pair(WINDOW *w, int y, int x, int cols, const char *label,
    const char *value)
{
	int used = draw_text(w, y, x, label, cols, theme_attr(TH_MUTED));

	draw_text(w, y, x + used + 1, value[0] ? value : "-", cols - used - 1,
	    A_NORMAL);
}

void
draw_box(WINDOW *w, const char *title, attr_t attr)
{
	char padded[512];

	wattrset(w, (int)attr);
	box(w, 0, 0);
	wattrset(w, A_NORMAL);
	if (title != NULL && *title) {
		snprintf(padded, sizeof padded, " %s ", title);
		draw_text(w, 0, 2, padded, getmaxx(w) - 4, attr | A_BOLD);
	}
}
