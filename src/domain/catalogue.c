#include "config.h"

#include "domain/catalogue.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "common/textfold.h"

/* Longest free text and name the schema accepts. */
#define TEXT_MAX 1000
#define NAME_MAX_CHARS 200

static const char *const drug_columns[] = { "generic_name", "ingredients",
    "brand_names", "drug_class", "therapeutic_category", "atc_code",
    "strengths", "dosage_forms", "routes", "csa_schedule",
    "pregnancy_category", "side_effects", "storage", "source" };
enum { D_GENERIC, D_INGREDIENTS, D_BRANDS, D_CLASS, D_CATEGORY, D_ATC,
    D_STRENGTHS, D_FORMS, D_ROUTES, D_CSA, D_PREGNANCY, D_SIDE_EFFECTS,
    D_STORAGE, D_SOURCE };

static const char *const group_columns[] = { "group", "ingredient" };

static const char *const interaction_columns[] = { "a", "b", "severity",
    "score", "evidence", "mechanism", "clinical_effect", "management",
    "source" };
enum { I_A, I_B, I_SEVERITY, I_SCORE, I_EVIDENCE, I_MECHANISM, I_EFFECT,
    I_MANAGEMENT, I_SOURCE };

static const char *const food_columns[] = { "drug", "food", "type",
    "severity", "description", "recommendation", "source" };
enum { F_DRUG, F_FOOD, F_TYPE, F_SEVERITY, F_DESCRIPTION, F_RECOMMENDATION,
    F_SOURCE };

static const char *const allergy_columns[] = { "allergen", "allergen_terms",
    "target", "severity", "note", "source" };
enum { A_ALLERGEN, A_TERMS, A_TARGET, A_SEVERITY, A_NOTE, A_SOURCE };

static const char *const condition_columns[] = { "icd10_prefix",
    "condition", "target", "severity", "reason", "management", "source" };
enum { C_PREFIX, C_CONDITION, C_TARGET, C_SEVERITY, C_REASON, C_MANAGEMENT,
    C_SOURCE };

#define LAYOUT(file, columns) \
	{ file, columns, sizeof columns / sizeof columns[0] }

static const struct catalogue_layout layouts[CATALOGUE_FILE_COUNT] = {
	[CATALOGUE_DRUGS] = LAYOUT("drugs.csv", drug_columns),
	[CATALOGUE_GROUPS] = LAYOUT("groups.csv", group_columns),
	[CATALOGUE_INTERACTIONS] = LAYOUT("interactions.csv",
	    interaction_columns),
	[CATALOGUE_FOOD] = LAYOUT("food.csv", food_columns),
	[CATALOGUE_ALLERGY] = LAYOUT("allergy.csv", allergy_columns),
	[CATALOGUE_CONDITIONS] = LAYOUT("conditions.csv", condition_columns),
};

static const char *const evidence_levels[] = { "established", "probable",
    "possible", "theoretical", NULL };
static const char *const food_types[] = { "avoid", "caution",
    "timing_required", NULL };
static const char *const csa_schedules[] = { "CI", "CII", "CIII", "CIV",
    "CV", NULL };
static const char *const pregnancy_categories[] = { "A", "B", "C", "D",
    "X", "N", NULL };
static const char *const frequencies[] = { "very common", "common",
    "uncommon", "rare", "very rare", "unknown", NULL };

const struct catalogue_layout *
catalogue_layout(enum catalogue_file file)
{
	return &layouts[file];
}

/* The field trimmed in place. */
static char *
field(struct csv_record *rec, size_t i)
{
	rec->field[i] = str_trim(rec->field[i]);
	return rec->field[i];
}

static int
check_length(const struct csv_reader *r, struct csv_record *rec, size_t i,
    size_t max, struct error *err)
{
	size_t len = text_length(rec->field[i]);

	if (len <= max)
		return 0;
	csv_field_error(r, rec, i, err, ERR_INVALID,
	    _("%zu characters where at most %zu fit"), len, max);
	return -1;
}

