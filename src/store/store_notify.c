#include "config.h"

#include "store/store_notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "store/audit.h"
#include "store/bind.h"
#include "store/store_internal.h"

/* Retries wait a minute, then twice as long each time, up to an hour. */
#define BACKOFF_FIRST_SECONDS 60
#define BACKOFF_LONGEST_SECONDS 3600

/* Whether the row's recipient may still receive it. */
#define RECIPIENT_ALLOWED \
	"(q.person_id IS NULL" \
	" OR EXISTS (SELECT 1 FROM users o WHERE o.user_id = q.user_id" \
	"  AND o.person_id = q.person_id)" \
	" OR EXISTS (SELECT 1 FROM care_relationships c" \
	"  WHERE c.person_id = q.person_id AND c.user_id = q.user_id" \
	"  AND c.revoked_at IS NULL AND c.can_receive_alerts = 1))"

#define COMMAND_DUE \
	"max(q.scheduled_for, coalesce(q.held_until, 0)," \
	" coalesce(q.next_attempt_at, 0))"

#define SCREEN_DUE "max(q.scheduled_for, coalesce(q.held_until, 0))"

/* A claim blocks others until it goes stale. */
#define UNCLAIMED_AT(now) \
	"(q.claimed_by IS NULL OR q.claimed_at < " now " - " \
	STALE_TEXT ")"
#define STALE_TEXT "600"

_Static_assert(STORE_NOTIFY_STALE_SECONDS == 600,
    "STALE_TEXT must spell STORE_NOTIFY_STALE_SECONDS");

#define NOTICE_SELECT \
	"SELECT q.notification_id, q.user_id, q.person_id, q.reminder_kind," \
	" q.notification_type, q.related_medication_id," \
	" q.related_schedule_id, q.slot_at, q.scheduled_for, q.held_until," \
	" q.retry_count, q.max_retries, q.title, q.message," \
	" coalesce(m.is_critical, 0), d.drug_name, m.strength," \
	" s.dose_amount, coalesce(s.dose_unit, m.dosage_form), u.email," \
	" q.person_id IS NOT NULL AND u.person_id IS NOT q.person_id" \
	" FROM notification_queue q" \
	" JOIN users u ON u.user_id = q.user_id" \
	"  AND u.account_status = 'active'" \
	" LEFT JOIN user_medications m" \
	"  ON m.medication_id = q.related_medication_id" \
	" LEFT JOIN drugs_master d ON d.drug_id = m.drug_id" \
	" LEFT JOIN medication_schedules s" \
	"  ON s.schedule_id = q.related_schedule_id"

static const char *const action_names[] = {
	[NOTIFY_MARKED_TAKEN] = "marked_taken",
	[NOTIFY_SKIPPED] = "skipped",
	[NOTIFY_SNOOZED] = "snoozed",
	[NOTIFY_DISMISSED] = "dismissed",
};

static enum remind_kind
row_kind(sqlite3_stmt *stmt)
{
	const char *kind = (const char *)sqlite3_column_text(stmt, 3);
	const char *type = (const char *)sqlite3_column_text(stmt, 4);
	enum remind_kind k;

	if (kind != NULL && remind_kind_parse(kind, &k) == 0)
		return k;
	if (type != NULL && strcmp(type, "medication_reminder") == 0)
		return REMIND_DUE;
	if (type != NULL && strcmp(type, "missed_dose") == 0)
		return REMIND_MISSED;
	if (type != NULL && strcmp(type, "refill_due") == 0)
		return REMIND_REFILL;
	return REMIND_OTHER;
}

