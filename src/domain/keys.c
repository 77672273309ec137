#include "config.h"

#include "domain/keys.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"

#define FORMAT_V1 1
#define WRAP_HEADER_BYTES 9
#define FIELD_HEADER_BYTES 5
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

/*
 * A wrapped key read from a damaged or hostile file could ask for any
 * cost; beyond these the unwrap is refused rather than run for minutes.
 */
#define KDF_MAX_OPSLIMIT 32
#define KDF_MAX_MEMLIMIT ((size_t)1 << 30)

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/*
 * Three passes over 64 MiB (libsodium's interactive memory, one pass
 * more): about an eighth of a second per derivation on a small two-core
 * machine, and a login makes two (the password hash and the key unwrap).
 * bench/bench_login prints the figures.
 */
struct kdf_cost
keys_kdf_default(void)
{
	struct kdf_cost c = { 3, (size_t)64 << 20 };

	return c;
}

struct kdf_cost
keys_kdf_cheapest(void)
{
	struct kdf_cost c = { crypto_pwhash_OPSLIMIT_MIN,
	    crypto_pwhash_MEMLIMIT_MIN };

	return c;
}

int
keys_init(struct error *err)
{
	if (sodium_init() < 0) {
		error_set(err, ERR_CRYPTO, _("the cryptography library failed to start"));
		return -1;
	}
	return 0;
}

void *
keys_secure_alloc(size_t len)
{
	if (sodium_init() < 0)
		return NULL;
	return sodium_malloc(len);
}

void
keys_secure_free(void *p)
{
	if (p != NULL)
		sodium_free(p);
}

void
keys_random(void *buf, size_t len)
{
	if (sodium_init() < 0)
		abort();
	randombytes_buf(buf, len);
}

static void
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
put_u64(unsigned char *p, uint64_t v)
{
	put_u32(p, (uint32_t)(v >> 32));
	put_u32(p + 4, (uint32_t)v);
}

static int
out_of_memory(struct error *err)
{
	error_set(err, ERR_INTERNAL, _("out of memory for keys"));
	return -1;
}

int
keys_keypair_new(struct account_keypair *kp, struct error *err)
{
	if (keys_init(err) != 0)
		return -1;
	kp->secret_key = sodium_malloc(KEYS_SECRET_BYTES);
	if (kp->secret_key == NULL)
		return out_of_memory(err);
	crypto_box_keypair(kp->public_key, kp->secret_key);
	return 0;
}

void
keys_keypair_wipe(struct account_keypair *kp)
{
	keys_secure_free(kp->secret_key);
	kp->secret_key = NULL;
}

static int
derive(unsigned char *key, const char *passphrase, const unsigned char *salt,
    struct kdf_cost cost, struct error *err)
{
	if (crypto_pwhash(key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
	    passphrase, strlen(passphrase), salt, cost.opslimit, cost.memlimit,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		error_set(err, ERR_CRYPTO,
		    _("not enough memory to derive a key from the password"));
		return -1;
	}
	return 0;
}

/* The wrap's header followed by what it is for and whose key it is. */
static size_t
wrap_context(unsigned char *ad, const unsigned char *header,
    const unsigned char *public_key)
{
	static const char label[] = "prescripcare account secret key";

	memcpy(ad, header, WRAP_HEADER_BYTES);
	memcpy(ad + WRAP_HEADER_BYTES, label, sizeof label);
	memcpy(ad + WRAP_HEADER_BYTES + sizeof label, public_key,
	    KEYS_PUBLIC_BYTES);
	return WRAP_HEADER_BYTES + sizeof label + KEYS_PUBLIC_BYTES;
}

int
keys_wrap_secret(const unsigned char *secret_key,
    const unsigned char *public_key, const char *passphrase,
    const unsigned char *salt, struct kdf_cost cost,
    unsigned char out[KEYS_WRAPPED_BYTES], struct error *err)
{
	unsigned char ad[128];
	unsigned char *key;
	size_t ad_len;
	int rc;

	if (keys_init(err) != 0)
		return -1;
	if ((key = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES))
	    == NULL)
		return out_of_memory(err);
	out[0] = FORMAT_V1;
	put_u32(out + 1, (uint32_t)cost.opslimit);
	put_u32(out + 5, (uint32_t)(cost.memlimit >> 10));
	randombytes_buf(out + WRAP_HEADER_BYTES, NONCE_BYTES);
	ad_len = wrap_context(ad, out, public_key);

