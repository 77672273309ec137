#ifndef PC_STORE_ACCOUNTS_H
#define PC_STORE_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/blob.h"
#include "common/error.h"
#include "store/store.h"

/*
 * Accounts (table users), their login sessions (session_management) and
 * their quiet hours (notification_preferences).  Keys arrive here already
 * wrapped or sealed: the store never sees a secret in clear.
 */

enum account_status {
	ACCOUNT_ACTIVE,
	ACCOUNT_SUSPENDED,
	ACCOUNT_DEACTIVATED
};

struct store_account {
	int64_t user_id;
	int64_t person_id;		/* the account's own record, or 0 */
	char email[256];
	char password_hash[128];
	enum account_status status;
	bool is_admin;
	bool two_factor;
	struct blob totp_secret;	/* sealed to the account's own key */
	int64_t totp_last_step;
	unsigned char public_key[32];
	struct blob secret_by_password;
	unsigned char password_salt[16];
	struct blob secret_by_recovery;
	unsigned char recovery_salt[16];
	int64_t created_at;
	int64_t last_login;		/* 0 when never */
	int64_t login_attempts;
	int64_t locked_until;		/* 0 when not locked */
};

/* The status's word in the schema ("active", "suspended"...). */
const char *store_account_status_name(enum account_status status);

/* Parses a status word; returns -1 for an unknown one. */
int store_account_status_parse(const char *name, enum account_status *out);

/* Frees the blobs an account holds. */
void store_account_free(struct store_account *a);

/* Finds an account by email, ignoring case; ERR_NOT_FOUND when none. */
int store_account_find(struct store *st, const char *email,
    struct store_account *a, struct error *err);

/* Reads an account by id; ERR_NOT_FOUND when none. */
int store_account_get(struct store *st, int64_t user_id,
    struct store_account *a, struct error *err);

/* The number of accounts in the store. */
int store_account_count(struct store *st, int64_t *count, struct error *err);

/* Inserts a new account from a (user_id ignored) and returns its id. */
int store_account_insert(struct store *st, const struct store_account *a,
    int64_t *user_id, struct error *err);

/* Links an account to its own health record. */
int store_account_set_person(struct store *st, int64_t user_id,
    int64_t person_id, struct error *err);

/* Replaces the password hash and the key wrapped under the password. */
int store_account_set_password(struct store *st, int64_t user_id,
    const char *hash, const struct blob *wrapped, const unsigned char *salt,
    int64_t now, struct error *err);

/* Replaces the key wrapped under the recovery code. */
int store_account_set_recovery(struct store *st, int64_t user_id,
    const struct blob *wrapped, const unsigned char *salt, int64_t now,
    struct error *err);

/* Counts one more failed login and returns the run so far. */
int store_account_login_failed(struct store *st, int64_t user_id,
    int64_t *attempts, struct error *err);

/* Locks the account until the given instant and clears the count. */
int store_account_lock(struct store *st, int64_t user_id, int64_t until,
    struct error *err);

/* Records a good login: clears the count and the lock. */
int store_account_login_ok(struct store *st, int64_t user_id, int64_t now,
    struct error *err);

/* Lifts a lock and clears the count of failed logins. */
int store_account_unlock(struct store *st, int64_t user_id,
    struct error *err);

/* Sets the account's status. */
int store_account_set_status(struct store *st, int64_t user_id,
    enum account_status status, int64_t now, struct error *err);

/* Turns the second factor on with a sealed secret, or off with NULL. */
int store_account_set_totp(struct store *st, int64_t user_id,
    const struct blob *sealed_secret, int64_t last_step, int64_t now,
    struct error *err);

/* Remembers the step of the last one-time code accepted. */
int store_account_set_totp_step(struct store *st, int64_t user_id,
    int64_t step, struct error *err);

/* Opens a session row. */
int store_session_create(struct store *st, const char *token,
    int64_t user_id, int64_t now, int64_t expires_at, const char *ip,
    struct error *err);

/* Moves a session's last activity to now. */
int store_session_touch(struct store *st, const char *token, int64_t now,
    struct error *err);

/* Ends a session with a reason ("user_logout", "timeout"...). */
int store_session_end(struct store *st, const char *token,
    const char *reason, struct error *err);

/* Ends every open session of an account with a reason. */
int store_session_end_all(struct store *st, int64_t user_id,
    const char *reason, struct error *err);

/* Whether a session is still open and unexpired at now. */
int store_session_is_open(struct store *st, const char *token, int64_t now,
    bool *open, struct error *err);

/* Ends, as timed out, every session whose expiry has passed. */
int store_session_expire_stale(struct store *st, int64_t now,
    struct error *err);

/* An account's quiet hours, "HH:MM" each; the defaults when never set. */
int store_quiet_hours_get(struct store *st, int64_t user_id, char start[6],
    char end[6], struct error *err);

/* Sets an account's quiet hours. */
int store_quiet_hours_set(struct store *st, int64_t user_id,
    const char *start, const char *end, struct error *err);

/* An account's notification settings, as its preferences form shows them. */
struct store_notify_settings {
	bool medication_reminders;
	bool missed_dose_alerts;
	bool refill_reminders;
	bool interaction_warnings;
	int advance_minutes;		/* 0-240 */
	char quiet_start[6];		/* "HH:MM", or "" for none */
	char quiet_end[6];
};

/* Reads an account's settings; the schema's defaults when never set. */
int store_notify_settings_get(struct store *st, int64_t user_id,
    struct store_notify_settings *out, struct error *err);

/* Writes all of an account's settings at once. */
int store_notify_settings_set(struct store *st, int64_t user_id,
    const struct store_notify_settings *in, struct error *err);

#endif
