#include "config.h"

#include "common/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
error_set(struct error *err, enum error_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	err->kind = kind;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof err->text, fmt, ap);
	va_end(ap);
}

void
error_clear(struct error *err)
{
	err->kind = ERR_NONE;
	err->text[0] = '\0';
}

/*
 * The values follow <sysexits.h>, which leaves 1 and 2 free for commands
 * such as "check" whose status reports what they found.
 */
int
error_exit_status(enum error_kind kind)
{
	switch (kind) {
	case ERR_NONE:
		return 0;
	case ERR_USAGE:
		return 64;
	case ERR_INVALID:
	case ERR_CONFLICT:
		return 65;
	case ERR_NOT_FOUND:
		return 66;
	case ERR_TOO_NEW:
		return 69;
	case ERR_LOCKED:
		return 75;	/* EX_TEMPFAIL: try again later */
	case ERR_STORE:
		return 74;
	case ERR_DENIED:
	case ERR_UNSAFE:
		return 77;
	case ERR_IO:
		return 74;
	case ERR_CRYPTO:
	case ERR_INTERNAL:
		return 70;
	}
	return 70;
}
