#include "config.h"

#include "service/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/flagword.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "service/access_internal.h"
#include "service/health.h"
#include "service/session_internal.h"
#include "service/vault.h"
#include "store/people.h"
#include "store/providers.h"

static const struct flag_word permission_words[] = {
	{ PERM_VIEW, "view" },
	{ PERM_RECORD, "record" },
	{ PERM_EDIT, "edit" },
	{ PERM_ALERTS, "alerts" },
};

#define WORD_COUNT (sizeof permission_words / sizeof *permission_words)

/* "you may view ... but not <doing>", in the order of permission_words. */
static const char *const permission_doing[WORD_COUNT] = {
	N_("view it"),
	N_("record doses"),
	N_("edit medications and health details"),
	N_("receive alerts"),
};

static unsigned
care_permissions(const struct store_care *c)
{
	unsigned p = PERM_VIEW;

	if (c->can_record_doses)
		p |= PERM_RECORD;
	if (c->can_edit_medications)
		p |= PERM_EDIT;
	if (c->can_receive_alerts)
		p |= PERM_ALERTS;
	return p;
}

/*
 * A provider's link speaks of medications: seeing them needs the record
 * (allergies and conditions screen them), and prescribing or changing a
 * prescription is editing medications.
 */
static unsigned
provider_permissions(const struct store_provider_rights *r)
{
	unsigned p = 0;

	if (r->view)
		p |= PERM_VIEW;
	if (r->prescribe || r->modify)
		p |= PERM_VIEW | PERM_EDIT;
	return p;
}

/* What an account other than the manager holds by grant and by link. */
static int
granted_permissions(struct store *st, int64_t person_id, int64_t user_id,
    unsigned *perms, struct error *err)
{
	struct store_provider_rights rights;
	struct store_care care;

	*perms = 0;
	if (store_care_active(st, person_id, user_id, &care, err) == 0)
		*perms = care_permissions(&care);
	else if (err->kind != ERR_NOT_FOUND)
		return -1;
	if (store_provider_rights_of(st, person_id, user_id, &rights, err) != 0)
		return -1;
	*perms |= provider_permissions(&rights);
	return 0;
}

static int
permissions_of(struct session *s, int64_t person_id, unsigned *perms,
    int64_t *manager, struct error *err)
{
	uint32_t version;

	*perms = 0;
	*manager = 0;
	if (store_person_get(s->st, person_id, manager, &version, err) != 0)
		return err->kind == ERR_NOT_FOUND ? 0 : -1;
	if (*manager == s->user_id || person_id == s->self_person) {
		*perms = PERM_GRANTABLE | PERM_MANAGE;
		return 0;
	}
	return granted_permissions(s->st, person_id, s->user_id, perms, err);
}

int
access_permissions(struct session *s, int64_t person_id, unsigned *perms,
    struct error *err)
{
	int64_t manager;

	if (session_check_open(s, err) != 0)
		return -1;
	return permissions_of(s, person_id, perms, &manager, err);
}

static const char *
doing_of(unsigned missing)
{
	for (size_t i = 0; i < WORD_COUNT; i++) {
		if (missing & permission_words[i].bit)
			return _(permission_doing[i]);
	}
	return _("manage who may see it");
}

/* Whether the session sees the record through a provider link alone. */
static bool
by_provider_link_only(struct session *s, int64_t person_id)
{
	struct store_care care;
	struct error ignored;

	return store_care_active(s->st, person_id, s->user_id, &care,
	    &ignored) != 0 && ignored.kind == ERR_NOT_FOUND;
}

