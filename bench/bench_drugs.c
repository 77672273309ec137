/*
 * Drug search and screening at pharmacy scale.  Generates an RxNorm-sized
 * release (about 100,000 names) and 500,000 interaction rules, imports them
 * through the real importers into a store in a temporary folder, then
 * times searches and screenings.  Prints figures; asserts nothing.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/screen.h"
#include "store/store.h"
#include "store/store_catalogue.h"
#include "store/store_screen.h"
#include "store/store_search.h"

#define INGREDIENTS 5000
#define BRANDS 4000
#define CLINICAL 23000
#define BRANDED 14500
#define RULES 500000
#define QUERIES 2000
#define SCREENINGS 300
#define LIST 20

static const char *const syllables[] = { "ba", "ce", "di", "lo", "mu",
    "ra", "te", "xi", "zo", "pra", "ne", "vo", "ta", "li", "fe", "go",
    "su", "mi", "ka", "dro" };
static const char *const suffixes[] = { "mab", "pril", "sartan", "olol",
    "azole", "statin", "mycin", "cillin", "pine", "tidine", "done",
    "zepam", "profen", "tide", "vir", "lukast", "gliptin", "floxacin",
    "cycline", "semide" };
static const char *const brand_ends[] = { "ex", "ia", "on", "ix", "ara",
    "ene", "or", "um" };
static const char *const strengths[] = { "1", "2.5", "5", "10", "20",
    "25", "40", "50", "100", "200", "250", "500", "1000" };
static const char *const forms[] = { "Oral Tablet", "Oral Capsule",
    "Injectable Solution", "Extended Release Oral Tablet",
    "Oral Solution", "Topical Cream" };

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static char ingredient[INGREDIENTS][32];
static char brand[BRANDS][32];
static int brand_of[INGREDIENTS];	/* a brand index, or -1 */
static char clinical[CLINICAL][96];
static uint64_t seed = 88172645463325252ull;

