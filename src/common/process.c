#include "config.h"

#include "common/process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Field 22 of /proc/PID/stat: when the process started, in ticks. */
static int
start_ticks(long pid, unsigned long long *ticks)
{
	char path[64], line[1024];
	const char *p;
	FILE *fp;
	int field;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	fp = fopen(path, "re");
	if (fp == NULL)
		return -1;
	p = fgets(line, sizeof line, fp);
	fclose(fp);

	/* The command name may hold spaces and parentheses: skip past it. */
	if (p == NULL || (p = strrchr(line, ')')) == NULL)
		return -1;
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p + 1, "%llu", ticks) != 1)
		return -1;
	return 0;
}

static int
host_name(char *buf, size_t size)
{
	if (gethostname(buf, size) != 0)
		return -1;
	buf[size - 1] = '\0';

	/* The separator must stay unambiguous. */
	for (char *c = buf; *c != '\0'; c++) {
		if (*c == ':')
			*c = '_';
	}
	return 0;
}

int
process_owner_id(char *buf, size_t size)
{
	char host[256];
	unsigned long long ticks = 0;
	int n;

	if (host_name(host, sizeof host) != 0)
		snprintf(host, sizeof host, "localhost");
	if (start_ticks((long)getpid(), &ticks) != 0)
		ticks = 0;
	n = snprintf(buf, size, "%s:%ld:%llu", host, (long)getpid(), ticks);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
process_owner_alive(const char *owner)
{
	char host[256], mine[256];
	const char *colon = strrchr(owner, ':');
	unsigned long long want, have;
	long pid;
	size_t len;

	if (colon == NULL || colon == owner)
		return -1;
	want = strtoull(colon + 1, NULL, 10);
	len = (size_t)(colon - owner);
	if (len >= sizeof host)
		return -1;
	memcpy(host, owner, len);
	host[len] = '\0';
	colon = strrchr(host, ':');
	if (colon == NULL)
		return -1;
	pid = strtol(colon + 1, NULL, 10);
	host[colon - host] = '\0';
	if (host_name(mine, sizeof mine) != 0 || strcmp(host, mine) != 0)
		return -1;
	if (pid <= 0 || start_ticks(pid, &have) != 0)
		return 0;
	return have == want ? 1 : 0;
}
