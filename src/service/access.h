#ifndef PC_ACCESS_H
#define PC_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "service/session.h"

/*
 * Who may do what with a person's record.  The account that manages a
 * record (the person themself, or the caregiver or pharmacist who created
 * it) may do everything; other accounts may do what a care relationship
 * grants them; an administrator is no exception.  Every read and write of
 * health data passes access_require or access_read first, and every
 * refusal names what is missing and whom to ask.
 */

enum permission {
	PERM_VIEW = 1 << 0,	/* read the record */
	PERM_RECORD = 1 << 1,	/* record doses taken, missed, skipped */
	PERM_EDIT = 1 << 2,	/* edit medications and health details */
	PERM_ALERTS = 1 << 3,	/* receive alerts about the person */
	PERM_MANAGE = 1 << 4	/* grant and revoke: the manager only */
};

#define PERM_GRANTABLE (PERM_VIEW | PERM_RECORD | PERM_EDIT | PERM_ALERTS)

/* One account's active grant to a record, for listing. */
struct access_grant {
	char email[256];
	unsigned permissions;
	int64_t granted_at;
};

/* The permissions the session holds on a person's record (0 if none). */
int access_permissions(struct session *s, int64_t person_id,
    unsigned *permissions, struct error *err);

/*
 * Succeeds when the session holds every permission in wanted; else fails
 * with ERR_DENIED and a message such as "you may view Ada Lovelace's
 * record but not record doses: ask carer@example.org to grant \"record\"".
 */
int access_require(struct session *s, int64_t person_id, unsigned wanted,
    struct error *err);

/*
 * access_require(PERM_VIEW) for reading one table of a record, and an
 * audit row when the record is not the account's own (once per session,
 * person and table, so a screen that redraws does not flood the log).
 */
int access_read(struct session *s, int64_t person_id, const char *table,
    struct error *err);

/*
 * Grants the account with this email the permissions (view is implied by
 * the others) on a record the session manages, and seals every version of
 * the record's data key to that account.
 */
int access_grant(struct session *s, int64_t person_id, const char *email,
    unsigned permissions, struct error *err);

/*
 * Ends an account's grant at once: removes the data keys sealed to it and
 * rotates the record's data key, so that what is written from now on is
 * sealed under a key the revoked account never held.
 */
int access_revoke(struct session *s, int64_t person_id, const char *email,
    struct error *err);

/* The active grants of a record the session manages; free the list. */
int access_list_grants(struct session *s, int64_t person_id,
    struct access_grant **grants, size_t *count, struct error *err);

/* Parses "view,record,edit,alerts" (any subset, any order). */
int access_parse(const char *list, unsigned *permissions, struct error *err);

/* Writes permissions as "view,record,...", or "none", into buf. */
const char *access_format(unsigned permissions, char *buf, size_t size);

#endif
