/*
 * Times the terminal interface as a person meets it: from starting the
 * program to its first full screen, and from a key to the next screen.
 * The program runs on a pseudo-terminal of 80x24; the clock stops when
 * its output holds the text that only the expected screen draws.  Prints
 * figures; asserts nothing.
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
#define ROUNDS 20

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
	const char *empty_marker;	/* on a new, empty store */
	const char *sample_marker;	/* with the developer's sample data */
};

static const struct stop stops[] = {
	{ '2', "Medications", "add one.", "Amoxicillin" },
	{ '3', "Interactions", "severe first", "Warfarin + Ibuprofen" },
	{ '4', "Adherence", "nothing to chart", "Streak:" },
	{ '5', "Profile", "no record is open)", "Europe/Madrid" },
	{ '1', "Today", "no doses to show", "Lisinopril 10 mg" },
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
start(struct session *s, const char *prog, const char *db, bool sample)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };

	s->len = 0;
	s->pid = forkpty(&s->fd, NULL, NULL, &ws);
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		if (sample)
			setenv("PRESCRIPCARE_UI_SAMPLE", "1", 1);
		else
			unsetenv("PRESCRIPCARE_UI_SAMPLE");
		execl(prog, prog, "--db", db, (char *)NULL);
		_exit(127);
	}
	return 0;
}

/* Reads output until marker appears after offset; -1 on a timeout. */
static double
wait_for(struct session *s, size_t offset, const char *marker, double t0)
{
	while (now_ms() - t0 < 5000) {
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

static void
end_session(struct session *s)
{
	char drain[4096];

	if (write(s->fd, "q", 1) != 1)
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
	printf("%-34s median %6.2f ms  p90 %6.2f ms  max %6.2f ms  (n=%d)\n",
	    what, ms[n / 2], ms[(n * 9) / 10], ms[n - 1], n);
}

static void
time_starts(struct session *s, const char *prog, const char *db, bool sample)
{
	double ms[STARTS];
	int n = 0;

	for (int i = 0; i < STARTS; i++) {
		double t0 = now_ms(), t;

		if (start(s, prog, db, sample) != 0)
			break;
		/* The key hints are the last row of the first frame. */
		t = wait_for(s, 0, "q quit", t0);
		if (t >= 0)
			ms[n++] = t;
		end_session(s);
	}
	report(sample ? "launch to first screen (sample)" :
	    "launch to first screen (empty)", ms, n);
}

static void
time_switches(struct session *s, const char *prog, const char *db,
    bool sample)
{
	double ms[N_STOPS][ROUNDS];
	int n[N_STOPS] = { 0 };

	if (start(s, prog, db, sample) != 0 ||
	    wait_for(s, 0, "q quit", now_ms()) < 0)
		return;
	for (int r = 0; r < ROUNDS; r++) {
		for (size_t k = 0; k < N_STOPS; k++) {
			size_t mark = s->len;
			double t0 = now_ms(), t;

			if (write(s->fd, &stops[k].key, 1) != 1)
				break;
			t = wait_for(s, mark, sample ? stops[k].sample_marker :
			    stops[k].empty_marker, t0);
			if (t >= 0)
				ms[k][n[k]++] = t;
		}
	}
	end_session(s);
	for (size_t k = 0; k < N_STOPS; k++) {
		char what[64];

		snprintf(what, sizeof what, "switch to %s (%s)", stops[k].name,
		    sample ? "sample" : "empty");
		report(what, ms[k], n[k]);
	}
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/prescripcare-bench.XXXXXX";
	char db[256], cmd[1024];
	struct session s;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-PRESCRIPCARE\n", argv[0]);
		return 64;
	}
	s.out = malloc(OUT_MAX);
	if (s.out == NULL || mkdtemp(dir) == NULL) {
		perror("bench");
		return 1;
	}
	snprintf(db, sizeof db, "%s/bench.db", dir);
	snprintf(cmd, sizeof cmd, "'%s' --db '%s' init >/dev/null", argv[1], db);
	if (system(cmd) != 0) {
		fprintf(stderr, "bench: cannot create %s\n", db);
		return 1;
	}
	printf("PrescripCare terminal interface, 80x24 pseudo-terminal\n");
	printf("targets: first screen < 100 ms, switch < 20 ms\n");
	printf("(the store is new: loading a record waits for the services)\n");
	time_starts(&s, argv[1], db, false);
	time_switches(&s, argv[1], db, false);
	printf("(sample: the developer's made-up view model, 540 days)\n");
	time_starts(&s, argv[1], db, true);
	time_switches(&s, argv[1], db, true);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench: could not remove %s\n", dir);
	free(s.out);
	return 0;
}
