#include "config.h"

#include "ui/sample.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/strutil.h"
#include "ui/calendar.h"

struct sample {
	char today[11];
	int pipe[2];
	bool reminded;
};

static struct sample sample;

static void
add_dose(struct ui_model *m, int id, const char *time, const char *name,
    const char *amount, enum ui_dose_state state, bool overdue)
{
	struct ui_dose *d = ui_model_add_dose(m);

	if (d == NULL)
		return;
	d->id = id;
	str_copy(d->time, sizeof d->time, time);
	str_copy(d->medication, sizeof d->medication, name);
	str_copy(d->amount, sizeof d->amount, amount);
	d->state = state;
	d->overdue = overdue;
	if (state == UI_DOSE_TAKEN)
		str_copy(d->actual, sizeof d->actual, "07:41");
	if (state == UI_DOSE_SNOOZED)
		str_copy(d->snoozed_until, sizeof d->snoozed_until, "12:40");
}

static void
add_med(struct ui_model *m, int id, const char *name, const char *strength,
    const char *times, enum ui_med_status status, long days_left)
{
	struct ui_medication *med = ui_model_add_med(m);

	if (med == NULL)
		return;
	med->id = id;
	str_copy(med->name, sizeof med->name, name);
	str_copy(med->strength, sizeof med->strength, strength);
	str_copy(med->form, sizeof med->form, "tablet");
	str_copy(med->times, sizeof med->times, times);
	str_copy(med->dose_amount, sizeof med->dose_amount, "1");
	str_copy(med->dose_unit, sizeof med->dose_unit, "tablet");
	str_copy(med->start_date, sizeof med->start_date, "2025-01-15");
	str_copy(med->prescriber, sizeof med->prescriber, "Dr. Example");
	str_copy(med->pharmacy, sizeof med->pharmacy, "Sample Pharmacy");
	med->status = status;
	med->days_left = days_left;
	med->refills_remaining = 2;
	med->refill = days_left < 0 ? UI_REFILL_UNKNOWN : days_left == 0 ?
	    UI_REFILL_OUT : days_left <= 7 ? UI_REFILL_SOON : UI_REFILL_OK;
}

static void
add_finding(struct ui_model *m, enum ui_severity sev, const char *kind,
    const char *drugs, const char *mechanism, const char *effect,
    const char *management)
{
	struct ui_finding *f = ui_findings_add(&m->findings);

	if (f == NULL)
		return;
	f->severity = sev;
	str_copy(f->kind, sizeof f->kind, kind);
	str_copy(f->drugs, sizeof f->drugs, drugs);
	str_copy(f->mechanism, sizeof f->mechanism, mechanism);
	str_copy(f->effect, sizeof f->effect, effect);
	str_copy(f->management, sizeof f->management, management);
}

/* A year and a half of made-up percentages, the same on every run. */
static void
add_series(struct ui_model *m, const char *today)
{
	long end, day;
	unsigned seed = 12345;

	if (!cal_from_iso(today, &end))
		return;
	for (day = end - 540; day <= end; day++) {
		struct ui_period *p = ui_model_add_day(m);

		if (p == NULL)
			return;
		seed = seed * 1103515245u + 12345u;
		cal_to_iso(day, p->start);
		p->scheduled = 4;
		p->taken = (int)((seed >> 16) % 100 < 80 ? 4 : (seed >> 20) % 4);
		p->percent = 100.0 * p->taken / p->scheduled;
		if ((day - end + 540) % 7 == 0) {
			struct ui_period *w = ui_model_add_week(m);

			if (w != NULL) {
				cal_to_iso(day, w->start);
				w->percent = 70 + (double)((seed >> 8) % 31);
			}
		}
	}
}