/* Reads a row of NOTICE_SELECT. */
static void
read_notice(sqlite3_stmt *stmt, struct remind_notice *n)
{
	struct remind_item *it = &n->item;

	memset(n, 0, sizeof *n);
	n->id = sqlite3_column_int64(stmt, 0);
	it->user_id = sqlite3_column_int64(stmt, 1);
	it->person_id = sqlite3_column_int64(stmt, 2);
	it->kind = row_kind(stmt);
	it->medication_id = sqlite3_column_int64(stmt, 5);
	it->schedule_id = sqlite3_column_int64(stmt, 6);
	it->at = sqlite3_column_int64(stmt, 8);
	it->slot = sqlite3_column_type(stmt, 7) == SQLITE_NULL ? it->at :
	    sqlite3_column_int64(stmt, 7);
	n->held_until = sqlite3_column_int64(stmt, 9);
	n->retry_count = sqlite3_column_int(stmt, 10);
	n->max_retries = sqlite3_column_int(stmt, 11);
	store_column_text(stmt, 12, n->title, sizeof n->title);
	store_column_text(stmt, 13, n->message, sizeof n->message);
	it->critical = sqlite3_column_int(stmt, 14) != 0;
	store_column_text(stmt, 15, n->medication, sizeof n->medication);
	store_column_text(stmt, 16, n->strength, sizeof n->strength);
	n->amount = sqlite3_column_double(stmt, 17);
	store_column_text(stmt, 18, n->unit, sizeof n->unit);
	store_column_text(stmt, 19, n->email, sizeof n->email);
	n->for_caregiver = sqlite3_column_int(stmt, 20) != 0;
}

/* What one step of a multi-row write needs besides the row's id. */
struct row_write {
	const char *owner;
	const char *text;	/* a delivery method, or a failure reason */
	int64_t now;
	bool *claimed;		/* claims: one flag per id, in order */
	size_t done;
};

typedef int (*row_fn)(struct store *st, int64_t id, struct row_write *w,
    struct error *err);

/* Applies fn to each id, all in one transaction or none. */
static int
each_row(struct store *st, const int64_t *ids, size_t count, row_fn fn,
    struct row_write *w, struct error *err)
{
	bool own;
	int rc = 0;

	if (store_begin_or_join(st, &own, err) != 0)
		return -1;
	for (size_t i = 0; i < count && rc == 0; i++) {
		rc = fn(st, ids[i], w, err);
		if (rc == 0)
			w->done++;
	}
	return store_end(st, own, rc, err);
}

