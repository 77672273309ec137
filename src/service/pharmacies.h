#ifndef PC_PHARMACIES_H
#define PC_PHARMACIES_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "service/session.h"
#include "store/pharmacies.h"

/*
 * The store's directory of pharmacies, which any account may read and
 * add to: where a fill was dispensed.  It holds no one's health data.
 */

/* A new entry; chain may be NULL or "", the rest are required. */
struct pharmacy_input {
	const char *name;
	const char *chain;
	/* retail, hospital, mail_order, specialty or independent */
	const char *type;
	const char *phone;
	const char *address_line1;
	const char *city;
	const char *state_province;
	const char *postal_code;
	const char *country;
};

/* Checks and adds a pharmacy to the directory, with an audit row. */
int pharmacy_add(struct session *s, const struct pharmacy_input *in,
    int64_t *pharmacy_id, struct error *err);

/* The directory, or the entries whose name, chain or city hold text. */
int pharmacy_list(struct session *s, const char *text,
    struct store_pharmacy **list, size_t *count, struct error *err);

/* Succeeds when the entry exists and is active, for a fill to name it. */
int pharmacy_check_usable(struct session *s, int64_t pharmacy_id,
    struct error *err);

#endif
