#include "config.h"

#include "service/vault.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "service/access.h"
#include "domain/keys.h"
#include "service/session_internal.h"
#include "store/people.h"

/* The opened key of one version of a person's data key, cached. */
static const unsigned char *
data_key(struct session *s, int64_t person_id, uint32_t version,
    struct error *err)
{
	struct blob sealed = { NULL, 0 };
	struct person_key *grown;
	unsigned char *key;

	for (size_t i = 0; i < s->person_key_count; i++) {
		if (s->person_keys[i].person_id == person_id &&
		    s->person_keys[i].version == version)
			return s->person_keys[i].key;
	}
	if (store_person_key_get(s->st, person_id, s->user_id, version,
	    &sealed, err) != 0) {
		if (err->kind == ERR_NOT_FOUND)
			error_set(err, ERR_DENIED,
			    _("no key of this record (version %u) is sealed to your account; it was written before you were granted access, or after your access was revoked"),
			    (unsigned)version);
		return NULL;
	}
	key = keys_open_data_key(sealed.data, sealed.len, &s->keys, err);
	blob_free(&sealed);
	if (key == NULL)
		return NULL;
	grown = realloc(s->person_keys, (s->person_key_count + 1) *
	    sizeof *s->person_keys);
	if (grown == NULL) {
		keys_secure_free(key);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return NULL;
	}
	s->person_keys = grown;
	s->person_keys[s->person_key_count].person_id = person_id;
	s->person_keys[s->person_key_count].version = version;
	s->person_keys[s->person_key_count++].key = key;
	return key;
}

int
vault_seal(struct session *s, int64_t person_id, const char *table,
    const char *column, int64_t row_id, const char *plain, struct blob *out,
    struct error *err)
{
	struct field_place place = { table, column, person_id, row_id };
	const unsigned char *key;
	int64_t manager;
	uint32_t version;
	unsigned perms;

	blob_free(out);
	if (access_permissions(s, person_id, &perms, err) != 0)
		return -1;
	if (!(perms & (PERM_RECORD | PERM_EDIT | PERM_MANAGE)))
		return access_require(s, person_id, PERM_EDIT, err);
	if (plain == NULL)
		return 0;
	if (store_person_get(s->st, person_id, &manager, &version, err) != 0 ||
	    (key = data_key(s, person_id, version, err)) == NULL)
		return -1;
	return keys_field_seal(key, version, &place, plain, strlen(plain),
	    out, err);
}

int
vault_open(struct session *s, int64_t person_id, const char *table,
    const char *column, int64_t row_id, const struct blob *sealed,
    char **plain, struct error *err)
{
	struct field_place place = { table, column, person_id, row_id };
	const unsigned char *key;
	uint32_t version;

	*plain = NULL;
	if (access_require(s, person_id, PERM_VIEW, err) != 0)
		return -1;
	if (sealed == NULL || sealed->data == NULL)
		return 0;
	if (keys_field_version(sealed, &version, err) != 0 ||
	    (key = data_key(s, person_id, version, err)) == NULL)
		return -1;
	return keys_field_open(key, &place, sealed, plain, err);
}

struct store_sealed
vault_as_sealed(const struct blob *sealed)
{
	struct store_sealed s = { sealed->data, sealed->len };

	return s;
}

void
vault_free_text(char *plain)
{
	keys_free_text(plain);
}