	rc = derive(key, passphrase, salt, cost, err);
	if (rc == 0)
		crypto_aead_xchacha20poly1305_ietf_encrypt(
		    out + WRAP_HEADER_BYTES + NONCE_BYTES, NULL, secret_key,
		    KEYS_SECRET_BYTES, ad, ad_len, NULL,
		    out + WRAP_HEADER_BYTES, key);
	sodium_free(key);
	return rc;
}

static int
read_wrap_cost(const unsigned char *wrapped, size_t len,
    struct kdf_cost *cost, struct error *err)
{
	if (len != KEYS_WRAPPED_BYTES || wrapped[0] != FORMAT_V1) {
		error_set(err, ERR_CRYPTO,
		    _("the account's wrapped key is damaged or of an unknown format"));
		return -1;
	}
	cost->opslimit = get_u32(wrapped + 1);
	cost->memlimit = (size_t)get_u32(wrapped + 5) << 10;
	if (cost->opslimit < crypto_pwhash_OPSLIMIT_MIN ||
	    cost->opslimit > KDF_MAX_OPSLIMIT ||
	    cost->memlimit < crypto_pwhash_MEMLIMIT_MIN ||
	    cost->memlimit > KDF_MAX_MEMLIMIT) {
		error_set(err, ERR_CRYPTO,
		    _("the account's wrapped key asks for an implausible key derivation cost"));
		return -1;
	}
	return 0;
}

int
keys_wrap_secret_anew(const struct account_keypair *kp,
    const char *passphrase, struct kdf_cost cost, struct blob *wrapped,
    unsigned char salt[KEYS_SALT_BYTES], struct error *err)
{
	unsigned char out[KEYS_WRAPPED_BYTES];

	keys_random(salt, KEYS_SALT_BYTES);
	if (keys_wrap_secret(kp->secret_key, kp->public_key, passphrase, salt,
	    cost, out, err) != 0)
		return -1;
	if (blob_set(wrapped, out, sizeof out) != 0) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	return 0;
}

int
keys_unwrap_secret(const unsigned char *wrapped, size_t wrapped_len,
    const char *passphrase, const unsigned char *salt,
    struct account_keypair *kp, struct error *err)
{
	unsigned char ad[128], check[KEYS_PUBLIC_BYTES];
	unsigned char *key, *secret;
	struct kdf_cost cost;
	size_t ad_len;

	if (keys_init(err) != 0 ||
	    read_wrap_cost(wrapped, wrapped_len, &cost, err) != 0)
		return -1;
	key = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
	secret = sodium_malloc(KEYS_SECRET_BYTES);
	if (key == NULL || secret == NULL) {
		keys_secure_free(key);
		keys_secure_free(secret);
		return out_of_memory(err);
	}
	ad_len = wrap_context(ad, wrapped, kp->public_key);
	if (derive(key, passphrase, salt, cost, err) != 0)
		goto fail;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(secret, NULL, NULL,
	    wrapped + WRAP_HEADER_BYTES + NONCE_BYTES,
	    KEYS_SECRET_BYTES + TAG_BYTES, ad, ad_len,
	    wrapped + WRAP_HEADER_BYTES, key) != 0) {
		error_set(err, ERR_DENIED, _("the password does not open this account's key"));
		goto fail;
	}
	crypto_scalarmult_base(check, secret);
	if (sodium_memcmp(check, kp->public_key, KEYS_PUBLIC_BYTES) != 0) {
		error_set(err, ERR_CRYPTO, _("the account's key pair does not match"));
		goto fail;
	}
	sodium_free(key);
	keys_secure_free(kp->secret_key);
	kp->secret_key = secret;
	return 0;
fail:
	sodium_free(key);
	sodium_free(secret);
	return -1;
}

unsigned char *
keys_data_key_new(struct error *err)
{
	unsigned char *key;

	if (keys_init(err) != 0)
		return NULL;
	key = sodium_malloc(KEYS_DATA_KEY_BYTES);
	if (key == NULL) {
		out_of_memory(err);
		return NULL;
	}
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	return key;
}

int
keys_seal_data_key(const unsigned char *data_key,
    const unsigned char *public_key,
    unsigned char out[KEYS_SEALED_DATA_KEY_BYTES], struct error *err)
{
	if (keys_init(err) != 0)
		return -1;
	if (crypto_box_seal(out, data_key, KEYS_DATA_KEY_BYTES,
	    public_key) != 0) {
		error_set(err, ERR_CRYPTO, _("cannot seal a data key to an account"));
		return -1;
	}
	return 0;
}

