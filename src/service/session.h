#ifndef PC_SESSION_H
#define PC_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "common/clock.h"
#include "common/error.h"
#include "domain/keys.h"
#include "store/store.h"

/*
 * Logging in, and what a logged-in account carries: its unlocked keys in
 * locked memory, the session row that records it, the idle lock.  This is
 * the entry point for the command line and the terminal interface:
 *
 *   session_login()          email, password, one-time code -> session
 *   session_resolve_person() --person NAME -> a person the session may see
 *   access_require()         (access.h) may this session do X to person P?
 *   vault_seal/vault_open()  (vault.h) one sealed field for person P
 *   session_logout()         ends the row, wipes and frees the keys
 *
 * A session belongs to one thread, like the store connection it uses.
 */

struct session;

/* How long a session may last at most, idle or not. */
#define SESSION_MAX_HOURS 12
/* Failed logins in a row that lock an account, and for how long. */
#define SESSION_MAX_FAILURES 5
#define SESSION_LOCKOUT_SECONDS (15 * 60)

enum logout_reason {
	LOGOUT_USER,		/* the person logged out */
	LOGOUT_TIMEOUT,		/* the session expired */
	LOGOUT_ADMIN,		/* an administrator ended it */
	LOGOUT_SECURITY		/* ended after failed unlocks */
};

/* What every login and account change needs to know about its setting. */
struct session_options {
	const struct clock *clock;	/* NULL: the system's */
	long idle_lock_minutes;		/* settings' idle_lock_minutes */
	const char *origin;		/* SSH client address, NULL if local */
	struct kdf_cost kdf;		/* cost of new password wrappings */
	const char *common_passwords;	/* path of the refused list */
};

/* Asks for a one-time code when the account needs one; 0 when given. */
typedef int (*session_ask_code)(void *ctx, char *code, size_t size,
    struct error *err);

struct login_request {
	const char *email;
	const char *password;
	const char *totp_code;		/* NULL: ask_code asks if needed */
	session_ask_code ask_code;	/* NULL: a missing code is refused */
	void *ask_ctx;
};

/*
 * Fills options with the program's defaults: the system clock, the
 * idle lock of 15 minutes, the real Argon2id cost, no origin.
 */
void session_options_defaults(struct session_options *opts);

/*
 * The SSH client's address (the first field of SSH_CLIENT) when it looks
 * like an IP address, else NULL: where a login comes from, for the audit.
 */
const char *session_origin_from_environment(char *buf, size_t size);

/*
 * Logs in: refuses a locked account (ERR_LOCKED, saying until when), a
 * wrong password or code (ERR_DENIED, counted; the fifth in a row locks
 * the account for 15 minutes), and a suspended or deactivated account;
 * else opens a session row and unlocks the account's keys.  Every
 * outcome is written to the audit log.
 */
int session_login(struct store *st, const struct session_options *opts,
    const struct login_request *req, struct session **out,
    struct error *err);

/* Ends the session row with a reason, wipes every key, frees s. */
void session_logout(struct session *s, enum logout_reason reason);

/* The account's id, email, admin flag and own record (0 when none). */
int64_t session_user_id(const struct session *s);
const char *session_email(const struct session *s);
bool session_is_admin(const struct session *s);
int64_t session_self_person(const struct session *s);

/* The store the session works on. */
struct store *session_store(const struct session *s);

/* The session's clock reading. */
int64_t session_now(const struct session *s);

/*
 * True when nothing has happened for idle_lock_minutes: the interface
 * then calls session_lock and asks for the password.
 */
bool session_idle_expired(const struct session *s);

/* Records activity now (written to the store at most once a minute). */
void session_touch(struct session *s);

/* Wipes the unlocked keys until session_unlock; health data is refused. */
void session_lock(struct session *s);

/* True while locked by session_lock. */
bool session_is_locked(const struct session *s);

/*
 * Unlocks with the account's password; a wrong one counts as a failed
 * login, and a lockout ends the session's right to unlock.
 */
int session_unlock(struct session *s, const char *password,
    struct error *err);

/* Writes an instant as local date, time and zone ("2026-03-08 07:45 CET"). */
void session_format_local(int64_t when, char *buf, size_t size);

/*
 * Finds the person meant by --person: "self" (or NULL) is the account's
 * own record; a number is a person's id; anything else is matched, case
 * aside, against the full or first names of the people the session may
 * see.  Ambiguous or unknown names are refused with a hint.
 */
int session_resolve_person(struct session *s, const char *name,
    int64_t *person_id, struct error *err);

#endif
