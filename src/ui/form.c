#include "config.h"

#include "ui/form.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "common/i18n.h"
#include "common/strutil.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/validate.h"

#define TITLE_ROWS 2
#define LABEL_X 1
#define LABEL_COLS_MAX 24
#define FIELD_COLS_DEFAULT 24

static int
choice_count(const struct form_field_def *d)
{
	int n = 0;

	while (d->choices != NULL && d->choices[n] != NULL)
		n++;
	return n;
}

void
uiform_init(struct uiform *f, const char *title,
    const struct form_field_def *defs, int n, int purpose)
{
	memset(f, 0, sizeof *f);
	str_copy(f->title, sizeof f->title, title);
	f->defs = defs;
	f->n = n > FORM_MAX_FIELDS ? FORM_MAX_FIELDS : n;
	f->purpose = purpose;
	for (int i = 0; i < f->n; i++) {
		if (defs[i].kind == FK_CHOICE && choice_count(&defs[i]) > 0)
			str_copy(f->value[i], FORM_VALUE_MAX,
			    _(defs[i].choices[0]));
		memcpy(f->initial[i], f->value[i], FORM_VALUE_MAX);
	}
}

void
uiform_set(struct uiform *f, int field, const char *value)
{
	const struct form_field_def *d = &f->defs[field];

	if (d->kind == FK_CHOICE) {
		for (int c = 0; c < choice_count(d); c++) {
			if (strcmp(d->codes[c], value) == 0) {
				f->choice[field] = c;
				value = _(d->choices[c]);
				break;
			}
		}
	}
	str_copy(f->value[field], FORM_VALUE_MAX, value);
	memcpy(f->initial[field], f->value[field], FORM_VALUE_MAX);
}

void
uiform_show(struct uiform *f, int field, bool shown)
{
	f->hidden[field] = !shown;
}

/* The def index of a posted field. */
static int
index_of(const FIELD *field)
{
	return (int)(intptr_t)field_userptr(field);
}

/* Copies the text of every posted field back into value[]. */
static void
sync_values(struct uiform *f)
{
	if (f->form == NULL)
		return;
	form_driver(f->form, REQ_VALIDATION);
	for (int k = 0; f->fields[k] != NULL; k++) {
		int i = index_of(f->fields[k]);
		char *text = field_buffer(f->fields[k], 0);
		size_t len;

		if (text == NULL)
			continue;
		str_copy(f->value[i], FORM_VALUE_MAX, text);
		len = strlen(f->value[i]);
		while (len > 0 && f->value[i][len - 1] == ' ')
			f->value[i][--len] = '\0';
	}
}

static int
field_width(const struct form_field_def *d)
{
	int width = d->width > 0 ? d->width : FIELD_COLS_DEFAULT;

	if (d->kind == FK_CHOICE) {
		for (int c = 0; c < choice_count(d); c++) {
			int w = text_width(_(d->choices[c]));

			if (w > width)
				width = w;
		}
	}
	return width;
}

static int
label_columns(const struct uiform *f)
{
	int cols = 0;

	for (int i = 0; i < f->n; i++) {
		int w = text_width(_(f->defs[i].label)) + 3;

		if (!f->hidden[i] && w > cols)
			cols = w;
	}
	return cols > LABEL_COLS_MAX ? LABEL_COLS_MAX : cols;
}

static int
shown_count(const struct uiform *f)
{
	int n = 0;

	for (int i = 0; i < f->n; i++)
		n += !f->hidden[i];
	return n;
}

static FIELD *
make_field(struct uiform *f, int i, int row, int width)
{
	const struct form_field_def *d = &f->defs[i];
	FIELD *field = new_field(1, width, row, 0, 0, 0);

	if (field == NULL)
		return NULL;
	set_field_userptr(field, (void *)(intptr_t)i);
	field_opts_off(field, O_AUTOSKIP | O_STATIC | O_BLANK);
	set_max_field(field, d->max_len > 0 ? d->max_len : FORM_VALUE_MAX / 4);
	if (d->kind == FK_SECRET)
		field_opts_off(field, O_PUBLIC);
	if (d->kind == FK_CHOICE)
		field_opts_off(field, O_EDIT);
	set_field_back(field, theme_attr(f->why[i][0] ? TH_FIELD_BAD :
	    TH_FIELD));
	set_field_buffer(field, 0, f->value[i]);
	return field;
}

