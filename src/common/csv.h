#ifndef PC_CSV_H
#define PC_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "common/error.h"

/*
 * A strict reader of delimited text: RFC 4180 CSV (quoted fields, doubled
 * quotes, CRLF or LF line ends) and, with quoting off, the pipe-separated
 * files of RxNorm.  Every problem is reported as "file:line:column: what",
 * and no input, however malformed, makes it read out of bounds: files come
 * from strangers.
 */

/* Limits that keep a hostile file from taking all memory. */
#define CSV_MAX_FIELDS 64
#define CSV_MAX_RECORD (1024 * 1024)

struct csv_reader;

/* One record: its fields, NUL-terminated, and where each one starts. */
struct csv_record {
	size_t count;
	char *field[CSV_MAX_FIELDS];
	long line[CSV_MAX_FIELDS];	/* 1-based, of the field's first byte */
	long column[CSV_MAX_FIELDS];	/* 1-based, in characters */
	long first_line;		/* the line the record starts on */
};

enum csv_quoting { CSV_QUOTED, CSV_UNQUOTED };

/* Opens a file for reading; name is what messages call it. */
int csv_open_file(struct csv_reader **out, const char *path,
    const char *name, char separator, enum csv_quoting quoting,
    struct error *err);

/* Reads from memory the caller keeps alive until csv_close. */
int csv_open_buffer(struct csv_reader **out, const char *name,
    const void *data, size_t size, char separator, enum csv_quoting quoting,
    struct error *err);

/*
 * Reads the header and checks it names exactly these columns in this order;
 * from then on every record must have as many fields.
 */
int csv_expect_header(struct csv_reader *r, const char *const *columns,
    size_t count, struct error *err);

/*
 * Reads the next record into rec: returns 1 when there is one, 0 at the
 * end of the input, -1 with err filled.  The fields stay valid until the
 * next call.
 */
int csv_next(struct csv_reader *r, struct csv_record *rec,
    struct error *err);

/*
 * Fills err with "name:line:column: " and the printf-style message, for
 * field i of rec (or the record's start when i is out of range).
 */
void csv_field_error(const struct csv_reader *r,
    const struct csv_record *rec, size_t i, struct error *err,
    enum error_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* The name messages use for the input. */
const char *csv_name(const struct csv_reader *r);

/* How many bytes were consumed, and the input's size when known (or 0). */
uint64_t csv_offset(const struct csv_reader *r);
uint64_t csv_size(const struct csv_reader *r);

/* Closes the input and frees the reader; NULL is allowed. */
void csv_close(struct csv_reader *r);

/*
 * Writes text as one field of RFC 4180 CSV: quoted, with doubled quotes,
 * when it holds a comma, a quote or a line break.
 */
void csv_write_field(FILE *fp, const char *text);

/* Writes fields as one record ended by CRLF. */
void csv_write_record(FILE *fp, const char *const *fields, size_t count);

#endif
