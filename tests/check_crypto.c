#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/settings.h"
#include "domain/keys.h"
#include "domain/password.h"
#include "domain/totp.h"

/* The secret of RFC 6238's SHA-1 test vectors. */
static const unsigned char rfc_secret[] = "12345678901234567890";
#define RFC_SECRET_LEN 20

static struct field_place
place(const char *table, const char *column, int64_t person, int64_t row)
{
	struct field_place p = { table, column, person, row };

	return p;
}

/* Keys ------------------------------------------------------------------ */

START_TEST(test_secret_key_wraps_and_unwraps_only_with_its_password)
{
	struct account_keypair kp = { { 0 }, NULL }, again = { { 0 }, NULL };
	unsigned char salt[KEYS_SALT_BYTES], wrapped[KEYS_WRAPPED_BYTES];
	struct error err;

	ck_assert_int_eq(keys_keypair_new(&kp, &err), 0);
	keys_random(salt, sizeof salt);
	ck_assert_int_eq(keys_wrap_secret(kp.secret_key, kp.public_key,
	    "a long enough passphrase", salt, keys_kdf_cheapest(), wrapped,
	    &err), 0);

	memcpy(again.public_key, kp.public_key, sizeof kp.public_key);
	ck_assert_int_eq(keys_unwrap_secret(wrapped, sizeof wrapped,
	    "a long enough passphrasf", salt, &again, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_ptr_null(again.secret_key);

	ck_assert_int_eq(keys_unwrap_secret(wrapped, sizeof wrapped,
	    "a long enough passphrase", salt, &again, &err), 0);
	ck_assert_mem_eq(again.secret_key, kp.secret_key, KEYS_SECRET_BYTES);

	/* Another account's public key does not fit this wrapping. */
	again.public_key[0] ^= 1;
	ck_assert_int_eq(keys_unwrap_secret(wrapped, sizeof wrapped,
	    "a long enough passphrase", salt, &again, &err), -1);
	keys_keypair_wipe(&again);
	keys_keypair_wipe(&kp);
	ck_assert_ptr_null(kp.secret_key);
}
END_TEST

START_TEST(test_wrapping_records_its_cost_and_refuses_absurd_ones)
{
	struct account_keypair kp = { { 0 }, NULL };
	unsigned char salt[KEYS_SALT_BYTES] = { 0 };
	unsigned char wrapped[KEYS_WRAPPED_BYTES];
	struct kdf_cost cost = keys_kdf_cheapest();
	struct error err;

	ck_assert_int_eq(keys_keypair_new(&kp, &err), 0);
	cost.opslimit = 2;
	ck_assert_int_eq(keys_wrap_secret(kp.secret_key, kp.public_key, "pw",
	    salt, cost, wrapped, &err), 0);
	ck_assert_int_eq(wrapped[0], 1);
	ck_assert_int_eq(wrapped[4], 2);
	/* A memory limit of 4 TiB in a tampered file is refused, not run. */
	wrapped[5] = 0xff;
	ck_assert_int_eq(keys_unwrap_secret(wrapped, sizeof wrapped, "pw",
	    salt, &kp, &err), -1);
	ck_assert_int_eq(err.kind, ERR_CRYPTO);
	ck_assert(strstr(err.text, "implausible") != NULL);
	keys_keypair_wipe(&kp);
}
END_TEST

START_TEST(test_data_key_opens_only_for_the_account_it_was_sealed_to)
{
	struct account_keypair a = { { 0 }, NULL }, b = { { 0 }, NULL };
	unsigned char sealed[KEYS_SEALED_DATA_KEY_BYTES];
	unsigned char *key, *opened;
	struct error err;

	ck_assert_int_eq(keys_keypair_new(&a, &err), 0);
	ck_assert_int_eq(keys_keypair_new(&b, &err), 0);
	key = keys_data_key_new(&err);
	ck_assert_ptr_nonnull(key);
	ck_assert_int_eq(keys_seal_data_key(key, a.public_key, sealed, &err),
	    0);

	opened = keys_open_data_key(sealed, sizeof sealed, &a, &err);
	ck_assert_ptr_nonnull(opened);
	ck_assert_mem_eq(opened, key, KEYS_DATA_KEY_BYTES);
	ck_assert_ptr_null(keys_open_data_key(sealed, sizeof sealed, &b,
	    &err));
	ck_assert_int_eq(err.kind, ERR_CRYPTO);

	keys_secure_free(opened);
	keys_secure_free(key);
	keys_keypair_wipe(&a);
	keys_keypair_wipe(&b);
}
END_TEST

START_TEST(test_sealed_field_opens_only_in_its_own_place)
{
	unsigned char *key = keys_data_key_new(NULL);
	unsigned char *other = keys_data_key_new(NULL);
	struct field_place home = place("user_allergies", "allergen_name", 7,
	    3);
	struct field_place elsewhere[] = {
		place("user_allergies", "allergen_name", 7, 4),
		place("user_allergies", "allergen_name", 8, 3),
		place("user_allergies", "reaction_symptoms", 7, 3),
		place("user_medical_conditions", "allergen_name", 7, 3),
	};
	struct blob sealed = { NULL, 0 };
	struct error err;
	uint32_t version;
	char *plain = NULL;

	ck_assert_int_eq(keys_field_seal(key, 5, &home, "Penicillin", 10,
	    &sealed, &err), 0);
	ck_assert(memmem(sealed.data, sealed.len, "Penicillin", 10) == NULL);
	ck_assert_int_eq(keys_field_version(&sealed, &version, &err), 0);
	ck_assert_uint_eq(version, 5);
	ck_assert_int_eq(keys_field_open(key, &home, &sealed, &plain, &err),
	    0);
	ck_assert_str_eq(plain, "Penicillin");
	keys_free_text(plain);

	for (size_t i = 0; i < sizeof elsewhere / sizeof *elsewhere; i++) {
		ck_assert_int_eq(keys_field_open(key, &elsewhere[i], &sealed,
		    &plain, &err), -1);
		ck_assert_int_eq(err.kind, ERR_CRYPTO);
	}
	ck_assert_int_eq(keys_field_open(other, &home, &sealed, &plain, &err),
	    -1);

	/* The key version is bound too: relabelling it breaks the seal. */
	sealed.data[4] = 6;
	ck_assert_int_eq(keys_field_open(key, &home, &sealed, &plain, &err),
	    -1);
	sealed.data[4] = 5;
	sealed.data[sealed.len - 1] ^= 0x40;
	ck_assert_int_eq(keys_field_open(key, &home, &sealed, &plain, &err),
	    -1);

	blob_free(&sealed);
	keys_secure_free(key);
	keys_secure_free(other);
}
END_TEST

START_TEST(test_two_seals_of_one_value_differ)
{
	unsigned char *key = keys_data_key_new(NULL);
	struct field_place p = place("user_profiles", "first_name", 1, 1);
	struct blob a = { NULL, 0 }, b = { NULL, 0 };

	ck_assert_int_eq(keys_field_seal(key, 1, &p, "Ada", 3, &a, NULL), 0);
	ck_assert_int_eq(keys_field_seal(key, 1, &p, "Ada", 3, &b, NULL), 0);
	ck_assert_uint_eq(a.len, b.len);
	ck_assert(memcmp(a.data, b.data, a.len) != 0);
	blob_free(&a);
	blob_free(&b);
	keys_secure_free(key);
}
END_TEST

START_TEST(test_recovery_codes_are_grouped_and_forgiving)
{
	char code[KEYS_RECOVERY_CODE_SIZE], again[KEYS_RECOVERY_CODE_SIZE];
	char typed[64];
	struct error err;

	keys_recovery_code_new(code);
	ck_assert_uint_eq(strlen(code), 29);
	for (int i = 0; i < 29; i++)
		ck_assert(i % 5 == 4 ? code[i] == '-' :
		    strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", code[i]) != NULL);

	/* Lower case, spaces for dashes: still the same code. */
	for (int i = 0; code[i]; i++)
		typed[i] = code[i] == '-' ? ' ' : (char)(code[i] | 0x20);
	typed[29] = '\0';
	ck_assert_int_eq(keys_recovery_code_normalise(typed, again, &err), 0);
	ck_assert_str_eq(again, code);

	ck_assert_int_eq(keys_recovery_code_normalise(
	    "abcd-efgh-ijkl-mnop-qrst-uvw0", again, &err), 0);
	ck_assert_str_eq(again, "ABCD-EFGH-IJKL-MNOP-QRST-UVWO");
	ck_assert_int_eq(keys_recovery_code_normalise("ABCD-EFGH", again,
	    &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_int_eq(keys_recovery_code_normalise(
	    "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-Y", again, &err), -1);
	ck_assert_int_eq(keys_recovery_code_normalise(
	    "ABCD-EFGH-IJKL-MNOP-QRST-UVW!", again, &err), -1);
}
END_TEST

/* Passwords ------------------------------------------------------------- */

static char list_path[4096];

static void
find_list(void)
{
	struct error err;

	ck_assert_int_eq(settings_data_file("common-passwords.txt", list_path,
	    sizeof list_path, &err), 0);
}

START_TEST(test_password_rules)
{
	struct error err;

	find_list();
	ck_assert_int_eq(password_check("short", "ada@example.org", list_path,
	    &err), -1);
	ck_assert(strstr(err.text, "at least 10 characters") != NULL);
	/* Ten characters, not ten bytes: "é" is one character. */
	ck_assert_int_eq(password_check("\xc3\xa9t\xc3\xa9 bleu!", "a@b.c",
	    list_path, &err), -1);
	ck_assert_int_eq(password_check("Ada@Example.org", "ada@example.org",
	    list_path, &err), -1);
	ck_assert(strstr(err.text, "email") != NULL);
	ck_assert_int_eq(password_check("ada.lovelace", "ada.lovelace@x.org",
	    list_path, &err), -1);
	ck_assert_int_eq(password_check("Password123", "ada@example.org",
	    list_path, &err), -1);
	ck_assert(strstr(err.text, "most common") != NULL);
	ck_assert_int_eq(password_check("QWERTYUIOP", "ada@example.org",
	    list_path, &err), -1);
	ck_assert_int_eq(password_check("lantern orbit pebble", "ada@x.org",
	    list_path, &err), 0);
	ck_assert_int_eq(password_check("\xc3\xa9t\xc3\xa9 bleu!!", "a@b.c",
	    list_path, &err), 0);
}
END_TEST

START_TEST(test_missing_password_list_is_an_error_not_a_pass)
{
	struct error err;

	ck_assert_int_eq(password_check("lantern orbit pebble", "a@b.c",
	    "/nonexistent/common-passwords.txt", &err), -1);
	ck_assert_int_eq(err.kind, ERR_IO);
}
END_TEST

START_TEST(test_password_hash_is_argon2id_and_verifies)
{
	char hash[PASSWORD_HASH_SIZE];
	struct error err;

	ck_assert_int_eq(password_hash("lantern orbit pebble",
	    keys_kdf_cheapest(), hash, &err), 0);
	ck_assert(strncmp(hash, "$argon2id$", 10) == 0);
	ck_assert(password_matches(hash, "lantern orbit pebble"));
	ck_assert(!password_matches(hash, "lantern orbit pebbles"));
	ck_assert(!password_matches("garbage", "lantern orbit pebble"));
}
END_TEST

/* One-time codes -------------------------------------------------------- */

START_TEST(test_totp_rfc6238_vectors)
{
	char code[16];
	struct error err;

	ck_assert_int_eq(totp_code_at(rfc_secret, RFC_SECRET_LEN, 59, 8, code,
	    sizeof code, &err), 0);
	ck_assert_str_eq(code, "94287082");
	ck_assert_int_eq(totp_code_at(rfc_secret, RFC_SECRET_LEN, 1111111109,
	    8, code, sizeof code, &err), 0);
	ck_assert_str_eq(code, "07081804");
	ck_assert_int_eq(totp_code_at(rfc_secret, RFC_SECRET_LEN, 59, 6, code,
	    sizeof code, &err), 0);
	ck_assert_str_eq(code, "287082");
}
END_TEST

START_TEST(test_totp_check_accepts_the_right_code_once)
{
	struct error err;
	int64_t step = 0;

	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "287082", 59,
	    0, &step, &err), 0);
	ck_assert_int_eq(step, 1);
	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "287 082", 59,
	    0, &step, &err), 0);
	/* Used once: refused the second time. */
	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "287082", 59,
	    1, &step, &err), -1);
	ck_assert(strstr(err.text, "used already") != NULL);
	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "287083", 59,
	    0, &step, &err), -1);
	ck_assert_int_eq(err.kind, ERR_DENIED);
	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "94287082", 59,
	    0, &step, &err), -1);
	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "28708x", 59,
	    0, &step, &err), -1);
}
END_TEST

