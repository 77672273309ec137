#include "config.h"

#include "common/wordindex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/textfold.h"

#define TRIGRAMS_MAX (TEXT_WORD_MAX + 2)
#define CANDIDATES_MAX 96

struct posting {
	char gram[TEXT_TRIGRAM_SIZE];	/* "" for a free slot */
	uint32_t *words;
	uint32_t count;
	uint32_t capacity;
};

struct word_index {
	char **words;
	uint8_t *lengths;		/* in characters, at most 255 */
	uint32_t count;
	uint32_t capacity;
	struct posting *slots;		/* open addressing, a power of two */
	uint32_t slot_count;
	uint32_t used_slots;
	uint16_t *shared;		/* scratch: trigrams shared per word */
	uint32_t *touched;		/* scratch: words with shared > 0 */
};

struct word_index *
word_index_new(void)
{
	return calloc(1, sizeof(struct word_index));
}

void
word_index_free(struct word_index *index)
{
	if (index == NULL)
		return;
	for (uint32_t i = 0; i < index->count; i++)
		free(index->words[i]);
	for (uint32_t i = 0; i < index->slot_count; i++)
		free(index->slots[i].words);
	free(index->words);
	free(index->lengths);
	free(index->slots);
	free(index->shared);
	free(index->touched);
	free(index);
}

size_t
word_index_count(const struct word_index *index)
{
	return index->count;
}

static uint32_t
hash(const char *gram)
{
	uint32_t h = 2166136261u;

	for (; *gram != '\0'; gram++)
		h = (h ^ (unsigned char)*gram) * 16777619u;
	return h;
}

/* The slot of a trigram: its own, or the free one it would take. */
static struct posting *
slot(const struct word_index *index, const char *gram)
{
	uint32_t mask = index->slot_count - 1;

	for (uint32_t i = hash(gram) & mask;; i = (i + 1) & mask) {
		struct posting *p = &index->slots[i];

		if (p->gram[0] == '\0' || strcmp(p->gram, gram) == 0)
			return p;
	}
}

static int
grow_slots(struct word_index *index)
{
	struct word_index bigger = *index;
	uint32_t count = index->slot_count ? index->slot_count * 2 : 4096;

	bigger.slots = calloc(count, sizeof *bigger.slots);
	if (bigger.slots == NULL)
		return -1;
	bigger.slot_count = count;
	for (uint32_t i = 0; i < index->slot_count; i++) {
		if (index->slots[i].gram[0] != '\0')
			*slot(&bigger, index->slots[i].gram) = index->slots[i];
	}
	free(index->slots);
	index->slots = bigger.slots;
	index->slot_count = count;
	return 0;
}

static int
post(struct word_index *index, const char *gram, uint32_t word)
{
	struct posting *p;

	if ((index->used_slots + 1) * 2 > index->slot_count &&
	    grow_slots(index) != 0)
		return -1;
	p = slot(index, gram);
	if (p->gram[0] == '\0') {
		memcpy(p->gram, gram, strlen(gram) + 1);
		index->used_slots++;
	}
	if (p->count == p->capacity) {
		uint32_t cap = p->capacity ? p->capacity * 2 : 4;
		uint32_t *more = realloc(p->words, cap * sizeof *more);

		if (more == NULL)
			return -1;
		p->words = more;
		p->capacity = cap;
	}
	p->words[p->count++] = word;
	return 0;
}

static int
grow_words(struct word_index *index)
{
	uint32_t cap = index->capacity ? index->capacity * 2 : 1024;
	char **words = realloc(index->words, cap * sizeof *words);
	uint8_t *lengths;
	uint16_t *shared;
	uint32_t *touched;

	if (words == NULL)
		return -1;
	index->words = words;
	lengths = realloc(index->lengths, cap * sizeof *lengths);
	if (lengths == NULL)
		return -1;
	index->lengths = lengths;
	shared = realloc(index->shared, cap * sizeof *shared);
	if (shared == NULL)
		return -1;
	index->shared = shared;
	touched = realloc(index->touched, cap * sizeof *touched);
	if (touched == NULL)
		return -1;
	index->touched = touched;
	index->capacity = cap;
	return 0;
}

int
word_index_add(struct word_index *index, const char *word)
{
	char grams[TRIGRAMS_MAX][TEXT_TRIGRAM_SIZE];
	size_t length = text_length(word);
	uint32_t id = index->count;
	int n;

	if (length == 0 || length > TEXT_WORD_MAX)
		return 0;	/* nobody mistypes a 65-letter word */
	if (index->count == index->capacity && grow_words(index) != 0)
		return -1;
	index->words[id] = strdup(word);
	if (index->words[id] == NULL)
		return -1;
	index->lengths[id] = (uint8_t)length;
	index->shared[id] = 0;
	index->count++;
	n = text_trigrams(word, grams, TRIGRAMS_MAX);
	for (int i = 0; i < n; i++) {
		if (post(index, grams[i], id) != 0)
			return -1;
	}
	return 0;
}

