#ifndef PC_ERROR_H
#define PC_ERROR_H

/*
 * Every function that can fail returns a status and fills one of these, so
 * the caller decides how to show it: the UI in its status line, the command
 * line as one line on stderr.
 */

enum error_kind {
	ERR_NONE = 0,
	ERR_USAGE,		/* the caller asked for something malformed */
	ERR_INVALID,		/* a value broke a rule of the data */
	ERR_NOT_FOUND,
	ERR_CONFLICT,		/* already exists, or already recorded */
	ERR_DENIED,		/* no permission for this account */
	ERR_LOCKED,		/* the account is locked for a while */
	ERR_STORE,		/* the database failed or is damaged */
	ERR_TOO_NEW,		/* the store was written by a newer version */
	ERR_UNSAFE,		/* file permissions expose health data */
	ERR_IO,
	ERR_CRYPTO,
	ERR_INTERNAL
};

struct error {
	enum error_kind kind;
	char text[512];
};

/* Records a failure of the given kind with a printf-style message. */
void error_set(struct error *err, enum error_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears a previous failure so the struct can be reused. */
void error_clear(struct error *err);

/* The process exit status documented in the man page for this kind. */
int error_exit_status(enum error_kind kind);

#endif
