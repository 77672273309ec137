#include "config.h"

#include "service/account.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/password.h"
#include "domain/profile.h"
#include "service/access.h"
#include "service/health.h"
#include "service/session_internal.h"
#include "service/vault.h"

static int
check_email(const char *email, struct error *err)
{
	const char *at = email ? strchr(email, '@') : NULL;
	size_t len = email ? strlen(email) : 0;

	if (at == NULL || at == email || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' ||
	    email[len - 1] == '.' || len > 255)
		goto bad;
	for (const char *p = email; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' ||
		    *p == '\'' || *p == ',' || *p == ';')
			goto bad;
	}
	return 0;
bad:
	error_set(err, ERR_INVALID,
	    _("\"%s\" is not an email address such as ada@example.org"),
	    email ? email : "");
	return -1;
}

static int
need_list(const struct session_options *opts, struct error *err)
{
	if (opts->common_passwords == NULL || opts->common_passwords[0] ==
	    '\0') {
		error_set(err, ERR_INTERNAL,
		    "no list of common passwords was given");
		return -1;
	}
	return 0;
}

int
account_check_new_email(struct store *st, const char *email,
    struct error *err)
{
	struct store_account a;

	if (check_email(email, err) != 0)
		return -1;
	if (store_account_find(st, email, &a, err) == 0) {
		store_account_free(&a);
		error_set(err, ERR_CONFLICT, _("an account %s exists already"),
		    email);
		return -1;
	}
	return err->kind == ERR_NOT_FOUND ? 0 : -1;
}

int
account_store_is_new(struct store *st, bool *is_new, struct error *err)
{
	int64_t count;

	if (store_account_count(st, &count, err) != 0)
		return -1;
	*is_new = count == 0;
	return 0;
}

static int
refuse_non_admin(struct store *st, struct session *creator,
    struct error *err)
{
	bool is_new;

	if (account_store_is_new(st, &is_new, err) != 0)
		return -1;
	if (is_new)
		return 0;
	if (creator != NULL && session_check_open(creator, err) != 0)
		return -1;
	if (creator != NULL && creator->is_admin)
		return 0;
	error_set(err, ERR_DENIED,
	    _("only an administrator may create accounts; run this with --user and an administrator's email"));
	return -1;
}

struct creation {
	struct store *st;
	const struct session_options *opts;
	struct session *creator;
	struct store_account a;
	struct account_keypair kp;
	const char *first_name;
	const char *last_name;
	int64_t now;
};

static int
write_account(void *ctx, struct error *err)
{
	struct creation *c = ctx;
	struct new_record record = { 0, c->kp.public_key, c->first_name,
	    c->last_name, NULL, c->now };
	struct audit_note note = { "create", "users", 0, 0, NULL,
	    "account created" };
	int64_t person_id;
	bool is_new;

	if (account_store_is_new(c->st, &is_new, err) != 0)
		return -1;
	if (!is_new && refuse_non_admin(c->st, c->creator, err) != 0)
		return -1;
	c->a.is_admin = is_new || c->a.is_admin;
	if (is_new)
		note.description = "first account created: administrator";
	else if (c->a.is_admin)
		note.description = "administrator account created";
	if (store_account_insert(c->st, &c->a, &c->a.user_id, err) != 0)
		return -1;
	record.managed_by = note.record_id = c->a.user_id;
	if (health_create_record(c->st, &record, &person_id, err) != 0 ||
	    store_account_set_person(c->st, c->a.user_id, person_id, err) != 0)
		return -1;
	if (c->creator != NULL)
		return session_audit(c->creator, &note, err);
	return session_audit_anonymous(c->st, c->opts, c->a.user_id, &note,
	    err);
}

/* The part of an email before the @, as a first name to start with. */
static void
name_from_email(const char *email, char *buf, size_t size)
{
	size_t len = strcspn(email, "@");

	if (len >= size)
		len = size - 1;
	memcpy(buf, email, len);
	buf[len] = '\0';
}

