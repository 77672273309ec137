#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/care.h"
#include "cli/commands.h"
#include "common/date.h"
#include "common/i18n.h"
#include "service/access.h"
#include "service/pharmacies.h"
#include "service/providers.h"

#define ADD_USAGE "provider add --first-name F --last-name L [--title T]" \
	" [--specialty S] [--npi N] [--practice P] [--phone-number N]" \
	" [--email E] [--account EMAIL]"
#define LINK_USAGE "provider link ID --as primary_care|specialist|" \
	"pharmacist|other [--primary] [--can view,prescribe,modify]" \
	" [--since DATE]"
#define UNLINK_USAGE "provider unlink ID [--on DATE]"
#define PHARMACY_USAGE "pharmacy add --name N --type T --phone-number P" \
	" --address A --city C --state S --postal-code Z --country K" \
	" [--chain C]"

/*
 * The provider and pharmacy directories: public practice and business
 * details any account may read and add to, and the links between a
 * record and the providers who look after it.
 */

static int
parse_id(const char *text, int64_t *id, struct error *err)
{
	long value;

	if (care_parse_long("provider ID", text, 1, LONG_MAX, &value,
	    err) != 0)
		return -1;
	*id = value;
	return 0;
}

/* Add and list, the same for both directories ------------------------------ */

/* An option of an add command and the field of the input it fills. */
struct text_option {
	const char *name;
	size_t offset;		/* of a const char * in the input */
};

#define TEXT_OPTIONS_MAX 12

/* Reads --NAME VALUE options into the text fields of in. */
static int
parse_text_options(int argc, char **argv, const struct text_option *topts,
    size_t count, void *in, const char *usage, struct error *err)
{
	struct option opts[TEXT_OPTIONS_MAX + 1];
	int opt;

	memset(opts, 0, sizeof opts);
	for (size_t i = 0; i < count && i < TEXT_OPTIONS_MAX; i++) {
		opts[i].name = topts[i].name;
		opts[i].has_arg = required_argument;
		opts[i].val = (int)i + 1;
	}
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (opt < 1 || (size_t)opt > count)
			return care_option_error(opt, argv, usage, err);
		*(const char **)((char *)in + topts[opt - 1].offset) = optarg;
	}
	if (optind != argc)
		return cli_usage_error(err, usage);
	return 0;
}

/* What a directory's list command needs to know of it. */
struct directory {
	const char *list_usage;
	const char *none_match;		/* N_() */
	const char *empty;		/* N_() */
	int (*list)(struct session *s, const char *text, void **rows,
	    size_t *count, struct error *err);
	size_t row_size;
	void (*print)(const void *row);
};

static int
list_directory(struct cli *cli, int argc, char **argv,
    const struct directory *d, struct error *err)
{
	struct care c;
	void *rows;
	size_t n;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return cli_usage_error(err, d->list_usage);
	if (care_login(cli, &c, err) != 0)
		return -1;
	if (d->list(c.s, argc == 2 ? argv[1] : NULL, &rows, &n, err) != 0) {
		care_close(&c);
		return -1;
	}
	if (n == 0)
		printf("%s\n", argc == 2 ? _(d->none_match) : _(d->empty));
	for (size_t i = 0; i < n; i++)
		d->print((const char *)rows + i * d->row_size);
	free(rows);
	care_close(&c);
	return 0;
}

static void
print_provider(const void *row)
{
	const struct store_provider *p = row;
	char name[260];

	provider_display_name(p, name, sizeof name);
	printf("%-5lld %s", (long long)p->provider_id, name);
	if (p->specialty[0] != '\0')
		printf(", %s", p->specialty);
	if (p->practice_name[0] != '\0')
		printf(", %s", p->practice_name);
	if (p->npi_number[0] != '\0')
		printf(_(", NPI %s"), p->npi_number);
	if (p->phone_number[0] != '\0')
		printf(", %s", p->phone_number);
	if (p->user_id != 0)
		printf(_(" (has a login)"));
	if (!p->is_active)
		printf(_(" (inactive)"));
	putchar('\n');
}

/* provider add | list ---------------------------------------------------- */

static const struct text_option provider_options[] = {
	{ "first-name", offsetof(struct provider_input, first_name) },
	{ "last-name", offsetof(struct provider_input, last_name) },
	{ "title", offsetof(struct provider_input, title) },
	{ "specialty", offsetof(struct provider_input, specialty) },
	{ "npi", offsetof(struct provider_input, npi_number) },
	{ "practice", offsetof(struct provider_input, practice_name) },
	{ "phone-number", offsetof(struct provider_input, phone_number) },
	{ "email", offsetof(struct provider_input, email) },
	{ "account", offsetof(struct provider_input, account_email) },
};

