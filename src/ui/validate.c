#include "config.h"

#include "ui/validate.h"

#include <ctype.h>
#include <langinfo.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/profile.h"

/* A trimmed copy of text in buf; returns buf. */
static char *
trimmed(const char *text, char *buf, size_t size)
{
	str_copy(buf, size, text);
	return str_trim(buf);
}

static int
refuse(char *why, size_t size, const char *reason)
{
	snprintf(why, size, "%s", reason);
	return -1;
}

int
valid_required(const char *text, char *why, size_t why_size)
{
	for (const char *p = text; *p; p++) {
		if (!isspace((unsigned char)*p))
			return 0;
	}
	return refuse(why, why_size, _("required"));
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
real_date(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap_year(y));
}

/* The locale's D_FMT with a four-digit year in place of a two-digit one. */
static void
long_year_format(char *buf, size_t size)
{
	const char *fmt = nl_langinfo(D_FMT);
	size_t o = 0;

	for (const char *p = fmt; *p && o + 3 < size; p++) {
		if (p[0] == '%' && p[1] == 'y') {
			buf[o++] = '%';
			buf[o++] = 'Y';
			p++;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
}

/*
 * Writes a date by a D_FMT-style layout.  Only the numeric conversions
 * dates use are known; others are left out rather than guessed.
 */
static void
write_date(char *out, size_t size, const char *fmt, int y, int m, int d)
{
	size_t o = 0;

	for (const char *p = fmt; *p && o + 1 < size; p++) {
		char piece[16];

		if (p[0] != '%' || p[1] == '\0') {
			out[o++] = *p;
			continue;
		}
		switch (*++p) {
		case 'd': snprintf(piece, sizeof piece, "%02d", d % 100); break;
		case 'e': snprintf(piece, sizeof piece, "%2d", d % 100); break;
		case 'm': snprintf(piece, sizeof piece, "%02d", m % 100); break;
		case 'y': snprintf(piece, sizeof piece, "%02d", y % 100); break;
		case 'Y': snprintf(piece, sizeof piece, "%04d", y % 10000); break;
		case 'F':
			snprintf(piece, sizeof piece, "%04d-%02d-%02d",
			    y % 10000, m % 100, d % 100);
			break;
		default: piece[0] = '\0'; break;
		}
		for (const char *q = piece; *q && o + 1 < size; q++)
			out[o++] = *q;
	}
	out[o] = '\0';
}

/* strptime on the whole text: trailing characters make it fail. */
static bool
parse_whole(const char *text, const char *fmt, struct tm *tm)
{
	const char *end;

	memset(tm, 0, sizeof *tm);
	tm->tm_mday = 0;
	end = strptime(text, fmt, tm);
	return end != NULL && *end == '\0' && tm->tm_mday > 0;
}

static bool
parse_date(const char *text, struct tm *tm)
{
	char fmt[64];

	if (parse_whole(text, "%Y-%m-%d", tm) && tm->tm_year >= -900)
		return true;
	long_year_format(fmt, sizeof fmt);
	if (parse_whole(text, fmt, tm) && tm->tm_year >= -900)
		return true;
	return strcmp(fmt, nl_langinfo(D_FMT)) != 0 &&
	    parse_whole(text, nl_langinfo(D_FMT), tm);
}

int
valid_date(const char *text, char iso[11], char *why, size_t why_size)
{
	char buf[64], layout[32], reason[128];
	const char *t = trimmed(text, buf, sizeof buf);
	struct tm tm;
	int y, m, d;

	date_layout(layout, sizeof layout);
	if (!parse_date(t, &tm)) {
		/* TRANSLATORS: %s is the date layout, such as DD/MM/YYYY. */
		snprintf(reason, sizeof reason, _("not a date; use %s"), layout);
		return refuse(why, why_size, reason);
	}
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1;
	d = tm.tm_mday;
	if (!real_date(y, m, d))
		return refuse(why, why_size, _("no such date"));
	write_date(iso, 11, "%Y-%m-%d", y, m, d);
	return 0;
}

void
date_layout(char *buf, size_t size)
{
	const char *fmt = nl_langinfo(D_FMT);
	size_t o = 0;

	buf[0] = '\0';
	for (const char *p = fmt; *p; p++) {
		const char *piece = NULL;
		char one[2] = { *p, '\0' };

		if (p[0] == '%' && p[1] != '\0') {
			p++;
			switch (*p) {
			/* TRANSLATORS: day, month and year in a date layout. */
			case 'd': case 'e': piece = _("DD"); break;
			case 'm': piece = _("MM"); break;
			case 'y': case 'Y': piece = _("YYYY"); break;
			case 'F': piece = "YYYY-MM-DD"; break;
			default: piece = ""; break;
			}
		} else {
			piece = one;
		}
		if (o + strlen(piece) + 1 > size)
			break;
		memcpy(buf + o, piece, strlen(piece) + 1);
		o += strlen(piece);
	}
}

int
date_to_locale(const char *iso, char *out, size_t size)
{
	struct tm tm;
	char fmt[64];

	if (!parse_whole(iso, "%Y-%m-%d", &tm)) {
		str_copy(out, size, iso);
		return -1;
	}
	long_year_format(fmt, sizeof fmt);
	write_date(out, size, fmt, tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	return 0;
}

/* Reads "H:MM", "HH:MM", "HH.MM" from *p, moving past it. */
static bool
scan_time(const char **p, int *hour, int *minute)
{
	const char *s = *p;
	int h = 0, m = 0, digits = 0;

	while (isdigit((unsigned char)*s) && digits < 2) {
		h = h * 10 + (*s++ - '0');
		digits++;
	}
	if (digits == 0 || (*s != ':' && *s != '.'))
		return false;
	s++;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return false;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	s += 2;
	if (h > 23 || m > 59)
		return false;
	*hour = h;
	*minute = m;
	*p = s;
	return true;
}

int
valid_time(const char *text, char hhmm[6], char *why, size_t why_size)
{
	char buf[32];
	const char *t = trimmed(text, buf, sizeof buf);
	int h, m;

	if (!scan_time(&t, &h, &m) || *t != '\0')
		return refuse(why, why_size, _("use HH:MM, 00:00 to 23:59"));
	snprintf(hhmm, 6, "%02d:%02d", h, m);
	return 0;
}

static int
compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int
valid_time_list(const char *text, char *out, size_t out_size, char *why,
    size_t why_size)
{
	int minutes[48], n = 0;
	const char *p = text;
	size_t o = 0;

	for (;;) {
		int h, m;

		while (*p == ' ' || *p == ',' || *p == ';')
			p++;
		if (*p == '\0')
			break;
		if (n == 48 || !scan_time(&p, &h, &m) ||
		    (*p != '\0' && *p != ' ' && *p != ',' && *p != ';'))
			return refuse(why, why_size,
			    _("times as HH:MM, HH:MM"));
		minutes[n++] = h * 60 + m;
	}
	if (n == 0)
		return refuse(why, why_size, _("times as HH:MM, HH:MM"));
	qsort(minutes, (size_t)n, sizeof minutes[0], compare_ints);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i > 0 && minutes[i] == minutes[i - 1])
			return refuse(why, why_size, _("a time is given twice"));
		if (o + 7 > out_size)
			return refuse(why, why_size, _("too many times"));
		o += (size_t)snprintf(out + o, out_size - o, "%s%02d:%02d",
		    i ? "," : "", minutes[i] / 60, minutes[i] % 60);
	}
	return 0;
}

int
valid_number(const char *text, double min, double max, double *out,
    char *why, size_t why_size)
{
	char buf[64], reason[128];
	char *t = trimmed(text, buf, sizeof buf);
	char *comma = strchr(t, ',');
	double v;

	if (comma != NULL && strchr(comma + 1, ',') == NULL &&
	    strchr(t, '.') == NULL)
		*comma = '.';
	if (str_to_double(t, &v) != 0 || !isfinite(v) || v < min || v > max) {
		/* TRANSLATORS: the limits of a number, such as 1 to 299. */
		snprintf(reason, sizeof reason, _("a number from %g to %g"),
		    min, max);
		return refuse(why, why_size, reason);
	}
	*out = v;
	return 0;
}

int
valid_integer(const char *text, long min, long max, long *out, char *why,
    size_t why_size)
{
	char buf[64], reason[128];
	const char *t = trimmed(text, buf, sizeof buf);
	long v;

	if (str_to_long(t, &v) != 0 || v < min || v > max) {
		snprintf(reason, sizeof reason,
		    _("a whole number from %ld to %ld"), min, max);
		return refuse(why, why_size, reason);
	}
	*out = v;
	return 0;
}

int
valid_email(const char *text, char *why, size_t why_size)
{
	char buf[300];
	const char *t = trimmed(text, buf, sizeof buf);
	const char *at = strchr(t, '@');
	const char *dot;
	size_t len = strlen(t);

	if (at == NULL || at == t || strchr(at + 1, '@') != NULL ||
	    strpbrk(t, " \t") != NULL || len < 3 || len > 255)
		return refuse(why, why_size, _("not an e-mail address"));
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return refuse(why, why_size, _("not an e-mail address"));
	return 0;
}

static bool
zone_name_shaped(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > 64 || name[0] == '/' || strstr(name, "..") ||
	    name[len - 1] == '/')
		return false;
	for (const char *p = name; *p; p++) {
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return false;
	}
	return true;
}

