#ifndef PC_UI_TEXT_H
#define PC_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Text measured in terminal columns, not bytes: a name such as "Núñez"
 * takes five columns, "李" takes two, a combining accent none.  Bytes the
 * locale cannot decode count one column each and show as "?".
 */

/* The number of terminal columns s takes. */
int text_width(const char *s);

/*
 * Copies into out the longest prefix of s that fits in cols columns,
 * replacing control characters with "?".  When s does not fit and
 * ellipsis is set, the copy ends with an ellipsis inside the limit.
 * Returns the columns the copy takes.
 */
int text_fit(const char *s, int cols, bool ellipsis, char *out, size_t size);

/* One line of wrapped text: bytes [start, start + len) of the source. */
struct text_line {
	size_t start;
	size_t len;
};

/*
 * Breaks s into lines of at most cols columns, at spaces where it can and
 * inside a word only when one word is wider than a line.  Fills up to max
 * lines and returns how many the whole text needs.
 */
int text_wrap(const char *s, int cols, struct text_line *lines, int max);

/*
 * Whether needle occurs in hay, ignoring case in any script the locale
 * knows.  An empty needle matches everything.
 */
bool text_contains(const char *hay, const char *needle);

/* The ellipsis this terminal can show: "…" in UTF-8, "~" otherwise. */
const char *text_ellipsis(void);

#endif
