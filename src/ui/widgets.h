#ifndef PC_UI_WIDGETS_H
#define PC_UI_WIDGETS_H

#include "ui/app.h"

/*
 * The small pieces the loop routes keys to before the screen: the prompt
 * in the status line (prompt.c), the list to choose from (chooser.c) and
 * the reminder pop-up (popup.c).  Each draws itself on request.
 */

/* Handles a key while the prompt is open. */
void prompt_key(struct app *app, int key);

/* Draws the prompt on the status row; returns the cursor column. */
int prompt_draw(struct app *app, int row);

/* Closes the prompt, wiping what was typed. */
void prompt_close(struct app *app);

/* Handles a key while the chooser is open. */
void chooser_key(struct app *app, int key);

/* Builds the chooser's panel when needed and draws it. */
void chooser_render(struct app *app);

/* Takes the chooser's panel down, e.g. before a resize; keeps its items. */
void chooser_unpost(struct app *app);

/* Closes the chooser without a choice. */
void chooser_close(struct app *app);

/* Handles a key while the reminder pop-up has the keyboard. */
void popup_key(struct app *app, int key);

/* Shows, hides and draws the pop-up's panel as the state says. */
void popup_render(struct app *app);

/* Takes the pop-up's panel down; keeps its reminders. */
void popup_unpost(struct app *app);

/* Removes the reminder for a dose, once it was answered anywhere. */
void popup_forget(struct app *app, int64_t dose_id);

#endif
