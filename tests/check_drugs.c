#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/strbuf.h"
#include "domain/screen.h"
#include "store/store.h"
#include "store/store_catalogue.h"
#include "store/store_screen.h"
#include "store/store_search.h"
#include "testutil.h"

/*
 * The drug knowledge in a real store: the fixture catalogue under
 * tests/data, imports, search, screening facts, reviews and overrides.
 */

static char *dir;
static struct store *st;
static char *db_path;

static const char *const catalogue_files[] = { "drugs.csv", "groups.csv",
    "interactions.csv", "food.csv", "allergy.csv", "conditions.csv",
    "VERSION", "SOURCES" };

static char *
fixture(const char *name)
{
	const char *src = getenv("TESTS_SRCDIR");
	char base[4096];

	snprintf(base, sizeof base, "%s/data", src != NULL ? src : "tests");
	return test_path(base, name);
}

static char *
read_whole(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *text;
	long size;

	ck_assert_msg(fp != NULL, "cannot read %s", path);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	text = malloc((size_t)size + 1);
	ck_assert_uint_eq(fread(text, 1, (size_t)size, fp), (size_t)size);
	text[size] = '\0';
	fclose(fp);
	return text;
}

/* Replaces the first occurrence of from with to in a file. */
static void
edit_file(const char *path, const char *from, const char *to)
{
	char *text = read_whole(path), *at = strstr(text, from);
	char *out;

	ck_assert_msg(at != NULL, "no \"%s\" in %s", from, path);
	out = malloc(strlen(text) + strlen(to) + 1);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	test_write_file(path, out);
	free(out);
	free(text);
}

/* Copies files of a fixture folder into dir/name, to change them. */
static char *
copy_fixture(const char *folder, const char *const *names, size_t count,
    const char *name)
{
	char *to = test_path(dir, name);
	char *from_dir = fixture(folder);

	ck_assert_int_eq(mkdir(to, 0700), 0);
	for (size_t i = 0; i < count; i++) {
		char *from = test_path(from_dir, names[i]);
		char *dest = test_path(to, names[i]);
		char *text = read_whole(from);

		test_write_file(dest, text);
		free(text);
		free(from);
		free(dest);
	}
	free(from_dir);
	return to;
}

static char *
copy_catalogue(const char *name)
{
	return copy_fixture("catalogue", catalogue_files,
	    sizeof catalogue_files / sizeof catalogue_files[0], name);
}

static void
load_fixture(void)
{
	char *path = fixture("catalogue");
	struct import_stats stats;
	struct error err;
	bool loaded;

	ck_assert_msg(store_catalogue_sync(st, path, 1000, &loaded, &stats,
	    &err) == 0, "%s", err.text);
	ck_assert(loaded);
	free(path);
}

static void
setup(void)
{
	dir = test_tmpdir();
	st = test_store_create(dir, "drugs.db");
	db_path = test_path(dir, "drugs.db");
}

static void
setup_loaded(void)
{
	setup();
	load_fixture();
}

static void
teardown(void)
{
	store_close(st);
	free(db_path);
	test_tmpdir_remove(dir);
}

static int64_t
query_int(const char *sql)
{
	return test_query_file(db_path, sql);
}

static void
raw_exec(const char *sql)
{
	sqlite3 *db = test_raw_open(db_path);

	ck_assert_msg(test_exec(db, sql) == SQLITE_OK, "%s: %s", sql,
	    sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* A fingerprint of every knowledge table, to see that nothing changed. */
static int64_t
knowledge_rows(void)
{
	return query_int("SELECT (SELECT count(*) FROM drugs_master)"
	    " + 1000 * (SELECT count(*) FROM interaction_rules)"
	    " + 100000 * (SELECT count(*) FROM drug_concepts)"
	    " + 10000000 * (SELECT count(*) FROM food_rules)"
	    " + 30 * (SELECT count(*) FROM drug_ingredients)"
	    " + 7 * (SELECT count(*) FROM drug_names)"
	    " + (SELECT coalesce(sum(score * rule_id), 0)"
	    "    FROM interaction_rules)");
}

/* Catalogue ---------------------------------------------------------------- */

START_TEST(test_catalogue_loads_once)
{
	char *path = fixture("catalogue");
	struct import_stats stats;
	struct error err;
	char version[32], sources[256];
	bool loaded;

	ck_assert_int_eq(store_catalogue_meta(st, "version", version,
	    sizeof version, &err), 0);
	ck_assert_str_eq(version, "");
	ck_assert_int_eq(store_catalogue_sync(st, path, 1000, &loaded, &stats,
	    &err), 0);
	ck_assert(loaded);
	ck_assert_int_eq(stats.drugs, 21);
	ck_assert_int_eq(stats.rules, 22);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drugs_master"
	    " WHERE origin = 'catalogue'"), 21);
	ck_assert_int_eq(query_int("SELECT count(*) FROM interaction_rules"),
	    8);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_ingredients"
	    " i JOIN drugs_master d ON d.drug_id = i.drug_id"
	    " WHERE d.drug_name = 'hydrocodone/acetaminophen'"), 2);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_names"
	    " WHERE name = 'Coumadin' AND kind = 'brand'"), 1);
	ck_assert_int_eq(query_int("SELECT json_array_length(side_effects,"
	    " '$.common') FROM drugs_master WHERE drug_name = 'ibuprofen'"),
	    2);
	ck_assert_int_eq(store_catalogue_meta(st, "version", version,
	    sizeof version, &err), 0);
	ck_assert_str_eq(version, "2026.1.0");
	ck_assert_int_eq(store_catalogue_meta(st, "sources", sources,
	    sizeof sources, &err), 0);
	ck_assert_ptr_nonnull(strstr(sources, "test suite only"));

	ck_assert_int_eq(store_catalogue_sync(st, path, 2000, &loaded, &stats,
	    &err), 0);
	ck_assert(!loaded);
	free(path);
}
END_TEST

