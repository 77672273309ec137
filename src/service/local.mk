# What the command line and the screens call: store and domain together.
# Accounts, sessions, permissions and sealed records.
src_libcore_a_SOURCES += \
	src/service/session.c src/service/session.h \
	src/service/session_internal.h \
	src/service/access.c src/service/access.h \
	src/service/access_internal.h \
	src/service/providers.c src/service/providers.h \
	src/service/pharmacies.c src/service/pharmacies.h \
	src/service/vault.c src/service/vault.h \
	src/service/health.c src/service/health.h \
	src/service/account.c src/service/account.h
# Medications, doses and adherence.
src_libcore_a_SOURCES += \
	src/service/doses.c src/service/doses.h \
	src/service/plan.c src/service/plan.h \
	src/service/record.c \
	src/service/reports.c \
	src/service/summaries.c
# Medications and doses for a session: checked, sealed, screened, audited.
src_libcore_a_SOURCES += \
	src/service/meds.c src/service/meds.h
# Reminders: the queue's planner and the timer thread.
src_libcore_a_SOURCES += \
	src/service/remind_engine.c src/service/remind_engine.h \
	src/service/remind_zone.c src/service/remind_zone.h \
	src/service/timer.c src/service/timer.h
