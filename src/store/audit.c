#include "config.h"

#include "store/audit.h"

#include <string.h>

#include "common/i18n.h"
#include "store/bind.h"
#include "store/store_internal.h"

int
store_audit_append(struct store *st, const struct store_audit_entry *e,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO audit_logs (user_id,"
	    " session_id, person_id, action_type, table_name, record_id,"
	    " old_values, new_values, description, performed_at, ip_address,"
	    " risk_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " coalesce(?, 'low'))", err);

	if (stmt == NULL)
		return -1;
	store_bind_id(stmt, 1, e->user_id);
	store_bind_text(stmt, 2, e->session_id);
	store_bind_id(stmt, 3, e->person_id);
	sqlite3_bind_text(stmt, 4, e->action, -1, SQLITE_TRANSIENT);
	store_bind_text(stmt, 5, e->table);
	store_bind_id(stmt, 6, e->record_id);
	store_bind_text(stmt, 7, e->old_values);
	store_bind_text(stmt, 8, e->new_values);
	store_bind_text(stmt, 9, e->description);
	sqlite3_bind_int64(stmt, 10, e->performed_at);
	store_bind_text(stmt, 11, e->ip_address);
	store_bind_text(stmt, 12, e->risk_level);
	return store_step_done(st, stmt, _("cannot write the audit log"), err);
}

static void
read_row(sqlite3_stmt *stmt, struct store_audit_row *r)
{
	memset(r, 0, sizeof *r);
	r->log_id = sqlite3_column_int64(stmt, 0);
	r->user_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 2, r->email, sizeof r->email);
	r->person_id = sqlite3_column_int64(stmt, 3);
	store_column_text(stmt, 4, r->action, sizeof r->action);
	store_column_text(stmt, 5, r->table, sizeof r->table);
	r->record_id = sqlite3_column_int64(stmt, 6);
	store_column_text(stmt, 7, r->new_values, sizeof r->new_values);
	store_column_text(stmt, 8, r->description, sizeof r->description);
	r->performed_at = sqlite3_column_int64(stmt, 9);
	store_column_text(stmt, 10, r->ip_address, sizeof r->ip_address);
	store_column_text(stmt, 11, r->risk_level, sizeof r->risk_level);
}

int
store_audit_list(struct store *st, int64_t user_id, int limit,
    int (*each)(const struct store_audit_row *row, void *ctx), void *ctx,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT a.log_id,"
	    " coalesce(a.user_id, 0), coalesce(u.email, ''),"
	    " coalesce(a.person_id, 0), a.action_type,"
	    " coalesce(a.table_name, ''), coalesce(a.record_id, 0),"
	    " coalesce(a.new_values, ''), coalesce(a.description, ''),"
	    " a.performed_at, coalesce(a.ip_address, ''), a.risk_level"
	    " FROM audit_logs a LEFT JOIN users u ON u.user_id = a.user_id"
	    " WHERE ?1 = 0 OR a.user_id = ?1"
	    " ORDER BY a.performed_at DESC, a.log_id DESC LIMIT ?2", err);
	struct store_audit_row row;
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, user_id);
	sqlite3_bind_int(stmt, 2, limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_row(stmt, &row);
		if (each(&row, ctx) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot read the audit log"));
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	return 0;
}