START_TEST(test_totp_window_is_one_step_either_side)
{
	struct error err;
	int64_t step;

	/* The code of step 1 (30..59 s) is still good a step later... */
	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "287082", 89,
	    0, &step, &err), 0);
	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "287082", 0,
	    0, &step, &err), 0);
	/* ...but not two steps later. */
	ck_assert_int_eq(totp_check(rfc_secret, RFC_SECRET_LEN, "287082", 90,
	    0, &step, &err), -1);
}
END_TEST

START_TEST(test_totp_uri_and_qr_drawing)
{
	char *uri = NULL, *qr = NULL, *line;
	struct error err;
	size_t width = 0;
	int lines = 0;

	ck_assert_int_eq(totp_uri("PrescripCare", "ada+care@example.org",
	    rfc_secret, RFC_SECRET_LEN, &uri, &err), 0);
	ck_assert_str_eq(uri, "otpauth://totp/PrescripCare:ada%2Bcare%40"
	    "example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	    "&issuer=PrescripCare&algorithm=SHA1&digits=6&period=30");

	ck_assert_int_eq(totp_qr_text(uri, &qr, &err), 0);
	for (line = strtok(qr, "\n"); line; line = strtok(NULL, "\n")) {
		size_t cols = 0;

		/* Every glyph is one column: count the lead bytes. */
		for (const char *p = line; *p; p++)
			cols += ((unsigned char)*p & 0xc0) != 0x80;
		if (width == 0)
			width = cols;
		ck_assert_uint_eq(cols, width);
		lines++;
	}
	/* A square of width modules drawn two rows to a line. */
	ck_assert_int_eq(lines, (int)(width + 1) / 2);
	ck_assert_uint_ge(width, 21 + 8);
	free(qr);
	free(uri);
}
END_TEST

static Suite *
crypto_suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *keys = tcase_create("keys");
	TCase *pw = tcase_create("passwords");
	TCase *totp = tcase_create("totp");

	tcase_add_test(keys,
	    test_secret_key_wraps_and_unwraps_only_with_its_password);
	tcase_add_test(keys,
	    test_wrapping_records_its_cost_and_refuses_absurd_ones);
	tcase_add_test(keys,
	    test_data_key_opens_only_for_the_account_it_was_sealed_to);
	tcase_add_test(keys, test_sealed_field_opens_only_in_its_own_place);
	tcase_add_test(keys, test_two_seals_of_one_value_differ);
	tcase_add_test(keys, test_recovery_codes_are_grouped_and_forgiving);
	suite_add_tcase(s, keys);

	tcase_add_test(pw, test_password_rules);
	tcase_add_test(pw, test_missing_password_list_is_an_error_not_a_pass);
	tcase_add_test(pw, test_password_hash_is_argon2id_and_verifies);
	suite_add_tcase(s, pw);

	tcase_add_test(totp, test_totp_rfc6238_vectors);
	tcase_add_test(totp, test_totp_check_accepts_the_right_code_once);
	tcase_add_test(totp, test_totp_window_is_one_step_either_side);
	tcase_add_test(totp, test_totp_uri_and_qr_drawing);
	suite_add_tcase(s, totp);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(crypto_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
