#include "config.h"

#include "store/providers.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "store/bind.h"
#include "store/store_internal.h"

/* Providers ------------------------------------------------------------ */

/* The columns of a provider, as p. */
#define PROVIDER_COLUMNS \
	"p.provider_id, p.first_name, p.last_name, p.title, p.specialty," \
	" p.npi_number, p.practice_name, p.phone_number, p.email," \
	" p.is_active, coalesce(p.user_id, 0)"

/* Reads PROVIDER_COLUMNS from column first on. */
static void
read_provider_at(sqlite3_stmt *stmt, int first, struct store_provider *p)
{
	p->provider_id = sqlite3_column_int64(stmt, first);
	store_column_text(stmt, first + 1, p->first_name,
	    sizeof p->first_name);
	store_column_text(stmt, first + 2, p->last_name, sizeof p->last_name);
	store_column_text(stmt, first + 3, p->title, sizeof p->title);
	store_column_text(stmt, first + 4, p->specialty, sizeof p->specialty);
	store_column_text(stmt, first + 5, p->npi_number,
	    sizeof p->npi_number);
	store_column_text(stmt, first + 6, p->practice_name,
	    sizeof p->practice_name);
	store_column_text(stmt, first + 7, p->phone_number,
	    sizeof p->phone_number);
	store_column_text(stmt, first + 8, p->email, sizeof p->email);
	p->is_active = sqlite3_column_int(stmt, first + 9) != 0;
	p->user_id = sqlite3_column_int64(stmt, first + 10);
}

static int
read_provider(sqlite3_stmt *stmt, void *row)
{
	read_provider_at(stmt, 0, row);
	return 0;
}

/* Binds text, or NULL when it is empty: the directory's optional fields. */
static void
bind_optional(sqlite3_stmt *stmt, int index, const char *text)
{
	store_bind_text(stmt, index, text[0] != '\0' ? text : NULL);
}

int
store_provider_insert(struct store *st, const struct store_provider *p,
    int64_t now, int64_t *provider_id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO healthcare_providers"
	    " (first_name, last_name, title, specialty, npi_number,"
	    " practice_name, phone_number, email, user_id, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?10, ?10)", err);

	if (stmt == NULL)
		return -1;
	store_bind_text(stmt, 1, p->first_name);
	store_bind_text(stmt, 2, p->last_name);
	bind_optional(stmt, 3, p->title);
	bind_optional(stmt, 4, p->specialty);
	bind_optional(stmt, 5, p->npi_number);
	bind_optional(stmt, 6, p->practice_name);
	bind_optional(stmt, 7, p->phone_number);
	bind_optional(stmt, 8, p->email);
	store_bind_id(stmt, 9, p->user_id);
	sqlite3_bind_int64(stmt, 10, now);
	if (store_step_done(st, stmt, _("cannot add the provider"), err) != 0)
		return -1;
	*provider_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_provider_get(struct store *st, int64_t provider_id,
    struct store_provider *p, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " PROVIDER_COLUMNS
	    " FROM healthcare_providers p WHERE p.provider_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, provider_id);
	rc = store_step_row(st, stmt, _("cannot read a provider"), err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, ERR_NOT_FOUND,
			    _("there is no provider %lld; \"prescripcare provider list\" shows the directory"),
			    (long long)provider_id);
		return -1;
	}
	read_provider(stmt, p);
	sqlite3_reset(stmt);
	return 0;
}

int
store_provider_list(struct store *st, const char *text,
    struct store_provider **list, size_t *count, struct error *err)
{
	/* instr, unlike LIKE, needs no escaping of what a person typed. */
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " PROVIDER_COLUMNS
	    " FROM healthcare_providers p WHERE ?1 IS NULL"
	    " OR instr(lower(p.first_name || ' ' || p.last_name || ' '"
	    " || coalesce(p.practice_name, '') || ' '"
	    " || coalesce(p.specialty, '')), lower(?1)) > 0"
	    " ORDER BY p.last_name, p.first_name, p.provider_id", err);
	void *rows;

	if (stmt == NULL)
		return -1;
	store_bind_text(stmt, 1, text);
	if (store_collect_rows(st, stmt, &rows, count, sizeof **list,
	    read_provider, err) != 0) {
		free(rows);
		return -1;
	}
	*list = rows;
	return 0;
}

/* Links ---------------------------------------------------------------- */

/* The columns of a link, as r; a provider's follow them in a join. */
#define LINK_COLUMNS \
	"r.relationship_id, r.person_id, r.provider_id, r.relationship_type," \
	" r.is_primary, r.start_date, r.can_view_medications," \
	" r.can_prescribe, r.can_modify_prescriptions"
#define LINK_COLUMN_COUNT 9

static int
read_link(sqlite3_stmt *stmt, void *row)
{
	struct store_provider_link *l = row;

	l->relationship_id = sqlite3_column_int64(stmt, 0);
	l->person_id = sqlite3_column_int64(stmt, 1);
	l->provider_id = sqlite3_column_int64(stmt, 2);
	store_column_text(stmt, 3, l->relationship_type,
	    sizeof l->relationship_type);
	l->is_primary = sqlite3_column_int(stmt, 4) != 0;
	l->start_day = store_column_day(stmt, 5, 0);
	l->can_view_medications = sqlite3_column_int(stmt, 6) != 0;
	l->can_prescribe = sqlite3_column_int(stmt, 7) != 0;
	l->can_modify_prescriptions = sqlite3_column_int(stmt, 8) != 0;
	return 0;
}