/* An optional text: NULL when empty. */
static int
optional(const struct csv_reader *r, struct csv_record *rec, size_t i,
    const char **out, struct error *err)
{
	char *s = field(rec, i);

	*out = NULL;
	if (check_length(r, rec, i, TEXT_MAX, err) != 0)
		return -1;
	if (*s != '\0')
		*out = s;
	return 0;
}

static int
required(const struct csv_reader *r, struct csv_record *rec, size_t i,
    const char *column, size_t max, const char **out, struct error *err)
{
	char *s = field(rec, i);

	if (*s == '\0') {
		csv_field_error(r, rec, i, err, ERR_INVALID,
		    _("%s is empty; it is required"), column);
		return -1;
	}
	if (check_length(r, rec, i, max, err) != 0)
		return -1;
	*out = s;
	return 0;
}

static void
lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* One of a list of words, or empty when allowed. */
static int
one_of(const struct csv_reader *r, struct csv_record *rec, size_t i,
    const char *column, const char *const *allowed, bool may_be_empty,
    const char **out, struct error *err)
{
	char *s = field(rec, i);
	char list[200];
	size_t used = 0;

	*out = NULL;
	if (*s == '\0' && may_be_empty)
		return 0;
	for (size_t k = 0; allowed[k] != NULL; k++) {
		if (strcmp(s, allowed[k]) == 0) {
			*out = allowed[k];
			return 0;
		}
		used += (size_t)snprintf(list + used, sizeof list - used,
		    "%s%s", k ? ", " : "", allowed[k]);
		if (used >= sizeof list)
			break;
	}
	csv_field_error(r, rec, i, err, ERR_INVALID,
	    _("%s must be one of %s, not \"%s\""), column, list, s);
	return -1;
}

static int
severity(const struct csv_reader *r, struct csv_record *rec, size_t i,
    bool minor_allowed, enum screen_severity *out, struct error *err)
{
	char *s = field(rec, i);

	if (screen_severity_parse(s, out) == 0 &&
	    (minor_allowed || *out != SCREEN_MINOR))
		return 0;
	csv_field_error(r, rec, i, err, ERR_INVALID,
	    minor_allowed ?
	    _("severity must be major, moderate or minor, not \"%s\"") :
	    _("severity must be major or moderate, not \"%s\""), s);
	return -1;
}

/* Splits a ';' list in place; empty items between separators are errors. */
static int
split_list(const struct csv_reader *r, struct csv_record *rec, size_t i,
    struct catalogue_list *out, struct error *err)
{
	char *s = field(rec, i);

	out->count = 0;
	if (*s == '\0')
		return 0;
	for (;;) {
		char *end = strchr(s, ';');
		char *item;

		if (end != NULL)
			*end = '\0';
		item = str_trim(s);
		if (*item == '\0') {
			csv_field_error(r, rec, i, err, ERR_INVALID,
			    _("an empty item in a ';' list"));
			return -1;
		}
		if (out->count == CATALOGUE_LIST_MAX ||
		    text_length(item) > NAME_MAX_CHARS) {
			csv_field_error(r, rec, i, err, ERR_INVALID,
			    _("a list of more than %d items, or an item over %d characters"),
			    CATALOGUE_LIST_MAX, NAME_MAX_CHARS);
			return -1;
		}
		out->item[out->count++] = item;
		if (end == NULL)
			return 0;
		s = end + 1;
	}
}

static void
list_json(const struct catalogue_list *list, struct strbuf *out)
{
	strbuf_printf(out, "[");
	for (size_t k = 0; k < list->count; k++) {
		if (k > 0)
			strbuf_printf(out, ",");
		strbuf_json_string(out, list->item[k]);
	}
	strbuf_printf(out, "]");
}

static int
list_field_json(const struct csv_reader *r, struct csv_record *rec,
    size_t i, struct strbuf *out, struct error *err)
{
	struct catalogue_list list;

	if (split_list(r, rec, i, &list, err) != 0)
		return -1;
	list_json(&list, out);
	return 0;
}

