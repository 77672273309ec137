#ifndef PC_SERVICE_DOSES_H
#define PC_SERVICE_DOSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/clock.h"
#include "common/error.h"
#include "common/settings.h"
#include "domain/adherence.h"
#include "domain/dose.h"
#include "domain/schedule.h"
#include "store/doses.h"
#include "store/meds.h"
#include "store/store.h"
#include "store/summaries.h"

/*
 * What the command line and the screens call to manage medications and
 * doses.  Each function that writes does it in one transaction (BEGIN
 * IMMEDIATE), so two terminals recording the same dose cannot both
 * succeed, and keeps adherence_summaries in step in that transaction.
 * Adding a medication, changing its status and recording a fill join the
 * caller's transaction when one is open, so that what goes with them
 * (an override, an audit row) is saved with them or not at all.
 * Permission checks and sealing belong to the caller: sealed fields
 * arrive as ciphertext.
 */

/* Who acts, when, and under which settings. */
struct doses_ctx {
	struct store *st;
	const struct clock *clock;
	int64_t user_id;		/* the account acting; 0 when none */
	const char *recorded_via;	/* manual, reminder, auto, caregiver */
	int grace_minutes;
	int undo_minutes;
	int refill_too_soon_percent;
	int refill_warn_days;
	int archive_after_days;

	/*
	 * Names an account for messages ("recorded by Alex"); without it an
	 * account is named by its number.
	 */
	void (*name_account)(void *data, int64_t user_id, char *buf,
	    size_t size);
	void *name_data;
};

/* A context with the settings' grace, undo, refill and archive values. */
void doses_ctx_init(struct doses_ctx *ctx, struct store *st,
    const struct clock *clock, const struct settings *cfg, int64_t user_id);

/* A new medication with its schedule. */
struct doses_med_input {
	struct store_med_new med;	/* dosing_schedule holds the SPEC */
};

/*
 * Parses the SPEC, then adds the medication, its status history and its
 * schedule rules.  Every-N-days and cycle rules count from the start
 * date, which is kept with the rule.
 */
int doses_med_add(struct doses_ctx *ctx, const struct doses_med_input *in,
    int64_t *medication_id, struct error *err);

/*
 * Pauses, resumes, discontinues (reason sealed, required) or completes a
 * medication from now on; the current periods' summaries follow.
 */
int doses_med_set_status(struct doses_ctx *ctx, int64_t medication_id,
    enum store_med_status status, struct store_sealed reason,
    struct error *err);

/* What a fill turned out to be. */
struct doses_fill_result {
	int64_t fill_id;
	bool too_soon;		/* before the refill_too_soon share was used */
	int earliest_day;	/* the first day it would not be too soon */
	int refills_remaining;
};

/*
 * Records a fill.  A fill that comes too soon is refused with
 * ERR_CONFLICT (nothing changes) unless override is set; a fill after the
 * first spends one of the prescription's refills.
 */
int doses_fill_add(struct doses_ctx *ctx, int64_t medication_id,
    const struct store_fill *fill, bool override,
    struct doses_fill_result *out, struct error *err);

/* One line of a day's list. */
struct doses_item {
	struct sched_slot slot;		/* at is 0 for an as-needed line */
	bool prn;			/* an as-needed medication */
	bool recorded;
	struct store_dose dose;		/* when recorded */
	enum dose_status state;		/* at the context's now */
};

struct doses_day {
	int day;
	const char *zone;		/* the zone that day follows */
	char zone_name[TZ_NAME_MAX + 1];
	struct doses_item *items;
	size_t n;
};

/*
 * A person's doses on a local day: every scheduled slot with its record
 * and state, the as-needed doses taken that day, and one line for each
 * as-needed medication.  Free with doses_day_free.
 */
int doses_today(struct doses_ctx *ctx, int64_t person_id, int day,
    struct doses_day *out, struct error *err);

void doses_day_free(struct doses_day *d);

/* The days of a history, first to last. */
struct doses_history {
	struct doses_day *days;
	size_t n;
};

/*
 * A person's doses on local days first..last, like doses_today but
 * without the standing lines of as-needed medications: every scheduled
 * slot with its record (live or archived) and state, and every as-needed
 * dose taken.  Free with doses_history_free.
 */
int doses_history(struct doses_ctx *ctx, int64_t person_id, int first,
    int last, struct doses_history *out, struct error *err);

void doses_history_free(struct doses_history *h);

/* The local day the context's now falls on for a person. */
int doses_local_today(struct doses_ctx *ctx, int64_t person_id, int *day,
    struct error *err);

/* The name of the time zone a person's schedules follow on a local day. */
int doses_zone_of_day(struct doses_ctx *ctx, int64_t person_id, int day,
    char name[TZ_NAME_MAX + 1], struct error *err);

/* Recording a dose. */
struct doses_request {
	int64_t person_id;
	int64_t medication_id;
	int64_t schedule_id;	/* with slot_at, the slot; 0 to find it */
	int64_t slot_at;
	enum dose_status status; /* taken, partial, skipped, snoozed, missed */
	int64_t actual_at;	/* when taken; 0 for now */
	double amount;		/* 0 for the scheduled amount */
	int taken_with_food;	/* 1, 0, or -1 when not said */
	int snooze_minutes;	/* for a snooze; 0 for 10 */
	bool confirmed;		/* replace what is already recorded */
	struct store_sealed note; /* sealed, such as a reason to skip */
	int64_t notification_id; /* the reminder this answers; 0 for none */
};

