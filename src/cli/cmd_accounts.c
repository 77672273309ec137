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
#include "service/account.h"
#include "service/session.h"
#include "domain/totp.h"

static void
print_recovery_code(const char *code, int fresh)
{
	printf(fresh ?
	    _("Recovery code (shown this once; the old one no longer works):\n") :
	    _("Recovery code (shown this once):\n"));
	printf("\n    %s\n\n", code);
	printf(_("Write it down and keep it away from this machine: with it, and only with it, a forgotten password can be replaced (\"prescripcare passwd --recover\").\n"));
}

/* useradd -------------------------------------------------------------- */

struct useradd_args {
	const char *email;
	const char *first;
	const char *last;
	bool admin;
};

static int
parse_useradd(int argc, char **argv, struct useradd_args *a)
{
	static const struct option opts[] = {
		{ "admin", no_argument, NULL, 'a' },
		{ "first", required_argument, NULL, 'f' },
		{ "last", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(a, 0, sizeof *a);
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			a->admin = true;
		else if (c == 'f')
			a->first = optarg;
		else if (c == 'l')
			a->last = optarg;
		else
			return -1;
	}
	if (optind + 1 != argc)
		return -1;
	a->email = argv[optind];
	return 0;
}

static int
create_account(struct cli *cli, struct store *st, struct session *creator,
    const struct useradd_args *a, struct error *err)
{
	struct account_request req = { a->email, NULL, a->admin, a->first,
	    a->last };
	char code[KEYS_RECOVERY_CODE_SIZE], prompt[320];
	struct session_options opts;
	char *password;
	int64_t id;
	int rc;

	if (cli_session_options(cli, &opts, err) != 0 ||
	    (password = cli_secret_alloc(err)) == NULL)
		return -1;
	snprintf(prompt, sizeof prompt, _("Password for the new account %s"),
	    a->email);
	rc = cli_read_new_password(cli, prompt, password, err);
	req.password = password;
	if (rc == 0)
		rc = account_create(st, &opts, creator, &req, code, &id, err);
	cli_secret_free(password);
	if (rc != 0)
		return -1;
	printf(_("Account %s created.\n"), a->email);
	if (creator == NULL)
		printf(_("It is the first account, so it administers this store: it creates and suspends accounts and reads the audit log, but sees no one's health data without a grant.\n"));
	print_recovery_code(code, 0);
	memset(code, 0, sizeof code);
	return 0;
}

int
cmd_useradd(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct session *admin = NULL;
	struct useradd_args a;
	struct store *st;
	bool is_new;
	int rc;

	if (parse_useradd(argc, argv, &a) != 0)
		return cli_usage_error(err,
		    "useradd EMAIL [--admin] [--first NAME] [--last NAME]");
	if (cli_open_store(cli, &st, STORE_OPEN_EXISTING, err) != 0)
		return -1;
	rc = account_store_is_new(st, &is_new, err);
	/* The first account needs no one to vouch for it; later ones do. */
	if (rc == 0 && !is_new)
		rc = cli_login(cli, st, &admin, err);
	if (rc == 0)
		rc = account_check_new_email(st, a.email, err);
	if (rc == 0)
		rc = create_account(cli, st, admin, &a, err);
	if (admin != NULL)
		session_logout(admin, LOGOUT_USER);
	store_close(st);
	return rc;
}

/* usermod -------------------------------------------------------------- */

int
cmd_usermod(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "unlock", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	const char *status = NULL;
	enum account_status st_value = ACCOUNT_ACTIVE;
	bool unlock = false;
	struct session *s;
	struct store *st;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			status = optarg;
		else if (c == 'u')
			unlock = true;
		else
			return cli_usage_error(err, "usermod EMAIL --status active|suspended|deactivated | --unlock");
	}
	if (optind + 1 != argc || (status == NULL) == !unlock)
		return cli_usage_error(err, "usermod EMAIL --status active|suspended|deactivated | --unlock");
	if (status != NULL &&
	    store_account_status_parse(status, &st_value) != 0) {
		error_set(err, ERR_USAGE,
		    _("unknown status \"%s\"; choose active, suspended or deactivated"),
		    status);
		return -1;
	}
	if (cli_open_session(cli, &st, &s, err) != 0)
		return -1;
	if (unlock)
		rc = account_unlock(s, argv[optind], err);
	else
		rc = account_set_status(s, argv[optind], st_value, err);
	if (rc == 0 && unlock)
		printf(_("%s is unlocked.\n"), argv[optind]);
	else if (rc == 0)
		printf(_("%s is now %s.\n"), argv[optind], status);
	cli_close_session(st, s);
	return rc;
}

/* passwd --------------------------------------------------------------- */

static int
recover(struct cli *cli, struct error *err)
{
	char code[KEYS_RECOVERY_CODE_SIZE], prompt[320];
	struct session_options opts;
	char *typed, *password = NULL;
	struct store *st;
	int rc;

	if (cli->user_email == NULL) {
		error_set(err, ERR_USAGE,
		    _("say whose password to replace with --user EMAIL"));
		return -1;
	}
	if (cli_session_options(cli, &opts, err) != 0 ||
	    (typed = cli_secret_alloc(err)) == NULL)
		return -1;
	snprintf(prompt, sizeof prompt, _("Recovery code for %s"),
	    cli->user_email);
	rc = cli_read_secret(cli, prompt, typed, err);
	if (rc == 0 && (password = cli_secret_alloc(err)) == NULL)
		rc = -1;
	if (rc == 0)
		rc = cli_read_new_password(cli, _("New password"), password,
		    err);
	if (rc == 0 && (rc = cli_open_store(cli, &st, STORE_OPEN_EXISTING,
	    err)) == 0) {
		rc = account_recover(st, &opts, cli->user_email, typed,
		    password, code, err);
		store_close(st);
	}
	cli_secret_free(typed);
	cli_secret_free(password);
	if (rc != 0)
		return -1;
	printf(_("Password changed.\n"));
	print_recovery_code(code, 1);
	memset(code, 0, sizeof code);
	return 0;
}

