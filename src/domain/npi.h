#ifndef PC_NPI_H
#define PC_NPI_H

#include "common/error.h"

/*
 * National Provider Identifiers: ten digits whose last is a Luhn check
 * digit computed over the number prefixed with 80840, so that a digit
 * typed wrong at the counter is caught before it is stored.
 */
int npi_check(const char *value, struct error *err);

#endif
