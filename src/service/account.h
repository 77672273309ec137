#ifndef PC_ACCOUNT_H
#define PC_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/keys.h"
#include "service/session.h"
#include "domain/totp.h"
#include "store/accounts.h"
#include "store/audit.h"

/*
 * Creating and changing accounts: passwords, the recovery code, the
 * second factor, and what only an administrator may do (create and
 * suspend accounts, unlock them, read the audit log).  An administrator
 * reads no one's health data without a grant like anyone else.
 */

struct account_request {
	const char *email;
	const char *password;
	bool is_admin;			/* ignored for the first account */
	const char *first_name;		/* NULL: the email's name part */
	const char *last_name;		/* or NULL */
};

/* A second factor being set up, before its first code is confirmed. */
struct totp_enrolment {
	unsigned char secret[TOTP_SECRET_BYTES];
	char *uri;			/* otpauth://..., malloc'd */
};

/*
 * Creates an account with its own (empty) health record.  The first
 * account of a store needs no creator and becomes its administrator;
 * later ones need an administrator's session as creator.  The recovery
 * code is written to recovery_code, to be shown once and never stored.
 */
int account_create(struct store *st, const struct session_options *opts,
    struct session *creator, const struct account_request *req,
    char recovery_code[KEYS_RECOVERY_CODE_SIZE], int64_t *user_id,
    struct error *err);

/*
 * Checks that email is a well-formed address no account uses yet, so a
 * command can refuse before asking for a password.
 */
int account_check_new_email(struct store *st, const char *email,
    struct error *err);

/* Whether the store has no account yet (so the next one is the admin). */
int account_store_is_new(struct store *st, bool *is_new, struct error *err);

/*
 * Changes the session's password after checking the current one: the
 * account key is re-wrapped; no health data is touched.
 */
int account_change_password(struct session *s, const char *current,
    const char *new_password, struct error *err);

/*
 * Sets a new password with the recovery code instead of the old password,
 * and replaces the recovery code with a new one (written to new_code).
 * A wrong code counts as a failed login.
 */
int account_recover(struct store *st, const struct session_options *opts,
    const char *email, const char *recovery_code, const char *new_password,
    char new_code[KEYS_RECOVERY_CODE_SIZE], struct error *err);

/* Starts setting up a second factor: a new secret and its URI. */
int account_totp_begin(struct session *s, struct totp_enrolment *e,
    struct error *err);

/* Turns the second factor on once code proves the phone has the secret. */
int account_totp_enable(struct session *s, const struct totp_enrolment *e,
    const char *code, struct error *err);

/* Wipes an enrolment's secret and frees its URI. */
void account_totp_discard(struct totp_enrolment *e);

/* Turns the second factor off. */
int account_totp_disable(struct session *s, struct error *err);

/* Whether the session's account has the second factor on. */
int account_totp_enabled(struct session *s, bool *enabled,
    struct error *err);

/* The session's quiet hours ("HH:MM" each; the defaults until set). */
int account_quiet_hours_get(struct session *s, char start[6], char end[6],
    struct error *err);

/* Sets the session's quiet hours from "HH:MM-HH:MM". */
int account_quiet_hours_set(struct session *s, const char *value,
    struct error *err);

/* The session's notification settings (the defaults until set). */
int account_notify_get(struct session *s, struct store_notify_settings *out,
    struct error *err);

/*
 * Checks and saves the session's notification settings: quiet hours as
 * two times or none, reminders 0 to 240 minutes early.  With zone not
 * NULL, the time zone of person_id's record changes in the same
 * transaction (which needs edit on that record).
 */
int account_notify_set(struct session *s,
    const struct store_notify_settings *in, int64_t person_id,
    const char *zone, struct error *err);

/*
 * A name for an account in messages ("recorded by Sam Carer"): the full
 * name of its own record when the session may view that record, else its
 * email; "account N" when there is no such account.
 */
void account_display_name(struct session *s, int64_t user_id, char *buf,
    size_t size);

/*
 * An administrator sets another account's status; leaving "active" ends
 * that account's open sessions.
 */
int account_set_status(struct session *admin, const char *email,
    enum account_status status, struct error *err);

/* An administrator lifts a lockout before it runs out. */
int account_unlock(struct session *admin, const char *email,
    struct error *err);

/*
 * An administrator reads the audit log, newest first: at most limit rows,
 * only those of one account when email is not NULL.
 */
int account_audit_read(struct session *admin, const char *email, int limit,
    int (*each)(const struct store_audit_row *row, void *ctx), void *ctx,
    struct error *err);

#endif