static int
provider_add_command(struct cli *cli, int argc, char **argv,
    struct error *err)
{
	struct provider_input in;
	struct care c;
	int64_t id;

	memset(&in, 0, sizeof in);
	if (parse_text_options(argc, argv, provider_options,
	    sizeof provider_options / sizeof *provider_options, &in,
	    ADD_USAGE, err) != 0)
		return -1;
	if (in.first_name == NULL || in.last_name == NULL)
		return cli_usage_error(err, ADD_USAGE);
	if (care_login(cli, &c, err) != 0)
		return -1;
	if (provider_add(c.s, &in, &id, err) != 0) {
		care_close(&c);
		return -1;
	}
	printf(_("Provider %lld added to the directory: %s %s.\n"),
	    (long long)id, in.first_name, in.last_name);
	care_close(&c);
	return 0;
}

static int
list_providers(struct session *s, const char *text, void **rows,
    size_t *count, struct error *err)
{
	struct store_provider *list = NULL;
	int rc = provider_list(s, text, &list, count, err);

	*rows = list;
	return rc;
}

static const struct directory providers_directory = {
	"provider list [TEXT]", N_("No provider in the directory matches."),
	N_("The directory has no providers yet; add one with \"prescripcare provider add\"."),
	list_providers, sizeof(struct store_provider), print_provider
};

/* provider link | unlink -------------------------------------------------- */

struct link_args {
	struct provider_link_request req;
	const char *since;
};