static void
refuse(struct session *s, int64_t person_id, unsigned held, unsigned missing,
    int64_t manager, struct error *err)
{
	struct store_account m;
	char *name = NULL, words[64], who[256] = "";

	if (manager != 0 && store_account_get(s->st, manager, &m, err) == 0) {
		str_copy(who, sizeof who, m.email);
		store_account_free(&m);
	}
	if (!(held & PERM_VIEW)) {
		error_set(err, ERR_DENIED,
		    _("you have no access to the record of person %lld, not even to view it: whoever looks after it can grant you \"view\" and more with \"prescripcare grant\""),
		    (long long)person_id);
		return;
	}
	if (health_person_names(s, person_id, NULL, &name, err) != 0)
		name = NULL;
	if (missing & PERM_MANAGE)
		error_set(err, ERR_DENIED,
		    _("only whoever manages %s's record (%s) may grant or revoke access to it"),
		    name ? name : "?", who);
	else if (by_provider_link_only(s, person_id) && missing == PERM_EDIT)
		error_set(err, ERR_DENIED,
		    _("you may view %s's record as a linked provider but not %s: ask %s to link you with \"prescribe\" or \"modify\""),
		    name ? name : "?", doing_of(missing), who);
	else
		error_set(err, ERR_DENIED,
		    _("you may view %s's record but not %s: ask %s to grant \"%s\""),
		    name ? name : "?", doing_of(missing), who,
		    access_format(missing, words, sizeof words));
	vault_free_text(name);
}

int
access_require(struct session *s, int64_t person_id, unsigned wanted,
    struct error *err)
{
	unsigned held;
	int64_t manager;

	if (session_check_open(s, err) != 0 ||
	    permissions_of(s, person_id, &held, &manager, err) != 0)
		return -1;
	if ((held & wanted) == wanted)
		return 0;
	refuse(s, person_id, held, wanted & ~held, manager, err);
	return -1;
}

static bool
already_noted(const struct session *s, int64_t person_id, const char *table)
{
	for (size_t i = 0; i < s->read_count; i++) {
		if (s->reads[i].person_id == person_id &&
		    strcmp(s->reads[i].table, table) == 0)
			return true;
	}
	return false;
}

int
access_read(struct session *s, int64_t person_id, const char *table,
    struct error *err)
{
	struct audit_note note = { "read", table, 0, person_id, NULL,
	    "record viewed" };
	struct noted_read *grown;

	if (access_require(s, person_id, PERM_VIEW, err) != 0)
		return -1;
	if (person_id == s->self_person || already_noted(s, person_id, table))
		return 0;
	if (session_audit(s, &note, err) != 0)
		return -1;
	grown = realloc(s->reads, (s->read_count + 1) * sizeof *s->reads);
	if (grown != NULL) {
		s->reads = grown;
		s->reads[s->read_count].person_id = person_id;
		str_copy(s->reads[s->read_count++].table,
		    sizeof s->reads[0].table, table);
	}
	return 0;
}

int
access_parse(const char *list, unsigned *permissions, struct error *err)
{
	const char *bad;
	size_t bad_len;

	if (flag_words_parse(list, permission_words, WORD_COUNT, permissions,
	    &bad, &bad_len) != 0) {
		error_set(err, ERR_USAGE,
		    _("unknown permission \"%.*s\"; choose from view, record, edit, alerts"),
		    (int)bad_len, bad);
		return -1;
	}
	if (*permissions == 0) {
		error_set(err, ERR_USAGE,
		    _("--can needs a list such as view,record,edit,alerts"));
		return -1;
	}
	/* Recording or editing what one cannot see makes no sense. */
	*permissions |= PERM_VIEW;
	return 0;
}

const char *
access_format(unsigned permissions, char *buf, size_t size)
{
	static const struct flag_word manage = { PERM_MANAGE, "manage" };
	size_t used;

	buf[0] = '\0';
	used = flag_words_append(permissions, permission_words, WORD_COUNT,
	    buf, size, 0);
	used = flag_words_append(permissions, &manage, 1, buf, size, used);
	if (used == 0)
		str_copy(buf, size, "none");
	return buf;
}

/* Keys follow access ---------------------------------------------------- */

/* Seals every key version the session holds to another account. */
static int
share_keys(struct session *s, int64_t person_id,
    const struct store_account *to, struct error *err)
{
	uint32_t *versions;
	size_t count;
	int rc = 0;

	if (store_person_key_versions(s->st, person_id, s->user_id, &versions,
	    &count, err) != 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < count; i++) {
		unsigned char sealed[KEYS_SEALED_DATA_KEY_BYTES];
		struct blob mine = { NULL, 0 };
		unsigned char *key;

		rc = store_person_key_get(s->st, person_id, s->user_id,
		    versions[i], &mine, err);
		if (rc != 0)
			break;
		key = keys_open_data_key(mine.data, mine.len, &s->keys, err);
		blob_free(&mine);
		if (key == NULL) {
			rc = -1;
			break;
		}
		rc = keys_seal_data_key(key, to->public_key, sealed, err);
		keys_secure_free(key);
		if (rc == 0)
			rc = store_person_key_put(s->st, person_id, to->user_id,
			    versions[i], sealed, sizeof sealed,
			    clock_now(s->clock), err);
	}
	free(versions);
	return rc;
}

