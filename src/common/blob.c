#include "config.h"

#include "common/blob.h"

#include <stdlib.h>
#include <string.h>

int
blob_set(struct blob *b, const void *data, size_t len)
{
	unsigned char *copy = malloc(len > 0 ? len : 1);

	if (copy == NULL)
		return -1;
	if (len > 0)
		memcpy(copy, data, len);
	free(b->data);
	b->data = copy;
	b->len = len;
	return 0;
}

void
blob_free(struct blob *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}
