#ifndef PC_BLOB_H
#define PC_BLOB_H

#include <stddef.h>

/*
 * Bytes with their length: a sealed column's value on its way between the
 * store and the code that seals and opens it.
 */
struct blob {
	unsigned char *data;	/* malloc'd; NULL when empty */
	size_t len;
};

/* Replaces b's bytes with a copy of data; returns -1 when out of memory. */
int blob_set(struct blob *b, const void *data, size_t len);

/* Frees the bytes and leaves an empty blob. */
void blob_free(struct blob *b);

#endif