/* Seals a new data key version to every account that still holds one. */
static int
rotate_key(struct session *s, int64_t person_id, struct error *err)
{
	int64_t manager, *holders;
	uint32_t version;
	size_t count;
	unsigned char *key;
	int rc = 0;

	if (store_person_get(s->st, person_id, &manager, &version, err) != 0 ||
	    store_person_key_holders(s->st, person_id, &holders, &count,
	    err) != 0)
		return -1;
	if ((key = keys_data_key_new(err)) == NULL) {
		free(holders);
		return -1;
	}
	for (size_t i = 0; rc == 0 && i < count; i++) {
		unsigned char sealed[KEYS_SEALED_DATA_KEY_BYTES];
		struct store_account holder;

		rc = store_account_get(s->st, holders[i], &holder, err);
		if (rc != 0)
			break;
		rc = keys_seal_data_key(key, holder.public_key, sealed, err);
		store_account_free(&holder);
		if (rc == 0)
			rc = store_person_key_put(s->st, person_id, holders[i],
			    version + 1, sealed, sizeof sealed,
			    clock_now(s->clock), err);
	}
	keys_secure_free(key);
	free(holders);
	if (rc != 0)
		return -1;
	return store_person_set_key_version(s->st, person_id, version + 1,
	    err);
}

int
access_settle_keys(struct session *s, int64_t person_id, int64_t user_id,
    enum key_change *change, struct error *err)
{
	struct store_account account;
	uint32_t *held, version;
	int64_t manager;
	size_t held_count;
	unsigned perms;
	int rc;

	*change = KEYS_KEPT;
	if (store_person_get(s->st, person_id, &manager, &version, err) != 0 ||
	    store_account_get(s->st, user_id, &account, err) != 0)
		return -1;
	if (user_id == manager || account.person_id == person_id) {
		store_account_free(&account);
		return 0;
	}
	if (granted_permissions(s->st, person_id, user_id, &perms, err) != 0 ||
	    store_person_key_versions(s->st, person_id, user_id, &held,
	    &held_count, err) != 0) {
		store_account_free(&account);
		return -1;
	}
	free(held);
	if (perms & PERM_VIEW) {
		*change = KEYS_SHARED;
		rc = share_keys(s, person_id, &account, err);
	} else if (held_count > 0) {
		*change = KEYS_WITHDRAWN;
		rc = store_person_keys_delete(s->st, person_id, user_id, err);
		if (rc == 0)
			rc = rotate_key(s, person_id, err);
	} else {
		rc = 0;
	}
	store_account_free(&account);
	return rc;
}

/* Grant and revoke ------------------------------------------------------ */

struct change {
	struct session *s;
	int64_t person_id;
	struct store_account grantee;
	unsigned permissions;
};

static int
write_grant(void *ctx, struct error *err)
{
	struct change *c = ctx;
	struct store_care care;
	enum key_change keys;
	char values[160], words[64];
	struct audit_note note = { "grant", "care_relationships", 0,
	    c->person_id, values, "access granted" };

	memset(&care, 0, sizeof care);
	care.person_id = c->person_id;
	care.user_id = c->grantee.user_id;
	care.can_view = true;
	care.can_record_doses = (c->permissions & PERM_RECORD) != 0;
	care.can_edit_medications = (c->permissions & PERM_EDIT) != 0;
	care.can_receive_alerts = (c->permissions & PERM_ALERTS) != 0;
	care.granted_by = c->s->user_id;
	if (store_care_grant(c->s->st, &care, clock_now(c->s->clock), err) != 0
	    || access_settle_keys(c->s, c->person_id, c->grantee.user_id,
	    &keys, err) != 0)
		return -1;
	snprintf(values, sizeof values,
	    "{\"grantee_user_id\":%lld,\"permissions\":\"%s\"}",
	    (long long)c->grantee.user_id,
	    access_format(c->permissions, words, sizeof words));
	return session_audit(c->s, &note, err);
}

