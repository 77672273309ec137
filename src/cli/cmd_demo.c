#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/auth.h"
#include "cli/commands.h"
#include "cli/demo.h"
#include "common/i18n.h"
#include "service/access.h"
#include "service/account.h"
#include "service/health.h"
#include "service/pharmacies.h"
#include "service/providers.h"

/*
 * The demo's accounts, with fixed passwords that are printed at the end
 * and listed in the README: the store is for trying the program out,
 * never for real records.  Every name, address and number is made up.
 */
struct demo_account {
	const char *email;
	const char *password;
	const char *first;
	const char *last;
	const char *role;
};

enum { ADMIN, ADA, CLARA, PAT, N_ACCOUNTS };

static const struct demo_account accounts[N_ACCOUNTS] = {
	{ "admin@example.org", "admin-demo-pass", "Alex", "Admin",
	    N_("administrator: accounts and the audit log, no health data") },
	{ "ada@example.org", "ada-demo-pass", "Ada", "Example",
	    N_("a patient with four medications and 90 days of doses") },
	{ "clara@example.org", "clara-demo-pass", "Clara", "Example",
	    N_("Ada's daughter: helps Ada, and looks after her father Walter, who has no login") },
	{ "pat@example.org", "pat-demo-pass", "Pat", "Chemist",
	    N_("a pharmacist who may view Ada's and Walter's records") },
};

/* One "--set field=value" of a made-up profile. */
struct demo_field {
	enum profile_field field;
	const char *value;
};

static const struct demo_field ada_profile[] = {
	{ PF_DATE_OF_BIRTH, "1949-05-14" },
	{ PF_GENDER, "female" },
	{ PF_PHONE_NUMBER, "+1 555 0100 201" },
	{ PF_HEIGHT_CM, "163" },
	{ PF_WEIGHT_KG, "71.5" },
	{ PF_BLOOD_TYPE, "A+" },
	{ PF_ADDRESS_LINE1, "12 Example Lane" },
	{ PF_CITY, "Sampleton" },
	{ PF_POSTAL_CODE, "00012" },
	{ PF_COUNTRY, "Exampleland" },
	{ PF_EMERGENCY_CONTACT_NAME, "Clara Example" },
	{ PF_EMERGENCY_CONTACT_PHONE, "+1 555 0100 202" },
	{ PF_TIMEZONE, DEMO_ZONE },
};

static const struct demo_field walter_profile[] = {
	{ PF_GENDER, "male" },
	{ PF_PHONE_NUMBER, "+1 555 0100 203" },
	{ PF_HEIGHT_CM, "178" },
	{ PF_WEIGHT_KG, "80" },
	{ PF_ADDRESS_LINE1, "12 Example Lane" },
	{ PF_CITY, "Sampleton" },
	{ PF_POSTAL_CODE, "00012" },
	{ PF_COUNTRY, "Exampleland" },
	{ PF_TIMEZONE, DEMO_ZONE },
};

static const struct allergy_input ada_allergies[] = {
	{ "Penicillin", "drug", "severe", "hives and swelling", true },
	{ "Shellfish", "food", "mild", "itching", false },
};

static const struct allergy_input walter_allergies[] = {
	{ "Sulfonamides", "drug", "moderate", "rash", true },
};

static const struct condition_input ada_conditions[] = {
	{ "Type 2 diabetes", "E11.9", "moderate", "2011-06-01", "managed",
	    NULL },
	{ "Hypertension", "I10", "mild", "2014-03-15", "managed", NULL },
	{ "High cholesterol", "E78.5", "mild", "2016-09-20", "active",
	    NULL },
};

