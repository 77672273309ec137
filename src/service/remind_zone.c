#include "config.h"

#include "service/remind_zone.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "domain/schedule.h"
#include "store/meds.h"
#include "store/store_notify.h"

struct remind_zones {
	pthread_mutex_t lock;	/* over the list; a zone never changes */
	struct tz **open;
	size_t count, cap;
};

int
remind_zones_new(struct remind_zones **out, struct error *err)
{
	struct remind_zones *z = calloc(1, sizeof *z);

	*out = NULL;
	if (z == NULL || pthread_mutex_init(&z->lock, NULL) != 0) {
		free(z);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	*out = z;
	return 0;
}

void
remind_zones_free(struct remind_zones *z)
{
	if (z == NULL)
		return;
	for (size_t i = 0; i < z->count; i++)
		tz_close(z->open[i]);
	free(z->open);
	pthread_mutex_destroy(&z->lock);
	free(z);
}

static const struct tz *
find_open(const struct remind_zones *z, const char *name)
{
	for (size_t i = 0; i < z->count; i++) {
		if (strcmp(tz_name(z->open[i]), name) == 0)
			return z->open[i];
	}
	return NULL;
}

static int
add_open(struct remind_zones *z, const char *name, const struct tz **out,
    struct error *err)
{
	struct tz *tz;

	if (z->count == z->cap) {
		size_t cap = z->cap ? z->cap * 2 : 8;
		struct tz **grown = realloc(z->open, cap * sizeof *grown);

		if (grown == NULL) {
			error_set(err, ERR_INTERNAL, _("out of memory"));
			return -1;
		}
		z->open = grown;
		z->cap = cap;
	}
	if (tz_open(&tz, name, err) != 0)
		return -1;
	z->open[z->count++] = tz;
	*out = tz;
	return 0;
}

/* The zone called name, opened on first use. */
static int
zone(struct remind_zones *z, const char *name, const struct tz **out,
    struct error *err)
{
	int rc = 0;

	pthread_mutex_lock(&z->lock);
	*out = find_open(z, name);
	if (*out == NULL)
		rc = add_open(z, name, out, err);
	pthread_mutex_unlock(&z->lock);
	return rc;
}

int
remind_zones_person(struct remind_zones *z, struct store *st,
    int64_t person_id, int64_t at, struct wallclock *out, struct error *err)
{
	char home[TZ_NAME_MAX + 1];
	struct store_zone_change *changes;
	struct sched_zone *zones;
	size_t n;
	int rc = 0;

	if (store_person_zones(st, person_id, home, &changes, &n, err) != 0)
		return -1;
	zones = calloc(n + 1, sizeof *zones);
	if (zones == NULL) {
		free(changes);
		error_set(err, ERR_INTERNAL, _("out of memory"));
		return -1;
	}
	zones[0].from_day = SCHED_NO_START;
	rc = zone(z, home, &zones[0].tz, err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		zones[i + 1].from_day = changes[i].from_day;
		rc = zone(z, changes[i].timezone, &zones[i + 1].tz, err);
	}
	if (rc == 0)
		*out = wallclock_zone(sched_zone_for_day(zones, n + 1,
		    sched_day_of(zones, n + 1, at)));
	free(zones);
	free(changes);
	return rc;
}

int
remind_zones_account(struct remind_zones *z, struct store *st,
    int64_t user_id, int64_t at, struct wallclock *out, struct error *err)
{
	int64_t person_id;

	if (store_notify_account_person(st, user_id, &person_id, err) != 0)
		return -1;
	if (person_id == 0) {
		*out = wallclock_fixed(0);
		return 0;
	}
	return remind_zones_person(z, st, person_id, at, out, err);
}
