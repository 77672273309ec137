#ifndef PC_TEXTFOLD_H
#define PC_TEXTFOLD_H

#include <stddef.h>

/*
 * Text as a person types it, made comparable: drug names are matched
 * without regard to case, accents or punctuation, and with room for a
 * typo or two.
 */

/* Longest word, in characters, that the typo measure compares. */
#define TEXT_WORD_MAX 64

/* Bytes of one trigram: three characters of up to four bytes, and NUL. */
#define TEXT_TRIGRAM_SIZE 13

/*
 * Writes the words of in to out, lower case, accents removed, joined by
 * single spaces ("Ibuprofène/Codeine " gives "ibuprofene codeine").  Never
 * writes more than size bytes and always terminates; returns the length.
 */
size_t text_fold(const char *in, char *out, size_t size);

/*
 * The Damerau-Levenshtein distance (adjacent swaps count one) between two
 * folded words, counted in characters; any distance above max is reported
 * as max + 1 without finishing the count.
 */
int text_distance(const char *a, const char *b, int max);

/*
 * The distinct trigrams of a folded word padded with a space at each end
 * ("ab" gives " ab" and "ab "), at most max of them; returns the count.
 */
int text_trigrams(const char *word, char out[][TEXT_TRIGRAM_SIZE], int max);

/* The number of characters of a UTF-8 string. */
size_t text_length(const char *s);

#endif
