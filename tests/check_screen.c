#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/dur.h"
#include "domain/screen.h"
#include "testutil.h"

/*
 * The engine alone, on facts built by hand: no store, so each rule of the
 * screening logic is seen in isolation.
 */

enum {
	WARFARIN = 1, IBUPROFEN, NAPROXEN, AMOXICILLIN, CLAVULANATE,
	AMPICILLIN, CEPHALEXIN, SERTRALINE, PHENELZINE, CLARITHROMYCIN,
	CIPROFLOXACIN, ACETAMINOPHEN, HYDROCODONE, ATORVASTATIN, SIMVASTATIN,
	NSAID = 100, ANTICOAGULANT, PENICILLIN, CEPHALOSPORIN, SEROTONERGIC,
	MAOI, QT, STATIN
};

enum { PENICILLIN_ALLERGEN = 1 };

static const struct {
	int64_t id;
	const char *name;
	bool group;
	const char *drug_class;
} concepts[] = {
	{ WARFARIN, "warfarin", false, "vitamin K antagonist" },
	{ IBUPROFEN, "ibuprofen", false, "NSAID" },
	{ NAPROXEN, "naproxen", false, "NSAID" },
	{ AMOXICILLIN, "amoxicillin", false, "penicillin" },
	{ CLAVULANATE, "clavulanate", false, NULL },
	{ AMPICILLIN, "ampicillin", false, "penicillin" },
	{ CEPHALEXIN, "cephalexin", false, "cephalosporin" },
	{ SERTRALINE, "sertraline", false, "SSRI" },
	{ PHENELZINE, "phenelzine", false, "MAO inhibitor" },
	{ CLARITHROMYCIN, "clarithromycin", false, "macrolide" },
	{ CIPROFLOXACIN, "ciprofloxacin", false, "fluoroquinolone" },
	{ ACETAMINOPHEN, "acetaminophen", false, "analgesic" },
	{ HYDROCODONE, "hydrocodone", false, "opioid" },
	{ ATORVASTATIN, "atorvastatin", false, "statin" },
	{ SIMVASTATIN, "simvastatin", false, "Statin" },
	{ NSAID, "nsaid", true, NULL },
	{ ANTICOAGULANT, "anticoagulant", true, NULL },
	{ PENICILLIN, "penicillin", true, NULL },
	{ CEPHALOSPORIN, "cephalosporin", true, NULL },
	{ SEROTONERGIC, "serotonergic", true, NULL },
	{ MAOI, "maoi", true, NULL },
	{ QT, "qt_prolonging", true, NULL },
	{ STATIN, "cyp3a4_statin", true, NULL },
};

static const int64_t members[][2] = {
	{ NSAID, IBUPROFEN }, { NSAID, NAPROXEN }, { ANTICOAGULANT, WARFARIN },
	{ PENICILLIN, AMOXICILLIN }, { PENICILLIN, AMPICILLIN },
	{ CEPHALOSPORIN, CEPHALEXIN }, { SEROTONERGIC, SERTRALINE },
	{ MAOI, PHENELZINE }, { QT, CLARITHROMYCIN }, { QT, CIPROFLOXACIN },
	{ STATIN, ATORVASTATIN }, { STATIN, SIMVASTATIN },
};

