#include "config.h"

#include "domain/screen.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/textfold.h"

/* Facts ------------------------------------------------------------------ */

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	char data[];
};

struct concept {
	int64_t id;
	const char *name;
	bool is_group;
	const char *drug_class;
};

struct member {
	int64_t group;
	int64_t ingredient;
};

struct id_list {
	int64_t *ids;
	size_t count;
	size_t capacity;
};

struct drug {
	int64_t id;
	const char *name;
	const char *drug_class;
	bool candidate;
	struct id_list ingredients;
};

struct allergy {
	const char *text;
	struct id_list allergens;
	struct id_list ingredients;
};

#define ARRAY(type, name) type *name; size_t name##_count, name##_capacity

struct screen_facts {
	struct arena_block *arena;
	ARRAY(struct concept, concepts);
	ARRAY(struct member, members);
	ARRAY(struct drug, drugs);
	ARRAY(struct screen_interaction_rule, interactions);
	ARRAY(struct screen_food_rule, foods);
	ARRAY(struct screen_allergy_rule, allergy_rules);
	ARRAY(struct screen_condition_rule, condition_rules);
	ARRAY(struct allergy, allergies);
	ARRAY(const char *, conditions);
};

/* Makes room for one more item; 0 on success. */
static int
grow(void **items, size_t *capacity, size_t count, size_t item_size)
{
	size_t cap;
	void *more;

	if (count < *capacity)
		return 0;
	cap = *capacity == 0 ? 16 : *capacity * 2;
	more = realloc(*items, cap * item_size);
	if (more == NULL)
		return -1;
	*items = more;
	*capacity = cap;
	return 0;
}

