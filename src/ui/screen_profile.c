#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "domain/bmi.h"
#include "ui/draw.h"
#include "ui/screen.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/validate.h"

enum profile_field {
	PF_FIRST, PF_LAST, PF_BIRTH, PF_GENDER, PF_HEIGHT, PF_WEIGHT,
	PF_BLOOD, PF_PHONE, PF_EMERGENCY, PF_EMERGENCY_PHONE, PF_COUNT
};

static const char *const genders[] = { N_("prefer not to say"),
    N_("female"), N_("male"), N_("other"), NULL };
static const char *const gender_codes[] = { "prefer_not_to_say", "female",
    "male", "other", NULL };
static const char *const blood_types[] = { N_("unknown"), "A+", "A-", "B+",
    "B-", "AB+", "AB-", "O+", "O-", NULL };
static const char *const blood_codes[] = { "unknown", "A+", "A-", "B+", "B-",
    "AB+", "AB-", "O+", "O-", NULL };

static const struct form_field_def profile_fields[PF_COUNT] = {
	[PF_FIRST] = { N_("First name"), FK_TEXT, true, 24, 100, 0, 0, NULL,
	    NULL },
	[PF_LAST] = { N_("Last name"), FK_TEXT, true, 24, 100, 0, 0, NULL,
	    NULL },
	[PF_BIRTH] = { N_("Date of birth"), FK_DATE, false, 12, 12, 0, 0, NULL,
	    NULL },
	[PF_GENDER] = { N_("Gender"), FK_CHOICE, false, 0, 0, 0, 0, genders,
	    gender_codes },
	[PF_HEIGHT] = { N_("Height (cm)"), FK_INTEGER, false, 6, 3, 30, 272,
	    NULL, NULL },
	[PF_WEIGHT] = { N_("Weight (kg)"), FK_NUMBER, false, 6, 6, 1, 650,
	    NULL, NULL },
	[PF_BLOOD] = { N_("Blood type"), FK_CHOICE, false, 0, 0, 0, 0,
	    blood_types, blood_codes },
	[PF_PHONE] = { N_("Phone"), FK_PHONE, false, 20, 31, 0, 0, NULL,
	    NULL },
	[PF_EMERGENCY] = { N_("Emergency contact"), FK_TEXT, false, 24, 200, 0,
	    0, NULL, NULL },
	[PF_EMERGENCY_PHONE] = { N_("Their phone"), FK_PHONE, false, 20, 31,
	    0, 0, NULL, NULL },
};

enum notify_field {
	NF_ZONE, NF_QUIET_FROM, NF_QUIET_TO, NF_ADVANCE, NF_REMINDERS,
	NF_MISSED, NF_REFILLS, NF_INTERACTIONS, NF_COUNT
};

static const char *const on_off[] = { N_("on"), N_("off"), NULL };
static const char *const on_off_codes[] = { "1", "0", NULL };

static const struct form_field_def notify_fields[NF_COUNT] = {
	[NF_ZONE] = { N_("Time zone"), FK_ZONE, true, 24, 64, 0, 0, NULL,
	    NULL },
	[NF_QUIET_FROM] = { N_("Quiet hours from"), FK_TIME, false, 6, 5, 0,
	    0, NULL, NULL },
	[NF_QUIET_TO] = { N_("Quiet hours until"), FK_TIME, false, 6, 5, 0, 0,
	    NULL, NULL },
	[NF_ADVANCE] = { N_("Remind minutes early"), FK_INTEGER, false, 4, 3,
	    0, 240, NULL, NULL },
	[NF_REMINDERS] = { N_("Dose reminders"), FK_CHOICE, false, 0, 0, 0, 0,
	    on_off, on_off_codes },
	[NF_MISSED] = { N_("Missed-dose alerts"), FK_CHOICE, false, 0, 0, 0, 0,
	    on_off, on_off_codes },
	[NF_REFILLS] = { N_("Refill reminders"), FK_CHOICE, false, 0, 0, 0, 0,
	    on_off, on_off_codes },
	[NF_INTERACTIONS] = { N_("Interaction warnings"), FK_CHOICE, false, 0,
	    0, 0, 0, on_off, on_off_codes },
};

