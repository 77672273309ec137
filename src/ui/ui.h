#ifndef PC_UI_H
#define PC_UI_H

#include "cli/cli.h"

/* Runs the terminal interface until the person quits. */
int ui_main(struct cli *cli, struct error *err);

#endif
