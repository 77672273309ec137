#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/remind_run.h"
#include "common/i18n.h"
#include "common/process.h"
#include "service/remind_engine.h"
#include "service/timer.h"
#include "store/store_notify.h"

/* After SIGTERM, a command that overran its time gets this long to end. */
#define KILL_GRACE_MS 5000

struct remind_options {
	bool daemon;
	bool foreground;
	const char *command;	/* --command, which a reload keeps */
	const char *pid_file;
};

/* The delivery under way: the daemon runs one command at a time. */
struct sending {
	struct timer_delivery *delivery;
	struct remind_notice *notices;	/* the ones this process claimed */
	int64_t *ids;
	size_t count;
	pid_t pid;
	int64_t deadline_ms;		/* on CLOCK_MONOTONIC */
	bool stopped;			/* overran: was sent SIGTERM */
};

struct daemon {
	struct cli *cli;
	struct store *st;
	struct timer *timer;
	char owner[320];
	char *command;
	bool command_fixed;
	bool foreground;
	sigset_t orig_mask;
	struct timer_manual_clock fixed_clock;	/* under PRESCRIPCARE_NOW */
	struct sending now;
};

/* The handlers only raise these; the main loop does the work. */
static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;
static volatile sig_atomic_t child_exited;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_requested = 1;
	else if (sig == SIGCHLD)
		child_exited = 1;
	else
		stop_requested = 1;
}

/* Errors go to stderr in the foreground, to syslog once detached. */
static void
complain(const struct daemon *d, const struct error *err)
{
	if (d->foreground)
		fprintf(stderr, "prescripcare remind: %s\n", err->text);
	else
		syslog(LOG_ERR, "%s", err->text);
}

/* Options ---------------------------------------------------------------- */

static int
usage(struct error *err)
{
	return cli_usage_error(err,
	    "remind --daemon [--foreground] [--command CMD] [--pid-file PATH]");
}

static int
parse_options(int argc, char **argv, struct remind_options *o,
    struct error *err)
{
	static const struct option opts[] = {
		{ "daemon", no_argument, NULL, 'd' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "command", required_argument, NULL, 'c' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			o->daemon = true;
		else if (c == 'f')
			o->foreground = true;
		else if (c == 'c')
			o->command = optarg;
		else if (c == 'p')
			o->pid_file = optarg;
		else
			return usage(err);
	}
	if (optind != argc || !o->daemon)
		return usage(err);
	if (o->command != NULL && *o->command == '\0') {
		error_set(err, ERR_USAGE,
		    _("--command needs a command line, such as --command 'notify-send Reminder \"$(cat)\"'"));
		return -1;
	}
	return 0;
}

static int
choose_command(struct daemon *d, const struct remind_options *o,
    struct error *err)
{
	const char *cmd = o->command;

	d->command_fixed = cmd != NULL;
	if (cmd == NULL)
		cmd = settings_text(&d->cli->cfg, CFG_REMIND_COMMAND);
	if (cmd == NULL || *cmd == '\0') {
		error_set(err, ERR_USAGE,
		    _("the reminder daemon needs a command to deliver through: give --command CMD or set remind_command in the configuration file"));
		return -1;
	}
	d->command = strdup(cmd);
	if (d->command == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	return 0;
}

/* The pid file ------------------------------------------------------------ */

static int
pid_path(const struct cli *cli, const struct remind_options *o, char *buf,
    size_t size, struct error *err)
{
	const char *chosen = o->pid_file;
	int n;

	if (chosen == NULL)
		chosen = settings_text(&cli->cfg, CFG_PID_FILE);
	if (chosen != NULL)
		n = snprintf(buf, size, "%s", chosen);
	else
		n = snprintf(buf, size, "%s.remind.pid", cli->db_path);
	if (n < 0 || (size_t)n >= size || buf[0] == '\0') {
		error_set(err, ERR_USAGE, _("the pid file's path is too long"));
		return -1;
	}
	return 0;
}

static void
refuse_second(int fd, const char *path, struct error *err)
{
	char text[32] = "";
	ssize_t n = pread(fd, text, sizeof text - 1, 0);

	text[n > 0 ? n : 0] = '\0';
	text[strcspn(text, "\n")] = '\0';
	error_set(err, ERR_CONFLICT,
	    _("another reminder daemon (pid %s) holds %s; stop it first, or give this one another --pid-file"),
	    text[0] != '\0' ? text : "?", path);
}

/*
 * Takes the pid file with an exclusive lock that the kernel drops when
 * the holder dies, so a stale file left by a killed daemon is taken over
 * while a live daemon's is refused.  The lock belongs to the open file,
 * which a detaching fork shares with the daemon it leaves behind.
 */
static int
pidfile_take(const char *path, int *out, struct error *err)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		struct stat held, named;
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