START_TEST(test_upgrade_replaces_only_the_catalogue)
{
	char *v2 = copy_catalogue("v2");
	char *file;
	struct import_stats stats;
	struct error err;
	int64_t person, medication, schedule;
	sqlite3 *db;
	bool loaded;

	/* What people and imports added before the upgrade. */
	db = test_raw_open(db_path);
	person = test_make_person(db, "ana@example.org");
	test_make_medication(db, person, "naproxen", &medication, &schedule);
	ck_assert_int_eq(test_exec(db, "INSERT INTO drugs_master (drug_name,"
	    " origin) VALUES ('household tincture', 'user')"), SQLITE_OK);
	sqlite3_close(db);
	file = test_path(dir, "mine.csv");
	test_write_file(file, "a,b,severity,score,evidence,mechanism,"
	    "clinical_effect,management,source\n"
	    "ciprofloxacin,warfarin,major,9,probable,,INR doubles,avoid,"
	    "our pharmacy\n");
	ck_assert_int_eq(store_import_interactions(st, file, NULL, &stats,
	    &err), 0);

	/* The new catalogue drops two drugs and changes a rule. */
	free(file);
	file = test_path(v2, "VERSION");
	test_write_file(file, "2026.2.0\n");
	free(file);
	file = test_path(v2, "drugs.csv");
	edit_file(file, "naproxen,naproxen,Aleve", "naproxen,naproxen,Aleve");
	edit_file(file, "levothyroxine,levothyroxine,Synthroid,thyroid "
	    "hormone,thyroid,H03AA01,50 mcg;100 mcg,tablet,oral,,A,rare:"
	    "palpitations,room temperature,test fixture\n", "");
	edit_file(file, "naproxen,naproxen,Aleve;Naprosyn,NSAID,analgesic,"
	    "M01AE02,220 mg;500 mg,tablet,oral,,C,common:dyspepsia,room "
	    "temperature,test fixture\n", "");
	free(file);
	file = test_path(v2, "interactions.csv");
	edit_file(file, "acetaminophen,warfarin,minor,3",
	    "acetaminophen,warfarin,moderate,4");
	ck_assert_msg(store_catalogue_sync(st, v2, 3000, &loaded, &stats,
	    &err) == 0, "%s", err.text);
	ck_assert(loaded);

	ck_assert_int_eq(query_int("SELECT count(*) FROM drugs_master"
	    " WHERE drug_name = 'levothyroxine'"), 0);
	/* Still taken by someone, so still there. */
	ck_assert_int_eq(query_int("SELECT count(*) FROM drugs_master"
	    " WHERE drug_name = 'naproxen'"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drugs_master"
	    " WHERE drug_name = 'household tincture'"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM interaction_rules r"
	    " JOIN drug_concepts a ON a.concept_id = r.concept_a"
	    " JOIN drug_concepts b ON b.concept_id = r.concept_b"
	    " WHERE a.name = 'warfarin' AND b.name = 'acetaminophen'"
	    " AND r.severity = 'moderate' AND r.origin = 'catalogue'"), 1);
	/* The imported rule for the pair stands over the catalogue's. */
	ck_assert_int_eq(query_int("SELECT count(*) FROM interaction_rules"
	    " WHERE origin = 'import' AND severity = 'major' AND score = 9"),
	    1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM catalogue_meta"
	    " WHERE key = 'version' AND value = '2026.2.0'"), 1);
	ck_assert_int_eq(query_int("SELECT value FROM catalogue_meta"
	    " WHERE key = 'loaded_at'"), 3000);
	free(file);
	free(v2);
}
END_TEST

START_TEST(test_malformed_catalogue_changes_nothing)
{
	char *bad = copy_catalogue("bad");
	char *file = test_path(bad, "food.csv");
	struct import_stats stats;
	struct error err;
	int64_t before = knowledge_rows();
	bool loaded;

	/* Food is loaded after drugs, groups and interactions. */
	edit_file(file, "timing_required,minor", "timing_required,sever");
	free(file);
	file = test_path(bad, "VERSION");
	test_write_file(file, "2026.3.0\n");
	ck_assert_int_eq(store_catalogue_sync(st, bad, 3000, &loaded, &stats,
	    &err), -1);
	ck_assert(!loaded);
	ck_assert_msg(strncmp(err.text, "food.csv:6:", 11) == 0, "%s",
	    err.text);
	ck_assert_ptr_nonnull(strstr(err.text, "severity must be"));
	ck_assert_int_eq(knowledge_rows(), before);
	ck_assert_int_eq(query_int("SELECT count(*) FROM catalogue_meta"
	    " WHERE key = 'version' AND value = '2026.1.0'"), 1);
	free(file);
	free(bad);
}
END_TEST