static int
prepare_keys(struct creation *c, const struct account_request *req,
    char recovery_code[KEYS_RECOVERY_CODE_SIZE], struct error *err)
{
	struct kdf_cost cost = c->opts->kdf;

	if (keys_keypair_new(&c->kp, err) != 0)
		return -1;
	memcpy(c->a.public_key, c->kp.public_key, sizeof c->a.public_key);
	keys_recovery_code_new(recovery_code);
	if (password_hash(req->password, cost, c->a.password_hash, err) != 0
	    || keys_wrap_secret_anew(&c->kp, req->password, cost,
	    &c->a.secret_by_password, c->a.password_salt, err) != 0 ||
	    keys_wrap_secret_anew(&c->kp, recovery_code, cost,
	    &c->a.secret_by_recovery, c->a.recovery_salt, err) != 0)
		return -1;
	return 0;
}

int
account_create(struct store *st, const struct session_options *opts,
    struct session *creator, const struct account_request *req,
    char recovery_code[KEYS_RECOVERY_CODE_SIZE], int64_t *user_id,
    struct error *err)
{
	struct creation c;
	char first[101], today[11];
	int rc;

	memset(&c, 0, sizeof c);
	c.st = st;
	c.opts = opts;
	c.creator = creator;
	c.now = clock_now(opts->clock);
	health_date_of(c.now, today);
	if (account_check_new_email(st, req->email, err) != 0 ||
	    need_list(opts, err) != 0 ||
	    refuse_non_admin(st, creator, err) != 0 ||
	    password_check(req->password, req->email, opts->common_passwords,
	    err) != 0)
		return -1;
	name_from_email(req->email, first, sizeof first);
	c.first_name = req->first_name ? req->first_name : first;
	c.last_name = req->last_name;
	if (health_check_new_record(c.first_name, c.last_name, NULL, today,
	    err) != 0)
		return -1;
	str_copy(c.a.email, sizeof c.a.email, req->email);
	c.a.status = ACCOUNT_ACTIVE;
	c.a.is_admin = req->is_admin;
	c.a.created_at = c.now;
	rc = prepare_keys(&c, req, recovery_code, err);
	if (rc == 0)
		rc = session_in_transaction(st, write_account, &c, err);
	if (rc == 0)
		*user_id = c.a.user_id;
	else
		memset(recovery_code, 0, KEYS_RECOVERY_CODE_SIZE);
	keys_keypair_wipe(&c.kp);
	store_account_free(&c.a);
	return rc;
}

/* Passwords ------------------------------------------------------------- */

struct password_change {
	struct store *st;
	struct session *s;			/* NULL when recovering */
	const struct session_options *opts;
	int64_t user_id;
	char hash[PASSWORD_HASH_SIZE];
	struct blob wrapped;
	unsigned char salt[KEYS_SALT_BYTES];
	struct blob by_recovery;		/* empty unless recovering */
	unsigned char recovery_salt[KEYS_SALT_BYTES];
};

static int
write_password(void *ctx, struct error *err)
{
	struct password_change *p = ctx;
	struct audit_note note = { "password_change", "users", p->user_id, 0,
	    NULL, "password changed" };
	int64_t now = clock_now(p->opts->clock);

	if (store_account_set_password(p->st, p->user_id, p->hash, &p->wrapped,
	    p->salt, now, err) != 0)
		return -1;
	if (p->s != NULL)
		return session_audit(p->s, &note, err);
	note.description = "password reset with the recovery code";
	if (store_account_set_recovery(p->st, p->user_id, &p->by_recovery,
	    p->recovery_salt, now, err) != 0 ||
	    store_account_unlock(p->st, p->user_id, err) != 0)
		return -1;
	return session_audit_anonymous(p->st, p->opts, p->user_id, &note, err);
}

static void
password_change_free(struct password_change *p)
{
	blob_free(&p->wrapped);
	blob_free(&p->by_recovery);
	memset(p->hash, 0, sizeof p->hash);
}