		if (fd < 0) {
			error_set(err, ERR_IO, _("cannot open the pid file %s: %s"),
			    path, strerror(errno));
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			refuse_second(fd, path, err);
			close(fd);
			return -1;
		}

		/* A daemon that was ending may have removed it meanwhile. */
		if (fstat(fd, &held) == 0 && stat(path, &named) == 0 &&
		    held.st_dev == named.st_dev &&
		    held.st_ino == named.st_ino) {
			*out = fd;
			return 0;
		}
		close(fd);
	}
	error_set(err, ERR_IO, _("the pid file %s keeps changing under us"),
	    path);
	return -1;
}

static int
pidfile_write(int fd, const char *path, struct error *err)
{
	char text[32];
	int len = snprintf(text, sizeof text, "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)len, 0) != len) {
		error_set(err, ERR_IO, _("cannot write the pid file %s: %s"),
		    path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Detaching --------------------------------------------------------------- */

/*
 * Leaves the terminal the classic way (fork, setsid, fork).  The first
 * process waits until the daemon says it is ready or why it is not, so
 * "remind --daemon" still reports a failure with its exit status.
 * Returns 1 in that first process with *status set, 0 in the daemon with
 * *ready the descriptor to report on, -1 on failure.
 */
static int
detach(int *ready, int *status, struct error *err)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		error_set(err, ERR_IO, _("cannot start the daemon: %s"),
		    strerror(errno));
		return -1;
	}
	if (pid > 0) {
		char msg[600] = "";
		ssize_t n;

		close(p[1]);
		n = read(p[0], msg, sizeof msg - 1);
		close(p[0]);
		waitpid(pid, NULL, 0);
		msg[n > 0 ? n : 0] = '\0';
		if (n > 0 && msg[0] == '+') {
			*status = 0;
			return 1;
		}
		error_set(err, ERR_IO, "%s", n > 1 ? msg + 1 :
		    _("the daemon ended before it was ready"));
		*status = -1;
		return 1;
	}
	close(p[0]);
	if (setsid() < 0 || (pid = fork()) < 0)
		_exit(70);
	if (pid > 0)
		_exit(0);
	if (chdir("/") != 0)
		_exit(70);
	*ready = p[1];
	return 0;
}

static void
quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

static void
report_ready(int *ready, const struct error *err)
{
	char msg[600];
	int len;

	if (*ready < 0)
		return;
	len = snprintf(msg, sizeof msg, "%c%s", err == NULL ? '+' : '-',
	    err == NULL ? "" : err->text);
	if (write(*ready, msg, (size_t)len) < 0)
		len = 0;
	close(*ready);
	*ready = -1;
}

/* Delivering -------------------------------------------------------------- */

static int64_t
now_utc(const struct daemon *d)
{
	return clock_now(&d->cli->clock);
}

static void
sending_clear(struct daemon *d)
{
	timer_finish(d->timer, d->now.delivery);
	free(d->now.notices);
	free(d->now.ids);
	memset(&d->now, 0, sizeof d->now);
}

static void
record_outcome(struct daemon *d, bool ok, const char *reason)
{
	struct error err;
	int rc;

	if (ok)
		rc = store_notify_delivered(d->st, d->now.ids, d->now.count,
		    d->owner, NOTIFY_BY_COMMAND, now_utc(d), &err);
	else
		rc = store_notify_failed(d->st, d->now.ids, d->now.count,
		    d->owner, reason, now_utc(d), &err);
	if (rc != 0)
		complain(d, &err);
	sending_clear(d);
}

/* Keeps only the notifications this process won the claim on. */
static int
claim(struct daemon *d, struct timer_delivery *td, struct error *err)
{
	size_t n = td->count, won;
	int64_t *ids = calloc(n, sizeof *ids);
	bool *mine = calloc(n, sizeof *mine);
	struct remind_notice *kept = calloc(n, sizeof *kept);
	int rc = -1;

	d->now.delivery = td;
	if (ids == NULL || mine == NULL || kept == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = td->notices[i].id;
	if (store_notify_claim(d->st, ids, n, d->owner, now_utc(d), mine,
	    &won, err) != 0)
		goto done;
	d->now.count = 0;
	for (size_t i = 0; i < n; i++) {
		if (!mine[i])
			continue;
		kept[d->now.count] = td->notices[i];
		ids[d->now.count++] = td->notices[i].id;
	}
	d->now.notices = kept;
	d->now.ids = ids;
	kept = NULL;
	ids = NULL;
	rc = 0;
done:
	free(ids);
	free(mine);
	free(kept);
	return rc;
}

static void
start_next(struct daemon *d)
{
	struct timer_delivery *td = timer_take(d->timer);
	struct remind_run_input in;
	struct error err;

	if (td == NULL)
		return;
	if (claim(d, td, &err) != 0) {
		complain(d, &err);
		sending_clear(d);
		return;
	}
	if (d->now.count == 0) {
		sending_clear(d);
		return;
	}

	/* In quiet hours a dose reminder stays on the screens, unsent. */
	if (td->action == QUIET_SILENT) {
		if (store_notify_delivered(d->st, d->now.ids, d->now.count,
		    d->owner, NOTIFY_IN_APP, now_utc(d), &err) != 0)
			complain(d, &err);
		sending_clear(d);
		return;
	}
	in.command = d->command;
	in.notices = d->now.notices;
	in.count = d->now.count;
	in.summary = td->summary;
	in.clock = &td->clock;
	if (remind_run_start(&in, &d->orig_mask, &d->now.pid, &err) != 0) {
		complain(d, &err);
		record_outcome(d, false, err.text);
		return;
	}
	d->now.deadline_ms = clock_monotonic_ms() +
	    REMIND_COMMAND_TIMEOUT_SECONDS * 1000;
}

static void
reap(struct daemon *d)
{
	pid_t pid;
	int status;

	child_exited = 0;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		char reason[200];
		bool ok;

		if (pid != d->now.pid)
			continue;
		ok = remind_run_succeeded(status, reason, sizeof reason);
		if (d->now.stopped)
			snprintf(reason, sizeof reason,
			    "the command ran longer than %d seconds and was stopped",
			    REMIND_COMMAND_TIMEOUT_SECONDS);
		record_outcome(d, ok && !d->now.stopped, reason);
	}
}

static void
stop_overrun(struct daemon *d)
{
	if (d->now.pid <= 0 || clock_monotonic_ms() < d->now.deadline_ms)
		return;
	if (kill(-d->now.pid, d->now.stopped ? SIGKILL : SIGTERM) != 0)
		kill(d->now.pid, d->now.stopped ? SIGKILL : SIGTERM);
	d->now.stopped = true;
	d->now.deadline_ms = clock_monotonic_ms() + KILL_GRACE_MS;
}

/* Housekeeping ------------------------------------------------------------ */

struct owners {
	char **names;
	size_t count;
};

static void
collect_owner(void *ctx, const char *owner)
{
	struct owners *o = ctx;
	char **grown;

	if (process_owner_alive(owner) != 0)
		return;
	grown = realloc(o->names, (o->count + 1) * sizeof *grown);
	if (grown == NULL)
		return;
	o->names = grown;
	if ((o->names[o->count] = strdup(owner)) != NULL)
		o->count++;
}

/*
 * Claims left by a process of this machine that is gone are dropped now,
 * rather than after STORE_NOTIFY_STALE_SECONDS: what a killed daemon was
 * delivering is delivered again at once, and only once.
 */
static void
release_dead_claims(struct daemon *d)
{
	struct owners dead = { NULL, 0 };
	struct error err;
	size_t released;

	if (store_notify_claim_owners(d->st, collect_owner, &dead, &err) != 0)
		complain(d, &err);
	for (size_t i = 0; i < dead.count; i++) {
		if (store_notify_release(d->st, dead.names[i], &released,
		    &err) != 0)
			complain(d, &err);
		free(dead.names[i]);
	}
	free(dead.names);
}

static struct remind_rules
rules_of(const struct settings *cfg)
{
	struct remind_rules rules = {
		(int)settings_number(cfg, CFG_GRACE_MINUTES),
		(int)settings_number(cfg, CFG_REFILL_WARN_DAYS),
	};

	return rules;
}

/*
 * SIGHUP: settings are read again and the queue planned anew under them;
 * the store stays the one opened.
 */
static void
reload(struct daemon *d)
{
	struct settings cfg;
	struct remind_rules rules;
	struct error err;
	const char *cmd;
	char *copy = NULL;

	reload_requested = 0;
	settings_defaults(&cfg);
	if (settings_load(&cfg, &err) != 0) {
		complain(d, &err);
		settings_free(&cfg);
		return;
	}
	cmd = settings_text(&cfg, CFG_REMIND_COMMAND);
	if (!d->command_fixed && cmd != NULL && *cmd != '\0' &&
	    (copy = strdup(cmd)) != NULL) {
		free(d->command);
		d->command = copy;
	}
	settings_free(&d->cli->cfg);
	d->cli->cfg = cfg;
	release_dead_claims(d);
	rules = rules_of(&d->cli->cfg);
	timer_replan(d->timer, &rules);
}

static void
report_timer_failure(struct daemon *d)
{
	struct error err;

	if (timer_failure(d->timer, &err))
		complain(d, &err);
}

/* The main loop ---------------------------------------------------------- */

static int
serve(struct daemon *d, struct error *err)
{
	while (!stop_requested || d->now.pid > 0) {
		struct pollfd pfd = { timer_fd(d->timer), POLLIN, 0 };
		bool busy = d->now.pid > 0;
		struct timespec ts;
		int64_t wait = busy ? d->now.deadline_ms - clock_monotonic_ms() : 0;

		if (wait < 0)
			wait = 0;
		ts.tv_sec = (time_t)(wait / 1000);
		ts.tv_nsec = (long)(wait % 1000) * 1000000;
		if (ppoll(&pfd, busy || stop_requested ? 0 : 1,
		    busy ? &ts : NULL, &d->orig_mask) < 0 && errno != EINTR) {
			error_set(err, ERR_IO, _("the reminder loop failed: %s"),
			    strerror(errno));
			return -1;
		}
		if (child_exited)
			reap(d);
		if (reload_requested)
			reload(d);
		stop_overrun(d);
		report_timer_failure(d);
		if (d->now.pid <= 0 && !stop_requested)
			start_next(d);
	}
	return 0;
}

static int
catch_signals(struct daemon *d)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGCHLD };
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sigaddset(&block, sigs[i]);
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return -1;
	}

	/* Blocked except inside ppoll, so no signal slips between checks. */
	return sigprocmask(SIG_BLOCK, &block, &d->orig_mask);
}

