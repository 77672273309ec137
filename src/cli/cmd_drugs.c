#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/auth.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/i18n.h"
#include "common/strbuf.h"
#include "common/strutil.h"
#include "common/textfold.h"
#include "domain/screen.h"
#include "service/session.h"
#include "store/audit.h"
#include "store/store_catalogue.h"
#include "store/store_screen.h"
#include "store/store_search.h"

#define CONTEXT_MAX 32
#define SUGGESTIONS 3
#define SEARCH_DEFAULT_LIMIT 20
#define SEARCH_MAX_LIMIT 200

static const char disclaimer[] =
    N_("PrescripCare helps to notice problems; it does not replace the judgement of a pharmacist or doctor.");

enum output_format { FORMAT_TEXT, FORMAT_JSON };

/* The store that answers drug questions: the person's, or a scratch one. */
struct knowledge {
	struct store *st;
	char scratch[4096];		/* a temporary folder, or "" */
};

/* Catalogue ---------------------------------------------------------------- */

static void
catalogue_dir(char *buf, size_t size)
{
	const char *dir = getenv("PRESCRIPCARE_DATADIR");

	if (dir == NULL || *dir == '\0')
		dir = PKGDATADIR;
	snprintf(buf, size, "%s/catalogue", dir);
}

/* Loads a newer shipped catalogue; *loaded says whether it did. */
static int
sync_catalogue(struct cli *cli, struct store *st, bool *loaded,
    struct import_stats *stats, struct error *err)
{
	char dir[4096];

	catalogue_dir(dir, sizeof dir);
	return store_catalogue_sync(st, dir, clock_now(&cli->clock), loaded,
	    stats, err);
}

int
cli_refresh_catalogue(struct cli *cli, struct store *st)
{
	struct import_stats stats;
	struct error err;
	bool loaded;

	error_clear(&err);
	if (sync_catalogue(cli, st, &loaded, &stats, &err) == 0)
		return 0;
	/* A program installed without its data still opens the store. */
	if (err.kind != ERR_NOT_FOUND)
		fprintf(stderr, _("prescripcare: warning: the drug catalogue was not upgraded: %s\n"),
		    err.text);
	return -1;
}

int
cli_after_init(struct cli *cli, struct store *st, struct error *err)
{
	struct import_stats stats;
	char version[64];
	bool loaded;

	if (sync_catalogue(cli, st, &loaded, &stats, err) != 0) {
		if (err->kind != ERR_NOT_FOUND)
			return -1;
		fprintf(stderr, _("prescripcare: warning: %s; drugs can still be imported (see \"prescripcare import\")\n"),
		    err->text);
		error_clear(err);
		return 0;
	}
	if (!loaded)
		return 0;
	if (store_catalogue_meta(st, "version", version, sizeof version,
	    err) != 0)
		return -1;
	printf(_("Drug catalogue %s loaded: %ld drugs, %ld rules.\n"),
	    version, stats.drugs, stats.rules);
	return 0;
}

