#include "config.h"

#include "ui/ui.h"

#include <curses.h>
#include <stdio.h>
#include <unistd.h>

#include "common/i18n.h"

static void
draw(const char *path)
{
	erase();
	attron(A_BOLD);
	mvaddstr(0, 0, "PrescripCare");
	attroff(A_BOLD);
	mvprintw(2, 0, _("Store: %s"), path);
	mvaddstr(4, 0, _("Press q to quit."));
	refresh();
}

int
ui_main(struct cli *cli, struct error *err)
{
	struct store *st;
	int key;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		error_set(err, ERR_USAGE,
		    _("the terminal interface needs a terminal; run a command instead (see --help)"));
		return -1;
	}
	if (cli_open_store(cli, &st, STORE_OPEN_EXISTING, err) != 0)
		return -1;

	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	draw(store_path(st));
	while ((key = getch()) != 'q') {
		if (key == KEY_RESIZE)
			draw(store_path(st));
	}
	endwin();
	store_close(st);
	return 0;
}