struct doses_outcome {
	int64_t event_id;
	int64_t schedule_id;
	int64_t slot_at;
	int slot_day;
	bool replaced;		/* an earlier record was replaced */
	bool retrospective;
	bool prn;
	struct dose_prn_check prn_check; /* warnings for an as-needed dose */
	bool has_existing;	/* with ERR_CONFLICT: what is recorded */
	struct store_dose existing;
	char existing_text[192];
};

/*
 * Records a dose.  Without a slot the dose goes to the slot chosen by
 * dose_attribute.  A slot already recorded fails with ERR_CONFLICT and
 * out->existing_text says what is known ("taken at 08:02, recorded by
 * Alex") until the request is confirmed; a snooze is no final answer and
 * is replaced without asking.  As-needed doses are recorded with
 * warnings in out->prn_check when a limit is passed.
 *
 * In the same transaction the dose's notifications follow the record
 * (remind_dose_changed): the reminder answered, if any, keeps the
 * answer, the others leave the queue and every screen, and a snooze
 * queues the reminder again for when it ends.
 */
int doses_record(struct doses_ctx *ctx, const struct doses_request *req,
    struct doses_outcome *out, struct error *err);

/* The effect of an undo. */
struct doses_undo_result {
	int64_t event_id;
	bool removed;		/* the record is gone; else it was restored */
	struct store_dose before; /* the record as it was before the undo */
};

/*
 * Undoes the last change to an event (event_id 0: the last one the
 * acting account recorded for the person) within undo_minutes, and
 * writes an 'undo' row to the audit trail.  The dose's notifications
 * follow, as after doses_record.
 */
int doses_undo(struct doses_ctx *ctx, int64_t person_id, int64_t event_id,
    struct doses_undo_result *out, struct error *err);

/*
 * Undoes, like doses_undo, the last record the acting account wrote for
 * one medication of the person (any medication when medication_id is 0).
 */
int doses_undo_last(struct doses_ctx *ctx, int64_t person_id,
    int64_t medication_id, struct doses_undo_result *out, struct error *err);

/* One period of an adherence report. */
struct doses_period {
	int64_t medication_id;		/* 0 for all medications */
	enum adherence_period period;
	int first_day, last_day;
	struct adherence_counts c;	/* missed includes unrecorded doses
					 * of days that are over */
	double percent;
	int current_streak, longest_streak;
	bool open;			/* holds today or later days */
};

struct doses_report {
	struct doses_period *rows;
	size_t n;
};

/*
 * Adherence by period for days first..last: for one medication, for all
 * together (medication 0) or for each one (STORE_EVERY_MEDICATION).
 * Periods without any record still show their scheduled doses.
 */
int doses_adherence(struct doses_ctx *ctx, int64_t person_id,
    int64_t medication_id, enum adherence_period period, int first,
    int last, struct doses_report *out, struct error *err);

void doses_report_free(struct doses_report *r);

/* The current and longest streak of full days up to today. */
int doses_streaks(struct doses_ctx *ctx, int64_t person_id,
    int64_t medication_id, int *current, int *longest, struct error *err);

/* PDC and MPR from the fills of medications over first..last. */
int doses_refill_measures(struct doses_ctx *ctx,
    const int64_t *medication_ids, size_t n, int first, int last,
    struct adherence_pdc *pdc, struct adherence_mpr *mpr,
    struct error *err);

/* Where a medication's supply stands today. */
struct doses_refill_status {
	double on_hand;			/* filled less taken since 1st fill */
	struct adherence_refill forecast;
	size_t fills;
	int last_fill_day;		/* when fills > 0 */
	int last_days_supply;
	bool too_soon;			/* a fill today would come too soon */
	int earliest_day;		/* the first day a fill is on time */
};

/*
 * The refill status of a medication today: what is on hand, how long it
 * lasts by the schedule, and whether a fill today would be too soon by
 * refill_too_soon_percent.
 */
int doses_refill_status(struct doses_ctx *ctx, int64_t medication_id,
    struct doses_refill_status *out, struct error *err);

/*
 * The refill forecast of a medication: quantity on hand is what was
 * filled less what was taken since the first fill.
 */
int doses_refill_forecast(struct doses_ctx *ctx, int64_t medication_id,
    double *on_hand, struct adherence_refill *out, struct error *err);

/* Recomputes every adherence summary of a person from the events. */
int doses_rebuild_summaries(struct doses_ctx *ctx, int64_t person_id,
    struct error *err);

/*
 * Moves the dose events of a person (0: of everyone) older than
 * archive_after_days to the archive in one transaction; summaries stay
 * as they were, for they are computed from live and archived events
 * alike.
 */
int doses_archive(struct doses_ctx *ctx, int64_t person_id, int64_t *moved,
    struct error *err);

/*
 * From from_day on (today or later), the person's schedules follow zone:
 * the local zone of a journey, or home again.  Days before keep theirs.
 */
int doses_follow_zone(struct doses_ctx *ctx, int64_t person_id,
    int from_day, const char *zone, struct error *err);

#endif
