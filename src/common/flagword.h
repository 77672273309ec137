#ifndef PC_FLAGWORD_H
#define PC_FLAGWORD_H

#include <stddef.h>

/*
 * Sets of flags written as words separated by commas, such as
 * "view,record": how permissions and rights are typed after --can and
 * shown in lists and audit rows.
 */

struct flag_word {
	unsigned bit;
	const char *word;
};

/*
 * Reads a list of words into bits.  Returns 0, or -1 with *bad and
 * *bad_len naming the first word that is not in the table.
 */
int flag_words_parse(const char *list, const struct flag_word *words,
    size_t count, unsigned *bits, const char **bad, size_t *bad_len);

/*
 * Appends the words of the bits set, in table order, to the text already
 * in buf (used bytes of it); returns the length the text now has (or
 * would have, were buf large enough).
 */
size_t flag_words_append(unsigned bits, const struct flag_word *words,
    size_t count, char *buf, size_t size, size_t used);

#endif
