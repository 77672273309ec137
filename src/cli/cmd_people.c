#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/auth.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/i18n.h"
#include "common/strutil.h"
#include "service/access.h"
#include "service/account.h"
#include "service/health.h"
#include "domain/profile.h"
#include "service/session.h"
#include "service/vault.h"

/* The most --set options one profile command takes. */
#define MAX_CHANGES PF_COUNT

static int
parse_id(const char *text, const char *what, int64_t *id, struct error *err)
{
	long n;

	if (str_to_long(text, &n) != 0 || n < 1) {
		error_set(err, ERR_USAGE,
		    _("%s must be a number from the list, not \"%s\""), what,
		    text);
		return -1;
	}
	*id = n;
	return 0;
}

/* The person's name for messages; "person N" when it cannot be read. */
static void
name_of(struct session *s, int64_t person_id, char *buf, size_t size)
{
	struct error err;
	char *full = NULL;

	if (health_person_names(s, person_id, NULL, &full, &err) == 0)
		str_copy(buf, size, full);
	else
		snprintf(buf, size, _("person %lld"), (long long)person_id);
	vault_free_text(full);
}

/* person add | list ---------------------------------------------------- */

static int
person_add(struct session *s, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "first", required_argument, NULL, 'f' },
		{ "last", required_argument, NULL, 'l' },
		{ "dob", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const char *first = NULL, *last = NULL, *dob = NULL;
	int64_t id;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f')
			first = optarg;
		else if (c == 'l')
			last = optarg;
		else if (c == 'd')
			dob = optarg;
		else
			return cli_usage_error(err, "person add --first NAME [--last NAME] [--dob YYYY-MM-DD]");
	}
	if (optind != argc || first == NULL)
		return cli_usage_error(err, "person add --first NAME [--last NAME] [--dob YYYY-MM-DD]");
	if (health_person_add(s, first, last, dob, &id, err) != 0)
		return -1;
	printf(_("Added %s%s%s as person %lld; only you can see the record until you grant access to others.\n"),
	    first, last ? " " : "", last ? last : "", (long long)id);
	return 0;
}

static int
person_list(struct session *s, struct error *err)
{
	struct person_entry *people;
	char perms[64];
	size_t n;

	if (health_people_list(s, &people, &n, err) != 0)
		return -1;
	printf("%-6s %-32s %s\n", _("ID"), _("NAME"), _("ACCESS"));
	for (size_t i = 0; i < n; i++)
		printf("%-6lld %-32s %s%s\n", (long long)people[i].person_id,
		    people[i].name, access_format(people[i].permissions, perms,
		    sizeof perms), people[i].is_self ? _(" (you)") : "");
	health_people_free(people, n);
	return 0;
}

int
cmd_person(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct session *s;
	struct store *st;
	int rc;

	if (argc < 2 || (strcmp(argv[1], "add") != 0 &&
	    strcmp(argv[1], "list") != 0) ||
	    (strcmp(argv[1], "list") == 0 && argc != 2))
		return cli_usage_error(err, "person add|list");
	if (cli_open_session(cli, &st, &s, err) != 0)
		return -1;
	if (strcmp(argv[1], "add") == 0)
		rc = person_add(s, argc - 1, argv + 1, err);
	else
		rc = person_list(s, err);
	cli_close_session(st, s);
	return rc;
}

/* profile -------------------------------------------------------------- */

struct profile_args {
	struct profile_change changes[MAX_CHANGES];
	size_t count;
	const char *quiet_hours;
};

static int
parse_set(const char *arg, struct profile_args *a, struct error *err)
{
	const char *eq = strchr(arg, '=');
	char name[64];
	enum profile_field f;

	if (eq == NULL || (size_t)(eq - arg) >= sizeof name) {
		error_set(err, ERR_USAGE,
		    _("--set takes FIELD=VALUE, such as --set height_cm=172"));
		return -1;
	}
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	if (strcmp(name, "quiet_hours") == 0) {
		a->quiet_hours = eq + 1;
		return 0;
	}
	f = profile_field_by_name(name);
	if (f == PF_COUNT) {
		error_set(err, ERR_USAGE,
		    _("the profile has no field \"%s\"; \"prescripcare profile --fields\" lists them"),
		    name);
		return -1;
	}
	if (a->count == MAX_CHANGES) {
		error_set(err, ERR_USAGE, _("too many --set options"));
		return -1;
	}
	a->changes[a->count].field = f;
	a->changes[a->count++].value = eq + 1;
	return 0;
}