static uint64_t
next_random(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static size_t
pick(size_t n)
{
	return (size_t)(next_random() % n);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Distinct made-up names: the number written in syllables. */
static void
make_names(void)
{
	for (int i = 0; i < INGREDIENTS; i++) {
		snprintf(ingredient[i], sizeof ingredient[i], "%s%s%s%s",
		    syllables[i % 20], syllables[i / 20 % 20],
		    syllables[i / 400 % 20], suffixes[(i * 7) % 20]);
		brand_of[i] = -1;
	}
	for (int b = 0; b < BRANDS; b++) {
		snprintf(brand[b], sizeof brand[b], "%c%s%s%s%s",
		    "LZKVNTRSPM"[b % 10], syllables[b / 10 % 20],
		    syllables[b / 200 % 20], syllables[(b * 3) % 20],
		    brand_ends[b % 8]);
		brand_of[(b * 7) % INGREDIENTS] = b;
	}
}

static void
conso(FILE *fp, long cui, const char *tty, const char *str)
{
	fprintf(fp, "%ld|ENG|P|L%ld|PF|S%ld|Y|%ld|||%ld|RXNORM|%s|%ld|%s|0|N|"
	    "4096|\n", cui, cui, cui, cui + 5000000, cui, tty, cui, str);
}

static void
rel(FILE *fp, long a, long b, const char *rela)
{
	fprintf(fp, "%ld||CUI|RO|%ld||CUI|%s|R%ld||RXNORM|RXNORM|||N||\n", a,
	    b, rela, a * 7 + b);
}

/* RXCUIs: ingredients from 1,000,000, brands, clinical, branded after. */
static void
write_rxnorm(const char *dir)
{
	char path[4096];
	FILE *c, *r;
	long scd_base = 3000000, sbd_base = 4000000;

	snprintf(path, sizeof path, "%s/RXNCONSO.RRF", dir);
	c = fopen(path, "w");
	snprintf(path, sizeof path, "%s/RXNREL.RRF", dir);
	r = fopen(path, "w");
	if (c == NULL || r == NULL) {
		perror("rrf");
		exit(1);
	}
	for (int i = 0; i < INGREDIENTS; i++)
		conso(c, 1000000 + i, "IN", ingredient[i]);
	for (int b = 0; b < BRANDS; b++) {
		conso(c, 2000000 + b, "BN", brand[b]);
		rel(r, 2000000 + b, 1000000 + (b * 7) % INGREDIENTS,
		    "tradename_of");
	}
	for (int s = 0; s < CLINICAL; s++) {
		int in = s % INGREDIENTS;

		snprintf(clinical[s], sizeof clinical[s], "%s %s MG %s",
		    ingredient[in], strengths[s / INGREDIENTS % 13],
		    forms[(s / INGREDIENTS / 13 + s) % 6]);
		conso(c, scd_base + s, "SCD", clinical[s]);
		rel(r, scd_base + s, 1000000 + in, "has_ingredient");
	}
	for (int k = 0, s = 0; k < BRANDED && s < CLINICAL; s++) {
		int in = s % INGREDIENTS;
		char name[128];

		if (brand_of[in] < 0)
			continue;
		snprintf(name, sizeof name, "%s%s", brand[brand_of[in]],
		    clinical[s] + strlen(ingredient[in]));
		conso(c, sbd_base + k, "SBD", name);
		rel(r, sbd_base + k, scd_base + s, "tradename_of");
		rel(r, sbd_base + k, 2000000 + brand_of[in], "has_ingredient");
		k++;
	}
	fclose(c);
	fclose(r);
}

static void
write_rules(const char *path)
{
	static const char *const groups[] = { "@nsaid", "@anticoagulant",
	    "@serotonergic", "@maoi", "@qt_prolonging" };
	static const char *const levels[] = { "major", "moderate", "minor" };
	FILE *fp = fopen(path, "w");
	size_t pairs = (size_t)INGREDIENTS * (INGREDIENTS + COUNT(groups));
	char *seen = calloc(pairs, 1);
	int written = 0;

	if (fp == NULL || seen == NULL) {
		perror("rules");
		exit(1);
	}
	fputs("a,b,severity,score,evidence,mechanism,clinical_effect,"
	    "management,source\n", fp);
	while (written < RULES) {
		/* A few rules name a class of the shipped catalogue. */
		bool group = written % 97 == 0;
		size_t a = group ? INGREDIENTS + written % COUNT(groups) :
		    pick(INGREDIENTS);
		size_t b = pick(INGREDIENTS);
		size_t lo = a < b ? a : b, hi = a < b ? b : a;

		if (a == b || seen[hi * INGREDIENTS + lo])
			continue;
		seen[hi * INGREDIENTS + lo] = 1;
		fprintf(fp, "%s,%s,%s,%d,probable,generated,generated effect,"
		    "generated advice,bench\n", group ?
		    groups[a - INGREDIENTS] : ingredient[a], ingredient[b],
		    levels[written % 3], 1 + written % 10);
		written++;
	}
	free(seen);
	fclose(fp);
}

static int
compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
report(const char *what, double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof *ms, compare_double);
	printf("  %-28s n=%-5d p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms\n",
	    what, n, ms[n / 2], ms[(n * 99) / 100], ms[n - 1]);
}

/* A name with one typo: a swap, a dropped or a changed letter. */
static void
typo(const char *name, char *out, size_t size)
{
	size_t len = strlen(name), at = 1 + pick(len - 2);

	snprintf(out, size, "%.60s", name);
	switch (pick(3)) {
	case 0:
		out[at] = name[at + 1];
		out[at + 1] = name[at];
		break;
	case 1:
		memmove(out + at, out + at + 1, len - at);
		break;
	default:
		out[at] = (char)('a' + pick(26));
		break;
	}
}

static void
make_query(int kind, char *q, size_t size)
{
	const char *name = ingredient[pick(INGREDIENTS)];

	switch (kind) {
	case 0:
		snprintf(q, size, "%s", name);
		break;
	case 1:
		snprintf(q, size, "%.*s", 2 + (int)pick(5), pick(2) ? name :
		    brand[pick(BRANDS)]);
		break;
	case 2:
		typo(name, q, size);
		break;
	case 3:
		snprintf(q, size, "%s", brand[pick(BRANDS)]);
		break;
	default:
		snprintf(q, size, "%.5s %s", name, strengths[pick(13)]);
		break;
	}
}

static void
bench_search(struct store *st)
{
	static const char *const kinds[] = { "exact ingredient",
	    "prefix (2-6 letters)", "one typo", "brand", "two words" };
	static double all[QUERIES], by_kind[5][QUERIES];
	int counts[5] = { 0 };
	struct search_hit hits[20];
	struct error err;
	int found_typo = 0;

	for (int i = 0; i < QUERIES; i++) {
		int kind = i % 5;
		char q[128];
		size_t n;
		double t0;

		make_query(kind, q, sizeof q);
		t0 = now_ms();
		if (store_search_drugs(st, q, hits, 20, &n, &err) != 0) {
			fprintf(stderr, "search %s: %s\n", q, err.text);
			exit(1);
		}
		all[i] = now_ms() - t0;
		by_kind[kind][counts[kind]++] = all[i];
		found_typo += kind == 2 && n > 0;
	}
	printf("search, %d queries, 20 results each:\n", QUERIES);
	report("all", all, QUERIES);
	for (int k = 0; k < 5; k++)
		report(kinds[k], by_kind[k], counts[k]);
	printf("  typo queries that found something: %d of %d\n", found_typo,
	    counts[2]);
}

static void
bench_screening(struct store *st)
{
	static double total[SCREENINGS], engine[SCREENINGS];
	size_t findings = 0;

	for (int run = 0; run < SCREENINGS; run++) {
		int64_t ids[LIST];
		struct screen_request req = { .drug_ids = ids,
		    .drug_count = LIST - 1 };
		struct screen_facts *facts;
		struct screen_result res;
		struct error err;
		double t0, t1;

		for (int i = 0; i < LIST; i++) {
			struct drug_ref ref;

			if (store_drug_resolve(st, clinical[pick(CLINICAL)],
			    &ref, &err) != 1) {
				fprintf(stderr, "resolve: %s\n", err.text);
				exit(1);
			}
			ids[i] = ref.drug_id;
		}
		req.candidate_drug_id = ids[LIST - 1];
		t0 = now_ms();
		if (store_screen_facts(st, &req, &facts, &err) != 0) {
			fprintf(stderr, "facts: %s\n", err.text);
			exit(1);
		}
		t1 = now_ms();
		if (screen_run(facts, &res, &err) != 0)
			exit(1);
		engine[run] = now_ms() - t1;
		total[run] = now_ms() - t0;
		findings += res.count;
		screen_result_free(&res);
		screen_facts_free(facts);
	}
	printf("screening %d medications (19 and a candidate), %d runs:\n",
	    LIST, SCREENINGS);
	report("facts from the store + engine", total, SCREENINGS);
	report("engine alone", engine, SCREENINGS);
	printf("  findings per run: %.1f on average\n",
	    (double)findings / SCREENINGS);
}

static struct store *
prepare(const char *dir, const char *datadir)
{
	struct import_stats stats;
	struct store *st;
	struct error err;
	char path[4096], catalogue[4096];
	double t0;
	bool loaded;

	snprintf(path, sizeof path, "%s/bench.db", dir);
	snprintf(catalogue, sizeof catalogue, "%s/catalogue", datadir);
	if (store_open(&st, path, STORE_OPEN_CREATE, &err) != 0 ||
	    store_catalogue_sync(st, catalogue, 0, &loaded, &stats,
	    &err) != 0) {
		fprintf(stderr, "store: %s\n", err.text);
		exit(1);
	}
	make_names();
	write_rxnorm(dir);
	t0 = now_ms();
	if (store_import_rxnorm(st, dir, NULL, &stats, &err) != 0) {
		fprintf(stderr, "rxnorm: %s\n", err.text);
		exit(1);
	}
	printf("RxNorm-sized import: %ld drugs, %ld ingredients, %ld brands "
	    "in %.1f s\n", stats.drugs, stats.ingredients, stats.brands,
	    (now_ms() - t0) / 1000);
	snprintf(path, sizeof path, "%s/rules.csv", dir);
	write_rules(path);
	t0 = now_ms();
	if (store_import_interactions(st, path, NULL, &stats, &err) != 0) {
		fprintf(stderr, "rules: %s\n", err.text);
		exit(1);
	}
	printf("interaction rules imported: %ld in %.1f s\n", stats.rules,
	    (now_ms() - t0) / 1000);
	printf("names searchable: %lld; rules in the store: %lld\n",
	    (long long)store_count_rows(st, "drug_names", &err),
	    (long long)store_count_rows(st, "interaction_rules", &err));
	/* Paid once per connection, by its first search. */
	t0 = now_ms();
	if (store_search_refresh(st, &err) != 0) {
		fprintf(stderr, "search: %s\n", err.text);
		exit(1);
	}
	printf("typo index read into memory in %.1f ms\n", now_ms() - t0);
	return st;
}

static void
remove_dir(const char *dir)
{
	static const char *const files[] = { "bench.db", "bench.db-wal",
	    "bench.db-shm", "RXNCONSO.RRF", "RXNREL.RRF", "rules.csv" };
	char path[4200];

	for (size_t i = 0; i < COUNT(files); i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	const char *datadir = getenv("PRESCRIPCARE_DATADIR");
	char dir[1024];
	struct store *st;

	if (datadir == NULL || *datadir == '\0')
		datadir = PKGDATADIR;
	snprintf(dir, sizeof dir, "%s/prescripcare-bench-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	st = prepare(dir, datadir);
	bench_search(st);
	bench_screening(st);
	store_close(st);
	remove_dir(dir);
	return 0;
}