/*
 * The timer thread plans the queue as well as delivering from it: it
 * already wakes when another connection commits, when the clock is set
 * and after a suspend, which are the moments a plan can go stale.
 */
static int
start_engine(struct daemon *d, struct error *err)
{
	struct remind_rules rules = rules_of(&d->cli->cfg);
	struct timer_config tc;

	memset(&tc, 0, sizeof tc);
	tc.db_path = d->cli->db_path;
	tc.clock = timer_clock_system();
	tc.filter.audience = NOTIFY_FOR_COMMAND;
	tc.filter.user_id = 0;
	tc.watch_store = true;
	tc.plan = &rules;

	/* PRESCRIPCARE_NOW pins the clock for end-to-end tests. */
	if (d->cli->clock.fixed != 0)
		tc.clock = timer_clock_manual(&d->fixed_clock,
		    clock_now(&d->cli->clock) * 1000);
	if (process_owner_id(d->owner, sizeof d->owner) != 0) {
		error_set(err, ERR_INTERNAL,
		    _("cannot name this process for its claims"));
		return -1;
	}
	if (store_open(&d->st, d->cli->db_path, STORE_OPEN_EXISTING, err) != 0)
		return -1;
	release_dead_claims(d);
	if (catch_signals(d) != 0) {
		error_set(err, ERR_INTERNAL, _("cannot set up signal handling: %s"),
		    strerror(errno));
		return -1;
	}
	return timer_start(&d->timer, &tc, err);
}

