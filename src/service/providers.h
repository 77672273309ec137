#ifndef PC_PROVIDERS_H
#define PC_PROVIDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "service/session.h"
#include "store/providers.h"

/*
 * Healthcare providers and the people they look after.  Any account may
 * add a provider to the store's directory; only the account itself, or an
 * administrator, may tie an entry to the provider's own login.  Whoever
 * manages a record links providers to it with the blueprint's three
 * rights; a provider with a login then holds the record's data key for as
 * long as a link lets it see the medications (service/access.c decides).
 */

enum provider_right {
	PROVIDER_VIEW = 1 << 0,		/* can_view_medications */
	PROVIDER_PRESCRIBE = 1 << 1,	/* can_prescribe */
	PROVIDER_MODIFY = 1 << 2	/* can_modify_prescriptions */
};

/* A new directory entry; NULL or "" for the fields not known. */
struct provider_input {
	const char *first_name;
	const char *last_name;
	const char *title;
	const char *specialty;
	const char *npi_number;
	const char *practice_name;
	const char *phone_number;
	const char *email;
	const char *account_email;	/* the provider's own login */
};

/* Checks and adds a provider to the directory, with an audit row. */
int provider_add(struct session *s, const struct provider_input *in,
    int64_t *provider_id, struct error *err);

/* Reads a directory entry that may still be linked or named. */
int provider_get_active(struct session *s, int64_t provider_id,
    struct store_provider *p, struct error *err);

/* "Dr Iris Example": title, first and last name, into buf. */
void provider_display_name(const struct store_provider *p, char *buf,
    size_t size);

/* The directory, or the entries whose names contain text; free it. */
int provider_list(struct session *s, const char *text,
    struct store_provider **list, size_t *count, struct error *err);

struct provider_link_request {
	int64_t provider_id;
	/* primary_care, specialist, pharmacist or other */
	const char *type;
	bool primary;		/* the person's one primary provider */
	unsigned rights;	/* enum provider_right; view is implied */
	int start_day;		/* no later than today */
	int today;		/* the person's local day */
};

/*
 * Links a provider to a record the session manages, replacing an active
 * link to the same provider, and shares the record's data key with the
 * provider's login when the link lets it see the medications.
 */
int provider_link(struct session *s, int64_t person_id,
    const struct provider_link_request *req, struct error *err);

/*
 * Ends a provider's link on a day; the provider's login loses the data
 * key, which rotates, unless a care grant still lets it see the record.
 */
int provider_unlink(struct session *s, int64_t person_id,
    int64_t provider_id, int end_day, struct error *err);

/* The active links of a record the session may see; free the list. */
int provider_links(struct session *s, int64_t person_id,
    struct store_linked_provider **links, size_t *count, struct error *err);

/* The rights a stored link carries. */
unsigned provider_link_rights(const struct store_provider_link *l);

/* Parses "view,prescribe,modify" (any subset); view is implied. */
int provider_parse_rights(const char *list, unsigned *rights,
    struct error *err);

/* Writes rights as "view,prescribe,modify" into buf. */
const char *provider_format_rights(unsigned rights, char *buf, size_t size);

/* The translated words for a relationship type, e.g. "primary care". */
const char *provider_type_label(const char *type);

#endif
