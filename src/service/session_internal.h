#ifndef PC_SESSION_INTERNAL_H
#define PC_SESSION_INTERNAL_H

/*
 * Shared by the files of src/service that act for a session (session,
 * access, vault, account, health, meds) and by no one else.
 */

#include <stdbool.h>
#include <stdint.h>

#include "domain/keys.h"
#include "service/session.h"
#include "store/accounts.h"

/* One opened data key: a person's key of one version. */
struct person_key {
	int64_t person_id;
	uint32_t version;
	unsigned char *key;		/* locked memory */
};

/* A read already written to the audit log in this session. */
struct noted_read {
	int64_t person_id;
	char table[64];
};

struct session {
	struct store *st;
	const struct clock *clock;
	long idle_lock_minutes;
	struct kdf_cost kdf;
	char common_passwords[4096];
	char origin[46];		/* "" when local */

	int64_t user_id;
	int64_t self_person;
	char email[256];
	bool is_admin;
	char token[65];
	int64_t expires_at;
	int64_t last_activity;
	int64_t last_activity_stored;
	bool locked;

	struct account_keypair keys;
	struct person_key *person_keys;
	size_t person_key_count;
	struct noted_read *reads;
	size_t read_count;
};

/* What one audit row says beyond who, when and from where. */
struct audit_note {
	const char *action;
	const char *table;		/* or NULL */
	int64_t record_id;		/* 0 when none */
	int64_t person_id;		/* 0 when none */
	const char *new_values;		/* JSON with no health data, or NULL */
	const char *description;	/* no health data, or NULL */
};

/* Appends an audit row for the session's account. */
int session_audit(struct session *s, const struct audit_note *note,
    struct error *err);

/*
 * Writes an audit row for a login-time event, when there is no session
 * yet; user_id 0 for an unknown account.
 */
int session_audit_anonymous(struct store *st,
    const struct session_options *opts, int64_t user_id,
    const struct audit_note *note, struct error *err);

/*
 * Counts a failed login or unlock of an account, locking it at the fifth
 * in a row, with audit rows; fills err with the message the person sees
 * (ERR_DENIED, or ERR_LOCKED saying until when) and returns -1.
 */
int session_count_failure(struct store *st,
    const struct session_options *opts, const struct store_account *a,
    const char *what, struct error *err);

/* Refuses an account locked at now with ERR_LOCKED; 0 when not locked. */
int session_check_lock(struct store *st, const struct session_options *opts,
    const struct store_account *a, struct error *err);

/*
 * Refuses a locked session, and one that has ended in the store (logged
 * out by an administrator, or expired).
 */
int session_check_open(struct session *s, struct error *err);

/* The options a session was opened with, for account changes. */
void session_options_of(const struct session *s,
    struct session_options *opts);

/* Forgets every opened data key of a person (after a rotation). */
void session_forget_person_keys(struct session *s, int64_t person_id);

/*
 * Runs fn inside a write transaction, rolling back when it fails; inside
 * a transaction the caller already holds, fn joins it.
 */
int session_in_transaction(struct store *st,
    int (*fn)(void *ctx, struct error *err), void *ctx, struct error *err);

/* What a new record starts with; the names are checked by the caller. */
struct new_record {
	int64_t managed_by;
	const unsigned char *public_key;	/* the manager's */
	const char *first_name;
	const char *last_name;			/* NULL for none */
	const char *date_of_birth;		/* NULL for none */
	int64_t now;
};

/*
 * Creates a person, a data key sealed to the managing account, and a
 * profile with the sealed names, inside the caller's transaction; works
 * without a session, for an account's own record at its creation.
 */
int health_create_record(struct store *st, const struct new_record *r,
    int64_t *person_id, struct error *err);

/* Checks the names and birth date of a new record. */
int health_check_new_record(const char *first_name, const char *last_name,
    const char *date_of_birth, const char *today, struct error *err);

/* Today's date in the local time zone at instant now. */
void health_date_of(int64_t now, char today[11]);

#endif