static int
find_other_account(struct change *c, const char *email, struct error *err)
{
	if (store_account_find(c->s->st, email, &c->grantee, err) != 0)
		return -1;
	if (c->grantee.user_id == c->s->user_id) {
		store_account_free(&c->grantee);
		error_set(err, ERR_USAGE,
		    _("you manage this record already; grant and revoke name another account"));
		return -1;
	}
	return 0;
}

int
access_grant(struct session *s, int64_t person_id, const char *email,
    unsigned permissions, struct error *err)
{
	struct change c = { s, person_id, { 0 }, permissions };
	int rc;

	if (access_require(s, person_id, PERM_MANAGE, err) != 0 ||
	    find_other_account(&c, email, err) != 0)
		return -1;
	if (c.grantee.status != ACCOUNT_ACTIVE) {
		error_set(err, ERR_INVALID,
		    _("the account %s is %s; only active accounts can be granted access"),
		    email, store_account_status_name(c.grantee.status));
		store_account_free(&c.grantee);
		return -1;
	}
	rc = session_in_transaction(s->st, write_grant, &c, err);
	store_account_free(&c.grantee);
	return rc;
}

/*
 * The data key rotates unless a provider link still lets the account
 * see the record, in which case it keeps its keys.
 */
static int
write_revoke(void *ctx, struct error *err)
{
	struct change *c = ctx;
	struct store_care care;
	enum key_change keys;
	int64_t manager;
	uint32_t version;
	char values[160];
	struct audit_note note = { "revoke", "care_relationships", 0,
	    c->person_id, values, "access revoked; data key rotated" };

	if (store_care_active(c->s->st, c->person_id, c->grantee.user_id,
	    &care, err) != 0) {
		if (err->kind == ERR_NOT_FOUND)
			error_set(err, ERR_NOT_FOUND,
			    _("%s has no access to this record to revoke"),
			    c->grantee.email);
		return -1;
	}
	note.record_id = care.relationship_id;
	if (store_care_revoke(c->s->st, c->person_id, c->grantee.user_id,
	    clock_now(c->s->clock), err) != 0 ||
	    access_settle_keys(c->s, c->person_id, c->grantee.user_id, &keys,
	    err) != 0 ||
	    store_person_get(c->s->st, c->person_id, &manager, &version,
	    err) != 0)
		return -1;
	if (keys == KEYS_SHARED)
		note.description = "access revoked; a provider link remains";
	snprintf(values, sizeof values,
	    "{\"revoked_user_id\":%lld,\"key_version\":%u}",
	    (long long)c->grantee.user_id, (unsigned)version);
	return session_audit(c->s, &note, err);
}

int
access_revoke(struct session *s, int64_t person_id, const char *email,
    struct error *err)
{
	struct change c = { s, person_id, { 0 }, 0 };
	int rc;

	if (access_require(s, person_id, PERM_MANAGE, err) != 0 ||
	    find_other_account(&c, email, err) != 0)
		return -1;
	rc = session_in_transaction(s->st, write_revoke, &c, err);
	store_account_free(&c.grantee);
	if (rc == 0)
		session_forget_person_keys(s, person_id);
	return rc;
}

int
access_list_grants(struct session *s, int64_t person_id,
    struct access_grant **grants, size_t *count, struct error *err)
{
	struct store_care *cares;
	size_t n;

	if (access_require(s, person_id, PERM_MANAGE, err) != 0 ||
	    store_care_list(s->st, person_id, &cares, &n, err) != 0)
		return -1;
	*grants = calloc(n ? n : 1, sizeof **grants);
	if (*grants == NULL) {
		free(cares);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct store_account a;

		(*grants)[i].permissions = care_permissions(&cares[i]);
		(*grants)[i].granted_at = cares[i].granted_at;
		if (store_account_get(s->st, cares[i].user_id, &a, err) == 0) {
			str_copy((*grants)[i].email, sizeof (*grants)[i].email,
			    a.email);
			store_account_free(&a);
		}
	}
	free(cares);
	*count = n;
	return 0;
}