static void
print_fields(void)
{
	for (int f = 0; f < PF_COUNT; f++)
		printf("  %-24s %s\n", profile_field_name((enum profile_field)f),
		    profile_field_hint((enum profile_field)f));
	printf("  %-24s %s\n", "quiet_hours",
	    _("HH:MM-HH:MM when reminders stay silent (your account's own)"));
}

static int
show_profile(struct session *s, int64_t person_id, struct error *err)
{
	struct profile p;
	char start[6], end[6];

	if (health_profile_get(s, person_id, &p, err) != 0)
		return -1;
	for (int f = 0; f < PF_COUNT; f++) {
		if (p.value[f] != NULL)
			printf("%-24s %s\n",
			    profile_field_name((enum profile_field)f), p.value[f]);
	}
	if (p.bmi > 0)
		printf("%-24s %.1f\n", "bmi", p.bmi);
	profile_clear(&p);
	if (person_id != session_self_person(s))
		return 0;
	if (account_quiet_hours_get(s, start, end, err) != 0)
		return -1;
	printf("%-24s %s-%s\n", "quiet_hours", start, end);
	return 0;
}

/* Quiet hours belong to the account, which receives the reminders. */
static int
quiet_hours_allowed(struct session *s, int64_t person_id, struct error *err)
{
	if (person_id != session_self_person(s)) {
		error_set(err, ERR_USAGE,
		    _("quiet_hours belong to your account, not to another person's record; set them without --person"));
		return -1;
	}
	return 0;
}

static int
check_quiet_hours(const char *value, struct error *err)
{
	char start[6], end[6];

	return profile_parse_quiet_hours(value, start, end, err);
}

int
cmd_profile(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "fields", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct profile_args a;
	struct session *s;
	struct store *st;
	int64_t person;
	int c, rc = 0;

	memset(&a, 0, sizeof a);
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f') {
			print_fields();
			return 0;
		}
		if (c != 's')
			return cli_usage_error(err, "profile [--set FIELD=VALUE]... | --fields");
		if (parse_set(optarg, &a, err) != 0)
			return -1;
	}
	if (optind != argc)
		return cli_usage_error(err, "profile [--set FIELD=VALUE]... | --fields");
	/* A bad value is refused before anything is written. */
	if (a.quiet_hours != NULL && check_quiet_hours(a.quiet_hours, err) != 0)
		return -1;
	if (cli_open_for_person(cli, &st, &s, &person, err) != 0)
		return -1;
	if (a.count == 0 && a.quiet_hours == NULL)
		rc = show_profile(s, person, err);

	/* Every refusal comes before the first write. */
	if (a.quiet_hours != NULL)
		rc = quiet_hours_allowed(s, person, err);
	if (rc == 0 && a.count > 0)
		rc = health_profile_update(s, person, a.changes, a.count, err);
	if (rc == 0 && a.quiet_hours != NULL)
		rc = account_quiet_hours_set(s, a.quiet_hours, err);
	if (rc == 0 && (a.count > 0 || a.quiet_hours != NULL))
		printf(_("Profile updated.\n"));
	cli_close_session(st, s);
	return rc;
}

/* allergy add | list | remove ------------------------------------------ */

static int
allergy_add(struct session *s, int64_t person, int argc, char **argv,
    struct error *err)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "severity", required_argument, NULL, 's' },
		{ "symptoms", required_argument, NULL, 'y' },
		{ "verified", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct allergy_input in;
	char name[160];
	int64_t id;
	int c;

	memset(&in, 0, sizeof in);
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't')
			in.type = optarg;
		else if (c == 's')
			in.severity = optarg;
		else if (c == 'y')
			in.symptoms = optarg;
		else if (c == 'v')
			in.verified_by_doctor = true;
		else
			return cli_usage_error(err, "allergy add ALLERGEN --type TYPE --severity SEVERITY [--symptoms TEXT] [--verified]");
	}
	if (optind + 1 != argc)
		return cli_usage_error(err, "allergy add ALLERGEN --type TYPE --severity SEVERITY [--symptoms TEXT] [--verified]");
	in.allergen = argv[optind];
	if (health_allergy_add(s, person, &in, &id, err) != 0)
		return -1;
	name_of(s, person, name, sizeof name);
	printf(_("Allergy %lld recorded for %s.\n"), (long long)id, name);
	return 0;
}

