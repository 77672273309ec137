#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csv.h"
#include "common/strbuf.h"
#include "common/textfold.h"
#include "common/wordindex.h"
#include "domain/catalogue.h"
#include "testutil.h"

static void free_record(struct csv_record *rec);

/* Reads every record of text, keeping a copy of the last one in *last. */
static int
read_all(const char *text, char separator, enum csv_quoting quoting,
    struct csv_record *last, struct error *err)
{
	struct csv_reader *r;
	struct csv_record rec;
	int n = 0, got;

	ck_assert_int_eq(csv_open_buffer(&r, "t.csv", text, strlen(text),
	    separator, quoting, err), 0);
	while ((got = csv_next(r, &rec, err)) > 0) {
		if (last != NULL && n > 0)
			free_record(last);
		n++;
		if (last != NULL) {
			/* Keep copies: fields die with the reader. */
			last->count = rec.count;
			for (size_t i = 0; i < rec.count; i++)
				last->field[i] = strdup(rec.field[i]);
		}
	}
	csv_close(r);
	return got < 0 ? -1 : n;
}

static void
free_record(struct csv_record *rec)
{
	for (size_t i = 0; i < rec->count; i++)
		free(rec->field[i]);
}

/* Expects text to fail with a message starting "t.csv:where: ". */
static void
expect_error(const char *text, const char *where, const char *words)
{
	struct error err;
	char prefix[64];

	error_clear(&err);
	ck_assert_int_eq(read_all(text, ',', CSV_QUOTED, NULL, &err), -1);
	snprintf(prefix, sizeof prefix, "t.csv:%s: ", where);
	ck_assert_msg(strncmp(err.text, prefix, strlen(prefix)) == 0,
	    "wanted %s, got %s", prefix, err.text);
	ck_assert_msg(strstr(err.text, words) != NULL, "%s", err.text);
}

START_TEST(test_quoted_fields)
{
	struct csv_record rec;
	struct error err;

	ck_assert_int_eq(read_all("a,\"b, c\",\"say \"\"hi\"\"\",\"two\nlines\","
	    "\r\nx,y,z,w,\n", ',', CSV_QUOTED, &rec, &err), 2);
	free_record(&rec);
	ck_assert_int_eq(read_all("a,\"b, c\",\"say \"\"hi\"\"\",\"two\nlines\","
	    "", ',', CSV_QUOTED, &rec, &err), 1);
	ck_assert_int_eq(rec.count, 5);
	ck_assert_str_eq(rec.field[1], "b, c");
	ck_assert_str_eq(rec.field[2], "say \"hi\"");
	ck_assert_str_eq(rec.field[3], "two\nlines");
	ck_assert_str_eq(rec.field[4], "");
	free_record(&rec);
}
END_TEST

START_TEST(test_bom_and_last_line_without_newline)
{
	struct csv_record rec;
	struct error err;

	ck_assert_int_eq(read_all("\xef\xbb\xbfname,x\nIbuprofène,1", ',',
	    CSV_QUOTED, &rec, &err), 2);
	ck_assert_str_eq(rec.field[0], "Ibuprofène");
	free_record(&rec);
	ck_assert_int_eq(read_all("", ',', CSV_QUOTED, NULL, &err), 0);
}
END_TEST

START_TEST(test_errors_name_line_and_column)
{
	expect_error("a,b\nc,\"open\nstill open", "2:3", "never closed");
	expect_error("a,b\n\"x\"y,z\n", "2:4", "after a closing quote");
	expect_error("a,b\nab\"c,d\n", "2:3", "quote inside an unquoted");
	expect_error("a,b\nc,d\xff\n", "2:4", "UTF-8");
	expect_error("a,\xc3\n", "1:3", "UTF-8");
	expect_error("a,\xe0\x80\x80\n", "1:3", "UTF-8");
	expect_error("ok,é,\xed\xa0\x80\n", "1:6", "UTF-8");
	expect_error("a,b\rc,d\n", "1:4", "carriage return");
	{
		static const char nul[] = "a,b\nc\0d,e\n";
		struct csv_reader *r;
		struct csv_record rec;
		struct error err;

		ck_assert_int_eq(csv_open_buffer(&r, "t.csv", nul, sizeof nul - 1,
		    ',', CSV_QUOTED, &err), 0);
		ck_assert_int_eq(csv_next(r, &rec, &err), 1);
		ck_assert_int_eq(csv_next(r, &rec, &err), -1);
		ck_assert_str_eq(err.text,
		    "t.csv:2:2: a NUL byte; the file must be UTF-8 text");
		csv_close(r);
	}
}
END_TEST

