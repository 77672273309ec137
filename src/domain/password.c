#include "config.h"

#include "domain/password.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/i18n.h"

/* Counts UTF-8 characters: every byte that does not continue one. */
static size_t
utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int
is_email_or_its_name(const char *password, const char *email)
{
	const char *at;

	if (email == NULL || *email == '\0')
		return 0;
	if (strcasecmp(password, email) == 0)
		return 1;
	at = strchr(email, '@');
	return at != NULL && strlen(password) == (size_t)(at - email) &&
	    strncasecmp(password, email, (size_t)(at - email)) == 0;
}

/* 1 when listed, 0 when not, -1 when the list cannot be read. */
static int
is_common(const char *password, const char *path, struct error *err)
{
	FILE *fp = fopen(path, "r");
	char line[256];
	int found = 0;

	if (fp == NULL) {
		error_set(err, ERR_IO,
		    _("cannot read the list of common passwords %s: %s; reinstall PrescripCare or set PRESCRIPCARE_DATADIR"),
		    path, strerror(errno));
		return -1;
	}
	while (!found && fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		found = line[0] != '\0' && strcasecmp(line, password) == 0;
	}
	fclose(fp);
	sodium_memzero(line, sizeof line);
	return found;
}

int
password_check(const char *password, const char *email,
    const char *common_list, struct error *err)
{
	size_t chars = utf8_length(password);
	int common;

	if (chars < PASSWORD_MIN_CHARS) {
		error_set(err, ERR_INVALID,
		    _("a password needs at least %d characters; this one has %zu"),
		    PASSWORD_MIN_CHARS, chars);
		return -1;
	}
	if (strlen(password) > PASSWORD_MAX_BYTES) {
		error_set(err, ERR_INVALID,
		    _("a password may have at most %d bytes"),
		    PASSWORD_MAX_BYTES);
		return -1;
	}
	if (is_email_or_its_name(password, email)) {
		error_set(err, ERR_INVALID,
		    _("the password must not be the account's email address or its name before the @"));
		return -1;
	}
	common = is_common(password, common_list, err);
	if (common < 0)
		return -1;
	if (common) {
		error_set(err, ERR_INVALID,
		    _("that password is among the most common ones, which are guessed first; choose another (a few unrelated words make a good one)"));
		return -1;
	}
	return 0;
}

int
password_hash(const char *password, struct kdf_cost cost,
    char out[PASSWORD_HASH_SIZE], struct error *err)
{
	if (keys_init(err) != 0)
		return -1;
	if (crypto_pwhash_str(out, password, strlen(password), cost.opslimit,
	    cost.memlimit) != 0) {
		error_set(err, ERR_CRYPTO,
		    _("not enough memory to hash the password"));
		return -1;
	}
	return 0;
}

int
password_matches(const char *hash, const char *password)
{
	if (sodium_init() < 0)
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool
password_below_cost(const char *hash, struct kdf_cost cost)
{
	unsigned long memory_kib, passes;
	const char *params = strstr(hash, "$m=");

	/* "$argon2id$v=19$m=65536,t=3,p=1$salt$hash", as libsodium writes. */
	if (params == NULL ||
	    sscanf(params, "$m=%lu,t=%lu,", &memory_kib, &passes) != 2)
		return false;
	return passes < cost.opslimit || memory_kib < cost.memlimit / 1024;
}