static int
allergy_list(struct session *s, int64_t person, struct error *err)
{
	struct allergy_view *list;
	size_t n;

	if (health_allergy_list(s, person, &list, &n, err) != 0)
		return -1;
	if (n == 0)
		printf(_("No allergies recorded.\n"));
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-24s %-14s %-17s %s%s%s\n",
		    (long long)list[i].allergy_id, list[i].allergen,
		    list[i].type, list[i].severity,
		    list[i].verified_by_doctor ? _("verified") : _("unverified"),
		    list[i].symptoms ? "  " : "",
		    list[i].symptoms ? list[i].symptoms : "");
	health_allergy_list_free(list, n);
	return 0;
}

static int
allergy_remove(struct session *s, int64_t id, struct error *err)
{
	if (health_allergy_remove(s, id, err) != 0)
		return -1;
	printf(_("Allergy %lld removed.\n"), (long long)id);
	return 0;
}

/* condition add | list | remove ---------------------------------------- */

static int
condition_add(struct session *s, int64_t person, int argc, char **argv,
    struct error *err)
{
	static const struct option opts[] = {
		{ "code", required_argument, NULL, 'c' },
		{ "severity", required_argument, NULL, 's' },
		{ "diagnosed", required_argument, NULL, 'd' },
		{ "status", required_argument, NULL, 't' },
		{ "notes", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct condition_input in;
	char name[160];
	int64_t id;
	int c;

	memset(&in, 0, sizeof in);
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c')
			in.code = optarg;
		else if (c == 's')
			in.severity = optarg;
		else if (c == 'd')
			in.diagnosed_date = optarg;
		else if (c == 't')
			in.status = optarg;
		else if (c == 'n')
			in.notes = optarg;
		else
			return cli_usage_error(err, "condition add NAME [--code ICD10] [--severity S] [--diagnosed YYYY-MM-DD] [--status S] [--notes TEXT]");
	}
	if (optind + 1 != argc)
		return cli_usage_error(err, "condition add NAME [--code ICD10] [--severity S] [--diagnosed YYYY-MM-DD] [--status S] [--notes TEXT]");
	in.name = argv[optind];
	if (health_condition_add(s, person, &in, &id, err) != 0)
		return -1;
	name_of(s, person, name, sizeof name);
	printf(_("Condition %lld recorded for %s.\n"), (long long)id, name);
	return 0;
}

static int
condition_list(struct session *s, int64_t person, struct error *err)
{
	struct condition_view *list;
	size_t n;

	if (health_condition_list(s, person, &list, &n, err) != 0)
		return -1;
	if (n == 0)
		printf(_("No conditions recorded.\n"));
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-28s %-8s %-9s %-8s %-10s%s%s\n",
		    (long long)list[i].condition_id, list[i].name,
		    list[i].code ? list[i].code : "-", list[i].severity,
		    list[i].status, list[i].diagnosed_date[0] ?
		    list[i].diagnosed_date : "-", list[i].notes ? "  " : "",
		    list[i].notes ? list[i].notes : "");
	health_condition_list_free(list, n);
	return 0;
}

static int
condition_remove(struct session *s, int64_t id, struct error *err)
{
	if (health_condition_remove(s, id, err) != 0)
		return -1;
	printf(_("Condition %lld removed.\n"), (long long)id);
	return 0;
}

/* Commands on a kind of entry of a record: add, list, remove ID. */
struct entry_command {
	const char *usage;		/* "allergy add|list|remove" */
	const char *remove_usage;	/* "allergy remove ID" */
	int (*add)(struct session *s, int64_t person, int argc, char **argv,
	    struct error *err);
	int (*list)(struct session *s, int64_t person, struct error *err);
	int (*remove)(struct session *s, int64_t id, struct error *err);
};

