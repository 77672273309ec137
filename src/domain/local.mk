# The domain logic: pure, testable, no curses, no SQL.
src_libcore_a_SOURCES += \
	src/domain/tz.c src/domain/tz.h \
	src/domain/schedule.c src/domain/schedule.h \
	src/domain/dose.c src/domain/dose.h \
	src/domain/adherence.c src/domain/adherence.h
