#include "config.h"

#include "store/pharmacies.h"

#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "store/bind.h"
#include "store/store_internal.h"

#define PHARMACY_COLUMNS \
	"pharmacy_id, pharmacy_name, chain_name, pharmacy_type," \
	" phone_number, address_line1, city, state_province, postal_code," \
	" country, is_active"

static int
read_pharmacy(sqlite3_stmt *stmt, void *row)
{
	struct store_pharmacy *p = row;

	p->pharmacy_id = sqlite3_column_int64(stmt, 0);
	store_column_text(stmt, 1, p->name, sizeof p->name);
	store_column_text(stmt, 2, p->chain, sizeof p->chain);
	store_column_text(stmt, 3, p->type, sizeof p->type);
	store_column_text(stmt, 4, p->phone, sizeof p->phone);
	store_column_text(stmt, 5, p->address_line1, sizeof p->address_line1);
	store_column_text(stmt, 6, p->city, sizeof p->city);
	store_column_text(stmt, 7, p->state_province,
	    sizeof p->state_province);
	store_column_text(stmt, 8, p->postal_code, sizeof p->postal_code);
	store_column_text(stmt, 9, p->country, sizeof p->country);
	p->is_active = sqlite3_column_int(stmt, 10) != 0;
	return 0;
}

int
store_pharmacy_insert(struct store *st, const struct store_pharmacy *p,
    int64_t now, int64_t *pharmacy_id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO pharmacies"
	    " (pharmacy_name, chain_name, pharmacy_type, phone_number,"
	    " address_line1, city, state_province, postal_code, country,"
	    " created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?10, ?10)", err);

	if (stmt == NULL)
		return -1;
	store_bind_text(stmt, 1, p->name);
	store_bind_text(stmt, 2, p->chain[0] != '\0' ? p->chain : NULL);
	store_bind_text(stmt, 3, p->type);
	store_bind_text(stmt, 4, p->phone);
	store_bind_text(stmt, 5, p->address_line1);
	store_bind_text(stmt, 6, p->city);
	store_bind_text(stmt, 7, p->state_province);
	store_bind_text(stmt, 8, p->postal_code);
	store_bind_text(stmt, 9, p->country);
	sqlite3_bind_int64(stmt, 10, now);
	if (store_step_done(st, stmt, _("cannot add the pharmacy"), err) != 0)
		return -1;
	*pharmacy_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_pharmacy_get(struct store *st, int64_t pharmacy_id,
    struct store_pharmacy *p, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " PHARMACY_COLUMNS
	    " FROM pharmacies WHERE pharmacy_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, pharmacy_id);
	rc = store_step_row(st, stmt, _("cannot read a pharmacy"), err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, ERR_NOT_FOUND,
			    _("there is no pharmacy %lld; \"prescripcare pharmacy list\" shows the directory"),
			    (long long)pharmacy_id);
		return -1;
	}
	read_pharmacy(stmt, p);
	sqlite3_reset(stmt);
	return 0;
}

int
store_pharmacy_list(struct store *st, const char *text,
    struct store_pharmacy **list, size_t *count, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT " PHARMACY_COLUMNS
	    " FROM pharmacies WHERE ?1 IS NULL"
	    " OR instr(lower(pharmacy_name || ' ' || coalesce(chain_name, '')"
	    " || ' ' || city), lower(?1)) > 0"
	    " ORDER BY pharmacy_name, pharmacy_id", err);
	void *rows;

	if (stmt == NULL)
		return -1;
	store_bind_text(stmt, 1, text);
	if (store_collect_rows(st, stmt, &rows, count, sizeof **list,
	    read_pharmacy, err) != 0) {
		free(rows);
		return -1;
	}
	*list = rows;
	return 0;
}
