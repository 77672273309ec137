#ifndef PC_CATALOGUE_H
#define PC_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/csv.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "domain/screen.h"

/*
 * The rows of the drug catalogue files, checked field by field.  The
 * parsers trim and split the record's fields in place and point into them;
 * a bad value is reported with its file, line and column.
 */

enum catalogue_file {
	CATALOGUE_DRUGS,
	CATALOGUE_GROUPS,
	CATALOGUE_INTERACTIONS,
	CATALOGUE_FOOD,
	CATALOGUE_ALLERGY,
	CATALOGUE_CONDITIONS,
	CATALOGUE_FILE_COUNT
};

struct catalogue_layout {
	const char *file;		/* "drugs.csv" */
	const char *const *columns;	/* the header, in order */
	size_t count;
};

/* The file name and header of one catalogue file. */
const struct catalogue_layout *catalogue_layout(enum catalogue_file file);

#define CATALOGUE_LIST_MAX 64

/* A ';'-separated field, split. */
struct catalogue_list {
	const char *item[CATALOGUE_LIST_MAX];
	size_t count;
};

/* An ingredient, or a group written "@name", named by a rule. */
struct catalogue_ref {
	const char *name;		/* lower case, without the '@' */
	bool is_group;
	size_t field;			/* where it was written, for messages */
};

struct catalogue_drug {
	const char *generic_name;
	struct catalogue_list ingredients;	/* lower case */
	const char *drug_class;
	const char *category;
	const char *atc_code;
	const char *csa_schedule;
	const char *pregnancy;
	const char *source;
	/* JSON for the columns of drugs_master. */
	struct strbuf brands;
	struct strbuf strengths;
	struct strbuf forms;
	struct strbuf routes;
	struct strbuf storage;
	struct strbuf side_effects;
};

struct catalogue_member {
	struct catalogue_ref group;
	struct catalogue_ref ingredient;
};

struct catalogue_interaction {
	struct catalogue_ref a;
	struct catalogue_ref b;
	enum screen_severity severity;
	int score;
	const char *evidence;
	const char *mechanism;
	const char *effect;
	const char *management;
	const char *source;
};

struct catalogue_food {
	struct catalogue_ref target;
	const char *food;
	const char *type;
	enum screen_severity severity;
	const char *description;
	const char *recommendation;
	const char *source;
};

struct catalogue_allergy {
	const char *allergen;		/* lower case */
	struct catalogue_list terms;
	struct catalogue_ref target;
	enum screen_severity severity;
	const char *note;
	const char *source;
};

struct catalogue_condition {
	char prefix[8];			/* upper case, without the dot */
	const char *condition;
	struct catalogue_ref target;
	enum screen_severity severity;
	const char *reason;
	const char *management;
	const char *source;
};

/* Each reads one record of its file; 0, or -1 with err filled. */
int catalogue_parse_drug(const struct csv_reader *r, struct csv_record *rec,
    struct catalogue_drug *out, struct error *err);
int catalogue_parse_member(const struct csv_reader *r,
    struct csv_record *rec, struct catalogue_member *out, struct error *err);
int catalogue_parse_interaction(const struct csv_reader *r,
    struct csv_record *rec, struct catalogue_interaction *out,
    struct error *err);
int catalogue_parse_food(const struct csv_reader *r, struct csv_record *rec,
    struct catalogue_food *out, struct error *err);
int catalogue_parse_allergy(const struct csv_reader *r,
    struct csv_record *rec, struct catalogue_allergy *out,
    struct error *err);
int catalogue_parse_condition(const struct csv_reader *r,
    struct csv_record *rec, struct catalogue_condition *out,
    struct error *err);

/* Frees the JSON a parsed drug row holds. */
void catalogue_drug_free(struct catalogue_drug *drug);

/*
 * Checks a catalogue version such as 2026.12.1 (numbers separated by
 * dots); 0 when it is one.
 */
int catalogue_version_check(const char *version, struct error *err);

/* Orders two versions number by number: <0, 0 or >0 like strcmp. */
int catalogue_version_compare(const char *a, const char *b);

#endif