static int
remove_file(const char *dir, const char *name)
{
	char path[4200];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

static void
close_knowledge(struct knowledge *k)
{
	store_close(k->st);
	k->st = NULL;
	if (k->scratch[0] == '\0')
		return;
	remove_file(k->scratch, "knowledge.db");
	remove_file(k->scratch, "knowledge.db-wal");
	remove_file(k->scratch, "knowledge.db-shm");
	rmdir(k->scratch);
	k->scratch[0] = '\0';
}

/*
 * Drug questions need no account: without a store, they are answered from
 * the shipped catalogue loaded into a private scratch store.
 */
static int
open_knowledge(struct cli *cli, struct knowledge *k, struct error *err)
{
	const char *tmp = getenv("TMPDIR");
	struct import_stats stats;
	char path[4200];
	struct stat sb;
	bool loaded;

	memset(k, 0, sizeof *k);
	if (stat(cli->db_path, &sb) == 0 || errno != ENOENT)
		return cli_open_store(cli, &k->st, STORE_OPEN_EXISTING, err);

	snprintf(k->scratch, sizeof k->scratch, "%s/prescripcare-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(k->scratch) == NULL) {
		error_set(err, ERR_IO, _("cannot create a temporary folder: %s"),
		    strerror(errno));
		k->scratch[0] = '\0';
		return -1;
	}
	snprintf(path, sizeof path, "%s/knowledge.db", k->scratch);
	if (store_open(&k->st, path, STORE_OPEN_CREATE, err) != 0 ||
	    sync_catalogue(cli, k->st, &loaded, &stats, err) != 0) {
		close_knowledge(k);
		return -1;
	}
	return 0;
}

static int
parse_format(const char *arg, enum output_format *out, struct error *err)
{
	if (strcmp(arg, "text") == 0)
		*out = FORMAT_TEXT;
	else if (strcmp(arg, "json") == 0)
		*out = FORMAT_JSON;
	else {
		error_set(err, ERR_USAGE,
		    _("--format must be text or json, not \"%s\""), arg);
		return -1;
	}
	return 0;
}

/* check -------------------------------------------------------------------- */

struct check_args {
	const char *allergies[CONTEXT_MAX];
	size_t allergy_count;
	const char *conditions[CONTEXT_MAX];
	size_t condition_count;
	enum output_format format;
	char **names;
	size_t name_count;
};

static int
check_usage(struct error *err)
{
	error_set(err, ERR_USAGE,
	    _("usage: prescripcare check DRUG... [--allergy NAME]... [--condition ICD10]... [--format text|json]"));
	return -1;
}

static int
add_context(const char **list, size_t *count, const char *value,
    const char *option, struct error *err)
{
	if (*count == CONTEXT_MAX) {
		error_set(err, ERR_USAGE, _("at most %d %s options"),
		    CONTEXT_MAX, option);
		return -1;
	}
	if (*str_trim((char *)value) == '\0') {
		error_set(err, ERR_USAGE, _("%s needs a value"), option);
		return -1;
	}
	list[(*count)++] = str_trim((char *)value);
	return 0;
}

static int
parse_check(int argc, char **argv, struct check_args *a, struct error *err)
{
	static const struct option opts[] = {
		{ "allergy", required_argument, NULL, 'a' },
		{ "condition", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(a, 0, sizeof *a);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int rc;

		if (c == 'a')
			rc = add_context(a->allergies, &a->allergy_count,
			    optarg, "--allergy", err);
		else if (c == 'c')
			rc = add_context(a->conditions, &a->condition_count,
			    optarg, "--condition", err);
		else if (c == 'f')
			rc = parse_format(optarg, &a->format, err);
		else
			rc = check_usage(err);
		if (rc != 0)
			return -1;
	}
	if (optind >= argc)
		return check_usage(err);
	a->names = argv + optind;
	a->name_count = (size_t)(argc - optind);
	return 0;
}

int
cli_unknown_drug(struct store *st, const char *name, struct error *err)
{
	struct search_hit hits[SUGGESTIONS];
	struct error ignored;
	struct strbuf list = { 0 };
	size_t n = 0;

	if (store_search_drugs(st, name, hits, SUGGESTIONS, &n, &ignored) != 0)
		n = 0;
	for (size_t i = 0; i < n; i++)
		strbuf_printf(&list, "%s%s", i ? ", " : "", hits[i].name);
	if (n > 0)
		error_set(err, ERR_NOT_FOUND,
		    _("unknown drug \"%s\"; did you mean: %s?"), name,
		    strbuf_text(&list));
	else
		error_set(err, ERR_NOT_FOUND,
		    _("unknown drug \"%s\"; \"prescripcare search\" finds drugs by part of a name"),
		    name);
	strbuf_free(&list);
	return -1;
}

/* Turns the names given into drugs or bare ingredients. */
static int
resolve_names(struct store *st, const struct check_args *a,
    struct screen_request *req, int64_t *drugs, int64_t *ingredients,
    struct error *err)
{
	for (size_t i = 0; i < a->name_count; i++) {
		struct drug_ref ref;
		int found = store_drug_resolve(st, str_trim(a->names[i]), &ref,
		    err);

		if (found < 0)
			return -1;
		if (found == 0)
			return cli_unknown_drug(st, a->names[i], err);
		if (ref.drug_id != 0)
			drugs[req->drug_count++] = ref.drug_id;
		else
			ingredients[req->ingredient_count++] = ref.concept_id;
	}
	return 0;
}

static void
text_line(const char *label, const char *value)
{
	if (value != NULL && *value != '\0')
		printf("      %s: %s\n", label, value);
}

void
cli_print_finding(const struct screen_finding *f)
{
	printf("%-9s %s  %s", screen_severity_label(f->severity),
	    dur_conflict_code(f->conflict), f->drug_name[0]);
	if (f->drug_name[1] != NULL)
		printf(" + %s", f->drug_name[1]);
	if (f->subject[0] != '\0' && f->conflict != DUR_DD)
		printf(" (%s)", f->subject);
	printf("  [%s]\n", dur_conflict_label(f->conflict));
	if (f->score > 0)
		printf(_("      rule: %s (score %d, %s)\n"), f->rule, f->score,
		    f->evidence != NULL ? f->evidence : "");
	else
		text_line(_("rule"), f->rule);
	text_line(_("effect"), f->effect);
	text_line(_("mechanism"), f->mechanism);
	text_line(_("management"), f->management);
	text_line(_("source"), f->source);
}

static void
print_check_text(const struct screen_result *res, const char *version)
{
	size_t counts[SCREEN_MAJOR + 1] = { 0 };

	for (size_t i = 0; i < res->count; i++) {
		cli_print_finding(&res->findings[i]);
		counts[res->findings[i].severity]++;
	}
	if (res->count == 0)
		printf(_("No interaction, allergy, condition, food or duplication problem found.\n"));
	else
		printf(_("%zu finding(s): %zu major, %zu moderate, %zu minor.\n"),
		    res->count, counts[SCREEN_MAJOR], counts[SCREEN_MODERATE],
		    counts[SCREEN_MINOR]);
	if (version[0] != '\0')
		printf(_("Drug catalogue %s.\n"), version);
	printf("%s\n", _(disclaimer));
}

static void
json_field(struct strbuf *sb, const char *key, const char *value, bool comma)
{
	strbuf_printf(sb, "%s\"%s\":", comma ? "," : "", key);
	strbuf_json_or_null(sb, value != NULL && *value != '\0' ? value :
	    NULL);
}

static void
json_finding(struct strbuf *sb, const struct screen_finding *f)
{
	strbuf_printf(sb, "{\"code\":\"%s\",\"severity\":\"%s\","
	    "\"score\":%d,\"drugs\":[", dur_conflict_code(f->conflict),
	    screen_severity_name(f->severity), f->score);
	strbuf_json_string(sb, f->drug_name[0]);
	if (f->drug_name[1] != NULL) {
		strbuf_printf(sb, ",");
		strbuf_json_string(sb, f->drug_name[1]);
	}
	strbuf_printf(sb, "],\"rule_id\":%lld", (long long)f->rule_id);
	json_field(sb, "rule", f->rule, true);
	json_field(sb, "subject", f->subject, true);
	json_field(sb, "effect", f->effect, true);
	json_field(sb, "mechanism", f->mechanism, true);
	json_field(sb, "management", f->management, true);
	json_field(sb, "evidence", f->evidence, true);
	json_field(sb, "source", f->source, true);
	json_field(sb, "key", f->key, true);
	strbuf_printf(sb, "}");
}

static void
json_strings(struct strbuf *sb, const char *key, const char *const *items,
    size_t count)
{
	strbuf_printf(sb, ",\"%s\":[", key);
	for (size_t i = 0; i < count; i++) {
		strbuf_printf(sb, "%s", i ? "," : "");
		strbuf_json_string(sb, items[i]);
	}
	strbuf_printf(sb, "]");
}

static int
print_check_json(const struct screen_result *res, const struct check_args *a,
    const char *version, struct error *err)
{
	struct strbuf sb = { 0 };
	int rc;

	strbuf_printf(&sb, "{");
	json_field(&sb, "catalogue", version, false);
	strbuf_printf(&sb, ",\"worst\":\"%s\"",
	    screen_severity_name(screen_worst(res)));
	json_strings(&sb, "drugs", (const char *const *)a->names,
	    a->name_count);
	json_strings(&sb, "allergies", a->allergies, a->allergy_count);
	json_strings(&sb, "conditions", a->conditions, a->condition_count);
	json_strings(&sb, "unmatched_allergies", res->unmatched_allergies,
	    res->unmatched_count);
	strbuf_printf(&sb, ",\"findings\":[");
	for (size_t i = 0; i < res->count; i++) {
		strbuf_printf(&sb, "%s", i ? "," : "");
		json_finding(&sb, &res->findings[i]);
	}
	strbuf_printf(&sb, "]}\n");
	rc = strbuf_write(&sb, stdout, err);
	strbuf_free(&sb);
	return rc;
}

/* 0 when nothing was found, 1 for minor or moderate only, 2 for a major. */
static int
check_status(const struct screen_result *res)
{
	enum screen_severity worst = screen_worst(res);

	if (worst == SCREEN_MAJOR)
		return 2;
	return worst == SCREEN_NONE ? 0 : 1;
}

static int
screen_and_print(struct store *st, const struct check_args *a,
    const struct screen_request *req, struct error *err)
{
	struct screen_facts *facts;
	struct screen_result res;
	char version[64];
	int rc;

	if (store_catalogue_meta(st, "version", version, sizeof version,
	    err) != 0 || store_screen_facts(st, req, &facts, err) != 0)
		return -1;
	if (screen_run(facts, &res, err) != 0) {
		screen_facts_free(facts);
		return -1;
	}
	for (size_t i = 0; i < res.unmatched_count; i++)
		fprintf(stderr, _("prescripcare: warning: the allergy \"%s\" matches no known allergen, drug or ingredient; it was not screened\n"),
		    res.unmatched_allergies[i]);
	if (a->format == FORMAT_JSON)
		rc = print_check_json(&res, a, version, err);
	else {
		print_check_text(&res, version);
		rc = 0;
	}
	if (rc == 0)
		rc = check_status(&res);
	screen_result_free(&res);
	screen_facts_free(facts);
	return rc;
}

int
cmd_check(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct check_args a;
	struct screen_request req;
	struct knowledge k;
	int64_t *drugs, *ingredients;
	int rc = -1;

	if (parse_check(argc, argv, &a, err) != 0)
		return -1;
	drugs = calloc(a.name_count, sizeof *drugs);
	ingredients = calloc(a.name_count, sizeof *ingredients);
	if (drugs == NULL || ingredients == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		goto out;
	}
	if (open_knowledge(cli, &k, err) != 0)
		goto out;
	memset(&req, 0, sizeof req);
	req.drug_ids = drugs;
	req.ingredient_ids = ingredients;
	req.allergies = a.allergies;
	req.allergy_count = a.allergy_count;
	req.conditions = a.conditions;
	req.condition_count = a.condition_count;
	if (resolve_names(k.st, &a, &req, drugs, ingredients, err) == 0)
		rc = screen_and_print(k.st, &a, &req, err);
	close_knowledge(&k);
out:
	free(drugs);
	free(ingredients);
	return rc;
}

/* search ------------------------------------------------------------------- */

static void
print_hits_text(const struct search_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct search_hit *h = &hits[i];
		bool other = strcmp(h->matched, h->name) != 0;

		printf("%s", h->name);
		if (other)
			printf(" (%s)", h->matched);
		printf("\n");
		text_line(_("generic"), h->generic);
		text_line(_("brands"), h->brands);
		text_line(_("class"), h->drug_class);
	}
}

static const char *
match_name(enum search_match m)
{
	static const char *const names[] = { "exact", "prefix", "word",
	    "fuzzy" };

	return names[m];
}

static int
print_hits_json(const struct search_hit *hits, size_t n, struct error *err)
{
	struct strbuf sb = { 0 };

	strbuf_printf(&sb, "[");
	for (size_t i = 0; i < n; i++) {
		strbuf_printf(&sb, "%s{\"drug_id\":%lld,\"match\":\"%s\"",
		    i ? "," : "", (long long)hits[i].drug_id,
		    match_name(hits[i].match));
		json_field(&sb, "matched", hits[i].matched, true);
		json_field(&sb, "name", hits[i].name, true);
		json_field(&sb, "generic", hits[i].generic, true);
		json_field(&sb, "brands", hits[i].brands, true);
		json_field(&sb, "class", hits[i].drug_class, true);
		json_field(&sb, "origin", hits[i].origin, true);
		strbuf_printf(&sb, "}");
	}
	strbuf_printf(&sb, "]\n");
	if (strbuf_failed(&sb)) {
		strbuf_free(&sb);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	fputs(strbuf_text(&sb), stdout);
	strbuf_free(&sb);
	return 0;
}

static int
search_usage(struct error *err)
{
	error_set(err, ERR_USAGE,
	    _("usage: prescripcare search TERM... [--limit N] [--format text|json]"));
	return -1;
}

static int
parse_search(int argc, char **argv, long *limit, enum output_format *format,
    struct strbuf *query, struct error *err)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f' && parse_format(optarg, format, err) == 0)
			continue;
		if (c == 'l' && str_to_long(optarg, limit) == 0 &&
		    *limit >= 1 && *limit <= SEARCH_MAX_LIMIT)
			continue;
		if (c == 'l')
			error_set(err, ERR_USAGE,
			    _("--limit must be a whole number from 1 to %d, not \"%s\""),
			    SEARCH_MAX_LIMIT, optarg);
		return c == 'f' || c == 'l' ? -1 : search_usage(err);
	}
	if (optind >= argc)
		return search_usage(err);
	for (int i = optind; i < argc; i++)
		strbuf_printf(query, "%s%s", i > optind ? " " : "", argv[i]);
	return 0;
}

