#include "config.h"

#include "service/providers.h"

#include <stdio.h>
#include <string.h>

#include "common/flagword.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/npi.h"
#include "domain/profile.h"
#include "service/access.h"
#include "service/access_internal.h"
#include "service/session_internal.h"
#include "store/people.h"

static const struct flag_word right_words[] = {
	{ PROVIDER_VIEW, "view" },
	{ PROVIDER_PRESCRIBE, "prescribe" },
	{ PROVIDER_MODIFY, "modify" },
};

#define RIGHT_COUNT (sizeof right_words / sizeof *right_words)

static const struct {
	const char *type;
	const char *label;
} link_types[] = {
	{ "primary_care", N_("primary care") },
	{ "specialist", N_("specialist") },
	{ "pharmacist", N_("pharmacist") },
	{ "other", N_("other") },
};

#define TYPE_COUNT (sizeof link_types / sizeof *link_types)

/* Rights ------------------------------------------------------------------ */

unsigned
provider_link_rights(const struct store_provider_link *l)
{
	unsigned r = 0;

	if (l->can_view_medications)
		r |= PROVIDER_VIEW;
	if (l->can_prescribe)
		r |= PROVIDER_PRESCRIBE;
	if (l->can_modify_prescriptions)
		r |= PROVIDER_MODIFY;
	return r;
}

int
provider_parse_rights(const char *list, unsigned *rights, struct error *err)
{
	const char *bad;
	size_t bad_len;

	if (flag_words_parse(list, right_words, RIGHT_COUNT, rights, &bad,
	    &bad_len) != 0) {
		error_set(err, ERR_USAGE,
		    _("unknown provider right \"%.*s\"; choose from view, prescribe, modify"),
		    (int)bad_len, bad);
		return -1;
	}
	if (*rights == 0) {
		error_set(err, ERR_USAGE,
		    _("--can needs a list such as view,prescribe,modify"));
		return -1;
	}
	/* Prescribing for someone whose medicines one cannot see is unsafe. */
	*rights |= PROVIDER_VIEW;
	return 0;
}

const char *
provider_format_rights(unsigned rights, char *buf, size_t size)
{
	buf[0] = '\0';
	if (flag_words_append(rights, right_words, RIGHT_COUNT, buf, size,
	    0) == 0)
		str_copy(buf, size, "none");
	return buf;
}

const char *
provider_type_label(const char *type)
{
	for (size_t i = 0; i < TYPE_COUNT; i++) {
		if (strcmp(link_types[i].type, type) == 0)
			return _(link_types[i].label);
	}
	return type;
}

/* The directory ----------------------------------------------------------- */

static const char *
or_empty(const char *text)
{
	return text != NULL ? text : "";
}

/* Checks one optional text field and copies it into the entry. */
static int
take_text(const char *option, const char *value, char *out, size_t size,
    struct error *err)
{
	if (profile_check_text(option, value, size - 1, err) != 0)
		return -1;
	str_copy(out, size, value);
	return 0;
}

static int
check_entry(const struct provider_input *in, struct store_provider *p,
    struct error *err)
{
	const char *email = or_empty(in->email);

	memset(p, 0, sizeof *p);
	if (or_empty(in->first_name)[0] == '\0' ||
	    or_empty(in->last_name)[0] == '\0') {
		error_set(err, ERR_USAGE,
		    _("a provider needs --first-name and --last-name"));
		return -1;
	}
	if (take_text("first_name", in->first_name, p->first_name,
	    sizeof p->first_name, err) != 0 ||
	    take_text("last_name", in->last_name, p->last_name,
	    sizeof p->last_name, err) != 0 ||
	    take_text("title", or_empty(in->title), p->title, sizeof p->title,
	    err) != 0 ||
	    take_text("specialty", or_empty(in->specialty), p->specialty,
	    sizeof p->specialty, err) != 0 ||
	    take_text("practice", or_empty(in->practice_name),
	    p->practice_name, sizeof p->practice_name, err) != 0 ||
	    take_text("email", email, p->email, sizeof p->email, err) != 0)
		return -1;
	if (email[0] != '\0' && (strchr(email, '@') == NULL ||
	    strchr(email, ' ') != NULL)) {
		error_set(err, ERR_INVALID,
		    _("the email \"%s\" has no @ or has spaces; give it as name@example.org"),
		    email);
		return -1;
	}
	if (or_empty(in->npi_number)[0] != '\0') {
		if (npi_check(in->npi_number, err) != 0)
			return -1;
		str_copy(p->npi_number, sizeof p->npi_number, in->npi_number);
	}
	if (or_empty(in->phone_number)[0] != '\0') {
		if (profile_check_phone("phone_number", in->phone_number,
		    err) != 0)
			return -1;
		str_copy(p->phone_number, sizeof p->phone_number,
		    in->phone_number);
	}
	return 0;
}

