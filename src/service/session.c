#include "config.h"

#include "service/session.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "service/access.h"
#include "service/health.h"
#include "domain/password.h"
#include "service/session_internal.h"
#include "domain/totp.h"
#include "service/vault.h"
#include "store/audit.h"
#include "store/people.h"

/* Activity is written to the session row at most this often. */
#define TOUCH_STORE_SECONDS 60

static const char *const logout_reasons[] = {
	[LOGOUT_USER] = "user_logout",
	[LOGOUT_TIMEOUT] = "timeout",
	[LOGOUT_ADMIN] = "admin_logout",
	[LOGOUT_SECURITY] = "security_logout",
};

void
session_options_defaults(struct session_options *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->idle_lock_minutes = 15;
	opts->kdf = keys_kdf_default();
}

const char *
session_origin_from_environment(char *buf, size_t size)
{
	const char *ssh = getenv("SSH_CLIENT");
	unsigned char addr[sizeof(struct in6_addr)];
	size_t len;

	if (ssh == NULL || size == 0)
		return NULL;
	len = strcspn(ssh, " ");
	if (len == 0 || len >= size)
		return NULL;
	memcpy(buf, ssh, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, addr) != 1 &&
	    inet_pton(AF_INET6, buf, addr) != 1)
		return NULL;
	return buf;
}

void
session_format_local(int64_t when, char *buf, size_t size)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d %H:%M %Z", &tm) == 0)
		snprintf(buf, size, "%lld", (long long)when);
}