static const struct condition_input walter_conditions[] = {
	{ "Atrial fibrillation", "I48.91", "moderate", "2019-02-11",
	    "managed", "on warfarin; INR every four weeks" },
	{ "Hypothyroidism", "E03.9", "mild", "2009-10-05", "managed", NULL },
	{ "COPD flare", "J44.1", "moderate", NULL, "resolved",
	    "treated with a prednisone taper" },
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* Accounts ---------------------------------------------------------------- */

static int
login(struct store *st, const struct session_options *opts, int who,
    struct session **s, struct error *err)
{
	struct login_request req;

	memset(&req, 0, sizeof req);
	req.email = accounts[who].email;
	req.password = accounts[who].password;
	return session_login(st, opts, &req, s, err);
}

/* Creates the four accounts; the first administers the store. */
static int
create_accounts(struct store *st, const struct session_options *opts,
    struct error *err)
{
	char code[KEYS_RECOVERY_CODE_SIZE];
	struct session *admin = NULL;
	int64_t id;
	int rc = 0;

	for (int i = 0; i < N_ACCOUNTS && rc == 0; i++) {
		struct account_request req = { accounts[i].email,
		    accounts[i].password, false, accounts[i].first,
		    accounts[i].last };

		rc = account_create(st, opts, admin, &req, code, &id, err);
		if (rc == 0 && i == ADMIN)
			rc = login(st, opts, ADMIN, &admin, err);
	}
	memset(code, 0, sizeof code);
	if (admin != NULL)
		session_logout(admin, LOGOUT_USER);
	return rc;
}

/* Health records ------------------------------------------------------------ */

static int
fill_profile(struct session *s, int64_t person, const struct demo_field *f,
    size_t n, struct error *err)
{
	struct profile_change changes[PF_COUNT];

	for (size_t i = 0; i < n; i++) {
		changes[i].field = f[i].field;
		changes[i].value = f[i].value;
	}
	return health_profile_update(s, person, changes, n, err);
}

static int
fill_record(struct session *s, int64_t person,
    const struct allergy_input *allergies, size_t n_allergies,
    const struct condition_input *conditions, size_t n_conditions,
    struct error *err)
{
	int64_t id;

	for (size_t i = 0; i < n_allergies; i++) {
		if (health_allergy_add(s, person, &allergies[i], &id, err) != 0)
			return -1;
	}
	for (size_t i = 0; i < n_conditions; i++) {
		if (health_condition_add(s, person, &conditions[i], &id,
		    err) != 0)
			return -1;
	}
	return 0;
}

/* Ada's record, and the grants to her daughter and her pharmacist. */
static int
ada_record(struct session *ada, struct error *err)
{
	int64_t self = session_self_person(ada);

	if (fill_profile(ada, self, ada_profile, COUNT(ada_profile),
	    err) != 0 ||
	    fill_record(ada, self, ada_allergies, COUNT(ada_allergies),
	    ada_conditions, COUNT(ada_conditions), err) != 0)
		return -1;
	if (access_grant(ada, self, accounts[CLARA].email,
	    PERM_VIEW | PERM_RECORD | PERM_EDIT | PERM_ALERTS, err) != 0)
		return -1;
	return access_grant(ada, self, accounts[PAT].email, PERM_VIEW, err);
}

/*
 * Ada's family doctor, who has no login here, may view and prescribe;
 * her prescriptions point to this directory entry, and the household's
 * fills to the pharmacy on the corner.
 */
static int
directory_entries(struct demo *d, struct session *ada, struct error *err)
{
	struct pharmacy_input corner = { "Corner Pharmacy", NULL, "retail",
	    "+1 555 0199", "1 Example Street", "Springfield", "IL", "62701",
	    "US" };
	struct provider_input doctor = { "Iris", "Example", "Dr",
	    "Family medicine", "1234567893", "Harbour Family Practice",
	    "+1 555 0142", NULL, NULL };
	struct provider_link_request link = { 0, "primary_care", true,
	    PROVIDER_VIEW | PROVIDER_PRESCRIBE, d->today - 400, d->today };

	if (provider_add(ada, &doctor, &link.provider_id, err) != 0 ||
	    pharmacy_add(ada, &corner, &d->pharmacy, err) != 0)
		return -1;
	d->ada_doctor = link.provider_id;
	return provider_link(ada, session_self_person(ada), &link, err);
}

/* Walter has no login: Clara creates and manages his record. */
static int
walter_record(struct session *clara, int64_t *walter, struct error *err)
{
	if (health_person_add(clara, "Walter", "Example", "1944-11-02",
	    walter, err) != 0 ||
	    fill_profile(clara, *walter, walter_profile,
	    COUNT(walter_profile), err) != 0 ||
	    fill_record(clara, *walter, walter_allergies,
	    COUNT(walter_allergies), walter_conditions,
	    COUNT(walter_conditions), err) != 0)
		return -1;
	return access_grant(clara, *walter, accounts[PAT].email, PERM_VIEW,
	    err);
}

/* The household ------------------------------------------------------------ */

static int
refuse_used_store(struct store *st, struct error *err)
{
	bool is_new;

	if (account_store_is_new(st, &is_new, err) != 0)
		return -1;
	if (is_new)
		return 0;
	error_set(err, ERR_CONFLICT,
	    _("%s already holds accounts; the demo fills only a new store, so that made-up people never mix with real ones: choose another with --db PATH"),
	    store_path(st));
	return -1;
}

/* Points the demo's sessions at their records and at the demo's clock. */
static int
enter_records(struct demo *d, struct store *st, struct session *ada,
    struct session *clara, int64_t walter, struct error *err)
{
	struct care *cares[] = { &d->ada, &d->clara_ada, &d->clara_walter };
	int64_t people[] = { session_self_person(ada),
	    session_self_person(ada), walter };

	care_attach(&d->ada, d->cli, st, ada);
	care_attach(&d->clara_ada, d->cli, st, clara);
	care_attach(&d->clara_walter, d->cli, st, clara);
	for (size_t i = 0; i < COUNT(cares); i++) {
		if (care_enter(cares[i], people[i], PERM_EDIT, NULL, err) != 0)
			return -1;
		cares[i]->ctx.clock = &d->clock;
	}
	d->now = clock_now(&d->cli->clock);
	d->clock = clock_fixed(d->now);
	d->seed = 0x9e3779b97f4a7c15ULL ^ (uint64_t)(d->now / 86400);
	if (tz_open(&d->tz, DEMO_ZONE, err) != 0)
		return -1;
	d->today = tz_day_of(d->tz, d->now);
	return 0;
}

static int
build(struct demo *d, struct store *st, struct error *err)
{
	struct session *ada = NULL, *clara = NULL;
	struct session_options opts;
	int64_t walter = 0;
	int rc;

	rc = cli_session_options(d->cli, &opts, err);
	if (rc == 0)
		rc = create_accounts(st, &opts, err);
	if (rc == 0)
		rc = login(st, &opts, ADA, &ada, err);
	if (rc == 0)
		rc = ada_record(ada, err);
	if (rc == 0)
		rc = login(st, &opts, CLARA, &clara, err);
	if (rc == 0)
		rc = walter_record(clara, &walter, err);
	if (rc == 0)
		rc = enter_records(d, st, ada, clara, walter, err);
	if (rc == 0)
		rc = directory_entries(d, ada, err);
	if (rc == 0)
		rc = demo_medications(d, err);
	if (rc == 0)
		rc = demo_history(d, err);
	tz_close(d->tz);
	if (clara != NULL)
		session_logout(clara, LOGOUT_USER);
	if (ada != NULL)
		session_logout(ada, LOGOUT_USER);
	return rc;
}

static void
print_accounts(const struct demo *d, const char *path)
{
	printf(_("A made-up household is ready in %s, with %ld doses recorded over the last %d days.\n\n"),
	    path, d->doses, DEMO_DAYS);
	printf(_("Accounts and their demo passwords (for trying the program out only):\n"));
	for (int i = 0; i < N_ACCOUNTS; i++)
		printf("  %-20s %-16s %s\n", accounts[i].email,
		    accounts[i].password, _(accounts[i].role));
	printf(_("\nTry, for example:\n"));
	printf("  prescripcare --db %s --user ada@example.org today\n", path);
	printf("  prescripcare --db %s --user clara@example.org --person Walter adherence\n",
	    path);
}

/* A failure after the first account leaves a store the demo refuses. */
static void
explain_half_way(struct store *st, struct error *err)
{
	char why[sizeof err->text];
	struct error ignored;
	bool is_new;

	if (account_store_is_new(st, &is_new, &ignored) != 0 || is_new)
		return;
	snprintf(why, sizeof why, "%s", err->text);
	error_set(err, err->kind,
	    _("%s; the demo stopped half-way: remove %s and run it again"),
	    why, store_path(st));
}

int
cmd_demo(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct store *st;
	struct demo d;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage_error(err, "demo");
	if (cli_open_store(cli, &st, STORE_OPEN_CREATE, err) != 0)
		return -1;
	memset(&d, 0, sizeof d);
	d.cli = cli;
	rc = refuse_used_store(st, err);
	if (rc == 0)
		rc = cli_after_init(cli, st, err);
	if (rc == 0 && build(&d, st, err) != 0) {
		explain_half_way(st, err);
		rc = -1;
	}
	if (rc == 0)
		print_accounts(&d, store_path(st));
	store_close(st);
	return rc;
}