int
uiform_post(struct uiform *f, WINDOW *win)
{
	int rows = getmaxy(win), cols = getmaxx(win);
	int shown = shown_count(f), k = 0, width = 0;
	int label_cols = label_columns(f);

	if (f->form != NULL)
		uiform_unpost(f);
	if (rows < TITLE_ROWS + shown + 1)
		return -1;
	f->win = win;
	f->field_x = LABEL_X + label_cols;
	for (int i = 0; i < f->n; i++) {
		if (!f->hidden[i] && field_width(&f->defs[i]) > width)
			width = field_width(&f->defs[i]);
	}
	if (width > cols - f->field_x - 34)
		width = cols - f->field_x - 34;
	if (width < 8)
		return -1;
	f->field_cols = width;
	f->note_x = f->field_x + width + 2;
	for (int i = 0, row = 0; i < f->n; i++) {
		int w = field_width(&f->defs[i]);

		if (f->hidden[i])
			continue;
		f->fields[k] = make_field(f, i, row++, w < width ? w : width);
		if (f->fields[k] == NULL)
			break;
		k++;
	}
	f->fields[k] = NULL;
	f->form = new_form(f->fields);
	if (f->form == NULL) {
		uiform_unpost(f);
		return -1;
	}
	f->sub = derwin(win, shown, width, TITLE_ROWS, f->field_x);
	set_form_win(f->form, win);
	set_form_sub(f->form, f->sub);
	werase(win);
	post_form(f->form);
	for (k = 0; f->fields[k] != NULL; k++) {
		if (index_of(f->fields[k]) == f->current)
			set_current_field(f->form, f->fields[k]);
	}
	form_driver(f->form, REQ_END_LINE);
	f->current = index_of(current_field(f->form));
	return 0;
}

void
uiform_unpost(struct uiform *f)
{
	sync_values(f);
	if (f->form != NULL) {
		unpost_form(f->form);
		free_form(f->form);
		f->form = NULL;
	}
	for (int k = 0; f->fields[k] != NULL; k++) {
		free_field(f->fields[k]);
		f->fields[k] = NULL;
	}
	if (f->sub != NULL) {
		delwin(f->sub);
		f->sub = NULL;
	}
}

/* What the form says beside a field that is not wrong. */
static void
hint_for(const struct form_field_def *d, char *buf, size_t size)
{
	buf[0] = '\0';
	switch (d->kind) {
	case FK_DATE:
		date_layout(buf, size);
		break;
	case FK_TIME:
		snprintf(buf, size, "%s", _("HH:MM"));
		break;
	case FK_TIMES:
		snprintf(buf, size, "%s", _("HH:MM, HH:MM"));
		break;
	case FK_NUMBER:
	case FK_INTEGER:
		snprintf(buf, size, "%g-%g", d->min, d->max);
		break;
	case FK_CHOICE:
		snprintf(buf, size, "%s", _("Space: change"));
		break;
	case FK_ZONE:
		snprintf(buf, size, "%s", _("e.g. Europe/Madrid"));
		break;
	default:
		break;
	}
}

void
uiform_draw(struct uiform *f)
{
	WINDOW *w = f->win;
	int cols, row = TITLE_ROWS;

	if (f->form == NULL)
		return;
	cols = getmaxx(w);
	draw_cell(w, 0, LABEL_X, f->title, cols - LABEL_X, theme_attr(TH_TITLE));
	draw_cell(w, 1, LABEL_X, _("Fields marked * are required."),
	    cols - LABEL_X, theme_attr(TH_MUTED));
	for (int i = 0; i < f->n; i++) {
		char label[128], note[FORM_WHY_MAX + 8];
		bool wrong = f->why[i][0] != '\0';

		if (f->hidden[i])
			continue;
		snprintf(label, sizeof label, "%s%s", _(f->defs[i].label),
		    f->defs[i].required ? " *" : "");
		draw_cell(w, row, LABEL_X, label, f->field_x - LABEL_X - 1,
		    i == f->current ? theme_attr(TH_TITLE) : A_NORMAL);
		if (wrong)
			snprintf(note, sizeof note, "! %s", f->why[i]);
		else
			hint_for(&f->defs[i], note, sizeof note);
		draw_cell(w, row, f->note_x - 1, "", 1, A_NORMAL);
		draw_cell(w, row, f->note_x, note, cols - f->note_x,
		    theme_attr(wrong ? TH_ERROR : TH_MUTED));
		row++;
	}
}

