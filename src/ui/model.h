#ifndef PC_UI_MODEL_H
#define PC_UI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The view model: plain data the screens draw, already decrypted, in the
 * person's own time zone and ready to show.  The services (services.h)
 * fill it from the store; the screens never reach past it.  Dates are
 * "YYYY-MM-DD" and times of day "HH:MM", as in the store; the screens
 * write them the locale's way.  Lists are owned arrays, grown with the
 * ui_model_add_* functions and freed by ui_model_free.
 */

#define UI_NAME_MAX 256
#define UI_TEXT_MAX 1024

/* Whose record is open, and the others one may switch to. */
struct ui_person {
	int64_t id;
	char name[UI_NAME_MAX];
	char relation[64];	/* translated: "you", "you look after" */
};

enum ui_dose_state {
	UI_DOSE_DUE,
	UI_DOSE_TAKEN,
	UI_DOSE_PARTIAL,
	UI_DOSE_SKIPPED,
	UI_DOSE_SNOOZED,
	UI_DOSE_MISSED
};

/* One scheduled dose of today. */
struct ui_dose {
	int64_t id;		/* what the dose service acts on */
	char time[6];		/* scheduled */
	char actual[6];		/* when taken, or "" */
	char snoozed_until[6];	/* when snoozed, or "" */
	char medication[UI_NAME_MAX];	/* "Metformin 500 mg tablet" */
	char amount[64];	/* "1 tablet" */
	enum ui_dose_state state;
	bool overdue;		/* due and past its time */
	bool critical;		/* sounds even in quiet hours */
};

enum ui_med_status {
	UI_MED_ACTIVE,
	UI_MED_PAUSED,
	UI_MED_COMPLETED,
	UI_MED_DISCONTINUED
};

enum ui_refill {
	UI_REFILL_UNKNOWN,	/* no fill recorded */
	UI_REFILL_OK,
	UI_REFILL_SOON,		/* within refill_warn_days */
	UI_REFILL_OUT		/* the supply has run out */
};

struct ui_medication {
	int64_t id;
	char name[UI_NAME_MAX];	/* the drug's name */
	char strength[64];
	char form[64];		/* dosage form: tablet, capsule... */
	char times[200];	/* "08:00,20:00" */
	char dose_amount[32];	/* "1", "0.5" */
	char dose_unit[32];
	char instructions[UI_NAME_MAX];
	char prescriber[128];
	char pharmacy[128];
	char start_date[11];
	char end_date[11];	/* "" when open-ended */
	enum ui_med_status status;
	char status_reason[UI_NAME_MAX];
	bool critical;
	long quantity;		/* -1 when unknown */
	long days_supply;	/* -1 when unknown */
	long refills_remaining;
	enum ui_refill refill;
	long days_left;		/* of supply on hand; -1 when unknown */
	char runout_date[11];	/* "" when unknown */
};

/* NCPDP clinical significance: 1 major, 2 moderate, 3 minor. */
enum ui_severity {
	UI_SEV_MAJOR = 1,
	UI_SEV_MODERATE = 2,
	UI_SEV_MINOR = 3
};

/* One screening finding, as a pharmacist reads it. */
struct ui_finding {
	enum ui_severity severity;
	char kind[3];		/* NCPDP DUR conflict code: "DD", "DA", "TD" */
	char drugs[UI_NAME_MAX];	/* "warfarin + aspirin" */
	char mechanism[UI_TEXT_MAX];
	char effect[UI_TEXT_MAX];
	char management[UI_TEXT_MAX];
	bool reviewed;		/* read before: a lesser one is not shouted */
	char key[512];		/* what names it to the services */
};

struct ui_findings {
	struct ui_finding *items;
	size_t n, cap;
};

/* One day or week of the adherence series; percent < 0 when none due. */
struct ui_period {
	char start[11];
	double percent;
	int scheduled;
	int taken;
};

struct ui_med_adherence {
	char name[UI_NAME_MAX];
	int scheduled;
	int taken;
	double pdc;		/* proportion of days covered, %, or -1 */
};

struct ui_adherence {
	struct ui_period *days;		/* consecutive, oldest first */
	size_t n_days, cap_days;
	struct ui_period *weeks;	/* consecutive, oldest first */
	size_t n_weeks, cap_weeks;
	struct ui_med_adherence *meds;
	size_t n_meds, cap_meds;
	int current_streak;		/* days with every dose taken */
	int longest_streak;
	double pdc;			/* over all medications, or -1 */
	double pdc_target;		/* 80 by PQA's measure */
};