#define PUSH(f, name, value) \
	(grow((void **)&(f)->name, &(f)->name##_capacity, (f)->name##_count, \
	    sizeof *(f)->name) != 0 ? -1 : \
	    ((f)->name[(f)->name##_count++] = (value), 0))

static int
push_id(struct id_list *list, int64_t id)
{
	if (grow((void **)&list->ids, &list->capacity, list->count,
	    sizeof *list->ids) != 0)
		return -1;
	list->ids[list->count++] = id;
	return 0;
}

/* Copies a string into memory the facts own; NULL stays NULL. */
static const char *
keep(struct screen_facts *f, const char *s)
{
	size_t len;
	struct arena_block *b = f->arena;

	if (s == NULL)
		return NULL;
	len = strlen(s) + 1;
	if (b == NULL || b->size - b->used < len) {
		size_t size = len > 16384 ? len : 16384;

		b = malloc(sizeof *b + size);
		if (b == NULL)
			return NULL;
		b->next = f->arena;
		b->used = 0;
		b->size = size;
		f->arena = b;
	}
	memcpy(b->data + b->used, s, len);
	b->used += len;
	return b->data + b->used - len;
}

struct screen_facts *
screen_facts_new(void)
{
	return calloc(1, sizeof(struct screen_facts));
}

void
screen_facts_free(struct screen_facts *f)
{
	if (f == NULL)
		return;
	while (f->arena != NULL) {
		struct arena_block *next = f->arena->next;

		free(f->arena);
		f->arena = next;
	}
	for (size_t i = 0; i < f->drugs_count; i++)
		free(f->drugs[i].ingredients.ids);
	for (size_t i = 0; i < f->allergies_count; i++) {
		free(f->allergies[i].allergens.ids);
		free(f->allergies[i].ingredients.ids);
	}
	free(f->concepts);
	free(f->members);
	free(f->drugs);
	free(f->interactions);
	free(f->foods);
	free(f->allergy_rules);
	free(f->condition_rules);
	free(f->allergies);
	free(f->conditions);
	free(f);
}

int
screen_add_concept(struct screen_facts *f, int64_t id, const char *name,
    bool is_group, const char *drug_class)
{
	struct concept c = { id, keep(f, name), is_group,
	    keep(f, drug_class) };

	if (c.name == NULL)
		return -1;
	return PUSH(f, concepts, c);
}

int
screen_add_member(struct screen_facts *f, int64_t group_id,
    int64_t ingredient_id)
{
	struct member m = { group_id, ingredient_id };

	return PUSH(f, members, m);
}

int
screen_add_drug(struct screen_facts *f, int64_t drug_id, const char *name,
    const char *drug_class, bool candidate)
{
	struct drug d;

	memset(&d, 0, sizeof d);
	d.id = drug_id;
	d.name = keep(f, name);
	d.drug_class = keep(f, drug_class);
	d.candidate = candidate;
	if (d.name == NULL || PUSH(f, drugs, d) != 0)
		return -1;
	return (int)f->drugs_count - 1;
}

int
screen_add_ingredient(struct screen_facts *f, int drug, int64_t concept_id)
{
	if (drug < 0 || (size_t)drug >= f->drugs_count)
		return -1;
	return push_id(&f->drugs[drug].ingredients, concept_id);
}

int
screen_add_interaction(struct screen_facts *f,
    const struct screen_interaction_rule *rule)
{
	struct screen_interaction_rule r = *rule;

	r.evidence = keep(f, rule->evidence);
	r.mechanism = keep(f, rule->mechanism);
	r.effect = keep(f, rule->effect);
	r.management = keep(f, rule->management);
	r.source = keep(f, rule->source);
	return PUSH(f, interactions, r);
}

int
screen_add_food_rule(struct screen_facts *f,
    const struct screen_food_rule *rule)
{
	struct screen_food_rule r = *rule;

	r.food = keep(f, rule->food);
	r.type = keep(f, rule->type);
	r.description = keep(f, rule->description);
	r.recommendation = keep(f, rule->recommendation);
	r.source = keep(f, rule->source);
	if (r.food == NULL)
		return -1;
	return PUSH(f, foods, r);
}

int
screen_add_allergy_rule(struct screen_facts *f,
    const struct screen_allergy_rule *rule)
{
	struct screen_allergy_rule r = *rule;

	r.allergen = keep(f, rule->allergen);
	r.note = keep(f, rule->note);
	r.source = keep(f, rule->source);
	if (r.allergen == NULL)
		return -1;
	return PUSH(f, allergy_rules, r);
}

int
screen_add_condition_rule(struct screen_facts *f,
    const struct screen_condition_rule *rule)
{
	struct screen_condition_rule r = *rule;

	r.icd10_prefix = keep(f, rule->icd10_prefix);
	r.condition = keep(f, rule->condition);
	r.reason = keep(f, rule->reason);
	r.management = keep(f, rule->management);
	r.source = keep(f, rule->source);
	if (r.icd10_prefix == NULL)
		return -1;
	return PUSH(f, condition_rules, r);
}

int
screen_add_allergy(struct screen_facts *f, const char *text)
{
	struct allergy a;

	memset(&a, 0, sizeof a);
	a.text = keep(f, text);
	if (a.text == NULL || PUSH(f, allergies, a) != 0)
		return -1;
	return (int)f->allergies_count - 1;
}

int
screen_allergy_add_allergen(struct screen_facts *f, int allergy,
    int64_t allergen_id)
{
	if (allergy < 0 || (size_t)allergy >= f->allergies_count)
		return -1;
	return push_id(&f->allergies[allergy].allergens, allergen_id);
}

int
screen_allergy_add_ingredient(struct screen_facts *f, int allergy,
    int64_t concept_id)
{
	if (allergy < 0 || (size_t)allergy >= f->allergies_count)
		return -1;
	return push_id(&f->allergies[allergy].ingredients, concept_id);
}

int
screen_add_condition(struct screen_facts *f, const char *code)
{
	const char *copy = keep(f, code);

	if (copy == NULL)
		return -1;
	return PUSH(f, conditions, copy);
}

size_t
screen_drug_count(const struct screen_facts *f)
{
	return f->drugs_count;
}

int
screen_icd10_normalize(const char *code, char *out, size_t size,
    struct error *err)
{
	size_t len = 0;
	int dots = 0;

	for (const char *p = code; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.' && len == 3 && dots++ == 0)
			continue;
		if (!isalnum(c) || len + 1 >= size || len >= 7)
			goto bad;
		out[len++] = (char)toupper(c);
	}
	out[len] = '\0';
	if (len >= 2 && isalpha((unsigned char)out[0]) &&
	    isdigit((unsigned char)out[1]))
		return 0;
bad:
	if (size > 0)
		out[0] = '\0';
	error_set(err, ERR_INVALID,
	    _("\"%s\" is not an ICD-10 code; write a letter, two characters and up to four more, such as N18.4 or J45"),
	    code);
	return -1;
}

const char *
screen_severity_name(enum screen_severity severity)
{
	switch (severity) {
	case SCREEN_MAJOR:
		return "major";
	case SCREEN_MODERATE:
		return "moderate";
	case SCREEN_MINOR:
		return "minor";
	case SCREEN_NONE:
		break;
	}
	return "none";
}

const char *
screen_severity_label(enum screen_severity severity)
{
	switch (severity) {
	case SCREEN_MAJOR:
		return _("major");
	case SCREEN_MODERATE:
		return _("moderate");
	case SCREEN_MINOR:
		return _("minor");
	case SCREEN_NONE:
		break;
	}
	return _("none");
}

int
screen_severity_parse(const char *word, enum screen_severity *out)
{
	static const enum screen_severity all[] = { SCREEN_MAJOR,
	    SCREEN_MODERATE, SCREEN_MINOR };

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (strcmp(word, screen_severity_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	}
	return -1;
}

/* The run ------------------------------------------------------------------ */

/* A drug as the engine sees it: every concept it carries, and classes. */
struct drug_view {
	int64_t *concepts;		/* ingredients and their groups, sorted */
	size_t concept_count;
	int64_t *ingredients;		/* sorted, distinct */
	size_t ingredient_count;
	char classes[4][96];		/* folded, distinct */
	const char *class_names[4];	/* as written */
	size_t class_count;
	char folded_name[128];
};

struct concept_drug {
	int64_t concept;
	int drug;
};

/* One possible finding before the strongest per subject is chosen. */
struct candidate {
	enum dur_conflict conflict;
	int drug[2];
	int context;			/* allergy, condition or food index */
	const void *rule;
	enum screen_severity severity;
	int score;
	int specificity;
	int64_t rule_id;
};

struct run {
	const struct screen_facts *f;
	struct drug_view *views;
	struct concept *concepts;	/* sorted by id */
	struct member *by_ingredient;	/* sorted by ingredient */
	struct concept_drug *index;	/* sorted by concept */
	size_t index_count;
	struct candidate *candidates;
	size_t candidates_count;
	size_t candidates_capacity;
	struct screen_result *result;
};

static int
compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
compare_concepts(const void *a, const void *b)
{
	return compare_ids(&((const struct concept *)a)->id,
	    &((const struct concept *)b)->id);
}

static int
compare_members(const void *a, const void *b)
{
	return compare_ids(&((const struct member *)a)->ingredient,
	    &((const struct member *)b)->ingredient);
}

static int
compare_index(const void *a, const void *b)
{
	const struct concept_drug *x = a, *y = b;
	int c = compare_ids(&x->concept, &y->concept);

	return c != 0 ? c : (x->drug > y->drug) - (x->drug < y->drug);
}

static size_t
unique_ids(int64_t *ids, size_t count)
{
	size_t out = 0;

	qsort(ids, count, sizeof *ids, compare_ids);
	for (size_t i = 0; i < count; i++) {
		if (out == 0 || ids[out - 1] != ids[i])
			ids[out++] = ids[i];
	}
	return out;
}

static bool
has_id(const int64_t *ids, size_t count, int64_t id)
{
	return bsearch(&id, ids, count, sizeof *ids, compare_ids) != NULL;
}

static const struct concept *
find_concept(const struct run *run, int64_t id)
{
	struct concept key = { .id = id };

	return bsearch(&key, run->concepts, run->f->concepts_count,
	    sizeof key, compare_concepts);
}

/* "@nsaid" for a group, the ingredient's own name otherwise. */
static void
concept_label(const struct run *run, int64_t id, char *buf, size_t size)
{
	const struct concept *c = find_concept(run, id);

	if (c == NULL)
		snprintf(buf, size, "#%lld", (long long)id);
	else
		snprintf(buf, size, "%s%s", c->is_group ? "@" : "", c->name);
}

/* Appends the groups of each id in list to list; returns the new count. */
static int
add_groups(const struct run *run, int64_t **list, size_t *count)
{
	size_t n = *count;
	size_t members = run->f->members_count;

	for (size_t i = 0; i < n; i++) {
		struct member key = { .ingredient = (*list)[i] };
		const struct member *m = bsearch(&key, run->by_ingredient,
		    members, sizeof key, compare_members);

		if (m == NULL)
			continue;
		while (m > run->by_ingredient && m[-1].ingredient ==
		    key.ingredient)
			m--;
		for (; m < run->by_ingredient + members &&
		    m->ingredient == key.ingredient; m++) {
			int64_t *more = realloc(*list, (*count + 1) *
			    sizeof **list);

			if (more == NULL)
				return -1;
			*list = more;
			(*list)[(*count)++] = m->group;
		}
	}
	*count = unique_ids(*list, *count);
	return 0;
}

static void
add_class(struct drug_view *v, const char *name)
{
	char folded[96];

	if (name == NULL || v->class_count == 4)
		return;
	if (text_fold(name, folded, sizeof folded) == 0)
		return;
	for (size_t i = 0; i < v->class_count; i++) {
		if (strcmp(v->classes[i], folded) == 0)
			return;
	}
	memcpy(v->classes[v->class_count], folded, sizeof folded);
	v->class_names[v->class_count++] = name;
}

static int
build_view(struct run *run, int i)
{
	const struct drug *d = &run->f->drugs[i];
	struct drug_view *v = &run->views[i];
	size_t n = d->ingredients.count;

	v->ingredients = malloc((n + 1) * sizeof *v->ingredients);
	v->concepts = malloc((n + 1) * sizeof *v->concepts);
	if (v->ingredients == NULL || v->concepts == NULL)
		return -1;
	if (n > 0) {
		memcpy(v->ingredients, d->ingredients.ids, n * sizeof(int64_t));
		memcpy(v->concepts, d->ingredients.ids, n * sizeof(int64_t));
	}
	v->ingredient_count = unique_ids(v->ingredients, n);
	v->concept_count = v->ingredient_count;
	memcpy(v->concepts, v->ingredients, v->concept_count *
	    sizeof(int64_t));
	if (add_groups(run, &v->concepts, &v->concept_count) != 0)
		return -1;

	add_class(v, d->drug_class);
	for (size_t k = 0; k < v->ingredient_count; k++) {
		const struct concept *c = find_concept(run, v->ingredients[k]);

		if (c != NULL)
			add_class(v, c->drug_class);
	}
	text_fold(d->name, v->folded_name, sizeof v->folded_name);
	return 0;
}

static int
build_index(struct run *run)
{
	const struct screen_facts *f = run->f;
	size_t total = 0;

	run->concepts = malloc((f->concepts_count + 1) * sizeof *run->concepts);
	run->by_ingredient = malloc((f->members_count + 1) *
	    sizeof *run->by_ingredient);
	run->views = calloc(f->drugs_count + 1, sizeof *run->views);
	if (run->concepts == NULL || run->by_ingredient == NULL ||
	    run->views == NULL)
		return -1;
	if (f->concepts_count > 0)
		memcpy(run->concepts, f->concepts, f->concepts_count *
		    sizeof *run->concepts);
	qsort(run->concepts, f->concepts_count, sizeof *run->concepts,
	    compare_concepts);
	if (f->members_count > 0)
		memcpy(run->by_ingredient, f->members, f->members_count *
		    sizeof *run->by_ingredient);
	qsort(run->by_ingredient, f->members_count, sizeof *run->by_ingredient,
	    compare_members);

	for (size_t i = 0; i < f->drugs_count; i++) {
		if (build_view(run, (int)i) != 0)
			return -1;
		total += run->views[i].concept_count;
	}
	run->index = malloc((total + 1) * sizeof *run->index);
	if (run->index == NULL)
		return -1;
	for (size_t i = 0; i < f->drugs_count; i++) {
		for (size_t k = 0; k < run->views[i].concept_count; k++) {
			run->index[run->index_count].concept =
			    run->views[i].concepts[k];
			run->index[run->index_count++].drug = (int)i;
		}
	}
	qsort(run->index, run->index_count, sizeof *run->index, compare_index);
	return 0;
}

/* The drugs that carry a concept: a run of the index, [*first, *end). */
static void
drugs_with(const struct run *run, int64_t concept, size_t *first,
    size_t *end)
{
	size_t lo = 0, hi = run->index_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (run->index[mid].concept < concept)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < run->index_count && run->index[lo].concept == concept)
		lo++;
	*end = lo;
}

static int
add_candidate(struct run *run, const struct candidate *c)
{
	if (grow((void **)&run->candidates, &run->candidates_capacity,
	    run->candidates_count, sizeof *run->candidates) != 0)
		return -1;
	run->candidates[run->candidates_count++] = *c;
	return 0;
}

static int
concept_is_ingredient(const struct run *run, int64_t id)
{
	const struct concept *c = find_concept(run, id);

	return c != NULL && !c->is_group;
}

/*
 * One candidate per drug that carries the rule's concept: a finding about
 * a single drug (food, allergy, condition) in the making.
 */
static int
candidates_for(struct run *run, enum dur_conflict conflict, int context,
    const void *rule, int64_t concept, enum screen_severity severity,
    int64_t rule_id)
{
	size_t d0, d1;

	drugs_with(run, concept, &d0, &d1);
	for (size_t i = d0; i < d1; i++) {
		struct candidate c = { conflict, { run->index[i].drug, -1 },
		    context, rule, severity, 0,
		    concept_is_ingredient(run, concept), rule_id };

		if (add_candidate(run, &c) != 0)
			return -1;
	}
	return 0;
}

static int
collect_interactions(struct run *run)
{
	const struct screen_facts *f = run->f;

	for (size_t r = 0; r < f->interactions_count; r++) {
		const struct screen_interaction_rule *rule = &f->interactions[r];
		size_t a0, a1, b0, b1;

		drugs_with(run, rule->a, &a0, &a1);
		if (a0 == a1)
			continue;
		drugs_with(run, rule->b, &b0, &b1);
		for (size_t i = a0; i < a1; i++) {
			for (size_t j = b0; j < b1; j++) {
				int x = run->index[i].drug;
				int y = run->index[j].drug;
				struct candidate c = { DUR_DD,
				    { x < y ? x : y, x < y ? y : x }, -1, rule,
				    rule->severity, rule->score,
				    concept_is_ingredient(run, rule->a) +
				    concept_is_ingredient(run, rule->b),
				    rule->rule_id };

				if (x != y && add_candidate(run, &c) != 0)
					return -1;
			}
		}
	}
	return 0;
}

/* The first food rule naming the same food, so that rules on one food
 * from an ingredient and from its group become one finding. */
static int
same_food(const struct screen_facts *f, size_t r)
{
	char mine[SCREEN_TEXT_SIZE], other[SCREEN_TEXT_SIZE];

	text_fold(f->foods[r].food, mine, sizeof mine);
	for (size_t k = 0; k < r; k++) {
		text_fold(f->foods[k].food, other, sizeof other);
		if (strcmp(mine, other) == 0)
			return (int)k;
	}
	return (int)r;
}

static int
collect_foods(struct run *run)
{
	const struct screen_facts *f = run->f;

	for (size_t r = 0; r < f->foods_count; r++) {
		const struct screen_food_rule *rule = &f->foods[r];
		size_t d0, d1;

		drugs_with(run, rule->concept, &d0, &d1);
		if (d0 != d1 && candidates_for(run, DUR_DF, same_food(f, r),
		    rule, rule->concept, rule->severity, rule->rule_id) != 0)
			return -1;
	}
	return 0;
}

/* Whether a person with these allergens and allergies to these
 * ingredients (with their groups) reacts to an allergen's whole class. */
static bool
implies_allergen(const struct run *run, const int64_t *allergens,
    size_t allergen_count, int64_t allergen_id, const int64_t *related,
    size_t related_count)
{
	const struct screen_facts *f = run->f;

	if (has_id(allergens, allergen_count, allergen_id))
		return true;
	for (size_t r = 0; r < f->allergy_rules_count; r++) {
		const struct screen_allergy_rule *rule = &f->allergy_rules[r];

		if (rule->allergen_id == allergen_id &&
		    rule->severity == SCREEN_MAJOR &&
		    has_id(related, related_count, rule->target))
			return true;
	}
	return false;
}

static int
collect_direct_allergy(struct run *run, int allergy, const int64_t *named,
    size_t named_count)
{
	for (size_t d = 0; d < run->f->drugs_count; d++) {
		const struct drug_view *v = &run->views[d];

		for (size_t k = 0; k < v->ingredient_count; k++) {
			struct candidate c = { DUR_DA, { (int)d, -1 }, allergy,
			    NULL, SCREEN_MAJOR, 0, 3, 0 };

			if (!has_id(named, named_count, v->ingredients[k]))
				continue;
			if (add_candidate(run, &c) != 0)
				return -1;
			break;
		}
	}
	return 0;
}

/* A sorted copy of a list of ids, with room for more. */
static int64_t *
sorted_copy(const struct id_list *list)
{
	int64_t *copy = malloc((list->count + 1) * sizeof *copy);

	if (copy == NULL)
		return NULL;
	if (list->count > 0)
		memcpy(copy, list->ids, list->count * sizeof *copy);
	qsort(copy, list->count, sizeof *copy, compare_ids);
	return copy;
}

static int
collect_allergy_rules(struct run *run, int allergy, const int64_t *allergens,
    size_t allergen_count, const int64_t *related, size_t related_count)
{
	const struct screen_facts *f = run->f;

	for (size_t r = 0; r < f->allergy_rules_count; r++) {
		const struct screen_allergy_rule *rule = &f->allergy_rules[r];

		if (implies_allergen(run, allergens, allergen_count,
		    rule->allergen_id, related, related_count) &&
		    candidates_for(run, DUR_DA, allergy, rule, rule->target,
		    rule->severity, rule->rule_id) != 0)
			return -1;
	}
	return 0;
}

static int
collect_allergy(struct run *run, int allergy)
{
	const struct allergy *a = &run->f->allergies[allergy];
	int64_t *allergens = sorted_copy(&a->allergens);
	int64_t *named = sorted_copy(&a->ingredients);
	int64_t *related = sorted_copy(&a->ingredients);
	size_t related_count = a->ingredients.count;
	int rc = -1;

	if (allergens != NULL && named != NULL && related != NULL &&
	    add_groups(run, &related, &related_count) == 0 &&
	    collect_direct_allergy(run, allergy, named,
	    a->ingredients.count) == 0)
		rc = collect_allergy_rules(run, allergy, allergens,
		    a->allergens.count, related, related_count);
	free(allergens);
	free(named);
	free(related);
	return rc;
}

static int
collect_allergies(struct run *run)
{
	struct screen_result *res = run->result;

	res->unmatched_allergies = calloc(run->f->allergies_count + 1,
	    sizeof *res->unmatched_allergies);
	if (res->unmatched_allergies == NULL)
		return -1;
	for (size_t i = 0; i < run->f->allergies_count; i++) {
		const struct allergy *a = &run->f->allergies[i];

		if (collect_allergy(run, (int)i) != 0)
			return -1;
		if (a->allergens.count == 0 && a->ingredients.count == 0)
			res->unmatched_allergies[res->unmatched_count++] =
			    a->text;
	}
	return 0;
}

static int
collect_conditions(struct run *run)
{
	const struct screen_facts *f = run->f;

	for (size_t k = 0; k < f->conditions_count; k++) {
		const char *code = f->conditions[k];

		for (size_t r = 0; r < f->condition_rules_count; r++) {
			const struct screen_condition_rule *rule =
			    &f->condition_rules[r];

			if (strncmp(code, rule->icd10_prefix,
			    strlen(rule->icd10_prefix)) == 0 &&
			    candidates_for(run, DUR_DC, (int)k, rule,
			    rule->target, rule->severity, rule->rule_id) != 0)
				return -1;
		}
	}
	return 0;
}

/* Duplications: a shared ingredient (ID), else a shared class (TD). */
static int
collect_duplicates(struct run *run)
{
	size_t n = run->f->drugs_count;

	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			const struct drug_view *x = &run->views[i];
			const struct drug_view *y = &run->views[j];
			struct candidate c = { DUR_ID, { (int)i, (int)j }, -1,
			    NULL, SCREEN_MODERATE, 0, 0, 0 };
			bool shared = false;

			for (size_t k = 0; k < x->ingredient_count && !shared;
			    k++)
				shared = has_id(y->ingredients,
				    y->ingredient_count, x->ingredients[k]);
			for (size_t a = 0; a < x->class_count && !shared; a++) {
				for (size_t b = 0; b < y->class_count; b++) {
					if (strcmp(x->classes[a],
					    y->classes[b]) != 0)
						continue;
					c.conflict = DUR_TD;
					c.context = (int)a;
					shared = true;
					break;
				}
			}
			if (shared && add_candidate(run, &c) != 0)
				return -1;
		}
	}
	return 0;
}

/* Orders candidates by what they are about, strongest first within. */
static int
compare_candidates(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->conflict != y->conflict)
		return (int)x->conflict - (int)y->conflict;
	if (x->drug[0] != y->drug[0])
		return x->drug[0] - y->drug[0];
	if (x->drug[1] != y->drug[1])
		return x->drug[1] - y->drug[1];
	if (x->conflict != DUR_DD && x->context != y->context)
		return x->context - y->context;
	if (x->severity != y->severity)
		return (int)y->severity - (int)x->severity;
	if (x->score != y->score)
		return y->score - x->score;
	if (x->specificity != y->specificity)
		return y->specificity - x->specificity;
	return (x->rule_id > y->rule_id) - (x->rule_id < y->rule_id);
}

