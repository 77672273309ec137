#ifndef PC_ACCESS_INTERNAL_H
#define PC_ACCESS_INTERNAL_H

/*
 * Shared by the files of src/service that change who may see a record
 * (access.c for care grants, providers.c for provider links) and by no
 * one else.  Both call it inside the transaction that makes the change.
 */

#include <stdint.h>

#include "common/error.h"
#include "service/session.h"

enum key_change {
	KEYS_KEPT,	/* nothing to do */
	KEYS_SHARED,	/* every key version sealed to the account */
	KEYS_WITHDRAWN	/* its keys removed and the data key rotated */
};

/*
 * Makes the keys an account holds of a person's record follow what the
 * account may now do: an account that may view it gets every version the
 * session holds; one that may not loses its keys, and the data key
 * rotates so that nothing written from now on opens with what it kept.
 */
int access_settle_keys(struct session *s, int64_t person_id,
    int64_t user_id, enum key_change *change, struct error *err);

#endif