int
cmd_search(struct cli *cli, int argc, char **argv, struct error *err)
{
	enum output_format format = FORMAT_TEXT;
	struct search_hit *hits;
	struct strbuf query = { 0 };
	struct knowledge k;
	long limit = SEARCH_DEFAULT_LIMIT;
	size_t n = 0;
	int rc = -1;

	if (parse_search(argc, argv, &limit, &format, &query, err) != 0) {
		strbuf_free(&query);
		return -1;
	}
	hits = calloc((size_t)limit, sizeof *hits);
	if (hits == NULL)
		error_set(err, ERR_INTERNAL, _("out of memory"));
	else if (open_knowledge(cli, &k, err) == 0) {
		rc = store_search_drugs(k.st, strbuf_text(&query), hits,
		    (size_t)limit, &n, err);
		close_knowledge(&k);
	}
	if (rc == 0 && format == FORMAT_JSON)
		rc = print_hits_json(hits, n, err);
	else if (rc == 0)
		print_hits_text(hits, n);
	if (rc == 0 && n == 0 && format == FORMAT_TEXT)
		fprintf(stderr, _("No drug matches \"%s\".\n"),
		    strbuf_text(&query));
	free(hits);
	strbuf_free(&query);
	return rc == 0 && n == 0 ? 1 : rc;
}