enum condition_field {
	CF_NAME, CF_CODE, CF_SEVERITY, CF_STATUS, CF_SINCE, CF_COUNT
};

static const char *const cond_severities[] = { N_("moderate"), N_("mild"),
    N_("severe"), NULL };
static const char *const cond_severity_codes[] = { "moderate", "mild",
    "severe", NULL };
static const char *const cond_statuses[] = { N_("ongoing"), N_("managed"),
    N_("resolved"), NULL };
static const char *const cond_status_codes[] = { "active", "managed",
    "resolved", NULL };

static const struct form_field_def condition_fields[CF_COUNT] = {
	[CF_NAME] = { N_("Condition"), FK_TEXT, true, 30, 200, 0, 0, NULL,
	    NULL },
	[CF_CODE] = { N_("ICD-10 code"), FK_ICD10, false, 9, 8, 0, 0, NULL,
	    NULL },
	[CF_SEVERITY] = { N_("Severity"), FK_CHOICE, false, 0, 0, 0, 0,
	    cond_severities, cond_severity_codes },
	[CF_STATUS] = { N_("Status"), FK_CHOICE, false, 0, 0, 0, 0,
	    cond_statuses, cond_status_codes },
	[CF_SINCE] = { N_("Diagnosed on"), FK_DATE, false, 12, 12, 0, 0, NULL,
	    NULL },
};

enum allergy_field { AF_NAME, AF_TYPE, AF_SEVERITY, AF_REACTION, AF_COUNT };

static const char *const allergen_types[] = { N_("drug"), N_("food"),
    N_("environmental"), N_("other"), NULL };
static const char *const allergen_type_codes[] = { "drug", "food",
    "environmental", "other", NULL };
static const char *const reaction_severities[] = { N_("(choose)"),
    N_("mild"), N_("moderate"), N_("severe"), N_("life-threatening"), NULL };
static const char *const reaction_codes[] = { "", "mild", "moderate",
    "severe", "life_threatening", NULL };

static const struct form_field_def allergy_fields[AF_COUNT] = {
	[AF_NAME] = { N_("Allergen"), FK_TEXT, true, 30, 200, 0, 0, NULL,
	    NULL },
	[AF_TYPE] = { N_("Type"), FK_CHOICE, false, 0, 0, 0, 0,
	    allergen_types, allergen_type_codes },
	[AF_SEVERITY] = { N_("Reaction severity"), FK_CHOICE, true, 0, 0, 0,
	    0, reaction_severities, reaction_codes },
	[AF_REACTION] = { N_("Reaction"), FK_TEXT, false, 30, 255, 0, 0, NULL,
	    NULL },
};

/* The translated label of a stored code, from a choice table. */
static const char *
label_of(const char *const *labels, const char *const *codes,
    const char *code)
{
	for (int i = 0; codes[i] != NULL; i++) {
		if (strcmp(codes[i], code) == 0)
			return _(labels[i]);
	}
	return code;
}

static const char *
bmi_class_name(enum bmi_class c)
{
	switch (c) {
	case BMI_UNDERWEIGHT: return _("underweight");
	case BMI_HEALTHY: return _("healthy weight");
	case BMI_OVERWEIGHT: return _("overweight");
	case BMI_OBESE: return _("obese");
	}
	return "";
}

/* One row of a column of label and value pairs; returns the rows used. */
static int
pair(WINDOW *w, int y, int x, int cols, const char *label, const char *value)
{
	draw_pair(w, y, x, cols, label, value);
	return 1;
}