static const struct entry_command allergy_command = {
	"allergy add|list|remove", "allergy remove ID", allergy_add,
	allergy_list, allergy_remove
};

static const struct entry_command condition_command = {
	"condition add|list|remove", "condition remove ID", condition_add,
	condition_list, condition_remove
};

static int
run_entry_command(struct cli *cli, int argc, char **argv,
    const struct entry_command *c, struct error *err)
{
	const char *verb = argc >= 2 ? argv[1] : "";
	struct session *s;
	struct store *st;
	int64_t person, id = 0;
	int rc;

	if (strcmp(verb, "add") != 0 && !(strcmp(verb, "list") == 0 &&
	    argc == 2) && strcmp(verb, "remove") != 0)
		return cli_usage_error(err, c->usage);
	if (strcmp(verb, "remove") == 0 && argc != 3)
		return cli_usage_error(err, c->remove_usage);
	if (strcmp(verb, "remove") == 0 &&
	    parse_id(argv[2], _("the entry's number"), &id, err) != 0)
		return -1;
	if (cli_open_for_person(cli, &st, &s, &person, err) != 0)
		return -1;
	if (strcmp(verb, "add") == 0)
		rc = c->add(s, person, argc - 1, argv + 1, err);
	else if (strcmp(verb, "list") == 0)
		rc = c->list(s, person, err);
	else
		rc = c->remove(s, id, err);
	cli_close_session(st, s);
	return rc;
}

int
cmd_allergy(struct cli *cli, int argc, char **argv, struct error *err)
{
	return run_entry_command(cli, argc, argv, &allergy_command, err);
}

int
cmd_condition(struct cli *cli, int argc, char **argv, struct error *err)
{
	return run_entry_command(cli, argc, argv, &condition_command, err);
}

/* grant, revoke, grants ------------------------------------------------ */

int
cmd_grant(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "can", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	const char *can = NULL;
	char name[160], words[64];
	unsigned perms;
	struct session *s;
	struct store *st;
	int64_t person;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'c')
			return cli_usage_error(err, "grant EMAIL --can view,record,edit,alerts");
		can = optarg;
	}
	if (optind + 1 != argc || can == NULL)
		return cli_usage_error(err, "grant EMAIL --can view,record,edit,alerts");
	if (access_parse(can, &perms, err) != 0 ||
	    cli_open_for_person(cli, &st, &s, &person, err) != 0)
		return -1;
	rc = access_grant(s, person, argv[optind], perms, err);
	if (rc == 0) {
		name_of(s, person, name, sizeof name);
		printf(_("%s now has access to %s's record: %s.\n"),
		    argv[optind], name,
		    access_format(perms, words, sizeof words));
	}
	cli_close_session(st, s);
	return rc;
}

int
cmd_revoke(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct session *s;
	struct store *st;
	int64_t person;
	char name[160];
	int rc;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage_error(err, "revoke EMAIL");
	if (cli_open_for_person(cli, &st, &s, &person, err) != 0)
		return -1;
	rc = access_revoke(s, person, argv[1], err);
	if (rc == 0) {
		name_of(s, person, name, sizeof name);
		printf(_("%s no longer has access to %s's record; what is written from now on is sealed under a new key.\n"),
		    argv[1], name);
	}
	cli_close_session(st, s);
	return rc;
}

int
cmd_grants(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct access_grant *grants;
	char words[64], when[64];
	struct session *s;
	struct store *st;
	int64_t person;
	size_t n;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage_error(err, "grants");
	if (cli_open_for_person(cli, &st, &s, &person, err) != 0)
		return -1;
	rc = access_list_grants(s, person, &grants, &n, err);
	if (rc == 0) {
		if (n == 0)
			printf(_("No one else has access.\n"));
		for (size_t i = 0; i < n; i++) {
			session_format_local(grants[i].granted_at, when,
			    sizeof when);
			printf("%-32s %-24s %s\n", grants[i].email,
			    access_format(grants[i].permissions, words,
			    sizeof words), when);
		}
		free(grants);
	}
	cli_close_session(st, s);
	return rc;
}