/*
 * Damaged catalogue files, byte by byte: each load either works or names
 * a file, line and column, and a failed one leaves the store as it was.
 */
START_TEST(test_damaged_catalogues_never_half_load)
{
	char *cat = copy_catalogue("damaged");
	char *file, *original, *version = test_path(cat, "VERSION");
	const char *names[] = { "drugs.csv", "groups.csv", "interactions.csv",
	    "food.csv", "allergy.csv", "conditions.csv" };
	uint32_t seed = 2026;
	struct import_stats stats;
	struct error err;
	int refused = 0;
	bool loaded;

	for (int round = 0; round < 60; round++) {
		int64_t before = knowledge_rows();
		size_t len;
		char stamp[32];

		file = test_path(cat, names[round % 6]);
		original = read_whole(file);
		len = strlen(original);
		{
			char *damaged = strdup(original);

			for (int k = 0; k < 1 + round % 4; k++) {
				seed = seed * 1103515245u + 12345u;
				damaged[(seed >> 8) % len] =
				    ",\"\n;@|x\xff"[(seed >> 20) % 8];
			}
			test_write_file(file, damaged);
			free(damaged);
		}
		snprintf(stamp, sizeof stamp, "2027.%d\n", round + 1);
		test_write_file(version, stamp);
		if (store_catalogue_sync(st, cat, round, &loaded, &stats,
		    &err) != 0) {
			ck_assert(!loaded);
			ck_assert_msg(strstr(err.text, ".csv:") != NULL, "%s",
			    err.text);
			ck_assert_int_eq(knowledge_rows(), before);
			refused++;
		}
		test_write_file(file, original);
		free(original);
		free(file);
	}
	/* Most damage is seen; some (a letter in a note) is not damage. */
	ck_assert_int_gt(refused, 30);
	ck_assert_int_lt(refused, 60);
	free(version);
	free(cat);
}
END_TEST

START_TEST(test_catalogue_refuses_typos_and_repeats)
{
	char *cat = copy_catalogue("typo");
	char *file = test_path(cat, "interactions.csv");
	struct import_stats stats;
	struct error err;
	bool loaded;

	edit_file(file, "warfarin,ciprofloxacin,", "warfarine,ciprofloxacin,");
	ck_assert_int_eq(store_catalogue_sync(st, cat, 1, &loaded, &stats,
	    &err), -1);
	ck_assert_str_eq(err.text, "interactions.csv:3:1: no ingredient "
	    "\"warfarine\" is known; did you mean \"warfarin\"?");
	ck_assert_int_eq(query_int("SELECT count(*) FROM drugs_master"), 0);

	/* A drug the catalogue does not ship may be named by a rule. */
	edit_file(file, "warfarine,ciprofloxacin,",
	    "methylene blue,sertraline,");
	ck_assert_msg(store_catalogue_sync(st, cat, 1, &loaded, &stats,
	    &err) == 0, "%s", err.text);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_concepts"
	    " WHERE name = 'methylene blue' AND kind = 'ingredient'"), 1);
	free(file);

	file = test_path(cat, "VERSION");
	test_write_file(file, "2026.9.0\n");
	free(file);
	file = test_path(cat, "groups.csv");
	edit_file(file, "nsaid,naproxen\n", "nsaid,naproxen\nnsaid,Naproxen\n");
	ck_assert_int_eq(store_catalogue_sync(st, cat, 1, &loaded, &stats,
	    &err), -1);
	ck_assert_str_eq(err.text, "groups.csv:4:7: this repeats what line 3 "
	    "already says; keep one of the two");
	free(file);
	free(cat);
}
END_TEST

/* Imports ------------------------------------------------------------------ */

#define RULES_HEADER "a,b,severity,score,evidence,mechanism," \
	"clinical_effect,management,source\n"

START_TEST(test_import_interactions)
{
	char *file = test_path(dir, "rules.csv");
	struct import_stats stats;
	struct error err;

	test_write_file(file, RULES_HEADER
	    "metformin,@nsaid,minor,2,theoretical,,made-up effect,,here\n"
	    "\"warfarin\",ciprofloxacin,major,9,probable,\"CYP1A2, strongly\","
	    "INR doubles,avoid,here\n"
	    "@maoi,acetaminophen,minor,1,possible,,made-up,,here\n");
	ck_assert_msg(store_import_interactions(st, file, NULL, &stats,
	    &err) == 0, "%s", err.text);
	ck_assert_int_eq(stats.rules, 3);
	ck_assert_int_eq(query_int("SELECT count(*) FROM interaction_rules"
	    " WHERE origin = 'import'"), 3);
	/* The catalogue's rule for warfarin + ciprofloxacin was replaced. */
	ck_assert_int_eq(query_int("SELECT count(*) FROM interaction_rules r"
	    " JOIN drug_concepts a ON a.concept_id = r.concept_a"
	    " JOIN drug_concepts b ON b.concept_id = r.concept_b"
	    " WHERE a.name IN ('warfarin', 'ciprofloxacin')"
	    " AND b.name IN ('warfarin', 'ciprofloxacin')"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM interaction_rules"
	    " WHERE mechanism = 'CYP1A2, strongly' AND severity = 'major'"),
	    1);
	free(file);
}
END_TEST

