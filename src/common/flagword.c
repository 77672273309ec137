#include "config.h"

#include "common/flagword.h"

#include <stdio.h>
#include <string.h>

int
flag_words_parse(const char *list, const struct flag_word *words,
    size_t count, unsigned *bits, const char **bad, size_t *bad_len)
{
	const char *p = list;

	*bits = 0;
	while (*p != '\0') {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < count; i++) {
			if (strlen(words[i].word) == len &&
			    strncmp(words[i].word, p, len) == 0)
				break;
		}
		if (i == count) {
			*bad = p;
			*bad_len = len;
			return -1;
		}
		*bits |= words[i].bit;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

size_t
flag_words_append(unsigned bits, const struct flag_word *words,
    size_t count, char *buf, size_t size, size_t used)
{
	for (size_t i = 0; i < count; i++) {
		const char *comma = used ? "," : "";

		if (!(bits & words[i].bit))
			continue;
		if (used < size)
			used += (size_t)snprintf(buf + used, size - used,
			    "%s%s", comma, words[i].word);
		else
			used += strlen(comma) + strlen(words[i].word);
	}
	return used;
}