/* Whether two candidates speak of the same thing: only one is shown. */
static bool
same_subject(const struct candidate *x, const struct candidate *y)
{
	return x->conflict == y->conflict && x->drug[0] == y->drug[0] &&
	    x->drug[1] == y->drug[1] &&
	    (x->conflict == DUR_DD || x->context == y->context);
}

/* Findings ----------------------------------------------------------------- */

static void
describe_interaction(const struct run *run, const struct candidate *c,
    struct screen_finding *out)
{
	const struct screen_interaction_rule *rule = c->rule;
	char a[SCREEN_TEXT_SIZE / 2 - 2], b[SCREEN_TEXT_SIZE / 2 - 2];

	concept_label(run, rule->a, a, sizeof a);
	concept_label(run, rule->b, b, sizeof b);
	snprintf(out->rule, sizeof out->rule, "%s + %s", a, b);
	out->effect = rule->effect;
	out->mechanism = rule->mechanism;
	out->management = rule->management;
	out->evidence = rule->evidence;
	out->source = rule->source;
}

static void
describe_food(const struct run *run, const struct candidate *c,
    struct screen_finding *out)
{
	const struct screen_food_rule *rule = c->rule;
	char label[SCREEN_TEXT_SIZE / 2];

	concept_label(run, rule->concept, label, sizeof label);
	snprintf(out->rule, sizeof out->rule, "%s + %s (%s)", label,
	    rule->food, rule->type != NULL ? rule->type : "");
	snprintf(out->subject, sizeof out->subject, "%s", rule->food);
	out->effect = rule->description;
	out->management = rule->recommendation;
	out->source = rule->source;
}