int
account_change_password(struct session *s, const char *current,
    const char *new_password, struct error *err)
{
	struct session_options opts;
	struct password_change p;
	struct store_account a;
	int rc;

	memset(&p, 0, sizeof p);
	session_options_of(s, &opts);
	if (session_check_open(s, err) != 0)
		return -1;
	if (store_account_get(s->st, s->user_id, &a, err) != 0)
		return -1;
	rc = password_matches(a.password_hash, current) ? 0 : -1;
	if (rc != 0) {
		error_set(err, ERR_DENIED, _("the current password is wrong"));
		session_count_failure(s->st, &opts, &a,
		    "wrong password at password change", err);
	}
	store_account_free(&a);
	if (rc != 0 || need_list(&opts, err) != 0 ||
	    password_check(new_password, s->email, s->common_passwords,
	    err) != 0)
		return -1;
	p.st = s->st;
	p.s = s;
	p.opts = &opts;
	p.user_id = s->user_id;
	rc = password_hash(new_password, s->kdf, p.hash, err);
	if (rc == 0)
		rc = keys_wrap_secret_anew(&s->keys, new_password, s->kdf,
		    &p.wrapped, p.salt, err);
	if (rc == 0)
		rc = session_in_transaction(s->st, write_password, &p, err);
	password_change_free(&p);
	return rc;
}

static int
recover_keys(struct store *st, const struct session_options *opts,
    const struct store_account *a, const char *recovery_code,
    struct account_keypair *kp, struct error *err)
{
	char code[KEYS_RECOVERY_CODE_SIZE];
	int rc;

	if (keys_recovery_code_normalise(recovery_code, code, err) != 0)
		return -1;
	memcpy(kp->public_key, a->public_key, sizeof kp->public_key);
	rc = keys_unwrap_secret(a->secret_by_recovery.data,
	    a->secret_by_recovery.len, code, a->recovery_salt, kp, err);
	memset(code, 0, sizeof code);
	if (rc != 0 && err->kind == ERR_DENIED) {
		error_set(err, ERR_DENIED, _("wrong email or recovery code"));
		session_count_failure(st, opts, a, "wrong recovery code", err);
	}
	return rc;
}

int
account_recover(struct store *st, const struct session_options *opts,
    const char *email, const char *recovery_code, const char *new_password,
    char new_code[KEYS_RECOVERY_CODE_SIZE], struct error *err)
{
	struct account_keypair kp = { { 0 }, NULL };
	struct password_change p;
	struct store_account a;
	int rc = -1;

	memset(&p, 0, sizeof p);
	if (need_list(opts, err) != 0)
		return -1;
	if (store_account_find(st, email, &a, err) != 0) {
		if (err->kind == ERR_NOT_FOUND)
			error_set(err, ERR_DENIED,
			    _("wrong email or recovery code"));
		return -1;
	}
	if (session_check_lock(st, opts, &a, err) != 0 ||
	    recover_keys(st, opts, &a, recovery_code, &kp, err) != 0 ||
	    password_check(new_password, email, opts->common_passwords,
	    err) != 0)
		goto done;
	p.st = st;
	p.opts = opts;
	p.user_id = a.user_id;
	keys_recovery_code_new(new_code);
	if (password_hash(new_password, opts->kdf, p.hash, err) != 0 ||
	    keys_wrap_secret_anew(&kp, new_password, opts->kdf, &p.wrapped,
	    p.salt, err) != 0 ||
	    keys_wrap_secret_anew(&kp, new_code, opts->kdf, &p.by_recovery,
	    p.recovery_salt, err) != 0)
		goto done;
	rc = session_in_transaction(st, write_password, &p, err);
done:
	if (rc != 0)
		memset(new_code, 0, KEYS_RECOVERY_CODE_SIZE);
	keys_keypair_wipe(&kp);
	password_change_free(&p);
	store_account_free(&a);
	return rc;
}

/* Second factor --------------------------------------------------------- */

int
account_totp_begin(struct session *s, struct totp_enrolment *e,
    struct error *err)
{
	memset(e, 0, sizeof *e);
	totp_secret_new(e->secret);
	return totp_uri(PACKAGE_NAME, s->email, e->secret, sizeof e->secret,
	    &e->uri, err);
}

void
account_totp_discard(struct totp_enrolment *e)
{
	memset(e->secret, 0, sizeof e->secret);
	free(e->uri);
	e->uri = NULL;
}

struct totp_change {
	struct session *s;
	const struct blob *sealed;		/* NULL to turn off */
	int64_t step;
};

static int
write_totp(void *ctx, struct error *err)
{
	struct totp_change *t = ctx;
	struct audit_note note = { "update", "users", t->s->user_id, 0,
	    NULL, t->sealed ? "two-factor login turned on" :
	    "two-factor login turned off" };

	if (store_account_set_totp(t->s->st, t->s->user_id, t->sealed, t->step,
	    session_now(t->s), err) != 0)
		return -1;
	return session_audit(t->s, &note, err);
}