static int
insert_item(struct store *st, const struct remind_item *it, int64_t now,
    size_t *added, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st,
	    "INSERT INTO notification_queue (user_id, person_id,"
	    " notification_type, reminder_kind, title, message,"
	    " scheduled_for, priority, related_medication_id,"
	    " related_schedule_id, slot_at, created_at)"
	    " VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT DO NOTHING", err);
	bool urgent = it->critical || it->kind == REMIND_MISSED;

	if (stmt == NULL)
		return -1;
	if (it->kind == REMIND_OTHER || it->kind >= REMIND_KIND_COUNT ||
	    it->user_id <= 0 || it->medication_id <= 0 ||
	    (it->kind != REMIND_REFILL && it->schedule_id <= 0)) {
		error_set(err, ERR_INVALID,
		    _("only planned reminders for an account can be queued"));
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, it->user_id);
	store_bind_id(stmt, 2, it->person_id);
	sqlite3_bind_text(stmt, 3, remind_kind_type(it->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, remind_kind_name(it->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, remind_kind_title(it->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, it->at);
	sqlite3_bind_text(stmt, 7, urgent ? "high" : "normal", -1,
	    SQLITE_STATIC);
	store_bind_id(stmt, 8, it->medication_id);
	store_bind_id(stmt, 9, it->kind == REMIND_REFILL ? 0 :
	    it->schedule_id);
	sqlite3_bind_int64(stmt, 10, it->slot);
	sqlite3_bind_int64(stmt, 11, now);
	if (store_step_done(st, stmt, _("cannot queue a reminder"), err) != 0)
		return -1;
	*added += (size_t)sqlite3_changes(st->db);
	return 0;
}

/*
 * A row withdrawn earlier (its dose recorded, its recipient no longer
 * allowed, or no longer planned) is queued again as it was when the plan
 * wants it back, as after an undone dose record or a renewed permission.
 */
static int
reopen_item(struct store *st, const struct remind_item *it, size_t *added,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue"
	    " SET status = 'pending', closed_at = NULL, held_until = NULL,"
	    " claimed_by = NULL, claimed_at = NULL"
	    " WHERE user_id = ?1 AND reminder_kind = ?2"
	    " AND related_medication_id = ?3"
	    " AND coalesce(related_schedule_id, 0) = ?4 AND slot_at = ?5"
	    " AND scheduled_for = ?6 AND status = 'cancelled'", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, it->user_id);
	sqlite3_bind_text(stmt, 2, remind_kind_name(it->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, it->medication_id);
	sqlite3_bind_int64(stmt, 4, it->kind == REMIND_REFILL ? 0 :
	    it->schedule_id);
	sqlite3_bind_int64(stmt, 5, it->slot);
	sqlite3_bind_int64(stmt, 6, it->at);
	if (store_step_done(st, stmt, _("cannot queue a reminder"), err) != 0)
		return -1;
	*added += (size_t)sqlite3_changes(st->db);
	return 0;
}

/*
 * ON CONFLICT DO NOTHING rather than INSERT OR IGNORE: only a repeated
 * key is skipped, while a row that breaks a CHECK or a reference still
 * fails loudly instead of vanishing.
 */
static int
queue_items(struct store *st, const struct remind_item *items, size_t count,
    int64_t now, size_t *added, struct error *err)
{
	for (size_t i = 0; i < count; i++) {
		if (insert_item(st, &items[i], now, added, err) != 0 ||
		    reopen_item(st, &items[i], added, err) != 0)
			return -1;
	}
	return 0;
}

int
store_notify_enqueue(struct store *st, const struct remind_item *items,
    size_t count, int64_t now, size_t *added, struct error *err)
{
	size_t n = 0;
	bool own;

	*added = 0;
	if (store_begin_or_join(st, &own, err) != 0)
		return -1;
	if (store_end(st, own, queue_items(st, items, count, now, &n, err),
	    err) != 0)
		return -1;
	*added = n;
	return 0;
}

/* A pending planned row, as the withdrawal compares it with a plan. */
struct planned_row {
	int64_t id;
	struct remind_item item;
};

static int
read_planned(sqlite3_stmt *stmt, void *out)
{
	struct planned_row *r = out;
	const char *kind = (const char *)sqlite3_column_text(stmt, 1);

	r->id = sqlite3_column_int64(stmt, 0);
	if (kind == NULL || remind_kind_parse(kind, &r->item.kind) != 0)
		r->item.kind = REMIND_OTHER;
	r->item.user_id = sqlite3_column_int64(stmt, 2);
	r->item.medication_id = sqlite3_column_int64(stmt, 3);
	r->item.schedule_id = sqlite3_column_int64(stmt, 4);
	r->item.slot = sqlite3_column_int64(stmt, 5);
	r->item.at = sqlite3_column_int64(stmt, 6);
	return 0;
}

static bool
in_plan(const struct remind_item *row, const struct remind_item *items,
    size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (remind_item_compare(row, &items[i]) == 0)
			return true;
	}
	return false;
}

static int
withdraw_row(struct store *st, int64_t id, int64_t now, size_t *withdrawn,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue"
	    " SET status = 'cancelled', closed_at = ?2"
	    " WHERE notification_id = ?1 AND status = 'pending'"
	    " AND closed_at IS NULL", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, now);
	if (store_step_done(st, stmt, _("cannot withdraw a reminder"),
	    err) != 0)
		return -1;
	*withdrawn += (size_t)sqlite3_changes(st->db);
	return 0;
}

static int
withdraw_unplanned(struct store *st, int64_t person_id,
    const struct remind_item *items, size_t count, int64_t from,
    int64_t until, int64_t now, size_t *withdrawn, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT q.notification_id,"
	    " q.reminder_kind, q.user_id, q.related_medication_id,"
	    " coalesce(q.related_schedule_id, 0), q.slot_at, q.scheduled_for"
	    " FROM notification_queue q"
	    " WHERE q.person_id = ?1 AND q.status = 'pending'"
	    " AND q.closed_at IS NULL AND q.delivered_at IS NULL"
	    " AND " UNCLAIMED_AT("?4") " AND q.scheduled_for < ?3"
	    " AND (q.reminder_kind IN ('advance', 'due')"
	    "  OR (q.reminder_kind = 'missed' AND q.scheduled_for >= ?2)"
	    "  OR (q.reminder_kind = 'refill' AND q.slot_at >= ?2))", err);
	struct planned_row *rows = NULL;
	size_t n = 0;
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, until);
	sqlite3_bind_int64(stmt, 4, now);
	rc = store_collect_rows(st, stmt, (void **)&rows, &n, sizeof *rows,
	    read_planned, err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!in_plan(&rows[i].item, items, count))
			rc = withdraw_row(st, rows[i].id, now, withdrawn, err);
	}
	free(rows);
	return rc;
}

