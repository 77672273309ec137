#include "config.h"

#include "store/accounts.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "store/bind.h"
#include "store/store_internal.h"

static const char *const status_names[] = {
	[ACCOUNT_ACTIVE] = "active",
	[ACCOUNT_SUSPENDED] = "suspended",
	[ACCOUNT_DEACTIVATED] = "deactivated",
};

const char *
store_account_status_name(enum account_status status)
{
	return status_names[status];
}

int
store_account_status_parse(const char *name, enum account_status *out)
{
	for (size_t i = 0; i < sizeof status_names / sizeof *status_names;
	    i++) {
		if (strcmp(status_names[i], name) == 0) {
			*out = (enum account_status)i;
			return 0;
		}
	}
	return -1;
}

void
store_account_free(struct store_account *a)
{
	blob_free(&a->totp_secret);
	blob_free(&a->secret_by_password);
	blob_free(&a->secret_by_recovery);
}

#define ACCOUNT_COLUMNS \
	"user_id, coalesce(person_id, 0), email, password_hash," \
	" account_status, is_admin, two_factor_enabled, totp_secret," \
	" totp_last_step, public_key, secret_key_by_password," \
	" password_key_salt, secret_key_by_recovery, recovery_key_salt," \
	" created_at, coalesce(last_login, 0), login_attempts," \
	" coalesce(locked_until, 0)"

static void
copy_fixed(sqlite3_stmt *stmt, int col, unsigned char *out, size_t len)
{
	const void *data = sqlite3_column_blob(stmt, col);

	memset(out, 0, len);
	if (data != NULL && (size_t)sqlite3_column_bytes(stmt, col) == len)
		memcpy(out, data, len);
}

static int
read_account(sqlite3_stmt *stmt, struct store_account *a)
{
	char status[16];

	memset(a, 0, sizeof *a);
	a->user_id = sqlite3_column_int64(stmt, 0);
	a->person_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 2, a->email, sizeof a->email);
	store_column_text(stmt, 3, a->password_hash, sizeof a->password_hash);
	store_column_text(stmt, 4, status, sizeof status);
	if (store_account_status_parse(status, &a->status) != 0)
		a->status = ACCOUNT_SUSPENDED;
	a->is_admin = sqlite3_column_int(stmt, 5) != 0;
	a->two_factor = sqlite3_column_int(stmt, 6) != 0;
	a->totp_last_step = sqlite3_column_int64(stmt, 8);
	copy_fixed(stmt, 9, a->public_key, sizeof a->public_key);
	copy_fixed(stmt, 11, a->password_salt, sizeof a->password_salt);
	copy_fixed(stmt, 13, a->recovery_salt, sizeof a->recovery_salt);
	a->created_at = sqlite3_column_int64(stmt, 14);
	a->last_login = sqlite3_column_int64(stmt, 15);
	a->login_attempts = sqlite3_column_int64(stmt, 16);
	a->locked_until = sqlite3_column_int64(stmt, 17);
	if (store_column_blob(stmt, 7, &a->totp_secret) != 0 ||
	    store_column_blob(stmt, 10, &a->secret_by_password) != 0 ||
	    store_column_blob(stmt, 12, &a->secret_by_recovery) != 0) {
		store_account_free(a);
		return -1;
	}
	return 0;
}

static int
fetch_account(struct store *st, sqlite3_stmt *stmt, struct store_account *a,
    const char *missing, struct error *err)
{
	int rc = store_step_row(st, stmt, _("cannot read an account"), err);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		sqlite3_reset(stmt);
		error_set(err, ERR_NOT_FOUND, "%s", missing);
		return -1;
	}
	rc = read_account(stmt, a);
	sqlite3_reset(stmt);
	if (rc != 0)
		error_set(err, ERR_INTERNAL, _("out of memory"));
	return rc;
}

int
store_account_find(struct store *st, const char *email,
    struct store_account *a, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " ACCOUNT_COLUMNS
	    " FROM users WHERE email = ?", err);
	char missing[320];

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, email, -1, SQLITE_TRANSIENT);
	snprintf(missing, sizeof missing, _("there is no account %s"), email);
	return fetch_account(st, stmt, a, missing, err);
}

