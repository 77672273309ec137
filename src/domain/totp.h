#ifndef PC_TOTP_H
#define PC_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/*
 * Time-based one-time codes as authenticator apps make them (RFC 6238:
 * HMAC-SHA-1, 6 digits, 30-second steps), computed by liboath, and the
 * enrolment a phone scans: an otpauth:// URI drawn as a QR code.
 */

#define TOTP_SECRET_BYTES 20
#define TOTP_DIGITS 6
#define TOTP_STEP_SECONDS 30
/* Steps either side of the current one that are still accepted. */
#define TOTP_WINDOW 1

/* A new random secret. */
void totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES]);

/*
 * The otpauth:// URI for an account: issuer and account name are
 * percent-encoded, the secret is base32 as the apps expect.
 */
int totp_uri(const char *issuer, const char *account,
    const unsigned char *secret, size_t secret_len, char **uri,
    struct error *err);

/* The code of the given number of digits at instant t, into out. */
int totp_code_at(const unsigned char *secret, size_t secret_len, int64_t t,
    unsigned digits, char *out, size_t size, struct error *err);

/*
 * Accepts code when it is the code of the step of now or of a step within
 * TOTP_WINDOW of it, and that step is later than last_step (0 if none):
 * a code already used is refused.  Sets *step to the step it matched.
 */
int totp_check(const unsigned char *secret, size_t secret_len,
    const char *code, int64_t now, int64_t last_step, int64_t *step,
    struct error *err);

/*
 * Draws text as a QR code in UTF-8 half blocks, two rows of modules to a
 * line of the terminal, with a quiet zone; the dark modules are left
 * blank, so it reads correctly on a terminal with a dark background.
 */
int totp_qr_text(const char *text, char **drawing, struct error *err);

#endif