/* The first ingredient of a drug that an allergy names. */
static int64_t
allergic_ingredient(const struct run *run, int drug, int allergy)
{
	const struct allergy *a = &run->f->allergies[allergy];
	const struct drug_view *v = &run->views[drug];

	for (size_t k = 0; k < v->ingredient_count; k++) {
		for (size_t i = 0; i < a->ingredients.count; i++) {
			if (a->ingredients.ids[i] == v->ingredients[k])
				return v->ingredients[k];
		}
	}
	return 0;
}

static void
describe_allergy(const struct run *run, const struct candidate *c,
    struct screen_finding *out)
{
	const struct screen_allergy_rule *rule = c->rule;
	char label[SCREEN_TEXT_SIZE / 2];

	snprintf(out->subject, sizeof out->subject, "%s",
	    run->f->allergies[c->context].text);
	if (rule == NULL) {
		concept_label(run, allergic_ingredient(run, c->drug[0],
		    c->context), label, sizeof label);
		snprintf(out->rule, sizeof out->rule,
		    _("allergy to an ingredient: %s"), label);
		out->effect = _("the drug contains an ingredient the person is allergic to");
		out->management = _("do not give it; choose a drug without this ingredient");
		return;
	}
	concept_label(run, rule->target, label, sizeof label);
	snprintf(out->rule, sizeof out->rule, _("%s allergy: %s"),
	    rule->allergen, label);
	out->effect = rule->note;
	out->source = rule->source;
}

