#ifndef PC_CLI_CARE_H
#define PC_CLI_CARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "domain/tz.h"
#include "service/doses.h"
#include "service/session.h"

/*
 * What the medication, dose and report commands share: a session that
 * acts for --user on --person's record, the dose service's context for
 * it, and the way the command line names medications, days and times.
 * Times are read and written in the zone the person's schedules follow
 * that day, never in the zone of the terminal.
 */

/* Account names already looked up, so a long history asks once each. */
#define CARE_NAMES 16

struct care_name {
	int64_t user_id;
	char name[128];
};

struct care {
	struct cli *cli;
	struct store *st;
	struct session *s;
	int64_t person;
	char person_name[160];
	struct doses_ctx ctx;
	struct care_name names[CARE_NAMES];
	size_t n_names;
	struct tz *tz;			/* the last zone opened, kept */
};

/*
 * Logs in as --user, finds --person and checks the permissions wanted
 * before anything else: with table, the check is access_read (view, and
 * an audit row for someone else's record) of that table.  Fills the dose
 * context so that messages name who recorded a dose.
 */
int care_open(struct cli *cli, unsigned wanted, const char *table,
    struct care *c, struct error *err);

/* The first step of care_open: logs in as --user. */
int care_login(struct cli *cli, struct care *c, struct error *err);

/* The second step of care_open: finds --person and checks permissions. */
int care_choose_person(struct care *c, unsigned wanted, const char *table,
    struct error *err);

/* Fills c for a session already open, with no person chosen yet. */
void care_attach(struct care *c, struct cli *cli, struct store *st,
    struct session *s);

/* Acts on person_id from now on, after the checks of care_open. */
int care_enter(struct care *c, int64_t person_id, unsigned wanted,
    const char *table, struct error *err);

/* Logs out and closes everything care_open or care_login opened. */
void care_close(struct care *c);

/*
 * Finds one of the person's medications by its drug name (any case),
 * "DRUG STRENGTH" or "#ID".  Current medications (active or paused) are
 * preferred to stopped ones; a name that fits several is refused with the
 * list of them and how to name one.
 */
int care_find_med(struct care *c, const char *name, struct store_med *out,
    struct error *err);

/*
 * The tables whose reads are audited when a command shows someone else's
 * medications or doses (access_read).  Their sealed fields are sealed
 * and opened by service/meds.h alone.
 */
#define CARE_MEDS_TABLE "user_medications"
#define CARE_DOSES_TABLE "dose_events"

/* The person's medications, stopped ones included, to name them by id. */
struct care_meds {
	struct store_med *v;
	size_t n;
};

int care_meds_load(struct care *c, struct care_meds *meds,
    struct error *err);

/* The medication with that id in the list, or NULL. */
const struct store_med *care_meds_find(const struct care_meds *meds,
    int64_t medication_id);

void care_meds_free(struct care_meds *meds);

/*
 * What is recorded for a dose, as the person's clock shows it: "taken at
 * 08:02, recorded by Sam Carer".
 */
void care_describe(struct care *c, const struct store_dose *d,
    const struct tz *tz, char *buf, size_t size);

/* "Metformin 500 mg" into buf. */
void care_med_label(const struct store_med *m, char *buf, size_t size);

/* The person's local day now. */
int care_today(struct care *c, int *day, struct error *err);

/* A time as given on the command line, before the zone is known. */
struct care_time {
	bool given;
	bool has_day;		/* else today */
	int day;
	int minute;
};

/* Reads TIME given to option: "HH:MM" (today) or "YYYY-MM-DDTHH:MM". */
int care_parse_time(const char *option, const char *text, struct care_time *t,
    struct error *err);

/* The instant a time read by care_parse_time names on the person's clock. */
int care_time_instant(struct care *c, const struct care_time *t, int64_t *at,
    struct error *err);

/* The zone of that name, opened once and kept while the name repeats. */
const struct tz *care_zone(struct care *c, const char *name,
    struct error *err);

/* The zone the person's schedules follow on a local day. */
const struct tz *care_zone_of_day(struct care *c, int day,
    struct error *err);

/* "YYYY-MM-DD HH:MM" of an instant in tz into buf (17 bytes or more). */
void care_format_local(const struct tz *tz, int64_t at, char *buf,
    size_t size);

/* An amount and its unit ("2 tablet", "40 mg"); the form without unit. */
void care_format_amount(double amount, const char *unit, const char *form,
    char *buf, size_t size);

/* The word for a dose's state, translated ("taken", "missed"...). */
const char *care_state_word(enum dose_status state);

/* Reads a date YYYY-MM-DD given to option. */
int care_parse_day(const char *option, const char *text, int *day,
    struct error *err);

/*
 * Checks the text given to option: at most max bytes, and present and
 * not empty unless usage is NULL (the option is optional); a refusal
 * quotes usage.
 */
int care_check_text(const char *option, const char *text, size_t max,
    const char *usage, struct error *err);

/* Reads a whole number from min to max given to option. */
int care_parse_long(const char *option, const char *text, long min,
    long max, long *out, struct error *err);

/* The longest span of days a report covers. */
#define CARE_MAX_DAYS 3660

/*
 * Completes a range read from --from and --to (SCHED_NO_START and
 * SCHED_NO_END when not given): without --to, up to today (or days days
 * from a --from after today); without --from, days days up to the end;
 * refuses a range that ends before it begins or spans more than
 * CARE_MAX_DAYS.
 */
int care_complete_range(struct care *c, int days, int *first, int *last,
    struct error *err);

/*
 * The error for what getopt_long (with an optstring starting with ':')
 * returned as c, '?' or ':': the option it did not know or that lacks
 * its value, and the command's usage.
 */
int care_option_error(int c, char **argv, const char *usage,
    struct error *err);

#endif