static int
change_password(struct cli *cli, struct error *err)
{
	char *current, *fresh = NULL;
	struct session *s = NULL;
	struct store *st;
	int rc;

	if ((current = cli_secret_alloc(err)) == NULL)
		return -1;
	rc = cli_read_login_password(cli, current, err);
	if (rc == 0 && (rc = cli_open_store(cli, &st, STORE_OPEN_EXISTING,
	    err)) == 0) {
		rc = cli_login_with(cli, st, current, &s, err);
		if (rc == 0 && (fresh = cli_secret_alloc(err)) == NULL)
			rc = -1;
		if (rc == 0)
			rc = cli_read_new_password(cli, _("New password"), fresh,
			    err);
		if (rc == 0)
			rc = account_change_password(s, current, fresh, err);
		if (s != NULL)
			session_logout(s, LOGOUT_USER);
		store_close(st);
	}
	cli_secret_free(current);
	cli_secret_free(fresh);
	if (rc == 0)
		printf(_("Password changed. Health data and the recovery code are unchanged.\n"));
	return rc;
}

int
cmd_passwd(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "recover", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	bool by_recovery = false;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r')
			return cli_usage_error(err, "passwd [--recover]");
		by_recovery = true;
	}
	if (optind != argc)
		return cli_usage_error(err, "passwd [--recover]");
	return by_recovery ? recover(cli, err) : change_password(cli, err);
}

/* totp ----------------------------------------------------------------- */

static int
totp_enable(struct cli *cli, struct session *s, struct error *err)
{
	struct totp_enrolment e;
	char *qr = NULL, *code;
	int rc;

	if (account_totp_begin(s, &e, err) != 0)
		return -1;
	rc = totp_qr_text(e.uri, &qr, err);
	if (rc == 0) {
		printf(_("Scan this code with an authenticator app, or enter the link by hand:\n\n"));
		fputs(qr, stdout);
		printf("\n%s\n\n", e.uri);
		fflush(stdout);
	}
	free(qr);
	code = rc == 0 ? cli_secret_alloc(err) : NULL;
	if (code == NULL)
		rc = -1;
	if (rc == 0)
		rc = cli_read_secret(cli, _("The 6-digit code the app shows now"),
		    code, err);
	if (rc == 0)
		rc = account_totp_enable(s, &e, code, err);
	cli_secret_free(code);
	account_totp_discard(&e);
	if (rc == 0)
		printf(_("Two-factor login is on: every login now asks for a one-time code.\n"));
	return rc;
}

int
cmd_totp(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct session *s;
	struct store *st;
	bool enable, on;
	int rc;

	if (argc != 2 || (strcmp(argv[1], "enable") != 0 &&
	    strcmp(argv[1], "disable") != 0))
		return cli_usage_error(err, "totp enable|disable");
	enable = strcmp(argv[1], "enable") == 0;
	if (cli_open_session(cli, &st, &s, err) != 0)
		return -1;
	rc = account_totp_enabled(s, &on, err);
	if (rc == 0 && on == enable) {
		error_set(err, ERR_CONFLICT, enable ?
		    _("two-factor login is on already; to move it to another phone, turn it off and on again") :
		    _("two-factor login is off already"));
		rc = -1;
	}
	if (rc == 0 && enable)
		rc = totp_enable(cli, s, err);
	else if (rc == 0) {
		rc = account_totp_disable(s, err);
		if (rc == 0)
			printf(_("Two-factor login is off.\n"));
	}
	cli_close_session(st, s);
	return rc;
}

/* audit ---------------------------------------------------------------- */

static int
print_audit_row(const struct store_audit_row *r, void *ctx)
{
	char when[64];

	(void)ctx;
	session_format_local(r->performed_at, when, sizeof when);
	printf("%s  %-24s %-15s", when, r->email[0] ? r->email : "-",
	    r->action);
	if (r->table[0] != '\0')
		printf(" %s", r->table);
	if (r->record_id != 0)
		printf("#%lld", (long long)r->record_id);
	if (r->person_id != 0)
		printf(_(" person %lld"), (long long)r->person_id);
	if (r->ip_address[0] != '\0')
		printf(_(" from %s"), r->ip_address);
	if (r->description[0] != '\0')
		printf(": %s", r->description);
	if (r->new_values[0] != '\0')
		printf(" %s", r->new_values);
	putchar('\n');
	return 0;
}

int
cmd_audit(struct cli *cli, int argc, char **argv, struct error *err)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "account", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	const char *account = NULL;
	struct session *s;
	struct store *st;
	long limit = 50;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			account = optarg;
		else if (c != 'n' || str_to_long(optarg, &limit) != 0 ||
		    limit < 1 || limit > 1000000)
			return cli_usage_error(err, "audit [--limit N] [--account EMAIL]");
	}
	if (optind != argc)
		return cli_usage_error(err, "audit [--limit N] [--account EMAIL]");
	if (cli_open_session(cli, &st, &s, err) != 0)
		return -1;
	rc = account_audit_read(s, account, (int)limit, print_audit_row, NULL,
	    err);
	cli_close_session(st, s);
	return rc;
}