void
uiform_cursor(struct uiform *f)
{
	if (f->form != NULL)
		pos_form_cursor(f->form);
}

/* Checks text that is not blank by the field's kind; 0 when right. */
static int
check_kind(const struct form_field_def *d, const char *v, char *out,
    char *why)
{
	double num;
	long whole;
	int rc = 0;

	switch (d->kind) {
	case FK_DATE:
		return valid_date(v, out, why, FORM_WHY_MAX);
	case FK_TIME:
		return valid_time(v, out, why, FORM_WHY_MAX);
	case FK_TIMES:
		return valid_time_list(v, out, FORM_VALUE_MAX, why,
		    FORM_WHY_MAX);
	case FK_NUMBER:
		rc = valid_number(v, d->min, d->max, &num, why, FORM_WHY_MAX);
		if (rc == 0)
			snprintf(out, FORM_VALUE_MAX, "%g", num);
		return rc;
	case FK_INTEGER:
		rc = valid_integer(v, (long)d->min, (long)d->max, &whole, why,
		    FORM_WHY_MAX);
		if (rc == 0)
			snprintf(out, FORM_VALUE_MAX, "%ld", whole);
		return rc;
	case FK_EMAIL:
		return valid_email(v, why, FORM_WHY_MAX);
	case FK_ZONE:
		return valid_timezone(v, why, FORM_WHY_MAX);
	case FK_PHONE:
		return valid_phone(v, why, FORM_WHY_MAX);
	case FK_CODE:
		return valid_code(v, out, why, FORM_WHY_MAX);
	case FK_ICD10:
		return valid_icd10(v, why, FORM_WHY_MAX);
	case FK_CHOICE:
	case FK_TEXT:
	case FK_SECRET:
		break;
	}
	return 0;
}

/* Checks one field, filling norm[] or why[]. */
static void
check(struct uiform *f, int i)
{
	const struct form_field_def *d = &f->defs[i];
	const char *v = f->value[i];
	char *why = f->why[i], *out = f->norm[i];

	why[0] = '\0';
	out[0] = '\0';
	if (f->hidden[i])
		return;
	if (d->kind == FK_CHOICE) {
		str_copy(out, FORM_VALUE_MAX, d->codes[f->choice[i]]);
		if (d->required && out[0] == '\0')
			snprintf(why, FORM_WHY_MAX, "%s", _("choose one"));
		return;
	}
	if (valid_required(v, why, FORM_WHY_MAX) != 0) {
		/* Blank: wrong only when the field is required. */
		if (!d->required)
			why[0] = '\0';
		return;
	}
	if (check_kind(d, v, out, why) == 0 && out[0] == '\0') {
		str_copy(out, FORM_VALUE_MAX, v);
		str_trim(out);
	}
}

static void
restyle(struct uiform *f, int i)
{
	for (int k = 0; f->fields[k] != NULL; k++) {
		if (index_of(f->fields[k]) == i)
			set_field_back(f->fields[k], theme_attr(f->why[i][0] ?
			    TH_FIELD_BAD : TH_FIELD));
	}
}

/* Checks the field being left, then moves with a form request. */
static void
leave(struct uiform *f, int request)
{
	int i = f->current;

	sync_values(f);
	check(f, i);
	restyle(f, i);
	form_driver(f->form, request);
	form_driver(f->form, REQ_END_LINE);
	f->current = index_of(current_field(f->form));
}

static void
set_choice(struct uiform *f, int i, int c)
{
	int n = choice_count(&f->defs[i]);

	if (n == 0)
		return;
	f->choice[i] = (c + n) % n;
	str_copy(f->value[i], FORM_VALUE_MAX,
	    _(f->defs[i].choices[f->choice[i]]));
	set_field_buffer(current_field(f->form), 0, f->value[i]);
	f->why[i][0] = '\0';
}

/* A letter typed into a choice picks the next choice starting with it. */
static void
choice_by_letter(struct uiform *f, int i, wint_t letter)
{
	int n = choice_count(&f->defs[i]);

	for (int step = 1; step <= n; step++) {
		int c = (f->choice[i] + step) % n;
		wchar_t first;

		if (mbtowc(&first, _(f->defs[i].choices[c]), MB_CUR_MAX) > 0 &&
		    towlower((wint_t)first) == towlower(letter)) {
			set_choice(f, i, c);
			return;
		}
	}
}

static bool
printable(int key)
{
	return !(key & KEY_FN(0)) && key >= 32 && key != 127;
}

