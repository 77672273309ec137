#ifndef PC_STORE_PEOPLE_H
#define PC_STORE_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/blob.h"
#include "common/error.h"
#include "store/store.h"

/*
 * People looked after, their data keys sealed to accounts (person_keys),
 * their profiles (user_profiles) and who else may see them
 * (care_relationships).  Sealed columns come and go as blobs.
 */

/* The sealed columns of user_profiles, in the order of the schema. */
enum store_profile_sealed {
	SP_FIRST_NAME,
	SP_LAST_NAME,
	SP_DATE_OF_BIRTH,
	SP_PHONE_NUMBER,
	SP_EMERGENCY_CONTACT_NAME,
	SP_EMERGENCY_CONTACT_PHONE,
	SP_ADDRESS_LINE1,
	SP_ADDRESS_LINE2,
	SP_CITY,
	SP_STATE_PROVINCE,
	SP_POSTAL_CODE,
	SP_COUNTRY,
	SP_SEALED_COUNT
};

/* The column name of each sealed field, for binding ciphertexts to it. */
extern const char *const store_profile_sealed_columns[SP_SEALED_COUNT];

struct store_profile {
	int64_t profile_id;
	int64_t person_id;
	struct blob sealed[SP_SEALED_COUNT];	/* empty when NULL */
	char gender[24];
	int64_t height_cm;			/* 0 when unknown */
	double weight_kg;			/* 0 when unknown */
	double bmi;				/* computed by the store */
	char blood_type[8];			/* "" when unknown */
	char timezone[65];
	char travel_timezone[65];		/* "" when none */
	char preferred_language[11];
};

/* What an account may do with a person's record, as granted. */
struct store_care {
	int64_t relationship_id;
	int64_t person_id;
	int64_t user_id;
	bool can_view;
	bool can_record_doses;
	bool can_edit_medications;
	bool can_receive_alerts;
	int64_t granted_by;			/* 0 when unknown */
	int64_t granted_at;
};

/* Creates a person managed by an account, at data key version 1. */
int store_person_insert(struct store *st, int64_t managed_by, int64_t now,
    int64_t *person_id, struct error *err);

/* Reads who manages a person and the current key version. */
int store_person_get(struct store *st, int64_t person_id,
    int64_t *managed_by, uint32_t *key_version, struct error *err);

/* Moves a person to a new current key version. */
int store_person_set_key_version(struct store *st, int64_t person_id,
    uint32_t version, struct error *err);

/* Stores (or replaces) one version of a data key sealed to an account. */
int store_person_key_put(struct store *st, int64_t person_id,
    int64_t user_id, uint32_t version, const unsigned char *sealed,
    size_t len, int64_t now, struct error *err);

/* Reads a sealed data key; ERR_NOT_FOUND when the account has none. */
int store_person_key_get(struct store *st, int64_t person_id,
    int64_t user_id, uint32_t version, struct blob *sealed,
    struct error *err);

/* The key versions of a person an account holds, oldest first. */
int store_person_key_versions(struct store *st, int64_t person_id,
    int64_t user_id, uint32_t **versions, size_t *count, struct error *err);

/* The accounts that hold any key of a person. */
int store_person_key_holders(struct store *st, int64_t person_id,
    int64_t **users, size_t *count, struct error *err);

/* Removes every key of a person sealed to an account. */
int store_person_keys_delete(struct store *st, int64_t person_id,
    int64_t user_id, struct error *err);

/* The people whose keys an account holds, by id. */
int store_person_visible(struct store *st, int64_t user_id,
    int64_t **people, size_t *count, struct error *err);

/*
 * The id the next row of a table with sealed columns will get, so that
 * its ciphertexts can be bound to it before the insert.  Valid only in a
 * write transaction (store_begin), which keeps others from taking it.
 */
int store_next_row_id(struct store *st, const char *table, int64_t *id,
    struct error *err);

/* Reads a person's profile; ERR_NOT_FOUND when there is none. */
int store_profile_get(struct store *st, int64_t person_id,
    struct store_profile *p, struct error *err);

/* Inserts or replaces the profile of p->person_id, with p->profile_id. */
int store_profile_save(struct store *st, const struct store_profile *p,
    int64_t now, struct error *err);

/* Frees the blobs of a profile. */
void store_profile_free(struct store_profile *p);

/* The active grant of a person to an account; ERR_NOT_FOUND when none. */
int store_care_active(struct store *st, int64_t person_id, int64_t user_id,
    struct store_care *care, struct error *err);

/* Grants (or changes the grant of) a person's record to an account. */
int store_care_grant(struct store *st, const struct store_care *care,
    int64_t now, struct error *err);

/* Ends an account's active grant to a person's record. */
int store_care_revoke(struct store *st, int64_t person_id, int64_t user_id,
    int64_t now, struct error *err);

/* The active grants of a person's record, oldest first; free the list. */
int store_care_list(struct store *st, int64_t person_id,
    struct store_care **grants, size_t *count, struct error *err);

#endif
