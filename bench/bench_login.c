#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/settings.h"
#include "service/account.h"
#include "domain/keys.h"
#include "domain/password.h"
#include "service/session.h"
#include "gen.h"

/*
 * What a login costs with the program's own Argon2id parameters: the
 * password hash check plus the unwrap of the account key, each one
 * Argon2id derivation.  Prints figures; asserts nothing.
 */

#define ROUNDS 5

static int
fail(const char *what, const struct error *err)
{
	fprintf(stderr, "bench_login: %s: %s\n", what, err->text);
	return EXIT_FAILURE;
}

int
main(void)
{
	char dir[] = "/tmp/prescripcare-bench-XXXXXX";
	char path[256], list[4096], code[KEYS_RECOVERY_CODE_SIZE];
	char hash[PASSWORD_HASH_SIZE];
	struct account_request req = { "bench@example.org",
	    "bench lantern orbit", false, "Bench", NULL };
	struct login_request login = { "bench@example.org",
	    "bench lantern orbit", NULL, NULL, NULL };
	struct session_options opts;
	struct session *s;
	struct store *st;
	struct error err;
	double t, total = 0, best = 1e9;
	int64_t id;

	session_options_defaults(&opts);
	if (mkdtemp(dir) == NULL ||
	    settings_data_file("common-passwords.txt", list, sizeof list,
	    &err) != 0)
		return fail("setup", &err);
	opts.common_passwords = list;
	snprintf(path, sizeof path, "%s/bench.db", dir);
	if (store_open(&st, path, STORE_OPEN_CREATE, &err) != 0)
		return fail("store", &err);

	printf("Argon2id cost: opslimit %llu, memlimit %zu MiB\n",
	    opts.kdf.opslimit, opts.kdf.memlimit >> 20);
	t = gen_seconds();
	if (password_hash(req.password, opts.kdf, hash, &err) != 0)
		return fail("hash", &err);
	printf("one derivation (password hash):      %6.0f ms\n",
	    (gen_seconds() - t) * 1000);

	t = gen_seconds();
	if (account_create(st, &opts, NULL, &req, code, &id, &err) != 0)
		return fail("account", &err);
	printf("account creation (three derivations): %6.0f ms\n",
	    (gen_seconds() - t) * 1000);

	for (int i = 0; i < ROUNDS; i++) {
		t = gen_seconds();
		if (session_login(st, &opts, &login, &s, &err) != 0)
			return fail("login", &err);
		t = gen_seconds() - t;
		session_logout(s, LOGOUT_USER);
		total += t;
		if (t < best)
			best = t;
	}
	printf("login (hash check + key unwrap):      %6.0f ms mean, %.0f ms best of %d\n",
	    total / ROUNDS * 1000, best * 1000, ROUNDS);

	store_close(st);
	for (size_t i = 0; i < 3; i++) {
		static const char *const suffixes[] = { "", "-wal", "-shm" };
		char f[300];

		snprintf(f, sizeof f, "%s%s", path, suffixes[i]);
		unlink(f);
	}
	rmdir(dir);
	return EXIT_SUCCESS;
}
