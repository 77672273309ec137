# The domain logic: pure, testable, no curses.
src_libcore_a_SOURCES += src/domain/bmi.c src/domain/bmi.h
