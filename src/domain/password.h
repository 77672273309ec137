#ifndef PC_PASSWORD_H
#define PC_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"
#include "domain/keys.h"

/* Room for a crypto_pwhash_str string and its terminator. */
#define PASSWORD_HASH_SIZE 128
/* The longest password accepted, in bytes. */
#define PASSWORD_MAX_BYTES 1024
/* The fewest characters (not bytes) a password may have. */
#define PASSWORD_MIN_CHARS 10

/*
 * Checks a new password against the rules: at least PASSWORD_MIN_CHARS
 * characters, not the account's email nor its part before the @, and not
 * in the list of common passwords at common_list (one lowercase password
 * a line), compared without regard to case.
 */
int password_check(const char *password, const char *email,
    const char *common_list, struct error *err);

/* Hashes a password with Argon2id at the given cost (crypto_pwhash_str). */
int password_hash(const char *password, struct kdf_cost cost,
    char out[PASSWORD_HASH_SIZE], struct error *err);

/* True when password matches a hash from password_hash. */
int password_matches(const char *hash, const char *password);

/*
 * True when a hash was made at a lower cost than cost, in time or memory,
 * so that it should be made again at the next login.  A hash made at a
 * higher cost is never lowered.
 */
bool password_below_cost(const char *hash, struct kdf_cost cost);

#endif