static void
describe_condition(const struct run *run, const struct candidate *c,
    struct screen_finding *out)
{
	const struct screen_condition_rule *rule = c->rule;
	char label[SCREEN_TEXT_SIZE / 2];
	const char *code = run->f->conditions[c->context];

	concept_label(run, rule->target, label, sizeof label);
	/* Codes are kept without the dot; people read N18.4. */
	if (strlen(code) > 3)
		snprintf(out->subject, sizeof out->subject, "%.3s.%s", code,
		    code + 3);
	else
		snprintf(out->subject, sizeof out->subject, "%s", code);
	snprintf(out->rule, sizeof out->rule, "%s %s: %s", rule->icd10_prefix,
	    rule->condition != NULL ? rule->condition : "", label);
	out->effect = rule->reason;
	out->management = rule->management;
	out->source = rule->source;
}

static void
describe_duplicate(const struct run *run, const struct candidate *c,
    struct screen_finding *out)
{
	const struct drug_view *x = &run->views[c->drug[0]];
	const struct drug_view *y = &run->views[c->drug[1]];
	size_t used = 0;

	if (c->conflict == DUR_TD) {
		snprintf(out->subject, sizeof out->subject, "%s",
		    x->class_names[c->context]);
		snprintf(out->rule, sizeof out->rule, _("same class: %s"),
		    out->subject);
		out->effect = _("two drugs of the same therapeutic class");
		out->management = _("check that both are intended, or stop one");
		return;
	}
	for (size_t k = 0; k < x->ingredient_count; k++) {
		char label[SCREEN_TEXT_SIZE / 2];

		if (!has_id(y->ingredients, y->ingredient_count,
		    x->ingredients[k]) || used + 2 >= sizeof out->subject)
			continue;
		concept_label(run, x->ingredients[k], label, sizeof label);
		used += (size_t)snprintf(out->subject + used,
		    sizeof out->subject - used, "%s%s", used ? ", " : "",
		    label);
	}
	snprintf(out->rule, sizeof out->rule, _("same ingredient: %s"),
	    out->subject);
	out->effect = _("the same ingredient in two drugs: a risk of a double dose");
	out->management = _("make sure both are meant, and count the total dose");
}

