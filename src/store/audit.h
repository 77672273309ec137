#ifndef PC_STORE_AUDIT_H
#define PC_STORE_AUDIT_H

#include <stdint.h>

#include "common/error.h"
#include "store/store.h"

/*
 * The audit trail (audit_logs).  Rows are only ever appended: the schema's
 * triggers refuse to change or delete them.  Callers pass no health data
 * in clear: field names and ids, never values.
 */

struct store_audit_entry {
	int64_t user_id;		/* who; 0 when unknown */
	const char *session_id;		/* or NULL */
	int64_t person_id;		/* whose record; 0 when none */
	const char *action;		/* one of the schema's action types */
	const char *table;		/* or NULL */
	int64_t record_id;		/* 0 when none */
	const char *old_values;		/* JSON or NULL */
	const char *new_values;		/* JSON or NULL */
	const char *description;	/* or NULL */
	int64_t performed_at;
	const char *ip_address;		/* SSH client, or NULL when local */
	const char *risk_level;		/* "low", "medium", "high"; NULL low */
};

struct store_audit_row {
	int64_t log_id;
	int64_t user_id;
	char email[256];		/* "" when no account */
	int64_t person_id;
	char action[24];
	char table[101];
	int64_t record_id;
	char new_values[512];
	char description[256];
	int64_t performed_at;
	char ip_address[46];
	char risk_level[8];
};

/* Appends one row to the audit trail. */
int store_audit_append(struct store *st, const struct store_audit_entry *e,
    struct error *err);

/*
 * Calls each with the newest rows first, at most limit of them, only those
 * of one account when user_id is not 0; each must not use the store.
 */
int store_audit_list(struct store *st, int64_t user_id, int limit,
    int (*each)(const struct store_audit_row *row, void *ctx), void *ctx,
    struct error *err);

#endif