int
store_notify_plan(struct store *st, int64_t person_id,
    const struct remind_item *items, size_t count, int64_t from,
    int64_t until, int64_t now, size_t *added, size_t *withdrawn,
    struct error *err)
{
	size_t n = 0, gone = 0;
	bool own;
	int rc;

	*added = *withdrawn = 0;
	if (store_begin_or_join(st, &own, err) != 0)
		return -1;
	rc = withdraw_unplanned(st, person_id, items, count, from, until, now,
	    &gone, err);
	if (rc == 0)
		rc = queue_items(st, items, count, now, &n, err);
	if (store_end(st, own, rc, err) != 0)
		return -1;
	*added = n;
	*withdrawn = gone;
	return 0;
}

static sqlite3_stmt *
due_statement(struct store *st, const struct store_notify_filter *f,
    int64_t now, struct error *err)
{
	sqlite3_stmt *stmt;

	if (f->audience == NOTIFY_FOR_COMMAND)
		stmt = stmt_get(st, NOTICE_SELECT
		    " WHERE q.status = 'pending' AND q.closed_at IS NULL"
		    " AND (?1 = 0 OR q.user_id = ?1)"
		    " AND " COMMAND_DUE " <= ?2 AND " UNCLAIMED_AT("?2")
		    " AND " RECIPIENT_ALLOWED
		    " ORDER BY " COMMAND_DUE ", q.notification_id", err);
	else
		stmt = stmt_get(st, NOTICE_SELECT
		    " WHERE q.status IN ('pending', 'delivered', 'failed')"
		    " AND q.closed_at IS NULL AND q.user_id = ?1"
		    " AND " SCREEN_DUE " <= ?2 AND " RECIPIENT_ALLOWED
		    " ORDER BY " SCREEN_DUE ", q.notification_id", err);
	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, f->user_id);
	sqlite3_bind_int64(stmt, 2, now);
	return stmt;
}

int
store_notify_due(struct store *st, const struct store_notify_filter *f,
    int64_t now, bool (*skip)(void *ctx, int64_t id), void *ctx,
    struct remind_notice *out, size_t max, size_t *count,
    struct error *err)
{
	sqlite3_stmt *stmt = due_statement(st, f, now, err);
	int rc = SQLITE_DONE;

	*count = 0;
	if (stmt == NULL)
		return -1;
	while (*count < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (skip != NULL && skip(ctx, sqlite3_column_int64(stmt, 0)))
			continue;
		read_notice(stmt, &out[(*count)++]);
	}
	if (*count < max && rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot read the reminder queue"));
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	return 0;
}

int
store_notify_next_due(struct store *st, const struct store_notify_filter *f,
    int64_t after, int64_t *due, struct error *err)
{
	sqlite3_stmt *stmt;

	if (f->audience == NOTIFY_FOR_COMMAND)
		stmt = stmt_get(st, "SELECT min(d) FROM (SELECT max("
		    COMMAND_DUE ", CASE WHEN q.claimed_by IS NULL THEN 0"
		    " ELSE q.claimed_at + " STALE_TEXT " END) AS d"
		    " FROM notification_queue q"
		    " WHERE q.status = 'pending' AND q.closed_at IS NULL"
		    " AND (?1 = 0 OR q.user_id = ?1) AND " RECIPIENT_ALLOWED
		    ") WHERE d > ?2", err);
	else
		stmt = stmt_get(st, "SELECT min(" SCREEN_DUE ")"
		    " FROM notification_queue q"
		    " WHERE q.status IN ('pending', 'delivered', 'failed')"
		    " AND q.closed_at IS NULL AND q.user_id = ?1"
		    " AND " SCREEN_DUE " > ?2 AND " RECIPIENT_ALLOWED, err);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, f->user_id);
	sqlite3_bind_int64(stmt, 2, after);
	return store_step_int(st, stmt, REMIND_NEVER, due,
	    _("cannot read the reminder queue"), err);
}

int
store_notify_open(struct store *st, int64_t user_id, int64_t now,
    struct remind_notice **out, size_t *count, struct error *err)
{
	struct store_notify_filter f = { NOTIFY_FOR_SCREEN, user_id };
	size_t cap = 16;

	*out = NULL;
	*count = 0;
	for (;;) {
		struct remind_notice *all = malloc(cap * sizeof *all);

		if (all == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return -1;
		}
		if (store_notify_due(st, &f, now, NULL, NULL, all, cap, count,
		    err) != 0) {
			free(all);
			return -1;
		}
		if (*count < cap) {
			*out = all;
			return 0;
		}
		free(all);
		cap *= 4;
	}
}

