# The domain logic: pure, testable, no curses.
src_libcore_a_SOURCES += \
	src/domain/wallclock.c src/domain/wallclock.h \
	src/domain/quiet.c src/domain/quiet.h \
	src/domain/remind_plan.c src/domain/remind_plan.h \
	src/domain/remind_text.c src/domain/remind_text.h \
	src/domain/remind_engine.c src/domain/remind_engine.h \
	src/domain/timer.c src/domain/timer.h