static bool
is_last_shown(const struct uiform *f, int i)
{
	for (int j = i + 1; j < f->n; j++) {
		if (!f->hidden[j])
			return false;
	}
	return true;
}

static enum form_result
try_save(struct uiform *f)
{
	int first;

	if (uiform_check_all(f) == 0)
		return FORM_SAVE;
	first = uiform_first_wrong(f);
	for (int k = 0; f->fields[k] != NULL; k++) {
		if (index_of(f->fields[k]) == first)
			set_current_field(f->form, f->fields[k]);
	}
	f->current = index_of(current_field(f->form));
	return FORM_REFUSED;
}

static enum form_result
edit_key(struct uiform *f, enum action act, int key)
{
	bool choice = f->defs[f->current].kind == FK_CHOICE;
	int i = f->current;

	switch (act) {
	case ACT_FIELD_NEXT:
		if ((key == '\n' || key == '\r' || key == KEY_FN(KEY_ENTER)) &&
		    is_last_shown(f, i))
			return try_save(f);
		leave(f, REQ_NEXT_FIELD);
		return FORM_GOING;
	case ACT_FIELD_PREV:
		leave(f, REQ_PREV_FIELD);
		return FORM_GOING;
	case ACT_FIELD_LEFT:
		if (choice)
			set_choice(f, i, f->choice[i] - 1);
		else
			form_driver(f->form, REQ_PREV_CHAR);
		return FORM_GOING;
	case ACT_FIELD_RIGHT:
		if (choice)
			set_choice(f, i, f->choice[i] + 1);
		else
			form_driver(f->form, REQ_NEXT_CHAR);
		return FORM_GOING;
	case ACT_FIELD_HOME:
		form_driver(f->form, REQ_BEG_LINE);
		return FORM_GOING;
	case ACT_FIELD_END:
		form_driver(f->form, REQ_END_LINE);
		return FORM_GOING;
	case ACT_FIELD_BACKSPACE:
		form_driver(f->form, REQ_DEL_PREV);
		return FORM_GOING;
	case ACT_FIELD_DELETE:
		form_driver(f->form, REQ_DEL_CHAR);
		return FORM_GOING;
	case ACT_FIELD_CLEAR:
		if (!choice)
			form_driver(f->form, REQ_CLR_FIELD);
		return FORM_GOING;
	case ACT_SAVE:
		return try_save(f);
	case ACT_CANCEL:
		return FORM_CANCEL;
	default:
		return FORM_UNUSED;
	}
}

enum form_result
uiform_key(struct uiform *f, int key)
{
	if (f->form == NULL)
		return FORM_UNUSED;
	if (printable(key) && f->defs[f->current].kind != FK_CHOICE) {
		form_driver_w(f->form, OK, (wchar_t)key);
		return FORM_GOING;
	}
	if (printable(key) && key != ' ') {
		choice_by_letter(f, f->current, (wint_t)key);
		return FORM_GOING;
	}
	return edit_key(f, keys_action(KC_FORM, key), key);
}

bool
uiform_changed(struct uiform *f)
{
	sync_values(f);
	for (int i = 0; i < f->n; i++) {
		if (strcmp(f->value[i], f->initial[i]) != 0)
			return true;
	}
	return false;
}

int
uiform_check_all(struct uiform *f)
{
	sync_values(f);
	for (int i = 0; i < f->n; i++) {
		check(f, i);
		restyle(f, i);
	}
	return uiform_wrong(f);
}

int
uiform_wrong(const struct uiform *f)
{
	int wrong = 0;

	for (int i = 0; i < f->n; i++)
		wrong += f->why[i][0] != '\0';
	return wrong;
}

int
uiform_first_wrong(const struct uiform *f)
{
	for (int i = 0; i < f->n; i++) {
		if (f->why[i][0] != '\0')
			return i;
	}
	return -1;
}

void
uiform_refuse(struct uiform *f, int field, const char *why)
{
	str_copy(f->why[field], FORM_WHY_MAX, why);
	restyle(f, field);
}

const char *
uiform_get(const struct uiform *f, int field)
{
	return f->norm[field];
}

void
uiform_free(struct uiform *f)
{
	uiform_unpost(f);
	sodium_memzero(f->value, sizeof f->value);
	sodium_memzero(f->initial, sizeof f->initial);
	sodium_memzero(f->norm, sizeof f->norm);
}
