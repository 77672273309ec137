#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "common/i18n.h"

int
main(int argc, char **argv)
{
	/* Catalogues not yet installed, for tests of the translations. */
	const char *catalogues = getenv("PRESCRIPCARE_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* Numbers in files and on the command line always use a dot. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(PACKAGE, catalogues != NULL && *catalogues ?
	    catalogues : LOCALEDIR);
	textdomain(PACKAGE);
	return cli_main(argc, argv);
}
