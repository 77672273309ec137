#include "config.h"

#include "common/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"

static bool
reserve(struct strbuf *sb, size_t more)
{
	size_t cap;
	char *text;

	if (sb->failed)
		return false;
	if (sb->len + more + 1 <= sb->cap)
		return true;
	cap = sb->cap == 0 ? 128 : sb->cap;
	while (cap < sb->len + more + 1)
		cap *= 2;
	text = realloc(sb->text, cap);
	if (text == NULL) {
		sb->failed = true;
		return false;
	}
	sb->text = text;
	sb->cap = cap;
	return true;
}

void
strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->text + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

static void
put(struct strbuf *sb, const char *s, size_t n)
{
	if (!reserve(sb, n))
		return;
	memcpy(sb->text + sb->len, s, n);
	sb->len += n;
	sb->text[sb->len] = '\0';
}

void
strbuf_json_string(struct strbuf *sb, const char *s)
{
	put(sb, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(sb, esc, 2);
		} else if (c == '\n') {
			put(sb, "\\n", 2);
		} else if (c == '\t') {
			put(sb, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			put(sb, esc, 6);
		} else {
			put(sb, (const char *)&c, 1);
		}
	}
	put(sb, "\"", 1);
}

void
strbuf_json_or_null(struct strbuf *sb, const char *s)
{
	if (s == NULL)
		put(sb, "null", 4);
	else
		strbuf_json_string(sb, s);
}

const char *
strbuf_text(const struct strbuf *sb)
{
	return sb->text != NULL ? sb->text : "";
}

bool
strbuf_failed(const struct strbuf *sb)
{
	return sb->failed;
}

void
strbuf_clear(struct strbuf *sb)
{
	sb->len = 0;
	sb->failed = false;
	if (sb->text != NULL)
		sb->text[0] = '\0';
}

int
strbuf_write(const struct strbuf *sb, FILE *fp, struct error *err)
{
	if (sb->failed) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	fputs(strbuf_text(sb), fp);
	return 0;
}

void
strbuf_free(struct strbuf *sb)
{
	free(sb->text);
	memset(sb, 0, sizeof *sb);
}