int
store_provider_link_active(struct store *st, int64_t person_id,
    int64_t provider_id, struct store_provider_link *link,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " LINK_COLUMNS
	    " FROM user_provider_relationships r WHERE r.person_id = ?"
	    " AND r.provider_id = ? AND r.status = 'active'"
	    " ORDER BY r.relationship_id DESC LIMIT 1", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, provider_id);
	rc = store_step_row(st, stmt, _("cannot read a provider link"), err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, ERR_NOT_FOUND,
			    _("provider %lld is not linked to this record"),
			    (long long)provider_id);
		return -1;
	}
	read_link(stmt, link);
	sqlite3_reset(stmt);
	return 0;
}

int
store_provider_link_insert(struct store *st,
    const struct store_provider_link *l, int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO"
	    " user_provider_relationships (person_id, provider_id,"
	    " relationship_type, is_primary, start_date, can_view_medications,"
	    " can_prescribe, can_modify_prescriptions, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?9, ?9)", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, l->person_id);
	sqlite3_bind_int64(stmt, 2, l->provider_id);
	store_bind_text(stmt, 3, l->relationship_type);
	sqlite3_bind_int(stmt, 4, l->is_primary);
	store_bind_day(stmt, 5, l->start_day);
	sqlite3_bind_int(stmt, 6, l->can_view_medications);
	sqlite3_bind_int(stmt, 7, l->can_prescribe);
	sqlite3_bind_int(stmt, 8, l->can_modify_prescriptions);
	sqlite3_bind_int64(stmt, 9, now);
	return store_step_done(st, stmt, _("cannot link the provider"), err);
}

int
store_provider_link_end(struct store *st, int64_t person_id,
    int64_t provider_id, int end_day, int64_t now, struct error *err)
{
	/* A link that starts later than it ends never took effect. */
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE user_provider_relationships"
	    " SET status = 'inactive', is_primary = 0,"
	    " end_date = max(start_date, ?1), updated_at = ?2"
	    " WHERE person_id = ? AND provider_id = ? AND status = 'active'",
	    err);

	if (stmt == NULL)
		return -1;
	store_bind_day(stmt, 1, end_day);
	sqlite3_bind_int64(stmt, 2, now);
	sqlite3_bind_int64(stmt, 3, person_id);
	sqlite3_bind_int64(stmt, 4, provider_id);
	return store_step_done(st, stmt, _("cannot unlink the provider"),
	    err);
}

int
store_provider_clear_primary(struct store *st, int64_t person_id,
    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE user_provider_relationships"
	    " SET is_primary = 0, updated_at = ? WHERE person_id = ?"
	    " AND status = 'active' AND is_primary = 1", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int64(stmt, 2, person_id);
	return store_step_done(st, stmt, _("cannot change the primary provider"),
	    err);
}

static int
read_linked(sqlite3_stmt *stmt, void *row)
{
	struct store_linked_provider *l = row;

	read_link(stmt, &l->link);
	read_provider_at(stmt, LINK_COLUMN_COUNT, &l->provider);
	return 0;
}

int
store_provider_links(struct store *st, int64_t person_id,
    struct store_linked_provider **links, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " LINK_COLUMNS ", "
	    PROVIDER_COLUMNS " FROM user_provider_relationships r"
	    " JOIN healthcare_providers p ON p.provider_id = r.provider_id"
	    " WHERE r.person_id = ? AND r.status = 'active'"
	    " ORDER BY r.is_primary DESC, r.start_date, r.relationship_id",
	    err);
	void *rows;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	if (store_collect_rows(st, stmt, &rows, count, sizeof **links,
	    read_linked, err) != 0) {
		free(rows);
		return -1;
	}
	*links = rows;
	return 0;
}

int
store_provider_rights_of(struct store *st, int64_t person_id,
    int64_t user_id, struct store_provider_rights *rights,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT"
	    " coalesce(max(r.can_view_medications), 0),"
	    " coalesce(max(r.can_prescribe), 0),"
	    " coalesce(max(r.can_modify_prescriptions), 0)"
	    " FROM user_provider_relationships r JOIN healthcare_providers p"
	    " ON p.provider_id = r.provider_id WHERE r.person_id = ?"
	    " AND p.user_id = ? AND p.is_active = 1 AND r.status = 'active'",
	    err);
	int rc;

	memset(rights, 0, sizeof *rights);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, user_id);
	rc = store_step_row(st, stmt, _("cannot read a provider's rights"),
	    err);
	if (rc < 0)
		return -1;
	rights->view = sqlite3_column_int(stmt, 0) != 0;
	rights->prescribe = sqlite3_column_int(stmt, 1) != 0;
	rights->modify = sqlite3_column_int(stmt, 2) != 0;
	sqlite3_reset(stmt);
	return 0;
}
