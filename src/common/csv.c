#include "config.h"

#include "common/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/i18n.h"

#define READ_CHUNK 65536

struct csv_reader {
	FILE *fp;
	const unsigned char *mem;
	size_t mem_size;
	unsigned char buf[READ_CHUNK];
	size_t buf_len;
	size_t buf_pos;
	int read_error;

	char *name;
	char separator;
	enum csv_quoting quoting;
	size_t expected;		/* fields per record, 0 until a header */

	/* Where the next byte stands. */
	long line;
	long column;			/* characters already read on the line */
	uint64_t offset;
	uint64_t size;
	long end_line;			/* where the last record ended */
	long end_column;

	/* UTF-8 check: continuation bytes still due and their range. */
	int utf8_due;
	unsigned char utf8_lo;
	unsigned char utf8_hi;

	/* The current record's text, fields separated by NUL bytes. */
	char *text;
	size_t len;
	size_t cap;
};

static struct csv_reader *
reader_new(const char *name, char separator, enum csv_quoting quoting,
    struct error *err)
{
	struct csv_reader *r = calloc(1, sizeof *r);

	if (r == NULL || (r->name = strdup(name)) == NULL) {
		free(r);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return NULL;
	}
	r->separator = separator;
	r->quoting = quoting;
	r->line = 1;
	return r;
}

int
csv_open_file(struct csv_reader **out, const char *path, const char *name,
    char separator, enum csv_quoting quoting, struct error *err)
{
	struct csv_reader *r;
	struct stat sb;

	*out = NULL;
	r = reader_new(name, separator, quoting, err);
	if (r == NULL)
		return -1;
	r->fp = fopen(path, "rb");
	if (r->fp == NULL) {
		error_set(err, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO,
		    _("cannot read %s: %s"), path, strerror(errno));
		csv_close(r);
		return -1;
	}
	if (fstat(fileno(r->fp), &sb) == 0 && S_ISREG(sb.st_mode))
		r->size = (uint64_t)sb.st_size;
	*out = r;
	return 0;
}

int
csv_open_buffer(struct csv_reader **out, const char *name, const void *data,
    size_t size, char separator, enum csv_quoting quoting,
    struct error *err)
{
	struct csv_reader *r;

	*out = NULL;
	r = reader_new(name, separator, quoting, err);
	if (r == NULL)
		return -1;
	r->mem = data;
	r->mem_size = size;
	r->size = size;
	*out = r;
	return 0;
}

void
csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	if (r->fp != NULL)
		fclose(r->fp);
	free(r->text);
	free(r->name);
	free(r);
}

const char *
csv_name(const struct csv_reader *r)
{
	return r->name;
}

uint64_t
csv_offset(const struct csv_reader *r)
{
	return r->offset;
}

uint64_t
csv_size(const struct csv_reader *r)
{
	return r->size;
}

