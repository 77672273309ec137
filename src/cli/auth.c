#include "config.h"

#include "cli/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "common/i18n.h"
#include "domain/keys.h"

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	interrupted = sig;
}

char *
cli_secret_alloc(struct error *err)
{
	char *buf = keys_secure_alloc(CLI_SECRET_SIZE);

	if (buf == NULL)
		error_set(err, ERR_INTERNAL, _("out of memory for a password"));
	else
		memset(buf, 0, CLI_SECRET_SIZE);
	return buf;
}

void
cli_secret_free(char *buf)
{
	keys_secure_free(buf);
}

/*
 * Reads one line of --password-fd a byte at a time, so that nothing past
 * it is consumed and a script may answer prompts as they come.
 */
static int
next_line(struct cli *cli, const char *prompt, char *buf, struct error *err)
{
	size_t len = 0;
	ssize_t n = 0;
	char c = 0;

	while (len + 1 < CLI_SECRET_SIZE) {
		n = read(cli->password_fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == '\n')
			break;
		buf[len++] = c;
	}
	if (n < 0) {
		error_set(err, ERR_IO,
		    _("cannot read the password from file descriptor %d: %s"),
		    cli->password_fd, strerror(errno));
		return -1;
	}
	if (len + 1 >= CLI_SECRET_SIZE) {
		error_set(err, ERR_USAGE, _("a line of --password-fd is too long"));
		return -1;
	}
	if (n == 0 && len == 0) {
		error_set(err, ERR_USAGE,
		    _("--password-fd %d ran out of lines; the next was to be: %s"),
		    cli->password_fd, prompt);
		return -1;
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return 0;
}

/* Reads a line from the terminal with echo off; signals cancel it. */
static int
read_without_echo(int tty, char *buf, struct error *err)
{
	size_t len = 0;
	char c;
	ssize_t n;

	while (len + 1 < CLI_SECRET_SIZE) {
		n = read(tty, &c, 1);
		if (n < 0 && errno == EINTR && !interrupted)
			continue;
		if (n <= 0 || interrupted || c == '\n')
			break;
		buf[len++] = c;
	}
	buf[len] = '\0';
	if (interrupted) {
		error_set(err, ERR_USAGE, _("cancelled; nothing changed"));
		return -1;
	}
	if (len + 1 >= CLI_SECRET_SIZE) {
		error_set(err, ERR_USAGE, _("the password is too long"));
		return -1;
	}
	return 0;
}

static int
ask_terminal(const char *prompt, char *buf, struct error *err)
{
	struct sigaction sa, old_int, old_term, old_hup;
	struct termios saved, quiet;
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	int rc;

	if (tty < 0 || tcgetattr(tty, &saved) != 0) {
		if (tty >= 0)
			close(tty);
		error_set(err, ERR_USAGE,
		    _("no terminal to ask \"%s\"; give it with --password-fd N"),
		    prompt);
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: read returns */
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	dprintf(tty, "%s: ", prompt);
	tcsetattr(tty, TCSAFLUSH, &quiet);
	rc = read_without_echo(tty, buf, err);
	tcsetattr(tty, TCSAFLUSH, &saved);
	dprintf(tty, "\n");
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	close(tty);
	return rc;
}

int
cli_read_secret(struct cli *cli, const char *prompt, char *buf,
    struct error *err)
{
	if (cli->password_fd >= 0)
		return next_line(cli, prompt, buf, err);
	return ask_terminal(prompt, buf, err);
}

int
cli_read_new_password(struct cli *cli, const char *prompt, char *buf,
    struct error *err)
{
	char again_prompt[256];
	char *again;
	int same;

	if (cli_read_secret(cli, prompt, buf, err) != 0)
		return -1;
	if (cli->password_fd >= 0)
		return 0;
	if ((again = cli_secret_alloc(err)) == NULL)
		return -1;
	snprintf(again_prompt, sizeof again_prompt, _("%s (again)"), prompt);
	if (cli_read_secret(cli, again_prompt, again, err) != 0) {
		cli_secret_free(again);
		return -1;
	}
	same = strcmp(buf, again) == 0;
	cli_secret_free(again);
	if (!same) {
		error_set(err, ERR_USAGE,
		    _("the two passwords typed differ; nothing changed"));
		return -1;
	}
	return 0;
}

int
cli_session_options(struct cli *cli, struct session_options *opts,
    struct error *err)
{
	session_options_defaults(opts);
	opts->clock = &cli->clock;
	opts->idle_lock_minutes = settings_number(&cli->cfg,
	    CFG_IDLE_LOCK_MINUTES);
	opts->origin = session_origin_from_environment(cli->origin,
	    sizeof cli->origin);
	if (settings_data_file("common-passwords.txt", cli->common_passwords,
	    sizeof cli->common_passwords, err) != 0)
		return -1;
	opts->common_passwords = cli->common_passwords;
	return 0;
}

static int
ask_code(void *ctx, char *code, size_t size, struct error *err)
{
	char *buf = cli_secret_alloc(err);
	int rc;

	if (buf == NULL)
		return -1;
	rc = cli_read_secret(ctx, _("One-time code from your authenticator app"),
	    buf, err);
	if (rc == 0 && strlen(buf) >= size) {
		error_set(err, ERR_DENIED,
		    _("a one-time code is the 6 digits your authenticator app shows"));
		rc = -1;
	}
	if (rc == 0)
		memcpy(code, buf, strlen(buf) + 1);
	cli_secret_free(buf);
	return rc;
}

int
cli_login_with(struct cli *cli, struct store *st, const char *password,
    struct session **s, struct error *err)
{
	struct session_options opts;
	struct login_request req;

	if (cli_session_options(cli, &opts, err) != 0)
		return -1;
	memset(&req, 0, sizeof req);
	req.email = cli->user_email;
	req.password = password;
	req.ask_code = ask_code;
	req.ask_ctx = cli;
	return session_login(st, &opts, &req, s, err);
}

int
cli_read_login_password(struct cli *cli, char *password, struct error *err)
{
	char prompt[320];

	if (cli->user_email == NULL) {
		error_set(err, ERR_USAGE,
		    _("this command acts for an account: add --user EMAIL"));
		return -1;
	}
	snprintf(prompt, sizeof prompt, _("Password for %s"),
	    cli->user_email);
	return cli_read_secret(cli, prompt, password, err);
}

int
cli_login(struct cli *cli, struct store *st, struct session **s,
    struct error *err)
{
	char *password = cli_secret_alloc(err);
	int rc;

	if (password == NULL)
		return -1;
	rc = cli_read_login_password(cli, password, err);
	if (rc == 0)
		rc = cli_login_with(cli, st, password, s, err);
	cli_secret_free(password);
	return rc;
}

int
cli_open_session(struct cli *cli, struct store **st, struct session **s,
    struct error *err)
{
	if (cli_open_store(cli, st, STORE_OPEN_EXISTING, err) != 0)
		return -1;
	if (cli_login(cli, *st, s, err) != 0) {
		store_close(*st);
		*st = NULL;
		return -1;
	}
	return 0;
}

void
cli_close_session(struct store *st, struct session *s)
{
	session_logout(s, LOGOUT_USER);
	store_close(st);
}

int
cli_person(struct cli *cli, struct session *s, int64_t *person_id,
    struct error *err)
{
	return session_resolve_person(s, cli->person, person_id, err);
}

int
cli_open_for_person(struct cli *cli, struct store **st, struct session **s,
    int64_t *person_id, struct error *err)
{
	if (cli_open_session(cli, st, s, err) != 0)
		return -1;
	if (cli_person(cli, *s, person_id, err) != 0) {
		cli_close_session(*st, *s);
		return -1;
	}
	return 0;
}
