#include "config.h"

#include "domain/tz.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"

struct tz {
	GTimeZone *zone;
	char name[TZ_NAME_MAX + 1];
};

static const char *
zone_dir(void)
{
	const char *dir = getenv("TZDIR");

	return dir != NULL && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

static bool
plausible_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > TZ_NAME_MAX || name[0] == '/' ||
	    strstr(name, "..") != NULL)
		return false;
	for (const char *p = name; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && strchr("/_+-", *p) == NULL)
			return false;
	}
	return true;
}

/*
 * GLib would also accept a POSIX rule such as "XYZ3" as a zone, so a name
 * must be a compiled zone file (magic "TZif") of the tz database itself.
 */
bool
tz_name_exists(const char *name)
{
	char path[4096];
	char magic[4];
	FILE *fp;
	bool ok;

	if (name == NULL || !plausible_name(name))
		return false;
	if (snprintf(path, sizeof path, "%s/%s", zone_dir(), name) >=
	    (int)sizeof path)
		return false;
	fp = fopen(path, "rb");
	if (fp == NULL)
		return false;
	ok = fread(magic, 1, sizeof magic, fp) == sizeof magic &&
	    memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

int
tz_open(struct tz **out, const char *name, struct error *err)
{
	struct tz *tz;

	*out = NULL;
	if (!tz_name_exists(name)) {
		error_set(err, ERR_INVALID,
		    _("\"%s\" is not a time zone of this system's tz database; use a name such as Europe/Berlin or America/New_York"),
		    name != NULL ? name : "");
		return -1;
	}
	tz = calloc(1, sizeof *tz);
	if (tz == NULL) {
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	tz->zone = g_time_zone_new_identifier(name);
	if (tz->zone == NULL) {
		free(tz);
		error_set(err, ERR_INVALID,
		    _("the time zone \"%s\" cannot be read from the tz database"),
		    name);
		return -1;
	}
	snprintf(tz->name, sizeof tz->name, "%s", name);
	*out = tz;
	return 0;
}

void
tz_close(struct tz *tz)
{
	if (tz == NULL)
		return;
	g_time_zone_unref(tz->zone);
	free(tz);
}

const char *
tz_name(const struct tz *tz)
{
	return tz->name;
}

int
tz_offset(const struct tz *tz, int64_t utc)
{
	gint interval = g_time_zone_find_interval(tz->zone,
	    G_TIME_TYPE_UNIVERSAL, utc);

	if (interval < 0)
		return 0;
	return g_time_zone_get_offset(tz->zone, interval);
}

void
tz_abbreviation(const struct tz *tz, int64_t utc, char *buf, size_t size)
{
	gint interval = g_time_zone_find_interval(tz->zone,
	    G_TIME_TYPE_UNIVERSAL, utc);
	const char *abbreviation = interval < 0 ? NULL :
	    g_time_zone_get_abbreviation(tz->zone, interval);

	snprintf(buf, size, "%s", abbreviation ? abbreviation : tz->name);
}

/*
 * Every offset that could apply to a wall time is in force within a day of
 * it, so the offsets a day before, at and a day after the wall reading
 * (taken as if it were UTC) are the candidates.  A candidate fits when the
 * instant it gives really has that offset.
 */
int64_t
tz_wall_to_utc(const struct tz *tz, int day, int minute)
{
	int64_t local = (int64_t)day * 86400 + (int64_t)minute * 60;
	int before = tz_offset(tz, local - 86400);
	int offsets[3] = { before, tz_offset(tz, local),
	    tz_offset(tz, local + 86400) };
	int64_t best = INT64_MAX;

	for (int i = 0; i < 3; i++) {
		int64_t u = local - offsets[i];

		if (tz_offset(tz, u) == offsets[i] && u < best)
			best = u;
	}
	if (best != INT64_MAX)
		return best;

	/* In the gap: read the time with the offset in force before it. */
	return local - before;
}

void
tz_utc_to_wall(const struct tz *tz, int64_t utc, struct tz_wall *out)
{
	int offset = tz_offset(tz, utc);
	int64_t local = utc + offset;
	int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t rest = local - day * 86400;

	out->day = (int)day;
	out->minute = (int)(rest / 60);
	out->second = (int)(rest % 60);
	out->offset = offset;
}

int
tz_day_of(const struct tz *tz, int64_t utc)
{
	struct tz_wall w;

	tz_utc_to_wall(tz, utc, &w);
	return w.day;
}

int64_t
tz_day_start(const struct tz *tz, int day)
{
	return tz_wall_to_utc(tz, day, 0);
}

void
tz_format_hhmm(const struct tz *tz, int64_t utc, char *buf, unsigned size)
{
	struct tz_wall w;

	tz_utc_to_wall(tz, utc, &w);
	snprintf(buf, size, "%02d:%02d", w.minute / 60, w.minute % 60);
}