/* An ingredient or "@group": a name of letters, digits and " -/,'()+". */
static int
reference(const struct csv_reader *r, struct csv_record *rec, size_t i,
    bool group_allowed, struct catalogue_ref *out, struct error *err)
{
	char *s = field(rec, i);

	out->field = i;
	out->is_group = *s == '@';
	if (out->is_group) {
		s = str_trim(s + 1);
		if (!group_allowed) {
			csv_field_error(r, rec, i, err, ERR_INVALID,
			    _("a group cannot stand here; name an ingredient"));
			return -1;
		}
	}
	if (*s == '\0' || text_length(s) > NAME_MAX_CHARS) {
		csv_field_error(r, rec, i, err, ERR_INVALID,
		    _("an ingredient or @group name is needed here"));
		return -1;
	}
	lower_ascii(s);
	out->name = s;
	return 0;
}

static int
side_effect_frequency(const struct csv_reader *r, struct csv_record *rec,
    size_t i, const char *label, struct error *err)
{
	for (size_t k = 0; frequencies[k] != NULL; k++) {
		if (strcmp(label, frequencies[k]) == 0)
			return 0;
	}
	csv_field_error(r, rec, i, err, ERR_INVALID,
	    _("side effects are written \"very common:a;b|common:c\" with the frequencies very common, common, uncommon, rare, very rare or unknown; \"%s\" is none of them"),
	    label);
	return -1;
}

/* "very common:diarrhea;nausea|rare:lactic acidosis" as a JSON object. */
static int
side_effects_json(const struct csv_reader *r, struct csv_record *rec,
    size_t i, struct strbuf *out, struct error *err)
{
	char *s = field(rec, i);

	strbuf_printf(out, "{");
	for (int n = 0; *s != '\0'; n++) {
		char *bar = strchr(s, '|');
		char *colon, *label;
		struct catalogue_list list;

		if (bar != NULL)
			*bar = '\0';
		colon = strchr(s, ':');
		if (colon == NULL) {
			csv_field_error(r, rec, i, err, ERR_INVALID,
			    _("side effects are written \"frequency:effect;effect|frequency:effect\"; \"%s\" has no ':'"),
			    s);
			return -1;
		}
		*colon = '\0';
		label = str_trim(s);
		if (side_effect_frequency(r, rec, i, label, err) != 0)
			return -1;
		rec->field[i] = colon + 1;
		if (split_list(r, rec, i, &list, err) != 0)
			return -1;
		strbuf_printf(out, "%s", n ? "," : "");
		strbuf_json_string(out, label);
		strbuf_printf(out, ":");
		list_json(&list, out);
		if (bar == NULL)
			break;
		s = bar + 1;
	}
	strbuf_printf(out, "}");
	return 0;
}

/* ATC codes: A, A01, A01A, A01AB or A01AB03. */
static int
atc_code(const struct csv_reader *r, struct csv_record *rec, size_t i,
    const char **out, struct error *err)
{
	static const char shape[] = "LDDLLDD";
	char *s = field(rec, i);
	size_t len = strlen(s);
	bool ok = len == 1 || len == 3 || len == 4 || len == 5 || len == 7;

	*out = NULL;
	if (len == 0)
		return 0;
	for (size_t k = 0; ok && k < len; k++) {
		unsigned char c = (unsigned char)s[k];

		ok = shape[k] == 'L' ? isupper(c) != 0 : isdigit(c) != 0;
	}
	if (!ok || len < 3) {
		csv_field_error(r, rec, i, err, ERR_INVALID,
		    _("\"%s\" is not an ATC code such as N02BE01"), s);
		return -1;
	}
	*out = s;
	return 0;
}