static void
position_error(const struct csv_reader *r, long line, long column,
    struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
position_error(const struct csv_reader *r, long line, long column,
    struct error *err, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	error_set(err, ERR_INVALID, "%s:%ld:%ld: %s", r->name, line, column,
	    what);
}

void
csv_field_error(const struct csv_reader *r, const struct csv_record *rec,
    size_t i, struct error *err, enum error_kind kind, const char *fmt, ...)
{
	char what[400];
	long line = rec->first_line, column = 1;
	va_list ap;

	if (i < rec->count) {
		line = rec->line[i];
		column = rec->column[i];
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	error_set(err, kind, "%s:%ld:%ld: %s", r->name, line, column, what);
}

/* Returns the next byte without taking it, or -1 at the end. */
static int
peek_byte(struct csv_reader *r)
{
	if (r->mem != NULL || r->fp == NULL)
		return r->offset < r->mem_size ? r->mem[r->offset] : -1;
	if (r->buf_pos == r->buf_len) {
		if (r->read_error)
			return -1;
		r->buf_len = fread(r->buf, 1, sizeof r->buf, r->fp);
		r->buf_pos = 0;
		if (r->buf_len == 0) {
			r->read_error = ferror(r->fp);
			return -1;
		}
	}
	return r->buf[r->buf_pos];
}

static void
take_byte(struct csv_reader *r, int b)
{
	if (r->mem == NULL && r->fp != NULL)
		r->buf_pos++;
	r->offset++;
	if (b == '\n') {
		r->line++;
		r->column = 0;
	} else if ((b & 0xc0) != 0x80) {
		r->column++;
	}
}

/* Checks one byte against UTF-8's rules, overlong forms included. */
static int
utf8_ok(struct csv_reader *r, int b)
{
	if (r->utf8_due > 0) {
		if (b < r->utf8_lo || b > r->utf8_hi)
			return 0;
		r->utf8_due--;
		r->utf8_lo = 0x80;
		r->utf8_hi = 0xbf;
		return 1;
	}
	r->utf8_lo = 0x80;
	r->utf8_hi = 0xbf;
	if (b < 0x80)
		return 1;
	if (b >= 0xc2 && b <= 0xdf)
		r->utf8_due = 1;
	else if (b >= 0xe0 && b <= 0xef) {
		r->utf8_due = 2;
		if (b == 0xe0)
			r->utf8_lo = 0xa0;
		else if (b == 0xed)
			r->utf8_hi = 0x9f;
	} else if (b >= 0xf0 && b <= 0xf4) {
		r->utf8_due = 3;
		if (b == 0xf0)
			r->utf8_lo = 0x90;
		else if (b == 0xf4)
			r->utf8_hi = 0x8f;
	} else
		return 0;
	return 1;
}

static int
append(struct csv_reader *r, char c, struct error *err)
{
	if (r->len + 1 >= r->cap) {
		size_t cap = r->cap == 0 ? 256 : r->cap * 2;
		char *text;

		if (r->len >= CSV_MAX_RECORD) {
			position_error(r, r->line, r->column, err,
			    _("a record longer than %d bytes; is this the right file?"),
			    CSV_MAX_RECORD);
			return -1;
		}
		text = realloc(r->text, cap);
		if (text == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return -1;
		}
		r->text = text;
		r->cap = cap;
	}
	r->text[r->len++] = c;
	return 0;
}

/* Takes one data byte of a field, refusing what text must not hold. */
static int
take_data(struct csv_reader *r, int b, struct error *err)
{
	long line = r->line, column = r->column + ((b & 0xc0) != 0x80);

	take_byte(r, b);
	if (b == 0) {
		position_error(r, line, column, err,
		    _("a NUL byte; the file must be UTF-8 text"));
		return -1;
	}
	if (!utf8_ok(r, b)) {
		position_error(r, line, column > 0 ? column : 1, err,
		    _("invalid UTF-8; save the file as UTF-8"));
		return -1;
	}
	return append(r, (char)b, err);
}

/* Consumes a line end (LF or CRLF) if one comes next; 1 when it did. */
static int
take_line_end(struct csv_reader *r, struct error *err)
{
	int b = peek_byte(r);
	long line = r->line, column = r->column + 1;

	if (b == '\n') {
		take_byte(r, b);
		return 1;
	}
	if (b != '\r')
		return 0;
	take_byte(r, b);
	if (peek_byte(r) != '\n') {
		position_error(r, line, column, err,
		    _("a carriage return without a line feed; use LF or CRLF line ends"));
		return -1;
	}
	take_byte(r, '\n');
	return 1;
}

static int
finish_field(struct csv_reader *r, struct error *err)
{
	if (r->utf8_due > 0) {
		position_error(r, r->line, r->column, err,
		    _("invalid UTF-8; save the file as UTF-8"));
		return -1;
	}
	return append(r, '\0', err);
}

/*
 * Reads a quoted field whose opening quote is already taken.  Returns 0,
 * or -1 with err filled.
 */
static int
read_quoted(struct csv_reader *r, long open_line, long open_column,
    struct error *err)
{
	for (;;) {
		int b = peek_byte(r);

		if (b < 0) {
			position_error(r, open_line, open_column, err,
			    _("the quote opened here is never closed"));
			return -1;
		}
		if (b != '"') {
			if (take_data(r, b, err) != 0)
				return -1;
			continue;
		}
		take_byte(r, b);
		if (peek_byte(r) != '"')
			break;
		take_byte(r, '"');
		if (append(r, '"', err) != 0)
			return -1;
	}

	{
		int b = peek_byte(r);

		if (b < 0 || b == r->separator || b == '\n' || b == '\r')
			return 0;
		position_error(r, r->line, r->column + 1, err,
		    _("text after a closing quote; a quote inside a quoted field is written twice (\"\")"));
		return -1;
	}
}

/* Reads an unquoted field up to a separator, a line end or the end. */
static int
read_plain(struct csv_reader *r, struct error *err)
{
	for (;;) {
		int b = peek_byte(r);

		if (b < 0 || b == r->separator || b == '\n' || b == '\r')
			return 0;
		if (b == '"' && r->quoting == CSV_QUOTED) {
			position_error(r, r->line, r->column + 1, err,
			    _("a quote inside an unquoted field; enclose the field in quotes and write the quote twice (\"\")"));
			return -1;
		}
		if (take_data(r, b, err) != 0)
			return -1;
	}
}

static void
skip_bom(struct csv_reader *r)
{
	static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };

	if (r->mem != NULL) {
		if (r->mem_size >= 3 && memcmp(r->mem, bom, 3) == 0)
			r->offset = 3;
		return;
	}
	if (r->fp == NULL || peek_byte(r) != bom[0] || r->buf_len < 3 ||
	    memcmp(r->buf, bom, 3) != 0)
		return;
	r->buf_pos = 3;
	r->offset = 3;
}

static int
check_count(struct csv_reader *r, struct csv_record *rec, struct error *err)
{
	if (r->expected == 0 || rec->count == r->expected)
		return 0;
	if (rec->count > r->expected)
		position_error(r, rec->line[r->expected],
		    rec->column[r->expected], err,
		    _("%zu fields where the header has %zu; a field holding the separator must be quoted"),
		    rec->count, r->expected);
	else
		position_error(r, r->end_line, r->end_column, err,
		    _("%zu fields where the header has %zu"), rec->count,
		    r->expected);
	return -1;
}

/* Splits the record's text into its fields once it is complete. */
static void
point_fields(struct csv_reader *r, struct csv_record *rec)
{
	size_t at = 0;

	for (size_t i = 0; i < rec->count; i++) {
		rec->field[i] = r->text + at;
		at += strlen(r->text + at) + 1;
	}
}

static int
read_field(struct csv_reader *r, struct csv_record *rec, struct error *err)
{
	size_t i = rec->count;
	int b = peek_byte(r);

	if (i == CSV_MAX_FIELDS) {
		position_error(r, r->line, r->column + 1, err,
		    _("more than %d fields in one record"), CSV_MAX_FIELDS);
		return -1;
	}
	rec->line[i] = r->line;
	rec->column[i] = r->column + 1;
	rec->count++;
	if (b == '"' && r->quoting == CSV_QUOTED) {
		take_byte(r, b);
		if (read_quoted(r, rec->line[i], rec->column[i], err) != 0)
			return -1;
	} else if (read_plain(r, err) != 0) {
		return -1;
	}
	return finish_field(r, err);
}

int
csv_next(struct csv_reader *r, struct csv_record *rec, struct error *err)
{
	int end;

	if (r->offset == 0)
		skip_bom(r);
	rec->count = 0;
	rec->first_line = r->line;
	r->len = 0;
	if (peek_byte(r) < 0) {
		if (r->read_error) {
			error_set(err, ERR_IO, _("%s: a read error"), r->name);
			return -1;
		}
		return 0;
	}

	for (;;) {
		if (read_field(r, rec, err) != 0)
			return -1;
		if (peek_byte(r) == r->separator) {
			take_byte(r, r->separator);
			continue;
		}
		r->end_line = r->line;
		r->end_column = r->column + 1;
		end = take_line_end(r, err);
		if (end < 0)
			return -1;
		break;
	}
	if (r->read_error) {
		error_set(err, ERR_IO, _("%s: a read error"), r->name);
		return -1;
	}
	point_fields(r, rec);
	return check_count(r, rec, err) == 0 ? 1 : -1;
}

int
csv_expect_header(struct csv_reader *r, const char *const *columns,
    size_t count, struct error *err)
{
	struct csv_record rec;
	char want[512];
	size_t used = 0;
	int rc;

	for (size_t i = 0; i < count && used < sizeof want; i++)
		used += (size_t)snprintf(want + used, sizeof want - used,
		    "%s%s", i ? "," : "", columns[i]);

	rc = csv_next(r, &rec, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		error_set(err, ERR_INVALID,
		    _("%s is empty; its first line must be the header \"%s\""),
		    r->name, want);
		return -1;
	}
	for (size_t i = 0; i < count || i < rec.count; i++) {
		if (i < count && i < rec.count &&
		    strcmp(rec.field[i], columns[i]) == 0)
			continue;
		csv_field_error(r, &rec, i, err, ERR_INVALID,
		    _("the header must be \"%s\"; column %zu differs"), want,
		    i + 1);
		return -1;
	}
	r->expected = count;
	return 0;
}

void
csv_write_field(FILE *fp, const char *text)
{
	if (strpbrk(text, ",\"\r\n") == NULL) {
		fputs(text, fp);
		return;
	}
	putc('"', fp);
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '"')
			putc('"', fp);
		putc(*p, fp);
	}
	putc('"', fp);
}

void
csv_write_record(FILE *fp, const char *const *fields, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (i > 0)
			putc(',', fp);
		csv_write_field(fp, fields[i]);
	}
	fputs("\r\n", fp);
}
