#ifndef PC_CLI_AUTH_H
#define PC_CLI_AUTH_H

#include <stddef.h>

#include "cli/cli.h"
#include "service/session.h"

/*
 * Secrets on the command line: read from the terminal without echo, or,
 * with --password-fd N, one a line from that descriptor in the order the
 * prompts would ask for them.  Every secret is held in locked memory and
 * wiped after use.
 */

/* Room for one secret line, terminator included. */
#define CLI_SECRET_SIZE 1100

/*
 * Reads one secret into buf (locked memory from cli_secret_alloc): the
 * next line of --password-fd, or a line typed at the terminal after the
 * prompt, without echo.
 */
int cli_read_secret(struct cli *cli, const char *prompt, char *buf,
    struct error *err);

/*
 * Reads a new password: one line of --password-fd, or typed twice at the
 * terminal and refused when the two differ.
 */
int cli_read_new_password(struct cli *cli, const char *prompt, char *buf,
    struct error *err);

/* A CLI_SECRET_SIZE buffer in locked memory, or NULL with err filled. */
char *cli_secret_alloc(struct error *err);

/* Wipes and frees a buffer from cli_secret_alloc; NULL is allowed. */
void cli_secret_free(char *buf);

/* The session options for this run: settings, clock, origin, list. */
int cli_session_options(struct cli *cli, struct session_options *opts,
    struct error *err);

/*
 * Logs in as --user, asking for the password (and the one-time code when
 * the account has a second factor); refuses when --user is missing.
 */
int cli_login(struct cli *cli, struct store *st, struct session **s,
    struct error *err);

/* Reads the password of --user; refuses when --user is missing. */
int cli_read_login_password(struct cli *cli, char *password,
    struct error *err);

/* Logs in as --user with a password already read. */
int cli_login_with(struct cli *cli, struct store *st, const char *password,
    struct session **s, struct error *err);

/* Opens the store and logs in as --user; on failure nothing stays open. */
int cli_open_session(struct cli *cli, struct store **st,
    struct session **s, struct error *err);

/* Logs out and closes the store. */
void cli_close_session(struct store *st, struct session *s);

/* The person --person names for the session (default: the account's). */
int cli_person(struct cli *cli, struct session *s, int64_t *person_id,
    struct error *err);

/*
 * Opens the store, logs in as --user and finds --person; on failure
 * nothing stays open.
 */
int cli_open_for_person(struct cli *cli, struct store **st,
    struct session **s, int64_t *person_id, struct error *err);

#endif
