#ifndef PC_SCREEN_H
#define PC_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "domain/dur.h"

/*
 * The one screening engine.  It is pure: the store hands it the facts (the
 * drugs with their ingredients, the groups those belong to, the rules, the
 * allergies and conditions) and it returns every finding, most severe
 * first, each naming the rule that produced it.  The order of the drugs
 * given never changes the answer.
 */

enum screen_severity {
	SCREEN_NONE = 0,
	SCREEN_MINOR = 1,
	SCREEN_MODERATE = 2,
	SCREEN_MAJOR = 3
};

/* "major", "moderate", "minor": the words of the catalogue files. */
const char *screen_severity_name(enum screen_severity severity);

/* The same, translated, for people. */
const char *screen_severity_label(enum screen_severity severity);

/* Reads a severity word; -1 when it is none of them. */
int screen_severity_parse(const char *word, enum screen_severity *out);

/* Interaction between two concepts (an ingredient or a group each). */
struct screen_interaction_rule {
	int64_t rule_id;
	int64_t a, b;			/* concept ids, in either order */
	enum screen_severity severity;
	int score;			/* 1-10 */
	const char *evidence;
	const char *mechanism;
	const char *effect;
	const char *management;
	const char *source;
};

struct screen_food_rule {
	int64_t rule_id;
	int64_t concept;
	const char *food;
	const char *type;		/* avoid, caution, timing_required */
	enum screen_severity severity;
	const char *description;
	const char *recommendation;
	const char *source;
};

/* A class of allergen (penicillin) and one concept it reacts with. */
struct screen_allergy_rule {
	int64_t rule_id;
	int64_t allergen_id;
	const char *allergen;
	int64_t target;			/* concept id */
	enum screen_severity severity;	/* major or moderate */
	const char *note;
	const char *source;
};

struct screen_condition_rule {
	int64_t rule_id;
	const char *icd10_prefix;	/* upper case, without the dot */
	const char *condition;
	int64_t target;			/* concept id */
	enum screen_severity severity;
	const char *reason;
	const char *management;
	const char *source;
};

/* Facts are built up, copied into memory the facts own. */
struct screen_facts;

/* Empty facts, or NULL when memory ran out. */
struct screen_facts *screen_facts_new(void);
void screen_facts_free(struct screen_facts *facts);

/*
 * An ingredient or a group.  For an ingredient, drug_class (may be NULL)
 * is the therapeutic class of the drugs made of it alone.
 */
int screen_add_concept(struct screen_facts *facts, int64_t id,
    const char *name, bool is_group, const char *drug_class);

/* Says that a group counts an ingredient among its members. */
int screen_add_member(struct screen_facts *facts, int64_t group_id,
    int64_t ingredient_id);

/*
 * A drug on the list (or the candidate about to join it); returns its
 * index, or -1 when memory ran out.
 */
int screen_add_drug(struct screen_facts *facts, int64_t drug_id,
    const char *name, const char *drug_class, bool candidate);

/* One ingredient (a concept id) of the drug at index drug. */
int screen_add_ingredient(struct screen_facts *facts, int drug,
    int64_t concept_id);

/*
 * Rules that may concern the drugs; extra ones are harmless, the engine
 * keeps those whose concepts the drugs carry.
 */
int screen_add_interaction(struct screen_facts *facts,
    const struct screen_interaction_rule *rule);
int screen_add_food_rule(struct screen_facts *facts,
    const struct screen_food_rule *rule);
int screen_add_allergy_rule(struct screen_facts *facts,
    const struct screen_allergy_rule *rule);
int screen_add_condition_rule(struct screen_facts *facts,
    const struct screen_condition_rule *rule);

/*
 * An allergy as the person wrote it; returns its index.  The store adds
 * what the words matched: allergens by their terms, ingredients by the
 * names of drugs and ingredients.
 */
int screen_add_allergy(struct screen_facts *facts, const char *text);
int screen_allergy_add_allergen(struct screen_facts *facts, int allergy,
    int64_t allergen_id);
int screen_allergy_add_ingredient(struct screen_facts *facts, int allergy,
    int64_t concept_id);

/* A condition by its ICD-10 code, already normalised. */
int screen_add_condition(struct screen_facts *facts, const char *code);

/* How many drugs the facts hold, the candidate included. */
size_t screen_drug_count(const struct screen_facts *facts);

/*
 * Normalises an ICD-10-CM code as typed ("n18.4" gives "N184"); fails
 * with a message when it does not have the shape of one.
 */
int screen_icd10_normalize(const char *code, char *out, size_t size,
    struct error *err);

#define SCREEN_TEXT_SIZE 256
#define SCREEN_KEY_SIZE 512

struct screen_finding {
	enum dur_conflict conflict;
	enum screen_severity severity;
	int score;			/* the rule's 1-10, or 0 */
	int drug[2];			/* indexes of the drugs; -1 when unused */
	const char *drug_name[2];	/* the first in name order */
	bool involves_candidate;
	int64_t rule_id;		/* 0 for duplications */
	char rule[SCREEN_TEXT_SIZE];	/* the rule as written */
	char subject[SCREEN_TEXT_SIZE];	/* food, allergy, condition, class */
	const char *effect;
	const char *mechanism;
	const char *management;
	const char *evidence;
	const char *source;
	char key[SCREEN_KEY_SIZE];	/* stable across runs and upgrades */
	bool reviewed;
};

struct screen_result {
	struct screen_finding *findings;
	size_t count;
	size_t capacity;
	/* Allergies that matched no allergen, drug or ingredient. */
	const char **unmatched_allergies;
	size_t unmatched_count;
};

/*
 * Screens the drugs of facts against each other and against the allergies
 * and conditions, and fills result, most severe first.  The findings point
 * into facts, which must outlive them.
 */
int screen_run(const struct screen_facts *facts,
    struct screen_result *result, struct error *err);

/* Frees what screen_run filled and empties the result. */
void screen_result_free(struct screen_result *result);

/* The most severe finding's severity, or SCREEN_NONE. */
enum screen_severity screen_worst(const struct screen_result *result);

/*
 * Marks the findings whose keys are among keys as already reviewed; a
 * major one is shown all the same.
 */
void screen_mark_reviewed(struct screen_result *result,
    const char *const *keys, size_t count);

/* Whether a finding must be shown: majors always, others until reviewed. */
bool screen_finding_shown(const struct screen_finding *finding);

#endif