int
store_notify_get(struct store *st, int64_t id, struct remind_notice *out,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, NOTICE_SELECT
	    " WHERE q.notification_id = ?", err);
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_notice(stmt, out);
	else if (rc == SQLITE_DONE)
		error_set(err, ERR_NOT_FOUND, _("no notification %lld"),
		    (long long)id);
	else
		store_fail(st, err, _("cannot read the reminder queue"));
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_notify_is_open(struct store *st, int64_t id, bool *open,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT count(*)"
	    " FROM notification_queue WHERE notification_id = ?"
	    " AND closed_at IS NULL AND status <> 'cancelled'", err);
	int64_t n;

	if (store_int_by_id(st, stmt, id, 0, &n,
	    _("cannot read the reminder queue"), err) != 0)
		return -1;
	*open = n > 0;
	return 0;
}

/* Runs one write statement as a transaction, or in the caller's. */
static int
write_one(struct store *st, sqlite3_stmt *stmt, const char *what,
    size_t *changed, struct error *err)
{
	bool own;
	int rc;

	if (store_begin_or_join(st, &own, err) != 0) {
		sqlite3_reset(stmt);
		return -1;
	}
	rc = store_step_done(st, stmt, what, err);
	if (rc == 0 && changed != NULL)
		*changed = (size_t)sqlite3_changes(st->db);
	return store_end(st, own, rc, err);
}

int
store_notify_hold(struct store *st, int64_t id, int64_t until,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue"
	    " SET held_until = ?2 WHERE notification_id = ?1"
	    " AND closed_at IS NULL AND status <> 'cancelled'"
	    " AND (held_until IS NULL OR held_until < ?2)", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, until);
	return write_one(st, stmt, _("cannot hold a reminder"), NULL, err);
}

static int
claim_one(struct store *st, int64_t id, struct row_write *w,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue AS q"
	    " SET claimed_by = ?2, claimed_at = ?3"
	    " WHERE q.notification_id = ?1 AND q.status = 'pending'"
	    " AND q.closed_at IS NULL AND " COMMAND_DUE " <= ?3"
	    " AND " UNCLAIMED_AT("?3") " AND " RECIPIENT_ALLOWED, err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, w->owner, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, w->now);
	if (store_step_done(st, stmt, _("cannot claim a reminder"), err) != 0)
		return -1;
	w->claimed[w->done] = sqlite3_changes(st->db) == 1;
	return 0;
}

int
store_notify_claim(struct store *st, const int64_t *ids, size_t count,
    const char *owner, int64_t now, bool *claimed, size_t *won,
    struct error *err)
{
	struct row_write w = { owner, NULL, now, claimed, 0 };

	*won = 0;
	if (each_row(st, ids, count, claim_one, &w, err) != 0)
		return -1;
	for (size_t i = 0; i < count; i++)
		*won += claimed[i];
	return 0;
}

static int
add_history(struct store *st, int64_t id, const char *method,
    const char *status, int64_t now, const char *action, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "INSERT INTO notification_history"
	    " (notification_id, user_id, delivery_method, delivery_status,"
	    " delivered_at, clicked_at, action_taken)"
	    " SELECT notification_id, user_id, ?2, ?3,"
	    " coalesce(delivered_at, ?4), CASE WHEN ?5 IS NULL THEN NULL"
	    " ELSE ?4 END, ?5"
	    " FROM notification_queue WHERE notification_id = ?1", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, method, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, now);
	if (action != NULL)
		sqlite3_bind_text(stmt, 5, action, -1, SQLITE_STATIC);
	return store_step_done(st, stmt,
	    _("cannot record a notification's history"), err);
}

/*
 * The audit trail learns that a reminder went out: to whom, about whom,
 * which row, its kind and how; never a name or a medication in clear.
 */