/* Puts the finding's drugs in name order so that input order is moot. */
static void
order_drugs(const struct run *run, struct screen_finding *out,
    const struct candidate *c)
{
	int x = c->drug[0], y = c->drug[1];

	if (y >= 0) {
		int cmp = strcmp(run->views[x].folded_name,
		    run->views[y].folded_name);

		if (cmp > 0 || (cmp == 0 && run->f->drugs[x].id >
		    run->f->drugs[y].id)) {
			x = c->drug[1];
			y = c->drug[0];
		}
	}
	out->drug[0] = x;
	out->drug[1] = y;
	out->drug_name[0] = run->f->drugs[x].name;
	out->drug_name[1] = y >= 0 ? run->f->drugs[y].name : NULL;
	out->involves_candidate = run->f->drugs[x].candidate ||
	    (y >= 0 && run->f->drugs[y].candidate);
}

static void
make_key(const struct run *run, struct screen_finding *out)
{
	char subject[SCREEN_TEXT_SIZE];
	const char *second = out->drug[1] >= 0 ?
	    run->views[out->drug[1]].folded_name : "";

	text_fold(out->subject, subject, sizeof subject);
	snprintf(out->key, sizeof out->key, "%s|%.120s|%.120s|%.100s|%.160s",
	    dur_conflict_code(out->conflict),
	    run->views[out->drug[0]].folded_name, second, subject, out->rule);
}