unsigned char *
keys_open_data_key(const unsigned char *sealed, size_t sealed_len,
    const struct account_keypair *kp, struct error *err)
{
	unsigned char *key;

	if (keys_init(err) != 0)
		return NULL;
	if (kp->secret_key == NULL) {
		error_set(err, ERR_DENIED, _("the session is locked; type the password again"));
		return NULL;
	}
	if (sealed_len != KEYS_SEALED_DATA_KEY_BYTES) {
		error_set(err, ERR_CRYPTO, _("a sealed data key is damaged"));
		return NULL;
	}
	if ((key = sodium_malloc(KEYS_DATA_KEY_BYTES)) == NULL) {
		out_of_memory(err);
		return NULL;
	}
	if (crypto_box_seal_open(key, sealed, sealed_len, kp->public_key,
	    kp->secret_key) != 0) {
		sodium_free(key);
		error_set(err, ERR_CRYPTO, _("a data key sealed to this account does not open"));
		return NULL;
	}
	return key;
}

int
keys_seal_to_account(const void *plain, size_t len,
    const unsigned char *public_key, struct blob *out, struct error *err)
{
	unsigned char *buf;

	if (keys_init(err) != 0)
		return -1;
	if ((buf = malloc(len + crypto_box_SEALBYTES)) == NULL)
		return out_of_memory(err);
	if (crypto_box_seal(buf, plain, len, public_key) != 0) {
		free(buf);
		error_set(err, ERR_CRYPTO, _("cannot seal a secret to the account"));
		return -1;
	}
	blob_free(out);
	out->data = buf;
	out->len = len + crypto_box_SEALBYTES;
	return 0;
}

unsigned char *
keys_open_from_account(const struct blob *sealed,
    const struct account_keypair *kp, size_t *len, struct error *err)
{
	unsigned char *plain;

	if (keys_init(err) != 0)
		return NULL;
	if (kp->secret_key == NULL || sealed->len <= crypto_box_SEALBYTES) {
		error_set(err, ERR_CRYPTO, _("an account secret is damaged or the session is locked"));
		return NULL;
	}
	*len = sealed->len - crypto_box_SEALBYTES;
	if ((plain = sodium_malloc(*len)) == NULL) {
		out_of_memory(err);
		return NULL;
	}
	if (crypto_box_seal_open(plain, sealed->data, sealed->len,
	    kp->public_key, kp->secret_key) != 0) {
		sodium_free(plain);
		error_set(err, ERR_CRYPTO, _("an account secret does not open with this account's key"));
		return NULL;
	}
	return plain;
}

/*
 * The additional data of a field: its header (format and key version),
 * then the place it belongs to.  Table and column names are short
 * identifiers of the schema; anything longer is refused.
 */
static int
field_context(unsigned char *ad, size_t size, size_t *ad_len,
    const unsigned char *header, const struct field_place *place,
    struct error *err)
{
	static const char label[] = "prescripcare field";
	size_t t = strlen(place->table), c = strlen(place->column);
	size_t need = FIELD_HEADER_BYTES + sizeof label + t + 1 + c + 1 + 16;
	unsigned char *p = ad;

	if (need > size || t == 0 || c == 0) {
		error_set(err, ERR_INTERNAL, _("a sealed field names no valid table and column"));
		return -1;
	}
	memcpy(p, header, FIELD_HEADER_BYTES);
	p += FIELD_HEADER_BYTES;
	memcpy(p, label, sizeof label);
	p += sizeof label;
	memcpy(p, place->table, t + 1);
	p += t + 1;
	memcpy(p, place->column, c + 1);
	p += c + 1;
	put_u64(p, (uint64_t)place->person_id);
	put_u64(p + 8, (uint64_t)place->row_id);
	*ad_len = need;
	return 0;
}

int
keys_field_seal(const unsigned char *data_key, uint32_t key_version,
    const struct field_place *place, const void *plain, size_t len,
    struct blob *out, struct error *err)
{
	unsigned char ad[256];
	unsigned char *buf;
	size_t ad_len, total = FIELD_HEADER_BYTES + NONCE_BYTES + len +
	    TAG_BYTES;

