/*
 * Times the terminal interface as a person meets it, on a made-up store
 * of ten years (one person, 15 medications, 4 doses a day) that an
 * account signs in to: from starting the program to its first full
 * screen (the sign-in form), from the password to Today (Argon2id by
 * design, then the record read and decrypted), a reload of the record,
 * and from a key to the next screen.  The program runs on a
 * pseudo-terminal of 80x24; the clock stops when its output holds the
 * text that only the expected screen draws.  Prints figures; asserts
 * nothing.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUT_MAX (4 << 20)
#define STARTS 20
#define LOGINS 5
#define RELOADS 10
#define ROUNDS 20

#define EMAIL "bench@example.org"
#define PASSWORD "bench lantern orbit"
/* A morning on the store's last day, which gen_store leaves open. */
#define NOW "2026-07-01T08:30:00Z"

struct session {
	pid_t pid;
	int fd;
	char *out;
	size_t len;
};

/* A screen, the key that shows it, and text that only it draws. */
struct stop {
	char key;
	const char *name;
	const char *marker;
};

static const struct stop stops[] = {
	{ '2', "Medications", "15 current, 0 past" },
	{ '3', "Interactions", "severe first" },
	{ '4', "Adherence", "Streak:" },
	{ '5', "Profile", "Profile of" },
	{ '1', "Today", "Today, " },
};
#define N_STOPS (sizeof stops / sizeof stops[0])

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
start(struct session *s, const char *prog, const char *db)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };

	s->len = 0;
	s->pid = forkpty(&s->fd, NULL, NULL, &ws);
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("PRESCRIPCARE_NOW", NOW, 1);
		execl(prog, prog, "--db", db, "--user", EMAIL, (char *)NULL);
		_exit(127);
	}
	return 0;
}

/* Reads output until marker appears after offset; -1 on a timeout. */
static double
wait_for(struct session *s, size_t offset, const char *marker, double t0)
{
	while (now_ms() - t0 < 10000) {
		struct pollfd p = { .fd = s->fd, .events = POLLIN };
		ssize_t n;

		s->out[s->len] = '\0';
		if (s->len > offset && strstr(s->out + offset, marker) != NULL)
			return now_ms() - t0;
		if (poll(&p, 1, 100) <= 0)
			continue;
		n = read(s->fd, s->out + s->len, OUT_MAX - 1 - s->len);
		if (n <= 0)
			return -1;
		s->len += (size_t)n;
		if (s->len >= OUT_MAX - 1)
			s->len = 0;
	}
	return -1;
}

static int
send_text(struct session *s, const char *text)
{
	size_t len = strlen(text);

	return write(s->fd, text, len) == (ssize_t)len ? 0 : -1;
}

/* ^C leaves the sign-in form at once, q any screen without a form. */
static void
end_session(struct session *s, const char *key)
{
	char drain[4096];

	if (send_text(s, key) != 0)
		kill(s->pid, SIGTERM);
	while (read(s->fd, drain, sizeof drain) > 0)
		;
	waitpid(s->pid, NULL, 0);
	close(s->fd);
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *ms, int n)
{
	if (n == 0) {
		printf("%-34s no screen seen\n", what);
		return;
	}
	qsort(ms, (size_t)n, sizeof *ms, by_value);
	printf("%-34s median %7.2f ms  p90 %7.2f ms  max %7.2f ms  (n=%d)\n",
	    what, ms[n / 2], ms[(n * 9) / 10], ms[n - 1], n);
}

/* The sign-in form's key hints are the last row of the first frame. */
static double
started(struct session *s, const char *prog, const char *db)
{
	double t0 = now_ms();

	if (start(s, prog, db) != 0)
		return -1;
	return wait_for(s, 0, "Esc cancel", t0);
}

