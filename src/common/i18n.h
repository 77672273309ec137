#ifndef PC_I18N_H
#define PC_I18N_H

/* Every string a person reads goes through gettext. */
#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
