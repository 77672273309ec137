#ifndef PC_STORE_HEALTH_H
#define PC_STORE_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/blob.h"
#include "common/error.h"
#include "store/store.h"

/*
 * A person's medical conditions (user_medical_conditions) and allergies
 * (user_allergies).  Names, codes, notes and symptoms are sealed blobs.
 */

struct store_condition {
	int64_t condition_id;
	int64_t person_id;
	struct blob name;		/* sealed */
	struct blob code;		/* sealed ICD-10 code, or empty */
	struct blob notes;		/* sealed, or empty */
	char severity[16];		/* mild, moderate, severe */
	char diagnosed_date[11];	/* "" when unknown */
	char status[16];		/* active, resolved, managed */
	int64_t created_at;
};

struct store_allergy {
	int64_t allergy_id;
	int64_t person_id;
	struct blob allergen;		/* sealed */
	struct blob symptoms;		/* sealed, or empty */
	char allergen_type[16];		/* drug, food, environmental, other */
	char severity[20];		/* mild ... life_threatening */
	bool verified_by_doctor;
	int64_t created_at;
};

/* Inserts a condition with the id c->condition_id. */
int store_condition_insert(struct store *st, const struct store_condition *c,
    int64_t now, struct error *err);

/* Reads one condition; ERR_NOT_FOUND when there is none. */
int store_condition_get(struct store *st, int64_t condition_id,
    struct store_condition *c, struct error *err);

/* A person's conditions, oldest first; free with store_condition_list_free. */
int store_condition_list(struct store *st, int64_t person_id,
    struct store_condition **list, size_t *count, struct error *err);

/* Deletes one condition. */
int store_condition_delete(struct store *st, int64_t condition_id,
    struct error *err);

/* Frees the blobs of one condition. */
void store_condition_clear(struct store_condition *c);

/* Frees a list from store_condition_list. */
void store_condition_list_free(struct store_condition *list, size_t count);

/* Inserts an allergy with the id a->allergy_id. */
int store_allergy_insert(struct store *st, const struct store_allergy *a,
    int64_t now, struct error *err);

/* Reads one allergy; ERR_NOT_FOUND when there is none. */
int store_allergy_get(struct store *st, int64_t allergy_id,
    struct store_allergy *a, struct error *err);

/* A person's allergies, oldest first; free with store_allergy_list_free. */
int store_allergy_list(struct store *st, int64_t person_id,
    struct store_allergy **list, size_t *count, struct error *err);

/* Deletes one allergy. */
int store_allergy_delete(struct store *st, int64_t allergy_id,
    struct error *err);

/* Frees the blobs of one allergy. */
void store_allergy_clear(struct store_allergy *a);

/* Frees a list from store_allergy_list. */
void store_allergy_list_free(struct store_allergy *list, size_t count);

#endif