int
account_totp_enable(struct session *s, const struct totp_enrolment *e,
    const char *code, struct error *err)
{
	struct blob sealed = { NULL, 0 };
	struct totp_change t = { s, &sealed, 0 };
	int rc;

	if (session_check_open(s, err) != 0)
		return -1;
	if (totp_check(e->secret, sizeof e->secret, code, session_now(s), 0,
	    &t.step, err) != 0 ||
	    keys_seal_to_account(e->secret, sizeof e->secret,
	    s->keys.public_key, &sealed, err) != 0)
		return -1;
	rc = session_in_transaction(s->st, write_totp, &t, err);
	blob_free(&sealed);
	return rc;
}

int
account_totp_disable(struct session *s, struct error *err)
{
	struct totp_change t = { s, NULL, 0 };

	if (session_check_open(s, err) != 0)
		return -1;
	return session_in_transaction(s->st, write_totp, &t, err);
}

int
account_totp_enabled(struct session *s, bool *enabled, struct error *err)
{
	struct store_account a;

	if (store_account_get(s->st, s->user_id, &a, err) != 0)
		return -1;
	*enabled = a.two_factor;
	store_account_free(&a);
	return 0;
}

/* Quiet hours ----------------------------------------------------------- */

int
account_quiet_hours_get(struct session *s, char start[6], char end[6],
    struct error *err)
{
	if (session_check_open(s, err) != 0)
		return -1;
	return store_quiet_hours_get(s->st, s->user_id, start, end, err);
}

int
account_quiet_hours_set(struct session *s, const char *value,
    struct error *err)
{
	struct audit_note note = { "update", "notification_preferences", 0, 0,
	    "{\"fields\":[\"quiet_hours_start\",\"quiet_hours_end\"]}",
	    "quiet hours changed" };
	char start[6], end[6];

	if (session_check_open(s, err) != 0 ||
	    profile_parse_quiet_hours(value, start, end, err) != 0)
		return -1;
	if (store_begin(s->st, err) != 0)
		return -1;
	if (store_quiet_hours_set(s->st, s->user_id, start, end, err) != 0 ||
	    session_audit(s, &note, err) != 0) {
		store_rollback(s->st);
		return -1;
	}
	return store_commit(s->st, err);
}

/* Names ---------------------------------------------------------------- */

void
account_display_name(struct session *s, int64_t user_id, char *buf,
    size_t size)
{
	struct store_account a;
	struct error err;
	unsigned perms = 0;
	char *full = NULL;

	memset(&a, 0, sizeof a);
	if (store_account_get(s->st, user_id, &a, &err) != 0) {
		snprintf(buf, size, _("account %lld"), (long long)user_id);
		return;
	}
	if (a.person_id != 0 && access_permissions(s, a.person_id, &perms,
	    &err) == 0 && (perms & PERM_VIEW) &&
	    health_person_names(s, a.person_id, NULL, &full, &err) == 0 &&
	    full != NULL && full[0] != '\0')
		snprintf(buf, size, "%s", full);
	else
		snprintf(buf, size, "%s", a.email);
	vault_free_text(full);
	store_account_free(&a);
}

int
account_notify_get(struct session *s, struct store_notify_settings *out,
    struct error *err)
{
	if (session_check_open(s, err) != 0)
		return -1;
	return store_notify_settings_get(s->st, s->user_id, out, err);
}

static int
check_notify(const struct store_notify_settings *in, struct error *err)
{
	char range[16], start[6], end[6];

	if (in->advance_minutes < 0 || in->advance_minutes > 240) {
		error_set(err, ERR_INVALID,
		    _("reminders may come 0 to 240 minutes early, not %d"),
		    in->advance_minutes);
		return -1;
	}
	if (in->quiet_start[0] == '\0' && in->quiet_end[0] == '\0')
		return 0;
	snprintf(range, sizeof range, "%s-%s", in->quiet_start, in->quiet_end);
	return profile_parse_quiet_hours(range, start, end, err);
}

struct notify_change {
	struct session *s;
	const struct store_notify_settings *in;
	int64_t person_id;
	const char *zone;
};