START_TEST(test_header_and_field_counts)
{
	static const char *const columns[] = { "a", "b", "c" };
	struct csv_reader *r;
	struct csv_record rec;
	struct error err;
	const char *text = "a,b,c\n1,2,3\n1,2\n1,2,3,4\n";

	ck_assert_int_eq(csv_open_buffer(&r, "t.csv", text, strlen(text), ',',
	    CSV_QUOTED, &err), 0);
	ck_assert_int_eq(csv_expect_header(r, columns, 3, &err), 0);
	ck_assert_int_eq(csv_next(r, &rec, &err), 1);
	ck_assert_int_eq(csv_next(r, &rec, &err), -1);
	ck_assert_str_eq(err.text,
	    "t.csv:3:4: 2 fields where the header has 3");
	csv_close(r);

	text = "a,b,c\n1,2,3,4\n";
	ck_assert_int_eq(csv_open_buffer(&r, "t.csv", text, strlen(text), ',',
	    CSV_QUOTED, &err), 0);
	ck_assert_int_eq(csv_expect_header(r, columns, 3, &err), 0);
	ck_assert_int_eq(csv_next(r, &rec, &err), -1);
	ck_assert_msg(strncmp(err.text, "t.csv:2:7: 4 fields", 19) == 0, "%s",
	    err.text);
	csv_close(r);

	text = "a,x,c\n";
	ck_assert_int_eq(csv_open_buffer(&r, "t.csv", text, strlen(text), ',',
	    CSV_QUOTED, &err), 0);
	ck_assert_int_eq(csv_expect_header(r, columns, 3, &err), -1);
	ck_assert_str_eq(err.text,
	    "t.csv:1:3: the header must be \"a,b,c\"; column 2 differs");
	csv_close(r);

	ck_assert_int_eq(csv_open_buffer(&r, "t.csv", "", 0, ',', CSV_QUOTED,
	    &err), 0);
	ck_assert_int_eq(csv_expect_header(r, columns, 3, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "is empty"));
	csv_close(r);
}
END_TEST

START_TEST(test_pipe_files_keep_quotes)
{
	struct csv_record rec;
	struct error err;

	ck_assert_int_eq(read_all("1|ENG|say \"x\"|\n", '|', CSV_UNQUOTED,
	    &rec, &err), 1);
	ck_assert_int_eq(rec.count, 4);
	ck_assert_str_eq(rec.field[2], "say \"x\"");
	ck_assert_str_eq(rec.field[3], "");
	free_record(&rec);
}
END_TEST

START_TEST(test_files_are_read_in_chunks)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "big.csv");
	FILE *fp = fopen(path, "w");
	struct csv_reader *r;
	struct csv_record rec;
	struct error err;
	int n = 0, got;

	ck_assert_ptr_nonnull(fp);
	for (int i = 0; i < 20000; i++)
		fprintf(fp, "%d,\"row %d, quoted\",tail\n", i, i);
	fclose(fp);
	ck_assert_int_eq(csv_open_file(&r, path, "big.csv", ',', CSV_QUOTED,
	    &err), 0);
	while ((got = csv_next(r, &rec, &err)) > 0) {
		char want[32];

		snprintf(want, sizeof want, "row %d, quoted", n);
		ck_assert_str_eq(rec.field[1], want);
		ck_assert_int_eq(rec.line[0], n + 1);
		n++;
	}
	ck_assert_int_eq(got, 0);
	ck_assert_int_eq(n, 20000);
	ck_assert_uint_eq(csv_offset(r), csv_size(r));
	csv_close(r);
	free(path);
	test_tmpdir_remove(dir);
}
END_TEST

/*
 * Whatever bytes come, the reader answers with records or one error and
 * never reads outside its buffers (the sanitizer build checks that).
 */