static void
draw_left(struct app *app, WINDOW *w, int y, int cols)
{
	const struct ui_profile *p = &app->model.profile;
	char buf[256], birth[32] = "";
	double bmi;

	snprintf(buf, sizeof buf, "%s %s", p->first_name, p->last_name);
	y += pair(w, y, 1, cols, _("Name:"), str_trim(buf));
	if (p->date_of_birth[0])
		date_to_locale(p->date_of_birth, birth, sizeof birth);
	y += pair(w, y, 1, cols, _("Born:"), birth);
	y += pair(w, y, 1, cols, _("Gender:"), p->gender[0] ?
	    label_of(genders, gender_codes, p->gender) : "");
	buf[0] = '\0';
	if (p->height_cm > 0)
		snprintf(buf, sizeof buf, "%d cm", p->height_cm);
	y += pair(w, y, 1, cols, _("Height:"), buf);
	buf[0] = '\0';
	if (p->weight_kg > 0)
		snprintf(buf, sizeof buf, "%.1f kg", p->weight_kg);
	y += pair(w, y, 1, cols, _("Weight:"), buf);
	buf[0] = '\0';
	if (bmi_compute(p->height_cm, p->weight_kg, &bmi) == 0)
		snprintf(buf, sizeof buf, "%.1f, %s", bmi,
		    bmi_class_name(bmi_classify(bmi)));
	y += pair(w, y, 1, cols, _("BMI:"), buf);
	y += pair(w, y, 1, cols, _("Blood type:"), p->blood_type[0] ?
	    label_of(blood_types, blood_codes, p->blood_type) : "");
	pair(w, y, 1, cols, _("Phone:"), p->phone);
}

static void
draw_right(struct app *app, WINDOW *w, int y, int x, int cols)
{
	const struct ui_notify *n = &app->model.profile.notify;
	const struct ui_profile *p = &app->model.profile;
	char buf[256] = "";

	y += pair(w, y, x, cols, _("Emergency:"), p->emergency_name);
	y += pair(w, y, x, cols, _("Their phone:"), p->emergency_phone);
	y += pair(w, y, x, cols, _("Time zone:"), n->timezone);
	if (n->quiet_start[0])
		snprintf(buf, sizeof buf, "%s-%s", n->quiet_start, n->quiet_end);
	y += pair(w, y, x, cols, _("Quiet hours:"), buf);
	if (n->reminders)
		snprintf(buf, sizeof buf, _("on, %d minutes early"),
		    n->advance_minutes);
	else
		snprintf(buf, sizeof buf, "%s", _("off"));
	y += pair(w, y, x, cols, _("Reminders:"), buf);
	y += pair(w, y, x, cols, _("Missed doses:"), n->missed_doses ?
	    _("on") : _("off"));
	y += pair(w, y, x, cols, _("Refills:"), n->refills ? _("on") :
	    _("off"));
	pair(w, y, x, cols, _("Interactions:"), n->interactions ? _("on") :
	    _("off"));
}

/* The conditions and allergies as lines of text, scrolled by top. */
static void
draw_lists(struct app *app, WINDOW *w, int y)
{
	const struct ui_profile *p = &app->model.profile;
	int rows = getmaxy(w) - y, cols = getmaxx(w) - 2, line = 0;
	int top = app->lists[SCR_PROFILE].top;
	char buf[UI_NAME_MAX * 2 + 96];

#define LINE(text, attr) do { \
	if (line >= top && line - top < rows) \
		draw_text(w, y + line - top, 1, (text), cols, (attr)); \
	line++; \
} while (0)
	snprintf(buf, sizeof buf, _("Conditions (%zu)"), p->n_conditions);
	LINE(buf, theme_attr(TH_TITLE));
	for (size_t i = 0; i < p->n_conditions; i++) {
		const struct ui_condition *c = &p->conditions[i];

		snprintf(buf, sizeof buf, "  %s%s%s%s: %s, %s", c->name,
		    c->code[0] ? " (" : "", c->code, c->code[0] ? ")" : "",
		    label_of(cond_severities, cond_severity_codes, c->severity),
		    label_of(cond_statuses, cond_status_codes, c->status));
		LINE(buf, A_NORMAL);
	}
	snprintf(buf, sizeof buf, _("Allergies (%zu)"), p->n_allergies);
	LINE(buf, theme_attr(TH_TITLE));
	for (size_t i = 0; i < p->n_allergies; i++) {
		const struct ui_allergy *a = &p->allergies[i];

		snprintf(buf, sizeof buf, "  %s (%s): %s%s%s", a->allergen,
		    label_of(allergen_types, allergen_type_codes, a->type),
		    label_of(reaction_severities, reaction_codes, a->severity),
		    a->reaction[0] ? ", " : "", a->reaction);
		LINE(buf, strcmp(a->severity, "life_threatening") == 0 ||
		    strcmp(a->severity, "severe") == 0 ? theme_attr(TH_ERROR) :
		    A_NORMAL);
	}
