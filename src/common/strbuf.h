#ifndef PC_STRBUF_H
#define PC_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/error.h"

/*
 * A growing string.  A failed allocation is remembered rather than
 * reported at each call: the caller checks strbuf_failed once at the end.
 */
struct strbuf {
	char *text;		/* always terminated once anything was added */
	size_t len;
	size_t cap;
	bool failed;
};

/* Appends formatted text. */
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends s as a JSON string literal, quotes and escapes included. */
void strbuf_json_string(struct strbuf *sb, const char *s);

/* Appends s quoted, or null when s is NULL. */
void strbuf_json_or_null(struct strbuf *sb, const char *s);

/* The text so far ("" when empty). */
const char *strbuf_text(const struct strbuf *sb);

/* Whether an allocation failed since the buffer was cleared. */
bool strbuf_failed(const struct strbuf *sb);

/* Empties the buffer, keeping its memory. */
void strbuf_clear(struct strbuf *sb);

/*
 * Writes the text to fp, or fails with an out-of-memory error when an
 * allocation failed while it was built.
 */
int strbuf_write(const struct strbuf *sb, FILE *fp, struct error *err);

/* Frees the text and leaves an empty buffer. */
void strbuf_free(struct strbuf *sb);

#endif