int
store_account_get(struct store *st, int64_t user_id,
    struct store_account *a, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " ACCOUNT_COLUMNS
	    " FROM users WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	return fetch_account(st, stmt, a, _("the account no longer exists"),
	    err);
}

int
store_account_count(struct store *st, int64_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT count(*) FROM users", err);

	if (stmt == NULL ||
	    store_step_row(st, stmt, _("cannot count accounts"), err) != 1)
		return -1;
	*count = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return 0;
}

int
store_account_insert(struct store *st, const struct store_account *a,
    int64_t *user_id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO users (email,"
	    " password_hash, account_status, is_admin, public_key,"
	    " secret_key_by_password, password_key_salt,"
	    " secret_key_by_recovery, recovery_key_salt, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?10)", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, a->email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, a->password_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 3, status_names[a->status], -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, a->is_admin);
	sqlite3_bind_blob(stmt, 5, a->public_key, sizeof a->public_key,
	    SQLITE_TRANSIENT);
	store_bind_blob(stmt, 6, &a->secret_by_password);
	sqlite3_bind_blob(stmt, 7, a->password_salt, sizeof a->password_salt,
	    SQLITE_TRANSIENT);
	store_bind_blob(stmt, 8, &a->secret_by_recovery);
	sqlite3_bind_blob(stmt, 9, a->recovery_salt, sizeof a->recovery_salt,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 10, a->created_at);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(st->db)) ==
		    SQLITE_CONSTRAINT_UNIQUE)
			error_set(err, ERR_CONFLICT,
			    _("an account %s exists already"), a->email);
		else
			store_fail(st, err, _("cannot create the account"));
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	*user_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_account_set_person(struct store *st, int64_t user_id,
    int64_t person_id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET person_id = ?"
	    " WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	store_bind_id(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, user_id);
	return store_step_done(st, stmt, _("cannot link the account"), err);
}

int
store_account_set_password(struct store *st, int64_t user_id,
    const char *hash, const struct blob *wrapped, const unsigned char *salt,
    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET password_hash = ?,"
	    " secret_key_by_password = ?, password_key_salt = ?,"
	    " updated_at = ? WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, hash, -1, SQLITE_TRANSIENT);
	store_bind_blob(stmt, 2, wrapped);
	sqlite3_bind_blob(stmt, 3, salt, 16, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 4, now);
	sqlite3_bind_int64(stmt, 5, user_id);
	return store_step_done(st, stmt, _("cannot change the password"), err);
}

int
store_account_set_recovery(struct store *st, int64_t user_id,
    const struct blob *wrapped, const unsigned char *salt, int64_t now,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET"
	    " secret_key_by_recovery = ?, recovery_key_salt = ?,"
	    " updated_at = ? WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	store_bind_blob(stmt, 1, wrapped);
	sqlite3_bind_blob(stmt, 2, salt, 16, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, now);
	sqlite3_bind_int64(stmt, 4, user_id);
	return store_step_done(st, stmt,
	    _("cannot replace the recovery code"), err);
}

int
store_account_login_failed(struct store *st, int64_t user_id,
    int64_t *attempts, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET login_attempts ="
	    " login_attempts + 1 WHERE user_id = ? RETURNING login_attempts",
	    err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	if (store_step_row(st, stmt, _("cannot count a failed login"),
	    err) != 1)
		return -1;
	*attempts = sqlite3_column_int64(stmt, 0);
	return store_step_done(st, stmt, _("cannot count a failed login"),
	    err);
}

int
store_account_lock(struct store *st, int64_t user_id, int64_t until,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET locked_until = ?,"
	    " login_attempts = 0 WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, until);
	sqlite3_bind_int64(stmt, 2, user_id);
	return store_step_done(st, stmt, _("cannot lock the account"), err);
}

int
store_account_login_ok(struct store *st, int64_t user_id, int64_t now,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET login_attempts = 0,"
	    " locked_until = NULL, last_login = ? WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int64(stmt, 2, user_id);
	return store_step_done(st, stmt, _("cannot record the login"), err);
}

