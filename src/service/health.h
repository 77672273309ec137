#ifndef PC_HEALTH_H
#define PC_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/profile.h"
#include "service/session.h"

/*
 * The health record of a person for a session: people looked after, their
 * profiles, conditions and allergies.  Every function checks the session's
 * permission first (view to read, edit to change, manage to create a
 * record is implied by creating it), seals what the schema marks sealed,
 * and writes an audit row naming the fields touched, never their values.
 */

/* A person the session may see, for lists and --person. */
struct person_entry {
	int64_t person_id;
	char *name;			/* "First Last", wiped when freed */
	unsigned permissions;		/* access.h's PERM_ bits */
	bool is_self;
};

struct condition_input {
	const char *name;		/* required */
	const char *code;		/* ICD-10 such as E11.9, or NULL */
	const char *severity;		/* mild, moderate (default), severe */
	const char *diagnosed_date;	/* YYYY-MM-DD, or NULL */
	const char *status;		/* active (default), resolved, managed */
	const char *notes;		/* or NULL */
};

struct condition_view {
	int64_t condition_id;
	char *name;
	char *code;			/* NULL when none */
	char *notes;			/* NULL when none */
	char severity[16];
	char diagnosed_date[11];	/* "" when unknown */
	char status[16];
};

struct allergy_input {
	const char *allergen;		/* required */
	const char *type;		/* drug, food, environmental, other */
	const char *severity;		/* mild ... life_threatening */
	const char *symptoms;		/* or NULL */
	bool verified_by_doctor;
};

struct allergy_view {
	int64_t allergy_id;
	char *allergen;
	char *symptoms;			/* NULL when none */
	char type[16];
	char severity[20];
	bool verified_by_doctor;
};

/*
 * Creates a record for someone the session's account looks after, with a
 * new data key sealed to that account alone.
 */
int health_person_add(struct session *s, const char *first_name,
    const char *last_name, const char *date_of_birth, int64_t *person_id,
    struct error *err);

/*
 * A person's first name and full name ("First Last") in clear, for
 * messages and --person; either out pointer may be NULL.  Needs view.
 */
int health_person_names(struct session *s, int64_t person_id, char **first,
    char **full, struct error *err);

/* Everyone the session may see, its own record first. */
int health_people_list(struct session *s, struct person_entry **list,
    size_t *count, struct error *err);

/* Frees a list from health_people_list. */
void health_people_free(struct person_entry *list, size_t count);

/* A person's profile in clear (needs view). */
int health_profile_get(struct session *s, int64_t person_id,
    struct profile *p, struct error *err);

/* One "--set field=value" of a profile change. */
struct profile_change {
	enum profile_field field;
	const char *value;
};

/*
 * Applies changes to a person's profile (needs edit): every value is
 * checked first, and one bad value changes nothing.
 */
int health_profile_update(struct session *s, int64_t person_id,
    const struct profile_change *changes, size_t count, struct error *err);

/* Adds a condition (needs edit) and returns its id. */
int health_condition_add(struct session *s, int64_t person_id,
    const struct condition_input *in, int64_t *condition_id,
    struct error *err);

/* A person's conditions in clear (needs view). */
int health_condition_list(struct session *s, int64_t person_id,
    struct condition_view **list, size_t *count, struct error *err);

/* Removes a condition (needs edit on its person). */
int health_condition_remove(struct session *s, int64_t condition_id,
    struct error *err);

/* Wipes and frees a list from health_condition_list. */
void health_condition_list_free(struct condition_view *list, size_t count);

/* Adds an allergy (needs edit) and returns its id. */
int health_allergy_add(struct session *s, int64_t person_id,
    const struct allergy_input *in, int64_t *allergy_id, struct error *err);

/* A person's allergies in clear (needs view). */
int health_allergy_list(struct session *s, int64_t person_id,
    struct allergy_view **list, size_t *count, struct error *err);

/* Removes an allergy (needs edit on its person). */
int health_allergy_remove(struct session *s, int64_t allergy_id,
    struct error *err);

/* Wipes and frees a list from health_allergy_list. */
void health_allergy_list_free(struct allergy_view *list, size_t count);

/* Today's date in the local time zone at the session's clock. */
void health_today(const struct session *s, char today[11]);

#endif