/* about -------------------------------------------------------------------- */

static void
print_shipped(void)
{
	char dir[4096], path[4200], line[512];
	FILE *fp;

	catalogue_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/VERSION", dir);
	fp = fopen(path, "r");
	if (fp == NULL) {
		printf(_("Shipped drug catalogue: none found in %s\n"), dir);
		return;
	}
	if (fgets(line, sizeof line, fp) != NULL)
		printf(_("Shipped drug catalogue: version %s\n"),
		    str_trim(line));
	fclose(fp);
}

static void
print_store_knowledge(struct store *st)
{
	static const char *const tables[] = { "drugs_master",
	    "interaction_rules", "food_rules", "allergy_rules",
	    "condition_rules" };
	static const char *const labels[] = { N_("drugs"),
	    N_("drug-drug rules"), N_("food rules"), N_("allergy rules"),
	    N_("condition rules") };
	char version[64], sources[8192];
	struct error err;

	if (store_catalogue_meta(st, "version", version, sizeof version,
	    &err) != 0 || store_catalogue_meta(st, "sources", sources,
	    sizeof sources, &err) != 0)
		return;
	printf(_("Catalogue in the store %s: %s\n"), store_path(st),
	    version[0] ? version : _("none loaded"));
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		printf("  %-16s %lld\n", _(labels[i]),
		    (long long)store_count_rows(st, tables[i], &err));
	if (sources[0] != '\0')
		printf(_("Sources:\n%s\n"), sources);
}