int
session_in_transaction(struct store *st,
    int (*fn)(void *ctx, struct error *err), void *ctx, struct error *err)
{
	/* Within a caller's transaction, the caller commits or rolls back. */
	if (store_in_transaction(st))
		return fn(ctx, err);
	if (store_begin(st, err) != 0)
		return -1;
	if (fn(ctx, err) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

/* Audit -------------------------------------------------------------- */

static int
append_audit(struct store *st, int64_t user_id, const char *session_id,
    int64_t now, const char *origin, const struct audit_note *note,
    struct error *err)
{
	struct store_audit_entry e;

	memset(&e, 0, sizeof e);
	e.user_id = user_id;
	e.session_id = session_id;
	e.person_id = note->person_id;
	e.action = note->action;
	e.table = note->table;
	e.record_id = note->record_id;
	e.new_values = note->new_values;
	e.description = note->description;
	e.performed_at = now;
	e.ip_address = origin != NULL && origin[0] != '\0' ? origin : NULL;
	if (strcmp(note->action, "lockout") == 0 ||
	    strcmp(note->action, "revoke") == 0)
		e.risk_level = "medium";
	return store_audit_append(st, &e, err);
}

int
session_audit(struct session *s, const struct audit_note *note,
    struct error *err)
{
	return append_audit(s->st, s->user_id, s->token, clock_now(s->clock),
	    s->origin, note, err);
}

int
session_audit_anonymous(struct store *st, const struct session_options *opts,
    int64_t user_id, const struct audit_note *note, struct error *err)
{
	return append_audit(st, user_id, NULL, clock_now(opts->clock),
	    opts->origin, note, err);
}

/* Failures and locks -------------------------------------------------- */

struct failure {
	struct store *st;
	const struct session_options *opts;
	const struct store_account *account;
	const char *what;
	int64_t locked_until;
};

static int
record_failure(void *ctx, struct error *err)
{
	struct failure *f = ctx;
	struct audit_note note = { "login_failed", "users",
	    f->account->user_id, 0, NULL, f->what };
	int64_t attempts;

	if (store_account_login_failed(f->st, f->account->user_id, &attempts,
	    err) != 0 ||
	    session_audit_anonymous(f->st, f->opts, f->account->user_id,
	    &note, err) != 0)
		return -1;
	if (attempts < SESSION_MAX_FAILURES)
		return 0;
	f->locked_until = clock_now(f->opts->clock) + SESSION_LOCKOUT_SECONDS;
	note.action = "lockout";
	note.description = "locked after repeated failed logins";
	if (store_account_lock(f->st, f->account->user_id, f->locked_until,
	    err) != 0)
		return -1;
	return session_audit_anonymous(f->st, f->opts, f->account->user_id,
	    &note, err);
}

static void
locked_message(int64_t until, struct error *err)
{
	char when[64];

	session_format_local(until, when, sizeof when);
	error_set(err, ERR_LOCKED,
	    _("this account is locked after %d failed logins in a row, until %s; try again then, or ask the administrator to unlock it"),
	    SESSION_MAX_FAILURES, when);
}

int
session_count_failure(struct store *st, const struct session_options *opts,
    const struct store_account *a, const char *what, struct error *err)
{
	struct failure f = { st, opts, a, what, 0 };
	struct error refusal = *err;

	if (session_in_transaction(st, record_failure, &f, err) != 0)
		return -1;
	if (f.locked_until != 0)
		locked_message(f.locked_until, err);
	else
		*err = refusal;
	return -1;
}

int
session_check_lock(struct store *st, const struct session_options *opts,
    const struct store_account *a, struct error *err)
{
	struct audit_note note = { "login_failed", "users", a->user_id, 0,
	    NULL, "refused: account locked" };

	if (a->locked_until == 0 || a->locked_until <= clock_now(opts->clock))
		return 0;
	/* The refusal itself is worth a row: someone is still trying. */
	if (session_audit_anonymous(st, opts, a->user_id, &note, err) != 0)
		return -1;
	locked_message(a->locked_until, err);
	return -1;
}

/* Login ----------------------------------------------------------------- */

static int
wrong_credentials(struct error *err)
{
	error_set(err, ERR_DENIED, _("wrong email or password"));
	return -1;
}

static int
refuse_unknown(struct store *st, const struct session_options *opts,
    const char *password, struct error *err)
{
	/* The typed email is not kept: it may be a mistyped password. */
	struct audit_note note = { "login_failed", "users", 0, 0, NULL,
	    "unknown account" };
	char hash[PASSWORD_HASH_SIZE];

	/*
	 * As slow as checking a real account's password, so the time taken
	 * does not tell which emails have accounts.
	 */
	if (password_hash(password, opts->kdf, hash, err) != 0 ||
	    session_audit_anonymous(st, opts, 0, &note, err) != 0)
		return -1;
	return wrong_credentials(err);
}

static int
refuse_status(struct store *st, const struct session_options *opts,
    const struct store_account *a, struct error *err)
{
	struct audit_note note = { "login_failed", "users", a->user_id, 0,
	    NULL, a->status == ACCOUNT_SUSPENDED ?
	    "refused: account suspended" : "refused: account deactivated" };

	if (session_audit_anonymous(st, opts, a->user_id, &note, err) != 0)
		return -1;
	if (a->status == ACCOUNT_SUSPENDED)
		error_set(err, ERR_DENIED,
		    _("the account %s is suspended; ask the administrator to reactivate it"),
		    a->email);
	else
		error_set(err, ERR_DENIED,
		    _("the account %s is deactivated and can no longer log in"),
		    a->email);
	return -1;
}

static struct session *
session_new(struct store *st, const struct session_options *opts,
    const struct store_account *a)
{
	struct session *s = calloc(1, sizeof *s);
	unsigned char raw[32];

	if (s == NULL)
		return NULL;
	s->st = st;
	s->clock = opts->clock;
	s->idle_lock_minutes = opts->idle_lock_minutes > 0 ?
	    opts->idle_lock_minutes : 15;
	s->kdf = opts->kdf;
	if (opts->common_passwords != NULL)
		str_copy(s->common_passwords, sizeof s->common_passwords,
		    opts->common_passwords);
	if (opts->origin != NULL)
		str_copy(s->origin, sizeof s->origin, opts->origin);
	s->user_id = a->user_id;
	s->self_person = a->person_id;
	str_copy(s->email, sizeof s->email, a->email);
	s->is_admin = a->is_admin;
	memcpy(s->keys.public_key, a->public_key, sizeof a->public_key);
	keys_random(raw, sizeof raw);
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(s->token + 2 * i, 3, "%02x", raw[i]);
	return s;
}

static void
session_free(struct session *s)
{
	session_lock(s);
	free(s->person_keys);
	free(s->reads);
	free(s);
}

/* Checks the one-time code of an account with two factors. */
static int
check_second_factor(struct session *s, const struct store_account *a,
    const struct login_request *req, int64_t *step, struct error *err)
{
	char typed[32] = "";
	const char *code = req->totp_code;
	unsigned char *secret;
	size_t len;
	int rc;

	if (code == NULL) {
		if (req->ask_code == NULL) {
			error_set(err, ERR_DENIED,
			    _("this account needs the one-time code from its authenticator app"));
			return -1;
		}
		if (req->ask_code(req->ask_ctx, typed, sizeof typed, err) != 0)
			return -1;
		code = typed;
	}
	secret = keys_open_from_account(&a->totp_secret, &s->keys, &len, err);
	if (secret == NULL)
		return -1;
	rc = totp_check(secret, len, code, clock_now(s->clock),
	    a->totp_last_step, step, err);
	keys_secure_free(secret);
	return rc;
}

struct login_done {
	struct session *s;
	int64_t totp_step;
	bool rehashed;		/* the password hashed at today's cost */
	char hash[PASSWORD_HASH_SIZE];
	struct blob wrapped;
	unsigned char salt[KEYS_SALT_BYTES];
};

/*
 * A password hashed at a lower cost than the program's (an older
 * release, or a store made for tests) is hashed again while it is at
 * hand, and the account key wrapped again under it, so that raising the
 * cost protects every account from its next login on.
 */
static int
rehash_if_cheaper(const struct session_options *opts,
    const struct store_account *a, const char *password,
    struct login_done *d, struct error *err)
{
	if (!password_below_cost(a->password_hash, opts->kdf))
		return 0;
	if (password_hash(password, opts->kdf, d->hash, err) != 0 ||
	    keys_wrap_secret_anew(&d->s->keys, password, opts->kdf,
	    &d->wrapped, d->salt, err) != 0)
		return -1;
	d->rehashed = true;
	return 0;
}

static int
record_rehash(struct login_done *d, int64_t now, struct error *err)
{
	struct audit_note note = { "password_change", "users",
	    d->s->user_id, 0, NULL, "password hashed again at today's cost" };

	if (!d->rehashed)
		return 0;
	if (store_account_set_password(d->s->st, d->s->user_id, d->hash,
	    &d->wrapped, d->salt, now, err) != 0)
		return -1;
	return session_audit(d->s, &note, err);
}

static int
record_login(void *ctx, struct error *err)
{
	struct login_done *d = ctx;
	struct session *s = d->s;
	struct audit_note note = { "login", "users", s->user_id, 0, NULL,
	    NULL };
	int64_t now = clock_now(s->clock);

	s->expires_at = now + SESSION_MAX_HOURS * 3600;
	s->last_activity = s->last_activity_stored = now;
	if (store_account_login_ok(s->st, s->user_id, now, err) != 0 ||
	    store_session_create(s->st, s->token, s->user_id, now,
	    s->expires_at, s->origin[0] ? s->origin : NULL, err) != 0)
		return -1;
	if (d->totp_step != 0 && store_account_set_totp_step(s->st,
	    s->user_id, d->totp_step, err) != 0)
		return -1;
	if (record_rehash(d, now, err) != 0)
		return -1;
	return session_audit(s, &note, err);
}

/* The checks after the account is found; fills *out on success. */
static int
authenticate(struct store *st, const struct session_options *opts,
    const struct login_request *req, const struct store_account *a,
    struct session **out, struct error *err)
{
	struct login_done done;
	int rc = -1;

	memset(&done, 0, sizeof done);
	if (session_check_lock(st, opts, a, err) != 0)
		return -1;
	if (!password_matches(a->password_hash, req->password)) {
		wrong_credentials(err);
		return session_count_failure(st, opts, a, "wrong password",
		    err);
	}
	if (a->status != ACCOUNT_ACTIVE)
		return refuse_status(st, opts, a, err);
	if ((done.s = session_new(st, opts, a)) == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	if (keys_unwrap_secret(a->secret_by_password.data,
	    a->secret_by_password.len, req->password, a->password_salt,
	    &done.s->keys, err) != 0)
		goto fail;
	if (a->two_factor &&
	    check_second_factor(done.s, a, req, &done.totp_step, err) != 0) {
		if (err->kind == ERR_DENIED)
			session_count_failure(st, opts, a,
			    "wrong one-time code", err);
		goto fail;
	}
	if (rehash_if_cheaper(opts, a, req->password, &done, err) != 0 ||
	    session_in_transaction(st, record_login, &done, err) != 0)
		goto fail;
	*out = done.s;
	done.s = NULL;
	rc = 0;
fail:
	if (done.s != NULL)
		session_free(done.s);
	blob_free(&done.wrapped);
	return rc;
}

int
session_login(struct store *st, const struct session_options *opts,
    const struct login_request *req, struct session **out,
    struct error *err)
{
	struct store_account a;
	int rc;

	*out = NULL;
	if (keys_init(err) != 0 ||
	    store_session_expire_stale(st, clock_now(opts->clock), err) != 0)
		return -1;
	if (store_account_find(st, req->email, &a, err) != 0) {
		if (err->kind != ERR_NOT_FOUND)
			return -1;
		return refuse_unknown(st, opts, req->password, err);
	}
	rc = authenticate(st, opts, req, &a, out, err);
	store_account_free(&a);
	return rc;
}

void
session_logout(struct session *s, enum logout_reason reason)
{
	struct audit_note note = { "logout", "users", 0, 0, NULL,
	    logout_reasons[reason] };
	struct error err;

	if (s == NULL)
		return;
	note.record_id = s->user_id;
	/* A failure here leaves the row to expire; the keys go regardless. */
	if (store_begin(s->st, &err) == 0) {
		if (store_session_end(s->st, s->token, logout_reasons[reason],
		    &err) == 0 && session_audit(s, &note, &err) == 0)
			store_commit(s->st, &err);
		else
			store_rollback(s->st);
	}
	session_free(s);
}

int
session_check_open(struct session *s, struct error *err)
{
	bool open;

	if (s->locked) {
		error_set(err, ERR_DENIED,
		    _("the session is locked; type the password again"));
		return -1;
	}
	/* An administrator may have ended it, or it may have expired. */
	if (store_session_is_open(s->st, s->token, clock_now(s->clock), &open,
	    err) != 0)
		return -1;
	if (!open) {
		error_set(err, ERR_DENIED,
		    _("the session has ended; log in again"));
		return -1;
	}
	return 0;
}

/* Accessors ------------------------------------------------------------- */

int64_t
session_user_id(const struct session *s)
{
	return s->user_id;
}

const char *
session_email(const struct session *s)
{
	return s->email;
}

bool
session_is_admin(const struct session *s)
{
	return s->is_admin;
}

int64_t
session_self_person(const struct session *s)
{
	return s->self_person;
}

struct store *
session_store(const struct session *s)
{
	return s->st;
}

int64_t
session_now(const struct session *s)
{
	return clock_now(s->clock);
}

/* Idle lock ------------------------------------------------------------- */

bool
session_idle_expired(const struct session *s)
{
	return clock_now(s->clock) - s->last_activity >=
	    (int64_t)s->idle_lock_minutes * 60;
}

void
session_touch(struct session *s)
{
	struct error err;

	s->last_activity = clock_now(s->clock);
	if (s->last_activity - s->last_activity_stored < TOUCH_STORE_SECONDS)
		return;
	if (store_session_touch(s->st, s->token, s->last_activity, &err) == 0)
		s->last_activity_stored = s->last_activity;
}

void
session_forget_person_keys(struct session *s, int64_t person_id)
{
	size_t kept = 0;

	for (size_t i = 0; i < s->person_key_count; i++) {
		if (person_id == 0 || s->person_keys[i].person_id == person_id)
			keys_secure_free(s->person_keys[i].key);
		else
			s->person_keys[kept++] = s->person_keys[i];
	}
	s->person_key_count = kept;
}

void
session_lock(struct session *s)
{
	session_forget_person_keys(s, 0);
	keys_keypair_wipe(&s->keys);
	s->locked = true;
}

bool
session_is_locked(const struct session *s)
{
	return s->locked;
}

void
session_options_of(const struct session *s, struct session_options *opts)
{
	session_options_defaults(opts);
	opts->clock = s->clock;
	opts->idle_lock_minutes = s->idle_lock_minutes;
	opts->origin = s->origin[0] ? s->origin : NULL;
	opts->kdf = s->kdf;
	opts->common_passwords = s->common_passwords;
}

int
session_unlock(struct session *s, const char *password, struct error *err)
{
	struct session_options opts;
	struct store_account a;
	int rc = -1;

	session_options_of(s, &opts);
	if (store_account_get(s->st, s->user_id, &a, err) != 0)
		return -1;
	if (session_check_lock(s->st, &opts, &a, err) != 0)
		goto done;
	if (a.status != ACCOUNT_ACTIVE) {
		refuse_status(s->st, &opts, &a, err);
		goto done;
	}
	if (!password_matches(a.password_hash, password)) {
		wrong_credentials(err);
		session_count_failure(s->st, &opts, &a, "wrong password at unlock",
		    err);
		goto done;
	}
	if (keys_unwrap_secret(a.secret_by_password.data,
	    a.secret_by_password.len, password, a.password_salt, &s->keys,
	    err) != 0)
		goto done;
	s->locked = false;
	s->last_activity_stored = 0;
	session_touch(s);
	rc = 0;
done:
	store_account_free(&a);
	return rc;
}

/* --person -------------------------------------------------------------- */

static int
is_number(const char *s)
{
	long n;

	return str_to_long(s, &n) == 0 && n > 0;
}

/* Compares a typed name with a person's full and first names. */
static int
name_matches(struct session *s, int64_t person_id, const char *typed)
{
	char *full = NULL, *first = NULL;
	struct error err;
	int match;

	if (health_person_names(s, person_id, &first, &full, &err) != 0)
		return 0;
	match = strcasecmp(full, typed) == 0 || strcasecmp(first, typed) == 0;
	vault_free_text(full);
	vault_free_text(first);
	return match;
}

static int
resolve_by_name(struct session *s, const char *name, int64_t *person_id,
    struct error *err)
{
	int64_t *people;
	size_t count, matches = 0;

	if (store_person_visible(s->st, s->user_id, &people, &count, err) != 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (name_matches(s, people[i], name)) {
			*person_id = people[i];
			matches++;
		}
	}
	free(people);
	if (matches == 1)
		return 0;
	if (matches == 0)
		error_set(err, ERR_NOT_FOUND,
		    _("no one called \"%s\" among the records you may see; \"prescripcare person list\" shows them"),
		    name);
	else
		error_set(err, ERR_USAGE,
		    _("%zu people are called \"%s\"; give the full name, or the number \"prescripcare person list\" shows"),
		    matches, name);
	return -1;
}

int
session_resolve_person(struct session *s, const char *name,
    int64_t *person_id, struct error *err)
{
	unsigned perms;

	if (session_check_open(s, err) != 0)
		return -1;
	if (name == NULL || strcasecmp(name, "self") == 0) {
		if (s->self_person == 0) {
			error_set(err, ERR_NOT_FOUND,
			    _("the account %s has no health record of its own; choose one with --person NAME"),
			    s->email);
			return -1;
		}
		*person_id = s->self_person;
		return 0;
	}
	if (is_number(name)) {
		long n;

		str_to_long(name, &n);
		*person_id = n;
		if (access_permissions(s, *person_id, &perms, err) != 0)
			return -1;
		if (perms != 0)
			return 0;
		return access_require(s, *person_id, PERM_VIEW, err);
	}
	return resolve_by_name(s, name, person_id, err);
}