/* Only the login itself, or an administrator, names a provider's login. */
static int
find_login(struct session *s, const char *email, int64_t *user_id,
    struct error *err)
{
	struct store_account a;

	if (store_account_find(s->st, email, &a, err) != 0)
		return -1;
	*user_id = a.user_id;
	store_account_free(&a);
	if (*user_id != s->user_id && !s->is_admin) {
		error_set(err, ERR_DENIED,
		    _("only %s or an administrator may tie a provider entry to that login"),
		    email);
		return -1;
	}
	return 0;
}

struct new_provider {
	struct session *s;
	struct store_provider p;
	int64_t id;
};

static int
write_provider(void *ctx, struct error *err)
{
	struct new_provider *n = ctx;
	char values[96];
	struct audit_note note = { "create", "healthcare_providers", 0, 0,
	    values, "provider added to the directory" };

	if (store_provider_insert(n->s->st, &n->p, clock_now(n->s->clock),
	    &n->id, err) != 0) {
		if (err->kind == ERR_CONFLICT)
			error_set(err, ERR_CONFLICT,
			    _("the directory has a provider with that NPI or that login already; \"prescripcare provider list\" shows it"));
		return -1;
	}
	note.record_id = n->id;
	snprintf(values, sizeof values, "{\"user_id\":%lld}",
	    (long long)n->p.user_id);
	return session_audit(n->s, &note, err);
}

int
provider_add(struct session *s, const struct provider_input *in,
    int64_t *provider_id, struct error *err)
{
	struct new_provider n = { s, { 0 }, 0 };

	if (session_check_open(s, err) != 0 || check_entry(in, &n.p, err) != 0)
		return -1;
	if (or_empty(in->account_email)[0] != '\0' &&
	    find_login(s, in->account_email, &n.p.user_id, err) != 0)
		return -1;
	if (session_in_transaction(s->st, write_provider, &n, err) != 0)
		return -1;
	*provider_id = n.id;
	return 0;
}

int
provider_get_active(struct session *s, int64_t provider_id,
    struct store_provider *p, struct error *err)
{
	if (store_provider_get(s->st, provider_id, p, err) != 0)
		return -1;
	if (!p->is_active) {
		error_set(err, ERR_INVALID,
		    _("provider %lld is no longer active in the directory"),
		    (long long)provider_id);
		return -1;
	}
	return 0;
}

void
provider_display_name(const struct store_provider *p, char *buf,
    size_t size)
{
	snprintf(buf, size, "%s%s%s %s", p->title, p->title[0] ? " " : "",
	    p->first_name, p->last_name);
}

int
provider_list(struct session *s, const char *text,
    struct store_provider **list, size_t *count, struct error *err)
{
	if (session_check_open(s, err) != 0)
		return -1;
	return store_provider_list(s->st, text, list, count, err);
}

/* Links ------------------------------------------------------------------- */

struct link_change {
	struct session *s;
	int64_t person_id;
	const struct provider_link_request *req;
	struct store_provider provider;
	int end_day;
};

static int
check_link(struct link_change *c, struct error *err)
{
	const struct provider_link_request *req = c->req;
	int64_t manager;
	uint32_t version;
	size_t i;

	for (i = 0; i < TYPE_COUNT; i++) {
		if (strcmp(link_types[i].type, or_empty(req->type)) == 0)
			break;
	}
	if (i == TYPE_COUNT) {
		error_set(err, ERR_USAGE,
		    _("a provider is linked --as primary_care, specialist, pharmacist or other"));
		return -1;
	}
	if (req->start_day > req->today) {
		error_set(err, ERR_INVALID,
		    _("a link cannot start after today; give --since today or an earlier day"));
		return -1;
	}
	if (provider_get_active(c->s, req->provider_id, &c->provider,
	    err) != 0)
		return -1;
	if (store_person_get(c->s->st, c->person_id, &manager, &version,
	    err) != 0)
		return -1;
	if (c->provider.user_id != 0 && c->provider.user_id == manager) {
		error_set(err, ERR_USAGE,
		    _("that provider's login manages this record already"));
		return -1;
	}
	return 0;
}

