#include "config.h"

#include "cli/remind_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/i18n.h"
#include "domain/remind_text.h"

extern char **environ;

/* The variables a delivery sets; inherited ones of these names are dropped. */
static const char *const our_vars[] = {
	"PRESCRIPCARE_KIND", "PRESCRIPCARE_TITLE", "PRESCRIPCARE_DUE",
	"PRESCRIPCARE_DUE_LOCAL", "PRESCRIPCARE_MEDICATION",
	"PRESCRIPCARE_PERSON", "PRESCRIPCARE_USER", "PRESCRIPCARE_EMAIL",
	"PRESCRIPCARE_NOTIFICATION", "PRESCRIPCARE_COUNT",
	"PRESCRIPCARE_CRITICAL", NULL
};

#define OUR_VAR_COUNT (sizeof our_vars / sizeof our_vars[0] - 1)

/* An environment under construction; entries are owned by it. */
struct env {
	char **vars;
	size_t count;
	char **owned;
	size_t nowned;
	bool failed;
};

static bool
is_ours(const char *entry)
{
	size_t len = strcspn(entry, "=");

	for (size_t i = 0; our_vars[i] != NULL; i++) {
		if (strlen(our_vars[i]) == len &&
		    strncmp(our_vars[i], entry, len) == 0)
			return true;
	}
	return false;
}

static int
env_init(struct env *e)
{
	size_t n = 0;

	memset(e, 0, sizeof e[0]);
	while (environ[n] != NULL)
		n++;
	e->vars = calloc(n + OUR_VAR_COUNT + 1, sizeof *e->vars);
	e->owned = calloc(OUR_VAR_COUNT, sizeof *e->owned);
	if (e->vars == NULL || e->owned == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!is_ours(environ[i]))
			e->vars[e->count++] = environ[i];
	}
	return 0;
}