static int
emit(struct run *run, const struct candidate *c)
{
	struct screen_result *res = run->result;
	struct screen_finding *out;

	if (grow((void **)&res->findings, &res->capacity, res->count,
	    sizeof *res->findings) != 0)
		return -1;
	out = &res->findings[res->count++];
	memset(out, 0, sizeof *out);
	out->conflict = c->conflict;
	out->severity = c->severity;
	out->score = c->score;
	out->rule_id = c->rule_id;
	order_drugs(run, out, c);
	switch (c->conflict) {
	case DUR_DD:
		describe_interaction(run, c, out);
		break;
	case DUR_DF:
		describe_food(run, c, out);
		break;
	case DUR_DA:
		describe_allergy(run, c, out);
		break;
	case DUR_DC:
		describe_condition(run, c, out);
		break;
	case DUR_ID:
	case DUR_TD:
	case DUR_CONFLICT_COUNT:
		describe_duplicate(run, c, out);
		break;
	}
	make_key(run, out);
	return 0;
}

static int
compare_findings(const void *a, const void *b)
{
	const struct screen_finding *x = a, *y = b;

	if (x->severity != y->severity)
		return (int)y->severity - (int)x->severity;
	if (x->conflict != y->conflict)
		return (int)x->conflict - (int)y->conflict;
	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->key, y->key);
}

