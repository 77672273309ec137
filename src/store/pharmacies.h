#ifndef PC_STORE_PHARMACIES_H
#define PC_STORE_PHARMACIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "store/store.h"

/*
 * The directory of pharmacies (pharmacies): public business details,
 * stored in clear, that fills and prescriptions point to.
 */

struct store_pharmacy {
	int64_t pharmacy_id;
	char name[201];
	char chain[101];
	char type[16];		/* retail, hospital, mail_order, ... */
	char phone[21];
	char address_line1[201];
	char city[101];
	char state_province[101];
	char postal_code[21];
	char country[61];
	bool is_active;
};

/* Adds a pharmacy to the directory. */
int store_pharmacy_insert(struct store *st, const struct store_pharmacy *p,
    int64_t now, int64_t *pharmacy_id, struct error *err);

/* Reads one pharmacy; ERR_NOT_FOUND when there is no such entry. */
int store_pharmacy_get(struct store *st, int64_t pharmacy_id,
    struct store_pharmacy *p, struct error *err);

/*
 * The pharmacies whose name, chain or city contain text (any case), or
 * all of them for NULL, by name; free the list.
 */
int store_pharmacy_list(struct store *st, const char *text,
    struct store_pharmacy **list, size_t *count, struct error *err);

#endif