#undef LINE
	if (top > line - 1)
		app->lists[SCR_PROFILE].top = line > 0 ? line - 1 : 0;
}

static void
draw(struct app *app, WINDOW *w)
{
	int half = getmaxx(w) / 2;
	char title[UI_NAME_MAX + 64];

	if (app->model.has_person)
		snprintf(title, sizeof title, _("Profile of %s"),
		    app->model.person.name);
	else
		snprintf(title, sizeof title, "%s",
		    _("Profile (no record is open)"));
	draw_text(w, 0, 1, title, getmaxx(w) - 2, theme_attr(TH_TITLE));
	draw_left(app, w, 2, half - 2);
	draw_right(app, w, 2, half, half - 1);
	draw_lists(app, w, 11);
}

static void
set_number(struct uiform *f, int field, double v, int decimals)
{
	char buf[32];

	if (v <= 0)
		return;
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	uiform_set(f, field, buf);
}

static void
open_profile(struct app *app)
{
	const struct ui_profile *p = &app->model.profile;
	struct uiform *f = &app->form;
	char birth[32];

	uiform_init(f, _("Personal and physical details"), profile_fields,
	    PF_COUNT, FP_PROFILE);
	uiform_set(f, PF_FIRST, p->first_name);
	uiform_set(f, PF_LAST, p->last_name);
	if (p->date_of_birth[0]) {
		date_to_locale(p->date_of_birth, birth, sizeof birth);
		uiform_set(f, PF_BIRTH, birth);
	}
	if (p->gender[0])
		uiform_set(f, PF_GENDER, p->gender);
	set_number(f, PF_HEIGHT, p->height_cm, 0);
	set_number(f, PF_WEIGHT, p->weight_kg, 1);
	if (p->blood_type[0])
		uiform_set(f, PF_BLOOD, p->blood_type);
	uiform_set(f, PF_PHONE, p->phone);
	uiform_set(f, PF_EMERGENCY, p->emergency_name);
	uiform_set(f, PF_EMERGENCY_PHONE, p->emergency_phone);
	app_open_form(app);
}

static void
open_notify(struct app *app)
{
	const struct ui_notify *n = &app->model.profile.notify;
	struct uiform *f = &app->form;

	uiform_init(f, _("Time zone, quiet hours and notifications"),
	    notify_fields, NF_COUNT, FP_NOTIFY);
	uiform_set(f, NF_ZONE, n->timezone[0] ? n->timezone : "UTC");
	uiform_set(f, NF_QUIET_FROM, n->quiet_start);
	uiform_set(f, NF_QUIET_TO, n->quiet_end);
	if (n->reminders || n->advance_minutes > 0) {
		char minutes[16];

		snprintf(minutes, sizeof minutes, "%d", n->advance_minutes);
		uiform_set(f, NF_ADVANCE, minutes);
	}
	uiform_set(f, NF_REMINDERS, n->reminders ? "1" : "0");
	uiform_set(f, NF_MISSED, n->missed_doses ? "1" : "0");
	uiform_set(f, NF_REFILLS, n->refills ? "1" : "0");
	uiform_set(f, NF_INTERACTIONS, n->interactions ? "1" : "0");
	app_open_form(app);
}