int
store_account_unlock(struct store *st, int64_t user_id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET login_attempts = 0,"
	    " locked_until = NULL WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	return store_step_done(st, stmt, _("cannot unlock the account"), err);
}

int
store_account_set_status(struct store *st, int64_t user_id,
    enum account_status status, int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET account_status = ?,"
	    " updated_at = ? WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, status_names[status], -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, now);
	sqlite3_bind_int64(stmt, 3, user_id);
	return store_step_done(st, stmt, _("cannot change the account"), err);
}

int
store_account_set_totp(struct store *st, int64_t user_id,
    const struct blob *sealed_secret, int64_t last_step, int64_t now,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET totp_secret = ?,"
	    " two_factor_enabled = ?, totp_last_step = ?, updated_at = ?"
	    " WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	store_bind_blob(stmt, 1, sealed_secret);
	sqlite3_bind_int(stmt, 2, sealed_secret != NULL);
	sqlite3_bind_int64(stmt, 3, last_step);
	sqlite3_bind_int64(stmt, 4, now);
	sqlite3_bind_int64(stmt, 5, user_id);
	return store_step_done(st, stmt,
	    _("cannot change the second factor"), err);
}

int
store_account_set_totp_step(struct store *st, int64_t user_id,
    int64_t step, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE users SET totp_last_step = ?"
	    " WHERE user_id = ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, step);
	sqlite3_bind_int64(stmt, 2, user_id);
	return store_step_done(st, stmt,
	    _("cannot record the one-time code"), err);
}

int
store_session_create(struct store *st, const char *token, int64_t user_id,
    int64_t now, int64_t expires_at, const char *ip, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO session_management"
	    " (session_id, user_id, created_at, last_activity, expires_at,"
	    " ip_address, user_agent) VALUES (?, ?, ?3, ?3, ?, ?, ?)", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, token, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, user_id);
	sqlite3_bind_int64(stmt, 3, now);
	sqlite3_bind_int64(stmt, 4, expires_at);
	store_bind_text(stmt, 5, ip);
	sqlite3_bind_text(stmt, 6, PACKAGE_NAME " " PACKAGE_VERSION, -1,
	    SQLITE_STATIC);
	return store_step_done(st, stmt, _("cannot open a session"), err);
}

int
store_session_touch(struct store *st, const char *token, int64_t now,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE session_management SET"
	    " last_activity = ? WHERE session_id = ? AND is_active = 1", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_text(stmt, 2, token, -1, SQLITE_TRANSIENT);
	return store_step_done(st, stmt, _("cannot update the session"), err);
}

int
store_session_end(struct store *st, const char *token, const char *reason,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE session_management SET"
	    " is_active = 0, logout_reason = ? WHERE session_id = ?"
	    " AND is_active = 1", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, token, -1, SQLITE_TRANSIENT);
	return store_step_done(st, stmt, _("cannot end the session"), err);
}

int
store_session_end_all(struct store *st, int64_t user_id, const char *reason,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE session_management SET"
	    " is_active = 0, logout_reason = ? WHERE user_id = ?"
	    " AND is_active = 1", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, user_id);
	return store_step_done(st, stmt, _("cannot end the sessions"), err);
}

int
store_session_is_open(struct store *st, const char *token, int64_t now,
    bool *open, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT is_active = 1 AND"
	    " expires_at > ? FROM session_management WHERE session_id = ?",
	    err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_text(stmt, 2, token, -1, SQLITE_TRANSIENT);
	rc = store_step_row(st, stmt, _("cannot read the session"), err);
	if (rc < 0)
		return -1;
	*open = rc == 1 && sqlite3_column_int(stmt, 0) != 0;
	sqlite3_reset(stmt);
	return 0;
}

int
store_session_expire_stale(struct store *st, int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE session_management SET"
	    " is_active = 0, logout_reason = 'timeout'"
	    " WHERE is_active = 1 AND expires_at <= ?", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	return store_step_done(st, stmt, _("cannot expire old sessions"),
	    err);
}

