#include "config.h"

#include "service/pharmacies.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/profile.h"
#include "service/session_internal.h"

static const char *const pharmacy_types[] = { "retail", "hospital",
    "mail_order", "specialty", "independent" };

#define TYPE_COUNT (sizeof pharmacy_types / sizeof *pharmacy_types)

/* Checks one text field and copies it; required ones may not be empty. */
static int
take(const char *field, const char *value, bool required, char *out,
    size_t size, struct error *err)
{
	const char *v = value != NULL ? value : "";

	if (required && v[0] == '\0') {
		error_set(err, ERR_USAGE,
		    _("a pharmacy needs its %s; see \"prescripcare pharmacy add\" in the manual"),
		    field);
		return -1;
	}
	if (profile_check_text(field, v, size - 1, err) != 0)
		return -1;
	str_copy(out, size, v);
	return 0;
}

static int
check_type(const char *type, char *out, size_t size, struct error *err)
{
	for (size_t i = 0; i < TYPE_COUNT; i++) {
		if (type != NULL && strcmp(type, pharmacy_types[i]) == 0) {
			str_copy(out, size, type);
			return 0;
		}
	}
	error_set(err, ERR_USAGE,
	    _("a pharmacy's --type is retail, hospital, mail_order, specialty or independent"));
	return -1;
}

static int
check_entry(const struct pharmacy_input *in, struct store_pharmacy *p,
    struct error *err)
{
	memset(p, 0, sizeof *p);
	if (take("name", in->name, true, p->name, sizeof p->name, err) != 0 ||
	    take("chain", in->chain, false, p->chain, sizeof p->chain,
	    err) != 0 ||
	    check_type(in->type, p->type, sizeof p->type, err) != 0 ||
	    take("phone_number", in->phone, true, p->phone, sizeof p->phone,
	    err) != 0 ||
	    profile_check_phone("phone_number", p->phone, err) != 0 ||
	    take("address", in->address_line1, true, p->address_line1,
	    sizeof p->address_line1, err) != 0 ||
	    take("city", in->city, true, p->city, sizeof p->city, err) != 0 ||
	    take("state", in->state_province, true, p->state_province,
	    sizeof p->state_province, err) != 0 ||
	    take("postal code", in->postal_code, true, p->postal_code,
	    sizeof p->postal_code, err) != 0 ||
	    take("country", in->country, true, p->country, sizeof p->country,
	    err) != 0)
		return -1;
	return 0;
}

struct new_pharmacy {
	struct session *s;
	struct store_pharmacy p;
	int64_t id;
};

static int
write_pharmacy(void *ctx, struct error *err)
{
	struct new_pharmacy *n = ctx;
	struct audit_note note = { "create", "pharmacies", 0, 0, NULL,
	    "pharmacy added to the directory" };

	if (store_pharmacy_insert(n->s->st, &n->p, clock_now(n->s->clock),
	    &n->id, err) != 0)
		return -1;
	note.record_id = n->id;
	return session_audit(n->s, &note, err);
}

int
pharmacy_add(struct session *s, const struct pharmacy_input *in,
    int64_t *pharmacy_id, struct error *err)
{
	struct new_pharmacy n = { s, { 0 }, 0 };

	if (session_check_open(s, err) != 0 || check_entry(in, &n.p, err) != 0)
		return -1;
	if (session_in_transaction(s->st, write_pharmacy, &n, err) != 0)
		return -1;
	*pharmacy_id = n.id;
	return 0;
}

int
pharmacy_list(struct session *s, const char *text,
    struct store_pharmacy **list, size_t *count, struct error *err)
{
	if (session_check_open(s, err) != 0)
		return -1;
	return store_pharmacy_list(s->st, text, list, count, err);
}

int
pharmacy_check_usable(struct session *s, int64_t pharmacy_id,
    struct error *err)
{
	struct store_pharmacy p;

	if (store_pharmacy_get(s->st, pharmacy_id, &p, err) != 0)
		return -1;
	if (!p.is_active) {
		error_set(err, ERR_INVALID,
		    _("pharmacy %lld is no longer active in the directory"),
		    (long long)pharmacy_id);
		return -1;
	}
	return 0;
}