static int
audit_link(struct link_change *c, const char *action, unsigned rights,
    const char *description, struct error *err)
{
	char values[160], words[40];
	struct audit_note note = { action, "user_provider_relationships", 0,
	    c->person_id, values, description };

	snprintf(values, sizeof values,
	    "{\"provider_id\":%lld,\"rights\":\"%s\"}",
	    (long long)c->provider.provider_id,
	    provider_format_rights(rights, words, sizeof words));
	return session_audit(c->s, &note, err);
}

/* Settles the keys of the provider's login, when it has one. */
static int
settle_login(struct link_change *c, struct error *err)
{
	enum key_change keys;

	if (c->provider.user_id == 0)
		return 0;
	return access_settle_keys(c->s, c->person_id, c->provider.user_id,
	    &keys, err);
}

static int
write_link(void *ctx, struct error *err)
{
	struct link_change *c = ctx;
	const struct provider_link_request *req = c->req;
	struct store_provider_link l;
	int64_t now = clock_now(c->s->clock);

	memset(&l, 0, sizeof l);
	l.person_id = c->person_id;
	l.provider_id = req->provider_id;
	str_copy(l.relationship_type, sizeof l.relationship_type, req->type);
	l.is_primary = req->primary;
	l.start_day = req->start_day;
	l.can_view_medications = true;
	l.can_prescribe = (req->rights & PROVIDER_PRESCRIBE) != 0;
	l.can_modify_prescriptions = (req->rights & PROVIDER_MODIFY) != 0;

	/* A new link replaces the old one, so its history stays readable. */
	if (store_provider_link_end(c->s->st, c->person_id, req->provider_id,
	    req->today, now, err) != 0)
		return -1;
	if (req->primary &&
	    store_provider_clear_primary(c->s->st, c->person_id, now, err) != 0)
		return -1;
	if (store_provider_link_insert(c->s->st, &l, now, err) != 0 ||
	    settle_login(c, err) != 0)
		return -1;
	return audit_link(c, "grant", provider_link_rights(&l),
	    "provider linked", err);
}

int
provider_link(struct session *s, int64_t person_id,
    const struct provider_link_request *req, struct error *err)
{
	struct link_change c = { s, person_id, req, { 0 }, 0 };

	if (access_require(s, person_id, PERM_MANAGE, err) != 0 ||
	    check_link(&c, err) != 0)
		return -1;
	return session_in_transaction(s->st, write_link, &c, err);
}

static int
write_unlink(void *ctx, struct error *err)
{
	struct link_change *c = ctx;
	struct store_provider_link l;

	if (store_provider_link_active(c->s->st, c->person_id,
	    c->provider.provider_id, &l, err) != 0 ||
	    store_provider_link_end(c->s->st, c->person_id,
	    c->provider.provider_id, c->end_day, clock_now(c->s->clock),
	    err) != 0 ||
	    settle_login(c, err) != 0)
		return -1;
	return audit_link(c, "revoke", 0, "provider unlinked", err);
}

int
provider_unlink(struct session *s, int64_t person_id, int64_t provider_id,
    int end_day, struct error *err)
{
	struct link_change c = { s, person_id, NULL, { 0 }, end_day };
	int rc;

	if (access_require(s, person_id, PERM_MANAGE, err) != 0 ||
	    store_provider_get(s->st, provider_id, &c.provider, err) != 0)
		return -1;
	rc = session_in_transaction(s->st, write_unlink, &c, err);
	if (rc == 0)
		session_forget_person_keys(s, person_id);
	return rc;
}

int
provider_links(struct session *s, int64_t person_id,
    struct store_linked_provider **links, size_t *count, struct error *err)
{
	if (access_read(s, person_id, "user_provider_relationships",
	    err) != 0)
		return -1;
	return store_provider_links(s->st, person_id, links, count, err);
}
