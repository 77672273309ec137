#include "config.h"

#include <locale.h>

#include "cli/cli.h"
#include "common/i18n.h"

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* Numbers in files and on the command line always use a dot. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
	return cli_main(argc, argv);
}
