#ifndef PC_UI_WIRE_INTERNAL_H
#define PC_UI_WIRE_INTERNAL_H

/*
 * Shared by the files of the wiring (wire.c, wire_model.c, wire_edit.c)
 * and by no one else.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/dose.h"
#include "service/doses.h"
#include "service/timer.h"
#include "ui/wire.h"

/*
 * A dose the screens name by a number: a slot of a schedule, an
 * as-needed medication (slot_at 0), or a reminder about a refill
 * (schedule_id 0).  Its number is its index in the list plus one.
 */
struct wire_slot {
	int64_t person_id;
	int64_t medication_id;
	int64_t schedule_id;
	int64_t slot_at;
	enum dose_status state;		/* as last loaded */
};

/* A reminder on the screen, kept until it is answered or closed. */
struct wire_held {
	struct remind_notice notice;
	struct timer_delivery *delivery;	/* finished with its last */
	int64_t dose_id;
};

struct wire {
	struct wire_config cfg;
	struct ui_services *svc;
	struct session *session;
	struct doses_ctx doses;
	int64_t person_id;		/* the open record, or 0 */

	struct wire_slot *slots;
	size_t n_slots, cap_slots;

	struct timer *timer;
	struct timer_manual_clock fixed_clock;	/* under PRESCRIPCARE_NOW */
	struct wire_held *held;
	size_t n_held, cap_held;
};

/*
 * The number the screens use for a slot, added (with its state) when new;
 * 0 when memory ran out.
 */
int64_t wire_slot_id(struct wire *w, const struct wire_slot *s);

/* The slot of a number, or NULL. */
struct wire_slot *wire_slot_get(struct wire *w, int64_t id);

/* Fills the view model of the open record (wire_model.c). */
int wire_load(void *ctx, struct ui_model *m, struct error *err);

/* Fills the editing functions of svc (wire_edit.c). */
void wire_edit_services(struct ui_services *svc);

/* Findings of a screening as the screens show them (wire_model.c). */
struct meds_screening;
int wire_findings(const struct meds_screening *sc, struct ui_findings *out,
    struct error *err);

/*
 * Brings the reminder queue up to date after a change to schedules or
 * doses, and tells the timer to look at it again.
 */
void wire_reminders_changed(struct wire *w);

#endif
