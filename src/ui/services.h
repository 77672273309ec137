#ifndef PC_UI_SERVICES_H
#define PC_UI_SERVICES_H

#include <stdbool.h>
#include <stdint.h>

#include "common/error.h"
#include "ui/model.h"

/*
 * What the interface asks of the rest of the program.  wire.c fills this
 * table from the accounts, drugs, doses and reminders services; the
 * screens call through it and never touch the store.  A NULL entry means
 * the feature is not in this build: the screen says so in the status line
 * and saves nothing.  Every function runs on the main thread, returns 0
 * or -1 with err filled, and may take as long as a store query takes.
 */

enum ui_login_result {
	UI_LOGIN_OK,
	UI_LOGIN_NEED_CODE	/* right password; now the second factor */
};

/* What the sign-in form hands over; the password is wiped after the call. */
struct ui_login {
	char email[256];
	char password[256];
	char code[7];		/* "" until the second factor is asked for */
};

enum ui_dose_action {
	UI_ACT_TAKE,
	UI_ACT_SKIP,
	UI_ACT_SNOOZE
};

/* A fill from the pharmacy as the fill form hands it over, checked. */
struct ui_fill {
	int64_t medication_id;
	double quantity;
	long days_supply;
	char date[11];		/* YYYY-MM-DD, today or earlier */
};

/* What recording a fill found. */
struct ui_fill_done {
	bool too_soon;		/* recorded anyway, or refused */
	char due_from[11];	/* when it would not have been too soon */
	int refills_remaining;
};

/* A medication as the add or edit form hands it over, checked. */
struct ui_med_draft {
	int64_t id;		/* 0 for a new medication */
	char drug[201];
	char strength[51];
	char form[51];
	char times[200];	/* "08:00,20:00" */
	double dose_amount;	/* 0 when not given */
	char dose_unit[21];
	char start_date[11];
	char end_date[11];	/* "" when open-ended */
	char prescriber[129];
	char pharmacy[129];
	long quantity;		/* -1 when not given */
	long days_supply;	/* -1 when not given */
	long refills;		/* 0 when not given */
	char instructions[UI_NAME_MAX];
	bool critical;
};

/*
 * The override a pharmacist records to save past a major finding: the
 * NCPDP DUR conflict code it answers, the professional service code (M0
 * prescriber consulted, P0 patient consulted, R0 other source) and the
 * result code (1A filled as is, false positive; 1B filled as is; 1C with a
 * different dose; 1D with different directions; 1E with a different drug;
 * 1F quantity changed; 1G with prescriber approval), with a note.
 */
struct ui_override {
	char conflict[3];
	char service[3];
	char result[3];
	char note[UI_NAME_MAX];
};

/* One match of the drug search. */
struct ui_drug_hit {
	int64_t drug_id;
	char name[UI_NAME_MAX];		/* "Warfarin (Coumadin)" */
};

/* What dose_action did when it succeeded. */
enum ui_dose_done {
	UI_DOSE_RECORDED,	/* the dose was recorded */
	UI_DOSE_PUT_AWAY	/* a reminder without a dose was put away */
};

struct ui_services {
	void *ctx;

	/* The e-mail the sign-in form starts with (--user), or NULL. */
	const char *user_hint;

	/* Whether someone must sign in before anything shows. */
	bool (*needs_login)(void *ctx);
	int (*login)(void *ctx, const struct ui_login *in,
	    enum ui_login_result *result, struct error *err);
	/* The idle lock: forget what unlocks the data until unlock. */
	void (*lock)(void *ctx);
	int (*unlock)(void *ctx, const char *password, struct error *err);
	/* A key was pressed: the session is in use. */
	void (*touch)(void *ctx);
	/*
	 * Whether the session has been idle too long by the wall clock,
	 * which also counts the time a machine spent asleep.
	 */
	bool (*idle_expired)(void *ctx);

	/* Fills the model for the open record, replacing what it held. */
	int (*load)(void *ctx, struct ui_model *m, struct error *err);
	int (*switch_person)(void *ctx, int64_t person_id, struct error *err);

	/*
	 * Records a dose.  A dose already recorded is refused with
	 * ERR_CONFLICT and err saying only what is recorded ("taken at
	 * 08:02, recorded by ...") until the call is made again confirmed.
	 */
	int (*dose_action)(void *ctx, int64_t dose_id, enum ui_dose_action act,
	    int snooze_minutes, bool confirmed, enum ui_dose_done *done,
	    struct error *err);

	/* Screens a draft against the record without saving anything. */
	int (*screen_medication)(void *ctx, const struct ui_med_draft *d,
	    struct ui_findings *out, struct error *err);
	/* Saves a screened draft; ovr is NULL unless a major was overridden. */
	int (*save_medication)(void *ctx, const struct ui_med_draft *d,
	    const struct ui_override *ovr, struct error *err);
	int (*set_medication_status)(void *ctx, int64_t medication_id,
	    enum ui_med_status status, const char *reason, struct error *err);
	/*
	 * Records a fill.  One that comes too soon is refused with
	 * ERR_CONFLICT and done->too_soon set, unless override is true.
	 */
	int (*add_fill)(void *ctx, const struct ui_fill *fill, bool override,
	    struct ui_fill_done *done, struct error *err);

	int (*search_drugs)(void *ctx, const char *query,
	    struct ui_drug_hit *hits, int max, int *count, struct error *err);
	/* What adding the drug would find against the open record. */
	int (*try_drug)(void *ctx, int64_t drug_id, struct ui_findings *out,
	    struct error *err);
	/* Marks a finding of the record as read, so it is not shouted. */
	int (*review_finding)(void *ctx, const struct ui_finding *f,
	    struct error *err);

	int (*save_profile)(void *ctx, const struct ui_profile *p,
	    struct error *err);
	int (*save_notify)(void *ctx, const struct ui_notify *n,
	    struct error *err);
	int (*add_condition)(void *ctx, const struct ui_condition *c,
	    struct error *err);
	int (*add_allergy)(void *ctx, const struct ui_allergy *a,
	    struct error *err);

	/*
	 * The reminder thread's wake-up descriptor, or -1; it may change
	 * after signing in.  When it is readable the main loop asks for what
	 * is due (take_reminders drains it).
	 */
	int wake_fd;
	int (*take_reminders)(void *ctx, struct ui_reminder *out, int max);
};

#endif
