#include "config.h"

#include "domain/npi.h"

#include <string.h>

#include "common/i18n.h"

/* The Luhn sum of the prefix 80840, as if it led every identifier. */
#define NPI_PREFIX_SUM 24

int
npi_check(const char *value, struct error *err)
{
	int sum = NPI_PREFIX_SUM;
	size_t len = strlen(value);

	if (len != 10 || strspn(value, "0123456789") != len) {
		error_set(err, ERR_INVALID,
		    _("the NPI \"%s\" is not ten digits; type it as on the provider's letterhead, without spaces"),
		    value);
		return -1;
	}

	/* From the right, every second digit before the check digit doubles. */
	for (size_t i = 0; i < 9; i++) {
		int d = value[8 - i] - '0';

		if (i % 2 == 0)
			d = d * 2 > 9 ? d * 2 - 9 : d * 2;
		sum += d;
	}
	if ((10 - sum % 10) % 10 != value[9] - '0') {
		error_set(err, ERR_INVALID,
		    _("the NPI %s fails its check digit, so a digit is wrong; check it against the provider's letterhead"),
		    value);
		return -1;
	}
	return 0;
}