START_TEST(test_random_input_never_crashes)
{
	static const char alphabet[] = "ab,\"\n\r|\xc3\xa9\xff\x00 ";
	uint32_t seed = 12345;
	char buf[512];

	for (int round = 0; round < 20000; round++) {
		size_t len = 0, size;
		struct csv_reader *r;
		struct csv_record rec;
		struct error err;
		int got, guard = 0;

		seed = seed * 1103515245u + 12345u;
		size = (seed >> 16) % sizeof buf;
		for (; len < size; len++) {
			seed = seed * 1103515245u + 12345u;
			buf[len] = alphabet[(seed >> 16) %
			    (sizeof alphabet - 1)];
		}
		ck_assert_int_eq(csv_open_buffer(&r, "f", buf, len,
		    round % 2 ? '|' : ',', round % 3 ? CSV_QUOTED :
		    CSV_UNQUOTED, &err), 0);
		while ((got = csv_next(r, &rec, &err)) > 0) {
			for (size_t i = 0; i < rec.count; i++)
				ck_assert_uint_le(strlen(rec.field[i]), len);
			ck_assert_int_lt(guard++, 600);
		}
		if (got < 0)
			ck_assert_msg(strncmp(err.text, "f:", 2) == 0, "%s",
			    err.text);
		csv_close(r);
	}
}
END_TEST

START_TEST(test_fold)
{
	char out[64];

	text_fold("Ibuprofène/Codeine ", out, sizeof out);
	ck_assert_str_eq(out, "ibuprofene codeine");
	text_fold("  ÆSOP  Straße--Łódź ", out, sizeof out);
	ck_assert_str_eq(out, "aesop strasse lodz");
	text_fold("Me\xcc\x81tformin 500\xc2\xa0mg", out, sizeof out);
	ck_assert_str_eq(out, "metformin 500 mg");
	text_fold("\xff\xfe!!", out, sizeof out);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(text_fold("abcdefghij", out, 5), 4);
	ck_assert_str_eq(out, "abcd");
	text_fold("naïve Œuvre", out, sizeof out);
	ck_assert_str_eq(out, "naive oeuvre");
}
END_TEST

START_TEST(test_distance)
{
	ck_assert_int_eq(text_distance("metfromin", "metformin", 2), 1);
	ck_assert_int_eq(text_distance("metformin", "metformin", 2), 0);
	ck_assert_int_eq(text_distance("tylenl", "tylenol", 2), 1);
	ck_assert_int_eq(text_distance("kitten", "sitting", 3), 3);
	ck_assert_int_eq(text_distance("kitten", "sitting", 2), 3);
	ck_assert_int_eq(text_distance("ab", "ba", 1), 1);
	ck_assert_int_eq(text_distance("", "abc", 5), 3);
	ck_assert_int_eq(text_distance("warfarin", "aspirin", 1), 2);
	ck_assert_int_eq(text_distance("é", "e", 1), 1);
}
END_TEST

START_TEST(test_trigrams)
{
	char grams[8][TEXT_TRIGRAM_SIZE];

	ck_assert_int_eq(text_trigrams("ab", grams, 8), 2);
	ck_assert_str_eq(grams[0], " ab");
	ck_assert_str_eq(grams[1], "ab ");
	ck_assert_int_eq(text_trigrams("aaaa", grams, 8), 3);
	ck_assert_int_eq(text_trigrams("é", grams, 8), 1);
	ck_assert_str_eq(grams[0], " é ");
}
END_TEST

