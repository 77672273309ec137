#include "config.h"

#include <stdlib.h>

#include "ui/screen.h"

void
list_act(struct list_state *l, enum action action, int count, int page)
{
	switch (action) {
	case ACT_UP: l->sel--; break;
	case ACT_DOWN: l->sel++; break;
	case ACT_TOP: l->sel = 0; break;
	case ACT_BOTTOM: l->sel = count - 1; break;
	case ACT_PAGE_UP: l->sel -= page; break;
	case ACT_PAGE_DOWN: l->sel += page; break;
	default: break;
	}
	if (l->sel >= count)
		l->sel = count - 1;
	if (l->sel < 0)
		l->sel = 0;
}

void
list_scroll(struct list_state *l, int count, int rows)
{
	if (l->sel >= count)
		l->sel = count > 0 ? count - 1 : 0;
	if (l->sel < 0)
		l->sel = 0;
	if (rows <= 0)
		return;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	if (l->top > count - rows)
		l->top = count - rows;
	if (l->top < 0)
		l->top = 0;
}

int
list_filter(struct app *app, size_t count,
    bool (*keep)(struct app *app, size_t i), int *index, int max)
{
	int n = 0;

	for (size_t i = 0; i < count; i++) {
		if (!keep(app, i))
			continue;
		if (index != NULL && n < max)
			index[n] = (int)i;
		n++;
	}
	return n;
}

int *
list_rows(struct app *app, enum screen_id id, int *count)
{
	const struct screen *s = screen_get(id);
	int n = s->rows != NULL ? s->rows(app, NULL, 0) : 0;
	int *index = malloc((size_t)(n > 0 ? n : 1) * sizeof *index);

	*count = 0;
	if (index == NULL)
		return NULL;
	if (n > 0)
		*count = s->rows(app, index, n);
	return index;
}

int
list_selected(struct app *app, enum screen_id id)
{
	struct list_state *l = &app->lists[id];
	int count, chosen = -1;
	int *index = list_rows(app, id, &count);

	if (index == NULL)
		return -1;
	if (count > 0) {
		if (l->sel >= count)
			l->sel = count - 1;
		if (l->sel < 0)
			l->sel = 0;
		chosen = index[l->sel];
	}
	free(index);
	return chosen;
}
