#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "common/i18n.h"
#include "ui/draw.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widgets.h"

void
prompt_close(struct app *app)
{
	sodium_memzero(app->prompt.text, sizeof app->prompt.text);
	app->prompt.kind = PROMPT_NONE;
	app->prompt.done = NULL;
	app->dirty = true;
}

/* Ends the prompt and tells its owner, which may open another. */
static void
finish(struct app *app, bool accepted)
{
	void (*done)(struct app *, bool) = app->prompt.done;

	app->prompt.kind = PROMPT_NONE;
	app->prompt.done = NULL;
	if (done != NULL)
		done(app, accepted);
	if (app->prompt.kind == PROMPT_NONE)
		prompt_close(app);
}

/* The search follows every key, so the list narrows as one types. */
static void
follow_search(struct app *app)
{
	struct list_state *l = &app->lists[app->screen];

	if (app->prompt.kind != PROMPT_SEARCH)
		return;
	memcpy(l->filter, app->prompt.text, sizeof l->filter - 1);
	l->filter[sizeof l->filter - 1] = '\0';
	l->sel = 0;
	l->top = 0;
}

static void
type_char(struct app *app, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n, len = strlen(app->prompt.text);

	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || len + n + 1 > sizeof app->prompt.text - 128)
		return;
	memcpy(app->prompt.text + len, mb, n);
	app->prompt.text[len + n] = '\0';
}

static void
delete_last(struct app *app)
{
	char *t = app->prompt.text;
	size_t len = strlen(t);

	/* Back over UTF-8 continuation bytes to the character's start. */
	while (len > 0 && ((unsigned char)t[len - 1] & 0xc0) == 0x80)
		len--;
	if (len > 0)
		len--;
	t[len] = '\0';
}

static bool
answer_is(int key, const char *letter, int ascii)
{
	wchar_t wc;

	if (key == ascii || key == ascii - 'a' + 'A')
		return true;
	return mbtowc(&wc, letter, MB_CUR_MAX) > 0 &&
	    (key == (int)wc || key == (int)towupper((wint_t)wc));
}

static void
yes_no_key(struct app *app, int key)
{
	/* TRANSLATORS: the letters that answer yes and no to a question. */
	if (answer_is(key, _("y"), 'y'))
		finish(app, true);
	else if (answer_is(key, _("n"), 'n') || key == KEY_ESC ||
	    key == KEY_CTRL('c'))
		finish(app, false);
}

void
prompt_key(struct app *app, int key)
{
	enum action a;

	if (app->prompt.kind == PROMPT_YESNO) {
		yes_no_key(app, key);
		return;
	}
	if (!(key & KEY_FN(0)) && key >= 32 && key != 127) {
		type_char(app, key);
		follow_search(app);
		return;
	}
	a = keys_action(KC_PROMPT, key);
	if (a == ACT_FIELD_BACKSPACE) {
		delete_last(app);
		follow_search(app);
	} else if (a == ACT_FIELD_CLEAR) {
		app->prompt.text[0] = '\0';
		follow_search(app);
	} else if (a == ACT_CHOOSE) {
		finish(app, true);
	} else if (a == ACT_CANCEL) {
		finish(app, false);
	}
}

int
prompt_draw(struct app *app, int row)
{
	const struct prompt *p = &app->prompt;
	int x, cols = getmaxx(stdscr);
	attr_t attr = theme_attr(p->kind == PROMPT_YESNO ? TH_INFO : TH_TITLE);

	draw_fill(stdscr, row, 0, cols, A_NORMAL);
	x = draw_text(stdscr, row, 0, p->question, cols - 2, attr);
	if (p->kind == PROMPT_YESNO)
		return x;
	if (p->kind != PROMPT_SEARCH)
		x += draw_text(stdscr, row, x, " ", 1, A_NORMAL);
	if (p->kind == PROMPT_SECRET)
		return x;
	/* Shows the end of a long text, where the typing happens. */
	{
		int room = cols - x - 1, width = text_width(p->text);
		const char *shown = p->text;

		while (width > room && *shown) {
			shown++;
			while (((unsigned char)*shown & 0xc0) == 0x80)
				shown++;
			width = text_width(shown);
		}
		x += draw_text(stdscr, row, x, shown, room, A_NORMAL);
	}
	return x;
}