static int
audit_sent(struct store *st, int64_t id, const char *method, int64_t now,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT user_id,"
	    " coalesce(person_id, 0),"
	    " coalesce(reminder_kind, notification_type),"
	    " coalesce(related_medication_id, 0)"
	    " FROM notification_queue WHERE notification_id = ?", err);
	struct store_audit_entry e;
	char kind[32], facts[160];
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = store_step_row(st, stmt, _("cannot read the reminder queue"),
	    err)) <= 0)
		return rc == 0 ? 0 : -1;
	memset(&e, 0, sizeof e);
	e.user_id = sqlite3_column_int64(stmt, 0);
	e.person_id = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 2, kind, sizeof kind);
	snprintf(facts, sizeof facts,
	    "{\"kind\":\"%s\",\"method\":\"%s\",\"medication_id\":%lld}",
	    kind, method, (long long)sqlite3_column_int64(stmt, 3));
	sqlite3_reset(stmt);
	e.action = "reminder_sent";
	e.table = "notification_queue";
	e.record_id = id;
	e.new_values = facts;
	e.performed_at = now;
	return store_audit_append(st, &e, err);
}

static int
mark_delivered(struct store *st, int64_t id, struct row_write *w,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue"
	    " SET status = 'delivered', delivered_at = ?3,"
	    " sent_at = coalesce(sent_at, ?3), delivery_method = ?4,"
	    " claimed_by = NULL, claimed_at = NULL"
	    " WHERE notification_id = ?1 AND status = 'pending'"
	    " AND claimed_by = ?2", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, w->owner, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, w->now);
	sqlite3_bind_text(stmt, 4, w->text, -1, SQLITE_STATIC);
	if (store_step_done(st, stmt, _("cannot record a delivery"), err) != 0)
		return -1;

	/* Answered or cancelled meanwhile: the history already says so. */
	if (sqlite3_changes(st->db) == 0)
		return 0;
	if (add_history(st, id, w->text, "delivered", w->now, NULL, err) != 0)
		return -1;
	return audit_sent(st, id, w->text, w->now, err);
}

int
store_notify_delivered(struct store *st, const int64_t *ids, size_t count,
    const char *owner, enum store_notify_method how, int64_t now,
    struct error *err)
{
	struct row_write w = { owner,
	    how == NOTIFY_BY_COMMAND ? "command" : "in_app", now, NULL, 0 };

	return each_row(st, ids, count, mark_delivered, &w, err);
}

int64_t
store_notify_backoff(int failures)
{
	int64_t wait = BACKOFF_FIRST_SECONDS;

	for (int i = 1; i < failures && wait < BACKOFF_LONGEST_SECONDS; i++)
		wait *= 2;
	return wait < BACKOFF_LONGEST_SECONDS ? wait : BACKOFF_LONGEST_SECONDS;
}

static int
mark_failed(struct store *st, int64_t id, struct row_write *w,
    struct error *err)
{
	sqlite3_stmt *read = stmt_get(st, "SELECT retry_count + 1, max_retries"
	    " FROM notification_queue WHERE notification_id = ?1"
	    " AND status = 'pending' AND claimed_by = ?2", err);
	sqlite3_stmt *write;
	int failures, limit;

	if (read == NULL)
		return -1;
	sqlite3_bind_int64(read, 1, id);
	sqlite3_bind_text(read, 2, w->owner, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(read) != SQLITE_ROW) {
		sqlite3_reset(read);
		return 0;
	}
	failures = sqlite3_column_int(read, 0);
	limit = sqlite3_column_int(read, 1);
	sqlite3_reset(read);

	write = stmt_get(st, "UPDATE notification_queue"
	    " SET retry_count = ?2, status = ?3, next_attempt_at = ?4,"
	    " failure_reason = substr(?5, 1, 200),"
	    " claimed_by = NULL, claimed_at = NULL"
	    " WHERE notification_id = ?1", err);
	if (write == NULL)
		return -1;
	sqlite3_bind_int64(write, 1, id);
	sqlite3_bind_int(write, 2, failures);
	sqlite3_bind_text(write, 3, failures > limit ? "failed" : "pending",
	    -1, SQLITE_STATIC);
	if (failures > limit)
		sqlite3_bind_null(write, 4);
	else
		sqlite3_bind_int64(write, 4, w->now +
		    store_notify_backoff(failures));
	sqlite3_bind_text(write, 5, w->text, -1, SQLITE_TRANSIENT);
	if (store_step_done(st, write, _("cannot record a failed delivery"),
	    err) != 0)
		return -1;
	return add_history(st, id, "command", "failed", w->now, NULL, err);
}