static struct screen_facts *
base_facts(void)
{
	struct screen_facts *f = screen_facts_new();
	struct screen_interaction_rule rules[] = {
		{ 10, NSAID, ANTICOAGULANT, SCREEN_MAJOR, 8, "established",
		    "haemostasis", "bleeding", "avoid", "src" },
		{ 11, WARFARIN, CIPROFLOXACIN, SCREEN_MODERATE, 6, "probable",
		    "CYP1A2", "INR rises", "monitor INR", "src" },
		{ 12, ACETAMINOPHEN, WARFARIN, SCREEN_MINOR, 3, "probable",
		    NULL, "INR may rise", NULL, "src" },
		{ 13, MAOI, SEROTONERGIC, SCREEN_MAJOR, 10, "established",
		    NULL, "serotonin syndrome", NULL, "src" },
		{ 14, QT, QT, SCREEN_MODERATE, 5, "probable", NULL,
		    "torsades", NULL, "src" },
		/* A specific rule weaker than the class rule it overlaps. */
		{ 15, IBUPROFEN, WARFARIN, SCREEN_MODERATE, 5, "possible",
		    NULL, "specific", NULL, "src" },
		{ 16, HYDROCODONE, ACETAMINOPHEN, SCREEN_MAJOR, 9,
		    "theoretical", NULL, "inside one product", NULL, "src" },
	};
	struct screen_food_rule foods[] = {
		{ 20, STATIN, "Grapefruit juice", "avoid", SCREEN_MODERATE,
		    "CYP3A4", "avoid", "src" },
		{ 21, SIMVASTATIN, "grapefruit  JUICE", "avoid", SCREEN_MAJOR,
		    "many-fold", "never", "src" },
		{ 22, WARFARIN, "vitamin K foods", "caution", SCREEN_MODERATE,
		    "INR", "steady intake", "src" },
	};
	struct screen_allergy_rule allergies[] = {
		{ 30, PENICILLIN_ALLERGEN, "penicillin", PENICILLIN,
		    SCREEN_MAJOR, "same class", "src" },
		{ 31, PENICILLIN_ALLERGEN, "penicillin", CEPHALOSPORIN,
		    SCREEN_MODERATE, "cross-sensitivity", "src" },
	};
	struct screen_condition_rule conditions[] = {
		{ 40, "N18", "chronic kidney disease", NSAID, SCREEN_MODERATE,
		    "renal blood flow", "avoid", "src" },
		{ 41, "N184", "CKD stage 4", NSAID, SCREEN_MAJOR,
		    "renal blood flow", "avoid", "src" },
		{ 42, "J45", "asthma", SERTRALINE, SCREEN_MINOR, "made up",
		    NULL, "src" },
	};

	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < sizeof concepts / sizeof concepts[0]; i++)
		ck_assert_int_eq(screen_add_concept(f, concepts[i].id,
		    concepts[i].name, concepts[i].group,
		    concepts[i].drug_class), 0);
	for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
		ck_assert_int_eq(screen_add_member(f, members[i][0],
		    members[i][1]), 0);
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		ck_assert_int_eq(screen_add_interaction(f, &rules[i]), 0);
	for (size_t i = 0; i < sizeof foods / sizeof foods[0]; i++)
		ck_assert_int_eq(screen_add_food_rule(f, &foods[i]), 0);
	for (size_t i = 0; i < sizeof allergies / sizeof allergies[0]; i++)
		ck_assert_int_eq(screen_add_allergy_rule(f, &allergies[i]), 0);
	for (size_t i = 0; i < sizeof conditions / sizeof conditions[0]; i++)
		ck_assert_int_eq(screen_add_condition_rule(f, &conditions[i]),
		    0);
	return f;
}

/* Adds a drug of the given ingredients (0-terminated). */
static int
drug(struct screen_facts *f, int64_t id, const char *name,
    const char *drug_class, const int64_t *ingredients)
{
	int index = screen_add_drug(f, id, name, drug_class, false);

	ck_assert_int_ge(index, 0);
	for (; *ingredients != 0; ingredients++)
		ck_assert_int_eq(screen_add_ingredient(f, index, *ingredients),
		    0);
	return index;
}

#define ONE(x) ((const int64_t[]){ (x), 0 })

static void
run(struct screen_facts *f, struct screen_result *res)
{
	struct error err;

	ck_assert_int_eq(screen_run(f, res, &err), 0);
}

/* The finding of a conflict that names this drug, or NULL. */
static const struct screen_finding *
find(const struct screen_result *res, enum dur_conflict conflict,
    const char *drug_name)
{
	for (size_t i = 0; i < res->count; i++) {
		const struct screen_finding *x = &res->findings[i];

		if (x->conflict != conflict)
			continue;
		if (strcmp(x->drug_name[0], drug_name) == 0 ||
		    (x->drug_name[1] != NULL &&
		    strcmp(x->drug_name[1], drug_name) == 0))
			return x;
	}
	return NULL;
}

static size_t
count(const struct screen_result *res, enum dur_conflict conflict)
{
	size_t n = 0;

	for (size_t i = 0; i < res->count; i++)
		n += res->findings[i].conflict == conflict;
	return n;
}

START_TEST(test_every_severity_most_severe_first)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;

	drug(f, 1, "warfarin", NULL, ONE(WARFARIN));
	drug(f, 2, "naproxen", NULL, ONE(NAPROXEN));
	drug(f, 3, "ciprofloxacin", NULL, ONE(CIPROFLOXACIN));
	drug(f, 4, "acetaminophen", NULL, ONE(ACETAMINOPHEN));
	run(f, &res);
	ck_assert_int_eq(count(&res, DUR_DD), 3);
	ck_assert_int_eq(res.findings[0].severity, SCREEN_MAJOR);
	ck_assert_str_eq(res.findings[0].rule, "@nsaid + @anticoagulant");
	ck_assert_int_eq(res.findings[0].rule_id, 10);
	ck_assert_str_eq(find(&res, DUR_DD, "ciprofloxacin")->effect,
	    "INR rises");
	ck_assert_int_eq(find(&res, DUR_DD, "acetaminophen")->severity,
	    SCREEN_MINOR);
	for (size_t i = 1; i < res.count; i++)
		ck_assert_int_ge(res.findings[i - 1].severity,
		    res.findings[i].severity);
	ck_assert_int_eq(res.findings[res.count - 1].severity, SCREEN_MINOR);
	ck_assert_int_eq(screen_worst(&res), SCREEN_MAJOR);
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