static void
run_free(struct run *run)
{
	if (run->views != NULL) {
		for (size_t i = 0; i < run->f->drugs_count; i++) {
			free(run->views[i].concepts);
			free(run->views[i].ingredients);
		}
	}
	free(run->views);
	free(run->concepts);
	free(run->by_ingredient);
	free(run->index);
	free(run->candidates);
}

static int
collect(struct run *run)
{
	if (build_index(run) != 0 || collect_interactions(run) != 0 ||
	    collect_allergies(run) != 0 || collect_conditions(run) != 0 ||
	    collect_foods(run) != 0 || collect_duplicates(run) != 0)
		return -1;
	if (run->candidates_count > 1)
		qsort(run->candidates, run->candidates_count,
		    sizeof *run->candidates, compare_candidates);
	for (size_t i = 0; i < run->candidates_count; i++) {
		if (i > 0 && same_subject(&run->candidates[i - 1],
		    &run->candidates[i]))
			continue;
		if (emit(run, &run->candidates[i]) != 0)
			return -1;
	}
	return 0;
}

int
screen_run(const struct screen_facts *facts, struct screen_result *result,
    struct error *err)
{
	struct run run;
	int rc;

	memset(result, 0, sizeof *result);
	memset(&run, 0, sizeof run);
	run.f = facts;
	run.result = result;
	rc = collect(&run);
	run_free(&run);
	if (rc != 0) {
		screen_result_free(result);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	if (result->count > 1)
		qsort(result->findings, result->count,
		    sizeof *result->findings, compare_findings);
	return 0;
}

void
screen_result_free(struct screen_result *result)
{
	free(result->findings);
	free(result->unmatched_allergies);
	memset(result, 0, sizeof *result);
}

enum screen_severity
screen_worst(const struct screen_result *result)
{
	enum screen_severity worst = SCREEN_NONE;

	for (size_t i = 0; i < result->count; i++) {
		if (result->findings[i].severity > worst)
			worst = result->findings[i].severity;
	}
	return worst;
}

void
screen_mark_reviewed(struct screen_result *result, const char *const *keys,
    size_t count)
{
	for (size_t i = 0; i < result->count; i++) {
		for (size_t k = 0; k < count; k++) {
			if (strcmp(result->findings[i].key, keys[k]) == 0) {
				result->findings[i].reviewed = true;
				break;
			}
		}
	}
}

bool
screen_finding_shown(const struct screen_finding *finding)
{
	return finding->severity == SCREEN_MAJOR || !finding->reviewed;
}