int
store_notify_failed(struct store *st, const int64_t *ids, size_t count,
    const char *owner, const char *reason, int64_t now, struct error *err)
{
	struct row_write w = { owner, reason, now, NULL, 0 };

	return each_row(st, ids, count, mark_failed, &w, err);
}

static int
close_answered(struct store *st, int64_t id, int64_t user_id,
    enum store_notify_action action, int64_t now, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue"
	    " SET closed_at = ?3, delivered_at = coalesce(delivered_at, ?3),"
	    " status = CASE status WHEN 'pending' THEN 'delivered'"
	    "  ELSE status END"
	    " WHERE notification_id = ?1 AND user_id = ?2"
	    " AND closed_at IS NULL AND status <> 'cancelled'", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, user_id);
	sqlite3_bind_int64(stmt, 3, now);
	if (store_step_done(st, stmt, _("cannot record an answer"), err) != 0)
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		error_set(err, ERR_CONFLICT,
		    _("this notification was already answered, here or in another terminal"));
		return -1;
	}
	return add_history(st, id, "in_app", "clicked", now,
	    action_names[action], err);
}

int
store_notify_answer(struct store *st, int64_t id, int64_t user_id,
    enum store_notify_action action, int64_t now, struct error *err)
{
	bool own;

	if (store_begin_or_join(st, &own, err) != 0)
		return -1;
	return store_end(st, own, close_answered(st, id, user_id, action, now,
	    err), err);
}

int
store_notify_snooze(struct store *st, int64_t id, int64_t user_id,
    const struct remind_item *again, int64_t now, struct error *err)
{
	size_t added = 0;
	bool own;
	int rc;

	if (again->user_id != user_id || again->kind != REMIND_SNOOZED) {
		error_set(err, ERR_INVALID,
		    _("a snooze brings back a reminder for the same account"));
		return -1;
	}
	if (store_begin_or_join(st, &own, err) != 0)
		return -1;
	rc = close_answered(st, id, user_id, NOTIFY_SNOOZED, now, err);
	if (rc == 0)
		rc = insert_item(st, again, now, &added, err);
	return store_end(st, own, rc, err);
}

int
store_notify_cancel_slot(struct store *st, int64_t schedule_id, int64_t slot,
    int64_t now, size_t *cancelled, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue"
	    " SET closed_at = ?3, status = CASE status WHEN 'pending'"
	    "  THEN 'cancelled' ELSE status END"
	    " WHERE related_schedule_id = ?1 AND slot_at = ?2"
	    " AND closed_at IS NULL", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, schedule_id);
	sqlite3_bind_int64(stmt, 2, slot);
	sqlite3_bind_int64(stmt, 3, now);
	return write_one(st, stmt, _("cannot cancel a dose's reminders"),
	    cancelled, err);
}

int
store_notify_cancel_unauthorised(struct store *st, int64_t now,
    size_t *cancelled, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue AS q"
	    " SET closed_at = ?1, status = CASE q.status WHEN 'pending'"
	    "  THEN 'cancelled' ELSE q.status END"
	    " WHERE q.closed_at IS NULL AND NOT " RECIPIENT_ALLOWED, err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	return write_one(st, stmt, _("cannot cancel reminders"), cancelled,
	    err);
}

int
store_notify_change_counter(struct store *st, int64_t *counter,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "PRAGMA data_version", err);

	if (stmt == NULL)
		return -1;
	return store_step_int(st, stmt, 0, counter,
	    _("cannot read the reminder queue"), err);
}

int
store_notify_prefs(struct store *st, int64_t user_id,
    struct remind_prefs *out, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT reminder_advance_minutes,"
	    " medication_reminders, missed_dose_alerts, refill_reminders,"
	    " quiet_hours_start, quiet_hours_end"
	    " FROM notification_preferences WHERE user_id = ?", err);
	int rc, status = 0;

	if (stmt == NULL)
		return -1;
	remind_prefs_defaults(out);
	sqlite3_bind_int64(stmt, 1, user_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->advance_minutes = sqlite3_column_int(stmt, 0);
		out->medication_reminders = sqlite3_column_int(stmt, 1) != 0;
		out->missed_dose_alerts = sqlite3_column_int(stmt, 2) != 0;
		out->refill_reminders = sqlite3_column_int(stmt, 3) != 0;
		status = quiet_parse((const char *)sqlite3_column_text(stmt, 4),
		    (const char *)sqlite3_column_text(stmt, 5), &out->quiet,
		    err);
	} else if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot read notification preferences"));
		status = -1;
	}
	sqlite3_reset(stmt);
	return status;
}