void
ui_sample_fill(struct ui_model *m, const char *today)
{
	static const char *const names[] = { "Metformin", "Warfarin",
	    "Lisinopril", "Atorvastatin" };
	struct ui_person *p;
	struct ui_med_adherence *a;

	ui_model_free(m);
	m->sample = true;
	m->has_person = true;
	str_copy(m->today, sizeof m->today, today);
	str_copy(m->account, sizeof m->account, "ana@example.org");
	m->person.id = 1;
	str_copy(m->person.name, sizeof m->person.name, "Ana Núñez");
	str_copy(m->person.relation, sizeof m->person.relation, "sample");
	p = ui_model_add_person(m);
	if (p != NULL)
		*p = m->person;
	p = ui_model_add_person(m);
	if (p != NULL) {
		p->id = 2;
		str_copy(p->name, sizeof p->name, "李小龍 Lee");
		str_copy(p->relation, sizeof p->relation, "sample");
	}
	add_dose(m, 1, "07:30", "Metformin 500 mg", "1 tablet",
	    UI_DOSE_TAKEN, false);
	add_dose(m, 2, "08:00", "Warfarin 5 mg", "1 tablet", UI_DOSE_DUE,
	    true);
	add_dose(m, 3, "12:30", "Lisinopril 10 mg", "1 tablet",
	    UI_DOSE_SNOOZED, false);
	add_dose(m, 4, "20:00", "Metformin 500 mg", "1 tablet", UI_DOSE_DUE,
	    false);
	add_dose(m, 5, "22:00", "Atorvastatin 20 mg", "1 tablet",
	    UI_DOSE_DUE, false);
	m->has_next_reminder = true;
	m->next_reminder.dose_id = 4;
	str_copy(m->next_reminder.time, 6, "20:00");
	str_copy(m->next_reminder.medication, UI_NAME_MAX, "Metformin 500 mg");
	str_copy(m->next_reminder.amount, 64, "1 tablet");
	add_med(m, 1, "Metformin", "500 mg", "07:30,20:00", UI_MED_ACTIVE, 21);
	add_med(m, 2, "Warfarin", "5 mg", "08:00", UI_MED_ACTIVE, 4);
	add_med(m, 3, "Lisinopril", "10 mg", "12:30", UI_MED_PAUSED, 30);
	add_med(m, 4, "Atorvastatin", "20 mg", "22:00", UI_MED_ACTIVE, 0);
	add_med(m, 5, "Amoxicillin", "500 mg", "08:00,14:00,20:00",
	    UI_MED_COMPLETED, -1);
	add_finding(m, UI_SEV_MODERATE, "DD", "Lisinopril + Ibuprofen",
	    "Sample text: prostaglandin inhibition.",
	    "Sample text: weaker blood pressure control.",
	    "Sample text: check blood pressure.");
	add_finding(m, UI_SEV_MAJOR, "DD", "Warfarin + Ibuprofen",
	    "Sample text: both impair haemostasis.",
	    "Sample text: a higher risk of bleeding.",
	    "Sample text: avoid the pair; prefer paracetamol.");
	add_finding(m, UI_SEV_MINOR, "DF", "Atorvastatin + grapefruit",
	    "Sample text: CYP3A4 inhibition.", "Sample text: higher levels.",
	    "Sample text: avoid large amounts.");
	add_series(m, today);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		a = ui_model_add_med_adherence(m);
		if (a == NULL)
			break;
		str_copy(a->name, sizeof a->name, names[i]);
		a->scheduled = 60;
		a->taken = 60 - (int)i * 7;
		a->pdc = 98 - (double)i * 7.5;
	}
	m->adherence.current_streak = 6;
	m->adherence.longest_streak = 41;
	m->adherence.pdc = 88.4;
	str_copy(m->profile.first_name, 101, "Ana");
	str_copy(m->profile.last_name, 101, "Núñez");
	str_copy(m->profile.date_of_birth, 11, "1956-04-02");
	str_copy(m->profile.gender, 20, "female");
	m->profile.height_cm = 162;
	m->profile.weight_kg = 68.5;
	str_copy(m->profile.blood_type, 8, "A+");
	str_copy(m->profile.notify.timezone, 65, "Europe/Madrid");
	str_copy(m->profile.notify.quiet_start, 6, "22:30");
	str_copy(m->profile.notify.quiet_end, 6, "07:00");
	m->profile.notify.reminders = true;
	m->profile.notify.advance_minutes = 10;
	m->profile.notify.missed_doses = true;
}

static int
load(void *ctx, struct ui_model *m, struct error *err)
{
	struct sample *s = ctx;

	(void)err;
	ui_sample_fill(m, s->today);
	return 0;
}

static int
take_reminders(void *ctx, struct ui_reminder *out, int max)
{
	struct sample *s = ctx;

	if (s->reminded || max < 1)
		return 0;
	s->reminded = true;
	memset(out, 0, sizeof *out);
	out->dose_id = 2;
	str_copy(out->time, sizeof out->time, "08:00");
	str_copy(out->medication, sizeof out->medication, "Warfarin 5 mg");
	str_copy(out->amount, sizeof out->amount, "1 tablet");
	return 1;
}

int
ui_sample_services(struct ui_services *svc, const char *today)
{
	memset(&sample, 0, sizeof sample);
	str_copy(sample.today, sizeof sample.today, today);
	if (pipe(sample.pipe) != 0)
		return -1;
	fcntl(sample.pipe[0], F_SETFL, O_NONBLOCK);
	/* One reminder is due at once, as the reminder thread would say. */
	if (write(sample.pipe[1], "!", 1) != 1)
		return -1;
	svc->ctx = &sample;
	svc->load = load;
	svc->take_reminders = take_reminders;
	svc->wake_fd = sample.pipe[0];
	return 0;
}

void
ui_sample_end(struct ui_services *svc)
{
	(void)svc;
	close(sample.pipe[0]);
	close(sample.pipe[1]);
}