static void
fill_profile(struct ui_profile *p, const struct uiform *f)
{
	long height = 0;
	double weight = 0;

	str_copy(p->first_name, sizeof p->first_name, uiform_get(f, PF_FIRST));
	str_copy(p->last_name, sizeof p->last_name, uiform_get(f, PF_LAST));
	str_copy(p->date_of_birth, sizeof p->date_of_birth,
	    uiform_get(f, PF_BIRTH));
	str_copy(p->gender, sizeof p->gender, uiform_get(f, PF_GENDER));
	str_to_long(uiform_get(f, PF_HEIGHT), &height);
	str_to_double(uiform_get(f, PF_WEIGHT), &weight);
	p->height_cm = (int)height;
	p->weight_kg = weight;
	str_copy(p->blood_type, sizeof p->blood_type, uiform_get(f, PF_BLOOD));
	str_copy(p->phone, sizeof p->phone, uiform_get(f, PF_PHONE));
	str_copy(p->emergency_name, sizeof p->emergency_name,
	    uiform_get(f, PF_EMERGENCY));
	str_copy(p->emergency_phone, sizeof p->emergency_phone,
	    uiform_get(f, PF_EMERGENCY_PHONE));
}

static bool
fill_notify(struct app *app, struct ui_notify *n, struct uiform *f)
{
	long advance = 0;

	if ((uiform_get(f, NF_QUIET_FROM)[0] == '\0') !=
	    (uiform_get(f, NF_QUIET_TO)[0] == '\0')) {
		int missing = uiform_get(f, NF_QUIET_FROM)[0] ? NF_QUIET_TO :
		    NF_QUIET_FROM;

		uiform_refuse(f, missing, _("give both ends, or neither"));
		app_status(app, STATUS_ERROR, "%s",
		    _("Not saved: quiet hours need a start and an end."));
		return false;
	}
	str_copy(n->timezone, sizeof n->timezone, uiform_get(f, NF_ZONE));
	str_copy(n->quiet_start, sizeof n->quiet_start,
	    uiform_get(f, NF_QUIET_FROM));
	str_copy(n->quiet_end, sizeof n->quiet_end, uiform_get(f, NF_QUIET_TO));
	str_to_long(uiform_get(f, NF_ADVANCE), &advance);
	n->advance_minutes = (int)advance;
	n->reminders = strcmp(uiform_get(f, NF_REMINDERS), "1") == 0;
	n->missed_doses = strcmp(uiform_get(f, NF_MISSED), "1") == 0;
	n->refills = strcmp(uiform_get(f, NF_REFILLS), "1") == 0;
	n->interactions = strcmp(uiform_get(f, NF_INTERACTIONS), "1") == 0;
	return true;
}

static int
save_profile(struct app *app, struct uiform *f, struct error *err)
{
	struct ui_profile p = app->model.profile;

	if (!app_not_future(app, f, PF_BIRTH,
	    _("Not saved: a date lies in the future.")))
		return 1;
	fill_profile(&p, f);
	return app->svc->save_profile(app->svc->ctx, &p, err);
}

static int
save_notify(struct app *app, struct uiform *f, struct error *err)
{
	struct ui_notify n = app->model.profile.notify;

	if (!fill_notify(app, &n, f))
		return 1;
	return app->svc->save_notify(app->svc->ctx, &n, err);
}