	if (keys_init(err) != 0)
		return -1;
	if ((buf = malloc(total)) == NULL)
		return out_of_memory(err);
	buf[0] = FORMAT_V1;
	put_u32(buf + 1, key_version);
	if (field_context(ad, sizeof ad, &ad_len, buf, place, err) != 0) {
		free(buf);
		return -1;
	}
	randombytes_buf(buf + FIELD_HEADER_BYTES, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    buf + FIELD_HEADER_BYTES + NONCE_BYTES, NULL, plain, len, ad,
	    ad_len, NULL, buf + FIELD_HEADER_BYTES, data_key);
	blob_free(out);
	out->data = buf;
	out->len = total;
	return 0;
}

int
keys_field_version(const struct blob *sealed, uint32_t *version,
    struct error *err)
{
	if (sealed->len < FIELD_HEADER_BYTES + NONCE_BYTES + TAG_BYTES ||
	    sealed->data[0] != FORMAT_V1) {
		error_set(err, ERR_CRYPTO,
		    _("a sealed field is damaged or of an unknown format"));
		return -1;
	}
	*version = get_u32(sealed->data + 1);
	return 0;
}

int
keys_field_open(const unsigned char *data_key,
    const struct field_place *place, const struct blob *sealed,
    char **plain, struct error *err)
{
	unsigned char ad[256];
	size_t ad_len, len;
	uint32_t version;
	char *buf;

	if (keys_init(err) != 0 ||
	    keys_field_version(sealed, &version, err) != 0 ||
	    field_context(ad, sizeof ad, &ad_len, sealed->data, place,
	    err) != 0)
		return -1;
	len = sealed->len - FIELD_HEADER_BYTES - NONCE_BYTES - TAG_BYTES;
	if ((buf = malloc(len + 1)) == NULL)
		return out_of_memory(err);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)buf,
	    NULL, NULL, sealed->data + FIELD_HEADER_BYTES + NONCE_BYTES,
	    len + TAG_BYTES, ad, ad_len, sealed->data + FIELD_HEADER_BYTES,
	    data_key) != 0) {
		free(buf);
		error_set(err, ERR_CRYPTO,
		    _("a sealed %s.%s does not open: it was moved from another record or altered"),
		    place->table, place->column);
		return -1;
	}
	buf[len] = '\0';
	*plain = buf;
	return 0;
}

void
keys_free_text(char *text)
{
	if (text == NULL)
		return;
	sodium_memzero(text, strlen(text));
	free(text);
}

void
keys_recovery_code_new(char out[KEYS_RECOVERY_CODE_SIZE])
{
	unsigned char raw[15];
	int o = 0;

	keys_random(raw, sizeof raw);
	/* 15 bytes are 120 bits: five bytes make eight characters. */
	for (int i = 0; i < 15; i += 5) {
		uint64_t v = 0;

		for (int j = 0; j < 5; j++)
			v = v << 8 | raw[i + j];
		for (int j = 7; j >= 0; j--) {
			out[o++] = base32_alphabet[(v >> (5 * j)) & 31];
			if (o % 5 == 4 && o < KEYS_RECOVERY_CODE_SIZE - 1)
				out[o++] = '-';
		}
	}
	out[KEYS_RECOVERY_CODE_SIZE - 1] = '\0';
	sodium_memzero(raw, sizeof raw);
}

static char
recovery_char(char c)
{
	c = (char)toupper((unsigned char)c);
	if (c == '0')
		return 'O';
	if (c == '1')
		return 'I';
	if (c == '8')
		return 'B';
	return strchr(base32_alphabet, c) != NULL ? c : '\0';
}

int
keys_recovery_code_normalise(const char *typed,
    char out[KEYS_RECOVERY_CODE_SIZE], struct error *err)
{
	int chars = 0, o = 0;

	for (const char *p = typed; *p != '\0'; p++) {
		char c;

		if (*p == '-' || *p == ' ')
			continue;
		c = recovery_char(*p);
		if (c == '\0' || chars == 24) {
			chars = -1;
			break;
		}
		if (chars > 0 && chars % 4 == 0)
			out[o++] = '-';
		out[o++] = c;
		chars++;
	}
	if (chars != 24) {
		sodium_memzero(out, KEYS_RECOVERY_CODE_SIZE);
		error_set(err, ERR_INVALID,
		    _("a recovery code is 24 letters and digits, such as ABCD-EFGH-IJKL-MNOP-QRST-UVWX"));
		return -1;
	}
	out[o] = '\0';
	return 0;
}
