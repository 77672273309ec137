#include "config.h"

#include "ui/text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* Reads one character; invalid bytes come back as one "?" column. */
static size_t
next_char(const char *s, size_t len, mbstate_t *st, wchar_t *wc, int *cols)
{
	size_t n = mbrtowc(wc, s, len, st);

	if (n == (size_t)-1 || n == (size_t)-2) {
		memset(st, 0, sizeof *st);
		*wc = L'?';
		*cols = 1;
		return 1;
	}
	if (n == 0)
		n = 1;
	if (iswcntrl((wint_t)*wc)) {
		*wc = L'?';
		*cols = 1;
		return n;
	}
	*cols = wcwidth(*wc);
	if (*cols < 0) {
		*wc = L'?';
		*cols = 1;
	}
	return n;
}

int
text_width(const char *s)
{
	mbstate_t st;
	size_t len = strlen(s);
	int total = 0;

	memset(&st, 0, sizeof st);
	while (len > 0) {
		wchar_t wc;
		int cols;
		size_t n = next_char(s, len, &st, &wc, &cols);

		total += cols;
		s += n;
		len -= n;
	}
	return total;
}

const char *
text_ellipsis(void)
{
	return MB_CUR_MAX > 1 ? "\xe2\x80\xa6" : "~";
}

/* Appends one character (or "?" for one that was replaced) to out. */
static bool
append(char *out, size_t size, size_t *used, const char *src, size_t n,
    wchar_t wc)
{
	if (wc == L'?' && !(n == 1 && *src == '?')) {
		src = "?";
		n = 1;
	}
	if (*used + n + 1 > size)
		return false;
	memcpy(out + *used, src, n);
	*used += n;
	out[*used] = '\0';
	return true;
}

int
text_fit(const char *s, int cols, bool ellipsis, char *out, size_t size)
{
	mbstate_t st;
	size_t len = strlen(s), used = 0;
	int width = 0, limit = cols;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (cols <= 0)
		return 0;
	if (ellipsis && text_width(s) > cols)
		limit = cols - 1;
	memset(&st, 0, sizeof st);
	while (len > 0) {
		wchar_t wc;
		int w;
		size_t n = next_char(s, len, &st, &wc, &w);

		if (width + w > limit)
			break;
		if (!append(out, size, &used, s, n, wc))
			break;
		width += w;
		s += n;
		len -= n;
	}
	if (len > 0 && ellipsis && limit < cols) {
		const char *e = text_ellipsis();

		if (used + strlen(e) + 1 <= size) {
			memcpy(out + used, e, strlen(e) + 1);
			width++;
		}
	}
	return width;
}

/*
 * Finds where the line starting at start ends when it may take cols
 * columns; sets *next to where the following line starts.
 */
static size_t
line_end(const char *s, size_t start, size_t len, int cols, size_t *next)
{
	mbstate_t st;
	size_t pos = start, space = 0;
	bool have_space = false;
	int width = 0;

	memset(&st, 0, sizeof st);
	while (pos < len) {
		wchar_t wc;
		int w;
		size_t n;

		if (s[pos] == '\n') {
			*next = pos + 1;
			return pos;
		}
		n = next_char(s + pos, len - pos, &st, &wc, &w);
		if (s[pos] == ' ') {
			have_space = true;
			space = pos;
		}
		if (width + w > cols && s[pos] != ' ') {
			if (have_space && space > start) {
				*next = space + 1;
				return space;
			}
			/* One word wider than the line: cut it, but move on. */
			if (pos == start)
				pos += n;
			*next = pos;
			return pos;
		}
		width += w;
		pos += n;
	}
	*next = len;
	return len;
}

int
text_wrap(const char *s, int cols, struct text_line *lines, int max)
{
	size_t len = strlen(s), pos = 0;
	int count = 0;

	if (cols <= 0)
		return 0;
	do {
		size_t next;
		size_t end = line_end(s, pos, len, cols, &next);

		while (end > pos && s[end - 1] == ' ')
			end--;
		if (count < max) {
			lines[count].start = pos;
			lines[count].len = end - pos;
		}
		count++;
		pos = next;
	} while (pos < len);
	return count;
}

/* A wide, lower-case copy of s for comparisons; the caller frees it. */
static wchar_t *
folded(const char *s)
{
	size_t len = strlen(s);
	wchar_t *w = malloc((len + 1) * sizeof *w);
	mbstate_t st;
	size_t i = 0;

	if (w == NULL)
		return NULL;
	memset(&st, 0, sizeof st);
	while (len > 0) {
		wchar_t wc;
		int cols;
		size_t n = next_char(s, len, &st, &wc, &cols);

		w[i++] = (wchar_t)towlower((wint_t)wc);
		s += n;
		len -= n;
	}
	w[i] = L'\0';
	return w;
}

bool
text_contains(const char *hay, const char *needle)
{
	wchar_t *h, *n;
	bool found;

	if (needle[0] == '\0')
		return true;
	h = folded(hay);
	n = folded(needle);
	found = h != NULL && n != NULL && wcsstr(h, n) != NULL;
	free(h);
	free(n);
	return found;
}
