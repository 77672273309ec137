#ifndef PC_KEYS_H
#define PC_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "common/blob.h"
#include "common/error.h"

/*
 * The cryptography of accounts and health data, on bytes only (no store):
 *
 *   - each account has an X25519 key pair (crypto_box); its secret key is
 *     wrapped with XChaCha20-Poly1305 under a key derived by Argon2id from
 *     the password, and again under one derived from the recovery code;
 *   - each person looked after has a data key per key version, sealed
 *     (crypto_box_seal) to every account allowed to read the record;
 *   - each sensitive field is sealed with XChaCha20-Poly1305 under the data
 *     key, with where it belongs (table, column, person, row) bound as
 *     additional data, so a ciphertext moved elsewhere fails to open.
 *
 * Secret bytes live in memory from keys_secure_alloc: locked out of swap,
 * guarded, and wiped when freed.
 */

#define KEYS_PUBLIC_BYTES 32
#define KEYS_SECRET_BYTES 32
#define KEYS_DATA_KEY_BYTES 32
#define KEYS_SALT_BYTES 16
/* format, opslimit, memlimit, nonce, wrapped secret key, tag */
#define KEYS_WRAPPED_BYTES (1 + 4 + 4 + 24 + KEYS_SECRET_BYTES + 16)
/* ephemeral public key, sealed data key, tag */
#define KEYS_SEALED_DATA_KEY_BYTES (32 + KEYS_DATA_KEY_BYTES + 16)
/* 24 base32 characters in six groups of four, dashes, terminator */
#define KEYS_RECOVERY_CODE_SIZE 30

/* The cost of one Argon2id derivation. */
struct kdf_cost {
	unsigned long long opslimit;
	size_t memlimit;		/* bytes */
};

/* An account's key pair; the secret half is in locked memory. */
struct account_keypair {
	unsigned char public_key[KEYS_PUBLIC_BYTES];
	unsigned char *secret_key;	/* NULL when not unlocked */
};

/* Where a sealed field belongs; all of it is bound to the ciphertext. */
struct field_place {
	const char *table;
	const char *column;
	int64_t person_id;
	int64_t row_id;			/* 0 when bound to no single row */
};

/* The cost the program uses for passwords and recovery codes. */
struct kdf_cost keys_kdf_default(void);

/* The cheapest cost libsodium allows: for tests, never for real data. */
struct kdf_cost keys_kdf_cheapest(void);

/* Prepares libsodium; every other function calls it too. */
int keys_init(struct error *err);

/* Locked, guarded memory for secrets, or NULL when none is left. */
void *keys_secure_alloc(size_t len);

/* Wipes and frees memory from keys_secure_alloc; NULL is allowed. */
void keys_secure_free(void *p);

/* Fills buf with random bytes from the system's generator. */
void keys_random(void *buf, size_t len);

/* Makes a new account key pair. */
int keys_keypair_new(struct account_keypair *kp, struct error *err);

/* Wipes and frees the secret half of a key pair. */
void keys_keypair_wipe(struct account_keypair *kp);

/*
 * Wraps secret_key under a key derived from passphrase and salt at the
 * given cost, bound to public_key; the cost is recorded in the output.
 */
int keys_wrap_secret(const unsigned char *secret_key,
    const unsigned char *public_key, const char *passphrase,
    const unsigned char *salt, struct kdf_cost cost,
    unsigned char out[KEYS_WRAPPED_BYTES], struct error *err);

/* keys_wrap_secret of kp's secret key with a new salt, into a blob. */
int keys_wrap_secret_anew(const struct account_keypair *kp,
    const char *passphrase, struct kdf_cost cost, struct blob *wrapped,
    unsigned char salt[KEYS_SALT_BYTES], struct error *err);

/*
 * Unwraps a secret key into kp->secret_key (allocated here) and checks it
 * belongs to kp->public_key; a wrong passphrase fails with ERR_DENIED.
 */
int keys_unwrap_secret(const unsigned char *wrapped, size_t wrapped_len,
    const char *passphrase, const unsigned char *salt,
    struct account_keypair *kp, struct error *err);

/* A new random data key in locked memory, or NULL with err filled. */
unsigned char *keys_data_key_new(struct error *err);

/* Seals a data key so that only the holder of public_key can open it. */
int keys_seal_data_key(const unsigned char *data_key,
    const unsigned char *public_key,
    unsigned char out[KEYS_SEALED_DATA_KEY_BYTES], struct error *err);

/* Opens a sealed data key with an unlocked key pair into locked memory. */
unsigned char *keys_open_data_key(const unsigned char *sealed,
    size_t sealed_len, const struct account_keypair *kp, struct error *err);

/* Seals small secrets (a TOTP secret) to an account's own public key. */
int keys_seal_to_account(const void *plain, size_t len,
    const unsigned char *public_key, struct blob *out, struct error *err);

/* Opens what keys_seal_to_account sealed, into locked memory. */
unsigned char *keys_open_from_account(const struct blob *sealed,
    const struct account_keypair *kp, size_t *len, struct error *err);

/*
 * Seals len bytes of plain under data_key of key_version for the place;
 * the key version is written in clear at the front so the right key can
 * be found when the person's key has since been rotated.
 */
int keys_field_seal(const unsigned char *data_key, uint32_t key_version,
    const struct field_place *place, const void *plain, size_t len,
    struct blob *out, struct error *err);

/* Reads the key version a sealed field was written with. */
int keys_field_version(const struct blob *sealed, uint32_t *version,
    struct error *err);

/*
 * Opens a sealed field into a NUL-terminated malloc'd string; fails with
 * ERR_CRYPTO when the key or the place is not the one it was sealed for.
 */
int keys_field_open(const unsigned char *data_key,
    const struct field_place *place, const struct blob *sealed,
    char **plain, struct error *err);

/* Wipes a string that held health data or a secret, then frees it. */
void keys_free_text(char *text);

/* A new recovery code such as "ABCD-EFGH-IJKL-MNOP-QRST-UVWX". */
void keys_recovery_code_new(char out[KEYS_RECOVERY_CODE_SIZE]);

/*
 * Reduces a typed recovery code to its 24 characters, forgiving case,
 * dashes, spaces and the look-alikes 0/O, 1/I and 8/B.
 */
int keys_recovery_code_normalise(const char *typed,
    char out[KEYS_RECOVERY_CODE_SIZE], struct error *err);

#endif