static int
save_condition(struct app *app, struct uiform *f, struct error *err)
{
	struct ui_condition c;

	if (!app_not_future(app, f, CF_SINCE,
	    _("Not saved: a date lies in the future.")))
		return 1;
	memset(&c, 0, sizeof c);
	str_copy(c.name, sizeof c.name, uiform_get(f, CF_NAME));
	str_copy(c.code, sizeof c.code, uiform_get(f, CF_CODE));
	str_copy(c.severity, sizeof c.severity, uiform_get(f, CF_SEVERITY));
	str_copy(c.status, sizeof c.status, uiform_get(f, CF_STATUS));
	str_copy(c.diagnosed, sizeof c.diagnosed, uiform_get(f, CF_SINCE));
	return app->svc->add_condition(app->svc->ctx, &c, err);
}

static int
save_allergy(struct app *app, struct uiform *f, struct error *err)
{
	struct ui_allergy a;

	memset(&a, 0, sizeof a);
	str_copy(a.allergen, sizeof a.allergen, uiform_get(f, AF_NAME));
	str_copy(a.type, sizeof a.type, uiform_get(f, AF_TYPE));
	str_copy(a.severity, sizeof a.severity, uiform_get(f, AF_SEVERITY));
	str_copy(a.reaction, sizeof a.reaction, uiform_get(f, AF_REACTION));
	return app->svc->add_allergy(app->svc->ctx, &a, err);
}

/* Whether this build can save what a form is for. */
static bool
can_save(const struct app *app, int purpose)
{
	switch (purpose) {
	case FP_PROFILE: return app->svc->save_profile != NULL;
	case FP_NOTIFY: return app->svc->save_notify != NULL;
	case FP_CONDITION: return app->svc->add_condition != NULL;
	case FP_ALLERGY: return app->svc->add_allergy != NULL;
	default: return false;
	}
}

enum submit_result
screen_profile_submit(struct app *app, struct uiform *f)
{
	struct error err;
	int rc;

	if (!can_save(app, f->purpose)) {
		app_status(app, STATUS_ERROR, "%s",
		    _("Not saved: saving the profile is not available in this version yet."));
		return SUBMIT_KEEP;
	}
	error_clear(&err);
	if (f->purpose == FP_PROFILE)
		rc = save_profile(app, f, &err);
	else if (f->purpose == FP_NOTIFY)
		rc = save_notify(app, f, &err);
	else if (f->purpose == FP_CONDITION)
		rc = save_condition(app, f, &err);
	else
		rc = save_allergy(app, f, &err);
	if (rc > 0)
		return SUBMIT_KEEP;
	if (rc < 0) {
		app_fail(app, &err);
		return SUBMIT_KEEP;
	}
	app_reload(app);
	app_status(app, STATUS_OK, "%s", _("Saved."));
	return SUBMIT_CLOSE;
}

static bool
act(struct app *app, enum action action)
{
	struct list_state *l = &app->lists[SCR_PROFILE];

	switch (action) {
	case ACT_EDIT:
		open_profile(app);
		return true;
	case ACT_EDIT_NOTIFY:
		open_notify(app);
		return true;
	case ACT_ADD_CONDITION:
		uiform_init(&app->form, _("Add a condition"), condition_fields,
		    CF_COUNT, FP_CONDITION);
		app_open_form(app);
		return true;
	case ACT_ADD_ALLERGY:
		uiform_init(&app->form, _("Add an allergy"), allergy_fields,
		    AF_COUNT, FP_ALLERGY);
		app_open_form(app);
		return true;
	case ACT_UP:
	case ACT_PAGE_UP:
		l->top -= action == ACT_UP ? 1 : 5;
		if (l->top < 0)
			l->top = 0;
		return true;
	case ACT_DOWN:
	case ACT_PAGE_DOWN:
		l->top += action == ACT_DOWN ? 1 : 5;
		return true;
	case ACT_TOP:
		l->top = 0;
		return true;
	case ACT_BOTTOM:
		l->top = 1 << 20;
		return true;
	default:
		return false;
	}
}

const struct screen screen_profile = {
	N_("Profile"), KC_PROFILE, draw, act, NULL
};
