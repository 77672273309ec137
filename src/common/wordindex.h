#ifndef PC_WORDINDEX_H
#define PC_WORDINDEX_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A vocabulary of folded words indexed by their trigrams, to find the
 * words a mistyped word was meant to be.  Built in memory: looking up a
 * word costs a few posting lists, whatever the vocabulary's size.
 */

struct word_index;

struct word_match {
	const char *word;	/* owned by the index */
	int distance;		/* typos: Damerau-Levenshtein */
};

/* An empty index, or NULL when memory ran out. */
struct word_index *word_index_new(void);
void word_index_free(struct word_index *index);

/* Adds a folded word (as text_fold writes them); 0, or -1 out of memory. */
int word_index_add(struct word_index *index, const char *word);

/* How many words the index holds. */
size_t word_index_count(const struct word_index *index);

/*
 * Fills out with up to max words at most max_typos away from token (1 to
 * max_typos, never the token itself), nearest first.  With as_prefix, a
 * word also matches when one of its beginnings is that near: the token is
 * still being typed.  Returns how many.
 */
size_t word_index_near(struct word_index *index, const char *token,
    bool as_prefix, int max_typos, struct word_match *out, size_t max);

#endif
