#include "config.h"

#include "ui/model.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void
ui_model_init(struct ui_model *m)
{
	memset(m, 0, sizeof *m);
	m->adherence.pdc = -1;
	m->adherence.pdc_target = 80;
}

/* Health data leaves no copy behind in freed memory. */
static void
wipe_free(void *items, size_t cap, size_t size)
{
	if (items != NULL)
		sodium_memzero(items, cap * size);
	free(items);
}

#define WIPE_FREE(arr, cap) wipe_free((arr), (cap), sizeof *(arr))

void
ui_findings_free(struct ui_findings *f)
{
	WIPE_FREE(f->items, f->cap);
	memset(f, 0, sizeof *f);
}

void
ui_model_free(struct ui_model *m)
{
	char path[sizeof m->store_path], account[sizeof m->account];
	char drug_data[sizeof m->drug_data];

	memcpy(path, m->store_path, sizeof path);
	memcpy(drug_data, m->drug_data, sizeof drug_data);
	memcpy(account, m->account, sizeof account);
	WIPE_FREE(m->people, m->cap_people);
	WIPE_FREE(m->doses, m->cap_doses);
	WIPE_FREE(m->meds, m->cap_meds);
	ui_findings_free(&m->findings);
	WIPE_FREE(m->adherence.days, m->adherence.cap_days);
	WIPE_FREE(m->adherence.weeks, m->adherence.cap_weeks);
	WIPE_FREE(m->adherence.meds, m->adherence.cap_meds);
	WIPE_FREE(m->profile.conditions, m->profile.cap_conditions);
	WIPE_FREE(m->profile.allergies, m->profile.cap_allergies);
	sodium_memzero(m, sizeof *m);
	ui_model_init(m);
	memcpy(m->store_path, path, sizeof path);
	memcpy(m->drug_data, drug_data, sizeof drug_data);
	memcpy(m->account, account, sizeof account);
}

/* Grows an array by one zeroed element of the given size. */
static void *
grow(void **items, size_t *n, size_t *cap, size_t size)
{
	char *slot;

	if (*n == *cap) {
		size_t want = *cap ? *cap * 2 : 16;
		void *bigger = realloc(*items, want * size);

		if (bigger == NULL)
			return NULL;
		*items = bigger;
		*cap = want;
	}
	slot = (char *)*items + *n * size;
	memset(slot, 0, size);
	(*n)++;
	return slot;
}

#define GROW(arr, n, cap) grow((void **)&(arr), &(n), &(cap), sizeof *(arr))

struct ui_person *
ui_model_add_person(struct ui_model *m)
{
	return GROW(m->people, m->n_people, m->cap_people);
}

struct ui_dose *
ui_model_add_dose(struct ui_model *m)
{
	return GROW(m->doses, m->n_doses, m->cap_doses);
}

struct ui_medication *
ui_model_add_med(struct ui_model *m)
{
	struct ui_medication *med = GROW(m->meds, m->n_meds, m->cap_meds);

	if (med != NULL) {
		med->quantity = -1;
		med->days_supply = -1;
		med->days_left = -1;
	}
	return med;
}

struct ui_finding *
ui_findings_add(struct ui_findings *f)
{
	return GROW(f->items, f->n, f->cap);
}

struct ui_period *
ui_model_add_day(struct ui_model *m)
{
	struct ui_adherence *a = &m->adherence;

	return GROW(a->days, a->n_days, a->cap_days);
}

struct ui_period *
ui_model_add_week(struct ui_model *m)
{
	struct ui_adherence *a = &m->adherence;

	return GROW(a->weeks, a->n_weeks, a->cap_weeks);
}

struct ui_med_adherence *
ui_model_add_med_adherence(struct ui_model *m)
{
	struct ui_adherence *a = &m->adherence;

	return GROW(a->meds, a->n_meds, a->cap_meds);
}

struct ui_condition *
ui_model_add_condition(struct ui_model *m)
{
	struct ui_profile *p = &m->profile;

	return GROW(p->conditions, p->n_conditions, p->cap_conditions);
}

struct ui_allergy *
ui_model_add_allergy(struct ui_model *m)
{
	struct ui_profile *p = &m->profile;

	return GROW(p->allergies, p->n_allergies, p->cap_allergies);
}

static int
by_time(const void *a, const void *b)
{
	const struct ui_dose *x = a, *y = b;
	int c = strcmp(x->time, y->time);

	return c ? c : strcmp(x->medication, y->medication);
}

void
ui_model_sort_doses(struct ui_model *m)
{
	if (m->n_doses > 1)
		qsort(m->doses, m->n_doses, sizeof *m->doses, by_time);
}

static bool
is_duplication(const struct ui_finding *f)
{
	return strcmp(f->kind, "TD") == 0 || strcmp(f->kind, "ID") == 0;
}

static int
by_severity(const void *a, const void *b)
{
	const struct ui_finding *x = a, *y = b;

	if (x->severity != y->severity)
		return (int)x->severity - (int)y->severity;
	if (is_duplication(x) != is_duplication(y))
		return is_duplication(x) ? 1 : -1;
	return strcmp(x->drugs, y->drugs);
}

void
ui_findings_sort(struct ui_findings *f)
{
	if (f->n > 1)
		qsort(f->items, f->n, sizeof *f->items, by_severity);
}

bool
ui_findings_have_major(const struct ui_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->items[i].severity == UI_SEV_MAJOR)
			return true;
	}
	return false;
}

bool
ui_med_is_past(const struct ui_medication *med)
{
	return med->status == UI_MED_COMPLETED ||
	    med->status == UI_MED_DISCONTINUED;
}
