#ifndef PC_STORE_PROVIDERS_H
#define PC_STORE_PROVIDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "store/store.h"

/*
 * The directory of healthcare providers (healthcare_providers) and the
 * links between a person and the providers who look after them
 * (user_provider_relationships).  A provider's practice details are
 * public, so they are stored in clear; what a link lets the provider's
 * account do with the person's record is decided in service/access.c.
 */

struct store_provider {
	int64_t provider_id;
	char first_name[101];
	char last_name[101];
	char title[51];
	char specialty[101];
	char npi_number[11];
	char practice_name[201];
	char phone_number[21];
	char email[256];
	bool is_active;
	int64_t user_id;		/* the provider's own account, or 0 */
};

struct store_provider_link {
	int64_t relationship_id;
	int64_t person_id;
	int64_t provider_id;
	char relationship_type[16];
	bool is_primary;
	int start_day;
	bool can_view_medications;
	bool can_prescribe;
	bool can_modify_prescriptions;
};

/* What the active links of one account's provider entry allow. */
struct store_provider_rights {
	bool view;
	bool prescribe;
	bool modify;
};

/* Adds a provider to the directory; ERR_CONFLICT for a known NPI. */
int store_provider_insert(struct store *st, const struct store_provider *p,
    int64_t now, int64_t *provider_id, struct error *err);

/* Reads one provider; ERR_NOT_FOUND when there is no such entry. */
int store_provider_get(struct store *st, int64_t provider_id,
    struct store_provider *p, struct error *err);

/*
 * The providers whose names, practice or specialty contain text (any
 * case), or all of them for NULL, by last and first name; free the list.
 */
int store_provider_list(struct store *st, const char *text,
    struct store_provider **list, size_t *count, struct error *err);

/* The active link of a person to a provider; ERR_NOT_FOUND when none. */
int store_provider_link_active(struct store *st, int64_t person_id,
    int64_t provider_id, struct store_provider_link *link,
    struct error *err);

/* Starts a link; l->relationship_id is ignored. */
int store_provider_link_insert(struct store *st,
    const struct store_provider_link *l, int64_t now, struct error *err);

/* Ends a person's active link to a provider on a day. */
int store_provider_link_end(struct store *st, int64_t person_id,
    int64_t provider_id, int end_day, int64_t now, struct error *err);

/* Takes the primary mark off every active link of a person. */
int store_provider_clear_primary(struct store *st, int64_t person_id,
    int64_t now, struct error *err);

/* One active link with its provider's directory entry. */
struct store_linked_provider {
	struct store_provider_link link;
	struct store_provider provider;
};

/* A person's active links, primary first, then oldest; free the list. */
int store_provider_links(struct store *st, int64_t person_id,
    struct store_linked_provider **links, size_t *count, struct error *err);

/*
 * What the active links of a person to the active provider entry of an
 * account allow that account; all false when there are none.
 */
int store_provider_rights_of(struct store *st, int64_t person_id,
    int64_t user_id, struct store_provider_rights *rights,
    struct error *err);

#endif