/* Builds the same list in two orders and compares the whole answers. */
START_TEST(test_order_of_drugs_does_not_matter)
{
	struct screen_facts *a = base_facts(), *b = base_facts();
	struct screen_result ra, rb;

	drug(a, 1, "warfarin", NULL, ONE(WARFARIN));
	drug(a, 2, "ibuprofen", NULL, ONE(IBUPROFEN));
	drug(a, 3, "ciprofloxacin", NULL, ONE(CIPROFLOXACIN));
	drug(a, 4, "clarithromycin", NULL, ONE(CLARITHROMYCIN));
	drug(b, 4, "clarithromycin", NULL, ONE(CLARITHROMYCIN));
	drug(b, 3, "ciprofloxacin", NULL, ONE(CIPROFLOXACIN));
	drug(b, 2, "ibuprofen", NULL, ONE(IBUPROFEN));
	drug(b, 1, "warfarin", NULL, ONE(WARFARIN));
	run(a, &ra);
	run(b, &rb);
	ck_assert_uint_eq(ra.count, rb.count);
	ck_assert_uint_ge(ra.count, 3);
	for (size_t i = 0; i < ra.count; i++) {
		ck_assert_str_eq(ra.findings[i].key, rb.findings[i].key);
		ck_assert_str_eq(ra.findings[i].drug_name[0],
		    rb.findings[i].drug_name[0]);
		ck_assert_int_eq(ra.findings[i].severity,
		    rb.findings[i].severity);
	}
	/* The pair is named in name order, whatever came first. */
	ck_assert_str_eq(find(&ra, DUR_DD, "warfarin")->drug_name[0],
	    "ibuprofen");
	screen_result_free(&ra);
	screen_result_free(&rb);
	screen_facts_free(a);
	screen_facts_free(b);
}
END_TEST

START_TEST(test_class_rules_cover_members_and_strongest_rule_wins)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;

	drug(f, 1, "warfarin", NULL, ONE(WARFARIN));
	drug(f, 2, "ibuprofen", NULL, ONE(IBUPROFEN));
	run(f, &res);
	/* Two rules match the pair; one finding, from the major one. */
	ck_assert_int_eq(count(&res, DUR_DD), 1);
	ck_assert_int_eq(find(&res, DUR_DD, "ibuprofen")->rule_id, 10);
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

START_TEST(test_group_with_itself_needs_two_drugs)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;

	drug(f, 1, "clarithromycin", NULL, ONE(CLARITHROMYCIN));
	run(f, &res);
	ck_assert_int_eq(count(&res, DUR_DD), 0);
	screen_result_free(&res);
	drug(f, 2, "ciprofloxacin", NULL, ONE(CIPROFLOXACIN));
	run(f, &res);
	ck_assert_int_eq(count(&res, DUR_DD), 1);
	ck_assert_str_eq(res.findings[0].rule,
	    "@qt_prolonging + @qt_prolonging");
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

START_TEST(test_ingredients_inside_one_product_are_not_an_interaction)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;

	drug(f, 1, "hydrocodone/acetaminophen", NULL,
	    (const int64_t[]){ HYDROCODONE, ACETAMINOPHEN, 0 });
	run(f, &res);
	ck_assert_uint_eq(res.count, 0);
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

START_TEST(test_penicillin_allergy_cross_sensitivity)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;
	int allergy;

	drug(f, 1, "amoxicillin", NULL, ONE(AMOXICILLIN));
	drug(f, 2, "cephalexin", NULL, ONE(CEPHALEXIN));
	drug(f, 3, "warfarin", NULL, ONE(WARFARIN));
	allergy = screen_add_allergy(f, "Penicillins");
	ck_assert_int_eq(screen_allergy_add_allergen(f, allergy,
	    PENICILLIN_ALLERGEN), 0);
	run(f, &res);
	ck_assert_int_eq(count(&res, DUR_DA), 2);
	ck_assert_int_eq(find(&res, DUR_DA, "amoxicillin")->severity,
	    SCREEN_MAJOR);
	ck_assert_int_eq(find(&res, DUR_DA, "cephalexin")->severity,
	    SCREEN_MODERATE);
	ck_assert_str_eq(find(&res, DUR_DA, "cephalexin")->rule,
	    "penicillin allergy: @cephalosporin");
	ck_assert_str_eq(find(&res, DUR_DA, "cephalexin")->subject,
	    "Penicillins");
	ck_assert_ptr_null(find(&res, DUR_DA, "warfarin"));
	ck_assert_uint_eq(res.unmatched_count, 0);
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

