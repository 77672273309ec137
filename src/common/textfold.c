#include "config.h"

#include "common/textfold.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Latin-1 letters U+00C0..U+00FF without their accents ('*': two letters). */
static const char latin1_base[] =
    "aaaaaa*ceeeeiiiidnooooo ouuuuy**"
    "aaaaaa*ceeeeiiiidnooooo ouuuuy*y";

/* Latin Extended-A, U+0100..U+017F, the same way. */
static const char latin_ext_a_base[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllll"
    "nnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* Decodes one UTF-8 character; returns -1 (taking one byte) if invalid. */
static int32_t
decode(const unsigned char *s, size_t *used)
{
	int32_t cp;
	size_t n;

	if (s[0] < 0x80) {
		*used = 1;
		return s[0];
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		*used = 1;
		return -1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*used = 1;
			return -1;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*used = n;
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	return cp;
}

static size_t
encode(int32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static const char *
two_letter_base(int32_t cp)
{
	switch (cp) {
	case 0xc6: case 0xe6: return "ae";
	case 0xde: case 0xfe: return "th";
	case 0xdf: return "ss";
	case 0x132: case 0x133: return "ij";
	case 0x152: case 0x153: return "oe";
	}
	return "";
}

/*
 * What a character becomes in a folded word: its unaccented lower-case
 * letters in base, or the character itself (copied); false when it
 * separates words instead.
 */
static bool
fold_char(int32_t cp, char *base, size_t *len)
{
	char c = 0;

	*len = 0;
	if (cp < 0x80) {
		if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z'))
			c = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			c = (char)(cp - 'A' + 'a');
		else
			return false;
	} else if (cp >= 0x300 && cp <= 0x36f) {
		return true;	/* a combining accent: dropped */
	} else if (cp >= 0xc0 && cp <= 0xff) {
		c = latin1_base[cp - 0xc0];
	} else if (cp >= 0x100 && cp <= 0x17f) {
		c = latin_ext_a_base[cp - 0x100];
	} else if ((cp >= 0x80 && cp <= 0xbf) || (cp >= 0x2000 &&
	    cp <= 0x206f) || (cp >= 0x3000 && cp <= 0x303f) ||
	    cp == 0xfeff) {
		return false;	/* spaces, dashes, quotes, symbols */
	} else {
		*len = encode(cp, base);
		return true;
	}
	if (c == ' ')
		return false;
	if (c == '*') {
		const char *two = two_letter_base(cp);

		*len = strlen(two);
		memcpy(base, two, *len);
	} else {
		base[0] = c;
		*len = 1;
	}
	return true;
}

size_t
text_fold(const char *in, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t len = 0;
	bool pending_space = false;

	if (size == 0)
		return 0;
	while (*s != '\0') {
		char base[4];
		size_t used, n;
		int32_t cp = decode(s, &used);

		s += used;
		if (cp < 0)
			continue;
		if (!fold_char(cp, base, &n)) {
			pending_space = len > 0;
			continue;
		}
		if (n == 0)
			continue;
		if (len + n + pending_space >= size)
			break;
		if (pending_space)
			out[len++] = ' ';
		pending_space = false;
		memcpy(out + len, base, n);
		len += n;
	}
	out[len] = '\0';
	return len;
}

/* Decodes up to max characters of s; returns how many. */
static int
to_chars(const char *s, int32_t *out, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p != '\0' && n < max) {
		size_t used;

		out[n++] = decode(p, &used);
		p += used;
	}
	return n;
}

static int
min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

int
text_distance(const char *a, const char *b, int max)
{
	int32_t x[TEXT_WORD_MAX], y[TEXT_WORD_MAX];
	int d[TEXT_WORD_MAX + 1][TEXT_WORD_MAX + 1];
	int n = to_chars(a, x, TEXT_WORD_MAX);
	int m = to_chars(b, y, TEXT_WORD_MAX);

	if (n - m > max || m - n > max)
		return max + 1;
	for (int i = 0; i <= n; i++)
		d[i][0] = i;
	for (int j = 0; j <= m; j++)
		d[0][j] = j;

	for (int i = 1; i <= n; i++) {
		int row_min = max + 1;

		for (int j = 1; j <= m; j++) {
			int cost = x[i - 1] != y[j - 1];

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
			    d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
			    x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
			if (d[i][j] < row_min)
				row_min = d[i][j];
		}
		/* Every later row only grows from this one's smallest cell. */
		if (row_min > max && i > 1)
			return max + 1;
	}
	return d[n][m] > max ? max + 1 : d[n][m];
}

int
text_trigrams(const char *word, char out[][TEXT_TRIGRAM_SIZE], int max)
{
	int32_t chars[TEXT_WORD_MAX + 2];
	int n, count = 0;

	chars[0] = ' ';
	n = to_chars(word, chars + 1, TEXT_WORD_MAX) + 2;
	chars[n - 1] = ' ';

	for (int i = 0; i + 3 <= n && count < max; i++) {
		char gram[TEXT_TRIGRAM_SIZE];
		size_t len = 0;
		bool seen = false;

		for (int k = 0; k < 3; k++)
			len += encode(chars[i + k] < 0 ? 0xfffd : chars[i + k],
			    gram + len);
		gram[len] = '\0';
		for (int j = 0; j < count && !seen; j++)
			seen = strcmp(out[j], gram) == 0;
		if (!seen)
			memcpy(out[count++], gram, len + 1);
	}
	return count;
}

size_t
text_length(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}
