# The domain logic: pure, testable, no curses.
src_libcore_a_SOURCES += \
	src/domain/catalogue.c src/domain/catalogue.h \
	src/domain/dur.c src/domain/dur.h \
	src/domain/screen.c src/domain/screen.h