static int
run_daemon(struct daemon *d, int pid_fd, const char *pid_file, int *ready,
    struct error *err)
{
	int rc = start_engine(d, err);

	if (rc == 0)
		rc = pidfile_write(pid_fd, pid_file, err);
	report_ready(ready, rc == 0 ? NULL : err);
	if (!d->foreground)
		quiet_stdio();
	if (rc == 0)
		rc = serve(d, err);
	if (d->timer != NULL)
		timer_stop(d->timer);
	store_close(d->st);
	unlink(pid_file);
	close(pid_fd);
	free(d->command);
	return rc == 0 ? 0 : -1;
}

/* Checks the store before leaving the terminal, so errors reach it. */
static int
check_store(struct cli *cli, struct error *err)
{
	struct store *st;

	if (cli_open_store(cli, &st, STORE_OPEN_EXISTING, err) != 0)
		return -1;
	store_close(st);
	return 0;
}

int
cmd_remind(struct cli *cli, int argc, char **argv, struct error *err)
{
	struct remind_options o;
	struct daemon d;
	char pid_file[4200];
	int pid_fd, ready = -1, status = 0;

	memset(&d, 0, sizeof d);
	d.cli = cli;
	if (parse_options(argc, argv, &o, err) != 0 ||
	    choose_command(&d, &o, err) != 0)
		return -1;
	d.foreground = o.foreground;
	if (pid_path(cli, &o, pid_file, sizeof pid_file, err) != 0 ||
	    check_store(cli, err) != 0 ||
	    pidfile_take(pid_file, &pid_fd, err) != 0) {
		free(d.command);
		return -1;
	}
	if (!d.foreground) {
		int r = detach(&ready, &status, err);

		if (r != 0) {
			close(pid_fd);
			free(d.command);
			return r > 0 ? status : -1;
		}
		openlog("prescripcare", LOG_PID, LOG_USER);
	}
	return run_daemon(&d, pid_fd, pid_file, &ready, err);
}