static int
collect_recipients(struct store *st, int64_t person_id,
    struct remind_recipient *out, size_t max, size_t *count,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT user_id, 1 FROM users"
	    " WHERE person_id = ?1 AND account_status = 'active'"
	    " UNION SELECT c.user_id, 0 FROM care_relationships c"
	    " JOIN users u ON u.user_id = c.user_id"
	    " WHERE c.person_id = ?1 AND c.revoked_at IS NULL"
	    " AND c.can_receive_alerts = 1 AND u.account_status = 'active'"
	    " AND u.person_id IS NOT ?1"
	    " ORDER BY 2 DESC, 1", err);
	int rc;

	*count = 0;
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*count < max) {
			out[*count].user_id = sqlite3_column_int64(stmt, 0);
			out[*count].is_patient = sqlite3_column_int(stmt, 1);
		}
		(*count)++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot read who receives alerts"));
		return -1;
	}
	return 0;
}

int
store_notify_recipients(struct store *st, int64_t person_id,
    struct remind_recipient **out, size_t *count, struct error *err)
{
	struct remind_recipient *list = NULL;
	size_t n = 0;

	*out = NULL;
	*count = 0;

	/* Count first, then fill: the list is short and this stays simple. */
	if (collect_recipients(st, person_id, NULL, 0, &n, err) != 0)
		return -1;
	if (n == 0)
		return 0;
	list = calloc(n, sizeof *list);
	if (list == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	if (collect_recipients(st, person_id, list, n, &n, err) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (store_notify_prefs(st, list[i].user_id, &list[i].prefs,
		    err) != 0)
			goto fail;
	}
	*out = list;
	*count = n;
	return 0;
fail:
	free(list);
	return -1;
}

int
store_notify_people(struct store *st, int64_t **ids, size_t *count,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT person_id"
	    " FROM user_medications UNION SELECT person_id"
	    " FROM notification_queue WHERE person_id IS NOT NULL"
	    " AND status = 'pending' AND closed_at IS NULL"
	    " AND reminder_kind IS NOT NULL ORDER BY 1", err);

	*ids = NULL;
	*count = 0;
	if (stmt == NULL)
		return -1;
	return store_collect_ids(st, stmt, ids, count, err);
}

int
store_notify_refill_named(struct store *st, int64_t medication_id,
    int64_t *runs_out, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT min(q.slot_at)"
	    " FROM notification_queue q WHERE q.related_medication_id = ?1"
	    " AND q.reminder_kind = 'refill' AND q.status <> 'cancelled'"
	    " AND q.created_at >= (SELECT coalesce(max(f.created_at), 0)"
	    "  FROM medication_fills f WHERE f.medication_id = ?1)", err);

	*runs_out = 0;
	return store_int_by_id(st, stmt, medication_id, 0, runs_out,
	    _("cannot read the reminder queue"), err);
}

int
store_notify_account_person(struct store *st, int64_t user_id,
    int64_t *person_id, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT coalesce(max(person_id), 0)"
	    " FROM users WHERE user_id = ?", err);

	*person_id = 0;
	return store_int_by_id(st, stmt, user_id, 0, person_id,
	    _("cannot read the account"), err);
}

int
store_notify_claim_owners(struct store *st,
    void (*fn)(void *ctx, const char *owner), void *ctx, struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "SELECT DISTINCT claimed_by"
	    " FROM notification_queue WHERE claimed_by IS NOT NULL"
	    " AND status = 'pending'", err);
	char owner[256];
	int rc;

	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		store_column_text(stmt, 0, owner, sizeof owner);
		fn(ctx, owner);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, _("cannot read the reminder queue"));
		return -1;
	}
	return 0;
}

int
store_notify_release(struct store *st, const char *owner, size_t *released,
    struct error *err)
{
	sqlite3_stmt *stmt = stmt_get(st, "UPDATE notification_queue"
	    " SET claimed_by = NULL, claimed_at = NULL"
	    " WHERE claimed_by = ? AND status = 'pending'", err);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, owner, -1, SQLITE_TRANSIENT);
	return write_one(st, stmt, _("cannot release claims"), released, err);
}