/* An allergy to one penicillin means the class, and the ingredient. */
START_TEST(test_allergy_named_by_an_ingredient)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;
	int allergy;

	drug(f, 1, "amoxicillin/clavulanate", NULL,
	    (const int64_t[]){ AMOXICILLIN, CLAVULANATE, 0 });
	drug(f, 2, "ampicillin", NULL, ONE(AMPICILLIN));
	drug(f, 3, "cephalexin", NULL, ONE(CEPHALEXIN));
	allergy = screen_add_allergy(f, "amoxicillin");
	ck_assert_int_eq(screen_allergy_add_ingredient(f, allergy,
	    AMOXICILLIN), 0);
	screen_add_allergy(f, "latex");
	run(f, &res);
	ck_assert_int_eq(find(&res, DUR_DA,
	    "amoxicillin/clavulanate")->severity, SCREEN_MAJOR);
	ck_assert_str_eq(find(&res, DUR_DA, "amoxicillin/clavulanate")->rule,
	    "allergy to an ingredient: amoxicillin");
	ck_assert_int_eq(find(&res, DUR_DA, "ampicillin")->severity,
	    SCREEN_MAJOR);
	ck_assert_int_eq(find(&res, DUR_DA, "cephalexin")->severity,
	    SCREEN_MODERATE);
	ck_assert_uint_eq(res.unmatched_count, 1);
	ck_assert_str_eq(res.unmatched_allergies[0], "latex");
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

START_TEST(test_condition_rules_by_icd10_prefix)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;
	struct error err;
	char code[16];

	drug(f, 1, "naproxen", NULL, ONE(NAPROXEN));
	drug(f, 2, "warfarin", NULL, ONE(WARFARIN));
	ck_assert_int_eq(screen_icd10_normalize(" n18.4", code, sizeof code,
	    &err), -1);
	ck_assert_int_eq(screen_icd10_normalize("n18.4", code, sizeof code,
	    &err), 0);
	ck_assert_str_eq(code, "N184");
	screen_add_condition(f, code);
	screen_add_condition(f, "I10");
	run(f, &res);
	ck_assert_int_eq(count(&res, DUR_DC), 1);
	/* N18 and N18.4 both match; the stronger rule is the finding. */
	ck_assert_int_eq(find(&res, DUR_DC, "naproxen")->severity,
	    SCREEN_MAJOR);
	ck_assert_str_eq(find(&res, DUR_DC, "naproxen")->subject, "N18.4");
	screen_result_free(&res);
	screen_facts_free(f);

	ck_assert_int_eq(screen_icd10_normalize("18.4", code, sizeof code,
	    &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "not an ICD-10 code"));
	ck_assert_int_eq(screen_icd10_normalize("N1.84", code, sizeof code,
	    &err), -1);
	ck_assert_int_eq(screen_icd10_normalize("J45", code, sizeof code,
	    &err), 0);
}
END_TEST

START_TEST(test_duplicate_therapy)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;
	const struct screen_finding *td, *id;

	drug(f, 1, "atorvastatin", "statin", ONE(ATORVASTATIN));
	/* No class of its own: its ingredient's class counts. */
	drug(f, 2, "simvastatin 20 MG Oral Tablet", NULL, ONE(SIMVASTATIN));
	drug(f, 3, "acetaminophen", "analgesic", ONE(ACETAMINOPHEN));
	drug(f, 4, "hydrocodone/acetaminophen", "opioid combination",
	    (const int64_t[]){ HYDROCODONE, ACETAMINOPHEN, 0 });
	run(f, &res);
	td = find(&res, DUR_TD, "atorvastatin");
	ck_assert_ptr_nonnull(td);
	ck_assert_str_eq(td->drug_name[1], "simvastatin 20 MG Oral Tablet");
	ck_assert_int_eq(td->severity, SCREEN_MODERATE);
	id = find(&res, DUR_ID, "acetaminophen");
	ck_assert_ptr_nonnull(id);
	ck_assert_str_eq(id->subject, "acetaminophen");
	/* A shared ingredient is said once, as ID, not also as TD. */
	ck_assert_int_eq(count(&res, DUR_ID), 1);
	ck_assert_int_eq(count(&res, DUR_TD), 1);
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