START_TEST(test_import_errors_name_their_line)
{
	char *file = test_path(dir, "rules.csv");
	struct import_stats stats;
	struct error err;

	test_write_file(file, RULES_HEADER
	    "metformin,@nsaid,minor,2,theoretical,,effect,,here\n"
	    "warfarin,ciprofloxacin,major,9,probable,,effect,,here\n"
	    "@maoi,acetaminophen,major,0,possible,,effect,,here\n");
	ck_assert_int_eq(store_import_interactions(st, file, NULL, &stats,
	    &err), -1);
	ck_assert_msg(strstr(err.text, "rules.csv:4:27: score must be") !=
	    NULL, "%s", err.text);

	test_write_file(file, RULES_HEADER
	    "metformin,@nsaids,minor,2,theoretical,,effect,,here\n");
	ck_assert_int_eq(store_import_interactions(st, file, NULL, &stats,
	    &err), -1);
	ck_assert_msg(strstr(err.text, "rules.csv:2:11: no group \"@nsaids\" "
	    "is known; did you mean \"@nsaid\"?") != NULL, "%s", err.text);

	test_write_file(file, RULES_HEADER
	    "metformin,warfarin,minor,2,theoretical,,effect,,here\n"
	    "warfarin,metformin,minor,2,theoretical,,effect,,here\n");
	ck_assert_int_eq(store_import_interactions(st, file, NULL, &stats,
	    &err), -1);
	ck_assert_msg(strstr(err.text, "/rules.csv:3:10: this repeats what "
	    "line 2 already says; keep one of the two") != NULL, "%s",
	    err.text);

	test_write_file(file, RULES_HEADER
	    "ketoconazole,warfarin,minor,2,theoretical,,effect,,here\n");
	ck_assert_int_eq(store_import_interactions(st, file, NULL, &stats,
	    &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "rules.csv:2:1: no ingredient "
	    "\"ketoconazole\" is known"));
	free(file);
}
END_TEST

/* A run that dies after saving rows leaves the store as it was. */
START_TEST(test_failed_import_leaves_store_as_it_was)
{
	char *file = test_path(dir, "rules.csv");
	struct import_stats stats;
	struct strbuf text = { 0 };
	struct error err;
	int64_t before = knowledge_rows();

	strbuf_printf(&text, RULES_HEADER);
	strbuf_printf(&text, "metformin,@nsaid,minor,2,theoretical,,e,,here\n");
	strbuf_printf(&text, "warfarin,ciprofloxacin,major,9,probable,,e,,"
	    "here\n");
	strbuf_printf(&text, "@maoi,acetaminophen,minor,1,possible,,e,,here\n");
	strbuf_printf(&text, "sertraline,\"unterminated,minor,1,possible,,e,,"
	    "here\n");
	test_write_file(file, strbuf_text(&text));
	ck_assert_int_eq(store_import_interactions(st, file, NULL, &stats,
	    &err), -1);
	ck_assert_msg(strstr(err.text, "/rules.csv:5:12: the quote opened "
	    "here is never closed") != NULL, "%s", err.text);
	ck_assert_int_eq(knowledge_rows(), before);
	ck_assert_int_eq(query_int("SELECT count(*) FROM interaction_rules"
	    " WHERE origin = 'import'"), 0);
	/* The store still takes writes: the transaction was closed. */
	test_write_file(file, RULES_HEADER
	    "metformin,@nsaid,minor,2,theoretical,,e,,here\n");
	ck_assert_int_eq(store_import_interactions(st, file, NULL, &stats,
	    &err), 0);
	strbuf_free(&text);
	free(file);
}
END_TEST

static void
import_fixture_rxnorm(struct import_stats *stats)
{
	char *path = fixture("rxnorm");
	struct error err;

	ck_assert_msg(store_import_rxnorm(st, path, NULL, stats, &err) == 0,
	    "%s", err.text);
	free(path);
}