struct ui_condition {
	char name[UI_NAME_MAX];
	char code[9];		/* ICD-10, or "" */
	char severity[16];	/* "mild", "moderate", "severe" */
	char status[16];	/* "active", "resolved", "managed" */
	char diagnosed[11];
};

struct ui_allergy {
	char allergen[UI_NAME_MAX];
	char type[16];		/* "drug", "food", "environmental", "other" */
	char severity[20];	/* "mild" ... "life_threatening" */
	char reaction[UI_NAME_MAX];
};

/* Notification settings of the signed-in account. */
struct ui_notify {
	bool reminders;
	bool missed_doses;
	bool refills;
	bool interactions;
	int advance_minutes;	/* 0 to 240 */
	char quiet_start[6];	/* "" when no quiet hours */
	char quiet_end[6];
	char timezone[65];	/* IANA name */
};

struct ui_profile {
	char first_name[101];
	char last_name[101];
	char date_of_birth[11];
	char gender[20];	/* "male", "female", "other", "prefer_not_to_say" */
	char phone[32];
	int height_cm;		/* 0 when unknown */
	double weight_kg;	/* 0 when unknown */
	char blood_type[8];	/* "A+" ... "unknown" */
	char emergency_name[201];
	char emergency_phone[32];
	struct ui_notify notify;
	struct ui_condition *conditions;
	size_t n_conditions, cap_conditions;
	struct ui_allergy *allergies;
	size_t n_allergies, cap_allergies;
};

/*
 * What the reminder thread hands over: one dose that is due, or word that
 * a reminder shown was answered elsewhere and goes (closed).
 */
struct ui_reminder {
	int64_t dose_id;
	char time[6];
	char medication[UI_NAME_MAX];
	char amount[64];
	bool critical;
	bool silent;		/* quiet hours: shown without the bell */
	bool closed;
};

struct ui_model {
	char store_path[4096];
	/* The drug catalogue's version, "" when none is loaded. */
	char drug_data[320];
	char account[256];	/* the signed-in e-mail, or "" */
	bool has_person;	/* false until a record is open */
	struct ui_person person;
	struct ui_person *people;	/* records one may switch to */
	size_t n_people, cap_people;
	char today[11];		/* the person's date now */
	char zone[65];		/* the zone their day follows, or "" */
	struct ui_dose *doses;
	size_t n_doses, cap_doses;
	bool has_next_reminder;
	struct ui_reminder next_reminder;
	struct ui_medication *meds;
	size_t n_meds, cap_meds;
	struct ui_findings findings;
	struct ui_adherence adherence;
	struct ui_profile profile;
};

/* An empty model: no record open, empty lists. */
void ui_model_init(struct ui_model *m);

/*
 * Wipes and frees every list, and leaves an empty model that keeps only
 * the store's path and the signed-in account.
 */
void ui_model_free(struct ui_model *m);

/*
 * Each adds a zeroed row at the end of its list and returns it, or NULL
 * when memory ran out.
 */
struct ui_person *ui_model_add_person(struct ui_model *m);
struct ui_dose *ui_model_add_dose(struct ui_model *m);
struct ui_medication *ui_model_add_med(struct ui_model *m);
struct ui_finding *ui_findings_add(struct ui_findings *f);
struct ui_period *ui_model_add_day(struct ui_model *m);
struct ui_period *ui_model_add_week(struct ui_model *m);
struct ui_med_adherence *ui_model_add_med_adherence(struct ui_model *m);
struct ui_condition *ui_model_add_condition(struct ui_model *m);
struct ui_allergy *ui_model_add_allergy(struct ui_model *m);

/* Empties a findings list, keeping nothing. */
void ui_findings_free(struct ui_findings *f);

/* Puts today's doses in time order, earliest first. */
void ui_model_sort_doses(struct ui_model *m);

/*
 * Puts findings most severe first; at one severity, duplications (TD,
 * ID) after the rest, as pharmacists read them, then by drug names.
 */
void ui_findings_sort(struct ui_findings *f);

/* Whether any finding is major, which needs an explicit override. */
bool ui_findings_have_major(const struct ui_findings *f);

/* Whether a medication belongs under "past" rather than "active". */
bool ui_med_is_past(const struct ui_medication *med);

#endif