START_TEST(test_food_findings_per_drug)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;

	drug(f, 1, "atorvastatin", NULL, ONE(ATORVASTATIN));
	drug(f, 2, "simvastatin", NULL, ONE(SIMVASTATIN));
	drug(f, 3, "warfarin", NULL, ONE(WARFARIN));
	run(f, &res);
	ck_assert_int_eq(count(&res, DUR_DF), 3);
	ck_assert_int_eq(find(&res, DUR_DF, "atorvastatin")->severity,
	    SCREEN_MODERATE);
	/* The group's and the drug's own rule on one food: one finding. */
	ck_assert_int_eq(find(&res, DUR_DF, "simvastatin")->severity,
	    SCREEN_MAJOR);
	ck_assert_str_eq(find(&res, DUR_DF, "simvastatin")->management,
	    "never");
	ck_assert_ptr_null(find(&res, DUR_DF, "simvastatin")->drug_name[1]);
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

START_TEST(test_candidate_and_reviews)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;
	const struct screen_finding *dd, *df;
	const char *keys[2];
	int index;

	drug(f, 1, "sertraline", NULL, ONE(SERTRALINE));
	drug(f, 2, "warfarin", NULL, ONE(WARFARIN));
	index = screen_add_drug(f, 3, "phenelzine", NULL, true);
	screen_add_ingredient(f, index, PHENELZINE);
	run(f, &res);
	dd = find(&res, DUR_DD, "phenelzine");
	df = find(&res, DUR_DF, "warfarin");
	ck_assert(dd->involves_candidate);
	ck_assert(!df->involves_candidate);
	keys[0] = dd->key;
	keys[1] = df->key;
	screen_mark_reviewed(&res, keys, 2);
	ck_assert(dd->reviewed && df->reviewed);
	ck_assert(screen_finding_shown(dd));	/* majors always show */
	ck_assert(!screen_finding_shown(df));
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

START_TEST(test_keys_are_stable)
{
	struct screen_facts *f = base_facts();
	struct screen_result res;

	drug(f, 7, "Warfarin", NULL, ONE(WARFARIN));
	drug(f, 9, "Naproxen", NULL, ONE(NAPROXEN));
	run(f, &res);
	ck_assert_str_eq(find(&res, DUR_DD, "Naproxen")->key,
	    "DD|naproxen|warfarin||@nsaid + @anticoagulant");
	screen_result_free(&res);
	screen_facts_free(f);
}
END_TEST

START_TEST(test_override_codes)
{
	struct error err;
	enum dur_conflict c;

	ck_assert_int_eq(dur_override_check("M0", "1B", 12, &err), 0);
	ck_assert_int_eq(dur_override_check("R0", "1G", 1, &err), 0);
	ck_assert_int_eq(dur_override_check("00", "1B", 12, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "M0: prescriber consulted"));
	ck_assert_int_eq(dur_override_check("XX", "1B", 12, &err), -1);
	ck_assert_int_eq(dur_override_check("M0", "2A", 12, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "needs no override"));
	ck_assert_int_eq(dur_override_check("P0", "1A", 0, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "note"));
	ck_assert_int_eq(dur_conflict_parse("TD", &c), 0);
	ck_assert_int_eq(c, DUR_TD);
	ck_assert_int_eq(dur_conflict_parse("HD", &c), -1);
	ck_assert_str_eq(dur_code_find(dur_service_codes, "M0")->label,
	    "prescriber consulted");
}
END_TEST

static Suite *
screen_suite(void)
{
	Suite *s = suite_create("screen");
	TCase *t = tcase_create("engine");

	tcase_add_test(t, test_every_severity_most_severe_first);
	tcase_add_test(t, test_order_of_drugs_does_not_matter);
	tcase_add_test(t, test_class_rules_cover_members_and_strongest_rule_wins);
	tcase_add_test(t, test_group_with_itself_needs_two_drugs);
	tcase_add_test(t,
	    test_ingredients_inside_one_product_are_not_an_interaction);
	tcase_add_test(t, test_penicillin_allergy_cross_sensitivity);
	tcase_add_test(t, test_allergy_named_by_an_ingredient);
	tcase_add_test(t, test_condition_rules_by_icd10_prefix);
	tcase_add_test(t, test_duplicate_therapy);
	tcase_add_test(t, test_food_findings_per_drug);
	tcase_add_test(t, test_candidate_and_reviews);
	tcase_add_test(t, test_keys_are_stable);
	tcase_add_test(t, test_override_codes);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return test_run(screen_suite());
}