/* Types the password and saves (^O); Today's hints end the frame. */
static double
signed_in(struct session *s)
{
	size_t mark = s->len;
	double t0 = now_ms();

	if (send_text(s, PASSWORD "\017") != 0)
		return -1;
	return wait_for(s, mark, "t take", t0);
}

static void
time_starts(struct session *s, const char *prog, const char *db)
{
	double ms[STARTS];
	int n = 0;

	for (int i = 0; i < STARTS; i++) {
		double t = started(s, prog, db);

		if (t >= 0)
			ms[n++] = t;
		end_session(s, "\003");
	}
	report("launch to first screen (sign-in)", ms, n);
}

static void
time_logins(struct session *s, const char *prog, const char *db)
{
	double ms[LOGINS];
	int n = 0;

	for (int i = 0; i < LOGINS; i++) {
		double t = started(s, prog, db) >= 0 ? signed_in(s) : -1;

		if (t >= 0)
			ms[n++] = t;
		end_session(s, "q");
	}
	report("password to Today (Argon2id+load)", ms, n);
}

/* w, Enter: the record is read again from the store and drawn. */
static void
time_reloads(struct session *s)
{
	double ms[RELOADS];
	int n = 0;

	for (int i = 0; i < RELOADS; i++) {
		size_t mark = s->len;
		double t0 = now_ms(), t;

		if (send_text(s, "w") != 0 ||
		    wait_for(s, mark, "Whose record?", t0) < 0 ||
		    send_text(s, "\r") != 0)
			break;
		t = wait_for(s, mark, "Now showing the record", t0);
		if (t >= 0)
			ms[n++] = t;
	}
	report("reload of the record (w, Enter)", ms, n);
}

static void
time_switches(struct session *s)
{
	double ms[N_STOPS][ROUNDS];
	int n[N_STOPS] = { 0 };

	for (int r = 0; r < ROUNDS; r++) {
		for (size_t k = 0; k < N_STOPS; k++) {
			size_t mark = s->len;
			double t0 = now_ms(), t;

			if (write(s->fd, &stops[k].key, 1) != 1)
				break;
			t = wait_for(s, mark, stops[k].marker, t0);
			if (t >= 0)
				ms[k][n[k]++] = t;
		}
	}
	for (size_t k = 0; k < N_STOPS; k++) {
		char what[64];

		snprintf(what, sizeof what, "switch to %s", stops[k].name);
		report(what, ms[k], n[k]);
	}
}

static int
make_store(const char *gen, const char *db)
{
	char cmd[2048];

	snprintf(cmd, sizeof cmd, "'%s' --out '%s' --people 1 --meds 15"
	    " --doses 4 --years 10 --user " EMAIL " --password '" PASSWORD
	    "'", gen, db);
	return system(cmd);
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/prescripcare-bench.XXXXXX";
	char db[256], cmd[1024];
	struct session s;

	if (argc != 3) {
		fprintf(stderr, "usage: %s PATH-TO-PRESCRIPCARE PATH-TO-GEN_STORE\n",
		    argv[0]);
		return 64;
	}
	s.out = malloc(OUT_MAX);
	if (s.out == NULL || mkdtemp(dir) == NULL) {
		perror("bench");
		return 1;
	}
	snprintf(db, sizeof db, "%s/bench.db", dir);
	printf("PrescripCare terminal interface, 80x24 pseudo-terminal\n");
	fflush(stdout);
	if (make_store(argv[2], db) != 0) {
		fprintf(stderr, "bench: cannot make %s\n", db);
		return 1;
	}
	printf("targets: first screen < 100 ms, switch < 20 ms;"
	    " signing in costs Argon2id twice by design\n");
	time_starts(&s, argv[1], db);
	time_logins(&s, argv[1], db);
	if (started(&s, argv[1], db) >= 0 && signed_in(&s) >= 0) {
		time_reloads(&s);
		time_switches(&s);
	}
	end_session(&s, "q");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench: could not remove %s\n", dir);
	free(s.out);
	return 0;
}