/* The distance from word to the nearest beginning of candidate. */
static int
prefix_distance(const char *word, const char *candidate, int max)
{
	size_t len = text_length(word);
	int best = max + 1;
	char prefix[TEXT_WORD_MAX * 4 + 1];

	for (size_t want = len > (size_t)max ? len - (size_t)max : 1;
	    want <= len + (size_t)max; want++) {
		size_t bytes = 0, chars = 0;
		int d;

		while (candidate[bytes] != '\0' && chars < want) {
			bytes++;
			while (((unsigned char)candidate[bytes] & 0xc0) == 0x80)
				bytes++;
			chars++;
		}
		if (chars < want || bytes >= sizeof prefix)
			break;
		memcpy(prefix, candidate, bytes);
		prefix[bytes] = '\0';
		d = text_distance(word, prefix, max);
		if (d < best)
			best = d;
	}
	return best;
}

static void
keep(struct word_match *out, size_t *count, size_t max, const char *word,
    int distance)
{
	size_t at = *count;

	if (at == max) {
		if (max == 0 || out[at - 1].distance <= distance)
			return;
		at--;
	} else {
		(*count)++;
	}
	while (at > 0 && out[at - 1].distance > distance) {
		out[at] = out[at - 1];
		at--;
	}
	out[at].word = word;
	out[at].distance = distance;
}

/* Counts, for every word of a fitting length, the trigrams it shares. */
static uint32_t
count_shared(struct word_index *index, char grams[][TEXT_TRIGRAM_SIZE],
    int n, int min_length, int max_length)
{
	uint32_t touched = 0;

	for (int i = 0; i < n && index->slot_count > 0; i++) {
		const struct posting *p = slot(index, grams[i]);

		for (uint32_t k = 0; k < p->count; k++) {
			uint32_t w = p->words[k];

			if (index->lengths[w] < min_length ||
			    index->lengths[w] > max_length)
				continue;
			if (index->shared[w]++ == 0)
				index->touched[touched++] = w;
		}
	}
	return touched;
}

/* Orders candidate words by the trigrams they share, most first. */
static void
best_candidates(struct word_index *index, uint32_t touched, int threshold,
    uint32_t *best, uint32_t *best_count)
{
	*best_count = 0;
	for (uint32_t i = 0; i < touched; i++) {
		uint32_t w = index->touched[i], at;
		uint16_t s = index->shared[w];

		if (s < threshold)
			continue;
		if (*best_count == CANDIDATES_MAX &&
		    index->shared[best[CANDIDATES_MAX - 1]] >= s)
			continue;
		at = *best_count < CANDIDATES_MAX ? (*best_count)++ :
		    CANDIDATES_MAX - 1;
		while (at > 0 && index->shared[best[at - 1]] < s) {
			best[at] = best[at - 1];
			at--;
		}
		best[at] = w;
	}
}

size_t
word_index_near(struct word_index *index, const char *token,
    bool as_prefix, int max_typos, struct word_match *out, size_t max)
{
	char grams[TRIGRAMS_MAX][TEXT_TRIGRAM_SIZE];
	uint32_t best[CANDIDATES_MAX], best_count, touched;
	int length = (int)text_length(token);
	int n = text_trigrams(token, grams, TRIGRAMS_MAX), inner = 0;
	int threshold;
	size_t found = 0;

	for (int i = 0; i < n; i++)
		inner += grams[i][strlen(grams[i]) - 1] != ' ';
	/* Each typo spoils at most three trigrams. */
	threshold = (as_prefix ? inner : n) - 3 * max_typos;
	touched = count_shared(index, grams, n, length - max_typos,
	    as_prefix ? 255 : length + max_typos);
	best_candidates(index, touched, threshold > 1 ? threshold : 1, best,
	    &best_count);
	for (uint32_t i = 0; i < touched; i++)
		index->shared[index->touched[i]] = 0;

	for (uint32_t i = 0; i < best_count; i++) {
		const char *word = index->words[best[i]];
		int d = text_distance(token, word, max_typos);

		if (as_prefix && d > 0) {
			int p = prefix_distance(token, word, max_typos);

			d = p < d ? p : d;
		}
		if (d >= 1 && d <= max_typos)
			keep(out, &found, max, word, d);
	}
	return found;
}
