#ifndef PC_UI_SAMPLE_H
#define PC_UI_SAMPLE_H

#include "ui/model.h"
#include "ui/services.h"

/*
 * A developer's aid, not a feature: made-up people and medications to look
 * at the screens before the services exist.  Switched on only by the
 * environment variable PRESCRIPCARE_UI_SAMPLE=1, and the header then says
 * "SAMPLE DATA" on every screen.  Nothing it shows is read from the store
 * and nothing is saved.
 */

/* Fills services that load the sample model and send one reminder. */
int ui_sample_services(struct ui_services *svc, const char *today);

/* Closes the sample's reminder pipe. */
void ui_sample_end(struct ui_services *svc);

/* Fills a model with the made-up record of the given day. */
void ui_sample_fill(struct ui_model *m, const char *today);

#endif