START_TEST(test_word_index_finds_what_was_meant)
{
	static const char *const words[] = { "metformin", "metoprolol",
	    "methadone", "mg", "tablet", "warfarin", "ibuprofen",
	    "ibuprofene", "ketorolac", "tromethamine" };
	struct word_index *index = word_index_new();
	struct word_match found[3];
	size_t n;

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		ck_assert_int_eq(word_index_add(index, words[i]), 0);
	ck_assert_uint_eq(word_index_count(index), 10);

	n = word_index_near(index, "metfromin", false, 2, found, 3);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(found[0].word, "metformin");
	ck_assert_int_eq(found[0].distance, 1);
	/* The word itself is no correction; its neighbour is. */
	n = word_index_near(index, "ibuprofen", false, 2, found, 3);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(found[0].word, "ibuprofene");
	/* Still typing: "metfro" begins like metformin, one swap away. */
	ck_assert_uint_eq(word_index_near(index, "metfro", false, 1, found, 3),
	    0);
	n = word_index_near(index, "metfro", true, 1, found, 3);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(found[0].word, "metformin");
	ck_assert_uint_eq(word_index_near(index, "zzzzzz", true, 2, found, 3),
	    0);
	n = word_index_near(index, "wafrarin", false, 2, found, 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(found[0].word, "warfarin");
	word_index_free(index);

	index = word_index_new();
	ck_assert_uint_eq(word_index_near(index, "anything", true, 2, found,
	    3), 0);
	for (int i = 0; i < 5000; i++) {
		char word[16];

		snprintf(word, sizeof word, "w%dx%d", i, i * 7);
		ck_assert_int_eq(word_index_add(index, word), 0);
	}
	n = word_index_near(index, "w4321x3o247", false, 1, found, 3);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(found[0].word, "w4321x30247");
	word_index_free(index);
}
END_TEST

START_TEST(test_json_strings)
{
	struct strbuf sb = { 0 };

	strbuf_json_string(&sb, "a \"b\"\\\n\x01é");
	ck_assert_str_eq(strbuf_text(&sb), "\"a \\\"b\\\"\\\\\\n\\u0001é\"");
	strbuf_clear(&sb);
	strbuf_json_or_null(&sb, NULL);
	ck_assert_str_eq(strbuf_text(&sb), "null");
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_catalogue_versions)
{
	struct error err;

	ck_assert_int_eq(catalogue_version_check("2026.12.1", &err), 0);
	ck_assert_int_eq(catalogue_version_check("7", &err), 0);
	ck_assert_int_eq(catalogue_version_check("2026.12.", &err), -1);
	ck_assert_int_eq(catalogue_version_check("v1", &err), -1);
	ck_assert_int_eq(catalogue_version_check("", &err), -1);
	ck_assert_int_gt(catalogue_version_compare("2026.12.1", "2026.9.9"), 0);
	ck_assert_int_lt(catalogue_version_compare("2026.1", "2026.1.1"), 0);
	ck_assert_int_eq(catalogue_version_compare("2026.01.1", "2026.1.1"), 0);
	ck_assert_int_ne(catalogue_version_compare("x", "y"), 0);
}
END_TEST

/* Parses one row of a catalogue file given as "header\nrow". */
static int
parse_row(enum catalogue_file file, const char *text, struct error *err)
{
	const struct catalogue_layout *layout = catalogue_layout(file);
	struct csv_reader *r;
	struct csv_record rec;
	int rc;

	ck_assert_int_eq(csv_open_buffer(&r, layout->file, text, strlen(text),
	    ',', CSV_QUOTED, err), 0);
	ck_assert_int_eq(csv_expect_header(r, layout->columns, layout->count,
	    err), 0);
	ck_assert_int_eq(csv_next(r, &rec, err), 1);
	if (file == CATALOGUE_DRUGS) {
		struct catalogue_drug d;

		rc = catalogue_parse_drug(r, &rec, &d, err);
		if (rc == 0) {
			ck_assert_str_eq(strbuf_text(&d.side_effects),
			    "{\"very common\":[\"diarrhea\",\"nausea\"],"
			    "\"rare\":[\"lactic acidosis\"]}");
			ck_assert_str_eq(strbuf_text(&d.brands),
			    "[\"Glucophage\",\"Riomet\"]");
			catalogue_drug_free(&d);
		}
	} else {
		struct catalogue_interaction i;

		rc = catalogue_parse_interaction(r, &rec, &i, err);
		if (rc == 0) {
			ck_assert(i.a.is_group);
			ck_assert_str_eq(i.a.name, "nsaid");
			ck_assert_str_eq(i.b.name, "warfarin");
		}
	}
	csv_close(r);
	return rc;
}

#define DRUG_HEADER "generic_name,ingredients,brand_names,drug_class," \
	"therapeutic_category,atc_code,strengths,dosage_forms,routes," \
	"csa_schedule,pregnancy_category,side_effects,storage,source\n"
#define RULE_HEADER "a,b,severity,score,evidence,mechanism," \
	"clinical_effect,management,source\n"

START_TEST(test_catalogue_rows_are_checked)
{
	struct error err;

	ck_assert_int_eq(parse_row(CATALOGUE_DRUGS, DRUG_HEADER
	    "metformin,metformin,Glucophage;Riomet,biguanide,endocrine,"
	    "A10BA02,500 mg,tablet,oral,,B,very common:diarrhea;nausea|"
	    "rare:lactic acidosis,room temperature,label\n", &err), 0);
	ck_assert_int_eq(parse_row(CATALOGUE_DRUGS, DRUG_HEADER
	    "metformin,metformin,,biguanide,endocrine,A10BA2,500 mg,tablet,"
	    "oral,,B,,,label\n", &err), -1);
	ck_assert_str_eq(err.text, "drugs.csv:2:42: \"A10BA2\" is not an ATC code such as N02BE01");
	ck_assert_int_eq(parse_row(CATALOGUE_DRUGS, DRUG_HEADER
	    "metformin,metformin,,biguanide,endocrine,,500 mg,tablet,oral,"
	    "CVI,B,,,label\n", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "drugs.csv:2:62: csa_schedule must be one of"));
	ck_assert_int_eq(parse_row(CATALOGUE_DRUGS, DRUG_HEADER
	    "metformin,metformin;;x,,b,e,,,,,,,,,label\n", &err), -1);
	ck_assert_str_eq(err.text, "drugs.csv:2:11: an empty item in a ';' list");
	ck_assert_int_eq(parse_row(CATALOGUE_DRUGS, DRUG_HEADER
	    "metformin,metformin,,b,e,,,,,,,often:nausea,,label\n", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "\"often\" is none of them"));
	ck_assert_int_eq(parse_row(CATALOGUE_DRUGS, DRUG_HEADER
	    "metformin,metformin,,b,e,,,,,,,,,\n", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "source is empty"));

	ck_assert_int_eq(parse_row(CATALOGUE_INTERACTIONS, RULE_HEADER
	    "@NSAID,Warfarin,major,8,established,m,bleeding,avoid,src\n",
	    &err), 0);
	ck_assert_int_eq(parse_row(CATALOGUE_INTERACTIONS, RULE_HEADER
	    "@nsaid,warfarin,severe,8,established,m,bleeding,avoid,src\n",
	    &err), -1);
	ck_assert_str_eq(err.text, "interactions.csv:2:17: severity must be major, moderate or minor, not \"severe\"");
	ck_assert_int_eq(parse_row(CATALOGUE_INTERACTIONS, RULE_HEADER
	    "@nsaid,warfarin,major,11,established,m,bleeding,avoid,src\n",
	    &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, ":2:23: score must be"));
	ck_assert_int_eq(parse_row(CATALOGUE_INTERACTIONS, RULE_HEADER
	    "@,warfarin,major,8,established,m,bleeding,avoid,src\n", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, ":2:1: an ingredient or @group"));
}
END_TEST

static Suite *
csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *reader = tcase_create("reader");
	TCase *text = tcase_create("text");

	tcase_add_test(reader, test_quoted_fields);
	tcase_add_test(reader, test_bom_and_last_line_without_newline);
	tcase_add_test(reader, test_errors_name_line_and_column);
	tcase_add_test(reader, test_header_and_field_counts);
	tcase_add_test(reader, test_pipe_files_keep_quotes);
	tcase_add_test(reader, test_files_are_read_in_chunks);
	tcase_add_test(reader, test_random_input_never_crashes);
	tcase_add_test(reader, test_catalogue_rows_are_checked);
	suite_add_tcase(s, reader);

	tcase_add_test(text, test_fold);
	tcase_add_test(text, test_distance);
	tcase_add_test(text, test_trigrams);
	tcase_add_test(text, test_word_index_finds_what_was_meant);
	tcase_add_test(text, test_json_strings);
	tcase_add_test(text, test_catalogue_versions);
	suite_add_tcase(s, text);
	return s;
}

int
main(void)
{
	return test_run(csv_suite());
}
