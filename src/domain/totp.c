#include "config.h"

#include "domain/totp.h"

#include <ctype.h>
#include <oath.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "domain/keys.h"

#define QUIET_ZONE 4

void
totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES])
{
	keys_random(secret, TOTP_SECRET_BYTES);
}

static int
oath_ready(struct error *err)
{
	if (oath_init() != OATH_OK) {
		error_set(err, ERR_CRYPTO, _("the one-time code library failed to start"));
		return -1;
	}
	return 0;
}

/* Appends s percent-encoded, leaving only RFC 3986's unreserved bytes. */
static void
percent_encode(char *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	out += strlen(out);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c) != NULL) {
			*out++ = (char)c;
			continue;
		}
		*out++ = '%';
		*out++ = hex[c >> 4];
		*out++ = hex[c & 15];
	}
	*out = '\0';
}

int
totp_uri(const char *issuer, const char *account,
    const unsigned char *secret, size_t secret_len, char **uri,
    struct error *err)
{
	char *b32 = NULL, *out;
	size_t b32_len, size;

	if (oath_ready(err) != 0)
		return -1;
	if (oath_base32_encode((const char *)secret, secret_len, &b32,
	    &b32_len) != OATH_OK) {
		error_set(err, ERR_CRYPTO, _("cannot encode the one-time code secret"));
		return -1;
	}
	/* Apps want the base32 without its '=' padding. */
	while (b32_len > 0 && b32[b32_len - 1] == '=')
		b32[--b32_len] = '\0';
	size = 3 * (2 * strlen(issuer) + strlen(account)) + b32_len + 128;
	if ((out = calloc(1, size)) == NULL) {
		keys_free_text(b32);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	strcpy(out, "otpauth://totp/");
	percent_encode(out, issuer);
	strcat(out, ":");
	percent_encode(out, account);
	snprintf(out + strlen(out), size - strlen(out),
	    "?secret=%s&issuer=", b32);
	percent_encode(out, issuer);
	snprintf(out + strlen(out), size - strlen(out),
	    "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS,
	    TOTP_STEP_SECONDS);
	keys_free_text(b32);
	*uri = out;
	return 0;
}

int
totp_code_at(const unsigned char *secret, size_t secret_len, int64_t t,
    unsigned digits, char *out, size_t size, struct error *err)
{
	if (oath_ready(err) != 0)
		return -1;
	if (size <= digits || oath_totp_generate((const char *)secret,
	    secret_len, (time_t)t, TOTP_STEP_SECONDS, 0, digits, out) !=
	    OATH_OK) {
		error_set(err, ERR_CRYPTO, _("cannot compute a one-time code"));
		return -1;
	}
	return 0;
}

/* Keeps the digits of a code typed as "123 456" or "123-456". */
static int
clean_code(const char *typed, char *out, size_t size)
{
	size_t n = 0;

	for (; *typed != '\0'; typed++) {
		if (*typed == ' ' || *typed == '-')
			continue;
		if (!isdigit((unsigned char)*typed) || n + 1 >= size)
			return -1;
		out[n++] = *typed;
	}
	out[n] = '\0';
	return n == TOTP_DIGITS ? 0 : -1;
}

int
totp_check(const unsigned char *secret, size_t secret_len,
    const char *code, int64_t now, int64_t last_step, int64_t *step,
    struct error *err)
{
	char digits[16];
	uint64_t counter = 0;
	int pos = 0, rc;

	if (clean_code(code, digits, sizeof digits) != 0) {
		error_set(err, ERR_DENIED,
		    _("a one-time code is the %d digits your authenticator app shows"),
		    TOTP_DIGITS);
		return -1;
	}
	if (oath_ready(err) != 0)
		return -1;
	rc = oath_totp_validate3((const char *)secret, secret_len, (time_t)now,
	    TOTP_STEP_SECONDS, 0, TOTP_WINDOW, &pos, &counter, digits);
	if (rc < 0) {
		error_set(err, ERR_DENIED,
		    _("the one-time code is wrong or has expired; check the phone's clock and try the next code"));
		return -1;
	}
	if ((int64_t)counter <= last_step) {
		error_set(err, ERR_DENIED,
		    _("that one-time code was used already; wait for the next one"));
		return -1;
	}
	*step = (int64_t)counter;
	return 0;
}

static int
module_is_light(const QRcode *qr, int x, int y)
{
	if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
		return 1;
	return !(qr->data[y * qr->width + x] & 1);
}

static const char *
half_block(int top_light, int bottom_light)
{
	if (top_light && bottom_light)
		return "\u2588";
	if (top_light)
		return "\u2580";
	if (bottom_light)
		return "\u2584";
	return " ";
}

int
totp_qr_text(const char *text, char **drawing, struct error *err)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int side, lines;
	char *out, *p;

	if (qr == NULL) {
		error_set(err, ERR_INTERNAL, _("cannot draw the QR code"));
		return -1;
	}
	side = qr->width + 2 * QUIET_ZONE;
	lines = (side + 1) / 2;
	/* Three bytes a block, plus a newline a line, plus the end. */
	if ((out = malloc((size_t)lines * ((size_t)side * 3 + 1) + 1)) ==
	    NULL) {
		QRcode_free(qr);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	p = out;
	for (int y = -QUIET_ZONE; y < qr->width + QUIET_ZONE; y += 2) {
		int last = y + 1 >= qr->width + QUIET_ZONE;

		for (int x = -QUIET_ZONE; x < qr->width + QUIET_ZONE; x++) {
			const char *b = half_block(module_is_light(qr, x, y),
			    !last && module_is_light(qr, x, y + 1));

			strcpy(p, b);
			p += strlen(b);
		}
		*p++ = '\n';
	}
	*p = '\0';
	QRcode_free(qr);
	*drawing = out;
	return 0;
}