START_TEST(test_rxnorm_links_brands_and_products)
{
	struct import_stats stats;

	import_fixture_rxnorm(&stats);
	ck_assert_int_eq(stats.drugs, 9);
	ck_assert_int_eq(stats.kept, 3);	/* catalogue ingredients */
	ck_assert_int_eq(stats.brands, 2);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drugs_master"
	    " WHERE origin = 'import'"), 9);
	/* SBD -> SCD -> SCDC -> IN: the brand product is ibuprofen. */
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_ingredients i"
	    " JOIN drugs_master d ON d.drug_id = i.drug_id"
	    " JOIN drug_concepts c ON c.concept_id = i.concept_id"
	    " WHERE d.drug_name = 'Advil 200 MG Oral Tablet'"
	    " AND c.name = 'ibuprofen' AND d.rxcui = '9000004'"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drugs_master"
	    " WHERE drug_name = 'Advil 200 MG Oral Tablet'"
	    " AND brand_names = '[\"Advil\"]'"), 1);
	/* A precise ingredient counts as its base ingredient. */
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_ingredients i"
	    " JOIN drugs_master d ON d.drug_id = i.drug_id"
	    " JOIN drug_concepts c ON c.concept_id = i.concept_id"
	    " WHERE d.drug_name = 'Glucophage 500 MG Oral Tablet'"
	    " AND c.name = 'metformin'"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_ingredients i"
	    " JOIN drugs_master d ON d.drug_id = i.drug_id"
	    " WHERE d.drug_name = 'acetaminophen / hydrocodone'"), 2);
	/* Suppressed, synonym and other-source rows are left out. */
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_names"
	    " WHERE name COLLATE BINARY IN ('obsoletol', 'Brufen',"
	    " 'IBUPROFEN 200 mg ORAL TABLET')"), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_concepts"
	    " WHERE name = 'ketorolac' AND rxcui = '9000020'"), 1);

	/* A second run updates in place. */
	import_fixture_rxnorm(&stats);
	ck_assert_int_eq(stats.drugs, 9);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drugs_master"
	    " WHERE origin = 'import'"), 9);
	ck_assert_int_eq(query_int("SELECT count(*) FROM drug_ingredients i"
	    " JOIN drugs_master d ON d.drug_id = i.drug_id"
	    " WHERE d.origin = 'import'"), 11);
}
END_TEST

static char *
copy_rxnorm(void)
{
	static const char *const names[] = { "RXNCONSO.RRF", "RXNREL.RRF" };

	return copy_fixture("rxnorm", names, 2, "rx");
}

START_TEST(test_rxnorm_errors_change_nothing)
{
	char *rx = copy_rxnorm();
	char *file = test_path(rx, "RXNREL.RRF");
	char *text = read_whole(file);
	struct import_stats stats;
	struct error err;
	int64_t before = knowledge_rows();
	size_t len = strlen(text);

	/* A damaged last line of the second file. */
	text = realloc(text, len + 128);
	strcpy(text + len, "9000003||CUI|RO|90x0001||CUI|has_ingredient|"
	    "R7||RXNORM|RXNORM|||N||\n");
	test_write_file(file, text);
	ck_assert_int_eq(store_import_rxnorm(st, rx, NULL, &stats, &err), -1);
	ck_assert_str_eq(err.text, "RXNREL.RRF:18:17: an RXCUI is a number, "
	    "not \"90x0001\"; is this an RxNorm RRF file?");
	ck_assert_int_eq(knowledge_rows(), before);
	free(file);
	free(text);

	file = test_path(rx, "RXNCONSO.RRF");
	edit_file(file, "|Advil|0|N|4096|", "|Advil|0|N|");
	ck_assert_int_eq(store_import_rxnorm(st, rx, NULL, &stats, &err), -1);
	ck_assert_msg(strncmp(err.text, "RXNCONSO.RRF:2:", 15) == 0, "%s",
	    err.text);
	ck_assert_ptr_nonnull(strstr(err.text, "17 fields where an RxNorm "
	    "release has 18"));
	ck_assert_int_eq(knowledge_rows(), before);
	free(file);
	free(rx);
}
END_TEST

/* Search ------------------------------------------------------------------- */

static size_t
search(const char *query, struct search_hit *hits, size_t max)
{
	struct error err;
	size_t n;

	ck_assert_msg(store_search_drugs(st, query, hits, max, &n, &err) == 0,
	    "%s", err.text);
	return n;
}

START_TEST(test_search_ranks_exact_prefix_word_fuzzy)
{
	struct search_hit hits[20];
	struct import_stats stats;
	size_t n;

	import_fixture_rxnorm(&stats);
	n = search("metformin", hits, 20);
	ck_assert_uint_ge(n, 3);
	ck_assert_str_eq(hits[0].name, "metformin");
	ck_assert_int_eq(hits[0].match, SEARCH_EXACT);
	ck_assert_str_eq(hits[0].brands, "Glucophage, Fortamet");
	ck_assert_str_eq(hits[0].drug_class, "biguanide");
	for (size_t i = 1; i < n; i++)
		ck_assert_int_le(hits[i - 1].match, hits[i].match);
	/* Products whose generic is metformin are exact matches too. */
	ck_assert_int_eq(hits[1].match, SEARCH_EXACT);
	ck_assert_str_eq(hits[1].generic, "metformin");

	n = search("acetaminophen", hits, 20);
	ck_assert_str_eq(hits[0].name, "acetaminophen");
	ck_assert_int_eq(hits[0].match, SEARCH_EXACT);
	ck_assert_int_eq(hits[n - 1].match, SEARCH_WORD);
	for (size_t i = 1; i < n; i++)
		ck_assert_int_le(hits[i - 1].match, hits[i].match);

	n = search("metfromin", hits, 20);
	ck_assert_uint_ge(n, 1);
	ck_assert_str_eq(hits[0].name, "metformin");
	ck_assert_int_eq(hits[0].match, SEARCH_FUZZY);
	n = search("warfarn", hits, 20);
	ck_assert_str_eq(hits[0].name, "warfarin");
	n = search("simvastatn cl", hits, 20);
	ck_assert_uint_eq(n, 0);
	n = search("cephalexn", hits, 20);
	ck_assert_str_eq(hits[0].name, "cephalexin");
}
END_TEST