int
store_quiet_hours_get(struct store *st, int64_t user_id, char start[6],
    char end[6], struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT quiet_hours_start,"
	    " quiet_hours_end FROM notification_preferences WHERE user_id = ?",
	    err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	rc = store_step_row(st, stmt, _("cannot read the quiet hours"), err);
	if (rc < 0)
		return -1;
	/* The schema's defaults stand until the account changes them. */
	strcpy(start, "22:00");
	strcpy(end, "07:00");
	if (rc == 1) {
		store_column_text(stmt, 0, start, 6);
		store_column_text(stmt, 1, end, 6);
	}
	sqlite3_reset(stmt);
	return 0;
}

int
store_quiet_hours_set(struct store *st, int64_t user_id, const char *start,
    const char *end, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO notification_preferences"
	    " (user_id, quiet_hours_start, quiet_hours_end) VALUES (?, ?, ?)"
	    " ON CONFLICT (user_id) DO UPDATE SET"
	    " quiet_hours_start = excluded.quiet_hours_start,"
	    " quiet_hours_end = excluded.quiet_hours_end", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	sqlite3_bind_text(stmt, 2, start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 3, end, -1, SQLITE_TRANSIENT);
	return store_step_done(st, stmt, _("cannot set the quiet hours"), err);
}

int
store_notify_settings_get(struct store *st, int64_t user_id,
    struct store_notify_settings *out, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT medication_reminders,"
	    " missed_dose_alerts, refill_reminders, interaction_warnings,"
	    " reminder_advance_minutes, quiet_hours_start, quiet_hours_end"
	    " FROM notification_preferences WHERE user_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	rc = store_step_row(st, stmt,
	    _("cannot read the notification settings"), err);
	if (rc < 0)
		return -1;
	/* The schema's defaults stand until the account changes them. */
	memset(out, 0, sizeof *out);
	out->medication_reminders = out->missed_dose_alerts = true;
	out->refill_reminders = out->interaction_warnings = true;
	out->advance_minutes = 15;
	strcpy(out->quiet_start, "22:00");
	strcpy(out->quiet_end, "07:00");
	if (rc == 1) {
		out->medication_reminders = sqlite3_column_int(stmt, 0) != 0;
		out->missed_dose_alerts = sqlite3_column_int(stmt, 1) != 0;
		out->refill_reminders = sqlite3_column_int(stmt, 2) != 0;
		out->interaction_warnings = sqlite3_column_int(stmt, 3) != 0;
		out->advance_minutes = sqlite3_column_int(stmt, 4);
		store_column_text(stmt, 5, out->quiet_start,
		    sizeof out->quiet_start);
		store_column_text(stmt, 6, out->quiet_end,
		    sizeof out->quiet_end);
	}
	sqlite3_reset(stmt);
	return 0;
}

int
store_notify_settings_set(struct store *st, int64_t user_id,
    const struct store_notify_settings *in, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO notification_preferences"
	    " (user_id, medication_reminders, missed_dose_alerts,"
	    " refill_reminders, interaction_warnings, reminder_advance_minutes,"
	    " quiet_hours_start, quiet_hours_end)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " ON CONFLICT (user_id) DO UPDATE SET"
	    " medication_reminders = excluded.medication_reminders,"
	    " missed_dose_alerts = excluded.missed_dose_alerts,"
	    " refill_reminders = excluded.refill_reminders,"
	    " interaction_warnings = excluded.interaction_warnings,"
	    " reminder_advance_minutes = excluded.reminder_advance_minutes,"
	    " quiet_hours_start = excluded.quiet_hours_start,"
	    " quiet_hours_end = excluded.quiet_hours_end", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	sqlite3_bind_int(stmt, 2, in->medication_reminders);
	sqlite3_bind_int(stmt, 3, in->missed_dose_alerts);
	sqlite3_bind_int(stmt, 4, in->refill_reminders);
	sqlite3_bind_int(stmt, 5, in->interaction_warnings);
	sqlite3_bind_int(stmt, 6, in->advance_minutes);
	store_bind_text(stmt, 7, in->quiet_start[0] ? in->quiet_start : NULL);
	store_bind_text(stmt, 8, in->quiet_end[0] ? in->quiet_end : NULL);
	return store_step_done(st, stmt,
	    _("cannot save the notification settings"), err);
}