static int
drug_lists(const struct csv_reader *r, struct csv_record *rec,
    struct catalogue_drug *out, struct error *err)
{
	if (split_list(r, rec, D_INGREDIENTS, &out->ingredients, err) != 0)
		return -1;
	if (out->ingredients.count == 0) {
		csv_field_error(r, rec, D_INGREDIENTS, err, ERR_INVALID,
		    _("ingredients is empty; list at least one, separated by ';'"));
		return -1;
	}
	for (size_t k = 0; k < out->ingredients.count; k++)
		lower_ascii((char *)out->ingredients.item[k]);
	return list_field_json(r, rec, D_BRANDS, &out->brands, err) != 0 ||
	    list_field_json(r, rec, D_STRENGTHS, &out->strengths, err) != 0 ||
	    list_field_json(r, rec, D_FORMS, &out->forms, err) != 0 ||
	    list_field_json(r, rec, D_ROUTES, &out->routes, err) != 0 ||
	    list_field_json(r, rec, D_STORAGE, &out->storage, err) != 0 ||
	    side_effects_json(r, rec, D_SIDE_EFFECTS, &out->side_effects,
	    err) != 0 ? -1 : 0;
}

int
catalogue_parse_drug(const struct csv_reader *r, struct csv_record *rec,
    struct catalogue_drug *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (required(r, rec, D_GENERIC, "generic_name", NAME_MAX_CHARS,
	    &out->generic_name, err) != 0 ||
	    drug_lists(r, rec, out, err) != 0 ||
	    optional(r, rec, D_CLASS, &out->drug_class, err) != 0 ||
	    optional(r, rec, D_CATEGORY, &out->category, err) != 0 ||
	    atc_code(r, rec, D_ATC, &out->atc_code, err) != 0 ||
	    one_of(r, rec, D_CSA, "csa_schedule", csa_schedules, true,
	    &out->csa_schedule, err) != 0 ||
	    one_of(r, rec, D_PREGNANCY, "pregnancy_category",
	    pregnancy_categories, true, &out->pregnancy, err) != 0 ||
	    required(r, rec, D_SOURCE, "source", 500, &out->source,
	    err) != 0) {
		catalogue_drug_free(out);
		return -1;
	}
	if (strbuf_failed(&out->brands) || strbuf_failed(&out->strengths) ||
	    strbuf_failed(&out->forms) || strbuf_failed(&out->routes) ||
	    strbuf_failed(&out->storage) || strbuf_failed(&out->side_effects)) {
		catalogue_drug_free(out);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	return 0;
}

void
catalogue_drug_free(struct catalogue_drug *drug)
{
	strbuf_free(&drug->brands);
	strbuf_free(&drug->strengths);
	strbuf_free(&drug->forms);
	strbuf_free(&drug->routes);
	strbuf_free(&drug->storage);
	strbuf_free(&drug->side_effects);
}

int
catalogue_parse_member(const struct csv_reader *r, struct csv_record *rec,
    struct catalogue_member *out, struct error *err)
{
	char *group = field(rec, 0);

	if (*group == '@')
		memmove(group, group + 1, strlen(group));
	if (reference(r, rec, 0, false, &out->group, err) != 0 ||
	    reference(r, rec, 1, false, &out->ingredient, err) != 0)
		return -1;
	out->group.is_group = true;
	return 0;
}

static int
score(const struct csv_reader *r, struct csv_record *rec, size_t i,
    int *out, struct error *err)
{
	long n;

	if (str_to_long(field(rec, i), &n) != 0 || n < 1 || n > 10) {
		csv_field_error(r, rec, i, err, ERR_INVALID,
		    _("score must be a whole number from 1 to 10, not \"%s\""),
		    rec->field[i]);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int
catalogue_parse_interaction(const struct csv_reader *r,
    struct csv_record *rec, struct catalogue_interaction *out,
    struct error *err)
{
	memset(out, 0, sizeof *out);
	return reference(r, rec, I_A, true, &out->a, err) != 0 ||
	    reference(r, rec, I_B, true, &out->b, err) != 0 ||
	    severity(r, rec, I_SEVERITY, true, &out->severity, err) != 0 ||
	    score(r, rec, I_SCORE, &out->score, err) != 0 ||
	    one_of(r, rec, I_EVIDENCE, "evidence", evidence_levels, false,
	    &out->evidence, err) != 0 ||
	    optional(r, rec, I_MECHANISM, &out->mechanism, err) != 0 ||
	    required(r, rec, I_EFFECT, "clinical_effect", TEXT_MAX,
	    &out->effect, err) != 0 ||
	    optional(r, rec, I_MANAGEMENT, &out->management, err) != 0 ||
	    required(r, rec, I_SOURCE, "source", 500, &out->source,
	    err) != 0 ? -1 : 0;
}

int
catalogue_parse_food(const struct csv_reader *r, struct csv_record *rec,
    struct catalogue_food *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	return reference(r, rec, F_DRUG, true, &out->target, err) != 0 ||
	    required(r, rec, F_FOOD, "food", NAME_MAX_CHARS, &out->food,
	    err) != 0 ||
	    one_of(r, rec, F_TYPE, "type", food_types, false, &out->type,
	    err) != 0 ||
	    severity(r, rec, F_SEVERITY, true, &out->severity, err) != 0 ||
	    optional(r, rec, F_DESCRIPTION, &out->description, err) != 0 ||
	    optional(r, rec, F_RECOMMENDATION, &out->recommendation,
	    err) != 0 ||
	    required(r, rec, F_SOURCE, "source", 500, &out->source,
	    err) != 0 ? -1 : 0;
}

int
catalogue_parse_allergy(const struct csv_reader *r, struct csv_record *rec,
    struct catalogue_allergy *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (required(r, rec, A_ALLERGEN, "allergen", NAME_MAX_CHARS,
	    &out->allergen, err) != 0 ||
	    split_list(r, rec, A_TERMS, &out->terms, err) != 0 ||
	    reference(r, rec, A_TARGET, true, &out->target, err) != 0 ||
	    severity(r, rec, A_SEVERITY, false, &out->severity, err) != 0 ||
	    optional(r, rec, A_NOTE, &out->note, err) != 0 ||
	    required(r, rec, A_SOURCE, "source", 500, &out->source,
	    err) != 0)
		return -1;
	lower_ascii((char *)out->allergen);
	return 0;
}

int
catalogue_parse_condition(const struct csv_reader *r,
    struct csv_record *rec, struct catalogue_condition *out,
    struct error *err)
{
	struct error why;

	memset(out, 0, sizeof *out);
	if (screen_icd10_normalize(field(rec, C_PREFIX), out->prefix,
	    sizeof out->prefix, &why) != 0) {
		csv_field_error(r, rec, C_PREFIX, err, ERR_INVALID, "%s",
		    why.text);
		return -1;
	}
	return required(r, rec, C_CONDITION, "condition", NAME_MAX_CHARS,
	    &out->condition, err) != 0 ||
	    reference(r, rec, C_TARGET, true, &out->target, err) != 0 ||
	    severity(r, rec, C_SEVERITY, true, &out->severity, err) != 0 ||
	    optional(r, rec, C_REASON, &out->reason, err) != 0 ||
	    optional(r, rec, C_MANAGEMENT, &out->management, err) != 0 ||
	    required(r, rec, C_SOURCE, "source", 500, &out->source,
	    err) != 0 ? -1 : 0;
}

int
catalogue_version_check(const char *version, struct error *err)
{
	const char *p = version;
	int parts = 0;

	while (*p != '\0') {
		size_t digits = strspn(p, "0123456789");

		if (digits == 0 || digits > 9)
			break;
		parts++;
		p += digits;
		if (*p == '.' && p[1] != '\0')
			p++;
		else if (*p != '\0')
			break;
	}
	if (*p == '\0' && parts >= 1)
		return 0;
	error_set(err, ERR_INVALID,
	    _("the catalogue version \"%s\" is not numbers separated by dots, such as 2026.12.1"),
	    version);
	return -1;
}

int
catalogue_version_compare(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		char *a_end, *b_end;
		long x = strtol(a, &a_end, 10);
		long y = strtol(b, &b_end, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (a_end == a && b_end == b)
			return strcmp(a, b);
		a = *a_end == '.' ? a_end + 1 : a_end;
		b = *b_end == '.' ? b_end + 1 : b_end;
	}
	return 0;
}