START_TEST(test_search_ignores_case_and_accents)
{
	struct search_hit hits[5];
	struct error err;
	size_t n;

	n = search("MÉTFORMIN", hits, 5);
	ck_assert_str_eq(hits[0].name, "metformin");
	ck_assert_int_eq(hits[0].match, SEARCH_EXACT);
	n = search("aspegic", hits, 5);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(hits[0].name, "aspirin");
	ck_assert_str_eq(hits[0].matched, "Aspégic");
	ck_assert_int_eq(hits[0].match, SEARCH_EXACT);
	n = search("glucoph", hits, 5);
	ck_assert_str_eq(hits[0].name, "metformin");
	ck_assert_int_eq(hits[0].match, SEARCH_PREFIX);
	n = search("hydrocodone acet", hits, 5);
	ck_assert_str_eq(hits[0].name, "hydrocodone/acetaminophen");
	ck_assert_int_eq(store_search_drugs(st, " !! ", hits, 5, &n, &err), -1);
	ck_assert_int_eq(err.kind, ERR_USAGE);
}
END_TEST

/* A drug another program adds is found, typos included, at once. */
START_TEST(test_search_follows_drugs_added_elsewhere)
{
	struct search_hit hits[5];
	size_t n;

	ck_assert_uint_eq(search("zolmitriptan", hits, 5), 0);
	raw_exec("INSERT INTO drugs_master (drug_name, brand_names)"
	    " VALUES ('zolmitriptan', '[\"Zomig\"]')");
	n = search("zolmitriptn", hits, 5);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(hits[0].name, "zolmitriptan");
	ck_assert_int_eq(hits[0].match, SEARCH_FUZZY);
	ck_assert_str_eq(hits[0].origin, "user");
	raw_exec("UPDATE drugs_master SET brand_names = '[\"Zomig ZMT\"]'"
	    " WHERE drug_name = 'zolmitriptan'");
	n = search("zmt", hits, 5);
	ck_assert_uint_eq(n, 1);
	raw_exec("DELETE FROM drugs_master WHERE drug_name = 'zolmitriptan'");
	ck_assert_uint_eq(search("zolmitriptan", hits, 5), 0);
	ck_assert_uint_eq(search("zolmitriptn", hits, 5), 0);
}
END_TEST

START_TEST(test_names_resolve_to_drugs)
{
	struct drug_ref ref;
	struct error err;

	ck_assert_int_eq(store_drug_resolve(st, "ADVIL", &ref, &err), 1);
	ck_assert_str_eq(ref.name, "ibuprofen");
	ck_assert_int_gt(ref.drug_id, 0);
	ck_assert_int_eq(store_drug_resolve(st, "clavulanate", &ref, &err), 1);
	ck_assert_int_eq(ref.drug_id, 0);
	ck_assert_int_gt(ref.concept_id, 0);
	ck_assert_int_eq(store_drug_resolve(st, "warfarn", &ref, &err), 0);
}
END_TEST

/* Screening through the store ---------------------------------------------- */

static int64_t
drug_id(const char *name)
{
	struct drug_ref ref;
	struct error err;

	ck_assert_int_eq(store_drug_resolve(st, name, &ref, &err), 1);
	return ref.drug_id;
}

/* Screens the named drugs (the last one as the candidate). */
static void
screen(const char *const *names, size_t count, const char *const *allergies,
    size_t allergy_count, const char *const *conditions,
    size_t condition_count, struct screen_facts **facts,
    struct screen_result *res)
{
	int64_t ids[16];
	struct screen_request req = { .drug_ids = ids,
	    .drug_count = count - 1, .allergies = allergies,
	    .allergy_count = allergy_count, .conditions = conditions,
	    .condition_count = condition_count };
	struct error err;

	for (size_t i = 0; i < count; i++)
		ids[i] = drug_id(names[i]);
	req.candidate_drug_id = ids[count - 1];
	ck_assert_msg(store_screen_facts(st, &req, facts, &err) == 0, "%s",
	    err.text);
	ck_assert_int_eq(screen_run(*facts, res, &err), 0);
}

static const struct screen_finding *
finding(const struct screen_result *res, enum dur_conflict conflict,
    const char *drug)
{
	for (size_t i = 0; i < res->count; i++) {
		const struct screen_finding *f = &res->findings[i];

		if (f->conflict == conflict && (strcmp(f->drug_name[0],
		    drug) == 0 || (f->drug_name[1] != NULL &&
		    strcmp(f->drug_name[1], drug) == 0)))
			return f;
	}
	return NULL;
}