static int
parse_link(int argc, char **argv, struct link_args *a, struct error *err)
{
	static const struct option opts[] = {
		{ "as", required_argument, NULL, 'a' },
		{ "primary", no_argument, NULL, 'p' },
		{ "can", required_argument, NULL, 'c' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	memset(a, 0, sizeof *a);
	a->req.rights = PROVIDER_VIEW;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (opt == 'a')
			a->req.type = optarg;
		else if (opt == 'p')
			a->req.primary = true;
		else if (opt == 'c') {
			if (provider_parse_rights(optarg, &a->req.rights,
			    err) != 0)
				return -1;
		} else if (opt == 's')
			a->since = optarg;
		else
			return care_option_error(opt, argv, LINK_USAGE, err);
	}
	if (optind + 1 != argc || a->req.type == NULL)
		return cli_usage_error(err, LINK_USAGE);
	return parse_id(argv[optind], &a->req.provider_id, err);
}

/* The link starts today unless --since names an earlier day. */
static int
link_from(struct care *c, struct link_args *a, struct error *err)
{
	if (care_today(c, &a->req.today, err) != 0)
		return -1;
	a->req.start_day = a->req.today;
	if (a->since != NULL && care_parse_day("--since", a->since,
	    &a->req.start_day, err) != 0)
		return -1;
	return provider_link(c->s, c->person, &a->req, err);
}

static int
provider_link_command(struct cli *cli, int argc, char **argv,
    struct error *err)
{
	struct link_args a;
	struct care c;
	char words[40];

	if (parse_link(argc, argv, &a, err) != 0 ||
	    care_open(cli, PERM_MANAGE, NULL, &c, err) != 0)
		return -1;
	if (link_from(&c, &a, err) != 0) {
		care_close(&c);
		return -1;
	}
	printf(_("Provider %lld is linked to %s's record as %s: %s.\n"),
	    (long long)a.req.provider_id, c.person_name,
	    provider_type_label(a.req.type),
	    provider_format_rights(a.req.rights, words, sizeof words));
	care_close(&c);
	return 0;
}

static int
provider_unlink_command(struct cli *cli, int argc, char **argv,
    struct error *err)
{
	static const struct option opts[] = {
		{ "on", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *on = NULL;
	struct care c;
	int64_t id;
	int opt, day;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (opt != 'o')
			return care_option_error(opt, argv, UNLINK_USAGE, err);
		on = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage_error(err, UNLINK_USAGE);
	if (parse_id(argv[optind], &id, err) != 0 ||
	    care_open(cli, PERM_MANAGE, NULL, &c, err) != 0)
		return -1;
	if ((on != NULL ? care_parse_day("--on", on, &day, err) :
	    care_today(&c, &day, err)) != 0 ||
	    provider_unlink(c.s, c.person, id, day, err) != 0) {
		care_close(&c);
		return -1;
	}
	printf(_("Provider %lld is no longer linked to %s's record.\n"),
	    (long long)id, c.person_name);
	care_close(&c);
	return 0;
}

int
cmd_provider(struct cli *cli, int argc, char **argv, struct error *err)
{
	const char *verb = argc >= 2 ? argv[1] : "";

	if (strcmp(verb, "add") == 0)
		return provider_add_command(cli, argc - 1, argv + 1, err);
	if (strcmp(verb, "list") == 0)
		return list_directory(cli, argc - 1, argv + 1,
		    &providers_directory, err);
	if (strcmp(verb, "link") == 0)
		return provider_link_command(cli, argc - 1, argv + 1, err);
	if (strcmp(verb, "unlink") == 0)
		return provider_unlink_command(cli, argc - 1, argv + 1, err);
	return cli_usage_error(err, "provider add|list|link|unlink");
}

/* providers --------------------------------------------------------------- */

int
cmd_providers(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct store_linked_provider *links;
	char words[40], since[DATE_TEXT_SIZE];
	struct care c;
	size_t n;

	(void)argv;
	if (argc != 1)
		return cli_usage_error(err, "providers");
	if (care_open(cli, PERM_VIEW, NULL, &c, err) != 0)
		return -1;
	if (provider_links(c.s, c.person, &links, &n, err) != 0) {
		care_close(&c);
		return -1;
	}
	if (n == 0)
		printf(_("No provider is linked to %s's record.\n"),
		    c.person_name);
	for (size_t i = 0; i < n; i++) {
		date_format(links[i].link.start_day, since);
		printf(_("%s%s since %s, may %s:\n  "),
		    provider_type_label(links[i].link.relationship_type),
		    links[i].link.is_primary ? _(" (primary)") : "", since,
		    provider_format_rights(provider_link_rights(
		    &links[i].link), words, sizeof words));
		print_provider(&links[i].provider);
	}
	free(links);
	care_close(&c);
	return 0;
}

/* pharmacy add | list ---------------------------------------------------- */

static const struct text_option pharmacy_options[] = {
	{ "name", offsetof(struct pharmacy_input, name) },
	{ "chain", offsetof(struct pharmacy_input, chain) },
	{ "type", offsetof(struct pharmacy_input, type) },
	{ "phone-number", offsetof(struct pharmacy_input, phone) },
	{ "address", offsetof(struct pharmacy_input, address_line1) },
	{ "city", offsetof(struct pharmacy_input, city) },
	{ "state", offsetof(struct pharmacy_input, state_province) },
	{ "postal-code", offsetof(struct pharmacy_input, postal_code) },
	{ "country", offsetof(struct pharmacy_input, country) },
};

static int
pharmacy_add_command(struct cli *cli, int argc, char **argv,
    struct error *err)
{
	struct pharmacy_input in;
	struct care c;
	int64_t id;

	memset(&in, 0, sizeof in);
	if (parse_text_options(argc, argv, pharmacy_options,
	    sizeof pharmacy_options / sizeof *pharmacy_options, &in,
	    PHARMACY_USAGE, err) != 0 ||
	    care_login(cli, &c, err) != 0)
		return -1;
	if (pharmacy_add(c.s, &in, &id, err) != 0) {
		care_close(&c);
		return -1;
	}
	printf(_("Pharmacy %lld added to the directory: %s.\n"),
	    (long long)id, in.name);
	care_close(&c);
	return 0;
}

static void
print_pharmacy(const void *row)
{
	const struct store_pharmacy *p = row;

	printf("%-5lld %s%s%s, %s, %s, %s %s, %s%s\n",
	    (long long)p->pharmacy_id, p->name, p->chain[0] ? " / " : "",
	    p->chain, p->phone, p->address_line1, p->city, p->postal_code,
	    p->country, p->is_active ? "" : _(" (inactive)"));
}

static int
list_pharmacies(struct session *s, const char *text, void **rows,
    size_t *count, struct error *err)
{
	struct store_pharmacy *list = NULL;
	int rc = pharmacy_list(s, text, &list, count, err);

	*rows = list;
	return rc;
}

static const struct directory pharmacies_directory = {
	"pharmacy list [TEXT]", N_("No pharmacy in the directory matches."),
	N_("The directory has no pharmacies yet; add one with \"prescripcare pharmacy add\"."),
	list_pharmacies, sizeof(struct store_pharmacy), print_pharmacy
};

int
cmd_pharmacy(struct cli *cli, int argc, char **argv, struct error *err)
{
	const char *verb = argc >= 2 ? argv[1] : "";

	if (strcmp(verb, "add") == 0)
		return pharmacy_add_command(cli, argc - 1, argv + 1, err);
	if (strcmp(verb, "list") == 0)
		return list_directory(cli, argc - 1, argv + 1,
		    &pharmacies_directory, err);
	return cli_usage_error(err, "pharmacy add|list");
}