int
cmd_about(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct knowledge k;

	(void)argv;
	if (argc != 1) {
		error_set(err, ERR_USAGE, _("usage: prescripcare about"));
		return -1;
	}
	printf("PrescripCare %s\n", PACKAGE_VERSION);
	print_shipped();
	if (open_knowledge(cli, &k, err) != 0)
		return -1;
	print_store_knowledge(k.st);
	close_knowledge(&k);
	printf("\n%s\n", _(disclaimer));
	return 0;
}

/* import ------------------------------------------------------------------- */

static void
show_progress(void *ctx, const char *stage, uint64_t done, uint64_t total)
{
	(void)ctx;
	if (total > 0)
		fprintf(stderr, "\r%s: %3d%%", stage,
		    (int)(done * 100 / total));
	else
		fprintf(stderr, "\r%s: %llu", stage, (unsigned long long)done);
	if (total > 0 && done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

static int
import_usage(struct error *err)
{
	error_set(err, ERR_USAGE,
	    _("usage: prescripcare import rxnorm DIR | prescripcare import interactions FILE.csv"));
	return -1;
}

/*
 * Imported rules screen every record in the store, so an import is an
 * administrator's act and leaves a row in the audit trail.
 */
static int
require_admin(struct session *s, struct error *err)
{
	if (session_is_admin(s))
		return 0;
	error_set(err, ERR_DENIED,
	    _("importing changes the drug data every record is screened against; only an administrator may import"));
	return -1;
}

static void
audit_import(struct session *s, const char *table, const char *what)
{
	struct store_audit_entry e;
	struct error ignored;

	memset(&e, 0, sizeof e);
	e.user_id = session_user_id(s);
	e.action = "create";
	e.table = table;
	e.description = what;
	e.performed_at = session_now(s);
	e.risk_level = "medium";
	store_audit_append(session_store(s), &e, &ignored);
}

int
cmd_import(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct import_progress progress = { show_progress, NULL };
	const struct import_progress *shown = isatty(STDERR_FILENO) ?
	    &progress : NULL;
	struct import_stats stats;
	struct session *s;
	struct store *st;
	bool rxnorm;
	char what[256];
	int rc;

	if (argc != 3 || (strcmp(argv[1], "rxnorm") != 0 &&
	    strcmp(argv[1], "interactions") != 0))
		return import_usage(err);
	rxnorm = strcmp(argv[1], "rxnorm") == 0;
	if (cli_open_session(cli, &st, &s, err) != 0)
		return -1;
	if (require_admin(s, err) != 0) {
		cli_close_session(st, s);
		return -1;
	}

	if (rxnorm)
		rc = store_import_rxnorm(st, argv[2], shown, &stats, err);
	else
		rc = store_import_interactions(st, argv[2], shown, &stats,
		    err);
	if (rc != 0) {
		cli_close_session(st, s);
		return -1;
	}

	if (rxnorm)
		snprintf(what, sizeof what, "RxNorm import: %ld drugs",
		    stats.drugs);
	else
		snprintf(what, sizeof what, "interaction import: %ld rules",
		    stats.rules);
	audit_import(s, rxnorm ? "drugs_master" : "interaction_rules", what);
	cli_close_session(st, s);

	if (rxnorm)
		printf(_("Imported %ld drugs with %ld ingredients and %ld brand names; %ld kept as the catalogue or a person made them; %ld left out (name too long or taken).\n"),
		    stats.drugs, stats.ingredients, stats.brands, stats.kept,
		    stats.skipped);
	else
		printf(_("Imported %ld interaction rules.\n"), stats.rules);
	return 0;
}