START_TEST(test_store_facts_feed_the_engine)
{
	static const char *const drugs[] = { "warfarin", "naproxen",
	    "cephalexin", "amoxicillin" };
	static const char *const allergies[] = { "Augmentin", "penicillins",
	    "sulfa drugs" };
	static const char *const conditions[] = { "N18.3" };
	struct screen_facts *facts;
	struct screen_result res;

	screen(drugs, 4, allergies, 3, conditions, 1, &facts, &res);
	ck_assert_int_eq(finding(&res, DUR_DD, "naproxen")->severity,
	    SCREEN_MAJOR);
	ck_assert_int_eq(finding(&res, DUR_DA, "amoxicillin")->severity,
	    SCREEN_MAJOR);
	ck_assert(finding(&res, DUR_DA, "amoxicillin")->involves_candidate);
	ck_assert_int_eq(finding(&res, DUR_DA, "cephalexin")->severity,
	    SCREEN_MODERATE);
	ck_assert_int_eq(finding(&res, DUR_DC, "naproxen")->severity,
	    SCREEN_MAJOR);
	ck_assert_int_eq(finding(&res, DUR_DF, "warfarin")->severity,
	    SCREEN_MODERATE);
	ck_assert_uint_eq(res.unmatched_count, 0);
	screen_result_free(&res);
	screen_facts_free(facts);
}
END_TEST

START_TEST(test_bad_condition_code_is_refused)
{
	int64_t ids[1];
	static const char *const conditions[] = { "kidneys" };
	struct screen_request req = { .drug_ids = ids, .drug_count = 1,
	    .conditions = conditions, .condition_count = 1 };
	struct screen_facts *facts;
	struct error err;

	ids[0] = drug_id("warfarin");
	ck_assert_int_eq(store_screen_facts(st, &req, &facts, &err), -1);
	ck_assert_int_eq(err.kind, ERR_INVALID);
	ck_assert_ptr_null(facts);
}
END_TEST

static int64_t
make_person(int64_t *user)
{
	sqlite3 *db = test_raw_open(db_path);
	int64_t person = test_make_person(db, "pharmacist@example.org");

	*user = test_query_int(db, "SELECT max(user_id) FROM users");
	sqlite3_close(db);
	return person;
}

START_TEST(test_override_is_audited)
{
	static const char *const drugs[] = { "sertraline", "warfarin",
	    "phenelzine" };
	static const unsigned char sealed[] = { 0x9a, 0x01, 0x77 };
	struct screen_facts *facts;
	struct screen_result res;
	struct dur_override o;
	struct error err;
	int64_t user, person = make_person(&user);
	const struct screen_finding *major;

	screen(drugs, 3, NULL, 0, NULL, 0, &facts, &res);
	major = finding(&res, DUR_DD, "phenelzine");
	ck_assert_int_eq(major->severity, SCREEN_MAJOR);
	memset(&o, 0, sizeof o);
	o.person_id = person;
	o.user_id = user;
	o.service_code = "00";
	o.result_code = "1B";
	o.note = sealed;
	o.note_size = sizeof sealed;
	o.at = 1767225600;
	ck_assert_int_eq(store_record_override(st, &o, major, &err), -1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM dur_overrides"), 0);

	o.service_code = "M0";
	ck_assert_msg(store_record_override(st, &o, major, &err) == 0, "%s",
	    err.text);
	ck_assert_int_eq(query_int("SELECT count(*) FROM dur_overrides"
	    " WHERE conflict_code = 'DD' AND service_code = 'M0'"
	    " AND result_code = '1B' AND severity = 'major'"
	    " AND decided_at = 1767225600 AND length(note) = 3"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'override' AND table_name = 'dur_overrides'"
	    " AND record_id = (SELECT override_id FROM dur_overrides)"
	    " AND json_extract(new_values, '$.conflict') = 'DD'"
	    " AND json_extract(new_values, '$.service') = 'M0'"
	    " AND json_extract(new_values, '$.result') = '1B'"
	    " AND risk_level = 'high' AND performed_at = 1767225600"), 1);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"
	    " WHERE description LIKE '%phenelzine%'"
	    " OR new_values LIKE '%phenelzine%'"), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM finding_reviews"), 1);
	screen_result_free(&res);
	screen_facts_free(facts);
}
END_TEST

START_TEST(test_overrides_join_the_callers_transaction)
{
	static const char *const drugs[] = { "sertraline", "warfarin",
	    "naproxen", "phenelzine" };
	static const char note[] = "sealed";
	struct screen_facts *facts;
	struct screen_result res;
	struct dur_override o = { 0 };
	struct error err;
	int64_t user, person = make_person(&user);

	screen(drugs, 4, NULL, 0, NULL, 0, &facts, &res);
	o.person_id = person;
	o.user_id = user;
	o.service_code = "P0";
	o.result_code = "1G";
	o.note = note;
	o.note_size = sizeof note;
	o.at = 5;

	/* The medication's save fails: its overrides go with it. */
	ck_assert_int_eq(store_begin(st, &err), 0);
	ck_assert_int_eq(store_record_overrides(st, &o, &res, &err), 2);
	store_rollback(st);
	ck_assert_int_eq(query_int("SELECT count(*) FROM dur_overrides"), 0);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"), 0);

	/* Only majors about the candidate (DD and DF of phenelzine). */
	ck_assert_int_eq(store_record_overrides(st, &o, &res, &err), 2);
	ck_assert_int_eq(query_int("SELECT count(*) FROM dur_overrides"
	    " WHERE finding_key LIKE '%phenelzine%'"), 2);
	ck_assert_int_eq(query_int("SELECT count(*) FROM audit_logs"
	    " WHERE action_type = 'override'"), 2);
	screen_result_free(&res);
	screen_facts_free(facts);
}
END_TEST