static void
env_set(struct env *e, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
env_set(struct env *e, const char *name, const char *fmt, ...)
{
	char value[4096];
	char *entry;
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	len = strlen(name) + strlen(value) + 2;
	entry = malloc(len);
	if (entry == NULL || e->nowned == OUR_VAR_COUNT) {
		free(entry);
		e->failed = true;
		return;
	}
	snprintf(entry, len, "%s=%s", name, value);
	e->owned[e->nowned++] = entry;
	e->vars[e->count++] = entry;
}

static void
env_free(struct env *e)
{
	for (size_t i = 0; i < e->nowned; i++)
		free(e->owned[i]);
	free(e->owned);
	free(e->vars);
}

static bool
list_has(const char *list, const char *sep, const char *text)
{
	size_t seplen = strlen(sep), len = strlen(text);
	const char *p = list;

	while (*p != '\0') {
		const char *end = strstr(p, sep);
		size_t item = end != NULL ? (size_t)(end - p) : strlen(p);

		if (item == len && strncmp(p, text, len) == 0)
			return true;
		if (end == NULL)
			break;
		p = end + seplen;
	}
	return false;
}

/* Appends text to a list separated by sep unless it is there already. */
static void
list_add(char *list, size_t size, const char *sep, const char *text)
{
	size_t used = strlen(list);

	if (*text == '\0' || list_has(list, sep, text))
		return;
	snprintf(list + used, size - used, "%s%s", used > 0 ? sep : "", text);
}

static void
env_describe(struct env *e, const struct remind_run_input *in)
{
	const struct remind_notice *first = &in->notices[0];
	char ids[1024] = "", people[512] = "", meds[1024] = "";
	char utc[40], local[40];
	struct wall_time wt;
	bool critical = false;

	for (size_t i = 0; i < in->count; i++) {
		const struct remind_notice *n = &in->notices[i];
		char num[32];

		snprintf(num, sizeof num, "%lld", (long long)n->id);
		list_add(ids, sizeof ids, " ", num);
		if (n->item.person_id > 0) {
			snprintf(num, sizeof num, "%lld",
			    (long long)n->item.person_id);
			list_add(people, sizeof people, " ", num);
		}
		list_add(meds, sizeof meds, ", ", n->medication);
		critical |= n->item.critical;
	}
	wallclock_format_utc(first->item.slot, utc, sizeof utc);
	if (wallclock_local(remind_text_clock(first, in->clock),
	    first->item.slot, &wt, NULL) == 0)
		wallclock_format_iso(&wt, local, sizeof local);
	else
		snprintf(local, sizeof local, "%s", utc);

	env_set(e, "PRESCRIPCARE_KIND", "%s", in->summary ? "summary" :
	    remind_kind_name(first->item.kind));
	env_set(e, "PRESCRIPCARE_TITLE", "%s", in->summary ?
	    _("Held during quiet hours") : _(first->title));
	env_set(e, "PRESCRIPCARE_DUE", "%s", utc);
	env_set(e, "PRESCRIPCARE_DUE_LOCAL", "%s", local);
	env_set(e, "PRESCRIPCARE_MEDICATION", "%s", meds);
	env_set(e, "PRESCRIPCARE_PERSON", "%s", people);
	env_set(e, "PRESCRIPCARE_USER", "%lld", (long long)first->item.user_id);
	env_set(e, "PRESCRIPCARE_EMAIL", "%s", first->email);
	env_set(e, "PRESCRIPCARE_NOTIFICATION", "%s", ids);
	env_set(e, "PRESCRIPCARE_COUNT", "%zu", in->count);
	env_set(e, "PRESCRIPCARE_CRITICAL", "%d", critical ? 1 : 0);
}

/* The text, in an unlinked memory file positioned at its start. */
static int
text_file(const struct remind_run_input *in, struct error *err)
{
	size_t size = (in->count + 1) * REMIND_TEXT_LINE;
	char *text = malloc(size + 1);
	int fd = -1, rc;
	size_t len;

	if (text == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	rc = in->summary ? remind_text_summary(in->notices, in->count,
	    in->clock, text, size, err) : remind_text_one(&in->notices[0],
	    in->clock, text, size, err);
	if (rc == 0) {
		len = strlen(text);
		text[len++] = '\n';
		fd = memfd_create("prescripcare-reminder", MFD_CLOEXEC);
		if (fd < 0 || write(fd, text, len) != (ssize_t)len ||
		    lseek(fd, 0, SEEK_SET) != 0) {
			error_set(err, ERR_IO,
			    _("cannot prepare the reminder's text: %s"),
			    strerror(errno));
			if (fd >= 0)
				close(fd);
			fd = -1;
		}
	}
	free(text);
	return fd;
}

/* Only async-signal-safe calls from here on: the parent has threads. */
static void __attribute__((noreturn))
child(int input, int devnull, pid_t parent, const sigset_t *orig_mask,
    char *const argv[], char *const envp[])
{
	static const int caught[] = { SIGTERM, SIGINT, SIGHUP, SIGCHLD,
	    SIGPIPE };
	struct sigaction dfl;

	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaction(caught[i], &dfl, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(127);
	setpgid(0, 0);
	if (dup2(input, STDIN_FILENO) < 0 || dup2(devnull, STDOUT_FILENO) < 0)
		_exit(127);
	sigprocmask(SIG_SETMASK, orig_mask, NULL);
	execve("/bin/sh", argv, envp);
	_exit(127);
}

int
remind_run_start(const struct remind_run_input *in,
    const sigset_t *orig_mask, pid_t *pid, struct error *err)
{
	char sh[] = "sh", dash_c[] = "-c";
	char *argv[] = { sh, dash_c, (char *)in->command, NULL };
	pid_t parent = getpid();
	struct env env;
	int input, devnull;

	*pid = -1;
	if (in->count == 0)
		return 0;
	if (env_init(&env) != 0) {
		env_free(&env);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	env_describe(&env, in);
	input = env.failed ? -1 : text_file(in, err);
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (env.failed)
		error_set(err, ERR_INTERNAL, _("out of memory"));
	if (input >= 0 && devnull >= 0) {
		*pid = fork();
		if (*pid == 0)
			child(input, devnull, parent, orig_mask, argv,
			    env.vars);

		/* Also here, so the group exists before anyone signals it. */
		if (*pid > 0)
			setpgid(*pid, *pid);
		if (*pid < 0)
			error_set(err, ERR_IO,
			    _("cannot start the reminder command: %s"),
			    strerror(errno));
	} else if (devnull < 0) {
		error_set(err, ERR_IO, _("cannot open /dev/null: %s"),
		    strerror(errno));
	}
	if (input >= 0)
		close(input);
	if (devnull >= 0)
		close(devnull);
	env_free(&env);
	return *pid > 0 ? 0 : -1;
}

bool
remind_run_succeeded(int status, char *reason, size_t size)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(reason, size,
		    "the command could not be run (exit status 127)");
	else if (WIFEXITED(status))
		snprintf(reason, size, "the command exited with status %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(reason, size, "the command was killed by signal %d",
		    WTERMSIG(status));
	else
		snprintf(reason, size, "the command ended abnormally");
	return false;
}