static int
write_notify(void *ctx, struct error *err)
{
	struct notify_change *c = ctx;
	struct audit_note note = { "update", "notification_preferences", 0, 0,
	    "{\"fields\":[\"medication_reminders\",\"missed_dose_alerts\","
	    "\"refill_reminders\",\"interaction_warnings\","
	    "\"reminder_advance_minutes\",\"quiet_hours_start\","
	    "\"quiet_hours_end\"]}", "notification settings changed" };

	if (c->zone != NULL) {
		struct profile_change zone = { PF_TIMEZONE, c->zone };

		if (health_profile_update(c->s, c->person_id, &zone, 1,
		    err) != 0)
			return -1;
	}
	if (store_notify_settings_set(c->s->st, c->s->user_id, c->in,
	    err) != 0)
		return -1;
	return session_audit(c->s, &note, err);
}

int
account_notify_set(struct session *s, const struct store_notify_settings *in,
    int64_t person_id, const char *zone, struct error *err)
{
	struct notify_change c = { s, in, person_id, zone };

	if (session_check_open(s, err) != 0 || check_notify(in, err) != 0)
		return -1;
	return session_in_transaction(s->st, write_notify, &c, err);
}

/* Administration ------------------------------------------------------- */

static int
require_admin(struct session *s, const char *what, struct error *err)
{
	if (session_check_open(s, err) != 0)
		return -1;
	if (s->is_admin)
		return 0;
	error_set(err, ERR_DENIED, _("only an administrator may %s"), what);
	return -1;
}

struct status_change {
	struct session *admin;
	struct store_account target;
	enum account_status status;
	bool unlock;
};

static int
write_status(void *ctx, struct error *err)
{
	struct status_change *c = ctx;
	char values[64];
	struct audit_note note = { "update", "users", c->target.user_id, 0,
	    values, "account status changed" };

	if (c->unlock) {
		note.new_values = NULL;
		note.description = "account unlocked by an administrator";
		if (store_account_unlock(c->admin->st, c->target.user_id,
		    err) != 0)
			return -1;
		return session_audit(c->admin, &note, err);
	}
	snprintf(values, sizeof values, "{\"account_status\":\"%s\"}",
	    store_account_status_name(c->status));
	if (store_account_set_status(c->admin->st, c->target.user_id,
	    c->status, session_now(c->admin), err) != 0)
		return -1;
	if (c->status != ACCOUNT_ACTIVE && store_session_end_all(c->admin->st,
	    c->target.user_id, "admin_logout", err) != 0)
		return -1;
	return session_audit(c->admin, &note, err);
}

static int
change_account(struct session *admin, const char *email,
    struct status_change *c, struct error *err)
{
	int rc;

	c->admin = admin;
	if (require_admin(admin, _("change other accounts"), err) != 0 ||
	    store_account_find(admin->st, email, &c->target, err) != 0)
		return -1;
	if (c->target.user_id == admin->user_id && !c->unlock) {
		store_account_free(&c->target);
		error_set(err, ERR_USAGE,
		    _("an administrator cannot change the status of their own account; ask another administrator"));
		return -1;
	}
	rc = session_in_transaction(admin->st, write_status, c, err);
	store_account_free(&c->target);
	return rc;
}

int
account_set_status(struct session *admin, const char *email,
    enum account_status status, struct error *err)
{
	struct status_change c;

	memset(&c, 0, sizeof c);
	c.status = status;
	return change_account(admin, email, &c, err);
}

int
account_unlock(struct session *admin, const char *email, struct error *err)
{
	struct status_change c;

	memset(&c, 0, sizeof c);
	c.unlock = true;
	return change_account(admin, email, &c, err);
}

int
account_audit_read(struct session *admin, const char *email, int limit,
    int (*each)(const struct store_audit_row *row, void *ctx), void *ctx,
    struct error *err)
{
	struct audit_note note = { "read", "audit_logs", 0, 0, NULL,
	    "audit log read" };
	struct store_account a;
	int64_t user_id = 0;

	if (require_admin(admin, _("read the audit log"), err) != 0)
		return -1;
	if (email != NULL) {
		if (store_account_find(admin->st, email, &a, err) != 0)
			return -1;
		user_id = a.user_id;
		store_account_free(&a);
	}
	if (session_audit(admin, &note, err) != 0)
		return -1;
	return store_audit_list(admin->st, user_id, limit, each, ctx, err);
}
