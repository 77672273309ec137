#ifndef PC_STRUTIL_H
#define PC_STRUTIL_H

#include <stddef.h>

/* Strips leading and trailing white space in place; returns the start. */
char *str_trim(char *s);

/* Parses a whole decimal number; fails on trailing text or overflow. */
int str_to_long(const char *s, long *out);

/* Parses a decimal number such as "72.5"; fails on trailing text. */
int str_to_double(const char *s, double *out);

/* Copies at most size-1 bytes and always terminates; returns -1 if cut. */
int str_copy(char *dst, size_t size, const char *src);

#endif
