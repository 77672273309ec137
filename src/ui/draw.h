#ifndef PC_UI_DRAW_H
#define PC_UI_DRAW_H

#include <curses.h>

/*
 * Drawing of UTF-8 text cut to a number of columns, so a long name never
 * spills into the next column or line.
 */

/* Draws s at (y, x) in at most cols columns; returns the columns used. */
int draw_text(WINDOW *w, int y, int x, const char *s, int cols, attr_t attr);

/* Like draw_text, then pads with spaces to exactly cols columns. */
void draw_cell(WINDOW *w, int y, int x, const char *s, int cols, attr_t attr);

/* Fills cols columns from (y, x) with spaces in attr. */
void draw_fill(WINDOW *w, int y, int x, int cols, attr_t attr);

/*
 * Wraps s into the box from (y, x), rows by cols, skipping the first skip
 * lines; returns how many lines the whole text needs.
 */
int draw_wrapped(WINDOW *w, int y, int x, int rows, int cols, const char *s,
    int skip, attr_t attr);

/* Draws s centred on row y of the window. */
void draw_centred(WINDOW *w, int y, const char *s, attr_t attr);

/* Draws "Label value" in cols columns, with "-" for an empty value. */
void draw_pair(WINDOW *w, int y, int x, int cols, const char *label,
    const char *value);

/* A box with a title in its top border. */
void draw_box(WINDOW *w, const char *title, attr_t attr);

#endif
