#include "config.h"

#include "domain/dur.h"

#include <stdio.h>
#include <string.h>

#include "common/i18n.h"

static const struct dur_code conflicts[DUR_CONFLICT_COUNT] = {
	[DUR_DA] = { "DA", N_("drug-allergy"), false },
	[DUR_DD] = { "DD", N_("drug-drug interaction"), false },
	[DUR_DC] = { "DC", N_("drug-disease"), false },
	[DUR_DF] = { "DF", N_("drug-food"), false },
	[DUR_ID] = { "ID", N_("ingredient duplication"), false },
	[DUR_TD] = { "TD", N_("therapeutic duplication"), false },
};

const struct dur_code dur_service_codes[] = {
	{ "00", N_("no intervention"), false },
	{ "AS", N_("patient assessment"), true },
	{ "CC", N_("coordination of care"), true },
	{ "DE", N_("dosing evaluation"), true },
	{ "M0", N_("prescriber consulted"), true },
	{ "MR", N_("medication review"), true },
	{ "P0", N_("patient consulted"), true },
	{ "PE", N_("patient education"), true },
	{ "PH", N_("patient medication history"), true },
	{ "PM", N_("patient monitoring"), true },
	{ "R0", N_("pharmacist consulted other source"), true },
	{ "RT", N_("recommend laboratory test"), true },
	{ "SW", N_("literature search or review"), true },
	{ "TC", N_("payer or processor consulted"), true },
	{ NULL, NULL, false }
};

const struct dur_code dur_result_codes[] = {
	{ "1A", N_("filled as is, false positive"), true },
	{ "1B", N_("filled prescription as is"), true },
	{ "1C", N_("filled with different dose"), true },
	{ "1D", N_("filled with different directions"), true },
	{ "1E", N_("filled with different drug"), true },
	{ "1F", N_("filled with different quantity"), true },
	{ "1G", N_("filled with prescriber approval"), true },
	{ "1K", N_("filled with different dosage form"), true },
	{ "2A", N_("prescription not filled"), false },
	{ "2B", N_("not filled, directions clarified"), false },
	{ "3C", N_("discontinued drug"), false },
	{ "3E", N_("therapy changed"), false },
	{ "4A", N_("prescribed with acknowledgements"), true },
	{ NULL, NULL, false }
};

const char *
dur_conflict_code(enum dur_conflict conflict)
{
	return conflicts[conflict].code;
}

const char *
dur_conflict_label(enum dur_conflict conflict)
{
	return _(conflicts[conflict].label);
}

int
dur_conflict_parse(const char *code, enum dur_conflict *out)
{
	for (int i = 0; i < DUR_CONFLICT_COUNT; i++) {
		if (strcmp(conflicts[i].code, code) == 0) {
			*out = (enum dur_conflict)i;
			return 0;
		}
	}
	return -1;
}

const struct dur_code *
dur_code_find(const struct dur_code *list, const char *code)
{
	if (code == NULL)
		return NULL;
	for (; list->code != NULL; list++) {
		if (strcmp(list->code, code) == 0)
			return list;
	}
	return NULL;
}

/* Lists the codes of a list for a message: "M0, P0, R0". */
static void
list_codes(const struct dur_code *list, bool proceeding, char *buf,
    size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; list->code != NULL && used + 6 < size; list++) {
		if (proceeding && !list->proceeds)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    used ? ", " : "", list->code);
	}
}

int
dur_override_check(const char *service_code, const char *result_code,
    size_t note_length, struct error *err)
{
	const struct dur_code *service = dur_code_find(dur_service_codes,
	    service_code);
	const struct dur_code *result = dur_code_find(dur_result_codes,
	    result_code);
	char valid[160];

	if (service == NULL || !service->proceeds) {
		list_codes(dur_service_codes, true, valid, sizeof valid);
		error_set(err, ERR_INVALID,
		    _("an override needs the professional service given, one of %s (M0: prescriber consulted, P0: patient consulted, R0: other source)"),
		    valid);
		return -1;
	}
	if (result == NULL || !result->proceeds) {
		list_codes(dur_result_codes, true, valid, sizeof valid);
		error_set(err, ERR_INVALID,
		    _("an override needs a result under which the drug is dispensed, one of %s; a drug that is not dispensed needs no override"),
		    valid);
		return -1;
	}
	if (note_length == 0) {
		error_set(err, ERR_INVALID,
		    _("an override of a major finding needs a note saying why"));
		return -1;
	}
	return 0;
}