START_TEST(test_reviewed_findings_are_quiet_but_majors_show)
{
	static const char *const drugs[] = { "warfarin", "naproxen" };
	struct screen_facts *facts;
	struct screen_result res;
	struct error err;
	int64_t user, person = make_person(&user);
	const struct screen_finding *food, *major;

	screen(drugs, 2, NULL, 0, NULL, 0, &facts, &res);
	food = finding(&res, DUR_DF, "warfarin");
	major = finding(&res, DUR_DD, "warfarin");
	ck_assert_int_eq(store_review_finding(st, person, user, food->key, 9,
	    &err), 0);
	ck_assert_int_eq(store_review_finding(st, person, user, major->key, 9,
	    &err), 0);
	screen_result_free(&res);
	screen_facts_free(facts);

	/* A later screening of the same list. */
	screen(drugs, 2, NULL, 0, NULL, 0, &facts, &res);
	ck_assert_int_eq(store_apply_reviews(st, person, &res, &err), 0);
	food = finding(&res, DUR_DF, "warfarin");
	major = finding(&res, DUR_DD, "warfarin");
	ck_assert(food->reviewed);
	ck_assert(!screen_finding_shown(food));
	ck_assert(screen_finding_shown(major));
	ck_assert(!finding(&res, DUR_DF, "naproxen") ||
	    !finding(&res, DUR_DF, "naproxen")->reviewed);
	ck_assert_int_eq(store_apply_reviews(st, person + 1, &res, &err), 0);
	ck_assert(!finding(&res, DUR_DF, "warfarin")->reviewed);
	screen_result_free(&res);
	screen_facts_free(facts);
}
END_TEST

START_TEST(test_active_medications)
{
	int64_t *ids, person, medication, schedule, user;
	size_t n;
	struct error err;
	sqlite3 *db;

	person = make_person(&user);
	db = test_raw_open(db_path);
	test_make_medication(db, person, "warfarin", &medication, &schedule);
	test_make_medication(db, person, "naproxen", &medication, &schedule);
	ck_assert_int_eq(test_exec(db, "UPDATE user_medications"
	    " SET status = 'discontinued' WHERE medication_id = (SELECT"
	    " max(medication_id) FROM user_medications)"), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(store_person_active_drugs(st, person, &ids, &n, &err),
	    0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], drug_id("warfarin"));
	free(ids);
}
END_TEST

static Suite *
drugs_suite(void)
{
	Suite *s = suite_create("drugs");
	TCase *catalogue = tcase_create("catalogue");
	TCase *imports = tcase_create("imports");
	TCase *find = tcase_create("search");
	TCase *screening = tcase_create("screening");

	tcase_add_checked_fixture(catalogue, setup, teardown);
	tcase_add_test(catalogue, test_catalogue_loads_once);
	tcase_add_test(catalogue, test_catalogue_refuses_typos_and_repeats);
	tcase_add_test(catalogue, test_damaged_catalogues_never_half_load);
	suite_add_tcase(s, catalogue);

	tcase_add_checked_fixture(imports, setup_loaded, teardown);
	tcase_add_test(imports, test_upgrade_replaces_only_the_catalogue);
	tcase_add_test(imports, test_malformed_catalogue_changes_nothing);
	tcase_add_test(imports, test_import_interactions);
	tcase_add_test(imports, test_import_errors_name_their_line);
	tcase_add_test(imports, test_failed_import_leaves_store_as_it_was);
	tcase_add_test(imports, test_rxnorm_links_brands_and_products);
	tcase_add_test(imports, test_rxnorm_errors_change_nothing);
	suite_add_tcase(s, imports);

	tcase_add_checked_fixture(find, setup_loaded, teardown);
	tcase_add_test(find, test_search_ranks_exact_prefix_word_fuzzy);
	tcase_add_test(find, test_search_ignores_case_and_accents);
	tcase_add_test(find, test_search_follows_drugs_added_elsewhere);
	tcase_add_test(find, test_names_resolve_to_drugs);
	suite_add_tcase(s, find);

	tcase_add_checked_fixture(screening, setup_loaded, teardown);
	tcase_add_test(screening, test_store_facts_feed_the_engine);
	tcase_add_test(screening, test_bad_condition_code_is_refused);
	tcase_add_test(screening, test_override_is_audited);
	tcase_add_test(screening, test_overrides_join_the_callers_transaction);
	tcase_add_test(screening,
	    test_reviewed_findings_are_quiet_but_majors_show);
	tcase_add_test(screening, test_active_medications);
	suite_add_tcase(s, screening);
	return s;
}

int
main(void)
{
	return test_run(drugs_suite());
}