int
valid_timezone(const char *text, char *why, size_t why_size)
{
	char buf[128], path[512], magic[4];
	const char *name = trimmed(text, buf, sizeof buf);
	const char *dir = getenv("TZDIR");
	FILE *fp;
	bool ok = false;

	if (!zone_name_shaped(name))
		return refuse(why, why_size, _("unknown time zone"));
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "rb");
	if (fp != NULL) {
		ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
		fclose(fp);
	}
	return ok ? 0 : refuse(why, why_size, _("unknown time zone"));
}

int
valid_icd10(const char *text, char *why, size_t why_size)
{
	struct error ignored;

	if (profile_check_icd10(text, &ignored) != 0)
		return refuse(why, why_size,
		    _("like E11 or E11.9"));
	return 0;
}

int
valid_phone(const char *text, char *why, size_t why_size)
{
	int digits = 0;

	for (const char *p = text; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr("+ -.()", *p))
			return refuse(why, why_size,
			    _("digits, spaces and + - ( ) only"));
	}
	if (digits < 3 || digits > 20 || strlen(text) > 31)
		return refuse(why, why_size, _("not a telephone number"));
	return 0;
}

int
valid_code(const char *text, char code[7], char *why, size_t why_size)
{
	int n = 0;

	for (const char *p = text; *p; p++) {
		if (*p == ' ')
			continue;
		if (!isdigit((unsigned char)*p) || n == 6)
			return refuse(why, why_size,
			    _("the 6 digits from your app"));
		code[n++] = *p;
	}
	if (n != 6)
		return refuse(why, why_size, _("the 6 digits from your app"));
	code[6] = '\0';
	return 0;
}
